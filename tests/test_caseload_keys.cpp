// Tests of the caseload boundary of issue 12: ids that repeat (interpreter/caseload/keys.*), a
// caseload without its header row (bind_columns never shows its cells), and the summary of the
// kinds of error of rows not decided (interpreter/caseload/error_kinds.*); library and CLI.
#include "run_cli.hpp"

#include "grammar/limits.hpp"
#include "interpreter/caseload/error_kinds.hpp"
#include "interpreter/caseload/keys.hpp"
#include "interpreter/caseload/run.hpp"
#include "interpreter/pipeline/policy_access.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace kadenz {
namespace {

namespace d = detail;
using namespace test;

const std::string kCoburgHeader =
    "id,birth_date,status,profile,bfm,massnahme,arbeitsunfaehig,foerderung,para10,german_ok,last_contact,"
    "profiling_date,extension_months,extension_reason,closer_months\n";

// A Coburg row for `id`, with a birth date and profile that can be varied.
std::string coburg_row(const std::string& id, const std::string& birth = "1980-05-14",
                       const std::string& profile = "marktnah") {
  return id + "," + birth + ",arbeitslos," + profile + ",false,false,false,keine,false,true,2017-01-10,2016-11-02,,,\n";
}

// `prefix` and the number `i` ("K" + std::to_string(i) trips GCC 12's -Wrestrict).
std::string name(const char* prefix, std::size_t i) {
  std::string s = prefix;
  s += std::to_string(i);
  return s;
}

std::string coburg_text() { return read_file(source_path("policies/coburg-land-2017.kadenz")); }

std::shared_ptr<const d::Program> coburg() {
  const Compiled c = compile_policy("coburg.kadenz", coburg_text());
  REQUIRE(c.ok());
  return kadenz::detail::program_of(c);
}

// Runs pass 1 over `csv` (eval at `jobs`, small batches) and pass 2 over a second reader.
struct KeysRun {
  std::string output;
  d::KeyHashes keys;
  d::DuplicateKeys dups;
  d::CaseloadSummary summary;
};
KeysRun run_keys(const d::Program& p, const std::string& csv, unsigned jobs) {
  KeysRun r;
  d::CsvReader reader{std::string_view(csv)};
  const auto header = header_of(reader);
  const auto binding = bind_header(p, header);
  std::FILE* out = std::tmpfile();
  REQUIRE(out != nullptr);
  std::string error;
  REQUIRE(d::evaluate_caseload(p, reader, binding, *d::parse_date("2017-03-01"), d::OutputFormat::csv, out, r.summary,
                               error, jobs, d::BatchLimits{256, 1024}, &r.keys));
  std::rewind(out);
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, out)) > 0) r.output.append(buf, n);
  std::fclose(out);
  d::CsvReader again{std::string_view(csv)};
  header_of(again);
  REQUIRE(d::find_duplicate_keys(p, binding, again, r.keys.repeated(), r.dups, error));
  return r;
}

// ---- duplicate ids: library ---------------------------------------------------------------

TEST_CASE("keys: key_hash is 0 only for an empty id, keeps its lowest bit clear, equal for equal ids", "[keys]") {
  CHECK(d::key_hash("") == 0);
  for (const char* id : {"K1", "K2", "a", "a\0", "0123456789abcdef0123"}) {
    const auto h = d::key_hash(id);
    CHECK(h != 0);
    CHECK((h & 1) == 0);
    CHECK(h == d::key_hash(std::string(id)));
  }
  CHECK(d::key_hash(std::string_view("a", 1)) != d::key_hash(std::string_view("a\0", 2)));
  CHECK(d::key_hash("K1") != d::key_hash("K2"));
}

