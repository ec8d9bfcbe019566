// policy_gen: writes a deterministic synthetic kadenz policy with one large decision table, for
// the `kadenz check` benchmark (bench/check_bench.sh) and for testing the analyzer at scale. The
// output is a pure function of the arguments, on every platform.
//
//   policy_gen --rules N --attributes A --seed S [--hit unique|first|shortest] [--gaps G]
//              [--overlaps O]
//
// The table is shaped like the synthetic DMN tables of Calvanese et al. (BPM 2016): A input
// attributes, alternately `int` ranges (a1, a3, …) and `one of` categories (a2, a4, …), and N
// rules whose conditions are conjunctions of range and category tests. The rules are the leaves
// of a random k-d tree over the attribute space, so the clean table is a partition: under
// `hit unique` it has no gap and no overlap. Then G gaps are planted (a rule removed, or
// narrowed: `a1 > 10` where the partition needs `a1 >= 10`, a category dropped) and O overlaps
// (a rule widened: `a1 <= 20` where the partition needs `a1 < 20`, a category added).
//
// Standard error says which rules were changed, then names each pair of rules that can both
// apply (`expected overlap: r12 r40`, earlier rule first), and ends with the line
// `expected: gaps=G overlaps=P`: the number of gaps `kadenz check` must report (the planted
// gaps pairwise differ in two attributes, so the checker cannot merge two into one), and P, the
// number of those pairs (one per planted overlap where the space allows; under `hit unique`
// each is an `error[overlap]`, under `first` a note, under `shortest` nothing).
//
// Randomness is a hand-written splitmix64 reduced with '%', as in caseload_gen: the <random>
// distributions are not specified exactly by the standard.

#include "common.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <iterator>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

using kadenz::bench::parse_number;
using kadenz::bench::Rng;

// Thresholds of the int attributes lie in [1, kIntSpan - 1]. A rule's range [lo, hi) with
// lo == 0 has no lower test and one with hi == kIntSpan no upper test: together the leaves cover
// every int, negative and large ones included, as the analyzer's domain (±10⁹) requires.
constexpr int kIntSpan = 10000;

// `kadenz check` refuses tables with more rules than this (the language's limit, docs/language.md
// section 13); a larger table would measure the refusal, not the analysis.
constexpr long long kMaxRules = 20000;

// Category masks are 32-bit; more attributes than this make no table of the benchmark's kind.
constexpr long long kMaxAttributes = 32;

// Random candidates tried for each planted gap or overlap before giving up: the constraints
// (gaps differ in two attributes, an overlap touches one other rule and no gap) rarely need more
// than a handful.
constexpr int kPlantAttempts = 20000;

// The Kontaktdichte intervals (1MM, 2MM, 3MM, 6MM), the rules' outcomes.
constexpr int kOutcomes[] = {1, 2, 3, 6};

// ---------------------------------------------------------------------------------------------
// Randomness


// ---------------------------------------------------------------------------------------------
// The attribute space and boxes in it

struct Attribute {
  std::string name;
  bool category = false;  // `one of` with `values` values; else `int`
  int values = 0;
};

// One attribute's part of a box: the ints [lo, hi) or the categories in `mask`. The two flags
// change only how a bound is written (`a > 9` for lo 10, `a <= 20` for hi 21), as the planted
// off-by-one mistakes are written.
struct Extent {
  int lo = 0;
  int hi = kIntSpan;
  std::uint32_t mask = 0;
  bool strict_lo = false;
  bool inclusive_hi = false;
};

using Box = std::vector<Extent>;

bool overlaps(const Attribute& a, const Extent& x, const Extent& y) {
  return a.category ? (x.mask & y.mask) != 0 : std::max(x.lo, y.lo) < std::min(x.hi, y.hi);
}

bool intersects(const std::vector<Attribute>& attrs, const Box& x, const Box& y) {
  for (std::size_t k = 0; k < attrs.size(); ++k)
    if (!overlaps(attrs[k], x[k], y[k])) return false;
  return true;
}

// Attributes in which the two boxes share no value.
std::size_t disjoint_dims(const std::vector<Attribute>& attrs, const Box& x, const Box& y) {
  std::size_t n = 0;
  for (std::size_t k = 0; k < attrs.size(); ++k) n += overlaps(attrs[k], x[k], y[k]) ? 0u : 1u;
  return n;
}

