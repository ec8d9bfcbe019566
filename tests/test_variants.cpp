// Variants: `extends`, rule edits, overrides by name, `--set`, and where their diagnostics point.
#include "run_cli.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

#include "grammar/limits.hpp"

#include <fmt/format.h>

#include <string>

using namespace kadenz;
using namespace kadenz::test;

namespace {

// A variant file next to a copy of the shipped policy, so `extends` is relative to it.
struct VariantDir {
  TempDir dir;
  std::string base;
  VariantDir() { base = dir.write("coburg.kadenz", read_file(source_path("policies/coburg-land-2017.kadenz"))); }
  Compiled compile(const std::string& text, const CompileOptions& options = {}) const {
    return compile_policy_file(dir.write("variant.kadenz", text), options);
  }
  std::string diagnostics(const std::string& text, const CompileOptions& options = {}) const {
    const Compiled c = compile(text, options);
    return render_text(*c.source, c.diagnostics);
  }
};


std::vector<std::string> rule_names(const detail::Program& p) {
  std::vector<std::string> names;
  for (const auto& r : p.tables.at(0).rules) names.push_back(r.name);
  return names;
}

const detail::Program& program_of(const Compiled& c) {
  INFO(render_text(*c.source, c.diagnostics));
  REQUIRE(c.ok());
  return *kadenz::detail::program_of(c);
}

std::int64_t parameter(const detail::Program& p, const std::string& name) {
  for (std::size_t i = 0; i < p.parameter_names.size(); ++i)
    if (p.parameter_names[i] == name) return p.constant_slots[p.parameter_slots[i]].i;
  FAIL("no parameter " << name);
  return 0;
}

}  // namespace

TEST_CASE("variants: replace rule keeps its place, the header name changes, the rest is the base's", "[variants]") {
  VariantDir v;
  const Compiled c = v.compile(kMarktnahMonthly);
  const auto& p = program_of(c);
  CHECK(p.name == "Variante: marktnah monatlich");
  CHECK(p.valid_from == detail::parse_date("2017-01-01"));  // inherited
  CHECK(rule_names(p) == std::vector<std::string>{"bfm", "u25", "marktnah", "marktfern", "massnahme",
                                                  "arbeitsuchend", "ohne_status"});
  // The replaced rule decides a marktnah Ü25 customer monthly; the base did so every 2 months.
  const std::string row =
      "id,birth_date,status,profile,bfm,massnahme,arbeitsunfaehig,foerderung,para10,german_ok,last_contact,"
      "profiling_date,extension_months,extension_reason,closer_months\n"
      "K1,1980-05-05,arbeitslos,marktnah,false,false,false,keine,false,true,2017-02-10,,,,\n";
  detail::CsvReader reader{std::string_view(row)};
  const detail::ColumnBinding binding = bind_header(p, header_of(reader));
  detail::Frame frame;
  detail::prepare_frame(p, frame);
  frame.slots[p.as_of_slot].i = *detail::parse_date("2017-03-01");
  detail::CsvReader::Record rec;
  REQUIRE(reader.next(rec));
  std::string scratch;
  REQUIRE(detail::decide_row(p, binding, rec.fields, rec.error, frame, scratch));
  CHECK(frame.slots[p.tables[0].slot].i == 1);
  CHECK(p.tables[0].rules[static_cast<std::size_t>(frame.table_rule[0])].name == "marktnah");
}

TEST_CASE("variants: add rule before/after an anchor, at the end without one; remove rule", "[variants]") {
  VariantDir v;
  const Compiled c = v.compile(R"(extends "coburg.kadenz"
table base_interval
  add rule first_one §9 before bfm
    when massnahme and bfm
    then 1 month
  remove rule massnahme
  add rule after_u25 §9 after u25
    when status = ohne_status and massnahme
    then 3 months
  add rule last_one §9
    when status = ohne_status and not massnahme and bfm
    then 1 month
end
)");
  const auto& p = program_of(c);
  CHECK(rule_names(p) == std::vector<std::string>{"first_one", "bfm", "u25", "after_u25", "marktnah", "marktfern",
                                                  "arbeitsuchend", "ohne_status", "last_one"});
}

