// The German keyword set (issue 13): a German policy and its hand-written English twin decide
// the same rows; every keyword, type name, hit policy and unit has a spelling in each
// language; one keyword language per file (`mixed-language`), also for the words of the other
// language that used to fail to parse; variants and their bases may differ in language.
#include "run_cli.hpp"
#include "support.hpp"

#include "grammar/keywords.hpp"
#include "grammar/limits.hpp"
#include "grammar/parse.hpp"

#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <string_view>
#include <vector>

using namespace kadenz;
using namespace kadenz::test;
using detail::Kw;
using kadenz::Lang;

namespace {

// Every English keyword, type name, hit policy and unit word (the test below checks that).
// Names are the same in both twins, so the output rows are byte for byte the same.
constexpr const char* kEnglishBase = R"(# every English keyword
policy "Twin"
  document "Weisung vom 01.01.2017"
  issued 27.12.2016
  valid from 01.01.2017
  valid until 31.12.2030

facts
  id:       text, key
  born:     date
  status:   one of arbeitslos, arbeitsuchend, ohne_status
  bfm:      bool
  children: int, default 0
  talk:     minutes or empty
  hours_w:  hours or empty
  days_f:   days or empty
  weeks_f:  weeks or empty
  ext:      months, default 0 months, column "extension"
  years_f:  years or empty
  share:    percent or empty
  dur_f:    duration or empty
  para10:   bool, input only
end

parameters
  first_talk  = 60 minutes
  one_min     = 1 minute
  week_h      = 39 hours
  one_h       = 1 hour
  days_14     = 14 days
  one_day     = 1 day
  days_3      = 3 days
  weeks_2     = 2 weeks
  one_week    = 1 week
  max_ext     = 6 months
  one_month   = 1 month
  three_month = 3 months
  one_year    = 1 year
  two_years   = 2 years
  three_years = 3 years
  quota       = 50 %
end

let age = years_between(born, as_of)
let young = age < 25 and not bfm
let long_talk = if talk is empty then false else talk > first_talk

table interval: months, hit shortest
  rule bfm §2.2.1
    when bfm
    then 1 month
  rule young §2.2.1
    when young and status = arbeitslos
    then one_month
  rule seeking §2.2.4
    when status in {arbeitsuchend} or status not in {arbeitslos, arbeitsuchend}
    then 6 months
  rule rest §2.2.4
    otherwise
    then three_month
end

table kind: text, hit first
  rule with §1
    when talk is not empty
    then "with"
  rule without §1
    otherwise
    then "without"
end

table count: int, hit unique
  rule some §1
    when children > 0
    then 1
  rule none §1
    when children <= 0
    then 0
end

table pause: days, hit first
  rule none §1
    when talk is empty
    then nothing
  rule some §1
    otherwise
    then days_14
end

table span: days, hit longest
  rule a §1
    when true
    then days_14
  rule b §1
    when bfm
    then weeks_2 + one_day + days_3
end

table near: months, hit shortest
  rule a §1
    when true
    then one_year
  rule b §1
    when children > 2
    then 2 months
end

table far: years, hit longest
  rule a §1
    when true
    then two_years
  rule b §1
    when children > 2
    then three_years
end

require ext <= max_ext else "extension at most {max_ext}"
warn when long_talk "talk too long"

output interval_m = interval + ext
output kind_t = kind
output count_n = count
output span_d = span
output pause_d = pause
output near_m = near
output far_y = far
output h = if hours_w is empty then one_h else hours_w
output w = if weeks_f is empty then one_week else weeks_f
output d = if days_f is empty then days_14 else days_f
output y = if years_f is empty then one_year else years_f
output s = if share is empty then quota else share
output m = first_talk + one_min

workload
  category = kind
  interval = interval
  next_due = as_of
  minutes = first_talk
  first_interview = false
  prep_minutes = one_min
  weekly_hours = week_h
  interview_share = quota
end

test "first row"
  as of 2017-03-01
  given
    id = 1
    status = arbeitslos
  expect
    kind = x
    rule interval = young
    warning "a"
    no warning "b"
end

test "no birth date"
  as of 2017-03-01
  expect
    error "born: missing"
end
)";

