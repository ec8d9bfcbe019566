// Report stage: decisions -> workload figures (`kadenz workload`) and the comparison of two
// policies on one caseload (`kadenz whatif`). What is counted is declared by each policy's
// `workload` block (stdlib/workload_roles.hpp, kWorkloadRoles); docs/workload.md gives the formulas.
// Computed by workload.cpp and whatif.cpp, rendered by render_text_json.cpp and the html_*.cpp
// pages.
#pragma once

#include "interpreter/caseload/run.hpp"
#include "interpreter/compile/program.hpp"
#include "stdlib/duration.hpp"

#include <array>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

namespace kadenz::detail {

// Weeks per month in the staff calculation: 52 weeks / 12 months.
inline constexpr double kWeeksPerMonth = 52.0 / 12.0;
// Months of the interview forecast, starting with as_of's month.
inline constexpr std::size_t kForecastMonths = 12;

// The workload of one policy over one caseload. Monthly figures are steady-state averages: a
// customer with interval n months counts 1/n interviews per month, n weeks 30.436875/(7n), n
// days 30.436875/n (stdlib/duration.hpp: the nominal month); a pending first interview counts
// once (1 interview, its minutes, no preparation time).
struct Workload {
  struct Category {
    std::string name;
    std::size_t customers = 0;
    std::size_t first_interviews = 0;
    double interviews_per_month = 0;  // first interviews + follow-ups / interval
    double hours_per_month = 0;       // interview time and preparation
    // Issue 17, per category as in the Workload below: every customer at its interval, and the
    // follow-ups overdue at as_of.
    double steady_interviews_per_month = 0;
    double steady_hours_per_month = 0;
    std::size_t backlog = 0;
  };
  std::vector<Category> categories;  // in natural order of the names (1MM, 2MM, 3MM, 6MM, 12MM)
  std::size_t customers = 0;         // decided records counted
  std::size_t not_counted = 0;       // decided, but interval 0 or less in its unit (cannot recur)
  std::size_t first_interviews = 0;
  double follow_ups_per_month = 0;
  double interviews_per_month = 0;
  double interview_hours_per_month = 0;    // appointment minutes
  double preparation_hours_per_month = 0;  // prep_minutes per follow-up
  double hours_per_month = 0;              // both
  double weekly_hours = 0;                 // per full-time post
  std::int64_t weekly_minutes = 0;         // the same, exactly: printed from this, never with noise
  std::int64_t share_percent = 0;          // interview_share in whole percent (55, not 55.00000000000001)
  double interview_share = 0;              // 0..1: minimum share of working time for interviews
  double interview_hours_per_fte = 0;      // per month: weekly_hours * 52/12 * share
  double fte = 0;                          // hours_per_month / interview_hours_per_fte
  // Steady state and one-off demand apart (issue 17). Every customer counted recurs at its
  // interval once its next interview is held: steady_* are the follow-ups per month of all of
  // them (first-interview customers included, at their interval). One-off: the pending first
  // interviews and the backlog (follow-ups due before as_of), caught up over catch_up_months.
  double steady_interviews_per_month = 0;
  double steady_hours_per_month = 0;           // interview + preparation minutes / 60
  std::size_t backlog = 0;                     // decided records whose follow-up was due before as_of
  double backlog_hours = 0;                    // their interview + preparation time
  double first_interview_hours = 0;            // the pending first interviews' time
  std::int64_t catch_up_months = 3;            // the backlog (and overdue first interviews) spread over this many months
  double steady_fte = 0;                       // steady_hours_per_month / interview_hours_per_fte
  struct Month {
    int year = 0, month = 0;
    std::size_t interviews = 0;  // first + backlog + recurring
    std::size_t first = 0;       // first interviews in this month (overdue ones spread like the backlog)
    std::size_t backlog = 0;     // overdue follow-ups caught up in this month
    std::size_t recurring = 0;   // follow-ups due in this month on schedule (after a catch-up too)
    std::int64_t minutes = 0;    // interview + preparation minutes of these interviews (first: no preparation)
    double hours = 0;            // minutes / 60
    double fte = 0;              // hours / interview_hours_per_fte (0 if that is 0)
  };
  std::array<Month, kForecastMonths> forecast{};
};

// --catch-up-months: 1 (every overdue interview in as_of's month) to the forecast's length, so
// that the whole backlog is caught up within the months the forecast shows.
inline constexpr std::int64_t kMaxCatchUpMonths = static_cast<std::int64_t>(kForecastMonths);

// Staff available against the demand (`--staff FILE.csv`, `--capacity FTE`). Capacity in
// interview hours per month = fte * interview_hours_per_fte of the workload it is set against.
struct Capacity {
  bool known = false;                 // no staff given for it: every figure below is 0
  double fte = 0;                     // full-time posts available
  double interview_hours_per_month = 0;
  double demand_fte = 0;              // the workload's steady_fte
  double utilisation = 0;             // demand_fte / fte (0 if fte is 0)
  std::array<bool, kForecastMonths> over{};  // forecast month's fte > fte
  std::size_t months_over = 0;
};

// One group of a `--by` breakdown: the values of the --by columns (in their order; an empty
// cell is an empty string) and the figures of the records that carry them.
struct GroupKey {
  std::vector<std::string> values;
};

// Integer tallies behind a Workload, so that batches decided on different threads add up to
// the same figures in any order (sums of fractions are formed once, in `finish`). Every sum and
// product is overflow-checked: values too large to add up (a parameter of 2^63 minutes, say)
// stop the tally with an error that names the workload entry, never a wrapped figure.
class WorkloadTally {
 public:
  // Adds one decided record (its evaluated workload entries) for a run as of `as_of`.
  void add(const struct WorkloadValues& v, std::int32_t as_of);
  void merge(const WorkloadTally& other);
  // The figures, or false with `error` if the values are too large to add up.
  bool finish(std::int32_t as_of, Workload& out, std::string& error) const;
  // The first overflow met while adding or merging; empty if none.
  const std::string& error() const { return error_; }
  // The language of its error (the program's voice).
  Voice voice;
  // The months over which add() spreads the overdue interviews (RunOptions::catch_up_months;
  // 1 .. kMaxCatchUpMonths, a value outside is taken as the nearer end): an overdue record is
  // caught up in month (its due day's number mod N), so every tally puts it in the same month.
  // Set it, like `voice`, on every tally that records are added to (and on the one finished, which
  // reports it); merge() does not carry it.
  std::int64_t catch_up_months = 3;

