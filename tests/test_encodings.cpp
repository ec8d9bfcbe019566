// Caseload encodings and dialects end to end (issue 12): a German Excel "CSV" (Windows-1252)
// decides like its UTF-8 twin, NFD umlauts match, every output byte is valid UTF-8 without NUL
// (also for random bytes), tab and CR-only files, two-digit years, and the CLI's --encoding.
#include "run_cli.hpp"
#include "support.hpp"

#include "interpreter/caseload/run.hpp"
#include "stdlib/utf8.hpp"

#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <string_view>
#include <vector>

using namespace kadenz;
using detail::Encoding;
using detail::OutputFormat;
using namespace std::string_literals;

namespace {

// Umlauts in column names, enumeration values and text; a warning that interpolates a text cell.
const std::string kPolicy = test::with_header(R"policy(
facts
  id:     text, key, column "Kundennummer"
  stelle: text, column "Geschäftsstelle"
  profil: one of marktnah, unterstützungsprofil, förderprofil, column "Profillage"
  geboren: date, column "Geburtsdatum"
  bfm:    bool
  notiz:  text or empty, column "Bemerkung"
end

table intervall: months, hit first
  rule nah §1
    when profil = marktnah
    then 3 months
  rule unt §2
    when profil = unterstützungsprofil
    then 1 month
  rule foe §3
    when profil = förderprofil
    then 2 months
end

warn when notiz is not empty "Bemerkung: {notiz}"

output monate = intervall
output ort = "{stelle} ({profil})"
output alter = years_between(geboren, as_of)
)policy");

// The UTF-8 twin of a German Excel export: `;`, CRLF, umlauts, a quoted cell with `;` and quotes,
// typographic quotes and a euro sign (bytes 0x84, 0x93, 0x80 in Windows-1252), an error row.
const std::string kUtf8Twin =
    "Kundennummer;Geschäftsstelle;Profillage;Geburtsdatum;bfm;Bemerkung\r\n"
    "K1;Coburg Süd;unterstützungsprofil;20.03.1988;ja;„Grüße“ – 50 €\r\n"
    "K2;Rödental;förderprofil;1.1.1970;Nein;\r\n"
    "K3;Neustadt;marktnah;01.02.1960;WAHR;\"Text; mit \"\"Zitat\"\"\"\r\n"
    "K4;Öslau;Förderprofil;01.02.1960;falsch;ÄÖÜäöüß\r\n"
    "K5;Weißenbrunn;marktnah;20.03.88;ja;\r\n";

// Encodes UTF-8 text as Windows-1252 (only characters Windows-1252 has).
std::string to_cp1252(std::string_view text) {
  static const std::pair<char32_t, unsigned char> kHigh[] = {
      {0x20AC, 0x80}, {0x201E, 0x84}, {0x201C, 0x93}, {0x201D, 0x94}, {0x2013, 0x96}, {0x2014, 0x97}};
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = utf8::char_length(text.substr(i));
    REQUIRE(n > 0);
    char32_t cp = static_cast<unsigned char>(text[i]) & (n == 1 ? 0x7F : n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07);
    for (std::size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    i += n;
    if (cp < 0x80 || (cp >= 0xA0 && cp <= 0xFF)) {
      out += static_cast<char>(cp);
      continue;
    }
    bool found = false;
    for (const auto& [c, b] : kHigh) {
      if (c == cp) {
        out += static_cast<char>(b);
        found = true;
      }
    }
    REQUIRE(found);
  }
  return out;
}

struct Run {
  bool ok = false;
  std::string error;   // header or binding error
  std::string output;  // rows
  bool guessed = false;
};

// Reads `csv` with `encoding` and evaluates it (`jobs` threads, small batches so that several
// are used).
Run run(const detail::Program& program, const std::string& csv, OutputFormat format, unsigned jobs = 1,
        Encoding encoding = Encoding::auto_detect, std::size_t chunk = std::size_t{1} << 20) {
  Run r;
  detail::CsvReader reader(std::string_view(csv), chunk);
  reader.set_encoding(encoding);
  std::vector<std::string> header;
  detail::ColumnBinding binding;
  if (!reader.read_header(header, r.error) || !detail::bind_columns(program, header, binding, r.error)) return r;
  std::FILE* out = std::tmpfile();
  REQUIRE(out != nullptr);
  detail::CaseloadSummary summary;
  detail::BatchLimits limits;
  limits.batch_bytes = 64;
  REQUIRE(detail::evaluate_caseload(program, reader, binding, *detail::parse_date("2017-03-01"), format, out, summary,
                                    r.error, jobs, limits));
  std::rewind(out);
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, out)) > 0) r.output.append(buf, n);
  std::fclose(out);
  r.ok = true;
  r.guessed = reader.guessed_cp1252();
  return r;
}

