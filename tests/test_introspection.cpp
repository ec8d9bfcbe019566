// The host API's introspection (Policy::header, facts, outputs, parameters, describe_json), the
// typed outputs (Decision::values) and the movable Evaluator, through the public API only.
#include <kadenz/kadenz.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

using namespace kadenz;

namespace {

std::string source_path(const std::string& relative) { return std::string(KADENZ_SOURCE_DIR) + "/" + relative; }

Policy compile_file(const std::string& relative, const CompileOptions& options = {}) {
  const Compiled c = compile_policy_file(source_path(relative), options);
  INFO(render_text(*c.source, c.diagnostics));
  REQUIRE(c.ok());
  return c.policy();
}

Policy compile_text(const std::string& text) {
  const Compiled c = compile_policy("t.kadenz", text, CompileOptions{{}, no_file_access(), {}, Lang::en});
  INFO(render_text(*c.source, c.diagnostics));
  REQUIRE(c.ok());
  return c.policy();
}

const FactInfo& fact_named(const Policy& p, const std::string& name) {
  for (const FactInfo& f : p.facts())
    if (f.name == name) return f;
  FAIL("no fact " << name);
  return p.facts().front();
}

const ParameterInfo& parameter_named(const Policy& p, const std::string& name) {
  for (const ParameterInfo& x : p.parameters())
    if (x.name == name) return x;
  FAIL("no parameter " << name);
  return p.parameters().front();
}

bool same_date(const std::optional<Date>& d, int y, int m, int day) {
  return d && d->year == y && d->month == m && d->day == day;
}

// A small English policy with what the shipped ones lack: a renamed column, a `weeks` and an
// `hours` fact, a default per kind, `valid until`, duration, enumeration and date outputs, and
// an output without a value.
constexpr const char* kTyped = R"(policy "Typed"
  document "Test document"
  issued 2020-01-15
  valid from 2020-02-01
  valid until 2021-01-31

facts
  id:    text, key, column "Kundennummer"
  wait:  weeks, default 2 weeks
  shift: hours or empty
  kind:  one of a, b, c, default b
  note:  text, default "x"
  seen:  date or empty
end

parameters
  step  = 3 weeks
  later = 2 months
  long  = 1 year
  flag  = true
  start = 2020-03-01
  share = 40 %
  span  = 6 weeks
end

table gap: duration, hit first
  rule short §1
    when kind = a
    then 4 weeks
  rule none §2
    when kind = c
    then nothing
  rule rest §3
    otherwise
    then 2 months
end

output w = wait
output g = gap
output k = kind
output s = start
output late = seen is not empty and seen < start
output n = note
)";

}  // namespace

