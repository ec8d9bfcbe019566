// One test per named limit (grammar/limits.hpp): each is reported as a clear diagnostic, never
// a crash or a stack overflow.
#include "support.hpp"

#include "grammar/limits.hpp"

using namespace kadenz;

namespace {

const std::string kFacts = "facts\n  id: text, key\n  n: int\nend\n";

std::vector<Diagnostic> diagnostics(const std::string& body) {
  return compile_policy("limits.kadenz", test::with_header(kFacts + body)).diagnostics;
}

bool has_message(const std::vector<Diagnostic>& ds, const std::string& part) {
  for (const auto& d : ds)
    if (d.message.find(part) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("limits: brackets nested deeper than kMaxNesting are a syntax error", "[limits]") {
  const int n = detail::kMaxNesting + 1;
  const auto ds = diagnostics("output x = " + std::string(static_cast<std::size_t>(n), '(') + "1" +
                              std::string(static_cast<std::size_t>(n), ')') + "\n");
  REQUIRE(ds.size() == 1);
  CHECK(ds[0].code == "syntax");
  CHECK(has_message(ds, "nesting deeper than"));
  // exactly at the limit compiles
  const int ok = detail::kMaxNesting;
  CHECK(diagnostics("output x = " + std::string(static_cast<std::size_t>(ok), '(') + "1" +
                    std::string(static_cast<std::size_t>(ok), ')') + "\n")
            .empty());
}

TEST_CASE("limits: 100,000 nested brackets do not overflow the stack", "[limits]") {
  const auto ds = diagnostics("output x = " + std::string(100000, '(') + "1" + std::string(100000, ')') + "\n");
  CHECK(has_message(ds, "nesting deeper than"));
}

TEST_CASE("limits: `not not not …` and `- - - …` chains are bounded too", "[limits]") {
  std::string nots;
  for (int i = 0; i < 5000; ++i) nots += "not ";
  CHECK(has_message(diagnostics("output x = " + nots + "true\n"), "nesting deeper than"));
  std::string minus;
  for (int i = 0; i < 5000; ++i) minus += "- ";
  CHECK(has_message(diagnostics("output x = " + minus + "1\n"), "nesting deeper than"));
}

TEST_CASE("limits: an arithmetic chain longer than kMaxExprDepth is an error", "[limits]") {
  std::string chain = "n";
  for (int i = 0; i < detail::kMaxExprDepth + 10; ++i) chain += " + 1";
  const auto ds = diagnostics("output x = " + chain + "\n");
  REQUIRE_FALSE(ds.empty());
  CHECK(has_message(ds, "nested deeper than"));
  // long `and`/`or` chains stay flat and are fine at any length
  std::string ands = "n > 0";
  for (int i = 0; i < 5000; ++i) ands += " and n > 0";
  CHECK(diagnostics("output x = " + ands + "\n").empty());
}

TEST_CASE("limits: an identifier longer than kMaxIdentifierBytes is an error", "[limits]") {
  const std::string name(detail::kMaxIdentifierBytes + 1, 'a');
  const auto ds = diagnostics("let " + name + " = 1\noutput x = 1\n");
  REQUIRE(ds.size() == 1);
  CHECK(has_message(ds, "name is longer than"));
  CHECK(diagnostics("let " + std::string(detail::kMaxIdentifierBytes, 'a') + " = 1\noutput x = 1\n").empty());
}

TEST_CASE("limits: at most kMaxErrors errors are reported", "[limits]") {
  std::string body;
  for (std::size_t i = 0; i < detail::kMaxErrors + 20; ++i) body += "let v" + std::to_string(i) + " = nope\n";
  body += "output x = 1\n";
  CHECK(diagnostics(body).size() == detail::kMaxErrors);
  std::string syntax;
  for (std::size_t i = 0; i < detail::kMaxErrors + 20; ++i) syntax += "let v" + std::to_string(i) + " = )\n";
  CHECK(diagnostics(syntax).size() == detail::kMaxErrors);
}

TEST_CASE("limits: a policy file larger than kMaxPolicyBytes is refused", "[limits]") {
  std::string body = "output x = 1\n";
  body += std::string(detail::kMaxPolicyBytes, '#');
  const auto ds = diagnostics(body);
  REQUIRE(ds.size() == 1);
  CHECK(ds[0].code == "limit");
}

TEST_CASE("limits: a table with more than kMaxRulesPerTable rules is an error", "[limits]") {
  std::string body = "table t: int, hit first\n";
  for (std::size_t i = 0; i <= detail::kMaxRulesPerTable; ++i) {
    body += "  rule r" + std::to_string(i) + " §1 when n = " + std::to_string(i) + " then 1\n";
  }
  body += "end\noutput x = t\n";
  const auto ds = diagnostics(body);
  REQUIRE(ds.size() == 1);
  CHECK(ds[0].code == "limit");
}

TEST_CASE("parameters: a value that cannot be computed is a diagnostic, not a silent 0", "[language]") {
  const auto c = compile_policy("p.kadenz", test::with_header(kFacts + "parameters\n  a = 1 / 0\nend\noutput x = a\n"));
  REQUIRE_FALSE(c.ok());
  REQUIRE(c.diagnostics.size() == 1);
  CHECK(c.diagnostics[0].code == "bad-parameter");
  CHECK(c.diagnostics[0].message.find("division by zero") != std::string::npos);
}

TEST_CASE("parameters: a parameter may use one declared after it", "[language]") {
  const auto run = test::eval_text(
      test::with_header(kFacts + "parameters\n  a = b * 2\n  b = c + 1\n  c = 20\nend\noutput x = a + n\n"),
      "id,n\nK1,1\n");
  REQUIRE(run.compiled);
  CHECK(test::rows_of(run) == "K1,43,,,,\n");
}

TEST_CASE("limits: a text with more than kMaxInterpolations values is an error", "[limits]") {
  std::string text = "\"";
  for (std::size_t i = 0; i <= detail::kMaxInterpolations; ++i) text += "-{n}";
  const auto ds = diagnostics("output t = " + text + "-ENDE\"\n");
  REQUIRE(ds.size() == 1);
  CHECK(ds[0].code == "limit");
  // at the limit, every piece arrives
  std::string ok = "\"";
  for (std::size_t i = 0; i < detail::kMaxInterpolations; ++i) ok += "-{n}";
  const auto run = test::eval_text(test::with_header(kFacts + "output t = " + ok + "-ENDE\"\n"), "id,n\nK,7\n");
  REQUIRE(run.compiled);
  std::string want = "K,";
  for (std::size_t i = 0; i < detail::kMaxInterpolations; ++i) want += "-7";
  CHECK(test::rows_of(run) == "K,'" + want.substr(2) + "-ENDE,,,,\n");
}

TEST_CASE("robustness: enumeration values of any length are printed whole", "[language]") {
  const std::string long_value(120, 'x');  // beyond the 32-byte number buffer, within kMaxIdentifierBytes
  const auto run = test::eval_text(
      test::with_header("facts\n  id: text, key\n  s: one of a, " + long_value + "\nend\noutput x = s\noutput y = \"<{s}>\"\n"),
      "id,s\nK," + long_value + "\n");
  REQUIRE(run.compiled);
  CHECK(test::rows_of(run) == "K," + long_value + ",<" + long_value + ">,,,,\n");
}

TEST_CASE("robustness: a policy without facts is an error, not a crash in eval", "[language]") {
  const auto c = compile_policy("p.kadenz", test::with_header("output x = 1\n"));
  REQUIRE_FALSE(c.ok());
  CHECK(c.diagnostics.front().code == "no-facts");
}

TEST_CASE("robustness: a unit literal that overflows when scaled is an error", "[language]") {
  const auto ds = diagnostics("output x = 999999999999999999 years\n");
  REQUIRE(ds.size() == 1);
  CHECK(ds[0].code == "number-too-large");
}

TEST_CASE("robustness: an output may not take the key's column name", "[language]") {
  const auto c = compile_policy("p.kadenz", test::with_header("facts\n  id: text, key, column \"Kundennummer\"\nend\n"
                                                              "output Kundennummer = \"x\"\n"));
  REQUIRE_FALSE(c.ok());
  CHECK(c.diagnostics.front().code == "reserved-name");
}

TEST_CASE("robustness: a definition nothing reads is not computed and cannot fail a row", "[language]") {
  const auto run = test::eval_text(
      test::with_header(kFacts + "let unused = 100 / n\noutput x = n + 1\n"), "id,n\nK,0\n");
  REQUIRE(run.compiled);
  CHECK(test::rows_of(run) == "K,1,,,,\n");
}

TEST_CASE("limits: a `one of` with more than kMaxEnumValues values is refused at its `one of`", "[limits]") {
  auto values = [](std::size_t n) {
    std::string list;
    for (std::size_t i = 0; i < n; ++i) list += (i ? ", v" : "v") + std::to_string(i);
    return list;
  };
  const std::string over = "facts\n  id: text, key\n  s: one of " + values(detail::kMaxEnumValues + 1) + "\nend\noutput x = s\n";
  const auto c = compile_policy("limits.kadenz", test::with_header(over));
  REQUIRE(c.diagnostics.size() == 1);
  CHECK(c.diagnostics[0].code == "limit");
  CHECK(has_message(c.diagnostics, "`s` lists 1001 values; a `one of` may list at most 1000"));
  CHECK(c.source->text.substr(c.diagnostics[0].span.begin, 3) == "one");
  // At the limit the last value is a value of the type, read and compared like the first.
  const std::string last = "v" + std::to_string(detail::kMaxEnumValues - 1);
  const auto run = test::eval_text(
      test::with_header("facts\n  id: text, key\n  s: one of " + values(detail::kMaxEnumValues) +
                        "\nend\noutput x = s\noutput is_last = s = " + last + "\noutput is_first = s = v0\n"),
      "id,s\nK1," + last + "\nK2,v0\n");
  INFO(run.diagnostics << run.error);
  REQUIRE(run.compiled);
  CHECK(test::rows_of(run) == "K1," + last + ",true,false,,,,\nK2,v0,false,true,,,,\n");
  // an unknown value's message lists kMaxListedValues of them, then how many there are
  const auto wrong = test::eval_text(
      test::with_header("facts\n  id: text, key\n  s: one of " + values(detail::kMaxEnumValues) + "\nend\noutput x = s\n"),
      "id,s\nK1,w\n");
  REQUIRE(wrong.compiled);
  std::string expected = "s: unknown value `w` (expected one of ";
  for (std::size_t i = 0; i < detail::kMaxListedValues; ++i) expected += (i ? ", v" : "v") + std::to_string(i);
  CHECK(test::rows_of(wrong) == "K1,,,,,\"" + expected + ", … (1000 values in all))\"\n");
}

TEST_CASE("limits: a `one of` with 300,000 values is refused without a quadratic duplicate search", "[limits]") {
  // The duplicate check ran in quadratic time (> 60 s); now the size is refused first, and
  // duplicates are found with a hash set.
  std::string list;
  for (std::size_t i = 0; i < 300000; ++i) list += (i ? ", v" : "v") + std::to_string(i % 150000);
  const auto ds = diagnostics("table t: one of " + list + ", hit first\n  rule r §1 otherwise then v0\nend\noutput x = t\n");
  REQUIRE(ds.size() == 1);
  CHECK(ds[0].code == "limit");
  // duplicates within the limit are each reported, in order
  const auto dup = diagnostics("table t: one of a, b, a, c, b, hit first\n  rule r §1 otherwise then a\nend\noutput x = t\n");
  REQUIRE(dup.size() == 2);
  CHECK(dup[0].code == "duplicate-value");
  CHECK(dup[0].message == "`a` is listed twice");
  CHECK(dup[1].message == "`b` is listed twice");
}

TEST_CASE("limits: more than kMaxEnumerations `one of` types are refused; the last one allowed is typed right",
          "[limits]") {
  // Type::enum_id is 16 bits: past 65,536 enumerations it wrapped and values were typed as
  // another enumeration's. Facts with defaults need no column.
  auto policy = [](std::size_t n) {
    std::string body = "facts\n  id: text, key\n";
    for (std::size_t i = 0; i < n; ++i) {
      const std::string k = std::to_string(i);
      body += "  e" + k + ": one of a" + k + ", b" + k + ", default b" + k + "\n";
    }
    const std::string last = std::to_string(n - 1);
    return test::with_header(body + "end\noutput x = e" + last + "\noutput y = e" + last + " = b" + last + "\n");
  };
  const auto c = compile_policy("limits.kadenz", policy(detail::kMaxEnumerations + 3));
  REQUIRE(count_errors(c.diagnostics) == 1);  // one error, at the first one past the limit
  CHECK(c.diagnostics[0].code == "limit");
  CHECK(has_message(c.diagnostics, "a policy may declare at most 4096 `one of` types; `e4096` is one more"));
  const auto run = test::eval_text(policy(detail::kMaxEnumerations), "id\nK\n");
  INFO(run.diagnostics << run.error);
  REQUIRE(run.compiled);
  CHECK(test::rows_of(run) == "K,b4095,true,,,,\n");
}
