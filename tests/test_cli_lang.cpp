// `--lang de|en` on every command and the message language from the environment: a German policy
// gets German messages, an English one English messages, `--lang` overrides both, and a text
// without keywords follows LC_ALL / LC_MESSAGES / LANG.
#include "run_cli.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>

using namespace kadenz::test;

namespace {

// The same mistake (an unknown name) in an English and in a German policy.
const char* const kEnglish =
    "policy \"t\"\n  valid from 2017-01-01\nfacts\n  id: text, key\n  age: int\nend\noutput x = agee + 1\n";
const char* const kGerman =
    "richtlinie \"t\"\n  gültig ab 2017-01-01\nfakten\n  id: text, schlüssel\n  alter: zahl\nende\n"
    "ausgabe x = alterr + 1\n";

// Clears the variables the CLI reads the message language from, and sets LANG to `lang` (unset
// if null). Each TEST_CASE is a process of its own, so this does not leak into other tests.
void message_environment(const char* lang) {
  ::unsetenv("LC_ALL");
  ::unsetenv("LC_MESSAGES");
  if (lang != nullptr) ::setenv("LANG", lang, 1);
  else ::unsetenv("LANG");
}

}  // namespace

TEST_CASE("cli lang: a German policy gets German messages, an English one English, --lang overrides", "[cli][lang]") {
  message_environment(nullptr);
  TempDir dir;
  const std::string en = dir.write("en.kadenz", kEnglish);
  const std::string de = dir.write("de.kadenz", kGerman);

  Result r = run_kadenz(dir, "check " + sh(en));
  CHECK(r.code == 2);
  CHECK(contains(r.err, "error[unknown-name]: unknown name `agee`"));
  CHECK(contains(r.err, "= help: did you mean `age`?"));
  CHECK(contains(r.err, "1 error, 0 warnings"));

  r = run_kadenz(dir, "check " + sh(de));
  CHECK(r.code == 2);
  CHECK(contains(r.err, "Fehler[unknown-name]: unbekannter Name `alterr`"));
  CHECK(contains(r.err, "= Hilfe: Meinten Sie `alter`?"));
  CHECK(contains(r.err, "1 Fehler, 0 Warnungen"));

  r = run_kadenz(dir, "check " + sh(en) + " --lang de");
  CHECK(contains(r.err, "Fehler[unknown-name]: unbekannter Name `agee`"));
  r = run_kadenz(dir, "check " + sh(de) + " --lang en");
  CHECK(contains(r.err, "error[unknown-name]: unknown name `alterr`"));

  r = run_kadenz(dir, "check " + sh(en) + " --lang fr");
  CHECK(r.code == 2);  // a usage error
}

TEST_CASE("cli lang: --format json keeps the codes and carries the text in the chosen language", "[cli][lang]") {
  message_environment(nullptr);
  TempDir dir;
  const std::string en = dir.write("en.kadenz", kEnglish);
  const Result r = run_kadenz(dir, "check " + sh(en) + " --format json --lang de");
  CHECK(r.code == 2);
  CHECK(contains(r.out, "\"code\":\"unknown-name\""));
  CHECK(contains(r.out, "\"severity\":\"error\""));
  CHECK(contains(r.out, "\"message\":\"unbekannter Name `agee`\""));
}

TEST_CASE("cli lang: every command takes --lang for the policy's messages", "[cli][lang]") {
  message_environment(nullptr);
  TempDir dir;
  const std::string en = dir.write("en.kadenz", kEnglish);
  const std::string csv = dir.write("c.csv", "id,age\n1,30\n");
  const std::string as_of = " --as-of 2017-03-01";
  for (const std::string& cmd : {"eval " + sh(en) + " " + sh(csv) + as_of, "workload " + sh(en) + " " + sh(csv) + as_of,
                                 "whatif " + sh(en) + " " + sh(en) + " " + sh(csv) + as_of,
                                 "dump " + sh(en) + " --stage checked"}) {
    INFO(cmd);
    const Result r = run_kadenz(dir, cmd + " --lang de");
    CHECK(r.code == 2);
    CHECK(contains(r.err, "Fehler[unknown-name]: unbekannter Name `agee`"));
  }
  // fmt's --lang translates the keywords; its messages (a policy it cannot read) follow it too
  const std::string broken = dir.write("b.kadenz", "policy \"t\"\n  valid from 2017-01-01\noutput x = if 1 then 2\n");
  const Result r = run_kadenz(dir, "fmt " + sh(broken) + " --lang de");
  CHECK(r.code == 2);  // a broken file: not 1, which means "not formatted"
  CHECK(contains(r.err, "Fehler[syntax]: erwartet: `else`"));
}

TEST_CASE("cli lang: a text without keywords follows the environment; a policy its own language", "[cli][lang]") {
  TempDir dir;
  const std::string empty = dir.write("empty.kadenz", "# nothing here yet\n");
  const std::string en = dir.write("en.kadenz", kEnglish);

  message_environment("de_DE.UTF-8");
  Result r = run_kadenz(dir, "check " + sh(empty));
  CHECK(r.code == 2);
  CHECK(contains(r.err, "Fehler[no-header]: die Richtlinie hat keinen Kopf"));
  r = run_kadenz(dir, "check " + sh(en));  // the policy's keywords decide over LANG
  CHECK(contains(r.err, "error[unknown-name]"));
  r = run_kadenz(dir, "check " + sh(dir.path("missing.kadenz")));
  CHECK(contains(r.err, "Fehler[io]: die Richtliniendatei kann nicht gelesen werden"));

  message_environment("en_US.UTF-8");
  r = run_kadenz(dir, "check " + sh(empty));
  CHECK(contains(r.err, "error[no-header]: the policy has no header"));
  ::setenv("LC_ALL", "de_AT.UTF-8", 1);  // LC_ALL comes first
  r = run_kadenz(dir, "check " + sh(empty));
  CHECK(contains(r.err, "Fehler[no-header]"));
  message_environment(nullptr);
}
