// Parse stage: one keyword language per file (see language.hpp). Which language a spelling
// belongs to comes from the vocabulary tables in keywords.hpp only.
#include "grammar/language.hpp"

#include "grammar/limits.hpp"
#include "stdlib/catalogue.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace kadenz::detail {
namespace {

void add(SpellingLangs& langs, Lang lang) { (lang == Lang::en ? langs.en : langs.de) = true; }

// The same thing in the other language, from a table of VocabularySpelling (types, hits).
template <std::size_t N>
std::string_view vocabulary_in(const VocabularySpelling (&table)[N], std::string_view text, Lang lang) {
  const auto* s = find_vocabulary(table, text);
  return s ? vocabulary_text(table, s->id, lang) : std::string_view{};
}

}  // namespace

SpellingLangs spelling_langs(WordKind kind, std::string_view text) {
  SpellingLangs langs;
  switch (kind) {
    case WordKind::keyword:
      for (const auto& k : kKeywords)
        if (same_spelling(k.text, text)) add(langs, k.lang);
      break;
    case WordKind::type:
      for (const auto& s : kTypeNames)
        if (s.text == text) add(langs, s.lang);
      break;
    case WordKind::hit:
      for (const auto& s : kHitNames)
        if (s.text == text) add(langs, s.lang);
      break;
    case WordKind::unit:
      for (const auto& u : kUnits)
        if (equal_ignoring_ascii_case(u.text, text)) add(langs, u.lang);
      break;
  }
  return langs;
}

std::string_view spelling_in(WordKind kind, std::string_view text, Lang lang) {
  switch (kind) {
    case WordKind::keyword:
      for (const auto& k : kKeywords)
        if (same_spelling(k.text, text)) return keyword_spelling(k.kw, lang);
      break;
    case WordKind::type: return vocabulary_in(kTypeNames, text, lang);
    case WordKind::hit: return vocabulary_in(kHitNames, text, lang);
    case WordKind::unit:
      if (const UnitSpelling* u = find_unit(text)) return unit_spelling(u->unit, lang, u->plural);
      break;
  }
  return {};
}

void report_mixed_language(std::vector<WordUse> words, const Voice& voice, std::vector<Diagnostic>& diagnostics) {
  std::stable_sort(words.begin(), words.end(), [](const WordUse& a, const WordUse& b) { return a.offset < b.offset; });
  const Lang lang = voice.keywords;
  const bool german = lang == Lang::de;
  std::size_t reported = 0;
  std::uint32_t last = 0;
  bool any = false;
  for (const auto& w : words) {
    if (any && w.offset == last) continue;
    any = true;
    last = w.offset;
    const SpellingLangs langs = spelling_langs(w.kind, w.text);
    const bool other_only = german ? (langs.en && !langs.de) : (langs.de && !langs.en);
    if (!other_only) continue;
    if (reported++ == kMaxErrors) break;
    // The catalogue's entry speaks of a word, whatever its kind: the help gives the exact word.
    const std::string_view use = spelling_in(w.kind, w.text, lang);
    const std::string word_lang = say(voice, german ? Msg::lang_adjective_en : Msg::lang_adjective_de);
    const std::string file_lang = say(voice, german ? Msg::lang_name_de : Msg::lang_name_en);
    Diagnostic d = diagnostic(voice, Msg::mixed_language, Severity::error,
                              Span{w.offset, static_cast<std::uint32_t>(w.offset + w.text.size())},
                              {w.text, word_lang, file_lang, use, german ? "de" : "en"});
    diagnostics.push_back(std::move(d));
  }
}

}  // namespace kadenz::detail
