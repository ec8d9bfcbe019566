// Tests that hostile or unusual caseloads stay bounded and never mix rows: batches capped in
// bytes (interpreter/caseload/batches.hpp), a stray quote costing one row (csv.cpp), a header of
// 100,000 columns (cells.cpp). All data is synthetic and generated here.
#include "interpreter/caseload/batches.hpp"
#include "interpreter/caseload/cells.hpp"
#include "interpreter/caseload/run.hpp"
#include "grammar/limits.hpp"

#include "run_cli.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

namespace kadenz {
namespace {

using Rows = std::vector<std::vector<std::string>>;

const char* const kHeader =
    "id,birth_date,status,profile,bfm,massnahme,arbeitsunfaehig,foerderung,para10,german_ok,last_contact,"
    "profiling_date,extension_months,extension_reason,closer_months\n";

// One caseload row for the shipped policy. `reason` (an extension reason, a text fact) is written
// quoted with a doubled quote, so the reader unescapes it and a batch copies it byte by byte,
// the path on which 32-bit offsets once wrapped.
std::string row(const std::string& id, const std::string& birth, std::size_t reason_bytes) {
  std::string r = id;
  r += ',';
  r += birth;
  r += ",arbeitslos,marktnah,false,false,false,keine,false,true,2017-01-10,2016-11-02,3,\"q\"\"";
  r.append(reason_bytes, 'r');
  r += "\",\n";
  return r;
}

// The id of row i (appended, not `"K" + …`: GCC 12 warns wrongly about that concatenation).
std::string id_of(std::size_t i) {
  std::string id = "K";
  id += std::to_string(i);
  return id;
}

// A caseload of `n` rows of mixed widths: most narrow, every 7th wide, every 50th wider than
// the byte cap of the tests below (it must go alone in its batch). Birth dates differ, so a row
// decided with another row's cells would show in its output.
std::string mixed_caseload(std::size_t n) {
  std::string csv = kHeader;
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t width = i % 50 == 0 ? 9000 : i % 7 == 0 ? 1500 : 10;
    std::string birth = std::to_string(1950 + i % 50);
    birth += "-0";
    birth += std::to_string(1 + i % 9);
    birth += "-1";
    birth += std::to_string(i % 10);
    csv += row(id_of(i), birth, width);
  }
  return csv;
}

std::shared_ptr<const detail::Program> coburg() {
  const Compiled c = compile_policy("coburg", test::read_file(test::source_path("policies/coburg-land-2017.kadenz")));
  REQUIRE(c.ok());
  return kadenz::detail::program_of(c);
}

// Every record of `csv` as the reader gives it, one at a time (no batches).
Rows read_directly(const std::string& csv) {
  detail::CsvReader reader{std::string_view(csv)};
  std::vector<std::string> header;
  std::string error;
  REQUIRE(reader.read_header(header, error));
  Rows rows;
  detail::CsvReader::Record rec;
  while (reader.next(rec)) rows.emplace_back(rec.fields.begin(), rec.fields.end());
  return rows;
}

// Every record of `csv` as the batches of run_batches hand them out, in emit order.
Rows read_in_batches(const std::string& csv, unsigned jobs, const detail::BatchLimits& limits,
                     detail::BatchStats& stats, std::size_t& over_cap) {
  detail::CsvReader reader{std::string_view(csv), 4096};
  std::vector<std::string> header;
  std::string error;
  REQUIRE(reader.read_header(header, error));
  Rows rows;
  std::vector<std::string_view> scratch;
  std::vector<std::size_t> bad(jobs, 0);
  const std::size_t cap = limits.batch_bytes;
  REQUIRE(detail::run_batches(
      reader, jobs,
      [&](unsigned j, detail::RecordBatch& b) {
        if (b.count > 1 && b.bytes() > cap) ++bad[j];
      },
      [&](const detail::RecordBatch& b) {
        b.for_each(scratch, [&](const std::vector<std::string_view>& fields, std::string_view) {
          rows.emplace_back(fields.begin(), fields.end());
        });
        return true;
      },
      limits, &stats));
  over_cap = 0;
  for (auto n : bad) over_cap += n;
  return rows;
}

// `kadenz eval` of `csv` with the shipped policy, in memory, with `jobs` and `limits`.
std::string eval(const std::string& csv, unsigned jobs, const detail::BatchLimits& limits = {}) {
  const auto program = coburg();
  detail::CsvReader reader{std::string_view(csv), 4096};
  std::vector<std::string> header;
  std::string error;
  REQUIRE(reader.read_header(header, error));
  detail::ColumnBinding binding;
  REQUIRE(detail::bind_columns(*program, header, binding, error));
  std::FILE* out = std::tmpfile();
  REQUIRE(out != nullptr);
  detail::CaseloadSummary summary;
  const auto day = detail::parse_date("2017-03-01");
  REQUIRE(detail::evaluate_caseload(*program, reader, binding, *day, detail::OutputFormat::csv, out, summary, error,
                                    jobs, limits));
  std::rewind(out);
  std::string text;
  char buf[65536];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, out)) > 0) text.append(buf, n);
  std::fclose(out);
  return text;
}

}  // namespace