TEST_CASE("keys: KeyHashes finds the repeats among 200,000 ids in 18 bytes per id at most", "[keys]") {
  d::KeyHashes keys;
  constexpr std::size_t n = 200000;
  for (std::size_t i = 0; i < n; ++i) keys.add(d::key_hash(name("K", i)));
  for (std::size_t i = 0; i < n; i += 1000) keys.add(d::key_hash(name("K", i)));
  keys.add(d::key_hash("K0"));
  keys.add(0);  // an empty id is no key
  const std::size_t rows = n + n / 1000 + 1;
  CHECK(keys.repeats() == n / 1000 + 1);
  const auto& rep = keys.repeated();
  CHECK(rep.size() == n / 1000);
  CHECK(std::is_sorted(rep.begin(), rep.end()));
  // the blocks (8 bytes per row, the last one partly filled) and, while finishing, the sorted
  // copy (8 per row) and the bucket table (at most 2 per row)
  CHECK(keys.peak_bytes() <= 18 * rows + 8 * (std::size_t{1} << 16));
  d::KeyHashes none;
  for (std::size_t i = 0; i < n; ++i) none.add(d::key_hash(name("K", i)));
  CHECK(none.repeats() == 0);
  CHECK(none.repeated().empty());
}

TEST_CASE("keys: eval names each repeated id with its lines and decides every row as before, at -j 1 and -j 2",
          "[keys]") {
  const auto p = coburg();
  // K1 three times (lines 2, 5 and 7; line 4 holds a quoted line break), K2 twice, K3 once.
  const std::string csv = kCoburgHeader + coburg_row("K1") + coburg_row("K2", "2000-01-01") +
                          "K3,1980-05-14,arbeitslos,marktnah,false,false,false,keine,false,true,2017-01-10,2016-11-02,"
                          "1,\"zwei\nZeilen\",\n" +
                          coburg_row("K1", "2000-01-01") + coburg_row("K2", "1980-05-14", "unbekannt") +
                          coburg_row("K1");
  const std::string without_duplicates = [&] {
    const EvalRun plain = eval_text(coburg_text(), csv);
    REQUIRE(plain.read);
    return plain.output;
  }();
  for (unsigned jobs : {1u, 2u}) {
    INFO("jobs " << jobs);
    KeysRun r = run_keys(*p, csv, jobs);
    CHECK(r.output == without_duplicates);  // every row, decided as before
    CHECK(r.summary.rows == 6);
    CHECK(r.keys.repeats() == 3);
    CHECK(r.dups.rows == 3);
    CHECK(r.dups.ids == 2);
    REQUIRE(r.dups.shown.size() == 2);
    CHECK(r.dups.shown[0].id == "K1");  // in order of their second row: K1 (line 6), K2 (line 7)
    CHECK(r.dups.shown[0].lines == std::vector<std::size_t>{2, 6, 8});
    CHECK(d::describe_duplicate(r.dups.shown[0]) == "id `K1` is in 3 rows: lines 2, 6 and 8");
    CHECK(d::describe_duplicate(r.dups.shown[1]) == "id `K2` is in 2 rows: lines 3 and 7");
  }
}

TEST_CASE("keys: ids whose hashes pass 1 marks without a repeat are no report (pass 2 compares exactly)", "[keys]") {
  const auto p = coburg();
  std::string csv = kCoburgHeader;
  std::vector<std::uint64_t> all;
  for (std::size_t i = 0; i < 300; ++i) {
    csv += coburg_row(name("K", i));
    all.push_back(d::key_hash(name("K", i)));
  }
  std::sort(all.begin(), all.end());
  d::CsvReader reader{std::string_view(csv)};
  const auto binding = bind_header(*p, header_of(reader));
  d::DuplicateKeys dups;
  std::string error;
  // as if every row's hash had collided with another's: still no report
  REQUIRE(d::find_duplicate_keys(*p, binding, reader, all, dups, error));
  CHECK(dups.rows == 0);
  CHECK(dups.ids == 0);
  CHECK(dups.shown.empty());
}