TEST_CASE("introspection: the Coburg policy's header, facts, outputs and parameters", "[introspection]") {
  const Policy p = compile_file("policies/coburg-land-2017.kadenz");
  const PolicyHeader& h = p.header();
  CHECK(h.name == "Jobcenter Coburg Land: Kontaktdichte");
  CHECK(h.document == "Geschäftsanweisung vom 27.12.2016 - Kontaktdichte");
  CHECK(same_date(h.issued, 2016, 12, 27));
  CHECK(same_date(h.valid_from, 2017, 1, 1));
  CHECK_FALSE(h.valid_until.has_value());
  CHECK(h.keyword_lang == Lang::de);

  // every fact in declaration order, the same as fact_name
  const std::vector<std::string> names = {"id", "birth_date", "status", "profile", "bfm", "massnahme",
                                          "arbeitsunfaehig", "foerderung", "para10", "german_ok", "last_contact",
                                          "profiling_date", "extension_months", "extension_reason", "closer_months"};
  REQUIRE(p.facts().size() == names.size());
  for (std::size_t i = 0; i < names.size(); ++i) {
    CHECK(p.facts()[i].name == names[i]);
    CHECK(p.fact_name(i) == names[i]);
    CHECK(p.facts()[i].column == names[i]);
    CHECK(p.facts()[i].is_key == (i == 0));
  }
  const FactInfo& status = fact_named(p, "status");
  CHECK(status.type.kind == ValueKind::enumeration);
  CHECK(status.type.values == std::vector<std::string>{"arbeitslos", "arbeitsuchend", "ohne_status"});
  CHECK(status.type.name == "eins von arbeitslos, arbeitsuchend, ohne_status");
  CHECK_FALSE(status.type.may_be_empty);
  CHECK(fact_named(p, "profile").type.values.size() == 4);  // all four, not cut like a message

  const FactInfo& birth = fact_named(p, "birth_date");
  CHECK(birth.type.kind == ValueKind::date);
  CHECK(birth.type.name == "datum");
  CHECK(birth.type.unit.empty());
  CHECK_FALSE(birth.has_default);

  const FactInfo& last = fact_named(p, "last_contact");
  CHECK(last.type.kind == ValueKind::date);
  CHECK(last.type.may_be_empty);
  CHECK(last.type.name == "datum oder leer");

  CHECK(fact_named(p, "bfm").type.kind == ValueKind::boolean);
  CHECK(fact_named(p, "bfm").type.name == "wahrheitswert");
  CHECK(fact_named(p, "id").type.kind == ValueKind::text);
  CHECK(fact_named(p, "extension_reason").type.may_be_empty);

  const FactInfo& ext = fact_named(p, "extension_months");
  CHECK(ext.type.kind == ValueKind::integer);
  CHECK(ext.type.unit == "months");
  CHECK(ext.type.name == "monate");
  CHECK(ext.has_default);
  CHECK(ext.default_text == "0 Monate");
  CHECK(fact_named(p, "closer_months").type.name == "monate oder leer");
  CHECK_FALSE(fact_named(p, "closer_months").has_default);

  // outputs in declaration order with their types
  const auto& outs = p.outputs();
  REQUIRE(outs.size() == 5);
  REQUIRE(p.output_count() == 5);
  CHECK(outs[0].name == "code");
  CHECK(outs[0].type.kind == ValueKind::text);
  CHECK(outs[1].name == "interval_months");
  CHECK(outs[1].type.kind == ValueKind::integer);
  CHECK(outs[1].type.unit == "months");
  CHECK(outs[2].name == "next_due");
  CHECK(outs[2].type.kind == ValueKind::date);
  CHECK(outs[3].name == "overdue");
  CHECK(outs[3].type.kind == ValueKind::boolean);
  CHECK(outs[4].name == "appointment_minutes");
  CHECK(outs[4].type.unit == "minutes");
  CHECK(outs[4].type.name == "minuten");
  for (std::size_t i = 0; i < outs.size(); ++i) CHECK(outs[i].name == p.output_name(i));

  // parameters: folded values as the policy writes them (hours stay hours)
  REQUIRE(p.parameters().size() == 7);
  CHECK(p.parameters()[0].name == "first_interview");
  CHECK(parameter_named(p, "first_interview").value == "60 Minuten");
  CHECK(parameter_named(p, "first_interview").type.unit == "minutes");
  CHECK(parameter_named(p, "weekly_hours").value == "39 Stunden");
  CHECK(parameter_named(p, "weekly_hours").type.unit == "minutes");
  CHECK(parameter_named(p, "interview_share").value == "50 %");
  CHECK(parameter_named(p, "interview_share").type.unit == "percent");
  CHECK(parameter_named(p, "max_extension").value == "6 Monate");
  CHECK(parameter_named(p, "max_extension").type.kind == ValueKind::integer);
}

TEST_CASE("introspection: --set changes a parameter's reported value", "[introspection]") {
  CompileOptions options;
  options.set = {{"prep_minutes", "15"}, {"weekly_hours", "38,5"}, {"max_extension", "1 Monat"}};
  const Policy p = compile_file("policies/coburg-land-2017.kadenz", options);
  CHECK(parameter_named(p, "prep_minutes").value == "15 Minuten");
  // 38,5 hours are not whole hours: the value is written in the type's own unit
  CHECK(parameter_named(p, "weekly_hours").value == "2310 Minuten");
  CHECK(parameter_named(p, "max_extension").value == "1 Monat");
  // the others keep the policy's values
  CHECK(parameter_named(p, "follow_up").value == "30 Minuten");
  const Policy unchanged = compile_file("policies/coburg-land-2017.kadenz");
  CHECK(parameter_named(unchanged, "prep_minutes").value == "10 Minuten");
}

