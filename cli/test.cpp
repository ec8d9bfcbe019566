// `kadenz test`: compiles the policy keeping its tree (the tests live there), checks and runs each
// test, tallies the coverage and prints the report (interpreter/verify/). A directory of versions
// runs every version's tests. --cases FILE.csv checks a caseload's expected-output columns row by
// row; a difference names the row, its id and the column, never the row's other cells.
#include "cli/test.hpp"

#include "cli/caseload_io.hpp"
#include "cli/compile_options.hpp"
#include "cli/print.hpp"
#include "cli/versions.hpp"
#include "interpreter/caseload/cells.hpp"
#include "interpreter/extend/load.hpp"
#include "interpreter/pipeline/compile_policy.hpp"
#include "interpreter/pipeline/policy_access.hpp"
#include "interpreter/pipeline/versions.hpp"
#include "interpreter/verify/verify.hpp"
#include "stdlib/catalogue.hpp"

#include <kadenz/kadenz.hpp>

namespace kadenz::cli {
namespace {

namespace d = kadenz::detail;

constexpr int kOk = 0, kFailed = 1, kCannotRun = 2;

// One policy file's tests (and the cases, if any): the report into `out`, `status` the worst
// exit code so far; counts for the JUnit document.
struct Outcome {
  std::vector<std::string> reports;
  std::size_t tests = 0, failures = 0;
  int status = kOk;
};

int check_cases(const TestArgs& a, const d::Program& p, d::CoverageTally* tally) {
  std::optional<std::int32_t> as_of = as_of_or(a.as_of, today(), p.voice);
  if (!as_of) return kCannotRun;
  Caseload c;
  d::ColumnBinding binding;
  if (!open_caseload(p.voice, a.cases, c, a.encoding) || !bind_caseload(p, a.cases, c, binding)) return kCannotRun;
  std::vector<d::CaseColumn> columns;
  std::string error;
  if (!d::bind_case_columns(p, a.cases, c.header, columns, error)) {
    say("kadenz: {}\n", error);
    return kCannotRun;
  }
  if (columns.empty()) {
    tell(p.voice, d::Msg::cases_no_columns, {a.cases});
    return kCannotRun;
  }
  d::Frame frame;
  d::prepare_frame(p, frame);
  d::Trace trace;
  std::string scratch;
  d::CsvReader::Record record;
  std::vector<d::Mismatch> mismatches;
  std::size_t rows = 0, differing = 0;
  while (c.reader->next(record)) {
    ++rows;
    bool decided = false;
    if (d::read_row(p, binding, record.fields, record.error, frame, scratch)) {
      frame.slots[p.as_of_slot].i = *as_of;
      if (tally) {
        decided = d::explain_record(p, frame, trace);
        tally->add(trace);
      } else {
        decided = d::evaluate_record(p, frame);
      }
    }
    mismatches.clear();
    d::check_case_row(p, columns, record.fields, frame, decided, mismatches);
    if (mismatches.empty()) continue;
    ++differing;
    const std::string id(d::row_key(p, binding, record.fields));
    for (const auto& m : mismatches) {
      put(stdout, d::say(p.voice, d::Msg::cases_mismatch,
                         {a.cases, std::to_string(record.line), id, m.what, m.expected, m.actual}) + "\n");
    }
  }
  if (!c.reader->io_error().empty()) {
    say("kadenz: {}: {}\n", a.cases, c.reader->io_error());
    return kCannotRun;
  }
  note_encoding(p.voice, a.cases, c);
  put(stdout, d::say(p.voice, d::Msg::cases_summary, {a.cases, std::to_string(rows), std::to_string(differing)}) + "\n");
  return differing == 0 ? kOk : kFailed;
}

void run_file(const TestArgs& a, const std::string& file, const CompileOptions& options, bool heading, Outcome& o) {
  std::string why;
  const std::optional<std::string> text = d::read_policy_file(file, why);
  if (!text) {
    say("kadenz: {}\n", why);
    o.status = kCannotRun;
    return;
  }
  d::CompiledWithTree c = d::compile_policy_with_tree(file, *text, options);
  if (!c.compiled.diagnostics.empty()) say("{}", render_text(*c.compiled.source, c.compiled.diagnostics, c.compiled.lang));
  if (!c.compiled.ok()) {
    o.status = kCannotRun;
    return;
  }
  const d::Program& p = *detail::program_of(c.compiled);
  const auto& tests = c.tree.ast.tests;
  const std::vector<Diagnostic> problems = d::check_tests(p, tests);
  if (!problems.empty()) {
    say("{}", render_text(*c.compiled.source, problems, c.compiled.lang));
    o.status = kCannotRun;
    return;
  }
  if (tests.empty() && a.cases.empty()) {
    tell(p.voice, d::Msg::test_none, {file});
    o.status = kCannotRun;
    return;
  }
  d::TestRun run;
  run.policy = file;
  run.with_coverage = a.coverage;
  d::CoverageTally tally(p);
  for (const auto& t : tests) {
    run.results.push_back(d::run_test(p, t));
    tally.add(run.results.back().trace);
    ++o.tests;
    if (!run.results.back().passed) {
      ++o.failures;
      o.status = std::max(o.status, kFailed);
    }
  }
  if (!a.cases.empty()) o.status = std::max(o.status, check_cases(a, p, a.coverage ? &tally : nullptr));
  if (a.coverage) run.coverage = tally.finish();
  std::string report = a.format == "json"    ? d::render_tests_json(p, run)
                       : a.format == "junit" ? d::render_tests_junit(p, run)
                                             : d::render_tests_text(p, run);
  if (heading && a.format == "text") report = d::say(p.voice, d::Msg::test_version, {file}) + "\n" + report;
  o.reports.push_back(std::move(report));
}

}  // namespace

CLI::App* add_test_command(CLI::App& app, TestArgs& a) {
  auto* cmd = app.add_subcommand("test", "Run the tests inside a policy, with coverage; check a caseload's expected outputs");
  cmd->add_option("policy", a.policy, "Policy file (.kadenz), or a directory of versions (every version's tests)")->required();
  cmd->add_flag("--coverage", a.coverage, "Report the rules, checks, warnings and if-branches the tests reached");
  cmd->add_option("--format", a.format, "text, json or junit")->check(CLI::IsMember({"text", "json", "junit"}));
  cmd->add_option("--cases", a.cases, "A caseload CSV with expected_<output> / erwartet_<ausgabe> columns, checked row by row");
  cmd->add_option("--as-of", a.as_of, "Evaluation date of the --cases rows, YYYY-MM-DD (default: today)");
  add_encoding_option(cmd, a.encoding, "the --cases file");
  add_lang_option(cmd, a.lang);
  add_set_option(cmd, a.set, "Override a parameter, e.g. --set prep_minutes=15 (repeatable)");
  return cmd;
}

int run_test(const TestArgs& a) {
  const CompileOptions options = compile_options(a.set, a.lang);
  Outcome o;
  const bool directory = d::is_version_directory(a.policy);
  if (directory) {
    const d::VersionSet set = d::scan_versions(a.policy, options);
    if (!set.diagnostics.empty()) say("{}", render_text(*set.source, set.diagnostics, set.voice.text));
    if (set.unusable > 0 || set.versions.empty()) return kCannotRun;
    for (const auto& v : set.versions) run_file(a, v.file, options, true, o);
  } else {
    run_file(a, a.policy, options, false, o);
  }
  if (o.status == kCannotRun && o.reports.empty()) return kCannotRun;
  if (a.format == "junit") {
    put(stdout, d::junit_document(o.reports, o.tests, o.failures));
  } else if (a.format == "json" && directory) {
    std::string doc = "{\"versions\":[";
    for (std::size_t i = 0; i < o.reports.size(); ++i) {
      std::string r = o.reports[i];
      while (!r.empty() && r.back() == '\n') r.pop_back();
      doc += (i ? "," : "") + r;
    }
    put(stdout, doc + "]}\n");
  } else {
    for (const auto& r : o.reports) put(stdout, r);
  }
  if (!streams_ok()) return kCannotRun;
  return o.status;
}

}  // namespace kadenz::cli
