// Language server, transport: the `Content-Length` framing of LSP's base protocol.
#include "interpreter/lsp/transport.hpp"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>

namespace kadenz::detail::lsp {

bool Reader::fill() {
  if (at_ > 0 && at_ == buffer_.size()) buffer_.clear(), at_ = 0;
  char chunk[65536];
  for (;;) {
    const ssize_t n = ::read(fd_, chunk, sizeof chunk);
    if (n > 0) {
      buffer_.append(chunk, static_cast<std::size_t>(n));
      return true;
    }
    if (n < 0 && errno == EINTR) continue;
    return false;
  }
}

bool Reader::pending() {
  if (at_ < buffer_.size()) return true;
  pollfd p{fd_, POLLIN, 0};
  return ::poll(&p, 1, 0) > 0 && (p.revents & (POLLIN | POLLHUP)) != 0;
}

// One header line without its CR LF; false at the end of the input or for an overlong line.
bool Reader::line(std::string& out) {
  for (;;) {
    const std::size_t nl = buffer_.find('\n', at_);
    if (nl != std::string::npos) {
      if (nl - at_ > kMaxHeaderLineBytes) return false;
      out.assign(buffer_, at_, nl - at_);
      if (!out.empty() && out.back() == '\r') out.pop_back();
      at_ = nl + 1;
      return true;
    }
    if (buffer_.size() - at_ > kMaxHeaderLineBytes || !fill()) return false;
  }
}

ReadStatus Reader::read(std::string& body, std::size_t& size) {
  std::string header;
  bool any = false, have_length = false;
  std::size_t length = 0;
  for (;;) {
    if (!line(header)) {
      if (!any && at_ == buffer_.size()) return ReadStatus::end;
      return ReadStatus::bad_header;
    }
    if (header.empty()) {
      if (!any) continue;  // blank lines between messages are tolerated
      break;
    }
    any = true;
    static constexpr std::string_view kName = "content-length:";
    if (header.size() > kName.size()) {
      bool same = true;
      for (std::size_t i = 0; i < kName.size(); ++i) {
        const char c = header[i] >= 'A' && header[i] <= 'Z' ? static_cast<char>(header[i] - 'A' + 'a') : header[i];
        same = same && c == kName[i];
      }
      if (same) {
        std::size_t i = kName.size();
        while (i < header.size() && header[i] == ' ') ++i;
        const auto r = std::from_chars(header.data() + i, header.data() + header.size(), length);
        if (r.ec != std::errc() || r.ptr != header.data() + header.size()) return ReadStatus::bad_header;
        have_length = true;
      }
    }
  }
  if (!have_length) return ReadStatus::bad_header;
  size = length;
  const bool keep = length <= kMaxMessageBytes;
  body.clear();
  std::size_t left = length;
  while (left > 0) {
    if (at_ == buffer_.size() && !fill()) return ReadStatus::end;
    const std::size_t take = std::min(left, buffer_.size() - at_);
    if (keep) body.append(buffer_, at_, take);
    at_ += take;
    left -= take;
    if (at_ == buffer_.size()) buffer_.clear(), at_ = 0;
  }
  return keep ? ReadStatus::message : ReadStatus::too_large;
}

bool write_message(int fd, std::string_view body) {
  std::string out = "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  out.append(body);
  std::size_t done = 0;
  while (done < out.size()) {
    const ssize_t n = ::write(fd, out.data() + done, out.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace kadenz::detail::lsp
