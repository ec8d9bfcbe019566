// The hints for the mistakes policy staff make (issue 13, item 5) and decimal numbers (item 6):
// each mistake a new user made gets a message that says what to write, in the policy's language.
#include "run_cli.hpp"
#include "support.hpp"

#include "interpreter/diagnostics/suggest.hpp"
#include "interpreter/report/report.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace kadenz;
using namespace kadenz::test;

namespace {

// An English policy around `facts`, `parameters` and a table body (the rules).
std::string en_policy(const std::string& facts, const std::string& params, const std::string& rules) {
  return "policy \"t\"\n  valid from 2017-01-01\n\nfacts\n  id: text, key\n" + facts + "end\n\nparameters\n" + params +
         "end\n\ntable interval: months, hit first\n" + rules + "end\n\noutput months_out = interval\n";
}

// The same in German keywords.
std::string de_policy(const std::string& facts, const std::string& params, const std::string& rules) {
  return "richtlinie \"t\"\n  gültig ab 01.01.2017\n\nfakten\n  id: text, schlüssel\n" + facts +
         "ende\n\nparameter\n" + params + "ende\n\ntabelle interval: monate, treffer erste\n" + rules + "ende\n\nausgabe months_out = interval\n";
}

// The diagnostics of compiling `text` (REQUIRE that it fails).
std::vector<Diagnostic> errors_of(const std::string& text, const CompileOptions& options = {}) {
  const Compiled c = compile_policy("test.kadenz", text, options);
  REQUIRE_FALSE(c.ok());
  return c.diagnostics;
}

// The first diagnostic with `code` (REQUIRE that there is one).
Diagnostic find_code(const std::vector<Diagnostic>& ds, const std::string& code) {
  for (const auto& d : ds)
    if (d.code == code) return d;
  INFO("no diagnostic " << code);
  REQUIRE(false);
  return {};
}

// The offset of the `n`-th (0-based) occurrence of `what` in `text`.
std::uint32_t offset_of(const std::string& text, const std::string& what, int n = 0) {
  std::size_t p = text.find(what);
  while (n-- > 0) p = text.find(what, p + 1);
  REQUIRE(p != std::string::npos);
  return static_cast<std::uint32_t>(p);
}

}  // namespace

