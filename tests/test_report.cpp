// Workload and what-if reports: small caseloads worked out by hand, and properties over the
// example and generated caseloads (whatif P P changes nothing; the totals are the sums of the
// per-record outputs `kadenz eval` writes).
#include "run_cli.hpp"
#include "support.hpp"

#include "interpreter/report/report.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <string>

using namespace kadenz;
using namespace kadenz::test;
namespace d = kadenz::detail;

namespace {

const char* kHeader =
    "id,birth_date,status,profile,bfm,massnahme,arbeitsunfaehig,foerderung,para10,german_ok,last_contact,"
    "profiling_date,extension_months,extension_reason,closer_months\n";

// Seven customers, as_of 2017-03-01 (the worked figures are in the test below):
//  A1 Ü25 arbeitslos marktnah, follow-up          base 2MM (2 months)   variant 1MM
//  A2 Ü25 arbeitslos marktfern, follow-up         3MM                   3MM
//  A3 U25 arbeitslos marktnah, no first interview 1MM (first, 60 min)   1MM
//  A4 Ü25 arbeitsuchend, German not sufficient    6MM (60 min)          6MM
//  A5 Ü25 marktnah with closer_months 2           2MM                   error: 2 > base 1
//  A6 broken birth date                           error                 error
//  A7 Ü25 marktnah, German not sufficient, 31.01  2MM (60 min)          1MM, due 28.02
const std::string kCaseload = std::string(kHeader) +
    "A1,1980-01-01,arbeitslos,marktnah,false,false,false,keine,false,true,2017-02-10,,,,\n"
    "A2,1980-01-01,arbeitslos,marktfern,false,false,false,keine,false,true,2017-01-15,,,,\n"
    "A3,2000-01-01,arbeitslos,marktnah,false,false,false,keine,false,true,,,,,\n"
    "A4,1970-06-30,arbeitsuchend,marktfern,false,false,false,keine,false,false,2016-12-01,,,,\n"
    "A5,1980-01-01,arbeitslos,marktnah,false,false,false,keine,false,true,2017-02-20,,,,2\n"
    "A6,1980-13-01,arbeitslos,marktnah,false,false,false,keine,false,true,2017-02-20,,,,\n"
    "A7,1985-07-07,arbeitslos,marktnah,false,false,false,keine,false,false,2017-01-31,,,,\n";

const char* const kVariant = kMarktnahMonthly;

struct Fixture : WhatifFiles {
  std::string caseload = dir.write("caseload.csv", kCaseload);
};

// The forecast as it was before issue 17 (every overdue interview in as_of's month): the figures
// worked out here assume it; tests/test_backlog.cpp covers the catch-up over several months.
d::RunOptions catch_up_at_once(const std::string& as_of, unsigned jobs, std::FILE* changes) {
  d::RunOptions options{*d::parse_date(as_of), jobs, changes};
  options.catch_up_months = 1;
  return options;
}

// `lang`: a whatif's variant speaks its base's language (as `kadenz whatif` compiles it).
std::shared_ptr<const d::Program> compile_ok(const std::string& path, std::optional<Lang> lang = {}) {
  CompileOptions options;
  options.lang = lang;
  const Compiled c = compile_policy_file(path, options);
  INFO(render_text(*c.source, c.diagnostics));
  REQUIRE(c.ok());
  return kadenz::detail::program_of(c);
}

d::WhatIfReport whatif(const d::Program& a, const d::Program& b, const std::string& csv, const std::string& as_of,
                       unsigned jobs = 1, std::FILE* changes = nullptr) {
  d::CsvReader reader{std::string_view(csv)};
  const auto header = header_of(reader);
  const d::ColumnBinding ba = bind_header(a, header), bb = bind_header(b, header);
  d::WhatIfReport r;
  std::string error;
  REQUIRE(d::run_whatif(a, ba, b, bb, reader, catch_up_at_once(as_of, jobs, changes), r, error));
  return r;
}

d::WorkloadReport workload(const d::Program& p, const std::string& csv, const std::string& as_of, unsigned jobs = 1) {
  d::CsvReader reader{std::string_view(csv)};
  const d::ColumnBinding b = bind_header(p, header_of(reader));
  d::WorkloadReport r;
  std::string error;
  REQUIRE(d::run_workload(p, reader, b, catch_up_at_once(as_of, jobs, nullptr), r, error));
  return r;
}

}  // namespace

