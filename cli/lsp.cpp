// `kadenz lsp`: hands standard input and output to the language server of interpreter/lsp/. The
// server writes nothing but protocol messages to standard output; standard error stays unused.
#include "cli/lsp.hpp"

#include "cli/compile_options.hpp"
#include "cli/versions.hpp"
#include "interpreter/lsp/server.hpp"
#include "stdlib/catalogue.hpp"

#include <csignal>
#include <cstdio>

namespace kadenz::cli {

CLI::App* add_lsp_command(CLI::App& app, LspArgs& a) {
  auto* cmd = app.add_subcommand("lsp", "Run the language server for editors (LSP on standard input/output)");
  add_lang_option(cmd, a.lang);
  return cmd;
}

int run_lsp(const LspArgs& a) {
  // An editor that quits without `exit` closes the pipe: a failed write ends the server (exit 1)
  // instead of a signal.
  std::signal(SIGPIPE, SIG_IGN);
  detail::lsp::ServerOptions options;
  options.lang = detail::parse_lang(a.lang);
  options.today = today();
  std::fflush(stdout);
  return detail::lsp::serve(fileno(stdin), fileno(stdout), options);
}

}  // namespace kadenz::cli
