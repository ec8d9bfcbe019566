// Analyze stage: the structure of conditions - what each expression reads (facts, tables,
// through definitions), which leaves of conditions are atoms the analysis can decide exactly,
// and the table outcomes an atom has to be considered under.
#include "interpreter/analyze/analyzer.hpp"

namespace kadenz::detail::analysis {
namespace {

// The operators conditions are built from; everything else is (part of) an atom.
bool is_condition_op(Code c) {
  return c == Code::logical_and || c == Code::logical_or || c == Code::logical_not;
}

// True if `node` reads a fact (through definitions).
bool has_fact(const Context& cx, std::uint32_t node) {
  Atom a;
  deps(cx, node, a);
  return !a.facts.empty();
}

// True if `node`'s value moves monotonically with its single fact (all other inputs constant):
// then a comparison of it with a constant flips at most once along the fact's values.
bool monotone(const Context& cx, std::uint32_t node, int depth = 0) {
  const Program& p = cx.p;
  const Node& n = p.nodes[node];
  if (depth > 512) return false;
  auto k = [&](std::uint32_t i) { return p.kids[n.first + i]; };
  auto constant = [&](std::uint32_t i) { return !has_fact(cx, k(i)); };
  switch (n.code) {
    case Code::constant: return true;
    case Code::load:
      // a fact, a table's outcome, as_of or a parameter (constants for the analysis)
      if (n.aux < p.facts.size() || cx.table_of[n.aux] >= 0 || cx.def_node[n.aux] < 0) return true;
      return monotone(cx, static_cast<std::uint32_t>(cx.def_node[n.aux]), depth + 1);
    case Code::negate: return monotone(cx, k(0), depth + 1);
    case Code::add: case Code::sub: case Code::mul: case Code::div: case Code::min: case Code::max:
    case Code::date_add_days: case Code::date_sub_days: case Code::date_add_months: case Code::date_sub_months:
    case Code::date_diff: case Code::years_between: case Code::months_between: case Code::days_between:
      if (constant(0)) return monotone(cx, k(1), depth + 1) && (n.code != Code::div);
      if (constant(1)) return monotone(cx, k(0), depth + 1);
      return false;
    case Code::year: return monotone(cx, k(0), depth + 1);
    default: return false;
  }
}

}  // namespace

// A load of a fact or a table's outcome is a leaf; a load of a definition continues into the
// node that computes it; `is empty` reads its fact without loading it.
void deps(const Context& cx, std::uint32_t node, Atom& a, int depth) {
  const Program& p = cx.p;
  const Node& n = p.nodes[node];
  if (depth > 512) {
    a.analysable = false;
    return;
  }
  if (n.code == Code::load) {
    if (n.aux < p.facts.size()) {
      a.facts.insert(n.aux);
    } else if (cx.table_of[n.aux] >= 0) {
      a.tables.insert(static_cast<std::uint32_t>(cx.table_of[n.aux]));
    } else if (cx.def_node[n.aux] >= 0) {
      deps(cx, static_cast<std::uint32_t>(cx.def_node[n.aux]), a, depth + 1);
    }
    return;
  }
  if (n.code == Code::is_empty || n.code == Code::is_not_empty) {
    // `fact is empty` tests the fact; `table is empty` (a table with a rule `then nothing`) and
    // a `let` read what they read, as any other operand
    const Node& k = p.nodes[p.kids[n.first]];
    if (k.code == Code::load && k.aux < p.facts.size()) {
      a.facts.insert(k.aux);
    } else {
      deps(cx, p.kids[n.first], a, depth + 1);
    }
    return;
  }
  for (std::uint32_t k = 0; k < n.count; ++k) deps(cx, p.kids[n.first + k], a, depth + 1);
}

// A table's outcome is not a definition: conditions treat it as a value of its own (one per
// constant outcome), not as the rules that compute it.
bool loads_definition(const Context& cx, const Node& n) {
  return n.code == Code::load && n.aux >= cx.p.facts.size() && cx.def_node[n.aux] >= 0 && cx.table_of[n.aux] < 0;
}

// An atom is analysable if it reads at most one fact, only tables with constant outcomes, and
// (for a fact that is not boolean, enumeration or text) is a comparison of monotone sides or an
// emptiness test: then its truth changes at finitely many, findable points.
void collect_atoms(Context& cx, std::uint32_t node, int depth) {
  const Program& p = cx.p;
  const Node& n = p.nodes[node];
  if (depth > 512) return;
  if (is_condition_op(n.code)) {
    for (std::uint32_t k = 0; k < n.count; ++k) collect_atoms(cx, p.kids[n.first + k], depth + 1);
    return;
  }
  if ((n.code == Code::if_then && n.arg_type == BaseType::boolean) || n.code == Code::cite) {  // cite: its branch
    for (std::uint32_t k = 0; k < n.count; ++k) collect_atoms(cx, p.kids[n.first + k], depth + 1);
    return;
  }
  if (loads_definition(cx, n)) {
    collect_atoms(cx, static_cast<std::uint32_t>(cx.def_node[n.aux]), depth + 1);
    return;
  }
  if (n.code == Code::constant) return;
  if (cx.atoms.count(node)) return;
  Atom a;
  deps(cx, node, a);
  for (auto t : a.tables)
    if (!cx.outcomes[t]) a.analysable = false;
  if (a.facts.size() > 1) a.analysable = false;
  if (a.facts.size() == 1 && a.analysable) {
    const auto& f = p.facts[*a.facts.begin()];
    const bool finite = f.type.base == BaseType::boolean || f.type.base == BaseType::enumeration ||
                        f.type.base == BaseType::text;
    if (!finite && !(n.code == Code::is_empty || n.code == Code::is_not_empty)) {
      const bool ok = (n.code == Code::lt || n.code == Code::le || n.code == Code::gt || n.code == Code::ge ||
                       n.code == Code::eq || n.code == Code::ne) &&
                      monotone(cx, p.kids[n.first]) && monotone(cx, p.kids[n.first + 1]);
      if (!ok) a.analysable = false;
    }
  }
  cx.atoms[node] = a;
}

// Equal outcomes of one table (same value) give one case, in the order of their first rule.
std::vector<TableCase> cases(const Context& cx, const Atom& a) {
  std::vector<TableCase> all{{}};
  for (auto t : a.tables) {
    std::vector<TableCase> next;
    std::set<std::int64_t> seen;
    for (const Value& v : *cx.outcomes[t]) {
      if (!seen.insert(outcome_key(v)).second) continue;
      for (auto c : all) {
        c.emplace_back(t, v);
        next.push_back(std::move(c));
      }
    }
    all = std::move(next);
  }
  return all;
}

// A finding about a check that touches an unknown condition would be a guess, so the caller
// reports none. Walks the expression without recursion (definitions can nest deeply).
bool touches_opaque(const Context& cx, std::uint32_t node) {
  const Program& p = cx.p;
  std::vector<std::uint32_t> stack{node};
  while (!stack.empty()) {
    const std::uint32_t n = stack.back();
    stack.pop_back();
    if (auto it = cx.atoms.find(n); it != cx.atoms.end() && !it->second.analysable) return true;
    const Node& x = p.nodes[n];
    if (loads_definition(cx, x)) stack.push_back(static_cast<std::uint32_t>(cx.def_node[x.aux]));
    for (std::uint32_t k = 0; k < x.count; ++k) stack.push_back(p.kids[x.first + k]);
  }
  return false;
}

}  // namespace kadenz::detail::analysis
