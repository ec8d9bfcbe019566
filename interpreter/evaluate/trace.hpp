// Evaluate stage: the trace of one record (`kadenz explain`, Evaluator::explain, `kadenz test`'s
// failure output and coverage). The record below is the contract other parts build on: keep its
// members stable; add, do not rename. A trace is produced by the node walker (walk.cpp) with a
// Tracer (trace.cpp) watching it, never by the register code, so evaluation without a trace
// costs nothing extra.
//
// Every text in a trace is owned (copied out of the frame's arena), so a Trace outlives the
// record and the Frame. Values are printed as `kadenz eval` prints an output cell (ISO dates,
// true/false, quantities as plain numbers in their base unit, enumeration value names).
#pragma once

#include "interpreter/evaluate/evaluate.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace kadenz::detail {

// A value as the trace shows it.
struct TracedValue {
  std::string text;    // as an output cell prints it; empty if `empty`
  bool empty = false;  // no value (an empty fact, a rule `then nothing`)
};

// One operand of a condition's deciding part: an expression of the policy and its value.
// Constants (`arbeitslos`, `1 month`) are not listed: the source text shows them.
struct TracedOperand {
  std::uint32_t node = 0;  // Program::nodes
  Span span;               // the expression's source text
  TracedValue value;
};

// A part of a condition that decided it: a comparison, a yes/no name, `is empty`, a membership
// test, a call (the leaves under `and`, `or`, `not`).
struct TracedPart {
  std::uint32_t node = 0;
  Span span;
  bool holds = false;
  bool fault = false;                   // its evaluation faulted (the record's error says how)
  std::vector<TracedOperand> operands;  // the values it tested, left to right
};

// Why a condition came out as it did: the parts that decided it. A false `and` is decided by its
// first false part, a true `or` by its first true part; a true `and` and a false `or` by all of
// them; `not x` of a leaf x is one part, `not (…)` is decided by the parts inside.
struct TracedCondition {
  std::int32_t node = -1;  // -1: no condition (`otherwise`)
  bool holds = false;
  std::vector<TracedPart> parts;
};

// One `if` (`falls`) the evaluation went through, and the branch it took.
struct TracedBranch {
  std::uint32_t node = 0;  // the if_then node (Program::nodes); its span is the whole `if`
  bool then = false;       // true: the `then` branch, false: the `else` branch
};

enum class RuleOutcome : std::uint8_t {
  matched,      // its condition held
  not_matched,  // its condition did not hold
  otherwise,    // an `otherwise` rule: applies only if no other rule does
  not_reached,  // not evaluated (`hit first` after the first match, `hit unique` after the second)
};

enum class TableChoice : std::uint8_t {
  first,      // hit first: the first rule that matched
  only,       // exactly one rule matched (any hit policy)
  shortest,   // hit shortest: the least value among the matched rules (a tie: the earlier rule)
  longest,    // hit longest: the greatest value among the matched rules (a tie: the earlier rule)
  otherwise,  // no rule matched; the `otherwise` rule decided
  no_rule,    // no rule matched and there is no `otherwise`: the record is not decided
  two_unique, // hit unique: two rules matched (chosen and second): the record is not decided
  fault,      // a rule's condition or value faulted: the record is not decided
};

struct TracedRule {
  std::uint32_t rule = 0;  // CompiledTable::rules
  RuleOutcome outcome = RuleOutcome::not_reached;
  TracedCondition condition;
  bool has_value = false;  // its `then` was evaluated (it matched, or it is the deciding `otherwise`)
  TracedValue value;
};

struct TracedTable {
  std::vector<TracedRule> rules;  // every rule of the table, in order
  TableChoice choice = TableChoice::no_rule;
  std::int32_t chosen = -1;       // the deciding rule (two_unique: the first of the two)
  std::int32_t second = -1;       // two_unique: the second rule that matched
  std::vector<std::uint32_t> competed;  // shortest/longest: the matched rules whose values were compared
};

enum class TraceKind : std::uint8_t { let, output, table, require, warn };

// One step of the record's evaluation (Program::steps), in evaluation order.
struct TraceStep {
  TraceKind kind = TraceKind::let;
  // let: Program::definitions; output: Program::outputs; table: Program::tables;
  // require/warn: the validation index (Program::validation_spans)
  std::uint32_t index = 0;
  // let/output: its value; table: the deciding rule's value (if decided); require: the message
  // if it failed; warn: the message if it fired
  TracedValue value;
  bool decided = true;  // false: this step ended the record (a failed require, no rule, a fault)
  bool holds = false;   // require: its check held; warn: it fired
  TracedCondition condition;  // require/warn: the check's condition
  TracedTable table;          // table only
  // let/output: the tables whose deciding rule shaped the value, on the path the evaluation
  // took (through `let`s; an `if`'s branch not taken does not count), in table order
  std::vector<std::uint32_t> tables;
  std::vector<TracedBranch> branches;  // every `if` the step went through, in evaluation order
};

// The trace of one record.
struct Trace {
  std::vector<TraceStep> steps;  // in evaluation order; the last one ended the record if !decided
  bool decided = false;
  bool read = false;   // the record's cells were read (false: a cell error; no step ran)
  std::string error;   // the record's error, as the `error` column says it

  void clear() {
    steps.clear();
    decided = read = false;
    error.clear();
  }
};

// Watches evaluate_steps (walk.cpp) and records a Trace. After each step it reads what the
// step wrote into the frame and re-evaluates the step's conditions part by part (expressions
// have no effects, so re-evaluating one gives the value the walker saw) to find the parts that
// decided them. Costs nothing when there is no Tracer: evaluate_steps tests a null pointer per
// step, and the register code never sees one.
class Tracer {
 public:
  Tracer(const Program& program, Frame& frame, Trace& trace);
  // A step is about to run (so that a fault inside it is traced as that step's).
  void begin(const Step& step) { current_ = &step; }
  // The step ran; `ok` false if it ended the record (frame.error says why).
  void end(const Step& step, bool ok);
  // A fault ended the record inside the current step.
  void fault();

 private:
  const Program& p_;
  Frame& f_;
  Trace& t_;
  const Step* current_ = nullptr;
  // per slot: the tables that shaped a computed `let` (filled as the lets are traced)
  std::vector<std::vector<std::uint32_t>> slot_tables_;
  // per slot: the table, `let` (definition) or output kept in it, -1 if none
  std::vector<std::int32_t> slot_table_, slot_let_, slot_output_;
  // Records `step` (ok: it did not end the record; faulted: a fault ended it).
  void record(const Step& step, bool ok, bool faulted);
  friend struct TraceWalk;
};

// Decides the record in `frame` (facts and as_of already in their slots) with the node walker,
// recording every step in `trace` (cleared first). The result is the same as evaluate_record's.
bool explain_record(const Program& program, Frame& frame, Trace& trace);

// The source text of a span (in the policy or a base it extends), for a trace's printer.
std::string_view span_text(const Program& program, Span span);

}  // namespace kadenz::detail
