// Renders workload and what-if reports as one self-contained HTML page each: inline CSS and
// inline SVG charts, German labels and number formats, no scripts, no links, nothing fetched.
// Every number (and name) the page shows that the JSON report also carries is marked with
// data-key="<JSON path>" (object keys and array indices joined by dots, e.g.
// `workload.base.forecast.4.interviews`), so a test can compare the page with the JSON.
#include "interpreter/report/report.hpp"

#include "stdlib/date.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace kadenz::detail {
namespace {

// ---- text --------------------------------------------------------------------------------

// Escapes text for element content and double-quoted attribute values alike.
std::string esc(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

// The typographic minus (U+2212) that German statistics tables use for negative numbers.
constexpr std::string_view kMinus = "\xE2\x88\x92";

// German number format: `.` groups thousands, `,` separates decimals; "−" for negatives.
// Rounds like the JSON reader's "%.*f" (correctly rounded decimal of the double); a value that
// rounds to zero loses its sign.
std::string de_number(double v, int decimals) {
  if (!std::isfinite(v)) return "–";
  std::string s = fmt::format("{:.{}f}", v, decimals);
  bool negative = !s.empty() && s[0] == '-';
  if (negative) s.erase(0, 1);
  if (s.find_first_not_of("0.") == std::string::npos) negative = false;
  const std::size_t point = s.find('.');
  const std::string whole = s.substr(0, point);
  std::string out(negative ? kMinus : "");
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) out += '.';
    out += whole[i];
  }
  if (point != std::string::npos) {
    out += ',';
    out += s.substr(point + 1);
  }
  return out;
}

std::string de_count(std::size_t n) { return de_number(static_cast<double>(n), 0); }

// A change with its sign: "+11,2", "−1", "0,0".
std::string de_change(double v, int decimals) {
  const std::string s = de_number(v, decimals);
  if (s.find_first_not_of("0.,") == std::string::npos || s.compare(0, kMinus.size(), kMinus) == 0) return s;
  return fmt::format("+{}", s);
}

// Weekly hours and the interview share: whole numbers as such, otherwise one decimal.
std::string de_plain(double v) { return de_number(v, v == std::floor(v) ? 0 : 1); }

// 2017-07-01 -> 01.07.2017.
std::string de_date(std::int32_t day) {
  char iso[10];
  format_iso(day, iso);
  return fmt::format("{}.{}.{}", std::string_view(iso + 8, 2), std::string_view(iso + 5, 2), std::string_view(iso, 4));
}

constexpr const char* kMonths[] = {"Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez"};

std::string month_short(const Workload::Month& m) { return kMonths[(m.month + 11) % 12]; }
std::string month_label(const Workload::Month& m) { return fmt::format("{} {}", month_short(m), m.year); }

// The error category and the missing rule of an error are shown as "Fehler".
std::string category_label(std::string_view c) { return c == kErrorCategory ? "Fehler" : std::string(c); }
std::string rule_label(std::string_view r) { return r.empty() ? "Fehler" : std::string(r); }

// An element whose text is the value at JSON path `key` (`attrs` start with a space).
std::string keyed(std::string_view tag, std::string_view key, std::string_view text, std::string_view attrs = "") {
  return fmt::format("<{0}{1} data-key=\"{2}\">{3}</{0}>", tag, attrs, esc(key), text);
}

// A numeric table cell marked with its JSON path (`key` may be empty: a derived number).
std::string num_td(std::string_view key, std::string_view text, std::string_view cls = "num") {
  if (key.empty()) return fmt::format("<td class=\"{}\">{}</td>", cls, text);
  return keyed("td", key, text, fmt::format(" class=\"{}\"", cls));
}

// ---- page frame ----------------------------------------------------------------------------

// Colours: base grey-blue, variant strong blue (distinct in grey scale too: the base line is
// dashed); both have at least 4.5:1 contrast on white for their value labels.
constexpr const char* kBaseColour = "#6b7c93";
constexpr const char* kVariantColour = "#0b5cad";
constexpr const char* kInk = "#1b2430";
constexpr const char* kMuted = "#5a6472";
constexpr const char* kGrid = "#e3e7ec";

