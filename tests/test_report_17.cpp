// The report sections of issue 17 in text and JSON (render_text_json.cpp), from report structs
// filled by hand: steady state and one-off demand, the forecast split, capacity with the months
// over it, the groups of --by (summary table with totals, a section per group), the
// decomposition of a what-if change, error reasons per side, what the variant changes and the
// run. The figures are chosen so that every shown value is worked out below without a tie at
// the rounding digit; the expected text is written out in full where the layout matters.
#include "interpreter/report/report.hpp"
#include "stdlib/date.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>

namespace d = kadenz::detail;
using nlohmann::json;

namespace {

// 84.5 interview hours per full-time post and month: 39 h/week × 52/12 × 50 %.
constexpr double kHoursPerFte = 84.5;

// A workload worked out by hand (figures as the core computes them; here only rendered):
//   steady state 2.3333 interviews (shown 2.3), 2.0 hours, 2.0 / 84.5 = 0.02367 FTE (0.02);
//   one-off: 1 first interview (1.0 hour), backlog 2 (1.3333 hours: 1.3), over 3 months;
//   as before: 3.0 interviews, 2.26 hours (2.0 interviews + 0.26 preparation) = 0.02675 FTE (0.03);
//   forecast: 2017-03: 1 first + 1 backlog + 2 recurring = 4, 180 min = 3.0 h = 0.0355 FTE (0.04);
//   2017-04: 1 backlog + 1 recurring = 2, 80 min = 1.3333 h (1.3) = 0.01578 FTE (0.02);
//   then 1 recurring, 40 min = 0.6667 h (0.7) = 0.00789 FTE (0.01) each month.
d::Workload hand_workload() {
  d::Workload w;
  w.categories = {{"1MM", 2, 1, 2.0, 1.5}, {"3MM", 3, 0, 1.0, 0.76}};
  w.customers = 5;
  w.first_interviews = 1;
  w.follow_ups_per_month = 2.0;
  w.interviews_per_month = 3.0;
  w.interview_hours_per_month = 2.0;
  w.preparation_hours_per_month = 0.26;
  w.hours_per_month = 2.26;
  w.weekly_hours = 39;
  w.weekly_minutes = 39 * 60;
  w.share_percent = 50;
  w.interview_share = 0.5;
  w.interview_hours_per_fte = kHoursPerFte;
  w.fte = 2.26 / kHoursPerFte;
  w.steady_interviews_per_month = 7.0 / 3.0;
  w.steady_hours_per_month = 2.0;
  w.steady_fte = 2.0 / kHoursPerFte;
  w.backlog = 2;
  w.backlog_hours = 80.0 / 60.0;
  w.first_interview_hours = 1.0;
  w.catch_up_months = 3;
  for (std::size_t m = 0; m < d::kForecastMonths; ++m) {
    auto& f = w.forecast[m];
    f.year = m < 10 ? 2017 : 2018;
    f.month = static_cast<int>((m + 2) % 12) + 1;
    f.first = m == 0 ? 1 : 0;
    f.backlog = m < 2 ? 1 : 0;
    f.recurring = m == 0 ? 2 : 1;
    f.interviews = f.first + f.backlog + f.recurring;
    f.minutes = m == 0 ? 180 : m == 1 ? 80 : 40;
    f.hours = static_cast<double>(f.minutes) / 60.0;
    f.fte = f.hours / kHoursPerFte;
  }
  return w;
}

// 0.026 FTE available: 2.197 interview hours (2.2); demand 0.02367 / 0.026 = 91.0 %; only
// 2017-03 (0.0355 FTE) is over it.
d::Capacity hand_capacity(const d::Workload& w) {
  d::Capacity c;
  c.known = true;
  c.fte = 0.026;
  c.interview_hours_per_month = 0.026 * kHoursPerFte;
  c.demand_fte = w.steady_fte;
  c.utilisation = w.steady_fte / 0.026;
  for (std::size_t m = 0; m < d::kForecastMonths; ++m) c.over[m] = w.forecast[m].fte > c.fte;
  c.months_over = 1;
  return c;
}

d::WorkloadReport hand_report() {
  d::WorkloadReport r;
  r.policy_name = std::string("P");
  r.policy_file = std::string("p.kadenz");
  r.caseload_file = std::string("c.csv");
  r.as_of = d::days_from_civil(2017, 3, 1);
  r.summary.rows = 6;
  r.summary.decided = 5;
  r.summary.errors = 1;
  r.workload = hand_workload();
  r.capacity = hand_capacity(r.workload);
  return r;
}

// Every number of the text above, laid out by hand (labels in a column of 32, values of 12;
// forecast: month in 10, columns of 11).
const char* kWorkloadText = R"(kadenz workload: P (p.kadenz)
caseload c.csv: 6 rows, 5 decided, 1 with errors; as_of 2017-03-01

category      customers  first interviews  interviews/month  hours/month
1MM                   2                 1               2.0          1.5
3MM                   3                 0               1.0          0.8

workload
customers counted                          5
steady state (every customer at its interval)
  interviews per month                   2.3
  hours per month                        2.0
  staff (FTE)                           0.02
one-off, spread over 3 months
  first interviews pending                 1
    their hours                          1.0
  backlog (follow-ups overdue)             2
    its hours                            1.3
first interviews and follow-ups (as before: first interviews once, follow-ups per month)
interviews per month                     3.0
  first interviews (once)                  1
  follow-ups per month                   2.0
hours per month                          2.3
  interviews                             2.0
  preparation                            0.3
staff (full-time equivalents)           0.03
  (39 h/week × 52/12 × 50% for interviews = 84.5 interview hours per full-time post and month)

capacity
  staff available (FTE)                 0.03
  interview hours per month              2.2
  demand, steady state (FTE)            0.02
  utilisation                          91.0%
  months over capacity                     1

forecast per month (overdue follow-ups and first interviews caught up over 3 months)
month      interviews      first    backlog  recurring      hours        FTE
2017-03             4          1          1          2        3.0       0.04  *
2017-04             2          0          1          1        1.3       0.02
2017-05             1          0          0          1        0.7       0.01
2017-06             1          0          0          1        0.7       0.01
2017-07             1          0          0          1        0.7       0.01
2017-08             1          0          0          1        0.7       0.01
2017-09             1          0          0          1        0.7       0.01
2017-10             1          0          0          1        0.7       0.01
2017-11             1          0          0          1        0.7       0.01
2017-12             1          0          0          1        0.7       0.01
2018-01             1          0          0          1        0.7       0.01
2018-02             1          0          0          1        0.7       0.01
  * over capacity (0.03 FTE): 1 of 12 months)";

}  // namespace

