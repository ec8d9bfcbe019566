// Caseload stage, cells: binds the header to the program's facts and parses cells into fact
// slots (see cells.hpp). The hot path of every caseload command: read_row runs once per record.
#include "interpreter/caseload/cells.hpp"

#include "grammar/limits.hpp"
#include "interpreter/caseload/keys.hpp"
#include "stdlib/date.hpp"

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

// A value shown in a message: only for enumerations and yes/no cells, cut short, printable.
std::string shown(std::string_view v) {
  std::string s;
  for (char c : v.substr(0, 40)) s += (static_cast<unsigned char>(c) < 0x20) ? '?' : c;
  if (v.size() > 40) s += "…";
  return s;
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

// Column names are compared trimmed and case-sensitively (the policy names its columns exactly).
// An empty name may repeat: exports leave unnamed filler columns. One hash map from name to
// column finds the doubled names and the facts' columns, so binding is linear in the header's
// width (a file with 100,000 columns binds at once).
//
// The first row may be data (an export without its header row): its cells are personal data and
// no message shows them. A first row that names none of the policy's columns is not taken as a
// header at all; a name that is not one of the policy's is shown (cut to kMaxShownCellChars)
// only if no cell of the row looks like a date or a number.
bool bind_columns(const Program& program, const std::vector<std::string>& header, ColumnBinding& binding,
                  std::string& error) {
  binding = {};
  binding.header_fields = header.size();
  std::unordered_map<std::string_view, std::size_t> column_of;
  column_of.reserve(header.size());
  std::size_t twice_first = 0, twice_second = 0;  // the first doubled name's columns (1-based), 0 if none
  bool data_like = false;
  for (std::size_t i = 0; i < header.size(); ++i) {
    const std::string_view name = trim(header[i]);
    if (name.empty()) continue;
    data_like = data_like || looks_like_data(name);
    const auto [it, added] = column_of.emplace(name, i);
    if (!added && twice_first == 0) {
      twice_first = it->second + 1;
      twice_second = i + 1;
    }
  }
  std::vector<std::string> missing;
  bool any_column = false;
  for (const auto& f : program.facts) {
    const auto it = column_of.find(f.column);
    if (it != column_of.end()) {
      binding.fact_column.push_back(static_cast<std::int32_t>(it->second));
      any_column = true;
      continue;
    }
    binding.fact_column.push_back(-1);
    if (f.type.optional || f.has_default) {
      binding.notes.push_back(fmt::format("column `{}` is not in the caseload; every record takes {}", f.column,
                                          f.type.optional ? "it as empty" : "the default"));
    } else {
      missing.push_back(f.column);
    }
  }
  if (!any_column && !program.facts.empty()) {
    binding.notes.clear();
    error = fmt::format("the first row is not a header: none of its {} cells names a column of the policy "
                        "(expected columns {}); add the header row the export leaves out, or check that the "
                        "caseload is meant for this policy",
                        header.size(), policy_columns(program));
    return false;
  }
  if (twice_first != 0) {
    const std::string_view name = trim(header[twice_first - 1]);
    bool policy_name = false;
    for (const auto& f : program.facts) policy_name = policy_name || f.column == name;
    if (policy_name || !data_like) {
      error = fmt::format("column `{}` appears twice in the header (columns {} and {})",
                          printable_cut(name, kMaxShownCellChars), twice_first, twice_second);
    } else {
      error = fmt::format("columns {} and {} of the first row have the same name, and the row has cells that look "
                          "like dates or numbers: is the header row missing? (expected columns {})",
                          twice_first, twice_second, policy_columns(program));
    }
    return false;
  }
  if (!missing.empty()) {
    std::string list;
    for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
    error = fmt::format("the caseload has no column{} {} (needed by the policy's facts){}", missing.size() == 1 ? "" : "s",
                        list,
                        data_like ? "; the first row has cells that look like dates or numbers: is the header row "
                                    "missing?"
                                  : "");
    return false;
  }
  return true;
}

// An empty cell (after trimming) is an absent value: empty for an optional fact, the default
// where the fact has one, else an error. Whole numbers are read in the column's unit and scaled
// to the fact's (fact.scale, e.g. weeks to days); a product that overflows is no number.
bool parse_cell(const CompiledFact& fact, const std::vector<EnumInfo>& enums, std::string_view raw, Value& out,
                std::string& error) {
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
    error = fmt::format("{}: missing value", fact.column);
    return false;
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
      error = fmt::format("{}: `{}` is not a yes/no value (true/false, ja/nein, wahr/falsch, 1/0)", fact.column, shown(cell));
      return false;
    case BaseType::date: {
      const auto d = parse_date(cell);
      if (!d) {
        error = fmt::format("{}: not a valid date (write YYYY-MM-DD or DD.MM.YYYY)", fact.column);
        return false;
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
      std::string list;
      for (const auto& v : values) list += (list.empty() ? "" : ", ") + v;
      error = fmt::format("{}: unknown value `{}` (expected one of {})", fact.column, shown(cell), list);
      return false;
    }
    case BaseType::text:
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
        error = fmt::format("{}: not a whole number", fact.column);
        return false;
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
    frame.error = fmt::format("row has {} fields, the header has {}", fields.size(), binding.header_fields);
    return false;
  }
  bool ok = true;
  for (std::size_t i = 0; i < program.facts.size(); ++i) {
    const auto col = binding.fact_column[i];
    const std::string_view cell = col >= 0 ? fields[static_cast<std::size_t>(col)] : std::string_view();
    if (!parse_cell(program.facts[i], program.enums, cell, frame.slots[i], scratch)) {
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
