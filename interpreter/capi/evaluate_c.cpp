// The C API (kadenz.h), its deciding side: records given as JSON or as name/value pairs, the
// evaluator handle, decisions as JSON, and a caseload given as CSV text (the runner of
// `kadenz eval`, writing into memory).
#include "interpreter/capi/boundary.hpp"

#include "interpreter/caseload/run.hpp"
#include "stdlib/catalogue.hpp"
#include "stdlib/date.hpp"
#include "stdlib/utf8.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>

namespace kadenz::capi {
namespace {

using Record = nlohmann::ordered_json;

// Fails the evaluator's current record with the C layer's `message`, unless it failed already
// (the first error is the one reported). Returns KADENZ_ERROR_RECORD with the message.
kadenz_status fail_record(kadenz_evaluator& ev, std::string message) {
  if (!ev.failed) {
    ev.failed = true;
    ev.error = message;
  }
  return fail(KADENZ_ERROR_RECORD, message);
}

// Sets one fact from cell text (nullptr: an empty cell). The Evaluator keeps its own message of
// a refused value for the decision; the same message is made here for kadenz_last_error.
kadenz_status set_fact(kadenz_evaluator& ev, std::string_view name, const char* value) {
  const detail::Program& p = program_of(ev.policy);
  const FactRef fact = ev.policy.fact(name);
  if (!fact.valid()) {
    std::string safe_name;  // the host's bytes, valid UTF-8 in the message and the decision's JSON
    utf8::append_safe(safe_name, name);
    return fail_record(ev, detail::say(p.voice, detail::Msg::capi_unknown_fact, {safe_name, p.name}));
  }
  const std::string_view text = value == nullptr ? std::string_view() : std::string_view(value);
  if (ev.evaluator.set(fact, text)) return KADENZ_OK;
  ev.failed = true;  // the Evaluator holds the record's error (the first, unless ev.error is)
  std::string message;
  detail::Value scratch;
  if (detail::parse_cell(p.facts[fact.index()], p.enums, text, scratch, message, p.voice.text) || message.empty())
    message = std::string(name) + ": the value was refused";  // a NUL byte: parse_cell does not look for it
  return fail(KADENZ_ERROR_RECORD, message);
}

// The text a JSON value stands for as a caseload cell; false for an array or an object.
bool cell_of(const Record& value, std::string& cell, bool& empty) {
  empty = false;
  if (value.is_string()) {
    cell = value.get_ref<const std::string&>();
  } else if (value.is_boolean()) {
    cell = value.get<bool>() ? "true" : "false";
  } else if (value.is_number()) {
    cell = value.dump();  // integers as they are, others in the shortest form that reads back
  } else if (value.is_null()) {
    empty = true;
  } else {
    return false;
  }
  return true;
}

// Parses a record's JSON; KADENZ_ERROR_INVALID_ARGUMENT unless it is one JSON object.
kadenz_status parse_record(const char* function, const char* json, Record& record) {
  record = Record::parse(json, nullptr, /*allow_exceptions=*/false);
  if (record.is_discarded()) return fail(KADENZ_ERROR_INVALID_ARGUMENT, std::string(function) + ": the record is not valid JSON");
  if (!record.is_object())
    return fail(KADENZ_ERROR_INVALID_ARGUMENT, std::string(function) + ": the record is not a JSON object");
  return KADENZ_OK;
}

// Sets every fact of a parsed record; the first refusal's status, after setting the rest.
kadenz_status set_record(kadenz_evaluator& ev, const Record& record) {
  kadenz_status status = KADENZ_OK;
  std::string cell;
  std::string first_error;
  for (const auto& [name, value] : record.items()) {
    bool empty = false;
    kadenz_status s = KADENZ_OK;
    if (!cell_of(value, cell, empty)) {
      s = fail_record(ev, detail::say(program_of(ev.policy).voice, detail::Msg::capi_value_not_scalar, {name}));
    } else {
      s = set_fact(ev, name, empty ? nullptr : cell.c_str());
    }
    if (s != KADENZ_OK && status == KADENZ_OK) {
      status = s;
      first_error = kadenz_last_error();
    }
  }
  if (status != KADENZ_OK) fail(status, first_error);
  return status;
}

// The decision as JSON (kadenz.h, "The decision JSON"), in the shape of a JSON Lines row of
// `kadenz eval`: numbers and yes/no values as JSON reads them, null where there is no value.
void render_decision(const Policy& policy, const Decision& d, std::string_view c_error, std::string& out) {
  const bool decided = d.decided && c_error.empty();
  const auto& outputs = policy.outputs();
  out.clear();
  out += decided ? "{\"decided\":true,\"outputs\":{" : "{\"decided\":false,\"outputs\":{";
  for (std::size_t o = 0; o < outputs.size(); ++o) {
    if (o) out += ',';
    append_json(out, outputs[o].name);
    out += ':';
    if (!decided || o >= d.values.size() || d.values[o].empty) {
      out += "null";
      continue;
    }
    const Value& v = d.values[o];
    switch (v.kind) {
      case ValueKind::boolean: out += v.boolean ? "true" : "false"; break;
      case ValueKind::integer: out += v.text; break;  // a number in the output's unit, as eval's JSON Lines print it
      default: append_json(out, v.text);  // dates ISO, durations with their unit, texts
    }
  }
  out += "},\"rule\":";
  if (decided) append_json(out, d.rule); else out += "null";
  out += ",\"source\":";
  if (decided) append_json(out, d.section); else out += "null";
  out += ",\"sections\":[";
  for (std::size_t i = 0; decided && i < d.sections.size(); ++i) {
    if (i) out += ',';
    append_json(out, d.sections[i]);
  }
  out += "],\"warnings\":[";
  for (std::size_t i = 0; decided && i < d.warnings.size(); ++i) {
    if (i) out += ',';
    append_json(out, d.warnings[i]);
  }
  out += "],\"error\":";
  if (decided) out += "null"; else append_json(out, c_error.empty() ? std::string_view(d.error) : c_error);
  out += '}';
}

// Decides the evaluator's record, ends it, and hands the decision out.
kadenz_status decide(kadenz_evaluator& ev, Date as_of, char** decision_json) {
  const Decision& d = ev.evaluator.evaluate(as_of);  // ends the Evaluator's record in every case
  const std::string c_error = std::move(ev.error);
  ev.error.clear();
  ev.failed = false;
  render_decision(ev.policy, d, c_error, ev.json);
  CString out = c_string(ev.json);
  kadenz_status status = KADENZ_OK;
  if (!c_error.empty()) {
    status = fail(KADENZ_ERROR_RECORD, c_error);
  } else if (!d.decided) {
    status = fail(KADENZ_ERROR_RECORD, d.error);
  }
  *decision_json = out.release();
  return status;
}

// Checks and reads the decision day of a function; INVALID_ARGUMENT if it is no date.
kadenz_status read_as_of(const char* function, const char* text, Date& as_of) {
  const auto d = parse_as_of(text);
  if (!d) return fail(KADENZ_ERROR_INVALID_ARGUMENT, std::string(function) + ": as_of is not a date (write YYYY-MM-DD)");
  as_of = *d;
  return KADENZ_OK;
}

// The summary of a caseload run as JSON (kadenz.h, kadenz_evaluate_csv).
std::string summary_json_text(const detail::CaseloadSummary& s, const std::vector<std::string>& notes) {
  std::string out = "{\"rows\":" + std::to_string(s.rows) + ",\"decided\":" + std::to_string(s.decided) +
                    ",\"errors\":" + std::to_string(s.errors) + ",\"warned\":" + std::to_string(s.warned) +
                    ",\"error_kinds\":[";
  bool first = true;
  for (const auto& kind : s.error_kinds.sorted()) {
    if (!first) out += ',';
    first = false;
    out += "{\"kind\":";
    append_json(out, kind.text);
    out += ",\"rows\":" + std::to_string(kind.rows) + "}";
  }
  out += "],\"notes\":[";
  for (std::size_t i = 0; i < notes.size(); ++i) {
    if (i) out += ',';
    append_json(out, notes[i]);
  }
  out += "]}";
  return out;
}

// The threads a batch runs on: `jobs`, at least 1 and at most the machine's cores (a host's
// typo of a million jobs must not start a million threads).
unsigned threads_for(unsigned jobs) noexcept {
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  return std::clamp(jobs, 1u, cores);
}

// A memory stream (open_memstream) that frees its buffer unless it was handed out.
struct MemoryStream {
  char* data = nullptr;
  std::size_t size = 0;
  std::FILE* file = nullptr;
  MemoryStream() : file(open_memstream(&data, &size)) {}
  MemoryStream(const MemoryStream&) = delete;
  MemoryStream& operator=(const MemoryStream&) = delete;
  // Closes the stream (the text is complete in `data` then); false if writing failed.
  bool close() noexcept {
    if (file == nullptr) return true;
    const bool ok = std::fclose(file) == 0;
    file = nullptr;
    return ok;
  }
  ~MemoryStream() {
    close();
    std::free(data);
  }
};

}  // namespace
}  // namespace kadenz::capi

