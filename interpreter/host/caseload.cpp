// Host stage: kadenz/caseload.hpp, the caseload calls of the public API (evaluate_caseload,
// workload, whatif), on top of the caseload stage (interpreter/caseload/run.hpp) and the report
// stage (interpreter/report/report.hpp). Opens the input, binds its header, runs, checks repeated
// ids and renders; every message in the policy's voice, as the `kadenz` command prints it.
#include <kadenz/caseload.hpp>

#include "interpreter/caseload/error_kinds.hpp"
#include "interpreter/caseload/keys.hpp"
#include "interpreter/caseload/run.hpp"
#include "interpreter/compile/program.hpp"
#include "interpreter/pipeline/policy_access.hpp"
#include "interpreter/report/many.hpp"
#include "interpreter/report/policy_diff.hpp"
#include "interpreter/diagnostics/suggest.hpp"
#include "interpreter/report/capacity.hpp"
#include "interpreter/report/groups.hpp"
#include "interpreter/report/report.hpp"
#include "stdlib/date.hpp"
#include "stdlib/utf8.hpp"

#include <kadenz/version.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <memory>
#include <new>
#include <thread>

namespace kadenz {
namespace {

using detail::Msg;
using detail::Voice;

// The one place that reaches the internal program of a Policy (null for an invalid one).
const detail::Program* program_of(const Policy& policy) noexcept { return detail::program_of(policy).get(); }

// A catalogue message as one safe UTF-8 line: file names in its arguments need not be UTF-8.
std::string message(const Voice& voice, Msg id, std::initializer_list<std::string_view> args = {}) {
  std::string text;
  utf8::append_safe(text, detail::say(voice, id, args));
  return text;
}

// A message of the reader or of the binding about the input, led by the input's name.
std::string about(const CaseloadInput& input, std::string_view error) {
  std::string text = "kadenz: ";
  text += input.name();
  text += ": ";
  text += error;
  return text;
}

detail::Encoding internal(Encoding e) noexcept {
  switch (e) {
    case Encoding::utf8: return detail::Encoding::utf8;
    case Encoding::cp1252: return detail::Encoding::cp1252;
    case Encoding::auto_detect: break;
  }
  return detail::Encoding::auto_detect;
}

// The threads of a run: 0 means every core; more than the cores only adds threads that wait (and
// a host's 100000 would start that many), so the count is capped at the cores.
unsigned jobs_or_all(unsigned jobs) {
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  return jobs > 0 ? std::min(jobs, cores) : cores;
}

detail::VersionNote version_note(const PolicyVersion& v) {
  detail::VersionNote note;
  note.directory = v.directory;
  note.valid_from = detail::days_from_civil(v.valid_from.year, v.valid_from.month, v.valid_from.day);
  if (v.in_force_until)
    note.in_force_until = detail::days_from_civil(v.in_force_until->year, v.in_force_until->month, v.in_force_until->day);
  note.chosen_for = detail::days_from_civil(v.chosen_for.year, v.chosen_for.month, v.chosen_for.day);
  return note;
}

// An open input: its stream (a file this closes, or stdin), its reader and header.
struct OpenInput {
  std::FILE* in = nullptr;
  bool owned = false;
  std::unique_ptr<detail::CsvReader> reader;
  std::vector<std::string> header;
  bool noted_encoding = false;
  OpenInput() = default;
  OpenInput(const OpenInput&) = delete;
  OpenInput& operator=(const OpenInput&) = delete;
  ~OpenInput() {
    if (owned) std::fclose(in);
  }
};

// Opens `input` and reads its header; false with `error`.
bool open_input(const CaseloadInput& input, const Voice& voice, detail::Encoding encoding, OpenInput& c,
                std::string& error) {
  switch (input.kind()) {
    case CaseloadInput::Kind::file:
      c.in = std::fopen(input.name().c_str(), "rb");
      if (c.in == nullptr) {
        error = message(voice, Msg::cannot_read_file, {input.name(), std::strerror(errno)});
        return false;
      }
      c.owned = true;
      c.reader = std::make_unique<detail::CsvReader>(c.in);
      break;
    case CaseloadInput::Kind::standard_input:
      c.in = stdin;
      c.reader = std::make_unique<detail::CsvReader>(c.in);
      break;
    case CaseloadInput::Kind::text:
      c.reader = std::make_unique<detail::CsvReader>(std::string_view(input.csv_text()));
      break;
  }
  c.reader->set_encoding(encoding);
  c.reader->set_lang(voice.text);
  std::string why;
  if (!c.reader->read_header(c.header, why)) {
    error = about(input, why);
    return false;
  }
  return true;
}

// Adds the note that the input is read as Windows-1252, once, when the reader has guessed it.
void note_encoding(const CaseloadInput& input, const Voice& voice, OpenInput& c, std::vector<std::string>& notes) {
  if (c.noted_encoding || !c.reader->guessed_cp1252()) return;
  c.noted_encoding = true;
  notes.push_back(message(voice, Msg::note_read_as_cp1252, {input.name()}));
}

// Binds the header to a program's facts; false with `error`. Its notes go to `notes`.
bool bind_header(const detail::Program& program, const CaseloadInput& input, const OpenInput& c,
                 detail::ColumnBinding& binding, std::vector<std::string>& notes, std::string& error) {
  std::string why;
  if (!detail::bind_columns(program, c.header, binding, why)) {
    error = about(input, why);
    return false;
  }
  for (const auto& note : binding.notes) notes.push_back(message(program.voice, Msg::note_line, {note}));
  return true;
}

// Pass 2 of the repeated-id check (interpreter/caseload/keys.hpp): if pass 1 (`keys`) saw a hash
// twice, reads the input again and compares those rows' ids exactly, so a hash collision never
// makes a report. Standard input, a pipe or a device cannot be read twice: then the rows with a
// repeated hash are only counted (`unconfirmed`). The second reading decodes as the first did.
// False with `error` if it fails or finds another header.
bool find_repeats(const detail::Program& program, const detail::ColumnBinding& binding, const CaseloadInput& input,
                  detail::Encoding encoding, const OpenInput& first, detail::KeyHashes& keys,
                  detail::DuplicateKeys& dups, std::size_t& unconfirmed, std::string& error) {
  dups = {};
  unconfirmed = 0;
  if (keys.repeats() == 0) return true;
  std::error_code ec;
  if (input.kind() == CaseloadInput::Kind::standard_input ||
      (input.kind() == CaseloadInput::Kind::file && !std::filesystem::is_regular_file(input.name(), ec))) {
    unconfirmed = keys.repeats();
    return true;
  }
  OpenInput again;
  if (!open_input(input, program.voice, first.reader->guessed_cp1252() ? detail::Encoding::cp1252 : encoding, again,
                  error))
    return false;
  if (again.header != first.header) {
    error = message(program.voice, Msg::caseload_changed, {input.name()});
    return false;
  }
  std::string why;
  if (!detail::find_duplicate_keys(program, binding, *again.reader, keys.repeated(), dups, why)) {
    error = about(input, why);
    return false;
  }
  return true;
}

// For workload and whatif: false with the refusal in `error` if ids repeat or may repeat (their
// customers would be counted twice), or the second reading failed.
bool refuse_repeats(const detail::Program& program, const detail::ColumnBinding& binding, const CaseloadInput& input,
                    detail::Encoding encoding, const OpenInput& c, detail::KeyHashes& keys, std::string& error) {
  detail::DuplicateKeys dups;
  std::size_t unconfirmed = 0;
  if (!find_repeats(program, binding, input, encoding, c, keys, dups, unconfirmed, error)) return false;
  if (dups.rows == 0 && unconfirmed == 0) return true;
  const Voice& v = program.voice;
  if (dups.rows > 0) {
    error = message(v, Msg::refuse_repeat, {input.name(), detail::rows_text(dups.rows, v)});
    for (const auto& d : dups.shown) {
      error += "\n  ";
      error += detail::describe_duplicate(d, v);
    }
    if (dups.ids > dups.shown.size()) {
      error += '\n';
      error += message(v, Msg::refuse_more_ids, {std::to_string(dups.ids - dups.shown.size())});
    }
  } else {
    error = message(v, Msg::refuse_may_repeat, {input.name(), detail::rows_text(unconfirmed, v)});
  }
  error += '\n';
  error += message(v, Msg::refuse_help);
  return false;
}

// The warnings of evaluate_caseload about repeated ids: each listed id with its lines, then the count.
void warn_repeats(const Voice& v, const detail::DuplicateKeys& dups, std::size_t unconfirmed,
                  std::vector<std::string>& warnings) {
  for (const auto& d : dups.shown) warnings.push_back(message(v, Msg::warning_line, {detail::describe_duplicate(d, v)}));
  if (dups.ids > dups.shown.size())
    warnings.push_back(message(v, Msg::more_ids_repeat, {std::to_string(dups.ids - dups.shown.size())}));
  if (dups.rows > 0)
    warnings.push_back(message(v, dups.rows == 1 ? Msg::rows_repeat_id_one : Msg::rows_repeat_id_many,
                               {std::to_string(dups.rows)}));
  if (unconfirmed > 0) warnings.push_back(message(v, Msg::rows_may_repeat_id, {detail::rows_text(unconfirmed, v)}));
}

// The public summary of an internal one, and the lines `kadenz` prints about its error kinds.
CaseloadSummary summary_of(const detail::CaseloadSummary& s, const Voice& voice, std::string& kinds_text) {
  CaseloadSummary out;
  out.rows = s.rows;
  out.decided = s.decided;
  out.errors = s.errors;
  out.warned = s.warned;
  const std::vector<detail::ErrorKinds::Kind> kinds = s.error_kinds.sorted();
  for (const auto& k : kinds) out.error_kinds.push_back(ErrorKind{k.text, k.rows});
  kinds_text.clear();
  if (s.errors > 0) {
    kinds_text = message(voice, Msg::kinds_heading);
    kinds_text += '\n';
    for (const auto& line : detail::error_kind_lines(kinds, voice)) {
      kinds_text += line;
      kinds_text += '\n';
    }
  }
  return out;
}

// The checks every call makes before it reads: a valid policy and a calendar date. The program,
// or null with `error`.
const detail::Program* ready(const Policy& policy, const CaseloadOptions& options, std::string& error) {
  const detail::Program* p = program_of(policy);
  if (p == nullptr) {
    error = message(Voice{}, Msg::host_invalid_policy);
    return nullptr;
  }
  const Date d = options.as_of;
  if (!detail::is_valid_civil(d.year, d.month, d.day)) {
    const std::string date = fmt::format("{}-{}-{}", d.year, d.month, d.day);
    error = message(p->voice, Msg::host_bad_as_of, {date});
    return nullptr;
  }
  return p;
}

std::int32_t day_of(const Date& d) { return detail::days_from_civil(d.year, d.month, d.day); }

// Runs `body`, turning an exception (out of memory, a bug) into `error`: nothing crosses the API.
template <class Result, class Body>
Result guarded(const Policy& policy, Body&& body) noexcept {
  try {
    return body();
  } catch (const std::exception& e) {
    Result r;
    try {
      const detail::Program* p = program_of(policy);
      r.error = message(p != nullptr ? p->voice : Voice{}, Msg::host_failed, {e.what()});
    } catch (...) {
    }
    return r;
  } catch (...) {  // a host's callback may throw anything
    Result r;
    try {
      const detail::Program* p = program_of(policy);
      r.error = message(p != nullptr ? p->voice : Voice{}, Msg::host_failed, {"(not a std::exception)"});
    } catch (...) {
    }
    return r;
  }
}

// Whether a policy has the workload block the reports need; else the message in `error`.
bool has_workload(const detail::Program& p, const std::string& label, std::string& error) {
  if (!p.workload.empty()) return true;
  error = message(p.voice, Msg::no_workload_block, {label});
  return false;
}

// The report's --by columns as header indices, and --catch-up-months, into `run`; false with
// `error` for a column the header lacks (with a did-you-mean), one given twice, or a catch-up
// outside 1..12.
bool report_run_options(const ReportOptions& report, const CaseloadInput& input, const OpenInput& c,
                        const Voice& voice, detail::RunOptions& run, std::string& error) {
  if (report.catch_up_months < 1 || report.catch_up_months > 12) {
    error = "kadenz: " + message(voice, Msg::catch_up_months_range, {std::to_string(report.catch_up_months)});
    return false;
  }
  if (report.capacity_fte &&
      (!std::isfinite(*report.capacity_fte) || *report.capacity_fte < 0 || *report.capacity_fte > detail::kMaxFte)) {
    error = "kadenz: " + message(voice, Msg::capacity_not_positive, {fmt::format("{}", *report.capacity_fte)});
    return false;
  }
  run.catch_up_months = report.catch_up_months;
  std::vector<std::string> names;
  for (const auto& h : c.header) names.emplace_back(detail::group_cell({h}, 0));
  for (const auto& column : report.by) {
    const auto it = std::find(names.begin(), names.end(), column);
    if (it == names.end()) {
      error = "kadenz: " + message(voice, Msg::by_column_unknown, {column, input.name()});
      if (const auto near = detail::closest(column, names)) error += " (" + detail::say(voice, Msg::did_you_mean_column, {*near}) + ")";
      return false;
    }
    const auto index = static_cast<std::size_t>(it - names.begin());
    if (std::find(run.group_columns.begin(), run.group_columns.end(), index) != run.group_columns.end()) {
      error = "kadenz: " + message(voice, Msg::by_column_twice, {column});
      return false;
    }
    run.group_columns.push_back(index);
  }
  return true;
}

// The staff file of `report`, read (none: true with `staff` empty); false with `error`.
bool read_staff_input(const ReportOptions& report, const Voice& voice, std::optional<detail::Staff>& staff,
                      std::string& error) {
  if (!report.staff) return true;
  const CaseloadInput& in = *report.staff;
  std::string text;
  if (in.kind() == CaseloadInput::Kind::text) {
    text = in.csv_text();
  } else {
    std::FILE* f = in.kind() == CaseloadInput::Kind::file ? std::fopen(in.name().c_str(), "rb") : stdin;
    if (f == nullptr) {
      error = message(voice, Msg::cannot_read_file, {in.name(), std::strerror(errno)});
      return false;
    }
    char buffer[4096];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0) text.append(buffer, n);
    const bool failed = std::ferror(f) != 0;
    if (f != stdin) std::fclose(f);
    if (failed) {
      error = message(voice, Msg::cannot_read_file, {in.name(), std::strerror(EIO)});
      return false;
    }
  }
  staff.emplace();
  if (detail::read_staff(text, in.name(), report.by, voice, *staff, error)) return true;
  error = "kadenz: " + error;
  return false;
}

}  // namespace

