// "Compile once, evaluate many": after warm-up, evaluating a record allocates nothing. The
// global operator new is replaced in this test binary to count allocations, except in sanitizer
// builds (KADENZ_NO_ALLOCATION_COUNTING, set by -DKADENZ_COUNT_ALLOCATIONS=OFF): their runtimes
// replace operator new themselves, so there the tests run the same code but cannot count.
#include "support.hpp"

#include <atomic>
#include <cstdlib>
#include <new>

// The replacement operator new below takes its memory from malloc, so its operator delete
// must free it; GCC cannot see that the two are a pair.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

namespace {
std::atomic<bool> g_counting{false};
std::atomic<std::size_t> g_allocations{0};
}  // namespace

#ifndef KADENZ_NO_ALLOCATION_COUNTING
constexpr bool kCounting = true;
void* operator new(std::size_t n) {
  if (g_counting.load(std::memory_order_relaxed)) g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
#else
constexpr bool kCounting = false;
#endif

using namespace kadenz;

namespace {

std::size_t count_allocations(const std::function<void()>& f) {
  g_allocations = 0;
  g_counting = true;
  f();
  g_counting = false;
  return g_allocations.load();
}

// Generates `n` caseload rows cycling through every rule, both warnings and the adjustments.
std::string caseload(std::size_t n) {
  std::string csv =
      "id,birth_date,status,profile,bfm,massnahme,arbeitsunfaehig,foerderung,para10,german_ok,last_contact,"
      "profiling_date,extension_months,extension_reason,closer_months\n";
  const char* variants[] = {
      "1980-05-05,arbeitslos,marktnah,false,false,false,keine,false,true,2016-12-31,2016-01-01,,,",
      "1999-05-05,arbeitslos,marktfern,false,false,true,EGZ,false,false,,,,,",
      "1980-05-05,arbeitsuchend,marktfern,false,true,false,keine,false,true,2017-01-31,,2,Pflege,",
      "1980-05-05,ohne_status,integriert_hilfebeduerftig,true,false,false,keine,true,true,2016-11-30,,,,1",
      "1980-05-05,arbeitslos,marktnah,false,false,false,keine,false,true,2016-12-31,,7,x,",  // row error
  };
  for (std::size_t i = 0; i < n; ++i) {
    csv += 'K';
    csv += std::to_string(i);
    csv += ',';
    csv += variants[i % 5];
    csv += '\n';
  }
  return csv;
}

}  // namespace

TEST_CASE("allocation: evaluating records allocates nothing after warm-up", "[allocation]") {
  const Compiled c = compile_policy("coburg", test::read_file(test::source_path("policies/coburg-land-2017.kadenz")));
  REQUIRE(c.ok());
  const detail::Program& p = *kadenz::detail::program_of(c);
  const std::string csv = caseload(1000);
  detail::CsvReader reader{std::string_view(csv)};
  std::vector<std::string> header;
  std::string error;
  REQUIRE(reader.read_header(header, error));
  detail::ColumnBinding binding;
  REQUIRE(detail::bind_columns(p, header, binding, error));
  // Parse all records' facts up front (the text cells live in `cells`).
  std::vector<std::vector<std::string>> cells;
  detail::CsvReader::Record rec;
  while (reader.next(rec)) cells.emplace_back(rec.fields.begin(), rec.fields.end());
  detail::Frame frame;
  detail::prepare_frame(p, frame);
  frame.slots[p.as_of_slot].i = *detail::parse_date("2017-03-01");
  std::size_t decided = 0;
  auto run_all = [&] {
    for (const auto& row : cells) {
      detail::reset_record(p, frame);
      for (std::size_t f = 0; f < p.facts.size(); ++f) {
        std::string cell_error;
        const auto col = static_cast<std::size_t>(binding.fact_column[f]);
        REQUIRE(detail::parse_cell(p.facts[f], p.enums, row[col], frame.slots[f], cell_error));
      }
      if (detail::evaluate_record(p, frame)) ++decided;
    }
  };
  run_all();  // warm-up: the arena and the error string reach their working size
  const std::size_t n = count_allocations(run_all);
  CHECK(decided == 1600);  // 4 of 5 variants decide, in both runs
  if (kCounting) CHECK(n == 0);
}

TEST_CASE("allocation: the CSV path's allocations do not grow with the number of rows", "[allocation]") {
  const Compiled c = compile_policy("coburg", test::read_file(test::source_path("policies/coburg-land-2017.kadenz")));
  REQUIRE(c.ok());
  auto run = [&](const std::string& csv) {
    return count_allocations([&] {
      detail::CsvReader reader{std::string_view(csv)};
      std::vector<std::string> header;
      std::string error;
      REQUIRE(reader.read_header(header, error));
      detail::ColumnBinding binding;
      REQUIRE(detail::bind_columns(*kadenz::detail::program_of(c), header, binding, error));
      std::FILE* out = std::tmpfile();
      detail::CaseloadSummary summary;
      REQUIRE(detail::evaluate_caseload(*kadenz::detail::program_of(c), reader, binding, *detail::parse_date("2017-03-01"),
                                        detail::OutputFormat::csv, out, summary, error));
      std::fclose(out);
    });
  };
  const std::string small = caseload(2000), large = caseload(20000);
  const std::size_t a = run(small), b = run(large);
  INFO("allocations for 2,000 rows: " << a << ", for 20,000 rows: " << b);
  // Error rows format their message (one allocation each when it outgrows the reserved
  // string); everything else is per run, not per row.
  if (kCounting) CHECK(b <= a + 10);
}

TEST_CASE("allocation: the host API's Evaluator allocates nothing per record after warm-up", "[allocation]") {
  const Compiled c = compile_policy("coburg", test::read_file(test::source_path("policies/coburg-land-2017.kadenz")));
  REQUIRE(c.ok());
  const Policy policy = c.policy();
  const std::string csv = caseload(500);
  detail::CsvReader reader{std::string_view(csv)};
  std::vector<std::string> header;
  std::string error;
  REQUIRE(reader.read_header(header, error));
  std::vector<std::size_t> fact;
  for (const auto& h : header) fact.push_back(policy.find_fact(h));
  std::vector<std::vector<std::string>> rows;
  detail::CsvReader::Record rec;
  while (reader.next(rec)) rows.emplace_back(rec.fields.begin(), rec.fields.end());
  Evaluator ev(policy);
  std::size_t decided = 0;
  auto run_all = [&] {
    for (const auto& row : rows) {
      ev.reset();
      for (std::size_t i = 0; i < row.size(); ++i) ev.set(fact[i], row[i]);
      if (ev.evaluate(Date{2017, 3, 1}).decided) ++decided;
    }
  };
  run_all();
  decided = 0;
  const std::size_t n = count_allocations(run_all);
  CHECK(decided == 400);
  if (kCounting) CHECK(n == 0);
}
