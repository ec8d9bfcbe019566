// Builds the syntax tree from the PEGTL grammar (actions) and drives error recovery.
#include "parse.hpp"

#include "grammar/builder.hpp"
#include "grammar.hpp"
#include "messages.hpp"

#include "stdlib/date.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace kadenz::detail {
namespace {

namespace pg = tao::pegtl;
namespace g = grammar;

Span cover(const Expr& a, const Expr& b) { return Span{a.span.begin, b.span.end}; }

std::vector<ExprPtr> two(ExprPtr a, ExprPtr b) {
  std::vector<ExprPtr> v;
  v.push_back(std::move(a));
  v.push_back(std::move(b));
  return v;
}

template <typename Rule>
struct action : pg::nothing<Rule> {};

// ---- literals and names ----

template <>
struct action<g::name_ref> {
  template <typename In>
  static void apply(const In& in, ParseState& st) {
    Ident id = st.word_at(in.begin());
    auto e = st.leaf(ExprKind::name, id.span);
    e->name = std::move(id.text);
    st.stack.push_back(std::move(e));
  }
};

template <>
struct action<g::call_open> {
  template <typename In>
  static void apply(const In&, ParseState& st) { st.marks.push_back(st.stack.size()); }
};

template <>
struct action<g::call_args> {
  template <typename In>
  static void apply(const In& in, ParseState& st) {
    const std::size_t mark = st.marks.back();
    st.marks.pop_back();
    std::vector<ExprPtr> args;
    for (std::size_t i = mark; i < st.stack.size(); ++i) args.push_back(std::move(st.stack[i]));
    st.stack.resize(mark);
    ExprPtr callee = st.pop();
    auto e = st.make(ExprKind::call, Span{callee->span.begin, st.offset(in.begin() + in.size())}, std::move(args));
    // the span ends at `)`; trailing blanks are not part of it
    const std::string_view text(in.begin(), in.size());
    e->span.end = st.offset(in.begin() + text.rfind(')') + 1);
    e->name = std::move(callee->name);
    st.stack.push_back(std::move(e));
  }
};

template <>
struct action<g::digits> {
  template <typename In>
  static void apply(const In& in, ParseState& st) {
    std::int64_t v = 0;
    const auto [ptr, ec] = std::from_chars(in.begin(), in.begin() + in.size(), v);
    const Span span{st.offset(in.begin()), st.offset(in.begin() + in.size())};
    if (ec != std::errc() || ptr != in.begin() + in.size()) {
      throw SyntaxError{span.begin, span.end, "number is too large", "numbers must be below 9223372036854775808"};
    }
    auto e = st.leaf(ExprKind::integer, span);
    e->value = v;
    st.stack.push_back(std::move(e));
  }
};

template <>
struct action<g::unit_word> {
  template <typename In>
  static void apply(const In& in, ParseState& st) {
    Expr& e = *st.stack.back();
    const std::string_view w(in.begin(), in.size());
    if (w == "%") {
      e.unit = Unit::percent;
    } else {
      for (const auto& u : kUnits)
        if (u.text == w) e.unit = u.unit;
    }
    e.span.end = st.offset(in.begin() + in.size());
  }
};

template <>
struct action<g::date_text> {
  template <typename In>
  static void apply(const In& in, ParseState& st) {
    const std::string_view text(in.begin(), in.size());
    const Span span{st.offset(in.begin()), st.offset(in.begin() + in.size())};
    const auto day = parse_date(text);
    if (!day) {
      throw SyntaxError{span.begin, span.end, fmt::format("`{}` is not a valid date", text),
                        "check day and month; dates are written 2017-01-31 or 31.01.2017"};
    }
    auto e = st.leaf(ExprKind::date, span);
    e->value = *day;
    st.stack.push_back(std::move(e));
  }
};

template <>
struct action<g::kw_true> {
  template <typename In>
  static void apply(const In& in, ParseState& st) {
    auto e = st.leaf(ExprKind::boolean, st.word_at(in.begin()).span);
    e->value = 1;
    st.stack.push_back(std::move(e));
  }
};

template <>
struct action<g::kw_false> {
  template <typename In>
  static void apply(const In& in, ParseState& st) {
    st.stack.push_back(st.leaf(ExprKind::boolean, st.word_at(in.begin()).span));
  }
};

// ---- text with {interpolations} ----

template <>
struct action<g::str_open> {
  template <typename In>
  static void apply(const In& in, ParseState& st) {
    st.texts.push_back({st.stack.size(), st.offset(in.begin()), {std::string()}});
  }
};

template <>
struct action<g::str_char> {
  template <typename In>
  static void apply(const In& in, ParseState& st) { st.texts.back().pieces.back().append(in.begin(), in.size()); }
};

template <>
struct action<g::str_brace> {
  template <typename In>
  static void apply(const In& in, ParseState& st) { st.texts.back().pieces.back() += in.begin()[0]; }
};

template <>
struct action<g::str_escape> {
  template <typename In>
  static void apply(const In& in, ParseState& st) {
    const char c = in.begin()[1];
    st.texts.back().pieces.back() += c == 'n' ? '\n' : c == 't' ? '\t' : c;
  }
};

template <>
struct action<g::interpolation> {
  template <typename In>
  static void apply(const In&, ParseState& st) { st.texts.back().pieces.emplace_back(); }
};

template <>
struct action<g::str_close> {
  template <typename In>
  static void apply(const In& in, ParseState& st) {
    ParseState::TextFrame frame = std::move(st.texts.back());
    st.texts.pop_back();
    std::vector<ExprPtr> parts;
    for (std::size_t i = frame.mark; i < st.stack.size(); ++i) parts.push_back(std::move(st.stack[i]));
    st.stack.resize(frame.mark);
    auto e = st.make(ExprKind::text, Span{frame.begin, st.offset(in.begin() + 1)}, std::move(parts));
    e->pieces = std::move(frame.pieces);
    st.stack.push_back(std::move(e));
  }
};

// ---- operators ----

// `-x` and `not x`: one operand, the span from the operator to the operand's end.
template <ExprKind Kind>
struct reduce_unary {
  template <typename In>
  static void apply(const In& in, ParseState& st) {
    ExprPtr x = st.pop();
    const Span span{st.offset(in.begin()), x->span.end};
    std::vector<ExprPtr> kids;
    kids.push_back(std::move(x));
    st.stack.push_back(st.make(Kind, span, std::move(kids)));
  }
};
template <>
struct action<g::negation> : reduce_unary<ExprKind::negate> {};
template <>
struct action<g::logical_not> : reduce_unary<ExprKind::logical_not> {};

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

template <typename Rule>
struct push_op {
  template <typename In>
  static void apply(const In& in, ParseState& st) { st.ops.push_back(op_from(std::string_view(in.begin(), in.size()))); }
};
template <>
struct action<g::mul_op> : push_op<g::mul_op> {};
template <>
struct action<g::add_op> : push_op<g::add_op> {};
template <>
struct action<g::cmp_op> : push_op<g::cmp_op> {};

template <ExprKind Kind>
struct reduce_binary {
  template <typename In>
  static void apply(const In&, ParseState& st) {
    ExprPtr rhs = st.pop();
    ExprPtr lhs = st.pop();
    const Span span = cover(*lhs, *rhs);
    auto e = st.make(Kind, span, two(std::move(lhs), std::move(rhs)));
    e->op = st.ops.back();
    st.ops.pop_back();
    st.stack.push_back(std::move(e));
  }
};
template <>
struct action<g::mul_tail> : reduce_binary<ExprKind::arith> {};
template <>
struct action<g::add_tail> : reduce_binary<ExprKind::arith> {};
template <>
struct action<g::cmp_tail> : reduce_binary<ExprKind::compare> {};

// `a and b and c` stays one flat node (see TOOLCHAIN: deep trees overflow in destructors).
template <ExprKind Kind>
struct reduce_chain {
  template <typename In>
  static void apply(const In&, ParseState& st) {
    ExprPtr rhs = st.pop();
    ExprPtr lhs = st.pop();
    if (lhs->kind == Kind) {
      lhs->span.end = rhs->span.end;
      lhs->depth = std::max(lhs->depth, rhs->depth + 1);
      lhs->kids.push_back(std::move(rhs));
      st.stack.push_back(std::move(lhs));
    } else {
      const Span span = cover(*lhs, *rhs);
      st.stack.push_back(st.make(Kind, span, two(std::move(lhs), std::move(rhs))));
    }
  }
};
template <>
struct action<g::and_tail> : reduce_chain<ExprKind::logical_and> {};
template <>
struct action<g::or_tail> : reduce_chain<ExprKind::logical_or> {};

template <>
struct action<g::set_open> {
  template <typename In>
  static void apply(const In&, ParseState& st) { st.marks.push_back(st.stack.size()); }
};

struct reduce_in {
  template <typename In>
  static void apply(const In& in, ParseState& st, bool negated) {
    const std::size_t mark = st.marks.back();
    st.marks.pop_back();
    std::vector<ExprPtr> kids;
    for (std::size_t i = mark - 1; i < st.stack.size(); ++i) kids.push_back(std::move(st.stack[i]));
    st.stack.resize(mark - 1);
    const std::string_view text(in.begin(), in.size());
    const Span span{kids.front()->span.begin, st.offset(in.begin() + text.rfind('}') + 1)};
    auto e = st.make(ExprKind::in_set, span, std::move(kids));
    e->negated = negated;
    st.stack.push_back(std::move(e));
  }
};
template <>
struct action<g::in_tail> {
  template <typename In>
  static void apply(const In& in, ParseState& st) { reduce_in::apply(in, st, false); }
};
template <>
struct action<g::not_in_tail> {
  template <typename In>
  static void apply(const In& in, ParseState& st) { reduce_in::apply(in, st, true); }
};

template <>
struct action<g::is_not> {
  template <typename In>
  static void apply(const In&, ParseState& st) { st.is_not = true; }
};

template <>
struct action<g::is_empty_tail> {
  template <typename In>
  static void apply(const In& in, ParseState& st) {
    ExprPtr x = st.pop();
    const std::string_view text(in.begin(), in.size());
    const std::size_t e_at = text.rfind("empty");
    const Span span{x->span.begin, st.offset(in.begin() + e_at + 5)};
    std::vector<ExprPtr> kids;
    kids.push_back(std::move(x));
    auto e = st.make(ExprKind::is_empty, span, std::move(kids));
    e->negated = st.is_not;
    st.is_not = false;
    st.stack.push_back(std::move(e));
  }
};

template <>
struct action<g::if_expr> {
  template <typename In>
  static void apply(const In& in, ParseState& st) {
    ExprPtr otherwise = st.pop();
    ExprPtr then = st.pop();
    ExprPtr cond = st.pop();
    const Span span{st.offset(in.begin()), otherwise->span.end};
    std::vector<ExprPtr> kids;
    kids.push_back(std::move(cond));
    kids.push_back(std::move(then));
    kids.push_back(std::move(otherwise));
    st.stack.push_back(st.make(ExprKind::if_then, span, std::move(kids)));
  }
};

// ---- types and facts ----

template <>
struct action<g::type_name> {
  template <typename In>
  static void apply(const In& in, ParseState& st) {
    st.type = {};
    st.type.name = st.word_at(in.begin());
    st.type.span = st.type.name.span;
  }
};

template <>
struct action<g::kw<Kw::one>> {
  template <typename In>
  static void apply(const In& in, ParseState& st) {
    st.type = {};
    st.type.name = Ident{"one of", Span{st.offset(in.begin()), st.offset(in.begin() + 3)}};
    st.type.span = st.type.name.span;
  }
};

template <>
struct action<g::enum_value> {
  template <typename In>
  static void apply(const In& in, ParseState& st) {
    st.type.enum_values.push_back(st.word_at(in.begin()));
    st.type.span.end = st.type.enum_values.back().span.end;
  }
};

template <>
struct action<g::or_empty> {
  template <typename In>
  static void apply(const In& in, ParseState& st) {
    st.type.optional = true;
    const std::string_view text(in.begin(), in.size());
    st.type.span.end = st.offset(in.begin() + text.rfind("empty") + 5);
  }
};

template <>
struct action<g::fact_name> {
  template <typename In>
  static void apply(const In& in, ParseState& st) {
    st.fact = {};
    st.fact.name = st.word_at(in.begin());
  }
};

template <>
struct action<g::attr_key> {
  template <typename In>
  static void apply(const In& in, ParseState& st) {
    st.fact.key = true;
    st.fact.key_span = st.word_at(in.begin()).span;
  }
};

template <>
struct action<g::attr_input_only> {
  template <typename In>
  static void apply(const In&, ParseState& st) { st.fact.input_only = true; }
};

template <>
struct action<g::attr_default> {
  template <typename In>
  static void apply(const In&, ParseState& st) { st.fact.default_value = st.pop(); }
};

template <>
struct action<g::attr_column> {
  template <typename In>
  static void apply(const In&, ParseState& st) {
    ExprPtr text = st.pop();
    if (!text->kids.empty()) {
      throw SyntaxError{text->span.begin, text->span.end, "a column name cannot contain `{…}`",
                        "write the caseload's header exactly, e.g. column \"Geburtsdatum\""};
    }
    st.fact.column = Ident{text->pieces.front(), text->span};
  }
};

template <>
struct action<g::fact_decl> {
  template <typename In>
  static void apply(const In&, ParseState& st) {
    st.fact.type = std::move(st.type);
    st.type = {};
    st.ast->facts.push_back(std::move(st.fact));
    st.fact = {};
  }
};

// ---- parameters, definitions, outputs ----

template <>
struct action<g::binding_name> {
  template <typename In>
  static void apply(const In& in, ParseState& st) { st.binding_name = st.word_at(in.begin()); }
};

template <std::vector<Binding> PolicyAst::*Member>
struct store_binding {
  template <typename In>
  static void apply(const In& in, ParseState& st) {
    Binding b;
    b.name = std::move(st.binding_name);
    b.value = st.pop();
    b.span = Span{st.offset(in.begin()), b.value->span.end};
    (st.ast->*Member).push_back(std::move(b));
  }
};
template <>
struct action<g::param_decl> : store_binding<&PolicyAst::parameters> {};
template <>
struct action<g::let_decl> : store_binding<&PolicyAst::definitions> {};
template <>
struct action<g::output_decl> : store_binding<&PolicyAst::outputs> {};

// ---- tables and rules ----

template <>
struct action<g::table_name> {
  template <typename In>
  static void apply(const In& in, ParseState& st) {
    st.table = {};
    st.table.name = st.word_at(in.begin());
  }
};

template <>
struct action<g::hit_name> {
  template <typename In>
  static void apply(const In& in, ParseState& st) {
    st.table.hit = st.word_at(in.begin());
    st.table.outcome = std::move(st.type);
    st.type = {};
  }
};

template <>
struct action<g::rule_name> {
  template <typename In>
  static void apply(const In& in, ParseState& st) {
    st.rule = {};
    st.rule_has_when = false;
    st.rule.name = st.word_at(in.begin());
    st.anchor.reset();
    st.anchor_after = false;
  }
};

template <>
struct action<g::section> {
  template <typename In>
  static void apply(const In& in, ParseState& st) {
    std::string text;
    const char* p = in.begin();
    const char* e = in.begin() + in.size();
    std::uint32_t last = st.offset(p);
    for (; p < e; ++p) {
      if (*p == ' ' || *p == '\t') {
        if (text.size() > 2) break;  // blanks after the section text end it
        continue;
      }
      if (*p == '\n' || *p == '\r' || *p == '#') break;
      text += *p;
      last = st.offset(p + 1);
    }
    st.rule.section = Ident{std::move(text), Span{st.offset(in.begin()), last}};
  }
};

template <>
struct action<g::rule_when> {
  template <typename In>
  static void apply(const In&, ParseState& st) { st.rule_has_when = true; }
};

template <>
struct action<g::rule_otherwise> {
  template <typename In>
  static void apply(const In& in, ParseState& st) { st.rule.otherwise_span = st.word_at(in.begin()).span; }
};

struct store_rule {
  template <typename In>
  static void apply(const In& in, ParseState& st) {
    st.rule.then = st.pop();
    if (st.rule_has_when) st.rule.when = st.pop();
    st.rule.span = Span{st.offset(in.begin()), st.rule.then->span.end};
    st.table.rules.push_back(std::move(st.rule));
    st.rule = {};
  }
};
template <>
struct action<g::rule_decl> : store_rule {};
template <>
struct action<g::added_rule> : store_rule {};

// ---- a variant's edits of a base table ----

template <>
struct action<g::edit_head> {
  template <typename In>
  static void apply(const In&, ParseState& st) { st.table.is_edit = true; }
};

template <>
struct action<g::anchor_after> {
  template <typename In>
  static void apply(const In&, ParseState& st) { st.anchor_after = true; }
};

template <>
struct action<g::anchor_name> {
  template <typename In>
  static void apply(const In& in, ParseState& st) { st.anchor = st.word_at(in.begin()); }
};

// `replace rule …` / `add rule …`: the rule was stored by the rule's own action; it becomes an edit.
template <EditKind Kind>
struct store_edit {
  template <typename In>
  static void apply(const In& in, ParseState& st) {
    RuleEdit e;
    e.kind = Kind;
    e.rule = std::move(st.table.rules.back());
    st.table.rules.pop_back();
    e.span = Span{st.offset(in.begin()), e.rule.span.end};
    if (Kind == EditKind::add) {
      e.anchor = std::move(st.anchor);
      e.after = st.anchor_after;
    }
    st.anchor.reset();
    st.anchor_after = false;
    st.table.edits.push_back(std::move(e));
  }
};
template <>
struct action<g::replace_edit> : store_edit<EditKind::replace> {};
template <>
struct action<g::add_edit> : store_edit<EditKind::add> {};

template <>
struct action<g::removed_name> {
  template <typename In>
  static void apply(const In& in, ParseState& st) {
    st.rule = {};
    st.rule.name = st.word_at(in.begin());
    st.rule.span = st.rule.name.span;
  }
};

template <>
struct action<g::remove_edit> {
  template <typename In>
  static void apply(const In& in, ParseState& st) {
    RuleEdit e;
    e.kind = EditKind::remove;
    e.rule = std::move(st.rule);
    st.rule = {};
    e.span = Span{st.offset(in.begin()), e.rule.name.span.end};
    st.table.edits.push_back(std::move(e));
  }
};

template <>
struct action<g::table_decl> {
  template <typename In>
  static void apply(const In& in, ParseState& st) {
    const std::string_view text(in.begin(), in.size());
    st.table.span = Span{st.offset(in.begin()), st.offset(in.begin() + text.rfind("end") + 3)};
    st.ast->tables.push_back(std::move(st.table));
    st.table = {};
  }
};

// ---- validations ----

template <bool Warning>
struct store_validation {
  template <typename In>
  static void apply(const In& in, ParseState& st) {
    Validation v;
    v.is_warning = Warning;
    v.message = st.pop();
    v.condition = st.pop();
    v.span = Span{st.offset(in.begin()), v.message->span.end};
    st.ast->validations.push_back(std::move(v));
  }
};
template <>
struct action<g::require_decl> : store_validation<false> {};
template <>
struct action<g::warn_decl> : store_validation<true> {};

// ---- variants and workload ----

template <>
struct action<g::workload_decl> : store_binding<&PolicyAst::workload> {};

template <>
struct action<g::workload_block> {
  template <typename In>
  static void apply(const In& in, ParseState& st) {
    const std::string_view text(in.begin(), in.size());
    const Span span{st.offset(in.begin()), st.offset(in.begin() + text.rfind("end") + 3)};
    if (st.ast->workload_span.end != 0) {
      throw SyntaxError{span.begin, span.begin + 8, "a second `workload` block",
                        "a policy has one workload block; move these entries into the first"};
    }
    st.ast->workload_span = span;
  }
};

template <>
struct action<g::extends_path> {
  template <typename In>
  static void apply(const In&, ParseState& st);
};

// ---- header ----

Ident plain_text(ParseState& st, const char* what) {
  ExprPtr text = st.pop();
  if (!text->kids.empty()) {
    throw SyntaxError{text->span.begin, text->span.end, fmt::format("the {} cannot contain `{{…}}`", what),
                      "write it as plain text in double quotes"};
  }
  return Ident{text->pieces.front(), text->span};
}

Ident date_ident(ParseState& st) {
  ExprPtr d = st.pop();
  return Ident{std::to_string(d->value), d->span};
}

template <typename In>
void action<g::extends_path>::apply(const In&, ParseState& st) {
  Ident path = plain_text(st, "file name");
  if (st.ast->extends) {
    throw SyntaxError{path.span.begin, path.span.end, "a second `extends`",
                      "a variant extends one base policy; that base may itself extend another"};
  }
  if (path.text.empty()) {
    throw SyntaxError{path.span.begin, path.span.end, "the file name is empty",
                      "write the base policy's file, relative to this file"};
  }
  st.ast->extends = std::move(path);
}

template <>
struct action<g::header_name> {
  template <typename In>
  static void apply(const In&, ParseState& st) {
    st.header = {};
    st.header.name = plain_text(st, "policy name");
  }
};
template <>
struct action<g::header_document> {
  template <typename In>
  static void apply(const In&, ParseState& st) { st.header.document = plain_text(st, "document title"); }
};
template <>
struct action<g::header_issued> {
  template <typename In>
  static void apply(const In&, ParseState& st) { st.header.issued = date_ident(st); }
};
template <>
struct action<g::valid_from> {
  template <typename In>
  static void apply(const In&, ParseState& st) { st.header.valid_from = date_ident(st); }
};
template <>
struct action<g::valid_until> {
  template <typename In>
  static void apply(const In&, ParseState& st) { st.header.valid_until = date_ident(st); }
};
template <>
struct action<g::header> {
  template <typename In>
  static void apply(const In& in, ParseState& st) {
    st.header.span = Span{st.offset(in.begin()), st.header.name.span.end};
    if (st.ast->header) {
      throw SyntaxError{st.header.span.begin, st.header.name.span.end, "a second `policy` header",
                        "a file has one header, at the top; remove this one"};
    }
    st.ast->header = std::move(st.header);
    st.header = {};
  }
};

// Must points raise through here: every rule under a `must` needs a message in messages.hpp.
template <typename Rule>
struct control : pg::normal<Rule> {
  template <typename In, typename State>
  [[noreturn]] static void raise(const In& in, State& st) {
    static_assert(g::error_message<Rule> != nullptr, "every must<> point needs a message in messages.hpp");
    const std::uint32_t at = st.offset(in.current());
    const char c = in.empty() ? '\0' : *in.current();
    if constexpr (std::is_same_v<Rule, g::str_close>) {
      if (c == '}') throw SyntaxError{at, at + 1, "a single `}` in a text", "write `}}` for a literal `}`"};
      if (c == '\\') {
        throw SyntaxError{at, at + 2, "unknown escape in a text",
                          "the escapes are \\\" \\\\ \\n \\t \\{ \\}; write `{{` and `}}` for braces"};
      }
    }
    std::string help;
    const std::size_t n = scan_word(in.current(), in.end());
    if (std::is_base_of_v<g::ident, Rule> && n > 0 && is_reserved(std::string_view(in.current(), n))) {
      help = fmt::format("`{}` is a reserved word of the language and cannot be used as a name",
                         std::string_view(in.current(), n));
    }
    throw SyntaxError{at, at + 1, g::error_message<Rule>, std::move(help), true};
  }
};

// Top-level words where the parser may resume after an error.
bool starts_declaration(std::string_view word) {
  for (const auto& k : kKeywords) {
    if (k.text != word) continue;
    switch (k.kw) {
      case Kw::policy: case Kw::facts: case Kw::parameters: case Kw::let: case Kw::table:
      case Kw::require: case Kw::warn: case Kw::output: case Kw::extends: case Kw::workload:
        return true;
      default:
        break;
    }
  }
  return false;
}

// Offset where parsing resumes after an error at `from` (the current item began at `start`):
// the first line, from the error's own line on, whose first word starts a declaration and lies
// past `start` (so the parser always makes progress); the end of the text if there is none.
std::size_t resync(std::string_view text, std::size_t start, std::size_t from) {
  std::size_t line = from == 0 ? 0 : text.rfind('\n', from - 1);
  line = line == std::string_view::npos ? 0 : (from == 0 ? 0 : line + 1);
  while (line < text.size()) {
    std::size_t p = line;
    while (p < text.size() && (text[p] == ' ' || text[p] == '\t')) ++p;
    const std::size_t n = scan_word(text.data() + p, text.data() + text.size());
    if (p > start && p >= from && n > 0 && starts_declaration(text.substr(p, n))) return p;
    const std::size_t nl = text.find('\n', p);
    if (nl == std::string_view::npos) break;
    line = nl + 1;
  }
  return text.size();
}

}  // namespace