TEST_CASE("caseload bounds: batches are cut at their byte cap and hand out every record unchanged",
          "[caseload][limits]") {
  const std::string csv = mixed_caseload(3000);
  const Rows expected = read_directly(csv);
  REQUIRE(expected.size() == 3000);
  const detail::BatchLimits limits{8192, 1 << 20};  // a small cap: many batches, some rows over it
  for (unsigned jobs : {1u, 2u, 3u}) {
    INFO("jobs " << jobs);
    detail::BatchStats stats;
    std::size_t over_cap = 1;
    const Rows rows = read_in_batches(csv, jobs, limits, stats, over_cap);
    CHECK(rows == expected);
    CHECK(over_cap == 0);
    CHECK(stats.largest_multi_record_batch <= limits.batch_bytes);
    CHECK(stats.largest_batch > limits.batch_bytes);  // the rows wider than the cap, alone
    CHECK(stats.batches > 3000 / 50);
  }
}

TEST_CASE("caseload bounds: eval -j 2 with many small batches writes exactly what -j 1 writes",
          "[caseload][limits]") {
  const std::string csv = mixed_caseload(2000);
  const std::string one = eval(csv, 1);
  CHECK(std::count(one.begin(), one.end(), '\n') == 2001);
  CHECK(eval(csv, 2, detail::BatchLimits{4096, 1 << 20}) == one);
  CHECK(eval(csv, 4, detail::BatchLimits{1000, 16384}) == one);
  CHECK(eval(csv, 2) == one);
}

TEST_CASE("caseload bounds: the bytes in flight do not grow with the jobs", "[caseload][limits]") {
  // Rows of 20 KB and, in a run, rows of 100 KB that each exceed the cap.
  std::string csv = kHeader;
  for (std::size_t i = 0; i < 400; ++i) csv += row(id_of(i), "1980-05-14", (i / 100) % 2 == 1 ? 100000 : 20000);
  const detail::BatchLimits limits{65536, 262144};
  for (unsigned jobs : {2u, 8u, 64u}) {
    INFO("jobs " << jobs);
    detail::BatchStats stats;
    std::size_t over_cap = 1;
    const Rows rows = read_in_batches(csv, jobs, limits, stats, over_cap);
    CHECK(rows.size() == 400);
    CHECK(over_cap == 0);
    // At most the budget plus the one batch read when the budget was not yet reached.
    CHECK(stats.peak_in_flight <= limits.in_flight_bytes + stats.largest_batch);
    CHECK(stats.largest_batch < 2 * 100000);
  }
  // The defaults: a batch is at most kBatchBytes, and all of them kBatchBytesInFlight.
  static_assert(detail::kBatchBytes <= detail::kBatchBytesInFlight);
  static_assert(detail::kBatchBytesInFlight + detail::kMaxRecordBytes < detail::RecordBatch::kMaxBatchData / 2);
}

