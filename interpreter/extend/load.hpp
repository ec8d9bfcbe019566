// Extend stage, front half: reads a policy with the base files its `extends` chain names and
// the `--set` values, and returns the one merged tree that check and compile take. Shared by
// the pipeline driver (compile_policy) and by `kadenz dump --stage merged|checked`.
#pragma once

#include "grammar/ast.hpp"
#include "stdlib/catalogue.hpp"

#include <kadenz/diagnostic.hpp>
#include <kadenz/kadenz.hpp>

#include <optional>
#include <string>
#include <vector>

namespace kadenz::detail {

// Parses `source.text` (named `source.name`) and, through its `extends`, each base below it
// (from options.resolve_extends; by default a file relative to the directory of the file that
// names it; a text that is not a policy is refused unseen), applies every variant onto
// its base, then applies `options.set`. Each base's text and each `--set NAME=VALUE` is
// appended to `source.included`, so every span of the tree and of the diagnostics names the
// file it came from; `source` must outlive both. The `--set` values are applied only if the
// files loaded without errors. Errors and warnings go to `diagnostics`; whatever merged is
// returned (usable only if no error was added).
PolicyAst load_policy(SourceFile& source, const CompileOptions& options, std::vector<Diagnostic>& diagnostics);

// Reads a policy file, at most kMaxPolicyBytes + 1 bytes of it (more is refused by the parser
// anyway); nullopt with `why` set if it cannot be read or is not a regular file (a directory, a
// FIFO, a device such as /dev/zero).
std::optional<std::string> read_policy_file(const std::string& path, std::string& why);
// The same, with why it failed kept as a catalogue text and its argument, to be said in the
// messages' language once that is known (read_failure_text): a directory of versions is read
// before its first version tells the language.
struct ReadFailure {
  Msg id = Msg::read_system;  // read_system, read_not_regular, read_failed
  std::string arg;            // the system's words (read_system, read_failed)
  std::optional<Msg> kind;    // read_not_regular: what the file is (file_kind_*)
};
std::optional<std::string> read_policy_file(const std::string& path, ReadFailure& why);
std::string read_failure_text(const Voice& voice, const ReadFailure& why);

// Why `text` is not a kadenz policy (a not_policy_* text), or nullopt if it may be one: after a
// byte order mark, blank lines and `#` comment lines, a policy starts with `policy` or (a
// variant) `extends`, in either keyword language. Used for every file a compile reads that the
// user did not name as the policy itself (a base, a version found in a directory).
std::optional<Msg> not_a_policy(std::string_view text);

// The language the messages of a compile of `text` speak: options.lang, else the text's keyword
// language, else options.default_lang (a text without keywords).
Lang message_lang(const CompileOptions& options, std::string_view text);

}  // namespace kadenz::detail