TEST_CASE("introspection: Musterstadt and its 2025 variant", "[introspection]") {
  const Policy p = compile_file("examples/musterstadt/musterstadt-2024.kadenz");
  CHECK(p.header().name == "Jobcenter Musterstadt: Kontaktdichte (fiktives Beispiel)");
  CHECK(same_date(p.header().issued, 2024, 3, 15));
  CHECK(same_date(p.header().valid_from, 2024, 4, 1));
  CHECK(fact_named(p, "profil").type.values == std::vector<std::string>{"marktnah", "marktfern", "unterstuetzung"});
  CHECK(fact_named(p, "kursende").type.may_be_empty);
  CHECK(fact_named(p, "leistungsbeginn").type.kind == ValueKind::date);
  CHECK_FALSE(fact_named(p, "leistungsbeginn").type.may_be_empty);
  CHECK(parameter_named(p, "arbeitszeit_woche").value == "39 Stunden");
  REQUIRE(p.outputs().size() == 3);
  CHECK(p.outputs()[0].name == "kategorie");
  CHECK(p.outputs()[1].type.kind == ValueKind::date);
  CHECK(p.outputs()[2].type.kind == ValueKind::boolean);

  // the variant: its own header, the base's facts
  const Policy v = compile_file("examples/musterstadt/musterstadt-2025.kadenz");
  CHECK(v.header().document == "Kontaktdichtekonzept Musterstadt, Fassung 2025 (fiktiv)");
  CHECK(same_date(v.header().issued, 2024, 12, 1));
  CHECK(same_date(v.header().valid_from, 2025, 1, 1));
  CHECK(v.facts().size() == p.facts().size());
}

TEST_CASE("introspection: columns, units, defaults and validity of an English policy", "[introspection]") {
  const Policy p = compile_text(kTyped);
  CHECK(p.header().keyword_lang == Lang::en);
  CHECK(same_date(p.header().valid_until, 2021, 1, 31));
  CHECK(p.header().document == "Test document");

  const FactInfo& id = fact_named(p, "id");
  CHECK(id.column == "Kundennummer");
  CHECK(id.is_key);
  const FactInfo& wait = fact_named(p, "wait");
  CHECK(wait.type.name == "weeks");
  CHECK(wait.type.unit == "weeks");
  CHECK(wait.default_text == "2 weeks");
  CHECK_FALSE(wait.is_key);
  CHECK(fact_named(p, "shift").type.name == "hours or empty");
  CHECK(fact_named(p, "shift").type.unit == "hours");
  CHECK(fact_named(p, "kind").default_text == "b");
  CHECK(fact_named(p, "kind").type.name == "one of a, b, c");
  CHECK(fact_named(p, "note").default_text == "\"x\"");

  CHECK(parameter_named(p, "step").value == "3 weeks");
  CHECK(parameter_named(p, "later").value == "2 months");
  CHECK(parameter_named(p, "long").value == "1 year");
  CHECK(parameter_named(p, "flag").value == "true");
  CHECK(parameter_named(p, "flag").type.kind == ValueKind::boolean);
  CHECK(parameter_named(p, "start").value == "2020-03-01");
  CHECK(parameter_named(p, "share").value == "40 %");

  const auto& outs = p.outputs();
  REQUIRE(outs.size() == 6);
  CHECK(outs[1].type.kind == ValueKind::duration);
  CHECK(outs[1].type.unit == "duration");
  CHECK(outs[2].type.kind == ValueKind::enumeration);
  CHECK(outs[2].type.values == std::vector<std::string>{"a", "b", "c"});
}