std::string describe_found(std::string_view text, std::size_t offset, std::string_view end_of_text) {
  if (offset >= text.size()) return std::string(end_of_text);
  const std::size_t n = scan_word(text.data() + offset, text.data() + text.size());
  if (n > 0) return fmt::format("`{}`", text.substr(offset, std::min<std::size_t>(n, 40)));
  const char c = text[offset];
  if (c == '\n' || c == '\r') return "the end of the line";
  std::size_t len = 1;
  const auto u = static_cast<unsigned char>(c);
  if (u >= 0xC0) len = u >= 0xF0 ? 4 : u >= 0xE0 ? 3 : 2;
  return fmt::format("`{}`", text.substr(offset, std::min(len, text.size() - offset)));
}

PolicyAst parse_policy(const SourceFile& file, std::vector<Diagnostic>& diagnostics) {
  return parse_policy_text(file.text, file.name, 0, diagnostics);
}

PolicyAst parse_policy_text(std::string_view text, std::string_view name, std::uint32_t shift,
                            std::vector<Diagnostic>& diagnostics) {
  PolicyAst ast;
  const std::string source_name(name);
  if (text.size() > kMaxPolicyBytes) {
    diagnostics.push_back({"limit", Severity::error,
                           fmt::format("policy file is larger than {} bytes", kMaxPolicyBytes), Span{shift, shift}, "",
                           {}, "split the policy or check that this is the right file", "", {}, {}});
    return ast;
  }
  ParseState st;
  st.base = text.data();
  st.shift = shift;
  st.ast = &ast;
  std::size_t errors = 0;
  std::size_t pos = 0;
  auto skip_blank = [&](std::size_t p) {
    pg::memory_input<> in(text.data() + p, text.data() + text.size(), source_name);
    pg::parse<g::leading>(in);
    return static_cast<std::size_t>(in.current() - text.data());
  };
  pos = skip_blank(0);
  while (pos < text.size()) {
    pg::memory_input<> in(text.data() + pos, text.data() + text.size(), source_name);
    try {
      if (pg::parse<g::item_at, action, control>(in, st)) {
        pos = static_cast<std::size_t>(in.current() - text.data());
        continue;
      }
      // Something left over on the line of the last declaration is a different mistake from a
      // line that starts with a stray word.
      std::size_t prev = pos;
      while (prev > 0 && (text[prev - 1] == ' ' || text[prev - 1] == '\t')) --prev;
      if (prev > 0 && text[prev - 1] != '\n' && text[prev - 1] != '\r') {
        throw SyntaxError{st.offset(text.data() + pos), st.offset(text.data() + pos + 1),
                          "unexpected text after the end of the expression",
                          "comparisons cannot be chained (write `1 < n and n < 3`), and unit words are "
                          "written in lower case after the number (`6 months`)",
                          true};
      }
      throw SyntaxError{st.offset(text.data() + pos), st.offset(text.data() + pos + 1),
                        "expected a declaration",
                        "declarations start with `policy`, `facts`, `parameters`, `let`, `table`, `require`, "
                        "`warn`, `output`, `workload` or `extends`",
                        true};
    } catch (const SyntaxError& thrown) {
      // Offsets in the error are those of the SourceFile; work in this text's own.
      SyntaxError e = thrown;
      e.offset -= shift;
      e.end -= shift;
      Diagnostic d;
      d.code = "syntax";
      d.message = e.say_found ? fmt::format("{}, found {}", e.message, describe_found(text, e.offset)) : e.message;
      d.span = Span{e.offset, std::max(e.end, e.offset + 1)};
      const std::size_t n = scan_word(text.data() + e.offset, text.data() + text.size());
      if (n > 0 && e.say_found) d.span.end = static_cast<std::uint32_t>(e.offset + n);
      d.help = e.help;
      // If blanks and a line break lie between the last token and what was found, point just
      // after the last token (where the missing piece belongs), as compilers do.
      std::size_t prev = e.offset;
      while (prev > 0 && (text[prev - 1] == ' ' || text[prev - 1] == '\t' || text[prev - 1] == '\r' ||
                          text[prev - 1] == '\n')) {
        --prev;
      }
      if (prev > pos && text.substr(prev, e.offset - prev).find('\n') != std::string_view::npos) {
        d.span = Span{static_cast<std::uint32_t>(prev), static_cast<std::uint32_t>(prev + 1)};
        d.label = "expected here";
      }
      d.span.begin += shift;
      d.span.end += shift;
      diagnostics.push_back(std::move(d));
      st.reset();
      if (++errors >= kMaxErrors) break;
      pos = resync(text, pos, std::max<std::size_t>(pos, e.offset));
    }
  }
  return ast;
}

