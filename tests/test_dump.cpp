// The printers of the merged and checked policy and of the register code (`kadenz dump
// --stage merged|checked|code`): golden files of the shipped policy and a variant, and what
// each line says on small policies.
#include "run_cli.hpp"
#include "support.hpp"

#include <kadenz/dump.hpp>
#include <kadenz/kadenz.hpp>

#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

namespace kadenz {
namespace {

using test::contains;

const std::string kCoburg = "policies/coburg-land-2017.kadenz";

CompileOptions set(std::vector<std::pair<std::string, std::string>> values) {
  CompileOptions o;
  o.set = std::move(values);
  return o;
}

// The line of `text` that contains `part` (empty if none does).
std::string line_with(const std::string& text, const std::string& part) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (contains(line, part)) return line;
  }
  return std::string();
}

TEST_CASE("dump: the shipped policy's register code is the reviewed golden file", "[golden][dump]") {
  const std::string text = test::read_file(test::source_path(kCoburg));
  std::vector<Diagnostic> diags;
  const std::string code = dump(kCoburg, text, Stage::code, diags);
  CHECK(diags.empty());
  test::check_golden(test::source_path("tests/golden/coburg.code.txt"), code);
}

TEST_CASE("dump: the shipped policy's checked tree is the reviewed golden file", "[golden][dump]") {
  const std::string text = test::read_file(test::source_path(kCoburg));
  std::vector<Diagnostic> diags;
  const std::string checked = dump(kCoburg, text, Stage::checked, diags);
  CHECK(diags.empty());
  test::check_golden(test::source_path("tests/golden/coburg.checked.txt"), checked);
}

TEST_CASE("dump: a variant's merged policy with --set is the reviewed golden file", "[golden][dump]") {
  // Paths as the tests' working directory (the repository) sees them, so the golden file
  // names the files the way a user in the repository would.
  const std::string variant = "examples/whatif/marktnah-monatlich.kadenz";
  const std::string text = test::read_file(test::source_path(variant));
  std::vector<Diagnostic> diags;
  const std::string merged = dump(variant, text, Stage::merged, diags, set({{"prep_minutes", "15"}}));
  CHECK(diags.empty());
  test::check_golden(test::source_path("tests/golden/marktnah-monatlich.merged.txt"), merged);
}

