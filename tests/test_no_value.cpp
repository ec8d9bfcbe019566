// A rule that gives no value (`then nothing` / `dann kein Wert`): the table's type `T or empty`
// and its guards, the hit policies with results without a value, the CSV and JSON output, the
// analysis, the workload count and `kadenz fmt`. Every expected row is worked out by hand from
// docs/language.md ("A rule that gives no value").
#include "analyze_support.hpp"
#include "interpreter/format/format.hpp"
#include "interpreter/report/report.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace kadenz;

namespace {

using test::with_header;

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

const std::string kFacts =
    "facts\n  id: text, key\n  fm: bool\n  al: bool\n  hold: bool\nend\n";

// Customers: K1 in all three groups, K2 fm only, K3 al only, K4 hold only, K5 in none.
const std::string kCsv =
    "id,fm,al,hold\n"
    "K1,true,true,true\n"
    "K2,true,false,false\n"
    "K3,false,true,false\n"
    "K4,false,false,true\n"
    "K5,false,false,false\n";

// A table under `hit` with rule `pause` (no value) between a 1-month and a 3-month rule.
std::string policy(const std::string& hit, const std::string& otherwise = "  rule rest §9 otherwise then 6 months\n") {
  return with_header(kFacts + "table interval: months, hit " + hit +
                     "\n"
                     "  rule fm §1 when fm then 1 month\n"
                     "  rule pause §2 when hold then nothing\n"
                     "  rule al §3 when al then 3 months\n" +
                     otherwise + "end\noutput months = interval\n");
}

std::string rows(const std::string& text, const std::string& csv = kCsv,
                 detail::OutputFormat format = detail::OutputFormat::csv) {
  const auto run = test::eval_text(text, csv, "2017-03-01", format);
  INFO(run.diagnostics << run.error);
  REQUIRE(run.compiled);
  REQUIRE(run.read);
  return format == detail::OutputFormat::csv ? test::rows_of(run) : run.output;  // JSON Lines: no header
}

}  // namespace

TEST_CASE("no value: under hit first the first rule that applies decides, also without a value", "[nothing]") {
  CHECK(rows(policy("first")) ==
        "K1,1,fm,§1,,\n"
        "K2,1,fm,§1,,\n"
        "K3,3,al,§3,,\n"
        "K4,,pause,§2,,\n"
        "K5,6,rest,§9,,\n");
}

TEST_CASE("no value: under shortest and longest a rule without a value loses against any value", "[nothing]") {
  // K1: fm (1) and al (3) beat pause; K4: only pause applies, so it decides (empty)
  CHECK(rows(policy("shortest")) ==
        "K1,1,fm,§1,,\n"
        "K2,1,fm,§1,,\n"
        "K3,3,al,§3,,\n"
        "K4,,pause,§2,,\n"
        "K5,6,rest,§9,,\n");
  CHECK(rows(policy("longest")) ==
        "K1,3,al,§3,,\n"
        "K2,1,fm,§1,,\n"
        "K3,3,al,§3,,\n"
        "K4,,pause,§2,,\n"
        "K5,6,rest,§9,,\n");
  // an `otherwise` without a value decides only where no rule applies
  CHECK(rows(policy("shortest", "  rule rest §9 otherwise then nothing\n")) ==
        "K1,1,fm,§1,,\n"
        "K2,1,fm,§1,,\n"
        "K3,3,al,§3,,\n"
        "K4,,pause,§2,,\n"
        "K5,,rest,§9,,\n");
  // computed results (every rule tried, pick by pick) follow the same order
  const std::string computed = with_header(
      kFacts + "parameters\n  one = 1 month\nend\ntable interval: months, hit shortest\n"
               "  rule pause §2 when hold then nothing\n"
               "  rule fm §1 when fm then one\n"
               "  rule al §3 when al then one * 3\n"
               "  rule rest §9 otherwise then one * 6\nend\noutput months = interval\n");
  CHECK(rows(computed) ==
        "K1,1,fm,§1,,\n"
        "K2,1,fm,§1,,\n"
        "K3,3,al,§3,,\n"
        "K4,,pause,§2,,\n"
        "K5,6,rest,§9,,\n");
}

TEST_CASE("no value: under hit unique a rule without a value is a result like any other", "[nothing]") {
  const std::string out = rows(policy("unique"));
  CHECK(contains(out, "K1,,,,,\"rules `fm` (§1) and `pause` (§2) of table `interval` both apply"));
  CHECK(contains(out, "K4,,pause,§2,,\n"));
  CHECK(contains(out, "K5,6,rest,§9,,\n"));
}

