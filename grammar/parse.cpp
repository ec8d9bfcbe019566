// Parse stage: the entry points. Runs the PEGTL grammar with the tree-building actions one
// declaration at a time, and after a syntax error records it and resumes at the next one.
#include "grammar/parse.hpp"

#include "grammar/actions.hpp"
#include "grammar/builder.hpp"
#include "grammar/recover.hpp"
#include "stdlib/utf8.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <string>

namespace kadenz::detail {

namespace pg = tao::pegtl;
namespace g = grammar;
using actions::action;
using actions::control;

namespace {

// A UTF-8 byte order mark (Windows Editor writes one): skipped at the start of a policy.
constexpr std::string_view kBom = "\xEF\xBB\xBF";

}  // namespace

// The first NUL byte or byte that is not well-formed UTF-8 (an overlong form, a surrogate, a
// Windows-1252 umlaut) as an `encoding` error at its place; nullopt if the text is clean.
// Checked before parsing, so no name, text or message of a policy can hold such bytes.
std::optional<Diagnostic> encoding_error(std::string_view text, std::uint32_t shift, const Voice& voice) {
  const std::size_t valid = utf8::valid_prefix(text);
  const std::size_t bad = std::min(valid, text.find('\0'));
  if (bad >= text.size()) return std::nullopt;
  const Span span{static_cast<std::uint32_t>(shift + bad), static_cast<std::uint32_t>(shift + bad + 1)};
  const bool utf16 = text.size() >= 2 && ((text[0] == '\xFF' && text[1] == '\xFE') || (text[0] == '\xFE' && text[1] == '\xFF'));
  const Msg id = utf16 ? Msg::encoding_utf16 : text[bad] == '\0' ? Msg::encoding_nul : Msg::encoding_invalid;
  return diagnostic(voice, id, Severity::error, span);
}

PolicyAst parse_policy(const SourceFile& file, std::vector<Diagnostic>& diagnostics) {
  return parse_policy_text(file.text, file.name, 0, diagnostics);
}

PolicyAst parse_policy_text(std::string_view text, std::string_view name, std::uint32_t shift,
                            std::vector<Diagnostic>& diagnostics, std::optional<Lang> lang) {
  PolicyAst ast;
  const std::string source_name(name);
  if (text.size() > kMaxPolicyBytes) {
    const Lang said = lang.value_or(Lang::en);
    diagnostics.push_back(diagnostic(Voice{said, said}, Msg::limit_policy_bytes, Severity::error, Span{shift, shift},
                                     {std::to_string(kMaxPolicyBytes)}));
    return ast;
  }
  ast.lang = keyword_language(text).value_or(Lang::en);
  const Voice voice{lang.value_or(ast.lang), ast.lang};
  if (std::optional<Diagnostic> bad = encoding_error(text, shift, voice)) {
    diagnostics.push_back(std::move(*bad));
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
  pos = skip_blank(text.substr(0, kBom.size()) == kBom ? kBom.size() : 0);
  while (pos < text.size()) {
    pg::memory_input<> in(text.data() + pos, text.data() + text.size(), source_name);
    try {
      if (pg::parse<g::item_at, action, control>(in, st)) {
        pos = static_cast<std::size_t>(in.current() - text.data());
        continue;
      }
      throw no_declaration_error(st, text, pos);
    } catch (const SyntaxError& thrown) {
      // Offsets in the error are those of the SourceFile; work in this text's own.
      SyntaxError e = thrown;
      e.offset -= shift;
      e.end -= shift;
      diagnostics.push_back(syntax_diagnostic(voice, e, text, pos, shift));
      st.reset();
      if (++errors >= kMaxErrors) break;
      pos = resync(text, pos, std::max<std::size_t>(pos, e.offset));
    }
  }
  report_mixed_language(std::move(st.words), voice, diagnostics);
  return ast;
}

ExprPtr parse_expression_text(std::string_view text, std::size_t from, std::string_view name, std::uint32_t shift,
                              std::vector<Diagnostic>& diagnostics, Lang lang) {
  const Voice voice{lang, lang};
  PolicyAst scratch;
  ParseState st;
  st.base = text.data();
  st.shift = shift;
  st.ast = &scratch;
  st.bare_decimals = true;  // a `--set` value: `weekly_hours=38,5`
  const std::string source_name(name);
  if (std::optional<Diagnostic> bad = encoding_error(text, shift, voice)) {
    diagnostics.push_back(std::move(*bad));
    return nullptr;
  }
  pg::memory_input<> in(text.data() + from, text.data() + text.size(), source_name);
  try {
    pg::parse<g::leading>(in);
    if (pg::parse<pg::must<g::value_expr>, action, control>(in, st) && in.empty() && st.stack.size() == 1) {
      return st.pop();
    }
    throw SyntaxError{st.offset(in.current()), st.offset(in.current()) + 1, Msg::syn_after_value, {}, true};
  } catch (const SyntaxError& e) {
    diagnostics.push_back(value_syntax_diagnostic(voice, e, text, shift));
  }
  return nullptr;
}

}  // namespace kadenz::detail
