// Report stage, rendering: workload and what-if reports as terminal text and as JSON (the
// HTML pages are html_*.cpp). JSON carries every number unrounded; the text rounds for reading.
#include "interpreter/report/report.hpp"

#include "stdlib/json_text.hpp"
#include "stdlib/date.hpp"

#include <kadenz/diagnostic.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace kadenz::detail {
namespace {

// A forecast month as YYYY-MM, as the JSON names it.
std::string month_name(const Workload::Month& m) { return fmt::format("{:04}-{:02}", m.year, m.month); }

// A JSON number: shortest text that reads back as the same double; integers without ".0".
std::string num(double v) {
  if (!std::isfinite(v)) return "null";
  if (v == std::floor(v) && std::fabs(v) < 1e15) return fmt::format("{}", static_cast<long long>(v));
  return fmt::format("{}", v);
}

// A change as shown in the terminal: signed, and an unchanged value without a sign.
std::string signed_change(double v, int decimals) {
  const double scale = std::pow(10.0, decimals);
  const double r = std::round(v * scale) / scale;
  if (r == 0) return fmt::format("{:.{}f}", 0.0, decimals);
  return fmt::format("{:+.{}f}", r, decimals);
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
    out += fmt::format("{{\"month\":\"{}\",\"interviews\":{}}}", month_name(w.forecast[m]), w.forecast[m].interviews);
  }
  out += "]}";
}

