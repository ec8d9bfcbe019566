// Caseload stage, cells: binds the header to the program's facts and parses cells into fact
// slots (see cells.hpp). The hot path of every caseload command: read_row runs once per record.
#include "interpreter/caseload/cells.hpp"

#include "grammar/limits.hpp"
#include "interpreter/caseload/keys.hpp"
#include "stdlib/date.hpp"
#include "stdlib/duration.hpp"
#include "stdlib/utf8.hpp"

#include <fmt/format.h>

#include <charconv>
#include <unordered_map>

namespace kadenz::detail {
namespace {

// Spaces and tabs around a cell or a column name are padding, not value (exports and hand-edited
// files add them); a trailing CR is what is left of a CRLF line ending.
std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Whether `a` equals `b` up to ASCII case; `b` must be lower case (the spellings below are).
bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const char x = (a[i] >= 'A' && a[i] <= 'Z') ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
    if (x != b[i]) return false;
  }
  return true;
}

// How much of a cell a message shows: enough to recognise a misspelt value, not a paragraph.
constexpr std::size_t kShownBytes = 40;

// A value shown in a message: only for enumerations and yes/no cells that are valid UTF-8, cut
// short on a character boundary, control characters as `?`. So a message is valid UTF-8 and
// one line, whatever the cell holds (a cell that is not UTF-8 is never shown: not_utf8).
std::string shown(std::string_view v) {
  std::string s;
  const std::string_view head = utf8::cut(v, kShownBytes);
  for (char c : head) s += (static_cast<unsigned char>(c) < 0x20) ? '?' : c;
  if (head.size() < v.size()) s += "…";
  return s;
}

// A cell's error: the catalogue's text `id` in `lang` with `args` into `error`; false. Out of
// line and cold, so that parse_cell, inlined in read_row, carries no message building.
[[gnu::cold, gnu::noinline]] bool cell_error(std::string& error, Lang lang, Msg id,
                                             std::initializer_list<std::string_view> args) {
  error = say(Voice{lang, lang}, id, args);
  return false;
}

// The error for a cell that is not valid UTF-8 (raw bytes of another encoding; never shown).
bool not_utf8(const CompiledFact& fact, std::string& error, Lang lang) {
  return cell_error(error, lang, Msg::cell_not_utf8, {fact.column});
}

// The index of the value that `cell` (valid UTF-8) is after NFC normalisation of both (a Mac
// writes `ü` as `u` and a combining diaeresis), or -1. Only asked after no value matched byte for
// byte, so the common row pays nothing; an ASCII cell is its own normal form and an ASCII value's
// too, so only non-ASCII cells are normalised.
std::int64_t nfc_match(const std::vector<std::string>& values, std::string_view cell) {
  std::string normal, value;
  if (utf8::is_ascii(cell) || !utf8::to_nfc(cell, normal)) return -1;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (values[i] == normal || (!utf8::is_ascii(values[i]) && utf8::to_nfc(values[i], value) && value == normal))
      return static_cast<std::int64_t>(i);
  }
  return -1;
}

// A duration cell: "4 Wochen", "2 months", "14 Tage" (stdlib/duration.hpp: parse_duration). Out
// of line: a policy without durations (the hot path) does not carry it in read_row.
[[gnu::noinline]] bool parse_duration_cell(const CompiledFact& fact, std::string_view cell, Value& out,
                                           std::string& error, Lang lang) {
  bool no_unit = false;
  if (const auto d = parse_duration(cell, &no_unit)) {
    out.i = *d;
    return true;
  }
  if (!utf8::is_valid(cell)) return not_utf8(fact, error, lang);
  return cell_error(error, lang, no_unit ? Msg::cell_duration_no_unit : Msg::cell_not_duration, {fact.column});
}

// The caseload's yes/no spellings: English and German words, 1/0, and WAHR/FALSCH, which is
// what a German Excel writes for a boolean cell. Matched without regard to case.
constexpr std::string_view kTrue[] = {"true", "ja", "1", "wahr"};
constexpr std::string_view kFalse[] = {"false", "nein", "0", "falsch"};

// Whether a header cell looks like a value rather than a column name: a date or a whole number
// (the cells of a data row that stands where the header should be).
bool looks_like_data(std::string_view name) {
  if (parse_date(name)) return true;
  // digits by hand: a second from_chars<long> in this file would stop it being inlined in parse_cell
  const std::string_view digits = !name.empty() && (name.front() == '+' || name.front() == '-') ? name.substr(1) : name;
  for (const char c : digits)
    if (c < '0' || c > '9') return false;
  return !digits.empty();
}

// The policy's columns, for the message about a missing header row.
std::string policy_columns(const Program& program) {
  std::string list;
  for (const auto& f : program.facts) list += (list.empty() ? "" : ", ") + f.column;
  return list;
}

}  // namespace

