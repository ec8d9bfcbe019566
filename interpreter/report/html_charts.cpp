// Report stage, HTML pages: the inline SVG charts (bar panels, the forecast line chart) and the
// sections built around them (see html.hpp). Sizes are in SVG units of a 1040-wide view box;
// the page scales the chart to its width.
#include "interpreter/report/html.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace kadenz::detail::html {
namespace {

// The smallest of 1, 2, 2.5, 5 × 10^k that is at least `v`.
double nice_step(double v) {
  if (!(v > 0)) return 1;
  const double p = std::pow(10.0, std::floor(std::log10(v)));
  for (const double m : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (m * p >= v * (1 - 1e-9)) return m * p;
  return 10 * p;
}

// The view box width of every chart (the page's content width, so text keeps its size).
constexpr double kChartWidth = 1040;

// Opens an <svg> of the chart width and `height`, labelled by its <title> and <desc> (the
// text a screen reader reads: `desc` lists every number of the chart).
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

// Interviews due per month, one line per series on a shared scale of nice steps; the first
// series is drawn first, so the second lies on top where they meet.
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

}  // namespace

// ---- SVG: horizontal bar panels -------------------------------------------------------------

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

// ---- forecast and categories ----------------------------------------------------------------

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

std::vector<std::string> category_union(const std::vector<const Workload*>& ws) {
  std::vector<std::string> names;
  for (const Workload* w : ws)
    for (const auto& c : w->categories)
      if (std::find(names.begin(), names.end(), c.name) == names.end()) names.push_back(c.name);
  std::sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) { return category_less(a, b); });
  return names;
}

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

}  // namespace kadenz::detail::html