std::uint32_t full_mask(int values) {
  return values >= 32 ? ~std::uint32_t{0} : (std::uint32_t{1} << values) - 1;
}

int popcount(std::uint32_t m) { return __builtin_popcount(m); }

bool splittable(const Attribute& a, const Extent& e) {
  return a.category ? popcount(e.mask) >= 2 : e.hi - e.lo >= 2;
}

// ---------------------------------------------------------------------------------------------
// Text of conditions

// (Appending rather than `"k" + to_string(v)` sidesteps a false -Wrestrict in GCC 12's
// std::string at -O3, GCC bug 105329.)
std::string category_value(std::size_t v) {
  std::string s(1, 'k');
  s.append(std::to_string(v));
  return s;
}

// `a1 >= 10 and a1 < 20 and a2 in {k0, k3}`; an attribute the box does not restrict is left out.
std::string condition(const std::vector<Attribute>& attrs, const Box& b) {
  std::string s;
  auto conj = [&](const std::string& test) {
    if (!s.empty()) s += " and ";
    s += test;
  };
  for (std::size_t k = 0; k < attrs.size(); ++k) {
    const Attribute& a = attrs[k];
    const Extent& e = b[k];
    if (a.category) {
      if (e.mask == full_mask(a.values)) continue;
      std::string set;
      for (int v = 0; v < a.values; ++v) {
        if (!((e.mask >> v) & 1u)) continue;
        if (!set.empty()) set += ", ";
        set += category_value(static_cast<std::size_t>(v));
      }
      conj(popcount(e.mask) == 1 ? a.name + " = " + set : a.name + " in {" + set + "}");
      continue;
    }
    if (e.lo > 0) {
      conj(e.strict_lo ? a.name + " > " + std::to_string(e.lo - 1) : a.name + " >= " + std::to_string(e.lo));
    }
    if (e.hi < kIntSpan) {
      conj(e.inclusive_hi ? a.name + " <= " + std::to_string(e.hi - 1) : a.name + " < " + std::to_string(e.hi));
    }
  }
  return s.empty() ? "true" : s;
}

// ---------------------------------------------------------------------------------------------
// The partition

struct Rule {
  std::string name;
  Box box;
  int months = 0;
  bool removed = false;
  bool changed = false;  // narrowed or widened: not chosen twice
};