 private:
  // Records with the same interval, minutes and preparation: the sums of fractions are formed
  // per bucket, and an overdue bucket is spread over the catch-up months as a whole.
  struct FollowUp {
    std::int64_t interval, minutes, prep;
    std::size_t count;
    DurationUnit unit;  // of the interval: months (a `months` interval), weeks or days
  };
  struct Cat {
    std::string name;
    std::size_t customers = 0, first = 0, not_counted = 0;
    std::int64_t first_minutes = 0;
    std::vector<FollowUp> follow_ups;  // few distinct (interval, unit, minutes, prep)
    std::vector<FollowUp> firsts;      // the first-interview customers, for the steady state
    // Of those, the ones overdue at as_of (next_due < as_of): spread over the catch-up months in
    // finish(), by buckets over all categories, when each bucket's size is known.
    std::vector<FollowUp> overdue, overdue_firsts;
  };
  // Forecast counts per month by kind, and the minutes of all of them (checked sums).
  struct Months {
    std::array<std::size_t, kForecastMonths> first{}, backlog{}, recurring{};
    std::array<std::int64_t, kForecastMonths> minutes{};
  };
  enum class Kind { first, backlog, recurring };
  std::vector<Cat> cats_;
  Months due_;  // every interview of the forecast: on schedule, caught up, and their follow-ups
  std::int64_t weekly_minutes_ = 0, share_percent_ = 0;
  bool constants_ = false;
  std::string error_;
  Cat& cat(std::string_view name);
  static void count_in(std::vector<FollowUp>& buckets, const FollowUp& f);
  static std::string_view schedule(Months& months, Kind kind, std::size_t n, std::int64_t k, std::int64_t day, const FollowUp& f);
  template <class T>
  bool checked_add(T& sum, T value, std::string_view entry, std::string_view category);
};

// Evaluates a decided record's workload entries (the frame holds the decision). Returns false
// with `error` if an entry cannot be computed (e.g. a date out of range).
struct WorkloadValues {
  std::string category;
  std::int64_t interval = 0, minutes = 0, prep = 0, weekly_minutes = 0, share = 0;
  DurationUnit interval_unit = DurationUnit::months;  // what `interval` counts
  std::int32_t next_due = 0;
  bool first = false;
  // The interval is empty (a table's rule `then nothing`): a customer without recurring
  // interviews, counted as a customer with no interviews at all.
  bool no_interval = false;
};
bool evaluate_workload(const Program& program, Frame& frame, WorkloadValues& out, std::string& error);

// A policy chosen from a directory of versions (interpreter/pipeline/versions.hpp): its period
// in force and the day it was chosen for. The reports name it beside the policy's file.
struct VersionNote {
  std::string directory;
  std::int32_t valid_from = 0;
  std::optional<std::int32_t> in_force_until;  // the last day it is in force; none: open-ended
  std::int32_t chosen_for = 0;                  // `PATH@DATE`'s date, else as_of
};

// `kadenz workload`: one policy over a caseload.
struct WorkloadReport {
  struct Group {
    GroupKey key;
    CaseloadSummary summary;  // rows, decided, errors of this group (error_kinds empty)
    Workload workload;
    Capacity capacity;
  };
  std::vector<std::string> group_columns;  // the --by columns, in order; empty: no breakdown
  std::vector<Group> groups;               // sorted by key (category_less per value)
  Capacity capacity;                       // overall: the sum of the groups' staff, or --capacity
  std::string policy_name, policy_file, caseload_file;
  std::optional<VersionNote> version;  // set when the policy was chosen from a directory
  std::int32_t as_of = 0;
  CaseloadSummary summary;
  Workload workload;
  Voice voice;  // the language of the text summary (the policy's, set by run_workload)
};

// `kadenz whatif`: two policies over the same records, in one pass.
struct WhatIfReport {
  std::string base_name, base_file, variant_name, variant_file, caseload_file;
  std::optional<VersionNote> base_version, variant_version;  // set for a side chosen from a directory
  std::int32_t as_of = 0;
  std::size_t rows = 0;                           // every record of the caseload
  std::size_t base_errors = 0, variant_errors = 0;
  std::size_t changed = 0;                        // records whose outputs, rule or error differ
  std::size_t moved = 0;                          // records whose category differs (errors count as one)
  // Transition matrix over the union of both policies' categories, then "error":
  // counts[i][j] = records in category i under the base and j under the variant.
  std::vector<std::string> categories;            // the last one is kErrorCategory
  std::vector<std::vector<std::size_t>> counts;
  // The moves by deciding rule (rule under the base -> rule under the variant), most first.
  struct Move {
    std::string from_rule, to_rule, from_category, to_category;
    std::size_t count = 0;
  };
  std::vector<Move> moves;
  Workload base, variant;
  // The change decomposed (issue 17): records decided under both policies (the policy's effect:
  // both_variant - both_base), records the base decides and the variant cannot (entering the
  // error state: - entering), records only the variant decides (leaving it: + leaving). The parts
  // sum to variant - base.
  struct Decomposition {
    std::size_t both = 0, entering = 0, leaving = 0;
    Workload both_base, both_variant, entering_base, leaving_variant;
  };
  Decomposition decomposition;
  // Why records were not decided, per side, most rows first (message with cells replaced, and
  // its column; never a cell value).
  std::vector<ErrorKinds::Kind> base_error_kinds, variant_error_kinds;
  struct Group {
    GroupKey key;
    std::size_t rows = 0, base_errors = 0, variant_errors = 0, changed = 0, moved = 0;
    std::vector<std::vector<std::size_t>> counts;  // over the report's categories
    Workload base, variant;
    Decomposition decomposition;
    Capacity capacity;  // staff against the variant's demand
  };
  std::vector<std::string> group_columns;
  std::vector<Group> groups;
  Capacity capacity;  // overall, against the variant's demand
  // What the variant changes (interpreter/report/policy_diff.hpp fills it) and the run's facts.
  struct Difference {
    std::string kind;     // "parameter", "rule", "output", "header", "fact", "table", "workload", "check"
    std::string name;     // e.g. prep_minutes, marktnah (table.rule), valid_from
    std::string section;  // the citation (§2.2.2) if any
    std::string before, after;  // as a policy would write it; empty: absent on that side
  };
  std::vector<Difference> differences;
  struct RunInfo {
    std::string generated_at;    // local date and time with offset, ISO 8601
    std::string kadenz_version;
    std::string base_sha256, variant_sha256;  // of the policy files (the base's merged sources)
  };
  RunInfo run;
  Voice voice;  // the language of the text summary (the base policy's, set by run_whatif)
};
inline constexpr std::string_view kErrorCategory = "error";

// Options of a run. `changes` (may be null) receives a CSV of every record whose outputs differ;
// `changes_sink` (may be null) the same CSV through a function, in input order, as it is made
// (for kadenz/caseload.hpp; it sets `error` when it refuses a block).
// `keys` (may be null) receives the key_hash of every record's id, for the duplicate check that
// makes `workload` and `whatif` refuse a caseload whose ids repeat (keys.hpp).
struct RunOptions {
  std::int32_t as_of = 0;

