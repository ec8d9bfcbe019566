// Analyze stage: the findings beyond the tables - checks that always or never hold, warnings
// that never fire, declarations nothing reads, outputs no table feeds, messages that show
// personal data, and notes on the conditions the analysis treats as unknown.
#include "interpreter/analyze/analyzer.hpp"

#include "stdlib/duration.hpp"

#include <fmt/format.h>

#include <algorithm>

#include <set>
#include <string_view>

namespace kadenz::detail::analysis {
namespace {

// True if `node` reads a table's outcome (through definitions).
bool depends_on_table(const Context& cx, std::uint32_t node) {
  Atom a;
  deps(cx, node, a);
  return !a.tables.empty();
}

// True for the codes whose value is a yes/no: what they read decides, but does not show.
bool is_test(Code c) {
  switch (c) {
    case Code::eq: case Code::ne: case Code::lt: case Code::le: case Code::gt: case Code::ge:
    case Code::text_eq: case Code::text_ne: case Code::in_set: case Code::text_in_set:
    case Code::is_empty: case Code::is_not_empty:
    case Code::logical_and: case Code::logical_or: case Code::logical_not:
      return true;
    default:
      return false;
  }
}

// Walks the nodes whose value may show in the value of `node`: through definitions and the
// results of tables, not into conditions (`if`'s, tests), which choose a value but do not show
// one. `visit(n)` is called once per node reached; it returns false to go no further below n.
template <class Visit>
void walk_shown(const Context& cx, std::uint32_t node, Visit visit) {
  const Program& p = cx.p;
  std::vector<bool> seen(p.nodes.size(), false);
  std::vector<std::uint32_t> stack{node};
  while (!stack.empty()) {
    const std::uint32_t n = stack.back();
    stack.pop_back();
    if (seen[n]) continue;
    seen[n] = true;
    const Node& x = p.nodes[n];
    if (is_test(x.code) || !visit(n)) continue;
    if (x.code == Code::load) {
      if (x.aux < p.facts.size()) continue;
      if (cx.table_of[x.aux] >= 0) {
        for (const auto& r : p.tables[static_cast<std::size_t>(cx.table_of[x.aux])].rules) stack.push_back(r.then);
      } else if (cx.def_node[x.aux] >= 0) {
        stack.push_back(static_cast<std::uint32_t>(cx.def_node[x.aux]));
      }
      continue;
    }
    for (std::uint32_t k = x.code == Code::if_then ? 1 : 0; k < x.count; ++k) stack.push_back(p.kids[x.first + k]);
  }
}

// The facts whose value may show in the value of `node` (walk_shown).
std::set<std::uint32_t> shown_facts(const Context& cx, std::uint32_t node) {
  std::set<std::uint32_t> facts;
  walk_shown(cx, node, [&](std::uint32_t n) {
    const Node& x = cx.p.nodes[n];
    if (x.code == Code::load && x.aux < cx.p.facts.size()) facts.insert(x.aux);
    return true;
  });
  return facts;
}

// The offset where the line holding `pos` starts.
std::size_t line_start(std::string_view text, std::size_t pos) {
  if (pos == 0) return 0;
  const std::size_t nl = text.rfind('\n', pos - 1);
  return nl == std::string_view::npos ? 0 : nl + 1;
}

// Where the comment of one line starts (a `#` outside a text in double quotes), or npos.
std::size_t comment_start(std::string_view line) {
  bool in_text = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (in_text && line[i] == '\\') {
      ++i;  // an escape: `\"` does not close the text
    } else if (line[i] == '"') {
      in_text = !in_text;
    } else if (line[i] == '#' && !in_text) {
      return i;
    }
  }
  return std::string_view::npos;
}

// True if the line of `span`, or the line before it, holds a comment `# kadenz: allow CODE`
// (several codes separated by blanks or commas): the author has seen the finding and keeps
// what it is about.
bool allowed_by_comment(const Program& p, Span span, std::string_view code) {
  if (!p.source) return false;
  const SourcePlace at = locate(*p.source, span.begin);
  const std::string_view text = at.text;
  std::size_t begin = line_start(text, at.offset);
  if (begin > 0) begin = line_start(text, begin - 1);
  std::size_t end = text.find('\n', at.offset);
  if (end == std::string_view::npos) end = text.size();
  constexpr std::string_view kAllow = "kadenz: allow";
  for (std::size_t line = begin; line < end;) {
    std::size_t eol = text.find('\n', line);
    if (eol == std::string_view::npos) eol = text.size();
    const std::string_view l = text.substr(line, eol - line);
    const std::size_t hash = comment_start(l);
    const std::size_t allow = l.find(kAllow);
    if (hash != std::string_view::npos && allow != std::string_view::npos && hash < allow) {
      std::string_view rest = l.substr(allow + kAllow.size());
      while (!rest.empty()) {
        const std::size_t skip = rest.find_first_not_of(" ,\t\r");
        if (skip == std::string_view::npos) break;
        rest.remove_prefix(skip);
        const std::size_t len = std::min(rest.find_first_of(" ,\t\r"), rest.size());
        if (rest.substr(0, len) == code) return true;
        rest.remove_prefix(len);
      }
    }
    line = eol + 1;
  }
  return false;
}

// Warns about each `{…}` of the message `node` (a concat) that shows a date read from a date
// fact or text read from a text fact that is not the key: a birth date or a name in every
// output row the message reaches. Enumerations, numbers, durations and yes/no are not flagged.
void check_interpolations(Context& cx, std::uint32_t node, std::string_view where) {
  const Program& p = cx.p;
  const Node& n = p.nodes[node];
  if (n.code != Code::concat) return;
  constexpr std::string_view kCode = "personal-data-in-message";
  for (std::uint32_t k = 0; k < n.count; ++k) {
    const std::uint32_t kid = p.kids[n.first + k];
    const Node& v = p.nodes[kid];
    if (v.code == Code::constant) continue;
    const bool date = v.code == Code::to_text && v.arg_type == BaseType::date;
    if (v.code == Code::to_text && !date) continue;
    const std::uint32_t value = date ? p.kids[v.first] : kid;
    for (const std::uint32_t f : shown_facts(cx, value)) {
      const CompiledFact& fact = p.facts[f];
      const bool personal = date ? fact.type.base == BaseType::date
                                 : fact.type.base == BaseType::text && f != p.key_fact;
      if (!personal || allowed_by_comment(p, v.span, kCode)) continue;
      add(cx, Msg::personal_data, Severity::warning, v.span,
          {where, text(cx, date ? Msg::fact_kind_date : Msg::fact_kind_text), fact.name, kCode});
      break;  // one finding per `{…}`
    }
  }
}

}  // namespace

