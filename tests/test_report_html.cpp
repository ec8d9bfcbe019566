// The HTML report pages. Without a browser: text is escaped and the page is self-contained.
// [browser]: `kadenz whatif` and `kadenz workload` write JSON and HTML for the example caseload,
// Debian's chromium loads the page headless (--dump-dom, --screenshot), and every number the page
// marks with data-key="<JSON path>" must equal the JSON number rounded to the shown precision;
// every number and name of the JSON (but the forecast's month strings) must be on the page.
// A change the page shows is the change of the shown values (shown_change), so it is checked
// against the JSON's base and variant, not against its unrounded "change".
// [browser][groups]: the sections of issue 17 (groups, capacity, steady state and backlog, the
// decomposition, error reasons, what the variant changes) on reports filled by hand, against
// their JSON; the JSON keys of docs/design schema that the JSON renderer does not carry yet are
// added by `schema17_*` below from the same report (see `add_missing`).
// The screenshots stay in <build>/test-artifacts/ for people to look at.
#include "run_cli.hpp"
#include "support.hpp"

#include "interpreter/report/html.hpp"
#include "interpreter/report/report.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <regex>
#include <string>
#include <vector>

using namespace kadenz::test;
namespace d = kadenz::detail;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr const char* kChromium = "/usr/bin/chromium";
constexpr const char* kAsOf = "2017-07-01";

const char* const kVariant = kMarktnahMonthly;

// ---- the browser ---------------------------------------------------------------------------

// Fails the test (never skips) if Debian's chromium is missing.
void require_chromium() {
  if (!fs::exists(kChromium)) {
    FAIL("no browser at " << kChromium << ": install Debian's chromium: apt-get install chromium");
  }
}

// Runs headless chromium on `page` with `args` (quoted) and a fresh profile and HOME inside `dir`,
// standard output to `out`; returns the exit code. The flags keep it off the (closed) network.
int chromium(const TempDir& dir, const std::string& args, const std::string& page, const std::string& out) {
  static int runs = 0;
  const std::string profile = dir.path("chromium-profile-" + std::to_string(++runs));
  const std::string home = dir.path("chromium-home");
  fs::create_directories(profile);
  fs::create_directories(home);
  const std::string cmd = "HOME=" + sh(home) + " timeout 60 " + sh(kChromium) +
                          " --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking"
                          " --disable-component-update --disable-sync --hide-scrollbars --user-data-dir=" +
                          sh(profile) + " " + args + " " + sh("file://" + page) + " >" + sh(out) + " 2>" +
                          sh(dir.path("chromium-stderr.txt"));
  const int status = std::system(cmd.c_str());
  return (status != -1 && WIFEXITED(status)) ? WEXITSTATUS(status) : -1;
}

// The DOM of `page` after chromium loaded it.
std::string dump_dom(const TempDir& dir, const std::string& page) {
  const std::string out = dir.path("dom.html");
  const int code = chromium(dir, "--dump-dom", page, out);
  INFO("chromium --dump-dom exit code " << code << "; its stderr:\n" << read_file(dir.path("chromium-stderr.txt")));
  REQUIRE(code == 0);
  std::string dom = read_file(out);
  REQUIRE(contains(dom, "</html>"));
  return dom;
}

// A screenshot of `page` in <build>/test-artifacts/<name>; checks that it is a real picture.
void screenshot(const TempDir& dir, const std::string& page, const std::string& name, const std::string& size) {
  const fs::path artifacts = fs::path(KADENZ_BINARY_DIR) / "test-artifacts";
  fs::create_directories(artifacts);
  const fs::path png = artifacts / name;
  std::error_code ec;
  fs::remove(png, ec);
  const int code = chromium(dir, sh("--screenshot=" + png.string()) + " --window-size=" + size, page,
                            dir.path("chromium-stdout.txt"));
  INFO("chromium --screenshot exit code " << code << "; its stderr:\n" << read_file(dir.path("chromium-stderr.txt")));
  REQUIRE(code == 0);
  REQUIRE(fs::exists(png));
  const std::string bytes = read_file(png.string());
  CHECK(bytes.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0);
  // a blank page of this size compresses to a few KB; the report is several hundred KB
  CHECK(bytes.size() > 60 * 1024);
}

// ---- the marked values of a page -----------------------------------------------------------

struct Marked {
  std::string key, text;
  double scale = 1;  // data-scale: the page shows the JSON value times this (percentages)
};