TEST_CASE("introspection: describe_json holds the same as the accessors", "[introspection]") {
  const Policy p = compile_file("policies/coburg-land-2017.kadenz");
  const nlohmann::json j = nlohmann::json::parse(p.describe_json());
  CHECK(j["name"] == p.header().name);
  CHECK(j["issued"] == "2016-12-27");
  CHECK(j["valid_from"] == "2017-01-01");
  CHECK(j["valid_until"].is_null());
  CHECK(j["keyword_lang"] == "de");
  REQUIRE(j["facts"].size() == p.facts().size());
  CHECK(j["facts"][2]["name"] == "status");
  CHECK(j["facts"][2]["type"]["kind"] == "enumeration");
  CHECK(j["facts"][2]["type"]["values"][1] == "arbeitsuchend");
  CHECK(j["facts"][0]["is_key"] == true);
  CHECK(j["facts"][10]["type"]["may_be_empty"] == true);
  CHECK(j["facts"][12]["default"] == "0 Monate");
  CHECK(j["facts"][11]["default"].is_null());
  REQUIRE(j["outputs"].size() == 5);
  CHECK(j["outputs"][4]["type"]["unit"] == "minutes");
  CHECK(j["parameters"][4]["name"] == "weekly_hours");
  CHECK(j["parameters"][4]["value"] == "39 Stunden");

  CHECK(Policy().describe_json() == "null");
  CHECK(Policy().facts().empty());
  CHECK(Policy().header().name.empty());
}

TEST_CASE("typed values: Decision::values parallel to outputs", "[introspection]") {
  const Policy p = compile_file("policies/coburg-land-2017.kadenz");
  Evaluator e(p);
  const std::vector<std::pair<const char*, const char*>> k0001 = {
      {"id", "K0001"},           {"birth_date", "1980-05-14"},   {"status", "arbeitslos"}, {"profile", "marktnah"},
      {"bfm", "false"},          {"massnahme", "false"},         {"arbeitsunfaehig", "false"},
      {"foerderung", "keine"},   {"para10", "false"},            {"german_ok", "true"},
      {"last_contact", "2017-01-10"}, {"profiling_date", "2016-11-02"}};
  for (const auto& [name, value] : k0001) REQUIRE(e.set(p.fact(name), value));
  const Decision& d = e.evaluate(Date{2017, 3, 1});
  INFO(d.error);
  REQUIRE(d.decided);
  REQUIRE(d.values.size() == d.outputs.size());
  for (std::size_t i = 0; i < d.values.size(); ++i) {
    CHECK(d.values[i].text == d.outputs[i]);
    CHECK(d.values[i].kind == p.outputs()[i].type.kind);
    CHECK_FALSE(d.values[i].empty);
  }
  CHECK(d.values[0].text == "2MM");
  CHECK(d.values[1].integer == 2);
  CHECK(d.values[1].unit == "months");
  CHECK(d.values[2].date.year == 2017);
  CHECK(d.values[2].date.month == 3);
  CHECK(d.values[2].date.day == 10);
  CHECK_FALSE(d.values[3].boolean);
  CHECK(d.values[4].integer == 30);
  CHECK(d.values[4].unit == "minutes");

  // a later record overwrites every value (nothing of K0001 stays)
  for (const auto& [name, value] : k0001) REQUIRE(e.set(p.fact(name), value));
  REQUIRE(e.set(p.fact("bfm"), "true"));
  REQUIRE(e.set(p.fact("last_contact"), "2016-12-01"));
  const Decision& d2 = e.evaluate(Date{2017, 3, 1});
  REQUIRE(d2.decided);
  CHECK(d2.values[0].text == "1MM");
  CHECK(d2.values[1].integer == 1);
  CHECK(d2.values[2].date.month == 1);
  CHECK(d2.values[2].date.day == 1);
  CHECK(d2.values[3].boolean);

  // a failed record has no values
  REQUIRE_FALSE(e.set(p.fact("status"), "unknown"));
  const Decision& d3 = e.evaluate(Date{2017, 3, 1});
  CHECK_FALSE(d3.decided);
  for (const Value& v : d3.values) {
    CHECK(v.text.empty());
    CHECK(v.integer == 0);
    CHECK_FALSE(v.boolean);
  }
}

