// The `kadenz` command: check, eval, workload, whatif, dump and fmt. Renders what the library returns; all
// decisions about exit codes and printing are made here, none in the library.
#include <kadenz/kadenz.hpp>

#include "cli/compile_options.hpp"
#include "cli/fmt.hpp"
#include "cli/output_file.hpp"
#include "cli/print.hpp"
#include "interpreter/analyze/analyze.hpp"
#include "interpreter/caseload/cells.hpp"
#include "interpreter/caseload/keys.hpp"
#include "interpreter/caseload/rows.hpp"
#include "interpreter/caseload/run.hpp"
#include "interpreter/compile/program.hpp"
#include "interpreter/report/report.hpp"
#include "stdlib/date.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <thread>

namespace {

using kadenz::cli::NamedFile;
using kadenz::cli::OutputFile;
using kadenz::cli::put;
using kadenz::cli::say;
using kadenz::detail::iso_date;

// Exit codes (README "Exit status"): usage errors, unreadable input, an output that is an input
// and any failed write share 2 with policy errors, because in all of them no output file was
// written or replaced.
constexpr int kExitOk = 0;
constexpr int kExitRowErrors = 1;
constexpr int kExitFailure = 2;

std::int32_t today() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  return kadenz::detail::days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

// The --as-of date, or `fallback` if none was given; nullopt (after a message) if it is not a date.
std::optional<std::int32_t> as_of_or(const std::string& text, std::int32_t fallback) {
  if (text.empty()) return fallback;
  const auto parsed = kadenz::detail::parse_date(text);
  if (!parsed) say("kadenz: --as-of `{}` is not a date (write YYYY-MM-DD or DD.MM.YYYY)\n", text);
  return parsed;
}

// Compiles and prints the diagnostics to standard error; `program` is null if it does not compile.
kadenz::Compiled compile_and_report(const std::string& path, const kadenz::CompileOptions& options) {
  kadenz::Compiled c = kadenz::compile_policy_file(path, options);
  if (!c.diagnostics.empty()) put(stderr, kadenz::render_text(*c.source, c.diagnostics, c.lang));
  return c;
}

// The role an output has in messages: `option` for a file, "the output" for standard output.
std::string output_role(const std::string& path, const char* option) {
  return kadenz::cli::is_stdout(path) ? "the output" : option;
}

// Adds the base files a compiled policy read through `extends` (not the `--set` texts) to `inputs`.
void add_bases(std::vector<NamedFile>& inputs, const kadenz::SourceFile& source) {
  for (const auto& inc : source.included) {
    if (inc.name != "--set") inputs.push_back(NamedFile{"the base policy", inc.name});
  }
}

// False (after a message) if an output is one of the inputs or another output: writing it would
// destroy what the run reads. Called before the caseload is read and before any output is opened.
bool outputs_are_safe(const std::vector<NamedFile>& outputs, const std::vector<NamedFile>& inputs) {
  const std::string clash = kadenz::cli::find_clash(outputs, inputs);
  if (clash.empty()) return true;
  say("kadenz: {}\n", clash);
  return false;
}

struct CheckArgs {
  std::string policy, format = "text", as_of, witnesses, lang;
  std::vector<std::string> set;
  bool strict = false, notes = false;
};

// check: compile, then analyze. Exit 2 if it does not compile, 1 if the analysis finds errors
// (or warnings with --strict), else 0.
int run_check(const CheckArgs& a) {
  namespace d = kadenz::detail;
  const bool json = a.format == "json";
  std::vector<NamedFile> outputs;
  if (!a.witnesses.empty()) outputs.push_back(NamedFile{"--witnesses", a.witnesses});
  if (json) outputs.push_back(NamedFile{"the JSON diagnostics", ""});
  std::vector<NamedFile> inputs{{"the policy", a.policy}};
  if (!outputs_are_safe(outputs, inputs)) return kExitFailure;
  const kadenz::Compiled c = kadenz::compile_policy_file(a.policy, kadenz::cli::compile_options(a.set, a.lang));
  if (!c.program) {
    put(json ? stdout : stderr, json ? kadenz::render_json(*c.source, c.diagnostics)
                                     : kadenz::render_text(*c.source, c.diagnostics, c.lang));
    return kExitFailure;
  }
  add_bases(inputs, *c.source);
  if (!outputs_are_safe(outputs, inputs)) return kExitFailure;
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
  OutputFile witnesses;
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
    put(witnesses.stream(), csv);
    say("kadenz: {} example customer{} written to {}\n", rows, rows == 1 ? "" : "s", a.witnesses);
  }
  if (json) {
    put(stdout, kadenz::render_json(*c.source, shown));
  } else {
    put(stderr, kadenz::render_text(*c.source, shown, c.lang));
    std::size_t rules = 0;
    for (const auto& t : p.tables) rules += t.rules.size();
    say("{}: {} table(s) with {} rules checked for as_of {}: {} error{}, {} warning{}, {} note{}{}\n",
               a.policy, p.tables.size(), rules, iso_date(*as_of), errors, errors == 1 ? "" : "s", warnings,
               warnings == 1 ? "" : "s", notes, notes == 1 ? "" : "s",
               notes > 0 && !a.notes ? " (--notes shows them)" : "");
    bool any_witness = false;
    for (const auto& f : shown) any_witness |= !f.witness.empty();
    if (any_witness) {
      say("  the examples replay with: kadenz eval {} <examples.csv> --as-of {} (write them with "
                         "--witnesses FILE)\n", a.policy, iso_date(*as_of));
    }
  }
  // Last, so that output that could not be printed (exit 2) leaves no examples file.
  if (!a.witnesses.empty() && (!kadenz::cli::streams_ok() || !witnesses.commit(error))) {
    if (!error.empty()) say("kadenz: {}\n", error);
    return kExitFailure;
  }
  return errors > 0 ? kExitRowErrors : kExitOk;
}

