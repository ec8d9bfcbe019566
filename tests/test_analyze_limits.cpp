// The analyzer's bounds (issue 11): tables of thousands of rules over one or two facts are
// analysed completely (their gaps and overlaps found by sweeping, not by comparing rules pair by
// pair), and a policy whose conditions grow past the work budget ends with a warning that names
// the table left incomplete - never silently as consistent. Work is bounded by counts (the
// budget in AnalysisOptions), so nothing here measures time.
#include "analyze_support.hpp"

#include <fmt/format.h>

using namespace kadenz;

namespace {

using test::Checked;
using test::of;

// The policies here are generated; each is analysed as of 2017-01-01.
Checked analyze(const std::string& text, const detail::AnalysisOptions& options = {}) {
  return test::analyze("limits", text, "2017-01-01", options);
}

// The value of `column` in a finding's example customer ("" if absent).
std::string cell(const Diagnostic& d, const std::string& column) {
  for (const auto& f : d.witness)
    if (f.column == column) return f.value;
  return "";
}

// A `hit unique` table of n rules `n = i` (i = 0 … n-1), plus the rules in `extra`: every n
// below 0 or from n on falls through.
std::string equality_table(int n, const std::string& extra = "") {
  std::string text = test::with_header("facts\n  id: text, key\n  n: int\nend\ntable t: int, hit unique\n");
  for (int i = 0; i < n; ++i) text += fmt::format("  rule r{0} §{0} when n = {0} then {0}\n", i);
  return text + extra + "end\noutput v = t\n";
}

// The incomplete-analysis warnings that name table `name`.
std::size_t incomplete_for(const Checked& c, const std::string& name) {
  std::size_t n = 0;
  for (const auto* d : of(c, "analysis-incomplete")) {
    CHECK(d->severity == Severity::warning);
    n += d->message.find("`" + name + "`") != std::string::npos;
  }
  return n;
}

}  // namespace

TEST_CASE("analyze limits: a 5,000-rule table `n = i` reports its gap and its one overlap", "[analyze][limits]") {
  const auto c = analyze(equality_table(5000, "  rule dup §9999 when n = 4321 then 1\n"));
  CHECK(of(c, "analysis-incomplete").empty());
  CHECK(of(c, "analysis-limit").empty());
  const auto gaps = of(c, "gap");
  REQUIRE(!gaps.empty());
  for (const auto* g : gaps) {
    REQUIRE(g->severity == Severity::error);
    const long long n = std::stoll(cell(*g, "n"));
    CHECK((n < 0 || n >= 5000));
  }
  const auto overlaps = of(c, "overlap");
  REQUIRE(overlaps.size() == 1);
  CHECK(overlaps[0]->severity == Severity::error);
  CHECK(overlaps[0]->message.find("`r4321`") != std::string::npos);
  CHECK(overlaps[0]->message.find("`dup`") != std::string::npos);
  CHECK(cell(*overlaps[0], "n") == "4321");
}

TEST_CASE("analyze limits: a 20,000-rule table `n = i` reports its gap", "[analyze][limits]") {
  const auto c = analyze(equality_table(20000));
  CHECK(of(c, "analysis-incomplete").empty());
  CHECK(of(c, "overlap").empty());
  const auto gaps = of(c, "gap");
  REQUIRE(!gaps.empty());
  for (const auto* g : gaps) {
    CHECK(g->severity == Severity::error);
    const long long n = std::stoll(cell(*g, "n"));
    CHECK((n < 0 || n >= 20000));
  }
}

