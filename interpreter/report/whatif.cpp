// Report stage, `kadenz whatif`: decides every record with two policies in one pass and
// compares them: the transition matrix of categories, the moves by deciding rule, both
// workloads, and optionally a CSV of every record whose outcome differs (see report.hpp).
#include "interpreter/report/report.hpp"

#include "interpreter/caseload/batches.hpp"
#include "interpreter/caseload/cells.hpp"
#include "interpreter/caseload/format_value.hpp"
#include "interpreter/caseload/rows.hpp"
#include "interpreter/report/groups.hpp"
#include "interpreter/report/side.hpp"
#include "stdlib/utf8.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <memory>
#include <tuple>

namespace kadenz::detail {
namespace {

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

// Writes `text` to the changes file (or hands it to the changes sink of `options`); false with
// `error` if the write fails or the sink refuses it.
bool write_all(const RunOptions& options, const std::string& text, std::string& error, const Voice& voice) {
  if (options.changes_sink != nullptr) return text.empty() || (*options.changes_sink)(text, error);
  if (text.empty() || std::fwrite(text.data(), 1, text.size(), options.changes) == text.size()) return true;
  error = say(voice, Msg::cannot_write, {std::strerror(errno)});
  return false;
}

// The outputs of two programs matched by name, for comparing and for the changes file.
struct OutputPair {
  std::string name;
  std::int32_t base = -1, variant = -1;  // output index, -1 if the policy has no such output
  bool same_type = false;
};

// The base's outputs in order, then those only the variant has.
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

// The tallies and counts of one group (or of a whole run) in a what-if: the decomposition's four
// tallies, whose merges are the two sides' workloads.
struct WhatIfTallies {
  WorkloadTally both_base, both_variant, entering_base, leaving_variant;
  std::size_t rows = 0, base_errors = 0, variant_errors = 0, changed = 0, moved = 0;
  std::size_t both = 0, entering = 0, leaving = 0;
  std::vector<std::vector<std::size_t>> cells;  // [base category][variant category], the worker's numbering

  void set(const Voice& voice, std::int64_t catch_up_months) {
    for (WorkloadTally* t : {&both_base, &both_variant, &entering_base, &leaving_variant}) {
      t->voice = voice;
      t->catch_up_months = catch_up_months;
    }
  }
  // Counts a record in cell (ca, cb) of the matrix, growing it to `n` categories.
  void count(std::size_t ca, std::size_t cb, std::size_t n) {
    if (cells.size() < n) {
      cells.resize(n);
      for (auto& row : cells) row.resize(n, 0);
    }
    ++cells[ca][cb];
  }
};

// Per-thread state of a what-if run.
struct WhatIfWorker {
  PolicySide base, variant;
  std::vector<std::string> names;                      // categories seen, local numbering
  std::map<std::tuple<std::string, std::string, std::size_t, std::size_t>, std::size_t> moves;
  GroupIndex index;
  std::vector<WhatIfTallies> groups;                   // per local group
  ErrorKinds base_kinds, variant_kinds;
  bool too_many = false;
  std::string text_a, text_b, rule_a, rule_b, source_scratch;

  // Both sides of the run; the programs and bindings must outlive the worker. The sides tally
  // nothing themselves: the record's group tallies it once both sides are known.
  WhatIfWorker(const Program& a, const ColumnBinding& ba, const Program& b, const ColumnBinding& bb, std::int32_t as_of,
               const std::vector<std::size_t>& group_columns)
      : base(a, ba, as_of), variant(b, bb, as_of), index(group_columns) {
    base.into = nullptr;
    variant.into = nullptr;
  }

