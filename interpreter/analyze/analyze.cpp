// Analyze stage: partitions each fact's values at the points where some condition changes its
// truth, represents conditions as unions of boxes over those cells (the DMN sweep idea), and
// finds gaps, overlaps and unreachable rules exactly. Every finding's example customer is
// replayed through the real evaluator before it is reported.
#include "interpreter/analyze/analyze.hpp"

#include "interpreter/caseload/cells.hpp"
#include "interpreter/evaluate/evaluate.hpp"
#include "stdlib/date.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>

namespace kadenz::detail {
namespace {

// A set of cells of one dimension.
using Bits = std::vector<std::uint64_t>;

Bits bits_none(std::size_t n) { return Bits((n + 63) / 64, 0); }
Bits bits_all(std::size_t n) {
  Bits b((n + 63) / 64, ~std::uint64_t{0});
  if (n % 64) b.back() = (std::uint64_t{1} << (n % 64)) - 1;
  return b;
}
bool bits_empty(const Bits& b) {
  for (auto w : b)
    if (w) return false;
  return true;
}
void bits_set(Bits& b, std::size_t i) { b[i / 64] |= std::uint64_t{1} << (i % 64); }
std::optional<std::size_t> bits_first(const Bits& b) {
  for (std::size_t w = 0; w < b.size(); ++w)
    if (b[w]) return w * 64 + static_cast<std::size_t>(__builtin_ctzll(b[w]));
  return std::nullopt;
}

// One axis of the record space: a fact's values cut into cells, or an opaque condition.
struct Dim {
  enum Kind : std::uint8_t { finite, ordered, opaque } kind = finite;
  std::uint32_t slot = 0;        // fact slot (finite, ordered)
  std::uint32_t node = 0;        // opaque: the condition
  bool optional = false;         // last cell is "empty"
  std::vector<std::int64_t> cuts;   // ordered: cell k holds [cuts[k-1], cuts[k]-1]
  std::vector<Value> reps;          // representative value of each non-empty cell
  std::vector<std::string> texts;   // owns text representatives
  std::size_t cells() const { return reps.size() + (optional ? 1 : 0); }
  bool is_empty_cell(std::size_t c) const { return optional && c == reps.size(); }
};

struct Box {
  std::vector<Bits> d;
};
using Region = std::vector<Box>;

// How a condition's leaf relates to the dimensions.
struct Atom {
  std::set<std::uint32_t> facts, tables;
  bool analysable = true;  // single fact through monotone steps, or finite fact, or constant
  std::int32_t dim = -1;
};

class Analyzer {
 public:
  Analyzer(const Program& p, std::int32_t as_of) : p_(p), as_of_(as_of) {}

  Analysis run();

 private:
  const Program& p_;
  std::int32_t as_of_;
  Frame frame_;
  Analysis out_;
  std::vector<std::int32_t> def_node_;    // slot -> node computing it (definitions, outputs)
  std::vector<std::int32_t> table_of_;    // slot -> table index
  std::vector<std::optional<std::vector<Value>>> outcomes_;  // per table: constant rule outcomes
  std::map<std::uint32_t, Atom> atoms_;
  std::vector<Dim> dims_;
  std::map<std::uint32_t, std::int32_t> dim_of_slot_;
  std::map<std::pair<std::uint32_t, std::int64_t>, Region> table_eq_cache_;
  std::map<std::pair<std::uint32_t, bool>, Region> region_cache_;
  std::vector<std::uint32_t> opaque_reported_;
  bool truncated_ = false;
  static constexpr std::size_t kMaxBoxes = 50000;  // a region larger than this is cut (and said)

  // ---- structure ----

  bool is_condition_op(Code c) const {
    return c == Code::logical_and || c == Code::logical_or || c == Code::logical_not;
  }

  void deps(std::uint32_t node, Atom& a, int depth = 0) const {
    const Node& n = p_.nodes[node];
    if (depth > 512) {
      a.analysable = false;
      return;
    }
    if (n.code == Code::load) {
      if (n.aux < p_.facts.size()) {
        a.facts.insert(n.aux);
      } else if (table_of_[n.aux] >= 0) {
        a.tables.insert(static_cast<std::uint32_t>(table_of_[n.aux]));
      } else if (def_node_[n.aux] >= 0) {
        deps(static_cast<std::uint32_t>(def_node_[n.aux]), a, depth + 1);
      }
      return;
    }
    if (n.code == Code::is_empty || n.code == Code::is_not_empty) {
      a.facts.insert(p_.nodes[p_.kids[n.first]].aux);
      return;
    }
    for (std::uint32_t k = 0; k < n.count; ++k) deps(p_.kids[n.first + k], a, depth + 1);
  }

  // True if `node`'s value moves monotonically with its single fact (all other inputs constant):
  // then a comparison of it with a constant flips at most once along the fact's values.
  bool monotone(std::uint32_t node, int depth = 0) const {
    const Node& n = p_.nodes[node];
    if (depth > 512) return false;
    auto k = [&](std::uint32_t i) { return p_.kids[n.first + i]; };
    auto constant = [&](std::uint32_t i) { return !has_fact(k(i)); };
    switch (n.code) {
      case Code::constant: return true;
      case Code::load:
        // a fact, a table's outcome, as_of or a parameter (constants for the analysis)
        if (n.aux < p_.facts.size() || table_of_[n.aux] >= 0 || def_node_[n.aux] < 0) return true;
        return monotone(static_cast<std::uint32_t>(def_node_[n.aux]), depth + 1);
      case Code::negate: return monotone(k(0), depth + 1);
      case Code::add: case Code::sub: case Code::mul: case Code::div: case Code::min: case Code::max:
      case Code::date_add_days: case Code::date_sub_days: case Code::date_add_months: case Code::date_sub_months:
      case Code::date_diff: case Code::years_between: case Code::months_between: case Code::days_between:
        if (constant(0)) return monotone(k(1), depth + 1) && (n.code != Code::div);
        if (constant(1)) return monotone(k(0), depth + 1);
        return false;
      case Code::year: return monotone(k(0), depth + 1);
      default: return false;
    }
  }

