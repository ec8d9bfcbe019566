// The vocabulary of the policy language in both keyword languages: keywords, unit words, type
// names and hit policies, each spelling with its language. The grammar matches these words
// (grammar/keywords.hpp), the checker resolves type and hit names with them, `kadenz fmt`
// translates with them and the message catalogue names keywords with them. A German keyword
// set is changed here, nowhere else.
#pragma once

#include <kadenz/diagnostic.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace kadenz::detail {

// Units a number literal can carry; each maps to a quantity type and a factor (1 week = 7 days).
enum class Unit : std::uint8_t { none, minutes, hours, days, weeks, months, years, percent };

enum class Kw : std::uint8_t {
  policy, document, issued, valid, from, until,
  facts, parameters, end, let, table, hit, rule, when, then, otherwise,
  require, else_, warn, output,
  and_, or_, not_, in, is, empty, if_, true_, false_,
  one, of, key, column, default_, input, only,
  extends, workload, replace, add, remove, before, after,
  nothing,
  // a test inside the policy (`kadenz test`, docs/language.md §17)
  test, as_of, given, expect, warning, no_warning, error, changes,
};

// `reserved` words can never be names (in either language). The others are keywords only where
// the grammar expects them (`key`, `column`, `from`, …), so a fact may still be called `column`.
// Per keyword and language, the first spelling is the canonical one (what `kadenz fmt` writes);
// later ones are accepted alternatives (ASCII transliterations: `gueltig` for `gültig`). A word
// listed for both languages (`in`, `text`) belongs to neither and never decides the language.
// A spelling may be two words (`kein Wert`): the grammar then reads the words with blanks
// between them (same_spelling), and being one phrase it can never be a name anyway.
struct KeywordSpelling {
  Kw kw;
  std::string_view text;
  bool reserved;
  Lang lang;
};

