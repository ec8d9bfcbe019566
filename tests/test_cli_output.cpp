// Tests of how the `kadenz` command writes: an output that is one of the inputs is refused before
// anything is read, a failed run leaves an existing file as it was (outputs are replaced only when
// complete), and every failed write, also to standard output or standard error, is exit 2.
#include "run_cli.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace {

namespace fs = std::filesystem;
using namespace kadenz::test;

constexpr const char* kAsOf = " --as-of 2017-03-01";

// The shipped policy and example caseload, copied into `dir`.
struct EvalFiles {
  TempDir dir;
  std::string policy = dir.write("coburg.kadenz", read_file(source_path("policies/coburg-land-2017.kadenz")));
  std::string caseload_text = read_file(source_path("examples/caseload.csv"));
  std::string caseload = dir.write("caseload.csv", caseload_text);
};

// Runs `sh -c SCRIPT` and returns the exit status (-1 for a death by signal, so an abort is
// never mistaken for an exit code).
int run_sh(const std::string& script) {
  const int status = std::system(script.c_str());
  return (status != -1 && WIFEXITED(status)) ? WEXITSTATUS(status) : -1;
}

// The names in a directory, for checking that no temporary file is left behind.
std::size_t entries_in(const std::string& dir) {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++n;
  return n;
}

}  // namespace

TEST_CASE("cli output: eval -o onto the caseload is refused and the caseload stays as it was", "[cli]") {
  EvalFiles f;
  const std::string eval = "eval " + sh(f.policy) + " " + sh(f.caseload) + kAsOf + " -o ";
  const Result same = run_kadenz(f.dir, eval + sh(f.caseload));
  CHECK(same.code == 2);
  CHECK(contains(same.err, "is the caseload"));
  CHECK(read_file(f.caseload) == f.caseload_text);
  SECTION("through a symbolic link") {
    fs::create_symlink(f.caseload, f.dir.path("link.csv"));
    const Result r = run_kadenz(f.dir, eval + sh(f.dir.path("link.csv")));
    CHECK(r.code == 2);
    CHECK(contains(r.err, "is the caseload"));
    CHECK(read_file(f.caseload) == f.caseload_text);
  }
  SECTION("through a hard link") {
    fs::create_hard_link(f.caseload, f.dir.path("hard.csv"));
    const Result r = run_kadenz(f.dir, eval + sh(f.dir.path("hard.csv")));
    CHECK(r.code == 2);
    CHECK(read_file(f.caseload) == f.caseload_text);
  }
  SECTION("the caseload on standard input") {
    const Result r = run_kadenz(f.dir, "eval " + sh(f.policy) + " -" + kAsOf + " -o " + sh(f.caseload), f.caseload);
    CHECK(r.code == 2);
    CHECK(contains(r.err, "(standard input)"));
    CHECK(read_file(f.caseload) == f.caseload_text);
  }
}

TEST_CASE("cli output: -o onto the policy or a base it extends is refused", "[cli]") {
  WhatifFiles w;
  const std::string base_text = read_file(w.base), variant_text = read_file(w.variant);
  const auto caseload = w.dir.write("caseload.csv", read_file(source_path("examples/caseload.csv")));
  const Result onto_policy = run_kadenz(w.dir, "eval " + sh(w.base) + " " + sh(caseload) + kAsOf + " -o " + sh(w.base));
  CHECK(onto_policy.code == 2);
  CHECK(contains(onto_policy.err, "is the policy"));
  const Result onto_base =
      run_kadenz(w.dir, "eval " + sh(w.variant) + " " + sh(caseload) + kAsOf + " -o " + sh(w.base));
  CHECK(onto_base.code == 2);
  CHECK(contains(onto_base.err, "is the base policy"));
  const Result workload =
      run_kadenz(w.dir, "workload " + sh(w.variant) + " " + sh(caseload) + kAsOf + " -o " + sh(w.base));
  CHECK(workload.code == 2);
  CHECK(read_file(w.base) == base_text);
  CHECK(read_file(w.variant) == variant_text);
}

