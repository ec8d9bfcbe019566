// Parse stage, grammar-internal: the state the tree-building actions share while one file is
// parsed, the SyntaxError they throw, and the builder function each grammar action calls.
#pragma once

#include "grammar/ast.hpp"
#include "grammar/keywords.hpp"
#include "grammar/language.hpp"
#include "grammar/limits.hpp"
#include "stdlib/catalogue.hpp"
#include "stdlib/utf8.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kadenz::detail {

// A syntax error found by an action or a must point: where, and what to say. Offsets are those
// of the SourceFile (already shifted); the driver catches it and turns it into a diagnostic.
// The words are a catalogue entry (stdlib/messages.def), said in the compile's language when
// the diagnostic is made.
struct SyntaxError {
  std::uint32_t offset;
  std::uint32_t end;
  Msg message;             // a `syntax` entry: message and help
  std::string arg = {};    // its {0}
  bool say_found = false;  // append ", found …" (for must points, not for bad values)
  std::string reserved = {};  // a reserved word written where a name belongs: the help says so
  bool block_end = false;  // the `end` of a facts, parameters, table or workload block is missing
};

// Parse state shared by all actions. Expressions are built on an operand stack; lists
// (call arguments, sets, text pieces) remember the stack height where they started. Actions
// run only for rules that succeeded and, thanks to the grammar's `must` points, are never
// undone by backtracking.
struct ParseState {
  const char* base = nullptr;  // start of the file: spans are offsets from here
  std::uint32_t shift = 0;     // where this file starts in the offsets of its SourceFile
  PolicyAst* ast = nullptr;
  int depth = 0;
  bool bare_decimals = false;  // a `--set` value: a bare `38,5` is a decimal (grammar.hpp)

  std::vector<ExprPtr> stack;
  std::vector<std::size_t> marks;
  std::vector<Op> ops;
  bool is_not = false;

  struct TextFrame {
    std::size_t mark;
    std::uint32_t begin;
    std::vector<std::string> pieces;
  };
  std::vector<TextFrame> texts;

  TypeRef type;        // the last type parsed
  FactDecl fact;       // the fact being parsed
  Ident binding_name;  // name of the parameter / let / output being parsed
  RuleDecl rule;
  bool rule_has_when = false;
  TableDecl table;
  Header header;
  // The citation just read (build_cite_text), until the declaration that owns it takes it:
  // a rule's section, a `let`/`output`'s, a `require`/`warn`'s, or an if's `then` branch's.
  Ident citation;
  Ident binding_citation, check_citation;
  std::vector<Ident> if_citations;  // one per `if` being parsed (empty text: none), innermost last
  std::optional<Ident> anchor;  // `add rule … before|after <anchor>`
  bool anchor_after = false;
  // A test being parsed (build_tests.cpp): the test, the last quoted or bare text read, and a
  // `rule table = rule` expectation's names.
  TestDecl test;
  Ident test_text, expect_table, expect_rule;
  // Every keyword, type name, hit policy and unit read, for the file's language check; kept
  // across a syntax error (reset() leaves it), so the words before the error count too.
  std::vector<WordUse> words;

  // Records `text` (a word of this file) as read as `kind`.
  void record(WordKind kind, std::string_view text) { words.push_back(WordUse{kind, text, offset(text.data())}); }

  // The SourceFile offset of `p`, a pointer into this file's text.
  std::uint32_t offset(const char* p) const { return static_cast<std::uint32_t>(p - base) + shift; }

  // Called by the grammar's nested<> rule when brackets, `not`, `-` or `if` nest deeper than
  // kMaxNesting at `p`: a syntax error instead of a stack overflow in the recursive descent.
  [[noreturn]] void too_deep(const char* p) const {
    throw SyntaxError{offset(p), offset(p) + 1, Msg::syn_nesting, std::to_string(kMaxNesting)};
  }

  // Discards half-built state after a syntax error so the next declaration starts clean.
  void reset() {
    stack.clear();
    marks.clear();
    ops.clear();
    texts.clear();
    depth = 0;
    is_not = false;
    type = {};
    fact = {};
    rule = {};
    rule_has_when = false;
    table = {};
    header = {};
    anchor.reset();
    anchor_after = false;
    citation = {};
    binding_citation = {};
    check_citation = {};
    if_citations.clear();
    test = {};
    test_text = expect_table = expect_rule = {};
  }