TEST_CASE("report: a what-if worked out by hand (matrix, moves, hours, staff, forecast)", "[report]") {
  Fixture f;
  const auto base = compile_ok(f.base);
  const auto variant = compile_ok(f.variant);
  const d::WhatIfReport r = whatif(*base, *variant, kCaseload, "2017-03-01");

  CHECK(r.rows == 7);
  CHECK(r.categories == std::vector<std::string>{"1MM", "2MM", "3MM", "6MM", "error"});
  const std::vector<std::vector<std::size_t>> expected = {
      // to: 1MM 2MM 3MM 6MM error
      {1, 0, 0, 0, 0},  // from 1MM: A3
      {2, 0, 0, 0, 1},  // from 2MM: A1, A7 -> 1MM; A5 -> error
      {0, 0, 1, 0, 0},  // from 3MM: A2
      {0, 0, 0, 1, 0},  // from 6MM: A4
      {0, 0, 0, 0, 1},  // from error: A6
  };
  CHECK(r.counts == expected);
  CHECK(r.moved == 3);
  CHECK(r.changed == 3);  // A6 is an error under both, with the same message: unchanged
  CHECK(r.base_errors == 1);
  CHECK(r.variant_errors == 2);
  REQUIRE(r.moves.size() == 2);
  CHECK(r.moves[0].from_rule == "marktnah");
  CHECK(r.moves[0].to_rule == "marktnah");
  CHECK(r.moves[0].from_category == "2MM");
  CHECK(r.moves[0].to_category == "1MM");
  CHECK(r.moves[0].count == 2);
  CHECK(r.moves[1].to_rule.empty());
  CHECK(r.moves[1].to_category == "error");
  CHECK(r.moves[1].count == 1);

  // Base: 6 customers counted; A3's first interview once (60 min, no preparation); follow-ups
  // A1 1/2, A2 1/3, A4 1/6, A5 1/2, A7 1/2 = 2 per month.
  //   interview minutes: 60 + 30/2 + 30/3 + 60/6 + 30/2 + 60/2 = 140 -> 2.3333 h
  //   preparation (10 min per follow-up): 10 * 2 = 20 min -> 0.3333 h
  //   staff: 2.6667 h / (39 h * 52/12 * 50 % = 84.5 h) = 0.031558 FTE
  const d::Workload& b = r.base;
  CHECK(b.customers == 6);
  CHECK(b.first_interviews == 1);
  CHECK(b.follow_ups_per_month == Approx(2.0));
  CHECK(b.interviews_per_month == Approx(3.0));
  CHECK(b.interview_hours_per_month == Approx(140.0 / 60));
  CHECK(b.preparation_hours_per_month == Approx(20.0 / 60));
  CHECK(b.hours_per_month == Approx(160.0 / 60));
  CHECK(b.interview_hours_per_fte == Approx(84.5));
  CHECK(b.fte == Approx(160.0 / 60 / 84.5));
  // Variant: A5 is an error; A1 and A7 monthly. Follow-ups 1 + 1/3 + 1/6 + 1 = 2.5 per month.
  //   interview minutes: 60 + 30 + 10 + 10 + 60 = 170; preparation 10 * 2.5 = 25
  const d::Workload& v = r.variant;
  CHECK(v.customers == 5);
  CHECK(v.follow_ups_per_month == Approx(2.5));
  CHECK(v.interviews_per_month == Approx(3.5));
  CHECK(v.hours_per_month == Approx(195.0 / 60));
  CHECK(v.fte == Approx(195.0 / 60 / 84.5));

  // Per category (base): 2MM = A1, A5, A7: 1.5 interviews, (15+15+30) + 3*5 = 75 min per month.
  REQUIRE(b.categories.size() == 4);
  CHECK(b.categories[1].name == "2MM");
  CHECK(b.categories[1].customers == 3);
  CHECK(b.categories[1].interviews_per_month == Approx(1.5));
  CHECK(b.categories[1].hours_per_month == Approx(75.0 / 60));

  // Forecast (base), March 2017 to February 2018: A3 every month from March (first interview due
  // on as_of), A7 from 31.03 every 2 months, A1 and A5 from April every 2, A2 from April every 3,
  // A4 from June every 6.
  const std::size_t base_due[12] = {2, 4, 2, 4, 3, 3, 2, 4, 2, 4, 3, 3};
  for (std::size_t m = 0; m < 12; ++m) {
    INFO("month " << m);
    CHECK(b.forecast[m].interviews == base_due[m]);
  }
  CHECK(b.forecast[0].year == 2017);
  CHECK(b.forecast[0].month == 3);
  CHECK(b.forecast[11].year == 2018);
  CHECK(b.forecast[11].month == 2);
  // Variant: A7 is overdue (due 28.02) and so counted in March, then monthly; A1 monthly from
  // March (due 10.03); A5 drops out.
  const std::size_t variant_due[12] = {3, 4, 3, 4, 4, 3, 3, 4, 3, 4, 4, 3};
  for (std::size_t m = 0; m < 12; ++m) {
    INFO("month " << m);
    CHECK(v.forecast[m].interviews == variant_due[m]);
  }
}

