// `kadenz explain` and the trace behind it (evaluate/trace.hpp): rules matched and not, with the
// part of the condition that decided and its values; the hit policy's choice; lets, requires,
// warnings and outputs with their sections; `if` branches; the trace decides exactly as the
// register code does; the CLI's --facts and --id, its JSON and its two languages; Evaluator::explain.
#include "run_cli.hpp"
#include "support.hpp"

#include "interpreter/evaluate/trace.hpp"
#include "interpreter/report/explain.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>

using namespace kadenz;
using nlohmann::json;
using test::contains;
using test::sh;

namespace {

// status a with bfm: r1 (1 month) and r2 (3 months) compete under `shortest`.
const std::string kPolicy = test::with_header(R"(facts
  id:     text, key
  status: one of a, b, c
  bfm:    bool
  closer: months or empty
  born:   date
end
let grown = years_between(born, as_of) >= 25
table interval: months, hit shortest
  rule r1 §1.1
    when bfm and status = a
    then 1 month
  rule r2 §1.2
    when status = a
    then 3 months
  rule r3 §1.3
    when status = b and grown
    then 6 months
  rule r4 §1.4
    when status = b or bfm
    then 6 months
end
require born <= as_of
  else "born: after as_of"
warn when status = c or (bfm and status = b)
  "check status"
let span = if closer is not empty then closer else interval
output code = "{interval}MM"
output span_months = span
output soon = if span < 2 months then "yes" else "no"
)");

struct Traced {
  std::shared_ptr<const detail::Program> program;
  detail::Trace trace;
  detail::Frame frame;
  bool read = false;
};

// Compiles `policy` and traces the one record of `csv` (header and row) as of 2017-03-01.
Traced trace_of(const std::string& csv, const std::string& policy = kPolicy) {
  Traced t;
  const Compiled c = compile_policy("t.kadenz", policy);
  INFO(render_text(*c.source, c.diagnostics));
  REQUIRE(c.ok());
  t.program = kadenz::detail::program_of(c);
  detail::CsvReader reader{std::string_view(csv)};
  const auto binding = test::bind_header(*kadenz::detail::program_of(c), test::header_of(reader));
  detail::CsvReader::Record rec;
  REQUIRE(reader.next(rec));
  detail::prepare_frame(*kadenz::detail::program_of(c), t.frame);
  std::string scratch;
  t.read = detail::read_row(*kadenz::detail::program_of(c), binding, rec.fields, rec.error, t.frame, scratch);
  REQUIRE(t.read);
  t.frame.slots[kadenz::detail::program_of(c)->as_of_slot].i = *detail::parse_date("2017-03-01");
  detail::explain_record(*kadenz::detail::program_of(c), t.frame, t.trace);
  return t;
}

const detail::TraceStep& step(const Traced& t, detail::TraceKind kind, const std::string& name = "") {
  for (const auto& s : t.trace.steps) {
    if (s.kind != kind) continue;
    const auto& p = *t.program;
    const std::string n = kind == detail::TraceKind::let      ? p.definitions[s.index].name
                          : kind == detail::TraceKind::output ? p.outputs[s.index].name
                          : kind == detail::TraceKind::table  ? p.tables[s.index].name
                                                              : std::string();
    if (name.empty() || n == name) return s;
  }
  FAIL("no step " << name);
  throw;
}

std::string text_of(const Traced& t, Span span) { return std::string(detail::span_text(*t.program, span)); }

const std::string kHeader = "id,status,bfm,closer,born\n";

}  // namespace

