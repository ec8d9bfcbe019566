// The pipeline driver behind the public API: parse (with the bases a variant extends) -> extend
// -> check -> compile (see build_program for the steps of compiling, which use two stages).
#include "interpreter/pipeline/compile_policy.hpp"

#include "interpreter/check/check.hpp"
#include "interpreter/extend/load.hpp"
#include "grammar/limits.hpp"
#include "interpreter/compile/program.hpp"
#include "interpreter/evaluate/evaluate.hpp"
#include "interpreter/pipeline/policy_access.hpp"
#include "stdlib/catalogue.hpp"
#include "stdlib/vocabulary.hpp"

#include <fmt/format.h>

#include <optional>

namespace kadenz {
namespace {

// Turns a checked policy (without errors) into a runnable program, or null with the diagnostics
// of the parameters that cannot be computed. Compiling takes turns between the compile and the
// evaluate stage, sequenced here so that compile/ needs nothing from evaluate/:
//   1. compile_nodes (compile): slots, expression nodes and ordered steps; parameters are nodes.
//   2. fold_parameters (evaluate): the parameter nodes are evaluated once, at compile time, into
//      the constant slots; a fault is a `bad-parameter` error and there is no program.
//   3. compile_code (compile): the steps become register code; parameters stay slots, but their
//      values are final now, which the code's constant registers rely on.
//   4. thread_code (evaluate): each instruction gets the address of its operation in the
//      evaluator's dispatch loop (direct threading).
// Only step 2 can add diagnostics, so they come in the order they always did.
std::shared_ptr<const detail::Program> build_program(const detail::CheckedPolicy& checked,
                                                     std::shared_ptr<const SourceFile> source,
                                                     detail::Voice voice, std::vector<Diagnostic>& diagnostics) {
  std::shared_ptr<detail::Program> program = detail::compile_nodes(checked, std::move(source));
  program->voice = voice;
  std::vector<Diagnostic> faults = detail::fold_parameters(*program);
  if (!faults.empty()) {
    diagnostics.insert(diagnostics.end(), faults.begin(), faults.end());
    return nullptr;
  }
  detail::compile_code(*program);
  detail::thread_code(*program);
  return program;
}

}  // namespace

// The stages in order; each later stage runs only if the ones before it added no error.
Compiled compile_policy(std::string name, std::string text, const CompileOptions& options) {
  return detail::compile_policy_with_tree(std::move(name), std::move(text), options).compiled;
}

namespace detail {

CompiledWithTree compile_policy_with_tree(std::string name, std::string text, const CompileOptions& options) {
  CompiledWithTree out;
  Compiled& result = out.compiled;
  const std::optional<Lang> written = detail::keyword_language(text);
  result.keyword_lang = written.value_or(Lang::en);
  result.lang = detail::message_lang(options, text);
  auto source = std::make_shared<SourceFile>(SourceFile{std::move(name), std::move(text), {}});
  result.source = source;
  detail::PolicyAst ast = detail::load_policy(*source, options, result.diagnostics);
  // Type errors after syntax errors are mostly follow-ups of the lost declarations: report
  // the syntax errors alone, as the first thing to fix.
  if (count_errors(result.diagnostics) > 0) {
    out.tree.ast = std::move(ast);
    return out;
  }
  out.tree = detail::check_policy(std::move(ast), result.diagnostics, result.lang);
  out.checked = true;
  const detail::CheckedPolicy& checked = out.tree;
  if (result.diagnostics.size() > detail::kMaxErrors) {
    result.diagnostics.resize(detail::kMaxErrors);
  }
  if (count_errors(result.diagnostics) > 0) return out;
  // keywords in the merged policy's language (a variant's, after `extends`)
  detail::set_program(result, build_program(checked, source, detail::Voice{result.lang, checked.ast.lang}, result.diagnostics));
  return out;
}

}  // namespace detail

Compiled compile_policy_file(const std::string& path, const CompileOptions& options) {
  detail::ReadFailure why;
  std::optional<std::string> text = detail::read_policy_file(path, why);
  if (!text) {
    Compiled result;
    result.lang = options.lang.value_or(options.default_lang);
    result.source = std::make_shared<SourceFile>(SourceFile{path, "", {}});
    const detail::Voice voice{result.lang, result.lang};
    result.diagnostics.push_back(detail::diagnostic(voice, detail::Msg::io_read_policy, Severity::error, Span{0, 0},
                                                    {detail::read_failure_text(voice, why)}));
    return result;
  }
  return compile_policy(path, std::move(*text), options);
}

}  // namespace kadenz