// The same policy in German keywords, word by word (the workload roles in German too).
constexpr const char* kGermanBase = R"(# alle deutschen Schlüsselwörter
richtlinie "Twin"
  dokument "Weisung vom 01.01.2017"
  erlassen 27.12.2016
  gültig ab 01.01.2017
  gültig bis 31.12.2030

fakten
  id:       text, schlüssel
  born:     datum
  status:   eins von arbeitslos, arbeitsuchend, ohne_status
  bfm:      wahrheitswert
  children: zahl, vorgabe 0
  talk:     minuten oder leer
  hours_w:  stunden oder leer
  days_f:   tage oder leer
  weeks_f:  wochen oder leer
  ext:      monate, vorgabe 0 Monate, spalte "extension"
  years_f:  jahre oder leer
  share:    prozent oder leer
  dur_f:    dauer oder leer
  para10:   wahrheitswert, nur eingabe
ende

parameter
  first_talk  = 60 Minuten
  one_min     = 1 Minute
  week_h      = 39 Stunden
  one_h       = 1 Stunde
  days_14     = 14 Tage
  one_day     = 1 Tag
  days_3      = 3 Tagen
  weeks_2     = 2 Wochen
  one_week    = 1 Woche
  max_ext     = 6 Monate
  one_month   = 1 Monat
  three_month = 3 Monaten
  one_year    = 1 Jahr
  two_years   = 2 Jahre
  three_years = 3 Jahren
  quota       = 50 %
ende

sei age = years_between(born, as_of)
sei young = age < 25 und nicht bfm
sei long_talk = falls talk ist leer dann nein sonst talk > first_talk

tabelle interval: monate, treffer kürzeste
  regel bfm §2.2.1
    wenn bfm
    dann 1 Monat
  regel young §2.2.1
    wenn young und status = arbeitslos
    dann one_month
  regel seeking §2.2.4
    wenn status in {arbeitsuchend} oder status nicht in {arbeitslos, arbeitsuchend}
    dann 6 Monate
  regel rest §2.2.4
    andernfalls
    dann three_month
ende

tabelle kind: text, treffer erste
  regel with §1
    wenn talk ist nicht leer
    dann "with"
  regel without §1
    andernfalls
    dann "without"
ende

tabelle count: zahl, treffer eindeutig
  regel some §1
    wenn children > 0
    dann 1
  regel none §1
    wenn children <= 0
    dann 0
ende

tabelle pause: tage, treffer erste
  regel none §1
    wenn talk ist leer
    dann kein Wert
  regel some §1
    andernfalls
    dann days_14
ende

tabelle span: tage, treffer längste
  regel a §1
    wenn ja
    dann days_14
  regel b §1
    wenn bfm
    dann weeks_2 + one_day + days_3
ende

tabelle near: monate, treffer kürzeste
  regel a §1
    wenn ja
    dann one_year
  regel b §1
    wenn children > 2
    dann 2 Monate
ende

tabelle far: jahre, treffer längste
  regel a §1
    wenn ja
    dann two_years
  regel b §1
    wenn children > 2
    dann three_years
ende

prüfe ext <= max_ext sonst "extension at most {max_ext}"
warne wenn long_talk "talk too long"

ausgabe interval_m = interval + ext
ausgabe kind_t = kind
ausgabe count_n = count
ausgabe span_d = span
ausgabe pause_d = pause
ausgabe near_m = near
ausgabe far_y = far
ausgabe h = falls hours_w ist leer dann one_h sonst hours_w
ausgabe w = falls weeks_f ist leer dann one_week sonst weeks_f
ausgabe d = falls days_f ist leer dann days_14 sonst days_f
ausgabe y = falls years_f ist leer dann one_year sonst years_f
ausgabe s = falls share ist leer dann quota sonst share
ausgabe m = first_talk + one_min

