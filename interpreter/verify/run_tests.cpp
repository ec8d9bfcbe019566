// Test stage: checks the tests of a policy against its Program (names, a variant's `changes`
// marks) and runs each: its cells read as a caseload row, the record decided by the node walker
// with a trace, every expectation compared with what `kadenz eval` would print.
#include "interpreter/verify/verify.hpp"

#include "interpreter/caseload/cells.hpp"
#include "interpreter/caseload/format_value.hpp"
#include "stdlib/catalogue.hpp"

#include <algorithm>
#include <cstdlib>

namespace kadenz::detail {
namespace {

// `a`, `b`, … for a help text.
template <typename Range, typename Name>
std::string name_list(const Range& items, Name name) {
  std::string out;
  for (const auto& i : items) {
    if (!out.empty()) out += ", ";
    out += '`';
    out += name(i);
    out += '`';
  }
  return out;
}

// The fact a test's `given` names: by its caseload column, else by its name; -1 if none.
std::int32_t find_fact(const Program& p, std::string_view name) {
  for (std::size_t i = 0; i < p.facts.size(); ++i)
    if (p.facts[i].column == name) return static_cast<std::int32_t>(i);
  for (std::size_t i = 0; i < p.facts.size(); ++i)
    if (p.facts[i].name == name) return static_cast<std::int32_t>(i);
  return -1;
}

std::int32_t find_output(const Program& p, std::string_view name) {
  for (std::size_t i = 0; i < p.outputs.size(); ++i)
    if (p.outputs[i].name == name) return static_cast<std::int32_t>(i);
  return -1;
}

std::int32_t find_table(const Program& p, std::string_view name) {
  for (std::size_t i = 0; i < p.tables.size(); ++i)
    if (p.tables[i].name == name) return static_cast<std::int32_t>(i);
  return -1;
}

bool fired(const Frame& f, std::string_view message) {
  for (const auto& w : f.warning_texts)
    if (std::string_view(w.p, w.n) == message) return true;
  return false;
}

// Compares `expect` with the record in `frame`; appends what differs.
void compare(const Program& p, const std::vector<Expectation>& expect, const Frame& f, bool decided,
             std::vector<Mismatch>& out) {
  const std::string not_decided = say(p.voice, Msg::test_not_decided, {f.error});
  const bool wants_error = std::any_of(expect.begin(), expect.end(), [](const Expectation& e) { return e.kind == ExpectKind::error; });
  if (!decided && !wants_error) {
    out.push_back({say(p.voice, Msg::test_what_decided), say(p.voice, Msg::test_decided), not_decided});
  }
  for (const auto& e : expect) {
    switch (e.kind) {
      case ExpectKind::output: {
        const auto& o = p.outputs[static_cast<std::size_t>(find_output(p, e.cell.name.text))];
        std::string actual;
        if (decided && !(o.type.optional && f.slots[o.slot].empty)) append_value(actual, p, o.type, f.slots[o.slot]);
        if (!decided) {
          if (!wants_error) out.push_back({o.name, shown(p, e.cell.text), not_decided});
        } else if (actual != e.cell.text) {
          out.push_back({o.name, shown(p, e.cell.text), shown(p, actual)});
        }
        break;
      }
      case ExpectKind::rule: {
        const auto t = static_cast<std::size_t>(find_table(p, e.cell.name.text));
        const std::string what = say(p.voice, Msg::test_what_rule, {e.cell.name.text});
        if (!decided) {
          if (!wants_error) out.push_back({what, shown(p, e.cell.text), not_decided});
          break;
        }
        const std::int32_t r = f.table_rule[t];
        const std::string actual = r < 0 ? say(p.voice, Msg::test_no_rule) : shown(p, p.tables[t].rules[static_cast<std::size_t>(r)].name);
        if (r < 0 || p.tables[t].rules[static_cast<std::size_t>(r)].name != e.cell.text) {
          out.push_back({what, shown(p, e.cell.text), actual});
        }
        break;
      }
      case ExpectKind::warning:
      case ExpectKind::no_warning: {
        const bool want = e.kind == ExpectKind::warning;
        const bool is = fired(f, e.cell.text);
        if (want != is) {
          out.push_back({say(p.voice, Msg::test_what_warning, {e.cell.text}),
                         say(p.voice, want ? Msg::test_fires : Msg::test_does_not_fire),
                         say(p.voice, is ? Msg::test_fires : Msg::test_does_not_fire)});
        }
        break;
      }
      case ExpectKind::error:
        if (decided || f.error != e.cell.text) {
          out.push_back({say(p.voice, Msg::test_what_error), shown(p, e.cell.text),
                         decided ? say(p.voice, Msg::test_decided) : shown(p, f.error)});
        }
        break;
    }
  }
}

}  // namespace

// A value as a mismatch shows it: in backticks, or "an empty cell".
std::string shown(const Program& p, std::string_view text) {
  if (text.empty()) return say(p.voice, Msg::test_empty_cell);
  std::string out;  // appended, not `"`" + … + "`"`: GCC 12 warns (-Wrestrict) on that
  out.reserve(text.size() + 2);
  out += '`';
  out.append(text);
  out += '`';
  return out;
}

std::string file_line(const Program& program, Span span) {
  const SourcePlace at = locate(*program.source, span.begin);
  return std::string(at.name) + ":" + std::to_string(line_column(at.text, at.offset).line);
}

std::vector<Diagnostic> check_tests(const Program& p, const std::vector<TestDecl>& tests) {
  std::vector<Diagnostic> out;
  const Voice& v = p.voice;
  for (std::size_t i = 0; i < tests.size(); ++i) {
    const TestDecl& t = tests[i];
    for (std::size_t j = 0; j < i; ++j) {
      if (tests[j].name.text != t.name.text) continue;
      Diagnostic d = diagnostic(v, Msg::test_same_name_as_base, Severity::error, t.name.span, {t.name.text});
      d.secondary.push_back(Label{tests[j].name.span, say(v, Msg::test_base_here)});
      out.push_back(std::move(d));
    }
    if (t.changes && t.base_span.end == 0) {
      out.push_back(diagnostic(v, Msg::test_changes_no_base, Severity::error, t.changes_span, {t.name.text}));
    }
    if (!t.as_of) out.push_back(diagnostic(v, Msg::test_no_as_of, Severity::error, t.name.span, {t.name.text}));
    for (const auto& g : t.given) {
      if (find_fact(p, g.name.text) >= 0) continue;
      out.push_back(diagnostic(v, Msg::test_unknown_fact, Severity::error, g.name.span,
                               {g.name.text, name_list(p.facts, [](const CompiledFact& f) { return f.column; })}));
    }
    for (const auto* list : {&t.expect, &t.base_expect}) {
      for (const auto& e : *list) {
        if (e.kind == ExpectKind::output && find_output(p, e.cell.name.text) < 0) {
          out.push_back(diagnostic(v, Msg::test_unknown_output, Severity::error, e.cell.name.span,
                                   {e.cell.name.text, name_list(p.outputs, [](const CompiledOutput& o) { return o.name; })}));
        }
        if (e.kind != ExpectKind::rule) continue;
        const std::int32_t tb = find_table(p, e.cell.name.text);
        if (tb < 0) {
          out.push_back(diagnostic(v, Msg::test_unknown_table, Severity::error, e.cell.name.span,
                                   {e.cell.name.text, name_list(p.tables, [](const CompiledTable& x) { return x.name; })}));
          continue;
        }
        const auto& rules = p.tables[static_cast<std::size_t>(tb)].rules;
        const bool known = std::any_of(rules.begin(), rules.end(), [&](const CompiledRule& r) { return r.name == e.cell.text; });
        if (!known) {
          out.push_back(diagnostic(v, Msg::test_unknown_rule, Severity::error, e.cell.span,
                                   {e.cell.name.text, e.cell.text, name_list(rules, [](const CompiledRule& r) { return r.name; })}));
        }
      }
    }
  }
  return out;
}

TestResult run_test(const Program& p, const TestDecl& test) {
  TestResult r;
  r.name = test.name.text;
  r.where = file_line(p, test.name.span);
  r.as_of = test.as_of ? static_cast<std::int32_t>(std::strtol(test.as_of->text.c_str(), nullptr, 10)) : 0;
  std::vector<std::string> cells(p.facts.size());
  std::vector<bool> given(p.facts.size(), false);
  for (const auto& g : test.given) {
    const std::int32_t i = find_fact(p, g.name.text);
    if (i < 0) continue;  // check_tests reported it
    cells[static_cast<std::size_t>(i)] = g.text;
    given[static_cast<std::size_t>(i)] = true;
  }
  if (!given[p.key_fact]) cells[p.key_fact] = test.name.text;  // the record's name in messages
  ColumnBinding binding;
  binding.header_fields = cells.size();
  for (std::size_t i = 0; i < cells.size(); ++i) binding.fact_column.push_back(static_cast<std::int32_t>(i));
  const std::vector<std::string_view> fields(cells.begin(), cells.end());
  Frame frame;
  prepare_frame(p, frame);
  std::string scratch;
  bool decided = false;
  if (read_row(p, binding, fields, {}, frame, scratch)) {
    frame.slots[p.as_of_slot].i = r.as_of;
    decided = explain_record(p, frame, r.trace);
  } else {
    r.trace.clear();
    r.trace.error = frame.error;
  }
  if (test.changes && !test.has_expect) {
    // the marker alone: the variant must decide differently from the base's expectations
    std::vector<Mismatch> differ;
    compare(p, test.base_expect, frame, decided, differ);
    r.changed = true;
    r.passed = !differ.empty();
    if (!r.passed) r.unchanged = say(p.voice, Msg::test_unchanged, {file_line(p, test.base_span)});
    return r;
  }
  compare(p, test.expect, frame, decided, r.mismatches);
  r.passed = r.mismatches.empty();
  return r;
}

}  // namespace kadenz::detail
