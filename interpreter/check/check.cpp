// Resolve + check: names to symbols, expressions to types, guards for optional facts.
#include "interpreter/check/check.hpp"

#include "grammar/limits.hpp"
#include "interpreter/diagnostics/suggest.hpp"
#include "stdlib/date.hpp"
#include "stdlib/functions.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>
#include <unordered_map>

namespace kadenz::detail {

namespace {

const char* base_name(BaseType b) {
  switch (b) {
    case BaseType::error: return "<error>";
    case BaseType::boolean: return "bool";
    case BaseType::integer: return "int";
    case BaseType::text: return "text";
    case BaseType::date: return "date";
    case BaseType::minutes: return "minutes";
    case BaseType::days: return "days";
    case BaseType::months: return "months";
    case BaseType::percent: return "percent";
    case BaseType::enumeration: return "enumeration";
  }
  return "?";
}

bool is_quantity(BaseType b) {
  return b == BaseType::minutes || b == BaseType::days || b == BaseType::months || b == BaseType::percent;
}
bool is_numeric(BaseType b) { return b == BaseType::integer || is_quantity(b); }
bool is_ordered(BaseType b) { return is_numeric(b) || b == BaseType::date; }

Type simple(BaseType b) { return Type{b, 0, false}; }

// Type names a policy may write, with the input scale of the unit (weeks are days × 7).
struct TypeWord {
  std::string_view word;
  BaseType base;
  std::int64_t scale;
};
constexpr TypeWord kTypeWords[] = {
    {"bool", BaseType::boolean, 1},  {"int", BaseType::integer, 1},  {"text", BaseType::text, 1},
    {"date", BaseType::date, 1},     {"minutes", BaseType::minutes, 1}, {"hours", BaseType::minutes, 60},
    {"days", BaseType::days, 1},     {"weeks", BaseType::days, 7},    {"months", BaseType::months, 1},
    {"years", BaseType::months, 12}, {"percent", BaseType::percent, 1},
};

// The type a workload role needs, from its type word; error for a role that takes any type.
BaseType role_type(const WorkloadRoleInfo& role) {
  for (const auto& w : kTypeWords)
    if (w.word == role.type) return w.base;
  return BaseType::error;
}

constexpr std::string_view kHitPolicies[] = {"first", "unique", "shortest", "longest"};

// Output columns that every evaluation writes itself; an output may not take these names.
constexpr std::string_view kReservedColumns[] = {"rule", "source", "warnings", "error"};

struct Symbol {
  NameKind kind = NameKind::unresolved;
  std::uint32_t index = 0;
  Span span;
};

// Facts known to be non-empty at a point of an expression (a tiny sorted set).
using Guarded = std::vector<std::uint32_t>;

void add_all(Guarded& into, const Guarded& from) {
  for (auto f : from)
    if (std::find(into.begin(), into.end(), f) == into.end()) into.push_back(f);
}

class Checker {
 public:
  Checker(PolicyAst ast, std::vector<Diagnostic>& diagnostics) : diags_(diagnostics) { p_.ast = std::move(ast); }

  CheckedPolicy run() {
    check_header();
    declare_all();
    check_facts();
    const auto& a = p_.ast;
    p_.parameter_types.assign(a.parameters.size(), Type{});
    p_.definition_types.assign(a.definitions.size(), Type{});
    p_.output_types.assign(a.outputs.size(), Type{});
    p_.table_types.assign(a.tables.size(), Type{});
    param_state_.assign(a.parameters.size(), 0);
    def_state_.assign(a.definitions.size(), 0);
    out_state_.assign(a.outputs.size(), 0);
    table_state_.assign(a.tables.size(), 0);
    // Tables first declare their outcome types, so rules may refer to other tables' outcomes.
    for (std::size_t i = 0; i < a.tables.size(); ++i) p_.table_types[i] = table_outcome_type(i);
    for (std::uint32_t i = 0; i < a.parameters.size(); ++i) type_of(Symbol{NameKind::parameter, i, {}}, {});
    for (std::uint32_t i = 0; i < a.definitions.size(); ++i) type_of(Symbol{NameKind::definition, i, {}}, {});
    for (std::uint32_t i = 0; i < a.tables.size(); ++i) type_of(Symbol{NameKind::table, i, {}}, {});
    for (std::uint32_t i = 0; i < a.outputs.size(); ++i) type_of(Symbol{NameKind::output, i, {}}, {});
    for (auto& v : p_.ast.validations) check_validation(v);
    check_workload();
    if (p_.ast.outputs.empty() && !p_.ast.facts.empty()) {
      error("no-outputs", Span{0, 0}, "the policy declares no outputs", "",
            "add `output name = expression` lines: they are the columns `kadenz eval` writes");
    }
    return std::move(p_);
  }

 private:
  CheckedPolicy p_;
  std::vector<Diagnostic>& diags_;
  std::unordered_map<std::string, Symbol> symbols_;
  std::vector<int> param_state_, def_state_, out_state_, table_state_;  // 0 new, 1 checking, 2 done
  std::string section_;  // § of the rule being checked, for diagnostics
  bool in_parameter_ = false;

