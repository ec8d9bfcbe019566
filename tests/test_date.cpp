// Tests of stdlib/date: day numbers, parsing, month/day arithmetic, ages and formatting.
#include "stdlib/date.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace {

using kadenz::detail::add_days;
using kadenz::detail::add_months;
using kadenz::detail::CivilDate;
using kadenz::detail::civil_from_days;
using kadenz::detail::days_from_civil;
using kadenz::detail::days_in_month;
using kadenz::detail::DayNumber;
using kadenz::detail::format_date;
using kadenz::detail::format_german;
using kadenz::detail::format_iso;
using kadenz::detail::is_leap_year;
using kadenz::detail::is_valid_civil;
using kadenz::detail::max_date;
using kadenz::detail::min_date;
using kadenz::detail::months_between;
using kadenz::detail::parse_date;
using kadenz::detail::years_between;
using kadenz::detail::years_threshold;

// Shorthand for the many dates written as fields in the tables below.
DayNumber ymd(int y, int m, int d) {
    return days_from_civil(y, m, d);
}

// The test's own month lengths, written independently of the library so that the day-by-day walk
// below checks the library against something it did not compute itself.
int reference_month_length(int y, int m) {
    static constexpr int kLengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 400 == 0) || (y % 4 == 0 && y % 100 != 0);
    return (m == 2 && leap) ? 29 : kLengths[m - 1];
}

// The next calendar day, by counting fields.
CivilDate next_day(CivilDate c) {
    if (++c.day > reference_month_length(c.year, c.month)) {
        c.day = 1;
        if (++c.month > 12) {
            c.month = 1;
            ++c.year;
        }
    }
    return c;
}

std::string iso(DayNumber date) {
    char buffer[10];
    return std::string(buffer, format_iso(date, buffer));
}

// add_months as a brute-force count: the reference for months_between.
std::int64_t months_by_stepping(DayNumber from, DayNumber to) {
    std::int64_t n = 0;
    for (;;) {
        const std::optional<DayNumber> next = add_months(from, n + 1);
        if (!next || *next > to) {
            return n;
        }
        ++n;
    }
}

}  // namespace

namespace Catch {
// Prints a CivilDate in failure messages as "2017-1-31".
template <>
struct StringMaker<CivilDate> {
    static std::string convert(const CivilDate& c) {
        return std::to_string(c.year) + "-" + std::to_string(c.month) + "-" + std::to_string(c.day);
    }
};
}  // namespace Catch

TEST_CASE("date: known day numbers", "[date]") {
    STATIC_REQUIRE(days_from_civil(1970, 1, 1) == 0);
    STATIC_REQUIRE(civil_from_days(0) == CivilDate{1970, 1, 1});
    CHECK(days_from_civil(1969, 12, 31) == -1);
    CHECK(days_from_civil(2000, 3, 1) == 11017);
    CHECK(days_from_civil(2016, 2, 29) == 16860);
    CHECK(days_from_civil(2017, 1, 1) == 17167);
    CHECK(min_date() == -719162);
    CHECK(max_date() == 2932896);
    CHECK(civil_from_days(min_date()) == CivilDate{1, 1, 1});
    CHECK(civil_from_days(max_date()) == CivilDate{9999, 12, 31});
    CHECK(civil_from_days(17167) == CivilDate{2017, 1, 1});
    // 1970-01-01 was a Thursday and 2017-01-01 a Sunday: day numbers advance in step with weekdays.
    CHECK((days_from_civil(2017, 1, 1) - days_from_civil(1970, 1, 1)) % 7 == 3);
}

TEST_CASE("date: civil and day numbers round-trip every day of 1900..2100", "[date]") {
    const DayNumber first = days_from_civil(1900, 1, 1);
    REQUIRE(first == -25567);
    CivilDate civil{1900, 1, 1};
    DayNumber day = first;
    for (; civil.year <= 2100; civil = next_day(civil), ++day) {
        REQUIRE(days_from_civil(civil.year, civil.month, civil.day) == day);
        REQUIRE(civil_from_days(day) == civil);
        REQUIRE(is_valid_civil(civil.year, civil.month, civil.day));
    }
    // The walk ended after 2100-12-31, whose day number is known independently.
    CHECK(day - 1 == 47846);
}

