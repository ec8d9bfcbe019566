// caseload_gen: writes a deterministic synthetic caseload CSV (the columns of docs/reading.md, in its
// order) for the differential test and the benchmarks. No real data is ever needed: the output is
// a pure function of the arguments, on every platform.
//
//   caseload_gen --rows N --seed S [--as-of YYYY-MM-DD] [--german] [--errors PERMILLE]
//
// The distributions are roughly those of a job centre's caseload, but the dates cluster on the
// edges that decide outcomes relative to as_of (25th birthdays, 29 Feb, month ends, the 6-month
// profiling limit), and the individual adjustments include every valid and invalid combination.
// --german imitates an office spreadsheet export (';', DD.MM.YYYY, ja/nein, CRLF, UTF-8 BOM,
// quoted cells with ';' and line breaks); --errors breaks the given permille of cells.
//
// Randomness is a hand-written splitmix64 reduced with '%': the <random> distributions are not
// specified exactly by the standard and would give different files on different libraries.

#include "common.hpp"

#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace {

using kadenz::bench::parse_number;
using kadenz::bench::Rng;

// The default evaluation date the edge cases are placed around (a date in the directive's first
// quarter of validity).
constexpr std::string_view kDefaultAsOf = "2017-03-01";

// Output is collected in a buffer of this size and written in one call when it fills.
constexpr std::size_t kWriteBuffer = std::size_t{1} << 18;

// ---------------------------------------------------------------------------------------------
// Randomness


// ---------------------------------------------------------------------------------------------
// Dates: day numbers (days since 1970-01-01) for day arithmetic, civil triples for months.
// The conversions are Howard Hinnant's public-domain civil-calendar algorithms.

struct Date {
  int year;
  int month;
  int day;
};

constexpr bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

