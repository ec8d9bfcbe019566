// Several what-if variants side by side (kadenz::whatif_many, `kadenz whatif BASE V1 V2 …
// CASELOAD`, `--sweep`): a small caseload worked out by hand (the seven customers of
// test_report.cpp), the JSON schema of docs/whatif.md, the German page, the command's errors.
#include "run_cli.hpp"
#include "support.hpp"

#include <kadenz/caseload.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>

using namespace kadenz;
using namespace kadenz::test;
using nlohmann::json;

namespace {

const char* kHeader =
    "id,birth_date,status,profile,bfm,massnahme,arbeitsunfaehig,foerderung,para10,german_ok,last_contact,"
    "profiling_date,extension_months,extension_reason,closer_months\n";

// as_of 2017-03-01; base intervals (test_report.cpp works them out):
//  A1 2MM, A2 3MM, A3 1MM (first interview), A4 6MM (arbeitsuchend), A5 2MM (closer_months 2),
//  A6 error (broken birth date), A7 2MM.
// Variant "marktnah monthly": A1, A7 -> 1MM; A5 -> error (closer 2 > base 1).
// Variant "6MM -> 12MM" (examples/whatif/6mm-auf-12.kadenz): A4 -> 12MM.
const std::string kCaseload = std::string(kHeader) +
    "A1,1980-01-01,arbeitslos,marktnah,false,false,false,keine,false,true,2017-02-10,,,,\n"
    "A2,1980-01-01,arbeitslos,marktfern,false,false,false,keine,false,true,2017-01-15,,,,\n"
    "A3,2000-01-01,arbeitslos,marktnah,false,false,false,keine,false,true,,,,,\n"
    "A4,1970-06-30,arbeitsuchend,marktfern,false,false,false,keine,false,false,2016-12-01,,,,\n"
    "A5,1980-01-01,arbeitslos,marktnah,false,false,false,keine,false,true,2017-02-20,,,,2\n"
    "A6,1980-13-01,arbeitslos,marktnah,false,false,false,keine,false,true,2017-02-20,,,,\n"
    "A7,1985-07-07,arbeitslos,marktnah,false,false,false,keine,false,false,2017-01-31,,,,\n";

const char* k6To12 = R"(extends "coburg.kadenz"
policy "Variante: 6MM jährlich"
table base_interval
  replace rule arbeitsuchend §2.2.4
    when status = arbeitsuchend
    then 12 months
end
)";

Policy compiled(const std::string& path, std::vector<std::pair<std::string, std::string>> set = {}) {
  CompileOptions options;
  options.lang = Lang::de;  // the base's language, as kadenz whatif compiles variants
  options.set = std::move(set);
  const Compiled c = compile_policy_file(path, options);
  REQUIRE(c.ok());
  return c.policy();
}

CaseloadOptions as_of_2017_03_01() {
  CaseloadOptions o;
  o.as_of = Date{2017, 3, 1};
  return o;
}

WhatIfVariant variant(Policy p, const std::string& file, std::vector<std::pair<std::string, std::string>> set = {}) {
  WhatIfVariant v;
  v.policy = std::move(p);
  v.label.file = file;
  v.set = std::move(set);
  return v;
}

}  // namespace

TEST_CASE("whatif_many: two variants side by side, worked out by hand", "[whatif_many]") {
  WhatifFiles f;
  const std::string twelve = f.dir.write("twelve.kadenz", k6To12);
  const Policy base = compiled(f.base);
  ReportOptions report;
  report.policy.file = "coburg.kadenz";
  const WhatIfManyResult r =
      whatif_many(base, {variant(compiled(f.variant), "variant.kadenz"), variant(compiled(twelve), "twelve.kadenz")},
                  CaseloadInput::text(kCaseload, "caseload.csv"), as_of_2017_03_01(), report);
  INFO(r.error);
  REQUIRE(r.ok);
  REQUIRE(r.variants.size() == 2);
  // marktnah monthly: A1, A7 move to 1MM, A5 to the error state (test_report.cpp)
  CHECK(r.variants[0].rows == 7);
  CHECK(r.variants[0].moved == 3);
  CHECK(r.variants[0].changed == 3);
  CHECK(r.variants[0].base_errors == 1);
  CHECK(r.variants[0].variant_errors == 2);
  // 6MM -> 12MM: only A4 moves (6MM -> 12MM) and its outputs change
  CHECK(r.variants[1].moved == 1);
  CHECK(r.variants[1].changed == 1);
  CHECK(r.variants[1].variant_errors == 1);

  const json j = json::parse(r.json);
  CHECK(j["kind"] == "whatif_many");
  CHECK(j["base"]["file"] == "coburg.kadenz");
  CHECK(j["base"]["name"] == "Jobcenter Coburg Land: Kontaktdichte");
  CHECK(j["sweep"].is_null());
  REQUIRE(j["variants"].size() == 2);
  CHECK(j["variants"][0]["file"] == "variant.kadenz");
  CHECK(j["variants"][1]["name"] == "Variante: 6MM jährlich");
  CHECK(j["variants"][0]["summary"]["moved"] == 3);
  CHECK(j["variants"][0]["summary"]["changed"] == 3);
  CHECK(j["variants"][0]["summary"]["variant_errors"] == 2);
  CHECK(j["variants"][1]["summary"]["moved"] == 1);
  // each variant's own whatif report is embedded, with what the variant changes
  const json& embedded = j["variants"][1]["report"];
  CHECK(embedded["moved"] == 1);
  CHECK(r.text.find("variant.kadenz") != std::string::npos);
  CHECK(r.text.find("twelve.kadenz") != std::string::npos);
  CHECK(r.html.find("<svg") != std::string::npos);
  CHECK(r.html.find("data-key=\"variants.1.summary.moved\">1<") != std::string::npos);
}

