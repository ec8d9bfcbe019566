// Language server: `kadenz lsp`, the Language Server Protocol over a pair of file descriptors.
// The server holds the open documents and answers initialize, shutdown/exit, didOpen/didChange/
// didClose (full or ranged changes), hover, definition, references, completion, documentSymbol,
// formatting and codeAction, and publishes each document's diagnostics. It prints nothing else:
// what it writes goes to the descriptor the caller gives it. Not thread-safe (one per connection).
#pragma once

#include <kadenz/diagnostic.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kadenz::detail::lsp {

// Documents open at once (didOpen without didClose). Each holds up to kMaxPolicyBytes of text and
// its analysis; an editor opens a handful of policies, and beyond this a client that never closes
// would grow the server without bound. A document opened past the limit is not kept: it gets one
// `limit` diagnostic. Tests: tests/test_lsp.cpp ("limits").
inline constexpr std::size_t kMaxOpenDocuments = 64;

struct ServerOptions {
  std::optional<Lang> lang;     // the messages' language; unset: each policy's keyword language
  std::int32_t today = 0;       // the analysis date of a policy without `valid from` (a day number)
};

class Server {
 public:
  explicit Server(ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Answers one message (a JSON-RPC body) and appends what to send back — the response of a
  // request, notifications — to `out`. A changed document is analysed and its diagnostics are
  // published by flush(), or before a request about it is answered.
  void handle(std::string_view body, std::vector<std::string>& out);
  // Analyses the documents changed since the last call and publishes their diagnostics. The loop
  // calls it when no input is waiting, so a burst of keystrokes is analysed once.
  void flush(std::vector<std::string>& out);
  // An error response for a message that could not be read (too large, or not a header).
  void refuse(std::string_view why, std::vector<std::string>& out);

  bool exited() const noexcept;
  // 0 after `shutdown` then `exit`; 1 for an `exit` without `shutdown` (as LSP says).
  int exit_code() const noexcept;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Runs a server until `exit` or the end of the input: reads from `in`, writes to `out`. Returns
// the exit code for the process (1 if the input ended without `shutdown` and `exit`).
int serve(int in, int out, const ServerOptions& options);

}  // namespace kadenz::detail::lsp
