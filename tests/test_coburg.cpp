// The shipped Coburg Land policy: every rule, the example caseload against the hand-worked
// expectation and the golden output, and the same caseload in German office format.
#include "support.hpp"

#include <map>

using namespace kadenz;

namespace {

const std::string kPolicy = "policies/coburg-land-2017.kadenz";

std::string policy_text() { return test::read_file(test::source_path(kPolicy)); }


const std::string kHeader =
    "id,birth_date,status,profile,bfm,massnahme,arbeitsunfaehig,foerderung,para10,german_ok,last_contact,"
    "profiling_date,extension_months,extension_reason,closer_months\n";

// One customer as a caseload row with sensible defaults, overridden by `set` (column -> value).
std::string row(const std::map<std::string, std::string>& set) {
  std::map<std::string, std::string> v = {
      {"id", "K1"},           {"birth_date", "1980-05-05"}, {"status", "arbeitslos"}, {"profile", "marktnah"},
      {"bfm", "false"},       {"massnahme", "false"},       {"arbeitsunfaehig", "false"}, {"foerderung", "keine"},
      {"para10", "false"},    {"german_ok", "true"},        {"last_contact", "2017-01-15"}, {"profiling_date", ""},
      {"extension_months", ""}, {"extension_reason", ""},   {"closer_months", ""}};
  for (const auto& [k, x] : set) v[k] = x;
  std::string line;
  for (const char* c : {"id", "birth_date", "status", "profile", "bfm", "massnahme", "arbeitsunfaehig", "foerderung",
                        "para10", "german_ok", "last_contact", "profiling_date", "extension_months", "extension_reason",
                        "closer_months"}) {
    if (!line.empty()) line += ',';
    line += v[c];
  }
  return line + "\n";
}

// Evaluates one customer and returns its output fields by column name.
std::map<std::string, std::string> decide(const std::map<std::string, std::string>& set,
                                          const std::string& as_of = "2017-03-01") {
  const auto run = test::eval_text(policy_text(), kHeader + row(set), as_of);
  REQUIRE(run.compiled);
  REQUIRE(run.read);
  const auto rows = test::parse_csv(run.output);
  REQUIRE(rows.size() == 2);
  std::map<std::string, std::string> out;
  for (std::size_t i = 0; i < rows[0].size(); ++i) out[rows[0][i]] = rows[1][i];
  return out;
}

}  // namespace

TEST_CASE("coburg: the shipped policy compiles without diagnostics", "[coburg]") {
  const Compiled c = compile_policy(kPolicy, policy_text());
  CHECK(c.diagnostics.empty());
  REQUIRE(c.ok());
}

TEST_CASE("coburg: output columns are exactly the contract's", "[coburg]") {
  const auto run = test::eval_text(policy_text(), kHeader + row({}));
  CHECK(run.output.substr(0, run.output.find('\n')) ==
        "id,code,interval_months,next_due,overdue,appointment_minutes,rule,source,warnings,error");
}

TEST_CASE("coburg: every base rule decides its group (docs/reading.md table)", "[coburg]") {
  SECTION("bfm: monthly, §2.2.1, beats every other matching rule") {
    auto o = decide({{"bfm", "true"}, {"status", "arbeitsuchend"}});
    CHECK(o["code"] == "1MM");
    CHECK(o["rule"] == "bfm");
    CHECK(o["source"] == "§2.2.1");
  }
  SECTION("u25: unemployed under 25 monthly") {
    auto o = decide({{"birth_date", "1995-01-01"}});
    CHECK(o["code"] == "1MM");
    CHECK(o["rule"] == "u25");
  }
  SECTION("u25 and bfm tie at 1 month: the earlier rule (bfm) is reported") {
    auto o = decide({{"birth_date", "1995-01-01"}, {"bfm", "true"}});
    CHECK(o["rule"] == "bfm");
  }
  SECTION("marktnah Ü25: every 2 months, §2.2.2") {
    auto o = decide({});
    CHECK(o["code"] == "2MM");
    CHECK(o["rule"] == "marktnah");
    CHECK(o["source"] == "§2.2.2");
  }
  SECTION("marktfern Ü25 and the other profiles of arbeitslos customers: 3 months, §2.2.3") {
    for (const char* p : {"marktfern", "integriert_hilfebeduerftig", "zuordnung_nicht_erforderlich"}) {
      auto o = decide({{"profile", p}});
      INFO(p);
      CHECK(o["code"] == "3MM");
      CHECK(o["rule"] == "marktfern");
      CHECK(o["source"] == "§2.2.3");
    }
  }
  SECTION("arbeitsuchend in a measure: 3 months (beats arbeitsuchend's 6), §2.2.3") {
    auto o = decide({{"status", "arbeitsuchend"}, {"massnahme", "true"}});
    CHECK(o["code"] == "3MM");
    CHECK(o["rule"] == "massnahme");
  }
  SECTION("arbeitsuchend, U25 too: 6 months, §2.2.4") {
    for (const char* born : {"1980-05-05", "1998-05-05"}) {
      auto o = decide({{"status", "arbeitsuchend"}, {"birth_date", born}, {"arbeitsunfaehig", "true"},
                       {"foerderung", "EGZ"}});
      CHECK(o["code"] == "6MM");
      CHECK(o["rule"] == "arbeitsuchend");
      CHECK(o["source"] == "§2.2.4");
      CHECK(o["warnings"].empty());
    }
  }
  SECTION("ohne Status, §10 too: 6 months, §2.2.4") {
    auto o = decide({{"status", "ohne_status"}, {"para10", "true"}, {"profile", "integriert_hilfebeduerftig"}});
    CHECK(o["code"] == "6MM");
    CHECK(o["rule"] == "ohne_status");
  }
  SECTION("massnahme without arbeitsuchend status changes nothing") {
    auto o = decide({{"massnahme", "true"}});
    CHECK(o["rule"] == "marktnah");
  }
}