std::string decode_entities(std::string s) {
  static const std::pair<const char*, const char*> entities[] = {
      {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&nbsp;", "\xC2\xA0"}, {"&amp;", "&"}};
  for (const auto& [from, to] : entities) {
    for (std::size_t at = 0; (at = s.find(from, at)) != std::string::npos; at += std::string_view(to).size())
      s.replace(at, std::string_view(from).size(), to);
  }
  return s;
}

// Every element with a data-key attribute, with its text (marked elements hold only text).
std::vector<Marked> marked_elements(const std::string& dom) {
  std::vector<Marked> found;
  const std::string attr = "data-key=\"";
  for (std::size_t at = dom.find(attr); at != std::string::npos; at = dom.find(attr, at + 1)) {
    const std::size_t tag_start = dom.rfind('<', at), tag_end = dom.find('>', at);
    REQUIRE(tag_start != std::string::npos);
    REQUIRE(tag_end != std::string::npos);
    const std::string tag = dom.substr(tag_start, tag_end - tag_start);
    Marked m;
    const std::size_t key_start = at + attr.size();
    m.key = decode_entities(dom.substr(key_start, dom.find('"', key_start) - key_start));
    const std::size_t text_end = dom.find('<', tag_end);
    REQUIRE(text_end != std::string::npos);
    m.text = decode_entities(dom.substr(tag_end + 1, text_end - tag_end - 1));
    if (const std::size_t s = tag.find("data-scale=\""); s != std::string::npos) m.scale = std::stod(tag.substr(s + 12));
    found.push_back(std::move(m));
  }
  return found;
}

// The leaves (numbers and strings) of a JSON document by their dotted paths.
void leaves(const json& j, const std::string& path, std::map<std::string, json>& out) {
  if (j.is_object()) {
    for (const auto& [k, v] : j.items()) leaves(v, path.empty() ? k : path + "." + k, out);
  } else if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i) leaves(j[i], path + "." + std::to_string(i), out);
  } else {
    out[path] = j;
  }
}

std::string last_part(const std::string& key) { return key.substr(key.rfind('.') + 1); }

// The JSON of issue 17 that a page may mark before the JSON renderer carries it (the CLI runs
// of this branch): tolerated only while the document has none of it.
bool schema17_key(const std::string& key) {
  for (const char* part : {"steady_state.", "one_off.", "capacity", "decomposition.", "error_reasons.", "groups.", "group_columns.",
                           "differences.", "run."}) {
    if (key.find(part) != std::string::npos) return true;
  }
  const std::string f = key.substr(key.rfind('.') + 1);
  return key.find(".forecast.") != std::string::npos && (f == "first" || f == "backlog" || f == "recurring" || f == "hours" || f == "fte");
}
bool has_schema17(const json& doc) {
  return doc.contains("run") || (doc.contains("workload") && doc["workload"].contains("steady_state"));
}

// The figure of a decomposition path ("decomposition.figures.3.change" -> "steady_fte"), or "".
std::string decomposition_figure(const json& doc, const std::string& key) {
  if (key.find("decomposition.figures.") == std::string::npos) return "";
  std::string path = "/" + key.substr(0, key.rfind('.'));
  for (auto& c : path) if (c == '.') c = '/';
  const json& entry = doc.at(json::json_pointer(path));
  return entry.value("figure", "");
}

int figure_decimals(const std::string& figure) {
  for (const auto& f : d::html::kDecompositionFigures)
    if (figure == f.figure) return f.decimals;
  return -2;
}

// Decimals the page must show for a JSON field: 2 for FTE, 1 for interviews and hours, none
// for counts; -1: whole numbers as such, otherwise one decimal (weekly hours, share).
int expected_decimals(const std::string& key, const json& doc) {
  const std::string f = last_part(key);
  if (const std::string figure = decomposition_figure(doc, key); !figure.empty()) return figure_decimals(figure);
  if (f == "fte" || f == "demand_fte") return 2;
  if (f == "interviews_per_month" || f == "follow_ups_per_month" || f == "hours_per_month" ||
      f == "interview_hours_per_month" || f == "preparation_hours_per_month" || f == "interview_hours_per_fte" ||
      f == "hours" || f == "first_interview_hours" || f == "backlog_hours" || f == "utilisation")
    return 1;
  if (f == "weekly_hours" || f == "interview_share") return -1;
  return 0;
}

// The number the page must show for a JSON number: a change is the change of the shown values
// (shown_change of base and variant); the decomposition's policy effect is the shown change less
// the shown error parts, so that each row adds up on the page.
double expected_number(const std::string& key, const json& doc, const json& v, int decimals) {
  auto at = [&](const std::string& path) {
    std::string p = "/" + path;
    for (auto& c : p) if (c == '.') c = '/';
    return doc.at(json::json_pointer(p)).get<double>();
  };
  if (key.rfind("workload.difference.", 0) == 0) {
    const std::string f = last_part(key);
    return d::shown_change(at("workload.base." + f), at("workload.variant." + f), decimals);
  }
  if (!decomposition_figure(doc, key).empty()) {
    const std::string row = key.substr(0, key.rfind('.') + 1), f = last_part(key);
    const double change = d::shown_change(at(row + "base"), at(row + "variant"), decimals);
    if (f == "change") return change;
    if (f == "policy_effect")
      return d::shown(change - d::shown(at(row + "entering_error"), decimals) - d::shown(at(row + "leaving_error"), decimals), decimals);
  }
  return v.get<double>();
}

