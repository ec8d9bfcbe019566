// Check stage, expressions: binds the names an expression reads, types every node (literals,
// comparisons, arithmetic, calls of the standard library), and tracks which `or empty` facts a
// condition has guarded. Declarations are checked by check_declarations.cpp.
#include "interpreter/check/checker.hpp"

#include "grammar/limits.hpp"
#include "interpreter/diagnostics/suggest.hpp"
#include "stdlib/functions.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace kadenz::detail {
namespace {

// Adds the facts of `from` that `into` does not hold yet.
void add_all(Guarded& into, const Guarded& from) {
  for (auto f : from)
    if (std::find(into.begin(), into.end(), f) == into.end()) into.push_back(f);
}

// True where the context expects a duration.
bool expects_duration(const std::optional<Type>& expected) {
  return expected && expected->base == BaseType::duration;
}

// A type that is a duration or becomes one where a duration is expected.
bool widens(const Type& t) {
  return t.base == BaseType::days || t.base == BaseType::months || t.base == BaseType::duration;
}

// The unit of a checked duration expression where the policy fixes it (a literal, a widened
// days or months value, arithmetic, `if` and `min`/`max` of such); nullopt where it depends on
// the record (a duration fact or table).
std::optional<DurationUnit> static_unit(const Expr& e) {
  auto both = [](const Expr& x, const Expr& y) -> std::optional<DurationUnit> {
    const auto u = static_unit(x), v = static_unit(y);
    return u && v && *u == *v ? u : std::nullopt;
  };
  switch (e.kind) {
    case ExprKind::widen: {
      const Expr& x = *e.kids[0];
      if (is_duration_literal(x)) {
        const auto v = literal_duration(x);
        return v ? std::optional<DurationUnit>(duration_unit(*v)) : std::nullopt;
      }
      return x.type.base == BaseType::months ? DurationUnit::months : DurationUnit::days;
    }
    case ExprKind::negate: return static_unit(*e.kids[0]);
    case ExprKind::if_then: return both(*e.kids[1], *e.kids[2]);
    case ExprKind::call:
      return e.kids.size() == 2 && e.kids[0]->type.base == BaseType::duration ? both(*e.kids[0], *e.kids[1])
                                                                              : std::nullopt;
    case ExprKind::arith: {
      if (e.op == Op::mul) return static_unit(*e.kids[e.kids[0]->type.base == BaseType::integer ? 1 : 0]);
      const auto u = static_unit(*e.kids[0]), v = static_unit(*e.kids[1]);
      if (!u || !v) return std::nullopt;
      if (*u == *v) return u;
      return *u == DurationUnit::months || *v == DurationUnit::months ? std::nullopt
                                                                      : std::optional(DurationUnit::days);
    }
    default: return std::nullopt;
  }
}

// False if two durations whose units the policy fixes are months and weeks or days, which no
// record can add (stdlib/duration.hpp add_durations): an error at compile time, not in each row.
bool adds_exactly(const Expr& a, const Expr& b) {
  const auto u = static_unit(a), v = static_unit(b);
  return !u || !v || *u == *v || (*u != DurationUnit::months && *v != DurationUnit::months);
}

// Marks `e` as the error type and returns it: callers that see the error type report nothing
// more, so one mistake gives one diagnostic.
Type fail(Expr& e) {
  e.type = simple(BaseType::error);
  return e.type;
}

// The values of an enumeration as a list for messages: "a, b, c".
std::string join(const std::vector<std::string>& values) {
  std::string s;
  for (std::size_t i = 0; i < values.size(); ++i) s += (i ? ", " : "") + values[i];
  return s;
}

// Every name an expression may read, sorted (the did-you-mean candidates of an unknown name:
// sorted, so that ties are broken the same way whatever the hash table's order). Made once per
// policy, on the first unknown name.
const std::vector<std::string>& symbol_names(CheckContext& cx) {
  if (cx.name_candidates.empty()) {
    for (const auto& [n, s] : cx.symbols) cx.name_candidates.push_back(n);
    cx.name_candidates.push_back("as_of");
    std::sort(cx.name_candidates.begin(), cx.name_candidates.end());
  }
  return cx.name_candidates;
}

// Binds a name: an enumeration value of the expected type, as_of, or a declaration (which is
// typed on first use). An optional fact may be read only where `g` guards it, unless
// `allow_optional` (the operand of `is empty`); there it keeps its `or empty` type.
Type check_name(CheckContext& cx, Expr& e, const Guarded& g, std::optional<Type> expected, bool allow_optional) {
  // An enumeration value is found through the type the context expects.
  if (expected && expected->base == BaseType::enumeration) {
    const auto& index = cx.enum_index[expected->enum_id];
    if (const auto it = index.find(e.name); it != index.end()) {
      e.binding = NameKind::enum_value;
      e.index = it->second;
      return Type{BaseType::enumeration, expected->enum_id, false};
    }
  }
  Symbol s;
  if (e.name == "as_of") {
    s.kind = NameKind::as_of;
  } else if (auto it = cx.symbols.find(e.name); it != cx.symbols.end()) {
    s = it->second;
  } else {
    if (expected && expected->base == BaseType::enumeration) {
      const auto& info = cx.policy.enums[expected->enum_id];
      const auto guess = cx.reported() ? closest(e.name, info.values) : std::nullopt;
      auto& d = cx.error(Msg::unknown_enum_value, e.span,
                         {e.name, info.owner,
                          cx.reported() ? cx.say(Msg::enum_is_one_of, {info.owner, join(info.values)}) : std::string()});
      d.help = guess ? cx.say(Msg::did_you_mean, {*guess}) : cx.say(Msg::enum_use_listed);
      if (guess) d.fixes.push_back(Fix{e.span, *guess, cx.say(Msg::fix_replace, {*guess})});
    } else {
      const auto guess = cx.reported() ? closest(e.name, symbol_names(cx)) : std::nullopt;
      auto& d = cx.error(Msg::unknown_name, e.span, {e.name});
      d.help = guess ? cx.say(Msg::did_you_mean, {*guess}) : cx.say(Msg::unknown_name_declare);
      if (guess) d.fixes.push_back(Fix{e.span, *guess, cx.say(Msg::fix_replace, {*guess})});
    }
    return fail(e);
  }
  if (cx.in_parameter && s.kind != NameKind::parameter) {
    cx.error(Msg::non_constant_parameter, e.span, {e.name});
    return fail(e);
  }
  e.binding = s.kind;
  e.index = s.index;
  Type t = type_of(cx, s, e.span);
  if (t.optional) {
    if (std::find(g.begin(), g.end(), guard_key(s.kind, s.index)) != g.end() || allow_optional) {
      if (!allow_optional) t.optional = false;
    } else {
      cx.error(Msg::unguarded_empty, e.span, {e.name, cx.tname(t)});
      return fail(e);
    }
  }
  return t;
}

// Both sides must have one type; `<`, `>`, `<=`, `>=` only apply to ordered types. The right
// side is checked expecting the left's type, so `status = arbeitslos` finds the value.
Type check_compare(CheckContext& cx, Expr& e, const Guarded& g) {
  Expr& l = *e.kids[0];
  Expr& r = *e.kids[1];
  Type lt, rt;
  // `arbeitslos = status`: a bare name on the left may be a value of the right side's enumeration.
  if (l.kind == ExprKind::name && l.name != "as_of" && !cx.symbols.count(l.name) && r.kind == ExprKind::name) {
    rt = check_expr(cx, r, g);
    lt = check_expr(cx, l, g, rt);
  } else {
    lt = check_expr(cx, l, g);
    rt = check_expr(cx, r, g, lt);
  }
  if (lt.base == BaseType::error || rt.base == BaseType::error) return simple(BaseType::boolean);
  if (lt.base == BaseType::duration && widen_to_duration(cx, e.kids[1])) rt = e.kids[1]->type;
  if (rt.base == BaseType::duration && widen_to_duration(cx, e.kids[0])) lt = e.kids[0]->type;
  if (lt.base == BaseType::error || rt.base == BaseType::error) return simple(BaseType::boolean);
  if (!(lt == rt) && (hint_parameter_unit(cx, r, rt, lt) || hint_parameter_unit(cx, l, lt, rt) ||
                      hint_quoted_enum(cx, r, rt, l, lt) || hint_quoted_enum(cx, l, lt, r, rt))) {
    return simple(BaseType::boolean);
  }
  if (!(lt == rt)) {
    cx.error(Msg::compare_types, e.span, {cx.tname(lt), cx.tname(rt), unit_hint(cx, rt, lt)});
  } else if (e.op != Op::eq && e.op != Op::ne && !is_ordered(lt.base)) {
    cx.error(Msg::no_order, e.span, {cx.tname(lt)});
  }
  return simple(BaseType::boolean);
}

// The arithmetic of the language: numbers of one unit add and subtract, a date moves by days
// or months, two dates differ by days, numbers scale by an int, two quantities of one unit
// divide to an int.
Type check_arith(CheckContext& cx, Expr& e, const Guarded& g, std::optional<Type> expected) {
  // where a duration is expected, so it is in the operands of `+`, `-` and `*`
  const bool want_duration = expects_duration(expected) && e.op != Op::div;
  const std::optional<Type> inner = want_duration ? expected : std::nullopt;
  Type a = check_expr(cx, *e.kids[0], g, inner);
  Type b = check_expr(cx, *e.kids[1], g, inner);
  if (a.base == BaseType::error || b.base == BaseType::error) return fail(e);
  if (hint_date_subtraction(cx, e)) return fail(e);
  // duration ± days or months: the other side is a duration too; where a duration is expected,
  // both sides are (`2 Wochen + 3 Tage` is 17 days, `6 Wochen * 2` 12 weeks)
  if (e.op == Op::add || e.op == Op::sub) {
    const bool both = want_duration && widens(a) && widens(b);
    if ((both || a.base == BaseType::duration) && widen_to_duration(cx, e.kids[1])) b = e.kids[1]->type;
    if ((both || b.base == BaseType::duration) && widen_to_duration(cx, e.kids[0])) a = e.kids[0]->type;
    if (a.base == BaseType::error || b.base == BaseType::error) return fail(e);
    if (a.base == BaseType::duration && b.base == BaseType::duration && !adds_exactly(*e.kids[0], *e.kids[1])) {
      cx.error(Msg::duration_months_with_days, e.span);
      return fail(e);
    }
  } else if (want_duration && e.op == Op::mul) {
    const std::size_t d = a.base == BaseType::integer ? 1 : 0;
    if (widen_to_duration(cx, e.kids[d])) (d ? b : a) = e.kids[d]->type;
    if (a.base == BaseType::error || b.base == BaseType::error) return fail(e);
  }
  const BaseType x = a.base, y = b.base;
  const char* sym = e.op == Op::add ? "+" : e.op == Op::sub ? "-" : e.op == Op::mul ? "*" : "/";
  auto bad = [&]() {
    if (hint_parameter_unit(cx, *e.kids[1], b, a, true) || hint_parameter_unit(cx, *e.kids[0], a, b, true)) {
      return fail(e);
    }
    cx.error(Msg::cannot_compute, e.span,
             {cx.tname(a), sym, cx.tname(b),
              (x == BaseType::date || y == BaseType::date) ? cx.say(Msg::date_arith_hint) : unit_hint(cx, b, a)});
    return fail(e);
  };
  switch (e.op) {
    case Op::add:
    case Op::sub:
      if (x == y && (is_numeric(x) || x == BaseType::duration)) return a;
      if (x == BaseType::date && (y == BaseType::days || y == BaseType::months || y == BaseType::duration)) return a;
      if (e.op == Op::add && y == BaseType::date &&
          (x == BaseType::days || x == BaseType::months || x == BaseType::duration))
        return b;
      if (e.op == Op::sub && x == BaseType::date && y == BaseType::date) return simple(BaseType::days);
      return bad();
    case Op::mul:
      if (x == BaseType::integer && (is_numeric(y) || y == BaseType::duration)) return b;
      if (y == BaseType::integer && (is_numeric(x) || x == BaseType::duration)) return a;
      return bad();
    case Op::div:
      if (y == BaseType::integer && is_numeric(x)) return a;
      if (x == y && is_quantity(x)) return simple(BaseType::integer);
      return bad();
    default: return bad();
  }
}

// A call of the standard library: known name, arity, and the argument types its typing rule
// (stdlib/builtins.def) wants. A `format_date` pattern must be a plain text, since it is
// compiled once.
Type check_call(CheckContext& cx, Expr& e, const Guarded& g, std::optional<Type> expected) {
  const BuiltinInfo* fn = find_builtin(e.name);
  // `min`/`max` where a duration is expected: so are their arguments
  const bool same = fn && fn->typing == BuiltinTyping::same_ordered;
  const bool want_duration = same && expects_duration(expected);
  std::vector<Type> args;
  for (auto& k : e.kids) args.push_back(check_expr(cx, *k, g, want_duration ? expected : std::nullopt));
  if (!fn) {
    std::vector<std::string> names;
    for (const auto& b : kBuiltins) names.emplace_back(b.name);
    const auto guess = closest(e.name, names);
    auto& d = cx.error(Msg::unknown_function, e.span, {e.name});
    d.help = guess ? cx.say(Msg::did_you_mean, {*guess}) : cx.say(Msg::see_stdlib);
    // a call's span covers its arguments: the fix replaces the name only
    const Span name{e.span.begin, e.span.begin + static_cast<std::uint32_t>(e.name.size())};
    if (guess) d.fixes.push_back(Fix{name, *guess, cx.say(Msg::fix_replace, {*guess})});
    return fail(e);
  }
  e.binding = NameKind::function;
  e.index = static_cast<std::uint32_t>(fn->id);
  if (static_cast<int>(args.size()) != fn->arity) {
    cx.error(Msg::wrong_arguments, e.span,
             {e.name, std::to_string(fn->arity), fn->arity == 1 ? "" : cx.say(Msg::plural_s),
              std::to_string(args.size()), fn->signature});
    return fail(e);
  }
  for (const auto& t : args)
    if (t.base == BaseType::error) return fail(e);
  auto want = [&](std::size_t i, BaseType b) {
    if (args[i].base != b) {
      cx.error(Msg::argument_type, e.kids[i]->span,
               {std::to_string(i + 1), e.name, base_name_in(b, cx.voice.keywords), cx.tname(args[i]), fn->signature});
      return false;
    }
    return true;
  };
  switch (fn->typing) {
    case BuiltinTyping::dates_to_int:
      return want(0, BaseType::date) && want(1, BaseType::date) ? simple(BaseType::integer) : fail(e);
    case BuiltinTyping::dates_to_months:
      return want(0, BaseType::date) && want(1, BaseType::date) ? simple(BaseType::months) : fail(e);
    case BuiltinTyping::dates_to_days:
      return want(0, BaseType::date) && want(1, BaseType::date) ? simple(BaseType::days) : fail(e);
    case BuiltinTyping::same_ordered: {
      // a duration beside days or months, a duration expected, or days beside months
      // (`min(4 Wochen, 2 Monate)`): both are durations
      const bool both = widens(args[0]) && widens(args[1]) &&
                        (want_duration || !(args[0] == args[1]) || args[0].base == BaseType::duration);
      if (both && widen_to_duration(cx, e.kids[1])) args[1] = e.kids[1]->type;
      if (both && widen_to_duration(cx, e.kids[0])) args[0] = e.kids[0]->type;
      if (args[0].base == BaseType::error || args[1].base == BaseType::error) return fail(e);
      if (!(args[0] == args[1]) || !is_ordered(args[0].base)) {
        cx.error(Msg::same_ordered_args, e.span, {e.name, cx.tname(args[0]), cx.tname(args[1]), fn->signature});
        return fail(e);
      }
      return args[0];
    }
    case BuiltinTyping::date_and_pattern:
      if (!want(0, BaseType::date) || !want(1, BaseType::text)) return fail(e);
      if (e.kids[1]->kind != ExprKind::text || !e.kids[1]->kids.empty()) {
        cx.error(Msg::date_pattern, e.kids[1]->span);
        return fail(e);
      }
      return simple(BaseType::text);
    case BuiltinTyping::date_to_int:
      return want(0, BaseType::date) ? simple(BaseType::integer) : fail(e);
    case BuiltinTyping::any_to_text:
      return simple(BaseType::text);
    case BuiltinTyping::duration_and_texts:
      if (widen_to_duration(cx, e.kids[0])) args[0] = e.kids[0]->type;
      if (args[0].base == BaseType::error) return fail(e);
      return want(0, BaseType::duration) && want(1, BaseType::text) && want(2, BaseType::text) &&
                     want(3, BaseType::text)
                 ? simple(BaseType::text)
                 : fail(e);
  }
  return fail(e);
}

// The type of one node by its kind; check_expr stores it.
Type check_inner(CheckContext& cx, Expr& e, const Guarded& g, std::optional<Type> expected) {
  switch (e.kind) {
    case ExprKind::integer: return check_number(cx, e);
    case ExprKind::date: return simple(BaseType::date);
    case ExprKind::boolean: return simple(BaseType::boolean);
    case ExprKind::text:
      if (e.kids.size() > kMaxInterpolations) {
        cx.error(Msg::limit_interpolations, e.span, {std::to_string(kMaxInterpolations)});
        return fail(e);
      }
      for (auto& k : e.kids) {
        const Type t = check_expr(cx, *k, g);
        (void)t;
      }
      return simple(BaseType::text);
    case ExprKind::name: return check_name(cx, e, g, expected, false);
    case ExprKind::call: return check_call(cx, e, g, expected);
    case ExprKind::negate: {
      Type t = check_expr(cx, *e.kids[0], g, expects_duration(expected) ? expected : std::nullopt);
      if (t.base == BaseType::error) return fail(e);
      // `-(4 Wochen)` where a duration is expected: -4 weeks (a literal `-4 Wochen` is widened whole)
      if (expects_duration(expected) && !is_duration_literal(e) && widen_to_duration(cx, e.kids[0])) {
        t = e.kids[0]->type;
        if (t.base == BaseType::error) return fail(e);
      }
      if (!is_numeric(t.base) && t.base != BaseType::duration) {
        cx.error(Msg::cannot_negate, e.span, {cx.tname(t)});
        return fail(e);
      }
      return t;
    }
    case ExprKind::logical_not:
      expect_bool(cx, *e.kids[0], g, Msg::what_not_operand);
      return simple(BaseType::boolean);
    case ExprKind::logical_and:
    case ExprKind::logical_or: {
      Guarded local = g;
      const bool is_and = e.kind == ExprKind::logical_and;
      for (auto& k : e.kids) {
        expect_bool(cx, *k, local, is_and ? Msg::what_and_side : Msg::what_or_side);
        guards(*k, is_and, local);
      }
      return simple(BaseType::boolean);
    }
    case ExprKind::if_then: {
      expect_bool(cx, *e.kids[0], g, Msg::what_if_condition);
      Guarded when_true = g, when_false = g;
      guards(*e.kids[0], true, when_true);
      guards(*e.kids[0], false, when_false);
      Type a = check_expr(cx, *e.kids[1], when_true, expected);
      Type b =
          check_expr(cx, *e.kids[2], when_false, a.base == BaseType::enumeration ? std::optional<Type>(a) : expected);
      if (a.base == BaseType::error || b.base == BaseType::error) return fail(e);
      // where a duration is expected, or beside one, both branches are durations
      const bool both = expects_duration(expected) && widens(a) && widens(b);
      if ((both || a.base == BaseType::duration) && widen_to_duration(cx, e.kids[2])) b = e.kids[2]->type;
      if ((both || b.base == BaseType::duration) && widen_to_duration(cx, e.kids[1])) a = e.kids[1]->type;
      if (a.base == BaseType::error || b.base == BaseType::error) return fail(e);
      if (!(a == b) && (hint_parameter_unit(cx, *e.kids[2], b, a) || hint_parameter_unit(cx, *e.kids[1], a, b))) {
        return fail(e);
      }
      if (!(a == b)) {
        // weeks or days beside months: a duration would hold both
        const bool mixed = (a.base == BaseType::days && b.base == BaseType::months) ||
                           (a.base == BaseType::months && b.base == BaseType::days);
        cx.error(Msg::branches_differ, e.span,
                 {cx.tname(a), cx.tname(b),
                  mixed ? cx.say(Msg::branches_use_duration, {std::string(base_name_in(BaseType::duration, cx.voice.keywords))})
                        : unit_hint(cx, b, a)});
        return fail(e);
      }
      return a;
    }
    case ExprKind::is_empty: {
      Expr& x = *e.kids[0];
      if (x.kind != ExprKind::name) {
        cx.error(Msg::empty_not_fact, x.span);
        return fail(e);
      }
      const Type t = check_name(cx, x, g, std::nullopt, true);
      x.type = t;
      if (t.base != BaseType::error && !t.optional) {
        auto& d = cx.error(Msg::never_empty, x.span, {x.name});
        hint_not_optional(cx, d, x);
      }
      return simple(BaseType::boolean);
    }
    case ExprKind::compare: return check_compare(cx, e, g);
    case ExprKind::in_set: {
      const Type t = check_expr(cx, *e.kids[0], g);
      for (std::size_t i = 1; i < e.kids.size(); ++i) {
        Type k = check_expr(cx, *e.kids[i], g, t);
        if (t.base == BaseType::duration && widen_to_duration(cx, e.kids[i])) k = e.kids[i]->type;
        if (t.base != BaseType::error && k.base != BaseType::error && !(k == t) &&
            !hint_quoted_enum(cx, *e.kids[i], k, *e.kids[0], t)) {
          cx.error(Msg::set_element_type, e.kids[i]->span, {cx.tname(k), cx.tname(t)});
        }
      }
      return simple(BaseType::boolean);
    }
    case ExprKind::arith: return check_arith(cx, e, g, expected);
    case ExprKind::nothing: return fail(e);  // a rule's outcome only: check_table types it
    case ExprKind::widen: {  // checked again (a variant's quiet check): its kid is days or months
      const Type t = check_expr(cx, *e.kids[0], g);
      return t.base == BaseType::error ? fail(e) : simple(BaseType::duration);
    }
  }
  return fail(e);
}

}  // namespace