TEST_CASE("date: round trip over the whole range and the DayNumber extremes", "[date]") {
    long mismatches = 0;
    for (DayNumber d = min_date(); d <= max_date(); ++d) {
        const CivilDate c = civil_from_days(d);
        if (days_from_civil(c.year, c.month, c.day) != d || !is_valid_civil(c.year, c.month, c.day)) {
            ++mismatches;
        }
    }
    CHECK(mismatches == 0);
    for (const DayNumber d : {std::numeric_limits<DayNumber>::min(), std::numeric_limits<DayNumber>::max(),
                              min_date() - 1, max_date() + 1}) {
        const CivilDate c = civil_from_days(d);
        CHECK(days_from_civil(c.year, c.month, c.day) == d);
        CHECK_FALSE(is_valid_civil(c.year, c.month, c.day));
    }
}

TEST_CASE("date: leap years and month lengths", "[date]") {
    CHECK_FALSE(is_leap_year(1900));
    CHECK(is_leap_year(2000));
    CHECK(is_leap_year(2024));
    CHECK(is_leap_year(2016));
    CHECK_FALSE(is_leap_year(2017));
    CHECK_FALSE(is_leap_year(2100));
    CHECK(is_leap_year(2400));
    CHECK(days_in_month(2016, 2) == 29);
    CHECK(days_in_month(2017, 2) == 28);
    CHECK(days_in_month(1900, 2) == 28);
    CHECK(days_in_month(2000, 2) == 29);
    CHECK(days_in_month(2017, 1) == 31);
    CHECK(days_in_month(2017, 4) == 30);
    CHECK(days_in_month(2017, 12) == 31);
    CHECK(days_in_month(2017, 0) == 0);
    CHECK(days_in_month(2017, 13) == 0);
    CHECK(is_valid_civil(2016, 2, 29));
    CHECK_FALSE(is_valid_civil(2017, 2, 29));
    CHECK_FALSE(is_valid_civil(2017, 4, 31));
    CHECK_FALSE(is_valid_civil(2017, 1, 0));
    CHECK_FALSE(is_valid_civil(0, 1, 1));
    CHECK_FALSE(is_valid_civil(10000, 1, 1));
    CHECK(is_valid_civil(1, 1, 1));
    CHECK(is_valid_civil(9999, 12, 31));
}

TEST_CASE("date: parse accepts ISO and German notations", "[date]") {
    struct Row {
        std::string_view text;
        CivilDate expected;
    };
    const Row rows[] = {
        {"2017-01-01", {2017, 1, 1}},  {"01.01.2017", {2017, 1, 1}},  {"1.1.2017", {2017, 1, 1}},
        {"01.1.2017", {2017, 1, 1}},   {"1.01.2017", {2017, 1, 1}},   {"29.02.2016", {2016, 2, 29}},
        {"2016-02-29", {2016, 2, 29}}, {"29.2.2000", {2000, 2, 29}},  {"31.12.2017", {2017, 12, 31}},
        {"2017-12-31", {2017, 12, 31}}, {"0001-01-01", {1, 1, 1}},    {"01.01.0001", {1, 1, 1}},
        {"9999-12-31", {9999, 12, 31}}, {"31.12.9999", {9999, 12, 31}}, {"5.11.1987", {1987, 11, 5}},
        {"1987-11-05", {1987, 11, 5}},
    };
    for (const Row& row : rows) {
        INFO(row.text);
        const std::optional<DayNumber> parsed = parse_date(row.text);
        REQUIRE(parsed.has_value());
        CHECK(civil_from_days(*parsed) == row.expected);
    }
}

