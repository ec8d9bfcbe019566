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

// Colours of the parts of a forecast column: follow-ups on schedule in the series' colour,
// the caught-up backlog amber, first interviews green; capacity red. Each has at least 3:1
// contrast on white (graphical objects) and they differ in lightness, so grey scale keeps them apart.
constexpr const char* kBacklogColour = "#b45309";
constexpr const char* kFirstColour = "#2f855a";
constexpr const char* kCapacityColour = "#b42318";
constexpr const char* kOverFill = "#fde8e7";

// The geometry shared by both forecast charts: 12 month slots across the plot.
struct MonthAxis {
  static constexpr double kH = 320, kLeft = 64, kRight = 24, kTop = 44, kBottom = 52;
  double top_value = 1, step = 1;
  double plot_w = kChartWidth - kLeft - kRight, plot_h = kH - kTop - kBottom;
  double slot() const { return plot_w / static_cast<double>(kForecastMonths); }
  double x(std::size_t i) const { return kLeft + slot() * (static_cast<double>(i) + 0.5); }
  double y(double v) const { return kTop + plot_h * (1 - v / top_value); }
  MonthAxis(double max) {
    step = nice_step(std::max(max, 1e-9) / 5);
    top_value = std::max(step, std::ceil(max / step * (1 - 1e-12)) * step);
  }
};

// The y grid with its labels, the axis title and the month labels (with the year under the
// first month and every January).
std::string month_axis(const MonthAxis& a, const Workload& w, std::string_view y_title, int decimals) {
  std::string out;
  for (double v = 0; v <= a.top_value + a.step / 2; v += a.step) {
    const double y = a.y(v);
    out += fmt::format("<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\" stroke=\"{}\"/>"
                       "<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\" dominant-baseline=\"central\" fill=\"{}\">{}</text>\n",
                       a.kLeft, y, a.kLeft + a.plot_w, y, v == 0 ? kMuted : kGrid, a.kLeft - 8, y, kMuted,
                       de_number(v, a.step < 1 ? decimals : 0));
  }
  out += fmt::format("<text x=\"14\" y=\"{:.1f}\" transform=\"rotate(-90 14 {:.1f})\" text-anchor=\"middle\" fill=\"{}\">"
                     "{}</text>\n",
                     a.kTop + a.plot_h / 2, a.kTop + a.plot_h / 2, kMuted, esc(y_title));
  for (std::size_t i = 0; i < kForecastMonths; ++i) {
    const double x = a.x(i);
    out += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\" fill=\"{}\">{}</text>\n", x,
                       a.kTop + a.plot_h + 20, kInk, month_short(w.forecast[i]));
    if (i == 0 || w.forecast[i].month == 1) {
      out += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\" font-weight=\"600\" fill=\"{}\">{}</text>\n",
                         x, a.kTop + a.plot_h + 38, kMuted, w.forecast[i].year);
    }
  }
  return out;
}

// Interviews per month as stacked columns (on schedule, backlog, first interviews), one column
// per series and month; with two series the base stands left and paler.
std::string stacked_chart(std::string_view id, std::string_view desc, const std::vector<Series>& series) {
  std::size_t max = 0;
  for (const auto& s : series)
    for (const auto& m : s.workload->forecast) max = std::max(max, m.interviews);
  const MonthAxis a(std::max(1.0, static_cast<double>(max)));
  std::string out = svg_open(id, MonthAxis::kH, "Prognose: fällige Gespräche pro Monat", desc);
  std::vector<LegendItem> legend{{"planmäßig fällige Folgegespräche", series.back().colour},
                                 {"nachgeholter Rückstand", kBacklogColour},
                                 {"Erstgespräche", kFirstColour}};
  out += svg_legend(a.kLeft, 18, legend);
  out += month_axis(a, *series.front().workload, "Gespräche", 1);
  const double n = static_cast<double>(series.size());
  const double col_w = a.slot() * (series.size() == 1 ? 0.58 : 0.36);
  for (std::size_t si = 0; si < series.size(); ++si) {
    const Series& s = series[si];
    const bool pale = series.size() > 1 && si == 0;
    for (std::size_t i = 0; i < kForecastMonths; ++i) {
      const auto& m = s.workload->forecast[i];
      const double x = a.x(i) - col_w * n / 2 - (n - 1) * 2 + static_cast<double>(si) * (col_w + 4);
      double bottom = 0;
      const std::pair<std::size_t, std::pair<const char*, const char*>> parts[] = {
          {m.recurring, {s.colour, "planmäßig"}}, {m.backlog, {kBacklogColour, "Rückstand"}}, {m.first, {kFirstColour, "Erstgespräche"}}};
      for (const auto& [count, what] : parts) {
        if (count == 0) continue;
        const double top = bottom + static_cast<double>(count);
        out += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\"{}>"
                           "<title>{} {}: {} {}</title></rect>\n",
                           x, a.y(top), col_w, a.y(bottom) - a.y(top), what.first, pale ? " fill-opacity=\"0.5\"" : "",
                           esc(s.name), month_label(m), de_count(count), what.second);
        bottom = top;
      }
      if (series.size() == 1) {
        out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\" font-size=\"11\" fill=\"{}\">{}</text>\n",
                           x + col_w / 2, a.y(bottom) - 5, kInk, de_count(m.interviews));
      }
    }
  }
  out += fmt::format("<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\" stroke=\"{}\"/>\n", a.kLeft, a.y(0),
                     a.kLeft + a.plot_w, a.y(0), kMuted);
  out += "</svg>\n";
  return out;
}

