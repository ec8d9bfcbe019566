// The host API (kadenz/kadenz.hpp): the same decisions as `kadenz eval`, typed setters,
// unset and bad facts, and errors as data.
#include "support.hpp"

#include <functional>
#include <limits>
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
  CHECK(missing.error.find("Wert fehlt") != std::string::npos);  // the policy is German (CompileOptions::lang)
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

// ---- issue 12: the host API decides only what it was told ----

namespace {

// A Coburg customer who would be decided 2MM (arbeitslos, marktnah, last contact in December);
// each test adds or breaks one value.
void set_customer(Evaluator& ev, const Policy& policy) {
  ev.set(policy.fact("id"), "K1");
  ev.set_date(policy.fact("birth_date"), Date{1980, 5, 5});
  ev.set(policy.fact("status"), "arbeitslos");
  ev.set(policy.fact("profile"), "marktnah");
  for (const char* b : {"bfm", "massnahme", "arbeitsunfaehig", "para10"}) ev.set_bool(policy.fact(b), false);
  ev.set(policy.fact("foerderung"), "keine");
  ev.set_bool(policy.fact("german_ok"), true);
  ev.set_date(policy.fact("last_contact"), Date{2016, 12, 31});
}

const std::string kCoburgName = "Jobcenter Coburg Land: Kontaktdichte";

// Facts of every setter's type, one read in hours (scale 60) and one with its own column name,
// and a warning that interpolates a fact (its text differs per record).
Policy typed_policy() {
  const Compiled c = compile_policy("typed", test::with_header(
                                                 "facts\n"
                                                 "  id: text, key\n"
                                                 "  n: int\n"
                                                 "  gap: hours\n"
                                                 "  seen: date or empty\n"
                                                 "  flag: bool\n"
                                                 "  label: one of a, b\n"
                                                 "  since: date, column \"Seit Datum\"\n"
                                                 "end\n"
                                                 "warn when n > 0 \"a warning long enough to live on the heap, for n = {n}\"\n"
                                                 "output twice = n * 2\n"));
  INFO(render_text(*c.source, c.diagnostics));
  REQUIRE(c.ok());
  return c.policy();
}

// A record of typed_policy() that is decided (its warning fires for n > 0).
void set_typed(Evaluator& ev, const Policy& policy, std::int64_t n) {
  ev.set(policy.fact("id"), std::to_string(n));
  ev.set_int(policy.fact("n"), n);
  ev.set_int(policy.fact("gap"), 2);
  ev.set_bool(policy.fact("flag"), false);
  ev.set(policy.fact("label"), "a");
  ev.set_date(policy.fact("since"), Date{2017, 1, 1});
}

}  // namespace

TEST_CASE("api: a misspelt fact name fails the record instead of deciding without its value", "[api]") {
  const Policy policy = coburg();
  Evaluator ev(policy);
  // the value the host meant to set decides a 1-month interval (the customer's own is 2)
  set_customer(ev, policy);
  CHECK(ev.set(policy.fact("closer_months"), "1"));
  REQUIRE(ev.evaluate(Date{2017, 3, 1}).decided);
  set_customer(ev, policy);
  CHECK(ev.set(policy.fact("closer_months"), "1"));
  CHECK(ev.evaluate(Date{2017, 3, 1}).outputs[1] == "1");  // interval_months
  // by index: find_fact of a misspelt name is fact_count(); the record fails, it is not
  // decided with the 2-month interval
  const std::size_t misspelt = policy.find_fact("closer_month");
  REQUIRE(misspelt == policy.fact_count());
  set_customer(ev, policy);
  CHECK_FALSE(ev.set(misspelt, "1"));
  const Decision& by_index = ev.evaluate(Date{2017, 3, 1});
  CHECK_FALSE(by_index.decided);
  CHECK(by_index.error == "fact index 15 is not a fact of policy `" + kCoburgName +
                              "` (it has 15 facts); resolve names with Policy::find_fact and check the result");
  // by handle: not valid(), and setting it fails the record the same way
  const FactRef ref = policy.fact("closer_month");
  CHECK_FALSE(ref.valid());
  CHECK(ref.index() == policy.fact_count());
  set_customer(ev, policy);
  CHECK_FALSE(ev.set(ref, "1"));
  const Decision& by_ref = ev.evaluate(Date{2017, 3, 1});
  CHECK_FALSE(by_ref.decided);
  CHECK(by_ref.error.rfind("a FactRef that names no fact was set on an evaluator of policy `" + kCoburgName + "`", 0) ==
        0);
  // every setter, also a default-constructed handle, and the first error is the one reported
  for (int setter = 0; setter < 5; ++setter) {
    set_customer(ev, policy);
    const std::size_t index = policy.fact_count() + 3;
    switch (setter) {
      case 0: CHECK_FALSE(ev.set_bool(index, true)); break;
      case 1: CHECK_FALSE(ev.set_int(index, 1)); break;
      case 2: CHECK_FALSE(ev.set_date(index, Date{2017, 1, 1})); break;
      case 3: CHECK_FALSE(ev.set_empty(index)); break;
      default: CHECK_FALSE(ev.set_empty(FactRef{})); break;
    }
    CHECK_FALSE(ev.set(policy.fact("status"), "arbeitslose"));  // a second error: not reported
    const Decision& d = ev.evaluate(Date{2017, 3, 1});
    INFO("setter " << setter);
    CHECK_FALSE(d.decided);
    CHECK(d.error.rfind(setter < 4 ? "fact index 18 is not a fact" : "a FactRef that names no fact", 0) == 0);
  }
}

