// Caseload stage, driver of `kadenz eval`: reads a caseload's records, decides each (cells.cpp)
// and writes its output row (rows.cpp), on one thread or on a batch pipeline (batches.cpp).
#include "interpreter/caseload/run.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <memory>

namespace kadenz::detail {
namespace {

// Decides one row and formats its output: the work shared by the sequential and the parallel
// path. Owns a frame and a writer, so one RowContext serves one thread.
class RowContext {
 public:
  RowContext(const Program& program, const ColumnBinding& binding, std::int32_t as_of, OutputFormat format,
             const OutputSink* out)
      : p_(program), b_(binding), writer_(program, format, out) {
    prepare_frame(program, frame_);
    frame_.slots[program.as_of_slot].i = as_of;
  }

  RowWriter& writer() { return writer_; }

  // Decides the record whose fields the reader gave (or its error) and appends its output row;
  // counts it in `summary`, which belongs to this context's thread. Returns the key_hash of its
  // id, for the duplicate check.
  std::uint64_t row(const std::vector<std::string_view>& fields, std::string_view record_error,
                    CaseloadSummary& summary) {
    ++summary.rows;
    const std::string_view id = row_key(p_, b_, fields);
    // decide_row, in its two halves: the error kinds need to know which one failed
    const bool read = read_row(p_, b_, fields, record_error, frame_, cell_error_);
    const bool ok = read && evaluate_record(p_, frame_);
    if (ok) {
      ++summary.decided;
      if (!frame_.warnings.empty()) ++summary.warned;
    } else {
      ++summary.errors;
      summary.error_kinds.add(p_, b_, fields, record_error, frame_, read);
    }
    writer_.row(id, frame_, ok);
    return key_hash(id);
  }

 private:
  const Program& p_;
  const ColumnBinding& b_;
  Frame frame_;
  RowWriter writer_;
  std::string cell_error_;
};

}  // namespace

// Sequentially, one context reads, decides and writes, flushing a megabyte at a time. With
// jobs > 1 the main context writes only the header; each worker formats its batch into the
// batch's own text, which this thread writes in input order. The counts are per worker and
// summed at the end, so nothing is shared between the threads but the batches. The workers
// hash the ids (batch.key_hashes); this thread adds the hashes to `keys` as it writes a batch.
bool evaluate_caseload(const Program& program, CsvReader& reader, const ColumnBinding& binding, std::int32_t as_of,
                       OutputFormat format, std::FILE* out, CaseloadSummary& summary, std::string& error,
                       unsigned jobs, const BatchLimits& limits, KeyHashes* keys) {
  const OutputSink sink = [&program, out](std::string_view text, std::string& message) {
    if (text.empty() || std::fwrite(text.data(), 1, text.size(), out) == text.size()) return true;
    message = say(program.voice, Msg::cannot_write_output, {std::strerror(errno)});
    return false;
  };
  return evaluate_caseload(program, reader, binding, as_of, format, sink, summary, error, jobs, limits, keys);
}

bool evaluate_caseload(const Program& program, CsvReader& reader, const ColumnBinding& binding, std::int32_t as_of,
                       OutputFormat format, const OutputSink& out, CaseloadSummary& summary, std::string& error,
                       unsigned jobs, const BatchLimits& limits, KeyHashes* keys) {
  reader.set_lang(program.voice.text);  // its record errors land in the `error` column
  RowContext main_ctx(program, binding, as_of, format, &out);
  main_ctx.writer().header();
  if (jobs <= 1) {
    CsvReader::Record rec;
    while (reader.next(rec)) {
      const std::uint64_t hash = main_ctx.row(rec.fields, rec.error, summary);
      if (keys != nullptr) keys->add(hash);
      if (!main_ctx.writer().flush(false, error)) return false;
    }
  } else {
    // One thread reads and writes in input order, `jobs` workers decide (batches.hpp), each
    // with its own frame, writer and counts.
    if (!main_ctx.writer().flush(true, error)) return false;
    std::vector<std::unique_ptr<RowContext>> contexts;
    std::vector<CaseloadSummary> counts(jobs);
    for (unsigned j = 0; j < jobs; ++j)
      contexts.push_back(std::make_unique<RowContext>(program, binding, as_of, format, nullptr));
    std::vector<std::vector<std::string_view>> rows(jobs);
    const bool ok = run_batches(
        reader, jobs,
        [&](unsigned j, RecordBatch& batch) {
          batch.for_each(rows[j], [&](const std::vector<std::string_view>& fields, std::string_view rec_error) {
            batch.key_hashes.push_back(contexts[j]->row(fields, rec_error, counts[j]));
          });
          contexts[j]->writer().take(batch.output);
        },
        [&](const RecordBatch& batch) {
          if (keys != nullptr)
            for (const std::uint64_t h : batch.key_hashes) keys->add(h);
          return batch.output.empty() || out(batch.output, error);
        },
        limits);
    for (const auto& c : counts) summary.merge(c);
    if (!ok) return false;
  }
  if (!reader.io_error().empty()) {
    error = reader.io_error();
    main_ctx.writer().flush(true, error);
    return false;
  }
  return main_ctx.writer().flush(true, error);
}

}  // namespace kadenz::detail
