// Report stage, HTML pages: the sections of issue 17 that both pages share (see html.hpp):
// steady state against one-off demand, capacity, the decomposition of a what-if change, the
// error reasons, what the variant changes, and group keys.
#include "interpreter/report/html.hpp"

#include <fmt/format.h>

namespace kadenz::detail::html {

const std::vector<DemandFigure> kDemandFigures = {
    {"Gespräche pro Monat", "steady_state.interviews_per_month",
     [](const Workload& w) { return w.steady_interviews_per_month; }, 1, false},
    {"Stunden pro Monat", "steady_state.hours_per_month", [](const Workload& w) { return w.steady_hours_per_month; }, 1, false},
    {"Vollzeitäquivalente (VZÄ)", "steady_state.fte", [](const Workload& w) { return w.steady_fte; }, 2, false},
    {"Ausstehende Erstgespräche", "one_off.first_interviews",
     [](const Workload& w) { return static_cast<double>(w.first_interviews); }, 0, false},
    {"Stunden dafür", "one_off.first_interview_hours", [](const Workload& w) { return w.first_interview_hours; }, 1, true},
    {"Rückstand: überfällige Folgegespräche", "one_off.backlog", [](const Workload& w) { return static_cast<double>(w.backlog); },
     0, false},
    {"Stunden dafür", "one_off.backlog_hours", [](const Workload& w) { return w.backlog_hours; }, 1, true},
    {"nachgeholt über Monate", "one_off.catch_up_months",
     [](const Workload& w) { return static_cast<double>(w.catch_up_months); }, 0, true},
};

std::string demand_section(const std::vector<Series>& series, std::string_view id) {
  const std::int64_t n = series.back().workload->catch_up_months;
  std::string out = fmt::format(
      "<section id=\"{}\">\n<h2>Regelbetrieb und einmaliger Aufwand</h2>\n<p class=\"lead\">Der <strong>Regelbetrieb</strong> "
      "zählt jeden gezählten Kunden in seinem Gesprächsintervall, auch wer noch auf ein Erstgespräch wartet: "
      "das ist der dauerhafte Bedarf. <strong>Einmalig</strong> kommen die ausstehenden Erstgespräche und der Rückstand "
      "(vor dem Stichtag fällige Folgegespräche) hinzu, verteilt auf {}.</p>\n",
      esc(id), n == 1 ? std::string("den ersten Monat") : fmt::format("die ersten {} Monate", n));
  out += "<table class=\"data\">\n<thead><tr><th>Kennzahl</th>";
  for (const auto& s : series) {
    out += fmt::format("<th class=\"num\">{}{}</th>",
                       series.size() > 1 ? fmt::format("<span class=\"swatch\" style=\"background:{}\"></span>", s.colour)
                                         : std::string(),
                       series.size() > 1 ? esc(s.name) : std::string("Wert"));
  }
  if (series.size() == 2) out += "<th class=\"num\">Änderung</th>";
  out += "</tr></thead>\n<tbody>\n";
  const std::size_t cols = series.size() + (series.size() == 2 ? 2 : 1);
  for (std::size_t i = 0; i < kDemandFigures.size(); ++i) {
    const auto& f = kDemandFigures[i];
    if (i == 0) out += fmt::format("<tr class=\"series\"><th colspan=\"{}\">Regelbetrieb (dauerhaft, pro Monat)</th></tr>\n", cols);
    if (i == 3) out += fmt::format("<tr class=\"series\"><th colspan=\"{}\">Einmalig</th></tr>\n", cols);
    out += fmt::format("<tr{}><th>{}</th>", f.sub ? " class=\"sub\"" : "", f.label);
    for (const auto& s : series)
      out += num_td(fmt::format("{}.{}", s.key, f.path), de_number(f.value(*s.workload), f.decimals));
    if (series.size() == 2) {
      out += num_td("", de_change(shown_change(f.value(*series[0].workload), f.value(*series[1].workload), f.decimals),
                                  f.decimals));
    }
    out += "</tr>\n";
  }
  out += "</tbody>\n</table>\n</section>\n";
  return out;
}

std::string capacity_section(const Capacity& c, const Workload& w, std::string_view key, std::string_view demand,
                             std::string_view id) {
  std::string out = fmt::format("<section id=\"{}\">\n<h2>Kapazität: Personal gegen Bedarf</h2>\n", esc(id));
  if (!c.known) {
    out += "<p class=\"note\">Keine Personalausstattung angegeben. Mit <code>--staff DATEI.csv</code> (VZÄ je Gruppe) "
           "oder <code>--capacity VZÄ</code> stellt der Bericht den Bedarf dem verfügbaren Personal gegenüber.</p>\n";
    return out + "</section>\n";
  }
  const std::string k(key);
  out += fmt::format("<p class=\"lead\">Verfügbare Vollzeitstellen gegen den Bedarf {} im Regelbetrieb; die Monate der "
                     "Prognose, deren Bedarf (mit Erstgesprächen und Rückstand) die Kapazität übersteigt, sind markiert.</p>\n",
                     esc(demand));
  out += "<div class=\"kpis\">\n";
  out += kpi("Verfügbar (VZÄ)", keyed("span", k + ".fte", de_number(c.fte, 2)),
             fmt::format("{} Gesprächsstunden pro Monat",
                         keyed("span", k + ".interview_hours_per_month", de_number(c.interview_hours_per_month, 1))));
  out += kpi("Bedarf im Regelbetrieb (VZÄ)", keyed("span", k + ".demand_fte", de_number(c.demand_fte, 2)));
  out += kpi("Auslastung", keyed("span", k + ".utilisation", de_number(c.utilisation * 100, 1), " data-scale=\"100\"") + " %",
             c.utilisation > 1 ? "<strong style=\"color:#b42318\">über der Kapazität</strong>" : "im Rahmen der Kapazität");
  std::string months;
  std::size_t j = 0;
  for (std::size_t i = 0; i < kForecastMonths; ++i) {
    if (!c.over[i]) continue;
    months += fmt::format("{}{}", j ? ", " : "", keyed("span", fmt::format("{}.months_over.{}", k, j), month_label(w.forecast[i])));
    ++j;
  }
  out += kpi("Monate über Kapazität", fmt::format("{} von {}", de_count(c.months_over), kForecastMonths),
             months.empty() ? std::string("kein Monat") : months);
  out += "</div>\n</section>\n";
  return out;
}

const std::vector<DecompositionFigure> kDecompositionFigures = {
    {"customers", "Kunden gezählt", [](const Workload& w) { return static_cast<double>(w.customers); }, 0},
    {"steady_interviews_per_month", "Regelbetrieb: Gespräche pro Monat",
     [](const Workload& w) { return w.steady_interviews_per_month; }, 1},
    {"steady_hours_per_month", "Regelbetrieb: Stunden pro Monat", [](const Workload& w) { return w.steady_hours_per_month; }, 1},
    {"steady_fte", "Regelbetrieb: VZÄ", [](const Workload& w) { return w.steady_fte; }, 2},
    {"first_interviews", "Ausstehende Erstgespräche", [](const Workload& w) { return static_cast<double>(w.first_interviews); }, 0},
    {"backlog", "Rückstand", [](const Workload& w) { return static_cast<double>(w.backlog); }, 0},
    {"interviews_per_month", "Gespräche pro Monat (mit Erstgesprächen)", [](const Workload& w) { return w.interviews_per_month; }, 1},
    {"hours_per_month", "Stunden pro Monat (mit Erstgesprächen)", [](const Workload& w) { return w.hours_per_month; }, 1},
    {"fte", "VZÄ (mit Erstgesprächen)", [](const Workload& w) { return w.fte; }, 2},
};

std::string decomposition_section(const WhatIfReport::Decomposition& d, const Workload& base, const Workload& variant,
                                  std::string_view key, std::string_view id) {
  const std::string k(key);
  std::string out = fmt::format(
      "<section id=\"{}\">\n<h2>Zerlegung der Änderung</h2>\n<p class=\"lead\">Die Änderung hat drei Teile: die "
      "Wirkung der Regelung auf die {} Datensätze, die beide Regelungen entscheiden; die {} Datensätze, die nur die "
      "Basis entscheidet (sie werden unter der Variante zu Fehlern und fallen aus dem Aufwand heraus); die {} "
      "Datensätze, die nur die Variante entscheidet (sie sind keine Fehler mehr). Alle Zahlen sind gerundet, wie "
      "gezeigt: Die Wirkung der Regelung ist die gezeigte Änderung abzüglich der gezeigten Fehleranteile, so dass "
      "jede Zeile aufgeht.</p>\n",
      esc(id), keyed("span", k + ".records.both", de_count(d.both)),
      keyed("span", k + ".records.entering_error", de_count(d.entering)),
      keyed("span", k + ".records.leaving_error", de_count(d.leaving)));
  out += "<table class=\"data\">\n<thead><tr><th>Kennzahl</th><th class=\"num\">Basis</th><th class=\"num\">Variante</th>"
         "<th class=\"num\">Änderung</th><th class=\"num\">= Wirkung der Regelung</th><th class=\"num\">+ neue Fehler</th>"
         "<th class=\"num\">+ keine Fehler mehr</th></tr></thead>\n<tbody>\n";
  for (std::size_t i = 0; i < kDecompositionFigures.size(); ++i) {
    const auto& f = kDecompositionFigures[i];
    const std::string p = fmt::format("{}.figures.{}.", k, i);
    const double b = f.value(base), v = f.value(variant);
    const double change = shown_change(b, v, f.decimals);
    const double entering = shown(-f.value(d.entering_base), f.decimals);
    const double leaving = shown(f.value(d.leaving_variant), f.decimals);
    const double effect = shown(change - entering - leaving, f.decimals);
    out += fmt::format("<tr>{}{}{}{}{}{}{}</tr>\n", keyed("th", p + "figure", f.label), num_td(p + "base", de_number(b, f.decimals)),
                       num_td(p + "variant", de_number(v, f.decimals)), num_td(p + "change", de_change(change, f.decimals)),
                       num_td(p + "policy_effect", de_change(effect, f.decimals)),
                       num_td(p + "entering_error", de_change(entering, f.decimals)),
                       num_td(p + "leaving_error", de_change(leaving, f.decimals)));
  }
  out += "</tbody>\n</table>\n</section>\n";
  return out;
}

std::string error_reasons_section(const WhatIfReport& r) {
  std::string out = "<section id=\"fehlergruende\">\n<h2>Fehlergründe</h2>\n<p class=\"lead\">Warum Datensätze nicht "
                    "entschieden werden konnten, je Regelung, die häufigsten zuerst (Meldung und Spalte, ohne die "
                    "Werte der Datensätze).</p>\n<div class=\"grid2\">\n";
  const std::pair<const char*, const std::vector<ErrorKinds::Kind>*> sides[] = {{"base", &r.base_error_kinds},
                                                                               {"variant", &r.variant_error_kinds}};
  for (const auto& [side, kinds] : sides) {
    const bool is_base = std::string_view(side) == "base";
    out += fmt::format("<table class=\"data moves\">\n<caption><span class=\"swatch\" style=\"background:{}\"></span>{}: {}</caption>\n"
                       "<thead><tr><th class=\"num\">Datensätze</th><th>Grund</th></tr></thead>\n<tbody>\n",
                       is_base ? kBaseColour : kVariantColour, is_base ? "Basis" : "Variante", esc(is_base ? r.base_name : r.variant_name));
    if (kinds->empty()) out += "<tr><td colspan=\"2\">Kein Fehler.</td></tr>\n";
    for (std::size_t i = 0; i < kinds->size(); ++i) {
      const std::string p = fmt::format("error_reasons.{}.{}.", side, i);
      out += fmt::format("<tr>{}<td>{}</td></tr>\n", num_td(p + "rows", de_count((*kinds)[i].rows)),
                         keyed("span", p + "reason", esc((*kinds)[i].text)));
    }
    out += "</tbody>\n</table>\n";
  }
  out += "</div>\n</section>\n";
  return out;
}

std::string difference_kind_label(std::string_view kind) {
  static constexpr std::pair<std::string_view, std::string_view> labels[] = {
      {"parameter", "Parameter"}, {"rule", "Regel"},     {"output", "Ausgabe"},           {"header", "Kopfangabe"},
      {"fact", "Fakt"},           {"table", "Tabelle"},  {"workload", "Arbeitsaufwand"}, {"check", "Prüfung"}};
  for (const auto& [k, label] : labels)
    if (k == kind) return std::string(label);
  return std::string(kind);
}

namespace {

// A text that may be empty (absent on that side): the keyed element stays empty, so it equals
// the JSON's "", and a dash beside it shows the absence.
std::string maybe_absent(std::string_view key, const std::string& text, std::string_view cls = "") {
  std::string out = keyed("span", key, esc(text), cls.empty() ? "" : fmt::format(" class=\"{}\"", cls));
  if (text.empty()) out += "<span class=\"absent\">–</span>";
  return out;
}

}  // namespace

std::string differences_section(const WhatIfReport& r) {
  std::string out = "<section id=\"variante\">\n<h2>Was die Variante ändert</h2>\n<p class=\"lead\">Die Unterschiede "
                    "der beiden übersetzten Regelungen (nach dem Zusammenführen aller Dateien): Parameter, Regeln, "
                    "Ausgaben und Kopfangaben, mit ihrem Paragraphen.</p>\n";
  out += "<table class=\"data\">\n<thead><tr><th>Art</th><th>Name</th><th>§</th><th>Basis</th><th>Variante</th></tr>"
         "</thead>\n<tbody>\n";
  if (r.differences.empty()) out += "<tr><td colspan=\"5\">Keine Unterschiede festgestellt.</td></tr>\n";
  for (std::size_t i = 0; i < r.differences.size(); ++i) {
    const auto& d = r.differences[i];
    const std::string p = fmt::format("differences.{}.", i);
    out += fmt::format("<tr>{}<td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                       keyed("td", p + "kind", esc(difference_kind_label(d.kind))), maybe_absent(p + "name", d.name, "file"),
                       maybe_absent(p + "section", d.section), maybe_absent(p + "before", d.before, "file"),
                       maybe_absent(p + "after", d.after, "file"));
  }
  out += "</tbody>\n</table>\n<h3>Dieser Lauf</h3>\n<dl class=\"meta\">\n";
  out += fmt::format("<dt>Erstellt am</dt><dd>{}</dd>\n", maybe_absent("run.generated_at", r.run.generated_at));
  out += fmt::format("<dt>kadenz-Version</dt><dd>{}</dd>\n", maybe_absent("run.kadenz_version", r.run.kadenz_version));
  out += fmt::format("<dt>SHA-256 Basis</dt><dd>{}</dd>\n", maybe_absent("run.base_sha256", r.run.base_sha256, "hash"));
  out += fmt::format("<dt>SHA-256 Variante</dt><dd>{}</dd>\n", maybe_absent("run.variant_sha256", r.run.variant_sha256, "hash"));
  out += "</dl>\n</section>\n";
  return out;
}

std::string group_key_html(const std::vector<std::string>& columns, const GroupKey& k, std::string_view key) {
  std::string out;
  for (std::size_t i = 0; i < k.values.size(); ++i) {
    if (i) out += " · ";
    const std::string& column = i < columns.size() ? columns[i] : std::to_string(i);
    const std::string& v = k.values[i];
    out += keyed("span", fmt::format("{}.key.{}", key, column), v.empty() ? kEmptyGroupValue : esc(v));
  }
  return out;
}

std::string group_key_text(const GroupKey& k) {
  std::string out;
  for (std::size_t i = 0; i < k.values.size(); ++i) {
    if (i) out += " · ";
    out += k.values[i].empty() ? kEmptyGroupValue : k.values[i];
  }
  return out;
}

}  // namespace kadenz::detail::html