// Column names are compared trimmed, case-sensitively (the policy names its columns exactly) and
// after NFC normalisation (an umlaut typed on a Mac is two code points). A name that is not valid
// UTF-8 is compared (and shown) with U+FFFD for its bad bytes. An empty name may repeat: exports
// leave unnamed filler columns. One hash map from name to column finds the doubled names and the
// facts' columns, so binding is linear in the header's width (a file with 100,000 columns binds
// at once).
//
// The first row may be data (an export without its header row): its cells are personal data and
// no message shows them. A first row that names none of the policy's columns is not taken as a
// header at all; a name that is not one of the policy's is shown (cut to kMaxShownCellChars)
// only if no cell of the row looks like a date or a number.
bool bind_columns(const Program& program, const std::vector<std::string>& header, ColumnBinding& binding,
                  std::string& error) {
  binding = {};
  binding.header_fields = header.size();
  const Voice& v = program.voice;
  std::vector<std::string> names(header.size());
  bool invalid_utf8 = false;
  for (std::size_t i = 0; i < header.size(); ++i) {
    const std::string_view name = trim(header[i]);
    if (utf8::to_nfc(name, names[i])) continue;
    invalid_utf8 = true;
    names[i].clear();
    utf8::append_safe(names[i], name);
  }
  std::unordered_map<std::string_view, std::size_t> column_of;
  column_of.reserve(header.size());
  std::size_t twice_first = 0, twice_second = 0;  // the first doubled name's columns (1-based), 0 if none
  bool data_like = false;
  for (std::size_t i = 0; i < header.size(); ++i) {
    const std::string_view name = names[i];
    if (name.empty()) continue;
    data_like = data_like || looks_like_data(name);
    const auto [it, added] = column_of.emplace(name, i);
    if (!added && twice_first == 0) {
      twice_first = it->second + 1;
      twice_second = i + 1;
    }
  }
  std::vector<std::string> missing;
  std::string column;
  bool any_column = false;
  for (const auto& f : program.facts) {
    if (!utf8::to_nfc(f.column, column)) column = f.column;
    const auto it = column_of.find(column);
    if (it != column_of.end()) {
      binding.fact_column.push_back(static_cast<std::int32_t>(it->second));
      any_column = true;
      continue;
    }
    binding.fact_column.push_back(-1);
    if (f.type.optional || f.has_default) {
      binding.notes.push_back(
          say(v, f.type.optional ? Msg::column_absent_empty : Msg::column_absent_default, {f.column}));
    } else {
      missing.push_back(f.column);
    }
  }
  // what a first row that binds no column, or not all of them, may be missing: the separator
  // the reader found, or UTF-8 (`row` names it in the message: "the row", "its header")
  const auto add_hints = [&](Msg row_id) {
    const std::string row = say(v, row_id);
    if (header.size() == 1) error += say(v, Msg::header_single_column, {row});
    if (invalid_utf8) error += say(v, Msg::header_not_utf8, {row});
  };
  if (!any_column && !program.facts.empty()) {
    binding.notes.clear();
    error = say(v, Msg::header_not_a_header, {std::to_string(header.size()), policy_columns(program)});
    add_hints(Msg::header_the_row);
    return false;
  }
  if (twice_first != 0) {
    const std::string_view name = names[twice_first - 1];  // NFC, bad bytes as U+FFFD
    bool policy_name = false;
    for (const auto& f : program.facts) policy_name = policy_name || f.column == name;
    if (policy_name || !data_like) {
      error = say(v, Msg::header_column_twice, {printable_cut(name, kMaxShownCellChars), std::to_string(twice_first),
                                                std::to_string(twice_second)});
    } else {
      error = say(v, Msg::header_same_names_data,
                  {std::to_string(twice_first), std::to_string(twice_second), policy_columns(program)});
    }
    return false;
  }
  if (!missing.empty()) {
    std::string list;
    for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
    error = say(v, missing.size() == 1 ? Msg::header_missing_column : Msg::header_missing_columns,
                {list, data_like ? say(v, Msg::header_looks_like_data) : std::string()});
    add_hints(Msg::header_its_header);
    return false;
  }
  return true;
}

