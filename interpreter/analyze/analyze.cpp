// Analyze stage, entry: partitions each fact's values at the points where some condition changes
// its truth, represents conditions as unions of boxes over those cells (the DMN sweep idea), and
// finds gaps, overlaps and unreachable rules exactly. Every finding's example customer is
// replayed through the real evaluator before it is reported. This file sets up the context and
// runs the parts in order; the parts live beside it (see analyzer.hpp).
#include "interpreter/analyze/analyzer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

namespace kadenz::detail {
namespace analysis {
namespace {

// The slot maps (which node computes a definition, which table decides a slot) and the probe
// frame, with as_of in its slot and the parameters loaded.
void prepare(Context& cx) {
  const Program& p = cx.p;
  cx.out.as_of = cx.as_of;
  cx.def_node.assign(p.slot_count, -1);
  cx.table_of.assign(p.slot_count, -1);
  for (const Step& s : p.steps)
    if (s.kind == StepKind::compute) cx.def_node[s.index] = static_cast<std::int32_t>(s.node);
  for (std::size_t t = 0; t < p.tables.size(); ++t) cx.table_of[p.tables[t].slot] = static_cast<std::int32_t>(t);
  prepare_frame(p, cx.frame);
  cx.frame.slots[p.as_of_slot].i = cx.as_of;
  prepare_frame(p, cx.replay_frame);
  cx.step_of_table.assign(p.tables.size(), -1);
  cx.step_of_require.assign(p.validation_spans.size(), -1);
  for (std::size_t i = 0; i < p.steps.size(); ++i) {
    const Step& s = p.steps[i];
    if (s.kind == StepKind::table) cx.step_of_table[s.index] = static_cast<std::int32_t>(i);
    if (s.kind == StepKind::require) cx.step_of_require[s.index] = static_cast<std::int32_t>(i);
  }
}

// Constant outcomes per table: set if every rule's outcome reads no fact and no table and
// evaluates. A table whose outcomes depend on facts (or are texts) is analysed for gaps and
// overlaps only, and conditions that read it are opaque.
void find_constant_outcomes(Context& cx) {
  const Program& p = cx.p;
  cx.outcomes.resize(p.tables.size());
  for (std::size_t t = 0; t < p.tables.size(); ++t) {
    std::vector<Value> values;
    bool constant = true;
    for (const auto& r : p.tables[t].rules) {
      Atom a;
      deps(cx, r.then, a);
      Value v;
      if (!a.facts.empty() || !a.tables.empty() || !evaluate_node(p, cx.frame, r.then, v)) {
        constant = false;
        break;
      }
      values.push_back(v);
    }
    if (constant && p.tables[t].type.base != BaseType::text) cx.outcomes[t] = std::move(values);
  }
}

}  // namespace

// Findings are reported in the order they are added; a new one has no secondary labels and no
// witness yet.
Diagnostic& add(Context& cx, Msg id, Severity sev, Span span, std::initializer_list<std::string_view> args,
                std::string section) {
  cx.out.findings.push_back(diagnostic(cx.p.voice, id, sev, span, args));
  cx.out.findings.back().section = std::move(section);
  return cx.out.findings.back();
}

std::string text(const Context& cx, Msg id, std::initializer_list<std::string_view> args) {
  return say(cx.p.voice, id, args);
}

// The severity drops to a note and the code becomes `unconfirmed`, so an error or warning is
// only ever reported with an example customer that shows it.
void downgrade(const Context& cx, Diagnostic& d) {
  d.severity = Severity::note;
  d.message += text(cx, Msg::downgraded);
  d.code = std::string(entry(Msg::downgraded).code);
}

void downgrade_shadowed(Context& cx, Diagnostic& d, std::size_t earlier) {
  d.severity = Severity::note;
  d.message += text(cx, Msg::downgraded_shadowed, {cx.p.tables[earlier].name});
  d.code = std::string(entry(Msg::downgraded_shadowed).code);
}

}  // namespace analysis

// The order of the parts is fixed, and with it the order of the findings: tables in step order,
// then checks, unused declarations, unknown conditions, and the limit note last. Each table,
// and the checks together, may use options.table_budget box operations, all of them together
// options.policy_budget; a part that runs out is reported as incomplete and the next begins.
Analysis analyze_program(const Program& program, std::int32_t as_of, const AnalysisOptions& options) {
  using namespace analysis;
  Context cx(program, as_of, options);
  prepare(cx);
  find_constant_outcomes(cx);
  for (const auto& tab : program.tables)
    for (const auto& r : tab.rules)
      if (r.when >= 0) collect_atoms(cx, static_cast<std::uint32_t>(r.when));
  for (const Step& s : program.steps)
    if (s.kind == StepKind::require || s.kind == StepKind::warn) collect_atoms(cx, s.node);
  build_space(cx);
  // Runs one part within its budget; true if it finished, and sets `cut` if a region of it was cut.
  auto within_budget = [&](const auto& part, bool& cut) {
    // Saturating: a caller may pass the largest value for "no limit".
    const std::uint64_t room = std::numeric_limits<std::uint64_t>::max() - cx.work.done;
    cx.work.limit = std::min(cx.work.done + std::min<std::uint64_t>(options.table_budget, room), options.policy_budget);
    const CutScope scope(cx.work);
    bool finished = true;
    try {
      part();
    } catch (const OutOfBudget&) {
      finished = false;
    }
    cut = scope.cut();
    return finished && !cx.work.exhausted();
  };
  std::vector<std::size_t> skipped;
  for (std::size_t s = 0; s < program.steps.size(); ++s) {
    if (program.steps[s].kind != StepKind::table) continue;
    const std::size_t t = program.steps[s].index;
    if (cx.work.done >= options.policy_budget) {
      skipped.push_back(t);
      continue;
    }
    bool cut = false;
    const bool finished = within_budget([&] { analyze_table(cx, t, s); }, cut);
    if (!finished || cut) report_incomplete_table(cx, t, !finished);
  }
  report_skipped_tables(cx, skipped);
  bool has_checks = false;
  for (const Step& s : program.steps) has_checks |= s.kind == StepKind::require || s.kind == StepKind::warn;
  bool checks_cut = false;
  const bool checks_done = !has_checks || (cx.work.done < options.policy_budget &&
                                           within_budget([&] { analyze_validations(cx); }, checks_cut));
  if (!checks_done || checks_cut) {
    add(cx, Msg::checks_incomplete, Severity::warning, Span{0, 0},
        {text(cx, checks_done ? Msg::checks_expand : Msg::checks_stopped)});
  }
  if (cx.examples_skipped > 0) {
    add(cx, cx.examples_skipped == 1 ? Msg::examples_limit_one : Msg::examples_limit_many, Severity::warning,
        Span{0, 0}, {std::to_string(cx.examples_skipped), std::to_string(options.replay_budget)});
  }
  cx.work.limit = UINT64_MAX;
  report_unused(cx);
  report_personal_data(cx);
  report_opaque(cx);
  report_close_durations(cx);
  if (cx.work.truncated) {
    add(cx, Msg::analysis_limit, Severity::note, Span{0, 0});
  }
  return std::move(cx.out);
}

}  // namespace kadenz::detail
