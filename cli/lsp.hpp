// `kadenz lsp`: the language server on standard input and output (docs/editor.md).
#pragma once

#include <CLI/CLI.hpp>

#include <string>

namespace kadenz::cli {

struct LspArgs {
  std::string lang;
};

// Adds the `lsp` subcommand with its options to `app`, filling `a`.
CLI::App* add_lsp_command(CLI::App& app, LspArgs& a);

// Serves one editor on standard input/output until it says `exit`: 0 after `shutdown` and
// `exit`, 1 if the editor went away without them (LSP's convention).
int run_lsp(const LspArgs& a);

}  // namespace kadenz::cli
