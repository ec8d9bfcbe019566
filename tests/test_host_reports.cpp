// kadenz/caseload.hpp, the caseload calls of the public API: they give what `kadenz eval`,
// `kadenz workload` and `kadenz whatif` print (the command is built on them), a text input the
// same as a file input, errors (an unreadable file, a header that does not fit) as data, and
// every row of evaluate_caseload in input order, on any number of threads.
#include "run_cli.hpp"
#include "support.hpp"

#include <kadenz/caseload.hpp>

#include <catch2/catch.hpp>

#include <regex>
#include <string>
#include <vector>

using namespace kadenz;
using namespace kadenz::test;

namespace {

const char* kHeader =
    "id,birth_date,status,profile,bfm,massnahme,arbeitsunfaehig,foerderung,para10,german_ok,last_contact,"
    "profiling_date,extension_months,extension_reason,closer_months\n";

// Five customers of tests/test_report.cpp: three categories, a first interview, a broken date,
// and (for the variant of kMarktnahMonthly) moves and an error only the variant has.
const std::string kCaseload = std::string(kHeader) +
    "A1,1980-01-01,arbeitslos,marktnah,false,false,false,keine,false,true,2017-02-10,,,,\n"
    "A2,1980-01-01,arbeitslos,marktfern,false,false,false,keine,false,true,2017-01-15,,,,\n"
    "A3,2000-01-01,arbeitslos,marktnah,false,false,false,keine,false,true,,,,,\n"
    "A5,1980-01-01,arbeitslos,marktnah,false,false,false,keine,false,true,2017-02-20,,,,2\n"
    "A6,1980-13-01,arbeitslos,marktnah,false,false,false,keine,false,true,2017-02-20,,,,\n";

Policy compiled(const std::string& path, std::optional<Lang> lang = {}) {
  CompileOptions options;
  options.lang = lang;
  const Compiled c = compile_policy_file(path, options);
  REQUIRE(c.ok());
  return c.policy();
}

CaseloadOptions as_of_2017_03_01(unsigned jobs = 1) {
  CaseloadOptions o;
  o.as_of = Date{2017, 3, 1};
  o.jobs = jobs;
  return o;
}

// The rows of evaluate_caseload, collected.
struct Rows {
  std::string text;
  CaseloadResult result;
};
Rows eval_rows(const Policy& policy, const CaseloadInput& input, RowFormat format = RowFormat::csv,
               const CaseloadOptions& options = as_of_2017_03_01()) {
  Rows r;
  r.result = evaluate_caseload(policy, input, format,
                               [&](std::string_view chunk) {
                                 r.text += chunk;
                                 return true;
                               },
                               options);
  return r;
}

}  // namespace

TEST_CASE("host: workload gives the report kadenz workload prints, in text and JSON", "[host]") {
  WhatifFiles f;
  const std::string caseload = f.dir.write("caseload.csv", kCaseload);
  const Policy policy = compiled(f.base);
  ReportOptions report;
  report.policy.file = f.base;
  const WorkloadResult r = workload(policy, CaseloadInput::file(caseload), as_of_2017_03_01(), report);
  REQUIRE(r.ok);
  CHECK(r.error.empty());
  CHECK(r.summary.rows == 5);
  CHECK(r.summary.errors == 1);
  CHECK(r.summary.decided == 4);
  REQUIRE(r.summary.error_kinds.size() == 1);
  CHECK(r.summary.error_kinds[0].rows == 1);
  CHECK(contains(r.error_kinds_text, r.summary.error_kinds[0].reason));

  const Result text = run_kadenz(f.dir, "workload " + sh(f.base) + " " + sh(caseload) + " --as-of 2017-03-01");
  CHECK(text.code == 1);  // a row with an error
  CHECK(r.text == text.out);
  CHECK(contains(text.err, r.error_kinds_text));
  const Result json =
      run_kadenz(f.dir, "workload " + sh(f.base) + " " + sh(caseload) + " --as-of 2017-03-01 --format json");
  CHECK(r.json == json.out);
  const Result html =
      run_kadenz(f.dir, "workload " + sh(f.base) + " " + sh(caseload) + " --as-of 2017-03-01 --format html");
  CHECK(r.html == html.out);
  CHECK(!r.html.empty());

  SECTION("only the renderings asked for are made") {
    report.html = false;
    report.json = false;
    const WorkloadResult t = workload(policy, CaseloadInput::file(caseload), as_of_2017_03_01(), report);
    REQUIRE(t.ok);
    CHECK(t.text == r.text);
    CHECK(t.json.empty());
    CHECK(t.html.empty());
  }
}

