// Calendar dates: parsing, month/day arithmetic, ages and formatting over DayNumber.
#include "stdlib/date.hpp"

#include <algorithm>
#include <cstddef>
#include <utility>

namespace kadenz::detail {

namespace {

// Day numbers of the first and last representable dates; the arithmetic below checks against these.
constexpr DayNumber kMinDay = days_from_civil(kMinYear, 1, 1);
constexpr DayNumber kMaxDay = days_from_civil(kMaxYear, 12, 31);
static_assert(kMinDay == -719162 && kMaxDay == 2932896, "0001-01-01 and 9999-12-31 since 1970");

// ASCII digits only: std::isdigit depends on the locale and takes int.
constexpr bool is_digit(char c) noexcept {
    return c >= '0' && c <= '9';
}

// Value of a run of 1 to 4 ASCII digits, or -1 if the run is empty, too long or has a non-digit
// (a sign, a blank, a UTF-8 byte).
constexpr int read_digits(std::string_view digits) noexcept {
    if (digits.empty() || digits.size() > 4) {
        return -1;
    }
    int value = 0;
    for (const char c : digits) {
        if (!is_digit(c)) {
            return -1;
        }
        value = value * 10 + (c - '0');
    }
    return value;
}

// Day number of the fields if they form a valid date in range; the last step of both notations.
// A -1 from read_digits fails is_valid_civil like any other out-of-range field.
constexpr std::optional<DayNumber> checked_date(int y, int m, int d) noexcept {
    if (!is_valid_civil(y, m, d)) {
        return std::nullopt;
    }
    return days_from_civil(y, m, d);
}

// iso  <- digit{4} '-' digit{2} '-' digit{2}
constexpr std::optional<DayNumber> parse_iso(std::string_view text) noexcept {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
        return std::nullopt;
    }
    return checked_date(read_digits(text.substr(0, 4)), read_digits(text.substr(5, 2)),
                        read_digits(text.substr(8, 2)));
}

// german  <- digit{1,2} '.' digit{1,2} '.' digit{4}
constexpr std::optional<DayNumber> parse_german(std::string_view text) noexcept {
    const std::size_t first_dot = text.find('.');
    if (first_dot != 1 && first_dot != 2) {
        return std::nullopt;
    }
    const std::size_t second_dot = text.find('.', first_dot + 1);
    if (second_dot == std::string_view::npos) {
        return std::nullopt;
    }
    const std::string_view day = text.substr(0, first_dot);
    const std::string_view month = text.substr(first_dot + 1, second_dot - first_dot - 1);
    const std::string_view year = text.substr(second_dot + 1);
    // read_digits already caps the length at 4; these pin it to the exact widths of the notation.
    if (month.size() > 2 || year.size() != 4) {
        return std::nullopt;
    }
    return checked_date(read_digits(year), read_digits(month), read_digits(day));
}

// Writes value as exactly `width` decimal digits with leading zeros, keeping the low digits if it
// is longer (only for dates outside the precondition); a negative value prints as zeros.
char* write_digits(int value, int width, char* out) noexcept {
    unsigned rest = value < 0 ? 0U : static_cast<unsigned>(value);
    for (int i = width - 1; i >= 0; --i) {
        out[i] = static_cast<char>('0' + rest % 10U);
        rest /= 10U;
    }
    return out + width;
}

}  // namespace

// Functions rather than header constants, as specified; the bounds themselves are kMinDay/kMaxDay.
DayNumber min_date() noexcept {
    return kMinDay;
}

DayNumber max_date() noexcept {
    return kMaxDay;
}

// date <- iso / german. Only the ISO form has a '-' at index 4 (the German year comes last and a
// German day or month has at most 2 digits), so one byte picks the notation.
std::optional<DayNumber> parse_date(std::string_view text) noexcept {
    if (text.size() == 10 && text[4] == '-') {
        return parse_iso(text);
    }
    return parse_german(text);
}

// Day and month are checked as in parse_german (a real day and month of some year), so that only
// a date that needs nothing but the century gets this answer.
bool has_two_digit_year(std::string_view text) noexcept {
    const std::size_t first_dot = text.find('.');
    const std::size_t second_dot = text.find('.', first_dot == std::string_view::npos ? text.size() : first_dot + 1);
    if ((first_dot != 1 && first_dot != 2) || second_dot == std::string_view::npos ||
        second_dot - first_dot - 1 > 2 || text.size() - second_dot - 1 != 2) {
        return false;
    }
    const int day = read_digits(text.substr(0, first_dot));
    const int month = read_digits(text.substr(first_dot + 1, second_dot - first_dot - 1));
    return read_digits(text.substr(second_dot + 1)) >= 0 && is_valid_civil(2000, month, day);
}

