// Caseload stage, rows: the CSV and JSON Lines output rows of decided records (see rows.hpp).
// Runs once per record of `kadenz eval`; the CSV field quoting is in this file so that it
// inlines into the row formatting.
#include "interpreter/caseload/rows.hpp"
#include "interpreter/caseload/format_value.hpp"
#include "stdlib/utf8.hpp"

#include <kadenz/diagnostic.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace kadenz::detail {
namespace {

// Whether a CSV field must be quoted (it holds , " CR or LF). Output cells are mostly short, but
// warnings are sentences: 16 bytes at a time where SSE2 is available.
bool needs_quotes(std::string_view v) {
  const char* const p = v.data();
  std::size_t i = 0;
#ifdef __SSE2__
  const __m128i comma = _mm_set1_epi8(','), quote = _mm_set1_epi8('"');
  const __m128i cr = _mm_set1_epi8('\r'), lf = _mm_set1_epi8('\n');
  for (; i + 16 <= v.size(); i += 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    const __m128i hits = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, comma), _mm_cmpeq_epi8(x, quote)),
                                      _mm_or_si128(_mm_cmpeq_epi8(x, cr), _mm_cmpeq_epi8(x, lf)));
    if (_mm_movemask_epi8(hits) != 0) return true;
  }
#endif
  bool quote_it = false;
  for (; i < v.size(); ++i) quote_it |= p[i] == ',' || p[i] == '"' || p[i] == '\r' || p[i] == '\n';
  return quote_it;
}

}  // namespace

