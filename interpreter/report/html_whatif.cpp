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
// `counts_key` is the JSON path of the counts ("matrix.counts", "groups.0.counts"); the column
// heads are keyed only for the whole caseload (`heads`), the total cell with `rows_key`.
std::string matrix_section(const std::vector<std::string>& categories, const std::vector<std::vector<std::size_t>>& counts,
                           std::size_t rows, const std::string& counts_key, bool heads, const std::string& rows_key,
                           const std::string& id) {
  const std::size_t n = categories.size();
  std::size_t max_diag = 0, max_off = 0;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) (i == j ? max_diag : max_off) = std::max(i == j ? max_diag : max_off, counts[i][j]);
  std::string out = fmt::format("<section id=\"{}\">\n", esc(id)) + "<h2>Übergangsmatrix</h2>\n<p class=\"lead\">Datensätze nach Kategorie "
                    "unter der Basis (Zeilen) und unter der Variante (Spalten). Auf der Diagonale bleibt die "
                    "Kategorie gleich, jede andere Zelle ist ein Wechsel.</p>\n";
  out += "<table class=\"matrix\">\n<thead><tr><th class=\"corner\" rowspan=\"2\">Basis ↓ / Variante →</th>";
  out += fmt::format("<th colspan=\"{}\" style=\"text-align:center\">Variante</th><th rowspan=\"2\" class=\"sum\">Summe</th></tr>\n<tr>", n);
  for (std::size_t j = 0; j < n; ++j)
    out += heads ? keyed("th", fmt::format("matrix.categories.{}", j), esc(category_label(categories[j])))
                 : fmt::format("<th>{}</th>", esc(category_label(categories[j])));
  out += "</tr></thead>\n<tbody>\n";
  std::vector<std::size_t> column(n, 0);
  std::size_t all = 0;
  for (std::size_t i = 0; i < n; ++i) {
    out += fmt::format("<tr><th>{}</th>", esc(category_label(categories[i])));
    std::size_t row = 0;
    for (std::size_t j = 0; j < n; ++j) {
      const std::size_t v = counts[i][j];
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
          fmt::format(" title=\"{} → {}: {}\"", esc(category_label(categories[i])), esc(category_label(categories[j])), v);
      out += keyed("td", fmt::format("{}.{}.{}", counts_key, i, j), de_count(v), fmt::format(" class=\"{}\"{}{}", cls, style, title));
    }
    all += row;
    out += fmt::format("<td class=\"sum\">{}</td></tr>\n", de_count(row));
  }
  out += "<tr><th class=\"sum\">Summe</th>";
  for (const auto c : column) out += fmt::format("<td class=\"sum\">{}</td>", de_count(c));
  out += all == rows ? keyed("td", rows_key, de_count(all), " class=\"sum\"")
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
// `bk`, `vk`: the JSON paths of the two workloads; `dk` of their difference (empty: a group,
// whose JSON has none); `id` prefixes the element ids.
std::string workload_section(const Workload& base, const Workload& variant, const std::string& bk, const std::string& vk,
                             const std::string& dk, const std::string& id) {
  std::string out = fmt::format("<section id=\"{}\">\n", esc(id)) + "<h2>Arbeitsaufwand mit Erstgesprächen: Basis und Variante</h2>\n<p class=\"lead\">"
                    "Monatsdurchschnitt der Gespräche und Stunden, und die dafür nötigen Vollzeitstellen.</p>\n";
  out += "<figure>\n";
  std::vector<Panel> panels;
  std::string desc = "Balkendiagramm Basis gegenüber Variante";
  for (const auto& f : kFigures) {
    if (!f.difference || std::string_view(f.field) == "customers" || std::string_view(f.field) == "first_interviews") continue;
    const double b = figure_value(base, f), v = figure_value(variant, f);
    panels.push_back({f.label, f.decimals,
                      {{"",
                        {{"Basis", b, fmt::format("{}.{}", bk, f.field), kBaseColour},
                         {"Variante", v, fmt::format("{}.{}", vk, f.field), kVariantColour}}}}});
    desc += fmt::format("; {}: Basis {}, Variante {}", f.label, de_number(b, f.decimals), de_number(v, f.decimals));
  }
  out += bar_chart(id + "-chart", "Arbeitsaufwand vorher und nachher", desc, {}, panels);
  out += "<figcaption>Jedes Feld hat seine eigene Skala.</figcaption>\n</figure>\n";

  out += "<table class=\"data\">\n<thead><tr><th>Kennzahl</th><th class=\"num\"><span class=\"swatch\" style=\"background:";
  out += fmt::format("{}\"></span>Basis</th><th class=\"num\"><span class=\"swatch\" style=\"background:{}\"></span>"
                     "Variante</th><th class=\"num\">Änderung</th></tr></thead>\n<tbody>\n",
                     kBaseColour, kVariantColour);
  for (const auto& f : kFigures) {
    const double b = figure_value(base, f), v = figure_value(variant, f);
    const std::string change = de_change(shown_change(b, v, f.decimals), f.decimals);
    out += fmt::format("<tr{}><th>{}</th>{}{}{}</tr>\n", f.sub ? " class=\"sub\"" : "", f.label,
                       num_td(fmt::format("{}.{}", bk, f.field), de_number(b, f.decimals)),
                       num_td(fmt::format("{}.{}", vk, f.field), de_number(v, f.decimals)),
                       num_td(f.difference && !dk.empty() ? fmt::format("{}.{}", dk, f.difference) : std::string(), change));
  }
  out += constant_rows({{&base, bk}, {&variant, vk}}, true);
  out += "</tbody>\n</table>\n";

  // by category
  out += "<h3>Nach Kategorie</h3>\n<table class=\"data\">\n<thead><tr><th rowspan=\"2\">Kategorie</th>"
         "<th class=\"num\" colspan=\"2\">Kunden</th><th class=\"num\" colspan=\"2\">Erstgespräche</th>"
         "<th class=\"num\" colspan=\"2\">Gespräche pro Monat</th><th class=\"num\" colspan=\"2\">Stunden pro Monat</th>"
         "</tr>\n<tr>";
  for (int i = 0; i < 4; ++i) out += "<th class=\"num\">Basis</th><th class=\"num\">Variante</th>";
  out += "</tr></thead>\n<tbody>\n";
  for (const auto& name : category_union({&base, &variant})) {
    const Workload* ws[2] = {&base, &variant};
    const std::string* keys[2] = {&bk, &vk};
    std::size_t idx[2];
    for (int s = 0; s < 2; ++s) idx[s] = category_index(*ws[s], name);
    // one row for the category of both policies: its name is marked with the base's path, or
    // the variant's if only the variant has it
    const int named = idx[0] != std::string::npos ? 0 : 1;
    out += "<tr>" + keyed("th", fmt::format("{}.categories.{}.name", *keys[named], idx[named]), esc(name));
    auto cells = [&](const char* field, auto value, int decimals) {
      for (int s = 0; s < 2; ++s) {
        if (idx[s] == std::string::npos) {
          out += "<td class=\"num zero\">–</td>";
        } else {
          out += num_td(fmt::format("{}.categories.{}.{}", *keys[s], idx[s], field),
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
  out += category_chart({{"Basis", kBaseColour, false, &base, bk}, {"Variante", kVariantColour, false, &variant, vk}},
                        id + "-chart-categories");
  out += "<figcaption>Gespräche und Stunden pro Monat je Kategorie, Basis und Variante.</figcaption>\n</figure>\n";
  out += "</section>\n";
  return out;
}

// The key figures of both sides: the steady state is the headline (changes of the shown
// values); `p` is the JSON path prefix of the whole report ("") or of a group ("groups.0.").
std::string whatif_kpis(const Workload& base, const Workload& variant, const std::string& bk, const std::string& vk) {
  std::string out = "<div class=\"kpis\">\n";
  auto pair = [&](const char* label, const char* path, double Workload::*field, int decimals) {
    const double b = base.*field, v = variant.*field;
    out += kpi(label,
               fmt::format("{} → {}", keyed("span", fmt::format("{}.{}", bk, path), de_number(b, decimals)),
                           keyed("span", fmt::format("{}.{}", vk, path), de_number(v, decimals))),
               fmt::format("Änderung {}", de_change(shown_change(b, v, decimals), decimals)));
  };
  pair("Regelbetrieb: Gespräche pro Monat", "steady_state.interviews_per_month", &Workload::steady_interviews_per_month, 1);
  pair("Regelbetrieb: Stunden pro Monat", "steady_state.hours_per_month", &Workload::steady_hours_per_month, 1);
  pair("Regelbetrieb: VZÄ", "steady_state.fte", &Workload::steady_fte, 2);
  out += kpi("Einmalig (Basis → Variante)",
             fmt::format("{} → {}", de_count(base.first_interviews + base.backlog), de_count(variant.first_interviews + variant.backlog)),
             fmt::format("Erstgespräche {} → {}, Rückstand {} → {}, verteilt auf {} Monate", de_count(base.first_interviews),
                         de_count(variant.first_interviews), keyed("span", bk + ".one_off.backlog", de_count(base.backlog)),
                         keyed("span", vk + ".one_off.backlog", de_count(variant.backlog)),
                         de_count(static_cast<std::size_t>(variant.catch_up_months))));
  out += "</div>\n";
  return out;
}

// The groups side by side, with the whole caseload as the total row.
std::string groups_table(const WhatIfReport& r) {
  std::string out = "<section id=\"gruppen\">\n<h2>Nach Gruppe</h2>\n<p class=\"lead\">Je Gruppe die Datensätze, die "
                    "Wechsel und der Regelbetrieb unter Basis und Variante; die Summenzeile ist der ganze Kundenbestand. "
                    "Jede Gruppe hat weiter unten ihren eigenen Abschnitt.</p>\n<div class=\"scroll\"><table class=\"data groups\">\n<thead><tr>";
  for (std::size_t j = 0; j < r.group_columns.size(); ++j)
    out += keyed("th", fmt::format("group_columns.{}", j), esc(r.group_columns[j]), " rowspan=\"2\"");
  out += "<th class=\"num\" rowspan=\"2\">Datensätze</th><th class=\"num\" colspan=\"2\">Fehler</th><th class=\"num\" "
         "rowspan=\"2\">geändert</th><th class=\"num\" rowspan=\"2\">gewechselt</th><th class=\"num\" colspan=\"3\">"
         "Gespräche pro Monat (Regelbetrieb)</th><th class=\"num\" colspan=\"3\">VZÄ (Regelbetrieb)</th><th class=\"num\" "
         "rowspan=\"2\">Kapazität (VZÄ)</th><th class=\"num\" rowspan=\"2\">Auslastung (%)</th></tr>\n<tr>"
         "<th class=\"num\">Basis</th><th class=\"num\">Variante</th>";
  for (int i = 0; i < 2; ++i) out += "<th class=\"num\">Basis</th><th class=\"num\">Variante</th><th class=\"num\">Änderung</th>";
  out += "</tr></thead>\n<tbody>\n";
  auto row = [&](const std::string& rows, std::size_t n_rows, const std::string& be, std::size_t n_be, const std::string& ve,
                 std::size_t n_ve, const std::string& ch, std::size_t n_ch, const std::string& mo, std::size_t n_mo,
                 const std::string& bk, const Workload& b, const std::string& vk, const Workload& v, const std::string& ck,
                 const Capacity& c) {
    std::string o = num_td(rows, de_count(n_rows)) + num_td(be, de_count(n_be)) + num_td(ve, de_count(n_ve)) +
                    num_td(ch, de_count(n_ch)) + num_td(mo, de_count(n_mo));
    o += num_td(bk + ".steady_state.interviews_per_month", de_number(b.steady_interviews_per_month, 1)) +
         num_td(vk + ".steady_state.interviews_per_month", de_number(v.steady_interviews_per_month, 1)) +
         num_td("", de_change(shown_change(b.steady_interviews_per_month, v.steady_interviews_per_month, 1), 1));
    o += num_td(bk + ".steady_state.fte", de_number(b.steady_fte, 2)) + num_td(vk + ".steady_state.fte", de_number(v.steady_fte, 2)) +
         num_td("", de_change(shown_change(b.steady_fte, v.steady_fte, 2), 2));
    if (c.known) {
      o += num_td(ck + ".fte", de_number(c.fte, 2)) +
           keyed("td", ck + ".utilisation", de_number(c.utilisation * 100, 1), " class=\"num\" data-scale=\"100\"");
    } else {
      o += "<td class=\"num absent\">–</td><td class=\"num absent\">–</td>";
    }
    return o + "</tr>\n";
  };
  for (std::size_t i = 0; i < r.groups.size(); ++i) {
    const auto& g = r.groups[i];
    const std::string p = fmt::format("groups.{}.", i);
    out += "<tr>";
    for (std::size_t j = 0; j < r.group_columns.size(); ++j) {
      const std::string v = j < g.key.values.size() ? g.key.values[j] : std::string();
      out += fmt::format("<th><a href=\"#gruppe-{}\">{}</a></th>", i,
                         keyed("span", fmt::format("{}key.{}", p, r.group_columns[j]), v.empty() ? kEmptyGroupValue : esc(v)));
    }
    out += row(p + "rows", g.rows, p + "base_errors", g.base_errors, p + "variant_errors", g.variant_errors, p + "changed",
               g.changed, p + "moved", g.moved, p + "base", g.base, p + "variant", g.variant, p + "capacity", g.capacity);
  }
  out += fmt::format("<tr class=\"total\"><th colspan=\"{}\">Summe</th>", r.group_columns.size());
  out += row("caseload.rows", r.rows, "errors.base", r.base_errors, "errors.variant", r.variant_errors, "changed", r.changed,
             "moved", r.moved, "workload.base", r.base, "workload.variant", r.variant, "capacity", r.capacity);
  out += "</tbody>\n</table></div>\n</section>\n";
  return out;
}

// The sections of both workloads (the whole caseload's or a group's): `p` is the JSON path
// prefix of base, variant, decomposition and capacity ("workload." for the first two of the
// whole report), `id` prefixes the element ids.
std::string whatif_body(const Workload& base, const Workload& variant, const WhatIfReport::Decomposition& d, const Capacity& c,
                        const std::string& bk, const std::string& vk, const std::string& dk, const std::string& deck,
                        const std::string& ck, const std::string& id) {
  const std::vector<Series> series{{"Basis", kBaseColour, true, &base, bk}, {"Variante", kVariantColour, false, &variant, vk}};
  std::string out = demand_section(series, id + "-regelbetrieb");
  out += decomposition_section(d, base, variant, deck, id + "-zerlegung");
  out += capacity_section(c, variant, ck, "der Variante", id + "-kapazitaet");
  out += workload_section(base, variant, bk, vk, dk, id + "-aufwand");
  out += forecast_section(series, c, id + "-prognose");
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
  if (!r.group_columns.empty()) {
    out += "<dt>Aufgeteilt nach</dt>\n<dd>";
    for (std::size_t j = 0; j < r.group_columns.size(); ++j)
      out += (j ? ", " : "") + keyed("span", fmt::format("group_columns.{}", j), esc(r.group_columns[j]), " class=\"file\"");
    out += fmt::format(" ({} Gruppen)</dd>\n", de_count(r.groups.size()));
  }
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
  if (r.capacity.known) {
    out += kpi("Kapazität (VZÄ)", keyed("span", "capacity.fte", de_number(r.capacity.fte, 2)),
               fmt::format("Auslastung durch die Variante {} %",
                           keyed("span", "capacity.utilisation", de_number(r.capacity.utilisation * 100, 1), " data-scale=\"100\"")));
  }
  out += "</div>\n";
  out += whatif_kpis(r.base, r.variant, "workload.base", "workload.variant");
  out += "</section>\n";

  out += differences_section(r);
  if (!r.groups.empty()) out += groups_table(r);
  out += matrix_section(r.categories, r.counts, r.rows, "matrix.counts", true, "caseload.rows", "matrix");
  out += moves_section(r);
  out += error_reasons_section(r);
  out += whatif_body(r.base, r.variant, r.decomposition, r.capacity, "workload.base", "workload.variant", "workload.difference",
                     "decomposition", "capacity", "gesamt");

  for (std::size_t i = 0; i < r.groups.size(); ++i) {
    const auto& g = r.groups[i];
    const std::string p = fmt::format("groups.{}", i);
    const std::string id = fmt::format("gruppe-{}", i);
    out += fmt::format("<section id=\"{}\" class=\"group-head\">\n<p class=\"kicker\">Gruppe {} von {}</p>\n<h2>{}</h2>\n",
                       id, i + 1, r.groups.size(), group_key_html(r.group_columns, g.key, p));
    out += fmt::format("<p class=\"lead\">{} Datensätze; Fehler {} → {}; {} mit geändertem Ergebnis, {} mit gewechselter "
                       "Kategorie.</p>\n",
                       keyed("span", p + ".rows", de_count(g.rows)), keyed("span", p + ".base_errors", de_count(g.base_errors)),
                       keyed("span", p + ".variant_errors", de_count(g.variant_errors)),
                       keyed("span", p + ".changed", de_count(g.changed)), keyed("span", p + ".moved", de_count(g.moved)));
    out += whatif_kpis(g.base, g.variant, p + ".base", p + ".variant");
    out += "</section>\n";
    out += matrix_section(r.categories, g.counts, g.rows, p + ".counts", false, p + ".rows", id + "-matrix");
    out += whatif_body(g.base, g.variant, g.decomposition, g.capacity, p + ".base", p + ".variant", "", p + ".decomposition",
                       p + ".capacity", id);
  }
  end_page(out, true, &r.run);
  return out;
}

}  // namespace kadenz::detail