TEST_CASE("report 17: workload text with steady state, one-off demand, capacity and the forecast split") {
  CHECK(d::render_workload_text(hand_report()) == std::string(kWorkloadText) + "\n");
}

TEST_CASE("report 17: without staff there is no capacity section and no over marks") {
  auto r = hand_report();
  r.capacity = {};
  const std::string text = d::render_workload_text(r);
  CHECK(text.find("capacity") == std::string::npos);
  CHECK(text.find("  *") == std::string::npos);
  CHECK(text.find("2017-03             4          1          1          2        3.0       0.04\n") !=
        std::string::npos);
  // no --by: no group section
  CHECK(text.find("== ") == std::string::npos);
  // catch-up over one month: the old wording, all in the first month
  r.workload.catch_up_months = 1;
  const std::string one = d::render_workload_text(r);
  CHECK(one.find("one-off, all in the first month\n") != std::string::npos);
  CHECK(one.find("forecast per month (overdue follow-ups and first interviews in the first month)\n") !=
        std::string::npos);
}

TEST_CASE("report 17: workload text in German (labels from the catalogue, widths in characters)") {
  auto r = hand_report();
  r.voice.text = kadenz::Lang::de;
  const std::string text = d::render_workload_text(r);
  CHECK(text.find("Regelbetrieb (jeder Kunde in seinem Abstand)\n") != std::string::npos);
  CHECK(text.find("\n  Personal (VZÄ)                        0.02\n") != std::string::npos);
  CHECK(text.find("\neinmalig, verteilt auf 3 Monate\n") != std::string::npos);
  CHECK(text.find("\n  Rückstand (überfällige)                  2\n") != std::string::npos);
  CHECK(text.find("\nKapazität\n") != std::string::npos);
  CHECK(text.find("\n  Auslastung                           91.0%\n") != std::string::npos);
  CHECK(text.find("\nMonat       Gespräche       Erst  Rückstand    laufend    Stunden        VZÄ\n") !=
        std::string::npos);
  CHECK(text.find("  * über der Kapazität (0.03 VZÄ): 1 von 12 Monaten\n") != std::string::npos);
}

