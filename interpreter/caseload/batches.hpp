// Records copied out of the CSV reader in batches, decided on worker threads and handed back
// in input order: the parallel driver of `kadenz eval -j N`, `kadenz workload` and `kadenz whatif`.
#pragma once

#include "interpreter/caseload/csv.hpp"
#include "grammar/limits.hpp"

#include <cstdint>
#include <functional>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kadenz::detail {

// Byte bounds of the batch pipeline (defaults: grammar/limits.hpp). A parameter rather than
// only the constants, so tests can run many small batches over a small input.
struct BatchLimits {
  std::size_t batch_bytes = kBatchBytes;             // one batch, see RecordBatch::bytes()
  std::size_t in_flight_bytes = kBatchBytesInFlight;  // all batches read and not yet emitted
};

// What a run_batches call saw, for tests of the bounds: the largest batch of more than one
// record (in RecordBatch::bytes()), the largest in all, and the most bytes in flight at once.
struct BatchStats {
  std::size_t batches = 0;
  std::size_t largest_multi_record_batch = 0;
  std::size_t largest_batch = 0;
  std::size_t peak_in_flight = 0;
};

// A batch of records copied out of the reader's buffer (whose views last only until its next
// record), plus the text its worker produced for it.
//
// Field offsets are 32 bits (they are most of a batch's bookkeeping). They cannot wrap: a record
// joins a batch only while the batch's data stays within kMaxBatchData (fits()), and a batch's
// first record, which always joins, is at most a reader record (kMaxRecordBytes, asserted below).
// add() checks it again, so a broken promise is an exception, never a row reading another's
// fields.
struct RecordBatch {
  using Field = std::pair<std::uint32_t, std::uint32_t>;
  static constexpr std::size_t kMaxBatchData = std::numeric_limits<std::uint32_t>::max();
  static_assert(kMaxRecordBytes + 16 < kMaxBatchData / 2, "a lone record must fit 32-bit offsets");

  std::string data;                                              // field bytes, back to back
  std::vector<Field> fields;                                     // (offset, length) into data
  std::vector<std::uint32_t> first_field;                        // per record: index into fields
  std::vector<std::string> errors;                               // per record: the reader's error
  std::size_t count = 0;
  std::string output;                                            // the worker's text for this batch
  std::vector<std::uint64_t> key_hashes;                         // the worker's key_hash per record (keys.hpp)
  bool done = false;                                             // guarded by the pipeline's mutex

  void clear() {
    data.clear();
    fields.clear();
    first_field.clear();
    count = 0;
    bytes_ = 0;
    output.clear();
    key_hashes.clear();
  }

  // The memory a batch's records take: their bytes, their field table, and per record its
  // index and error. What the byte caps count (the bytes of wide rows and many-column rows).
  std::size_t bytes() const noexcept { return bytes_; }

  // What bytes() grows by when `rec` is added.
  static std::size_t record_bytes(const CsvReader::Record& rec) noexcept {
    return stretch(rec) + rec.fields.size() * sizeof(Field) + sizeof(std::uint32_t) + sizeof(std::string) +
           rec.error.size();
  }

  // Whether `rec` (of record_bytes `size`) may join this batch under a cap of `cap` bytes: an
  // empty batch takes any record, so a record larger than the cap goes alone in its batch.
  bool fits(const CsvReader::Record& rec, std::size_t size, std::size_t cap) const noexcept {
    return count == 0 || (bytes_ + size <= cap && data.size() + stretch(rec) <= kMaxBatchData);
  }

  // Gives back the memory of a batch that held more than `cap` bytes (a record larger than
  // the cap), so that every idle batch keeps at most about `cap`.
  void release_above(std::size_t cap) {
    if (data.capacity() > cap) std::string().swap(data);
    if (fields.capacity() * sizeof(Field) > cap) std::vector<Field>().swap(fields);
  }

  // The fields of a record lie in one stretch of the reader's buffer (in order, perhaps with
  // delimiters between them): copied with one append, the fields kept as offsets into it.
  void add(const CsvReader::Record& rec, std::size_t size) {
    first_field.push_back(static_cast<std::uint32_t>(fields.size()));
    if (!rec.fields.empty()) {
      const char* const from = rec.fields.front().data();
      const std::size_t len = stretch(rec);
      if (data.size() + len > kMaxBatchData) throw std::length_error("record batch over 4 GiB (fits() not asked)");
      const auto base = static_cast<std::uint32_t>(data.size());
      data.append(from, len);
      for (auto f : rec.fields) {
        fields.emplace_back(base + static_cast<std::uint32_t>(f.data() - from), static_cast<std::uint32_t>(f.size()));
      }
    }
    if (errors.size() <= count) errors.emplace_back();
    errors[count].assign(rec.error);
    ++count;
    bytes_ += size;
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

 private:
  std::size_t bytes_ = 0;

  // The bytes from the first field's start to the last field's end (what add() copies).
  static std::size_t stretch(const CsvReader::Record& rec) noexcept {
    if (rec.fields.empty()) return 0;
    return static_cast<std::size_t>(rec.fields.back().data() + rec.fields.back().size() - rec.fields.front().data());
  }
};

// Reads every record of `reader` into batches. With jobs > 1, `process(worker, batch)` runs on
// `jobs` worker threads (worker index j is only ever used by one thread) while this thread
// reads on; `emit(batch)` runs on this thread for each batch in input order, as soon as it and
// every batch before it are processed. With jobs <= 1 everything runs on this thread (worker 0).
// Returns false as soon as emit does (then the remaining records are not processed).
// Memory: 2 * jobs + 1 batches, recycled, so after warm-up nothing is allocated per record. A
// batch ends at kBatchRows records or at its byte cap, limits.batch_bytes but at most
// limits.in_flight_bytes / (2 * jobs + 1), so the batches together stay within
// limits.in_flight_bytes whatever `jobs` is; a record larger than the cap goes alone in its
// batch, and no further batch is read while those in flight hold limits.in_flight_bytes. So the
// memory is flat in `jobs` and in the file's size: at most limits.in_flight_bytes plus one
// batch (a record of up to kMaxRecordBytes). `stats`, if given, is filled in for tests.
bool run_batches(CsvReader& reader, unsigned jobs, const std::function<void(unsigned, RecordBatch&)>& process,
                 const std::function<bool(const RecordBatch&)>& emit, const BatchLimits& limits = {},
                 BatchStats* stats = nullptr);

}  // namespace kadenz::detail
