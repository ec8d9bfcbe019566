// Applies a variant's declarations onto its base policy's tree, and `--set` values onto
// parameters (see extend.hpp for the rules).
#include "interpreter/extend/extend.hpp"

#include "interpreter/diagnostics/suggest.hpp"
#include "stdlib/catalogue.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace kadenz::detail {
namespace {

// `replace rule`, `add rule` or `remove rule`, in the keyword language of the voice.
std::string edit_word(const Voice& voice, EditKind k) {
  return say(voice, k == EditKind::replace ? Msg::edit_replace : k == EditKind::add ? Msg::edit_add : Msg::edit_remove);
}

class Merger {
 public:
  Merger(PolicyAst& base, std::vector<Diagnostic>& diagnostics, Voice voice)
      : base_(base), diags_(diagnostics), voice_(voice) {}

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
    // A variant with its own `valid from` starts a period of its own: the base's `valid until`
    // does not carry over (a later version of a directive that `extends` one which ended would
    // otherwise end before it starts). Without its own `valid from`, it keeps the base's period
    // and may only end it earlier or later.
    if (h->valid_from) {
      b.valid_from = std::move(h->valid_from);
      b.valid_until = std::move(h->valid_until);
    } else if (h->valid_until) {
      b.valid_until = std::move(h->valid_until);
    }
  }

