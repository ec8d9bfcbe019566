// Check stage, type names: how a checked type is written in messages and dumps.
#include "interpreter/check/checker.hpp"

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
  }
  return "?";
}

// An enumeration shows at most its first four values, so that a message stays one line.
std::string type_name(const Type& type, const std::vector<EnumInfo>& enums) {
  std::string s;
  if (type.base == BaseType::enumeration && type.enum_id < enums.size()) {
    s = "one of ";
    const auto& v = enums[type.enum_id].values;
    for (std::size_t i = 0; i < v.size() && i < 4; ++i) s += (i ? ", " : "") + v[i];
    if (v.size() > 4) s += ", …";
  } else {
    s = base_name(type.base);
  }
  if (type.optional) s += " or empty";
  return s;
}

}  // namespace kadenz::detail
