// The kadenz command: swapped arguments. A caseload given where the policy belongs (`kadenz eval
// caseload.csv policy.kadenz`) gets "did you swap POLICY and CASELOAD?" instead of a page of
// syntax errors about a CSV header.
#pragma once

#include <string>
#include <string_view>

namespace kadenz::cli {

// True (after the message on standard error) if `policy` looks like a caseload (its first line
// is a CSV header: commas or semicolons and no keyword) and `caseload` looks like a policy (it
// ends in .kadenz or its text starts with keywords). Reads at most the first few KiB of each.
bool refuse_swapped(const std::string& policy, const std::string& caseload, std::string_view command);

// After a policy failed to compile: a note if the file looks like a caseload (CSV), not a policy.
void note_if_caseload(const std::string& policy);

}  // namespace kadenz::cli
