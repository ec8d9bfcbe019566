// Compile stage, first half: checked policy -> Program (slots, flat nodes, ordered steps). The
// parameters are folded and the register code compiled after it (see compile_policy.cpp).
#include "interpreter/compile/program.hpp"

#include "grammar/keywords.hpp"
#include "stdlib/functions.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <map>

namespace kadenz::detail {
namespace {

// The unit a parameter's value was written with, if it is a number literal (`39 hours`, `-2
// months`); Unit::none otherwise (an expression, a date, a yes/no, a text).
Unit written_unit(const Expr& e) {
  const Expr& lit = e.kind == ExprKind::negate && !e.kids.empty() ? *e.kids[0] : e;
  if (lit.kind != ExprKind::integer) return Unit::none;
  return lit.written == Unit::none ? lit.unit : lit.written;
}

// Compiles one checked policy into a fresh Program: lays out the slots, turns every expression
// into nodes and orders the steps. The policy must outlive the compiler; the program is shared.
class Compiler {
 public:
  Compiler(const CheckedPolicy& policy, std::shared_ptr<const SourceFile> source) : p_(policy) {
    static std::atomic<std::uint64_t> serials{0};  // every compile, on any thread, gets its own
    prog_ = std::make_shared<Program>();
    prog_->source = std::move(source);
    prog_->serial = serials.fetch_add(1, std::memory_order_relaxed) + 1;
  }

