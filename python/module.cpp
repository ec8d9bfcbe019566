// _kadenz: the extension module under the Python package `kadenz` (python/kadenz/__init__.py).
// It compiles policies and decides whole DataFrame columns at once: the Python layer hands over
// each fact's column as a numpy array, this module reads every cell once (str objects with the
// GIL held, a chunk at a time) while worker threads, one Evaluator each, decide the chunk read
// before it without the GIL. Typed outputs (integers, booleans, dates, enumerations) come back as
// numbers with a mask of missing values; the other columns as int32 codes into a list of their
// distinct texts (-1: no value), so Python builds them from a few distinct values, not per row.
// Only the public library API (kadenz/*.hpp) is used.
#include <kadenz/caseload.hpp>
#include <kadenz/diagnostic.hpp>
#include <kadenz/kadenz.hpp>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

namespace py = pybind11;

namespace {

// Rows read from Python objects and decided between two GIL round trips: big enough that the
// thread start and the hand-over cost nothing per row, small enough that the cell views of
// two chunks (16 bytes a cell) stay a few MB.
constexpr std::size_t kChunkRows = 1 << 16;

// A compiled policy as Python holds it: the Policy (shared, immutable, thread-safe) and the
// language its messages are in.
struct PyPolicy {
  kadenz::Policy policy;
  kadenz::Lang lang = kadenz::Lang::en;
};

std::optional<kadenz::Lang> lang_of(const std::optional<std::string>& lang) {
  if (!lang) return std::nullopt;
  if (*lang == "en") return kadenz::Lang::en;
  if (*lang == "de") return kadenz::Lang::de;
  throw py::value_error("lang must be \"en\" or \"de\", not \"" + *lang + "\"");
}

const char* severity_name(kadenz::Severity s) {
  switch (s) {
    case kadenz::Severity::error: return "error";
    case kadenz::Severity::warning: return "warning";
    case kadenz::Severity::note: return "note";
  }
  return "error";
}

// One diagnostic as a dict: where (file, line, column in characters), what and how to fix it.
py::dict diagnostic_dict(const kadenz::SourceFile& file, const kadenz::Diagnostic& d) {
  const kadenz::SourcePlace place = kadenz::locate(file, d.span.begin);
  const kadenz::LineColumn lc = kadenz::line_column(place.text, place.offset);
  py::dict out;
  out["file"] = std::string(place.name);
  out["line"] = lc.line;
  out["column"] = lc.column;
  out["severity"] = severity_name(d.severity);
  out["code"] = d.code;
  out["message"] = d.message;
  out["label"] = d.label;
  out["help"] = d.help;
  out["section"] = d.section;
  return out;
}

// compile(name, text_or_path, is_file, set, lang) -> (PyPolicy or None, [diagnostic dicts], rendered text)
py::tuple compile(const std::string& name, const std::string& text, bool is_file,
                  const std::vector<std::pair<std::string, std::string>>& set, const std::optional<std::string>& lang) {
  kadenz::CompileOptions options;
  options.set = set;
  options.lang = lang_of(lang);
  kadenz::Compiled compiled;
  {
    py::gil_scoped_release release;
    compiled = is_file ? kadenz::compile_policy_file(text, options) : kadenz::compile_policy(name, text, options);
  }
  py::list diagnostics;
  std::string rendered;
  if (compiled.source) {
    for (const auto& d : compiled.diagnostics) diagnostics.append(diagnostic_dict(*compiled.source, d));
    rendered = kadenz::render_text(*compiled.source, compiled.diagnostics, compiled.lang);
  }
  py::object policy = py::none();
  if (compiled.ok()) policy = py::cast(PyPolicy{compiled.policy(), compiled.lang});
  return py::make_tuple(policy, diagnostics, rendered);
}

// ---- evaluate ----

// How a column's cells are read (chosen by the Python layer from the dtype).
enum class ColumnKind : std::uint8_t {
  days,     // int64 days since 1970-01-01; INT64_MIN: empty (NaT)
  boolean,  // int8: 0, 1; -1: empty
  integer,  // int64, read as its decimal text (so it suits text, number and duration facts)
  real,     // float64: NaN empty; whole numbers as integers, else the shortest decimal text
  object,   // Python objects: str as is, None empty; anything else through `convert` (Python)
};

// One cell of an object column for the current chunk: a view into a str object's UTF-8 (alive:
// the array holds it, or the chunk's keep-alive list); data == nullptr: empty.
struct Cell {
  const char* data = nullptr;
  std::size_t size = 0;
};

struct Column {
  kadenz::FactRef fact;
  ColumnKind kind = ColumnKind::object;
  py::array array;          // keeps the data alive
  const void* data = nullptr;
  std::vector<Cell> cells[2];  // object columns: the cells of the chunk being decided and of the next
};

// Proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's civil_from_days).
kadenz::Date date_of_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  if (y < 1 || y > 9999) return kadenz::Date{0, 0, 0};  // refused by set_date: the row's error
  return kadenz::Date{static_cast<int>(y), static_cast<int>(m), static_cast<int>(d)};
}

