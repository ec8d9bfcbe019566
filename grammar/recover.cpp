// Parse stage: error recovery. Turns a SyntaxError into a `syntax` diagnostic (with "found …"
// and a pointer to where the missing piece belongs) and finds the next declaration to resume at.
#include "grammar/recover.hpp"

#include "grammar/keywords.hpp"
#include "grammar/parse.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string>

namespace kadenz::detail {
namespace {

// Top-level words where the parser may resume after an error.
bool starts_declaration(std::string_view word) {
  for (const auto& k : kKeywords) {
    if (k.text != word) continue;
    switch (k.kw) {
      case Kw::policy: case Kw::facts: case Kw::parameters: case Kw::let: case Kw::table:
      case Kw::require: case Kw::warn: case Kw::output: case Kw::extends: case Kw::workload:
        return true;
      default:
        break;
    }
  }
  return false;
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
  Diagnostic d = said(voice, e, e.say_found ? describe_found(voice, text, e.offset) : std::string());
  d.span = Span{e.offset, std::max(e.end, e.offset + 1)};
  const std::size_t n = scan_word(text.data() + e.offset, text.data() + text.size());
  if (n > 0 && e.say_found) d.span.end = static_cast<std::uint32_t>(e.offset + n);
  // If blanks and a line break lie between the last token and what was found, point just
  // after the last token (where the missing piece belongs), as compilers do.
  std::size_t prev = e.offset;
  while (prev > 0 && (text[prev - 1] == ' ' || text[prev - 1] == '\t' || text[prev - 1] == '\r' ||
                      text[prev - 1] == '\n')) {
    --prev;
  }
  if (prev > pos && text.substr(prev, e.offset - prev).find('\n') != std::string_view::npos) {
    d.span = Span{static_cast<std::uint32_t>(prev), static_cast<std::uint32_t>(prev + 1)};
    d.label = say(voice, Msg::syn_expected_here);
  }
  d.span.begin += shift;
  d.span.end += shift;
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