TEST_CASE("explain: a rule that does not match names the first false part and its values", "[explain]") {
  const auto t = trace_of(kHeader + "K1,a,false,,1980-01-01\n");
  REQUIRE(t.trace.decided);
  const auto& table = step(t, detail::TraceKind::table, "interval");
  REQUIRE(table.table.rules.size() == 4);
  const auto& r1 = table.table.rules[0];
  CHECK(r1.outcome == detail::RuleOutcome::not_matched);
  CHECK_FALSE(r1.has_value);
  REQUIRE(r1.condition.parts.size() == 1);  // `bfm` decided; `status = a` was never looked at
  CHECK(text_of(t, r1.condition.parts[0].span) == "bfm");
  CHECK_FALSE(r1.condition.parts[0].holds);
  REQUIRE(r1.condition.parts[0].operands.size() == 1);
  CHECK(r1.condition.parts[0].operands[0].value.text == "false");
  const auto& r3 = table.table.rules[2];
  CHECK(r3.outcome == detail::RuleOutcome::not_matched);
  REQUIRE(r3.condition.parts.size() == 1);
  CHECK(text_of(t, r3.condition.parts[0].span) == "status = b");
  REQUIRE(r3.condition.parts[0].operands.size() == 1);  // the constant `b` is not an operand
  CHECK(text_of(t, r3.condition.parts[0].operands[0].span) == "status");
  CHECK(r3.condition.parts[0].operands[0].value.text == "a");
  // a false `or` is decided by all of its parts
  const auto& r4 = table.table.rules[3];
  CHECK(r4.condition.parts.size() == 2);
}

TEST_CASE("explain: a matched rule lists every part that held, with its value", "[explain]") {
  const auto t = trace_of(kHeader + "K1,a,false,,1980-01-01\n");
  const auto& table = step(t, detail::TraceKind::table, "interval");
  const auto& r2 = table.table.rules[1];
  CHECK(r2.outcome == detail::RuleOutcome::matched);
  REQUIRE(r2.has_value);
  CHECK(r2.value.text == "3");
  CHECK(table.table.choice == detail::TableChoice::only);
  CHECK(table.table.chosen == 1);
  CHECK(table.value.text == "3");
}

TEST_CASE("explain: under shortest the matched rules' values compete and the least wins", "[explain]") {
  const auto t = trace_of(kHeader + "K1,a,true,,1980-01-01\n");
  const auto& table = step(t, detail::TraceKind::table, "interval");
  CHECK(table.table.choice == detail::TableChoice::shortest);
  CHECK(table.table.chosen == 0);
  CHECK(table.table.competed == std::vector<std::uint32_t>{0, 1, 3});
  CHECK(table.table.rules[0].value.text == "1");
  CHECK(table.table.rules[1].value.text == "3");
  CHECK(table.table.rules[3].value.text == "6");
  // a true `and` is decided by all of its parts; a true `or` by its first true one
  CHECK(table.table.rules[0].condition.parts.size() == 2);
  REQUIRE(table.table.rules[3].condition.parts.size() == 1);
  CHECK(text_of(t, table.table.rules[3].condition.parts[0].span) == "bfm");
  const std::string text = detail::render_trace_text(*t.program, t.trace, {"K1", *detail::parse_date("2017-03-01")});
  CHECK(contains(text, "chosen: r1 §1.1, the shortest of the values that competed: r1 1, r2 3, r4 6"));
}

TEST_CASE("explain: lets, warnings, outputs with their sections and the branches taken", "[explain]") {
  const auto t = trace_of(kHeader + "K1,b,true,,1980-01-01\n");
  REQUIRE(t.trace.decided);
  CHECK(step(t, detail::TraceKind::let, "grown").value.text == "true");
  const auto& warn = step(t, detail::TraceKind::warn);
  CHECK(warn.holds);
  CHECK(warn.value.text == "check status");
  const auto& require = step(t, detail::TraceKind::require);
  CHECK(require.holds);
  const auto& code = step(t, detail::TraceKind::output, "code");
  CHECK(code.value.text == "6MM");
  REQUIRE(code.tables.size() == 1);
  CHECK(t.program->tables[code.tables[0]].name == "interval");
  // `span_months` reads the table through the let `span`, on its else branch
  const auto& span = step(t, detail::TraceKind::let, "span");
  REQUIRE(span.branches.size() == 1);
  CHECK_FALSE(span.branches[0].then);
  CHECK(step(t, detail::TraceKind::output, "span_months").tables.size() == 1);
  const auto& soon = step(t, detail::TraceKind::output, "soon");
  CHECK(soon.value.text == "no");
  REQUIRE(soon.branches.size() == 1);
  CHECK_FALSE(soon.branches[0].then);
  const std::string text = detail::render_trace_text(*t.program, t.trace, {"K1", *detail::parse_date("2017-03-01")});
  CHECK(contains(text, "output code = 6MM\n  sections: §1.3 (interval: rule r3)\n"));
  CHECK(contains(text, "warn `status = c or (bfm and status = b)`: fired: check status"));
}

