// The compiled, immutable program: facts are slots, enumeration values small integers,
// expressions a flat node array, steps register code. Built by the compile stage (compile.cpp,
// compile_code.cpp) with the evaluate stage's help (fold_parameters, thread_code; the order is in
// pipeline/compile_policy.cpp), run by the evaluate stage (run_code.cpp, walk.cpp).
#pragma once

#include "interpreter/check/types.hpp"
#include "stdlib/catalogue.hpp"

#include <kadenz/diagnostic.hpp>

#include <memory>
#include <string>
#include <vector>

namespace kadenz::detail {

// Operation codes of expression nodes, generated from node_codes.def (which documents them).
enum class Code : std::uint8_t {
#define KADENZ_CODE(name, printed) name,
#include "interpreter/compile/node_codes.def"
#undef KADENZ_CODE
};

// The name a node's code is printed with (`kadenz dump --stage program`).
inline const char* code_name(Code c) {
  static constexpr const char* kNames[] = {
#define KADENZ_CODE(name, printed) printed,
#include "interpreter/compile/node_codes.def"
#undef KADENZ_CODE
  };
  const auto i = static_cast<std::size_t>(c);
  return i < sizeof kNames / sizeof kNames[0] ? kNames[i] : "?";
}

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
  std::uint32_t aux = 0;                  // slot, text constant index, enum id (to_text, enum constant)
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
// The operations are listed, with their operands, in ins.def, from which this enum, run_code's
// dispatch table and ins_name are generated.
// The operations from `jump` to the built-ins (the jumps, moves, comparisons and arithmetic: nearly all
// that a record executes) hold byte offsets instead of indices (see has_offsets): their
// registers into the registers, a jump's target `c` into the code. That saves the evaluator a
// multiplication per operand; dump_code prints indices.
enum class Ins : std::uint8_t {
#define KADENZ_INS(name, printed) name,
#include "interpreter/compile/ins.def"
#undef KADENZ_INS
};

// How many operations there are (the size of the tables generated from ins.def).
inline constexpr std::size_t kInsCount = 0
#define KADENZ_INS(name, printed) +1
#include "interpreter/compile/ins.def"
#undef KADENZ_INS
    ;

// The name an operation is printed with (`kadenz dump --stage code`).
inline const char* ins_name(Ins op) {
  static constexpr const char* kNames[] = {
#define KADENZ_INS(name, printed) printed,
#include "interpreter/compile/ins.def"
#undef KADENZ_INS
  };
  static_assert(sizeof kNames / sizeof kNames[0] == kInsCount);
  const auto i = static_cast<std::size_t>(op);
  return i < kInsCount ? kNames[i] : "?";
}

struct Instr {
  // Where run_code's code for `op` starts (thread_code sets it from operation_addresses()): the
  // evaluator jumps to it directly, without looking `op` up in its table (direct threading).
  const void* run = nullptr;
  Ins op = Ins::done;
  std::uint32_t a = 0, b = 0, c = 0, d = 0;
};

// Whether the instruction's register operands (a; b unless set_int's number; c, which is a jump's
// target) are byte offsets. `d` (a node) stays an index.
constexpr bool has_offsets(Ins op) { return op >= Ins::jump && op < Ins::years_at_least; }
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

// What a Code::cite_marks node does (walker.hpp's cite_save and others).
enum class CiteMarks : std::uint8_t { save, reset, keep, end };

enum class HitPolicy : std::uint8_t { first, unique, shortest, longest };

struct CompiledTable {
  std::string name;
  HitPolicy hit = HitPolicy::first;
  // A rule's condition or result has a cited `then` branch. Only the deciding rule's citations
  // count: the evaluators start each rule from the marks the table began with and keep the
  // deciding rule's (walk.cpp's decide_table; the register code's Code::cite_marks nodes).
  bool cites = false;
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
  // compute of a cited `let`/`output`: its citation (Program::citations), which the record
  // lists if the value is neither empty nor false; -1 if it cites none
  std::int32_t cite = -1;
  bool cite_boolean = false;  // the cited value is yes/no: `false` is not listed either
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
  // The language of the run's messages (row errors, summaries: Compiled::lang) and of the
  // keywords they name (Compiled::keyword_lang); set by compile_policy before parameters fold.
  Voice voice;
  std::string name, document;
  std::optional<std::int32_t> issued, valid_from, valid_until;
  std::vector<EnumInfo> enums;
  std::vector<CompiledFact> facts;     // slots 0 .. facts.size()-1
  std::uint32_t as_of_slot = 0;
  std::uint32_t key_fact = 0;
  std::vector<CompiledName> definitions;   // every `let`, computed or not
  std::vector<Span> parameter_spans;       // parallel to parameter_names
  std::vector<Span> validation_spans;      // per validation index
  // per validation index: the section a `require`/`warn` cites (empty: none), shown beside its
  // message in the row's error or warnings
  std::vector<std::string> validation_sections;
  // The sections cited by adjustments (a `let`/`output`, an if's `then` branch), one per place
  // in the order of the policy text. A Frame marks those taken for its record (Frame::cited);
  // `source` lists them after the deciding rules' sections. Empty for a policy that cites no
  // adjustment: then nothing is marked and nothing costs anything.
  std::vector<std::string> citations;
  std::vector<std::string> parameter_names;
  std::vector<std::uint32_t> parameter_slots;
  std::vector<std::uint32_t> parameter_nodes;  // parallel to parameter_names: the value's node
  // Parallel to parameter_names: the unit the parameter's number literal was written with
  // (`39 hours` is kept in minutes, but the host API's introspection shows it as written);
  // Unit::none if the value is not a number literal with a unit.
  std::vector<Unit> parameter_units;
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
  // The type of each slot (facts, as_of, parameters, lets, tables, outputs), for printers that
  // show a slot's value (the trace of `kadenz explain`); evaluation never reads it.
  std::vector<Type> slot_types;
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
  // Unique per compile (never 0): the host API's FactRef carries it, so an Evaluator can tell
  // a handle of another policy from its own even if that policy's memory was reused.
  std::uint64_t serial = 0;
};

// Compiles a checked policy (without errors) into a program's slots, nodes and steps. The result
// is not yet runnable: its parameters are nodes (parameter_nodes) whose values the evaluator
// folds into constant_slots at compile time, and it has no register code. The pipeline driver
// (compile_policy.cpp) completes it: fold_parameters, then compile_code, then thread_code.
// Cannot fail: everything that could go wrong was reported by the checker.
std::shared_ptr<Program> compile_nodes(const CheckedPolicy& policy, std::shared_ptr<const SourceFile> source);

// Compiles the steps and nodes of a program whose parameters are folded into register code
// (Program::code) and extends constant_slots by the constant registers. The code does exactly what
// the steps do when they are evaluated node by node, in the same order, with the same faults; it
// is linear in the size of the policy (every node is compiled once). The instructions' run
// addresses are left null: the evaluator's thread_code fills them in before the code can run.
void compile_code(Program& program);

// Prints the register code, one instruction per line (`kadenz dump --stage code`).
std::string dump_code(const Program& program);

// Prints the program (slots, steps, nodes) for `kadenz dump --stage program` and golden tests.
std::string dump_program(const Program& program);

}  // namespace kadenz::detail
