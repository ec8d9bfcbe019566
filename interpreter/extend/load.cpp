// Extend stage, front half: the variant chain read from disk and merged, then `--set` applied
// (see load.hpp).
#include "interpreter/extend/load.hpp"

#include "interpreter/extend/extend.hpp"
#include "grammar/limits.hpp"
#include "grammar/keywords.hpp"
#include "grammar/parse.hpp"
#include "stdlib/catalogue.hpp"
#include "stdlib/utf8.hpp"

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
// Bases come from the resolver; a text that is not a policy is refused before it is parsed and
// never added to `source`, so no message can show a byte of it.
class Loader {
 public:
  // `lang`: the language of the messages, for every file of the chain.
  Loader(SourceFile& source, const ExtendsResolver& resolve, std::vector<Diagnostic>& diagnostics, Lang lang)
      : source_(source), resolve_(resolve), diags_(diagnostics), lang_(lang) {}

  PolicyAst load(std::string_view text, const std::string& name, std::uint32_t shift, int depth) {
    PolicyAst ast = parse_policy_text(text, name, shift, diags_, lang_);
    if (count_errors(diags_) > 0) return ast;
    if (!ast.extends) {
      reject_edits(ast, diags_, lang_);
      return ast;
    }
    const Ident& ext = *ast.extends;
    const Voice voice{lang_, ast.lang};
    if (depth + 1 >= kMaxExtendsDepth) {
      diags_.push_back(diagnostic(voice, Msg::limit_extends_depth, Severity::error, ext.span,
                                  {std::to_string(kMaxExtendsDepth)}));
      return ast;
    }
    ResolvedPolicy base_file = resolve_(name, ext.text);
    if (!base_file.error.empty()) {
      diags_.push_back(diagnostic(voice, Msg::io_read_base, Severity::error, ext.span,
                                  {ext.text, base_file.error, base_file.help}));
      return ast;
    }
    const std::string key = base_file.key.empty() ? base_file.name : base_file.key;
    if (std::find(chain_.begin(), chain_.end(), key) != chain_.end()) {
      diags_.push_back(diagnostic(voice, Msg::extends_cycle, Severity::error, ext.span, {ext.text}));
      return ast;
    }
    if (const std::optional<Msg> why = not_a_policy(base_file.text)) {
      diags_.push_back(diagnostic(voice, Msg::not_a_policy, Severity::error, ext.span,
                                  {base_file.name, say(voice, *why)}));
      return ast;
    }
    const std::uint32_t base_shift = next_shift();
    source_.included.push_back(SourceFile::Included{base_file.name, std::move(base_file.text), base_shift});
    chain_.push_back(key);
    const std::size_t index = source_.included.size() - 1;
    PolicyAst base = load(source_.included[index].text, source_.included[index].name, base_shift, depth + 1);
    if (count_errors(diags_) > 0) return ast;
    return apply_variant(std::move(base), std::move(ast), diags_, lang_);
  }

  // The next free offset after every text added so far (one past the end, so an empty file
  // and a span at a file's very end still name the right file).
  std::uint32_t next_shift() const {
    std::size_t end = source_.text.size() + 1;
    for (const auto& inc : source_.included) end = std::max<std::size_t>(end, inc.base + inc.text.size() + 1);
    return static_cast<std::uint32_t>(end);
  }

  // The language of the messages.
  Lang lang() const { return lang_; }

  // Records the compiled policy itself as the top of the chain, under `key`.
  void remember(std::string key) { chain_.push_back(std::move(key)); }

 private:
  SourceFile& source_;
  const ExtendsResolver& resolve_;
  std::vector<Diagnostic>& diags_;
  std::vector<std::string> chain_;  // files on the way down, for cycles
  Lang lang_;
};

// How a file is known in the chain: its canonical path (links resolved), or the path itself
// if that cannot be worked out.
std::string chain_key(const std::string& path) {
  std::error_code ec;
  const fs::path canonical = fs::weakly_canonical(path, ec);
  return ec ? path : canonical.string();
}

