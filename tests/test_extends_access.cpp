// `extends` under the host's control: the resolvers (files relative to the policy, confined to
// a directory, no file access, a host's own), and no byte of a file that is not a policy in any
// message, text or JSON, through the API or the CLI.
#include "run_cli.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <string>

using namespace kadenz;
using namespace kadenz::test;

namespace {

constexpr const char* kToken = "SECRET-TOKEN-123";

// Everything a compile can show: the diagnostics as text and as JSON.
std::string shown(const Compiled& c) { return render_text(*c.source, c.diagnostics) + render_json(*c.source, c.diagnostics); }

// A directory with the shipped policy as coburg.kadenz and secret-looking files that are not
// policies: a passwd-like line, one after comment lines, binary bytes, Windows-1252 text.
struct SecretDir {
  TempDir dir;
  SecretDir() {
    dir.write("coburg.kadenz", read_file(source_path("policies/coburg-land-2017.kadenz")));
    dir.write("passwd", std::string("root:x:") + kToken + ":0:root:/root:/bin/bash\npolicy \"" + kToken + "\"\n");
    dir.write("commented", std::string("# a comment\n\n") + kToken + " = 1\n");
    dir.write("binary", std::string("\x7f" "ELF\x02\x01\x01\0\0", 9) + kToken);
    dir.write("latin1", std::string("# Gr\xfc\xdf" "e\n") + kToken + "\n");
  }
};

}  // namespace

TEST_CASE("extends: a file that is not a policy is refused without any of its content", "[extends][privacy]") {
  SecretDir s;
  for (const char* file : {"passwd", "commented", "binary", "latin1"}) {
    INFO(file);
    const std::string variant = std::string("extends \"") + file + "\"\npolicy \"v\"\n";
    // from a policy file, and from text compiled through the API under a name in that directory
    for (const Compiled& c : {compile_policy_file(s.dir.write("variant.kadenz", variant)),
                              compile_policy(s.dir.path("variant.kadenz"), variant)}) {
      REQUIRE_FALSE(c.ok());
      const std::string out = shown(c);
      CHECK_THAT(out, Catch::Contains("error[not-a-policy]") && Catch::Contains("is not a kadenz policy ("));
      CHECK_THAT(out, !Catch::Contains(kToken) && !Catch::Contains("root:x"));
      CHECK(c.source->included.empty());  // its text is not kept where a span could reach it
    }
  }
  const Compiled binary = compile_policy_file(s.dir.write("variant.kadenz", "extends \"binary\"\n"));
  CHECK_THAT(shown(binary), Catch::Contains("(it is a binary file or not UTF-8 text)"));
  const Compiled plain = compile_policy_file(s.dir.write("variant.kadenz", "extends \"passwd\"\n"));
  CHECK_THAT(shown(plain), Catch::Contains("(it does not start with `policy` or `extends`)"));
}

TEST_CASE("extends: the CLI shows no byte of a base that is not a policy, in text or JSON", "[extends][privacy][cli]") {
  SecretDir s;
  const std::string variant = s.dir.write("variant.kadenz", "extends \"passwd\"\npolicy \"v\"\n");
  for (const std::string& args : {"check " + sh(variant), "check --format json " + sh(variant),
                                 "eval " + sh(variant) + " " + sh(source_path("examples/caseload.csv")),
                                 "dump " + sh(variant) + " --stage merged"}) {
    INFO(args);
    const Result r = run_kadenz(s.dir, args);
    CHECK(r.code == 2);
    CHECK_THAT(r.out + r.err, Catch::Contains("is not a kadenz policy") && !Catch::Contains(kToken));
  }
}

TEST_CASE("extends: the default resolver allows `..` but no absolute path", "[extends]") {
  SecretDir s;
  std::filesystem::create_directories(s.dir.path("variants"));
  const Compiled up = compile_policy_file(s.dir.write("variants/v.kadenz", "extends \"../coburg.kadenz\"\n"));
  INFO(shown(up));
  CHECK(up.ok());
  const Compiled absolute = compile_policy("v.kadenz", "extends \"" + s.dir.path("passwd") + "\"\n");
  CHECK_THAT(shown(absolute), Catch::Contains("an absolute path is not allowed") && !Catch::Contains(kToken));
  const Compiled etc = compile_policy("v.kadenz", "extends \"/etc/passwd\"\n");
  CHECK_THAT(shown(etc), Catch::Contains("an absolute path is not allowed") && !Catch::Contains("root:"));
}

