// `kadenz lsp`, scripted: a JSON-RPC client (lsp_client.hpp) drives the real server process
// through every request it answers — initialize, didOpen, didChange, hover, definition,
// references, completion, documentSymbol, formatting, codeAction, shutdown/exit — and the limits
// that keep a hostile client or document from hanging it. Positions are computed by the test
// (lsp_client.hpp's position_of, UTF-16 like the protocol), not by the server's code.
#include "lsp_client.hpp"

#include <kadenz/kadenz.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

namespace {

using kadenz::test::file_uri;
using kadenz::test::Json;
using kadenz::test::LspClient;
using kadenz::test::position_of;
using kadenz::test::TempDir;

// An English policy whose last output misspells `status` after an umlaut and an emoji on the same
// line (a UTF-16 column differs from the byte and the code point column there).
const std::string kSmall = R"(policy "Klein"
  valid from 01.01.2017

facts
  id:           text, key
  status:       one of arbeitslos, ohne_status
  bfm:          bool
  last_contact: date
end

parameters
  follow_up = 3 months
end

table interval: months, hit first
  rule bfm §2.2.1
    when bfm
    then 1 month
  rule standard §2.2.4
    otherwise
    then follow_up
end

let due = last_contact + interval

output next_due = due
output note = "Größe 😀 {stauts}"
)";

std::string replace_first(std::string text, const std::string& from, const std::string& to) {
  text.replace(text.find(from), from.size(), to);
  return text;
}

Json at(const std::string& uri, const Json& position) {
  return {{"textDocument", {{"uri", uri}}}, {"position", position}};
}

// Applies one TextEdit (range in LSP positions) to `text`.
std::size_t offset_of(const std::string& text, const Json& p) {
  std::size_t line = 0, i = 0;
  while (line < p["line"].get<std::size_t>() && i < text.size()) {
    if (text[i++] == '\n') ++line;
  }
  for (std::size_t units = 0; units < p["character"].get<std::size_t>() && i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    const std::size_t width = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    units += width == 4 ? 2 : 1;
    i += width;
  }
  return i;
}
std::string apply(std::string text, const Json& edit) {
  const std::size_t b = offset_of(text, edit["range"]["start"]);
  const std::size_t e = offset_of(text, edit["range"]["end"]);
  return text.replace(b, e - b, edit["newText"].get<std::string>());
}

std::size_t errors_in(const Json& diagnostics) {
  return static_cast<std::size_t>(std::count_if(diagnostics["diagnostics"].begin(), diagnostics["diagnostics"].end(),
                                                [](const Json& d) { return d["severity"] == 1; }));
}

std::set<std::string> labels(const Json& completion) {
  std::set<std::string> out;
  for (const auto& item : completion["result"]["items"]) out.insert(item["label"].get<std::string>());
  return out;
}

}  // namespace

TEST_CASE("lsp: initialize announces the features, shutdown and exit end the server with 0", "[lsp]") {
  LspClient client;
  const Json init = client.initialize();
  const Json& caps = init["result"]["capabilities"];
  CHECK(caps["textDocumentSync"]["change"] == 1);
  for (const char* feature : {"hoverProvider", "definitionProvider", "referencesProvider", "completionProvider",
                              "documentSymbolProvider", "documentFormattingProvider", "codeActionProvider"}) {
    INFO(feature);
    CHECK(caps.contains(feature));
  }
  CHECK(client.request("shutdown", nullptr)["result"].is_null());
  client.notify("exit", nullptr);
  CHECK(client.finish() == 0);
}

TEST_CASE("lsp: exit without shutdown is 1, a request before initialize is refused, bad JSON is answered", "[lsp]") {
  LspClient client;
  const Json early = client.request("textDocument/hover", {{"textDocument", {{"uri", "file:///x"}}}});
  CHECK(early["error"]["code"] == -32002);
  client.send_raw("Content-Length: 9\r\n\r\n{not json");
  const Json bad = client.receive();
  CHECK(bad["error"]["code"] == -32700);
  client.initialize();
  const Json unknown = client.request("textDocument/rename", {{"textDocument", {{"uri", "file:///x"}}}});
  CHECK(unknown["error"]["code"] == -32601);
  const Json not_open = client.request("textDocument/hover", at("file:///nowhere.kadenz", {{"line", 0}, {"character", 0}}));
  CHECK(not_open["error"]["code"] == -32602);
  client.notify("exit", nullptr);
  CHECK(client.finish() == 1);
}

