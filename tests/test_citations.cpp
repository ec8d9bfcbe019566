// Citations: the grammar of directive sections (`§ 10 Abs. 1 Nr. 3 SGB II`, `Nr. 2.2.1`, quoted),
// the places that take one (rule headers; `let`, `output`, `require`, `warn`, an if's `then`
// branch), what `source`, JSON's `sections`, row errors, warnings and the host API's Decision
// make of them, and `kadenz fmt` giving them back as written.
#include "support.hpp"
#include "run_cli.hpp"

#include "grammar/limits.hpp"
#include "interpreter/format/format.hpp"

#include <string>
#include <vector>

namespace kadenz::test {
namespace {

// A policy with one rule per form of citation; fact `k` picks the rule.
const std::string kForms = with_header(R"K(facts
  id: text, key
  k:  int
end

table t: int, hit first
  rule a §2.2.1 when k = 1 then 1
  rule b § 10 Abs. 1 Nr. 3 SGB II when k = 2 then 2
  rule c Nr. 2.2.1 when k = 3 then 3
  rule d Ziffer 3 when k = 4 then 4
  rule e Abschnitt 4.1 when k = 5 then 5
  rule f "Weisung Nr. 4, Anlage 2" when k = 6 then 6
  rule g Art. 3 Satz 2 Halbsatz 1 when k = 7 then 7
  rule h §  5   Buchst. a  VwVfG when k = 8 then 8
  rule i Kapitel 2 Teil 3 S. 4 lit. b Alt. 2 when k = 9 then 9
  rule j § 3a when k = 10 then 10
  rule z §9 otherwise then 0
end

output v = t
)K");

// The `source` column of each data row of a CSV output.
std::vector<std::string> sources(const EvalRun& run) {
  const auto rows = parse_csv(run.output);
  std::vector<std::string> out;
  std::size_t col = 0;
  while (col < rows[0].size() && rows[0][col] != "source") ++col;
  for (std::size_t r = 1; r < rows.size(); ++r) out.push_back(col < rows[r].size() ? rows[r][col] : "?");
  return out;
}

}  // namespace

TEST_CASE("citations: every form is accepted and printed as written, blank runs made one", "[citations]") {
  const EvalRun run = eval_text(kForms, "id,k\n1,1\n2,2\n3,3\n4,4\n5,5\n6,6\n7,7\n8,8\n9,9\n10,10\n11,11\n");
  INFO(run.diagnostics);
  REQUIRE(run.compiled);
  CHECK(sources(run) == std::vector<std::string>{"§2.2.1", "§ 10 Abs. 1 Nr. 3 SGB II", "Nr. 2.2.1", "Ziffer 3",
                                                  "Abschnitt 4.1", "Weisung Nr. 4, Anlage 2",
                                                  "Art. 3 Satz 2 Halbsatz 1", "§ 5 Buchst. a VwVfG",
                                                  "Kapitel 2 Teil 3 S. 4 lit. b Alt. 2", "§ 3a", "§9"});
  // no adjustment is cited: JSON has no `sections`, exactly as before citations existed
  const EvalRun json = eval_text(kForms, "id,k\n2,2\n", "2017-03-01", detail::OutputFormat::jsonl);
  CHECK(json.output == "{\"id\":\"2\",\"v\":2,\"rule\":\"b\",\"source\":\"§ 10 Abs. 1 Nr. 3 SGB II\",\"warnings\":[],"
                       "\"error\":null}\n");
}

TEST_CASE("citations: a citation ends before a keyword, `=`, a line end, a comment or a name", "[citations]") {
  const std::string policy = with_header(R"K(facts
  id:    text, key
  Alter: int
  Teil:  int
end
table t: int, hit first
  rule a §2.2.1 # a comment right after it
    when Alter > 3 then 1
  rule b Nr. 4 SGB II otherwise then 2
end
let x §6= Teil + 1
require §7 Abs. 2 Alter >= 0 else "negativ"
warn §8 SGB when Teil > Alter "Teil > Alter"
output y Ziffer 3=if Alter > 10 Abschnitt 2 then x else 0
)K");
  const EvalRun run = eval_text(policy, "id,Alter,Teil\nA,20,30\nB,2,0\n");
  INFO(run.diagnostics);
  REQUIRE(run.compiled);
  // `y`'s own citation stands before its branch's in the text; 0 is a value (only empty and
  // false are not listed)
  CHECK(rows_of(run) == "A,31,a,§2.2.1; §6; Ziffer 3; Abschnitt 2,Teil > Alter (§8 SGB),\n"
                        "B,0,b,Nr. 4 SGB II; §6; Ziffer 3,,\n");
}

TEST_CASE("citations: a bad citation is a syntax error that says what a citation looks like", "[citations]") {
  const std::string facts = "facts\n  id: text, key\nend\n";
  SECTION("`§` without a number") {
    const std::string d = diagnostics_of(with_header(facts + "let x § = 1\noutput y = x\n"));
    CHECK(d.find("error[syntax]: expected the section's number after `§`, `Nr.` or `Art.`") != std::string::npos);
    CHECK(d.find("test.kadenz:6:9") != std::string::npos);
  }
  SECTION("an empty quoted citation") {
    const std::string d = diagnostics_of(with_header(facts + "output y \"  \" = 1\n"));
    CHECK(d.find("error[syntax]: a quoted citation is empty") != std::string::npos);
    CHECK(d.find("test.kadenz:6:10") != std::string::npos);
  }
  SECTION("a quoted citation not closed on its line") {
    const std::string d = diagnostics_of(with_header(facts + "warn \"§ 3 when true \"x\"\noutput y = 1\n"));
    CHECK(d.find("error[syntax]") != std::string::npos);
  }
  SECTION("a rule without a citation keeps its message") {
    const std::string d =
        diagnostics_of(with_header(facts + "table t: int, hit first\n  rule r when true then 1\nend\noutput y = t\n"));
    CHECK(d.find("expected the directive section after the rule's name") != std::string::npos);
  }
  SECTION("a word after a citation that is no part of one") {
    const std::string d = diagnostics_of(with_header(facts + "let x §6 Absatz 2 = 1\noutput y = x\n"));
    CHECK(d.find("error[syntax]: expected `=`") != std::string::npos);
  }
}

TEST_CASE("limits: a citation longer than kMaxCitationBytes is an error", "[limits][citations]") {
  const std::string facts = "facts\n  id: text, key\nend\n";
  const std::string at_limit(detail::kMaxCitationBytes - 2, '1');  // `§` is two bytes
  CHECK(diagnostics_of(with_header(facts + "output y §" + at_limit + " = 1\n")).empty());
  const std::string d = diagnostics_of(with_header(facts + "output y §" + at_limit + "2 = 1\n"));
  CHECK(d.find("citation is longer than " + std::to_string(detail::kMaxCitationBytes) + " bytes") != std::string::npos);
  const std::string quoted = diagnostics_of(
      with_header(facts + "output y \"" + std::string(detail::kMaxCitationBytes + 1, 'x') + "\" = 1\n"));
  CHECK(quoted.find("citation is longer than") != std::string::npos);
}

// The course rule of the issue's example: the table's rule, then §6 when the course moved the
// date. A cited definition or output is listed when its value is neither empty nor false; a
// cited branch when it was taken; in the order of the text, each section once.
const std::string kAdjusted = with_header(R"K(facts
  id:       text, key
  fm:       bool
  kontakt:  date or empty
  kursende: date or empty
end
table intervall: months, hit shortest
  rule fallmanagement §3.1 when fm then 1 month
  rule rest §3.9 otherwise then 3 months
end
output termin =
  if kontakt is empty then as_of
  else if kursende is not empty and kursende < kontakt + intervall §6
    then kursende
  else kontakt + intervall
output kurs §7 = kursende is not empty
let nachfass §8 = kontakt is not empty and kontakt < as_of
output wieder §3.1 = nachfass
output doppelt §6 = if fm §8 then 1 else 0
)K");

TEST_CASE("citations: source lists the deciding rule, then each cited adjustment the record took", "[citations]") {
  const std::string csv =
      "id,fm,kontakt,kursende\n"
      "A,ja,,\n"                       // nothing adjusted; fm: `doppelt`'s branch §8 taken
      "B,nein,2017-02-01,2017-03-15\n"  // the course moved the date (§6), kurs §7, nachfass §8
      "C,nein,2017-04-01,2017-09-01\n"  // course too late: not §6; kurs §7; nachfass false
      "D,nein,,\n";                     // only `doppelt` §6: a value that always exists
  const EvalRun run = eval_text(kAdjusted, csv);
  INFO(run.diagnostics);
  REQUIRE(run.compiled);
  CHECK(rows_of(run) ==
        "A,2017-03-01,false,false,1,fallmanagement,§3.1; §6; §8,,\n"
        "B,2017-03-15,true,true,0,rest,§3.9; §6; §7; §8; §3.1,,\n"
        "C,2017-07-01,true,false,0,rest,§3.9; §7; §6,,\n"
        "D,2017-03-01,false,false,0,rest,§3.9; §6,,\n");
  const EvalRun json = eval_text(kAdjusted, csv, "2017-03-01", detail::OutputFormat::jsonl);
  const std::string b = json.output.substr(json.output.find("{\"id\":\"B\""));
  CHECK(b.substr(0, b.find('\n')) ==
        "{\"id\":\"B\",\"termin\":\"2017-03-15\",\"kurs\":true,\"wieder\":true,\"doppelt\":0,\"rule\":\"rest\","
        "\"source\":\"§3.9; §6; §7; §8; §3.1\",\"sections\":[\"§3.9\",\"§6\",\"§7\",\"§8\",\"§3.1\"],\"warnings\":[],"
        "\"error\":null}");
  // the same rows with -j 2 (each worker marks its own records)
  const EvalRun parallel = eval_text(kAdjusted, csv, "2017-03-01", detail::OutputFormat::csv, 2);
  CHECK(parallel.output == run.output);
}

TEST_CASE("citations: require and warn sections go beside their messages, not into source", "[citations]") {
  const std::string policy = with_header(R"K(facts
  id: text, key
  n:  int
end
table t: int, hit first
  rule r §1 otherwise then 1
end
require § 7 Abs. 2 SGB II n >= 0 else "n ist negativ ({n})"
warn Ziffer 3 when n > 10 "n ist groß"
warn when n > 20 "n ist sehr groß"
output y §5 = if n > 5 Nr. 9 then n else 0
)K");
  const EvalRun run = eval_text(policy, "id,n\nA,-1\nB,30\nC,1\n");
  INFO(run.diagnostics);
  REQUIRE(run.compiled);
  CHECK(rows_of(run) == "A,,,,,n ist negativ (-1) (§ 7 Abs. 2 SGB II)\n"
                        "B,30,r,§1; §5; Nr. 9,n ist groß (Ziffer 3); n ist sehr groß,\n"
                        "C,0,r,§1; §5,,\n");
  const EvalRun json = eval_text(policy, "id,n\nA,-1\nB,30\n", "2017-03-01", detail::OutputFormat::jsonl);
  CHECK(json.output ==
        "{\"id\":\"A\",\"y\":null,\"rule\":null,\"source\":null,\"sections\":null,\"warnings\":[],"
        "\"error\":\"n ist negativ (-1) (§ 7 Abs. 2 SGB II)\"}\n"
        "{\"id\":\"B\",\"y\":30,\"rule\":\"r\",\"source\":\"§1; §5; Nr. 9\",\"sections\":[\"§1\",\"§5\",\"Nr. 9\"],"
        "\"warnings\":[\"n ist groß (Ziffer 3)\",\"n ist sehr groß\"],\"error\":null}\n");
}

TEST_CASE("citations: the host API's Decision lists the sections", "[citations][api]") {
  const Compiled c = compile_policy("test.kadenz", kAdjusted);
  REQUIRE(c.ok());
  Evaluator ev(c.policy());
  const Policy& p = c.policy();
  for (int round = 0; round < 2; ++round) {  // a second round reuses the Decision's strings
    ev.set(p.fact("id"), "B");
    ev.set(p.fact("fm"), "nein");
    ev.set(p.fact("kontakt"), "2017-02-01");
    ev.set(p.fact("kursende"), "2017-03-15");
    const Decision& d = ev.evaluate(Date{2017, 3, 1});
    REQUIRE(d.decided);
    CHECK(d.section == "§3.9; §6; §7; §8; §3.1");
    CHECK(d.sections == std::vector<std::string>{"§3.9", "§6", "§7", "§8", "§3.1"});
    ev.set(p.fact("id"), "D");
    ev.set(p.fact("fm"), "nein");
    const Decision& e = ev.evaluate(Date{2017, 3, 1});
    REQUIRE(e.decided);
    CHECK(e.sections == std::vector<std::string>{"§3.9", "§6"});
  }
  // a policy without cited adjustments: the deciding rule's section alone
  const Compiled forms = compile_policy("forms.kadenz", kForms);
  REQUIRE(forms.ok());
  Evaluator fe(forms.policy());
  fe.set(forms.policy().fact("id"), "2");
  fe.set(forms.policy().fact("k"), "2");
  const Decision& d = fe.evaluate(Date{2017, 3, 1});
  CHECK(d.sections == std::vector<std::string>{"§ 10 Abs. 1 Nr. 3 SGB II"});
  fe.set(forms.policy().fact("k"), "x");
  CHECK(fe.evaluate(Date{2017, 3, 1}).sections.empty());
}

TEST_CASE("citations: kadenz fmt gives every citation back as written, in both languages", "[citations][format]") {
  const std::string de = R"K(richtlinie "Zitate"
  gültig ab 01.01.2024

fakten
  id: text, schlüssel
  n:  zahl
ende

tabelle t: zahl, treffer erste
  regel a § 10 Abs. 1 Nr. 3 SGB II
    wenn n > 3
    dann 1
  regel b "Weisung  Nr. 4"
    andernfalls
    dann 2
ende

sei x Nr. 2.2.1 = falls n > 5 Ziffer 3 dann n sonst 0
prüfe §  7 n >= 0 sonst "negativ"
warne Abschnitt 4.1 wenn n > 9 "groß"
ausgabe y § 6 = x + t
)K";
  const auto same = detail::format_policy(de, "de.kadenz", std::nullopt);
  REQUIRE(same.ok);
  CHECK(same.text == de);  // already canonical: nothing changes, not even the blanks inside a citation
  const auto en = detail::format_policy(de, "de.kadenz", Lang::en);
  REQUIRE(en.ok);
  CHECK(en.text.find("  rule a § 10 Abs. 1 Nr. 3 SGB II\n") != std::string::npos);
  CHECK(en.text.find("let x Nr. 2.2.1 = if n > 5 Ziffer 3 then n else 0\n") != std::string::npos);
  CHECK(en.text.find("require §  7 n >= 0 else \"negativ\"\n") != std::string::npos);
  CHECK(en.text.find("warn Abschnitt 4.1 when n > 9 \"groß\"\n") != std::string::npos);
  CHECK(en.text.find("output y § 6 = x + t\n") != std::string::npos);
  const auto back = detail::format_policy(en.text, "en.kadenz", Lang::de);
  REQUIRE(back.ok);
  CHECK(back.text == de);
  // and both mean the same
  const std::string csv = "id,n\nA,7\nB,12\n";
  CHECK(eval_text(de, csv).output == eval_text(en.text, csv).output);
  CHECK(rows_of(eval_text(de, csv)) == "A,8,a,§ 10 Abs. 1 Nr. 3 SGB II; Nr. 2.2.1; Ziffer 3; § 6,,\n"
                                       "B,13,a,§ 10 Abs. 1 Nr. 3 SGB II; Nr. 2.2.1; Ziffer 3; § 6,groß (Abschnitt 4.1),\n");
}

