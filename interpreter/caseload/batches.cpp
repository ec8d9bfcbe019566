// The batch pipeline: one thread reads and emits in input order, worker threads process.
#include "interpreter/caseload/batches.hpp"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace kadenz::detail {
namespace {

// Rows per batch: large enough that handing a batch over costs nothing per row, small enough
// that the batches in flight (kBatchesPerJob per job) stay a few megabytes whatever the file's
// size.
constexpr std::size_t kBatchRows = 4096;
constexpr std::size_t kBatchesPerJob = 2;

// The threads of run_batches with jobs > 1: this thread reads batches and emits the finished
// ones in input order, `jobs` workers process them. Batches circulate between three lists
// (free, to do, in order) under one mutex; a batch is never touched by two threads at once.
class Pipeline {
 public:
  // Starts the workers; they wait for batches until the pipeline is destroyed.
  Pipeline(unsigned jobs, const std::function<void(unsigned, RecordBatch&)>& process)
      : batches_(static_cast<std::size_t>(jobs) * kBatchesPerJob + 1), process_(process) {
    for (auto& b : batches_) free_.push_back(&b);
    for (unsigned j = 0; j < jobs; ++j) workers_.emplace_back([this, j] { work(j); });
  }

  // Stops and joins the workers, also after an emit error left batches unprocessed.
  ~Pipeline() { stop(); }

  // Reads the whole input into batches, hands them to the workers and emits them in order;
  // waits for a free batch when all are in flight. False as soon as emit returns false.
  bool run(CsvReader& reader, const std::function<bool(const RecordBatch&)>& emit) {
    CsvReader::Record rec;
    bool more = true;
    while (more) {
      RecordBatch* b = nullptr;
      {
        std::unique_lock lock(m_);
        // Emit finished batches in order; wait for the oldest if no batch is free.
        for (;;) {
          if (!emit_ready(lock, emit)) return false;
          if (!free_.empty()) break;
          done_cv_.wait(lock);
        }
        b = free_.back();
        free_.pop_back();
      }
      b->clear();
      while (b->count < kBatchRows && (more = reader.next(rec))) b->add(rec);
      std::lock_guard lock(m_);
      if (b->count == 0) {
        free_.push_back(b);
        break;
      }
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
  std::vector<std::thread> workers_;
  std::mutex m_;
  std::condition_variable work_cv_, done_cv_;
  std::vector<RecordBatch*> free_;   // batches nobody uses
  std::deque<RecordBatch*> todo_;    // read, waiting for a worker
  std::deque<RecordBatch*> order_;   // read and not yet emitted, in input order
  bool stopping_ = false;

  // Emits the finished batches at the front of the order (the lock is released meanwhile).
  bool emit_ready(std::unique_lock<std::mutex>& lock, const std::function<bool(const RecordBatch&)>& emit) {
    while (!order_.empty() && order_.front()->done) {
      RecordBatch* d = order_.front();
      order_.pop_front();
      lock.unlock();
      const bool ok = emit(*d);
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
// emit see the same batches as with the pipeline, and no thread is started.
bool run_batches(CsvReader& reader, unsigned jobs, const std::function<void(unsigned, RecordBatch&)>& process,
                 const std::function<bool(const RecordBatch&)>& emit) {
  if (jobs > 1) {
    Pipeline pipeline(jobs, process);
    return pipeline.run(reader, emit);
  }
  RecordBatch b;
  CsvReader::Record rec;
  bool more = true;
  while (more) {
    b.clear();
    while (b.count < kBatchRows && (more = reader.next(rec))) b.add(rec);
    if (b.count == 0) break;
    process(0, b);
    if (!emit(b)) return false;
  }
  return true;
}

}  // namespace kadenz::detail