// A policy as {"name", "file"}.
// With a version (chosen from a directory): also "version": {"directory", "valid_from",
// "in_force_until" (null: open-ended), "chosen_for"}; without one, nothing more, so the reports of
// a policy file stay as they were.
void json_policy(std::string& out, const std::string& name, const std::string& file,
                 const std::optional<VersionNote>& version = std::nullopt) {
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

// A text report's line about a version chosen from a directory (none without one): `side` is
// empty, side_base or side_variant.
void text_version(std::string& out, const Voice& v, const std::string& file, const std::optional<VersionNote>& version,
                  std::string_view side = {}) {
  if (!version) return;
  const std::string period =
      version->in_force_until
          ? say(v, Msg::version_period, {iso_date(version->valid_from), iso_date(*version->in_force_until)})
          : say(v, Msg::version_period_open, {iso_date(version->valid_from)});
  out += say(v, Msg::rep_version_line, {side, file, period, iso_date(version->chosen_for)});
  out += '\n';
}

// The catalogue's text `id` in `v` (a report's labels take no arguments).
std::string T(const Voice& v, Msg id) { return say(v, id); }

// The workload table of one or two policies, with the difference column for two.
void text_workload(std::string& out, const Workload& a, const Workload* b, const Voice& v) {
  struct Line {
    Msg label;
    double Workload::*field;
    int decimals;
  };
  static constexpr Line lines[] = {
      {Msg::rep_interviews_per_month, &Workload::interviews_per_month, 1},
      {Msg::rep_first_interviews_once, nullptr, 0},
      {Msg::rep_follow_ups, &Workload::follow_ups_per_month, 1},
      {Msg::rep_hours_per_month, &Workload::hours_per_month, 1},
      {Msg::rep_interviews, &Workload::interview_hours_per_month, 1},
      {Msg::rep_preparation, &Workload::preparation_hours_per_month, 1},
      {Msg::rep_staff, &Workload::fte, 2},
  };
  if (b) {
    out += fmt::format("{:<32}{:>12}{:>12}{:>12}\n", T(v, Msg::rep_workload), T(v, Msg::rep_base),
                       T(v, Msg::rep_variant), T(v, Msg::rep_change));
  } else {
    out += T(v, Msg::rep_workload);
    out += '\n';
  }
  auto value = [](const Workload& w, const Line& l) {
    return l.field ? w.*(l.field) : static_cast<double>(w.first_interviews);
  };
  auto customers = [](const Workload& w) { return static_cast<double>(w.customers); };
  if (b) {
    out += fmt::format("{:<32}{:>12}{:>12}{:>12}\n", T(v, Msg::rep_customers_counted), a.customers, b->customers,
                       signed_change(customers(*b) - customers(a), 0));
  } else {
    out += fmt::format("{:<32}{:>12}\n", T(v, Msg::rep_customers_counted), a.customers);
  }
  for (const auto& l : lines) {
    const double va = value(a, l);
    if (b) {
      const double vb = value(*b, l);
      const std::string change = signed_change(vb - va, l.decimals);
      out += fmt::format("{:<32}{:>12.{}f}{:>12.{}f}{:>12}\n", T(v, l.label), va, l.decimals, vb, l.decimals, change);
    } else {
      out += fmt::format("{:<32}{:>12.{}f}\n", T(v, l.label), va, l.decimals);
    }
  }
  // German prose writes a decimal comma (the table columns above stay machine-like: `.`)
  const char point = v.text == Lang::de ? ',' : '.';
  const auto one_decimal = [point](double x) {
    std::string t = fmt::format("{:.1f}", x);
    std::replace(t.begin(), t.end(), '.', point);
    return t;
  };
  out += say(v, Msg::rep_hours_per_fte,
             {exact_hours(a.weekly_minutes, point), std::to_string(a.share_percent),
              one_decimal(a.interview_hours_per_fte)});
  out += '\n';
  if (b && (b->weekly_minutes != a.weekly_minutes || b->share_percent != a.share_percent)) {
    out += say(v, Msg::rep_variant_hours,
               {exact_hours(b->weekly_minutes, point), std::to_string(b->share_percent),
                one_decimal(b->interview_hours_per_fte)});
    out += '\n';
  }
  if (a.not_counted > 0 || (b && b->not_counted > 0)) {
    out += say(v, Msg::rep_not_counted,
               {std::to_string(a.not_counted), b ? fmt::format(" / {}", b->not_counted) : std::string()});
    out += '\n';
  }
}

// The forecast of one or two policies as a table of months, with the change for two.
void text_forecast(std::string& out, const Workload& a, const Workload* b, const Voice& v) {
  out += '\n';
  out += T(v, Msg::rep_forecast);
  out += '\n';
  if (b) {
    out += fmt::format("{:<10}{:>10}{:>10}{:>10}\n", T(v, Msg::rep_month), T(v, Msg::rep_base), T(v, Msg::rep_variant),
                       T(v, Msg::rep_change));
  }
  for (std::size_t m = 0; m < a.forecast.size(); ++m) {
    if (b) {
      out += fmt::format("{:<10}{:>10}{:>10}{:>10}\n", month_name(a.forecast[m]), a.forecast[m].interviews,
                         b->forecast[m].interviews,
                         signed_change(static_cast<double>(b->forecast[m].interviews) -
                                           static_cast<double>(a.forecast[m].interviews),
                                       0));
    } else {
      out += fmt::format("{:<10}{:>10}\n", month_name(a.forecast[m]), a.forecast[m].interviews);
    }
  }
}

}  // namespace

std::string exact_hours(std::int64_t minutes, char point) {
  const std::uint64_t m = minutes < 0 ? 0 - static_cast<std::uint64_t>(minutes) : static_cast<std::uint64_t>(minutes);
  const std::uint64_t hundredths = m / 60 * 100 + ((m % 60) * 100 + 30) / 60;  // rounded half up, no overflow
  std::string s = fmt::format("{}{}", minutes < 0 ? "-" : "", hundredths / 100);
  if (const std::uint64_t frac = hundredths % 100; frac != 0) {
    s += point;
    s += static_cast<char>('0' + frac / 10);
    if (frac % 10 != 0) s += static_cast<char>('0' + frac % 10);
  }
  return s;
}