TEST_CASE("lsp: didOpen publishes the checker's diagnostics with UTF-16 ranges and a did-you-mean fix", "[lsp]") {
  TempDir dir;
  const std::string path = dir.write("klein.kadenz", kSmall);
  const std::string uri = file_uri(path);
  LspClient client;
  client.initialize();
  client.open(uri, kSmall);
  const Json published = client.diagnostics(uri);
  REQUIRE(published["diagnostics"].size() == 1);
  const Json& d = published["diagnostics"][0];
  CHECK(d["code"] == "unknown-name");
  CHECK(d["severity"] == 1);
  CHECK(d["source"] == "kadenz");
  // the English policy speaks English; the help is in the message
  CHECK(d["message"].get<std::string>().find("did you mean `status`?") != std::string::npos);
  CHECK(d["range"]["start"] == position_of(kSmall, "stauts"));
  CHECK(d["range"]["end"] == position_of(kSmall, "stauts", 6));
  // after `Größe 😀 {` the UTF-16 column is the code points plus one for the emoji's second unit
  CHECK(d["range"]["start"]["character"] == std::string("output note = \"Größe 😀 {").size() - 2 - 4 + 2);

  SECTION("codeAction offers the replacement, and applying it clears the error on didChange") {
    const Json actions = client.request(
        "textDocument/codeAction",
        {{"textDocument", {{"uri", uri}}}, {"range", d["range"]}, {"context", {{"diagnostics", Json::array({d})}}}});
    REQUIRE(actions["result"].size() == 1);
    const Json& action = actions["result"][0];
    CHECK(action["kind"] == "quickfix");
    CHECK(action["title"] == "replace with `status`");
    const Json& edits = action["edit"]["changes"][uri];
    REQUIRE(edits.size() == 1);
    const std::string fixed = apply(kSmall, edits[0]);
    CHECK(fixed == replace_first(kSmall, "{stauts}", "{status}"));
    client.change(uri, fixed, 2);
    const Json after = client.diagnostics(uri);
    CHECK(after["version"] == 2);
    CHECK(errors_in(after) == 0);
  }
  client.request("shutdown", nullptr);
  client.notify("exit", nullptr);
  CHECK(client.finish() == 0);
}

TEST_CASE("lsp: codeAction adds `or empty` to a fact that `is empty` tests", "[lsp]") {
  std::string text = replace_first(replace_first(kSmall, "{stauts}", "{status}"), "output next_due = due",
                                   "output next_due = if last_contact is empty then due else last_contact + interval");
  text = replace_first(text, "let due = last_contact + interval", "let due = as_of + interval");
  LspClient client;
  client.initialize();
  const std::string uri = "untitled:Policy-1";  // an unsaved buffer: no file behind it
  client.open(uri, text);
  const Json published = client.diagnostics(uri);
  REQUIRE(published["diagnostics"].size() == 1);
  const Json& d = published["diagnostics"][0];
  CHECK(d["code"] == "not-optional");
  REQUIRE(d["relatedInformation"].size() == 1);  // where the fact is declared
  CHECK(d["relatedInformation"][0]["location"]["range"]["start"] == position_of(text, "last_contact: date"));
  const Json actions = client.request("textDocument/codeAction",
                                      {{"textDocument", {{"uri", uri}}}, {"range", d["range"]}, {"context", Json::object()}});
  REQUIRE(actions["result"].size() == 1);
  const std::string fixed = apply(text, actions["result"][0]["edit"]["changes"][uri][0]);
  CHECK(fixed == replace_first(text, "last_contact: date", "last_contact: date or empty"));
  client.change(uri, fixed, 2);
  CHECK(errors_in(client.diagnostics(uri)) == 0);
}