constexpr std::string_view kStyle = R"(
:root{--ink:#1b2430;--muted:#5a6472;--line:#d5dbe2;--soft:#f3f5f8;--accent:#0b5cad;--base:#6b7c93}
*{box-sizing:border-box}
html{background:#eef1f5}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans","Liberation Sans","DejaVu Sans",sans-serif;
 color:var(--ink);line-height:1.45;font-size:15px}
main{max-width:1120px;margin:0 auto;background:#fff;padding:0 40px 32px;box-shadow:0 0 0 1px #dde3ea}
header.top{border-top:6px solid var(--accent);padding:28px 0 18px;border-bottom:1px solid var(--line)}
.kicker{margin:0;font-size:13px;letter-spacing:.08em;text-transform:uppercase;color:var(--muted);font-weight:600}
h1{margin:4px 0 14px;font-size:28px;line-height:1.2;font-weight:700}
h2{font-size:20px;margin:0 0 4px;font-weight:700}
h3{font-size:16px;margin:18px 0 6px}
section{padding:22px 0 8px;border-bottom:1px solid var(--line)}
section:last-of-type{border-bottom:0}
.lead{margin:0 0 14px;color:var(--muted);max-width:78ch}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:4px 18px;margin:0;font-size:14.5px}
dl.meta dt{color:var(--muted);font-weight:600}
dl.meta dd{margin:0}
.file{font-family:ui-monospace,"DejaVu Sans Mono","Liberation Mono",monospace;font-size:13px;color:var(--muted);word-break:break-all}
.swatch{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:6px;vertical-align:-1px}
.kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(190px,1fr));gap:12px;margin:4px 0 10px}
.kpi{background:var(--soft);border-left:4px solid var(--accent);padding:10px 14px;border-radius:2px}
.kpi .label{font-size:13px;color:var(--muted);font-weight:600}
.kpi .value{font-size:24px;font-weight:700;font-variant-numeric:tabular-nums;line-height:1.25}
.kpi .sub{font-size:13px;color:var(--muted);font-variant-numeric:tabular-nums}
table{border-collapse:collapse;font-variant-numeric:tabular-nums;margin:6px 0 14px}
table.data{width:100%}
th,td{padding:6px 10px;border-bottom:1px solid var(--line);text-align:left;vertical-align:baseline}
thead th{font-size:13px;color:var(--muted);font-weight:600;border-bottom:2px solid #9aa5b3;vertical-align:bottom}
th.num,td.num{text-align:right;white-space:nowrap}
tr.total td,tr.total th{font-weight:700;border-top:2px solid #9aa5b3}
tr.sub th{font-weight:400;padding-left:26px;color:var(--muted)}
tr.sub td{color:var(--muted)}
.err{font-style:italic;color:#9a3412}
table.moves td.num{width:9em}
caption{caption-side:top;text-align:left;font-size:13px;color:var(--muted);padding-bottom:4px}
table.matrix th,table.matrix td{text-align:right;min-width:72px;border:1px solid #fff}
table.matrix thead th{border-bottom:2px solid #9aa5b3;text-align:right}
table.matrix th.corner{text-align:left;color:var(--muted)}
table.matrix tbody th{text-align:left;background:var(--soft)}
table.matrix td.zero{color:#6b7480}
table.matrix td.diag{box-shadow:inset 0 0 0 2px #1b2430}
table.matrix .sum{background:#e6eaef;font-weight:700}
.legend{display:flex;flex-wrap:wrap;gap:18px;font-size:13px;color:var(--muted);margin:2px 0 10px}
.ramp{display:inline-block;width:90px;height:12px;vertical-align:-1px;margin:0 6px;border:1px solid var(--line)}
.bar{display:inline-block;height:10px;background:var(--accent);opacity:.75;vertical-align:0;margin-left:8px;border-radius:1px}
figure{margin:10px 0 14px}
figure svg{width:100%;height:auto;display:block}
figcaption{font-size:13px;color:var(--muted);margin-top:4px}
.grid2{display:grid;grid-template-columns:1fr;gap:8px}
footer{font-size:13px;color:var(--muted);padding-top:18px}
footer p{margin:0 0 6px;max-width:90ch}
@media print{html{background:#fff}main{box-shadow:none;padding:0}section{break-inside:avoid}}
)";

void begin_page(std::string& out, std::string_view title) {
  out += "<!DOCTYPE html>\n<html lang=\"de\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<meta name=\"generator\" content=\"kadenz\">\n";
  out += fmt::format("<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n<main>\n", esc(title), kStyle);
}

void end_page(std::string& out, bool whatif) {
  out += "<footer>\n";
  out += "<p>Monatswerte sind Durchschnittswerte im eingeschwungenen Zustand: Wer alle <i>n</i> Monate "
         "eingeladen wird, zählt mit 1/<i>n</i> Gesprächen pro Monat; ein ausstehendes Erstgespräch zählt einmal "
         "(ohne Vorbereitungszeit). Vollzeitäquivalente (VZÄ) = Stunden pro Monat ÷ Gesprächsstunden je "
         "Vollzeitstelle und Monat (Wochenarbeitszeit × 52/12 × Anteil Gesprächszeit).</p>\n";
  out += "<p>Die Prognose zählt die Gespräche, die in jedem Monat fällig werden; überfällige Gespräche fallen in "
         "den ersten Monat.";
  if (whatif) out += " „Fehler“ sind Datensätze, die eine Regelung nicht entscheiden kann (z.&#8239;B. fehlende "
                     "oder ungültige Angaben).";
  out += "</p>\n<p>Erstellt mit kadenz. Alle Zahlen stammen aus demselben Lauf wie der JSON-Bericht "
         "(<code>--format json</code>).</p>\n</footer>\n</main>\n</body>\n</html>\n";
}

// ---- SVG: horizontal bar panels -------------------------------------------------------------

// The smallest of 1, 2, 2.5, 5 × 10^k that is at least `v`.
double nice_step(double v) {
  if (!(v > 0)) return 1;
  const double p = std::pow(10.0, std::floor(std::log10(v)));
  for (const double m : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (m * p >= v * (1 - 1e-9)) return m * p;
  return 10 * p;
}

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

constexpr double kChartWidth = 1040;

std::string svg_open(std::string_view id, double height, std::string_view title, std::string_view desc) {
  return fmt::format(
      "<svg viewBox=\"0 0 {} {}\" role=\"img\" aria-labelledby=\"{}-t {}-d\" font-family=\"system-ui, sans-serif\" "
      "font-size=\"13\">\n<title id=\"{}-t\">{}</title>\n<desc id=\"{}-d\">{}</desc>\n",
      kChartWidth, height, id, id, id, esc(title), id, esc(desc));
}

// A legend row starting at (x, y); item widths are estimated from the name length.
std::string svg_legend(double x, double y, const std::vector<LegendItem>& items) {
  std::string out;
  double cx = x;
  for (const auto& it : items) {
    if (it.line) {
      out += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"2.5\"{}/>",
                         cx, y - 4, cx + 24, y - 4, it.colour, it.dashed ? " stroke-dasharray=\"6 4\"" : "");
    } else {
      out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"24\" height=\"10\" rx=\"1\" fill=\"{}\"/>", cx, y - 9,
                         it.colour);
    }
    out += fmt::format("<text x=\"{}\" y=\"{}\" fill=\"{}\">{}</text>\n", cx + 30, y, kInk, esc(it.name));
    cx += 30 + 8.0 * static_cast<double>(it.name.size()) + 26;
  }
  return out;
}

// Panels side by side, each with its own scale (so interviews, hours and FTE can sit together).
std::string bar_chart(std::string_view id, std::string_view title, std::string_view desc,
                      const std::vector<LegendItem>& legend, const std::vector<Panel>& panels) {
  constexpr double kGap = 36, kBarH = 20, kBarGap = 4, kGroupGap = 12, kTop = 34, kLabelW = 78, kValueW = 64;
  const double legend_h = legend.empty() ? 0 : 30;
  const double pw = (kChartWidth - kGap * static_cast<double>(panels.size() - 1)) / static_cast<double>(panels.size());
  double inner_h = 0;
  for (const auto& p : panels) {
    double h = 0;
    for (const auto& g : p.groups) h += static_cast<double>(g.bars.size()) * (kBarH + kBarGap) + kGroupGap;
    inner_h = std::max(inner_h, h);
  }
  const double height = legend_h + kTop + inner_h + 6;
  std::string out = svg_open(id, height, title, desc);
  if (!legend.empty()) out += svg_legend(0, 16, legend);
  for (std::size_t pi = 0; pi < panels.size(); ++pi) {
    const Panel& p = panels[pi];
    const double x0 = static_cast<double>(pi) * (pw + kGap);
    const double top = legend_h;
    double max = 0;
    for (const auto& g : p.groups)
      for (const auto& b : g.bars) max = std::max(max, b.value);
    const double scale_max = max > 0 ? max : 1;
    const double bar_x = x0 + kLabelW, bar_w = pw - kLabelW - kValueW;
    out += fmt::format("<g>\n<text x=\"{}\" y=\"{}\" font-weight=\"700\" font-size=\"14\" fill=\"{}\">{}</text>\n", x0,
                       top + 18, kInk, esc(p.title));
    double y = top + kTop;
    const double axis_top = y - 4;
    for (const auto& g : p.groups) {
      const double group_h = static_cast<double>(g.bars.size()) * (kBarH + kBarGap) - kBarGap;
      if (!g.label.empty()) {
        out += fmt::format("<text x=\"{}\" y=\"{}\" dominant-baseline=\"central\" font-weight=\"600\" fill=\"{}\">{}</text>\n",
                           x0, y + group_h / 2, kInk, esc(g.label));
      }
      for (const auto& b : g.bars) {
        const double w = std::max(0.0, b.value) / scale_max * bar_w;
        if (!b.label.empty()) {
          out += fmt::format("<text x=\"{}\" y=\"{}\" dominant-baseline=\"central\" fill=\"{}\">{}</text>\n", x0,
                             y + kBarH / 2, kInk, esc(b.label));
        }
        out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\" fill=\"{}\"/>\n", bar_x, y, w, kBarH,
                           b.colour);
        const std::string text = b.missing ? "–" : de_number(b.value, p.decimals);
        const std::string attrs = fmt::format(" x=\"{:.1f}\" y=\"{}\" dominant-baseline=\"central\" fill=\"{}\"",
                                              bar_x + w + 6, y + kBarH / 2, kInk);
        out += b.key.empty() ? fmt::format("<text{}>{}</text>\n", attrs, text) : keyed("text", b.key, text, attrs);
        out += '\n';
        y += kBarH + kBarGap;
      }
      y += kGroupGap;
    }
    out += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"1\"/>\n</g>\n",
                       bar_x, axis_top, bar_x, y - kGroupGap + 2, kMuted);
  }
  out += "</svg>\n";
  return out;
}

// ---- SVG: forecast line chart --------------------------------------------------------------

struct Series {
  std::string name;
  const char* colour;
  bool dashed;
  const Workload* workload;
  std::string key;  // JSON path of the workload
};

std::string line_chart(std::string_view id, std::string_view title, std::string_view desc,
                       const std::vector<Series>& series) {
  constexpr double kH = 340, kLeft = 60, kRight = 24, kTop = 44, kBottom = 52;
  const std::size_t n = kForecastMonths;
  std::size_t max = 0;
  for (const auto& s : series)
    for (const auto& m : s.workload->forecast) max = std::max(max, m.interviews);
  const double step = nice_step(std::max(1.0, static_cast<double>(max)) / 5);
  const double top_value = std::max(step, std::ceil(static_cast<double>(max) / step) * step);
  const double plot_w = kChartWidth - kLeft - kRight, plot_h = kH - kTop - kBottom;
  auto px = [&](std::size_t i) { return kLeft + plot_w * (static_cast<double>(i) + 0.5) / static_cast<double>(n); };
  auto py = [&](double v) { return kTop + plot_h * (1 - v / top_value); };

  std::string out = svg_open(id, kH, title, desc);
  std::vector<LegendItem> legend;
  for (const auto& s : series) legend.push_back({s.name, s.colour, true, s.dashed});
  out += svg_legend(kLeft, 18, legend);
  // y grid and ticks
  for (double v = 0; v <= top_value + step / 2; v += step) {
    const double y = py(v);
    out += fmt::format("<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\" stroke=\"{}\"/>"
                       "<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\" dominant-baseline=\"central\" fill=\"{}\">{}</text>\n",
                       kLeft, y, kLeft + plot_w, y, v == 0 ? kMuted : kGrid, kLeft - 8, y, kMuted,
                       de_number(v, step < 1 ? 1 : 0));
  }
  out += fmt::format("<text x=\"14\" y=\"{:.1f}\" transform=\"rotate(-90 14 {:.1f})\" text-anchor=\"middle\" fill=\"{}\">"
                     "Gespräche</text>\n",
                     kTop + plot_h / 2, kTop + plot_h / 2, kMuted);
  // x labels: month, and the year under the first month and every January
  const auto& months = series.front().workload->forecast;
  for (std::size_t i = 0; i < n; ++i) {
    const double x = px(i);
    out += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1}\" x2=\"{0:.1f}\" y2=\"{2}\" stroke=\"{3}\"/>"
                       "<text x=\"{0:.1f}\" y=\"{4}\" text-anchor=\"middle\" fill=\"{5}\">{6}</text>\n",
                       x, kTop + plot_h, kTop + plot_h + 5, kMuted, kTop + plot_h + 20, kInk, month_short(months[i]));
    if (i == 0 || months[i].month == 1) {
      out += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\" font-weight=\"600\" fill=\"{}\">{}</text>\n",
                         x, kTop + plot_h + 38, kMuted, months[i].year);
    }
  }
  // lines, then points with a tooltip each
  for (const auto& s : series) {
    std::string points;
    for (std::size_t i = 0; i < n; ++i)
      points += fmt::format("{}{:.1f},{:.1f}", i ? " " : "", px(i), py(static_cast<double>(s.workload->forecast[i].interviews)));
    out += fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2.5\" stroke-linejoin=\"round\"{}/>\n",
                       points, s.colour, s.dashed ? " stroke-dasharray=\"7 5\"" : "");
    for (std::size_t i = 0; i < n; ++i) {
      const auto& m = s.workload->forecast[i];
      // the dashed series gets hollow markers, so equal values of both stay visible
      out += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"{}\" fill=\"{}\" stroke=\"{}\" stroke-width=\"{}\">"
                         "<title>{} {}: {} Gespräche</title></circle>\n",
                         px(i), py(static_cast<double>(m.interviews)), s.dashed ? 5.5 : 3.5, s.dashed ? "none" : s.colour,
                         s.dashed ? s.colour : "#fff", s.dashed ? 1.8 : 1.2, esc(s.name), month_label(m),
                         de_count(m.interviews));
    }
  }
  out += "</svg>\n";
  return out;
}

// The forecast as a table: one row per series (and the change for two), one column per month.
std::string forecast_table(const std::vector<Series>& series) {
  const auto& months = series.front().workload->forecast;
  std::string out = "<table class=\"data\">\n<caption>Fällige Gespräche je Monat</caption>\n<thead><tr><th>Monat</th>";
  for (const auto& m : months) out += fmt::format("<th class=\"num\">{}<br>{}</th>", month_short(m), m.year);
  out += "</tr></thead>\n<tbody>\n";
  for (const auto& s : series) {
    out += fmt::format("<tr><th><span class=\"swatch\" style=\"background:{}\"></span>{}</th>", s.colour, esc(s.name));
    for (std::size_t i = 0; i < months.size(); ++i)
      out += num_td(fmt::format("{}.forecast.{}.interviews", s.key, i), de_count(s.workload->forecast[i].interviews));
    out += "</tr>\n";
  }
  if (series.size() == 2) {
    out += "<tr class=\"total\"><th>Änderung</th>";
    for (std::size_t i = 0; i < months.size(); ++i) {
      const double d = static_cast<double>(series[1].workload->forecast[i].interviews) -
                       static_cast<double>(series[0].workload->forecast[i].interviews);
      out += num_td("", de_change(d, 0));
    }
    out += "</tr>\n";
  }
  out += "</tbody>\n</table>\n";
  return out;
}

std::string forecast_section(const std::vector<Series>& series) {
  std::string out = "<section id=\"prognose\">\n<h2>Prognose: fällige Gespräche pro Monat</h2>\n";
  out += "<p class=\"lead\">Gespräche, die in den zwölf Monaten ab dem Stichtag fällig werden (nach dem Datum des "
         "nächsten Gesprächs); überfällige Gespräche zählen im ersten Monat.</p>\n<figure>\n";
  std::string desc = "Liniendiagramm der fälligen Gespräche je Monat";
  for (const auto& s : series) {
    desc += fmt::format("; {}:", s.name);
    for (const auto& m : s.workload->forecast) desc += fmt::format(" {} {},", month_label(m), m.interviews);
    desc.pop_back();
  }
  out += line_chart("chart-forecast", "Prognose: fällige Gespräche pro Monat", desc, series);
  out += "</figure>\n";
  out += forecast_table(series);
  out += "</section>\n";
  return out;
}

// ---- shared sections -----------------------------------------------------------------------

std::string policy_dd(std::string_view key, const std::string& name, const std::string& file) {
  return fmt::format("<dd>{} <span class=\"file\">({})</span></dd>\n", keyed("strong", fmt::format("{}.name", key), esc(name)),
                     keyed("span", fmt::format("{}.file", key), esc(file)));
}

std::string kpi(std::string_view label, std::string_view value_html, std::string_view sub_html = "") {
  return fmt::format("<div class=\"kpi\"><div class=\"label\">{}</div><div class=\"value\">{}</div>{}</div>\n", label,
                     value_html, sub_html.empty() ? "" : fmt::format("<div class=\"sub\">{}</div>", sub_html));
}

// A workload figure: label, JSON field name (empty: not in the JSON), value, decimals, sub-row.
struct Figure {
  const char* label;
  const char* field;
  double Workload::*value;  // null: first_interviews / customers / not_counted by field name
  int decimals;
  bool sub;
  const char* difference;   // the whatif JSON's difference field, or null
};

double figure_value(const Workload& w, const Figure& f) {
  if (f.value) return w.*(f.value);
  const std::string_view field = f.field;
  if (field == "customers") return static_cast<double>(w.customers);
  if (field == "first_interviews") return static_cast<double>(w.first_interviews);
  return static_cast<double>(w.not_counted);
}

constexpr Figure kFigures[] = {
    {"Kunden gezählt", "customers", nullptr, 0, false, "customers"},
    {"Gespräche pro Monat", "interviews_per_month", &Workload::interviews_per_month, 1, false, "interviews_per_month"},
    {"davon Erstgespräche (einmalig)", "first_interviews", nullptr, 0, true, "first_interviews"},
    {"davon Folgegespräche pro Monat", "follow_ups_per_month", &Workload::follow_ups_per_month, 1, true, nullptr},
    {"Stunden pro Monat", "hours_per_month", &Workload::hours_per_month, 1, false, "hours_per_month"},
    {"davon Gesprächszeit", "interview_hours_per_month", &Workload::interview_hours_per_month, 1, true, nullptr},
    {"davon Vorbereitung", "preparation_hours_per_month", &Workload::preparation_hours_per_month, 1, true, nullptr},
    {"Vollzeitäquivalente (VZÄ)", "fte", &Workload::fte, 2, false, "fte"},
    {"nicht gezählt (Intervall unter 1 Monat)", "not_counted", nullptr, 0, true, nullptr},
};

// The staff constants of a workload as table rows.
std::string constant_rows(const std::vector<std::pair<const Workload*, std::string>>& ws, bool change_column) {
  struct Row {
    const char* label;
    const char* field;
  };
  static constexpr Row rows[] = {{"Wochenarbeitszeit je Vollzeitstelle (Stunden)", "weekly_hours"},
                                 {"Anteil Gesprächszeit (%)", "interview_share"},
                                 {"Gesprächsstunden je VZÄ und Monat", "interview_hours_per_fte"}};
  std::string out;
  for (const auto& r : rows) {
    const std::string_view field = r.field;
    out += fmt::format("<tr class=\"sub\"><th>{}</th>", r.label);
    for (const auto& [w, key] : ws) {
      const std::string k = fmt::format("{}.{}", key, field);
      if (field == "weekly_hours") out += num_td(k, de_plain(w->weekly_hours));
      else if (field == "interview_share")
        out += keyed("td", k, de_plain(w->interview_share * 100), " class=\"num\" data-scale=\"100\"");
      else out += num_td(k, de_number(w->interview_hours_per_fte, 1));
    }
    if (change_column) out += "<td></td>";
    out += "</tr>\n";
  }
  return out;
}

// Categories of one or two workloads (the union, in category order) for the bar chart.
std::vector<std::string> category_union(const std::vector<const Workload*>& ws) {
  std::vector<std::string> names;
  for (const Workload* w : ws)
    for (const auto& c : w->categories)
      if (std::find(names.begin(), names.end(), c.name) == names.end()) names.push_back(c.name);
  std::sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) { return category_less(a, b); });
  return names;
}