// The distinct texts of one result column. Threads look a text up in their own cache first and
// take the lock only for a text they have not seen.
struct Interned {
  std::mutex mutex;
  std::vector<std::string> values;
  std::unordered_map<std::string, std::int32_t> index;
  std::int32_t add(std::string_view text) {
    const std::lock_guard<std::mutex> lock(mutex);
    auto [it, inserted] = index.try_emplace(std::string(text), static_cast<std::int32_t>(values.size()));
    if (inserted) values.emplace_back(text);
    return it->second;
  }
};

struct TextHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

class LocalIntern {
 public:
  explicit LocalIntern(Interned& global) : global_(global) {}
  std::int32_t operator()(std::string_view text) {
    const auto it = cache_.find(text);
    if (it != cache_.end()) return it->second;
    const std::int32_t code = global_.add(text);
    cache_.emplace(std::string(text), code);
    return code;
  }

 private:
  Interned& global_;
  std::unordered_map<std::string, std::int32_t, TextHash, std::equal_to<>> cache_;
};

// Days since 1970-01-01 of a date (Howard Hinnant's days_from_civil).
std::int64_t days_of_date(kadenz::Date date) {
  const std::int64_t y = date.year - (date.month <= 2 ? 1 : 0);
  const std::int64_t m = date.month;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + date.day - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// How an output column is returned: typed outputs as numbers (no text, no lookup per row),
// the others as codes into their distinct texts.
enum class OutputMode : std::uint8_t { codes, integer, boolean, date, enumeration };

OutputMode mode_of(kadenz::ValueKind kind) {
  switch (kind) {
    case kadenz::ValueKind::integer: return OutputMode::integer;
    case kadenz::ValueKind::boolean: return OutputMode::boolean;
    case kadenz::ValueKind::date: return OutputMode::date;
    case kadenz::ValueKind::enumeration: return OutputMode::enumeration;
    case kadenz::ValueKind::duration:
    case kadenz::ValueKind::text: return OutputMode::codes;
  }
  return OutputMode::codes;
}

// The results of a run, one column per output, then rule, source, warnings, error. A typed
// output fills `numbers` and `missing`; the others (and the four after the outputs) `codes`.
struct Results {
  std::vector<OutputMode> modes;
  std::vector<Interned> tables;
  std::vector<std::int32_t*> codes;
  std::vector<std::int64_t*> numbers;
  std::vector<bool*> missing;
  bool* decided = nullptr;
};

// Decides rows [begin, end) with one Evaluator; writes codes into `results`.
class Worker {
 public:
  Worker(const kadenz::Policy& policy, Results& results)
      : evaluator_(policy), results_(results) {
    for (auto& t : results.tables) intern_.emplace_back(t);
  }
  void run(const std::vector<Column>& columns, std::size_t slot, std::size_t chunk_begin, std::size_t begin,
           std::size_t end, kadenz::Date as_of) {
    const std::size_t outputs = results_.tables.size() - 4;
    char number[32];
    for (std::size_t r = begin; r < end; ++r) {
      for (const Column& c : columns) {
        switch (c.kind) {
          case ColumnKind::days: {
            const std::int64_t v = static_cast<const std::int64_t*>(c.data)[r];
            if (v == std::numeric_limits<std::int64_t>::min()) evaluator_.set(c.fact, std::string_view());
            else evaluator_.set_date(c.fact, date_of_days(v));
            break;
          }
          case ColumnKind::boolean: {
            const std::int8_t v = static_cast<const std::int8_t*>(c.data)[r];
            evaluator_.set(c.fact, v < 0 ? std::string_view() : v ? std::string_view("true") : std::string_view("false"));
            break;
          }
          case ColumnKind::integer: {
            const auto res = std::to_chars(number, number + sizeof number, static_cast<const std::int64_t*>(c.data)[r]);
            evaluator_.set(c.fact, std::string_view(number, static_cast<std::size_t>(res.ptr - number)));
            break;
          }
          case ColumnKind::real: {
            const double v = static_cast<const double*>(c.data)[r];
            if (std::isnan(v)) {
              evaluator_.set(c.fact, std::string_view());
              break;
            }
            std::to_chars_result res{};
            if (std::trunc(v) == v && std::fabs(v) < 9.0e15)
              res = std::to_chars(number, number + sizeof number, static_cast<std::int64_t>(v));
            else
              res = std::to_chars(number, number + sizeof number, v);
            evaluator_.set(c.fact, std::string_view(number, static_cast<std::size_t>(res.ptr - number)));
            break;
          }
          case ColumnKind::object: {
            const Cell& cell = c.cells[slot][r - chunk_begin];
            evaluator_.set(c.fact, cell.data ? std::string_view(cell.data, cell.size) : std::string_view());
            break;
          }
        }
      }
      const kadenz::Decision& d = evaluator_.evaluate(as_of);
      results_.decided[r] = d.decided;
      if (!d.decided) {
        for (std::size_t o = 0; o < outputs; ++o) {
          if (results_.modes[o] == OutputMode::codes) {
            results_.codes[o][r] = -1;
          } else {
            results_.numbers[o][r] = 0;
            results_.missing[o][r] = true;
          }
        }
        for (std::size_t o = outputs; o < outputs + 3; ++o) results_.codes[o][r] = -1;
        results_.codes[outputs + 3][r] = intern_[outputs + 3](d.error);
        continue;
      }
      for (std::size_t o = 0; o < outputs; ++o) {
        const kadenz::Value& v = d.values[o];
        switch (results_.modes[o]) {
          case OutputMode::codes:
            results_.codes[o][r] = v.empty ? -1 : intern_[o](d.outputs[o]);
            continue;
          case OutputMode::integer:
          case OutputMode::enumeration: results_.numbers[o][r] = v.integer; break;
          case OutputMode::boolean: results_.numbers[o][r] = v.boolean ? 1 : 0; break;
          case OutputMode::date: results_.numbers[o][r] = days_of_date(v.date); break;
        }
        results_.missing[o][r] = v.empty;
      }
      results_.codes[outputs][r] = d.rule.empty() ? -1 : intern_[outputs](d.rule);
      results_.codes[outputs + 1][r] = d.section.empty() ? -1 : intern_[outputs + 1](d.section);
      if (d.warnings.empty()) {
        results_.codes[outputs + 2][r] = -1;
      } else {
        warnings_.clear();
        for (const auto& w : d.warnings) {
          if (!warnings_.empty()) warnings_ += "; ";
          warnings_ += w;
        }
        results_.codes[outputs + 2][r] = intern_[outputs + 2](warnings_);
      }
      results_.codes[outputs + 3][r] = -1;
    }
  }

 private:
  kadenz::Evaluator evaluator_;
  Results& results_;
  std::vector<LocalIntern> intern_;
  std::string warnings_;
};

// Reads the chunk [begin, end) of an object column into cell views (GIL held). Cells that are
// neither str nor None go through `convert` (the Python layer: dates, numbers, NaN, NaT ...),
// whose str results `keep` holds for the chunk's life.
void read_object_cells(Column& c, std::size_t slot, std::size_t begin, std::size_t end, const py::function& convert,
                       py::list& keep) {
  std::vector<Cell>& cells = c.cells[slot];
  cells.resize(end - begin);
  PyObject* const* objects = static_cast<PyObject* const*>(c.data);
  for (std::size_t r = begin; r < end; ++r) {
    PyObject* o = objects[r];
    Cell& cell = cells[r - begin];
    cell = Cell{};
    if (o == Py_None) continue;
    // the common non-str cells without a call into Python: NaN (pandas' missing value in an
    // object column) and bool objects
    if (PyFloat_CheckExact(o) && std::isnan(PyFloat_AsDouble(o))) continue;
    if (o == Py_True || o == Py_False) {
      cell = o == Py_True ? Cell{"true", 4} : Cell{"false", 5};
      continue;
    }
    if (!PyUnicode_Check(o)) {
      py::object text = convert(py::handle(o));
      if (text.is_none()) continue;
      if (!PyUnicode_Check(text.ptr())) throw py::type_error("convert must return str or None");
      keep.append(text);
      o = text.ptr();
    }
    Py_ssize_t size = 0;
    const char* data = PyUnicode_AsUTF8AndSize(o, &size);
    if (data == nullptr) throw py::error_already_set();  // lone surrogates: not UTF-8
    cell = Cell{data, static_cast<std::size_t>(size)};
  }
}

// evaluate(policy, columns [(fact name, kind, array)], rows, (y, m, d), jobs, convert)
//   -> (decided bool array, [column] for the outputs, rule, source, warnings, error); a column is
//      ("codes", int32 codes (-1: none), [distinct texts]) or (kind, int64 numbers, bool missing)
//      for kind integer, boolean (0/1), date (days since 1970-01-01), enumeration (value index)
py::tuple evaluate(const PyPolicy& p, const std::vector<py::tuple>& spec, std::size_t rows,
                   std::tuple<int, int, int> as_of_ymd, unsigned jobs, const py::function& convert) {
  const kadenz::Date as_of{std::get<0>(as_of_ymd), std::get<1>(as_of_ymd), std::get<2>(as_of_ymd)};
  std::vector<Column> columns;
  for (const py::tuple& t : spec) {
    Column c;
    const auto name = t[0].cast<std::string>();
    c.fact = p.policy.fact(name);
    if (!c.fact.valid()) throw py::key_error("the policy has no fact `" + name + "`");
    const auto kind = t[1].cast<std::string>();
    c.array = t[2].cast<py::array>();
    if (c.array.ndim() != 1 || static_cast<std::size_t>(c.array.shape(0)) != rows || !(c.array.flags() & py::array::c_style))
      throw py::value_error("column `" + name + "`: a contiguous 1-d array of every row is needed");
    auto need = [&](char code, std::size_t item) {
      if (c.array.dtype().kind() != code || static_cast<std::size_t>(c.array.itemsize()) != item)
        throw py::type_error("column `" + name + "`: wrong array type for kind " + kind);
    };
    if (kind == "days") c.kind = ColumnKind::days, need('i', 8);
    else if (kind == "bool") c.kind = ColumnKind::boolean, need('i', 1);
    else if (kind == "int") c.kind = ColumnKind::integer, need('i', 8);
    else if (kind == "real") c.kind = ColumnKind::real, need('f', 8);
    else if (kind == "object") c.kind = ColumnKind::object, need('O', sizeof(PyObject*));
    else throw py::value_error("unknown column kind " + kind);
    c.data = c.array.data();
    columns.push_back(std::move(c));
  }

  const std::size_t outputs = p.policy.output_count();
  const auto n = static_cast<py::ssize_t>(rows);
  Results results;
  results.tables = std::vector<Interned>(outputs + 4);
  py::array_t<bool> decided(n);
  results.decided = decided.mutable_data();
  std::vector<py::array> arrays, masks;
  for (std::size_t o = 0; o < outputs + 4; ++o) {
    const OutputMode mode = o < outputs ? mode_of(p.policy.outputs()[o].type.kind) : OutputMode::codes;
    results.modes.push_back(mode);
    if (mode == OutputMode::codes) {
      py::array_t<std::int32_t> codes(n);
      results.codes.push_back(codes.mutable_data());
      results.numbers.push_back(nullptr);
      results.missing.push_back(nullptr);
      arrays.push_back(codes);
      masks.push_back(py::none());
    } else {
      py::array_t<std::int64_t> numbers(n);
      py::array_t<bool> missing(n);
      results.codes.push_back(nullptr);
      results.numbers.push_back(numbers.mutable_data());
      results.missing.push_back(missing.mutable_data());
      arrays.push_back(numbers);
      masks.push_back(missing);
    }
  }

  // At most one thread per core (a caller's jobs=100000 would otherwise start that many).
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  const unsigned threads = std::max(1u, std::min({jobs, cores, static_cast<unsigned>((rows + 4095) / 4096)}));
  std::vector<std::unique_ptr<Worker>> workers;
  for (unsigned t = 0; t < threads; ++t) workers.push_back(std::make_unique<Worker>(p.policy, results));
  // Chunk k is decided by the workers (no GIL) while this thread reads the object cells of chunk
  // k + 1 (GIL held) into the other slot.
  const std::size_t chunks = (rows + kChunkRows - 1) / kChunkRows;
  py::list keep[2];
  const auto read = [&](std::size_t k) {
    keep[k % 2] = py::list();
    const std::size_t begin = k * kChunkRows, end = std::min(rows, begin + kChunkRows);
    for (Column& c : columns)
      if (c.kind == ColumnKind::object) read_object_cells(c, k % 2, begin, end, convert, keep[k % 2]);
  };
  if (chunks > 0) read(0);
  for (std::size_t k = 0; k < chunks; ++k) {
    const std::size_t begin = k * kChunkRows, end = std::min(rows, begin + kChunkRows);
    const std::size_t share = (end - begin + threads - 1) / threads;
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) {
      const std::size_t b = std::min(end, begin + t * share), e = std::min(end, b + share);
      pool.emplace_back([&, t, b, e, k] { workers[t]->run(columns, k % 2, begin, b, e, as_of); });
    }
    const auto join = [&] {
      py::gil_scoped_release release;
      for (auto& th : pool) th.join();
    };
    try {
      if (k + 1 < chunks) read(k + 1);
    } catch (...) {
      join();  // the workers must end before the cells they read go away
      throw;
    }
    join();
  }

  static constexpr const char* kModeNames[] = {"codes", "integer", "boolean", "date", "enumeration"};
  py::list columns_out;
  for (std::size_t o = 0; o < outputs + 4; ++o) {
    const OutputMode mode = results.modes[o];
    if (mode != OutputMode::codes) {
      columns_out.append(py::make_tuple(kModeNames[static_cast<int>(mode)], arrays[o], masks[o]));
      continue;
    }
    py::list values;
    for (const auto& v : results.tables[o].values) values.append(py::str(v));
    columns_out.append(py::make_tuple("codes", arrays[o], values));
  }
  return py::make_tuple(decided, columns_out);
}

