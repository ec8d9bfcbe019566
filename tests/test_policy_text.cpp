// Policy text at the boundary: only UTF-8 without NUL is parsed (the first bad byte is an
// `encoding` error at its place), a byte order mark is skipped, names are compared in NFC, and
// the diagnostic renderer writes valid UTF-8 whatever it is given, a bounded window of a long line.
#include "run_cli.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

#include "grammar/keywords.hpp"
#include "stdlib/utf8.hpp"

#include <fmt/format.h>

#include <sstream>
#include <string>

using namespace kadenz;
using namespace kadenz::test;

namespace {

std::string text_of(const Compiled& c) { return render_text(*c.source, c.diagnostics); }
std::string json_of(const Compiled& c) { return render_json(*c.source, c.diagnostics); }

// A small complete policy; `status_value` is the enumeration value a rule compares with.
std::string policy_with(const std::string& fact_name, const std::string& use_name, const std::string& declared,
                        const std::string& used) {
  return with_header(fmt::format("facts\n  id: text, key\n  {}: one of {}, andere\nend\n"
                                 "table interval: months, hit first\n"
                                 "  rule a §1 when {} = {} then 1 month\n"
                                 "  rule b §2 otherwise then 3 months\nend\n"
                                 "output interval_months = interval\n",
                                 fact_name, declared, use_name, used));
}

// The longest line of `s`, in bytes.
std::size_t longest_line(const std::string& s) {
  std::istringstream in(s);
  std::size_t n = 0;
  for (std::string line; std::getline(in, line);) n = std::max(n, line.size());
  return n;
}

}  // namespace

TEST_CASE("policy text: invalid UTF-8 and NUL are refused at their line and column", "[utf8][diagnostics]") {
  const std::string head = with_header("facts\n  id: text, key\n");
  const struct {
    std::string bad;
    const char* message;
    int column;
  } cases[] = {
      {"Gr\xfc" "n", "invalid UTF-8 byte; save the file as UTF-8", 7},      // Windows-1252 ü
      {"x\xe0\x83\x83y", "invalid UTF-8 byte; save the file as UTF-8", 6},  // overlong: was a letter
      {"\xed\xa0\x80", "invalid UTF-8 byte; save the file as UTF-8", 5},    // a UTF-16 surrogate
      {std::string("ab\0cd", 5), "NUL byte in the policy text", 7},
  };
  for (const auto& c : cases) {
    INFO(c.message);
    const std::string text = head + "  na" + c.bad + ": text\nend\n";
    const Compiled compiled = compile_policy("p.kadenz", text);
    REQUIRE_FALSE(compiled.ok());
    const std::string shown = text_of(compiled);
    const std::string json = json_of(compiled);
    CHECK_THAT(shown, Catch::Contains(std::string("error[encoding]: ") + c.message));
    CHECK_THAT(shown, Catch::Contains(fmt::format("p.kadenz:5:{}", c.column)));
    // the whole report is valid UTF-8 and goes on after the bad byte (no NUL ends it early)
    CHECK(utf8::is_valid(shown));
    CHECK(shown.find('\0') == std::string::npos);
    CHECK_THAT(shown, Catch::Contains("1 error, 0 warnings"));
    CHECK(utf8::is_valid(json));
    CHECK_THAT(json, Catch::Contains("\"code\":\"encoding\""));
  }
  CHECK_THAT(text_of(compile_policy("p.kadenz", std::string("\xff\xfep\0o\0", 6))),
             Catch::Contains("the text is UTF-16; save the file as UTF-8"));
  // --set values are text of the compile too
  CompileOptions o;
  o.set = {{"prep\xfc", "1"}};
  const Compiled set = compile_policy_file(source_path("policies/coburg-land-2017.kadenz"), o);
  CHECK_THAT(text_of(set), Catch::Contains("error[encoding]") && Catch::Contains("--set:1:11"));
  CHECK(utf8::is_valid(text_of(set)));
}

TEST_CASE("policy text: an overlong or invalid sequence is no letter of a name", "[utf8]") {
  const std::string overlong = "\xe0\x83\x83";  // C3 (Ã) in three bytes
  CHECK(detail::scan_word(overlong.data(), overlong.data() + overlong.size()) == 0);
  const std::string umlaut = "\xc3\xbc" "ber";
  CHECK(detail::scan_word(umlaut.data(), umlaut.data() + umlaut.size()) == umlaut.size());
  const std::string cut = "a\xc3";  // a character cut at the end of the text
  CHECK(detail::scan_word(cut.data(), cut.data() + cut.size()) == 1);
  const std::string mark = "\xcc\x88u";  // a combining mark does not start a word
  CHECK(detail::scan_word(mark.data(), mark.data() + mark.size()) == 0);
}

