// `kadenz test` and the tests inside a policy (interpreter/verify/): a passing and a failing test
// (expected against actual and the trace), coverage numbers and the unreached list with
// file:line, JUnit that is well-formed, --cases, a variant running its base's tests with the
// `changes` marker, German and English, `kadenz fmt` round trips, the shipped policies at 100 %,
// a test made wrong on purpose, mistakes in tests (exit 2), and tests never changing the program.
#include "run_cli.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

using namespace kadenz;
using nlohmann::json;
using test::contains;
using test::sh;

namespace {

const std::string kPolicy = R"(policy "tested"
  valid from 2017-01-01

facts
  id:     text, key
  status: one of a, b, c
  bfm:    bool
  closer: months or empty
end

table interval: months, hit first
  rule r1 §1
    when bfm
    then 1 month
  rule r2 §2
    when status = a
    then 3 months
  rule r3 §3
    otherwise
    then 6 months
end

require closer is empty or closer >= 1 month
  else "closer: at least 1 month"
warn when status = c
  "check status"

output code = "{interval}M"
output months = if closer is empty then interval else closer
)";

const std::string kPassing = R"(
test "bfm decides"
  as of 2017-03-01
  given
    status = a
    bfm    = true
  expect
    code = 1M
    months = 1
    rule interval = r1
    no warning "check status"
end
)";

const std::string kFailing = R"(
test "wrong on purpose"
  as of 2017-03-01
  given
    status = a
    bfm    = false
  expect
    code = 6M
    rule interval = r3
end
)";

test::Result kadenz_test(const test::TempDir& dir, const std::string& args) {
  return test::run_kadenz(dir, "test " + args);
}

// True if `xml` is well-formed as far as a JUnit reader cares: one root, every tag closed in
// order, attributes quoted, no raw `<` or `&` outside markup and entities.
bool well_formed(const std::string& xml) {
  std::vector<std::string> open;
  std::size_t i = xml.rfind("?>", 100);
  if (xml.rfind("<?xml", 0) != 0 || i == std::string::npos) return false;
  i += 2;
  int roots = 0;
  while (i < xml.size()) {
    if (xml[i] == '&') {
      const std::size_t semi = xml.find(';', i);
      const std::string ent = xml.substr(i, semi - i + 1);
      if (ent != "&amp;" && ent != "&lt;" && ent != "&gt;" && ent != "&quot;" && ent != "&apos;") return false;
      i = semi + 1;
      continue;
    }
    if (xml[i] != '<') {
      if (xml[i] == '>') return false;
      ++i;
      continue;
    }
    const std::size_t close = xml.find('>', i);
    if (close == std::string::npos) return false;
    std::string tag = xml.substr(i + 1, close - i - 1);
    // quotes balanced, and no `<` inside a tag
    if (std::count(tag.begin(), tag.end(), '"') % 2 != 0 || tag.find('<') != std::string::npos) return false;
    if (tag[0] == '/') {
      if (open.empty() || open.back() != tag.substr(1)) return false;
      open.pop_back();
    } else {
      const bool empty = tag.back() == '/';
      const std::string name = tag.substr(0, tag.find_first_of(" /"));
      if (open.empty()) ++roots;
      if (!empty) open.push_back(name);
    }
    i = close + 1;
  }
  return open.empty() && roots == 1;
}

}  // namespace

TEST_CASE("kadenz test: a passing test, and a failing one with expected, actual and the trace", "[test][cli]") {
  test::TempDir dir;
  dir.write("p.kadenz", kPolicy + kPassing);
  auto r = kadenz_test(dir, sh(dir.path("p.kadenz")));
  CHECK(r.code == 0);
  CHECK(contains(r.out, "ok      bfm decides (" + dir.path("p.kadenz") + ":31)"));
  CHECK(contains(r.out, "1 tests: 1 passed, 0 failed"));

  dir.write("f.kadenz", kPolicy + kPassing + kFailing);
  r = kadenz_test(dir, sh(dir.path("f.kadenz")));
  CHECK(r.code == 1);
  CHECK(contains(r.out, "FAILED  wrong on purpose (" + dir.path("f.kadenz") + ":43)"));
  CHECK(contains(r.out, "code: expected `6M`, actual `3M`"));
  CHECK(contains(r.out, "rule interval: expected `r3`, actual `r2`"));
  // the explanation of that customer: the table with the rule that matched and why
  CHECK(contains(r.out, "explanation:"));
  CHECK(contains(r.out, "rule r2 §2: matches"));
  CHECK(contains(r.out, "`status = a` is true (status = a)"));
  CHECK(contains(r.out, "2 tests: 1 passed, 1 failed"));
  // the passing test shows no trace
  CHECK(r.out.find("explanation:") > r.out.find("FAILED"));
}

