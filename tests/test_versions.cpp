// Directories of versions of one directive (interpreter/pipeline/versions.hpp, cli/versions.cpp):
// the version in force on a day, the periods' errors (overlap, same start, hole, no `valid from`),
// files that are not versions, `PATH@DATE`, and the commands eval, workload, whatif and check on
// a directory. The fixture tests/versions/kontakt holds two versions in German keywords (2024-04-01
// to 2024-12-31, and from 2025-01-01 on, the second `erweitert` the first); the other directories
// are written here.
#include "run_cli.hpp"
#include "support.hpp"

#include "grammar/limits.hpp"
#include "interpreter/compile/program.hpp"
#include "interpreter/pipeline/versions.hpp"
#include "stdlib/date.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>

using namespace kadenz;
using namespace kadenz::test;
using detail::parse_date;

namespace {

// A small policy in English keywords, valid from `from` (and until `until`, if given).
std::string version_text(const std::string& from, const std::string& until = "", const std::string& name = "V") {
  std::string s = "policy \"" + name + "\"\n";
  if (!from.empty()) s += "  valid from " + from + "\n";
  if (!until.empty()) s += "  valid until " + until + "\n";
  s += "\nfacts\n  id: text, key\n  n:  int\nend\n\noutput m = n + 1\n";
  return s;
}

std::int32_t day(const char* text) { return *parse_date(text); }

// The versions of `dir` with default options (English messages for English keywords).
detail::VersionSet scan(const TempDir& dir) { return detail::scan_versions(dir.path(""), CompileOptions{}); }

// The diagnostic codes of a set, in order.
std::vector<std::string> codes(const detail::VersionSet& set) {
  std::vector<std::string> c;
  for (const auto& d : set.diagnostics) c.push_back(d.code);
  return c;
}

// The file name (without directory) of the version in force on `on`, or "" if none.
std::string in_force(const detail::VersionSet& set, const char* on) {
  const auto i = detail::version_in_force(set, day(on));
  if (!i) return "";
  return std::filesystem::path(set.versions[*i].file).filename().string();
}

const std::string kFixture = source_path("tests/versions/kontakt");

}  // namespace

TEST_CASE("versions: the version in force on its first and last day, before the first, and the open end", "[versions]") {
  TempDir dir;
  // file names out of date order: the order is by `valid from`
  dir.write("c-first.kadenz", version_text("2024-01-01"));
  dir.write("a-middle.kadenz", version_text("01.07.2024", "31.12.2024"));
  dir.write("b-last.kadenz", version_text("2025-01-01"));
  const detail::VersionSet set = scan(dir);
  REQUIRE(set.ok());
  REQUIRE(set.versions.size() == 3);
  CHECK(in_force(set, "2023-12-31").empty());
  CHECK(in_force(set, "2024-01-01") == "c-first.kadenz");
  CHECK(in_force(set, "2024-06-30") == "c-first.kadenz");  // the day before the next one starts
  CHECK(in_force(set, "2024-07-01") == "a-middle.kadenz");
  CHECK(in_force(set, "2024-12-31") == "a-middle.kadenz");  // its explicit `valid until`
  CHECK(in_force(set, "2025-01-01") == "b-last.kadenz");
  CHECK(in_force(set, "9999-12-31") == "b-last.kadenz");  // open-ended
  CHECK(*set.versions[0].in_force_until == day("2024-06-30"));
  CHECK(*set.versions[1].in_force_until == day("2024-12-31"));
  CHECK_FALSE(set.versions[2].in_force_until.has_value());
}

TEST_CASE("versions: after an explicit `valid until` of the last version no version is in force", "[versions]") {
  TempDir dir;
  dir.write("one.kadenz", version_text("2024-01-01"));
  dir.write("two.kadenz", version_text("2025-01-01", "2025-06-30"));
  const detail::VersionSet set = scan(dir);
  REQUIRE(set.ok());
  CHECK(in_force(set, "2025-06-30") == "two.kadenz");
  CHECK(in_force(set, "2025-07-01").empty());
  const Diagnostic d = detail::no_version_in_force(set, day("2025-07-01"));
  CHECK(d.code == "no-version-in-force");
  CHECK_THAT(d.message, Catch::Contains("is in force on 2025-07-01"));
  const std::string shown = render_text(*set.source, {d});
  CHECK_THAT(shown, Catch::Contains("two.kadenz:2:14") && Catch::Contains("in force from 2025-01-01 to 2025-06-30"));
  CHECK_THAT(shown, Catch::Contains("one.kadenz:2:") && Catch::Contains("in force from 2024-01-01 to 2024-12-31"));
}