arbeitslast
  kategorie = kind
  intervall = interval
  naechster_termin = as_of
  minuten = first_talk
  erstgespraech = nein
  vorbereitung = one_min
  wochenstunden = week_h
  gespraechsanteil = quota
ende

prüfung "first row"
  stichtag 01.03.2017
  gegeben
    id = 1
    status = arbeitslos
  erwartet
    kind = x
    regel interval = young
    warnung "a"
    keine warnung "b"
ende

prüfung "no birth date"
  stichtag 01.03.2017
  erwartet
    fehler "born: missing"
ende
)";

// Variants of either base: every rule edit.
constexpr const char* kEnglishVariant = R"(extends "base.kadenz"
policy "Twin variant"
table interval
  replace rule young §2.2.1
    when young
    then 2 months
  add rule early §9 before bfm
    when children > 3
    then 1 month
  add rule late §9 after young
    when status = ohne_status and bfm
    then 2 months
  remove rule seeking
end
test "first row" changes
end
)";

constexpr const char* kGermanVariant = R"(erweitert "base.kadenz"
richtlinie "Twin variant"
tabelle interval
  ersetze regel young §2.2.1
    wenn young
    dann 2 Monate
  ergänze regel early §9 vor bfm
    wenn children > 3
    dann 1 Monat
  ergänze regel late §9 nach young
    wenn status = ohne_status und bfm
    dann 2 Monate
  entferne regel seeking
ende
prüfung "first row" ändert sich
ende
)";

// Rows that reach every rule of the twins (no built-in row errors: their text may follow the
// message language, the policy's `require` text does not).
constexpr const char* kCaseload =
    "id,born,status,bfm,children,talk,hours_w,days_f,weeks_f,extension,years_f,share,para10\n"
    "1,1990-05-01,arbeitslos,false,0,,,,,0,,,false\n"
    "2,2000-05-01,arbeitslos,false,2,70,2,3,1,2,1,20,true\n"
    "3,1980-05-01,arbeitsuchend,true,4,30,,,,0,,,false\n"
    "4,1980-05-01,ohne_status,true,3,,,,,9,,,false\n"
    "5,2001-05-01,ohne_status,false,5,90,,,,1,2,75,false\n";

// `text` with each umlaut spelling replaced by its ASCII alternative (`gueltig`, `pruefe`, …).
std::string ascii_spellings(std::string text) {
  for (auto [from, to] : {std::pair<std::string, std::string>{"gültig", "gueltig"}, {"prüfe", "pruefe"},
                          {"schlüssel", "schluessel"}, {"kürzeste", "kuerzeste"}, {"längste", "laengste"},
                          {"ergänze", "ergaenze"}, {"prüfung", "pruefung"}, {"ändert", "aendert"}}) {
    for (std::size_t p = text.find(from); p != std::string::npos; p = text.find(from, p + to.size()))
      text.replace(p, from.size(), to);
  }
  return text;
}

// The words of a policy text outside comments and quoted texts.
std::set<std::string> words_of(const std::string& text) {
  std::set<std::string> words;
  bool in_text = false;
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (!in_text && c == '#') {
      i = text.find('\n', i);
      if (i == std::string::npos) break;
      continue;
    }
    if (c == '"') in_text = !in_text;
    const std::size_t n = in_text ? 0 : detail::scan_word(text.data() + i, text.data() + text.size());
    if (n > 0) {
      words.emplace(text.substr(i, n));
      i += n;
    } else {
      ++i;
    }
  }
  return words;
}

