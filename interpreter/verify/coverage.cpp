// Test stage: what the tests reached, from their traces: each rule that decided at least once,
// each `require` seen failing and passing, each `warn` seen firing, each branch of each `if` a
// record can reach (the `if`s of parameters are computed once when compiling, those of the
// workload block only by the reports: neither counts).
#include "interpreter/verify/verify.hpp"

#include "stdlib/catalogue.hpp"

#include <algorithm>

namespace kadenz::detail {

CoverageTally::CoverageTally(const Program& program) : p_(program) {
  for (const auto& t : p_.tables) rule_decided_.emplace_back(t.rules.size(), false);
  require_seen_.assign(p_.validation_spans.size(), 0);
  warn_fired_.assign(p_.validation_spans.size(), false);
  // the if nodes under the steps (iteratively: expression trees may be deep)
  std::vector<bool> seen(p_.nodes.size(), false);
  std::vector<std::uint32_t> stack;
  auto root = [&](std::int64_t n) {
    if (n >= 0 && static_cast<std::size_t>(n) < seen.size()) stack.push_back(static_cast<std::uint32_t>(n));
  };
  for (const auto& s : p_.steps) {
    switch (s.kind) {
      case StepKind::table:
        for (const auto& r : p_.tables[s.index].rules) {
          root(r.when);
          root(r.then);
        }
        break;
      case StepKind::require:
      case StepKind::warn:
        root(s.node);
        root(s.message);
        break;
      default:
        root(s.node);
    }
  }
  while (!stack.empty()) {
    const std::uint32_t n = stack.back();
    stack.pop_back();
    if (seen[n]) continue;
    seen[n] = true;
    const Node& node = p_.nodes[n];
    if (node.code == Code::if_then) ifs_.push_back(n);
    for (std::uint32_t k = 0; k < node.count; ++k) root(p_.kids[node.first + k]);
  }
  std::sort(ifs_.begin(), ifs_.end(), [&](std::uint32_t a, std::uint32_t b) { return p_.nodes[a].span.begin < p_.nodes[b].span.begin; });
  branch_seen_.assign(ifs_.size(), 0);
}

void CoverageTally::add(const Trace& trace) {
  for (const auto& s : trace.steps) {
    switch (s.kind) {
      case TraceKind::table:
        if (s.table.chosen >= 0 && s.table.choice != TableChoice::no_rule && s.table.choice != TableChoice::two_unique &&
            s.table.choice != TableChoice::fault && s.index < rule_decided_.size()) {
          auto& rules = rule_decided_[s.index];
          if (static_cast<std::size_t>(s.table.chosen) < rules.size()) rules[static_cast<std::size_t>(s.table.chosen)] = true;
        }
        break;
      case TraceKind::require:
        if (s.index < require_seen_.size()) require_seen_[s.index] |= s.holds ? 1 : 2;
        break;
      case TraceKind::warn:
        if (s.holds && s.index < warn_fired_.size()) warn_fired_[s.index] = true;
        break;
      default:
        break;
    }
    for (const auto& b : s.branches) {
      const auto it = std::find(ifs_.begin(), ifs_.end(), b.node);
      if (it != ifs_.end()) branch_seen_[static_cast<std::size_t>(it - ifs_.begin())] |= b.then ? 1 : 2;
    }
  }
}

Coverage CoverageTally::finish() const {
  Coverage c;
  std::vector<std::pair<std::uint32_t, Unreached>> missing;  // by span begin
  auto miss = [&](Span span, const char* kind, std::string text) {
    missing.push_back({span.begin, Unreached{kind, file_line(p_, span), std::move(text)}});
  };
  for (std::size_t t = 0; t < p_.tables.size(); ++t) {
    for (std::size_t r = 0; r < p_.tables[t].rules.size(); ++r) {
      const auto& rule = p_.tables[t].rules[r];
      ++c.rules.total;
      if (rule_decided_[t][r]) {
        ++c.rules.covered;
        continue;
      }
      miss(rule.span, "rule", say(p_.voice, Msg::cov_rule, {file_line(p_, rule.span), rule.name, p_.tables[t].name}));
    }
  }
  for (const auto& s : p_.steps) {
    const Span span = s.kind == StepKind::require || s.kind == StepKind::warn ? p_.validation_spans[s.index] : Span{};
    const std::string at = file_line(p_, span);
    if (s.kind == StepKind::require) {
      ++c.checks.total;
      const std::uint8_t seen = require_seen_[s.index];
      if (seen == 3) ++c.checks.covered;
      if (!(seen & 2)) miss(span, "require-failing", say(p_.voice, Msg::cov_require_failing, {at}));
      if (!(seen & 1)) miss(span, "require-passing", say(p_.voice, Msg::cov_require_passing, {at}));
    } else if (s.kind == StepKind::warn) {
      ++c.warns.total;
      if (warn_fired_[s.index]) ++c.warns.covered;
      else miss(span, "warn", say(p_.voice, Msg::cov_warn, {at}));
    }
  }
  for (std::size_t i = 0; i < ifs_.size(); ++i) {
    const Span span = p_.nodes[ifs_[i]].span;
    c.branches.total += 2;
    c.branches.covered += (branch_seen_[i] & 1 ? 1u : 0u) + (branch_seen_[i] & 2 ? 1u : 0u);
    if (!(branch_seen_[i] & 1)) miss(span, "then", say(p_.voice, Msg::cov_then, {file_line(p_, span)}));
    if (!(branch_seen_[i] & 2)) miss(span, "else", say(p_.voice, Msg::cov_else, {file_line(p_, span)}));
  }
  std::stable_sort(missing.begin(), missing.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& m : missing) c.unreached.push_back(std::move(m.second));
  return c;
}

}  // namespace kadenz::detail