TEST_CASE("api: evaluate ends the record, so the next customer starts from nothing", "[api]") {
  const Policy policy = coburg();
  Evaluator ev(policy);
  // customer A: a closer interval, decided with a 1-month interval
  set_customer(ev, policy);
  ev.set(policy.fact("closer_months"), "1");
  const Decision a = ev.evaluate(Date{2017, 3, 1});
  REQUIRE(a.decided);
  CHECK(a.outputs[1] == "1");
  // customer B, no reset(): only some of the values; the rest are unset, not A's
  ev.set(policy.fact("id"), "K2");
  ev.set(policy.fact("status"), "arbeitslos");
  const Decision& partial = ev.evaluate(Date{2017, 3, 1});
  CHECK_FALSE(partial.decided);
  CHECK(partial.error == "birth_date: Wert fehlt");  // the policy is German
  // customer B complete but without a closer interval: 2 months, not A's 1
  set_customer(ev, policy);
  const Decision& b = ev.evaluate(Date{2017, 3, 1});
  REQUIRE(b.decided);
  CHECK(b.outputs[1] == "2");
  // a second evaluate() with no setter call decides an empty record, not B again
  const Decision& again = ev.evaluate(Date{2017, 3, 1});
  CHECK_FALSE(again.decided);
  CHECK(again.error == "id: Wert fehlt");
  // an error does not carry over either: C has a bad value, D after it is decided
  set_customer(ev, policy);
  CHECK_FALSE(ev.set(policy.fact("status"), "arbeitslose"));
  CHECK_FALSE(ev.evaluate(Date{2017, 3, 1}).decided);
  set_customer(ev, policy);
  CHECK(ev.evaluate(Date{2017, 3, 1}).decided);
  // reset() drops what was set so far (and an error), starting the record explicitly
  CHECK_FALSE(ev.set(policy.fact("status"), "arbeitslose"));
  ev.set(policy.fact("closer_months"), "1");
  ev.reset();
  set_customer(ev, policy);
  const Decision& after_reset = ev.evaluate(Date{2017, 3, 1});
  REQUIRE(after_reset.decided);
  CHECK(after_reset.outputs[1] == "2");
}

TEST_CASE("api: a text with a NUL byte fails the record naming the fact", "[api]") {
  const Policy policy = coburg();
  Evaluator ev(policy);
  set_customer(ev, policy);
  CHECK_FALSE(ev.set(policy.fact("extension_reason"), std::string_view("a\0b", 3)));
  const Decision& d = ev.evaluate(Date{2017, 3, 1});
  CHECK_FALSE(d.decided);
  CHECK(d.error == "extension_reason: the value contains a NUL byte");
}

TEST_CASE("api: a failed typed setter fails the record naming the fact", "[api]") {
  const Policy policy = coburg();
  Evaluator ev(policy);
  // set_date of a day that does not exist: before, last_contact stayed unset (empty) and the
  // record was decided as "no first interview yet"
  set_customer(ev, policy);
  CHECK_FALSE(ev.set_date(policy.fact("last_contact"), Date{2017, 2, 30}));
  const Decision& date = ev.evaluate(Date{2017, 3, 1});
  CHECK_FALSE(date.decided);
  CHECK(date.error ==
        "last_contact: set_date got no calendar date (a year 1..9999, a month 1..12 and a day that month has)");
  // set_empty on a fact that is not `or empty`
  set_customer(ev, policy);
  CHECK_FALSE(ev.set_empty(policy.fact("birth_date")));
  const Decision& empty = ev.evaluate(Date{2017, 3, 1});
  CHECK_FALSE(empty.decided);
  CHECK(empty.error == "birth_date: set_empty on a fact of type date, which cannot be empty (only `or empty` facts "
                       "can); set its value");
  // set_int that overflows the fact's unit (hours are read as minutes: × 60)
  const Policy typed = typed_policy();
  Evaluator tv(typed);
  set_typed(tv, typed, 1);
  CHECK(tv.set_int(typed.fact("gap"), 2));
  REQUIRE(tv.evaluate(Date{2017, 3, 1}).decided);
  set_typed(tv, typed, 1);
  CHECK_FALSE(tv.set_int(typed.fact("gap"), std::numeric_limits<std::int64_t>::max() / 2));
  const Decision& overflow = tv.evaluate(Date{2017, 3, 1});
  CHECK_FALSE(overflow.decided);
  CHECK(overflow.error == "gap: the set_int value is out of range for a fact of type minutes");
  // a bad text names the fact by its policy name, not by its caseload column
  set_typed(tv, typed, 1);
  CHECK_FALSE(tv.set(typed.fact("since"), "31.02.2017"));
  const Decision& text = tv.evaluate(Date{2017, 3, 1});
  CHECK_FALSE(text.decided);
  CHECK(text.error == "since: not a valid date (write YYYY-MM-DD or DD.MM.YYYY)");
  tv.set(typed.fact("id"), "T1");
  tv.set_int(typed.fact("n"), 1);
  tv.set_int(typed.fact("gap"), 1);
  tv.set_bool(typed.fact("flag"), true);
  tv.set(typed.fact("label"), "b");
  const Decision& unset = tv.evaluate(Date{2017, 3, 1});
  CHECK(unset.error == "since: missing value");
}

