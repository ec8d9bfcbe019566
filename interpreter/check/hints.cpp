// Check stage, hints and literals: number literals to whole base units (`38,5 hours` is 2310
// minutes, `1,5 months` is refused), and the messages for the mistakes policy staff make — a
// parameter without its unit, a quoted enumeration value, `is empty` on a fact that is never
// empty, a date read as a subtraction (issue 13, item 5). The other checks call these where a
// mismatch is found; each returns whether it reported, so the caller's generic message is left out.
#include "interpreter/check/checker.hpp"

#include "stdlib/catalogue.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace kadenz::detail {
namespace {

// The voice of the hints: the check's (CompileOptions::lang; keywords, units and type words in
// the policy's keyword language).
const Voice& voice_of(const CheckContext& cx) { return cx.voice; }

// A number (as text) with the canonical unit word of `lang` (`6 months`, `1 Monat`, `50 %`).
std::string with_unit(std::string_view number, bool plural, Unit unit, Lang lang) {
  if (unit == Unit::percent) return fmt::format("{} %", number);
  const std::string_view word = unit_spelling(unit, lang, plural);
  return word.empty() ? std::string(number) : fmt::format("{} {}", number, word);
}
std::string with_unit(std::int64_t n, Unit unit, Lang lang) { return with_unit(fmt::format("{}", n), n != 1, unit, lang); }

// A type word as the policy's language writes it, in backticks (`monate` in a German policy).
std::string type_word(BaseType b, Lang lang) { return fmt::format("`{}`", base_name_in(b, lang)); }

// 10^n for n <= 18.
std::int64_t power_of_ten(unsigned n) {
  std::int64_t p = 1;
  while (n-- > 0) p *= 10;
  return p;
}

// True if `e` is a plain integer literal of `min`…`max` digits (no unit, no decimals).
bool bare_digits(const Expr& e, std::uint32_t min, std::uint32_t max) {
  const std::uint32_t n = e.span.end - e.span.begin;
  return e.kind == ExprKind::integer && e.unit == Unit::none && e.decimals == 0 && n >= min && n <= max;
}

}  // namespace

// `value` × the unit's factor, in whole base units; a decimal that does not come out whole
// (`1,5 months`, `12,5 %`) is an error naming the nearest whole value. Setting unit and
// decimals to the base makes a second check of the same node (a variant's quiet check) a no-op.
Type check_number(CheckContext& cx, Expr& e) {
  if (e.written == Unit::none) e.written = e.unit;  // before scaling (a second check keeps it)
  std::int64_t factor = 1;
  Unit unit = e.unit;
  BaseType base = BaseType::integer;
  switch (e.unit) {
    case Unit::none: break;
    case Unit::minutes: base = BaseType::minutes; break;
    case Unit::hours: factor = 60, unit = Unit::minutes, base = BaseType::minutes; break;
    case Unit::days: base = BaseType::days; break;
    case Unit::weeks: factor = 7, unit = Unit::days, base = BaseType::days; break;
    case Unit::months: base = BaseType::months; break;
    case Unit::years: factor = 12, unit = Unit::months, base = BaseType::months; break;
    case Unit::percent: base = BaseType::percent; break;
  }
  std::int64_t scaled = 0;
  if (__builtin_mul_overflow(e.value, factor, &scaled)) {
    cx.error(Msg::number_too_large, e.span);
    e.type = simple(BaseType::error);
    return e.type;
  }
  const std::int64_t divisor = power_of_ten(e.decimals);
  if (scaled % divisor != 0) {
    const Voice v = voice_of(cx);
    const bool de = v.text == Lang::de;
    const std::int64_t whole = e.value / power_of_ten(e.decimals);
    const std::string written =
        fmt::format("{}{}{:0{}}", whole, de ? ',' : '.', e.value % divisor, static_cast<int>(e.decimals));
    const std::string as_written = with_unit(written, true, e.unit, v.keywords);
    std::string of_unit, units;
    if (base != BaseType::integer) {
      static constexpr std::string_view en_of[] = {"minutes", "days", "months", "percent"};
      static constexpr std::string_view de_of[] = {"Minuten", "Tagen", "Monaten", "Prozent"};
      static constexpr std::string_view de_plain[] = {"Minuten", "Tage", "Monate", "Prozent"};
      const std::size_t k = base == BaseType::minutes ? 0 : base == BaseType::days ? 1 : base == BaseType::months ? 2 : 3;
      of_unit = de ? fmt::format(" von {}", de_of[k]) : fmt::format(" of {}", en_of[k]);
      units = de ? std::string(de_plain[k]) : std::string(en_of[k]);
    } else {
      units = de ? "Zahlen ohne Einheit" : "numbers without a unit";
    }
    const std::int64_t rounded = (scaled + divisor / 2) / divisor;
    cx.diags.push_back(diagnostic(v, Msg::inexact_decimal, Severity::error, e.span,
                                  {as_written, of_unit, units, with_unit(rounded, unit, v.keywords)}));
    cx.diags.back().section = cx.section;
    e.type = simple(BaseType::error);
    return e.type;
  }
  e.value = scaled / divisor;
  e.decimals = 0;
  e.unit = unit;
  return simple(base);
}

