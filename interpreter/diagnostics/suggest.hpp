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

// edit_distance(a, b) if it is at most `max`, else max + 1 — in O(min(|a|, |b|) · max) steps
// (Ukkonen's band: only cells within `max` of the diagonal can be that near), stopping as soon
// as a whole row of the band is farther than `max`. What closest() uses, so that a search over
// many long candidates costs little for the ones that are far off.
std::size_t edit_distance_within(std::string_view a, std::string_view b, std::size_t max);

// The candidate nearest to `word`, if it is close enough to be a likely typo: nearer than
// max(1, |word| / 3) + 1 edits. On a tie the earliest candidate wins, so callers that want a
// stable suggestion pass the candidates in a fixed order. Nothing if no candidate is that near.
// Each candidate costs at most O(|word| · threshold); one whose length differs from the word's
// by the threshold or more is skipped without comparing a letter.
std::optional<std::string> closest(std::string_view word, const std::vector<std::string>& candidates);

// Cells of distance matrices that edit_distance_within and closest() computed on this thread so
// far: lets a test bound the work of a did-you-mean search by a count rather than a time.
std::size_t suggestion_cells();

}  // namespace kadenz::detail