// The steady state of issue 17 per variant, worked out by hand.
TEST_CASE("whatif_many: the steady state per variant, by hand", "[whatif_many]") {
  WhatifFiles f;
  const std::string twelve = f.dir.write("twelve.kadenz", k6To12);
  const WhatIfManyResult r = whatif_many(
      compiled(f.base), {variant(compiled(f.variant), "v"), variant(compiled(twelve), "t")},
      CaseloadInput::text(kCaseload, "caseload.csv"), as_of_2017_03_01());
  REQUIRE(r.ok);
  const json j = json::parse(r.json);
  // Base steady state: every counted customer at its interval, A3 (first interview) at 1MM:
  //   A1 1/2 + A2 1/3 + A3 1 + A4 1/6 + A5 1/2 + A7 1/2 = 3 interviews per month.
  // Marktnah monthly: A1 1 + A2 1/3 + A3 1 + A4 1/6 + A7 1 = 3.5 (A5 is an error): +0.5.
  // 6MM -> 12MM: A4 1/12 instead of 1/6: 3 - 1/12 = 2.91667: -0.08333 (shown -0.1).
  const json& a = j["variants"][0]["summary"];
  const json& b = j["variants"][1]["summary"];
  CHECK(a["steady_interviews_per_month"].get<double>() == Approx(3.5));
  CHECK(a["change_steady_interviews_per_month"].get<double>() == Approx(0.5));
  CHECK(b["steady_interviews_per_month"].get<double>() == Approx(3.0 - 1.0 / 12));
  CHECK(b["change_steady_interviews_per_month"].get<double>() == Approx(-1.0 / 12));
  CHECK(r.text.find("+0.5") != std::string::npos);
  CHECK(r.text.find("-0.1") != std::string::npos);
}

TEST_CASE("whatif_many: kadenz whatif with several variants and with --sweep", "[whatif_many][cli]") {
  WhatifFiles f;
  const std::string twelve = f.dir.write("twelve.kadenz", k6To12);
  const std::string caseload = f.dir.write("caseload.csv", kCaseload);
  Result r = run_kadenz(f.dir, "whatif " + sh(f.base) + " " + sh(f.variant) + " " + sh(twelve) + " " + sh(caseload) +
                                   " --as-of 2017-03-01 --format json");
  INFO(r.err);
  CHECK(r.code == 1);  // rows with errors, as whatif
  json j = json::parse(r.out);
  CHECK(j["kind"] == "whatif_many");
  CHECK(j["variants"].size() == 2);
  CHECK(j["variants"][0]["summary"]["moved"] == 3);

  // The sweep: the base with prep_minutes 10 (its own value: nothing changes) and 20; no
  // customer changes category, only the hours.
  r = run_kadenz(f.dir, "whatif " + sh(f.base) + " " + sh(caseload) +
                            " --as-of 2017-03-01 --format json --sweep prep_minutes=10,20");
  INFO(r.err);
  CHECK(r.code == 1);
  j = json::parse(r.out);
  CHECK(j["sweep"]["parameter"] == "prep_minutes");
  CHECK(j["sweep"]["values"] == json::array({"10", "20"}));
  REQUIRE(j["variants"].size() == 2);
  CHECK(j["variants"][0]["set"]["prep_minutes"] == "10");
  CHECK(j["variants"][0]["summary"]["moved"] == 0);
  CHECK(j["variants"][1]["summary"]["moved"] == 0);
  CHECK(j["variants"][1]["file"].get<std::string>().find("--set prep_minutes=20") != std::string::npos);

  r = run_kadenz(f.dir, "whatif " + sh(f.base) + " " + sh(caseload) + " --as-of 2017-03-01 --lang en --sweep prep_minutes");
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Catch::Contains("--sweep prep_minutes: write NAME=VALUE,VALUE"));
  r = run_kadenz(f.dir, "whatif " + sh(f.base) + " " + sh(caseload) + " --as-of 2017-03-01");
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Catch::Contains("give BASE VARIANT CASELOAD"));
  r = run_kadenz(f.dir, "whatif " + sh(f.base) + " " + sh(f.variant) + " " + sh(twelve) + " " + sh(caseload) +
                            " --as-of 2017-03-01 --lang en --changes " + sh(f.dir.path("c.csv")));
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Catch::Contains("--changes takes one variant"));
}