std::shared_ptr<const detail::Program> compiled(const std::string& policy) {
  const Compiled c = compile_policy("test.kadenz", policy);
  INFO(c.diagnostics.size());
  REQUIRE(c.ok());
  return kadenz::detail::program_of(c);
}

bool safe(std::string_view s) { return utf8::is_valid(s) && s.find('\0') == std::string_view::npos; }

}  // namespace

TEST_CASE("encodings: a German Excel CSV (Windows-1252) decides byte for byte like its UTF-8 twin", "[encoding]") {
  const auto program = compiled(kPolicy);
  const std::string cp1252 = to_cp1252(kUtf8Twin);
  REQUIRE_FALSE(utf8::is_valid(cp1252));
  std::string back;  // the test's encoder agrees with the reader's decoder
  utf8::append_cp1252(back, cp1252);
  REQUIRE(back == kUtf8Twin);

  for (const OutputFormat format : {OutputFormat::csv, OutputFormat::jsonl}) {
    const Run twin = run(*program, kUtf8Twin, format);
    REQUIRE(twin.ok);
    CHECK_FALSE(twin.guessed);
    // The twin decides what it should: K1..K4 decided (K4's enumeration is misspelt), K5 a
    // two-digit year.
    CHECK(test::contains(twin.output, "Coburg Süd (unterstützungsprofil)"));
    CHECK(test::contains(twin.output, "Bemerkung: „Grüße“ – 50 €"));
    CHECK(test::contains(twin.output, "write the year with four digits (e.g. 20.03.1988)"));
    CHECK(test::contains(twin.output, "unknown value `Förderprofil`"));
    CHECK(safe(twin.output));
    for (const unsigned jobs : {1u, 3u}) {
      for (const std::size_t chunk : {std::size_t{1}, std::size_t{7}, std::size_t{1} << 20}) {
        INFO("jobs " << jobs << ", chunk " << chunk);
        const Run guessed = run(*program, cp1252, format, jobs, Encoding::auto_detect, chunk);
        REQUIRE(guessed.ok);
        CHECK(guessed.guessed);
        CHECK(guessed.output == twin.output);
        const Run told = run(*program, cp1252, format, jobs, Encoding::cp1252, chunk);
        CHECK(told.output == twin.output);
      }
    }
  }
}

