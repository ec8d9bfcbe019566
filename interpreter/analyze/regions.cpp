// Analyze stage: the region of a condition - the records (as a union of boxes over the cells)
// where it is true or false. and/or/not/if become intersections and unions, each atom becomes
// the cells where the evaluator finds it true, and a table's outcome becomes the records where
// its hit policy picks that value.
#include "interpreter/analyze/analyzer.hpp"

#include <algorithm>

namespace kadenz::detail::analysis {
namespace {

// The records where table `t` decides value v: some rule with that outcome applies and its hit
// policy lets no other rule win. The table's outcomes must be constant. `v` is an outcome_key
// (no value is one outcome too). Cached per (t, v).
Region table_eq(Context& cx, std::uint32_t t, std::int64_t v) {
  const auto key = std::make_pair(t, v);
  if (auto it = cx.table_eq_cache.find(key); it != cx.table_eq_cache.end()) {
    cx.work.truncated = cx.work.truncated || it->second.cut;
    return it->second.region;
  }
  const CutScope scope(cx.work);
  const CompiledTable& tab = cx.p.tables[t];
  const auto& out = *cx.outcomes[t];
  Region result;
  auto none_of = [&](auto&& pick) {
    Region r{full(cx.dims)};
    for (std::size_t i = 0; i < tab.rules.size(); ++i) {
      if (tab.rules[i].when < 0 || !pick(i)) continue;
      r = meet(r, region(cx, static_cast<std::uint32_t>(tab.rules[i].when), false), cx.work);
    }
    return r;
  };
  for (std::size_t j = 0; j < tab.rules.size(); ++j) {
    if (tab.rules[j].when < 0 || outcome_key(out[j]) != v) continue;
    Region rj = region(cx, static_cast<std::uint32_t>(tab.rules[j].when), true);
    switch (tab.hit) {
      case HitPolicy::first:
        join(result, meet(rj, none_of([&](std::size_t i) { return i < j; }), cx.work));
        break;
      case HitPolicy::unique:
        join(result, meet(rj, none_of([&](std::size_t i) { return i != j; }), cx.work));
        break;
      case HitPolicy::shortest:
      case HitPolicy::longest:
        join(result, meet(rj, none_of([&](std::size_t i) { return outcome_beats(out[i], out[j], tab.hit); }), cx.work));
        break;
    }
  }
  if (tab.otherwise >= 0 && outcome_key(out[static_cast<std::size_t>(tab.otherwise)]) == v) {
    join(result, none_of([](std::size_t) { return true; }));
  }
  cx.table_eq_cache[key] = Context::Cached{result, scope.cut()};
  return result;
}

// Truth of a monotone comparison over an ordered dimension's value cells, found with
// O(log cells) evaluations: `<`-like conditions flip once along the cells; `=` and `!=` are
// decided by where `lhs < rhs` and `lhs > rhs` flip. (The empty cell stays false.) Sets in
// `cells` the cells where the truth is `want`.
void ordered_truth(Context& cx, std::uint32_t node, const Dim& d, const TableCase& tcase, bool want, Bits& cells) {
  const std::size_t n = d.reps.size();
  auto at = [&](std::size_t c, Probe probe) {
    Value v = d.reps[c];
    v.empty = false;
    return truth(cx, node, d.slot, v, tcase, probe);
  };
  // first cell whose probe differs from cell 0's, or n
  auto flip_cell = [&](Probe probe, bool first_value) {
    if (at(n - 1, probe) == first_value) return n;
    std::size_t lo = 0, hi = n - 1;  // at(lo) == first_value, at(hi) != first_value
    while (hi - lo > 1) {
      const std::size_t mid = lo + (hi - lo) / 2;
      if (at(mid, probe) == first_value) lo = mid; else hi = mid;
    }
    return hi;
  };
  // The truth is constant between the flip points, so whole runs of cells are set at once (a
  // fact cut into thousands of cells by thousands of rules `n = i` would otherwise cost cells
  // times rules here).
  auto set_run = [&](std::size_t from, std::size_t to, bool value) {  // cells [from, to)
    if (value != want) return;
    for (std::size_t c = from; c < to;) {
      if (c % 64 == 0 && to - c >= 64) {
        cells[c / 64] = ~std::uint64_t{0};
        c += 64;
      } else {
        bits_set(cells, c++);
      }
    }
  };
  const Code code = cx.p.nodes[node].code;
  if (code == Code::eq || code == Code::ne) {
    const bool less0 = at(0, Probe::less), greater0 = at(0, Probe::greater);
    const std::size_t lf = flip_cell(Probe::less, less0), gf = flip_cell(Probe::greater, greater0);
    const std::size_t bounds[] = {0, std::min(lf, gf), std::max(lf, gf), n};
    for (std::size_t piece = 0; piece < 3; ++piece) {
      const std::size_t c = bounds[piece];
      if (c >= bounds[piece + 1]) continue;
      const bool less = c < lf ? less0 : !less0;
      const bool greater = c < gf ? greater0 : !greater0;
      set_run(c, bounds[piece + 1], (!less && !greater) == (code == Code::eq));
    }
  } else {
    const bool first = at(0, Probe::node);
    const std::size_t f = flip_cell(Probe::node, first);
    set_run(0, f, first);
    set_run(f, n, !first);
  }
  if (d.optional && !want) bits_set(cells, n);  // an empty fact makes no comparison true
}

// The records where atom `node` is `want`: an opaque atom is its own two-cell dimension; any
// other is probed cell by cell of its fact, once per case of the tables it reads, each case
// restricted to the records where the tables decide those values.
Region atom_region(Context& cx, std::uint32_t node, bool want) {
  Atom& a = cx.atoms.at(node);
  const Dim* d = a.dim >= 0 ? &cx.dims[static_cast<std::size_t>(a.dim)] : nullptr;
  Region result;
  if (d && d->kind == Dim::opaque) {
    Box b = full(cx.dims);
    b.d[static_cast<std::size_t>(a.dim)] = bits_none(2);
    bits_set(b.d[static_cast<std::size_t>(a.dim)], want ? 1 : 0);
    result.push_back(std::move(b));
    return result;
  }
  for (const auto& tcase : cases(cx, a)) {
    Region base{full(cx.dims)};
    for (const auto& [t, tv] : tcase) base = meet(base, table_eq(cx, t, outcome_key(tv)), cx.work);
    if (base.empty()) continue;
    if (!d) {  // no fact: the same truth for every record of this case
      if (truth(cx, node, std::nullopt, Value{}, tcase) == want) join(result, base);
      continue;
    }
    Bits cells = bits_none(d->cells());
    const Node& n = cx.p.nodes[node];
    if (d->kind == Dim::ordered && n.code != Code::is_empty && n.code != Code::is_not_empty) {
      ordered_truth(cx, node, *d, tcase, want, cells);
    } else {
      for (std::size_t c = 0; c < d->cells(); ++c) {
        bool t;
        if (d->is_empty_cell(c)) {
          t = n.code == Code::is_empty;  // an empty fact: only `is empty` sees it (other reads are guarded)
        } else {
          Value v = d->reps[c];
          v.empty = false;
          t = truth(cx, node, d->slot, v, tcase);
        }
        if (t == want) bits_set(cells, c);
      }
    }
    cx.frame.slots[d->slot] = Value{};
    if (bits_empty(cells)) continue;
    Box b = full(cx.dims);
    b.d[static_cast<std::size_t>(a.dim)] = cells;
    join(result, meet(base, Region{b}, cx.work));
  }
  return result;
}

}  // namespace

// The structure of the condition is followed down to its atoms; `if` inside a condition is
// (cond and then) or (not cond and else).
Region region(Context& cx, std::uint32_t node, bool want) {
  const auto key = std::make_pair(node, want);
  if (auto it = cx.region_cache.find(key); it != cx.region_cache.end()) {
    cx.work.truncated = cx.work.truncated || it->second.cut;
    return it->second.region;
  }
  const CutScope scope(cx.work);
  const Program& p = cx.p;
  const Node& n = p.nodes[node];
  auto kid = [&](std::uint32_t i) { return p.kids[n.first + i]; };
  Region r;
  if (n.code == Code::logical_not) {
    r = region(cx, kid(0), !want);
  } else if (n.code == Code::cite) {  // a cited `then` branch is where its value is
    r = region(cx, kid(0), want);
  } else if ((n.code == Code::logical_and && want) || (n.code == Code::logical_or && !want)) {
    r = Region{full(cx.dims)};
    for (std::uint32_t i = 0; i < n.count && !r.empty(); ++i) r = meet(r, region(cx, kid(i), want), cx.work);
  } else if (n.code == Code::logical_and || n.code == Code::logical_or) {
    for (std::uint32_t i = 0; i < n.count; ++i) join(r, region(cx, kid(i), want));
    merge(r, cx.work);  // `x = 1 or x = 2` is one box: a conjunction of such unions stays small
  } else if (n.code == Code::if_then && n.arg_type == BaseType::boolean) {
    r = meet(region(cx, kid(0), true), region(cx, kid(1), want), cx.work);
    join(r, meet(region(cx, kid(0), false), region(cx, kid(2), want), cx.work));
  } else if (n.code == Code::constant) {
    if ((n.imm != 0) == want) r.push_back(full(cx.dims));
  } else if (loads_definition(cx, n)) {
    r = region(cx, static_cast<std::uint32_t>(cx.def_node[n.aux]), want);
  } else {
    r = atom_region(cx, node, want);
  }
  cx.region_cache[key] = Context::Cached{r, scope.cut()};
  return r;
}

// A `warn` does not stop a record, so only the `require` steps narrow the domain.
Region reaching(Context& cx, std::size_t upto) {
  Region r{full(cx.dims)};
  for (std::size_t s = 0; s < upto && s < cx.p.steps.size(); ++s) {
    if (cx.p.steps[s].kind == StepKind::require) r = meet(r, region(cx, cx.p.steps[s].node, true), cx.work);
  }
  return r;
}

// Lazily: only findings with witnesses need it. Whether it was cut is remembered, so every use
// of it says so.
const Region& decided_region(Context& cx) {
  if (!cx.decided) {
    const CutScope scope(cx.work);
    cx.decided = reaching(cx, cx.p.steps.size());
    cx.decided_cut = scope.cut();
  }
  cx.work.truncated = cx.work.truncated || cx.decided_cut;
  return *cx.decided;
}

}  // namespace kadenz::detail::analysis