CaseloadInput::CaseloadInput(Kind kind, std::string name, std::string text) noexcept
    : kind_(kind), name_(std::move(name)), text_(std::move(text)) {}

CaseloadInput CaseloadInput::file(std::string path) { return CaseloadInput(Kind::file, std::move(path), {}); }

CaseloadInput CaseloadInput::standard_input() { return CaseloadInput(Kind::standard_input, "-", {}); }

CaseloadInput CaseloadInput::text(std::string csv_text, std::string name) {
  return CaseloadInput(Kind::text, std::move(name), std::move(csv_text));
}

CaseloadResult evaluate_caseload(const Policy& policy, const CaseloadInput& input, RowFormat format,
                                 const std::function<bool(std::string_view)>& out, const CaseloadOptions& options) {
  return guarded<CaseloadResult>(policy, [&] {
    CaseloadResult r;
    const detail::Program* p = ready(policy, options, r.error);
    if (p == nullptr) return r;
    const Voice& voice = p->voice;
    const detail::Encoding encoding = internal(options.encoding);
    OpenInput c;
    detail::ColumnBinding binding;
    if (!open_input(input, voice, encoding, c, r.error)) return r;
    note_encoding(input, voice, c, r.notes);
    if (!bind_header(*p, input, c, binding, r.notes, r.error)) return r;
    bool stopped = false;
    const detail::OutputSink sink = [&](std::string_view text, std::string& error) {
      if (out(text)) return true;
      stopped = true;
      error = message(voice, Msg::host_output_stopped);
      return false;
    };
    detail::CaseloadSummary summary;
    detail::KeyHashes keys;
    std::string error;
    const bool ok = detail::evaluate_caseload(
        *p, *c.reader, binding, day_of(options.as_of),
        format == RowFormat::jsonl ? detail::OutputFormat::jsonl : detail::OutputFormat::csv, sink, summary, error,
        jobs_or_all(options.jobs), {}, options.check_repeated_ids ? &keys : nullptr);
    r.summary = summary_of(summary, voice, r.error_kinds_text);
    if (!ok) {
      // a reading error names the input; the output's own message says that it stopped
      r.error = stopped ? error : about(input, error);
      return r;
    }
    note_encoding(input, voice, c, r.notes);
    if (options.check_repeated_ids) {
      detail::DuplicateKeys dups;
      std::size_t unconfirmed = 0;
      if (!find_repeats(*p, binding, input, encoding, c, keys, dups, unconfirmed, r.error)) return r;
      warn_repeats(voice, dups, unconfirmed, r.warnings);
      r.summary.repeated = dups.rows + unconfirmed;
      r.summary.repeated_unconfirmed = unconfirmed > 0;
    }
    r.ok = true;
    return r;
  });
}

