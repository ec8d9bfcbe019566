// Compile stage, register code: tables decided by one lookup of their atoms (Ins::lookup). The
// conditions become functions of a few yes/no atoms over slots and constants, and the deciding
// rule for every combination of the atoms is worked out here, at compile time.
#include "interpreter/compile/code_context.hpp"

#include "grammar/limits.hpp"

namespace kadenz::detail {
namespace {

// At most this many distinct atoms in the conditions of a table decided by one lookup: the table
// has 2^atoms entries (4 KiB at 10), built at compile time. A table with more is a chain of jumps.
constexpr std::size_t kMaxLookupAtoms = 10;

// A table that stops at its first deciding rule is looked up only if its chain makes at least
// this many tests per atom (when every rule is reached): measured with callgrind on the Coburg
// policy, whose 7-atom table makes 13 tests, the lookup cost about 70 instructions per record
// more than the chain, which usually stops after a few tests.
constexpr std::size_t kChainTestsPerAtom = 3;

static_assert(kMaxRulesPerTable < 0xffff, "LookupTable::entries keeps a rule + 1 in 16 bits");

// Bits over every combination of the atoms' values: bit c of the set is the value of the
// expression when atom j has the value of bit j of c.
using Bits = std::vector<std::uint64_t>;

// The register of a constant or a load; kNone for anything else.
std::uint32_t plain(const CodeContext& cx, std::uint32_t n) {
  const Node& x = cx.g.nodes[n];
  if (x.code == Code::constant && x.arg_type != BaseType::text) return cx.const_reg[n];
  if (x.code == Code::load) return x.aux;
  return kNone;
}

// The index of an atom, added if new.
std::uint32_t atom(std::vector<LookupAtom>& atoms, AtomKind kind, std::uint32_t a, std::uint32_t b) {
  if (kind == AtomKind::eq && b < a) std::swap(a, b);
  if (kind == AtomKind::empty) b = a;
  for (std::uint32_t j = 0; j < atoms.size(); ++j)
    if (atoms[j].kind == kind && atoms[j].a == a && atoms[j].b == b) return j;
  atoms.push_back(LookupAtom{a, b, kind});
  return static_cast<std::uint32_t>(atoms.size() - 1);
}

// The bits of atom j alone: set for every combination in which atom j holds (bit j of c).
Bits atom_bits(std::uint32_t j, std::size_t words) {
  static constexpr std::uint64_t kLow[6] = {0xAAAAAAAAAAAAAAAAull, 0xCCCCCCCCCCCCCCCCull, 0xF0F0F0F0F0F0F0F0ull,
                                           0xFF00FF00FF00FF00ull, 0xFFFF0000FFFF0000ull, 0xFFFFFFFF00000000ull};
  Bits b(words);
  for (std::size_t w = 0; w < words; ++w)
    b[w] = j < 6 ? kLow[j] : ((w >> (j - 6)) & 1) ? ~std::uint64_t{0} : 0;
  return b;
}

// The combinations in which the expression does not hold.
Bits negated(Bits b) {
  for (auto& w : b) w = ~w;
  return b;
}

// The condition as a function of atoms: and/or/not/if of yes/no slots, `is empty`, comparisons
// and `in { … }` of slots and constants. With `words` 0 only the atoms are collected. False if
// the condition has any other part (its table is then compiled as a chain of jumps).
bool atoms_of(const CodeContext& cx, std::uint32_t n, std::vector<LookupAtom>& atoms, std::size_t words, Bits& out) {
  const Node& x = cx.g.nodes[n];
  const std::uint32_t* k = cx.kids(x);
  const auto one = [&](AtomKind kind, std::uint32_t a, std::uint32_t b, bool negate) {
    const std::uint32_t j = atom(atoms, kind, a, b);
    if (words) out = negate ? negated(atom_bits(j, words)) : atom_bits(j, words);
  };
  switch (x.code) {
    case Code::constant:
      if (words) out.assign(words, x.imm != 0 ? ~std::uint64_t{0} : 0);
      return true;
    case Code::load: one(AtomKind::eq, x.aux, cx.zero, true); return true;
    case Code::is_empty:
    case Code::is_not_empty: one(AtomKind::empty, cx.g.nodes[k[0]].aux, 0, x.code == Code::is_not_empty); return true;
    case Code::logical_not:
      if (!atoms_of(cx, k[0], atoms, words, out)) return false;
      if (words) out = negated(std::move(out));
      return true;
    case Code::logical_and:
    case Code::logical_or: {
      const bool is_and = x.code == Code::logical_and;
      if (words) out.assign(words, is_and ? ~std::uint64_t{0} : 0);
      Bits part;
      for (std::uint32_t j = 0; j < x.count; ++j) {
        if (!atoms_of(cx, k[j], atoms, words, part)) return false;
        for (std::size_t w = 0; w < words; ++w) out[w] = is_and ? out[w] & part[w] : out[w] | part[w];
      }
      return true;
    }
    case Code::if_then: {
      Bits c, t, e;
      if (!atoms_of(cx, k[0], atoms, words, c) || !atoms_of(cx, k[1], atoms, words, t) ||
          !atoms_of(cx, k[2], atoms, words, e))
        return false;
      if (words) {
        out.resize(words);
        for (std::size_t w = 0; w < words; ++w) out[w] = (c[w] & t[w]) | (~c[w] & e[w]);
      }
      return true;
    }
    case Code::in_set: {  // x in {m1, m2, …}: x = m1 or x = m2 …; imm: `not in`
      const std::uint32_t v = plain(cx, k[0]);
      if (v == kNone) return false;
      if (words) out.assign(words, 0);
      for (std::uint32_t j = 1; j < x.count; ++j) {
        const std::uint32_t m = plain(cx, k[j]);
        if (m == kNone) return false;
        const std::uint32_t a = atom(atoms, AtomKind::eq, v, m);
        if (words) {
          const Bits b = atom_bits(a, words);
          for (std::size_t w = 0; w < words; ++w) out[w] |= b[w];
        }
      }
      if (words && x.imm != 0) out = negated(std::move(out));
      return true;
    }
    default: break;
  }
  if (!is_comparison(x.code)) return false;
  const std::uint32_t a = plain(cx, k[0]), b = plain(cx, k[1]);
  if (a == kNone || b == kNone) return false;
  switch (x.code) {
    case Code::eq: one(AtomKind::eq, a, b, false); break;
    case Code::ne: one(AtomKind::eq, a, b, true); break;
    case Code::lt: one(AtomKind::lt, a, b, false); break;
    case Code::gt: one(AtomKind::lt, b, a, false); break;
    case Code::le: one(AtomKind::lt, b, a, true); break;
    default: one(AtomKind::lt, a, b, true); break;  // ge
  }
  return true;
}

// How many tests a chain of jumps makes for the condition when every part is reached.
std::size_t atom_tests(const CodeContext& cx, std::uint32_t n) {
  const Node& x = cx.g.nodes[n];
  if (x.code == Code::constant) return 0;
  if (x.code == Code::in_set) return x.count - 1;
  if (x.code != Code::logical_and && x.code != Code::logical_or && x.code != Code::logical_not &&
      x.code != Code::if_then)
    return 1;
  std::size_t sum = 0;
  for (std::uint32_t j = 0; j < x.count; ++j) sum += atom_tests(cx, cx.kids(x)[j]);
  return sum;
}

}  // namespace

// Decides the table by one lookup if its conditions are functions of at most kMaxLookupAtoms
// atoms (see atoms_of) and the hit policy allows working out the choice at compile time:
// `first` always; `shortest`/`longest` with constant results (`constant_results`); `unique` if
// no result can fault (the evaluation computes the first result before it finds the second
// rule). `order`: the rules with conditions, in rule order.
bool lower_lookup(CodeContext& cx, std::uint32_t t, const std::vector<std::uint32_t>& order, bool constant_results) {
  const CompiledTable& ct = cx.g.tables[t];
  if (order.size() < 2) return false;
  if ((ct.hit == HitPolicy::shortest || ct.hit == HitPolicy::longest) && !constant_results) return false;
  if (ct.hit == HitPolicy::unique)
    for (const CompiledRule& r : ct.rules)
      if (may_fault(cx.g, r.then)) return false;
  LookupTable l;
  Bits unused;
  for (const std::uint32_t j : order)
    if (!atoms_of(cx, static_cast<std::uint32_t>(ct.rules[j].when), l.atoms, 0, unused) ||
        l.atoms.size() > kMaxLookupAtoms)
      return false;
  if (l.atoms.empty()) return false;
  // Cost: the lookup tests every atom (a few machine instructions each) where a chain that
  // stops at the first deciding rule dispatches one jump per test it reaches, often only the
  // first few. Such a table is looked up only if its chain is long for its atoms (many rules
  // testing the same few facts); a `unique` table's chain tests every condition.
  if (ct.hit != HitPolicy::unique) {
    std::size_t tests = 0;
    for (const std::uint32_t j : order) tests += atom_tests(cx, static_cast<std::uint32_t>(ct.rules[j].when));
    if (tests < kChainTestsPerAtom * l.atoms.size()) return false;
  }
  // Grouped by kind (equalities, then orders, then empties): the evaluator tests each group in
  // its own loop without choosing the test per atom.
  std::stable_sort(l.atoms.begin(), l.atoms.end(),
                   [](const LookupAtom& x, const LookupAtom& y) { return x.kind < y.kind; });
  const std::size_t combinations = std::size_t{1} << l.atoms.size();
  const std::size_t words = (combinations + 63) / 64;
  std::vector<Bits> holds(order.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    std::vector<LookupAtom> same = l.atoms;  // every atom is known: no new one is added
    atoms_of(cx, static_cast<std::uint32_t>(ct.rules[order[i]].when), same, words, holds[i]);
  }
  l.entries.assign(combinations, 0);
  l.targets.assign(ct.rules.size(), kNone);
  for (std::size_t c = 0; c < combinations; ++c) {
    std::int64_t chosen = -1, second = -1;
    for (std::size_t i = 0; i < order.size(); ++i) {
      if (!((holds[i][c / 64] >> (c % 64)) & 1)) continue;
      const std::uint32_t j = order[i];
      if (chosen < 0) {
        chosen = j;
        if (ct.hit == HitPolicy::first) break;
        continue;
      }
      if (ct.hit == HitPolicy::unique) {
        second = j;
        break;
      }
      const Node& best = cx.g.nodes[ct.rules[static_cast<std::size_t>(chosen)].then];
      if (result_beats(cx.g.nodes[ct.rules[j].then], best, ct.hit)) chosen = j;
    }
    if (chosen < 0 && ct.otherwise >= 0) chosen = ct.otherwise;
    if (chosen >= 0 && second < 0) l.targets[static_cast<std::size_t>(chosen)] = 0;  // decided by it
    l.entries[c] = static_cast<std::uint32_t>(chosen + 1) | static_cast<std::uint32_t>(second + 1) << 16;
  }
  const std::uint32_t index = static_cast<std::uint32_t>(cx.g.lookups.size());
  cx.emit(Ins::lookup, t, index);
  const std::uint32_t end = cx.label();
  for (std::uint32_t j = 0; j < ct.rules.size(); ++j) {
    if (l.targets[j] == kNone) continue;
    l.targets[j] = cx.label();
    cx.place(l.targets[j]);
    lower_decide(cx, t, j, end);
  }
  cx.place(end);
  cx.g.lookups.push_back(std::move(l));
  return true;
}

}  // namespace kadenz::detail
