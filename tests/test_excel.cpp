// Excel in and out, as far as it is not the workbooks' numbers (tests/xlsx_readback.py reads those
// back with openpyxl): the excel-de CSV dialect (cli/csv_dialect.cpp) cell by cell and on every
// CSV the command writes, a workbook given as caseload, and the refusals of --format xlsx.
#include "cli/csv_dialect.hpp"
#include "run_cli.hpp"

#include <catch2/catch.hpp>

#include <string>

namespace {

using namespace kadenz::test;
using kadenz::cli::CsvDialect;
using kadenz::cli::CsvWriter;

constexpr const char* kBom = "\xEF\xBB\xBF";

std::string excel_de(std::string_view text) { return CsvWriter::whole(CsvDialect::excel_de, text); }

// The shipped policy and example caseload, copied into a fresh directory.
struct Files {
  TempDir dir;
  std::string policy = dir.write("coburg.kadenz", read_file(source_path("policies/coburg-land-2017.kadenz")));
  std::string caseload = dir.write("caseload.csv", read_file(source_path("examples/caseload.csv")));
};

}  // namespace

TEST_CASE("excel-de: separator, byte order mark, CRLF and decimal comma", "[excel]") {
  CHECK(excel_de("a,b\n1,2.5\n") == std::string(kBom) + "a;b\r\n1;2,5\r\n");
  // a comma no longer needs quotes; a semicolon, a quote and a line break do
  CHECK(excel_de("\"x,y\",\"a;b\",\"say \"\"hi\"\"\",\"two\nlines\"\n") ==
        std::string(kBom) + "x,y;\"a;b\";\"say \"\"hi\"\"\";\"two\nlines\"\r\n");
  // numbers: negative, behind the formula guard (a number is no formula), zero
  CHECK(excel_de("-0.5,'-1.25,0,'-3,12\n") == std::string(kBom) + "-0,5;-1,25;0;-3;12\r\n");
  // not numbers: dates, ids with leading zeros, versions, text behind the guard, exponents
  CHECK(excel_de("2017-03-01,007,1.2.3,'=1+2,'+1,1e5,.5,5.\n") ==
        std::string(kBom) + "2017-03-01;007;1.2.3;'=1+2;'+1;1e5;.5;5.\r\n");
  // empty cells and a last row without a line break
  CHECK(excel_de("a,,b\n,\nlast") == std::string(kBom) + "a;;b\r\n;\r\nlast\r\n");
  // an empty output still starts with the mark (Excel then knows the encoding)
  CHECK(excel_de("") == kBom);
  // the standard dialect is the text as it is
  CHECK(CsvWriter::whole(CsvDialect::standard, "a,b\n\"1,5\"\n") == "a,b\n\"1,5\"\n");
}

TEST_CASE("excel-de: a row split between pieces anywhere comes out the same", "[excel]") {
  const std::string text = "id,x,note\nK1,1.5,\"a \"\"q\"\", b\"\nK2,-2.25,\"line\nbreak\"\r\nK3,,\n";
  const std::string whole = excel_de(text);
  for (std::size_t cut = 0; cut <= text.size(); ++cut) {
    CsvWriter w(CsvDialect::excel_de);
    std::string out;
    w.convert(std::string_view(text).substr(0, cut), out);
    w.convert(std::string_view(text).substr(cut), out);
    w.finish(out);
    CHECK(out == whole);
  }
  CHECK(whole == std::string(kBom) + "id;x;note\r\nK1;1,5;\"a \"\"q\"\", b\"\r\nK2;-2,25;\"line\nbreak\"\r\nK3;;\r\n");
}

