// Parse stage: error recovery. Turns a SyntaxError into a `syntax` diagnostic (with "found …"
// and a pointer to where the missing piece belongs) and finds the next declaration to resume at.
#include "grammar/recover.hpp"

#include "grammar/keywords.hpp"
#include "grammar/parse.hpp"
#include "stdlib/catalogue.hpp"
#include "stdlib/date.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

namespace kadenz::detail {
namespace {

// Top-level words where the parser may resume after an error.
bool starts_declaration(std::string_view word) {
  for (const auto& k : kKeywords) {
    if (k.text != word) continue;
    switch (k.kw) {
      case Kw::policy: case Kw::facts: case Kw::parameters: case Kw::let: case Kw::table:
      case Kw::require: case Kw::warn: case Kw::output: case Kw::extends: case Kw::workload: case Kw::test:
        return true;
      default:
        break;
    }
  }
  return false;
}

// A missing `end`: names the block that is still open at `at` (it began at `pos`, the item's
// start) and the line it began on; the caret on the word found, a label at the block's keyword.
Diagnostic missing_end(const Voice& voice, std::string_view text, std::size_t pos, std::size_t at) {
  const std::size_t kw_len = scan_word(text.data() + pos, text.data() + text.size());
  const std::string_view keyword = text.substr(pos, kw_len);
  std::string block = say(voice, Msg::block_keyword, {keyword});
  for (const auto& k : kKeywords) {
    if (k.kw != Kw::table || k.text != keyword) continue;
    std::size_t p = pos + kw_len;
    while (p < text.size() && (text[p] == ' ' || text[p] == '\t')) ++p;
    const std::size_t name_len = scan_word(text.data() + p, text.data() + text.size());
    if (name_len > 0) block = say(voice, Msg::block_table, {text.substr(p, std::min<std::size_t>(name_len, 40))});
  }
  const auto line = std::to_string(1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(pos), '\n'));
  const std::size_t n = at < text.size() ? scan_word(text.data() + at, text.data() + text.size()) : 0;
  const auto begin = static_cast<std::uint32_t>(std::min(at, text.size()));
  Diagnostic d = diagnostic(voice, Msg::missing_end, Severity::error,
                            Span{begin, static_cast<std::uint32_t>(begin + std::max<std::size_t>(n, 1))}, {block, line});
  if (at >= text.size()) d.label.clear();  // no word to stand before: the caret is after the block
  d.secondary.push_back(Label{Span{static_cast<std::uint32_t>(pos), static_cast<std::uint32_t>(pos + kw_len)},
                              say(voice, Msg::block_opened_here)});
  return d;
}

// The run of digits, `.` and `-` around `at`, if it is shaped like a date that is not one
// (`2005-1-1`, `1.1.05`, `2005.1.1`): the help that says how a date is written, with this date
// written both ways.
std::optional<std::string> date_hint(const Voice& voice, std::string_view text, std::size_t at) {
  const auto part = [](char c) { return (c >= '0' && c <= '9') || c == '.' || c == '-'; };
  std::size_t b = std::min(at, text.size()), e = b;
  while (b > 0 && part(text[b - 1])) --b;
  while (e < text.size() && part(text[e])) ++e;
  const std::string_view t = text.substr(b, e - b);
  if (t.size() > 12 || parse_date(t)) return std::nullopt;
  const bool dash = t.find('-') != std::string_view::npos, dot = t.find('.') != std::string_view::npos;
  if (dash == dot) return std::nullopt;
  std::vector<std::string_view> g;
  for (std::size_t p = 0; p <= t.size();) {
    const std::size_t q = std::min(t.find(dash ? '-' : '.', p), t.size());
    g.push_back(t.substr(p, q - p));
    p = q + 1;
  }
  if (g.size() != 3) return std::nullopt;
  int v[3];
  for (int i = 0; i < 3; ++i) {
    if (g[static_cast<std::size_t>(i)].empty() || g[static_cast<std::size_t>(i)].size() > 4) return std::nullopt;
    v[i] = std::stoi(std::string(g[static_cast<std::size_t>(i)]));
  }
  // a date in one of the two notations that does not exist (31.02.2017) has its own message
  if ((dash && g[0].size() == 4 && g[1].size() == 2 && g[2].size() == 2) ||
      (dot && g[0].size() <= 2 && g[1].size() <= 2 && g[2].size() == 4)) {
    return std::nullopt;
  }
  int year = 0, month = v[1], day = 0;
  if (g[0].size() == 4 && g[1].size() <= 2 && g[2].size() <= 2) {
    year = v[0], day = v[2];
  } else if (g[0].size() <= 2 && g[1].size() <= 2 && (g[2].size() == 4 || g[2].size() == 2)) {
    day = v[0], year = g[2].size() == 4 ? v[2] : 2000 + v[2];
  } else {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  return say(voice, Msg::date_written,
             {fmt::format("{:04}-{:02}-{:02}", year, month, day), fmt::format("{:02}.{:02}.{:04}", day, month, year)});
}

}  // namespace

SyntaxError must_point_error(const ParseState& st, const char* at, const char* end, Msg message,
                             bool expects_name, bool closes_text) {
  const std::uint32_t off = st.offset(at);
  const char c = at == end ? '\0' : *at;
  if (closes_text) {
    if (c == '}') return SyntaxError{off, off + 1, Msg::syn_single_brace, {}};
    if (c == '\\') return SyntaxError{off, off + 2, Msg::syn_bad_escape, {}};
  }
  std::string reserved;
  const std::size_t n = scan_word(at, end);
  if (expects_name && n > 0 && is_reserved(std::string_view(at, n))) reserved = std::string(at, n);
  return SyntaxError{off, off + 1, message, {}, true, std::move(reserved)};
}

SyntaxError no_declaration_error(const ParseState& st, std::string_view text, std::size_t pos) {
  // Something left over on the line of the last declaration is a different mistake from a
  // line that starts with a stray word.
  std::size_t prev = pos;
  while (prev > 0 && (text[prev - 1] == ' ' || text[prev - 1] == '\t')) --prev;
  if (prev > 0 && text[prev - 1] != '\n' && text[prev - 1] != '\r') {
    return SyntaxError{st.offset(text.data() + pos), st.offset(text.data() + pos + 1), Msg::syn_after_expression, {},
                       true};
  }
  return SyntaxError{st.offset(text.data() + pos), st.offset(text.data() + pos + 1), Msg::syn_declaration, {}, true};
}

// The diagnostic of `e` without its place: the entry's texts, ", found …" (`found`) when the
// error asks for it, and the reserved-word help.
Diagnostic said(const Voice& voice, const SyntaxError& e, const std::string& found) {
  Diagnostic d = diagnostic(voice, e.message, Severity::error, Span{}, {e.arg});
  if (e.say_found) d.message = say(voice, Msg::syn_found, {d.message, found});
  if (!e.reserved.empty()) d.help = say(voice, Msg::syn_reserved_word, {e.reserved});
  return d;
}

Diagnostic syntax_diagnostic(const Voice& voice, const SyntaxError& e, std::string_view text, std::size_t pos,
                             std::uint32_t shift) {
  Diagnostic d;
  const std::size_t n = scan_word(text.data() + e.offset, text.data() + text.size());
  if (e.block_end && (e.offset >= text.size() || (n > 0 && starts_declaration(text.substr(e.offset, n))))) {
    d = missing_end(voice, text, pos, e.offset);
  } else {
    d = said(voice, e, e.say_found ? describe_found(voice, text, e.offset) : std::string());
    d.span = Span{e.offset, std::max(e.end, e.offset + 1)};
    if (n > 0 && e.say_found) d.span.end = static_cast<std::uint32_t>(e.offset + n);
  }
  // The caret stands on the word found. If that is on a later line than the last token, a
  // label marks the last token too (the missing piece belongs after it). At the end of the
  // text, where nothing is found, the caret points just after the last token.
  std::size_t last = std::min<std::size_t>(e.offset, text.size());
  while (last > pos && (text[last - 1] == ' ' || text[last - 1] == '\t' || text[last - 1] == '\r' ||
                        text[last - 1] == '\n')) {
    --last;
  }
  if (e.offset < text.size() && !e.block_end && last > pos &&
      text.substr(last, e.offset - last).find('\n') != std::string_view::npos) {
    d.secondary.push_back(Label{Span{static_cast<std::uint32_t>(last - 1), static_cast<std::uint32_t>(last)},
                                say(voice, Msg::expected_after_this)});
  }
  if (e.offset >= text.size()) {
    std::size_t prev = text.size();
    while (prev > pos && (text[prev - 1] == ' ' || text[prev - 1] == '\t' || text[prev - 1] == '\r' ||
                          text[prev - 1] == '\n')) {
      --prev;
    }
    if (prev > pos && prev < text.size()) {
      d.span = Span{static_cast<std::uint32_t>(prev), static_cast<std::uint32_t>(prev + 1)};
      if (d.label.empty() && !e.block_end) d.label = say(voice, Msg::syn_expected_here);
    }
  }
  if (const auto date = date_hint(voice, text, e.offset)) d.help = *date;
  d.span.begin += shift;
  d.span.end += shift;
  for (auto& l : d.secondary) {
    l.span.begin += shift;
    l.span.end += shift;
  }
  return d;
}

Diagnostic value_syntax_diagnostic(const Voice& voice, const SyntaxError& e, std::string_view text, std::uint32_t shift) {
  const std::size_t local = e.offset - shift;
  Diagnostic d = said(voice, e, e.say_found ? describe_found(voice, text, local, Msg::syn_end_of_value) : std::string());
  d.span = Span{e.offset, std::max(e.end, e.offset + 1)};
  return d;
}

std::size_t resync(std::string_view text, std::size_t start, std::size_t from) {
  std::size_t line = from == 0 ? 0 : text.rfind('\n', from - 1);
  line = line == std::string_view::npos ? 0 : (from == 0 ? 0 : line + 1);
  while (line < text.size()) {
    std::size_t p = line;
    while (p < text.size() && (text[p] == ' ' || text[p] == '\t')) ++p;
    const std::size_t n = scan_word(text.data() + p, text.data() + text.size());
    if (p > start && p >= from && n > 0 && starts_declaration(text.substr(p, n))) return p;
    const std::size_t nl = text.find('\n', p);
    if (nl == std::string_view::npos) break;
    line = nl + 1;
  }
  return text.size();
}

// Text for "found …": a word (at most 40 bytes of it), "the end of the line", or the one
// character at `offset`, whole even when UTF-8 encodes it in several bytes.
std::string describe_found(const Voice& voice, std::string_view text, std::size_t offset, Msg end_of_text) {
  if (offset >= text.size()) return say(voice, end_of_text);
  const std::size_t n = scan_word(text.data() + offset, text.data() + text.size());
  if (n > 0) return fmt::format("`{}`", text.substr(offset, std::min<std::size_t>(n, 40)));
  const char c = text[offset];
  if (c == '\n' || c == '\r') return say(voice, Msg::syn_end_of_line);
  std::size_t len = 1;
  const auto u = static_cast<unsigned char>(c);
  if (u >= 0xC0) len = u >= 0xF0 ? 4 : u >= 0xE0 ? 3 : 2;
  return fmt::format("`{}`", text.substr(offset, std::min(len, text.size() - offset)));
}

}  // namespace kadenz::detail
