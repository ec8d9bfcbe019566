// The pipeline driver behind the public API: parse (with the bases a variant extends) -> extend
// -> check -> compile (see build_program for the steps of compiling, which use two stages).
#include <kadenz/kadenz.hpp>

#include "interpreter/check/check.hpp"
#include "interpreter/extend/extend.hpp"
#include "grammar/limits.hpp"
#include "grammar/parse.hpp"
#include "interpreter/compile/program.hpp"
#include "interpreter/evaluate/evaluate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

namespace kadenz {
namespace {

namespace fs = std::filesystem;

Diagnostic io_error(Span span, std::string message, std::string help) {
  return Diagnostic{"io", Severity::error, std::move(message), span, "", {}, std::move(help), "", {}, {}};
}

// Reads a whole file; nullopt with `why` set if it cannot be read.
std::optional<std::string> read_file(const std::string& path, std::string& why) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    why = std::strerror(EISDIR);
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    why = std::strerror(errno);
    return std::nullopt;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) {
    why = "read error";
    return std::nullopt;
  }
  return ss.str();
}

// Parses one file of a variant chain and, through its `extends`, the files below it; returns
// the merged tree. Each base's text is added to `source` so its spans render in its own file.
class Loader {
 public:
  Loader(SourceFile& source, std::vector<Diagnostic>& diagnostics) : source_(source), diags_(diagnostics) {}

  detail::PolicyAst load(std::string_view text, const std::string& name, std::uint32_t shift, int depth) {
    detail::PolicyAst ast = detail::parse_policy_text(text, name, shift, diags_);
    if (count_errors(diags_) > 0) return ast;
    if (!ast.extends) {
      detail::reject_edits(ast, diags_);
      return ast;
    }
    const detail::Ident& ext = *ast.extends;
    if (depth + 1 >= detail::kMaxExtendsDepth) {
      diags_.push_back(Diagnostic{"limit", Severity::error,
                                  fmt::format("variants extend each other more than {} levels deep",
                                              detail::kMaxExtendsDepth),
                                  ext.span, "", {}, "extend the base policy directly", "", {}, {}});
      return ast;
    }
    const fs::path dir = fs::path(name).parent_path();
    const std::string path = (dir / ext.text).lexically_normal().string();
    std::error_code ec;
    const fs::path canonical = fs::weakly_canonical(path, ec);
    const std::string key = ec ? path : canonical.string();
    if (std::find(chain_.begin(), chain_.end(), key) != chain_.end()) {
      diags_.push_back(Diagnostic{"extends-cycle", Severity::error,
                                  fmt::format("`{}` extends itself (through the chain of `extends`)", ext.text),
                                  ext.span, "", {}, "a variant must extend a different policy", "", {}, {}});
      return ast;
    }
    std::string why;
    std::optional<std::string> base_text = read_file(path, why);
    if (!base_text) {
      diags_.push_back(io_error(ext.span, fmt::format("cannot read the base policy `{}`: {}", path, why),
                                "the path is relative to this file's directory"));
      return ast;
    }
    if (base_text->size() > detail::kMaxPolicyBytes) base_text->resize(detail::kMaxPolicyBytes + 1);
    const std::uint32_t base_shift = next_shift();
    source_.included.push_back(SourceFile::Included{path, std::move(*base_text), base_shift});
    chain_.push_back(key);
    const std::size_t index = source_.included.size() - 1;
    detail::PolicyAst base = load(source_.included[index].text, path, base_shift, depth + 1);
    if (count_errors(diags_) > 0) return ast;
    return detail::apply_variant(std::move(base), std::move(ast), diags_);
  }

  // The next free offset after every text added so far (one past the end, so an empty file
  // and a span at a file's very end still name the right file).
  std::uint32_t next_shift() const {
    std::size_t end = source_.text.size() + 1;
    for (const auto& inc : source_.included) end = std::max<std::size_t>(end, inc.base + inc.text.size() + 1);
    return static_cast<std::uint32_t>(end);
  }

  void remember(const std::string& name) {
    std::error_code ec;
    const fs::path canonical = fs::weakly_canonical(name, ec);
    chain_.push_back(ec ? name : canonical.string());
  }

 private:
  SourceFile& source_;
  std::vector<Diagnostic>& diags_;
  std::vector<std::string> chain_;  // files on the way down, for cycles
};