// Two groups by `team`: A (with staff) and the empty cell (without). The totals row is the
// ungrouped report as it is (core-groups makes it equal the groups' sum; here only its layout).
TEST_CASE("report 17: workload groups: summary table with totals, then a section per group") {
  auto r = hand_report();
  r.group_columns = {"team"};
  d::WorkloadReport::Group a, empty;
  a.key.values = {"A"};
  a.summary.rows = 4;
  a.summary.decided = 3;
  a.summary.errors = 1;
  a.workload = hand_workload();
  a.capacity = hand_capacity(a.workload);
  empty.key.values = {""};
  empty.summary.rows = 2;
  empty.summary.decided = 2;
  empty.workload = hand_workload();
  r.groups = {a, empty};
  const std::string text = d::render_workload_text(r);
  const std::string table =
      "\nby team (steady state; interviews per month and FTE; total = the whole caseload)\n"
      "team             rows     decided      errors   customers  int./month     h/month         FTE    capacity     utilis.\n"
      "A                   4           3           1           5         2.3         2.0        0.02        0.03       91.0%\n"
      "(empty)             2           2           0           5         2.3         2.0        0.02           -           -\n"
      "total               6           5           1           5         2.3         2.0        0.02        0.03       91.0%\n";
  CHECK(text.find(table) != std::string::npos);
  // a section per group, after the table: its counts, categories, workload, capacity, forecast
  const auto at_a = text.find("\n== team: A ==\n4 rows, 3 decided, 1 with errors\n\ncategory");
  const auto at_empty = text.find("\n== team: (empty) ==\n2 rows, 2 decided, 0 with errors\n\ncategory");
  REQUIRE(at_a != std::string::npos);
  REQUIRE(at_empty != std::string::npos);
  CHECK(at_a > text.find(table));
  CHECK(at_empty > at_a);
  // the group with staff has its capacity section and over marks; the other has neither
  const std::string section_a = text.substr(at_a, at_empty - at_a), section_empty = text.substr(at_empty);
  CHECK(section_a.find("\ncapacity\n") != std::string::npos);
  CHECK(section_a.find("0.04  *\n") != std::string::npos);
  CHECK(section_empty.find("capacity") == std::string::npos);
  CHECK(section_empty.find("  *") == std::string::npos);
}

TEST_CASE("report 17: workload JSON: steady state, one-off, forecast split, groups and capacity") {
  auto r = hand_report();
  r.group_columns = {"office", "team"};
  d::WorkloadReport::Group g;
  g.key.values = {"Nord", ""};
  g.summary.rows = 6;
  g.summary.decided = 5;
  g.summary.errors = 1;
  g.workload = hand_workload();
  r.groups = {g};
  const json j = json::parse(d::render_workload_json(r));
  const auto& w = j["workload"];
  // existing keys stay
  CHECK(w["interviews_per_month"] == 3.0);
  CHECK(w["fte"] == 2.26 / kHoursPerFte);
  CHECK(w["forecast"][0]["month"] == "2017-03");
  CHECK(w["forecast"][0]["interviews"] == 4);
  // the new ones, unrounded
  CHECK(w["steady_state"] == json{{"interviews_per_month", 7.0 / 3.0}, {"hours_per_month", 2.0},
                                  {"fte", 2.0 / kHoursPerFte}});
  CHECK(w["one_off"] == json{{"first_interviews", 1}, {"first_interview_hours", 1.0}, {"backlog", 2},
                             {"backlog_hours", 80.0 / 60.0}, {"catch_up_months", 3}});
  CHECK(w["forecast"][0] == json{{"month", "2017-03"}, {"interviews", 4}, {"first", 1}, {"backlog", 1},
                                 {"recurring", 2}, {"hours", 3.0}, {"fte", 3.0 / kHoursPerFte}});
  CHECK(w["forecast"][11]["month"] == "2018-02");
  CHECK(w["forecast"][11]["recurring"] == 1);
  CHECK(j["capacity"] == json{{"fte", 0.026}, {"interview_hours_per_month", 0.026 * kHoursPerFte},
                              {"demand_fte", 2.0 / kHoursPerFte}, {"utilisation", (2.0 / kHoursPerFte) / 0.026},
                              {"months_over", {"2017-03"}}});
  CHECK(j["group_columns"] == json{"office", "team"});
  REQUIRE(j["groups"].size() == 1);
  CHECK(j["groups"][0]["key"] == json{{"office", "Nord"}, {"team", ""}});
  CHECK(j["groups"][0]["rows"] == 6);
  CHECK(j["groups"][0]["decided"] == 5);
  CHECK(j["groups"][0]["errors"] == 1);
  CHECK(j["groups"][0]["workload"] == w);
  CHECK(j["groups"][0]["capacity"].is_null());
  // without --by and staff: empty groups, capacity null
  auto p = hand_report();
  p.capacity = {};
  const json plain = json::parse(d::render_workload_json(p));
  CHECK(plain["group_columns"] == json::array());
  CHECK(plain["groups"] == json::array());
  CHECK(plain["capacity"].is_null());
}

