// The kadenz command: swapped arguments (see swapped.hpp). Only the start of each file is read,
// and nothing of its content is echoed: a caseload holds personal data.
#include "cli/swapped.hpp"

#include "cli/compile_options.hpp"
#include "cli/print.hpp"
#include "stdlib/catalogue.hpp"
#include "stdlib/vocabulary.hpp"

#include <filesystem>
#include <fstream>

namespace kadenz::cli {
namespace {

// How much of a file is read to tell a policy from a caseload: a header line, or the first
// keywords of a policy, lie well within it.
constexpr std::size_t kSniffBytes = 4096;

// The first kSniffBytes of `path`; empty for standard input, an unreadable file and anything
// but a regular file (a pipe would block, or lose what is read here, before the real read).
std::string head_of(const std::string& path) {
  std::error_code ec;
  if (path == "-" || !std::filesystem::is_regular_file(path, ec)) return {};
  std::ifstream in(path, std::ios::binary);
  std::string text(kSniffBytes, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
  return text;
}

// A CSV header: the first line has a comma or semicolon, is no comment, and holds no keyword
// of either language (a policy's first line has one: `policy "…"`, `richtlinie "…"`).
bool looks_like_csv(std::string_view text) {
  const std::string_view line = text.substr(0, text.find('\n'));
  if (line.empty() || line.front() == '#' || line.find('"') == 0) return false;
  if (line.find_first_of(",;") == std::string_view::npos) return false;
  return !detail::keyword_language(line).has_value();
}

// The message language: the policy's keyword language if it has one, else the environment's.
Lang lang_for(std::string_view policy_text) {
  if (const auto l = detail::keyword_language(policy_text)) return *l;
  return environment_lang();
}

}  // namespace

bool refuse_swapped(const std::string& policy, const std::string& caseload, std::string_view command) {
  const std::string p = head_of(policy);
  if (!looks_like_csv(p)) return false;
  const std::string c = head_of(caseload);
  const bool named_policy = caseload.size() > 7 && caseload.compare(caseload.size() - 7, 7, ".kadenz") == 0;
  if (!named_policy && !(detail::keyword_language(c).has_value() && !looks_like_csv(c))) return false;
  const Lang lang = lang_for(c);
  say("kadenz: {}\n", detail::say(detail::Voice{lang, lang}, detail::Msg::swapped_arguments, {policy, caseload, command}));
  return true;
}

void note_if_caseload(const std::string& policy) {
  if (!looks_like_csv(head_of(policy))) return;
  const Lang lang = lang_for({});
  const detail::Voice voice{lang, lang};
  say("{}\n", detail::say(voice, detail::Msg::note_line, {detail::say(voice, detail::Msg::csv_not_policy, {policy})}));
}

}  // namespace kadenz::cli
