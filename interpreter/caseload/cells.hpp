// Caseload stage, cells: binds a caseload's header to the program's facts and parses a record's
// cells into typed fact slots. Needs no reader or writer, so the analyzer replays its example
// customers through the same parse_cell that a caseload row goes through.
#pragma once

#include "interpreter/evaluate/evaluate.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kadenz::detail {

// How the caseload's columns feed the program's facts, worked out once from the header.
struct ColumnBinding {
  std::vector<std::int32_t> fact_column;  // per fact: index of its column, -1 if absent
  std::size_t header_fields = 0;
  std::vector<std::string> notes;         // e.g. optional columns that are absent
};

// Binds the header to the facts. Returns false with `error` if a required column is missing
// or a column appears twice (the file cannot be evaluated at all). The error and the notes are
// in the language of program.voice.
bool bind_columns(const Program& program, const std::vector<std::string>& header, ColumnBinding& binding,
                  std::string& error);

// Parses one cell for `fact` into `out`. Returns false with a message naming the column (and
// never the raw value of a date or free text: caseloads hold personal data), in `lang` (the
// program's voice; a host without one gets English). A text value points into `cell`, so it
// lives only as long as the cell's bytes do.
bool parse_cell(const CompiledFact& fact, const std::vector<EnumInfo>& enums, std::string_view cell, Value& out,
                std::string& error, Lang lang = Lang::en);

// The first half of decide_row: resets the frame and reads the cells into the fact slots.
// False (with frame.error) if a cell, the field count or the reader's record is bad; every bad
// cell is named, not just the first. `scratch` is reused for the messages.
bool read_row(const Program& program, const ColumnBinding& binding, const std::vector<std::string_view>& fields,
              std::string_view record_error, Frame& frame, std::string& scratch);

// Reads one record's cells into `frame` (reset first) and decides it: the path every command
// shares. False if the record is not decided; then frame.error says why (a cell, the field
// count, a failed check, no rule). `fields` are the record's fields as the reader gave them.
// Inline so that the caller's per-row path has read_row and evaluate_record as its only calls.
inline bool decide_row(const Program& program, const ColumnBinding& binding,
                       const std::vector<std::string_view>& fields, std::string_view record_error, Frame& frame,
                       std::string& scratch) {
  return read_row(program, binding, fields, record_error, frame, scratch) && evaluate_record(program, frame);
}

// The record's key (trimmed), or empty if the row is too short to have it.
std::string_view row_key(const Program& program, const ColumnBinding& binding,
                         const std::vector<std::string_view>& fields);

}  // namespace kadenz::detail