TEST_CASE("excel-de: eval, whatif --changes and check --witnesses write it", "[excel][cli]") {
  Files f;
  const std::string as_of = " --as-of 2017-03-01";
  SECTION("eval") {
    const Result plain = run_kadenz(f.dir, "eval " + sh(f.policy) + " " + sh(f.caseload) + as_of);
    const Result de = run_kadenz(f.dir, "eval --csv excel-de " + sh(f.policy) + " " + sh(f.caseload) + as_of);
    CHECK(plain.code == de.code);
    CHECK(de.out == excel_de(plain.out));
    CHECK(de.out.rfind(kBom, 0) == 0);
    CHECK(contains(de.out, ";"));
    CHECK(contains(de.out, "\r\n"));
    // the jsonl rows have no dialect
    const Result jsonl =
        run_kadenz(f.dir, "eval --format jsonl --csv excel-de " + sh(f.policy) + " " + sh(f.caseload) + as_of);
    CHECK(jsonl.code == 2);
    CHECK(contains(jsonl.err, "--csv"));
  }
  SECTION("whatif --changes") {
    WhatifFiles w;
    const std::string caseload = w.dir.write("caseload.csv", read_file(source_path("examples/whatif/caseload.csv")));
    const std::string run = "whatif " + sh(w.base) + " " + sh(w.variant) + " " + sh(caseload) + as_of + " --changes ";
    const Result plain = run_kadenz(w.dir, run + sh(w.dir.path("plain.csv")));
    const Result de = run_kadenz(w.dir, run + sh(w.dir.path("de.csv")) + " --csv excel-de");
    CHECK(plain.code == de.code);
    const std::string changes = read_file(w.dir.path("plain.csv"));
    REQUIRE(!changes.empty());
    CHECK(read_file(w.dir.path("de.csv")) == excel_de(changes));
  }
  SECTION("check --witnesses") {
    const std::string& gaps = f.policy;
    const Result plain = run_kadenz(f.dir, "check " + sh(gaps) + " --witnesses " + sh(f.dir.path("w.csv")));
    const Result de = run_kadenz(f.dir, "check " + sh(gaps) + " --csv excel-de --witnesses " + sh(f.dir.path("wde.csv")));
    CHECK(plain.code == de.code);
    CHECK(read_file(f.dir.path("wde.csv")) == excel_de(read_file(f.dir.path("w.csv"))));
  }
}

TEST_CASE("a workbook given as caseload: save it as CSV UTF-8", "[excel][cli]") {
  Files f;
  // the first bytes of an .xlsx/.ods (a ZIP archive) and of an .xls (an OLE2 compound file)
  const std::string zip = std::string("PK\x03\x04\x14\x00\x06\x00", 8) + std::string(40, '\0');
  const std::string ole = std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(40, '\0');
  for (const auto& [name, bytes] : {std::pair{"caseload.xlsx", zip}, std::pair{"caseload.xls", ole}}) {
    const std::string book = f.dir.write(name, bytes);
    const Result en = run_kadenz(f.dir, "eval --lang en " + sh(f.policy) + " " + sh(book) + " --as-of 2017-03-01");
    CHECK(en.code == 2);
    CHECK(contains(en.err, "this is an Excel workbook"));
    CHECK(contains(en.err, "CSV UTF-8"));
    CHECK_FALSE(contains(en.err, "NUL"));
    const Result de = run_kadenz(f.dir, "workload --lang de " + sh(f.policy) + " " + sh(book) + " --as-of 2017-03-01");
    CHECK(de.code == 2);
    CHECK(contains(de.err, "Excel-Arbeitsmappe"));
    CHECK(contains(de.err, "Datei → Speichern unter → CSV UTF-8"));
    // from standard input too
    const Result in = run_kadenz(f.dir, "eval --lang en " + sh(f.policy) + " - --as-of 2017-03-01", book);
    CHECK(in.code == 2);
    CHECK(contains(in.err, "this is an Excel workbook"));
  }
}

TEST_CASE("--format xlsx: a file is needed, and never an input", "[excel][cli]") {
  Files f;
  const std::string run = "workload --lang en " + sh(f.policy) + " " + sh(f.caseload) + " --as-of 2017-03-01 --format xlsx";
  const Result to_stdout = run_kadenz(f.dir, run);
  CHECK(to_stdout.code == 2);
  CHECK(contains(to_stdout.err, "-o FILE.xlsx"));
  CHECK(to_stdout.out.empty());
  const std::string before = read_file(f.caseload);
  const Result onto_input = run_kadenz(f.dir, run + " -o " + sh(f.caseload));
  CHECK(onto_input.code == 2);
  CHECK(read_file(f.caseload) == before);
  // a workbook replaces its target whole: a ZIP archive, and no temporary file left beside it
  const Result ok = run_kadenz(f.dir, run + " -o " + sh(f.dir.path("report.xlsx")));
  CHECK(ok.code <= 1);
  CHECK(read_file(f.dir.path("report.xlsx")).rfind("PK\x03\x04", 0) == 0);
  std::size_t hidden = 0;
  for (const auto& e : std::filesystem::directory_iterator(f.dir.path("")))
    hidden += e.path().filename().string().rfind(".report.xlsx", 0) == 0 ? 1 : 0;
  CHECK(hidden == 0);
}
