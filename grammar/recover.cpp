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

SyntaxError must_point_error(const ParseState& st, const char* at, const char* end, const char* message,
                             bool expects_name, bool closes_text) {
  const std::uint32_t off = st.offset(at);
  const char c = at == end ? '\0' : *at;
  if (closes_text) {
    if (c == '}') return SyntaxError{off, off + 1, "a single `}` in a text", "write `}}` for a literal `}`"};
    if (c == '\\') {
      return SyntaxError{off, off + 2, "unknown escape in a text",
                         "the escapes are \\\" \\\\ \\n \\t \\{ \\}; write `{{` and `}}` for braces"};
    }
  }
  std::string help;
  const std::size_t n = scan_word(at, end);
  if (expects_name && n > 0 && is_reserved(std::string_view(at, n))) {
    help = fmt::format("`{}` is a reserved word of the language and cannot be used as a name", std::string_view(at, n));
  }
  return SyntaxError{off, off + 1, message, std::move(help), true};
}

SyntaxError no_declaration_error(const ParseState& st, std::string_view text, std::size_t pos) {
  // Something left over on the line of the last declaration is a different mistake from a
  // line that starts with a stray word.
  std::size_t prev = pos;
  while (prev > 0 && (text[prev - 1] == ' ' || text[prev - 1] == '\t')) --prev;
  if (prev > 0 && text[prev - 1] != '\n' && text[prev - 1] != '\r') {
    return SyntaxError{st.offset(text.data() + pos), st.offset(text.data() + pos + 1),
                       "unexpected text after the end of the expression",
                       "comparisons cannot be chained (write `1 < n and n < 3`), and unit words are "
                       "written in lower case after the number (`6 months`)",
                       true};
  }
  return SyntaxError{st.offset(text.data() + pos), st.offset(text.data() + pos + 1), "expected a declaration",
                     "declarations start with `policy`, `facts`, `parameters`, `let`, `table`, `require`, "
                     "`warn`, `output`, `workload` or `extends`",
                     true};
}

Diagnostic syntax_diagnostic(const SyntaxError& e, std::string_view text, std::size_t pos, std::uint32_t shift) {
  Diagnostic d;
  d.code = "syntax";
  d.message = e.say_found ? fmt::format("{}, found {}", e.message, describe_found(text, e.offset)) : e.message;
  d.span = Span{e.offset, std::max(e.end, e.offset + 1)};
  const std::size_t n = scan_word(text.data() + e.offset, text.data() + text.size());
  if (n > 0 && e.say_found) d.span.end = static_cast<std::uint32_t>(e.offset + n);
  d.help = e.help;
  // If blanks and a line break lie between the last token and what was found, point just
  // after the last token (where the missing piece belongs), as compilers do.
  std::size_t prev = e.offset;
  while (prev > 0 && (text[prev - 1] == ' ' || text[prev - 1] == '\t' || text[prev - 1] == '\r' ||
                      text[prev - 1] == '\n')) {
    --prev;
  }
  if (prev > pos && text.substr(prev, e.offset - prev).find('\n') != std::string_view::npos) {
    d.span = Span{static_cast<std::uint32_t>(prev), static_cast<std::uint32_t>(prev + 1)};
    d.label = "expected here";
  }
  d.span.begin += shift;
  d.span.end += shift;
  return d;
}

Diagnostic value_syntax_diagnostic(const SyntaxError& e, std::string_view text, std::uint32_t shift) {
  const std::size_t local = e.offset - shift;
  Diagnostic d;
  d.code = "syntax";
  d.message = e.say_found ? fmt::format("{}, found {}", e.message, describe_found(text, local, "the end of the value"))
                          : e.message;
  d.span = Span{e.offset, std::max(e.end, e.offset + 1)};
  d.help = e.help;
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
std::string describe_found(std::string_view text, std::size_t offset, std::string_view end_of_text) {
  if (offset >= text.size()) return std::string(end_of_text);
  const std::size_t n = scan_word(text.data() + offset, text.data() + text.size());
  if (n > 0) return fmt::format("`{}`", text.substr(offset, std::min<std::size_t>(n, 40)));
  const char c = text[offset];
  if (c == '\n' || c == '\r') return "the end of the line";
  std::size_t len = 1;
  const auto u = static_cast<unsigned char>(c);
  if (u >= 0xC0) len = u >= 0xF0 ? 4 : u >= 0xE0 ? 3 : 2;
  return fmt::format("`{}`", text.substr(offset, std::min(len, text.size() - offset)));
}

}  // namespace kadenz::detail
