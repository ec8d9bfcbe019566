// Report stage, rendering: the JSON of a workload and of issue 17's sections (capacity, groups'
// keys, decomposition, error reasons, matrix counts), shared by render_text_json.cpp.
#include "interpreter/report/render_parts.hpp"

#include "stdlib/json_text.hpp"
#include "stdlib/date.hpp"

#include <fmt/format.h>

#include <cmath>
#include <iterator>

namespace kadenz::detail::render {

// A forecast month as YYYY-MM, as the JSON names it.
std::string month_name(const Workload::Month& m) { return fmt::format("{:04}-{:02}", m.year, m.month); }

// A JSON number: shortest text that reads back as the same double; integers without ".0".
std::string num(double v) {
  if (!std::isfinite(v)) return "null";
  if (v == std::floor(v) && std::fabs(v) < 1e15) return fmt::format("{}", static_cast<long long>(v));
  return fmt::format("{}", v);
}

// One Workload as a JSON object: categories, totals, staff figures and the forecast. The HTML
// page's data-key paths name the fields written here.
void json_workload(std::string& out, const Workload& w) {
  out += "{\"categories\":[";
  for (std::size_t i = 0; i < w.categories.size(); ++i) {
    const auto& c = w.categories[i];
    if (i) out += ',';
    out += "{\"name\":";
    append_json_string(out, c.name);
    out += fmt::format(",\"customers\":{},\"first_interviews\":{},\"interviews_per_month\":{},\"hours_per_month\":{}}}",
                       c.customers, c.first_interviews, num(c.interviews_per_month), num(c.hours_per_month));
  }
  out += fmt::format(
      "],\"customers\":{},\"not_counted\":{},\"first_interviews\":{},\"follow_ups_per_month\":{},"
      "\"interviews_per_month\":{},\"interview_hours_per_month\":{},\"preparation_hours_per_month\":{},"
      "\"hours_per_month\":{},\"weekly_hours\":{},\"interview_share\":{},\"interview_hours_per_fte\":{},\"fte\":{},"
      "\"forecast\":[",
      w.customers, w.not_counted, w.first_interviews, num(w.follow_ups_per_month), num(w.interviews_per_month),
      num(w.interview_hours_per_month), num(w.preparation_hours_per_month), num(w.hours_per_month),
      num(w.weekly_hours), num(w.interview_share), num(w.interview_hours_per_fte), num(w.fte));
  for (std::size_t m = 0; m < w.forecast.size(); ++m) {
    if (m) out += ',';
    const auto& f = w.forecast[m];
    out += fmt::format("{{\"month\":\"{}\",\"interviews\":{},\"first\":{},\"backlog\":{},\"recurring\":{},"
                       "\"hours\":{},\"fte\":{}}}",
                       month_name(f), f.interviews, f.first, f.backlog, f.recurring, num(f.hours), num(f.fte));
  }
  out += fmt::format("],\"steady_state\":{{\"interviews_per_month\":{},\"hours_per_month\":{},\"fte\":{}}},"
                     "\"one_off\":{{\"first_interviews\":{},\"first_interview_hours\":{},\"backlog\":{},"
                     "\"backlog_hours\":{},\"catch_up_months\":{}}}}}",
                     num(w.steady_interviews_per_month), num(w.steady_hours_per_month), num(w.steady_fte),
                     w.first_interviews, num(w.first_interview_hours), w.backlog, num(w.backlog_hours),
                     w.catch_up_months);
}

// A capacity as JSON: null when no staff was given for it; the months over it by name (from
// the forecast of the workload it is set against).
void json_capacity(std::string& out, const Capacity& c, const Workload& against) {
  if (!c.known) {
    out += "null";
    return;
  }
  out += fmt::format("{{\"fte\":{},\"interview_hours_per_month\":{},\"demand_fte\":{},\"utilisation\":{},"
                     "\"months_over\":[",
                     num(c.fte), num(c.interview_hours_per_month), num(c.demand_fte), num(c.utilisation));
  bool first = true;
  for (std::size_t m = 0; m < c.over.size(); ++m) {
    if (!c.over[m]) continue;
    out += fmt::format("{}\"{}\"", first ? "" : ",", month_name(against.forecast[m]));
    first = false;
  }
  out += "]}";
}

// The --by columns as a JSON array of names.
void json_columns(std::string& out, const std::vector<std::string>& columns) {
  out += '[';
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (i) out += ',';
    append_json_string(out, columns[i]);
  }
  out += ']';
}