TEST_CASE("versions: two versions in force on the same days are an error at the later one's `valid from`", "[versions]") {
  TempDir dir;
  dir.write("a.kadenz", version_text("2024-01-01", "2024-12-31"));
  dir.write("b.kadenz", version_text("2024-07-01"));
  const detail::VersionSet set = scan(dir);
  CHECK_FALSE(set.ok());
  REQUIRE(codes(set) == std::vector<std::string>{"version-overlap"});
  const Diagnostic& d = set.diagnostics[0];
  CHECK_THAT(d.message, Catch::Contains("are both in force from 2024-07-01 to 2024-12-31"));
  CHECK_THAT(d.help, Catch::Contains("valid until 2024-06-30"));
  const std::string shown = render_text(*set.source, set.diagnostics);
  CHECK_THAT(shown, Catch::Contains("b.kadenz:2:14") && Catch::Contains("a.kadenz:2:14"));
}

TEST_CASE("versions: two versions with the same `valid from` overlap", "[versions]") {
  TempDir dir;
  dir.write("a.kadenz", version_text("2024-01-01"));
  dir.write("b.kadenz", version_text("01.01.2024"));
  const detail::VersionSet set = scan(dir);
  REQUIRE(codes(set) == std::vector<std::string>{"version-overlap"});
  CHECK_THAT(set.diagnostics[0].message, Catch::Contains("both come into force on 2024-01-01"));
}

TEST_CASE("versions: a hole between two versions is an error, ending the day before is none", "[versions]") {
  TempDir dir;
  dir.write("a.kadenz", version_text("2024-01-01", "2024-06-30"));
  dir.write("b.kadenz", version_text("2024-08-01"));
  detail::VersionSet set = scan(dir);
  REQUIRE(codes(set) == std::vector<std::string>{"version-hole"});
  CHECK_THAT(set.diagnostics[0].message, Catch::Contains("no version is in force from 2024-07-01 to 2024-07-31"));
  CHECK(in_force(set, "2024-07-15").empty());
  dir.write("a.kadenz", version_text("2024-01-01", "2024-07-31"));
  set = scan(dir);
  CHECK(set.ok());
}

TEST_CASE("versions: a version whose `valid until` is before its `valid from` leaves no hole", "[versions]") {
  TempDir dir;
  dir.write("a.kadenz", version_text("2024-01-01"));
  dir.write("b.kadenz", version_text("2024-06-01", "2024-03-01"));  // in force on no day (the checker's error)
  dir.write("c.kadenz", version_text("2024-09-01"));
  const detail::VersionSet set = scan(dir);
  CHECK(codes(set).empty());
  CHECK(in_force(set, "2024-07-15") == "a.kadenz");  // a is in force until c starts
  CHECK(in_force(set, "2024-09-01") == "c.kadenz");
  // without the empty version in between the periods are the same
  std::filesystem::remove(dir.path("b.kadenz"));
  CHECK(in_force(scan(dir), "2024-07-15") == "a.kadenz");
  // an empty first version: the hole check starts at the next one
  dir.write("0.kadenz", version_text("2023-06-01", "2023-01-01"));
  CHECK(codes(scan(dir)).empty());
}

TEST_CASE("versions: a version without its own `valid from` is an error, also one that extends another", "[versions]") {
  TempDir dir;
  dir.write("basis.kadenz", version_text("2024-01-01"));
  // in German keywords: the messages speak the first version's language (English), naming the
  // keywords in the file's own
  dir.write("neu.kadenz", "erweitert \"basis.kadenz\"\nrichtlinie \"Neu\"\n");
  dir.write("plain.kadenz", version_text(""));
  const detail::VersionSet set = scan(dir);
  REQUIRE(codes(set) == std::vector<std::string>{"version-without-start", "version-without-start"});
  CHECK_THAT(set.diagnostics[0].message, Catch::Contains("`") && Catch::Contains("neu.kadenz"));
  CHECK_THAT(set.diagnostics[0].help, Catch::Contains("add `gültig ab <date>`") && Catch::Contains("`erweitert`"));
  CHECK_THAT(set.diagnostics[1].message, Catch::Contains("plain.kadenz"));
  CHECK(in_force(set, "2024-06-01") == "basis.kadenz");  // it is not placed anywhere
}

