// Calendar dates of the interpreter: day numbers, parsing, calendar arithmetic and formatting.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kadenz::detail {

// A date is the count of days since 1970-01-01 in the proleptic Gregorian calendar. A plain integer
// rather than a struct, so that the evaluator compares and subtracts dates of every record with
// ordinary arithmetic. 32 bits reach about ±5.8 million years, far beyond kMinYear..kMaxYear.
using DayNumber = std::int32_t;

// Dates outside 0001..9999 have no 4-digit form: both notations we read and write ("2017-01-01",
// "01.01.2017") have exactly four year digits, and no directive or record needs year 0 or below.
// Parsing and calendar arithmetic refuse to produce anything outside this range.
inline constexpr int kMinYear = 1;
inline constexpr int kMaxYear = 9999;

// A date split into its calendar fields (month 1..12, day 1..31). Not validated by itself: see
// is_valid_civil.
struct CivilDate {
    int year;
    int month;
    int day;

    friend constexpr bool operator==(const CivilDate&, const CivilDate&) noexcept = default;
};

// Day number of a calendar date (Howard Hinnant's days_from_civil). No validation, so that callers
// that already know the fields are valid pay nothing: an invalid month or day yields some day number
// without undefined behaviour, and the result is meaningful only if it fits in a DayNumber (about
// ±5.8 million years). Intermediate values are 64-bit so that no input overflows.
constexpr DayNumber days_from_civil_general(int y, int m, int d) noexcept {
    const std::int64_t year = std::int64_t{y} - (m <= 2 ? 1 : 0);  // years start on 1 March
    const std::int64_t era = (year >= 0 ? year : year - 399) / 400;  // floor division
    const std::int64_t yoe = year - era * 400;                        // year of era, [0, 399]
    const std::int64_t mp = m > 2 ? std::int64_t{m} - 3 : std::int64_t{m} + 9;  // March = 0
    const std::int64_t doy = (153 * mp + 2) / 5 + d - 1;              // day of year, [0, 365]
    const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;   // day of era, [0, 146096]
    return static_cast<DayNumber>(era * 146097 + doe - 719468);      // 719468: 0000-03-01 .. 1970
}

// Calendar date of a day number (Howard Hinnant's civil_from_days), for every DayNumber.
constexpr CivilDate civil_from_days_general(DayNumber days) noexcept {
    const std::int64_t z = std::int64_t{days} + 719468;  // count from 0000-03-01; 64-bit: no overflow
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;                    // floor division
    const std::int64_t doe = z - era * 146097;                                     // [0, 146096]
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);               // [0, 365]
    const std::int64_t mp = (5 * doy + 2) / 153;                                    // March = 0
    const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
    const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
    const std::int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);  // January and February: next year
    return CivilDate{static_cast<int>(y), static_cast<int>(m), static_cast<int>(d)};
}

// The fast forms below (Neri and Schneider, "Euclidean affine functions and their application to
// calendar algorithms", 2022) work in unsigned 32-bit arithmetic with multiplications and shifts
// only. They shift the calendar by 82 cycles of 400 years so that every date from the year
// -32800 on is a non-negative count; outside the range where the 32-bit intermediates cannot
// overflow they hand over to the general forms. Every record's dates pass through these (ages,
// `+ n months`, printing), so they are on the evaluator's hot path.
inline constexpr std::uint32_t kCalendarShift = 82;
inline constexpr std::uint32_t kShiftDays = 719468 + 146097 * kCalendarShift;  // 1970-01-01 shifted
inline constexpr std::uint32_t kShiftYears = 400 * kCalendarShift;

// Day number of a calendar date with -32000 <= y <= 2900000, 1 <= m <= 12, 0 <= d <= 64 (the
// caller knows: add_months, whose results are in the years 1..9999).
constexpr DayNumber days_from_civil_in_range(int y, int m, int d) noexcept {
    const std::uint32_t j = m <= 2 ? 1 : 0;  // January and February count to the previous year
    const std::uint32_t year = static_cast<std::uint32_t>(y + static_cast<int>(kShiftYears)) - j;
    const std::uint32_t month = j ? static_cast<std::uint32_t>(m) + 12 : static_cast<std::uint32_t>(m);
    const std::uint32_t century = year / 100;
    const std::uint32_t year_days = 1461 * year / 4 - century + century / 4;
    const std::uint32_t month_days = (979 * month - 2919) / 32;
    return static_cast<DayNumber>(static_cast<std::int64_t>(year_days + month_days) + d - 1 - kShiftDays);
}

// Day number of a calendar date. Same contract as days_from_civil_general.
constexpr DayNumber days_from_civil(int y, int m, int d) noexcept {
    if (y < -32000 || y > 2900000 || m < 1 || m > 12 || d < 0 || d > 64) return days_from_civil_general(y, m, d);
    return days_from_civil_in_range(y, m, d);
}

