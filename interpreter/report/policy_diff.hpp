// Report stage: what a what-if variant changes (WhatIfReport::differences) and the facts of a
// run (WhatIfReport::RunInfo), from the two compiled, merged programs. Read by the renderers
// ("what the variant changes"), filled by the host API's whatif (interpreter/host/caseload.cpp).
#pragma once

#include "interpreter/report/report.hpp"

#include <string>
#include <vector>

namespace kadenz::detail {

// The differences between `base` and `variant`, in this order: header items (name, document,
// issued, valid from/until), facts, parameters, definitions, tables and their rules (per table in
// the base's rule order, then the variant's new rules), checks, outputs, workload entries.
// Texts are as the policies write them (the source of the value, condition or outcome, with its
// whitespace collapsed and comments dropped); empty `before`: added; empty `after`: removed.
// Parameters compare by their folded value (`10 minutes` and `10 min` are the same), everything
// else by its text, so a rule written alike in both files is no difference even if it came from
// another file. Both programs must be complete (compile_policy's result).
std::vector<WhatIfReport::Difference> policy_differences(const Program& base, const Program& variant);

// The facts of a run: local date and time now (ISO 8601 with the UTC offset), kadenz::version()
// and the SHA-256 of each program's root source text (the root file's bytes as read; its bases
// and --set values are not in it, the differences show those).
WhatIfReport::RunInfo run_info(const Program& base, const Program& variant);

// `when` (seconds since the epoch) as local ISO 8601 with offset: 2026-12-02T18:04:05+01:00.
std::string iso_local_time(long long when);

}  // namespace kadenz::detail