// Index of category `name` in `w`, or npos.
std::size_t category_index(const Workload& w, std::string_view name) {
  for (std::size_t i = 0; i < w.categories.size(); ++i)
    if (w.categories[i].name == name) return i;
  return std::string::npos;
}

std::string category_chart(const std::vector<Series>& series) {
  std::vector<const Workload*> ws;
  for (const auto& s : series) ws.push_back(s.workload);
  const auto names = category_union(ws);
  Panel interviews{"Gespräche pro Monat", 1, {}}, hours{"Stunden pro Monat", 1, {}};
  std::string desc = "Balkendiagramm nach Kategorie";
  for (const auto& name : names) {
    BarGroup gi{name, {}}, gh{name, {}};
    for (const auto& s : series) {
      const std::size_t i = category_index(*s.workload, name);
      const bool has = i != std::string::npos;
      const double vi = has ? s.workload->categories[i].interviews_per_month : 0;
      const double vh = has ? s.workload->categories[i].hours_per_month : 0;
      const std::string k = has ? fmt::format("{}.categories.{}.", s.key, i) : std::string();
      gi.bars.push_back({"", vi, has ? k + "interviews_per_month" : "", s.colour, !has});
      gh.bars.push_back({"", vh, has ? k + "hours_per_month" : "", s.colour, !has});
      desc += has ? fmt::format("; {} {}: {} Gespräche, {} Stunden pro Monat", name, s.name, de_number(vi, 1), de_number(vh, 1))
                  : fmt::format("; {} {}: keine", name, s.name);
    }
    interviews.groups.push_back(std::move(gi));
    hours.groups.push_back(std::move(gh));
  }
  std::vector<LegendItem> legend;
  if (series.size() > 1)
    for (const auto& s : series) legend.push_back({s.name, s.colour, false, false});
  return bar_chart("chart-categories", "Arbeitsaufwand nach Kategorie", desc, legend, {interviews, hours});
}

