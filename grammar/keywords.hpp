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

}  // namespace kadenz::detail
