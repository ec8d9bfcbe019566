// "Compile once, evaluate many" across threads: one immutable Program shared by many threads,
// each with its own Frame (or Evaluator, or CsvReader and output file), decides every record
// exactly as a single thread does. The sanitizer build runs these under ThreadSanitizer, which
// turns a hidden write to the shared Program into a report even when the results still agree.
//
// Catch2 2.x assertions are not thread-safe: worker threads only record what they saw, and the
// main thread asserts after joining them.
#include "support.hpp"

#include "bench/gen/common.hpp"
#include "interpreter/caseload/format_value.hpp"

#include <algorithm>
#include <cstdint>
#include <latch>
#include <map>
#include <numeric>
#include <random>
#include <set>
#include <thread>

using namespace kadenz;

namespace {

// Threads evaluating at once: more than the machine's cores, so that the scheduler interleaves
// them in the middle of records as well as between them.
constexpr unsigned kThreads = 8;

// Times each thread evaluates the whole caseload, each time in another order.
constexpr unsigned kRounds = 3;

// Records in the synthetic caseload: enough that every rule, warning and kind of row error
// occurs many times (the rarest are 1 in ~100 rows), small enough for a ThreadSanitizer run.
constexpr std::size_t kRecords = 3000;

// The evaluation date the generated dates are placed around.
constexpr std::string_view kAsOf = "2017-03-01";

const std::vector<std::string> kColumns = {
    "id",        "birth_date",   "status",         "profile",          "bfm",
    "massnahme", "arbeitsunfaehig", "foerderung",  "para10",           "german_ok",
    "last_contact", "profiling_date", "extension_months", "extension_reason", "closer_months"};

// The generators' random source (bench/gen/common.hpp): records replay from their seed.
using kadenz::bench::Rng;

// Cells for each column: mostly valid values in the spellings caseloads use, edges that decide
// outcomes at kAsOf (25th birthdays, month ends, the 6-month profiling limit), and a few invalid
// ones so that row errors (bad cells and failed `require`s) are part of the mix.
std::vector<std::string> make_record(std::size_t i, Rng& rng) {
  static const char* const kBirth[] = {"1980-05-05", "05.05.1980", "1.1.1970",   "1992-03-01", "1992-03-02",
                                       "1992-02-29", "2000-02-29", "1999-12-31", "1955-07-15", "2001-06-30",
                                       "29.02.1996", "1996-03-01", "1985-10-10", "1991-03-02", "1998-08-08"};
  static const char* const kBadBirth[] = {"2018-01-01", "31.02.1990", "", "gestern"};  // future: require fails
  static const char* const kStatus[] = {"arbeitslos", "arbeitslos", "arbeitsuchend", "ohne_status"};
  static const char* const kProfile[] = {"marktnah", "marktfern", "integriert_hilfebeduerftig",
                                         "zuordnung_nicht_erforderlich"};
  static const char* const kTrue[] = {"true", "ja", "1", "WAHR", "Ja"};
  static const char* const kFalse[] = {"false", "nein", "0", "falsch", "FALSE"};
  static const char* const kFoerderung[] = {"keine", "keine", "keine", "keine", "EGZ", "FAV"};
  static const char* const kContact[] = {"2016-11-30", "2016-12-31", "2017-01-31", "31.01.2017", "2016-08-31",
                                         "2017-02-28", "2016-09-15", "2015-12-01", "2017-03-01"};
  static const char* const kProfiling[] = {"2016-01-01", "2016-08-31", "2016-09-01", "2016-09-02",
                                           "2016-12-24", "2017-02-01", "01.09.2016"};
  static const char* const kExtension[] = {"0", "1", "2", "3", "6", "+2", "7", "-1", "x", "12"};
  static const char* const kReason[] = {"Pflege", "Krankheit, Reha", "Kinderbetreuung für Tochter",
                                        "\"Elternzeit\"", "=SUMME(A1)"};
  static const char* const kCloser[] = {"0", "1", "1", "2", "3", "7"};
  auto flag = [&](std::size_t percent_true) { return (rng.below(100) < percent_true) ? rng.pick(kTrue) : rng.pick(kFalse); };

  std::vector<std::string> r(kColumns.size());
  r[0] = "K" + std::to_string(i);
  r[1] = (rng.below(100) < 3) ? rng.pick(kBadBirth) : rng.pick(kBirth);
  r[2] = (rng.below(100) < 1) ? "Arbeitslos" : rng.pick(kStatus);
  r[3] = (rng.below(100) < 1) ? "markt-nah" : rng.pick(kProfile);
  r[4] = flag(10);
  r[5] = flag(30);
  r[6] = flag(8);
  r[7] = rng.pick(kFoerderung);
  r[8] = (rng.below(100) < 1) ? "vielleicht" : flag(5);
  r[9] = flag(80);
  r[10] = (rng.below(100) < 20) ? "" : rng.pick(kContact);
  r[11] = (rng.below(100) < 50) ? "" : rng.pick(kProfiling);
  r[12] = (rng.below(100) < 70) ? "" : rng.pick(kExtension);
  r[13] = (rng.below(100) < 60) ? "" : rng.pick(kReason);
  r[14] = (rng.below(100) < 80) ? "" : rng.pick(kCloser);
  return r;
}

std::vector<std::vector<std::string>> make_records() {
  Rng rng(20170301);
  std::vector<std::vector<std::string>> records;
  for (std::size_t i = 0; i < kRecords; ++i) records.push_back(make_record(i, rng));
  return records;
}

// The records as caseload CSV (RFC 4180 quoting, LF line ends).
std::string to_csv(const std::vector<std::vector<std::string>>& records) {
  auto line = [](std::string& out, const std::vector<std::string>& cells) {
    for (std::size_t c = 0; c < cells.size(); ++c) {
      if (c) out += ',';
      const std::string& v = cells[c];
      if (v.find_first_of(",\"\r\n") == std::string::npos) {
        out += v;
        continue;
      }
      out += '"';
      for (char ch : v) {
        if (ch == '"') out += '"';
        out += ch;
      }
      out += '"';
    }
    out += '\n';
  };
  std::string csv;
  line(csv, kColumns);
  for (const auto& r : records) line(csv, r);
  return csv;
}

// One record's decision as text, comparable across threads.
struct Result {
  bool decided = false;
  std::vector<std::string> outputs;
  std::string rule, source, warnings, error;
  bool operator==(const Result&) const = default;
};

std::string describe(const Result& r) {
  if (!r.decided) return "error: " + r.error;
  std::string s;
  for (const auto& o : r.outputs) s += o + ",";
  return s + " rule " + r.rule + " " + r.source + ", warnings: " + r.warnings;
}

// Reads the record's cells into `frame` and evaluates it, as evaluate_caseload does (every bad
// cell's message, joined with "; "). `frame` must have been prepared for `p`, with as_of set.
Result evaluate_row(const detail::Program& p, const detail::ColumnBinding& binding, const std::vector<std::string>& row,
                    detail::Frame& frame, std::string& cell_error) {
  detail::reset_record(p, frame);
  bool ok = true;
  for (std::size_t f = 0; f < p.facts.size(); ++f) {
    const auto col = binding.fact_column[f];
    const std::string_view cell = col >= 0 ? std::string_view(row[static_cast<std::size_t>(col)]) : "";
    if (!detail::parse_cell(p.facts[f], p.enums, cell, frame.slots[f], cell_error, p.voice.text)) {
      if (!frame.error.empty()) frame.error += "; ";
      frame.error += cell_error;
      ok = false;
    }
  }
  if (ok) ok = detail::evaluate_record(p, frame);
  Result r;
  r.decided = ok;
  if (!ok) {
    r.error = frame.error;
    return r;
  }
  for (const auto& o : p.outputs) {
    r.outputs.emplace_back();
    detail::append_value(r.outputs.back(), p, o.type, frame.slots[o.slot]);
  }
  for (std::size_t t = 0; t < p.tables.size(); ++t) {
    const auto chosen = frame.table_rule[t];
    if (chosen < 0) continue;
    const auto& rule = p.tables[t].rules[static_cast<std::size_t>(chosen)];
    r.rule += (r.rule.empty() ? "" : "; ") + rule.name;
    r.source += (r.source.empty() ? "" : "; ") + rule.section;
  }
  for (const auto& w : frame.warning_texts) {
    if (!r.warnings.empty()) r.warnings += "; ";
    r.warnings.append(w.p, w.n);
  }
  return r;
}

std::shared_ptr<const detail::Program> coburg_program() {
  const Compiled c = compile_policy("coburg", test::read_file(test::source_path("policies/coburg-land-2017.kadenz")));
  REQUIRE(c.ok());
  return kadenz::detail::program_of(c);
}

std::int32_t as_of_day() {
  const auto day = detail::parse_date(kAsOf);
  REQUIRE(day.has_value());
  return *day;
}

// What a worker thread saw: how many records it compared and the first few that differed.
struct Report {
  std::size_t compared = 0, mismatches = 0;
  std::vector<std::string> first;
  void mismatch(std::string what) {
    if (++mismatches <= 3) first.push_back(std::move(what));
  }
};

// Asserts (in the main thread) that no worker saw a difference and each compared `expected`.
void check_reports(const std::vector<Report>& reports, std::size_t expected) {
  for (std::size_t t = 0; t < reports.size(); ++t) {
    std::string seen;
    for (const auto& w : reports[t].first) seen += "\n  " + w;
    INFO("thread " << t << seen);
    CHECK(reports[t].mismatches == 0);
    CHECK(reports[t].compared == expected);
  }
}

// Runs `work(t)` for t in [0, count) on `count` threads released together, so that their
// evaluations overlap.
template <class Work>
void run_threads(unsigned count, Work work) {
  std::latch start(static_cast<std::ptrdiff_t>(count));
  std::vector<std::thread> threads;
  for (unsigned t = 0; t < count; ++t) {
    threads.emplace_back([&start, &work, t] {
      start.arrive_and_wait();
      work(t);
    });
  }
  for (auto& th : threads) th.join();
}

std::string slurp(std::FILE* f) {
  std::string s;
  std::rewind(f);
  char buf[1 << 14];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) s.append(buf, n);
  return s;
}