TEST_CASE("citations: dumps show every citation", "[citations][dump]") {
  TempDir dir;
  const std::string file = dir.write("cite.kadenz", kAdjusted);
  const Result ast = run_kadenz(dir, "dump " + sh(file) + " --stage ast");
  CHECK(ast.out.find("(if (and (is-not-empty kursende) (< kursende (+ kontakt intervall))) [§6] kursende") !=
        std::string::npos);
  CHECK(ast.out.find("output kurs §7 = (is-not-empty kursende)\n") != std::string::npos);
  CHECK(ast.out.find("let nachfass §8 = ") != std::string::npos);
  const Result checked = run_kadenz(dir, "dump " + sh(file) + " --stage checked");
  CHECK(checked.out.find("output kurs §7: bool = (is-not-empty kursende@fact:date?):bool\n") != std::string::npos);
  const Result program = run_kadenz(dir, "dump " + sh(file) + " --stage program");
  CHECK(program.out.find("(cites §7)") != std::string::npos);
  CHECK(program.out.find(" cite §6 #") != std::string::npos);
  const Result code = run_kadenz(dir, "dump " + sh(file) + " --stage code");
  CHECK(code.out.find(" cite a=") != std::string::npos);
  CHECK(code.out.find(" cite-value a=") != std::string::npos);
}

}  // namespace kadenz::test

