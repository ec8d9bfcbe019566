// The compiled, immutable program: facts are slots, enumeration values small integers,
// expressions a flat node array. Built by compile.cpp, run by evaluate.cpp.
#pragma once

#include "interpreter/check/types.hpp"

#include <kadenz/diagnostic.hpp>

#include <memory>
#include <string>
#include <vector>

namespace kadenz::detail {

// Operation codes. Types were checked, so each code knows its operand types: there are no
// type tests at run time.
enum class Code : std::uint8_t {
  constant,      // imm (int/bool/date/enum/quantity) or text constant `aux`
  load,          // slots[aux]
  negate, logical_not, logical_and, logical_or, if_then,
  add, sub, mul, div,                         // integers and quantities (checked overflow)
  date_add_days, date_sub_days, date_add_months, date_sub_months, date_diff,
  eq, ne, lt, le, gt, ge,                     // integer-like values
  text_eq, text_ne,
  in_set, text_in_set,
  is_empty, is_not_empty,
  years_between, months_between, days_between, min, max, year, month, day,
  format_date,   // aux: text constant holding the pattern
  concat,        // text pieces and interpolated values: kids alternate constant/value
  to_text,       // the value of kid 0 as printed (type in `arg_type`)
};

// A value in a slot or on the way through an expression. Text points into the record's input,
// the program's constants or the evaluator's arena; all other types use `i`.
struct Value {
  std::int64_t i = 0;
  const char* p = nullptr;
  std::uint32_t n = 0;
  bool empty = false;
};

struct Node {
  Code code = Code::constant;
  BaseType arg_type = BaseType::integer;  // to_text: the operand's type; constant: its type
  std::uint32_t first = 0;                // first kid in Program::kids
  std::uint32_t count = 0;                // number of kids
  std::uint32_t aux = 0;                  // slot, text constant index, enum id
  std::int64_t imm = 0;
  Span span;
};

struct CompiledRule {
  std::string name;
  std::string section;
  std::int32_t when = -1;  // node index, -1 for `otherwise`
  std::uint32_t then = 0;  // node index
  Span span;
};

// Instructions of the register code that evaluate_record runs (built by compile_code.cpp from the
// steps and nodes). Registers are Frame::slots: the program's slots first, then constants, then
// temporaries. Conditions are compiled to jumps, so `and`, `or` and `not` cost no value at all.
// Operands: `a` is the destination (or the table / validation), `b` and `c` sources, `c` the
// jump target of jumps, `d` a node (for the source position of a fault) or a second target.
// The operations from `jump` to `max` (the jumps, moves, comparisons and arithmetic: nearly all
// that a record executes) hold byte offsets instead of indices (see has_offsets): their
// registers into the registers, a jump's target `c` into the code. That saves the evaluator a
// multiplication per operand; dump_code prints indices.
enum class Ins : std::uint8_t {
  done,                                                  // the record is decided
  jump,                                                  // -> c
  jump_true, jump_false, jump_empty, jump_not_empty,     // test R[a] -> c
  jump_eq, jump_ne, jump_lt, jump_le, jump_gt, jump_ge,  // R[a].i op R[b].i -> c
  move,                                                  // R[a] = R[b]
  set_int,                                               // R[a] = b (as a signed 32-bit number)
  set_eq, set_ne, set_lt, set_le, set_gt, set_ge,        // R[a] = R[b].i op R[c].i
  set_not, set_empty, set_not_empty,                     // R[a] = test of R[b]
  add, sub, mul, div, negate,                            // checked; a fault names node d
  date_add_days, date_sub_days, date_add_months, date_sub_months, date_diff,
  years_between, months_between, days_between, min, max,
  // R[a] = years_between(R[b], as_of) >= c (years_at_least) or < c (years_below), for a constant
  // 1 <= c <= 10000: R[b] <= years_threshold(as_of, c), or >. The threshold is computed once per
  // as_of, into R[d+1] with the as_of it is for in R[d] (two registers of its own; R[d] empty:
  // none yet). compile_code uses them for `let a = years_between(x, as_of)` read by nothing but
  // one comparison of `a` with a constant, then `a` is not computed at all.
  years_at_least, years_below,
  concat,                                                // R[a] = R[b] .. R[b+c-1] joined as text
  to_text,                                               // R[a] = R[b] as printed; node d says how
  rule_text,      // R[a] = rule_texts[c + the rule that decided table b]: a text known per rule
  node,                                                  // R[a] = node b, evaluated as a tree
  decide,         // table a decided by rule b with value R[c]; -> d
  pick_shortest,  // table a, rule b applies with value R[d]: chosen rule in R[c], best in R[c+1]
  pick_longest,
  take_unique,    // table a, rule b applies: error if R[c] already chose one (its value goes to R[c+1])
  table_end,      // table a: the rule chosen in R[c] (none: the record fails), value R[c+1]
  table_fail,     // table a: no rule applies
  lookup,         // table a decided by Program::lookups[b]: its atoms index the rule, -> that rule's code
  require_fail,   // validation a does not hold; message R[b]
  warn,           // validation a fired; message R[b]
};

struct Instr {
  // Where run_code's code for `op` starts (compile_code sets it from operation_addresses()): the
  // evaluator jumps to it directly, without looking `op` up in its table (direct threading).
  const void* run = nullptr;
  Ins op = Ins::done;
  std::uint32_t a = 0, b = 0, c = 0, d = 0;
};

// Whether the instruction's register operands (a; b unless set_int's number; c, which is a jump's
// target) are byte offsets. `d` (a node) stays an index.
constexpr bool has_offsets(Ins op) { return op >= Ins::jump && op <= Ins::max; }
constexpr bool is_jump(Ins op) { return op >= Ins::jump && op <= Ins::jump_ge; }

// One yes/no question of a lookup table (Ins::lookup) about two registers.
enum class AtomKind : std::uint8_t { eq, lt, empty };  // R[a].i == R[b].i, R[a].i < R[b].i, R[a] empty
struct LookupAtom {
  std::uint32_t a = 0, b = 0;
  AtomKind kind = AtomKind::eq;
};

// A table whose conditions are and/or/not of atoms over slots and constants (which cannot fault
// and have no effects), decided by one lookup: atom j is bit j of the index, and the entry for
// every combination was worked out at compile time with the table's hit policy.
struct LookupTable {
  std::vector<LookupAtom> atoms;
  // Per index: the deciding rule + 1 in the low 16 bits (0: no rule applies); for `hit unique`,
  // the second rule that applies + 1 in the high 16 bits (the record fails naming both).
  std::vector<std::uint32_t> entries;
  std::vector<std::uint32_t> targets;  // per rule: the instruction that computes its result and decides
};

enum class HitPolicy : std::uint8_t { first, unique, shortest, longest };

struct CompiledTable {
  std::string name;
  HitPolicy hit = HitPolicy::first;
  Type type;
  std::vector<CompiledRule> rules;
  std::int32_t otherwise = -1;  // index into rules
  std::uint32_t slot = 0;
  Span span;
};

enum class StepKind : std::uint8_t { compute, table, require, warn };

// One step of a record's evaluation, in an order where every slot is written before it is read.
struct Step {
  StepKind kind = StepKind::compute;
  std::uint32_t index = 0;    // compute: slot; table: table index; require/warn: validation index
  std::uint32_t node = 0;     // compute: value; require/warn: condition
  std::uint32_t message = 0;  // require/warn: message node
};

struct CompiledFact {
  std::string name;
  std::string column;
  Type type;
  std::int64_t scale = 1;
  bool has_default = false;
  bool input_only = false;
  Value default_value;
  std::string default_text;
  Span span;
};

// A named value for the analyzer's unused-name findings (definitions and parameters).
struct CompiledName {
  std::string name;
  std::uint32_t slot = 0;
  Span span;
};

struct CompiledOutput {
  std::string name;
  Type type;
  std::uint32_t slot = 0;
  Span span;
};

// One entry of the `workload` block: evaluated by the reports after a record was decided.
struct CompiledWorkload {
  WorkloadRole role = WorkloadRole::category;
  Type type;
  std::uint32_t node = 0;
  Span span;
};

struct Program {
  std::shared_ptr<const SourceFile> source;
  std::string name, document;
  std::optional<std::int32_t> issued, valid_from, valid_until;
  std::vector<EnumInfo> enums;
  std::vector<CompiledFact> facts;     // slots 0 .. facts.size()-1
  std::uint32_t as_of_slot = 0;
  std::uint32_t key_fact = 0;
  std::vector<CompiledName> definitions;   // every `let`, computed or not
  std::vector<Span> parameter_spans;       // parallel to parameter_names
  std::vector<Span> validation_spans;      // per validation index
  std::vector<std::string> parameter_names;
  std::vector<std::uint32_t> parameter_slots;
  std::vector<CompiledTable> tables;
  std::vector<CompiledOutput> outputs;
  std::vector<CompiledWorkload> workload;  // empty if the policy has no workload block
  std::vector<Step> steps;
  std::vector<Node> nodes;
  std::vector<std::uint32_t> kids;
  std::vector<std::string> texts;      // text constants (stable: never resized after compile)
  std::vector<Value> constant_slots;   // initial slot values: parameters are folded here
  std::vector<std::string> parameter_texts;  // owns folded text parameters (sized once)
  std::uint32_t slot_count = 0;
  // The register code of every step, in step order (compile_code.cpp), and how many registers
  // it uses: slot_count slots, then constants (their values are in constant_slots), then
  // temporaries. constant_slots has register_count entries.
  std::vector<Instr> code;
  std::uint32_t register_count = 0;
  // Texts that interpolate only the result of one table whose rules all have constant results,
  // built once per rule at compile time (`"{base_interval}MM"`): Ins::rule_text picks one by
  // the deciding rule instead of formatting and joining per record. The values point into
  // rule_text_bytes.
  std::vector<std::string> rule_text_bytes;
  std::vector<Value> rule_texts;
  std::vector<LookupTable> lookups;  // tables decided by Ins::lookup
};

// Compiles a checked policy (without errors) into a program. Parameters are computed here; if
// one cannot be, its diagnostic is added to `diagnostics` and null is returned.
std::shared_ptr<const Program> compile_program(const CheckedPolicy& policy, std::shared_ptr<const SourceFile> source,
                                               std::vector<Diagnostic>& diagnostics);

// Compiles the steps and nodes of a program whose parameters are folded into register code
// (Program::code) and extends constant_slots by the constant registers. The code does exactly what
// the steps do when they are evaluated node by node, in the same order, with the same faults; it
// is linear in the size of the policy (every node is compiled once).
void compile_code(Program& program);

// Prints the register code, one instruction per line (`kadenz dump --stage code`).
std::string dump_code(const Program& program);

// Prints the program (slots, steps, nodes) for `kadenz dump --stage program` and golden tests.
std::string dump_program(const Program& program);

}  // namespace kadenz::detail
