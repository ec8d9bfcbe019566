// Analyze stage: example customers. Turns a box of a finding into one record (a value per
// fact), writes it as caseload cells, and replays it through the same path as a caseload row
// (parse_cell, then evaluate_record) before the finding may claim it.
#include "interpreter/analyze/analyzer.hpp"

#include "interpreter/caseload/cells.hpp"
#include "stdlib/date.hpp"
#include "interpreter/caseload/format_value.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace kadenz::detail::analysis {
namespace {

// One value per fact for a record in box `b`: the representative of the box's first cell (or
// "empty" where the box allows it), and for facts no condition reads a plain default.
std::vector<Value> witness_values(const Context& cx, const Box& b) {
  const Program& p = cx.p;
  std::vector<Value> v(p.facts.size());
  for (std::size_t f = 0; f < p.facts.size(); ++f) {
    const CompiledFact& fact = p.facts[f];
    auto it = cx.dim_of_slot.find(static_cast<std::uint32_t>(f));
    if (it != cx.dim_of_slot.end()) {
      const Dim& d = cx.dims[static_cast<std::size_t>(it->second)];
      // prefer "empty" for an optional fact where the finding allows it: the shortest example
      const Bits& cells = b.d[static_cast<std::size_t>(it->second)];
      std::size_t c = bits_first(cells).value_or(0);
      if (d.optional && (cells[d.reps.size() / 64] >> (d.reps.size() % 64)) & 1u) c = d.reps.size();
      if (d.is_empty_cell(c)) {
        v[f].empty = true;
      } else {
        v[f] = d.reps[c];
      }
      continue;
    }
    if (fact.type.optional) {
      v[f].empty = true;
    } else if (fact.has_default) {
      v[f] = fact.default_value;
    } else if (fact.type.base == BaseType::date) {
      v[f].i = typical(cx, BaseType::date);
    } else if (fact.type.base == BaseType::text) {
      v[f].p = "Beispiel";
      v[f].n = 8;
    }
  }
  return v;
}

// The caseload cell for value v of fact f, as a user would type it: scaled back to the
// column's unit, and for the key a distinct made-up id per witness (`index`). `f` must be an
// element of cx.p.facts (its position tells whether it is the key).
std::string cell_text(const Context& cx, const CompiledFact& f, const Value& v, std::size_t index) {
  const Program& p = cx.p;
  if (v.empty) return "";
  if (f.type.base == BaseType::text && static_cast<std::size_t>(&f - p.facts.data()) == p.key_fact) {
    return fmt::format("W{}", index);
  }
  if (f.type.base == BaseType::integer && static_cast<std::size_t>(&f - p.facts.data()) == p.key_fact) {
    return fmt::format("{}", 900000 + index);
  }
  std::string s;
  Value scaled = v;
  if (f.scale > 1 && f.type.base != BaseType::date) scaled.i = v.i / f.scale;
  append_value(s, p, f.type, scaled);
  return s;
}

// Runs the witness through the same path as a caseload row: cells -> parse -> evaluate, in
// cx.replay_frame (cx.frame, the probe frame, is left alone). Fills cx.matches with the rules of
// table `table` whose conditions hold on the record; a cell that does not parse ends the replay
// undecided and leaves cx.matches as the last replay left it. Only the finding's table is
// matched: matching every table's rules made each replay cost the whole policy twice, and a
// policy with a finding per table quadratic.
Replay replay(Context& cx, const std::vector<Value>& values, std::size_t index, std::size_t table) {
  const Program& p = cx.p;
  Replay r;
  r.steps = 1;  // a replay whose cells do not parse still costs its parsing
  cx.matches.assign(p.tables[table].rules.size(), false);  // nothing matched until it is shown
  Frame& f = cx.replay_frame;
  reset_record(p, f);
  f.slots[p.as_of_slot].i = cx.as_of;
  for (std::size_t i = 0; i < p.facts.size(); ++i) {
    const std::string cell = cell_text(cx, p.facts[i], values[i], index);
    r.fields.push_back(WitnessField{p.facts[i].column, cell});
  }
  std::string error;
  for (std::size_t i = 0; i < p.facts.size(); ++i) {
    if (!parse_cell(p.facts[i], p.enums, r.fields[i].value, f.slots[i], error)) {
      return r;  // a value the example cannot hold: not a replay
    }
  }
  r.decided = evaluate_record(p, f);
  r.failed_table = f.failed_table;
  r.rule = f.table_rule;
  // the step that stopped it (p.steps.size() if it was decided or stopped by a fault): what the
  // replay is charged, and whether it got as far as the table
  std::uint64_t stop = p.steps.size();
  if (f.failed_table >= 0) stop = static_cast<std::uint64_t>(cx.step_of_table[static_cast<std::size_t>(f.failed_table)]);
  if (f.failed_require >= 0) stop = static_cast<std::uint64_t>(cx.step_of_require[static_cast<std::size_t>(f.failed_require)]);
  r.steps = std::min<std::uint64_t>(stop + 1, p.steps.size());
  // The frame is reused, so the slots of steps the record did not reach hold an earlier
  // replay's values: match only if the evaluation reached the table (it was decided, or it
  // stopped at this table or a later step).
  const auto at = static_cast<std::uint64_t>(cx.step_of_table[table]);
  const bool reached = r.decided || (stop < p.steps.size() && stop >= at);
  for (std::size_t k = 0; reached && k < p.tables[table].rules.size(); ++k) {
    const auto& rule = p.tables[table].rules[k];
    Value v;
    cx.matches[k] = rule.when >= 0 && evaluate_node(p, f, static_cast<std::uint32_t>(rule.when), v) && v.i;
  }
  return r;
}

}  // namespace