TEST_CASE("limits: kMaxDuplicateIdsShown ids are listed, kDuplicateLinesShown lines each; all are counted",
          "[keys][limits]") {
  const auto p = coburg();
  std::string csv = kCoburgHeader;
  const std::size_t ids = d::kMaxDuplicateIdsShown + 5;
  for (int copy = 0; copy < 2; ++copy)
    for (std::size_t i = 0; i < ids; ++i) csv += coburg_row(name("K", i));
  for (std::size_t k = 0; k < d::kDuplicateLinesShown + 3; ++k) csv += coburg_row("K0");
  KeysRun r = run_keys(*p, csv, 2);
  CHECK(r.dups.ids == ids);
  CHECK(r.dups.rows == ids + d::kDuplicateLinesShown + 3);
  REQUIRE(r.dups.shown.size() == d::kMaxDuplicateIdsShown);
  CHECK(r.dups.shown[0].rows == 2 + d::kDuplicateLinesShown + 3);
  CHECK(r.dups.shown[0].lines.size() == d::kDuplicateLinesShown);
  CHECK(d::describe_duplicate(r.dups.shown[0]).find(", …") != std::string::npos);
}

TEST_CASE("limits: printable_cut shows kMaxShownCellChars characters, never half of one, and no control bytes",
          "[keys][limits]") {
  CHECK(d::printable_cut("K1", d::kMaxShownCellChars) == "K1");
  CHECK(d::printable_cut(std::string("a\0b\x1b\x7f", 5), 10) == "a?b??");
  CHECK(d::printable_cut("\xff\xc3(\xe2\x82", 10) == "?\?(?\?");  // invalid UTF-8
  CHECK(d::printable_cut("\xc0\xaf", 10) == "??");                 // overlong '/'
  const std::string long_id(d::kMaxShownCellChars + 10, 'x');
  CHECK(d::printable_cut(long_id, d::kMaxShownCellChars) == std::string(d::kMaxShownCellChars, 'x') + "…");
  std::string umlauts;
  for (std::size_t i = 0; i < d::kMaxShownCellChars + 1; ++i) umlauts += "ü";
  const std::string cut = d::printable_cut(umlauts, d::kMaxShownCellChars);
  CHECK(cut.size() == 2 * d::kMaxShownCellChars + std::string("…").size());
}

// ---- no header row: library ---------------------------------------------------------------

TEST_CASE("privacy: a first row that names no column of the policy is not a header, and no cell is shown",
          "[keys][privacy]") {
  const auto p = coburg();
  const std::vector<std::vector<std::string>> rows = {
      {"Max Mustermann", "14.05.1980", "Max Mustermann"},                   // the reproducer: a cell twice
      {"K1", "1980-05-14", "arbeitslos", "marktnah", "false", "Erika Musterfrau"},  // a data row
      {"Kundennummer", "Geburtsdatum"},                                    // another policy's header
  };
  for (const auto& header : rows) {
    d::ColumnBinding binding;
    std::string error;
    CHECK_FALSE(d::bind_columns(*p, header, binding, error));
    INFO(error);
    // the shipped policy is German: so is the message
    CHECK(contains(error, "die erste Zeile ist keine Kopfzeile"));
    CHECK(contains(error, "erwartet werden die Spalten id, birth_date, status, profile"));
    CHECK(contains(error, "ergänzen Sie die Kopfzeile, die der Export weglässt"));
    for (const auto& cell : header) CHECK_FALSE(contains(error, cell));
    CHECK(binding.notes.empty());
  }
}

TEST_CASE("privacy: a doubled header name is shown, cut short, only if the first row does not look like data",
          "[keys][privacy][limits]") {
  const auto p = coburg();
  d::ColumnBinding binding;
  std::string error;
  // a data row that happens to hold a policy column's name: dates in it, so the name is not shown
  CHECK_FALSE(d::bind_columns(*p, {"id", "14.05.1980", "Max Mustermann", "Max Mustermann"}, binding, error));
  CHECK(error == "die Spalten 3 und 4 der ersten Zeile haben denselben Namen, und die Zeile hat Zellen, die wie Daten "
                 "oder Zahlen aussehen: fehlt die Kopfzeile? (erwartet werden die Spalten id, birth_date, status, "
                 "profile, bfm, massnahme, arbeitsunfaehig, foerderung, para10, german_ok, last_contact, "
                 "profiling_date, extension_months, extension_reason, closer_months)");
  CHECK_FALSE(d::bind_columns(*p, {"id", "1980", "birth_date"}, binding, error));
  CHECK(contains(error, "fehlt die Kopfzeile?"));
  CHECK_FALSE(contains(error, "1980"));
  // a header: the doubled name is shown, at most kMaxShownCellChars characters of it
  const std::string long_name(100, 'N');
  CHECK_FALSE(d::bind_columns(*p, {"id", long_name, "birth_date", long_name}, binding, error));
  CHECK(error == "die Spalte `" + std::string(d::kMaxShownCellChars, 'N') +
                     "…` steht zweimal in der Kopfzeile (Spalten 2 und 4)");
  CHECK_FALSE(d::bind_columns(*p, {"id", "birth_date", "id"}, binding, error));
  CHECK(error == "die Spalte `id` steht zweimal in der Kopfzeile (Spalten 1 und 3)");
}

