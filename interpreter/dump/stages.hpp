// Dump stage, internal: the printers of the merged policy (`kadenz dump --stage merged`) and
// of the checked policy (`--stage checked`), which kadenz::dump (dump.cpp) dispatches to.
#pragma once

#include "grammar/ast.hpp"

#include <kadenz/diagnostic.hpp>
#include <kadenz/kadenz.hpp>

#include <string>
#include <vector>

namespace kadenz::detail {

// How every printer writes an operator (`+`, `<=`) and a unit after a number (` months`, ` %`).
const char* op_text(Op op);
const char* unit_text(Unit u);

// Prints a policy tree the way `--stage ast` does: one line per declaration, one per rule.
using AstPrinter = std::string (*)(const PolicyAst&);

// The syntax tree as `kadenz dump --stage ast` prints it (one file, as parsed).
std::string print_ast(const PolicyAst& ast);

// Loads `text` (named `name`) with its bases and `options.set` exactly as compile_policy does,
// and prints the merged tree with `print`, each line led by the place its declaration or rule
// came from (`file:line`, or `--set NAME=VALUE`). Empty, with the errors in `diagnostics`, if
// the files do not load; warnings are kept in `diagnostics` too. The spans of the diagnostics
// point into a SourceFile built like compile_policy's for the same name, text and options.
std::string dump_merged(const std::string& name, const std::string& text, const CompileOptions& options,
                        AstPrinter print, std::vector<Diagnostic>& diagnostics);

// Loads and checks `text` like compile_policy, and prints the checked policy: header,
// enumerations, facts with what the checker recorded for them, and every declaration with its
// type and every expression annotated with its type (names also with what they are bound to).
// Empty, with the errors in `diagnostics`, if loading or checking fails.
std::string dump_checked(const std::string& name, const std::string& text, const CompileOptions& options,
                         std::vector<Diagnostic>& diagnostics);

}  // namespace kadenz::detail
