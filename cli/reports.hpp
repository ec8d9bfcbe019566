// The report commands of `kadenz`: workload and whatif (one variant, several, a sweep), and the
// helpers that eval shares with them (outputs that must not clash with inputs, the caseload
// argument). Split from cli/main.cpp, which parses the command line and dispatches.
#pragma once

#include <kadenz/caseload.hpp>

#include "cli/output_file.hpp"

#include <CLI/CLI.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kadenz::cli {

// Exit codes (README "Exit status"): usage errors, unreadable input, an output that is an input
// and any failed write share 2 with policy errors, because in all of them no output file was
// written or replaced.
constexpr int kExitOk = 0;
constexpr int kExitRowErrors = 1;
constexpr int kExitFailure = 2;

struct ReportArgs {
  std::string base, variant, caseload, as_of, format = "text", output, changes, encoding = "auto", lang,
      csv = "standard";
  std::vector<std::string> set;
  std::vector<std::string> files;  // whatif: BASE [VARIANT …] CASELOAD
  std::string sweep;               // whatif --sweep NAME=v1,v2,…
  bool force = false;
  unsigned jobs = 0;
  std::vector<std::string> by;     // --by COLUMN (repeatable)
  std::string staff;               // --staff FILE.csv
  std::optional<double> capacity;  // --capacity FTE
  std::int64_t catch_up_months = 3;
};

// The role an output has in messages: `option` for a file, "the output" for standard output.
std::string output_role(const std::string& path, const char* option);
// False (after a message) if an output is one of the inputs or another output.
bool outputs_are_safe(const std::vector<NamedFile>& outputs, const std::vector<NamedFile>& inputs);
// Opens an output (-o FILE, --changes FILE or standard output); false after a message.
bool open_output(OutputFile& out, const std::string& path);
// The caseload argument as an input of the public API: a file, or `-` for standard input.
kadenz::CaseloadInput caseload_input(const std::string& argument);
// The caseload options of a run.
kadenz::CaseloadOptions caseload_options(std::int32_t as_of, const std::string& encoding, unsigned jobs);
// Prints each line (a message of the library) on standard error.
void say_lines(const std::vector<std::string>& lines);

// The options --by, --staff, --capacity and --catch-up-months of workload and whatif.
void add_group_options(CLI::App* cmd, ReportArgs& a);

int run_workload_cmd(const ReportArgs& a);
// `kadenz whatif`: one variant (BASE VARIANT CASELOAD), several, or a sweep side by side.
int run_whatif_any(ReportArgs a);

}  // namespace kadenz::cli
