// Test stage: the report of a `kadenz test` run as text (for a person: each test, what differs,
// the trace of a failing customer, the coverage), one JSON document, or JUnit XML (for CI
// servers: a testcase per test, a failure with the same text, the coverage as properties).
#include "interpreter/verify/verify.hpp"

#include "interpreter/report/explain.hpp"
#include "stdlib/json_text.hpp"
#include "stdlib/catalogue.hpp"
#include "stdlib/date.hpp"

#include <fmt/format.h>

namespace kadenz::detail {
namespace {

std::size_t failed_count(const TestRun& run) {
  std::size_t n = 0;
  for (const auto& r : run.results) n += r.passed ? 0 : 1;
  return n;
}

// Every line of `text` indented by `by`.
std::string indented(std::string_view text, std::string_view by) {
  std::string out;
  std::size_t b = 0;
  while (b < text.size()) {
    const std::size_t e = std::min(text.find('\n', b), text.size());
    if (e > b) out += by;  // no trailing blanks on an empty line
    out.append(text.substr(b, e - b));
    out += '\n';
    b = e + 1;
  }
  return out;
}

// What failed in one test, one line each (no explanation).
std::string failure_lines(const Program& p, const TestResult& r) {
  std::string out;
  if (!r.unchanged.empty()) out += r.unchanged + "\n";
  for (const auto& m : r.mismatches) out += say(p.voice, Msg::test_mismatch, {m.what, m.expected, m.actual}) + "\n";
  return out;
}

std::string explanation(const Program& p, const TestResult& r) {
  TraceTitle title;
  title.record = r.name;
  title.as_of = r.as_of;
  return render_trace_text(p, r.trace, title);
}

std::string ratio(const CoverageCount& c) { return fmt::format("{}/{}", c.covered, c.total); }

void xml_escape(std::string& out, std::string_view s) {
  for (const char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        // XML 1.0 allows no control characters but tab, line feed and carriage return
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') out += ' ';
        else out += c;
    }
  }
}

}  // namespace

std::string render_tests_text(const Program& p, const TestRun& run) {
  std::string out;
  for (const auto& r : run.results) {
    if (r.passed) {
      out += say(p.voice, r.changed ? Msg::test_pass_changed : Msg::test_pass, {r.name, r.where}) + "\n";
      continue;
    }
    out += say(p.voice, Msg::test_fail, {r.name, r.where}) + "\n";
    out += indented(failure_lines(p, r), "    ");
    out += "    " + say(p.voice, Msg::test_explanation) + "\n";
    out += indented(explanation(p, r), "      ");
  }
  const std::size_t failed = failed_count(run);
  out += say(p.voice, Msg::test_summary,
             {std::to_string(run.results.size()), std::to_string(run.results.size() - failed), std::to_string(failed)}) +
         "\n";
  if (run.with_coverage) {
    const Coverage& c = run.coverage;
    out += say(p.voice, Msg::cov_header) + "\n";
    out += say(p.voice, Msg::cov_rules, {std::to_string(c.rules.covered), std::to_string(c.rules.total)}) + "\n";
    out += say(p.voice, Msg::cov_requires, {std::to_string(c.checks.covered), std::to_string(c.checks.total)}) + "\n";
    out += say(p.voice, Msg::cov_warns, {std::to_string(c.warns.covered), std::to_string(c.warns.total)}) + "\n";
    out += say(p.voice, Msg::cov_branches, {std::to_string(c.branches.covered), std::to_string(c.branches.total)}) + "\n";
    if (c.unreached.empty()) {
      out += say(p.voice, Msg::cov_all) + "\n";
    } else {
      out += say(p.voice, Msg::cov_unreached) + "\n";
      for (const auto& u : c.unreached) out += "  " + u.text + "\n";
    }
  }
  return out;
}