// The demand in FTE per month, one line per series, with the capacity as a red line and the
// months whose demand (of the last series) exceeds it shaded and marked.
std::string fte_chart(std::string_view id, std::string_view desc, const std::vector<Series>& series, const Capacity& c) {
  double max = c.known ? c.fte : 0;
  for (const auto& s : series)
    for (const auto& m : s.workload->forecast) max = std::max(max, m.fte);
  const MonthAxis a(max > 0 ? max * 1.05 : 1.0);
  std::string out = svg_open(id, MonthAxis::kH, "Prognose: Personalbedarf in VZÄ pro Monat", desc);
  std::vector<LegendItem> legend;
  for (const auto& s : series) legend.push_back({s.name + " (Bedarf)", s.colour, true, s.dashed});
  if (c.known) {
    legend.push_back({"Kapazität", kCapacityColour, true, false});
    legend.push_back({"über Kapazität", kOverFill});
  }
  out += svg_legend(a.kLeft, 18, legend);
  // the shading first, so the grid and the lines lie on top
  if (c.known) {
    for (std::size_t i = 0; i < kForecastMonths; ++i) {
      if (!c.over[i]) continue;
      out += fmt::format("<rect x=\"{:.1f}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\" fill=\"{}\"/>"
                         "<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\" font-size=\"11\" font-weight=\"700\" "
                         "fill=\"{}\">über</text>\n",
                         a.x(i) - a.slot() / 2, a.kTop, a.slot(), a.plot_h, kOverFill, a.x(i), a.kTop + 12, kCapacityColour);
    }
  }
  out += month_axis(a, *series.front().workload, "VZÄ", 1);
  for (const auto& s : series) {
    std::string points;
    for (std::size_t i = 0; i < kForecastMonths; ++i)
      points += fmt::format("{}{:.1f},{:.1f}", i ? " " : "", a.x(i), a.y(s.workload->forecast[i].fte));
    out += fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2.5\" stroke-linejoin=\"round\"{}/>\n",
                       points, s.colour, s.dashed ? " stroke-dasharray=\"7 5\"" : "");
    for (std::size_t i = 0; i < kForecastMonths; ++i) {
      const auto& m = s.workload->forecast[i];
      out += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"{}\" fill=\"{}\" stroke=\"{}\" stroke-width=\"{}\">"
                         "<title>{} {}: {} VZÄ</title></circle>\n",
                         a.x(i), a.y(m.fte), s.dashed ? 5.5 : 3.5, s.dashed ? "none" : s.colour, s.dashed ? s.colour : "#fff",
                         s.dashed ? 1.8 : 1.2, esc(s.name), month_label(m), de_number(m.fte, 2));
    }
  }
  if (c.known) {
    out += fmt::format("<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\" stroke=\"{}\" stroke-width=\"2\"/>"
                       "<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\" font-size=\"12\" fill=\"{}\">Kapazität {} VZÄ</text>\n",
                       a.kLeft, a.y(c.fte), a.kLeft + a.plot_w, a.y(c.fte), kCapacityColour, a.kLeft + a.plot_w,
                       a.y(c.fte) - 6, kCapacityColour, de_number(c.fte, 2));
  }
  out += "</svg>\n";
  return out;
}