TEST_CASE("hints: a parameter written without its unit is reported at the parameter", "[hints]") {
  SECTION("English") {
    const std::string text = en_policy("  last: date\n", "  kp_pruefung = 6\n",
                                       "  rule a §1\n    when last + kp_pruefung < as_of\n    then 1 month\n"
                                       "  rule b §2\n    when months_between(last, as_of) > kp_pruefung\n    then 2 months\n"
                                       "  rule c §3\n    otherwise\n    then 3 months\n");
    const auto ds = errors_of(text);
    const Diagnostic d = find_code(ds, "parameter-without-unit");
    CHECK(d.span.begin == offset_of(text, "6\n"));  // at the declaration, not at the use
    CHECK(contains(d.label, "write `6 months`"));
    CHECK(contains(d.message, "`kp_pruefung`"));
    REQUIRE(d.secondary.size() == 2);  // both uses, one diagnostic
    CHECK(d.secondary[0].span.begin == offset_of(text, "kp_pruefung", 1));
    CHECK(d.secondary[1].span.begin == offset_of(text, "kp_pruefung", 2));
    for (const auto& x : ds) CHECK(x.code != "type-mismatch");
  }
  SECTION("German") {
    const std::string text = de_policy("  monate_ab: monate\n", "  kp_pruefung = 6\n",
                                       "  regel a §1\n    wenn monate_ab > kp_pruefung\n    dann 1 Monat\n"
                                       "  regel b §2\n    andernfalls\n    dann 2 Monate\n");
    const Diagnostic d = find_code(errors_of(text), "parameter-without-unit");
    CHECK(d.span.begin == offset_of(text, "6\n"));
    CHECK(contains(d.label, "`6 Monate`"));
    CHECK(contains(d.message, "`monate`"));
    CHECK(contains(d.help, "Schreiben Sie"));
  }
  SECTION("the hint speaks --lang: English text, German keywords and units") {
    const std::string text = de_policy("  monate_ab: monate\n", "  kp_pruefung = 6\n",
                                       "  regel a §1\n    wenn monate_ab > kp_pruefung\n    dann 1 Monat\n"
                                       "  regel b §2\n    andernfalls\n    dann 2 Monate\n");
    CompileOptions en;
    en.lang = Lang::en;
    const Diagnostic d = find_code(errors_of(text, en), "parameter-without-unit");
    CHECK(contains(d.label, "write `6 Monate`"));
    CHECK(contains(d.help, "write the unit"));
  }
  SECTION("a number compared with a date is not a duration: no unit to suggest") {
    const std::string text = en_policy("  born: date\n", "  cutoff = 2005\n",
                                       "  rule a §1\n    when born > cutoff\n    then 1 month\n");
    const auto ds = errors_of(text);
    for (const auto& x : ds) CHECK(x.code != "parameter-without-unit");
    CHECK(find_code(ds, "type-mismatch").span.begin == offset_of(text, "born > cutoff"));
  }
  SECTION("a parameter with an expression is left to the generic message") {
    const std::string text = en_policy("  m: months\n", "  k = 2 * 3\n",
                                       "  rule a §1\n    when m > k\n    then 1 month\n");
    const auto ds = errors_of(text);
    CHECK(find_code(ds, "type-mismatch").span.begin == offset_of(text, "m > k"));
  }
}

TEST_CASE("hints: a quoted enumeration value says to remove the quotes", "[hints]") {
  const std::string facts = "  status: one of arbeitslos, arbeitsuchend\n";
  SECTION("`=` and `in {…}` in English") {
    const std::string text = en_policy(facts, "  x = 1\n",
                                       "  rule a §1\n    when status = \"arbeitslos\"\n    then 1 month\n"
                                       "  rule b §2\n    when status in {\"arbeitsuchend\", arbeitslos}\n    then 2 months\n");
    const auto ds = errors_of(text);
    REQUIRE(ds.size() == 2);
    CHECK(ds[0].code == "quoted-enum-value");
    CHECK(ds[0].span.begin == offset_of(text, "\"arbeitslos\""));
    CHECK(contains(ds[0].help, "remove the quotes"));
    CHECK(contains(ds[0].help, "`arbeitslos`"));
    CHECK(ds[1].code == "quoted-enum-value");
    CHECK(ds[1].span.begin == offset_of(text, "\"arbeitsuchend\""));
  }
  SECTION("German") {
    const std::string text = de_policy("  status: eins von arbeitslos, arbeitsuchend\n", "  x = 1\n",
                                       "  regel a §1\n    wenn status = \"arbeitslos\"\n    dann 1 Monat\n");
    const Diagnostic d = find_code(errors_of(text), "quoted-enum-value");
    CHECK(contains(d.help, "Entfernen Sie die Anführungszeichen"));
  }
}

TEST_CASE("hints: unit words are accepted in any letter case", "[hints]") {
  const std::string rules = "  rule a §1\n    when m > limit\n    then 2 MONTHS\n  rule b §2\n    otherwise\n"
                            "    then 6 Months\n";
  const std::string en = en_policy("  m: months\n", "  limit = 6 MONTHS\n  talk = 60 MINUTES\n", rules);
  CHECK(diagnostics_of(en).empty());
  const std::string de = de_policy("  m: monate\n", "  limit = 2 monate\n  talk = 60 minuten\n",
                                   "  regel a §1\n    wenn m > limit\n    dann 2 MONATE\n  regel b §2\n    andernfalls\n"
                                   "    dann 6 Monate\n");
  CHECK(diagnostics_of(de).empty());
  const auto run = eval_text(en, "id,m\n1,7\n2,1\n");
  REQUIRE(run.compiled);
  CHECK(contains(run.output, "1,2,"));  // 2 MONTHS is 2 months
  // a case variant of the other language's unit is still the other language
  const std::string mixed = de_policy("  m: monate\n", "  limit = 6 MONTHS\n",
                                      "  regel a §1\n    andernfalls\n    dann 1 Monat\n");
  CHECK(find_code(errors_of(mixed), "mixed-language").span.begin == offset_of(mixed, "MONTHS"));
}