// Evaluates `csv` with evaluate_caseload into a fresh temporary file and returns its bytes, or
// a line starting with "FAILED" (no Catch2 assertions: this runs in worker threads).
std::string run_caseload(const detail::Program& p, const std::string& csv, std::int32_t as_of, detail::OutputFormat format,
                         bool from_file, std::size_t chunk_size) {
  std::FILE* in = nullptr;
  if (from_file) {
    in = std::tmpfile();
    if (!in || std::fwrite(csv.data(), 1, csv.size(), in) != csv.size()) return "FAILED: cannot write the input";
    std::rewind(in);
  }
  std::string result;
  {
    std::unique_ptr<detail::CsvReader> reader =
        from_file ? std::make_unique<detail::CsvReader>(in, chunk_size)
                  : std::make_unique<detail::CsvReader>(std::string_view(csv), chunk_size);
    std::vector<std::string> header;
    std::string error;
    detail::ColumnBinding binding;
    std::FILE* out = std::tmpfile();
    detail::CaseloadSummary summary;
    if (!out) {
      result = "FAILED: no temporary file";
    } else if (!reader->read_header(header, error) || !detail::bind_columns(p, header, binding, error) ||
               !detail::evaluate_caseload(p, *reader, binding, as_of, format, out, summary, error)) {
      result = "FAILED: " + error;
    } else {
      result = slurp(out);
    }
    if (out) std::fclose(out);
  }
  if (in) std::fclose(in);
  return result;
}

}  // namespace

