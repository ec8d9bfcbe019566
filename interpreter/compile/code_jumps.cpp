// Compile stage, register code: jump threading. A jump whose target is a jump, or a test already
// decided on the way there, goes straight to where that leads.
#include "interpreter/compile/code_context.hpp"

namespace kadenz::detail {
namespace {

// The test a conditional jump takes when its own test fails: jump_true/jump_false,
// jump_empty/jump_not_empty, jump_eq/jump_ne, jump_lt/jump_ge, jump_le/jump_gt.
Ins opposite(Ins op) {
  switch (op) {
    case Ins::jump_true: return Ins::jump_false;
    case Ins::jump_false: return Ins::jump_true;
    case Ins::jump_empty: return Ins::jump_not_empty;
    case Ins::jump_not_empty: return Ins::jump_empty;
    case Ins::jump_eq: return Ins::jump_ne;
    case Ins::jump_ne: return Ins::jump_eq;
    case Ins::jump_lt: return Ins::jump_ge;
    case Ins::jump_ge: return Ins::jump_lt;
    case Ins::jump_le: return Ins::jump_gt;
    case Ins::jump_gt: return Ins::jump_le;
    default: return Ins::done;  // not a conditional jump
  }
}

// At most this many known facts per jump (see thread_jumps).
constexpr std::size_t kMaxFacts = 16;

}  // namespace

// Jump threading. A jump lands on its target with the registers exactly as they were when it
// jumped, and jumps write nothing, so what is known when it jumps still holds there: its own
// test (if it jumps only when that holds), and the opposite of every test it fell through on
// the way to it without passing a place other code jumps to (that code may know less). If the
// target is a `jump` or a test those facts decide, the jump goes where that one leads (taken)
// or to the instruction after it (not taken), and on from there. `r = c1` also decides `r = c2`
// and `r != c2` for another number constant c2. Coburg's chain for base_interval tests u25 up
// to three times and the status twice on some paths, the extension_months requires and the two
// arbeitslos warnings test the same thing back to back. Targets are instruction indices here.
// Only the jumps change, so every place that was a target before still is; a new target is a
// place the old path reached by falling through, so the facts of the jumps before it hold on
// the new way there too, and the places found at the start stay the only other entries.
void thread_jumps(CodeContext& cx, const std::vector<Value>& constants) {
  std::vector<Instr>& code = cx.g.code;
  std::vector<bool> target(code.size() + 1, false);
  target[0] = true;
  for (std::size_t i = 0; i < code.size(); ++i) {
    const Instr& x = code[i];
    if (is_jump(x.op)) target[x.c] = true;
    if (x.op == Ins::decide) target[x.d] = true;
    if (x.op == Ins::concat) i += (x.b + 3) / 4;  // its parts
  }
  for (const LookupTable& l : cx.g.lookups)
    for (const std::uint32_t t : l.targets)
      if (t != kNone) target[cx.labels[t]] = true;
  const auto number = [&](std::uint32_t r) -> const Value* {
    if (r < cx.g.slot_count || r - cx.g.slot_count >= constants.size()) return nullptr;
    const Value& v = constants[r - cx.g.slot_count];
    return v.p == nullptr && !v.empty ? &v : nullptr;
  };
  // 1: the test of `j` holds, 0: it does not, -1: the facts do not say.
  const auto decided = [&](const std::vector<Instr>& facts, const Instr& j) {
    for (const Instr& f : facts) {
      if (f.a != j.a) continue;
      if (f.b == j.b && f.op == j.op) return 1;
      if (f.b == j.b && f.op == opposite(j.op)) return 0;
      if (f.op == Ins::jump_eq && (j.op == Ins::jump_eq || j.op == Ins::jump_ne) && f.b != j.b) {
        const Value* x = number(f.b);
        const Value* y = number(j.b);
        if (x != nullptr && y != nullptr && x->i != y->i) return j.op == Ins::jump_ne ? 1 : 0;
      }
    }
    return -1;
  };
  std::vector<Instr> facts;  // tests known to hold, as jumps
  for (std::size_t k = 0; k < code.size(); ++k) {
    Instr& in = code[k];
    if (in.op == Ins::concat) k += (in.b + 3) / 4;
    if (!is_jump(in.op)) continue;
    facts.clear();
    if (in.op != Ins::jump) facts.push_back(in);
    // At most kMaxFacts facts and 64 hops per jump: threading stays linear in the code's size.
    for (std::size_t x = k; x > 0 && facts.size() < kMaxFacts && !target[x] && is_jump(code[x - 1].op) &&
                            code[x - 1].op != Ins::jump;
         --x) {
      Instr f = code[x - 1];
      f.op = opposite(f.op);
      facts.push_back(f);
    }
    for (int hops = 0; hops < 64; ++hops) {  // the code only jumps forward; the bound is a guard
      const Instr& to = code[in.c];
      if (to.op == Ins::jump) {
        in.c = to.c;
        continue;
      }
      if (!is_jump(to.op)) break;
      const int holds = decided(facts, to);
      if (holds < 0) break;
      in.c = holds ? to.c : in.c + 1;
    }
  }
}

}  // namespace kadenz::detail
