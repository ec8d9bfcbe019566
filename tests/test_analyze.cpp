// The consistency analysis (kadenz check): the broken variants of the Coburg policy as
// golden diagnostics, every witness replayed independently through the caseload path, one small
// case per finding kind, and a brute-force comparison on random tables (exactness).
#include "analyze_support.hpp"

#include <fmt/format.h>

#include <map>
#include <random>

using namespace kadenz;

namespace {

using test::analyze;
using test::Checked;
using test::of;

std::size_t count(const Checked& c, Severity s) {
  std::size_t n = 0;
  for (const auto& d : c.analysis.findings) n += d.severity == s;
  return n;
}

// The witness as a one-row caseload, evaluated like `kadenz eval --as-of`.
std::map<std::string, std::string> replay(const Checked& c, const Diagnostic& d) {
  REQUIRE_FALSE(d.witness.empty());
  std::string header, row;
  for (const auto& f : d.witness) {
    header += (header.empty() ? "" : ",") + f.column;
    row += (row.empty() ? "" : ",") + f.value;
  }
  const auto run = test::eval_text(c.compiled.source->text, header + "\n" + row + "\n", d.witness_as_of);
  REQUIRE(run.read);
  detail::CsvReader reader{std::string_view(run.output)};
  std::vector<std::string> names;
  std::string error;
  REQUIRE(reader.read_header(names, error));
  detail::CsvReader::Record rec;
  REQUIRE(reader.next(rec));
  std::map<std::string, std::string> out;
  for (std::size_t i = 0; i < names.size(); ++i) out[names[i]] = std::string(rec.fields[i]);
  return out;
}

std::string variant(const std::string& name) { return test::read_file(test::source_path("tests/analysis/" + name)); }

std::string shown(const Checked& c) {
  std::vector<Diagnostic> ds;
  for (const auto& d : c.analysis.findings)
    if (d.severity != Severity::note) ds.push_back(d);
  return render_text(*c.compiled.source, ds);
}

const std::string kFacts = "facts\n  id: text, key\n  a: int\n  b: int\n  k: one of x, y, z\n  f: bool\nend\n";

std::string table(const std::string& hit, const std::string& rules) {
  return test::with_header(kFacts + "table t: int, hit " + hit + "\n" + rules + "end\noutput o = t\n");
}

}  // namespace

TEST_CASE("analyze: the shipped Coburg policy has no errors and no warnings", "[analyze]") {
  const auto c = analyze("coburg", test::read_file(test::source_path("policies/coburg-land-2017.kadenz")));
  CHECK(count(c, Severity::error) == 0);
  CHECK(count(c, Severity::warning) == 0);
  CHECK(of(c, "not-analysed").empty());  // every condition of the directive is in the exact fragment
}

TEST_CASE("analyze: literal U25 reading makes the U25 half of 6MM unreachable", "[analyze][golden]") {
  const auto c = analyze("tests/analysis/u25-literal.kadenz", variant("u25-literal.kadenz"));
  const auto found = of(c, "unreachable");
  REQUIRE(found.size() == 1);
  CHECK(found[0]->severity == Severity::warning);
  CHECK(found[0]->message.find("`arbeitsuchend_u25`") != std::string::npos);
  CHECK_FALSE(found[0]->secondary.empty());
  auto row = replay(c, *found[0]);
  CHECK(row["rule"] != "arbeitsuchend_u25");
  CHECK(row["error"].empty());
  test::check_golden(test::source_path("tests/analysis/u25-literal.expected"), shown(c));
}

TEST_CASE("analyze: without the ohne_status rule there is a gap at status=ohne_status", "[analyze][golden]") {
  const auto c = analyze("tests/analysis/no-ohne-status.kadenz", variant("no-ohne-status.kadenz"));
  const auto found = of(c, "gap");
  REQUIRE(found.size() == 1);
  CHECK(found[0]->severity == Severity::error);
  bool status_shown = false;
  for (const auto& f : found[0]->witness) status_shown |= f.column == "status" && f.value == "ohne_status";
  CHECK(status_shown);
  CHECK(replay(c, *found[0])["error"].find("no rule of table `base_interval`") != std::string::npos);
  test::check_golden(test::source_path("tests/analysis/no-ohne-status.expected"), shown(c));
}

