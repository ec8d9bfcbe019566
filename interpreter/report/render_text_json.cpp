// Report stage, rendering: workload and what-if reports as terminal text and as JSON (the
// HTML pages are html_*.cpp). JSON carries every number unrounded; the text rounds for reading.
#include "interpreter/report/report.hpp"
#include "interpreter/report/render_parts.hpp"

#include "stdlib/json_text.hpp"
#include "stdlib/date.hpp"
#include "interpreter/caseload/error_kinds.hpp"

#include <kadenz/diagnostic.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace kadenz::detail {
namespace {
using namespace render;

// A change as shown in the terminal: signed, and an unchanged value without a sign.
std::string signed_change(double v, int decimals) {
  const double scale = std::pow(10.0, decimals);
  const double r = std::round(v * scale) / scale;
  if (r == 0) return fmt::format("{:.{}f}", 0.0, decimals);
  return fmt::format("{:+.{}f}", r, decimals);
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

// The characters of UTF-8 text `s` (its bytes that do not continue a character), as a
// terminal lays them out: "Rückstand" is 9 wide, not 10.
std::size_t width_of(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// `s` padded with spaces to `width` characters (not bytes: umlauts), left- or right-aligned.
std::string pad(std::string_view s, std::size_t width, bool left) {
  const std::size_t n = width_of(s);
  const std::string fill(n < width ? width - n : 0, ' ');
  return left ? std::string(s) + fill : fill + std::string(s);
}

// One line of a workload table: a figure of one policy, or of two with the change of the shown
// values (shown_change: the column can be redone by subtraction).
void figure_line(std::string& out, std::string_view label, double a, const double* b, int decimals) {
  if (b) {
    out += fmt::format("{}{:>12.{}f}{:>12.{}f}{:>12}\n", pad(label, 32, true), a, decimals, *b, decimals,
                       signed_change(shown_change(a, *b, decimals), decimals));
  } else {
    out += fmt::format("{}{:>12.{}f}\n", pad(label, 32, true), a, decimals);
  }
}

// The headline of issue 17: the steady state (every customer at its interval) and, apart, the
// one-off demand (pending first interviews and the backlog) with the months it is spread over.
void text_steady_and_one_off(std::string& out, const Workload& a, const Workload* b, const Voice& v) {
  auto line = [&](Msg label, auto get, int decimals) {
    const double vb = b ? get(*b) : 0;
    figure_line(out, T(v, label), get(a), b ? &vb : nullptr, decimals);
  };
  out += T(v, Msg::r17_steady);
  out += '\n';
  line(Msg::r17_steady_interviews, [](const Workload& w) { return w.steady_interviews_per_month; }, 1);
  line(Msg::r17_steady_hours, [](const Workload& w) { return w.steady_hours_per_month; }, 1);
  line(Msg::r17_steady_fte, [](const Workload& w) { return w.steady_fte; }, 2);
  out += a.catch_up_months <= 1 ? T(v, Msg::r17_one_off_one)
                                : say(v, Msg::r17_one_off, {std::to_string(a.catch_up_months)});
  out += '\n';
  line(Msg::r17_first, [](const Workload& w) { return static_cast<double>(w.first_interviews); }, 0);
  line(Msg::r17_first_hours, [](const Workload& w) { return w.first_interview_hours; }, 1);
  line(Msg::r17_backlog, [](const Workload& w) { return static_cast<double>(w.backlog); }, 0);
  line(Msg::r17_backlog_hours, [](const Workload& w) { return w.backlog_hours; }, 1);
  out += T(v, Msg::r17_as_before);
  out += '\n';
}

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
    out += fmt::format("{}{:>12}{:>12}{:>12}\n", pad(T(v, Msg::rep_workload), 32, true), T(v, Msg::rep_base),
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
    out += fmt::format("{}{:>12}{:>12}{:>12}\n", pad(T(v, Msg::rep_customers_counted), 32, true), a.customers,
                       b->customers, signed_change(customers(*b) - customers(a), 0));
  } else {
    out += fmt::format("{}{:>12}\n", pad(T(v, Msg::rep_customers_counted), 32, true), a.customers);
  }
  text_steady_and_one_off(out, a, b, v);
  for (const auto& l : lines) {
    const double vb = b ? value(*b, l) : 0;
    figure_line(out, T(v, l.label), value(a, l), b ? &vb : nullptr, l.decimals);
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

// Staff available against the demand (nothing when no staff was given for it).
void text_capacity(std::string& out, const Capacity& c, const Voice& v, Msg title) {
  if (!c.known) return;
  out += '\n';
  out += T(v, title);
  out += '\n';
  figure_line(out, T(v, Msg::r17_cap_fte), c.fte, nullptr, 2);
  figure_line(out, T(v, Msg::r17_cap_hours), c.interview_hours_per_month, nullptr, 1);
  figure_line(out, T(v, Msg::r17_cap_demand), c.demand_fte, nullptr, 2);
  out += fmt::format("{}{:>12}\n", pad(T(v, Msg::r17_cap_utilisation), 32, true),
                     fmt::format("{:.1f}%", shown(c.utilisation * 100, 1)));
  out += fmt::format("{}{:>12}\n", pad(T(v, Msg::r17_cap_months_over), 32, true), c.months_over);
}

// The forecast's title: over how many months the overdue interviews are caught up.
std::string forecast_title(const Workload& w, const Voice& v) {
  return w.catch_up_months <= 1 ? T(v, Msg::r17_forecast_one)
                                : say(v, Msg::r17_forecast, {std::to_string(w.catch_up_months)});
}

// The mark of a month whose demand (in FTE) is over the capacity, and the note that explains it.
std::string over_mark(const Capacity* c, std::size_t m) { return c && c->known && c->over[m] ? "  *" : ""; }
void over_note(std::string& out, const Capacity* c, const Voice& v) {
  if (!c || !c->known) return;
  out += say(v, Msg::r17_over_note, {fmt::format("{:.2f}", c->fte), std::to_string(c->months_over)});
  out += '\n';
}

// The forecast of one policy: interviews split into first, backlog and recurring, their hours
// and FTE, months over `capacity` (may be null) marked.
void text_forecast(std::string& out, const Workload& a, const Capacity* capacity, const Voice& v) {
  out += '\n';
  out += forecast_title(a, v);
  out += '\n';
  out += pad(T(v, Msg::rep_month), 10, true);
  for (Msg h : {Msg::r17_col_interviews, Msg::r17_col_first, Msg::r17_col_backlog, Msg::r17_col_recurring,
                Msg::r17_col_hours, Msg::r17_col_fte})
    out += pad(T(v, h), 11, false);
  out += '\n';
  for (std::size_t m = 0; m < a.forecast.size(); ++m) {
    const auto& f = a.forecast[m];
    out += fmt::format("{:<10}{:>11}{:>11}{:>11}{:>11}{:>11.1f}{:>11.2f}{}\n", month_name(f), f.interviews, f.first,
                       f.backlog, f.recurring, f.hours, f.fte, over_mark(capacity, m));
  }
  over_note(out, capacity, v);
}

// The forecast of two policies: interviews and FTE side by side with their changes; months
// where the variant's demand is over `capacity` (may be null) marked.
void text_forecast(std::string& out, const Workload& a, const Workload& b, const Capacity* capacity, const Voice& v) {
  out += '\n';
  out += forecast_title(b, v);
  out += '\n';
  out += pad(T(v, Msg::rep_month), 10, true);
  for (Msg h : {Msg::rep_base, Msg::rep_variant, Msg::rep_change}) out += pad(T(v, h), 10, false);
  for (Msg h : {Msg::r17_col_fte_base, Msg::r17_col_fte_variant, Msg::rep_change}) out += pad(T(v, h), 11, false);
  out += '\n';
  for (std::size_t m = 0; m < a.forecast.size(); ++m) {
    const auto& fa = a.forecast[m];
    const auto& fb = b.forecast[m];
    out += fmt::format("{:<10}{:>10}{:>10}{:>10}{:>11.2f}{:>11.2f}{:>11}{}\n", month_name(fa), fa.interviews,
                       fb.interviews,
                       signed_change(static_cast<double>(fb.interviews) - static_cast<double>(fa.interviews), 0),
                       fa.fte, fb.fte, signed_change(shown_change(fa.fte, fb.fte, 2), 2), over_mark(capacity, m));
  }
  over_note(out, capacity, v);
}

// The categories table of one workload.
void text_categories(std::string& out, const Workload& w, const Voice& v) {
  out += fmt::format("{}{}{}{}{}\n", pad(T(v, Msg::rep_category), 12, true), pad(T(v, Msg::rep_customers), 11, false),
                     pad(T(v, Msg::rep_first_interviews_col), 18, false),
                     pad(T(v, Msg::rep_interviews_month_col), 18, false), pad(T(v, Msg::rep_hours_month_col), 13, false));
  for (const auto& c : w.categories) {
    out += fmt::format("{}{:>11}{:>18}{:>18.1f}{:>13.1f}\n", pad(c.name, 12, true), c.customers, c.first_interviews,
                       c.interviews_per_month, c.hours_per_month);
  }
}

// A group's key for reading: its values joined by " / ", an empty cell as "(empty)".
std::string key_text(const GroupKey& key, const Voice& v) {
  std::string s;
  for (std::size_t i = 0; i < key.values.size(); ++i) {
    if (i) s += " / ";
    s += key.values[i].empty() ? T(v, Msg::r17_empty_key) : key.values[i];
  }
  return s;
}

// The --by columns for reading, joined like the keys.
std::string columns_text(const std::vector<std::string>& columns) {
  std::string s;
  for (std::size_t i = 0; i < columns.size(); ++i) s += (i ? " / " : "") + columns[i];
  return s;
}

// The width of the key column of a groups table: the longest key, heading or total label.
std::size_t key_width(const std::vector<std::string>& keys, const std::string& heading, const std::string& total) {
  std::size_t w = std::max(width_of(heading), width_of(total));
  for (const auto& k : keys) w = std::max(w, width_of(k));
  return w + 2;
}

// A capacity's FTE and utilisation as table cells ("-" when no staff was given for it).
std::string capacity_cell(const Capacity& c) { return c.known ? fmt::format("{:.2f}", c.fte) : "-"; }
std::string utilisation_cell(const Capacity& c) {
  return c.known ? fmt::format("{:.1f}%", shown(c.utilisation * 100, 1)) : "-";
}

// The transition matrix over `categories` ("." for an empty cell off the diagonal).
void text_matrix(std::string& out, const std::vector<std::string>& categories,
                 const std::vector<std::vector<std::size_t>>& counts, const Voice& v) {
  if (counts.size() != categories.size()) return;  // not filled
  std::size_t width = 7;
  for (const auto& c : categories) width = std::max(width, c.size() + 2);
  out += T(v, Msg::rep_matrix);
  out += '\n';
  out += fmt::format("{:<{}}", "", width);
  for (const auto& c : categories) out += fmt::format("{:>{}}", c, width);
  out += fmt::format("{:>{}}\n", T(v, Msg::rep_total), width + 1);
  std::vector<std::size_t> column_totals(categories.size(), 0);
  for (std::size_t i = 0; i < categories.size(); ++i) {
    out += fmt::format("{:<{}}", categories[i], width);
    std::size_t total = 0;
    for (std::size_t j = 0; j < categories.size(); ++j) {
      const std::size_t n = j < counts[i].size() ? counts[i][j] : 0;
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
  out += fmt::format("{:>{}}\n", all, width + 1);
}

// The change split into the policy's effect and the records entering or leaving the error
// state; shown only when some record enters or leaves it (otherwise the change is all policy).
// Every cell is of shown values: change = shown variant - shown base; entering and leaving are
// their shown figures; policy = change - entering - leaving, so each row adds up as printed.
void text_decomposition(std::string& out, const Workload& base, const Workload& variant,
                        const WhatIfReport::Decomposition& d, const Voice& v) {
  if (d.entering == 0 && d.leaving == 0) return;
  out += '\n';
  out += say(v, Msg::r17_decomposition,
             {std::to_string(d.both), std::to_string(d.entering), std::to_string(d.leaving)});
  out += '\n';
  out += pad("", 30, true);
  for (Msg h : {Msg::rep_base, Msg::rep_variant, Msg::rep_change, Msg::r17_col_policy, Msg::r17_col_entering,
                Msg::r17_col_leaving})
    out += pad(T(v, h), 11, false);
  out += '\n';
  for (const auto& f : kFigures) {
    const int dp = f.decimals;
    const double change = shown_change(f.get(base), f.get(variant), dp);
    const double entering = -shown(f.get(d.entering_base), dp);
    const double leaving = shown(f.get(d.leaving_variant), dp);
    const double policy = shown(change - entering - leaving, dp);
    out += fmt::format("{}{:>11.{}f}{:>11.{}f}{:>11}{:>11}{:>11}{:>11}\n", pad(T(v, f.label), 30, true),
                       f.get(base), dp, f.get(variant), dp, signed_change(change, dp), signed_change(policy, dp),
                       signed_change(entering, dp), signed_change(leaving, dp));
  }
  out += T(v, Msg::r17_decomposition_note);
  out += '\n';
}

// Why each side could not decide records: the error kinds, most rows first (none: nothing).
void text_error_reasons(std::string& out, const std::vector<ErrorKinds::Kind>& kinds, Msg title, const Voice& v) {
  if (kinds.empty()) return;
  out += T(v, title);
  out += '\n';
  for (const auto& line : error_kind_lines(kinds, v)) {
    out += line;
    out += '\n';
  }
}

// A difference's kind in the report's language (an unknown kind as it is).
std::string kind_text(const std::string& kind, const Voice& v) {
  static constexpr std::pair<std::string_view, Msg> kinds[] = {
      {"parameter", Msg::r17_kind_parameter}, {"rule", Msg::r17_kind_rule},       {"output", Msg::r17_kind_output},
      {"header", Msg::r17_kind_header},       {"fact", Msg::r17_kind_fact},       {"table", Msg::r17_kind_table},
      {"workload", Msg::r17_kind_workload},   {"check", Msg::r17_kind_check},
  };
  for (const auto& [name, id] : kinds)
    if (name == kind) return T(v, id);
  return kind;
}

// "What the variant changes": each difference of the compiled policies with its §, then the
// run's date and time, kadenz version and the policies' hashes. Nothing when neither was filled.
void text_differences(std::string& out, const WhatIfReport& r, const Voice& v) {
  if (r.differences.empty() && r.run.generated_at.empty()) return;
  out += T(v, Msg::r17_differences);
  out += '\n';
  if (r.differences.empty()) {
    out += T(v, Msg::rep_none);
    out += '\n';
  }
  const std::string absent = T(v, Msg::r17_absent);
  for (const auto& d : r.differences) {
    out += "  ";
    out += pad(kind_text(d.kind, v), 12, true);
    out += d.name;
    if (!d.section.empty()) out += fmt::format(" ({})", d.section);
    out += fmt::format(": {} -> {}\n", d.before.empty() ? absent : d.before, d.after.empty() ? absent : d.after);
  }
  if (!r.run.generated_at.empty()) {
    out += say(v, Msg::r17_run, {r.run.generated_at, r.run.kadenz_version});
    out += '\n';
    out += say(v, Msg::r17_sha_base, {r.run.base_sha256});
    out += '\n';
    out += say(v, Msg::r17_sha_variant, {r.run.variant_sha256});
    out += '\n';
  }
  out += '\n';
}

// The head of a groups table (workload and what-if): keys as shown, heading, `titles` `width` wide.
struct GroupTable {
  std::vector<std::string> keys;
  std::string heading, total;
  std::size_t key_width = 0;
};
template <class Group>
GroupTable group_table_head(std::string& out, const std::vector<Group>& groups, const std::vector<std::string>& columns,
                            const Voice& v, std::initializer_list<Msg> titles, std::size_t width) {
  GroupTable t;
  for (const auto& g : groups) t.keys.push_back(key_text(g.key, v));
  t.heading = columns_text(columns);
  t.total = T(v, Msg::rep_total);
  t.key_width = key_width(t.keys, t.heading, t.total);
  out += '\n';
  out += say(v, Msg::r17_groups, {t.heading});
  out += ' ';
  out += T(v, Msg::r17_groups_note);
  out += '\n';
  out += pad(t.heading, t.key_width, true);
  for (const Msg h : titles) out += pad(T(v, h), width, false);
  out += '\n';
  return t;
}

// The summary table of a workload's groups, then a section per group (categories, workload,
// capacity, forecast). Nothing without --by.
void text_workload_groups(std::string& out, const WorkloadReport& r, const Voice& v) {
  if (r.group_columns.empty()) return;
  const GroupTable t = group_table_head(out, r.groups, r.group_columns, v,
                                         {Msg::r17_col_rows, Msg::r17_col_decided, Msg::r17_col_errors,
                                          Msg::r17_col_customers, Msg::r17_col_steady, Msg::r17_col_steady_hours,
                                          Msg::r17_col_fte, Msg::r17_col_capacity, Msg::r17_col_utilisation},
                                         12);
  const std::vector<std::string>& keys = t.keys;
  const std::string& heading = t.heading;
  const std::string& total = t.total;
  const std::size_t kw = t.key_width;
  auto row = [&](const std::string& key, const CaseloadSummary& s, const Workload& w, const Capacity& c) {
    out += fmt::format("{}{:>12}{:>12}{:>12}{:>12}{:>12.1f}{:>12.1f}{:>12.2f}{:>12}{:>12}\n", pad(key, kw, true), s.rows,
                       s.decided, s.errors, w.customers, w.steady_interviews_per_month, w.steady_hours_per_month,
                       w.steady_fte, capacity_cell(c), utilisation_cell(c));
  };
  for (std::size_t i = 0; i < r.groups.size(); ++i)
    row(keys[i], r.groups[i].summary, r.groups[i].workload, r.groups[i].capacity);
  row(total, r.summary, r.workload, r.capacity);
  for (std::size_t i = 0; i < r.groups.size(); ++i) {
    const auto& g = r.groups[i];
    out += '\n';
    out += say(v, Msg::r17_group, {heading + ": " + keys[i]});
    out += '\n';
    out += say(v, Msg::r17_group_line,
               {std::to_string(g.summary.rows), std::to_string(g.summary.decided), std::to_string(g.summary.errors)});
    out += "\n\n";
    text_categories(out, g.workload, v);
    out += '\n';
    text_workload(out, g.workload, nullptr, v);
    text_capacity(out, g.capacity, v, Msg::r17_capacity);
    text_forecast(out, g.workload, &g.capacity, v);
  }
}

// The summary table of a what-if's groups (steady state of both sides, capacity against the
// variant), then a section per group. Nothing without --by.
void text_whatif_groups(std::string& out, const WhatIfReport& r, const Voice& v) {
  if (r.group_columns.empty()) return;
  const GroupTable t = group_table_head(
      out, r.groups, r.group_columns, v,
      {Msg::r17_col_rows, Msg::r17_col_base_errors, Msg::r17_col_variant_errors, Msg::r17_col_changed,
       Msg::r17_col_moved, Msg::rep_base, Msg::rep_variant, Msg::rep_change, Msg::r17_col_fte_base,
       Msg::r17_col_fte_variant, Msg::rep_change, Msg::r17_col_capacity, Msg::r17_col_utilisation},
      11);
  const std::vector<std::string>& keys = t.keys;
  const std::string& heading = t.heading;
  const std::string& total = t.total;
  const std::size_t kw = t.key_width;
  auto row = [&](const std::string& key, std::size_t rows, std::size_t base_errors, std::size_t variant_errors,
                 std::size_t changed, std::size_t moved, const Workload& a, const Workload& b, const Capacity& c) {
    out += fmt::format("{}{:>11}{:>11}{:>11}{:>11}{:>11}{:>11.1f}{:>11.1f}{:>11}{:>11.2f}{:>11.2f}{:>11}{:>11}{:>11}\n",
                       pad(key, kw, true), rows, base_errors, variant_errors, changed, moved,
                       a.steady_interviews_per_month, b.steady_interviews_per_month,
                       signed_change(shown_change(a.steady_interviews_per_month, b.steady_interviews_per_month, 1), 1),
                       a.steady_fte, b.steady_fte, signed_change(shown_change(a.steady_fte, b.steady_fte, 2), 2),
                       capacity_cell(c), utilisation_cell(c));
  };
  for (std::size_t i = 0; i < r.groups.size(); ++i) {
    const auto& g = r.groups[i];
    row(keys[i], g.rows, g.base_errors, g.variant_errors, g.changed, g.moved, g.base, g.variant, g.capacity);
  }
  row(total, r.rows, r.base_errors, r.variant_errors, r.changed, r.moved, r.base, r.variant, r.capacity);
  for (std::size_t i = 0; i < r.groups.size(); ++i) {
    const auto& g = r.groups[i];
    out += '\n';
    out += say(v, Msg::r17_group, {heading + ": " + keys[i]});
    out += '\n';
    out += say(v, Msg::rep_changed, {std::to_string(g.moved), std::to_string(g.rows), std::to_string(g.changed)});
    out += '\n';
    out += say(v, Msg::rep_errors, {std::to_string(g.base_errors), std::to_string(g.variant_errors)});
    out += "\n\n";
    text_matrix(out, r.categories, g.counts, v);
    out += '\n';
    text_workload(out, g.base, &g.variant, v);
    text_decomposition(out, g.base, g.variant, g.decomposition, v);
    text_capacity(out, g.capacity, v, Msg::r17_capacity_variant);
    text_forecast(out, g.base, g.variant, &g.capacity, v);
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

// The categories table, the workload figures (steady state and one-off first), the capacity and
// the forecast of one policy; then, with --by, the groups.
std::string render_workload_text(const WorkloadReport& r) {
  const Voice& v = r.voice;
  std::string out = say(v, Msg::rep_workload_title, {r.policy_name, r.policy_file});
  out += '\n';
  text_version(out, v, r.policy_file, r.version);
  out += say(v, Msg::rep_caseload_line,
             {r.caseload_file, std::to_string(r.summary.rows), std::to_string(r.summary.decided),
              std::to_string(r.summary.errors), iso_date(r.as_of)});
  out += "\n\n";
  text_categories(out, r.workload, v);
  out += '\n';
  text_workload(out, r.workload, nullptr, v);
  text_capacity(out, r.capacity, v, Msg::r17_capacity);
  text_forecast(out, r.workload, &r.capacity, v);
  text_workload_groups(out, r, v);
  return out;
}

// One document: policy, caseload counts (with every kind of error, most common first), as_of,
// workload; then the --by columns, the groups and the overall capacity (null: none given).
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
  out += ",\"group_columns\":";
  json_columns(out, r.group_columns);
  out += ",\"groups\":[";
  for (std::size_t i = 0; i < r.groups.size(); ++i) {
    const auto& g = r.groups[i];
    out += i ? ",{\"key\":" : "{\"key\":";
    json_key(out, r.group_columns, g.key);
    out += fmt::format(",\"rows\":{},\"decided\":{},\"errors\":{},\"workload\":", g.summary.rows, g.summary.decided,
                       g.summary.errors);
    json_workload(out, g.workload);
    out += ",\"capacity\":";
    json_capacity(out, g.capacity, g.workload);
    out += '}';
  }
  out += "],\"capacity\":";
  json_capacity(out, r.capacity, r.workload);
  out += "}\n";
  return out;
}

// What the variant changes, the counts, the reasons of the errors, the transition matrix ("."
// for an empty cell off the diagonal), the moves by rule, both workloads side by side with the
// change decomposed, the capacity and the forecast; then, with --by, the groups.
std::string render_whatif_text(const WhatIfReport& r) {
  const Voice& v = r.voice;
  std::string out = say(v, Msg::rep_whatif_title,
                        {r.base_name, r.base_file, r.variant_name, r.variant_file, r.caseload_file,
                         std::to_string(r.rows), iso_date(r.as_of)});
  out += '\n';
  text_version(out, v, r.base_file, r.base_version, say(v, Msg::side_base));
  text_version(out, v, r.variant_file, r.variant_version, say(v, Msg::side_variant));
  out += '\n';
  text_differences(out, r, v);
  out += say(v, Msg::rep_changed, {std::to_string(r.moved), std::to_string(r.rows), std::to_string(r.changed)});
  out += '\n';
  out += say(v, Msg::rep_errors, {std::to_string(r.base_errors), std::to_string(r.variant_errors)});
  out += '\n';
  text_error_reasons(out, r.base_error_kinds, Msg::r17_reasons_base, v);
  text_error_reasons(out, r.variant_error_kinds, Msg::r17_reasons_variant, v);
  out += '\n';
  text_matrix(out, r.categories, r.counts, v);
  out += '\n';

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
  text_decomposition(out, r.base, r.variant, r.decomposition, v);
  text_capacity(out, r.capacity, v, Msg::r17_capacity_variant);
  text_forecast(out, r.base, r.variant, &r.capacity, v);
  text_whatif_groups(out, r, v);
  return out;
}

// One document: both policies, counts, matrix, moves, both workloads and their difference; then
// the decomposition, the error reasons per side, the groups, the capacity (against the
// variant), what the variant changes and the run's facts.
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
  out += "],\"counts\":";
  json_counts(out, r.counts);
  out += "},\"moves\":[";
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
                     "\"hours_per_month\":{},\"fte\":{}}}}}",
                     static_cast<long long>(r.variant.customers) - static_cast<long long>(r.base.customers),
                     static_cast<long long>(r.variant.first_interviews) - static_cast<long long>(r.base.first_interviews),
                     num(r.variant.interviews_per_month - r.base.interviews_per_month),
                     num(r.variant.hours_per_month - r.base.hours_per_month), num(r.variant.fte - r.base.fte));
  out += ",\"decomposition\":";
  json_decomposition(out, r.base, r.variant, r.decomposition);
  out += ",\"error_reasons\":{\"base\":";
  json_reasons(out, r.base_error_kinds);
  out += ",\"variant\":";
  json_reasons(out, r.variant_error_kinds);
  out += "},\"group_columns\":";
  json_columns(out, r.group_columns);
  out += ",\"groups\":[";
  for (std::size_t i = 0; i < r.groups.size(); ++i) {
    const auto& g = r.groups[i];
    out += i ? ",{\"key\":" : "{\"key\":";
    json_key(out, r.group_columns, g.key);
    out += fmt::format(",\"rows\":{},\"base_errors\":{},\"variant_errors\":{},\"changed\":{},\"moved\":{},\"counts\":",
                       g.rows, g.base_errors, g.variant_errors, g.changed, g.moved);
    json_counts(out, g.counts);
    out += ",\"base\":";
    json_workload(out, g.base);
    out += ",\"variant\":";
    json_workload(out, g.variant);
    out += ",\"decomposition\":";
    json_decomposition(out, g.base, g.variant, g.decomposition);
    out += ",\"capacity\":";
    json_capacity(out, g.capacity, g.variant);
    out += '}';
  }
  out += "],\"capacity\":";
  json_capacity(out, r.capacity, r.variant);
  out += ",\"differences\":[";
  for (std::size_t i = 0; i < r.differences.size(); ++i) {
    const auto& d = r.differences[i];
    out += i ? ",{\"kind\":" : "{\"kind\":";
    append_json_string(out, d.kind);
    out += ",\"name\":";
    append_json_string(out, d.name);
    out += ",\"section\":";
    append_json_string(out, d.section);
    out += ",\"before\":";
    append_json_string(out, d.before);
    out += ",\"after\":";
    append_json_string(out, d.after);
    out += '}';
  }
  out += "],\"run\":{\"generated_at\":";
  append_json_string(out, r.run.generated_at);
  out += ",\"kadenz_version\":";
  append_json_string(out, r.run.kadenz_version);
  out += ",\"base_sha256\":";
  append_json_string(out, r.run.base_sha256);
  out += ",\"variant_sha256\":";
  append_json_string(out, r.run.variant_sha256);
  out += "}}\n";
  return out;
}

}  // namespace kadenz::detail