TEST_CASE("report: the same figures on 1, 2 and 3 threads", "[report][threads]") {
  const auto base = compile_ok(source_path("policies/coburg-land-2017.kadenz"));
  const std::string csv = read_file(source_path("examples/caseload.csv"));
  // enough rows for several batches per thread
  std::string big = csv.substr(0, csv.find('\n') + 1);
  const std::string body = csv.substr(csv.find('\n') + 1);
  for (int i = 0; i < 200; ++i) big += body;
  const d::WorkloadReport one = workload(*base, big, "2017-03-01", 1);
  for (unsigned jobs : {2u, 3u}) {
    const d::WorkloadReport many = workload(*base, big, "2017-03-01", jobs);
    CHECK(d::render_workload_json(many) == d::render_workload_json(one));
    CHECK(d::render_whatif_json(whatif(*base, *base, big, "2017-03-01", jobs)) ==
          d::render_whatif_json(whatif(*base, *base, big, "2017-03-01", 1)));
  }
}

TEST_CASE("report: whatif P P changes nothing, and its workload is P's", "[report]") {
  const auto p = compile_ok(source_path("policies/coburg-land-2017.kadenz"));
  for (const char* as_of : {"2017-03-01", "2017-12-31"}) {
    const std::string csv = read_file(source_path("examples/caseload.csv"));
    const d::WhatIfReport r = whatif(*p, *p, csv, as_of);
    CHECK(r.moved == 0);
    CHECK(r.changed == 0);
    CHECK(r.moves.empty());
    CHECK(r.base_errors == r.variant_errors);
    for (std::size_t i = 0; i < r.counts.size(); ++i)
      for (std::size_t j = 0; j < r.counts.size(); ++j)
        if (i != j) CHECK(r.counts[i][j] == 0);
    std::size_t total = 0;
    for (std::size_t i = 0; i < r.counts.size(); ++i) total += r.counts[i][i];
    CHECK(total == r.rows);
    const d::WorkloadReport w = workload(*p, csv, as_of);
    CHECK(w.workload.hours_per_month == r.base.hours_per_month);
    CHECK(w.workload.hours_per_month == r.variant.hours_per_month);
    CHECK(w.workload.fte == r.variant.fte);
  }
}

// A variant with one more table decides every record as the base does, but its rule column names
// one more rule: every record both decide counts as changed (the `--changes` file would show its
// rule columns differ); no category moves.
TEST_CASE("report: whatif with one more table: the rule columns differ, no category moves", "[report]") {
  const WhatifFiles f(
      "extends \"coburg.kadenz\"\n"
      "table extra: int, hit first\n"
      "  rule always §1\n"
      "    otherwise\n"
      "    then 1\n"
      "end\n");
  const auto base = compile_ok(f.base);
  const auto more = compile_ok(f.variant);
  REQUIRE(more->tables.size() == base->tables.size() + 1);
  const d::WhatIfReport r = whatif(*base, *more, read_file(source_path("examples/caseload.csv")), "2017-03-01");
  CHECK(r.moved == 0);
  CHECK(r.base_errors == r.variant_errors);
  CHECK(r.changed == r.rows - r.base_errors);
}

