// Evaluate stage: runs a Program over one record in caller-owned scratch state (run_code.cpp: the
// register code; walk.cpp: node by node), and the two parts of compiling that evaluate
// (fold_parameters.cpp, thread_code).
#pragma once

#include "interpreter/compile/program.hpp"
#include "stdlib/catalogue.hpp"

#include <memory>
#include <string>
#include <vector>

namespace kadenz::detail {

// Bump allocator for the text a record's evaluation builds (interpolated messages and outputs).
// Blocks are kept across records, so after warm-up evaluation allocates nothing.
class Arena {
 public:
  char* allocate(std::size_t n);
  void reset() noexcept;

 private:
  std::vector<std::unique_ptr<char[]>> blocks_;
  std::vector<std::size_t> sizes_;
  std::size_t block_ = 0, used_ = 0;
};

// Per-call scratch state of one evaluating thread. Owned by the caller; one Frame must not be
// used by two threads at once, but any number of Frames may share one Program.
struct Frame {
  std::vector<Value> slots;
  std::vector<std::int32_t> table_rule;     // deciding rule per table, -1 if none
  std::vector<std::uint32_t> warnings;      // validation indices of the warnings that fired
  std::vector<Value> warning_texts;         // their messages, parallel to `warnings`
  std::string error;                        // non-empty: the record was not decided
  // Why it was not decided, for tools that replay records (the analyzer's witnesses):
  std::int32_t failed_require = -1;         // validation index of the failed `require`
  std::int32_t failed_table = -1;           // table that no rule (or two `unique` rules) decided
  // Per Program::citations: 1 if this record took that cited adjustment (sized by prepare_frame;
  // empty, and never touched, for a policy that cites none).
  std::vector<std::uint8_t> cited;
  Arena arena;
  // Deciding a table with cited branches: the marks it started from, and those of the rule chosen
  // so far (same size as `cited`).
  std::vector<std::uint8_t> cited_before, cited_kept;
};

// Sizes a frame for `program` and loads the constant slots (parameters).
void prepare_frame(const Program& program, Frame& frame);

// Clears the per-record parts of a frame (keeps capacity).
void reset_record(const Program& program, Frame& frame);

// Runs every step for the facts already in frame.slots (and as_of in its slot). Returns false
// and sets frame.error if the record cannot be decided (a `require` failed, no rule matched,
// two rules matched under `unique`, arithmetic left the range of dates or numbers). Runs the
// register code if the program has any (it must be threaded: thread_code), else walks the steps.
bool evaluate_record(const Program& program, Frame& frame);

// `hit first` / `treffer erste` …: the hit policy `hit` (HitPolicy's order) as written in `keywords`,
// for messages that name it.
std::string hit_phrase(Lang keywords, HitPolicy hit);

// The addresses of the evaluator's code per Ins, indexed by the Ins (for Instr::run).
const void* const* operation_addresses();

// Threads compiled register code: sets every Instr::run of program.code to the address of its
// operation in run_code (the operands that follow a concat too; they are never run). Must run
// after compile_code and before the program is evaluated; a program without code is left as is.
void thread_code(Program& program);

// Evaluates one node with the slots already in `frame` (for the analyzer, which probes
// conditions at chosen fact values). Returns false if the evaluation faults.
bool evaluate_node(const Program& program, Frame& frame, std::uint32_t node, Value& out);

// Evaluation at compile time: evaluates the parameter nodes (program.parameter_nodes) once into
// program.constant_slots, owning folded texts in program.parameter_texts. Returns a
// `bad-parameter` diagnostic for each parameter whose value cannot be computed (division by
// zero, a date out of range); the program must then not be used. Runs before compile_code, which
// takes the constant slots as they are. The diagnostics speak `voice`.
std::vector<Diagnostic> fold_parameters(Program& program);

}  // namespace kadenz::detail