  // Takes the top operand; the grammar guarantees one is there when an action asks.
  ExprPtr pop() {
    ExprPtr e = std::move(stack.back());
    stack.pop_back();
    return e;
  }

  // The identifier at p (without the blanks the token rule swallowed).
  Ident word_at(const char* p) const {
    const std::size_t n = scan_word(p, p + 4096);
    const std::uint32_t b = offset(p);
    if (n > kMaxIdentifierBytes) {
      throw SyntaxError{b, static_cast<std::uint32_t>(b + n), Msg::syn_long_name, std::to_string(kMaxIdentifierBytes)};
    }
    return Ident{nfc(std::string_view(p, n)), Span{b, static_cast<std::uint32_t>(b + n)}};
  }

  // A name as it is compared: in NFC, so that `ü` typed as one character and as `u` + U+0308
  // (macOS) are the same name. ASCII, nearly every name, is returned as it is.
  static std::string nfc(std::string_view name) {
    std::string out;
    if (utf8::is_ascii(name) || !utf8::to_nfc(name, out)) return std::string(name);
    return out;
  }

  // Builds a node over `kids`, checking the tree depth limit.
  ExprPtr make(ExprKind kind, Span span, std::vector<ExprPtr> kids) const {
    auto e = std::make_unique<Expr>();
    e->kind = kind;
    e->span = span;
    int d = 0;
    for (const auto& k : kids) d = std::max(d, k->depth);
    e->depth = d + 1;
    e->kids = std::move(kids);
    if (e->depth > kMaxExprDepth) {
      throw SyntaxError{span.begin, span.end, Msg::syn_expr_depth, std::to_string(kMaxExprDepth)};
    }
    return e;
  }

  // A node without operands (a literal or a name).
  ExprPtr leaf(ExprKind kind, Span span) const { return make(kind, span, {}); }
};

// ---- builders ----
// One function per grammar rule that has an action (grammar/actions.hpp maps rule to builder).
// Each gets the state and `matched`, the text the rule matched (its data() points into the
// file, so st.offset(matched.data()) is where the rule began; token rules include the blanks
// after them). Each may throw SyntaxError for a value the grammar accepts but the language
// does not (a too-large number, an invalid date, a second header).

// Bytes from the start of `matched` to the end of its last token (a word, a text in quotes or
// a sign), leaving out the blanks and comments a token rule swallows after it: where a span
// that ends with a keyword (`end`, `ende`, `empty`, `leer`) ends, in either keyword language.
std::size_t end_of_last_token(std::string_view matched) noexcept;

// Expressions, in build_expressions.cpp: they push onto and reduce the operand stack.
void build_name_ref(ParseState& st, std::string_view matched);
void build_call_open(ParseState& st, std::string_view matched);
void build_call_args(ParseState& st, std::string_view matched);
void build_digits(ParseState& st, std::string_view matched);
void build_unit_word(ParseState& st, std::string_view matched);
void build_date_text(ParseState& st, std::string_view matched);
void build_true(ParseState& st, std::string_view matched);
void build_false(ParseState& st, std::string_view matched);
void build_no_value(ParseState& st, std::string_view matched);
void build_str_open(ParseState& st, std::string_view matched);
void build_str_char(ParseState& st, std::string_view matched);
void build_str_brace(ParseState& st, std::string_view matched);
void build_str_escape(ParseState& st, std::string_view matched);
void build_interpolation(ParseState& st, std::string_view matched);
void build_str_close(ParseState& st, std::string_view matched);
void build_negation(ParseState& st, std::string_view matched);
void build_logical_not(ParseState& st, std::string_view matched);
void build_operator(ParseState& st, std::string_view matched);
void build_arith(ParseState& st, std::string_view matched);
void build_compare(ParseState& st, std::string_view matched);
void build_and(ParseState& st, std::string_view matched);
void build_or(ParseState& st, std::string_view matched);
void build_set_open(ParseState& st, std::string_view matched);
void build_in(ParseState& st, std::string_view matched);
void build_not_in(ParseState& st, std::string_view matched);
void build_is_not(ParseState& st, std::string_view matched);
void build_is_empty(ParseState& st, std::string_view matched);
void build_if(ParseState& st, std::string_view matched);