TEST_CASE("date: parse rejects everything else", "[date]") {
    const std::string_view rejected[] = {
        "",            "2017-1-01",    " 2017-01-01",  "2017-01-01 ", "29.02.2017",  "00.01.2017",
        "1.1.17",      "10000-01-01",  "2017-13-01",   "31.02.2017",  "2017-00-10",  "2017-01-00",
        "0000-01-01",  "01.01.0000",   "2017/01/01",   "2017-01-1",   "2017-01-011", "001.01.2017",
        "01.001.2017", "1.1.20170",    "+017-01-01",   "-017-01-01",  "2017-01-0a",  "01.01.2017.",
        ".01.2017",    "01..2017",     "01.01.",       "01-01-2017",  "2017.01.01",  "32.01.2017",
        "31.04.2017",  "29.02.1900",   "1.13.2017",    "01.00.2017",  "1.1.+017",    "1.1. 2017",
        "1 .1.2017",   "2017-02-29",   "2017\xE2\x80\x93" "01-01",    "\xEF\xBC\x91.1.2017", "-1.1.2017",
        "01.01.1o17",  "2017",         "12345678",     "..",          "1.1.2017\n",  "2017-01-01x",
    };
    for (const std::string_view text : rejected) {
        INFO("\"" << text << "\"");
        CHECK_FALSE(parse_date(text).has_value());
    }
    // An embedded NUL is part of the text, not its end.
    CHECK_FALSE(parse_date(std::string_view("2017-01-01\0", 11)).has_value());
    CHECK_FALSE(parse_date(std::string_view("1.1.2017\0", 9)).has_value());
}

TEST_CASE("date: add_months clamps to the end of the target month", "[date]") {
    struct Row {
        CivilDate from;
        std::int64_t months;
        CivilDate expected;
    };
    const Row rows[] = {
        {{2017, 1, 31}, 1, {2017, 2, 28}},   {{2016, 1, 31}, 1, {2016, 2, 29}},
        {{2017, 3, 31}, -1, {2017, 2, 28}},  {{2016, 3, 31}, -1, {2016, 2, 29}},
        {{2017, 1, 15}, 0, {2017, 1, 15}},   {{2017, 1, 31}, 0, {2017, 1, 31}},
        {{2017, 8, 31}, 1, {2017, 9, 30}},   {{2017, 1, 31}, 13, {2018, 2, 28}},
        {{2017, 5, 31}, -15, {2016, 2, 29}}, {{2016, 2, 29}, 12, {2017, 2, 28}},
        {{2016, 2, 29}, 48, {2020, 2, 29}},  {{2017, 2, 28}, 1, {2017, 3, 28}},
        {{2017, 12, 15}, 1, {2018, 1, 15}},  {{2018, 1, 15}, -1, {2017, 12, 15}},
        {{2017, 12, 31}, 2, {2018, 2, 28}},  {{2018, 1, 31}, -2, {2017, 11, 30}},
        {{2017, 6, 10}, -24, {2015, 6, 10}}, {{2017, 6, 10}, 120, {2027, 6, 10}},
        {{1999, 12, 31}, 2, {2000, 2, 29}},  {{1900, 1, 31}, 1, {1900, 2, 28}},
        {{9999, 11, 30}, 1, {9999, 12, 30}}, {{1, 2, 28}, -1, {1, 1, 28}},
        {{1, 1, 31}, 12 * 9998 + 11, {9999, 12, 31}}, {{9999, 12, 31}, -(12 * 9998 + 11), {1, 1, 31}},
        {{2017, 1, 1}, -12 * 2016, {1, 1, 1}},
    };
    for (const Row& row : rows) {
        INFO(Catch::StringMaker<CivilDate>::convert(row.from) << " + " << row.months);
        const std::optional<DayNumber> result =
            add_months(ymd(row.from.year, row.from.month, row.from.day), row.months);
        REQUIRE(result.has_value());
        CHECK(civil_from_days(*result) == row.expected);
    }
}

