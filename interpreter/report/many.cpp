// Report stage: several what-if variants side by side (many.hpp). The table has a row for the
// base and one per variant: moves, changed records, errors, and the steady state (interviews,
// hours, FTE per month) with its change against the base. Text and HTML show rounded values and
// the changes of those (shown_change); JSON keeps full precision and embeds each variant's own
// what-if report.
#include "interpreter/report/many.hpp"

#include "interpreter/report/html.hpp"
#include "stdlib/date.hpp"
#include "stdlib/json_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace kadenz::detail {
namespace {

// Decimals shown: interviews and hours one, FTE two (as the what-if report shows them).
constexpr int kCountDecimals = 1;
constexpr int kFteDecimals = 2;

std::string num(double v) {
  if (!std::isfinite(v)) return "null";
  if (v == std::floor(v) && std::fabs(v) < 1e15) return fmt::format("{}", static_cast<long long>(v));
  return fmt::format("{}", v);
}

// Characters, not bytes, so that umlauts in names keep the columns aligned.
std::size_t width_of(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string pad_right(std::string s, std::size_t width) {
  const std::size_t w = width_of(s);
  if (w < width) s.append(width - w, ' ');
  return s;
}

std::string pad_left(const std::string& s, std::size_t width) {
  const std::size_t w = width_of(s);
  return w < width ? std::string(width - w, ' ') + s : s;
}

std::string fixed(double v, int decimals) { return fmt::format("{:.{}f}", shown(v, decimals), decimals); }

// A change of shown values; 0 without a sign.
std::string change_text(double before, double after, int decimals) {
  const double c = shown_change(before, after, decimals);
  if (c == 0) return fmt::format("{:.{}f}", 0.0, decimals);
  return fmt::format("{:+.{}f}", c, decimals);
}

// What a variant is called in the table: its --set values in a sweep, else its file.
std::string variant_label(const WhatIfMany& m, const WhatIfMany::Variant& v) {
  if (m.sweep) {
    for (const auto& [name, value] : v.set)
      if (name == m.sweep->parameter) return fmt::format("{}={}", name, value);
  }
  return v.file.empty() ? v.name : v.file;
}

// The chart's shorter label: a sweep's value, else the file's last part (at most 36 characters).
std::string chart_label(const WhatIfMany& m, const WhatIfMany::Variant& v) {
  std::string label = variant_label(m, v);
  if (!m.sweep) {
    const std::size_t slash = label.find_last_of('/');
    if (slash != std::string::npos && slash + 1 < label.size()) label = label.substr(slash + 1);
  }
  if (width_of(label) > 36) {
    std::size_t cut = 0, chars = 0;
    while (cut < label.size() && chars < 35) {
      ++cut;
      while (cut < label.size() && (static_cast<unsigned char>(label[cut]) & 0xC0) == 0x80) ++cut;
      ++chars;
    }
    label = label.substr(0, cut) + "…";
  }
  return label;
}

const Workload* base_workload(const WhatIfMany& m) { return m.variants.empty() ? nullptr : &m.variants.front().report.base; }

}  // namespace

ManySummary many_summary(const WhatIfReport& r) {
  ManySummary s;
  s.moved = r.moved;
  s.changed = r.changed;
  s.variant_errors = r.variant_errors;
  s.steady_interviews_per_month = r.variant.steady_interviews_per_month;
  s.steady_hours_per_month = r.variant.steady_hours_per_month;
  s.steady_fte = r.variant.steady_fte;
  s.change_steady_interviews_per_month = r.variant.steady_interviews_per_month - r.base.steady_interviews_per_month;
  s.change_steady_hours_per_month = r.variant.steady_hours_per_month - r.base.steady_hours_per_month;
  s.change_steady_fte = r.variant.steady_fte - r.base.steady_fte;
  return s;
}

std::string render_many_text(const WhatIfMany& m) {
  const Voice& v = m.voice;
  std::string out = say(v, Msg::many_title, {std::to_string(m.variants.size()), m.base_name, m.base_file});
  out += '\n';
  out += say(v, Msg::many_caseload_line, {m.caseload_file, std::to_string(m.rows), iso_date(m.as_of)});
  out += '\n';
  if (m.sweep) {
    out += say(v, Msg::many_sweep_line, {m.sweep->parameter, fmt::format("{}", fmt::join(m.sweep->values, ", "))});
    out += '\n';
  }
  out += '\n';
  // rows of cells: the head, the base, then the variants
  std::vector<std::vector<std::string>> rows;
  rows.push_back({say(v, Msg::many_variant_col), say(v, Msg::many_moved_col), say(v, Msg::many_changed_col),
                  say(v, Msg::many_errors_col), say(v, Msg::many_steady_col), say(v, Msg::many_change_col),
                  say(v, Msg::many_hours_col), say(v, Msg::many_change_col), say(v, Msg::many_fte_col),
                  say(v, Msg::many_change_col)});
  if (const Workload* b = base_workload(m)) {
    const WhatIfReport& first = m.variants.front().report;
    rows.push_back({fmt::format("{} {}", m.base_file, say(v, Msg::many_base_row)), "", "",
                    std::to_string(first.base_errors), fixed(b->steady_interviews_per_month, kCountDecimals), "",
                    fixed(b->steady_hours_per_month, kCountDecimals), "", fixed(b->steady_fte, kFteDecimals), ""});
    for (const auto& var : m.variants) {
      const WhatIfReport& r = var.report;
      const Workload& a = r.base;
      const Workload& c = r.variant;
      rows.push_back({variant_label(m, var), std::to_string(r.moved), std::to_string(r.changed),
                      std::to_string(r.variant_errors), fixed(c.steady_interviews_per_month, kCountDecimals),
                      change_text(a.steady_interviews_per_month, c.steady_interviews_per_month, kCountDecimals),
                      fixed(c.steady_hours_per_month, kCountDecimals),
                      change_text(a.steady_hours_per_month, c.steady_hours_per_month, kCountDecimals),
                      fixed(c.steady_fte, kFteDecimals), change_text(a.steady_fte, c.steady_fte, kFteDecimals)});
    }
  }
  std::vector<std::size_t> widths(rows.front().size(), 0);
  for (const auto& row : rows)
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], width_of(row[i]));
  for (const auto& row : rows) {
    std::string line = pad_right(row[0], widths[0]);
    for (std::size_t i = 1; i < row.size(); ++i) line += "  " + pad_left(row[i], widths[i]);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line;
    out += '\n';
  }
  out += '\n';
  out += say(v, Msg::many_note);
  out += '\n';
  return out;
}

