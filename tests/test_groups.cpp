// Issue 17, --by groups, the decomposition of a what-if change, the error reasons per side and
// capacity (interpreter/report/workload.cpp, whatif.cpp, capacity.cpp): the what-if of
// tests/test_report.cpp with a team column, worked out by hand per team, and properties over the
// example caseload (group totals are the report without --by, on 1 and 2 threads; the
// decomposition's parts add up to the change; capacity = hours / (weekly hours * 52/12 * share)).
#include "run_cli.hpp"
#include "support.hpp"

#include "interpreter/report/capacity.hpp"
#include "interpreter/report/report.hpp"

#include <kadenz/caseload.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace kadenz;
using namespace kadenz::test;
namespace d = kadenz::detail;

namespace {

const char* kHeader =
    "id,birth_date,status,profile,bfm,massnahme,arbeitsunfaehig,foerderung,para10,german_ok,last_contact,"
    "profiling_date,extension_months,extension_reason,closer_months,team\n";

// The seven customers of tests/test_report.cpp (as_of 2017-03-01), in two teams:
//  A: A1 (base 2MM, variant 1MM), A2 (3MM), A3 (1MM, first interview 60 min), A6 (error in both)
//  B: A4 (6MM, 60 min), A5 (2MM; an error under the variant), A7 (2MM, 60 min; variant 1MM)
// Interviews 30 minutes unless said, 10 minutes preparation per follow-up; 39 h a week, 50 %
// interview share: 39 * 52/12 * 0.5 = 84.5 interview hours per full-time post and month.
const std::string kCaseload = std::string(kHeader) +
    "A1,1980-01-01,arbeitslos,marktnah,false,false,false,keine,false,true,2017-02-10,,,,,A\n"
    "A2,1980-01-01,arbeitslos,marktfern,false,false,false,keine,false,true,2017-01-15,,,,,A\n"
    "A3,2000-01-01,arbeitslos,marktnah,false,false,false,keine,false,true,,,,,, A \n"
    "A4,1970-06-30,arbeitsuchend,marktfern,false,false,false,keine,false,false,2016-12-01,,,,,B\n"
    "A5,1980-01-01,arbeitslos,marktnah,false,false,false,keine,false,true,2017-02-20,,,,2,B\n"
    "A6,1980-13-01,arbeitslos,marktnah,false,false,false,keine,false,true,2017-02-20,,,,,A\n"
    "A7,1985-07-07,arbeitslos,marktnah,false,false,false,keine,false,false,2017-01-31,,,,,B\n";

std::shared_ptr<const d::Program> compile_ok(const std::string& path) {
  const Compiled c = compile_policy_file(path, {});
  INFO(render_text(*c.source, c.diagnostics));
  REQUIRE(c.ok());
  return d::program_of(c);
}

std::vector<std::size_t> columns_of(const std::vector<std::string>& header, const std::vector<std::string>& by) {
  std::vector<std::size_t> out;
  for (const auto& b : by) {
    const auto it = std::find(header.begin(), header.end(), b);
    REQUIRE(it != header.end());
    out.push_back(static_cast<std::size_t>(it - header.begin()));
  }
  return out;
}

d::RunOptions options(const std::vector<std::string>& header, const std::vector<std::string>& by, unsigned jobs) {
  d::RunOptions o{*d::parse_date("2017-03-01"), jobs, nullptr};
  o.group_columns = columns_of(header, by);
  return o;
}

d::WhatIfReport whatif(const d::Program& a, const d::Program& b, const std::string& csv,
                       const std::vector<std::string>& by = {}, unsigned jobs = 1) {
  d::CsvReader reader{std::string_view(csv)};
  const auto header = header_of(reader);
  const d::ColumnBinding ba = bind_header(a, header), bb = bind_header(b, header);
  d::WhatIfReport r;
  std::string error;
  REQUIRE(d::run_whatif(a, ba, b, bb, reader, options(header, by, jobs), r, error));
  return r;
}

d::WorkloadReport workload(const d::Program& p, const std::string& csv, const std::vector<std::string>& by = {},
                           unsigned jobs = 1) {
  d::CsvReader reader{std::string_view(csv)};
  const auto header = header_of(reader);
  const d::ColumnBinding b = bind_header(p, header);
  d::WorkloadReport r;
  std::string error;
  REQUIRE(d::run_workload(p, reader, b, options(header, by, jobs), r, error));
  return r;
}

// Every figure of two workloads alike (exactly: both are finished from equal integer tallies).
void check_same(const d::Workload& a, const d::Workload& b) {
  CHECK(a.customers == b.customers);
  CHECK(a.not_counted == b.not_counted);
  CHECK(a.first_interviews == b.first_interviews);
  CHECK(a.follow_ups_per_month == b.follow_ups_per_month);
  CHECK(a.interviews_per_month == b.interviews_per_month);
  CHECK(a.interview_hours_per_month == b.interview_hours_per_month);
  CHECK(a.preparation_hours_per_month == b.preparation_hours_per_month);
  CHECK(a.hours_per_month == b.hours_per_month);
  CHECK(a.fte == b.fte);
  CHECK(a.interview_hours_per_fte == b.interview_hours_per_fte);
  CHECK(a.steady_interviews_per_month == b.steady_interviews_per_month);
  CHECK(a.steady_hours_per_month == b.steady_hours_per_month);
  CHECK(a.steady_fte == b.steady_fte);
  CHECK(a.backlog == b.backlog);
  CHECK(a.backlog_hours == b.backlog_hours);
  CHECK(a.first_interview_hours == b.first_interview_hours);
  REQUIRE(a.categories.size() == b.categories.size());
  for (std::size_t i = 0; i < a.categories.size(); ++i) {
    CHECK(a.categories[i].name == b.categories[i].name);
    CHECK(a.categories[i].customers == b.categories[i].customers);
    CHECK(a.categories[i].first_interviews == b.categories[i].first_interviews);
    CHECK(a.categories[i].interviews_per_month == b.categories[i].interviews_per_month);
    CHECK(a.categories[i].hours_per_month == b.categories[i].hours_per_month);
  }
  for (std::size_t m = 0; m < d::kForecastMonths; ++m) {
    CHECK(a.forecast[m].interviews == b.forecast[m].interviews);
    CHECK(a.forecast[m].first == b.forecast[m].first);
    CHECK(a.forecast[m].backlog == b.forecast[m].backlog);
    CHECK(a.forecast[m].recurring == b.forecast[m].recurring);
    CHECK(a.forecast[m].minutes == b.forecast[m].minutes);
    CHECK(a.forecast[m].fte == b.forecast[m].fte);
  }
}

// The groups' figures add up to the total: counts exactly, sums of fractions up to rounding.
void check_sums(const std::vector<const d::Workload*>& parts, const d::Workload& total) {
  std::size_t customers = 0, first = 0, backlog = 0;
  double interviews = 0, hours = 0, steady = 0, steady_hours = 0;
  std::array<std::size_t, d::kForecastMonths> months{};
  for (const d::Workload* w : parts) {
    customers += w->customers;
    first += w->first_interviews;
    backlog += w->backlog;
    interviews += w->interviews_per_month;
    hours += w->hours_per_month;
    steady += w->steady_interviews_per_month;
    steady_hours += w->steady_hours_per_month;
    for (std::size_t m = 0; m < d::kForecastMonths; ++m) months[m] += w->forecast[m].interviews;
  }
  CHECK(customers == total.customers);
  CHECK(first == total.first_interviews);
  CHECK(backlog == total.backlog);
  CHECK(interviews == Approx(total.interviews_per_month));
  CHECK(hours == Approx(total.hours_per_month));
  CHECK(steady == Approx(total.steady_interviews_per_month).margin(1e-9));
  CHECK(steady_hours == Approx(total.steady_hours_per_month).margin(1e-9));
  for (std::size_t m = 0; m < d::kForecastMonths; ++m) {
    INFO("month " << m);
    // the catch-up spreads each group's backlog on its own: a month may differ by the
    // rounding of the spread, never the twelve months' sum
    if (total.catch_up_months <= 1) CHECK(months[m] == total.forecast[m].interviews);
  }
}

// change = variant - base = (both_variant - both_base) - entering_base + leaving_variant, for a
// figure `f` of the workloads.
template <class F>
void check_decomposition(const d::Workload& base, const d::Workload& variant, const d::WhatIfReport::Decomposition& dc,
                         F f) {
  const double change = f(variant) - f(base);
  const double parts = (f(dc.both_variant) - f(dc.both_base)) - f(dc.entering_base) + f(dc.leaving_variant);
  CHECK(parts == Approx(change).margin(1e-9));
  CHECK(f(dc.both_base) + f(dc.entering_base) == Approx(f(base)).margin(1e-9));
  CHECK(f(dc.both_variant) + f(dc.leaving_variant) == Approx(f(variant)).margin(1e-9));
}

void check_all_decompositions(const d::Workload& base, const d::Workload& variant,
                              const d::WhatIfReport::Decomposition& dc) {
  check_decomposition(base, variant, dc, [](const d::Workload& w) { return static_cast<double>(w.customers); });
  check_decomposition(base, variant, dc, [](const d::Workload& w) { return w.steady_interviews_per_month; });
  check_decomposition(base, variant, dc, [](const d::Workload& w) { return w.steady_hours_per_month; });
  check_decomposition(base, variant, dc, [](const d::Workload& w) { return w.steady_fte; });
  check_decomposition(base, variant, dc, [](const d::Workload& w) { return static_cast<double>(w.first_interviews); });
  check_decomposition(base, variant, dc, [](const d::Workload& w) { return static_cast<double>(w.backlog); });
  check_decomposition(base, variant, dc, [](const d::Workload& w) { return w.interviews_per_month; });
  check_decomposition(base, variant, dc, [](const d::Workload& w) { return w.hours_per_month; });
  check_decomposition(base, variant, dc, [](const d::Workload& w) { return w.fte; });
}

// A record's id, "K<i>" (built with append: GCC 12's -Wrestrict misreads "K" + to_string).
std::string fmt_id(int i) {
  std::string id = "K";
  id.append(std::to_string(i));
  return id;
}

std::size_t rows_of(const std::vector<d::ErrorKinds::Kind>& kinds) {
  std::size_t n = 0;
  for (const auto& k : kinds) n += k.rows;
  return n;
}

}  // namespace