// Against the definition (calendar fields, floor division, clamp to the month's length) for every
// day of four years around a leap day and of the first and last years, by -30..30 months: the
// fast path skips the month's length for days up to 28.
TEST_CASE("date: add_months agrees with its definition", "[date]") {
    const auto check_from = [](DayNumber first, DayNumber last) {
        for (DayNumber day = first; day <= last; ++day) {
            const CivilDate c = civil_from_days(day);
            for (std::int64_t months = -30; months <= 30; ++months) {
                const std::int64_t index = std::int64_t{c.year} * 12 + (c.month - 1) + months;
                const std::optional<DayNumber> got = add_months(day, months);
                if (index < 12 || index > 9999 * 12 + 11) {
                    CHECK_FALSE(got.has_value());
                    continue;
                }
                const int year = static_cast<int>(index / 12);
                const int month = static_cast<int>(index % 12) + 1;
                REQUIRE(got.has_value());
                REQUIRE(*got == ymd(year, month, std::min(c.day, days_in_month(year, month))));
            }
        }
    };
    check_from(ymd(1999, 1, 1), ymd(2002, 12, 31));
    check_from(ymd(1899, 1, 1), ymd(1901, 12, 31));  // 1900: no leap day
    check_from(ymd(2015, 1, 1), ymd(2018, 12, 31));
    check_from(ymd(1, 1, 1), ymd(2, 12, 31));
    check_from(ymd(9998, 1, 1), ymd(9999, 12, 31));
}

TEST_CASE("date: add_months refuses results outside 0001..9999", "[date]") {
    constexpr std::int64_t kHuge = std::numeric_limits<std::int64_t>::max();
    constexpr std::int64_t kHugeNegative = std::numeric_limits<std::int64_t>::min();
    CHECK_FALSE(add_months(ymd(9999, 12, 31), 1).has_value());
    CHECK_FALSE(add_months(ymd(9999, 12, 1), 1).has_value());
    CHECK_FALSE(add_months(ymd(1, 1, 1), -1).has_value());
    CHECK_FALSE(add_months(ymd(1, 1, 31), -1).has_value());
    CHECK_FALSE(add_months(ymd(2017, 1, 1), -12 * 2016 - 1).has_value());
    CHECK_FALSE(add_months(ymd(1, 1, 1), 12 * 9999).has_value());
    CHECK_FALSE(add_months(ymd(2017, 1, 1), kHuge).has_value());
    CHECK_FALSE(add_months(ymd(2017, 1, 1), kHugeNegative).has_value());
    CHECK_FALSE(add_months(ymd(2017, 1, 1), kHuge - 1).has_value());
    CHECK_FALSE(add_months(ymd(2017, 1, 1), kHugeNegative + 1).has_value());
    CHECK_FALSE(add_months(max_date(), kHuge).has_value());
    CHECK_FALSE(add_months(min_date(), kHugeNegative).has_value());
    // The edges themselves are still reachable.
    CHECK(add_months(ymd(9999, 11, 30), 1) == std::optional<DayNumber>(max_date() - 1));
    CHECK(add_months(ymd(1, 2, 1), -1) == std::optional<DayNumber>(min_date()));
}

TEST_CASE("date: add_days stays within 0001..9999", "[date]") {
    constexpr std::int64_t kHuge = std::numeric_limits<std::int64_t>::max();
    constexpr std::int64_t kHugeNegative = std::numeric_limits<std::int64_t>::min();
    CHECK(add_days(ymd(2016, 2, 28), 1) == std::optional<DayNumber>(ymd(2016, 2, 29)));
    CHECK(add_days(ymd(2017, 2, 28), 1) == std::optional<DayNumber>(ymd(2017, 3, 1)));
    CHECK(add_days(ymd(2017, 12, 31), 1) == std::optional<DayNumber>(ymd(2018, 1, 1)));
    CHECK(add_days(ymd(2018, 1, 1), -1) == std::optional<DayNumber>(ymd(2017, 12, 31)));
    CHECK(add_days(ymd(2017, 1, 1), 365) == std::optional<DayNumber>(ymd(2018, 1, 1)));
    CHECK(add_days(ymd(2016, 1, 1), 365) == std::optional<DayNumber>(ymd(2016, 12, 31)));
    CHECK(add_days(max_date(), 0) == std::optional<DayNumber>(max_date()));
    CHECK(add_days(min_date(), std::int64_t{max_date()} - min_date()) == std::optional<DayNumber>(max_date()));
    CHECK(add_days(max_date(), std::int64_t{min_date()} - max_date()) == std::optional<DayNumber>(min_date()));
    CHECK_FALSE(add_days(max_date(), 1).has_value());
    CHECK_FALSE(add_days(min_date(), -1).has_value());
    CHECK_FALSE(add_days(min_date(), std::int64_t{max_date()} - min_date() + 1).has_value());
    CHECK_FALSE(add_days(ymd(2017, 1, 1), kHuge).has_value());
    CHECK_FALSE(add_days(ymd(2017, 1, 1), kHugeNegative).has_value());
    CHECK_FALSE(add_days(max_date(), kHuge).has_value());
    CHECK_FALSE(add_days(min_date(), kHugeNegative).has_value());
    // DayNumber wrap-around must not sneak a result back into range.
    CHECK_FALSE(add_days(ymd(2017, 1, 1), std::int64_t{1} << 32).has_value());
}

