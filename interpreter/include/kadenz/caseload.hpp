// Caseloads, workload and what-if for host programs: what `kadenz eval`, `kadenz workload` and
// `kadenz whatif` do, as library calls (the command is built on them). C++17.
//
// Common contract of every function here:
// - Nothing is printed and nothing is thrown (out of memory included: it becomes `error`).
// - A bad record is never an error of the call: it is a row with its reason (evaluate_caseload)
//   or counted in the summary. `ok` is false only when the run could not be done: the input
//   cannot be read, its header does not fit the policy, the output callback stopped it, the
//   caseload repeats ids where a report would count customers twice, or the workload figures
//   are too large to add up.
// - Messages (`error`, `notes`, `warnings`, `error_kinds_text`, the text and HTML reports) are
//   in the policy's message language (CompileOptions::lang, else its keyword language: English
//   or German), each a complete message as `kadenz` prints it, starting with `kadenz: `. They
//   never quote a cell of the caseload, except an id that repeats (ids are pseudonymous keys).
// - The calls are safe to run on several threads at once, also with the same Policy; each call
//   uses only its own arguments (but only one at a time may read standard input). The callback
//   of evaluate_caseload runs on the calling thread.
#pragma once

#include <kadenz/kadenz.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kadenz {

// How the bytes of a caseload are taken. Every byte a caseload call returns is valid UTF-8.
enum class Encoding : std::uint8_t {
  // UTF-8, unless the first byte that is not ASCII cannot start a UTF-8 character: then the whole
  // input is read as Windows-1252 (the plain "CSV" of German Excel) and a note says so.
  auto_detect,
  // UTF-8 as it is; a cell that is not valid UTF-8 makes its row an error.
  utf8,
  // Windows-1252, decoded to UTF-8 as it is read.
  cp1252,
};

// The rows of evaluate_caseload: CSV (a header line, then one line per record; text a
// spreadsheet would run as a formula gets a leading `'`) or JSON Lines (one object per record).
// The columns are the policy's key fact, its outputs, then rule, source, warnings and error;
// docs/caseload.md describes them.
enum class RowFormat : std::uint8_t { csv, jsonl };

// Where the records come from: a CSV file, standard input, or CSV text in memory. Any delimiter
// of `;`, `,` or tab, RFC 4180 quoting, a byte order mark, CRLF or CR line ends. The first row
// names the columns; columns are matched to the policy's facts by name.
// A value type: copy and keep it as you like; it owns its path or text. Thread-safe to share.
class KADENZ_API CaseloadInput {
 public:
  // Which of the three sources it is (the factory that made it).
  enum class Kind : std::uint8_t { file, standard_input, text };

  // A file, opened when a call runs (read once; twice if ids hash alike, to compare them
  // exactly, so it must not change during a call). Messages name it by `path`.
  static CaseloadInput file(std::string path);
  // The process's standard input, read once. Messages name it `-`. Repeated ids can be found
  // only by their hashes here (CaseloadSummary::repeated_unconfirmed).
  static CaseloadInput standard_input();
  // CSV text held in memory (a copy is kept). Messages name it by `name`.
  static CaseloadInput text(std::string csv_text, std::string name = "caseload");

  Kind kind() const noexcept { return kind_; }
  // What messages and reports call the input: the path, `-`, or the name given.
  const std::string& name() const noexcept { return name_; }
  // The CSV text of a text input; empty for the others.
  const std::string& csv_text() const noexcept { return text_; }

 private:
  CaseloadInput(Kind kind, std::string name, std::string text) noexcept;
  Kind kind_ = Kind::text;
  std::string name_;
  std::string text_;
};

// How a call reads and decides the records.
struct CaseloadOptions {
  // The evaluation date (`--as-of`). It is not checked against the policy's validity (`valid
  // from`/`valid until`): the caller decides whether to run outside it. An impossible date
  // (2017-02-30) makes the call fail.
  Date as_of;
  Encoding encoding = Encoding::auto_detect;
  // Threads that decide records; 0: one per core; more than the cores are capped at the cores.
  // The results are the same for any number.
  unsigned jobs = 1;
  // Whether to look for ids (the policy's key fact) that more than one row carries: reads a file
  // input a second time if some ids hash alike. evaluate_caseload then warns (`warnings`, and
  // CaseloadSummary::repeated); workload and whatif refuse the caseload, since its customers would
  // be counted twice. Off: no check, no second reading.
  bool check_repeated_ids = true;
};