TEST_CASE("analyze: under hit unique, dropping an age condition makes two rules overlap", "[analyze][golden]") {
  const auto clean = analyze("tests/analysis/unique-clean.kadenz", variant("unique-clean.kadenz"));
  CHECK(count(clean, Severity::error) == 0);
  CHECK(count(clean, Severity::warning) == 0);
  const auto c = analyze("tests/analysis/unique-overlap.kadenz", variant("unique-overlap.kadenz"));
  const auto found = of(c, "overlap");
  REQUIRE(found.size() == 1);
  CHECK(found[0]->severity == Severity::error);
  REQUIRE(found[0]->secondary.size() == 1);
  CHECK(replay(c, *found[0])["error"].find("both apply") != std::string::npos);
  test::check_golden(test::source_path("tests/analysis/unique-overlap.expected"), shown(c));
}

TEST_CASE("analyze: first-hit rules covered by earlier ones are unreachable; partial overlaps are notes",
          "[analyze]") {
  const auto c = analyze("t", table("first", "  rule wide §1 when a > 10 then 1\n"
                                             "  rule narrow §2 when a > 20 then 2\n"
                                             "  rule part §3 when a > 5 and a < 15 then 3\n"
                                             "  rule rest §4 otherwise then 4\n"));
  const auto unreachable = of(c, "unreachable");
  REQUIRE(unreachable.size() == 1);
  CHECK(unreachable[0]->message.find("`narrow`") != std::string::npos);
  CHECK(replay(c, *unreachable[0])["rule"] == "wide");
  const auto notes = of(c, "overlap");
  REQUIRE(notes.size() == 1);
  CHECK(notes[0]->severity == Severity::note);
  CHECK(replay(c, *notes[0])["rule"] == "wide");
  CHECK(of(c, "gap").empty());
}

TEST_CASE("analyze: gaps at a boundary are found exactly (a > 10 and a < 10 leave a = 10)", "[analyze]") {
  const auto c = analyze("t", table("first", "  rule hi §1 when a > 10 then 1\n  rule lo §2 when a < 10 then 2\n"));
  const auto gaps = of(c, "gap");
  REQUIRE(gaps.size() == 1);
  bool a10 = false;
  for (const auto& f : gaps[0]->witness) a10 |= f.column == "a" && f.value == "10";
  CHECK(a10);
  const auto closed = analyze("t", table("first", "  rule hi §1 when a >= 10 then 1\n  rule lo §2 when a < 10 then 2\n"));
  CHECK(of(closed, "gap").empty());
}

TEST_CASE("analyze: dates against as_of +- durations are exact, month ends included", "[analyze]") {
  const std::string facts = "facts\n  id: text, key\n  d: date\nend\n";
  auto policy = [&](const std::string& op) {
    return test::with_header(facts + "table t: int, hit unique\n"
                                     "  rule recent §1 when d + 1 month " + op + " as_of then 1\n"
                                     "  rule old §2 when d + 1 month < as_of then 2\n"
                                     "end\noutput o = t\n");
  };
  // as_of 2017-02-28: d + 1 month = as_of for d = 28..31 January (clamped to the month's end)
  const auto gap = analyze("t", policy(">"), "2017-02-28");
  const auto gaps = of(gap, "gap");
  REQUIRE(gaps.size() == 1);
  CHECK(gaps[0]->witness[1].value == "2017-01-28");
  CHECK(replay(gap, *gaps[0])["error"].find("no rule") != std::string::npos);
  CHECK(count(analyze("t", policy(">="), "2017-02-28"), Severity::error) == 0);
  // on 2017-05-31 no d has d + 3 months = as_of (28 Feb + 3 months is 28 May): no gap, and none claimed
  const auto skip = analyze("t", test::with_header(facts + "table t: int, hit unique\n"
                                                           "  rule recent §1 when d + 3 months > as_of then 1\n"
                                                           "  rule old §2 when d + 3 months < as_of then 2\n"
                                                           "end\noutput o = t\n"),
                            "2017-05-31");
  CHECK(of(skip, "gap").empty());
}