namespace kadenz::test {

// Only the deciding rule's cited branches count: under `shortest`/`longest`/`unique` every
// applying rule's result is computed, and every rule's condition before the deciding one, but a
// losing rule's `if … §X then` is not the record's. Both evaluators (the register code here; the
// node walker, the same program without code).
TEST_CASE("citations: a losing rule's cited branch is not in source", "[citations]") {
  for (const char* hit : {"shortest", "longest"}) {
    const bool shortest = std::string(hit) == "shortest";
    const std::string policy = with_header(std::string(R"K(facts
  id: text, key
  a:  bool
  b:  bool
end
table dauer: duration, hit )K") + hit + R"K(
  rule kurz §1 when a then )K" + (shortest ? "2" : "20") + R"K( weeks
  rule verlierer §3 when b then if a §6 then 8 weeks else 6 weeks
  rule bedingt §4 when if b §5 then false else a then 9 weeks
  rule rest §9 otherwise then 10 weeks
end
output x = dauer
)K");
    INFO(hit);
    const std::string csv = "id,a,b\nA,ja,ja\nB,nein,ja\nC,ja,nein\n";
    const Compiled c = compile_policy("losing", policy);
    REQUIRE(c.ok());
    for (const bool coded : {true, false}) {
      detail::Program p = *kadenz::detail::program_of(c);
      if (!coded) p.code.clear();
      INFO((coded ? "register code" : "node walker"));
      const EvalRun run = eval_program(p, csv);
      // A: kurz wins; verlierer's §6 and bedingt's §5 were evaluated but lost
      CHECK(sources(run) == std::vector<std::string>{"§1", "§3", "§1"});
      const EvalRun json = eval_program(p, csv, detail::OutputFormat::jsonl);
      CHECK(json.output.find("\"sections\":[\"§1\"]") != std::string::npos);
      CHECK(json.output.find("§6") == std::string::npos);
      CHECK(json.output.find("§5") == std::string::npos);
    }
  }
}

// A cited branch inside a require or warn (condition or message) checks the record; it did not
// decide it, so it is never in source, like the require's and warn's own sections.
TEST_CASE("citations: cited branches in requires and warns are not in source", "[citations]") {
  const std::string policy = with_header(R"K(facts
  id: text, key
  n:  int
end
table t: int, hit first
  rule r §1 otherwise then 1
end
require (if n > 5 §7 then n < 100 else true) else "{if n > 200 §8 then "sehr " else ""}groß"
warn when (if n > 1 §2 then true else false) "n {if n > 3 §3 then "ist" else "ist nicht"} groß"
output y = if n > 2 §4 then n else 0
)K");
  const Compiled c = compile_policy("checks", policy);
  REQUIRE(c.ok());
  CHECK(kadenz::detail::program_of(c)->citations == std::vector<std::string>{"§4"});
  for (const bool coded : {true, false}) {
    detail::Program p = *kadenz::detail::program_of(c);
    if (!coded) p.code.clear();
    INFO((coded ? "register code" : "node walker"));
    const EvalRun run = eval_program(p, "id,n\nA,10\nB,300\nC,0\n");
    CHECK(rows_of(run) == "A,10,r,§1; §4,n ist groß,\nB,,,,,sehr groß\nC,0,r,§1,,\n");
    const EvalRun json = eval_program(p, "id,n\nA,10\n", detail::OutputFormat::jsonl);
    CHECK(json.output.find("\"sections\":[\"§1\",\"§4\"]") != std::string::npos);
  }
}

// Citations are listed in the order they are written: an if cited inside another's condition
// comes before the outer one's citation, which follows that condition.
TEST_CASE("citations: nested cited ifs are listed in the order they are written", "[citations]") {
  const std::string policy = with_header(R"K(facts
  id: text, key
  a:  bool
end
table t: int, hit first
  rule r §1 otherwise then 1
end
output y = if (if a §2 then true else false) §3 then 1 else 0
output z = if a §4 then (if a §5 then 2 else 3) else 4
)K");
  const Compiled c = compile_policy("nested", policy);
  REQUIRE(c.ok());
  CHECK(kadenz::detail::program_of(c)->citations == std::vector<std::string>{"§2", "§3", "§4", "§5"});
  for (const bool coded : {true, false}) {
    detail::Program p = *kadenz::detail::program_of(c);
    if (!coded) p.code.clear();
    INFO((coded ? "register code" : "node walker"));
    const EvalRun run = eval_program(p, "id,a\nA,ja\nB,nein\n");
    CHECK(sources(run) == std::vector<std::string>{"§1; §2; §3; §4; §5", "§1"});
    const EvalRun json = eval_program(p, "id,a\nA,ja\n", detail::OutputFormat::jsonl);
    CHECK(json.output.find("\"sections\":[\"§1\",\"§2\",\"§3\",\"§4\",\"§5\"]") != std::string::npos);
  }
}

}  // namespace kadenz::test
