// Caseload evaluation: CSV rows -> typed facts -> decisions -> CSV or JSON Lines rows.
#pragma once

#include "interpreter/caseload/csv.hpp"
#include "interpreter/caseload/format_value.hpp"
#include "interpreter/evaluate/evaluate.hpp"

#include <cstdio>
#include <string>
#include <vector>

namespace kadenz::detail {

enum class OutputFormat : std::uint8_t { csv, jsonl };

struct CaseloadSummary {
  std::size_t rows = 0, decided = 0, errors = 0, warned = 0;
};

// How the caseload's columns feed the program's facts, worked out once from the header.
struct ColumnBinding {
  std::vector<std::int32_t> fact_column;  // per fact: index of its column, -1 if absent
  std::size_t header_fields = 0;
  std::vector<std::string> notes;         // e.g. optional columns that are absent
};

// Binds the header to the facts. Returns false with `error` if a required column is missing
// or a column appears twice (the file cannot be evaluated at all).
bool bind_columns(const Program& program, const std::vector<std::string>& header, ColumnBinding& binding,
                  std::string& error);

// Parses one cell for `fact` into `out`. Returns false with a message naming the column (and
// never the raw value of a date or free text: caseloads hold personal data).
bool parse_cell(const CompiledFact& fact, const std::vector<EnumInfo>& enums, std::string_view cell, Value& out,
                std::string& error);

// Reads one record's cells into `frame` (reset first) and decides it: the path every command
// shares. False if the record is not decided; then frame.error says why (a cell, the field
// count, a failed check, no rule). `fields` are the record's fields as the reader gave them.
bool decide_row(const Program& program, const ColumnBinding& binding, const std::vector<std::string_view>& fields,
                std::string_view record_error, Frame& frame, std::string& scratch);

// The first half of decide_row: resets the frame and reads the cells into the fact slots.
// False (with frame.error) if a cell, the field count or the reader's record is bad.
bool read_row(const Program& program, const ColumnBinding& binding, const std::vector<std::string_view>& fields,
              std::string_view record_error, Frame& frame, std::string& scratch);

// The record's key (trimmed), or empty if the row is too short to have it.
std::string_view row_key(const Program& program, const ColumnBinding& binding,
                         const std::vector<std::string_view>& fields);

// Writes output rows for the records of `reader` (header already read) to `out`. One row per
// record, in input order, decided or with its error. With jobs > 1, batches of records are
// decided on that many threads (each with its own frame) and written in input order; the
// output is byte for byte the same. Returns false only on an I/O error (then `error` says
// what happened).
bool evaluate_caseload(const Program& program, CsvReader& reader, const ColumnBinding& binding, std::int32_t as_of,
                       OutputFormat format, std::FILE* out, CaseloadSummary& summary, std::string& error,
                       unsigned jobs = 1);

// Appends a CSV field, quoted where needed (RFC 4180). With `guard`, text a spreadsheet would
// run as a formula (starting with = + - @: TOOLCHAIN.md) gets a leading `'`.
void append_csv_field(std::string& out, std::string_view value, bool guard);

// The `rule` and `source` columns of a decided record: the deciding rule of each table (as
// `table.rule` when there are several), joined with "; ".
void append_rule_columns(const Program& program, const Frame& frame, std::string& rule, std::string& source);

// The output header: key column, the outputs, then rule, source, warnings, error.
std::string output_header(const Program& program);

}  // namespace kadenz::detail
