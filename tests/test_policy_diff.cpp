// What a variant changes (interpreter/report/policy_diff.hpp) and the run's facts: SHA-256 against
// the FIPS 180-4 examples, the differences of the shipped policy and its example variants
// (expected by reading the two files), and the host API filling them.
#include "run_cli.hpp"
#include "support.hpp"

#include "interpreter/report/policy_diff.hpp"
#include "stdlib/sha256.hpp"

#include <kadenz/caseload.hpp>
#include <kadenz/version.hpp>

#include <catch2/catch.hpp>

#include <cstdlib>
#include <ctime>
#include <regex>

using namespace kadenz;
using namespace kadenz::test;
namespace d = kadenz::detail;

namespace {

std::shared_ptr<const d::Program> compile_ok(const std::string& path, const CompileOptions& options = {}) {
  const Compiled c = compile_policy_file(path, options);
  INFO(render_text(*c.source, c.diagnostics));
  REQUIRE(c.ok());
  return d::program_of(c);
}

std::string listed(const std::vector<d::WhatIfReport::Difference>& ds) {
  std::string s;
  for (const auto& x : ds) s += x.kind + " | " + x.name + " | " + x.section + " | " + x.before + " | " + x.after + "\n";
  return s;
}

}  // namespace

TEST_CASE("sha256: the FIPS 180-4 examples and the padding's edges", "[policy_diff]") {
  CHECK(d::sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(d::sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(d::sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(d::sha256_hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrs"
                      "mnopqrstnopqrstu") == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
  CHECK(d::sha256_hex(std::string(1000000, 'a')) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  // 55 bytes: the length fits the last block; 56: it needs one more; 64: a whole block of message
  // (values from Python's hashlib)
  CHECK(d::sha256_hex(std::string(55, 'x')) == "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072");
  CHECK(d::sha256_hex(std::string(56, 'x')) == "04c26261370ee7541549d16dee320c723e3fd14671e66a099afe0a377c16888e");
  CHECK(d::sha256_hex(std::string(63, 'x')) == "75220b47218278e656f2013bb8f0c455a25eaf01e86c64924e9d48d89776d6f2");
  CHECK(d::sha256_hex(std::string(64, 'x')) == "7ce100971f64e7001e8fe5a51973ecdfe1ced42befe7ee8d5fd6219506b5393c");
  CHECK(d::sha256_hex(std::string(119, 'x')) == "000b48d4edf0fa7bee3c6236ecd2785baa5db4eeb8bb54341b029e0d9fa5fb0c");
  CHECK(d::sha256_hex(std::string(120, 'x')) == "13f05a0b594787f5ecd315edc96141bd3243203d1b7d4f0836f37308b276ba98");
}

TEST_CASE("policy_diff: a policy against itself differs in nothing", "[policy_diff]") {
  const auto p = compile_ok(source_path("policies/coburg-land-2017.kadenz"));
  const auto q = compile_ok(source_path("policies/coburg-land-2017.kadenz"));
  CHECK(listed(d::policy_differences(*p, *q)).empty());
}

TEST_CASE("policy_diff: a replaced rule names its table, rule and §", "[policy_diff]") {
  // The variant (kMarktnahMonthly) renames the policy and replaces rule marktnah (§2.2.2) of
  // base_interval: same condition (written with English keywords), `then 1 month` for `dann 2 Monate`.
  WhatifFiles f;
  const auto base = compile_ok(f.base);
  const auto variant = compile_ok(f.variant);
  const auto ds = d::policy_differences(*base, *variant);
  INFO(listed(ds));
  REQUIRE(ds.size() == 2);
  CHECK(ds[0].kind == "header");
  CHECK(ds[0].name == "policy");
  CHECK(ds[0].before == "Jobcenter Coburg Land: Kontaktdichte");
  CHECK(ds[0].after == "Variante: marktnah monatlich");
  CHECK(ds[1].kind == "rule");
  CHECK(ds[1].name == "base_interval.marktnah");
  CHECK(ds[1].section == "§2.2.2");
  CHECK(ds[1].before == "wenn nicht u25 und status = arbeitslos und profile = marktnah dann 2 Monate");
  CHECK(ds[1].after == "wenn not u25 and status = arbeitslos and profile = marktnah dann 1 month");
}

TEST_CASE("policy_diff: parameters by value", "[policy_diff]") {
  // prep_minutes 10 -> 15 minutes (a new value) and the policy renamed: two differences.
  WhatifFiles f(R"(extends "coburg.kadenz"
policy "P2"
parameters
  prep_minutes = 15 minutes
end
)");
  const auto base = compile_ok(f.base);
  const auto variant = compile_ok(f.variant);
  const auto ds = d::policy_differences(*base, *variant);
  INFO(listed(ds));
  REQUIRE(ds.size() == 2);
  CHECK(ds[1].kind == "parameter");
  CHECK(ds[1].name == "prep_minutes");
  CHECK(ds[1].before == "10 Minuten");
  CHECK(ds[1].after == "15 minutes");
  // the same value written otherwise (`10` for `10 Minuten`): no difference
  CompileOptions same;
  same.set = {{"prep_minutes", "10"}};
  CHECK(listed(d::policy_differences(*base, *compile_ok(f.base, same))).empty());
  // --set: the value as given
  CompileOptions set;
  set.set = {{"prep_minutes", "20"}};
  const auto swept = compile_ok(f.base, set);
  const auto ss = d::policy_differences(*base, *swept);
  INFO(listed(ss));
  REQUIRE(ss.size() == 1);
  CHECK(ss[0].kind == "parameter");
  CHECK(ss[0].name == "prep_minutes");
  CHECK(ss[0].before == "10 Minuten");
  CHECK(ss[0].after == "20");
}

TEST_CASE("policy_diff: the run's time, version and the root files' hashes", "[policy_diff]") {
  const char* old_tz = std::getenv("TZ");
  const std::string saved = old_tz != nullptr ? old_tz : "";
  setenv("TZ", "UTC", 1);
  tzset();
  CHECK(d::iso_local_time(0) == "1970-01-01T00:00:00+00:00");
  setenv("TZ", "CET-1CEST,M3.5.0,M10.5.0/3", 1);
  tzset();
  CHECK(d::iso_local_time(1488326400) == "2017-03-01T01:00:00+01:00");  // 2017-03-01 00:00 UTC
  CHECK(d::iso_local_time(1498867200) == "2017-07-01T02:00:00+02:00");  // summer time
  if (old_tz != nullptr) setenv("TZ", saved.c_str(), 1);
  else unsetenv("TZ");
  tzset();

  WhatifFiles f;
  const Compiled base = compile_policy_file(f.base);
  const Compiled variant = compile_policy_file(f.variant);
  REQUIRE(base.ok());
  REQUIRE(variant.ok());
  const d::WhatIfReport::RunInfo run = d::run_info(*d::program_of(base), *d::program_of(variant));
  CHECK(run.kadenz_version == KADENZ_VERSION_STRING);
  CHECK(run.base_sha256 == d::sha256_hex(read_file(f.base)));
  CHECK(run.variant_sha256 == d::sha256_hex(kMarktnahMonthly));
  CHECK(std::regex_match(run.generated_at, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d)")));
}
