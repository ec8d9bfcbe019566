// Compile stage, register code: lowering steps' nodes to instructions. Conditions become jumps,
// values go to registers, tables become chains of tests (or a lookup, code_lookup.cpp).
#include "interpreter/compile/code_context.hpp"

#include "interpreter/compile/value_text.hpp"

namespace kadenz::detail {
namespace {

// Jump taken when `code` holds, and when it does not (comparisons of integer-like values, so the
// negation of `<` is exactly `>=`).
Ins jump_if(Code code, bool holds) {
  switch (code) {
    case Code::eq: return holds ? Ins::jump_eq : Ins::jump_ne;
    case Code::ne: return holds ? Ins::jump_ne : Ins::jump_eq;
    case Code::lt: return holds ? Ins::jump_lt : Ins::jump_ge;
    case Code::le: return holds ? Ins::jump_le : Ins::jump_gt;
    case Code::gt: return holds ? Ins::jump_gt : Ins::jump_le;
    default: return holds ? Ins::jump_ge : Ins::jump_lt;
  }
}

// The instruction that stores whether comparison `code` holds as a yes/no value.
Ins set_of(Code code) {
  switch (code) {
    case Code::eq: return Ins::set_eq;
    case Code::ne: return Ins::set_ne;
    case Code::lt: return Ins::set_lt;
    case Code::le: return Ins::set_le;
    case Code::gt: return Ins::set_gt;
    default: return Ins::set_ge;
  }
}

// A text whose only interpolated values are the result of one table with constant results
// has one value per rule: built here, picked per record by the deciding rule. Only for texts
// computed after the table is decided (every step that reads a table comes after it).
bool lower_rule_text(CodeContext& cx, std::uint32_t n, std::uint32_t dst) {
  const Node& x = cx.g.nodes[n];
  const std::uint32_t* k = cx.kids(x);
  std::int64_t table = -1;
  for (std::uint32_t j = 0; j < x.count; ++j) {
    const Node& part = cx.g.nodes[k[j]];
    if (part.code == Code::constant && part.arg_type == BaseType::text) continue;
    if (part.code != Code::to_text) return false;
    const Node& arg = cx.g.nodes[cx.g.kids[part.first]];
    if (arg.code != Code::load) return false;
    std::int64_t t = -1;
    for (std::size_t i = 0; i < cx.g.tables.size(); ++i)
      if (cx.g.tables[i].slot == arg.aux) t = static_cast<std::int64_t>(i);
    if (t < 0 || (table >= 0 && t != table)) return false;
    table = t;
  }
  if (table < 0) return false;
  const CompiledTable& ct = cx.g.tables[static_cast<std::size_t>(table)];
  for (const CompiledRule& r : ct.rules) {
    const Node& then = cx.g.nodes[r.then];
    if (then.code != Code::constant || then.arg_type == BaseType::text) return false;
  }
  const std::uint32_t base = static_cast<std::uint32_t>(cx.g.rule_text_bytes.size());
  for (const CompiledRule& r : ct.rules) {
    Value v;
    v.i = cx.g.nodes[r.then].imm;
    std::string text;
    for (std::uint32_t j = 0; j < x.count; ++j) {
      const Node& part = cx.g.nodes[k[j]];
      if (part.code == Code::constant) {
        text += cx.g.texts[part.aux];
      } else if (part.arg_type == BaseType::enumeration) {  // exactly as to_text prints it
        text += cx.g.enums[part.aux].values[static_cast<std::size_t>(v.i)];
      } else {
        char buf[32];
        text.append(buf, format_into(buf, part.arg_type, v, cx.g.voice.keywords));
      }
    }
    cx.g.rule_text_bytes.push_back(std::move(text));
  }
  cx.emit(Ins::rule_text, dst, static_cast<std::uint32_t>(table), base);
  return true;
}

// Both operands in registers (left first, as the tree evaluates them), then the operation.
void lower_binary(CodeContext& cx, Ins op, std::uint32_t dst, const std::uint32_t* k, std::uint32_t n) {
  const std::uint32_t a = lower_value(cx, k[0]);
  const std::uint32_t b = lower_value(cx, k[1]);
  cx.emit(op, dst, a, b, n);
}

}  // namespace

// Jumps to `target` if the node's value is `when`; falls through otherwise.
void lower_cond(CodeContext& cx, std::uint32_t n, bool when, std::uint32_t target) {
  const Node& x = cx.g.nodes[n];
  const std::uint32_t* k = cx.kids(x);
  const std::uint32_t mark = cx.top;
  switch (x.code) {
    case Code::constant:
      if ((x.imm != 0) == when) cx.jump_to(Ins::jump, 0, 0, target);
      return;
    case Code::load: cx.jump_to(when ? Ins::jump_true : Ins::jump_false, x.aux, 0, target); return;
    case Code::logical_not: lower_cond(cx, k[0], !when, target); return;
    case Code::cite:
      cx.emit(Ins::cite, x.aux);
      lower_cond(cx, k[0], when, target);
      return;
    case Code::logical_and:
    case Code::logical_or: {
      const bool is_and = x.code == Code::logical_and;
      if (x.count == 0) {
        if (is_and == when) cx.jump_to(Ins::jump, 0, 0, target);
        return;
      }
      if (is_and != when) {  // and: any false kid jumps; or: any true kid jumps
        for (std::uint32_t j = 0; j < x.count; ++j) lower_cond(cx, k[j], when, target);
        return;
      }
      // and: all kids true jumps (a false one skips); or: all kids false jumps.
      const std::uint32_t skip = cx.label();
      for (std::uint32_t j = 0; j + 1 < x.count; ++j) lower_cond(cx, k[j], !when, skip);
      lower_cond(cx, k[x.count - 1], when, target);
      cx.place(skip);
      return;
    }
    case Code::if_then: {
      const std::uint32_t other = cx.label(), end = cx.label();
      lower_cond(cx, k[0], false, other);
      lower_cond(cx, k[1], when, target);
      cx.jump_to(Ins::jump, 0, 0, end);
      cx.place(other);
      lower_cond(cx, k[2], when, target);
      cx.place(end);
      return;
    }
    case Code::is_empty:
    case Code::is_not_empty: {
      const bool empty = (x.code == Code::is_empty) == when;
      cx.jump_to(empty ? Ins::jump_empty : Ins::jump_not_empty, cx.g.nodes[k[0]].aux, 0, target);
      return;
    }
    default: break;
  }
  if (is_comparison(x.code)) {
    const std::uint32_t a = lower_value(cx, k[0]);
    const std::uint32_t b = lower_value(cx, k[1]);
    cx.jump_to(jump_if(x.code, when), a, b, target);
  } else {
    cx.jump_to(when ? Ins::jump_true : Ins::jump_false, lower_value(cx, n), 0, target);
  }
  cx.top = mark;
}

// Computes the node's value into `dst` (a temporary if kNone) and returns its register; a
// constant or a slot is returned as it is, without code.
std::uint32_t lower_value(CodeContext& cx, std::uint32_t n, std::uint32_t dst) {
  const Node& x = cx.g.nodes[n];
  if (x.code == Code::constant || x.code == Code::nothing) return cx.const_reg[n];
  if (x.code == Code::load) return x.aux;
  if (x.code == Code::cite) {  // a cited `then` branch: mark it taken, then its value
    cx.emit(Ins::cite, x.aux);
    return lower_value(cx, cx.kids(x)[0], dst);
  }
  if (dst == kNone) dst = cx.temp();
  if (const auto age = cx.ages.find(n); age != cx.ages.end()) {
    const AgeTest& t = age->second;
    cx.age_code.push_back(cx.emit(t.at_least ? Ins::years_at_least : Ins::years_below, dst, t.from, t.years));
    return dst;
  }
  const std::uint32_t mark = cx.top;
  const std::uint32_t* k = cx.kids(x);
  switch (x.code) {
    case Code::if_then: {
      const std::uint32_t other = cx.label(), end = cx.label();
      lower_cond(cx, k[0], false, other);
      lower_into(cx, k[1], dst);
      cx.jump_to(Ins::jump, 0, 0, end);
      cx.place(other);
      lower_into(cx, k[2], dst);
      cx.place(end);
      break;
    }
    case Code::logical_not: cx.emit(Ins::set_not, dst, lower_value(cx, k[0])); break;
    case Code::is_empty: cx.emit(Ins::set_empty, dst, cx.g.nodes[k[0]].aux); break;
    case Code::is_not_empty: cx.emit(Ins::set_not_empty, dst, cx.g.nodes[k[0]].aux); break;
    case Code::logical_and:
    case Code::logical_or: {
      const std::uint32_t no = cx.label(), end = cx.label();
      lower_cond(cx, n, false, no);
      cx.emit(Ins::set_int, dst, 1);
      cx.jump_to(Ins::jump, 0, 0, end);
      cx.place(no);
      cx.emit(Ins::set_int, dst, 0);
      cx.place(end);
      break;
    }
    case Code::eq:
    case Code::ne:
    case Code::lt:
    case Code::le:
    case Code::gt:
    case Code::ge: lower_binary(cx, set_of(x.code), dst, k, n); break;
    case Code::add: lower_binary(cx, Ins::add, dst, k, n); break;
    case Code::sub: lower_binary(cx, Ins::sub, dst, k, n); break;
    case Code::mul: lower_binary(cx, Ins::mul, dst, k, n); break;
    case Code::div: lower_binary(cx, Ins::div, dst, k, n); break;
    case Code::negate: cx.emit(Ins::negate, dst, lower_value(cx, k[0]), 0, n); break;
    case Code::date_add_days: lower_binary(cx, Ins::date_add_days, dst, k, n); break;
    case Code::date_sub_days: lower_binary(cx, Ins::date_sub_days, dst, k, n); break;
    case Code::date_add_months: lower_binary(cx, Ins::date_add_months, dst, k, n); break;
    case Code::date_sub_months: lower_binary(cx, Ins::date_sub_months, dst, k, n); break;
    case Code::date_diff: lower_binary(cx, Ins::date_diff, dst, k, n); break;
    // built-ins lowered as `binary` have an operation of their own (stdlib/builtins.def); the
    // others are run by the node walker (default below)
#define KADENZ_BUILTIN_binary(name) \
  case Code::name: lower_binary(cx, Ins::name, dst, k, n); break;
#include "stdlib/builtins.def"
    case Code::to_text:
      // a duration prints in the policy's keyword language: the node walker's to_text knows it
      if (x.arg_type == BaseType::duration) {
        cx.emit(Ins::node, dst, n);
        break;
      }
      cx.emit(Ins::to_text, dst, lower_value(cx, k[0]), 0, n);
      break;
    case Code::concat: {
      if (lower_rule_text(cx, n, dst)) break;
      // The parts' registers follow the instruction, four to an Instr, so the parts need not
      // be copied into consecutive registers first.
      std::vector<std::uint32_t> parts;
      for (std::uint32_t j = 0; j < x.count; ++j) parts.push_back(lower_value(cx, k[j]));
      cx.emit(Ins::concat, dst, x.count);
      for (std::size_t j = 0; j < parts.size(); j += 4) {
        Instr args;
        args.a = parts[j];
        args.b = j + 1 < parts.size() ? parts[j + 1] : 0;
        args.c = j + 2 < parts.size() ? parts[j + 2] : 0;
        args.d = j + 3 < parts.size() ? parts[j + 3] : 0;
        cx.g.code.push_back(args);
      }
      break;
    }
    default: cx.emit(Ins::node, dst, n); break;  // rare operations: evaluated as a tree
  }
  cx.top = mark;
  return dst;
}

// A value the node computes anyway goes straight to dst; a constant or a slot is moved there.
void lower_into(CodeContext& cx, std::uint32_t n, std::uint32_t dst) {
  const std::uint32_t r = lower_value(cx, n, dst);
  if (r != dst) cx.emit(Ins::move, dst, r);
}

// A step of a table with cited branches (CiteMarks), run as a node: the dispatch loop gets no
// operation of its own for it (new operations cost every record of every policy ~20 machine
// instructions in run_code, measured with bench/callgrind.sh), and these run only in tables that
// cite. keep: if register `chosen` holds `rule`.
void emit_cite_marks(CodeContext& cx, CiteMarks what, std::uint32_t chosen = 0, std::uint32_t rule = 0) {
  Node n;
  n.code = Code::cite_marks;
  n.arg_type = BaseType::boolean;
  n.aux = chosen;
  n.imm = static_cast<std::int64_t>(what) + 4 * static_cast<std::int64_t>(rule);
  const auto node = static_cast<std::uint32_t>(cx.g.nodes.size());
  cx.g.nodes.push_back(n);
  const std::uint32_t mark = cx.top;
  cx.emit(Ins::node, cx.temp(), node);
  cx.top = mark;
}

// A table. `first`, and `shortest`/`longest` with constant results and conditions that cannot
// fault, stop at the first rule that decides (for shortest/longest the rules are tried in the
// order of their results, ties in rule order: the rule the full evaluation would choose).
// Otherwise every rule is tried and the choice kept in two temporaries.
void lower_table(CodeContext& cx, std::uint32_t t) {
  const CompiledTable& ct = cx.g.tables[t];
  std::vector<std::uint32_t> order;
  bool constant_results = true;
  for (std::uint32_t j = 0; j < ct.rules.size(); ++j) {
    const CompiledRule& r = ct.rules[j];
    if (r.when < 0) continue;
    order.push_back(j);
    const Node& then = cx.g.nodes[r.then];
    if (!is_constant_result(then) || may_fault(cx.g, static_cast<std::uint32_t>(r.when)))
      constant_results = false;
  }
  const bool ordered = ct.hit == HitPolicy::shortest || ct.hit == HitPolicy::longest;
  if (lower_lookup(cx, t, order, constant_results)) return;
  const std::uint32_t end = cx.label();
  if (ct.hit == HitPolicy::first || (ordered && constant_results)) {
    if (ordered) {
      // results without a value (`nothing`) last: they lose against any value
      std::stable_sort(order.begin(), order.end(), [&](std::uint32_t x, std::uint32_t y) {
        return result_beats(cx.g.nodes[ct.rules[x].then], cx.g.nodes[ct.rules[y].then], ct.hit);
      });
    }
    // cited branches (never with constant results): each rule starts from the table's marks,
    // and the deciding rule, the last evaluated, leaves its own
    if (ct.cites) emit_cite_marks(cx, CiteMarks::save);
    for (const std::uint32_t j : order) {
      const std::uint32_t next = cx.label();
      if (ct.cites) emit_cite_marks(cx, CiteMarks::reset);
      lower_cond(cx, static_cast<std::uint32_t>(ct.rules[j].when), false, next);
      lower_decide(cx, t, j, end);
      cx.place(next);
    }
    if (ct.otherwise >= 0) {
      if (ct.cites) emit_cite_marks(cx, CiteMarks::reset);
      lower_decide(cx, t, static_cast<std::uint32_t>(ct.otherwise), end);
    } else {
      cx.emit(Ins::table_fail, t);
    }
    cx.place(end);
    return;
  }
  const std::uint32_t chosen = cx.temp();
  cx.temp();  // chosen + 1: the best value so far
  cx.emit(Ins::set_int, chosen, static_cast<std::uint32_t>(-1));
  const Ins pick = ct.hit == HitPolicy::unique     ? Ins::take_unique
                  : ct.hit == HitPolicy::shortest ? Ins::pick_shortest
                                                  : Ins::pick_longest;
  // cited branches: each rule starts from the table's marks; the chosen rule's are kept
  if (ct.cites) emit_cite_marks(cx, CiteMarks::save);
  for (const std::uint32_t j : order) {
    const std::uint32_t next = cx.label();
    const std::uint32_t mark = cx.top;
    if (ct.cites) emit_cite_marks(cx, CiteMarks::reset);
    lower_cond(cx, static_cast<std::uint32_t>(ct.rules[j].when), false, next);
    if (pick == Ins::take_unique) {  // a second rule that applies fails before its result is computed
      cx.emit(pick, t, j, chosen);
      lower_into(cx, ct.rules[j].then, chosen + 1);
    } else {
      cx.emit(pick, t, j, chosen, lower_value(cx, ct.rules[j].then));
    }
    if (ct.cites) emit_cite_marks(cx, CiteMarks::keep, chosen, j);
    cx.top = mark;
    cx.place(next);
  }
  if (ct.otherwise >= 0) {
    const std::uint32_t decided = cx.label();
    cx.jump_to(Ins::jump_ge, chosen, cx.zero, decided);
    if (ct.cites) emit_cite_marks(cx, CiteMarks::reset);
    lower_decide(cx, t, static_cast<std::uint32_t>(ct.otherwise), end);
    cx.place(decided);
  }
  if (ct.cites) emit_cite_marks(cx, CiteMarks::end);
  cx.emit(Ins::table_end, t, 0, chosen);
  cx.place(end);
}

// The rule's result in a register (its temporaries freed after), then Ins::decide, which stores
// the result in the table's slot and jumps to `end` (a label, fixed up in field d).
void lower_decide(CodeContext& cx, std::uint32_t t, std::uint32_t rule, std::uint32_t end) {
  const std::uint32_t mark = cx.top;
  const std::uint32_t v = lower_value(cx, cx.g.tables[t].rules[rule].then);
  cx.fixups.emplace_back(cx.emit(Ins::decide, t, rule, v, end), 'd');
  cx.top = mark;
}

// Computes the message-only definitions that message n reads (and those they read), in step
// order, into their slots.
void lower_message_definitions(CodeContext& cx, std::uint32_t n) {
  std::vector<bool> needed(cx.g.slot_count, false);
  bool any = false;
  const auto mark = [&](auto&& self, std::uint32_t node) -> void {
    const Node& x = cx.g.nodes[node];
    if (x.code == Code::load && x.aux < cx.g.slot_count && cx.message_only[x.aux] && !needed[x.aux]) {
      needed[x.aux] = any = true;
      self(self, static_cast<std::uint32_t>(cx.step_node[x.aux]));
    }
    for (std::uint32_t j = 0; j < x.count; ++j) self(self, cx.kids(x)[j]);
  };
  mark(mark, n);
  if (!any) return;
  for (const Step& s : cx.g.steps)
    if (s.kind == StepKind::compute && needed[s.index]) {
      const std::uint32_t top = cx.top;
      lower_into(cx, s.node, s.index);
      cx.top = top;
    }
}

}  // namespace kadenz::detail
