// Caseload stage, error kinds: tallies why rows were not decided, by kind — the message template
// and the column, never a cell's value — so that the summary of a run whose rows mostly failed
// says what to fix ("1204 rows: birth_date: not a valid date (…)").
#pragma once

#include "interpreter/caseload/cells.hpp"

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace kadenz::detail {

class ErrorKinds {
 public:
  struct Kind {
    std::string text;
    std::size_t rows = 0;
  };

  // Counts the kinds of error of a row that was not decided (frame.error set by read_row and
  // evaluate_record for these `fields` and `record_error`; `cells_read`: read_row succeeded, so
  // the evaluation failed). Each bad cell of the row counts under its own kind, each kind once
  // per row. Runs only for failed rows; a row with bad cells has them parsed again.
  void add(const Program& program, const ColumnBinding& binding, const std::vector<std::string_view>& fields,
           std::string_view record_error, const Frame& frame, bool cells_read);

  // Adds another thread's tally.
  void merge(const ErrorKinds& other);

  // Every kind, most rows first (ties by text), and the rows beyond kMaxErrorKinds distinct
  // kinds as one last kind "other errors" (in the voice of the program the rows were run with).
  std::vector<Kind> sorted() const;

  // The voice of the program whose failed rows were added (English before any was).
  const Voice& voice() const noexcept { return voice_; }

  bool empty() const noexcept { return counts_.empty() && other_ == 0 && require_rows_.empty(); }

 private:
  std::unordered_map<std::string, std::size_t> counts_;
  std::size_t other_ = 0;
  Voice voice_;
  std::string scratch_, key_;
  std::vector<std::string> row_kinds_;      // the kinds of the current row (reused strings)
  std::vector<std::string> require_kinds_;  // per validation index: the kind of its failure
  std::vector<std::size_t> require_rows_;   // per validation index: the rows it failed

  void count(const std::string& kind, std::size_t rows);
};

// The kind of a message. With `quoted`, what is between its first and last backquote (a cell's
// value, in the messages of cells.cpp) becomes `…`; with `digits`, so does every run of digits
// that stands alone (the line numbers and field counts of reader errors; not "UTF-16"). Cut to 200 bytes at a character boundary.
// The evaluation's messages pass with neither: their backquotes hold the policy's names.
std::string error_kind(std::string_view message, bool quoted, bool digits);
void error_kind_into(std::string& out, std::string_view message, bool quoted, bool digits);

// The lines of the summary for `kinds` (ErrorKinds::sorted()): the first kErrorKindsShown as
// "  N rows: kind", then "  … and K other kinds (N rows)", in `voice`'s language.
std::vector<std::string> error_kind_lines(const std::vector<ErrorKinds::Kind>& kinds, const Voice& voice = {});

// "1 row" / "N rows" in `voice`'s language.
std::string rows_text(std::size_t rows, const Voice& voice);

}  // namespace kadenz::detail