  Diagnostic& error(std::string code, Span span, std::string message, std::string label, std::string help) {
    diags_.push_back(Diagnostic{std::move(code), Severity::error, std::move(message), span, std::move(label), {},
                                std::move(help), section_, {}, {}});
    return diags_.back();
  }

  std::string tname(const Type& t) const { return type_name(t, p_.enums); }

  // ---- header ----

  std::optional<std::int32_t> header_date(const std::optional<Ident>& id) {
    if (!id) return std::nullopt;
    return static_cast<std::int32_t>(std::stoll(id->text));
  }

  void check_header() {
    const auto& h = p_.ast.header;
    if (!h) {
      error("no-header", Span{0, 0}, "the policy has no header", "",
            "start the file with `policy \"Name\"`, `document \"…\"`, `issued <date>` and `valid from <date>`");
      return;
    }
    p_.name = h->name.text;
    if (h->document) p_.document = h->document->text;
    p_.issued = header_date(h->issued);
    p_.valid_from = header_date(h->valid_from);
    p_.valid_until = header_date(h->valid_until);
    if (!p_.valid_from) {
      error("no-validity", h->name.span, "the header does not say from when the policy is valid", "",
            "add `valid from <date>` (the directive's start date) to the header");
    }
    if (p_.valid_from && p_.valid_until && *p_.valid_until < *p_.valid_from) {
      error("bad-validity", h->valid_until->span, "`valid until` is before `valid from`", "ends before it starts",
            "swap the dates or correct the year");
    }
  }

  // ---- names ----

  void declare(const Ident& name, NameKind kind, std::uint32_t index) {
    if (name.text == "as_of") {
      error("reserved-name", name.span, "`as_of` is the evaluation date and cannot be redefined", "declared here",
            "choose another name");
      return;
    }
    for (const auto& b : kBuiltins) {
      if (b.name == name.text) {
        error("reserved-name", name.span, fmt::format("`{}` is a standard library function", name.text),
              "declared here", "choose another name");
        return;
      }
    }
    auto [it, fresh] = symbols_.emplace(name.text, Symbol{kind, index, name.span});
    if (!fresh) {
      auto& d = error("duplicate-name", name.span, fmt::format("`{}` is declared twice", name.text),
                      "declared again here", "rename one of them; names of facts, parameters, definitions, "
                      "tables and outputs share one namespace");
      d.secondary.push_back(Label{it->second.span, "first declared here"});
    }
  }

  void declare_all() {
    auto& a = p_.ast;
    for (std::uint32_t i = 0; i < a.facts.size(); ++i) declare(a.facts[i].name, NameKind::fact, i);
    for (std::uint32_t i = 0; i < a.parameters.size(); ++i) declare(a.parameters[i].name, NameKind::parameter, i);
    for (std::uint32_t i = 0; i < a.definitions.size(); ++i) declare(a.definitions[i].name, NameKind::definition, i);
    for (std::uint32_t i = 0; i < a.tables.size(); ++i) declare(a.tables[i].name, NameKind::table, i);
    for (std::uint32_t i = 0; i < a.outputs.size(); ++i) {
      const auto& name = a.outputs[i].name;
      for (auto r : kReservedColumns) {
        if (name.text == r) {
          error("reserved-name", name.span, fmt::format("`{}` is a column every evaluation writes itself", r),
                "output declared here", "choose another name for this output");
        }
      }
      declare(name, NameKind::output, i);
    }
    // The key's column is the first output column: no output may take its name.
    for (const auto& o : a.outputs) {
      for (const auto& f : a.facts) {
        const std::string& column = f.column ? f.column->text : f.name.text;
        if (f.key && o.name.text == column && o.name.text != f.name.text) {
          error("reserved-name", o.name.span,
                fmt::format("`{}` is the key's column, which every output row starts with", column),
                "output declared here", "choose another name for this output");
        }
      }
    }
  }

  std::vector<std::string> symbol_names() const {
    std::vector<std::string> names;
    for (const auto& [n, s] : symbols_) names.push_back(n);
    names.push_back("as_of");
    std::sort(names.begin(), names.end());
    return names;
  }

  // ---- types ----

  Type resolve_type(const TypeRef& ref, const std::string& owner, std::int64_t* scale) {
    if (scale) *scale = 1;
    Type t;
    if (ref.name.text == "one of") {
      EnumInfo info{owner, {}};
      for (const auto& v : ref.enum_values) {
        if (std::find(info.values.begin(), info.values.end(), v.text) != info.values.end()) {
          error("duplicate-value", v.span, fmt::format("`{}` is listed twice", v.text), "again here",
                "remove the second one");
          continue;
        }
        info.values.push_back(v.text);
      }
      t.base = BaseType::enumeration;
      t.enum_id = static_cast<std::uint16_t>(p_.enums.size());
      p_.enums.push_back(std::move(info));
    } else {
      bool found = false;
      for (const auto& w : kTypeWords) {
        if (w.word == ref.name.text) {
          t.base = w.base;
          if (scale) *scale = w.scale;
          found = true;
        }
      }
      if (!found) {
        std::vector<std::string> words;
        for (const auto& w : kTypeWords) words.emplace_back(w.word);
        const auto guess = closest(ref.name.text, words);
        error("unknown-type", ref.name.span, fmt::format("unknown type `{}`", ref.name.text), "not a type",
              guess ? fmt::format("did you mean `{}`?", *guess)
                    : "types are bool, int, text, date, days, weeks, months, years, minutes, hours, percent "
                      "and `one of a, b, c`");
      }
    }
    t.optional = ref.optional;
    return t;
  }