constexpr int days_in_month(int y, int m) {
  constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

long days_from_civil(Date d) {
  const long y = d.year - (d.month <= 2 ? 1 : 0);
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long yoe = y - era * 400;
  const long mp = (d.month + 9) % 12;
  const long doy = (153 * mp + 2) / 5 + d.day - 1;
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Date civil_from_days(long z) {
  z += 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const long doe = z - era * 146097;
  const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long mp = (5 * doy + 2) / 153;
  const long d = doy - (153 * mp + 2) / 5 + 1;
  const long m = mp < 10 ? mp + 3 : mp - 9;
  const long y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return Date{static_cast<int>(y), static_cast<int>(m), static_cast<int>(d)};
}

Date add_days(Date d, long n) { return civil_from_days(days_from_civil(d) + n); }

// Calendar months in either direction, the day clamped to the end of the target month.
Date add_months(Date d, int months) {
  const int total = d.year * 12 + (d.month - 1) + months;
  Date r{total / 12, total % 12 + 1, 1};
  r.day = d.day < days_in_month(r.year, r.month) ? d.day : days_in_month(r.year, r.month);
  return r;
}

Date end_of_month(int year, int month) { return Date{year, month, days_in_month(year, month)}; }

bool parse_iso_date(std::string_view s, Date& out) {
  int y = 0, m = 0, d = 0;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  if (std::from_chars(s.data(), s.data() + 4, y).ptr != s.data() + 4) return false;
  if (std::from_chars(s.data() + 5, s.data() + 7, m).ptr != s.data() + 7) return false;
  if (std::from_chars(s.data() + 8, s.data() + 10, d).ptr != s.data() + 10) return false;
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return false;
  out = Date{y, m, d};
  return true;
}

// ---------------------------------------------------------------------------------------------
// Cell text in the chosen format.

struct Format {
  bool german = false;
  char delim = ',';
  std::string_view eol = "\n";
};

// Replaces a cell's text. (Appending rather than assigning a literal also sidesteps a false
// -Wrestrict in GCC 12's std::string::assign at -O3, GCC bug 105329.)
void set(std::string& cell, std::string_view text) {
  cell.clear();
  cell.append(text.data(), text.size());
}

void append_2(std::string& s, int v) {
  s += static_cast<char>('0' + v / 10);
  s += static_cast<char>('0' + v % 10);
}

void append_int(std::string& s, long v) {
  char tmp[24];
  const auto res = std::to_chars(tmp, tmp + sizeof tmp, v);
  s.append(tmp, static_cast<std::size_t>(res.ptr - tmp));
}

std::string date_text(const Format& f, Rng& rng, Date d) {
  std::string s;
  if (!f.german) {
    append_int(s, d.year);
    s += '-';
    append_2(s, d.month);
    s += '-';
    append_2(s, d.day);
    return s;
  }
  // Spreadsheets write DD.MM.YYYY; hand-typed or reformatted cells are often D.M.YYYY.
  const bool short_form = rng.chance(150);
  if (short_form) append_int(s, d.day);
  else append_2(s, d.day);
  s += '.';
  if (short_form) append_int(s, d.month);
  else append_2(s, d.month);
  s += '.';
  append_int(s, d.year);
  return s;
}

std::string bool_text(const Format& f, Rng& rng, bool v) {
  const int r = rng.between(0, 99);
  if (f.german) {
    if (r < 85) return v ? "ja" : "nein";
    if (r < 90) return v ? "Ja" : "Nein";
    if (r < 93) return v ? "JA" : "NEIN";
    if (r < 97) return v ? "1" : "0";
    return v ? "wahr" : "FALSCH";
  }
  if (r < 85) return v ? "true" : "false";
  if (r < 90) return v ? "TRUE" : "FALSE";
  if (r < 94) return v ? "True" : "False";
  if (r < 97) return v ? "1" : "0";
  return v ? "Ja" : "nein";
}

// ---------------------------------------------------------------------------------------------
// Broken cells for --errors, one list per kind of column. Each is invalid under the contract
// (docs/reading.md with the input rules coburg_reference states: dates only 2017-01-01, 01.01.2017,
// 1.1.2017; integers [+-]?[0-9]+, so "+-1" is an error) and avoids questions the contract leaves open
// (blanks outside quotes, tabs, ISO dates with one-digit months).

constexpr std::string_view kBadDates[] = {"gestern",    "2016/01/05", "31.04.2016", "2016-02-30",
                                          "00.01.2016", "2016-13-01", "29.02.2017", "31.02.2017",
                                          "1.1.16",     "2016-06-31", "12.13.2016", "Mai 2016"};
constexpr std::string_view kBadStatus[] = {"Arbeitslos", "arbeitssuchend", "AL", "ohne Status",
                                           "ARBEITSUCHEND"};
constexpr std::string_view kBadProfile[] = {"Marktnah", "marktnah_plus", "integriert",
                                            "markt-fern", "IHB"};
constexpr std::string_view kBadFoerderung[] = {"egz", "ABM", "keine Förderung", "Fav", "nein"};
constexpr std::string_view kBadBool[] = {"vielleicht", "yes", "2", "j", "n", "x", "wahrscheinlich"};
constexpr std::string_view kBadInt[] = {"zwei", "1.5", "+-1", "3 Monate", "1e2", "--1", "6,0", "-"};

// Free-text reasons; some need quoting in one format or the other (',' ';' '"' line breaks).
constexpr std::string_view kReasons[] = {
    "Pflege eines Angehörigen",
    "Reha-Maßnahme bis 30.06.2017",
    "Elternzeit, Rückkehr geplant",
    "Krankheit; Attest liegt vor",
    "Kunde sagt \"Saisonarbeit\" ab Mai",
    "Umzug; neue Adresse folgt\nRücksprache im Team",
    "Schwangerschaft",
    "Studium (Teilzeit), Nachweis liegt vor",
};

// ---------------------------------------------------------------------------------------------
// One caseload row.

namespace col {
constexpr std::size_t id = 0, birth_date = 1, status = 2, profile = 3, bfm = 4, massnahme = 5,
                      arbeitsunfaehig = 6, foerderung = 7, para10 = 8, german_ok = 9,
                      last_contact = 10, profiling_date = 11, extension_months = 12,
                      extension_reason = 13, closer_months = 14, count = 15;
constexpr std::string_view names[count] = {
    "id",           "birth_date",      "status",           "profile",       "bfm",
    "massnahme",    "arbeitsunfaehig", "foerderung",       "para10",        "german_ok",
    "last_contact", "profiling_date",  "extension_months", "extension_reason", "closer_months"};
}  // namespace col

class Generator {
 public:
  Generator(std::uint64_t seed, Date as_of, Format format, int error_per_mille)
      : rng_(seed), as_of_(as_of), f_(format), errors_(error_per_mille) {}

  // Fills the 15 cells of row number `n` (0-based).
  void row(long n, std::string (&cells)[col::count]) {
    for (auto& c : cells) c.clear();
    set(cells[col::id], "K");
    append_int(cells[col::id], 1000000 + n);

    cells[col::birth_date] = date_text(f_, rng_, birth_date());

    const int s = rng_.between(0, 99);
    const std::string_view status = s < 50   ? "arbeitslos"
                                    : s < 88 ? "arbeitsuchend"
                                             : "ohne_status";
    set(cells[col::status], status);
    const int p = rng_.between(0, 99);
    set(cells[col::profile], p < 35   ? "marktnah"
                             : p < 90 ? "marktfern"
                             : p < 96 ? "integriert_hilfebeduerftig"
                                      : "zuordnung_nicht_erforderlich");
    const bool arbeitslos = status == "arbeitslos";
    const bool arbeitsuchend = status == "arbeitsuchend";
    cells[col::bfm] = bool_text(f_, rng_, rng_.chance(70));
    cells[col::massnahme] = bool_text(f_, rng_, rng_.chance(arbeitsuchend ? 250 : 50));
    // A few implausible arbeitslos records (warning (a)): unable to work or subsidised.
    cells[col::arbeitsunfaehig] =
        bool_text(f_, rng_, rng_.chance(arbeitsuchend ? 120 : arbeitslos ? 20 : 30));
    const int fo = rng_.between(0, 999);
    const int subsidised = arbeitsuchend ? 100 : arbeitslos ? 20 : 10;
    set(cells[col::foerderung], fo < subsidised / 2 ? "EGZ" : fo < subsidised ? "FAV" : "keine");
    cells[col::para10] = bool_text(f_, rng_, rng_.chance(status == "ohne_status" ? 300 : 10));
    cells[col::german_ok] = bool_text(f_, rng_, rng_.chance(850));

    Date d{};
    if (last_contact(d)) cells[col::last_contact] = date_text(f_, rng_, d);
    if (profiling_date(d)) cells[col::profiling_date] = date_text(f_, rng_, d);
    adjustments(cells);

    for (std::size_t c = 0; c < col::count; ++c) {
      if (errors_ > 0 && c != col::id && c != col::extension_reason && rng_.chance(errors_))
        break_cell(c, cells[c]);
      // Blanks around values are ignored by the reader; ids get them rarely, other cells
      // sometimes. The reason is free text and stays as it is.
      if (c != col::extension_reason && !cells[c].empty() && rng_.chance(c == col::id ? 5 : 20)) {
        std::string padded(rng_.pick(kPads));
        padded.append(cells[c]);
        padded.append(rng_.pick(kPads));
        cells[c].swap(padded);
      } else if (cells[c].empty() && rng_.chance(10)) {
        set(cells[c], " ");  // a blank-only cell is an empty cell
      }
    }
  }

 private:
  static constexpr std::string_view kPads[] = {" ", "  ", "", " "};

  // Ages 17-64, a fifth under 25, and about one row in ten on an edge of the 25th birthday.
  Date birth_date() {
    const Date twenty_fifth = add_months(as_of_, -25 * 12);  // clamped when as_of is 29 Feb
    const int r = rng_.between(0, 999);
    if (r < 40) return twenty_fifth;
    if (r < 60) return add_days(twenty_fifth, -1);
    if (r < 80) return add_days(twenty_fifth, 1);
    if (r < 100) {
      // 29 Feb births: the leap year nearest to 25 years ago, or any leap year in range.
      int year = twenty_fifth.year;
      if (rng_.chance(500)) year -= rng_.between(0, 40);
      while (!is_leap(year)) --year;
      return Date{year, 2, 29};
    }
    const long as_of = days_from_civil(as_of_);
    if (r < 300) return civil_from_days(as_of - rng_.between(17 * 365, 25 * 365 - 1));
    return civil_from_days(as_of - rng_.between(25 * 365 + 7, 64 * 365));
  }

  // Empty (first interview) for 8 %; month ends (31st, 30th, 29 Feb) and exact month distances to
  // as_of (next_due == as_of) for a fifth; otherwise within the last 15 months.
  bool last_contact(Date& d) {
    const int r = rng_.between(0, 999);
    if (r < 80) return false;
    if (r < 200) {
      const Date back = add_months(as_of_, -rng_.between(1, 14));
      d = end_of_month(back.year, back.month);
      if (rng_.chance(150)) {
        int year = as_of_.year - rng_.between(0, 1);
        while (!is_leap(year)) --year;
        d = Date{year, 2, 29};
      }
      return true;
    }
    if (r < 280) {
      constexpr int kMonths[] = {1, 2, 3, 6, 7, 8, 9, 12};
      d = add_months(as_of_, -rng_.pick(kMonths));
      d = add_days(d, rng_.between(-1, 1));
      return true;
    }
    if (r < 300) {
      d = add_days(as_of_, rng_.between(0, 60));  // recorded ahead of as_of: unusual, but valid
      return true;
    }
    d = add_days(as_of_, -rng_.between(0, 450));
    return true;
  }

  // Empty for a quarter; exactly 6 months before as_of or a day either side for a fifth.
  bool profiling_date(Date& d) {
    const int r = rng_.between(0, 999);
    if (r < 250) return false;
    if (r < 450) {
      d = add_days(add_months(as_of_, -6), rng_.between(-1, 1));
      return true;
    }
    d = add_days(as_of_, -rng_.between(0, 900));
    return true;
  }

  std::string reason() {
    const std::string_view text = rng_.pick(kReasons);
    // In the spreadsheet export a line break inside a cell is sometimes CRLF.
    if (!f_.german || !rng_.chance(500)) return std::string(text);
    std::string s;
    for (char c : text) {
      if (c == '\n') s.push_back('\r');
      s.push_back(c);
    }
    return s;
  }

  // extension_months / extension_reason / closer_months: mostly empty; the rest covers every
  // valid and invalid combination docs/reading.md names.
  void adjustments(std::string (&cells)[col::count]) {
    std::string& ext = cells[col::extension_months];
    std::string& why = cells[col::extension_reason];
    std::string& closer = cells[col::closer_months];
    const int r = rng_.between(0, 999);
    if (r < 780) return;                    // nothing individual
    if (r < 820) {                          // extension 0: valid, reason optional
      set(ext, "0");
      if (rng_.chance(300)) why = reason();
    } else if (r < 880) {                   // valid extension
      append_int(ext, rng_.between(1, 6));
      why = reason();
    } else if (r < 920) {                   // closer 1..6: valid only up to the base interval
      append_int(closer, rng_.between(1, 6));
    } else if (r < 940) {                   // closer with extension 0: valid
      append_int(closer, rng_.between(1, 3));
      set(ext, "0");
    } else if (r < 950) {                   // closer 0: error
      set(closer, "0");
    } else if (r < 960) {                   // closer and extension: error
      append_int(closer, rng_.between(1, 2));
      append_int(ext, rng_.between(1, 6));
      why = reason();
    } else if (r < 970) {                   // more than 6 months: error
      constexpr int kTooLong[] = {7, 8, 12, 24};
      append_int(ext, rng_.pick(kTooLong));
      why = reason();
    } else if (r < 980) {                   // extension without a reason: error
      append_int(ext, rng_.between(1, 6));
      if (rng_.chance(500)) set(why, "   ");
    } else if (r < 985) {                   // negative extension: error
      append_int(ext, -rng_.between(1, 3));
      why = reason();
    } else {                                // a reason but no extension: valid
      why = reason();
    }
  }

  // Replaces a cell by one that docs/reading.md makes a row error: an unknown value, or (one time in
  // five for required columns) no value at all.
  template <std::size_t N>
  void unknown_or_missing(std::string& cell, const std::string_view (&unknown)[N]) {
    if (rng_.chance(200)) cell.clear();
    else set(cell, rng_.pick(unknown));
  }

  void break_cell(std::size_t c, std::string& cell) {
    switch (c) {
      case col::birth_date: {
        const int r = rng_.between(0, 9);
        if (r < 2) {
          cell.clear();  // missing required value
        } else if (r < 5) {  // born after as_of, often the day after
          const int days_after = rng_.chance(500) ? 1 : rng_.between(2, 3650);
          cell = date_text(f_, rng_, add_days(as_of_, days_after));
        } else {
          set(cell, rng_.pick(kBadDates));
        }
        return;
      }
      case col::last_contact:
      case col::profiling_date: set(cell, rng_.pick(kBadDates)); return;
      case col::status: unknown_or_missing(cell, kBadStatus); return;
      case col::profile: unknown_or_missing(cell, kBadProfile); return;
      case col::foerderung: unknown_or_missing(cell, kBadFoerderung); return;
      case col::bfm:
      case col::massnahme:
      case col::arbeitsunfaehig:
      case col::para10:
      case col::german_ok: unknown_or_missing(cell, kBadBool); return;
      case col::extension_months:
      case col::closer_months: set(cell, rng_.pick(kBadInt)); return;
      default: return;
    }
  }

  Rng rng_;
  Date as_of_;
  Format f_;
  int errors_;
};

// ---------------------------------------------------------------------------------------------
// Output

class Writer {
 public:
  explicit Writer(const Format& f) : f_(f) { buf_.reserve(kWriteBuffer + 4096); }

  void cell(std::string_view v, bool force_quotes) {
    bool quote = force_quotes;
    for (char c : v)
      if (c == f_.delim || c == '"' || c == '\r' || c == '\n') quote = true;
    if (!quote) {
      buf_ += v;
      return;
    }
    buf_ += '"';
    for (char c : v) {
      if (c == '"') buf_ += '"';
      buf_ += c;
    }
    buf_ += '"';
  }
  void delim() { buf_ += f_.delim; }
  void end_row() {
    buf_ += f_.eol;
    if (buf_.size() >= kWriteBuffer) flush();
  }
  void raw(std::string_view s) { buf_ += s; }

  bool finish() {
    flush();
    return !failed_ && std::fflush(stdout) == 0;
  }

 private:
  void flush() {
    if (!buf_.empty() && std::fwrite(buf_.data(), 1, buf_.size(), stdout) != buf_.size())
      failed_ = true;
    buf_.clear();
  }

  const Format& f_;
  std::string buf_;
  bool failed_ = false;
};

void usage() {
  std::fputs("usage: caseload_gen --rows N --seed S [--as-of YYYY-MM-DD] [--german] "
             "[--errors PERMILLE]\n",
             stderr);
}


}  // namespace

int main(int argc, char** argv) {
  long long rows = -1;
  long long seed = 0;
  bool has_seed = false;
  long long errors = 0;
  Date as_of{};
  parse_iso_date(kDefaultAsOf, as_of);
  Format format;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--rows" && has_value && parse_number(argv[i + 1], rows) && rows >= 0) {
      ++i;
    } else if (a == "--seed" && has_value && parse_number(argv[i + 1], seed)) {
      has_seed = true;
      ++i;
    } else if (a == "--errors" && has_value && parse_number(argv[i + 1], errors) && errors >= 0 &&
               errors <= 1000) {
      ++i;
    } else if (a == "--as-of" && has_value && parse_iso_date(argv[i + 1], as_of)) {
      ++i;
    } else if (a == "--german") {
      format.german = true;
      format.delim = ';';
      format.eol = "\r\n";
    } else {
      std::fprintf(stderr, "caseload_gen: bad or incomplete argument '%s'\n", argv[i]);
      usage();
      return 2;
    }
  }
  if (rows < 0 || !has_seed) {
    usage();
    return 2;
  }

  Writer out(format);
  Rng quoting(static_cast<std::uint64_t>(seed) ^ 0x5157u);  // separate stream: quoting only
  if (format.german) out.raw("\xEF\xBB\xBF");
  for (std::size_t c = 0; c < col::count; ++c) {
    if (c > 0) out.delim();
    out.cell(col::names[c], false);
  }
  out.end_row();

  Generator gen(static_cast<std::uint64_t>(seed), as_of, format, static_cast<int>(errors));
  std::string cells[col::count];
  for (long long n = 0; n < rows; ++n) {
    gen.row(static_cast<long>(n), cells);
    for (std::size_t c = 0; c < col::count; ++c) {
      if (c > 0) out.delim();
      // Some tools quote every text cell; a few unneeded quotes test that path.
      out.cell(cells[c], quoting.chance(5));
    }
    out.end_row();
  }
  if (!out.finish()) {
    std::fprintf(stderr, "caseload_gen: write error on standard output\n");
    return 1;
  }
  return 0;
}
