// Check stage, declarations: the header, the names, the facts and their types, the lazily
// typed parameters, definitions, tables and outputs, overrides from a variant or `--set`, the
// validations and the workload block. Expressions are typed by check_expressions.cpp.
#include "interpreter/check/checker.hpp"

#include "grammar/keywords.hpp"
#include "grammar/limits.hpp"
#include "interpreter/diagnostics/suggest.hpp"
#include "stdlib/functions.hpp"
#include "stdlib/workload_roles.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <limits>
#include <tuple>
#include <unordered_map>

namespace kadenz::detail {
namespace {

// What each type name means (indexed by its id in kTypeNames, the same in both languages): the
// base type and the input scale of the unit (weeks are days × 7).
struct TypeMeaning {
  BaseType base;
  std::int64_t scale;
};
constexpr TypeMeaning kTypeMeanings[] = {
    {BaseType::boolean, 1}, {BaseType::integer, 1}, {BaseType::text, 1},   {BaseType::date, 1},
    {BaseType::minutes, 1}, {BaseType::minutes, 60}, {BaseType::days, 1},  {BaseType::days, 7},
    {BaseType::months, 1},  {BaseType::months, 12}, {BaseType::percent, 1}, {BaseType::duration, 1},
};
static_assert([] {
  for (const auto& s : kTypeNames)
    if (s.id >= std::size(kTypeMeanings)) return false;
  return true;
}(), "every type name's id has a meaning");

// The type a workload role needs, from its (English) type word; error for a role that takes
// any type.
BaseType role_type(const WorkloadRoleInfo& role) {
  const auto* s = find_vocabulary(kTypeNames, role.type);
  return s ? kTypeMeanings[s->id].base : BaseType::error;
}

// The names of kTypeNames or kHitNames in language `lang`, canonical spellings only (for
// did-you-mean and the lists in help texts).
template <std::size_t N>
std::vector<std::string> vocabulary_words(const VocabularySpelling (&table)[N], Lang lang) {
  std::vector<std::string> words;
  for (const auto& s : table)
    if (s.lang == lang && vocabulary_text(table, s.id, lang) == s.text) words.emplace_back(s.text);
  return words;
}

// The help of a number written without its unit where a duration is wanted: the number with
// the unit words for weeks, months and days in the policy's keyword language.
std::string say_duration_unit(const CheckContext& cx, std::int64_t number) {
  const Lang l = cx.voice.keywords;
  return cx.say(Msg::write_duration_unit, {std::to_string(number), unit_spelling(Unit::weeks, l, true),
                                           unit_spelling(Unit::months, l, true), unit_spelling(Unit::days, l, true)});
}

// Output columns that every evaluation writes itself; an output may not take these names.
constexpr std::string_view kReservedColumns[] = {"rule", "source", "warnings", "error"};

// A header date as the parser left it (its day number, in decimal).
std::optional<std::int32_t> header_date(const std::optional<Ident>& id) {
  if (!id) return std::nullopt;
  return static_cast<std::int32_t>(std::stoll(id->text));
}

// Enters one name into the symbol table. `as_of` and the standard library's function names
// are reserved; a second declaration of a name is reported with both places.
void declare(CheckContext& cx, const Ident& name, NameKind kind, std::uint32_t index) {
  if (name.text == "as_of") {
    cx.error(Msg::reserved_as_of, name.span);
    return;
  }
  if (find_builtin(name.text)) {
    cx.error(Msg::reserved_function, name.span, {name.text});
    return;
  }
  auto [it, fresh] = cx.symbols.emplace(name.text, Symbol{kind, index, name.span});
  if (!fresh) {
    auto& d = cx.error(Msg::duplicate_name, name.span, {name.text});
    d.secondary.push_back(Label{it->second.span, cx.say(Msg::label_first_declared)});
  }
}

// The type a declaration writes (`int`, `weeks or empty`, `one of a, b`). A `one of` adds
// an enumeration owned by `owner`; one of more than kMaxEnumValues values, and the first past
// kMaxEnumerations in the policy, is an error at its `one of` — but the enumeration is still
// declared (while its 16-bit id fits), so that its values give no follow-up errors. Duplicates
// are found with a hash set, in linear time. `scale`, if given, receives the input unit factor
// (a `weeks` fact reads 2 as 14 days). An unknown type word is reported and gives the error
// type.
Type resolve_type(CheckContext& cx, const TypeRef& ref, const std::string& owner, std::int64_t* scale) {
  if (scale) *scale = 1;
  Type t;
  if (ref.name.text == "one of") {
    const bool too_many = ref.enum_values.size() > kMaxEnumValues;
    if (too_many) {
      cx.error(Msg::limit_enum_values, ref.name.span,
               {owner, std::to_string(ref.enum_values.size()), std::to_string(kMaxEnumValues)});
    }
    if (cx.policy.enums.size() == kMaxEnumerations) {
      cx.error(Msg::limit_enumerations, ref.name.span, {std::to_string(kMaxEnumerations), owner});
    }
    if (cx.policy.enums.size() > std::numeric_limits<decltype(t.enum_id)>::max()) {
      t.optional = ref.optional;
      return t;  // the error type: the limit is reported, and the id would wrap
    }
    EnumInfo info{owner, {}};
    std::unordered_map<std::string, std::uint32_t> index;
    index.reserve(ref.enum_values.size());
    for (const auto& v : ref.enum_values) {
      if (!index.emplace(v.text, static_cast<std::uint32_t>(info.values.size())).second) {
        if (too_many) continue;  // the list is refused as a whole
        cx.error(Msg::duplicate_value, v.span, {v.text});
        continue;
      }
      info.values.push_back(v.text);
    }
    t.base = BaseType::enumeration;
    t.enum_id = static_cast<std::uint16_t>(cx.policy.enums.size());
    cx.policy.enums.push_back(std::move(info));
    cx.enum_index.push_back(std::move(index));
  } else {
    if (const auto* w = find_vocabulary(kTypeNames, ref.name.text)) {
      t.base = kTypeMeanings[w->id].base;
      if (scale) *scale = kTypeMeanings[w->id].scale;
    } else {
      const auto words = vocabulary_words(kTypeNames, cx.voice.keywords);
      const auto guess = cx.reported() ? closest(ref.name.text, words) : std::nullopt;
      auto& d = cx.error(Msg::unknown_type, ref.name.span, {ref.name.text});
      d.help = guess ? cx.say(Msg::did_you_mean, {*guess}) : cx.say(Msg::types_are);
      if (guess) d.fixes.push_back(Fix{ref.name.span, *guess, cx.say(Msg::fix_replace, {*guess})});
    }
  }
  t.optional = ref.optional;
  return t;
}

}  // namespace

// ---- header, names, facts ----

void check_header(CheckContext& cx) {
  const auto& h = cx.policy.ast.header;
  if (!h) {
    cx.error(Msg::no_header, Span{0, 0});
    return;
  }
  cx.policy.name = h->name.text;
  if (h->document) cx.policy.document = h->document->text;
  cx.policy.issued = header_date(h->issued);
  cx.policy.valid_from = header_date(h->valid_from);
  cx.policy.valid_until = header_date(h->valid_until);
  if (!cx.policy.valid_from) {
    cx.error(Msg::no_validity, h->name.span);
  }
  if (cx.policy.valid_from && cx.policy.valid_until && *cx.policy.valid_until < *cx.policy.valid_from) {
    cx.error(Msg::bad_validity, h->valid_until->span);
  }
}

// Declares in the order facts, parameters, definitions, tables, outputs, so that a duplicate
// is reported at the later declaration in that order.
void declare_all(CheckContext& cx) {
  auto& a = cx.policy.ast;
  for (std::uint32_t i = 0; i < a.facts.size(); ++i) declare(cx, a.facts[i].name, NameKind::fact, i);
  for (std::uint32_t i = 0; i < a.parameters.size(); ++i) declare(cx, a.parameters[i].name, NameKind::parameter, i);
  for (std::uint32_t i = 0; i < a.definitions.size(); ++i) declare(cx, a.definitions[i].name, NameKind::definition, i);
  for (std::uint32_t i = 0; i < a.tables.size(); ++i) declare(cx, a.tables[i].name, NameKind::table, i);
  for (std::uint32_t i = 0; i < a.outputs.size(); ++i) {
    const auto& name = a.outputs[i].name;
    for (auto r : kReservedColumns) {
      if (name.text == r) {
        cx.error(Msg::reserved_column, name.span, {r});
      }
    }
    declare(cx, name, NameKind::output, i);
  }
  // The key's column is the first output column: no output may take its name.
  for (const auto& o : a.outputs) {
    for (const auto& f : a.facts) {
      const std::string& column = f.column ? f.column->text : f.name.text;
      if (f.key && o.name.text == column && o.name.text != f.name.text) {
        cx.error(Msg::reserved_key_column, o.name.span, {column});
      }
    }
  }
}

// A default must be a literal of the fact's type: it is stored as a value, not compiled.
void check_facts(CheckContext& cx) {
  auto& a = cx.policy.ast;
  std::optional<std::uint32_t> key;
  std::unordered_map<std::string, Span> columns;
  for (std::uint32_t i = 0; i < a.facts.size(); ++i) {
    auto& f = a.facts[i];
    FactInfo info;
    info.type = resolve_type(cx, f.type, f.name.text, &info.scale);
    info.column = f.column ? f.column->text : f.name.text;
    const Span column_span = f.column ? f.column->span : f.name.span;
    if (auto [it, fresh] = columns.emplace(info.column, column_span); !fresh) {
      auto& d = cx.error(Msg::duplicate_column, column_span, {info.column});
      d.secondary.push_back(Label{it->second, cx.say(Msg::label_first_here)});
    }
    if (f.key) {
      if (key) {
        auto& d = cx.error(Msg::duplicate_key, f.key_span);
        d.secondary.push_back(Label{a.facts[*key].key_span, cx.say(Msg::label_first_key)});
      } else {
        key = i;
      }
      if (info.type.optional || (info.type.base != BaseType::text && info.type.base != BaseType::integer &&
                                 info.type.base != BaseType::error)) {
        cx.error(Msg::bad_key, f.type.span);
      }
    }
    if (f.default_value && info.type.base == BaseType::error) {
      info.has_default = true;  // the type's error is reported: no type to check the default against
    } else if (f.default_value) {
      info.has_default = true;
      if (info.type.optional) {
        cx.error(Msg::default_and_empty, f.default_value->span);
      }
      Expr& d = *f.default_value;
      Type dt = check_expr(cx, d, {},
                           info.type.base == BaseType::enumeration ? std::optional<Type>(info.type) : std::nullopt);
      Type want = info.type;
      want.optional = false;
      const bool literal = d.kind == ExprKind::integer || d.kind == ExprKind::date || d.kind == ExprKind::boolean ||
                           (d.kind == ExprKind::text && d.kids.empty()) ||
                           (d.kind == ExprKind::name && d.binding == NameKind::enum_value) ||
                           (d.kind == ExprKind::negate && d.kids[0]->kind == ExprKind::integer);
      if (!literal) {
        cx.error(Msg::bad_default, d.span);
      } else if (want.base == BaseType::duration && dt.base != BaseType::error && is_duration_literal(d)) {
        if (const auto v = literal_duration(d)) {
          info.default_value = *v;
        } else {
          cx.error(Msg::number_too_large, d.span);
        }
      } else if (dt.base != BaseType::error && want.base != BaseType::error && !(dt == want)) {
        cx.error(Msg::default_type, d.span,
                 {cx.tname(dt), cx.tname(want),
                  want.base == BaseType::duration
                      ? say_duration_unit(cx, d.value)
                  : want.base == BaseType::months || want.base == BaseType::days || want.base == BaseType::minutes
                      ? cx.say(Msg::write_the_unit,
                               {std::to_string(d.value), unit_word(want.base, cx.voice.keywords)})
                      : cx.say(Msg::give_fact_type)});
      } else if (d.kind == ExprKind::text) {
        info.default_text = d.pieces.front();
      } else if (d.kind == ExprKind::negate) {
        info.default_value = -d.kids[0]->value;
      } else if (d.kind == ExprKind::name) {
        info.default_value = d.index;
      } else {
        info.default_value = d.value;
      }
    }
    cx.policy.facts.push_back(std::move(info));
  }
  if (a.facts.empty()) {
    cx.error(Msg::no_facts, Span{0, 0});
  } else if (!key) {
    cx.error(Msg::no_key, a.facts.front().name.span);
  }
  cx.policy.key_fact = key.value_or(0);
}

// An outcome cannot be declared `or empty`: a record no rule decides fails instead (or takes the
// `otherwise` rule). The error is reported once and the type made non-optional. A table with a
// rule `then nothing` has the type `T or empty`: every use must be guarded.
Type table_outcome_type(CheckContext& cx, std::size_t i) {
  auto& t = cx.policy.ast.tables[i];
  Type type = resolve_type(cx, t.outcome, t.name.text, nullptr);
  if (type.optional) {
    cx.error(Msg::optional_outcome, t.outcome.span);
    type.optional = false;
  }
  for (const auto& r : t.rules)
    if (r.then && r.then->kind == ExprKind::nothing) type.optional = true;
  return type;
}

// ---- lazily typed declarations (definitions may be used before they are declared) ----

namespace {

// Reports that `name` is read while its own value is being checked, at the use that closed
// the cycle.
void cycle(CheckContext& cx, const Ident& name, Span use) {
  auto& d = cx.error(Msg::cycle, use, {name.text});
  d.secondary.push_back(Label{name.span, cx.say(Msg::label_declared_here)});
}

// A variant's (or `--set`'s) value must have the type of the base's: the rules that read the
// name were written for that type. The base's value is typed quietly: its own mistakes were
// the base's to report.
// Returns the type the name has from now on: the base's, so that the rules reading it report
// no follow-up errors.
Type check_override(CheckContext& cx, Binding& b, Type t) {
  // What the quiet check reaches first (a table, a definition) must be checked again, loudly,
  // where the policy itself reads it: its states are put back with the diagnostics.
  const std::size_t mark = cx.diags.size();
  auto states = std::tie(cx.param_state, cx.def_state, cx.out_state, cx.table_state);
  const auto saved = std::make_tuple(cx.param_state, cx.def_state, cx.out_state, cx.table_state);
  const Type was = check_expr(cx, *b.replaced, {});
  cx.diags.resize(mark);
  states = saved;
  // a duration parameter set to `4 Wochen` or to a months value: widened, keeping its unit
  if (was.base == BaseType::duration && t.base != BaseType::duration && widen_to_duration(cx, b.value)) {
    t = b.value->type;
  }
  if (was.base == BaseType::error || t.base == BaseType::error || was == t) return t;
  auto& d = cx.error(Msg::override_type, b.value->span, {b.name.text, cx.tname(was), cx.tname(t)});
  d.secondary.push_back(Label{b.replaced_span, cx.say(Msg::label_base_declaration, {cx.tname(was)})});
  if (b.value->kind == ExprKind::integer && b.value->unit == Unit::none && was.base == BaseType::duration) {
    d.help = say_duration_unit(cx, b.value->value);
  } else if (b.value->kind == ExprKind::integer && b.value->unit == Unit::none && was.base != BaseType::integer) {
    d.help = cx.say(Msg::override_with_unit,
                    {std::to_string(b.value->value),
                     was.base == BaseType::percent        ? "%"
                     : cx.voice.keywords == Lang::en ? cx.tname(was)
                                                     : unit_word(was.base, cx.voice.keywords)});
  } else {
    d.help = cx.say(Msg::override_give_type, {cx.tname(was)});
  }
  return was;
}

// The type of a parameter, definition or output (`state` and `slot`: its entry in the
// context's states and the policy's types). Its expression is checked outside any rule
// (no section) and, for a parameter, with only parameters readable. An output may give a table
// that has no value (`output`: check_value_or_empty); nothing else may be empty.
Type binding_type(CheckContext& cx, Binding& b, int& state, Type& slot, Span use, bool parameter, bool output = false) {
  if (state == 2) return slot;
  if (state == 1) {
    cycle(cx, b.name, use);
    return simple(BaseType::error);
  }
  state = 1;
  const std::string saved = cx.section;
  const bool saved_param = cx.in_parameter;
  cx.section.clear();
  cx.in_parameter = parameter;
  Type t = output ? check_value_or_empty(cx, *b.value, {}) : check_expr(cx, *b.value, {});
  if (b.replaced) t = check_override(cx, b, t);
  cx.in_parameter = saved_param;
  cx.section = saved;
  slot = t;
  state = 2;
  return t;
}

// Checks a table once, on first use: its hit policy, its rule names, at most one
// `otherwise`, each rule's condition and outcome (read under the condition's guards). The
// rule's section is set while its rule is checked, so that its diagnostics carry it.
void check_table(CheckContext& cx, std::uint32_t index, Span use) {
  int& state = cx.table_state[index];
  auto& t = cx.policy.ast.tables[index];
  if (state == 2) return;
  if (state == 1) {
    cycle(cx, t.name, use);
    return;
  }
  state = 1;
  const Type outcome = cx.policy.table_types[index];
  const auto* hit = find_vocabulary(kHitNames, t.hit.text);
  if (hit == nullptr) {
    const auto hits = vocabulary_words(kHitNames, cx.voice.keywords);
    const auto guess = cx.reported() ? closest(t.hit.text, hits) : std::nullopt;
    auto& d = cx.error(Msg::unknown_hit_policy, t.hit.span, {t.hit.text});
    const auto hit_word = [&](std::size_t i) { return i < hits.size() ? std::string_view(hits[i]) : std::string_view(); };
    d.help = cx.say(guess ? Msg::hit_did_you_mean : Msg::hit_policies_are,
                    {guess ? std::string_view(*guess) : std::string_view(), hit_word(0), hit_word(1), hit_word(2),
                     hit_word(3)});
    if (guess) d.fixes.push_back(Fix{t.hit.span, *guess, cx.say(Msg::fix_replace, {*guess})});
  } else if (hit->id >= 2 && outcome.base != BaseType::error && !is_ordered(outcome.base)) {
    // ids 2 and 3 are `shortest` and `longest` (kHitNames)
    cx.error(Msg::unordered_outcome, t.hit.span, {t.hit.text, cx.tname(outcome)});
  }
  if (t.rules.empty()) {
    cx.error(Msg::empty_table, t.name.span, {t.name.text});
  }
  if (t.rules.size() > kMaxRulesPerTable) {
    cx.error(Msg::limit_rules, t.name.span, {t.name.text, std::to_string(kMaxRulesPerTable)});
  }
  std::unordered_map<std::string, Span> names;
  const RuleDecl* otherwise = nullptr;
  for (auto& r : t.rules) {
    cx.section = r.section.text;
    if (auto [it, fresh] = names.emplace(r.name.text, r.name.span); !fresh) {
      auto& d = cx.error(Msg::duplicate_rule, r.name.span, {r.name.text});
      d.secondary.push_back(Label{it->second, cx.say(Msg::label_first_rule)});
    }
    Guarded guarded;
    if (r.when) {
      expect_bool(cx, *r.when, {}, Msg::what_rule_condition);
      guards(*r.when, true, guarded);
    } else if (otherwise) {
      auto& d = cx.error(Msg::duplicate_otherwise, r.otherwise_span);
      d.secondary.push_back(Label{otherwise->otherwise_span, cx.say(Msg::label_first_otherwise)});
    } else {
      otherwise = &r;
    }
    if (r.then->kind == ExprKind::nothing) {  // `then nothing`: no value, of the table's type
      r.then->type = outcome;
      continue;
    }
    Type want = outcome;
    want.optional = false;  // a rule with a value gives T, not `T or empty`
    Type got = check_expr(cx, *r.then, guarded, want);
    if (want.base == BaseType::duration && widen_to_duration(cx, r.then)) got = r.then->type;
    if (got.base != BaseType::error && want.base != BaseType::error && !(got == want) &&
        !hint_parameter_unit(cx, *r.then, got, want) && !hint_quoted_enum(cx, *r.then, got, *r.then, want)) {
      cx.error(Msg::rule_outcome_type, r.then->span,
               {r.name.text, cx.tname(got), t.name.text, cx.tname(want), unit_hint(cx, got, want)});
    }
  }
  cx.section.clear();
  state = 2;
}

}  // namespace

// Facts and as_of have their type from the start; the other declarations are checked here,
// on the first use, with the state machine of binding_type and check_table.
Type type_of(CheckContext& cx, Symbol s, Span use) {
  switch (s.kind) {
    case NameKind::fact: return cx.policy.facts[s.index].type;
    case NameKind::as_of: return simple(BaseType::date);
    case NameKind::parameter: return binding_type(cx, cx.policy.ast.parameters[s.index], cx.param_state[s.index],
                                                  cx.policy.parameter_types[s.index], use, true);
    case NameKind::definition: return binding_type(cx, cx.policy.ast.definitions[s.index], cx.def_state[s.index],
                                                   cx.policy.definition_types[s.index], use, false);
    case NameKind::output: return binding_type(cx, cx.policy.ast.outputs[s.index], cx.out_state[s.index],
                                               cx.policy.output_types[s.index], use, false, true);
    case NameKind::table: check_table(cx, s.index, use); return cx.policy.table_types[s.index];
    default: return simple(BaseType::error);
  }
}

// Validations are checked outside any rule, after every declaration; the message may read the
// optional facts that the condition guards at the moment the message is shown.
void check_validation(CheckContext& cx, Validation& v) {
  expect_bool(cx, *v.condition, {}, v.is_warning ? Msg::what_warn_condition : Msg::what_require_condition);
  Guarded guarded;
  // the message of `require` is shown when the condition is false; of `warn` when it is true
  guards(*v.condition, v.is_warning, guarded);
  check_expr(cx, *v.message, guarded);
}

// ---- workload ----

namespace {

// The role a workload entry names, in English or German; null if none.
const WorkloadRoleInfo* find_role(std::string_view name) {
  for (const auto& r : kWorkloadRoles)
    if (r.name == name || r.german == name) return &r;
  return nullptr;
}

// True if `e` reads only parameters and literals (the same value for every record).
bool is_constant(const Expr& e) {
  if (e.kind == ExprKind::name && e.binding != NameKind::parameter && e.binding != NameKind::enum_value) return false;
  for (const auto& k : e.kids)
    if (!is_constant(*k)) return false;
  return true;
}

}  // namespace

// Without a `workload` block (no entries, no span) there is nothing to check: only the
// reports need one, and they say so.
void check_workload(CheckContext& cx) {
  auto& a = cx.policy.ast;
  cx.policy.workload_types.assign(a.workload.size(), Type{});
  cx.policy.workload_roles.assign(a.workload.size(), WorkloadRole::category);
  if (a.workload.empty() && a.workload_span.end == 0) return;
  std::vector<const Binding*> given(kWorkloadRoleCount, nullptr);
  std::vector<std::string> role_names;
  for (const auto& r : kWorkloadRoles) role_names.emplace_back(r.name);
  for (std::size_t i = 0; i < a.workload.size(); ++i) {
    Binding& b = a.workload[i];
    const WorkloadRoleInfo* role = find_role(b.name.text);
    if (role == nullptr) {
      auto& d = cx.error(Msg::unknown_role, b.name.span, {b.name.text});
      if (const auto guess = cx.reported() ? closest(b.name.text, role_names) : std::nullopt) {
        d.help = cx.say(Msg::did_you_mean, {*guess});
        d.fixes.push_back(Fix{b.name.span, *guess, cx.say(Msg::fix_replace, {*guess})});
      } else {
        d.help = cx.say(Msg::roles_are);
      }
      continue;
    }
    const auto r = static_cast<std::size_t>(role->role);
    if (given[r] != nullptr) {
      auto& d = cx.error(Msg::duplicate_role, b.name.span, {role->name});
      d.secondary.push_back(Label{given[r]->name.span, cx.say(Msg::label_first_given)});
      continue;
    }
    given[r] = &b;
    cx.policy.workload_roles[i] = role->role;
    // an empty interval is a customer without recurring interviews (report/workload.cpp)
    const Type t = role->role == WorkloadRole::interval ? check_value_or_empty(cx, *b.value, {}) : check_expr(cx, *b.value, {});
    cx.policy.workload_types[i] = t;
    if (t.base == BaseType::error) continue;
    const BaseType want = role_type(*role);
    // `interval` takes months or a duration (stdlib/workload_roles.hpp)
    const bool also_duration = role->role == WorkloadRole::interval && t.base == BaseType::duration;
    if (want != BaseType::error && t.base != want && !also_duration) {
      cx.error(Msg::role_type, b.value->span, {role->name, cx.tname(simple(want)), cx.tname(t), role->meaning});
      continue;
    }
    if (role->constant && !is_constant(*b.value)) {
      cx.error(Msg::role_not_constant, b.value->span, {role->name});
    }
  }
  for (const auto& r : kWorkloadRoles) {
    if (given[static_cast<std::size_t>(r.role)] != nullptr) continue;
    cx.error(Msg::missing_role, Span{a.workload_span.begin, a.workload_span.begin + 8}, {r.name, r.meaning});
  }
}

}  // namespace kadenz::detail
