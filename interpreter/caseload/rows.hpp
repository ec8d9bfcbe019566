// Caseload stage, rows: formats decided records as output rows, CSV (RFC 4180, guarded against
// spreadsheet formulas) or JSON Lines, into a buffer that is written in large blocks.
#pragma once

#include "interpreter/evaluate/evaluate.hpp"

#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace kadenz::detail {

enum class OutputFormat : std::uint8_t { csv, jsonl };

// Where output rows go: called with each block of formatted rows, in order. Returns false with
// `error` set (the message, in the program's voice) to stop the run: a failed write.
using OutputSink = std::function<bool(std::string_view text, std::string& error)>;

// Appends a CSV field, quoted where needed (RFC 4180). With `guard`, text a spreadsheet would
// run as a formula (starting with = + - @) gets a leading `'`, so that opening an output file
// never executes a cell that came from a caseload.
void append_csv_field(std::string& out, std::string_view value, bool guard);

// The `rule` and `source` columns of a decided record: the deciding rule of each table (as
// `table.rule` when there are several), joined with "; "; `source` the sections of those rules,
// then those of section_list's cited adjustments.
void append_rule_columns(const Program& program, const Frame& frame, std::string& rule, std::string& source);

// The sections of a decided record: the section of each deciding rule (one per table that decided,
// as in `source` before), then, in the order of the policy text, the section of each cited
// adjustment the record took (Frame::cited) that is not listed yet. The views point into the
// program.
void section_list(const Program& program, const Frame& frame, std::vector<std::string_view>& sections);

// Appends the cited adjustments' part of section_list to `source` (append_rule_columns, for a
// policy with citations).
void append_cited_sections(const Program& program, const Frame& frame, std::string& source);

// The output header: key column, the outputs, then rule, source, warnings, error.
std::string output_header(const Program& program);

// Builds output rows into a buffer that is flushed in large writes. One writer serves one
// thread; it keeps a reference to `program`, which must outlive it. `out` (not owned, must
// outlive the writer) may be null for a worker whose rows are handed over with take() instead
// of flushed.
class RowWriter {
 public:
  RowWriter(const Program& p, OutputFormat format, const OutputSink* out) : p_(p), format_(format), out_(out) {
    buf_.reserve(kFlushBytes);
  }

  // Appends the output header (CSV only: a JSON Lines row names its fields itself).
  void header() {
    if (format_ == OutputFormat::csv) buf_ += output_header(p_);
  }

  // Appends the row of one record with key `id`: its outputs, rule, source and warnings if
  // `decided`, else empty cells (null in JSON) and f.error.
  void row(std::string_view id, const Frame& f, bool decided);

  // Hands the formatted rows over (a worker's batch output) and starts an empty buffer.
  void take(std::string& into) {
    into.swap(buf_);
    buf_.clear();
  }

  // Writes the buffer to `out` once it holds a megabyte, or whatever it holds with `force`.
  // False with `error` if the write fails. Inline: it is asked once per row and rarely writes.
  bool flush(bool force, std::string& error) {
    if (buf_.empty() || (!force && buf_.size() < kFlushBytes)) return true;
    return write_buffer(error);
  }

 private:
  static constexpr std::size_t kFlushBytes = std::size_t{1} << 20;

  const Program& p_;
  OutputFormat format_;
  const OutputSink* out_;
  std::string buf_;
  std::string cell_;
  std::string id_;  // an undecided record's key made safe to write (utf8::safe)
  std::string rule_, source_;  // reused per row (no allocation once they have grown)
  std::vector<std::string_view> sections_;  // JSON's `sections` of a policy with citations

  bool write_buffer(std::string& error);
  void csv_row(std::string_view id, const Frame& f, bool decided);
  void json_row(std::string_view id, const Frame& f, bool decided);
};

}  // namespace kadenz::detail
