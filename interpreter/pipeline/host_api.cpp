// The host API (kadenz.hpp): Policy, Evaluator and Decision over the internal program,
// frame and caseload cell parsing. Nothing here throws to the host.
#include "interpreter/pipeline/policy_access.hpp"

#include "interpreter/caseload/cells.hpp"
#include "interpreter/caseload/format_value.hpp"
#include "interpreter/caseload/rows.hpp"
#include "interpreter/check/types.hpp"
#include "interpreter/evaluate/evaluate.hpp"
#include "interpreter/evaluate/trace.hpp"
#include "interpreter/report/explain.hpp"
#include "stdlib/date.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace kadenz {

namespace {
const std::string kNone;
const PolicyHeader kNoHeader;
const std::vector<FactInfo> kNoFacts;
const std::vector<OutputInfo> kNoOutputs;
const std::vector<ParameterInfo> kNoParameters;
const std::shared_ptr<const detail::Program> kNoProgram;
}  // namespace

namespace detail {

const std::shared_ptr<const Program>& program_of(const Policy& policy) noexcept {
  const auto& impl = Policy::Access::impl(policy);
  return impl ? impl->program : kNoProgram;
}

const std::shared_ptr<const Program>& program_of(const Compiled& compiled) noexcept {
  return program_of(Policy::Access::policy(compiled));
}

void set_program(Compiled& compiled, std::shared_ptr<const Program> program) {
  Policy::Access::policy(compiled) = make_policy(std::move(program));
}

}  // namespace detail

const std::string& Policy::name() const noexcept { return impl_ ? impl_->program->name : kNone; }
std::size_t Policy::fact_count() const noexcept { return impl_ ? impl_->program->facts.size() : 0; }
const std::string& Policy::fact_name(std::size_t fact) const noexcept {
  return fact < fact_count() ? impl_->program->facts[fact].name : kNone;
}
FactRef Policy::fact(std::string_view name) const noexcept {
  const std::size_t i = find_fact(name);
  return FactRef(i, impl_ ? impl_->program->serial : 0, i < fact_count());
}
std::size_t Policy::find_fact(std::string_view name) const noexcept {
  for (std::size_t i = 0; i < fact_count(); ++i)
    if (impl_->program->facts[i].name == name) return i;
  return fact_count();
}
std::size_t Policy::output_count() const noexcept { return impl_ ? impl_->program->outputs.size() : 0; }
const std::string& Policy::output_name(std::size_t output) const noexcept {
  return output < output_count() ? impl_->program->outputs[output].name : kNone;
}
const PolicyHeader& Policy::header() const noexcept { return impl_ ? impl_->header : kNoHeader; }
const std::vector<FactInfo>& Policy::facts() const noexcept { return impl_ ? impl_->facts : kNoFacts; }
const std::vector<OutputInfo>& Policy::outputs() const noexcept { return impl_ ? impl_->outputs : kNoOutputs; }
const std::vector<ParameterInfo>& Policy::parameters() const noexcept {
  return impl_ ? impl_->parameters : kNoParameters;
}