// Against the definition (year difference, minus one if to's (month, day) is before from's) for
// pairs around leap days, across centuries, near 0001 and 9999 and far outside them.
TEST_CASE("date: years_between agrees with its definition", "[date]") {
    const auto definition = [](DayNumber from, DayNumber to) {
        const bool swap = to < from;
        const CivilDate a = civil_from_days(swap ? to : from), b = civil_from_days(swap ? from : to);
        const std::int64_t years =
            std::int64_t{b.year} - a.year - (b.month < a.month || (b.month == a.month && b.day < a.day) ? 1 : 0);
        return swap ? -years : years;
    };
    const DayNumber starts[] = {ymd(1896, 2, 20), ymd(1999, 2, 20), ymd(2000, 2, 20), ymd(2016, 12, 25),
                                ymd(1, 1, 1),     ymd(9999, 12, 1), -2000000000,       1999999000};
    for (const DayNumber from0 : starts) {
        for (DayNumber from = from0; from < from0 + 400; from += 1) {
            for (const std::int64_t span : {0, 1, 364, 365, 366, 1460, 1461, 1462, 36524, 36525, 146097, 3652425}) {
                for (const std::int64_t delta : {-2, -1, 0, 1, 2}) {
                    const std::int64_t to = std::int64_t{from} + span + delta;
                    if (to > std::numeric_limits<DayNumber>::max()) continue;
                    INFO(from << " .. " << to);
                    REQUIRE(years_between(from, static_cast<DayNumber>(to)) == definition(from, static_cast<DayNumber>(to)));
                    REQUIRE(years_between(static_cast<DayNumber>(to), from) == definition(static_cast<DayNumber>(to), from));
                }
            }
        }
    }
}

TEST_CASE("date: years_between counts completed years", "[date]") {
    const DayNumber born = ymd(1990, 6, 15);
    CHECK(years_between(born, born) == 0);
    CHECK(years_between(born, ymd(1991, 6, 14)) == 0);
    CHECK(years_between(born, ymd(1991, 6, 15)) == 1);  // the birthday itself counts
    CHECK(years_between(born, ymd(2025, 6, 14)) == 34);
    CHECK(years_between(born, ymd(2025, 6, 15)) == 35);
    CHECK(years_between(born, ymd(2025, 6, 16)) == 35);
    CHECK(years_between(born, ymd(2025, 5, 31)) == 34);
    CHECK(years_between(born, ymd(2025, 7, 1)) == 35);
    CHECK(years_between(ymd(1990, 12, 31), ymd(1991, 1, 1)) == 0);
    CHECK(years_between(ymd(1990, 1, 1), ymd(1990, 12, 31)) == 0);
    CHECK(years_between(ymd(1990, 1, 1), ymd(1991, 1, 1)) == 1);
    CHECK(years_between(min_date(), max_date()) == 9998);
}

