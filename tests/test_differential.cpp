// Differential tests: `kadenz eval` running policies/coburg-land-2017.kadenz must decide every row
// of a synthetic caseload exactly as the hand-written reference (bench/reference) does, and the
// reference itself must match decisions derived by hand from docs/reading.md.
//
// The caseloads come from bench/gen/caseload_gen (deterministic by seed) and live in a temporary
// directory that is removed afterwards. Outputs are compared column by column; for `error` only
// "empty vs non-empty" must agree, because the two implementations word messages differently.
// Mismatches are reported as row, id and column with the two cell values, never whole records.
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace {

namespace fs = std::filesystem;

// Rows per generated caseload: enough that every edge case of the generator occurs many times
// (each is at least 1 in 500 rows), small enough that a test run stays around a second.
constexpr long kRows = 20000;

// At most this many differing cells are listed in a failure message; the rest are counted.
constexpr int kMaxReported = 12;

const std::vector<std::string> kOutputHeader = {
    "id",   "code",   "interval_months", "next_due", "overdue", "appointment_minutes",
    "rule", "source", "warnings",        "error"};
constexpr std::size_t kErrorColumn = 9;

const fs::path kGenerator = fs::path(KADENZ_BINARY_DIR) / "bench" / "caseload_gen";
const fs::path kReference = fs::path(KADENZ_BINARY_DIR) / "bench" / "coburg_reference";
const fs::path kPolicy = fs::path(KADENZ_SOURCE_DIR) / "policies" / "coburg-land-2017.kadenz";

// A fresh directory under the system's temp directory, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::random_device entropy;
    const auto now = std::chrono::steady_clock::now().time_since_epoch().count();
    for (unsigned attempt = 0;; ++attempt) {
      path_ = fs::temp_directory_path() /
              ("kadenz-differential-" + std::to_string(entropy()) + "-" + std::to_string(now) +
               "-" + std::to_string(attempt));
      if (fs::create_directory(path_)) break;
    }
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  fs::path operator/(const std::string& name) const { return path_ / name; }

 private:
  fs::path path_;
};

std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) {
    if (c == '\'') q += "'\\''";
    else q += c;
  }
  q += '\'';
  return q;
}

// Runs a command through the shell with stdout and stderr sent to files; returns its exit code
// (-1 if it did not exit normally).
int run(const std::vector<std::string>& argv, const fs::path& out, const fs::path& err) {
  std::string cmd;
  for (const auto& a : argv) cmd += shell_quote(a) + ' ';
  cmd += "> " + shell_quote(out.string()) + " 2> " + shell_quote(err.string());
  const int status = std::system(cmd.c_str());
  if (status == -1 || !WIFEXITED(status)) return -1;
  return WEXITSTATUS(status);
}

// The whole file, or an empty string if it cannot be read.
std::string read_file(const fs::path& p) {
  std::error_code ec;
  const auto size = fs::file_size(p, ec);
  if (ec) return {};
  std::string text(static_cast<std::size_t>(size), '\0');
  std::ifstream in(p, std::ios::binary);
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  return text;
}

// The first lines of a tool's stderr, for a failure message.
std::string head(const fs::path& p, int lines = 10) {
  std::istringstream in(read_file(p));
  std::string line;
  std::string text;
  for (int i = 0; i < lines && std::getline(in, line); ++i) text += "  " + line + '\n';
  return text.empty() ? "  (nothing on stderr)\n" : text;
}

using Table = std::vector<std::vector<std::string>>;

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