TEST_CASE("encodings: --encoding utf-8 makes a Windows-1252 cell a row error that names the column, not the bytes",
          "[encoding]") {
  const auto program = compiled(kPolicy);
  // A UTF-8 header, one good row, then Windows-1252 bytes in an id, a text and an enumeration.
  const std::string csv = "Kundennummer;Geschäftsstelle;Profillage;Geburtsdatum;bfm;Bemerkung\n"
                          "K1;Süd;marktnah;1.1.1970;ja;\n"
                          "K\xE4;S\xFC""d;f\xF6rderprofil;1.1.1970;ja;Gr\xFC\xDF""e\n";
  for (const Encoding e : {Encoding::utf8, Encoding::auto_detect}) {
    for (const OutputFormat format : {OutputFormat::csv, OutputFormat::jsonl}) {
      const Run r = run(*program, csv, format, 1, e);
      REQUIRE(r.ok);
      INFO(r.output);
      CHECK(safe(r.output));
      CHECK(test::contains(r.output, "Geschäftsstelle: not valid UTF-8"));
      CHECK(test::contains(r.output, "Profillage: not valid UTF-8"));
      CHECK(test::contains(r.output, "Bemerkung: not valid UTF-8"));
      CHECK(test::contains(r.output, "K\xEF\xBF\xBD"));  // the id, its bad byte as U+FFFD
      CHECK_FALSE(test::contains(r.output, "rderprofil"));
    }
  }
  // A header that is not UTF-8 under --encoding utf-8: the message says so.
  Run header = run(*program, to_cp1252(kUtf8Twin), OutputFormat::csv, 1, Encoding::utf8);
  CHECK_FALSE(header.ok);
  CHECK(test::contains(header.error, "no column Geschäftsstelle"));
  CHECK(test::contains(header.error, "header is not valid UTF-8"));
  CHECK(safe(header.error));
}

TEST_CASE("encodings: NFD umlauts (as a Mac writes them) match in headers and enumeration cells", "[encoding]") {
  const auto program = compiled(kPolicy);
  // u + U+0308 COMBINING DIAERESIS instead of ü, in the header and in the cells.
  const std::string nfd = "Kundennummer;Gescha\xCC\x88""ftsstelle;Profillage;Geburtsdatum;bfm;Bemerkung\n"
                          "K1;Su\xCC\x88""d;unterstu\xCC\x88tzungsprofil;1.1.1970;ja;\n"
                          "K2;Nord;fo\xCC\x88rderprofil;1.1.1970;nein;\n";
  const Run r = run(*program, nfd, OutputFormat::csv);
  REQUIRE(r.ok);
  INFO(r.output);
  CHECK(test::contains(r.output, "\nK1,1,"));
  CHECK(test::contains(r.output, "(unterstützungsprofil)"));  // the policy's spelling
  CHECK(test::contains(r.output, "\nK2,2,"));
  CHECK_FALSE(test::contains(r.output, "unknown value"));
}

TEST_CASE("encodings: a shown enumeration cell is cut on a character boundary", "[encoding]") {
  const auto program = compiled(kPolicy);
  // 39 ASCII bytes, then `ä` across the 40-byte cut.
  const std::string cell = std::string(39, 'x') + "äöü";
  const Run r = run(*program,
                    "Kundennummer;Geschäftsstelle;Profillage;Geburtsdatum;bfm;Bemerkung\nK1;S;" + cell +
                        ";1.1.1970;ja;\n",
                    OutputFormat::jsonl);
  REQUIRE(r.ok);
  INFO(r.output);
  CHECK(safe(r.output));
  CHECK(test::contains(r.output, "unknown value `" + std::string(39, 'x') + "…`"));
}

TEST_CASE("encodings: a NUL byte in an id never reaches the output", "[encoding]") {
  const auto program = compiled(kPolicy);
  for (const std::string& row : {"K\0"s + "1;S;marktnah;1.1.1970;ja;\n", "\"K\0"s + "1\";S;marktnah;1.1.1970;ja;\n"}) {
    for (const OutputFormat format : {OutputFormat::csv, OutputFormat::jsonl}) {
      const Run r = run(*program, "Kundennummer;Geschäftsstelle;Profillage;Geburtsdatum;bfm;Bemerkung\n" + row, format);
      REQUIRE(r.ok);
      INFO(r.output);
      CHECK(safe(r.output));
      CHECK(test::contains(r.output, "NUL byte"));
    }
  }
}

