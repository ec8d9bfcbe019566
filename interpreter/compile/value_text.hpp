// How a number, date or yes/no value is printed: the one definition shared by the evaluator's
// to_text, the compiler's per-rule texts (compile_code) and the outputs (caseload's append_value),
// so that a value reads the same wherever it is turned into text.
#pragma once

#include "interpreter/compile/program.hpp"
#include "stdlib/date.hpp"
#include "stdlib/duration.hpp"

#include <charconv>
#include <cstring>

namespace kadenz::detail {

// Formats a number, date, duration or yes/no value into `buf` (at least 32 bytes) and returns its
// length: true/false, an ISO date, a plain integer (quantities in their base unit), a duration
// as its count and unit word in `lang`, the policy's keyword language ("4 Wochen", "1 month").
// Enumerations and text are not formatted here: their bytes already live in the program or the
// input. Inline for append_value, which formats every output of every row; the evaluator calls
// it through an out-of-line wrapper (to_text_into in walker.hpp).
inline std::size_t format_into(char* buf, BaseType base, const Value& v, Lang lang) {
  switch (base) {
    case BaseType::duration: return format_duration(buf, v.i, lang);
    case BaseType::boolean:
      std::memcpy(buf, v.i ? "true" : "false", v.i ? 4 : 5);
      return v.i ? 4 : 5;
    case BaseType::date:
      return static_cast<std::size_t>(format_iso(static_cast<DayNumber>(v.i), buf) - buf);
    default: {
      const auto r = std::to_chars(buf, buf + 24, v.i);
      return static_cast<std::size_t>(r.ptr - buf);
    }
  }
}

}  // namespace kadenz::detail