// `kadenz eval` of policy `name` in `dir` on the test caseload: standard output (the rows).
std::string eval_rows(const TempDir& dir, const std::string& name) {
  const std::string csv = dir.write("caseload.csv", kCaseload);
  const Result r = run_kadenz(dir, "eval " + sh(dir.path(name)) + " " + sh(csv) + " --as-of 2017-03-01");
  INFO(name << ":\n" << r.err);
  CHECK(r.code == 1);  // row 4 fails its `require`
  CHECK(!contains(r.err, "error["));
  return r.out;
}

// The `mixed-language` message for `word` in an English policy, and in a German one (whose
// messages are German unless asked otherwise).
std::string en_mixing(const std::string& word) { return "`" + word + "` is German, but this policy is written in English"; }
std::string de_mixing(const std::string& word) {
  return "`" + word + "` ist englisch; diese Richtlinie ist auf Deutsch geschrieben";
}

// The diagnostics of compiling `text` as a file of its own.
std::vector<Diagnostic> diagnostics(const std::string& text) { return compile_policy("test.kadenz", text).diagnostics; }

// The text a diagnostic's span covers in `text`.
std::string spanned(const std::string& text, const Diagnostic& d) {
  return text.substr(d.span.begin, d.span.end - d.span.begin);
}

}  // namespace

TEST_CASE("keywords de: every keyword, type name, hit policy and unit has a spelling in each language",
          "[keywords]") {
  for (int k = 0; k <= static_cast<int>(Kw::changes); ++k) {
    for (Lang lang : {Lang::en, Lang::de}) {
      bool found = false;
      for (const auto& s : detail::kKeywords) found = found || (static_cast<int>(s.kw) == k && s.lang == lang);
      INFO("keyword " << k << " language " << static_cast<int>(lang));
      CHECK(found);
    }
  }
  // A keyword is reserved in all its spellings or in none (a name must not depend on the language).
  for (const auto& a : detail::kKeywords)
    for (const auto& b : detail::kKeywords)
      if (a.kw == b.kw) CHECK(a.reserved == b.reserved);
  auto ids_complete = [](const auto& table, int ids) {
    for (int id = 0; id < ids; ++id) {
      for (Lang lang : {Lang::en, Lang::de}) {
        bool found = false;
        for (const auto& s : table) found = found || (s.id == id && s.lang == lang);
        INFO("id " << id << " language " << static_cast<int>(lang));
        CHECK(found);
      }
    }
    for (const auto& s : table) CHECK(static_cast<int>(s.id) < ids);
  };
  ids_complete(detail::kTypeNames, 12);
  ids_complete(detail::kHitNames, 4);
  for (auto unit : {detail::Unit::minutes, detail::Unit::hours, detail::Unit::days, detail::Unit::weeks,
                    detail::Unit::months, detail::Unit::years}) {
    for (Lang lang : {Lang::en, Lang::de}) {
      for (bool plural : {false, true}) {
        bool found = false;
        for (const auto& u : detail::kUnits) found = found || (u.unit == unit && u.lang == lang && u.plural == plural);
        INFO("unit " << static_cast<int>(unit) << " language " << static_cast<int>(lang) << " plural " << plural);
        CHECK(found);
      }
    }
  }
}

TEST_CASE("keywords de: the twin policies use every spelling of their language", "[keywords]") {
  const auto english = [] {
    auto w = words_of(kEnglishBase);
    w.merge(words_of(kEnglishVariant));
    return w;
  }();
  const auto german = [] {
    auto w = words_of(kGermanBase);
    w.merge(words_of(kGermanVariant));
    w.merge(words_of(ascii_spellings(kGermanBase)));
    w.merge(words_of(ascii_spellings(kGermanVariant)));
    return w;
  }();
  auto used = [&](std::string_view text, Lang lang) {
    INFO("`" << text << "` (" << (lang == Lang::de ? "de" : "en") << ") is not in the twin policies");
    // a two-word spelling (`kein Wert`): each of its words
    for (std::size_t b = 0; b <= text.size();) {
      const std::size_t e = std::min(text.find(' ', b), text.size());
      CHECK((lang == Lang::de ? german : english).count(std::string(text.substr(b, e - b))) == 1);
      b = e + 1;
    }
  };
  for (const auto& k : detail::kKeywords) used(k.text, k.lang);
  for (const auto& s : detail::kTypeNames) used(s.text, s.lang);
  for (const auto& s : detail::kHitNames) used(s.text, s.lang);
  for (const auto& u : detail::kUnits) used(u.text, u.lang);
}

