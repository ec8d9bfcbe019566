// Report stage: renders a record's trace as text or JSON (explain.hpp). Every sentence comes from
// the catalogue (stdlib/messages_explain.def) in the program's voice; expressions are quoted from
// the policy's source with their whitespace runs folded into one space.
#include "interpreter/report/explain.hpp"

#include "interpreter/evaluate/walker.hpp"
#include "stdlib/json_text.hpp"
#include "stdlib/date.hpp"
#include "stdlib/vocabulary.hpp"

#include <kadenz/diagnostic.hpp>

namespace kadenz::detail {
namespace {

constexpr const char* kHitWords[] = {"first", "unique", "shortest", "longest"};
constexpr const char* kKindWords[] = {"let", "output", "table", "require", "warn"};
constexpr const char* kOutcomeWords[] = {"matched", "not_matched", "otherwise", "not_reached"};
constexpr const char* kChoiceWords[] = {"first", "only", "shortest", "longest", "otherwise", "no_rule", "two_unique", "fault"};

// The source text of a span with every run of whitespace (line breaks of a long condition too)
// folded into one space.
std::string quoted(const Program& p, Span span) {
  // A parenthesised operand's span ends before its `)`: take the closing parentheses that the
  // text opens, so that the quote reads as written.
  int open = 0;
  bool in_text = false;
  for (const char c : span_text(p, span)) {
    if (c == '"') in_text = !in_text;
    if (!in_text && c == '(') ++open;
    if (!in_text && c == ')') --open;
  }
  while (open > 0) {
    const std::string_view after = span_text(p, Span{span.end, span.end + 1});
    if (after == " " || after == "\t") {
      ++span.end;
      continue;
    }
    if (after != ")") break;
    ++span.end;
    --open;
  }
  std::string out;
  bool space = false;
  for (const char c : span_text(p, span)) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// The line a span starts on (in the file it is in).
std::uint32_t line_of(const Program& p, Span span) {
  const SourcePlace at = locate(*p.source, span.begin);
  return line_column(at.text, at.offset).line;
}

// Renders one trace; a small object so that the text and JSON printers share the lookups.
struct Printer {
  const Program& p;
  const Trace& t;

  std::string say(Msg id, std::initializer_list<std::string_view> args = {}) const {
    return detail::say(p.voice, id, args);
  }
  std::string value(const TracedValue& v) const { return v.empty ? say(Msg::explain_empty) : v.text; }
  std::string rule_name(const CompiledTable& table, std::int32_t rule) const {
    const CompiledRule& r = table.rules[static_cast<std::size_t>(rule)];
    return r.section.empty() ? r.name : r.name + ' ' + r.section;
  }

  // `u25` is false (u25 = false); operands that are the part itself are not repeated.
  std::string part(const TracedPart& x) const {
    const std::string text = quoted(p, x.span);
    std::string out = say(x.fault ? Msg::explain_part_fault : x.holds ? Msg::explain_part_true : Msg::explain_part_false, {text});
    std::string values;
    for (const auto& o : x.operands) {
      const std::string name = quoted(p, o.span);
      if (name == text && x.operands.size() == 1 && !o.value.empty && (o.value.text == "true" || o.value.text == "false"))
        continue;
      if (!values.empty()) values += ", ";
      values += name + " = " + value(o.value);
    }
    if (!values.empty()) out += " (" + values + ")";
    return out;
  }
  std::string condition(const TracedCondition& c) const {
    std::string out;
    for (const auto& x : c.parts) {
      if (!out.empty()) out += "; ";
      out += part(x);
    }
    return out;
  }

  // The step that decided table `table`, or null.
  const TraceStep* table_step(std::uint32_t table) const {
    for (const auto& s : t.steps)
      if (s.kind == TraceKind::table && s.index == table) return &s;
    return nullptr;
  }

  // The sections that shaped a value: the deciding rule of each table on its path.
  struct Section {
    std::string section, table, rule;
  };
  std::vector<Section> sections(const TraceStep& s) const {
    std::vector<Section> out;
    for (const std::uint32_t ti : s.tables) {
      const TraceStep* ts = table_step(ti);
      if (ts == nullptr || ts->table.chosen < 0) continue;
      const CompiledTable& table = p.tables[ti];
      const CompiledRule& r = table.rules[static_cast<std::size_t>(ts->table.chosen)];
      out.push_back(Section{r.section, table.name, r.name});
    }
    // then the cited adjustments that shaped it: an `if … §X then` branch taken on its path, and
    // the output's own citation when its value is neither empty nor `false` (as `source` lists them)
    for (const TracedBranch& b : s.branches) {
      if (!b.then) continue;
      const Node& n = p.nodes[b.node];
      const Node& branch = p.nodes[p.kids[n.first + 1]];
      if (branch.code == Code::cite && branch.aux < p.citations.size()) out.push_back(Section{p.citations[branch.aux], {}, {}});
    }
    if (s.kind == TraceKind::output && s.index < p.outputs.size()) {
      const std::uint32_t slot = p.outputs[s.index].slot;
      for (const Step& st : p.steps) {
        if (st.kind != StepKind::compute || st.index != slot || st.cite < 0) continue;
        const bool applies = !s.value.empty && !(st.cite_boolean && s.value.text == "false");
        if (applies && static_cast<std::size_t>(st.cite) < p.citations.size())
          out.push_back(Section{p.citations[static_cast<std::size_t>(st.cite)], {}, {}});
      }
    }
    return out;
  }

  std::string choice(const TraceStep& s) const {
    const CompiledTable& table = p.tables[s.index];
    const TracedTable& tt = s.table;
    switch (tt.choice) {
      case TableChoice::first: return say(Msg::explain_chose_first, {rule_name(table, tt.chosen)});
      case TableChoice::only: return say(Msg::explain_chose_only, {rule_name(table, tt.chosen)});
      case TableChoice::shortest:
      case TableChoice::longest: {
        std::string competed;
        bool tie = false;
        const std::string& won = tt.rules[static_cast<std::size_t>(tt.chosen)].value.text;
        for (const std::uint32_t j : tt.competed) {
          if (!competed.empty()) competed += ", ";
          competed += table.rules[j].name + " " + value(tt.rules[j].value);
          tie |= static_cast<std::int32_t>(j) != tt.chosen && !tt.rules[j].value.empty && tt.rules[j].value.text == won;
        }
        return say(tt.choice == TableChoice::shortest ? Msg::explain_chose_shortest : Msg::explain_chose_longest,
                   {rule_name(table, tt.chosen), competed}) +
               (tie ? say(Msg::explain_tie) : std::string());
      }
      case TableChoice::otherwise: return say(Msg::explain_chose_otherwise, {rule_name(table, tt.chosen)});
      case TableChoice::no_rule: return say(Msg::explain_no_rule);
      case TableChoice::two_unique:
        return say(Msg::explain_two_unique,
                   {rule_name(table, tt.chosen), rule_name(table, tt.second), hit_phrase(p.voice.keywords, table.hit)});
      case TableChoice::fault: return say(Msg::explain_table_fault);
    }
    return {};
  }

  std::string rule_line(const CompiledTable& table, const TracedRule& r) const {
    std::string out = say(Msg::explain_rule, {rule_name(table, static_cast<std::int32_t>(r.rule))}) + ": ";
    switch (r.outcome) {
      case RuleOutcome::matched: out += say(Msg::explain_matches); break;
      case RuleOutcome::not_matched: out += say(Msg::explain_does_not_match); break;
      case RuleOutcome::otherwise: out += say(Msg::explain_otherwise_rule); break;
      case RuleOutcome::not_reached: out += say(Msg::explain_not_reached); break;
    }
    if (r.has_value) out += " → " + value(r.value);
    if (!r.condition.parts.empty()) out += ": " + condition(r.condition);
    return out;
  }

  std::string branch(const TracedBranch& b) const {
    return say(Msg::explain_branch,
               {std::to_string(line_of(p, p.nodes[b.node].span)),
                keyword_spelling(b.then ? Kw::then : Kw::else_, p.voice.keywords)});
  }

  // The step's first line (what the text form prints unindented).
  std::string headline(const TraceStep& s) const {
    switch (s.kind) {
      case TraceKind::let:
        return say(Msg::explain_let, {p.definitions[s.index].name, s.decided ? value(s.value) : say(Msg::explain_fault)});
      case TraceKind::output:
        return say(Msg::explain_output, {p.outputs[s.index].name, s.decided ? value(s.value) : say(Msg::explain_fault)});
      case TraceKind::table: {
        const CompiledTable& table = p.tables[s.index];
        const std::string outcome = s.decided ? say(Msg::explain_table_value, {value(s.value), rule_name(table, s.table.chosen)})
                                              : say(Msg::explain_not_decided, {choice(s)});
        return say(Msg::explain_table, {table.name, hit_phrase(p.voice.keywords, table.hit), outcome});
      }
      case TraceKind::require:
        return say(Msg::explain_require, {quoted(p, p.nodes[static_cast<std::size_t>(s.condition.node)].span),
                                          s.holds ? say(Msg::explain_holds) : say(Msg::explain_fails, {s.value.text})});
      case TraceKind::warn:
        return say(Msg::explain_warn, {quoted(p, p.nodes[static_cast<std::size_t>(s.condition.node)].span),
                                       s.holds ? say(Msg::explain_fired, {s.value.text}) : say(Msg::explain_not_fired)});
    }
    return {};
  }

  // The step's further lines (indented by two spaces in the text form).
  std::vector<std::string> details(const TraceStep& s) const {
    std::vector<std::string> out;
    switch (s.kind) {
      case TraceKind::output: {
        std::string list;
        for (const auto& x : sections(s)) {
          if (!list.empty()) list += "; ";
          list += x.section.empty() ? x.table + "." + x.rule
                  : x.table.empty() ? x.section
                                    : say(Msg::explain_section, {x.section, x.table, x.rule});
        }
        out.push_back(list.empty() ? say(Msg::explain_no_sections) : say(Msg::explain_sections, {list}));
        break;
      }
      case TraceKind::table: {
        const CompiledTable& table = p.tables[s.index];
        for (const auto& r : s.table.rules) out.push_back(rule_line(table, r));
        if (s.decided) out.push_back(choice(s));
        break;
      }
      case TraceKind::require:
      case TraceKind::warn:
        if (!s.condition.parts.empty()) out.push_back(condition(s.condition));
        break;
      case TraceKind::let: break;
    }
    for (const auto& b : s.branches) out.push_back(branch(b));
    return out;
  }

  std::string header(const TraceTitle& title) const {
    return say(Msg::explain_header, {title.record, iso_date(title.as_of), p.name});
  }
  std::string result() const {
    if (!t.read) return say(Msg::explain_not_decided, {say(Msg::explain_cells, {t.error})});
    return t.decided ? say(Msg::explain_decided) : say(Msg::explain_not_decided, {t.error});
  }
};

void json_value(std::string& out, const TracedValue& v) {
  if (v.empty) {
    out += "null";
  } else {
    append_json_string(out, v.text);
  }
}

void json_condition(std::string& out, const Printer& pr, const TracedCondition& c) {
  if (c.node < 0) {
    out += "null";
    return;
  }
  out += "{\"holds\":";
  out += c.holds ? "true" : "false";
  out += ",\"parts\":[";
  for (std::size_t i = 0; i < c.parts.size(); ++i) {
    const TracedPart& x = c.parts[i];
    if (i) out += ',';
    out += "{\"expression\":";
    append_json_string(out, quoted(pr.p, x.span));
    out += ",\"at\":";
    append_json_string(out, where(pr.p, x.span));
    out += ",\"holds\":";
    out += x.holds ? "true" : "false";
    out += ",\"fault\":";
    out += x.fault ? "true" : "false";
    out += ",\"values\":[";
    for (std::size_t j = 0; j < x.operands.size(); ++j) {
      if (j) out += ',';
      out += "{\"expression\":";
      append_json_string(out, quoted(pr.p, x.operands[j].span));
      out += ",\"value\":";
      json_value(out, x.operands[j].value);
      out += '}';
    }
    out += "]}";
  }
  out += "]}";
}

void json_key(std::string& out, std::string_view key) {
  out += ",\"";
  out += key;
  out += "\":";
}

}  // namespace

std::string render_trace_text(const Program& program, const Trace& trace, const TraceTitle& title) {
  const Printer pr{program, trace};
  std::string out = pr.header(title) + "\n\n";
  for (const auto& s : trace.steps) {
    out += pr.headline(s) + '\n';
    for (const auto& line : pr.details(s)) out += "  " + line + '\n';
  }
  if (!trace.steps.empty()) out += '\n';
  out += pr.result() + '\n';
  return out;
}

std::string render_trace_json(const Program& program, const Trace& trace, const TraceTitle& title) {
  const Printer pr{program, trace};
  std::string out = "{\"policy\":";
  append_json_string(out, program.name);
  json_key(out, "record");
  append_json_string(out, title.record);
  json_key(out, "as_of");
  append_json_string(out, iso_date(title.as_of));
  json_key(out, "lang");
  out += program.voice.text == Lang::de ? "\"de\"" : "\"en\"";
  json_key(out, "read");
  out += trace.read ? "true" : "false";
  json_key(out, "decided");
  out += trace.decided ? "true" : "false";
  json_key(out, "error");
  if (trace.decided) {
    out += "null";
  } else {
    append_json_string(out, trace.error);
  }
  json_key(out, "steps");
  out += '[';
  for (std::size_t i = 0; i < trace.steps.size(); ++i) {
    const TraceStep& s = trace.steps[i];
    if (i) out += ',';
    out += "{\"kind\":\"";
    out += kKindWords[static_cast<std::size_t>(s.kind)];
    out += '"';
    Span at;
    switch (s.kind) {
      case TraceKind::let: at = program.definitions[s.index].span; break;
      case TraceKind::output: at = program.outputs[s.index].span; break;
      case TraceKind::table: at = program.tables[s.index].span; break;
      default: at = program.validation_spans[s.index]; break;
    }
    json_key(out, "name");
    switch (s.kind) {
      case TraceKind::let: append_json_string(out, program.definitions[s.index].name); break;
      case TraceKind::output: append_json_string(out, program.outputs[s.index].name); break;
      case TraceKind::table: append_json_string(out, program.tables[s.index].name); break;
      default: out += "null";
    }
    json_key(out, "at");
    append_json_string(out, where(program, at));
    json_key(out, "decided");
    out += s.decided ? "true" : "false";
    json_key(out, "value");
    if (s.kind == TraceKind::require || s.kind == TraceKind::warn || (s.kind == TraceKind::table && !s.decided) ||
        !s.decided) {
      out += "null";
    } else {
      json_value(out, s.value);
    }
    if (s.kind == TraceKind::require || s.kind == TraceKind::warn) {
      json_key(out, "expression");
      append_json_string(out, quoted(program, program.nodes[static_cast<std::size_t>(s.condition.node)].span));
      json_key(out, s.kind == TraceKind::require ? "holds" : "fired");
      out += s.holds ? "true" : "false";
      json_key(out, "message");
      if (s.kind == TraceKind::require ? !s.holds : s.holds) {
        append_json_string(out, s.value.text);
      } else {
        out += "null";
      }
      json_key(out, "condition");
      json_condition(out, pr, s.condition);
    }
    if (s.kind == TraceKind::table) {
      const CompiledTable& table = program.tables[s.index];
      const TracedTable& tt = s.table;
      json_key(out, "hit");
      out += '"';
      out += kHitWords[static_cast<std::size_t>(table.hit)];
      out += '"';
      json_key(out, "choice");
      out += '"';
      out += kChoiceWords[static_cast<std::size_t>(tt.choice)];
      out += '"';
      const auto rule_or_null = [&](std::int32_t r) {
        if (r < 0) {
          out += "null";
        } else {
          append_json_string(out, table.rules[static_cast<std::size_t>(r)].name);
        }
      };
      json_key(out, "chosen");
      rule_or_null(tt.chosen);
      json_key(out, "second");
      rule_or_null(tt.second);
      json_key(out, "competed");
      out += '[';
      for (std::size_t j = 0; j < tt.competed.size(); ++j) {
        if (j) out += ',';
        append_json_string(out, table.rules[tt.competed[j]].name);
      }
      out += ']';
      json_key(out, "rules");
      out += '[';
      for (std::size_t j = 0; j < tt.rules.size(); ++j) {
        const TracedRule& r = tt.rules[j];
        const CompiledRule& cr = table.rules[r.rule];
        if (j) out += ',';
        out += "{\"name\":";
        append_json_string(out, cr.name);
        json_key(out, "section");
        append_json_string(out, cr.section);
        json_key(out, "at");
        append_json_string(out, where(program, cr.span));
        json_key(out, "outcome");
        out += '"';
        out += kOutcomeWords[static_cast<std::size_t>(r.outcome)];
        out += '"';
        json_key(out, "value");
        if (r.has_value) {
          json_value(out, r.value);
        } else {
          out += "null";
        }
        json_key(out, "condition");
        json_condition(out, pr, r.condition);
        out += '}';
      }
      out += ']';
    }
    if (s.kind == TraceKind::let || s.kind == TraceKind::output) {
      json_key(out, "tables");
      out += '[';
      for (std::size_t j = 0; j < s.tables.size(); ++j) {
        if (j) out += ',';
        append_json_string(out, program.tables[s.tables[j]].name);
      }
      out += ']';
    }
    if (s.kind == TraceKind::output) {
      json_key(out, "sections");
      out += '[';
      bool first = true;
      for (const auto& x : pr.sections(s)) {
        if (!first) out += ',';
        first = false;
        out += "{\"section\":";
        append_json_string(out, x.section);
        json_key(out, "table");
        append_json_string(out, x.table);
        json_key(out, "rule");
        append_json_string(out, x.rule);
        out += '}';
      }
      out += ']';
    }
    json_key(out, "branches");
    out += '[';
    for (std::size_t j = 0; j < s.branches.size(); ++j) {
      if (j) out += ',';
      out += "{\"at\":";
      append_json_string(out, where(program, program.nodes[s.branches[j].node].span));
      out += ",\"taken\":";
      out += s.branches[j].then ? "\"then\"" : "\"else\"";
      out += '}';
    }
    out += ']';
    json_key(out, "text");
    out += '[';
    append_json_string(out, pr.headline(s));
    for (const auto& line : pr.details(s)) {
      out += ',';
      append_json_string(out, line);
    }
    out += "]}";
  }
  out += ']';
  json_key(out, "text");
  append_json_string(out, pr.result());
  out += "}\n";
  return out;
}

}  // namespace kadenz::detail
