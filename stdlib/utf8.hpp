// UTF-8 at kadenz's boundaries: validation, cutting on character boundaries, making any bytes
// safe to write (every byte kadenz writes is valid UTF-8), Windows-1252 decoding (the plain
// "CSV" of German Excel) and NFC normalisation (umlauts typed on a Mac arrive decomposed).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace kadenz::utf8 {

// The length of the longest prefix of `s` that is well-formed UTF-8 (RFC 3629: no overlong
// forms, no surrogates, nothing above U+10FFFF). NUL is well-formed; callers that must refuse
// it check for it themselves.
std::size_t valid_prefix(std::string_view s) noexcept;

inline bool is_valid(std::string_view s) noexcept { return valid_prefix(s) == s.size(); }

// The length in bytes of the well-formed character at the start of `s`, 0 if `s` is empty or
// does not start with one.
std::size_t char_length(std::string_view s) noexcept;

// The longest prefix of `s` that has at most `max_bytes` bytes and does not end inside a
// character (`s` is assumed valid; an invalid tail is cut before its first byte).
std::string_view cut(std::string_view s, std::size_t max_bytes) noexcept;

// Appends `s` to `out` with every byte that is not part of a well-formed character, and every
// NUL, replaced by U+FFFD (the replacement character), so that what is written is valid UTF-8
// and no NUL ends a C string early.
void append_safe(std::string& out, std::string_view s);

// Appends `s`, read as Windows-1252, to `out` as UTF-8. The five bytes Windows-1252 leaves
// undefined (0x81 0x8D 0x8F 0x90 0x9D) become U+FFFD.
void append_cp1252(std::string& out, std::string_view s);

// Writes the UTF-8 form of the Windows-1252 byte `byte` to `out` (room for 3 bytes) and returns
// its length (1 to 3), as append_cp1252 would append it. For decoders that place the bytes
// themselves (the caseload reader widens its buffer in place).
std::size_t encode_cp1252(unsigned char byte, char* out) noexcept;

// True if `s` can be written as it is: valid UTF-8 without NUL.
bool is_safe(std::string_view s) noexcept;

// `s` itself if is_safe(s), else `scratch` set to append_safe(s) and returned: writes a cell that
// is almost always fine without copying it.
std::string_view safe(std::string_view s, std::string& scratch);

// True if `s` is ASCII only, the common case in which NFC changes nothing. A word at a time and
// without an early exit: the caseload reader asks this of every text cell, most of them ids of 8
// to 16 bytes (two loads; the last word may overlap the one before).
inline bool is_ascii(std::string_view s) noexcept {
  const char* const p = s.data();
  const std::size_t n = s.size();
  std::uint64_t high = 0;
  if (n >= 8) {
    std::uint64_t word;
    for (std::size_t i = 0; i + 8 < n; i += 8) {
      std::memcpy(&word, p + i, sizeof word);
      high |= word;
    }
    std::memcpy(&word, p + n - 8, sizeof word);
    high |= word;
  } else {
    for (std::size_t i = 0; i < n; ++i) high |= static_cast<unsigned char>(p[i]);
  }
  return (high & 0x8080808080808080u) == 0;
}


// Sets `out` to the NFC normalisation of `s` (canonical composition: `u` + U+0308 becomes `ü`).
// Returns false, leaving `out` unspecified, if `s` is not valid UTF-8.
bool to_nfc(std::string_view s, std::string& out);

// True if `s` is valid UTF-8 and already in NFC (so it can be used as it is).
bool is_nfc(std::string_view s);

}  // namespace kadenz::utf8
