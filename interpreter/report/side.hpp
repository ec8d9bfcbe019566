// Report stage, internal: one policy's side of a workload or what-if run (its frame, workload
// values and tally), shared by workload.cpp and whatif.cpp. Defined here, inline, because a
// side decides every record of the caseload.
#pragma once

#include "interpreter/caseload/cells.hpp"
#include "interpreter/report/report.hpp"

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace kadenz::detail {

// One policy's side of a run: its frame, and its tally of the records it decided.
struct PolicySide {
  const Program& p;
  const ColumnBinding& b;
  Frame frame;
  WorkloadValues values;
  WorkloadTally tally;
  // Where a decided record is tallied: `tally`, the tally of the record's group (run_workload
  // points it there per record), or nowhere (run_whatif tallies after seeing both sides).
  WorkloadTally* into = &tally;
  std::string scratch;
  std::size_t errors = 0;
  bool cells_read = false;  // the last record's cells were read (so a failure was the evaluation's)

  // Prepares the frame for `program` with `as_of` set; both references must outlive the side.
  PolicySide(const Program& program, const ColumnBinding& binding, std::int32_t as_of) : p(program), b(binding) {
    prepare_frame(p, frame);
    frame.slots[p.as_of_slot].i = as_of;
    tally.voice = program.voice;
  }
  PolicySide(const PolicySide&) = delete;  // `into` may point into itself
  PolicySide& operator=(const PolicySide&) = delete;

  // Decides the record and evaluates its workload entries; false if it was not decided.
  bool decide(const std::vector<std::string_view>& fields, std::string_view record_error, std::int32_t as_of) {
    frame.slots[p.as_of_slot].i = as_of;
    return finish(read_row(p, b, fields, record_error, frame, scratch), as_of);
  }

  // Decides a record whose facts another side with the same facts has read already (the
  // cells are parsed once per record, not once per policy).
  bool decide_like(const PolicySide& other, bool read_ok, std::int32_t as_of) {
    reset_record(p, frame);
    frame.slots[p.as_of_slot].i = as_of;
    std::copy_n(other.frame.slots.begin(), p.facts.size(), frame.slots.begin());
    if (!read_ok) frame.error = other.frame.error;
    return finish(read_ok, as_of);
  }

  // The rest of a decision once the facts are read (or failed to be): evaluates the record and
  // its workload entries and tallies it, or counts an error. False if it was not decided.
  bool finish(bool read_ok, std::int32_t as_of) {
    cells_read = read_ok;
    bool ok = read_ok && evaluate_record(p, frame);
    if (ok && !evaluate_workload(p, frame, values, scratch)) {
      frame.error = scratch;
      ok = false;
    }
    if (ok && into != nullptr) into->add(values, as_of);
    else ++errors;
    return ok;
  }
};

}  // namespace kadenz::detail
