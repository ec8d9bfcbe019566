// eval_inmemory: the interpreter's counterpart of `coburg_reference --in-memory N`. Reads the
// caseload once into per-record fact values (the cells parsed exactly as `kadenz eval` parses
// them), then times N passes of evaluate_record over all records: evaluation only, no CSV
// reading, no output formatting.
//
//   eval_inmemory POLICY CASELOAD.csv --as-of YYYY-MM-DD --repeat N
//
// Prints ns/record and a checksum (of the decided counts, deciding rules and integer outputs) to
// stderr. Records that could not be read (a bad cell, a wrong field count) are counted as errors
// and skipped in the timed loop, as the reference skips its error rows.
#include <kadenz/kadenz.hpp>

#include "interpreter/caseload/cells.hpp"
#include "interpreter/caseload/csv.hpp"
#include "interpreter/evaluate/evaluate.hpp"
#include "interpreter/compile/program.hpp"
#include "interpreter/pipeline/policy_access.hpp"
#include "stdlib/date.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace d = kadenz::detail;

// Keeps the text cells alive: text facts point into the cell bytes.
class CellStore {
 public:
  std::string_view keep(std::string_view s) {
    if (used_ + s.size() > block_size_ || blocks_.empty()) {
      const std::size_t size = s.size() > kBlock ? s.size() : kBlock;
      blocks_.push_back(std::make_unique<char[]>(size));
      block_size_ = size;
      used_ = 0;
    }
    char* p = blocks_.back().get() + used_;
    if (!s.empty()) std::memcpy(p, s.data(), s.size());
    used_ += s.size();
    return {p, s.size()};
  }

 private:
  static constexpr std::size_t kBlock = std::size_t{1} << 20;
  std::vector<std::unique_ptr<char[]>> blocks_;
  std::size_t block_size_ = 0, used_ = 0;
};

int usage() {
  std::fputs("usage: eval_inmemory POLICY CASELOAD.csv --as-of YYYY-MM-DD --repeat N\n", stderr);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  const char* policy_path = nullptr;
  const char* caseload_path = nullptr;
  std::string_view as_of_text;
  long repeat = 1;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--as-of" && i + 1 < argc) {
      as_of_text = argv[++i];
    } else if (a == "--repeat" && i + 1 < argc) {
      const std::string_view v = argv[++i];
      const auto res = std::from_chars(v.data(), v.data() + v.size(), repeat);
      if (res.ec != std::errc() || res.ptr != v.data() + v.size() || repeat < 1) return usage();
    } else if (policy_path == nullptr && !a.starts_with("-")) {
      policy_path = argv[i];
    } else if (caseload_path == nullptr && !a.starts_with("-")) {
      caseload_path = argv[i];
    } else {
      return usage();
    }
  }
  if (policy_path == nullptr || caseload_path == nullptr || as_of_text.empty()) return usage();
  const auto as_of = d::parse_date(as_of_text);
  if (!as_of) {
    std::fprintf(stderr, "eval_inmemory: --as-of: not a valid date\n");
    return 2;
  }

  const kadenz::Compiled compiled = kadenz::compile_policy_file(policy_path);
  if (!compiled.ok()) {
    std::fprintf(stderr, "eval_inmemory: %s does not compile (%zu diagnostics; run kadenz check)\n", policy_path,
                 compiled.diagnostics.size());
    return 1;
  }
  const d::Program& program = *kadenz::detail::program_of(compiled);
  const std::size_t fact_count = program.facts.size();

  std::FILE* in = std::fopen(caseload_path, "rb");
  if (in == nullptr) {
    std::fprintf(stderr, "eval_inmemory: cannot open %s\n", caseload_path);
    return 1;
  }
  d::CsvReader reader(in);
  std::vector<std::string> header;
  std::string error;
  d::ColumnBinding binding;
  if (!reader.read_header(header, error) || !d::bind_columns(program, header, binding, error)) {
    std::fprintf(stderr, "eval_inmemory: %s: %s\n", caseload_path, error.c_str());
    std::fclose(in);
    return 1;
  }

  // Load: every record's fact values, back to back (fact_count per record).
  CellStore cells;
  std::vector<d::Value> values;
  std::vector<unsigned char> ok;
  d::CsvReader::Record record;
  std::string cell_error;
  std::vector<d::Value> row(fact_count);
  while (reader.next(record)) {
    bool good = record.error.empty() && record.fields.size() == binding.header_fields;
    for (std::size_t f = 0; good && f < fact_count; ++f) {
      const auto col = binding.fact_column[f];
      const std::string_view cell =
          col >= 0 ? cells.keep(record.fields[static_cast<std::size_t>(col)]) : std::string_view();
      good = d::parse_cell(program.facts[f], program.enums, cell, row[f], cell_error);
    }
    if (!good) row.assign(fact_count, d::Value{});
    values.insert(values.end(), row.begin(), row.end());
    ok.push_back(good ? 1 : 0);
  }
  std::fclose(in);
  if (!reader.io_error().empty()) {
    std::fprintf(stderr, "eval_inmemory: %s: %s\n", caseload_path, reader.io_error().c_str());
    return 1;
  }
  const std::size_t records = ok.size();
  if (records == 0) {
    std::fprintf(stderr, "eval_inmemory: no rows to evaluate\n");
    return 1;
  }

  d::Frame frame;
  d::prepare_frame(program, frame);
  frame.slots[program.as_of_slot].i = *as_of;

  std::uint64_t checksum = 0;
  std::size_t decided = 0, errors = 0;
  const auto t0 = std::chrono::steady_clock::now();
  for (long run = 0; run < repeat; ++run) {
    std::size_t run_decided = 0;
    for (std::size_t r = 0; r < records; ++r) {
      if (ok[r] == 0) {
        ++errors;
        continue;
      }
      d::reset_record(program, frame);
      std::copy_n(values.begin() + static_cast<std::ptrdiff_t>(r * fact_count), fact_count, frame.slots.begin());
      if (!d::evaluate_record(program, frame)) {
        ++errors;
        continue;
      }
      ++run_decided;
      std::uint64_t h = frame.warnings.size();
      for (const auto t : frame.table_rule) h = h * 8 + static_cast<std::uint64_t>(t + 1);
      for (const auto& o : program.outputs)
        if (o.type.base != d::BaseType::text) h = h * 31 + static_cast<std::uint64_t>(frame.slots[o.slot].i);
      checksum = checksum * 31 + h;
    }
    decided += run_decided;
    checksum = checksum * 1000003 + run_decided;
  }
  const auto t1 = std::chrono::steady_clock::now();
  const double ns = std::chrono::duration<double, std::nano>(t1 - t0).count();
  const double evaluations = static_cast<double>(records) * static_cast<double>(repeat);
  std::fprintf(stderr,
               "eval_inmemory: %zu records x %ld runs: %.2f ns/record (%.0f records/s); %zu decided, %zu error "
               "rows per run; checksum %016llx\n",
               records, repeat, ns / evaluations, evaluations / (ns * 1e-9),
               decided / static_cast<std::size_t>(repeat), errors / static_cast<std::size_t>(repeat),
               static_cast<unsigned long long>(checksum));
  return 0;
}
