// Durations (issue 14, part A): the encoding, weeks/months/days mixed in one table, ordering,
// date arithmetic (month ends, 29 February), duration arithmetic and its row error, printing
// and short_form, caseload cells, `--set`, fact defaults, the workload's per-month counts and
// forecast for weeks and days, and the `check` note for results within a day. Expected values
// are worked out by hand in the comments.
#include "analyze_support.hpp"
#include "support.hpp"

#include "interpreter/report/report.hpp"
#include "stdlib/duration.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace kadenz;
using namespace kadenz::test;
namespace d = kadenz::detail;

namespace {

std::int64_t dur(std::int64_t count, d::DurationUnit u) { return d::encode_duration(count, u).value(); }

// A policy of one duration table (German keywords) whose rules mix weeks, months and days.
const std::string kMixed = R"(richtlinie "Dauern"
  gültig ab 01.01.2016
fakten
  id: text, schlüssel
  fm: wahrheitswert
  nah: wahrheitswert
  neu: wahrheitswert
  letzter: datum
ende
tabelle intervall: dauer, treffer kürzeste
  regel fallmanagement §3.1
    wenn fm
    dann 4 Wochen
  regel marktnah §3.2
    wenn nah
    dann 6 Wochen
  regel neuzugang §3.3
    wenn neu
    dann 14 Tage
  regel rest §2.1
    andernfalls
    dann 2 Monate
ende
ausgabe kategorie = short_form(intervall, "T", "W", "MM")
ausgabe satz = "alle {intervall}"
ausgabe naechster = letzter + intervall
ausgabe vorher = letzter - intervall
ausgabe lang = intervall > 1 Monat
)";

}  // namespace

TEST_CASE("duration: the encoding orders by nominal length, then days < weeks < months", "[duration]") {
  using U = d::DurationUnit;
  CHECK(d::kDurationPerMonth * 12 * 400 == 146097 * d::kDurationPerDay);  // 365.2425 days a year
  CHECK(dur(4, U::weeks) == 4 * 11200 * 4 + 1);
  CHECK(d::duration_count(dur(6, U::weeks)) == 6);
  CHECK(d::duration_unit(dur(6, U::weeks)) == U::weeks);
  CHECK(d::duration_count(dur(-3, U::months)) == -3);
  CHECK(d::duration_unit(dur(-3, U::months)) == U::months);
  CHECK(dur(7, U::days) < dur(1, U::weeks));  // equal length: the tag decides, and they differ
  CHECK(dur(7, U::days) != dur(1, U::weeks));
  CHECK(dur(30, U::days) < dur(1, U::months));   // 30 < 30.436875
  CHECK(dur(1, U::months) < dur(31, U::days));
  CHECK(dur(4, U::weeks) < dur(1, U::months));   // 28 days
  CHECK(dur(5, U::weeks) > dur(1, U::months));   // 35 days
  CHECK(dur(13, U::weeks) < dur(3, U::months));  // 91 days < 91.310625
  CHECK_FALSE(d::encode_duration(INT64_MAX / 1000, U::days).has_value());
}

TEST_CASE("duration: weeks, days and months in one table; the shortest wins by nominal length", "[duration]") {
  const std::string csv =
      "id,fm,nah,neu,letzter\n"
      "A,ja,ja,nein,2017-01-31\n"    // 4 weeks < 6 weeks
      "B,nein,ja,nein,2017-01-31\n"  // 6 weeks < 2 months
      "C,nein,nein,ja,2016-02-29\n"  // 14 days
      "D,nein,nein,nein,2016-12-31\n"  // 2 months (rest)
      "E,ja,ja,ja,2017-03-01\n";     // 14 days < 4 weeks
  const EvalRun run = eval_text(kMixed, csv);
  INFO(run.diagnostics << run.error);
  REQUIRE(run.read);
  const auto rows = parse_csv(run.output);
  REQUIRE(rows.size() == 6);
  // kategorie, satz, naechster, vorher, lang, rule
  CHECK(rows[1][1] == "4W");
  CHECK(rows[1][2] == "alle 4 Wochen");
  CHECK(rows[1][3] == "2017-02-28");  // 31.01 + 28 days
  CHECK(rows[1][4] == "2017-01-03");
  CHECK(rows[1][5] == "false");
  CHECK(rows[1][6] == "fallmanagement");
  CHECK(rows[2][1] == "6W");
  CHECK(rows[2][3] == "2017-03-14");  // 31.01 + 42 days
  CHECK(rows[2][5] == "true");        // 42 days > 30.44
  CHECK(rows[3][1] == "14T");
  CHECK(rows[3][2] == "alle 14 Tage");
  CHECK(rows[3][3] == "2016-03-14");  // 29.02.2016 + 14 days
  CHECK(rows[3][4] == "2016-02-15");
  CHECK(rows[4][1] == "2MM");
  CHECK(rows[4][2] == "alle 2 Monate");
  CHECK(rows[4][3] == "2017-02-28");  // 31.12.2016 + 2 calendar months, clamped to the month's end
  CHECK(rows[4][4] == "2016-10-31");
  CHECK(rows[5][1] == "14T");
  CHECK(rows[5][6] == "neuzugang");
}