// False (after a message) if as_of lies outside the policy's validity and --force was not given.
bool within_validity(const kadenz::detail::Program& program, const std::string& path, std::int32_t as_of, bool force) {
  const bool before = program.valid_from && as_of < *program.valid_from;
  const bool after = program.valid_until && as_of > *program.valid_until;
  if ((before || after) && !force) {
    say("kadenz: as_of {} is outside the validity of {} ({} to {})\n  help: choose a date in "
                       "that range with --as-of, or pass --force to evaluate anyway\n",
               iso_date(as_of), path, program.valid_from ? iso_date(*program.valid_from) : "-",
               program.valid_until ? iso_date(*program.valid_until) : "open end");
    return false;
  }
  return true;
}

// An open caseload: the file (or stdin), its reader and header. Closes the file on destruction.
struct Caseload {
  std::FILE* in = nullptr;
  std::unique_ptr<kadenz::detail::CsvReader> reader;
  std::vector<std::string> header;
  bool noted_encoding = false;  // note_encoding has spoken
  ~Caseload() {
    if (in != nullptr && in != stdin) std::fclose(in);
  }
};

// The reader's encoding for an --encoding value (CLI11 allows only these three).
kadenz::detail::Encoding encoding_of(const std::string& name) {
  if (name == "utf-8") return kadenz::detail::Encoding::utf8;
  if (name == "cp1252") return kadenz::detail::Encoding::cp1252;
  return kadenz::detail::Encoding::auto_detect;
}

// Says once that the caseload was read as Windows-1252 because it is not UTF-8 (if so): the
// decisions are right, but the user may want to save it as UTF-8 or say so with --encoding.
void note_encoding(const std::string& path, Caseload& c) {
  if (c.noted_encoding || !c.reader->guessed_cp1252()) return;
  c.noted_encoding = true;
  say("kadenz: note: {} is not UTF-8; it is read as Windows-1252 (the plain \"CSV\" of German Excel)\n"
      "  help: save it in Excel as \"CSV UTF-8 (durch Trennzeichen getrennt)\", or pass --encoding cp1252 to "
      "say that it is Windows-1252\n",
      path);
}