TEST_CASE("analyze: shortest/longest: a rule always beaten never decides", "[analyze]") {
  const auto c = analyze("t", table("longest", "  rule big §1 when f then 6\n"
                                               "  rule small §2 when f and k = x then 3\n"
                                               "  rule other §3 when not f then 1\n"));
  const auto u = of(c, "unreachable");
  REQUIRE(u.size() == 1);
  CHECK(u[0]->message.find("`small`") != std::string::npos);
  CHECK(u[0]->message.find("longer") != std::string::npos);
  CHECK(replay(c, *u[0])["rule"] == "big");
}

TEST_CASE("analyze: checks that always hold, never hold, and warnings that never fire", "[analyze]") {
  auto with = [&](const std::string& validation) {
    return analyze("t", test::with_header(kFacts + "table t: int, hit first\n  rule r §1 otherwise then 1\nend\n" +
                                          validation + "output o = t + a + b\noutput p = k\noutput q = f\n"));
  };
  CHECK(of(with("require a > 5 or a <= 5 else \"always\"\n"), "always-true").size() == 1);
  CHECK(of(with("require a > 5 and a < 3 else \"never\"\n"), "never-true").size() == 1);
  CHECK(of(with("warn when k = x and k = y \"impossible\"\n"), "never-fires").size() == 1);
  const auto fine = with("require a > 5 else \"ok\"\nwarn when k = x \"ok\"\n");
  CHECK(count(fine, Severity::warning) == 0);
}

TEST_CASE("analyze: unused facts and definitions warn; `input only` facts and parameters do not", "[analyze]") {
  const auto c = analyze("t", test::with_header(
                                  "facts\n  id: text, key\n  a: int\n  spare: bool\n  kept: bool, input only\nend\n"
                                  "parameters\n  p = 3\nend\nlet unused = a + 1\n"
                                  "table t: int, hit first\n  rule r §1 when a > 0 then 1\n  rule s §2 otherwise then 0\nend\n"
                                  "output o = t\n"));
  const auto u = of(c, "unused");
  std::vector<std::string> warned, noted;
  for (const auto* d : u) (d->severity == Severity::warning ? warned : noted).push_back(d->message);
  REQUIRE(warned.size() == 2);
  CHECK(warned[0].find("`spare`") != std::string::npos);
  CHECK(warned[1].find("`unused`") != std::string::npos);
  REQUIRE(noted.size() == 1);
  CHECK(noted[0].find("`p`") != std::string::npos);
}

TEST_CASE("analyze: a condition over two facts is named as unknown; a gap it decides is still confirmed",
          "[analyze]") {
  const auto c = analyze("t", table("first", "  rule below §1 when a < b then 1\n  rule above §2 when a > b then 2\n"));
  CHECK(of(c, "not-analysed").size() == 2);
  const auto gaps = of(c, "gap");
  REQUIRE(gaps.size() == 1);  // a = b: the example (a = b = 0) replays
  CHECK(replay(c, *gaps[0])["error"].find("no rule") != std::string::npos);
  const auto covered = analyze("t", table("first", "  rule below §1 when a < b then 1\n  rule rest §2 when a >= b then 2\n"));
  // the gap claim cannot be confirmed by any example: it is not reported as an error
  CHECK(count(covered, Severity::error) == 0);
}

