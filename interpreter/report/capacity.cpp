// Report stage, capacity: the staff file and the staff set against the demand (capacity.hpp).
#include "interpreter/report/capacity.hpp"

#include "interpreter/report/groups.hpp"
#include "stdlib/utf8.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace kadenz::detail {
namespace {

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// The column that gives the posts: `fte`, or the German `VZÄ`/`VZAE`/`Stellen` (any ASCII case).
bool is_fte_column(std::string_view name) {
  const std::string n = lower_ascii(trimmed(name));
  return n == "fte" || n == "vzae" || n == "vz\xc3\xa4" || n == "vz\xc3\x84" || n == "stellen";
}

// One line of a small CSV: fields split at `sep`, "…" quoted with "" as a quote (a staff file is
// a few lines written by hand or by Excel; no line breaks inside fields).
std::vector<std::string> split_line(std::string_view line, char sep) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == sep) {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  for (auto& f : fields) f = std::string(trimmed(f));
  return fields;
}

// The staff set against the groups of a report: each group's capacity (`demand` gives its
// workload), the overall one, and the notes.
template <class Group, class Demand>
void apply(std::vector<Group>& groups, Capacity& overall, const Workload& total, const Staff* staff,
           std::optional<double> overall_fte, const Voice& voice, std::vector<std::string>& notes, Demand demand) {
  double sum = 0;
  bool every_group = true;  // the overall staff is the sum of the groups' only if each has some
  if (staff != nullptr) {
    for (auto& g : groups) {
      const auto row = std::find_if(staff->groups.begin(), staff->groups.end(),
                                    [&](const Staff::Row& r) { return r.key == g.key.values; });
      if (row == staff->groups.end()) {
        notes.push_back(say(voice, Msg::note_line, {say(voice, Msg::note_staff_missing, {staff->name, group_label(g.key, voice)})}));
        every_group = false;
        continue;
      }
      g.capacity = capacity_of(row->fte, demand(g));
      sum += row->fte;
    }
    for (const auto& r : staff->groups) {
      const bool used = std::any_of(groups.begin(), groups.end(), [&](const Group& g) { return g.key.values == r.key; });
      if (!used)
        notes.push_back(
            say(voice, Msg::note_line, {say(voice, Msg::note_staff_unused, {staff->name, group_label(GroupKey{r.key}, voice)})}));
    }
  }
  if (overall_fte) overall = capacity_of(*overall_fte, total);
  else if (staff != nullptr && staff->overall) overall = capacity_of(*staff->overall, total);
  else if (staff != nullptr && !groups.empty() && !staff->groups.empty() && every_group)
    overall = capacity_of(sum, total);
}

}  // namespace

std::optional<double> parse_fte(std::string_view text) {
  std::string s(trimmed(text));
  std::replace(s.begin(), s.end(), ',', '.');
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  // at most kMaxFte: no job centre has more posts, and the figures (and the HTML chart's axis)
  // stay finite when they are added up
  if (s.empty() || ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v) || v < 0 || v > kMaxFte)
    return std::nullopt;
  return v;
}

