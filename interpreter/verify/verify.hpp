// Test stage: the tests written inside a policy (`test "…" … end`, grammar/ast.hpp TestDecl), run
// against its compiled Program with the node walker's trace (evaluate/trace.hpp), the coverage
// they reach, and the expected-output columns of a caseload (`kadenz test --cases`). The library
// never prints: the results are data, rendered by render_tests_* below and printed by the CLI.
// Nothing here changes a Program or how it evaluates; tests cost nothing when they are not run.
#pragma once

#include "interpreter/evaluate/trace.hpp"
#include "grammar/ast.hpp"

#include <kadenz/diagnostic.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kadenz::detail {

// One expectation that did not hold: what (an output's name, `rule t`, …), expected and actual,
// each as a short text in the program's voice.
struct Mismatch {
  std::string what;
  std::string expected;
  std::string actual;
};

struct TestResult {
  std::string name;
  std::string where;        // file:line of the test
  bool passed = false;
  bool changed = false;     // a `changes` test without expectations: it passed by differing
  std::vector<Mismatch> mismatches;
  std::string unchanged;    // a `changes` marker whose variant still meets the base's test: why
  Trace trace;              // the customer's evaluation (kept for coverage and the explanation)
  std::int32_t as_of = 0;   // day number
};

// What the tests reached. Each item lists the place (file:line) and what was not reached.
struct CoverageCount {
  std::size_t covered = 0, total = 0;
};
struct Unreached {
  std::string kind;   // rule, require-failing, require-passing, warn, then, else
  std::string where;  // file:line
  std::string text;   // the sentence, in the program's voice
};
struct Coverage {
  CoverageCount rules, checks, warns, branches;
  std::vector<Unreached> unreached;  // in the order of the policy text
};

// Adds what one evaluation reached (its trace) to the running tallies; `finish` turns them into
// the Coverage. One Tally per Program.
class CoverageTally {
 public:
  explicit CoverageTally(const Program& program);
  void add(const Trace& trace);
  Coverage finish() const;

 private:
  const Program& p_;
  std::vector<std::vector<bool>> rule_decided_;     // per table, per rule
  std::vector<std::uint8_t> require_seen_;          // per validation: 1 passing, 2 failing
  std::vector<bool> warn_fired_;                    // per validation
  std::vector<std::uint32_t> ifs_;                  // the if nodes a record can reach
  std::vector<std::uint8_t> branch_seen_;           // parallel to ifs_: 1 then, 2 else
};

// Checks the tests of `tests` (the merged tree's) against the program: their names (facts,
// outputs, tables, rules) and the marks of a variant (`changes`). Each mistake is a diagnostic;
// with any, the tests cannot run.
std::vector<Diagnostic> check_tests(const Program& program, const std::vector<TestDecl>& tests);

// Runs one checked test: reads its cells as a caseload row (facts not given empty, the key the
// test's name), decides the record with a trace and compares every expectation.
TestResult run_test(const Program& program, const TestDecl& test);

// The report of a run, as text (expected against actual and the trace of each failing test; the
// coverage with `coverage`), JSON (one document) or JUnit XML. `policy` names the file.
struct TestRun {
  std::string policy;
  std::vector<TestResult> results;
  bool with_coverage = false;
  Coverage coverage;
};
std::string render_tests_text(const Program& program, const TestRun& run);
std::string render_tests_json(const Program& program, const TestRun& run);
// JUnit: render_tests_junit gives one <testsuite> element (a policy, or a version of a
// directory); junit_document wraps the suites of a run in the XML declaration and <testsuites>.
std::string render_tests_junit(const Program& program, const TestRun& run);
std::string junit_document(const std::vector<std::string>& suites, std::size_t tests, std::size_t failures);

// ---- a caseload with expected-output columns (`--cases FILE.csv`) ----

// Which columns hold what is expected: `expected_<output>` / `erwartet_<output>`, `expected_rule`
// / `erwartet_regel`, `expected_warnings` / `erwartet_warnungen`, `expected_error` /
// `erwartet_fehler`.
struct CaseColumn {
  enum Kind : std::uint8_t { output, rule, warnings, error } kind = output;
  std::size_t column = 0;     // in the header
  std::size_t output_index = 0;
  std::string header;         // as written, for messages
};
// Finds the expected columns; false with `error` (in the program's voice) if one names no
// output. An empty result: the file has none (the caller says so).
bool bind_case_columns(const Program& program, const std::string& path, const std::vector<std::string>& header,
                       std::vector<CaseColumn>& columns, std::string& error);
// Compares one decided (or not) record in `frame` with the row's expected cells; appends one
// Mismatch per column that differs (`what` the column's header). `decided`: evaluate_record's result.
void check_case_row(const Program& program, const std::vector<CaseColumn>& columns,
                    const std::vector<std::string_view>& fields, const Frame& frame, bool decided,
                    std::vector<Mismatch>& out);

// The file:line of a span (in the policy or a base it extends).
std::string file_line(const Program& program, Span span);

// A value as a mismatch shows it: in backticks, or "an empty cell" (tests and --cases rows).
std::string shown(const Program& p, std::string_view text);

}  // namespace kadenz::detail