namespace {

// A what-if worked out by hand. Steady interviews per month: base 1649.74 (shown 1649.7),
// variant 1844.96 (shown 1845.0): the change shown is 1845.0 - 1649.7 = +195.3 (the unrounded
// +195.22 would print +195.2). Decomposition: 10 records decided under both (1640.0 -> 1839.96),
// 1 entering the error state (9.74 of the base's), 2 leaving it (5.0 of the variant's); shown:
// entering -9.7, leaving +5.0, policy = +195.3 + 9.7 - 5.0 = +200.0, so the row adds up as
// printed. Customers: 11 = 10 + 1 and 12 = 10 + 2: change +1 = 0 - 1 + 2.
d::WhatIfReport hand_whatif() {
  d::WhatIfReport r;
  r.base_name = std::string("B");
  r.base_file = std::string("b.kadenz");
  r.variant_name = std::string("V");
  r.variant_file = std::string("v.kadenz");
  r.caseload_file = std::string("c.csv");
  r.as_of = d::days_from_civil(2017, 3, 1);
  r.rows = 13;
  r.base_errors = 2;
  r.variant_errors = 1;
  r.changed = 4;
  r.moved = 3;
  r.categories = {"1MM", "2MM", std::string(d::kErrorCategory)};
  r.counts = {{5, 2, 1}, {0, 3, 0}, {1, 1, 0}};
  r.base = hand_workload();
  r.variant = hand_workload();
  r.base.customers = 11;
  r.variant.customers = 12;
  r.base.steady_interviews_per_month = 1649.74;
  r.variant.steady_interviews_per_month = 1844.96;
  auto& dc = r.decomposition;
  dc.both = 10;
  dc.entering = 1;
  dc.leaving = 2;
  dc.both_base.customers = 10;
  dc.both_variant.customers = 10;
  dc.entering_base.customers = 1;
  dc.leaving_variant.customers = 2;
  dc.both_base.steady_interviews_per_month = 1640.0;
  dc.entering_base.steady_interviews_per_month = 9.74;
  dc.both_variant.steady_interviews_per_month = 1839.96;
  dc.leaving_variant.steady_interviews_per_month = 5.0;
  r.base_error_kinds = {{"birth_date: not a valid date (write YYYY-MM-DD or DD.MM.YYYY)", 2}};
  r.variant_error_kinds = {{"closer_months: more than the base", 1}};
  r.differences = {{"parameter", "prep_minutes", "§2.1", "10", "15"}, {"rule", "marktnah.u25", "§2.2.2", "", "1MM"}};
  r.run = {"2026-12-02T18:00:00+01:00", "0.17.0", std::string(64, 'a'), std::string(64, 'b')};
  return r;
}

}  // namespace

