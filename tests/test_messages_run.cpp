// The run side of the message catalogue (issue 13): row errors in the `error` column, the
// summaries of eval, workload and whatif and the findings of `kadenz check` speak the
// policy's language (German for a policy in German keywords), CompileOptions::lang overrides it,
// and the codes and kinds that tools read stay the same in both languages.
#include "run_cli.hpp"
#include "support.hpp"

#include "interpreter/analyze/analyze.hpp"
#include "interpreter/caseload/error_kinds.hpp"
#include "interpreter/report/report.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

using namespace kadenz;
using namespace kadenz::test;

namespace {

// One small policy, in German keywords and in English ones (the same names, texts and rules):
// `hit unique` with overlapping rules and a gap, a `require`, and a division in an output.
constexpr const char* kGerman = R"(richtlinie "Klein"
  gültig ab 01.01.2017

fakten
  id:           text, schlüssel
  geburtsdatum: datum
  status:       eins von arbeitslos, arbeitsuchend
  kinder:       zahl
  aktiv:        wahrheitswert
ende

tabelle intervall: monate, treffer eindeutig
  regel jung §1
    wenn years_between(geburtsdatum, as_of) < 25
    dann 1 Monat
  regel arbeitslos §2
    wenn status = arbeitslos
    dann 3 Monate
ende

prüfe kinder < 20 sonst "zu viele Kinder"

ausgabe monate_bis = intervall
ausgabe je_kind = 12 / kinder
)";

constexpr const char* kEnglish = R"(policy "Klein"
  valid from 01.01.2017

facts
  id:           text, key
  geburtsdatum: date
  status:       one of arbeitslos, arbeitsuchend
  kinder:       int
  aktiv:        bool
end

table intervall: months, hit unique
  rule jung §1
    when years_between(geburtsdatum, as_of) < 25
    then 1 month
  rule arbeitslos §2
    when status = arbeitslos
    then 3 months
end

require kinder < 20 else "zu viele Kinder"

output monate_bis = intervall
output je_kind = 12 / kinder
)";

// One row per kind of row error (row 10 is decided). Row 5 has two bad cells.
constexpr const char* kCaseload =
    "id,geburtsdatum,status,kinder,aktiv\n"
    "1,1990-01-01,arbeitsuchend,1,ja\n"   // no rule applies
    "2,2000-01-01,arbeitslos,1,ja\n"      // both rules apply (hit unique)
    "3,1980-01-01,arbeitslos,0,nein\n"    // 12 / 0
    "4,xx,arbeitslos,1,ja\n"              // not a date
    "5,1980-01-01,rentner,1,vielleicht\n" // unknown value; not yes/no
    "6,1980-01-01,arbeitslos,,ja\n"       // missing value
    "7,20.03.88,arbeitslos,1,ja\n"        // two-digit year
    "8,1980-01-01,arbeitslos,25,ja\n"     // the `require`
    "9,1980-01-01,arbeitslos,1\n"         // too few fields
    "10,1980-01-01,arbeitslos,1,ja\n";

struct Run {
  std::vector<std::string> errors;  // the `error` column, row by row
  std::vector<std::string> kinds;   // the summary's lines of error kinds
  std::string output;
};