TEST_CASE("policy text: the CLI refuses a policy that is not UTF-8 with valid UTF-8 messages", "[utf8][cli]") {
  TempDir dir;
  const std::string policy = dir.write("p.kadenz", with_header("# Gr\xfc\xdf" "e aus Coburg\n"));
  for (const char* format : {"text", "json"}) {
    const Result r = run_kadenz(dir, std::string("check --format ") + format + " " + sh(policy));
    CHECK(r.code == 2);
    CHECK(utf8::is_valid(r.out + r.err));
    CHECK_THAT(r.out + r.err, Catch::Contains("invalid UTF-8 byte; save the file as UTF-8"));
  }
  CHECK_THAT(run_kadenz(dir, "check " + sh(policy)).err, Catch::Contains("p.kadenz:3:5"));
}

TEST_CASE("policy text: a byte order mark at the start is skipped, also in places and columns", "[utf8]") {
  const std::string plain = policy_with("status", "status", "arbeitslos", "arbeitslos");
  const Compiled bom = compile_policy("p.kadenz", "\xEF\xBB\xBF" + plain);
  INFO(text_of(bom));
  CHECK(bom.ok());
  // a mistake on line 1: the same line and column, the same line shown, with or without the mark
  const std::string bad = "policy 5\n";
  const Compiled without = compile_policy("p.kadenz", bad);
  const Compiled with = compile_policy("p.kadenz", "\xEF\xBB\xBF" + bad);
  CHECK_THAT(text_of(with), Catch::Contains("p.kadenz:1:8"));
  CHECK(text_of(with) == text_of(without));
  // a base with a byte order mark is a policy too
  TempDir dir;
  dir.write("base.kadenz", "\xEF\xBB\xBF" + plain);
  const Compiled variant = compile_policy_file(dir.write("v.kadenz", "extends \"base.kadenz\"\n"));
  INFO(text_of(variant));
  CHECK(variant.ok());
}

TEST_CASE("policy text: names and enumeration values are the same in NFC and NFD", "[utf8][nfc]") {
  const std::string nfc = "unterst\xc3\xbctzungsprofil";   // ü as one character
  const std::string nfd = "unterstu\xcc\x88tzungsprofil";  // u + combining diaeresis (macOS)
  const std::string fact_nfc = "pr\xc3\xbc" "fung", fact_nfd = "pru\xcc\x88" "fung";
  for (const auto& [declared, used] : {std::pair{nfc, nfd}, std::pair{nfd, nfc}}) {
    const Compiled c = compile_policy("p.kadenz", policy_with(fact_nfc, fact_nfd, declared, used));
    INFO(text_of(c));
    REQUIRE(c.ok());
    const Policy policy = c.policy();
    CHECK(policy.find_fact(fact_nfc) < policy.fact_count());
    Evaluator ev(policy);
    ev.reset();
    CHECK(ev.set(policy.find_fact("id"), "K1"));
    CHECK(ev.set(policy.find_fact(fact_nfc), nfc));
    const Decision& d = ev.evaluate({2017, 3, 1});
    INFO(d.error);
    REQUIRE(d.decided);
    CHECK(d.rule == "a");
  }
}

TEST_CASE("policy text: the renderer writes valid UTF-8 and no NUL, whatever it is given", "[utf8][diagnostics]") {
  // a SourceFile a host made itself: the renderer must not trust it
  SourceFile file{"bad\xffname", std::string("ab\xff\x80" "cd\0ef x\n", 11), {}};
  Diagnostic d;
  d.code = "test";
  d.message = std::string("mess\xc3" "age\0tail", 13);
  d.span = Span{5, 6};  // the `d`
  d.help = "h\xe0\x83\x83";
  const std::string text = render_text(file, {d});
  CHECK(utf8::is_valid(text));
  CHECK(text.find('\0') == std::string::npos);
  CHECK_THAT(text, Catch::Contains("tail"));  // not cut at the NUL
  // each bad byte is one column, shown as one U+FFFD, so the caret stays under the `d`
  CHECK_THAT(text, Catch::Contains("1:6") &&
                       Catch::Contains("1 | ab\xEF\xBF\xBD\xEF\xBF\xBD" "cd\xEF\xBF\xBD" "ef x\n  |      ^\n"));
  const std::string json = render_json(file, {d});
  CHECK(utf8::is_valid(json));
}

TEST_CASE("policy text: a diagnostic on a 3 MB line shows a bounded window on character boundaries",
          "[utf8][diagnostics][limits]") {
  // a 3 MB text of two-byte characters with a mistake in the middle of its line
  std::string line = "output o = \"";
  for (int i = 0; i < 750000; ++i) line += "\xc3\xbc";
  line += "\" @ ";
  for (int i = 0; i < 750000; ++i) line += "\xc3\xa4";
  const Compiled c = compile_policy("p.kadenz", with_header(line + "\n"));
  REQUIRE_FALSE(c.ok());
  const std::string text = text_of(c);
  INFO(text.substr(0, 2000));
  CHECK_THAT(text, Catch::Contains("p.kadenz:3:"));
  CHECK(utf8::is_valid(text));
  CHECK(text.size() < 3000);
  // the shown line: at most kMaxSnippetChars characters and the two `…`, 2 bytes each at most
  CHECK(longest_line(text) <= 3 * 2 + 2 * kMaxSnippetChars + 16);
  CHECK(json_of(c).size() < 3000);  // JSON never holds source text
}
