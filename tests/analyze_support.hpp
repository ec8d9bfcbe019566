// Helpers of the analysis tests (test_analyze.cpp, test_analyze_limits.cpp): compile a policy
// and run `kadenz check`'s analysis on it, then pick findings by code.
#pragma once

#include "support.hpp"

#include "interpreter/analyze/analyze.hpp"

#include <string>
#include <vector>

namespace kadenz::test {

struct Checked {
  Compiled compiled;
  detail::Analysis analysis;
};

// Compiles `text` (it must compile) and analyses it as of `as_of` with `options`.
inline Checked analyze(const std::string& name, const std::string& text, const std::string& as_of = "2017-01-01",
                       const detail::AnalysisOptions& options = {}) {
  Checked c{compile_policy(name, text), {}};
  REQUIRE(c.compiled.ok());
  c.analysis = detail::analyze_program(*kadenz::detail::program_of(c.compiled), *detail::parse_date(as_of), options);
  return c;
}

// The findings with diagnostic code `code`, in the analysis's order.
inline std::vector<const Diagnostic*> of(const Checked& c, const std::string& code) {
  std::vector<const Diagnostic*> r;
  for (const auto& d : c.analysis.findings)
    if (d.code == code) r.push_back(&d);
  return r;
}

}  // namespace kadenz::test
