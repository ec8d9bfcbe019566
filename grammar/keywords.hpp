// Words of the policy text: the vocabulary (stdlib/vocabulary.hpp) and how a word is scanned.
#pragma once

#include "grammar/ast.hpp"
#include "stdlib/vocabulary.hpp"

#include <cstddef>
#include <string_view>

namespace kadenz::detail {

// Bytes of the identifier-shaped word at [p, e): ASCII letters, digits (not first), '_', and
// UTF-8 encoded letters of the Latin, Greek and Cyrillic blocks (ä ö ü ß Ü …), and after the
// first character combining diacritical marks (a Mac's decomposed `ü`). Returns 0 if no word
// starts at p. `§`, `×`, `÷` and typographic quotes are not letters.
std::size_t scan_word(const char* p, const char* e) noexcept;

// True if the byte sequence at p starts a character that may continue a word.
inline bool continues_word(const char* p, const char* e) noexcept {
  return p < e && (scan_word(p, e) > 0 || (*p >= '0' && *p <= '9'));
}

// Bytes of the two-word keyword spelling `spelling` (`kein Wert`) at [p, e): each word a whole
// word, blanks between them; 0 if it is not there or `spelling` is one word.
inline std::size_t phrase_length(std::string_view spelling, const char* p, const char* e) noexcept {
  const std::size_t space = spelling.find(' ');
  if (space == std::string_view::npos) return 0;
  const char* q = p;
  const std::size_t a = scan_word(q, e);
  if (std::string_view(q, a) != spelling.substr(0, space)) return 0;
  q += a;
  const char* blanks = q;
  while (q < e && (*q == ' ' || *q == '\t')) ++q;
  if (q == blanks) return 0;
  const std::size_t b = scan_word(q, e);
  if (std::string_view(q, b) != spelling.substr(space + 1)) return 0;
  return static_cast<std::size_t>(q + b - p);
}

}  // namespace kadenz::detail