// Opens the caseload and reads its header; false after a message.
bool open_caseload(const std::string& path, Caseload& c, const std::string& encoding) {
  c.in = stdin;
  if (path != "-") {
    c.in = std::fopen(path.c_str(), "rb");
    if (!c.in) {
      say("kadenz: cannot read {}: {}\n", path, std::strerror(errno));
      return false;
    }
  }
  c.reader = std::make_unique<kadenz::detail::CsvReader>(c.in);
  c.reader->set_encoding(encoding_of(encoding));
  std::string error;
  if (!c.reader->read_header(c.header, error)) {
    say("kadenz: {}: {}\n", path, error);
    return false;
  }
  note_encoding(path, c);
  return true;
}

// Binds the caseload's header to a program's facts; false after a message.
bool bind_caseload(const kadenz::detail::Program& program, const std::string& path, const Caseload& c,
          kadenz::detail::ColumnBinding& binding) {
  std::string error;
  if (!kadenz::detail::bind_columns(program, c.header, binding, error)) {
    say("kadenz: {}: {}\n", path, error);
    return false;
  }
  for (const auto& note : binding.notes) say("kadenz: note: {}\n", note);
  return true;
}

// Pass 2 of the duplicate-id check (interpreter/caseload/keys.hpp): if pass 1 (`keys`) saw a
// hash twice, reads the caseload again and compares those rows' ids exactly, so a hash collision
// never makes a report. Standard input, a pipe or a device cannot be read twice: then the rows
// with a repeated hash are only counted (`unconfirmed`). False after a message if the second
// reading fails or finds another header. The second reading decodes as the first did (`encoding`,
// or Windows-1252 if the first guessed it), so the ids compare as they were hashed.
bool find_duplicates(const kadenz::detail::Program& program, const kadenz::detail::ColumnBinding& binding,
                     const std::string& path, const std::string& encoding, const Caseload& first,
                     kadenz::detail::KeyHashes& keys, kadenz::detail::DuplicateKeys& dups, std::size_t& unconfirmed) {
  dups = {};
  unconfirmed = 0;
  if (keys.repeats() == 0) return true;
  std::error_code ec;
  if (path == "-" || !std::filesystem::is_regular_file(path, ec)) {
    unconfirmed = keys.repeats();
    return true;
  }
  Caseload again;
  again.noted_encoding = true;  // the first reading has said it
  if (!open_caseload(path, again, first.reader->guessed_cp1252() ? "cp1252" : encoding)) return false;
  if (again.header != first.header) {
    say("kadenz: {}: the caseload changed while it was read (its header is not the same); run again\n", path);
    return false;
  }
  std::string error;
  if (!kadenz::detail::find_duplicate_keys(program, binding, *again.reader, keys.repeated(), dups, error)) {
    say("kadenz: {}: {}\n", path, error);
    return false;
  }
  return true;
}

// The warnings of `kadenz eval` about repeated ids: each listed id with its lines, then the count.
void warn_duplicates(const kadenz::detail::DuplicateKeys& dups, std::size_t unconfirmed) {
  for (const auto& d : dups.shown) say("kadenz: warning: {}\n", kadenz::detail::describe_duplicate(d));
  if (dups.ids > dups.shown.size())
    say("kadenz: warning: … and {} more ids are in more than one row\n", dups.ids - dups.shown.size());
  if (dups.rows > 0)
    say("kadenz: warning: {} row{} repeat the id of an earlier row; each is decided as it stands (is the export "
        "appended twice?)\n",
        dups.rows, dups.rows == 1 ? "" : "s");
  if (unconfirmed > 0)
    say("kadenz: warning: {} row{} may repeat the id of an earlier row (their ids hash alike); standard input cannot "
        "be read twice to compare them exactly: pass the caseload as a file to list them\n",
        unconfirmed, unconfirmed == 1 ? "" : "s");
}

