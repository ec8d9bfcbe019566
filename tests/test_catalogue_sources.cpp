// Every diagnostic of the compile side comes from the message catalogue: a scan of the sources
// for diagnostics written with English text in place (which would bypass the German texts).
#include "support.hpp"

#include <filesystem>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

// The folders whose diagnostics are all made by detail::diagnostic(voice, Msg::…): the parser
// and every stage of the compile side. To cover another folder once its texts are in the
// catalogue (the run side: interpreter/analyze, caseload, report), add it here.
constexpr const char* kCatalogued[] = {
    "grammar",          "interpreter/extend",   "interpreter/check",    "interpreter/compile",
    "interpreter/evaluate", "interpreter/diagnostics", "interpreter/pipeline", "interpreter/dump",
    "interpreter/format", "interpreter/analyze",  "interpreter/caseload", "interpreter/report",
    "interpreter/capi", "cli",
};

// What a diagnostic made by hand looks like: a Diagnostic aggregate or a brace list starting with
// a code and a severity, a code assigned as a literal, an error(…) helper given a code literal,
// a SyntaxError given a text.
const std::regex kBypass(R"re(Diagnostic\s*\{\s*"|\{\s*"[a-z0-9-]+"\s*,\s*Severity::|\.code\s*=\s*"|\berror\(\s*"[a-z0-9-]+"|SyntaxError\s*\{[^;]*")re");

// The places in `text` (path:line: line) that match kBypass, line by line.
std::vector<std::string> bypasses(const std::string& path, const std::string& text) {
  std::vector<std::string> found;
  std::istringstream in(text);
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    const auto first = line.find_first_not_of(" \t");
    if (first != std::string::npos && line.compare(first, 2, "//") == 0) continue;  // a comment
    if (std::regex_search(line, kBypass)) found.push_back(path + ":" + std::to_string(number) + ": " + line);
  }
  return found;
}

}  // namespace

TEST_CASE("catalogue: no diagnostic of the compile side bypasses the catalogue", "[catalogue]") {
  std::vector<std::string> found;
  std::size_t files = 0;
  for (const char* folder : kCatalogued) {
    for (const auto& e : fs::recursive_directory_iterator(kadenz::test::source_path(folder))) {
      const auto ext = e.path().extension();
      if (ext != ".cpp" && ext != ".hpp") continue;
      ++files;
      const std::string rel = std::string(folder) + "/" + fs::relative(e.path(), kadenz::test::source_path(folder)).string();
      for (auto& f : bypasses(rel, kadenz::test::read_file(e.path().string()))) found.push_back(std::move(f));
    }
  }
  CHECK(files > 40);
  std::string list;
  for (const auto& f : found) list += f + "\n";
  INFO("diagnostics written by hand (use detail::diagnostic(voice, Msg::…) and an entry of stdlib/messages.def):\n"
       << list);
  CHECK(found.empty());
}

TEST_CASE("catalogue: the source scan finds a diagnostic written by hand", "[catalogue]") {
  CHECK_FALSE(bypasses("x.cpp", R"(diags.push_back(Diagnostic{"cycle", Severity::error, "loop", span});)").empty());
  CHECK_FALSE(bypasses("x.cpp", R"(  d.code = "syntax";)").empty());
  CHECK_FALSE(bypasses("x.cpp", R"(  cx.error("unknown-name", e.span, "unknown name", "", "");)").empty());
  CHECK_FALSE(bypasses("x.cpp", R"(  diagnostics.push_back({"limit", Severity::error, "too big"});)").empty());
  CHECK_FALSE(bypasses("x.cpp", R"(  throw SyntaxError{a, b, "number is too large", "help"};)").empty());
  CHECK(bypasses("x.cpp", R"(  cx.error(Msg::unknown_name, e.span, {e.name});)").empty());
  CHECK(bypasses("x.cpp", R"(  throw SyntaxError{a, b, Msg::syn_bad_date, std::string(matched)};)").empty());
  CHECK(bypasses("x.cpp", R"(  // Diagnostic{"code", …} in a comment)").empty());
}