TEST_CASE("hints: `is empty` on a fact not declared `or empty` shows its declaration", "[hints]") {
  SECTION("English") {
    const std::string text = en_policy("  born: date\n", "  x = 1\n",
                                       "  rule a §1\n    when born is empty\n    then 1 month\n");
    const Diagnostic d = find_code(errors_of(text), "not-optional");
    CHECK(contains(d.help, "add `or empty` to its declaration: `born: date or empty`"));
    REQUIRE(d.secondary.size() == 1);
    CHECK(d.secondary[0].span.begin == offset_of(text, "born: date"));
    const std::string shown = diagnostics_of(text);
    CHECK(contains(shown, "  born: date\n"));  // the declaration line is shown
    CHECK(contains(shown, "declared here without `or empty`"));
  }
  SECTION("German, an enumeration") {
    const std::string text = de_policy("  status: eins von a, b\n", "  x = 1\n",
                                       "  regel a §1\n    wenn status ist leer\n    dann 1 Monat\n");
    const Diagnostic d = find_code(errors_of(text), "not-optional");
    CHECK(contains(d.help, "`status: eins von a, b oder leer`"));
    CHECK(contains(d.help, "ergänzen Sie `oder leer`"));
  }
}

TEST_CASE("hints: a date written 2005-1-1 is not read as a subtraction", "[hints]") {
  SECTION("in an expression") {
    const std::string text = en_policy("  born: date\n", "  x = 1\n",
                                       "  rule a §1\n    when born < 2005-1-1\n    then 1 month\n");
    const Diagnostic d = find_code(errors_of(text), "date-as-subtraction");
    CHECK(d.span.begin == offset_of(text, "2005-1-1"));
    CHECK(contains(d.help, "`2005-01-01` or `01.01.2005`"));
  }
  SECTION("with blanks around `-` it is a subtraction") {
    const std::string text = en_policy("  n: int\n", "  x = 2005 - 1 - 1\n",
                                       "  rule a §1\n    when n < x\n    then 1 month\n");
    CHECK(diagnostics_of(text).empty());
  }
  SECTION("in the header, and German dates that fail") {
    const auto d1 = errors_of("policy \"t\"\n  valid from 2017-1-1\n");
    CHECK(contains(d1[0].help, "`2017-01-01` or `01.01.2017`"));
    const auto d2 = errors_of("richtlinie \"t\"\n  gültig ab 1.1.17\n");
    CHECK(contains(d2[0].help, "`2017-01-01` oder `01.01.2017`"));
    const std::string text = en_policy("  born: date\n", "  x = 1\n",
                                       "  rule a §1\n    when born < 1.1.05\n    then 1 month\n");
    CHECK(contains(find_code(errors_of(text), "syntax").help, "`2005-01-01` or `01.01.2005`"));
  }
}

