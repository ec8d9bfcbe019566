// Printers of the syntax tree and of the compiled program (`kadenz dump --stage …`).
#include "interpreter/check/check.hpp"
#include "grammar/parse.hpp"
#include "interpreter/compile/program.hpp"
#include "interpreter/dump/stages.hpp"
#include "stdlib/date.hpp"
#include "stdlib/workload_roles.hpp"

#include <fmt/format.h>

namespace kadenz {
namespace detail {

// How the printers write an operator and a unit (declared in stages.hpp).
const char* op_text(Op op) {
  switch (op) {
    case Op::add: return "+";
    case Op::sub: return "-";
    case Op::mul: return "*";
    case Op::div: return "/";
    case Op::eq: return "=";
    case Op::ne: return "!=";
    case Op::lt: return "<";
    case Op::le: return "<=";
    case Op::gt: return ">";
    case Op::ge: return ">=";
    case Op::none: return "?";
  }
  return "?";
}

const char* unit_text(Unit u) {
  switch (u) {
    case Unit::none: return "";
    case Unit::minutes: return " minutes";
    case Unit::hours: return " hours";
    case Unit::days: return " days";
    case Unit::weeks: return " weeks";
    case Unit::months: return " months";
    case Unit::years: return " years";
    case Unit::percent: return " %";
  }
  return "";
}

namespace {


// Expressions as fully parenthesised s-expressions: the tree's shape, not its spelling.
std::string sexpr(const Expr& e) {
  auto kids = [&](std::string_view head) {
    std::string s = fmt::format("({}", head);
    for (const auto& k : e.kids) fmt::format_to(std::back_inserter(s), " {}", sexpr(*k));
    s += ')';
    return s;
  };
  switch (e.kind) {
    case ExprKind::integer: {
      if (e.decimals == 0) return fmt::format("{}{}", e.value, unit_text(e.unit));
      // a decimal as written (`38.5 hours`), before the checker makes it whole base units
      std::string digits = fmt::format("{:0{}}", e.value, e.decimals + 1);
      digits.insert(digits.size() - e.decimals, 1, '.');
      return fmt::format("{}{}", digits, unit_text(e.unit));
    }
    case ExprKind::date: {
      char buf[10];
      format_iso(static_cast<DayNumber>(e.value), buf);
      return std::string(buf, 10);
    }
    case ExprKind::boolean: return e.value ? "true" : "false";
    case ExprKind::text: {
      std::string s = "(text";
      for (std::size_t i = 0; i < e.pieces.size(); ++i) {
        s += fmt::format(" \"{}\"", e.pieces[i]);
        if (i < e.kids.size()) fmt::format_to(std::back_inserter(s), " {}", sexpr(*e.kids[i]));
      }
      s += ')';
      return s;
    }
    case ExprKind::name: return e.name;
    case ExprKind::call: return kids(fmt::format("call {}", e.name));
    case ExprKind::negate: return kids("neg");
    case ExprKind::logical_not: return kids("not");
    case ExprKind::arith:
    case ExprKind::compare: return kids(op_text(e.op));
    case ExprKind::logical_and: return kids("and");
    case ExprKind::logical_or: return kids("or");
    case ExprKind::in_set: return kids(e.negated ? "not-in" : "in");
    case ExprKind::is_empty: return kids(e.negated ? "is-not-empty" : "is-empty");
    case ExprKind::if_then: {
      if (e.name.empty()) return kids("if");
      // a cited `then` branch: the citation in brackets before it
      return fmt::format("(if {} [{}] {} {})", sexpr(*e.kids[0]), e.name, sexpr(*e.kids[1]), sexpr(*e.kids[2]));
    }
    case ExprKind::nothing: return "nothing";
    case ExprKind::widen: return kids("to-duration");
  }
  return "?";
}

// " §6" after a declaration's name or keyword when it cites a section, else nothing.
std::string cited(const Ident& section) { return section.text.empty() ? std::string() : " " + section.text; }

std::string type_text(const TypeRef& t) {
  std::string s = t.name.text;
  if (!t.enum_values.empty()) {
    for (std::size_t i = 0; i < t.enum_values.size(); ++i) s += (i ? ", " : " ") + t.enum_values[i].text;
  }
  if (t.optional) s += " or empty";
  return s;
}

std::string dump_ast(const PolicyAst& a) {
  std::string out;
  if (a.extends) out += fmt::format("extends \"{}\"\n", a.extends->text);
  if (a.header) out += fmt::format("policy \"{}\"\n", a.header->name.text);
  for (const auto& f : a.facts) {
    out += fmt::format("fact {}: {}{}", f.name.text, type_text(f.type), f.key ? ", key" : "");
    if (f.default_value) fmt::format_to(std::back_inserter(out), ", default {}", sexpr(*f.default_value));
    if (f.column) out += fmt::format(", column \"{}\"", f.column->text);
    out += '\n';
  }
  for (const auto& p : a.parameters) out += fmt::format("parameter {} = {}\n", p.name.text, sexpr(*p.value));
  for (const auto& d : a.definitions) out += fmt::format("let {}{} = {}\n", d.name.text, cited(d.section), sexpr(*d.value));
  auto rule_text = [](const RuleDecl& r) {
    return fmt::format("rule {} {} {} -> {}", r.name.text, r.section.text,
                       r.when ? sexpr(*r.when) : std::string("otherwise"), sexpr(*r.then));
  };
  for (const auto& t : a.tables) {
    if (t.is_edit) out += fmt::format("table {} (edits the base's)\n", t.name.text);
    else out += fmt::format("table {}: {}, hit {}\n", t.name.text, type_text(t.outcome), t.hit.text);
    for (const auto& r : t.rules) out += fmt::format("  {}\n", rule_text(r));
    for (const auto& e : t.edits) {
      if (e.kind == EditKind::remove) {
        out += fmt::format("  remove rule {}\n", e.rule.name.text);
      } else if (e.kind == EditKind::replace) {
        out += fmt::format("  replace {}\n", rule_text(e.rule));
      } else {
        out += fmt::format("  add {}{}\n", rule_text(e.rule),
                           e.anchor ? fmt::format(" ({} {})", e.after ? "after" : "before", e.anchor->text) : "");
      }
    }
  }
  for (const auto& v : a.validations) {
    out += fmt::format("{}{} {} {}\n", v.is_warning ? "warn" : "require", cited(v.section),
                       v.is_warning ? "when " + sexpr(*v.condition) : sexpr(*v.condition), sexpr(*v.message));
  }
  for (const auto& o : a.outputs) out += fmt::format("output {}{} = {}\n", o.name.text, cited(o.section), sexpr(*o.value));
  for (const auto& w : a.workload) out += fmt::format("workload {} = {}\n", w.name.text, sexpr(*w.value));
  return out;
}

}  // namespace

std::string print_ast(const PolicyAst& ast) { return dump_ast(ast); }

namespace {
// " §7" for a `require`/`warn` that cites a section, else nothing.
std::string cited_text(const std::string& section) { return section.empty() ? std::string() : " " + section; }
}  // namespace

std::string dump_program(const Program& g) {
  std::string out = fmt::format("program \"{}\": {} slots, {} nodes, {} steps\n", g.name, g.slot_count,
                                g.nodes.size(), g.steps.size());
  for (std::size_t i = 0; i < g.facts.size(); ++i) {
    out += fmt::format("slot {:3} fact {} ({}) column \"{}\"\n", i, g.facts[i].name, type_name(g.facts[i].type, g.enums),
                       g.facts[i].column);
  }
  out += fmt::format("slot {:3} as_of\n", g.as_of_slot);
  for (std::size_t i = 0; i < g.parameter_names.size(); ++i) {
    out += fmt::format("slot {:3} parameter {} = {}\n", g.parameter_slots[i], g.parameter_names[i],
                       g.constant_slots[g.parameter_slots[i]].i);
  }
  for (const auto& t : g.tables) out += fmt::format("slot {:3} table {}\n", t.slot, t.name);
  for (const auto& o : g.outputs) out += fmt::format("slot {:3} output {}\n", o.slot, o.name);
  for (const auto& w : g.workload) {
    out += fmt::format("workload {} = node {}\n", kWorkloadRoles[static_cast<std::size_t>(w.role)].name, w.node);
  }
  out += "steps:\n";
  for (const auto& s : g.steps) {
    switch (s.kind) {
      case StepKind::compute:
        out += fmt::format("  slot {} = node {}", s.index, s.node);
        if (s.cite >= 0) out += fmt::format(" (cites {})", g.citations[static_cast<std::size_t>(s.cite)]);
        out += '\n';
        break;
      case StepKind::table: out += fmt::format("  decide table {}\n", g.tables[s.index].name); break;
      case StepKind::require:
        out += fmt::format("  require{} node {} else node {}\n", cited_text(g.validation_sections[s.index]), s.node,
                           s.message);
        break;
      case StepKind::warn:
        out += fmt::format("  warn{} when node {}: node {}\n", cited_text(g.validation_sections[s.index]), s.node,
                           s.message);
        break;
    }
  }
  for (const auto& t : g.tables) {
    constexpr const char* kHit[] = {"first", "unique", "shortest", "longest"};
    out += fmt::format("table {} (hit {}):\n", t.name, kHit[static_cast<int>(t.hit)]);
        for (const auto& r : t.rules) {
      out += r.when < 0 ? fmt::format("  rule {} {} otherwise then node {}\n", r.name, r.section, r.then)
                        : fmt::format("  rule {} {} when node {} then node {}\n", r.name, r.section, r.when, r.then);
    }
  }
  out += "nodes:\n";
  for (std::size_t i = 0; i < g.nodes.size(); ++i) {
    const Node& n = g.nodes[i];
    out += fmt::format("  {:4} {}", i, code_name(n.code));
    if (n.code == Code::constant) {
      if (n.arg_type == BaseType::text) out += fmt::format(" \"{}\"", g.texts[n.aux]); else out += fmt::format(" {}", n.imm);
    }
    if (n.code == Code::load) out += fmt::format(" slot {}", n.aux);
    if (n.code == Code::cite) out += fmt::format(" {}", g.citations[n.aux]);
    for (std::uint32_t k = 0; k < n.count; ++k) out += fmt::format(" #{}", g.kids[n.first + k]);
    out += '\n';
  }
  return out;
}

std::string dump_code(const Program& g) {
  std::string out = fmt::format("code of \"{}\": {} instructions, {} registers ({} slots, then constants and "
                                "temporaries)\n",
                                g.name, g.code.size(), g.register_count, g.slot_count);
  for (std::uint32_t r = g.slot_count; r < g.register_count; ++r) {
    const Value& v = g.constant_slots[r];
    if (v.p != nullptr) {
      out += fmt::format("r{} = \"{}\"\n", r, std::string_view(v.p, v.n));
    } else if (v.i != 0 || r == g.slot_count) {
      out += fmt::format("r{} = {}\n", r, v.i);
    }
  }
  for (std::size_t i = 0; i < g.code.size(); ++i) {
    Instr x = g.code[i];
    if (has_offsets(x.op)) {  // byte offsets in the code, indices in the dump
      constexpr auto kValue = static_cast<std::uint32_t>(sizeof(Value));
      x.a /= kValue;
      if (x.op != Ins::set_int) x.b /= kValue;
      x.c /= is_jump(x.op) ? static_cast<std::uint32_t>(sizeof(Instr)) : kValue;
    }
    out += fmt::format("{:4} {} a={} b={} c={} d={}\n", i, ins_name(x.op), x.a, x.b, x.c, x.d);
    if (x.op == Ins::lookup) {  // the atoms and which rule's code each entry runs
      const LookupTable& l = g.lookups[x.b];
      static constexpr const char* kAtom[] = {"=", "<", "empty"};
      for (std::size_t j = 0; j < l.atoms.size(); ++j)
        out += fmt::format("       bit {}: r{} {} r{}\n", j, l.atoms[j].a, kAtom[static_cast<int>(l.atoms[j].kind)],
                           l.atoms[j].b);
      out += "       entries:";
      for (const std::uint32_t e : l.entries) {
        if (e >> 16) {
          out += fmt::format(" {}&{}", (e & 0xffff) - 1, (e >> 16) - 1);
        } else if (e == 0) {
          out += " -";
        } else {
          out += fmt::format(" {}->{}", e - 1, l.targets[e - 1]);
        }
      }
      out += '\n';
    }
    if (x.op == Ins::concat) {  // the part registers follow
      for (std::uint32_t j = 0; j < (x.b + 3) / 4; ++j, ++i) {
        const Instr& y = g.code[i + 1];
        out += fmt::format("{:4}   parts r{} r{} r{} r{}\n", i + 1, y.a, y.b, y.c, y.d);
      }
    }
  }
  return out;
}

}  // namespace detail
}  // namespace kadenz