// An empty cell (after trimming) is an absent value: empty for an optional fact, the default
// where the fact has one, else an error. Whole numbers are read in the column's unit and scaled
// to the fact's (fact.scale, e.g. weeks to days); a product that overflows is no number.
bool parse_cell(const CompiledFact& fact, const std::vector<EnumInfo>& enums, std::string_view raw, Value& out,
                std::string& error, Lang lang) {
  const std::string_view cell = trim(raw);
  out = Value{};
  if (cell.empty()) {
    if (fact.type.optional) {
      out.empty = true;
      return true;
    }
    if (fact.has_default) {
      out = fact.default_value;
      return true;
    }
    return cell_error(error, lang, Msg::cell_missing, {fact.column});
  }
  switch (fact.type.base) {
    case BaseType::boolean:
      if (cell == "true") {  // what most exports write: no case folding needed
        out.i = 1;
        return true;
      }
      if (cell == "false") return true;
      for (auto t : kTrue)
        if (iequals(cell, t)) { out.i = 1; return true; }
      for (auto f : kFalse)
        if (iequals(cell, f)) { out.i = 0; return true; }
      if (!utf8::is_valid(cell)) return not_utf8(fact, error, lang);
      return cell_error(error, lang, Msg::cell_not_yes_no, {fact.column, shown(cell)});
    case BaseType::date: {
      const auto d = parse_date(cell);
      if (!d) {
        if (!utf8::is_valid(cell)) return not_utf8(fact, error, lang);
        // No century is guessed: 20.03.24 could be a birth in 1924 or a date in 2024.
        return cell_error(error, lang, has_two_digit_year(cell) ? Msg::cell_two_digit_year : Msg::cell_not_date,
                          {fact.column});
      }
      out.i = *d;
      return true;
    }
    case BaseType::enumeration: {
      const auto& values = enums[fact.type.enum_id].values;
      for (std::size_t i = 0; i < values.size(); ++i) {
        if (values[i] == cell) {
          out.i = static_cast<std::int64_t>(i);
          return true;
        }
      }
      if (!utf8::is_valid(cell)) return not_utf8(fact, error, lang);
      if (const std::int64_t i = nfc_match(values, cell); i >= 0) {
        out.i = i;
        return true;
      }
      // at most kMaxListedValues values: an enumeration may have a thousand, and the message
      // lands in every row that has the wrong value
      std::string list;
      const std::size_t listed = std::min(values.size(), kMaxListedValues);
      for (std::size_t i = 0; i < listed; ++i) list += (list.empty() ? "" : ", ") + values[i];
      if (listed < values.size()) list += say(Voice{lang, lang}, Msg::values_in_all, {std::to_string(values.size())});
      return cell_error(error, lang, Msg::cell_unknown_value, {fact.column, shown(cell), list});
    }
    case BaseType::duration: return parse_duration_cell(fact, cell, out, error, lang);
    case BaseType::text:
      // Text reaches the outputs (the key, messages that interpolate it): only valid UTF-8.
      if (!utf8::is_ascii(cell) && !utf8::is_valid(cell)) return not_utf8(fact, error, lang);
      out.p = cell.data();
      out.n = static_cast<std::uint32_t>(cell.size());
      return true;
    default: {  // int and quantities
      // one optional sign: "+1" is 1 (as most spreadsheet exports and languages read it)
      std::string_view digits = cell;
      if (digits.front() == '+') {
        digits.remove_prefix(1);
        if (!digits.empty() && digits.front() == '-') digits = {};
      }
      std::int64_t v = 0;
      const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
      if (ec != std::errc() || ptr != digits.data() + digits.size() || digits.empty() ||
          __builtin_mul_overflow(v, fact.scale, &out.i)) {
        if (!utf8::is_valid(cell)) return not_utf8(fact, error, lang);
        return cell_error(error, lang, Msg::cell_not_whole_number, {fact.column});
      }
      return true;
    }
  }
}

// A record the reader marked malformed, or one with the wrong number of fields, is not read cell
// by cell: its cells would land in the wrong facts and the messages would mislead.
bool read_row(const Program& program, const ColumnBinding& binding, const std::vector<std::string_view>& fields,
              std::string_view record_error, Frame& frame, std::string& scratch) {
  reset_record(program, frame);
  if (!record_error.empty()) {
    frame.error = record_error;
    return false;
  }
  if (fields.size() != binding.header_fields) {
    frame.error = say(program.voice, Msg::row_field_count,
                      {std::to_string(fields.size()), std::to_string(binding.header_fields)});
    return false;
  }
  bool ok = true;
  for (std::size_t i = 0; i < program.facts.size(); ++i) {
    const auto col = binding.fact_column[i];
    const std::string_view cell = col >= 0 ? fields[static_cast<std::size_t>(col)] : std::string_view();
    if (!parse_cell(program.facts[i], program.enums, cell, frame.slots[i], scratch, program.voice.text)) {
      if (!frame.error.empty()) frame.error += "; ";
      frame.error += scratch;
      ok = false;
    }
  }
  return ok;
}

std::string_view row_key(const Program& program, const ColumnBinding& binding,
                         const std::vector<std::string_view>& fields) {
  const auto key_column = binding.fact_column[program.key_fact];
  return (key_column >= 0 && static_cast<std::size_t>(key_column) < fields.size())
             ? trim(fields[static_cast<std::size_t>(key_column)])
             : std::string_view();
}

}  // namespace kadenz::detail