  // The whole stage, once per compiler: slots, tables, outputs, nodes, then the steps.
  std::shared_ptr<Program> run() {
    const auto& a = p_.ast;
    Program& g = *prog_;
    g.name = p_.name;
    g.document = p_.document;
    g.issued = p_.issued;
    g.valid_from = p_.valid_from;
    g.valid_until = p_.valid_until;
    g.enums = p_.enums;
    g.key_fact = p_.key_fact;
    // Slot layout: facts, as_of, parameters, definitions, tables, outputs.
    std::uint32_t slot = 0;
    for (std::size_t i = 0; i < a.facts.size(); ++i) {
      const auto& f = a.facts[i];
      const auto& info = p_.facts[i];
      CompiledFact cf;
      cf.name = f.name.text;
      cf.column = info.column;
      cf.type = info.type;
      cf.scale = info.scale;
      cf.has_default = info.has_default;
      cf.input_only = f.input_only;
      cf.default_value.i = info.default_value;
      cf.default_text = info.default_text;
      cf.span = f.name.span;
      g.facts.push_back(std::move(cf));
      ++slot;
    }
    g.as_of_slot = slot++;
    param_slot_ = slot;
    slot += static_cast<std::uint32_t>(a.parameters.size());
    def_slot_ = slot;
    slot += static_cast<std::uint32_t>(a.definitions.size());
    table_slot_ = slot;
    slot += static_cast<std::uint32_t>(a.tables.size());
    output_slot_ = slot;
    slot += static_cast<std::uint32_t>(a.outputs.size());
    g.slot_count = slot;
    g.slot_types.assign(slot, Type{});
    for (std::size_t i = 0; i < p_.facts.size(); ++i) g.slot_types[i] = p_.facts[i].type;
    g.slot_types[g.as_of_slot] = Type{BaseType::date};
    for (std::size_t i = 0; i < p_.parameter_types.size(); ++i) g.slot_types[param_slot_ + i] = p_.parameter_types[i];
    for (std::size_t i = 0; i < p_.definition_types.size(); ++i) g.slot_types[def_slot_ + i] = p_.definition_types[i];
    for (std::size_t i = 0; i < p_.table_types.size(); ++i) g.slot_types[table_slot_ + i] = p_.table_types[i];
    for (std::size_t i = 0; i < p_.output_types.size(); ++i) g.slot_types[output_slot_ + i] = p_.output_types[i];
    // default texts are owned by the program's facts; point the defaults at them
    for (auto& f : g.facts) {
      if (f.type.base == BaseType::text && f.has_default) {
        f.default_value.p = f.default_text.data();
        f.default_value.n = static_cast<std::uint32_t>(f.default_text.size());
      }
    }

    for (std::size_t i = 0; i < a.definitions.size(); ++i) {
      g.definitions.push_back(CompiledName{a.definitions[i].name.text, def_slot_ + static_cast<std::uint32_t>(i),
                                           a.definitions[i].name.span});
    }
    for (const auto& v : a.validations) {
      g.validation_spans.push_back(v.span);
      g.validation_sections.push_back(v.section.text);
    }
    number_citations();
    for (std::size_t i = 0; i < a.parameters.size(); ++i) {
      g.parameter_spans.push_back(a.parameters[i].name.span);
      g.parameter_names.push_back(a.parameters[i].name.text);
      g.parameter_slots.push_back(param_slot_ + static_cast<std::uint32_t>(i));
      g.parameter_units.push_back(written_unit(*a.parameters[i].value));
    }
    for (std::size_t i = 0; i < a.tables.size(); ++i) compile_table(i);
    for (std::size_t i = 0; i < a.outputs.size(); ++i) {
      g.outputs.push_back(CompiledOutput{a.outputs[i].name.text, p_.output_types[i],
                                         output_slot_ + static_cast<std::uint32_t>(i), a.outputs[i].name.span});
    }

    // Parameters are constants: their nodes are evaluated once, at compile time, into the
    // initial slot values (fold_parameters, after this stage).
    g.constant_slots.assign(g.slot_count, Value{});
    g.parameter_nodes.resize(a.parameters.size());
    for (std::size_t i = 0; i < a.parameters.size(); ++i) g.parameter_nodes[i] = expr(*a.parameters[i].value);

    def_node_.resize(a.definitions.size());
    for (std::size_t i = 0; i < a.definitions.size(); ++i) def_node_[i] = expr(*a.definitions[i].value);
    out_node_.resize(a.outputs.size());
    for (std::size_t i = 0; i < a.outputs.size(); ++i) out_node_[i] = expr(*a.outputs[i].value);
    val_nodes_.resize(a.validations.size());
    // A cited `then` inside a require or warn (its condition or message) is a plain branch: the
    // record's source lists what decided it, never what checked it (docs/language.md).
    cite_branches_ = false;
    for (std::size_t i = 0; i < a.validations.size(); ++i) {
      val_nodes_[i] = {expr(*a.validations[i].condition), expr(*a.validations[i].message)};
    }
    cite_branches_ = true;

    // Order: requires first (a record that breaks one is not decided further), then tables,
    // warnings and outputs, each preceded by the definitions it reads.
    emitted_.assign(g.slot_count, false);
    for (std::size_t i = 0; i < a.validations.size(); ++i)
      if (!a.validations[i].is_warning) emit_validation(i);
    for (std::size_t i = 0; i < a.tables.size(); ++i) emit_table(i);
    // Definitions nothing reads are not computed (so they cannot fail a record either).
    for (std::size_t i = 0; i < a.validations.size(); ++i)
      if (a.validations[i].is_warning) emit_validation(i);
    for (std::size_t i = 0; i < a.outputs.size(); ++i) emit_output(i);
    // Workload entries are nodes, not steps: only the reports evaluate them (evaluate_node,
    // after a record was decided). What they read is computed by the steps.
    for (std::size_t i = 0; i < a.workload.size(); ++i) {
      emit_deps(*a.workload[i].value);
      g.workload.push_back(CompiledWorkload{p_.workload_roles[i], p_.workload_types[i], expr(*a.workload[i].value),
                                            a.workload[i].name.span});
    }
    return prog_;
  }

