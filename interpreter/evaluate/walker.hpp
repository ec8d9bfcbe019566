// Evaluate stage, internal: the node walker (Walker::eval), shared by the walk over the steps
// (walk.cpp), the register code's rare operations (run_code.cpp, Ins::node) and the folding of
// parameters at compile time (fold_parameters.cpp). Defined here, inline, so that run_code's
// Ins::node compiles it in its own translation unit as it always did.
#pragma once

#include "interpreter/compile/value_text.hpp"
#include "interpreter/evaluate/evaluate.hpp"
#include "grammar/limits.hpp"
#include "stdlib/date.hpp"
#include "stdlib/duration.hpp"
#include "stdlib/functions.hpp"

#include <cstring>
#include <string>

namespace kadenz::detail {

// A fault while computing a value (never a user-visible exception: evaluate_record and
// evaluate_node turn it into the record's error, fold_parameters into a diagnostic).
struct Fault {
  Span span;
  Msg what;  // a KADENZ_TEXT: said in the program's voice where the fault is caught
};

// file:line:col of a fault, in the file the expression comes from (a base policy, a --set text).
std::string where(const Program& p, Span span);

// The error of a record that two rules `first` and `second` of table `t` (`hit unique`) both
// apply to, in the program's voice (the hit policy spelled in the policy's keyword language).
std::string both_apply(const Program& p, const CompiledRule& first, const CompiledRule& second,
                       const CompiledTable& t);

class Tracer;

// The steps evaluated node by node: the meaning of a program, used for a program without
// register code (walk.cpp). compile_code produces code that does exactly this. With a `tracer`
// (trace.hpp), each step is reported to it as it ends: the trace of `kadenz explain`.
bool evaluate_steps(const Program& program, Frame& frame, Tracer* tracer = nullptr);

// format_into for the evaluator's to_text, out of line: inlined into run_code it worsened the
// dispatch loop's register allocation (~15 instructions per record, measured with callgrind).
[[gnu::noinline]] std::size_t to_text_into(char* buf, BaseType base, const Value& v);

// Marks citation `cite` taken if `v`, the value of a cited `let`/`output`, is neither empty
// nor (for a yes/no value) false.
inline void cite_value(Frame& f, std::uint32_t cite, bool boolean, const Value& v) {
  if (!v.empty && !(boolean && v.i == 0)) f.cited[cite] = 1;
}

// A table with cited branches (CompiledTable::cites): its rules start from the marks it started
// from (save, then reset before each rule), the chosen rule's are kept (keep) and become the
// record's (end). decide_table calls them; the register code runs them as Code::cite_marks nodes.
void cite_save(Frame& f);
void cite_reset(Frame& f);
void cite_keep(Frame& f);
void cite_end(Frame& f);
[[gnu::noinline]] void cite_marks(Frame& f, const Node& n);

// A failed `require` that cites a section: its section after the message in f.error. Out of line:
// only a failing record of a citing policy comes here.
[[gnu::noinline]] void cite_error(const Program& p, Frame& f, std::uint32_t validation);

// The message of a fired `warn` that cites a section, with its section after it (in the arena).
[[gnu::noinline]] Value cite_warning(const Program& p, Frame& f, std::uint32_t validation, const Value& message);

// Evaluates expression nodes by walking the tree. Cheap to construct (two references): one per
// call is fine.
class Walker {
 public:
  // The walker reads `p` and writes `f`'s arena (the texts it builds); both outlive it.
  Walker(const Program& p, Frame& f) : p_(p), f_(f) {}
  const Program& program() const noexcept { return p_; }

