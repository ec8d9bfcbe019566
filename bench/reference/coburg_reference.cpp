// coburg_reference: an independent, hand-written implementation of the Coburg Land 2017
// contact-density contract (docs/reading.md), used as the oracle that the kadenz
// interpreter is tested against (tests/test_differential.cpp) and the speed it is measured against.
//
//   coburg_reference --as-of YYYY-MM-DD [--in-memory N] IN.csv > OUT.csv
//
// It deliberately shares no code with the kadenz library (one file, standard library only): a
// shared bug would make both sides agree and the differential test blind to it. Where docs/reading.md
// leaves a point open, the decision taken here is stated in a comment marked "Reading:".
//
// Input rules (the project's, on top of docs/reading.md): a header row names the columns (any order,
// extra columns ignored); RFC 4180 quoting, quoted line breaks allowed; LF or CRLF; optional
// UTF-8 BOM; ';' or ',' chosen from the header; blank lines skipped. In a cell, surrounding
// blanks are ignored; booleans true/false/ja/nein/1/0/wahr/falsch in any case; enumerations
// exact; dates 2017-01-01, 01.01.2017 or 1.1.2017 that exist in the calendar; integers -?[0-9]+.
// Output: ',' and LF, header id,code,interval_months,next_due,overdue,appointment_minutes,rule,
// source,warnings,error; one row per input row, in input order.
//
// Exit status: 0 when the file was read (rows with errors are data, not a failure), 1 when the
// input cannot be read or its header is unusable, 2 on bad command-line arguments.

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace {

// ---------------------------------------------------------------------------------------------
// Limits

// Bytes requested from the input per read; large enough that the per-read cost vanishes.
constexpr std::size_t kReadChunk = std::size_t{1} << 20;

// A record longer than this is almost certainly an unterminated quote swallowing the rest of the
// file; stopping with a message beats reading a multi-gigabyte "cell" into memory.
constexpr std::size_t kMaxRecordBytes = std::size_t{64} << 20;

// Output is collected in a buffer of this size and written in one call when it fills.
constexpr std::size_t kWriteBuffer = std::size_t{1} << 18;

// Integers are read saturating at this magnitude: every allowed value is a few months, so a
// larger number is still "a number" (the syntax is -?[0-9]+) that then breaks a range check.
constexpr long long kIntSaturation = 1'000'000;

// An unknown enumeration or boolean value is echoed in the error message (it helps the fix and is
// not social data), but only when it is this short; a longer cell is probably a shifted free-text
// column and is not repeated.
constexpr std::size_t kMaxEchoedValue = 32;

// ---------------------------------------------------------------------------------------------
// Calendar dates. Only three operations are needed (compare, add calendar months, age), so a
// plain year/month/day triple is enough; no day counting.

struct Date {
  int year = 1;
  int month = 1;
  int day = 1;
};

constexpr bool is_leap(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

constexpr int days_in_month(int year, int month) {
  constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : kDays[month - 1];
}

// A number whose order is the calendar order, so comparisons are one integer compare.
constexpr int order_key(Date d) { return d.year * 10000 + d.month * 100 + d.day; }

// docs/reading.md "next_due": calendar months, the day clamped to the end of the target month
// (31.01 + 1 month -> 28/29.02). `months` is never negative here.
Date add_months(Date d, int months) {
  const int total = d.year * 12 + (d.month - 1) + months;
  Date r;
  r.year = total / 12;
  r.month = total % 12 + 1;
  r.day = std::min(d.day, days_in_month(r.year, r.month));
  return r;
}

// Completed years at `as_of` (docs/reading.md "Derived values"): the birthday itself counts as completed,
// and someone born on 29 Feb has their birthday on 1 Mar in non-leap years.
int age_at(Date birth, Date as_of) {
  int birthday_month = birth.month;
  int birthday_day = birth.day;
  if (birthday_month == 2 && birthday_day == 29 && !is_leap(as_of.year)) {
    birthday_month = 3;
    birthday_day = 1;
  }
  const bool birthday_reached =
      as_of.month > birthday_month || (as_of.month == birthday_month && as_of.day >= birthday_day);
  return as_of.year - birth.year - (birthday_reached ? 0 : 1);
}

// ---------------------------------------------------------------------------------------------
// Cell values

// Reading: "surrounding blanks" are spaces and tabs (what isblank() calls blank); other control
// characters stay and make the value invalid.
constexpr bool is_blank(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
  std::size_t b = 0;
  std::size_t e = s.size();
  while (b < e && is_blank(s[b])) ++b;
  while (e > b && is_blank(s[e - 1])) --e;
  return s.substr(b, e - b);
}

// All characters ASCII digits (non-empty); the value is accumulated without overflow checks, so
// callers pass at most 4 digits.
bool read_digits(std::string_view s, int& out) {
  if (s.empty()) return false;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  return true;
}

enum class DateParse { ok, bad_syntax, no_such_day };

// Accepts exactly the three spellings of docs/reading.md: 2017-01-01, 01.01.2017 and 1.1.2017.
// Reading: ISO needs two-digit month and day; the German form needs a four-digit year (a
// two-digit year would have to guess the century of a birth date). Year 0 is not a date.
DateParse parse_date(std::string_view s, Date& out) {
  Date d;
  if (s.size() == 10 && s[4] == '-' && s[7] == '-') {
    if (!read_digits(s.substr(0, 4), d.year) || !read_digits(s.substr(5, 2), d.month) ||
        !read_digits(s.substr(8, 2), d.day))
      return DateParse::bad_syntax;
  } else {
    const std::size_t p1 = s.find('.');
    if (p1 == std::string_view::npos) return DateParse::bad_syntax;
    const std::size_t p2 = s.find('.', p1 + 1);
    if (p2 == std::string_view::npos) return DateParse::bad_syntax;
    const std::string_view day = s.substr(0, p1);
    const std::string_view month = s.substr(p1 + 1, p2 - p1 - 1);
    const std::string_view year = s.substr(p2 + 1);
    if (day.empty() || day.size() > 2 || month.empty() || month.size() > 2 || year.size() != 4)
      return DateParse::bad_syntax;
    if (!read_digits(day, d.day) || !read_digits(month, d.month) || !read_digits(year, d.year))
      return DateParse::bad_syntax;
  }
  if (d.year < 1 || d.month < 1 || d.month > 12 || d.day < 1 ||
      d.day > days_in_month(d.year, d.month))
    return DateParse::no_such_day;
  out = d;
  return DateParse::ok;
}

// Booleans are case-insensitive (ASCII): true/false, ja/nein, 1/0, wahr/falsch.
bool parse_bool(std::string_view s, bool& out) {
  char low[6];
  if (s.empty() || s.size() > sizeof low) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    low[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  const std::string_view v(low, s.size());
  if (v == "true" || v == "ja" || v == "1" || v == "wahr") {
    out = true;
    return true;
  }
  if (v == "false" || v == "nein" || v == "0" || v == "falsch") {
    out = false;
    return true;
  }
  return false;
}

// [+-]?[0-9]+, saturating (see kIntSaturation). Reading: docs/reading.md says only "int"; the project
// admits one sign ("+1" is 1, as most languages read it) but no inner blanks and no thousands
// separator ("1.000" is not 1000).
bool parse_int(std::string_view s, int& out) {
  std::size_t i = 0;
  const bool negative = !s.empty() && s[0] == '-';
  if (negative || (!s.empty() && s[0] == '+')) i = 1;
  if (i == s.size()) return false;
  long long acc = 0;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (c < '0' || c > '9') return false;
    if (acc < kIntSaturation) acc = acc * 10 + (c - '0');
  }
  acc = std::min(acc, kIntSaturation);
  out = static_cast<int>(negative ? -acc : acc);
  return true;
}

// ---------------------------------------------------------------------------------------------
// The caseload record (docs/reading.md table) and the decision for it.

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

enum class Status : std::uint8_t { arbeitslos, arbeitsuchend, ohne_status };
enum class Profile : std::uint8_t { marktnah, marktfern, integriert_hilfebeduerftig,
                                    zuordnung_nicht_erforderlich };
enum class Foerderung : std::uint8_t { keine, egz, fav };

struct Record {
  Date birth;
  Date last_contact;    // meaningful only if has_last_contact
  Date profiling;       // meaningful only if has_profiling
  int extension = 0;    // empty cell = 0 (docs/reading.md)
  int closer = 0;       // meaningful only if has_closer
  Status status = Status::arbeitslos;
  Profile profile = Profile::marktnah;
  Foerderung foerderung = Foerderung::keine;
  bool bfm = false;
  bool massnahme = false;
  bool arbeitsunfaehig = false;
  bool para10 = false;  // read and validated, but changes nothing (docs/reading.md "Base interval")
  bool german_ok = true;
  bool has_last_contact = false;
  bool has_profiling = false;
  bool has_closer = false;
  bool has_reason = false;  // extension_reason non-blank; the text itself is never needed
};

struct Rule {
  std::string_view name;
  std::string_view source;
  int months;
};

// docs/reading.md "Base interval", in its order: the order breaks ties between equal intervals.
constexpr Rule kRules[] = {
    {"bfm", "§2.2.1", 1},       {"u25", "§2.2.1", 1},       {"marktnah", "§2.2.2", 2},
    {"marktfern", "§2.2.3", 3}, {"massnahme", "§2.2.3", 3}, {"arbeitsuchend", "§2.2.4", 6},
    {"ohne_status", "§2.2.4", 6}};
constexpr std::size_t kRuleCount = sizeof kRules / sizeof kRules[0];

constexpr std::string_view kWarningImplausible =
    "Unplausibel: arbeitsunfähige oder geförderte Kunden sind arbeitsuchend, nicht arbeitslos";
constexpr std::string_view kWarningProfiling = "Profiling überprüfen (§2.2.2)";
// Both warnings, in the order (a) then (b), joined as docs/reading.md says. Kept as one text so the
// cell is quoted as a whole (warning (a) contains a comma).
constexpr std::string_view kWarningBoth =
    "Unplausibel: arbeitsunfähige oder geförderte Kunden sind arbeitsuchend, nicht arbeitslos; "
    "Profiling überprüfen (§2.2.2)";
static_assert(kWarningBoth.substr(0, kWarningImplausible.size()) == kWarningImplausible &&
              kWarningBoth.substr(kWarningImplausible.size(), 2) == "; " &&
              kWarningBoth.substr(kWarningImplausible.size() + 2) == kWarningProfiling);
constexpr unsigned kWarnImplausible = 1u;
constexpr unsigned kWarnProfiling = 2u;

struct Decision {
  const char* error = nullptr;  // static text; when set, nothing else is meaningful
  Date next_due;
  std::size_t rule = 0;  // index into kRules
  int base = 0;
  int interval = 0;
  int minutes = 0;
  unsigned warnings = 0;
  bool overdue = false;
};

// Messages for the range checks that depend on the base interval, one per possible base.
const char* closer_too_large(int base) {
  switch (base) {
    case 1: return "closer_months: must not exceed the base interval of 1 month";
    case 2: return "closer_months: must not exceed the base interval of 2 months";
    case 3: return "closer_months: must not exceed the base interval of 3 months";
    default: return "closer_months: must not exceed the base interval of 6 months";
  }
}

// The whole contract for one well-formed record. Pure: the in-memory benchmark calls it many
// times on the same records.
Decision evaluate(const Record& r, Date as_of) {
  Decision d;
  // docs/reading.md "Derived values": a birth date after as_of is a row error.
  if (order_key(r.birth) > order_key(as_of)) {
    d.error = "birth_date: after the evaluation date (as_of)";
    return d;
  }
  const bool u25 = age_at(r.birth, as_of) < 25;
  const bool arbeitslos = r.status == Status::arbeitslos;
  const bool matches[kRuleCount] = {
      r.bfm,
      u25 && arbeitslos,
      !u25 && arbeitslos && r.profile == Profile::marktnah,
      !u25 && arbeitslos && r.profile != Profile::marktnah,
      r.status == Status::arbeitsuchend && r.massnahme,
      r.status == Status::arbeitsuchend,
      r.status == Status::ohne_status,
  };
  // Every status value matches at least one rule, so `best` is always set; the strict `<` keeps
  // the earlier rule on a tie.
  std::size_t best = kRuleCount;
  for (std::size_t i = 0; i < kRuleCount; ++i)
    if (matches[i] && (best == kRuleCount || kRules[i].months < kRules[best].months)) best = i;
  d.rule = best;
  d.base = kRules[best].months;

  // Individual adjustments.
  if (r.has_closer) {
    if (r.closer < 1) {
      d.error = "closer_months: must be at least 1";
      return d;
    }
    if (r.closer > d.base) {
      d.error = closer_too_large(d.base);
      return d;
    }
  }
  if (r.extension != 0) {
    if (r.extension < 0) {
      d.error = "extension_months: must not be negative";
      return d;
    }
    if (r.extension > 6) {
      d.error = "extension_months: max. 6 Monate (§2.2.4)";
      return d;
    }
    if (!r.has_reason) {
      d.error = "extension_reason: an extension needs a documented reason (§2.2.4)";
      return d;
    }
    if (r.has_closer) {
      d.error = "closer_months, extension_months: a closer interval and an extension exclude "
                "each other";
      return d;
    }
  }
  d.interval = r.has_closer ? r.closer : d.base + r.extension;

  // A first interview (no last contact yet) is due on as_of and so never overdue.
  d.next_due = r.has_last_contact ? add_months(r.last_contact, d.interval) : as_of;
  d.overdue = order_key(d.next_due) < order_key(as_of);
  d.minutes = (!r.has_last_contact || !r.german_ok) ? 60 : 30;

  if (arbeitslos && (r.arbeitsunfaehig || r.foerderung != Foerderung::keine))
    d.warnings |= kWarnImplausible;
  if (arbeitslos && r.profile == Profile::marktnah && r.has_profiling &&
      order_key(add_months(r.profiling, 6)) < order_key(as_of))
    d.warnings |= kWarnProfiling;
  return d;
}

// ---------------------------------------------------------------------------------------------
// Reading one record's cells. Every column is validated whether or not the rules need it
// (docs/reading.md: "Anything else in a column is a row error naming the column"); all broken cells
// of a row are reported, joined with "; ", so one pass over a bad export finds them all.

void add_error(std::string& errors, std::string_view column, std::string_view text) {
  if (!errors.empty()) errors += "; ";
  errors += column;
  errors += ": ";
  errors += text;
}

// Echoes a short, printable, complete-UTF-8 value; anything else is left out of the message.
void add_value_error(std::string& errors, std::string_view column, std::string_view value,
                     std::string_view expected) {
  bool echo = value.size() <= kMaxEchoedValue;
  for (char c : value)
    if (static_cast<unsigned char>(c) < 0x20u || c == 0x7f) echo = false;
  if (!errors.empty()) errors += "; ";
  errors += column;
  if (echo) {
    errors += ": unknown value '";
    errors += value;
    errors += "' (expected ";
  } else {
    errors += ": unknown value (expected ";
  }
  errors += expected;
  errors += ')';
}

struct CellReader {
  std::string& errors;

  // Required cells: empty (after trimming) is an error (docs/reading.md "Base interval").
  bool required(std::size_t column, std::string_view v) {
    if (!v.empty()) return true;
    add_error(errors, col::names[column], "missing value");
    return false;
  }

  void date(std::size_t column, std::string_view v, Date& out) {
    switch (parse_date(v, out)) {
      case DateParse::ok: return;
      case DateParse::bad_syntax:
        add_error(errors, col::names[column], "not a date (expected YYYY-MM-DD or DD.MM.YYYY)");
        return;
      case DateParse::no_such_day:
        add_error(errors, col::names[column], "no such calendar day");
        return;
    }
  }

  void optional_date(std::size_t column, std::string_view v, Date& out, bool& present) {
    present = !v.empty();
    if (present) date(column, v, out);
  }

  void boolean(std::size_t column, std::string_view v, bool& out) {
    if (!required(column, v)) return;
    if (!parse_bool(v, out))
      add_value_error(errors, col::names[column], v, "true/false, ja/nein or 1/0");
  }

  void optional_int(std::size_t column, std::string_view v, int& out, bool& present) {
    present = !v.empty();
    if (present && !parse_int(v, out))
      add_error(errors, col::names[column], "not a whole number");
  }
};

// Fills `r` from the trimmed cells; returns false (with `errors` set) if any cell is invalid.
bool read_record(const std::string_view (&cells)[col::count], Record& r, std::string& errors) {
  errors.clear();
  CellReader in{errors};
  in.required(col::id, cells[col::id]);
  if (in.required(col::birth_date, cells[col::birth_date]))
    in.date(col::birth_date, cells[col::birth_date], r.birth);

  const std::string_view status = cells[col::status];
  if (in.required(col::status, status)) {
    if (status == "arbeitslos") r.status = Status::arbeitslos;
    else if (status == "arbeitsuchend") r.status = Status::arbeitsuchend;
    else if (status == "ohne_status") r.status = Status::ohne_status;
    else add_value_error(errors, "status", status, "arbeitslos, arbeitsuchend or ohne_status");
  }
  const std::string_view profile = cells[col::profile];
  if (in.required(col::profile, profile)) {
    if (profile == "marktnah") r.profile = Profile::marktnah;
    else if (profile == "marktfern") r.profile = Profile::marktfern;
    else if (profile == "integriert_hilfebeduerftig")
      r.profile = Profile::integriert_hilfebeduerftig;
    else if (profile == "zuordnung_nicht_erforderlich")
      r.profile = Profile::zuordnung_nicht_erforderlich;
    else
      add_value_error(errors, "profile", profile,
                      "marktnah, marktfern, integriert_hilfebeduerftig or "
                      "zuordnung_nicht_erforderlich");
  }
  in.boolean(col::bfm, cells[col::bfm], r.bfm);
  in.boolean(col::massnahme, cells[col::massnahme], r.massnahme);
  in.boolean(col::arbeitsunfaehig, cells[col::arbeitsunfaehig], r.arbeitsunfaehig);
  const std::string_view foerderung = cells[col::foerderung];
  if (in.required(col::foerderung, foerderung)) {
    if (foerderung == "keine") r.foerderung = Foerderung::keine;
    else if (foerderung == "EGZ") r.foerderung = Foerderung::egz;
    else if (foerderung == "FAV") r.foerderung = Foerderung::fav;
    else add_value_error(errors, "foerderung", foerderung, "keine, EGZ or FAV");
  }
  in.boolean(col::para10, cells[col::para10], r.para10);
  in.boolean(col::german_ok, cells[col::german_ok], r.german_ok);
  in.optional_date(col::last_contact, cells[col::last_contact], r.last_contact,
                   r.has_last_contact);
  in.optional_date(col::profiling_date, cells[col::profiling_date], r.profiling, r.has_profiling);
  bool has_extension = false;
  in.optional_int(col::extension_months, cells[col::extension_months], r.extension,
                  has_extension);
  if (!has_extension) r.extension = 0;
  r.has_reason = !cells[col::extension_reason].empty();
  in.optional_int(col::closer_months, cells[col::closer_months], r.closer, r.has_closer);
  return errors.empty();
}

// ---------------------------------------------------------------------------------------------
// CSV input (RFC 4180, LF or CRLF, optional UTF-8 BOM, ';' or ',' chosen from the header).
// Records are found in a refillable buffer; fields are string_views into it, and quoted fields
// are unescaped in place, so reading allocates nothing per field.

class CsvReader {
 public:
  enum class Next { record, end, too_long, read_error };

  explicit CsvReader(std::FILE* in) : in_(in), buf_(kReadChunk) {}

  // Finds the next record that is not blank. [begin, end) is its raw text without the line end,
  // valid until the next call; `line` is the line it starts on; `unterminated` says the input
  // ended inside a quoted field.
  Next next_raw(char*& begin, char*& end, long& line, bool& unterminated) {
    for (;;) {
      const Next n = find_record(begin, end, line, unterminated);
      if (n != Next::record) return n;
      // Reading: "completely blank" lines are those that are empty or hold only spaces/tabs;
      // they are skipped, not rows. A line of only delimiters is a row (of empty cells).
      bool blank = true;
      for (const char* p = begin; p != end && blank; ++p) blank = is_blank(*p);
      if (!blank) return n;
    }
  }

  // Splits a raw record into fields. Returns false when the quoting is malformed (text after a
  // closing quote, or a quote that never closes); the fields are still filled as well as
  // possible. Lenient where it costs nothing: blanks around a quoted field are allowed, and a
  // quote inside an unquoted field is taken literally.
  static bool split(char* p, char* e, char delim, std::vector<std::string_view>& fields) {
    fields.clear();
    bool well_formed = true;
    for (;;) {
      char* q = p;
      while (q < e && is_blank(*q)) ++q;
      if (q < e && *q == '"') {
        char* r = q + 1;
        char* w = r;
        bool closed = false;
        while (r < e) {
          if (*r == '"') {
            if (r + 1 < e && r[1] == '"') {
              *w++ = '"';
              r += 2;
            } else {
              ++r;
              closed = true;
              break;
            }
          } else {
            *w++ = *r++;
          }
        }
        fields.emplace_back(q + 1, static_cast<std::size_t>(w - (q + 1)));
        if (!closed) well_formed = false;
        while (r < e && is_blank(*r)) ++r;
        if (r == e) break;
        if (*r != delim) {
          well_formed = false;
          r = static_cast<char*>(std::memchr(r, delim, static_cast<std::size_t>(e - r)));
          if (r == nullptr) break;
        }
        p = r + 1;
      } else {
        char* d = static_cast<char*>(std::memchr(p, delim, static_cast<std::size_t>(e - p)));
        if (d == nullptr) {
          fields.emplace_back(p, static_cast<std::size_t>(e - p));
          break;
        }
        fields.emplace_back(p, static_cast<std::size_t>(d - p));
        p = d + 1;
      }
    }
    return well_formed;
  }

  // The header's delimiter: whichever of ';' and ',' occurs more often outside quotes, ',' on a
  // tie (so a one-column header, with neither, reads as comma-separated).
  static char detect_delimiter(const char* p, const char* e) {
    std::size_t semicolons = 0;
    std::size_t commas = 0;
    bool quoted = false;
    for (; p != e; ++p) {
      if (*p == '"') quoted = !quoted;
      else if (!quoted && *p == ';') ++semicolons;
      else if (!quoted && *p == ',') ++commas;
    }
    return semicolons > commas ? ';' : ',';
  }

 private:
  // The record ends at the first LF outside quotes. Quote state is the parity of the quotes seen
  // so far (an escaped "" flips it twice), so the scan needs only memchr for LF and '"'.
  Next find_record(char*& begin, char*& end, long& line, bool& unterminated) {
    std::size_t scanned = 0;  // bytes of the current record already scanned, from pos_
    bool quoted = false;
    long inner_lines = 0;  // line breaks inside quoted fields of this record
    for (;;) {
      if (!started_) {
        if (const Next n = fill(); n != Next::record) return n;
        started_ = true;
        if (end_ >= 3 && std::memcmp(buf_.data(), "\xEF\xBB\xBF", 3) == 0) pos_ = 3;
      }
      char* const base = buf_.data();
      std::size_t i = pos_ + scanned;
      while (i < end_) {
        char* const nl = static_cast<char*>(std::memchr(base + i, '\n', end_ - i));
        const std::size_t stop = nl != nullptr ? static_cast<std::size_t>(nl - base) : end_;
        for (char* q = base + i; q != base + stop; ++q) {
          q = static_cast<char*>(std::memchr(q, '"', static_cast<std::size_t>(base + stop - q)));
          if (q == nullptr) break;
          quoted = !quoted;
        }
        if (nl == nullptr) {
          i = end_;
          break;
        }
        if (!quoted) {
          begin = base + pos_;
          end = base + stop;
          if (end > begin && end[-1] == '\r') --end;
          line = line_;
          line_ += 1 + inner_lines;
          unterminated = false;
          pos_ = stop + 1;
          return Next::record;
        }
        ++inner_lines;
        i = stop + 1;
      }
      scanned = i - pos_;
      if (eof_) {
        if (pos_ == end_) return Next::end;
        // The last line has no line break.
        begin = base + pos_;
        end = base + end_;
        if (end > begin && end[-1] == '\r') --end;
        line = line_;
        line_ += 1 + inner_lines;
        unterminated = quoted;
        pos_ = end_;
        return Next::record;
      }
      if (const Next n = fill(); n != Next::record) return n;
    }
  }

  // Moves the unfinished record to the front, grows the buffer if the record fills it, and
  // appends the next chunk. Sets eof_ when nothing more comes.
  Next fill() {
    if (pos_ > 0) {
      std::memmove(buf_.data(), buf_.data() + pos_, end_ - pos_);
      end_ -= pos_;
      pos_ = 0;
    }
    if (buf_.size() - end_ < kReadChunk / 2) {
      if (buf_.size() >= kMaxRecordBytes) return Next::too_long;
      buf_.resize(buf_.size() * 2);
    }
    const std::size_t n = std::fread(buf_.data() + end_, 1, buf_.size() - end_, in_);
    if (n == 0) {
      if (std::ferror(in_)) return Next::read_error;
      eof_ = true;
    }
    end_ += n;
    return Next::record;
  }

  std::FILE* in_;
  std::vector<char> buf_;
  std::size_t pos_ = 0;  // start of the next record
  std::size_t end_ = 0;  // end of the valid bytes
  long line_ = 1;        // line number at pos_
  bool eof_ = false;
  bool started_ = false;
};

// ---------------------------------------------------------------------------------------------
// CSV output: always ',' and LF; RFC 4180 quoting where needed; text cells that a spreadsheet
// would read as a formula get a leading apostrophe (formula injection: Excel runs a cell that starts with = + - @ as a formula).

constexpr std::string_view kOutputHeader =
    "id,code,interval_months,next_due,overdue,appointment_minutes,rule,source,warnings,error\n";

class CsvWriter {
 public:
  explicit CsvWriter(std::FILE* out) : out_(out), buf_(kWriteBuffer) {}

  void raw(std::string_view s) {
    if (s.size() > buf_.size() - n_) {
      flush();
      if (s.size() > buf_.size()) {
        write_through(s.data(), s.size());
        return;
      }
    }
    std::memcpy(buf_.data() + n_, s.data(), s.size());
    n_ += s.size();
  }

  void ch(char c) {
    if (n_ == buf_.size()) flush();
    buf_[n_++] = c;
  }

  void text(std::string_view s) {
    const bool guard = !s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@');
    bool quote = false;
    for (char c : s)
      if (c == ',' || c == '"' || c == '\r' || c == '\n') {
        quote = true;
        break;
      }
    if (!quote) {
      if (guard) ch('\'');
      raw(s);
      return;
    }
    ch('"');
    if (guard) ch('\'');
    for (std::size_t from = 0;;) {
      const std::size_t q = s.find('"', from);
      if (q == std::string_view::npos) {
        raw(s.substr(from));
        break;
      }
      raw(s.substr(from, q + 1 - from));
      ch('"');
      from = q + 1;
    }
    ch('"');
  }

  void number(int v) {
    char tmp[16];
    const auto res = std::to_chars(tmp, tmp + sizeof tmp, v);
    raw(std::string_view(tmp, static_cast<std::size_t>(res.ptr - tmp)));
  }

  // ISO 8601; years are at least four digits (a year past 9999 can only come from adding
  // months to 9999-12-xx and is printed as is).
  void date(Date d) {
    if (d.year >= 1000 && d.year <= 9999) {
      char tmp[10];
      tmp[0] = static_cast<char>('0' + d.year / 1000);
      tmp[1] = static_cast<char>('0' + d.year / 100 % 10);
      tmp[2] = static_cast<char>('0' + d.year / 10 % 10);
      tmp[3] = static_cast<char>('0' + d.year % 10);
      tmp[4] = '-';
      tmp[5] = static_cast<char>('0' + d.month / 10);
      tmp[6] = static_cast<char>('0' + d.month % 10);
      tmp[7] = '-';
      tmp[8] = static_cast<char>('0' + d.day / 10);
      tmp[9] = static_cast<char>('0' + d.day % 10);
      raw(std::string_view(tmp, sizeof tmp));
      return;
    }
    char tmp[32];
    const int n = std::snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", d.year, d.month, d.day);
    raw(std::string_view(tmp, static_cast<std::size_t>(n)));
  }

  void decided_row(std::string_view id, const Decision& d) {
    text(id);
    ch(',');
    number(d.base);
    raw("MM,");
    number(d.interval);
    ch(',');
    date(d.next_due);
    raw(d.overdue ? ",true," : ",false,");
    number(d.minutes);
    ch(',');
    raw(kRules[d.rule].name);
    ch(',');
    raw(kRules[d.rule].source);
    ch(',');
    switch (d.warnings) {
      case kWarnImplausible: text(kWarningImplausible); break;
      case kWarnProfiling: text(kWarningProfiling); break;
      case kWarnImplausible | kWarnProfiling: text(kWarningBoth); break;
      default: break;
    }
    raw(",\n");
  }

  // docs/reading.md: a row with an error carries only its id and the error text.
  void error_row(std::string_view id, std::string_view error) {
    text(id);
    raw(",,,,,,,,,");
    text(error);
    ch('\n');
  }

  // Writes what is buffered; false if any write failed.
  bool finish() {
    flush();
    if (std::fflush(out_) != 0) failed_ = true;
    return !failed_;
  }

 private:
  void flush() {
    write_through(buf_.data(), n_);
    n_ = 0;
  }
  void write_through(const char* p, std::size_t n) {
    if (n > 0 && std::fwrite(p, 1, n, out_) != n) failed_ = true;
  }

  std::FILE* out_;
  std::vector<char> buf_;
  std::size_t n_ = 0;
  bool failed_ = false;
};

// ---------------------------------------------------------------------------------------------
// Driver

struct Options {
  Date as_of;
  bool has_as_of = false;
  long in_memory_runs = 0;  // 0: CSV in -> CSV out
  const char* input = nullptr;
};

void usage() {
  std::fputs("usage: coburg_reference --as-of YYYY-MM-DD [--in-memory N] IN.csv > OUT.csv\n"
             "  IN.csv may be '-' for standard input.\n"
             "  --in-memory N: read IN.csv once, evaluate every record N times and print the\n"
             "                 time per record to stderr (no CSV output).\n",
             stderr);
}

bool parse_options(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--as-of" && i + 1 < argc) {
      if (parse_date(argv[++i], o.as_of) != DateParse::ok) {
        std::fprintf(stderr, "coburg_reference: --as-of: not a valid date\n");
        return false;
      }
      o.has_as_of = true;
    } else if (a == "--in-memory" && i + 1 < argc) {
      const std::string_view v = argv[++i];
      const auto res = std::from_chars(v.data(), v.data() + v.size(), o.in_memory_runs);
      if (res.ec != std::errc() || res.ptr != v.data() + v.size() || o.in_memory_runs < 1) {
        std::fprintf(stderr, "coburg_reference: --in-memory: expected a positive number\n");
        return false;
      }
    } else if (a == "-h" || a == "--help") {
      return false;
    } else if (o.input == nullptr && (a == "-" || a.empty() || a[0] != '-')) {
      o.input = argv[i];
    } else {
      std::fprintf(stderr, "coburg_reference: unexpected argument '%s'\n", argv[i]);
      return false;
    }
  }
  if (!o.has_as_of || o.input == nullptr) {
    std::fprintf(stderr, "coburg_reference: --as-of and an input file are required\n");
    return false;
  }
  return true;
}