// ---- error kinds: library -----------------------------------------------------------------

TEST_CASE("error kinds: rows not decided are counted by message template and column, never by value",
          "[keys][summary]") {
  const std::string policy = with_header(R"(
facts
  id: text, key
  birth_date: date
  status: one of arbeitslos, arbeitsuchend
  n: int
end
require n < 100 else "n is {n}, too large"
require n > -100 else "n is too small"
output ok = true
)");
  std::string csv = "id,birth_date,status,n\n";
  for (std::size_t i = 0; i < 7; ++i) csv += name("A", i) + ",14.05.77,arbeitslos,1\n";  // two-digit year
  for (std::size_t i = 0; i < 4; ++i) csv += name("B", i) + ",1980-05-14,Geheimwert" + std::to_string(i) + ",1\n";
  csv += "C1,31.02.1980,Geheimstatus,x\n";      // three bad cells: three kinds, once each
  csv += "D1,1980-05-14,arbeitslos,123456\n";   // interpolating require: its message is not repeated
  csv += "D2,1980-05-14,arbeitslos,-123456\n";  // constant message: shown
  csv += "E1,1980-05-14\nE2,1980-05-14,arbeitslos,1,9\n";  // wrong field counts
  csv += "F1,1980-05-14,arbeitslos,1\n";
  for (unsigned jobs : {1u, 2u}) {
    const EvalRun run = eval_text(policy, csv, "2017-03-01", d::OutputFormat::csv, jobs);
    REQUIRE(run.read);
    CHECK(run.summary.errors == 16);
    const auto kinds = run.summary.error_kinds.sorted();
    std::string all;
    for (const auto& k : kinds) all += std::to_string(k.rows) + " " + k.text + "\n";
    INFO(all);
    REQUIRE(kinds.size() == 7);
    CHECK(kinds[0].rows == 7);
    CHECK(kinds[0].text == "birth_date: write the year with four digits (e.g. 20.03.1988)");
    CHECK(kinds[1].rows == 5);
    CHECK(kinds[1].text == "status: unknown value `…` (expected one of arbeitslos, arbeitsuchend)");
    CHECK(kinds[2].rows == 2);
    CHECK(kinds[2].text == "row has … fields, the header has …");
    CHECK(contains(all, "1 n: not a whole number\n"));
    CHECK(contains(all, "1 birth_date: not a valid date (write YYYY-MM-DD or DD.MM.YYYY)\n"));
    CHECK(contains(all, "1 n is too small\n"));
    CHECK(contains(all, "1 n is {n}, too large\n"));  // the template, not the value
    for (const char* secret : {"Geheim", "123456", "77", "31.02"}) CHECK_FALSE(contains(all, secret));
    CHECK(d::error_kind("line 12 contains a NUL byte; is the file UTF-16?", false, true) ==
          "line … contains a NUL byte; is the file UTF-16?");
    const auto lines = d::error_kind_lines(kinds);
    REQUIRE(lines.size() == d::kErrorKindsShown + 1);
    CHECK(lines[0] == "  7 rows: birth_date: write the year with four digits (e.g. 20.03.1988)");
    CHECK(lines.back() == "  … and 2 other kinds (2 rows)");
  }
}

