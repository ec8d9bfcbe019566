// The two lookups of the vocabulary that are functions: a text's keyword language and a
// keyword's canonical spelling.
#include "stdlib/vocabulary.hpp"

namespace kadenz::detail {
namespace {

// A byte that belongs to a word for keyword_language: ASCII letters, digits, `_` and every byte
// of a multi-byte UTF-8 character (a keyword's `ü`). Wider than the grammar's words, which is
// harmless here: a wider word is simply no keyword.
bool word_byte(unsigned char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c >= 0x80;
}

// The language `word` decides: that of its spellings if all of them are of one language and it
// is a reserved word or `extends` (what a policy starts with); nullopt otherwise.
std::optional<Lang> word_language(std::string_view word) noexcept {
  std::optional<Lang> found;
  for (const auto& k : kKeywords) {
    if (k.text != word || !(k.reserved || k.kw == Kw::extends)) continue;
    if (found && *found != k.lang) return std::nullopt;  // spelled alike in both (`in`)
    found = k.lang;
  }
  return found;
}

}  // namespace

std::optional<Lang> keyword_language(std::string_view text) noexcept {
  std::size_t i = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;  // a byte order mark is no word
  const std::size_t n = text.size();
  while (i < n) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '#') {  // a comment, to the end of the line
      while (i < n && text[i] != '\n') ++i;
    } else if (c == '"') {  // a text, to its closing quote (or the end of the line)
      ++i;
      while (i < n && text[i] != '"' && text[i] != '\n') i += text[i] == '\\' ? std::size_t{2} : std::size_t{1};
      ++i;
    } else if (word_byte(c) && !(c >= '0' && c <= '9')) {
      const std::size_t start = i;
      while (i < n && word_byte(static_cast<unsigned char>(text[i]))) ++i;
      if (const auto lang = word_language(text.substr(start, i - start))) return lang;
    } else if (c >= '0' && c <= '9') {  // a number or date, and a unit glued to it (`6months`)
      while (i < n && word_byte(static_cast<unsigned char>(text[i]))) ++i;
    } else {
      ++i;
    }
  }
  return std::nullopt;
}

std::string_view keyword_spelling(Kw kw, Lang lang) noexcept {
  for (const auto& k : kKeywords)
    if (k.kw == kw && k.lang == lang) return k.text;
  return {};
}

}  // namespace kadenz::detail