TEST_CASE("kadenz test: expected errors and warnings, and an undecided record that was not expected", "[test][cli]") {
  test::TempDir dir;
  dir.write("p.kadenz", kPolicy + R"(
test "closer too small"
  as of 2017-03-01
  given
    status = b
    bfm    = false
    closer = 0
  expect
    error "closer: at least 1 month"
end
test "warned"
  as of 2017-03-01
  given
    status = c
    bfm    = false
  expect
    warning "check status"
    rule interval = r3
end
test "decided, but the require fails"
  as of 2017-03-01
  given
    status = c
    bfm    = false
    closer = 0
  expect
    warning "check status"
end
)");
  auto r = kadenz_test(dir, sh(dir.path("p.kadenz")) + " --format json");
  CHECK(r.code == 1);
  const json j = json::parse(r.out);
  REQUIRE(j["tests"].size() == 3);
  CHECK(j["tests"][0]["passed"] == true);
  CHECK(j["tests"][1]["passed"] == true);
  CHECK(j["tests"][2]["passed"] == false);
  const auto& m = j["tests"][2]["mismatches"];
  REQUIRE(m.size() == 2);
  CHECK(m[0]["what"] == "the decision");
  CHECK(m[0]["actual"] == "not decided (closer: at least 1 month)");
  CHECK(m[1]["expected"] == "it fires");
  CHECK(j["tests"][2]["explanation"]["decided"] == false);
}

TEST_CASE("kadenz test --coverage: the numbers and what was never reached, with file:line", "[test][cli][coverage]") {
  test::TempDir dir;
  const std::string p = dir.write("p.kadenz", kPolicy + kPassing);
  auto r = kadenz_test(dir, sh(p) + " --coverage");
  CHECK(r.code == 0);
  CHECK(contains(r.out, "rules that decided: 1 of 3"));
  CHECK(contains(r.out, "`require` failing and passing: 0 of 1"));
  CHECK(contains(r.out, "`warn` firing: 0 of 1"));
  CHECK(contains(r.out, "`if` branches taken: 1 of 2"));
  CHECK(contains(r.out, p + ":15: rule r2 of table interval never decided"));
  CHECK(contains(r.out, p + ":18: rule r3 of table interval never decided"));
  CHECK(contains(r.out, p + ":23: `require` never seen failing"));
  CHECK(!contains(r.out, "never seen passing"));
  CHECK(contains(r.out, p + ":25: `warn` never seen firing"));
  CHECK(contains(r.out, p + ":29: `if`: the `else` branch never taken"));

  r = kadenz_test(dir, sh(p) + " --coverage --format json");
  const json j = json::parse(r.out);
  CHECK(j["coverage"]["rules"]["covered"] == 1);
  CHECK(j["coverage"]["rules"]["total"] == 3);
  CHECK(j["coverage"]["requires"]["total"] == 1);
  CHECK(j["coverage"]["branches"]["covered"] == 1);
  REQUIRE(j["coverage"]["unreached"].size() == 5);
  CHECK(j["coverage"]["unreached"][0]["kind"] == "rule");
  CHECK(j["coverage"]["unreached"][0]["where"] == p + ":15");
  CHECK(j["coverage"]["unreached"][4]["kind"] == "else");

  // more tests reach more: everything
  dir.write("all.kadenz", kPolicy + kPassing + R"(
test "r2" as of 2017-03-01 given status = a
  bfm = false
  closer = 2
  expect months = 2
end
test "r3, warned" as of 2017-03-01 given status = c
  bfm = false
  expect warning "check status"
end
test "closer 0" as of 2017-03-01 given status = a
  bfm = false
  closer = 0
  expect error "closer: at least 1 month"
end
)");
  r = kadenz_test(dir, sh(dir.path("all.kadenz")) + " --coverage");
  CHECK(r.code == 0);
  CHECK(contains(r.out, "rules that decided: 3 of 3"));
  CHECK(contains(r.out, "`require` failing and passing: 1 of 1"));
  CHECK(contains(r.out, "`if` branches taken: 2 of 2"));
  CHECK(contains(r.out, "everything was reached"));
}

