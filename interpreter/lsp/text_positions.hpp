// Language server, positions: byte offsets of the policy text against the protocol's positions
// (line, and character counted in UTF-16 code units, as LSP defines them: `ü` is one unit, an
// emoji two), and the ranges of spans that may lie in a base file a variant extends.
#pragma once

#include <kadenz/diagnostic.hpp>

#include <cstdint>
#include <string_view>
#include <vector>

namespace kadenz::detail::lsp {

// An LSP position: 0-based line, 0-based character in UTF-16 code units.
struct Position {
  std::uint32_t line = 0;
  std::uint32_t character = 0;
};

// Where each line of one text starts. Line ends are "\n", "\r\n" or "\r" (the protocol's three).
// Built once per version of a document, in one pass; each lookup costs the length of one line.
class LineIndex {
 public:
  LineIndex() = default;
  explicit LineIndex(std::string_view text);
  // The position of byte `offset` (clamped to the text). An offset inside a UTF-8 character counts
  // as the character's start.
  Position position(std::uint32_t offset) const;
  // The byte offset of `p`: a line past the end is the end of the text, a character past the end
  // of its line the line's end (the protocol asks servers to clamp so).
  std::uint32_t offset(Position p) const;

 private:
  std::string_view text_;
  std::vector<std::uint32_t> starts_;  // byte offset of each line's first character
  std::uint32_t line_end(std::uint32_t line) const;  // offset of the line's terminator
};

}  // namespace kadenz::detail::lsp