namespace {

// The host API's messages, one format string each. A fact is named by its policy name (what
// the host resolved); values are never shown (a host's record is personal data).
constexpr std::string_view kIndexNotAFact =
    "fact index {} is not a fact of policy `{}` (it has {} facts); resolve names with Policy::find_fact and check "
    "the result";
constexpr std::string_view kRefNotAFact =
    "a FactRef that names no fact was set on an evaluator of policy `{}` (Policy::fact did not find the name, or "
    "the FactRef was never resolved); check FactRef::valid() after resolving names";
constexpr std::string_view kRefOtherPolicy =
    "a FactRef resolved in another policy (its fact index {}) was set on an evaluator of policy `{}`; resolve the "
    "names with this policy's Policy::fact";
constexpr std::string_view kWrongSetter = "{}: {} cannot set a fact of type {}; use {} (or set with text)";
constexpr std::string_view kNotADate =
    "{}: set_date got no calendar date (a year 1..9999, a month 1..12 and a day that month has)";
constexpr std::string_view kIntRange = "{}: the set_int value is out of range for a fact of type {}";
constexpr std::string_view kNotOptional =
    "{}: set_empty on a fact of type {}, which cannot be empty (only `or empty` facts can); set its value";

// The setter that fits a fact's type, for the wrong-setter message.
std::string_view setter_for(detail::BaseType base) {
  switch (base) {
    case detail::BaseType::boolean: return "set_bool";
    case detail::BaseType::date: return "set_date";
    case detail::BaseType::text:
    case detail::BaseType::enumeration: return "set";
    default: return "set_int";
  }
}

// The English word of a duration's unit (Value::unit).
std::string_view duration_unit_word(detail::DurationUnit u) {
  switch (u) {
    case detail::DurationUnit::days: return "days";
    case detail::DurationUnit::weeks: return "weeks";
    case detail::DurationUnit::months: return "months";
  }
  return "days";
}

// A cell message names the fact's caseload column; a host resolved the fact by its name, so
// name that instead when the two differ (`column "…"`).
void name_the_fact(const detail::CompiledFact& fact, std::string& error) {
  if (fact.column == fact.name || error.compare(0, fact.column.size(), fact.column) != 0 ||
      error.compare(fact.column.size(), 2, ": ") != 0) {
    return;
  }
  error.replace(0, fact.column.size(), fact.name);
}

}  // namespace

// Per-evaluator scratch: the frame, which facts were set and the record's first error.
struct Evaluator::State {
  // The policy's program, cached from the Policy (which keeps it alive) so that the record
  // path reads it without going through the Policy's pimpl; null for a Policy that is not valid.
  const detail::Program* program = nullptr;
  detail::Frame frame;
  std::vector<bool> set;
  std::vector<std::string> texts;  // owned copies of text facts
  std::string error;               // the record's first error; non-empty: it is not decided
  Decision decision;
  std::vector<std::string> spare_warnings;  // warning strings of earlier records, kept for their capacity
  std::vector<std::string> spare_sections;  // the same for Decision::sections
  std::vector<std::string_view> section_views;  // detail::section_list's result, reused
  detail::Trace* trace = nullptr;           // set only during explain(): decide() records into it

  // Starts a record with every fact unset and no error.
  void start() noexcept {
    std::fill(set.begin(), set.end(), false);
    error.clear();
  }
  // Fails the record with the formatted message unless it already failed (the first error is
  // the one reported). Cold: a host that sets valid values never comes here.
  template <typename... Args>
  [[gnu::cold, gnu::noinline]] bool fail(std::string_view format, const Args&... args) noexcept {
    if (error.empty()) {
      try {
        error = fmt::format(fmt::runtime(format), args...);
      } catch (...) {
        error = "the record failed (out of memory formatting its message)";
      }
    }
    return false;
  }
};

Evaluator::Evaluator(Policy policy) : policy_(std::move(policy)), state_(std::make_unique<State>()) {
  state_->program = detail::program_of(policy_).get();
  if (state_->program == nullptr) return;
  const auto& p = *state_->program;
  detail::prepare_frame(p, state_->frame);
  state_->set.assign(p.facts.size(), false);
  state_->texts.resize(p.facts.size());
  state_->decision.outputs.resize(p.outputs.size());
  // the typed outputs: each one's kind (and a quantity's unit) is that of its output, set once
  state_->decision.values.resize(p.outputs.size());
  const std::vector<OutputInfo>& infos = policy_.outputs();
  for (std::size_t o = 0; o < p.outputs.size() && o < infos.size(); ++o) {
    Value& v = state_->decision.values[o];
    v.kind = infos[o].type.kind;
    if (v.kind == ValueKind::integer) v.unit = infos[o].type.unit;
  }
  state_->decision.error.reserve(256);
  // at most one message per `warn` (and `require`) of the policy
  const std::size_t warnings = std::max<std::size_t>(16, p.validation_spans.size());
  state_->decision.warnings.reserve(warnings);
  state_->spare_warnings.reserve(warnings);
  // one section per table, then at most one per cited adjustment
  const std::size_t sections = p.tables.size() + p.citations.size();
  state_->decision.sections.reserve(sections);
  state_->spare_sections.reserve(sections);
  state_->section_views.reserve(sections);
}