TEST_CASE("variants: parameters, lets and outputs override by name; new ones are added", "[variants]") {
  VariantDir v;
  const Compiled c = v.compile(R"(extends "coburg.kadenz"
parameters
  prep_minutes = 15 minutes
  travel = 5 minutes
end
output appointment_minutes = follow_up + travel
output extra = "x"
)");
  const auto& p = program_of(c);
  CHECK(parameter(p, "prep_minutes") == 15);
  CHECK(parameter(p, "travel") == 5);
  std::vector<std::string> outputs;
  for (const auto& o : p.outputs) outputs.push_back(o.name);
  // replaced in place (column order kept), the new one last
  CHECK(outputs == std::vector<std::string>{"code", "interval_months", "next_due", "overdue", "appointment_minutes",
                                            "extra"});
}

TEST_CASE("variants: diagnostics point into the file each declaration comes from", "[variants]") {
  VariantDir v;
  // A type error in the variant's rule is reported in the variant file; the unreachable rule's
  // winners are shown in the base file.
  const std::string d = v.diagnostics(R"(extends "coburg.kadenz"
table base_interval
  replace rule marktnah §2.2.2
    when not u25 and status = arbeitslos and profile = marktnahh
    then 1 month
end
)");
  CHECK_THAT(d, Catch::Contains("variant.kadenz:4:56"));
  CHECK_THAT(d, Catch::Contains("did you mean `marktnah`?"));

  const Compiled c = v.compile(R"(extends "coburg.kadenz"
facts
  status: text
end
)");
  const std::string r = render_text(*c.source, c.diagnostics);
  CHECK_THAT(r, Catch::Contains("error[variant-fact]: fact `status` is already declared by the base policy"));
  CHECK_THAT(r, Catch::Contains("variant.kadenz:3:3"));
  CHECK_THAT(r, Catch::Contains("coburg.kadenz:16:3"));  // the base's declaration, in the base file
  const std::string json = render_json(*c.source, c.diagnostics);
  CHECK_THAT(json, Catch::Contains("coburg.kadenz\",\"line\":16"));
}

TEST_CASE("variants: mistakes in edits are errors with did-you-mean", "[variants]") {
  VariantDir v;
  const std::string d = v.diagnostics(R"(extends "coburg.kadenz"
table base_interval
  replace rule marktnahh §2.2.2
    when bfm
    then 1 month
  remove rule massnahmen
  add rule bfm §1
    when bfm
    then 1 month
  add rule x §1 after nowhere_rule
    when bfm
    then 1 month
  rule plain §1
    when bfm
    then 1 month
end
table base_intervall
  remove rule bfm
end
table base_interval: months, hit first
  rule a §1 otherwise then 1 month
end
)");
  CHECK_THAT(d, Catch::Contains("error[unknown-rule]: table `base_interval` has no rule `marktnahh` to replace"));
  CHECK_THAT(d, Catch::Contains("did you mean `marktnah`?"));
  CHECK_THAT(d, Catch::Contains("has no rule `massnahmen` to remove"));
  CHECK_THAT(d, Catch::Contains("error[variant-rule]: table `base_interval` already has a rule `bfm`"));
  CHECK_THAT(d, Catch::Contains("has no rule `nowhere_rule` to insert after"));
  CHECK_THAT(d, Catch::Contains("plain `rule plain` in a block that changes the base's table"));
  CHECK_THAT(d, Catch::Contains("error[unknown-table]: the base policy has no table `base_intervall` to change"));
  CHECK_THAT(d, Catch::Contains("did you mean `base_interval`?"));
  CHECK_THAT(d, Catch::Contains("error[variant-table]: table `base_interval` is already declared by the base"));
}

TEST_CASE("variants: an override must keep the base's type", "[variants]") {
  VariantDir v;
  const std::string d = v.diagnostics("extends \"coburg.kadenz\"\nparameters\n  prep_minutes = 15\nend\n");
  CHECK_THAT(d, Catch::Contains("error[override-type]: `prep_minutes` is minutes where it is declared, but int here"));
  CHECK_THAT(d, Catch::Contains("variant.kadenz:3:18"));
  CHECK_THAT(d, Catch::Contains("coburg.kadenz:37:3"));
  CHECK_THAT(d, Catch::Contains("help: write the value with its unit, as the base does (e.g. `15 minutes`)"));
  // a close misspelling adds a parameter, with a warning that names the likely intent
  const Compiled c = v.compile("extends \"coburg.kadenz\"\nparameters\n  prep_minute = 15 minutes\nend\n");
  REQUIRE(c.ok());
  const std::string w = render_text(*c.source, c.diagnostics);
  CHECK_THAT(w, Catch::Contains("warning[variant-new-parameter]"));
  CHECK_THAT(w, Catch::Contains("did you mean `prep_minutes`?"));
}