TEST_CASE("lsp: the analyzer's findings come with their example customer", "[lsp]") {
  // a gap: no rule for a customer who is neither bfm nor ohne_status
  const std::string text = replace_first(replace_first(replace_first(kSmall, "{stauts}", "{status}"), "    otherwise\n",
                                                       "    when status = ohne_status\n"),
                                         "hit first", "hit first");
  LspClient client;
  client.initialize();
  const std::string uri = "untitled:gap";
  client.open(uri, text);
  const Json published = client.diagnostics(uri);
  bool gap = false;
  for (const auto& d : published["diagnostics"]) {
    if (d["code"] != "gap") continue;
    gap = true;
    const std::string message = d["message"].get<std::string>();
    CHECK(message.find("example (as_of 2017-01-01): ") != std::string::npos);
    CHECK(message.find("status=arbeitslos") != std::string::npos);
    CHECK(message.find("bfm=false") != std::string::npos);
    CHECK(d["range"]["start"] == position_of(text, "interval: months"));
  }
  CHECK(gap);
}

TEST_CASE("lsp: hover, definition and references on the Coburg policy", "[lsp]") {
  const std::string path = kadenz::test::source_path("policies/coburg-land-2017.kadenz");
  const std::string text = kadenz::test::read_file(path);
  const std::string uri = file_uri(path);
  LspClient client;
  client.initialize();
  client.open(uri, text);
  CHECK(errors_in(client.diagnostics(uri)) == 0);
  const auto hover = [&](const std::string& needle, std::size_t skip) {
    const Json r = client.request("textDocument/hover", at(uri, position_of(text, needle, skip)));
    return r["result"].is_null() ? std::string() : r["result"]["contents"]["value"].get<std::string>();
  };
  // a fact: its type and column (German: the policy is written in German keywords)
  const std::string fact = hover("wenn u25 und status = arbeitslos", 15);
  CHECK(fact.find("Fakt `status`: eins von arbeitslos, arbeitsuchend, ohne_status") != std::string::npos);
  CHECK(fact.find("Spalte `status`") != std::string::npos);
  // a parameter: its value
  CHECK(hover("prep_minutes      =", 2).find("Parameter `prep_minutes` = 10 Minuten") != std::string::npos);
  // a rule: its table and directive section
  CHECK(hover("regel marktfern", 8).find("Regel `marktfern` der Tabelle `base_interval`, Abschnitt §2.2.3") !=
        std::string::npos);
  // a let, where it is used: its definition as written
  const std::string let = hover("sei u25 = age < 25", 10);
  CHECK(let.find("Definition `age`: zahl") != std::string::npos);
  CHECK(let.find("sei age = years_between(birth_date, as_of)") != std::string::npos);
  // nothing under a comment
  CHECK(hover("# Kundennummer", 3).empty());

  // definition: the use of u25 leads to `sei u25`
  const Json def = client.request("textDocument/definition", at(uri, position_of(text, "wenn u25 und", 6)));
  CHECK(def["result"]["uri"] == uri);
  CHECK(def["result"]["range"]["start"] == position_of(text, "u25 = age"));
  // references: every use of `massnahme` (the fact; not the rule of that name), with the declaration
  const Json refs = client.request("textDocument/references",
                                   {{"textDocument", {{"uri", uri}}},
                                    {"position", position_of(text, "massnahme:", 1)},
                                    {"context", {{"includeDeclaration", true}}}});
  std::size_t uses = 0;
  for (std::size_t at_ = text.find("und massnahme"); at_ != std::string::npos; at_ = text.find("und massnahme", at_ + 1)) ++uses;
  CHECK(refs["result"].size() == uses + 1);
  const Json without = client.request("textDocument/references",
                                      {{"textDocument", {{"uri", uri}}},
                                       {"position", position_of(text, "massnahme:", 1)},
                                       {"context", {{"includeDeclaration", false}}}});
  CHECK(without["result"].size() == uses);
}

TEST_CASE("lsp: definition of `extends` opens the base file, of a base's name its declaration there", "[lsp]") {
  kadenz::test::WhatifFiles files;
  const std::string text = kadenz::test::read_file(files.variant);
  const std::string uri = file_uri(files.variant);
  LspClient client;
  client.initialize();
  client.open(uri, text);
  CHECK(errors_in(client.diagnostics(uri)) == 0);
  const Json base = client.request("textDocument/definition", at(uri, position_of(text, "coburg.kadenz", 2)));
  CHECK(base["result"]["uri"] == file_uri(files.base));
  CHECK(base["result"]["range"]["start"] == Json{{"line", 0}, {"character", 0}});
}