  bool has_fact(std::uint32_t node) const {
    Atom a;
    deps(node, a);
    return !a.facts.empty();
  }

  // Leaves of conditions: everything below and/or/not (and bool definitions) is one atom.
  void collect(std::uint32_t node, int depth = 0) {
    const Node& n = p_.nodes[node];
    if (depth > 512) return;
    if (is_condition_op(n.code)) {
      for (std::uint32_t k = 0; k < n.count; ++k) collect(p_.kids[n.first + k], depth + 1);
      return;
    }
    if (n.code == Code::if_then && n.arg_type == BaseType::boolean) {
      for (std::uint32_t k = 0; k < n.count; ++k) collect(p_.kids[n.first + k], depth + 1);
      return;
    }
    if (n.code == Code::load && n.aux >= p_.facts.size() && def_node_[n.aux] >= 0 && table_of_[n.aux] < 0) {
      collect(static_cast<std::uint32_t>(def_node_[n.aux]), depth + 1);
      return;
    }
    if (n.code == Code::constant) return;
    if (atoms_.count(node)) return;
    Atom a;
    deps(node, a);
    for (auto t : a.tables)
      if (!outcomes_[t]) a.analysable = false;
    if (a.facts.size() > 1) a.analysable = false;
    if (a.facts.size() == 1 && a.analysable) {
      const auto& f = p_.facts[*a.facts.begin()];
      const bool finite = f.type.base == BaseType::boolean || f.type.base == BaseType::enumeration ||
                          f.type.base == BaseType::text;
      if (!finite && !(n.code == Code::is_empty || n.code == Code::is_not_empty)) {
        const bool ok = (n.code == Code::lt || n.code == Code::le || n.code == Code::gt || n.code == Code::ge ||
                         n.code == Code::eq || n.code == Code::ne) &&
                        monotone(p_.kids[n.first]) && monotone(p_.kids[n.first + 1]);
        if (!ok) a.analysable = false;
      }
    }
    atoms_[node] = a;
  }

  // ---- table outcomes and cases ----

  std::vector<std::vector<std::pair<std::uint32_t, Value>>> cases(const Atom& a) {
    std::vector<std::vector<std::pair<std::uint32_t, Value>>> all{{}};
    for (auto t : a.tables) {
      std::vector<std::vector<std::pair<std::uint32_t, Value>>> next;
      std::set<std::int64_t> seen;
      for (const Value& v : *outcomes_[t]) {
        if (!seen.insert(v.i).second) continue;
        for (auto c : all) {
          c.emplace_back(t, v);
          next.push_back(std::move(c));
        }
      }
      all = std::move(next);
    }
    return all;
  }

  // What a threshold search probes: the condition itself, or for `=`/`!=` (whose truth is not
  // monotone) the orderings `lhs < rhs` and `lhs > rhs`, each of which flips at most once.
  enum class Probe : std::uint8_t { node, less, greater };

  // Evaluates `node` with fact `slot` = v (or empty) and the given table values.
  bool truth(std::uint32_t node, std::optional<std::uint32_t> slot, const Value& v,
             const std::vector<std::pair<std::uint32_t, Value>>& tcase, Probe probe = Probe::node) {
    if (slot) frame_.slots[*slot] = v;
    for (const auto& [t, tv] : tcase) frame_.slots[p_.tables[t].slot] = tv;
    // definitions the node reads are computed in step order
    for (const Step& s : p_.steps) {
      if (s.kind != StepKind::compute) continue;
      Value dv;
      if (evaluate_node(p_, frame_, s.node, dv)) frame_.slots[s.index] = dv;
    }
    Value r;
    if (probe != Probe::node) {
      const Node& n = p_.nodes[node];
      Value l;
      if (!evaluate_node(p_, frame_, p_.kids[n.first], l) || !evaluate_node(p_, frame_, p_.kids[n.first + 1], r)) {
        return false;
      }
      return probe == Probe::less ? l.i < r.i : l.i > r.i;
    }
    if (!evaluate_node(p_, frame_, node, r)) return false;
    return r.i != 0;
  }

  // ---- dimensions ----

  std::int64_t lo_of(BaseType b) const {
    return b == BaseType::date ? days_from_civil(1800, 1, 1) : kAnalysisIntMin;
  }
  std::int64_t hi_of(BaseType b) const {
    return b == BaseType::date ? days_from_civil(2299, 12, 31) : kAnalysisIntMax;
  }

  // Smallest x in (lo, hi] where the atom's truth differs from its truth at lo, if any.
  std::optional<std::int64_t> flip(std::uint32_t node, std::uint32_t slot, std::int64_t lo, std::int64_t hi,
                                   const std::vector<std::pair<std::uint32_t, Value>>& tcase, Probe probe) {
    Value v;
    v.i = lo;
    const bool at_lo = truth(node, slot, v, tcase, probe);
    v.i = hi;
    if (truth(node, slot, v, tcase, probe) == at_lo) return std::nullopt;
    while (hi - lo > 1) {
      const std::int64_t mid = lo + (hi - lo) / 2;
      v.i = mid;
      if (truth(node, slot, v, tcase, probe) == at_lo) lo = mid; else hi = mid;
    }
    return hi;
  }

