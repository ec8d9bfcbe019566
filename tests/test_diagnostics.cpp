// Golden tests of rendered diagnostics: one policy per error kind in tests/diagnostics/,
// with the expected text output beside it (KADENZ_RESET_GOLDEN=1 rewrites; review the diff).
#include "support.hpp"

#include <kadenz/dump.hpp>

#include "grammar/limits.hpp"
#include "interpreter/diagnostics/suggest.hpp"
#include "stdlib/json_text.hpp"

#include <algorithm>
#include <random>
#include <sstream>

namespace fs = std::filesystem;
using namespace kadenz;
using kadenz::detail::append_json_string;

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
                         render_text(*c.source, c.diagnostics, c.lang));
    }
  }
}

// NAME.lang-de.expected is NAME.kadenz with `--lang de`, NAME.lang-en.expected with `--lang en`:
// the message language chosen over the policy's own (NAME.de.kadenz is a German policy, whose
// NAME.de.expected is German by default).
TEST_CASE("diagnostics: --lang renders a case in the other language as its golden file", "[diagnostics][golden]") {
  std::size_t checked = 0;
  for (const auto& name : diagnostic_cases()) {
    for (const Lang lang : {Lang::de, Lang::en}) {
      const std::string golden =
          "tests/diagnostics/" + name + (lang == Lang::de ? ".lang-de.expected" : ".lang-en.expected");
      if (!fs::exists(test::source_path(golden))) continue;
      INFO(golden);
      const std::string rel = "tests/diagnostics/" + name + ".kadenz";
      CompileOptions options;
      options.lang = lang;
      const Compiled c = compile_policy(rel, test::read_file(test::source_path(rel)), options);
      CHECK(c.lang == lang);
      CHECK_FALSE(c.ok());
      test::check_golden(test::source_path(golden), render_text(*c.source, c.diagnostics, c.lang));
      ++checked;
    }
  }
  CHECK(checked >= 14);
}

// A German policy and its English twin (NAME.de.kadenz, NAME.kadenz) give the same diagnostics
// by code, in JSON too, each in its own language.
TEST_CASE("diagnostics: a German policy's JSON has the codes of its English twin and German text", "[diagnostics]") {
  std::size_t twins = 0;
  for (const auto& name : diagnostic_cases()) {
    if (name.size() < 4 || name.substr(name.size() - 3) != ".de") continue;
    const std::string en_rel = "tests/diagnostics/" + name.substr(0, name.size() - 3) + ".kadenz";
    if (!fs::exists(test::source_path(en_rel))) continue;
    const std::string de_rel = "tests/diagnostics/" + name + ".kadenz";
    INFO(de_rel);
    const Compiled en = compile_policy(en_rel, test::read_file(test::source_path(en_rel)));
    const Compiled de = compile_policy(de_rel, test::read_file(test::source_path(de_rel)));
    CHECK(en.lang == Lang::en);
    CHECK(de.lang == Lang::de);
    REQUIRE(en.diagnostics.size() == de.diagnostics.size());
    for (std::size_t i = 0; i < en.diagnostics.size(); ++i) {
      CHECK(en.diagnostics[i].code == de.diagnostics[i].code);
      CHECK(en.diagnostics[i].message != de.diagnostics[i].message);
      CHECK(en.diagnostics[i].help.empty() == de.diagnostics[i].help.empty());
    }
    const std::string en_json = render_json(*en.source, en.diagnostics);
    const std::string de_json = render_json(*de.source, de.diagnostics);
    for (const auto& d : en.diagnostics) {
      CHECK(de_json.find("\"code\":\"" + d.code + "\"") != std::string::npos);
    }
    CHECK(de_json.find("\"severity\":\"error\"") != std::string::npos);  // fields for tools stay English
    // the JSON carries the German texts, not the English ones
    for (std::size_t i = 0; i < de.diagnostics.size(); ++i) {
      std::string de_text, en_text;
      append_json_string(de_text, de.diagnostics[i].message);
      append_json_string(en_text, en.diagnostics[i].message);
      CHECK(de_json.find("\"message\":" + de_text) != std::string::npos);
      CHECK(de_json.find(en_text) == std::string::npos);
    }
    ++twins;
  }
  CHECK(twins >= 7);
}

