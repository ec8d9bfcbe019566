// What one record's evaluation gave, in a form two evaluations can be compared by: the register
// code against the node walker (tests/test_code.cpp, fuzz/fuzz_policy.cpp). No Catch2 here, so
// the fuzz targets can use it too.
#pragma once

#include "interpreter/caseload/format_value.hpp"
#include "interpreter/compile/program.hpp"
#include "interpreter/evaluate/evaluate.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace kadenz::test {

struct Outcome {
  bool decided = false;
  std::string error;
  std::int32_t failed_require = -1, failed_table = -1;
  std::vector<std::int32_t> rules;
  std::vector<std::uint32_t> warnings;
  std::vector<std::string> texts;  // warning texts, then the outputs as printed
  std::vector<std::uint8_t> cited;  // the cited adjustments a decided record took

  bool operator==(const Outcome&) const = default;
};

// Evaluates the facts already in `f` with evaluate_record and records the outcome.
inline Outcome outcome(const detail::Program& p, detail::Frame& f) {
  Outcome o;
  o.decided = detail::evaluate_record(p, f);
  o.error = f.error;
  o.failed_require = f.failed_require;
  o.failed_table = f.failed_table;
  o.rules = f.table_rule;
  o.warnings = f.warnings;
  for (const auto& w : f.warning_texts) o.texts.emplace_back(w.p, w.n);
  if (o.decided) {
    o.cited = f.cited;
    for (const auto& out : p.outputs) {
      std::string s = f.slots[out.slot].empty ? "(no value)" : "";  // a table's `then nothing`
      detail::append_value(s, p, out.type, f.slots[out.slot]);
      o.texts.push_back(s);
    }
  }
  return o;
}

}  // namespace kadenz::test