TEST_CASE("dump: merged marks every declaration and rule with the file and line it came from", "[dump]") {
  test::TempDir dir;
  const std::string base = dir.write("base.kadenz", test::with_header(R"(facts
  id: text, key
  n: int
end
parameters
  limit = 10
  step = 2 months
end
let big = n > limit
table t: months, hit first
  rule small §1
    when not big
    then 1 month
  rule large §2
    otherwise
    then step
end
output interval = t
)"));
  const std::string variant_text = R"(extends "base.kadenz"
policy "variant"
facts
  m: bool
end
let big = n > limit or m
table t
  add rule special §3 before small
    when m
    then 6 months
  remove rule large
  add rule rest §2
    otherwise
    then 2 months
end
)";
  const std::string variant = dir.write("variant.kadenz", variant_text);
  std::vector<Diagnostic> diags;
  const std::string out =
      dump(variant, variant_text, Stage::merged, diags, set({{"step", "3"}, {"limit", "20"}}));
  INFO(out);
  REQUIRE(count_errors(diags) == 0);
  // Every line has the place column: the path is as the loader built it from `variant`'s directory.
  const std::string b = dir.path("base.kadenz"), v = dir.path("variant.kadenz");
  CHECK(line_with(out, "extends \"base.kadenz\"").rfind(v + ":1 ", 0) == 0);
  CHECK(line_with(out, "policy \"variant\"").rfind(v + ":2 ", 0) == 0);
  CHECK(line_with(out, "fact id: text").rfind(b + ":4 ", 0) == 0);
  CHECK(line_with(out, "fact m: bool").rfind(v + ":4 ", 0) == 0);
  // --set values name themselves; a replaced declaration says where the one it replaces was.
  CHECK(line_with(out, "parameter limit = 20").rfind("--set limit=20 ", 0) == 0);
  CHECK(contains(line_with(out, "parameter limit = 20"), "; replaces " + b + ":8"));
  CHECK(contains(line_with(out, "parameter step = 3 months"), "--set step=3"));
  CHECK(line_with(out, "let big").rfind(v + ":6 ", 0) == 0);
  CHECK(contains(line_with(out, "let big"), "; replaces " + b + ":11"));
  CHECK(line_with(out, "table t: months").rfind(b + ":12 ", 0) == 0);
  // The rules in their merged order: the added one first, the removed one gone.
  const auto special = out.find("rule special §3"), small = out.find("rule small §1"), rest = out.find("rule rest §2");
  REQUIRE(special != std::string::npos);
  REQUIRE(small != std::string::npos);
  REQUIRE(rest != std::string::npos);
  CHECK(special < small);
  CHECK(small < rest);
  CHECK_FALSE(contains(out, "rule large"));
  CHECK(line_with(out, "rule special").rfind(v + ":8 ", 0) == 0);
  CHECK(line_with(out, "rule small").rfind(b + ":13 ", 0) == 0);
  CHECK(line_with(out, "rule rest").rfind(v + ":12 ", 0) == 0);
  CHECK(line_with(out, "output interval").rfind(b + ":20 ", 0) == 0);
  // The place column is as wide as the widest place: the printed text starts in one column.
  const std::size_t column = line_with(out, "fact id").find("fact id");
  CHECK(line_with(out, "fact m").find("fact m") == column);
  CHECK(line_with(out, "parameter limit").find("parameter limit") == column);
}

TEST_CASE("dump: merged and checked report load errors like compile, with no output", "[dump]") {
  const std::string text = test::with_header("facts\n  id: text, key\nend\nparameters\n  p = 1\nend\n");
  for (const Stage stage : {Stage::merged, Stage::checked, Stage::program}) {
    std::vector<Diagnostic> diags;
    const std::string out = dump("t.kadenz", text, stage, diags, set({{"q", "2"}}));
    CHECK(out.empty());
    REQUIRE(count_errors(diags) == 1);
    CHECK(diags[0].code == "unknown-parameter");
    // The span points into the SourceFile compile_policy builds for the same input.
    const Compiled c = compile_policy("t.kadenz", text, set({{"q", "2"}}));
    REQUIRE(c.diagnostics.size() == 1);
    CHECK(diags[0].span.begin == c.diagnostics[0].span.begin);
    CHECK(render_text(*c.source, diags) == render_text(*c.source, c.diagnostics));
  }
  // A type error stops checked (and program), not merged: merged is the stage before the check.
  const std::string wrong = test::with_header("facts\n  id: text, key\nend\noutput o = 1 + true\n");
  std::vector<Diagnostic> diags;
  CHECK_FALSE(dump("t.kadenz", wrong, Stage::merged, diags).empty());
  CHECK(count_errors(diags) == 0);
  CHECK(dump("t.kadenz", wrong, Stage::checked, diags).empty());
  CHECK(count_errors(diags) > 0);
}

