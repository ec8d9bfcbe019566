// `kadenz test`: runs the tests written inside a policy (or each version of a directory), with
// their coverage, and checks a caseload with expected-output columns (--cases).
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace kadenz::cli {

struct TestArgs {
  std::string policy, format = "text", cases, as_of, encoding = "auto", lang;
  std::vector<std::string> set;
  bool coverage = false;
};

// Adds the `test` subcommand with its options to `app`, filling `a`.
CLI::App* add_test_command(CLI::App& app, TestArgs& a);

// Runs `kadenz test`: 0 when every test (and every --cases row) passes, 1 when one fails, 2 when
// they cannot run (the policy does not compile, a test names what the policy does not have, the
// policy has no tests and no --cases was given, the cases file cannot be read).
int run_test(const TestArgs& a);

}  // namespace kadenz::cli
