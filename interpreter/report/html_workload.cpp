// Report stage, HTML pages: the page of `kadenz workload`: key figures, categories, the
// workload figures and the forecast of one policy (the shared pieces are in html.hpp).
#include "interpreter/report/html.hpp"

#include <fmt/format.h>

namespace kadenz::detail {

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

}  // namespace kadenz::detail
