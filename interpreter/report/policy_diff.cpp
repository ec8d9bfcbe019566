// Report stage: the differences of two compiled programs and the run's facts (policy_diff.hpp).
// Declarations are matched by name (rules by table and name, checks by their text) and compared
// by the source text of their values, taken from the spans the compiled program keeps.
#include "interpreter/report/policy_diff.hpp"

#include "stdlib/date.hpp"
#include "stdlib/sha256.hpp"

#include <kadenz/version.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <ctime>
#include <map>
#include <optional>
#include <set>
#include <tuple>

namespace kadenz::detail {
namespace {

using Difference = WhatIfReport::Difference;

// The source of `span`, whitespace runs collapsed to one space and `#` comments (outside text
// literals) dropped, so that layout is no difference.
std::string source_of(const Program& p, Span span) {
  if (!p.source || span.end <= span.begin) return {};
  const SourcePlace at = locate(*p.source, span.begin);
  const std::string_view raw = at.text.substr(std::min<std::size_t>(at.offset, at.text.size()), span.end - span.begin);
  std::string out;
  bool quoted = false, comment = false, space = false;
  for (const char c : raw) {
    if (comment) {
      if (c == '\n') comment = false;
      continue;
    }
    if (c == '"') quoted = !quoted;
    if (!quoted && c == '#') {
      comment = true;
      space = true;
      continue;
    }
    if (!quoted && (c == ' ' || c == '\t' || c == '\n' || c == '\r')) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string node_source(const Program& p, std::uint32_t node) {
  return node < p.nodes.size() ? source_of(p, p.nodes[node].span) : std::string();
}

// The expression a `let` or output slot is computed from (its compute step's node), as written.
std::string computed_source(const Program& p, std::uint32_t slot) {
  for (const Step& s : p.steps)
    if (s.kind == StepKind::compute && s.index == slot) return node_source(p, s.node);
  return {};
}

std::string date_text(const std::optional<std::int32_t>& day) { return day ? iso_date(*day) : std::string(); }

// A rule as one line: `when CONDITION then OUTCOME` (or `otherwise then OUTCOME`), its keywords
// in `keywords` (the base's: both sides of a difference read alike).
std::string rule_text(const Program& p, const CompiledRule& r, Lang keywords) {
  const std::string then = fill("{kw:then} ", keywords, {}) + node_source(p, r.then);
  if (r.when < 0) return fill("{kw:otherwise} ", keywords, {}) + then;
  return fill("{kw:when} ", keywords, {}) + node_source(p, static_cast<std::uint32_t>(r.when)) + " " + then;
}

class Differ {
 public:
  Differ(const Program& a, const Program& b) : a_(a), b_(b) {}

  std::vector<Difference> run() {
    header();
    facts();
    parameters();
    named("definition", a_.definitions, b_.definitions);
    tables();
    checks();
    named("output", a_.outputs, b_.outputs);
    workload();
    return std::move(out_);
  }

 private:
  const Program& a_;
  const Program& b_;
  std::vector<Difference> out_;

  void add(std::string kind, std::string name, std::string section, std::string before, std::string after) {
    if (before == after) return;
    out_.push_back(Difference{std::move(kind), std::move(name), std::move(section), std::move(before), std::move(after)});
  }

  void header() {
    add("header", "policy", "", a_.name, b_.name);
    add("header", "document", "", a_.document, b_.document);
    add("header", "issued", "", date_text(a_.issued), date_text(b_.issued));
    add("header", "valid_from", "", date_text(a_.valid_from), date_text(b_.valid_from));
    add("header", "valid_until", "", date_text(a_.valid_until), date_text(b_.valid_until));
  }

  // A fact as its declaration reads: type, column and default, in the base's keywords (both
  // sides alike, so that a variant written in the other language differs only where it does).
  std::string fact_text(const Program& p, const CompiledFact& f) const {
    const Lang kw = a_.voice.keywords;
    std::string t = type_name(f.type, p.enums, kw);
    if (f.column != f.name) t += fill(" {kw:column} ", kw, {}) + f.column;
    if (f.has_default && !f.default_text.empty()) t += fill(" {kw:default} ", kw, {}) + f.default_text;
    return t;
  }

  void facts() {
    for (const CompiledFact& f : a_.facts) {
      const auto g = std::find_if(b_.facts.begin(), b_.facts.end(), [&](const CompiledFact& x) { return x.name == f.name; });
      add("fact", f.name, "", fact_text(a_, f), g == b_.facts.end() ? std::string() : fact_text(b_, *g));
    }
    for (const CompiledFact& g : b_.facts)
      if (std::none_of(a_.facts.begin(), a_.facts.end(), [&](const CompiledFact& x) { return x.name == g.name; }))
        add("fact", g.name, "", "", fact_text(b_, g));
  }

  // Parameters by their folded values: a difference only if the values differ (or the
  // parameter is on one side only); shown as each side writes it.
  void parameters() {
    auto value = [](const Program& p, std::size_t i) {
      const Value& v = p.constant_slots.at(p.parameter_slots[i]);
      return std::make_tuple(v.empty, v.i, std::string_view(v.p == nullptr ? "" : v.p, v.p == nullptr ? 0 : v.n));
    };
    auto text = [](const Program& p, std::size_t i) { return node_source(p, p.parameter_nodes[i]); };
    for (std::size_t i = 0; i < a_.parameter_names.size(); ++i) {
      const auto at = std::find(b_.parameter_names.begin(), b_.parameter_names.end(), a_.parameter_names[i]);
      if (at == b_.parameter_names.end()) {
        add("parameter", a_.parameter_names[i], "", text(a_, i), "");
        continue;
      }
      const auto j = static_cast<std::size_t>(at - b_.parameter_names.begin());
      if (value(a_, i) == value(b_, j)) continue;
      std::string before = text(a_, i), after = text(b_, j);
      if (before == after) after += " (value differs)";  // written alike, folded otherwise (from another parameter)
      add("parameter", a_.parameter_names[i], "", std::move(before), std::move(after));
    }
    for (std::size_t j = 0; j < b_.parameter_names.size(); ++j)
      if (std::find(a_.parameter_names.begin(), a_.parameter_names.end(), b_.parameter_names[j]) ==
          a_.parameter_names.end())
        add("parameter", b_.parameter_names[j], "", "", text(b_, j));
  }

  // `let`s and outputs: by name, compared by the expression they are computed from.
  template <class T>
  void named(const char* kind, const std::vector<T>& as, const std::vector<T>& bs) {
    for (const T& x : as) {
      const auto y = std::find_if(bs.begin(), bs.end(), [&](const T& z) { return z.name == x.name; });
      add(kind, x.name, "", computed_source(a_, x.slot), y == bs.end() ? std::string() : computed_source(b_, y->slot));
    }
    for (const T& y : bs)
      if (std::none_of(as.begin(), as.end(), [&](const T& z) { return z.name == y.name; }))
        add(kind, y.name, "", "", computed_source(b_, y.slot));
  }

  static const CompiledTable* table_named(const Program& p, const std::string& name) {
    for (const CompiledTable& t : p.tables)
      if (t.name == name) return &t;
    return nullptr;
  }

  static std::string table_text(const CompiledTable& t) {
    static constexpr const char* kHit[] = {"first", "unique", "shortest", "longest"};
    return fmt::format("{} rules, hit {}", t.rules.size(), kHit[static_cast<std::size_t>(t.hit)]);
  }

  void tables() {
    for (const CompiledTable& t : a_.tables) {
      const CompiledTable* u = table_named(b_, t.name);
      if (u == nullptr) {
        add("table", t.name, "", table_text(t), "");
        continue;
      }
      if (t.hit != u->hit) add("table", t.name, "", table_text(t), table_text(*u));
      rules(t, *u);
    }
    for (const CompiledTable& u : b_.tables)
      if (table_named(a_, u.name) == nullptr) add("table", u.name, "", "", table_text(u));
  }

  // Rules by name: changed condition, outcome or §, removed, added; the § of the variant's
  // rule, else the base's. A rule moved to another place of a `first` table changes which
  // rule decides: listed as a change of its position.
  void rules(const CompiledTable& t, const CompiledTable& u) {
    auto find = [](const CompiledTable& in, const std::string& name) {
      return std::find_if(in.rules.begin(), in.rules.end(), [&](const CompiledRule& r) { return r.name == name; });
    };
    std::vector<std::string> a_order, b_order;
    for (const CompiledRule& r : t.rules) {
      const std::string name = t.name + "." + r.name;
      const auto s = find(u, r.name);
      if (s == u.rules.end()) {
        add("rule", name, r.section, rule_text(a_, r, a_.voice.keywords), "");
        continue;
      }
      a_order.push_back(r.name);
      std::string before = rule_text(a_, r, a_.voice.keywords), after = rule_text(b_, *s, a_.voice.keywords);
      if (r.section != s->section) {
        before = fmt::format("{} {}", r.section, before);
        after = fmt::format("{} {}", s->section, after);
      }
      add("rule", name, s->section.empty() ? r.section : s->section, std::move(before), std::move(after));
    }
    for (const CompiledRule& s : u.rules) {
      if (find(t, s.name) == t.rules.end()) add("rule", t.name + "." + s.name, s.section, "", rule_text(b_, s, a_.voice.keywords));
      else b_order.push_back(s.name);
    }
    if (a_order != b_order && t.hit == HitPolicy::first) {
      auto joined = [](const std::vector<std::string>& names) { return fmt::format("{}", fmt::join(names, ", ")); };
      add("table", t.name + " (order)", "", joined(a_order), joined(b_order));
    }
  }

  // Checks (`require`/`warn`) have no names: those whose text is on one side only.
  void checks() {
    auto texts = [](const Program& p) {
      std::multiset<std::pair<std::string, std::string>> s;
      for (std::size_t i = 0; i < p.validation_spans.size(); ++i)
        s.emplace(source_of(p, p.validation_spans[i]), i < p.validation_sections.size() ? p.validation_sections[i] : "");
      return s;
    };
    const auto as = texts(a_), bs = texts(b_);
    std::vector<std::pair<std::string, std::string>> only_a, only_b;
    std::set_difference(as.begin(), as.end(), bs.begin(), bs.end(), std::back_inserter(only_a));
    std::set_difference(bs.begin(), bs.end(), as.begin(), as.end(), std::back_inserter(only_b));
    for (auto& [text, section] : only_a) add("check", "", section, text, "");
    for (auto& [text, section] : only_b) add("check", "", section, "", text);
  }

  static std::string role_name(WorkloadRole role) {
    for (const auto& info : kWorkloadRoles)
      if (info.role == role) return std::string(info.name);
    return "?";
  }

  void workload() {
    auto entry = [](const Program& p, WorkloadRole role) -> const CompiledWorkload* {
      for (const CompiledWorkload& w : p.workload)
        if (w.role == role) return &w;
      return nullptr;
    };
    for (const auto& info : kWorkloadRoles) {
      const CompiledWorkload* x = entry(a_, info.role);
      const CompiledWorkload* y = entry(b_, info.role);
      add("workload", role_name(info.role), "", x ? node_source(a_, x->node) : std::string(),
          y ? node_source(b_, y->node) : std::string());
    }
  }
};

}  // namespace

std::vector<WhatIfReport::Difference> policy_differences(const Program& base, const Program& variant) {
  return Differ(base, variant).run();
}

std::string iso_local_time(long long when) {
  const std::time_t t = static_cast<std::time_t>(when);
  std::tm local{};
  localtime_r(&t, &local);
  char buffer[40];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S%z", &local);
  std::string s = buffer;
  // %z gives +0100; ISO 8601's extended form, which the date and time use, is +01:00
  if (s.size() >= 5 && (s[s.size() - 5] == '+' || s[s.size() - 5] == '-')) s.insert(s.size() - 2, ":");
  return s;
}

WhatIfReport::RunInfo run_info(const Program& base, const Program& variant) {
  WhatIfReport::RunInfo run;
  run.generated_at = iso_local_time(static_cast<long long>(std::time(nullptr)));
  run.kadenz_version = kadenz::version();
  run.base_sha256 = base.source ? sha256_hex(base.source->text) : std::string();
  run.variant_sha256 = variant.source ? sha256_hex(variant.source->text) : std::string();
  return run;
}

}  // namespace kadenz::detail
