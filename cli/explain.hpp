// `kadenz explain`: the trace of one customer (every rule, check and output, and why).
#pragma once

#include "interpreter/compile/program.hpp"

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kadenz::cli {

struct ExplainArgs {
  std::string policy, caseload, id, as_of, format = "text", encoding = "auto", lang;
  std::optional<std::string> facts;
  std::vector<std::string> set;
  bool force = false;
};

// Adds the `explain` subcommand with its options to `app`, filling `a`.
CLI::App* add_explain_command(CLI::App& app, ExplainArgs& a);

// Runs `kadenz explain`: 0 when the customer is decided, 1 when not (a cell, a check or a table
// failed: the trace says where), 2 when the policy does not compile, the arguments are wrong, the
// --facts cannot be parsed, or the id is not in the caseload or is in it twice.
int run_explain(const ExplainArgs& a);

// Reads --facts "NAME=VALUE;NAME=VALUE" into one cell per fact of `p` (in fact order; a fact not
// given is an empty cell, read like an empty caseload cell). NAME is the fact's caseload column
// or its name.
// False with a message (in p's voice) for a piece without `=`, an unknown or a repeated name.
bool parse_facts(const detail::Program& p, std::string_view facts, std::vector<std::string>& cells, std::string& error);

}  // namespace kadenz::cli
