// The kadenz library: compile a policy once, then evaluate records with it.
#pragma once

#include <kadenz/diagnostic.hpp>

#include <memory>
#include <string>
#include <vector>

namespace kadenz {

namespace detail {
struct Program;
}

// The result of compiling a policy. `program` is set only if there were no errors; it is
// immutable and may be shared by any number of threads. `source` owns the text the
// diagnostics point into. The library never prints: render the diagnostics with
// render_text/render_json.
struct Compiled {
  std::shared_ptr<const SourceFile> source;
  std::vector<Diagnostic> diagnostics;
  std::shared_ptr<const detail::Program> program;
  bool ok() const noexcept { return program != nullptr; }
};

// Parses, checks and compiles policy text. `name` is used in diagnostics (usually the path).
Compiled compile_policy(std::string name, std::string text);

// Reads and compiles a policy file; an unreadable file is an "io" diagnostic.
Compiled compile_policy_file(const std::string& path);

// Printers of the intermediate stages, for `kadenz dump` and golden tests.
enum class Stage { ast, program };
std::string dump(const std::string& name, const std::string& text, Stage stage, std::vector<Diagnostic>& diagnostics);

}  // namespace kadenz