TEST_CASE("duration: date + months keeps calendar months (31 January, 29 February)", "[duration]") {
  const std::string policy = with_header(
      "facts\n  id: text, key\n  d: date\nend\n"
      "table t: duration, hit first\n  rule one §1\n    otherwise\n    then 1 month\nend\n"
      "output plus = d + t\noutput minus = d - t\noutput twelve = d + 12 * t\noutput w = d + 1 week\n");
  const EvalRun run = eval_text(policy, "id,d\nA,2017-01-31\nB,2016-01-31\nC,2016-02-29\nD,2016-03-31\n");
  INFO(run.diagnostics);
  REQUIRE(run.read);
  const auto rows = parse_csv(run.output);
  REQUIRE(rows.size() == 5);
  CHECK(rows[1][1] == "2017-02-28");
  CHECK(rows[1][2] == "2016-12-31");
  CHECK(rows[2][1] == "2016-02-29");  // leap year
  CHECK(rows[3][1] == "2016-03-29");
  CHECK(rows[3][2] == "2016-01-29");
  CHECK(rows[3][3] == "2017-02-28");  // 29 February + 12 months
  CHECK(rows[3][4] == "2016-03-07");  // a week is 7 days, not a calendar step
  CHECK(rows[4][2] == "2016-02-29");  // 31 March - 1 month
}

TEST_CASE("duration: arithmetic keeps the unit; months with weeks or days is a row error", "[duration]") {
  const std::string policy = with_header(
      "facts\n  id: text, key\n  a: duration\n  b: duration\nend\n"
      "output sum = a + b\noutput diff = a - b\noutput twice = 2 * a\noutput neg = -a\n"
      "output low = min(a, b)\noutput high = max(a, 3 weeks)\noutput less = a < b\noutput same = a = b\n");
  const std::string csv =
      "id,a,b\n"
      "A,4 weeks,2 weeks\n"
      "B,1 week,3 days\n"
      "C,1 month,2 months\n"
      "D,1 month,1 week\n"
      "E,7 days,1 week\n";
  const EvalRun run = eval_text(policy, csv);
  INFO(run.diagnostics);
  REQUIRE(run.read);
  const auto rows = parse_csv(run.output);
  REQUIRE(rows.size() == 6);
  CHECK(rows[1][1] == "6 weeks");
  CHECK(rows[1][2] == "2 weeks");
  CHECK(rows[1][3] == "8 weeks");
  CHECK(rows[1][4] == "-4 weeks");
  CHECK(rows[1][5] == "2 weeks");
  CHECK(rows[1][6] == "4 weeks");
  CHECK(rows[1][7] == "false");
  CHECK(rows[2][1] == "10 days");  // days with weeks: days
  CHECK(rows[2][2] == "4 days");
  CHECK(rows[2][5] == "3 days");
  CHECK(rows[2][6] == "3 weeks");
  CHECK(rows[3][1] == "3 months");
  CHECK(rows[3][2] == "-1 month");
  CHECK(rows[3][7] == "true");
  CHECK(rows[4][1].empty());
  CHECK_THAT(rows[4].back(), Catch::Contains("months and weeks or days cannot be added exactly"));
  CHECK(rows[5][7] == "true");   // 7 days orders before 1 week
  CHECK(rows[5][8] == "false");  // and is not equal to it
  CHECK(rows[5][1] == "14 days");
}

