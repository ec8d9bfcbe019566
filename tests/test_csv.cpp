// Tests of the streaming CSV reader (interpreter/caseload/csv.hpp); all data is synthetic.
#include "interpreter/caseload/csv.hpp"
#include "grammar/limits.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <random>
#include <string>
#include <string_view>
#include <vector>

using kadenz::detail::CsvReader;
using kadenz::detail::kMaxQuotedContinuationBytes;
using kadenz::detail::kMaxRecordBytes;
using namespace std::string_literals;

namespace {

// A record copied out of the reader, so results of different readers can be compared.
struct Row {
  std::vector<std::string> fields;
  std::size_t number = 0;
  std::size_t line = 0;
  std::string error;

  bool operator==(const Row&) const = default;
};

// Everything a reader produced for one input.
struct Parsed {
  bool header_ok = false;
  std::string header_error;
  char delimiter = '?';
  std::vector<std::string> header;
  std::vector<Row> rows;
  std::string io_error;

  bool operator==(const Parsed&) const = default;
};

Parsed read_all(CsvReader& reader) {
  Parsed p;
  p.header_ok = reader.read_header(p.header, p.header_error);
  p.delimiter = reader.delimiter();
  CsvReader::Record rec;
  while (reader.next(rec)) {
    Row row;
    row.fields.assign(rec.fields.begin(), rec.fields.end());
    row.number = rec.number;
    row.line = rec.line;
    row.error = rec.error;
    p.rows.push_back(std::move(row));
  }
  p.io_error = reader.io_error();
  return p;
}

Parsed read_all(std::string_view text, std::size_t chunk = std::size_t{1} << 20) {
  CsvReader reader(text, chunk);
  return read_all(reader);
}

// Catch prints these on failure; control characters are made visible.
std::string show(std::string_view s) {
  std::string out;
  for (const char c : s) {
    if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c == '\0') out += "\\0";
    else out += c;
  }
  return out;
}

std::vector<std::string> fields(std::initializer_list<const char*> list) {
  return {list.begin(), list.end()};
}

}  // namespace

TEST_CASE("csv: semicolon delimiter is detected from the header") {
  const Parsed p = read_all("Kunden-Nr;Name;Kontakt\n1;Muster;ja\n");
  REQUIRE(p.header_ok);
  CHECK(p.delimiter == ';');
  CHECK(p.header == fields({"Kunden-Nr", "Name", "Kontakt"}));
  REQUIRE(p.rows.size() == 1);
  CHECK(p.rows[0].fields == fields({"1", "Muster", "ja"}));
}

TEST_CASE("csv: comma delimiter when commas outnumber semicolons") {
  const Parsed p = read_all("a,b;c,d\n1,2;3,4\n");
  REQUIRE(p.header_ok);
  CHECK(p.delimiter == ',');
  CHECK(p.header == fields({"a", "b;c", "d"}));
  REQUIRE(p.rows.size() == 1);
  CHECK(p.rows[0].fields == fields({"1", "2;3", "4"}));
}

TEST_CASE("csv: a tie between ';' and ',' picks ','") {
  const Parsed p = read_all("a;b,c\n1;2,3\n");
  REQUIRE(p.header_ok);
  CHECK(p.delimiter == ',');
  CHECK(p.header == fields({"a;b", "c"}));

  const Parsed single = read_all("Name\nx;y\n");
  REQUIRE(single.header_ok);
  CHECK(single.delimiter == ',');
  REQUIRE(single.rows.size() == 1);
  CHECK(single.rows[0].fields == fields({"x;y"}));
}

TEST_CASE("csv: delimiters inside quoted header names are not counted") {
  // Two ';' inside quotes, one ',' outside: ','.
  const Parsed p = read_all("\"a;b;c\",d\n1,2\n");
  REQUIRE(p.header_ok);
  CHECK(p.delimiter == ',');
  CHECK(p.header == fields({"a;b;c", "d"}));
  // A literal quote inside an unquoted name does not open a quoted section.
  const Parsed q = read_all("Gr\xC3\xB6\xC3\x9F" "e 5\";b;c,d\n");
  REQUIRE(q.header_ok);
  CHECK(q.delimiter == ';');
  CHECK(q.header == fields({"Gr\xC3\xB6\xC3\x9F" "e 5\"", "b", "c,d"}));
}