// The forecast as a table: per series its parts, interviews, hours and FTE; for two the change
// of the interviews; with a capacity its line and the months over it.
std::string forecast_table(const std::vector<Series>& series, const Capacity& c) {
  const auto& months = series.front().workload->forecast;
  std::string out = "<table class=\"data forecast\">\n<caption>Fällige Gespräche und Personalbedarf je Monat</caption>\n"
                    "<thead><tr><th>Monat</th>";
  for (const auto& m : months) out += fmt::format("<th class=\"num\">{}<br>{}</th>", month_short(m), m.year);
  out += "</tr></thead>\n<tbody>\n";
  struct Row {
    const char* label;
    const char* field;
    int decimals;
    bool sub;
  };
  static constexpr Row rows[] = {{"Gespräche", "interviews", 0, false},     {"davon Erstgespräche", "first", 0, true},
                                 {"davon Rückstand", "backlog", 0, true},     {"davon planmäßig", "recurring", 0, true},
                                 {"Stunden", "hours", 1, false},             {"VZÄ", "fte", 2, false}};
  for (const auto& s : series) {
    if (series.size() > 1) {
      out += fmt::format("<tr class=\"series\"><th colspan=\"{}\"><span class=\"swatch\" style=\"background:{}\"></span>{}</th></tr>\n",
                         months.size() + 1, s.colour, esc(s.name));
    }
    for (const auto& r : rows) {
      const std::string_view f = r.field;
      out += fmt::format("<tr{}><th>{}</th>", r.sub ? " class=\"sub\"" : "", r.label);
      for (std::size_t i = 0; i < months.size(); ++i) {
        const auto& m = s.workload->forecast[i];
        const double v = f == "interviews" ? static_cast<double>(m.interviews)
                         : f == "first"    ? static_cast<double>(m.first)
                         : f == "backlog"  ? static_cast<double>(m.backlog)
                         : f == "recurring" ? static_cast<double>(m.recurring)
                         : f == "hours"    ? m.hours
                                           : m.fte;
        const bool over = f == "fte" && c.known && &s == &series.back() && c.over[i];
        out += num_td(fmt::format("{}.forecast.{}.{}", s.key, i, f), de_number(v, r.decimals), over ? "num over" : "num");
      }
      out += "</tr>\n";
    }
  }
  if (series.size() == 2) {
    out += "<tr class=\"total\"><th>Änderung Gespräche</th>";
    for (std::size_t i = 0; i < months.size(); ++i) {
      const double d = static_cast<double>(series[1].workload->forecast[i].interviews) -
                       static_cast<double>(series[0].workload->forecast[i].interviews);
      out += num_td("", de_change(d, 0));
    }
    out += "</tr>\n";
  }
  if (c.known) {
    out += "<tr class=\"total\"><th>Kapazität (VZÄ)</th>";
    for (std::size_t i = 0; i < months.size(); ++i) out += num_td("", de_number(c.fte, 2), c.over[i] ? "num over" : "num");
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

std::string forecast_section(const std::vector<Series>& series, const Capacity& capacity, std::string_view id) {
  std::string out = fmt::format("<section id=\"{}\">\n<h2>Prognose: fällige Gespräche pro Monat</h2>\n", esc(id));
  const std::int64_t n = series.back().workload->catch_up_months;
  out += fmt::format("<p class=\"lead\">Gespräche, die in den zwölf Monaten ab dem Stichtag fällig werden: planmäßig "
                     "fällige Folgegespräche, der Rückstand (vor dem Stichtag fällige Gespräche) verteilt auf {} und "
                     "die ausstehenden Erstgespräche; darunter der Personalbedarf in VZÄ{}.</p>\n<figure>\n",
                     n == 1 ? std::string("den ersten Monat") : fmt::format("die ersten {} Monate", n),
                     capacity.known ? " gegen die Kapazität" : "");
  std::string desc = "Gestapelte Säulen der fälligen Gespräche je Monat";
  std::string fte_desc = "Liniendiagramm des Personalbedarfs in VZÄ je Monat";
  for (const auto& s : series) {
    desc += fmt::format("; {}:", s.name);
    fte_desc += fmt::format("; {}:", s.name);
    for (const auto& m : s.workload->forecast) {
      desc += fmt::format(" {} {} (Erstgespräche {}, Rückstand {}, planmäßig {}),", month_label(m), m.interviews, m.first,
                          m.backlog, m.recurring);
      fte_desc += fmt::format(" {} {},", month_label(m), de_number(m.fte, 2));
    }
    desc.pop_back();
    fte_desc.pop_back();
  }
  if (capacity.known) {
    fte_desc += fmt::format("; Kapazität {} VZÄ; über Kapazität:", de_number(capacity.fte, 2));
    for (std::size_t i = 0; i < kForecastMonths; ++i)
      if (capacity.over[i]) fte_desc += fmt::format(" {}", month_label(series.back().workload->forecast[i]));
    if (capacity.months_over == 0) fte_desc += " kein Monat";
  }
  out += stacked_chart(fmt::format("{}-chart", id), desc, series);
  if (series.size() > 1) {
    out += fmt::format("<figcaption>Je Monat links {} (heller), rechts {}.</figcaption>\n", esc(series.front().name),
                       esc(series.back().name));
  }
  out += "</figure>\n<figure>\n";
  out += fte_chart(fmt::format("{}-fte", id), fte_desc, series, capacity);
  out += "</figure>\n";
  out += forecast_table(series, capacity);
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

std::string category_chart(const std::vector<Series>& series, std::string_view id) {
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
  return bar_chart(id, "Arbeitsaufwand nach Kategorie", desc, legend, {interviews, hours});
}

}  // namespace kadenz::detail::html
