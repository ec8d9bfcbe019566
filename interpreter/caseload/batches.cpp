// The batch pipeline: one thread reads and emits in input order, worker threads process.
#include "interpreter/caseload/batches.hpp"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace kadenz::detail {
namespace {

// Rows per batch: large enough that handing a batch over costs nothing per row, small enough
// that a worker's share of a small file is not one batch. The byte caps (BatchLimits) bound the
// memory; this bounds the rows of narrow records.
constexpr std::size_t kBatchRows = 4096;
constexpr std::size_t kBatchesPerJob = 2;

// The byte cap of one batch when `batches` batches circulate: limits.batch_bytes, but no more
// than their share of limits.in_flight_bytes, so that together they stay within it.
std::size_t batch_cap(const BatchLimits& limits, std::size_t batches) {
  return std::max<std::size_t>(1, std::min(limits.batch_bytes, limits.in_flight_bytes / std::max<std::size_t>(batches, 1)));
}

// Fills `b` with records of `reader` up to kBatchRows and the byte cap `cap`. A record that does
// not fit stays in `rec` with `pending` set and opens the next batch: its views remain valid
// because the reader is not asked again before. False once the input is exhausted (`b` may
// still hold records).
bool fill_batch(CsvReader& reader, CsvReader::Record& rec, bool& pending, RecordBatch& b, std::size_t cap) {
  while (b.count < kBatchRows) {
    if (!pending) {
      if (!reader.next(rec)) return false;
      pending = true;
    }
    const std::size_t size = RecordBatch::record_bytes(rec);
    if (!b.fits(rec, size, cap)) return true;
    b.add(rec, size);
    pending = false;
  }
  return true;
}

// Counts a filled batch in `stats` (if given).
void note_batch(BatchStats* stats, const RecordBatch& b) {
  if (stats == nullptr) return;
  ++stats->batches;
  stats->largest_batch = std::max(stats->largest_batch, b.bytes());
  if (b.count > 1) stats->largest_multi_record_batch = std::max(stats->largest_multi_record_batch, b.bytes());
}

// The threads of run_batches with jobs > 1: this thread reads batches and emits the finished
// ones in input order, `jobs` workers process them. Batches circulate between three lists
// (free, to do, in order) under one mutex; a batch is never touched by two threads at once.
class Pipeline {
 public:
  // Starts the workers; they wait for batches until the pipeline is destroyed.
  Pipeline(unsigned jobs, const std::function<void(unsigned, RecordBatch&)>& process, const BatchLimits& limits,
           BatchStats* stats)
      : batches_(static_cast<std::size_t>(jobs) * kBatchesPerJob + 1),
        process_(process),
        limits_(limits),
        cap_(batch_cap(limits, batches_.size())),
        stats_(stats) {
    for (auto& b : batches_) free_.push_back(&b);
    for (unsigned j = 0; j < jobs; ++j) workers_.emplace_back([this, j] { work(j); });
  }

  // Stops and joins the workers, also after an emit error left batches unprocessed.
  ~Pipeline() { stop(); }

  // Reads the whole input into batches, hands them to the workers and emits them in order;
  // waits for a free batch when all are in flight, or when those in flight hold the
  // in-flight bytes (records larger than the cap). False as soon as emit returns false.
  bool run(CsvReader& reader, const std::function<bool(const RecordBatch&)>& emit) {
    CsvReader::Record rec;
    bool pending = false;  // rec holds a record that did not fit the previous batch
    bool more = true;
    while (more) {
      RecordBatch* b = nullptr;
      {
        std::unique_lock lock(m_);
        // Emit finished batches in order; wait for the oldest if no batch may be read.
        for (;;) {
          if (!emit_ready(lock, emit)) return false;
          if (!free_.empty() && (order_.empty() || in_flight_ < limits_.in_flight_bytes)) break;
          done_cv_.wait(lock);
        }
        b = free_.back();
        free_.pop_back();
      }
      b->clear();
      more = fill_batch(reader, rec, pending, *b, cap_);
      std::lock_guard lock(m_);
      if (b->count == 0) {
        free_.push_back(b);
        break;
      }
      note_batch(stats_, *b);
      in_flight_ += b->bytes();
      if (stats_ != nullptr) stats_->peak_in_flight = std::max(stats_->peak_in_flight, in_flight_);
      b->done = false;
      todo_.push_back(b);
      order_.push_back(b);
      work_cv_.notify_one();
    }
    std::unique_lock lock(m_);
    while (!order_.empty()) {
      if (!emit_ready(lock, emit)) return false;
      if (!order_.empty()) done_cv_.wait(lock);
    }
    return true;
  }