TEST_CASE("analyze limits: a 5,000-rule grid over two facts reports the one missing cell", "[analyze][limits]") {
  // n = 0 … 999 times m = 0 … 4, without (500, 2), and `otherwise`-free: the gaps are n and m
  // outside the grid and the missing cell. The one-box split would nest once per value of n.
  std::string text =
      test::with_header("facts\n  id: text, key\n  n: int\n  m: int\nend\ntable t: int, hit unique\n");
  for (int i = 0; i < 1000; ++i)
    for (int j = 0; j < 5; ++j)
      if (i != 500 || j != 2) text += fmt::format("  rule r{0}_{1} §1 when n = {0} and m = {1} then 1\n", i, j);
  text += "end\noutput v = t\n";
  const auto c = analyze(text);
  CHECK(of(c, "analysis-incomplete").empty());
  CHECK(of(c, "analysis-limit").empty());
  CHECK(of(c, "overlap").empty());
  bool missing_cell = false;
  for (const auto* g : of(c, "gap")) {
    CHECK(g->severity == Severity::error);
    const long long n = std::stoll(cell(*g, "n")), m = std::stoll(cell(*g, "m"));
    CHECK((n < 0 || n >= 1000 || m < 0 || m >= 5 || n == 500));
    // the gaps come back merged: n = 500 with m = 2 and m outside 0 … 4 is one box, whose
    // example takes its first cell (m below 0)
    missing_cell |= n == 500;
  }
  CHECK(missing_cell);
}

// A `hit unique` table of `rules` rules over `facts` facts, rule r being
// (x0 = r or x0 = r+1 or x0 > r+5) and (x1 = …) and …: the shape of the issue-11 reproducers
// (dnf12: 2 rules over 12 facts, dnf40x4: 4 rules over 40).
std::string dnf_table(int facts, int rules) {
  std::string text = "facts\n  id: text, key\n", body;
  for (int i = 0; i < facts; ++i) text += fmt::format("  x{}: int\n", i);
  for (int r = 0; r < rules; ++r) {
    std::string cond;
    for (int i = 0; i < facts; ++i)
      cond += fmt::format("{}(x{} = {} or x{} = {} or x{} > {})", i ? " and " : "", i, r, i, r + 1, i, r + 5);
    body += fmt::format("  rule r{0} §1 when {1} then {0}\n", r, cond);
  }
  return test::with_header(text + "end\ntable t: int, hit unique\n" + body + "end\noutput v = t\n");
}

TEST_CASE("analyze limits: a product of disjunctions over one fact each is analysed completely", "[analyze][limits]") {
  // Each `or` over one fact is one box (its cells joined), so each rule is one box, not 3^12:
  // the whole table fits in 10^5 box operations (it took minutes and hundreds of MB when the
  // boxes multiplied). Its gaps and its one overlap are all found and replay.
  detail::AnalysisOptions small;
  small.table_budget = 100000;
  small.policy_budget = 100000;
  const auto c = analyze(dnf_table(12, 2), small);
  CHECK(of(c, "analysis-incomplete").empty());
  CHECK(of(c, "analysis-limit").empty());
  const auto overlaps = of(c, "overlap");
  REQUIRE(overlaps.size() == 1);
  CHECK(overlaps[0]->severity == Severity::error);
  CHECK(cell(*overlaps[0], "x0") == "1");  // x = 1 is the value both rules allow below 6
  const auto gaps = of(c, "gap");
  REQUIRE(gaps.size() == 10);  // kMaxGaps of them shown
  for (const auto* g : gaps) CHECK(g->severity == Severity::error);
}

TEST_CASE("analyze limits: the gaps of a few rules over 40 facts stop at a bounded number of pieces", "[analyze][limits]") {
  // Four rules over 40 facts leave thousands of uncovered 40-dimension pieces; the search keeps
  // at most kMaxGapCells cell sets (5,000 pieces here), says "or more", and all of it fits in
  // a table budget of 10^7 box operations. The overlaps are all found.
  detail::AnalysisOptions small;
  small.table_budget = 10'000'000;
  small.policy_budget = 10'000'000;
  const auto c = analyze(dnf_table(40, 4), small);
  CHECK(of(c, "analysis-incomplete").empty());
  CHECK(of(c, "overlap").size() == 6);
  const auto gaps = of(c, "gap");
  REQUIRE(gaps.size() == 10);
  CHECK(gaps[0]->message.find("or more)") != std::string::npos);
  for (const auto* g : gaps) CHECK(g->severity == Severity::error);
}

