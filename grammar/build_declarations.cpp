// Parse stage: the actions that build declarations (facts and their types, parameters, `let`,
// outputs, tables with rules and a variant's edits, validations, workload, `extends`, the
// header) and store them in the PolicyAst.
#include "grammar/builder.hpp"

#include <fmt/format.h>

#include <string>

namespace kadenz::detail {
namespace {

// A parameter, definition, output or workload entry `name = value`: the name came from
// build_binding_name, the value is on the stack; the binding spans from its first token.
void store_binding(ParseState& st, std::string_view matched, std::vector<Binding> PolicyAst::*member) {
  Binding b;
  b.name = std::move(st.binding_name);
  b.value = st.pop();
  b.span = Span{st.offset(matched.data()), b.value->span.end};
  b.section = std::move(st.binding_citation);  // `let`/`output` only: the others cannot have one
  st.binding_citation = {};
  (st.ast->*member).push_back(std::move(b));
}

// `replace rule …` / `add rule …`: the rule was stored by the rule's own action; it becomes an
// edit, and an added rule takes the `before|after` anchor parsed with it.
void store_edit(ParseState& st, std::string_view matched, EditKind kind) {
  RuleEdit e;
  e.kind = kind;
  e.rule = std::move(st.table.rules.back());
  st.table.rules.pop_back();
  e.span = Span{st.offset(matched.data()), e.rule.span.end};
  if (kind == EditKind::add) {
    e.anchor = std::move(st.anchor);
    e.after = st.anchor_after;
  }
  st.anchor.reset();
  st.anchor_after = false;
  st.table.edits.push_back(std::move(e));
}

// `require c else "…"` / `warn when c "…"`: condition and message are on the stack.
void store_validation(ParseState& st, std::string_view matched, bool warning) {
  Validation v;
  v.is_warning = warning;
  v.message = st.pop();
  v.condition = st.pop();
  v.span = Span{st.offset(matched.data()), v.message->span.end};
  v.section = std::move(st.check_citation);
  st.check_citation = {};
  st.ast->validations.push_back(std::move(v));
}

// The text on top of the stack as a plain string, for header fields and file names; `what` is
// the error (naming the field) if the text has `{…}` in it.
Ident plain_text(ParseState& st, Msg what) {
  ExprPtr text = st.pop();
  if (!text->kids.empty()) {
    throw SyntaxError{text->span.begin, text->span.end, what, {}};
  }
  return Ident{text->pieces.front(), text->span};
}

// The date on top of the stack as a header field: its day number in decimal.
Ident date_ident(ParseState& st) {
  ExprPtr d = st.pop();
  return Ident{std::to_string(d->value), d->span};
}

}  // namespace

// ---- keywords ----

// A keyword (the word alone, kw_word matches no blanks): recorded with its spelling, so that
// the file's language check can find a word of the other language.
void build_keyword(ParseState& st, std::string_view matched) { st.record(WordKind::keyword, matched); }

// ---- types and facts ----

// A named type (`date`, `months`, …): starts a fresh TypeRef, kept until its declaration takes it.
void build_type_name(ParseState& st, std::string_view matched) {
  st.type = {};
  st.type.name = st.word_at(matched.data());
  st.type.span = st.type.name.span;
  st.record(WordKind::type, matched.substr(0, st.type.name.span.end - st.type.name.span.begin));
}

// `one of …`: an enumeration type, named "one of"; its values follow.
void build_one_of(ParseState& st, std::string_view matched) {
  st.type = {};
  st.type.name = Ident{"one of", Span{st.offset(matched.data()), st.offset(matched.data() + 3)}};
  st.type.span = st.type.name.span;
}

// One value of `one of a, b, c`; the type's span grows to cover it.
void build_enum_value(ParseState& st, std::string_view matched) {
  st.type.enum_values.push_back(st.word_at(matched.data()));
  st.type.span.end = st.type.enum_values.back().span.end;
}

// `or empty` after a type: the value may be missing; the span ends at `empty`.
void build_or_empty(ParseState& st, std::string_view matched) {
  st.type.optional = true;
  st.type.span.end = st.offset(matched.data() + end_of_last_token(matched));
}

// The name of a fact: starts a fresh FactDecl.
void build_fact_name(ParseState& st, std::string_view matched) {
  st.fact = {};
  st.fact.name = st.word_at(matched.data());
}

// The `key` attribute, with the keyword's span for messages about it.
void build_attr_key(ParseState& st, std::string_view matched) {
  st.fact.key = true;
  st.fact.key_span = st.word_at(matched.data()).span;
}

// The `input only` attribute.
void build_attr_input_only(ParseState& st, std::string_view) { st.fact.input_only = true; }

// The `default <value>` attribute: the value is on the stack.
void build_attr_default(ParseState& st, std::string_view) { st.fact.default_value = st.pop(); }

// The `column "…"` attribute: the caseload header, which must be plain text.
void build_attr_column(ParseState& st, std::string_view) {
  ExprPtr text = st.pop();
  if (!text->kids.empty()) {
    throw SyntaxError{text->span.begin, text->span.end, Msg::syn_column_braces, {}};
  }
  st.fact.column = Ident{ParseState::nfc(text->pieces.front()), text->span};
}

// A whole fact line: the fact takes the last type parsed and is stored.
void build_fact_decl(ParseState& st, std::string_view) {
  st.fact.type = std::move(st.type);
  st.type = {};
  st.ast->facts.push_back(std::move(st.fact));
  st.fact = {};
}

// ---- parameters, definitions, outputs ----

// The name before `=` of a parameter, `let`, output or workload entry.
void build_binding_name(ParseState& st, std::string_view matched) { st.binding_name = st.word_at(matched.data()); }

// A parameter `name = value`.
void build_param_decl(ParseState& st, std::string_view matched) {
  store_binding(st, matched, &PolicyAst::parameters);
}

// A definition `let name = value`.
void build_let_decl(ParseState& st, std::string_view matched) { store_binding(st, matched, &PolicyAst::definitions); }

// An output `output name = value`.
void build_output_decl(ParseState& st, std::string_view matched) { store_binding(st, matched, &PolicyAst::outputs); }

// ---- tables and rules ----

// The name of a table: starts a fresh TableDecl.
void build_table_name(ParseState& st, std::string_view matched) {
  st.table = {};
  st.table.name = st.word_at(matched.data());
}

// The hit policy's name; the outcome type parsed just before it becomes the table's.
void build_hit_name(ParseState& st, std::string_view matched) {
  st.table.hit = st.word_at(matched.data());
  st.record(WordKind::hit, matched.substr(0, st.table.hit.span.end - st.table.hit.span.begin));
  st.table.outcome = std::move(st.type);
  st.type = {};
}

// The name of a rule: starts a fresh RuleDecl and forgets any anchor of an earlier edit.
void build_rule_name(ParseState& st, std::string_view matched) {
  st.rule = {};
  st.rule_has_when = false;
  st.rule.name = st.word_at(matched.data());
  st.anchor.reset();
  st.anchor_after = false;
}

// A citation as written, its runs of blanks made one (`§ 10  Abs. 1` gives "§ 10 Abs. 1"); a
// quoted one without its quotes. It waits in st.citation for the rule that owns it.
void build_cite_text(ParseState& st, std::string_view matched) {
  const std::uint32_t begin = st.offset(matched.data());
  const Span span{begin, begin + static_cast<std::uint32_t>(matched.size())};
  std::string_view body = matched;
  if (body.front() == '"') body = body.substr(1, body.size() - 2);
  std::string text;
  for (const char c : body) {
    const bool blank = c == ' ' || c == '\t';
    if (blank && (text.empty() || text.back() == ' ')) continue;
    text += blank ? ' ' : c;
  }
  while (!text.empty() && text.back() == ' ') text.pop_back();
  if (text.empty()) throw SyntaxError{span.begin, span.end, Msg::syn_empty_citation, {}};
  if (text.size() > kMaxCitationBytes) {
    throw SyntaxError{span.begin, span.end, Msg::syn_long_citation, std::to_string(kMaxCitationBytes)};
  }
  st.citation = Ident{std::move(text), span};
}

// The section after a rule's name.
void build_section(ParseState& st, std::string_view) {
  st.rule.section = std::move(st.citation);
  st.citation = {};
}

// The citation of a `let` or `output`, before its `=`.
void build_binding_citation(ParseState& st, std::string_view) {
  st.binding_citation = std::move(st.citation);
  st.citation = {};
}

// The citation of a `require` or `warn`, after its keyword.
void build_check_citation(ParseState& st, std::string_view) {
  st.check_citation = std::move(st.citation);
  st.citation = {};
}

// The citation of an if's `then` branch, after its condition (build_if takes it).
void build_if_citation(ParseState& st, std::string_view) {
  st.if_citations.push_back(std::move(st.citation));
  st.citation = {};
}

// An if without a citation: an empty one, so that build_if always finds its own.
void build_if_no_citation(ParseState& st, std::string_view) { st.if_citations.emplace_back(); }

// `when`: the rule has a condition, which will lie below its outcome on the stack.
void build_rule_when(ParseState& st, std::string_view) { st.rule_has_when = true; }

// `otherwise`: the rule applies when no other does.
void build_rule_otherwise(ParseState& st, std::string_view matched) {
  st.rule.otherwise_span = st.word_at(matched.data()).span;
}

// A whole rule (also one inside `replace` or `add`): outcome and, after `when`, the condition
// are on the stack; the rule joins the table being parsed.
void build_rule_decl(ParseState& st, std::string_view matched) {
  st.rule.then = st.pop();
  if (st.rule_has_when) st.rule.when = st.pop();
  st.rule.span = Span{st.offset(matched.data()), st.rule.then->span.end};
  st.table.rules.push_back(std::move(st.rule));
  st.rule = {};
}

// ---- a variant's edits of a base table ----

// A table whose body starts with `replace`, `add` or `remove` instead of `: type, hit …`: it
// edits the base policy's table of that name instead of declaring one.
void build_edit_head(ParseState& st, std::string_view) { st.table.is_edit = true; }

// `after` (rather than `before`) in `add rule … after <anchor>`.
void build_anchor_after(ParseState& st, std::string_view) { st.anchor_after = true; }

// The rule an added rule is placed before or after.
void build_anchor_name(ParseState& st, std::string_view matched) { st.anchor = st.word_at(matched.data()); }

// `replace rule …`.
void build_replace_edit(ParseState& st, std::string_view matched) { store_edit(st, matched, EditKind::replace); }

// `add rule … [before|after <anchor>]`.
void build_add_edit(ParseState& st, std::string_view matched) { store_edit(st, matched, EditKind::add); }

// The name in `remove rule <name>`: a RuleDecl with only a name, spanning it.
void build_removed_name(ParseState& st, std::string_view matched) {
  st.rule = {};
  st.rule.name = st.word_at(matched.data());
  st.rule.span = st.rule.name.span;
}

// `remove rule <name>`: the named rule becomes a remove edit.
void build_remove_edit(ParseState& st, std::string_view matched) {
  RuleEdit e;
  e.kind = EditKind::remove;
  e.rule = std::move(st.rule);
  st.rule = {};
  e.span = Span{st.offset(matched.data()), e.rule.name.span.end};
  st.table.edits.push_back(std::move(e));
}

// A whole table, through its `end`: stored with the rules and edits its parts collected.
void build_table_decl(ParseState& st, std::string_view matched) {
  st.table.span = Span{st.offset(matched.data()), st.offset(matched.data() + end_of_last_token(matched))};
  st.ast->tables.push_back(std::move(st.table));
  st.table = {};
}

// ---- validations ----

// `require c else "…"`.
void build_require_decl(ParseState& st, std::string_view matched) { store_validation(st, matched, false); }

// `warn when c "…"`.
void build_warn_decl(ParseState& st, std::string_view matched) { store_validation(st, matched, true); }

// ---- variants and workload ----

// One `name = value` entry of the workload block.
void build_workload_decl(ParseState& st, std::string_view matched) { store_binding(st, matched, &PolicyAst::workload); }

// The whole workload block: its span is recorded; a policy may have only one.
void build_workload_block(ParseState& st, std::string_view matched) {
  const Span span{st.offset(matched.data()), st.offset(matched.data() + end_of_last_token(matched))};
  if (st.ast->workload_span.end != 0) {
    throw SyntaxError{span.begin, span.begin + 8, Msg::syn_second_workload, {}};
  }
  st.ast->workload_span = span;
}

// `extends "base.kadenz"`: the base file of a variant; one per file, not empty.
void build_extends_path(ParseState& st, std::string_view) {
  Ident path = plain_text(st, Msg::syn_braces_file_name);
  if (st.ast->extends) {
    throw SyntaxError{path.span.begin, path.span.end, Msg::syn_second_extends, {}};
  }
  if (path.text.empty()) {
    throw SyntaxError{path.span.begin, path.span.end, Msg::syn_empty_file_name, {}};
  }
  st.ast->extends = std::move(path);
}

// ---- header ----

// `policy "…"`: starts a fresh Header with the policy's name.
void build_header_name(ParseState& st, std::string_view) {
  st.header = {};
  st.header.name = plain_text(st, Msg::syn_braces_policy_name);
}

// `document "…"`: the document's title, plain text.
void build_header_document(ParseState& st, std::string_view) {
  st.header.document = plain_text(st, Msg::syn_braces_document_title);
}

// `issued <date>`.
void build_header_issued(ParseState& st, std::string_view) { st.header.issued = date_ident(st); }

// `valid from <date>`.
void build_valid_from(ParseState& st, std::string_view) { st.header.valid_from = date_ident(st); }

// `valid until <date>`.
void build_valid_until(ParseState& st, std::string_view) { st.header.valid_until = date_ident(st); }

// The whole header: stored, unless the file already has one. Its span ends at the name.
void build_header(ParseState& st, std::string_view matched) {
  st.header.span = Span{st.offset(matched.data()), st.header.name.span.end};
  if (st.ast->header) {
    throw SyntaxError{st.header.span.begin, st.header.name.span.end, Msg::syn_second_header, {}};
  }
  st.ast->header = std::move(st.header);
  st.header = {};
}

}  // namespace kadenz::detail
