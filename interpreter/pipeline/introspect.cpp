// The host API's introspection (Policy::header, facts, outputs, parameters, describe_json):
// built once from the compiled program when the compile makes its Policy (make_policy).
#include "interpreter/pipeline/policy_access.hpp"

#include "interpreter/compile/value_text.hpp"
#include "stdlib/date.hpp"
#include "stdlib/duration.hpp"
#include "stdlib/vocabulary.hpp"

#include <fmt/format.h>

namespace kadenz {
namespace detail {
namespace {

// Ids of kTypeNames (stdlib/vocabulary.hpp): the type words a policy declares.
enum TypeWord : std::uint8_t {
  kBool = 0, kInt = 1, kText = 2, kDate = 3, kMinutes = 4, kHours = 5, kDays = 6, kWeeks = 7,
  kMonths = 8, kYears = 9, kPercent = 10, kDuration = 11,
};

// The type word of a value type; `scale` is a fact's input unit factor (a `weeks` fact is days
// read × 7), 1 for parameters and outputs.
std::uint8_t type_word(BaseType base, std::int64_t scale) {
  switch (base) {
    case BaseType::boolean: return kBool;
    case BaseType::text: return kText;
    case BaseType::date: return kDate;
    case BaseType::minutes: return scale == 60 ? kHours : kMinutes;
    case BaseType::days: return scale == 7 ? kWeeks : kDays;
    case BaseType::months: return scale == 12 ? kYears : kMonths;
    case BaseType::percent: return kPercent;
    case BaseType::duration: return kDuration;
    default: return kInt;
  }
}

ValueKind kind_of(BaseType base) {
  switch (base) {
    case BaseType::boolean: return ValueKind::boolean;
    case BaseType::text: return ValueKind::text;
    case BaseType::date: return ValueKind::date;
    case BaseType::enumeration: return ValueKind::enumeration;
    case BaseType::duration: return ValueKind::duration;
    default: return ValueKind::integer;
  }
}

TypeInfo type_info(const Program& p, const Type& t, std::int64_t scale) {
  const Lang kw = p.voice.keywords;
  TypeInfo info;
  info.kind = kind_of(t.base);
  info.may_be_empty = t.optional;
  if (t.base == BaseType::enumeration && t.enum_id < p.enums.size()) {
    info.values = p.enums[t.enum_id].values;
    info.name.append(keyword_spelling(Kw::one, kw)).append(" ").append(keyword_spelling(Kw::of, kw)).append(" ");
    for (std::size_t i = 0; i < info.values.size(); ++i) info.name.append(i ? ", " : "").append(info.values[i]);
  } else {
    const std::uint8_t word = type_word(t.base, scale);
    info.name = std::string(vocabulary_text(kTypeNames, word, kw));
    if (word >= kMinutes && word <= kDuration) info.unit = std::string(vocabulary_text(kTypeNames, word, Lang::en));
  }
  if (t.optional) {
    info.name.append(" ").append(keyword_spelling(Kw::or_, kw)).append(" ").append(keyword_spelling(Kw::empty, kw));
  }
  return info;
}

// The quantity units and how many base units (minutes, days, months) one of them is.
struct UnitFactor {
  Unit unit;
  std::int64_t factor;
};
UnitFactor unit_in(BaseType base, Unit preferred) {
  switch (base) {
    case BaseType::minutes: return preferred == Unit::hours ? UnitFactor{Unit::hours, 60} : UnitFactor{Unit::minutes, 1};
    case BaseType::days: return preferred == Unit::weeks ? UnitFactor{Unit::weeks, 7} : UnitFactor{Unit::days, 1};
    case BaseType::months: return preferred == Unit::years ? UnitFactor{Unit::years, 12} : UnitFactor{Unit::months, 1};
    default: return {Unit::none, 1};
  }
}

// A value as a policy (or `--set NAME=VALUE`) writes it, in the keyword language: a quantity in
// `preferred` (the unit its literal or its fact was written with) when that is exact, else in
// its base unit ("39 hours", "2340 minutes"); "50 %"; durations with their own unit; ISO dates;
// texts quoted.
std::string written_value(const Program& p, const Type& t, const Value& v, Unit preferred) {
  const Lang kw = p.voice.keywords;
  if (v.empty) return std::string(keyword_spelling(Kw::empty, kw));
  switch (t.base) {
    case BaseType::boolean: return std::string(keyword_spelling(v.i ? Kw::true_ : Kw::false_, kw));
    case BaseType::date: return iso_date(static_cast<DayNumber>(v.i));
    case BaseType::text: return fmt::format("\"{}\"", std::string_view(v.p ? v.p : "", v.n));
    case BaseType::enumeration:
      if (t.enum_id < p.enums.size() && v.i >= 0 && static_cast<std::size_t>(v.i) < p.enums[t.enum_id].values.size())
        return p.enums[t.enum_id].values[static_cast<std::size_t>(v.i)];
      return std::string();
    case BaseType::duration: {
      char buf[32];
      return std::string(buf, format_duration(buf, v.i, kw));
    }
    case BaseType::percent: return fmt::format("{} %", v.i);
    case BaseType::minutes:
    case BaseType::days:
    case BaseType::months: {
      UnitFactor u = unit_in(t.base, preferred);
      if (v.i % u.factor != 0) u = unit_in(t.base, Unit::none);
      const std::int64_t n = v.i / u.factor;
      return fmt::format("{} {}", n, unit_spelling(u.unit, kw, n != 1 && n != -1));
    }
    default: return fmt::format("{}", v.i);
  }
}

// The unit a fact of this scale is written in (`weeks` facts: weeks).
Unit fact_unit(BaseType base, std::int64_t scale) {
  if (base == BaseType::minutes && scale == 60) return Unit::hours;
  if (base == BaseType::days && scale == 7) return Unit::weeks;
  if (base == BaseType::months && scale == 12) return Unit::years;
  return Unit::none;
}

std::optional<Date> date_of(const std::optional<std::int32_t>& day) {
  if (!day) return std::nullopt;
  const CivilDate c = civil_from_days(static_cast<DayNumber>(*day));
  return Date{c.year, c.month, c.day};
}

}  // namespace

Policy make_policy(std::shared_ptr<const Program> program) {
  Policy policy;
  if (!program) return policy;
  auto impl = std::make_shared<Policy::Access::Impl>();
  const Program& p = *program;
  impl->header.name = p.name;
  impl->header.document = p.document;
  impl->header.issued = date_of(p.issued);
  impl->header.valid_from = date_of(p.valid_from);
  impl->header.valid_until = date_of(p.valid_until);
  impl->header.keyword_lang = p.voice.keywords;
  impl->facts.reserve(p.facts.size());
  for (std::size_t i = 0; i < p.facts.size(); ++i) {
    const CompiledFact& f = p.facts[i];
    kadenz::FactInfo info;
    info.name = f.name;
    info.column = f.column;
    info.type = type_info(p, f.type, f.scale);
    info.has_default = f.has_default;
    if (f.has_default) info.default_text = written_value(p, f.type, f.default_value, fact_unit(f.type.base, f.scale));
    info.is_key = i == p.key_fact;
    impl->facts.push_back(std::move(info));
  }
  impl->outputs.reserve(p.outputs.size());
  for (const CompiledOutput& o : p.outputs) impl->outputs.push_back(OutputInfo{o.name, type_info(p, o.type, 1)});
  impl->parameters.reserve(p.parameter_names.size());
  for (std::size_t i = 0; i < p.parameter_names.size(); ++i) {
    const std::uint32_t slot = p.parameter_slots[i];
    const Type& t = p.slot_types[slot];
    const Unit unit = i < p.parameter_units.size() ? p.parameter_units[i] : Unit::none;
    impl->parameters.push_back(
        ParameterInfo{p.parameter_names[i], type_info(p, t, 1), written_value(p, t, p.constant_slots[slot], unit)});
  }
  impl->program = std::move(program);
  Policy::Access::set_impl(policy, std::move(impl));
  return policy;
}

}  // namespace detail

namespace {

const char* kind_name(ValueKind k) {
  switch (k) {
    case ValueKind::boolean: return "boolean";
    case ValueKind::integer: return "integer";
    case ValueKind::duration: return "duration";
    case ValueKind::date: return "date";
    case ValueKind::text: return "text";
    case ValueKind::enumeration: return "enumeration";
  }
  return "text";
}

void append_key(std::string& out, std::string_view key) {
  append_json_string(out, key);
  out += ':';
}

void append_date(std::string& out, const std::optional<Date>& d) {
  if (!d) {
    out += "null";
    return;
  }
  out += fmt::format("\"{:04}-{:02}-{:02}\"", d->year, d->month, d->day);
}

void append_type(std::string& out, const TypeInfo& t) {
  out += '{';
  append_key(out, "kind");
  append_json_string(out, kind_name(t.kind));
  out += ',';
  append_key(out, "name");
  append_json_string(out, t.name);
  out += ',';
  append_key(out, "unit");
  append_json_string(out, t.unit);
  out += ',';
  append_key(out, "values");
  out += '[';
  for (std::size_t i = 0; i < t.values.size(); ++i) {
    if (i) out += ',';
    append_json_string(out, t.values[i]);
  }
  out += "],";
  append_key(out, "may_be_empty");
  out += t.may_be_empty ? "true" : "false";
  out += '}';
}

}  // namespace

std::string Policy::describe_json() const {
  if (!impl_) return "null";
  const Impl& m = *impl_;
  std::string out = "{";
  append_key(out, "name");
  append_json_string(out, m.header.name);
  out += ',';
  append_key(out, "document");
  append_json_string(out, m.header.document);
  for (const auto& [key, date] : {std::pair<const char*, const std::optional<Date>*>{"issued", &m.header.issued},
                                  {"valid_from", &m.header.valid_from},
                                  {"valid_until", &m.header.valid_until}}) {
    out += ',';
    append_key(out, key);
    append_date(out, *date);
  }
  out += ',';
  append_key(out, "keyword_lang");
  append_json_string(out, m.header.keyword_lang == Lang::de ? "de" : "en");
  out += ',';
  append_key(out, "facts");
  out += '[';
  for (std::size_t i = 0; i < m.facts.size(); ++i) {
    const FactInfo& f = m.facts[i];
    out += i ? ",{" : "{";
    append_key(out, "name");
    append_json_string(out, f.name);
    out += ',';
    append_key(out, "column");
    append_json_string(out, f.column);
    out += ',';
    append_key(out, "type");
    append_type(out, f.type);
    out += ',';
    append_key(out, "default");
    if (f.has_default) {
      append_json_string(out, f.default_text);
    } else {
      out += "null";
    }
    out += ',';
    append_key(out, "is_key");
    out += f.is_key ? "true}" : "false}";
  }
  out += "],";
  append_key(out, "outputs");
  out += '[';
  for (std::size_t i = 0; i < m.outputs.size(); ++i) {
    out += i ? ",{" : "{";
    append_key(out, "name");
    append_json_string(out, m.outputs[i].name);
    out += ',';
    append_key(out, "type");
    append_type(out, m.outputs[i].type);
    out += '}';
  }
  out += "],";
  append_key(out, "parameters");
  out += '[';
  for (std::size_t i = 0; i < m.parameters.size(); ++i) {
    out += i ? ",{" : "{";
    append_key(out, "name");
    append_json_string(out, m.parameters[i].name);
    out += ',';
    append_key(out, "type");
    append_type(out, m.parameters[i].type);
    out += ',';
    append_key(out, "value");
    append_json_string(out, m.parameters[i].value);
    out += '}';
  }
  out += "]}";
  return out;
}

}  // namespace kadenz
