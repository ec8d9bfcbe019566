// The shared `--set` and `--lang` options and the CompileOptions they make (see compile_options.hpp).
#include "cli/compile_options.hpp"

#include "stdlib/catalogue.hpp"

#include <cstdlib>

namespace kadenz::cli {

// CLI11 has checked NAME=VALUE's `=` before compile_options splits at it.
void add_set_option(CLI::App* cmd, std::vector<std::string>& into, const char* what) {
  cmd->add_option("--set", into, what)
      ->type_name("NAME=VALUE")
      ->check([](const std::string& v) {
        return v.find('=') == std::string::npos || v.front() == '=' ? std::string("expected NAME=VALUE, e.g. prep_minutes=15")
                                                                    : std::string();
      });
}

// One option, added the same way to every command, so `--lang` means the same everywhere.
void add_lang_option(CLI::App* cmd, std::string& into) {
  cmd->add_option("--lang", into,
                  "Language of the messages: de or en (default: the policy's keyword language, else LANG)")
      ->check(CLI::IsMember({"de", "en"}));
}

void add_encoding_option(CLI::App* cmd, std::string& into, const char* what) {
  cmd->add_option("--encoding", into,
                  std::string("How ") + what + " is encoded: auto (UTF-8, or Windows-1252 if it is not UTF-8), utf-8 or cp1252")
      ->check(CLI::IsMember({"auto", "utf-8", "cp1252"}));
}

void add_csv_option(CLI::App* cmd, std::string& into) {
  cmd->add_option("--csv", into,
                  "CSV written: standard (`,`, UTF-8, LF) or excel-de (what German Excel opens: `;`, UTF-8 with "
                  "byte order mark, CRLF, decimal comma)")
      ->check(CLI::IsMember({"standard", "excel-de"}));
}

// The environment is read here, once per compile, and never inside the library.
CompileOptions compile_options(const std::vector<std::string>& set, const std::string& lang) {
  CompileOptions o;
  for (const auto& s : set) {
    const auto eq = s.find('=');
    o.set.emplace_back(s.substr(0, eq), eq == std::string::npos ? "" : s.substr(eq + 1));
  }
  o.lang = detail::parse_lang(lang);
  o.default_lang = environment_lang();
  return o;
}

Lang environment_lang() {
  return detail::lang_from_environment(std::getenv("LC_ALL"), std::getenv("LC_MESSAGES"), std::getenv("LANG"))
      .value_or(Lang::en);
}

}  // namespace kadenz::cli
