// The `kadenz` command: check, eval, workload, whatif and dump. Renders what the library returns; all
// decisions about exit codes and printing are made here, none in the library.
#include <kadenz/kadenz.hpp>

#include "interpreter/analyze/analyze.hpp"
#include "interpreter/caseload/cells.hpp"
#include "interpreter/caseload/rows.hpp"
#include "interpreter/caseload/run.hpp"
#include "interpreter/compile/program.hpp"
#include "interpreter/report/report.hpp"
#include "stdlib/date.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <thread>

namespace {

// Exit codes (README "Exit status"): usage errors and unreadable input share 2 with policy
// errors, because in all three cases no output was produced.
constexpr int kExitOk = 0;
constexpr int kExitRowErrors = 1;
constexpr int kExitFailure = 2;

std::int32_t today() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  return kadenz::detail::days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

std::string iso(std::int32_t day) {
  char buf[10];
  kadenz::detail::format_iso(day, buf);
  return std::string(buf, 10);
}

// The --as-of date, or `fallback` if none was given; nullopt (after a message) if it is not a date.
std::optional<std::int32_t> as_of_or(const std::string& text, std::int32_t fallback) {
  if (text.empty()) return fallback;
  const auto parsed = kadenz::detail::parse_date(text);
  if (!parsed) fmt::print(stderr, "kadenz: --as-of `{}` is not a date (write YYYY-MM-DD or DD.MM.YYYY)\n", text);
  return parsed;
}

// `--set NAME=VALUE` options as compile options (CLI11 has checked the `=`).
kadenz::CompileOptions settings(const std::vector<std::string>& set) {
  kadenz::CompileOptions o;
  for (const auto& s : set) {
    const auto eq = s.find('=');
    o.set.emplace_back(s.substr(0, eq), eq == std::string::npos ? "" : s.substr(eq + 1));
  }
  return o;
}

// Compiles and prints diagnostics (text or JSON) to `os`. Returns the program or null.
std::shared_ptr<const kadenz::detail::Program> compile_and_report(const std::string& path, bool json,
                                                                  std::FILE* os, bool print_ok,
                                                                  const std::vector<std::string>& set = {}) {
  const kadenz::Compiled c = kadenz::compile_policy_file(path, settings(set));
  if (json) {
    std::fputs(kadenz::render_json(*c.source, c.diagnostics).c_str(), os);
  } else if (!c.diagnostics.empty()) {
    std::fputs(kadenz::render_text(*c.source, c.diagnostics).c_str(), os);
  } else if (print_ok && c.program) {
    const auto& p = *c.program;
    std::size_t rules = 0;
    for (const auto& t : p.tables) rules += t.rules.size();
    std::fprintf(os, "%s: ok: \"%s\", %zu facts, %zu table(s) with %zu rules, %zu outputs\n", path.c_str(),
                 p.name.c_str(), p.facts.size(), p.tables.size(), rules, p.outputs.size());
  }
  return c.program;
}

struct CheckArgs {
  std::string policy, format = "text", as_of, witnesses;
  std::vector<std::string> set;
  bool strict = false, notes = false;
};

// check: compile, then analyze. Exit 2 if it does not compile, 1 if the analysis finds errors
// (or warnings with --strict), else 0.
int run_check(const CheckArgs& a) {
  namespace d = kadenz::detail;
  const bool json = a.format == "json";
  const kadenz::Compiled c = kadenz::compile_policy_file(a.policy, settings(a.set));
  if (!c.program) {
    std::fputs(json ? kadenz::render_json(*c.source, c.diagnostics).c_str()
                    : kadenz::render_text(*c.source, c.diagnostics).c_str(),
               json ? stdout : stderr);
    return kExitFailure;
  }
  const auto& p = *c.program;
  const auto as_of = as_of_or(a.as_of, p.valid_from.value_or(today()));
  if (!as_of) return kExitFailure;
  d::Analysis analysis = d::analyze_program(p, *as_of);
  // The compiler's warnings (e.g. a variant's likely misspelled parameter) count like the
  // analysis's findings, also for --strict.
  std::vector<kadenz::Diagnostic> shown;
  std::vector<kadenz::Diagnostic> all = c.diagnostics;
  all.insert(all.end(), analysis.findings.begin(), analysis.findings.end());
  std::size_t errors = 0, warnings = 0, notes = 0;
  for (auto& f : all) {
    if (a.strict && f.severity == kadenz::Severity::warning) f.severity = kadenz::Severity::error;
    if (f.severity == kadenz::Severity::error) ++errors;
    if (f.severity == kadenz::Severity::warning) ++warnings;
    if (f.severity == kadenz::Severity::note) ++notes;
    if (json || a.notes || f.severity != kadenz::Severity::note) shown.push_back(f);
  }
  if (!a.witnesses.empty()) {
    std::FILE* out = std::fopen(a.witnesses.c_str(), "wb");
    if (!out) {
      fmt::print(stderr, "kadenz: cannot write {}: {}\n", a.witnesses, std::strerror(errno));
      return kExitFailure;
    }
    // no formula guard: the examples must replay exactly as written
    std::string csv;
    for (std::size_t i = 0; i < p.facts.size(); ++i) {
      if (i) csv += ',';
      d::append_csv_field(csv, p.facts[i].column, false);
    }
    csv += '\n';
    std::size_t rows = 0;
    for (const auto& f : analysis.findings) {
      if (f.witness.empty()) continue;
      for (std::size_t i = 0; i < f.witness.size(); ++i) {
        if (i) csv += ',';
        d::append_csv_field(csv, f.witness[i].value, false);
      }
      csv += '\n';
      ++rows;
    }
    const bool written = std::fwrite(csv.data(), 1, csv.size(), out) == csv.size();
    if (std::fclose(out) != 0 || !written) {
      fmt::print(stderr, "kadenz: cannot write {}\n", a.witnesses);
      return kExitFailure;
    }
    fmt::print(stderr, "kadenz: {} example customer{} written to {}\n", rows, rows == 1 ? "" : "s", a.witnesses);
  }
  if (json) {
    std::fputs(kadenz::render_json(*c.source, shown).c_str(), stdout);
  } else {
    std::fputs(kadenz::render_text(*c.source, shown).c_str(), stderr);
    std::size_t rules = 0;
    for (const auto& t : p.tables) rules += t.rules.size();
    fmt::print(stderr, "{}: {} table(s) with {} rules checked for as_of {}: {} error{}, {} warning{}, {} note{}{}\n",
               a.policy, p.tables.size(), rules, iso(*as_of), errors, errors == 1 ? "" : "s", warnings,
               warnings == 1 ? "" : "s", notes, notes == 1 ? "" : "s",
               notes > 0 && !a.notes ? " (--notes shows them)" : "");
    bool any_witness = false;
    for (const auto& f : shown) any_witness |= !f.witness.empty();
    if (any_witness) {
      fmt::print(stderr, "  the examples replay with: kadenz eval {} <examples.csv> --as-of {} (write them with "
                         "--witnesses FILE)\n", a.policy, iso(*as_of));
    }
  }
  return errors > 0 ? kExitRowErrors : kExitOk;
}

// False (after a message) if as_of lies outside the policy's validity and --force was not given.
bool within_validity(const kadenz::detail::Program& program, const std::string& path, std::int32_t as_of, bool force) {
  const bool before = program.valid_from && as_of < *program.valid_from;
  const bool after = program.valid_until && as_of > *program.valid_until;
  if ((before || after) && !force) {
    fmt::print(stderr, "kadenz: as_of {} is outside the validity of {} ({} to {})\n  help: choose a date in "
                       "that range with --as-of, or pass --force to evaluate anyway\n",
               iso(as_of), path, program.valid_from ? iso(*program.valid_from) : "-",
               program.valid_until ? iso(*program.valid_until) : "open end");
    return false;
  }
  return true;
}

// An open caseload: the file (or stdin), its reader and header. Closes the file on destruction.
struct Caseload {
  std::FILE* in = nullptr;
  std::unique_ptr<kadenz::detail::CsvReader> reader;
  std::vector<std::string> header;
  ~Caseload() {
    if (in != nullptr && in != stdin) std::fclose(in);
  }
};

// Opens the caseload and reads its header; false after a message.
bool open_caseload(const std::string& path, Caseload& c) {
  c.in = stdin;
  if (path != "-") {
    c.in = std::fopen(path.c_str(), "rb");
    if (!c.in) {
      fmt::print(stderr, "kadenz: cannot read {}: {}\n", path, std::strerror(errno));
      return false;
    }
  }
  c.reader = std::make_unique<kadenz::detail::CsvReader>(c.in);
  std::string error;
  if (!c.reader->read_header(c.header, error)) {
    fmt::print(stderr, "kadenz: {}: {}\n", path, error);
    return false;
  }
  return true;
}

// Binds the caseload's header to a program's facts; false after a message.
bool bind_caseload(const kadenz::detail::Program& program, const std::string& path, const Caseload& c,
          kadenz::detail::ColumnBinding& binding) {
  std::string error;
  if (!kadenz::detail::bind_columns(program, c.header, binding, error)) {
    fmt::print(stderr, "kadenz: {}: {}\n", path, error);
    return false;
  }
  for (const auto& note : binding.notes) fmt::print(stderr, "kadenz: note: {}\n", note);
  return true;
}

unsigned jobs_or_all(unsigned jobs) { return jobs > 0 ? jobs : std::max(1u, std::thread::hardware_concurrency()); }

// Writes a report to -o FILE or standard output; false after a message.
bool write_report(const std::string& path, const std::string& text) {
  std::FILE* out = stdout;
  if (!path.empty() && path != "-") {
    out = std::fopen(path.c_str(), "wb");
    if (!out) {
      fmt::print(stderr, "kadenz: cannot write {}: {}\n", path, std::strerror(errno));
      return false;
    }
  }
  const bool written = std::fwrite(text.data(), 1, text.size(), out) == text.size();
  const bool closed = out == stdout ? std::fflush(out) == 0 : std::fclose(out) == 0;
  if (!written || !closed) {
    fmt::print(stderr, "kadenz: cannot write {}: {}\n", out == stdout ? "the output" : path, std::strerror(errno));
    return false;
  }
  return true;
}

// A policy with a workload block, or null after a message.
std::shared_ptr<const kadenz::detail::Program> compile_for_report(const std::string& path,
                                                                  const std::vector<std::string>& set) {
  auto program = compile_and_report(path, false, stderr, false, set);
  if (program && program->workload.empty()) {
    fmt::print(stderr, "kadenz: {} has no `workload` block, so there is nothing to count\n  help: add one "
                       "(docs/workload.md), or extend a policy that has one\n", path);
    return nullptr;
  }
  return program;
}

struct ReportArgs {
  std::string base, variant, caseload, as_of, format = "text", output, changes;
  std::vector<std::string> set;
  bool force = false;
  unsigned jobs = 0;
};

int run_workload_cmd(const ReportArgs& a) {
  namespace d = kadenz::detail;
  const auto program = compile_for_report(a.base, a.set);
  if (!program) return kExitFailure;
  const auto as_of = as_of_or(a.as_of, today());
  if (!as_of || !within_validity(*program, a.base, *as_of, a.force)) return kExitFailure;
  Caseload c;
  d::ColumnBinding binding;
  if (!open_caseload(a.caseload, c) || !bind_caseload(*program, a.caseload, c, binding)) return kExitFailure;
  d::WorkloadReport report;
  report.policy_name = program->name;
  report.policy_file = a.base;
  report.caseload_file = a.caseload;
  std::string error;
  if (!d::run_workload(*program, *c.reader, binding, d::RunOptions{*as_of, jobs_or_all(a.jobs), nullptr}, report,
                       error)) {
    fmt::print(stderr, "kadenz: {}: {}\n", a.caseload, error);
    return kExitFailure;
  }
  const std::string text = a.format == "json"   ? d::render_workload_json(report)
                           : a.format == "html" ? d::render_workload_html(report)
                                                : d::render_workload_text(report);
  if (!write_report(a.output, text)) return kExitFailure;
  fmt::print(stderr, "kadenz: as_of {}: {} rows read, {} decided, {} with errors\n", iso(*as_of), report.summary.rows,
             report.summary.decided, report.summary.errors);
  return report.summary.errors > 0 ? kExitRowErrors : kExitOk;
}

int run_whatif_cmd(const ReportArgs& a) {
  namespace d = kadenz::detail;
  const auto base = compile_for_report(a.base, {});
  if (!base) return kExitFailure;
  const auto variant = compile_for_report(a.variant, a.set);
  if (!variant) return kExitFailure;
  const auto as_of = as_of_or(a.as_of, today());
  if (!as_of || !within_validity(*base, a.base, *as_of, a.force) ||
      !within_validity(*variant, a.variant, *as_of, a.force)) {
    return kExitFailure;
  }
  Caseload c;
  d::ColumnBinding base_binding, variant_binding;
  if (!open_caseload(a.caseload, c) || !bind_caseload(*base, a.caseload, c, base_binding) ||
      !bind_caseload(*variant, a.caseload, c, variant_binding)) {
    return kExitFailure;
  }
  // The changes file is opened only now, so a policy or header error never leaves one behind.
  std::FILE* changes = nullptr;
  if (!a.changes.empty()) {
    changes = std::fopen(a.changes.c_str(), "wb");
    if (!changes) {
      fmt::print(stderr, "kadenz: cannot write {}: {}\n", a.changes, std::strerror(errno));
      return kExitFailure;
    }
  }
  d::WhatIfReport report;
  report.base_name = base->name;
  report.base_file = a.base;
  report.variant_name = variant->name;
  report.variant_file = a.variant;
  for (const auto& s : a.set) report.variant_file += fmt::format(" --set {}", s);
  report.caseload_file = a.caseload;
  std::string error;
  const bool ok = d::run_whatif(*base, base_binding, *variant, variant_binding, *c.reader,
                                d::RunOptions{*as_of, jobs_or_all(a.jobs), changes}, report, error);
  if (changes != nullptr && std::fclose(changes) != 0 && ok) {
    fmt::print(stderr, "kadenz: cannot write {}: {}\n", a.changes, std::strerror(errno));
    return kExitFailure;
  }
  if (!ok) {
    fmt::print(stderr, "kadenz: {}\n", error);
    return kExitFailure;
  }
  const std::string text = a.format == "json"   ? d::render_whatif_json(report)
                           : a.format == "html" ? d::render_whatif_html(report)
                                                : d::render_whatif_text(report);
  if (!write_report(a.output, text)) return kExitFailure;
  fmt::print(stderr, "kadenz: as_of {}: {} rows read; {} change category, {} change outputs{}; errors {} (base) / {} (variant)\n",
             iso(*as_of), report.rows, report.moved, report.changed,
             a.changes.empty() ? "" : fmt::format(" (listed in {})", a.changes), report.base_errors,
             report.variant_errors);
  return report.base_errors + report.variant_errors > 0 ? kExitRowErrors : kExitOk;
}

struct EvalArgs {
  std::string policy, caseload, as_of, format = "csv", output;
  std::vector<std::string> set;
  bool force = false;
  unsigned jobs = 0;  // 0: all cores
};

int run_eval(const EvalArgs& a) {
  namespace d = kadenz::detail;
  const auto program = compile_and_report(a.policy, false, stderr, false, a.set);
  if (!program) return kExitFailure;

  const auto as_of_opt = as_of_or(a.as_of, today());
  if (!as_of_opt) return kExitFailure;
  const std::int32_t as_of = *as_of_opt;
  if (!within_validity(*program, a.policy, as_of, a.force)) return kExitFailure;
  Caseload c;
  d::ColumnBinding binding;
  if (!open_caseload(a.caseload, c) || !bind_caseload(*program, a.caseload, c, binding)) return kExitFailure;
  d::CsvReader& reader = *c.reader;
  std::string error;

  // The output file is opened only now, so a policy or header error never leaves one behind.
  std::FILE* out = stdout;
  if (!a.output.empty() && a.output != "-") {
    out = std::fopen(a.output.c_str(), "wb");
    if (!out) {
      fmt::print(stderr, "kadenz: cannot write {}: {}\n", a.output, std::strerror(errno));
      return kExitFailure;
    }
  }
  d::CaseloadSummary summary;
  const bool ok = d::evaluate_caseload(*program, reader, binding, as_of,
                                       a.format == "jsonl" ? d::OutputFormat::jsonl : d::OutputFormat::csv, out,
                                       summary, error,
                                       jobs_or_all(a.jobs));
  if (out != stdout && std::fclose(out) != 0 && ok) {
    fmt::print(stderr, "kadenz: cannot write {}: {}\n", a.output, std::strerror(errno));
    return kExitFailure;
  }
  if (ok && out == stdout && (std::fflush(stdout) != 0 || std::ferror(stdout))) {
    fmt::print(stderr, "kadenz: cannot write the output: {}\n", std::strerror(errno));
    return kExitFailure;
  }
  if (!ok) {
    fmt::print(stderr, "kadenz: {}: {}\n", a.caseload, error);
    return kExitFailure;
  }
  fmt::print(stderr, "kadenz: as_of {}: {} rows read, {} decided, {} with errors, {} with warnings\n", iso(as_of),
             summary.rows, summary.decided, summary.errors, summary.warned);
  return summary.errors > 0 ? kExitRowErrors : kExitOk;
}

// `kadenz dump`: prints one stage of the pipeline (see kadenz::Stage). `--set` applies to every
// stage but `ast`, which is the one file as parsed; there it is a usage error.
int run_dump(const std::string& policy, const std::string& stage, const std::vector<std::string>& set) {
  if (stage == "ast" && !set.empty()) {
    fmt::print(stderr, "kadenz: --set does not apply to --stage ast (the file as parsed); see --stage merged\n");
    return kExitFailure;
  }
  const kadenz::CompileOptions options = settings(set);
  const kadenz::Compiled source = kadenz::compile_policy_file(policy, options);
  if (source.source->text.empty() && !source.diagnostics.empty()) {
    std::fputs(kadenz::render_text(*source.source, source.diagnostics).c_str(), stderr);
    return kExitFailure;
  }
  const kadenz::Stage which = stage == "ast"       ? kadenz::Stage::ast
                              : stage == "merged"  ? kadenz::Stage::merged
                              : stage == "checked" ? kadenz::Stage::checked
                              : stage == "code"    ? kadenz::Stage::code
                                                   : kadenz::Stage::program;
  std::vector<kadenz::Diagnostic> diags;
  const std::string out = kadenz::dump(policy, source.source->text, which, diags, options);
  if (kadenz::count_errors(diags) > 0) {
    std::fputs(kadenz::render_text(*source.source, diags).c_str(), stderr);
    return kExitFailure;
  }
  std::fputs(out.c_str(), stdout);
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"kadenz: contact-density directives as rule files"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "kadenz 0.1.0");

