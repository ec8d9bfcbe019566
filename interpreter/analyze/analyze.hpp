// Analyze stage: proves a compiled policy consistent (no gaps, overlaps or unreachable rules)
// and builds a replayable example customer for every finding.
#pragma once

#include "interpreter/compile/program.hpp"

#include <kadenz/diagnostic.hpp>

#include <vector>

namespace kadenz::detail {

struct Analysis {
  std::vector<Diagnostic> findings;  // errors (gaps, unique overlaps), warnings, notes
  std::int32_t as_of = 0;            // the evaluation date all witnesses are built for
};

// Analyzes every decision table and validation of `program` for records evaluated on `as_of`.
// Every gap and overlap finding carries a witness that was replayed through the evaluator and
// showed the finding; a finding that does not replay is not reported as proven.
Analysis analyze_program(const Program& program, std::int32_t as_of);

// The analysis fragment's bounds: outside these the checker makes no claim (documented).
inline constexpr std::int64_t kAnalysisIntMin = -1000000000;
inline constexpr std::int64_t kAnalysisIntMax = 1000000000;

}  // namespace kadenz::detail
