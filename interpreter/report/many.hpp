// Report stage: several what-if variants against one base on one caseload, side by side
// (`kadenz whatif BASE V1 V2 … CASELOAD`, `--sweep NAME=v1,v2,…`). Each variant is a complete
// WhatIfReport (run_whatif, one pass per variant); this adds the table of their steady-state
// figures and changes and renders it as text, JSON (docs/whatif.md) and a German HTML page.
#pragma once

#include "interpreter/report/report.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace kadenz::detail {

struct WhatIfMany {
  std::string base_name, base_file, caseload_file;
  std::int32_t as_of = 0;
  std::size_t rows = 0;
  // A --sweep: the parameter and its values, one variant per value, in this order.
  struct Sweep {
    std::string parameter;
    std::vector<std::string> values;
  };
  std::optional<Sweep> sweep;
  struct Variant {
    std::string name, file;
    std::vector<std::pair<std::string, std::string>> set;  // the --set values it was compiled with
    WhatIfReport report;
  };
  std::vector<Variant> variants;
  std::string generated_at, kadenz_version;
  Voice voice;  // the base's
};

// One variant's figures in the table (and the JSON "summary"): its moves and errors and its
// steady state; the changes are variant - base, unrounded (renderers show shown_change).
struct ManySummary {
  std::size_t moved = 0, changed = 0, variant_errors = 0;
  double steady_interviews_per_month = 0, steady_hours_per_month = 0, steady_fte = 0;
  double change_steady_interviews_per_month = 0, change_steady_hours_per_month = 0, change_steady_fte = 0;
};
ManySummary many_summary(const WhatIfReport& r);

std::string render_many_text(const WhatIfMany& m);
std::string render_many_json(const WhatIfMany& m);
std::string render_many_html(const WhatIfMany& m);

}  // namespace kadenz::detail