bool hint_parameter_unit(CheckContext& cx, const Expr& use, const Type& got, const Type& want,
                         bool date_arithmetic) {
  if (use.kind != ExprKind::name || use.binding != NameKind::parameter || got.base != BaseType::integer) return false;
  if (!is_quantity(want.base) && !(want.base == BaseType::date && date_arithmetic)) return false;
  if (use.index >= cx.policy.ast.parameters.size()) return false;
  const Binding& p = cx.policy.ast.parameters[use.index];
  if (!p.value || !bare_digits(*p.value, 1, 19)) return false;
  const Voice v = voice_of(cx);
  // with a date, the number is a duration: months is what directives count in
  const BaseType as = want.base == BaseType::date ? BaseType::months : want.base;
  const std::string used_as = want.base == BaseType::date
                                  ? fmt::format("{} / {}", type_word(BaseType::months, v.keywords),
                                                type_word(BaseType::days, v.keywords))
                                  : type_word(as, v.keywords);
  const Label at_use{use.span, say(v, Msg::used_as_here, {used_as})};
  for (auto& d : cx.diags) {  // the parameter is reported once; each further use is a label
    if (d.code == "parameter-without-unit" && d.span.begin == p.value->span.begin) {
      d.secondary.push_back(at_use);
      return true;
    }
  }
  const std::string fixed = with_unit(p.value->value, base_unit(as), v.keywords);
  Diagnostic d = diagnostic(v, Msg::parameter_without_unit, Severity::error, p.value->span,
                            {p.name.text, used_as, fixed});
  d.fixes.push_back(Fix{p.value->span, fixed, say(v, Msg::fix_replace, {fixed})});
  d.secondary.push_back(at_use);
  cx.diags.push_back(std::move(d));
  return true;
}

bool hint_quoted_enum(CheckContext& cx, const Expr& value, const Type& got, const Expr& other, const Type& want) {
  if (value.kind != ExprKind::text || !value.kids.empty() || value.pieces.size() != 1) return false;
  if (got.base != BaseType::text || want.base != BaseType::enumeration || want.enum_id >= cx.policy.enums.size()) {
    return false;
  }
  const auto& values = cx.policy.enums[want.enum_id].values;
  const std::string& text = value.pieces[0];
  const bool known = std::find(values.begin(), values.end(), text) != values.end();
  const std::string example = known ? text : values.empty() ? std::string() : values.front();
  const std::string what = other.kind == ExprKind::name ? fmt::format("`{}`", other.name) : cx.tname(want);
  cx.diags.push_back(diagnostic(voice_of(cx), Msg::quoted_enum_value, Severity::error, value.span,
                                {text, what, example}));
  cx.diags.back().section = cx.section;
  if (known) cx.diags.back().fixes.push_back(Fix{value.span, text, say(voice_of(cx), Msg::fix_replace, {text})});
  return true;
}