// The report with its run's time (text: `Lauf 2026-12-02T19:14:00+00:00`, JSON: generated_at)
// replaced by a mark, for comparing two runs.
static std::string without_run_time(std::string s) {
  static const std::regex time(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d)");
  return std::regex_replace(s, time, "TIME");
}

TEST_CASE("host: whatif gives the comparison and the changes kadenz whatif writes", "[host]") {
  WhatifFiles f;
  const std::string caseload = f.dir.write("caseload.csv", kCaseload);
  const Policy base = compiled(f.base);
  // in the base's message language, as `kadenz whatif` compiles it (the variant's reasons for
  // not deciding a record are reported beside the base's)
  const Policy variant = compiled(f.variant, Lang::de);
  ReportOptions report;
  report.policy.file = f.base;
  report.variant.file = f.variant;
  const WhatIfResult r = whatif(base, variant, CaseloadInput::file(caseload), as_of_2017_03_01(), true, report);
  REQUIRE(r.ok);
  CHECK(r.rows == 5);
  CHECK(r.moved >= 1);
  CHECK(r.changed >= r.moved);
  CHECK(r.variant_errors == r.base_errors + 1);  // A5's closer_months only fails the variant

  const std::string changes = f.dir.path("changes.csv");
  const std::string args = "whatif " + sh(f.base) + " " + sh(f.variant) + " " + sh(caseload) + " --as-of 2017-03-01";
  const Result text = run_kadenz(f.dir, args + " --changes " + sh(changes));
  // the run's time is part of the report: the two runs may fall in different minutes
  CHECK(without_run_time(r.text) == without_run_time(text.out));
  CHECK(r.changes_csv == read_file(changes));
  // one line per changed record, after the header
  CHECK(static_cast<std::size_t>(std::count(r.changes_csv.begin(), r.changes_csv.end(), '\n')) == r.changed + 1);
  const Result json = run_kadenz(f.dir, args + " --format json");
  CHECK(without_run_time(r.json) == without_run_time(json.out));

  SECTION("without changes, no changes text") {
    const WhatIfResult n = whatif(base, variant, CaseloadInput::file(caseload), as_of_2017_03_01(), false, report);
    REQUIRE(n.ok);
    CHECK(n.changes_csv.empty());
    CHECK(without_run_time(n.text) == without_run_time(r.text));
  }

  SECTION("the changes handed to a function, block by block, are the same bytes; none is kept") {
    std::string streamed;
    std::size_t calls = 0;
    const WhatIfResult st = whatif_streaming(base, variant, CaseloadInput::file(caseload), as_of_2017_03_01(),
                                             [&](std::string_view block) {
                                               ++calls;
                                               streamed += block;
                                               return true;
                                             },
                                             report);
    REQUIRE(st.ok);
    CHECK(calls >= 1);
    CHECK(streamed == r.changes_csv);
    CHECK(st.changes_csv.empty());
    CHECK(without_run_time(st.text) == without_run_time(r.text));
  }

  SECTION("a function that refuses the changes stops the run with an error") {
    const WhatIfResult stop = whatif_streaming(base, variant, CaseloadInput::file(caseload), as_of_2017_03_01(),
                                               [](std::string_view) { return false; }, report);
    CHECK_FALSE(stop.ok);
    CHECK((stop.error.find("stopped") != std::string::npos || stop.error.find("angehalten") != std::string::npos));
    CHECK(stop.text.empty());
  }
}

TEST_CASE("host: evaluate_caseload writes the rows kadenz eval writes, CSV and JSON Lines", "[host]") {
  WhatifFiles f;
  const std::string caseload = f.dir.write("caseload.csv", kCaseload);
  const Policy policy = compiled(f.base);
  for (const auto& [format, name] : {std::pair{RowFormat::csv, "csv"}, std::pair{RowFormat::jsonl, "jsonl"}}) {
    const Rows rows = eval_rows(policy, CaseloadInput::file(caseload), format);
    REQUIRE(rows.result.ok);
    const Result cli = run_kadenz(f.dir, "eval " + sh(f.base) + " " + sh(caseload) + " --as-of 2017-03-01 --format " + name);
    CHECK(cli.code == 1);
    CHECK(rows.text == cli.out);
    CHECK(contains(cli.err, rows.result.error_kinds_text));
  }
}

