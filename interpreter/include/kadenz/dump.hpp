// Printers of the pipeline's intermediate stages: a developer's tool (`kadenz dump`, golden
// tests), not needed to compile or evaluate a policy. The printed formats are not a stable
// interface: they change with the interpreter.
#pragma once

#include <kadenz/diagnostic.hpp>
#include <kadenz/kadenz.hpp>

#include <string>
#include <vector>

namespace kadenz {

// The stages dump() can print, in pipeline order:
// - ast: the one file as parsed (no bases, no `--set`);
// - merged: the tree after `extends` and `--set`, each line led by the file and line (or the
//   `--set NAME=VALUE`) it came from;
// - checked: the checked tree, every expression with its type and every name with what it is
//   bound to, plus the enumerations and the facts as the checker recorded them;
// - program: the compiled nodes and steps; code: the register code the evaluator runs.
enum class Stage { ast, merged, checked, program, code };

// Compiles `text` (named `name` in diagnostics) as far as `stage` and prints that stage.
// `options` (the `--set` values, how `extends` is resolved) apply to every stage but ast. Returns
// empty output, with the errors in `diagnostics`, if the stage cannot be
// reached; their spans point into the SourceFile that compile_policy(name, text, options) builds.
// Reads only the base files `extends` names (through options.resolve_extends). Thread safe (no
// shared state); throws only std::bad_alloc.
KADENZ_API std::string dump(const std::string& name, const std::string& text, Stage stage,
                            std::vector<Diagnostic>& diagnostics, const CompileOptions& options = {});

}  // namespace kadenz