// Compiles `policy` (with `lang`, if given) and evaluates kCaseload as of 2017-03-01.
Run run(const std::string& policy, std::optional<Lang> lang, detail::OutputFormat format = detail::OutputFormat::csv) {
  CompileOptions options;
  options.lang = lang;
  const Compiled c = compile_policy("klein.kadenz", policy, options);
  INFO(render_text(*c.source, c.diagnostics));
  REQUIRE(c.ok());
  detail::CsvReader reader{std::string_view(kCaseload)};
  std::vector<std::string> header;
  std::string error;
  REQUIRE(reader.read_header(header, error));
  detail::ColumnBinding binding;
  REQUIRE(detail::bind_columns(*kadenz::detail::program_of(c), header, binding, error));
  std::FILE* out = std::tmpfile();
  REQUIRE(out != nullptr);
  detail::CaseloadSummary summary;
  REQUIRE(detail::evaluate_caseload(*kadenz::detail::program_of(c), reader, binding, *detail::parse_date("2017-03-01"), format, out,
                                    summary, error, 1));
  std::rewind(out);
  Run r;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, out)) > 0) r.output.append(buf, n);
  std::fclose(out);
  if (format == detail::OutputFormat::csv) {
    const auto rows = parse_csv(r.output);
    for (std::size_t i = 1; i < rows.size(); ++i) r.errors.push_back(rows[i].back());
  }
  r.kinds = detail::error_kind_lines(summary.error_kinds.sorted(), kadenz::detail::program_of(c)->voice);
  return r;
}

// The `error` column of kCaseload, reviewed by hand, in German and in English.
const std::vector<std::string> kGermanErrors = {
    "keine Regel der Tabelle `intervall` trifft auf diesen Datensatz zu",
    "die Regeln `jung` (§1) und `arbeitslos` (§2) der Tabelle `intervall` treffen beide zu, aber die Tabelle ist "
    "`treffer eindeutig`",
    "Division durch null (bei klein.kadenz:24:19)",
    "geburtsdatum: kein gültiges Datum (schreiben Sie TT.MM.JJJJ oder JJJJ-MM-TT)",
    "status: unbekannter Wert `rentner` (erlaubt sind arbeitslos, arbeitsuchend); aktiv: `vielleicht` ist kein "
    "Ja/Nein-Wert (ja/nein, wahr/falsch, true/false, 1/0)",
    "kinder: Wert fehlt",
    "geburtsdatum: das Jahr hat nur zwei Ziffern (schreiben Sie es mit vier, z. B. 20.03.1988)",
    "zu viele Kinder",
    "die Zeile hat 4 Felder, die Kopfzeile 5",
    "",
};

const std::vector<std::string> kEnglishErrors = {
    "no rule of table `intervall` applies to this record",
    "rules `jung` (§1) and `arbeitslos` (§2) of table `intervall` both apply, but the table is `hit unique`",
    "division by zero (at klein.kadenz:24:18)",
    "geburtsdatum: not a valid date (write YYYY-MM-DD or DD.MM.YYYY)",
    "status: unknown value `rentner` (expected one of arbeitslos, arbeitsuchend); aktiv: `vielleicht` is not a yes/no "
    "value (true/false, ja/nein, wahr/falsch, 1/0)",
    "kinder: missing value",
    "geburtsdatum: write the year with four digits (e.g. 20.03.1988)",
    "zu viele Kinder",
    "row has 4 fields, the header has 5",
    "",
};

}  // namespace

TEST_CASE("messages run: a German policy's row errors are German, an English one's English", "[messages]") {
  CHECK(run(kGerman, std::nullopt).errors == kGermanErrors);
  CHECK(run(kEnglish, std::nullopt).errors == kEnglishErrors);
}

TEST_CASE("messages run: CompileOptions::lang (--lang) overrides the policy's language", "[messages]") {
  const Run de = run(kEnglish, Lang::de);
  REQUIRE(de.errors.size() == kGermanErrors.size());
  for (std::size_t i = 0; i < de.errors.size(); ++i) {
    INFO("row " << i + 1);
    if (i == 1) {  // the hit policy is named as the policy writes it
      CHECK(de.errors[i] == "die Regeln `jung` (§1) und `arbeitslos` (§2) der Tabelle `intervall` treffen beide zu, "
                            "aber die Tabelle ist `hit unique`");
    } else if (i == 2) {  // the English twin's line is one character shorter
      CHECK(de.errors[i] == "Division durch null (bei klein.kadenz:24:18)");
    } else {
      CHECK(de.errors[i] == kGermanErrors[i]);
    }
  }
  const Run en = run(kGerman, Lang::en);
  REQUIRE(en.errors.size() == kEnglishErrors.size());
  for (std::size_t i = 0; i < en.errors.size(); ++i) {
    INFO("row " << i + 1);
    if (i == 1) {
      CHECK(en.errors[i] == "rules `jung` (§1) and `arbeitslos` (§2) of table `intervall` both apply, but the table is "
                            "`treffer eindeutig`");
    } else if (i == 2) {
      CHECK(en.errors[i] == "division by zero (at klein.kadenz:24:19)");
    } else {
      CHECK(en.errors[i] == kEnglishErrors[i]);
    }
  }
}