TEST_CASE("encodings: a tab-separated and a CR-only file decide like the `;` LF file", "[dialect]") {
  const auto program = compiled(kPolicy);
  const Run twin = run(*program, kUtf8Twin, OutputFormat::csv);
  std::string tab = kUtf8Twin, cr;
  for (auto& c : tab)
    if (c == ';') c = '\t';
  // The quoted cell keeps its `;`: only the delimiters outside quotes become tabs.
  const auto quoted = tab.find("Text\t mit");
  REQUIRE(quoted != std::string::npos);
  tab[quoted + 4] = ';';
  for (const char c : kUtf8Twin)
    if (c != '\n') cr += c;
  const Run from_tab = run(*program, tab, OutputFormat::csv);
  REQUIRE(from_tab.ok);
  CHECK(from_tab.output == twin.output);
  const Run from_cr = run(*program, cr, OutputFormat::csv);
  REQUIRE(from_cr.ok);
  CHECK(from_cr.output == twin.output);
  // A file whose delimiter is none of them: the missing-column message says what is read.
  const Run pipes = run(*program, "Kundennummer|Geschäftsstelle\nK1|S\n", OutputFormat::csv);
  CHECK_FALSE(pipes.ok);
  CHECK(test::contains(pipes.error, "single column"));
}

TEST_CASE("encodings: random bytes give valid UTF-8 without NUL in every output and message", "[encoding]") {
  const auto program = compiled(kPolicy);
  const std::string header = "Kundennummer;Geschäftsstelle;Profillage;Geburtsdatum;bfm;Bemerkung\n";
  const std::vector<std::string> pieces = {";", ";", "\n", "\r", "\r\n", "\"", "\0"s, "ä", "a\xCC\x88", "\xE4",
                                           "\xFC", "\x80", "\xC3", "\xE2\x82", "\xF0\x9F\x98", "\xED\xA0\x80",
                                           "\xC0\xAF", "marktnah", "förderprofil", "1.1.1970", "ja", "K1", "=x"};
  std::mt19937 rng(4711);
  std::size_t decided = 0, errors = 0;
  for (int round = 0; round < 3000; ++round) {
    // A good row with a few random bytes or pieces put in (or none), then random bytes.
    std::string csv = round % 10 == 0 ? std::string() : header;
    std::string row = "K1;Süd;marktnah;1.1.1970;ja;Grüße\n";
    for (std::size_t k = rng() % 4; k > 0; --k) {
      const std::size_t at = rng() % (row.size() + 1);
      row.insert(at, rng() % 2 == 0 ? std::string(1, static_cast<char>(rng() & 0xFF)) : pieces[rng() % pieces.size()]);
    }
    csv += row;
    const std::size_t n = rng() % 40;
    for (std::size_t i = 0; i < n; ++i) {
      if (rng() % 3 == 0) {
        csv += static_cast<char>(rng() & 0xFF);
      } else {
        csv += pieces[rng() % pieces.size()];
      }
    }
    const Encoding e = round % 3 == 0 ? Encoding::utf8 : Encoding::auto_detect;
    for (const OutputFormat format : {OutputFormat::csv, OutputFormat::jsonl}) {
      const Run r = run(*program, csv, format, 1 + static_cast<unsigned>(round % 2), e, 1 + rng() % 8);
      INFO("round " << round);
      CHECK(safe(r.error));
      CHECK(safe(r.output));
      if (r.ok) {
        decided += test::contains(r.output, ",,\n") || test::contains(r.output, "\"error\":null") ? 1u : 0u;
        errors += test::contains(r.output, "not valid UTF-8") ? 1u : 0u;
      }
    }
  }
  // The generator reaches both decided rows and rows refused for their encoding.
  CHECK(decided > 0);
  CHECK(errors > 0);
}