std::string render_many_json(const WhatIfMany& m) {
  std::string out = "{\"kind\":\"whatif_many\",\"base\":{\"name\":";
  append_json_string(out, m.base_name);
  out += ",\"file\":";
  append_json_string(out, m.base_file);
  out += "},\"caseload\":";
  append_json_string(out, m.caseload_file);
  out += fmt::format(",\"as_of\":\"{}\",\"rows\":{},\"generated_at\":", iso_date(m.as_of), m.rows);
  append_json_string(out, m.generated_at);
  out += ",\"kadenz_version\":";
  append_json_string(out, m.kadenz_version);
  out += ",\"sweep\":";
  if (m.sweep) {
    out += "{\"parameter\":";
    append_json_string(out, m.sweep->parameter);
    out += ",\"values\":[";
    for (std::size_t i = 0; i < m.sweep->values.size(); ++i) {
      if (i > 0) out += ',';
      append_json_string(out, m.sweep->values[i]);
    }
    out += "]}";
  } else {
    out += "null";
  }
  out += ",\"variants\":[";
  for (std::size_t i = 0; i < m.variants.size(); ++i) {
    const auto& var = m.variants[i];
    if (i > 0) out += ',';
    out += "{\"name\":";
    append_json_string(out, var.name);
    out += ",\"file\":";
    append_json_string(out, var.file);
    out += ",\"set\":{";
    for (std::size_t k = 0; k < var.set.size(); ++k) {
      if (k > 0) out += ',';
      append_json_string(out, var.set[k].first);
      out += ':';
      append_json_string(out, var.set[k].second);
    }
    const ManySummary s = many_summary(var.report);
    out += fmt::format(
        "}},\"summary\":{{\"moved\":{},\"changed\":{},\"variant_errors\":{},\"steady_interviews_per_month\":{},"
        "\"steady_hours_per_month\":{},\"steady_fte\":{},\"change_steady_interviews_per_month\":{},"
        "\"change_steady_hours_per_month\":{},\"change_steady_fte\":{}}},\"report\":",
        s.moved, s.changed, s.variant_errors, num(s.steady_interviews_per_month), num(s.steady_hours_per_month),
        num(s.steady_fte), num(s.change_steady_interviews_per_month), num(s.change_steady_hours_per_month),
        num(s.change_steady_fte));
    std::string report = render_whatif_json(var.report);
    while (!report.empty() && (report.back() == '\n' || report.back() == ' ')) report.pop_back();
    out += report;
    out += '}';
  }
  out += "]}\n";
  return out;
}