TEST_CASE("diagnostics: the file name of each case is the code of its first diagnostic", "[diagnostics]") {
  for (const auto& name : diagnostic_cases()) {
    const std::string rel = "tests/diagnostics/" + name + ".kadenz";
    const Compiled c = compile_policy(rel, test::read_file(test::source_path(rel)));
    REQUIRE_FALSE(c.diagnostics.empty());
    const std::string& code = c.diagnostics.front().code;
    INFO(name << " starts with code " << code);
    // NAME.de.kadenz is the German twin of NAME.kadenz
    const std::string stem = name.size() > 3 && name.substr(name.size() - 3) == ".de" ? name.substr(0, name.size() - 3) : name;
    CHECK((stem == code || stem.rfind(code + "-", 0) == 0 || stem == "utf8-caret" ||
           stem == "unguarded-in-message" || stem == "limit-nesting"));
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
  // `let a = 1 +` (line 6) and `let b = (2` (line 7): the caret stands on the word found on
  // the next line, a label on the last token of the unfinished line; `3 3` on line 8 at the
  // second 3, left over after the expression.
  CHECK(line_column(c.source->text, c.diagnostics[0].span.begin).line == 7);
  REQUIRE(c.diagnostics[0].secondary.size() == 1);
  CHECK(line_column(c.source->text, c.diagnostics[0].secondary[0].span.begin).line == 6);
  CHECK(c.diagnostics[0].secondary[0].span.begin == policy.find("+\nlet b"));
  CHECK(line_column(c.source->text, c.diagnostics[1].span.begin).line == 8);
  REQUIRE(c.diagnostics[1].secondary.size() == 1);
  CHECK(c.diagnostics[1].secondary[0].span.begin == policy.find("2\noutput c"));
  CHECK(line_column(c.source->text, c.diagnostics[2].span.begin).line == 8);
  CHECK(c.diagnostics[2].message.rfind("unexpected text after the end of the expression", 0) == 0);
}

TEST_CASE("suggestions: the banded edit distance is the full one up to its bound", "[diagnostics]") {
  // Small alphabets make near strings, transpositions and long equal runs common.
  std::mt19937 rng(11);
  auto word = [&](std::size_t max_len, char letters) {
    std::string w(std::uniform_int_distribution<std::size_t>(0, max_len)(rng), 'a');
    for (auto& ch : w) ch = static_cast<char>('a' + std::uniform_int_distribution<int>(0, letters - 1)(rng));
    return w;
  };
  for (int n = 0; n < 3000; ++n) {
    const std::string a = word(12, n % 2 ? 2 : 4), b = word(12, n % 2 ? 2 : 4);
    const std::size_t full = detail::edit_distance(a, b);
    for (std::size_t max = 0; max <= 14; ++max) {
      INFO(a << " / " << b << " max " << max);
      CHECK(detail::edit_distance_within(a, b, max) == std::min(full, max + 1));
    }
  }
  CHECK(detail::edit_distance_within("status", "stauts", 1) == 1);  // a transposition
  CHECK(detail::edit_distance_within("", "abc", 3) == 3);
  CHECK(detail::edit_distance_within("", "abc", 2) == 3);
}

TEST_CASE("suggestions: closest chooses what comparing every candidate in full chooses", "[diagnostics]") {
  // The reference: the search as it was, full distances, the first of the nearest wins.
  auto reference = [](const std::string& w, const std::vector<std::string>& cs) -> std::optional<std::string> {
    std::optional<std::string> best;
    std::size_t best_d = std::max<std::size_t>(1, w.size() / 3) + 1;
    for (const auto& c : cs) {
      const std::size_t d = detail::edit_distance(w, c);
      if (d < best_d) {
        best_d = d;
        best = c;
      }
    }
    return best;
  };
  std::mt19937 rng(7);
  auto word = [&]() {
    std::string w(std::uniform_int_distribution<std::size_t>(1, 10)(rng), 'a');
    for (auto& ch : w) ch = static_cast<char>('a' + std::uniform_int_distribution<int>(0, 2)(rng));
    return w;
  };
  std::size_t found = 0;
  for (int n = 0; n < 2000; ++n) {
    std::vector<std::string> cs(std::uniform_int_distribution<std::size_t>(0, 12)(rng));
    for (auto& c : cs) c = word();
    const std::string w = word();
    const auto want = reference(w, cs);
    INFO(w);
    CHECK(detail::closest(w, cs) == want);
    if (want) ++found;
  }
  CHECK(found > 300);  // the comparison is not vacuous
}

TEST_CASE("suggestions: 1,000 unknown names among 1,000 long declared ones cost bounded work", "[diagnostics][limits]") {
  // Outputs read an unknown name near a declared one (so that each has a suggestion). Only the
  // first kMaxErrors errors are reported, and only theirs are searched; each search is banded,
  // so the work is at most kMaxErrors × candidates × |word| × (2 × threshold + 1) cells.
  // (Comparing every name with every one in full took 21.6 s: ~10^10 cells.)
  const std::size_t n = 1000;
  auto policy = [&](std::size_t unknown) {
    std::string body = "facts\n  id: text, key\n";
    for (std::size_t i = 0; i < n; ++i) body += "  f" + std::string(100, 'x') + std::to_string(i) + ": int\n";
    body += "end\n";
    for (std::size_t i = 0; i < n; ++i) {
      body += "output o" + std::to_string(i) + " = " +
              (i < unknown ? "f" + std::string(99, 'x') + "y" + std::to_string(i) : std::string("1")) + "\n";
    }
    return test::with_header(body);
  };
  auto cells_of = [](const std::string& text, std::vector<Diagnostic>& diagnostics) {
    const std::size_t before = detail::suggestion_cells();
    diagnostics = compile_policy("unknown.kadenz", text).diagnostics;
    return detail::suggestion_cells() - before;
  };
  std::vector<Diagnostic> all, first;
  const std::size_t cells = cells_of(policy(n), all);
  REQUIRE(all.size() == detail::kMaxErrors);
  CHECK(all[0].code == "unknown-name");
  CHECK(all[0].help == "did you mean `f" + std::string(100, 'x') + "0`?");
  CHECK(all[49u].help == "did you mean `f" + std::string(100, 'x') + "49`?");
  const std::size_t word = 105, threshold = word / 3 + 1;
  CHECK(cells > 0);
  CHECK(cells <= detail::kMaxErrors * (n + n + 1) * word * (2 * threshold + 1));
  // The 950 errors that are not reported cost nothing: the same work as a policy with only the
  // 50 reported ones (and the same candidates).
  CHECK(cells_of(policy(detail::kMaxErrors), first) == cells);
  CHECK(first.size() == all.size());
}

namespace {

// The code points of UTF-8 text (the renderer's columns).
std::u32string code_points(const std::string& s) {
  std::u32string out;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    REQUIRE(i + n <= s.size());
    char32_t cp = n == 1 ? c : n == 2 ? (c & 0x1Fu) : n == 3 ? (c & 0x0Fu) : (c & 0x07u);
    for (std::size_t k = 1; k < n; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      REQUIRE((cc & 0xC0u) == 0x80u);  // cut only at character boundaries
      cp = (cp << 6) | (cc & 0x3Fu);
    }
    out += cp;
    i += n;
  }
  return out;
}

// The source line and the marker line of the first snippet in rendered text (without the
// `N | ` gutter), as code points.
std::pair<std::u32string, std::u32string> first_snippet(const std::string& rendered) {
  std::istringstream in(rendered);
  std::string line, source, marker;
  while (std::getline(in, line)) {
    const auto bar = line.find(" | ");
    if (bar != std::string::npos && line.find_first_not_of(' ') < bar) {
      source = line.substr(bar + 3);
      std::getline(in, marker);
      marker = marker.substr(marker.find(" | ") + 3);
      break;
    }
  }
  return {code_points(source), code_points(marker)};
}

}  // namespace

