// Dump stage: the checked policy (`kadenz dump --stage checked`), i.e. what the check stage
// learned: every expression's type, what every name is bound to, the enumerations and facts.
#include "interpreter/dump/stages.hpp"

#include "interpreter/check/check.hpp"
#include "interpreter/extend/load.hpp"
#include "grammar/keywords.hpp"
#include "grammar/limits.hpp"
#include "stdlib/date.hpp"
#include "stdlib/duration.hpp"

#include <fmt/format.h>

#include <utility>

namespace kadenz::detail {
namespace {

// The printer of one checked policy. Types are written short so that they fit after every
// expression: `date?` is "date or empty", `enum<status>` the enumeration that `status` (a fact
// or table) declared; the enumerations are listed with their values at the top.
class CheckedPrinter {
 public:
  explicit CheckedPrinter(const CheckedPolicy& p) : p_(p) {}

  std::string run() {
    const PolicyAst& a = p_.ast;
    line("policy \"{}\"", p_.name);
    if (!p_.document.empty()) line("document \"{}\"", p_.document);
    if (p_.issued) line("issued {}", iso_date(*p_.issued));
    if (p_.valid_from) line("valid from {}", iso_date(*p_.valid_from));
    if (p_.valid_until) line("valid until {}", iso_date(*p_.valid_until));
    for (const auto& e : p_.enums) {
      std::string values;
      for (const auto& v : e.values) values += (values.empty() ? "" : ", ") + v;
      line("enum<{}>: {}", e.owner, values);
    }
    for (std::size_t i = 0; i < a.facts.size(); ++i) fact(i);
    bindings("parameter", a.parameters, p_.parameter_types);
    bindings("let", a.definitions, p_.definition_types);
    for (std::size_t i = 0; i < a.tables.size(); ++i) table(i);
    for (const auto& v : a.validations) {
      const std::string section = v.section.text.empty() ? std::string() : " " + v.section.text;
      if (v.is_warning) line("warn{} when {} {}", section, expr(*v.condition), expr(*v.message));
      else line("require{} {} else {}", section, expr(*v.condition), expr(*v.message));
    }
    bindings("output", a.outputs, p_.output_types);
    for (std::size_t i = 0; i < a.workload.size(); ++i) {
      const Binding& w = a.workload[i];
      line("workload {} (role {}): {} = {}", w.name.text,
           kWorkloadRoles[static_cast<std::size_t>(p_.workload_roles[i])].name, type(p_.workload_types[i]),
           expr(*w.value));
    }
    return std::move(out_);
  }

 private:
  const CheckedPolicy& p_;
  std::string out_;

  template <typename... Args>
  void line(fmt::format_string<Args...> f, Args&&... args) {
    fmt::format_to(std::back_inserter(out_), f, std::forward<Args>(args)...);
    out_ += '\n';
  }

  std::string type(const Type& t) const {
    std::string s;
    switch (t.base) {
      case BaseType::error: s = "error"; break;
      case BaseType::boolean: s = "bool"; break;
      case BaseType::integer: s = "int"; break;
      case BaseType::text: s = "text"; break;
      case BaseType::date: s = "date"; break;
      case BaseType::minutes: s = "minutes"; break;
      case BaseType::days: s = "days"; break;
      case BaseType::months: s = "months"; break;
      case BaseType::percent: s = "percent"; break;
      case BaseType::duration: s = "duration"; break;
      case BaseType::enumeration:
        s = t.enum_id < p_.enums.size() ? fmt::format("enum<{}>", p_.enums[t.enum_id].owner) : "enum<?>";
        break;
    }
    if (t.optional) s += '?';
    return s;
  }

  // A value of type `t` as the checker stores it (a fact's default): dates as day numbers,
  // enumeration values as their index, quantities in the type's unit.
  std::string value(const Type& t, std::int64_t v) const {
    switch (t.base) {
      case BaseType::boolean: return v ? "true" : "false";
      case BaseType::date: return iso_date(static_cast<DayNumber>(v));
      case BaseType::enumeration:
        if (t.enum_id < p_.enums.size() && v >= 0 && static_cast<std::size_t>(v) < p_.enums[t.enum_id].values.size())
          return p_.enums[t.enum_id].values[static_cast<std::size_t>(v)];
        return fmt::format("#{}", v);
      case BaseType::minutes: return fmt::format("{} minutes", v);
      case BaseType::days: return fmt::format("{} days", v);
      case BaseType::months: return fmt::format("{} months", v);
      case BaseType::percent: return fmt::format("{} %", v);
      case BaseType::duration: {
        char buf[32];
        return std::string(buf, format_duration(buf, v, Lang::en));
      }
      default: return fmt::format("{}", v);
    }
  }

