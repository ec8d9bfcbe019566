// The compiled, immutable program: facts are slots, enumeration values small integers,
// expressions a flat node array. Built by compile.cpp, run by evaluate.cpp.
#pragma once

#include "check.hpp"

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
};

// Compiles a checked policy (without errors) into a program. Parameters are computed here; if
// one cannot be, its diagnostic is added to `diagnostics` and null is returned.
std::shared_ptr<const Program> compile_program(const CheckedPolicy& policy, std::shared_ptr<const SourceFile> source,
                                               std::vector<Diagnostic>& diagnostics);

// Prints the program (slots, steps, nodes) for `kadenz dump --stage program` and golden tests.
std::string dump_program(const Program& program);

}  // namespace kadenz::detail