TEST_CASE("versions: messages are in German for a directory of German versions", "[versions]") {
  const detail::VersionSet set = detail::scan_versions(kFixture, CompileOptions{});
  REQUIRE(set.ok());
  const Diagnostic d = detail::no_version_in_force(set, day("2024-03-31"));
  CHECK(d.message == "keine Fassung in `" + kFixture + "` gilt am 2024-03-31");
  CHECK(d.label == "gilt von 2024-04-01 bis 2024-12-31");
  CompileOptions en;
  en.lang = Lang::en;
  const detail::VersionSet english = detail::scan_versions(kFixture, en);
  CHECK(detail::no_version_in_force(english, day("2024-03-31")).label == "in force from 2024-04-01 to 2024-12-31");
}

TEST_CASE("versions: a variant with its own `valid from` does not keep its base's `valid until`", "[versions][extends]") {
  TempDir dir;
  dir.write("a.kadenz", version_text("2024-01-01", "2024-12-31"));
  const Compiled open = compile_policy_file(
      dir.write("b.kadenz", "extends \"a.kadenz\"\npolicy \"B\"\n  valid from 2025-01-01\n"));
  REQUIRE(open.ok());
  CHECK(*kadenz::detail::program_of(open)->valid_from == day("2025-01-01"));
  CHECK_FALSE(kadenz::detail::program_of(open)->valid_until.has_value());
  // without its own `valid from` the base's period stays, and its own `valid until` replaces the end
  const Compiled kept = compile_policy_file(dir.write("c.kadenz", "extends \"a.kadenz\"\npolicy \"C\"\n"));
  REQUIRE(kept.ok());
  CHECK(*kadenz::detail::program_of(kept)->valid_until == day("2024-12-31"));
  const Compiled shorter =
      compile_policy_file(dir.write("d.kadenz", "extends \"a.kadenz\"\npolicy \"D\"\n  valid until 2024-06-30\n"));
  REQUIRE(shorter.ok());
  CHECK(*kadenz::detail::program_of(shorter)->valid_from == day("2024-01-01"));
  CHECK(*kadenz::detail::program_of(shorter)->valid_until == day("2024-06-30"));
}

TEST_CASE("versions: only *.kadenz files count, one that is not a policy is refused unseen", "[versions][privacy]") {
  TempDir dir;
  dir.write("a.kadenz", version_text("2024-01-01"));
  dir.write("notes.txt", "not a version");
  dir.write(".hidden.kadenz", "SECRET-1");
  dir.write("secret.kadenz", "root:x:SECRET-2:0\n");
  std::filesystem::create_directory(dir.path("sub"));
  dir.write("sub/b.kadenz", version_text("2025-01-01"));  // not recursive
  const detail::VersionSet set = scan(dir);
  REQUIRE(codes(set) == std::vector<std::string>{"not-a-policy"});
  CHECK(set.unusable == 1);
  REQUIRE(set.versions.size() == 1);
  const std::string shown = render_text(*set.source, set.diagnostics) + render_json(*set.source, set.diagnostics);
  CHECK_THAT(shown, Catch::Contains("secret.kadenz") && !Catch::Contains("SECRET") && !Catch::Contains("root:x"));
}

TEST_CASE("versions: an empty directory, and one with more than kMaxVersions files, are errors", "[versions][limits]") {
  TempDir dir;
  detail::VersionSet set = scan(dir);
  CHECK(codes(set) == std::vector<std::string>{"no-versions"});
  for (std::size_t i = 0; i <= detail::kMaxVersions; ++i) {
    std::string name = std::to_string(1000 + i);
    name += ".kadenz";
    dir.write(name, version_text(detail::iso_date(day("2000-01-01") + static_cast<std::int32_t>(i))));
  }
  set = scan(dir);
  CHECK(codes(set) == std::vector<std::string>{"limit"});
  CHECK(set.versions.empty());  // none was read
  std::filesystem::remove(dir.path("1000.kadenz"));
  set = scan(dir);
  CHECK(set.ok());
  CHECK(set.versions.size() == detail::kMaxVersions);
}

