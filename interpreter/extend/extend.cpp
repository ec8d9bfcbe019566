// Applies a variant's declarations onto its base policy's tree, and `--set` values onto
// parameters (see extend.hpp for the rules).
#include "interpreter/extend/extend.hpp"

#include "interpreter/diagnostics/suggest.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace kadenz::detail {
namespace {

class Merger {
 public:
  Merger(PolicyAst& base, std::vector<Diagnostic>& diagnostics) : base_(base), diags_(diagnostics) {}

  void header(std::optional<Header> h) {
    if (!h) return;
    if (!base_.header) {
      base_.header = std::move(h);
      return;
    }
    Header& b = *base_.header;
    b.name = std::move(h->name);
    b.span = h->span;
    if (h->document) b.document = std::move(h->document);
    if (h->issued) b.issued = std::move(h->issued);
    if (h->valid_from) b.valid_from = std::move(h->valid_from);
    if (h->valid_until) b.valid_until = std::move(h->valid_until);
  }

  void facts(std::vector<FactDecl> facts) {
    for (auto& f : facts) {
      const auto it = std::find_if(base_.facts.begin(), base_.facts.end(),
                                   [&](const FactDecl& b) { return b.name.text == f.name.text; });
      if (it != base_.facts.end()) {
        auto& d = error("variant-fact", f.name.span,
                        fmt::format("fact `{}` is already declared by the base policy", f.name.text),
                        "declared again here",
                        "a variant can add facts but not change the base's; remove this declaration or give "
                        "the new fact another name");
        d.secondary.push_back(Label{it->name.span, "declared in the base here"});
        continue;
      }
      base_.facts.push_back(std::move(f));
    }
  }

  // Same name: replace in place (the old value kept for the type check); new name: append.
  void bindings(std::vector<Binding>& into, std::vector<Binding> from, const char* what) {
    for (auto& b : from) {
      const auto it =
          std::find_if(into.begin(), into.end(), [&](const Binding& x) { return x.name.text == b.name.text; });
      if (it == into.end()) {
        if (std::string_view(what) == "parameter") warn_new_parameter(into, b);
        into.push_back(std::move(b));
        continue;
      }
      b.replaced = std::move(it->value);
      b.replaced_span = it->span;
      *it = std::move(b);
    }
  }

  void tables(std::vector<TableDecl> tables) {
    for (auto& t : tables) {
      const auto it = std::find_if(base_.tables.begin(), base_.tables.end(),
                                   [&](const TableDecl& b) { return b.name.text == t.name.text; });
      if (!t.is_edit) {
        if (it != base_.tables.end()) {
          auto& d = error("variant-table", t.name.span,
                          fmt::format("table `{}` is already declared by the base policy", t.name.text),
                          "declared again here",
                          fmt::format("to change its rules write `table {}` without `: type, hit …`, followed by "
                                      "`replace rule …`, `add rule …` or `remove rule …`",
                                      t.name.text));
          d.secondary.push_back(Label{it->name.span, "declared in the base here"});
          continue;
        }
        for (const auto& e : t.edits) edit_outside_variant(e, "a table this variant declares itself");
        t.edits.clear();
        base_.tables.push_back(std::move(t));
        continue;
      }
      if (it == base_.tables.end()) {
        std::vector<std::string> names;
        for (const auto& b : base_.tables) names.push_back(b.name.text);
        auto& d = error("unknown-table", t.name.span,
                        fmt::format("the base policy has no table `{}` to change", t.name.text), "not in the base",
                        "");
        if (const auto guess = closest(t.name.text, names)) d.help = fmt::format("did you mean `{}`?", *guess);
        else d.help = "a new table needs its outcome type: `table name: months, hit first`";
        continue;
      }
      for (const auto& r : t.rules) {
        error("variant-rule", r.name.span,
              fmt::format("plain `rule {}` in a block that changes the base's table `{}`", r.name.text, t.name.text),
              "", "write `add rule …` for a new rule or `replace rule …` to change one of the base's");
      }
      for (auto& e : t.edits) apply_edit(*it, std::move(e));
    }
  }

 private:
  PolicyAst& base_;
  std::vector<Diagnostic>& diags_;

  Diagnostic& error(std::string code, Span span, std::string message, std::string label, std::string help) {
    diags_.push_back(Diagnostic{std::move(code), Severity::error, std::move(message), span, std::move(label), {},
                                std::move(help), "", {}, {}});
    return diags_.back();
  }

  // A new parameter whose name is close to an existing one is most likely a typo for it.
  void warn_new_parameter(const std::vector<Binding>& params, const Binding& b) {
    std::vector<std::string> names;
    for (const auto& p : params) names.push_back(p.name.text);
    const auto guess = closest(b.name.text, names);
    if (!guess) return;
    diags_.push_back(Diagnostic{"variant-new-parameter", Severity::warning,
                                fmt::format("the base policy has no parameter `{}`: this adds a new one",
                                            b.name.text),
                                b.name.span, "new parameter", {},
                                fmt::format("did you mean `{}`? Overriding needs the exact name", *guess), "", {},
                                {}});
  }

  void edit_outside_variant(const RuleEdit& e, const char* where) {
    error("variant-rule", e.span, fmt::format("`{}` in {}", edit_word(e.kind), where), "",
          "declare the rule with plain `rule …`");
  }

  static const char* edit_word(EditKind k) {
    return k == EditKind::replace ? "replace rule" : k == EditKind::add ? "add rule" : "remove rule";
  }

