// Files the kadenz command writes, replaced atomically, and the refusal of an output that is one of
// the inputs (see output_file.hpp).
#include "cli/output_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <climits>
#include <csignal>
#include <cstring>
#include <filesystem>

namespace kadenz::cli {
namespace {

namespace fs = std::filesystem;

// Temporary files the signal handler removes: one per output of a run (whatif has two), with room
// to spare. A path that does not fit is simply not registered (it is still removed on any
// ordinary exit).
constexpr int kTempSlots = 8;
char g_temp_path[kTempSlots][PATH_MAX];
volatile std::sig_atomic_t g_temp_used[kTempSlots] = {};

// The signal handler: removes the registered temporary files, then dies of the same signal (so the
// caller sees "killed by SIGINT", as without the handler). Only async-signal-safe calls.
extern "C" void remove_temps_and_reraise(int sig) {
  for (int i = 0; i < kTempSlots; ++i) {
    if (g_temp_used[i] != 0) ::unlink(g_temp_path[i]);
  }
  ::signal(sig, SIG_DFL);
  ::raise(sig);
}

// Installs the handler for the signals that stop a run from outside, once, and only where the
// signal is at its default (a signal the caller ignores, e.g. SIGHUP under nohup, stays ignored).
void install_handlers() {
  static std::atomic<bool> installed{false};
  if (installed.exchange(true)) return;
  for (const int sig : {SIGINT, SIGTERM, SIGHUP, SIGPIPE}) {
    struct sigaction old {};
    if (::sigaction(sig, nullptr, &old) != 0 || old.sa_handler != SIG_DFL) continue;
    struct sigaction act {};
    act.sa_handler = remove_temps_and_reraise;
    sigemptyset(&act.sa_mask);
    ::sigaction(sig, &act, nullptr);
  }
}

// Records `path` for the signal handler; the slot, or -1 if none is free or the path is too long.
int register_temp(const std::string& path) {
  if (path.size() >= PATH_MAX) return -1;
  install_handlers();
  for (int i = 0; i < kTempSlots; ++i) {
    if (g_temp_used[i] != 0) continue;
    std::memcpy(g_temp_path[i], path.c_str(), path.size() + 1);
    g_temp_used[i] = 1;
    return i;
  }
  return -1;
}

void unregister_temp(int slot) {
  if (slot >= 0) g_temp_used[slot] = 0;
}

// Names that are a file descriptor or a terminal rather than a file to replace.
bool is_descriptor_name(const std::string& path) {
  for (const char* prefix : {"/dev/std", "/dev/fd/", "/dev/tty", "/proc/"}) {
    if (path.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

// What a file is for the clash test: its device and inode if it exists, else its canonical path.
struct Identity {
  bool exists = false;
  bool regular = false;
  dev_t dev = 0;
  ino_t ino = 0;
  std::string canonical;  // empty for a descriptor (standard input/output) or if not resolvable
};

Identity identify(const NamedFile& f, bool output) {
  Identity id;
  struct stat st {};
  const bool descriptor = output ? is_stdout(f.path) : f.path == "-";
  const int rc = descriptor ? ::fstat(output ? STDOUT_FILENO : STDIN_FILENO, &st) : ::stat(f.path.c_str(), &st);
  if (rc == 0) {
    id.exists = true;
    id.regular = S_ISREG(st.st_mode);
    id.dev = st.st_dev;
    id.ino = st.st_ino;
  }
  if (!descriptor) {
    std::error_code ec;
    const fs::path c = fs::weakly_canonical(f.path, ec);
    if (!ec) id.canonical = c.string();
  }
  return id;
}

bool same_file(const Identity& a, const Identity& b) {
  if (a.exists && b.exists) return a.regular && b.regular && a.dev == b.dev && a.ino == b.ino;
  return !a.canonical.empty() && a.canonical == b.canonical;
}

std::string describe(const NamedFile& f, bool output) {
  if (output) return is_stdout(f.path) ? "standard output" : f.role + " " + f.path;
  return f.path == "-" ? f.role + " (standard input)" : f.role + " " + f.path;
}

// A fresh temporary file for `target` in its directory, created with O_EXCL so it is never an
// existing file; -1 with errno set if none could be made.
int create_temp(const fs::path& target, std::string& temp) {
  static std::atomic<unsigned> counter{0};
  const fs::path dir = target.parent_path();
  // Keep the name within NAME_MAX (255) even for a long target name.
  const std::string base = target.filename().string().substr(0, 200);
  for (int attempt = 0; attempt < 100; ++attempt) {
    const auto tick = static_cast<unsigned long long>(std::chrono::steady_clock::now().time_since_epoch().count());
    const std::string name = "." + base + ".kadenz-" + std::to_string(::getpid()) + "-" +
                             std::to_string(counter.fetch_add(1)) + "-" + std::to_string(tick % 1000000007ULL);
    temp = (dir / name).string();
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0 || errno != EEXIST) return fd;
  }
  errno = EEXIST;
  return -1;
}

// Makes every written byte durable (so the rename never exposes an empty file after a crash).
// Filesystems that cannot sync (EINVAL) are taken as they are.
bool sync_fd(int fd) { return ::fsync(fd) == 0 || errno == EINVAL || errno == EROFS; }

// "cannot write PATH: why" in `lang`.
std::string cannot_write(Lang lang, const std::string& path, int err) {
  return detail::say(detail::Voice{lang, lang}, detail::Msg::cannot_write_file,
                     {path, std::strerror(err != 0 ? err : EIO)});
}

}  // namespace

bool is_stdout(const std::string& path) { return path.empty() || path == "-"; }

OutputFile::~OutputFile() { discard(); }

void OutputFile::discard() {
  if (file_ != nullptr && !stdout_) std::fclose(file_);
  file_ = nullptr;
  if (!temp_.empty()) {
    ::unlink(temp_.c_str());
    temp_.clear();
  }
  unregister_temp(slot_);
  slot_ = -1;
}

bool OutputFile::open(const std::string& path, std::string& error) {
  discard();
  closed_ = false;
  shown_ = path;
  stdout_ = is_stdout(path);
  if (stdout_) {
    file_ = stdout;
    return true;
  }
  struct stat st {};
  const bool exists = ::stat(path.c_str(), &st) == 0;
  if (exists && S_ISDIR(st.st_mode)) {
    error = cannot_write(lang_, path, EISDIR);
    return false;
  }
  if ((exists && !S_ISREG(st.st_mode)) || is_descriptor_name(path)) {
    // A device or FIFO: nothing to replace, nothing left half written.
    file_ = std::fopen(path.c_str(), "wb");
    if (file_ == nullptr) error = cannot_write(lang_, path, errno);
    return file_ != nullptr;
  }
  // Through a symbolic link, replace the file it points to, not the link; a link to a file not
  // there yet (a dangling link) is followed too, so the file appears where it points and the
  // link stays a link. At most 40 links are followed (as the kernel does), then the name is used.
  fs::path target = path;
  std::error_code ec;
  for (int hops = 0; hops < 40 && fs::is_symlink(fs::symlink_status(target, ec)); ++hops) {
    const fs::path resolved = fs::canonical(target, ec);
    if (!ec) {
      target = resolved;
      break;
    }
    const fs::path next = fs::read_symlink(target, ec);
    if (ec) break;
    target = next.is_absolute() ? next : target.parent_path() / next;
  }
  target_ = target.string();
  const int fd = create_temp(target, temp_);
  if (fd < 0) {
    const int err = errno;
    temp_.clear();
    const std::string dir = target.parent_path().empty() ? "." : target.parent_path().string();
    error = detail::say(detail::Voice{lang_, lang_}, detail::Msg::cannot_create_in, {path, dir, std::strerror(err)});
    return false;
  }
  slot_ = register_temp(temp_);
  // Replacing a file keeps its permissions; a new one has 0666 minus the umask (set by open).
  if (exists) ::fchmod(fd, st.st_mode & 07777);
  file_ = ::fdopen(fd, "wb");
  if (file_ == nullptr) {
    const int err = errno;
    ::close(fd);
    discard();
    error = cannot_write(lang_, path, err);
    return false;
  }
  return true;
}

bool OutputFile::close(std::string& error) {
  if (closed_) return true;
  if (file_ == nullptr) {
    error = cannot_write(lang_, shown_, EBADF);
    return false;
  }
  errno = 0;
  if (stdout_) {
    closed_ = std::fflush(stdout) == 0 && std::ferror(stdout) == 0;
    if (!closed_) {
      error = cannot_write(lang_, detail::say(detail::Voice{lang_, lang_}, detail::Msg::standard_output), errno);
    }
    file_ = nullptr;
    return closed_;
  }
  const bool flushed = std::fflush(file_) == 0 && std::ferror(file_) == 0;
  int err = errno;
  const bool synced = flushed && (temp_.empty() || sync_fd(::fileno(file_)));
  if (flushed && !synced) err = errno;
  const bool closed = std::fclose(file_) == 0;
  if (synced && !closed) err = errno;
  file_ = nullptr;
  if (!flushed || !synced || !closed) {
    discard();
    error = cannot_write(lang_, shown_, err);
    return false;
  }
  closed_ = true;
  return true;
}

bool OutputFile::commit(std::string& error) {
  if (!close(error)) return false;
  if (temp_.empty()) return true;
  if (std::rename(temp_.c_str(), target_.c_str()) != 0) {
    const int err = errno;
    discard();
    error = cannot_write(lang_, shown_, err);
    return false;
  }
  temp_.clear();
  unregister_temp(slot_);
  slot_ = -1;
  // The rename itself is made durable by syncing the directory; a failure here loses nothing.
  const fs::path dir = fs::path(target_).parent_path();
  const int dfd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return true;
}

std::string find_clash(const std::vector<NamedFile>& outputs, const std::vector<NamedFile>& inputs) {
  std::vector<Identity> in_ids;
  in_ids.reserve(inputs.size());
  for (const auto& f : inputs) in_ids.push_back(identify(f, false));
  std::vector<Identity> out_ids;
  for (std::size_t o = 0; o < outputs.size(); ++o) {
    const Identity id = identify(outputs[o], true);
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      if (!same_file(id, in_ids[i])) continue;
      return describe(outputs[o], true) + " is " + describe(inputs[i], false) +
             "; writing it would destroy the input\n  help: write to another file";
    }
    for (std::size_t p = 0; p < o; ++p) {
      if (is_stdout(outputs[o].path) && is_stdout(outputs[p].path)) {
        return outputs[p].role + " and " + outputs[o].role +
               " would both go to standard output\n  help: write one of them to a file";
      }
      if (!same_file(id, out_ids[p])) continue;
      return describe(outputs[p], true) + " and " + describe(outputs[o], true) +
             " are the same file\n  help: give each output its own file";
    }
    out_ids.push_back(id);
  }
  return {};
}

}  // namespace kadenz::cli