// years_threshold(to, k) is the last `from` with years_between(from, to) >= k, so `age < k` can be
// evaluated as `from > threshold` (Ins::years_below). Checked at the threshold and its neighbours
// for every `to` in windows around leap days, centuries and the ends of the range, against random
// `from` far and near, and for every `from` from 0001 to 9999 at two evaluation dates.
TEST_CASE("date: years_threshold is the last day with at least that many completed years", "[date]") {
    CHECK(years_threshold(ymd(2017, 3, 1), 25) == ymd(1992, 3, 1));
    CHECK(years_threshold(ymd(2017, 2, 28), 1) == ymd(2016, 2, 28));  // born 2016-02-29: 0 on 2017-02-28
    CHECK(years_threshold(ymd(2016, 2, 29), 25) == ymd(1991, 2, 28));
    CHECK(years_threshold(ymd(2020, 2, 29), 4) == ymd(2016, 2, 29));
    CHECK(years_threshold(ymd(2000, 2, 29), 100) == ymd(1900, 2, 28));
    CHECK(years_threshold(ymd(2000, 2, 29), 400) == ymd(1600, 2, 29));
    CHECK(years_threshold(min_date(), 1) == ymd(0, 1, 1));  // year 0: before every valid date
    std::mt19937_64 rng(25);
    std::uniform_int_distribution<DayNumber> far(-2000000000, 2000000000);
    const DayNumber windows[] = {ymd(1900, 1, 1), ymd(1999, 12, 1), ymd(2015, 12, 1), ymd(2016, 12, 1),
                                 min_date(),      max_date() - 800};
    for (const DayNumber start : windows) {
        for (DayNumber to = start; to <= start + 800; ++to) {
            for (const std::int64_t k : {1, 2, 3, 4, 5, 18, 25, 65, 100, 101, 400, 401, 9998, 9999, 10000}) {
                const DayNumber t = years_threshold(to, k);
                INFO(to << " " << k << " -> " << t);
                for (DayNumber from = t - 3; from <= t + 3; ++from)
                    REQUIRE((years_between(from, to) >= k) == (from <= t));
                for (int j = 0; j < 8; ++j) {
                    const DayNumber from = far(rng);
                    REQUIRE((years_between(from, to) >= k) == (from <= t));
                }
            }
        }
    }
    for (const DayNumber to : {ymd(2017, 3, 1), ymd(2016, 2, 29)}) {
        const DayNumber t = years_threshold(to, 25);
        for (DayNumber from = min_date(); from <= max_date(); ++from)
            if ((years_between(from, to) >= 25) != (from <= t)) FAIL(from << " " << to);
    }
}

TEST_CASE("date: years_between puts a 29 February birthday on 1 March in other years", "[date]") {
    const DayNumber born = ymd(2000, 2, 29);
    CHECK(years_between(born, ymd(2025, 2, 28)) == 24);
    CHECK(years_between(born, ymd(2025, 3, 1)) == 25);
    CHECK(years_between(born, ymd(2024, 2, 28)) == 23);
    CHECK(years_between(born, ymd(2024, 2, 29)) == 24);  // leap year: the real birthday
    CHECK(years_between(born, ymd(2001, 2, 28)) == 0);
    CHECK(years_between(born, ymd(2001, 3, 1)) == 1);
    CHECK(years_between(born, ymd(2100, 2, 28)) == 99);  // 2100 is no leap year
    CHECK(years_between(born, ymd(2100, 3, 1)) == 100);
}

TEST_CASE("date: years_between with to before from is the negated forward count", "[date]") {
    CHECK(years_between(ymd(2025, 6, 15), ymd(1990, 6, 15)) == -35);
    CHECK(years_between(ymd(2025, 6, 14), ymd(1990, 6, 15)) == -34);
    CHECK(years_between(ymd(2025, 3, 1), ymd(2000, 2, 29)) == -25);
    CHECK(years_between(ymd(2025, 2, 28), ymd(2000, 2, 29)) == -24);
    CHECK(years_between(ymd(1991, 6, 14), ymd(1990, 6, 15)) == 0);
    CHECK(years_between(max_date(), min_date()) == -9998);

    std::mt19937 rng(20170101);
    std::uniform_int_distribution<DayNumber> any_day(min_date(), max_date());
    for (int i = 0; i < 20000; ++i) {
        const DayNumber a = any_day(rng);
        const DayNumber b = any_day(rng);
        INFO(iso(a) << " .. " << iso(b));
        REQUIRE(years_between(a, b) == -years_between(b, a));
    }
}