  std::vector<RuleDecl>::iterator find_rule(TableDecl& t, const Ident& name, const char* what) {
    auto it = std::find_if(t.rules.begin(), t.rules.end(),
                           [&](const RuleDecl& r) { return r.name.text == name.text; });
    if (it != t.rules.end()) return it;
    std::vector<std::string> names;
    for (const auto& r : t.rules) names.push_back(r.name.text);
    auto& d = error("unknown-rule", name.span,
                    fmt::format("table `{}` has no rule `{}` to {}", t.name.text, name.text, what), "", "");
    if (const auto guess = closest(name.text, names)) {
      d.help = fmt::format("did you mean `{}`?", *guess);
    } else {
      std::string list;
      for (const auto& n : names) list += fmt::format("{}{}", list.empty() ? "" : ", ", n);
      d.help = fmt::format("its rules are: {}", list.empty() ? "(none left)" : list);
    }
    return t.rules.end();
  }

  void apply_edit(TableDecl& t, RuleEdit e) {
    switch (e.kind) {
      case EditKind::replace: {
        const auto it = find_rule(t, e.rule.name, "replace");
        if (it != t.rules.end()) *it = std::move(e.rule);
        return;
      }
      case EditKind::remove: {
        const auto it = find_rule(t, e.rule.name, "remove");
        if (it != t.rules.end()) t.rules.erase(it);
        return;
      }
      case EditKind::add: {
        const auto same = std::find_if(t.rules.begin(), t.rules.end(),
                                       [&](const RuleDecl& r) { return r.name.text == e.rule.name.text; });
        if (same != t.rules.end()) {
          auto& d = error("variant-rule", e.rule.name.span,
                          fmt::format("table `{}` already has a rule `{}`", t.name.text, e.rule.name.text),
                          "added here", "write `replace rule` to change it, or give the new rule another name");
          d.secondary.push_back(Label{same->name.span, "the base's rule"});
          return;
        }
        if (!e.anchor) {
          t.rules.push_back(std::move(e.rule));
          return;
        }
        auto at = find_rule(t, *e.anchor, e.after ? "insert after" : "insert before");
        if (at == t.rules.end()) return;
        if (e.after) ++at;
        t.rules.insert(at, std::move(e.rule));
        return;
      }
    }
  }
};

// The literal's unit if `e` is a plain number with one (`10 minutes`), else none.
Unit literal_unit(const Expr& e) { return e.kind == ExprKind::integer ? e.unit : Unit::none; }

}  // namespace

PolicyAst apply_variant(PolicyAst base, PolicyAst variant, std::vector<Diagnostic>& diagnostics) {
  Merger m(base, diagnostics);
  m.header(std::move(variant.header));
  m.facts(std::move(variant.facts));
  m.bindings(base.parameters, std::move(variant.parameters), "parameter");
  m.bindings(base.definitions, std::move(variant.definitions), "definition");
  m.tables(std::move(variant.tables));
  for (auto& v : variant.validations) base.validations.push_back(std::move(v));
  m.bindings(base.outputs, std::move(variant.outputs), "output");
  m.bindings(base.workload, std::move(variant.workload), "workload entry");
  if (variant.workload_span.end != 0) base.workload_span = variant.workload_span;
  base.extends = std::move(variant.extends);
  return base;
}

void reject_edits(const PolicyAst& ast, std::vector<Diagnostic>& diagnostics) {
  for (const auto& t : ast.tables) {
    if (t.is_edit) {
      diagnostics.push_back(Diagnostic{
          "variant-table", Severity::error,
          fmt::format("`table {}` without `: type, hit …` changes a base policy's table, but this file has no "
                      "`extends`",
                      t.name.text),
          t.name.span, "", {},
          fmt::format("declare the table fully (`table {}: months, hit first`) or start the file with "
                      "`extends \"base.kadenz\"`",
                      t.name.text),
          "", {}, {}});
      continue;
    }
    for (const auto& e : t.edits) {
      diagnostics.push_back(Diagnostic{
          "variant-rule", Severity::error,
          fmt::format("`{}` changes a base policy's rule, but this file has no `extends`",
                      e.kind == EditKind::replace ? "replace rule" : e.kind == EditKind::add ? "add rule" : "remove rule"),
          e.span, "", {}, "declare the rule with plain `rule …`", "", {}, {}});
    }
  }
}

void apply_settings(PolicyAst& ast, std::vector<Setting> settings, std::vector<Diagnostic>& diagnostics) {
  for (auto& s : settings) {
    const auto it = std::find_if(ast.parameters.begin(), ast.parameters.end(),
                                 [&](const Binding& b) { return b.name.text == s.name.text; });
    if (it == ast.parameters.end()) {
      std::vector<std::string> names;
      for (const auto& p : ast.parameters) names.push_back(p.name.text);
      Diagnostic d{"unknown-parameter", Severity::error,
                   fmt::format("`--set`: the policy has no parameter `{}`", s.name.text), s.name.span, "", {}, "",
                   "", {}, {}};
      if (const auto guess = closest(s.name.text, names)) {
        d.help = fmt::format("did you mean `{}`?", *guess);
      } else {
        std::string list;
        for (const auto& n : names) list += fmt::format("{}{}", list.empty() ? "" : ", ", n);
        d.help = list.empty() ? "the policy declares no parameters" : fmt::format("its parameters are: {}", list);
      }
      diagnostics.push_back(std::move(d));
      continue;
    }
    if (s.value->kind == ExprKind::integer && s.value->unit == Unit::none) {
      s.value->unit = literal_unit(*it->value);
    }
    Binding b;
    b.name = std::move(s.name);
    b.span = Span{b.name.span.begin, s.value->span.end};
    b.value = std::move(s.value);
    b.replaced = std::move(it->value);
    b.replaced_span = it->span;
    *it = std::move(b);
  }
}

}  // namespace kadenz::detail
