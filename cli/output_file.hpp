// Files the kadenz command writes: each goes to a temporary file beside its target and replaces
// the target only when the run succeeded, so a failed run never leaves half a file or destroys
// the previous one; and the check, made before anything is read, that no output is an input.
#pragma once

#include "stdlib/catalogue.hpp"

#include <cstdio>
#include <string>
#include <vector>

namespace kadenz::cli {

// True for the names that mean standard output ("" when no -o was given, and "-").
bool is_stdout(const std::string& path);

// One output of a run. open() starts it, commit() makes it visible; until then (and if commit
// fails, or the object is destroyed uncommitted) the target is exactly what it was before.
//   - "" or "-": standard output, written as it goes (commit flushes it and checks for errors);
//   - a device, FIFO or /dev/fd/N-like name (e.g. /dev/null, /dev/full): written directly, as
//     there is no file to replace;
//   - anything else: a new file `.NAME.kadenz-…` in the target's directory (O_EXCL, permissions
//     of the existing target, or 0666 minus the umask for a new one), synced and renamed over the
//     target (through a symbolic link: over the file it points to). The temporary file is also
//     removed if the process is stopped by SIGINT, SIGTERM, SIGHUP or SIGPIPE.
class OutputFile {
 public:
  OutputFile() = default;
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  // The language of its messages (the policy's; English until set).
  void set_lang(Lang lang) noexcept { lang_ = lang; }
  // Opens `path` for writing as described above; false with `error` (a sentence naming the path).
  bool open(const std::string& path, std::string& error);
  // The stream to write to; null before open().
  std::FILE* stream() const { return file_; }
  // The temporary file that commit() renames over the target, for a writer that opens files by
  // name (libxlsxwriter); empty for standard output and devices, which are written in place.
  const std::string& temp_path() const { return temp_; }
  // Flushes, syncs and closes the stream; false with `error` (the target unchanged, the temporary
  // file removed) if any step fails, including an earlier failed write. A run with two outputs
  // closes both before committing either, so a full disk fails the run with neither replaced.
  bool close(std::string& error);
  // close() if not yet done, then renames the temporary file over the target; false with `error`
  // (and the target unchanged) if any step fails.
  bool commit(std::string& error);

 private:
  void discard();

  std::FILE* file_ = nullptr;
  std::string shown_;   // the path as the user gave it, for messages
  Lang lang_ = Lang::en;
  std::string target_;  // the file that commit() replaces (links resolved)
  std::string temp_;    // the temporary file; empty when writing in place
  int slot_ = -1;       // the signal handler's record of temp_
  bool stdout_ = false;
  bool closed_ = false;  // close() succeeded
};

// A file a run reads or writes, and what it is to the user ("the caseload", "-o").
struct NamedFile {
  std::string role;
  std::string path;  // "-" (an input) is standard input; "" or "-" (an output) standard output
};

// A message if one of `outputs` is the same file as one of `inputs` or as another output (same
// device and inode, so also through a symbolic or hard link; or, for a file not there yet, the
// same canonical path); empty if none is. Standard input and output count when they are regular
// files. Devices, FIFOs and terminals never clash.
std::string find_clash(const std::vector<NamedFile>& outputs, const std::vector<NamedFile>& inputs);

}  // namespace kadenz::cli
