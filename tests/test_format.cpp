// `kadenz fmt` (interpreter/format): the canonical layout is idempotent, changes nothing but
// whitespace and keyword spelling, decides keywords by their place in the grammar, and its
// translations en -> de -> en (and de -> en -> de) give every repository policy back byte for byte.
#include "interpreter/format/format.hpp"
#include "run_cli.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using kadenz::detail::format_policy;
using kadenz::detail::Lang;

std::string fmt(const std::string& text, std::optional<Lang> lang = std::nullopt) {
  const auto f = format_policy(text, "policy", lang);
  INFO(text);
  REQUIRE(f.ok);
  return f.text;
}

// The whitespace-separated chunks of `text` after the keyword-like words the grammar found in it
// are respelled as `lang` wants: what the formatter may produce apart from whitespace.
std::vector<std::string> expected_chunks(const std::string& text, std::optional<Lang> lang) {
  const auto places = kadenz::detail::keyword_places(text, lang);
  REQUIRE(places);
  std::string respelled;
  std::size_t pos = 0;
  for (const auto& p : *places) {
    respelled += text.substr(pos, p.offset - pos) + p.canonical;
    pos = p.offset + p.length;
  }
  respelled += text.substr(pos);
  std::istringstream in(respelled);
  std::vector<std::string> chunks;
  for (std::string w; in >> w;) chunks.push_back(w);
  return chunks;
}

std::vector<std::string> chunks(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

// Every .kadenz file of the repository outside fuzz/ and build trees, relative paths, sorted.
std::vector<std::string> repository_policies() {
  std::vector<std::string> out;
  const fs::path root(KADENZ_SOURCE_DIR);
  for (const char* top : {"policies", "examples", "tests"}) {
    for (const auto& e : fs::recursive_directory_iterator(root / top)) {
      if (e.is_regular_file() && e.path().extension() == ".kadenz") out.push_back(fs::relative(e.path(), root).string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("fmt: the shipped policies are in canonical form", "[format]") {
  for (const char* rel : {"policies/coburg-land-2017.kadenz", "examples/whatif/6mm-auf-12.kadenz",
                          "examples/whatif/marktnah-monatlich.kadenz", "examples/whatif/vorbereitung-15.kadenz"}) {
    const std::string text = kadenz::test::read_file(kadenz::test::source_path(rel));
    const std::string out = fmt(text);
    INFO(rel << ": first different line " << kadenz::detail::first_different_line(text, out) << "\n" << out);
    CHECK(out == text);
  }
}

TEST_CASE("fmt: every repository policy round-trips en -> de -> en and de -> en -> de", "[format]") {
  std::size_t checked = 0, skipped = 0;
  for (const auto& rel : repository_policies()) {
    const std::string text = kadenz::test::read_file(kadenz::test::source_path(rel));
    const auto f = format_policy(text, rel, std::nullopt);
    if (!f.ok) {
      // Only a file with a syntax error may be skipped.
      INFO(rel);
      CHECK(std::any_of(f.diagnostics.begin(), f.diagnostics.end(), [](const auto& d) {
        return d.code == "syntax" || d.code == "encoding" || d.code == "limit";
      }));
      ++skipped;
      continue;
    }
    ++checked;
    INFO(rel);
    CHECK(f.text == text);  // every repository policy is in canonical form
    CHECK(fmt(f.text) == f.text);
    const std::string de = fmt(text, Lang::de);
    const std::string en = fmt(de, Lang::en);
    CHECK(en == text);
    CHECK(fmt(en, Lang::de) == de);
    CHECK(fmt(de) == de);
    // Nothing but whitespace and keyword spelling changes.
    CHECK(chunks(f.text) == expected_chunks(text, std::nullopt));
    CHECK(chunks(de) == expected_chunks(text, Lang::de));
    CHECK(chunks(en) == expected_chunks(de, Lang::en));
  }
  std::printf("fmt round trip: %zu repository policies checked, %zu skipped (syntax errors)\n", checked, skipped);
  CHECK(checked > 10);
}
