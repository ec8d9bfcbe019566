// stdlib/catalogue: every message in both languages with the same placeholders, and how a
// template is filled in.
#include "stdlib/catalogue.hpp"
#include "stdlib/utf8.hpp"
#include "stdlib/vocabulary.hpp"

#include <catch2/catch.hpp>

#include <set>
#include <string>

using namespace kadenz;
using namespace kadenz::detail;

namespace {

// The placeholders of a template: "{0}", "{kw:then}", … (literal braces `{{` `}}` skipped).
// A `{` without its `}` is returned as "{unclosed".
std::multiset<std::string> placeholders(std::string_view t) {
  std::multiset<std::string> out;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if ((t[i] == '{' || t[i] == '}') && i + 1 < t.size() && t[i + 1] == t[i]) {
      ++i;
      continue;
    }
    if (t[i] == '}') {
      out.insert("}unopened");
      continue;
    }
    if (t[i] != '{') continue;
    const std::size_t close = t.find('}', i);
    if (close == std::string_view::npos) {
      out.insert("{unclosed");
      break;
    }
    out.insert(std::string(t.substr(i, close - i + 1)));
    i = close;
  }
  return out;
}

bool valid_placeholder(const std::string& p) {
  if (p.size() == 3 && p[1] >= '0' && p[1] <= '9') return true;
  if (p.rfind("{kw:", 0) != 0) return false;
  const std::string word = p.substr(4, p.size() - 5);
  for (const auto& k : kKeywords)
    if (k.lang == Lang::en && k.text == word) return true;
  return false;
}

}  // namespace

TEST_CASE("catalogue: every entry has its English and its German text, with the same placeholders", "[catalogue]") {
  std::set<std::string> names;
  std::size_t i = 0;
  for (const CatalogueEntry& e : catalogue()) {
    INFO("entry " << e.name);
    CHECK(static_cast<std::size_t>(e.id) == i++);
    CHECK(names.insert(std::string(e.name)).second);
    for (std::size_t part = 0; part < 3; ++part) {
      const std::string_view en = e.text[0][part];
      const std::string_view de = e.text[1][part];
      INFO("part " << part << " en: " << en << " de: " << de);
      if (part == 0) {
        CHECK_FALSE(en.empty());
        CHECK_FALSE(de.empty());
      }
      CHECK(en.empty() == de.empty());  // a label or help in one language is in the other too
      CHECK(placeholders(en) == placeholders(de));
      for (const auto& p : placeholders(en)) CHECK(valid_placeholder(p));
      CHECK(utf8::is_valid(en));
      CHECK(utf8::is_valid(de));
      if (!e.code.empty() && part == 0) CHECK(en != de);  // translated, not copied
    }
  }
  CHECK(i > 0);
}

TEST_CASE("catalogue: a template is filled with arguments, keywords of the policy's language and braces", "[catalogue]") {
  CHECK(fill("unknown name `{0}`", Lang::en, {"statu"}) == "unknown name `statu`");
  CHECK(fill("{1} before {0}", Lang::en, {"a", "b"}) == "b before a");
  CHECK(fill("write `{kw:when} <condition>`", Lang::en, {}) == "write `when <condition>`");
  CHECK(fill("write `{kw:when} <condition>`", Lang::de, {}) == "write `wenn <condition>`");
  CHECK(fill("`{kw:require}` … `{kw:else}`", Lang::de, {}) == "`prüfe` … `sonst`");
  CHECK(fill("a set {{a, b}}", Lang::en, {}) == "a set {a, b}");
  CHECK(fill("missing {2}", Lang::en, {"x"}) == "missing ");  // a missing argument stays empty
}

TEST_CASE("catalogue: a diagnostic takes its code from the catalogue and its texts in the voice's language", "[catalogue]") {
  const Diagnostic en = diagnostic(Voice{Lang::en, Lang::de}, Msg::mixed_language, Severity::error, Span{3, 7},
                                   {"when", "English", "German", "wenn", "de"});
  CHECK(en.code == "mixed-language");
  CHECK(en.message == "`when` is English, but this policy is written in German");
  CHECK(en.label == "in German: `wenn`");
  CHECK(en.span.begin == 3);
  CHECK(en.help.find("write `wenn`") == 0);
  const Diagnostic de = diagnostic(Voice{Lang::de, Lang::de}, Msg::mixed_language, Severity::error, Span{3, 7},
                                   {"when", "englisch", "Deutsch", "wenn", "de"});
  CHECK(de.code == "mixed-language");
  CHECK(de.message == "`when` ist englisch; diese Richtlinie ist auf Deutsch geschrieben");
  CHECK(de.label == "auf Deutsch: `wenn`");
  CHECK(de.help.find("Schreiben Sie `wenn`") == 0);
}

