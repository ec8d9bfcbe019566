// Identifier scanning shared by the grammar and the diagnostics (what word was found).
#include "grammar/keywords.hpp"

#include "stdlib/utf8.hpp"

namespace kadenz::detail {
namespace {

// The length of the UTF-8 letter at p, or 0 if no letter we accept starts there. The character
// is decoded only if it is well-formed (utf8::char_length: an overlong form such as C3 decoded
// from two bytes E0 83 83 is not a letter). After the first character of a word, combining
// diacritical marks (U+0300..U+036F) continue it too: a Mac writes `ü` as `u` + U+0308, and
// the builder turns such a name into NFC.
std::size_t utf8_letter(const unsigned char* p, const unsigned char* e, bool first) noexcept {
  if (p >= e || *p < 0x80) return 0;
  const std::size_t len =
      utf8::char_length(std::string_view(reinterpret_cast<const char*>(p), static_cast<std::size_t>(e - p)));
  if (len < 2 || len > 3) return 0;
  std::uint32_t cp = len == 2 ? (p[0] & 0x1Fu) : (p[0] & 0x0Fu);
  for (std::size_t i = 1; i < len; ++i) cp = (cp << 6) | (p[i] & 0x3Fu);
  const bool letter = (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) ||  // Latin-1 letters, Latin Extended
                      (cp >= 0x370 && cp <= 0x3FF) ||                             // Greek
                      (cp >= 0x400 && cp <= 0x4FF) ||                             // Cyrillic
                      (cp >= 0x1E00 && cp <= 0x1EFF) ||                           // Latin Extended Additional (ẞ)
                      (!first && cp >= 0x300 && cp <= 0x36F);                     // combining marks
  return letter ? len : 0;
}

// An ASCII byte that may start a word: a letter or `_` (digits may only continue one).
bool ascii_letter(unsigned char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

}  // namespace

std::size_t scan_word(const char* p, const char* e) noexcept {
  const auto* b = reinterpret_cast<const unsigned char*>(p);
  const auto* end = reinterpret_cast<const unsigned char*>(e);
  const auto* q = b;
  bool first = true;
  while (q < end) {
    if (ascii_letter(*q) || (!first && *q >= '0' && *q <= '9')) {
      ++q;
    } else if (const std::size_t n = utf8_letter(q, end, first)) {
      q += n;
    } else {
      break;
    }
    first = false;
  }
  return static_cast<std::size_t>(q - b);
}

}  // namespace kadenz::detail
