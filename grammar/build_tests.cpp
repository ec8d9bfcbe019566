// Parse stage: the actions that build a test inside the policy (`test "…" … end`, TestDecl). The
// cells and messages are kept as written (quotes and escapes removed, a bare cell's trailing
// blanks dropped): the test stage reads them as caseload cells and compares them with printed
// values, so nothing here interprets them.
#include "grammar/builder.hpp"

#include <algorithm>
#include <string>

namespace kadenz::detail {

// A quoted test text: its characters without the quotes, `\"` and `\\` unescaped.
void build_test_quoted(ParseState& st, std::string_view matched) {
  std::string text;
  for (std::size_t i = 1; i + 1 < matched.size(); ++i) {
    if (matched[i] == '\\' && i + 2 < matched.size()) ++i;
    text += matched[i];
  }
  const std::uint32_t b = st.offset(matched.data());
  st.test_text = Ident{std::move(text), Span{b, b + static_cast<std::uint32_t>(matched.size())}};
}

// A bare cell: up to a comment or the line's end, its trailing blanks dropped.
void build_test_bare(ParseState& st, std::string_view matched) {
  std::string_view t = matched;
  while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.remove_suffix(1);
  const std::uint32_t b = st.offset(matched.data());
  st.test_text = Ident{std::string(t), Span{b, b + static_cast<std::uint32_t>(t.size())}};
}

// The test's name: starts a fresh TestDecl. Two tests of one file may not share a name (a
// variant's test of its base's name must say `changes`, which the extend stage checks).
void build_test_name(ParseState& st, std::string_view) {
  st.test = {};
  st.test.name = std::move(st.test_text);
  for (const auto& t : st.ast->tests) {
    if (t.name.text == st.test.name.text) {
      throw SyntaxError{st.test.name.span.begin, st.test.name.span.end, Msg::syn_second_test, st.test.name.text};
    }
  }
}

void build_test_changes(ParseState& st, std::string_view matched) {
  st.test.changes = true;
  st.test.changes_span = Span{st.offset(matched.data()), st.offset(matched.data() + end_of_last_token(matched))};
}

// `as of <date>`: the day number in decimal (as the header's dates).
void build_test_as_of(ParseState& st, std::string_view) {
  ExprPtr d = st.pop();
  st.test.as_of = Ident{std::to_string(d->value), d->span};
}

// `name = cell`: the name is the entry's first word, the cell the text just read.
static TestCell take_cell(ParseState& st, std::string_view matched) {
  TestCell c;
  c.name = st.word_at(matched.data());
  c.text = std::move(st.test_text.text);
  c.span = st.test_text.span;
  return c;
}

void build_given_entry(ParseState& st, std::string_view matched) {
  TestCell c = take_cell(st, matched);
  for (const auto& g : st.test.given) {
    if (g.name.text == c.name.text) throw SyntaxError{c.name.span.begin, c.name.span.end, Msg::syn_test_twice, c.name.text};
  }
  st.test.given.push_back(std::move(c));
}

void build_expect_kw(ParseState& st, std::string_view) { st.test.has_expect = true; }

static void push_expectation(ParseState& st, std::string_view matched, ExpectKind kind, TestCell cell) {
  Expectation e;
  e.kind = kind;
  e.cell = std::move(cell);
  e.span = Span{st.offset(matched.data()), st.offset(matched.data() + end_of_last_token(matched))};
  st.test.expect.push_back(std::move(e));
}

void build_expect_output(ParseState& st, std::string_view matched) {
  push_expectation(st, matched, ExpectKind::output, take_cell(st, matched));
}

void build_expect_table(ParseState& st, std::string_view matched) { st.expect_table = st.word_at(matched.data()); }

// `rule table = rule`: the cell's name is the table, its text the rule.
void build_expect_rule(ParseState& st, std::string_view matched) {
  TestCell c;
  c.name = std::move(st.expect_table);
  c.text = st.expect_rule.text;
  c.span = st.expect_rule.span;
  push_expectation(st, matched, ExpectKind::rule, std::move(c));
}

void build_expect_rule_name(ParseState& st, std::string_view matched) { st.expect_rule = st.word_at(matched.data()); }

static void push_message(ParseState& st, std::string_view matched, ExpectKind kind) {
  TestCell c;
  c.text = std::move(st.test_text.text);
  c.span = st.test_text.span;
  push_expectation(st, matched, kind, std::move(c));
}

void build_expect_no_warning(ParseState& st, std::string_view matched) { push_message(st, matched, ExpectKind::no_warning); }
void build_expect_warning(ParseState& st, std::string_view matched) { push_message(st, matched, ExpectKind::warning); }
void build_expect_error(ParseState& st, std::string_view matched) { push_message(st, matched, ExpectKind::error); }

// The whole test, through its `end`.
void build_test_block(ParseState& st, std::string_view matched) {
  st.test.span = Span{st.offset(matched.data()), st.offset(matched.data() + end_of_last_token(matched))};
  st.ast->tests.push_back(std::move(st.test));
  st.test = {};
}

}  // namespace kadenz::detail