TEST_CASE("lsp: completion offers keywords of the file's language, names, values and units", "[lsp]") {
  const std::string path = kadenz::test::source_path("policies/coburg-land-2017.kadenz");
  const std::string original = kadenz::test::read_file(path);
  const std::string uri = file_uri(path);
  LspClient client;
  client.initialize();
  // a new line being typed at the end: the text does not parse, the last analysis still answers
  const auto complete = [&](const std::string& typed, int version) {
    const std::string text = original + typed;
    client.change(uri, text, version);
    const Json p{{"line", std::count(text.begin(), text.end(), '\n')}, {"character", typed.size()}};
    return labels(client.request("textDocument/completion", at(uri, p)));
  };
  client.open(uri, original);
  const auto anywhere = complete("ausgabe x = ", 2);
  // after `=` with no name before it: every enumeration value (no name to narrow them)
  CHECK(anywhere.count("arbeitslos") == 1);
  const auto words = complete("warne wenn ", 3);
  CHECK(words.count("wenn") == 1);
  CHECK(words.count("tabelle") == 1);
  CHECK(words.count("when") == 0);  // not the other language
  CHECK(words.count("birth_date") == 1);    // a fact
  CHECK(words.count("max_extension") == 1);  // a parameter
  CHECK(words.count("years_between") == 1);  // a built-in function
  const auto values = complete("warne wenn status = ", 4);
  CHECK(values == std::set<std::string>{"arbeitslos", "arbeitsuchend", "ohne_status"});
  const auto in_set = complete("warne wenn foerderung in {keine, ", 5);
  CHECK(in_set == std::set<std::string>{"keine", "EGZ", "FAV"});
  const auto units = complete("ausgabe y = 6 ", 6);
  CHECK(units.count("Monate") == 1);
  CHECK(units.count("months") == 0);
}

TEST_CASE("lsp: documentSymbol lists facts, tables with their rules and outputs", "[lsp]") {
  TempDir dir;
  const std::string text = replace_first(kSmall, "{stauts}", "{status}");
  const std::string uri = file_uri(dir.write("klein.kadenz", text));
  LspClient client;
  client.initialize();
  client.open(uri, text);
  const Json symbols = client.request("textDocument/documentSymbol", {{"textDocument", {{"uri", uri}}}})["result"];
  std::vector<std::string> names;
  for (const auto& s : symbols) names.push_back(s["name"].get<std::string>());
  CHECK(names == std::vector<std::string>{"id", "status", "bfm", "last_contact", "follow_up", "due", "interval",
                                          "next_due", "note"});
  const Json& table = symbols[6];
  CHECK(table["kind"] == 23);
  REQUIRE(table["children"].size() == 2);
  CHECK(table["children"][0]["name"] == "bfm");
  CHECK(table["children"][0]["detail"] == "§2.2.1");
  CHECK(table["children"][1]["selectionRange"]["start"] == position_of(text, "standard"));

  // a test inside the policy is listed too, by its name, with its `as of`
  const std::string tested = text + "\ntest \"first customer\"\n  as of 2017-03-01\nend\n";
  client.change(uri, tested, 2);
  const Json again = client.request("textDocument/documentSymbol", {{"textDocument", {{"uri", uri}}}})["result"];
  REQUIRE(again.size() == symbols.size() + 1);
  CHECK(again.back()["name"] == "first customer");
  CHECK(again.back()["kind"] == 24);
  CHECK(again.back()["detail"] == "2017-03-01");
}

TEST_CASE("lsp: formatting returns what `kadenz fmt` writes", "[lsp]") {
  TempDir dir;
  const std::string messy = replace_first(replace_first(kSmall, "{stauts}", "{status}"), "  rule bfm", "      rule    bfm");
  const std::string path = dir.write("messy.kadenz", messy);
  const auto fmt = kadenz::test::run_kadenz(dir, "fmt " + kadenz::test::sh(path));
  REQUIRE(fmt.code == 0);
  REQUIRE(fmt.out != messy);
  LspClient client;
  client.initialize();
  client.open(file_uri(path), messy);
  const Json edits = client.request("textDocument/formatting",
                                    {{"textDocument", {{"uri", file_uri(path)}}}, {"options", {{"tabSize", 2}, {"insertSpaces", true}}}});
  REQUIRE(edits["result"].size() == 1);
  CHECK(apply(messy, edits["result"][0]) == fmt.out);
  // formatted text: no edit
  client.change(file_uri(path), fmt.out, 2);
  CHECK(client.request("textDocument/formatting", {{"textDocument", {{"uri", file_uri(path)}}}, {"options", Json::object()}})["result"].empty());
}

