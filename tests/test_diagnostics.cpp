// Golden tests of rendered diagnostics: one policy per error kind in tests/diagnostics/,
// with the expected text output beside it (KADENZ_RESET_GOLDEN=1 rewrites; review the diff).
#include "support.hpp"

#include <algorithm>

namespace fs = std::filesystem;
using namespace kadenz;

namespace {

std::vector<std::string> diagnostic_cases() {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(test::source_path("tests/diagnostics"))) {
    if (e.path().extension() == ".kadenz") names.push_back(e.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

TEST_CASE("diagnostics: every case renders as its golden file", "[diagnostics][golden]") {
  const auto names = diagnostic_cases();
  REQUIRE(names.size() >= 10);
  for (const auto& name : names) {
    SECTION(name) {
      const std::string rel = "tests/diagnostics/" + name + ".kadenz";
      const Compiled c = compile_policy(rel, test::read_file(test::source_path(rel)));
      INFO(name);
      CHECK_FALSE(c.ok());
      CHECK(count_errors(c.diagnostics) > 0);
      test::check_golden(test::source_path("tests/diagnostics/" + name + ".expected"),
                         render_text(*c.source, c.diagnostics));
    }
  }
}

TEST_CASE("diagnostics: the file name of each case is the code of its first diagnostic", "[diagnostics]") {
  for (const auto& name : diagnostic_cases()) {
    const std::string rel = "tests/diagnostics/" + name + ".kadenz";
    const Compiled c = compile_policy(rel, test::read_file(test::source_path(rel)));
    REQUIRE_FALSE(c.diagnostics.empty());
    const std::string& code = c.diagnostics.front().code;
    INFO(name << " starts with code " << code);
    CHECK((name == code || name.rfind(code + "-", 0) == 0 || name == "utf8-caret" ||
           name == "unguarded-in-message" || name == "limit-nesting"));
  }
}

TEST_CASE("diagnostics: JSON rendering carries code, span in characters, label and help", "[diagnostics]") {
  const std::string rel = "tests/diagnostics/utf8-caret.kadenz";
  const Compiled c = compile_policy(rel, test::read_file(test::source_path(rel)));
  REQUIRE_FALSE(c.ok());
  test::check_golden(test::source_path("tests/diagnostics/utf8-caret.json"), render_json(*c.source, c.diagnostics));
}

TEST_CASE("diagnostics: columns count characters, not bytes", "[diagnostics]") {
  const std::string text = "ä ö ü ß x\n  Ü25";
  CHECK(line_column(text, 0).column == 1);
  CHECK(line_column(text, static_cast<std::uint32_t>(text.find('x'))).column == 9);
  const auto lc = line_column(text, static_cast<std::uint32_t>(text.find("\xC3\x9C")));
  CHECK(lc.line == 2);
  CHECK(lc.column == 3);
}

TEST_CASE("diagnostics: the parser keeps going after an error and reports each declaration's", "[diagnostics]") {
  const std::string policy = test::with_header(
      "facts\n  id: text, key\nend\nlet a = 1 +\nlet b = (2\noutput c = 3 3\noutput d = 4\n");
  const Compiled c = compile_policy("t.kadenz", policy);
  REQUIRE(c.diagnostics.size() == 3);
  for (const auto& d : c.diagnostics) CHECK(d.code == "syntax");
  // `let a = 1 +` (line 6) and `let b = (2` (line 7) are pointed at just after their last
  // token; `3 3` on line 8 at the second 3, left over after the expression.
  CHECK(line_column(c.source->text, c.diagnostics[0].span.begin).line == 6);
  CHECK(line_column(c.source->text, c.diagnostics[1].span.begin).line == 7);
  CHECK(line_column(c.source->text, c.diagnostics[2].span.begin).line == 8);
  CHECK(c.diagnostics[2].message.rfind("unexpected text after the end of the expression", 0) == 0);
}

TEST_CASE("dump: the shipped policy's syntax tree and program are the reviewed golden files", "[golden]") {
  const std::string rel = "policies/coburg-land-2017.kadenz";
  const std::string text = test::read_file(test::source_path(rel));
  std::vector<Diagnostic> diags;
  const std::string ast = dump(rel, text, Stage::ast, diags);
  CHECK(diags.empty());
  test::check_golden(test::source_path("tests/golden/coburg.ast.txt"), ast);
  const std::string program = dump(rel, text, Stage::program, diags);
  CHECK(diags.empty());
  test::check_golden(test::source_path("tests/golden/coburg.program.txt"), program);
}