// Why `workload` and `whatif` refuse a caseload with repeated ids: they would count those
// customers twice. False (after the message) if ids repeat or may repeat.
bool refuse_duplicates(const std::string& path, const kadenz::detail::DuplicateKeys& dups, std::size_t unconfirmed) {
  if (dups.rows == 0 && unconfirmed == 0) return true;
  if (dups.rows > 0) {
    say("kadenz: {}: {} row{} repeat the id of an earlier row, so their customers would be counted twice:\n", path,
        dups.rows, dups.rows == 1 ? "" : "s");
    for (const auto& d : dups.shown) say("  {}\n", kadenz::detail::describe_duplicate(d));
    if (dups.ids > dups.shown.size()) say("  … and {} more ids\n", dups.ids - dups.shown.size());
  } else {
    say("kadenz: {}: {} row{} may repeat the id of an earlier row (their ids hash alike), so their customers may be "
        "counted twice; standard input cannot be read twice to compare them exactly\n",
        path, unconfirmed, unconfirmed == 1 ? "" : "s");
  }
  say("  help: remove the repeated rows (is the export appended twice?); `kadenz eval` lists the first of them with "
      "their lines\n");
  return false;
}

// For workload and whatif, after the run: false (after the message) if ids repeat or may
// repeat, or the second reading failed.
bool keys_unique(const kadenz::detail::Program& program, const kadenz::detail::ColumnBinding& binding,
                 const std::string& path, const std::string& encoding, const Caseload& c,
                 kadenz::detail::KeyHashes& keys) {
  kadenz::detail::DuplicateKeys dups;
  std::size_t unconfirmed = 0;
  return find_duplicates(program, binding, path, encoding, c, keys, dups, unconfirmed) &&
         refuse_duplicates(path, dups, unconfirmed);
}

// The most common kinds of error of the rows not decided, after the summary line.
void say_error_kinds(const kadenz::detail::CaseloadSummary& summary) {
  if (summary.errors == 0) return;
  say("kadenz: the rows not decided, by kind of error:\n");
  for (const auto& line : kadenz::detail::error_kind_lines(summary.error_kinds.sorted())) say("{}\n", line);
}

unsigned jobs_or_all(unsigned jobs) { return jobs > 0 ? jobs : std::max(1u, std::thread::hardware_concurrency()); }

// Opens an output (-o FILE, --changes FILE or standard output); false after a message.
bool open_output(OutputFile& out, const std::string& path) {
  std::string error;
  if (out.open(path, error)) return true;
  say("kadenz: {}\n", error);
  return false;
}

// Writes `text` to an opened output and commits it; false after a message.
// Called after the last message: if one could not be written, the run is exit 2 and the target
// is left as it was.
bool write_report(OutputFile& out, const std::string& text) {
  put(out.stream(), text);
  if (!kadenz::cli::streams_ok()) return false;
  std::string error;
  if (out.commit(error)) return true;
  say("kadenz: {}\n", error);
  return false;
}

// A policy with a workload block, or null after a message; the base files it read are added to
// `inputs`.
std::shared_ptr<const kadenz::detail::Program> compile_for_report(const std::string& path,
                                                                  const kadenz::CompileOptions& options,
                                                                  std::vector<NamedFile>& inputs) {
  const kadenz::Compiled c = compile_and_report(path, options);
  if (c.program && c.program->workload.empty()) {
    say("kadenz: {} has no `workload` block, so there is nothing to count\n  help: add one "
        "(docs/workload.md), or extend a policy that has one\n", path);
    return nullptr;
  }
  add_bases(inputs, *c.source);
  return c.program;
}

struct ReportArgs {
  std::string base, variant, caseload, as_of, format = "text", output, changes, encoding = "auto", lang;
  std::vector<std::string> set;
  bool force = false;
  unsigned jobs = 0;
};