bool read_staff(std::string_view text, std::string_view name, const std::vector<std::string>& by, const Voice& voice,
                Staff& staff, std::string& error) {
  staff = Staff{};
  staff.name = std::string(name);
  if (text.substr(0, 3) == "\xef\xbb\xbf") text.remove_prefix(3);
  std::vector<std::string_view> lines;
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = trimmed(text.substr(start, end - start));
    lines.push_back(line);
    start = end + 1;
  }
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  if (lines.empty()) {
    error = say(voice, Msg::staff_empty, {name});
    return false;
  }
  // `;` or `,`; a header of one column has neither, and then "12,5" is one decimal-comma field
  const char sep = lines[0].find(';') != std::string_view::npos   ? ';'
                   : lines[0].find(',') != std::string_view::npos ? ','
                                                                   : '\0';
  const std::vector<std::string> header = split_line(lines[0], sep);
  std::size_t fte_column = header.size();
  for (std::size_t i = 0; i < header.size(); ++i)
    if (fte_column == header.size() && is_fte_column(header[i])) fte_column = i;
  if (fte_column == header.size()) {
    error = say(voice, Msg::staff_no_fte, {name});
    return false;
  }
  // the --by columns the file gives (a --by column it lacks is empty in every key)
  std::vector<std::size_t> key_columns(by.size(), header.size());
  bool any = false;
  for (std::size_t b = 0; b < by.size(); ++b)
    for (std::size_t i = 0; i < header.size(); ++i)
      if (header[i] == by[b]) {
        key_columns[b] = i;
        any = true;
      }
  for (std::size_t l = 1; l < lines.size(); ++l) {
    if (lines[l].empty()) continue;
    const std::vector<std::string> fields = split_line(lines[l], sep);
    const std::string line = std::to_string(l + 1);
    if (fields.size() != header.size()) {
      error = say(voice, Msg::staff_fields, {name, line, std::to_string(fields.size()), std::to_string(header.size())});
      return false;
    }
    const std::optional<double> fte = parse_fte(fields[fte_column]);
    if (!fte) {
      error = say(voice, Msg::staff_bad_fte, {name, line, header[fte_column]});
      return false;
    }
    Staff::Row row;
    bool all_empty = true;
    for (const std::size_t c : key_columns) {
      std::string scratch;
      row.key.emplace_back(c < fields.size() ? std::string(utf8::safe(fields[c], scratch)) : std::string());
      all_empty = all_empty && row.key.back().empty();
    }
    if (!any || all_empty) {
      if (staff.overall) {
        error = say(voice, Msg::staff_repeated, {name, line, say(voice, Msg::empty_group)});
        return false;
      }
      staff.overall = *fte;
      continue;
    }
    // bounded: the repeated-row check below compares each row with the earlier ones
    if (staff.groups.size() >= kMaxGroups) {
      error = say(voice, Msg::staff_too_many_rows, {name, std::to_string(kMaxGroups)});
      return false;
    }
    if (std::any_of(staff.groups.begin(), staff.groups.end(), [&](const Staff::Row& r) { return r.key == row.key; })) {
      error = say(voice, Msg::staff_repeated, {name, line, group_label(GroupKey{row.key}, voice)});
      return false;
    }
    row.fte = *fte;
    staff.groups.push_back(std::move(row));
  }
  return true;
}

Capacity capacity_of(double fte, const Workload& w) {
  Capacity c;
  c.known = true;
  c.fte = fte;
  c.interview_hours_per_month = fte * w.interview_hours_per_fte;
  c.demand_fte = w.steady_fte;
  c.utilisation = fte > 0 ? w.steady_fte / fte : 0;
  for (std::size_t m = 0; m < kForecastMonths; ++m) {
    c.over[m] = w.forecast[m].fte > fte;
    if (c.over[m]) ++c.months_over;
  }
  return c;
}

void apply_capacity(WorkloadReport& report, const Staff* staff, std::optional<double> overall_fte,
                    std::vector<std::string>& notes) {
  apply(report.groups, report.capacity, report.workload, staff, overall_fte, report.voice, notes,
        [](const WorkloadReport::Group& g) -> const Workload& { return g.workload; });
}

void apply_capacity(WhatIfReport& report, const Staff* staff, std::optional<double> overall_fte,
                    std::vector<std::string>& notes) {
  apply(report.groups, report.capacity, report.variant, staff, overall_fte, report.voice, notes,
        [](const WhatIfReport::Group& g) -> const Workload& { return g.variant; });
}

std::string group_label(const GroupKey& key, const Voice& voice) {
  std::string out;
  for (std::size_t i = 0; i < key.values.size(); ++i) {
    if (i > 0) out += " / ";
    out += key.values[i].empty() ? say(voice, Msg::empty_group) : key.values[i];
  }
  return out;
}

}  // namespace kadenz::detail