Evaluator::~Evaluator() = default;
Evaluator::Evaluator(Evaluator&& other) noexcept = default;
Evaluator& Evaluator::operator=(Evaluator&& other) noexcept = default;

void Evaluator::reset() noexcept {
  if (!state_ || state_->program == nullptr) return;
  state_->start();
}

bool Evaluator::target(std::size_t fact) noexcept {
  if (!state_) [[unlikely]] return false;  // moved from
  const detail::Program* p = state_->program;
  if (p == nullptr) [[unlikely]] return false;
  if (fact < p->facts.size()) [[likely]] return true;
  return state_->fail(kIndexNotAFact, fact, p->name, p->facts.size());
}

bool Evaluator::target(FactRef fact, std::size_t& index) noexcept {
  if (!state_) [[unlikely]] return false;  // moved from
  const detail::Program* p = state_->program;
  if (p == nullptr) [[unlikely]] return false;
  if (fact.compile_ != p->serial) [[unlikely]] {
    if (fact.compile_ != 0) return state_->fail(kRefOtherPolicy, fact.index_, p->name);
    return state_->fail(kRefNotAFact, p->name);
  }
  if (!fact.found_ || fact.index_ >= p->facts.size()) [[unlikely]] return state_->fail(kRefNotAFact, p->name);
  index = fact.index_;
  return true;
}

namespace {

// Fails the record for a typed setter that does not fit the fact's type, naming the fact, its
// type and the setter that fits. (A template only because Evaluator::State is private.)
template <typename State>
bool wrong_setter(State& s, const detail::Program& p, std::size_t fact, std::string_view setter) {
  const auto& f = p.facts[fact];
  return s.fail(kWrongSetter, f.name, setter, detail::type_name(f.type, p.enums), setter_for(f.type.base));
}

}  // namespace

bool Evaluator::set(std::size_t fact, std::string_view text) noexcept {
  if (!target(fact)) return false;
  const auto& p = *state_->program;
  auto& slot = state_->frame.slots[fact];
  // the caseload reader refuses NUL before a cell is parsed; a host's text is refused here, as a
  // NUL would end the output texts early in every C string that takes them
  if (text.find('\0') != std::string_view::npos)
    return state_->fail("{}: the value contains a NUL byte", p.facts[fact].name);
  std::string error;
  if (!detail::parse_cell(p.facts[fact], p.enums, text, slot, error, p.voice.text)) {
    name_the_fact(p.facts[fact], error);
    return state_->fail("{}", error);
  }
  // a text value would point into the host's buffer, which may not outlive this call: copy it
  // into the evaluator's own string for this fact (its capacity is kept between records)
  if (p.facts[fact].type.base == detail::BaseType::text && !slot.empty) {
    std::string& own = state_->texts[fact];
    own.assign(slot.p, slot.n);
    slot.p = own.data();
  }
  state_->set[fact] = true;
  return true;
}

bool Evaluator::set_bool(std::size_t fact, bool value) noexcept {
  if (!target(fact)) return false;
  const auto& p = *state_->program;
  if (p.facts[fact].type.base != detail::BaseType::boolean) return wrong_setter(*state_, p, fact, "set_bool");
  state_->frame.slots[fact] = detail::Value{};
  state_->frame.slots[fact].i = value ? 1 : 0;
  state_->set[fact] = true;
  return true;
}