TEST_CASE("report: workload totals are the sums over the records kadenz eval decides", "[report]") {
  // Generated caseloads (broken cells included) at several dates: the report's totals must
  // equal the sums computed here from eval's per-record outputs and the caseload's last_contact.
  TempDir dir;
  const std::string gen = std::string(KADENZ_BINARY_DIR) + "/bench/caseload_gen";
  const std::string policy = source_path("policies/coburg-land-2017.kadenz");
  for (const char* as_of : {"2017-03-01", "2018-02-28"}) {
    const std::string csv_path = dir.path("c.csv");
    REQUIRE(std::system((sh(gen) + " --rows 3000 --seed 7 --errors 30 --as-of " + as_of + " > " + sh(csv_path)).c_str()) == 0);
    const std::string csv = read_file(csv_path);
    const auto p = compile_ok(policy);
    const d::WorkloadReport w = workload(*p, csv, as_of, 2);

    const EvalRun run = eval_text(read_file(policy), csv, as_of);
    REQUIRE(run.read);
    const auto out = parse_csv(run.output);
    const auto in = parse_csv(csv);
    REQUIRE(out.size() == in.size());
    auto col = [](const std::vector<std::string>& header, const std::string& name) {
      const auto it = std::find(header.begin(), header.end(), name);
      REQUIRE(it != header.end());
      return static_cast<std::size_t>(it - header.begin());
    };
    const std::size_t c_interval = col(out[0], "interval_months"), c_minutes = col(out[0], "appointment_minutes"),
                      c_error = col(out[0], "error"), c_code = col(out[0], "code"), c_due = col(out[0], "next_due");
    const std::size_t c_last = col(in[0], "last_contact");
    double interviews = 0, minutes = 0;
    std::size_t customers = 0, first = 0;
    std::map<std::string, std::size_t> per_code;
    std::vector<std::size_t> due(12, 0);
    const auto start = d::civil_from_days(*d::parse_date(as_of));
    for (std::size_t i = 1; i < out.size(); ++i) {
      if (!out[i][c_error].empty()) continue;
      ++customers;
      ++per_code[out[i][c_code]];
      const double n = std::stod(out[i][c_interval]);
      const double m = std::stod(out[i][c_minutes]);
      const bool is_first = in[i][c_last].find_first_not_of(" \t") == std::string::npos;
      if (is_first) {
        ++first;
        interviews += 1;
        minutes += m;
      } else {
        interviews += 1 / n;
        minutes += (m + 10) / n;
      }
      const auto dd = d::civil_from_days(std::max(*d::parse_date(out[i][c_due]), *d::parse_date(as_of)));
      for (long k = (dd.year - start.year) * 12L + (static_cast<long>(dd.month) - static_cast<long>(start.month)); k < 12;
           k += static_cast<long>(n)) {
        ++due[static_cast<std::size_t>(k)];
      }
    }
    INFO("as_of " << as_of);
    CHECK(w.summary.decided == customers);
    CHECK(w.workload.customers == customers);
    CHECK(w.workload.first_interviews == first);
    CHECK(w.workload.interviews_per_month == Approx(interviews).epsilon(1e-12));
    CHECK(w.workload.hours_per_month == Approx(minutes / 60).epsilon(1e-12));
    CHECK(w.workload.fte == Approx(minutes / 60 / (39 * 52.0 / 12 * 0.5)).epsilon(1e-12));
    for (const auto& c : w.workload.categories) CHECK(per_code[c.name] == c.customers);
    for (std::size_t m = 0; m < 12; ++m) CHECK(w.workload.forecast[m].interviews == due[m]);
  }
}