TEST_CASE("date: years_between agrees with add_months except for 29 February", "[date]") {
    // For every birth date other than 29 Feb, the n-th birthday is add_months(born, 12 n).
    std::mt19937 rng(1987);
    std::uniform_int_distribution<DayNumber> any_day(ymd(1900, 1, 1), ymd(2100, 12, 31));
    std::uniform_int_distribution<int> any_age(0, 120);
    int checked = 0;
    while (checked < 20000) {
        const DayNumber born = any_day(rng);
        const CivilDate c = civil_from_days(born);
        if (c.month == 2 && c.day == 29) {
            continue;
        }
        const int age = any_age(rng);
        const DayNumber birthday = *add_months(born, 12 * age);
        INFO(iso(born) << ", age " << age);
        REQUIRE(years_between(born, birthday) == age);
        REQUIRE(years_between(born, birthday - 1) == (age == 0 ? 0 : age - 1));
        ++checked;
    }
}

TEST_CASE("date: months_between examples", "[date]") {
    CHECK(months_between(ymd(2017, 1, 15), ymd(2017, 1, 15)) == 0);
    CHECK(months_between(ymd(2017, 1, 15), ymd(2017, 2, 14)) == 0);
    CHECK(months_between(ymd(2017, 1, 15), ymd(2017, 2, 15)) == 1);
    CHECK(months_between(ymd(2017, 1, 31), ymd(2017, 2, 27)) == 0);
    CHECK(months_between(ymd(2017, 1, 31), ymd(2017, 2, 28)) == 1);  // clamped month end
    CHECK(months_between(ymd(2016, 1, 31), ymd(2016, 2, 28)) == 0);  // 2016-02-29 is the month end
    CHECK(months_between(ymd(2016, 1, 31), ymd(2016, 2, 29)) == 1);
    CHECK(months_between(ymd(2017, 1, 30), ymd(2017, 2, 28)) == 1);
    CHECK(months_between(ymd(2017, 1, 31), ymd(2017, 3, 30)) == 1);
    CHECK(months_between(ymd(2017, 1, 31), ymd(2017, 3, 31)) == 2);
    CHECK(months_between(ymd(2016, 2, 29), ymd(2017, 2, 28)) == 12);
    CHECK(months_between(ymd(2017, 12, 15), ymd(2018, 1, 15)) == 1);
    CHECK(months_between(ymd(2017, 12, 16), ymd(2018, 1, 15)) == 0);
    CHECK(months_between(ymd(2017, 2, 15), ymd(2017, 1, 15)) == -1);
    CHECK(months_between(ymd(2017, 2, 14), ymd(2017, 1, 15)) == 0);
    CHECK(months_between(ymd(2017, 2, 28), ymd(2017, 1, 31)) == -1);
    CHECK(months_between(min_date(), max_date()) == 12 * 9999 - 1);
    CHECK(months_between(max_date(), min_date()) == -(12 * 9999 - 1));
}

TEST_CASE("date: months_between is the largest n with add_months(from, n) <= to", "[date]") {
    // Exhaustive near month ends and leap days: every start in 2015..2017 against many ends,
    // compared with counting add_months step by step.
    for (DayNumber from = ymd(2015, 1, 1); from <= ymd(2017, 12, 31); ++from) {
        for (DayNumber offset = 0; offset <= 800; offset += 7) {
            const DayNumber to = from + offset;
            const std::int64_t n = months_between(from, to);
            if (n != months_by_stepping(from, to)) {
                INFO(iso(from) << " .. " << iso(to));
                REQUIRE(n == months_by_stepping(from, to));
            }
        }
    }
    // Random pairs over the whole range: the defining property, checked directly.
    std::mt19937 rng(42);
    std::uniform_int_distribution<DayNumber> any_day(min_date(), max_date());
    for (int i = 0; i < 50000; ++i) {
        const DayNumber a = any_day(rng);
        const DayNumber b = any_day(rng);
        INFO(iso(a) << " .. " << iso(b));
        const std::int64_t n = months_between(a, b);
        if (b < a) {
            REQUIRE(n == -months_between(b, a));
            continue;
        }
        REQUIRE(n >= 0);
        const std::optional<DayNumber> reached = add_months(a, n);
        REQUIRE(reached.has_value());
        REQUIRE(*reached <= b);
        const std::optional<DayNumber> beyond = add_months(a, n + 1);
        REQUIRE((!beyond.has_value() || *beyond > b));
    }
}