// A German number as the page shows it ("1.234,5", "−0,52", "+11,2") in C notation
// ("1234.5"), with its decimals; false if the text is not such a number.
bool from_german(const std::string& text, std::string& c, int& decimals) {
  c.clear();
  decimals = -1;
  const std::string minus = "\xE2\x88\x92";
  std::size_t i = 0;
  if (text.compare(0, minus.size(), minus) == 0) {
    c += '-';
    i = minus.size();
  } else if (!text.empty() && text[0] == '+') {
    i = 1;
  }
  bool digits = false;
  for (; i < text.size(); ++i) {
    const char ch = text[i];
    if (ch >= '0' && ch <= '9') {
      c += ch;
      digits = true;
      if (decimals >= 0) ++decimals;
    } else if (ch == ',' && decimals < 0) {
      c += '.';
      decimals = 0;
    } else if (ch != '.' || decimals >= 0) {
      return false;
    }
  }
  if (decimals < 0) decimals = 0;
  return digits;
}

// `v` rounded to `decimals` as "%.*f" writes it, without the sign of a negative zero.
std::string c_rounded(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string s = buf;
  if (s[0] == '-' && s.find_first_not_of("-0.") == std::string::npos) s.erase(0, 1);
  return s;
}

// How the page shows a JSON string: the date in German format, the error category and the
// missing rule of an error as "Fehler", a month over capacity as "Mär 2017", an empty group
// value as "(leer)", a decomposition figure and a difference's kind by their German labels.
std::string shown_string(const std::string& key, const std::string& value) {
  if (key == "as_of") return value.substr(8, 2) + "." + value.substr(5, 2) + "." + value.substr(0, 4);
  const std::string f = last_part(key);
  const bool category = key.rfind("matrix.categories.", 0) == 0 || f == "from" || f == "to";
  if ((category && value == "error") || ((f == "from_rule" || f == "to_rule") && value.empty())) return "Fehler";
  if (key.find(".months_over.") != std::string::npos) {
    static const char* months[] = {"Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez"};
    return std::string(months[std::stoi(value.substr(5, 2)) - 1]) + " " + value.substr(0, 4);
  }
  if (key.find(".key.") != std::string::npos && value.empty()) return d::html::kEmptyGroupValue;
  if (f == "figure") {
    for (const auto& fig : d::html::kDecompositionFigures)
      if (value == fig.figure) return fig.label;
  }
  if (key.rfind("differences.", 0) == 0 && f == "kind") return d::html::difference_kind_label(value);
  return value;
}