  // The value of node `index` over the slots in the frame, kids first, left to right (the order
  // the register code must keep). Throws Fault if a calculation leaves the range of numbers or
  // dates; text results live in the frame's arena or the program.
  Value eval(std::uint32_t index) {
    const Node& n = p_.nodes[index];
    const std::uint32_t* k = p_.kids.data() + n.first;
    Value r;
    switch (n.code) {
      case Code::constant:
        if (n.arg_type == BaseType::text) {
          const std::string& s = p_.texts[n.aux];
          r.p = s.data();
          r.n = static_cast<std::uint32_t>(s.size());
        } else {
          r.i = n.imm;
        }
        return r;
      case Code::nothing: r.empty = true; return r;
      case Code::load: return f_.slots[n.aux];
      case Code::cite:
        if (n.aux < f_.cited.size()) f_.cited[n.aux] = 1;  // (a parameter is folded without a record)
        return eval(k[0]);
      case Code::cite_marks: cite_marks(f_, n); return Value{};
      case Code::negate:
        r = eval(k[0]);
        if (r.i == INT64_MIN) throw Fault{n.span, Msg::fault_out_of_range};
        r.i = -r.i;
        return r;
      case Code::logical_not: r.i = eval(k[0]).i ? 0 : 1; return r;
      case Code::logical_and:
        r.i = 1;
        for (std::uint32_t j = 0; j < n.count; ++j)
          if (!eval(k[j]).i) { r.i = 0; break; }
        return r;
      case Code::logical_or:
        r.i = 0;
        for (std::uint32_t j = 0; j < n.count; ++j)
          if (eval(k[j]).i) { r.i = 1; break; }
        return r;
      case Code::if_then: return eval(k[0]).i ? eval(k[1]) : eval(k[2]);
      case Code::add: {
        const std::int64_t a = eval(k[0]).i, b = eval(k[1]).i;
        if (__builtin_add_overflow(a, b, &r.i)) throw Fault{n.span, Msg::fault_out_of_range};
        return r;
      }
      case Code::sub: {
        const std::int64_t a = eval(k[0]).i, b = eval(k[1]).i;
        if (__builtin_sub_overflow(a, b, &r.i)) throw Fault{n.span, Msg::fault_out_of_range};
        return r;
      }
      case Code::mul: {
        const std::int64_t a = eval(k[0]).i, b = eval(k[1]).i;
        if (__builtin_mul_overflow(a, b, &r.i)) throw Fault{n.span, Msg::fault_out_of_range};
        return r;
      }
      case Code::div: {
        const std::int64_t a = eval(k[0]).i, b = eval(k[1]).i;
        if (b == 0) throw Fault{n.span, Msg::fault_division_by_zero};
        if (a == INT64_MIN && b == -1) throw Fault{n.span, Msg::fault_out_of_range};
        r.i = a / b;
        return r;
      }
      case Code::date_add_days: return date(add_days(day(k[0]), eval(k[1]).i), n);
      case Code::date_sub_days: return date(add_days(day(k[0]), negated(eval(k[1]).i, n)), n);
      case Code::date_add_months: return date(add_months(day(k[0]), eval(k[1]).i), n);
      case Code::date_sub_months: return date(add_months(day(k[0]), negated(eval(k[1]).i, n)), n);
      case Code::date_diff: r.i = eval(k[0]).i - eval(k[1]).i; return r;
      case Code::to_duration: {
        const auto d = encode_duration(eval(k[0]).i, static_cast<DurationUnit>(n.imm));
        if (!d) throw Fault{n.span, Msg::fault_out_of_range};
        r.i = *d;
        return r;
      }
      case Code::date_add_duration:
      case Code::date_sub_duration: {
        const DayNumber d = day(k[0]);
        return date(add_duration(d, eval(k[1]).i, n.code == Code::date_sub_duration), n);
      }
      case Code::duration_add:
      case Code::duration_sub: {
        const std::int64_t a = eval(k[0]).i;
        std::int64_t b = eval(k[1]).i;
        if (n.code == Code::duration_sub) b = duration_negated(b, n);
        switch (add_durations(a, b, r.i)) {
          case DurationFault::none: return r;
          case DurationFault::months_with_days: throw Fault{n.span, Msg::fault_months_with_days};
          case DurationFault::out_of_range: break;
        }
        throw Fault{n.span, Msg::fault_out_of_range};
      }
      case Code::duration_mul: {
        const std::int64_t a = eval(k[0]).i;
        const auto d = scale_duration(a, eval(k[1]).i);
        if (!d) throw Fault{n.span, Msg::fault_out_of_range};
        r.i = *d;
        return r;
      }
      case Code::duration_negate: r.i = duration_negated(eval(k[0]).i, n); return r;
      case Code::eq: r.i = eval(k[0]).i == eval(k[1]).i; return r;
      case Code::ne: r.i = eval(k[0]).i != eval(k[1]).i; return r;
      case Code::lt: r.i = eval(k[0]).i < eval(k[1]).i; return r;
      case Code::le: r.i = eval(k[0]).i <= eval(k[1]).i; return r;
      case Code::gt: r.i = eval(k[0]).i > eval(k[1]).i; return r;
      case Code::ge: r.i = eval(k[0]).i >= eval(k[1]).i; return r;
      case Code::text_eq: r.i = same_text(eval(k[0]), eval(k[1])); return r;
      case Code::text_ne: r.i = !same_text(eval(k[0]), eval(k[1])); return r;
      case Code::in_set: {
        const std::int64_t x = eval(k[0]).i;
        bool found = false;
        for (std::uint32_t j = 1; j < n.count && !found; ++j) found = eval(k[j]).i == x;
        r.i = found != (n.imm != 0);
        return r;
      }
      case Code::text_in_set: {
        const Value x = eval(k[0]);
        bool found = false;
        for (std::uint32_t j = 1; j < n.count && !found; ++j) found = same_text(eval(k[j]), x);
        r.i = found != (n.imm != 0);
        return r;
      }
      case Code::is_empty: r.i = f_.slots[p_.nodes[k[0]].aux].empty; return r;
      case Code::is_not_empty: r.i = !f_.slots[p_.nodes[k[0]].aux].empty; return r;
      // the built-ins with a code of their own (stdlib/builtins.def); operands left to right,
      // as the register code evaluates them
#define KADENZ_BUILTIN_binary(name)  \
  case Code::name: {                     \
    const std::int64_t x = eval(k[0]).i; \
    r.i = builtin::name(x, eval(k[1]).i); \
    return r;                            \
  }
#define KADENZ_BUILTIN_unary(name) \
  case Code::name: r.i = builtin::name(eval(k[0]).i); return r;
#define KADENZ_BUILTIN_pattern(name)                                 \
  case Code::name: {                                                      \
    const std::string s = builtin::name(eval(k[0]).i, p_.texts[n.aux]); \
    return text(s.data(), s.size());                                      \
  }
#define KADENZ_BUILTIN_texts(name)                                                                     \
  case Code::name: {                                                                                     \
    const std::int64_t x = eval(k[0]).i;                                                                 \
    const Value a = eval(k[1]), b = eval(k[2]), c = eval(k[3]);                                          \
    const std::string s = builtin::name(x, {a.p, a.n}, {b.p, b.n}, {c.p, c.n});                          \
    return text(s.data(), s.size());                                                                     \
  }
#include "stdlib/builtins.def"
      case Code::to_text: {
        const Value v = eval(k[0]);
        if (n.arg_type == BaseType::duration) {  // in the policy's keyword language
          char buf[32];
          return text(buf, format_duration(buf, v.i, p_.voice.keywords));
        }
        if (n.arg_type == BaseType::enumeration) {  // the value's name lives in the program
          const std::string& s = p_.enums[n.aux].values[static_cast<std::size_t>(v.i)];
          r.p = s.data();
          r.n = static_cast<std::uint32_t>(s.size());
          return r;
        }
        char buf[32];
        const std::size_t len = to_text_into(buf, n.arg_type, v);
        return text(buf, len);
      }
      case Code::concat: {
        // Values first (they may use the arena themselves), then one copy.
        constexpr std::uint32_t kMaxParts = 2 * kMaxInterpolations + 1;  // the checker enforces it
        Value parts[kMaxParts];
        std::size_t total = 0;
        const std::uint32_t count = std::min(n.count, kMaxParts);
        for (std::uint32_t j = 0; j < count; ++j) {
          parts[j] = eval(k[j]);
          total += parts[j].n;
        }
        char* out = f_.arena.allocate(total);
        std::size_t at = 0;
        for (std::uint32_t j = 0; j < count; ++j) {
          if (parts[j].n) std::memcpy(out + at, parts[j].p, parts[j].n);
          at += parts[j].n;
        }
        r.p = out;
        r.n = static_cast<std::uint32_t>(total);
        return r;
      }
    }
    return r;
  }

