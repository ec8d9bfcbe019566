// Parse stage: policy text -> syntax tree, with syntax errors as diagnostics.
#pragma once

#include "ast.hpp"

#include <kadenz/diagnostic.hpp>

#include <vector>

namespace kadenz::detail {

// Parses the whole file. Syntax errors go to `diagnostics`; the parser resynchronises at the
// next line that starts a declaration and goes on (up to kMaxErrors), so one run reports the
// mistakes of several declarations. Whatever parsed is returned.
PolicyAst parse_policy(const SourceFile& file, std::vector<Diagnostic>& diagnostics);

// Text for "found …" in messages: the word or character at `offset`, or "the end of the file".
std::string describe_found(std::string_view text, std::size_t offset);

}  // namespace kadenz::detail