// The guard goes inside the quotes, so that the field still reads back as one value.
void append_csv_field(std::string& out, std::string_view v, bool guard) {
  const bool quote = needs_quotes(v);
  if (guard && !v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@')) {
    if (quote) out += '"';
    out += '\'';
  } else if (quote) {
    out += '"';
  }
  if (!quote) {
    out.append(v);
    return;
  }
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

// Only the tables that decided are listed; a table whose rule did not fire adds nothing.
void append_rule_columns(const Program& program, const Frame& frame, std::string& rule, std::string& source) {
  rule.clear();
  source.clear();
  for (std::size_t t = 0; t < program.tables.size(); ++t) {
    const std::int32_t r = frame.table_rule[t];
    if (r < 0) continue;
    const CompiledRule& cr = program.tables[t].rules[static_cast<std::size_t>(r)];
    if (!rule.empty()) {
      rule += "; ";
      source += "; ";
    }
    if (program.tables.size() > 1) rule += program.tables[t].name + ".";
    rule += cr.name;
    source += cr.section;
  }
  if (!program.citations.empty()) [[unlikely]] append_cited_sections(program, frame, source);
}

void section_list(const Program& program, const Frame& frame, std::vector<std::string_view>& sections) {
  sections.clear();
  for (std::size_t t = 0; t < program.tables.size(); ++t) {
    const std::int32_t r = frame.table_rule[t];
    if (r >= 0) sections.emplace_back(program.tables[t].rules[static_cast<std::size_t>(r)].section);
  }
  for (std::size_t c = 0; c < frame.cited.size(); ++c) {
    if (!frame.cited[c]) continue;
    const std::string_view s = program.citations[c];
    if (std::find(sections.begin(), sections.end(), s) == sections.end()) sections.push_back(s);
  }
}

// Out of line: only a policy that cites an adjustment comes here.
[[gnu::noinline]] void append_cited_sections(const Program& program, const Frame& frame, std::string& source) {
  thread_local std::vector<std::string_view> sections;
  section_list(program, frame, sections);
  std::size_t decided = 0;  // the tables' sections are in `source` already
  for (const std::int32_t r : frame.table_rule) decided += r >= 0 ? 1 : 0;
  for (std::size_t i = decided; i < sections.size(); ++i) {
    if (!source.empty()) source += "; ";
    source += sections[i];
  }
}

// The column names pass through the same formula guard as the cells: a policy names them.
std::string output_header(const Program& program) {
  std::string h;
  append_csv_field(h, program.facts[program.key_fact].column, true);
  for (const auto& o : program.outputs) {
    h += ',';
    append_csv_field(h, o.name, true);
  }
  h += ",rule,source,warnings,error\n";
  return h;
}

// A decided record's key went through parse_cell, which lets only valid UTF-8 through (and the
// reader refuses NUL), so only an undecided record's key is checked (in csv_row and json_row, so
// that this stays inlined). Errors show a cell only
// through cells.cpp's shown(), which writes valid UTF-8, so they are not checked again (on every
// error row, that would cost more than the rest of the row). So every byte written is valid
// UTF-8 and no NUL reaches a file, whatever the caseload held.
void RowWriter::row(std::string_view id, const Frame& f, bool decided) {
  if (format_ == OutputFormat::csv) {
    csv_row(id, f, decided);
  } else {
    json_row(id, f, decided);
  }
}

// `out` must be set here (a worker's writer, with out == null, only ever hands its rows over).
bool RowWriter::write_buffer(std::string& error) {
  if (!(*out_)(buf_, error)) return false;
  buf_.clear();
  return true;
}

// An undecided record keeps every column (empty ones) and puts its reason in `error`; text
// outputs are quoted and guarded like any field, the other types never need it.
void RowWriter::csv_row(std::string_view id, const Frame& f, bool decided) {
  append_csv_field(buf_, decided ? id : utf8::safe(id, id_), true);
  if (!decided) {
    for (std::size_t i = 0; i < p_.outputs.size() + 3; ++i) buf_ += ',';
    buf_ += ',';
    append_csv_field(buf_, f.error, true);
    buf_ += '\n';
    return;
  }
  for (const auto& o : p_.outputs) {
    buf_ += ',';
    if (o.type.optional && f.slots[o.slot].empty) continue;  // no value (`then nothing`): an empty cell
    if (o.type.base != BaseType::text) {  // numbers, dates, yes/no, enumeration names: never quoted
      append_value(buf_, p_, o.type, f.slots[o.slot]);
      continue;
    }
    cell_.clear();
    append_value(cell_, p_, o.type, f.slots[o.slot]);
    append_csv_field(buf_, cell_, true);
  }
  append_rule_columns(p_, f, rule_, source_);
  buf_ += ',';
  append_csv_field(buf_, rule_, true);
  buf_ += ',';
  append_csv_field(buf_, source_, true);
  buf_ += ',';
  cell_.clear();
  for (std::size_t w = 0; w < f.warning_texts.size(); ++w) {
    if (w) cell_ += "; ";
    cell_.append(f.warning_texts[w].p, f.warning_texts[w].n);
  }
  append_csv_field(buf_, cell_, true);
  buf_ += ",\n";
}

// Numbers and yes/no values are JSON numbers and booleans (append_value prints them as JSON reads
// them); dates, enumerations and texts are strings. An undecided record has null outputs, and
// so has an output without a value (a table's rule `then nothing`).
void RowWriter::json_row(std::string_view id, const Frame& f, bool decided) {
  buf_ += '{';
  append_json_string(buf_, p_.facts[p_.key_fact].column);
  buf_ += ':';
  append_json_string(buf_, decided ? id : utf8::safe(id, id_));
  for (const auto& o : p_.outputs) {
    buf_ += ',';
    append_json_string(buf_, o.name);
    buf_ += ':';
    if (!decided || (o.type.optional && f.slots[o.slot].empty)) {  // undecided, or no value: null
      buf_ += "null";
      continue;
    }
    cell_.clear();
    append_value(cell_, p_, o.type, f.slots[o.slot]);
    switch (o.type.base) {
      case BaseType::boolean:
      case BaseType::integer:
      case BaseType::minutes:
      case BaseType::days:
      case BaseType::months:
      case BaseType::percent:
        buf_ += cell_;
        break;
      default:
        append_json_string(buf_, cell_);
    }
  }
  if (decided) append_rule_columns(p_, f, rule_, source_);
  buf_ += ",\"rule\":";
  if (decided) append_json_string(buf_, rule_); else buf_ += "null";
  buf_ += ",\"source\":";
  if (decided) append_json_string(buf_, source_); else buf_ += "null";
  if (!p_.citations.empty()) [[unlikely]] {  // a policy that cites no adjustment writes no list (as before)
    buf_ += ",\"sections\":";
    if (decided) {
      section_list(p_, f, sections_);
      buf_ += '[';
      for (std::size_t i = 0; i < sections_.size(); ++i) {
        if (i) buf_ += ',';
        append_json_string(buf_, sections_[i]);
      }
      buf_ += ']';
    } else {
      buf_ += "null";
    }
  }
  buf_ += ",\"warnings\":[";
  for (std::size_t w = 0; decided && w < f.warning_texts.size(); ++w) {
    if (w) buf_ += ',';
    append_json_string(buf_, std::string_view(f.warning_texts[w].p, f.warning_texts[w].n));
  }
  buf_ += "],\"error\":";
  if (decided) buf_ += "null"; else append_json_string(buf_, f.error);
  buf_ += "}\n";
}

}  // namespace kadenz::detail