TEST_CASE("variants: edits without extends, cycles, missing bases and the depth limit", "[variants][limits]") {
  TempDir dir;
  const std::string plain = dir.write("plain.kadenz", with_header("table t\n  remove rule x\nend\n"));
  Compiled c = compile_policy_file(plain);
  CHECK_THAT(render_text(*c.source, c.diagnostics),
             Catch::Contains("`table t` without `: type, hit …` changes a base policy's table, but this file has no "
                             "`extends`"));

  dir.write("a.kadenz", "extends \"b.kadenz\"\n");
  dir.write("b.kadenz", "extends \"a.kadenz\"\n");
  c = compile_policy_file(dir.path("a.kadenz"));
  CHECK_THAT(render_text(*c.source, c.diagnostics), Catch::Contains("error[extends-cycle]"));

  dir.write("m.kadenz", "extends \"missing.kadenz\"\n");
  c = compile_policy_file(dir.path("m.kadenz"));
  const std::string missing = render_text(*c.source, c.diagnostics);
  CHECK_THAT(missing, Catch::Contains("error[io]: cannot read the base policy"));
  CHECK_THAT(missing, Catch::Contains("m.kadenz:1:9"));

  // a chain one longer than kMaxExtendsDepth: v0 extends v1 … extends the shipped policy
  dir.write("coburg.kadenz", read_file(source_path("policies/coburg-land-2017.kadenz")));
  const int n = detail::kMaxExtendsDepth;
  for (int i = 0; i < n; ++i) {
    dir.write(fmt::format("v{}.kadenz", i),
              fmt::format("extends \"{}\"\n", i + 1 < n ? fmt::format("v{}.kadenz", i + 1) : "coburg.kadenz"));
  }
  c = compile_policy_file(dir.path("v0.kadenz"));
  CHECK_THAT(render_text(*c.source, c.diagnostics), Catch::Contains("more than 8 levels deep"));
  c = compile_policy_file(dir.path("v1.kadenz"));  // one level less: fine
  CHECK(c.ok());
}

TEST_CASE("variants: --set replaces a parameter; a bare number takes the parameter's unit", "[variants]") {
  const std::string policy = source_path("policies/coburg-land-2017.kadenz");
  CompileOptions o;
  o.set = {{"prep_minutes", "15"}, {"weekly_hours", "40 hours"}, {"interview_share", "60"}};
  const Compiled c = compile_policy_file(policy, o);
  const auto& p = program_of(c);
  CHECK(parameter(p, "prep_minutes") == 15);
  CHECK(parameter(p, "weekly_hours") == 40 * 60);  // hours are kept as minutes
  CHECK(parameter(p, "interview_share") == 60);

  o.set = {{"prep_minutes", "15 months"}};
  Compiled bad = compile_policy_file(policy, o);
  std::string d = render_text(*bad.source, bad.diagnostics);
  CHECK_THAT(d, Catch::Contains("error[override-type]: `prep_minutes` is minutes where it is declared, but months here"));
  CHECK_THAT(d, Catch::Contains("--> --set:1:20"));
  CHECK_THAT(d, Catch::Contains("--set prep_minutes=15 months"));

  o.set = {{"prep_minutess", "15"}};
  bad = compile_policy_file(policy, o);
  d = render_text(*bad.source, bad.diagnostics);
  CHECK_THAT(d, Catch::Contains("error[unknown-parameter]: `--set`: the policy has no parameter `prep_minutess`"));
  CHECK_THAT(d, Catch::Contains("did you mean `prep_minutes`?"));

  o.set = {{"prep_minutes", "15 +"}};
  bad = compile_policy_file(policy, o);
  d = render_text(*bad.source, bad.diagnostics);
  CHECK_THAT(d, Catch::Contains("error[syntax]: expected a value after the operator, found the end of the value"));
  CHECK_THAT(d, Catch::Contains("--> --set:1:24"));
  CHECK_THAT(d, !Catch::Contains("end of the file"));
}

