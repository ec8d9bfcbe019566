// Evaluate stage: the node walker. Evaluates a program by walking its expression nodes: the steps
// of a record (evaluate_steps, the definition the register code is tested against) and single
// nodes (evaluate_node, for the analyzer and the reports' workload). The walker itself is in
// walker.hpp.
#include "interpreter/evaluate/walker.hpp"
#include "interpreter/evaluate/trace.hpp"
#include "stdlib/utf8.hpp"
#include "stdlib/vocabulary.hpp"

#include <fmt/format.h>

namespace kadenz::detail {
namespace {

// Decides table t (number `index`) into its slot by its hit policy, evaluating the rules' nodes in
// rule order; false with the record's error set if no rule (or two `unique` rules) apply. Faults
// propagate as Fault. In a table with cited branches only the deciding rule's citations count:
// each rule starts from the marks the table started from, and the chosen rule's are kept.
bool decide_table(Walker& w, Frame& f, const CompiledTable& t, std::size_t index) {
  std::int32_t chosen = -1;
  Value best;
  if (t.cites) cite_save(f);
  const auto restart = [&] {
    if (t.cites) cite_reset(f);
  };
  for (std::size_t j = 0; j < t.rules.size(); ++j) {
    const CompiledRule& rule = t.rules[j];
    if (rule.when < 0) continue;
    restart();
    if (!w.eval(static_cast<std::uint32_t>(rule.when)).i) continue;
    if (t.hit == HitPolicy::first) {
      chosen = static_cast<std::int32_t>(j);
      best = w.eval(rule.then);
      break;  // the last rule evaluated: its marks stand
    }
    if (t.hit == HitPolicy::unique) {
      if (chosen >= 0) {
        f.error = both_apply(w.program(), t.rules[static_cast<std::size_t>(chosen)], rule, t);
        return false;
      }
      chosen = static_cast<std::int32_t>(j);
      best = w.eval(rule.then);
      if (t.cites) cite_keep(f);
      continue;
    }
    const Value v = w.eval(rule.then);
    // no value (`nothing`) loses against any value; the earlier rule wins a tie
    const bool better = chosen < 0 || (!v.empty && (best.empty || (t.hit == HitPolicy::shortest ? v.i < best.i : v.i > best.i)));
    if (better) {
      chosen = static_cast<std::int32_t>(j);
      best = v;
      if (t.cites) cite_keep(f);
    }
  }
  if (chosen < 0 && t.otherwise >= 0) {
    restart();
    chosen = t.otherwise;
    best = w.eval(t.rules[static_cast<std::size_t>(chosen)].then);
  } else if (t.cites && t.hit != HitPolicy::first) {
    cite_end(f);
  }
  if (chosen < 0) {
    f.error = say(w.program().voice, Msg::no_rule_applies, {t.name});
    return false;
  }
  f.table_rule[index] = chosen;
  f.slots[t.slot] = best;
  return true;
}

}  // namespace

// Durations never come here: compile_code lowers their to_text to the node walker, which prints
// them in the program's keyword language.
std::size_t to_text_into(char* buf, BaseType base, const Value& v) { return format_into(buf, base, v, Lang::en); }

std::string both_apply(const Program& p, const CompiledRule& first, const CompiledRule& second,
                       const CompiledTable& t) {
  return say(p.voice, Msg::rules_both_apply,
             {first.name, first.section, second.name, second.section, t.name, hit_phrase(p.voice.keywords, t.hit)});
}

// The first spelling of the hit policy in the keyword language (kHitNames lists it first).
std::string hit_phrase(Lang keywords, HitPolicy hit) {
  std::string out(keyword_spelling(Kw::hit, keywords));
  for (const auto& s : kHitNames)
    if (s.id == static_cast<std::uint8_t>(hit) && s.lang == keywords) {
      out += ' ';
      out += s.text;
      break;
    }
  return out;
}

void cite_save(Frame& f) { f.cited_before = f.cited_kept = f.cited; }
void cite_reset(Frame& f) { f.cited = f.cited_before; }
void cite_keep(Frame& f) { f.cited_kept = f.cited; }
void cite_end(Frame& f) { f.cited = f.cited_kept; }

void cite_marks(Frame& f, const Node& n) {
  switch (static_cast<CiteMarks>(n.imm & 3)) {
    case CiteMarks::save: cite_save(f); break;
    case CiteMarks::reset: cite_reset(f); break;
    case CiteMarks::keep:
      if (f.slots[n.aux].i == (n.imm >> 2)) cite_keep(f);
      break;
    case CiteMarks::end: cite_end(f); break;
  }
}

void cite_error(const Program& p, Frame& f, std::uint32_t validation) {
  f.error = say(p.voice, Msg::cited_message, {f.error, p.validation_sections[validation]});
}

Value cite_warning(const Program& p, Frame& f, std::uint32_t validation, const Value& message) {
  const std::string text =
      say(p.voice, Msg::cited_message, {std::string(message.p, message.n), p.validation_sections[validation]});
  char* out = f.arena.allocate(text.size());
  std::memcpy(out, text.data(), text.size());
  Value v;
  v.p = out;
  v.n = static_cast<std::uint32_t>(text.size());
  return v;
}

std::string where(const Program& p, Span span) {
  const SourcePlace at = locate(*p.source, span.begin);
  const LineColumn lc = line_column(at.text, at.offset);
  // the file name comes from the command line or the host and may be any bytes
  std::string name;
  utf8::append_safe(name, at.name);
  return fmt::format("{}:{}:{}", name, lc.line, lc.column);
}

// Not inlined (into evaluate_record, when both lived in one file): inlined, its frame and saved
// registers cost evaluate_record's fast path (run_code) ~20 instructions per record. Kept noinline
// in case the two meet again (link-time optimisation).
[[gnu::noinline]] bool evaluate_steps(const Program& program, Frame& frame, Tracer* tracer) {
  Walker m(program, frame);
  try {
    for (const Step& s : program.steps) {
      if (tracer) tracer->begin(s);
      switch (s.kind) {
        case StepKind::compute:
          frame.slots[s.index] = m.eval(s.node);
          if (s.cite >= 0) cite_value(frame, static_cast<std::uint32_t>(s.cite), s.cite_boolean, frame.slots[s.index]);
          break;
        case StepKind::table:
          if (!decide_table(m, frame, program.tables[s.index], s.index)) {
            frame.failed_table = static_cast<std::int32_t>(s.index);
            if (tracer) tracer->end(s, false);
            return false;
          }
          break;
        case StepKind::require:
          if (!m.eval(s.node).i) {
            frame.failed_require = static_cast<std::int32_t>(s.index);
            const Value msg = m.eval(s.message);
            frame.error.assign(msg.p, msg.n);
            if (!program.validation_sections[s.index].empty()) cite_error(program, frame, s.index);
            if (tracer) tracer->end(s, false);
            return false;
          }
          break;
        case StepKind::warn:
          if (m.eval(s.node).i) {
            frame.warnings.push_back(s.index);
            const Value msg = m.eval(s.message);
            frame.warning_texts.push_back(program.validation_sections[s.index].empty()
                                              ? msg
                                              : cite_warning(program, frame, s.index, msg));
          }
          break;
      }
      if (tracer) tracer->end(s, true);
    }
  } catch (const Fault& f) {
    frame.error = say(program.voice, Msg::fault_at, {say(program.voice, f.what), where(program, f.span)});
    if (tracer) tracer->fault();
    return false;
  }
  return true;
}

bool evaluate_node(const Program& program, Frame& frame, std::uint32_t node, Value& out) {
  Walker m(program, frame);
  try {
    out = m.eval(node);
    return true;
  } catch (const Fault&) {
    return false;
  }
}

}  // namespace kadenz::detail
