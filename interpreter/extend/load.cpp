// Extend stage, front half: the variant chain read from disk and merged, then `--set` applied
// (see load.hpp).
#include "interpreter/extend/load.hpp"

#include "interpreter/extend/extend.hpp"
#include "grammar/limits.hpp"
#include "grammar/parse.hpp"

#include <fmt/format.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

namespace kadenz::detail {
namespace {

namespace fs = std::filesystem;

// Parses one file of a variant chain and, through its `extends`, the files below it; returns
// the merged tree. Each base's text is added to `source` so its spans render in its own file.
class Loader {
 public:
  Loader(SourceFile& source, std::vector<Diagnostic>& diagnostics) : source_(source), diags_(diagnostics) {}

  PolicyAst load(std::string_view text, const std::string& name, std::uint32_t shift, int depth) {
    PolicyAst ast = parse_policy_text(text, name, shift, diags_);
    if (count_errors(diags_) > 0) return ast;
    if (!ast.extends) {
      reject_edits(ast, diags_);
      return ast;
    }
    const Ident& ext = *ast.extends;
    if (depth + 1 >= kMaxExtendsDepth) {
      diags_.push_back(Diagnostic{"limit", Severity::error,
                                  fmt::format("variants extend each other more than {} levels deep",
                                              kMaxExtendsDepth),
                                  ext.span, "", {}, "extend the base policy directly", "", {}, {}});
      return ast;
    }
    const fs::path dir = fs::path(name).parent_path();
    const std::string path = (dir / ext.text).lexically_normal().string();
    const std::string key = chain_key(path);
    if (std::find(chain_.begin(), chain_.end(), key) != chain_.end()) {
      diags_.push_back(Diagnostic{"extends-cycle", Severity::error,
                                  fmt::format("`{}` extends itself (through the chain of `extends`)", ext.text),
                                  ext.span, "", {}, "a variant must extend a different policy", "", {}, {}});
      return ast;
    }
    std::string why;
    std::optional<std::string> base_text = read_policy_file(path, why);
    if (!base_text) {
      diags_.push_back(io_error(ext.span, fmt::format("cannot read the base policy `{}`: {}", path, why),
                                "the path is relative to this file's directory"));
      return ast;
    }
    const std::uint32_t base_shift = next_shift();
    source_.included.push_back(SourceFile::Included{path, std::move(*base_text), base_shift});
    chain_.push_back(key);
    const std::size_t index = source_.included.size() - 1;
    PolicyAst base = load(source_.included[index].text, path, base_shift, depth + 1);
    if (count_errors(diags_) > 0) return ast;
    return apply_variant(std::move(base), std::move(ast), diags_);
  }

  // The next free offset after every text added so far (one past the end, so an empty file
  // and a span at a file's very end still name the right file).
  std::uint32_t next_shift() const {
    std::size_t end = source_.text.size() + 1;
    for (const auto& inc : source_.included) end = std::max<std::size_t>(end, inc.base + inc.text.size() + 1);
    return static_cast<std::uint32_t>(end);
  }

  void remember(const std::string& name) { chain_.push_back(chain_key(name)); }

  // How a file is known in the chain: its canonical path (links resolved), or the path itself
  // if that cannot be worked out.
  static std::string chain_key(const std::string& path) {
    std::error_code ec;
    const fs::path canonical = fs::weakly_canonical(path, ec);
    return ec ? path : canonical.string();
  }

 private:
  SourceFile& source_;
  std::vector<Diagnostic>& diags_;
  std::vector<std::string> chain_;  // files on the way down, for cycles
};

// Parses each `--set NAME=VALUE` as its own little source text ("--set NAME=VALUE").
std::vector<Setting> parse_settings(SourceFile& source, const CompileOptions& options, Loader& loader,
                                   std::vector<Diagnostic>& diagnostics) {
  std::vector<Setting> settings;
  for (const auto& [name, value] : options.set) {
    std::string text = fmt::format("--set {}={}", name, value);
    const std::uint32_t shift = loader.next_shift();
    source.included.push_back(SourceFile::Included{"--set", std::move(text), shift});
    const std::string& t = source.included.back().text;
    const std::size_t value_at = 6 + name.size() + 1;
    ExprPtr e = parse_expression_text(t, value_at, "--set", shift, diagnostics);
    if (!e) continue;
    Setting s;
    s.name = Ident{name, Span{shift + 6, static_cast<std::uint32_t>(shift + 6 + name.size())}};
    s.value = std::move(e);
    settings.push_back(std::move(s));
  }
  return settings;
}

}  // namespace

Diagnostic io_error(Span span, std::string message, std::string help) {
  return Diagnostic{"io", Severity::error, std::move(message), span, "", {}, std::move(help), "", {}, {}};
}

// Only a regular file is read: a FIFO would block for ever and a device (/dev/zero) would never
// end. The type is asked before opening (open() of a FIFO without a writer blocks), and again
// of the opened descriptor (opened non-blocking, so that a FIFO put in the path's place in
// between cannot block either). At most kMaxPolicyBytes + 1 bytes are read: enough for the
// parser to refuse a file over the cap with its own message, without reading the rest of it.
std::optional<std::string> read_policy_file(const std::string& path, std::string& why) {
  const auto not_regular = [&](const struct stat& st) {
    if (S_ISDIR(st.st_mode)) {
      why = std::strerror(EISDIR);
    } else {
      why = fmt::format("it is not a regular file but {}; give the path of a .kadenz file",
                        S_ISFIFO(st.st_mode)   ? "a pipe (FIFO)"
                        : S_ISCHR(st.st_mode)  ? "a character device"
                        : S_ISBLK(st.st_mode)  ? "a block device"
                        : S_ISSOCK(st.st_mode) ? "a socket"
                                               : "a special file");
    }
    return std::nullopt;
  };
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    why = std::strerror(errno);
    return std::nullopt;
  }
  if (!S_ISREG(st.st_mode)) return not_regular(st);
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    why = std::strerror(errno);
    return std::nullopt;
  }
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  if (::fstat(fd, &st) != 0) {
    why = std::strerror(errno);
    return std::nullopt;
  }
  if (!S_ISREG(st.st_mode)) return not_regular(st);
  std::string text;
  const std::size_t cap = kMaxPolicyBytes + 1;
  text.resize(std::min<std::size_t>(cap, static_cast<std::size_t>(std::max<off_t>(st.st_size, 0)) + 1));
  std::size_t got = 0;
  for (;;) {
    if (got == text.size()) {
      if (got == cap) break;
      text.resize(std::min(cap, got * 2 + 4096));  // the file grew since fstat
    }
    const ssize_t n = ::read(fd, text.data() + got, text.size() - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      why = fmt::format("read error: {}", std::strerror(errno));
      return std::nullopt;
    }
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  text.resize(got);
  return text;
}

PolicyAst load_policy(SourceFile& source, const CompileOptions& options, std::vector<Diagnostic>& diagnostics) {
  Loader loader(source, diagnostics);
  loader.remember(source.name);
  PolicyAst ast = loader.load(source.text, source.name, 0, 0);
  if (count_errors(diagnostics) == 0 && !options.set.empty()) {
    auto settings = parse_settings(source, options, loader, diagnostics);
    if (count_errors(diagnostics) == 0) apply_settings(ast, std::move(settings), diagnostics);
  }
  return ast;
}

}  // namespace kadenz::detail