TEST_CASE("api: a setter of the wrong type fails the record naming the fact and the right setter", "[api]") {
  const Policy policy = coburg();
  Evaluator ev(policy);
  struct Case {
    std::function<bool()> set;
    std::string error;
  };
  const Case cases[] = {
      {[&] { return ev.set_bool(policy.fact("extension_months"), true); },
       "extension_months: set_bool cannot set a fact of type months; use set_int (or set with text)"},
      {[&] { return ev.set_int(policy.fact("birth_date"), 19800505); },
       "birth_date: set_int cannot set a fact of type date; use set_date (or set with text)"},
      {[&] { return ev.set_int(policy.fact("bfm"), 1); },
       "bfm: set_int cannot set a fact of type bool; use set_bool (or set with text)"},
      {[&] { return ev.set_date(policy.fact("status"), Date{2017, 1, 1}); },
       "status: set_date cannot set a fact of type one of arbeitslos, arbeitsuchend, ohne_status; use set (or set "
       "with text)"},
      {[&] { return ev.set_bool(policy.fact("last_contact"), false); },
       "last_contact: set_bool cannot set a fact of type date or empty; use set_date (or set with text)"},
      {[&] { return ev.set_int(policy.fact("id"), 1); },
       "id: set_int cannot set a fact of type text; use set (or set with text)"},
  };
  for (const auto& c : cases) {
    set_customer(ev, policy);
    CHECK_FALSE(c.set());
    const Decision& d = ev.evaluate(Date{2017, 3, 1});
    CHECK_FALSE(d.decided);
    CHECK(d.error == c.error);
  }
}

TEST_CASE("api: a FactRef of another policy fails the record instead of setting another fact", "[api]") {
  const Policy policy = coburg();
  const Policy other = typed_policy();
  // `n` is fact 1 of the typed policy; fact 1 of Coburg is birth_date
  const FactRef n = other.fact("n");
  REQUIRE(n.valid());
  REQUIRE(n.index() == 1);
  Evaluator ev(policy);
  set_customer(ev, policy);
  CHECK_FALSE(ev.set_int(n, 7));
  CHECK_FALSE(ev.set(other.fact("id"), "K1"));  // fact 0 in both: still another policy's
  const Decision& d = ev.evaluate(Date{2017, 3, 1});
  CHECK_FALSE(d.decided);
  CHECK(d.error == "a FactRef resolved in another policy (its fact index 1) was set on an evaluator of policy `" +
                       kCoburgName + "`; resolve the names with this policy's Policy::fact");
  // the same text compiled again is another compile: its handles are refused too
  const Policy again = coburg();
  set_customer(ev, policy);
  CHECK_FALSE(ev.set(again.fact("closer_months"), "1"));
  CHECK_FALSE(ev.evaluate(Date{2017, 3, 1}).decided);
  // a copy of the Policy shares the compile: its handles work
  const Policy copy = policy;  // NOLINT(performance-unnecessary-copy-initialization)
  set_customer(ev, policy);
  CHECK(ev.set(copy.fact("closer_months"), "1"));
  const Decision& shared = ev.evaluate(Date{2017, 3, 1});
  REQUIRE(shared.decided);
  CHECK(shared.outputs[1] == "1");
}

TEST_CASE("api: a copied Decision owns its warnings after the next record and the Evaluator's end", "[api]") {
  const Policy policy = typed_policy();
  Decision first, second;
  {
    Evaluator ev(policy);
    auto customer = [&](std::int64_t n) {
      set_typed(ev, policy, n);
      return ev.evaluate(Date{2017, 3, 1});  // a copy
    };
    first = customer(1);
    second = customer(22);
    REQUIRE(first.decided);
    // the evaluator's own Decision now shows customer 22; the copy still shows customer 1
    CHECK(first.warnings == std::vector<std::string>{"a warning long enough to live on the heap, for n = 1"});
    (void)customer(333);
  }  // the evaluator is gone
  CHECK(first.warnings == std::vector<std::string>{"a warning long enough to live on the heap, for n = 1"});
  CHECK(second.warnings == std::vector<std::string>{"a warning long enough to live on the heap, for n = 22"});
  CHECK(first.outputs == std::vector<std::string>{"2"});
  CHECK(second.outputs == std::vector<std::string>{"44"});
}