const char* kind_name(kadenz::ValueKind k) {
  switch (k) {
    case kadenz::ValueKind::boolean: return "boolean";
    case kadenz::ValueKind::integer: return "integer";
    case kadenz::ValueKind::duration: return "duration";
    case kadenz::ValueKind::date: return "date";
    case kadenz::ValueKind::text: return "text";
    case kadenz::ValueKind::enumeration: return "enumeration";
  }
  return "text";
}

py::object date_or_none(const std::optional<kadenz::Date>& d) {
  if (!d) return py::none();
  return py::module_::import("datetime").attr("date")(d->year, d->month, d->day);
}

void put_type(py::dict& out, const kadenz::TypeInfo& t) {
  out["type"] = t.name;
  out["kind"] = kind_name(t.kind);
  out["unit"] = t.unit;
  out["values"] = t.values;
}

// The policy's header, facts, outputs and parameters as dicts (kadenz.Policy builds its records
// from them), and the library's JSON of the same.
py::dict describe(const PyPolicy& p) {
  const kadenz::PolicyHeader& h = p.policy.header();
  py::dict header;
  header["name"] = h.name;
  header["document"] = h.document;
  header["issued"] = date_or_none(h.issued);
  header["valid_from"] = date_or_none(h.valid_from);
  header["valid_until"] = date_or_none(h.valid_until);
  header["keyword_lang"] = h.keyword_lang == kadenz::Lang::de ? "de" : "en";
  py::list facts, outputs, parameters;
  for (const kadenz::FactInfo& f : p.policy.facts()) {
    py::dict d;
    d["name"] = f.name;
    d["column"] = f.column;
    put_type(d, f.type);
    d["may_be_empty"] = f.type.may_be_empty;
    d["default"] = f.has_default ? py::object(py::str(f.default_text)) : py::object(py::none());
    d["is_key"] = f.is_key;
    facts.append(d);
  }
  for (const kadenz::OutputInfo& o : p.policy.outputs()) {
    py::dict d;
    d["name"] = o.name;
    put_type(d, o.type);
    outputs.append(d);
  }
  for (const kadenz::ParameterInfo& pi : p.policy.parameters()) {
    py::dict d;
    d["name"] = pi.name;
    put_type(d, pi.type);
    d["value"] = pi.value;
    parameters.append(d);
  }
  py::dict out;
  out["header"] = header;
  out["facts"] = facts;
  out["outputs"] = outputs;
  out["parameters"] = parameters;
  out["json"] = p.policy.describe_json();
  return out;
}