std::string html_title(std::string_view kind, std::string_view name) { return fmt::format("{}: {} – kadenz", kind, name); }

}  // namespace

// ---- `kadenz workload` ---------------------------------------------------------------------

std::string render_workload_html(const WorkloadReport& r) {
  const Workload& w = r.workload;
  std::string out;
  begin_page(out, html_title("Arbeitsaufwand", r.policy_name));
  out += "<header class=\"top\">\n<p class=\"kicker\">kadenz · Kontaktdichte · Arbeitsaufwand</p>\n";
  out += fmt::format("<h1>Arbeitsaufwand nach Regelung: {}</h1>\n", esc(r.policy_name));
  out += "<dl class=\"meta\">\n<dt>Regelung</dt>\n" + policy_dd("policy", r.policy_name, r.policy_file);
  out += fmt::format("<dt>Kundenbestand</dt>\n<dd>{} · {} Datensätze, davon {} entschieden, {} mit Fehler, {} mit "
                     "Warnung</dd>\n",
                     keyed("span", "caseload.file", esc(r.caseload_file), " class=\"file\""),
                     keyed("span", "caseload.rows", de_count(r.summary.rows)),
                     keyed("span", "caseload.decided", de_count(r.summary.decided)),
                     keyed("span", "caseload.errors", de_count(r.summary.errors)),
                     keyed("span", "caseload.warned", de_count(r.summary.warned)));
  out += fmt::format("<dt>Stichtag</dt>\n<dd>{}</dd>\n</dl>\n</header>\n", keyed("span", "as_of", de_date(r.as_of)));

  // key figures
  out += "<section id=\"kennzahlen\">\n<h2>Kennzahlen</h2>\n<div class=\"kpis\">\n";
  out += kpi("Kunden gezählt", keyed("span", "workload.customers", de_count(w.customers)),
             fmt::format("davon {} Erstgespräche ausstehend", keyed("span", "workload.first_interviews", de_count(w.first_interviews))));
  out += kpi("Gespräche pro Monat", keyed("span", "workload.interviews_per_month", de_number(w.interviews_per_month, 1)));
  out += kpi("Stunden pro Monat", keyed("span", "workload.hours_per_month", de_number(w.hours_per_month, 1)));
  out += kpi("Vollzeitäquivalente (VZÄ)", keyed("span", "workload.fte", de_number(w.fte, 2)),
             fmt::format("bei {} Gesprächsstunden je VZÄ und Monat",
                         keyed("span", "workload.interview_hours_per_fte", de_number(w.interview_hours_per_fte, 1))));
  out += "</div>\n</section>\n";

  // categories
  out += "<section id=\"kategorien\">\n<h2>Kategorien</h2>\n<p class=\"lead\">Kunden und Arbeitsaufwand nach "
         "Kontaktdichte-Kategorie (Gesprächsintervall).</p>\n";
  out += "<table class=\"data\">\n<thead><tr><th>Kategorie</th><th class=\"num\">Kunden</th><th class=\"num\">"
         "Erstgespräche</th><th class=\"num\">Gespräche pro Monat</th><th class=\"num\">Stunden pro Monat</th>"
         "<th class=\"num\">Anteil Stunden</th></tr></thead>\n<tbody>\n";
  for (std::size_t i = 0; i < w.categories.size(); ++i) {
    const auto& c = w.categories[i];
    const std::string k = fmt::format("workload.categories.{}.", i);
    const double share = w.hours_per_month > 0 ? c.hours_per_month / w.hours_per_month * 100 : 0;
    out += fmt::format("<tr>{}{}{}{}{}{}</tr>\n", keyed("th", k + "name", esc(c.name)), num_td(k + "customers", de_count(c.customers)),
                       num_td(k + "first_interviews", de_count(c.first_interviews)),
                       num_td(k + "interviews_per_month", de_number(c.interviews_per_month, 1)),
                       num_td(k + "hours_per_month", de_number(c.hours_per_month, 1)),
                       num_td("", fmt::format("{} %<span class=\"bar\" style=\"width:{:.0f}px\"></span>",
                                              de_number(share, 1), share * 0.8)));
  }
  out += fmt::format("<tr class=\"total\"><th>Summe</th>{}{}{}{}<td class=\"num\">100,0 %<span class=\"bar\" "
                     "style=\"width:80px\"></span></td></tr>\n</tbody>\n</table>\n",
                     num_td("workload.customers", de_count(w.customers)),
                     num_td("workload.first_interviews", de_count(w.first_interviews)),
                     num_td("workload.interviews_per_month", de_number(w.interviews_per_month, 1)),
                     num_td("workload.hours_per_month", de_number(w.hours_per_month, 1)));
  out += "<figure>\n";
  out += category_chart({{"Regelung", kVariantColour, false, &w, "workload"}});
  out += "<figcaption>Gespräche und Stunden pro Monat je Kategorie (Monatsdurchschnitt).</figcaption>\n</figure>\n";
  out += "</section>\n";

  // workload figures
  out += "<section id=\"aufwand\">\n<h2>Arbeitsaufwand</h2>\n<table class=\"data\">\n<thead><tr><th>Kennzahl</th>"
         "<th class=\"num\">Wert</th></tr></thead>\n<tbody>\n";
  for (const auto& f : kFigures) {
    out += fmt::format("<tr{}><th>{}</th>{}</tr>\n", f.sub ? " class=\"sub\"" : "", f.label,
                       num_td(fmt::format("workload.{}", f.field), de_number(figure_value(w, f), f.decimals)));
  }
  out += constant_rows({{&w, "workload"}}, false);
  out += "</tbody>\n</table>\n</section>\n";

  out += forecast_section({{"Regelung", kVariantColour, false, &w, "workload"}});
  end_page(out, false);
  return out;
}