TEST_CASE("groups: a what-if by team worked out by hand (counts, workloads, decomposition, reasons)", "[groups]") {
  WhatifFiles f;
  const auto base = compile_ok(f.base);
  const auto variant = compile_ok(f.variant);
  const d::WhatIfReport r = whatif(*base, *variant, kCaseload, {"team"});
  REQUIRE(r.groups.size() == 2);
  const d::WhatIfReport::Group& a = r.groups[0];
  const d::WhatIfReport::Group& b = r.groups[1];
  CHECK(a.key.values == std::vector<std::string>{"A"});  // " A " is A: padding is not a value
  CHECK(b.key.values == std::vector<std::string>{"B"});
  CHECK(a.rows == 4);
  CHECK(b.rows == 3);
  CHECK(a.base_errors == 1);     // A6
  CHECK(a.variant_errors == 1);  // A6
  CHECK(b.base_errors == 0);
  CHECK(b.variant_errors == 1);  // A5
  CHECK(a.moved == 1);           // A1 2MM -> 1MM
  CHECK(a.changed == 1);
  CHECK(b.moved == 2);  // A5 -> error, A7 2MM -> 1MM
  CHECK(b.changed == 2);
  // matrix over the report's categories 1MM 2MM 3MM 6MM error
  CHECK(a.counts == std::vector<std::vector<std::size_t>>{
                        {1, 0, 0, 0, 0}, {1, 0, 0, 0, 0}, {0, 0, 1, 0, 0}, {0, 0, 0, 0, 0}, {0, 0, 0, 0, 1}});
  CHECK(b.counts == std::vector<std::vector<std::size_t>>{
                        {0, 0, 0, 0, 0}, {1, 0, 0, 0, 1}, {0, 0, 0, 0, 0}, {0, 0, 0, 1, 0}, {0, 0, 0, 0, 0}});

  // Base, team A: A1 1/2 + A2 1/3 = 5/6 follow-ups, A3's first interview once: 11/6 interviews.
  //   minutes 60 + 30/2 + 30/3 = 85, preparation 10 * 5/6 = 8.33: 93.33 min = 1.5556 h
  // Base, team B: A4 1/6 + A5 1/2 + A7 1/2 = 7/6. Minutes 60/6 + 30/2 + 60/2 = 55, prep 11.67.
  CHECK(a.base.customers == 3);
  CHECK(a.base.first_interviews == 1);
  CHECK(a.base.follow_ups_per_month == Approx(5.0 / 6));
  CHECK(a.base.interviews_per_month == Approx(11.0 / 6));
  CHECK(a.base.hours_per_month == Approx((85 + 50.0 / 6) / 60));
  CHECK(b.base.customers == 3);
  CHECK(b.base.interviews_per_month == Approx(7.0 / 6));
  CHECK(b.base.hours_per_month == Approx((55 + 70.0 / 6) / 60));
  // Variant, team A: A1 monthly: 1 + 1/3 follow-ups; minutes 60 + 30 + 10 = 100, prep 13.33.
  // Variant, team B: A5 an error; A4 1/6 + A7 1 = 7/6; minutes 10 + 60 = 70, prep 11.67.
  CHECK(a.variant.follow_ups_per_month == Approx(4.0 / 3));
  CHECK(a.variant.hours_per_month == Approx((100 + 40.0 / 3) / 60));
  CHECK(b.variant.customers == 2);
  CHECK(b.variant.follow_ups_per_month == Approx(7.0 / 6));
  CHECK(b.variant.hours_per_month == Approx((70 + 70.0 / 6) / 60));

  // The decomposition: A5 enters the error state (base 2MM, 1/2 follow-up, 30 + 10 minutes per
  // interview: 20 min a month); the five others are decided by both; none leaves it.
  CHECK(r.decomposition.both == 5);
  CHECK(r.decomposition.entering == 1);
  CHECK(r.decomposition.leaving == 0);
  CHECK(r.decomposition.entering_base.customers == 1);
  CHECK(r.decomposition.entering_base.follow_ups_per_month == Approx(0.5));
  CHECK(r.decomposition.entering_base.hours_per_month == Approx(20.0 / 60));
  CHECK(r.decomposition.leaving_variant.customers == 0);
  // Interviews: base 3, variant 3.5: +0.5 = policy +1.0 (both: 2.5 -> 3.5) - 0.5 (A5 entering)
  CHECK(r.decomposition.both_base.interviews_per_month == Approx(2.5));
  CHECK(r.decomposition.both_variant.interviews_per_month == Approx(3.5));
  CHECK(b.decomposition.both == 2);
  CHECK(b.decomposition.entering == 1);
  CHECK(a.decomposition.both == 3);
  CHECK(a.decomposition.entering == 0);
  check_all_decompositions(r.base, r.variant, r.decomposition);
  for (const auto& g : r.groups) check_all_decompositions(g.base, g.variant, g.decomposition);

  // Reasons: the base cannot decide A6 (its birth date), the variant A6 and A5 (closer_months).
  REQUIRE(r.base_error_kinds.size() == 1);
  CHECK(r.base_error_kinds[0].rows == 1);
  CHECK(r.base_error_kinds[0].text.find("birth_date") != std::string::npos);
  CHECK(r.base_error_kinds[0].text.find("1980-13-01") == std::string::npos);  // no cell value
  CHECK(r.variant_error_kinds.size() == 2);
  CHECK(rows_of(r.variant_error_kinds) == 2);

  // Totals: the groups merged are the report without --by.
  const d::WhatIfReport plain = whatif(*base, *variant, kCaseload);
  CHECK(plain.groups.empty());
  check_same(r.base, plain.base);
  check_same(r.variant, plain.variant);
  CHECK(r.counts == plain.counts);
  CHECK(r.changed == plain.changed);
  CHECK(r.moved == plain.moved);
  CHECK(r.base_errors == plain.base_errors);
  CHECK(r.variant_errors == plain.variant_errors);
}

