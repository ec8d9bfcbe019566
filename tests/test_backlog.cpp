// Steady state, backlog and the forecast split into first interviews, caught-up backlog and
// recurring follow-ups (issue 17; docs/workload.md gives the formulas): a small caseload worked
// out by hand, and properties of WorkloadTally over generated records.
#include "support.hpp"

#include "interpreter/report/report.hpp"
#include "stdlib/date.hpp"

#include <catch2/catch.hpp>

#include <array>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

using namespace kadenz;
using namespace kadenz::test;
namespace d = kadenz::detail;

namespace {

// Every workload entry read from a column, so that each record says what it is.
const std::string kPolicy = with_header(
    "facts\n  id: text, key\n  cat: text\n  n: duration\n  due: date\n  first: bool\n  m: minutes\nend\n"
    "parameters\n  prep = 10 minutes\nend\n"
    "output code = cat\n"
    "workload\n  category = code\n  interval = n\n  next_due = due\n  minutes = m\n"
    "  first_interview = first\n  prep_minutes = prep\n  weekly_hours = 39 hours\n"
    "  interview_share = 50 %\nend\n");

// as_of 2017-01-31: the forecast runs from January (month 0) to December 2017 (month 11), and
// a catch-up in February falls on the 28th (31 January + 1 month, clamped).
//  R1  A 2 months  due 10.03.2017  follow-up on schedule                 30 min (m: minutes)
//  R2  A 2 months  due 01.12.2016  overdue                               30 min
//  R3  A 2 months  due 05.01.2017  overdue                               30 min
//  R4  A 2 months  due 11.11.2016  overdue                               30 min
//  R5  B 3 months  due 20.12.2016  overdue                               60 min
//  R6  B 4 weeks   due 10.01.2017  overdue                               30 min
//  R7  B 4 weeks   due 20.01.2017  overdue                               30 min
//  R8  C 2 months  due 20.02.2017  first interview on schedule           60 min
//  R9  C 2 months  due 01.10.2016  first interview overdue               60 min
//  R10 D 0 months  due 01.02.2017  cannot recur: not counted             30 min
// Preparation 10 minutes per follow-up; 39 h × 52/12 × 50 % = 84.5 interview hours per post.
const std::string kCaseload =
    "id,cat,n,due,first,m\n"
    "R1,A,2 Monate,2017-03-10,false,30\n"
    "R2,A,2 Monate,2016-12-01,false,30\n"
    "R3,A,2 Monate,2017-01-05,false,30\n"
    "R4,A,2 Monate,2016-11-11,false,30\n"
    "R5,B,3 Monate,2016-12-20,false,60\n"
    "R6,B,4 Wochen,2017-01-10,false,30\n"
    "R7,B,4 Wochen,2017-01-20,false,30\n"
    "R8,C,2 Monate,2017-02-20,true,60\n"
    "R9,C,2 Monate,2016-10-01,true,60\n"
    "R10,D,0 Monate,2017-02-01,false,30\n";

d::Workload run(const std::string& csv, std::int64_t catch_up, unsigned jobs = 1) {
  const Compiled c = compile_policy("w.kadenz", kPolicy);
  INFO(render_text(*c.source, c.diagnostics));
  REQUIRE(c.ok());
  const d::Program& p = *d::program_of(c);
  d::CsvReader reader{std::string_view(csv)};
  const d::ColumnBinding b = bind_header(p, header_of(reader));
  d::WorkloadReport r;
  std::string error;
  d::RunOptions options{*d::parse_date("2017-01-31"), jobs, nullptr};
  options.catch_up_months = catch_up;
  INFO(error);
  REQUIRE(d::run_workload(p, reader, b, options, r, error));
  REQUIRE(r.summary.decided == 10);
  return r.workload;
}

}  // namespace