TEST_CASE("extends: files_under confines the bases to a directory, also through links", "[extends]") {
  SecretDir s;
  std::filesystem::create_directories(s.dir.path("root/sub"));
  s.dir.write("root/base.kadenz", read_file(source_path("policies/coburg-land-2017.kadenz")));
  s.dir.write("root/sub/mid.kadenz", "extends \"../base.kadenz\"\n");
  CompileOptions o;
  o.resolve_extends = files_under(s.dir.path("root"));
  // inside: relative to the file that names it; text under a name outside: relative to the root
  const Compiled inside = compile_policy(s.dir.path("root/sub/v.kadenz"), "extends \"mid.kadenz\"\n", o);
  INFO(shown(inside));
  CHECK(inside.ok());
  const Compiled text = compile_policy("<string>", "extends \"sub/mid.kadenz\"\n", o);
  INFO(shown(text));
  CHECK(text.ok());
  const Compiled escape = compile_policy(s.dir.path("root/v.kadenz"), "extends \"../coburg.kadenz\"\n", o);
  CHECK_THAT(shown(escape), Catch::Contains("lies outside the directory this compile may read"));
  std::filesystem::create_symlink(s.dir.path("passwd"), s.dir.path("root/link.kadenz"));
  const Compiled link = compile_policy(s.dir.path("root/v.kadenz"), "extends \"link.kadenz\"\n", o);
  CHECK_THAT(shown(link), Catch::Contains("lies outside the directory") && !Catch::Contains(kToken));
}

TEST_CASE("extends: no_file_access refuses every base; a host's resolver supplies them by name", "[extends]") {
  CompileOptions none;
  none.resolve_extends = no_file_access();
  const Compiled refused = compile_policy("<string>", "extends \"coburg.kadenz\"\n", none);
  CHECK_THAT(shown(refused), Catch::Contains("cannot read the base policy `coburg.kadenz`: this compile has no file access"));

  std::map<std::string, std::string> store{
      {"coburg", read_file(source_path("policies/coburg-land-2017.kadenz"))},
      {"loop-a", "extends \"loop-b\"\n"},
      {"loop-b", "extends \"loop-a\"\n"},
      {"broken", "policy \"b\"\n  valid from 2017-01-01\nfacts\n  x: nosuchtype\nend\n"},
      {"secret", std::string("user=") + kToken + "\n"}};
  std::vector<std::string> asked;
  CompileOptions host;
  host.resolve_extends = [&](std::string_view from, std::string_view name) {
    asked.push_back(std::string(from) + " -> " + std::string(name));
    ResolvedPolicy r;
    const auto it = store.find(std::string(name));
    if (it == store.end()) {
      r.error = "no such policy in the store";
      return r;
    }
    r.name = "store:" + it->first;
    r.text = it->second;
    return r;
  };
  const Compiled ok = compile_policy("mine", "extends \"coburg\"\npolicy \"v\"\n", host);
  INFO(shown(ok));
  CHECK(ok.ok());
  CHECK(asked == std::vector<std::string>{"mine -> coburg"});
  CHECK_THAT(shown(compile_policy("mine", "extends \"loop-a\"\n", host)), Catch::Contains("error[extends-cycle]"));
  const std::string broken = shown(compile_policy("mine", "extends \"broken\"\n", host));
  CHECK_THAT(broken, Catch::Contains("--> store:broken:4:6"));  // a base's mistakes under its display name
  CHECK_THAT(shown(compile_policy("mine", "extends \"gone\"\n", host)), Catch::Contains("no such policy in the store"));
  CHECK_THAT(shown(compile_policy("mine", "extends \"secret\"\n", host)),
             Catch::Contains("`store:secret` is not a kadenz policy") && !Catch::Contains(kToken));
}