TEST_CASE("analyze limits: a product of disjunctions over two facts each ends with the incomplete warning",
          "[analyze][limits]") {
  // (x0 = r or y0 = r) and … over 16 pairs: the boxes of one `or` differ in two dimensions and
  // cannot be joined, so a rule is 2^16 boxes, far past what the checker follows. Whatever it
  // finds, it must say that table `t` is not fully analysed.
  std::string facts = "facts\n  id: text, key\n", rules;
  for (int i = 0; i < 16; ++i) facts += fmt::format("  x{0}: int\n  y{0}: int\n", i);
  for (int r = 0; r < 2; ++r) {
    std::string cond;
    for (int i = 0; i < 16; ++i) cond += fmt::format("{}(x{} = {} or y{} = {})", i ? " and " : "", i, r, i, r);
    rules += fmt::format("  rule r{0} §1 when {1} then {0}\n", r, cond);
  }
  const auto c = analyze(test::with_header(facts + "end\ntable t: int, hit unique\n" + rules + "end\noutput v = t\n"));
  CHECK(incomplete_for(c, "t") == 1);
}

TEST_CASE("analyze limits: a table past a small budget is a warning that names it", "[analyze][limits]") {
  const std::string text = equality_table(40);
  const auto full = analyze(text);
  CHECK(of(full, "analysis-incomplete").empty());
  REQUIRE(!of(full, "gap").empty());

  detail::AnalysisOptions small;
  small.table_budget = 10;
  const auto cut = analyze(text, small);
  CHECK(incomplete_for(cut, "t") == 1);
  const auto w = of(cut, "analysis-incomplete");
  REQUIRE(w.size() == 1);
  CHECK(w[0]->message.find("work limit") != std::string::npos);
  CHECK(w[0]->label == "not fully analysed");
}

TEST_CASE("analyze limits: once the policy budget is spent, the tables not analysed are named", "[analyze][limits]") {
  std::string text = test::with_header("facts\n  id: text, key\n  n: int\nend\n");
  for (int t = 0; t < 4; ++t) {
    text += fmt::format("table t{}: int, hit unique\n", t);
    for (int i = 0; i < 30; ++i) text += fmt::format("  rule r{0} §{0} when n = {0} then {0}\n", i);
    text += fmt::format("end\noutput v{0} = t{0}\n", t);
  }
  detail::AnalysisOptions small;
  small.policy_budget = 10;
  const auto c = analyze(text, small);
  CHECK(incomplete_for(c, "t0") == 1);  // the table that ran out
  const auto w = of(c, "analysis-incomplete");
  REQUIRE(w.size() == 2);  // t0, then one for t1 … t3 (the policy has no checks)
  CHECK(w[1]->message.find("tables `t1`, `t2`, `t3` were not analysed") != std::string::npos);
}

TEST_CASE("analyze limits: checks past the policy budget are a warning too", "[analyze][limits]") {
  const std::string text = test::with_header(
      "facts\n  id: text, key\n  n: int\nend\nrequire n > 0 else \"positive\"\n"
      "table t: int, hit first\n  rule a §1 when n > 3 then 1\n  rule b §2 otherwise then 0\nend\noutput v = t\n");
  CHECK(of(analyze(text), "analysis-incomplete").empty());
  detail::AnalysisOptions small;
  small.policy_budget = 1;
  const auto c = analyze(text, small);
  bool checks = false;
  for (const auto* d : of(c, "analysis-incomplete")) {
    CHECK(d->severity == Severity::warning);
    checks |= d->message.find("checks") != std::string::npos;
  }
  CHECK(checks);
}

TEST_CASE("analyze limits: a table whose regions were cut is a warning, besides the limit note", "[analyze][limits]") {
  // the 2^17 boxes of the analysis-limit case in test_analyze.cpp
  std::string facts = "facts\n  id: text, key\n", cond;
  for (int i = 1; i <= 17; ++i) {
    facts += fmt::format("  f{0}: bool\n  g{0}: bool\n", i);
    cond += fmt::format("{}(f{} or g{})", i > 1 ? " and " : "", i, i);
  }
  const auto c = analyze(test::with_header(facts + "end\ntable t: int, hit first\n  rule r §1 when " + cond +
                                           " then 1\n  rule s §2 otherwise then 0\nend\noutput o = t\n"));
  CHECK(of(c, "analysis-limit").size() == 1);
  CHECK(incomplete_for(c, "t") == 1);
}