TEST_CASE("keywords de: a German policy decides every row as its English twin, the ASCII spellings too",
          "[keywords]") {
  TempDir dir;
  dir.write("base.kadenz", kEnglishBase);
  const std::string english = eval_rows(dir, "base.kadenz");
  CHECK(contains(english, "extension at most 6"));
  CHECK(contains(english, "talk too long"));
  dir.write("de.kadenz", kGermanBase);
  CHECK(eval_rows(dir, "de.kadenz") == english);
  dir.write("ascii.kadenz", ascii_spellings(kGermanBase));
  CHECK(eval_rows(dir, "ascii.kadenz") == english);
  // The workload block compiles and reports in both.
  for (const char* name : {"base.kadenz", "de.kadenz"}) {
    const Result r = run_kadenz(dir, std::string("workload ") + sh(dir.path(name)) + " " +
                                         sh(dir.path("caseload.csv")) + " --as-of 2017-03-01 --format json");
    INFO(name << ": " << r.err);
    CHECK(contains(r.out, "\"with\""));
  }
}

TEST_CASE("keywords de: a variant and its base may differ in keyword language, each file consistent in itself",
          "[keywords]") {
  // Each variant on each base decides as the English variant on the English base.
  std::string expected;
  for (const char* base : {kEnglishBase, kGermanBase}) {
    for (const char* variant : {kEnglishVariant, kGermanVariant}) {
      TempDir dir;
      dir.write("base.kadenz", base);
      dir.write("variant.kadenz", variant);
      const std::string rows = eval_rows(dir, "variant.kadenz");
      CHECK(contains(rows, "interval.early"));
      CHECK(!contains(rows, "interval.seeking"));
      if (expected.empty()) expected = rows;
      CHECK(rows == expected);
    }
  }
  // A variant that mixes is refused at its own word, not at its base's.
  TempDir dir;
  dir.write("base.kadenz", kEnglishBase);
  const std::string path = dir.write("variant.kadenz", std::string(kGermanVariant) + "warn when young \"x\"\n");
  const Compiled c = compile_policy_file(path);
  REQUIRE(!c.ok());
  REQUIRE(c.diagnostics.size() == 2);
  CHECK(c.diagnostics[0].message == de_mixing("warn"));
  CHECK(c.diagnostics[1].message == de_mixing("when"));
}