// ---- CLI -----------------------------------------------------------------------------------

TEST_CASE("cli keys: eval warns about repeated ids with their lines, decides every row, counts them", "[keys][cli]") {
  TempDir dir;
  const auto policy = dir.write("coburg.kadenz", coburg_text());
  const std::string csv_text = kCoburgHeader + coburg_row("K1") + coburg_row("K2") + coburg_row("K1", "2000-01-01");
  const auto csv = dir.write("dup.csv", csv_text);
  for (const char* jobs : {"1", "2"}) {
    const Result r = run_kadenz(dir, "eval " + sh(policy) + " " + sh(csv) + " --as-of 2017-03-01 -j " + jobs);
    INFO(r.err);
    CHECK(r.code == 0);
    const auto rows = parse_csv(r.out);
    REQUIRE(rows.size() == 4);
    CHECK(rows[1][0] == "K1");
    CHECK(rows[3][0] == "K1");
    CHECK(rows[1][1] == "2MM");
    CHECK(rows[3][1] == "1MM");  // decided on its own (under 25)
    CHECK(contains(r.err, "kadenz: Warnung: die id `K1` steht in 2 Zeilen: Zeilen 2 und 4\n"));
    CHECK(contains(r.err, "kadenz: Warnung: 1 Zeile wiederholt die id einer früheren Zeile"));
    CHECK(contains(r.err, "3 Zeilen gelesen, 3 entschieden, 0 mit Fehlern, 0 mit Warnungen, 1 mit einer id, die eine "
                          "frühere Zeile schon hat\n"));
    CHECK_FALSE(contains(r.err, "1980"));
  }
  // from standard input the ids cannot be compared a second time: counted, not named
  const Result in = run_kadenz(dir, "eval " + sh(policy) + " - --as-of 2017-03-01", csv);
  CHECK(in.code == 0);
  CHECK(contains(in.err, "1 Zeile wiederholen vielleicht die id einer früheren Zeile"));
  CHECK_FALSE(contains(in.err, "`K1`"));
  CHECK(contains(in.err, "1 mit einer id, die eine frühere Zeile schon hat (vielleicht)"));
  // no repeats: nothing said but the count
  const auto clean = dir.write("clean.csv", kCoburgHeader + coburg_row("K1") + coburg_row("K2"));
  const Result c = run_kadenz(dir, "eval " + sh(policy) + " " + sh(clean) + " --as-of 2017-03-01");
  CHECK(c.code == 0);
  CHECK_FALSE(contains(c.err, "kadenz: Warnung"));
  CHECK(contains(c.err, "0 mit einer id, die eine frühere Zeile schon hat\n"));
}

TEST_CASE("cli keys: workload and whatif refuse a caseload whose ids repeat, and write nothing", "[keys][cli]") {
  WhatifFiles f;
  const auto csv = f.dir.write("dup.csv", kCoburgHeader + coburg_row("K1") + coburg_row("K2") + coburg_row("K1"));
  const std::string report = f.dir.path("report.txt");
  const Result w = run_kadenz(f.dir, "workload " + sh(f.base) + " " + sh(csv) + " --as-of 2017-03-01 -o " + sh(report));
  INFO(w.err);
  CHECK(w.code == 2);
  CHECK(contains(w.err, "1 Zeile wiederholen die id einer früheren Zeile, ihre Kundinnen und Kunden würden also "
                        "doppelt gezählt"));
  CHECK(contains(w.err, "die id `K1` steht in 2 Zeilen: Zeilen 2 und 4"));
  CHECK(contains(w.err, "Hilfe: Entfernen Sie die wiederholten Zeilen"));
  CHECK_FALSE(std::filesystem::exists(report));
  const Result wi = run_kadenz(f.dir, "workload " + sh(f.base) + " - --as-of 2017-03-01", csv);
  CHECK(wi.code == 2);
  CHECK(contains(wi.err, "wiederholen vielleicht die id einer früheren Zeile"));
  const Result v = run_kadenz(f.dir, "whatif " + sh(f.base) + " " + sh(f.variant) + " " + sh(csv) +
                                         " --as-of 2017-03-01 -j 2 -o " + sh(report));
  INFO(v.err);
  CHECK(v.code == 2);
  CHECK(contains(v.err, "die id `K1` steht in 2 Zeilen: Zeilen 2 und 4"));
  CHECK_FALSE(std::filesystem::exists(report));
  // the same customers once each: counted
  const auto once = f.dir.write("once.csv", kCoburgHeader + coburg_row("K1") + coburg_row("K2"));
  const Result ok = run_kadenz(f.dir, "workload " + sh(f.base) + " " + sh(once) + " --as-of 2017-03-01");
  CHECK(ok.code == 0);
}

