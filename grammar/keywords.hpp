// The one table of keywords and unit words; a German keyword set is added here, nowhere else.
#pragma once

#include "grammar/ast.hpp"

#include <cstddef>
#include <string_view>

namespace kadenz::detail {

enum class Kw : std::uint8_t {
  policy, document, issued, valid, from, until,
  facts, parameters, end, let, table, hit, rule, when, then, otherwise,
  require, else_, warn, output,
  and_, or_, not_, in, is, empty, if_, true_, false_,
  one, of, key, column, default_, input, only,
  extends, workload, replace, add, remove, before, after,
};

// `reserved` words can never be names. The others are keywords only where the grammar expects
// them (`key`, `column`, `from`, …), so a fact may still be called `column`.
struct KeywordSpelling {
  Kw kw;
  std::string_view text;
  bool reserved;
};

inline constexpr KeywordSpelling kKeywords[] = {
    {Kw::policy, "policy", true},     {Kw::document, "document", false}, {Kw::issued, "issued", false},
    {Kw::valid, "valid", false},      {Kw::from, "from", false},         {Kw::until, "until", false},
    {Kw::facts, "facts", true},       {Kw::parameters, "parameters", true},
    {Kw::end, "end", true},           {Kw::let, "let", true},            {Kw::table, "table", true},
    {Kw::hit, "hit", false},          {Kw::rule, "rule", true},          {Kw::when, "when", true},
    {Kw::then, "then", true},         {Kw::otherwise, "otherwise", true}, {Kw::require, "require", true},
    {Kw::else_, "else", true},        {Kw::warn, "warn", true},          {Kw::output, "output", true},
    {Kw::and_, "and", true},          {Kw::or_, "or", true},             {Kw::not_, "not", true},
    {Kw::in, "in", true},             {Kw::is, "is", true},              {Kw::empty, "empty", true},
    {Kw::if_, "if", true},            {Kw::true_, "true", true},         {Kw::false_, "false", true},
    {Kw::one, "one", false},          {Kw::of, "of", false},             {Kw::key, "key", false},
    {Kw::column, "column", false},    {Kw::default_, "default", false},
    {Kw::input, "input", false},      {Kw::only, "only", false},
    // variants (`extends`, edits of a base table) and the workload block: contextual words
    {Kw::extends, "extends", false},  {Kw::workload, "workload", false},
    {Kw::replace, "replace", false},  {Kw::add, "add", false},           {Kw::remove, "remove", false},
    {Kw::before, "before", false},    {Kw::after, "after", false},
};

// Unit words after a number: `6 months`, `60 minutes`, `2 Wochen`. Not reserved.
struct UnitSpelling {
  Unit unit;
  std::string_view text;
};

inline constexpr UnitSpelling kUnits[] = {
    {Unit::minutes, "minute"}, {Unit::minutes, "minutes"}, {Unit::minutes, "Minute"}, {Unit::minutes, "Minuten"},
    {Unit::hours, "hour"},     {Unit::hours, "hours"},     {Unit::hours, "Stunde"},   {Unit::hours, "Stunden"},
    {Unit::days, "day"},       {Unit::days, "days"},       {Unit::days, "Tag"},       {Unit::days, "Tage"},
    {Unit::days, "Tagen"},     {Unit::weeks, "week"},      {Unit::weeks, "weeks"},    {Unit::weeks, "Woche"},
    {Unit::weeks, "Wochen"},   {Unit::months, "month"},    {Unit::months, "months"},  {Unit::months, "Monat"},
    {Unit::months, "Monate"},  {Unit::months, "Monaten"},  {Unit::years, "year"},     {Unit::years, "years"},
    {Unit::years, "Jahr"},     {Unit::years, "Jahre"},     {Unit::years, "Jahren"},
};

// True if `word` is a reserved keyword in any spelling.
constexpr bool is_reserved(std::string_view word) {
  for (const auto& k : kKeywords)
    if (k.reserved && k.text == word) return true;
  return false;
}

// Bytes of the identifier-shaped word at [p, e): ASCII letters, digits (not first), '_', and
// UTF-8 encoded letters of the Latin, Greek and Cyrillic blocks (ä ö ü ß Ü …), and after the
// first character combining diacritical marks (a Mac's decomposed `ü`). Returns 0 if no word
// starts at p. `§`, `×`, `÷` and typographic quotes are not letters.
std::size_t scan_word(const char* p, const char* e) noexcept;

// True if the byte sequence at p starts a character that may continue a word.
inline bool continues_word(const char* p, const char* e) noexcept {
  return p < e && (scan_word(p, e) > 0 || (*p >= '0' && *p <= '9'));
}

}  // namespace kadenz::detail
