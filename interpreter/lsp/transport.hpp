// Language server, transport: JSON-RPC messages framed by `Content-Length` headers (the base
// protocol of LSP) on a pair of file descriptors the caller owns (`kadenz lsp`: standard input
// and output). Knows nothing of JSON: a message is its body's bytes.
#pragma once

#include "grammar/limits.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace kadenz::detail::lsp {

// The largest message body read: a document of kMaxPolicyBytes, escaped as JSON (a line break is
// two bytes, a control character up to six), with room for the envelope. A larger body is read
// past and answered with an error, so a hostile client cannot make the server hold gigabytes.
inline constexpr std::size_t kMaxMessageBytes = 6 * kMaxPolicyBytes + (1u << 20);
// A header line longer than this is no LSP header (they are `Content-Length: N` and
// `Content-Type: …`); reading stops there instead of buffering an endless line.
inline constexpr std::size_t kMaxHeaderLineBytes = 1024;

enum class ReadStatus {
  message,     // `body` holds one message
  end,         // the input ended (or failed) between messages
  bad_header,  // the headers were not `Content-Length: N`; the stream cannot be resynchronised
  too_large,   // Content-Length above kMaxMessageBytes: the body was skipped, `size` says how big
};

// Reads messages from a file descriptor through its own buffer, so that it can tell whether more
// input is already waiting (the server then defers the analysis of a changed document until the
// client has stopped typing).
class Reader {
 public:
  explicit Reader(int fd) : fd_(fd) {}
  ReadStatus read(std::string& body, std::size_t& size);
  // True if bytes are buffered or can be read without blocking.
  bool pending();

 private:
  int fd_;
  std::string buffer_;
  std::size_t at_ = 0;  // first unread byte of buffer_
  bool fill();          // reads more; false at the end of the input or on an error
  bool line(std::string& out);
};

// Writes one message (headers and body) to `fd`; false if it could not be written completely.
bool write_message(int fd, std::string_view body);

}  // namespace kadenz::detail::lsp