// Every text with `{…}` whose value can reach what `node` shows: through definitions (`let`),
// both branches of `if` and every rule outcome of a table, not into conditions. Each is checked
// once per analysis (`done`), where it is written, so a `let` used by several outputs is one
// finding; a text inside another's `{…}` is the outer one's finding.
void check_reachable_interpolations(Context& cx, std::uint32_t node, std::string_view where,
                                    std::vector<bool>& done) {
  walk_shown(cx, node, [&](std::uint32_t n) {
    if (cx.p.nodes[n].code != Code::concat) return true;
    // its `{…}` are followed by check_interpolations itself: one finding per `{…}`
    if (!done[n]) check_interpolations(cx, n, where);
    done[n] = true;
    return false;
  });
}

// Messages of `require` and `warn` and outputs that show a text with `{…}`, written there or in
// a definition or table outcome they show: each interpolated date or text fact is a warning the
// author silences with a comment on the line of the `{…}`.
void report_personal_data(Context& cx) {
  const Program& p = cx.p;
  std::vector<bool> done(p.nodes.size(), false);
  for (const Step& st : p.steps) {
    if (st.kind == StepKind::require || st.kind == StepKind::warn) {
      check_reachable_interpolations(
          cx, st.message, text(cx, st.kind == StepKind::require ? Msg::this_require_message : Msg::this_warn_message),
          done);
    }
  }
  for (const auto& o : p.outputs) {
    if (cx.def_node[o.slot] >= 0) {
      check_reachable_interpolations(cx, static_cast<std::uint32_t>(cx.def_node[o.slot]),
                                     text(cx, Msg::output_named, {o.name}), done);
    }
  }
}

// A `require` is judged on the records that reach it, a `warn` on the records that pass every
// `require`, wherever it stands. A check touching an unknown condition gets no finding: the claim
// would not be proven.
void analyze_validations(Context& cx) {
  const Program& p = cx.p;
  for (std::size_t s = 0; s < p.steps.size(); ++s) {
    const Step& st = p.steps[s];
    if (st.kind != StepKind::require && st.kind != StepKind::warn) continue;
    const Span span = p.validation_spans[st.index];
    const Region domain = reaching(cx, st.kind == StepKind::warn ? p.steps.size() : s);
    if (domain.empty()) continue;
    const bool sure = !touches_opaque(cx, st.node);
    if (st.kind == StepKind::require) {
      if (sure && meet(domain, region(cx, st.node, false), cx.work).empty()) {
        add(cx, Msg::always_true, Severity::warning, span);
      } else if (sure && meet(domain, region(cx, st.node, true), cx.work).empty()) {
        add(cx, Msg::never_true, Severity::warning, span);
      }
    } else if (sure && meet(domain, region(cx, st.node, true), cx.work).empty()) {
      add(cx, Msg::never_fires, Severity::warning, span);
    }
  }
}

// One note per opaque atom, in node order, with the reason it is not analysable.
void report_opaque(Context& cx) {
  for (const auto& [node, a] : cx.atoms) {
    if (a.analysable) continue;
    const std::string why = text(cx, a.facts.size() > 1 ? Msg::opaque_several_facts
                                     : a.facts.empty()  ? Msg::opaque_no_enumeration
                                                        : Msg::opaque_not_comparison);
    add(cx, Msg::not_analysed, Severity::note, cx.p.nodes[node].span, {why});
  }
}