TEST_CASE("lsp: limits — a huge message is refused and skipped, a huge document gets the size diagnostic", "[lsp][limits]") {
  LspClient client;
  client.initialize();
  // a message above kMaxMessageBytes (6 × 4 MiB + 1 MiB): answered with an error, then the server goes on
  const std::size_t size = 6 * (4u << 20) + (1u << 20) + 1;
  client.send_raw("Content-Length: " + std::to_string(size) + "\r\n\r\n" + std::string(size, ' '));
  const Json refused = client.receive();
  CHECK(refused["error"]["code"] == -32600);
  CHECK(refused["error"]["message"].get<std::string>().find(std::to_string(size)) != std::string::npos);
  // a document above kMaxPolicyBytes: the parser's size error, quickly
  const std::string huge = "policy \"x\"\n" + std::string(4u << 20, '#') + "\n";
  client.open("untitled:huge", huge);
  const Json d = client.diagnostics("untitled:huge");
  REQUIRE(d["diagnostics"].size() == 1);
  CHECK(d["diagnostics"][0]["code"] == "limit");
  // still answering
  CHECK(client.request("shutdown", nullptr)["result"].is_null());
}

// A ranged didChange (as a client that ignores our full-sync capability sends it).
Json ranged(const std::string& uri, int version, Json start, Json end, const std::string& text) {
  return {{"textDocument", {{"uri", uri}, {"version", version}}},
          {"contentChanges", Json::array({{{"range", {{"start", std::move(start)}, {"end", std::move(end)}}}, {"text", text}}})}};
}