TEST_CASE("coburg: the U25 boundary and the 29-February birthday", "[coburg]") {
  // as_of 2017-03-01: born 1992-03-01 turns 25 that day; born 1992-02-29 too (1 March rule).
  CHECK(decide({{"birth_date", "1992-03-01"}})["rule"] == "marktnah");
  CHECK(decide({{"birth_date", "1992-03-02"}})["rule"] == "u25");
  CHECK(decide({{"birth_date", "1992-02-29"}})["rule"] == "marktnah");
  CHECK(decide({{"birth_date", "1992-02-29"}}, "2017-02-28")["rule"] == "u25");
  CHECK(decide({{"birth_date", "2017-03-01"}})["rule"] == "u25");   // born on as_of: age 0
  CHECK(decide({{"birth_date", "2017-03-02"}})["error"].find("birth_date") == 0);
}

TEST_CASE("coburg: adjustments", "[coburg]") {
  SECTION("closer interval within the base") {
    auto o = decide({{"profile", "marktfern"}, {"closer_months", "2"}});
    CHECK(o["code"] == "3MM");
    CHECK(o["interval_months"] == "2");
    CHECK(o["next_due"] == "2017-03-15");
  }
  SECTION("closer equal to the base is allowed; longer or 0 is an error") {
    CHECK(decide({{"closer_months", "2"}})["interval_months"] == "2");
    CHECK(decide({{"closer_months", "3"}})["error"].rfind("closer_months", 0) == 0);
    CHECK(decide({{"closer_months", "0"}})["error"].rfind("closer_months", 0) == 0);
    CHECK(decide({{"closer_months", "-1"}})["error"].rfind("closer_months", 0) == 0);
  }
  SECTION("extension 1..6 months with a reason") {
    auto o = decide({{"status", "arbeitsuchend"}, {"extension_months", "6"}, {"extension_reason", "Pflege"}});
    CHECK(o["code"] == "6MM");
    CHECK(o["interval_months"] == "12");
    CHECK(o["next_due"] == "2018-01-15");
    CHECK(decide({{"extension_months", "0"}})["interval_months"] == "2");
  }
  SECTION("extension errors: over 6, negative, no reason, blank reason, both set") {
    CHECK(decide({{"extension_months", "7"}, {"extension_reason", "x"}})["error"].find("max. 6 Monate") !=
          std::string::npos);
    CHECK(decide({{"extension_months", "-2"}, {"extension_reason", "x"}})["error"].rfind("extension_months", 0) == 0);
    CHECK(decide({{"extension_months", "2"}})["error"].rfind("extension_reason", 0) == 0);
    CHECK(decide({{"extension_months", "2"}, {"extension_reason", "   "}})["error"].rfind("extension_reason", 0) == 0);
    CHECK(decide({{"extension_months", "2"}, {"extension_reason", "x"}, {"closer_months", "1"}})["error"].rfind(
              "closer_months", 0) == 0);
    CHECK(decide({{"extension_months", "0"}, {"closer_months", "1"}})["interval_months"] == "1");
  }
  SECTION("an error row carries only id and error") {
    auto o = decide({{"closer_months", "0"}});
    CHECK(o["id"] == "K1");
    for (const char* c : {"code", "interval_months", "next_due", "overdue", "appointment_minutes", "rule", "source",
                          "warnings"}) {
      CHECK(o[c].empty());
    }
  }
}

