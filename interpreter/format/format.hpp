// Format stage: `kadenz fmt`, the canonical layout of a policy text and its keyword translation.
#pragma once

#include "grammar/keywords.hpp"

#include <kadenz/diagnostic.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kadenz::detail {

// The result of formatting: the new text, or (if the policy has syntax errors) the parser's
// diagnostics and no text. Keywords of the other language (`mixed-language`) are no error here.
struct Formatted {
  bool ok = false;
  std::string text;
  std::vector<Diagnostic> diagnostics;
};

// Formats a policy text (named `name` in diagnostics). Only whitespace and keyword spelling ever
// change; names, texts in quotes, numbers and comments stay as written. The layout:
//   - each line keeps its line breaks; its indentation follows the structure (items at 0;
//     header lines, facts, parameters, workload roles, rules and the `else`/message line of
//     `require`/`warn` at 2; a rule's `when`/`then`/`otherwise` at 4; `end` at 0). A fact's
//     continuation line stands under its first enumeration value (or its type); other
//     continuation lines keep their indentation (at least 2);
//   - the types of a `facts` block line up (names padded), so do the `=` of a `parameters` or
//     `workload` block;
//   - trailing comments that stand in one column within a paragraph stay in one column, at the
//     author's distance from the longest code line of that column;
//   - at most one blank line anywhere, exactly one around a facts/parameters/table/workload
//     block, none at the start; trailing blanks go; the text ends with one line break;
//   - keywords, units, type names and hit policies in their canonical spelling: in `lang` when
//     given (a translation word by word, driven by where the grammar found each keyword), else in
//     the file's own keyword language (keyword_language: a stray keyword of the other language
//     is translated, which is how the `mixed-language` error is fixed; `gueltig` becomes `gültig`).
// fmt(fmt(x)) == fmt(x).
Formatted format_policy(std::string_view text, std::string_view name, std::optional<Lang> lang);

// 1-based number of the first line in which `a` and `b` differ; 0 if they are equal.
std::size_t first_different_line(std::string_view a, std::string_view b);

// Where the keyword-like words of a policy text are: byte offset, length and canonical spelling
// in `lang` (what format_policy writes there). Exposed for tests that compare token sequences.
struct KeywordPlace {
  std::size_t offset;
  std::size_t length;
  std::string canonical;
};
// The places, in text order; nullopt if the text has a syntax error.
std::optional<std::vector<KeywordPlace>> keyword_places(std::string_view text, std::optional<Lang> lang);

}  // namespace kadenz::detail