TEST_CASE("cli privacy: a caseload without its header row names the policy's columns, never its cells",
          "[keys][cli][privacy]") {
  TempDir dir;
  const auto policy = dir.write("coburg.kadenz", coburg_text());
  const auto csv = dir.write("noheader.csv", "Max Mustermann;14.05.1980;Max Mustermann\n"
                                             "Erika Musterfrau;01.02.1970;Erika Musterfrau\n");
  for (const char* cmd : {"eval", "workload"}) {
    const Result r = run_kadenz(dir, std::string(cmd) + " " + sh(policy) + " " + sh(csv) + " --as-of 2017-03-01");
    INFO(r.err);
    CHECK(r.code == 2);
    CHECK(contains(r.err, "die erste Zeile ist keine Kopfzeile"));
    CHECK(contains(r.err, "erwartet werden die Spalten id, birth_date"));
    CHECK_FALSE(contains(r.err, "Muster"));
    CHECK_FALSE(contains(r.err, "1980"));
  }
}

TEST_CASE("cli summary: an eval whose rows mostly fail names the most common kinds of error, without values",
          "[keys][cli][summary]") {
  TempDir dir;
  const auto policy = dir.write("coburg.kadenz", coburg_text());
  std::string text = kCoburgHeader;
  for (std::size_t i = 0; i < 6; ++i) text += coburg_row(name("A", i), "31.02.1977");
  for (std::size_t i = 0; i < 3; ++i) text += coburg_row(name("B", i), "1980-05-14", "Geheimprofil");
  text += coburg_row("C1");
  const auto csv = dir.write("failing.csv", text);
  const Result r = run_kadenz(dir, "eval " + sh(policy) + " " + sh(csv) + " --as-of 2017-03-01");
  INFO(r.err);
  CHECK(r.code == 1);
  CHECK(contains(r.err, "kadenz: die nicht entschiedenen Zeilen, nach Art des Fehlers:\n"
                        "  6 Zeilen: birth_date: kein gültiges Datum (schreiben Sie TT.MM.JJJJ oder JJJJ-MM-TT)\n"
                        "  3 Zeilen: profile: unbekannter Wert `…` (erlaubt sind"));
  CHECK_FALSE(contains(r.err, "Geheim"));
  CHECK_FALSE(contains(r.err, "1977"));
  // workload: on standard error too, and in its JSON document
  const Result w = run_kadenz(dir, "workload " + sh(policy) + " " + sh(csv) + " --as-of 2017-03-01 --format json");
  CHECK(w.code == 1);
  CHECK(contains(w.err, "  6 Zeilen: birth_date: kein gültiges Datum"));
  CHECK(contains(w.out, "\"error_kinds\":[{\"kind\":\"birth_date: kein gültiges Datum (schreiben Sie TT.MM.JJJJ oder "
                        "JJJJ-MM-TT)\",\"rows\":6},{\"kind\":\"profile: unbekannter Wert `…` (erlaubt sind"));
  // every row decided: no such lines
  const auto good = dir.write("good.csv", kCoburgHeader + coburg_row("K1"));
  const Result g = run_kadenz(dir, "eval " + sh(policy) + " " + sh(good) + " --as-of 2017-03-01");
  CHECK(g.code == 0);
  CHECK_FALSE(contains(g.err, "nach Art des Fehlers"));
}

}  // namespace
}  // namespace kadenz
