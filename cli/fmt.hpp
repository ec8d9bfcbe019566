// `kadenz fmt`: the canonical layout of a policy, optionally with its keywords translated.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

namespace kadenz::cli {

struct FmtArgs {
  std::string policy, lang, output;
  bool check = false, in_place = false;
};

// Adds the `fmt` subcommand with its options to `app`, filling `a`.
CLI::App* add_fmt_command(CLI::App& app, FmtArgs& a);

// Runs `kadenz fmt`: 0 when done (or, with --check, when the file is already formatted), 1 when
// --check finds a difference or the policy has syntax errors (nothing written), 2 when a file
// cannot be read or written.
int run_fmt(const FmtArgs& a);

}  // namespace kadenz::cli