TEST_CASE("variants: kadenz check and eval take a variant and --set", "[variants][cli]") {
  VariantDir v;
  const std::string variant = v.dir.write("variant.kadenz", kMarktnahMonthly);
  Result r = run_kadenz(v.dir, "check " + sh(variant));
  CHECK(r.code == 0);
  r = run_kadenz(v.dir, "check " + sh(variant) + " --set prep_minutes=nope");
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Catch::Contains("unknown name `nope`"));
  r = run_kadenz(v.dir, "check " + sh(variant) + " --set prep_minutes");
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Catch::Contains("expected NAME=VALUE"));
  r = run_kadenz(v.dir, "eval " + sh(variant) + " " + sh(source_path("examples/caseload.csv")) +
                            " --as-of 2017-03-01");
  CHECK(r.code == 1);  // the example caseload has broken rows on purpose
  CHECK_THAT(r.out, Catch::Contains("K0001,1MM,1,"));
}

TEST_CASE("workload block: roles are checked by name, type and constancy", "[variants]") {
  const std::string facts = "facts\n  id: text, key\n  n: int\n  d: date\nend\nparameters\n  h = 39 hours\nend\n"
                            "output o = n\n";
  std::string d = diagnostics_of(with_header(facts + "workload\n  categroy = o\nend\n"));
  CHECK_THAT(d, Catch::Contains("error[unknown-role]: `categroy` is not a workload role"));
  CHECK_THAT(d, Catch::Contains("did you mean `category`?"));
  CHECK_THAT(d, Catch::Contains("error[missing-role]: the workload block does not give `interval`"));
  d = diagnostics_of(with_header(facts + "workload\n  category = o\n  interval = n\n  next_due = d\n"
                                         "  minutes = 30 minutes\n  erstgespraech = false\n  prep_minutes = 0 minutes\n"
                                         "  wochenstunden = n * 60 minutes\n  interview_share = 50 %\nend\n"));
  CHECK_THAT(d, Catch::Contains("error[type-mismatch]: workload role `interval` needs months, but this is int"));
  CHECK_THAT(d, Catch::Contains("error[not-constant]: workload role `weekly_hours` must be the same for every customer"));
  CHECK_THAT(d, !Catch::Contains("missing-role"));
}

TEST_CASE("workload block: each role names the type it needs", "[variants]") {
  // Every role is given an int: all but `category` (any type) must say which type they need.
  const std::string d = diagnostics_of(
      with_header("facts\n  id: text, key\n  n: int\nend\noutput o = n\nworkload\n  category = n\n"
                  "  interval = n\n  next_due = n\n  minutes = n\n  first_interview = n\n  prep_minutes = n\n"
                  "  weekly_hours = n\n  interview_share = n\nend\n"));
  CHECK_THAT(d, !Catch::Contains("workload role `category`"));
  CHECK_THAT(d, Catch::Contains("workload role `interval` needs months, but this is int"));
  CHECK_THAT(d, Catch::Contains("workload role `next_due` needs date, but this is int"));
  CHECK_THAT(d, Catch::Contains("workload role `minutes` needs minutes, but this is int"));
  CHECK_THAT(d, Catch::Contains("workload role `first_interview` needs bool, but this is int"));
  CHECK_THAT(d, Catch::Contains("workload role `prep_minutes` needs minutes, but this is int"));
  CHECK_THAT(d, Catch::Contains("workload role `weekly_hours` needs minutes, but this is int"));
  CHECK_THAT(d, Catch::Contains("workload role `interview_share` needs percent, but this is int"));
  CHECK_THAT(d, !Catch::Contains("not-constant"));
}

TEST_CASE("variants: check --strict counts the compiler's warnings too", "[variants][cli]") {
  VariantDir v;
  const std::string variant =
      v.dir.write("variant.kadenz", "extends \"coburg.kadenz\"\nparameters\n  interview_shar = 60 %\nend\n");
  Result r = run_kadenz(v.dir, "check " + sh(variant));
  CHECK(r.code == 0);
  CHECK_THAT(r.err, Catch::Contains("0 errors, 1 warning,"));
  r = run_kadenz(v.dir, "check " + sh(variant) + " --strict");
  CHECK(r.code == 1);
  CHECK_THAT(r.err, Catch::Contains("error[variant-new-parameter]"));
}

