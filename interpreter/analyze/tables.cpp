// Analyze stage: the findings about one decision table - gaps (records no rule decides),
// overlaps (`hit unique` rules that both apply; notes for `hit first`), and rules that can
// never apply or never decide under the table's hit policy. Each finding gets a witness.
#include "interpreter/analyze/analyzer.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace kadenz::detail::analysis {
namespace {

// How findings name a rule: its name and the section it stands in.
std::string rule_ref(const CompiledRule& r) { return fmt::format("`{}` ({})", r.name, r.section); }

// The span of NAME in `table NAME`, for findings about the whole table; the whole table's span
// if the name cannot be found in its first line.
Span name_span(const Context& cx, const CompiledTable& tab) {
  const SourcePlace place = locate(*cx.p.source, tab.span.begin);
  const std::size_t at = place.text.find(tab.name, place.offset);
  if (at == std::string::npos) return tab.span;
  const std::uint32_t base = tab.span.begin - place.offset;
  return Span{static_cast<std::uint32_t>(base + at), static_cast<std::uint32_t>(base + at + tab.name.size())};
}

// Gaps of a table without `otherwise`: the parts of `domain` no rule covers, merged back into
// whole missing rules, at most kMaxGaps reported. With `otherwise`: a warning if the other rules
// already cover the domain.
void report_gaps(Context& cx, std::size_t t, const Region& domain, const Region& all) {
  const CompiledTable& tab = cx.p.tables[t];
  if (tab.otherwise < 0) {
    const std::size_t limit = std::max(kMaxGaps, std::min(kMaxGapParts, kMaxGapCells / std::max<std::size_t>(cx.dims.size(), 1)));
    bool more = false;  // the search stopped at the limit: there may be more gaps
    std::vector<Box> gaps = uncovered_all(domain, all, limit, cx.work, &more);
    merge(gaps, cx.work);
    const std::size_t shown = std::min(gaps.size(), kMaxGaps);
    for (std::size_t g = 0; g < shown; ++g) {
      auto& d = add(cx, Msg::gap, Severity::error, name_span(cx, tab),
                    {tab.name, gaps.size() > 1 ? text(cx, Msg::gap_n_of,
                                                      {std::to_string(g + 1), std::to_string(gaps.size()),
                                                       more ? text(cx, Msg::or_more) : std::string()})
                                               : std::string()});
      const Witness w =
          attach_witness(cx, d, t, Region{gaps[g]}, [&](const Replay& r) { return r.failed_table == static_cast<int>(t); });
      if (w == Witness::refuted) {
        // the examples stopped at an earlier table's gap: that is the one to fix first
        if (cx.last_failed_table >= 0 && static_cast<std::size_t>(cx.last_failed_table) != t)
          downgrade_shadowed(cx, d, static_cast<std::size_t>(cx.last_failed_table));
        else
          downgrade(cx, d);
      }
    }
  } else if (!first_uncovered(domain, all, cx.work)) {
    const CompiledRule& o = tab.rules[static_cast<std::size_t>(tab.otherwise)];
    add(cx, Msg::otherwise_never_applies, Severity::warning, o.span, {rule_ref(o)}, o.section);
  }
}

// Under `hit unique`: an error for every earlier rule that applies together with rule j.
// `with[j]` lists the rules whose regions meet rule j's, ascending.
void report_unique_overlaps(Context& cx, std::size_t t, std::size_t j, const std::vector<Region>& rules,
                            const std::vector<std::uint32_t>& with) {
  const CompiledTable& tab = cx.p.tables[t];
  const CompiledRule& rj = tab.rules[j];
  for (const std::size_t i : with) {
    if (i >= j) break;
    const Region both = meet(rules[i], rules[j], cx.work);
    const Lang kw = cx.p.voice.keywords;
    auto& d = add(cx, Msg::unique_overlap, Severity::error, rj.span,
                  {rule_ref(tab.rules[i]), rule_ref(rj), tab.name, hit_phrase(kw, HitPolicy::unique),
                   hit_phrase(kw, HitPolicy::first)},
                  rj.section);
    d.secondary.push_back(Label{tab.rules[i].span, text(cx, Msg::label_and_this_rule)});
    if (attach_witness(cx, d, t, both, [&](const Replay&) { return cx.matches[i] && cx.matches[j]; }) ==
        Witness::refuted) {
      downgrade(cx, d);
    }
  }
}

// Under the other hit policies: rule j never decides if the rules that beat it (earlier ones
// for `hit first`; shorter or longer outcomes, or equal earlier ones, for `shortest`/`longest`)
// cover every record it applies to. Otherwise, for `hit first`, a note per earlier rule that
// shares records with it (at most kMaxNotes per table, counted in `notes`). `with[j]` lists the
// rules whose regions meet rule j's, ascending; only those can beat it.
void report_beaten(Context& cx, std::size_t t, std::size_t j, const std::vector<Region>& rules,
                   const std::vector<std::uint32_t>& with, std::size_t& notes) {
  const CompiledTable& tab = cx.p.tables[t];
  const CompiledRule& rj = tab.rules[j];
  // rules that beat j wherever both apply (and share records with it)
  std::vector<std::size_t> beaters;
  for (const std::size_t i : with) {
    if (tab.hit == HitPolicy::first && i < j) beaters.push_back(i);
    if (tab.hit == HitPolicy::shortest || tab.hit == HitPolicy::longest) {
      if (!cx.outcomes[t]) continue;
      const Value& a = (*cx.outcomes[t])[i];
      const Value& b = (*cx.outcomes[t])[j];
      const bool tie = !outcome_beats(a, b, tab.hit) && !outcome_beats(b, a, tab.hit);
      if (outcome_beats(a, b, tab.hit) || (tie && i < j)) beaters.push_back(i);
    }
  }
  if ((tab.hit == HitPolicy::shortest || tab.hit == HitPolicy::longest) && !cx.outcomes[t]) return;
  Region cover;
  for (auto i : beaters) join(cover, rules[i]);
  if (!first_uncovered(rules[j], cover, cx.work)) {
    // computed before the finding is added: running out of budget must not leave it half-built
    const Region where = meet(rules[j], decided_region(cx), cx.work);
    auto& d = add(cx, tab.hit == HitPolicy::first ? Msg::rule_never_applies_first : Msg::rule_never_decides,
                  Severity::warning, rj.span,
                  {rule_ref(rj), text(cx, tab.hit == HitPolicy::shortest ? Msg::outcome_shorter : Msg::outcome_longer)},
                  rj.section);
    std::size_t shown = 0;
    for (auto i : beaters) {
      if (++shown > 3) continue;
      d.secondary.push_back(Label{tab.rules[i].span, text(cx, Msg::label_wins_here)});
    }
    // the example must be decided, so it passes every check, also those after the table
    if (attach_witness(cx, d, t, where, [&](const Replay& r) {
          return r.decided && cx.matches[j] && r.rule[t] != static_cast<std::int32_t>(j);
        }) == Witness::refuted) {
      downgrade(cx, d);
    }
  } else if (tab.hit == HitPolicy::first) {
    for (auto i : beaters) {
      if (notes >= kMaxNotes) continue;
      const Region both = meet(rules[i], rules[j], cx.work);
      const Region where = meet(both, decided_region(cx), cx.work);
      ++notes;
      auto& d = add(cx, Msg::first_overlap, Severity::note, rj.span,
                    {rule_ref(tab.rules[i]), rule_ref(rj), hit_phrase(cx.p.voice.keywords, HitPolicy::first)},
                    rj.section);
      d.secondary.push_back(Label{tab.rules[i].span, text(cx, Msg::label_earlier_rule)});
      attach_witness(cx, d, t, where, [&](const Replay& r) {
        return r.decided && r.rule[t] == static_cast<std::int32_t>(i) && cx.matches[j];
      });
    }
  }
}

}  // namespace

