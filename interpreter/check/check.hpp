// Resolve and check stage: binds every name, types every expression, and proves that no
// optional fact is read without an `is empty` guard. The syntax tree is annotated in place.
#pragma once

#include "interpreter/check/types.hpp"

#include <kadenz/diagnostic.hpp>

#include <optional>
#include <vector>

namespace kadenz::detail {

// Runs resolve and check over a parsed policy. Errors go to `diagnostics`; the result is
// usable for compilation only if no error was added. The messages speak `lang` (unset: the
// policy's keyword language, ast.lang).
CheckedPolicy check_policy(PolicyAst ast, std::vector<Diagnostic>& diagnostics, std::optional<Lang> lang = std::nullopt);

}  // namespace kadenz::detail