TEST_CASE("whatif_many: --by, --staff and --catch-up-months reach every variant; a workbook is written whole",
          "[whatif_many][cli]") {
  WhatifFiles f;
  const std::string twelve = f.dir.write("twelve.kadenz", k6To12);
  const std::string caseload = f.dir.write("caseload.csv", kCaseload);
  const std::string staff = f.dir.write("staff.csv", "status;vzae\narbeitslos;2,5\narbeitsuchend;1\n");
  const std::string args = "whatif " + sh(f.base) + " " + sh(f.variant) + " " + sh(twelve) + " " + sh(caseload) +
                           " --as-of 2017-03-01 --by status --staff " + sh(staff) + " --catch-up-months 5";
  Result r = run_kadenz(f.dir, args + " --format json");
  INFO(r.err);
  CHECK(r.code == 1);
  const json j = json::parse(r.out);
  REQUIRE(j["variants"].size() == 2);
  for (const auto& v : j["variants"]) {
    const json& report = v["report"];
    CHECK(report["group_columns"] == json::array({"status"}));
    CHECK(report["groups"].size() == 2);  // arbeitslos, arbeitsuchend
    CHECK(report["capacity"]["fte"] == 3.5);  // the sum of the groups' staff
    CHECK(report["workload"]["base"]["one_off"]["catch_up_months"] == 5);
  }
  // --format xlsx: a workbook (a ZIP file) at -o, never an empty file in place of the target
  const std::string book = f.dir.write("book.xlsx", "keep");
  r = run_kadenz(f.dir, args + " --format xlsx -o " + sh(book));
  INFO(r.err);
  CHECK(r.code == 1);
  CHECK(read_file(book).substr(0, 4) == std::string("PK\x03\x04", 4));
  // without -o a workbook is refused before anything is run
  r = run_kadenz(f.dir, args + " --format xlsx --lang en");
  CHECK(r.code == 2);
  CHECK(r.out.empty());
}

TEST_CASE("capacity: staff beyond any job centre, and staff files longer than the groups, are refused",
          "[whatif_many][cli][groups]") {
  WhatifFiles f;
  const std::string caseload = f.dir.write("caseload.csv", kCaseload);
  const std::string base = "workload " + sh(f.base) + " " + sh(caseload) + " --as-of 2017-03-01 --lang en";
  // 1.7e308 posts would make the figures (and the HTML chart's axis) infinite
  Result r = run_kadenz(f.dir, base + " --capacity 1.7e308 --format html -o " + sh(f.dir.path("h.html")));
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Catch::Contains("is not a number of full-time posts (0 to 1000000)"));
  CHECK_FALSE(std::filesystem::exists(f.dir.path("h.html")));
  const std::string huge = f.dir.write("huge.csv", "status;fte\narbeitslos;1e300\n");
  r = run_kadenz(f.dir, base + " --by status --staff " + sh(huge));
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Catch::Contains("is not a number of full-time posts"));
  std::string many = "status;fte\n";
  for (int i = 0; i < 1001; ++i) {  // appended piece by piece: GCC 12 warns (-Wrestrict) on "s" + to_string
    many += 's';
    many += std::to_string(i);
    many += ";1\n";
  }
  const std::string long_file = f.dir.write("long.csv", many);
  r = run_kadenz(f.dir, base + " --by status --staff " + sh(long_file));
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Catch::Contains("more than 1000 rows; give one row per group"));
}
