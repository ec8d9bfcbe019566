// Report stage, HTML pages: German number and date formats, the page frame with its inline CSS,
// and the sections both pages share (see html.hpp).
#include "interpreter/report/html.hpp"

#include "stdlib/date.hpp"

#include <fmt/format.h>

#include <cmath>

namespace kadenz::detail::html {

// ---- text --------------------------------------------------------------------------------

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

std::string de_change(double v, int decimals) {
  const std::string s = de_number(v, decimals);
  if (s.find_first_not_of("0.,") == std::string::npos || s.compare(0, kMinus.size(), kMinus) == 0) return s;
  return fmt::format("+{}", s);
}

std::string de_plain(double v) { return de_number(v, v == std::floor(v) ? 0 : 1); }

std::string de_date(std::int32_t day) {
  char iso[10];
  format_iso(day, iso);
  return fmt::format("{}.{}.{}", std::string_view(iso + 8, 2), std::string_view(iso + 5, 2), std::string_view(iso, 4));
}

// Month abbreviations as German statistics tables write them.
constexpr const char* kMonths[] = {"Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez"};

std::string month_short(const Workload::Month& m) { return kMonths[(m.month + 11) % 12]; }
std::string month_label(const Workload::Month& m) { return fmt::format("{} {}", month_short(m), m.year); }

std::string category_label(std::string_view c) { return c == kErrorCategory ? "Fehler" : std::string(c); }
std::string rule_label(std::string_view r) { return r.empty() ? "Fehler" : std::string(r); }

std::string keyed(std::string_view tag, std::string_view key, std::string_view text, std::string_view attrs) {
  return fmt::format("<{0}{1} data-key=\"{2}\">{3}</{0}>", tag, attrs, esc(key), text);
}

std::string num_td(std::string_view key, std::string_view text, std::string_view cls) {
  if (key.empty()) return fmt::format("<td class=\"{}\">{}</td>", cls, text);
  return keyed("td", key, text, fmt::format(" class=\"{}\"", cls));
}

// ---- page frame ----------------------------------------------------------------------------

// The page's only style sheet, inline: the page fetches nothing.
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
td.over{background:#fde8e7;color:#8a1c12;font-weight:700}
tr.series th{background:var(--soft);font-weight:700}
table.forecast th,table.forecast td{padding:5px 6px;font-size:13.5px}
.note{background:#fff8e6;border-left:4px solid #b45309;padding:8px 12px;margin:6px 0 12px;max-width:90ch}
.hash{font-family:ui-monospace,"DejaVu Sans Mono","Liberation Mono",monospace;font-size:12.5px;word-break:break-all}
.absent{color:var(--muted)}
.scroll{overflow-x:auto}
table.groups th,table.groups td{padding:5px 4px;font-size:13px}
table.groups thead th{white-space:normal}
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
section.group-head{border-top:6px solid var(--accent);margin-top:26px;background:var(--soft);padding:16px 18px 8px}
section.group-head h2{font-size:22px}
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

void end_page(std::string& out, bool whatif, const WhatIfReport::RunInfo* run) {
  out += "<footer>\n";
  out += "<p>Regelbetrieb: Wer alle <i>n</i> Monate eingeladen wird, zählt mit 1/<i>n</i> Gesprächen pro Monat, auch "
         "wer noch auf ein Erstgespräch wartet. Einmalig: ein ausstehendes Erstgespräch zählt einmal (ohne "
         "Vorbereitungszeit), der Rückstand (vor dem Stichtag fällige Gespräche) wird über die ersten Monate der "
         "Prognose nachgeholt. Vollzeitäquivalente (VZÄ) = Stunden pro Monat ÷ Gesprächsstunden je Vollzeitstelle "
         "und Monat (Wochenarbeitszeit × 52/12 × Anteil Gesprächszeit). Änderungen sind Differenzen der gezeigten, "
         "gerundeten Werte.</p>\n";
  if (whatif) out += "<p>„Fehler“ sind Datensätze, die eine Regelung nicht entscheiden kann (z.&#8239;B. fehlende "
                     "oder ungültige Angaben).</p>\n";
  // The page names its run instead of claiming to match a JSON report: one made by the same run
  // carries the same run.generated_at.
  if (run && !run->generated_at.empty()) {
    out += fmt::format("<p>Erstellt mit kadenz {} am {}. Ein JSON-Bericht (<code>--format json</code>) gehört zu "
                       "derselben Auswertung, wenn sein <code>run.generated_at</code> denselben Zeitpunkt nennt.</p>\n",
                       esc(run->kadenz_version), esc(run->generated_at));
  } else {
    out += "<p>Erstellt mit kadenz.</p>\n";
  }
  out += "</footer>\n</main>\n</body>\n</html>\n";
}

// ---- shared sections -----------------------------------------------------------------------

std::string policy_dd(std::string_view key, const std::string& name, const std::string& file) {
  return fmt::format("<dd>{} <span class=\"file\">({})</span></dd>\n", keyed("strong", fmt::format("{}.name", key), esc(name)),
                     keyed("span", fmt::format("{}.file", key), esc(file)));
}

std::string kpi(std::string_view label, std::string_view value_html, std::string_view sub_html) {
  return fmt::format("<div class=\"kpi\"><div class=\"label\">{}</div><div class=\"value\">{}</div>{}</div>\n", label,
                     value_html, sub_html.empty() ? "" : fmt::format("<div class=\"sub\">{}</div>", sub_html));
}

double figure_value(const Workload& w, const Figure& f) {
  if (f.value) return w.*(f.value);
  const std::string_view field = f.field;
  if (field == "customers") return static_cast<double>(w.customers);
  if (field == "first_interviews") return static_cast<double>(w.first_interviews);
  return static_cast<double>(w.not_counted);
}

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
      if (field == "weekly_hours") out += num_td(k, exact_hours(w->weekly_minutes, ','));
      else if (field == "interview_share")
        out += keyed("td", k, de_number(static_cast<double>(w->share_percent), 0), " class=\"num\" data-scale=\"100\"");
      else out += num_td(k, de_number(w->interview_hours_per_fte, 1));
    }
    if (change_column) out += "<td></td>";
    out += "</tr>\n";
  }
  return out;
}

std::string html_title(std::string_view kind, std::string_view name) { return fmt::format("{}: {} – kadenz", kind, name); }


}  // namespace kadenz::detail::html
