// Tests that a policy path naming no regular file (a device, a FIFO, a directory) is refused at
// once, and that a regular file is read only up to the size cap (interpreter/extend/load.cpp).
#include "interpreter/extend/load.hpp"
#include "grammar/limits.hpp"

#include "run_cli.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <optional>
#include <string>

namespace kadenz {
namespace {

// `kadenz ARGS` with a time limit: a command that blocks (a FIFO opened for reading) is killed
// after 20 seconds and shows as exit code 124 instead of hanging the suite.
test::Result run_bounded(const test::TempDir& dir, const std::string& args) {
  const std::string out = dir.path("stdout.txt");
  const std::string err = dir.path("stderr.txt");
  const std::string cmd = "timeout 20 " + test::sh(KADENZ_CLI) + " " + args + " </dev/null >" + test::sh(out) +
                          " 2>" + test::sh(err);
  const int status = std::system(cmd.c_str());
  test::Result r;
  r.code = (status != -1 && WIFEXITED(status)) ? WEXITSTATUS(status) : -1;
  r.out = test::read_file(out);
  r.err = test::read_file(err);
  return r;
}

}  // namespace

TEST_CASE("policy files: /dev/zero as the policy is refused before reading", "[limits][io]") {
  test::TempDir dir;
  const test::Result r = run_bounded(dir, "check /dev/zero");
  CHECK(r.code == 2);
  CHECK(test::contains(r.err, "cannot read the policy file: it is not a regular file but a character device"));
  std::string why;
  CHECK_FALSE(detail::read_policy_file("/dev/zero", why).has_value());
  CHECK(why == "it is not a regular file but a character device; give the path of a .kadenz file");
}

TEST_CASE("policy files: extends of /dev/zero, a FIFO or a directory is refused without blocking", "[limits][io]") {
  test::TempDir dir;
  const std::string fifo = dir.path("base.fifo");
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  REQUIRE(::mkdir(dir.path("folder").c_str(), 0700) == 0);
  // `extends` takes no absolute path (see test_extends_access.cpp): the device is reached by a link
  REQUIRE(::symlink("/dev/zero", dir.path("zero.kadenz").c_str()) == 0);
  const struct {
    const char* target;
    const char* why;
  } cases[] = {
      {"zero.kadenz", "it is not a regular file but a character device"},
      {"/dev/zero", "an absolute path is not allowed"},
      {"base.fifo", "it is not a regular file but a pipe (FIFO)"},
      {"folder", "Is a directory"},
  };
  for (const auto& c : cases) {
    INFO(c.target);
    const std::string variant = dir.write("variant.kadenz", std::string("extends \"") + c.target + "\"\npolicy \"v\"\n");
    const test::Result r = run_bounded(dir, "check " + test::sh(variant));
    CHECK(r.code == 2);
    CHECK(test::contains(r.err, "cannot read the base policy"));
    CHECK(test::contains(r.err, c.why));
  }
}

TEST_CASE("policy files: a regular file is read only up to kMaxPolicyBytes + 1", "[limits][io]") {
  test::TempDir dir;
  // A sparse file of 1 GiB: reading it whole would take a gigabyte.
  const std::string big = dir.path("big.kadenz");
  test::write_file(big, "");
  REQUIRE(::truncate(big.c_str(), off_t{1} << 30) == 0);
  std::string why;
  const auto text = detail::read_policy_file(big, why);
  REQUIRE(text.has_value());
  CHECK(text->size() == detail::kMaxPolicyBytes + 1);
  const test::Result r = run_bounded(dir, "check " + test::sh(big));
  CHECK(r.code == 2);
  CHECK(test::contains(r.err, "policy file is larger than 4194304 bytes"));
  // Files within the cap are read whole, an empty one too.
  const std::string small = dir.write("small.kadenz", "policy \"x\"\n");
  CHECK(detail::read_policy_file(small, why) == std::optional<std::string>("policy \"x\"\n"));
  const std::string empty = dir.write("empty.kadenz", "");
  CHECK(detail::read_policy_file(empty, why) == std::optional<std::string>(""));
  CHECK_FALSE(detail::read_policy_file(dir.path("missing.kadenz"), why).has_value());
  CHECK(why == "No such file or directory");
}

}  // namespace kadenz
