// Language server, positions: UTF-8 byte offsets to and from LSP's UTF-16 positions.
#include "interpreter/lsp/text_positions.hpp"

#include <algorithm>

namespace kadenz::detail::lsp {
namespace {

// The bytes of the UTF-8 character whose lead byte is `c` (1 for a stray continuation byte or an
// invalid lead: counted as one character, as an editor shows a replacement character).
std::uint32_t utf8_width(unsigned char c) {
  if (c >= 0xF0 && c < 0xF8) return 4;
  if (c >= 0xE0) return c < 0xF0 ? 3 : 1;
  if (c >= 0xC0) return 2;
  return 1;
}

}  // namespace

LineIndex::LineIndex(std::string_view text) : text_(text) {
  starts_.push_back(0);
  for (std::uint32_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
    if (text[i] == '\n' || text[i] == '\r') starts_.push_back(i + 1);
  }
}

std::uint32_t LineIndex::line_end(std::uint32_t line) const {
  std::uint32_t end = line + 1 < starts_.size() ? starts_[line + 1] : static_cast<std::uint32_t>(text_.size());
  while (end > starts_[line] && (text_[end - 1] == '\n' || text_[end - 1] == '\r')) --end;
  return end;
}

Position LineIndex::position(std::uint32_t offset) const {
  offset = std::min(offset, static_cast<std::uint32_t>(text_.size()));
  const auto after = std::upper_bound(starts_.begin(), starts_.end(), offset);
  const auto line = static_cast<std::uint32_t>(after - starts_.begin() - 1);
  Position p{line, 0};
  const std::uint32_t end = std::min(offset, line_end(line));
  for (std::uint32_t i = starts_[line]; i < end;) {
    const std::uint32_t w = utf8_width(static_cast<unsigned char>(text_[i]));
    if (i + w > end) break;  // inside a character: its start
    p.character += w == 4 ? 2 : 1;
    i += w;
  }
  return p;
}

std::uint32_t LineIndex::offset(Position p) const {
  if (p.line >= starts_.size()) return static_cast<std::uint32_t>(text_.size());
  const std::uint32_t end = line_end(p.line);
  std::uint32_t i = starts_[p.line], units = 0;
  while (i < end && units < p.character) {
    const std::uint32_t w = std::min(utf8_width(static_cast<unsigned char>(text_[i])), end - i);
    units += w == 4 ? 2 : 1;
    i += w;
  }
  return i;
}

}  // namespace kadenz::detail::lsp