// A group's key as {"column": "value", …} (an empty cell as "").
void json_key(std::string& out, const std::vector<std::string>& columns, const GroupKey& key) {
  out += '{';
  for (std::size_t i = 0; i < columns.size() && i < key.values.size(); ++i) {
    if (i) out += ',';
    append_json_string(out, columns[i]);
    out += ':';
    append_json_string(out, key.values[i]);
  }
  out += '}';
}

// The decomposition of a change, unrounded: change = variant - base = policy_effect
// + entering_error (<= 0) + leaving_error (>= 0).
void json_decomposition(std::string& out, const Workload& base, const Workload& variant,
                        const WhatIfReport::Decomposition& d) {
  out += fmt::format("{{\"records\":{{\"both\":{},\"entering_error\":{},\"leaving_error\":{}}},\"figures\":[", d.both,
                     d.entering, d.leaving);
  for (std::size_t i = 0; i < std::size(kFigures); ++i) {
    const auto& f = kFigures[i];
    out += fmt::format("{}{{\"figure\":\"{}\",\"base\":{},\"variant\":{},\"change\":{},\"policy_effect\":{},"
                       "\"entering_error\":{},\"leaving_error\":{}}}",
                       i ? "," : "", f.name, num(f.get(base)), num(f.get(variant)), num(f.get(variant) - f.get(base)),
                       num(f.get(d.both_variant) - f.get(d.both_base)), num(-f.get(d.entering_base)),
                       num(f.get(d.leaving_variant)));
  }
  out += "]}";
}

// Error kinds as [{"reason", "rows"}, …], most rows first.
void json_reasons(std::string& out, const std::vector<ErrorKinds::Kind>& kinds) {
  out += '[';
  for (std::size_t i = 0; i < kinds.size(); ++i) {
    out += i ? ",{\"reason\":" : "{\"reason\":";
    append_json_string(out, kinds[i].text);
    out += fmt::format(",\"rows\":{}}}", kinds[i].rows);
  }
  out += ']';
}

// A transition matrix's counts as [[…], …].
void json_counts(std::string& out, const std::vector<std::vector<std::size_t>>& counts) {
  out += '[';
  for (std::size_t i = 0; i < counts.size(); ++i) {
    if (i) out += ',';
    out += '[';
    for (std::size_t j = 0; j < counts[i].size(); ++j) out += fmt::format("{}{}", j ? "," : "", counts[i][j]);
    out += ']';
  }
  out += ']';
}

// A policy as {"name", "file"}.
// With a version (chosen from a directory): also "version": {"directory", "valid_from",
// "in_force_until" (null: open-ended), "chosen_for"}; without one, nothing more, so the reports of
// a policy file stay as they were.
void json_policy(std::string& out, const std::string& name, const std::string& file,
                 const std::optional<VersionNote>& version) {
  out += "{\"name\":";
  append_json_string(out, name);
  out += ",\"file\":";
  append_json_string(out, file);
  if (version) {
    out += ",\"version\":{\"directory\":";
    append_json_string(out, version->directory);
    out += fmt::format(",\"valid_from\":\"{}\",\"in_force_until\":{},\"chosen_for\":\"{}\"}}",
                       iso_date(version->valid_from),
                       version->in_force_until ? fmt::format("\"{}\"", iso_date(*version->in_force_until)) : "null",
                       iso_date(version->chosen_for));
  }
  out += '}';
}

}  // namespace kadenz::detail::render