  // `fact NAME: TYPE, column "…", scale N[, default V][, key][, input only]`.
  void fact(std::size_t i) {
    const FactDecl& f = p_.ast.facts[i];
    const FactInfo& info = p_.facts[i];
    std::string s = fmt::format("fact {}: {}, column \"{}\", scale {}", f.name.text, type(info.type), info.column,
                                info.scale);
    if (info.has_default) {
      s += info.type.base == BaseType::text ? fmt::format(", default \"{}\"", info.default_text)
                                            : fmt::format(", default {}", value(info.type, info.default_value));
    }
    if (i == p_.key_fact && f.key) s += ", key";
    if (f.input_only) s += ", input only";
    line("{}", s);
  }

  void bindings(const char* what, const std::vector<Binding>& list, const std::vector<Type>& types) {
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string& section = list[i].section.text;
      line("{} {}{}: {} = {}", what, list[i].name.text, section.empty() ? "" : " " + section, type(types[i]),
           expr(*list[i].value));
    }
  }

  void table(std::size_t i) {
    const TableDecl& t = p_.ast.tables[i];
    // The hit policy's English name, as the checked types are printed (a German `kürzeste` too).
    const auto* hit = find_vocabulary(kHitNames, t.hit.text);
    line("table {}: {}, hit {}", t.name.text, type(p_.table_types[i]),
         hit ? vocabulary_text(kHitNames, hit->id, Lang::en) : std::string_view(t.hit.text));
    for (const auto& r : t.rules) {
      if (r.when) line("  rule {} {} when {} then {}", r.name.text, r.section.text, expr(*r.when), expr(*r.then));
      else line("  rule {} {} otherwise then {}", r.name.text, r.section.text, expr(*r.then));
    }
  }

  static const char* binding(NameKind k) {
    switch (k) {
      case NameKind::unresolved: return "unresolved";
      case NameKind::fact: return "fact";
      case NameKind::as_of: return "as_of";
      case NameKind::parameter: return "parameter";
      case NameKind::definition: return "let";
      case NameKind::output: return "output";
      case NameKind::table: return "table";
      case NameKind::enum_value: return "enum";
      case NameKind::function: return "function";
    }
    return "?";
  }

  // The s-expression of `--stage ast` with `:type` after every expression and `@binding`
  // after every name: `(+ last_contact@fact:date? interval@let:months):date`. Literals show
  // their value after the checker normalised it (`39 hours` is `2340 minutes`).
  std::string expr(const Expr& e) const {
    auto kids = [&](std::string_view head) {
      std::string s = fmt::format("({}", head);
      for (const auto& k : e.kids) fmt::format_to(std::back_inserter(s), " {}", expr(*k));
      return s + ")";
    };
    std::string s;
    switch (e.kind) {
      case ExprKind::integer: s = fmt::format("{}{}", e.value, unit_text(e.unit)); break;
      case ExprKind::date: s = iso_date(static_cast<DayNumber>(e.value)); break;
      case ExprKind::boolean: s = e.value ? "true" : "false"; break;
      case ExprKind::text:
        s = "(text";
        for (std::size_t i = 0; i < e.pieces.size(); ++i) {
          fmt::format_to(std::back_inserter(s), " \"{}\"", e.pieces[i]);
          if (i < e.kids.size()) fmt::format_to(std::back_inserter(s), " {}", expr(*e.kids[i]));
        }
        s += ')';
        break;
      case ExprKind::name: s = fmt::format("{}@{}", e.name, binding(e.binding)); break;
      case ExprKind::call: s = kids(fmt::format("call {}", e.name)); break;
      case ExprKind::negate: s = kids("neg"); break;
      case ExprKind::logical_not: s = kids("not"); break;
      case ExprKind::arith:
      case ExprKind::compare: s = kids(op_text(e.op)); break;
      case ExprKind::logical_and: s = kids("and"); break;
      case ExprKind::logical_or: s = kids("or"); break;
      case ExprKind::in_set: s = kids(e.negated ? "not-in" : "in"); break;
      case ExprKind::is_empty: s = kids(e.negated ? "is-not-empty" : "is-empty"); break;
      case ExprKind::if_then:
        s = e.name.empty() ? kids("if")
                           : fmt::format("(if {} [{}] {} {})", expr(*e.kids[0]), e.name, expr(*e.kids[1]), expr(*e.kids[2]));
        break;
      case ExprKind::nothing: s = "nothing"; break;
      case ExprKind::widen: s = kids("to-duration"); break;
    }
    return s + ":" + type(e.type);
  }
};

}  // namespace

std::string dump_checked(const std::string& name, const std::string& text, const CompileOptions& options,
                         std::vector<Diagnostic>& diagnostics) {
  SourceFile source{name, text, {}};
  PolicyAst ast = load_policy(source, options, diagnostics);
  if (count_errors(diagnostics) > 0) return std::string();
  const CheckedPolicy checked = check_policy(std::move(ast), diagnostics, message_lang(options, source.text));
  if (diagnostics.size() > kMaxErrors) diagnostics.resize(kMaxErrors);
  if (count_errors(diagnostics) > 0) return std::string();
  return CheckedPrinter(checked).run();
}

}  // namespace kadenz::detail