TEST_CASE("hints: a missing `end` names the open block and its line", "[hints]") {
  SECTION("a table") {
    const std::string text = "policy \"t\"\n  valid from 2017-01-01\nfacts\n  id: text, key\nend\n"
                             "table base_interval: months, hit first\n  rule a §1\n    otherwise\n    then 1 month\n\n"
                             "output x = 1\n";
    const auto ds = errors_of(text);
    REQUIRE(ds[0].code == "syntax");
    CHECK(ds[0].message == "the table `base_interval` opened on line 6 has no `end`");
    CHECK(ds[0].span.begin == offset_of(text, "output"));
    REQUIRE(ds[0].secondary.size() == 1);
    CHECK(ds[0].secondary[0].span.begin == offset_of(text, "table"));
  }
  SECTION("facts, in German") {
    const std::string text = "richtlinie \"t\"\n  gültig ab 01.01.2017\nfakten\n  id: text, schlüssel\n\nparameter\n"
                             "  x = 1\nende\n";
    const auto ds = errors_of(text);
    CHECK(ds[0].message == "Der Block `fakten`, geöffnet in Zeile 3, hat kein `ende`");
  }
  SECTION("parameters at the end of the file") {
    const auto ds = errors_of("policy \"t\"\n  valid from 2017-01-01\nparameters\n  x = 1\n");
    CHECK(ds[0].message == "the `parameters` block opened on line 3 has no `end`");
  }
  SECTION("a stray word in a block keeps its own message") {
    const auto ds = errors_of("policy \"t\"\n  valid from 2017-01-01\nparameters\n  x = 1\n  y 2\nend\n");
    CHECK(contains(ds[0].message, "found `2`"));
  }
}

TEST_CASE("hints: the caret stands on the offending word, not at the end of the line before", "[hints]") {
  const std::string text = en_policy("  n: int\n", "  x = 1\n", "  rule a §1\n    when n > 1\n    2 months\n");
  const Diagnostic d = find_code(errors_of(text), "syntax");
  CHECK(contains(d.message, "expected `then`"));
  CHECK(d.span.begin == offset_of(text, "2 months"));
  REQUIRE(d.secondary.size() == 1);  // and a label after the condition, where `then` belongs
  CHECK(d.secondary[0].span.begin == offset_of(text, "1\n    2 months"));
  CHECK(d.secondary[0].text == "expected after this");
  const std::string missing_value = "policy \"t\"\n  valid from 2017-01-01\nparameters\n  x =\nend\n";
  const Diagnostic v = find_code(errors_of(missing_value), "syntax");
  CHECK(contains(v.message, "expected a value after `=`, found `end`"));
  CHECK(v.span.begin == offset_of(missing_value, "end"));
}

TEST_CASE("hints: a name that differs only in letter case is suggested first", "[hints]") {
  CHECK(detail::closest("Status", {"Statut", "status"}) == std::optional<std::string>("status"));
  const std::string text = en_policy("  status: int\n  statut: int\n", "  x = 1\n",
                                     "  rule a §1\n    when Status > 1\n    then 1 month\n");
  CHECK(find_code(errors_of(text), "unknown-name").help == "did you mean `status`?");
}

TEST_CASE("hints: a caseload given where the policy belongs: did you swap POLICY and CASELOAD?", "[hints][cli]") {
  TempDir dir;
  const std::string policy = dir.write("p.kadenz", en_policy("  n: int\n", "  x = 1\n",
                                                             "  rule a §1\n    otherwise\n    then 1 month\n"));
  const std::string csv = dir.write("caseload.csv", "id,n\n1,2\n");
  const Result r = run_kadenz(dir, "eval --as-of 2017-03-01 " + sh(csv) + " " + sh(policy));
  CHECK(r.code == 2);
  CHECK(contains(r.err, "did you swap POLICY and CASELOAD?"));
  CHECK(contains(r.err, "kadenz eval " + policy + " " + csv));
  CHECK_FALSE(contains(r.err, "syntax"));
  CHECK_FALSE(contains(r.err, "1,2"));  // no cell is echoed
  const std::string de = dir.write("d.kadenz", de_policy("  n: zahl\n", "  x = 1\n",
                                                         "  regel a §1\n    andernfalls\n    dann 1 Monat\n"));
  const Result rd = run_kadenz(dir, "workload " + sh(csv) + " " + sh(de));
  CHECK(rd.code == 2);
  CHECK(contains(rd.err, "Haben Sie Richtlinie und Bestand vertauscht?"));
  // only the policy argument is a CSV: the compile errors, then a note
  const Result rc = run_kadenz(dir, "check " + sh(csv));
  CHECK(rc.code == 2);
  CHECK(contains(rc.err, "looks like a caseload (CSV), not a policy"));
  // a real policy and caseload are not taken for swapped ones, also when the caseload is a pipe
  // (only a policy that looks like a CSV makes the caseload be looked at, and then only a file)
  CHECK(run_kadenz(dir, "eval --as-of 2017-03-01 " + sh(policy) + " " + sh(csv)).code == 0);
  const Result piped = run_kadenz(dir, "eval --as-of 2017-03-01 " + sh(policy) + " -", csv);
  CHECK(piped.code == 0);
  CHECK(contains(piped.out, "1,1,"));
}