bool Evaluator::set_int(std::size_t fact, std::int64_t value) noexcept {
  if (!target(fact)) return false;
  const auto& p = *state_->program;
  const auto base = p.facts[fact].type.base;
  if (base == detail::BaseType::boolean || base == detail::BaseType::date || base == detail::BaseType::text ||
      base == detail::BaseType::enumeration) {
    return wrong_setter(*state_, p, fact, "set_int");
  }
  state_->frame.slots[fact] = detail::Value{};
  if (__builtin_mul_overflow(value, p.facts[fact].scale, &state_->frame.slots[fact].i)) {
    return state_->fail(kIntRange, p.facts[fact].name, detail::type_name(p.facts[fact].type, p.enums));
  }
  state_->set[fact] = true;
  return true;
}

bool Evaluator::set_date(std::size_t fact, Date value) noexcept {
  if (!target(fact)) return false;
  const auto& p = *state_->program;
  if (p.facts[fact].type.base != detail::BaseType::date) return wrong_setter(*state_, p, fact, "set_date");
  if (!detail::is_valid_civil(value.year, value.month, value.day)) return state_->fail(kNotADate, p.facts[fact].name);
  state_->frame.slots[fact] = detail::Value{};
  state_->frame.slots[fact].i = detail::days_from_civil(value.year, value.month, value.day);
  state_->set[fact] = true;
  return true;
}

bool Evaluator::set_empty(std::size_t fact) noexcept {
  if (!target(fact)) return false;
  const auto& p = *state_->program;
  if (!p.facts[fact].type.optional) {
    return state_->fail(kNotOptional, p.facts[fact].name, detail::type_name(p.facts[fact].type, p.enums));
  }
  state_->frame.slots[fact] = detail::Value{};
  state_->frame.slots[fact].empty = true;
  state_->set[fact] = true;
  return true;
}

bool Evaluator::set(FactRef fact, std::string_view text) noexcept {
  std::size_t i = 0;
  return target(fact, i) && set(i, text);
}
bool Evaluator::set_bool(FactRef fact, bool value) noexcept {
  std::size_t i = 0;
  return target(fact, i) && set_bool(i, value);
}
bool Evaluator::set_int(FactRef fact, std::int64_t value) noexcept {
  std::size_t i = 0;
  return target(fact, i) && set_int(i, value);
}
bool Evaluator::set_date(FactRef fact, Date value) noexcept {
  std::size_t i = 0;
  return target(fact, i) && set_date(i, value);
}
bool Evaluator::set_empty(FactRef fact) noexcept {
  std::size_t i = 0;
  return target(fact, i) && set_empty(i);
}

namespace {
// What a moved-from Evaluator returns: it has no state to decide with (and must not allocate).
const Decision& moved_from_decision() noexcept {
  static const Decision kMovedFrom = [] {
    Decision d;
    d.error = "this Evaluator was moved from; use the one it was moved to";
    return d;
  }();
  return kMovedFrom;
}
}  // namespace

const Decision& Evaluator::evaluate(Date as_of) noexcept {
  if (!state_) [[unlikely]] return moved_from_decision();
  Decision& d = state_->decision;
  d.decided = false;
  d.error.clear();
  d.rule.clear();
  d.section.clear();
  for (auto& s : d.sections) state_->spare_sections.push_back(std::move(s));
  d.sections.clear();
  // the last record's warning strings go back to the spares, keeping their capacity
  for (auto& w : d.warnings) state_->spare_warnings.push_back(std::move(w));
  d.warnings.clear();
  for (auto& o : d.outputs) o.clear();
  for (auto& v : d.values) {
    v.empty = false;
    v.boolean = false;
    v.integer = 0;
    v.date = Date{};
    v.text.clear();
    if (v.kind == ValueKind::duration) v.unit.clear();  // each value has its own; an integer's is its output's
  }
  if (state_->program == nullptr) {
    d.error = "no policy";
    return d;
  }
  decide(as_of);
  // the record ends here: the next setter writes into a record with every fact unset and no
  // error, and an evaluate() without a setter decides exactly that
  state_->start();
  return d;
}