TEST_CASE("coburg: next_due, overdue and appointment minutes", "[coburg]") {
  CHECK(decide({{"last_contact", "2016-12-31"}})["next_due"] == "2017-02-28");  // clamped to month end
  CHECK(decide({{"last_contact", "2015-12-31"}})["next_due"] == "2016-02-29");  // leap year
  CHECK(decide({{"last_contact", "2016-12-31"}})["overdue"] == "true");
  CHECK(decide({{"last_contact", "2017-01-01"}})["overdue"] == "false");        // due on as_of: not overdue
  auto first = decide({{"last_contact", ""}});
  CHECK(first["next_due"] == "2017-03-01");
  CHECK(first["overdue"] == "false");
  CHECK(first["appointment_minutes"] == "60");
  CHECK(decide({})["appointment_minutes"] == "30");
  CHECK(decide({{"german_ok", "false"}})["appointment_minutes"] == "60");
}

TEST_CASE("coburg: the two warnings", "[coburg]") {
  const std::string a = "Unplausibel: arbeitsunfähige oder geförderte Kunden sind arbeitsuchend, nicht arbeitslos";
  const std::string b = "Profiling überprüfen (§2.2.2)";
  CHECK(decide({{"arbeitsunfaehig", "true"}})["warnings"] == a);
  CHECK(decide({{"foerderung", "FAV"}})["warnings"] == a);
  CHECK(decide({{"profiling_date", "2016-09-01"}})["warnings"].empty());      // + 6 months = as_of
  CHECK(decide({{"profiling_date", "2016-08-31"}})["warnings"] == b);         // + 6 months = 2017-02-28
  CHECK(decide({{"profiling_date", "2016-08-31"}, {"profile", "marktfern"}})["warnings"].empty());
  CHECK(decide({{"profiling_date", "2016-01-01"}, {"birth_date", "1999-01-01"}})["warnings"] == b);  // U25 too
  CHECK(decide({{"profiling_date", "2016-01-01"}, {"foerderung", "EGZ"}})["warnings"] == a + "; " + b);
}

TEST_CASE("coburg: the example caseload matches the hand-worked expectation", "[coburg][golden]") {
  const auto run = test::eval_text(policy_text(), test::read_file(test::source_path("examples/caseload.csv")));
  REQUIRE(run.read);
  const auto got = test::parse_csv(run.output);
  const auto want = test::parse_csv(test::read_file(test::source_path("examples/caseload.expected.csv")));
  REQUIRE(got.size() == want.size());
  REQUIRE(got[0] == want[0]);
  const std::size_t error_col = got[0].size() - 1;
  for (std::size_t r = 1; r < got.size(); ++r) {
    for (std::size_t c = 0; c < got[r].size(); ++c) {
      INFO("row " << got[r][0] << " column " << got[0][c]);
      if (c == error_col) {
        // the hand-worked file names only the column the error must be about
        CHECK(got[r][c].empty() == want[r][c].empty());
        if (!want[r][c].empty()) CHECK(got[r][c].find(want[r][c]) != std::string::npos);
      } else {
        CHECK(got[r][c] == want[r][c]);
      }
    }
  }
  CHECK(run.summary.rows == 137);
  CHECK(run.summary.errors == 25);
  CHECK(run.summary.decided == 112);
}

TEST_CASE("coburg: the example caseload's full output is the reviewed golden file", "[coburg][golden]") {
  const auto csv = test::eval_text(policy_text(), test::read_file(test::source_path("examples/caseload.csv")));
  test::check_golden(test::source_path("tests/golden/caseload.out.csv"), csv.output);
  const auto jsonl = test::eval_text(policy_text(), test::read_file(test::source_path("examples/caseload.csv")),
                                     "2017-03-01", detail::OutputFormat::jsonl);
  test::check_golden(test::source_path("tests/golden/caseload.out.jsonl"), jsonl.output);
}

TEST_CASE("coburg: the same caseload as a German office export gives the same output", "[coburg]") {
  // Rewrite examples/caseload.csv as Excel "CSV UTF-8" would: BOM, `;`, CRLF, DD.MM.YYYY, ja/nein.
  const auto rows = test::parse_csv(test::read_file(test::source_path("examples/caseload.csv")));
  std::string german = "\xEF\xBB\xBF";
  for (const auto& r : rows) {
    for (std::size_t c = 0; c < r.size(); ++c) {
      std::string v = r[c];
      if (const auto d = detail::parse_date(v); d && v.size() == 10 && v[4] == '-') {
        char buf[10];
        detail::format_german(*d, buf);
        v.assign(buf, 10);
      } else if (v == "true") {
        v = "ja";
      } else if (v == "false") {
        v = "nein";
      }
      if (v.find_first_of(";\"\n") != std::string::npos) {
        std::string q = "\"";
        for (char ch : v) q += ch == '"' ? std::string("\"\"") : std::string(1, ch);
        v = q + "\"";
      }
      german += (c ? ";" : "") + v;
    }
    german += "\r\n";
  }
  const auto iso = test::eval_text(policy_text(), test::read_file(test::source_path("examples/caseload.csv")));
  const auto de = test::eval_text(policy_text(), german);
  REQUIRE(de.read);
  CHECK(de.output == iso.output);
}