TEST_CASE("lsp: limits — a change that would pass kMaxPolicyBytes keeps the old text and says why", "[lsp][limits]") {
  for (const std::string lang : {"en", "de"}) {
    LspClient client(lang);
    client.initialize();
    const std::string uri = "untitled:grow";
    client.open(uri, kSmall);
    CHECK(client.diagnostics(uri)["diagnostics"].size() == 1);  // `stauts`
    // ranged inserts of 900 KB each: the fifth would make the text larger than 4 MiB
    const std::string chunk = "# " + std::string(900'000, 'x') + "\n";
    for (int i = 0; i < 5; ++i)
      client.notify("textDocument/didChange", ranged(uri, 2 + i, {{"line", 0}, {"character", 0}}, {{"line", 0}, {"character", 0}}, chunk));
    const Json d = client.diagnostics_at(uri, 6);
    REQUIRE(d["diagnostics"].size() == 1);
    CHECK(d["diagnostics"][0]["code"] == "limit");
    CHECK(d["version"] == 6);
    const std::string message = d["diagnostics"][0]["message"].get<std::string>();
    CHECK(message.find(std::to_string(4u << 20)) != std::string::npos);
    CHECK(message.find(lang == "de" ? "nicht übernommen" : "not applied") != std::string::npos);
    // a further ranged change is about a text the server does not have: refused too
    client.notify("textDocument/didChange", ranged(uri, 7, {{"line", 0}, {"character", 0}}, {{"line", 0}, {"character", 0}}, "x"));
    CHECK(client.request("textDocument/hover", at(uri, position_of(kSmall, "due = last"))).contains("result"));
    // a full text that fits is taken, and analysed again
    client.change(uri, replace_first(kSmall, "stauts", "status"), 8);
    CHECK(client.request("textDocument/hover", at(uri, position_of(kSmall, "due = last")))["result"].is_object());
    const Json fixed = client.diagnostics_at(uri, 8);
    CHECK(fixed["version"] == 8);
    for (const Json& f : fixed["diagnostics"]) CHECK(f["code"] != "limit");
    CHECK(client.request("shutdown", nullptr)["result"].is_null());
  }
}

TEST_CASE("lsp: limits — a document opened past kMaxOpenDocuments is not kept and says why", "[lsp][limits]") {
  LspClient client;
  client.initialize();
  constexpr int kLimit = 64;  // kMaxOpenDocuments (interpreter/lsp/server.hpp)
  for (int i = 0; i < kLimit; ++i) client.open("untitled:d" + std::to_string(i), "policy \"x\"\n");
  client.open("untitled:one-too-many", kSmall);
  const Json d = client.diagnostics("untitled:one-too-many");
  REQUIRE(d["diagnostics"].size() == 1);
  CHECK(d["diagnostics"][0]["code"] == "limit");
  CHECK(d["diagnostics"][0]["message"].get<std::string>().find("64") != std::string::npos);
  CHECK(client.request("textDocument/hover", at("untitled:one-too-many", {{"line", 0}, {"character", 0}}))["error"]["code"] == -32602);
  // reopening a document already open is no new one; after a close there is room again
  client.open("untitled:d0", kSmall, 2);
  CHECK(client.request("textDocument/hover", at("untitled:d0", position_of(kSmall, "due = last")))["result"].is_object());
  client.notify("textDocument/didClose", {{"textDocument", {{"uri", "untitled:d1"}}}});
  client.open("untitled:one-too-many", kSmall);
  const Json kept = client.diagnostics("untitled:one-too-many");
  REQUIRE(kept["diagnostics"].size() == 1);
  CHECK(kept["diagnostics"][0]["code"] != "limit");
  CHECK(client.request("shutdown", nullptr)["result"].is_null());
}

TEST_CASE("lsp: a position that is not a whole number from 0 is InvalidParams, a huge one is clamped", "[lsp][limits]") {
  LspClient client;
  client.initialize();
  const std::string uri = "untitled:p";
  client.open(uri, kSmall);
  for (const Json& bad : {Json(1e300), Json(1.5), Json(-1), Json("3"), Json(nullptr)}) {
    const Json r = client.request("textDocument/hover", at(uri, {{"line", bad}, {"character", 0}}));
    CHECK(r["error"]["code"] == -32602);
    CHECK(r["error"]["message"].get<std::string>().find("`line`") != std::string::npos);
    const Json c = client.request("textDocument/completion", at(uri, {{"line", 0}, {"character", bad}}));
    CHECK(c["error"]["code"] == -32602);
  }
  // larger than 32 bits: the end of the text (nothing there)
  CHECK(client.request("textDocument/hover", at(uri, {{"line", std::uint64_t{1} << 40}, {"character", 0}}))["result"].is_null());
  // a float in a ranged change: the change is dropped, the text stays
  client.notify("textDocument/didChange", ranged(uri, 2, {{"line", 1e300}, {"character", 0}}, {{"line", 0}, {"character", 0}}, "garbage"));
  CHECK(client.request("textDocument/hover", at(uri, position_of(kSmall, "due = last")))["result"].is_object());
  CHECK(client.request("shutdown", nullptr)["result"].is_null());
}

TEST_CASE("lsp: a header that is not Content-Length ends the server with an error", "[lsp]") {
  LspClient client;
  client.send_raw("Hello: world\r\n\r\n");
  CHECK(client.receive()["error"]["code"] == -32600);
  CHECK(client.finish() == 1);
}

TEST_CASE("lsp: the checker's other hints carry a fix that makes the policy compile", "[lsp][hints]") {
  const std::string base = replace_first(kSmall, "{stauts}", "{status}");
  struct Case {
    const char* what;
    std::string text;
    const char* code;
    const char* fixed;  // the text the fix writes
  };
  const Case cases[] = {
      {"a parameter without its unit", replace_first(base, "follow_up = 3 months", "follow_up = 3"),
       "parameter-without-unit", "3 months"},
      {"a quoted enumeration value", replace_first(base, "    when bfm\n", "    when status = \"arbeitslos\"\n"),
       "quoted-enum-value", "arbeitslos"},
      {"a date read as a subtraction",
       replace_first(base, "    when bfm\n", "    when bfm and last_contact > 2017-1-31\n"), "date-as-subtraction",
       "2017-01-31"},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    const kadenz::Compiled first = kadenz::compile_policy("p.kadenz", c.text);
    REQUIRE(first.diagnostics.size() == 1);
    const kadenz::Diagnostic& d = first.diagnostics[0];
    CHECK(d.code == c.code);
    REQUIRE(d.fixes.size() == 1);
    CHECK(d.fixes[0].text == c.fixed);
    std::string fixed = c.text;
    fixed.replace(d.fixes[0].span.begin, d.fixes[0].span.end - d.fixes[0].span.begin, d.fixes[0].text);
    const kadenz::Compiled second = kadenz::compile_policy("p.kadenz", fixed);
    INFO(kadenz::render_text(*second.source, second.diagnostics));
    CHECK(second.ok());
  }
}
