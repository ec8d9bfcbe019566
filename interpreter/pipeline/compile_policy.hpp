// The pipeline driver's one entry beyond the public API: a compile that also hands back the tree
// it checked, for tools that point into the text (the language server's names, references and
// hovers, interpreter/lsp/).
#pragma once

#include "interpreter/check/types.hpp"

#include <kadenz/kadenz.hpp>

#include <string>

namespace kadenz::detail {

// What compile_policy returns, and the syntax tree it worked on: checked (every name bound, every
// expression typed) when `checked` is true, else as parsed (the file has syntax errors: what was
// parsed before and after them, names unbound). A variant's tree is the merged one, its spans in
// the text of `compiled.source` and its `included` bases.
struct CompiledWithTree {
  Compiled compiled;
  CheckedPolicy tree;
  bool checked = false;
};

// compile_policy (kadenz.hpp), keeping the tree. compile_policy is this without the tree.
CompiledWithTree compile_policy_with_tree(std::string name, std::string text, const CompileOptions& options);

}  // namespace kadenz::detail