  // The local number of category `name`, added on first sight; the workers' numberings are
  // matched by name when they are merged.
  std::size_t category(std::string_view name) {
    for (std::size_t i = 0; i < names.size(); ++i)
      if (names[i] == name) return i;
    names.emplace_back(name);
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
void output_text(std::string& out, const PolicySide& s, std::int32_t index) {
  out.clear();
  if (index < 0) return;
  const CompiledOutput& o = s.p.outputs[static_cast<std::size_t>(index)];
  if (s.frame.slots[o.slot].empty) return;  // no value (`then nothing`) prints as nothing
  append_value(out, s.p, o.type, s.frame.slots[o.slot]);
}

// Whether a paired output has the same value under both policies: compared as values where the
// types allow it, else as printed text (`ta`, `tb` are scratch). An output only one policy has
// is not compared.
bool same_value(const PolicySide& a, const PolicySide& b, const OutputPair& pair, std::string& ta, std::string& tb) {
  if (pair.base < 0 || pair.variant < 0) return true;  // only one policy has it: not compared
  const CompiledOutput& oa = a.p.outputs[static_cast<std::size_t>(pair.base)];
  const CompiledOutput& ob = b.p.outputs[static_cast<std::size_t>(pair.variant)];
  if (pair.same_type) {
    const Value& x = a.frame.slots[oa.slot];
    const Value& y = b.frame.slots[ob.slot];
    if (oa.type.base == BaseType::text)
      return x.empty == y.empty && std::string_view(x.p ? x.p : "", x.n) == std::string_view(y.p ? y.p : "", y.n);
    return x.i == y.i && x.empty == y.empty;
  }
  output_text(ta, a, pair.base);
  output_text(tb, b, pair.variant);
  return ta == tb;
}

}  // namespace

namespace {

// Adds `from`'s counts and tallies to `into`, its matrix renumbered by `to_global`.
void add_group(WhatIfTallies& into, const WhatIfTallies& from, const std::vector<std::size_t>& to_global) {
  into.both_base.merge(from.both_base);
  into.both_variant.merge(from.both_variant);
  into.entering_base.merge(from.entering_base);
  into.leaving_variant.merge(from.leaving_variant);
  into.rows += from.rows;
  into.base_errors += from.base_errors;
  into.variant_errors += from.variant_errors;
  into.changed += from.changed;
  into.moved += from.moved;
  into.both += from.both;
  into.entering += from.entering;
  into.leaving += from.leaving;
  for (std::size_t i = 0; i < from.cells.size(); ++i)
    for (std::size_t j = 0; j < from.cells[i].size(); ++j) into.cells[to_global[i]][to_global[j]] += from.cells[i][j];
}

// The figures of merged tallies: the decomposition's four workloads and the two sides' (each the
// merge of its parts, so the parts add up to it exactly in counts). False with `error` (named
// by side) if a tally's values are too large to add up.
bool finish_tallies(const WhatIfTallies& t, const Voice& voice, const RunOptions& options, Workload& base_out,
                    Workload& variant_out, WhatIfReport::Decomposition& d, std::string& error) {
  WorkloadTally before, after;
  before.voice = voice;
  after.voice = voice;
  before.catch_up_months = options.catch_up_months;
  after.catch_up_months = options.catch_up_months;
  before.merge(t.both_base);
  before.merge(t.entering_base);
  after.merge(t.both_variant);
  after.merge(t.leaving_variant);
  d.both = t.both;
  d.entering = t.entering;
  d.leaving = t.leaving;
  if (!before.finish(options.as_of, base_out, error) || !t.both_base.finish(options.as_of, d.both_base, error) ||
      !t.entering_base.finish(options.as_of, d.entering_base, error)) {
    error = say(voice, Msg::the_base_policy_error, {error});
    return false;
  }
  if (!after.finish(options.as_of, variant_out, error) || !t.both_variant.finish(options.as_of, d.both_variant, error) ||
      !t.leaving_variant.finish(options.as_of, d.leaving_variant, error)) {
    error = say(voice, Msg::the_variant_error, {error});
    return false;
  }
  return true;
}

// Merges the workers into the report: categories by name, groups by key, then the matrices,
// the moves, the error reasons and the workloads (the totals are the merge of the groups).
bool merge_workers(const std::vector<std::unique_ptr<WhatIfWorker>>& workers, const Voice& voice,
                   const RunOptions& options, WhatIfReport& report, std::string& error) {
  std::vector<const GroupIndex*> indexes;
  bool too_many = false;
  for (const auto& w : workers) {
    indexes.push_back(&w->index);
    too_many = too_many || w->too_many;
  }
  std::vector<GroupKey> keys;
  std::vector<std::vector<std::size_t>> local;
  if (too_many || !merge_group_keys(indexes, keys, local)) {
    error = say(voice, Msg::too_many_groups, {std::to_string(kMaxGroups)});
    return false;
  }
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
  std::vector<WhatIfTallies> groups(keys.size());
  for (auto& g : groups) {
    g.set(voice, options.catch_up_months);
    g.cells.assign(names.size(), std::vector<std::size_t>(names.size(), 0));
  }
  std::map<std::tuple<std::string, std::string, std::size_t, std::size_t>, std::size_t> moves;
  ErrorKinds base_kinds, variant_kinds;
  for (std::size_t j = 0; j < workers.size(); ++j) {
    const WhatIfWorker& w = *workers[j];
    std::vector<std::size_t> to_global;
    for (const auto& n : w.names) to_global.push_back(index_of(n));
    for (std::size_t i = 0; i < w.groups.size(); ++i) add_group(groups[local[j][i]], w.groups[i], to_global);
    for (const auto& [key, n] : w.moves)
      moves[{std::get<0>(key), std::get<1>(key), to_global[std::get<2>(key)], to_global[std::get<3>(key)]}] += n;
    base_kinds.merge(w.base_kinds);
    variant_kinds.merge(w.variant_kinds);
  }
  for (const auto& [key, n] : moves) {
    report.moves.push_back(WhatIfReport::Move{std::get<0>(key), std::get<1>(key), names[std::get<2>(key)],
                                              names[std::get<3>(key)], n});
  }
  std::stable_sort(report.moves.begin(), report.moves.end(),
                   [](const WhatIfReport::Move& a, const WhatIfReport::Move& b) { return a.count > b.count; });
  report.base_error_kinds = base_kinds.sorted();
  report.variant_error_kinds = variant_kinds.sorted();
  report.as_of = options.as_of;
  // the whole run: the merge of the groups (integer tallies: the same as without --by)
  WhatIfTallies total;
  total.set(voice, options.catch_up_months);
  total.cells.assign(names.size(), std::vector<std::size_t>(names.size(), 0));
  std::vector<std::size_t> identity(names.size());
  for (std::size_t i = 0; i < identity.size(); ++i) identity[i] = i;
  for (const auto& g : groups) add_group(total, g, identity);
  report.rows = total.rows;
  report.base_errors = total.base_errors;
  report.variant_errors = total.variant_errors;
  report.changed = total.changed;
  report.moved = total.moved;
  report.counts = total.cells;
  if (!finish_tallies(total, voice, options, report.base, report.variant, report.decomposition, error)) return false;
  if (options.group_columns.empty()) return true;
  report.groups.resize(keys.size());
  for (std::size_t g = 0; g < keys.size(); ++g) {
    WhatIfReport::Group& out = report.groups[g];
    const WhatIfTallies& t = groups[g];
    out.key = std::move(keys[g]);
    out.rows = t.rows;
    out.base_errors = t.base_errors;
    out.variant_errors = t.variant_errors;
    out.changed = t.changed;
    out.moved = t.moved;
    out.counts = t.cells;
    if (!finish_tallies(t, voice, options, out.base, out.variant, out.decomposition, error)) return false;
  }
  return true;
}

}  // namespace

// Where both policies read the same facts alike, each record's cells are parsed once and copied
// to the variant's frame. A record is reported (moves, changes file) only if its category or
// anything in its row differs; the changes file is written in input order by this thread.
bool run_whatif(const Program& base, const ColumnBinding& base_binding, const Program& variant,
                const ColumnBinding& variant_binding, CsvReader& reader, const RunOptions& options,
                WhatIfReport& report, std::string& error) {
  reader.set_lang(base.voice.text);
  report.voice = base.voice;
  const unsigned jobs = std::max(1u, options.jobs);
  const std::vector<OutputPair> pairs = pair_outputs(base, variant);
  const bool shared_facts = same_facts(base, base_binding, variant, variant_binding);
  bool same_tables = base.tables.size() == variant.tables.size();
  for (std::size_t t = 0; same_tables && t < base.tables.size(); ++t) same_tables = base.tables[t].name == variant.tables[t].name;
  std::vector<std::unique_ptr<WhatIfWorker>> workers;
  for (unsigned j = 0; j < jobs; ++j)
    workers.push_back(
        std::make_unique<WhatIfWorker>(base, base_binding, variant, variant_binding, options.as_of, options.group_columns));
  std::vector<std::vector<std::string_view>> rows(jobs);

  const bool with_changes = options.changes != nullptr || options.changes_sink != nullptr;
  if (with_changes) {
    std::string header;
    append_csv_field(header, base.facts[base.key_fact].column, true);
    for (const auto& p : pairs) {
      header += fmt::format(",{}_before,{}_after", p.name, p.name);
    }
    header += ",rule_before,rule_after,error_before,error_after\n";
    if (!write_all(options, header, error, base.voice)) return false;
  }

  const bool ok = run_batches(
      reader, jobs,
      [&](unsigned j, RecordBatch& batch) {
        WhatIfWorker& w = *workers[j];
        batch.for_each(rows[j], [&](const std::vector<std::string_view>& fields, std::string_view rec_error) {
          const std::size_t g = w.index.find(fields);
          if (g == GroupIndex::kTooMany) {
            w.too_many = true;  // the run fails; the rest is not worth counting
            return;
          }
          if (g >= w.groups.size()) {
            w.groups.resize(g + 1);
            w.groups[g].set(base.voice, options.catch_up_months);
          }
          WhatIfTallies& t = w.groups[g];
          ++t.rows;
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
          if (options.keys != nullptr) batch.key_hashes.push_back(key_hash(row_key(base, base_binding, fields)));
          if (da && db) {
            ++t.both;
            t.both_base.add(w.base.values, options.as_of);
            t.both_variant.add(w.variant.values, options.as_of);
          } else if (da) {
            ++t.entering;
            t.entering_base.add(w.base.values, options.as_of);
          } else if (db) {
            ++t.leaving;
            t.leaving_variant.add(w.variant.values, options.as_of);
          }
          if (!da) {
            ++t.base_errors;
            w.base_kinds.add(base, base_binding, fields, rec_error, w.base.frame, w.base.cells_read);
          }
          if (!db) {
            ++t.variant_errors;
            w.variant_kinds.add(variant, variant_binding, fields, rec_error, w.variant.frame, w.variant.cells_read);
          }
          const std::size_t ca = w.category(da ? std::string_view(w.base.values.category) : kErrorCategory);
          const std::size_t cb = w.category(db ? std::string_view(w.variant.values.category) : kErrorCategory);
          t.count(ca, cb, w.names.size());
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
            ++t.moved;
            ++w.moves[{w.rule_a, w.rule_b, ca, cb}];
          }
          if (!changed) return;
          ++t.changed;
          if (!with_changes) return;
          std::string& out = batch.output;
          append_csv_field(out, utf8::safe(row_key(base, base_binding, fields), w.text_a), true);
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
        if (options.keys != nullptr)
          for (const std::uint64_t h : batch.key_hashes) options.keys->add(h);
        return !with_changes || write_all(options, batch.output, error, base.voice);
      });
  if (!ok) return false;
  if (!reader.io_error().empty()) {
    error = reader.io_error();
    return false;
  }

  return merge_workers(workers, base.voice, options, report, error);
}

}  // namespace kadenz::detail