// True if `path` (canonical) is `root` (canonical) or lies below it.
bool is_within(const fs::path& path, const fs::path& root) {
  auto p = path.begin();
  for (auto r = root.begin(); r != root.end(); ++r, ++p) {
    if (r->empty()) continue;  // the empty element after a trailing separator
    if (p == path.end() || *p != *r) return false;
  }
  return true;
}

// The file resolvers: NAME relative to the directory of `from`; with `root`, only inside it
// (and relative to `root` itself when `from` is not a file inside it, e.g. "<string>").
ResolvedPolicy resolve_file(std::string_view from, std::string_view name, const std::optional<fs::path>& root) {
  ResolvedPolicy r;
  const fs::path wanted{std::string(name)};
  if (wanted.is_absolute()) {
    r.error = "an absolute path is not allowed";
    r.help = "write the path relative to this file's directory, e.g. `../policies/base.kadenz`";
    return r;
  }
  fs::path dir = fs::path(std::string(from)).parent_path();
  if (root && !is_within(fs::path(chain_key(dir.empty() ? "." : dir.string())), *root)) dir = *root;
  r.name = (dir / wanted).lexically_normal().string();
  r.key = chain_key(r.name);
  if (root && !is_within(fs::path(r.key), *root)) {
    r.error = "it lies outside the directory this compile may read";
    r.help = fmt::format("the base must be a file under {}", root->string());
    return r;
  }
  std::string why;
  // confined: read the resolved path that was checked, not the name again (a link swapped in
  // between would otherwise lead outside)
  std::optional<std::string> text = read_policy_file(root ? r.key : r.name, why);
  if (!text) {
    r.error = std::move(why);
    r.help = "the path is relative to this file's directory";
    return r;
  }
  r.text = std::move(*text);
  return r;
}

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
    ExprPtr e = parse_expression_text(t, value_at, "--set", shift, diagnostics, loader.lang());
    if (!e) continue;
    Setting s;
    std::string compared;  // the name in NFC, as the policy's names are
    if (utf8::is_ascii(name) || !utf8::to_nfc(name, compared)) compared = name;
    s.name = Ident{std::move(compared), Span{shift + 6, static_cast<std::uint32_t>(shift + 6 + name.size())}};
    s.value = std::move(e);
    settings.push_back(std::move(s));
  }
  return settings;
}

}  // namespace

// See load.hpp. The reason names no byte of the text: the file may be anything the process can read.
std::optional<Msg> not_a_policy(std::string_view text) {
  std::size_t p = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  for (;;) {
    while (p < text.size() && (text[p] == ' ' || text[p] == '\t' || text[p] == '\r' || text[p] == '\n')) ++p;
    if (p >= text.size() || text[p] != '#') break;
    const std::size_t nl = text.find('\n', p);
    p = nl == std::string_view::npos ? text.size() : nl + 1;
  }
  if (p >= text.size()) return Msg::not_policy_empty;
  const std::size_t n = scan_word(text.data() + p, text.data() + text.size());
  const std::string_view word = text.substr(p, n);
  for (const auto& k : kKeywords)  // either language: `richtlinie`, `erweitert` too
    if ((k.kw == Kw::policy || k.kw == Kw::extends) && k.text == word) return std::nullopt;
  // what was looked at, up to the end of that line (at most kMaxSnippetChars bytes of it)
  const std::size_t eol = std::min(text.find('\n', p), p + kMaxSnippetChars);
  const std::string_view head = text.substr(0, eol);
  if (head.find('\0') != std::string_view::npos || !utf8::is_valid(head)) {
    return Msg::not_policy_binary;
  }
  return Msg::not_policy_start;
}

Lang message_lang(const CompileOptions& options, std::string_view text) {
  return options.lang.value_or(keyword_language(text).value_or(options.default_lang));
}