// A slot counts as read if any step (rules, checks and their messages, computations) or
// workload entry loads it; the key fact and `input only` facts are exempt. Unused parameters
// are only notes, since reports may read them.
void report_unused(Context& cx) {
  const Program& p = cx.p;
  std::vector<bool> read(p.slot_count, false);
  std::vector<std::uint32_t> stack;
  for (const Step& s : p.steps) {
    if (s.kind == StepKind::table) {
      for (const auto& r : p.tables[s.index].rules) {
        if (r.when >= 0) stack.push_back(static_cast<std::uint32_t>(r.when));
        stack.push_back(r.then);
      }
    } else {
      stack.push_back(s.node);
      if (s.kind != StepKind::compute) stack.push_back(s.message);
    }
  }
  for (const auto& w : p.workload) stack.push_back(w.node);
  std::vector<bool> seen(p.nodes.size(), false);
  while (!stack.empty()) {
    const std::uint32_t n = stack.back();
    stack.pop_back();
    if (seen[n]) continue;
    seen[n] = true;
    const Node& x = p.nodes[n];
    if (x.code == Code::load) read[x.aux] = true;
    if (x.code == Code::is_empty || x.code == Code::is_not_empty) read[p.nodes[p.kids[x.first]].aux] = true;
    for (std::uint32_t k = 0; k < x.count; ++k) stack.push_back(p.kids[x.first + k]);
  }
  for (std::size_t f = 0; f < p.facts.size(); ++f) {
    if (!read[f] && f != p.key_fact && !p.facts[f].input_only) {
      add(cx, Msg::unused_fact, Severity::warning, p.facts[f].span, {p.facts[f].name});
    }
  }
  for (std::size_t i = 0; i < p.parameter_slots.size(); ++i) {
    if (!read[p.parameter_slots[i]]) {
      // a note: reports such as the workload read parameters the rules do not
      add(cx, Msg::unused_parameter, Severity::note, p.parameter_spans[i], {p.parameter_names[i]});
    }
  }
  for (const auto& d : p.definitions) {
    if (!read[d.slot]) {
      add(cx, Msg::unused_definition, Severity::warning, d.span, {d.name});
    }
  }
  // outputs that no decision feeds: they say the same for every rule
  for (const auto& o : p.outputs) {
    if (!depends_on_table(cx, static_cast<std::uint32_t>(cx.def_node[o.slot]))) {
      add(cx, Msg::independent_output, Severity::note, o.span, {o.name});
    }
  }
}

// For each `shortest`/`longest` table of durations: two constant results in different units less
// than a day apart (`30 Tage`, `1 Monat`) are ordered by the nominal month, which a reader may
// not expect. Each pair of distinct results is reported once, at the later rule; the results
// are sorted by length and only neighbours within a day are compared (at most a few per unit),
// so this is n log n in the rules.
void report_close_durations(Context& cx) {
  const Program& p = cx.p;
  for (const CompiledTable& t : p.tables) {
    if (t.type.base != BaseType::duration || (t.hit != HitPolicy::shortest && t.hit != HitPolicy::longest)) continue;
    std::vector<std::pair<std::int64_t, std::size_t>> results;  // (encoded value, first rule with it)
    for (std::size_t r = 0; r < t.rules.size(); ++r) {
      const Node& then = p.nodes[t.rules[r].then];
      if (then.code == Code::constant) results.emplace_back(then.imm, r);
    }
    std::stable_sort(results.begin(), results.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    results.erase(std::unique(results.begin(), results.end(),
                              [](const auto& a, const auto& b) { return a.first == b.first; }),
                  results.end());
    for (std::size_t i = 0; i < results.size(); ++i) {
      for (std::size_t j = i + 1; j < results.size(); ++j) {
        const std::int64_t a = results[i].first, b = results[j].first;
        if (duration_nominal(b) - duration_nominal(a) >= kDurationPerDay) break;
        if (duration_unit(a) == duration_unit(b)) continue;
        const std::size_t ra = std::min(results[i].second, results[j].second);
        const std::size_t rb = std::max(results[i].second, results[j].second);
        const CompiledRule& first = t.rules[ra];
        const CompiledRule& later = t.rules[rb];
        char buf[32];
        const std::string va(buf, format_duration(buf, p.nodes[first.then].imm, p.voice.keywords));
        const std::string vb(buf, format_duration(buf, p.nodes[later.then].imm, p.voice.keywords));
        const std::string shorter(buf, format_duration(buf, a, p.voice.keywords));
        auto& d = add(cx, Msg::close_durations, Severity::note, p.nodes[later.then].span,
                      {va, first.name, vb, later.name, shorter}, later.section);
        d.secondary.push_back(Label{p.nodes[first.then].span, va});
      }
    }
  }
}

}  // namespace kadenz::detail::analysis