namespace {

// The bar chart: one horizontal bar per variant for the change of the steady interviews per
// month (shown values), from a zero line; negative to the left. Inline SVG, no script.
std::string change_chart(const WhatIfMany& m) {
  constexpr int kLabel = 290, kPlot = 420, kRow = 28, kTop = 8;
  std::vector<double> changes;
  double most = 0;
  for (const auto& var : m.variants) {
    const double c = shown_change(var.report.base.steady_interviews_per_month,
                                  var.report.variant.steady_interviews_per_month, kCountDecimals);
    changes.push_back(c);
    most = std::max(most, std::fabs(c));
  }
  const bool any_negative = std::any_of(changes.begin(), changes.end(), [](double c) { return c < 0; });
  const bool any_positive = std::any_of(changes.begin(), changes.end(), [](double c) { return c > 0; });
  // the zero line: in the middle if bars go both ways, else at the side they start from
  const double zero = any_negative && any_positive ? kPlot / 2.0 : any_negative ? kPlot - 60.0 : 60.0;
  const double room = any_negative && any_positive ? kPlot / 2.0 - 70 : kPlot - 130.0;
  const double scale = most > 0 ? room / most : 0;
  const int height = kTop * 2 + kRow * static_cast<int>(m.variants.size());
  std::string svg = fmt::format(
      "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" "
      "aria-label=\"Änderung der Regelgespräche pro Monat je Variante\">\n",
      kLabel + kPlot, height, kLabel + kPlot, height);
  for (std::size_t i = 0; i < m.variants.size(); ++i) {
    const double y = kTop + kRow * static_cast<double>(i);
    const double c = changes[i];
    const double len = std::fabs(c) * scale;
    const double x = kLabel + (c < 0 ? zero - len : zero);
    svg += fmt::format("<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\" fill=\"{}\" font-size=\"13\">{}</text>\n",
                       kLabel - 8, y + 18, html::kInk, html::esc(chart_label(m, m.variants[i])));
    svg += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"18\" fill=\"{}\"/>\n", x, y + 4, len,
                       html::kVariantColour);
    const double label_x = c < 0 ? x - 6 : x + len + 6;
    svg += fmt::format(
        "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"{}\" fill=\"{}\" font-size=\"13\" "
        "data-key=\"variants.{}.summary.change_steady_interviews_per_month\">{}</text>\n",
        label_x, y + 18, c < 0 ? "end" : "start", html::kInk, i, html::de_change(c, kCountDecimals));
  }
  svg += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1}\" x2=\"{0:.1f}\" y2=\"{2}\" stroke=\"{3}\" stroke-width=\"1\"/>\n",
                     kLabel + zero, kTop, height - kTop, html::kMuted);
  svg += "</svg>\n";
  return svg;
}

}  // namespace