// Every rule's region is taken within the records that reach the table (the `require` steps
// before it hold), so a check that excludes records also excludes their gaps. Findings come in
// a fixed order: gaps first, then per rule in rule order.
void analyze_table(Context& cx, std::size_t t, std::size_t step) {
  const CompiledTable& tab = cx.p.tables[t];
  const Region domain = reaching(cx, step);
  std::vector<Region> rules(tab.rules.size());
  for (std::size_t j = 0; j < tab.rules.size(); ++j) {
    if (tab.rules[j].when >= 0) {
      rules[j] = meet(domain, region(cx, static_cast<std::uint32_t>(tab.rules[j].when), true), cx.work);
    }
  }
  Region all;
  for (std::size_t j = 0; j < tab.rules.size(); ++j)
    if (tab.rules[j].when >= 0) join(all, rules[j]);

  report_gaps(cx, t, domain, all);

  // overlaps and unreachable rules
  const std::vector<std::vector<std::uint32_t>> with = intersecting_pairs(rules, cx.work);
  std::size_t notes = 0;
  for (std::size_t j = 0; j < tab.rules.size(); ++j) {
    const CompiledRule& rj = tab.rules[j];
    if (rj.when < 0 || rules[j].empty()) {
      if (rj.when >= 0) {
        add(cx, Msg::rule_never_matches, Severity::warning, rj.span, {rule_ref(rj)}, rj.section);
      }
      continue;
    }
    if (tab.hit == HitPolicy::unique) {
      report_unique_overlaps(cx, t, j, rules, with[j]);
    } else {
      report_beaten(cx, t, j, rules, with[j], notes);
    }
  }
}

// A warning, not a note: an analysis that did not finish must not pass as a consistent table
// (it counts like every warning, and fails `check --strict`).
void report_incomplete_table(Context& cx, std::size_t t, bool stopped) {
  const CompiledTable& tab = cx.p.tables[t];
  add(cx, stopped ? Msg::table_incomplete_stopped : Msg::table_incomplete_expands, Severity::warning,
      name_span(cx, tab), {tab.name});
}

// One warning at the first table not analysed, naming the first few.
void report_skipped_tables(Context& cx, const std::vector<std::size_t>& tables) {
  if (tables.empty()) return;
  std::string names;
  for (std::size_t i = 0; i < tables.size() && i < 5; ++i)
    names += fmt::format("{}`{}`", i ? ", " : "", cx.p.tables[tables[i]].name);
  if (tables.size() > 5) names += text(cx, Msg::and_n_more, {std::to_string(tables.size() - 5)});
  add(cx, Msg::tables_skipped, Severity::warning, name_span(cx, cx.p.tables[tables.front()]),
      {std::to_string(cx.options.policy_budget),
       text(cx, tables.size() == 1 ? Msg::skipped_one : Msg::skipped_many, {names})});
}

}  // namespace kadenz::detail::analysis
