// Tests of the CSV reader's encodings (UTF-8, Windows-1252, auto-detection) and dialects (tab
// delimiter, CR-only line ends); all data is synthetic.
#include "interpreter/caseload/csv.hpp"
#include "stdlib/utf8.hpp"

#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <string_view>
#include <vector>

using kadenz::detail::CsvReader;
using kadenz::detail::Encoding;
using namespace std::string_literals;

namespace {

// Everything a reader produced for one input, copied out of the reader.
struct Read {
  bool header_ok = false;
  std::string header_error;
  char delimiter = '?';
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<std::size_t> lines;
  std::vector<std::string> errors;
  Encoding encoding = Encoding::auto_detect;
  bool guessed = false;

  bool operator==(const Read&) const = default;
};

Read read_all(std::string_view text, std::size_t chunk = std::size_t{1} << 20,
              Encoding encoding = Encoding::auto_detect) {
  CsvReader reader(text, chunk);
  reader.set_encoding(encoding);
  Read r;
  r.header_ok = reader.read_header(r.header, r.header_error);
  r.delimiter = reader.delimiter();
  CsvReader::Record rec;
  while (reader.next(rec)) {
    r.rows.emplace_back(rec.fields.begin(), rec.fields.end());
    r.lines.push_back(rec.line);
    r.errors.push_back(rec.error);
  }
  r.encoding = reader.encoding();
  r.guessed = reader.guessed_cp1252();
  return r;
}

constexpr std::size_t kChunks[] = {1, 2, 3, 4, 5, 7, 64, std::size_t{1} << 20};

}  // namespace

TEST_CASE("csv dialects: a Windows-1252 file is read as UTF-8 text, at every chunk size", "[csv][encoding]") {
  // German Excel's plain "CSV": ä = E4, ß = DF, € = 80, „ = 84, “ = 93; `;` and CRLF.
  const std::string cp1252 = "Kundennummer;Gesch\xE4""ftsstelle;Notiz\r\nK1;S\xFC""d;\x84Stra\xDF""e\x93\r\nK2;Nord;80 \x80\r\n";
  const std::string utf8 = "Kundennummer;Geschäftsstelle;Notiz\r\nK1;Süd;„Straße“\r\nK2;Nord;80 €\r\n";
  const Read twin = read_all(utf8);
  REQUIRE(twin.header_ok);
  CHECK(twin.encoding == Encoding::utf8);
  CHECK_FALSE(twin.guessed);
  for (const std::size_t chunk : kChunks) {
    INFO("chunk " << chunk);
    const Read r = read_all(cp1252, chunk);
    REQUIRE(r.header_ok);
    CHECK(r.header == twin.header);
    CHECK(r.rows == twin.rows);
    CHECK(r.lines == twin.lines);
    CHECK(r.encoding == Encoding::cp1252);
    CHECK(r.guessed);
    // Told so, the result is the same, but nothing was guessed.
    const Read told = read_all(cp1252, chunk, Encoding::cp1252);
    CHECK(told.rows == twin.rows);
    CHECK_FALSE(told.guessed);
  }
}

TEST_CASE("csv dialects: bytes before the first non-ASCII byte decide nothing; a late Windows-1252 byte still switches",
          "[csv][encoding]") {
  std::string text = "id;name\n";
  for (int i = 0; i < 200; ++i) {
    text += 'K';
    text += std::to_string(i);
    text += ";Meyer\n";
  }
  text += "K200;M\xFC""ller\n";
  for (const std::size_t chunk : kChunks) {
    INFO("chunk " << chunk);
    const Read r = read_all(text, chunk);
    REQUIRE(r.rows.size() == 201);
    CHECK(r.rows.back() == std::vector<std::string>{"K200", "Müller"});
    CHECK(r.guessed);
  }
  // Only ASCII: nothing is decided, nothing is said.
  const Read ascii = read_all("id;name\nK1;Meyer\n");
  CHECK(ascii.encoding == Encoding::auto_detect);
  CHECK_FALSE(ascii.guessed);
}

TEST_CASE("csv dialects: after a UTF-8 character, bytes that are not UTF-8 reach the cells unchanged", "[csv][encoding]") {
  // The cells refuse them (a row error, test_encodings.cpp); the reader never reinterprets what
  // it has already read as UTF-8.
  const std::string text = "id;name\nK1;Müller\nK2;M\xFC""ller\n";
  for (const std::size_t chunk : kChunks) {
    INFO("chunk " << chunk);
    const Read r = read_all(text, chunk);
    REQUIRE(r.rows.size() == 2);
    CHECK(r.rows[0][1] == "Müller");
    CHECK(r.rows[1][1] == "M\xFC""ller");
    CHECK(r.encoding == Encoding::utf8);
    CHECK_FALSE(r.guessed);
  }
  // --encoding utf-8: never decoded, even before any UTF-8 character.
  const Read told = read_all("id;name\nK2;M\xFC""ller\n", 3, Encoding::utf8);
  REQUIRE(told.rows.size() == 1);
  CHECK(told.rows[0][1] == "M\xFC""ller");
  CHECK_FALSE(told.guessed);
}

