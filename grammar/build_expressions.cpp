// Parse stage: the actions that build expression trees (literals, names, calls, texts with
// interpolations, operators, `in`, `is empty`, `if`) on the parse state's operand stack.
#include "grammar/builder.hpp"

#include "stdlib/date.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace kadenz::detail {
namespace {

// The span from the start of `a` to the end of `b`: a binary node covers both operands.
Span cover(const Expr& a, const Expr& b) { return Span{a.span.begin, b.span.end}; }

// The operand list of a binary node (a braced initializer cannot move unique_ptrs).
std::vector<ExprPtr> two(ExprPtr a, ExprPtr b) {
  std::vector<ExprPtr> v;
  v.push_back(std::move(a));
  v.push_back(std::move(b));
  return v;
}

// `-x` and `not x`: one operand, the span from the operator to the operand's end.
void reduce_unary(ParseState& st, std::string_view matched, ExprKind kind) {
  ExprPtr x = st.pop();
  const Span span{st.offset(matched.data()), x->span.end};
  std::vector<ExprPtr> kids;
  kids.push_back(std::move(x));
  st.stack.push_back(st.make(kind, span, std::move(kids)));
}

// The operator a spelling stands for; `text` is the matched operator token, blanks included.
// The grammar admits only operator spellings here, so anything else is `/`.
Op op_from(std::string_view text) {
  if (text.starts_with("<=") || text.starts_with("\u2264")) return Op::le;
  if (text.starts_with(">=") || text.starts_with("\u2265")) return Op::ge;
  if (text.starts_with("!=") || text.starts_with("<>") || text.starts_with("\u2260")) return Op::ne;
  if (text.starts_with("==") || text.starts_with("=")) return Op::eq;
  switch (text[0]) {
    case '<': return Op::lt;
    case '>': return Op::gt;
    case '+': return Op::add;
    case '-': return Op::sub;
    case '*': return Op::mul;
    default: return Op::div;
  }
}

// `lhs op rhs`: pops both operands and the operator build_operator pushed; the node spans both.
void reduce_binary(ParseState& st, ExprKind kind) {
  ExprPtr rhs = st.pop();
  ExprPtr lhs = st.pop();
  const Span span = cover(*lhs, *rhs);
  auto e = st.make(kind, span, two(std::move(lhs), std::move(rhs)));
  e->op = st.ops.back();
  st.ops.pop_back();
  st.stack.push_back(std::move(e));
}

// `a and b and c` stays one flat node: a deep left-leaning tree would recurse once per operand
// in the node destructors and the evaluator, and long generated chains would overflow the stack.
void reduce_chain(ParseState& st, ExprKind kind) {
  ExprPtr rhs = st.pop();
  ExprPtr lhs = st.pop();
  if (lhs->kind == kind) {
    lhs->span.end = rhs->span.end;
    lhs->depth = std::max(lhs->depth, rhs->depth + 1);
    lhs->kids.push_back(std::move(rhs));
    st.stack.push_back(std::move(lhs));
  } else {
    const Span span = cover(*lhs, *rhs);
    st.stack.push_back(st.make(kind, span, two(std::move(lhs), std::move(rhs))));
  }
}

// `x in {…}` / `x not in {…}`: the tested value lies just below the set's mark, the members
// above it; all become the node's kids (the value first). The span ends at the `}`.
void reduce_in(ParseState& st, std::string_view matched, bool negated) {
  const std::size_t mark = st.marks.back();
  st.marks.pop_back();
  std::vector<ExprPtr> kids;
  for (std::size_t i = mark - 1; i < st.stack.size(); ++i) kids.push_back(std::move(st.stack[i]));
  st.stack.resize(mark - 1);
  const Span span{kids.front()->span.begin, st.offset(matched.data() + matched.rfind('}') + 1)};
  auto e = st.make(ExprKind::in_set, span, std::move(kids));
  e->negated = negated;
  st.stack.push_back(std::move(e));
}

}  // namespace

// ---- literals and names ----

// A name (a fact, parameter, definition, table, enumeration value or function) becomes a
// `name` leaf; the checker resolves it.
void build_name_ref(ParseState& st, std::string_view matched) {
  Ident id = st.word_at(matched.data());
  auto e = st.leaf(ExprKind::name, id.span);
  e->name = std::move(id.text);
  st.stack.push_back(std::move(e));
}

// `(` after a name: the arguments that follow are pushed above this mark.
void build_call_open(ParseState& st, std::string_view) { st.marks.push_back(st.stack.size()); }

