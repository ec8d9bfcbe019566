// Analyze stage: proves a compiled policy consistent (no gaps, overlaps or unreachable rules)
// and builds a replayable example customer for every finding.
#pragma once

#include "interpreter/compile/program.hpp"

#include <kadenz/diagnostic.hpp>

#include <cstdint>
#include <vector>

namespace kadenz::detail {

struct Analysis {
  std::vector<Diagnostic> findings;  // errors (gaps, unique overlaps), warnings, notes
  std::int32_t as_of = 0;            // the evaluation date all witnesses are built for
};

// The analyzer's work budget, in box operations (testing or intersecting two boxes, looking at
// one box in a search for gaps). Regions of conditions like `(x = 1 or x = 2 or x > 5) and …`
// grow as the product of their parts, and comparing them box by box has no useful bound: a
// 1 KB policy took minutes and gigabytes before the analysis had a budget. A table that uses up
// its share is reported as incomplete (a warning that names it) and the analysis goes on with
// the next one; once the policy's budget is spent, the remaining tables are named in one warning.
// A few times 10^7 operations take a few seconds. The largest table of the benchmark policies
// (5,000 rules over 5 facts, bench/check_bench.sh) needs about 1.2 * 10^7, every shipped policy
// far less, so the table budget leaves them a margin of four.
inline constexpr std::uint64_t kTableWorkBudget = 50'000'000;
inline constexpr std::uint64_t kPolicyWorkBudget = 200'000'000;

// Every finding's example customer is replayed through the evaluator, which runs the policy's
// steps in order: a replay costs up to the whole policy, so a policy with a finding in each of
// thousands of tables made the replays quadratic (5,000 tables: ~10^9 steps). The replays of one
// analysis may run this many steps in all (~0.3 s); findings after that keep their severity but
// get no example, and an `examples-limit` warning says how many.
inline constexpr std::uint64_t kReplayStepBudget = 20'000'000;

// How much work the analysis may do. Tests lower the budgets to reach the limit with a small
// policy; `kadenz check` uses the defaults.
struct AnalysisOptions {
  std::uint64_t table_budget = kTableWorkBudget;    // per decision table, and for the checks
  std::uint64_t policy_budget = kPolicyWorkBudget;  // for the whole analysis
  std::uint64_t replay_budget = kReplayStepBudget;  // steps of all example replays together
};

// Analyzes every decision table and validation of `program` for records evaluated on `as_of`.
// Every gap and overlap finding carries a witness that was replayed through the evaluator and
// showed the finding; a finding that does not replay is not reported as proven. Work is bounded
// by `options`: a table or the checks not analysed completely get an `analysis-incomplete`
// warning, so an incomplete analysis never passes as a consistent policy.
Analysis analyze_program(const Program& program, std::int32_t as_of, const AnalysisOptions& options = {});

// The analysis fragment's bounds: outside these the checker makes no claim (documented).
inline constexpr std::int64_t kAnalysisIntMin = -1000000000;
inline constexpr std::int64_t kAnalysisIntMax = 1000000000;

}  // namespace kadenz::detail