TEST_CASE("csv: header names are unquoted but not trimmed") {
  const Parsed p = read_all("\"Kunden-Nr\"; Name ;\"a \"\"b\"\"\"\n");
  REQUIRE(p.header_ok);
  CHECK(p.header == fields({"Kunden-Nr", " Name ", "a \"b\""}));
  CHECK(p.rows.empty());
}

TEST_CASE("csv: a UTF-8 BOM is stripped") {
  const Parsed p = read_all("\xEF\xBB\xBFKunden-Nr;Name\n1;x\n");
  REQUIRE(p.header_ok);
  CHECK(p.delimiter == ';');
  CHECK(p.header == fields({"Kunden-Nr", "Name"}));
  REQUIRE(p.rows.size() == 1);
  CHECK(p.rows[0].line == 2);
  // Only at the start: a BOM later is data.
  const Parsed later = read_all("a\n\xEF\xBB\xBFx\n");
  REQUIRE(later.rows.size() == 1);
  CHECK(later.rows[0].fields == fields({"\xEF\xBB\xBFx"}));
}

TEST_CASE("csv: UTF-16 files are rejected with a hint") {
  for (const std::string& bom : {"\xFF\xFE"s, "\xFE\xFF"s}) {
    const std::string text = bom + "a\0;\0b\0\n\0"s;
    CsvReader reader(text);
    std::vector<std::string> names;
    std::string error;
    CHECK_FALSE(reader.read_header(names, error));
    CHECK(error == "the file is UTF-16 ('Unicode text'); save it as 'CSV UTF-8'");
    CHECK(names.empty());
    CsvReader::Record rec;
    CHECK_FALSE(reader.next(rec));
  }
  // Without a BOM, UTF-16 shows up as NUL bytes.
  const Parsed p = read_all("a\0;\0b\0\n\0"s);
  CHECK_FALSE(p.header_ok);
  CHECK(p.header_error.find("NUL") != std::string::npos);
  CHECK(p.header_error.find("UTF-16") != std::string::npos);
}

TEST_CASE("csv: empty input has no header") {
  for (const std::string_view text : {"", "\xEF\xBB\xBF", "\n\n", "\r\n\r\n"}) {
    INFO(show(text));
    const Parsed p = read_all(text);
    CHECK_FALSE(p.header_ok);
    CHECK(p.header_error == "the file is empty: no header row");
    CHECK(p.rows.empty());
  }
}

TEST_CASE("csv: LF, CRLF and mixed line ends") {
  const std::vector<Row> expected = {
      {fields({"1", "x"}), 1, 2, ""},
      {fields({"2", "y"}), 2, 3, ""},
      {fields({"3", ""}), 3, 4, ""},
  };
  for (const std::string_view text : {"a;b\n1;x\n2;y\n3;\n", "a;b\r\n1;x\r\n2;y\r\n3;\r\n",
                                      "a;b\r\n1;x\n2;y\r\n3;\n"}) {
    INFO(show(text));
    const Parsed p = read_all(text);
    REQUIRE(p.header_ok);
    CHECK(p.header == fields({"a", "b"}));
    CHECK(p.rows == expected);
  }
}

TEST_CASE("csv: a CR not followed by LF is data") {
  const Parsed p = read_all("a;b\r\nx\ry;z\r\n");
  REQUIRE(p.rows.size() == 1);
  CHECK(p.rows[0].fields == fields({"x\ry", "z"}));
}

TEST_CASE("csv: quoted fields hold delimiters, doubled quotes and line breaks") {
  const std::string text =
      "id;note;x\r\n"
      "1;\"a;b\";\"say \"\"hi\"\"\"\r\n"
      "2;\"line one\r\nline two\nline three\";\"\"\r\n"
      "3;\"\";end\r\n";
  const Parsed p = read_all(text);
  REQUIRE(p.header_ok);
  REQUIRE(p.rows.size() == 3);
  CHECK(p.rows[0].fields == fields({"1", "a;b", "say \"hi\""}));
  CHECK(p.rows[0].line == 2);
  // Line breaks inside quotes are kept exactly, CR included.
  CHECK(p.rows[1].fields == fields({"2", "line one\r\nline two\nline three", ""}));
  CHECK(p.rows[1].line == 3);
  // The record after the embedded breaks starts on physical line 6.
  CHECK(p.rows[2].fields == fields({"3", "", "end"}));
  CHECK(p.rows[2].line == 6);
  CHECK(p.rows[2].number == 3);
}