// One kind of error among the records that were not decided: the message with any cell value
// replaced by `…`, and how many records had it.
struct ErrorKind {
  std::string reason;
  std::size_t rows = 0;
};

// What a run counted.
struct CaseloadSummary {
  std::size_t rows = 0;     // every record of the caseload
  std::size_t decided = 0;  // records decided
  std::size_t errors = 0;   // records not decided (a bad value, a failed check, no rule)
  std::size_t warned = 0;   // decided records with at least one warning
  // Records whose id an earlier record has (evaluate_caseload with check_repeated_ids). For
  // standard input these cannot be compared exactly: they are the records whose id hashes like an
  // earlier one, and repeated_unconfirmed is true.
  std::size_t repeated = 0;
  bool repeated_unconfirmed = false;
  // Why records were not decided, most records first; after the first distinct kinds the rest
  // are one last kind ("other errors").
  std::vector<ErrorKind> error_kinds;
};

// The result of evaluate_caseload.
struct CaseloadResult {
  bool ok = false;
  std::string error;                    // when !ok: why (may be several lines, no final line break)
  std::vector<std::string> notes;       // e.g. the input was read as Windows-1252; a column note
  std::vector<std::string> warnings;    // the repeated ids, each with its lines, then their count
  CaseloadSummary summary;              // also filled as far as the run came when !ok
  std::string error_kinds_text;         // the lines `kadenz eval` prints about summary.error_kinds
                                        // (each ending in a line break); empty if no record failed
};

// Decides every record of `input` with `policy` and hands the rows to `out`, in input order,
// one row per record (decided, or with its error), in blocks of up to about a megabyte; the
// views are valid only during the call. `out` returns false to stop the run (then `ok` is false).
// Memory stays bounded whatever the caseload's size. An invalid Policy is an error.
KADENZ_API CaseloadResult evaluate_caseload(const Policy& policy, const CaseloadInput& input, RowFormat format,
                                            const std::function<bool(std::string_view)>& out,
                                            const CaseloadOptions& options);

// A policy chosen from a directory of versions of one directive (`kadenz eval DIR@DATE`): the
// period it is in force and the day it was chosen for. The reports name it beside the file.
struct PolicyVersion {
  std::string directory;
  Date valid_from;
  std::optional<Date> in_force_until;  // its last day in force; none: open-ended
  Date chosen_for;
};

// How a report names a policy: `file` (default: the policy's name) and, if it was chosen from a
// directory, its version.
struct PolicyLabel {
  std::string file;
  std::optional<PolicyVersion> version;
};

// Which renderings of a report to make, and how the report names its policies.
struct ReportOptions {
  PolicyLabel policy;   // workload: the policy; whatif: the base
  PolicyLabel variant;  // whatif: the variant
  bool text = true;     // plain text, as `kadenz workload` prints it
  bool json = true;     // one JSON document with every figure (docs/workload.md)
  bool html = true;     // one self-contained HTML page with charts
  // Breakdown by caseload columns (`--by`, in order): every figure per group of records with the
  // same values in them, and totals (exactly the report without it). At most 1000 groups.
  std::vector<std::string> by;
  // Staff available overall, in full-time posts (`--capacity`); wins over the staff file's overall row.
  std::optional<double> capacity_fte;
  // Staff per group and/or overall (`--staff FILE.csv`): the --by columns and `fte` (or `vzae`,
  // `vzä`, `stellen`); `;` or `,`; decimal comma or point. A row with every group cell empty is the overall staff.
  std::optional<CaseloadInput> staff;
  // The overdue interviews (backlog, overdue first interviews) spread over this many forecast
  // months, 1 to 12 (`--catch-up-months`; 1: all in as_of's month).
  std::int64_t catch_up_months = 3;
};

// The result of workload.
struct WorkloadResult {
  bool ok = false;
  std::string error;               // when !ok: why (may be several lines, no final line break)
  std::vector<std::string> notes;  // as CaseloadResult::notes
  CaseloadSummary summary;
  std::string error_kinds_text;    // as CaseloadResult::error_kinds_text
  std::string text, json, html;    // the report, in the renderings asked for; empty otherwise
};