 private:
  const CheckedPolicy& p_;
  std::shared_ptr<Program> prog_;
  std::uint32_t param_slot_ = 0, def_slot_ = 0, table_slot_ = 0, output_slot_ = 0;
  std::vector<std::uint32_t> def_node_, out_node_;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> val_nodes_;
  std::vector<bool> emitted_;
  // where a citation is written (a `let`/`output`'s name, the end of a cited if's condition) -> its
  // citation
  std::map<std::uint32_t, std::uint32_t> citation_id_;
  bool cite_branches_ = true;  // false while compiling requires and warns: their ifs mark nothing
  bool made_cite_ = false;     // a Code::cite node was made (compile_table: CompiledTable::cites)

  // Where the citation of a cited if is written: right after its condition (`if c §6 then`), so
  // an if cited inside another's condition comes first, as in the text.
  static std::uint32_t if_citation_at(const Expr& e) { return e.kids[0]->span.end; }

  // Every cited adjustment (a `let`/`output` by its name, an if by where its citation stands),
  // numbered in the order the citations are written (Program::citations). Requires and warns
  // are left out: what they cite is never listed in a record's source.
  void number_citations() {
    std::map<std::uint32_t, std::string> found;
    auto in_expr = [&](auto&& self, const Expr& e) -> void {
      if (e.kind == ExprKind::if_then && !e.name.empty()) found.emplace(if_citation_at(e), e.name);
      for (const auto& k : e.kids) self(self, *k);
    };
    const auto& a = p_.ast;
    for (const auto* list : {&a.parameters, &a.definitions, &a.outputs, &a.workload})
      for (const Binding& b : *list) {
        if (!b.section.text.empty()) found.emplace(b.name.span.begin, b.section.text);
        in_expr(in_expr, *b.value);
      }
    for (const auto& t : a.tables)
      for (const auto& r : t.rules) {
        if (r.when) in_expr(in_expr, *r.when);
        in_expr(in_expr, *r.then);
      }
    for (auto& [at, text] : found) {
      citation_id_.emplace(at, static_cast<std::uint32_t>(prog_->citations.size()));
      prog_->citations.push_back(std::move(text));
    }
  }

  // The citation of a `let`/`output`, -1 if it has none.
  std::int32_t binding_cite(const Binding& b) const {
    if (b.section.text.empty()) return -1;
    return static_cast<std::int32_t>(citation_id_.at(b.name.span.begin));
  }

  // The slot a name (fact, as_of, parameter, definition, table, output) is kept in.
  std::uint32_t slot_of(const Expr& e) const {
    switch (e.binding) {
      case NameKind::fact: return e.index;
      case NameKind::as_of: return prog_->as_of_slot;
      case NameKind::parameter: return param_slot_ + e.index;
      case NameKind::definition: return def_slot_ + e.index;
      case NameKind::table: return table_slot_ + e.index;
      case NameKind::output: return output_slot_ + e.index;
      default: return 0;
    }
  }

  // Appends node n with its kids (already added) and returns its index.
  std::uint32_t add(Node n, std::vector<std::uint32_t> kids = {}) {
    Program& g = *prog_;
    n.first = static_cast<std::uint32_t>(g.kids.size());
    n.count = static_cast<std::uint32_t>(kids.size());
    g.kids.insert(g.kids.end(), kids.begin(), kids.end());
    g.nodes.push_back(n);
    return static_cast<std::uint32_t>(g.nodes.size() - 1);
  }

  // Adds a text constant (Program::texts, never resized after compile) and returns its index.
  std::uint32_t text_constant(std::string s) {
    prog_->texts.push_back(std::move(s));
    return static_cast<std::uint32_t>(prog_->texts.size() - 1);
  }

  // The nodes of e's operands, left to right (the order the evaluation keeps).
  std::vector<std::uint32_t> kids_of(const Expr& e) {
    std::vector<std::uint32_t> k;
    for (const auto& x : e.kids) k.push_back(expr(*x));
    return k;
  }

