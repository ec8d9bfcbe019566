// Evaluates each record of a caseload and writes its output row (cells are read by cells.cpp).
#include "interpreter/caseload/caseload.hpp"

#include "interpreter/caseload/batches.hpp"

#include <fmt/format.h>

#include <cstring>
#include <memory>

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

}  // namespace kadenz::detail