TEST_CASE("keywords de: a keyword of the other language is `mixed-language` at the word, naming the word to use",
          "[keywords]") {
  struct Case {
    std::string policy;
    std::string word, message, use;  // use: the word the help names
  };
  const std::string en_head = "policy \"t\"\n  valid from 2017-01-01\nfacts\n  id: text, key\n  age: int\nend\n";
  const std::string de_head = "richtlinie \"t\"\n  gültig ab 2017-01-01\nfakten\n  id: text, schlüssel\n  alter: zahl\nende\n";
  const std::vector<Case> cases = {
      // The issue's three: `wenn` failed with "expected `when <condition>`…", `nicht u25` was read
      // as a name, `regel` failed with "expected another `rule` or `end`".
      {en_head + "table t: months, hit first\n  rule a §1\n    wenn age > 3\n    then 1 month\nend\noutput x = t\n",
       "wenn", en_mixing("wenn"), "`when`"},
      {en_head + "let u25 = age < 25\noutput x = not u25\n", "not", "", ""},  // control: fine
      {en_head + "let u25 = age < 25\noutput x = nicht u25\n", "nicht",
       en_mixing("nicht"), "`not`"},
      {en_head + "table t: months, hit first\n  rule a §1\n    when age > 3\n    then 1 month\n  regel b §1\n"
                 "    otherwise\n    then 2 months\nend\noutput x = t\n",
       "regel", en_mixing("regel"), "`rule`"},
      // Their mirrors in a German policy.
      {de_head + "tabelle t: monate, treffer erste\n  regel a §1\n    when alter > 3\n    dann 1 Monat\nende\n"
                 "ausgabe x = t\n",
       "when", de_mixing("when"), "`wenn`"},
      {de_head + "sei u25 = alter < 25\nausgabe x = not u25\n", "not",
       de_mixing("not"), "`nicht`"},
      {de_head + "tabelle t: monate, treffer erste\n  regel a §1\n    wenn alter > 3\n    dann 1 Monat\n  rule b §1\n"
                 "    andernfalls\n    dann 2 Monate\nende\nausgabe x = t\n",
       "rule", de_mixing("rule"), "`regel`"},
      // type names, hit policies and units
      {de_head + "tabelle t: months, treffer erste\n  regel a §1\n    andernfalls\n    dann 1 Monat\nende\nausgabe x = t\n",
       "months", de_mixing("months"), "`monate`"},
      {de_head + "tabelle t: monate, treffer shortest\n  regel a §1\n    andernfalls\n    dann 1 Monat\nende\n"
                 "ausgabe x = t\n",
       "shortest", de_mixing("shortest"), "`kürzeste`"},
      {de_head + "parameter\n  p = 6 months\nende\nausgabe x = p\n", "months",
       de_mixing("months"), "`Monate`"},
      {de_head + "parameter\n  p = 1 month\nende\nausgabe x = p\n", "month",
       de_mixing("month"), "`Monat`"},
      {en_head + "parameters\n  p = 3 Tagen\nend\noutput x = p\n", "Tagen",
       en_mixing("Tagen"), "`days`"},
      {en_head + "facts\n  d: datum\nend\noutput x = d\n", "datum", en_mixing("datum"),
       "`date`"},
      {en_head + "table t: int, hit eindeutig\n  rule a §1\n    otherwise\n    then 1\nend\noutput x = t\n", "eindeutig",
       en_mixing("eindeutig"), "`unique`"},
      // `input only` is `nur eingabe`, word by word
      {de_head + "fakten\n  p: zahl, input only\nende\nausgabe x = alter\n", "input",
       de_mixing("input"), "`nur`"},
  };
  for (const auto& c : cases) {
    INFO(c.policy);
    const auto ds = diagnostics(c.policy);
    std::vector<Diagnostic> errors;
    for (const auto& d : ds)
      if (d.severity == Severity::error) errors.push_back(d);
    if (c.message.empty()) {
      CHECK(errors.empty());
      continue;
    }
    REQUIRE(!errors.empty());
    CHECK(errors[0].code == "mixed-language");
    CHECK(errors[0].message == c.message);
    CHECK(spanned(c.policy, errors[0]) == c.word);
    CHECK(contains(errors[0].help, c.use));
  }
}

TEST_CASE("keywords de: words spelled alike in both languages decide nothing and never mix", "[keywords]") {
  // `in` and the type `text` are both languages'; a German file uses them freely.
  const std::string de = "richtlinie \"t\"\n  gültig ab 2017-01-01\nfakten\n  id: text, schlüssel\n"
                         "  s: eins von a, b\nende\nausgabe x = s in {a}\n";
  CHECK(diagnostics(de).empty());
  // A unit that differs only in case (`minute`, `Minute`) is not held against either language.
  const std::string en = "policy \"t\"\n  valid from 2017-01-01\nfacts\n  id: text, key\nend\n"
                         "parameters\n  p = 1 Minute\nend\noutput x = p\n";
  for (const auto& d : diagnostics(en)) CHECK(d.code != "mixed-language");
}