TEST_CASE("messages run: the summary's kinds of error follow the language; the cell values stay out", "[messages]") {
  const Run de = run(kGerman, std::nullopt);
  const std::vector<std::string> want_de = {
      "  1 Zeile: Division durch null (bei klein.kadenz:24:19)",
      "  1 Zeile: aktiv: `…` ist kein Ja/Nein-Wert (ja/nein, wahr/falsch, true/false, 1/0)",
      "  1 Zeile: die Regeln `jung` (§1) und `arbeitslos` (§2) der Tabelle `intervall` treffen beide zu, aber die "
      "Tabelle ist `treffer eindeutig`",
      "  1 Zeile: die Zeile hat … Felder, die Kopfzeile …",
      "  1 Zeile: geburtsdatum: das Jahr hat nur zwei Ziffern (schreiben Sie es mit vier, z. B. 20.03.1988)",
      "  … und 5 weitere Arten (5 Zeilen)",
  };
  CHECK(de.kinds == want_de);
  const Run en = run(kEnglish, std::nullopt);
  const std::vector<std::string> want_en = {
      "  1 row: aktiv: `…` is not a yes/no value (true/false, ja/nein, wahr/falsch, 1/0)",
      "  1 row: division by zero (at klein.kadenz:24:18)",
      "  1 row: geburtsdatum: not a valid date (write YYYY-MM-DD or DD.MM.YYYY)",
      "  1 row: geburtsdatum: write the year with four digits (e.g. 20.03.1988)",
      "  1 row: kinder: missing value",
      "  … and 5 other kinds (5 rows)",
  };
  CHECK(en.kinds == want_en);
}

TEST_CASE("messages run: JSON lines keep their keys; only the error text is translated", "[messages]") {
  const Run de = run(kGerman, std::nullopt, detail::OutputFormat::jsonl);
  const Run en = run(kEnglish, std::nullopt, detail::OutputFormat::jsonl);
  CHECK(contains(de.output, "\"error\":\"kinder: Wert fehlt\""));
  CHECK(contains(en.output, "\"error\":\"kinder: missing value\""));
  // every key of every line is the same in both languages
  const std::regex key("\"([a-z_]+)\":");
  std::vector<std::string> de_keys, en_keys;
  for (std::sregex_iterator i(de.output.begin(), de.output.end(), key), e; i != e; ++i) de_keys.push_back((*i)[1]);
  for (std::sregex_iterator i(en.output.begin(), en.output.end(), key), e; i != e; ++i) en_keys.push_back((*i)[1]);
  CHECK(de_keys == en_keys);
  CHECK_FALSE(de_keys.empty());
}

