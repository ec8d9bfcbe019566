// Printing for the kadenz command that never throws: a message that cannot be written (standard
// error on a full disk, a closed pipe) is remembered, not thrown, and the command's exit status
// becomes 2 in finish(). fmt::print would throw, and printing that error again would abort.
#pragma once

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string_view>
#include <utility>

namespace kadenz::cli {

// Set when a message could not even be formatted (out of memory); write failures themselves are
// in the stream's error flag.
inline bool& print_failed() {
  static bool failed = false;
  return failed;
}

// Writes `text` to `stream`; a short write leaves the stream's error flag set for finish().
// A message to standard error first sends on what standard output holds, so that a report piped
// together with its messages (`2>&1 | less`) reads in the order it was made.
inline void put(std::FILE* stream, std::string_view text) noexcept {
  if (stream == stderr) std::fflush(stdout);
  if (!text.empty()) std::fwrite(text.data(), 1, text.size(), stream);
}

// fmt::print(stderr, …) that never throws.
template <typename... T>
void say(fmt::format_string<T...> format, T&&... args) noexcept {
  try {
    put(stderr, fmt::format(format, std::forward<T>(args)...));
  } catch (...) {
    print_failed() = true;
  }
}

// True if everything printed so far reached standard output and standard error. Checked before an
// output file replaces its target, so that exit 2 (something could not be written) never comes
// with a replaced file; finish() then says what failed.
inline bool streams_ok() noexcept {
  const bool out_ok = std::fflush(stdout) == 0 && std::ferror(stdout) == 0;
  return out_ok && std::fflush(stderr) == 0 && std::ferror(stderr) == 0 && !print_failed();
}

// The exit status after checking that everything printed reached standard output and standard
// error: a failed write to either makes it 2. A failure on standard error cannot be reported there,
// so it only changes the status.
inline int finish(int code) noexcept {
  errno = 0;
  const bool flushed = std::fflush(stdout) == 0;
  const int err = errno;
  if (!flushed || std::ferror(stdout) != 0 || std::cout.fail()) {
    say("kadenz: cannot write standard output{}{}\n", flushed || err == 0 ? "" : ": ",
        flushed || err == 0 ? "" : std::strerror(err));
    code = 2;
  }
  const bool err_ok = std::fflush(stderr) == 0 && std::ferror(stderr) == 0 && !print_failed();
  return err_ok && !std::cerr.fail() ? code : 2;
}

}  // namespace kadenz::cli
