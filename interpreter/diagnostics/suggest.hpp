// Did-you-mean suggestions for diagnostics: which of the names a stage knows is a likely typo
// of the one the author wrote. Used by check (unknown names, types, functions, roles) and by
// extend (unknown rules, tables, parameters of a variant or `--set`).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kadenz::detail {

// Damerau-Levenshtein distance (optimal string alignment: insertions, deletions, substitutions
// and transpositions of two neighbouring bytes each cost 1), counted in bytes.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate nearest to `word`, if it is close enough to be a likely typo: nearer than
// max(1, |word| / 3) + 1 edits. On a tie the earliest candidate wins, so callers that want a
// stable suggestion pass the candidates in a fixed order. Nothing if no candidate is that near.
std::optional<std::string> closest(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace kadenz::detail