// ---- `kadenz whatif` -----------------------------------------------------------------------

namespace {

// Heat colour of a matrix cell: blue for the diagonal (unchanged), orange for moves; the
// intensity grows with the square root of the count, so that single moves stay visible.
std::string heat(double t, bool diagonal) {
  t = std::clamp(t, 0.0, 1.0);
  // from a pale tint (t = 0) to the full colour (t = 1)
  const int lo[3] = {diagonal ? 0xEE : 0xFD, diagonal ? 0xF3 : 0xF0, diagonal ? 0xFA : 0xE4};
  const int hi[3] = {diagonal ? 0x1E : 0xC2, diagonal ? 0x4E : 0x41, diagonal ? 0x8C : 0x0C};
  int c[3];
  for (int i = 0; i < 3; ++i) c[i] = static_cast<int>(std::lround(lo[i] + (hi[i] - lo[i]) * t));
  return fmt::format("#{:02x}{:02x}{:02x}", c[0], c[1], c[2]);
}

std::string matrix_section(const WhatIfReport& r) {
  const std::size_t n = r.categories.size();
  std::size_t max_diag = 0, max_off = 0;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) (i == j ? max_diag : max_off) = std::max(i == j ? max_diag : max_off, r.counts[i][j]);
  std::string out = "<section id=\"matrix\">\n<h2>Übergangsmatrix</h2>\n<p class=\"lead\">Datensätze nach Kategorie "
                    "unter der Basis (Zeilen) und unter der Variante (Spalten). Auf der Diagonale bleibt die "
                    "Kategorie gleich, jede andere Zelle ist ein Wechsel.</p>\n";
  out += "<table class=\"matrix\">\n<thead><tr><th class=\"corner\" rowspan=\"2\">Basis ↓ / Variante →</th>";
  out += fmt::format("<th colspan=\"{}\" style=\"text-align:center\">Variante</th><th rowspan=\"2\" class=\"sum\">Summe</th></tr>\n<tr>", n);
  for (std::size_t j = 0; j < n; ++j)
    out += keyed("th", fmt::format("matrix.categories.{}", j), esc(category_label(r.categories[j])));
  out += "</tr></thead>\n<tbody>\n";
  std::vector<std::size_t> column(n, 0);
  std::size_t all = 0;
  for (std::size_t i = 0; i < n; ++i) {
    out += fmt::format("<tr><th>{}</th>", esc(category_label(r.categories[i])));
    std::size_t row = 0;
    for (std::size_t j = 0; j < n; ++j) {
      const std::size_t v = r.counts[i][j];
      row += v;
      column[j] += v;
      const bool diag = i == j;
      const std::size_t max = diag ? max_diag : max_off;
      const double t = v == 0 || max == 0 ? 0 : 0.15 + 0.85 * std::sqrt(static_cast<double>(v) / static_cast<double>(max));
      std::string cls = diag ? "diag" : "off";
      if (v == 0) cls += " zero";
      const std::string style = v == 0 && !diag ? std::string()
                                                : fmt::format(" style=\"background:{};color:{}\"", heat(t, diag),
                                                              t > 0.55 ? "#fff" : kInk);
      const std::string title =
          fmt::format(" title=\"{} → {}: {}\"", esc(category_label(r.categories[i])), esc(category_label(r.categories[j])), v);
      out += keyed("td", fmt::format("matrix.counts.{}.{}", i, j), de_count(v), fmt::format(" class=\"{}\"{}{}", cls, style, title));
    }
    all += row;
    out += fmt::format("<td class=\"sum\">{}</td></tr>\n", de_count(row));
  }
  out += "<tr><th class=\"sum\">Summe</th>";
  for (const auto c : column) out += fmt::format("<td class=\"sum\">{}</td>", de_count(c));
  out += all == r.rows ? keyed("td", "caseload.rows", de_count(all), " class=\"sum\"")
                       : fmt::format("<td class=\"sum\">{}</td>", de_count(all));
  out += "</tr>\n</tbody>\n</table>\n";
  out += fmt::format("<div class=\"legend\"><span>unverändert (Diagonale, umrahmt)<span class=\"ramp\" "
                     "style=\"background:linear-gradient(90deg,{},{})\"></span></span><span>Wechsel<span class=\"ramp\" "
                     "style=\"background:linear-gradient(90deg,{},{})\"></span></span><span>Farbstärke nach Anzahl "
                     "(Wurzelskala)</span></div>\n",
                     heat(0.15, true), heat(1, true), heat(0.15, false), heat(1, false));
  out += "</section>\n";
  return out;
}

