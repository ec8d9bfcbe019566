// The checked policy's types, which the later stages read: the enumerations a policy declares,
// what the checker learned per fact, and the CheckedPolicy it hands to compile. The value types
// themselves (Type, BaseType) are the syntax tree's (grammar/ast.hpp); the workload roles are
// the language's vocabulary (stdlib/workload_roles.hpp). Nothing here runs the checker.
#pragma once

#include "grammar/ast.hpp"
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

// The type's name as a policy author writes it ("date or empty", "one of a, b"), in the keyword
// language `lang` ("datum oder leer", "eins von a, b").
std::string type_name(const Type& type, const std::vector<EnumInfo>& enums, Lang lang = Lang::en);

// A base type's name in the keyword language `lang` ("months", "monate").
std::string base_name_in(BaseType b, Lang lang);

}  // namespace kadenz::detail