TEST_CASE("host: a text input gives what the same file gives", "[host]") {
  WhatifFiles f;
  const std::string caseload = f.dir.write("caseload.csv", kCaseload);
  const Policy policy = compiled(f.base);
  const Rows from_file = eval_rows(policy, CaseloadInput::file(caseload));
  const Rows from_text = eval_rows(policy, CaseloadInput::text(kCaseload, caseload));
  REQUIRE(from_file.result.ok);
  REQUIRE(from_text.result.ok);
  CHECK(from_text.text == from_file.text);
  CHECK(from_text.result.summary.rows == from_file.result.summary.rows);
  CHECK(from_text.result.summary.errors == from_file.result.summary.errors);
  CHECK(from_text.result.error_kinds_text == from_file.result.error_kinds_text);

  ReportOptions report;
  report.policy.file = f.base;
  const WorkloadResult w_file = workload(policy, CaseloadInput::file(caseload), as_of_2017_03_01(), report);
  const WorkloadResult w_text = workload(policy, CaseloadInput::text(kCaseload, caseload), as_of_2017_03_01(), report);
  REQUIRE(w_file.ok);
  REQUIRE(w_text.ok);
  CHECK(w_text.json == w_file.json);
  CHECK(w_text.text == w_file.text);
}

TEST_CASE("host: an unreadable file or a header that does not fit is an error, not a crash", "[host]") {
  WhatifFiles f;
  const Policy policy = compiled(f.base);
  const std::string missing = f.dir.path("no-such-caseload.csv");

  const Rows unreadable = eval_rows(compiled(f.base, Lang::en), CaseloadInput::file(missing));
  CHECK_FALSE(unreadable.result.ok);
  CHECK(contains(unreadable.result.error, "cannot read"));
  CHECK(contains(unreadable.result.error, missing));
  CHECK(unreadable.text.empty());
  CHECK_FALSE(workload(policy, CaseloadInput::file(missing), as_of_2017_03_01()).ok);
  CHECK_FALSE(whatif(policy, policy, CaseloadInput::file(missing), as_of_2017_03_01()).ok);

  // the policy's columns are missing: the binding refuses the header, no row is written
  const Rows bad_header = eval_rows(policy, CaseloadInput::text("name,town\nx,y\n", "bad.csv"));
  CHECK_FALSE(bad_header.result.ok);
  CHECK(contains(bad_header.result.error, "bad.csv: "));
  CHECK(bad_header.text.empty());
  const WorkloadResult w = workload(policy, CaseloadInput::text("name,town\nx,y\n", "bad.csv"), as_of_2017_03_01());
  CHECK_FALSE(w.ok);
  CHECK(w.error == bad_header.result.error);

  const Rows empty = eval_rows(policy, CaseloadInput::text("", "empty.csv"));
  CHECK_FALSE(empty.result.ok);
  CHECK_FALSE(empty.result.error.empty());

  // in the policy's message language
  const Policy german = compiled(f.base, Lang::de);
  const Rows de = eval_rows(german, CaseloadInput::file(missing));
  CHECK_FALSE(de.result.ok);
  CHECK(contains(de.result.error, "kann nicht gelesen werden"));

  // neither an invalid policy nor an impossible date is run
  CHECK_FALSE(eval_rows(Policy{}, CaseloadInput::text(kCaseload)).result.ok);
  CaseloadOptions bad_day = as_of_2017_03_01();
  bad_day.as_of = Date{2017, 2, 30};
  const Rows bad_date = eval_rows(policy, CaseloadInput::text(kCaseload), RowFormat::csv, bad_day);
  CHECK_FALSE(bad_date.result.ok);
  CHECK(bad_date.text.empty());
}