TEST_CASE("report: kadenz whatif writes the report, the changes file and exit codes", "[report][cli]") {
  Fixture f;
  const std::string changes = f.dir.path("changes.csv");
  Result r = run_kadenz(f.dir, "whatif " + sh(f.base) + " " + sh(f.variant) + " " + sh(f.caseload) +
                                   " --as-of 2017-03-01 --changes " + sh(changes));
  CHECK(r.code == 1);  // rows with errors (A5, A6) are part of the report
  // the shipped policy is German, so is the report's text
  CHECK_THAT(r.out, Catch::Contains("3 von 7 Datensätzen wechseln die Kategorie, 3 ändern eine Ausgabe, die Regel oder "
                                    "den Fehler"));
  CHECK_THAT(r.out, Catch::Contains("       2  marktnah -> marktnah   (2MM -> 1MM)"));
  CHECK_THAT(r.err, Catch::Contains("7 Zeilen gelesen; 3 wechseln die Kategorie, 3 ändern Ausgaben"));
  const auto rows = parse_csv(read_file(changes));
  REQUIRE(rows.size() == 4);
  CHECK(rows[0][0] == "id");
  CHECK(rows[0][1] == "code_before");
  CHECK(rows[0][2] == "code_after");
  CHECK(rows[0].back() == "error_after");
  CHECK(rows[1][0] == "A1");
  CHECK(rows[1][1] == "2MM");
  CHECK(rows[1][2] == "1MM");
  CHECK(rows[2][0] == "A5");
  CHECK_THAT(rows[2].back(), Catch::Contains("closer_months: höchstens das Grundintervall"));
  CHECK(rows[3][0] == "A7");
  CHECK(rows[3][6] == "2017-02-28");  // next_due_after: 31.01 + 1 month, clamped

  r = run_kadenz(f.dir, "whatif " + sh(f.base) + " " + sh(f.variant) + " " + sh(f.caseload) +
                            " --as-of 2017-03-01 --format json");
  CHECK_THAT(r.out, Catch::StartsWith("{\"base\":{\"name\":\"Jobcenter Coburg Land: Kontaktdichte\""));
  CHECK_THAT(r.out, Catch::Contains("\"counts\":[[1,0,0,0,0],[2,0,0,0,1],[0,0,1,0,0],[0,0,0,1,0],[0,0,0,0,1]]"));

  // --set changes the variant: the same policy twice with more preparation time
  r = run_kadenz(f.dir, "whatif " + sh(f.base) + " " + sh(f.base) + " " + sh(f.caseload) +
                            " --as-of 2017-03-01 --set prep_minutes=20 --format json");
  CHECK_THAT(r.out, Catch::Contains("\"moved\":0"));
  CHECK_THAT(r.out, Catch::Contains("\"variant\":{\"name\":\"Jobcenter Coburg Land: Kontaktdichte\",\"file\":"));
  CHECK_THAT(r.out, Catch::Contains("--set prep_minutes=20"));

  // a policy without a workload block cannot be counted
  const std::string plain = f.dir.write("plain.kadenz", with_header("facts\n  id: text, key\nend\noutput o = 1\n"));
  r = run_kadenz(f.dir, "workload " + sh(plain) + " " + sh(f.caseload) + " --as-of 2017-03-01");
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Catch::Contains("has no `workload` block"));

  r = run_kadenz(f.dir, "workload " + sh(f.base) + " " + sh(f.caseload) + " --as-of 2017-03-01");
  CHECK(r.code == 1);
  CHECK_THAT(r.out, Catch::Contains("Gespräche pro Monat                      3.0"));
}

TEST_CASE("report: parsing the cells once for both policies gives what parsing twice gives", "[report]") {
  // A variant with one more fact (a default, so no column is needed) cannot share the base's
  // parsed facts: its run reads every cell itself. Both runs must report the same.
  Fixture f;
  const std::string extra = f.dir.write("extra.kadenz", std::string(kVariant) + "facts\n  unused_flag: bool, default false, input only\nend\n");
  const auto base = compile_ok(f.base);
  const auto shared = compile_ok(f.variant, base->voice.text);
  const auto separate = compile_ok(extra, base->voice.text);
  std::string csv = read_file(source_path("examples/caseload.csv"));
  for (const char* as_of : {"2017-03-01", "2017-07-01"}) {
    d::WhatIfReport a = whatif(*base, *shared, csv, as_of);
    d::WhatIfReport b = whatif(*base, *separate, csv, as_of);
    CHECK(a.counts == b.counts);
    CHECK(a.moved == b.moved);
    CHECK(a.changed == b.changed);
    CHECK(a.variant_errors == b.variant_errors);
    b.variant_name = a.variant_name;
    CHECK(d::render_whatif_json(a) == d::render_whatif_json(b));
  }
}

