// Report stage, rendering: the parts the text and the JSON of a report share (render_text_json.cpp),
// and the JSON of a workload and of issue 17's sections (render_parts.cpp), kept apart so that
// each file stays short enough to read.
#pragma once

#include "interpreter/report/report.hpp"

#include <optional>
#include <string>
#include <vector>

namespace kadenz::detail::render {

// A forecast month as YYYY-MM, as the JSON names it.
std::string month_name(const Workload::Month& m);
// A JSON number: shortest text that reads back as the same double; integers without ".0".
std::string num(double v);

// The figures of a what-if decomposition, in the order of the JSON's "figures".
struct Figure {
  const char* name;  // the JSON's "figure"
  Msg label;
  int decimals;
  double (*get)(const Workload&);
};
inline constexpr Figure kFigures[] = {
    {"customers", Msg::r17_fig_customers, 0, [](const Workload& w) { return static_cast<double>(w.customers); }},
    {"steady_interviews_per_month", Msg::r17_fig_steady, 1,
     [](const Workload& w) { return w.steady_interviews_per_month; }},
    {"steady_hours_per_month", Msg::r17_fig_steady_hours, 1, [](const Workload& w) { return w.steady_hours_per_month; }},
    {"steady_fte", Msg::r17_fig_steady_fte, 2, [](const Workload& w) { return w.steady_fte; }},
    {"first_interviews", Msg::r17_fig_first, 0, [](const Workload& w) { return static_cast<double>(w.first_interviews); }},
    {"backlog", Msg::r17_fig_backlog, 0, [](const Workload& w) { return static_cast<double>(w.backlog); }},
    {"interviews_per_month", Msg::r17_fig_interviews, 1, [](const Workload& w) { return w.interviews_per_month; }},
    {"hours_per_month", Msg::r17_fig_hours, 1, [](const Workload& w) { return w.hours_per_month; }},
    {"fte", Msg::r17_fig_fte, 2, [](const Workload& w) { return w.fte; }},
};

// One Workload as a JSON object: categories, totals, staff figures, the forecast, the steady
// state and the one-off demand. The HTML page's data-key paths name the fields written here.
void json_workload(std::string& out, const Workload& w);
// A capacity as JSON: null when no staff was given for it; the months over it by name (from
// the forecast of the workload it is set against).
void json_capacity(std::string& out, const Capacity& c, const Workload& against);
// The --by columns as a JSON array of names.
void json_columns(std::string& out, const std::vector<std::string>& columns);
// A group's key as {"column": "value", …} (an empty cell as "").
void json_key(std::string& out, const std::vector<std::string>& columns, const GroupKey& key);
// The decomposition of a change, unrounded: change = variant - base = policy_effect
// + entering_error (<= 0) + leaving_error (>= 0).
void json_decomposition(std::string& out, const Workload& base, const Workload& variant,
                        const WhatIfReport::Decomposition& d);
// Error kinds as [{"reason", "rows"}, …], most rows first.
void json_reasons(std::string& out, const std::vector<ErrorKinds::Kind>& kinds);
// A policy as {"name", "file"}; with a version (chosen from a directory) also "version":
// {"directory", "valid_from", "in_force_until" (null: open-ended), "chosen_for"}.
void json_policy(std::string& out, const std::string& name, const std::string& file,
                 const std::optional<VersionNote>& version = std::nullopt);
// A transition matrix's counts as [[…], …].
void json_counts(std::string& out, const std::vector<std::vector<std::size_t>>& counts);

}  // namespace kadenz::detail::render