// Works on a month index (year * 12 + month - 1) so that carrying into other years is one division.
// The range check happens on `months` before adding, so no value of `months` can overflow: the
// index is below 2^27 in magnitude for every DayNumber. For any day (add_months below takes this
// way only for days outside civil_from_days' fast range).
namespace {

std::optional<DayNumber> add_months_general(DayNumber date, std::int64_t months) noexcept {
    const CivilDate civil = civil_from_days(date);
    const std::int64_t index = std::int64_t{civil.year} * 12 + (civil.month - 1);
    constexpr std::int64_t kFirstIndex = std::int64_t{kMinYear} * 12;
    constexpr std::int64_t kLastIndex = std::int64_t{kMaxYear} * 12 + 11;
    if (months < kFirstIndex - index || months > kLastIndex - index) {
        return std::nullopt;
    }
    // within [kFirstIndex, kLastIndex], so it fits unsigned 32 bits: a cheaper division
    const auto target = static_cast<std::uint32_t>(index + months);
    const int year = static_cast<int>(target / 12);
    const int month = static_cast<int>(target % 12) + 1;
    // Every month has at least 28 days: only a later day needs the month's length.
    const int day = civil.day <= 28 ? civil.day : std::min(civil.day, days_in_month(year, month));
    return days_from_civil_in_range(year, month, day);
}

}  // namespace

// The same in the computational calendar of civil_from_days and days_from_civil_in_range (years
// from 1 March, shifted by kShiftYears; months from March = 0 to February = 11): there the month
// index is year * 12 + month on both sides, without moving January and February to the other
// year and back. It is the civil index (year * 12 + month - 1) minus 2, shifted by kShiftYears
// years, so the range check is the same check.
std::optional<DayNumber> add_months(DayNumber date, std::int64_t months) noexcept {
    if (date < -static_cast<std::int64_t>(kShiftDays) || date > 1000000000) {
        return add_months_general(date, months);
    }
    const std::uint32_t n1 = 4 * static_cast<std::uint32_t>(static_cast<std::int64_t>(date) + kShiftDays) + 3;
    const std::uint32_t n2 = n1 % 146097 | 3;
    const std::uint64_t p2 = std::uint64_t{2939745} * n2;
    const std::uint32_t year = 100 * (n1 / 146097) + static_cast<std::uint32_t>(p2 >> 32);
    const std::uint32_t n3 = 2141 * (static_cast<std::uint32_t>(p2) / 2939745 / 4) + 197913;
    const std::uint32_t month = (n3 >> 16) - 3;  // 0 = March .. 11 = February
    const int day = static_cast<int>((n3 & 0xFFFF) / 2141) + 1;
    const std::int64_t index = std::int64_t{year} * 12 + month;
    constexpr std::int64_t kShift = std::int64_t{kShiftYears} * 12 - 2;  // civil index -> this index
    constexpr std::int64_t kFirstIndex = std::int64_t{kMinYear} * 12 + kShift;
    constexpr std::int64_t kLastIndex = std::int64_t{kMaxYear} * 12 + 11 + kShift;
    if (months < kFirstIndex - index || months > kLastIndex - index) {
        return std::nullopt;
    }
    const auto target = static_cast<std::uint32_t>(index + months);
    const std::uint32_t y = target / 12, m = target % 12;
    int d = day;
    if (day > 28) {  // every month has at least 28 days: only a later day needs the month's length
        const int civil_year = static_cast<int>(y) - static_cast<int>(kShiftYears) + (m >= 10 ? 1 : 0);
        d = std::min(day, days_in_month(civil_year, m >= 10 ? static_cast<int>(m) - 9 : static_cast<int>(m) + 3));
    }
    const std::uint32_t century = y / 100;
    const std::uint32_t year_days = 1461 * y / 4 - century + century / 4;
    const std::uint32_t month_days = (979 * (m + 3) - 2919) / 32;
    return static_cast<DayNumber>(static_cast<std::int64_t>(year_days + month_days) + d - 1 - kShiftDays);
}

// The bounds are moved to the side of `days` (small values), so the check itself cannot overflow.
std::optional<DayNumber> add_days(DayNumber date, std::int64_t days) noexcept {
    if (days < std::int64_t{kMinDay} - date || days > std::int64_t{kMaxDay} - date) {
        return std::nullopt;
    }
    return static_cast<DayNumber>(date + days);
}