TEST_CASE("report 17: whatif text: changes of shown values, decomposition, reasons, differences, run") {
  const std::string text = d::render_whatif_text(hand_whatif());
  // what the variant changes comes first, before the counts
  const std::string differences =
      "what the variant changes\n"
      "  parameter   prep_minutes (§2.1): 10 -> 15\n"
      "  rule        marktnah.u25 (§2.2.2): (absent) -> 1MM\n"
      "run 2026-12-02T18:00:00+01:00, kadenz 0.17.0\n"
      "  base    sha256 " + std::string(64, 'a') + "\n"
      "  variant sha256 " + std::string(64, 'b') + "\n\n"
      "3 of 13 records change category, 4 change some output, rule or error\n"
      "errors: 2 under the base, 1 under the variant\n"
      "why the base could not decide records:\n"
      "  2 rows: birth_date: not a valid date (write YYYY-MM-DD or DD.MM.YYYY)\n"
      "why the variant could not decide records:\n"
      "  1 row: closer_months: more than the base\n\n"
      "transition matrix";
  CHECK(text.find(differences) != std::string::npos);
  // the steady line of the workload table: the change of the shown values
  CHECK(text.find("\n  interviews per month                1649.7      1845.0      +195.3\n") != std::string::npos);
  const std::string decomposition =
      "\nthe change decomposed: 10 records decided under both, 1 entering the error state, 2 leaving it\n"
      "                                     base    variant     change     policy   entering    leaving\n"
      "customers counted                      11         12         +1          0         -1         +2\n"
      "steady interviews/month            1649.7     1845.0     +195.3     +200.0       -9.7       +5.0\n";
  CHECK(text.find(decomposition) != std::string::npos);
  // no staff, no --by: neither section
  CHECK(text.find("capacity") == std::string::npos);
  CHECK(text.find("== ") == std::string::npos);
  // the forecast side by side, with FTE
  CHECK(text.find("\n2017-03            4         4         0       0.04       0.04       0.00\n") != std::string::npos);
}

TEST_CASE("report 17: whatif text leaves out what was not filled (as before issue 17)") {
  auto r = hand_whatif();
  r.differences.clear();
  r.run = {};
  r.base_error_kinds.clear();
  r.variant_error_kinds.clear();
  r.decomposition = {};
  const std::string text = d::render_whatif_text(r);
  CHECK(text.find("what the variant changes") == std::string::npos);
  CHECK(text.find("why the") == std::string::npos);
  CHECK(text.find("decomposed") == std::string::npos);
  CHECK(text.find("\n\n3 of 13 records change category") != std::string::npos);
  // the run alone: the section says there are no differences
  r.run.generated_at = "2026-12-02T18:00:00+01:00";
  r.run.kadenz_version = "0.17.0";
  CHECK(d::render_whatif_text(r).find("what the variant changes\n  none\nrun 2026-12-02T18:00:00+01:00, kadenz 0.17.0\n") !=
        std::string::npos);
}

TEST_CASE("report 17: whatif groups and capacity against the variant") {
  auto r = hand_whatif();
  r.group_columns = {"team"};
  d::WhatIfReport::Group a, empty;
  a.key.values = {"A"};
  a.rows = 7;
  a.base_errors = 1;
  a.changed = 2;
  a.moved = 1;
  a.counts = {{3, 1, 0}, {0, 2, 0}, {1, 0, 0}};
  a.base = hand_workload();
  a.variant = hand_workload();
  a.base.steady_interviews_per_month = 1000.04;
  a.variant.steady_interviews_per_month = 1100.0;
  a.base.steady_fte = 11.84;
  a.variant.steady_fte = 13.02;
  a.capacity.known = true;
  a.capacity.fte = 12.5;
  a.capacity.demand_fte = 13.02;
  a.capacity.utilisation = 13.02 / 12.5;  // 104.2 %
  empty.key.values = {""};
  empty.rows = 6;
  empty.base = hand_workload();
  empty.variant = hand_workload();
  r.groups = {a, empty};
  r.capacity = hand_capacity(r.variant);
  const std::string text = d::render_whatif_text(r);
  CHECK(text.find("\ncapacity (against the variant)\n") != std::string::npos);
  CHECK(text.find("\n2017-03            4         4         0       0.04       0.04       0.00  *\n") !=
        std::string::npos);
  CHECK(text.find("\nby team (steady state; interviews per month and FTE; total = the whole caseload)\n"
                  "team            rows  err. base  err. var.    changed      moved       base    variant     change"
                  "   FTE base   FTE var.     change   capacity    utilis.\n"
                  "A                  7          1          0          2          1     1000.0     1100.0     +100.0"
                  "      11.84      13.02      +1.18      12.50     104.2%\n") != std::string::npos);
  CHECK(text.find("\ntotal             13          2          1          4          3") != std::string::npos);
  const auto at_a = text.find("\n== team: A ==\n1 of 7 records change category, 2 change some output, rule or error\n"
                              "errors: 1 under the base, 0 under the variant\n\ntransition matrix");
  REQUIRE(at_a != std::string::npos);
  // the group's matrix: its own counts over the report's categories
  CHECK(text.find("1MM          3      1      .       4\n", at_a) != std::string::npos);
  CHECK(text.find("\n== team: (empty) ==\n", at_a) != std::string::npos);
}