std::string render_many_html(const WhatIfMany& m) {
  std::string out;
  html::begin_page(out, html::html_title("Was-wäre-wenn mit mehreren Varianten", m.base_name));
  out += fmt::format("<h1>Was wäre, wenn …? {} Varianten im Vergleich</h1>\n", m.variants.size());
  out += "<dl class=\"meta\">\n<dt>Basis</dt>\n";
  out += html::policy_dd("base", m.base_name, m.base_file);
  out += fmt::format("<dt>Fallbestand</dt>\n<dd>{} <span class=\"file\">({} Zeilen)</span></dd>\n",
                     html::keyed("span", "caseload", html::esc(m.caseload_file)), html::de_count(m.rows));
  out += fmt::format("<dt>Stichtag</dt>\n<dd>{}</dd>\n", html::de_date(m.as_of));
  if (m.sweep) {
    out += fmt::format("<dt>Variation</dt>\n<dd>{} = {}</dd>\n", html::keyed("code", "sweep.parameter", html::esc(m.sweep->parameter)),
                       html::esc(fmt::format("{}", fmt::join(m.sweep->values, "; "))));
  }
  out += "</dl>\n";
  out += "<section>\n<h2>Varianten nebeneinander</h2>\n<table>\n<thead><tr><th>Variante</th><th class=\"num\">verschoben</th>"
         "<th class=\"num\">geändert</th><th class=\"num\">Fehler</th><th class=\"num\">Regelgespräche pro Monat</th>"
         "<th class=\"num\">Änderung</th><th class=\"num\">Stunden pro Monat</th><th class=\"num\">Änderung</th>"
         "<th class=\"num\">VZÄ</th><th class=\"num\">Änderung</th></tr></thead>\n<tbody>\n";
  if (const Workload* b = base_workload(m)) {
    out += fmt::format("<tr><th>{} (Basis)</th><td></td><td></td>{}{}<td></td>{}<td></td>{}<td></td></tr>\n",
                       html::esc(m.base_file), html::num_td("variants.0.report.base_errors", html::de_count(m.variants.front().report.base_errors)),
                       html::num_td("", html::de_number(b->steady_interviews_per_month, kCountDecimals)),
                       html::num_td("", html::de_number(b->steady_hours_per_month, kCountDecimals)),
                       html::num_td("", html::de_number(b->steady_fte, kFteDecimals)));
  }
  for (std::size_t i = 0; i < m.variants.size(); ++i) {
    const auto& var = m.variants[i];
    const WhatIfReport& r = var.report;
    const std::string k = fmt::format("variants.{}.summary.", i);
    out += fmt::format(
        "<tr><th>{}</th>{}{}{}{}{}{}{}{}{}</tr>\n", html::esc(variant_label(m, var)),
        html::num_td(k + "moved", html::de_count(r.moved)), html::num_td(k + "changed", html::de_count(r.changed)),
        html::num_td(k + "variant_errors", html::de_count(r.variant_errors)),
        html::num_td(k + "steady_interviews_per_month", html::de_number(r.variant.steady_interviews_per_month, kCountDecimals)),
        html::num_td("", html::de_change(shown_change(r.base.steady_interviews_per_month,
                                                      r.variant.steady_interviews_per_month, kCountDecimals),
                                         kCountDecimals)),
        html::num_td(k + "steady_hours_per_month", html::de_number(r.variant.steady_hours_per_month, kCountDecimals)),
        html::num_td("", html::de_change(shown_change(r.base.steady_hours_per_month, r.variant.steady_hours_per_month,
                                                      kCountDecimals),
                                         kCountDecimals)),
        html::num_td(k + "steady_fte", html::de_number(r.variant.steady_fte, kFteDecimals)),
        html::num_td("", html::de_change(shown_change(r.base.steady_fte, r.variant.steady_fte, kFteDecimals), kFteDecimals)));
  }
  out += "</tbody>\n</table>\n<p class=\"note\">Regelbetrieb: jeder gezählte Kunde in seinem Intervall "
         "(ohne einmalige Erstgespräche und Rückstand). Änderungen sind die Differenzen der gezeigten gerundeten "
         "Werte.</p>\n</section>\n";
  out += "<section>\n<h2>Änderung der Regelgespräche pro Monat</h2>\n";
  out += change_chart(m);
  out += "</section>\n";
  out += fmt::format("<footer>\n<p>Erstellt mit kadenz {} am {}. Jede Variante wurde in einem eigenen Durchlauf "
                     "über denselben Fallbestand mit der Basis verglichen.</p>\n</footer>\n</main>\n</body>\n</html>\n",
                     html::esc(m.kadenz_version), html::esc(m.generated_at));
  return out;
}

}  // namespace kadenz::detail
