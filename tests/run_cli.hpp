// Helpers for tests that run the built `kadenz` command: a temporary directory, shell quoting,
// and running the CLI with its exit code, standard output and standard error captured.
#pragma once

#include "support.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <string_view>

namespace kadenz::test {

// A fresh directory under the system's temp directory, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    const std::string name = "kadenz-cli-test-" + std::to_string(::getpid()) + "-" + std::to_string(rd()) + "-" +
                             std::to_string(rd());
    path_ = std::filesystem::temp_directory_path() / name;
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::string path(const std::string& name) const { return (path_ / name).string(); }

  // Writes `text` to `name` in the directory and returns its path.
  std::string write(const std::string& name, const std::string& text) const {
    const std::string p = path(name);
    std::ofstream out(p, std::ios::binary);
    out << text;
    return p;
  }

 private:
  std::filesystem::path path_;
};


// The two policies of a what-if test in a fresh directory: the shipped Coburg policy as
// coburg.kadenz and a variant that extends it (by default kMarktnahMonthly) as variant.kadenz.
struct WhatifFiles {
  TempDir dir;
  std::string base, variant;
  explicit WhatifFiles(const std::string& variant_text = kMarktnahMonthly)
      : base(dir.write("coburg.kadenz", read_file(source_path("policies/coburg-land-2017.kadenz")))),
        variant(dir.write("variant.kadenz", variant_text)) {}
};

// Single-quotes a word for /bin/sh.
inline std::string sh(const std::string& word) {
  std::string q = "'";
  for (char c : word) {
    if (c == '\'') {
      q += "'\\''";
    } else {
      q += c;
    }
  }
  return q + "'";
}

struct Result {
  int code = -1;
  std::string out, err;
};

// Runs `kadenz <args>` (args already quoted) with standard input from `input` (or /dev/null)
// and standard output to `stdout_to` (or a capture file).
inline Result run_kadenz(const TempDir& dir, const std::string& args, const std::string& input = "/dev/null",
              const std::string& stdout_to = "") {
  const std::string out = dir.path("stdout.txt");
  const std::string err = dir.path("stderr.txt");
  const std::string cmd = sh(KADENZ_CLI) + " " + args + " <" + sh(input) + " >" +
                          sh(stdout_to.empty() ? out : stdout_to) + " 2>" + sh(err);
  const int status = std::system(cmd.c_str());
  Result r;
  r.code = (status != -1 && WIFEXITED(status)) ? WEXITSTATUS(status) : -1;
  r.out = stdout_to.empty() ? read_file(out) : std::string();
  r.err = read_file(err);
  return r;
}

inline bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

}  // namespace kadenz::test