  CheckArgs ck;
  auto* check = app.add_subcommand("check", "Check a policy: syntax, types, gaps, overlaps, unreachable rules");
  check->add_option("policy", ck.policy, "Policy file (.kadenz)")->required();
  check->add_option("--format", ck.format, "Diagnostics as text or json")->check(CLI::IsMember({"text", "json"}));
  check->add_option("--as-of", ck.as_of, "Evaluation date the examples are built for (default: valid from)");
  check->add_option("--witnesses", ck.witnesses, "Write every example customer to this caseload CSV");
  check->add_flag("--strict", ck.strict, "Treat warnings as errors");
  check->add_flag("--notes", ck.notes, "Also print notes (partial overlaps, unused parameters, …)");

  EvalArgs ev;
  auto* eval = app.add_subcommand("eval", "Decide every row of a caseload CSV with a policy");
  eval->add_option("policy", ev.policy, "Policy file (.kadenz)")->required();
  eval->add_option("caseload", ev.caseload, "Caseload CSV, or - for standard input")->required();
  eval->add_option("--as-of", ev.as_of, "Evaluation date YYYY-MM-DD (default: today)");
  eval->add_option("--format", ev.format, "Output format")->check(CLI::IsMember({"csv", "jsonl"}));
  eval->add_option("-o,--output", ev.output, "Write rows to FILE instead of standard output");
  eval->add_flag("--force", ev.force, "Evaluate even if as_of is outside the policy's validity");
  eval->add_option("-j,--jobs", ev.jobs, "Threads that decide rows (default: all cores); the output is the same")
      ->check(CLI::Range(1u, 256u));