// Parses each `--set NAME=VALUE` as its own little source text ("--set NAME=VALUE").
std::vector<detail::Setting> parse_settings(SourceFile& source, const CompileOptions& options, Loader& loader,
                                            std::vector<Diagnostic>& diagnostics) {
  std::vector<detail::Setting> settings;
  for (const auto& [name, value] : options.set) {
    std::string text = fmt::format("--set {}={}", name, value);
    const std::uint32_t shift = loader.next_shift();
    source.included.push_back(SourceFile::Included{"--set", std::move(text), shift});
    const std::string& t = source.included.back().text;
    const std::size_t value_at = 6 + name.size() + 1;
    detail::ExprPtr e = detail::parse_expression_text(t, value_at, "--set", shift, diagnostics);
    if (!e) continue;
    detail::Setting s;
    s.name = detail::Ident{name, Span{shift + 6, static_cast<std::uint32_t>(shift + 6 + name.size())}};
    s.value = std::move(e);
    settings.push_back(std::move(s));
  }
  return settings;
}

// Turns a checked policy (without errors) into a runnable program, or null with the diagnostics
// of the parameters that cannot be computed. Compiling takes turns between the compile and the
// evaluate stage, sequenced here so that compile/ needs nothing from evaluate/:
//   1. compile_nodes (compile): slots, expression nodes and ordered steps; parameters are nodes.
//   2. fold_parameters (evaluate): the parameter nodes are evaluated once, at compile time, into
//      the constant slots; a fault is a `bad-parameter` error and there is no program.
//   3. compile_code (compile): the steps become register code; parameters stay slots, but their
//      values are final now, which the code's constant registers rely on.
//   4. thread_code (evaluate): each instruction gets the address of its operation in the
//      evaluator's dispatch loop (direct threading).
// Only step 2 can add diagnostics, so they come in the order they always did.
std::shared_ptr<const detail::Program> build_program(const detail::CheckedPolicy& checked,
                                                     std::shared_ptr<const SourceFile> source,
                                                     std::vector<Diagnostic>& diagnostics) {
  std::shared_ptr<detail::Program> program = detail::compile_nodes(checked, std::move(source));
  std::vector<Diagnostic> faults = detail::fold_parameters(*program);
  if (!faults.empty()) {
    diagnostics.insert(diagnostics.end(), faults.begin(), faults.end());
    return nullptr;
  }
  detail::compile_code(*program);
  detail::thread_code(*program);
  return program;
}

}  // namespace

Compiled compile_policy(std::string name, std::string text, const CompileOptions& options) {
  Compiled result;
  auto source = std::make_shared<SourceFile>(SourceFile{std::move(name), std::move(text), {}});
  result.source = source;
  Loader loader(*source, result.diagnostics);
  loader.remember(source->name);
  detail::PolicyAst ast = loader.load(source->text, source->name, 0, 0);
  if (count_errors(result.diagnostics) == 0 && !options.set.empty()) {
    auto settings = parse_settings(*source, options, loader, result.diagnostics);
    if (count_errors(result.diagnostics) == 0) detail::apply_settings(ast, std::move(settings), result.diagnostics);
  }
  // Type errors after syntax errors are mostly follow-ups of the lost declarations: report
  // the syntax errors alone, as the first thing to fix.
  if (count_errors(result.diagnostics) > 0) return result;
  detail::CheckedPolicy checked = detail::check_policy(std::move(ast), result.diagnostics);
  if (result.diagnostics.size() > detail::kMaxErrors) {
    result.diagnostics.resize(detail::kMaxErrors);
  }
  if (count_errors(result.diagnostics) > 0) return result;
  result.program = build_program(checked, source, result.diagnostics);
  return result;
}

Compiled compile_policy_file(const std::string& path, const CompileOptions& options) {
  std::string why;
  std::optional<std::string> text = read_file(path, why);
  if (!text) {
    Compiled result;
    result.source = std::make_shared<SourceFile>(SourceFile{path, "", {}});
    result.diagnostics.push_back(
        io_error(Span{0, 0}, fmt::format("cannot read the policy file: {}", why), "check the path"));
    return result;
  }
  return compile_policy(path, std::move(*text), options);
}

}  // namespace kadenz