TEST_CASE("date: format_iso and format_german write exactly 10 chars", "[date]") {
    char buffer[12] = {'#', '#', '#', '#', '#', '#', '#', '#', '#', '#', '#', '#'};
    char* end = format_iso(ymd(2017, 1, 5), buffer);
    CHECK(end == buffer + 10);
    CHECK(std::string_view(buffer, 12) == "2017-01-05##");
    end = format_german(ymd(2017, 1, 5), buffer);
    CHECK(end == buffer + 10);
    CHECK(std::string_view(buffer, 12) == "05.01.2017##");
    CHECK(iso(min_date()) == "0001-01-01");
    CHECK(iso(max_date()) == "9999-12-31");
    CHECK(iso(ymd(2016, 2, 29)) == "2016-02-29");
    CHECK(iso(ymd(987, 11, 30)) == "0987-11-30");
    format_german(ymd(987, 11, 30), buffer);
    CHECK(std::string_view(buffer, 10) == "30.11.0987");
}

TEST_CASE("date: both formats parse back to the same day over the whole range", "[date]") {
    long mismatches = 0;
    char buffer[10];
    for (DayNumber d = min_date(); d <= max_date(); ++d) {
        format_iso(d, buffer);
        if (parse_date(std::string_view(buffer, 10)) != std::optional<DayNumber>(d)) {
            ++mismatches;
        }
        format_german(d, buffer);
        if (parse_date(std::string_view(buffer, 10)) != std::optional<DayNumber>(d)) {
            ++mismatches;
        }
    }
    CHECK(mismatches == 0);
}

TEST_CASE("date: format_date replaces YYYY, MM and DD and copies the rest", "[date]") {
    const DayNumber date = ymd(2017, 1, 5);
    CHECK(format_date(date, "DD.MM.YYYY") == "05.01.2017");
    CHECK(format_date(date, "YYYY-MM-DD") == "2017-01-05");
    CHECK(format_date(date, "MM/YYYY") == "01/2017");
    CHECK(format_date(date, "YYYYMMDD") == "20170105");
    CHECK(format_date(date, "") == "");
    CHECK(format_date(date, "Stand") == "Stand");
    CHECK(format_date(date, "D.M.YY") == "D.M.YY");
    CHECK(format_date(date, "YYYYY") == "2017Y");
    CHECK(format_date(date, "MMM") == "01M");
    CHECK(format_date(date, "DDD") == "05D");
    CHECK(format_date(date, "März MM") == "März 01");
    CHECK(format_date(ymd(1, 12, 31), "DD.MM.YYYY") == "31.12.0001");
    const std::string with_nul = format_date(date, std::string_view("DD\0MM", 5));
    CHECK(with_nul == std::string("05\0" "01", 5));
}

TEST_CASE("date: a German date with a two-digit year is recognised, never parsed", "[date]") {
    using kadenz::detail::has_two_digit_year;
    for (const std::string_view text : {"20.03.88", "1.1.17", "01.1.00", "29.02.96"}) {
        INFO(text);
        CHECK(has_two_digit_year(text));
        CHECK_FALSE(parse_date(text).has_value());  // no century is guessed
    }
    for (const std::string_view text : {"20.03.1988", "32.03.88", "20.13.88", "20.03.8", "20.03.888", "2003.88",
                                        "88-03-20", "a.b.cd", "20.03.8x", "", "..", "20..88"}) {
        INFO(text);
        CHECK_FALSE(has_two_digit_year(text));
    }
}