  const auto set_option = [](CLI::App* cmd, std::vector<std::string>& into, const char* what) {
    cmd->add_option("--set", into, what)
        ->type_name("NAME=VALUE")
        ->check([](const std::string& v) {
          return v.find('=') == std::string::npos || v.front() == '=' ? std::string("expected NAME=VALUE, e.g. prep_minutes=15")
                                                                      : std::string();
        });
  };
  set_option(check, ck.set, "Override a parameter, e.g. --set prep_minutes=15 (repeatable)");
  set_option(eval, ev.set, "Override a parameter, e.g. --set prep_minutes=15 (repeatable)");

  ReportArgs wl;
  auto* workload = app.add_subcommand("workload", "Customers per category, interviews, hours and staff for a caseload");
  workload->add_option("policy", wl.base, "Policy file (.kadenz) with a workload block")->required();
  workload->add_option("caseload", wl.caseload, "Caseload CSV, or - for standard input")->required();
  workload->add_option("--as-of", wl.as_of, "Evaluation date YYYY-MM-DD (default: today)");
  workload->add_option("--format", wl.format, "Report format")->check(CLI::IsMember({"text", "json", "html"}));
  workload->add_option("-o,--output", wl.output, "Write the report to FILE instead of standard output");
  workload->add_flag("--force", wl.force, "Evaluate even if as_of is outside the policy's validity");
  workload->add_option("-j,--jobs", wl.jobs, "Threads (default: all cores); the report is the same")
      ->check(CLI::Range(1u, 256u));
  set_option(workload, wl.set, "Override a parameter, e.g. --set prep_minutes=15 (repeatable)");