TEST_CASE("groups: workload by team, and its staff file worked out by hand", "[groups][capacity]") {
  WhatifFiles f;
  const auto base = compile_ok(f.base);
  d::WorkloadReport r = workload(*base, kCaseload, {"team"});
  REQUIRE(r.groups.size() == 2);
  CHECK(r.groups[0].summary.rows == 4);
  CHECK(r.groups[0].summary.decided == 3);
  CHECK(r.groups[0].summary.errors == 1);
  CHECK(r.groups[1].summary.rows == 3);
  CHECK(r.groups[0].workload.interviews_per_month == Approx(11.0 / 6));
  CHECK(r.groups[1].workload.interviews_per_month == Approx(7.0 / 6));
  check_sums({&r.groups[0].workload, &r.groups[1].workload}, r.workload);
  CHECK(r.summary.rows == 7);
  CHECK(r.summary.errors == 1);
  CHECK(rows_of(r.summary.error_kinds.sorted()) == 1);

  // German staff file: `;`, decimal comma, a BOM, the overall row with an empty team.
  d::Staff staff;
  std::string error;
  REQUIRE(d::read_staff("\xef\xbb\xbfTeam-Spalte;team;VZ\xc3\x84\r\nx;A;0,5\r\ny;B;1\r\n;;2\r\n", "staff.csv", {"team"},
                        {}, staff, error));
  INFO(error);
  REQUIRE(staff.groups.size() == 2);
  CHECK(staff.groups[0].key == std::vector<std::string>{"A"});
  CHECK(staff.groups[0].fte == 0.5);
  REQUIRE(staff.overall);
  CHECK(*staff.overall == 2.0);
  std::vector<std::string> notes;
  d::apply_capacity(r, &staff, std::nullopt, notes);
  CHECK(notes.empty());
  // 0.5 posts * 84.5 h = 42.25 interview hours a month; demand = the steady state's FTE.
  const d::Capacity& ca = r.groups[0].capacity;
  CHECK(ca.known);
  CHECK(ca.fte == 0.5);
  CHECK(ca.interview_hours_per_month == Approx(42.25));
  CHECK(ca.demand_fte == r.groups[0].workload.steady_fte);
  CHECK(ca.demand_fte == Approx(r.groups[0].workload.steady_hours_per_month / (39.0 * 52 / 12 * 0.5)).margin(1e-12));
  CHECK(ca.utilisation == Approx(ca.demand_fte / 0.5).margin(1e-12));
  CHECK(r.capacity.known);
  CHECK(r.capacity.fte == 2.0);
  CHECK(r.capacity.interview_hours_per_month == Approx(169.0));
  for (std::size_t m = 0; m < d::kForecastMonths; ++m)
    CHECK(ca.over[m] == (r.groups[0].workload.forecast[m].fte > 0.5));

  // --capacity wins over the overall row; a tiny staff is over capacity whenever there is demand.
  d::apply_capacity(r, &staff, 0.001, notes);
  CHECK(r.capacity.fte == 0.001);

  // A group without staff: unknown, with a note; a staff row of a group not in the caseload: a
  // note; no overall row and a group unknown: the overall capacity is unknown too.
  d::WorkloadReport r2 = workload(*base, kCaseload, {"team"});
  REQUIRE(d::read_staff("team,fte\nA,0.5\nC,\"3,5\"\n", "staff.csv", {"team"}, {}, staff, error));
  notes.clear();
  d::apply_capacity(r2, &staff, std::nullopt, notes);
  CHECK(r2.groups[0].capacity.known);
  CHECK_FALSE(r2.groups[1].capacity.known);
  CHECK_FALSE(r2.capacity.known);
  REQUIRE(notes.size() == 2);
  CHECK(notes[0].find(" B ") != std::string::npos);  // the Coburg policy speaks German
  CHECK(notes[1].find(" C ") != std::string::npos);
  // every group given: the overall staff is their sum
  REQUIRE(d::read_staff("team,fte\nA,0.5\nB,1.25\n", "staff.csv", {"team"}, {}, staff, error));
  notes.clear();
  d::apply_capacity(r2, &staff, std::nullopt, notes);
  CHECK(r2.capacity.known);
  CHECK(r2.capacity.fte == 1.75);
}

