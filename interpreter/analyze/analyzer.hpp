// Analyze stage, internal: the types and the context the parts of the analysis share (the record
// space, its boxes and regions, the atoms of conditions) and the functions one part offers the
// others. Nothing here is seen outside interpreter/analyze/.
#pragma once

#include "interpreter/analyze/analyze.hpp"
#include "interpreter/evaluate/evaluate.hpp"

#include <kadenz/diagnostic.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace kadenz::detail::analysis {

// ---- the record space ----

// A set of cells of one dimension, one bit per cell.
using Bits = std::vector<std::uint64_t>;

// No cell of a dimension with n cells.
inline Bits bits_none(std::size_t n) { return Bits((n + 63) / 64, 0); }

// Every cell of a dimension with n cells (the bits past n stay clear, so sets compare equal).
inline Bits bits_all(std::size_t n) {
  Bits b((n + 63) / 64, ~std::uint64_t{0});
  if (n % 64) b.back() = (std::uint64_t{1} << (n % 64)) - 1;
  return b;
}

// True if no cell is in the set (the region part it describes holds no record).
inline bool bits_empty(const Bits& b) {
  for (auto w : b)
    if (w) return false;
  return true;
}

// Adds cell i; `b` must be sized for the dimension (bits_none or bits_all of its cell count).
inline void bits_set(Bits& b, std::size_t i) { b[i / 64] |= std::uint64_t{1} << (i % 64); }

// The lowest cell in the set, if any.
inline std::optional<std::size_t> bits_first(const Bits& b) {
  for (std::size_t w = 0; w < b.size(); ++w)
    if (b[w]) return w * 64 + static_cast<std::size_t>(__builtin_ctzll(b[w]));
  return std::nullopt;
}

// One axis of the record space: a fact's values cut into cells, or an opaque condition.
struct Dim {
  enum Kind : std::uint8_t { finite, ordered, opaque } kind = finite;
  std::uint32_t slot = 0;        // fact slot (finite, ordered)
  std::uint32_t node = 0;        // opaque: the condition
  bool optional = false;         // last cell is "empty"
  std::vector<std::int64_t> cuts;   // ordered: cell k holds [cuts[k-1], cuts[k]-1]
  std::vector<Value> reps;          // representative value of each non-empty cell
  std::vector<std::string> texts;   // owns text representatives
  std::size_t cells() const { return reps.size() + (optional ? 1 : 0); }
  bool is_empty_cell(std::size_t c) const { return optional && c == reps.size(); }
};

// A product of cell sets, one per dimension (d[k] belongs to dims[k]).
struct Box {
  std::vector<Bits> d;
};

// A set of records: the union of its boxes (which may overlap).
using Region = std::vector<Box>;

// How a condition's leaf relates to the dimensions.
struct Atom {
  std::set<std::uint32_t> facts, tables;
  bool analysable = true;  // single fact through monotone steps, or finite fact, or constant
  std::int32_t dim = -1;
};

// One combination of decided values for the tables an atom reads: (table index, value) pairs.
using TableCase = std::vector<std::pair<std::uint32_t, Value>>;

// What a threshold search probes: the condition itself, or for `=`/`!=` (whose truth is not
// monotone) the orderings `lhs < rhs` and `lhs > rhs`, each of which flips at most once.
enum class Probe : std::uint8_t { node, less, greater };

// The limits of the analysis: past these it cuts its work and says so (`analysis-limit`, and
// `analysis-incomplete` for the table concerned) or stops reporting. The work budgets are in
// analyze.hpp (AnalysisOptions), since callers may lower them.
inline constexpr std::size_t kMaxBoxes = 50000;      // a region larger than this is cut (and said)
// ... or holding more cell sets than this (boxes times dimensions): a box over 40 facts holds 40
// cell sets, and 50,000 of them in each of the few regions alive at once took 700 MB. Up to 4
// dimensions kMaxBoxes is the smaller bound.
inline constexpr std::size_t kMaxRegionCells = 200000;
inline constexpr std::size_t kMaxNotes = 20;         // overlap notes per `hit first` table
inline constexpr std::size_t kMaxGaps = 10;          // gaps reported per table
inline constexpr std::size_t kMaxGapParts = 100000;  // uncovered pieces collected before merging
// ... and at most this many cell sets in them (pieces times dimensions): the gaps left by a few
// rules over 40 facts split into tens of thousands of 40-dimension pieces, hundreds of MB, though
// only kMaxGaps are reported. Up to 5 dimensions kMaxGapParts is the smaller bound.
inline constexpr std::size_t kMaxGapCells = 200000;

