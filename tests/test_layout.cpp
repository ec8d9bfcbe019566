// The layout is the pipeline: a test that keeps every `#include` pointing one way (from a stage
// to the stages before it) and every source file short enough to read. The table of allowed
// edges below is the one docs/architecture.md draws; change both together.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

// A folder ("unit") and the units its files may include besides its own. `include` is the
// public headers (interpreter/include/kadenz, included as <kadenz/…>). A unit not in this table
// (a new folder) fails the test until it is given its place.
struct Unit {
  const char* name;
  std::vector<std::string> may_include;
};

const std::vector<Unit>& allowed_edges() {
  static const std::vector<Unit> table = {
      {"include", {}},
      // the message catalogue (stdlib/catalogue.hpp) makes kadenz::Diagnostic and names kadenz::Lang
      {"stdlib", {"include"}},
      {"grammar", {"stdlib", "include"}},
      {"diagnostics", {"stdlib", "include"}},
      {"extend", {"grammar", "diagnostics", "stdlib", "include"}},
      {"check", {"grammar", "diagnostics", "stdlib", "include"}},
      {"compile", {"check", "grammar", "diagnostics", "stdlib", "include"}},
      {"evaluate", {"compile", "check", "grammar", "stdlib", "include"}},
      {"caseload", {"evaluate", "compile", "check", "grammar", "stdlib", "include"}},
      {"analyze", {"caseload", "evaluate", "compile", "check", "grammar", "diagnostics", "stdlib", "include"}},
      {"report", {"caseload", "evaluate", "compile", "check", "grammar", "diagnostics", "stdlib", "include"}},
      {"dump", {"extend", "check", "compile", "grammar", "diagnostics", "stdlib", "include"}},
      // `kadenz fmt`: layout and keyword translation from the grammar alone.
      {"format", {"grammar", "diagnostics", "stdlib", "include"}},
      {"pipeline", {"dump", "report", "analyze", "caseload", "evaluate", "compile", "check", "extend", "grammar",
                    "diagnostics", "stdlib", "include"}},
      // The C API (kadenz.h): compiles through the host API, decides caseloads with the runner.
      {"capi", {"pipeline", "caseload", "evaluate", "compile", "check", "grammar", "stdlib", "include"}},
      // The language server (`kadenz lsp`): compiles and analyses open documents through the
      // pipeline, formats with `kadenz fmt`'s stage, reads the checked tree for names and hovers.
      {"lsp", {"pipeline", "format", "analyze", "compile", "check", "grammar", "diagnostics", "stdlib", "include"}},
      // The caseload calls of the public API (kadenz/caseload.hpp): open, bind, run, render.
      // pipeline: for the Policy's program (policy_access.hpp).
      {"host", {"pipeline", "report", "caseload", "evaluate", "compile", "check", "grammar", "diagnostics", "stdlib",
                "include"}},
      // Tests inside the policy (`kadenz test`): runs them with the trace, renders the report.
      {"verify", {"pipeline", "report", "caseload", "evaluate", "compile", "check", "grammar", "diagnostics", "stdlib",
                  "include"}},
      // The command-line tool renders what the library returns; it still reads some stage headers
      // directly (check, explain, test, dump, lsp, version directories; eval, workload and whatif
      // run on kadenz/caseload.hpp).
      {"cli", {"verify", "lsp", "pipeline", "format", "dump", "report", "analyze", "caseload", "evaluate", "compile", "check", "extend",
               "grammar", "diagnostics", "stdlib", "include"}},
      // The fuzz targets drive the stages directly (the analysis, the caseload driver, the
      // register code against the node walk), like the command-line tool.
      {"fuzz", {"pipeline", "dump", "report", "analyze", "caseload", "evaluate", "compile", "check", "extend",
                "grammar", "diagnostics", "stdlib", "include"}},
  };
  return table;
}

// The unit a repository-relative path belongs to, or "" for a path outside the checked folders.
std::string unit_of(const std::string& path) {
  auto starts = [&](const char* prefix) { return path.rfind(prefix, 0) == 0; };
  if (starts("interpreter/include/")) return "include";
  if (starts("interpreter/")) {
    const auto slash = path.find('/', 12);
    return slash == std::string::npos ? "interpreter" : path.substr(12, slash - 12);
  }
  for (const char* top : {"grammar/", "stdlib/", "cli/", "fuzz/"}) {
    if (starts(top)) return std::string(top, std::char_traits<char>::length(top) - 1);
  }
  return "";
}

// One `#include "…"` or `#include <kadenz/…>` line of a source file, resolved to a path in the
// repository: quoted includes are written from the repository root, or name a file of the same
// folder; <kadenz/x> is interpreter/include/kadenz/x.
struct Include {
  std::string from;  // repository-relative path of the including file
  int line = 0;
  std::string target;  // repository-relative path of the included file ("" if it names none)
  std::string written;
};