TEST_CASE("messages run: a caseload's header errors and notes speak the policy's language", "[messages]") {
  const Compiled de = compile_policy("klein.kadenz", kGerman);
  const Compiled en = compile_policy("klein.kadenz", kEnglish);
  REQUIRE(de.ok());
  REQUIRE(en.ok());
  detail::ColumnBinding binding;
  std::string error;
  CHECK_FALSE(detail::bind_columns(*kadenz::detail::program_of(de), {"id", "geburtsdatum", "status", "kinder"}, binding, error));
  CHECK(error == "der Bestand hat keine Spalte aktiv (die Fakten der Richtlinie brauchen sie)");
  CHECK_FALSE(detail::bind_columns(*kadenz::detail::program_of(en), {"id", "geburtsdatum", "status", "kinder"}, binding, error));
  CHECK(error == "the caseload has no column aktiv (needed by the policy's facts)");
  CHECK_FALSE(detail::bind_columns(*kadenz::detail::program_of(de), {"id", "status", "id"}, binding, error));
  CHECK(error == "die Spalte `id` steht zweimal in der Kopfzeile (Spalten 1 und 3)");
  // the reader's own errors, once it knows the language
  detail::CsvReader reader{std::string_view("id\n\"1\n")};
  reader.set_lang(Lang::de);
  std::vector<std::string> header;
  REQUIRE(reader.read_header(header, error));
  detail::CsvReader::Record rec;
  REQUIRE(reader.next(rec));
  CHECK(rec.error == "das Feld in Anführungszeichen ab Zeile 2 ist nicht geschlossen; die Zeile endet dort, gelesen "
                     "wird ab Zeile 3 weiter (schließen Sie das Anführungszeichen, oder schreiben Sie ein "
                     "Anführungszeichen, das zum Text gehört, doppelt)");
}

TEST_CASE("messages run: the findings of `kadenz check` speak the policy's language, with the same codes",
          "[messages]") {
  const auto findings = [](const std::string& policy, std::optional<Lang> lang) {
    CompileOptions options;
    options.lang = lang;
    const Compiled c = compile_policy("klein.kadenz", policy, options);
    REQUIRE(c.ok());
    return detail::analyze_program(*kadenz::detail::program_of(c), *detail::parse_date("2017-03-01")).findings;
  };
  const auto de = findings(kGerman, std::nullopt);
  const auto en = findings(kEnglish, std::nullopt);
  const auto en_de = findings(kEnglish, Lang::de);
  REQUIRE(de.size() == en.size());
  REQUIRE(en_de.size() == en.size());
  REQUIRE(de.size() >= 2);
  for (std::size_t i = 0; i < de.size(); ++i) {
    CHECK(de[i].code == en[i].code);
    CHECK(de[i].severity == en[i].severity);
    CHECK(en_de[i].code == de[i].code);
  }
  CHECK(de[0].code == "gap");
  CHECK(de[0].message == "auf manche Datensätze trifft keine Regel der Tabelle `intervall` zu");
  CHECK(de[0].help == "Ergänzen Sie eine Regel für solche Datensätze, oder eine Regel `andernfalls` für alles, was "
                      "die Regeln auslassen");
  CHECK(en[0].message == "no rule of table `intervall` applies to some records");
  CHECK(en[0].help == "add a rule for such records, or an `otherwise` rule for everything the rules leave out");
  // German text, English keywords: the words the policy is written in
  CHECK(en_de[0].help == "Ergänzen Sie eine Regel für solche Datensätze, oder eine Regel `otherwise` für alles, was "
                         "die Regeln auslassen");
  CHECK(de[1].code == "overlap");
  CHECK(de[1].message == "die Regeln `jung` (§1) und `arbeitslos` (§2) können beide zutreffen, aber die Tabelle "
                         "`intervall` ist `treffer eindeutig`");
  CHECK(en[1].message == "rules `jung` (§1) and `arbeitslos` (§2) can both apply, but table `intervall` is `hit unique`");
  CHECK(de[1].secondary.at(0).text == "und diese Regel");
}