TEST_CASE("duration: days and months values are widened where a duration is expected", "[duration]") {
  const std::string policy = with_header(
      "facts\n  id: text, key\n  start: date\n  extra: duration, default 2 weeks\nend\n"
      "let m = months_between(start, as_of)\n"
      "table t: duration, hit longest\n  rule a §1\n    when m > 0 months\n    then m\n"
      "  rule b §2\n    otherwise\n    then days_between(start, as_of)\nend\n"
      "output o = t\noutput e = extra\noutput c = extra = 14 days\n");
  const EvalRun run = eval_text(policy, "id,start,extra\nA,2016-12-15,\nB,2017-02-20,1 Monat\n");
  INFO(run.diagnostics);
  REQUIRE(run.read);
  const auto rows = parse_csv(run.output);
  REQUIRE(rows.size() == 3);
  // A: 2 months (a) against 76 days (b, the otherwise rule applies only if no other does)
  CHECK(rows[1][1] == "2 months");
  CHECK(rows[1][2] == "2 weeks");   // the default keeps its unit
  CHECK(rows[1][3] == "false");     // 2 weeks is not 14 days
  CHECK(rows[2][1] == "9 days");    // no full month since 20 February
  CHECK(rows[2][2] == "1 month");   // a German unit word in a cell of an English policy
}

TEST_CASE("duration: cells name their unit; a bare number is refused", "[duration]") {
  const std::string policy = with_header("facts\n  id: text, key\n  x: duration\nend\noutput o = x\n");
  const EvalRun run = eval_text(policy, "id,x\nA,4 Wochen\nB,14tage\nC,6 WEEKS\nD,4\nE,vier Wochen\nF,3 years\n");
  REQUIRE(run.read);
  const auto rows = parse_csv(run.output);
  REQUIRE(rows.size() == 7);
  CHECK(rows[1][1] == "4 weeks");
  CHECK(rows[2][1] == "14 days");
  CHECK(rows[3][1] == "6 weeks");
  CHECK_THAT(rows[4].back(), Catch::Contains("x: a duration needs its unit after the number"));
  CHECK_THAT(rows[5].back(), Catch::Contains("x: not a duration"));
  CHECK_THAT(rows[6].back(), Catch::Contains("x: not a duration"));
  // a default without its unit says how to write one
  CHECK_THAT(diagnostics_of(with_header("facts\n  id: text, key\n  x: duration, default 4\nend\noutput o = x\n")),
             Catch::Contains("a duration needs its unit: `4 weeks`, `4 months` or `4 days`"));
}

TEST_CASE("duration: interpolation and short_form print in the policy's keyword language", "[duration]") {
  const std::string en = with_header(
      "facts\n  id: text, key\n  x: duration\nend\n"
      "output s = \"every {x}\"\noutput t = text(x)\noutput k = short_form(x, \"D\", \"W\", \"M\")\n");
  const EvalRun run = eval_text(en, "id,x\nA,1 Woche\nB,1 month\nC,2 Monate\nD,1 day\n");
  REQUIRE(run.read);
  const auto rows = parse_csv(run.output);
  REQUIRE(rows.size() == 5);
  CHECK(rows[1][1] == "every 1 week");
  CHECK(rows[2][1] == "every 1 month");
  CHECK(rows[3][2] == "2 months");
  CHECK(rows[3][3] == "2M");
  CHECK(rows[4][1] == "every 1 day");
  CHECK(rows[4][3] == "1D");
  // a `months` value given to short_form is widened; any other type is an argument error
  CHECK(diagnostics_of(with_header("facts\n  id: text, key\nend\noutput k = short_form(3 months, \"T\", \"W\", \"MM\")\n"))
            .empty());
  CHECK_THAT(diagnostics_of(with_header("facts\n  id: text, key\nend\noutput k = short_form(3, \"T\", \"W\", \"MM\")\n")),
             Catch::Contains("short_form"));
}

