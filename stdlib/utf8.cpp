// UTF-8 validation, cutting, safe output, Windows-1252 decoding and NFC (utf8proc).
#include "stdlib/utf8.hpp"

#include <utf8proc.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>

namespace kadenz::utf8 {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Windows-1252's bytes 0x80..0x9F as code points (0 where the code page defines nothing);
// 0xA0..0xFF are the same as Latin-1, i.e. the code point equals the byte.
constexpr char32_t kCp1252High[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

}  // namespace

std::size_t char_length(std::string_view s) noexcept {
  if (s.empty()) return 0;
  const auto b = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const auto cont = [&](std::size_t i) { return i < s.size() && (b(i) & 0xC0) == 0x80; };
  const unsigned char c = b(0);
  if (c < 0x80) return 1;
  if (c < 0xC2) return 0;  // a continuation byte, or an overlong 2-byte lead (C0, C1)
  if (c < 0xE0) return cont(1) ? 2 : 0;
  if (c < 0xF0) {
    if (!cont(1) || !cont(2)) return 0;
    if (c == 0xE0 && b(1) < 0xA0) return 0;   // overlong
    if (c == 0xED && b(1) >= 0xA0) return 0;  // UTF-16 surrogates
    return 3;
  }
  if (c < 0xF5) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if (c == 0xF0 && b(1) < 0x90) return 0;   // overlong
    if (c == 0xF4 && b(1) >= 0x90) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
}

std::size_t valid_prefix(std::string_view s) noexcept {
  std::size_t i = 0;
  while (i < s.size()) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    const std::size_t n = char_length(s.substr(i));
    if (n == 0) return i;
    i += n;
  }
  return i;
}

std::string_view cut(std::string_view s, std::size_t max_bytes) noexcept {
  const std::size_t valid = valid_prefix(s.substr(0, max_bytes));
  return s.substr(0, valid);
}

void append_safe(std::string& out, std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c != 0 && c < 0x80) {
      out += static_cast<char>(c);
      ++i;
      continue;
    }
    const std::size_t n = c == 0 ? 0 : char_length(s.substr(i));
    if (n == 0) {
      out += kReplacement;
      ++i;
    } else {
      out.append(s.data() + i, n);
      i += n;
    }
  }
}

void append_cp1252(std::string& out, std::string_view s) {
  char bytes[3];
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x80) {
      out += ch;
    } else {
      out.append(bytes, encode_cp1252(c, bytes));
    }
  }
}

std::size_t encode_cp1252(unsigned char byte, char* out) noexcept {
  if (byte < 0x80) {
    out[0] = static_cast<char>(byte);
    return 1;
  }
  const char32_t cp = byte < 0xA0 ? kCp1252High[byte - 0x80] : char32_t{byte};
  if (cp == 0) {
    kReplacement.copy(out, kReplacement.size());
    return kReplacement.size();
  }
  if (cp < 0x800) {
    out[0] = static_cast<char>(0xC0 | (cp >> 6));
    out[1] = static_cast<char>(0x80 | (cp & 0x3F));
    return 2;
  }
  out[0] = static_cast<char>(0xE0 | (cp >> 12));
  out[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
  out[2] = static_cast<char>(0x80 | (cp & 0x3F));
  return 3;
}

bool is_safe(std::string_view s) noexcept {
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == 0) return false;
    if (c < 0x80) continue;
    const std::size_t n = char_length(s.substr(i));
    if (n == 0) return false;
    i += n - 1;
  }
  return true;
}

std::string_view safe(std::string_view s, std::string& scratch) {
  if (is_safe(s)) return s;
  scratch.clear();
  append_safe(scratch, s);
  return scratch;
}

bool to_nfc(std::string_view s, std::string& out) {
  if (is_ascii(s)) {
    out.assign(s);
    return true;
  }
  if (!is_valid(s)) return false;
  utf8proc_uint8_t* mapped = nullptr;
  const auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(s.data()),
                              static_cast<utf8proc_ssize_t>(s.size()), &mapped,
                              static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
  const std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owned(mapped, &std::free);
  if (n < 0) return false;
  out.assign(reinterpret_cast<const char*>(mapped), static_cast<std::size_t>(n));
  return true;
}

bool is_nfc(std::string_view s) {
  if (is_ascii(s)) return true;
  std::string normal;
  return to_nfc(s, normal) && normal == s;
}

}  // namespace kadenz::utf8
