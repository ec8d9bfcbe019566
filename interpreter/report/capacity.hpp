// Report stage, capacity (issue 17): the staff available (`--staff FILE.csv`, `--capacity FTE`)
// set against the demand of a workload or what-if report, overall and per --by group.
// docs/workload.md gives the formulas: capacity in interview hours per month = fte *
// interview_hours_per_fte; utilisation = steady_fte / fte; a forecast month is over capacity
// when its fte exceeds the staff's.
#pragma once

#include "interpreter/report/report.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kadenz::detail {

// The most full-time posts a staff file or --capacity may give: far above any job centre, and
// small enough that sums and charts of the figures stay finite.
inline constexpr double kMaxFte = 1e6;

// A staff file read: full-time posts per group (the --by columns' values, in --by order) and
// overall (a row whose group cells are all empty, or every row of a file without group columns).
struct Staff {
  std::string name;  // what messages call the file
  struct Row {
    std::vector<std::string> key;
    double fte = 0;
  };
  std::vector<Row> groups;
  std::optional<double> overall;
};

// Reads a staff CSV (`;` or `,` separated, decimal comma or point, a UTF-8 BOM allowed; header:
// the --by columns `by` it gives, and `fte`, `vzae`, `vzä` or `stellen`, any case). False with
// `error` (in `voice`'s language, naming `name` and the line) if it cannot be read.
bool read_staff(std::string_view text, std::string_view name, const std::vector<std::string>& by, const Voice& voice,
                Staff& staff, std::string& error);

// A number of full-time posts as people write it: "4,5", "4.5", " 12 " (0 or more, finite).
std::optional<double> parse_fte(std::string_view text);

// `fte` posts set against the demand of `w`: its steady_fte and its forecast.
Capacity capacity_of(double fte, const Workload& w);

// Fills report.capacity and each group's from `staff` (may be null) and `overall_fte` (--capacity,
// which wins over the file's overall row). Without an overall figure, the overall capacity is
// the sum of the groups' staff when every group has some. Adds a note (in the report's voice)
// for each group without staff and each staff row whose group the caseload lacks.
void apply_capacity(WorkloadReport& report, const Staff* staff, std::optional<double> overall_fte,
                    std::vector<std::string>& notes);
// The same for a what-if, against the variant's demand.
void apply_capacity(WhatIfReport& report, const Staff* staff, std::optional<double> overall_fte,
                    std::vector<std::string>& notes);

// A group's key for a message: its values joined by " / ", an empty one as "(empty)"/"(leer)".
std::string group_label(const GroupKey& key, const Voice& voice);

}  // namespace kadenz::detail
