// Compile stage, second half: a program's steps and expression nodes -> register code
// (Program::code), which evaluate_record runs as one loop instead of walking the node tree. This
// file drives one compilation (constants, steps, resolving labels, byte offsets); the parts are
// in code_plan.cpp, code_emit.cpp, code_lookup.cpp and code_jumps.cpp (code_context.hpp).
#include "interpreter/compile/code_context.hpp"

namespace kadenz::detail {
namespace {

// One register per distinct constant (numbers by value, texts by constant), after the slots;
// the number 0 first (cx.zero). Sets cx.const_reg per node and returns the registers' values, in
// order. The temporaries start after them.
std::vector<Value> constant_registers(CodeContext& cx) {
  std::uint32_t next = cx.g.slot_count;
  std::vector<Value> constants;
  auto add_constant = [&](const Value& v) {
    constants.push_back(v);
    return next++;
  };
  cx.zero = add_constant(Value{});
  cx.const_reg.assign(cx.g.nodes.size(), kNone);
  std::map<std::int64_t, std::uint32_t> numbers{{0, cx.zero}};
  std::map<std::uint32_t, std::uint32_t> texts;
  std::uint32_t nothing = kNone;  // the register holding no value, if a rule gives none
  for (std::size_t i = 0; i < cx.g.nodes.size(); ++i) {
    const Node& n = cx.g.nodes[i];
    if (n.code == Code::nothing) {
      if (nothing == kNone) {
        Value v;
        v.empty = true;
        nothing = add_constant(v);
      }
      cx.const_reg[i] = nothing;
      continue;
    }
    if (n.code != Code::constant) continue;
    if (n.arg_type == BaseType::text) {
      auto [it, fresh] = texts.emplace(n.aux, 0);
      if (fresh) {
        Value v;
        v.p = cx.g.texts[n.aux].data();
        v.n = static_cast<std::uint32_t>(cx.g.texts[n.aux].size());
        it->second = add_constant(v);
      }
      cx.const_reg[i] = it->second;
    } else {
      auto [it, fresh] = numbers.emplace(n.imm, 0);
      if (fresh) {
        Value v;
        v.i = n.imm;
        it->second = add_constant(v);
      }
      cx.const_reg[i] = it->second;
    }
  }
  cx.top = cx.high = next;
  return constants;
}

// The code of every step, in step order, then `done`. A require jumps over its failure when its
// condition holds, a warning over its message when it does not; their message-only definitions
// are computed on that path only. Every step's temporaries are free again after it.
void lower_steps(CodeContext& cx) {
  for (const Step& s : cx.g.steps) {
    const std::uint32_t mark = cx.top;
    switch (s.kind) {
      case StepKind::compute:
        if (!cx.unread_age[s.index] && !cx.message_only[s.index]) lower_into(cx, s.node, s.index);
        if (s.cite >= 0) cx.emit(Ins::cite_value, static_cast<std::uint32_t>(s.cite), s.index, s.cite_boolean ? 1 : 0);
        break;
      case StepKind::table: lower_table(cx, s.index); break;
      case StepKind::require: {
        const std::uint32_t ok = cx.label();
        lower_cond(cx, s.node, true, ok);
        lower_message_definitions(cx, s.message);
        cx.emit(Ins::require_fail, s.index, lower_value(cx, s.message));
        cx.place(ok);
        break;
      }
      case StepKind::warn: {
        const std::uint32_t skip = cx.label();
        lower_cond(cx, s.node, false, skip);
        lower_message_definitions(cx, s.message);
        cx.emit(Ins::warn, s.index, lower_value(cx, s.message));
        cx.place(skip);
        break;
      }
    }
    cx.top = mark;
  }
  cx.emit(Ins::done);
}

// The operands of the operations from `jump` to the built-ins become byte offsets (has_offsets): their
// registers into the registers, a jump's target into the code. Last, after jump threading, which
// works on indices.
void to_byte_offsets(std::vector<Instr>& code) {
  for (Instr& in : code) {
    if (!has_offsets(in.op)) continue;
    constexpr auto kValue = static_cast<std::uint32_t>(sizeof(Value));
    in.a *= kValue;
    if (in.op != Ins::set_int) in.b *= kValue;
    in.c *= is_jump(in.op) ? static_cast<std::uint32_t>(sizeof(Instr)) : kValue;
  }
}

}  // namespace

void compile_code(Program& program) {
  program.code.clear();
  program.lookups.clear();
  CodeContext cx(program);
  const std::vector<Value> constants = constant_registers(cx);
  find_ages(cx);
  // A cited `let`/`output` is computed where its step stands, as the steps do: its value decides
  // whether the record lists the citation (so neither an unread age nor a message-only value).
  for (const Step& s : program.steps)
    if (s.kind == StepKind::compute && s.cite >= 0) cx.unread_age[s.index] = cx.message_only[s.index] = false;
  lower_steps(cx);

  for (const auto& [at, which] : cx.fixups) {  // labels -> instruction indices
    std::uint32_t& field = which == 'c' ? program.code[at].c : program.code[at].d;
    field = cx.labels[field];
  }
  thread_jumps(cx, constants);
  to_byte_offsets(program.code);
  for (LookupTable& l : program.lookups)
    for (std::uint32_t& target : l.targets)
      if (target != kNone) target = cx.labels[target];
  program.rule_texts.clear();
  for (const std::string& t : program.rule_text_bytes) {  // final now: the pointers stay valid
    Value v;
    v.p = t.data();
    v.n = static_cast<std::uint32_t>(t.size());
    program.rule_texts.push_back(v);
  }
  // Every age test gets two registers of its own after the temporaries, for its cached
  // threshold: R[d] empty (no as_of yet), R[d+1] the threshold (see Ins::years_at_least).
  for (const std::size_t at : cx.age_code) {
    program.code[at].d = cx.high;
    cx.high += 2;
  }
  program.register_count = cx.high;
  program.constant_slots.resize(cx.high);
  std::copy(constants.begin(), constants.end(), program.constant_slots.begin() + program.slot_count);
  for (const std::size_t at : cx.age_code) program.constant_slots[program.code[at].d].empty = true;
}

}  // namespace kadenz::detail