// One input row, reduced to what evaluation and output need. A row is either a record to
// evaluate or (error non-empty) an error found while reading it.
struct Row {
  std::string_view id;
  Record record;
  bool ok = false;
};

// Reads the header and then each row, handing it to `sink(row, error_text)`. Returns the exit
// status. Column positions come from the header by name; extra columns are ignored.
template <class Sink>
int read_caseload(const char* path, std::FILE* in, Sink&& sink) {
  CsvReader reader(in);
  std::vector<std::string_view> fields;
  fields.reserve(32);
  char* begin = nullptr;
  char* end = nullptr;
  long line = 0;
  bool unterminated = false;

  auto fail = [&](CsvReader::Next n) {
    if (n == CsvReader::Next::too_long)
      std::fprintf(stderr, "%s: line %ld: a record is longer than %zu MiB (unterminated quote?)\n",
                   path, line, kMaxRecordBytes >> 20);
    else if (n == CsvReader::Next::read_error)
      std::fprintf(stderr, "%s: read error\n", path);
    return 1;
  };

  CsvReader::Next n = reader.next_raw(begin, end, line, unterminated);
  if (n == CsvReader::Next::end) {
    std::fprintf(stderr, "%s: empty input, no header row\n", path);
    return 1;
  }
  if (n != CsvReader::Next::record) return fail(n);
  const char delim = CsvReader::detect_delimiter(begin, end);
  if (!CsvReader::split(begin, end, delim, fields) || unterminated) {
    std::fprintf(stderr, "%s: line %ld: malformed quoting in the header row\n", path, line);
    return 1;
  }
  // Reading: header names are trimmed like values but compared exactly (case matters); all 15
  // columns of docs/reading.md must be present, the optional ones too: a missing column is far more
  // likely a wrong export than a caseload without, say, extensions.
  std::size_t index[col::count];
  std::fill(std::begin(index), std::end(index), fields.size());
  for (std::size_t f = 0; f < fields.size(); ++f) {
    const std::string_view name = trim(fields[f]);
    for (std::size_t c = 0; c < col::count; ++c) {
      if (name != col::names[c]) continue;
      if (index[c] != fields.size()) {
        std::fprintf(stderr, "%s: line %ld: column '%s' appears twice in the header\n", path, line,
                     std::string(name).c_str());
        return 1;
      }
      index[c] = f;
    }
  }
  bool missing = false;
  for (std::size_t c = 0; c < col::count; ++c)
    if (index[c] == fields.size()) {
      std::fprintf(stderr, "%s: line %ld: the header has no column '%s'\n", path, line,
                   std::string(col::names[c]).c_str());
      missing = true;
    }
  if (missing) return 1;
  const std::size_t width = fields.size();

  std::string errors;
  std::string_view cells[col::count];
  Row row;
  for (;;) {
    n = reader.next_raw(begin, end, line, unterminated);
    if (n == CsvReader::Next::end) return 0;
    if (n != CsvReader::Next::record) return fail(n);
    const bool well_formed = CsvReader::split(begin, end, delim, fields) && !unterminated;
    row.id = index[col::id] < fields.size() ? trim(fields[index[col::id]]) : std::string_view();
    errors.clear();
    if (fields.size() != width) {
      // docs/reading.md: a wrong number of fields is an error for that row. The line number is given
      // because the cells (and with them the id) may be shifted.
      errors = "row has " + std::to_string(fields.size()) + " fields, the header has " +
               std::to_string(width) + " (line " + std::to_string(line) + ")";
    } else if (!well_formed) {
      errors = "malformed quoting (line " + std::to_string(line) + ")";
    } else {
      for (std::size_t c = 0; c < col::count; ++c) cells[c] = trim(fields[index[c]]);
      row.record = Record{};
      read_record(cells, row.record, errors);
    }
    row.ok = errors.empty();
    sink(row, errors);
  }
}

