// Caseload stage: how a decided record's values are written out (outputs, workload categories,
// witnesses): the text of a value of any type.
#pragma once

#include "interpreter/compile/program.hpp"

#include <string>

namespace kadenz::detail {

// Appends a value as it is printed in outputs: ISO dates, true/false, plain numbers for
// quantities, enumeration value names, text as is. `v` must be a value of `type` (not empty);
// text and enumeration names are copied from where they live (the input, the program).
void append_value(std::string& out, const Program& program, const Type& type, const Value& v);

}  // namespace kadenz::detail