// Prefers a customer who passes every check (the finding is then about the rules alone) and
// falls back to any record that shows it; tries at most 64 boxes. Never throws OutOfBudget. Witnesses are numbered in the
// order they are attached, so their key values are distinct within one analysis.
Witness attach_witness(Context& cx, Diagnostic& d, std::size_t table, const Region& where, const Confirm& confirm) {
  if (cx.replay_steps >= cx.options.replay_budget) {
    ++cx.examples_skipped;
    return Witness::skipped;
  }
  Region preferred;
  try {
    preferred = meet(where, decided_region(cx), cx.work);
  } catch (const OutOfBudget&) {
    // The finding is already added: it still gets an example (from `where` alone, maybe one
    // that fails a check); the table is reported incomplete by the next charge or at its end.
    preferred.clear();
  }
  join(preferred, where);
  std::size_t tries = 0;
  // the earlier table every refuted replay stopped at (-2: none yet, -1: not one and the same)
  std::int32_t shadow = -2;
  const std::int32_t own_step = cx.step_of_table[table];
  cx.last_failed_table = -1;
  for (const Box& b : preferred) {
    if (++tries > 64) break;
    if (cx.replay_steps >= cx.options.replay_budget) {
      // the budget ran out before an example showed the finding: no conclusion, no downgrade
      ++cx.examples_skipped;
      return Witness::skipped;
    }
    const auto values = witness_values(cx, b);
    Replay r = replay(cx, values, cx.witness_count + 1, table);
    cx.replay_steps += r.steps;
    if (confirm(r)) {
      ++cx.witness_count;
      d.witness = std::move(r.fields);
      char buf[10];
      format_iso(cx.as_of, buf);
      d.witness_as_of.assign(buf, 10);
      return Witness::shown;
    }
    const bool earlier = r.failed_table >= 0 && r.failed_table != static_cast<std::int32_t>(table) &&
                         cx.step_of_table[static_cast<std::size_t>(r.failed_table)] < own_step;
    if (!earlier)
      shadow = -1;
    else if (shadow == -2)
      shadow = r.failed_table;
    else if (shadow != r.failed_table)
      shadow = -1;
  }
  cx.last_failed_table = shadow >= 0 ? shadow : -1;
  return Witness::refuted;
}

}  // namespace kadenz::detail::analysis