TEST_CASE("no value: an empty output is an empty CSV cell and a JSON null", "[nothing]") {
  const std::string json = rows(policy("first"), kCsv, detail::OutputFormat::jsonl);
  CHECK(contains(json, "{\"id\":\"K4\",\"months\":null,\"rule\":\"pause\",\"source\":\"§2\""));
  CHECK(contains(json, "{\"id\":\"K3\",\"months\":3,\"rule\":\"al\""));
  // a text table: an empty cell, not an empty quoted text
  const std::string text = with_header(kFacts + "table label: text, hit first\n  rule pause §2 when hold then nothing\n"
                                                "  rule rest §9 otherwise then \"x\"\nend\noutput l = label\n");
  CHECK(rows(text, "id,fm,al,hold\nK1,false,false,true\n") == "K1,,pause,§2,,\n");
  const std::string two = "id,fm,al,hold\nK1,false,false,true\nK2,false,false,false\n";
  CHECK(contains(rows(text, two, detail::OutputFormat::jsonl), "{\"id\":\"K1\",\"l\":null,"));
  CHECK(contains(rows(text, two, detail::OutputFormat::jsonl), "{\"id\":\"K2\",\"l\":\"x\","));
}

TEST_CASE("no value: the table is `T or empty`, and every use needs a guard", "[nothing]") {
  const std::string unguarded = test::diagnostics_of(policy("first") + "output code = \"{interval}MM\"\n");
  CHECK(contains(unguarded, "error[unguarded-empty]: `interval` may be empty here"));
  CHECK(contains(unguarded, "declared `months or empty`"));
  CHECK(contains(test::diagnostics_of(policy("first") + "let later = as_of + interval\n"), "error[unguarded-empty]"));
  // the guards of optional facts: `is empty`, `is not empty and`, `if … then … else`
  const std::string guarded = policy("first") +
                              "output code = if interval is empty then \"none\" else \"{interval}MM\"\n"
                              "output soon = interval is not empty and interval < 2 months\n";
  CHECK(rows(guarded) ==
        "K1,1,1MM,true,fm,§1,,\n"
        "K2,1,1MM,true,fm,§1,,\n"
        "K3,3,3MM,false,al,§3,,\n"
        "K4,,none,false,pause,§2,,\n"
        "K5,6,6MM,false,rest,§9,,\n");
  // a table whose every rule has a value is never empty: `is empty` on it is refused
  const std::string never = with_header(kFacts + "table t: months, hit first\n  rule r §1 otherwise then 1 month\nend\n"
                                                 "output x = t is empty\n");
  CHECK(contains(test::diagnostics_of(never), "error[not-optional]"));
  // the declared type still cannot be `or empty`: the rule says it
  CHECK(contains(test::diagnostics_of(with_header(kFacts + "table t: months or empty, hit first\n"
                                                           "  rule r §1 otherwise then nothing\nend\noutput x = t\n")),
                 "error[optional-outcome]"));
  // only a table may be given bare as an output: an empty fact still needs its guard
  CHECK(contains(test::diagnostics_of(with_header("facts\n  id: text, key\n  m: months or empty\nend\noutput x = m\n")),
                 "error[unguarded-empty]"));
}

TEST_CASE("no value: German `dann kein Wert` and English `then nothing`; `nothing` is reserved", "[nothing]") {
  const std::string german =
      "richtlinie \"t\"\n  gültig ab 01.01.2017\n\nfakten\n  id: text, schlüssel\n  hold: wahrheitswert\nende\n\n"
      "tabelle intervall: monate, treffer kürzeste\n  regel pause §2\n    wenn hold\n    dann kein\tWert\n"
      "  regel rest §9\n    andernfalls\n    dann 6 Monate\nende\n\nausgabe monate = intervall\n";
  CHECK(rows(german, "id,hold\nK1,ja\nK2,nein\n") == "K1,,pause,§2,,\nK2,6,rest,§9,,\n");
  // `kein` alone is no keyword, and `Wert` must follow on the same line
  CHECK(contains(test::diagnostics_of(german.substr(0, german.find("kein")) + "kein\n" + german.substr(german.find("Wert"))),
                 "error"));
  CHECK(contains(test::diagnostics_of(with_header("facts\n  id: text, key\n  nothing: bool\nend\n")), "error"));
}

TEST_CASE("no value: fmt writes `kein Wert` and `nothing` back, and round-trips", "[nothing][format]") {
  const std::string german =
      "richtlinie \"t\"\n  gültig ab 01.01.2017\n\nfakten\n  id: text, schlüssel\n  hold: wahrheitswert\nende\n\n"
      "tabelle intervall: monate, treffer kürzeste\n  regel pause §2\n    wenn hold\n    dann kein   Wert  # Pause\n"
      "  regel rest §9\n    andernfalls\n    dann 6 Monate\nende\n\nausgabe monate = intervall\n";
  const auto same = detail::format_policy(german, "t", std::nullopt);
  REQUIRE(same.ok);
  CHECK(contains(same.text, "    dann kein Wert  # Pause\n"));
  const auto english = detail::format_policy(same.text, "t", Lang::en);
  REQUIRE(english.ok);
  CHECK(contains(english.text, "    then nothing  # Pause\n"));
  const auto back = detail::format_policy(english.text, "t", Lang::de);
  REQUIRE(back.ok);
  CHECK(back.text == same.text);
}