  static bool is_text(const Expr& e) { return e.type.base == BaseType::text; }

  // The node of a checked expression (its operands first). Types decide the code: `=` on text
  // is text_eq, `date + 6 months` date_add_months, so that evaluation never tests a type.
  std::uint32_t expr(const Expr& e) {
    Node n;
    n.span = e.span;
    n.arg_type = e.type.base;
    switch (e.kind) {
      case ExprKind::integer:
      case ExprKind::date:
      case ExprKind::boolean:
        n.code = Code::constant;
        n.imm = e.value;
        return add(n);
      case ExprKind::text: {
        if (e.kids.empty()) {
          n.code = Code::constant;
          n.arg_type = BaseType::text;
          n.aux = text_constant(e.pieces.front());
          return add(n);
        }
        std::vector<std::uint32_t> parts;
        for (std::size_t i = 0; i < e.kids.size(); ++i) {
          if (!e.pieces[i].empty()) parts.push_back(text_piece(e.pieces[i], e.span));
          parts.push_back(as_text(*e.kids[i]));
        }
        if (!e.pieces.back().empty()) parts.push_back(text_piece(e.pieces.back(), e.span));
        n.code = Code::concat;
        return add(n, parts);
      }
      case ExprKind::name:
        if (e.binding == NameKind::enum_value) {
          n.code = Code::constant;
          n.imm = e.index;
          n.aux = e.type.enum_id;  // for printers (the trace); evaluation reads only imm
          return add(n);
        }
        n.code = Code::load;
        n.aux = slot_of(e);
        return add(n);
      case ExprKind::call: return call(e);
      case ExprKind::negate:
        n.code = e.type.base == BaseType::duration ? Code::duration_negate : Code::negate;
        return add(n, kids_of(e));
      case ExprKind::widen: {
        // a literal is a duration constant in the unit it was written with; anything else is
        // widened when it is computed
        const Expr& x = *e.kids[0];
        if (is_duration_literal(x)) {
          n.code = Code::constant;
          n.arg_type = BaseType::duration;
          n.imm = literal_duration(x).value_or(0);  // the checker refused one that does not fit
          return add(n);
        }
        n.code = Code::to_duration;
        n.imm = static_cast<std::int64_t>(x.type.base == BaseType::months ? DurationUnit::months : DurationUnit::days);
        return add(n, kids_of(e));
      }
      case ExprKind::logical_not: n.code = Code::logical_not; return add(n, kids_of(e));
      case ExprKind::logical_and: n.code = Code::logical_and; return add(n, kids_of(e));
      case ExprKind::logical_or: n.code = Code::logical_or; return add(n, kids_of(e));
      case ExprKind::if_then: {
        std::vector<std::uint32_t> k = kids_of(e);
        if (!e.name.empty() && cite_branches_) {  // a cited `then` branch: taking it marks the citation
          made_cite_ = true;
          Node c;
          c.code = Code::cite;
          c.arg_type = e.kids[1]->type.base;
          c.aux = citation_id_.at(if_citation_at(e));
          c.span = e.kids[1]->span;
          k[1] = add(c, {k[1]});
        }
        n.code = Code::if_then;
        return add(n, k);
      }
      case ExprKind::nothing: n.code = Code::nothing; n.arg_type = e.type.base; return add(n);
      case ExprKind::is_empty:
        n.code = e.negated ? Code::is_not_empty : Code::is_empty;
        return add(n, kids_of(e));
      case ExprKind::in_set:
        n.code = is_text(*e.kids[0]) ? Code::text_in_set : Code::in_set;
        n.imm = e.negated ? 1 : 0;
        return add(n, kids_of(e));
      case ExprKind::compare: {
        const bool text = is_text(*e.kids[0]);
        switch (e.op) {
          case Op::eq: n.code = text ? Code::text_eq : Code::eq; break;
          case Op::ne: n.code = text ? Code::text_ne : Code::ne; break;
          case Op::lt: n.code = Code::lt; break;
          case Op::le: n.code = Code::le; break;
          case Op::gt: n.code = Code::gt; break;
          default: n.code = Code::ge; break;
        }
        return add(n, kids_of(e));
      }
      case ExprKind::arith: {
        const BaseType x = e.kids[0]->type.base, y = e.kids[1]->type.base;
        std::vector<std::uint32_t> k = kids_of(e);
        if (x == BaseType::date && y == BaseType::date) {
          n.code = Code::date_diff;
        } else if ((x == BaseType::date && y == BaseType::duration) || (x == BaseType::duration && y == BaseType::date)) {
          if (y == BaseType::date) std::swap(k[0], k[1]);  // `4 Wochen + d` is `d + 4 Wochen`
          n.code = e.op == Op::sub ? Code::date_sub_duration : Code::date_add_duration;
        } else if (e.type.base == BaseType::duration) {
          if (x == BaseType::integer) std::swap(k[0], k[1]);  // `2 * d` is `d * 2`
          n.code = e.op == Op::add ? Code::duration_add : e.op == Op::sub ? Code::duration_sub : Code::duration_mul;
        } else if (x == BaseType::date || y == BaseType::date) {
          const BaseType dur = x == BaseType::date ? y : x;
          if (y == BaseType::date) std::swap(k[0], k[1]);  // `6 months + d` is `d + 6 months`
          const bool sub = e.op == Op::sub;
          n.code = dur == BaseType::days ? (sub ? Code::date_sub_days : Code::date_add_days)
                                         : (sub ? Code::date_sub_months : Code::date_add_months);
        } else {
          n.code = e.op == Op::add ? Code::add : e.op == Op::sub ? Code::sub : e.op == Op::mul ? Code::mul : Code::div;
        }
        return add(n, k);
      }
    }
    return add(n);
  }