TEST_CASE("explain: a value that does not read a table on the path taken has no section", "[explain]") {
  const auto t = trace_of(kHeader + "K1,a,false,1,1980-01-01\n");
  const auto& span = step(t, detail::TraceKind::output, "span_months");
  CHECK(span.value.text == "1");
  CHECK(span.tables.empty());  // the `then` branch reads closer, not the table
  const auto& let = step(t, detail::TraceKind::let, "span");
  REQUIRE(let.branches.size() == 1);
  CHECK(let.branches[0].then);
  CHECK(step(t, detail::TraceKind::output, "soon").value.text == "yes");
  const auto& warn = step(t, detail::TraceKind::warn);
  CHECK_FALSE(warn.holds);
  CHECK(warn.value.text.empty());
}

TEST_CASE("explain: a failing require ends the trace with its message", "[explain]") {
  const auto t = trace_of(kHeader + "K1,a,false,,2018-01-01\n");
  CHECK_FALSE(t.trace.decided);
  CHECK(t.trace.error == "born: after as_of");
  REQUIRE_FALSE(t.trace.steps.empty());
  const auto& last = t.trace.steps.back();
  CHECK(last.kind == detail::TraceKind::require);
  CHECK_FALSE(last.holds);
  CHECK_FALSE(last.decided);
  CHECK(last.value.text == "born: after as_of");
  REQUIRE(last.condition.parts.size() == 1);
  REQUIRE(last.condition.parts[0].operands.size() == 2);
  CHECK(last.condition.parts[0].operands[0].value.text == "2018-01-01");
  CHECK(last.condition.parts[0].operands[1].value.text == "2017-03-01");
  for (const auto& s : t.trace.steps) CHECK(s.kind != detail::TraceKind::output);
}

TEST_CASE("explain: hit first leaves the later rules unevaluated; no rule and two unique rules", "[explain]") {
  const std::string first = test::with_header(
      "facts\n  id: text, key\n  x: bool\n  y: bool\nend\n"
      "table t: months, hit first\n  rule a §1 when x then 1 month\n  rule b §2 when y then 2 months\nend\noutput o = t\n");
  auto t = trace_of("id,x,y\nK,true,true\n", first);
  const auto& table = step(t, detail::TraceKind::table, "t");
  CHECK(table.table.choice == detail::TableChoice::first);
  CHECK(table.table.rules[1].outcome == detail::RuleOutcome::not_reached);
  t = trace_of("id,x,y\nK,false,false\n", first);
  CHECK_FALSE(t.trace.decided);
  CHECK(t.trace.steps.back().table.choice == detail::TableChoice::no_rule);
  std::string unique = first;
  unique.replace(unique.find("hit first"), 9, "hit unique");
  t = trace_of("id,x,y\nK,true,true\n", unique);
  CHECK_FALSE(t.trace.decided);
  const auto& both = t.trace.steps.back().table;
  CHECK(both.choice == detail::TableChoice::two_unique);
  CHECK(both.chosen == 0);
  CHECK(both.second == 1);
}