TEST_CASE("duration: the workload counts 30.436875/(7n) interviews a month for n weeks and steps the forecast by weeks",
          "[duration][report]") {
  const Compiled c = compile_policy(
      "w.kadenz", with_header("facts\n  id: text, key\n  x: duration\n  due: date\nend\n"
                              "output code = short_form(x, \"T\", \"W\", \"MM\")\n"
                              "workload\n  category = code\n  interval = x\n  next_due = due\n  minutes = 30 minutes\n"
                              "  first_interview = false\n  prep_minutes = 0 minutes\n  weekly_hours = 39 hours\n"
                              "  interview_share = 50 %\nend\n"));
  INFO(render_text(*c.source, c.diagnostics));
  REQUIRE(c.ok());
  const std::string csv = "id,x,due\nA,4 Wochen,2017-03-01\nB,2 Monate,2017-03-01\nC,14 Tage,2017-02-01\nD,4 Wochen,2017-03-30\n";
  d::CsvReader reader{std::string_view(csv)};
  const d::ColumnBinding b = bind_header(*kadenz::detail::program_of(c), header_of(reader));
  d::WorkloadReport r;
  std::string error;
  d::RunOptions options{*d::parse_date("2017-03-01"), 1, nullptr};
  options.catch_up_months = 1;  // C, overdue, caught up in March (tests/test_backlog.cpp: over months)
  REQUIRE(d::run_workload(*kadenz::detail::program_of(c), reader, b, options, r, error));
  const auto& w = r.workload;
  REQUIRE(w.categories.size() == 3);
  // categories in natural order: 2MM, 4W, 14T? numbers first by value: 2MM, 4W, 14T
  CHECK(w.categories[0].name == "2MM");
  CHECK(w.categories[0].interviews_per_month == Approx(0.5));
  CHECK(w.categories[1].name == "4W");
  CHECK(w.categories[1].interviews_per_month == Approx(2 * 30.436875 / 28));
  CHECK(w.categories[2].name == "14T");
  CHECK(w.categories[2].interviews_per_month == Approx(30.436875 / 14));
  CHECK(w.follow_ups_per_month == Approx(0.5 + 2 * 30.436875 / 28 + 30.436875 / 14));
  // Forecast from March 2017. A (4 weeks from 1.3.): 1.3, 29.3, 26.4, 24.5, 21.6, 19.7, 16.8,
  // 13.9, 11.10, 8.11, 6.12, 3.1.18, 31.1.18, 28.2.18 → Mar 2, Jan 2, Feb 1, others 1.
  // B (2 months from 1.3.): Mar, May, Jul, Sep, Nov, Jan. C (14 days, overdue: from 1.3.): 1.3,
  // 15.3, 29.3, 12.4, 26.4, … every 14 days: 27 in 365 days. D (4 weeks from 30.3.): 30.3, 27.4,
  // 25.5, 22.6, 20.7, 17.8, 14.9, 12.10, 9.11, 7.12, 4.1.18, 1.2.18 (one a month).
  std::size_t total = 0;
  for (const auto& m : w.forecast) total += m.interviews;
  CHECK(total == 14 + 6 + 27 + 12);
  CHECK(w.forecast[0].interviews == 2 + 1 + 3 + 1);  // March: A twice, B, C on 1, 15, 29, D
  CHECK(w.forecast[10].interviews == 2 + 1 + 3 + 1);  // January 2018: A on 3 and 31, B, C on 3, 17, 31, D
}

TEST_CASE("duration: check notes results of different units less than a day apart", "[duration][analyze]") {
  const auto c = analyze("n.kadenz", with_header(
      "facts\n  id: text, key\n  a: bool\n  b: bool\nend\n"
      "table t: duration, hit shortest\n  rule m §1\n    when a\n    then 1 month\n"
      "  rule d §2\n    when b\n    then 30 days\n  rule w §3\n    otherwise\n    then 4 weeks\nend\noutput o = t\n"));
  const auto notes = of(c, "close-durations");
  REQUIRE(notes.size() == 1);  // 30 days and 1 month (28 days is more than a day from both)
  CHECK(notes[0]->severity == Severity::note);
  CHECK_THAT(notes[0]->message, Catch::Contains("1 month of rule `m` and 30 days of rule `d`"));
  CHECK_THAT(notes[0]->message, Catch::Contains("30.436875"));
  // one unit, or a `first` table: no note
  const auto same = analyze("s.kadenz", with_header(
      "facts\n  id: text, key\n  a: bool\nend\n"
      "table t: duration, hit shortest\n  rule m §1\n    when a\n    then 30 days\n  rule w §3\n    otherwise\n"
      "    then 31 days\nend\noutput o = t\n"));
  CHECK(of(same, "close-durations").empty());
}