void Evaluator::decide(Date as_of) noexcept {
  Decision& d = state_->decision;
  const auto& p = *state_->program;
  auto& f = state_->frame;
  detail::reset_record(p, f);
  if (!detail::is_valid_civil(as_of.year, as_of.month, as_of.day)) {
    d.error = "as_of is not a valid date";
    return;
  }
  f.slots[p.as_of_slot].i = detail::days_from_civil(as_of.year, as_of.month, as_of.day);
  if (!state_->error.empty()) {
    d.error = state_->error;
    return;
  }
  // unset facts: empty, their default, or a missing value
  for (std::size_t i = 0; i < p.facts.size(); ++i) {
    if (state_->set[i]) continue;
    if (!detail::parse_cell(p.facts[i], p.enums, "", f.slots[i], d.error, p.voice.text)) {
      name_the_fact(p.facts[i], d.error);
      return;
    }
  }
  if (!(state_->trace ? detail::explain_record(p, f, *state_->trace) : detail::evaluate_record(p, f))) {
    d.error = f.error;
    return;
  }
  d.decided = true;
  for (std::size_t o = 0; o < p.outputs.size(); ++o) {
    // an output without a value (a table's rule `then nothing`) is an empty text, as in the CSV
    const detail::Value& slot = f.slots[p.outputs[o].slot];
    Value& v = d.values[o];
    if (slot.empty) {
      v.empty = true;
      continue;
    }
    detail::append_value(d.outputs[o], p, p.outputs[o].type, slot);
    v.text.assign(d.outputs[o]);
    switch (v.kind) {
      case ValueKind::boolean: v.boolean = slot.i != 0; break;
      case ValueKind::integer:
      case ValueKind::enumeration: v.integer = slot.i; break;
      case ValueKind::duration:
        v.integer = detail::duration_count(slot.i);
        v.unit.assign(duration_unit_word(detail::duration_unit(slot.i)));
        break;
      case ValueKind::date: {
        const detail::CivilDate c = detail::civil_from_days(static_cast<detail::DayNumber>(slot.i));
        v.date = Date{c.year, c.month, c.day};
        break;
      }
      case ValueKind::text: break;
    }
  }
  detail::append_rule_columns(p, f, d.rule, d.section);
  detail::section_list(p, f, state_->section_views);
  for (const std::string_view s : state_->section_views) {
    if (state_->spare_sections.empty()) {
      d.sections.emplace_back();
    } else {
      d.sections.push_back(std::move(state_->spare_sections.back()));
      state_->spare_sections.pop_back();
    }
    d.sections.back().assign(s);
  }
  for (const auto& w : f.warning_texts) {
    if (state_->spare_warnings.empty()) {
      d.warnings.emplace_back();
    } else {
      d.warnings.push_back(std::move(state_->spare_warnings.back()));
      state_->spare_warnings.pop_back();
    }
    d.warnings.back().assign(w.p, w.n);  // an owned copy: the frame's text is overwritten by the next record
  }
}

Explanation Evaluator::explain(Date as_of, std::string_view record) noexcept {
  Explanation out;
  if (!state_) {  // moved from
    try {
      out.decision = moved_from_decision();
    } catch (...) {
      out.decision.decided = false;  // out of memory copying the message: an error without its text
    }
    return out;
  }
  detail::Trace trace;
  try {
    state_->trace = &trace;
    out.decision = evaluate(as_of);
    state_->trace = nullptr;
    if (state_->program == nullptr || !detail::is_valid_civil(as_of.year, as_of.month, as_of.day)) return out;
    const auto& p = *state_->program;
    if (trace.steps.empty() && !trace.decided) trace.error = out.decision.error;  // refused before evaluation
    const detail::TraceTitle title{std::string(record), detail::days_from_civil(as_of.year, as_of.month, as_of.day)};
    out.text = detail::render_trace_text(p, trace, title);
    out.json = detail::render_trace_json(p, trace, title);
  } catch (...) {
    state_->trace = nullptr;
    out.text.clear();
    out.json.clear();
    if (out.decision.error.empty()) out.decision.error = "the record could not be explained (out of memory)";
    out.decision.decided = false;
  }
  return out;
}

}  // namespace kadenz