TEST_CASE("csv: line breaks inside a quoted header shift later lines") {
  const Parsed p = read_all("\"Kunden\nNr\";Name\n1;x\n");
  REQUIRE(p.header_ok);
  CHECK(p.header == fields({"Kunden\nNr", "Name"}));
  REQUIRE(p.rows.size() == 1);
  CHECK(p.rows[0].line == 3);
}

TEST_CASE("csv: stray quotes are taken literally, like Excel") {
  const Parsed p = read_all("a;b\nab\"c;\"ab\"c\n\"x\"\"\" y;z\"\n");
  REQUIRE(p.rows.size() == 2);
  CHECK(p.rows[0].fields == fields({"ab\"c", "abc"}));
  CHECK(p.rows[1].fields == fields({"x\" y", "z\""}));
  CHECK(p.rows[1].error.empty());
}

TEST_CASE("csv: completely empty lines are skipped, others are records") {
  const Parsed p = read_all("a;b\n\n1;x\r\n\r\n\n \n;\n2;y\n\n");
  REQUIRE(p.header_ok);
  const std::vector<Row> expected = {
      {fields({"1", "x"}), 1, 3, ""},
      {fields({" "}), 2, 6, ""},
      {fields({"", ""}), 3, 7, ""},
      {fields({"2", "y"}), 4, 8, ""},
  };
  CHECK(p.rows == expected);
  // Empty lines before the header are skipped too, but still counted as lines.
  const Parsed q = read_all("\n\r\na;b\n1;2\n");
  REQUIRE(q.header_ok);
  CHECK(q.header == fields({"a", "b"}));
  REQUIRE(q.rows.size() == 1);
  CHECK(q.rows[0].line == 4);
}

TEST_CASE("csv: the last record may lack a final line break") {
  CHECK(read_all("a;b\n1;x").rows == std::vector<Row>{{fields({"1", "x"}), 1, 2, ""}});
  CHECK(read_all("a;b\n1;").rows == std::vector<Row>{{fields({"1", ""}), 1, 2, ""}});
  CHECK(read_all("a;b\n1;\"q\"").rows == std::vector<Row>{{fields({"1", "q"}), 1, 2, ""}});
  // A CR at the very end is a truncated CRLF, not data.
  CHECK(read_all("a;b\n1;x\r").rows == std::vector<Row>{{fields({"1", "x"}), 1, 2, ""}});
  CHECK(read_all("a;b\n1;x\r\n\r").rows == std::vector<Row>{{fields({"1", "x"}), 1, 2, ""}});
  const Parsed header_only = read_all("a;b");
  CHECK(header_only.header == fields({"a", "b"}));
  CHECK(header_only.rows.empty());
}

TEST_CASE("csv: an unclosed quote is reported, not dropped") {
  // The quote opened on line 3 never closes: that line is one malformed record with the fields
  // before the quote, and the lines after it are records of their own.
  const Parsed p = read_all("a;b\n1;x\n2;\"open\n3;y\n4;z\n");
  REQUIRE(p.rows.size() == 4);
  CHECK(p.rows[0].error.empty());
  CHECK(p.rows[1].number == 2);
  CHECK(p.rows[1].line == 3);
  CHECK(p.rows[1].fields == fields({"2"}));
  CHECK(p.rows[1].error ==
        "quoted field starting on line 3 is not closed; the row ends there and reading goes on at line 4 "
        "(close the quote, or write a quote that is part of the text twice)");
  CHECK(p.rows[2] == Row{fields({"3", "y"}), 3, 4, ""});
  CHECK(p.rows[3] == Row{fields({"4", "z"}), 4, 5, ""});
  CHECK(p.io_error.empty());
  // The line named is where the quote opened, which may be after the record's first line.
  const Parsed q = read_all("a;b\n\"x\ny\";\"open");
  REQUIRE(q.rows.size() == 1);
  CHECK(q.rows[0].line == 2);
  CHECK(q.rows[0].fields == fields({"x\ny"}));
  CHECK(q.rows[0].error ==
        "quoted field starting on line 3 is not closed (close the quote, or write a quote that is part of the text twice)");
  // In the header it fails the header.
  const Parsed h = read_all("a;\"b\n1;2\n");
  CHECK_FALSE(h.header_ok);
  CHECK(h.header_error.rfind("quoted field starting on line 1 is not closed", 0) == 0);
  CHECK(h.rows.empty());
}

