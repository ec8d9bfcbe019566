// The pipeline driver behind the public API: parse -> check -> compile.
#include <kadenz/kadenz.hpp>

#include "check.hpp"
#include "grammar/parse.hpp"
#include "program.hpp"
#include "grammar/limits.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace kadenz {

Compiled compile_policy(std::string name, std::string text) {
  Compiled result;
  auto source = std::make_shared<SourceFile>(SourceFile{std::move(name), std::move(text)});
  result.source = source;
  detail::PolicyAst ast = detail::parse_policy(*source, result.diagnostics);
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

Compiled compile_policy_file(const std::string& path) {
  std::error_code ec;
  const bool directory = std::filesystem::is_directory(path, ec);
  std::ifstream in(path, std::ios::binary);
  if (directory) errno = EISDIR;
  if (!in || directory) {
    Compiled result;
    result.source = std::make_shared<SourceFile>(SourceFile{path, ""});
    result.diagnostics.push_back(Diagnostic{"io", Severity::error,
                                            fmt::format("cannot read the policy file: {}", std::strerror(errno)),
                                            Span{0, 0}, "", {}, "check the path", "", {}, {}});
    return result;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) {
    Compiled result;
    result.source = std::make_shared<SourceFile>(SourceFile{path, ""});
    result.diagnostics.push_back(Diagnostic{"io", Severity::error, "cannot read the policy file: read error",
                                            Span{0, 0}, "", {}, "check the path", "", {}, {}});
    return result;
  }
  return compile_policy(path, ss.str());
}

}  // namespace kadenz
