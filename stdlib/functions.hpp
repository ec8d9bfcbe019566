// The standard library's functions: the registry generated from builtins.def (names, arity,
// typing rule, lowering, signature) and the value of each function. The checker types calls by
// the typing rule (interpreter/check/check_expressions.cpp), the compiler lowers them by the
// lowering (interpreter/compile/), and both evaluators (the node walker and run_code) compute
// them with the functions below, so a built-in's meaning is written once.
#pragma once

#include "stdlib/date.hpp"
#include "stdlib/duration.hpp"

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>

namespace kadenz::detail {

enum class Builtin : std::uint8_t {
#define KADENZ_BUILTIN(name, arity, typing, lowering, signature) name,
#include "stdlib/builtins.def"
};

// How the checker types a call (the argument types it wants and the result it gives).
enum class BuiltinTyping : std::uint8_t {
  dates_to_int,      // (date, date) -> int
  dates_to_months,   // (date, date) -> months
  dates_to_days,     // (date, date) -> days
  same_ordered,      // (T, T) -> T for one ordered type T (numbers, quantities, dates)
  date_and_pattern,  // (date, plain text constant) -> text
  date_to_int,       // (date) -> int
  any_to_text,       // (any) -> text
  duration_and_texts,  // (duration, text, text, text) -> text; days or months are widened
};

// How the compiler lowers a call.
enum class BuiltinLowering : std::uint8_t {
  binary,   // a node of its own code; in the register code an operation of its own over two
            // registers: R[a] = f(R[b].i, R[c].i), an integer-like result
  unary,    // a node of its own code, f(kid 0) integer-like; the register code runs the node
  pattern,  // a node of its own code with the second argument (a text constant) as `aux`:
            // f(kid 0, pattern) is a text
  as_text,  // no code of its own: the value printed as outputs print it (to_text)
  texts,    // a node of its own code over all its arguments, the first integer-like and the
            // others texts: f(kid 0, kid 1, …) is a text; the register code runs the node
};

struct BuiltinInfo {
  std::string_view name;
  Builtin id;
  int arity;
  BuiltinTyping typing;
  BuiltinLowering lowering;
  std::string_view signature;  // shown in diagnostics and docs
};

inline constexpr BuiltinInfo kBuiltins[] = {
#define KADENZ_BUILTIN(name, arity, typing, lowering, signature) \
  {#name, Builtin::name, arity, BuiltinTyping::typing, BuiltinLowering::lowering, signature},
#include "stdlib/builtins.def"
};

// The built-in called `name`, or null.
constexpr const BuiltinInfo* find_builtin(std::string_view name) {
  for (const auto& b : kBuiltins)
    if (b.name == name) return &b;
  return nullptr;
}

// A call's Builtin is its index into kBuiltins (the checker stores it so): both come from the
// same rows, in the same order.
constexpr bool builtins_in_order() {
  for (std::size_t i = 0; i < std::size(kBuiltins); ++i)
    if (static_cast<std::size_t>(kBuiltins[i].id) != i) return false;
  return true;
}
static_assert(builtins_in_order());

// The values. Dates are day numbers (stdlib/date.hpp); integer-like results are int64. Each
// function is total on the values the checker lets through (none can fault), which the
// analyzer and the register code's optimisations rely on; a built-in that could fault would
// need the evaluators' fault path.
namespace builtin {

inline std::int64_t years_between(std::int64_t from, std::int64_t to) noexcept {
  return detail::years_between(static_cast<DayNumber>(from), static_cast<DayNumber>(to));
}
inline std::int64_t months_between(std::int64_t from, std::int64_t to) noexcept {
  return detail::months_between(static_cast<DayNumber>(from), static_cast<DayNumber>(to));
}
inline std::int64_t days_between(std::int64_t from, std::int64_t to) noexcept {
  return static_cast<std::int64_t>(static_cast<DayNumber>(to)) - static_cast<DayNumber>(from);
}
inline std::int64_t min(std::int64_t a, std::int64_t b) noexcept { return b < a ? b : a; }
inline std::int64_t max(std::int64_t a, std::int64_t b) noexcept { return b > a ? b : a; }
inline std::string format_date(std::int64_t date, std::string_view pattern) {
  return detail::format_date(static_cast<DayNumber>(date), pattern);
}
inline std::int64_t year(std::int64_t date) noexcept { return civil_from_days(static_cast<DayNumber>(date)).year; }
inline std::int64_t month(std::int64_t date) noexcept { return civil_from_days(static_cast<DayNumber>(date)).month; }
inline std::int64_t day(std::int64_t date) noexcept { return civil_from_days(static_cast<DayNumber>(date)).day; }
// The count of the duration followed by the text given for its unit: short_form(4 Wochen, "T",
// "W", "MM") is "4W".
inline std::string short_form(std::int64_t duration, std::string_view days, std::string_view weeks,
                              std::string_view months) {
  const DurationUnit u = duration_unit(duration);
  std::string s = std::to_string(duration_count(duration));
  s += u == DurationUnit::days ? days : u == DurationUnit::weeks ? weeks : months;
  return s;
}

}  // namespace builtin

}  // namespace kadenz::detail