TEST_CASE("csv: a stray quote is not closed by a later row's quote, at any chunk size") {
  // Row 1's quote is stray; the next quote the look-ahead meets opens row 2's cell (text after
  // it), so it is no closing quote. Row 3's multi-line cell is honest and stays one record.
  const std::string text = "a;b;c\n1;\"open;x\n2;\"t\";y\n3;\"multi\r\nline\";z\n4;\"\"\"q\"\"\";w";
  for (std::size_t chunk : {std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{7}, std::size_t{64},
                            std::size_t{1} << 20}) {
    INFO("chunk " << chunk);
    const Parsed p = read_all(text, chunk);
    REQUIRE(p.rows.size() == 4);
    CHECK(p.rows[0].fields == fields({"1"}));
    CHECK(p.rows[0].line == 2);
    CHECK(p.rows[0].error.rfind("quoted field starting on line 2 is not closed; the row ends there and reading "
                                "goes on at line 3", 0) == 0);
    CHECK(p.rows[1] == Row{fields({"2", "t", "y"}), 2, 3, ""});
    CHECK(p.rows[2] == Row{fields({"3", "multi\r\nline", "z"}), 3, 4, ""});
    CHECK(p.rows[3] == Row{fields({"4", "\"q\"", "w"}), 4, 6, ""});
  }
}

TEST_CASE("csv: NUL bytes make a malformed record without echoing the cell") {
  const Parsed p = read_all("id;grund\n1;geheim\0text\n2;ok\n"s);
  REQUIRE(p.header_ok);
  REQUIRE(p.rows.size() == 2);
  CHECK(p.rows[0].error.find("line 2 contains a NUL byte") == 0);
  CHECK(p.rows[0].error.find("geheim") == std::string::npos);
  CHECK(p.rows[1].error.empty());
  CHECK(p.rows[1].fields == fields({"2", "ok"}));
  CHECK(p.rows[1].line == 3);
}

TEST_CASE("csv: a record longer than the chunk grows the buffer only to its size") {
  const std::string long_field(10000, 'x');
  const std::string text = "a;b\n1;" + long_field + "\n\"" + long_field + "\";2\n3;4\n";
  constexpr std::size_t chunk = 16;
  CsvReader reader(text, chunk);
  const Parsed p = read_all(reader);
  REQUIRE(p.rows.size() == 3);
  CHECK(p.rows[0].fields == std::vector<std::string>{"1", long_field});
  CHECK(p.rows[1].fields == std::vector<std::string>{long_field, "2"});
  CHECK(p.rows[2].fields == fields({"3", "4"}));
  // The longest raw record is the quoted one: 10000 + 2 quotes + ";2" + LF.
  CHECK(reader.buffer_capacity() >= long_field.size());
  CHECK(reader.buffer_capacity() <= chunk + long_field.size() + 5);
}

TEST_CASE("csv: memory stays at one chunk plus the longest record") {
  std::string text = "a;b;c\n";
  for (int i = 0; i < 5000; ++i) text += std::to_string(i) + ";\"x;y\";zzzzzzzzzz\r\n";
  constexpr std::size_t chunk = 64;
  CsvReader reader(text, chunk);
  const Parsed p = read_all(reader);
  REQUIRE(p.rows.size() == 5000);
  CHECK(p.rows.back().fields == fields({"4999", "x;y", "zzzzzzzzzz"}));
  CHECK(p.rows.back().line == 5001);
  CHECK(reader.buffer_capacity() <= chunk + std::string_view("4999;\"x;y\";zzzzzzzzzz\r\n").size());
}

