// Computes the workload and what-if reports: decides each record with one or two programs,
// evaluates their workload entries and tallies them (see report.hpp, docs/workload.md).
#include "interpreter/report/report.hpp"

#include "interpreter/caseload/batches.hpp"
#include "interpreter/caseload/format_value.hpp"
#include "stdlib/date.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <memory>
#include <tuple>

namespace kadenz::detail {

bool category_less(std::string_view a, std::string_view b) {
  if ((a == kErrorCategory) != (b == kErrorCategory)) return b == kErrorCategory;
  auto number = [](std::string_view s, std::size_t& n) {
    std::uint64_t v = 0;
    n = 0;
    while (n < s.size() && s[n] >= '0' && s[n] <= '9' && n < 18) v = v * 10 + static_cast<unsigned>(s[n++] - '0');
    return v;
  };
  std::size_t na = 0, nb = 0;
  const std::uint64_t va = number(a, na), vb = number(b, nb);
  if ((na > 0) != (nb > 0)) return na > 0;  // numbered categories first
  if (na > 0 && va != vb) return va < vb;
  return a < b;
}

// ---- tallies ----

WorkloadTally::Cat& WorkloadTally::cat(std::string_view name) {
  for (auto& c : cats_)
    if (c.name == name) return c;
  cats_.push_back(Cat{std::string(name), 0, 0, 0, 0, {}});
  return cats_.back();
}

void WorkloadTally::add(const WorkloadValues& v, std::int32_t as_of) {
  if (!constants_) {
    weekly_minutes_ = v.weekly_minutes;
    share_percent_ = v.share;
    constants_ = true;
  }
  Cat& c = cat(v.category);
  ++c.customers;
  if (v.interval < 1) {
    ++c.not_counted;
    return;
  }
  if (v.first) {
    ++c.first;
    c.first_minutes += v.minutes;
  } else {
    auto it = std::find_if(c.follow_ups.begin(), c.follow_ups.end(), [&](const FollowUp& f) {
      return f.interval == v.interval && f.minutes == v.minutes && f.prep == v.prep;
    });
    if (it == c.follow_ups.end()) c.follow_ups.push_back(FollowUp{v.interval, v.minutes, v.prep, 1});
    else ++it->count;
  }
  // Forecast: the next interview in its month (overdue ones in as_of's month: they are to be
  // caught up now), then one every `interval` months.
  const CivilDate start = civil_from_days(as_of);
  const CivilDate due = civil_from_days(std::max(v.next_due, as_of));
  std::int64_t k = (static_cast<std::int64_t>(due.year) - start.year) * 12 + (static_cast<std::int64_t>(due.month) - start.month);
  for (; k < static_cast<std::int64_t>(kForecastMonths); k += v.interval) ++due_[static_cast<std::size_t>(k)];
}

void WorkloadTally::merge(const WorkloadTally& o) {
  if (!constants_ && o.constants_) {
    weekly_minutes_ = o.weekly_minutes_;
    share_percent_ = o.share_percent_;
    constants_ = true;
  }
  for (const Cat& oc : o.cats_) {
    Cat& c = cat(oc.name);
    c.customers += oc.customers;
    c.first += oc.first;
    c.not_counted += oc.not_counted;
    c.first_minutes += oc.first_minutes;
    for (const FollowUp& f : oc.follow_ups) {
      auto it = std::find_if(c.follow_ups.begin(), c.follow_ups.end(), [&](const FollowUp& x) {
        return x.interval == f.interval && x.minutes == f.minutes && x.prep == f.prep;
      });
      if (it == c.follow_ups.end()) c.follow_ups.push_back(f);
      else it->count += f.count;
    }
  }
  for (std::size_t m = 0; m < kForecastMonths; ++m) due_[m] += o.due_[m];
}

Workload WorkloadTally::finish(std::int32_t as_of) const {
  Workload w;
  std::vector<const Cat*> order;
  for (const auto& c : cats_) order.push_back(&c);
  std::sort(order.begin(), order.end(), [](const Cat* a, const Cat* b) { return category_less(a->name, b->name); });
  for (const Cat* c : order) {
    // sorted buckets, so the floating-point sums do not depend on the order records came in
    std::vector<FollowUp> f = c->follow_ups;
    std::sort(f.begin(), f.end(), [](const FollowUp& a, const FollowUp& b) {
      return std::tie(a.interval, a.minutes, a.prep) < std::tie(b.interval, b.minutes, b.prep);
    });
    Workload::Category out;
    out.name = c->name;
    out.customers = c->customers;
    out.first_interviews = c->first;
    double follow = 0, interview_min = static_cast<double>(c->first_minutes), prep_min = 0;
    for (const auto& x : f) {
      const double per_month = static_cast<double>(x.count) / static_cast<double>(x.interval);
      follow += per_month;
      interview_min += per_month * static_cast<double>(x.minutes);
      prep_min += per_month * static_cast<double>(x.prep);
    }
    out.interviews_per_month = static_cast<double>(c->first) + follow;
    out.hours_per_month = (interview_min + prep_min) / 60.0;
    w.customers += c->customers - c->not_counted;
    w.not_counted += c->not_counted;
    w.first_interviews += c->first;
    w.follow_ups_per_month += follow;
    w.interview_hours_per_month += interview_min / 60.0;
    w.preparation_hours_per_month += prep_min / 60.0;
    w.categories.push_back(std::move(out));
  }
  w.interviews_per_month = static_cast<double>(w.first_interviews) + w.follow_ups_per_month;
  w.hours_per_month = w.interview_hours_per_month + w.preparation_hours_per_month;
  w.weekly_hours = static_cast<double>(weekly_minutes_) / 60.0;
  w.interview_share = static_cast<double>(share_percent_) / 100.0;
  w.interview_hours_per_fte = w.weekly_hours * kWeeksPerMonth * w.interview_share;
  w.fte = w.interview_hours_per_fte > 0 ? w.hours_per_month / w.interview_hours_per_fte : 0;
  const CivilDate start = civil_from_days(as_of);
  for (std::size_t m = 0; m < kForecastMonths; ++m) {
    const int index = start.month - 1 + static_cast<int>(m);
    w.forecast[m].year = start.year + index / 12;
    w.forecast[m].month = index % 12 + 1;
    w.forecast[m].interviews = due_[m];
  }
  return w;
}

bool evaluate_workload(const Program& program, Frame& frame, WorkloadValues& out, std::string& error) {
  for (const auto& w : program.workload) {
    Value v;
    // Most entries name an output, a fact or a parameter: read the slot without starting the
    // evaluator (half of a what-if's per-record cost otherwise).
    const Node& n = program.nodes[w.node];
    if (n.code == Code::load) {
      v = frame.slots[n.aux];
    } else if ((n.code == Code::is_empty || n.code == Code::is_not_empty) && n.count == 1 &&
               program.nodes[program.kids[n.first]].code == Code::load) {
      const bool empty = frame.slots[program.nodes[program.kids[n.first]].aux].empty;
      v.i = (n.code == Code::is_empty) == empty ? 1 : 0;
    } else if (!evaluate_node(program, frame, w.node, v)) {
      error = frame.error.empty() ? "a workload entry cannot be computed" : frame.error;
      return false;
    }
    switch (w.role) {
      case WorkloadRole::category:
        out.category.clear();
        append_value(out.category, program, w.type, v);
        break;
      case WorkloadRole::interval: out.interval = v.i; break;
      case WorkloadRole::next_due: out.next_due = static_cast<std::int32_t>(v.i); break;
      case WorkloadRole::minutes: out.minutes = v.i; break;
      case WorkloadRole::first_interview: out.first = v.i != 0; break;
      case WorkloadRole::prep_minutes: out.prep = v.i; break;
      case WorkloadRole::weekly_hours: out.weekly_minutes = v.i; break;
      case WorkloadRole::interview_share: out.share = v.i; break;
    }
  }
  return true;
}

namespace {

// One policy's side of a run: its frame, and its tally of the records it decided.
struct Side {
  const Program& p;
  const ColumnBinding& b;
  Frame frame;
  WorkloadValues values;
  WorkloadTally tally;
  std::string scratch;
  std::size_t errors = 0;

