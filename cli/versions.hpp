// The kadenz command's policy arguments: a policy file or a directory of versions of one directive
// (either with `@DATE`), compiled and with its messages printed; `kadenz check DIR`; the
// evaluation date. The scan and the choice are the library's (interpreter/pipeline/versions.hpp);
// this file renders them.
#pragma once

#include "cli/output_file.hpp"
#include "interpreter/compile/program.hpp"
#include "interpreter/report/report.hpp"

#include <kadenz/kadenz.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace kadenz::cli {

// Today's date (the default --as-of), as a day number.
std::int32_t today();

// The --as-of date, or `fallback` if none was given; nullopt (after a message in `voice`) if it
// is not a date.
std::optional<std::int32_t> as_of_or(const std::string& text, std::int32_t fallback, const detail::Voice& voice);

// Compiles and prints the diagnostics to standard error; `program` is null if it does not compile.
Compiled compile_and_report(const std::string& path, const CompileOptions& options);

// Adds the base files a compiled policy read through `extends` (not the `--set` texts) to `inputs`.
void add_bases(std::vector<NamedFile>& inputs, const SourceFile& source);

// The policy a command runs with.
struct ChosenPolicy {
  std::shared_ptr<const detail::Program> program;
  Policy policy;                              // the same program, for the public API (kadenz/caseload.hpp)
  std::string file;                           // the file compiled (a version's, for a directory)
  std::optional<detail::VersionNote> version;  // set when chosen from a directory
};

// Chooses and compiles the policy of `argument`: a file, or the version of a directory in force on
// its `@DATE`, else on as_of. `as_of` is parsed from `as_of_text` (default today) if not set yet,
// in the voice of the policy (of the directory's versions). The day the policy is chosen for must
// lie in its validity (unless `force`, for a file). Every file read is added to `inputs` under
// `role`. False after the messages (exit 2).
bool choose_policy(const std::string& argument, const std::string& as_of_text, bool force,
                   const CompileOptions& options, const char* role, std::vector<NamedFile>& inputs,
                   std::optional<std::int32_t>& as_of, ChosenPolicy& out);

// After a command's summary line: which version was used (nothing for a policy file). `side`:
// Msg::side_base or Msg::side_variant for whatif, else none.
void say_version(const detail::Voice& voice, const ChosenPolicy& chosen, std::optional<detail::Msg> side = {});

// `kadenz check DIR`: every version (compile and analysis, each under a heading line) and their
// periods. Exit 2 if a version does not compile or cannot be read, 1 if errors were found (or
// warnings with --strict), else 0.
struct CheckVersionsArgs {
  std::string directory, format, as_of, lang;
  std::vector<std::string> set;
  bool strict = false, notes = false;
};
int run_check_versions(const CheckVersionsArgs& a);

}  // namespace kadenz::cli