TEST_CASE("cli output: --changes and --witnesses onto an input are refused", "[cli]") {
  WhatifFiles w;
  const std::string base_text = read_file(w.base), variant_text = read_file(w.variant);
  const auto caseload = w.dir.write("caseload.csv", read_file(source_path("examples/caseload.csv")));
  const std::string whatif = "whatif " + sh(w.base) + " " + sh(w.variant) + " " + sh(caseload) + kAsOf;
  for (const auto& target : {w.base, w.variant, caseload}) {
    const Result r = run_kadenz(w.dir, whatif + " --changes " + sh(target));
    CHECK(r.code == 2);
    CHECK(contains(r.err, "writing it would destroy the input"));
  }
  CHECK(read_file(caseload) == read_file(source_path("examples/caseload.csv")));
  const Result both = run_kadenz(w.dir, whatif + " --changes " + sh(w.dir.path("x.csv")) + " -o " + sh(w.dir.path("x.csv")));
  CHECK(both.code == 2);
  CHECK(contains(both.err, "are the same file"));
  const Result stdout_twice = run_kadenz(w.dir, whatif + " --changes -");
  CHECK(stdout_twice.code == 2);
  CHECK(contains(stdout_twice.err, "both go to standard output"));
  const Result witnesses = run_kadenz(w.dir, "check " + sh(w.variant) + " --witnesses " + sh(w.base));
  CHECK(witnesses.code == 2);
  CHECK(contains(witnesses.err, "--witnesses"));
  CHECK(read_file(w.base) == base_text);
  CHECK(read_file(w.variant) == variant_text);
}