using namespace kadenz::capi;

extern "C" {

kadenz_status kadenz_evaluator_new(const kadenz_policy* policy, kadenz_evaluator** evaluator) {
  return guarded([&] {
    if (evaluator == nullptr) return null_argument("kadenz_evaluator_new", "evaluator");
    *evaluator = nullptr;
    if (policy == nullptr) return null_argument("kadenz_evaluator_new", "policy");
    *evaluator = new kadenz_evaluator(policy->policy);
    return KADENZ_OK;
  });
}

void kadenz_evaluator_free(kadenz_evaluator* evaluator) { delete evaluator; }

kadenz_status kadenz_evaluator_set(kadenz_evaluator* evaluator, const char* name, const char* value) {
  return guarded([&] {
    if (evaluator == nullptr) return null_argument("kadenz_evaluator_set", "evaluator");
    if (name == nullptr) return null_argument("kadenz_evaluator_set", "name");
    return set_fact(*evaluator, name, value);
  });
}

kadenz_status kadenz_evaluator_set_json(kadenz_evaluator* evaluator, const char* record_json) {
  return guarded([&] {
    if (evaluator == nullptr) return null_argument("kadenz_evaluator_set_json", "evaluator");
    if (record_json == nullptr) return null_argument("kadenz_evaluator_set_json", "record_json");
    Record record;
    if (const auto s = parse_record("kadenz_evaluator_set_json", record_json, record); s != KADENZ_OK) return s;
    return set_record(*evaluator, record);
  });
}

void kadenz_evaluator_reset(kadenz_evaluator* evaluator) {
  clear_error();
  if (evaluator == nullptr) return;
  evaluator->evaluator.reset();
  evaluator->error.clear();
  evaluator->failed = false;
}

kadenz_status kadenz_evaluator_evaluate(kadenz_evaluator* evaluator, const char* as_of, char** decision_json) {
  return guarded([&] {
    if (decision_json == nullptr) return null_argument("kadenz_evaluator_evaluate", "decision_json");
    *decision_json = nullptr;
    if (evaluator == nullptr) return null_argument("kadenz_evaluator_evaluate", "evaluator");
    if (as_of == nullptr) return null_argument("kadenz_evaluator_evaluate", "as_of");
    kadenz::Date day;
    if (const auto s = read_as_of("kadenz_evaluator_evaluate", as_of, day); s != KADENZ_OK) return s;
    return decide(*evaluator, day, decision_json);
  });
}

kadenz_status kadenz_evaluate_json(const kadenz_policy* policy, const char* record_json, const char* as_of,
                                   char** decision_json) {
  return guarded([&] {
    if (decision_json == nullptr) return null_argument("kadenz_evaluate_json", "decision_json");
    *decision_json = nullptr;
    if (policy == nullptr) return null_argument("kadenz_evaluate_json", "policy");
    if (record_json == nullptr) return null_argument("kadenz_evaluate_json", "record_json");
    if (as_of == nullptr) return null_argument("kadenz_evaluate_json", "as_of");
    kadenz::Date day;
    if (const auto s = read_as_of("kadenz_evaluate_json", as_of, day); s != KADENZ_OK) return s;
    Record record;
    if (const auto s = parse_record("kadenz_evaluate_json", record_json, record); s != KADENZ_OK) return s;
    kadenz_evaluator ev(policy->policy);
    set_record(ev, record);  // a refusal fails the record: decide() reports it
    return decide(ev, day, decision_json);
  });
}

kadenz_status kadenz_evaluate_pairs(const kadenz_policy* policy, const char* const* names, const char* const* values,
                                    size_t count, const char* as_of, char** decision_json) {
  return guarded([&] {
    if (decision_json == nullptr) return null_argument("kadenz_evaluate_pairs", "decision_json");
    *decision_json = nullptr;
    if (policy == nullptr) return null_argument("kadenz_evaluate_pairs", "policy");
    if (count > 0 && names == nullptr) return null_argument("kadenz_evaluate_pairs", "names");
    if (count > 0 && values == nullptr) return null_argument("kadenz_evaluate_pairs", "values");
    if (as_of == nullptr) return null_argument("kadenz_evaluate_pairs", "as_of");
    for (size_t i = 0; i < count; ++i)
      if (names[i] == nullptr) return null_argument("kadenz_evaluate_pairs", "names[i]");
    kadenz::Date day;
    if (const auto s = read_as_of("kadenz_evaluate_pairs", as_of, day); s != KADENZ_OK) return s;
    kadenz_evaluator ev(policy->policy);
    for (size_t i = 0; i < count; ++i) set_fact(ev, names[i], values[i]);  // a refusal fails the record
    return decide(ev, day, decision_json);
  });
}

kadenz_status kadenz_evaluate_csv(const kadenz_policy* policy, const char* csv_text, size_t length, const char* as_of,
                                  kadenz_row_format format, unsigned jobs, char** rows, char** summary_json) {
  namespace d = kadenz::detail;
  return guarded([&] {
    if (summary_json != nullptr) *summary_json = nullptr;
    if (rows == nullptr) return null_argument("kadenz_evaluate_csv", "rows");
    *rows = nullptr;
    if (policy == nullptr) return null_argument("kadenz_evaluate_csv", "policy");
    if (csv_text == nullptr) return null_argument("kadenz_evaluate_csv", "csv_text");
    if (as_of == nullptr) return null_argument("kadenz_evaluate_csv", "as_of");
    if (format != KADENZ_ROWS_CSV && format != KADENZ_ROWS_JSONL)
      return fail(KADENZ_ERROR_INVALID_ARGUMENT, "kadenz_evaluate_csv: unknown row format");
    kadenz::Date day;
    if (const auto s = read_as_of("kadenz_evaluate_csv", as_of, day); s != KADENZ_OK) return s;
    const d::Program& p = program_of(policy->policy);

    d::CsvReader reader(std::string_view(csv_text, length));
    reader.set_lang(p.voice.text);
    std::vector<std::string> header;
    std::string error;
    if (!reader.read_header(header, error)) return fail(KADENZ_ERROR_CASELOAD, error);
    d::ColumnBinding binding;
    if (!d::bind_columns(p, header, binding, error)) return fail(KADENZ_ERROR_CASELOAD, error);

    MemoryStream out;
    if (out.file == nullptr) throw std::bad_alloc();  // open_memstream fails only for want of memory
    d::CaseloadSummary summary;
    const bool ok = d::evaluate_caseload(p, reader, binding, d::days_from_civil(day.year, day.month, day.day),
                                         format == KADENZ_ROWS_JSONL ? d::OutputFormat::jsonl : d::OutputFormat::csv,
                                         out.file, summary, error, threads_for(jobs));
    if (!out.close() || !ok) return fail(KADENZ_ERROR_IO, error.empty() ? std::strerror(errno) : error);
    std::vector<std::string> notes = binding.notes;
    if (reader.guessed_cp1252()) notes.push_back(d::say(p.voice, d::Msg::capi_note_cp1252));
    CString summary_text;
    if (summary_json != nullptr) summary_text = c_string(summary_json_text(summary, notes));
    *rows = out.data;  // malloc'd by the stream: kadenz_free_string frees it
    out.data = nullptr;
    if (summary_json != nullptr) *summary_json = summary_text.release();
    return KADENZ_OK;
  });
}

}  // extern "C"