// ---- workload and what-if (kadenz/caseload.hpp) ----

kadenz::CaseloadOptions caseload_options(std::tuple<int, int, int> as_of, unsigned jobs) {
  kadenz::CaseloadOptions options;
  options.as_of = kadenz::Date{std::get<0>(as_of), std::get<1>(as_of), std::get<2>(as_of)};
  options.encoding = kadenz::Encoding::utf8;  // the Python layer writes the CSV text in UTF-8
  options.jobs = jobs;
  return options;
}

// The report's renderings and notes; a run that could not be done raises ValueError with the
// library's message.
template <class Result>
py::dict report_dict(const Result& r) {
  if (!r.ok) throw py::value_error(r.error);
  py::dict out;
  out["json"] = r.json;
  out["text"] = r.text;
  out["html"] = r.html;
  out["notes"] = r.notes;
  return out;
}

// workload(policy, csv text, as_of, jobs, policy label, caseload name) -> dict (json, text, html, notes)
py::dict workload(const PyPolicy& p, std::string csv, std::tuple<int, int, int> as_of, unsigned jobs,
                  std::string label, std::string name) {
  kadenz::WorkloadResult r;
  {
    py::gil_scoped_release release;
    kadenz::ReportOptions report;
    report.policy.file = std::move(label);
    r = kadenz::workload(p.policy, kadenz::CaseloadInput::text(std::move(csv), std::move(name)),
                         caseload_options(as_of, jobs), report);
  }
  return report_dict(r);
}

