// A scripted LSP client for the tests: runs `kadenz lsp` as a child process on two pipes, sends
// JSON-RPC messages with Content-Length framing and reads what the server sends, with a timeout
// (a server that hangs fails the test instead of blocking it).
#pragma once

#include "run_cli.hpp"

#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <string>

namespace kadenz::test {

using Json = nlohmann::json;

class LspClient {
 public:
  explicit LspClient(const std::string& lang = "") {
    signal(SIGPIPE, SIG_IGN);
    int to_server[2], from_server[2];
    if (pipe(to_server) != 0 || pipe(from_server) != 0) throw std::runtime_error("pipe");
    pid_ = fork();
    if (pid_ == 0) {
      dup2(to_server[0], 0);
      dup2(from_server[1], 1);
      close(to_server[1]);
      close(from_server[0]);
      if (lang.empty()) execl(KADENZ_CLI, KADENZ_CLI, "lsp", static_cast<char*>(nullptr));
      else execl(KADENZ_CLI, KADENZ_CLI, "lsp", "--lang", lang.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    close(to_server[0]);
    close(from_server[1]);
    in_ = to_server[1];
    out_ = from_server[0];
  }
  ~LspClient() {
    if (in_ >= 0) close(in_);
    if (out_ >= 0) close(out_);
    if (pid_ > 0 && !waited_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }
  LspClient(const LspClient&) = delete;
  LspClient& operator=(const LspClient&) = delete;

  void send_raw(const std::string& bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
      const ssize_t n = write(in_, bytes.data() + done, bytes.size() - done);
      if (n <= 0) throw std::runtime_error("the server does not read");
      done += static_cast<std::size_t>(n);
    }
  }
  void send(const Json& message) {
    const std::string body = message.dump();
    send_raw("Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
  }
  void notify(const std::string& method, Json params) {
    send({{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}});
  }
  // Sends a request and returns its response; notifications that come before it are kept.
  Json request(const std::string& method, Json params) {
    const int id = ++next_id_;
    send({{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}});
    for (;;) {
      Json m = receive();
      if (m.contains("id") && m["id"] == id) return m;
      notifications_.push_back(std::move(m));
    }
  }
  // The next message from the server (throws after `seconds` without one).
  Json receive(int seconds = 20) {
    for (;;) {
      const auto end = buffer_.find("\r\n\r\n");
      if (end != std::string::npos) {
        const auto colon = buffer_.find(':');
        const std::size_t length = std::stoul(buffer_.substr(colon + 1, end - colon - 1));
        if (buffer_.size() >= end + 4 + length) {
          Json m = Json::parse(buffer_.substr(end + 4, length));
          buffer_.erase(0, end + 4 + length);
          return m;
        }
      }
      pollfd p{out_, POLLIN, 0};
      if (poll(&p, 1, seconds * 1000) <= 0) throw std::runtime_error("no message from the server in time");
      char chunk[65536];
      const ssize_t n = read(out_, chunk, sizeof chunk);
      if (n <= 0) throw std::runtime_error("the server closed its output");
      buffer_.append(chunk, static_cast<std::size_t>(n));
    }
  }
  // The next diagnostics published for `uri` (from those kept, else from the server).
  Json diagnostics(const std::string& uri) {
    for (auto it = notifications_.begin(); it != notifications_.end(); ++it) {
      if ((*it)["method"] == "textDocument/publishDiagnostics" && (*it)["params"]["uri"] == uri) {
        Json d = (*it)["params"];
        notifications_.erase(it);
        return d;
      }
    }
    for (;;) {
      Json m = receive();
      if (m.value("method", "") == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri) return m["params"];
      notifications_.push_back(std::move(m));
    }
  }
  // The diagnostics of `uri` for `version`, skipping those of earlier versions: the server may
  // analyse between two changes the client sent in a row (it answers what it has read so far),
  // so how many publications a burst of changes gives depends on timing.
  Json diagnostics_at(const std::string& uri, int version) {
    for (;;) {
      Json d = diagnostics(uri);
      if (d.value("version", -1) >= version) return d;
    }
  }
  Json initialize() {
    Json r = request("initialize", {{"processId", nullptr}, {"rootUri", nullptr}, {"capabilities", Json::object()}});
    notify("initialized", Json::object());
    return r;
  }
  void open(const std::string& uri, const std::string& text, int version = 1) {
    notify("textDocument/didOpen",
           {{"textDocument", {{"uri", uri}, {"languageId", "kadenz"}, {"version", version}, {"text", text}}}});
  }
  void change(const std::string& uri, const std::string& text, int version) {
    notify("textDocument/didChange",
           {{"textDocument", {{"uri", uri}, {"version", version}}}, {"contentChanges", Json::array({{{"text", text}}})}});
  }
  // Closes the server's input and returns its exit code (-1 if it did not end within 20 s).
  int finish() {
    close(in_);
    in_ = -1;
    for (int i = 0; i < 2000; ++i) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        waited_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      }
      usleep(10000);
    }
    return -1;
  }

 private:
  pid_t pid_ = -1;
  int in_ = -1, out_ = -1;
  bool waited_ = false;
  int next_id_ = 0;
  std::string buffer_;
  std::vector<Json> notifications_;
};

// A position in LSP's terms (line, UTF-16 code units) of the first `needle` in `text`, `skip`
// bytes after it: worked out here independently of the server's conversion.
inline Json position_of(const std::string& text, const std::string& needle, std::size_t skip = 0) {
  const std::size_t at = text.find(needle);
  if (at == std::string::npos) throw std::runtime_error("not in the text: " + needle);
  const std::size_t offset = at + skip;
  std::size_t line = 0, line_start = 0;
  for (std::size_t i = 0; i < offset; ++i)
    if (text[i] == '\n') ++line, line_start = i + 1;
  std::size_t units = 0;
  for (std::size_t i = line_start; i < offset;) {
    const auto c = static_cast<unsigned char>(text[i]);
    const std::size_t width = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    units += width == 4 ? 2 : 1;  // a character outside the BMP is a surrogate pair
    i += width;
  }
  return {{"line", line}, {"character", units}};
}

inline std::string file_uri(const std::string& path) { return "file://" + path; }

}  // namespace kadenz::test