  void build_dims() {
    std::set<std::uint32_t> used;
    for (const auto& [node, a] : atoms_)
      if (a.analysable) used.insert(a.facts.begin(), a.facts.end());
    for (auto slot : used) {
      const CompiledFact& f = p_.facts[slot];
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
          d.reps.resize(p_.enums[f.type.enum_id].values.size());
          for (std::size_t i = 0; i < d.reps.size(); ++i) d.reps[i].i = static_cast<std::int64_t>(i);
          break;
        case BaseType::text: {
          d.kind = Dim::finite;
          std::set<std::string> constants;
          for (const auto& [node, a] : atoms_) {
            if (a.facts.count(slot)) text_constants(node, constants);
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
          for (const auto& [node, a] : atoms_) {
            if (!a.analysable || !a.facts.count(slot)) continue;
            const Node& n = p_.nodes[node];
            if (n.code == Code::is_empty || n.code == Code::is_not_empty) continue;
            const bool equality = n.code == Code::eq || n.code == Code::ne;
            for (const auto& tcase : cases(a)) {
              // a monotone comparison flips at most once; `=`/`!=` where `<` or `>` flips
              for (Probe probe : {Probe::node, Probe::less, Probe::greater}) {
                if ((probe == Probe::node) == equality) continue;
                if (const auto x = flip(node, slot, lo, hi, tcase, probe)) cuts.insert(*x);
              }
            }
          }
          d.cuts.assign(cuts.begin(), cuts.end());
          for (std::size_t c = 0; c <= d.cuts.size(); ++c) {
            Value v;
            // a cell's representative: its lowest value, or for the first cell the value just
            // below the first cut (close to where the policy's conditions are)
            if (c == 0) {
              v.i = d.cuts.empty() ? typical(f.type.base) : d.cuts[0] - 1;
            } else {
              v.i = d.cuts[c - 1];
            }
            d.reps.push_back(v);
          }
        }
      }
      dim_of_slot_[slot] = static_cast<std::int32_t>(dims_.size());
      dims_.push_back(std::move(d));
    }
    for (auto& [node, a] : atoms_) {
      if (!a.analysable) {
        Dim d;
        d.kind = Dim::opaque;
        d.node = node;
        d.reps.resize(2);
        d.reps[1].i = 1;
        a.dim = static_cast<std::int32_t>(dims_.size());
        dims_.push_back(std::move(d));
      } else if (a.facts.size() == 1) {
        a.dim = dim_of_slot_[*a.facts.begin()];
      }
    }
  }

  std::int64_t typical(BaseType b) const {
    if (b == BaseType::date) return add_months(as_of_, -1).value_or(as_of_);
    return 0;
  }

  void text_constants(std::uint32_t node, std::set<std::string>& out) const {
    const Node& n = p_.nodes[node];
    if (n.code == Code::constant && n.arg_type == BaseType::text) out.insert(p_.texts[n.aux]);
    for (std::uint32_t k = 0; k < n.count; ++k) text_constants(p_.kids[n.first + k], out);
  }

  // ---- boxes and regions ----

  Box full() const {
    Box b;
    for (const auto& d : dims_) b.d.push_back(bits_all(d.cells()));
    return b;
  }

  // True if the boxes share a cell in every dimension (no allocation: the hot test).
  static bool intersects(const Box& a, const Box& b) {
    for (std::size_t i = 0; i < a.d.size(); ++i) {
      bool any = false;
      for (std::size_t w = 0; w < a.d[i].size() && !any; ++w) any = (a.d[i][w] & b.d[i][w]) != 0;
      if (!any) return false;
    }
    return true;
  }

  // True if `inner` lies inside `outer`.
  static bool contains(const Box& outer, const Box& inner) {
    for (std::size_t i = 0; i < outer.d.size(); ++i)
      for (std::size_t w = 0; w < outer.d[i].size(); ++w)
        if (inner.d[i][w] & ~outer.d[i][w]) return false;
    return true;
  }

  static bool intersects(const Region& a, const Region& b) {
    for (const auto& x : a)
      for (const auto& y : b)
        if (intersects(x, y)) return true;
    return false;
  }

  static std::optional<Box> meet(const Box& a, const Box& b) {
    if (!intersects(a, b)) return std::nullopt;
    Box r;
    r.d.resize(a.d.size());
    for (std::size_t i = 0; i < a.d.size(); ++i) {
      r.d[i].resize(a.d[i].size());
      bool any = false;
      for (std::size_t w = 0; w < a.d[i].size(); ++w) {
        r.d[i][w] = a.d[i][w] & b.d[i][w];
        any |= r.d[i][w] != 0;
      }
      if (!any) return std::nullopt;
    }
    return r;
  }

  Region meet(const Region& a, const Region& b) {
    Region r;
    for (const auto& x : a) {
      for (const auto& y : b) {
        if (auto m = meet(x, y)) {
          r.push_back(std::move(*m));
          if (r.size() > kMaxBoxes) {
            truncated_ = true;
            return r;
          }
        }
      }
    }
    return r;
  }

  static void join(Region& a, const Region& b) { a.insert(a.end(), b.begin(), b.end()); }

  // The records where table `t` decides value v.
  Region table_eq(std::uint32_t t, std::int64_t v) {
    const auto key = std::make_pair(t, v);
    if (auto it = table_eq_cache_.find(key); it != table_eq_cache_.end()) return it->second;
    const CompiledTable& tab = p_.tables[t];
    const auto& out = *outcomes_[t];
    Region result;
    auto none_of = [&](auto&& pick) {
      Region r{full()};
      for (std::size_t i = 0; i < tab.rules.size(); ++i) {
        if (tab.rules[i].when < 0 || !pick(i)) continue;
        r = meet(r, region(static_cast<std::uint32_t>(tab.rules[i].when), false));
      }
      return r;
    };
    for (std::size_t j = 0; j < tab.rules.size(); ++j) {
      if (tab.rules[j].when < 0 || out[j].i != v) continue;
      Region rj = region(static_cast<std::uint32_t>(tab.rules[j].when), true);
      switch (tab.hit) {
        case HitPolicy::first: join(result, meet(rj, none_of([&](std::size_t i) { return i < j; }))); break;
        case HitPolicy::unique: join(result, meet(rj, none_of([&](std::size_t i) { return i != j; }))); break;
        case HitPolicy::shortest:
          join(result, meet(rj, none_of([&](std::size_t i) { return out[i].i < v; })));
          break;
        case HitPolicy::longest:
          join(result, meet(rj, none_of([&](std::size_t i) { return out[i].i > v; })));
          break;
      }
    }
    if (tab.otherwise >= 0 && out[static_cast<std::size_t>(tab.otherwise)].i == v) {
      join(result, none_of([](std::size_t) { return true; }));
    }
    table_eq_cache_[key] = result;
    return result;
  }