TEST_CASE("csv: one record over kMaxRecordBytes is skipped and reported") {
  // Most of the record on its first line, the rest after a line break inside the quotes: the
  // quote would close only past kMaxRecordBytes, so it counts as not closed, and the lines
  // after its line are read again.
  std::string text = "a;b\n1;\"";
  text.append(kMaxRecordBytes - 100, 'x');
  text += "\n";
  text.append(1000, 'x');
  text += "\";2\n3;4\n";
  CsvReader reader(text);
  const Parsed p = read_all(reader);
  REQUIRE(p.rows.size() == 3);
  CHECK(p.rows[0].fields == fields({"1"}));
  CHECK(p.rows[0].line == 2);
  CHECK(p.rows[0].error.rfind("quoted field starting on line 2 is not closed", 0) == 0);
  CHECK(p.rows[1].line == 3);
  CHECK(p.rows[1].fields.size() == 2);
  CHECK(p.rows[2] == Row{fields({"3", "4"}), 3, 4, ""});
  CHECK(reader.buffer_capacity() <= kMaxRecordBytes + 2 * (std::size_t{1} << 20));

  // One line over the limit, no line break in it.
  std::string one_line = "a;b\n1;\"";
  one_line.append(kMaxRecordBytes + 10, 'x');
  one_line += "\";2\n3;4\n";
  const Parsed o = read_all(one_line);
  REQUIRE(o.rows.size() == 2);
  CHECK(o.rows[0].fields.empty());
  CHECK(o.rows[0].error == "record starting on line 2 is longer than 16 MiB; is a quote not closed?");
  CHECK(o.rows[1] == Row{fields({"3", "4"}), 2, 3, ""});

  // A record of exactly kMaxRecordBytes, line break included, is still read.
  std::string at_limit = "a\n";
  at_limit.append(kMaxRecordBytes - 1, 'y');
  at_limit += "\nz\n";
  const Parsed q = read_all(at_limit);
  REQUIRE(q.rows.size() == 2);
  CHECK(q.rows[0].error.empty());
  CHECK(q.rows[0].fields.at(0).size() == kMaxRecordBytes - 1);
  CHECK(q.rows[1].fields == fields({"z"}));
}

TEST_CASE("csv: an unclosed quote in a huge file does not load the rest of it") {
  std::string text = "a;b\n1;\"open\n";
  std::size_t rows = 0;
  for (; text.size() < kMaxRecordBytes + (std::size_t{3} << 20); ++rows) text += "2;row\n";
  CsvReader reader(text);
  const Parsed p = read_all(reader);
  REQUIRE(p.rows.size() == 1 + rows);
  CHECK(p.rows[0].error.rfind("quoted field starting on line 2 is not closed", 0) == 0);
  CHECK(p.rows[0].fields == fields({"1"}));
  CHECK(p.rows.back() == Row{fields({"2", "row"}), 1 + rows, 2 + rows, ""});
  // The look-ahead for the closing quote reads at most kMaxQuotedContinuationBytes.
  CHECK(reader.buffer_capacity() <= kMaxQuotedContinuationBytes + 2 * (std::size_t{1} << 20));
}

TEST_CASE("csv: reading from a FILE* gives the same result as from memory") {
  const std::string text =
      "\xEF\xBB\xBFid;name\r\n1;\"M\xC3\xBCller\r\nGmbH\"\r\n\r\n2;\"a;b\"\"c\"\r\n3;x";
  std::FILE* f = std::tmpfile();
  REQUIRE(f != nullptr);
  REQUIRE(std::fwrite(text.data(), 1, text.size(), f) == text.size());
  std::rewind(f);
  CsvReader from_file(f, 5);
  const Parsed p = read_all(from_file);
  std::fclose(f);
  REQUIRE(p.header_ok);
  CHECK(p.header == fields({"id", "name"}));
  const std::vector<Row> expected = {
      {fields({"1", "M\xC3\xBCller\r\nGmbH"}), 1, 2, ""},
      {fields({"2", "a;b\"c"}), 2, 5, ""},
      {fields({"3", "x"}), 3, 6, ""},
  };
  CHECK(p.rows == expected);
  CHECK(p.io_error.empty());
  CHECK(p == read_all(text));
}

TEST_CASE("csv: an I/O error is reported, not taken for the end of the file") {
  // Reading a directory stream fails with EISDIR on Linux.
  std::FILE* dir = std::fopen("/", "r");
  REQUIRE(dir != nullptr);
  CsvReader reader(dir);
  std::vector<std::string> names;
  std::string error;
  CHECK_FALSE(reader.read_header(names, error));
  CHECK(error.find("reading the input failed") == 0);
  CHECK(reader.io_error() == error);
  CsvReader::Record rec;
  CHECK_FALSE(reader.next(rec));
  std::fclose(dir);

  CsvReader none(static_cast<std::FILE*>(nullptr));
  CHECK_FALSE(none.read_header(names, error));
  CHECK(error == "no input stream");
}

