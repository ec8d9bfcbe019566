// Identifier scanning shared by the grammar and the diagnostics (what word was found).
#include "grammar/keywords.hpp"

namespace kadenz::detail {
namespace {

// Decodes one UTF-8 letter at p; returns its length or 0 if it is not a letter we accept.
std::size_t utf8_letter(const unsigned char* p, const unsigned char* e) noexcept {
  if (p >= e || *p < 0x80) return 0;
  std::uint32_t cp = 0;
  std::size_t len = 0;
  if ((*p & 0xE0u) == 0xC0u) { cp = *p & 0x1Fu; len = 2; }
  else if ((*p & 0xF0u) == 0xE0u) { cp = *p & 0x0Fu; len = 3; }
  else return 0;
  if (static_cast<std::size_t>(e - p) < len) return 0;
  for (std::size_t i = 1; i < len; ++i) {
    if ((p[i] & 0xC0u) != 0x80u) return 0;
    cp = (cp << 6) | (p[i] & 0x3Fu);
  }
  const bool letter = (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) ||  // Latin-1 letters, Latin Extended
                      (cp >= 0x370 && cp <= 0x3FF) ||                             // Greek
                      (cp >= 0x400 && cp <= 0x4FF) ||                             // Cyrillic
                      (cp >= 0x1E00 && cp <= 0x1EFF);                             // Latin Extended Additional (ẞ)
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
    } else if (const std::size_t n = utf8_letter(q, end)) {
      q += n;
    } else {
      break;
    }
    first = false;
  }
  return static_cast<std::size_t>(q - b);
}

}  // namespace kadenz::detail