TEST_CASE("explain: the traced walk decides every example row exactly as the register code", "[explain]") {
  const Compiled c = compile_policy_file(test::source_path("policies/coburg-land-2017.kadenz"));
  REQUIRE(c.ok());
  const auto& p = *kadenz::detail::program_of(c);
  const std::string csv = test::read_file(test::source_path("examples/caseload.csv"));
  detail::CsvReader reader{std::string_view(csv)};
  const auto binding = test::bind_header(p, test::header_of(reader));
  detail::CsvReader::Record rec;
  detail::Frame fast, traced;
  detail::prepare_frame(p, fast);
  detail::prepare_frame(p, traced);
  std::string scratch;
  const auto as_of = *detail::parse_date("2017-03-01");
  std::size_t rows = 0, decided = 0;
  while (reader.next(rec)) {
    const bool read = detail::read_row(p, binding, rec.fields, rec.error, fast, scratch);
    REQUIRE(read == detail::read_row(p, binding, rec.fields, rec.error, traced, scratch));
    if (!read) continue;
    ++rows;
    fast.slots[p.as_of_slot].i = traced.slots[p.as_of_slot].i = as_of;
    detail::Trace trace;
    const bool a = detail::evaluate_record(p, fast);
    const bool b = detail::explain_record(p, traced, trace);
    INFO("line " << rec.line);
    REQUIRE(a == b);
    CHECK(trace.decided == a);
    CHECK(fast.error == traced.error);
    CHECK(fast.warnings == traced.warnings);
    if (!a) continue;
    ++decided;
    CHECK(fast.table_rule == traced.table_rule);
    for (const auto& o : p.outputs) {
      CHECK(fast.slots[o.slot].i == traced.slots[o.slot].i);
      const auto& s = std::find_if(trace.steps.begin(), trace.steps.end(), [&](const detail::TraceStep& x) {
        return x.kind == detail::TraceKind::output && p.outputs[x.index].slot == o.slot;
      });
      REQUIRE(s != trace.steps.end());
    }
  }
  CHECK(rows > 90);
  CHECK(decided > 80);
}

namespace {

const std::string kCoburg = test::source_path("policies/coburg-land-2017.kadenz");
const std::string kCaseload = test::source_path("examples/caseload.csv");

test::Result explain(const test::TempDir& dir, const std::string& args) {
  return test::run_kadenz(dir, "explain " + sh(kCoburg) + " --as-of 2017-03-01 " + args);
}

}  // namespace

TEST_CASE("explain CLI: a caseload row by id, in German by default and in English with --lang en", "[explain][cli]") {
  test::TempDir dir;
  auto r = explain(dir, sh(kCaseload) + " --id K0069");
  INFO(r.err);
  CHECK(r.code == 0);
  CHECK(contains(r.out, "K0069, Stichtag 2017-03-01"));
  CHECK(contains(r.out, "regel marktfern §2.2.3: trifft zu → 3"));
  CHECK(contains(r.out, "regel marktnah §2.2.2: trifft nicht zu: `profile = marktnah` ist falsch (profile = marktfern)"));
  CHECK(contains(r.out, "ausgabe interval_months = 2\n"));
  CHECK(contains(r.out, "`nicht u25` ist wahr (u25 = false)"));  // `not` of a leaf is one part
  CHECK(contains(r.out, "Abschnitte: §2.2.3 (base_interval: Regel marktfern)"));
  CHECK_FALSE(contains(r.out, "K0070"));  // no other row
  r = explain(dir, sh(kCaseload) + " --id K0069 --lang en");
  CHECK(r.code == 0);
  CHECK(contains(r.out, "K0069, as of 2017-03-01"));
  CHECK(contains(r.out, "regel marktfern §2.2.3: matches → 3"));
  CHECK(contains(r.out, "gewählt") == false);
  CHECK(contains(r.out, "chosen: marktfern §2.2.3, the only rule that matches"));
  CHECK(contains(r.out, "\ndecided\n"));
}

TEST_CASE("explain CLI: a row with an error exits 1 and shows the failing require", "[explain][cli]") {
  test::TempDir dir;
  const auto r = explain(dir, sh(kCaseload) + " --id K0076 --format json");
  INFO(r.err);
  CHECK(r.code == 1);
  const json doc = json::parse(r.out);
  CHECK(doc["decided"] == false);
  CHECK(doc["read"] == true);
  CHECK(doc["record"] == "K0076");
  const auto& last = doc["steps"].back();
  CHECK(last["kind"] == "require");
  CHECK(last["holds"] == false);
  CHECK(contains(last["message"].get<std::string>(), "closer_months"));
  CHECK(doc["error"] == last["message"]);
}