// What a set of files includes. `files` maps each repository-relative path to its text.
std::vector<Include> includes_of(const std::map<std::string, std::string>& files) {
  std::vector<Include> result;
  for (const auto& [path, text] : files) {
    std::istringstream in(text);
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
      ++number;
      const auto hash = line.find_first_not_of(" \t");
      if (hash == std::string::npos || line.compare(hash, 8, "#include") != 0) continue;
      const auto open = line.find_first_of("\"<", hash + 8);
      if (open == std::string::npos) continue;
      const char close = line[open] == '"' ? '"' : '>';
      const auto end = line.find(close, open + 1);
      if (end == std::string::npos) continue;
      const std::string name = line.substr(open + 1, end - open - 1);
      Include inc{path, number, "", name};
      if (close == '>') {
        if (name.rfind("kadenz/", 0) != 0) continue;  // system and third-party headers
        inc.target = "interpreter/include/" + name;
      } else {
        const std::string sibling = path.substr(0, path.rfind('/') + 1) + name;
        if (files.count(name)) inc.target = name;
        else if (files.count(sibling)) inc.target = sibling;
      }
      result.push_back(std::move(inc));
    }
  }
  return result;
}

// The broken rules of a set of files, one sentence each (empty: the layout holds).
std::vector<std::string> layout_violations(const std::map<std::string, std::string>& files) {
  std::map<std::string, std::set<std::string>> allowed;
  for (const auto& unit : allowed_edges()) allowed[unit.name] = {unit.may_include.begin(), unit.may_include.end()};
  std::vector<std::string> problems;
  for (const auto& inc : includes_of(files)) {
    const std::string where = inc.from + ":" + std::to_string(inc.line) + ": ";
    if (unit_of(inc.from).empty()) continue;  // tests/: read only to resolve includes into it
    if (inc.target.empty()) {
      problems.push_back(where + "#include \"" + inc.written +
                         "\" names no file of the repository (write it from the repository root)");
      continue;
    }
    const std::string from = unit_of(inc.from), to = unit_of(inc.target);
    if (from.empty() || to.empty() || from == to) continue;
    const auto it = allowed.find(from);
    if (it == allowed.end()) {
      problems.push_back(where + "folder `" + from + "` has no row in the table of allowed includes");
    } else if (!it->second.count(to)) {
      problems.push_back(where + "`" + from + "` may not include `" + inc.target + "` (stage `" + to +
                         "`): includes point from a stage to the stages before it");
    }
  }
  return problems;
}

// The repository's source files under the checked folders, by repository-relative path.
std::map<std::string, std::string> repository_sources() {
  std::map<std::string, std::string> files;
  const fs::path root = KADENZ_SOURCE_DIR;
  // tests/ is read only so that an include of a test helper (fuzz targets share some) resolves;
  // its files belong to no stage and are not held to the line limit.
  for (const char* top : {"grammar", "stdlib", "interpreter", "cli", "fuzz", "tests"}) {
    for (const auto& entry : fs::recursive_directory_iterator(root / top)) {
      if (!entry.is_regular_file()) continue;
      const auto ext = entry.path().extension().string();
      if (ext != ".cpp" && ext != ".hpp" && ext != ".def") continue;
      std::ifstream in(entry.path(), std::ios::binary);
      std::ostringstream text;
      text << in.rdbuf();
      files[fs::relative(entry.path(), root).generic_string()] = text.str();
    }
  }
  return files;
}

// The longest a source file may be: past that a reader loses the thread; split it along a seam.
constexpr std::size_t kMaxSourceLines = 700;

}  // namespace

TEST_CASE("layout: every include points from a stage to the stages before it", "[layout]") {
  const auto files = repository_sources();
  REQUIRE(files.size() > 20);
  const auto problems = layout_violations(files);
  for (const auto& p : problems) UNSCOPED_INFO(p);
  CHECK(problems.empty());
}

TEST_CASE("layout: the include check finds a backward include, a sideways one and an unresolved one", "[layout]") {
  const std::map<std::string, std::string> files = {
      {"interpreter/compile/compile.cpp", "// x\n#include \"interpreter/evaluate/evaluate.hpp\"\n"},
      {"interpreter/evaluate/evaluate.hpp", "#pragma once\n#include \"interpreter/compile/program.hpp\"\n"},
      {"interpreter/compile/program.hpp", "#pragma once\n#include <kadenz/kadenz.hpp>\n#include <vector>\n"},
      {"interpreter/include/kadenz/kadenz.hpp", "#pragma once\n"},
      {"interpreter/extend/extend.cpp", "#include \"interpreter/check/check.hpp\"\n#include \"check.hpp\"\n"},
      {"interpreter/check/check.hpp", "#pragma once\n"},
      {"interpreter/newstage/x.cpp", "#include \"interpreter/check/check.hpp\"\n"},
  };
  const auto problems = layout_violations(files);
  REQUIRE(problems.size() == 4);
  CHECK(problems[0].find("interpreter/compile/compile.cpp:2: `compile` may not include") == 0);
  CHECK(problems[1].find("interpreter/extend/extend.cpp:1: `extend` may not include") == 0);
  CHECK(problems[2].find("interpreter/extend/extend.cpp:2: #include \"check.hpp\" names no file") == 0);
  CHECK(problems[3].find("folder `newstage` has no row") != std::string::npos);
}

TEST_CASE("layout: no source file is longer than 700 lines", "[layout]") {
  std::vector<std::string> long_files;
  for (const auto& [path, text] : repository_sources()) {
    if (unit_of(path).empty()) continue;  // tests/
    const auto lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
    if (lines > kMaxSourceLines) long_files.push_back(path + ": " + std::to_string(lines) + " lines");
  }
  for (const auto& f : long_files) UNSCOPED_INFO(f);
  CHECK(long_files.empty());
}