TEST_CASE("backlog: a caseload worked out by hand (steady state, one-off, forecast over 3 months)", "[backlog][report]") {
  for (unsigned jobs : {1u, 2u}) {
    INFO("jobs " << jobs);
    const d::Workload w = run(kCaseload, 3, jobs);
    CHECK(w.customers == 9);  // R10 (0 months) is not counted
    CHECK(w.not_counted == 1);
    CHECK(w.catch_up_months == 3);
    // Steady state: every counted customer at its interval, (minutes + 10) each time.
    //   A: R1..R4 at 2 months: 4 × 1/2 = 2 a month, 2 × 40 = 80 minutes
    //   B: R5 at 3 months: 1/3, 70/3 minutes; R6, R7 at 4 weeks: 2 × 30.436875/28 = 2.1740625,
    //      × 40 = 86.9625 minutes
    //   C: R8, R9 (first interviews) at 2 months: 2 × 1/2 = 1, 2 × 70/2 = 70 minutes
    //   = 5.5073958… interviews, 260.2958… minutes = 4.3382638… hours, / 84.5 = 0.0513404… FTE
    const double steady = 2 + 1.0 / 3 + 2 * 30.436875 / 28 + 1;
    const double steady_minutes = 80 + 70.0 / 3 + 2 * 30.436875 / 28 * 40 + 70;
    CHECK(w.steady_interviews_per_month == Approx(steady));
    CHECK(w.steady_interviews_per_month == Approx(5.5073958333));
    CHECK(w.steady_hours_per_month == Approx(steady_minutes / 60));
    CHECK(w.steady_hours_per_month == Approx(4.3382638889));
    CHECK(w.interview_hours_per_fte == Approx(84.5));
    CHECK(w.steady_fte == Approx(4.3382638889 / 84.5));
    // The old figure stays: first interviews once (2) + follow-ups of the others (4.5073958…).
    CHECK(w.interviews_per_month == Approx(2 + 2 + 1.0 / 3 + 2 * 30.436875 / 28));
    // Per category.
    REQUIRE(w.categories.size() == 4);
    CHECK(w.categories[0].name == "A");
    CHECK(w.categories[0].steady_interviews_per_month == Approx(2));
    CHECK(w.categories[0].steady_hours_per_month == Approx(80.0 / 60));
    CHECK(w.categories[0].backlog == 3);
    CHECK(w.categories[1].backlog == 3);
    CHECK(w.categories[2].name == "C");
    CHECK(w.categories[2].steady_interviews_per_month == Approx(1));
    CHECK(w.categories[2].backlog == 0);  // overdue first interviews are not backlog
    CHECK(w.categories[3].steady_interviews_per_month == 0);
    // One-off: first interviews R8, R9 = 2 × 60 minutes = 2 hours (no preparation); backlog
    // R2..R7 = 6: 3 × 40 + 70 + 2 × 40 = 270 minutes = 4.5 hours.
    CHECK(w.first_interviews == 2);
    CHECK(w.first_interview_hours == Approx(2.0));
    CHECK(w.backlog == 6);
    CHECK(w.backlog_hours == Approx(4.5));
    // Forecast. An overdue record is caught up in month k = (its due day's number) mod 3:
    //   R2 01.12.2016 = day 17136 → 0 (Jan); R4 11.11.2016 = 17116 → 1 (Feb);
    //   R3 05.01.2017 = 17171 → 2 (Mar); R5 20.12.2016 = 17155 → 1 (Feb);
    //   R6 10.01.2017 = 17176 → 1 (Feb, on 31.1. + 1 month = 28.2.); R7 20.01.2017 = 17186 → 2
    //   (Mar, on 31.3.); R9 01.10.2016 = 17075 → 2 (Mar, a first interview)
    //   A (2 months): R2 from Jan: Mar, May, Jul, Sep, Nov; R4 from Feb: Apr, Jun, Aug, Oct, Dec;
    //      R3 from Mar: May, Jul, Sep, Nov
    //   R5 (3 months) from Feb: May, Aug, Nov
    //   4 weeks: R6 28.2., then 28.3., 25.4., 23.5., 20.6., 18.7., 15.8., 12.9., 10.10., 7.11.,
    //      5.12.; R7 31.3., then 28.4., 26.5., 23.6., 21.7., 18.8., 15.9., 13.10., 10.11., 8.12.
    //   first interviews: R8 in Feb (its due month), then Apr, Jun, Aug, Oct, Dec as follow-ups;
    //      R9 caught up in Mar, then May, Jul, Sep, Nov
    //   R1 on schedule: Mar, May, Jul, Sep, Nov
    //            Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec
    // first       0   1   1   0   0   0   0   0   0   0   0   0
    // backlog     1   3   2   0   0   0   0   0   0   0   0   0
    // recurring   0   0   3   4   7   4   6   5   6   4   7   4
    //   Mar: R1, R2, R6; Apr: R4, R6, R7, R8; May: R1, R2, R3, R5, R6, R7, R9;
    //   Jun: R4, R6, R7, R8; Aug: R4, R5, R6, R7, R8 …
    // minutes: first 60, backlog and follow-ups minutes + 10 (A, R1, 4W: 40; R5, R8, R9: 70)
    //   Jan 40; Feb 60 + (40 + 70 + 40) = 210; Mar 60 + (40 + 40) + (40 + 40 + 40) = 260;
    //   Apr 40 + 80 + 70 = 190; May 120 + 40 + 70 + 80 + 70 = 340 … (the table below)
    const std::array<std::size_t, 12> first{0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    const std::array<std::size_t, 12> backlog{1, 3, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    const std::array<std::size_t, 12> recurring{0, 0, 3, 4, 7, 4, 6, 5, 6, 4, 7, 4};
    const std::array<std::int64_t, 12> minutes{40, 210, 260, 190, 340, 190, 270, 260, 270, 190, 340, 190};
    for (std::size_t m = 0; m < 12; ++m) {
      INFO("month " << m);
      CHECK(w.forecast[m].year == 2017);
      CHECK(w.forecast[m].month == static_cast<int>(m) + 1);
      CHECK(w.forecast[m].first == first[m]);
      CHECK(w.forecast[m].backlog == backlog[m]);
      CHECK(w.forecast[m].recurring == recurring[m]);
      CHECK(w.forecast[m].interviews == first[m] + backlog[m] + recurring[m]);
      CHECK(w.forecast[m].minutes == minutes[m]);
      CHECK(w.forecast[m].hours == Approx(static_cast<double>(minutes[m]) / 60));
      CHECK(w.forecast[m].fte == Approx(static_cast<double>(minutes[m]) / 60 / 84.5));
    }
  }
}

TEST_CASE("backlog: catch-up over 1 month is the old forecast (all overdue in as_of's month)", "[backlog][report]") {
  const d::Workload w = run(kCaseload, 1);
  CHECK(w.catch_up_months == 1);
  // Everything overdue on 31.1.: A ×3 in Jan, then Mar, May, Jul, Sep, Nov (3 each); R5 in Jan,
  // then Apr, Jul, Oct; 4W ×2 on 31.1., then 28.2., 28.3., 25.4. … 5.12. (2 in each month
  // Feb..Dec); R9 (first) in Jan, then Mar, May, …; R8 in Feb, then Apr, Jun, …; R1 Mar, May, …
  const std::array<std::size_t, 12> first{1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  const std::array<std::size_t, 12> backlog{6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  const std::array<std::size_t, 12> recurring{0, 2, 7, 4, 7, 3, 8, 3, 7, 4, 7, 3};
  for (std::size_t m = 0; m < 12; ++m) {
    INFO("month " << m);
    CHECK(w.forecast[m].first == first[m]);
    CHECK(w.forecast[m].backlog == backlog[m]);
    CHECK(w.forecast[m].recurring == recurring[m]);
  }
  // Jan: 60 (R9) + 270 (the backlog)
  CHECK(w.forecast[0].minutes == 330);
  // Steady state and one-off do not depend on the catch-up.
  const d::Workload three = run(kCaseload, 3);
  CHECK(w.steady_interviews_per_month == three.steady_interviews_per_month);
  CHECK(w.steady_hours_per_month == three.steady_hours_per_month);
  CHECK(w.backlog == three.backlog);
  CHECK(w.backlog_hours == three.backlog_hours);
}

TEST_CASE("backlog: catch-up months outside 1..12 are taken as the nearer end", "[backlog][report]") {
  CHECK(run(kCaseload, 0).catch_up_months == 1);
  CHECK(run(kCaseload, 99).catch_up_months == d::kMaxCatchUpMonths);
  const d::Workload w = run(kCaseload, 12);
  // A bucket of 3 over 12 months: floor((k+1)·3/12) − floor(k·3/12) = 1 in months 3, 7, 11.
  std::size_t sum = 0;
  for (const auto& m : w.forecast) sum += m.backlog;
  CHECK(sum == 6);
}

// ---- properties over generated records, fed to WorkloadTally directly ----

namespace {

constexpr std::int32_t kAsOf = 17212;  // 2017-02-15

// Random records: categories, intervals in months, weeks or days, due dates from a year
// before as_of to a year after it, some first interviews, some that cannot recur.
std::vector<d::WorkloadValues> generate(std::uint32_t seed, std::size_t count) {
  std::mt19937 rng(seed);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  std::vector<d::WorkloadValues> out;
  for (std::size_t i = 0; i < count; ++i) {
    d::WorkloadValues v;
    v.category = std::string(1, static_cast<char>('A' + pick(0, 3)));
    const int unit = pick(0, 5);
    v.interval_unit = unit < 4 ? d::DurationUnit::months : unit == 4 ? d::DurationUnit::weeks : d::DurationUnit::days;
    v.interval = v.interval_unit == d::DurationUnit::months ? pick(0, 12) : v.interval_unit == d::DurationUnit::weeks ? pick(1, 8) : pick(1, 60);
    v.next_due = kAsOf + pick(-365, 365);
    v.first = pick(0, 4) == 0;
    v.minutes = 30 * pick(1, 2);
    v.prep = 10;
    v.weekly_minutes = 39 * 60;
    v.share = 50;
    v.no_interval = pick(0, 30) == 0;
    out.push_back(v);
  }
  return out;
}

d::Workload finish(const d::WorkloadTally& t) {
  d::Workload w;
  std::string error;
  INFO(error);
  REQUIRE(t.finish(kAsOf, w, error));
  return w;
}

d::Workload tally(const std::vector<d::WorkloadValues>& records, std::int64_t catch_up) {
  d::WorkloadTally t;
  t.catch_up_months = catch_up;
  for (const auto& v : records) t.add(v, kAsOf);
  return finish(t);
}

// The forecast as it was before issue 17, written out independently: each counted record's
// next interview in the month of max(next_due, as_of), then every interval.
std::array<std::size_t, 12> old_forecast(const std::vector<d::WorkloadValues>& records) {
  std::array<std::size_t, 12> due{};
  const d::CivilDate start = d::civil_from_days(kAsOf);
  auto index = [&](std::int64_t day) {
    const d::CivilDate c = d::civil_from_days(static_cast<d::DayNumber>(day));
    return (c.year - start.year) * 12 + (c.month - start.month);
  };
  for (const auto& v : records) {
    if (v.no_interval || v.interval < 1) continue;
    std::int64_t day = std::max(v.next_due, kAsOf);
    if (v.interval_unit == d::DurationUnit::months) {
      for (std::int64_t k = index(day); k < 12; k += v.interval) ++due[static_cast<std::size_t>(k)];
    } else {
      const std::int64_t step = v.interval_unit == d::DurationUnit::weeks ? 7 * v.interval : v.interval;
      for (; index(day) < 12; day += step) ++due[static_cast<std::size_t>(index(day))];
    }
  }
  return due;
}

}  // namespace

TEST_CASE("backlog: properties of the split forecast over generated records", "[backlog][report][property]") {
  for (std::uint32_t seed = 1; seed <= 20; ++seed) {
    const auto records = generate(seed, 300);
    std::size_t overdue_firsts = 0, firsts_in_window = 0;
    const std::int32_t window_end = *d::parse_date("2018-02-01");  // the forecast: Feb 2017 .. Jan 2018
    for (const auto& v : records) {
      if (v.no_interval || v.interval < 1 || !v.first) continue;
      if (v.next_due < kAsOf) ++overdue_firsts;
      else if (v.next_due < window_end) ++firsts_in_window;
    }
    const auto old = old_forecast(records);
    for (std::int64_t n = 1; n <= d::kMaxCatchUpMonths; ++n) {
      INFO("seed " << seed << ", catch-up " << n);
      const d::Workload w = tally(records, n);
      std::size_t backlog = 0, first = 0;
      for (std::size_t m = 0; m < 12; ++m) {
        const auto& month = w.forecast[m];
        // the parts add up to the interviews of the month
        CHECK(month.interviews == month.first + month.backlog + month.recurring);
        // the backlog is caught up within the catch-up months only
        if (static_cast<std::int64_t>(m) >= n) CHECK(month.backlog == 0);
        CHECK(month.hours == static_cast<double>(month.minutes) / 60);
        CHECK(month.fte == Approx(month.hours / w.interview_hours_per_fte));
        backlog += month.backlog;
        first += month.first;
      }
      // every overdue follow-up is caught up exactly once; every first interview held once
      CHECK(backlog == w.backlog);
      CHECK(first == overdue_firsts + firsts_in_window);
      CHECK(w.steady_fte == Approx(w.steady_hours_per_month / w.interview_hours_per_fte));
      // catch-up over 1 month reproduces the old forecast
      if (n == 1)
        for (std::size_t m = 0; m < 12; ++m) CHECK(w.forecast[m].interviews == old[m]);
    }
  }
}

TEST_CASE("backlog: tallies merged in any split give the same figures", "[backlog][report][property]") {
  const auto records = generate(42, 500);
  for (std::int64_t n : {1, 3, 7}) {
    const d::Workload whole = tally(records, n);
    for (std::size_t cut : {std::size_t{0}, std::size_t{1}, std::size_t{250}, std::size_t{499}}) {
      INFO("catch-up " << n << ", cut " << cut);
      d::WorkloadTally a, b, total;
      a.catch_up_months = b.catch_up_months = n;  // the tallies records are added to spread them
      for (std::size_t i = 0; i < records.size(); ++i) (i < cut ? a : b).add(records[i], kAsOf);
      total.catch_up_months = n;
      total.merge(b);  // the other order on purpose
      total.merge(a);
      const d::Workload w = finish(total);
      CHECK(w.steady_interviews_per_month == whole.steady_interviews_per_month);
      CHECK(w.steady_hours_per_month == whole.steady_hours_per_month);
      CHECK(w.backlog == whole.backlog);
      CHECK(w.backlog_hours == whole.backlog_hours);
      CHECK(w.first_interview_hours == whole.first_interview_hours);
      for (std::size_t m = 0; m < 12; ++m) {
        CHECK(w.forecast[m].first == whole.forecast[m].first);
        CHECK(w.forecast[m].backlog == whole.forecast[m].backlog);
        CHECK(w.forecast[m].recurring == whole.forecast[m].recurring);
        CHECK(w.forecast[m].minutes == whole.forecast[m].minutes);
      }
    }
  }
}

TEST_CASE("backlog: overdue records due on consecutive days spread evenly over the catch-up", "[backlog][property]") {
  // b overdue records (12 months, 30 minutes) due on b consecutive days, caught up over n
  // months: month k gets those whose due day is k mod n, so the months differ by at most one.
  for (std::size_t b : {1u, 2u, 5u, 11u, 12u, 13u, 100u}) {
    d::WorkloadValues v;
    v.category = std::string(1, 'A');
    v.interval = 12;  // caught up in month k, its next interview (k + 12) is past the forecast
    v.next_due = kAsOf - 1;
    v.minutes = 30;
    v.weekly_minutes = 39 * 60;
    v.share = 50;
    std::vector<d::WorkloadValues> records(b, v);
    for (std::size_t i = 0; i < b; ++i) records[i].next_due = kAsOf - 1 - static_cast<std::int32_t>(i);
    for (std::int64_t n = 1; n <= 12; ++n) {
      INFO("b " << b << ", n " << n);
      const d::Workload w = tally(records, n);
      std::size_t lo = b, hi = 0, sum = 0;
      for (std::int64_t m = 0; m < n; ++m) {
        const std::size_t c = w.forecast[static_cast<std::size_t>(m)].backlog;
        lo = std::min(lo, c);
        hi = std::max(hi, c);
        sum += c;
      }
      CHECK(sum == b);
      CHECK(hi - lo <= 1);
    }
  }
}
