// The pipeline driver behind the public API: parse (with the bases a variant extends) -> extend
// -> check -> compile.
#include <kadenz/kadenz.hpp>

#include "interpreter/check/check.hpp"
#include "interpreter/extend/load.hpp"
#include "grammar/limits.hpp"
#include "interpreter/compile/program.hpp"

#include <fmt/format.h>

#include <optional>

namespace kadenz {

// The stages in order; each later stage runs only if the ones before it added no error.
Compiled compile_policy(std::string name, std::string text, const CompileOptions& options) {
  Compiled result;
  auto source = std::make_shared<SourceFile>(SourceFile{std::move(name), std::move(text), {}});
  result.source = source;
  detail::PolicyAst ast = detail::load_policy(*source, options, result.diagnostics);
  // Type errors after syntax errors are mostly follow-ups of the lost declarations: report
  // the syntax errors alone, as the first thing to fix.
  if (count_errors(result.diagnostics) > 0) return result;
  detail::CheckedPolicy checked = detail::check_policy(std::move(ast), result.diagnostics);
  if (result.diagnostics.size() > detail::kMaxErrors) {
    result.diagnostics.resize(detail::kMaxErrors);
  }
  if (count_errors(result.diagnostics) > 0) return result;
  result.program = detail::compile_program(checked, source, result.diagnostics);
  return result;
}

Compiled compile_policy_file(const std::string& path, const CompileOptions& options) {
  std::string why;
  std::optional<std::string> text = detail::read_policy_file(path, why);
  if (!text) {
    Compiled result;
    result.source = std::make_shared<SourceFile>(SourceFile{path, "", {}});
    result.diagnostics.push_back(
        detail::io_error(Span{0, 0}, fmt::format("cannot read the policy file: {}", why), "check the path"));
    return result;
  }
  return compile_policy(path, std::move(*text), options);
}

}  // namespace kadenz
