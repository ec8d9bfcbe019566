// `kadenz fmt`: reads one policy, formats it with the format stage and writes the result to
// standard output, to -o FILE or (with -i) over the policy itself; --check only compares.
#include "cli/fmt.hpp"

#include "stdlib/catalogue.hpp"

#include "cli/output_file.hpp"
#include "cli/print.hpp"
#include "interpreter/extend/load.hpp"
#include "interpreter/format/format.hpp"
#include "stdlib/vocabulary.hpp"

#include <kadenz/kadenz.hpp>

namespace kadenz::cli {

CLI::App* add_fmt_command(CLI::App& app, FmtArgs& a) {
  auto* cmd = app.add_subcommand("fmt", "Lay out a policy canonically; with --lang, translate its keywords");
  cmd->add_option("policy", a.policy, "Policy file (.kadenz)")->required();
  cmd->add_option("--lang", a.lang, "Write the keywords in German (de) or English (en)")
      ->check(CLI::IsMember({"de", "en"}));
  auto* check = cmd->add_flag("--check", a.check, "Write nothing; exit 1 if the file is not formatted (for CI)");
  auto* in_place = cmd->add_flag("-i,--in-place", a.in_place, "Rewrite the policy file itself");
  auto* output = cmd->add_option("-o,--output", a.output, "Write to this file instead of standard output");
  check->excludes(in_place)->excludes(output);
  in_place->excludes(output);
  return cmd;
}

int run_fmt(const FmtArgs& a) {
  constexpr int kOk = 0, kNotFormatted = 1, kFailure = 2;
  std::string why;
  const std::optional<std::string> text = detail::read_policy_file(a.policy, why);
  if (!text) {
    say("kadenz: {}\n", why);
    return kFailure;
  }
  if (!a.in_place && !a.check && !is_stdout(a.output)) {
    const std::string clash = find_clash({NamedFile{"-o", a.output}}, {NamedFile{"the policy", a.policy}});
    if (!clash.empty()) {
      const Lang l = detail::keyword_language(*text).value_or(Lang::en);
      say("kadenz: {}\n", detail::say(detail::Voice{l, l}, detail::Msg::fmt_use_in_place, {clash}));
      return kFailure;
    }
  }
  std::optional<Lang> lang;
  if (a.lang == "de") lang = Lang::de;
  if (a.lang == "en") lang = Lang::en;
  const detail::Formatted f = detail::format_policy(*text, a.policy, lang);
  if (!f.ok) {
    // A policy with syntax errors is not formatted: the diagnostics as `kadenz check` shows them.
    SourceFile source{a.policy, *text, {}};
    put(stderr, render_text(source, f.diagnostics, lang.value_or(detail::keyword_language(*text).value_or(Lang::en))));
    return kFailure;  // not 1: CI tells a broken file from one that is only not formatted
  }
  if (a.check) {
    if (const std::size_t line = detail::first_different_line(*text, f.text); line > 0) {
      const Lang l = lang.value_or(detail::keyword_language(*text).value_or(Lang::en));
      say("kadenz: {}\n", detail::say(detail::Voice{l, l}, detail::Msg::fmt_not_formatted,
                                      {a.policy, std::to_string(line)}));
      return kNotFormatted;
    }
    return kOk;
  }
  OutputFile out;
  std::string error;
  if (!out.open(a.in_place ? a.policy : a.output, error)) {
    say("kadenz: {}\n", error);
    return kFailure;
  }
  put(out.stream(), f.text);
  if (!streams_ok()) return kFailure;
  if (!out.commit(error)) {
    say("kadenz: {}\n", error);
    return kFailure;
  }
  return kOk;
}

}  // namespace kadenz::cli
