// A directory of versions of one directive: its `*.kadenz` files, each in force from its own
// `valid from` to its `valid until` or to the day before the next version starts; the checks of
// those periods (overlap, hole, a version without `valid from`), the choice of the version in
// force on a day, and the `PATH@DATE` form of a policy argument. The library never prints: the
// problems come back as diagnostics about `VersionSet::source`, and the CLI renders them.
#pragma once

#include "interpreter/report/report.hpp"
#include "stdlib/catalogue.hpp"

#include <kadenz/diagnostic.hpp>
#include <kadenz/kadenz.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kadenz::detail {

// One file of the directory, as its own header places it (not its base's: a version that
// `extends` another needs a `valid from` of its own).
struct PolicyVersion {
  std::string file;  // the directory joined with the file's name, as messages and reports show it
  std::optional<std::int32_t> valid_from, valid_until;  // of its own header (day numbers)
  // The last day it is in force: its `valid until`, else the day before the next version's
  // `valid from`; none: open-ended (the last version without `valid until`).
  std::optional<std::int32_t> in_force_until;
  Span at;  // in VersionSet::source: its own `valid from`, else its header, else its first byte
  Lang keywords = Lang::en;  // the file's keyword language
};

// The versions of one directory and what is wrong with their periods.
struct VersionSet {
  std::string directory;  // as given
  // Named after the directory, with an empty text of its own; each readable version's text is
  // one of its `included` texts, so the diagnostics below point into the files (a file that is
  // not a policy is not included: no message shows a byte of it).
  std::shared_ptr<SourceFile> source;
  // By `valid from`, then by file name; those without `valid from` last, by file name.
  std::vector<PolicyVersion> versions;
  // No versions, too many, an unreadable file or one that is not a policy, a version without
  // `valid from`, two versions in force on one day, a hole between two: all errors. If there is
  // none, every day is in force in at most one version, from the first `valid from` on.
  std::vector<Diagnostic> diagnostics;
  Voice voice;  // the messages' language; keywords in the first version's language
  // Problems that are not about periods: the directory cannot be listed, holds no or too many
  // versions, a file cannot be read or is not a policy (`kadenz check DIR` exits 2 for them).
  std::size_t unusable = 0;
  bool ok() const { return count_errors(diagnostics) == 0; }
};

// Whether `path` names a directory (through symbolic links): the commands take it as a
// directory of versions rather than as a policy file.
bool is_version_directory(const std::string& path);

// Reads the directory's `*.kadenz` files (not recursive; names starting with `.` are skipped,
// as are other names; at most kMaxVersions), parses each one's own header and works out the
// periods. Nothing is compiled: compile a version with compile_policy_file(version.file, options).
// The messages speak options.lang, else the first version's keyword language, else
// options.default_lang.
VersionSet scan_versions(const std::string& directory, const CompileOptions& options);

// The index of the version in force on `day`, if any (in a set with errors: the first of them).
std::optional<std::size_t> version_in_force(const VersionSet& set, std::int32_t day);

// The error that no version is in force on `day`, with each version's period as a label at its
// `valid from`.
Diagnostic no_version_in_force(const VersionSet& set, std::int32_t day);

// The error that version `index` does not compile (with `errors` errors, shown before it).
Diagnostic version_does_not_compile(const VersionSet& set, std::size_t index, std::size_t errors);

// What the reports say about a version chosen for `day`.
VersionNote version_note(const VersionSet& set, std::size_t index, std::int32_t day);

// A version's period as a text ("valid from … to …" / "valid from …, open-ended").
std::string version_period(const Voice& voice, const PolicyVersion& version);

// A policy argument of eval, workload and whatif: a path, or `PATH@DATE` for the version in force
// on DATE (the date the policy is chosen for; the records are still evaluated on --as-of). An
// argument that names an existing file or directory as a whole is a path, even with an `@`.
struct PolicyArgument {
  std::string path;
  std::optional<std::int32_t> date;
  // Set if the argument cannot be read: Msg::at_date_not_a_date (args: the argument, the text
  // after `@`) or Msg::at_date_no_path (the argument).
  std::optional<Msg> error;
  std::string after_at;
};
PolicyArgument parse_policy_argument(std::string_view argument);

}  // namespace kadenz::detail