TEST_CASE("threads: 8 threads sharing one Program decide every record as one thread does", "[threads]") {
  const std::shared_ptr<const detail::Program> program = coburg_program();
  const auto records = make_records();
  detail::ColumnBinding binding;
  std::string error;
  REQUIRE(detail::bind_columns(*program, kColumns, binding, error));
  const std::int32_t as_of = as_of_day();

  // The reference: one thread, one frame, input order.
  std::vector<Result> expected;
  {
    detail::Frame frame;
    detail::prepare_frame(*program, frame);
    frame.slots[program->as_of_slot].i = as_of;
    std::string cell_error;
    for (const auto& r : records) expected.push_back(evaluate_row(*program, binding, r, frame, cell_error));
  }

  // The mix covers every rule, both warnings, bad cells and failed `require`s; otherwise the
  // threads would agree on too little to mean anything.
  std::map<std::string, std::size_t> rules;
  std::size_t decided = 0, cell_errors = 0, require_errors = 0, warned = 0, two_warnings = 0;
  std::set<std::string> warnings;
  for (const auto& r : expected) {
    if (r.decided) {
      ++decided;
      ++rules[r.rule];
    } else if (r.error.find(": liegt nach") != std::string::npos || r.error.find("höchstens") != std::string::npos ||
               r.error.find("mindestens") != std::string::npos || r.error.find("zwischen") != std::string::npos ||
               r.error.find("braucht") != std::string::npos || r.error.find("schließen") != std::string::npos) {
      ++require_errors;
    } else {
      ++cell_errors;
    }
    if (!r.warnings.empty()) {
      ++warned;
      warnings.insert(r.warnings);
      if (r.warnings.find("; ") != std::string::npos) ++two_warnings;
    }
  }
  INFO(decided << " decided, " << cell_errors << " bad cells, " << require_errors << " failed requires, " << warned
               << " warned");
  for (const char* rule : {"bfm", "u25", "marktnah", "marktfern", "massnahme", "arbeitsuchend", "ohne_status"}) {
    INFO("rule " << rule);
    CHECK(rules[rule] >= 10);
  }
  CHECK(cell_errors >= 50);
  CHECK(require_errors >= 50);
  CHECK(two_warnings >= 1);
  CHECK(warnings.size() >= 3);  // each warning alone and both together

  // kThreads threads, each with its own frame and its own order per round (even threads shuffle,
  // odd ones walk a rotation of the input backwards and forwards), all sharing the one Program
  // through the same shared_ptr (each holds a copy, as a host's workers would).
  std::vector<Report> reports(kThreads);
  run_threads(kThreads, [&, program](unsigned t) {
    const std::shared_ptr<const detail::Program> mine = program;
    const detail::Program& p = *mine;
    Report& report = reports[t];
    detail::Frame frame;
    detail::prepare_frame(p, frame);
    frame.slots[p.as_of_slot].i = as_of;
    std::string cell_error;
    std::vector<std::size_t> order(records.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::rotate(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(t * records.size() / kThreads), order.end());
    std::mt19937_64 shuffle_rng(1000 + t);
    for (unsigned round = 0; round < kRounds; ++round) {
      if (t % 2 == 1) std::reverse(order.begin(), order.end());
      else std::shuffle(order.begin(), order.end(), shuffle_rng);
      for (const std::size_t i : order) {
        const Result r = evaluate_row(p, binding, records[i], frame, cell_error);
        ++report.compared;
        if (!(r == expected[i])) {
          report.mismatch("record " + std::to_string(i) + " round " + std::to_string(round) + ": got " + describe(r) +
                          ", expected " + describe(expected[i]));
        }
      }
    }
  });
  check_reports(reports, kRounds * records.size());
}

TEST_CASE("threads: evaluate_caseload on several threads writes the same bytes as on one", "[threads]") {
  const std::shared_ptr<const detail::Program> program = coburg_program();
  const auto records = make_records();
  const std::string csv = to_csv(records);

  const std::int32_t as_of = as_of_day();
  const std::string expected_csv =
      run_caseload(*program, csv, as_of, detail::OutputFormat::csv, false, std::size_t{1} << 20);
  const std::string expected_jsonl =
      run_caseload(*program, csv, as_of, detail::OutputFormat::jsonl, false, std::size_t{1} << 20);
  REQUIRE(expected_csv.rfind("FAILED", 0) != 0);
  REQUIRE(expected_jsonl.rfind("FAILED", 0) != 0);

  // The caseload path decides as the frame path of the test above (so comparing the threads'
  // outputs compares decisions, not just bytes).
  {
    detail::ColumnBinding binding;
    std::string error;
    REQUIRE(detail::bind_columns(*program, kColumns, binding, error));
    detail::Frame frame;
    detail::prepare_frame(*program, frame);
    frame.slots[program->as_of_slot].i = as_of;
    detail::CsvReader out{std::string_view(expected_csv)};
    std::vector<std::string> header;
    REQUIRE(out.read_header(header, error));
    REQUIRE(header.size() == 1 + program->outputs.size() + 4);
    detail::CsvReader::Record rec;
    std::string cell_error;
    std::size_t rows = 0;
    while (out.next(rec)) {
      REQUIRE(rows < records.size());
      const Result r = evaluate_row(*program, binding, records[rows], frame, cell_error);
      std::vector<std::string> want{records[rows][0]};
      for (std::size_t o = 0; o < program->outputs.size(); ++o) want.push_back(r.decided ? r.outputs[o] : "");
      for (const auto* s : {&r.rule, &r.source, &r.warnings, &r.error}) want.push_back(*s);
      INFO("record " << rows);
      REQUIRE(std::vector<std::string>(rec.fields.begin(), rec.fields.end()) == want);
      ++rows;
    }
    CHECK(rows == records.size());
  }

  // Each thread: its own reader (memory or file, large or small chunks), its own output file,
  // CSV or JSON Lines; every run must write exactly the single-threaded bytes.
  constexpr unsigned kCaseloadThreads = 6;
  constexpr unsigned kCaseloadRounds = 2;
  std::vector<Report> reports(kCaseloadThreads);
  run_threads(kCaseloadThreads, [&, program](unsigned t) {
    const auto format = t % 2 == 0 ? detail::OutputFormat::csv : detail::OutputFormat::jsonl;
    const std::string& expected = format == detail::OutputFormat::csv ? expected_csv : expected_jsonl;
    const bool from_file = (t / 2) % 2 == 1;
    const std::size_t chunk = t >= 4 ? 777 : std::size_t{1} << 20;  // small chunks: many refills
    for (unsigned round = 0; round < kCaseloadRounds; ++round) {
      const std::string got = run_caseload(*program, csv, as_of, format, from_file, chunk);
      ++reports[t].compared;
      if (got != expected) {
        const auto diff = std::mismatch(got.begin(), got.end(), expected.begin(), expected.end());
        reports[t].mismatch("round " + std::to_string(round) + ": output differs at byte " +
                            std::to_string(diff.first - got.begin()) + " (" + std::to_string(got.size()) + " vs " +
                            std::to_string(expected.size()) + " bytes)" + (got.rfind("FAILED", 0) == 0 ? ": " + got : ""));
      }
    }
  });
  check_reports(reports, kCaseloadRounds);
}

TEST_CASE("threads: Evaluators on 8 threads sharing one Policy decide as one Evaluator does", "[threads]") {
  const Compiled c = compile_policy("coburg", test::read_file(test::source_path("policies/coburg-land-2017.kadenz")));
  REQUIRE(c.ok());
  const Policy policy = c.policy();
  const auto records = make_records();
  std::vector<std::size_t> fact_of_column;
  for (const auto& column : kColumns) fact_of_column.push_back(policy.find_fact(column));

  auto decide = [&](Evaluator& ev, const std::vector<std::string>& row) {
    ev.reset();
    for (std::size_t col = 0; col < row.size(); ++col) ev.set(fact_of_column[col], row[col]);
    const Decision& d = ev.evaluate(Date{2017, 3, 1});
    Result r;
    r.decided = d.decided;
    r.error = d.error;
    if (d.decided) {
      r.outputs = d.outputs;
      r.rule = d.rule;
      r.source = d.section;
      for (auto w : d.warnings) r.warnings += (r.warnings.empty() ? "" : "; ") + std::string(w);
    }
    return r;
  };

  std::vector<Result> expected;
  {
    Evaluator ev(policy);
    for (const auto& r : records) expected.push_back(decide(ev, r));
  }
  // Decided records agree with the frame path (the Evaluator reports only the first bad cell,
  // so undecided ones may word their error differently).
  {
    detail::ColumnBinding binding;
    std::string error;
    REQUIRE(detail::bind_columns(*kadenz::detail::program_of(policy), kColumns, binding, error));
    detail::Frame frame;
    detail::prepare_frame(*kadenz::detail::program_of(policy), frame);
    frame.slots[kadenz::detail::program_of(policy)->as_of_slot].i = as_of_day();
    std::string cell_error;
    for (std::size_t i = 0; i < records.size(); ++i) {
      const Result r = evaluate_row(*kadenz::detail::program_of(policy), binding, records[i], frame, cell_error);
      INFO("record " << i);
      REQUIRE(r.decided == expected[i].decided);
      if (r.decided) REQUIRE(r == expected[i]);
    }
  }

  std::vector<Report> reports(kThreads);
  run_threads(kThreads, [&, policy](unsigned t) {
    Evaluator ev(policy);  // copies the Policy: the shared_ptr's count changes on every thread
    std::vector<std::size_t> order(records.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::mt19937_64 shuffle_rng(2000 + t);
    for (unsigned round = 0; round < kRounds; ++round) {
      std::shuffle(order.begin(), order.end(), shuffle_rng);
      for (const std::size_t i : order) {
        const Result r = decide(ev, records[i]);
        ++reports[t].compared;
        if (!(r == expected[i])) {
          reports[t].mismatch("record " + std::to_string(i) + ": got " + describe(r) + ", expected " +
                              describe(expected[i]));
        }
      }
    }
  });
  check_reports(reports, kRounds * records.size());
}

TEST_CASE("threads: eval --jobs N writes byte for byte what one job writes, in input order", "[threads]") {
  const std::string policy = test::read_file(test::source_path("policies/coburg-land-2017.kadenz"));
  // more rows than two rounds of batches on 3 jobs, with every kind of row (the example
  // caseload repeated, ids made unique)
  const auto rows = test::parse_csv(test::read_file(test::source_path("examples/caseload.csv")));
  std::string csv;
  for (std::size_t c = 0; c < rows[0].size(); ++c) csv += (c ? "," : "") + rows[0][c];
  csv += '\n';
  for (std::size_t copy = 0; csv.size() < 8u * 1024 * 1024; ++copy) {
    for (std::size_t r = 1; r < rows.size(); ++r) {
      std::string line = rows[r][0] + "-" + std::to_string(copy);
      for (std::size_t c = 1; c < rows[r].size(); ++c) {
        const std::string& v = rows[r][c];
        line += ',';
        if (v.find_first_of(",\"\n") != std::string::npos) {
          line += '"';
          for (char ch : v) line += ch == '"' ? std::string("\"\"") : std::string(1, ch);
          line += '"';
        } else {
          line += v;
        }
      }
      csv += line + "\n";
    }
  }
  const auto one = test::eval_text(policy, csv, "2017-03-01", detail::OutputFormat::csv, 1);
  REQUIRE(one.summary.rows > 3 * 8192 * 2);
  for (unsigned jobs : {2u, 3u, 8u}) {
    INFO("jobs " << jobs);
    const auto many = test::eval_text(policy, csv, "2017-03-01", detail::OutputFormat::csv, jobs);
    CHECK(many.output == one.output);
    CHECK(many.summary.rows == one.summary.rows);
    CHECK(many.summary.decided == one.summary.decided);
    CHECK(many.summary.errors == one.summary.errors);
    CHECK(many.summary.warned == one.summary.warned);
  }
  const auto json1 = test::eval_text(policy, csv, "2017-03-01", detail::OutputFormat::jsonl, 1);
  const auto json4 = test::eval_text(policy, csv, "2017-03-01", detail::OutputFormat::jsonl, 4);
  CHECK(json4.output == json1.output);
}