// Past this many pairs of boxes, a meet or an overlap search indexes the boxes by their cell
// range on one dimension instead of testing every pair; below it the index costs more than it
// saves. (The result is the same either way, in the same order.)
inline constexpr std::size_t kIndexPairs = 4096;
// ... except in the search for intersecting rules of a table with at most this many rules:
// there a pair of rules is settled by its first shared box, which the index cannot exploit.
inline constexpr std::size_t kPairwiseRegions = 16;
// The search for a box's uncovered parts splits it along one covering box at a time, which
// gives gaps back in the shape of the missing rules and is fast when the rules tile the space,
// but nests once per rule along a line of them (thousands of rules `n = i and m = j`). Nested
// deeper than this, it sweeps instead: splits the box at every bound of one dimension at once.
inline constexpr int kSweepDepth = 512;

// ---- the work counter ----

// Thrown by Work::charge when the current part of the analysis (one table, or the checks) has
// used up its budget; analyze_program catches it and reports that part as incomplete.
struct OutOfBudget {};

// The work of one analysis, counted in box operations (a test or intersection of two boxes,
// one box looked at by a split), and the limit of the part running now. `truncated` says that
// some region or search was cut (kMaxBoxes, or a search nested too deep): findings may be
// missing even though the budget held.
struct Work {
  std::uint64_t done = 0;
  std::uint64_t limit = UINT64_MAX;
  bool truncated = false;
  // Counts n operations about to be done; throws OutOfBudget once the limit is passed (and on
  // every call after that), so a part stops within one step of its budget.
  void charge(std::uint64_t n) {
    done += n;
    if (done > limit) throw OutOfBudget{};
  }
  bool exhausted() const { return done > limit; }
};

// Collects whether a piece of work cut something: `truncated` is cleared for the length of the
// scope, read back by cut(), and on leaving (also by an exception) ORed into what it was before.
class CutScope {
 public:
  explicit CutScope(Work& w) : w_(w), before_(w.truncated) { w_.truncated = false; }
  ~CutScope() { w_.truncated = w_.truncated || before_; }
  CutScope(const CutScope&) = delete;
  CutScope& operator=(const CutScope&) = delete;
  bool cut() const { return w_.truncated; }

 private:
  Work& w_;
  bool before_;
};

// ---- the context ----

// Everything the parts of one analysis share, for one program and one evaluation date. It is
// filled in order by analyze_program: the slot maps and constant outcomes, then the atoms
// (collect_atoms), then the dimensions (build_space); after that only the working state below
// changes. Owned by analyze_program for the length of one run; `p` must outlive it.
struct Context {
  Context(const Program& program, std::int32_t date, const AnalysisOptions& opts)
      : p(program), as_of(date), options(opts) {}

  const Program& p;
  std::int32_t as_of;

  // What each slot is (fixed after setup).
  std::vector<std::int32_t> def_node;    // slot -> node computing it (definitions, outputs)
  std::vector<std::int32_t> table_of;    // slot -> table index
  std::vector<std::optional<std::vector<Value>>> outcomes;  // per table: constant rule outcomes

  // The record space (fixed after build_space).
  std::map<std::uint32_t, Atom> atoms;   // condition leaf node -> atom
  std::vector<Dim> dims;
  std::map<std::uint32_t, std::int32_t> dim_of_slot;

  // Working state.
  Frame frame;  // the probe frame: truth() writes the fact under test and the table values
  std::vector<std::int32_t> step_of_slot;  // definition slot -> its compute step (probe_steps)
  std::map<std::uint32_t, std::vector<std::uint32_t>> probe_steps;  // node -> steps it reads
  // Cached regions, each with whether it was cut: a later use of a cut region is cut too.
  struct Cached {
    Region region;
    bool cut = false;
  };
  std::map<std::pair<std::uint32_t, std::int64_t>, Cached> table_eq_cache;
  std::map<std::pair<std::uint32_t, bool>, Cached> region_cache;
  std::optional<Region> decided;  // decided_region(), once computed
  bool decided_cut = false;       // ... and whether it was cut
  Work work;                      // box operations done, the current part's limit, cuts
  AnalysisOptions options;        // the budgets

  // Witnesses: the frame replays run in (prepared once, reset per replay), which rules of the
  // finding's table matched in the last replay, and how many witnesses were attached so far
  // (numbers their key values).
  Frame replay_frame;
  std::vector<std::int32_t> step_of_table;    // table -> position of its step in p.steps
  std::vector<std::int32_t> step_of_require;  // require -> position of its step
  std::vector<bool> matches;
  std::size_t witness_count = 0;
  std::uint64_t replay_steps = 0;        // steps charged to replays so far (options.replay_budget)
  std::size_t examples_skipped = 0;      // findings left without an example by that budget
  std::int32_t last_failed_table = -1;   // the earlier table all replays of the last refuted finding stopped at