WorkloadResult workload(const Policy& policy, const CaseloadInput& input, const CaseloadOptions& options,
                        const ReportOptions& report) {
  return guarded<WorkloadResult>(policy, [&] {
    WorkloadResult r;
    const detail::Program* p = ready(policy, options, r.error);
    if (p == nullptr) return r;
    const std::string file = report.policy.file.empty() ? p->name : report.policy.file;
    if (!has_workload(*p, file, r.error)) return r;
    const Voice& voice = p->voice;
    const detail::Encoding encoding = internal(options.encoding);
    OpenInput c;
    detail::ColumnBinding binding;
    detail::KeyHashes keys;
    if (!open_input(input, voice, encoding, c, r.error)) return r;
    note_encoding(input, voice, c, r.notes);
    if (!bind_header(*p, input, c, binding, r.notes, r.error)) return r;
    detail::RunOptions run{day_of(options.as_of), jobs_or_all(options.jobs), nullptr,
                           options.check_repeated_ids ? &keys : nullptr};
    std::optional<detail::Staff> staff;
    if (!report_run_options(report, input, c, voice, run, r.error) || !read_staff_input(report, voice, staff, r.error))
      return r;
    detail::WorkloadReport w;
    w.group_columns = report.by;
    w.policy_name = p->name;
    w.policy_file = file;
    if (report.policy.version) w.version = version_note(*report.policy.version);
    w.caseload_file = input.name();
    std::string error;
    const bool ok = detail::run_workload(*p, *c.reader, binding, run, w, error);
    r.summary = summary_of(w.summary, voice, r.error_kinds_text);
    if (!ok) {
      r.error = about(input, error);
      return r;
    }
    note_encoding(input, voice, c, r.notes);
    if (options.check_repeated_ids && !refuse_repeats(*p, binding, input, encoding, c, keys, r.error)) return r;
    detail::apply_capacity(w, staff ? &*staff : nullptr, report.capacity_fte, r.notes);
    if (report.text) r.text = detail::render_workload_text(w);
    if (report.json) r.json = detail::render_workload_json(w);
    if (report.html) r.html = detail::render_workload_html(w);
    r.ok = true;
    return r;
  });
}