  void check_facts() {
    auto& a = p_.ast;
    std::optional<std::uint32_t> key;
    std::unordered_map<std::string, Span> columns;
    for (std::uint32_t i = 0; i < a.facts.size(); ++i) {
      auto& f = a.facts[i];
      FactInfo info;
      info.type = resolve_type(f.type, f.name.text, &info.scale);
      info.column = f.column ? f.column->text : f.name.text;
      const Span column_span = f.column ? f.column->span : f.name.span;
      if (auto [it, fresh] = columns.emplace(info.column, column_span); !fresh) {
        auto& d = error("duplicate-column", column_span,
                        fmt::format("two facts read the caseload column `{}`", info.column), "second fact here",
                        "give one of them its own column with `column \"…\"`");
        d.secondary.push_back(Label{it->second, "first here"});
      }
      if (f.key) {
        if (key) {
          auto& d = error("duplicate-key", f.key_span, "more than one fact is marked `key`", "second key",
                          "a record has one key (the customer number): remove one `key`");
          d.secondary.push_back(Label{a.facts[*key].key_span, "first key"});
        } else {
          key = i;
        }
        if (info.type.optional || (info.type.base != BaseType::text && info.type.base != BaseType::integer &&
                                   info.type.base != BaseType::error)) {
          error("bad-key", f.type.span, "the key must be `text` or `int` and never empty", "key type",
                "declare the customer number as `text, key`");
        }
      }
      if (f.default_value) {
        info.has_default = true;
        if (info.type.optional) {
          error("default-and-empty", f.default_value->span, "a fact with a default is never empty",
                "default given here", "drop `or empty` or drop the default");
        }
        Expr& d = *f.default_value;
        Type dt = check(d, {}, info.type.base == BaseType::enumeration ? std::optional<Type>(info.type) : std::nullopt);
        Type want = info.type;
        want.optional = false;
        const bool literal = d.kind == ExprKind::integer || d.kind == ExprKind::date || d.kind == ExprKind::boolean ||
                             (d.kind == ExprKind::text && d.kids.empty()) ||
                             (d.kind == ExprKind::name && d.binding == NameKind::enum_value) ||
                             (d.kind == ExprKind::negate && d.kids[0]->kind == ExprKind::integer);
        if (!literal) {
          error("bad-default", d.span, "a default must be a plain value", "not a plain value",
                "write a literal such as `0 months`, `false` or `\"\"`");
        } else if (dt.base != BaseType::error && want.base != BaseType::error && !(dt == want)) {
          error("type-mismatch", d.span,
                fmt::format("the default is {} but the fact is {}", tname(dt), tname(want)), "wrong type",
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
      p_.facts.push_back(std::move(info));
    }
    if (a.facts.empty()) {
      error("no-facts", Span{0, 0}, "the policy declares no facts", "",
            "add a `facts … end` block naming the caseload's columns, with the customer number as `id: text, key`");
    } else if (!key) {
      error("no-key", a.facts.front().name.span, "no fact is marked `key`", "first fact",
            "mark the customer number: `id: text, key`; every output row starts with it");
    }
    p_.key_fact = key.value_or(0);
  }

  Type table_outcome_type(std::size_t i) {
    auto& t = p_.ast.tables[i];
    Type type = resolve_type(t.outcome, t.name.text, nullptr);
    if (type.optional) {
      error("optional-outcome", t.outcome.span, "a table's outcome cannot be empty", "`or empty` here",
            "remove `or empty`; use an `otherwise` rule for records no other rule decides");
      type.optional = false;
    }
    return type;
  }

  // ---- lazily typed declarations (definitions may be used before they are declared) ----

  Type type_of(Symbol s, Span use) {
    switch (s.kind) {
      case NameKind::fact: return p_.facts[s.index].type;
      case NameKind::as_of: return simple(BaseType::date);
      case NameKind::parameter: return binding_type(p_.ast.parameters[s.index], param_state_[s.index],
                                                    p_.parameter_types[s.index], use, true);
      case NameKind::definition: return binding_type(p_.ast.definitions[s.index], def_state_[s.index],
                                                     p_.definition_types[s.index], use, false);
      case NameKind::output: return binding_type(p_.ast.outputs[s.index], out_state_[s.index],
                                                 p_.output_types[s.index], use, false);
      case NameKind::table: check_table(s.index, use); return p_.table_types[s.index];
      default: return simple(BaseType::error);
    }
  }

  void cycle(const Ident& name, Span use) {
    auto& d = error("cycle", use, fmt::format("`{}` depends on itself", name.text), "used here",
                    "a definition cannot use its own value, directly or through others: rewrite one of them");
    d.secondary.push_back(Label{name.span, "declared here"});
  }

  Type binding_type(Binding& b, int& state, Type& slot, Span use, bool parameter) {
    if (state == 2) return slot;
    if (state == 1) {
      cycle(b.name, use);
      return simple(BaseType::error);
    }
    state = 1;
    const std::string saved = section_;
    const bool saved_param = in_parameter_;
    section_.clear();
    in_parameter_ = parameter;
    Type t = check(*b.value, {});
    if (b.replaced) t = check_override(b, t);
    in_parameter_ = saved_param;
    section_ = saved;
    slot = t;
    state = 2;
    return t;
  }

  // A variant's (or `--set`'s) value must have the type of the base's: the rules that read the
  // name were written for that type. The base's value is typed quietly: its own mistakes were
  // the base's to report.
  // Returns the type the name has from now on: the base's, so that the rules reading it report
  // no follow-up errors.
  Type check_override(const Binding& b, const Type& t) {
    // What the quiet check reaches first (a table, a definition) must be checked again, loudly,
    // where the policy itself reads it: its states are put back with the diagnostics.
    const std::size_t mark = diags_.size();
    auto states = std::tie(param_state_, def_state_, out_state_, table_state_);
    const auto saved = std::make_tuple(param_state_, def_state_, out_state_, table_state_);
    const Type was = check(*b.replaced, {});
    diags_.resize(mark);
    states = saved;
    if (was.base == BaseType::error || t.base == BaseType::error || was == t) return t;
    auto& d = error("override-type", b.value->span,
                    fmt::format("`{}` is {} where it is declared, but {} here", b.name.text, tname(was), tname(t)),
                    tname(t), "");
    d.secondary.push_back(Label{b.replaced_span, fmt::format("the base's declaration ({})", tname(was))});
    if (b.value->kind == ExprKind::integer && b.value->unit == Unit::none && was.base != BaseType::integer) {
      d.help = fmt::format("write the value with its unit, as the base does (e.g. `{} {}`)", b.value->value,
                           was.base == BaseType::percent ? "%" : tname(was));
    } else {
      d.help = fmt::format("give a value of type {}", tname(was));
    }
    return was;
  }

  // ---- workload ----

  static const WorkloadRoleInfo* find_role(std::string_view name) {
    for (const auto& r : kWorkloadRoles)
      if (r.name == name || r.german == name) return &r;
    return nullptr;
  }

  // True if `e` reads only parameters and literals (the same value for every record).
  static bool is_constant(const Expr& e) {
    if (e.kind == ExprKind::name && e.binding != NameKind::parameter && e.binding != NameKind::enum_value) return false;
    for (const auto& k : e.kids)
      if (!is_constant(*k)) return false;
    return true;
  }

  void check_workload() {
    auto& a = p_.ast;
    p_.workload_types.assign(a.workload.size(), Type{});
    p_.workload_roles.assign(a.workload.size(), WorkloadRole::category);
    if (a.workload.empty() && a.workload_span.end == 0) return;
    std::vector<const Binding*> given(kWorkloadRoleCount, nullptr);
    std::vector<std::string> role_names;
    for (const auto& r : kWorkloadRoles) role_names.emplace_back(r.name);
    for (std::size_t i = 0; i < a.workload.size(); ++i) {
      Binding& b = a.workload[i];
      const WorkloadRoleInfo* role = find_role(b.name.text);
      if (role == nullptr) {
        auto& d = error("unknown-role", b.name.span, fmt::format("`{}` is not a workload role", b.name.text),
                        "not a role", "");
        if (const auto guess = closest(b.name.text, role_names)) d.help = fmt::format("did you mean `{}`?", *guess);
        else d.help = "the roles are category, interval, next_due, minutes, first_interview, prep_minutes, "
                      "weekly_hours and interview_share (docs/workload.md)";
        continue;
      }
      const auto r = static_cast<std::size_t>(role->role);
      if (given[r] != nullptr) {
        auto& d = error("duplicate-name", b.name.span, fmt::format("workload role `{}` is given twice", role->name),
                        "given again here", "remove one of them");
        d.secondary.push_back(Label{given[r]->name.span, "first given here"});
        continue;
      }
      given[r] = &b;
      p_.workload_roles[i] = role->role;
      const Type t = check(*b.value, {});
      p_.workload_types[i] = t;
      if (t.base == BaseType::error) continue;
      const BaseType want = role_type(*role);
      if (want != BaseType::error && t.base != want) {
        error("type-mismatch", b.value->span,
              fmt::format("workload role `{}` needs {}, but this is {}", role->name, tname(simple(want)),
                          tname(t)),
              tname(t), fmt::format("`{}` is {}", role->name, role->meaning));
        continue;
      }
      if (role->constant && !is_constant(*b.value)) {
        error("not-constant", b.value->span,
              fmt::format("workload role `{}` must be the same for every customer", role->name),
              "depends on the record", "use a parameter or a number here");
      }
    }
    for (const auto& r : kWorkloadRoles) {
      if (given[static_cast<std::size_t>(r.role)] != nullptr) continue;
      error("missing-role", Span{a.workload_span.begin, a.workload_span.begin + 8},
            fmt::format("the workload block does not give `{}`", r.name), "",
            fmt::format("add `{} = …`: {}", r.name, r.meaning));
    }
  }

  void check_table(std::uint32_t index, Span use) {
    int& state = table_state_[index];
    auto& t = p_.ast.tables[index];
    if (state == 2) return;
    if (state == 1) {
      cycle(t.name, use);
      return;
    }
    state = 1;
    const Type outcome = p_.table_types[index];
    if (std::find(std::begin(kHitPolicies), std::end(kHitPolicies), t.hit.text) == std::end(kHitPolicies)) {
      std::vector<std::string> hits(std::begin(kHitPolicies), std::end(kHitPolicies));
      const auto guess = closest(t.hit.text, hits);
      error("unknown-hit-policy", t.hit.span, fmt::format("unknown hit policy `{}`", t.hit.text), "not a hit policy",
            guess ? fmt::format("did you mean `{}`? (first, unique, shortest, longest)", *guess)
                  : "hit policies are first, unique, shortest and longest");
    } else if ((t.hit.text == "shortest" || t.hit.text == "longest") && outcome.base != BaseType::error &&
               !is_ordered(outcome.base)) {
      error("unordered-outcome", t.hit.span,
            fmt::format("`hit {}` needs outcomes that can be ordered, but this table gives {}", t.hit.text,
                        tname(outcome)),
            "hit policy", "use `first` or `unique`, or give the table a number, duration or date outcome");
    }
    if (t.rules.empty()) {
      error("empty-table", t.name.span, fmt::format("table `{}` has no rules", t.name.text), "no rules",
            "add `rule name §section when condition then outcome` lines before `end`");
    }
    if (t.rules.size() > kMaxRulesPerTable) {
      error("limit", t.name.span, fmt::format("table `{}` has more than {} rules", t.name.text, kMaxRulesPerTable),
            "too many rules", "split the table");
    }
    std::unordered_map<std::string, Span> names;
    const RuleDecl* otherwise = nullptr;
    for (auto& r : t.rules) {
      section_ = r.section.text;
      if (auto [it, fresh] = names.emplace(r.name.text, r.name.span); !fresh) {
        auto& d = error("duplicate-rule", r.name.span, fmt::format("two rules are called `{}`", r.name.text),
                        "second rule", "rule names appear in the output's `rule` column: make them unique");
        d.secondary.push_back(Label{it->second, "first rule"});
      }
      Guarded guarded;
      if (r.when) {
        expect_bool(*r.when, {}, "a rule's condition");
        guards(*r.when, true, guarded);
      } else if (otherwise) {
        auto& d = error("duplicate-otherwise", r.otherwise_span, "a table can have only one `otherwise` rule",
                        "second `otherwise`", "remove one of them");
        d.secondary.push_back(Label{otherwise->otherwise_span, "first `otherwise`"});
      } else {
        otherwise = &r;
      }
      const Type got = check(*r.then, guarded, outcome);
      if (got.base != BaseType::error && outcome.base != BaseType::error && !(got == outcome)) {
        error("type-mismatch", r.then->span,
              fmt::format("rule `{}` gives {} but table `{}` gives {}", r.name.text, tname(got), t.name.text,
                          tname(outcome)),
              "outcome of this rule", unit_hint(got, outcome));
      }
    }
    section_.clear();
    state = 2;
  }

  void check_validation(Validation& v) {
    expect_bool(*v.condition, {}, v.is_warning ? "the condition of `warn when`" : "the condition of `require`");
    Guarded guarded;
    // the message of `require` is shown when the condition is false; of `warn` when it is true
    guards(*v.condition, v.is_warning, guarded);
    check(*v.message, guarded);
  }

  static std::string unit_hint(const Type& got, const Type& want) {
    if (got.base == BaseType::integer && is_quantity(want.base)) {
      return fmt::format("numbers need their unit here, e.g. `6 {}`", base_name(want.base));
    }
    return "make both sides the same type";
  }

  // ---- guards: which optional facts are non-empty when `e` is `truth` ----

  void guards(const Expr& e, bool truth, Guarded& out) const {
    switch (e.kind) {
      case ExprKind::is_empty:
        if (e.kids[0]->kind == ExprKind::name && e.kids[0]->binding == NameKind::fact && truth == e.negated) {
          add_all(out, Guarded{e.kids[0]->index});
        }
        break;
      case ExprKind::logical_not:
        guards(*e.kids[0], !truth, out);
        break;
      case ExprKind::logical_and:
      case ExprKind::logical_or:
        // all kids are `truth` for `and`=true / `or`=false; otherwise only what every kid gives
        if ((e.kind == ExprKind::logical_and) == truth) {
          for (const auto& k : e.kids) guards(*k, truth, out);
        } else {
          Guarded common;
          guards(*e.kids[0], truth, common);
          for (std::size_t i = 1; i < e.kids.size() && !common.empty(); ++i) {
            Guarded g;
            guards(*e.kids[i], truth, g);
            std::erase_if(common, [&](std::uint32_t f) { return std::find(g.begin(), g.end(), f) == g.end(); });
          }
          add_all(out, common);
        }
        break;
      default:
        break;
    }
  }

  // ---- expressions ----

  void expect_bool(Expr& e, const Guarded& g, const char* what) {
    const Type t = check(e, g);
    if (t.base != BaseType::error && t.base != BaseType::boolean) {
      error("type-mismatch", e.span, fmt::format("{} must be true or false, but this is {}", what, tname(t)),
            "not a condition", "compare it with something, e.g. `x > 0` or `status = arbeitslos`");
    }
  }

  Type fail(Expr& e) {
    e.type = simple(BaseType::error);
    return e.type;
  }

  Type check(Expr& e, const Guarded& g, std::optional<Type> expected = std::nullopt) {
    e.type = check_inner(e, g, expected);
    return e.type;
  }

  Type check_name(Expr& e, const Guarded& g, std::optional<Type> expected, bool allow_optional) {
    // An enumeration value is found through the type the context expects.
    if (expected && expected->base == BaseType::enumeration) {
      const auto& values = p_.enums[expected->enum_id].values;
      const auto it = std::find(values.begin(), values.end(), e.name);
      if (it != values.end()) {
        e.binding = NameKind::enum_value;
        e.index = static_cast<std::uint32_t>(it - values.begin());
        return Type{BaseType::enumeration, expected->enum_id, false};
      }
    }
    Symbol s;
    if (e.name == "as_of") {
      s.kind = NameKind::as_of;
    } else if (auto it = symbols_.find(e.name); it != symbols_.end()) {
      s = it->second;
    } else {
      if (expected && expected->base == BaseType::enumeration) {
        const auto& info = p_.enums[expected->enum_id];
        const auto guess = closest(e.name, info.values);
        error("unknown-enum-value", e.span, fmt::format("`{}` is not a value of `{}`", e.name, info.owner),
              fmt::format("`{}` is one of {}", info.owner, join(info.values)),
              guess ? fmt::format("did you mean `{}`?", *guess) : "use one of the values listed in its declaration");
      } else {
        const auto guess = closest(e.name, symbol_names());
        error("unknown-name", e.span, fmt::format("unknown name `{}`", e.name),
              "not a fact, parameter, definition, table or output",
              guess ? fmt::format("did you mean `{}`?", *guess)
                    : "declare it under `facts`, as a parameter, or with `let`");
      }
      return fail(e);
    }
    if (in_parameter_ && s.kind != NameKind::parameter) {
      error("non-constant-parameter", e.span, fmt::format("parameter values must be constants, but `{}` is not", e.name),
            "not a parameter", "use a `let` definition for values computed from facts");
      return fail(e);
    }
    e.binding = s.kind;
    e.index = s.index;
    Type t = type_of(s, e.span);
    if (t.optional) {
      if (std::find(g.begin(), g.end(), s.index) != g.end() || allow_optional) {
        if (!allow_optional) t.optional = false;
      } else {
        error("unguarded-empty", e.span, fmt::format("`{}` may be empty here", e.name),
              fmt::format("declared `{}`", tname(t)),
              fmt::format("test it first: `{0} is empty or …` (in a `require`), `{0} is not empty and …` (in a "
                          "condition), or `if {0} is empty then … else {0}`",
                          e.name));
        return fail(e);
      }
    }
    return t;
  }

  static std::string join(const std::vector<std::string>& values) {
    std::string s;
    for (std::size_t i = 0; i < values.size(); ++i) s += (i ? ", " : "") + values[i];
    return s;
  }

  Type check_inner(Expr& e, const Guarded& g, std::optional<Type> expected) {
    switch (e.kind) {
      case ExprKind::integer:
        switch (e.unit) {
          case Unit::none: return simple(BaseType::integer);
          case Unit::minutes: return simple(BaseType::minutes);
          case Unit::hours: return scaled(e, 60, Unit::minutes, BaseType::minutes);
          case Unit::days: return simple(BaseType::days);
          case Unit::weeks: return scaled(e, 7, Unit::days, BaseType::days);
          case Unit::months: return simple(BaseType::months);
          case Unit::years: return scaled(e, 12, Unit::months, BaseType::months);
          case Unit::percent: return simple(BaseType::percent);
        }
        return simple(BaseType::integer);
      case ExprKind::date: return simple(BaseType::date);
      case ExprKind::boolean: return simple(BaseType::boolean);
      case ExprKind::text:
        if (e.kids.size() > kMaxInterpolations) {
          error("limit", e.span, fmt::format("a text may hold at most {} `{{…}}` values", kMaxInterpolations),
                "too many values", "split it into several outputs or definitions");
          return fail(e);
        }
        for (auto& k : e.kids) {
          const Type t = check(*k, g);
          (void)t;
        }
        return simple(BaseType::text);
      case ExprKind::name: return check_name(e, g, expected, false);
      case ExprKind::call: return check_call(e, g);
      case ExprKind::negate: {
        const Type t = check(*e.kids[0], g);
        if (t.base == BaseType::error) return fail(e);
        if (!is_numeric(t.base)) {
          error("type-mismatch", e.span, fmt::format("cannot negate {}", tname(t)), "not a number", "");
          return fail(e);
        }
        return t;
      }
      case ExprKind::logical_not:
        expect_bool(*e.kids[0], g, "the operand of `not`");
        return simple(BaseType::boolean);
      case ExprKind::logical_and:
      case ExprKind::logical_or: {
        Guarded local = g;
        const bool is_and = e.kind == ExprKind::logical_and;
        for (auto& k : e.kids) {
          expect_bool(*k, local, is_and ? "each side of `and`" : "each side of `or`");
          guards(*k, is_and, local);
        }
        return simple(BaseType::boolean);
      }
      case ExprKind::if_then: {
        expect_bool(*e.kids[0], g, "the condition of `if`");
        Guarded when_true = g, when_false = g;
        guards(*e.kids[0], true, when_true);
        guards(*e.kids[0], false, when_false);
        const Type a = check(*e.kids[1], when_true, expected);
        const Type b = check(*e.kids[2], when_false, a.base == BaseType::enumeration ? std::optional<Type>(a) : expected);
        if (a.base == BaseType::error || b.base == BaseType::error) return fail(e);
        if (!(a == b)) {
          error("type-mismatch", e.span, fmt::format("`then` gives {} but `else` gives {}", tname(a), tname(b)),
                "branches differ", unit_hint(b, a));
          return fail(e);
        }
        return a;
      }
      case ExprKind::is_empty: {
        Expr& x = *e.kids[0];
        if (x.kind != ExprKind::name) {
          error("not-optional", x.span, "`is empty` applies to a fact declared `or empty`", "not a fact",
                "test a fact directly, e.g. `last_contact is empty`");
          return fail(e);
        }
        const Type t = check_name(x, g, std::nullopt, true);
        x.type = t;
        if (t.base != BaseType::error && !(x.binding == NameKind::fact && t.optional)) {
          error("not-optional", x.span, fmt::format("`{}` is never empty", x.name), "not declared `or empty`",
                "only facts declared `… or empty` can be empty; remove the test");
        }
        return simple(BaseType::boolean);
      }
      case ExprKind::compare: return check_compare(e, g);
      case ExprKind::in_set: {
        const Type t = check(*e.kids[0], g);
        for (std::size_t i = 1; i < e.kids.size(); ++i) {
          const Type k = check(*e.kids[i], g, t);
          if (t.base != BaseType::error && k.base != BaseType::error && !(k == t)) {
            error("type-mismatch", e.kids[i]->span,
                  fmt::format("set element is {} but the value tested is {}", tname(k), tname(t)), "wrong type",
                  "");
          }
        }
        return simple(BaseType::boolean);
      }
      case ExprKind::arith: return check_arith(e, g);
    }
    return fail(e);
  }

  // `2 years` is stored as 24 months; a literal too large for that is an error, not a wrap.
  Type scaled(Expr& e, std::int64_t factor, Unit unit, BaseType base) {
    if (__builtin_mul_overflow(e.value, factor, &e.value)) {
      error("number-too-large", e.span, "this number is too large", "too large", "use a smaller value");
      return fail(e);
    }
    e.unit = unit;
    return simple(base);
  }

  Type check_compare(Expr& e, const Guarded& g) {
    Expr& l = *e.kids[0];
    Expr& r = *e.kids[1];
    Type lt, rt;
    // `arbeitslos = status`: a bare name on the left may be a value of the right side's enumeration.
    if (l.kind == ExprKind::name && l.name != "as_of" && !symbols_.count(l.name) && r.kind == ExprKind::name) {
      rt = check(r, g);
      lt = check(l, g, rt);
    } else {
      lt = check(l, g);
      rt = check(r, g, lt);
    }
    if (lt.base == BaseType::error || rt.base == BaseType::error) return simple(BaseType::boolean);
    if (!(lt == rt)) {
      error("type-mismatch", e.span, fmt::format("cannot compare {} with {}", tname(lt), tname(rt)),
            "different types", unit_hint(rt, lt));
    } else if (e.op != Op::eq && e.op != Op::ne && !is_ordered(lt.base)) {
      error("type-mismatch", e.span, fmt::format("{} values have no order", tname(lt)), "only = and != apply",
            "compare with `=` or `!=`, or test membership with `in {…}`");
    }
    return simple(BaseType::boolean);
  }

  Type check_arith(Expr& e, const Guarded& g) {
    const Type a = check(*e.kids[0], g);
    const Type b = check(*e.kids[1], g);
    if (a.base == BaseType::error || b.base == BaseType::error) return fail(e);
    const BaseType x = a.base, y = b.base;
    const char* sym = e.op == Op::add ? "+" : e.op == Op::sub ? "-" : e.op == Op::mul ? "*" : "/";
    auto bad = [&]() {
      error("type-mismatch", e.span, fmt::format("cannot compute {} {} {}", tname(a), sym, tname(b)),
            "incompatible operands",
            (x == BaseType::date || y == BaseType::date)
                ? "add or subtract days, weeks, months or years to a date, e.g. `last_contact + 6 months`"
                : unit_hint(b, a));
      return fail(e);
    };
    switch (e.op) {
      case Op::add:
      case Op::sub:
        if (x == y && is_numeric(x)) return a;
        if (x == BaseType::date && (y == BaseType::days || y == BaseType::months)) return a;
        if (e.op == Op::add && y == BaseType::date && (x == BaseType::days || x == BaseType::months)) return b;
        if (e.op == Op::sub && x == BaseType::date && y == BaseType::date) return simple(BaseType::days);
        return bad();
      case Op::mul:
        if (x == BaseType::integer && is_numeric(y)) return b;
        if (y == BaseType::integer && is_numeric(x)) return a;
        return bad();
      case Op::div:
        if (y == BaseType::integer && is_numeric(x)) return a;
        if (x == y && is_quantity(x)) return simple(BaseType::integer);
        return bad();
      default: return bad();
    }
  }

  Type check_call(Expr& e, const Guarded& g) {
    const BuiltinInfo* fn = nullptr;
    for (const auto& b : kBuiltins)
      if (b.name == e.name) fn = &b;
    std::vector<Type> args;
    for (auto& k : e.kids) args.push_back(check(*k, g));
    if (!fn) {
      std::vector<std::string> names;
      for (const auto& b : kBuiltins) names.emplace_back(b.name);
      const auto guess = closest(e.name, names);
      error("unknown-function", e.span, fmt::format("unknown function `{}`", e.name), "not in the standard library",
            guess ? fmt::format("did you mean `{}`?", *guess) : "see docs/language.md for the standard library");
      return fail(e);
    }
    e.binding = NameKind::function;
    e.index = static_cast<std::uint32_t>(fn->id);
    if (static_cast<int>(args.size()) != fn->arity) {
      error("wrong-arguments", e.span,
            fmt::format("`{}` takes {} argument{}, not {}", e.name, fn->arity, fn->arity == 1 ? "" : "s", args.size()),
            "this call", std::string(fn->signature));
      return fail(e);
    }
    for (const auto& t : args)
      if (t.base == BaseType::error) return fail(e);
    auto want = [&](std::size_t i, BaseType b) {
      if (args[i].base != b) {
        error("type-mismatch", e.kids[i]->span,
              fmt::format("argument {} of `{}` must be {}, not {}", i + 1, e.name, base_name(b), tname(args[i])),
              "wrong type", std::string(fn->signature));
        return false;
      }
      return true;
    };
    switch (fn->id) {
      case Builtin::years_between:
        return want(0, BaseType::date) && want(1, BaseType::date) ? simple(BaseType::integer) : fail(e);
      case Builtin::months_between:
        return want(0, BaseType::date) && want(1, BaseType::date) ? simple(BaseType::months) : fail(e);
      case Builtin::days_between:
        return want(0, BaseType::date) && want(1, BaseType::date) ? simple(BaseType::days) : fail(e);
      case Builtin::min:
      case Builtin::max:
        if (!(args[0] == args[1]) || !is_ordered(args[0].base)) {
          error("type-mismatch", e.span,
                fmt::format("`{}` needs two values of the same ordered type, not {} and {}", e.name, tname(args[0]),
                            tname(args[1])),
                "this call", std::string(fn->signature));
          return fail(e);
        }
        return args[0];
      case Builtin::format_date:
        if (!want(0, BaseType::date) || !want(1, BaseType::text)) return fail(e);
        if (e.kids[1]->kind != ExprKind::text || !e.kids[1]->kids.empty()) {
          error("bad-argument", e.kids[1]->span, "the date pattern must be a plain text", "not a plain text",
                "write it directly, e.g. \"DD.MM.YYYY\"");
          return fail(e);
        }
        return simple(BaseType::text);
      case Builtin::year:
      case Builtin::month:
      case Builtin::day:
        return want(0, BaseType::date) ? simple(BaseType::integer) : fail(e);
      case Builtin::text:
        return simple(BaseType::text);
    }
    return fail(e);
  }
};

}  // namespace

std::string type_name(const Type& type, const std::vector<EnumInfo>& enums) {
  std::string s;
  if (type.base == BaseType::enumeration && type.enum_id < enums.size()) {
    s = "one of ";
    const auto& v = enums[type.enum_id].values;
    for (std::size_t i = 0; i < v.size() && i < 4; ++i) s += (i ? ", " : "") + v[i];
    if (v.size() > 4) s += ", …";
  } else {
    s = base_name(type.base);
  }
  if (type.optional) s += " or empty";
  return s;
}

CheckedPolicy check_policy(PolicyAst ast, std::vector<Diagnostic>& diagnostics) {
  return Checker(std::move(ast), diagnostics).run();
}

}  // namespace kadenz::detail
