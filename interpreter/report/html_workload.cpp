// Report stage, HTML pages: the page of `kadenz workload`: key figures (the steady state as the
// headline), steady state against one-off demand, capacity, categories, the workload figures and
// the forecast of one policy; with --by the same per group after a summary table (the shared
// pieces are in html.hpp).
#include "interpreter/report/html.hpp"

#include <fmt/format.h>

namespace kadenz::detail {
namespace html {
namespace {

// The key figures: the steady state is the headline; the one-off demand stands under it.
std::string workload_kpis(const Workload& w, const Capacity& c, const std::string& wk, const std::string& ck) {
  std::string out = "<div class=\"kpis\">\n";
  out += kpi("Kunden gezählt", keyed("span", wk + ".customers", de_count(w.customers)),
             fmt::format("davon {} Erstgespräche ausstehend", keyed("span", wk + ".first_interviews", de_count(w.first_interviews))));
  out += kpi("Regelbetrieb: Gespräche pro Monat",
             keyed("span", wk + ".steady_state.interviews_per_month", de_number(w.steady_interviews_per_month, 1)),
             fmt::format("einmalig dazu {} Erstgespräche und {} überfällige, verteilt auf {} Monate",
                         de_count(w.first_interviews), keyed("span", wk + ".one_off.backlog", de_count(w.backlog)),
                         keyed("span", wk + ".one_off.catch_up_months", de_count(static_cast<std::size_t>(w.catch_up_months)))));
  out += kpi("Regelbetrieb: Stunden pro Monat",
             keyed("span", wk + ".steady_state.hours_per_month", de_number(w.steady_hours_per_month, 1)));
  out += kpi("Regelbetrieb: VZÄ", keyed("span", wk + ".steady_state.fte", de_number(w.steady_fte, 2)),
             fmt::format("bei {} Gesprächsstunden je VZÄ und Monat",
                         keyed("span", wk + ".interview_hours_per_fte", de_number(w.interview_hours_per_fte, 1))));
  if (c.known) {
    out += kpi("Kapazität (VZÄ)", keyed("span", ck + ".fte", de_number(c.fte, 2)),
               fmt::format("Auslastung {} %", keyed("span", ck + ".utilisation", de_number(c.utilisation * 100, 1),
                                                    " data-scale=\"100\"")));
  }
  out += "</div>\n";
  return out;
}

// The categories table and chart of one workload.
std::string categories_section(const Workload& w, const std::string& wk, const std::string& id) {
  std::string out = fmt::format("<section id=\"{}-kategorien\">\n<h2>Kategorien</h2>\n<p class=\"lead\">Kunden und "
                                "Arbeitsaufwand nach Kontaktdichte-Kategorie (Gesprächsintervall).</p>\n",
                                esc(id));
  out += "<table class=\"data\">\n<thead><tr><th>Kategorie</th><th class=\"num\">Kunden</th><th class=\"num\">"
         "Erstgespräche</th><th class=\"num\">Gespräche pro Monat</th><th class=\"num\">Stunden pro Monat</th>"
         "<th class=\"num\">Anteil Stunden</th></tr></thead>\n<tbody>\n";
  for (std::size_t i = 0; i < w.categories.size(); ++i) {
    const auto& c = w.categories[i];
    const std::string k = fmt::format("{}.categories.{}.", wk, i);
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
                     num_td(wk + ".customers", de_count(w.customers)), num_td(wk + ".first_interviews", de_count(w.first_interviews)),
                     num_td(wk + ".interviews_per_month", de_number(w.interviews_per_month, 1)),
                     num_td(wk + ".hours_per_month", de_number(w.hours_per_month, 1)));
  out += "<figure>\n";
  out += category_chart({{"Regelung", kVariantColour, false, &w, wk}}, id + "-chart-categories");
  out += "<figcaption>Gespräche und Stunden pro Monat je Kategorie (Monatsdurchschnitt).</figcaption>\n</figure>\n";
  out += "</section>\n";
  return out;
}

// Every figure of one workload in a table (the steady-state figures are in demand_section).
std::string figures_section(const Workload& w, const std::string& wk, const std::string& id) {
  std::string out = fmt::format("<section id=\"{}-aufwand\">\n<h2>Arbeitsaufwand mit Erstgesprächen</h2>\n<p class=\"lead\">"
                                "Die bisherige Kennzahl: Folgegespräche pro Monat und die ausstehenden Erstgespräche "
                                "zusammengezählt.</p>\n<table class=\"data\">\n<thead><tr><th>Kennzahl</th><th class=\"num\">"
                                "Wert</th></tr></thead>\n<tbody>\n",
                                esc(id));
  for (const auto& f : kFigures) {
    out += fmt::format("<tr{}><th>{}</th>{}</tr>\n", f.sub ? " class=\"sub\"" : "", f.label,
                       num_td(fmt::format("{}.{}", wk, f.field), de_number(figure_value(w, f), f.decimals)));
  }
  out += constant_rows({{&w, wk}}, false);
  out += "</tbody>\n</table>\n</section>\n";
  return out;
}

// The sections of one workload (the whole caseload's or a group's): `wk`/`ck` are the JSON
// paths of its workload and capacity, `id` prefixes the element ids.
std::string workload_body(const Workload& w, const Capacity& c, const std::string& wk, const std::string& ck,
                          const std::string& id) {
  std::string out = demand_section({{"Regelung", kVariantColour, false, &w, wk}}, id + "-regelbetrieb");
  out += capacity_section(c, w, ck, "der Regelung", id + "-kapazitaet");
  out += categories_section(w, wk, id);
  out += figures_section(w, wk, id);
  out += forecast_section({{"Regelung", kVariantColour, false, &w, wk}}, c, id + "-prognose");
  return out;
}

// The groups side by side, with the whole caseload as the total row (the groups add up to it).
std::string groups_table(const WorkloadReport& r) {
  std::string out = "<section id=\"gruppen\">\n<h2>Nach Gruppe</h2>\n<p class=\"lead\">Je Gruppe der Regelbetrieb, der "
                    "einmalige Aufwand und die Kapazität; die Summenzeile ist der ganze Kundenbestand. Jede Gruppe hat "
                    "weiter unten ihren eigenen Abschnitt.</p>\n<div class=\"scroll\"><table class=\"data groups\">\n<thead><tr>";
  for (std::size_t j = 0; j < r.group_columns.size(); ++j) out += keyed("th", fmt::format("group_columns.{}", j), esc(r.group_columns[j]));
  out += "<th class=\"num\">Datensätze</th><th class=\"num\">entschieden</th><th class=\"num\">Fehler</th>"
         "<th class=\"num\">Kunden</th><th class=\"num\">Gespräche pro Monat (Regelbetrieb)</th><th class=\"num\">Stunden "
         "pro Monat</th><th class=\"num\">VZÄ</th><th class=\"num\">Erstgespräche</th><th class=\"num\">Rückstand</th>"
         "<th class=\"num\">Kapazität (VZÄ)</th><th class=\"num\">Auslastung (%)</th></tr></thead>\n<tbody>\n";
  auto row = [&](const std::string& p, const std::string& wk, const std::string& ck, const CaseloadSummary& s,
                 const Workload& w, const Capacity& c) {
    std::string o = num_td(p + "rows", de_count(s.rows)) + num_td(p + "decided", de_count(s.decided)) +
                    num_td(p + "errors", de_count(s.errors)) + num_td(wk + ".customers", de_count(w.customers)) +
                    num_td(wk + ".steady_state.interviews_per_month", de_number(w.steady_interviews_per_month, 1)) +
                    num_td(wk + ".steady_state.hours_per_month", de_number(w.steady_hours_per_month, 1)) +
                    num_td(wk + ".steady_state.fte", de_number(w.steady_fte, 2)) +
                    num_td(wk + ".one_off.first_interviews", de_count(w.first_interviews)) +
                    num_td(wk + ".one_off.backlog", de_count(w.backlog));
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
    out += row(p, p + "workload", p + "capacity", g.summary, g.workload, g.capacity);
  }
  out += fmt::format("<tr class=\"total\"><th colspan=\"{}\">Summe</th>", r.group_columns.size());
  out += row("caseload.", "workload", "capacity", r.summary, r.workload, r.capacity);
  out += "</tbody>\n</table></div>\n</section>\n";
  return out;
}

}  // namespace
}  // namespace html

// One self-contained page (inline CSS and SVG, no scripts, nothing fetched), German labels;
// every number the JSON report carries is keyed with its JSON path.
std::string render_workload_html(const WorkloadReport& r) {
  using namespace html;
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
  // why rows were not decided, by kind (message template and column; no cell values)
  const auto kinds = r.summary.error_kinds.sorted();
  if (!kinds.empty()) {
    out += "<dt>Fehlerarten</dt>\n<dd><ul class=\"error-kinds\">\n";
    for (std::size_t i = 0; i < kinds.size(); ++i) {
      const std::string k = fmt::format("caseload.error_kinds.{}.", i);
      out += fmt::format("<li>{} Datensätze: {}</li>\n", keyed("span", k + "rows", de_count(kinds[i].rows)),
                         keyed("span", k + "kind", esc(kinds[i].text)));
    }
    out += "</ul></dd>\n";
  }
  if (!r.group_columns.empty()) {
    out += "<dt>Aufgeteilt nach</dt>\n<dd>";
    for (std::size_t j = 0; j < r.group_columns.size(); ++j)
      out += (j ? ", " : "") + keyed("span", fmt::format("group_columns.{}", j), esc(r.group_columns[j]), " class=\"file\"");
    out += fmt::format(" ({} Gruppen)</dd>\n", de_count(r.groups.size()));
  }
  out += fmt::format("<dt>Stichtag</dt>\n<dd>{}</dd>\n</dl>\n</header>\n", keyed("span", "as_of", de_date(r.as_of)));

  out += "<section id=\"kennzahlen\">\n<h2>Kennzahlen</h2>\n";
  out += workload_kpis(w, r.capacity, "workload", "capacity");
  out += "</section>\n";
  if (!r.groups.empty()) out += groups_table(r);
  out += workload_body(w, r.capacity, "workload", "capacity", "gesamt");

  for (std::size_t i = 0; i < r.groups.size(); ++i) {
    const auto& g = r.groups[i];
    const std::string p = fmt::format("groups.{}", i);
    out += fmt::format("<section id=\"gruppe-{}\" class=\"group-head\">\n<p class=\"kicker\">Gruppe {} von {}</p>\n<h2>{}</h2>\n",
                       i, i + 1, r.groups.size(), group_key_html(r.group_columns, g.key, p));
    out += fmt::format("<p class=\"lead\">{} Datensätze, davon {} entschieden, {} mit Fehler.</p>\n",
                       keyed("span", p + ".rows", de_count(g.summary.rows)), keyed("span", p + ".decided", de_count(g.summary.decided)),
                       keyed("span", p + ".errors", de_count(g.summary.errors)));
    out += workload_kpis(g.workload, g.capacity, p + ".workload", p + ".capacity");
    out += "</section>\n";
    out += workload_body(g.workload, g.capacity, p + ".workload", p + ".capacity", fmt::format("gruppe-{}", i));
  }
  end_page(out, false);
  return out;
}

}  // namespace kadenz::detail