std::string moves_section(const WhatIfReport& r) {
  std::string out = "<section id=\"wechsel\">\n<h2>Wechsel nach entscheidender Regel</h2>\n<p class=\"lead\">"
                    "Datensätze, die die Kategorie wechseln, nach der Regel, die unter der Basis und unter der "
                    "Variante entscheidet; die häufigsten zuerst.</p>\n";
  out += "<table class=\"data moves\">\n<thead><tr><th class=\"num\">Anzahl</th><th>Entscheidende Regel: Basis → "
         "Variante</th><th>Kategorie: Basis → Variante</th></tr></thead>\n<tbody>\n";
  if (r.moves.empty()) out += "<tr><td colspan=\"3\">Kein Datensatz wechselt die Kategorie.</td></tr>\n";
  std::size_t max = 1;
  for (const auto& m : r.moves) max = std::max(max, m.count);
  for (std::size_t i = 0; i < r.moves.size(); ++i) {
    const auto& m = r.moves[i];
    const std::string k = fmt::format("moves.{}.", i);
    auto part = [&](std::string_view field, const std::string& shown, bool error) {
      return keyed("span", k + std::string(field), esc(shown), error ? " class=\"err\"" : "");
    };
    out += fmt::format(
        "<tr><td class=\"num\">{}<span class=\"bar\" style=\"width:{:.0f}px\"></span></td><td>{} → {}</td>"
        "<td>{} → {}</td></tr>\n",
        keyed("span", k + "count", de_count(m.count)), 80.0 * static_cast<double>(m.count) / static_cast<double>(max),
        part("from_rule", rule_label(m.from_rule), m.from_rule.empty()),
        part("to_rule", rule_label(m.to_rule), m.to_rule.empty()),
        part("from", category_label(m.from_category), m.from_category == kErrorCategory),
        part("to", category_label(m.to_category), m.to_category == kErrorCategory));
  }
  out += "</tbody>\n</table>\n</section>\n";
  return out;
}

