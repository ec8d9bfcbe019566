// Records copied out of the CSV reader in batches, decided on worker threads and handed back
// in input order: the parallel driver of `kadenz eval -j N`, `kadenz workload` and `kadenz whatif`.
#pragma once

#include "interpreter/caseload/csv.hpp"

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kadenz::detail {

// A batch of records copied out of the reader's buffer (whose views last only until its next
// record), plus the text its worker produced for it.
struct RecordBatch {
  std::string data;                                              // field bytes, back to back
  std::vector<std::pair<std::uint32_t, std::uint32_t>> fields;   // (offset, length) into data
  std::vector<std::uint32_t> first_field;                        // per record: index into fields
  std::vector<std::string> errors;                               // per record: the reader's error
  std::size_t count = 0;
  std::string output;                                            // the worker's text for this batch
  bool done = false;                                             // guarded by the pipeline's mutex

  void clear() {
    data.clear();
    fields.clear();
    first_field.clear();
    count = 0;
    output.clear();
  }

  // The fields of a record lie in one stretch of the reader's buffer (in order, perhaps with
  // delimiters between them): copied with one append, the fields kept as offsets into it.
  void add(const CsvReader::Record& rec) {
    first_field.push_back(static_cast<std::uint32_t>(fields.size()));
    if (!rec.fields.empty()) {
      const char* const from = rec.fields.front().data();
      const char* const to = rec.fields.back().data() + rec.fields.back().size();
      const auto base = static_cast<std::uint32_t>(data.size());
      data.append(from, static_cast<std::size_t>(to - from));
      for (auto f : rec.fields) {
        fields.emplace_back(base + static_cast<std::uint32_t>(f.data() - from), static_cast<std::uint32_t>(f.size()));
      }
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

// Reads every record of `reader` into batches. With jobs > 1, `process(worker, batch)` runs on
// `jobs` worker threads (worker index j is only ever used by one thread) while this thread
// reads on; `emit(batch)` runs on this thread for each batch in input order, as soon as it and
// every batch before it are processed. With jobs <= 1 everything runs on this thread (worker 0).
// Returns false as soon as emit does (then the remaining records are not processed). Memory:
// 2 * jobs + 1 batches, recycled, so after warm-up nothing is allocated per record.
bool run_batches(CsvReader& reader, unsigned jobs, const std::function<void(unsigned, RecordBatch&)>& process,
                 const std::function<bool(const RecordBatch&)>& emit);

}  // namespace kadenz::detail