TEST_CASE("typed values: durations keep their unit, enumerations their index, no value is empty", "[introspection]") {
  const Policy p = compile_text(kTyped);
  Evaluator e(p);
  const auto decide = [&](const char* kind, const char* seen) -> const Decision& {
    REQUIRE(e.set(p.fact("id"), "X1"));
    REQUIRE(e.set(p.fact("kind"), kind));
    REQUIRE(e.set(p.fact("seen"), seen));
    REQUIRE(e.set_int(p.fact("wait"), 3));  // in the fact's unit: weeks
    return e.evaluate(Date{2020, 6, 1});
  };
  const Decision& a = decide("a", "2020-01-01");
  INFO(a.error);
  REQUIRE(a.decided);
  CHECK(a.values[0].integer == 21);  // the output is in days
  CHECK(a.values[0].unit == "days");
  CHECK(a.values[1].kind == ValueKind::duration);
  CHECK(a.values[1].integer == 4);
  CHECK(a.values[1].unit == "weeks");
  CHECK(a.values[1].text == a.outputs[1]);
  CHECK(a.values[2].integer == 0);
  CHECK(a.values[2].text == "a");
  CHECK(a.values[3].date.year == 2020);
  CHECK(a.values[3].date.month == 3);
  CHECK(a.values[4].boolean);
  CHECK(a.values[5].text == "x");  // the default

  const Decision& b = decide("b", "");
  REQUIRE(b.decided);
  CHECK(b.values[1].integer == 2);
  CHECK(b.values[1].unit == "months");
  CHECK(b.values[2].integer == 1);
  CHECK_FALSE(b.values[4].boolean);

  const Decision& c = decide("c", "");
  REQUIRE(c.decided);
  CHECK(c.values[1].empty);
  CHECK(c.outputs[1].empty());
  CHECK(c.values[1].integer == 0);
  CHECK(c.values[2].integer == 2);
  CHECK_FALSE(c.values[2].empty);
}

TEST_CASE("evaluator: movable; a vector of evaluators grows and all still decide", "[introspection]") {
  const Policy p = compile_file("policies/coburg-land-2017.kadenz");
  std::vector<Evaluator> evaluators;
  for (int i = 0; i < 20; ++i) {
    evaluators.emplace_back(p);  // grows past its capacity several times: every evaluator moves
    evaluators.back().set(p.fact("id"), "K" + std::to_string(i));
  }
  for (std::size_t i = 0; i < evaluators.size(); ++i) {
    Evaluator& e = evaluators[i];
    // the record set before the moves is still there: the id fact survived
    REQUIRE(e.set(p.fact("birth_date"), "1980-05-14"));
    REQUIRE(e.set(p.fact("status"), i % 2 ? "arbeitslos" : "arbeitsuchend"));
    REQUIRE(e.set(p.fact("profile"), "marktnah"));
    for (const char* b : {"bfm", "massnahme", "arbeitsunfaehig", "para10", "german_ok"}) REQUIRE(e.set(p.fact(b), "false"));
    REQUIRE(e.set(p.fact("foerderung"), "keine"));
    const Decision& d = e.evaluate(Date{2017, 3, 1});
    INFO(d.error);
    REQUIRE(d.decided);
    CHECK(d.outputs[0] == (i % 2 ? "2MM" : "6MM"));
  }

  // a moved-from evaluator fails cleanly, and can be assigned to again
  Evaluator a(p);
  Evaluator b(std::move(a));
  CHECK_FALSE(a.set(p.fact("id"), "K1"));  // NOLINT(bugprone-use-after-move): the contract under test
  CHECK_FALSE(a.set_bool(p.fact("bfm"), true));
  a.reset();
  const Decision& moved = a.evaluate(Date{2017, 3, 1});
  CHECK_FALSE(moved.decided);
  CHECK_FALSE(moved.error.empty());
  const Explanation x = a.explain(Date{2017, 3, 1});
  CHECK_FALSE(x.decision.decided);
  CHECK(x.text.empty());
  a = std::move(b);
  CHECK(a.set(p.fact("id"), "K1"));
  CHECK_FALSE(a.evaluate(Date{2017, 3, 1}).decided);  // facts missing: a record error, not the moved-from one
  CHECK(a.evaluate(Date{2017, 3, 1}).error != moved.error);
}
