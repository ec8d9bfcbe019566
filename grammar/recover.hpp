// Parse stage, grammar-internal: what a syntax error says (SyntaxError -> Diagnostic) and where
// the parser resumes after one; used by the parse driver (parse.cpp) and the must-point control.
#pragma once

#include "grammar/builder.hpp"

#include <kadenz/diagnostic.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace kadenz::detail {

// The error for a failed must point at `at` (input ends at `end`): `message` is the rule's
// catalogue entry from messages.hpp. `expects_name` is set for rules that match an identifier (a
// reserved word there gets a hint), `closes_text` for the closing quote of a text (a lone `}`
// or an unknown escape there gets its own message).
SyntaxError must_point_error(const ParseState& st, const char* at, const char* end, Msg message,
                             bool expects_name, bool closes_text);

// The error when no declaration parses at `pos` of `text`: left-over text at the end of the
// previous declaration's line, or a line that starts with a word no declaration starts with.
SyntaxError no_declaration_error(const ParseState& st, std::string_view text, std::size_t pos);

// The `syntax` diagnostic for `e`, an error in this file's own offsets (the SourceFile shift
// already taken off) found while parsing the item that began at `pos`; the diagnostic's span is
// shifted back by `shift`. It speaks `voice`.
Diagnostic syntax_diagnostic(const Voice& voice, const SyntaxError& e, std::string_view text, std::size_t pos,
                             std::uint32_t shift);

// The `syntax` diagnostic for `e` (SourceFile offsets) in a `--set` value `text` that starts at
// `shift`.
Diagnostic value_syntax_diagnostic(const Voice& voice, const SyntaxError& e, std::string_view text, std::uint32_t shift);

// Offset where parsing resumes after an error at `from` (the current item began at `start`):
// the first line, from the error's own line on, whose first word starts a declaration and lies
// past `start` (so the parser always makes progress); the end of the text if there is none.
std::size_t resync(std::string_view text, std::size_t start, std::size_t from);

}  // namespace kadenz::detail
