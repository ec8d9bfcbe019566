// Compile stage, register code: what the code may skip, found before any instruction is emitted
// (ages compared with a constant, definitions only messages read) and whether a node can fault.
#include "interpreter/compile/code_context.hpp"

namespace kadenz::detail {
namespace {

// Loads of each slot in the tree of node n, one per path (a node shared with anything outside
// the messages then counts fewer here than in `reads`, so it is not taken).
void count_loads(const CodeContext& cx, std::uint32_t n, std::vector<std::uint32_t>& loads) {
  const Node& x = cx.g.nodes[n];
  if (x.code == Code::load && x.aux < cx.g.slot_count) ++loads[x.aux];
  for (std::uint32_t j = 0; j < x.count; ++j) count_loads(cx, cx.kids(x)[j], loads);
}

// Marks the definitions only messages read and cannot fault (cx.message_only; see CodeContext).
// `reads`: per slot, the references to loads of it.
void find_message_definitions(CodeContext& cx, const std::vector<std::uint32_t>& reads) {
  cx.message_only.assign(cx.g.slot_count, false);
  cx.step_node.assign(cx.g.slot_count, -1);
  std::vector<std::uint32_t> loads(cx.g.slot_count, 0);
  for (const Step& s : cx.g.steps) {
    if (s.kind == StepKind::compute) cx.step_node[s.index] = s.node;
    if (s.kind == StepKind::require || s.kind == StepKind::warn) count_loads(cx, s.message, loads);
  }
  // In reverse step order, so that a definition read only by message-only definitions (their
  // loads then count as message loads) is found too.
  for (auto it = cx.g.steps.rbegin(); it != cx.g.steps.rend(); ++it) {
    const Step& s = *it;
    if (s.kind != StepKind::compute || reads[s.index] == 0 || loads[s.index] != reads[s.index]) continue;
    const bool definition = std::any_of(cx.g.definitions.begin(), cx.g.definitions.end(),
                                        [&](const CompiledName& d) { return d.slot == s.index; });
    if (!definition || may_fault(cx.g, s.node)) continue;
    cx.message_only[s.index] = true;
    count_loads(cx, s.node, loads);
  }
}

}  // namespace


// Whether evaluating the node can fault (checked arithmetic, date arithmetic leaving the years
// 1..9999). A table whose conditions cannot fault may stop at the first rule that decides it:
// skipping the other conditions cannot hide an error the node-by-node evaluation would report.
bool may_fault(const Program& g, std::uint32_t n) {
  const Node& x = g.nodes[n];
  switch (x.code) {
    case Code::negate:
    case Code::add:
    case Code::sub:
    case Code::mul:
    case Code::div:
    case Code::date_add_days:
    case Code::date_sub_days:
    case Code::date_add_months:
    case Code::date_sub_months:
    // A cited `then` branch marks the record when it is taken: like a fault, the code must meet
    // it exactly where the node-by-node evaluation does, not skip or reorder it.
    case Code::cite:
    case Code::to_duration:
    case Code::date_add_duration:
    case Code::date_sub_duration:
    case Code::duration_add:
    case Code::duration_sub:
    case Code::duration_mul:
    case Code::duration_negate: return true;
    default: break;
  }
  for (std::uint32_t j = 0; j < x.count; ++j)
    if (may_fault(g, g.kids[x.first + j])) return true;
  return false;
}

// Finds `let a = years_between(x, as_of)` (x a slot) read by nothing but one `let`/output that
// is exactly `a` compared with a constant (<, <=, >, >=, either side). That comparison becomes
// one years_at_least/years_below of x against a threshold computed once per as_of, and `a` is
// not computed: no code reads its slot (every reference to a node is counted, including the
// workload's, which the reports evaluate after the record, and nodes no step reaches), and
// years_between cannot fault, so skipping it changes no outcome.
void find_ages(CodeContext& cx) {
  cx.unread_age.assign(cx.g.slot_count, false);
  std::vector<std::uint32_t> refs(cx.g.nodes.size(), 0);  // references to each node
  for (const Node& x : cx.g.nodes)
    for (std::uint32_t j = 0; j < x.count; ++j) ++refs[cx.g.kids[x.first + j]];
  for (const Step& s : cx.g.steps) {
    if (s.kind == StepKind::table) continue;
    ++refs[s.node];
    if (s.kind != StepKind::compute) ++refs[s.message];
  }
  for (const CompiledTable& t : cx.g.tables)
    for (const CompiledRule& r : t.rules) {
      if (r.when >= 0) ++refs[static_cast<std::size_t>(r.when)];
      ++refs[r.then];
    }
  for (const CompiledWorkload& w : cx.g.workload) ++refs[w.node];
  std::vector<std::uint32_t> reads(cx.g.slot_count, 0);  // references to loads of each slot
  for (std::size_t i = 0; i < cx.g.nodes.size(); ++i)
    if (cx.g.nodes[i].code == Code::load && cx.g.nodes[i].aux < cx.g.slot_count) reads[cx.g.nodes[i].aux] += refs[i];
  std::vector<std::int64_t> age_from(cx.g.slot_count, -1);  // per definition slot: x of its years_between
  for (const Step& s : cx.g.steps) {
    if (s.kind != StepKind::compute || reads[s.index] != 1) continue;
    const bool definition = std::any_of(cx.g.definitions.begin(), cx.g.definitions.end(),
                                        [&](const CompiledName& d) { return d.slot == s.index; });
    const Node& x = cx.g.nodes[s.node];
    if (!definition || x.code != Code::years_between) continue;
    const Node& from = cx.g.nodes[cx.kids(x)[0]];
    const Node& to = cx.g.nodes[cx.kids(x)[1]];
    if (from.code == Code::load && to.code == Code::load && to.aux == cx.g.as_of_slot) age_from[s.index] = from.aux;
  }
  for (const Step& s : cx.g.steps) {
    if (s.kind != StepKind::compute || refs[s.node] != 1) continue;
    const Node& c = cx.g.nodes[s.node];
    if (c.code != Code::lt && c.code != Code::le && c.code != Code::gt && c.code != Code::ge) continue;
    const Node& l = cx.g.nodes[cx.kids(c)[0]];
    const Node& r = cx.g.nodes[cx.kids(c)[1]];
    const bool left = l.code == Code::load && r.code == Code::constant;  // age op k, else k op age
    if (!left && !(r.code == Code::load && l.code == Code::constant)) continue;
    const Node& age = left ? l : r;
    const std::int64_t k = left ? r.imm : l.imm;
    if (age.aux >= cx.g.slot_count || age_from[age.aux] < 0) continue;
    // As `age op k`: age < k, age >= k, age <= k (< k + 1), age > k (>= k + 1).
    Code op = c.code;
    if (!left) op = op == Code::lt ? Code::gt : op == Code::le ? Code::ge : op == Code::gt ? Code::lt : Code::le;
    if (k < 0 || k >= kMaxAgeYears) continue;
    const std::int64_t years = op == Code::le || op == Code::gt ? k + 1 : k;
    if (years < 1) continue;
    cx.ages[s.node] = AgeTest{static_cast<std::uint32_t>(age_from[age.aux]), static_cast<std::uint32_t>(years),
                            op == Code::ge || op == Code::gt};
    cx.unread_age[age.aux] = true;
  }
  find_message_definitions(cx, reads);
}

}  // namespace kadenz::detail