  Side(const Program& program, const ColumnBinding& binding, std::int32_t as_of) : p(program), b(binding) {
    prepare_frame(p, frame);
    frame.slots[p.as_of_slot].i = as_of;
  }

  // Decides the record and evaluates its workload entries; false if it was not decided.
  bool decide(const std::vector<std::string_view>& fields, std::string_view record_error, std::int32_t as_of) {
    frame.slots[p.as_of_slot].i = as_of;
    return finish(read_row(p, b, fields, record_error, frame, scratch), as_of);
  }

  // Decides a record whose facts another side with the same facts has read already (the
  // cells are parsed once per record, not once per policy).
  bool decide_like(const Side& other, bool read_ok, std::int32_t as_of) {
    reset_record(p, frame);
    frame.slots[p.as_of_slot].i = as_of;
    std::copy_n(other.frame.slots.begin(), p.facts.size(), frame.slots.begin());
    if (!read_ok) frame.error = other.frame.error;
    return finish(read_ok, as_of);
  }

  bool finish(bool read_ok, std::int32_t as_of) {
    bool ok = read_ok && evaluate_record(p, frame);
    if (ok && !evaluate_workload(p, frame, values, scratch)) {
      frame.error = scratch;
      ok = false;
    }
    if (ok) tally.add(values, as_of);
    else ++errors;
    return ok;
  }
};

// True if both programs read the same columns into the same slots alike, so one side's
// parsed facts serve the other.
bool same_facts(const Program& a, const ColumnBinding& ba, const Program& b, const ColumnBinding& bb) {
  if (a.facts.size() != b.facts.size() || ba.fact_column != bb.fact_column) return false;
  for (std::size_t i = 0; i < a.facts.size(); ++i) {
    const CompiledFact& x = a.facts[i];
    const CompiledFact& y = b.facts[i];
    if (x.column != y.column || x.type.base != y.type.base || x.type.optional != y.type.optional ||
        x.scale != y.scale || x.has_default != y.has_default || x.default_value.i != y.default_value.i ||
        x.default_text != y.default_text) {
      return false;
    }
    if (x.type.base == BaseType::enumeration && a.enums[x.type.enum_id].values != b.enums[y.type.enum_id].values) {
      return false;
    }
  }
  return true;
}

bool write_all(std::FILE* out, const std::string& text, std::string& error) {
  if (text.empty() || std::fwrite(text.data(), 1, text.size(), out) == text.size()) return true;
  error = fmt::format("cannot write: {}", std::strerror(errno));
  return false;
}

}  // namespace

bool run_workload(const Program& program, CsvReader& reader, const ColumnBinding& binding, const RunOptions& options,
                  WorkloadReport& report, std::string& error) {
  const unsigned jobs = std::max(1u, options.jobs);
  std::vector<std::unique_ptr<Side>> sides;
  std::vector<CaseloadSummary> summaries(jobs);
  for (unsigned j = 0; j < jobs; ++j) sides.push_back(std::make_unique<Side>(program, binding, options.as_of));
  std::vector<std::vector<std::string_view>> rows(jobs);
  run_batches(
      reader, jobs,
      [&](unsigned j, RecordBatch& batch) {
        Side& s = *sides[j];
        batch.for_each(rows[j], [&](const std::vector<std::string_view>& fields, std::string_view rec_error) {
          ++summaries[j].rows;
          if (s.decide(fields, rec_error, options.as_of)) {
            ++summaries[j].decided;
            if (!s.frame.warnings.empty()) ++summaries[j].warned;
          } else {
            ++summaries[j].errors;
          }
        });
      },
      [](const RecordBatch&) { return true; });
  if (!reader.io_error().empty()) {
    error = reader.io_error();
    return false;
  }
  WorkloadTally total;
  for (unsigned j = 0; j < jobs; ++j) {
    total.merge(sides[j]->tally);
    report.summary.rows += summaries[j].rows;
    report.summary.decided += summaries[j].decided;
    report.summary.errors += summaries[j].errors;
    report.summary.warned += summaries[j].warned;
  }
  report.as_of = options.as_of;
  report.workload = total.finish(options.as_of);
  return true;
}

namespace {

// The outputs of two programs matched by name, for comparing and for the changes file.
struct OutputPair {
  std::string name;
  std::int32_t base = -1, variant = -1;  // output index, -1 if the policy has no such output
  bool same_type = false;
};

std::vector<OutputPair> pair_outputs(const Program& a, const Program& b) {
  std::vector<OutputPair> pairs;
  for (std::size_t i = 0; i < a.outputs.size(); ++i) pairs.push_back({a.outputs[i].name, static_cast<std::int32_t>(i), -1, false});
  for (std::size_t j = 0; j < b.outputs.size(); ++j) {
    auto it = std::find_if(pairs.begin(), pairs.end(), [&](const OutputPair& p) { return p.name == b.outputs[j].name; });
    if (it == pairs.end()) {
      pairs.push_back({b.outputs[j].name, -1, static_cast<std::int32_t>(j), false});
    } else {
      it->variant = static_cast<std::int32_t>(j);
      const Type& ta = a.outputs[static_cast<std::size_t>(it->base)].type;
      const Type& tb = b.outputs[j].type;
      // enumerations are compared by name unless both programs number them alike
      it->same_type = ta.base == tb.base && ta.base != BaseType::enumeration;
    }
  }
  return pairs;
}

// Per-thread state of a what-if run.
struct WhatIfWorker {
  Side base, variant;
  std::vector<std::string> names;                      // categories seen, local numbering
  std::vector<std::vector<std::size_t>> cells;         // [base category][variant category]
  std::map<std::tuple<std::string, std::string, std::size_t, std::size_t>, std::size_t> moves;
  std::size_t rows = 0, changed = 0, moved = 0;
  std::string text_a, text_b, rule_a, rule_b, source_scratch;