// The page against the JSON: every marked value matches, every JSON leaf is marked somewhere.
void compare_page(const std::string& dom, const json& doc) {
  std::map<std::string, json> values;
  leaves(doc, "", values);
  const auto marked = marked_elements(dom);
  std::map<std::string, int> seen;
  const bool schema17 = has_schema17(doc);
  std::size_t pending = 0;
  for (const auto& m : marked) {
    INFO("data-key=\"" << m.key << "\" shows `" << m.text << "`");
    const auto it = values.find(m.key);
    if (it == values.end() && !schema17 && schema17_key(m.key)) {
      ++pending;  // the JSON renderer of this branch does not carry issue 17's keys yet
      continue;
    }
    REQUIRE(it != values.end());  // a key that names no JSON value
    ++seen[m.key];
    const json& v = it->second;
    if (v.is_string()) {
      // the time of a run: the page and the JSON are two runs here, which may fall in different
      // seconds; the page shows a time of the same form
      if (last_part(m.key) == "generated_at") {
        CHECK(std::regex_match(m.text, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d)")));
        continue;
      }
      CHECK(m.text == shown_string(m.key, v.get<std::string>()));
      continue;
    }
    REQUIRE(v.is_number());
    std::string c;
    int decimals = 0;
    REQUIRE(from_german(m.text, c, decimals));
    const int want = expected_decimals(m.key, doc);
    if (want >= 0) CHECK(decimals == want);
    else CHECK(decimals <= 1);
    CHECK(c_rounded(std::stod(c), decimals) == c_rounded(expected_number(m.key, doc, v, decimals) * m.scale, decimals));
  }
  if (pending > 0) WARN(pending << " values of issue 17 on the page are not in this JSON yet (its renderer lacks them)");
  for (const auto& [key, v] : values) {
    if (v.is_string() && last_part(key) == "month") continue;  // shown as "Jul 2017" column heads
    if (v.is_null()) continue;  // a capacity not known: the page says so in words
    INFO("JSON value " << key << " = " << v.dump() << " is not marked on the page");
    if (seen.count(key) == 0 && key.find(".categories.") != std::string::npos && last_part(key) == "name") {
      // the what-if page has one row per category of both policies, marked with one path
      bool shown = false;
      for (const auto& m : marked)
        shown |= m.key.find(".categories.") != std::string::npos && last_part(m.key) == "name" && m.text == v.get<std::string>();
      CHECK(shown);
      continue;
    }
    CHECK(seen.count(key) == 1);
  }
}

struct Run : WhatifFiles {
  std::string caseload = source_path("examples/caseload.csv");
  // Runs kadenz with `args` (quoted); the example caseload has rows with errors (exit code 1).
  std::string run(const std::string& args) const {
    const Result r = run_kadenz(dir, args);
    INFO("kadenz " << args << "\n" << r.err);
    REQUIRE((r.code == 0 || r.code == 1));
    return r.out;
  }
};

// Checks shared by both pages on the DOM chromium built.
void check_page_shape(const std::string& dom) {
  CHECK(contains(dom, "<html lang=\"de\">"));
  CHECK(contains(dom, "<title>"));
  CHECK(contains(dom, "<svg"));
  CHECK(contains(dom, "role=\"img\""));
  CHECK(contains(dom, "Prognose: fällige Gespräche pro Monat"));
  CHECK(contains(dom, "Vollzeitäquivalente (VZÄ)"));
  CHECK(contains(dom, "Stunden pro Monat"));
  CHECK(contains(dom, "01.07.2017"));
}

// ---- a report built by hand, for the checks without a browser -----------------------------

const std::string kEvil = "<script>alert(1)</script>&\"'";

d::Workload workload(double hours, double fte) {
  d::Workload w;
  w.categories.push_back({"1MM", 12345, 2, 12345.5, hours});
  w.customers = 12345;
  w.first_interviews = 2;
  w.interviews_per_month = 12345.5;
  w.follow_ups_per_month = 12343.5;
  w.hours_per_month = hours;
  w.weekly_hours = 39;
  w.interview_share = 0.5;
  w.interview_hours_per_fte = 84.5;
  w.fte = fte;
  for (std::size_t m = 0; m < w.forecast.size(); ++m) w.forecast[m] = {2017 + static_cast<int>((m + 6) / 12), static_cast<int>((m + 6) % 12 + 1), 100 + m};
  return w;
}

d::WhatIfReport evil_whatif() {
  d::WhatIfReport r;
  r.base_name = kEvil;
  r.base_file = "a<b>.kadenz";
  r.variant_name = kEvil;
  r.variant_file = "c&d.kadenz";
  r.caseload_file = "\"x\".csv";
  r.as_of = kadenz::detail::parse_date(kAsOf).value();
  r.rows = 12346;
  r.categories = {"1MM", "<b>", std::string(d::kErrorCategory)};
  r.counts = {{12345, 0, 0}, {0, 0, 0}, {0, 0, 1}};
  r.moves.push_back({"<rule>", "", "<b>", std::string(d::kErrorCategory), 3});
  r.base = workload(1234.56, 14.61);
  r.variant = workload(1200.04, 14.2);
  return r;
}

void check_self_contained(const std::string& page) {
  CHECK(page.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(contains(page, "<html lang=\"de\">"));
  CHECK(contains(page, "<meta charset=\"utf-8\">"));
  for (const char* bad : {"http://", "https://", "<script", "<link", "src=", "url(", "@import"}) {
    INFO("the page contains " << bad);
    CHECK_FALSE(contains(page, bad));
  }
}

}  // namespace

TEST_CASE("html report: names are escaped and the page is self-contained", "[report][html]") {
  const std::string whatif = d::render_whatif_html(evil_whatif());
  check_self_contained(whatif);
  CHECK(contains(whatif, "&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&#39;"));
  CHECK(contains(whatif, "a&lt;b&gt;.kadenz"));
  CHECK(contains(whatif, "c&amp;d.kadenz"));
  CHECK(contains(whatif, "&quot;x&quot;.csv"));
  CHECK(contains(whatif, "&lt;rule&gt;"));
  CHECK_FALSE(contains(whatif, "<b>"));
  CHECK_FALSE(contains(whatif, "<rule>"));

  d::WorkloadReport w;
  w.policy_name = kEvil;
  w.policy_file = "a<b>.kadenz";
  w.caseload_file = "\"x\".csv";
  w.as_of = kadenz::detail::parse_date(kAsOf).value();
  w.summary.rows = 12346;
  w.workload = workload(1234.56, 14.61);
  const std::string page = d::render_workload_html(w);
  check_self_contained(page);
  CHECK(contains(page, "&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&#39;"));
  CHECK_FALSE(contains(page, "<script>"));
}

TEST_CASE("html report: German number format, marked with the JSON path", "[report][html]") {
  const std::string page = d::render_whatif_html(evil_whatif());
  CHECK(contains(page, "data-key=\"caseload.rows\">12.346<"));
  CHECK(contains(page, "data-key=\"workload.base.hours_per_month\">1.234,6<"));
  CHECK(contains(page, "data-key=\"workload.base.interviews_per_month\">12.345,5<"));
  CHECK(contains(page, "data-key=\"workload.base.fte\">14,61<"));
  CHECK(contains(page, "data-key=\"workload.variant.fte\">14,20<"));
  CHECK(contains(page, "data-key=\"workload.difference.fte\">\xE2\x88\x92" "0,41<"));   // U+2212 minus
  // the change of the shown values: 1.200,0 − 1.234,6 = −34,6 (unrounded −34,52)
  CHECK(contains(page, "data-key=\"workload.difference.hours_per_month\">\xE2\x88\x92" "34,6<"));
  CHECK(contains(page, "data-key=\"workload.difference.customers\">0<"));
  CHECK(contains(page, "data-key=\"matrix.counts.0.0\">12.345<"));
  CHECK(contains(page, "data-key=\"workload.base.forecast.11.interviews\">111<"));
  CHECK(contains(page, "data-key=\"as_of\">01.07.2017<"));
  CHECK(contains(page, "data-key=\"matrix.categories.2\">Fehler<"));
}

TEST_CASE("html report: whatif page in a browser matches the JSON", "[report][html][browser]") {
  require_chromium();
  Run run;
  const std::string args = sh(run.base) + " " + sh(run.variant) + " " + sh(run.caseload) + " --as-of " + kAsOf;
  const json doc = json::parse(run.run("whatif " + args + " --format json"));
  const std::string page = run.dir.path("whatif.html");
  run.run("whatif " + args + " --format html -o " + sh(page));
  check_self_contained(read_file(page));

  const auto start = std::chrono::steady_clock::now();
  const std::string dom = dump_dom(run.dir, page);
  check_page_shape(dom);
  for (const char* label : {"Übergangsmatrix", "Basis", "Variante", "Kunden", "Gespräche pro Monat", "Fehler",
                            "Variante: marktnah monatlich", "Jobcenter Coburg Land: Kontaktdichte"})
    CHECK(contains(dom, label));
  compare_page(dom, doc);
  // the example has moves and errors, so those parts of the page are exercised
  CHECK(doc["moves"].size() >= 2);
  CHECK(doc["errors"]["variant"].get<int>() > 0);

  screenshot(run.dir, page, "whatif.png", "1280,3400");
  WARN("whatif page in chromium (DOM and screenshot): "
       << std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count()
       << " ms; screenshot in " << KADENZ_BINARY_DIR << "/test-artifacts/whatif.png");
}

TEST_CASE("html report: whatif page in a browser, categories only one policy has", "[report][html][browser]") {
  require_chromium();
  Run run;
  // marktnah customers move from 2MM to 12MM: 2MM is left to the base, 12MM new in the variant
  std::string yearly = kVariant;
  yearly.replace(yearly.find("then 1 month"), 12, "then 12 months");
  const std::string variant = run.dir.write("yearly.kadenz", yearly);
  const std::string args = sh(run.base) + " " + sh(variant) + " " + sh(run.caseload) + " --as-of " + kAsOf;
  const json doc = json::parse(run.run("whatif " + args + " --format json"));
  const std::string page = run.dir.path("whatif.html");
  run.run("whatif " + args + " --format html -o " + sh(page));
  const std::string dom = dump_dom(run.dir, page);
  const auto names = [&](const char* policy) {
    std::vector<std::string> n;
    for (const auto& c : doc["workload"][policy]["categories"]) n.push_back(c["name"].get<std::string>());
    return n;
  };
  REQUIRE(names("base") != names("variant"));  // the case this test is for
  compare_page(dom, doc);
}

TEST_CASE("html report: workload page in a browser matches the JSON", "[report][html][browser]") {
  require_chromium();
  Run run;
  const std::string args = sh(run.base) + " " + sh(run.caseload) + " --as-of " + kAsOf;
  const json doc = json::parse(run.run("workload " + args + " --format json"));
  const std::string page = run.dir.path("workload.html");
  run.run("workload " + args + " --format html -o " + sh(page));
  check_self_contained(read_file(page));

  const std::string dom = dump_dom(run.dir, page);
  check_page_shape(dom);
  CHECK(contains(dom, "Kategorien"));
  compare_page(dom, doc);
  screenshot(run.dir, page, "workload.png", "1280,2400");
}

// ---- issue 17: groups, capacity, backlog, decomposition, differences (reports by hand) ------

namespace {

// A workload with every figure of issue 17 filled: `k` scales it, so groups differ; the first
// three months carry the backlog (catch-up over 3 months).
d::Workload workload17(double k) {
  d::Workload w;
  const auto n = [&](double x) { return static_cast<std::size_t>(x * k); };
  w.categories.push_back({"1MM", n(120), n(10), 120 * k + 10 * k, 97.5 * k});
  w.categories.push_back({"3MM", n(300), n(6), 100 * k + 6 * k, 85.25 * k});
  w.customers = n(420);
  w.first_interviews = n(16);
  w.follow_ups_per_month = 220 * k;
  w.interviews_per_month = 236 * k;
  w.interview_hours_per_month = 150.333 * k;
  w.preparation_hours_per_month = 32.417 * k;
  w.hours_per_month = 182.75 * k;
  w.weekly_hours = 39;
  w.weekly_minutes = 39 * 60;
  w.share_percent = 50;
  w.interview_share = 0.5;
  w.interview_hours_per_fte = 84.5;
  w.fte = w.hours_per_month / 84.5;
  w.steady_interviews_per_month = 226.6667 * k;
  w.steady_hours_per_month = 176.2583 * k;
  w.steady_fte = w.steady_hours_per_month / 84.5;
  w.backlog = n(90);
  w.backlog_hours = 67.5 * k;
  w.first_interview_hours = 12.0 * k;
  w.catch_up_months = 3;
  for (std::size_t m = 0; m < w.forecast.size(); ++m) {
    auto& f = w.forecast[m];
    f.year = 2017 + static_cast<int>((m + 6) / 12);
    f.month = static_cast<int>((m + 6) % 12 + 1);
    f.recurring = n(200) + m;
    f.backlog = m < 3 ? n(60) : 0;
    f.first = m < 3 ? n(5) : m % 4;
    f.interviews = f.recurring + f.backlog + f.first;
    f.minutes = static_cast<std::int64_t>(f.interviews) * 47;
    f.hours = static_cast<double>(f.minutes) / 60;
    f.fte = f.hours / 84.5;
  }
  return w;
}

d::Capacity capacity17(double fte, const d::Workload& w) {
  d::Capacity c;
  c.known = true;
  c.fte = fte;
  c.interview_hours_per_month = fte * w.interview_hours_per_fte;
  c.demand_fte = w.steady_fte;
  c.utilisation = w.steady_fte / fte;
  for (std::size_t m = 0; m < d::kForecastMonths; ++m) {
    c.over[m] = w.forecast[m].fte > fte;
    c.months_over += c.over[m];
  }
  return c;
}

d::WhatIfReport::Decomposition decomposition17(double k) {
  d::WhatIfReport::Decomposition dc;
  dc.both = static_cast<std::size_t>(400 * k);
  dc.entering = 3;
  dc.leaving = 2;
  dc.both_base = workload17(0.95 * k);
  dc.both_variant = workload17(0.9 * k);
  dc.entering_base = workload17(0.05 * k);
  dc.leaving_variant = workload17(0.04 * k);
  return dc;
}

d::WhatIfReport whatif17() {
  d::WhatIfReport r;
  r.base_name = "Jobcenter Coburg Land: Kontaktdichte";
  r.base_file = "policies/coburg.kadenz";
  r.variant_name = "Variante: marktnah monatlich";
  r.variant_file = "examples/whatif/marktnah-monatlich.kadenz";
  r.caseload_file = "examples/caseload.csv";
  r.as_of = d::parse_date(kAsOf).value();
  r.categories = {"1MM", "3MM", std::string(d::kErrorCategory)};
  r.counts = {{110, 4, 1}, {20, 275, 2}, {0, 2, 3}};
  r.rows = 417;
  r.base_errors = 5;
  r.variant_errors = 6;
  r.changed = 31;
  r.moved = 29;
  r.moves.push_back({"marktnah", "marktnah_monatlich", "3MM", "1MM", 20});
  r.moves.push_back({"standard", "", "1MM", std::string(d::kErrorCategory), 1});
  r.base = workload17(1.0);
  r.variant = workload17(0.96);
  r.decomposition = decomposition17(1.0);
  r.base_error_kinds = {{"column `geburtsdatum`: not a date `…`", 3}, {"no rule of table `kategorie` applies", 2}};
  r.variant_error_kinds = {{"column `geburtsdatum`: not a date `…`", 3}, {"no rule of table `kategorie` applies", 3}};
  r.group_columns = {"team"};
  const double ks[] = {0.6, 0.4};
  for (std::size_t i = 0; i < 2; ++i) {
    d::WhatIfReport::Group g;
    g.key.values = {i == 0 ? "Team Nord" : ""};
    g.rows = i == 0 ? 250 : 167;
    g.base_errors = i == 0 ? 3 : 2;
    g.variant_errors = i == 0 ? 4 : 2;
    g.changed = i == 0 ? 20 : 11;
    g.moved = i == 0 ? 18 : 11;
    g.counts = i == 0 ? std::vector<std::vector<std::size_t>>{{70, 2, 1}, {12, 160, 1}, {0, 1, 3}}
                      : std::vector<std::vector<std::size_t>>{{40, 2, 0}, {8, 115, 1}, {0, 1, 0}};
    g.base = workload17(ks[i]);
    g.variant = workload17(ks[i] * 0.96);
    g.decomposition = decomposition17(ks[i]);
    if (i == 0) g.capacity = capacity17(1.3, g.variant);  // the empty team has no staff row
    r.groups.push_back(std::move(g));
  }
  r.capacity = capacity17(2.2, r.variant);
  r.differences = {{"parameter", "prep_minutes", "§2.1", "15", "20"},
                   {"rule", "kategorie.marktnah", "§2.2.2", "then 3 months", "then 1 month"},
                   {"output", "hinweis", "", "", "text"},
                   {"header", "valid_from", "", "2017-01-01", "2017-07-01"}};
  r.run = {"2026-12-02T18:05:00+01:00", "0.17.0", std::string(64, 'a'), std::string(64, 'b')};
  return r;
}

d::WorkloadReport workload_report17() {
  d::WorkloadReport r;
  r.policy_name = "Jobcenter Coburg Land: Kontaktdichte";
  r.policy_file = "policies/coburg.kadenz";
  r.caseload_file = "examples/caseload.csv";
  r.as_of = d::parse_date(kAsOf).value();
  r.summary.rows = 417;
  r.summary.decided = 412;
  r.summary.errors = 5;
  r.workload = workload17(1.0);
  r.group_columns = {"geschaeftsstelle", "team"};
  const double ks[] = {0.5, 0.3, 0.2};
  const char* offices[] = {"Coburg", "Coburg", "Neustadt"};
  const char* teams[] = {"A", "B", ""};
  for (std::size_t i = 0; i < 3; ++i) {
    d::WorkloadReport::Group g;
    g.key.values = {offices[i], teams[i]};
    g.summary.rows = i == 0 ? 210 : i == 1 ? 125 : 82;
    g.summary.decided = g.summary.rows - (i == 0 ? 3 : i == 1 ? 2 : 0);
    g.summary.errors = g.summary.rows - g.summary.decided;
    g.workload = workload17(ks[i]);
    if (i != 2) g.capacity = capacity17(i == 0 ? 1.1 : 0.9, g.workload);
    r.groups.push_back(std::move(g));
  }
  r.capacity = capacity17(2.3, r.workload);
  return r;
}

// ---- the JSON keys of issue 17 (the design's schema), from the same report ------------------

std::string month_iso(const d::Workload::Month& m) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", m.year, m.month);
  return buf;
}

json capacity_json(const d::Capacity& c, const d::Workload& w) {
  if (!c.known) return nullptr;
  json over = json::array();
  for (std::size_t m = 0; m < d::kForecastMonths; ++m)
    if (c.over[m]) over.push_back(month_iso(w.forecast[m]));
  return {{"fte", c.fte}, {"interview_hours_per_month", c.interview_hours_per_month}, {"demand_fte", c.demand_fte},
          {"utilisation", c.utilisation}, {"months_over", over}};
}

// A whole workload object: the renderer's keys (through render_workload_json) and issue 17's.
json workload_json(const d::Workload& w) {
  d::WorkloadReport r;
  r.workload = w;
  json j = json::parse(d::render_workload_json(r))["workload"];
  j["steady_state"] = {{"interviews_per_month", w.steady_interviews_per_month}, {"hours_per_month", w.steady_hours_per_month},
                       {"fte", w.steady_fte}};
  j["one_off"] = {{"first_interviews", w.first_interviews}, {"first_interview_hours", w.first_interview_hours},
                  {"backlog", w.backlog}, {"backlog_hours", w.backlog_hours}, {"catch_up_months", w.catch_up_months}};
  for (std::size_t m = 0; m < d::kForecastMonths; ++m) {
    const auto& f = w.forecast[m];
    auto& e = j["forecast"][m];
    e["first"] = f.first;
    e["backlog"] = f.backlog;
    e["recurring"] = f.recurring;
    e["hours"] = f.hours;
    e["fte"] = f.fte;
  }
  return j;
}

json decomposition_json(const d::WhatIfReport::Decomposition& dc, const d::Workload& base, const d::Workload& variant) {
  json figures = json::array();
  for (const auto& f : d::html::kDecompositionFigures) {
    figures.push_back({{"figure", f.figure}, {"base", f.value(base)}, {"variant", f.value(variant)},
                       {"change", f.value(variant) - f.value(base)},
                       {"policy_effect", f.value(dc.both_variant) - f.value(dc.both_base)},
                       {"entering_error", -f.value(dc.entering_base)}, {"leaving_error", f.value(dc.leaving_variant)}});
  }
  return {{"records", {{"both", dc.both}, {"entering_error", dc.entering}, {"leaving_error", dc.leaving}}}, {"figures", figures}};
}

json key_json(const std::vector<std::string>& columns, const d::GroupKey& k) {
  json j = json::object();
  for (std::size_t i = 0; i < columns.size(); ++i) j[columns[i]] = k.values[i];
  return j;
}

json schema17_whatif(const d::WhatIfReport& r) {
  json j;
  j["workload"]["base"] = workload_json(r.base);
  j["workload"]["variant"] = workload_json(r.variant);
  j["decomposition"] = decomposition_json(r.decomposition, r.base, r.variant);
  for (const auto& [side, kinds] : {std::pair{"base", &r.base_error_kinds}, std::pair{"variant", &r.variant_error_kinds}}) {
    j["error_reasons"][side] = json::array();
    for (const auto& k : *kinds) j["error_reasons"][side].push_back({{"reason", k.text}, {"rows", k.rows}});
  }
  j["group_columns"] = r.group_columns;
  j["groups"] = json::array();
  for (const auto& g : r.groups) {
    j["groups"].push_back({{"key", key_json(r.group_columns, g.key)}, {"rows", g.rows}, {"base_errors", g.base_errors},
                           {"variant_errors", g.variant_errors}, {"changed", g.changed}, {"moved", g.moved},
                           {"counts", g.counts}, {"base", workload_json(g.base)}, {"variant", workload_json(g.variant)},
                           {"decomposition", decomposition_json(g.decomposition, g.base, g.variant)},
                           {"capacity", capacity_json(g.capacity, g.variant)}});
  }
  j["capacity"] = capacity_json(r.capacity, r.variant);
  j["differences"] = json::array();
  for (const auto& dd : r.differences)
    j["differences"].push_back({{"kind", dd.kind}, {"name", dd.name}, {"section", dd.section}, {"before", dd.before}, {"after", dd.after}});
  j["run"] = {{"generated_at", r.run.generated_at}, {"kadenz_version", r.run.kadenz_version},
              {"base_sha256", r.run.base_sha256}, {"variant_sha256", r.run.variant_sha256}};
  return j;
}

json schema17_workload(const d::WorkloadReport& r) {
  json j;
  j["workload"] = workload_json(r.workload);
  j["group_columns"] = r.group_columns;
  j["groups"] = json::array();
  for (const auto& g : r.groups) {
    j["groups"].push_back({{"key", key_json(r.group_columns, g.key)}, {"rows", g.summary.rows}, {"decided", g.summary.decided},
                           {"errors", g.summary.errors}, {"workload", workload_json(g.workload)},
                           {"capacity", capacity_json(g.capacity, g.workload)}});
  }
  j["capacity"] = capacity_json(r.capacity, r.workload);
  return j;
}

// Adds to `doc` what `schema` has and `doc` lacks; what the renderer already writes stays its
// own (so once render_text_json carries a key, the test checks the renderer's value). Returns
// the number of values added.
std::size_t add_missing(json& doc, const json& schema) {
  std::size_t added = 0;
  if (doc.is_object() && schema.is_object()) {
    for (const auto& [k, v] : schema.items()) {
      if (!doc.contains(k)) {
        doc[k] = v;
        ++added;
      } else {
        added += add_missing(doc[k], v);
      }
    }
  } else if (doc.is_array() && schema.is_array() && doc.size() == schema.size()) {
    for (std::size_t i = 0; i < doc.size(); ++i) added += add_missing(doc[i], schema[i]);
  }
  return added;
}

// Renders `html` and its JSON into a page, loads it in chromium, compares and takes a screenshot.
void check_hand_filled(const std::string& html, json doc, const json& schema, const std::string& name, const std::string& size) {
  const std::size_t added = add_missing(doc, schema);
  if (added > 0) WARN(name << ": " << added << " JSON keys of issue 17 taken from the design's schema (the renderer lacks them)");
  TempDir dir;
  const std::string page = dir.write(name + ".html", html);
  check_self_contained(html);
  const std::string dom = dump_dom(dir, page);
  check_page_shape(dom);
  compare_page(dom, doc);
  screenshot(dir, page, name + ".png", size);
}

}  // namespace