TEST_CASE("kadenz test --format junit: well-formed, a testcase per test, the failure and the coverage", "[test][cli]") {
  test::TempDir dir;
  const std::string p = dir.write("p.kadenz", kPolicy + kPassing + kFailing + R"(
test "needs <escaping> & \"quotes\""
  as of 2017-03-01
  given
    status = b
    bfm = false
  expect
    code = 1M
end
)");
  auto r = kadenz_test(dir, sh(p) + " --format junit --coverage");
  CHECK(r.code == 1);
  CHECK(well_formed(r.out));
  CHECK(!well_formed("<?xml version=\"1.0\"?>\n<a><b></a></b>"));  // the checker can fail
  CHECK(contains(r.out, "<testsuites tests=\"3\" failures=\"2\">"));
  CHECK(contains(r.out, "name=\"needs &lt;escaping&gt; &amp; &quot;quotes&quot;\""));
  CHECK(contains(r.out, "<failure message=\"code: expected `6M`, actual `3M`\">"));
  CHECK(contains(r.out, "<property name=\"coverage.rules\" value=\"3/3\"/>"));
  CHECK(contains(r.out, "<property name=\"coverage.requires\" value=\"0/1\"/>"));
  CHECK(contains(r.out, "never seen failing"));
}

TEST_CASE("kadenz test --cases: expected-output columns checked row by row, naming row, id and column", "[test][cli]") {
  test::TempDir dir;
  const std::string p = dir.write("p.kadenz", kPolicy);
  const std::string cases = dir.write("cases.csv",
                                      "id,status,bfm,closer,expected_code,erwartet_regel,expected_warnings,expected_error\n"
                                      "A1,a,true,,1M,r1,,\n"
                                      "A2,c,false,,6M,r3,check status,\n"
                                      "A3,a,false,secret-cell,,,,\n"
                                      "A4,b,false,,1M,r1,,\n"
                                      "A5,a,false,0,,,,closer: at least 1 month\n");
  auto r = kadenz_test(dir, sh(p) + " --cases " + sh(cases) + " --as-of 2017-03-01");
  CHECK(r.code == 1);
  CHECK(contains(r.out, cases + ":5 (id A4): expected_code: expected `1M`, actual `6M`"));
  CHECK(contains(r.out, cases + ":5 (id A4): erwartet_regel: expected `r1`, actual `r3`"));
  CHECK(contains(r.out, cases + ":4 (id A3): expected_error: expected an empty cell, actual `closer:"));
  CHECK(!contains(r.out, "id A1"));
  CHECK(!contains(r.out, "id A2"));
  CHECK(!contains(r.out, "id A5"));
  CHECK(!contains(r.out, "secret-cell"));  // a cell of the row is never echoed
  CHECK(contains(r.out, "5 rows checked, 2 with differences"));

  dir.write("ok.csv", "id,status,bfm,closer,expected_code\nA1,a,true,,1M\n");
  r = kadenz_test(dir, sh(p) + " --cases " + sh(dir.path("ok.csv")) + " --as-of 2017-03-01");
  CHECK(r.code == 0);
  dir.write("none.csv", "id,status,bfm,closer\nA1,a,true,,\n");
  r = kadenz_test(dir, sh(p) + " --cases " + sh(dir.path("none.csv")) + " --as-of 2017-03-01");
  CHECK(r.code == 2);
  CHECK(contains(r.err, "no column with an expected value"));
  dir.write("bad.csv", "id,status,bfm,closer,expected_kode\nA1,a,true,,1M\n");
  r = kadenz_test(dir, sh(p) + " --cases " + sh(dir.path("bad.csv")) + " --as-of 2017-03-01");
  CHECK(r.code == 2);
  CHECK(contains(r.out + r.err, "`expected_kode` expects `kode`, which is not an output"));
}