// The single place that writes e.type, so every checked node carries its type.
Type check_expr(CheckContext& cx, Expr& e, const Guarded& g, std::optional<Type> expected) {
  e.type = check_inner(cx, e, g, expected);
  return e.type;
}

Type check_value_or_empty(CheckContext& cx, Expr& e, const Guarded& g) {
  if (e.kind != ExprKind::name || !cx.symbols.count(e.name) || cx.symbols.at(e.name).kind != NameKind::table) {
    return check_expr(cx, e, g);
  }
  e.type = check_name(cx, e, g, std::nullopt, true);
  return e.type;
}

void expect_bool(CheckContext& cx, Expr& e, const Guarded& g, Msg what) {
  const Type t = check_expr(cx, e, g);
  if (t.base != BaseType::error && t.base != BaseType::boolean) {
    cx.error(Msg::not_condition, e.span, {cx.say(what), cx.tname(t)});
  }
}

// `x is not empty` guards x when true, `x is empty` when false; `not` flips; `and` (true)
// and `or` (false) guard what any side guards; otherwise only what every side guards.
void guards(const Expr& e, bool truth, Guarded& out) {
  switch (e.kind) {
    case ExprKind::is_empty:
      if (e.kids[0]->kind == ExprKind::name && e.kids[0]->type.optional && truth == e.negated) {
        add_all(out, Guarded{guard_key(e.kids[0]->binding, e.kids[0]->index)});
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

bool widen_to_duration(CheckContext& cx, ExprPtr& slot) {
  Expr& e = *slot;
  if (e.type.base == BaseType::duration) return true;
  if (e.type.base != BaseType::days && e.type.base != BaseType::months) return false;
  const bool literal = is_duration_literal(e);
  if (literal && !literal_duration(e)) {  // its encoding does not fit
    cx.error(Msg::number_too_large, e.span);
    e.type = simple(BaseType::error);
    return true;
  }
  // Into the expression, so its literals keep their units: `if` branches, `-`, the quantity of
  // `*`, both sides of `+`/`-` of days or months, the arguments of `min`/`max` (a days or
  // months result of these has kids of its own type, which widen without error but for a
  // literal too large). Anything else (a fact, a call, a date difference) is widened whole.
  auto quantity = [](const Expr& k) { return k.type.base == BaseType::days || k.type.base == BaseType::months; };
  std::vector<std::size_t> into;
  if (!literal) {
    switch (e.kind) {
      case ExprKind::if_then: into = {1, 2}; break;
      case ExprKind::negate: into = {0}; break;
      case ExprKind::arith:
        if ((e.op == Op::add || e.op == Op::sub) && quantity(*e.kids[0]) && quantity(*e.kids[1])) into = {0, 1};
        if (e.op == Op::mul) into = {quantity(*e.kids[0]) ? std::size_t{0} : std::size_t{1}};
        break;
      case ExprKind::call:
        if (const BuiltinInfo* fn = find_builtin(e.name); fn && fn->typing == BuiltinTyping::same_ordered) into = {0, 1};
        break;
      default: break;
    }
  }
  if (!into.empty()) {
    bool ok = true;
    for (const std::size_t i : into) ok = widen_to_duration(cx, e.kids[i]) && e.kids[i]->type.base != BaseType::error && ok;
    e.type = simple(ok ? BaseType::duration : BaseType::error);
    return true;
  }
  auto w = std::make_unique<Expr>();
  w->kind = ExprKind::widen;
  w->span = e.span;
  w->depth = e.depth + 1;
  w->type = simple(BaseType::duration);
  w->kids.push_back(std::move(slot));
  slot = std::move(w);
  return true;
}

std::string unit_hint(const CheckContext& cx, const Type& got, const Type& want) {
  if (got.base == BaseType::integer && is_quantity(want.base)) {
    return cx.say(Msg::unit_hint_number, {unit_word(want.base, cx.voice.keywords)});
  }
  return cx.say(Msg::unit_hint_same);
}

}  // namespace kadenz::detail
