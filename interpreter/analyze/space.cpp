// Analyze stage: the cells per fact. Probes conditions through the real evaluator at chosen
// fact values, finds (by bisection) the points where a condition's truth flips, and cuts every
// fact the conditions read into cells at those points (the DMN sweep idea).
#include "interpreter/analyze/analyzer.hpp"

#include "stdlib/date.hpp"

#include <algorithm>

namespace kadenz::detail::analysis {
namespace {

// The range the analysis searches for flips of a fact of this type: dates 1800-2299, numbers
// the documented fragment bounds.
std::int64_t lo_of(BaseType b) {
  return b == BaseType::date ? days_from_civil(1800, 1, 1) : kAnalysisIntMin;
}
std::int64_t hi_of(BaseType b) {
  return b == BaseType::date ? days_from_civil(2299, 12, 31) : kAnalysisIntMax;
}

// Smallest x in (lo, hi] where the atom's truth differs from its truth at lo, if any. Correct
// because the probe flips at most once on a monotone atom.
std::optional<std::int64_t> flip(Context& cx, std::uint32_t node, std::uint32_t slot, std::int64_t lo,
                                 std::int64_t hi, const TableCase& tcase, Probe probe) {
  Value v;
  v.i = lo;
  const bool at_lo = truth(cx, node, slot, v, tcase, probe);
  v.i = hi;
  if (truth(cx, node, slot, v, tcase, probe) == at_lo) return std::nullopt;
  while (hi - lo > 1) {
    const std::int64_t mid = lo + (hi - lo) / 2;
    v.i = mid;
    if (truth(cx, node, slot, v, tcase, probe) == at_lo) lo = mid; else hi = mid;
  }
  return hi;
}

// The text constants below `node` (the values a text fact is compared with).
void text_constants(const Program& p, std::uint32_t node, std::set<std::string>& out) {
  const Node& n = p.nodes[node];
  if (n.code == Code::constant && n.arg_type == BaseType::text) out.insert(p.texts[n.aux]);
  for (std::uint32_t k = 0; k < n.count; ++k) text_constants(p, p.kids[n.first + k], out);
}

// The dimension of one fact: a boolean's two values, an enumeration's values, a text's
// constants plus one other text, or an ordered fact's cells between the flips of every
// analysable atom that reads it (under every case of the tables it reads).
Dim fact_dim(Context& cx, std::uint32_t slot) {
  const Program& p = cx.p;
  const CompiledFact& f = p.facts[slot];
  Dim d;
  d.slot = slot;
  d.optional = f.type.optional;
  switch (f.type.base) {
    case BaseType::boolean:
      d.kind = Dim::finite;
      d.reps.resize(2);
      d.reps[1].i = 1;
      break;
    case BaseType::enumeration:
      d.kind = Dim::finite;
      d.reps.resize(p.enums[f.type.enum_id].values.size());
      for (std::size_t i = 0; i < d.reps.size(); ++i) d.reps[i].i = static_cast<std::int64_t>(i);
      break;
    case BaseType::text: {
      d.kind = Dim::finite;
      std::set<std::string> constants;
      for (const auto& [node, a] : cx.atoms) {
        if (a.facts.count(slot)) text_constants(p, node, constants);
      }
      for (const auto& c : constants) d.texts.push_back(c);
      std::string other = "Beispiel";
      while (constants.count(other)) other += "_";
      d.texts.push_back(other);
      for (const auto& t : d.texts) {
        Value v;
        v.p = t.data();
        v.n = static_cast<std::uint32_t>(t.size());
        d.reps.push_back(v);
      }
      break;
    }
    default: {
      d.kind = Dim::ordered;
      const std::int64_t lo = lo_of(f.type.base), hi = hi_of(f.type.base);
      std::set<std::int64_t> cuts;
      for (const auto& [node, a] : cx.atoms) {
        if (!a.analysable || !a.facts.count(slot)) continue;
        const Node& n = p.nodes[node];
        if (n.code == Code::is_empty || n.code == Code::is_not_empty) continue;
        const bool equality = n.code == Code::eq || n.code == Code::ne;
        for (const auto& tcase : cases(cx, a)) {
          // a monotone comparison flips at most once; `=`/`!=` where `<` or `>` flips
          for (Probe probe : {Probe::node, Probe::less, Probe::greater}) {
            if ((probe == Probe::node) == equality) continue;
            if (const auto x = flip(cx, node, slot, lo, hi, tcase, probe)) cuts.insert(*x);
          }
        }
      }
      d.cuts.assign(cuts.begin(), cuts.end());
      for (std::size_t c = 0; c <= d.cuts.size(); ++c) {
        Value v;
        // a cell's representative: its lowest value, or for the first cell the value just
        // below the first cut (close to where the policy's conditions are)
        if (c == 0) {
          v.i = d.cuts.empty() ? typical(cx, f.type.base) : d.cuts[0] - 1;
        } else {
          v.i = d.cuts[c - 1];
        }
        d.reps.push_back(v);
      }
    }
  }
  return d;
}

}  // namespace

// Every slot is read through a `load` node (`is empty` too, through its kid), so following loads
// of definitions into the nodes that compute them finds all a probe of `node` depends on. Only
// those run: with thousands of outputs, running every compute step made each probe as slow as
// the whole policy.
const std::vector<std::uint32_t>& probe_steps(Context& cx, std::uint32_t node) {
  if (auto it = cx.probe_steps.find(node); it != cx.probe_steps.end()) return it->second;
  const Program& p = cx.p;
  if (cx.step_of_slot.empty()) {
    cx.step_of_slot.assign(p.slot_count, -1);
    for (std::size_t i = 0; i < p.steps.size(); ++i)
      if (p.steps[i].kind == StepKind::compute) cx.step_of_slot[p.steps[i].index] = static_cast<std::int32_t>(i);
  }
  std::set<std::uint32_t> defs;
  std::vector<std::uint32_t> stack{node};
  while (!stack.empty()) {
    const Node& n = p.nodes[stack.back()];
    stack.pop_back();
    if (n.code == Code::load && cx.step_of_slot[n.aux] >= 0 && defs.insert(n.aux).second) {
      stack.push_back(p.steps[static_cast<std::size_t>(cx.step_of_slot[n.aux])].node);
    }
    for (std::uint32_t k = 0; k < n.count; ++k) stack.push_back(p.kids[n.first + k]);
  }
  std::vector<std::uint32_t> steps;
  for (auto slot : defs) steps.push_back(static_cast<std::uint32_t>(cx.step_of_slot[slot]));
  std::sort(steps.begin(), steps.end());
  return cx.probe_steps[node] = std::move(steps);
}

// The probe behind every cell: the conditions are decided by the evaluator itself, so the cells
// agree with what a caseload run computes. The compute steps `node` reads run first, in step
// order, because a definition may read an earlier one.
bool truth(Context& cx, std::uint32_t node, std::optional<std::uint32_t> slot, const Value& v,
           const TableCase& tcase, Probe probe) {
  const Program& p = cx.p;
  Frame& frame = cx.frame;
  if (slot) frame.slots[*slot] = v;
  for (const auto& [t, tv] : tcase) frame.slots[p.tables[t].slot] = tv;
  // definitions the node reads are computed in step order
  for (const std::uint32_t i : probe_steps(cx, node)) {
    const Step& s = p.steps[i];
    Value dv;
    if (evaluate_node(p, frame, s.node, dv)) frame.slots[s.index] = dv;
  }
  Value r;
  if (probe != Probe::node) {
    const Node& n = p.nodes[node];
    Value l;
    if (!evaluate_node(p, frame, p.kids[n.first], l) || !evaluate_node(p, frame, p.kids[n.first + 1], r)) {
      return false;
    }
    return probe == Probe::less ? l.i < r.i : l.i > r.i;
  }
  if (!evaluate_node(p, frame, node, r)) return false;
  return r.i != 0;
}

// Close to as_of, so that an example customer's dates look like a current case.
std::int64_t typical(const Context& cx, BaseType b) {
  if (b == BaseType::date) return add_months(cx.as_of, -1).value_or(cx.as_of);
  return 0;
}

// Fact dimensions come first, in slot order, then one per opaque atom in node order; the
// witness builder and the region code rely on cx.dim_of_slot and Atom::dim, not on the order.
void build_space(Context& cx) {
  std::set<std::uint32_t> used;
  for (const auto& [node, a] : cx.atoms)
    if (a.analysable) used.insert(a.facts.begin(), a.facts.end());
  for (auto slot : used) {
    Dim d = fact_dim(cx, slot);
    cx.dim_of_slot[slot] = static_cast<std::int32_t>(cx.dims.size());
    cx.dims.push_back(std::move(d));
  }
  for (auto& [node, a] : cx.atoms) {
    if (!a.analysable) {
      Dim d;
      d.kind = Dim::opaque;
      d.node = node;
      d.reps.resize(2);
      d.reps[1].i = 1;
      a.dim = static_cast<std::int32_t>(cx.dims.size());
      cx.dims.push_back(std::move(d));
    } else if (a.facts.size() == 1) {
      a.dim = cx.dim_of_slot[*a.facts.begin()];
    }
  }
}

}  // namespace kadenz::detail::analysis
