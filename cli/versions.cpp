// The kadenz command's policy arguments (a file or a directory of versions, with `@DATE`), the
// evaluation date and `kadenz check DIR` (see versions.hpp). The library chooses; this renders.
#include "cli/versions.hpp"

#include "cli/caseload_io.hpp"
#include "cli/compile_options.hpp"
#include "cli/print.hpp"
#include "cli/swapped.hpp"
#include "interpreter/analyze/analyze.hpp"
#include "interpreter/pipeline/policy_access.hpp"
#include "interpreter/pipeline/versions.hpp"
#include "stdlib/json_text.hpp"
#include "stdlib/date.hpp"

#include <ctime>

namespace kadenz::cli {
namespace {

using detail::append_json_string;
using detail::Msg;
using detail::Voice;

// The voice of messages said before any policy was read: --lang, else the environment.
Voice early_voice(const CompileOptions& options) {
  const Lang lang = options.lang.value_or(options.default_lang);
  return Voice{lang, lang};
}

// The directory's problems, rendered in its voice.
void render_set(const detail::VersionSet& set, const std::vector<Diagnostic>& diagnostics) {
  put(stderr, render_text(*set.source, diagnostics, set.voice.text));
}

bool choose_from_directory(const detail::PolicyArgument& arg, const std::string& as_of_text,
                           const CompileOptions& options, const char* role, std::vector<NamedFile>& inputs,
                           std::optional<std::int32_t>& as_of, ChosenPolicy& out) {
  const detail::VersionSet set = detail::scan_versions(arg.path, options);
  for (const auto& v : set.versions) inputs.push_back(NamedFile{role, v.file});
  if (!set.ok()) {
    render_set(set, set.diagnostics);
    tell(set.voice, Msg::versions_refused, {arg.path});
    return false;
  }
  if (!as_of) as_of = as_of_or(as_of_text, today(), set.voice);
  if (!as_of) return false;
  const std::int32_t day = arg.date.value_or(*as_of);
  const std::optional<std::size_t> index = detail::version_in_force(set, day);
  if (!index) {
    render_set(set, {detail::no_version_in_force(set, day)});
    return false;
  }
  out.file = set.versions[*index].file;
  const Compiled c = compile_and_report(out.file, options);
  if (!detail::program_of(c)) {
    tell(set.voice, Msg::version_chosen_broken, {out.file, detail::iso_date(day)});
    return false;
  }
  add_bases(inputs, *c.source);
  out.program = detail::program_of(c);
  out.policy = c.policy();
  out.version = detail::version_note(set, *index, day);
  return true;
}

}  // namespace

std::int32_t today() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  return detail::days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

std::optional<std::int32_t> as_of_or(const std::string& text, std::int32_t fallback, const Voice& voice) {
  if (text.empty()) return fallback;
  const auto parsed = detail::parse_date(text);
  if (!parsed) tell(voice, Msg::as_of_not_a_date, {text});
  return parsed;
}

Compiled compile_and_report(const std::string& path, const CompileOptions& options) {
  Compiled c = compile_policy_file(path, options);
  if (!c.diagnostics.empty()) put(stderr, render_text(*c.source, c.diagnostics, c.lang));
  if (!detail::program_of(c)) note_if_caseload(path);
  return c;
}

void add_bases(std::vector<NamedFile>& inputs, const SourceFile& source) {
  for (const auto& inc : source.included) {
    if (inc.name != "--set") inputs.push_back(NamedFile{"the base policy", inc.name});
  }
}

bool choose_policy(const std::string& argument, const std::string& as_of_text, bool force,
                   const CompileOptions& options, const char* role, std::vector<NamedFile>& inputs,
                   std::optional<std::int32_t>& as_of, ChosenPolicy& out) {
  const detail::PolicyArgument arg = detail::parse_policy_argument(argument);
  if (arg.error) {
    tell(early_voice(options), *arg.error, {argument, arg.after_at});
    return false;
  }
  if (detail::is_version_directory(arg.path)) {
    return choose_from_directory(arg, as_of_text, options, role, inputs, as_of, out);
  }
  if (arg.path != argument) inputs.push_back(NamedFile{role, arg.path});
  const Compiled c = compile_and_report(arg.path, options);
  if (!detail::program_of(c)) return false;
  add_bases(inputs, *c.source);
  if (!as_of) as_of = as_of_or(as_of_text, today(), detail::program_of(c)->voice);
  if (!as_of || !within_validity(*detail::program_of(c), arg.path, arg.date.value_or(*as_of), force)) return false;
  out.program = detail::program_of(c);
  out.policy = c.policy();
  out.file = arg.path;
  return true;
}

void say_version(const Voice& voice, const ChosenPolicy& chosen, std::optional<Msg> side) {
  if (!chosen.version) return;
  const detail::VersionNote& v = *chosen.version;
  const std::string period =
      v.in_force_until ? detail::say(voice, Msg::version_period,
                                     {detail::iso_date(v.valid_from), detail::iso_date(*v.in_force_until)})
                       : detail::say(voice, Msg::version_period_open, {detail::iso_date(v.valid_from)});
  tell(voice, Msg::version_chosen,
       {side ? detail::say(voice, *side) : std::string(), chosen.file, period, detail::iso_date(v.chosen_for)});
}

int run_check_versions(const CheckVersionsArgs& a) {
  const bool json = a.format == "json";
  const CompileOptions options = compile_options(a.set, a.lang);
  const detail::VersionSet set = detail::scan_versions(a.directory, options);
  const Voice& voice = set.voice;
  std::optional<std::int32_t> as_of;
  if (!a.as_of.empty() && !(as_of = as_of_or(a.as_of, 0, voice))) return 2;
  std::vector<Diagnostic> periods = set.diagnostics;
  std::size_t errors = 0, warnings = 0, notes = 0, broken = set.unusable;
  // Counts `d` (a warning as an error with --strict) and says whether it is shown.
  const auto count = [&](Diagnostic& d) {
    if (a.strict && d.severity == Severity::warning) d.severity = Severity::error;
    if (d.severity == Severity::error) ++errors;
    if (d.severity == Severity::warning) ++warnings;
    if (d.severity == Severity::note) ++notes;
    return json || a.notes || d.severity != Severity::note;
  };
  std::string doc = "{\"directory\":";
  append_json_string(doc, a.directory);
  doc += ",\"versions\":[";
  for (std::size_t i = 0; i < set.versions.size(); ++i) {
    const detail::PolicyVersion& v = set.versions[i];
    const Compiled c = compile_policy_file(v.file, options);
    std::vector<Diagnostic> all = c.diagnostics;
    if (detail::program_of(c)) {
      const std::int32_t day = as_of.value_or(detail::program_of(c)->valid_from.value_or(today()));
      const detail::Analysis analysis = detail::analyze_program(*detail::program_of(c), day);
      all.insert(all.end(), analysis.findings.begin(), analysis.findings.end());
    } else {
      ++broken;
      periods.push_back(detail::version_does_not_compile(set, i, count_errors(c.diagnostics)));
    }
    std::vector<Diagnostic> shown;
    for (auto& d : all)
      if (count(d)) shown.push_back(d);
    if (json) {
      const auto date = [](const std::optional<std::int32_t>& d) {
        return d ? "\"" + detail::iso_date(*d) + "\"" : std::string("null");
      };
      doc += i ? ",{\"file\":" : "{\"file\":";
      append_json_string(doc, v.file);
      doc += ",\"valid_from\":" + date(v.valid_from) + ",\"valid_until\":" + date(v.valid_until) +
             ",\"in_force_until\":" + date(v.in_force_until) + ",\"check\":";
      std::string inner = render_json(*c.source, shown);
      while (!inner.empty() && inner.back() == '\n') inner.pop_back();
      doc += inner + "}";
    } else {
      tell(voice, Msg::check_version_heading, {v.file, detail::version_period(voice, v)});
      put(stderr, render_text(*c.source, shown, c.lang));
    }
  }
  std::vector<Diagnostic> shown_periods;
  for (auto& d : periods)
    if (count(d)) shown_periods.push_back(d);
  if (json) {
    std::string inner = render_json(*set.source, shown_periods);
    while (!inner.empty() && inner.back() == '\n') inner.pop_back();
    doc += "],\"periods\":" + inner + ",\"errors\":" + std::to_string(errors) +
           ",\"warnings\":" + std::to_string(warnings) + "}\n";
    put(stdout, doc);
  } else {
    render_set(set, shown_periods);
    const auto n = [&](std::size_t k, Msg one, Msg many) { return detail::say(voice, k == 1 ? one : many, {std::to_string(k)}); };
    tell(voice, Msg::check_versions_summary,
         {a.directory, std::to_string(set.versions.size()), n(errors, Msg::count_error_one, Msg::count_error_many),
          n(warnings, Msg::count_warning_one, Msg::count_warning_many),
          n(notes, Msg::count_note_one, Msg::count_note_many),
          notes > 0 && !a.notes ? detail::say(voice, Msg::notes_hidden) : std::string()});
  }
  if (broken > 0) return 2;
  return errors > 0 ? 1 : 0;
}

}  // namespace kadenz::cli