TEST_CASE("versions: PATH@DATE names the version in force on DATE, a bad date is an error", "[versions]") {
  auto a = detail::parse_policy_argument("rules@2024-06-30");
  CHECK(a.path == "rules");
  CHECK(*a.date == day("2024-06-30"));
  CHECK_FALSE(a.error);
  a = detail::parse_policy_argument("dir/rules@31.12.2024");
  CHECK(a.path == "dir/rules");
  CHECK(*a.date == day("2024-12-31"));
  a = detail::parse_policy_argument("rules@2024-13-01");
  CHECK(a.error == detail::Msg::at_date_not_a_date);
  CHECK(a.after_at == "2024-13-01");
  a = detail::parse_policy_argument("rules@");
  CHECK(a.error == detail::Msg::at_date_not_a_date);
  a = detail::parse_policy_argument("@2024-01-01");
  CHECK(a.error == detail::Msg::at_date_no_path);
  a = detail::parse_policy_argument("rules.kadenz");
  CHECK(a.path == "rules.kadenz");
  CHECK_FALSE(a.date);
  TempDir dir;  // a file whose name has an `@` is that file
  const std::string odd = dir.write("p@2024-01-01.kadenz", version_text("2024-01-01"));
  a = detail::parse_policy_argument(odd);
  CHECK(a.path == odd);
  CHECK_FALSE(a.date);
}

// ---- the commands ----

TEST_CASE("versions cli: eval DIR uses the version in force on --as-of and names it", "[versions][cli]") {
  TempDir tmp;
  const std::string caseload = sh(kFixture + "/caseload.csv");
  Result r = run_kadenz(tmp, "eval " + sh(kFixture) + " " + caseload + " --as-of 2024-06-30");
  REQUIRE(r.code == 0);
  CHECK_THAT(r.out, Catch::Contains("1,3MM,marktnah,§3.2,,") && Catch::Contains("2,1MM,marktfern,§3.3,,"));
  CHECK_THAT(r.err, Catch::Contains("kadenz: Fassung " + kFixture +
                                    "/kontakt-2024.kadenz (gültig von 2024-04-01 bis 2024-12-31), in Kraft am 2024-06-30"));
  r = run_kadenz(tmp, "eval " + sh(kFixture) + " " + caseload + " --as-of 2025-03-31 --lang en");
  REQUIRE(r.code == 0);
  CHECK_THAT(r.out, Catch::Contains("1,2MM,marktnah,§3.2,,"));  // the second version's rule
  CHECK_THAT(r.err, Catch::Contains("kadenz: version " + kFixture +
                                    "/kontakt-2025.kadenz (valid from 2025-01-01, open-ended), in force on 2025-03-31"));
  // a policy file: no version line
  r = run_kadenz(tmp, "eval " + sh(kFixture + "/kontakt-2024.kadenz") + " " + caseload + " --as-of 2024-06-30");
  CHECK(r.code == 0);
  CHECK_THAT(r.err, !Catch::Contains("Fassung"));
}

TEST_CASE("versions cli: an unreadable version says why in the message language, without a snippet", "[versions][cli]") {
  TempDir tmp;
  std::filesystem::create_directories(tmp.path("v"));
  tmp.write("v/a.kadenz", read_file(kFixture + "/kontakt-2024.kadenz"));  // German keywords
  std::filesystem::create_symlink("/dev/zero", tmp.path("v/x.kadenz"));
  Result r = run_kadenz(tmp, "check " + sh(tmp.path("v")));
  CHECK(r.code != 0);
  CHECK_THAT(r.err, Catch::Contains("Fehler[io]: die Fassung `" + tmp.path("v/x.kadenz") +
                                    "` kann nicht gelesen werden: sie ist keine gewöhnliche Datei, sondern ein "
                                    "zeichenorientiertes Gerät; geben Sie den Pfad einer .kadenz-Datei an\n"
                                    "  = Hilfe: "));  // no `--> DIR:1:1`, no empty line with a caret
  CHECK_THAT(r.err, !Catch::Contains("it is not") && !Catch::Contains("character device"));
  r = run_kadenz(tmp, "check " + sh(tmp.path("v")) + " --lang en");
  CHECK_THAT(r.err, Catch::Contains("it is not a regular file but a character device"));
}