// A run that fails after it started writing (here: a file size limit of 2 KB, below the 8 KB the
// example caseload's output needs) leaves the previous file whole and no temporary file behind.
TEST_CASE("cli output: a run that fails while writing leaves the existing output unchanged", "[cli]") {
  EvalFiles f;
  const std::string out = f.dir.write("out.csv", "previous content\n");
  const std::size_t before = entries_in(f.dir.path(""));
  const std::string kadenz = sh(KADENZ_CLI);
  const std::string quiet = " 2>" + sh(f.dir.path("err.txt"));
  const int code = run_sh("ulimit -f 4; exec " + kadenz + " eval " + sh(f.policy) + " " + sh(f.caseload) + kAsOf +
                          " -o " + sh(out) + quiet);
  CHECK(code == 2);
  CHECK(read_file(out) == "previous content\n");
  CHECK(entries_in(f.dir.path("")) == before + 1);  // only err.txt is new
  SECTION("whatif: neither the report nor the changes file is replaced") {
    WhatifFiles w;
    const auto caseload = w.dir.write("caseload.csv", read_file(source_path("examples/caseload.csv")));
    const auto report = w.dir.write("report.html", "old report\n");
    const auto changes = w.dir.write("changes.csv", "old changes\n");
    const int whatif = run_sh("ulimit -f 4; exec " + kadenz + " whatif " + sh(w.base) + " " + sh(w.variant) + " " +
                              sh(caseload) + kAsOf + " --format html -o " + sh(report) + " --changes " +
                              sh(changes) + quiet);
    CHECK(whatif == 2);
    CHECK(read_file(report) == "old report\n");
    CHECK(read_file(changes) == "old changes\n");
  }
  SECTION("a successful run replaces the file and keeps its permissions") {
    ::chmod(out.c_str(), 0640);
    const Result to_stdout = run_kadenz(f.dir, "eval " + sh(f.policy) + " " + sh(f.caseload) + kAsOf);
    CHECK(to_stdout.code == 1);  // the example caseload has broken rows on purpose
    CHECK(contains(to_stdout.out, "K0137,"));
    const Result r = run_kadenz(f.dir, "eval " + sh(f.policy) + " " + sh(f.caseload) + kAsOf + " -o " + sh(out));
    CHECK(r.code == 1);
    CHECK(read_file(out) == to_stdout.out);
    struct stat st {};
    REQUIRE(::stat(out.c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == 0640);
    CHECK(entries_in(f.dir.path("")) == before + 3);  // err.txt, stdout.txt and stderr.txt
  }
  SECTION("a new file honours the umask; through a link the linked file is replaced") {
    const int made = run_sh("umask 077; exec " + kadenz + " eval " + sh(f.policy) + " " + sh(f.caseload) + kAsOf +
                            " -o " + sh(f.dir.path("new.csv")) + quiet);
    CHECK(made == 1);
    struct stat st {};
    REQUIRE(::stat(f.dir.path("new.csv").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    fs::create_symlink(out, f.dir.path("link.csv"));
    CHECK(run_kadenz(f.dir, "eval " + sh(f.policy) + " " + sh(f.caseload) + kAsOf + " -o " + sh(f.dir.path("link.csv")))
              .code == 1);
    CHECK(fs::is_symlink(f.dir.path("link.csv")));
    CHECK(read_file(out) == read_file(f.dir.path("new.csv")));
    // a dangling link (relative, to a file not there yet): the file appears where it points
    fs::create_symlink("later.csv", f.dir.path("dangling.csv"));
    CHECK(run_kadenz(f.dir, "eval " + sh(f.policy) + " " + sh(f.caseload) + kAsOf + " -o " +
                                sh(f.dir.path("dangling.csv")))
              .code == 1);
    CHECK(fs::is_symlink(f.dir.path("dangling.csv")));
    CHECK(read_file(f.dir.path("later.csv")) == read_file(f.dir.path("new.csv")));
  }
}

TEST_CASE("cli output: a standard output that cannot be written is exit 2 for every command", "[cli]") {
  if (!fs::exists("/dev/full")) return;
  EvalFiles f;
  const std::vector<std::string> commands{
      "check " + sh(f.policy) + " --format json",
      "check " + sh(f.dir.path("missing.kadenz")) + " --format json",
      "dump " + sh(f.policy),
      "eval " + sh(f.policy) + " " + sh(f.caseload) + kAsOf,
      "workload " + sh(f.policy) + " " + sh(f.caseload) + kAsOf,
      "--help",
      "--version",
  };
  for (const auto& args : commands) {
    const Result r = run_kadenz(f.dir, args, "/dev/null", "/dev/full");
    INFO(args << "\n" << r.err);
    CHECK(r.code == 2);
    CHECK(contains(r.err, "cannot write"));
  }
}

// fmt::print threw when standard error was full, and printing that error again aborted (134).
TEST_CASE("cli output: a standard error that cannot be written is exit 2, never an abort", "[cli]") {
  if (!fs::exists("/dev/full")) return;
  EvalFiles f;
  const std::vector<std::string> commands{
      "check " + sh(f.policy),
      "check " + sh(f.dir.path("missing.kadenz")),
      "eval " + sh(f.policy) + " " + sh(f.caseload) + kAsOf + " -o " + sh(f.dir.path("out.csv")),
      "eval " + sh(f.policy) + " " + sh(f.caseload) + kAsOf + " -o " + sh(f.caseload),
      "dump " + sh(f.policy) + " --stage nonsense",
      "no-such-command",
  };
  for (const auto& args : commands) {
    INFO(args);
    CHECK(run_sh(sh(KADENZ_CLI) + " " + args + " </dev/null >/dev/null 2>/dev/full") == 2);
  }
  // Exit 2 writes nothing: the run's summary could not be printed, so out.csv was not made.
  CHECK_FALSE(fs::exists(f.dir.path("out.csv")));
  CHECK(read_file(f.caseload) == f.caseload_text);
}