TEST_CASE("hints: a policy with a byte order mark is accepted by check and eval, also in German", "[hints][cli]") {
  TempDir dir;
  const std::string bom = "\xEF\xBB\xBF";
  const std::string csv = dir.write("c.csv", "id,n\n1,2\n");
  const std::string en = dir.write("en.kadenz", bom + en_policy("  n: int\n", "  x = 1\n",
                                                                 "  rule a §1\n    otherwise\n    then 1 month\n"));
  const std::string de = dir.write("de.kadenz", bom + de_policy("  n: zahl\n", "  x = 1\n",
                                                                 "  regel a §1\n    andernfalls\n    dann 1 Monat\n"));
  for (const auto& p : {en, de}) {
    INFO(p);
    const Result c = run_kadenz(dir, "check " + sh(p));
    CHECK(c.code == 0);
    CHECK(c.err.find(bom) == std::string::npos);
    const Result e = run_kadenz(dir, "eval --as-of 2017-03-01 " + sh(p) + " " + sh(csv));
    CHECK(e.code == 0);
    CHECK(contains(e.out, "1,1,"));
  }
  // the German policy with a BOM speaks German
  const Result broken = run_kadenz(dir, "check " + sh(dir.write("b.kadenz", bom + "richtlinie \"t\"\n  gültig ab 01.01.2017\n"
                                                                               "parameter\n  x = 1\n")));
  CHECK(contains(broken.err, "hat kein `ende`"));
}

