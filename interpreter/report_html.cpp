// PLACEHOLDER (being written): the HTML page of the workload and what-if reports.
#include "report.hpp"

namespace kadenz::detail {
std::string render_workload_html(const WorkloadReport&) { return "<!doctype html>\n"; }
std::string render_whatif_html(const WhatIfReport&) { return "<!doctype html>\n"; }
}  // namespace kadenz::detail
