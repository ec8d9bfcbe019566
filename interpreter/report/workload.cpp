// Report stage, `kadenz workload`: decides every record with one policy, evaluates its
// `workload` entries and tallies them into the figures of a Workload (see report.hpp,
// docs/workload.md for the formulas). WorkloadTally and evaluate_workload serve whatif.cpp too.
#include "interpreter/report/report.hpp"

#include "interpreter/caseload/batches.hpp"
#include "interpreter/report/groups.hpp"
#include "interpreter/report/side.hpp"
#include "stdlib/date.hpp"
#include "stdlib/duration.hpp"
#include "stdlib/workload_roles.hpp"
#include "interpreter/caseload/format_value.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <tuple>

namespace kadenz::detail {

// Numbers are compared as numbers (up to 18 digits), so "12MM" follows "2MM".
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

namespace {

// The message for workload values whose sum or product does not fit in 64 bits: it names the
// entry and the category, never a record's values.
std::string too_large(const Voice& voice, std::string_view entry, std::string_view category) {
  return say(voice, Msg::workload_too_large, {entry, category});
}

// Months from as_of's month to `day`'s month: the index into the forecast.
std::int64_t month_index(const CivilDate& start, std::int64_t day) {
  const CivilDate d = civil_from_days(static_cast<DayNumber>(day));
  return (static_cast<std::int64_t>(d.year) - start.year) * 12 + (static_cast<std::int64_t>(d.month) - start.month);
}

}  // namespace

// Adds `value` to `sum` unless the result does not fit; then the tally keeps the first such
// error (naming `entry` and `category`) and the caller stops counting.
template <class T>
bool WorkloadTally::checked_add(T& sum, T value, std::string_view entry, std::string_view category) {
  T result{};
  if (__builtin_add_overflow(sum, value, &result)) {
    if (error_.empty()) error_ = too_large(voice, entry, category);
    return false;
  }
  sum = result;
  return true;
}

// The tally of category `name`, added on first sight. A linear search: a policy has a handful
// of categories.
WorkloadTally::Cat& WorkloadTally::cat(std::string_view name) {
  for (auto& c : cats_)
    if (c.name == name) return c;
  cats_.emplace_back();
  cats_.back().name = name;
  return cats_.back();
}

// Adds `f` (its count) to the bucket with the same interval, unit, minutes and preparation.
// A linear search: a policy gives few distinct ones.
void WorkloadTally::count_in(std::vector<FollowUp>& buckets, const FollowUp& f) {
  auto it = std::find_if(buckets.begin(), buckets.end(), [&](const FollowUp& x) {
    return x.interval == f.interval && x.unit == f.unit && x.minutes == f.minutes && x.prep == f.prep;
  });
  if (it == buckets.end()) buckets.push_back(f);
  else it->count += f.count;
}

// Counts `n` interviews of `kind` in forecast month `k` (the month of `day`, k >= 0), then the
// follow-ups of each every interval until the forecast ends: every n calendar months (by month
// index), or every 7n or n days from `day`. A follow-up takes minutes + preparation, a first
// interview its minutes only. Returns the entry whose values do not fit in 64 bits (the larger
// of `minutes` and `prep_minutes` where both are added), or an empty view. The loops stop before
// a step could pass the forecast (or 2^63, for an interval of 2^63 - 1): at most one interview
// a day, so at most about 366 steps.
std::string_view WorkloadTally::schedule(Months& m, Kind kind, std::size_t n, std::int64_t k, std::int64_t day,
                                         const FollowUp& f) {
  constexpr auto months = static_cast<std::int64_t>(kForecastMonths);
  if (k >= months) return {};
  const std::string_view with_prep_entry = f.prep > f.minutes ? "prep_minutes" : "minutes";
  std::int64_t with_prep = 0;
  if (__builtin_add_overflow(f.minutes, f.prep, &with_prep)) return with_prep_entry;
  // false if this month's minutes overflow
  auto count = [&](std::int64_t month, Kind what) {
    const auto i = static_cast<std::size_t>(month);
    (what == Kind::first ? m.first : what == Kind::backlog ? m.backlog : m.recurring)[i] += n;
    std::int64_t minutes = 0;
    return !__builtin_mul_overflow(n, what == Kind::first ? f.minutes : with_prep, &minutes) &&
           !__builtin_add_overflow(m.minutes[i], minutes, &m.minutes[i]);
  };
  if (!count(k, kind)) return kind == Kind::first ? "minutes" : with_prep_entry;
  if (f.unit == DurationUnit::months) {
    while (f.interval < months - k) {
      k += f.interval;
      if (!count(k, Kind::recurring)) return with_prep_entry;
    }
    return {};
  }
  // the next one falls after the forecast's 12 months (tested before 7n could overflow)
  if (f.interval > 400) return {};
  const std::int64_t step = f.unit == DurationUnit::weeks ? 7 * f.interval : f.interval;
  if (step > 400) return {};
  const CivilDate start = civil_from_days(static_cast<DayNumber>(day));
  const std::int64_t first_month = k;  // `day` is in forecast month k
  while (day <= static_cast<std::int64_t>(max_date()) - step) {
    day += step;
    const std::int64_t month = first_month + month_index(start, day);
    if (month >= months) break;
    if (!count(month, Kind::recurring)) return with_prep_entry;
  }
  return {};
}

// Follow-ups and first interviews are kept as counts per distinct (interval, minutes, prep),
// so that the monthly sums are formed in finish() in one fixed order. An interview on schedule
// goes into the forecast now, an overdue one into its catch-up month (see catch_up_months).
// After an overflow nothing more is counted (the report fails with error()).
void WorkloadTally::add(const WorkloadValues& v, std::int32_t as_of) {
  if (!error_.empty()) return;
  if (!constants_) {
    weekly_minutes_ = v.weekly_minutes;
    share_percent_ = v.share;
    constants_ = true;
  }
  Cat& c = cat(v.category);
  ++c.customers;  // counts of records: a size_t cannot pass 2^64 records
  if (v.no_interval) return;  // no recurring interviews: a customer, 0 interviews per month
  if (v.interval < 1) {
    ++c.not_counted;
    return;
  }
  const FollowUp f{v.interval, v.minutes, v.prep, 1, v.interval_unit};
  if (v.first) {
    ++c.first;
    if (!checked_add(c.first_minutes, v.minutes, "minutes", c.name)) return;
  }
  count_in(v.first ? c.firsts : c.follow_ups, f);
  std::string_view entry;
  if (v.next_due < as_of) {
    count_in(v.first ? c.overdue_firsts : c.overdue, f);
    // Caught up in month k = (the due day's number) mod N of the catch-up: decided by the record
    // alone, so a record lands in the same month whether it is tallied in a group, in a part of
    // the decomposition or in the whole caseload, and the groups' forecasts add up to the total's
    // month by month. Due days are spread over the calendar, so the months get about B/N each.
    const std::int64_t n = std::clamp<std::int64_t>(catch_up_months, 1, kMaxCatchUpMonths);
    const std::int64_t k = ((static_cast<std::int64_t>(v.next_due) % n) + n) % n;
    // at the end of the calendar (year 9999) no later day exists: no follow-ups then
    const std::int64_t day = add_months(as_of, k).value_or(max_date());
    entry = schedule(due_, v.first ? Kind::first : Kind::backlog, 1, k, day, f);
  } else {
    const std::int64_t k = month_index(civil_from_days(as_of), v.next_due);
    entry = schedule(due_, v.first ? Kind::first : Kind::recurring, 1, k, v.next_due, f);
  }
  if (!entry.empty() && error_.empty()) error_ = too_large(voice, entry, c.name);
}

// Adds another thread's tally: counts add up, the staff constants are the first ones seen (the
// policy's parameters, the same on every record). An overflow of the minutes stops the merge and
// is kept as error().
void WorkloadTally::merge(const WorkloadTally& o) {
  if (!error_.empty()) return;
  if (!o.error_.empty()) {
    error_ = o.error_;
    return;
  }
  if (!constants_ && o.constants_) {
    weekly_minutes_ = o.weekly_minutes_;
    share_percent_ = o.share_percent_;
    constants_ = true;
  }
  for (const Cat& oc : o.cats_) {
    Cat& c = cat(oc.name);
    // Counts of records cannot overflow (see add); the minutes can.
    c.customers += oc.customers;
    c.first += oc.first;
    c.not_counted += oc.not_counted;
    if (!checked_add(c.first_minutes, oc.first_minutes, "minutes", c.name)) return;
    for (const FollowUp& f : oc.follow_ups) count_in(c.follow_ups, f);
    for (const FollowUp& f : oc.firsts) count_in(c.firsts, f);
    for (const FollowUp& f : oc.overdue) count_in(c.overdue, f);
    for (const FollowUp& f : oc.overdue_firsts) count_in(c.overdue_firsts, f);
  }
  const std::string_view any = cats_.empty() ? std::string_view{} : std::string_view{cats_.front().name};
  for (std::size_t m = 0; m < kForecastMonths; ++m) {
    due_.first[m] += o.due_.first[m];
    due_.backlog[m] += o.due_.backlog[m];
    due_.recurring[m] += o.due_.recurring[m];
    if (!checked_add(due_.minutes[m], o.due_.minutes[m], "minutes", any)) return;
  }
}

// Forms the figures from the tallies: categories in category_less order, fractions summed over
// sorted buckets, the forecast's months counted from as_of's month. The minutes of all
// interviews and preparations (before dividing by the intervals) are added up in a checked
// 64-bit sum: if they do not fit, the figures would be meaningless, and the run fails with a
// message naming the entry instead.
bool WorkloadTally::finish(std::int32_t as_of, Workload& w, std::string& error) const {
  if (!error_.empty()) {
    error = error_;
    return false;
  }
  w = Workload{};
  std::int64_t all_minutes = 0, first_minutes = 0, backlog_minutes = 0;
  auto add_minutes = [&](std::int64_t m, std::string_view entry, std::string_view category) {
    if (!__builtin_add_overflow(all_minutes, m, &all_minutes)) return true;
    error = too_large(voice, entry, category);
    return false;
  };
  // n months: 1/n a month; n weeks or days: the nominal month (30.436875 days) / (7n or n)
  auto per_month = [](const FollowUp& x) {
    return x.unit == DurationUnit::months
               ? static_cast<double>(x.count) / static_cast<double>(x.interval)
               : static_cast<double>(x.count) * static_cast<double>(kDurationPerMonth) /
                     (static_cast<double>(kDurationPerDay) * static_cast<double>(x.interval) *
                      (x.unit == DurationUnit::weeks ? 7.0 : 1.0));
  };
  // sorted buckets, so the floating-point sums do not depend on the order records came in
  auto sorted = [](std::vector<FollowUp> f) {
    std::sort(f.begin(), f.end(), [](const FollowUp& a, const FollowUp& b) {
      return std::tie(a.unit, a.interval, a.minutes, a.prep) < std::tie(b.unit, b.interval, b.minutes, b.prep);
    });
    return f;
  };
  std::vector<const Cat*> order;
  for (const auto& c : cats_) order.push_back(&c);
  std::sort(order.begin(), order.end(), [](const Cat* a, const Cat* b) { return category_less(a->name, b->name); });
  for (const Cat* c : order) {
    Workload::Category out;
    out.name = c->name;
    out.customers = c->customers;
    out.first_interviews = c->first;
    double follow = 0, interview_min = static_cast<double>(c->first_minutes), prep_min = 0, follow_min = 0;
    if (!add_minutes(c->first_minutes, "minutes", c->name)) return false;
    first_minutes += c->first_minutes;  // cannot overflow: all_minutes, a sum of it, did not
    for (const auto& x : sorted(c->follow_ups)) {
      std::int64_t minutes = 0, prep = 0;
      if (__builtin_mul_overflow(x.count, x.minutes, &minutes) || !add_minutes(minutes, "minutes", c->name)) {
        error = too_large(voice, "minutes", c->name);
        return false;
      }
      if (__builtin_mul_overflow(x.count, x.prep, &prep) || !add_minutes(prep, "prep_minutes", c->name)) {
        error = too_large(voice, "prep_minutes", c->name);
        return false;
      }
      const double p = per_month(x);
      follow += p;
      interview_min += p * static_cast<double>(x.minutes);
      follow_min += p * static_cast<double>(x.minutes);
      prep_min += p * static_cast<double>(x.prep);
    }
    // Steady state: the follow-ups above, and the first-interview customers at their interval
    // with preparation (their first interview held, they recur like the others).
    double steady = follow, steady_min = follow_min + prep_min;
    for (const auto& x : sorted(c->firsts)) {
      std::int64_t prep = 0;
      if (__builtin_mul_overflow(x.count, x.prep, &prep) || !add_minutes(prep, "prep_minutes", c->name)) {
        error = too_large(voice, "prep_minutes", c->name);
        return false;
      }
      const double p = per_month(x);
      steady += p;
      steady_min += p * (static_cast<double>(x.minutes) + static_cast<double>(x.prep));
    }
    // The backlog: its interviews with preparation, counted once.
    for (const auto& x : c->overdue) {
      std::int64_t with_prep = 0, minutes = 0;
      if (__builtin_add_overflow(x.minutes, x.prep, &with_prep) || __builtin_mul_overflow(x.count, with_prep, &minutes) ||
          __builtin_add_overflow(backlog_minutes, minutes, &backlog_minutes)) {
        error = too_large(voice, "minutes", c->name);
        return false;
      }
      out.backlog += x.count;
    }
    out.interviews_per_month = static_cast<double>(c->first) + follow;
    out.hours_per_month = (interview_min + prep_min) / 60.0;
    out.steady_interviews_per_month = steady;
    out.steady_hours_per_month = steady_min / 60.0;
    w.customers += c->customers - c->not_counted;
    w.not_counted += c->not_counted;
    w.first_interviews += c->first;
    w.backlog += out.backlog;
    w.follow_ups_per_month += follow;
    w.interview_hours_per_month += interview_min / 60.0;
    w.preparation_hours_per_month += prep_min / 60.0;
    w.steady_interviews_per_month += steady;
    w.steady_hours_per_month += steady_min / 60.0;
    w.categories.push_back(std::move(out));
  }
  w.interviews_per_month = static_cast<double>(w.first_interviews) + w.follow_ups_per_month;
  w.hours_per_month = w.interview_hours_per_month + w.preparation_hours_per_month;
  w.first_interview_hours = static_cast<double>(first_minutes) / 60.0;
  w.backlog_hours = static_cast<double>(backlog_minutes) / 60.0;
  w.weekly_hours = static_cast<double>(weekly_minutes_) / 60.0;
  w.weekly_minutes = weekly_minutes_;
  w.share_percent = share_percent_;
  w.interview_share = static_cast<double>(share_percent_) / 100.0;
  w.interview_hours_per_fte = w.weekly_hours * kWeeksPerMonth * w.interview_share;
  auto fte = [&](double hours) { return w.interview_hours_per_fte > 0 ? hours / w.interview_hours_per_fte : 0; };
  w.fte = fte(w.hours_per_month);
  w.steady_fte = fte(w.steady_hours_per_month);
  w.catch_up_months = std::clamp<std::int64_t>(catch_up_months, 1, kMaxCatchUpMonths);
  const Months& months = due_;
  const CivilDate start = civil_from_days(as_of);
  for (std::size_t m = 0; m < kForecastMonths; ++m) {
    Workload::Month& out = w.forecast[m];
    const int index = start.month - 1 + static_cast<int>(m);
    out.year = start.year + index / 12;
    out.month = index % 12 + 1;
    out.first = months.first[m];
    out.backlog = months.backlog[m];
    out.recurring = months.recurring[m];
    out.interviews = out.first + out.backlog + out.recurring;
    out.minutes = months.minutes[m];
    out.hours = static_cast<double>(out.minutes) / 60.0;
    out.fte = fte(out.hours);
  }
  return true;
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
      error = frame.error.empty() ? say(program.voice, Msg::workload_entry_failed) : frame.error;
      return false;
    }
    switch (w.role) {
      case WorkloadRole::category:
        out.category.clear();
        append_value(out.category, program, w.type, v);
        break;
      case WorkloadRole::interval:
        out.no_interval = v.empty;
        if (w.type.base == BaseType::duration) {
          out.interval = duration_count(v.i);
          out.interval_unit = duration_unit(v.i);
        } else {
          out.interval = v.i;
          out.interval_unit = DurationUnit::months;
        }
        break;
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

// Each worker decides its batches with its own side and counts, per group (--by; without it one
// group); nothing is written per record, so the batches' order does not matter. The groups'
// tallies are merged at the end, and the total is the merge of the groups.
bool run_workload(const Program& program, CsvReader& reader, const ColumnBinding& binding, const RunOptions& options,
                  WorkloadReport& report, std::string& error) {
  reader.set_lang(program.voice.text);
  report.voice = program.voice;
  const unsigned jobs = std::max(1u, options.jobs);
  struct Worker {
    GroupIndex index;
    std::vector<WorkloadTally> tallies;     // per local group
    std::vector<CaseloadSummary> counts;    // per local group: rows, decided, errors, warned
    CaseloadSummary summary;
    bool too_many = false;
    explicit Worker(const std::vector<std::size_t>& columns) : index(columns) {}
  };
  std::vector<std::unique_ptr<PolicySide>> sides;
  std::vector<std::unique_ptr<Worker>> workers;
  for (unsigned j = 0; j < jobs; ++j) {
    sides.push_back(std::make_unique<PolicySide>(program, binding, options.as_of));
    workers.push_back(std::make_unique<Worker>(options.group_columns));
  }
  std::vector<std::vector<std::string_view>> rows(jobs);
  run_batches(
      reader, jobs,
      [&](unsigned j, RecordBatch& batch) {
        PolicySide& s = *sides[j];
        Worker& w = *workers[j];
        batch.for_each(rows[j], [&](const std::vector<std::string_view>& fields, std::string_view rec_error) {
          if (options.keys != nullptr) batch.key_hashes.push_back(key_hash(row_key(program, binding, fields)));
          const std::size_t g = w.index.find(fields);
          if (g == GroupIndex::kTooMany) {
            w.too_many = true;  // the run fails; the rest is not worth counting
            return;
          }
          if (g >= w.tallies.size()) {
            w.tallies.resize(g + 1);
            w.tallies[g].voice = program.voice;
            w.tallies[g].catch_up_months = options.catch_up_months;
            w.counts.resize(g + 1);
          }
          s.into = &w.tallies[g];
          CaseloadSummary& c = w.counts[g];
          ++c.rows;
          if (s.decide(fields, rec_error, options.as_of)) {
            ++c.decided;
            if (!s.frame.warnings.empty()) ++c.warned;
          } else {
            ++c.errors;
            w.summary.error_kinds.add(program, binding, fields, rec_error, s.frame, s.cells_read);
          }
        });
      },
      [&](const RecordBatch& batch) {
        if (options.keys != nullptr)
          for (const std::uint64_t h : batch.key_hashes) options.keys->add(h);
        return true;
      });
  if (!reader.io_error().empty()) {
    error = reader.io_error();
    return false;
  }
  std::vector<const GroupIndex*> indexes;
  bool too_many = false;
  for (const auto& w : workers) {
    indexes.push_back(&w->index);
    too_many = too_many || w->too_many;
  }
  std::vector<GroupKey> keys;
  std::vector<std::vector<std::size_t>> local;
  if (too_many || !merge_group_keys(indexes, keys, local)) {
    error = say(program.voice, Msg::too_many_groups, {std::to_string(kMaxGroups)});
    return false;
  }
  std::vector<WorkloadTally> tallies(keys.size());
  std::vector<CaseloadSummary> counts(keys.size());
  for (auto& t : tallies) {
    t.voice = program.voice;
    t.catch_up_months = options.catch_up_months;
  }
  for (unsigned j = 0; j < jobs; ++j) {
    const Worker& w = *workers[j];
    for (std::size_t i = 0; i < w.tallies.size(); ++i) {
      tallies[local[j][i]].merge(w.tallies[i]);
      counts[local[j][i]].merge(w.counts[i]);
    }
    report.summary.error_kinds.merge(w.summary.error_kinds);
  }
  report.as_of = options.as_of;
  WorkloadTally total;
  total.voice = program.voice;
  total.catch_up_months = options.catch_up_months;
  for (std::size_t g = 0; g < keys.size(); ++g) {
    total.merge(tallies[g]);
    report.summary.rows += counts[g].rows;
    report.summary.decided += counts[g].decided;
    report.summary.errors += counts[g].errors;
    report.summary.warned += counts[g].warned;
  }
  if (!total.finish(options.as_of, report.workload, error)) return false;
  if (options.group_columns.empty()) return true;
  report.groups.resize(keys.size());
  for (std::size_t g = 0; g < keys.size(); ++g) {
    WorkloadReport::Group& group = report.groups[g];
    group.key = std::move(keys[g]);
    group.summary = std::move(counts[g]);
    if (!tallies[g].finish(options.as_of, group.workload, error)) return false;
  }
  return true;
}

}  // namespace kadenz::detail
