// Check stage, type names: how a checked type is written in messages and dumps.
#include "interpreter/check/checker.hpp"

#include "stdlib/vocabulary.hpp"

namespace kadenz::detail {

// The names are the type words a policy writes (`hours` and `weeks` are minutes and days once
// checked); the error type, which no policy can write, is named `<error>`.
const char* base_name(BaseType b) {
  switch (b) {
    case BaseType::error: return "<error>";
    case BaseType::boolean: return "bool";
    case BaseType::integer: return "int";
    case BaseType::text: return "text";
    case BaseType::date: return "date";
    case BaseType::minutes: return "minutes";
    case BaseType::days: return "days";
    case BaseType::months: return "months";
    case BaseType::percent: return "percent";
    case BaseType::enumeration: return "enumeration";
    case BaseType::duration: return "duration";
  }
  return "?";
}

// A base type's name in `lang`: the type word of kTypeNames with the English name's id
// (`monate` for months in German); the English name where there is no such word.
std::string base_name_in(BaseType b, Lang lang) {
  const char* english = base_name(b);
  if (lang == Lang::en) return english;
  if (const VocabularySpelling* s = find_vocabulary(kTypeNames, english)) {
    const std::string_view word = vocabulary_text(kTypeNames, s->id, lang);
    if (!word.empty()) return std::string(word);
  }
  return english;
}

Unit base_unit(BaseType b) {
  switch (b) {
    case BaseType::minutes: return Unit::minutes;
    case BaseType::days: return Unit::days;
    case BaseType::months: return Unit::months;
    case BaseType::percent: return Unit::percent;
    default: return Unit::none;
  }
}

// English keeps the type word, as messages always wrote it ("6 months", "6 percent"); German
// writes the plural unit ("6 Monate") and `%`.
std::string unit_word(BaseType b, Lang lang) {
  if (lang == Lang::en) return base_name(b);
  if (b == BaseType::percent) return "%";
  const std::string_view word = unit_spelling(base_unit(b), lang, true);
  return word.empty() ? base_name_in(b, lang) : std::string(word);
}

// An enumeration shows at most its first four values, so that a message stays one line. The
// words (`one of`, `or empty`, the base type) are those of `lang`.
std::string type_name(const Type& type, const std::vector<EnumInfo>& enums, Lang lang) {
  std::string s;
  if (type.base == BaseType::enumeration && type.enum_id < enums.size()) {
    s.append(keyword_spelling(Kw::one, lang)).append(" ").append(keyword_spelling(Kw::of, lang)).append(" ");
    const auto& v = enums[type.enum_id].values;
    for (std::size_t i = 0; i < v.size() && i < 4; ++i) s.append(i ? ", " : "").append(v[i]);
    if (v.size() > 4) s += ", …";
  } else {
    s = base_name_in(type.base, lang);
  }
  if (type.optional) {
    s.append(" ").append(keyword_spelling(Kw::or_, lang)).append(" ").append(keyword_spelling(Kw::empty, lang));
  }
  return s;
}

}  // namespace kadenz::detail