TEST_CASE("csv: the Record's storage is reused and views point into the reader") {
  CsvReader reader("a;b\n1;2\n3;4\n");
  std::vector<std::string> names;
  std::string error;
  REQUIRE(reader.read_header(names, error));
  CsvReader::Record rec;
  REQUIRE(reader.next(rec));
  const auto* storage = rec.fields.data();
  REQUIRE(reader.next(rec));
  CHECK(rec.fields.data() == storage);
  CHECK(rec.fields[0] == "3");
  CHECK(rec.number == 2);
  CHECK_FALSE(reader.next(rec));
  CHECK(rec.fields.empty());
}

namespace {

// Encodes one field the way an office suite would, quoting when the content needs it (and
// sometimes when it does not).
std::string encode_field(const std::string& value, char delimiter, bool only_field, std::mt19937& rng) {
  const bool needs_quotes = value.find_first_of(std::string{delimiter, '"', '\r', '\n'}) != std::string::npos ||
                            (only_field && value.empty());
  if (!needs_quotes && rng() % 4 != 0) return value;
  std::string out = "\"";
  for (const char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// Random field content from the bytes that matter to the reader, plus an umlaut.
std::string random_value(std::mt19937& rng) {
  static const std::vector<std::string> pieces = {"a", "b", " ", ";", ",", "\"", "\r", "\n", "\r\n",
                                                  "\xC3\xA4", "\"\"", "xyz"};
  std::string out;
  const std::size_t n = rng() % 6;
  for (std::size_t i = 0; i < n; ++i) out += pieces[rng() % pieces.size()];
  return out;
}

std::size_t count_newlines(std::string_view s) {
  std::size_t n = 0;
  for (const char c : s) n += c == '\n' ? 1u : 0u;
  return n;
}

}  // namespace

TEST_CASE("csv: property - generated files read back exactly, for every chunk size") {
  std::mt19937 rng(20240531);
  for (int round = 0; round < 400; ++round) {
    const char delimiter = rng() % 2 == 0 ? ';' : ',';
    const std::size_t columns = 2 + rng() % 4;
    std::string text = rng() % 3 == 0 ? "\xEF\xBB\xBF" : "";
    std::vector<std::string> header;
    for (std::size_t c = 0; c < columns; ++c) {
      header.push_back("h" + std::to_string(c));
      if (c > 0) text += delimiter;
      text += header.back();
    }
    std::size_t line = 1;
    text += "\n";
    ++line;

    std::vector<Row> expected;
    const std::size_t records = rng() % 12;
    for (std::size_t r = 0; r < records; ++r) {
      while (rng() % 5 == 0) {  // empty lines between records
        text += rng() % 2 == 0 ? "\n" : "\r\n";
        ++line;
      }
      Row row;
      row.number = r + 1;
      row.line = line;
      const std::size_t count = 1 + rng() % (columns + 1);
      std::string encoded;
      for (std::size_t c = 0; c < count; ++c) {
        row.fields.push_back(random_value(rng));
        if (c > 0) encoded += delimiter;
        encoded += encode_field(row.fields.back(), delimiter, count == 1, rng);
      }
      text += encoded;
      line += count_newlines(encoded);
      const bool last = r + 1 == records;
      if (!last || rng() % 2 == 0) {
        text += rng() % 2 == 0 ? "\n" : "\r\n";
        ++line;
      }
      expected.push_back(std::move(row));
    }

    INFO("round " << round << ": " << show(text));
    for (const std::size_t chunk : {std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{7},
                                    std::size_t{64}, std::size_t{1} << 20}) {
      INFO("chunk " << chunk);
      const Parsed p = read_all(text, chunk);
      REQUIRE(p.header_ok);
      CHECK(p.delimiter == delimiter);
      CHECK(p.header == header);
      CHECK(p.rows == expected);
    }
  }
}

TEST_CASE("csv: property - chunk size never changes the result, even for malformed input") {
  std::mt19937 rng(77);
  const std::string_view alphabet = "aa;;,,\"\"\"\r\n\n ";
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    const std::size_t length = rng() % 40;
    for (std::size_t i = 0; i < length; ++i) {
      // NUL is rare, so most inputs get past the header.
      text += rng() % 100 == 0 ? '\0' : alphabet[rng() % alphabet.size()];
    }
    INFO("round " << round << ": " << show(text));
    const Parsed reference = read_all(text);
    for (const std::size_t chunk : {std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{7}}) {
      INFO("chunk " << chunk);
      CHECK(read_all(text, chunk) == reference);
    }
  }
}