  void facts(std::vector<FactDecl> facts) {
    for (auto& f : facts) {
      const auto it = std::find_if(base_.facts.begin(), base_.facts.end(),
                                   [&](const FactDecl& b) { return b.name.text == f.name.text; });
      if (it != base_.facts.end()) {
        auto& d = error(Msg::variant_fact, f.name.span, {f.name.text});
        d.secondary.push_back(Label{it->name.span, say(voice_, Msg::label_declared_in_base)});
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
          auto& d = error(Msg::variant_table, t.name.span, {t.name.text});
          d.secondary.push_back(Label{it->name.span, say(voice_, Msg::label_declared_in_base)});
          continue;
        }
        for (const auto& e : t.edits) edit_outside_variant(e);
        t.edits.clear();
        base_.tables.push_back(std::move(t));
        continue;
      }
      if (it == base_.tables.end()) {
        std::vector<std::string> names;
        for (const auto& b : base_.tables) names.push_back(b.name.text);
        auto& d = error(Msg::unknown_table, t.name.span, {t.name.text});
        if (const auto guess = closest(t.name.text, names)) d.help = say(voice_, Msg::did_you_mean, {*guess});
        else d.help = say(voice_, Msg::unknown_table_new);
        continue;
      }
      for (const auto& r : t.rules) {
        error(Msg::variant_plain_rule, r.name.span, {r.name.text, t.name.text});
      }
      for (auto& e : t.edits) apply_edit(*it, std::move(e));
    }
  }

 private:
  PolicyAst& base_;
  std::vector<Diagnostic>& diags_;
  Voice voice_;

  // Appends an error from the catalogue and returns it (valid until the next one is added).
  Diagnostic& error(Msg id, Span span, std::initializer_list<std::string_view> args = {}) {
    diags_.push_back(diagnostic(voice_, id, Severity::error, span, args));
    return diags_.back();
  }

  // A new parameter whose name is close to an existing one is most likely a typo for it.
  void warn_new_parameter(const std::vector<Binding>& params, const Binding& b) {
    std::vector<std::string> names;
    for (const auto& p : params) names.push_back(p.name.text);
    const auto guess = closest(b.name.text, names);
    if (!guess) return;
    diags_.push_back(diagnostic(voice_, Msg::variant_new_parameter, Severity::warning, b.name.span,
                                {b.name.text, *guess}));
  }

  void edit_outside_variant(const RuleEdit& e) {
    error(Msg::variant_edit_own, e.span, {edit_word(voice_, e.kind)});
  }

  std::vector<RuleDecl>::iterator find_rule(TableDecl& t, const Ident& name, Msg what) {
    auto it = std::find_if(t.rules.begin(), t.rules.end(),
                           [&](const RuleDecl& r) { return r.name.text == name.text; });
    if (it != t.rules.end()) return it;
    std::vector<std::string> names;
    for (const auto& r : t.rules) names.push_back(r.name.text);
    auto& d = error(Msg::unknown_rule, name.span, {t.name.text, name.text, say(voice_, what)});
    if (const auto guess = closest(name.text, names)) {
      d.help = say(voice_, Msg::did_you_mean, {*guess});
    } else {
      std::string list;
      for (const auto& n : names) list += fmt::format("{}{}", list.empty() ? "" : ", ", n);
      d.help = say(voice_, Msg::its_rules_are, {list.empty() ? say(voice_, Msg::list_none_left) : list});
    }
    return t.rules.end();
  }

  void apply_edit(TableDecl& t, RuleEdit e) {
    switch (e.kind) {
      case EditKind::replace: {
        const auto it = find_rule(t, e.rule.name, Msg::rule_verb_replace);
        if (it != t.rules.end()) *it = std::move(e.rule);
        return;
      }
      case EditKind::remove: {
        const auto it = find_rule(t, e.rule.name, Msg::rule_verb_remove);
        if (it != t.rules.end()) t.rules.erase(it);
        return;
      }
      case EditKind::add: {
        const auto same = std::find_if(t.rules.begin(), t.rules.end(),
                                       [&](const RuleDecl& r) { return r.name.text == e.rule.name.text; });
        if (same != t.rules.end()) {
          auto& d = error(Msg::variant_rule_exists, e.rule.name.span, {t.name.text, e.rule.name.text});
          d.secondary.push_back(Label{same->name.span, say(voice_, Msg::label_base_rule)});
          return;
        }
        if (!e.anchor) {
          t.rules.push_back(std::move(e.rule));
          return;
        }
        auto at = find_rule(t, *e.anchor, e.after ? Msg::rule_verb_after : Msg::rule_verb_before);
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

// A variant's tests onto its base's: the base's run too. A `changes` test takes the place of the
// base's test of its name: it keeps the base's `as of` unless it gives one, the base's given
// cells except those it gives again, and its own expectations; without an `expect` block it
// keeps the base's as `base_expect` (the variant must no longer meet them). Mistakes (a
// `changes` test without a base test, a second test of a base test's name) are not compile
// errors, so that they never stop `kadenz eval`: the test stage reports them
// (interpreter/verify/), seeing `base_span` unset or two tests of one name.
void merge_tests(std::vector<TestDecl>& base, std::vector<TestDecl> variant) {
  for (auto& t : variant) {
    auto it = std::find_if(base.begin(), base.end(), [&](const TestDecl& b) { return b.name.text == t.name.text; });
    if (!t.changes || it == base.end()) {
      base.push_back(std::move(t));
      continue;
    }
    TestDecl& b = *it;
    if (!t.as_of) t.as_of = b.as_of;
    for (auto& g : b.given) {
      const bool again = std::any_of(t.given.begin(), t.given.end(), [&](const TestCell& c) { return c.name.text == g.name.text; });
      if (!again) t.given.push_back(std::move(g));
    }
    if (!t.has_expect) t.base_expect = b.has_expect ? std::move(b.expect) : std::move(b.base_expect);
    t.base_span = b.span;
    b = std::move(t);
  }
}

}  // namespace

PolicyAst apply_variant(PolicyAst base, PolicyAst variant, std::vector<Diagnostic>& diagnostics, Lang lang) {
  Merger m(base, diagnostics, Voice{lang, variant.lang});
  base.lang = variant.lang;
  m.header(std::move(variant.header));
  m.facts(std::move(variant.facts));
  m.bindings(base.parameters, std::move(variant.parameters), "parameter");
  m.bindings(base.definitions, std::move(variant.definitions), "definition");
  m.tables(std::move(variant.tables));
  for (auto& v : variant.validations) base.validations.push_back(std::move(v));
  m.bindings(base.outputs, std::move(variant.outputs), "output");
  m.bindings(base.workload, std::move(variant.workload), "workload entry");
  if (variant.workload_span.end != 0) base.workload_span = variant.workload_span;
  merge_tests(base.tests, std::move(variant.tests));
  base.extends = std::move(variant.extends);
  return base;
}

void reject_edits(const PolicyAst& ast, std::vector<Diagnostic>& diagnostics, Lang lang) {
  const Voice voice{lang, ast.lang};
  for (const auto& t : ast.tables) {
    if (t.is_edit) {
      diagnostics.push_back(diagnostic(voice, Msg::variant_table_no_extends, Severity::error, t.name.span, {t.name.text}));
      continue;
    }
    for (const auto& e : t.edits) {
      diagnostics.push_back(
          diagnostic(voice, Msg::variant_rule_no_extends, Severity::error, e.span, {edit_word(voice, e.kind)}));
    }
  }
}

void apply_settings(PolicyAst& ast, std::vector<Setting> settings, std::vector<Diagnostic>& diagnostics, Lang lang) {
  const Voice voice{lang, ast.lang};
  for (auto& s : settings) {
    const auto it = std::find_if(ast.parameters.begin(), ast.parameters.end(),
                                 [&](const Binding& b) { return b.name.text == s.name.text; });
    if (it == ast.parameters.end()) {
      std::vector<std::string> names;
      for (const auto& p : ast.parameters) names.push_back(p.name.text);
      Diagnostic d = diagnostic(voice, Msg::unknown_parameter, Severity::error, s.name.span, {s.name.text});
      if (const auto guess = closest(s.name.text, names)) {
        d.help = say(voice, Msg::did_you_mean, {*guess});
      } else {
        std::string list;
        for (const auto& n : names) list += fmt::format("{}{}", list.empty() ? "" : ", ", n);
        d.help = list.empty() ? say(voice, Msg::no_parameters) : say(voice, Msg::its_parameters_are, {list});
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