TEST_CASE("csv dialects: a UTF-8 character cut by a chunk's end is recognised at every chunk size", "[csv][encoding]") {
  // The first non-ASCII character at every offset of the first chunks: 2-, 3- and 4-byte forms.
  for (const std::string& ch : {"ä"s, "€"s, "\xF0\x9F\x98\x80"s}) {
    for (std::size_t pad = 0; pad < 9; ++pad) {
      const std::string text = "id\n" + std::string(pad, 'x') + ch + "\n";
      for (const std::size_t chunk : kChunks) {
        INFO("pad " << pad << ", chunk " << chunk);
        const Read r = read_all(text, chunk);
        REQUIRE(r.rows.size() == 1);
        CHECK(r.rows[0][0] == std::string(pad, 'x') + ch);
        CHECK(r.encoding == Encoding::utf8);
      }
    }
  }
}

TEST_CASE("csv dialects: a UTF-8 byte order mark decides UTF-8, and is refused with --encoding cp1252", "[csv][encoding]") {
  const Read r = read_all("\xEF\xBB\xBFid\nM\xFC""ller\n");
  CHECK(r.encoding == Encoding::utf8);
  CHECK(r.header == std::vector<std::string>{"id"});
  const Read told = read_all("\xEF\xBB\xBFid\nx\n", 1 << 20, Encoding::cp1252);
  CHECK_FALSE(told.header_ok);
  CHECK(told.header_error.find("UTF-8") != std::string::npos);
  CHECK(told.header_error.find("--encoding") != std::string::npos);
}

TEST_CASE("csv dialects: Windows-1252 widens the buffer by at most twice the chunk", "[csv][encoding]") {
  // Every byte a euro sign (three bytes in UTF-8): the worst case.
  const std::string text = "id\n" + std::string(1000, '\x80') + "\n";
  for (const std::size_t chunk : {std::size_t{1}, std::size_t{16}, std::size_t{100}, std::size_t{4096}}) {
    CsvReader reader(text, chunk);
    std::vector<std::string> header;
    std::string error;
    REQUIRE(reader.read_header(header, error));
    CsvReader::Record rec;
    REQUIRE(reader.next(rec));
    REQUIRE(rec.fields.size() == 1);
    CHECK(rec.fields[0].size() == 3000);
    CHECK(kadenz::utf8::is_valid(rec.fields[0]));
    INFO("chunk " << chunk);
    CHECK(reader.buffer_capacity() <= 3 * chunk + 3000 + 3 * 3);
  }
}

TEST_CASE("csv dialects: old Mac line ends (CR only) end rows, at every chunk size", "[csv][dialect]") {
  const std::string lf = "id;n\nK1;1\n\"K;2\";\"a\nb\"\n\nK3;3\n";
  std::string cr = lf;
  for (auto& c : cr)
    if (c == '\n') c = '\r';
  const Read twin = read_all(lf);
  REQUIRE(twin.rows.size() == 3);
  for (const std::size_t chunk : kChunks) {
    INFO("chunk " << chunk);
    const Read r = read_all(cr, chunk);
    REQUIRE(r.header_ok);
    CHECK(r.header == twin.header);
    CHECK(r.rows == twin.rows);  // a CR inside quotes is a line break of the cell, read as LF
    CHECK(r.lines == twin.lines);
    // Empty lines before the header, too.
    CHECK(read_all("\r\r" + cr, chunk).rows == twin.rows);
  }
  // CRLF files and a lone CR inside a CRLF file's row are unchanged.
  CHECK(read_all("a;b\r\nx\ry;z\r\n").rows == std::vector<std::vector<std::string>>{{"x\ry", "z"}});
}

TEST_CASE("csv dialects: a tab-separated file is detected like `;` and `,`", "[csv][dialect]") {
  for (const std::size_t chunk : kChunks) {
    INFO("chunk " << chunk);
    const Read r = read_all("id\tbirth_date\t\"Name, Vorname\"\nK1\t1.1.1970\tx\n", chunk);
    REQUIRE(r.header_ok);
    CHECK(r.delimiter == '\t');
    CHECK(r.header == std::vector<std::string>{"id", "birth_date", "Name, Vorname"});
    CHECK(r.rows == std::vector<std::vector<std::string>>{{"K1", "1.1.1970", "x"}});
  }
  // Tabs must outnumber both: a `;` header with one tab stays `;`.
  CHECK(read_all("a;b\tc;d\n").delimiter == ';');
  CHECK(read_all("a,b\tc\n").delimiter == ',');
}

TEST_CASE("csv dialects: property - chunk size never changes the result for random bytes", "[csv][encoding]") {
  // Random bytes with the characters that matter weighted up: the encoding decision, CR-only
  // detection and the widening must not depend on where chunks end.
  std::mt19937 rng(1212);
  const std::string_view special = "\r\n;,\t\"\xC3\xA4\xE4\x80\xF0\x9F\xEF\xBB\xBF";
  for (int round = 0; round < 1500; ++round) {
    std::string text;
    const std::size_t length = rng() % 48;
    for (std::size_t i = 0; i < length; ++i) {
      const unsigned pick = rng() % 4;
      text += pick == 0 ? static_cast<char>(rng() & 0xFF) : pick == 1 ? special[rng() % special.size()] : 'a';
    }
    for (const Encoding e : {Encoding::auto_detect, Encoding::utf8, Encoding::cp1252}) {
      const Read reference = read_all(text, std::size_t{1} << 20, e);
      for (const std::size_t chunk : {std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{5}}) {
        INFO("round " << round << ", chunk " << chunk);
        CHECK(read_all(text, chunk, e) == reference);
      }
      // Windows-1252 (told or guessed) gives only valid UTF-8.
      if (reference.encoding == Encoding::cp1252) {
        for (const auto& row : reference.rows)
          for (const auto& f : row) CHECK(kadenz::utf8::is_valid(f));
      }
    }
  }
}