int run_workload_cmd(const ReportArgs& a) {
  namespace d = kadenz::detail;
  const std::vector<NamedFile> outputs{{output_role(a.output, "-o"), a.output}};
  std::vector<NamedFile> inputs{{"the policy", a.base}, {"the caseload", a.caseload}};
  if (!outputs_are_safe(outputs, inputs)) return kExitFailure;
  const auto program = compile_for_report(a.base, kadenz::cli::compile_options(a.set, a.lang), inputs);
  if (!program || !outputs_are_safe(outputs, inputs)) return kExitFailure;
  const auto as_of = as_of_or(a.as_of, today());
  if (!as_of || !within_validity(*program, a.base, *as_of, a.force)) return kExitFailure;
  Caseload c;
  d::ColumnBinding binding;
  if (!open_caseload(a.caseload, c, a.encoding) || !bind_caseload(*program, a.caseload, c, binding)) return kExitFailure;
  // Opened only now, so a policy or header error never leaves a file behind; the report replaces
  // the file only once it is complete.
  OutputFile out;
  if (!open_output(out, a.output)) return kExitFailure;
  d::WorkloadReport report;
  report.policy_name = program->name;
  report.policy_file = a.base;
  report.caseload_file = a.caseload;
  std::string error;
  d::KeyHashes keys;
  if (!d::run_workload(*program, *c.reader, binding, d::RunOptions{*as_of, jobs_or_all(a.jobs), nullptr, &keys}, report,
                       error)) {
    say("kadenz: {}: {}\n", a.caseload, error);
    return kExitFailure;
  }
  note_encoding(a.caseload, c);
  if (!keys_unique(*program, binding, a.caseload, a.encoding, c, keys)) return kExitFailure;
  const std::string text = a.format == "json"   ? d::render_workload_json(report)
                           : a.format == "html" ? d::render_workload_html(report)
                                                : d::render_workload_text(report);
  say("kadenz: as_of {}: {} rows read, {} decided, {} with errors\n", iso_date(*as_of), report.summary.rows,
      report.summary.decided, report.summary.errors);
  say_error_kinds(report.summary);
  if (!write_report(out, text)) return kExitFailure;
  return report.summary.errors > 0 ? kExitRowErrors : kExitOk;
}