TEST_CASE("catalogue: a voice names keywords in the policy's language, whatever the message language", "[catalogue]") {
  // an English message about a German policy says `dann`; a German one about an English policy `then`
  CHECK(say(Voice{Lang::en, Lang::de}, Msg::must_rule_then) == "expected `dann` and the rule's outcome");
  CHECK(say(Voice{Lang::en, Lang::en}, Msg::must_rule_then) == "expected `then` and the rule's outcome");
  CHECK(say(Voice{Lang::de, Lang::en}, Msg::must_rule_then) == "erwartet: `then` und das Ergebnis der Regel");
  CHECK(say(Voice{Lang::de, Lang::de}, Msg::must_rule_then) == "erwartet: `dann` und das Ergebnis der Regel");
}

TEST_CASE("catalogue: every diagnostic code of the compile side has an entry", "[catalogue]") {
  std::set<std::string> codes;
  for (const CatalogueEntry& e : catalogue())
    if (!e.code.empty()) codes.insert(std::string(e.code));
  for (const char* code : {"syntax", "encoding", "limit", "io", "not-a-policy", "extends-cycle", "mixed-language",
                           "variant-fact", "variant-table", "variant-rule", "variant-new-parameter", "unknown-table",
                           "unknown-rule", "unknown-parameter", "unknown-name", "unknown-enum-value", "unknown-type",
                           "unknown-function", "unknown-hit-policy", "unknown-role", "type-mismatch", "unguarded-empty",
                           "not-optional", "duplicate-name", "duplicate-value", "duplicate-column", "duplicate-key",
                           "duplicate-rule", "duplicate-otherwise", "cycle", "override-type", "bad-parameter",
                           "no-header", "no-validity", "bad-validity", "no-facts", "no-key", "no-outputs",
                           "missing-role", "not-constant", "wrong-arguments", "bad-argument", "bad-key", "bad-default",
                           "default-and-empty", "optional-outcome", "unordered-outcome", "empty-table",
                           "reserved-name", "non-constant-parameter", "number-too-large"}) {
    INFO(code);
    CHECK(codes.count(code) == 1);
  }
}

TEST_CASE("catalogue: the message language from --lang and the environment", "[catalogue]") {
  CHECK(parse_lang("de") == Lang::de);
  CHECK(parse_lang("en") == Lang::en);
  CHECK_FALSE(parse_lang("fr"));
  CHECK(lang_from_environment(nullptr, nullptr, "de_DE.UTF-8") == Lang::de);
  CHECK(lang_from_environment(nullptr, nullptr, "en_US.UTF-8") == Lang::en);
  CHECK(lang_from_environment("en_GB.UTF-8", nullptr, "de_DE.UTF-8") == Lang::en);  // LC_ALL first
  CHECK(lang_from_environment("", "de_AT.UTF-8", "en_US.UTF-8") == Lang::de);      // empty skipped
  CHECK_FALSE(lang_from_environment(nullptr, nullptr, "C.UTF-8"));
  CHECK_FALSE(lang_from_environment(nullptr, nullptr, nullptr));
}

TEST_CASE("vocabulary: a text's keyword language is that of its first one-language keyword", "[catalogue]") {
  CHECK(keyword_language("policy \"x\"\n") == Lang::en);
  CHECK(keyword_language("# richtlinie in a comment\npolicy \"richtlinie\"") == Lang::en);
  CHECK(keyword_language("\xEF\xBB\xBFrichtlinie \"Jobcenter\"\n") == Lang::de);
  CHECK(keyword_language("erweitert \"basis.kadenz\"\n") == Lang::de);
  CHECK(keyword_language("x in {a}\nprüfe x sonst \"y\"") == Lang::de);  // `in` decides nothing
  CHECK_FALSE(keyword_language("id,status\n1,arbeitslos\n"));
  CHECK_FALSE(keyword_language(""));
}
