// Report stage: the trace of one record (evaluate/trace.hpp) as text for a person or as one JSON
// document for a program (`kadenz explain`, Evaluator::explain). The JSON form is described, with
// its schema, in docs/explain.md.
#pragma once

#include "interpreter/evaluate/trace.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace kadenz::detail {

// What the trace is of: the record's name (its id, or "the facts given") and the evaluation day.
struct TraceTitle {
  std::string record;
  std::int32_t as_of = 0;  // day number
};

// Every table with each rule (its outcome and the parts of its condition that decided it), the
// hit policy's choice, each `let`, `require`, `warn` and output, in evaluation order, then
// whether the record was decided. In the program's voice (keywords in the policy's language).
std::string render_trace_text(const Program& program, const Trace& trace, const TraceTitle& title);

// The same as one JSON document (ends with a line break). Keys and the `kind`/`outcome`/`choice`
// words are English whatever the language; the `text` members carry the sentences of the text
// form in the program's voice.
std::string render_trace_json(const Program& program, const Trace& trace, const TraceTitle& title);

}  // namespace kadenz::detail