// Only a regular file is read: a FIFO would block for ever and a device (/dev/zero) would never
// end. The type is asked before opening (open() of a FIFO without a writer blocks), and again
// of the opened descriptor (opened non-blocking, so that a FIFO put in the path's place in
// between cannot block either). At most kMaxPolicyBytes + 1 bytes are read: enough for the
// parser to refuse a file over the cap with its own message, without reading the rest of it.
std::optional<std::string> read_policy_file(const std::string& path, ReadFailure& why) {
  const auto not_regular = [&](const struct stat& st) {
    if (S_ISDIR(st.st_mode)) {
      why = ReadFailure{Msg::read_system, std::strerror(EISDIR), std::nullopt};
    } else {
      why = ReadFailure{Msg::read_not_regular, "",
                        S_ISFIFO(st.st_mode)   ? Msg::file_kind_fifo
                        : S_ISCHR(st.st_mode)  ? Msg::file_kind_char
                        : S_ISBLK(st.st_mode)  ? Msg::file_kind_block
                        : S_ISSOCK(st.st_mode) ? Msg::file_kind_socket
                                               : Msg::file_kind_special};
    }
    return std::nullopt;
  };
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    why = ReadFailure{Msg::read_system, std::strerror(errno), std::nullopt};
    return std::nullopt;
  }
  if (!S_ISREG(st.st_mode)) return not_regular(st);
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    why = ReadFailure{Msg::read_system, std::strerror(errno), std::nullopt};
    return std::nullopt;
  }
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  if (::fstat(fd, &st) != 0) {
    why = ReadFailure{Msg::read_system, std::strerror(errno), std::nullopt};
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
      why = ReadFailure{Msg::read_failed, std::strerror(errno), std::nullopt};
      return std::nullopt;
    }
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  text.resize(got);
  return text;
}

std::optional<std::string> read_policy_file(const std::string& path, std::string& why) {
  ReadFailure failure;
  std::optional<std::string> text = read_policy_file(path, failure);
  if (!text) why = read_failure_text(Voice{}, failure);  // English: said by callers that speak it
  return text;
}

std::string read_failure_text(const Voice& voice, const ReadFailure& why) {
  if (why.id == Msg::read_not_regular) return say(voice, why.id, {say(voice, why.kind.value_or(Msg::file_kind_special))});
  return say(voice, why.id, {why.arg});
}

PolicyAst load_policy(SourceFile& source, const CompileOptions& options, std::vector<Diagnostic>& diagnostics) {
  const bool files = !options.resolve_extends;
  const ExtendsResolver resolve = files ? files_relative_to_policy() : options.resolve_extends;
  const Lang lang = message_lang(options, source.text);
  Loader loader(source, resolve, diagnostics, lang);
  // The default resolver knows files by their canonical path; another one by the names it gives.
  loader.remember(files ? chain_key(source.name) : source.name);
  PolicyAst ast = loader.load(source.text, source.name, 0, 0);
  if (count_errors(diagnostics) == 0 && !options.set.empty()) {
    auto settings = parse_settings(source, options, loader, diagnostics);
    if (count_errors(diagnostics) == 0) apply_settings(ast, std::move(settings), diagnostics, lang);
  }
  return ast;
}

}  // namespace kadenz::detail

namespace kadenz {

ExtendsResolver files_relative_to_policy() {
  return [](std::string_view from, std::string_view name) { return detail::resolve_file(from, name, std::nullopt); };
}

// The root is made canonical once, here, so that every base is compared with the same path.
ExtendsResolver files_under(std::string directory) {
  std::error_code ec;
  std::filesystem::path root = std::filesystem::weakly_canonical(directory.empty() ? "." : directory, ec);
  if (ec) root = std::filesystem::path(directory).lexically_normal();
  return [root](std::string_view from, std::string_view name) { return detail::resolve_file(from, name, root); };
}

ExtendsResolver no_file_access() {
  return [](std::string_view, std::string_view) {
    ResolvedPolicy r;
    r.error = "this compile has no file access";
    r.help = "the program that compiles this policy reads no files; give it the base and the variant as one policy";
    return r;
  };
}

}  // namespace kadenz