TEST_CASE("groups: staff files that cannot be read say why", "[groups][capacity]") {
  d::Staff staff;
  std::string error;
  CHECK_FALSE(d::read_staff("", "s.csv", {"team"}, {}, staff, error));
  CHECK(error.find("s.csv") != std::string::npos);
  CHECK_FALSE(d::read_staff("team;posts\nA;1\n", "s.csv", {"team"}, {}, staff, error));
  CHECK(error.find("fte") != std::string::npos);
  CHECK_FALSE(d::read_staff("team;fte\nA;eins\n", "s.csv", {"team"}, {}, staff, error));
  CHECK(error.find("line 2") != std::string::npos);
  CHECK_FALSE(d::read_staff("team;fte\nA;-1\n", "s.csv", {"team"}, {}, staff, error));
  CHECK_FALSE(d::read_staff("team;fte\nA;1\nA;2\n", "s.csv", {"team"}, {}, staff, error));
  CHECK(error.find("line 3") != std::string::npos);
  CHECK_FALSE(d::read_staff("team;fte\nA;1;3\n", "s.csv", {"team"}, {}, staff, error));
  // a file without group columns: its row is the overall staff
  REQUIRE(d::read_staff("Stellen\n12,5\n", "s.csv", {"team"}, {}, staff, error));
  CHECK(staff.groups.empty());
  CHECK(staff.overall == 12.5);
  CHECK(d::parse_fte(" 4,5 ") == 4.5);
  CHECK_FALSE(d::parse_fte("4,5,0"));
  CHECK_FALSE(d::parse_fte("inf"));
}

