// Parse stage: one keyword language per file. The words the parser read as keywords, type
// names, hit policies and units, and the `mixed-language` errors for those of the other language.
#pragma once

#include "grammar/keywords.hpp"
#include "stdlib/catalogue.hpp"

#include <kadenz/diagnostic.hpp>

#include <cstdint>
#include <string_view>
#include <vector>

namespace kadenz::detail {

// What a recorded word was read as; each kind has its own spelling table in keywords.hpp.
enum class WordKind : std::uint8_t { keyword, type, hit, unit };

// One word as the parser read it: `text` points into the file's text, `offset` is its place in
// the offsets of the SourceFile (already shifted).
struct WordUse {
  WordKind kind;
  std::string_view text;
  std::uint32_t offset;
};

// The spelling languages of `text` read as `kind`: which of en/de have it. A word spelled the
// same in both (`in`, `text`; units up to case, `minute`/`Minute`) has both and is neutral.
struct SpellingLangs {
  bool en = false;
  bool de = false;
};
SpellingLangs spelling_langs(WordKind kind, std::string_view text);

// The word to write instead of `text` (read as `kind`) in a file of language `lang`: the
// canonical spelling of the same keyword, type, hit policy or unit (singular or plural as
// `text` is). Empty if `text` is not in the tables.
std::string_view spelling_in(WordKind kind, std::string_view text, Lang lang);

// A `mixed-language` error for each recorded word whose spelling exists only in the language
// other than `lang`, in the order of the file, each word once (a word the parser backtracked
// over may be recorded twice). At most kMaxErrors are reported: a file whose first keyword is
// of the wrong language would otherwise give one error per line. `voice.keywords` is the file's
// keyword language, `voice.text` the language of the messages.
void report_mixed_language(std::vector<WordUse> words, const Voice& voice, std::vector<Diagnostic>& diagnostics);

}  // namespace kadenz::detail