// Brute force: random tables over small domains; every cell of the grid around the constants is
// evaluated, and the checker's gap/overlap claims must agree with what evaluation shows.
TEST_CASE("analyze: on random tables, gap and overlap claims agree with brute-force evaluation", "[analyze]") {
  std::mt19937 rng(20161227);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  const char* ks[] = {"x", "y", "z"};
  const char* ops[] = {"<", "<=", ">", ">=", "=", "!="};
  for (int round = 0; round < 60; ++round) {
    std::string rules;
    const int n = 2 + pick(4);
    for (int r = 0; r < n; ++r) {
      std::string cond;
      auto add = [&](const std::string& c) { cond += (cond.empty() ? "" : " and ") + c; };
      if (pick(2)) add(fmt::format("a {} {}", ops[pick(6)], pick(5)));
      if (pick(2)) add(fmt::format("b {} {}", ops[pick(6)], pick(5)));
      if (pick(2)) add(fmt::format("k {} {}", pick(2) ? "=" : "!=", ks[pick(3)]));
      if (pick(3) == 0) add(pick(2) ? "f" : "not f");
      if (cond.empty()) cond = "a >= 0 or a < 0";
      rules += fmt::format("  rule r{0} §{0} when {1} then {0}\n", r, cond);
    }
    const std::string hit = pick(2) ? "unique" : "first";
    const std::string policy = table(hit, rules);
    INFO(policy);
    const auto c = analyze("t", policy);
    // brute force over a = -1..5, b = -1..5, every k and f
    std::string csv = "id,a,b,k,f\n";
    int id = 0;
    for (int a = -1; a <= 5; ++a)
      for (int b = -1; b <= 5; ++b)
        for (const char* k : ks)
          for (const char* f : {"true", "false"})
            csv += fmt::format("R{},{},{},{},{}\n", id++, a, b, k, f);
    const auto run = test::eval_text(policy, csv, "2017-01-01");
    const bool any_gap = run.output.find("no rule of table") != std::string::npos;
    const bool any_overlap = run.output.find("both apply") != std::string::npos;
    CHECK(any_gap == !of(c, "gap").empty());
    if (hit == "unique") CHECK(any_overlap == !of(c, "overlap").empty());
    for (const auto* d : of(c, "gap")) CHECK(replay(c, *d)["error"].find("no rule") != std::string::npos);
  }
}

TEST_CASE("analyze: a gap claim no example confirms becomes an `unconfirmed` note", "[analyze]") {
  // a < b and a >= b cover everything, but both are opaque to the checker: the example it
  // tries (a = b = 0) is decided, so the claimed gap is not reported as an error
  const auto c = analyze("t", table("first", "  rule below §1 when a < b then 1\n  rule rest §2 when a >= b then 2\n"));
  const auto u = of(c, "unconfirmed");
  REQUIRE(u.size() == 1);
  CHECK(u[0]->severity == Severity::note);
  CHECK(u[0]->witness.empty());
}

TEST_CASE("analyze: an output no table feeds is a note", "[analyze]") {
  const auto c = analyze("t", table("first", "  rule r §1 when a > 0 then 1\n  rule s §2 otherwise then 0\n") +
                                  "output plain = a + b\n");
  const auto notes = of(c, "independent-output");
  REQUIRE(notes.size() == 1);
  CHECK(notes[0]->message.find("`plain`") != std::string::npos);
}

TEST_CASE("analyze: conditions too large to analyse completely are said so (analysis-limit)", "[analyze]") {
  // (f1 or g1) and (f2 or g2) and … over 17 pairs of facts: 2^17 boxes, more than the cap
  std::string facts = "facts\n  id: text, key\n", cond;
  for (int i = 1; i <= 17; ++i) {
    facts += fmt::format("  f{0}: bool\n  g{0}: bool\n", i);
    cond += fmt::format("{}(f{} or g{})", i > 1 ? " and " : "", i, i);
  }
  const auto c = analyze("t", test::with_header(facts + "end\ntable t: int, hit first\n  rule r §1 when " + cond +
                                                " then 1\n  rule s §2 otherwise then 0\nend\noutput o = t\n"));
  CHECK(of(c, "analysis-limit").size() == 1);
}