TEST_CASE("dump: checked shows types, bindings and what the checker recorded for facts", "[dump]") {
  const std::string text = test::with_header(R"(facts
  id: int, key
  wait: weeks, default 2 weeks
  start: date, default 2017-01-01, column "Beginn"
  kind: one of a, b, default b
  note: text, default "x"
  seen: date or empty
end
let due = if seen is empty then start + 1 month else seen + wait
table level: one of low, high, hit first
  rule early §1
    when kind = a
    then low
  rule late §2
    otherwise
    then high
end
output o = due
output l = level
)");
  std::vector<Diagnostic> diags;
  const std::string out = dump("t.kadenz", text, Stage::checked, diags);
  INFO(out);
  REQUIRE(count_errors(diags) == 0);
  CHECK(contains(out, "policy \"test\"\nvalid from 2017-01-01\n"));
  CHECK(contains(out, "enum<kind>: a, b\n"));
  CHECK(contains(out, "enum<level>: low, high\n"));
  CHECK(contains(out, "fact id: int, column \"id\", scale 1, key\n"));
  CHECK(contains(out, "fact wait: days, column \"wait\", scale 7, default 14 days\n"));
  CHECK(contains(out, "fact start: date, column \"Beginn\", scale 1, default 2017-01-01\n"));
  CHECK(contains(out, "fact kind: enum<kind>, column \"kind\", scale 1, default b\n"));
  CHECK(contains(out, "fact note: text, column \"note\", scale 1, default \"x\"\n"));
  CHECK(contains(out, "fact seen: date?, column \"seen\", scale 1\n"));
  // Inside the `else`, the guard has proved `seen` non-empty: its type there is `date`.
  CHECK(contains(out, "let due: date = (if (is-empty seen@fact:date?):bool (+ start@fact:date 1 months:months):date "
                      "(+ seen@fact:date wait@fact:days):date):date\n"));
  CHECK(contains(out, "table level: enum<level>, hit first\n"));
  CHECK(contains(out, "  rule early §1 when (= kind@fact:enum<kind> a@enum:enum<kind>):bool then low@enum:enum<level>\n"));
  CHECK(contains(out, "  rule late §2 otherwise then high@enum:enum<level>\n"));
  CHECK(contains(out, "output o: date = due@let:date\n"));
  CHECK(contains(out, "output l: enum<level> = level@table:enum<level>\n"));
}

TEST_CASE("dump: --set reaches the program and code stages too", "[dump]") {
  const std::string text = test::read_file(test::source_path(kCoburg));
  std::vector<Diagnostic> diags;
  const std::string program = dump(kCoburg, text, Stage::program, diags, set({{"prep_minutes", "15"}}));
  CHECK(diags.empty());
  CHECK(contains(program, "parameter prep_minutes = 15\n"));
  const std::string before = dump(kCoburg, text, Stage::program, diags);
  CHECK(contains(before, "parameter prep_minutes = 10\n"));
}

TEST_CASE("cli: dump --stage merged and checked, with --set; --set with --stage ast is a usage error", "[cli][dump]") {
  test::WhatifFiles files;
  test::TempDir& dir = files.dir;
  const test::Result merged =
      test::run_kadenz(dir, "dump " + test::sh(files.variant) + " --stage merged --set prep_minutes=15");
  INFO(merged.err);
  CHECK(merged.code == 0);
  CHECK(line_with(merged.out, "parameter prep_minutes = 15 minutes").rfind("--set prep_minutes=15 ", 0) == 0);
  CHECK(contains(line_with(merged.out, "rule marktnah"), files.variant + ":4 "));
  CHECK(contains(line_with(merged.out, "rule marktfern"), files.base + ":"));

  const test::Result checked = test::run_kadenz(dir, "dump " + test::sh(files.base) + " --stage checked");
  CHECK(checked.code == 0);
  CHECK(contains(checked.out, "fact last_contact: date?, column \"last_contact\", scale 1\n"));

  const test::Result unknown =
      test::run_kadenz(dir, "dump " + test::sh(files.variant) + " --stage checked --set prep_minutez=15");
  CHECK(unknown.code == 2);
  CHECK(unknown.out.empty());
  CHECK(contains(unknown.err, "--set:1:7"));
  CHECK(contains(unknown.err, "did you mean `prep_minutes`?"));

  const test::Result ast = test::run_kadenz(dir, "dump " + test::sh(files.base) + " --stage ast --set prep_minutes=15");
  CHECK(ast.code == 2);
  CHECK(ast.out.empty());
  CHECK(contains(ast.err, "--set does not apply to --stage ast"));
}

}  // namespace
}  // namespace kadenz