  Region atom_region(std::uint32_t node, bool want) {
    Atom& a = atoms_.at(node);
    const Dim* d = a.dim >= 0 ? &dims_[static_cast<std::size_t>(a.dim)] : nullptr;
    Region result;
    if (d && d->kind == Dim::opaque) {
      Box b = full();
      b.d[static_cast<std::size_t>(a.dim)] = bits_none(2);
      bits_set(b.d[static_cast<std::size_t>(a.dim)], want ? 1 : 0);
      result.push_back(std::move(b));
      return result;
    }
    for (const auto& tcase : cases(a)) {
      Region base{full()};
      for (const auto& [t, tv] : tcase) base = meet(base, table_eq(t, tv.i));
      if (base.empty()) continue;
      if (!d) {  // no fact: the same truth for every record of this case
        if (truth(node, std::nullopt, Value{}, tcase) == want) join(result, base);
        continue;
      }
      Bits cells = bits_none(d->cells());
      const Node& n = p_.nodes[node];
      if (d->kind == Dim::ordered && n.code != Code::is_empty && n.code != Code::is_not_empty) {
        ordered_truth(node, *d, tcase, want, cells);
      } else {
        for (std::size_t c = 0; c < d->cells(); ++c) {
          bool t;
          if (d->is_empty_cell(c)) {
            t = n.code == Code::is_empty;  // an empty fact: only `is empty` sees it (other reads are guarded)
          } else {
            Value v = d->reps[c];
            v.empty = false;
            t = truth(node, d->slot, v, tcase);
          }
          if (t == want) bits_set(cells, c);
        }
      }
      frame_.slots[d->slot] = Value{};
      if (bits_empty(cells)) continue;
      Box b = full();
      b.d[static_cast<std::size_t>(a.dim)] = cells;
      join(result, meet(base, Region{b}));
    }
    return result;
  }