TEST_CASE("versions cli: errors about the directory itself show no snippet", "[versions][cli]") {
  TempDir tmp;
  std::filesystem::create_directories(tmp.path("v"));
  Result r = run_kadenz(tmp, "check " + sh(tmp.path("v")) + " --lang en");
  CHECK(r.code != 0);
  CHECK_THAT(r.err, Catch::Contains("error[no-versions]: `" + tmp.path("v") + "` holds no policy file (`*.kadenz`)\n  = help: "));
  CHECK_THAT(r.err, !Catch::Contains("-->") && !Catch::Contains("^"));
  tmp.write("v/a.kadenz", "not a policy\n");
  r = run_kadenz(tmp, "check " + sh(tmp.path("v")) + " --lang en");
  CHECK_THAT(r.err, Catch::Contains("error[not-a-policy]: `" + tmp.path("v/a.kadenz") + "` is not a kadenz policy ("));
  CHECK_THAT(r.err, !Catch::Contains("-->") && !Catch::Contains("^"));
}

TEST_CASE("versions cli: a version file name that is not UTF-8 is written with U+FFFD", "[versions][cli]") {
  TempDir tmp;
  std::filesystem::create_directories(tmp.path("v"));
  tmp.write("v/a\xff.kadenz", version_text("2024-01-01"));
  tmp.write("c.csv", "id,n\n1,2\n");
  const Result r = run_kadenz(tmp, "eval " + sh(tmp.path("v")) + " " + sh(tmp.path("c.csv")) + " --as-of 2024-06-30 --lang en");
  REQUIRE(r.code == 0);
  CHECK_THAT(r.err, Catch::Contains("a\xEF\xBF\xBD.kadenz (valid from 2024-01-01, open-ended)"));
  CHECK(r.err.find('\xff') == std::string::npos);
}

TEST_CASE("versions cli: no version in force is exit 2 naming every period", "[versions][cli]") {
  TempDir tmp;
  const Result r = run_kadenz(tmp, "eval " + sh(kFixture) + " " + sh(kFixture + "/caseload.csv") + " --as-of 2024-03-31");
  CHECK(r.code == 2);
  CHECK(r.out.empty());
  CHECK_THAT(r.err, Catch::Contains("Fehler[no-version-in-force]: keine Fassung in"));
  CHECK_THAT(r.err, Catch::Contains("gilt von 2024-04-01 bis 2024-12-31") &&
                        Catch::Contains("gilt ab 2025-01-01, unbefristet"));
  // --force chooses nothing
  CHECK(run_kadenz(tmp, "eval " + sh(kFixture) + " " + sh(kFixture + "/caseload.csv") + " --as-of 2024-03-31 --force")
            .code == 2);
}

TEST_CASE("versions cli: a directory whose periods are not in order is refused", "[versions][cli]") {
  TempDir tmp;
  std::filesystem::create_directories(tmp.path("v"));
  tmp.write("v/a.kadenz", version_text("2024-01-01", "2024-12-31"));
  tmp.write("v/b.kadenz", version_text("2024-07-01"));
  const std::string caseload = tmp.write("c.csv", "id,n\n1,2\n");
  const Result r = run_kadenz(tmp, "eval " + sh(tmp.path("v")) + " " + sh(caseload) + " --as-of 2024-03-01");
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Catch::Contains("error[version-overlap]") &&
                        Catch::Contains("are not in order, so no version is chosen") &&
                        Catch::Contains("kadenz check " + tmp.path("v")));
}

TEST_CASE("versions cli: a version that does not compile fails only when it is the one in force", "[versions][cli]") {
  TempDir tmp;
  std::filesystem::create_directories(tmp.path("v"));
  tmp.write("v/a.kadenz", version_text("2024-01-01"));
  tmp.write("v/b.kadenz", version_text("2025-01-01") + "output broken = nowhere\n");
  const std::string caseload = tmp.write("c.csv", "id,n\n1,2\n");
  Result r = run_kadenz(tmp, "eval " + sh(tmp.path("v")) + " " + sh(caseload) + " --as-of 2024-03-01");
  CHECK(r.code == 0);
  CHECK(r.out == "id,m,rule,source,warnings,error\n1,3,,,,\n");
  r = run_kadenz(tmp, "eval " + sh(tmp.path("v")) + " " + sh(caseload) + " --as-of 2025-03-01");
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Catch::Contains("error[unknown-name]") &&
                        Catch::Contains("the version in force on 2025-03-01, " + tmp.path("v/b.kadenz") +
                                        ", does not compile"));
  // check reports it, exit 2
  r = run_kadenz(tmp, "check " + sh(tmp.path("v")));
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Catch::Contains("error[version-does-not-compile]: the version `" + tmp.path("v/b.kadenz") +
                                    "` does not compile (1 error)"));
}