  Analysis out;
};

// A constant outcome as one number that tells outcomes apart: its value, or for no value (a rule
// `then nothing`) INT64_MIN, which no outcome can be (negating it faults, and no literal is).
inline std::int64_t outcome_key(const Value& v) { return v.empty ? INT64_MIN : v.i; }

// Whether constant outcome `a` beats `b` under `shortest`/`longest`: strictly smaller/larger;
// no value loses against any value, and two outcomes without a value tie.
inline bool outcome_beats(const Value& a, const Value& b, HitPolicy hit) {
  if (a.empty) return false;
  if (b.empty) return true;
  return hit == HitPolicy::shortest ? a.i < b.i : a.i > b.i;
}

// ---- conditions (conditions.cpp) ----

// Adds to `a` the facts and tables that `node` reads, through definitions. Sets
// a.analysable = false if the expression nests deeper than the analysis follows.
void deps(const Context& cx, std::uint32_t node, Atom& a, int depth = 0);

// Records `node`'s leaves (everything below and/or/not/if and boolean definitions) in
// cx.atoms, each with the facts and tables it reads and whether it is analysable. Needs
// cx.def_node, cx.table_of and cx.outcomes.
void collect_atoms(Context& cx, std::uint32_t node, int depth = 0);

// Every combination of the constant outcomes of the tables `a` reads (one empty case if none).
// Each table's outcomes must be constant (cx.outcomes[t] set), as for every analysable atom.
std::vector<TableCase> cases(const Context& cx, const Atom& a);

// True if `node` (through definitions) reaches an atom the analysis treats as unknown.
bool touches_opaque(const Context& cx, std::uint32_t node);

// Whether `n` loads a definition (not a fact, not a table's outcome) whose node is known: then
// conditions look through it to the node that computes it.
bool loads_definition(const Context& cx, const Node& n);

// ---- probing and the cells per fact (space.cpp) ----

// Evaluates `node` with fact `slot` = v (or no fact if slot is empty) and the tables set to the
// values of `tcase`, in cx.frame. The definitions are computed in step order first. Returns
// false also if the evaluation faults. Leaves the values it wrote in cx.frame.
bool truth(Context& cx, std::uint32_t node, std::optional<std::uint32_t> slot, const Value& v,
           const TableCase& tcase, Probe probe = Probe::node);

// The compute steps (indices into p.steps, ascending) whose definitions `node` reads, directly
// or through other definitions: what a probe of `node` must compute first. Cached in cx.
const std::vector<std::uint32_t>& probe_steps(Context& cx, std::uint32_t node);

// A plausible value of a type for an example customer when no condition says more: a date a
// month before as_of, else 0.
std::int64_t typical(const Context& cx, BaseType b);

// Cuts each fact an analysable atom reads into cells at the points where some condition changes
// its truth, and adds one two-cell dimension per opaque atom. Sets cx.dims, cx.dim_of_slot and
// each atom's `dim`. Needs cx.atoms complete.
void build_space(Context& cx);

// ---- boxes (boxes.cpp) ----

// The box of every record.
Box full(const std::vector<Dim>& dims);

// True if the boxes share a cell in every dimension (no allocation: the hot test).
bool intersects(const Box& a, const Box& b);

// True if some box of `a` intersects some box of `b`. Charges `work` for the pairs tested.
bool intersects(const Region& a, const Region& b, Work& work);

// The records in both boxes, if any.
std::optional<Box> meet(const Box& a, const Box& b);

// The records in both regions, box by box in the order (box of a, box of b). Stops past
// kMaxBoxes boxes and sets work.truncated; charges `work` for the pairs tested (and throws
// OutOfBudget past its limit).
Region meet(const Region& a, const Region& b, Work& work);

// For each region of `regions`, the indices (ascending) of the other regions it intersects:
// the pairs of rules that share records. Charges `work` for the pairs of boxes tested.
std::vector<std::vector<std::uint32_t>> intersecting_pairs(const std::vector<Region>& regions, Work& work);

// Adds the boxes of `b` to `a` (union; no boxes are merged).
inline void join(Region& a, const Region& b) { a.insert(a.end(), b.begin(), b.end()); }

// The first part of `r` that no box of `cover` contains, if any.
std::optional<Box> first_uncovered(const Region& r, const Region& cover, Work& work);