  unsigned jobs = 1;
  std::FILE* changes = nullptr;
  KeyHashes* keys = nullptr;
  const OutputSink* changes_sink = nullptr;
  // --by: the caseload columns (indices into the header) whose values make the groups.
  std::vector<std::size_t> group_columns = {};
  std::int64_t catch_up_months = 3;  // --catch-up-months
};

// Runs one policy over the records of `reader` (header already bound). False only on an I/O
// error or workload values too large to add up (`error` says which); bad rows are counted in
// the summary.
bool run_workload(const Program& program, CsvReader& reader, const ColumnBinding& binding, const RunOptions& options,
                  WorkloadReport& report, std::string& error);

// Runs two policies over the records of `reader`, each with its own binding of the header.
// A record whose error text differs counts as changed: compile both in one message language
// (CompileOptions::lang; `kadenz whatif` compiles the variant in the base's).
// False only on an I/O error of the reader or of options.changes, or workload values too large
// to add up (`error` says which); records
// that a policy cannot decide count as its errors and as the category kErrorCategory.
bool run_whatif(const Program& base, const ColumnBinding& base_binding, const Program& variant,
                const ColumnBinding& variant_binding, CsvReader& reader, const RunOptions& options,
                WhatIfReport& report, std::string& error);

// Renderers. Terminal: aligned plain text; JSON: one document with every number; HTML: one
// self-contained page (inline SVG charts, German labels, no scripts or external resources).
std::string render_workload_text(const WorkloadReport& report);

// Minutes as hours for reading: whole hours as such, otherwise at most two decimals (rounded
// half away from zero) without trailing zeros; `point` is `.` (text) or `,` (German HTML).
// From the integer minutes, so 38,5 hours print `38.5`, never `38.50000000000001`.
std::string exact_hours(std::int64_t minutes, char point);
std::string render_workload_json(const WorkloadReport& report);
std::string render_whatif_text(const WhatIfReport& report);
std::string render_whatif_json(const WhatIfReport& report);
std::string render_workload_html(const WorkloadReport& report);
std::string render_whatif_html(const WhatIfReport& report);

// Numbers as a report shows them: rounded half away from zero to `decimals` places. A change
// between two shown figures is the change of the shown values (1,845.0 - 1,649.7 = +195.3, not
// the +195.2 of the unrounded ones), so a reader can redo every subtraction on the page.
inline double shown(double x, int decimals) {
  double f = 1;
  for (int i = 0; i < decimals; ++i) f *= 10;
  const double r = x * f;
  return static_cast<double>(static_cast<long long>(r < 0 ? r - 0.5 : r + 0.5)) / f;
}
inline double shown_change(double before, double after, int decimals) {
  return shown(shown(after, decimals) - shown(before, decimals), decimals);
}

// Orders category names as people expect: by their leading number, then by text
// ("1MM" < "2MM" < "12MM" < "Sonder"); kErrorCategory last.
bool category_less(std::string_view a, std::string_view b);

}  // namespace kadenz::detail
