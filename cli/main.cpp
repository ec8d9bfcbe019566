// The `kadenz` command: check, eval, workload, whatif, explain, test, dump, fmt and lsp. Renders what the library returns; all
// decisions about exit codes and printing are made here, none in the library.
#include <kadenz/caseload.hpp>
#include <kadenz/dump.hpp>
#include <kadenz/kadenz.hpp>

#include "cli/caseload_io.hpp"
#include "cli/compile_options.hpp"
#include "cli/csv_dialect.hpp"
#include "cli/explain.hpp"
#include "cli/fmt.hpp"
#include "cli/lsp.hpp"
#include "cli/output_file.hpp"
#include "cli/print.hpp"
#include "cli/reports.hpp"
#include "cli/swapped.hpp"
#include "cli/test.hpp"
#include "cli/versions.hpp"
#include "cli/xlsx_report.hpp"
#include "interpreter/analyze/analyze.hpp"
#include "interpreter/caseload/rows.hpp"
#include "interpreter/compile/program.hpp"
#include "interpreter/pipeline/policy_access.hpp"
#include "interpreter/pipeline/versions.hpp"
#include "stdlib/date.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <thread>

namespace {

using kadenz::cli::CsvDialect;
using kadenz::cli::CsvWriter;
using kadenz::cli::NamedFile;
using kadenz::cli::OutputFile;
using kadenz::cli::put;
using kadenz::cli::say;
using kadenz::cli::add_bases;
using kadenz::cli::as_of_or;
using kadenz::cli::ChosenPolicy;
using kadenz::cli::today;
using kadenz::detail::iso_date;
using kadenz::cli::kExitFailure;
using kadenz::cli::kExitOk;
using kadenz::cli::kExitRowErrors;
using kadenz::cli::ReportArgs;
using kadenz::cli::caseload_input;
using kadenz::cli::caseload_options;
using kadenz::cli::open_output;
using kadenz::cli::output_role;
using kadenz::cli::outputs_are_safe;
using kadenz::cli::run_whatif_any;
using kadenz::cli::run_workload_cmd;
using kadenz::cli::say_lines;
using kadenz::cli::add_group_options;

struct CheckArgs {
  std::string policy, format = "text", as_of, witnesses, lang, csv = "standard";
  std::vector<std::string> set;
  bool strict = false, notes = false;
};

// check: compile, then analyze. Exit 2 if it does not compile, 1 if the analysis finds errors
// (or warnings with --strict), else 0.
int run_check(const CheckArgs& a) {
  namespace d = kadenz::detail;
  const bool json = a.format == "json";
  if (d::is_version_directory(a.policy)) {
    if (!a.witnesses.empty()) {
      const kadenz::CompileOptions o = kadenz::cli::compile_options({}, a.lang);
      const kadenz::Lang lang = o.lang.value_or(o.default_lang);
      kadenz::cli::tell(d::Voice{lang, lang}, d::Msg::witnesses_need_file, {a.policy});
      return kExitFailure;
    }
    return kadenz::cli::run_check_versions({a.policy, a.format, a.as_of, a.lang, a.set, a.strict, a.notes});
  }
  std::vector<NamedFile> outputs;
  if (!a.witnesses.empty()) outputs.push_back(NamedFile{"--witnesses", a.witnesses});
  if (json) outputs.push_back(NamedFile{"the JSON diagnostics", ""});
  std::vector<NamedFile> inputs{{"the policy", a.policy}};
  if (!outputs_are_safe(outputs, inputs)) return kExitFailure;
  const kadenz::Compiled c = kadenz::compile_policy_file(a.policy, kadenz::cli::compile_options(a.set, a.lang));
  if (!kadenz::detail::program_of(c)) {
    put(json ? stdout : stderr, json ? kadenz::render_json(*c.source, c.diagnostics)
                                     : kadenz::render_text(*c.source, c.diagnostics, c.lang));
    if (!json) kadenz::cli::note_if_caseload(a.policy);
    return kExitFailure;
  }
  add_bases(inputs, *c.source);
  if (!outputs_are_safe(outputs, inputs)) return kExitFailure;
  const auto& p = *kadenz::detail::program_of(c);
  const auto as_of = as_of_or(a.as_of, p.valid_from.value_or(today()), p.voice);
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
  OutputFile witnesses;
  witnesses.set_lang(p.voice.text);
  std::string error;
  if (!a.witnesses.empty()) {
    if (!witnesses.open(a.witnesses, error)) {
      say("kadenz: {}\n", error);
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
    put(witnesses.stream(), CsvWriter::whole(kadenz::cli::csv_dialect(a.csv), csv));
    kadenz::cli::tell(p.voice, rows == 1 ? d::Msg::examples_written_one : d::Msg::examples_written_many,
                      {std::to_string(rows), a.witnesses});
  }
  if (json) {
    put(stdout, kadenz::render_json(*c.source, shown));
  } else {
    put(stderr, kadenz::render_text(*c.source, shown, c.lang));
    std::size_t rules = 0;
    for (const auto& t : p.tables) rules += t.rules.size();
    const auto count = [&](std::size_t n, d::Msg one, d::Msg many) {
      return d::say(p.voice, n == 1 ? one : many, {std::to_string(n)});
    };
    kadenz::cli::tell(p.voice, d::Msg::check_summary,
                      {a.policy, std::to_string(p.tables.size()), std::to_string(rules), iso_date(*as_of),
                       count(errors, d::Msg::count_error_one, d::Msg::count_error_many),
                       count(warnings, d::Msg::count_warning_one, d::Msg::count_warning_many),
                       count(notes, d::Msg::count_note_one, d::Msg::count_note_many),
                       notes > 0 && !a.notes ? d::say(p.voice, d::Msg::notes_hidden) : std::string()});
    bool any_witness = false;
    for (const auto& f : shown) any_witness |= !f.witness.empty();
    if (any_witness) {
      kadenz::cli::tell(p.voice, d::Msg::examples_replay, {a.policy, iso_date(*as_of)});
    }
  }
  // Last, so that output that could not be printed (exit 2) leaves no examples file.
  if (!a.witnesses.empty() && (!kadenz::cli::streams_ok() || !witnesses.commit(error))) {
    if (!error.empty()) say("kadenz: {}\n", error);
    return kExitFailure;
  }
  return errors > 0 ? kExitRowErrors : kExitOk;
}


struct EvalArgs {
  std::string policy, caseload, as_of, format = "csv", output, encoding = "auto", lang, csv = "standard";
  std::vector<std::string> set;
  bool force = false;
  unsigned jobs = 0;  // 0: all cores
};

int run_eval(const EvalArgs& a) {
  namespace d = kadenz::detail;
  const std::vector<NamedFile> outputs{{output_role(a.output, "-o"), a.output}};
  std::vector<NamedFile> inputs{{"the policy", a.policy}, {"the caseload", a.caseload}};
  if (!outputs_are_safe(outputs, inputs) || kadenz::cli::refuse_swapped(a.policy, a.caseload, "eval")) return kExitFailure;
  std::optional<std::int32_t> as_of_opt;
  ChosenPolicy chosen;
  if (!kadenz::cli::choose_policy(a.policy, a.as_of, a.force, kadenz::cli::compile_options(a.set, a.lang),
                                  "the policy", inputs, as_of_opt, chosen) ||
      !outputs_are_safe(outputs, inputs))
    return kExitFailure;
  const d::Voice& voice = chosen.program->voice;
  const std::int32_t as_of = *as_of_opt;
  if (a.format == "jsonl" && a.csv != "standard") {
    kadenz::cli::tell(voice, d::Msg::csv_dialect_jsonl);
    return kExitFailure;
  }

  // The output is opened with the first rows, so a policy or header error never leaves a file
  // behind; it replaces an existing file only once every row is written.
  OutputFile out;
  out.set_lang(voice.text);
  bool opened = false;
  std::string write_error;
  // the rows in the --csv dialect, converted as they stream
  CsvWriter dialect(kadenz::cli::csv_dialect(a.csv));
  std::string converted;
  const auto rows = [&](std::string_view raw) {
    if (!opened && !(opened = out.open(a.output, write_error))) return false;
    converted.clear();
    if (a.format == "csv") dialect.convert(raw, converted);
    const std::string_view text = a.format == "csv" ? std::string_view(converted) : raw;
    if (text.empty() || std::fwrite(text.data(), 1, text.size(), out.stream()) == text.size()) return true;
    write_error = d::say(voice, d::Msg::cannot_write_output, {std::strerror(errno)});
    return false;
  };
  const kadenz::CaseloadResult r =
      kadenz::evaluate_caseload(chosen.policy, caseload_input(a.caseload),
                                a.format == "jsonl" ? kadenz::RowFormat::jsonl : kadenz::RowFormat::csv, rows,
                                caseload_options(as_of, a.encoding, a.jobs));
  say_lines(r.notes);
  if (!r.ok) {
    // a failed write is the command's own message; the library's names the caseload
    if (!write_error.empty()) {
      say("kadenz: {}\n", write_error);
    } else {
      say_lines({r.error});
    }
    return kExitFailure;
  }
  if (!opened && !open_output(out, a.output)) return kExitFailure;
  if (a.format == "csv") {
    converted.clear();
    dialect.finish(converted);
    put(out.stream(), converted);
  }
  say_lines(r.warnings);
  kadenz::cli::tell(voice, d::Msg::eval_summary,
                    {iso_date(as_of), std::to_string(r.summary.rows), std::to_string(r.summary.decided),
                     std::to_string(r.summary.errors), std::to_string(r.summary.warned),
                     std::to_string(r.summary.repeated),
                     r.summary.repeated_unconfirmed ? d::say(voice, d::Msg::perhaps) : std::string()});
  kadenz::cli::say_version(voice, chosen);
  put(stderr, r.error_kinds_text);
  // After the last message: if it could not be written, exit 2 and the target stays as it was.
  if (!kadenz::cli::streams_ok()) return kExitFailure;
  std::string error;
  if (!out.commit(error)) {
    say("kadenz: {}\n", error);
    return kExitFailure;
  }
  return r.summary.errors > 0 ? kExitRowErrors : kExitOk;
}

// `kadenz dump`: prints one stage of the pipeline (see kadenz::Stage). `--set` applies to every
// stage but `ast`, which is the one file as parsed; there it is a usage error.
int run_dump(const std::string& policy, const std::string& stage, const std::vector<std::string>& set,
             const std::string& lang) {
  if (stage == "ast" && !set.empty()) {
    say("kadenz: --set does not apply to --stage ast (the file as parsed); see --stage merged\n");
    return kExitFailure;
  }
  if (!outputs_are_safe({{"the dump", ""}}, {{"the policy", policy}})) return kExitFailure;
  const kadenz::CompileOptions options = kadenz::cli::compile_options(set, lang);
  const kadenz::Compiled source = kadenz::compile_policy_file(policy, options);
  if (source.source->text.empty() && !source.diagnostics.empty()) {
    put(stderr, kadenz::render_text(*source.source, source.diagnostics, source.lang));
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
    put(stderr, kadenz::render_text(*source.source, diags, source.lang));
    return kExitFailure;
  }
  put(stdout, out);
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"kadenz: contact-density directives as rule files"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "kadenz 0.1.0");

  CheckArgs ck;
  auto* check = app.add_subcommand("check", "Check a policy: syntax, types, gaps, overlaps, unreachable rules");
  check->add_option("policy", ck.policy, "Policy file (.kadenz), or a directory of versions of one directive")->required();
  check->add_option("--format", ck.format, "Diagnostics as text or json")->check(CLI::IsMember({"text", "json"}));
  check->add_option("--as-of", ck.as_of, "Evaluation date the examples are built for (default: valid from)");
  check->add_option("--witnesses", ck.witnesses, "Write every example customer to this caseload CSV");
  check->add_flag("--strict", ck.strict, "Treat warnings as errors");
  kadenz::cli::add_csv_option(check, ck.csv);
  check->add_flag("--notes", ck.notes, "Also print notes (partial overlaps, unused parameters, …)");
  kadenz::cli::add_lang_option(check, ck.lang);

  EvalArgs ev;
  auto* eval = app.add_subcommand("eval", "Decide every row of a caseload CSV with a policy");
  eval->add_option("policy", ev.policy, "Policy file (.kadenz), or a directory of versions (DIR, or DIR@DATE: the version in force on DATE)")->required();
  eval->add_option("caseload", ev.caseload, "Caseload CSV, or - for standard input")->required();
  eval->add_option("--as-of", ev.as_of, "Evaluation date YYYY-MM-DD (default: today)");
  eval->add_option("--format", ev.format, "Output format")->check(CLI::IsMember({"csv", "jsonl"}));
  eval->add_option("-o,--output", ev.output, "Write rows to FILE instead of standard output");
  eval->add_flag("--force", ev.force, "Evaluate even if as_of is outside the policy's validity");
  kadenz::cli::add_encoding_option(eval, ev.encoding);
  kadenz::cli::add_csv_option(eval, ev.csv);
  kadenz::cli::add_lang_option(eval, ev.lang);
  eval->add_option("-j,--jobs", ev.jobs, "Threads that decide rows (default: all cores); the output is the same")
      ->check(CLI::Range(1u, 256u));

  const auto& set_option = kadenz::cli::add_set_option;
  set_option(check, ck.set, "Override a parameter, e.g. --set prep_minutes=15 (repeatable)");
  set_option(eval, ev.set, "Override a parameter, e.g. --set prep_minutes=15 (repeatable)");

  ReportArgs wl;
  auto* workload = app.add_subcommand("workload", "Customers per category, interviews, hours and staff for a caseload");
  workload->add_option("policy", wl.base, "Policy file (.kadenz) with a workload block, or a directory of versions (DIR[@DATE])")->required();
  workload->add_option("caseload", wl.caseload, "Caseload CSV, or - for standard input")->required();
  workload->add_option("--as-of", wl.as_of, "Evaluation date YYYY-MM-DD (default: today)");
  workload->add_option("--format", wl.format, "Report format (xlsx: a workbook, with -o FILE.xlsx)")
      ->check(CLI::IsMember({"text", "json", "html", "xlsx"}));
  workload->add_option("-o,--output", wl.output, "Write the report to FILE instead of standard output");
  workload->add_flag("--force", wl.force, "Evaluate even if as_of is outside the policy's validity");
  workload->add_option("-j,--jobs", wl.jobs, "Threads (default: all cores); the report is the same")
      ->check(CLI::Range(1u, 256u));
  kadenz::cli::add_encoding_option(workload, wl.encoding);
  kadenz::cli::add_lang_option(workload, wl.lang);
  add_group_options(workload, wl);
  set_option(workload, wl.set, "Override a parameter, e.g. --set prep_minutes=15 (repeatable)");

  ReportArgs wi;
  auto* whatif = app.add_subcommand("whatif", "Compare two policies on one caseload: moves, rules, workload");
  whatif->add_option("files", wi.files,
                     "BASE VARIANT… CASELOAD: the policy in force, the variants to compare (.kadenz, often `extends` "
                     "the base; each may be DIR@DATE), and the caseload CSV (- for standard input). With --sweep, "
                     "BASE [VARIANT] CASELOAD")
      ->required()
      ->expected(2, -1);
  whatif->add_option("--sweep", wi.sweep,
                     "NAME=v1,v2,…: one variant per value (the VARIANT, or the base if none is given, with "
                     "--set NAME=v), compared side by side");
  whatif->add_option("--as-of", wi.as_of, "Evaluation date YYYY-MM-DD (default: today)");
  whatif->add_option("--format", wi.format, "Report format (xlsx: a workbook, with -o FILE.xlsx)")
      ->check(CLI::IsMember({"text", "json", "html", "xlsx"}));
  whatif->add_option("-o,--output", wi.output, "Write the report to FILE instead of standard output");
  whatif->add_option("--changes", wi.changes,
                     "Write every record whose outputs differ to this CSV (before/after); FILE.xlsx: a workbook");
  kadenz::cli::add_csv_option(whatif, wi.csv);
  whatif->add_flag("--force", wi.force, "Evaluate even if as_of is outside a policy's validity");
  whatif->add_option("-j,--jobs", wi.jobs, "Threads (default: all cores); the report is the same")
      ->check(CLI::Range(1u, 256u));
  kadenz::cli::add_encoding_option(whatif, wi.encoding);
  kadenz::cli::add_lang_option(whatif, wi.lang);
  add_group_options(whatif, wi);
  set_option(whatif, wi.set, "Override a parameter of the VARIANT, e.g. --set prep_minutes=15 (repeatable)");

  std::string dump_policy, dump_stage = "program", dump_lang;
  std::vector<std::string> dump_set;
  auto* dumpc = app.add_subcommand("dump", "Print an intermediate stage of the compiler");
  dumpc->add_option("policy", dump_policy, "Policy file (.kadenz)")->required();
  dumpc->add_option("--stage", dump_stage,
                    "ast (the file as parsed), merged (after extends and --set, with where each line came from), "
                    "checked (with types), program or code (the program's register code)")
      ->check(CLI::IsMember({"ast", "merged", "checked", "program", "code"}));
  kadenz::cli::add_lang_option(dumpc, dump_lang);
  set_option(dumpc, dump_set, "Override a parameter, e.g. --set prep_minutes=15 (repeatable; not with --stage ast)");

  kadenz::cli::FmtArgs fa;
  auto* fmtc = kadenz::cli::add_fmt_command(app, fa);
  kadenz::cli::LspArgs la;
  auto* lspc = kadenz::cli::add_lsp_command(app, la);
  kadenz::cli::ExplainArgs xa;
  auto* explainc = kadenz::cli::add_explain_command(app, xa);
  kadenz::cli::TestArgs ta;
  auto* testc = kadenz::cli::add_test_command(app, ta);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // CLI11 uses exit codes 100-127 for usage errors; kadenz maps them to 2 (no output).
    const int code = app.exit(e);
    return kadenz::cli::finish(code == 0 ? kExitOk : kExitFailure);
  }
  // A file size limit (ulimit -f) is a write error like a full disk, reported and exit 2, rather
  // than a signal that kills the process and leaves its temporary file behind.
  std::signal(SIGXFSZ, SIG_IGN);
  int code = kExitFailure;
  try {
    if (*check) code = run_check(ck);
    if (*eval) code = run_eval(ev);
    if (*workload) code = run_workload_cmd(wl);
    if (*whatif) code = run_whatif_any(wi);
    if (*dumpc) code = run_dump(dump_policy, dump_stage, dump_set, dump_lang);
    if (*fmtc) code = kadenz::cli::run_fmt(fa);
    if (*lspc) code = kadenz::cli::run_lsp(la);
    if (*explainc) code = kadenz::cli::run_explain(xa);
    if (*testc) code = kadenz::cli::run_test(ta);
  } catch (const std::exception& e) {
    say("kadenz: internal error: {}\n", e.what());
    code = kExitFailure;
  }
  return kadenz::cli::finish(code);
}
