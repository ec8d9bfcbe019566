// Analyze stage: the findings beyond the tables - checks that always or never hold, warnings
// that never fire, declarations nothing reads, outputs no table feeds, and notes on the
// conditions the analysis treats as unknown.
#include "interpreter/analyze/analyzer.hpp"

#include <fmt/format.h>

namespace kadenz::detail::analysis {
namespace {

// True if `node` reads a table's outcome (through definitions).
bool depends_on_table(const Context& cx, std::uint32_t node) {
  Atom a;
  deps(cx, node, a);
  return !a.tables.empty();
}

}  // namespace

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
        add(cx, "always-true", Severity::warning, span, "this check holds for every record that reaches it",
            "never fails", "remove it, or correct the condition if it should exclude something (earlier checks may already "
            "exclude every record it would stop)");
      } else if (sure && meet(domain, region(cx, st.node, true), cx.work).empty()) {
        add(cx, "never-true", Severity::warning, span, "no record can pass this check", "always fails",
            "every record would be an error: correct the condition");
      }
    } else if (sure && meet(domain, region(cx, st.node, true), cx.work).empty()) {
      add(cx, "never-fires", Severity::warning, span, "this warning can never be given", "never true",
          "correct the condition, or remove the warning");
    }
  }
}

// One note per opaque atom, in node order, with the reason it is not analysable.
void report_opaque(Context& cx) {
  for (const auto& [node, a] : cx.atoms) {
    if (a.analysable) continue;
    const std::string why = a.facts.size() > 1 ? "it combines several facts"
                            : a.facts.empty() ? "it depends on a value the checker cannot enumerate"
                                              : "it is not a comparison of one fact with a constant";
    add(cx, "not-analysed", Severity::note, cx.p.nodes[node].span,
        fmt::format("the checker treats this condition as unknown: {}", why), "treated as unknown",
        "findings that depend on it are only reported when an example customer confirms them");
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
      add(cx, "unused", Severity::warning, p.facts[f].span, fmt::format("fact `{}` is never used", p.facts[f].name),
          "declared here",
          "use it in a rule, or mark it `input only` if the caseload column is only checked, not used");
    }
  }
  for (std::size_t i = 0; i < p.parameter_slots.size(); ++i) {
    if (!read[p.parameter_slots[i]]) {
      // a note: reports such as the workload read parameters the rules do not
      add(cx, "unused", Severity::note, p.parameter_spans[i],
          fmt::format("parameter `{}` is not used by any rule, check, output or workload entry",
                      p.parameter_names[i]),
          "declared here", "remove it, or use it");
    }
  }
  for (const auto& d : p.definitions) {
    if (!read[d.slot]) {
      add(cx, "unused", Severity::warning, d.span, fmt::format("definition `{}` is never used", d.name), "declared here",
          "remove it or use it");
    }
  }
  // outputs that no decision feeds: they say the same for every rule
  for (const auto& o : p.outputs) {
    if (!depends_on_table(cx, static_cast<std::uint32_t>(cx.def_node[o.slot]))) {
      add(cx, "independent-output", Severity::note, o.span,
          fmt::format("output `{}` does not depend on any decision table", o.name), "output",
          "fine for plain copies of facts; otherwise check that it uses the table it should");
    }
  }
}

}  // namespace kadenz::detail::analysis