TEST_CASE("explain CLI: JSON is one valid document with tables, rules and sections", "[explain][cli]") {
  test::TempDir dir;
  const auto r = explain(dir, sh(kCaseload) + " --id K0029 --format json --lang en");
  INFO(r.err);
  REQUIRE(r.code == 0);
  const json doc = json::parse(r.out);
  CHECK(doc["lang"] == "en");
  CHECK(doc["as_of"] == "2017-03-01");
  bool table = false, code = false;
  for (const auto& s : doc["steps"]) {
    if (s["kind"] == "table") {
      table = true;
      CHECK(s["hit"] == "shortest");
      CHECK(s["chosen"] == "u25");
      CHECK(s["value"] == "1");
      CHECK(s["rules"].size() == 7);
      CHECK(s["rules"][1]["outcome"] == "matched");
      CHECK(s["rules"][0]["condition"]["parts"][0]["expression"] == "bfm");
    }
    if (s["kind"] == "output" && s["name"] == "code") {
      code = true;
      CHECK(s["value"] == "1MM");
      REQUIRE(s["sections"].size() == 1);
      CHECK(s["sections"][0]["section"] == "§2.2.1");
      CHECK(s["sections"][0]["rule"] == "u25");
    }
  }
  CHECK(table);
  CHECK(code);
}

TEST_CASE("explain CLI: --facts reads cells as a caseload does; its mistakes are exit 2", "[explain][cli]") {
  test::TempDir dir;
  auto r = explain(dir, "--facts " + sh("status=arbeitslos; profile=marktnah; birth_date=14.05.1980;german_ok=ja;bfm=nein;massnahme=nein;"
                                  "arbeitsunfaehig=nein;foerderung=keine;para10=nein;id=X1"));
  INFO(r.err);
  CHECK(r.code == 0);
  CHECK(contains(r.out, "X1, Stichtag 2017-03-01"));
  CHECK(contains(r.out, "gewählt: marktnah §2.2.2"));
  // an enumeration value read like a cell: its row error
  r = explain(dir, "--facts " + sh("status=arbeitslose;birth_date=1980-05-14"));
  CHECK(r.code == 1);
  CHECK(contains(r.out, "status: unbekannter Wert `arbeitslose`"));
  // a required fact left out is a missing value, as an empty cell
  r = explain(dir, "--facts " + sh("status=arbeitslos") + " --lang en");
  CHECK(r.code == 1);
  CHECK(contains(r.out, "the facts given, as of 2017-03-01"));
  CHECK(contains(r.out, "birth_date: missing value"));
  r = explain(dir, "--facts " + sh("status") + " --lang en");
  CHECK(r.code == 2);
  CHECK(contains(r.err, "--facts: `status` is not NAME=VALUE"));
  r = explain(dir, "--facts " + sh("stauts=arbeitslos") + " --lang en");
  CHECK(r.code == 2);
  CHECK(contains(r.err, "`stauts` is not a column of the policy (its columns: id, birth_date, status"));
  r = explain(dir, "--facts " + sh("status=arbeitslos;status=arbeitsuchend") + " --lang en");
  CHECK(r.code == 2);
  CHECK(contains(r.err, "`status` is given twice"));
  CHECK(r.out.empty());
}

TEST_CASE("explain CLI: --id absent or repeated is exit 2 and shows no row", "[explain][cli]") {
  test::TempDir dir;
  auto r = explain(dir, sh(kCaseload) + " --id K9999 --lang en");
  CHECK(r.code == 2);
  CHECK(contains(r.err, "no row has the id `K9999` (column `id`)"));
  CHECK(r.out.empty());
  const std::string csv = test::read_file(kCaseload);
  const std::string header = csv.substr(0, csv.find('\n') + 1);
  const std::string twice = dir.write("twice.csv", header +
                                                       "A1,1980-01-01,arbeitslos,marktnah,false,false,false,keine,false,true,,,,,\n"
                                                       "B2,1990-02-02,arbeitslos,marktfern,false,false,false,keine,false,true,,,,,\n"
                                                       "A1,1981-01-01,arbeitslos,marktfern,false,false,false,keine,false,true,,,,,\n");
  r = explain(dir, sh(twice) + " --id A1 --lang en");
  CHECK(r.code == 2);
  CHECK(contains(r.err, "the id `A1` is in 2 rows (lines 2, 4)"));
  CHECK_FALSE(contains(r.err + r.out, "1990-02-02"));
  CHECK_FALSE(contains(r.err + r.out, "1981-01-01"));
  // neither or both ways of giving the customer
  r = explain(dir, "--lang en");
  CHECK(r.code == 2);
  CHECK(contains(r.err, "--facts"));
  r = explain(dir, sh(kCaseload) + " --id K0001 --facts status=arbeitslos");
  CHECK(r.code == 2);
}