TEST_CASE("keywords de: a file whose first keyword is of the other language gives at most kMaxErrors mixing errors",
          "[keywords]") {
  std::string policy = "richtlinie \"t\"\n  valid from 2017-01-01\n";
  for (std::size_t i = 0; i < detail::kMaxErrors + 10; ++i) policy += "let a" + std::to_string(i) + " = 1\n";
  const auto ds = diagnostics(policy);
  std::size_t mixing = 0;
  for (const auto& d : ds) mixing += d.code == "mixed-language" ? 1u : 0u;
  CHECK(mixing == detail::kMaxErrors);
  CHECK(ds.front().message == de_mixing("valid"));
}

TEST_CASE("keywords de: after a syntax error the parser resumes at the next German declaration", "[keywords]") {
  const std::string policy = "richtlinie \"t\"\n  gültig ab 2017-01-01\nfakten\n  id: text, schlüssel\n  a: zahl\nende\n"
                             "tabelle t: monate, treffer erste\n  regel x §1\n    wenn a >\n    dann 1 Monat\nende\n"
                             "tabelle u: monate, treffer erste\n  regel y §1\n    wenn a <\nende\n"
                             "sei b = a +\n"
                             "ausgabe o = t\n";
  const auto ds = diagnostics(policy);
  std::vector<std::uint32_t> lines;
  for (const auto& d : ds) {
    CHECK(d.code == "syntax");
    lines.push_back(line_column(policy, d.span.begin).line);
  }
  // one error in each of the two tables and one in the `sei`: resumed at `tabelle` and `sei`
  CHECK(lines.size() == 3);
}

TEST_CASE("keywords de: German reserved words are not names, in a file of either language", "[keywords]") {
  for (const char* name : {"ja", "nein", "ende", "regel", "leer", "wenn", "und"}) {
    const std::string policy = std::string("policy \"t\"\n  valid from 2017-01-01\nfacts\n  id: text, key\nend\nlet ") +
                               name + " = 1\noutput x = id\n";
    INFO(policy);
    const auto ds = diagnostics(policy);
    REQUIRE(!ds.empty());
    CHECK(ds[0].code == "syntax");
    CHECK(contains(ds[0].help, "reserved word"));
  }
}

TEST_CASE("keywords de: the span of `oder leer`, `ist leer` and a block's `ende` ends at the German word", "[keywords]") {
  // The builder found these ends with rfind("empty") / rfind("end"): for `oder leer` that was
  // npos (a pointer overflow UBSan reported in a fuzz merge), for `ende` one byte short.
  const std::string text =
      "richtlinie \"t\"\n  gültig ab 01.01.2017\nfakten\n  id: text, schlüssel\n"
      "  letzter: datum oder leer   # endet hier\nende\n"
      "tabelle t: monate, treffer erste\n  regel a §1\n    wenn letzter ist leer # leer\n    dann 1 Monat\n"
      "  regel b §2\n    andernfalls\n    dann 2 Monate\nende # das Ende\nausgabe x = t\n";
  std::vector<kadenz::Diagnostic> diags;
  const kadenz::detail::PolicyAst ast = kadenz::detail::parse_policy_text(text, "t.kadenz", 0, diags);
  REQUIRE(diags.empty());
  REQUIRE(ast.facts.size() == 2);
  const auto& type = ast.facts[1].type;
  CHECK(text.substr(type.span.begin, type.span.end - type.span.begin) == "datum oder leer");
  REQUIRE(ast.tables.size() == 1);
  const auto& t = ast.tables[0];
  CHECK(text.substr(t.span.end - 4, 4) == "ende");
  CHECK(text.substr(t.span.begin, 7) == "tabelle");
  const auto& cond = *ast.tables[0].rules[0].when;
  CHECK(text.substr(cond.span.begin, cond.span.end - cond.span.begin) == "letzter ist leer");
}