// The closing `)` of a call: the operands above the mark become the arguments and the name
// below them the callee, replaced by one `call` node.
void build_call_args(ParseState& st, std::string_view matched) {
  const std::size_t mark = st.marks.back();
  st.marks.pop_back();
  std::vector<ExprPtr> args;
  for (std::size_t i = mark; i < st.stack.size(); ++i) args.push_back(std::move(st.stack[i]));
  st.stack.resize(mark);
  ExprPtr callee = st.pop();
  auto e = st.make(ExprKind::call, Span{callee->span.begin, st.offset(matched.data() + matched.size())},
                   std::move(args));
  // the span ends at `)`; trailing blanks are not part of it
  e->span.end = st.offset(matched.data() + matched.rfind(')') + 1);
  e->name = std::move(callee->name);
  st.stack.push_back(std::move(e));
}

std::size_t end_of_last_token(std::string_view matched) noexcept {
  std::size_t last = 0;
  std::size_t i = 0;
  const std::size_t n = matched.size();
  while (i < n) {
    const char c = matched[i];
    if (c == '#') {  // a comment runs to the end of the line
      while (i < n && matched[i] != '\n') ++i;
    } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      ++i;
    } else if (c == '"') {  // a text, to its closing quote
      ++i;
      while (i < n && matched[i] != '"' && matched[i] != '\n') i += matched[i] == '\\' ? std::size_t{2} : std::size_t{1};
      i = std::min(i + 1, n);
      last = i;
    } else if (const std::size_t w = scan_word(matched.data() + i, matched.data() + n); w > 0) {
      i += w;
      last = i;
    } else {  // a digit or a sign: one UTF-8 character
      ++i;
      while (i < n && (static_cast<unsigned char>(matched[i]) & 0xC0) == 0x80) ++i;
      last = i;
    }
  }
  return last;
}

// A number; one that does not fit in 64 bits is a syntax error here, not a wrap-around. A
// decimal (`38,5`, `38.50`) keeps its digits without the separator and trailing zeros (385)
// and their count after it (1); the checker scales it to whole base units.
void build_digits(ParseState& st, std::string_view matched) {
  const char* end = matched.data() + matched.size();
  const Span span{st.offset(matched.data()), st.offset(end)};
  std::string digits(matched);
  std::size_t decimals = 0;
  if (const std::size_t sep = digits.find_first_of(".,"); sep != std::string::npos) {
    while (digits.size() > sep + 1 && digits.back() == '0') digits.pop_back();
    decimals = digits.size() - sep - 1;
    digits.erase(sep, 1);
  }
  std::int64_t v = 0;
  const char* d_end = digits.data() + digits.size();
  const auto [ptr, ec] = std::from_chars(digits.data(), d_end, v);
  if (ec != std::errc() || ptr != d_end || decimals > 18) {
    throw SyntaxError{span.begin, span.end, Msg::syn_number_large, {}};
  }
  auto e = st.leaf(ExprKind::integer, span);
  e->value = v;
  e->decimals = static_cast<std::uint8_t>(decimals);
  st.stack.push_back(std::move(e));
}

// A unit word after a number (`6 months`, `50 %`) sets the unit of the number on top of the
// stack and widens its span over the word.
void build_unit_word(ParseState& st, std::string_view matched) {
  Expr& e = *st.stack.back();
  if (matched == "%") {
    e.unit = Unit::percent;
  } else {
    if (const auto* u = find_unit(matched)) e.unit = u->unit;
    st.record(WordKind::unit, matched);
  }
  e.span.end = st.offset(matched.data() + matched.size());
}

// A date literal becomes its day number; the grammar checks only the shape, so a day that
// does not exist (31.02.2017) is caught here.
void build_date_text(ParseState& st, std::string_view matched) {
  const Span span{st.offset(matched.data()), st.offset(matched.data() + matched.size())};
  const auto day = parse_date(matched);
  if (!day) {
    throw SyntaxError{span.begin, span.end, Msg::syn_bad_date, std::string(matched)};
  }
  auto e = st.leaf(ExprKind::date, span);
  e->value = *day;
  st.stack.push_back(std::move(e));
}

// `true`: a boolean leaf with value 1, spanning the keyword without its blanks.
void build_true(ParseState& st, std::string_view matched) {
  auto e = st.leaf(ExprKind::boolean, st.word_at(matched.data()).span);
  e->value = 1;
  st.stack.push_back(std::move(e));
}

// `nothing` / `kein Wert` after a rule's `then`: a leaf that stands for no value, spanning the
// keyword (both words of `kein Wert`, without the blanks after them).
void build_no_value(ParseState& st, std::string_view matched) {
  const char* e = matched.data() + matched.size();
  std::size_t n = scan_word(matched.data(), e);
  for (const auto& k : kKeywords)
    if (k.kw == Kw::nothing)
      if (const std::size_t m = phrase_length(k.text, matched.data(), e)) n = m;
  const std::uint32_t b = st.offset(matched.data());
  st.stack.push_back(st.leaf(ExprKind::nothing, Span{b, b + static_cast<std::uint32_t>(n)}));
}

// `false`: a boolean leaf with value 0.
void build_false(ParseState& st, std::string_view matched) {
  st.stack.push_back(st.leaf(ExprKind::boolean, st.word_at(matched.data()).span));
}