TEST_CASE("kadenz test: a variant runs its base's tests; `changes` gives new expectations or marks a change", "[test][cli][variants]") {
  test::TempDir dir;
  dir.write("base.kadenz", kPolicy + kPassing);
  const std::string variant = R"(extends "base.kadenz"
policy "variant"
table interval
  replace rule r1 §1
    when bfm
    then 2 months
end
)";
  // the base's test runs against the variant, and the variant decides it differently
  dir.write("v.kadenz", variant);
  auto r = kadenz_test(dir, sh(dir.path("v.kadenz")));
  CHECK(r.code == 1);
  CHECK(contains(r.out, "FAILED  bfm decides (" + dir.path("base.kadenz") + ":31)"));
  CHECK(contains(r.out, "code: expected `1M`, actual `2M`"));
  // new expectations: the base's facts and as of are kept
  dir.write("v2.kadenz", variant + R"(
test "bfm decides" changes
  expect
    code = 2M
    rule interval = r1
end
)");
  r = kadenz_test(dir, sh(dir.path("v2.kadenz")));
  CHECK(r.code == 0);
  CHECK(contains(r.out, "ok      bfm decides (" + dir.path("v2.kadenz") + ":9)"));
  // the marker alone: passes because the base's expectations no longer hold
  dir.write("v3.kadenz", variant + "\ntest \"bfm decides\" changes\nend\n");
  r = kadenz_test(dir, sh(dir.path("v3.kadenz")));
  CHECK(r.code == 0);
  CHECK(contains(r.out, "decided differently than the base's test, as `changes` says"));
  // …and fails where the variant does not change the case
  dir.write("same.kadenz", "extends \"base.kadenz\"\npolicy \"same\"\ntest \"bfm decides\" changes\nend\n");
  r = kadenz_test(dir, sh(dir.path("same.kadenz")));
  CHECK(r.code == 1);
  CHECK(contains(r.out, "marked `changes`, but the variant still meets every expectation of the base's test (" +
                            dir.path("base.kadenz") + ":31)"));
  // mistakes: a marker without a base test, a second test of the base's name
  dir.write("nobase.kadenz", variant + "\ntest \"no such\" changes\n  as of 2017-03-01\nend\n");
  r = kadenz_test(dir, sh(dir.path("nobase.kadenz")));
  CHECK(r.code == 2);
  CHECK(contains(r.err, "`changes`, but no base policy has a test named \"no such\""));
  dir.write("twice.kadenz", variant + "\ntest \"bfm decides\"\n  as of 2017-03-01\nend\n");
  r = kadenz_test(dir, sh(dir.path("twice.kadenz")));
  CHECK(r.code == 2);
  CHECK(contains(r.err, "the base policy has a test named \"bfm decides\" too"));
  CHECK(contains(r.err, "twice.kadenz:9:"));
}

TEST_CASE("kadenz test: mistakes in a test are diagnostics with file:line:col and exit 2", "[test][cli]") {
  test::TempDir dir;
  const std::string p = dir.write("p.kadenz", kPolicy + R"(
test "mistakes"
  given
    statu = a
  expect
    cod = 1M
    rule intervals = r1
    rule interval = r9
end
)");
  auto r = kadenz_test(dir, sh(p));
  CHECK(r.code == 2);
  CHECK(r.out.empty());
  CHECK(contains(r.err, "has no `as of` date"));
  CHECK(contains(r.err, p + ":33:5"));
  CHECK(contains(r.err, "`statu` is not a column of the policy"));
  CHECK(contains(r.err, "`cod` is not an output of the policy"));
  CHECK(contains(r.err, "`intervals` is not a table of the policy"));
  CHECK(contains(r.err, "table `interval` has no rule `r9`"));
  // a syntax error in a test stops `check` and `eval` as any syntax error does
  dir.write("s.kadenz", kPolicy + "\ntest \"x\"\n  as of 2017-03-01\n  given\n    status =\nend\n");
  r = test::run_kadenz(dir, "check " + sh(dir.path("s.kadenz")));
  CHECK(r.code == 2);
  CHECK(contains(r.out + r.err, "expected a value after `=` on the same line"));
  // no tests at all
  r = kadenz_test(dir, sh(dir.write("none.kadenz", kPolicy)));
  CHECK(r.code == 2);
  CHECK(contains(r.err, "the policy has no tests"));
}

