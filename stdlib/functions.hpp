// The standard library's functions: names, signatures and what they do (types are checked in
// interpreter/check/check.cpp, values computed in interpreter/evaluate/evaluate.cpp).
#pragma once

#include <cstdint>
#include <string_view>

namespace kadenz::detail {

enum class Builtin : std::uint8_t {
  years_between, months_between, days_between, min, max, format_date, year, month, day, text,
};

struct BuiltinInfo {
  std::string_view name;
  Builtin id;
  int arity;
  std::string_view signature;  // shown in diagnostics and docs
};

inline constexpr BuiltinInfo kBuiltins[] = {
    {"years_between", Builtin::years_between, 2, "years_between(date, date) -> int: completed years"},
    {"months_between", Builtin::months_between, 2, "months_between(date, date) -> months: completed calendar months"},
    {"days_between", Builtin::days_between, 2, "days_between(date, date) -> days"},
    {"min", Builtin::min, 2, "min(a, b): the smaller of two values of the same ordered type"},
    {"max", Builtin::max, 2, "max(a, b): the larger of two values of the same ordered type"},
    {"format_date", Builtin::format_date, 2, "format_date(date, \"DD.MM.YYYY\") -> text"},
    {"year", Builtin::year, 1, "year(date) -> int"},
    {"month", Builtin::month, 1, "month(date) -> int"},
    {"day", Builtin::day, 1, "day(date) -> int"},
    {"text", Builtin::text, 1, "text(value) -> text: the value as it is printed in outputs"},
};

}  // namespace kadenz::detail