// ---- text with {interpolations} ----
// A text is built in a TextFrame: literal characters go into its last piece, each `{expr}`
// pushes its value on the operand stack and starts a new piece, so pieces.size() is always
// one more than the number of interpolations.

// The opening `"`: a new frame, marking the stack height and where the text began.
void build_str_open(ParseState& st, std::string_view matched) {
  st.texts.push_back({st.stack.size(), st.offset(matched.data()), {std::string()}});
}

// A run of ordinary characters, copied as written.
void build_str_char(ParseState& st, std::string_view matched) {
  st.texts.back().pieces.back().append(matched.data(), matched.size());
}

// `{{` or `}}`: one literal brace.
void build_str_brace(ParseState& st, std::string_view matched) { st.texts.back().pieces.back() += matched[0]; }

// A backslash escape: `\n` and `\t` become their control characters, the others the character.
void build_str_escape(ParseState& st, std::string_view matched) {
  const char c = matched[1];
  st.texts.back().pieces.back() += c == 'n' ? '\n' : c == 't' ? '\t' : c;
}

// After `{expr}`: its value is on the stack; literal text goes on in a new piece.
void build_interpolation(ParseState& st, std::string_view) { st.texts.back().pieces.emplace_back(); }

// The closing `"`: the interpolated values above the frame's mark become the kids of one
// `text` node, which spans from the opening to the closing quote.
void build_str_close(ParseState& st, std::string_view matched) {
  ParseState::TextFrame frame = std::move(st.texts.back());
  st.texts.pop_back();
  std::vector<ExprPtr> parts;
  for (std::size_t i = frame.mark; i < st.stack.size(); ++i) parts.push_back(std::move(st.stack[i]));
  st.stack.resize(frame.mark);
  auto e = st.make(ExprKind::text, Span{frame.begin, st.offset(matched.data() + 1)}, std::move(parts));
  e->pieces = std::move(frame.pieces);
  st.stack.push_back(std::move(e));
}

// ---- operators ----

// `-x`.
void build_negation(ParseState& st, std::string_view matched) { reduce_unary(st, matched, ExprKind::negate); }

// `not x`.
void build_logical_not(ParseState& st, std::string_view matched) {
  reduce_unary(st, matched, ExprKind::logical_not);
}

// An arithmetic or comparison operator, kept on its own stack until its right operand is
// parsed (the operator token comes between the operands).
void build_operator(ParseState& st, std::string_view matched) { st.ops.push_back(op_from(matched)); }

// `a * b`, `a + b` and the like.
void build_arith(ParseState& st, std::string_view) { reduce_binary(st, ExprKind::arith); }

// `a < b` and the other comparisons.
void build_compare(ParseState& st, std::string_view) { reduce_binary(st, ExprKind::compare); }

// `a and b`, flattened into the chain on its left.
void build_and(ParseState& st, std::string_view) { reduce_chain(st, ExprKind::logical_and); }

// `a or b`, flattened into the chain on its left.
void build_or(ParseState& st, std::string_view) { reduce_chain(st, ExprKind::logical_or); }

// `{` of a set: its members are pushed above this mark.
void build_set_open(ParseState& st, std::string_view) { st.marks.push_back(st.stack.size()); }

// `x in {…}`.
void build_in(ParseState& st, std::string_view matched) { reduce_in(st, matched, false); }

// `x not in {…}`.
void build_not_in(ParseState& st, std::string_view matched) { reduce_in(st, matched, true); }

// The `not` of `is not empty`, remembered until the test is built.
void build_is_not(ParseState& st, std::string_view) { st.is_not = true; }

// `x is [not] empty`: the span ends at the word `empty`.
void build_is_empty(ParseState& st, std::string_view matched) {
  ExprPtr x = st.pop();
  const Span span{x->span.begin, st.offset(matched.data() + end_of_last_token(matched))};
  std::vector<ExprPtr> kids;
  kids.push_back(std::move(x));
  auto e = st.make(ExprKind::is_empty, span, std::move(kids));
  e->negated = st.is_not;
  st.is_not = false;
  st.stack.push_back(std::move(e));
}

// `if c then a else b`: the three operands, in that order, become one node.
void build_if(ParseState& st, std::string_view matched) {
  ExprPtr otherwise = st.pop();
  ExprPtr then = st.pop();
  ExprPtr cond = st.pop();
  const Span span{st.offset(matched.data()), otherwise->span.end};
  std::vector<ExprPtr> kids;
  kids.push_back(std::move(cond));
  kids.push_back(std::move(then));
  kids.push_back(std::move(otherwise));
  ExprPtr e = st.make(ExprKind::if_then, span, std::move(kids));
  if (!st.if_citations.empty()) {  // always there: if_cite pushed one for this `if`
    e->name = std::move(st.if_citations.back().text);
    st.if_citations.pop_back();
  }
  st.stack.push_back(std::move(e));
}

}  // namespace kadenz::detail
