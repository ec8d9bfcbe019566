// The host API (kadenz.hpp): Policy, Evaluator and Decision over the internal program,
// frame and caseload cell parsing. Nothing here throws to the host.
#include <kadenz/kadenz.hpp>

#include "interpreter/caseload/cells.hpp"
#include "interpreter/caseload/format_value.hpp"
#include "interpreter/caseload/rows.hpp"
#include "interpreter/evaluate/evaluate.hpp"
#include "stdlib/date.hpp"

#include <fmt/format.h>

namespace kadenz {

Policy Compiled::policy() const noexcept { return Policy(program); }

Policy::Policy(std::shared_ptr<const detail::Program> program) noexcept : program_(std::move(program)) {}

namespace {
const std::string kNone;
}

const std::string& Policy::name() const noexcept { return program_ ? program_->name : kNone; }
std::size_t Policy::fact_count() const noexcept { return program_ ? program_->facts.size() : 0; }
const std::string& Policy::fact_name(std::size_t fact) const noexcept {
  return fact < fact_count() ? program_->facts[fact].name : kNone;
}
std::size_t Policy::find_fact(std::string_view name) const noexcept {
  for (std::size_t i = 0; i < fact_count(); ++i)
    if (program_->facts[i].name == name) return i;
  return fact_count();
}
std::size_t Policy::output_count() const noexcept { return program_ ? program_->outputs.size() : 0; }
const std::string& Policy::output_name(std::size_t output) const noexcept {
  return output < output_count() ? program_->outputs[output].name : kNone;
}

// Per-evaluator scratch: the frame, which facts were set, the first bad value's message.
struct Evaluator::State {
  detail::Frame frame;
  std::vector<bool> set;
  std::vector<std::string> texts;  // owned copies of text facts
  std::string bad_value;
  std::string cell;
  Decision decision;
};

Evaluator::Evaluator(Policy policy) : policy_(std::move(policy)), state_(std::make_unique<State>()) {
  if (!policy_.valid()) return;
  const auto& p = *policy_.program();
  detail::prepare_frame(p, state_->frame);
  state_->set.assign(p.facts.size(), false);
  state_->texts.resize(p.facts.size());
  state_->decision.outputs.resize(p.outputs.size());
  state_->decision.error.reserve(256);
  state_->decision.warnings.reserve(16);
}

Evaluator::~Evaluator() = default;

void Evaluator::reset() noexcept {
  if (!policy_.valid()) return;
  std::fill(state_->set.begin(), state_->set.end(), false);
  state_->bad_value.clear();
}

bool Evaluator::set(std::size_t fact, std::string_view text) noexcept {
  if (fact >= policy_.fact_count()) return false;
  const auto& p = *policy_.program();
  std::string error;
  if (!detail::parse_cell(p.facts[fact], p.enums, text, state_->frame.slots[fact], error)) {
    if (state_->bad_value.empty()) state_->bad_value = std::move(error);
    return false;
  }
  // a text value would point into the host's buffer, which may not outlive this call: copy it
  // into the evaluator's own string for this fact (its capacity is kept between records)
  if (p.facts[fact].type.base == detail::BaseType::text && !state_->frame.slots[fact].empty) {
    std::string& own = state_->texts[fact];
    own.assign(state_->frame.slots[fact].p, state_->frame.slots[fact].n);
    state_->frame.slots[fact].p = own.data();
  }
  state_->set[fact] = true;
  return true;
}

bool Evaluator::set_bool(std::size_t fact, bool value) noexcept {
  if (fact >= policy_.fact_count() || policy_.program()->facts[fact].type.base != detail::BaseType::boolean) return false;
  state_->frame.slots[fact] = detail::Value{};
  state_->frame.slots[fact].i = value ? 1 : 0;
  state_->set[fact] = true;
  return true;
}

bool Evaluator::set_int(std::size_t fact, std::int64_t value) noexcept {
  if (fact >= policy_.fact_count()) return false;
  const auto base = policy_.program()->facts[fact].type.base;
  if (base == detail::BaseType::boolean || base == detail::BaseType::date || base == detail::BaseType::text ||
      base == detail::BaseType::enumeration) {
    return false;
  }
  state_->frame.slots[fact] = detail::Value{};
  if (__builtin_mul_overflow(value, policy_.program()->facts[fact].scale, &state_->frame.slots[fact].i)) return false;
  state_->set[fact] = true;
  return true;
}

bool Evaluator::set_date(std::size_t fact, Date value) noexcept {
  if (fact >= policy_.fact_count() || policy_.program()->facts[fact].type.base != detail::BaseType::date) return false;
  if (!detail::is_valid_civil(value.year, value.month, value.day)) return false;
  state_->frame.slots[fact] = detail::Value{};
  state_->frame.slots[fact].i = detail::days_from_civil(value.year, value.month, value.day);
  state_->set[fact] = true;
  return true;
}

bool Evaluator::set_empty(std::size_t fact) noexcept {
  if (fact >= policy_.fact_count() || !policy_.program()->facts[fact].type.optional) return false;
  state_->frame.slots[fact] = detail::Value{};
  state_->frame.slots[fact].empty = true;
  state_->set[fact] = true;
  return true;
}

const Decision& Evaluator::evaluate(Date as_of) noexcept {
  Decision& d = state_->decision;
  d.decided = false;
  d.error.clear();
  d.rule.clear();
  d.section.clear();
  d.warnings.clear();
  for (auto& o : d.outputs) o.clear();
  if (!policy_.valid()) {
    d.error = "no policy";
    return d;
  }
  const auto& p = *policy_.program();
  auto& f = state_->frame;
  detail::reset_record(p, f);
  if (!detail::is_valid_civil(as_of.year, as_of.month, as_of.day)) {
    d.error = "as_of is not a valid date";
    return d;
  }
  f.slots[p.as_of_slot].i = detail::days_from_civil(as_of.year, as_of.month, as_of.day);
  if (!state_->bad_value.empty()) {
    d.error = state_->bad_value;
    return d;
  }
  // unset facts: empty, their default, or a missing value
  for (std::size_t i = 0; i < p.facts.size(); ++i) {
    if (state_->set[i]) continue;
    std::string error;
    if (!detail::parse_cell(p.facts[i], p.enums, "", f.slots[i], error)) {
      d.error = std::move(error);
      return d;
    }
  }
  if (!detail::evaluate_record(p, f)) {
    d.error = f.error;
    return d;
  }
  d.decided = true;
  for (std::size_t o = 0; o < p.outputs.size(); ++o) {
    detail::append_value(d.outputs[o], p, p.outputs[o].type, f.slots[p.outputs[o].slot]);
  }
  detail::append_rule_columns(p, f, d.rule, d.section);
  for (const auto& w : f.warning_texts) d.warnings.emplace_back(w.p, w.n);  // views into the frame
  return d;
}

}  // namespace kadenz
