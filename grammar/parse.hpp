// Parse stage: policy text -> syntax tree, with syntax errors as diagnostics.
#pragma once

#include "grammar/ast.hpp"
#include "stdlib/catalogue.hpp"

#include <kadenz/diagnostic.hpp>

#include <optional>
#include <vector>

namespace kadenz::detail {

// Parses the whole file. Syntax errors go to `diagnostics`; the parser resynchronises at the
// next line that starts a declaration and goes on (up to kMaxErrors), so one run reports the
// mistakes of several declarations. Whatever parsed is returned.
PolicyAst parse_policy(const SourceFile& file, std::vector<Diagnostic>& diagnostics);

// The same for one text of a SourceFile that starts at offset `shift` (a variant's base file,
// a `--set` value): every span of the tree and of the diagnostics is shifted by it. The
// messages speak `lang` (unset: the text's own keyword language), naming keywords in the text's.
PolicyAst parse_policy_text(std::string_view text, std::string_view name, std::uint32_t shift,
                            std::vector<Diagnostic>& diagnostics, std::optional<Lang> lang = std::nullopt);

// Parses one value (an expression) at `from` in `text`, the whole rest of the text; for
// `--set NAME=VALUE`. Spans are shifted like parse_policy_text's. Null after a syntax error.
ExprPtr parse_expression_text(std::string_view text, std::size_t from, std::string_view name, std::uint32_t shift,
                              std::vector<Diagnostic>& diagnostics, Lang lang = Lang::en);

// The first NUL byte or byte that is not well-formed UTF-8 in `text` (a text of a SourceFile
// at `shift`) as an `encoding` error at its line and column; nullopt if there is none. The
// parse functions refuse such a text with it before parsing.
std::optional<Diagnostic> encoding_error(std::string_view text, std::uint32_t shift, const Voice& voice = {});

// Text for "found …" in messages: the word or character at `offset`, or `end_of_text` (a `--set`
// value ends, a file ends), in the voice's language.
std::string describe_found(const Voice& voice, std::string_view text, std::size_t offset,
                           Msg end_of_text = Msg::syn_end_of_file);

}  // namespace kadenz::detail
