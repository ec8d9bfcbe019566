// The kadenz library: compile a policy once, then evaluate records with it.
#pragma once

#include <kadenz/diagnostic.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kadenz {

namespace detail {
struct Program;
}

class Policy;

// The result of compiling a policy. `program` is set only if there were no errors; it is
// immutable and may be shared by any number of threads. `source` owns the text the
// diagnostics point into. The library never prints: render the diagnostics with
// render_text/render_json.
struct KADENZ_API Compiled {
  std::shared_ptr<const SourceFile> source;
  std::vector<Diagnostic> diagnostics;
  std::shared_ptr<const detail::Program> program;
  bool ok() const noexcept { return program != nullptr; }
  Policy policy() const noexcept;
};

// What an ExtendsResolver found for one `extends "NAME"`: the base policy's text and the name
// diagnostics show for it, or why there is none.
struct ResolvedPolicy {
  std::string name;   // shown in diagnostics (`--> name:line:col`); for files, the path
  std::string text;   // the base policy's text
  std::string error;  // not empty: there is no base; shown after "cannot read the base policy
                      // `NAME`: ". It must not quote the file's content.
  std::string help;   // with `error`: what would fix it
  std::string key;    // what makes two bases the same (for `extends` cycles); empty: `name`
};

// Resolves `extends "NAME"` written in the policy text called `from` (the compiled policy's
// name, or the `name` of a base resolved before). Called during the compile, on the compiling
// thread. Whatever text it returns must be a kadenz policy (after blank and `#` comment lines,
// `policy` or `extends`); anything else is reported as "`NAME` is not a kadenz policy" without
// any of its content.
using ExtendsResolver = std::function<ResolvedPolicy(std::string_view from, std::string_view name)>;

// The resolver of `kadenz` (and of a default CompileOptions): NAME is a file path relative to
// the directory of `from` (`..` allowed, so a variant may sit in a folder beside the shipped
// policies); an absolute path is refused, so that a policy names only files near it.
KADENZ_API ExtendsResolver files_relative_to_policy();

// Like files_relative_to_policy, but only files inside `directory` (after `..` and symbolic
// links are resolved) can be read: for a host that compiles policy text it did not write.
KADENZ_API ExtendsResolver files_under(std::string directory);

// Refuses every `extends` ("this compile has no file access"): the compile reads no file at all.
KADENZ_API ExtendsResolver no_file_access();

// What a compile may change beyond the policy text.
struct CompileOptions {
  // `--set NAME=VALUE`: parameter values that replace the policy's (after its bases). VALUE is
  // written as in a policy file (`15 minutes`, `60 %`); a bare number takes the unit of the
  // parameter's own literal. A wrong name or type is a diagnostic like any other.
  std::vector<std::pair<std::string, std::string>> set;
  // How `extends "NAME"` finds its base; empty: files_relative_to_policy(). Give
  // no_file_access() to compile text without touching the file system, files_under(dir) to
  // confine it to a directory, or a function of your own (a database, an embedded set).
  ExtendsResolver resolve_extends;
};

// Parses, checks and compiles policy text. `name` is used in diagnostics (usually the path);
// an `extends "base.kadenz"` in the text is resolved by `options.resolve_extends`, by default
// read relative to `name`'s directory (the current directory for a name without one). Reading
// a base file is the only I/O a compile does. Policy text must be UTF-8 without NUL bytes (a
// byte order mark at the start is skipped); names are compared after NFC normalisation.
KADENZ_API Compiled compile_policy(std::string name, std::string text, const CompileOptions& options = {});

// Reads and compiles a policy file; an unreadable file is an "io" diagnostic.
KADENZ_API Compiled compile_policy_file(const std::string& path, const CompileOptions& options = {});

// A calendar date (proleptic Gregorian, years 1..9999).
struct Date {
  int year = 1;
  int month = 1;
  int day = 1;
};

// A compiled policy as a host sees it: immutable, cheap to copy (it shares the program), safe
// to use from any number of threads at once. Obtain it with Compiled::policy().
class KADENZ_API Policy {
 public:
  Policy() = default;
  explicit Policy(std::shared_ptr<const detail::Program> program) noexcept;
  bool valid() const noexcept { return program_ != nullptr; }
  const std::string& name() const noexcept;
  std::size_t fact_count() const noexcept;
  const std::string& fact_name(std::size_t fact) const noexcept;
  // The index of a fact by name (resolve once, then use the index for every record);
  // fact_count() if there is no such fact.
  std::size_t find_fact(std::string_view name) const noexcept;
  std::size_t output_count() const noexcept;
  const std::string& output_name(std::size_t output) const noexcept;
  const std::shared_ptr<const detail::Program>& program() const noexcept { return program_; }

 private:
  std::shared_ptr<const detail::Program> program_;
};

// The decision for one record. Owned by the Evaluator that produced it and valid until its
// next evaluate() or reset(); copy what you keep.
struct Decision {
  bool decided = false;                 // false: `error` says why (a bad value, a failed check, no rule)
  std::string error;
  std::vector<std::string> outputs;     // each output as kadenz eval prints it (ISO dates, true/false)
  std::string rule;                     // deciding rule (table.rule; … with several tables)
  std::string section;                  // its directive section, e.g. §2.2.2
  std::vector<std::string_view> warnings;  // texts owned by the Evaluator, valid until its next call
};

// Evaluates records with one policy. Holds the per-record scratch state, so it is NOT safe to
// use from two threads at once: give each thread its own Evaluator (they may share the
// Policy). After the first records it allocates nothing per record. No function throws.
class KADENZ_API Evaluator {
 public:
  explicit Evaluator(Policy policy);
  ~Evaluator();
  Evaluator(const Evaluator&) = delete;
  Evaluator& operator=(const Evaluator&) = delete;

  // Starts a new record: every fact unset (an unset fact is empty, its default, or an error).
  void reset() noexcept;
  // Sets a fact from text, read exactly like a caseload cell (trimmed; dates ISO or German;
  // yes/no spellings; enumeration values exact). False if the text is not a valid value: the
  // record then fails with a message naming the fact.
  bool set(std::size_t fact, std::string_view text) noexcept;
  bool set_bool(std::size_t fact, bool value) noexcept;
  bool set_int(std::size_t fact, std::int64_t value) noexcept;  // ints and durations in the fact's unit
  bool set_date(std::size_t fact, Date value) noexcept;
  bool set_empty(std::size_t fact) noexcept;                   // only for `or empty` facts
  // Decides the record as of `as_of`.
  const Decision& evaluate(Date as_of) noexcept;

 private:
  struct State;
  Policy policy_;
  std::unique_ptr<State> state_;
};

// Printers of the intermediate stages, for `kadenz dump` and golden tests, in pipeline order:
// - ast: the one file as parsed (no bases, no `--set`);
// - merged: the tree after `extends` and `--set`, each line led by the file and line (or the
//   `--set NAME=VALUE`) it came from;
// - checked: the checked tree, every expression with its type and every name with what it is
//   bound to, plus the enumerations and the facts as the checker recorded them;
// - program: the compiled nodes and steps; code: the register code the evaluator runs.
// `options` (the `--set` values) apply to every stage but ast. Empty output and the errors in
// `diagnostics` if the stage cannot be reached; their spans point into the SourceFile that
// compile_policy(name, text, options) builds.
enum class Stage { ast, merged, checked, program, code };
KADENZ_API std::string dump(const std::string& name, const std::string& text, Stage stage,
                            std::vector<Diagnostic>& diagnostics, const CompileOptions& options = {});

}  // namespace kadenz