// Parses the output format of the contract: ',' delimiter, LF line ends, RFC 4180 quoting
// (quoted fields may hold line breaks). Returns an empty string or what is wrong with the text.
std::string parse_output_csv(const std::string& text, Table& rows) {
  rows.clear();
  std::vector<std::string> row;
  std::string field;
  long line = 1;
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (i < n) {
    // One field.
    field.clear();
    if (text[i] == '"') {
      ++i;
      for (;;) {
        if (i == n) return "line " + std::to_string(line) + ": unterminated quoted field";
        if (text[i] == '"') {
          if (i + 1 < n && text[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        if (text[i] == '\n') ++line;
        field += text[i++];
      }
      if (i < n && text[i] != ',' && text[i] != '\n')
        return "line " + std::to_string(line) + ": text after a closing quote";
    } else {
      while (i < n && text[i] != ',' && text[i] != '\n') {
        if (text[i] == '\r') return "line " + std::to_string(line) + ": CR outside quotes "
                                    "(the output must have LF line ends)";
        if (text[i] == '"') return "line " + std::to_string(line) + ": quote in unquoted field";
        field += text[i++];
      }
    }
    row.push_back(field);
    if (i == n || text[i] == '\n') {
      rows.push_back(std::move(row));
      row.clear();
      ++line;
    }
    if (i < n) ++i;  // the ',' or '\n'
    // A ',' at the very end still owes its last (empty) field.
    if (i == n && text[n - 1] == ',') {
      row.emplace_back();
      rows.push_back(std::move(row));
    }
  }
  return {};
}

// Whether two output ids name the same input row, allowing for the two questions a row's id
// can legitimately raise (surrounding blanks, the formula guard), which are then reported as a
// difference in the id column rather than as rows out of step.
bool same_customer(const std::string& got, const std::string& want) {
  const std::string g = trim(got);
  const std::string w = trim(want);
  return g == w || (!g.empty() && g[0] == '\'' && g.compare(1, std::string::npos, w) == 0) ||
         (!w.empty() && w[0] == '\'' && w.compare(1, std::string::npos, g) == 0);
}

// Compares a tool's decisions with the expected ones. Returns an empty string when they agree,
// else a report of the first differing cells.
std::string compare(const Table& got, const Table& want, const std::string& got_name,
                    const std::string& want_name) {
  std::ostringstream report;
  if (got.empty() || got[0] != kOutputHeader) {
    report << got_name << ": the header is not exactly id,code,interval_months,next_due,overdue,"
                          "appointment_minutes,rule,source,warnings,error (no BOM)\n";
    return report.str();
  }
  if (got.size() != want.size()) {
    report << got_name << " has " << got.size() - 1 << " data rows, " << want_name << " has "
           << want.size() - 1 << '\n';
  }
  const std::size_t rows = std::min(got.size(), want.size());
  std::map<std::string, long> per_column;
  long differing_rows = 0;
  int reported = 0;
  for (std::size_t r = 1; r < rows; ++r) {
    const auto& g = got[r];
    const auto& w = want[r];
    const std::string id = w.empty() ? std::string() : w[0];
    if (g.size() != kOutputHeader.size()) {
      ++differing_rows;
      ++per_column["(field count)"];
      if (reported++ < kMaxReported)
        report << "row " << r << " (id " << id << "): " << got_name << " wrote " << g.size()
               << " fields\n";
      continue;
    }
    // Different ids (beyond surrounding blanks) mean the rows are out of step: a row was
    // dropped, added or reordered, and every later comparison would be noise.
    if (!same_customer(g[0], w[0])) {
      report << "row " << r << ": rows out of step from here (" << got_name << " id '" << g[0]
             << "', " << want_name << " id '" << w[0]
             << "'): a row was dropped, added or reordered\n";
      ++differing_rows;
      break;
    }
    // When only one side has an error, every other column differs as a consequence: report the
    // error cell alone.
    const bool error_differs = g[kErrorColumn].empty() != w[kErrorColumn].empty();
    bool row_differs = false;
    for (std::size_t c = 0; c < kOutputHeader.size(); ++c) {
      const bool same = c == kErrorColumn ? !error_differs : error_differs || g[c] == w[c];
      if (same) continue;
      row_differs = true;
      ++per_column[kOutputHeader[c]];
      if (reported++ >= kMaxReported) continue;
      report << "row " << r << " (id " << id << "): " << kOutputHeader[c] << ": ";
      if (c == kErrorColumn && g[c].empty())
        report << got_name << " decided the row, " << want_name << " has an error";
      else if (c == kErrorColumn)
        report << got_name << " reports an error (" << g[c].substr(0, 100) << "), " << want_name
               << " decided the row";
      else
        report << got_name << " '" << g[c] << "', " << want_name << " '" << w[c] << "'";
      report << '\n';
    }
    if (row_differs) ++differing_rows;
  }
  if (differing_rows > 0) {
    report << differing_rows << " of " << rows - 1 << " rows differ";
    if (!per_column.empty()) report << "; differing cells per column:";
    for (const auto& [column, count] : per_column) report << ' ' << column << '=' << count;
    report << '\n';
  }
  return report.str();
}

void require_bench_tools() {
  INFO("the differential tests need the bench tools; build the targets caseload_gen and "
       "coburg_reference (KADENZ_BUILD_BENCH=ON), expected at "
       << kGenerator.parent_path().string());
  REQUIRE(fs::exists(kGenerator));
  REQUIRE(fs::exists(kReference));
}

// Output of the reference on `input`, parsed; fails the test if the reference fails.
Table run_reference(const TempDir& dir, const fs::path& input, const std::string& as_of) {
  const fs::path out = dir / "reference.csv";
  const fs::path err = dir / "reference.err";
  const int code = run({kReference.string(), "--as-of", as_of, input.string()}, out, err);
  INFO("coburg_reference exited with " << code << ":\n" << head(err));
  REQUIRE(code == 0);
  Table table;
  const std::string problem = parse_output_csv(read_file(out), table);
  INFO("coburg_reference output: " << problem);
  REQUIRE(problem.empty());
  return table;
}

// Output of `kadenz eval` on `input`, parsed; fails the test if there is no readable output. The
// exit code is not checked: the CLI may signal "some rows had errors" through it.
Table run_kadenz(const TempDir& dir, const fs::path& input, const std::string& as_of) {
  const fs::path out = dir / "kadenz.csv";
  const fs::path log = dir / "kadenz.stdout";
  const fs::path err = dir / "kadenz.err";
  const int code = run({KADENZ_CLI, "eval", kPolicy.string(), input.string(), "--as-of", as_of,
                        "-o", out.string()},
                       log, err);
  INFO("kadenz eval exited with " << code << "; stderr:\n" << head(err));
  REQUIRE(fs::exists(out));
  Table table;
  const std::string problem = parse_output_csv(read_file(out), table);
  INFO("kadenz eval output: " << problem);
  REQUIRE(problem.empty());
  return table;
}

struct Scenario {
  const char* format;  // "iso" or "german"
  const char* as_of;
  int seed;
  int errors_per_mille;
};

// Generates the scenario's caseload, runs both implementations and compares their decisions.
void check_scenario(const Scenario& s) {
  require_bench_tools();
  const TempDir dir;
  const fs::path input = dir / "caseload.csv";
  std::vector<std::string> args = {kGenerator.string(), "--rows", std::to_string(kRows),
                                   "--seed", std::to_string(s.seed), "--as-of", s.as_of,
                                   "--errors", std::to_string(s.errors_per_mille)};
  if (std::string_view(s.format) == "german") args.emplace_back("--german");
  {
    const int code = run(args, input, dir / "gen.err");
    INFO("caseload_gen exited with " << code << ":\n" << head(dir / "gen.err"));
    REQUIRE(code == 0);
  }

  const Table reference = run_reference(dir, input, s.as_of);
  REQUIRE(reference.size() == static_cast<std::size_t>(kRows) + 1);
  const Table kadenz = run_kadenz(dir, input, s.as_of);

  const std::string report = compare(kadenz, reference, "kadenz", "reference");
  INFO("scenario: " << s.format << " caseload, seed " << s.seed << ", as_of " << s.as_of
                    << ", " << s.errors_per_mille << " permille broken cells\n"
                    << report);
  CHECK(report.empty());
}

// ---------------------------------------------------------------------------------------------
// Hand-derived decisions. Each expected row was worked out from docs/reading.md by hand (the comment
// says why); "!" in the error column means "some error". as_of is 2017-03-01 unless a block says
// otherwise. The input exercises an extra column, a blank line, quoted cells with the delimiter,
// quotes and a line break, blanks around values, mixed-case booleans and both date spellings.

const char* const kHandInputIso =
    "extra,id,birth_date,status,profile,bfm,massnahme,arbeitsunfaehig,foerderung,para10,"
    "german_ok,last_contact,profiling_date,extension_months,extension_reason,closer_months\n"
    // 25th birthday on as_of: Ü25, marktnah 2MM; 31.12. + 2 months clamps to 28.02. < as_of;
    // profiling + 6 months = as_of is not "< as_of", so no warning (b).
    "x,A1,1992-03-01,arbeitslos,marktnah,false,false,false,keine,false,true,2016-12-31,"
    "2016-09-01,,,\n"
    // One day short of 25: U25 1MM; warning (b) applies to U25 too (31.08. + 6 = 28.02.).
    "x,A2,1992-03-02,arbeitslos,marktnah,false,false,false,keine,false,true,2017-01-31,"
    "2016-08-31,,,\n"
    // Born 29 Feb: birthday 1 Mar in 2017, so 25 on as_of; first interview: due as_of, 60 min.
    "x,A3,1992-02-29,arbeitslos,marktfern,false,false,false,keine,false,nein,,,,,\n"
    // Arbeitsuchend participant: massnahme 3MM beats arbeitsuchend 6MM.
    "x,A5,1970-06-15,arbeitsuchend,marktfern,false,true,false,keine,false,true,2016-11-30,,,,\n"
    // bfm 1MM beats massnahme.
    "x,A6,1970-06-15,arbeitsuchend,marktfern,true,true,false,keine,false,true,2016-11-30,,,,\n"
    // § 10 changes nothing: ohne_status 6MM, closer 3 -> interval 3, code stays 6MM.
    "x,A7,1960-01-01,ohne_status,integriert_hilfebeduerftig,false,false,false,keine,ja,true,"
    "2016-08-31,,,,3\n"
    // Both warnings, (a) then (b).
    "x,A8,1980-05-05,arbeitslos,marktnah,false,false,true,EGZ,false,true,2017-02-15,2016-01-15,"
    ",,\n"
    // Extension 6 with a quoted multi-line reason: 6 + 6 = 12 months from 29.02.2016 -> 28.02.
    "x,A9,1980-05-05,arbeitsuchend,marktnah,false,false,false,keine,false,true,2016-02-29,,6,"
    "\"Pflege, Angeh\xC3\xB6rige\nbis \"\"2018\"\"\",\n"
    "x,A10,1980-05-05,arbeitsuchend,marktnah,false,false,false,keine,false,true,2016-02-29,,7,"
    "x,\n"  // more than 6 months
    "x,A11,1980-05-05,arbeitsuchend,marktnah,false,false,false,keine,false,true,2016-02-29,,2,"
    "  ,\n"  // blank reason
    "x,A12,1980-05-05,arbeitsuchend,marktnah,false,false,false,keine,false,true,2016-02-29,,1,"
    "grund,2\n"  // closer and extension
    "x,A13,1980-05-05,arbeitsuchend,marktnah,false,false,false,keine,false,true,2016-02-29,,,,"
    "0\n"  // closer 0
    // closer 2 with extension 0 is valid: base 3MM, interval 2.
    "x,A14,1980-05-05,arbeitslos,marktfern,false,false,false,keine,false,true,2016-12-31,,0,,2\n"
    "x,A15,1980-05-05,arbeitsuchend,marktnah,false,false,false,keine,false,true,2016-02-29,,-1,"
    "grund,\n"  // negative extension
    "\n"        // blank line: not a row
    "x,A16,1980-05-05,arbeitslos,marktnah,false,false,false,keine,false,true,2016-02-29,,,,3\n"
    "x,A17,31.02.1980,arbeitslos,marktnah,false,false,false,keine,false,true,2016-02-29,,,,\n"
    "x,A18,2017-03-02,arbeitslos,marktnah,false,false,false,keine,false,true,,,,,\n"
    "x,A19,1980-05-05,Arbeitslos,marktnah,false,false,false,keine,false,true,,,,,\n"
    "x,A20,1980-05-05,arbeitslos,marktnah,vielleicht,false,false,keine,false,true,,,,,\n"
    // Formula guard on the id; integriert_hilfebeduerftig while arbeitslos is "nicht marktnah".
    "x,=A21,1980-05-05,arbeitslos,integriert_hilfebeduerftig,false,false,false,keine,false,true,"
    ",,,,\n"
    "x,\"A,22\",1980-05-05,arbeitslos,marktfern,false,false,false,keine,false,true,,,,,\n"
    "x,A25,1980-05-05,arbeitslos,marktfern,false,false,false,keine,false,,,,,,\n"  // german_ok
    // Blanks around values, TRUE/Nein/0/WAHR/Ja, D.M.YYYY dates; bfm 1MM beats marktnah.
    "x,A26,  1.3.1990 , arbeitslos ,marktnah, TRUE , Nein ,0, keine ,WAHR,Ja, 1.3.2016 ,,,,\n"
    // Born on as_of: age 0, U25.
    "x,A27,2017-03-01,arbeitslos,zuordnung_nicht_erforderlich,false,false,false,keine,false,"
    "true,2017-02-01,,,,\n"
    // Subsidised but arbeitsuchend: no warning; extension 0 needs no reason.
    "x,A29,1980-05-05,arbeitsuchend,marktnah,false,false,false,FAV,false,true,2016-09-01,,0,,\n"
    // Last contact after as_of is allowed; no sufficient German: 60 minutes for a follow-up.
    "x,A30,1980-05-05,ohne_status,marktnah,false,false,false,keine,false,false,2017-05-31,,1,"
    "Reha,\n"
    "x,A31,1980-05-05,arbeitslos,marktnah,false,false,false,keine,false,true,2016-12-31,"
    "2016-08-30,,,1\n"
    // Several broken cells: one error row.
    "x,A32,1980-13-05,arbeitslos,marktnah,false,false,false,egz,false,true,2016-12-31,"
    "2016-8-30,1.5,,x\n";

const char* const kHandExpectedIso =
    "id,code,interval_months,next_due,overdue,appointment_minutes,rule,source,warnings,error\n"
    "A1,2MM,2,2017-02-28,true,30,marktnah,\xC2\xA7" "2.2.2,,\n"
    "A2,1MM,1,2017-02-28,true,30,u25,\xC2\xA7" "2.2.1,Profiling \xC3\xBC" "berpr\xC3\xBC" "fen "
    "(\xC2\xA7" "2.2.2),\n"
    "A3,3MM,3,2017-03-01,false,60,marktfern,\xC2\xA7" "2.2.3,,\n"
    "A5,3MM,3,2017-02-28,true,30,massnahme,\xC2\xA7" "2.2.3,,\n"
    "A6,1MM,1,2016-12-30,true,30,bfm,\xC2\xA7" "2.2.1,,\n"
    "A7,6MM,3,2016-11-30,true,30,ohne_status,\xC2\xA7" "2.2.4,,\n"
    "A8,2MM,2,2017-04-15,false,30,marktnah,\xC2\xA7" "2.2.2,\"Unplausibel: arbeitsunf\xC3\xA4"
    "hige oder gef\xC3\xB6rderte Kunden sind arbeitsuchend, nicht arbeitslos; Profiling "
    "\xC3\xBC" "berpr\xC3\xBC" "fen (\xC2\xA7" "2.2.2)\",\n"
    "A9,6MM,12,2017-02-28,true,30,arbeitsuchend,\xC2\xA7" "2.2.4,,\n"
    "A10,,,,,,,,,!\n"
    "A11,,,,,,,,,!\n"
    "A12,,,,,,,,,!\n"
    "A13,,,,,,,,,!\n"
    "A14,3MM,2,2017-02-28,true,30,marktfern,\xC2\xA7" "2.2.3,,\n"
    "A15,,,,,,,,,!\n"
    "A16,,,,,,,,,!\n"
    "A17,,,,,,,,,!\n"
    "A18,,,,,,,,,!\n"
    "A19,,,,,,,,,!\n"
    "A20,,,,,,,,,!\n"
    "'=A21,3MM,3,2017-03-01,false,60,marktfern,\xC2\xA7" "2.2.3,,\n"
    "\"A,22\",3MM,3,2017-03-01,false,60,marktfern,\xC2\xA7" "2.2.3,,\n"
    "A25,,,,,,,,,!\n"
    "A26,1MM,1,2016-04-01,true,30,bfm,\xC2\xA7" "2.2.1,,\n"
    "A27,1MM,1,2017-03-01,false,30,u25,\xC2\xA7" "2.2.1,,\n"
    "A29,6MM,6,2017-03-01,false,30,arbeitsuchend,\xC2\xA7" "2.2.4,,\n"
    "A30,6MM,7,2017-12-31,false,60,ohne_status,\xC2\xA7" "2.2.4,,\n"
    "A31,2MM,1,2017-01-31,true,30,marktnah,\xC2\xA7" "2.2.2,Profiling \xC3\xBC" "berpr\xC3\xBC"
    "fen (\xC2\xA7" "2.2.2),\n"
    "A32,,,,,,,,,!\n";

// The German office export: BOM, ';', CRLF, DD.MM.YYYY and D.M.YYYY, ja/nein, a quoted reason
// with ';' and a CRLF inside, a quoted id holding ';'.
const char* const kHandInputGerman =
    "\xEF\xBB\xBFid;birth_date;status;profile;bfm;massnahme;arbeitsunfaehig;foerderung;para10;"
    "german_ok;last_contact;profiling_date;extension_months;extension_reason;closer_months\r\n"
    "G1;29.02.1992;arbeitslos;marktnah;nein;nein;nein;keine;nein;ja;31.01.2017;31.08.2016;;;\r\n"
    "G2;28.02.1992;arbeitslos;marktnah;nein;nein;nein;keine;nein;ja;;;;;\r\n"
    "\r\n"
    "G3;1.3.1992;arbeitsuchend;marktfern;nein;nein;nein;keine;nein;ja;29.2.2016;;3;"
    "\"Reha; Klinik\r\nbis Mai\";\r\n"
    "\"G;4\";01.01.1970;ohne_status;marktfern;nein;nein;nein;keine;ja;nein;28.02.2017;;;;\r\n"
    "@G5;01.01.1970;ohne_status;marktfern;nein;nein;nein;keine;ja;nein;28.02.2017;;;;\"6\"\r\n"
    "-G6;01.01.1970;ohne_status;marktfern;nein;nein;nein;keine;ja;nein;28.02.2017;;;;7\r\n";

// as_of 2017-02-28: G1 (born 29 Feb) is still 24, G2 turns 25 today; G1's profiling + 6 months
// is exactly as_of, so no warning; G3: 29.02.2016 + 9 months = 29.11.2016.
const char* const kHandExpectedGerman0228 =
    "id,code,interval_months,next_due,overdue,appointment_minutes,rule,source,warnings,error\n"
    "G1,1MM,1,2017-02-28,false,30,u25,\xC2\xA7" "2.2.1,,\n"
    "G2,2MM,2,2017-02-28,false,60,marktnah,\xC2\xA7" "2.2.2,,\n"
    "G3,6MM,9,2016-11-29,true,30,arbeitsuchend,\xC2\xA7" "2.2.4,,\n"
    "G;4,6MM,6,2017-08-28,false,60,ohne_status,\xC2\xA7" "2.2.4,,\n"
    "'@G5,6MM,6,2017-08-28,false,60,ohne_status,\xC2\xA7" "2.2.4,,\n"
    "'-G6,,,,,,,,,!\n";

// as_of 2017-03-01: G1 is 25 now (2MM marktnah, 31.01. + 2 = 31.03.) and its profiling is
// overdue for review.
const char* const kHandExpectedGerman0301 =
    "id,code,interval_months,next_due,overdue,appointment_minutes,rule,source,warnings,error\n"
    "G1,2MM,2,2017-03-31,false,30,marktnah,\xC2\xA7" "2.2.2,Profiling \xC3\xBC" "berpr\xC3\xBC"
    "fen (\xC2\xA7" "2.2.2),\n"
    "G2,2MM,2,2017-03-01,false,60,marktnah,\xC2\xA7" "2.2.2,,\n"
    "G3,6MM,9,2016-11-29,true,30,arbeitsuchend,\xC2\xA7" "2.2.4,,\n"
    "G;4,6MM,6,2017-08-28,false,60,ohne_status,\xC2\xA7" "2.2.4,,\n"
    "'@G5,6MM,6,2017-08-28,false,60,ohne_status,\xC2\xA7" "2.2.4,,\n"
    "'-G6,,,,,,,,,!\n";

struct HandCase {
  const char* input;
  const char* expected;
  const char* as_of;
};

const HandCase kHandCases[] = {
    {kHandInputIso, kHandExpectedIso, "2017-03-01"},
    {kHandInputGerman, kHandExpectedGerman0228, "2017-02-28"},
    {kHandInputGerman, kHandExpectedGerman0301, "2017-03-01"},
};

// Runs one implementation on every hand case and compares with the hand-derived decisions.
template <class Runner>
void check_hand_cases(const char* name, Runner run_tool) {
  for (const HandCase& hc : kHandCases) {
    const TempDir dir;
    const fs::path input = dir / "hand.csv";
    {
      std::ofstream out(input, std::ios::binary);
      out << hc.input;
    }
    Table expected;
    REQUIRE(parse_output_csv(hc.expected, expected).empty());
    const Table got = run_tool(dir, input, hc.as_of);
    const std::string report = compare(got, expected, name, "hand-derived");
    INFO("hand cases, as_of " << hc.as_of << ":\n" << report);
    CHECK(report.empty());
  }
}

}  // namespace

TEST_CASE("differential: the reference matches hand-derived decisions", "[differential]") {
  require_bench_tools();
  check_hand_cases("reference", run_reference);
}

TEST_CASE("differential: kadenz matches hand-derived decisions", "[differential]") {
  require_bench_tools();
  check_hand_cases("kadenz", run_kadenz);
}

TEST_CASE("differential: ISO caseload agrees with the reference", "[differential]") {
  check_scenario({"iso", "2017-03-01", 1, 0});
}

TEST_CASE("differential: German office export agrees with the reference", "[differential]") {
  check_scenario({"german", "2017-03-01", 2, 0});
}

TEST_CASE("differential: broken cells are row errors in both", "[differential]") {
  check_scenario({"iso", "2017-03-01", 3, 20});
  check_scenario({"german", "2017-03-01", 4, 20});
}

TEST_CASE("differential: other evaluation dates agree with the reference", "[differential]") {
  // A leap day (29 Feb births have their birthday on as_of; 25 years back does not exist) and a
  // year end (month-end clamping into February of the next year).
  check_scenario({"german", "2020-02-29", 5, 5});
  check_scenario({"iso", "2017-12-31", 6, 5});
}