std::string workload_section(const WhatIfReport& r) {
  std::string out = "<section id=\"aufwand\">\n<h2>Arbeitsaufwand: Basis und Variante</h2>\n<p class=\"lead\">"
                    "Monatsdurchschnitt der Gespräche und Stunden, und die dafür nötigen Vollzeitstellen.</p>\n";
  out += "<figure>\n";
  std::vector<Panel> panels;
  std::string desc = "Balkendiagramm Basis gegenüber Variante";
  for (const auto& f : kFigures) {
    if (!f.difference || std::string_view(f.field) == "customers" || std::string_view(f.field) == "first_interviews") continue;
    const double b = figure_value(r.base, f), v = figure_value(r.variant, f);
    panels.push_back({f.label, f.decimals,
                      {{"",
                        {{"Basis", b, fmt::format("workload.base.{}", f.field), kBaseColour},
                         {"Variante", v, fmt::format("workload.variant.{}", f.field), kVariantColour}}}}});
    desc += fmt::format("; {}: Basis {}, Variante {}", f.label, de_number(b, f.decimals), de_number(v, f.decimals));
  }
  out += bar_chart("chart-workload", "Arbeitsaufwand vorher und nachher", desc, {}, panels);
  out += "<figcaption>Jedes Feld hat seine eigene Skala.</figcaption>\n</figure>\n";

  out += "<table class=\"data\">\n<thead><tr><th>Kennzahl</th><th class=\"num\"><span class=\"swatch\" style=\"background:";
  out += fmt::format("{}\"></span>Basis</th><th class=\"num\"><span class=\"swatch\" style=\"background:{}\"></span>"
                     "Variante</th><th class=\"num\">Änderung</th></tr></thead>\n<tbody>\n",
                     kBaseColour, kVariantColour);
  for (const auto& f : kFigures) {
    const double b = figure_value(r.base, f), v = figure_value(r.variant, f);
    const double d = v - b;
    const std::string change = de_change(d, f.decimals);
    out += fmt::format("<tr{}><th>{}</th>{}{}{}</tr>\n", f.sub ? " class=\"sub\"" : "", f.label,
                       num_td(fmt::format("workload.base.{}", f.field), de_number(b, f.decimals)),
                       num_td(fmt::format("workload.variant.{}", f.field), de_number(v, f.decimals)),
                       num_td(f.difference ? fmt::format("workload.difference.{}", f.difference) : std::string(), change));
  }
  out += constant_rows({{&r.base, "workload.base"}, {&r.variant, "workload.variant"}}, true);
  out += "</tbody>\n</table>\n";

  // by category
  out += "<h3>Nach Kategorie</h3>\n<table class=\"data\">\n<thead><tr><th rowspan=\"2\">Kategorie</th>"
         "<th class=\"num\" colspan=\"2\">Kunden</th><th class=\"num\" colspan=\"2\">Erstgespräche</th>"
         "<th class=\"num\" colspan=\"2\">Gespräche pro Monat</th><th class=\"num\" colspan=\"2\">Stunden pro Monat</th>"
         "</tr>\n<tr>";
  for (int i = 0; i < 4; ++i) out += "<th class=\"num\">Basis</th><th class=\"num\">Variante</th>";
  out += "</tr></thead>\n<tbody>\n";
  for (const auto& name : category_union({&r.base, &r.variant})) {
    const Workload* ws[2] = {&r.base, &r.variant};
    const char* keys[2] = {"workload.base", "workload.variant"};
    std::size_t idx[2];
    for (int s = 0; s < 2; ++s) idx[s] = category_index(*ws[s], name);
    // one row for the category of both policies: its name is marked with the base's path, or
    // the variant's if only the variant has it
    const int named = idx[0] != std::string::npos ? 0 : 1;
    out += "<tr>" + keyed("th", fmt::format("{}.categories.{}.name", keys[named], idx[named]), esc(name));
    auto cells = [&](const char* field, auto value, int decimals) {
      for (int s = 0; s < 2; ++s) {
        if (idx[s] == std::string::npos) {
          out += "<td class=\"num zero\">–</td>";
        } else {
          out += num_td(fmt::format("{}.categories.{}.{}", keys[s], idx[s], field),
                        de_number(value(ws[s]->categories[idx[s]]), decimals));
        }
      }
    };
    cells("customers", [](const Workload::Category& c) { return static_cast<double>(c.customers); }, 0);
    cells("first_interviews", [](const Workload::Category& c) { return static_cast<double>(c.first_interviews); }, 0);
    cells("interviews_per_month", [](const Workload::Category& c) { return c.interviews_per_month; }, 1);
    cells("hours_per_month", [](const Workload::Category& c) { return c.hours_per_month; }, 1);
    out += "</tr>\n";
  }
  out += "</tbody>\n</table>\n<figure>\n";
  out += category_chart({{"Basis", kBaseColour, false, &r.base, "workload.base"},
                         {"Variante", kVariantColour, false, &r.variant, "workload.variant"}});
  out += "<figcaption>Gespräche und Stunden pro Monat je Kategorie, Basis und Variante.</figcaption>\n</figure>\n";
  out += "</section>\n";
  return out;
}

}  // namespace

