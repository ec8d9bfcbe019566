// `kadenz check` warns when a message or an output shows personal data through `{…}` (a date
// fact, a text fact that is not the key), and the author can silence it on the line.
#include "analyze_support.hpp"
#include "run_cli.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace kadenz;
using namespace kadenz::test;

namespace {

const std::string kFacts =
    "facts\n"
    "  id: text, key\n"
    "  name: text\n"
    "  birth_date: date\n"
    "  status: one of arbeitslos, arbeitsuchend\n"
    "  n: int\n"
    "  wait: months\n"
    "  ok: bool\n"
    "end\n"
    "table t: int, hit first\n"
    "  rule r §1 otherwise then n\n"
    "end\n"
    "output v = t\n";

std::vector<const Diagnostic*> personal(const std::string& body) {
  static std::vector<Checked> keep;  // the findings point into the compiled source
  keep.push_back(analyze("p.kadenz", with_header(kFacts + body)));
  return of(keep.back(), "personal-data-in-message");
}

}  // namespace

TEST_CASE("check: a message or output showing a date or a text fact is a personal-data warning", "[analyze][privacy]") {
  const auto require = personal("require n > 0 else \"n fehlt bei {name}, geboren {birth_date}\"\n");
  REQUIRE(require.size() == 2);
  CHECK(require[0]->severity == Severity::warning);
  CHECK(require[0]->message == "this `require` message shows the text fact `name`: personal data in every output row it reaches");
  CHECK(require[1]->message ==
        "this `require` message shows the date fact `birth_date`: personal data in every output row it reaches");
  CHECK_THAT(require[0]->help, Catch::Contains("# kadenz: allow personal-data-in-message"));
  // through a definition, a computed date, a table's result, an output
  CHECK(personal("let hallo = \"Hallo {name}\"\nwarn when n > 5 \"{hallo}\"\n").size() == 1);
  CHECK(personal("warn when n > 5 \"frei ab {birth_date + 25 years}\"\n").size() == 1);
  CHECK(personal("table who: text, hit first\n  rule r §1 otherwise then name\nend\nwarn when n > 5 \"{who}\"\n").size() ==
        1);
  // an output that shows such a text through a definition, an `if` branch or a table's outcome
  CHECK(personal("let hallo = \"Hallo {name}\"\noutput gruss = hallo\n").size() == 1);
  CHECK(personal("output g = if ok then \"Hallo {name}\" else \"x\"\n").size() == 1);
  CHECK(personal("table w: text, hit first\n  rule r §1 otherwise then \"Hallo {name}\"\nend\noutput g = w\n").size() == 1);
  // one definition shown by two outputs is one finding
  CHECK(personal("let hallo = \"Hallo {name}\"\noutput a = hallo\noutput b = hallo\n").size() == 1);
  const auto output = personal("output gruss = \"Hallo {name}\"\n");
  REQUIRE(output.size() == 1);
  CHECK_THAT(output[0]->message, Catch::StartsWith("output `gruss` shows the text fact `name`"));
}

TEST_CASE("check: enumerations, numbers, durations, yes/no, the key and the date of the run are not flagged",
          "[analyze][privacy]") {
  CHECK(personal("warn when n > 5 \"{status} {text(status)} {n} {wait} {ok} {id} {as_of} {t}\"\n").empty());
  // a fact that only chooses the text is not shown by it
  CHECK(personal("let art = if name = \"\" then \"ohne Namen\" else \"mit Namen\"\nwarn when n > 5 \"{art}\"\n").empty());
  CHECK(personal("output copy = name\n").empty());  // a plain copy is a column of its own, not a message
}

TEST_CASE("check: `# kadenz: allow personal-data-in-message` on the line or the line before silences it",
          "[analyze][privacy]") {
  CHECK(personal("output gruss = \"Hallo {name}\"  # kadenz: allow personal-data-in-message\n").empty());
  CHECK(personal("# kadenz: allow unused, personal-data-in-message\noutput gruss = \"Hallo {name}\"\n").empty());
  // only that code, only there
  CHECK(personal("output gruss = \"Hallo {name}\"  # kadenz: allow unused\n").size() == 1);
  CHECK(personal("# kadenz: allow personal-data-in-message\n\noutput gruss = \"Hallo {name}\"\n").size() == 1);
  CHECK(personal("output gruss = \"Hallo {name} # kadenz: allow personal-data-in-message\"\n").size() == 1);
}

TEST_CASE("check: the CLI shows the personal-data warning and --strict fails on it", "[analyze][privacy][cli]") {
  TempDir dir;
  const std::string policy = dir.write("p.kadenz", with_header(kFacts + "output gruss = \"Hallo {name}\"\n"));
  const Result r = run_kadenz(dir, "check " + sh(policy));
  CHECK_THAT(r.out + r.err, Catch::Contains("warning[personal-data-in-message]"));
  CHECK(run_kadenz(dir, "check --strict " + sh(policy)).code == 1);
}