// Parts of `r` that no box of `cover` contains, at most `limit` of them: together the whole
// uncovered set, unless the limit or the depth bound cut the search (the latter sets
// work.truncated). Charges `work` for every box looked at. Sets *stopped (if given) when the
// search stopped at `limit`: then there may be more such parts.
std::vector<Box> uncovered_all(const Region& r, const Region& cover, std::size_t limit, Work& work,
                               bool* stopped = nullptr);

// Joins boxes that differ in one dimension only, until none do.
void merge(std::vector<Box>& boxes);

// The same, charging `work` for the boxes looked at (and throwing OutOfBudget past its limit).
// A union of conditions on one fact (`x = 1 or x = 2 or x > 5`) becomes one box this way, so
// a conjunction of such unions stays one box instead of growing as the product of their sizes.
void merge(std::vector<Box>& boxes, Work& work);

// ---- regions of conditions (regions.cpp) ----

// The records where condition `node` evaluates to `want` (negation pushed down to the atoms).
// Cached per (node, want) in cx; needs build_space done.
Region region(Context& cx, std::uint32_t node, bool want);

// The records that reach step `upto`: every `require` before it holds.
Region reaching(Context& cx, std::size_t upto);

// The records that pass every `require` (and so are decided, unless a table fails them).
// Computed once; the reference stays valid for the life of cx.
const Region& decided_region(Context& cx);

// ---- witnesses (witness.cpp) ----

// What a witness did when replayed like a caseload row.
struct Replay {
  bool decided = false;
  std::int32_t failed_table = -1;
  std::vector<std::int32_t> rule;         // deciding rule per table, -1 if none
  std::vector<WitnessField> fields;       // the example's cells, one per fact
  std::uint64_t steps = 0;                // evaluation steps the replay ran (charged to the budget)
};

// Decides whether a replayed example shows the finding. It may also read cx.matches, which the
// replay just filled for the finding's table.
using Confirm = std::function<bool(const Replay&)>;

// What attach_witness did: attached an example (`shown`), replayed examples of which none showed
// the finding (`refuted`: the finding is downgraded), or replayed none because the replay budget
// was spent (`skipped`: the finding stands without an example, and is counted).
enum class Witness { shown, refuted, skipped };

// Finds an example customer in `where` for which `confirm` holds and attaches it to `d`
// (cells and as_of); `table` is the table the finding is about (cx.matches lists its rules).
Witness attach_witness(Context& cx, Diagnostic& d, std::size_t table, const Region& where, const Confirm& confirm);

// ---- findings (analyze.cpp, tables.cpp, lint.cpp) ----

// Appends a finding to cx.out and returns it; the reference is valid until the next add.
// Code, message, label and help come from the catalogue entry `id` in the program's voice.
Diagnostic& add(Context& cx, Msg id, Severity sev, Span span, std::initializer_list<std::string_view> args = {},
                std::string section = {});

// The catalogue's text `id` in the program's voice (secondary labels, parts of a message).
std::string text(const Context& cx, Msg id, std::initializer_list<std::string_view> args = {});

// Turns a finding whose example did not replay into a note: it is not claimed as proven.
void downgrade(const Context& cx, Diagnostic& d);

// downgrade(), for a gap whose example customers all stopped at an earlier table's gap first
// (`earlier`): the message names that table, the one to fix first.
void downgrade_shadowed(Context& cx, Diagnostic& d, std::size_t earlier);

// Reports gaps, overlaps and unreachable rules of table `t`, run at step `step`. May throw
// OutOfBudget (between findings, never while one is being built).
void analyze_table(Context& cx, std::size_t t, std::size_t step);

// Warns that the analysis of table `t` did not finish: `stopped` if it ran out of budget, else
// some region of it was cut. Its findings so far stand; others may be missing.
void report_incomplete_table(Context& cx, std::size_t t, bool stopped);

// Warns once for the tables (by index) the analysis did not start, the policy budget spent.
void report_skipped_tables(Context& cx, const std::vector<std::size_t>& tables);

// Reports checks that always hold, never hold, and warnings that never fire.
void analyze_validations(Context& cx);

// Reports facts, parameters and definitions nothing reads, and outputs no table feeds.
void report_unused(Context& cx);

// Reports, as notes, the conditions the analysis treats as unknown, and why.
void report_opaque(Context& cx);

// Notes (`close-durations`) two results of a `shortest`/`longest` duration table in different
// units less than a day apart: their order is by the nominal month (lint.cpp).
void report_close_durations(Context& cx);

// Warns (`personal-data-in-message`) about `{…}` in `require`/`warn` messages and outputs that
// show a date fact or a text fact other than the key; `# kadenz: allow personal-data-in-message`
// on the line, or the line before, silences it.
void report_personal_data(Context& cx);

}  // namespace kadenz::detail::analysis