TEST_CASE("decimals: `38,5 Stunden` and `38.5 hours` are exact minutes; what is not exact is an error", "[hints][decimals]") {
  const std::string rules = "  rule a §1\n    when n > 0\n    then 1 month\n";
  SECTION("hours and years that come out whole") {
    const std::string text = en_policy("  n: int\n", "  w = 38.5 hours\n  y = 1.5 years\n  p = 50 %\n", rules) +
                             "output w_min = w / 1 minute\noutput y_mon = y / 1 month\n";
    const auto run = eval_text(text, "id,n\n1,1\n");
    REQUIRE(run.compiled);
    CHECK(contains(run.output, ",2310,18"));
    const std::string de = de_policy("  n: zahl\n", "  w = 38,5 Stunden\n  h = 0,25 Stunden\n",
                                     "  regel a §1\n    andernfalls\n    dann 1 Monat\n") +
                           "ausgabe w_min = w / 1 Minute\nausgabe h_min = h / 1 Minute\n";
    const auto run_de = eval_text(de, "id,n\n1,1\n");
    REQUIRE(run_de.compiled);
    CHECK(contains(run_de.output, ",2310,15"));
  }
  SECTION("months, days and percent are whole numbers") {
    const auto ds = errors_of(en_policy("  n: int\n", "  m = 1.5 months\n  d = 2.5 days\n  p = 12.5 %\n", rules));
    REQUIRE(ds.size() == 3);
    CHECK(ds[0].code == "inexact-decimal");
    CHECK(ds[0].message == "`1.5 months` is not a whole number of months");
    CHECK(contains(ds[0].help, "`2 months`"));
    CHECK(ds[1].message == "`2.5 days` is not a whole number of days");
    CHECK(ds[2].message == "`12.5 %` is not a whole number of percent");
    const auto de = errors_of(de_policy("  n: zahl\n", "  m = 1,5 Monate\n", "  regel a §1\n    andernfalls\n    dann 1 Monat\n"));
    CHECK(de[0].message == "`1,5 Monate` ist keine ganze Zahl von Monaten");
  }
  SECTION("a comma without a unit after it separates arguments") {
    const std::string text = en_policy("  n: int\n", "  x = 1\n", rules) + "output m = min(3,5)\n";
    const auto run = eval_text(text, "id,n\n1,1\n");
    REQUIRE(run.compiled);
    const std::string with_unit = en_policy("  n: int\n", "  x = 1\n", rules) + "output k = max(3,5 hours)\n";
    CHECK(find_code(errors_of(with_unit), "wrong-arguments").code == "wrong-arguments");  // one argument: 3.5 hours
    CHECK(contains(run.output, "1,1,3,a,"));  // min(3, 5)
  }
  SECTION("--set takes a bare decimal in the parameter's unit") {
    const std::string text = en_policy("  n: int\n", "  weekly_hours = 39 hours\n", rules) +
                             "output w = weekly_hours / 1 minute\n";
    CompileOptions o;
    o.set.emplace_back("weekly_hours", "38,5");
    const Compiled c = compile_policy("t.kadenz", text, o);
    REQUIRE(c.ok());
    o.set.back().second = "38.5";
    CHECK(compile_policy("t.kadenz", text, o).ok());
    o.set.back().second = "38,51";  // 2310.6 minutes
    CHECK(find_code(errors_of(text, o), "inexact-decimal").code == "inexact-decimal");
  }
}

TEST_CASE("decimals: hours and percentages are printed without floating-point noise", "[hints][decimals]") {
  CHECK(detail::exact_hours(2310, '.') == "38.5");
  CHECK(detail::exact_hours(2310, ',') == "38,5");
  CHECK(detail::exact_hours(2340, '.') == "39");
  CHECK(detail::exact_hours(20, '.') == "0.33");  // 1/3 hour
  CHECK(detail::exact_hours(40, '.') == "0.67");
  CHECK(detail::exact_hours(-90, '.') == "-1.5");
  // 0.55 * 100 is 55.00000000000001 in double: the report prints the whole percent it was given
  TempDir dir;
  const std::string policy = dir.write("coburg.kadenz", read_file(source_path("policies/coburg-land-2017.kadenz")));
  const std::string csv = source_path("examples/caseload.csv");
  const std::string args = "--as-of 2017-06-01 --set weekly_hours=38,5 --set interview_share=55 " + sh(policy) + " " + sh(csv);
  const Result text = run_kadenz(dir, "workload " + args);
  REQUIRE(text.code == 1);  // the example caseload has rows with errors, on purpose
  // the shipped policy is in German keywords: German prose with a decimal comma by default
  CHECK(contains(text.out, "(38,5 Std./Woche × 52/12 × 55% für Gespräche"));
  const Result english = run_kadenz(dir, "workload --lang en " + args);
  REQUIRE(english.code == 1);
  CHECK(contains(english.out, "(38.5 h/week × 52/12 × 55% for interviews"));
  const Result html = run_kadenz(dir, "workload --format html " + args);
  REQUIRE(html.code == 1);
  CHECK(contains(html.out, ">38,5<"));
  CHECK(contains(html.out, ">55<"));
  CHECK_FALSE(contains(html.out, "55,0"));
  const Result json = run_kadenz(dir, "workload --format json " + args);
  REQUIRE(json.code == 1);
  CHECK(contains(json.out, "\"weekly_hours\":38.5,\"interview_share\":0.55,"));
}