// The leaves of a k-d tree with `leaves` leaves, in depth-first order (neighbouring rules are
// neighbouring boxes, as in a table written by hand). Leaves are split breadth-first, so every
// rule has about log2(leaves) tests; the first splits use each attribute once, so that every
// fact is read. Returns fewer boxes only if the space is exhausted (it is not, for int spans of
// kIntSpan).
std::vector<Box> partition(const std::vector<Attribute>& attrs, std::size_t leaves, Rng& rng) {
  struct Node {
    Box box;
    std::size_t left = 0, right = 0;  // 0: a leaf (the root is never a child)
  };
  std::vector<Node> nodes(1);
  nodes[0].box.resize(attrs.size());
  for (std::size_t k = 0; k < attrs.size(); ++k)
    if (attrs[k].category) nodes[0].box[k].mask = full_mask(attrs[k].values);
  std::vector<std::size_t> queue{0};
  std::size_t head = 0, count = 1, splits = 0;
  while (count < leaves && head < queue.size()) {
    const std::size_t n = queue[head++];
    std::vector<std::size_t> dims;
    for (std::size_t k = 0; k < attrs.size(); ++k)
      if (splittable(attrs[k], nodes[n].box[k])) dims.push_back(k);
    if (dims.empty()) continue;
    std::size_t k = dims[rng.below(dims.size())];
    if (splits < attrs.size() && splittable(attrs[splits], nodes[n].box[splits])) k = splits;
    ++splits;
    Box lower = nodes[n].box, upper = nodes[n].box;
    if (attrs[k].category) {
      // a random proper subset of the node's categories, and the rest
      std::vector<int> in;
      for (int v = 0; v < attrs[k].values; ++v)
        if ((lower[k].mask >> v) & 1u) in.push_back(v);
      for (std::size_t i = in.size() - 1; i > 0; --i) std::swap(in[i], in[rng.below(i + 1)]);
      const std::size_t take = 1 + rng.below(in.size() - 1);
      std::uint32_t part = 0;
      for (std::size_t i = 0; i < take; ++i) part |= std::uint32_t{1} << in[i];
      lower[k].mask = part;
      upper[k].mask &= ~part;
    } else {
      // a cut in the middle half of the range keeps the widths comparable
      const Extent& e = nodes[n].box[k];
      const int width = e.hi - e.lo;
      const int cut = width < 4 ? e.lo + 1 : e.lo + width / 4 + rng.between(0, width / 2);
      lower[k].hi = cut;
      upper[k].lo = cut;
    }
    nodes[n].left = nodes.size();
    nodes.push_back(Node{std::move(lower), 0, 0});
    nodes[n].right = nodes.size();
    nodes.push_back(Node{std::move(upper), 0, 0});
    queue.push_back(nodes[n].left);
    queue.push_back(nodes[n].right);
    ++count;
  }
  std::vector<Box> out;
  std::vector<std::size_t> stack{0};
  while (!stack.empty()) {
    const std::size_t n = stack.back();
    stack.pop_back();
    if (nodes[n].left == 0) {
      out.push_back(nodes[n].box);
    } else {
      stack.push_back(nodes[n].right);
      stack.push_back(nodes[n].left);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Planting mistakes

class Planter {
 public:
  Planter(const std::vector<Attribute>& attrs, std::vector<Rule>& rules, Rng& rng)
      : attrs_(attrs), rules_(rules), rng_(rng) {}

  // Removes a rule (gaps 1, 3, 5, …; `number` counts from 0) or narrows one (gaps 2, 4, …): its
  // box, or the part the narrowing gives up, is then covered by no rule. Each gap differs from every earlier one in
  // at least two attributes, so no two can be reported as one.
  bool gap(std::size_t number) {
    for (int attempt = 0; attempt < kPlantAttempts; ++attempt) {
      Rule& r = rules_[rng_.below(rules_.size())];
      if (r.removed || r.changed) continue;
      if (number % 2 == 0) {
        if (!fits(r.box)) continue;
        r.removed = true;
        gaps_.push_back(r.box);
        std::fprintf(stderr, "gap %zu: rule %s removed: %s\n", number + 1, r.name.c_str(),
                     condition(attrs_, r.box).c_str());
        return true;
      }
      const std::size_t k = rng_.below(attrs_.size());
      const Attribute& a = attrs_[k];
      Extent& e = r.box[k];
      Box lost = r.box;
      if (a.category) {
        if (popcount(e.mask) < 2) continue;
        std::vector<int> in;
        for (int v = 0; v < a.values; ++v)
          if ((e.mask >> v) & 1u) in.push_back(v);
        const int drop = in[rng_.below(in.size())];
        lost[k].mask = std::uint32_t{1} << drop;
        if (!fits(lost)) continue;
        const std::string before = condition(attrs_, r.box);
        e.mask &= ~lost[k].mask;
        report_narrowed(number, r, before, a.name + " = " + category_value(static_cast<std::size_t>(drop)));
      } else {
        // `a > lo-1` where `a >= lo` is meant: the records with a == lo fall through
        if (e.lo == 0 || e.hi - e.lo < 2) continue;
        lost[k].hi = e.lo + 1;
        if (!fits(lost)) continue;
        const std::string before = condition(attrs_, r.box);
        e.lo += 1;
        e.strict_lo = true;
        report_narrowed(number, r, before, a.name + " = " + std::to_string(lost[k].lo));
      }
      r.changed = true;
      gaps_.push_back(lost);
      return true;
    }
    return false;
  }

  // Widens a rule by one int value (`a <= hi` where `a < hi` is meant) or one category into its
  // neighbours, away from every planted gap. Prefers a widening that reaches exactly one other
  // rule, so that each planted overlap is one finding.
  bool overlap(std::size_t number) {
    for (int attempt = 0; attempt < kPlantAttempts; ++attempt) {
      const std::size_t i = rng_.below(rules_.size());
      Rule& r = rules_[i];
      if (r.removed || r.changed) continue;
      const std::size_t k = rng_.below(attrs_.size());
      const Attribute& a = attrs_[k];
      Box strip = r.box;  // what the widening adds
      if (a.category) {
        const std::uint32_t out = full_mask(a.values) & ~r.box[k].mask;
        if (!out) continue;
        std::vector<int> candidates;
        for (int v = 0; v < a.values; ++v)
          if ((out >> v) & 1u) candidates.push_back(v);
        strip[k].mask = std::uint32_t{1} << candidates[rng_.below(candidates.size())];
      } else {
        if (r.box[k].hi >= kIntSpan - 1) continue;
        strip[k].lo = r.box[k].hi;
        strip[k].hi = r.box[k].hi + 1;
      }
      bool near_gap = false;
      for (const Box& g : gaps_) near_gap |= intersects(attrs_, strip, g);
      if (near_gap) continue;
      std::vector<std::size_t> reached;
      for (std::size_t j = 0; j < rules_.size(); ++j)
        if (j != i && !rules_[j].removed && intersects(attrs_, strip, rules_[j].box)) reached.push_back(j);
      if (reached.empty() || (reached.size() > 1 && attempt < kPlantAttempts / 2)) continue;
      const std::string before = condition(attrs_, r.box);
      if (a.category) {
        r.box[k].mask |= strip[k].mask;
      } else {
        r.box[k].hi += 1;
        r.box[k].inclusive_hi = true;
      }
      r.changed = true;
      std::string names;
      for (auto j : reached) names += (names.empty() ? "" : ", ") + rules_[j].name;
      std::fprintf(stderr, "overlap %zu: rule %s widened to: %s (was: %s); now overlaps %s\n", number + 1,
                   r.name.c_str(), condition(attrs_, r.box).c_str(), before.c_str(), names.c_str());
      return true;
    }
    return false;
  }

 private:
  // A new gap must differ from each earlier one in two attributes (see gap()).
  bool fits(const Box& g) const {
    for (const Box& other : gaps_)
      if (disjoint_dims(attrs_, g, other) < 2) return false;
    return true;
  }

  void report_narrowed(std::size_t number, const Rule& r, const std::string& before, const std::string& lost) {
    std::fprintf(stderr, "gap %zu: rule %s narrowed to: %s (was: %s); records with %s fall through\n",
                 number + 1, r.name.c_str(), condition(attrs_, r.box).c_str(), before.c_str(), lost.c_str());
  }

  const std::vector<Attribute>& attrs_;
  std::vector<Rule>& rules_;
  Rng& rng_;
  std::vector<Box> gaps_;
};

// ---------------------------------------------------------------------------------------------
// Arguments

void usage() {
  std::fputs("usage: policy_gen --rules N --attributes A --seed S [--hit unique|first|shortest] "
             "[--gaps G] [--overlaps O]\n",
             stderr);
}


}  // namespace

int main(int argc, char** argv) {
  long long n_rules = -1, n_attrs = -1, seed = 0, n_gaps = 0, n_overlaps = 0;
  bool has_seed = false;
  std::string hit = "unique";
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--rules" && has_value && parse_number(argv[i + 1], n_rules) && n_rules >= 1 && n_rules <= kMaxRules) {
      ++i;
    } else if (a == "--attributes" && has_value && parse_number(argv[i + 1], n_attrs) && n_attrs >= 1 &&
               n_attrs <= kMaxAttributes) {
      ++i;
    } else if (a == "--seed" && has_value && parse_number(argv[i + 1], seed)) {
      has_seed = true;
      ++i;
    } else if (a == "--hit" && has_value &&
               (std::string_view(argv[i + 1]) == "unique" || std::string_view(argv[i + 1]) == "first" ||
                std::string_view(argv[i + 1]) == "shortest")) {
      hit = argv[++i];
    } else if (a == "--gaps" && has_value && parse_number(argv[i + 1], n_gaps) && n_gaps >= 0) {
      ++i;
    } else if (a == "--overlaps" && has_value && parse_number(argv[i + 1], n_overlaps) && n_overlaps >= 0) {
      ++i;
    } else {
      std::fprintf(stderr, "policy_gen: bad or incomplete argument '%s'\n", argv[i]);
      usage();
      return 2;
    }
  }
  if (n_rules < 0 || n_attrs < 0 || !has_seed) {
    usage();
    return 2;
  }
  const auto removals = static_cast<std::size_t>((n_gaps + 1) / 2);  // gaps 1, 3, 5, … remove a rule
  if (static_cast<std::size_t>(n_gaps + n_overlaps) > static_cast<std::size_t>(n_rules)) {
    std::fputs("policy_gen: more gaps and overlaps than rules\n", stderr);
    return 2;
  }

  // a1 int, a2 categories, a3 int, …; the category counts vary (3 to 6) as real ones do
  std::vector<Attribute> attrs(static_cast<std::size_t>(n_attrs));
  for (std::size_t k = 0; k < attrs.size(); ++k) {
    attrs[k].name = "a" + std::to_string(k + 1);
    attrs[k].category = k % 2 == 1;
    attrs[k].values = attrs[k].category ? 3 + static_cast<int>((k / 2) % 4) : 0;
  }

  Rng rng(static_cast<std::uint64_t>(seed));
  // the removed rules are extra leaves, so the table keeps exactly N rules
  const std::vector<Box> boxes = partition(attrs, static_cast<std::size_t>(n_rules) + removals, rng);
  if (boxes.size() < static_cast<std::size_t>(n_rules) + removals) {
    std::fputs("policy_gen: the attribute space has too few cells for this many rules\n", stderr);
    return 1;
  }
  std::vector<Rule> rules(boxes.size());
  for (std::size_t i = 0; i < rules.size(); ++i) {
    rules[i].name = "r" + std::to_string(i + 1);
    rules[i].box = boxes[i];
    rules[i].months = kOutcomes[rng.below(std::size(kOutcomes))];
  }

  std::fprintf(stderr, "policy_gen: %lld rules, %lld attributes, hit %s, seed %lld, %lld gaps, %lld overlaps\n",
               n_rules, n_attrs, hit.c_str(), seed, n_gaps, n_overlaps);
  Planter planter(attrs, rules, rng);
  for (std::size_t g = 0; g < static_cast<std::size_t>(n_gaps); ++g) {
    if (!planter.gap(g)) {
      std::fprintf(stderr, "policy_gen: cannot plant gap %zu (too few rules or attributes: gaps must differ in "
                           "two attributes)\n", g + 1);
      return 1;
    }
  }
  for (std::size_t o = 0; o < static_cast<std::size_t>(n_overlaps); ++o) {
    if (!planter.overlap(o)) {
      std::fprintf(stderr, "policy_gen: cannot plant overlap %zu\n", o + 1);
      return 1;
    }
  }

  // The overlapping pairs, counted from the final boxes: the partition's rules are disjoint, so
  // every pair involves a widened rule.
  std::set<std::pair<std::size_t, std::size_t>> pairs;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    if (!rules[i].changed || rules[i].removed) continue;
    for (std::size_t j = 0; j < rules.size(); ++j) {
      if (j == i || rules[j].removed || !intersects(attrs, rules[i].box, rules[j].box)) continue;
      pairs.emplace(std::min(i, j), std::max(i, j));
    }
  }

  std::string out;
  out += "# Synthetic policy written by bench/gen/policy_gen (" + std::to_string(n_rules) + " rules, " +
         std::to_string(n_attrs) + " attributes, seed " + std::to_string(seed) + ", " + std::to_string(n_gaps) +
         " planted gaps, " + std::to_string(n_overlaps) + " planted overlaps).\n\n";
  out += "policy \"Synthetic: " + std::to_string(n_rules) + " rules x " + std::to_string(n_attrs) +
         " attributes\"\n  valid from 01.01.2017\n\nfacts\n  id: text, key\n";
  for (const Attribute& a : attrs) {
    out += "  " + a.name + ": ";
    if (!a.category) {
      out += "int\n";
      continue;
    }
    out += "one of ";
    for (int v = 0; v < a.values; ++v) out += (v ? ", " : "") + category_value(static_cast<std::size_t>(v));
    out += '\n';
  }
  out += "end\n\ntable interval: months, hit " + hit + "\n";
  for (const Rule& r : rules) {
    if (r.removed) continue;
    out += "  rule " + r.name + " \xC2\xA7" + r.name.substr(1) + " when " + condition(attrs, r.box) + " then " +
           std::to_string(r.months) + (r.months == 1 ? " month\n" : " months\n");
  }
  out += "end\n\noutput interval_months = interval\n";
  if (std::fwrite(out.data(), 1, out.size(), stdout) != out.size() || std::fflush(stdout) != 0) {
    std::fputs("policy_gen: write error on standard output\n", stderr);
    return 1;
  }
  for (const auto& [i, j] : pairs)
    std::fprintf(stderr, "expected overlap: %s %s\n", rules[i].name.c_str(), rules[j].name.c_str());
  std::fprintf(stderr, "expected: gaps=%lld overlaps=%zu\n", n_gaps, pairs.size());
  return 0;
}