TEST_CASE("report: workload minutes too large to add up fail the report, naming the entry (no wrapped sum)",
          "[report][limits]") {
  // Two first interviews of 2^63 - 1 minutes each: their sum does not fit in 64 bits. It used
  // to wrap (undefined behaviour) and print 3.07e17 hours.
  const std::string huge = "9223372036854775807";
  const Compiled c = compile_policy(
      "w.kadenz", with_header("facts\n  id: text, key\n  m: minutes\n  n: months\nend\n"
                              "parameters\n  prep = 10 minutes\nend\n"
                              "output code = \"A\"\n"
                              "workload\n  category = code\n  interval = n\n  next_due = as_of\n  minutes = m\n"
                              "  first_interview = n = 6 months\n  prep_minutes = prep\n  weekly_hours = 39 hours\n"
                              "  interview_share = 50 %\nend\n"));
  INFO(render_text(*c.source, c.diagnostics));
  REQUIRE(c.ok());
  auto run = [&](const std::string& csv, unsigned jobs, d::WorkloadReport& r, std::string& error) {
    d::CsvReader reader{std::string_view(csv)};
    const d::ColumnBinding b = bind_header(*kadenz::detail::program_of(c), header_of(reader));
    return d::run_workload(*kadenz::detail::program_of(c), reader, b, d::RunOptions{*d::parse_date("2017-03-01"), jobs, nullptr}, r, error);
  };
  for (unsigned jobs : {1u, 2u}) {
    INFO("jobs " << jobs);
    d::WorkloadReport r;
    std::string error;
    // first interviews (interval 6): added up in the tally
    CHECK_FALSE(run("id,m,n\nK1," + huge + ",6\nK2," + huge + ",6\n", jobs, r, error));
    CHECK_THAT(error, Catch::Contains("the workload entry `minutes` gives values too large to add up (category A)"));
    // follow-ups (interval 2): count × minutes in finish
    error.clear();
    CHECK_FALSE(run("id,m,n\nK1," + huge + ",2\nK2," + huge + ",2\n", jobs, r, error));
    CHECK_THAT(error, Catch::Contains("the workload entry `minutes`"));
    // one of each: each fits, their sum does not
    error.clear();
    CHECK_FALSE(run("id,m,n\nK1," + huge + ",2\nK2," + huge + ",6\n", jobs, r, error));
    CHECK_THAT(error, Catch::Contains("too large to add up"));
  }
  // Minutes just below 2^63 in all fit; an interval of 2^63 - 1 months falls due once in the
  // forecast (the next one would be past it: the month counter must not overflow).
  d::WorkloadReport r;
  std::string error;
  REQUIRE(run("id,m,n\nK1,9223372036854775000,2\nK2,30," + huge + "\n", 1, r, error));
  INFO(error);
  CHECK(r.workload.customers == 2);
  CHECK(r.workload.forecast[0].interviews == 2);
  CHECK(r.workload.forecast[2].interviews == 1);  // K1, every 2 months
  CHECK(r.workload.forecast[1].interviews == 0);
}

TEST_CASE("report: kadenz workload and whatif with --set of a huge parameter exit 2 with a message", "[report][cli]") {
  Fixture f;
  Result r = run_kadenz(f.dir, "workload " + sh(f.base) + " " + sh(f.caseload) +
                                   " --as-of 2017-03-01 --set 'first_interview=9223372036854775807 minutes'");
  CHECK(r.code == 2);
  CHECK(r.out.empty());
  CHECK_THAT(r.err, Catch::Contains("der Eintrag `minutes` der Arbeitslast ergibt Werte, die zu groß zum Addieren sind"));
  r = run_kadenz(f.dir, "whatif " + sh(f.base) + " " + sh(f.base) + " " + sh(f.caseload) +
                            " --as-of 2017-03-01 --set 'prep_minutes=9223372036854775807 minutes'");
  CHECK(r.code == 2);
  CHECK(r.out.empty());
  CHECK_THAT(r.err, Catch::Contains("die Variante: der Eintrag `prep_minutes` der Arbeitslast ergibt Werte, die zu groß "
                                    "zum Addieren sind"));
}
