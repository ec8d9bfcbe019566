// Report stage, internal: what the HTML pages of `kadenz workload` and `kadenz whatif` share.
// German number and date formats, the page frame and its CSS (html_page.cpp), the inline SVG
// charts (html_charts.cpp); the pages themselves are html_workload.cpp and html_whatif.cpp.
// Every number (and name) a page shows that the JSON report also carries is marked with
// data-key="<JSON path>" (object keys and array indices joined by dots, e.g.
// `workload.base.forecast.4.interviews`), so a test can compare the page with the JSON.
#pragma once

#include "interpreter/report/report.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kadenz::detail::html {

// ---- text (html_page.cpp) -------------------------------------------------------------------

// Escapes text for element content and double-quoted attribute values alike.
std::string esc(std::string_view s);

// German number format: `.` groups thousands, `,` separates decimals; "−" for negatives.
// Rounds like the JSON reader's "%.*f" (correctly rounded decimal of the double); a value that
// rounds to zero loses its sign.
std::string de_number(double v, int decimals);

// A count in the German number format.
std::string de_count(std::size_t n);

// A change with its sign: "+11,2", "−1", "0,0".
std::string de_change(double v, int decimals);

// Weekly hours and the interview share: whole numbers as such, otherwise one decimal.
std::string de_plain(double v);

// 2017-07-01 -> 01.07.2017.
std::string de_date(std::int32_t day);

// A forecast month as its German abbreviation ("Mär"), and with its year ("Mär 2017").
std::string month_short(const Workload::Month& m);
std::string month_label(const Workload::Month& m);

// The error category and the missing rule of an error are shown as "Fehler".
std::string category_label(std::string_view c);
std::string rule_label(std::string_view r);

// An element whose text is the value at JSON path `key` (`attrs` start with a space). `text` is
// HTML already (escaped by the caller).
std::string keyed(std::string_view tag, std::string_view key, std::string_view text, std::string_view attrs = "");

// A numeric table cell marked with its JSON path (`key` may be empty: a derived number).
std::string num_td(std::string_view key, std::string_view text, std::string_view cls = "num");

// ---- page frame (html_page.cpp) -------------------------------------------------------------

// Colours: base grey-blue, variant strong blue (distinct in grey scale too: the base line is
// dashed); both have at least 4.5:1 contrast on white for their value labels.
inline constexpr const char* kBaseColour = "#6b7c93";
inline constexpr const char* kVariantColour = "#0b5cad";
inline constexpr const char* kInk = "#1b2430";
inline constexpr const char* kMuted = "#5a6472";
inline constexpr const char* kGrid = "#e3e7ec";

// Opens the page: doctype, head with `title` and the inline style sheet, then <body><main>.
void begin_page(std::string& out, std::string_view title);

// Closes the page with the footer that explains the figures (and the "Fehler" category on a
// what-if page). `run` (may be null: the workload report carries no run facts) names the run
// that made the page; the JSON report of the same run carries the same run.generated_at, so a
// reader can tell whether page and JSON belong together (the page does not claim it).
void end_page(std::string& out, bool whatif, const WhatIfReport::RunInfo* run = nullptr);

// The page title: "<kind>: <policy name> – kadenz".
std::string html_title(std::string_view kind, std::string_view name);

// A policy's name and file as a <dd>, keyed as `<key>.name` and `<key>.file`.
std::string policy_dd(std::string_view key, const std::string& name, const std::string& file);

// A key-figure box: label, value and an optional line under it (all HTML already).
std::string kpi(std::string_view label, std::string_view value_html, std::string_view sub_html = "");

// A workload figure: label, JSON field name (empty: not in the JSON), value, decimals, sub-row.
struct Figure {
  const char* label;
  const char* field;
  double Workload::*value;  // null: first_interviews / customers / not_counted by field name
  int decimals;
  bool sub;
  const char* difference;   // the whatif JSON's difference field, or null
};

// The value of figure `f` in `w`.
double figure_value(const Workload& w, const Figure& f);

// The figures of the workload tables, in the order both pages show them.
inline constexpr Figure kFigures[] = {
    {"Kunden gezählt", "customers", nullptr, 0, false, "customers"},
    {"Gespräche pro Monat", "interviews_per_month", &Workload::interviews_per_month, 1, false, "interviews_per_month"},
    {"davon Erstgespräche (einmalig)", "first_interviews", nullptr, 0, true, "first_interviews"},
    {"davon Folgegespräche pro Monat", "follow_ups_per_month", &Workload::follow_ups_per_month, 1, true, nullptr},
    {"Stunden pro Monat", "hours_per_month", &Workload::hours_per_month, 1, false, "hours_per_month"},
    {"davon Gesprächszeit", "interview_hours_per_month", &Workload::interview_hours_per_month, 1, true, nullptr},
    {"davon Vorbereitung", "preparation_hours_per_month", &Workload::preparation_hours_per_month, 1, true, nullptr},
    {"Vollzeitäquivalente (VZÄ)", "fte", &Workload::fte, 2, false, "fte"},
    {"nicht gezählt (Abstand 0 oder weniger)", "not_counted", nullptr, 0, true, nullptr},
};

