// Excel in and out, as far as it is not the workbooks' numbers (tests/xlsx_readback.py reads those
// back with openpyxl): the excel-de CSV dialect (cli/csv_dialect.cpp) cell by cell and on every
// CSV the command writes, a workbook given as caseload, and the refusals of --format xlsx.
#include "cli/csv_dialect.hpp"
#include "cli/xlsx_report.hpp"
#include "run_cli.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
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

TEST_CASE("xlsx output: a file is needed, and never an input", "[excel][cli]") {
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
    hidden += e.path().filename().string().rfind(".report.xlsx", 0) == 0 ? 1u : 0u;
  CHECK(hidden == 0);
}

// A what-if document with every section of issue 17's schema (docs/workload.md), filled by hand:
// the workbook must turn each new list into a sheet without knowing it.
constexpr const char* kWhatIfSchema = R"({
 "base":{"name":"Coburg","file":"coburg.kadenz"},"variant":{"name":"V","file":"v.kadenz"},
 "caseload":{"file":"c.csv","rows":7},"as_of":"2017-03-01","errors":{"base":1,"variant":2},"changed":3,"moved":2,
 "matrix":{"categories":["1MM","3MM","error"],"counts":[[2,1,0],[0,2,1],[0,0,1]]},
 "moves":[{"from_rule":"r1","to_rule":"r2","from":"1MM","to":"3MM","count":1}],
 "workload":{
  "base":{"categories":[{"name":"1MM","customers":3,"first_interviews":1,"interviews_per_month":3.0437,"hours_per_month":2.5364}],
          "customers":6,"not_counted":0,"first_interviews":1,"fte":0.0421,"interview_share":0.6,
          "steady_state":{"interviews_per_month":3.5,"hours_per_month":2.75,"fte":0.0183},
          "one_off":{"first_interviews":1,"first_interview_hours":0.75,"backlog":2,"backlog_hours":1.5,"catch_up_months":3},
          "forecast":[{"month":"2017-03","interviews":4,"first":1,"backlog":1,"recurring":2,"hours":3.25,"fte":0.0216}]},
  "variant":{"categories":[],"customers":5,"fte":0.0388,
          "forecast":[{"month":"2017-03","interviews":3,"first":1,"backlog":0,"recurring":2,"hours":2.5,"fte":0.0166}]},
  "difference":{"customers":-1,"fte":-0.0033}},
 "capacity":{"fte":1.5,"interview_hours_per_month":97.5,"demand_fte":0.0183,"utilisation":0.0122,"months_over":[]},
 "decomposition":{"records":{"both":5,"entering_error":1,"leaving_error":0},
  "figures":[{"figure":"steady_interviews_per_month","base":3.5,"variant":3.25,"change":-0.25,
              "policy_effect":-0.125,"entering_error":-0.125,"leaving_error":0}]},
 "error_reasons":{"base":[{"reason":"closer_months: mindestens 1 Monat","rows":1}],
                  "variant":[{"reason":"closer_months: mindestens 1 Monat","rows":1},{"reason":"extension_months: …","rows":1}]},
 "group_columns":["team"],
 "groups":[{"key":{"team":"A"},"rows":4,"base_errors":0,"variant_errors":1,"changed":2,"moved":1,
            "counts":[[1,1,0],[0,1,1],[0,0,0]],
            "base":{"customers":4,"fte":0.0301,"forecast":[{"month":"2017-03","interviews":3,"hours":2.25,"fte":0.0149}]},
            "variant":{"customers":3,"fte":0.0254,"forecast":[{"month":"2017-03","interviews":2,"hours":1.75,"fte":0.0116}]},
            "decomposition":{"figures":[{"figure":"steady_fte","base":0.0301,"variant":0.0254,"change":-0.0047,
                                         "policy_effect":-0.003,"entering_error":-0.0017,"leaving_error":0}]},
            "capacity":{"fte":1.0,"interview_hours_per_month":65,"demand_fte":0.0254,"utilisation":0.0254,"months_over":["2017-04"]}},
           {"key":{"team":""},"rows":3,"base_errors":1,"variant_errors":1,"changed":1,"moved":1,
            "counts":[[1,0,0],[0,1,0],[0,0,1]],
            "base":{"customers":2,"fte":0.012,"forecast":[]},"variant":{"customers":2,"fte":0.0134,"forecast":[]},
            "decomposition":{"figures":[]},"capacity":null}],
 "differences":[{"kind":"parameter","name":"marktnah_interval","section":"§2.2","before":"3 Monate","after":"1 Monat"}],
 "run":{"generated_at":"2026-12-02T19:00:00+01:00","kadenz_version":"0.1.0","base_sha256":"ab","variant_sha256":"cd"}
})";

TEST_CASE("xlsx: every list of the report's schema becomes a sheet with the JSON's numbers", "[excel]") {
  TempDir dir;
  const std::string report = dir.write("report.json", kWhatIfSchema);
  const std::string book = dir.path("report.xlsx");
  std::string error;
  REQUIRE(kadenz::cli::write_report_xlsx(kWhatIfSchema, book, book, kadenz::Lang::de, error));
  CHECK(error.empty());
  const std::string out = dir.path("readback.txt");
  const std::string cmd = sh(KADENZ_OPENPYXL_PYTHON) + " " + sh(source_path("tests/xlsx_readback.py")) + " --json " +
                          sh(report) + " " + sh(book) + " >" + sh(out) + " 2>&1";
  const int status = std::system(cmd.c_str());
  const std::string said = read_file(out);
  INFO(said);
  CHECK(status == 0);
  for (const char* path : {"groups", "groups.base.forecast", "groups.variant.forecast", "groups.counts",
                           "groups.decomposition.figures", "decomposition.figures", "error_reasons.base",
                           "error_reasons.variant", "differences", "matrix.counts", "workload.base.forecast"})
    CHECK(contains(said, std::string("sheet for ") + path + "\n"));
  // a document that is not JSON is an error, not an empty workbook
  CHECK_FALSE(kadenz::cli::write_report_xlsx("{", dir.path("bad.xlsx"), "bad.xlsx", kadenz::Lang::en, error));
  CHECK(contains(error, "bad.xlsx"));
}