namespace {

// whatif's work; `changes` (may be null) receives the changes file.
WhatIfResult compare(const Policy& base, const Policy& variant, const CaseloadInput& input,
                        const CaseloadOptions& options, const std::function<bool(std::string_view)>* changes,
                        const ReportOptions& report, detail::WhatIfReport* keep = nullptr) {
  return guarded<WhatIfResult>(base, [&] {
    WhatIfResult r;
    const detail::Program* b = ready(base, options, r.error);
    if (b == nullptr) return r;
    const detail::Program* v = ready(variant, options, r.error);
    if (v == nullptr) return r;
    const std::string base_file = report.policy.file.empty() ? b->name : report.policy.file;
    const std::string variant_file = report.variant.file.empty() ? v->name : report.variant.file;
    if (!has_workload(*b, base_file, r.error) || !has_workload(*v, variant_file, r.error)) return r;
    const Voice& voice = b->voice;
    const detail::Encoding encoding = internal(options.encoding);
    OpenInput c;
    detail::ColumnBinding base_binding, variant_binding;
    if (!open_input(input, voice, encoding, c, r.error)) return r;
    note_encoding(input, voice, c, r.notes);
    if (!bind_header(*b, input, c, base_binding, r.notes, r.error) || !bind_header(*v, input, c, variant_binding, r.notes, r.error))
      return r;
    detail::KeyHashes keys;
    detail::RunOptions run{day_of(options.as_of), jobs_or_all(options.jobs), nullptr,
                           options.check_repeated_ids ? &keys : nullptr};
    std::optional<detail::Staff> staff;
    if (!report_run_options(report, input, c, voice, run, r.error) || !read_staff_input(report, voice, staff, r.error))
      return r;
    detail::WhatIfReport w;
    w.group_columns = report.by;
    w.base_name = b->name;
    w.base_file = base_file;
    if (report.policy.version) w.base_version = version_note(*report.policy.version);
    w.variant_name = v->name;
    w.variant_file = variant_file;
    if (report.variant.version) w.variant_version = version_note(*report.variant.version);
    w.caseload_file = input.name();
    bool stopped = false;
    const detail::OutputSink sink = [&](std::string_view text, std::string& why) {
      if ((*changes)(text)) return true;
      stopped = true;
      why = message(voice, Msg::host_output_stopped);
      return false;
    };
    if (changes != nullptr) run.changes_sink = &sink;
    std::string error;
    if (!detail::run_whatif(*b, base_binding, *v, variant_binding, *c.reader, run, w, error)) {
      r.error = stopped ? error : "kadenz: " + error;
      return r;
    }
    note_encoding(input, voice, c, r.notes);
    if (options.check_repeated_ids && !refuse_repeats(*b, base_binding, input, encoding, c, keys, r.error)) return r;
    // what the variant changes and the run's facts (issue 17), for the report's last section
    w.differences = detail::policy_differences(*b, *v);
    w.run = detail::run_info(*b, *v);
    detail::apply_capacity(w, staff ? &*staff : nullptr, report.capacity_fte, r.notes);
    r.rows = w.rows;
    r.moved = w.moved;
    r.changed = w.changed;
    r.base_errors = w.base_errors;
    r.variant_errors = w.variant_errors;
    if (report.text) r.text = detail::render_whatif_text(w);
    if (report.json) r.json = detail::render_whatif_json(w);
    if (report.html) r.html = detail::render_whatif_html(w);
    if (keep != nullptr) *keep = std::move(w);  // whatif_many renders the variants together
    r.ok = true;
    return r;
  });
}

}  // namespace