TEST_CASE("caseload bounds: a stray quote costs one row (with its id) and the rest is decided", "[caseload][limits]") {
  test::TempDir dir;
  constexpr std::size_t kRows = 20000;
  constexpr std::size_t kBad = 12345;  // 0-based: data row 12346, line 12347
  std::string csv = kHeader;
  for (std::size_t i = 0; i < kRows; ++i) {
    std::string r = row(id_of(i), "1980-05-14", 5);
    if (i == kBad) {
      r = id_of(i);
      r += ",1980-05-14,arbeitslos,marktnah,false,false,false,keine,false,true,2017-01-10,2016-11-02,3,";
      r += "\"Vermerk ohne Ende,\n";
    }
    csv += r;
  }
  const std::string input = dir.write("caseload.csv", csv);
  const std::string policy = test::source_path("policies/coburg-land-2017.kadenz");
  const test::Result r = test::run_kadenz(dir, "eval " + test::sh(policy) + " " + test::sh(input) + " --as-of 2017-03-01 -j 2");
  CHECK(r.code == 1);  // some rows carry errors, the output is complete
  INFO(r.err);
  CHECK(test::contains(r.err, "20000 Zeilen gelesen, 19999 entschieden, 1 mit Fehlern"));  // the policy is German
  const auto out = test::parse_csv(r.out);
  REQUIRE(out.size() == 1 + kRows);
  const std::size_t error_col = out[0].size() - 1;
  REQUIRE(out[0][error_col] == "error");
  std::size_t errors = 0;
  for (std::size_t i = 0; i < kRows; ++i) {
    const auto& o = out[i + 1];
    REQUIRE(o[0] == id_of(i));
    if (!o[error_col].empty()) ++errors;
  }
  CHECK(errors == 1);
  const auto& bad = out[kBad + 1];
  CHECK(bad[0] == "K12345");
  CHECK(bad[error_col].rfind("das Feld in Anführungszeichen ab Zeile 12347 ist nicht geschlossen", 0) == 0);
  CHECK(test::contains(bad[error_col], "gelesen wird ab Zeile 12348 weiter"));
  CHECK_FALSE(test::contains(bad[error_col], "Vermerk"));  // cell contents are never echoed
}

TEST_CASE("caseload bounds: a header of 100,000 columns binds, doubled names found far apart", "[caseload][limits]") {
  const auto program = coburg();
  std::vector<std::string> header;
  for (int i = 0; i < 100000; ++i) header.push_back("extra_" + std::to_string(i));
  const std::vector<std::string> needed = {"id", "birth_date", "status", "profile", "bfm", "massnahme",
                                           "arbeitsunfaehig", "foerderung", "para10", "german_ok",
                                           "last_contact", "profiling_date", "extension_months",
                                           "extension_reason", "closer_months"};
  for (std::size_t i = 0; i < needed.size(); ++i) header[i * 6000 + 17] = " " + needed[i] + " ";
  header[99999] = "";  // unnamed filler columns may repeat
  header[99998] = "";
  detail::ColumnBinding binding;
  std::string error;
  REQUIRE(detail::bind_columns(*program, header, binding, error));
  CHECK(binding.header_fields == 100000);
  for (std::size_t f = 0; f < program->facts.size(); ++f) {
    const auto col = binding.fact_column[f];
    REQUIRE(col >= 0);
    CHECK(header[static_cast<std::size_t>(col)].find(program->facts[f].column) != std::string::npos);
  }
  header[99997] = "extra_3";
  CHECK_FALSE(detail::bind_columns(*program, header, binding, error));
  CHECK(error == "die Spalte `extra_3` steht zweimal in der Kopfzeile (Spalten 4 und 99998)");
}

}  // namespace kadenz
