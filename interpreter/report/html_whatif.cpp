// Report stage, HTML pages: the page of `kadenz whatif`: key figures, the transition matrix,
// the moves by rule, both workloads and both forecasts (the shared pieces are in html.hpp).
#include "interpreter/report/html.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace kadenz::detail {
namespace html {
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

// The transition matrix as a heat table with row and column sums, and its colour legend.
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

// The moves by deciding rule, most first, each with a bar of its share of the largest.
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

// Both workloads: a bar panel per figure, the figures with their change, the staff constants,
// and the categories of both policies side by side.
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
}  // namespace html

// One self-contained page like the workload page; the base is drawn grey-blue (dashed in the
// forecast), the variant strong blue.
std::string render_whatif_html(const WhatIfReport& r) {
  using namespace html;
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
