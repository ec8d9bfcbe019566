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