// The workload of `policy` over `input`: customers per category, interviews, hours and staff, as
// declared by the policy's `workload` block (a policy without one is an error). Refuses a caseload
// whose ids repeat (unless check_repeated_ids is off).
KADENZ_API WorkloadResult workload(const Policy& policy, const CaseloadInput& input, const CaseloadOptions& options,
                                   const ReportOptions& report = {});

// The result of whatif.
struct WhatIfResult {
  bool ok = false;
  std::string error;               // when !ok: why (may be several lines, no final line break)
  std::vector<std::string> notes;  // as CaseloadResult::notes (the variant's column notes too)
  std::size_t rows = 0;            // every record of the caseload
  std::size_t moved = 0;           // records whose category differs (an error counts as one)
  std::size_t changed = 0;         // records whose outputs, deciding rule or error differ
  std::size_t base_errors = 0, variant_errors = 0;  // records each policy could not decide
  std::string text, json, html;    // the report, in the renderings asked for; empty otherwise
  std::string changes_csv;         // with_changes: every changed record, before and after (CSV);
                                   // empty when the changes went to a function (below)
};

// Compares `base` and `variant` (both with a `workload` block) on the records of `input`, in one
// pass: the moves between categories, by rule, and both workloads. The messages are in the base's
// language; compile the variant in it too (CompileOptions::lang), since records whose error text
// differs count as changed. With `with_changes`, changes_csv holds every changed record (it
// grows with their number). Refuses a caseload whose ids repeat (unless check_repeated_ids is off).
KADENZ_API WhatIfResult whatif(const Policy& base, const Policy& variant, const CaseloadInput& input,
                               const CaseloadOptions& options, bool with_changes = false,
                               const ReportOptions& report = {});

// The same, with the changes file handed to `changes` as it is made (in input order, in blocks;
// the views are valid only during the call) instead of held in memory: memory stays bounded
// however many records change. `changes` returns false to stop the run (then `ok` is false).
// On an error after some blocks were handed over (a read error, repeated ids), what `changes`
// received is incomplete: write it to a temporary file and keep it only if `ok`.
// (A name of its own: a lambda without captures would also convert to whatif's `bool`.)
KADENZ_API WhatIfResult whatif_streaming(const Policy& base, const Policy& variant, const CaseloadInput& input,
                                         const CaseloadOptions& options,
                                         const std::function<bool(std::string_view)>& changes,
                                         const ReportOptions& report = {});

// One variant of whatif_many: the compiled policy, how the report names it, and the `--set`
// values it was compiled with (the report shows them; a sweep's variant is named by its value).
struct WhatIfVariant {
  Policy policy;
  PolicyLabel label;
  std::vector<std::pair<std::string, std::string>> set;
};

// A parameter sweep (`kadenz whatif --sweep NAME=v1,v2,…`): the parameter and its values, one
// variant per value in this order. Only names the table's rows: the variants are compiled by the
// caller (CompileOptions::set).
struct WhatIfSweep {
  std::string parameter;
  std::vector<std::string> values;
};

// The result of whatif_many: the report of all variants side by side, and each variant's own
// summary figures (in `variants`, whose text/json/html stay empty).
struct WhatIfManyResult {
  bool ok = false;
  std::string error;               // when !ok: why (may be several lines, no final line break)
  std::vector<std::string> notes;  // as WhatIfResult::notes, each once
  std::vector<WhatIfResult> variants;
  std::string text, json, html;    // the report, in the renderings asked for; empty otherwise
};

// Compares `base` with each of `variants` on the records of `input`: one whatif per variant with
// the same options (the input is read once per variant; standard input is read into memory
// once). The JSON is {"kind":"whatif_many", …} with each variant's whatif report embedded
// (docs/whatif.md). `report.variant` is ignored: each variant carries its label.
KADENZ_API WhatIfManyResult whatif_many(const Policy& base, const std::vector<WhatIfVariant>& variants,
                                        const CaseloadInput& input, const CaseloadOptions& options,
                                        const ReportOptions& report = {},
                                        const std::optional<WhatIfSweep>& sweep = std::nullopt);

}  // namespace kadenz
