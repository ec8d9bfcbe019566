// Compile stage, internal: what the parts of the register-code compiler share. compile_code.cpp
// drives one compilation; code_plan.cpp finds what the code may skip, code_emit.cpp lowers steps
// and nodes to instructions, code_lookup.cpp builds the tables decided by one lookup, and
// code_jumps.cpp threads the jumps. Their shared state is one CodeContext, passed explicitly.
#pragma once

#include "interpreter/compile/program.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <utility>
#include <vector>

namespace kadenz::detail {

// No register, label or target (also: "allocate a temporary" for lower_value's `dst`).
constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

// An age compared with a constant (find_ages): the comparison node's code.
struct AgeTest {
  std::uint32_t from = 0;   // register of years_between's first operand
  std::uint32_t years = 0;  // 1 .. kMaxAgeYears
  bool at_least = false;    // years_at_least, else years_below
};
constexpr std::int64_t kMaxAgeYears = 10000;  // years_threshold's range

// The state of compiling one program's register code. The steps are compiled in one pass: every
// node once, in the order the node-by-node evaluation visits it, so faults and their positions
// come out the same. Registers: the program's slots, one per distinct constant, then temporaries
// handed out like a stack (a node's temporaries are free again once its value is computed).
// Jump targets are labels while the code grows; compile_code resolves them at the end.
struct CodeContext {
  explicit CodeContext(Program& program) : g(program) {}

  Program& g;                            // the program being compiled (its code grows)
  std::vector<std::uint32_t> const_reg;  // per node: its constant register, kNone if not a constant
  std::uint32_t zero = 0;                // the constant 0
  std::uint32_t top = 0, high = 0;       // next free temporary; registers used so far
  std::vector<std::uint32_t> labels;     // label -> instruction index
  std::vector<std::pair<std::size_t, char>> fixups;  // jumps whose target field ('c' or 'd') holds a label

  // Found before lowering (find_ages, code_plan.cpp):
  std::map<std::uint32_t, AgeTest> ages;  // per comparison node
  std::vector<bool> unread_age;           // per slot: a definition no code reads (not computed)
  // Definitions read only by the messages of requires and warnings (`let base_interval_text =
  // …` for a require's message) whose values cannot fault: computed where a message needs them,
  // after its condition failed or fired, instead of for every record (lower_message_definitions).
  std::vector<bool> message_only;         // per slot
  std::vector<std::int64_t> step_node;    // per slot: the node of the step computing it, -1 if none
  // Filled while lowering:
  std::vector<std::size_t> age_code;      // the years_at_least/years_below instructions

  // Appends an instruction (its run address is left to thread_code); returns its index.
  std::size_t emit(Ins op, std::uint32_t a = 0, std::uint32_t b = 0, std::uint32_t c = 0, std::uint32_t d = 0) {
    g.code.push_back(Instr{nullptr, op, a, b, c, d});
    return g.code.size() - 1;
  }

  // A new label, not yet placed.
  std::uint32_t label() {
    labels.push_back(kNone);
    return static_cast<std::uint32_t>(labels.size() - 1);
  }

  // Places label l at the next instruction to be emitted.
  void place(std::uint32_t l) { labels[l] = static_cast<std::uint32_t>(g.code.size()); }

  // Emits a jump (`op` testing a and b) to a label; the target is resolved at the end.
  void jump_to(Ins op, std::uint32_t a, std::uint32_t b, std::uint32_t target) {
    fixups.emplace_back(emit(op, a, b, target), 'c');
  }

  // A fresh temporary register; callers free theirs by restoring `top`.
  std::uint32_t temp() {
    const std::uint32_t r = top++;
    high = std::max(high, top);
    return r;
  }

  // The kids of node x (x.count of them).
  const std::uint32_t* kids(const Node& x) const { return g.kids.data() + x.first; }
};

// Comparisons of integer-like values (eq … ge), which compile to a conditional jump or an atom.
inline bool is_comparison(Code c) {
  return c == Code::eq || c == Code::ne || c == Code::lt || c == Code::le || c == Code::gt || c == Code::ge;
}

// Whether a result node is known at compile time: a number constant, or `nothing` (no value).
inline bool is_constant_result(const Node& x) {
  return (x.code == Code::constant && x.arg_type != BaseType::text) || x.code == Code::nothing;
}

// For a `shortest`/`longest` table whose results are constant (is_constant_result): true if the
// result `a` beats `b`, i.e. is strictly smaller (shortest) or larger (longest). No value
// (`nothing`) loses against any value, and two results without a value are a tie.
inline bool result_beats(const Node& a, const Node& b, HitPolicy hit) {
  if (a.code == Code::nothing) return false;
  if (b.code == Code::nothing) return true;
  return hit == HitPolicy::shortest ? a.imm < b.imm : a.imm > b.imm;
}

// ---- code_plan.cpp ----

// Whether evaluating the node can fault (checked arithmetic, date arithmetic leaving the years
// 1..9999). A table whose conditions cannot fault may stop at the first rule that decides it:
// skipping the other conditions cannot hide an error the node-by-node evaluation would report.
bool may_fault(const Program& g, std::uint32_t n);

// Before lowering: fills cx.ages and cx.unread_age (ages compared with a constant), then
// cx.message_only and cx.step_node (definitions only messages read).
void find_ages(CodeContext& cx);

// ---- code_emit.cpp ----

// Jumps to `target` if the node's value is `when`; falls through otherwise.
void lower_cond(CodeContext& cx, std::uint32_t n, bool when, std::uint32_t target);

// Computes the node's value into `dst` (a temporary if kNone) and returns its register; a
// constant or a slot is returned as it is, without code.
std::uint32_t lower_value(CodeContext& cx, std::uint32_t n, std::uint32_t dst = kNone);

// Computes the node's value into register dst (a move if it is a constant or a slot).
void lower_into(CodeContext& cx, std::uint32_t n, std::uint32_t dst);

// Decides table t (by lookup if lower_lookup takes it, else by a chain of jumps or by trying
// every rule).
void lower_table(CodeContext& cx, std::uint32_t t);

// Computes the result of table t's rule and decides the table with it, then jumps to label `end`.
void lower_decide(CodeContext& cx, std::uint32_t t, std::uint32_t rule, std::uint32_t end);

// Computes the message-only definitions that message n reads (and those they read), in step
// order, into their slots.
void lower_message_definitions(CodeContext& cx, std::uint32_t n);

// ---- code_lookup.cpp ----

// Decides table t by one lookup (Ins::lookup) if it can and pays; false (nothing emitted) if not.
// `order`: the rules with conditions, in rule order; `constant_results`: every such rule's result
// is a number constant and no condition can fault.
bool lower_lookup(CodeContext& cx, std::uint32_t t, const std::vector<std::uint32_t>& order, bool constant_results);

// ---- code_jumps.cpp ----

// Jump threading over the finished code (targets resolved to instruction indices, operands still
// register indices); `constants` are the constant registers' values, from register slot_count on.
void thread_jumps(CodeContext& cx, const std::vector<Value>& constants);

}  // namespace kadenz::detail
