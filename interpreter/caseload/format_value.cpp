// Caseload stage: the printed form of a value (append_value). Numbers, dates and yes/no are
// formatted by format_into, the same function the evaluator's to_text uses.
#include "interpreter/caseload/format_value.hpp"

#include "interpreter/compile/value_text.hpp"

namespace kadenz::detail {

void append_value(std::string& out, const Program& program, const Type& type, const Value& v) {
  if (type.base == BaseType::text) {
    out.append(v.p ? v.p : "", v.n);
    return;
  }
  if (type.base == BaseType::enumeration) {
    out += program.enums[type.enum_id].values[static_cast<std::size_t>(v.i)];
    return;
  }
  char buf[32];
  out.append(buf, format_into(buf, type.base, v, program.voice.keywords));
}

}  // namespace kadenz::detail