// The staff constants of one or two workloads as table rows; each workload comes with the JSON
// path of its object. `change_column` adds the empty cell of a table with a change column.
std::string constant_rows(const std::vector<std::pair<const Workload*, std::string>>& ws, bool change_column);

// ---- SVG charts (html_charts.cpp) -----------------------------------------------------------

struct Bar {
  std::string label;  // shown left of the bar; empty: the group's label stands for it
  double value = 0;
  std::string key;    // JSON path of the value, or empty
  const char* colour = kVariantColour;
  bool missing = false;  // the policy has no such category: "–" instead of a number
};
struct BarGroup {
  std::string label;
  std::vector<Bar> bars;
};
struct Panel {
  std::string title;
  int decimals = 1;
  std::vector<BarGroup> groups;
};
struct LegendItem {
  std::string name;
  const char* colour;
  bool line = false;  // a line sample (line chart) instead of a box (bar chart)
  bool dashed = false;
};

// One policy's workload in a chart or table: its name, colour, line style, and the JSON path of
// the workload (the pointer must live while the page is built).
struct Series {
  std::string name;
  const char* colour;
  bool dashed;
  const Workload* workload;
  std::string key;  // JSON path of the workload
};

// Horizontal bars in panels side by side, each panel with its own scale (so interviews, hours
// and FTE can sit together). `id` names the <svg>'s title and description for screen readers.
std::string bar_chart(std::string_view id, std::string_view title, std::string_view desc,
                      const std::vector<LegendItem>& legend, const std::vector<Panel>& panels);

// The forecast section: the interviews per month of one or two series as stacked columns
// (first interviews, caught-up backlog, follow-ups on schedule), the demand in FTE per month as
// lines with the capacity line and the months over capacity marked (`capacity` is set against
// the last series; its figures are keyed in capacity_section), and the same numbers as a table.
// `id` makes the charts' element ids unique on a page with groups.
std::string forecast_section(const std::vector<Series>& series, const Capacity& capacity,
                             std::string_view id = "prognose");

// Interviews and hours per month by category of one or two series, as two bar panels.
std::string category_chart(const std::vector<Series>& series, std::string_view id = "chart-categories");

// ---- sections of issue 17 (html_sections.cpp) -----------------------------------------------

// A figure of the steady state / one-off table: label, JSON path below the workload object,
// value, decimals.
struct DemandFigure {
  const char* label;
  const char* path;  // e.g. "steady_state.fte"
  double (*value)(const Workload&);
  int decimals;
  bool sub;
};
extern const std::vector<DemandFigure> kDemandFigures;

// Steady state ("Regelbetrieb") and the one-off demand (pending first interviews, backlog
// caught up over catch_up_months) of one or two series, with the change for two (of the shown
// values: shown_change).
std::string demand_section(const std::vector<Series>& series, std::string_view id = "regelbetrieb");

// Staff against demand: capacity known or a note saying none was given. `demand` names what the
// demand is ("der Regelung", "der Variante"); `demand_workload` gives the months' names.
std::string capacity_section(const Capacity& c, const Workload& demand_workload, std::string_view key,
                             std::string_view demand, std::string_view id = "kapazitaet");

// The change of a what-if decomposed: records under both policies, entering and leaving the
// error state; per figure the policy's effect and the parts from the error state (`key`: JSON
// path of the decomposition object).
std::string decomposition_section(const WhatIfReport::Decomposition& d, const Workload& base, const Workload& variant,
                                  std::string_view key, std::string_view id = "zerlegung");

// The figures of the decomposition, in the JSON's order: its id, label and decimals.
struct DecompositionFigure {
  const char* figure;
  const char* label;
  double (*value)(const Workload&);
  int decimals;
};
extern const std::vector<DecompositionFigure> kDecompositionFigures;

// Why records were not decided, per side (message with cells replaced; no cell values).
std::string error_reasons_section(const WhatIfReport& r);

// "Was die Variante ändert": the differences of the two compiled policies with their §, and
// the run's facts (time, kadenz version, SHA-256 of each policy).
std::string differences_section(const WhatIfReport& r);

// German name of a difference's kind ("parameter" -> "Parameter", "rule" -> "Regel").
std::string difference_kind_label(std::string_view kind);

// A group's key as text: its values joined by " · ", an empty cell as "(leer)"; each value
// keyed as `<key>.key.<column>`.
std::string group_key_html(const std::vector<std::string>& columns, const GroupKey& k, std::string_view key);
std::string group_key_text(const GroupKey& k);
inline constexpr const char* kEmptyGroupValue = "(leer)";

// Categories of one or two workloads (the union, in category order).
std::vector<std::string> category_union(const std::vector<const Workload*>& ws);

// Index of category `name` in `w`, or npos.
std::size_t category_index(const Workload& w, std::string_view name);

}  // namespace kadenz::detail::html
