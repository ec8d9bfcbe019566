// The host API (kadenz/kadenz.hpp): the same decisions as `kadenz eval`, typed setters,
// unset and bad facts, and errors as data.
#include "support.hpp"

#include <map>

using namespace kadenz;

namespace {

Policy coburg() {
  const Compiled c = compile_policy("coburg", test::read_file(test::source_path("policies/coburg-land-2017.kadenz")));
  REQUIRE(c.ok());
  return c.policy();
}


}  // namespace

TEST_CASE("api: every row of the example caseload decides as kadenz eval does", "[api]") {
  const Policy policy = coburg();
  Evaluator ev(policy);
  const auto input = test::parse_csv(test::read_file(test::source_path("examples/caseload.csv")));
  const auto golden = test::parse_csv(test::read_file(test::source_path("tests/golden/caseload.out.csv")));
  REQUIRE(input.size() == golden.size());
  std::vector<std::size_t> fact_of_column;
  for (const auto& h : input[0]) fact_of_column.push_back(policy.find_fact(h));
  for (std::size_t r = 1; r < input.size(); ++r) {
    ev.reset();
    for (std::size_t c = 0; c < input[r].size(); ++c) ev.set(fact_of_column[c], input[r][c]);
    const Decision& d = ev.evaluate(Date{2017, 3, 1});
    const auto& want = golden[r];
    INFO("row " << want[0]);
    CHECK(d.decided == want.back().empty());
    if (!d.decided) {
      CHECK(d.error == want.back());
      continue;
    }
    for (std::size_t o = 0; o < policy.output_count(); ++o) CHECK(d.outputs[o] == want[1 + o]);
    CHECK(d.rule == want[1 + policy.output_count()]);
    CHECK(d.section == want[2 + policy.output_count()]);
    std::string warnings;
    for (auto w : d.warnings) warnings += (warnings.empty() ? "" : "; ") + std::string(w);
    CHECK(warnings == want[3 + policy.output_count()]);
  }
}

TEST_CASE("api: typed setters, names resolved once, unset facts take empty or default", "[api]") {
  const Policy policy = coburg();
  REQUIRE(policy.name() == "Jobcenter Coburg Land: Kontaktdichte");
  REQUIRE(policy.output_name(0) == "code");
  const auto id = policy.find_fact("id"), birth = policy.find_fact("birth_date"), status = policy.find_fact("status"),
             profile = policy.find_fact("profile"), german = policy.find_fact("german_ok"),
             last = policy.find_fact("last_contact");
  CHECK(policy.find_fact("nope") == policy.fact_count());
  Evaluator ev(policy);
  auto base = [&] {
    ev.reset();
    ev.set(id, "K1");
    ev.set_date(birth, Date{1980, 5, 5});
    ev.set(status, "arbeitslos");
    ev.set(profile, "marktnah");
    for (const char* b : {"bfm", "massnahme", "arbeitsunfaehig", "para10"}) ev.set_bool(policy.find_fact(b), false);
    ev.set(policy.find_fact("foerderung"), "keine");
    ev.set_bool(german, true);
  };
  base();
  ev.set_date(last, Date{2016, 12, 31});
  const Decision& d = ev.evaluate(Date{2017, 3, 1});
  REQUIRE(d.decided);
  CHECK(d.outputs[0] == "2MM");
  CHECK(d.outputs[2] == "2017-02-28");  // next_due, clamped to the month's end
  CHECK(d.rule == "marktnah");
  // last_contact unset: empty (first interview), extension_months unset: its default
  base();
  const Decision& first = ev.evaluate(Date{2017, 3, 1});
  REQUIRE(first.decided);
  CHECK(first.outputs[2] == "2017-03-01");
  CHECK(first.outputs[4] == "60");
  // a required fact unset: an error naming it
  ev.reset();
  const Decision& missing = ev.evaluate(Date{2017, 3, 1});
  CHECK_FALSE(missing.decided);
  CHECK(missing.error.find("missing value") != std::string::npos);
  // a bad value: false from the setter, and the record fails naming the fact
  base();
  CHECK_FALSE(ev.set(status, "arbeitslose"));
  const Decision& bad = ev.evaluate(Date{2017, 3, 1});
  CHECK_FALSE(bad.decided);
  CHECK(bad.error.rfind("status:", 0) == 0);
  // wrong setter for the type, fact out of range, empty for a fact that cannot be empty
  CHECK_FALSE(ev.set_bool(birth, true));
  CHECK_FALSE(ev.set_date(status, Date{2017, 1, 1}));
  CHECK_FALSE(ev.set_int(policy.fact_count(), 1));
  CHECK_FALSE(ev.set_empty(birth));
  CHECK_FALSE(ev.set_date(birth, Date{2017, 2, 30}));
}

TEST_CASE("api: a text fact set from a temporary string keeps its value", "[api]") {
  const Compiled c = compile_policy("t", test::with_header("facts\n  id: text, key\n  note: text\nend\n"
                                                           "output echo = \"<{note}>\"\n"));
  REQUIRE(c.ok());
  Evaluator ev(c.policy());
  ev.set(0, "K1");
  ev.set(1, std::string("temporary text that is destroyed after this call"));
  const Decision& d = ev.evaluate(Date{2017, 1, 1});
  REQUIRE(d.decided);
  CHECK(d.outputs[0] == "<temporary text that is destroyed after this call>");
}

TEST_CASE("api: an Evaluator without a policy reports an error, never crashes", "[api]") {
  Evaluator ev{Policy{}};
  CHECK_FALSE(ev.set(0, "x"));
  const Decision& d = ev.evaluate(Date{2017, 1, 1});
  CHECK_FALSE(d.decided);
  CHECK_FALSE(d.error.empty());
}