 private:
  const Program& p_;
  Frame& f_;

  // -v for the `-` of a date minus a duration; a fault at node n if it does not exist.
  static std::int64_t negated(std::int64_t v, const Node& n) {
    if (v == INT64_MIN) throw Fault{n.span, Msg::fault_out_of_range};
    return -v;
  }
  // -d of a duration, in its unit (cannot overflow: the count is far below the int64 range).
  static std::int64_t duration_negated(std::int64_t d, const Node& n) {
    const auto r = encode_duration(-duration_count(d), duration_unit(d));
    if (!r) throw Fault{n.span, Msg::fault_out_of_range};
    return *r;
  }
  // The value of a date-typed node.
  DayNumber day(std::uint32_t node) { return static_cast<DayNumber>(eval(node).i); }
  // A date result of node n; a fault if the calculation left the years 0001-9999.
  static Value date(std::optional<DayNumber> d, const Node& n) {
    if (!d) throw Fault{n.span, Msg::fault_date_range};
    Value v;
    v.i = *d;
    return v;
  }
  // Text equality by bytes (the checker compared text with text only).
  static bool same_text(const Value& a, const Value& b) {
    return a.n == b.n && (a.n == 0 || std::memcmp(a.p, b.p, a.n) == 0);
  }
  // A copy of len bytes in the frame's arena, valid until the frame's next record.
  Value text(const char* s, std::size_t len) {
    char* out = f_.arena.allocate(len);
    if (len) std::memcpy(out, s, len);
    Value v;
    v.p = out;
    v.n = static_cast<std::uint32_t>(len);
    return v;
  }
};


}  // namespace kadenz::detail
