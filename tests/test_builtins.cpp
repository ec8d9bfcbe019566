// The built-in functions are declared once (stdlib/builtins.def): these tests check that every
// part generated from that list is there and agrees — the docs' table, the printers' names, the
// checker's typing and both evaluators' values.
#include "support.hpp"

#include "interpreter/compile/program.hpp"
#include "stdlib/functions.hpp"

#include <algorithm>
#include <set>
#include <sstream>

namespace kadenz::test {

namespace {

// The rows of docs/language.md's standard-library table, as (name, argument count) in order.
std::vector<std::pair<std::string, int>> documented_functions() {
  const std::string doc = read_file(source_path("docs/language.md"));
  const auto start = doc.find("## 11 The standard library");
  REQUIRE(start != std::string::npos);
  std::istringstream in(doc.substr(start));
  std::vector<std::pair<std::string, int>> rows;
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("| `", 0) != 0) {
      if (!rows.empty()) break;  // the table ended
      continue;
    }
    const auto open = line.find('(');
    const auto close = line.find(')');
    if (open == std::string::npos || close == std::string::npos) continue;
    const std::string args = line.substr(open + 1, close - open - 1);
    const int arity = args.empty() ? 0 : 1 + static_cast<int>(std::count(args.begin(), args.end(), ','));
    rows.emplace_back(line.substr(3, open - 3), arity);
  }
  return rows;
}

}  // namespace

TEST_CASE("builtins: docs/language.md lists every built-in, in the registry's order, with its arity", "[builtins]") {
  const auto rows = documented_functions();
  REQUIRE(rows.size() == std::size(detail::kBuiltins));
  for (std::size_t i = 0; i < rows.size(); ++i) {
    INFO("row " << i + 1 << ": " << rows[i].first);
    CHECK(rows[i].first == detail::kBuiltins[i].name);
    CHECK(rows[i].second == detail::kBuiltins[i].arity);
    // The signature shown in diagnostics starts with the same name.
    CHECK(detail::kBuiltins[i].signature.substr(0, rows[i].first.size() + 1) == rows[i].first + "(");
  }
}

TEST_CASE("builtins: every built-in with a code of its own prints under its name", "[builtins]") {
  std::set<std::string> node_names, ins_names;
  for (std::size_t c = 0; c <= static_cast<std::size_t>(detail::Code::to_text); ++c)
    node_names.insert(std::string(detail::code_name(static_cast<detail::Code>(c))));
  for (std::size_t c = 0; c < detail::kInsCount; ++c)
    ins_names.insert(std::string(detail::ins_name(static_cast<detail::Ins>(c))));
  for (const auto& b : detail::kBuiltins) {
    INFO(b.name);
    const bool own_code = b.lowering != detail::BuiltinLowering::as_text;
    CHECK(node_names.count(std::string(b.name)) == (own_code ? 1u : 0u));
    CHECK(ins_names.count(std::string(b.name)) == (b.lowering == detail::BuiltinLowering::binary ? 1u : 0u));
  }
}

TEST_CASE("builtins: each built-in is typed and computed as documented", "[builtins]") {
  // One output per built-in, worked out by hand (row A: the 29 February cases of years_between
  // and months_between, docs/language.md; 6,209 days). kadenz eval's path runs the register
  // code, which hands year/month/day/format_date to the node walker; test_code.cpp compares
  // the walker with the register code on random records.
  const std::string policy = R"(policy "Standardbibliothek"
  valid from 01.01.2017

facts
  id: text, key
  d1: date
  d2: date
  n: months
end

output a = years_between(d1, d2)
output b = months_between(d1, d2)
output c = days_between(d1, d2)
output e = min(n, 6 months)
output f = max(d1, d2)
output g = format_date(d1, "DD.MM.YYYY")
output h = year(d1)
output i = month(d1)
output j = day(d1)
output k = text(n)
)";
  const std::string rows = "id,d1,d2,n\nA,2000-02-29,2017-02-28,7\nB,2016-12-31,2017-03-01,2\n";
  const EvalRun run = eval_text(policy, rows, "2017-03-01");
  INFO(run.diagnostics);
  REQUIRE(run.compiled);
  CHECK(run.output ==
        "id,a,b,c,e,f,g,h,i,j,k,rule,source,warnings,error\n"
        "A,16,204,6209,6,2017-02-28,29.02.2000,2000,2,29,7,,,,\n"
        "B,0,2,60,2,2017-03-01,31.12.2016,2016,12,31,2,,,,\n");
}

}  // namespace kadenz::test