  // A literal piece of an interpolated text.
  std::uint32_t text_piece(const std::string& s, Span span) {
    Node n;
    n.code = Code::constant;
    n.arg_type = BaseType::text;
    n.aux = text_constant(s);
    n.span = span;
    return add(n);
  }

  // e's value as text: e itself if it is text, else a to_text node over it (an interpolation,
  // text()).
  std::uint32_t as_text(const Expr& e) {
    const std::uint32_t k = expr(e);
    if (e.type.base == BaseType::text) return k;
    Node n;
    n.code = Code::to_text;
    n.arg_type = e.type.base;
    n.aux = e.type.enum_id;
    n.span = e.span;
    return add(n, {k});
  }

  // The node of a call of a built-in function, by the lowering its row in stdlib/builtins.def
  // names: a node of the function's own code over its arguments, a `pattern` one with its text
  // constant as aux, or the argument printed as text.
  std::uint32_t call(const Expr& e) {
    static constexpr Code kCodes[] = {
#define KADENZ_BUILTIN_binary(name) Code::name,
#define KADENZ_BUILTIN_unary(name) Code::name,
#define KADENZ_BUILTIN_pattern(name) Code::name,
#define KADENZ_BUILTIN_as_text(name) Code::to_text,
#define KADENZ_BUILTIN_texts(name) Code::name,
#include "stdlib/builtins.def"
    };
    const BuiltinInfo& fn = kBuiltins[e.index];
    Node n;
    n.span = e.span;
    n.arg_type = e.type.base;
    n.code = kCodes[e.index];
    switch (fn.lowering) {
      case BuiltinLowering::binary:
      case BuiltinLowering::unary:
      case BuiltinLowering::texts: break;
      case BuiltinLowering::as_text: return as_text(*e.kids[0]);
      case BuiltinLowering::pattern:
        n.aux = text_constant(e.kids[1]->pieces.front());
        return add(n, {expr(*e.kids[0])});
    }
    return add(n, kids_of(e));
  }