  WhatIfWorker(const Program& a, const ColumnBinding& ba, const Program& b, const ColumnBinding& bb, std::int32_t as_of)
      : base(a, ba, as_of), variant(b, bb, as_of) {}

  std::size_t category(std::string_view name) {
    for (std::size_t i = 0; i < names.size(); ++i)
      if (names[i] == name) return i;
    names.emplace_back(name);
    cells.resize(names.size());
    for (auto& row : cells) row.resize(names.size(), 0);
    return names.size() - 1;
  }
};

// True if both frames were decided by rules of the same names (tables matched by position;
// `same_tables` says the programs' tables have the same names in the same order). Programs whose
// tables differ never agree: their rule columns name different tables.
bool same_rules(const Program& a, const Frame& fa, const Program& b, const Frame& fb, bool same_tables) {
  if (!same_tables) return false;
  for (std::size_t t = 0; t < a.tables.size(); ++t) {
    const std::int32_t ra = fa.table_rule[t], rb = fb.table_rule[t];
    if ((ra < 0) != (rb < 0)) return false;
    if (ra >= 0 && a.tables[t].rules[static_cast<std::size_t>(ra)].name != b.tables[t].rules[static_cast<std::size_t>(rb)].name)
      return false;
  }
  return true;
}

// The output's value as `kadenz eval` prints it.
void output_text(std::string& out, const Side& s, std::int32_t index) {
  out.clear();
  if (index < 0) return;
  const CompiledOutput& o = s.p.outputs[static_cast<std::size_t>(index)];
  append_value(out, s.p, o.type, s.frame.slots[o.slot]);
}

bool same_value(const Side& a, const Side& b, const OutputPair& pair, std::string& ta, std::string& tb) {
  if (pair.base < 0 || pair.variant < 0) return true;  // only one policy has it: not compared
  const CompiledOutput& oa = a.p.outputs[static_cast<std::size_t>(pair.base)];
  const CompiledOutput& ob = b.p.outputs[static_cast<std::size_t>(pair.variant)];
  if (pair.same_type) {
    const Value& x = a.frame.slots[oa.slot];
    const Value& y = b.frame.slots[ob.slot];
    if (oa.type.base == BaseType::text) return std::string_view(x.p ? x.p : "", x.n) == std::string_view(y.p ? y.p : "", y.n);
    return x.i == y.i && x.empty == y.empty;
  }
  output_text(ta, a, pair.base);
  output_text(tb, b, pair.variant);
  return ta == tb;
}

}  // namespace

bool run_whatif(const Program& base, const ColumnBinding& base_binding, const Program& variant,
                const ColumnBinding& variant_binding, CsvReader& reader, const RunOptions& options,
                WhatIfReport& report, std::string& error) {
  const unsigned jobs = std::max(1u, options.jobs);
  const std::vector<OutputPair> pairs = pair_outputs(base, variant);
  const bool shared_facts = same_facts(base, base_binding, variant, variant_binding);
  bool same_tables = base.tables.size() == variant.tables.size();
  for (std::size_t t = 0; same_tables && t < base.tables.size(); ++t) same_tables = base.tables[t].name == variant.tables[t].name;
  std::vector<std::unique_ptr<WhatIfWorker>> workers;
  for (unsigned j = 0; j < jobs; ++j)
    workers.push_back(std::make_unique<WhatIfWorker>(base, base_binding, variant, variant_binding, options.as_of));
  std::vector<std::vector<std::string_view>> rows(jobs);

  if (options.changes != nullptr) {
    std::string header;
    append_csv_field(header, base.facts[base.key_fact].column, true);
    for (const auto& p : pairs) {
      header += fmt::format(",{}_before,{}_after", p.name, p.name);
    }
    header += ",rule_before,rule_after,error_before,error_after\n";
    if (!write_all(options.changes, header, error)) return false;
  }

  const bool ok = run_batches(
      reader, jobs,
      [&](unsigned j, RecordBatch& batch) {
        WhatIfWorker& w = *workers[j];
        batch.for_each(rows[j], [&](const std::vector<std::string_view>& fields, std::string_view rec_error) {
          ++w.rows;
          bool da, db;
          if (shared_facts) {
            w.base.frame.slots[base.as_of_slot].i = options.as_of;
            const bool read = read_row(base, base_binding, fields, rec_error, w.base.frame, w.base.scratch);
            da = w.base.finish(read, options.as_of);
            db = w.variant.decide_like(w.base, read, options.as_of);
          } else {
            da = w.base.decide(fields, rec_error, options.as_of);
            db = w.variant.decide(fields, rec_error, options.as_of);
          }
          const std::size_t ca = w.category(da ? std::string_view(w.base.values.category) : kErrorCategory);
          const std::size_t cb = w.category(db ? std::string_view(w.variant.values.category) : kErrorCategory);
          ++w.cells[ca][cb];
          bool changed = da != db;
          if (da && db) {
            for (const auto& p : pairs) changed = changed || !same_value(w.base, w.variant, p, w.text_a, w.text_b);
            changed = changed || !same_rules(base, w.base.frame, variant, w.variant.frame, same_tables);
          } else if (!da && !db) {
            changed = w.base.frame.error != w.variant.frame.error;
          }
          if (ca == cb && !changed) return;
          // the rule columns, only for the records reported
          if (da) append_rule_columns(base, w.base.frame, w.rule_a, w.source_scratch);
          else w.rule_a.clear();
          if (db) append_rule_columns(variant, w.variant.frame, w.rule_b, w.source_scratch);
          else w.rule_b.clear();
          if (ca != cb) {
            ++w.moved;
            ++w.moves[{w.rule_a, w.rule_b, ca, cb}];
          }
          if (!changed) return;
          ++w.changed;
          if (options.changes == nullptr) return;
          std::string& out = batch.output;
          append_csv_field(out, row_key(base, base_binding, fields), true);
          for (const auto& p : pairs) {
            out += ',';
            if (da) output_text(w.text_a, w.base, p.base); else w.text_a.clear();
            append_csv_field(out, w.text_a, true);
            out += ',';
            if (db) output_text(w.text_b, w.variant, p.variant); else w.text_b.clear();
            append_csv_field(out, w.text_b, true);
          }
          out += ',';
          append_csv_field(out, w.rule_a, true);
          out += ',';
          append_csv_field(out, w.rule_b, true);
          out += ',';
          append_csv_field(out, da ? std::string_view() : std::string_view(w.base.frame.error), true);
          out += ',';
          append_csv_field(out, db ? std::string_view() : std::string_view(w.variant.frame.error), true);
          out += '\n';
        });
      },
      [&](const RecordBatch& batch) {
        return options.changes == nullptr || write_all(options.changes, batch.output, error);
      });
  if (!ok) return false;
  if (!reader.io_error().empty()) {
    error = reader.io_error();
    return false;
  }

  // Merge the workers: categories by name, then the matrix and the moves.
  std::vector<std::string> names;
  for (const auto& w : workers)
    for (const auto& n : w->names)
      if (std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
  if (std::find(names.begin(), names.end(), kErrorCategory) == names.end()) names.emplace_back(kErrorCategory);
  std::sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) { return category_less(a, b); });
  auto index_of = [&](const std::string& n) {
    return static_cast<std::size_t>(std::find(names.begin(), names.end(), n) - names.begin());
  };
  report.categories = names;
  report.counts.assign(names.size(), std::vector<std::size_t>(names.size(), 0));
  std::map<std::tuple<std::string, std::string, std::size_t, std::size_t>, std::size_t> moves;
  WorkloadTally before, after;
  for (const auto& w : workers) {
    for (std::size_t i = 0; i < w->names.size(); ++i)
      for (std::size_t j = 0; j < w->names.size(); ++j)
        report.counts[index_of(w->names[i])][index_of(w->names[j])] += w->cells[i][j];
    for (const auto& [key, n] : w->moves) {
      moves[{std::get<0>(key), std::get<1>(key), index_of(w->names[std::get<2>(key)]), index_of(w->names[std::get<3>(key)])}] += n;
    }
    report.rows += w->rows;
    report.changed += w->changed;
    report.moved += w->moved;
    report.base_errors += w->base.errors;
    report.variant_errors += w->variant.errors;
    before.merge(w->base.tally);
    after.merge(w->variant.tally);
  }
  for (const auto& [key, n] : moves) {
    report.moves.push_back(WhatIfReport::Move{std::get<0>(key), std::get<1>(key), names[std::get<2>(key)],
                                              names[std::get<3>(key)], n});
  }
  std::stable_sort(report.moves.begin(), report.moves.end(),
                   [](const WhatIfReport::Move& a, const WhatIfReport::Move& b) { return a.count > b.count; });
  report.as_of = options.as_of;
  report.base = before.finish(options.as_of);
  report.variant = after.finish(options.as_of);
  return true;
}

}  // namespace kadenz::detail
