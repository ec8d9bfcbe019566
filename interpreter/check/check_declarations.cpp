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
    {BaseType::months, 1},  {BaseType::months, 12}, {BaseType::percent, 1},
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

// The keyword language of the policy being checked.
Lang policy_lang(const CheckContext& cx) { return cx.policy.ast.lang; }

// The names of kTypeNames or kHitNames in language `lang`, canonical spellings only (for
// did-you-mean and the lists in help texts).
template <std::size_t N>
std::vector<std::string> vocabulary_words(const VocabularySpelling (&table)[N], Lang lang) {
  std::vector<std::string> words;
  for (const auto& s : table)
    if (s.lang == lang && vocabulary_text(table, s.id, lang) == s.text) words.emplace_back(s.text);
  return words;
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
    cx.error("reserved-name", name.span, "`as_of` is the evaluation date and cannot be redefined", "declared here",
             "choose another name");
    return;
  }
  if (find_builtin(name.text)) {
    cx.error("reserved-name", name.span, fmt::format("`{}` is a standard library function", name.text),
             "declared here", "choose another name");
    return;
  }
  auto [it, fresh] = cx.symbols.emplace(name.text, Symbol{kind, index, name.span});
  if (!fresh) {
    auto& d = cx.error("duplicate-name", name.span, fmt::format("`{}` is declared twice", name.text),
                       "declared again here", "rename one of them; names of facts, parameters, definitions, "
                       "tables and outputs share one namespace");
    d.secondary.push_back(Label{it->second.span, "first declared here"});
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
      cx.error("limit", ref.name.span,
               fmt::format("`{}` lists {} values; a `one of` may list at most {}", owner, ref.enum_values.size(),
                           kMaxEnumValues),
               "too many values", "keep the values the rules tell apart, or read the column as `text`");
    }
    if (cx.policy.enums.size() == kMaxEnumerations) {
      cx.error("limit", ref.name.span,
               fmt::format("a policy may declare at most {} `one of` types; `{}` is one more", kMaxEnumerations, owner),
               "one too many", "declare fewer facts and tables with `one of` types");
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
        cx.error("duplicate-value", v.span, fmt::format("`{}` is listed twice", v.text), "again here",
                 "remove the second one");
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
      const auto words = vocabulary_words(kTypeNames, policy_lang(cx));
      const auto guess = cx.reported() ? closest(ref.name.text, words) : std::nullopt;
      cx.error("unknown-type", ref.name.span, fmt::format("unknown type `{}`", ref.name.text), "not a type",
               guess ? fmt::format("did you mean `{}`?", *guess)
                     : "types are bool, int, text, date, days, weeks, months, years, minutes, hours, percent "
                       "and `one of a, b, c`");
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
    cx.error("no-header", Span{0, 0}, "the policy has no header", "",
             "start the file with `policy \"Name\"`, `document \"…\"`, `issued <date>` and `valid from <date>`");
    return;
  }
  cx.policy.name = h->name.text;
  if (h->document) cx.policy.document = h->document->text;
  cx.policy.issued = header_date(h->issued);
  cx.policy.valid_from = header_date(h->valid_from);
  cx.policy.valid_until = header_date(h->valid_until);
  if (!cx.policy.valid_from) {
    cx.error("no-validity", h->name.span, "the header does not say from when the policy is valid", "",
             "add `valid from <date>` (the directive's start date) to the header");
  }
  if (cx.policy.valid_from && cx.policy.valid_until && *cx.policy.valid_until < *cx.policy.valid_from) {
    cx.error("bad-validity", h->valid_until->span, "`valid until` is before `valid from`", "ends before it starts",
             "swap the dates or correct the year");
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
        cx.error("reserved-name", name.span, fmt::format("`{}` is a column every evaluation writes itself", r),
                 "output declared here", "choose another name for this output");
      }
    }
    declare(cx, name, NameKind::output, i);
  }
  // The key's column is the first output column: no output may take its name.
  for (const auto& o : a.outputs) {
    for (const auto& f : a.facts) {
      const std::string& column = f.column ? f.column->text : f.name.text;
      if (f.key && o.name.text == column && o.name.text != f.name.text) {
        cx.error("reserved-name", o.name.span,
                 fmt::format("`{}` is the key's column, which every output row starts with", column),
                 "output declared here", "choose another name for this output");
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
      auto& d = cx.error("duplicate-column", column_span,
                         fmt::format("two facts read the caseload column `{}`", info.column), "second fact here",
                         "give one of them its own column with `column \"…\"`");
      d.secondary.push_back(Label{it->second, "first here"});
    }
    if (f.key) {
      if (key) {
        auto& d = cx.error("duplicate-key", f.key_span, "more than one fact is marked `key`", "second key",
                           "a record has one key (the customer number): remove one `key`");
        d.secondary.push_back(Label{a.facts[*key].key_span, "first key"});
      } else {
        key = i;
      }
      if (info.type.optional || (info.type.base != BaseType::text && info.type.base != BaseType::integer &&
                                 info.type.base != BaseType::error)) {
        cx.error("bad-key", f.type.span, "the key must be `text` or `int` and never empty", "key type",
                 "declare the customer number as `text, key`");
      }
    }
    if (f.default_value && info.type.base == BaseType::error) {
      info.has_default = true;  // the type's error is reported: no type to check the default against
    } else if (f.default_value) {
      info.has_default = true;
      if (info.type.optional) {
        cx.error("default-and-empty", f.default_value->span, "a fact with a default is never empty",
                 "default given here", "drop `or empty` or drop the default");
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
        cx.error("bad-default", d.span, "a default must be a plain value", "not a plain value",
                 "write a literal such as `0 months`, `false` or `\"\"`");
      } else if (dt.base != BaseType::error && want.base != BaseType::error && !(dt == want)) {
        cx.error("type-mismatch", d.span,
                 fmt::format("the default is {} but the fact is {}", cx.tname(dt), cx.tname(want)), "wrong type",
                 want.base == BaseType::months || want.base == BaseType::days || want.base == BaseType::minutes
                     ? fmt::format("write the unit: `{} {}`", d.value, base_name(want.base))
                     : "give a value of the fact's type");
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
    cx.error("no-facts", Span{0, 0}, "the policy declares no facts", "",
             "add a `facts … end` block naming the caseload's columns, with the customer number as `id: text, key`");
  } else if (!key) {
    cx.error("no-key", a.facts.front().name.span, "no fact is marked `key`", "first fact",
             "mark the customer number: `id: text, key`; every output row starts with it");
  }
  cx.policy.key_fact = key.value_or(0);
}

// An outcome cannot be `or empty`: a record no rule decides fails instead (or takes the
// `otherwise` rule). The error is reported once and the type made non-optional.
Type table_outcome_type(CheckContext& cx, std::size_t i) {
  auto& t = cx.policy.ast.tables[i];
  Type type = resolve_type(cx, t.outcome, t.name.text, nullptr);
  if (type.optional) {
    cx.error("optional-outcome", t.outcome.span, "a table's outcome cannot be empty", "`or empty` here",
             "remove `or empty`; use an `otherwise` rule for records no other rule decides");
    type.optional = false;
  }
  return type;
}

// ---- lazily typed declarations (definitions may be used before they are declared) ----

namespace {

// Reports that `name` is read while its own value is being checked, at the use that closed
// the cycle.
void cycle(CheckContext& cx, const Ident& name, Span use) {
  auto& d = cx.error("cycle", use, fmt::format("`{}` depends on itself", name.text), "used here",
                     "a definition cannot use its own value, directly or through others: rewrite one of them");
  d.secondary.push_back(Label{name.span, "declared here"});
}

// A variant's (or `--set`'s) value must have the type of the base's: the rules that read the
// name were written for that type. The base's value is typed quietly: its own mistakes were
// the base's to report.
// Returns the type the name has from now on: the base's, so that the rules reading it report
// no follow-up errors.
Type check_override(CheckContext& cx, const Binding& b, const Type& t) {
  // What the quiet check reaches first (a table, a definition) must be checked again, loudly,
  // where the policy itself reads it: its states are put back with the diagnostics.
  const std::size_t mark = cx.diags.size();
  auto states = std::tie(cx.param_state, cx.def_state, cx.out_state, cx.table_state);
  const auto saved = std::make_tuple(cx.param_state, cx.def_state, cx.out_state, cx.table_state);
  const Type was = check_expr(cx, *b.replaced, {});
  cx.diags.resize(mark);
  states = saved;
  if (was.base == BaseType::error || t.base == BaseType::error || was == t) return t;
  auto& d = cx.error("override-type", b.value->span,
                     fmt::format("`{}` is {} where it is declared, but {} here", b.name.text, cx.tname(was),
                                 cx.tname(t)),
                     cx.tname(t), "");
  d.secondary.push_back(Label{b.replaced_span, fmt::format("the base's declaration ({})", cx.tname(was))});
  if (b.value->kind == ExprKind::integer && b.value->unit == Unit::none && was.base != BaseType::integer) {
    d.help = fmt::format("write the value with its unit, as the base does (e.g. `{} {}`)", b.value->value,
                         was.base == BaseType::percent ? "%" : cx.tname(was));
  } else {
    d.help = fmt::format("give a value of type {}", cx.tname(was));
  }
  return was;
}

// The type of a parameter, definition or output (`state` and `slot`: its entry in the
// context's states and the policy's types). Its expression is checked outside any rule
// (no section) and, for a parameter, with only parameters readable.
Type binding_type(CheckContext& cx, Binding& b, int& state, Type& slot, Span use, bool parameter) {
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
  Type t = check_expr(cx, *b.value, {});
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
    const auto hits = vocabulary_words(kHitNames, policy_lang(cx));
    const auto guess = cx.reported() ? closest(t.hit.text, hits) : std::nullopt;
    cx.error("unknown-hit-policy", t.hit.span, fmt::format("unknown hit policy `{}`", t.hit.text), "not a hit policy",
             guess ? fmt::format("did you mean `{}`? (first, unique, shortest, longest)", *guess)
                   : "hit policies are first, unique, shortest and longest");
  } else if (hit->id >= 2 && outcome.base != BaseType::error && !is_ordered(outcome.base)) {
    // ids 2 and 3 are `shortest` and `longest` (kHitNames)
    cx.error("unordered-outcome", t.hit.span,
             fmt::format("`hit {}` needs outcomes that can be ordered, but this table gives {}", t.hit.text,
                         cx.tname(outcome)),
             "hit policy", "use `first` or `unique`, or give the table a number, duration or date outcome");
  }
  if (t.rules.empty()) {
    cx.error("empty-table", t.name.span, fmt::format("table `{}` has no rules", t.name.text), "no rules",
             "add `rule name §section when condition then outcome` lines before `end`");
  }
  if (t.rules.size() > kMaxRulesPerTable) {
    cx.error("limit", t.name.span, fmt::format("table `{}` has more than {} rules", t.name.text, kMaxRulesPerTable),
             "too many rules", "split the table");
  }
  std::unordered_map<std::string, Span> names;
  const RuleDecl* otherwise = nullptr;
  for (auto& r : t.rules) {
    cx.section = r.section.text;
    if (auto [it, fresh] = names.emplace(r.name.text, r.name.span); !fresh) {
      auto& d = cx.error("duplicate-rule", r.name.span, fmt::format("two rules are called `{}`", r.name.text),
                         "second rule", "rule names appear in the output's `rule` column: make them unique");
      d.secondary.push_back(Label{it->second, "first rule"});
    }
    Guarded guarded;
    if (r.when) {
      expect_bool(cx, *r.when, {}, "a rule's condition");
      guards(*r.when, true, guarded);
    } else if (otherwise) {
      auto& d = cx.error("duplicate-otherwise", r.otherwise_span, "a table can have only one `otherwise` rule",
                         "second `otherwise`", "remove one of them");
      d.secondary.push_back(Label{otherwise->otherwise_span, "first `otherwise`"});
    } else {
      otherwise = &r;
    }
    const Type got = check_expr(cx, *r.then, guarded, outcome);
    if (got.base != BaseType::error && outcome.base != BaseType::error && !(got == outcome) &&
        !hint_parameter_unit(cx, *r.then, got, outcome) && !hint_quoted_enum(cx, *r.then, got, *r.then, outcome)) {
      cx.error("type-mismatch", r.then->span,
               fmt::format("rule `{}` gives {} but table `{}` gives {}", r.name.text, cx.tname(got), t.name.text,
                           cx.tname(outcome)),
               "outcome of this rule", unit_hint(got, outcome));
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
                                               cx.policy.output_types[s.index], use, false);
    case NameKind::table: check_table(cx, s.index, use); return cx.policy.table_types[s.index];
    default: return simple(BaseType::error);
  }
}

// Validations are checked outside any rule, after every declaration; the message may read the
// optional facts that the condition guards at the moment the message is shown.
void check_validation(CheckContext& cx, Validation& v) {
  expect_bool(cx, *v.condition, {}, v.is_warning ? "the condition of `warn when`" : "the condition of `require`");
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
      auto& d = cx.error("unknown-role", b.name.span, fmt::format("`{}` is not a workload role", b.name.text),
                         "not a role", "");
      if (const auto guess = cx.reported() ? closest(b.name.text, role_names) : std::nullopt) d.help = fmt::format("did you mean `{}`?", *guess);
      else d.help = "the roles are category, interval, next_due, minutes, first_interview, prep_minutes, "
                    "weekly_hours and interview_share (docs/workload.md)";
      continue;
    }
    const auto r = static_cast<std::size_t>(role->role);
    if (given[r] != nullptr) {
      auto& d = cx.error("duplicate-name", b.name.span, fmt::format("workload role `{}` is given twice", role->name),
                         "given again here", "remove one of them");
      d.secondary.push_back(Label{given[r]->name.span, "first given here"});
      continue;
    }
    given[r] = &b;
    cx.policy.workload_roles[i] = role->role;
    const Type t = check_expr(cx, *b.value, {});
    cx.policy.workload_types[i] = t;
    if (t.base == BaseType::error) continue;
    const BaseType want = role_type(*role);
    if (want != BaseType::error && t.base != want) {
      cx.error("type-mismatch", b.value->span,
               fmt::format("workload role `{}` needs {}, but this is {}", role->name, cx.tname(simple(want)),
                           cx.tname(t)),
               cx.tname(t), fmt::format("`{}` is {}", role->name, role->meaning));
      continue;
    }
    if (role->constant && !is_constant(*b.value)) {
      cx.error("not-constant", b.value->span,
               fmt::format("workload role `{}` must be the same for every customer", role->name),
               "depends on the record", "use a parameter or a number here");
    }
  }
  for (const auto& r : kWorkloadRoles) {
    if (given[static_cast<std::size_t>(r.role)] != nullptr) continue;
    cx.error("missing-role", Span{a.workload_span.begin, a.workload_span.begin + 8},
             fmt::format("the workload block does not give `{}`", r.name), "",
             fmt::format("add `{} = …`: {}", r.name, r.meaning));
  }
}

}  // namespace kadenz::detail
