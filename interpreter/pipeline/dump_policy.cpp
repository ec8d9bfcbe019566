// The public dump() (kadenz/dump.hpp): runs the pipeline as far as the asked stage and prints it
// with the dump stage's printers. Here, not in dump/, because the later stages need a compile.
#include <kadenz/dump.hpp>

#include "grammar/parse.hpp"
#include "interpreter/compile/program.hpp"
#include "interpreter/dump/stages.hpp"
#include "interpreter/pipeline/policy_access.hpp"

namespace kadenz {

std::string dump(const std::string& name, const std::string& text, Stage stage, std::vector<Diagnostic>& diagnostics,
                 const CompileOptions& options) {
  if (stage == Stage::ast) {
    const SourceFile file{name, text, {}};
    return detail::print_ast(detail::parse_policy(file, diagnostics));
  }
  if (stage == Stage::merged) return detail::dump_merged(name, text, options, &detail::print_ast, diagnostics);
  if (stage == Stage::checked) return detail::dump_checked(name, text, options, diagnostics);
  Compiled c = compile_policy(name, text, options);
  diagnostics = c.diagnostics;
  const auto& program = detail::program_of(c);
  if (!program) return std::string();
  return stage == Stage::code ? detail::dump_code(*program) : detail::dump_program(*program);
}

}  // namespace kadenz