TEST_CASE("versions cli: check DIR checks each version and the periods, in text and JSON", "[versions][cli]") {
  TempDir tmp;
  Result r = run_kadenz(tmp, "check " + sh(kFixture) + " --lang en");
  CHECK(r.code == 0);
  CHECK_THAT(r.err, Catch::Contains("kadenz: version " + kFixture +
                                    "/kontakt-2024.kadenz (valid from 2024-04-01 to 2024-12-31)"));
  CHECK_THAT(r.err, Catch::Contains("kadenz: version " + kFixture + "/kontakt-2025.kadenz (valid from 2025-01-01, open-ended)"));
  CHECK_THAT(r.err, Catch::Contains(kFixture + ": 2 version(s) and their periods checked: 0 errors, 0 warnings"));

  std::filesystem::create_directories(tmp.path("v"));
  tmp.write("v/a.kadenz", version_text("2024-01-01", "2024-03-31"));
  tmp.write("v/b.kadenz", version_text("2024-06-01"));
  tmp.write("v/c.kadenz", "extends \"a.kadenz\"\npolicy \"C\"\n");  // compiles, with a's period
  r = run_kadenz(tmp, "check " + sh(tmp.path("v")));
  CHECK(r.code == 1);
  CHECK_THAT(r.err, Catch::Contains("error[version-hole]") && Catch::Contains("error[version-without-start]"));
  CHECK_THAT(r.err, Catch::Contains("3 version(s) and their periods checked: 2 errors"));
  r = run_kadenz(tmp, "check " + sh(tmp.path("v")) + " --format json");
  CHECK(r.code == 1);
  const auto doc = nlohmann::json::parse(r.out);
  CHECK(doc["directory"] == tmp.path("v"));
  REQUIRE(doc["versions"].size() == 3);
  CHECK(doc["versions"][0]["valid_from"] == "2024-01-01");
  CHECK(doc["versions"][0]["in_force_until"] == "2024-03-31");
  CHECK(doc["versions"][1]["in_force_until"].is_null());
  CHECK(doc["versions"][2]["valid_from"].is_null());
  CHECK(doc["versions"][0]["check"]["errors"] == 0);
  REQUIRE(doc["periods"]["diagnostics"].size() == 2);
  CHECK(doc["periods"]["diagnostics"][0]["code"] == "version-without-start");
  CHECK(doc["periods"]["diagnostics"][1]["code"] == "version-hole");
  CHECK(doc["errors"] == 2);
  // --witnesses needs one file
  r = run_kadenz(tmp, "check " + sh(tmp.path("v")) + " --witnesses " + sh(tmp.path("w.csv")));
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Catch::Contains("--witnesses takes one policy file"));
}

TEST_CASE("versions cli: whatif DIR@DATE DIR@DATE compares two versions and names both", "[versions][cli]") {
  TempDir tmp;
  const std::string caseload = sh(kFixture + "/caseload.csv");
  Result r = run_kadenz(tmp, "whatif " + sh(kFixture + "@2024-06-30") + " " + sh(kFixture + "@31.03.2025") + " " +
                                 caseload + " --as-of 2025-03-31 --format json");
  REQUIRE(r.code == 0);
  const auto doc = nlohmann::json::parse(r.out);
  CHECK(doc["moved"] == 2);  // both marktnah customers: 3MM -> 2MM
  CHECK(doc["base"]["file"] == kFixture + "/kontakt-2024.kadenz");
  CHECK(doc["base"]["version"]["valid_from"] == "2024-04-01");
  CHECK(doc["base"]["version"]["in_force_until"] == "2024-12-31");
  CHECK(doc["base"]["version"]["chosen_for"] == "2024-06-30");
  CHECK(doc["variant"]["file"] == kFixture + "/kontakt-2025.kadenz");
  CHECK(doc["variant"]["version"]["in_force_until"].is_null());
  CHECK(doc["variant"]["version"]["chosen_for"] == "2025-03-31");
  CHECK_THAT(r.err, Catch::Contains("kadenz: Basis: Fassung " + kFixture + "/kontakt-2024.kadenz") &&
                        Catch::Contains("kadenz: Variante: Fassung " + kFixture + "/kontakt-2025.kadenz"));
  // a plain file on one side, the directory on --as-of on the other; the text report names the version
  r = run_kadenz(tmp, "whatif " + sh(kFixture + "/kontakt-2024.kadenz@2024-06-30") + " " + sh(kFixture) + " " +
                          caseload + " --as-of 2025-03-31 --lang en");
  REQUIRE(r.code == 0);
  CHECK_THAT(r.out, Catch::Contains("2 of 3 records change category"));
  CHECK_THAT(r.out, Catch::Contains("variant: version " + kFixture + "/kontakt-2025.kadenz") &&
                        !Catch::Contains("base: version"));
  // the same version on both sides: nothing moves
  r = run_kadenz(tmp, "whatif " + sh(kFixture) + " " + sh(kFixture + "@2025-01-01") + " " + caseload +
                          " --as-of 2025-03-31 --format json");
  REQUIRE(r.code == 0);
  CHECK(nlohmann::json::parse(r.out)["moved"] == 0);
}