  // Truth of a monotone comparison over an ordered dimension's value cells, found with
  // O(log cells) evaluations: `<`-like conditions flip once along the cells; `=` and `!=` are
  // decided by where `lhs < rhs` and `lhs > rhs` flip. (The empty cell stays false.)
  void ordered_truth(std::uint32_t node, const Dim& d, const std::vector<std::pair<std::uint32_t, Value>>& tcase,
                     bool want, Bits& cells) {
    const std::size_t n = d.reps.size();
    auto at = [&](std::size_t c, Probe probe) {
      Value v = d.reps[c];
      v.empty = false;
      return truth(node, d.slot, v, tcase, probe);
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
    const Code code = p_.nodes[node].code;
    std::vector<bool> value(n);
    if (code == Code::eq || code == Code::ne) {
      const bool less0 = at(0, Probe::less), greater0 = at(0, Probe::greater);
      const std::size_t lf = flip_cell(Probe::less, less0), gf = flip_cell(Probe::greater, greater0);
      for (std::size_t c = 0; c < n; ++c) {
        const bool less = c < lf ? less0 : !less0;
        const bool greater = c < gf ? greater0 : !greater0;
        value[c] = (!less && !greater) == (code == Code::eq);
      }
    } else {
      const bool first = at(0, Probe::node);
      const std::size_t f = flip_cell(Probe::node, first);
      for (std::size_t c = 0; c < n; ++c) value[c] = c < f ? first : !first;
    }
    for (std::size_t c = 0; c < n; ++c)
      if (value[c] == want) bits_set(cells, c);
    if (d.optional && !want) bits_set(cells, n);  // an empty fact makes no comparison true
  }

  // Records where `node` evaluates to `want` (negation pushed down to the atoms).
  Region region(std::uint32_t node, bool want) {
    const auto key = std::make_pair(node, want);
    if (auto it = region_cache_.find(key); it != region_cache_.end()) return it->second;
    const Node& n = p_.nodes[node];
    auto kid = [&](std::uint32_t i) { return p_.kids[n.first + i]; };
    Region r;
    if (n.code == Code::logical_not) {
      r = region(kid(0), !want);
    } else if ((n.code == Code::logical_and && want) || (n.code == Code::logical_or && !want)) {
      r = Region{full()};
      for (std::uint32_t i = 0; i < n.count && !r.empty(); ++i) r = meet(r, region(kid(i), want));
    } else if (n.code == Code::logical_and || n.code == Code::logical_or) {
      for (std::uint32_t i = 0; i < n.count; ++i) join(r, region(kid(i), want));
    } else if (n.code == Code::if_then && n.arg_type == BaseType::boolean) {
      r = meet(region(kid(0), true), region(kid(1), want));
      join(r, meet(region(kid(0), false), region(kid(2), want)));
    } else if (n.code == Code::constant) {
      if ((n.imm != 0) == want) r.push_back(full());
    } else if (n.code == Code::load && n.aux >= p_.facts.size() && def_node_[n.aux] >= 0 && table_of_[n.aux] < 0) {
      r = region(static_cast<std::uint32_t>(def_node_[n.aux]), want);
    } else {
      r = atom_region(node, want);
    }
    region_cache_[key] = r;
    return r;
  }

  // A part of `b` that no box of `cover` contains, if any.
  // Parts of `b` that no box of `cover` contains, appended to `out` (at most `limit` parts;
  // stops at the first if limit is 1). Splits `b` along the first box that cuts it.
  void uncovered(const Box& b, const std::vector<const Box*>& cover, std::vector<Box>& out, std::size_t limit,
                 int depth = 0) {
    std::vector<const Box*> parts;
    for (const Box* c : cover) {
      if (!intersects(b, *c)) continue;
      if (contains(*c, b)) return;
      parts.push_back(c);
    }
    if (parts.empty()) {
      out.push_back(b);
      return;
    }
    if (depth > 4096) {
      truncated_ = true;
      return;
    }
    const Box& x = *parts.front();
    std::size_t dim = 0;
    for (;;) {  // the first dimension where x does not hold all of b's cells
      bool inside_all = true;
      for (std::size_t w = 0; w < b.d[dim].size(); ++w) inside_all &= (b.d[dim][w] & ~x.d[dim][w]) == 0;
      if (!inside_all) break;
      ++dim;
    }
    Box inside = b, outside = b;
    for (std::size_t w = 0; w < b.d[dim].size(); ++w) {
      inside.d[dim][w] = b.d[dim][w] & x.d[dim][w];
      outside.d[dim][w] = b.d[dim][w] & ~x.d[dim][w];
    }
    const std::size_t first = out.size();
    uncovered(outside, parts, out, limit, depth + 1);
    if (out.size() >= limit) return;
    const std::size_t middle = out.size();
    uncovered(inside, parts, out, limit, depth + 1);
    // Pieces from the two halves that agree outside the split dimension are one box again
    // (so a missing rule comes back whole, however often the search cut it).
    for (std::size_t r = middle; r < out.size();) {
      bool joined = false;
      for (std::size_t l = first; l < middle && !joined; ++l) {
        bool same = true;
        for (std::size_t k = 0; k < b.d.size() && same; ++k) same = k == dim || out[l].d[k] == out[r].d[k];
        if (!same) continue;
        for (std::size_t w = 0; w < b.d[dim].size(); ++w) out[l].d[dim][w] |= out[r].d[dim][w];
        out.erase(out.begin() + static_cast<std::ptrdiff_t>(r));
        joined = true;
      }
      if (!joined) ++r;
    }
  }

  std::optional<Box> uncovered(const Region& r, const Region& cover) {
    std::vector<Box> found = uncovered_all(r, cover, 1);
    if (found.empty()) return std::nullopt;
    return found.front();
  }

  std::vector<Box> uncovered_all(const Region& r, const Region& cover, std::size_t limit) {
    std::vector<const Box*> c;
    for (const auto& b : cover) c.push_back(&b);
    std::vector<Box> found;
    for (const auto& b : r) {
      if (found.size() >= limit) break;
      uncovered(b, c, found, limit);
    }
    return found;
  }

  // Joins uncovered parts that differ in one dimension only, so that a missing rule is
  // reported as one gap, not as the pieces the search cut it into (the pieces of a box form a
  // guillotine split, so repeated joining restores it). Per dimension, parts are bucketed by
  // their cells in all other dimensions: one pass is linear in the number of parts.
  static void merge(std::vector<Box>& boxes) {
    if (boxes.empty()) return;
    const std::size_t dims = boxes.front().d.size();
    bool changed = true;
    while (changed) {
      changed = false;
      for (std::size_t k = 0; k < dims; ++k) {
        std::map<std::vector<std::uint64_t>, std::size_t> bucket;
        std::vector<Box> kept;
        for (auto& b : boxes) {
          std::vector<std::uint64_t> key;
          for (std::size_t o = 0; o < dims; ++o)
            if (o != k) key.insert(key.end(), b.d[o].begin(), b.d[o].end());
          auto [it, fresh] = bucket.emplace(std::move(key), kept.size());
          if (fresh) {
            kept.push_back(std::move(b));
          } else {
            for (std::size_t w = 0; w < b.d[k].size(); ++w) kept[it->second].d[k][w] |= b.d[k][w];
            changed = true;
          }
        }
        boxes = std::move(kept);
      }
    }
  }

  // ---- witnesses ----

  std::vector<Value> witness_values(const Box& b) {
    std::vector<Value> v(p_.facts.size());
    for (std::size_t f = 0; f < p_.facts.size(); ++f) {
      const CompiledFact& fact = p_.facts[f];
      auto it = dim_of_slot_.find(static_cast<std::uint32_t>(f));
      if (it != dim_of_slot_.end()) {
        const Dim& d = dims_[static_cast<std::size_t>(it->second)];
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
        v[f].i = typical(BaseType::date);
      } else if (fact.type.base == BaseType::text) {
        v[f].p = "Beispiel";
        v[f].n = 8;
      }
    }
    return v;
  }

  std::string cell_text(const CompiledFact& f, const Value& v, std::size_t index) const {
    if (v.empty) return "";
    if (f.type.base == BaseType::text && static_cast<std::size_t>(&f - p_.facts.data()) == p_.key_fact) {
      return fmt::format("W{}", index);
    }
    if (f.type.base == BaseType::integer && static_cast<std::size_t>(&f - p_.facts.data()) == p_.key_fact) {
      return fmt::format("{}", 900000 + index);
    }
    std::string s;
    Value scaled = v;
    if (f.scale > 1 && f.type.base != BaseType::date) scaled.i = v.i / f.scale;
    append_value(s, p_, f.type, scaled);
    return s;
  }

  struct Replay {
    bool decided = false;
    std::int32_t failed_table = -1;
    std::vector<std::int32_t> rule;
    std::vector<WitnessField> fields;
  };

  // Runs the witness through the same path as a caseload row: cells -> parse -> evaluate.
  Replay replay(const std::vector<Value>& values, std::size_t index) {
    Replay r;
    Frame f;
    prepare_frame(p_, f);
    f.slots[p_.as_of_slot].i = as_of_;
    for (std::size_t i = 0; i < p_.facts.size(); ++i) {
      const std::string cell = cell_text(p_.facts[i], values[i], index);
      r.fields.push_back(WitnessField{p_.facts[i].column, cell});
    }
    std::string error;
    for (std::size_t i = 0; i < p_.facts.size(); ++i) {
      if (!parse_cell(p_.facts[i], p_.enums, r.fields[i].value, f.slots[i], error)) {
        return r;  // a value the example cannot hold: not a replay
      }
    }
    r.decided = evaluate_record(p_, f);
    r.failed_table = f.failed_table;
    r.rule = f.table_rule;
    // which rules match (for overlap claims), evaluated on the record's computed slots
    matches_.assign(p_.tables.size(), {});
    for (std::size_t t = 0; t < p_.tables.size(); ++t) {
      for (const auto& rule : p_.tables[t].rules) {
        Value v;
        matches_[t].push_back(rule.when >= 0 && evaluate_node(p_, f, static_cast<std::uint32_t>(rule.when), v) && v.i);
      }
    }
    return r;
  }
  std::vector<std::vector<bool>> matches_;

  // Finds a witness in `where` for which `confirm` holds; attaches it to `d`.
  template <typename Confirm>
  bool attach_witness(Diagnostic& d, const Region& where, Confirm&& confirm) {
    // Prefer a customer who passes every check (the finding is then about the rules alone);
    // fall back to any record that shows it.
    Region preferred = meet(where, decided_region());
    join(preferred, where);
    std::size_t tries = 0;
    for (const Box& b : preferred) {
      if (++tries > 64) break;
      const auto values = witness_values(b);
      Replay r = replay(values, witness_count_ + 1);
      if (confirm(r)) {
        ++witness_count_;
        d.witness = std::move(r.fields);
        char buf[10];
        format_iso(as_of_, buf);
        d.witness_as_of.assign(buf, 10);
        return true;
      }
    }
    return false;
  }
  std::size_t witness_count_ = 0;

  // ---- findings ----

  Diagnostic& add(std::string code, Severity sev, Span span, std::string message, std::string label,
                  std::string help, std::string section = {}) {
    out_.findings.push_back(
        Diagnostic{std::move(code), sev, std::move(message), span, std::move(label), {}, std::move(help),
                   std::move(section), {}, {}});
    return out_.findings.back();
  }

  std::string rule_ref(const CompiledRule& r) const { return fmt::format("`{}` ({})", r.name, r.section); }

  // Records that pass every `require` (and so are decided, unless a table fails them).
  const Region& decided_region() {
    if (!decided_) decided_ = reaching(p_.steps.size());
    return *decided_;
  }
  std::optional<Region> decided_;

  // Records that reach step `upto`: every `require` before it holds.
  Region reaching(std::size_t upto) {
    Region r{full()};
    for (std::size_t s = 0; s < upto && s < p_.steps.size(); ++s) {
      if (p_.steps[s].kind == StepKind::require) r = meet(r, region(p_.steps[s].node, true));
    }
    return r;
  }

  void analyze_table(std::size_t t, std::size_t step) {
    const CompiledTable& tab = p_.tables[t];
    const Region domain = reaching(step);
    std::vector<Region> rules(tab.rules.size());
    for (std::size_t j = 0; j < tab.rules.size(); ++j) {
      if (tab.rules[j].when >= 0) rules[j] = meet(domain, region(static_cast<std::uint32_t>(tab.rules[j].when), true));
    }
    Region all;
    for (std::size_t j = 0; j < tab.rules.size(); ++j)
      if (tab.rules[j].when >= 0) join(all, rules[j]);

    // gaps
    if (tab.otherwise < 0) {
      std::vector<Box> gaps = uncovered_all(domain, all, kMaxGapParts);
      merge(gaps);
      const std::size_t shown = std::min(gaps.size(), kMaxGaps);
      for (std::size_t g = 0; g < shown; ++g) {
        auto& d = add("gap", Severity::error, name_span(tab),
                      fmt::format("no rule of table `{}` applies to some records{}", tab.name,
                                  gaps.size() > 1 ? fmt::format(" (gap {} of {}{})", g + 1, gaps.size(),
                                                                gaps.size() >= kMaxGapParts ? " or more" : "")
                                                  : ""),
                      "this table",
                      "add a rule for such records, or an `otherwise` rule for everything the rules leave out");
        if (!attach_witness(d, Region{gaps[g]}, [&](const Replay& r) { return r.failed_table == static_cast<int>(t); })) {
          downgrade(d);
        }
      }
    } else if (!uncovered(domain, all)) {
      const CompiledRule& o = tab.rules[static_cast<std::size_t>(tab.otherwise)];
      add("unreachable", Severity::warning, o.span, fmt::format("the `otherwise` rule {} never applies", rule_ref(o)),
          "never applies", "the other rules already cover every record; remove the `otherwise` rule", o.section);
    }

    // overlaps and unreachable rules
    std::size_t notes = 0;
    for (std::size_t j = 0; j < tab.rules.size(); ++j) {
      const CompiledRule& rj = tab.rules[j];
      if (rj.when < 0 || rules[j].empty()) {
        if (rj.when >= 0) {
          add("unreachable", Severity::warning, rj.span, fmt::format("rule {} can never apply", rule_ref(rj)),
              "no record satisfies this condition", "check the condition: its parts exclude each other", rj.section);
        }
        continue;
      }
      if (tab.hit == HitPolicy::unique) {
        for (std::size_t i = 0; i < j; ++i) {
          if (tab.rules[i].when < 0) continue;
          if (!intersects(rules[i], rules[j])) continue;
          const Region both = meet(rules[i], rules[j]);
          auto& d = add("overlap", Severity::error, rj.span,
                        fmt::format("rules {} and {} can both apply, but table `{}` is `hit unique`",
                                    rule_ref(tab.rules[i]), rule_ref(rj), tab.name),
                        "this rule", "narrow one condition so the two exclude each other, or use `hit first` if "
                        "the order should decide", rj.section);
          d.secondary.push_back(Label{tab.rules[i].span, "and this rule"});
          if (!attach_witness(d, both, [&](const Replay&) { return matches_[t][i] && matches_[t][j]; })) {
            downgrade(d);
          }
        }
        continue;
      }
      // rules that beat j wherever both apply
      std::vector<std::size_t> beaters;
      for (std::size_t i = 0; i < tab.rules.size(); ++i) {
        if (i == j || tab.rules[i].when < 0) continue;
        if (tab.hit == HitPolicy::first && i < j) beaters.push_back(i);
        if (tab.hit == HitPolicy::shortest || tab.hit == HitPolicy::longest) {
          if (!outcomes_[t]) continue;
          const auto a = (*outcomes_[t])[i].i, b = (*outcomes_[t])[j].i;
          const bool better = tab.hit == HitPolicy::shortest ? a < b : a > b;
          if (better || (a == b && i < j)) beaters.push_back(i);
        }
      }
      if ((tab.hit == HitPolicy::shortest || tab.hit == HitPolicy::longest) && !outcomes_[t]) continue;
      Region cover;
      for (auto i : beaters)
        if (intersects(rules[i], rules[j])) join(cover, rules[i]);
      if (!uncovered(rules[j], cover)) {
        auto& d = add("unreachable", Severity::warning, rj.span,
                      tab.hit == HitPolicy::first
                          ? fmt::format("rule {} can never apply: earlier rules always match first", rule_ref(rj))
                          : fmt::format("rule {} never decides: wherever it applies, a rule with a {} outcome "
                                        "(or an equal, earlier one) applies too",
                                        rule_ref(rj), tab.hit == HitPolicy::shortest ? "shorter" : "longer"),
                      "never decides",
                      tab.hit == HitPolicy::first ? "remove it, move it before the rules that cover it, or narrow them"
                                                  : "remove it, or narrow the rules that always beat it",
                      rj.section);
        std::size_t shown = 0;
        for (auto i : beaters) {
          if (!intersects(rules[i], rules[j]) || ++shown > 3) continue;
          d.secondary.push_back(Label{tab.rules[i].span, "wins here"});
        }
        // the example must be decided, so it passes every check, also those after the table
        if (!attach_witness(d, meet(rules[j], decided_region()), [&](const Replay& r) {
              return r.decided && matches_[t][j] && r.rule[t] != static_cast<std::int32_t>(j);
            })) {
          downgrade(d);
        }
      } else if (tab.hit == HitPolicy::first) {
        for (auto i : beaters) {
          if (notes >= kMaxNotes || !intersects(rules[i], rules[j])) continue;
          const Region both = meet(rules[i], rules[j]);
          ++notes;
          auto& d = add("overlap", Severity::note, rj.span,
                        fmt::format("rules {} and {} both match some records; {} wins (hit first)",
                                    rule_ref(tab.rules[i]), rule_ref(rj), rule_ref(tab.rules[i])),
                        "later rule", "fine if intended; otherwise narrow one of the conditions", rj.section);
          d.secondary.push_back(Label{tab.rules[i].span, "earlier rule"});
          attach_witness(d, meet(both, decided_region()), [&](const Replay& r) {
            return r.decided && r.rule[t] == static_cast<std::int32_t>(i) && matches_[t][j];
          });
        }
      }
    }
  }
  static constexpr std::size_t kMaxNotes = 20;
  static constexpr std::size_t kMaxGaps = 10;        // gaps reported per table
  static constexpr std::size_t kMaxGapParts = 100000;  // uncovered pieces collected before merging

  Span name_span(const CompiledTable& tab) const {
    // `table NAME` — point at the name
    const SourcePlace place = locate(*p_.source, tab.span.begin);
    const std::size_t at = place.text.find(tab.name, place.offset);
    if (at == std::string::npos) return tab.span;
    const std::uint32_t base = tab.span.begin - place.offset;
    return Span{static_cast<std::uint32_t>(base + at), static_cast<std::uint32_t>(base + at + tab.name.size())};
  }

  // A finding whose example did not replay is not claimed as proven.
  void downgrade(Diagnostic& d) {
    d.severity = Severity::note;
    d.message += " (not confirmed: no example customer reproduced it; a condition the checker treats as "
                 "unknown may decide it)";
    d.code = "unconfirmed";
  }

  void analyze_validations() {
    for (std::size_t s = 0; s < p_.steps.size(); ++s) {
      const Step& st = p_.steps[s];
      if (st.kind != StepKind::require && st.kind != StepKind::warn) continue;
      const Span span = p_.validation_spans[st.index];
      const Region domain = reaching(st.kind == StepKind::warn ? p_.steps.size() : s);
      if (domain.empty()) continue;
      const bool sure = !touches_opaque(st.node);
      if (st.kind == StepKind::require) {
        if (sure && meet(domain, region(st.node, false)).empty()) {
          add("always-true", Severity::warning, span, "this check holds for every record that reaches it",
              "never fails", "remove it, or correct the condition if it should exclude something (earlier checks may already "
              "exclude every record it would stop)");
        } else if (sure && meet(domain, region(st.node, true)).empty()) {
          add("never-true", Severity::warning, span, "no record can pass this check", "always fails",
              "every record would be an error: correct the condition");
        }
      } else if (sure && meet(domain, region(st.node, true)).empty()) {
        add("never-fires", Severity::warning, span, "this warning can never be given", "never true",
            "correct the condition, or remove the warning");
      }
    }
  }

  bool touches_opaque(std::uint32_t node) {
    std::vector<std::uint32_t> stack{node};
    while (!stack.empty()) {
      const std::uint32_t n = stack.back();
      stack.pop_back();
      if (auto it = atoms_.find(n); it != atoms_.end() && !it->second.analysable) return true;
      const Node& x = p_.nodes[n];
      if (x.code == Code::load && x.aux >= p_.facts.size() && def_node_[x.aux] >= 0 && table_of_[x.aux] < 0) {
        stack.push_back(static_cast<std::uint32_t>(def_node_[x.aux]));
      }
      for (std::uint32_t k = 0; k < x.count; ++k) stack.push_back(p_.kids[x.first + k]);
    }
    return false;
  }

  void report_opaque() {
    for (const auto& [node, a] : atoms_) {
      if (a.analysable) continue;
      const std::string why = a.facts.size() > 1 ? "it combines several facts"
                              : a.facts.empty() ? "it depends on a value the checker cannot enumerate"
                                                : "it is not a comparison of one fact with a constant";
      add("not-analysed", Severity::note, p_.nodes[node].span,
          fmt::format("the checker treats this condition as unknown: {}", why), "treated as unknown",
          "findings that depend on it are only reported when an example customer confirms them");
    }
  }

  void unused() {
    std::vector<bool> read(p_.slot_count, false);
    std::vector<std::uint32_t> stack;
    for (const Step& s : p_.steps) {
      if (s.kind == StepKind::table) {
        for (const auto& r : p_.tables[s.index].rules) {
          if (r.when >= 0) stack.push_back(static_cast<std::uint32_t>(r.when));
          stack.push_back(r.then);
        }
      } else {
        stack.push_back(s.node);
        if (s.kind != StepKind::compute) stack.push_back(s.message);
      }
    }
    for (const auto& w : p_.workload) stack.push_back(w.node);
    std::vector<bool> seen(p_.nodes.size(), false);
    while (!stack.empty()) {
      const std::uint32_t n = stack.back();
      stack.pop_back();
      if (seen[n]) continue;
      seen[n] = true;
      const Node& x = p_.nodes[n];
      if (x.code == Code::load) read[x.aux] = true;
      if (x.code == Code::is_empty || x.code == Code::is_not_empty) read[p_.nodes[p_.kids[x.first]].aux] = true;
      for (std::uint32_t k = 0; k < x.count; ++k) stack.push_back(p_.kids[x.first + k]);
    }
    for (std::size_t f = 0; f < p_.facts.size(); ++f) {
      if (!read[f] && f != p_.key_fact && !p_.facts[f].input_only) {
        add("unused", Severity::warning, p_.facts[f].span, fmt::format("fact `{}` is never used", p_.facts[f].name),
            "declared here",
            "use it in a rule, or mark it `input only` if the caseload column is only checked, not used");
      }
    }
    for (std::size_t i = 0; i < p_.parameter_slots.size(); ++i) {
      if (!read[p_.parameter_slots[i]]) {
        // a note: reports such as the workload read parameters the rules do not
        add("unused", Severity::note, p_.parameter_spans[i],
            fmt::format("parameter `{}` is not used by any rule, check, output or workload entry",
                        p_.parameter_names[i]),
            "declared here", "remove it, or use it");
      }
    }
    for (const auto& d : p_.definitions) {
      if (!read[d.slot]) {
        add("unused", Severity::warning, d.span, fmt::format("definition `{}` is never used", d.name), "declared here",
            "remove it or use it");
      }
    }
    // outputs that no decision feeds: they say the same for every rule
    for (const auto& o : p_.outputs) {
      if (!depends_on_table(static_cast<std::uint32_t>(def_node_[o.slot]))) {
        add("independent-output", Severity::note, o.span,
            fmt::format("output `{}` does not depend on any decision table", o.name), "output",
            "fine for plain copies of facts; otherwise check that it uses the table it should");
      }
    }
  }

  bool depends_on_table(std::uint32_t node) {
    Atom a;
    deps(node, a);
    return !a.tables.empty();
  }

 public:
  Analysis result() { return std::move(out_); }

  friend Analysis analyze_program(const Program&, std::int32_t);
};

Analysis Analyzer::run() {
  out_.as_of = as_of_;
  def_node_.assign(p_.slot_count, -1);
  table_of_.assign(p_.slot_count, -1);
  for (const Step& s : p_.steps)
    if (s.kind == StepKind::compute) def_node_[s.index] = static_cast<std::int32_t>(s.node);
  for (std::size_t t = 0; t < p_.tables.size(); ++t) table_of_[p_.tables[t].slot] = static_cast<std::int32_t>(t);
  prepare_frame(p_, frame_);
  frame_.slots[p_.as_of_slot].i = as_of_;
  // constant outcomes per table (a table whose outcomes depend on facts is analysed for gaps
  // and overlaps only)
  outcomes_.resize(p_.tables.size());
  for (std::size_t t = 0; t < p_.tables.size(); ++t) {
    std::vector<Value> values;
    bool constant = true;
    for (const auto& r : p_.tables[t].rules) {
      Atom a;
      deps(r.then, a);
      Value v;
      if (!a.facts.empty() || !a.tables.empty() || !evaluate_node(p_, frame_, r.then, v)) {
        constant = false;
        break;
      }
      values.push_back(v);
    }
    if (constant && p_.tables[t].type.base != BaseType::text) outcomes_[t] = std::move(values);
  }
  for (const auto& tab : p_.tables)
    for (const auto& r : tab.rules)
      if (r.when >= 0) collect(static_cast<std::uint32_t>(r.when));
  for (const Step& s : p_.steps)
    if (s.kind == StepKind::require || s.kind == StepKind::warn) collect(s.node);
  build_dims();
  for (std::size_t s = 0; s < p_.steps.size(); ++s)
    if (p_.steps[s].kind == StepKind::table) analyze_table(p_.steps[s].index, s);
  analyze_validations();
  unused();
  report_opaque();
  if (truncated_) {
    add("analysis-limit", Severity::note, Span{0, 0},
        "the policy's conditions are too many to analyse completely; some findings may be missing", "",
        "split large tables or simplify conditions");
  }
  return std::move(out_);
}

}  // namespace

Analysis analyze_program(const Program& program, std::int32_t as_of) {
  Analyzer a(program, as_of);
  return a.run();
}

}  // namespace kadenz::detail