TEST_CASE("kadenz test: German keywords and messages, English with --lang en", "[test][cli][keywords]") {
  test::TempDir dir;
  const std::string p = dir.write("de.kadenz", R"(richtlinie "geprüft"
  gültig ab 01.01.2017

fakten
  id:  text, schlüssel
  bfm: wahrheitswert
ende

tabelle intervall: monate, treffer erste
  regel fm §1
    wenn bfm
    dann 1 Monat
  regel sonstige §2
    andernfalls
    dann 3 Monate
ende

ausgabe code = "{intervall}M"

prüfung "Fallmanagement"
  stichtag 01.03.2017
  gegeben
    bfm = ja
  erwartet
    code = 1M
    regel intervall = fm
ende

pruefung "falsch"
  stichtag 01.03.2017
  gegeben
    bfm = nein
  erwartet
    code = 1M
ende
)");
  auto r = kadenz_test(dir, sh(p) + " --coverage");
  CHECK(r.code == 1);
  CHECK(contains(r.out, "ok      Fallmanagement"));
  CHECK(contains(r.out, "FEHLER  falsch"));
  CHECK(contains(r.out, "code: erwartet `1M`, tatsächlich `3M`"));
  CHECK(contains(r.out, "Erklärung:"));
  CHECK(contains(r.out, "regel sonstige §2"));
  CHECK(contains(r.out, "2 Prüfungen: 1 bestanden, 1 fehlgeschlagen"));
  CHECK(contains(r.out, "Regeln, die entschieden haben: 2 von 2"));
  r = kadenz_test(dir, sh(p) + " --lang en");
  CHECK(contains(r.out, "code: expected `1M`, actual `3M`"));
  CHECK(contains(r.out, "2 tests: 1 passed, 1 failed"));
}

TEST_CASE("kadenz fmt: tests are laid out and translated, and the translation runs the same", "[test][cli][fmt]") {
  test::TempDir dir;
  const std::string messy = kPolicy + R"(
test   "bfm decides"   
as of 2017-03-01
      given
 status = a     # a comment stays
        bfm    = true
 expect
code = 1M
  rule interval = r1
        no warning "check status"
    end
)";
  const std::string p = dir.write("p.kadenz", messy);
  auto r = test::run_kadenz(dir, "fmt " + sh(p));
  REQUIRE(r.code == 0);
  const std::string formatted = r.out;
  CHECK(contains(formatted, "test   \"bfm decides\"\n  as of 2017-03-01\n  given\n    status = a     # a comment stays\n"
                            "    bfm    = true\n  expect\n    code = 1M\n    rule interval = r1\n"
                            "    no warning \"check status\"\nend\n"));
  // fmt(fmt(x)) == fmt(x)
  const std::string once = dir.write("once.kadenz", formatted);
  r = test::run_kadenz(dir, "fmt --check " + sh(once));
  CHECK(r.code == 0);
  // English → German → English is the formatted text again
  r = test::run_kadenz(dir, "fmt --lang de " + sh(once));
  REQUIRE(r.code == 0);
  const std::string german = r.out;
  CHECK(contains(german, "prüfung   \"bfm decides\"\n  stichtag 2017-03-01\n  gegeben\n"));
  CHECK(contains(german, "  erwartet\n    code = 1M\n    regel interval = r1\n    keine warnung \"check status\"\nende\n"));
  const std::string de = dir.write("de.kadenz", german);
  r = test::run_kadenz(dir, "fmt --lang en " + sh(de));
  CHECK(r.out == formatted);
  // and the German file's tests run as the English ones
  r = kadenz_test(dir, sh(de) + " --lang en");
  CHECK(r.code == 0);
  CHECK(contains(r.out, "1 tests: 1 passed, 0 failed"));
}