WhatIfResult whatif(const Policy& base, const Policy& variant, const CaseloadInput& input,
                    const CaseloadOptions& options, bool with_changes, const ReportOptions& report) {
  if (!with_changes) return compare(base, variant, input, options, nullptr, report);
  std::string csv;
  const std::function<bool(std::string_view)> collect = [&csv](std::string_view text) {
    csv += text;
    return true;
  };
  WhatIfResult r = compare(base, variant, input, options, &collect, report);
  if (r.ok) r.changes_csv = std::move(csv);
  return r;
}

WhatIfResult whatif_streaming(const Policy& base, const Policy& variant, const CaseloadInput& input,
                              const CaseloadOptions& options, const std::function<bool(std::string_view)>& changes,
                    const ReportOptions& report) {
  return compare(base, variant, input, options, &changes, report);
}

// ---- several variants (issue 17) -------------------------------------------------------------

namespace {

// Standard input can be read only once: for several variants it is read into memory first.
bool readable_again(const CaseloadInput& input, CaseloadInput& again, std::string& error, const Voice& voice) {
  if (input.kind() != CaseloadInput::Kind::standard_input) {
    again = input;
    return true;
  }
  std::string text;
  char buffer[65536];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, stdin)) > 0) text.append(buffer, n);
  if (std::ferror(stdin)) {
    error = message(voice, Msg::cannot_read_file, {"-", std::strerror(errno)});
    return false;
  }
  again = CaseloadInput::text(std::move(text), "-");
  return true;
}

}  // namespace

