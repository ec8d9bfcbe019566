// Compile stage, second half: a program's steps and expression nodes -> register code
// (Program::code), which evaluate_record runs as one loop instead of walking the node tree.
#include "interpreter/compile/program.hpp"

#include "interpreter/compile/value_text.hpp"
#include "grammar/limits.hpp"

#include <algorithm>
#include <limits>
#include <map>

namespace kadenz::detail {
namespace {

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

// At most this many distinct atoms in the conditions of a table decided by one lookup: the table
// has 2^atoms entries (4 KiB at 10), built at compile time. A table with more is a chain of jumps.
constexpr std::size_t kMaxLookupAtoms = 10;

// A table that stops at its first deciding rule is looked up only if its chain makes at least
// this many tests per atom (when every rule is reached): measured with callgrind on the Coburg
// policy, whose 7-atom table makes 13 tests, the lookup cost about 70 instructions per record
// more than the chain, which usually stops after a few tests.
constexpr std::size_t kChainTestsPerAtom = 3;

static_assert(kMaxRulesPerTable < 0xffff, "LookupTable::entries keeps a rule + 1 in 16 bits");

// Whether evaluating the node can fault (checked arithmetic, date arithmetic leaving the years
// 1..9999). A table whose conditions cannot fault may stop at the first rule that decides it:
// skipping the other conditions cannot hide an error the node-by-node evaluation would report.
bool may_fault(const Program& g, std::uint32_t n) {
  const Node& x = g.nodes[n];
  switch (x.code) {
    case Code::negate:
    case Code::add:
    case Code::sub:
    case Code::mul:
    case Code::div:
    case Code::date_add_days:
    case Code::date_sub_days:
    case Code::date_add_months:
    case Code::date_sub_months: return true;
    default: break;
  }
  for (std::uint32_t j = 0; j < x.count; ++j)
    if (may_fault(g, g.kids[x.first + j])) return true;
  return false;
}

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

bool is_comparison(Code c) {
  return c == Code::eq || c == Code::ne || c == Code::lt || c == Code::le || c == Code::gt || c == Code::ge;
}

// One pass over the steps. Every node is compiled once, in the order the node-by-node evaluation
// visits it, so faults and their positions come out the same. Registers: the program's slots,
// one per distinct constant, then temporaries handed out like a stack (a node's temporaries are
// free again once its value is computed).
class CodeCompiler {
 public:
  explicit CodeCompiler(Program& g) : g_(g) {}

  void run() {
    std::uint32_t next = g_.slot_count;
    std::vector<Value> constants;
    auto add_constant = [&](const Value& v) {
      constants.push_back(v);
      return next++;
    };
    zero_ = add_constant(Value{});
    const_reg_.assign(g_.nodes.size(), kNone);
    std::map<std::int64_t, std::uint32_t> numbers{{0, zero_}};
    std::map<std::uint32_t, std::uint32_t> texts;
    for (std::size_t i = 0; i < g_.nodes.size(); ++i) {
      const Node& n = g_.nodes[i];
      if (n.code != Code::constant) continue;
      if (n.arg_type == BaseType::text) {
        auto [it, fresh] = texts.emplace(n.aux, 0);
        if (fresh) {
          Value v;
          v.p = g_.texts[n.aux].data();
          v.n = static_cast<std::uint32_t>(g_.texts[n.aux].size());
          it->second = add_constant(v);
        }
        const_reg_[i] = it->second;
      } else {
        auto [it, fresh] = numbers.emplace(n.imm, 0);
        if (fresh) {
          Value v;
          v.i = n.imm;
          it->second = add_constant(v);
        }
        const_reg_[i] = it->second;
      }
    }
    top_ = high_ = next;
    find_ages();

    for (const Step& s : g_.steps) {
      const std::uint32_t mark = top_;
      switch (s.kind) {
        case StepKind::compute:
          if (!unread_age_[s.index] && !message_only_[s.index]) into(s.node, s.index);
          break;
        case StepKind::table: table(s.index); break;
        case StepKind::require: {
          const std::uint32_t ok = label();
          cond(s.node, true, ok);
          message_definitions(s.message);
          emit(Ins::require_fail, s.index, value(s.message));
          place(ok);
          break;
        }
        case StepKind::warn: {
          const std::uint32_t skip = label();
          cond(s.node, false, skip);
          message_definitions(s.message);
          emit(Ins::warn, s.index, value(s.message));
          place(skip);
          break;
        }
      }
      top_ = mark;
    }
    emit(Ins::done);

    for (const auto& [at, which] : fixups_) {
      std::uint32_t& field = which == 'c' ? g_.code[at].c : g_.code[at].d;
      field = labels_[field];
    }
    thread_jumps(constants);
    for (Instr& in : g_.code) {  // operands become byte offsets (has_offsets)
      if (!has_offsets(in.op)) continue;
      constexpr auto kValue = static_cast<std::uint32_t>(sizeof(Value));
      in.a *= kValue;
      if (in.op != Ins::set_int) in.b *= kValue;
      in.c *= is_jump(in.op) ? static_cast<std::uint32_t>(sizeof(Instr)) : kValue;
    }
    for (LookupTable& l : g_.lookups)
      for (std::uint32_t& target : l.targets)
        if (target != kNone) target = labels_[target];
    g_.rule_texts.clear();
    for (const std::string& t : g_.rule_text_bytes) {  // final now: the pointers stay valid
      Value v;
      v.p = t.data();
      v.n = static_cast<std::uint32_t>(t.size());
      g_.rule_texts.push_back(v);
    }
    // Every age test gets two registers of its own after the temporaries, for its cached
    // threshold: R[d] empty (no as_of yet), R[d+1] the threshold (see Ins::years_at_least).
    for (const std::size_t at : age_code_) {
      g_.code[at].d = high_;
      high_ += 2;
    }
    g_.register_count = high_;
    g_.constant_slots.resize(high_);
    std::copy(constants.begin(), constants.end(), g_.constant_slots.begin() + g_.slot_count);
    for (const std::size_t at : age_code_) g_.constant_slots[g_.code[at].d].empty = true;
  }

