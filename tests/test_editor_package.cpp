// The VS Code package in editors/vscode/: its TextMate grammar names every word of the vocabulary
// (stdlib/vocabulary.hpp) in both keyword languages and no other, so highlighting cannot drift from
// the language; the manifest points at files that exist, and the client starts `kadenz lsp`.
#include "support.hpp"

#include "stdlib/vocabulary.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <set>
#include <string>

namespace {

using Json = nlohmann::json;

Json read_json(const std::string& relative) {
  return Json::parse(kadenz::test::read_file(kadenz::test::source_path(relative)));
}

// The words of a grammar rule written as (?<!…)(?:w1|w2|…)(?!…), unescaped (`kein\s+Wert` is
// `kein Wert`).
std::set<std::string> words_of(const Json& grammar, const std::string& rule) {
  const std::string match = grammar["repository"][rule]["match"].get<std::string>();
  const auto open = match.find("(?:");
  const auto close = match.find(")(?!");
  REQUIRE(open != std::string::npos);
  REQUIRE(close != std::string::npos);
  std::set<std::string> words;
  std::string word;
  const std::string list = match.substr(open + 3, close - open - 3);
  for (std::size_t i = 0; i <= list.size(); ++i) {
    if (i == list.size() || list[i] == '|') {
      words.insert(word);
      word.clear();
    } else if (list.compare(i, 3, "\\s+") == 0) {
      word += ' ';
      i += 2;
    } else if (list[i] == '\\' && i + 1 < list.size()) {
      word += list[++i];
    } else {
      word += list[i];
    }
  }
  return words;
}

}  // namespace

TEST_CASE("editor package: the grammar highlights exactly the vocabulary of both keyword languages", "[editor]") {
  using namespace kadenz::detail;
  const Json grammar = read_json("editors/vscode/syntaxes/kadenz.tmLanguage.json");
  CHECK(grammar["scopeName"] == "source.kadenz");
  std::set<std::string> reserved, contextual, units, types, hits;
  for (const auto& k : kKeywords) (k.reserved ? reserved : contextual).insert(std::string(k.text));
  for (const auto& u : kUnits) units.insert(std::string(u.text));
  for (const auto& t : kTypeNames) types.insert(std::string(t.text));
  for (const auto& h : kHitNames) hits.insert(std::string(h.text));
  CHECK(words_of(grammar, "keyword") == reserved);
  CHECK(words_of(grammar, "contextual") == contextual);
  CHECK(words_of(grammar, "unit") == units);
  CHECK(words_of(grammar, "type") == types);
  CHECK(words_of(grammar, "hit") == hits);
  // both languages are there
  CHECK(reserved.count("wenn") == 1);
  CHECK(reserved.count("when") == 1);
  CHECK(reserved.count("kein Wert") == 1);
}

TEST_CASE("editor package: the manifest's files exist and the client starts `kadenz lsp`", "[editor]") {
  namespace fs = std::filesystem;
  const Json package = read_json("editors/vscode/package.json");
  const std::string root = kadenz::test::source_path("editors/vscode/");
  CHECK(fs::exists(root + package["main"].get<std::string>()));
  const Json& language = package["contributes"]["languages"][0];
  CHECK(language["extensions"] == Json::array({".kadenz"}));
  CHECK(fs::exists(root + language["configuration"].get<std::string>()));
  CHECK(fs::exists(root + package["contributes"]["grammars"][0]["path"].get<std::string>()));
  CHECK(package["dependencies"].contains("vscode-languageclient"));
  const Json configuration = read_json("editors/vscode/language-configuration.json");
  CHECK(configuration["comments"]["lineComment"] == "#");
  const std::string extension = kadenz::test::read_file(root + "extension.js");
  CHECK(extension.find("require('vscode-languageclient/node')") != std::string::npos);
  CHECK(extension.find("['lsp']") != std::string::npos);
}
