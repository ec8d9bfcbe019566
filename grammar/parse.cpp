// Parse stage: the entry points. Runs the PEGTL grammar with the tree-building actions one
// declaration at a time, and after a syntax error records it and resumes at the next one.
#include "grammar/parse.hpp"

#include "grammar/actions.hpp"
#include "grammar/builder.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string>

namespace kadenz::detail {
namespace {

namespace pg = tao::pegtl;
namespace g = grammar;
using actions::action;
using actions::control;

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

// Offset where parsing resumes after an error at `from` (the current item began at `start`):
// the first line, from the error's own line on, whose first word starts a declaration and lies
// past `start` (so the parser always makes progress); the end of the text if there is none.
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

}  // namespace

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

PolicyAst parse_policy(const SourceFile& file, std::vector<Diagnostic>& diagnostics) {
  return parse_policy_text(file.text, file.name, 0, diagnostics);
}

PolicyAst parse_policy_text(std::string_view text, std::string_view name, std::uint32_t shift,
                            std::vector<Diagnostic>& diagnostics) {
  PolicyAst ast;
  const std::string source_name(name);
  if (text.size() > kMaxPolicyBytes) {
    diagnostics.push_back({"limit", Severity::error,
                           fmt::format("policy file is larger than {} bytes", kMaxPolicyBytes), Span{shift, shift}, "",
                           {}, "split the policy or check that this is the right file", "", {}, {}});
    return ast;
  }
  ParseState st;
  st.base = text.data();
  st.shift = shift;
  st.ast = &ast;
  std::size_t errors = 0;
  std::size_t pos = 0;
  auto skip_blank = [&](std::size_t p) {
    pg::memory_input<> in(text.data() + p, text.data() + text.size(), source_name);
    pg::parse<g::leading>(in);
    return static_cast<std::size_t>(in.current() - text.data());
  };
  pos = skip_blank(0);
  while (pos < text.size()) {
    pg::memory_input<> in(text.data() + pos, text.data() + text.size(), source_name);
    try {
      if (pg::parse<g::item_at, action, control>(in, st)) {
        pos = static_cast<std::size_t>(in.current() - text.data());
        continue;
      }
      // Something left over on the line of the last declaration is a different mistake from a
      // line that starts with a stray word.
      std::size_t prev = pos;
      while (prev > 0 && (text[prev - 1] == ' ' || text[prev - 1] == '\t')) --prev;
      if (prev > 0 && text[prev - 1] != '\n' && text[prev - 1] != '\r') {
        throw SyntaxError{st.offset(text.data() + pos), st.offset(text.data() + pos + 1),
                          "unexpected text after the end of the expression",
                          "comparisons cannot be chained (write `1 < n and n < 3`), and unit words are "
                          "written in lower case after the number (`6 months`)",
                          true};
      }
      throw SyntaxError{st.offset(text.data() + pos), st.offset(text.data() + pos + 1),
                        "expected a declaration",
                        "declarations start with `policy`, `facts`, `parameters`, `let`, `table`, `require`, "
                        "`warn`, `output`, `workload` or `extends`",
                        true};
    } catch (const SyntaxError& thrown) {
      // Offsets in the error are those of the SourceFile; work in this text's own.
      SyntaxError e = thrown;
      e.offset -= shift;
      e.end -= shift;
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
      diagnostics.push_back(std::move(d));
      st.reset();
      if (++errors >= kMaxErrors) break;
      pos = resync(text, pos, std::max<std::size_t>(pos, e.offset));
    }
  }
  return ast;
}

ExprPtr parse_expression_text(std::string_view text, std::size_t from, std::string_view name, std::uint32_t shift,
                              std::vector<Diagnostic>& diagnostics) {
  PolicyAst scratch;
  ParseState st;
  st.base = text.data();
  st.shift = shift;
  st.ast = &scratch;
  const std::string source_name(name);
  pg::memory_input<> in(text.data() + from, text.data() + text.size(), source_name);
  try {
    pg::parse<g::leading>(in);
    if (pg::parse<pg::must<g::value_expr>, action, control>(in, st) && in.empty() && st.stack.size() == 1) {
      return st.pop();
    }
    throw SyntaxError{st.offset(in.current()), st.offset(in.current()) + 1, "unexpected text after the value",
                      "give one value, e.g. `15 minutes`", true};
  } catch (const SyntaxError& e) {
    const std::size_t local = e.offset - shift;
    Diagnostic d;
    d.code = "syntax";
    d.message = e.say_found ? fmt::format("{}, found {}", e.message, describe_found(text, local, "the end of the value"))
                            : e.message;
    d.span = Span{e.offset, std::max(e.end, e.offset + 1)};
    d.help = e.help;
    diagnostics.push_back(std::move(d));
  }
  return nullptr;
}

}  // namespace kadenz::detail