TEST_CASE("groups: group totals are the report without --by, every figure, on 1 and 2 threads", "[groups][threads]") {
  WhatifFiles f;
  const auto base = compile_ok(f.base);
  const auto variant = compile_ok(f.variant);
  const std::string csv = read_file(source_path("examples/whatif/caseload.csv"));
  for (const std::vector<std::string>& by :
       {std::vector<std::string>{"profile"}, std::vector<std::string>{"status", "german_ok"}}) {
    for (const unsigned jobs : {1u, 2u}) {
      INFO("by " << by[0] << ", jobs " << jobs);
      const d::WorkloadReport plain = workload(*base, csv, {}, 1);
      const d::WorkloadReport grouped = workload(*base, csv, by, jobs);
      REQUIRE(grouped.groups.size() > 1);
      check_same(grouped.workload, plain.workload);
      CHECK(grouped.summary.rows == plain.summary.rows);
      CHECK(grouped.summary.errors == plain.summary.errors);
      std::vector<const d::Workload*> parts;
      std::size_t rows = 0;
      for (const auto& g : grouped.groups) {
        parts.push_back(&g.workload);
        rows += g.summary.rows;
      }
      CHECK(rows == plain.summary.rows);
      check_sums(parts, grouped.workload);

      const d::WhatIfReport w0 = whatif(*base, *variant, csv, {}, 1);
      const d::WhatIfReport w = whatif(*base, *variant, csv, by, jobs);
      check_same(w.base, w0.base);
      check_same(w.variant, w0.variant);
      check_same(w.decomposition.both_base, w0.decomposition.both_base);
      check_same(w.decomposition.entering_base, w0.decomposition.entering_base);
      CHECK(w.counts == w0.counts);
      CHECK(w.changed == w0.changed);
      CHECK(w.moved == w0.moved);
      CHECK(w.moves.size() == w0.moves.size());
      CHECK(rows_of(w.base_error_kinds) == rows_of(w0.base_error_kinds));
      std::vector<const d::Workload*> bases, variants;
      std::size_t changed = 0, both = 0;
      for (const auto& g : w.groups) {
        bases.push_back(&g.base);
        variants.push_back(&g.variant);
        changed += g.changed;
        both += g.decomposition.both;
        check_all_decompositions(g.base, g.variant, g.decomposition);
      }
      CHECK(changed == w0.changed);
      CHECK(both == w0.decomposition.both);
      check_sums(bases, w.base);
      check_sums(variants, w.variant);
      check_all_decompositions(w.base, w.variant, w.decomposition);
      CHECK(w.decomposition.both + w.decomposition.entering + w.base_errors == w.rows);
      CHECK(w.decomposition.both + w.decomposition.leaving + w.variant_errors == w.rows);
    }
  }
}

