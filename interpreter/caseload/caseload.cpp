// Reads caseload cells into fact slots, evaluates each record and writes its output row.
#include "interpreter/caseload/caseload.hpp"

#include "interpreter/caseload/batches.hpp"

#include "stdlib/date.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <memory>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace kadenz::detail {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

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

// The caseload's yes/no spellings (READING.md; WAHR/FALSCH is what German Excel writes).
constexpr std::string_view kTrue[] = {"true", "ja", "1", "wahr"};
constexpr std::string_view kFalse[] = {"false", "nein", "0", "falsch"};


}  // namespace

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

// Writes a CSV field, quoted if needed; `guard` prefixes `'` to text that a spreadsheet would
// run as a formula (= + - @ at the start: TOOLCHAIN.md).
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
}

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

bool bind_columns(const Program& program, const std::vector<std::string>& header, ColumnBinding& binding,
                  std::string& error) {
  binding = {};
  binding.header_fields = header.size();
  std::vector<std::string_view> names;
  for (const auto& h : header) names.push_back(trim(h));
  for (std::size_t i = 0; i < names.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (!names[i].empty() && names[i] == names[j]) {
        error = fmt::format("column `{}` appears twice in the header (columns {} and {})", names[i], j + 1, i + 1);
        return false;
      }
    }
  }
  std::vector<std::string> missing;
  for (const auto& f : program.facts) {
    const auto it = std::find(names.begin(), names.end(), f.column);
    if (it != names.end()) {
      binding.fact_column.push_back(static_cast<std::int32_t>(it - names.begin()));
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
  if (!missing.empty()) {
    std::string list;
    for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
    error = fmt::format("the caseload has no column{} {} (needed by the policy's facts)", missing.size() == 1 ? "" : "s",
                        list);
    return false;
  }
  return true;
}

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

namespace {

// Builds output rows into a buffer that is flushed in large writes.
class RowWriter {
 public:
  RowWriter(const Program& p, OutputFormat format, std::FILE* out) : p_(p), format_(format), out_(out) {
    buf_.reserve(1 << 20);
  }

  void header() {
    if (format_ == OutputFormat::csv) buf_ += output_header(p_);
  }

  void row(std::string_view id, const Frame& f, bool decided) {
    if (format_ == OutputFormat::csv) {
      csv_row(id, f, decided);
    } else {
      json_row(id, f, decided);
    }
  }

  // Hands the formatted rows over (a worker's batch output) and starts an empty buffer.
  void take(std::string& into) {
    into.swap(buf_);
    buf_.clear();
  }

  bool flush(bool force, std::string& error) {
    if (buf_.empty() || (!force && buf_.size() < (1u << 20))) return true;
    if (std::fwrite(buf_.data(), 1, buf_.size(), out_) != buf_.size()) {
      error = fmt::format("cannot write the output: {}", std::strerror(errno));
      return false;
    }
    buf_.clear();
    return true;
  }

 private:
  const Program& p_;
  OutputFormat format_;
  std::FILE* out_;
  std::string buf_;
  std::string cell_;
  std::string rule_, source_;  // reused per row (no allocation once they have grown)

  void csv_row(std::string_view id, const Frame& f, bool decided) {
    append_csv_field(buf_, id, true);
    if (!decided) {
      for (std::size_t i = 0; i < p_.outputs.size() + 3; ++i) buf_ += ',';
      buf_ += ',';
      append_csv_field(buf_, f.error, true);
      buf_ += '\n';
      return;
    }
    for (const auto& o : p_.outputs) {
      buf_ += ',';
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

  void json_row(std::string_view id, const Frame& f, bool decided) {
    buf_ += '{';
    append_json_string(buf_, p_.facts[p_.key_fact].column);
    buf_ += ':';
    append_json_string(buf_, id);
    for (const auto& o : p_.outputs) {
      buf_ += ',';
      append_json_string(buf_, o.name);
      buf_ += ':';
      if (!decided) {
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
    buf_ += ",\"warnings\":[";
    for (std::size_t w = 0; decided && w < f.warning_texts.size(); ++w) {
      if (w) buf_ += ',';
      append_json_string(buf_, std::string_view(f.warning_texts[w].p, f.warning_texts[w].n));
    }
    buf_ += "],\"error\":";
    if (decided) buf_ += "null"; else append_json_string(buf_, f.error);
    buf_ += "}\n";
  }
};

}  // namespace

namespace {

// Decides one row and formats its output: the work shared by the sequential and the parallel
// path. Owns a frame and a writer, so one RowContext serves one thread.
class RowContext {
 public:
  RowContext(const Program& program, const ColumnBinding& binding, std::int32_t as_of, OutputFormat format,
             std::FILE* out)
      : p_(program), b_(binding), writer_(program, format, out) {
    prepare_frame(program, frame_);
    frame_.slots[program.as_of_slot].i = as_of;
  }

  RowWriter& writer() { return writer_; }

  void row(const std::vector<std::string_view>& fields, std::string_view record_error, CaseloadSummary& summary) {
    ++summary.rows;
    const std::string_view id = row_key(p_, b_, fields);
    const bool ok = decide_row(p_, b_, fields, record_error, frame_, cell_error_);
    if (ok) {
      ++summary.decided;
      if (!frame_.warnings.empty()) ++summary.warned;
    } else {
      ++summary.errors;
    }
    writer_.row(id, frame_, ok);
  }

 private:
  const Program& p_;
  const ColumnBinding& b_;
  Frame frame_;
  RowWriter writer_;
  std::string cell_error_;
};

}  // namespace

bool evaluate_caseload(const Program& program, CsvReader& reader, const ColumnBinding& binding, std::int32_t as_of,
                       OutputFormat format, std::FILE* out, CaseloadSummary& summary, std::string& error,
                       unsigned jobs) {
  RowContext main_ctx(program, binding, as_of, format, out);
  main_ctx.writer().header();
  if (jobs <= 1) {
    CsvReader::Record rec;
    while (reader.next(rec)) {
      main_ctx.row(rec.fields, rec.error, summary);
      if (!main_ctx.writer().flush(false, error)) return false;
    }
  } else {
    // One thread reads and writes in input order, `jobs` workers decide (interpreter/caseload/batches.hpp),
    // each with its own frame, writer and counts.
    if (!main_ctx.writer().flush(true, error)) return false;
    std::vector<std::unique_ptr<RowContext>> contexts;
    std::vector<CaseloadSummary> counts(jobs);
    for (unsigned j = 0; j < jobs; ++j)
      contexts.push_back(std::make_unique<RowContext>(program, binding, as_of, format, nullptr));
    std::vector<std::vector<std::string_view>> rows(jobs);
    const bool ok = run_batches(
        reader, jobs,
        [&](unsigned j, RecordBatch& batch) {
          batch.for_each(rows[j], [&](const std::vector<std::string_view>& fields, std::string_view rec_error) {
            contexts[j]->row(fields, rec_error, counts[j]);
          });
          contexts[j]->writer().take(batch.output);
        },
        [&](const RecordBatch& batch) {
          if (batch.output.empty() || std::fwrite(batch.output.data(), 1, batch.output.size(), out) == batch.output.size())
            return true;
          error = fmt::format("cannot write the output: {}", std::strerror(errno));
          return false;
        });
    for (const auto& c : counts) {
      summary.rows += c.rows;
      summary.decided += c.decided;
      summary.errors += c.errors;
      summary.warned += c.warned;
    }
    if (!ok) return false;
  }
  if (!reader.io_error().empty()) {
    error = reader.io_error();
    main_ctx.writer().flush(true, error);
    return false;
  }
  return main_ctx.writer().flush(true, error);
}

bool decide_row(const Program& program, const ColumnBinding& binding, const std::vector<std::string_view>& fields,
                std::string_view record_error, Frame& frame, std::string& scratch) {
  return read_row(program, binding, fields, record_error, frame, scratch) && evaluate_record(program, frame);
}

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