// The categories table, the workload figures and the forecast of one policy.
std::string render_workload_text(const WorkloadReport& r) {
  const Voice& v = r.voice;
  std::string out = say(v, Msg::rep_workload_title, {r.policy_name, r.policy_file});
  out += '\n';
  text_version(out, v, r.policy_file, r.version);
  out += say(v, Msg::rep_caseload_line,
             {r.caseload_file, std::to_string(r.summary.rows), std::to_string(r.summary.decided),
              std::to_string(r.summary.errors), iso_date(r.as_of)});
  out += "\n\n";
  const Workload& w = r.workload;
  out += fmt::format("{:<12}{:>11}{:>18}{:>18}{:>13}\n", T(v, Msg::rep_category), T(v, Msg::rep_customers),
                     T(v, Msg::rep_first_interviews_col), T(v, Msg::rep_interviews_month_col),
                     T(v, Msg::rep_hours_month_col));
  for (const auto& c : w.categories) {
    out += fmt::format("{:<12}{:>11}{:>18}{:>18.1f}{:>13.1f}\n", c.name, c.customers, c.first_interviews,
                       c.interviews_per_month, c.hours_per_month);
  }
  out += '\n';
  text_workload(out, w, nullptr, v);
  text_forecast(out, w, nullptr, v);
  return out;
}

// One document: policy, caseload counts (with every kind of error, most common first), as_of,
// workload.
std::string render_workload_json(const WorkloadReport& r) {
  std::string out = "{\"policy\":";
  json_policy(out, r.policy_name, r.policy_file, r.version);
  out += ",\"caseload\":{\"file\":";
  append_json_string(out, r.caseload_file);
  out += fmt::format(",\"rows\":{},\"decided\":{},\"errors\":{},\"warned\":{},\"error_kinds\":[", r.summary.rows,
                     r.summary.decided, r.summary.errors, r.summary.warned);
  bool first = true;
  for (const auto& k : r.summary.error_kinds.sorted()) {
    out += first ? "{\"kind\":" : ",{\"kind\":";
    first = false;
    append_json_string(out, k.text);
    out += fmt::format(",\"rows\":{}}}", k.rows);
  }
  out += fmt::format("]}},\"as_of\":\"{}\",\"workload\":", iso_date(r.as_of));
  json_workload(out, r.workload);
  out += "}\n";
  return out;
}

// The counts, the transition matrix ("." for an empty cell off the diagonal), the moves by
// rule, then both workloads side by side.
std::string render_whatif_text(const WhatIfReport& r) {
  const Voice& v = r.voice;
  std::string out = say(v, Msg::rep_whatif_title,
                        {r.base_name, r.base_file, r.variant_name, r.variant_file, r.caseload_file,
                         std::to_string(r.rows), iso_date(r.as_of)});
  out += '\n';
  text_version(out, v, r.base_file, r.base_version, say(v, Msg::side_base));
  text_version(out, v, r.variant_file, r.variant_version, say(v, Msg::side_variant));
  out += '\n';
  out += say(v, Msg::rep_changed, {std::to_string(r.moved), std::to_string(r.rows), std::to_string(r.changed)});
  out += '\n';
  out += say(v, Msg::rep_errors, {std::to_string(r.base_errors), std::to_string(r.variant_errors)});
  out += "\n\n";

  // matrix
  std::size_t width = 7;
  for (const auto& c : r.categories) width = std::max(width, c.size() + 2);
  out += T(v, Msg::rep_matrix);
  out += '\n';
  out += fmt::format("{:<{}}", "", width);
  for (const auto& c : r.categories) out += fmt::format("{:>{}}", c, width);
  out += fmt::format("{:>{}}\n", T(v, Msg::rep_total), width + 1);
  std::vector<std::size_t> column_totals(r.categories.size(), 0);
  for (std::size_t i = 0; i < r.categories.size(); ++i) {
    out += fmt::format("{:<{}}", r.categories[i], width);
    std::size_t total = 0;
    for (std::size_t j = 0; j < r.categories.size(); ++j) {
      const std::size_t n = r.counts[i][j];
      total += n;
      column_totals[j] += n;
      out += fmt::format("{:>{}}", i == j || n > 0 ? fmt::format("{}", n) : ".", width);
    }
    out += fmt::format("{:>{}}\n", total, width + 1);
  }
  out += fmt::format("{:<{}}", T(v, Msg::rep_total), width);
  std::size_t all = 0;
  for (auto n : column_totals) {
    out += fmt::format("{:>{}}", n, width);
    all += n;
  }
  out += fmt::format("{:>{}}\n\n", all, width + 1);

  out += T(v, Msg::rep_moves);
  out += '\n';
  if (r.moves.empty()) {
    out += T(v, Msg::rep_none);
    out += '\n';
  }
  const std::string error_rule = T(v, Msg::rep_error_rule);
  for (const auto& m : r.moves) {
    out += fmt::format("{:>8}  {} -> {}   ({} -> {})\n", m.count, m.from_rule.empty() ? error_rule : m.from_rule,
                       m.to_rule.empty() ? error_rule : m.to_rule, m.from_category, m.to_category);
  }
  out += '\n';
  text_workload(out, r.base, &r.variant, v);
  text_forecast(out, r.base, &r.variant, v);
  return out;
}

