// The checked policy's types, which the later stages read: the enumerations a policy declares,
// what the checker learned per fact, and the CheckedPolicy it hands to compile. The value types
// themselves (Type, BaseType) are the syntax tree's (grammar/ast.hpp); the workload roles are
// the language's vocabulary (stdlib/workload_roles.hpp). Nothing here runs the checker.
#pragma once

#include "grammar/ast.hpp"
#include "stdlib/duration.hpp"
#include "stdlib/workload_roles.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kadenz::detail {

// An enumeration: the values of `one of …`, numbered in declaration order.
struct EnumInfo {
  std::string owner;  // the fact or table that declared it (for messages)
  std::vector<std::string> values;
};

struct FactInfo {
  Type type;
  std::string column;          // caseload header
  std::int64_t scale = 1;      // input unit factor: a `weeks` fact reads "2" as 14 days
  bool has_default = false;
  std::int64_t default_value = 0;    // for non-text types
  std::string default_text;          // for text
};

// The checked policy: the annotated tree plus what the checker learned about it.
struct CheckedPolicy {
  PolicyAst ast;
  std::vector<EnumInfo> enums;
  std::vector<FactInfo> facts;              // parallel to ast.facts
  std::vector<Type> parameter_types;        // parallel to ast.parameters
  std::vector<Type> definition_types;       // parallel to ast.definitions
  std::vector<Type> output_types;           // parallel to ast.outputs
  std::vector<Type> table_types;            // parallel to ast.tables
  std::vector<Type> workload_types;         // parallel to ast.workload
  std::vector<WorkloadRole> workload_roles; // parallel to ast.workload
  std::uint32_t key_fact = 0;
  std::string name, document;
  std::optional<std::int32_t> issued, valid_from, valid_until;  // day numbers
};

// A number literal of type days or months (`4 Wochen`, `-2 Monate`), which becomes a duration
// constant where one is expected.
inline bool is_duration_literal(const Expr& e) {
  const Expr& lit = e.kind == ExprKind::negate ? *e.kids[0] : e;
  return lit.kind == ExprKind::integer && (e.type.base == BaseType::days || e.type.base == BaseType::months);
}

// The encoded duration (stdlib/duration.hpp) of a checked duration literal (is_duration_literal),
// in the unit it was written with (`4 Wochen`: 4 weeks; `1 Jahr`: 12 months); nullopt if it does
// not fit.
inline std::optional<std::int64_t> literal_duration(const Expr& e) {
  const bool negative = e.kind == ExprKind::negate;
  const Expr& lit = negative ? *e.kids[0] : e;
  const Unit written = lit.written == Unit::none ? lit.unit : lit.written;
  const DurationUnit unit = written == Unit::weeks ? DurationUnit::weeks
                            : lit.unit == Unit::months ? DurationUnit::months
                                                       : DurationUnit::days;
  const std::int64_t count = unit == DurationUnit::weeks ? lit.value / 7 : lit.value;
  return encode_duration(negative ? -count : count, unit);
}

// The type's name as a policy author writes it ("date or empty", "one of a, b"), in the keyword
// language `lang` ("datum oder leer", "eins von a, b").
std::string type_name(const Type& type, const std::vector<EnumInfo>& enums, Lang lang = Lang::en);

// A base type's name in the keyword language `lang` ("months", "monate").
std::string base_name_in(BaseType b, Lang lang);

}  // namespace kadenz::detail