// Declarations, in build_declarations.cpp: they fill the declaration being parsed and store
// it in the PolicyAst when its rule completes.
void build_keyword(ParseState& st, std::string_view matched);
void build_type_name(ParseState& st, std::string_view matched);
void build_one_of(ParseState& st, std::string_view matched);
void build_enum_value(ParseState& st, std::string_view matched);
void build_or_empty(ParseState& st, std::string_view matched);
void build_fact_name(ParseState& st, std::string_view matched);
void build_attr_key(ParseState& st, std::string_view matched);
void build_attr_input_only(ParseState& st, std::string_view matched);
void build_attr_default(ParseState& st, std::string_view matched);
void build_attr_column(ParseState& st, std::string_view matched);
void build_fact_decl(ParseState& st, std::string_view matched);
void build_binding_name(ParseState& st, std::string_view matched);
void build_param_decl(ParseState& st, std::string_view matched);
void build_let_decl(ParseState& st, std::string_view matched);
void build_output_decl(ParseState& st, std::string_view matched);
void build_table_name(ParseState& st, std::string_view matched);
void build_hit_name(ParseState& st, std::string_view matched);
void build_rule_name(ParseState& st, std::string_view matched);
void build_section(ParseState& st, std::string_view matched);
void build_cite_text(ParseState& st, std::string_view matched);
void build_binding_citation(ParseState& st, std::string_view matched);
void build_check_citation(ParseState& st, std::string_view matched);
void build_if_citation(ParseState& st, std::string_view matched);
void build_if_no_citation(ParseState& st, std::string_view matched);
void build_rule_when(ParseState& st, std::string_view matched);
void build_rule_otherwise(ParseState& st, std::string_view matched);
void build_rule_decl(ParseState& st, std::string_view matched);
void build_edit_head(ParseState& st, std::string_view matched);
void build_anchor_after(ParseState& st, std::string_view matched);
void build_anchor_name(ParseState& st, std::string_view matched);
void build_replace_edit(ParseState& st, std::string_view matched);
void build_add_edit(ParseState& st, std::string_view matched);
void build_removed_name(ParseState& st, std::string_view matched);
void build_remove_edit(ParseState& st, std::string_view matched);
void build_table_decl(ParseState& st, std::string_view matched);
void build_require_decl(ParseState& st, std::string_view matched);
void build_warn_decl(ParseState& st, std::string_view matched);
void build_workload_decl(ParseState& st, std::string_view matched);
void build_workload_block(ParseState& st, std::string_view matched);
void build_extends_path(ParseState& st, std::string_view matched);
void build_header_name(ParseState& st, std::string_view matched);
void build_header_document(ParseState& st, std::string_view matched);
void build_header_issued(ParseState& st, std::string_view matched);
void build_valid_from(ParseState& st, std::string_view matched);
void build_valid_until(ParseState& st, std::string_view matched);
void build_header(ParseState& st, std::string_view matched);

// Tests inside the policy, in build_tests.cpp.
void build_test_quoted(ParseState& st, std::string_view matched);
void build_test_bare(ParseState& st, std::string_view matched);
void build_test_name(ParseState& st, std::string_view matched);
void build_test_changes(ParseState& st, std::string_view matched);
void build_test_as_of(ParseState& st, std::string_view matched);
void build_given_entry(ParseState& st, std::string_view matched);
void build_expect_kw(ParseState& st, std::string_view matched);
void build_expect_output(ParseState& st, std::string_view matched);
void build_expect_table(ParseState& st, std::string_view matched);
void build_expect_rule_name(ParseState& st, std::string_view matched);
void build_expect_rule(ParseState& st, std::string_view matched);
void build_expect_no_warning(ParseState& st, std::string_view matched);
void build_expect_warning(ParseState& st, std::string_view matched);
void build_expect_error(ParseState& st, std::string_view matched);
void build_test_block(ParseState& st, std::string_view matched);

}  // namespace kadenz::detail
