// Evaluate stage: the Tracer (trace.hpp). It watches the node walker's steps and, after each,
// reads what the step wrote into the frame and re-evaluates its conditions part by part to say
// which parts decided them, which `if` branches were taken and which tables shaped a value.
// Expressions have no effects, so a re-evaluation gives the value the walker saw; a fault while
// re-evaluating is caught here and marks the part that faulted.
#include "interpreter/evaluate/trace.hpp"

#include "interpreter/compile/value_text.hpp"
#include "interpreter/evaluate/walker.hpp"

#include <algorithm>

namespace kadenz::detail {

std::string_view span_text(const Program& program, Span span) {
  if (!program.source || span.end <= span.begin) return {};
  const SourcePlace at = locate(*program.source, span.begin);
  const std::size_t len = span.end - span.begin;
  if (at.offset > at.text.size()) return {};
  return at.text.substr(at.offset, std::min(len, at.text.size() - at.offset));
}

// The re-evaluation of one step's expressions for the trace.
struct TraceWalk {
  Tracer& tr;
  Walker w;

  explicit TraceWalk(Tracer& t) : tr(t), w(t.p_, t.f_) {}

  const Program& p() const { return tr.p_; }

  // The type a node's value has, for printing it.
  Type type_of(std::uint32_t node) const {
    const Node& n = p().nodes[node];
    switch (n.code) {
      case Code::to_text:
      case Code::concat: return Type{BaseType::text};
      case Code::load: return n.aux < p().slot_types.size() ? p().slot_types[n.aux] : Type{n.arg_type};
      case Code::constant: {
        Type t{n.arg_type};
        if (n.arg_type == BaseType::enumeration) t.enum_id = static_cast<std::uint16_t>(n.aux);
        return t;
      }
      case Code::if_then: return type_of(p().kids[n.first + 1]);
      default: return Type{n.arg_type};
    }
  }

  // A value of type `t` as an output cell prints it.
  TracedValue print(const Type& t, const Value& v) const {
    TracedValue out;
    if (v.empty) {
      out.empty = true;
      return out;
    }
    if (t.base == BaseType::text) {
      out.text.assign(v.p ? v.p : "", v.n);
    } else if (t.base == BaseType::enumeration) {
      const auto& values = p().enums[t.enum_id].values;
      if (v.i >= 0 && static_cast<std::size_t>(v.i) < values.size()) out.text = values[static_cast<std::size_t>(v.i)];
    } else if (t.base == BaseType::error) {
      out.text = std::to_string(v.i);
    } else {
      char buf[32];
      out.text.assign(buf, format_into(buf, t.base, v, p().voice.keywords));
    }
    return out;
  }

  // The node's value; false if it faults.
  bool value(std::uint32_t node, Value& out) {
    try {
      out = w.eval(node);
      return true;
    } catch (const Fault&) {
      return false;
    }
  }

  std::uint32_t kid(const Node& n, std::uint32_t j) const { return p().kids[n.first + j]; }

  // A leaf of a condition with its operands' values.
  void leaf(std::uint32_t node, std::vector<TracedPart>& out) {
    const Node& n = p().nodes[node];
    TracedPart part;
    part.node = node;
    part.span = n.span;
    Value v;
    part.fault = !value(node, v);
    part.holds = !part.fault && v.i != 0;
    const auto operand = [&](std::uint32_t k) {
      const Node& x = p().nodes[k];
      if (x.code == Code::constant || x.code == Code::nothing) return;
      TracedOperand o;
      o.node = k;
      o.span = x.span;
      Value ov;
      if (value(k, ov)) o.value = print(type_of(k), ov);
      part.operands.push_back(std::move(o));
    };
    switch (n.code) {
      case Code::load: operand(node); break;
      case Code::in_set:
      case Code::text_in_set: operand(kid(n, 0)); break;
      case Code::constant: break;
      default:
        for (std::uint32_t j = 0; j < n.count; ++j) operand(kid(n, j));
    }
    out.push_back(std::move(part));
  }

