// The message catalogue's table and how a template is filled in.
#include "stdlib/catalogue.hpp"

#include "stdlib/vocabulary.hpp"

namespace kadenz::detail {
namespace {

constexpr CatalogueEntry kCatalogue[] = {
#define KADENZ_MSG(id, code, en_m, en_l, en_h, de_m, de_l, de_h) \
  {Msg::id, #id, code, {{en_m, en_l, en_h}, {de_m, de_l, de_h}}},
#define KADENZ_TEXT(id, en, de) {Msg::id, #id, "", {{en, "", ""}, {de, "", ""}}},
#include "stdlib/messages.def"
#undef KADENZ_MSG
#undef KADENZ_TEXT
};

// The keyword spelled `english` in English, in `lang`; `english` itself if it is no keyword (the
// catalogue test makes sure every {kw:…} names one).
std::string_view keyword_in(std::string_view english, Lang lang) noexcept {
  for (const auto& k : kKeywords)
    if (k.lang == Lang::en && k.text == english) return keyword_spelling(k.kw, lang);
  return english;
}

}  // namespace

std::span<const CatalogueEntry> catalogue() noexcept { return kCatalogue; }

const CatalogueEntry& entry(Msg id) noexcept { return kCatalogue[static_cast<std::size_t>(id)]; }

std::string fill(std::string_view tmpl, Lang keywords, std::initializer_list<std::string_view> args) {
  std::string out;
  out.reserve(tmpl.size() + 32);
  for (std::size_t i = 0; i < tmpl.size(); ++i) {
    const char c = tmpl[i];
    if ((c == '{' || c == '}') && i + 1 < tmpl.size() && tmpl[i + 1] == c) {  // {{ or }}
      out += c;
      ++i;
      continue;
    }
    if (c != '{') {
      out += c;
      continue;
    }
    const std::size_t close = tmpl.find('}', i);
    if (close == std::string_view::npos) {  // a lone `{`: kept (the catalogue test refuses it)
      out += c;
      continue;
    }
    const std::string_view inside = tmpl.substr(i + 1, close - i - 1);
    if (inside.size() == 1 && inside[0] >= '0' && inside[0] <= '9') {
      const auto k = static_cast<std::size_t>(inside[0] - '0');
      if (k < args.size()) out += *(args.begin() + k);
    } else if (inside.substr(0, 3) == "kw:") {
      out += keyword_in(inside.substr(3), keywords);
    } else {
      out.append(tmpl.substr(i, close - i + 1));
    }
    i = close;
  }
  return out;
}

std::string say(const Voice& voice, Msg id, std::initializer_list<std::string_view> args) {
  return fill(entry(id).text[static_cast<std::size_t>(voice.text)][0], voice.keywords, args);
}

Diagnostic diagnostic(const Voice& voice, Msg id, Severity severity, Span span,
                      std::initializer_list<std::string_view> args) {
  const CatalogueEntry& e = entry(id);
  const auto& t = e.text[static_cast<std::size_t>(voice.text)];
  Diagnostic d;
  d.code = std::string(e.code);
  d.severity = severity;
  d.message = fill(t[0], voice.keywords, args);
  d.span = span;
  d.label = fill(t[1], voice.keywords, args);
  d.help = fill(t[2], voice.keywords, args);
  return d;
}

std::optional<Lang> lang_from_environment(const char* lc_all, const char* lc_messages, const char* lang) noexcept {
  for (const char* v : {lc_all, lc_messages, lang}) {
    if (v == nullptr || *v == '\0') continue;
    const std::string_view s(v);
    if (s == "C" || s == "POSIX" || s.substr(0, 2) == "C.") return std::nullopt;
    return s.substr(0, 2) == "de" ? Lang::de : Lang::en;
  }
  return std::nullopt;
}

std::optional<Lang> parse_lang(std::string_view text) noexcept {
  if (text == "en") return Lang::en;
  if (text == "de") return Lang::de;
  return std::nullopt;
}

}  // namespace kadenz::detail