// Calendar date of a day number. Total: every DayNumber, including the extremes of the type,
// gives a valid proleptic Gregorian date, and days_from_civil of the result gives the day number
// back.
constexpr CivilDate civil_from_days(DayNumber days) noexcept {
    if (days < -static_cast<std::int64_t>(kShiftDays) || days > 1000000000) return civil_from_days_general(days);
    const std::uint32_t n = static_cast<std::uint32_t>(static_cast<std::int64_t>(days) + kShiftDays);
    const std::uint32_t n1 = 4 * n + 3;
    const std::uint32_t century = n1 / 146097;
    const std::uint32_t n2 = n1 % 146097 | 3;  // 4 * (day of the century) + 3
    const std::uint64_t p2 = std::uint64_t{2939745} * n2;
    const std::uint32_t year_of_century = static_cast<std::uint32_t>(p2 >> 32);
    const std::uint32_t day_of_year = static_cast<std::uint32_t>(p2) / 2939745 / 4;
    const std::uint32_t n3 = 2141 * day_of_year + 197913;
    const std::uint32_t month = n3 >> 16;
    const std::uint32_t day = (n3 & 0xFFFF) / 2141;
    const std::uint32_t j = day_of_year >= 306 ? 1 : 0;  // January and February: the next year
    return CivilDate{static_cast<int>(100 * century + year_of_century + j) - static_cast<int>(kShiftYears),
                     static_cast<int>(j ? month - 12 : month), static_cast<int>(day + 1)};
}

// Gregorian leap-year rule, applied to all years alike (proleptic), so 1900 is not a leap year and
// 2000 is.
constexpr bool is_leap_year(int y) noexcept {
    return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

// Length of month m (1..12) of year y; 0 for a month outside 1..12, so that no day of it is valid.
constexpr int days_in_month(int y, int m) noexcept {
    if (m < 1 || m > 12) {
        return 0;
    }
    if (m == 2) {
        return is_leap_year(y) ? 29 : 28;
    }
    return (m == 4 || m == 6 || m == 9 || m == 11) ? 30 : 31;
}

// Whether the fields name a real date within kMinYear..kMaxYear, i.e. one that parse_date can
// return and the formatters can print.
constexpr bool is_valid_civil(int y, int m, int d) noexcept {
    return y >= kMinYear && y <= kMaxYear && d >= 1 && d <= days_in_month(y, m);
}

// The first and last representable dates, 0001-01-01 and 9999-12-31.
DayNumber min_date() noexcept;
DayNumber max_date() noexcept;

// Reads a date written exactly as ISO "2017-01-01" (4-2-2 digits) or German "01.01.2017",
// "1.1.2017", "01.1.2017" (1-2 digit day and month, 4-digit year). Blanks are not skipped: the
// caller trims. nullopt for anything else, including impossible dates (31.02.2017, 2017-13-01) and
// years outside kMinYear..kMaxYear. Never allocates.
std::optional<DayNumber> parse_date(std::string_view text) noexcept;

// Whether `text` is a German date with a two-digit year ("20.03.88", "1.1.17"), which parse_date
// refuses: the century is not guessed (a birth in 1924 and a date in 2024 both end in 24). For a
// message that says what to write instead.
bool has_two_digit_year(std::string_view text) noexcept;

// Adds calendar months (negative: subtracts). The day is clamped to the end of the target month
// (2017-01-31 + 1 = 2017-02-28, 2016-01-31 + 1 = 2016-02-29, 2017-03-31 - 1 = 2017-02-28). nullopt
// if the result leaves kMinYear..kMaxYear, also for huge |months| (no overflow).
std::optional<DayNumber> add_months(DayNumber date, std::int64_t months) noexcept;

// Adds days (negative: subtracts); nullopt if the result leaves min_date()..max_date().
std::optional<DayNumber> add_days(DayNumber date, std::int64_t days) noexcept;

// Completed years from `from` (e.g. a birth date) to `to` (e.g. the evaluation date): the age.
// The birthday on `to` itself counts as completed. Someone born on 29 February has the birthday
// on 1 March in non-leap years (born 2000-02-29: 24 on 2025-02-28, 25 on 2025-03-01). If
// to < from, the result is -years_between(to, from).
std::int64_t years_between(DayNumber from, DayNumber to) noexcept;

// The last day `from` with years_between(from, to) >= years: the latest birth date of someone at
// least `years` old on `to`. It is the same day `years` years before `to`, or 28 February if `to`
// is 29 February and that year is not a leap year. Since years_between(from, to) grows as `from`
// moves back, years_between(from, to) >= years holds exactly when from <= years_threshold(to,
// years), for every DayNumber `from` (the register code compares ages with constants this way).
// For `to` in min_date()..max_date() and 1 <= years <= 10000.
DayNumber years_threshold(DayNumber to, std::int64_t years) noexcept;

// Completed calendar months: the largest n >= 0 with add_months(from, n) <= to, so month ends are
// clamped as in add_months (2017-01-31 to 2017-02-28 is one month). If to < from, the result is
// -months_between(to, from). Note the difference to years_between for 29 February: this counts
// 2000-02-29 to 2001-02-28 as 12 months, whereas years_between counts it as 0 years.
std::int64_t months_between(DayNumber from, DayNumber to) noexcept;

// Write "YYYY-MM-DD" / "DD.MM.YYYY" (always 10 chars, no terminator) to out and return out + 10.
// Precondition: min_date() <= date <= max_date() (outside, the digits are wrong but nothing more
// than 10 chars is written).
char* format_iso(DayNumber date, char* out) noexcept;

// The date as "YYYY-MM-DD" (format_iso into a string), for messages and reports.
inline std::string iso_date(DayNumber date) {
  char buf[10];
  format_iso(date, buf);
  return std::string(buf, sizeof buf);
}
char* format_german(DayNumber date, char* out) noexcept;

// Formats with a pattern: each "YYYY", "MM" and "DD" (read left to right) is replaced by the
// zero-padded year, month and day, every other byte is copied ("DD.MM.YYYY", "MM/YYYY"). The
// result is exactly as long as the pattern. Same precondition as format_iso; throws only
// std::bad_alloc.
std::string format_date(DayNumber date, std::string_view pattern);

}  // namespace kadenz::detail