  // The parts that decided `node`'s truth value (see TracedCondition).
  void parts(std::uint32_t node, std::vector<TracedPart>& out) {
    const Node& n = p().nodes[node];
    if (n.code == Code::logical_not) {
      // `not u25` is one part, read as written; `not (a and b)` is decided by a's or b's parts
      const Code inner = p().nodes[kid(n, 0)].code;
      if (inner != Code::logical_and && inner != Code::logical_or && inner != Code::logical_not) return leaf(node, out);
      return parts(kid(n, 0), out);
    }
    if (n.code != Code::logical_and && n.code != Code::logical_or) return leaf(node, out);
    const bool stop_on = n.code == Code::logical_or;  // `or` is decided by its first true part
    for (std::uint32_t j = 0; j < n.count; ++j) {
      Value v;
      if (!value(kid(n, j), v)) return leaf(kid(n, j), out);  // the part that faulted
      if ((v.i != 0) == stop_on) return parts(kid(n, j), out);
    }
    for (std::uint32_t j = 0; j < n.count; ++j) parts(kid(n, j), out);
  }

  TracedCondition condition(std::int32_t node) {
    TracedCondition c;
    c.node = node;
    if (node < 0) return c;
    Value v;
    c.holds = value(static_cast<std::uint32_t>(node), v) && v.i != 0;
    parts(static_cast<std::uint32_t>(node), c.parts);
    return c;
  }

  // Follows the path the evaluation of `node` took: the `if` branches, and the tables read on it
  // (directly or through a `let`). Throws Fault where the walker faulted.
  void path(std::uint32_t node, std::vector<std::uint32_t>& tables, std::vector<TracedBranch>& branches) {
    const Node& n = p().nodes[node];
    switch (n.code) {
      case Code::load: {
        if (n.aux >= tr.slot_table_.size()) return;
        if (tr.slot_table_[n.aux] >= 0) tables.push_back(static_cast<std::uint32_t>(tr.slot_table_[n.aux]));
        const auto& via = tr.slot_tables_[n.aux];
        tables.insert(tables.end(), via.begin(), via.end());
        return;
      }
      case Code::if_then: {
        path(kid(n, 0), tables, branches);
        const bool then = w.eval(kid(n, 0)).i != 0;
        branches.push_back(TracedBranch{node, then});
        path(kid(n, then ? 1 : 2), tables, branches);
        return;
      }
      case Code::logical_and:
      case Code::logical_or:
        for (std::uint32_t j = 0; j < n.count; ++j) {
          path(kid(n, j), tables, branches);
          if ((w.eval(kid(n, j)).i != 0) == (n.code == Code::logical_or)) return;
        }
        return;
      default:
        for (std::uint32_t j = 0; j < n.count; ++j) path(kid(n, j), tables, branches);
    }
  }

  // path() that stops quietly at a fault (the record's error names it).
  void safe_path(std::uint32_t node, std::vector<std::uint32_t>& tables, std::vector<TracedBranch>& branches) {
    try {
      path(node, tables, branches);
    } catch (const Fault&) {
    }
  }

