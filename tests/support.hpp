// Helpers shared by the tests: compile policy text, evaluate CSV text, read/compare golden files.
#pragma once

#include <kadenz/kadenz.hpp>

#include "interpreter/caseload/cells.hpp"
#include "interpreter/caseload/run.hpp"
#include "interpreter/compile/program.hpp"
#include "interpreter/pipeline/policy_access.hpp"
#include "stdlib/date.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace kadenz::test {

inline std::string source_path(const std::string& relative) { return std::string(KADENZ_SOURCE_DIR) + "/" + relative; }

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

// Compares `actual` with the golden file at `path`. With KADENZ_RESET_GOLDEN=1 in the
// environment the file is rewritten instead (then review the change with `git diff`).
inline void check_golden(const std::string& path, const std::string& actual) {
  if (const char* reset = std::getenv("KADENZ_RESET_GOLDEN"); reset && std::string(reset) == "1") {
    write_file(path, actual);
    return;
  }
  INFO("golden file " << path << " (KADENZ_RESET_GOLDEN=1 ctest rewrites it; review with git diff)");
  REQUIRE(std::filesystem::exists(path));
  CHECK(read_file(path) == actual);
}

// A variant of the shipped policy (copied next to it as coburg.kadenz): marktnah Ü25
// customers monthly instead of every 2 months. Used by the variant and report tests.
inline constexpr const char* kMarktnahMonthly = R"(extends "coburg.kadenz"
policy "Variante: marktnah monatlich"
table base_interval
  replace rule marktnah §2.2.2
    when not u25 and status = arbeitslos and profile = marktnah
    then 1 month
end
)";

// Reads the header of `reader` (REQUIRE that it can be read).
inline std::vector<std::string> header_of(detail::CsvReader& reader) {
  std::vector<std::string> header;
  std::string error;
  REQUIRE(reader.read_header(header, error));
  return header;
}

// Binds a header to a program's facts (REQUIRE that it binds).
inline detail::ColumnBinding bind_header(const detail::Program& program, const std::vector<std::string>& header) {
  detail::ColumnBinding binding;
  std::string error;
  REQUIRE(detail::bind_columns(program, header, binding, error));
  return binding;
}

// A minimal policy header (name and validity), so tests can write only what they test.
inline std::string with_header(const std::string& body) {
  return "policy \"test\"\n  valid from 2017-01-01\n" + body;
}

struct EvalRun {
  bool compiled = false;
  std::string diagnostics;  // rendered, if compiling failed
  bool read = false;        // the header could be bound
  std::string error;        // input error (header)
  std::string output;
  detail::CaseloadSummary summary;
};

// Evaluates `csv` with a compiled program at `as_of` (ISO), in the given format (a program
// without register code is evaluated node by node).
inline EvalRun eval_program(const detail::Program& program, const std::string& csv,
                            detail::OutputFormat format = detail::OutputFormat::csv,
                            const std::string& as_of = "2017-03-01", unsigned jobs = 1) {
  EvalRun run;
  run.compiled = true;
  detail::CsvReader reader{std::string_view(csv)};
  std::vector<std::string> header;
  if (!reader.read_header(header, run.error)) return run;
  detail::ColumnBinding binding;
  if (!detail::bind_columns(program, header, binding, run.error)) return run;
  run.read = true;
  std::FILE* out = std::tmpfile();
  REQUIRE(out != nullptr);
  const auto day = detail::parse_date(as_of);
  REQUIRE(day.has_value());
  REQUIRE(detail::evaluate_caseload(program, reader, binding, *day, format, out, run.summary, run.error, jobs));
  std::rewind(out);
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, out)) > 0) run.output.append(buf, n);
  std::fclose(out);
  return run;
}

// Compiles `policy` and evaluates `csv` with it at `as_of` (ISO), in the given format.
inline EvalRun eval_text(const std::string& policy, const std::string& csv, const std::string& as_of = "2017-03-01",
                         detail::OutputFormat format = detail::OutputFormat::csv, unsigned jobs = 1) {
  const Compiled c = compile_policy("test.kadenz", policy);
  if (!c.ok()) {
    EvalRun run;
    run.diagnostics = render_text(*c.source, c.diagnostics);
    return run;
  }
  return eval_program(*kadenz::detail::program_of(c), csv, format, as_of, jobs);
}

// Compiles and returns the rendered diagnostics ("" if none).
inline std::string diagnostics_of(const std::string& policy, const std::string& name = "test.kadenz") {
  const Compiled c = compile_policy(name, policy);
  return c.diagnostics.empty() ? std::string() : render_text(*c.source, c.diagnostics);
}

// Parses CSV text (with the project's reader) into rows of strings, header first.
inline std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  detail::CsvReader reader{std::string_view(text)};
  std::vector<std::vector<std::string>> rows(1);
  std::string error;
  REQUIRE(reader.read_header(rows[0], error));
  detail::CsvReader::Record rec;
  while (reader.next(rec)) rows.emplace_back(rec.fields.begin(), rec.fields.end());
  return rows;
}

// The output rows without the header line.
inline std::string rows_of(const EvalRun& run) {
  const auto nl = run.output.find('\n');
  return nl == std::string::npos ? std::string() : run.output.substr(nl + 1);
}

}  // namespace kadenz::test
