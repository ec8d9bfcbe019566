// Resolve and check stage: binds every name, types every expression, and proves that no
// optional fact is read without an `is empty` guard. The syntax tree is annotated in place.
#pragma once

#include "interpreter/check/types.hpp"

#include <kadenz/diagnostic.hpp>

#include <vector>

namespace kadenz::detail {

// Runs resolve and check over a parsed policy. Errors go to `diagnostics`; the result is
// usable for compilation only if no error was added.
CheckedPolicy check_policy(PolicyAst ast, std::vector<Diagnostic>& diagnostics);

}  // namespace kadenz::detail