TEST_CASE("encodings: two-digit years get a message that says to write four digits", "[dialect]") {
  const auto program = compiled(kPolicy);
  const Run r = run(*program,
                    "Kundennummer;Geschäftsstelle;Profillage;Geburtsdatum;bfm;Bemerkung\n"
                    "K1;S;marktnah;20.03.88;ja;\nK2;S;marktnah;1.1.17;ja;\nK3;S;marktnah;31.02.88;ja;\n",
                    OutputFormat::csv);
  REQUIRE(r.ok);
  INFO(r.output);
  CHECK(test::contains(r.output, "K1,,,,,,,Geburtsdatum: write the year with four digits (e.g. 20.03.1988)\n"));
  CHECK(test::contains(r.output, "K2,,,,,,,Geburtsdatum: write the year with four digits (e.g. 20.03.1988)\n"));
  // Not a date in any century: the usual message.
  CHECK(test::contains(r.output, "K3,,,,,,,Geburtsdatum: not a valid date"));
}

// ---- the command line ---------------------------------------------------------------------

TEST_CASE("cli: a Windows-1252 caseload gets a note on stderr; --encoding says how to read it", "[cli][encoding]") {
  test::TempDir dir;
  const auto policy = dir.write("p.kadenz", kPolicy);
  const auto utf8_csv = dir.write("utf8.csv", kUtf8Twin);
  const auto cp_csv = dir.write("cp1252.csv", to_cp1252(kUtf8Twin));
  const std::string args = "eval " + test::sh(policy) + " --as-of 2017-03-01 ";
  const test::Result twin = test::run_kadenz(dir, args + test::sh(utf8_csv));
  CHECK(twin.code == 1);  // K4 and K5 are errors
  CHECK_FALSE(test::contains(twin.err, "Windows-1252"));

  const test::Result guessed = test::run_kadenz(dir, args + test::sh(cp_csv));
  CHECK(guessed.code == 1);
  CHECK(guessed.out == twin.out);
  CHECK(test::contains(guessed.err, "is not UTF-8; it is read as Windows-1252"));
  CHECK(test::contains(guessed.err, "CSV UTF-8"));

  const test::Result told = test::run_kadenz(dir, args + test::sh(cp_csv) + " --encoding cp1252");
  CHECK(told.out == twin.out);
  CHECK_FALSE(test::contains(told.err, "Windows-1252"));

  const test::Result strict = test::run_kadenz(dir, args + test::sh(cp_csv) + " --encoding utf-8");
  CHECK(strict.code == 2);
  CHECK(test::contains(strict.err, "header is not valid UTF-8"));
  CHECK(safe(strict.err));

  const test::Result bad = test::run_kadenz(dir, args + test::sh(cp_csv) + " --encoding latin9");
  CHECK(bad.code == 2);

  // workload and whatif take the option too (the policy has no workload block: exit 2 either
  // way, but the option is accepted, not a usage error).
  for (const std::string& cmd : {"workload " + test::sh(policy), "whatif " + test::sh(policy) + " " + test::sh(policy)}) {
    const test::Result r = test::run_kadenz(dir, cmd + " " + test::sh(cp_csv) + " --encoding cp1252");
    CHECK(test::contains(r.err, "no `workload` block"));
  }
}

TEST_CASE("cli: a policy file name that is not UTF-8 reaches no output raw", "[cli][encoding]") {
  test::TempDir dir;
  // a division by zero for n = 0: the row's error names the policy file and line
  const auto policy = dir.write("p\xFF.kadenz", test::with_header(
      "facts\n  id: text, key\n  n: int\nend\nlet q = 100 / n\n"
      "table t: int, hit first\n  rule a §1 otherwise then q\nend\noutput v = t\n"));
  const auto csv = dir.write("c.csv", "id;n\nK1;0\n");
  for (const std::string format : {"csv", "jsonl"}) {
    const test::Result r =
        test::run_kadenz(dir, "eval " + test::sh(policy) + " " + test::sh(csv) + " --as-of 2017-03-01 --format " + format);
    CHECK(r.code == 1);
    CHECK(test::contains(r.out, "division by zero (at "));
    CHECK(safe(r.out));
    CHECK(safe(r.err));
  }
}