 private:
  std::vector<RecordBatch> batches_;
  const std::function<void(unsigned, RecordBatch&)>& process_;
  const BatchLimits limits_;
  const std::size_t cap_;  // bytes per batch (batch_cap)
  BatchStats* const stats_;
  std::size_t in_flight_ = 0;  // bytes() of the batches in order_
  std::vector<std::thread> workers_;
  std::mutex m_;
  std::condition_variable work_cv_, done_cv_;
  std::vector<RecordBatch*> free_;   // batches nobody uses
  std::deque<RecordBatch*> todo_;    // read, waiting for a worker
  std::deque<RecordBatch*> order_;   // read and not yet emitted, in input order
  bool stopping_ = false;

  // Emits the finished batches at the front of the order (the lock is released meanwhile) and
  // recycles them, without the memory of a record larger than the cap.
  bool emit_ready(std::unique_lock<std::mutex>& lock, const std::function<bool(const RecordBatch&)>& emit) {
    while (!order_.empty() && order_.front()->done) {
      RecordBatch* d = order_.front();
      order_.pop_front();
      in_flight_ -= d->bytes();
      lock.unlock();
      const bool ok = emit(*d);
      d->release_above(cap_);
      lock.lock();
      free_.push_back(d);
      if (!ok) return false;
    }
    return true;
  }

  // Worker j: takes the oldest batch to do, processes it outside the lock, marks it done.
  void work(unsigned j) {
    for (;;) {
      RecordBatch* b = nullptr;
      {
        std::unique_lock lock(m_);
        work_cv_.wait(lock, [&] { return stopping_ || !todo_.empty(); });
        if (todo_.empty()) return;
        b = todo_.front();
        todo_.pop_front();
      }
      process_(j, *b);
      std::lock_guard lock(m_);
      b->done = true;
      done_cv_.notify_all();
    }
  }

  // Tells the workers to finish (dropping batches not started yet) and joins them.
  void stop() {
    {
      std::lock_guard lock(m_);
      stopping_ = true;
      todo_.clear();  // after an emit error: what is not processed yet is not needed
    }
    work_cv_.notify_all();
    for (auto& t : workers_) t.join();
  }
};

}  // namespace

// With one job the batches are read, processed and emitted in turn on this thread: process and
// emit see the same batches as with the pipeline (one batch in flight), and no thread is started.
bool run_batches(CsvReader& reader, unsigned jobs, const std::function<void(unsigned, RecordBatch&)>& process,
                 const std::function<bool(const RecordBatch&)>& emit, const BatchLimits& limits, BatchStats* stats) {
  if (jobs > 1) {
    Pipeline pipeline(jobs, process, limits, stats);
    return pipeline.run(reader, emit);
  }
  const std::size_t cap = batch_cap(limits, 1);
  RecordBatch b;
  CsvReader::Record rec;
  bool pending = false;
  bool more = true;
  while (more) {
    b.clear();
    more = fill_batch(reader, rec, pending, b, cap);
    if (b.count == 0) break;
    note_batch(stats, b);
    if (stats != nullptr) stats->peak_in_flight = std::max(stats->peak_in_flight, b.bytes());
    process(0, b);
    if (!emit(b)) return false;
    b.release_above(cap);
  }
  return true;
}

}  // namespace kadenz::detail