inline constexpr KeywordSpelling kKeywords[] = {
    // English
    {Kw::policy, "policy", true, Lang::en},       {Kw::document, "document", false, Lang::en},
    {Kw::issued, "issued", false, Lang::en},      {Kw::valid, "valid", false, Lang::en},
    {Kw::from, "from", false, Lang::en},          {Kw::until, "until", false, Lang::en},
    {Kw::facts, "facts", true, Lang::en},         {Kw::parameters, "parameters", true, Lang::en},
    {Kw::end, "end", true, Lang::en},             {Kw::let, "let", true, Lang::en},
    {Kw::table, "table", true, Lang::en},         {Kw::hit, "hit", false, Lang::en},
    {Kw::rule, "rule", true, Lang::en},           {Kw::when, "when", true, Lang::en},
    {Kw::then, "then", true, Lang::en},           {Kw::otherwise, "otherwise", true, Lang::en},
    {Kw::require, "require", true, Lang::en},     {Kw::else_, "else", true, Lang::en},
    {Kw::warn, "warn", true, Lang::en},           {Kw::output, "output", true, Lang::en},
    {Kw::and_, "and", true, Lang::en},            {Kw::or_, "or", true, Lang::en},
    {Kw::not_, "not", true, Lang::en},            {Kw::in, "in", true, Lang::en},
    {Kw::is, "is", true, Lang::en},               {Kw::empty, "empty", true, Lang::en},
    {Kw::if_, "if", true, Lang::en},              {Kw::true_, "true", true, Lang::en},
    {Kw::false_, "false", true, Lang::en},        {Kw::one, "one", false, Lang::en},
    {Kw::of, "of", false, Lang::en},              {Kw::key, "key", false, Lang::en},
    {Kw::column, "column", false, Lang::en},      {Kw::default_, "default", false, Lang::en},
    {Kw::input, "input", false, Lang::en},        {Kw::only, "only", false, Lang::en},
    // variants (`extends`, edits of a base table) and the workload block: contextual words
    {Kw::extends, "extends", false, Lang::en},    {Kw::workload, "workload", false, Lang::en},
    {Kw::replace, "replace", false, Lang::en},    {Kw::add, "add", false, Lang::en},
    {Kw::remove, "remove", false, Lang::en},      {Kw::before, "before", false, Lang::en},
    {Kw::after, "after", false, Lang::en},
    // a rule that gives no value: `then nothing`
    {Kw::nothing, "nothing", true, Lang::en},
    // tests inside the policy: contextual words, so a fact may still be called `error`
    {Kw::test, "test", false, Lang::en},          {Kw::as_of, "as of", false, Lang::en},
    {Kw::given, "given", false, Lang::en},        {Kw::expect, "expect", false, Lang::en},
    {Kw::warning, "warning", false, Lang::en},    {Kw::no_warning, "no warning", false, Lang::en},
    {Kw::error, "error", false, Lang::en},        {Kw::changes, "changes", false, Lang::en},

    // German. `wenn` is a rule's and a warning's condition, `falls … dann … sonst` the value
    // that depends on one; `sonst` closes `prüfe` and `falls`, `andernfalls` is a rule without
    // condition. `input only` is `nur eingabe`: the German words are listed under the English
    // keywords in their German order (Kw::input is `nur`), so translating word by word keeps
    // the grammar's order.
    {Kw::policy, "richtlinie", true, Lang::de},   {Kw::document, "dokument", false, Lang::de},
    {Kw::issued, "erlassen", false, Lang::de},    {Kw::valid, "gültig", false, Lang::de},
    {Kw::valid, "gueltig", false, Lang::de},      {Kw::from, "ab", false, Lang::de},
    {Kw::until, "bis", false, Lang::de},          {Kw::facts, "fakten", true, Lang::de},
    {Kw::parameters, "parameter", true, Lang::de}, {Kw::end, "ende", true, Lang::de},
    {Kw::let, "sei", true, Lang::de},             {Kw::table, "tabelle", true, Lang::de},
    {Kw::hit, "treffer", false, Lang::de},        {Kw::rule, "regel", true, Lang::de},
    {Kw::when, "wenn", true, Lang::de},           {Kw::then, "dann", true, Lang::de},
    {Kw::otherwise, "andernfalls", true, Lang::de}, {Kw::require, "prüfe", true, Lang::de},
    {Kw::require, "pruefe", true, Lang::de},      {Kw::else_, "sonst", true, Lang::de},
    {Kw::warn, "warne", true, Lang::de},          {Kw::output, "ausgabe", true, Lang::de},
    {Kw::and_, "und", true, Lang::de},            {Kw::or_, "oder", true, Lang::de},
    {Kw::not_, "nicht", true, Lang::de},          {Kw::in, "in", true, Lang::de},
    {Kw::is, "ist", true, Lang::de},              {Kw::empty, "leer", true, Lang::de},
    {Kw::if_, "falls", true, Lang::de},           {Kw::true_, "ja", true, Lang::de},
    {Kw::false_, "nein", true, Lang::de},         {Kw::one, "eins", false, Lang::de},
    {Kw::of, "von", false, Lang::de},             {Kw::key, "schlüssel", false, Lang::de},
    {Kw::key, "schluessel", false, Lang::de},     {Kw::column, "spalte", false, Lang::de},
    {Kw::default_, "vorgabe", false, Lang::de},   {Kw::input, "nur", false, Lang::de},
    {Kw::only, "eingabe", false, Lang::de},
    {Kw::extends, "erweitert", false, Lang::de},  {Kw::workload, "arbeitslast", false, Lang::de},
    {Kw::replace, "ersetze", false, Lang::de},    {Kw::add, "ergänze", false, Lang::de},
    {Kw::add, "ergaenze", false, Lang::de},       {Kw::remove, "entferne", false, Lang::de},
    {Kw::before, "vor", false, Lang::de},         {Kw::after, "nach", false, Lang::de},
    {Kw::nothing, "kein Wert", true, Lang::de},
    {Kw::test, "prüfung", false, Lang::de},       {Kw::test, "pruefung", false, Lang::de},
    {Kw::as_of, "stichtag", false, Lang::de},     {Kw::given, "gegeben", false, Lang::de},
    {Kw::expect, "erwartet", false, Lang::de},    {Kw::warning, "warnung", false, Lang::de},
    {Kw::no_warning, "keine warnung", false, Lang::de}, {Kw::error, "fehler", false, Lang::de},
    {Kw::changes, "ändert sich", false, Lang::de}, {Kw::changes, "aendert sich", false, Lang::de},
};

// Unit words after a number: `6 months`, `60 Minuten`, `2 Wochen`. Not reserved. Per unit and
// language the first singular and the first plural spelling are canonical (`1 month`,
// `6 months`; `1 Monat`, `6 Monate`); `Monaten`, `Tagen` are accepted.
struct UnitSpelling {
  Unit unit;
  std::string_view text;
  Lang lang;
  bool plural;
};

inline constexpr UnitSpelling kUnits[] = {
    {Unit::minutes, "minute", Lang::en, false}, {Unit::minutes, "minutes", Lang::en, true},
    {Unit::hours, "hour", Lang::en, false},     {Unit::hours, "hours", Lang::en, true},
    {Unit::days, "day", Lang::en, false},       {Unit::days, "days", Lang::en, true},
    {Unit::weeks, "week", Lang::en, false},     {Unit::weeks, "weeks", Lang::en, true},
    {Unit::months, "month", Lang::en, false},   {Unit::months, "months", Lang::en, true},
    {Unit::years, "year", Lang::en, false},     {Unit::years, "years", Lang::en, true},
    {Unit::minutes, "Minute", Lang::de, false}, {Unit::minutes, "Minuten", Lang::de, true},
    {Unit::hours, "Stunde", Lang::de, false},   {Unit::hours, "Stunden", Lang::de, true},
    {Unit::days, "Tag", Lang::de, false},       {Unit::days, "Tage", Lang::de, true},
    {Unit::days, "Tagen", Lang::de, true},      {Unit::weeks, "Woche", Lang::de, false},
    {Unit::weeks, "Wochen", Lang::de, true},    {Unit::months, "Monat", Lang::de, false},
    {Unit::months, "Monate", Lang::de, true},   {Unit::months, "Monaten", Lang::de, true},
    {Unit::years, "Jahr", Lang::de, false},     {Unit::years, "Jahre", Lang::de, true},
    {Unit::years, "Jahren", Lang::de, true},
};