int run_whatif_cmd(const ReportArgs& a) {
  namespace d = kadenz::detail;
  std::vector<NamedFile> outputs{{output_role(a.output, "-o"), a.output}};
  if (!a.changes.empty()) outputs.push_back(NamedFile{"--changes", a.changes});
  std::vector<NamedFile> inputs{{"the base policy", a.base}, {"the variant", a.variant}, {"the caseload", a.caseload}};
  if (!outputs_are_safe(outputs, inputs)) return kExitFailure;
  const auto base = compile_for_report(a.base, kadenz::cli::compile_options({}, a.lang), inputs);
  if (!base) return kExitFailure;
  const auto variant = compile_for_report(a.variant, kadenz::cli::compile_options(a.set, a.lang), inputs);
  if (!variant || !outputs_are_safe(outputs, inputs)) return kExitFailure;
  const auto as_of = as_of_or(a.as_of, today());
  if (!as_of || !within_validity(*base, a.base, *as_of, a.force) ||
      !within_validity(*variant, a.variant, *as_of, a.force)) {
    return kExitFailure;
  }
  Caseload c;
  d::ColumnBinding base_binding, variant_binding;
  if (!open_caseload(a.caseload, c, a.encoding) || !bind_caseload(*base, a.caseload, c, base_binding) ||
      !bind_caseload(*variant, a.caseload, c, variant_binding)) {
    return kExitFailure;
  }
  // The outputs are opened only now, so a policy or header error never leaves a file behind.
  OutputFile out, changes;
  if (!open_output(out, a.output) || (!a.changes.empty() && !open_output(changes, a.changes))) return kExitFailure;
  d::WhatIfReport report;
  report.base_name = base->name;
  report.base_file = a.base;
  report.variant_name = variant->name;
  report.variant_file = a.variant;
  for (const auto& s : a.set) report.variant_file += fmt::format(" --set {}", s);
  report.caseload_file = a.caseload;
  std::string error;
  d::KeyHashes keys;
  if (!d::run_whatif(*base, base_binding, *variant, variant_binding, *c.reader,
                     d::RunOptions{*as_of, jobs_or_all(a.jobs), changes.stream(), &keys}, report, error)) {
    say("kadenz: {}\n", error);
    return kExitFailure;
  }
  note_encoding(a.caseload, c);
  if (!keys_unique(*base, base_binding, a.caseload, a.encoding, c, keys)) return kExitFailure;
  const std::string text = a.format == "json"   ? d::render_whatif_json(report)
                           : a.format == "html" ? d::render_whatif_html(report)
                                                : d::render_whatif_text(report);
  put(out.stream(), text);
  say("kadenz: as_of {}: {} rows read; {} change category, {} change outputs{}; errors {} (base) / {} (variant)\n",
      iso_date(*as_of), report.rows, report.moved, report.changed,
      a.changes.empty() ? "" : fmt::format(" (listed in {})", a.changes), report.base_errors, report.variant_errors);
  // Both files are written out before either replaces its target: a full disk fails the run
  // with neither replaced (and so does a message that could not be written).
  if (!kadenz::cli::streams_ok()) return kExitFailure;
  if (!out.close(error) || (!a.changes.empty() && !changes.close(error)) || !out.commit(error) ||
      (!a.changes.empty() && !changes.commit(error))) {
    say("kadenz: {}\n", error);
    return kExitFailure;
  }
  return report.base_errors + report.variant_errors > 0 ? kExitRowErrors : kExitOk;
}

struct EvalArgs {
  std::string policy, caseload, as_of, format = "csv", output, encoding = "auto", lang;
  std::vector<std::string> set;
  bool force = false;
  unsigned jobs = 0;  // 0: all cores
};

