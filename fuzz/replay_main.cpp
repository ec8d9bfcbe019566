// Replays fuzz inputs without libFuzzer: the `main` that the normal (g++) build links with each
// fuzz target, so that ctest runs every file of the target's corpus on every build.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

// Runs the target on one file's bytes. The target aborts (or a sanitizer stops the process) on
// a finding, so returning at all means the input passed. False if the file cannot be read.
bool replay_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  const std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // a copy in a buffer of exactly the input's size, as libFuzzer passes it, so that ASan sees
  // any read past the end
  std::vector<std::uint8_t> data(bytes.begin(), bytes.end());
  LLVMFuzzerTestOneInput(data.empty() ? nullptr : data.data(), data.size());
  return true;
}

}  // namespace

// Each argument is a file or a directory (every regular file in it, in name order, so that a
// failure is reproducible). Exit 1 if an argument names nothing readable or a directory holds no
// input (an empty corpus would pass silently), else 0 after printing how many inputs ran.
int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  std::size_t count = 0;
  for (int a = 1; a < argc; ++a) {
    const fs::path arg = argv[a];
    std::error_code ec;
    std::vector<fs::path> files;
    if (fs::is_directory(arg, ec)) {
      for (const auto& entry : fs::directory_iterator(arg, ec)) {
        if (entry.is_regular_file()) files.push_back(entry.path());
      }
      if (files.empty()) {
        std::fprintf(stderr, "%s: no inputs in this corpus directory\n", arg.c_str());
        return 1;
      }
    } else {
      files.push_back(arg);
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      std::fprintf(stderr, "replay %s\n", f.c_str());
      if (!replay_file(f)) {
        std::fprintf(stderr, "%s: cannot read this input (check the path)\n", f.c_str());
        return 1;
      }
      ++count;
    }
  }
  std::fprintf(stderr, "%zu inputs replayed without a finding\n", count);
  return 0;
}