// Type names (`months`, `one of` aside) and hit policies are names the checker resolves, not
// grammar keywords, but they are spelled per language too. `id` is the same thing in both
// languages: for types an index into kTypeNames' English entries (what the checker maps to a
// base type), for hit policies the HitPolicy order first, unique, shortest, longest.
struct VocabularySpelling {
  std::uint8_t id;
  std::string_view text;
  Lang lang;
};

inline constexpr VocabularySpelling kTypeNames[] = {
    {0, "bool", Lang::en},    {1, "int", Lang::en},        {2, "text", Lang::en},       {3, "date", Lang::en},
    {4, "minutes", Lang::en}, {5, "hours", Lang::en},      {6, "days", Lang::en},       {7, "weeks", Lang::en},
    {8, "months", Lang::en},  {9, "years", Lang::en},      {10, "percent", Lang::en},   {11, "duration", Lang::en},
    {0, "wahrheitswert", Lang::de}, {1, "zahl", Lang::de}, {2, "text", Lang::de},       {3, "datum", Lang::de},
    {4, "minuten", Lang::de}, {5, "stunden", Lang::de},    {6, "tage", Lang::de},       {7, "wochen", Lang::de},
    {8, "monate", Lang::de},  {9, "jahre", Lang::de},      {10, "prozent", Lang::de},   {11, "dauer", Lang::de},
};

inline constexpr VocabularySpelling kHitNames[] = {
    {0, "first", Lang::en},   {1, "unique", Lang::en},     {2, "shortest", Lang::en},   {3, "longest", Lang::en},
    {0, "erste", Lang::de},   {1, "eindeutig", Lang::de},  {2, "kürzeste", Lang::de},   {3, "längste", Lang::de},
    {2, "kuerzeste", Lang::de}, {3, "laengste", Lang::de},
};

// The spelling `text` of a type name or hit policy in `table` (kTypeNames, kHitNames), in
// either language, or null. `text` is in both languages; the first (English) entry is returned.
template <std::size_t N>
constexpr const VocabularySpelling* find_vocabulary(const VocabularySpelling (&table)[N], std::string_view text) {
  for (const auto& s : table)
    if (s.text == text) return &s;
  return nullptr;
}

// The canonical (first) spelling of type or hit policy `id` in language `lang`.
template <std::size_t N>
constexpr std::string_view vocabulary_text(const VocabularySpelling (&table)[N], std::uint8_t id, Lang lang) {
  for (const auto& s : table)
    if (s.id == id && s.lang == lang) return s.text;
  return {};
}

// The unit spelling `text` stands for, or null. Unit words are accepted in any letter case
// (`2 monate`, `6 MONTHS`): policy staff type them as they would in a letter. An exact spelling
// wins, so `Minute` is the German and `minute` the English entry.
constexpr bool equal_ignoring_ascii_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

constexpr const UnitSpelling* find_unit(std::string_view text) {
  for (const auto& u : kUnits)
    if (u.text == text) return &u;
  for (const auto& u : kUnits)
    if (equal_ignoring_ascii_case(u.text, text)) return &u;
  return nullptr;
}

// The canonical spelling of `unit` in `lang`, singular or plural (`Monat`, `Monate`); empty for
// Unit::none and Unit::percent (written `%`).
constexpr std::string_view unit_spelling(Unit unit, Lang lang, bool plural) {
  for (const auto& u : kUnits)
    if (u.unit == unit && u.lang == lang && u.plural == plural) return u.text;
  return {};
}

// True if `text` (as written in a policy) is the keyword spelling `spelling`: equal, except that
// a run of blanks (spaces, tabs) in `text` stands for the one space of a two-word spelling
// (`kein   Wert` is `kein Wert`).
constexpr bool same_spelling(std::string_view spelling, std::string_view text) {
  std::size_t i = 0, j = 0;
  while (i < spelling.size() && j < text.size()) {
    if (spelling[i] == ' ') {
      if (text[j] != ' ' && text[j] != '\t') return false;
      while (j < text.size() && (text[j] == ' ' || text[j] == '\t')) ++j;
      ++i;
      continue;
    }
    if (spelling[i] != text[j]) return false;
    ++i;
    ++j;
  }
  return i == spelling.size() && j == text.size();
}

// True if `word` is a reserved keyword in any spelling.
constexpr bool is_reserved(std::string_view word) {
  for (const auto& k : kKeywords)
    if (k.reserved && k.text == word) return true;
  return false;
}

// The language of a policy text: that of its first keyword whose spelling belongs to one
// language only (comments and texts in double quotes are skipped; `in` decides nothing).
// nullopt for a text without such a keyword (empty, or not a policy).
std::optional<Lang> keyword_language(std::string_view text) noexcept;

// The canonical spelling of keyword `kw` in `lang` (the first listed).
std::string_view keyword_spelling(Kw kw, Lang lang) noexcept;

}  // namespace kadenz::detail