std::string render_tests_json(const Program& p, const TestRun& run) {
  std::string out = "{\"policy\":";
  append_json_string(out, run.policy);
  out += ",\"tests\":[";
  for (std::size_t i = 0; i < run.results.size(); ++i) {
    const auto& r = run.results[i];
    if (i) out += ',';
    out += "{\"name\":";
    append_json_string(out, r.name);
    out += ",\"where\":";
    append_json_string(out, r.where);
    out += fmt::format(",\"as_of\":\"{}\",\"passed\":{},\"changed\":{}", iso_date(r.as_of), r.passed, r.changed);
    out += ",\"mismatches\":[";
    for (std::size_t m = 0; m < r.mismatches.size(); ++m) {
      if (m) out += ',';
      out += "{\"what\":";
      append_json_string(out, r.mismatches[m].what);
      out += ",\"expected\":";
      append_json_string(out, r.mismatches[m].expected);
      out += ",\"actual\":";
      append_json_string(out, r.mismatches[m].actual);
      out += '}';
    }
    out += ']';
    if (!r.unchanged.empty()) {
      out += ",\"unchanged\":";
      append_json_string(out, r.unchanged);
    }
    if (!r.passed) {
      TraceTitle title;
      title.record = r.name;
      title.as_of = r.as_of;
      std::string trace = render_trace_json(p, r.trace, title);
      while (!trace.empty() && trace.back() == '\n') trace.pop_back();
      out += ",\"explanation\":" + trace;
    }
    out += '}';
  }
  const std::size_t failed = failed_count(run);
  out += fmt::format("],\"passed\":{},\"failed\":{}", run.results.size() - failed, failed);
  if (run.with_coverage) {
    const Coverage& c = run.coverage;
    auto count = [&](const char* name, const CoverageCount& n) {
      out += fmt::format("\"{}\":{{\"covered\":{},\"total\":{}}},", name, n.covered, n.total);
    };
    out += ",\"coverage\":{";
    count("rules", c.rules);
    count("requires", c.checks);
    count("warns", c.warns);
    count("branches", c.branches);
    out += "\"unreached\":[";
    for (std::size_t i = 0; i < c.unreached.size(); ++i) {
      if (i) out += ',';
      out += "{\"kind\":";
      append_json_string(out, c.unreached[i].kind);
      out += ",\"where\":";
      append_json_string(out, c.unreached[i].where);
      out += ",\"text\":";
      append_json_string(out, c.unreached[i].text);
      out += '}';
    }
    out += "]}";
  }
  out += "}\n";
  return out;
}

std::string junit_document(const std::vector<std::string>& suites, std::size_t tests, std::size_t failures) {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format("<testsuites tests=\"{}\" failures=\"{}\">\n", tests, failures);
  for (const auto& s : suites) out += s;
  out += "</testsuites>\n";
  return out;
}

std::string render_tests_junit(const Program& p, const TestRun& run) {
  const std::size_t failed = failed_count(run);
  std::string out = "  <testsuite name=\"";
  xml_escape(out, run.policy);
  out += fmt::format("\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\">\n", run.results.size(), failed);
  if (run.with_coverage) {
    const Coverage& c = run.coverage;
    out += "    <properties>\n";
    out += fmt::format("      <property name=\"coverage.rules\" value=\"{}\"/>\n", ratio(c.rules));
    out += fmt::format("      <property name=\"coverage.requires\" value=\"{}\"/>\n", ratio(c.checks));
    out += fmt::format("      <property name=\"coverage.warns\" value=\"{}\"/>\n", ratio(c.warns));
    out += fmt::format("      <property name=\"coverage.branches\" value=\"{}\"/>\n", ratio(c.branches));
    out += fmt::format("      <property name=\"coverage.unreached\" value=\"{}\"/>\n", c.unreached.size());
    out += "    </properties>\n";
  }
  for (const auto& r : run.results) {
    out += "    <testcase name=\"";
    xml_escape(out, r.name);
    out += "\" classname=\"";
    xml_escape(out, r.where.substr(0, r.where.rfind(':')));
    out += "\" file=\"";
    xml_escape(out, r.where);
    out += "\"";
    if (r.passed) {
      out += "/>\n";
      continue;
    }
    out += ">\n      <failure message=\"";
    const std::string lines = failure_lines(p, r);
    xml_escape(out, lines.substr(0, lines.find('\n')));
    out += "\">";
    xml_escape(out, lines + say(p.voice, Msg::test_explanation) + "\n" + explanation(p, r));
    out += "</failure>\n    </testcase>\n";
  }
  if (run.with_coverage && !run.coverage.unreached.empty()) {
    std::string text = say(p.voice, Msg::cov_unreached) + "\n";
    for (const auto& u : run.coverage.unreached) text += "  " + u.text + "\n";
    out += "    <system-out>";
    xml_escape(out, text);
    out += "</system-out>\n";
  }
  out += "  </testsuite>\n";
  return out;
}

}  // namespace kadenz::detail