 private:
  Program& g_;
  std::vector<std::uint32_t> const_reg_;  // per node: its constant register, kNone if not a constant
  std::uint32_t zero_ = 0;                // the constant 0
  std::uint32_t top_ = 0, high_ = 0;      // next free temporary; registers used so far
  std::vector<std::uint32_t> labels_;     // label -> instruction index
  std::vector<std::pair<std::size_t, char>> fixups_;  // jumps whose target field holds a label

  // The test a conditional jump takes when its own test fails: jump_true/jump_false,
  // jump_empty/jump_not_empty, jump_eq/jump_ne, jump_lt/jump_ge, jump_le/jump_gt.
  static Ins opposite(Ins op) {
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
  static constexpr std::size_t kMaxFacts = 16;
  void thread_jumps(const std::vector<Value>& constants) {
    std::vector<Instr>& code = g_.code;
    std::vector<bool> target(code.size() + 1, false);
    target[0] = true;
    for (std::size_t i = 0; i < code.size(); ++i) {
      const Instr& x = code[i];
      if (is_jump(x.op)) target[x.c] = true;
      if (x.op == Ins::decide) target[x.d] = true;
      if (x.op == Ins::concat) i += (x.b + 3) / 4;  // its parts
    }
    for (const LookupTable& l : g_.lookups)
      for (const std::uint32_t t : l.targets)
        if (t != kNone) target[labels_[t]] = true;
    const auto number = [&](std::uint32_t r) -> const Value* {
      if (r < g_.slot_count || r - g_.slot_count >= constants.size()) return nullptr;
      const Value& v = constants[r - g_.slot_count];
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

  // An age compared with a constant (find_ages): the comparison node's code.
  struct AgeTest {
    std::uint32_t from = 0;   // register of years_between's first operand
    std::uint32_t years = 0;  // 1 .. kMaxAgeYears
    bool at_least = false;    // years_at_least, else years_below
  };
  static constexpr std::int64_t kMaxAgeYears = 10000;  // years_threshold's range
  std::map<std::uint32_t, AgeTest> ages_;  // per comparison node
  std::vector<bool> unread_age_;           // per slot: a definition no code reads (not computed)
  std::vector<std::size_t> age_code_;      // the years_at_least/years_below instructions

  // Finds `let a = years_between(x, as_of)` (x a slot) read by nothing but one `let`/output that
  // is exactly `a` compared with a constant (<, <=, >, >=, either side). That comparison becomes
  // one years_at_least/years_below of x against a threshold computed once per as_of, and `a` is
  // not computed: no code reads its slot (every reference to a node is counted, including the
  // workload's, which the reports evaluate after the record, and nodes no step reaches), and
  // years_between cannot fault, so skipping it changes no outcome.
  // Definitions read only by the messages of requires and warnings (`let base_interval_text =
  // …` for a require's message) whose values cannot fault: computed where a message needs them,
  // after its condition failed or fired, instead of for every record (message_definitions).
  std::vector<bool> message_only_;           // per slot
  std::vector<std::int64_t> step_node_;      // per slot: the node of the step computing it, -1 if none

  // Loads of each slot in the tree of node n, one per path (a node shared with anything outside
  // the messages then counts fewer here than in `reads`, so it is not taken).
  void count_loads(std::uint32_t n, std::vector<std::uint32_t>& loads) const {
    const Node& x = g_.nodes[n];
    if (x.code == Code::load && x.aux < g_.slot_count) ++loads[x.aux];
    for (std::uint32_t j = 0; j < x.count; ++j) count_loads(kids(x)[j], loads);
  }

  void find_message_definitions(const std::vector<std::uint32_t>& reads) {
    message_only_.assign(g_.slot_count, false);
    step_node_.assign(g_.slot_count, -1);
    std::vector<std::uint32_t> loads(g_.slot_count, 0);
    for (const Step& s : g_.steps) {
      if (s.kind == StepKind::compute) step_node_[s.index] = s.node;
      if (s.kind == StepKind::require || s.kind == StepKind::warn) count_loads(s.message, loads);
    }
    // In reverse step order, so that a definition read only by message-only definitions (their
    // loads then count as message loads) is found too.
    for (auto it = g_.steps.rbegin(); it != g_.steps.rend(); ++it) {
      const Step& s = *it;
      if (s.kind != StepKind::compute || reads[s.index] == 0 || loads[s.index] != reads[s.index]) continue;
      const bool definition = std::any_of(g_.definitions.begin(), g_.definitions.end(),
                                          [&](const CompiledName& d) { return d.slot == s.index; });
      if (!definition || may_fault(g_, s.node)) continue;
      message_only_[s.index] = true;
      count_loads(s.node, loads);
    }
  }

  // Computes the message-only definitions that message n reads (and those they read), in step
  // order, into their slots.
  void message_definitions(std::uint32_t n) {
    std::vector<bool> needed(g_.slot_count, false);
    bool any = false;
    const auto mark = [&](auto&& self, std::uint32_t node) -> void {
      const Node& x = g_.nodes[node];
      if (x.code == Code::load && x.aux < g_.slot_count && message_only_[x.aux] && !needed[x.aux]) {
        needed[x.aux] = any = true;
        self(self, static_cast<std::uint32_t>(step_node_[x.aux]));
      }
      for (std::uint32_t j = 0; j < x.count; ++j) self(self, kids(x)[j]);
    };
    mark(mark, n);
    if (!any) return;
    for (const Step& s : g_.steps)
      if (s.kind == StepKind::compute && needed[s.index]) {
        const std::uint32_t top = top_;
        into(s.node, s.index);
        top_ = top;
      }
  }

  void find_ages() {
    unread_age_.assign(g_.slot_count, false);
    std::vector<std::uint32_t> refs(g_.nodes.size(), 0);  // references to each node
    for (const Node& x : g_.nodes)
      for (std::uint32_t j = 0; j < x.count; ++j) ++refs[g_.kids[x.first + j]];
    for (const Step& s : g_.steps) {
      if (s.kind == StepKind::table) continue;
      ++refs[s.node];
      if (s.kind != StepKind::compute) ++refs[s.message];
    }
    for (const CompiledTable& t : g_.tables)
      for (const CompiledRule& r : t.rules) {
        if (r.when >= 0) ++refs[static_cast<std::size_t>(r.when)];
        ++refs[r.then];
      }
    for (const CompiledWorkload& w : g_.workload) ++refs[w.node];
    std::vector<std::uint32_t> reads(g_.slot_count, 0);  // references to loads of each slot
    for (std::size_t i = 0; i < g_.nodes.size(); ++i)
      if (g_.nodes[i].code == Code::load && g_.nodes[i].aux < g_.slot_count) reads[g_.nodes[i].aux] += refs[i];
    std::vector<std::int64_t> age_from(g_.slot_count, -1);  // per definition slot: x of its years_between
    for (const Step& s : g_.steps) {
      if (s.kind != StepKind::compute || reads[s.index] != 1) continue;
      const bool definition = std::any_of(g_.definitions.begin(), g_.definitions.end(),
                                          [&](const CompiledName& d) { return d.slot == s.index; });
      const Node& x = g_.nodes[s.node];
      if (!definition || x.code != Code::years_between) continue;
      const Node& from = g_.nodes[kids(x)[0]];
      const Node& to = g_.nodes[kids(x)[1]];
      if (from.code == Code::load && to.code == Code::load && to.aux == g_.as_of_slot) age_from[s.index] = from.aux;
    }
    for (const Step& s : g_.steps) {
      if (s.kind != StepKind::compute || refs[s.node] != 1) continue;
      const Node& c = g_.nodes[s.node];
      if (c.code != Code::lt && c.code != Code::le && c.code != Code::gt && c.code != Code::ge) continue;
      const Node& l = g_.nodes[kids(c)[0]];
      const Node& r = g_.nodes[kids(c)[1]];
      const bool left = l.code == Code::load && r.code == Code::constant;  // age op k, else k op age
      if (!left && !(r.code == Code::load && l.code == Code::constant)) continue;
      const Node& age = left ? l : r;
      const std::int64_t k = left ? r.imm : l.imm;
      if (age.aux >= g_.slot_count || age_from[age.aux] < 0) continue;
      // As `age op k`: age < k, age >= k, age <= k (< k + 1), age > k (>= k + 1).
      Code op = c.code;
      if (!left) op = op == Code::lt ? Code::gt : op == Code::le ? Code::ge : op == Code::gt ? Code::lt : Code::le;
      if (k < 0 || k >= kMaxAgeYears) continue;
      const std::int64_t years = op == Code::le || op == Code::gt ? k + 1 : k;
      if (years < 1) continue;
      ages_[s.node] = AgeTest{static_cast<std::uint32_t>(age_from[age.aux]), static_cast<std::uint32_t>(years),
                              op == Code::ge || op == Code::gt};
      unread_age_[age.aux] = true;
    }
    find_message_definitions(reads);
  }

  std::size_t emit(Ins op, std::uint32_t a = 0, std::uint32_t b = 0, std::uint32_t c = 0, std::uint32_t d = 0) {
    g_.code.push_back(Instr{nullptr, op, a, b, c, d});
    return g_.code.size() - 1;
  }

  std::uint32_t label() {
    labels_.push_back(kNone);
    return static_cast<std::uint32_t>(labels_.size() - 1);
  }
  void place(std::uint32_t l) { labels_[l] = static_cast<std::uint32_t>(g_.code.size()); }
  void jump_to(Ins op, std::uint32_t a, std::uint32_t b, std::uint32_t target) {
    fixups_.emplace_back(emit(op, a, b, target), 'c');
  }

  std::uint32_t temp() {
    const std::uint32_t r = top_++;
    high_ = std::max(high_, top_);
    return r;
  }

  const std::uint32_t* kids(const Node& x) const { return g_.kids.data() + x.first; }

  // Jumps to `target` if the node's value is `when`; falls through otherwise.
  void cond(std::uint32_t n, bool when, std::uint32_t target) {
    const Node& x = g_.nodes[n];
    const std::uint32_t* k = kids(x);
    const std::uint32_t mark = top_;
    switch (x.code) {
      case Code::constant:
        if ((x.imm != 0) == when) jump_to(Ins::jump, 0, 0, target);
        return;
      case Code::load: jump_to(when ? Ins::jump_true : Ins::jump_false, x.aux, 0, target); return;
      case Code::logical_not: cond(k[0], !when, target); return;
      case Code::logical_and:
      case Code::logical_or: {
        const bool is_and = x.code == Code::logical_and;
        if (x.count == 0) {
          if (is_and == when) jump_to(Ins::jump, 0, 0, target);
          return;
        }
        if (is_and != when) {  // and: any false kid jumps; or: any true kid jumps
          for (std::uint32_t j = 0; j < x.count; ++j) cond(k[j], when, target);
          return;
        }
        // and: all kids true jumps (a false one skips); or: all kids false jumps.
        const std::uint32_t skip = label();
        for (std::uint32_t j = 0; j + 1 < x.count; ++j) cond(k[j], !when, skip);
        cond(k[x.count - 1], when, target);
        place(skip);
        return;
      }
      case Code::if_then: {
        const std::uint32_t other = label(), end = label();
        cond(k[0], false, other);
        cond(k[1], when, target);
        jump_to(Ins::jump, 0, 0, end);
        place(other);
        cond(k[2], when, target);
        place(end);
        return;
      }
      case Code::is_empty:
      case Code::is_not_empty: {
        const bool empty = (x.code == Code::is_empty) == when;
        jump_to(empty ? Ins::jump_empty : Ins::jump_not_empty, g_.nodes[k[0]].aux, 0, target);
        return;
      }
      default: break;
    }
    if (is_comparison(x.code)) {
      const std::uint32_t a = value(k[0]);
      const std::uint32_t b = value(k[1]);
      jump_to(jump_if(x.code, when), a, b, target);
    } else {
      jump_to(when ? Ins::jump_true : Ins::jump_false, value(n), 0, target);
    }
    top_ = mark;
  }

  // Computes the node's value into `dst` (a temporary if kNone) and returns its register; a
  // constant or a slot is returned as it is, without code.
  std::uint32_t value(std::uint32_t n, std::uint32_t dst = kNone) {
    const Node& x = g_.nodes[n];
    if (x.code == Code::constant) return const_reg_[n];
    if (x.code == Code::load) return x.aux;
    if (dst == kNone) dst = temp();
    if (const auto age = ages_.find(n); age != ages_.end()) {
      const AgeTest& t = age->second;
      age_code_.push_back(emit(t.at_least ? Ins::years_at_least : Ins::years_below, dst, t.from, t.years));
      return dst;
    }
    const std::uint32_t mark = top_;
    const std::uint32_t* k = kids(x);
    switch (x.code) {
      case Code::if_then: {
        const std::uint32_t other = label(), end = label();
        cond(k[0], false, other);
        into(k[1], dst);
        jump_to(Ins::jump, 0, 0, end);
        place(other);
        into(k[2], dst);
        place(end);
        break;
      }
      case Code::logical_not: emit(Ins::set_not, dst, value(k[0])); break;
      case Code::is_empty: emit(Ins::set_empty, dst, g_.nodes[k[0]].aux); break;
      case Code::is_not_empty: emit(Ins::set_not_empty, dst, g_.nodes[k[0]].aux); break;
      case Code::logical_and:
      case Code::logical_or: {
        const std::uint32_t no = label(), end = label();
        cond(n, false, no);
        emit(Ins::set_int, dst, 1);
        jump_to(Ins::jump, 0, 0, end);
        place(no);
        emit(Ins::set_int, dst, 0);
        place(end);
        break;
      }
      case Code::eq:
      case Code::ne:
      case Code::lt:
      case Code::le:
      case Code::gt:
      case Code::ge: binary(set_of(x.code), dst, k, n); break;
      case Code::add: binary(Ins::add, dst, k, n); break;
      case Code::sub: binary(Ins::sub, dst, k, n); break;
      case Code::mul: binary(Ins::mul, dst, k, n); break;
      case Code::div: binary(Ins::div, dst, k, n); break;
      case Code::negate: emit(Ins::negate, dst, value(k[0]), 0, n); break;
      case Code::date_add_days: binary(Ins::date_add_days, dst, k, n); break;
      case Code::date_sub_days: binary(Ins::date_sub_days, dst, k, n); break;
      case Code::date_add_months: binary(Ins::date_add_months, dst, k, n); break;
      case Code::date_sub_months: binary(Ins::date_sub_months, dst, k, n); break;
      case Code::date_diff: binary(Ins::date_diff, dst, k, n); break;
      case Code::years_between: binary(Ins::years_between, dst, k, n); break;
      case Code::months_between: binary(Ins::months_between, dst, k, n); break;
      case Code::days_between: binary(Ins::days_between, dst, k, n); break;
      case Code::min: binary(Ins::min, dst, k, n); break;
      case Code::max: binary(Ins::max, dst, k, n); break;
      case Code::to_text: emit(Ins::to_text, dst, value(k[0]), 0, n); break;
      case Code::concat: {
        if (rule_text(n, dst)) break;
        // The parts' registers follow the instruction, four to an Instr, so the parts need not
        // be copied into consecutive registers first.
        std::vector<std::uint32_t> parts;
        for (std::uint32_t j = 0; j < x.count; ++j) parts.push_back(value(k[j]));
        emit(Ins::concat, dst, x.count);
        for (std::size_t j = 0; j < parts.size(); j += 4) {
          Instr args;
          args.a = parts[j];
          args.b = j + 1 < parts.size() ? parts[j + 1] : 0;
          args.c = j + 2 < parts.size() ? parts[j + 2] : 0;
          args.d = j + 3 < parts.size() ? parts[j + 3] : 0;
          g_.code.push_back(args);
        }
        break;
      }
      default: emit(Ins::node, dst, n); break;  // rare operations: evaluated as a tree
    }
    top_ = mark;
    return dst;
  }

  // A text whose only interpolated values are the result of one table with constant results
  // has one value per rule: built here, picked per record by the deciding rule. Only for texts
  // computed after the table is decided (every step that reads a table comes after it).
  bool rule_text(std::uint32_t n, std::uint32_t dst) {
    const Node& x = g_.nodes[n];
    const std::uint32_t* k = kids(x);
    std::int64_t table = -1;
    for (std::uint32_t j = 0; j < x.count; ++j) {
      const Node& part = g_.nodes[k[j]];
      if (part.code == Code::constant && part.arg_type == BaseType::text) continue;
      if (part.code != Code::to_text) return false;
      const Node& arg = g_.nodes[g_.kids[part.first]];
      if (arg.code != Code::load) return false;
      std::int64_t t = -1;
      for (std::size_t i = 0; i < g_.tables.size(); ++i)
        if (g_.tables[i].slot == arg.aux) t = static_cast<std::int64_t>(i);
      if (t < 0 || (table >= 0 && t != table)) return false;
      table = t;
    }
    if (table < 0) return false;
    const CompiledTable& ct = g_.tables[static_cast<std::size_t>(table)];
    for (const CompiledRule& r : ct.rules) {
      const Node& then = g_.nodes[r.then];
      if (then.code != Code::constant || then.arg_type == BaseType::text) return false;
    }
    const std::uint32_t base = static_cast<std::uint32_t>(g_.rule_text_bytes.size());
    for (const CompiledRule& r : ct.rules) {
      Value v;
      v.i = g_.nodes[r.then].imm;
      std::string text;
      for (std::uint32_t j = 0; j < x.count; ++j) {
        const Node& part = g_.nodes[k[j]];
        if (part.code == Code::constant) {
          text += g_.texts[part.aux];
        } else if (part.arg_type == BaseType::enumeration) {  // exactly as to_text prints it
          text += g_.enums[part.aux].values[static_cast<std::size_t>(v.i)];
        } else {
          char buf[32];
          text.append(buf, format_into(buf, part.arg_type, v));
        }
      }
      g_.rule_text_bytes.push_back(std::move(text));
    }
    emit(Ins::rule_text, dst, static_cast<std::uint32_t>(table), base);
    return true;
  }

  // Both operands in registers (left first, as the tree evaluates them), then the operation.
  void binary(Ins op, std::uint32_t dst, const std::uint32_t* k, std::uint32_t n) {
    const std::uint32_t a = value(k[0]);
    const std::uint32_t b = value(k[1]);
    emit(op, dst, a, b, n);
  }

  void into(std::uint32_t n, std::uint32_t dst) {
    const std::uint32_t r = value(n, dst);
    if (r != dst) emit(Ins::move, dst, r);
  }

  // A table. `first`, and `shortest`/`longest` with constant results and conditions that cannot
  // fault, stop at the first rule that decides (for shortest/longest the rules are tried in the
  // order of their results, ties in rule order: the rule the full evaluation would choose).
  // Otherwise every rule is tried and the choice kept in two temporaries.
  void table(std::uint32_t t) {
    const CompiledTable& ct = g_.tables[t];
    std::vector<std::uint32_t> order;
    bool constant_results = true;
    for (std::uint32_t j = 0; j < ct.rules.size(); ++j) {
      const CompiledRule& r = ct.rules[j];
      if (r.when < 0) continue;
      order.push_back(j);
      const Node& then = g_.nodes[r.then];
      if (then.code != Code::constant || then.arg_type == BaseType::text ||
          may_fault(g_, static_cast<std::uint32_t>(r.when)))
        constant_results = false;
    }
    const bool ordered = ct.hit == HitPolicy::shortest || ct.hit == HitPolicy::longest;
    if (lookup(t, order, constant_results)) return;
    const std::uint32_t end = label();
    if (ct.hit == HitPolicy::first || (ordered && constant_results)) {
      if (ordered) {
        const bool shortest = ct.hit == HitPolicy::shortest;
        std::stable_sort(order.begin(), order.end(), [&](std::uint32_t x, std::uint32_t y) {
          const std::int64_t a = g_.nodes[ct.rules[x].then].imm, b = g_.nodes[ct.rules[y].then].imm;
          return shortest ? a < b : a > b;
        });
      }
      for (const std::uint32_t j : order) {
        const std::uint32_t next = label();
        cond(static_cast<std::uint32_t>(ct.rules[j].when), false, next);
        decide(t, j, end);
        place(next);
      }
      if (ct.otherwise >= 0) {
        decide(t, static_cast<std::uint32_t>(ct.otherwise), end);
      } else {
        emit(Ins::table_fail, t);
      }
      place(end);
      return;
    }
    const std::uint32_t chosen = temp();
    temp();  // chosen + 1: the best value so far
    emit(Ins::set_int, chosen, static_cast<std::uint32_t>(-1));
    const Ins pick = ct.hit == HitPolicy::unique     ? Ins::take_unique
                    : ct.hit == HitPolicy::shortest ? Ins::pick_shortest
                                                    : Ins::pick_longest;
    for (const std::uint32_t j : order) {
      const std::uint32_t next = label();
      const std::uint32_t mark = top_;
      cond(static_cast<std::uint32_t>(ct.rules[j].when), false, next);
      if (pick == Ins::take_unique) {  // a second rule that applies fails before its result is computed
        emit(pick, t, j, chosen);
        into(ct.rules[j].then, chosen + 1);
      } else {
        emit(pick, t, j, chosen, value(ct.rules[j].then));
      }
      top_ = mark;
      place(next);
    }
    if (ct.otherwise >= 0) {
      const std::uint32_t decided = label();
      jump_to(Ins::jump_ge, chosen, zero_, decided);
      decide(t, static_cast<std::uint32_t>(ct.otherwise), end);
      place(decided);
    }
    emit(Ins::table_end, t, 0, chosen);
    place(end);
  }

  // Bits over every combination of the atoms' values: bit c of the set is the value of the
  // expression when atom j has the value of bit j of c.
  using Bits = std::vector<std::uint64_t>;

  // The register of a constant or a load; kNone for anything else.
  std::uint32_t plain(std::uint32_t n) const {
    const Node& x = g_.nodes[n];
    if (x.code == Code::constant && x.arg_type != BaseType::text) return const_reg_[n];
    if (x.code == Code::load) return x.aux;
    return kNone;
  }

  // The index of an atom, added if new.
  std::uint32_t atom(std::vector<LookupAtom>& atoms, AtomKind kind, std::uint32_t a, std::uint32_t b) {
    if (kind == AtomKind::eq && b < a) std::swap(a, b);
    if (kind == AtomKind::empty) b = a;
    for (std::uint32_t j = 0; j < atoms.size(); ++j)
      if (atoms[j].kind == kind && atoms[j].a == a && atoms[j].b == b) return j;
    atoms.push_back(LookupAtom{a, b, kind});
    return static_cast<std::uint32_t>(atoms.size() - 1);
  }

  Bits atom_bits(std::uint32_t j, std::size_t words) const {
    static constexpr std::uint64_t kLow[6] = {0xAAAAAAAAAAAAAAAAull, 0xCCCCCCCCCCCCCCCCull, 0xF0F0F0F0F0F0F0F0ull,
                                             0xFF00FF00FF00FF00ull, 0xFFFF0000FFFF0000ull, 0xFFFFFFFF00000000ull};
    Bits b(words);
    for (std::size_t w = 0; w < words; ++w)
      b[w] = j < 6 ? kLow[j] : ((w >> (j - 6)) & 1) ? ~std::uint64_t{0} : 0;
    return b;
  }

  static Bits negated(Bits b) {
    for (auto& w : b) w = ~w;
    return b;
  }

  // The condition as a function of atoms: and/or/not/if of yes/no slots, `is empty`, comparisons
  // and `in { … }` of slots and constants. With `words` 0 only the atoms are collected. False if
  // the condition has any other part (its table is then compiled as a chain of jumps).
  bool atoms_of(std::uint32_t n, std::vector<LookupAtom>& atoms, std::size_t words, Bits& out) {
    const Node& x = g_.nodes[n];
    const std::uint32_t* k = kids(x);
    const auto one = [&](AtomKind kind, std::uint32_t a, std::uint32_t b, bool negate) {
      const std::uint32_t j = atom(atoms, kind, a, b);
      if (words) out = negate ? negated(atom_bits(j, words)) : atom_bits(j, words);
    };
    switch (x.code) {
      case Code::constant:
        if (words) out.assign(words, x.imm != 0 ? ~std::uint64_t{0} : 0);
        return true;
      case Code::load: one(AtomKind::eq, x.aux, zero_, true); return true;
      case Code::is_empty:
      case Code::is_not_empty: one(AtomKind::empty, g_.nodes[k[0]].aux, 0, x.code == Code::is_not_empty); return true;
      case Code::logical_not:
        if (!atoms_of(k[0], atoms, words, out)) return false;
        if (words) out = negated(std::move(out));
        return true;
      case Code::logical_and:
      case Code::logical_or: {
        const bool is_and = x.code == Code::logical_and;
        if (words) out.assign(words, is_and ? ~std::uint64_t{0} : 0);
        Bits part;
        for (std::uint32_t j = 0; j < x.count; ++j) {
          if (!atoms_of(k[j], atoms, words, part)) return false;
          for (std::size_t w = 0; w < words; ++w) out[w] = is_and ? out[w] & part[w] : out[w] | part[w];
        }
        return true;
      }
      case Code::if_then: {
        Bits c, t, e;
        if (!atoms_of(k[0], atoms, words, c) || !atoms_of(k[1], atoms, words, t) || !atoms_of(k[2], atoms, words, e))
          return false;
        if (words) {
          out.resize(words);
          for (std::size_t w = 0; w < words; ++w) out[w] = (c[w] & t[w]) | (~c[w] & e[w]);
        }
        return true;
      }
      case Code::in_set: {  // x in {m1, m2, …}: x = m1 or x = m2 …; imm: `not in`
        const std::uint32_t v = plain(k[0]);
        if (v == kNone) return false;
        if (words) out.assign(words, 0);
        for (std::uint32_t j = 1; j < x.count; ++j) {
          const std::uint32_t m = plain(k[j]);
          if (m == kNone) return false;
          const std::uint32_t a = atom(atoms, AtomKind::eq, v, m);
          if (words) {
            const Bits b = atom_bits(a, words);
            for (std::size_t w = 0; w < words; ++w) out[w] |= b[w];
          }
        }
        if (words && x.imm != 0) out = negated(std::move(out));
        return true;
      }
      default: break;
    }
    if (!is_comparison(x.code)) return false;
    const std::uint32_t a = plain(k[0]), b = plain(k[1]);
    if (a == kNone || b == kNone) return false;
    switch (x.code) {
      case Code::eq: one(AtomKind::eq, a, b, false); break;
      case Code::ne: one(AtomKind::eq, a, b, true); break;
      case Code::lt: one(AtomKind::lt, a, b, false); break;
      case Code::gt: one(AtomKind::lt, b, a, false); break;
      case Code::le: one(AtomKind::lt, b, a, true); break;
      default: one(AtomKind::lt, a, b, true); break;  // ge
    }
    return true;
  }

  // How many tests a chain of jumps makes for the condition when every part is reached.
  std::size_t atom_tests(std::uint32_t n) const {
    const Node& x = g_.nodes[n];
    if (x.code == Code::constant) return 0;
    if (x.code == Code::in_set) return x.count - 1;
    if (x.code != Code::logical_and && x.code != Code::logical_or && x.code != Code::logical_not &&
        x.code != Code::if_then)
      return 1;
    std::size_t sum = 0;
    for (std::uint32_t j = 0; j < x.count; ++j) sum += atom_tests(kids(x)[j]);
    return sum;
  }

  // Decides the table by one lookup if its conditions are functions of at most kMaxLookupAtoms
  // atoms (see atoms_of) and the hit policy allows working out the choice at compile time:
  // `first` always; `shortest`/`longest` with constant results (`constant_results`); `unique` if
  // no result can fault (the evaluation computes the first result before it finds the second
  // rule). `order`: the rules with conditions, in rule order.
  bool lookup(std::uint32_t t, const std::vector<std::uint32_t>& order, bool constant_results) {
    const CompiledTable& ct = g_.tables[t];
    if (order.size() < 2) return false;
    if ((ct.hit == HitPolicy::shortest || ct.hit == HitPolicy::longest) && !constant_results) return false;
    if (ct.hit == HitPolicy::unique)
      for (const CompiledRule& r : ct.rules)
        if (may_fault(g_, r.then)) return false;
    LookupTable l;
    Bits unused;
    for (const std::uint32_t j : order)
      if (!atoms_of(static_cast<std::uint32_t>(ct.rules[j].when), l.atoms, 0, unused) ||
          l.atoms.size() > kMaxLookupAtoms)
        return false;
    if (l.atoms.empty()) return false;
    // Cost: the lookup tests every atom (a few machine instructions each) where a chain that
    // stops at the first deciding rule dispatches one jump per test it reaches, often only the
    // first few. Such a table is looked up only if its chain is long for its atoms (many rules
    // testing the same few facts); a `unique` table's chain tests every condition.
    if (ct.hit != HitPolicy::unique) {
      std::size_t tests = 0;
      for (const std::uint32_t j : order) tests += atom_tests(static_cast<std::uint32_t>(ct.rules[j].when));
      if (tests < kChainTestsPerAtom * l.atoms.size()) return false;
    }
    // Grouped by kind (equalities, then orders, then empties): the evaluator tests each group in
    // its own loop without choosing the test per atom.
    std::stable_sort(l.atoms.begin(), l.atoms.end(),
                     [](const LookupAtom& x, const LookupAtom& y) { return x.kind < y.kind; });
    const std::size_t combinations = std::size_t{1} << l.atoms.size();
    const std::size_t words = (combinations + 63) / 64;
    std::vector<Bits> holds(order.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
      std::vector<LookupAtom> same = l.atoms;  // every atom is known: no new one is added
      atoms_of(static_cast<std::uint32_t>(ct.rules[order[i]].when), same, words, holds[i]);
    }
    l.entries.assign(combinations, 0);
    l.targets.assign(ct.rules.size(), kNone);
    for (std::size_t c = 0; c < combinations; ++c) {
      std::int64_t chosen = -1, second = -1;
      for (std::size_t i = 0; i < order.size(); ++i) {
        if (!((holds[i][c / 64] >> (c % 64)) & 1)) continue;
        const std::uint32_t j = order[i];
        if (chosen < 0) {
          chosen = j;
          if (ct.hit == HitPolicy::first) break;
          continue;
        }
        if (ct.hit == HitPolicy::unique) {
          second = j;
          break;
        }
        const std::int64_t v = g_.nodes[ct.rules[j].then].imm;
        const std::int64_t best = g_.nodes[ct.rules[static_cast<std::size_t>(chosen)].then].imm;
        if (ct.hit == HitPolicy::shortest ? v < best : v > best) chosen = j;
      }
      if (chosen < 0 && ct.otherwise >= 0) chosen = ct.otherwise;
      if (chosen >= 0 && second < 0) l.targets[static_cast<std::size_t>(chosen)] = 0;  // decided by it
      l.entries[c] = static_cast<std::uint32_t>(chosen + 1) | static_cast<std::uint32_t>(second + 1) << 16;
    }
    const std::uint32_t index = static_cast<std::uint32_t>(g_.lookups.size());
    emit(Ins::lookup, t, index);
    const std::uint32_t end = label();
    for (std::uint32_t j = 0; j < ct.rules.size(); ++j) {
      if (l.targets[j] == kNone) continue;
      l.targets[j] = label();
      place(l.targets[j]);
      decide(t, j, end);
    }
    place(end);
    g_.lookups.push_back(std::move(l));
    return true;
  }

  void decide(std::uint32_t t, std::uint32_t rule, std::uint32_t end) {
    const std::uint32_t mark = top_;
    const std::uint32_t v = value(g_.tables[t].rules[rule].then);
    fixups_.emplace_back(emit(Ins::decide, t, rule, v, end), 'd');
    top_ = mark;
  }
};

}  // namespace

void compile_code(Program& program) {
  program.code.clear();
  program.lookups.clear();
  CodeCompiler(program).run();
}

}  // namespace kadenz::detail