  // Table i with its rules (conditions and results as nodes) and its hit policy.
  void compile_table(std::size_t i) {
    const auto& t = p_.ast.tables[i];
    CompiledTable ct;
    ct.name = t.name.text;
    // The checker refused unknown names; kHitNames' ids are HitPolicy's order in both languages.
    const auto* hit = find_vocabulary(kHitNames, t.hit.text);
    ct.hit = hit ? static_cast<HitPolicy>(hit->id) : HitPolicy::first;
    ct.type = p_.table_types[i];
    ct.slot = table_slot_ + static_cast<std::uint32_t>(i);
    ct.span = t.span;
    made_cite_ = false;
    for (const auto& r : t.rules) {
      CompiledRule cr;
      cr.name = r.name.text;
      cr.section = r.section.text;
      cr.span = r.span;
      if (r.when) {
        cr.when = static_cast<std::int32_t>(expr(*r.when));
      } else {
        ct.otherwise = static_cast<std::int32_t>(ct.rules.size());
      }
      cr.then = expr(*r.then);
      ct.rules.push_back(std::move(cr));
    }
    ct.cites = made_cite_;
    prog_->tables.push_back(std::move(ct));
  }

  // ---- ordering ----

  // Emits the steps of every definition, table and output e reads, before the step that reads it.
  void emit_deps(const Expr& e) {
    if (e.kind == ExprKind::name) {
      switch (e.binding) {
        case NameKind::definition: emit_definition(e.index); break;
        case NameKind::table: emit_table(e.index); break;
        case NameKind::output: emit_output(e.index); break;
        default: break;
      }
    }
    for (const auto& k : e.kids) emit_deps(*k);
  }

  // The step computing definition i, once, after what it reads.
  void emit_definition(std::size_t i) {
    const std::uint32_t slot = def_slot_ + static_cast<std::uint32_t>(i);
    if (emitted_[slot]) return;
    emitted_[slot] = true;
    emit_deps(*p_.ast.definitions[i].value);
    prog_->steps.push_back(Step{StepKind::compute, slot, def_node_[i], 0, binding_cite(p_.ast.definitions[i]),
                                p_.definition_types[i].base == BaseType::boolean});
  }

  // The step computing output i, once, after what it reads.
  void emit_output(std::size_t i) {
    const std::uint32_t slot = output_slot_ + static_cast<std::uint32_t>(i);
    if (emitted_[slot]) return;
    emitted_[slot] = true;
    emit_deps(*p_.ast.outputs[i].value);
    prog_->steps.push_back(Step{StepKind::compute, slot, out_node_[i], 0, binding_cite(p_.ast.outputs[i]),
                                p_.output_types[i].base == BaseType::boolean});
  }

  // The step deciding table i, once, after what its rules read.
  void emit_table(std::size_t i) {
    const std::uint32_t slot = table_slot_ + static_cast<std::uint32_t>(i);
    if (emitted_[slot]) return;
    emitted_[slot] = true;
    for (const auto& r : p_.ast.tables[i].rules) {
      if (r.when) emit_deps(*r.when);
      emit_deps(*r.then);
    }
    prog_->steps.push_back(Step{StepKind::table, static_cast<std::uint32_t>(i), 0, 0});
  }

  // The step of require/warn i, after what its condition and message read.
  void emit_validation(std::size_t i) {
    const auto& v = p_.ast.validations[i];
    emit_deps(*v.condition);
    emit_deps(*v.message);
    prog_->steps.push_back(Step{v.is_warning ? StepKind::warn : StepKind::require, static_cast<std::uint32_t>(i),
                                val_nodes_[i].first, val_nodes_[i].second});
  }
};

}  // namespace

std::shared_ptr<Program> compile_nodes(const CheckedPolicy& policy, std::shared_ptr<const SourceFile> source) {
  Compiler c(policy, std::move(source));
  return c.run();
}

}  // namespace kadenz::detail