TEST_CASE("host: evaluate_caseload hands every row over in input order, on one thread or several", "[host]") {
  WhatifFiles f;
  const Policy policy = compiled(f.base);
  // 20,000 records (more than a block of output), every 7th with a broken birth date
  std::string csv = kHeader;
  const std::size_t n = 20000;
  for (std::size_t i = 0; i < n; ++i) {
    csv += 'R';
    csv += std::to_string(i);
    csv += i % 7 == 3 ? ",1980-13-01" : ",1980-01-01";
    csv += ",arbeitslos,marktnah,false,false,false,keine,false,true,2017-02-10,,,,\n";
  }
  std::string one_thread;
  for (const unsigned jobs : {1u, 4u}) {
    std::size_t calls = 0;
    std::string text;
    const CaseloadResult r = evaluate_caseload(policy, CaseloadInput::text(csv), RowFormat::csv,
                                               [&](std::string_view chunk) {
                                                 ++calls;
                                                 text += chunk;
                                                 return true;
                                               },
                                               as_of_2017_03_01(jobs));
    REQUIRE(r.ok);
    CHECK(r.summary.rows == n);
    CHECK(r.summary.errors == (n + 3) / 7);
    CHECK(r.summary.decided + r.summary.errors == n);
    CHECK(calls >= 1);
    const auto table = parse_csv(text);
    REQUIRE(table.size() == n + 1);
    for (std::size_t i = 0; i < n; ++i) {
      INFO("row " << i);
      const std::string id = std::string(1, 'R').append(std::to_string(i));
      REQUIRE(table[i + 1][0] == id);
    }
    if (jobs == 1) one_thread = text;
    CHECK(text == one_thread);
  }

  SECTION("the callback stops the run") {
    std::size_t calls = 0;
    const CaseloadResult r = evaluate_caseload(policy, CaseloadInput::text(csv), RowFormat::csv,
                                               [&](std::string_view) { return ++calls > 1 ? false : true; },
                                               as_of_2017_03_01());
    CHECK_FALSE(r.ok);
    CHECK(calls == 2);
    CHECK_FALSE(r.error.empty());
  }
}

TEST_CASE("host: repeated ids are a warning for rows and refuse a report", "[host]") {
  WhatifFiles f;
  const Policy policy = compiled(f.base);
  const std::string csv = kCaseload + "A1,1980-01-01,arbeitslos,marktnah,false,false,false,keine,false,true,2017-02-10,,,,\n";
  const Rows rows = eval_rows(policy, CaseloadInput::text(csv, "twice.csv"));
  REQUIRE(rows.result.ok);
  CHECK(rows.result.summary.repeated == 1);
  CHECK_FALSE(rows.result.summary.repeated_unconfirmed);
  REQUIRE_FALSE(rows.result.warnings.empty());
  CHECK(contains(rows.result.warnings.front(), "A1"));

  const WorkloadResult w = workload(policy, CaseloadInput::text(csv, "twice.csv"), as_of_2017_03_01());
  CHECK_FALSE(w.ok);
  CHECK(contains(w.error, "twice.csv"));
  CHECK(contains(w.error, "A1"));

  CaseloadOptions unchecked = as_of_2017_03_01();
  unchecked.check_repeated_ids = false;
  CHECK(workload(policy, CaseloadInput::text(csv, "twice.csv"), unchecked).ok);
  const Rows quiet = eval_rows(policy, CaseloadInput::text(csv, "twice.csv"), RowFormat::csv, unchecked);
  REQUIRE(quiet.result.ok);
  CHECK(quiet.result.warnings.empty());
  CHECK(quiet.result.summary.repeated == 0);
}

// Anchored outside the API (the command is built on it, so comparing the two alone would not catch
// a fault they share): the reviewed golden files of the example caseload.
TEST_CASE("host: evaluate_caseload of the example caseload is the reviewed golden output", "[host][golden]") {
  const Policy policy = compiled(source_path("policies/coburg-land-2017.kadenz"));
  for (const RowFormat format : {RowFormat::csv, RowFormat::jsonl}) {
    std::string rows;
    const CaseloadResult r = evaluate_caseload(
        policy, CaseloadInput::file(source_path("examples/caseload.csv")), format,
        [&rows](std::string_view text) {
          rows += text;
          return true;
        },
        as_of_2017_03_01());
    REQUIRE(r.ok);
    CHECK(r.summary.rows == 137);
    CHECK(r.summary.decided == 112);
    CHECK(r.summary.errors == 25);
    check_golden(source_path(format == RowFormat::csv ? "tests/golden/caseload.out.csv" : "tests/golden/caseload.out.jsonl"),
                 rows);
  }
}