TEST_CASE("explain: Evaluator::explain decides as evaluate() and is off the default path", "[explain][api]") {
  const Compiled c = compile_policy_file(kCoburg);
  REQUIRE(c.ok());
  const Policy policy = c.policy();
  Evaluator ev(policy);
  const auto set = [&](Evaluator& e) {
    e.set(policy.fact("status"), "arbeitslos");
    e.set(policy.fact("profile"), "marktfern");
    e.set(policy.fact("birth_date"), "1974-02-17");
    e.set(policy.fact("closer_months"), "2");
    for (const char* no : {"bfm", "massnahme", "arbeitsunfaehig", "para10"}) e.set(policy.fact(no), "false");
    e.set(policy.fact("german_ok"), "true");
    e.set(policy.fact("foerderung"), "keine");
    e.set(policy.fact("id"), "K0069");
  };
  set(ev);
  const Decision plain = ev.evaluate({2017, 3, 1});
  set(ev);
  const Explanation x = ev.explain({2017, 3, 1}, "K0069");
  CHECK(x.decision.decided == plain.decided);
  CHECK(x.decision.outputs == plain.outputs);
  CHECK(x.decision.rule == plain.rule);
  CHECK(x.decision.section == plain.section);
  CHECK(contains(x.text, "K0069, Stichtag 2017-03-01"));
  CHECK(contains(x.text, "regel marktfern §2.2.3: trifft zu"));
  const json doc = json::parse(x.json);
  CHECK(doc["decided"] == true);
  // the record ended: the next evaluate() is a plain one of a record with nothing set
  const Decision& after = ev.evaluate({2017, 3, 1});
  CHECK_FALSE(after.decided);
  CHECK(contains(after.error, "Wert fehlt"));  // missing values, in the policy's language
  // a record refused before evaluation is explained by its error
  ev.set(policy.fact("status"), "arbeitslose");
  const Explanation bad = ev.explain({2017, 3, 1});
  CHECK_FALSE(bad.decision.decided);
  CHECK(json::parse(bad.json)["read"] == false);
  CHECK(contains(bad.text, "arbeitslose"));
}

TEST_CASE("explain: docs/explain.md shows the real output of its three customers", "[explain][docs]") {
  test::TempDir dir;
  const std::string doc = test::read_file(test::source_path("docs/explain.md"));
  for (const char* id : {"K0029", "K0069", "K0076"}) {
    const auto r = explain(dir, sh(kCaseload) + " --id " + id);
    INFO(id << " (run: kadenz explain policies/coburg-land-2017.kadenz examples/caseload.csv --id ID --as-of 2017-03-01)");
    CHECK(r.code == (std::string(id) == "K0076" ? 1 : 0));
    CHECK(contains(doc, "--id " + std::string(id) + " --as-of 2017-03-01\n" + r.out + "```"));
  }
  const auto en = explain(dir, sh(kCaseload) + " --id K0069 --lang en");
  CHECK(contains(doc, "--lang en\n" + en.out + "```"));
}

