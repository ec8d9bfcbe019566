// The second shipped directive, examples/musterstadt (fictional): a directory of two versions
// that counts in weeks and months and cites §6 on an adjustment. Its expected outputs on the
// two days were worked out by hand (examples/musterstadt/README.md, "Row by row"); these tests
// run the built CLI on the directory exactly as the README shows and compare field by field.
#include "run_cli.hpp"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace {

using namespace kadenz::test;

const std::string kDir = source_path("examples/musterstadt");
const std::string kCaseload = source_path("examples/musterstadt/caseload.csv");

void check_against(const std::string& got_csv, const std::string& expected_file) {
  const auto got = parse_csv(got_csv);
  const auto want = parse_csv(read_file(source_path("examples/musterstadt/" + expected_file)));
  REQUIRE(got.size() == want.size());
  REQUIRE(got[0] == want[0]);
  for (std::size_t r = 1; r < got.size(); ++r) {
    REQUIRE(got[r].size() == want[r].size());
    for (std::size_t c = 0; c < got[r].size(); ++c) {
      INFO("row " << want[r][0] << " column " << want[0][c]);
      CHECK(got[r][c] == want[r][c]);
    }
  }
}

}  // namespace

TEST_CASE("musterstadt: check is clean for both versions", "[musterstadt]") {
  TempDir dir;
  const Result r = run_kadenz(dir, "check " + sh(kDir) + " --strict");
  INFO(r.err << r.out);
  CHECK(r.code == 0);
  CHECK(contains(r.out + r.err, "musterstadt-2024.kadenz"));
  CHECK(contains(r.out + r.err, "musterstadt-2025.kadenz"));
}

TEST_CASE("musterstadt: 30.06.2024 (version 2024) gives the hand-worked output", "[musterstadt][golden]") {
  TempDir dir;
  const Result r = run_kadenz(dir, "eval " + sh(kDir) + " " + sh(kCaseload) + " --as-of 2024-06-30");
  INFO(r.err);
  CHECK(r.code == 1);  // row M19 is an error; every other row is decided
  check_against(r.out, "expected-2024-06-30.csv");
  CHECK(contains(r.err, "musterstadt-2024.kadenz"));
  CHECK_FALSE(contains(r.err, "musterstadt-2025.kadenz"));
}

TEST_CASE("musterstadt: 31.03.2025 (version 2025) gives the hand-worked output", "[musterstadt][golden]") {
  TempDir dir;
  const Result r = run_kadenz(dir, "eval " + sh(kDir) + " " + sh(kCaseload) + " --as-of 2025-03-31");
  INFO(r.err);
  CHECK(r.code == 1);
  check_against(r.out, "expected-2025-03-31.csv");
  CHECK(contains(r.err, "musterstadt-2025.kadenz"));
}

TEST_CASE("musterstadt: JSON Lines lists the sections of rule and adjustment", "[musterstadt]") {
  TempDir dir;
  const Result r = run_kadenz(dir, "eval " + sh(kDir) + " " + sh(kCaseload) + " --as-of 2024-06-30 --format jsonl");
  CHECK(r.code == 1);
  // M12: the course (§6) moved the date decided by §4.1; M10: only the rule's section.
  std::string m12, m10;
  for (std::size_t start = 0; start < r.out.size();) {
    const std::size_t nl = r.out.find('\n', start);
    const std::string line = r.out.substr(start, nl - start);
    if (contains(line, "\"M12\"")) m12 = line;
    if (contains(line, "\"M10\"")) m10 = line;
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  INFO(m12 << "\n" << m10);
  CHECK(contains(m12, "\"source\":\"§4.1; §6\""));
  CHECK(contains(m12, "\"sections\":[\"§4.1\",\"§6\"]"));
  CHECK(contains(m10, "\"sections\":[\"§4.1\"]"));
}

TEST_CASE("musterstadt: the workload counts weeks as 30.436875 / (7 n) interviews a month", "[musterstadt][workload]") {
  TempDir dir;
  const Result r =
      run_kadenz(dir, "workload " + sh(kDir) + " " + sh(kCaseload) + " --as-of 2024-06-30 --format json");
  INFO(r.err);
  REQUIRE(r.code == 1);  // as eval: row M19 is an error, counted apart
  const auto w = nlohmann::json::parse(r.out).at("workload");
  // Worked out by hand (examples/musterstadt/README.md, "Workload"): 18 decided customers, two of
  // them without a first interview yet (M10, M16); follow-ups: four 4-week customers, two 6-week,
  // two 1MM, three 2MM, three 3MM, two 6MM.
  const double month = 30.436875;
  const double follow_ups = 4 * month / 28 + 2 * month / 42 + 2.0 + 3.0 / 2 + 3.0 / 3 + 2.0 / 6;
  CHECK(w.at("customers") == 18);
  CHECK(w.at("first_interviews") == 2);
  CHECK(w.at("follow_ups_per_month").get<double>() == Approx(follow_ups).epsilon(1e-12));
  CHECK(w.at("interviews_per_month").get<double>() == Approx(follow_ups + 2).epsilon(1e-12));
  // 60 minutes per first interview; 30 + 10 minutes per follow-up
  CHECK(w.at("hours_per_month").get<double>() == Approx((2 * 60 + follow_ups * 40) / 60).epsilon(1e-12));
  bool four_weeks = false;
  for (const auto& c : w.at("categories")) {
    if (c.at("name") != "4W") continue;
    four_weeks = true;
    CHECK(c.at("customers") == 5);
    CHECK(c.at("interviews_per_month").get<double>() == Approx(4 * month / 28 + 1).epsilon(1e-12));
  }
  CHECK(four_weeks);
}

TEST_CASE("musterstadt: explain names the deciding rule's section and the cited §6 branch", "[musterstadt][explain]") {
  TempDir dir;
  const Result r = run_kadenz(dir, "explain " + sh(kDir) + " --as-of 2024-06-30 " + sh(kCaseload) + " --id M12 --format json");
  INFO(r.err << r.out);
  REQUIRE(r.code == 0);
  const auto j = nlohmann::json::parse(r.out);
  // the output naechster_termin: shaped by rule arbeitsuchend (§4.1) of table intervall, then the
  // course branch (§6) that moved the date
  std::vector<std::string> sections;
  for (const auto& step : j.at("steps")) {
    if (step.value("kind", "") != "output" || step.value("name", "") != "naechster_termin") continue;
    for (const auto& s : step.at("sections")) sections.push_back(s.at("section").get<std::string>());
  }
  CHECK(sections == std::vector<std::string>{"§4.1", "§6"});
}