std::string render_whatif_html(const WhatIfReport& r) {
  std::string out;
  begin_page(out, html_title("Was-wäre-wenn", r.variant_name));
  out += "<header class=\"top\">\n<p class=\"kicker\">kadenz · Kontaktdichte · Was-wäre-wenn-Vergleich</p>\n";
  out += fmt::format("<h1>{} gegenüber {}</h1>\n", esc(r.variant_name), esc(r.base_name));
  out += "<dl class=\"meta\">\n";
  out += fmt::format("<dt><span class=\"swatch\" style=\"background:{}\"></span>Basis</dt>\n", kBaseColour) +
         policy_dd("base", r.base_name, r.base_file);
  out += fmt::format("<dt><span class=\"swatch\" style=\"background:{}\"></span>Variante</dt>\n", kVariantColour) +
         policy_dd("variant", r.variant_name, r.variant_file);
  out += fmt::format("<dt>Kundenbestand</dt>\n<dd>{} · {} Datensätze</dd>\n",
                     keyed("span", "caseload.file", esc(r.caseload_file), " class=\"file\""),
                     keyed("span", "caseload.rows", de_count(r.rows)));
  out += fmt::format("<dt>Stichtag</dt>\n<dd>{}</dd>\n</dl>\n</header>\n", keyed("span", "as_of", de_date(r.as_of)));

  // key figures
  const double rows = r.rows > 0 ? static_cast<double>(r.rows) : 1;
  out += "<section id=\"kennzahlen\">\n<h2>Kennzahlen</h2>\n<div class=\"kpis\">\n";
  out += kpi("Kategorie gewechselt", keyed("span", "moved", de_count(r.moved)),
             fmt::format("{} % der Datensätze", de_number(static_cast<double>(r.moved) / rows * 100, 1)));
  out += kpi("Ergebnis geändert", keyed("span", "changed", de_count(r.changed)),
             "Kategorie, Ausgabe, Regel oder Fehler");
  out += kpi("Fehler", fmt::format("{} → {}", keyed("span", "errors.base", de_count(r.base_errors)),
                                   keyed("span", "errors.variant", de_count(r.variant_errors))),
             "Basis → Variante");
  out += kpi("Stunden pro Monat",
             fmt::format("{} → {}", keyed("span", "workload.base.hours_per_month", de_number(r.base.hours_per_month, 1)),
                         keyed("span", "workload.variant.hours_per_month", de_number(r.variant.hours_per_month, 1))),
             fmt::format("Änderung {}", keyed("span", "workload.difference.hours_per_month",
                                              de_change(r.variant.hours_per_month - r.base.hours_per_month, 1))));
  out += kpi("Vollzeitäquivalente (VZÄ)",
             fmt::format("{} → {}", keyed("span", "workload.base.fte", de_number(r.base.fte, 2)),
                         keyed("span", "workload.variant.fte", de_number(r.variant.fte, 2))),
             fmt::format("Änderung {}", keyed("span", "workload.difference.fte", de_change(r.variant.fte - r.base.fte, 2))));
  out += "</div>\n</section>\n";

  out += matrix_section(r);
  out += moves_section(r);
  out += workload_section(r);
  out += forecast_section({{"Basis", kBaseColour, true, &r.base, "workload.base"},
                           {"Variante", kVariantColour, false, &r.variant, "workload.variant"}});
  end_page(out, true);
  return out;
}

}  // namespace kadenz::detail