namespace {

// A validator for the part of JSON Schema that docs/explain.md's schema uses: type, enum,
// required, properties, additionalProperties: false, items, $ref into $defs, oneOf. Returns the
// first violation ("" if none), with its path.
std::string violation(const json& schema, const json& root, const json& v, const std::string& at) {
  if (schema.contains("$ref")) {
    const std::string ref = schema["$ref"];
    return violation(root["$defs"][ref.substr(std::string("#/$defs/").size())], root, v, at);
  }
  if (schema.contains("oneOf")) {
    int ok = 0;
    for (const auto& s : schema["oneOf"]) ok += violation(s, root, v, at).empty() ? 1 : 0;
    return ok == 1 ? "" : at + ": matches " + std::to_string(ok) + " of oneOf";
  }
  if (schema.contains("type")) {
    const auto is = [&](const std::string& t) {
      return (t == "string" && v.is_string()) || (t == "null" && v.is_null()) || (t == "boolean" && v.is_boolean()) ||
             (t == "array" && v.is_array()) || (t == "object" && v.is_object());
    };
    bool ok = false;
    if (schema["type"].is_array()) {
      for (const auto& t : schema["type"]) ok |= is(t);
    } else {
      ok = is(schema["type"]);
    }
    if (!ok) return at + ": not of type " + schema["type"].dump();
  }
  if (schema.contains("enum")) {
    bool ok = false;
    for (const auto& e : schema["enum"]) ok |= e == v;
    if (!ok) return at + ": " + v.dump() + " not in enum";
  }
  if (v.is_object()) {
    for (const auto& r : schema.value("required", json::array()))
      if (!v.contains(r.get<std::string>())) return at + ": lacks " + r.get<std::string>();
    const json props = schema.value("properties", json::object());
    for (const auto& [key, value] : v.items()) {
      if (props.contains(key)) {
        if (auto e = violation(props[key], root, value, at + "." + key); !e.empty()) return e;
      } else if (schema.value("additionalProperties", true) == false) {
        return at + ": unexpected " + key;
      }
    }
  }
  if (v.is_array() && schema.contains("items")) {
    for (std::size_t i = 0; i < v.size(); ++i)
      if (auto e = violation(schema["items"], root, v[i], at + "[" + std::to_string(i) + "]"); !e.empty()) return e;
  }
  return "";
}

}  // namespace

TEST_CASE("explain: the JSON of every example row follows the schema in docs/explain.md", "[explain][docs]") {
  const std::string doc = test::read_file(test::source_path("docs/explain.md"));
  const auto from = doc.find("```json\n", doc.find("The schema (JSON Schema 2020-12):"));
  REQUIRE(from != std::string::npos);
  const auto begin = from + 8;
  const json schema = json::parse(doc.substr(begin, doc.find("```", begin) - begin));
  REQUIRE(schema.contains("$defs"));
  test::TempDir dir;
  const std::string csv = test::read_file(kCaseload);
  detail::CsvReader reader{std::string_view(csv)};
  test::header_of(reader);
  detail::CsvReader::Record rec;
  std::size_t checked = 0;
  while (reader.next(rec)) {
    if (rec.fields.empty() || rec.line % 9 != 0) continue;  // every ninth line keeps the test short
    const std::string id(rec.fields[0]);
    const auto r = explain(dir, sh(kCaseload) + " --format json --id " + sh(id));
    if (r.code == 2) continue;  // an id that repeats or is empty
    INFO(id);
    const json v = json::parse(r.out);
    CHECK(violation(schema, schema, v, "$") == "");
    ++checked;
  }
  CHECK(checked > 8);
  // a record whose cells cannot be read, and a bad value (a JSON document all the same)
  const auto bad = explain(dir, "--format json --facts " + sh("status=arbeitslose"));
  CHECK(bad.code == 1);
  CHECK(violation(schema, schema, json::parse(bad.out), "$") == "");
  // the validator is not blind: a wrong word, a missing key and an extra one are found
  json wrong = json::parse(explain(dir, sh(kCaseload) + " --format json --id K0001").out);
  wrong["steps"][0]["kind"] = "bogus";
  CHECK(contains(violation(schema, schema, wrong, "$"), "not in enum"));
  wrong = json::parse(explain(dir, sh(kCaseload) + " --format json --id K0001").out);
  wrong.erase("decided");
  CHECK(contains(violation(schema, schema, wrong, "$"), "lacks decided"));
  wrong = json::parse(explain(dir, sh(kCaseload) + " --format json --id K0001").out);
  wrong["extra"] = 1;
  CHECK(contains(violation(schema, schema, wrong, "$"), "unexpected extra"));
}