TEST_CASE("variants: a fault in an expression the base declares points into the base file", "[variants][cli]") {
  TempDir dir;
  dir.write("base.kadenz",
            "policy \"base\"\n"
            "  valid from 2017-01-01\n"
            "facts\n"
            "  id: text, key\n"
            "  n: int\n"
            "end\n"
            "output q = 10 / n\n");
  const std::string variant = dir.write("variant.kadenz", "extends \"base.kadenz\"\n\npolicy \"variant\"\n");
  const std::string cases = dir.write("cases.csv", "id,n\nK1,0\nK2,5\n");
  const Result r = run_kadenz(dir, "eval " + sh(variant) + " " + sh(cases) + " --as-of 2017-03-01");
  INFO(r.err);
  CHECK(r.code == 1);
  CHECK_THAT(r.out, Catch::Contains("division by zero (at " + dir.path("base.kadenz") + ":7:12)"));
  CHECK_THAT(r.out, Catch::Contains("K2,2"));
}

// Overriding a definition checks the base's value quietly (its mistakes are the base's); that must
// not hide the mistakes of the rules it reads, which this variant replaced.
TEST_CASE("variants: an override does not hide errors in what the base's value reads", "[variants]") {
  VariantDir v;
  const std::string d = v.diagnostics(
      "extends \"coburg.kadenz\"\n"
      "\n"
      "let base_interval_text = \"x\"\n"
      "\n"
      "table base_interval\n"
      "  replace rule marktnah §2.2.2\n"
      "    when not u25 and status = arbeitslos and profile = marktnahh\n"
      "    then 1 month\n"
      "end\n");
  CHECK_THAT(d, Catch::Contains("error[unknown-enum-value]: `marktnahh` is not a value of `profile`"));
  CHECK_THAT(d, Catch::Contains("variant.kadenz:7:"));
}

// The syntax and variant errors each named once: a second `extends`, an empty base name, a second
// `workload` block, a workload role given twice, rule edits where there is no base rule to edit,
// and a `--set` value followed by more text.
TEST_CASE("variants: misplaced extends, workload and rule edits are errors with their place", "[variants]") {
  VariantDir v;
  CHECK_THAT(v.diagnostics("extends \"coburg.kadenz\"\nextends \"coburg.kadenz\"\n"),
             Catch::Contains("a second `extends`") && Catch::Contains("variant.kadenz:2:9"));
  CHECK_THAT(v.diagnostics("extends \"\"\n"), Catch::Contains("the file name is empty"));
  const std::string block = "workload\n  category = code\nend\n";
  CHECK_THAT(v.diagnostics("extends \"coburg.kadenz\"\n" + block + block),
             Catch::Contains("a second `workload` block") && Catch::Contains("variant.kadenz:5:1"));
  const Compiled twice = compile_policy("twice.kadenz", with_header("facts\n  id: text, key\nend\n"
                                                                    "workload\n  category = id\n  category = id\nend\n"));
  CHECK_THAT(render_text(*twice.source, twice.diagnostics),
             Catch::Contains("error[duplicate-name]: workload role `category` is given twice"));
  CHECK_THAT(v.diagnostics("extends \"coburg.kadenz\"\n"
                           "table extra: int, hit first\n"
                           "  remove rule always\n"
                           "  rule always §1\n    otherwise\n    then 1\n"
                           "end\n"),
             Catch::Contains("error[variant-rule]: `remove rule` in a table this variant declares itself"));
  const Compiled plain = compile_policy("plain.kadenz", with_header("facts\n  id: text, key\nend\n"
                                                                    "table t: int, hit first\n  remove rule r\n"
                                                                    "  rule r §1\n    otherwise\n    then 1\nend\n"));
  CHECK_THAT(render_text(*plain.source, plain.diagnostics),
             Catch::Contains("error[variant-rule]: `remove rule` changes a base policy's rule, but this file has no "
                             "`extends`"));

  CompileOptions o;
  o.set = {{"prep_minutes", "15 16"}};
  o.lang = Lang::en;  // the shipped policy is German: its messages would be German
  const Compiled c = compile_policy_file(v.base, o);
  CHECK_THAT(render_text(*c.source, c.diagnostics),
             Catch::Contains("error[syntax]: unexpected text after the value") && Catch::Contains("--set:1:23"));
}