int run_streaming(const Options& o, std::FILE* in) {
  CsvWriter out(stdout);
  // The output header is written once the input header has been accepted, so an unusable file
  // produces no CSV at all.
  bool started = false;
  const int status = read_caseload(o.input, in, [&](const Row& row, const std::string& errors) {
    if (!started) {
      out.raw(kOutputHeader);
      started = true;
    }
    if (!row.ok) {
      out.error_row(row.id, errors);
      return;
    }
    const Decision d = evaluate(row.record, o.as_of);
    if (d.error != nullptr) out.error_row(row.id, d.error);
    else out.decided_row(row.id, d);
  });
  if (status == 0 && !started) out.raw(kOutputHeader);  // a header-only caseload
  if (!out.finish()) {
    std::fprintf(stderr, "coburg_reference: write error on standard output\n");
    return 1;
  }
  return status;
}

// The benchmark mode: records are parsed once; only evaluation is timed, over all rows (error
// rows from reading included, they cost a branch), N times. The checksum keeps the compiler from
// dropping the work and lets two runs be compared.
int run_in_memory(const Options& o, std::FILE* in) {
  std::vector<Record> records;
  std::vector<unsigned char> ok;
  const int status = read_caseload(o.input, in, [&](const Row& row, const std::string&) {
    records.push_back(row.record);
    ok.push_back(row.ok ? 1 : 0);
  });
  if (status != 0) return status;
  if (records.empty()) {
    std::fprintf(stderr, "coburg_reference: no rows to evaluate\n");
    return 1;
  }
  std::uint64_t checksum = 0;
  std::size_t errors = 0;
  const auto t0 = std::chrono::steady_clock::now();
  for (long run = 0; run < o.in_memory_runs; ++run) {
    // Read through a volatile so each run is a fresh computation for the optimiser.
    volatile int as_of_day = o.as_of.day;
    const Date as_of{o.as_of.year, o.as_of.month, as_of_day};
    for (std::size_t i = 0; i < records.size(); ++i) {
      if (ok[i] == 0) {
        ++errors;
        continue;
      }
      const Decision d = evaluate(records[i], as_of);
      if (d.error != nullptr) {
        ++errors;
        continue;
      }
      checksum = checksum * 31 + static_cast<std::uint64_t>(order_key(d.next_due)) +
                 static_cast<std::uint64_t>(d.interval * 8 + d.minutes) + d.rule + d.warnings +
                 (d.overdue ? 1u : 0u);
    }
  }
  const auto t1 = std::chrono::steady_clock::now();
  const double ns = std::chrono::duration<double, std::nano>(t1 - t0).count();
  const double evaluations =
      static_cast<double>(records.size()) * static_cast<double>(o.in_memory_runs);
  std::fprintf(stderr,
               "coburg_reference: %zu records x %ld runs: %.2f ns/record (%.0f records/s); "
               "%zu error rows per run; checksum %016llx\n",
               records.size(), o.in_memory_runs, ns / evaluations, evaluations / (ns * 1e-9),
               errors / static_cast<std::size_t>(o.in_memory_runs),
               static_cast<unsigned long long>(checksum));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (!parse_options(argc, argv, o)) {
    usage();
    return 2;
  }
  const bool from_stdin = std::string_view(o.input) == "-";
  std::FILE* in = from_stdin ? stdin : std::fopen(o.input, "rb");
  if (in == nullptr) {
    std::fprintf(stderr, "coburg_reference: cannot open '%s'\n", o.input);
    return 1;
  }
  const int status = o.in_memory_runs > 0 ? run_in_memory(o, in) : run_streaming(o, in);
  if (!from_stdin) std::fclose(in);
  return status;
}