TEST_CASE("groups: more than 1000 groups is an error, never a cut", "[groups]") {
  WhatifFiles f;
  const auto base = compile_ok(f.base);
  std::string csv = "id,birth_date,status,profile,bfm,massnahme,arbeitsunfaehig,foerderung,para10,german_ok,last_contact,"
                    "profiling_date,extension_months,extension_reason,closer_months\n";
  for (int i = 0; i < 1001; ++i)
    csv += fmt_id(i) + ",1980-01-01,arbeitslos,marktnah,false,false,false,keine,false,true,2017-02-10,,,,\n";
  d::CsvReader reader{std::string_view(csv)};
  const auto header = header_of(reader);
  const d::ColumnBinding b = bind_header(*base, header);
  d::WorkloadReport r;
  std::string error;
  CHECK_FALSE(d::run_workload(*base, reader, b, options(header, {"id"}, 1), r, error));
  CHECK(error.find("1000") != std::string::npos);
}

TEST_CASE("groups: kadenz workload and whatif with --by, --staff, --capacity, --catch-up-months", "[groups][cli]") {
  WhatifFiles f;
  const std::string caseload = f.dir.write("caseload.csv", kCaseload);
  const std::string staff = f.dir.write("staff.csv", "team;fte\nA;0,5\nB;1\n");
  Result r = run_kadenz(f.dir, "workload --as-of 2017-03-01 --by team --staff " + sh(staff) + " " + sh(f.base) + " " +
                                   sh(caseload));
  INFO(r.err);
  CHECK(r.code == 1);  // A6 is a row error
  r = run_kadenz(f.dir, "whatif --as-of 2017-03-01 --by team --capacity 3 --catch-up-months 2 " + sh(f.base) + " " +
                            sh(f.variant) + " " + sh(caseload));
  CHECK(r.code != 2);
  r = run_kadenz(f.dir, "workload --as-of 2017-03-01 --by tema " + sh(f.base) + " " + sh(caseload));
  CHECK(r.code == 2);
  CHECK(r.err.find("`tema`") != std::string::npos);
  CHECK(r.err.find("`team`") != std::string::npos);  // did you mean
  r = run_kadenz(f.dir, "workload --as-of 2017-03-01 --catch-up-months 13 " + sh(f.base) + " " + sh(caseload));
  CHECK(r.code != 0);
  CHECK(r.code != 1);

  // the public API: a group without staff is a note
  const Compiled c = compile_policy_file(f.base, {});
  REQUIRE(c.ok());
  CaseloadOptions o;
  o.as_of = Date{2017, 3, 1};
  ReportOptions report;
  report.by = {"team"};
  report.staff = CaseloadInput::text("team,fte\nA,1\n", "staff.csv");
  const WorkloadResult w = kadenz::workload(c.policy(), CaseloadInput::file(caseload), o, report);
  REQUIRE(w.ok);
  bool noted = false;
  for (const auto& n : w.notes) noted = noted || n.find("Gruppe B") != std::string::npos;  // German policy
  CHECK(noted);
  report.by = {"teams"};
  const WorkloadResult bad = kadenz::workload(c.policy(), CaseloadInput::file(caseload), o, report);
  CHECK_FALSE(bad.ok);
  CHECK(bad.error.find("meinten Sie `team`") != std::string::npos);
}