TEST_CASE("duration: the expectation reaches into if branches, *, -, + and min/max; short_form keeps the units",
          "[duration]") {
  // Each table expects a duration: its literals keep their units, so short_form prints 4W, not
  // 28T. `6 weeks * 2` is 12 weeks; `2 weeks + 3 days` is 17 days; min(4 weeks, 2 months): 4
  // weeks (28 days < 60.9 days); `-(2 weeks) * 3` is -6 weeks (the CSV writes a leading `-` as `'-`).
  auto table = [](const std::string& name, const std::string& value) {
    return "table " + name + ": duration, hit first\n  rule r §1\n    otherwise\n    then " + value + "\nend\n";
  };
  const std::string policy = with_header(
      "facts\n  id: text, key\n  b: bool\n  m: months\nend\n" + table("ifw", "if b then 4 weeks else 6 weeks") +
      table("ifm", "if b then 8 weeks else 1 month") + table("nested", "if b then (if not b then 1 day else 2 weeks) else m") +
      table("mul", "6 weeks * 2") + table("mul2", "2 * (if b then 1 week else 3 months)") +
      table("neg", "-(2 weeks) * 3") + table("sum", "2 weeks + 3 days") + table("low", "min(4 weeks, 2 months)") +
      table("high", "max(if b then 1 week else 5 weeks, m)") +
      "output k1 = short_form(ifw, \"T\", \"W\", \"MM\")\noutput k2 = short_form(ifm, \"T\", \"W\", \"MM\")\n"
      "output k3 = short_form(nested, \"T\", \"W\", \"MM\")\noutput k4 = short_form(mul, \"T\", \"W\", \"MM\")\n"
      "output k5 = short_form(mul2, \"T\", \"W\", \"MM\")\noutput k6 = short_form(neg, \"T\", \"W\", \"MM\")\n"
      "output k7 = short_form(sum, \"T\", \"W\", \"MM\")\noutput k8 = short_form(low, \"T\", \"W\", \"MM\")\n"
      "output k9 = short_form(high, \"T\", \"W\", \"MM\")\n"
      // outside a table: min/max of days and months, and a comparison whose left side is computed
      "output free = min(4 weeks, 2 months)\noutput cmp = 6 weeks * 2 < ifw\noutput cmp2 = ifw = 2 weeks * 2\n");
  const EvalRun run = eval_text(policy, "id,b,m\nA,true,1\nB,false,2\n");
  INFO(run.diagnostics);
  REQUIRE(run.read);
  const auto rows = parse_csv(run.output);
  REQUIRE(rows.size() == 3);
  const std::vector<std::string> a{"A", "4W", "8W", "2W", "12W", "2W", "'-6W", "17T", "4W", "1MM", "4 weeks", "false", "true"};
  const std::vector<std::string> b{"B", "6W", "1MM", "2MM", "12W", "6MM", "'-6W", "17T", "4W", "2MM", "4 weeks", "false", "false"};
  for (std::size_t i = 0; i < a.size(); ++i) {
    INFO("column " << rows[0][i]);
    CHECK(rows[1][i] == a[i]);
    CHECK(rows[2][i] == b[i]);
  }
}

TEST_CASE("duration: months with weeks or days of fixed units is a compile-time error; mixed if branches get a hint",
          "[duration]") {
  auto in_table = [](const std::string& value) {
    return diagnostics_of(with_header("facts\n  id: text, key\n  b: bool\n  w: days\nend\n"
                                      "table t: duration, hit first\n  rule r §1\n    otherwise\n    then " +
                                      value + "\nend\noutput o = t\n"));
  };
  for (const std::string v : {"1 month + 1 week", "2 months - 3 days", "(if b then 1 month else 2 months) + w",
                               "min(1 month, 2 months) + 1 week * 2"}) {
    INFO(v);
    CHECK_THAT(in_table(v), Catch::Contains("months and weeks or days cannot be added exactly"));
  }
  // one unit, or weeks with days: accepted
  for (const std::string v : {"1 month + 2 months", "1 week + w", "(if b then 1 week else 3 days) - 1 day"}) {
    INFO(v);
    CHECK(in_table(v).empty());
  }
  // where no duration is expected, weeks beside months stay a type error, which says how to mix them
  const std::string mixed = diagnostics_of(
      with_header("facts\n  id: text, key\n  b: bool\nend\noutput o = if b then 4 weeks else 1 month\n"));
  CHECK_THAT(mixed, Catch::Contains("`then` gives days but `else` gives months"));
  CHECK_THAT(mixed, Catch::Contains("use this `if` where a `duration` is expected"));
  // an if of numbers keeps the old help
  const std::string numbers = diagnostics_of(
      with_header("facts\n  id: text, key\n  b: bool\nend\noutput o = if b then 4 weeks else 3\n"));
  CHECK_THAT(numbers, !Catch::Contains("`duration`"));
}
