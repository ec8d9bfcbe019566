// Parse stage: the entry points. Runs the PEGTL grammar with the tree-building actions one
// declaration at a time, and after a syntax error records it and resumes at the next one.
#include "grammar/parse.hpp"

#include "grammar/actions.hpp"
#include "grammar/builder.hpp"
#include "grammar/recover.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string>

namespace kadenz::detail {

namespace pg = tao::pegtl;
namespace g = grammar;
using actions::action;
using actions::control;

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
      throw no_declaration_error(st, text, pos);
    } catch (const SyntaxError& thrown) {
      // Offsets in the error are those of the SourceFile; work in this text's own.
      SyntaxError e = thrown;
      e.offset -= shift;
      e.end -= shift;
      diagnostics.push_back(syntax_diagnostic(e, text, pos, shift));
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
    diagnostics.push_back(value_syntax_diagnostic(e, text, shift));
  }
  return nullptr;
}

}  // namespace kadenz::detail