  ReportArgs wi;
  auto* whatif = app.add_subcommand("whatif", "Compare two policies on one caseload: moves, rules, workload");
  whatif->add_option("base", wi.base, "The policy in force (.kadenz)")->required();
  whatif->add_option("variant", wi.variant, "The variant to compare (.kadenz, often `extends` the base)")->required();
  whatif->add_option("caseload", wi.caseload, "Caseload CSV, or - for standard input")->required();
  whatif->add_option("--as-of", wi.as_of, "Evaluation date YYYY-MM-DD (default: today)");
  whatif->add_option("--format", wi.format, "Report format")->check(CLI::IsMember({"text", "json", "html"}));
  whatif->add_option("-o,--output", wi.output, "Write the report to FILE instead of standard output");
  whatif->add_option("--changes", wi.changes, "Write every record whose outputs differ to this CSV (before/after)");
  whatif->add_flag("--force", wi.force, "Evaluate even if as_of is outside a policy's validity");
  whatif->add_option("-j,--jobs", wi.jobs, "Threads (default: all cores); the report is the same")
      ->check(CLI::Range(1u, 256u));
  set_option(whatif, wi.set, "Override a parameter of the VARIANT, e.g. --set prep_minutes=15 (repeatable)");

  std::string dump_policy, dump_stage = "program";
  std::vector<std::string> dump_set;
  auto* dumpc = app.add_subcommand("dump", "Print an intermediate stage of the compiler");
  dumpc->add_option("policy", dump_policy, "Policy file (.kadenz)")->required();
  dumpc->add_option("--stage", dump_stage,
                    "ast (the file as parsed), merged (after extends and --set, with where each line came from), "
                    "checked (with types), program or code (the program's register code)")
      ->check(CLI::IsMember({"ast", "merged", "checked", "program", "code"}));
  set_option(dumpc, dump_set, "Override a parameter, e.g. --set prep_minutes=15 (repeatable; not with --stage ast)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // CLI11 uses exit codes 100-127 for usage errors; kadenz maps them to 2 (no output).
    const int code = app.exit(e);
    return code == 0 ? kExitOk : kExitFailure;
  }
  try {
    if (*check) return run_check(ck);
    if (*eval) return run_eval(ev);
    if (*workload) return run_workload_cmd(wl);
    if (*whatif) return run_whatif_cmd(wi);
    if (*dumpc) return run_dump(dump_policy, dump_stage, dump_set);
  } catch (const std::exception& e) {
    fmt::print(stderr, "kadenz: internal error: {}\n", e.what());
    return kExitFailure;
  }
  return kExitFailure;
}