int run_eval(const EvalArgs& a) {
  namespace d = kadenz::detail;
  const std::vector<NamedFile> outputs{{output_role(a.output, "-o"), a.output}};
  std::vector<NamedFile> inputs{{"the policy", a.policy}, {"the caseload", a.caseload}};
  if (!outputs_are_safe(outputs, inputs)) return kExitFailure;
  const kadenz::Compiled compiled = compile_and_report(a.policy, kadenz::cli::compile_options(a.set, a.lang));
  if (!compiled.program) return kExitFailure;
  const auto& program = compiled.program;
  add_bases(inputs, *compiled.source);
  if (!outputs_are_safe(outputs, inputs)) return kExitFailure;

  const auto as_of_opt = as_of_or(a.as_of, today());
  if (!as_of_opt) return kExitFailure;
  const std::int32_t as_of = *as_of_opt;
  if (!within_validity(*program, a.policy, as_of, a.force)) return kExitFailure;
  Caseload c;
  d::ColumnBinding binding;
  if (!open_caseload(a.caseload, c, a.encoding) || !bind_caseload(*program, a.caseload, c, binding)) return kExitFailure;
  d::CsvReader& reader = *c.reader;
  std::string error;

  // The output is opened only now, so a policy or header error never leaves a file behind; it
  // replaces an existing file only once every row is written.
  OutputFile out;
  if (!open_output(out, a.output)) return kExitFailure;
  d::CaseloadSummary summary;
  d::KeyHashes keys;
  const bool ok = d::evaluate_caseload(*program, reader, binding, as_of,
                                       a.format == "jsonl" ? d::OutputFormat::jsonl : d::OutputFormat::csv,
                                       out.stream(), summary, error, jobs_or_all(a.jobs), {}, &keys);
  if (!ok) {
    // The library's message says whether reading or writing failed; only a read names the caseload.
    if (std::ferror(out.stream()) != 0) {
      say("kadenz: {}\n", error);
    } else {
      say("kadenz: {}: {}\n", a.caseload, error);
    }
    return kExitFailure;
  }
  note_encoding(a.caseload, c);
  d::DuplicateKeys dups;
  std::size_t unconfirmed = 0;
  if (!find_duplicates(*program, binding, a.caseload, a.encoding, c, keys, dups, unconfirmed)) return kExitFailure;
  warn_duplicates(dups, unconfirmed);
  say("kadenz: as_of {}: {} rows read, {} decided, {} with errors, {} with warnings, {} with an id an earlier row "
      "has{}\n",
      iso_date(as_of), summary.rows, summary.decided, summary.errors, summary.warned, dups.rows + unconfirmed,
      unconfirmed > 0 ? " (perhaps)" : "");
  say_error_kinds(summary);
  // After the last message: if it could not be written, exit 2 and the target stays as it was.
  if (!kadenz::cli::streams_ok()) return kExitFailure;
  if (!out.commit(error)) {
    say("kadenz: {}\n", error);
    return kExitFailure;
  }
  return summary.errors > 0 ? kExitRowErrors : kExitOk;
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
  check->add_option("policy", ck.policy, "Policy file (.kadenz)")->required();
  check->add_option("--format", ck.format, "Diagnostics as text or json")->check(CLI::IsMember({"text", "json"}));
  check->add_option("--as-of", ck.as_of, "Evaluation date the examples are built for (default: valid from)");
  check->add_option("--witnesses", ck.witnesses, "Write every example customer to this caseload CSV");
  check->add_flag("--strict", ck.strict, "Treat warnings as errors");
  check->add_flag("--notes", ck.notes, "Also print notes (partial overlaps, unused parameters, …)");
  kadenz::cli::add_lang_option(check, ck.lang);

  EvalArgs ev;
  auto* eval = app.add_subcommand("eval", "Decide every row of a caseload CSV with a policy");
  eval->add_option("policy", ev.policy, "Policy file (.kadenz)")->required();
  eval->add_option("caseload", ev.caseload, "Caseload CSV, or - for standard input")->required();
  eval->add_option("--as-of", ev.as_of, "Evaluation date YYYY-MM-DD (default: today)");
  eval->add_option("--format", ev.format, "Output format")->check(CLI::IsMember({"csv", "jsonl"}));
  eval->add_option("-o,--output", ev.output, "Write rows to FILE instead of standard output");
  eval->add_flag("--force", ev.force, "Evaluate even if as_of is outside the policy's validity");
  const auto encoding_option = [](CLI::App* cmd, std::string& into) {
    cmd->add_option("--encoding", into,
                    "How the caseload is encoded: auto (UTF-8, or Windows-1252 if it is not UTF-8), utf-8 or cp1252")
        ->check(CLI::IsMember({"auto", "utf-8", "cp1252"}));
  };
  encoding_option(eval, ev.encoding);
  kadenz::cli::add_lang_option(eval, ev.lang);
  eval->add_option("-j,--jobs", ev.jobs, "Threads that decide rows (default: all cores); the output is the same")
      ->check(CLI::Range(1u, 256u));

  const auto& set_option = kadenz::cli::add_set_option;
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
  encoding_option(workload, wl.encoding);
  kadenz::cli::add_lang_option(workload, wl.lang);
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
  encoding_option(whatif, wi.encoding);
  kadenz::cli::add_lang_option(whatif, wi.lang);
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
    if (*whatif) code = run_whatif_cmd(wi);
    if (*dumpc) code = run_dump(dump_policy, dump_stage, dump_set, dump_lang);
    if (*fmtc) code = kadenz::cli::run_fmt(fa);
  } catch (const std::exception& e) {
    say("kadenz: internal error: {}\n", e.what());
    code = kExitFailure;
  }
  return kadenz::cli::finish(code);
}
