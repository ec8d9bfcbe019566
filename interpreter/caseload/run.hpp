// Caseload stage, the driver of `kadenz eval`: CSV records -> typed facts (cells.hpp) ->
// decisions -> CSV or JSON Lines rows (rows.hpp), on one thread or several.
#pragma once

#include "interpreter/caseload/batches.hpp"
#include "interpreter/caseload/cells.hpp"
#include "interpreter/caseload/csv.hpp"
#include "interpreter/caseload/error_kinds.hpp"
#include "interpreter/caseload/keys.hpp"
#include "interpreter/caseload/rows.hpp"
#include "interpreter/evaluate/evaluate.hpp"

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace kadenz::detail {

// What a run over a caseload counted: every record, the decided ones, those with an error, and
// the decided ones with at least one warning; and why the records with an error failed.
struct CaseloadSummary {
  std::size_t rows = 0, decided = 0, errors = 0, warned = 0;
  ErrorKinds error_kinds;

  // Adds another thread's counts.
  void merge(const CaseloadSummary& other) {
    rows += other.rows;
    decided += other.decided;
    errors += other.errors;
    warned += other.warned;
    error_kinds.merge(other.error_kinds);
  }
};

// Writes output rows for the records of `reader` (header already read) to `out`. One row per
// record, in input order, decided or with its error. With jobs > 1, batches of records are
// decided on that many threads (each with its own frame) and written in input order; the
// output is byte for byte the same (`limits`: the batches' byte bounds, see run_batches).
// `keys`, if given, receives the key_hash of every record's id (pass 1 of the duplicate check,
// keys.hpp); decisions do not depend on it.
// Returns false only on an I/O error (then `error` says what happened).
bool evaluate_caseload(const Program& program, CsvReader& reader, const ColumnBinding& binding, std::int32_t as_of,
                       OutputFormat format, std::FILE* out, CaseloadSummary& summary, std::string& error,
                       unsigned jobs = 1, const BatchLimits& limits = {}, KeyHashes* keys = nullptr);

// The same, writing the rows through `out` (kadenz/caseload.hpp's callback): false also when
// `out` returns false, with the error it set.
bool evaluate_caseload(const Program& program, CsvReader& reader, const ColumnBinding& binding, std::int32_t as_of,
                       OutputFormat format, const OutputSink& out, CaseloadSummary& summary, std::string& error,
                       unsigned jobs = 1, const BatchLimits& limits = {}, KeyHashes* keys = nullptr);

}  // namespace kadenz::detail