TEST_CASE("report 17: whatif JSON: decomposition, reasons, groups, capacity, differences, run") {
  auto r = hand_whatif();
  r.group_columns = {"team"};
  d::WhatIfReport::Group g;
  g.key.values = {"A"};
  g.rows = 13;
  g.counts = r.counts;
  g.base = r.base;
  g.variant = r.variant;
  g.decomposition = r.decomposition;
  g.capacity = hand_capacity(r.variant);
  r.groups = {g};
  const json j = json::parse(d::render_whatif_json(r));
  // existing keys stay
  CHECK(j["workload"]["difference"]["customers"] == 1);
  CHECK(j["matrix"]["counts"] == json{{5, 2, 1}, {0, 3, 0}, {1, 1, 0}});
  const auto& dc = j["decomposition"];
  CHECK(dc["records"] == json{{"both", 10}, {"entering_error", 1}, {"leaving_error", 2}});
  REQUIRE(dc["figures"].size() == 9);
  const char* names[] = {"customers",        "steady_interviews_per_month", "steady_hours_per_month",
                         "steady_fte",       "first_interviews",            "backlog",
                         "interviews_per_month", "hours_per_month",         "fte"};
  for (std::size_t i = 0; i < 9; ++i) {
    const auto& f = dc["figures"][i];
    CHECK(f["figure"] == names[i]);
    CHECK(f["entering_error"].get<double>() <= 0);
    CHECK(f["leaving_error"].get<double>() >= 0);
  }
  const auto& customers = dc["figures"][0];
  CHECK(customers == json{{"figure", "customers"}, {"base", 11}, {"variant", 12}, {"change", 1},
                          {"policy_effect", 0}, {"entering_error", -1}, {"leaving_error", 2}});
  const auto& steady = dc["figures"][1];
  CHECK(steady["base"] == 1649.74);
  CHECK(steady["variant"] == 1844.96);
  CHECK(steady["change"] == 1844.96 - 1649.74);  // unrounded
  CHECK(steady["policy_effect"] == 1839.96 - 1640.0);
  CHECK(steady["entering_error"] == -9.74);
  CHECK(steady["leaving_error"] == 5.0);
  CHECK(steady["policy_effect"].get<double>() + steady["entering_error"].get<double>() +
            steady["leaving_error"].get<double>() ==
        Approx(steady["change"].get<double>()));
  CHECK(j["error_reasons"]["base"] ==
        json::array({{{"reason", "birth_date: not a valid date (write YYYY-MM-DD or DD.MM.YYYY)"}, {"rows", 2}}}));
  CHECK(j["error_reasons"]["variant"] == json::array({{{"reason", "closer_months: more than the base"}, {"rows", 1}}}));
  CHECK(j["group_columns"] == json{"team"});
  REQUIRE(j["groups"].size() == 1);
  const auto& group = j["groups"][0];
  CHECK(group["key"] == json{{"team", "A"}});
  CHECK(group["rows"] == 13);
  CHECK(group["counts"] == j["matrix"]["counts"]);
  CHECK(group["base"] == j["workload"]["base"]);
  CHECK(group["variant"] == j["workload"]["variant"]);
  CHECK(group["decomposition"] == dc);
  CHECK(group["capacity"]["months_over"] == json{"2017-03"});
  CHECK(j["capacity"].is_null());
  CHECK(j["differences"][1] == json{{"kind", "rule"}, {"name", "marktnah.u25"}, {"section", "§2.2.2"},
                                    {"before", ""}, {"after", "1MM"}});
  CHECK(j["run"] == json{{"generated_at", "2026-12-02T18:00:00+01:00"}, {"kadenz_version", "0.17.0"},
                         {"base_sha256", std::string(64, 'a')}, {"variant_sha256", std::string(64, 'b')}});
}