WhatIfManyResult whatif_many(const Policy& base, const std::vector<WhatIfVariant>& variants,
                             const CaseloadInput& input, const CaseloadOptions& options, const ReportOptions& report,
                             const std::optional<WhatIfSweep>& sweep) {
  return guarded<WhatIfManyResult>(base, [&] {
    WhatIfManyResult r;
    const detail::Program* b = ready(base, options, r.error);
    if (b == nullptr) return r;
    CaseloadInput source = CaseloadInput::text({}, input.name());
    if (!readable_again(input, source, r.error, b->voice)) return r;
    detail::WhatIfMany many;
    many.base_name = b->name;
    many.base_file = report.policy.file.empty() ? b->name : report.policy.file;
    many.caseload_file = input.name();
    many.as_of = day_of(options.as_of);
    many.voice = b->voice;
    if (sweep) many.sweep = detail::WhatIfMany::Sweep{sweep->parameter, sweep->values};
    ReportOptions one = report;
    one.text = one.json = one.html = false;  // rendered together below
    for (const WhatIfVariant& variant : variants) {
      one.variant = variant.label;
      detail::WhatIfMany::Variant v;
      WhatIfResult w = compare(base, variant.policy, source, options, nullptr, one, &v.report);
      for (auto& note : w.notes)
        if (std::find(r.notes.begin(), r.notes.end(), note) == r.notes.end()) r.notes.push_back(std::move(note));
      w.notes.clear();
      if (!w.ok) {
        r.error = std::move(w.error);
        return r;
      }
      v.name = v.report.variant_name;
      v.file = v.report.variant_file;
      v.set = variant.set;
      many.rows = v.report.rows;
      if (many.generated_at.empty()) many.generated_at = v.report.run.generated_at;
      many.variants.push_back(std::move(v));
      r.variants.push_back(std::move(w));
    }
    many.kadenz_version = kadenz::version();
    if (report.text) r.text = detail::render_many_text(many);
    if (report.json) r.json = detail::render_many_json(many);
    if (report.html) r.html = detail::render_many_html(many);
    r.ok = true;
    return r;
  });
}

}  // namespace kadenz