TEST_CASE("messages run: kadenz eval's summary on standard error follows the policy's language", "[messages][cli]") {
  TempDir dir;
  const std::string csv = dir.write("bestand.csv", kCaseload);
  const Result de = run_kadenz(dir, "eval " + sh(dir.write("klein.kadenz", kGerman)) + " " + sh(csv) +
                                        " --as-of 2017-03-01 -o " + sh(dir.path("de.csv")));
  CHECK(de.code == 1);
  CHECK(contains(de.err, "kadenz: Stichtag 2017-03-01: 10 Zeilen gelesen, 1 entschieden, 9 mit Fehlern, 0 mit "
                         "Warnungen, 0 mit einer id, die eine frühere Zeile schon hat\n"
                         "kadenz: die nicht entschiedenen Zeilen, nach Art des Fehlers:\n"
                         "  1 Zeile: Division durch null (bei "));
  const Result en = run_kadenz(dir, "eval " + sh(dir.write("klein-en.kadenz", kEnglish)) + " " + sh(csv) +
                                        " --as-of 2017-03-01 -o " + sh(dir.path("en.csv")));
  CHECK(en.code == 1);
  CHECK(contains(en.err, "kadenz: as_of 2017-03-01: 10 rows read, 1 decided, 9 with errors, 0 with warnings, 0 with "
                         "an id an earlier row has\n"
                         "kadenz: the rows not decided, by kind of error:\n"
                         "  1 row: aktiv: "));
  // outside the validity, a bad --as-of, a missing column: in the policy's language too
  const Result early = run_kadenz(dir, "eval " + sh(dir.path("klein.kadenz")) + " " + sh(csv) + " --as-of 2016-01-01");
  CHECK(early.code == 2);
  CHECK(contains(early.err, "kadenz: der Stichtag 2016-01-01 liegt außerhalb der Gültigkeit von "));
  CHECK(contains(early.err, "(2017-01-01 bis offen)\n  Hilfe: Wählen Sie mit --as-of"));
  const Result bad = run_kadenz(dir, "eval " + sh(dir.path("klein.kadenz")) + " " + sh(csv) + " --as-of 31.02.2017");
  CHECK(bad.code == 2);
  CHECK(contains(bad.err, "kadenz: --as-of `31.02.2017` ist kein Datum (schreiben Sie TT.MM.JJJJ oder JJJJ-MM-TT)"));
  const std::string nowhere = dir.path("fehlt") + "/aus.csv";
  const Result out = run_kadenz(dir, "eval " + sh(dir.path("klein.kadenz")) + " " + sh(csv) +
                                         " --as-of 2017-03-01 -o " + sh(nowhere));
  CHECK(out.code == 2);
  CHECK(contains(out.err, "kadenz: " + nowhere + " kann nicht geschrieben werden: in " + dir.path("fehlt") +
                              " kann keine Datei angelegt werden: "));
}

TEST_CASE("messages run: no message of the run side bypasses the catalogue", "[messages][catalogue]") {
  // What a message written in place looks like: a diagnostic or finding with a literal code, an
  // error or a calculation fault assigned a literal text (fmt::format'ed or not). Punctuation
  // that joins catalogue texts ("; ", ": ") is not a message.
  const std::regex literal_message(R"((Diagnostic\{\s*")|(add\(cx,\s*")|(Fault\{[^}]*")|)"
                                   R"(((\berror|\berror_|\bio_error_)\s*\+?=\s*(fmt::format\()?"[A-Za-z]))");
  std::size_t files = 0;
  for (const char* dir : {"interpreter/analyze", "interpreter/caseload", "interpreter/report", "interpreter/evaluate",
                          "cli/caseload_io.cpp"}) {
    const std::filesystem::path root = source_path(dir);
    std::vector<std::filesystem::path> paths;
    if (std::filesystem::is_directory(root)) {
      for (const auto& e : std::filesystem::directory_iterator(root)) paths.push_back(e.path());
    } else {
      paths.push_back(root);
    }
    for (const auto& path : paths) {
      // the HTML pages are German for every policy (their labels are not messages)
      if (path.filename().string().rfind("html", 0) == 0) continue;
      ++files;
      std::istringstream lines(read_file(path.string()));
      std::string line;
      for (std::size_t n = 1; std::getline(lines, line); ++n) {
        INFO(path.string() << ":" << n << ": " << line);
        CHECK_FALSE(std::regex_search(line, literal_message));
      }
    }
  }
  CHECK(files > 30);
}
