// Records copied out of the CSV reader in batches, decided on several threads and handed back
// in input order: the parallel driver of `kadenz workload` and `kadenz whatif`.
#pragma once

#include "csv.hpp"

#include <functional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace kadenz::detail {

// A batch of records whose fields are copied into one buffer (the reader's views last only
// until its next record), plus whatever text the worker produced for it.
struct RecordBatch {
  std::string data;                                              // field bytes, back to back
  std::vector<std::pair<std::uint32_t, std::uint32_t>> fields;   // (offset, length) into data
  std::vector<std::uint32_t> first_field;                        // per record: index into fields
  std::vector<std::string> errors;                               // per record: the reader's error
  std::size_t count = 0;
  std::string output;                                            // the worker's text for this batch

  void clear() {
    data.clear();
    fields.clear();
    first_field.clear();
    count = 0;
    output.clear();
  }

  void add(const CsvReader::Record& rec) {
    first_field.push_back(static_cast<std::uint32_t>(fields.size()));
    for (auto f : rec.fields) {
      fields.emplace_back(static_cast<std::uint32_t>(data.size()), static_cast<std::uint32_t>(f.size()));
      data.append(f);
    }
    if (errors.size() <= count) errors.emplace_back();
    errors[count].assign(rec.error);
    ++count;
  }

  // Calls f(fields, reader_error) for each record in order; `row` is reused.
  template <typename F>
  void for_each(std::vector<std::string_view>& row, F&& f) const {
    for (std::size_t r = 0; r < count; ++r) {
      const std::size_t end = r + 1 < count ? first_field[r + 1] : fields.size();
      row.clear();
      for (std::size_t i = first_field[r]; i < end; ++i) row.emplace_back(data.data() + fields[i].first, fields[i].second);
      f(row, std::string_view(errors[r]));
    }
  }
};

// Rows per batch: large enough that starting threads costs nothing, small enough that the
// batches in flight (jobs of them) stay a few megabytes whatever the file's size.
inline constexpr std::size_t kRecordBatchRows = 8192;

// Reads every record of `reader` in rounds of `jobs` batches; `process(worker, batch)` runs on
// `jobs` threads (worker 0 is the calling thread; each worker index is used by one thread at a
// time), then `emit(batch)` runs on the calling thread for each batch in input order. Stops
// early (returning false) if emit returns false. Memory: `jobs` batches.
inline bool for_each_batch(CsvReader& reader, unsigned jobs, const std::function<void(unsigned, RecordBatch&)>& process,
                           const std::function<bool(RecordBatch&)>& emit) {
  if (jobs == 0) jobs = 1;
  std::vector<RecordBatch> batches(jobs);
  CsvReader::Record rec;
  bool more = true;
  while (more) {
    std::size_t filled = 0;
    for (auto& b : batches) {
      b.clear();
      while (b.count < kRecordBatchRows && (more = reader.next(rec))) b.add(rec);
      if (b.count > 0) ++filled;
      if (!more) break;
    }
    std::vector<std::thread> threads;
    for (std::size_t j = 1; j < filled; ++j) threads.emplace_back([&, j] { process(static_cast<unsigned>(j), batches[j]); });
    if (filled > 0) process(0, batches[0]);
    for (auto& t : threads) t.join();
    for (std::size_t j = 0; j < filled; ++j)
      if (!emit(batches[j])) return false;
  }
  return true;
}

}  // namespace kadenz::detail
