// The message catalogue (stdlib/messages.def): every text kadenz shows a user, in English and
// German, and the one function that turns an entry and its arguments into text.
#pragma once

#include <kadenz/diagnostic.hpp>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace kadenz::detail {

enum class Msg : std::uint16_t {
#define KADENZ_MSG(id, ...) id,
#define KADENZ_TEXT(id, ...) id,
#include "stdlib/messages.def"
#undef KADENZ_MSG
#undef KADENZ_TEXT
};

// One entry of the catalogue. For a KADENZ_TEXT, `code` is empty and only text[...][0] is set.
struct CatalogueEntry {
  Msg id;
  std::string_view name;  // the id as written in messages.def
  std::string_view code;  // the diagnostic code; empty for a plain text
  // [language][0 message, 1 label, 2 help], language indexed by Lang
  std::string_view text[2][3];
};

// Every entry, in the order of messages.def (entry i has id Msg(i)).
std::span<const CatalogueEntry> catalogue() noexcept;
const CatalogueEntry& entry(Msg id) noexcept;

// In what language a message speaks: `text` for the prose, `keywords` for the keywords it names
// ({kw:…}); the latter is the keyword language of the policy the message is about.
struct Voice {
  Lang text = Lang::en;
  Lang keywords = Lang::en;
};

// A template filled in: {0}…{9} by `args` (a missing argument stays empty), {kw:word} by the
// keyword whose English spelling is `word`, in `keywords`; {{ and }} by a brace.
std::string fill(std::string_view tmpl, Lang keywords, std::initializer_list<std::string_view> args);

// The text of a KADENZ_TEXT (or the message of a KADENZ_MSG) in the voice's language.
std::string say(const Voice& voice, Msg id, std::initializer_list<std::string_view> args = {});

// A diagnostic from its entry: code, message, label and help in the voice's language.
Diagnostic diagnostic(const Voice& voice, Msg id, Severity severity, Span span,
                      std::initializer_list<std::string_view> args = {});

// The message language the environment asks for: LC_ALL, else LC_MESSAGES, else LANG (the
// first of them that is set and not empty), German for a value starting with `de`; nullopt if
// none is set (or it is `C`/`POSIX`). Pass the three values (getenv results, may be null).
std::optional<Lang> lang_from_environment(const char* lc_all, const char* lc_messages, const char* lang) noexcept;

// `en` / `de` as given to `--lang`; nullopt for anything else.
std::optional<Lang> parse_lang(std::string_view text) noexcept;

}  // namespace kadenz::detail