void hint_not_optional(CheckContext& cx, Diagnostic& d, const Expr& name) {
  if (name.binding != NameKind::fact || name.index >= cx.policy.ast.facts.size()) return;
  const FactDecl& f = cx.policy.ast.facts[name.index];
  const Voice v = voice_of(cx);
  std::string type = f.type.name.text;
  if (!f.type.enum_values.empty()) {
    type = fmt::format("{} {} ", keyword_spelling(Kw::one, v.keywords), keyword_spelling(Kw::of, v.keywords));
    for (std::size_t i = 0; i < f.type.enum_values.size() && i < 3; ++i) {
      type += (i ? ", " : "") + f.type.enum_values[i].text;
    }
    if (f.type.enum_values.size() > 3) type += ", …";
  }
  const std::string fixed = fmt::format("{}: {} {} {}", f.name.text, type, keyword_spelling(Kw::or_, v.keywords),
                                        keyword_spelling(Kw::empty, v.keywords));
  d.help = say(v, Msg::not_optional_help, {f.name.text, fixed});
  d.secondary.push_back(Label{Span{f.name.span.begin, std::max(f.type.span.end, f.name.span.end)},
                              say(v, Msg::not_optional_declared)});
  // `or empty` goes after the type (after the last enumeration value of `one of …`)
  std::uint32_t after = f.type.span.end;
  for (const auto& value : f.type.enum_values) after = std::max(after, value.span.end);
  const std::string or_empty = fmt::format("{} {}", keyword_spelling(Kw::or_, v.keywords),
                                           keyword_spelling(Kw::empty, v.keywords));
  d.fixes.push_back(Fix{Span{after, after}, " " + or_empty, say(v, Msg::fix_or_empty, {f.name.text, or_empty})});
}

bool hint_date_subtraction(CheckContext& cx, const Expr& e) {
  if (e.kind != ExprKind::arith || e.op != Op::sub || e.kids[0]->kind != ExprKind::arith || e.kids[0]->op != Op::sub) {
    return false;
  }
  const Expr& a = *e.kids[0]->kids[0];
  const Expr& b = *e.kids[0]->kids[1];
  const Expr& c = *e.kids[1];
  // written without blanks around `-`: 2005-1-1 (or 1-1-2005), never `2005 - 1 - 1`
  if (a.span.end + 1 != b.span.begin || b.span.end + 1 != c.span.begin) return false;
  std::int64_t year = 0, month = 0, day = 0;
  if (bare_digits(a, 4, 4) && bare_digits(b, 1, 2) && bare_digits(c, 1, 2)) {
    year = a.value, month = b.value, day = c.value;
  } else if (bare_digits(a, 1, 2) && bare_digits(b, 1, 2) && bare_digits(c, 4, 4)) {
    day = a.value, month = b.value, year = c.value;
  } else {
    return false;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  const auto width = [](const Expr& x) { return static_cast<int>(x.span.end - x.span.begin); };
  const std::string written =
      fmt::format("{:0{}}-{:0{}}-{:0{}}", a.value, width(a), b.value, width(b), c.value, width(c));
  const std::string iso = fmt::format("{:04}-{:02}-{:02}", year, month, day);
  const std::string german = fmt::format("{:02}.{:02}.{:04}", day, month, year);
  cx.diags.push_back(diagnostic(voice_of(cx), Msg::date_as_subtraction, Severity::error, e.span, {written, iso, german}));
  cx.diags.back().section = cx.section;
  const std::string& date = cx.voice.keywords == Lang::de ? german : iso;
  cx.diags.back().fixes.push_back(Fix{e.span, date, say(voice_of(cx), Msg::fix_replace, {date})});
  return true;
}

}  // namespace kadenz::detail