// Year difference, minus one if the birthday has not come yet in to's year. Comparing (month, day)
// pairs gives the 29-February rule for free: in a non-leap year 28 Feb is before (2, 29), so the
// year is not yet complete, and 1 Mar is after it.
std::int64_t years_between(DayNumber from, DayNumber to) noexcept {
    if (to < from) {
        return -years_between(to, from);
    }
    if (from >= -static_cast<std::int64_t>(kShiftDays) && to <= 1000000000) {  // civil_from_days' fast range
        // The same comparison in years that start on 1 March (Neri-Schneider's computational
        // calendar): there the day of the year does not depend on leap years (29 February is
        // the last day, 365), so (month, day) order is day-of-year order, anniversaries
        // included, and month and day need not be split.
        const auto march = [](DayNumber day) {
            const std::uint32_t n1 = 4 * static_cast<std::uint32_t>(static_cast<std::int64_t>(day) + kShiftDays) + 3;
            const std::uint32_t n2 = n1 % 146097 | 3;
            const std::uint64_t p2 = std::uint64_t{2939745} * n2;
            const std::uint32_t year = 100 * (n1 / 146097) + static_cast<std::uint32_t>(p2 >> 32);
            return std::pair<std::uint32_t, std::uint32_t>{year, static_cast<std::uint32_t>(p2) / 2939745 / 4};
        };
        const auto [year_a, day_a] = march(from);
        const auto [year_b, day_b] = march(to);
        return static_cast<std::int64_t>(year_b - year_a) - (day_b < day_a ? 1 : 0);
    }
    const CivilDate a = civil_from_days(from);
    const CivilDate b = civil_from_days(to);
    std::int64_t years = std::int64_t{b.year} - a.year;
    if (b.month < a.month || (b.month == a.month && b.day < a.day)) {
        --years;
    }
    return years;
}

// years_between(from, to) = to.year - from.year - (to's (month, day) < from's). It is >= years
// exactly for the years before to.year - years, and in that year for (month, day) <= to's; the
// last such day is to's (month, day), or 28 February if to's is 29 February and the year has none.
DayNumber years_threshold(DayNumber to, std::int64_t years) noexcept {
    const CivilDate c = civil_from_days(to);
    const int year = c.year - static_cast<int>(years);  // -9999 .. 9998: days_from_civil is total there
    return days_from_civil(year, c.month, std::min(c.day, days_in_month(year, c.month)));
}

// Closed form of "largest n with add_months(from, n) <= to": n is the month difference, minus one
// if add_months(from, n) overshoots. It lands in to's month on day min(a.day, month end), which
// is after `to` exactly when a.day > b.day and `to` is not the last day of its month.
std::int64_t months_between(DayNumber from, DayNumber to) noexcept {
    if (to < from) {
        return -months_between(to, from);
    }
    const CivilDate a = civil_from_days(from);
    const CivilDate b = civil_from_days(to);
    std::int64_t months = (std::int64_t{b.year} - a.year) * 12 + (b.month - a.month);
    if (a.day > b.day && b.day != days_in_month(b.year, b.month)) {
        --months;
    }
    return months;
}

// Fixed-width digit writing rather than snprintf: no locale, no format parsing, no terminator.
char* format_iso(DayNumber date, char* out) noexcept {
    const CivilDate civil = civil_from_days(date);
    out = write_digits(civil.year, 4, out);
    *out++ = '-';
    out = write_digits(civil.month, 2, out);
    *out++ = '-';
    return write_digits(civil.day, 2, out);
}

// Same as format_iso, in German field order.
char* format_german(DayNumber date, char* out) noexcept {
    const CivilDate civil = civil_from_days(date);
    out = write_digits(civil.day, 2, out);
    *out++ = '.';
    out = write_digits(civil.month, 2, out);
    *out++ = '.';
    return write_digits(civil.year, 4, out);
}

// Every placeholder is exactly as long as its replacement, so the result is sized once up front.
std::string format_date(DayNumber date, std::string_view pattern) {
    const CivilDate civil = civil_from_days(date);
    std::string result(pattern.size(), '\0');
    char* out = result.data();
    std::size_t i = 0;
    while (i < pattern.size()) {
        const std::string_view rest = pattern.substr(i);
        if (rest.starts_with("YYYY")) {
            out = write_digits(civil.year, 4, out);
            i += 4;
        } else if (rest.starts_with("MM")) {
            out = write_digits(civil.month, 2, out);
            i += 2;
        } else if (rest.starts_with("DD")) {
            out = write_digits(civil.day, 2, out);
            i += 2;
        } else {
            *out++ = pattern[i];
            ++i;
        }
    }
    return result;
}

}  // namespace kadenz::detail