TEST_CASE("kadenz test: the shipped policies pass their tests with 100 % coverage", "[test][cli][coverage][shipped]") {
  test::TempDir dir;
  for (const std::string& path : {test::source_path("policies/coburg-land-2017.kadenz"),
                                 test::source_path("examples/musterstadt")}) {
    INFO(path);
    auto r = kadenz_test(dir, sh(path) + " --coverage --format json");
    CHECK(r.code == 0);
    const json j = json::parse(r.out);
    const std::vector<json> docs = j.contains("versions") ? j["versions"].get<std::vector<json>>() : std::vector<json>{j};
    for (const auto& d : docs) {
      CHECK(d["failed"] == 0);
      CHECK(d["passed"].get<int>() >= 10);
      for (const char* what : {"rules", "requires", "warns", "branches"}) {
        INFO(what);
        CHECK(d["coverage"][what]["covered"] == d["coverage"][what]["total"]);
      }
      CHECK(d["coverage"]["rules"]["total"] == 7);
      CHECK(d["coverage"]["unreached"].empty());
    }
  }
  // the Coburg policy's counts: 7 rules, 6 requires, 2 warnings
  auto r = kadenz_test(dir, sh(test::source_path("policies/coburg-land-2017.kadenz")) + " --coverage --lang en");
  CHECK(contains(r.out, "20 tests: 20 passed, 0 failed"));
  CHECK(contains(r.out, "`prüfe` failing and passing: 6 of 6"));
  CHECK(contains(r.out, "`warne` firing: 2 of 2"));
}

TEST_CASE("kadenz test: a shipped test made wrong on purpose fails with expected, actual and the trace", "[test][cli][shipped]") {
  test::TempDir dir;
  std::string text = test::read_file(test::source_path("policies/coburg-land-2017.kadenz"));
  const std::string right = "    appointment_minutes = 60\n    regel base_interval = marktnah\n";
  const std::size_t at = text.find(right);  // K0004: marktnah without German, 60 minutes
  REQUIRE(at != std::string::npos);
  text.replace(at, right.size(), "    appointment_minutes = 30\n    regel base_interval = marktnah\n");
  const std::string p = dir.write("coburg.kadenz", text);
  auto r = kadenz_test(dir, sh(p));
  CHECK(r.code == 1);
  CHECK(contains(r.out, "FEHLER  K0004: marktnah ohne Deutschkenntnisse (" + p + ":"));
  CHECK(contains(r.out, "appointment_minutes: erwartet `30`, tatsächlich `60`"));
  CHECK(contains(r.out, "ausgabe appointment_minutes = 60"));
  CHECK(contains(r.out, "19 bestanden, 1 fehlgeschlagen"));
}

TEST_CASE("kadenz test: test blocks change neither the compiled program nor eval's output", "[test][cli]") {
  test::TempDir dir;
  const std::string with = dir.write("with.kadenz", kPolicy + kPassing + kFailing);
  const std::string without = dir.write("without.kadenz", kPolicy);
  const std::string caseload = dir.write("c.csv", "id,status,bfm,closer\nA,a,true,\nB,c,false,2\n");
  for (const char* stage : {"program", "code"}) {
    auto a = test::run_kadenz(dir, std::string("dump --stage ") + stage + " " + sh(with));
    auto b = test::run_kadenz(dir, std::string("dump --stage ") + stage + " " + sh(without));
    CHECK(a.code == 0);
    CHECK(a.out == b.out);
  }
  auto a = test::run_kadenz(dir, "eval " + sh(with) + " " + sh(caseload) + " --as-of 2017-03-01");
  auto b = test::run_kadenz(dir, "eval " + sh(without) + " " + sh(caseload) + " --as-of 2017-03-01");
  CHECK(a.code == 0);
  CHECK(a.out == b.out);
  CHECK(contains(a.out, "A,1M,1,r1,§1,,"));
}