TEST_CASE("cli: repeated ids in a Windows-1252 caseload are found and named as in UTF-8", "[cli][encoding][keys]") {
  test::TempDir dir;
  const auto policy = dir.write("p.kadenz", kPolicy);
  // K1 and Kö6 each appear twice; the second reading (for the exact comparison) must decode the
  // file as the first did, or `Kö6` would not match its hash
  const std::string twin = kUtf8Twin + "K1;Coburg Süd;marktnah;20.03.1988;ja;\r\nKö6;Rödental;marktnah;20.03.1988;ja;\r\n" +
                           "Kö6;Rödental;marktnah;20.03.1988;ja;\r\n";
  const auto utf8_csv = dir.write("utf8.csv", twin);
  const auto cp_csv = dir.write("cp1252.csv", to_cp1252(twin));
  const std::string args = "eval " + test::sh(policy) + " --as-of 2017-03-01 ";
  const test::Result u = test::run_kadenz(dir, args + test::sh(utf8_csv));
  const test::Result c = test::run_kadenz(dir, args + test::sh(cp_csv));
  CHECK(c.out == u.out);
  CHECK(test::contains(u.err, "id `K1` is in 2 rows"));
  CHECK(test::contains(c.err, "id `K1` is in 2 rows"));
  CHECK(test::contains(c.err, "id `Kö6` is in 2 rows"));
  CHECK(test::contains(c.err, "2 with an id an earlier row has\n"));
  CHECK(safe(c.err));
  // the note about the encoding comes once, not again for the second reading
  const std::string note = "is not UTF-8; it is read as Windows-1252";
  const auto first = c.err.find(note);
  REQUIRE(first != std::string::npos);
  CHECK(c.err.find(note, first + 1) == std::string::npos);
}

TEST_CASE("cli: random bytes give valid UTF-8 on standard output and standard error of eval and workload",
          "[cli][encoding]") {
  // The CLI adds its own texts to the library's: the encoding note, the repeated-id warnings, the
  // summary with its error kinds, and workload's JSON. Each must be valid UTF-8 without NUL too.
  test::TempDir dir;
  const auto policy = dir.write("coburg.kadenz", test::read_file(test::source_path("policies/coburg-land-2017.kadenz")));
  const std::string header =
      "id,birth_date,status,profile,bfm,massnahme,arbeitsunfaehig,foerderung,para10,german_ok,last_contact,"
      "profiling_date,extension_months,extension_reason,closer_months\n";
  const std::string good = "K1,1980-05-14,arbeitslos,marktnah,false,false,false,keine,false,true,2017-01-10,2016-11-02,,,\n";
  const std::vector<std::string> pieces = {",", "\n", "\r", "\"", "ä", "\xE4", "\xFF", "\xC3", "\xE2\x82", "K1",
                                           "14.05.88", "marktnah", "Geheim"};
  std::mt19937 rng(815);
  for (int round = 0; round < 40; ++round) {
    std::string csv = round % 8 == 0 ? std::string() : header;
    for (int r = 0; r < 6; ++r) {
      std::string row = good;
      for (std::size_t k = rng() % 4; k > 0; --k)
        row.insert(rng() % (row.size() + 1),
                   rng() % 2 == 0 ? std::string(1, static_cast<char>(rng() & 0xFF)) : pieces[rng() % pieces.size()]);
      csv += row;
    }
    const auto file = dir.write("r.csv", csv);
    for (const std::string command : {"eval", "eval --format jsonl", "workload --format json"}) {
      const std::string verb = command.substr(0, command.find(' '));
      const std::string rest = command.size() > verb.size() ? command.substr(verb.size()) : "";
      const test::Result r =
          test::run_kadenz(dir, verb + " " + test::sh(policy) + " " + test::sh(file) + " --as-of 2017-03-01" + rest);
      INFO("round " << round << ": " << command);
      CHECK(r.code >= 0);
      CHECK(r.code <= 2);
      CHECK(safe(r.out));
      CHECK(safe(r.err));
    }
  }
}
