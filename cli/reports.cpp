// The report commands of `kadenz` (cli/reports.hpp): workload and whatif, on the public API.
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

namespace kadenz::cli {
namespace {
using kadenz::detail::iso_date;
}  // namespace

// The role an output has in messages: `option` for a file, "the output" for standard output.
std::string output_role(const std::string& path, const char* option) {
  return kadenz::cli::is_stdout(path) ? "the output" : option;
}

// False (after a message) if an output is one of the inputs or another output: writing it would
// destroy what the run reads. Called before the caseload is read and before any output is opened.
bool outputs_are_safe(const std::vector<NamedFile>& outputs, const std::vector<NamedFile>& inputs) {
  const std::string clash = kadenz::cli::find_clash(outputs, inputs);
  if (clash.empty()) return true;
  say("kadenz: {}\n", clash);
  return false;
}

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

// The file a workbook writer (libxlsxwriter, which opens files by name) writes for `out`: the
// temporary file that commit() renames over the target, or a device's own name.
std::string workbook_file(const OutputFile& out, const std::string& path) {
  return out.temp_path().empty() ? path : out.temp_path();
}

// False (after a message) if a workbook would go to standard output: a binary file is no
// terminal's business, and -o FILE.xlsx is what the user meant.
bool workbook_has_file(const kadenz::detail::Voice& voice, const std::string& format, const std::string& output) {
  if (format != "xlsx" || !kadenz::cli::is_stdout(output)) return true;
  kadenz::cli::tell(voice, kadenz::detail::Msg::xlsx_needs_file);
  return false;
}

// Writes the report's JSON document as a workbook into an opened output and commits it; false
// after a message. As write_report: called after the last message.
bool write_workbook(OutputFile& out, const std::string& path, const std::string& json, kadenz::Lang lang) {
  std::string error;
  if (!kadenz::cli::write_report_xlsx(json, workbook_file(out, path), path, lang, error)) {
    say("kadenz: {}\n", error);
    return false;
  }
  if (!kadenz::cli::streams_ok()) return false;
  if (out.commit(error)) return true;
  say("kadenz: {}\n", error);
  return false;
}

// A policy (a file, or the version of a directory in force; see cli/versions.hpp) with a workload
// block; false after a message. The files it read are added to `inputs`.
bool choose_for_report(const std::string& argument, const std::string& as_of_text, bool force,
                       const kadenz::CompileOptions& options, const char* role, std::vector<NamedFile>& inputs,
                       std::optional<std::int32_t>& as_of, ChosenPolicy& chosen) {
  if (!kadenz::cli::choose_policy(argument, as_of_text, force, options, role, inputs, as_of, chosen)) return false;
  if (!chosen.program->workload.empty()) return true;
  kadenz::cli::tell(chosen.program->voice, kadenz::detail::Msg::no_workload_block, {chosen.file});
  return false;
}

// The caseload argument as an input of the public API: a file, or `-` for standard input.
kadenz::CaseloadInput caseload_input(const std::string& argument) {
  return argument == "-" ? kadenz::CaseloadInput::standard_input() : kadenz::CaseloadInput::file(argument);
}
// The staff file argument: a file, or `-` for standard input.
kadenz::CaseloadInput caseload_input_of_staff(const std::string& argument) { return caseload_input(argument); }

// The breakdown and capacity options of workload and whatif into the library's report options.
void add_report_options(kadenz::ReportOptions& report, const ReportArgs& a) {
  report.by = a.by;
  report.capacity_fte = a.capacity;
  if (!a.staff.empty()) report.staff = caseload_input_of_staff(a.staff);
  report.catch_up_months = a.catch_up_months;
}

// --by, --staff, --capacity and --catch-up-months on `cmd`.
void add_group_options(CLI::App* cmd, ReportArgs& a) {
  cmd->add_option("--by", a.by, "Break every figure down by this caseload column, with totals (repeatable: --by office --by team)");
  cmd->add_option("--staff", a.staff, "Staff CSV: the --by columns and fte (or VZÄ/Stellen); a row without group is the overall staff");
  cmd->add_option("--capacity", a.capacity, "Staff available overall, in full-time posts (FTE)")->check(CLI::NonNegativeNumber);
  cmd->add_option("--catch-up-months", a.catch_up_months, "Spread the overdue interviews over N months (1-12, default 3)")
      ->check(CLI::Range(1, 12));
}


kadenz::Date date_of(std::int32_t day) {
  const auto c = kadenz::detail::civil_from_days(day);
  return kadenz::Date{c.year, c.month, c.day};
}

// The options of a caseload command: --as-of (already parsed), --encoding, --jobs (0: all cores).
kadenz::CaseloadOptions caseload_options(std::int32_t as_of, const std::string& encoding, unsigned jobs) {
  kadenz::CaseloadOptions o;
  o.as_of = date_of(as_of);
  o.encoding = encoding == "utf-8"    ? kadenz::Encoding::utf8
               : encoding == "cp1252" ? kadenz::Encoding::cp1252
                                      : kadenz::Encoding::auto_detect;
  o.jobs = jobs;
  return o;
}

// How a report names a chosen policy: its file and, from a directory, its version.
kadenz::PolicyLabel label_of(const ChosenPolicy& chosen) {
  kadenz::PolicyLabel label;
  label.file = chosen.file;
  if (chosen.version) {
    const kadenz::detail::VersionNote& v = *chosen.version;
    kadenz::PolicyVersion version;
    version.directory = v.directory;
    version.valid_from = date_of(v.valid_from);
    if (v.in_force_until) version.in_force_until = date_of(*v.in_force_until);
    version.chosen_for = date_of(v.chosen_for);
    label.version = version;
  }
  return label;
}

// The library's messages (each a complete line without its line break), to standard error.
void say_lines(const std::vector<std::string>& lines) {
  for (const auto& line : lines) say("{}\n", line);
}

int run_workload_cmd(const ReportArgs& a) {
  namespace d = kadenz::detail;
  const std::vector<NamedFile> outputs{{output_role(a.output, "-o"), a.output}};
  std::vector<NamedFile> inputs{{"the policy", a.base}, {"the caseload", a.caseload}};
  if (!a.staff.empty()) inputs.push_back(NamedFile{"--staff", a.staff});
  if (!outputs_are_safe(outputs, inputs) || kadenz::cli::refuse_swapped(a.base, a.caseload, "workload")) return kExitFailure;
  std::optional<std::int32_t> as_of;
  ChosenPolicy chosen;
  if (!choose_for_report(a.base, a.as_of, a.force, kadenz::cli::compile_options(a.set, a.lang), "the policy", inputs,
                         as_of, chosen) ||
      !outputs_are_safe(outputs, inputs))
    return kExitFailure;
  const d::Voice& voice = chosen.program->voice;
  if (!workbook_has_file(voice, a.format, a.output)) return kExitFailure;
  kadenz::ReportOptions report;
  report.policy = label_of(chosen);
  add_report_options(report, a);
  report.text = a.format == "text";
  // the workbook is written from the JSON document, so it holds the same numbers
  report.json = a.format == "json" || a.format == "xlsx";
  report.html = a.format == "html";
  const kadenz::WorkloadResult r = kadenz::workload(chosen.policy, caseload_input(a.caseload),
                                                    caseload_options(*as_of, a.encoding, a.jobs), report);
  say_lines(r.notes);
  if (!r.ok) {
    say_lines({r.error});
    return kExitFailure;
  }
  // Opened only now, so a policy or caseload error never leaves a file behind; the report
  // replaces the file only once it is complete.
  OutputFile out;
  out.set_lang(voice.text);
  if (!open_output(out, a.output)) return kExitFailure;
  kadenz::cli::tell(voice, d::Msg::workload_summary,
                    {iso_date(*as_of), std::to_string(r.summary.rows), std::to_string(r.summary.decided),
                     std::to_string(r.summary.errors)});
  kadenz::cli::say_version(voice, chosen);
  put(stderr, r.error_kinds_text);
  if (a.format == "xlsx" ? !write_workbook(out, a.output, r.json, voice.text)
                         : !write_report(out, a.format == "json" ? r.json : a.format == "html" ? r.html : r.text))
    return kExitFailure;
  return r.summary.errors > 0 ? kExitRowErrors : kExitOk;
}

int run_whatif_cmd(const ReportArgs& a) {
  namespace d = kadenz::detail;
  std::vector<NamedFile> outputs{{output_role(a.output, "-o"), a.output}};
  if (!a.changes.empty()) outputs.push_back(NamedFile{"--changes", a.changes});
  std::vector<NamedFile> inputs{{"the base policy", a.base}, {"the variant", a.variant}, {"the caseload", a.caseload}};
  if (!a.staff.empty()) inputs.push_back(NamedFile{"--staff", a.staff});
  if (!outputs_are_safe(outputs, inputs)) return kExitFailure;
  std::optional<std::int32_t> as_of;
  ChosenPolicy base_choice, variant_choice;
  if (!choose_for_report(a.base, a.as_of, a.force, kadenz::cli::compile_options({}, a.lang), "the base policy", inputs,
                         as_of, base_choice))
    return kExitFailure;
  // in the base's language: the rows whose error text differs count as changed
  kadenz::CompileOptions variant_options = kadenz::cli::compile_options(a.set, a.lang);
  variant_options.lang = base_choice.program->voice.text;
  if (!choose_for_report(a.variant, a.as_of, a.force, variant_options, "the variant", inputs, as_of, variant_choice) ||
      !outputs_are_safe(outputs, inputs))
    return kExitFailure;
  const d::Voice& voice = base_choice.program->voice;
  if (!workbook_has_file(voice, a.format, a.output)) return kExitFailure;
  kadenz::ReportOptions report;
  report.policy = label_of(base_choice);
  report.variant = label_of(variant_choice);
  add_report_options(report, a);
  for (const auto& s : a.set) report.variant.file += fmt::format(" --set {}", s);
  report.text = a.format == "text";
  report.json = a.format == "json" || a.format == "xlsx";
  report.html = a.format == "html";
  // The changes file is written as the records are compared (its size grows with the changed
  // records, so it is not held in memory); into a temporary file that replaces the target only
  // when the run succeeds, so an error never leaves a file behind. The report is opened after.
  OutputFile out, changes;
  out.set_lang(voice.text);
  changes.set_lang(voice.text);
  if (!a.changes.empty() && !open_output(changes, a.changes)) return kExitFailure;
  // --changes FILE.xlsx: a workbook, filled as the rows stream; else CSV in the --csv dialect
  const bool changes_xlsx = kadenz::cli::is_xlsx_path(a.changes);
  kadenz::cli::XlsxChanges changes_book;
  CsvWriter changes_csv(kadenz::cli::csv_dialect(a.csv));
  std::string converted;
  if (changes_xlsx) {
    std::string error;
    if (!changes_book.open(workbook_file(changes, a.changes), a.changes, voice.text, error)) {
      say("kadenz: {}\n", error);
      return kExitFailure;
    }
  }
  const auto write_changes = [&](std::string_view text) {
    if (changes_xlsx) return changes_book.add(text);
    converted.clear();
    changes_csv.convert(text, converted);
    return std::fwrite(converted.data(), 1, converted.size(), changes.stream()) == converted.size();
  };
  const kadenz::CaseloadInput input = caseload_input(a.caseload);
  const kadenz::CaseloadOptions options = caseload_options(*as_of, a.encoding, a.jobs);
  bool changes_failed = false;
  const kadenz::WhatIfResult r =
      a.changes.empty()
          ? kadenz::whatif(base_choice.policy, variant_choice.policy, input, options, false, report)
          : kadenz::whatif_streaming(base_choice.policy, variant_choice.policy, input, options,
                                     [&write_changes, &changes_failed](std::string_view text) {
                                       changes_failed = !write_changes(text);
                                       return !changes_failed;
                                     },
                                     report);
  say_lines(r.notes);
  if (!r.ok) {
    std::string error;
    // a failed write of the changes file: close() says why (a full disk), in the user's words;
    // a workbook says itself why it stopped (its row limit)
    if (changes_failed && changes_xlsx && !changes_book.error().empty()) say("kadenz: {}\n", changes_book.error());
    else if (changes_failed && !changes.close(error)) say("kadenz: {}\n", error);
    else say_lines({r.error});
    return kExitFailure;
  }
  if (!open_output(out, a.output)) return kExitFailure;
  if (a.format == "xlsx") {
    std::string error;
    if (!kadenz::cli::write_report_xlsx(r.json, workbook_file(out, a.output), a.output, voice.text, error)) {
      say("kadenz: {}\n", error);
      return kExitFailure;
    }
  } else {
    put(out.stream(), a.format == "json" ? r.json : a.format == "html" ? r.html : r.text);
  }
  // the end of the changes: a workbook is written out now, a CSV's last row (if unfinished)
  if (changes_xlsx) {
    std::string error;
    if (!changes_book.close(error)) {
      say("kadenz: {}\n", error);
      return kExitFailure;
    }
  } else if (!a.changes.empty()) {
    converted.clear();
    changes_csv.finish(converted);
    put(changes.stream(), converted);
  }
  kadenz::cli::tell(voice, d::Msg::whatif_summary,
                    {iso_date(*as_of), std::to_string(r.rows), std::to_string(r.moved), std::to_string(r.changed),
                     a.changes.empty() ? std::string() : d::say(voice, d::Msg::listed_in, {a.changes}),
                     std::to_string(r.base_errors), std::to_string(r.variant_errors)});
  kadenz::cli::say_version(voice, base_choice, d::Msg::side_base);
  kadenz::cli::say_version(voice, variant_choice, d::Msg::side_variant);
  // Both files are written out before either replaces its target: a full disk fails the run
  // with neither replaced (and so does a message that could not be written).
  if (!kadenz::cli::streams_ok()) return kExitFailure;
  std::string error;
  if (!out.close(error) || (!a.changes.empty() && !changes.close(error)) || !out.commit(error) ||
      (!a.changes.empty() && !changes.commit(error))) {
    say("kadenz: {}\n", error);
    return kExitFailure;
  }
  return r.base_errors + r.variant_errors > 0 ? kExitRowErrors : kExitOk;
}

// `kadenz whatif BASE V1 V2 … CASELOAD` and `--sweep NAME=v1,v2,…`: one what-if per variant,
// side by side (kadenz::whatif_many). The variants are compiled in the base's language.
int run_whatif_many_cmd(const ReportArgs& a) {
  namespace d = kadenz::detail;
  const std::string caseload = a.files.back();
  const std::vector<std::string> variant_args(a.files.begin() + 1, a.files.end() - 1);
  std::vector<NamedFile> outputs{{output_role(a.output, "-o"), a.output}};
  std::vector<NamedFile> inputs{{"the base policy", a.files.front()}, {"the caseload", caseload}};
  for (const auto& v : variant_args) inputs.push_back(NamedFile{"a variant", v});
  if (!a.staff.empty()) inputs.push_back(NamedFile{"--staff", a.staff});
  if (!outputs_are_safe(outputs, inputs)) return kExitFailure;
  std::optional<std::int32_t> as_of;
  ChosenPolicy base_choice;
  if (!choose_for_report(a.files.front(), a.as_of, a.force, kadenz::cli::compile_options({}, a.lang), "the base policy",
                         inputs, as_of, base_choice))
    return kExitFailure;
  const d::Voice& voice = base_choice.program->voice;
  if (!workbook_has_file(voice, a.format, a.output)) return kExitFailure;
  if (!a.changes.empty()) {
    kadenz::cli::tell(voice, d::Msg::many_sweep_changes, {});
    return kExitFailure;
  }
  // the sweep: NAME=v1,v2,… over the one variant (or the base); the --set values as pairs below
  std::optional<kadenz::WhatIfSweep> sweep;
  if (!a.sweep.empty()) {
    const std::size_t eq = a.sweep.find('=');
    kadenz::WhatIfSweep s;
    if (eq != std::string::npos) {
      s.parameter = a.sweep.substr(0, eq);
      std::string rest = a.sweep.substr(eq + 1);
      std::size_t from = 0;
      while (from <= rest.size()) {
        const std::size_t comma = std::min(rest.find(',', from), rest.size());
        if (comma > from) s.values.push_back(rest.substr(from, comma - from));
        from = comma + 1;
      }
    }
    if (s.parameter.empty() || s.values.empty()) {
      kadenz::cli::tell(voice, d::Msg::many_bad_sweep, {a.sweep});
      return kExitFailure;
    }
    if (variant_args.size() > 1) {
      kadenz::cli::tell(voice, d::Msg::many_sweep_and_variants, {});
      return kExitFailure;
    }
    sweep = s;
  }
  auto pairs_of = [](const std::vector<std::string>& sets) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& x : sets) {
      const std::size_t eq = x.find('=');
      out.emplace_back(x.substr(0, eq), eq == std::string::npos ? std::string() : x.substr(eq + 1));
    }
    return out;
  };
  std::vector<kadenz::WhatIfVariant> variants;
  auto add_variant = [&](const std::string& argument, const std::vector<std::string>& sets) {
    kadenz::CompileOptions options = kadenz::cli::compile_options(sets, a.lang);
    options.lang = voice.text;
    ChosenPolicy c;
    if (!choose_for_report(argument, a.as_of, a.force, options, "the variant", inputs, as_of, c)) return false;
    kadenz::WhatIfVariant v;
    v.policy = c.policy;
    v.label = label_of(c);
    for (const auto& x : sets) v.label.file += fmt::format(" --set {}", x);
    v.set = pairs_of(sets);
    variants.push_back(std::move(v));
    return true;
  };
  if (sweep) {
    const std::string& argument = variant_args.empty() ? a.files.front() : variant_args.front();
    for (const auto& value : sweep->values) {
      std::vector<std::string> sets = a.set;
      sets.push_back(fmt::format("{}={}", sweep->parameter, value));
      if (!add_variant(argument, sets)) return kExitFailure;
    }
  } else {
    for (const auto& v : variant_args)
      if (!add_variant(v, a.set)) return kExitFailure;
  }
  if (!outputs_are_safe(outputs, inputs)) return kExitFailure;
  kadenz::ReportOptions report;
  report.policy = label_of(base_choice);
  add_report_options(report, a);  // --by, --staff, --capacity, --catch-up-months: for every variant
  report.text = a.format == "text";
  // the workbook is written from the JSON document, so it holds the same numbers
  report.json = a.format == "json" || a.format == "xlsx";
  report.html = a.format == "html";
  const kadenz::WhatIfManyResult r = kadenz::whatif_many(base_choice.policy, variants, caseload_input(caseload),
                                                         caseload_options(*as_of, a.encoding, a.jobs), report, sweep);
  say_lines(r.notes);
  if (!r.ok) {
    say_lines({r.error});
    return kExitFailure;
  }
  OutputFile out;
  out.set_lang(voice.text);
  if (!open_output(out, a.output)) return kExitFailure;
  const std::size_t rows = r.variants.empty() ? 0 : r.variants.front().rows;
  kadenz::cli::tell(voice, d::Msg::many_summary, {std::to_string(rows), std::to_string(r.variants.size()), iso_date(*as_of)});
  if (a.format == "xlsx" ? !write_workbook(out, a.output, r.json, voice.text)
                         : !write_report(out, a.format == "json" ? r.json : a.format == "html" ? r.html : r.text))
    return kExitFailure;
  std::size_t errors = 0;
  for (const auto& v : r.variants) errors += v.base_errors + v.variant_errors;
  return errors > 0 ? kExitRowErrors : kExitOk;
}

// `kadenz whatif`: one variant (BASE VARIANT CASELOAD) as before, several or a sweep side by side.
int run_whatif_any(ReportArgs a) {
  if (a.sweep.empty() && a.files.size() == 3) {
    a.base = a.files[0];
    a.variant = a.files[1];
    a.caseload = a.files[2];
    return run_whatif_cmd(a);
  }
  if (a.sweep.empty() && a.files.size() < 3) {
    kadenz::cli::tell(kadenz::detail::Voice{}, kadenz::detail::Msg::many_needs_variant);
    return kExitFailure;
  }
  return run_whatif_many_cmd(a);
}

}  // namespace kadenz::cli