TEST_CASE("diagnostics: of a long line, a window of kMaxSnippetChars characters around the caret is shown",
          "[diagnostics][limits]") {
  const std::u32string ellipsis = U"\u2026";
  auto check_window = [&](const std::string& policy, const std::u32string& name, bool cut_before, bool cut_after) {
    const Compiled c = compile_policy("long.kadenz", test::with_header("facts\n  id: text, key\nend\n" + policy));
    REQUIRE_FALSE(c.diagnostics.empty());
    CHECK(c.diagnostics[0].code == "unknown-name");
    const std::string text = render_text(*c.source, {c.diagnostics[0]});
    INFO(text);
    CHECK(text.size() < 2000);
    const auto [source, marker] = first_snippet(text);
    CHECK(source.size() <= kMaxSnippetChars + 2);
    CHECK((source.substr(0, 1) == ellipsis) == cut_before);
    CHECK((source.substr(source.size() - 1) == ellipsis) == cut_after);
    // the caret is under the name, counted in characters
    const std::size_t at = marker.find(U'^');
    REQUIRE(at != std::u32string::npos);
    CHECK(marker.substr(at, name.size()) == std::u32string(name.size(), U'^'));
    CHECK(source.substr(at, name.size()) == name);
    // the JSON rendering carries places, not the line
    CHECK(render_json(*c.source, {c.diagnostics[0]}).size() < 1000);
  };
  const std::string a(2'000'000, 'a'), umlauts = [] {
    std::string u;
    for (int i = 0; i < 5000; ++i) u += "\xC3\xA4";  // ä: two bytes, one column
    return u;
  }();
  // a 3 MB line, the name in its middle: both ends cut
  check_window("output x = if \"" + a + "\" = \"a\" then nope else \"" + a.substr(0, 1'000'000) + "\"\n", U"nope", true, true);
  // umlauts before and after the name: the window is cut between characters
  check_window("output x = if \"" + umlauts + "\" = \"a\" then nope else \"" + umlauts + "\"\n", U"nope", true, true);
  // the name near the end of the line: only the start is cut
  check_window("output x = if \"" + umlauts + "\" = \"a\" then 1 else nope\n", U"nope", true, false);
  // the name near the start: only the end is cut
  check_window("output x = if nope then \"" + umlauts + "\" else \"b\"\n", U"nope", false, true);
  // a line of kMaxSnippetChars characters is shown whole
  const std::string fill(kMaxSnippetChars - std::string("output x = nope + \"\"").size(), 'b');
  check_window("output x = nope + \"" + fill + "\"\n", U"nope", false, false);
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
