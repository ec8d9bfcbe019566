// Fuzz target: caseload bytes -> the CSV reader, header binding and evaluation with the shipped
// Coburg policy (what `kadenz eval` does), in four ways that must write the same bytes: from
// memory at -j 1 (the reference), from a C stream read 7 bytes at a time, at -j 2, and as JSON
// Lines at -j 2 from 7-byte chunks (compared with JSON Lines at -j 1).
#include <kadenz/kadenz.hpp>

#include "interpreter/caseload/cells.hpp"
#include "interpreter/caseload/csv.hpp"
#include "interpreter/caseload/rows.hpp"
#include "interpreter/caseload/run.hpp"
#include "interpreter/pipeline/policy_access.hpp"
#include "stdlib/date.hpp"
#include "fuzz/fuzz_support.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace d = kadenz::detail;

// Bytes per read of the small-chunk runs: odd and small, so that records, quotes, CRLF pairs and
// the UTF-8 BOM are split at every place.
constexpr std::size_t kSmallChunk = 7;

// Everything one run produced: the header's or binding's error, or the output and the summary.
struct Run {
  std::string error;
  std::string output;
  d::CaseloadSummary summary;
  bool ok = false;
  bool operator==(const Run& o) const {
    return error == o.error && output == o.output && ok == o.ok && summary.rows == o.summary.rows &&
           summary.decided == o.summary.decided && summary.errors == o.summary.errors &&
           summary.warned == o.summary.warned;
  }
};

// Reads the header, binds it and evaluates every record, writing into memory.
Run run(d::CsvReader& reader, d::OutputFormat format, unsigned jobs) {
  static const std::int32_t as_of = d::days_from_civil(2017, 3, 1);
  const d::Program& program = *kadenz::detail::program_of(kadenz_fuzz::coburg_policy());
  Run r;
  std::vector<std::string> header;
  if (!reader.read_header(header, r.error)) return r;
  d::ColumnBinding binding;
  if (!d::bind_columns(program, header, binding, r.error)) return r;
  char* buf = nullptr;
  std::size_t len = 0;
  std::FILE* out = open_memstream(&buf, &len);
  if (out == nullptr) kadenz_fuzz::fail("open_memstream failed");
  r.ok = d::evaluate_caseload(program, reader, binding, as_of, format, out, r.summary, r.error, jobs);
  std::fclose(out);
  r.output.assign(buf, len);
  std::free(buf);
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  d::CsvReader memory(text);
  const Run reference = run(memory, d::OutputFormat::csv, 1);
  if (!reference.ok && reference.error.empty()) kadenz_fuzz::fail("a run failed without saying why");

  // the C stream path in 7-byte reads (fmemopen needs at least one byte)
  if (size > 0) {
    std::string copy(text);
    std::FILE* in = fmemopen(copy.data(), copy.size(), "rb");
    if (in == nullptr) kadenz_fuzz::fail("fmemopen failed");
    d::CsvReader stream(in, kSmallChunk);
    const Run chunked = run(stream, d::OutputFormat::csv, 1);
    std::fclose(in);
    if (!(chunked == reference)) kadenz_fuzz::fail("7-byte reads from a stream change the output");
  }

  d::CsvReader threads(text);
  if (!(run(threads, d::OutputFormat::csv, 2) == reference)) kadenz_fuzz::fail("-j 2 changes the output");

  d::CsvReader jsonl_one(text);
  const Run jsonl = run(jsonl_one, d::OutputFormat::jsonl, 1);
  d::CsvReader jsonl_two(text, kSmallChunk);
  if (!(run(jsonl_two, d::OutputFormat::jsonl, 2) == jsonl)) {
    kadenz_fuzz::fail("JSON Lines at -j 2 from 7-byte chunks differ from -j 1");
  }
  return 0;
}