TEST_CASE("html report: issue 17 sections of the whatif page match the JSON", "[report][html][browser][groups]") {
  require_chromium();
  const d::WhatIfReport r = whatif17();
  const std::string html = d::render_whatif_html(r);
  for (const char* label : {"Was die Variante ändert", "Zerlegung der Änderung", "Fehlergründe", "Nach Gruppe",
                            "Kapazität: Personal gegen Bedarf", "Regelbetrieb und einmaliger Aufwand", "(leer)", "Team Nord",
                            "Prognose: Personalbedarf in VZÄ pro Monat", "2026-12-02T18:05:00+01:00"})
    CHECK(contains(html, label));
  // the footer names its run instead of claiming to match a JSON report
  CHECK_FALSE(contains(html, "Alle Zahlen stammen aus demselben Lauf"));
  // the months over capacity are marked in the chart and the table
  CHECK(contains(html, ">über</text>"));
  CHECK(contains(html, "class=\"num over\""));
  check_hand_filled(html, json::parse(d::render_whatif_json(r)), schema17_whatif(r), "whatif-groups", "1280,9000");
}

TEST_CASE("html report: issue 17 sections of the workload page match the JSON", "[report][html][browser][groups]") {
  require_chromium();
  const d::WorkloadReport r = workload_report17();
  const std::string html = d::render_workload_html(r);
  for (const char* label : {"Nach Gruppe", "geschaeftsstelle", "Neustadt", "(leer)", "Regelbetrieb: Gespräche pro Monat",
                            "Keine Personalausstattung angegeben"})
    CHECK(contains(html, label));
  CHECK_FALSE(contains(html, "Alle Zahlen stammen aus demselben Lauf"));
  check_hand_filled(html, json::parse(d::render_workload_json(r)), schema17_workload(r), "workload-groups", "1280,7000");
}

TEST_CASE("html report: a change shown is the change of the shown values", "[report][html]") {
  // 1,845.04 - 1,649.66 = 195.38 unrounded; shown 1.845,0 - 1.649,7 = 195,3
  d::WhatIfReport r = evil_whatif();
  r.base.hours_per_month = 1649.66;
  r.variant.hours_per_month = 1845.04;
  const std::string page = d::render_whatif_html(r);
  CHECK(contains(page, "data-key=\"workload.difference.hours_per_month\">+195,3<"));
}