TEST_CASE("versions cli: workload DIR names the version in JSON, a policy file's JSON is unchanged", "[versions][cli]") {
  TempDir tmp;
  const std::string caseload = sh(kFixture + "/caseload.csv");
  Result r = run_kadenz(tmp, "workload " + sh(kFixture) + " " + caseload + " --as-of 2024-06-30 --format json");
  REQUIRE(r.code == 0);
  auto doc = nlohmann::json::parse(r.out);
  CHECK(doc["policy"]["name"] == "Kontakt, Fassung 2024");
  CHECK(doc["policy"]["version"]["directory"] == kFixture);
  CHECK(doc["policy"]["version"]["valid_from"] == "2024-04-01");
  r = run_kadenz(tmp, "workload " + sh(kFixture + "/kontakt-2024.kadenz") + " " + caseload + " --as-of 2024-06-30 --format json");
  REQUIRE(r.code == 0);
  doc = nlohmann::json::parse(r.out);
  CHECK_FALSE(doc["policy"].contains("version"));
  r = run_kadenz(tmp, "workload " + sh(kFixture) + " " + caseload + " --as-of 2025-02-01");
  REQUIRE(r.code == 0);
  CHECK_THAT(r.out, Catch::Contains("Fassung " + kFixture + "/kontakt-2025.kadenz (gültig ab 2025-01-01, unbefristet), "
                                    "in Kraft am 2025-02-01"));
}

TEST_CASE("versions cli: a bad @DATE, and FILE@DATE outside the file's validity, are exit 2", "[versions][cli]") {
  TempDir tmp;
  const std::string caseload = sh(kFixture + "/caseload.csv");
  Result r = run_kadenz(tmp, "eval " + sh(kFixture + "@2024-02-30") + " " + caseload + " --lang en");
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Catch::Contains("`2024-02-30` after `@` is not a date"));
  r = run_kadenz(tmp, "eval " + sh("@2024-01-01") + " " + caseload + " --lang de");
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Catch::Contains("nennt vor `@` kein Verzeichnis und keine Datei"));
  const std::string file = kFixture + "/kontakt-2024.kadenz";
  r = run_kadenz(tmp, "whatif " + sh(file + "@2024-01-01") + " " + sh(kFixture) + " " + caseload + " --as-of 2025-03-31");
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Catch::Contains("der Stichtag 2024-01-01 liegt außerhalb der Gültigkeit"));
  r = run_kadenz(tmp, "whatif " + sh(file + "@2024-01-01") + " " + sh(kFixture) + " " + caseload +
                          " --as-of 2025-03-31 --force");
  CHECK(r.code == 0);
}

TEST_CASE("versions cli: an output that is a version of the directory is refused", "[versions][cli]") {
  TempDir tmp;
  std::filesystem::create_directories(tmp.path("v"));
  tmp.write("v/a.kadenz", version_text("2024-01-01"));
  const std::string before = version_text("2024-01-01");
  const std::string caseload = tmp.write("c.csv", "id,n\n1,2\n");
  const Result r =
      run_kadenz(tmp, "eval " + sh(tmp.path("v")) + " " + sh(caseload) + " --as-of 2024-03-01 -o " + sh(tmp.path("v/a.kadenz")));
  CHECK(r.code == 2);
  CHECK(read_file(tmp.path("v/a.kadenz")) == before);
}