ExprPtr parse_expression_text(std::string_view text, std::size_t from, std::string_view name, std::uint32_t shift,
                              std::vector<Diagnostic>& diagnostics) {
  PolicyAst scratch;
  ParseState st;
  st.base = text.data();
  st.shift = shift;
  st.ast = &scratch;
  const std::string source_name(name);
  pg::memory_input<> in(text.data() + from, text.data() + text.size(), source_name);
  try {
    pg::parse<g::leading>(in);
    if (pg::parse<pg::must<g::value_expr>, action, control>(in, st) && in.empty() && st.stack.size() == 1) {
      return st.pop();
    }
    throw SyntaxError{st.offset(in.current()), st.offset(in.current()) + 1, "unexpected text after the value",
                      "give one value, e.g. `15 minutes`", true};
  } catch (const SyntaxError& e) {
    const std::size_t local = e.offset - shift;
    Diagnostic d;
    d.code = "syntax";
    d.message = e.say_found ? fmt::format("{}, found {}", e.message, describe_found(text, local, "the end of the value"))
                            : e.message;
    d.span = Span{e.offset, std::max(e.end, e.offset + 1)};
    d.help = e.help;
    diagnostics.push_back(std::move(d));
  }
  return nullptr;
}

}  // namespace kadenz::detail
