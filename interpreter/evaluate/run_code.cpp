// Evaluate stage: runs a program's register code over one record (run_code, threaded dispatch),
// and the per-record state around it (the frame and its arena). No lookups by name, no heap
// allocation once the frame and its arena are warm. What the code does is defined by the node
// walker (walk.cpp); tests/test_code.cpp holds the two to the same results.
#include "interpreter/evaluate/walker.hpp"

#include <fmt/format.h>

#include <cstring>

namespace kadenz::detail {

// Arena::allocate stays in run_code's translation unit, where the compiler may inline it into the
// dispatch loop's text operations (concat, to_text). Bumps within the current block; moves on to
// the next kept block, or adds one of at least 4 KiB, when it does not fit.
char* Arena::allocate(std::size_t n) {
  while (block_ < blocks_.size()) {
    if (used_ + n <= sizes_[block_]) {
      char* p = blocks_[block_].get() + used_;
      used_ += n;
      return p;
    }
    ++block_;
    used_ = 0;
  }
  const std::size_t size = std::max<std::size_t>(n, 4096);
  blocks_.push_back(std::make_unique<char[]>(size));
  sizes_.push_back(size);
  block_ = blocks_.size() - 1;
  used_ = n;
  return blocks_.back().get();
}

// Frees every text of the record at once; the blocks are kept for the next one.
void Arena::reset() noexcept {
  block_ = 0;
  used_ = 0;
}

void prepare_frame(const Program& program, Frame& frame) {
  frame.slots = program.constant_slots;
  frame.table_rule.assign(program.tables.size(), -1);
  frame.warnings.clear();
  frame.warning_texts.clear();
  frame.warnings.reserve(16);
  frame.warning_texts.reserve(16);
  frame.error.clear();
  frame.error.reserve(256);
  frame.failed_require = -1;
  frame.failed_table = -1;
  frame.cited.assign(program.citations.size(), 0);
  frame.cited_before.assign(program.citations.size(), 0);
  frame.cited_kept.assign(program.citations.size(), 0);
  frame.arena.reset();
}

void reset_record(const Program& program, Frame& frame) {
  (void)program;
  // Policies have a few tables: a loop of stores, where std::fill would call memset (~20
  // instructions for Coburg's one table).
  std::int32_t* rule = frame.table_rule.data();
  const std::size_t tables = frame.table_rule.size();
  if (tables <= 4) {
    for (std::size_t t = 0; t < tables && t < 4; ++t) rule[t] = -1;
  } else {
    std::fill(rule, rule + tables, -1);
  }
  frame.warnings.clear();
  frame.warning_texts.clear();
  frame.error.clear();
  frame.failed_require = -1;
  frame.failed_table = -1;
  if (!frame.cited.empty()) [[unlikely]] std::memset(frame.cited.data(), 0, frame.cited.size());
  frame.arena.reset();
}

namespace {

// A number, date or yes/no value (not empty).
Value int_value(std::int64_t i) {
  Value v;
  v.i = i;
  return v;
}

// A calculation fault at node `node`: caught at the end of run_code, which makes it the record's
// error with the node's source position.
[[noreturn]] void fault(const Program& p, std::uint32_t node, Msg what) {
  throw Fault{p.nodes[node].span, what};
}

// A date result; a fault at `node` if the calculation left the years 0001-9999.
Value checked_date(const Program& p, std::optional<DayNumber> d, std::uint32_t node) {
  if (!d) fault(p, node, Msg::fault_date_range);
  return int_value(*d);
}

// -v (a date minus a duration adds the negated duration); a fault at `node` if it overflows.
std::int64_t checked_negation(const Program& p, std::int64_t v, std::uint32_t node) {
  if (v == INT64_MIN) fault(p, node, Msg::fault_out_of_range);
  return -v;
}

// A copy of len bytes in the frame's arena (valid until the frame's next record).
Value arena_text(Arena& arena, const char* s, std::size_t len) {
  char* out = arena.allocate(len);
  if (len) std::memcpy(out, s, len);
  Value v;
  v.p = out;
  v.n = static_cast<std::uint32_t>(len);
  return v;
}

// Ends the record as not decided by table t, with `message` as its error; returns false for
// run_code to return.
bool table_error(const Program& p, Frame& f, std::uint32_t t, std::string message) {
  (void)p;
  f.error = std::move(message);
  f.failed_table = static_cast<std::int32_t>(t);
  return false;
}

// The error of a record no rule of table t applies to (as the walker words it).
std::string no_rule(const Program& p, std::uint32_t t) {
  return say(p.voice, Msg::no_rule_applies, {p.tables[t].name});
}

// A register named by its byte offset (has_offsets).
Value& reg(Value* R, std::uint32_t offset) {
  return *reinterpret_cast<Value*>(reinterpret_cast<char*>(R) + offset);
}
// A jump's target named by its byte offset into the code.
const Instr* jump_target(const Instr* code, std::uint32_t offset) {
  return reinterpret_cast<const Instr*>(reinterpret_cast<const char*>(code) + offset);
}

// years_between(R[b], as_of) >= c for Ins::years_at_least and years_below: R[b] <= the
// threshold, which is cached in R[d], R[d+1] for the as_of it was computed for (see Ins).
[[gnu::noinline]] std::int64_t new_years_threshold(const Program& p, Value* R, const Instr* in) {
  const std::int64_t to = R[p.as_of_slot].i;
  R[in->d] = int_value(to);
  R[in->d + 1] = int_value(years_threshold(static_cast<DayNumber>(to), in->c));
  return R[in->d + 1].i;
}
// The test itself: the cached threshold when as_of is the one it was computed for (nearly every
// record of a run), else computed anew (new_years_threshold, out of the dispatch loop's way).
[[gnu::always_inline]] inline bool years_at_least(const Program& p, Value* R, const Instr* in) {
  constexpr std::int64_t kFirst = days_from_civil(kMinYear, 1, 1), kLast = days_from_civil(kMaxYear, 12, 31);
  const std::int64_t to = R[p.as_of_slot].i, from = R[in->b].i;
  if (to == R[in->d].i && !R[in->d].empty) [[likely]]
    return from <= R[in->d + 1].i;
  if (to < kFirst || to > kLast)  // outside years_threshold's range (not a date the API lets in)
    return detail::years_between(static_cast<DayNumber>(from), static_cast<DayNumber>(to)) >= in->c;
  return from <= new_years_threshold(p, R, in);
}

// Runs the register code (see Ins in program.hpp and ins.def) over the record in f.slots: true if
// it was decided, false with f.error (and failed_require / failed_table) set if not. Faults are
// thrown as Fault, as in the walker, and caught here. With `addresses`, runs nothing and only
// stores the dispatch table there (operation_addresses).
// One big function on purpose: labels as values only work within one function, and threaded
// dispatch needs every operation's code to be a label that the previous operation jumps to
// directly. Splitting it into functions per operation would put a call and a return (and a
// shared dispatch) around every instruction, which is what threading exists to avoid.
#define KADENZ_NEXT \
  do {              \
    in = pc++;      \
    goto* in->run;  \
  } while (false)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"  // labels as values (GCC and Clang): threaded dispatch
// GCC merges the identical tails of the operations (cross-jumping), so that a taken jump jumps
// once more to a shared dispatch: 5 instructions more per Coburg record. Not for run_code.
#if defined(__GNUC__) && !defined(__clang__)
#define KADENZ_OWN_TAILS __attribute__((optimize("no-crossjumping")))
#else
#define KADENZ_OWN_TAILS
#endif
KADENZ_OWN_TAILS bool run_code(const Program& p, Frame& f, const void* const** addresses = nullptr) {
  const Instr* const code = p.code.data();
  const Instr* pc = code;
  Value* const R = f.slots.data();
  // Threaded dispatch: every operation ends with its own indirect jump to the next one, which
  // the branch predictor learns per operation (one shared `switch` jump predicts worse).
  // Generated from ins.def, as Ins is: entry i is the label op_<name of Ins i> (a missing label
  // does not compile).
  static const void* const kOps[] = {
#define KADENZ_INS(name, printed) &&op_##name,
#include "interpreter/compile/ins.def"
#undef KADENZ_INS
  };

  static_assert(sizeof kOps / sizeof kOps[0] == kInsCount, "one label per Ins");
  if (addresses != nullptr) [[unlikely]] {
    *addresses = kOps;
    return true;
  }
  const Instr* in = pc++;
  // The fault handler is here rather than in evaluate_record: there it made the caller save
  // registers for its landing pad on every record; run_code saves them anyway.
  try {
  goto *in->run;
  {
      op_done: return true;
      op_jump: pc = jump_target(code, in->c); KADENZ_NEXT;
      op_jump_true: if (reg(R, in->a).i) pc = jump_target(code, in->c); KADENZ_NEXT;
      op_jump_false: if (!reg(R, in->a).i) pc = jump_target(code, in->c); KADENZ_NEXT;
      op_jump_empty: if (reg(R, in->a).empty) pc = jump_target(code, in->c); KADENZ_NEXT;
      op_jump_not_empty: if (!reg(R, in->a).empty) pc = jump_target(code, in->c); KADENZ_NEXT;
      op_jump_eq: if (reg(R, in->a).i == reg(R, in->b).i) pc = jump_target(code, in->c); KADENZ_NEXT;
      op_jump_ne: if (reg(R, in->a).i != reg(R, in->b).i) pc = jump_target(code, in->c); KADENZ_NEXT;
      op_jump_lt: if (reg(R, in->a).i < reg(R, in->b).i) pc = jump_target(code, in->c); KADENZ_NEXT;
      op_jump_le: if (reg(R, in->a).i <= reg(R, in->b).i) pc = jump_target(code, in->c); KADENZ_NEXT;
      op_jump_gt: if (reg(R, in->a).i > reg(R, in->b).i) pc = jump_target(code, in->c); KADENZ_NEXT;
      op_jump_ge: if (reg(R, in->a).i >= reg(R, in->b).i) pc = jump_target(code, in->c); KADENZ_NEXT;
      op_move: reg(R, in->a) = reg(R, in->b); KADENZ_NEXT;
      op_set_int: reg(R, in->a) = int_value(static_cast<std::int32_t>(in->b)); KADENZ_NEXT;
      op_set_eq: reg(R, in->a) = int_value(reg(R, in->b).i == reg(R, in->c).i); KADENZ_NEXT;
      op_set_ne: reg(R, in->a) = int_value(reg(R, in->b).i != reg(R, in->c).i); KADENZ_NEXT;
      op_set_lt: reg(R, in->a) = int_value(reg(R, in->b).i < reg(R, in->c).i); KADENZ_NEXT;
      op_set_le: reg(R, in->a) = int_value(reg(R, in->b).i <= reg(R, in->c).i); KADENZ_NEXT;
      op_set_gt: reg(R, in->a) = int_value(reg(R, in->b).i > reg(R, in->c).i); KADENZ_NEXT;
      op_set_ge: reg(R, in->a) = int_value(reg(R, in->b).i >= reg(R, in->c).i); KADENZ_NEXT;
      op_set_not: reg(R, in->a) = int_value(reg(R, in->b).i ? 0 : 1); KADENZ_NEXT;
      op_set_empty: reg(R, in->a) = int_value(reg(R, in->b).empty); KADENZ_NEXT;
      op_set_not_empty: reg(R, in->a) = int_value(!reg(R, in->b).empty); KADENZ_NEXT;
      op_add: {
        std::int64_t r;
        if (__builtin_add_overflow(reg(R, in->b).i, reg(R, in->c).i, &r)) fault(p, in->d, Msg::fault_out_of_range);
        reg(R, in->a) = int_value(r);
        KADENZ_NEXT;
      }
      op_sub: {
        std::int64_t r;
        if (__builtin_sub_overflow(reg(R, in->b).i, reg(R, in->c).i, &r)) fault(p, in->d, Msg::fault_out_of_range);
        reg(R, in->a) = int_value(r);
        KADENZ_NEXT;
      }
      op_mul: {
        std::int64_t r;
        if (__builtin_mul_overflow(reg(R, in->b).i, reg(R, in->c).i, &r)) fault(p, in->d, Msg::fault_out_of_range);
        reg(R, in->a) = int_value(r);
        KADENZ_NEXT;
      }
      op_div: {
        const std::int64_t a = reg(R, in->b).i, b = reg(R, in->c).i;
        if (b == 0) fault(p, in->d, Msg::fault_division_by_zero);
        if (a == INT64_MIN && b == -1) fault(p, in->d, Msg::fault_out_of_range);
        reg(R, in->a) = int_value(a / b);
        KADENZ_NEXT;
      }
      op_negate: reg(R, in->a) = int_value(checked_negation(p, reg(R, in->b).i, in->d)); KADENZ_NEXT;
      op_date_add_days:
        reg(R, in->a) = checked_date(p, add_days(static_cast<DayNumber>(reg(R, in->b).i), reg(R, in->c).i), in->d);
        KADENZ_NEXT;
      op_date_sub_days:
        reg(R, in->a) = checked_date(
            p, add_days(static_cast<DayNumber>(reg(R, in->b).i), checked_negation(p, reg(R, in->c).i, in->d)), in->d);
        KADENZ_NEXT;
      op_date_add_months:
        reg(R, in->a) = checked_date(p, add_months(static_cast<DayNumber>(reg(R, in->b).i), reg(R, in->c).i), in->d);
        KADENZ_NEXT;
      op_date_sub_months:
        reg(R, in->a) = checked_date(
            p, add_months(static_cast<DayNumber>(reg(R, in->b).i), checked_negation(p, reg(R, in->c).i, in->d)), in->d);
        KADENZ_NEXT;
      op_date_diff: reg(R, in->a) = int_value(reg(R, in->b).i - reg(R, in->c).i); KADENZ_NEXT;
      // the built-ins lowered as `binary` (stdlib/builtins.def): their value functions
#define KADENZ_BUILTIN_binary(name)                                              \
  op_##name : reg(R, in->a) = int_value(builtin::name(reg(R, in->b).i, reg(R, in->c).i)); \
  KADENZ_NEXT;
#include "stdlib/builtins.def"
      op_years_at_least: R[in->a] = int_value(years_at_least(p, R, in)); KADENZ_NEXT;
      op_years_below: R[in->a] = int_value(!years_at_least(p, R, in)); KADENZ_NEXT;
      op_to_text: {
        const Node& n = p.nodes[in->d];
        const Value v = R[in->b];
        if (n.arg_type == BaseType::enumeration) {  // the value's name lives in the program
          const std::string& s = p.enums[n.aux].values[static_cast<std::size_t>(v.i)];
          Value t;
          t.p = s.data();
          t.n = static_cast<std::uint32_t>(s.size());
          R[in->a] = t;
        } else {
          char buf[32];
          R[in->a] = arena_text(f.arena, buf, to_text_into(buf, n.arg_type, v));
        }
        KADENZ_NEXT;
      }
      op_concat: {
        const std::uint32_t count = in->b;
        const auto part = [&](std::uint32_t j) -> const Value& {  // registers follow, four to an Instr
          const Instr& x = pc[j / 4];
          const std::uint32_t at = j % 4;
          return R[at == 0 ? x.a : at == 1 ? x.b : at == 2 ? x.c : x.d];
        };
        std::size_t total = 0;
        for (std::uint32_t j = 0; j < count; ++j) total += part(j).n;
        char* out = f.arena.allocate(total);
        std::size_t at = 0;
        for (std::uint32_t j = 0; j < count; ++j) {
          const Value& v = part(j);
          if (v.n) std::memcpy(out + at, v.p, v.n);
          at += v.n;
        }
        Value t;
        t.p = out;
        t.n = static_cast<std::uint32_t>(total);
        R[in->a] = t;
        pc += (count + 3) / 4;
        KADENZ_NEXT;
      }
      op_rule_text: R[in->a] = p.rule_texts[in->c + static_cast<std::uint32_t>(f.table_rule[in->b])]; KADENZ_NEXT;
      op_node: R[in->a] = Walker(p, f).eval(in->b); KADENZ_NEXT;
      op_decide:
        f.table_rule[in->a] = static_cast<std::int32_t>(in->b);
        R[p.tables[in->a].slot] = R[in->c];
        pc = code + in->d;
        KADENZ_NEXT;
      // no value (`nothing`, empty) loses against any value
      op_pick_shortest:
        if (R[in->c].i < 0 || (!R[in->d].empty && (R[in->c + 1].empty || R[in->d].i < R[in->c + 1].i))) {
          R[in->c].i = in->b;
          R[in->c + 1] = R[in->d];
        }
        KADENZ_NEXT;
      op_pick_longest:
        if (R[in->c].i < 0 || (!R[in->d].empty && (R[in->c + 1].empty || R[in->d].i > R[in->c + 1].i))) {
          R[in->c].i = in->b;
          R[in->c + 1] = R[in->d];
        }
        KADENZ_NEXT;
      op_take_unique:
        if (R[in->c].i >= 0) {
          const CompiledTable& t = p.tables[in->a];
          const CompiledRule& first = t.rules[static_cast<std::size_t>(R[in->c].i)];
          const CompiledRule& second = t.rules[in->b];
          return table_error(p, f, in->a, both_apply(p, first, second, t));
        }
        R[in->c].i = in->b;
        KADENZ_NEXT;
      op_table_end:
        if (R[in->c].i < 0) return table_error(p, f, in->a, no_rule(p, in->a));
        f.table_rule[in->a] = static_cast<std::int32_t>(R[in->c].i);
        R[p.tables[in->a].slot] = R[in->c + 1];
        KADENZ_NEXT;
      op_table_fail: return table_error(p, f, in->a, no_rule(p, in->a));
      op_lookup: {
        const LookupTable& l = p.lookups[in->b];
        // The atoms come grouped by kind (compile_code.cpp): one loop per test.
        const LookupAtom* at = l.atoms.data();
        const std::uint32_t count = static_cast<std::uint32_t>(l.atoms.size());
        std::uint32_t index = 0, j = 0;
        for (; j < count && at[j].kind == AtomKind::eq; ++j)
          index |= static_cast<std::uint32_t>(R[at[j].a].i == R[at[j].b].i) << j;
        for (; j < count && at[j].kind == AtomKind::lt; ++j)
          index |= static_cast<std::uint32_t>(R[at[j].a].i < R[at[j].b].i) << j;
        for (; j < count; ++j) index |= static_cast<std::uint32_t>(R[at[j].a].empty) << j;
        const std::uint32_t entry = l.entries[index];
        if (entry >> 16) {
          const CompiledTable& t = p.tables[in->a];
          const CompiledRule& first = t.rules[(entry & 0xffff) - 1];
          const CompiledRule& second = t.rules[(entry >> 16) - 1];
          return table_error(p, f, in->a, both_apply(p, first, second, t));
        }
        if (entry == 0) return table_error(p, f, in->a, no_rule(p, in->a));
        pc = code + l.targets[entry - 1];
        KADENZ_NEXT;
      }
      op_require_fail:
        f.failed_require = static_cast<std::int32_t>(in->a);
        f.error.assign(R[in->b].p, R[in->b].n);
        if (!p.validation_sections[in->a].empty()) cite_error(p, f, in->a);
        return false;
      op_warn:
        f.warnings.push_back(in->a);
        f.warning_texts.push_back(p.validation_sections[in->a].empty() ? R[in->b] : cite_warning(p, f, in->a, R[in->b]));
        KADENZ_NEXT;
      op_cite: f.cited[in->a] = 1; KADENZ_NEXT;
      op_cite_value: cite_value(f, in->a, in->c != 0, R[in->b]); KADENZ_NEXT;
  }
  } catch (const Fault& fault) {
    f.error = say(p.voice, Msg::fault_at, {say(p.voice, fault.what), where(p, fault.span)});
    return false;
  }
}
#undef KADENZ_NEXT
#undef KADENZ_OWN_TAILS
#pragma GCC diagnostic pop

}  // namespace

const void* const* operation_addresses() {
  static const void* const* const addresses = [] {
    const void* const* a = nullptr;
    Program p;
    Frame f;
    run_code(p, f, &a);
    return a;
  }();
  return addresses;
}

bool evaluate_record(const Program& program, Frame& frame) {
  if (program.code.empty()) return evaluate_steps(program, frame);
  return run_code(program, frame);  // turns faults into the record's error itself
}

void thread_code(Program& program) {
  const void* const* run = operation_addresses();
  for (Instr& in : program.code) in.run = run[static_cast<std::size_t>(in.op)];  // parts of a concat too: never run
}

}  // namespace kadenz::detail