TEST_CASE("no value: the analysis finds gaps, overlaps and rules that never decide", "[nothing][analyze]") {
  // shortest: `pause` is beaten wherever `fm` applies, and fm covers it
  const auto beaten = test::analyze("t", with_header(kFacts + "table t: months, hit shortest\n"
                                                              "  rule fm §1 when fm then 1 month\n"
                                                              "  rule pause §2 when fm and hold then nothing\n"
                                                              "  rule rest §9 otherwise then 6 months\nend\n"
                                                              "output x = t\n"));
  const auto unreachable = test::of(beaten, "unreachable");
  REQUIRE(unreachable.size() == 1);
  CHECK(contains(unreachable[0]->message, "`pause`"));
  // the other way round, the rule without a value never beats one with a value: nothing unreachable
  const auto reachable = test::analyze("t", with_header(kFacts + "table t: months, hit shortest\n"
                                                                 "  rule pause §2 when hold then nothing\n"
                                                                 "  rule fm §1 when fm and hold then 1 month\n"
                                                                 "  rule rest §9 otherwise then 6 months\nend\n"
                                                                 "output x = t\n"));
  CHECK(test::of(reachable, "unreachable").empty());
  // a gap (no otherwise) and an overlap (unique) are found as for any table
  const auto gap = test::analyze("t", with_header(kFacts + "table t: months, hit unique\n"
                                                           "  rule pause §2 when hold then nothing\n"
                                                           "  rule fm §1 when fm then 1 month\nend\n"
                                                           "output x = t\n"));
  CHECK(test::of(gap, "gap").size() == 1);
  CHECK(test::of(gap, "overlap").size() == 1);
  // a table that reads the empty table: `t is empty` splits the records by the rule that decided
  const auto reads = test::analyze("t", with_header(kFacts + "table t: months, hit first\n"
                                                             "  rule pause §2 when hold then nothing\n"
                                                             "  rule rest §9 otherwise then 6 months\nend\n"
                                                             "table u: int, hit unique\n"
                                                             "  rule none §3 when t is empty then 0\n"
                                                             "  rule some §4 when t is not empty and t > 3 months then 1\nend\n"
                                                             "output x = u\n"));
  CHECK(test::of(reads, "gap").empty());
  CHECK(test::of(reads, "overlap").empty());
}

TEST_CASE("no value: the workload counts an empty interval as a customer without recurring interviews",
          "[nothing][report]") {
  const std::string text = policy("first") +
                           "workload\n"
                           "  category = if interval is empty then \"none\" else \"{interval}MM\"\n"
                           "  interval = interval\n"
                           "  next_due = as_of\n"
                           "  minutes = 30 minutes\n"
                           "  first_interview = false\n"
                           "  prep_minutes = 10 minutes\n"
                           "  weekly_hours = 39 hours\n"
                           "  interview_share = 50 %\n"
                           "end\n";
  const Compiled c = compile_policy("t", text);
  INFO(render_text(*c.source, c.diagnostics));
  REQUIRE(c.ok());
  detail::CsvReader reader{std::string_view(kCsv)};
  const auto header = test::header_of(reader);
  const detail::ColumnBinding binding = test::bind_header(*kadenz::detail::program_of(c), header);
  detail::WorkloadReport r;
  std::string error;
  REQUIRE(detail::run_workload(*kadenz::detail::program_of(c), reader, binding, detail::RunOptions{*detail::parse_date("2017-03-01"), 1, nullptr},
                               r, error));
  // K1, K2 monthly (1), K3 every 3 months (1/3), K5 every 6 months (1/6), K4 none
  CHECK(r.workload.customers == 5);
  CHECK(r.workload.not_counted == 0);
  CHECK(r.workload.follow_ups_per_month == Approx(2.0 + 1.0 / 3 + 1.0 / 6));
  const detail::Workload::Category* none = nullptr;
  for (const auto& cat : r.workload.categories)
    if (cat.name == "none") none = &cat;
  REQUIRE(none != nullptr);
  CHECK(none->customers == 1);
  CHECK(none->interviews_per_month == 0);
  CHECK(none->hours_per_month == 0);
  // the forecast: 4 interviews in March (everyone due on as_of but K4), none more for K4
  CHECK(r.workload.forecast[0].interviews == 4);
}