// whatif(base, variant, csv text, as_of, jobs, base label, variant label, caseload name) -> dict
py::dict whatif(const PyPolicy& base, const PyPolicy& variant, std::string csv, std::tuple<int, int, int> as_of,
                unsigned jobs, std::string base_label, std::string variant_label, std::string name) {
  kadenz::WhatIfResult r;
  {
    py::gil_scoped_release release;
    kadenz::ReportOptions report;
    report.policy.file = std::move(base_label);
    report.variant.file = std::move(variant_label);
    r = kadenz::whatif(base.policy, variant.policy, kadenz::CaseloadInput::text(std::move(csv), std::move(name)),
                       caseload_options(as_of, jobs), false, report);
  }
  py::dict out = report_dict(r);
  return out;
}

}  // namespace

PYBIND11_MODULE(_kadenz, m) {
  m.doc() = "kadenz: compile contact-density policies and decide caseloads (use the `kadenz` package)";
  py::class_<PyPolicy>(m, "Policy")
      .def_property_readonly("name", [](const PyPolicy& p) { return p.policy.name(); })
      .def_property_readonly("lang", [](const PyPolicy& p) { return p.lang == kadenz::Lang::de ? "de" : "en"; })
      .def("describe", &describe)
      .def("fact_names",
           [](const PyPolicy& p) {
             std::vector<std::string> out;
             for (std::size_t i = 0; i < p.policy.fact_count(); ++i) out.push_back(p.policy.fact_name(i));
             return out;
           })
      .def("output_names", [](const PyPolicy& p) {
        std::vector<std::string> out;
        for (std::size_t i = 0; i < p.policy.output_count(); ++i) out.push_back(p.policy.output_name(i));
        return out;
      });
  m.def("compile", &compile, py::arg("name"), py::arg("text"), py::arg("is_file"), py::arg("set"), py::arg("lang"));
  m.def("evaluate", &evaluate, py::arg("policy"), py::arg("columns"), py::arg("rows"), py::arg("as_of"),
        py::arg("jobs"), py::arg("convert"));
  m.def("workload", &workload, py::arg("policy"), py::arg("csv"), py::arg("as_of"), py::arg("jobs"), py::arg("label"),
        py::arg("name"));
  m.def("whatif", &whatif, py::arg("base"), py::arg("variant"), py::arg("csv"), py::arg("as_of"), py::arg("jobs"),
        py::arg("base_label"), py::arg("variant_label"), py::arg("name"));
}