// One document: both policies, counts, matrix, moves, both workloads and their difference.
std::string render_whatif_json(const WhatIfReport& r) {
  std::string out = "{\"base\":";
  json_policy(out, r.base_name, r.base_file, r.base_version);
  out += ",\"variant\":";
  json_policy(out, r.variant_name, r.variant_file, r.variant_version);
  out += ",\"caseload\":{\"file\":";
  append_json_string(out, r.caseload_file);
  out += fmt::format(",\"rows\":{}}},\"as_of\":\"{}\",\"errors\":{{\"base\":{},\"variant\":{}}},\"changed\":{},"
                     "\"moved\":{},\"matrix\":{{\"categories\":[",
                     r.rows, iso_date(r.as_of), r.base_errors, r.variant_errors, r.changed, r.moved);
  for (std::size_t i = 0; i < r.categories.size(); ++i) {
    if (i) out += ',';
    append_json_string(out, r.categories[i]);
  }
  out += "],\"counts\":[";
  for (std::size_t i = 0; i < r.counts.size(); ++i) {
    if (i) out += ',';
    out += '[';
    for (std::size_t j = 0; j < r.counts[i].size(); ++j) out += fmt::format("{}{}", j ? "," : "", r.counts[i][j]);
    out += ']';
  }
  out += "]},\"moves\":[";
  for (std::size_t i = 0; i < r.moves.size(); ++i) {
    const auto& m = r.moves[i];
    if (i) out += ',';
    out += "{\"from_rule\":";
    append_json_string(out, m.from_rule);
    out += ",\"to_rule\":";
    append_json_string(out, m.to_rule);
    out += ",\"from\":";
    append_json_string(out, m.from_category);
    out += ",\"to\":";
    append_json_string(out, m.to_category);
    out += fmt::format(",\"count\":{}}}", m.count);
  }
  out += "],\"workload\":{\"base\":";
  json_workload(out, r.base);
  out += ",\"variant\":";
  json_workload(out, r.variant);
  out += fmt::format(",\"difference\":{{\"customers\":{},\"first_interviews\":{},\"interviews_per_month\":{},"
                     "\"hours_per_month\":{},\"fte\":{}}}}}}}\n",
                     static_cast<long long>(r.variant.customers) - static_cast<long long>(r.base.customers),
                     static_cast<long long>(r.variant.first_interviews) - static_cast<long long>(r.base.first_interviews),
                     num(r.variant.interviews_per_month - r.base.interviews_per_month),
                     num(r.variant.hours_per_month - r.base.hours_per_month), num(r.variant.fte - r.base.fte));
  return out;
}

}  // namespace kadenz::detail
