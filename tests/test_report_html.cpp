// The HTML report pages. Without a browser: text is escaped and the page is self-contained.
// [browser]: `kadenz whatif` and `kadenz workload` write JSON and HTML for the example caseload,
// Debian's chromium loads the page headless (--dump-dom, --screenshot), and every number the page
// marks with data-key="<JSON path>" must equal the JSON number rounded to the shown precision;
// every number and name of the JSON (but the forecast's month strings) must be on the page.
// The screenshots stay in <build>/test-artifacts/ for people to look at.
#include "run_cli.hpp"
#include "support.hpp"

#include "interpreter/report/report.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
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

// Decimals the page must show for a JSON field: 2 for FTE, 1 for interviews and hours, none
// for counts; -1: whole numbers as such, otherwise one decimal (weekly hours, share).
int expected_decimals(const std::string& key) {
  const std::string f = last_part(key);
  if (f == "fte") return 2;
  if (f == "interviews_per_month" || f == "follow_ups_per_month" || f == "hours_per_month" ||
      f == "interview_hours_per_month" || f == "preparation_hours_per_month" || f == "interview_hours_per_fte")
    return 1;
  if (f == "weekly_hours" || f == "interview_share") return -1;
  return 0;
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
// missing rule of an error as "Fehler".
std::string shown_string(const std::string& key, const std::string& value) {
  if (key == "as_of") return value.substr(8, 2) + "." + value.substr(5, 2) + "." + value.substr(0, 4);
  const std::string f = last_part(key);
  const bool category = key.rfind("matrix.categories.", 0) == 0 || f == "from" || f == "to";
  if ((category && value == "error") || ((f == "from_rule" || f == "to_rule") && value.empty())) return "Fehler";
  return value;
}

// The page against the JSON: every marked value matches, every JSON leaf is marked somewhere.
void compare_page(const std::string& dom, const json& doc) {
  std::map<std::string, json> values;
  leaves(doc, "", values);
  const auto marked = marked_elements(dom);
  std::map<std::string, int> seen;
  for (const auto& m : marked) {
    INFO("data-key=\"" << m.key << "\" shows `" << m.text << "`");
    const auto it = values.find(m.key);
    REQUIRE(it != values.end());  // a key that names no JSON value
    ++seen[m.key];
    const json& v = it->second;
    if (v.is_string()) {
      CHECK(m.text == shown_string(m.key, v.get<std::string>()));
      continue;
    }
    REQUIRE(v.is_number());
    std::string c;
    int decimals = 0;
    REQUIRE(from_german(m.text, c, decimals));
    const int want = expected_decimals(m.key);
    if (want >= 0) CHECK(decimals == want);
    else CHECK(decimals <= 1);
    CHECK(c_rounded(std::stod(c), decimals) == c_rounded(v.get<double>() * m.scale, decimals));
  }
  for (const auto& [key, v] : values) {
    if (v.is_string() && last_part(key) == "month") continue;  // shown as "Jul 2017" column heads
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
  CHECK(contains(page, "data-key=\"workload.difference.hours_per_month\">\xE2\x88\x92" "34,5<"));
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
