// Durations of the policy language (type `duration` / `dauer`): a count of days, weeks or months
// that remembers its unit. The one place that encodes and decodes them; the checker, the
// compiler, both evaluators, the caseload cells and the workload report use these functions.
//
// Encoding in one int64 (Value::i): i = nominal * 4 + tag, where `nominal` is the length in
// 1/1600 day (a day is 1600, a week 11200, a month 365.2425 / 12 days = 30.436875 days = 48699
// exactly) and `tag` says the unit (0 days, 1 weeks, 2 months). So plain integer comparison
// orders durations by their nominal length, and equal lengths in different units by the tag
// (days < weeks < months; `7 Tage` and `1 Woche` are not `=`): the analyzer, lookup tables and
// `hit shortest`/`longest` compare durations exactly as they compare numbers. The count is
// exact: nominal is always a whole multiple of its unit's length.
#pragma once

#include "stdlib/date.hpp"
#include "stdlib/vocabulary.hpp"

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>

namespace kadenz::detail {

enum class DurationUnit : std::uint8_t { days = 0, weeks = 1, months = 2 };

// 1/1600 day per step: the smallest unit in which a day, a week and the mean Gregorian month
// (146097 days / 4800 months = 30.436875 days) are all whole numbers.
inline constexpr std::int64_t kDurationPerDay = 1600;
inline constexpr std::int64_t kDurationPerWeek = 7 * kDurationPerDay;   // 11200
inline constexpr std::int64_t kDurationPerMonth = 48699;                // 30.436875 × 1600
static_assert(kDurationPerMonth * 4800 == 146097 * kDurationPerDay, "a month is 1/4800 of 400 Gregorian years");

// The nominal length of one unit, in 1/1600 day.
constexpr std::int64_t duration_unit_length(DurationUnit u) noexcept {
  return u == DurationUnit::days ? kDurationPerDay : u == DurationUnit::weeks ? kDurationPerWeek : kDurationPerMonth;
}

// The encoded duration of `count` units; nullopt if it does not fit in an int64.
constexpr std::optional<std::int64_t> encode_duration(std::int64_t count, DurationUnit u) noexcept {
  std::int64_t nominal = 0, shifted = 0;
  if (__builtin_mul_overflow(count, duration_unit_length(u), &nominal)) return std::nullopt;
  if (__builtin_mul_overflow(nominal, std::int64_t{4}, &shifted)) return std::nullopt;
  return shifted + static_cast<std::int64_t>(u);  // the tag fills the two low bits: no overflow
}

constexpr DurationUnit duration_unit(std::int64_t i) noexcept { return static_cast<DurationUnit>(i & 3); }
// The length in 1/1600 day (an arithmetic shift: negative durations decode too).
constexpr std::int64_t duration_nominal(std::int64_t i) noexcept { return i >> 2; }
// The count in the duration's own unit (exact).
constexpr std::int64_t duration_count(std::int64_t i) noexcept {
  return duration_nominal(i) / duration_unit_length(duration_unit(i));
}

// The unit of the language's unit words (Unit::days, weeks, months) as a duration unit; nullopt
// for the others (minutes, years, …).
constexpr std::optional<DurationUnit> duration_unit_of(Unit u) noexcept {
  switch (u) {
    case Unit::days: return DurationUnit::days;
    case Unit::weeks: return DurationUnit::weeks;
    case Unit::months: return DurationUnit::months;
    default: return std::nullopt;
  }
}
constexpr Unit unit_of(DurationUnit u) noexcept {
  return u == DurationUnit::days ? Unit::days : u == DurationUnit::weeks ? Unit::weeks : Unit::months;
}

// ---- arithmetic (both evaluators call these; a fault is returned, never thrown) ----

enum class DurationFault : std::uint8_t { none, out_of_range, months_with_days };

// a + b: of one unit, that unit; days with weeks, days; months with days or weeks cannot be
// added exactly (months_with_days).
inline DurationFault add_durations(std::int64_t a, std::int64_t b, std::int64_t& out) noexcept {
  const DurationUnit ua = duration_unit(a), ub = duration_unit(b);
  std::int64_t sum = 0;
  if (ua == ub) {
    if (__builtin_add_overflow(duration_count(a), duration_count(b), &sum)) return DurationFault::out_of_range;
    const auto r = encode_duration(sum, ua);
    if (!r) return DurationFault::out_of_range;
    out = *r;
    return DurationFault::none;
  }
  if (ua == DurationUnit::months || ub == DurationUnit::months) return DurationFault::months_with_days;
  if (__builtin_add_overflow(duration_nominal(a) / kDurationPerDay, duration_nominal(b) / kDurationPerDay, &sum))
    return DurationFault::out_of_range;
  const auto r = encode_duration(sum, DurationUnit::days);
  if (!r) return DurationFault::out_of_range;
  out = *r;
  return DurationFault::none;
}

// The duration times k, in its unit; nullopt if it does not fit.
inline std::optional<std::int64_t> scale_duration(std::int64_t d, std::int64_t k) noexcept {
  std::int64_t count = 0;
  if (__builtin_mul_overflow(duration_count(d), k, &count)) return std::nullopt;
  return encode_duration(count, duration_unit(d));
}

// date ± duration: n days, 7n days for n weeks, n calendar months clamped to the month's end
// (add_months: 31 January + 1 month is 28 or 29 February). nullopt outside the years 1..9999.
inline std::optional<DayNumber> add_duration(DayNumber date, std::int64_t d, bool subtract) noexcept {
  std::int64_t count = duration_count(d);  // |count| <= 2^61 / 1600: negating and ×7 cannot overflow
  if (subtract) count = -count;
  switch (duration_unit(d)) {
    case DurationUnit::days: return add_days(date, count);
    case DurationUnit::weeks: return add_days(date, count * 7);
    default: return add_months(date, count);
  }
}

// Writes "4 Wochen", "1 Monat", "14 days" (count, a space, the unit word of `lang`, singular
// for ±1) into `buf` (at least 32 bytes) and returns its length.
inline std::size_t format_duration(char* buf, std::int64_t i, Lang lang) noexcept {
  const std::int64_t count = duration_count(i);
  char* end = std::to_chars(buf, buf + 20, count).ptr;
  *end++ = ' ';
  const std::string_view word = unit_spelling(unit_of(duration_unit(i)), lang, count != 1 && count != -1);
  std::memcpy(end, word.data(), word.size());
  return static_cast<std::size_t>(end - buf) + word.size();
}

// A duration as a caseload cell or `--set` value writes it: a whole number, an optional space,
// a unit word for days, weeks or months in either language, in any letter case ("4 Wochen",
// "2 months", "14tage"). nullopt for anything else, `bad_number` set if the number is the
// problem (too large) and `no_unit` if there is a number but no unit word.
inline std::optional<std::int64_t> parse_duration(std::string_view s, bool* no_unit = nullptr) noexcept {
  std::size_t k = 0;
  const bool minus = k < s.size() && s[k] == '-';
  if (minus) ++k;
  const std::size_t digits = k;
  std::int64_t count = 0;  // by hand, not std::from_chars: a second caller of it in read_row's
                           // translation unit stops GCC inlining it for the number cells
  for (; k < s.size() && s[k] >= '0' && s[k] <= '9'; ++k) {
    if (__builtin_mul_overflow(count, std::int64_t{10}, &count) ||
        __builtin_add_overflow(count, static_cast<std::int64_t>(s[k] - '0'), &count))
      return std::nullopt;
  }
  if (k == digits) return std::nullopt;
  if (minus) count = -count;
  while (k < s.size() && s[k] == ' ') ++k;
  if (k == s.size()) {
    if (no_unit) *no_unit = true;
    return std::nullopt;
  }
  const UnitSpelling* word = find_unit(s.substr(k));
  if (!word) return std::nullopt;
  const std::optional<DurationUnit> u = duration_unit_of(word->unit);
  if (!u) return std::nullopt;
  return encode_duration(count, *u);
}

}  // namespace kadenz::detail