  // The table step: every rule as the walker saw it (decide_table in walk.cpp), and the choice.
  void table(const Step& s, bool ok, bool faulted, TraceStep& out) {
    const CompiledTable& t = p().tables[s.index];
    TracedTable& tt = out.table;
    std::vector<std::uint32_t> matched;
    std::vector<std::uint32_t> ignore;
    bool stopped = false;
    for (std::uint32_t j = 0; j < t.rules.size(); ++j) {
      const CompiledRule& rule = t.rules[j];
      TracedRule r;
      r.rule = j;
      if (rule.when < 0) {
        r.outcome = RuleOutcome::otherwise;
      } else if (stopped) {
        r.outcome = RuleOutcome::not_reached;
      } else {
        r.condition = condition(rule.when);
        safe_path(static_cast<std::uint32_t>(rule.when), ignore, out.branches);
        r.outcome = r.condition.holds ? RuleOutcome::matched : RuleOutcome::not_matched;
        if (r.condition.holds) {
          matched.push_back(j);
          Value v;
          if (value(rule.then, v)) {
            r.has_value = true;
            r.value = print(t.type, v);
            safe_path(rule.then, ignore, out.branches);
          }
          if (t.hit == HitPolicy::first || (t.hit == HitPolicy::unique && matched.size() == 2)) stopped = true;
        }
      }
      tt.rules.push_back(std::move(r));
    }
    if (faulted) {
      tt.choice = TableChoice::fault;
      return;
    }
    if (!ok) {
      if (t.hit == HitPolicy::unique && matched.size() >= 2) {
        tt.choice = TableChoice::two_unique;
        tt.chosen = static_cast<std::int32_t>(matched[0]);
        tt.second = static_cast<std::int32_t>(matched[1]);
      } else {
        tt.choice = TableChoice::no_rule;
      }
      return;
    }
    tt.chosen = tr.f_.table_rule[s.index];
    out.value = print(t.type, tr.f_.slots[t.slot]);
    if (matched.empty()) {
      tt.choice = TableChoice::otherwise;
      if (tt.chosen >= 0) {
        TracedRule& r = tt.rules[static_cast<std::size_t>(tt.chosen)];
        r.has_value = true;
        r.value = out.value;
        safe_path(t.rules[static_cast<std::size_t>(tt.chosen)].then, ignore, out.branches);
      }
    } else if (t.hit == HitPolicy::first) {
      tt.choice = TableChoice::first;
    } else if (matched.size() == 1) {
      tt.choice = TableChoice::only;
    } else {
      tt.choice = t.hit == HitPolicy::longest ? TableChoice::longest : TableChoice::shortest;
      tt.competed = matched;
    }
  }
};

Tracer::Tracer(const Program& program, Frame& frame, Trace& trace) : p_(program), f_(frame), t_(trace) {
  slot_tables_.resize(program.slot_count);
  slot_table_.assign(program.slot_count, -1);
  slot_let_.assign(program.slot_count, -1);
  slot_output_.assign(program.slot_count, -1);
  for (std::size_t i = 0; i < program.tables.size(); ++i)
    if (program.tables[i].slot < program.slot_count) slot_table_[program.tables[i].slot] = static_cast<std::int32_t>(i);
  for (std::size_t i = 0; i < program.definitions.size(); ++i)
    if (program.definitions[i].slot < program.slot_count)
      slot_let_[program.definitions[i].slot] = static_cast<std::int32_t>(i);
  for (std::size_t i = 0; i < program.outputs.size(); ++i)
    if (program.outputs[i].slot < program.slot_count) slot_output_[program.outputs[i].slot] = static_cast<std::int32_t>(i);
}

void Tracer::end(const Step& step, bool ok) { record(step, ok, false); }

void Tracer::fault() {
  if (current_ != nullptr) record(*current_, false, true);
}

void Tracer::record(const Step& s, bool ok, bool faulted) {
  TraceWalk tw(*this);
  TraceStep out;
  out.decided = ok;
  switch (s.kind) {
    case StepKind::compute: {
      const bool is_output = s.index < slot_output_.size() && slot_output_[s.index] >= 0;
      out.kind = is_output ? TraceKind::output : TraceKind::let;
      out.index = static_cast<std::uint32_t>(
          std::max(0, is_output ? slot_output_[s.index] : (s.index < slot_let_.size() ? slot_let_[s.index] : 0)));
      if (!faulted) out.value = tw.print(p_.slot_types[s.index], f_.slots[s.index]);
      tw.safe_path(s.node, out.tables, out.branches);
      std::sort(out.tables.begin(), out.tables.end());
      out.tables.erase(std::unique(out.tables.begin(), out.tables.end()), out.tables.end());
      if (s.index < slot_tables_.size()) slot_tables_[s.index] = out.tables;
      break;
    }
    case StepKind::table:
      out.kind = TraceKind::table;
      out.index = s.index;
      tw.table(s, ok, faulted, out);
      break;
    case StepKind::require:
    case StepKind::warn: {
      const bool require = s.kind == StepKind::require;
      out.kind = require ? TraceKind::require : TraceKind::warn;
      out.index = s.index;
      out.condition = tw.condition(static_cast<std::int32_t>(s.node));
      std::vector<std::uint32_t> ignore;
      tw.safe_path(s.node, ignore, out.branches);
      if (require) {
        out.holds = ok;
        if (!ok && !faulted) out.value.text = f_.error;
      } else {
        out.holds = ok && !f_.warnings.empty() && f_.warnings.back() == s.index;
        if (out.holds) out.value.text.assign(f_.warning_texts.back().p, f_.warning_texts.back().n);
      }
      if (!ok || (out.holds && !require)) tw.safe_path(s.message, ignore, out.branches);
      break;
    }
  }
  t_.steps.push_back(std::move(out));
}

bool explain_record(const Program& program, Frame& frame, Trace& trace) {
  trace.clear();
  trace.read = true;
  Tracer tracer(program, frame, trace);
  trace.decided = evaluate_steps(program, frame, &tracer);
  trace.error = frame.error;
  return trace.decided;
}

}  // namespace kadenz::detail