namespace {

// n tables, each with a `hit first` rule that never decides (`b` is covered by `a`): one
// warning with an example per table. Each replay of an example runs the whole policy.
std::string shadowed_rule_tables(int n) {
  std::string text = test::with_header("facts\n  id: text, key\n  n: int\n  s: one of a, b\nend\n");
  for (int t = 0; t < n; ++t) {
    text += fmt::format("table t{0}: int, hit first\n  rule a §1 when n > {0} then 1\n"
                        "  rule b §2 when n > {1} and s = a then 2\n  rule c §3 otherwise then 3\nend\n",
                        t, t + 5);
  }
  return text + "output v = t0\n";
}

}  // namespace

TEST_CASE("analyze limits: examples past the replay budget are left out and counted, findings kept",
          "[analyze][limits]") {
  const std::string text = shadowed_rule_tables(12);
  const auto full = analyze(text);
  REQUIRE(of(full, "unreachable").size() == 12);
  for (const auto* d : of(full, "unreachable")) CHECK(!d->witness.empty());
  CHECK(of(full, "examples-limit").empty());

  // each replay of a decided example runs every step (12 tables + the output): a budget of 40
  // steps lets 4 replays run (the fourth crosses the limit), the other 8 findings get none
  detail::AnalysisOptions small;
  small.replay_budget = 40;
  const auto cut = analyze(text, small);
  const auto found = of(cut, "unreachable");
  REQUIRE(found.size() == 12);  // no finding is dropped or downgraded
  std::size_t with_example = 0;
  for (const auto* d : found) {
    CHECK(d->severity == Severity::warning);
    with_example += !d->witness.empty();
  }
  CHECK(with_example == 4);
  const auto limit = of(cut, "examples-limit");
  REQUIRE(limit.size() == 1);
  CHECK(limit[0]->severity == Severity::warning);
  CHECK(limit[0]->message.find("8 findings are without an example customer") != std::string::npos);
}

TEST_CASE("analyze limits: a gap only reachable past an earlier table's gap names that table", "[analyze][limits]") {
  // every record in t1's gap (n > 1, s = b) is in t0's gap (n > 0, s = b) too, so `kadenz eval`
  // stops at t0 for all of them: t1's gap is a note that says to fix t0 first
  std::string text = test::with_header("facts\n  id: text, key\n  n: int\n  s: one of a, b\nend\n");
  for (int t = 0; t < 2; ++t) {
    text += fmt::format("table t{0}: int, hit first\n  rule a §1 when n > {0} and s = a then 1\n"
                        "  rule b §2 when n <= {0} then 2\nend\n",
                        t);
  }
  const auto c = analyze(text + "output v = t0\n");
  const auto gaps = of(c, "gap");
  REQUIRE(gaps.size() == 1);
  CHECK(gaps[0]->message.find("`t0`") != std::string::npos);
  const auto unconfirmed = of(c, "unconfirmed");
  REQUIRE(unconfirmed.size() == 1);
  CHECK(unconfirmed[0]->message.find("table `t1`") != std::string::npos);
  CHECK(unconfirmed[0]->message.find("stops at the gap of table `t0` first") != std::string::npos);
}

TEST_CASE("analyze limits: a gap whose replays the budget cut stays an error, not an unconfirmed note",
          "[analyze][limits]") {
  // the same two tables as above; t0's example uses up a budget of one step, so t1's gap gets
  // no replay at all: it must keep its severity (the analysis proved it) and be counted
  std::string text = test::with_header("facts\n  id: text, key\n  n: int\n  s: one of a, b\nend\n");
  for (int t = 0; t < 2; ++t) {
    text += fmt::format("table t{0}: int, hit first\n  rule a §1 when n > {0} and s = a then 1\n"
                        "  rule b §2 when n <= {0} then 2\nend\n",
                        t);
  }
  detail::AnalysisOptions small;
  small.replay_budget = 1;
  const auto c = analyze(text + "output v = t0\n", small);
  const auto gaps = of(c, "gap");
  REQUIRE(gaps.size() == 2);
  CHECK(gaps[0]->severity == Severity::error);
  CHECK(!gaps[0]->witness.empty());
  CHECK(gaps[1]->severity == Severity::error);
  CHECK(gaps[1]->witness.empty());
  CHECK(of(c, "unconfirmed").empty());
  const auto limit = of(c, "examples-limit");
  REQUIRE(limit.size() == 1);
  CHECK(limit[0]->message.find("1 finding is without an example customer") != std::string::npos);
}
