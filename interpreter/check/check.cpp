// Check stage, entry point: runs the passes over one policy in their order. The passes are in
// check_declarations.cpp and check_expressions.cpp; checker.hpp holds the state they share.
#include "interpreter/check/check.hpp"

#include "interpreter/check/checker.hpp"

#include <cstdint>
#include <utility>

namespace kadenz::detail {

// The order is part of the contract: diagnostics come out in the order the passes find them.
// Names are declared before any expression is read, so that a definition may be used before its
// declaration; table outcomes are known before any rule, so that rules may read other tables.
// Then every declaration is typed (each once, on its first use or here), then validations and
// the workload block.
CheckedPolicy check_policy(PolicyAst ast, std::vector<Diagnostic>& diagnostics, std::optional<Lang> lang) {
  const Lang text = lang.value_or(ast.lang);
  CheckContext cx(std::move(ast), diagnostics, text);
  check_header(cx);
  declare_all(cx);
  check_facts(cx);
  CheckedPolicy& p = cx.policy;
  const auto& a = p.ast;
  p.parameter_types.assign(a.parameters.size(), Type{});
  p.definition_types.assign(a.definitions.size(), Type{});
  p.output_types.assign(a.outputs.size(), Type{});
  p.table_types.assign(a.tables.size(), Type{});
  cx.param_state.assign(a.parameters.size(), 0);
  cx.def_state.assign(a.definitions.size(), 0);
  cx.out_state.assign(a.outputs.size(), 0);
  cx.table_state.assign(a.tables.size(), 0);
  // Tables first declare their outcome types, so rules may refer to other tables' outcomes.
  for (std::size_t i = 0; i < a.tables.size(); ++i) p.table_types[i] = table_outcome_type(cx, i);
  for (std::uint32_t i = 0; i < a.parameters.size(); ++i) type_of(cx, Symbol{NameKind::parameter, i, {}}, {});
  for (std::uint32_t i = 0; i < a.definitions.size(); ++i) type_of(cx, Symbol{NameKind::definition, i, {}}, {});
  for (std::uint32_t i = 0; i < a.tables.size(); ++i) type_of(cx, Symbol{NameKind::table, i, {}}, {});
  for (std::uint32_t i = 0; i < a.outputs.size(); ++i) type_of(cx, Symbol{NameKind::output, i, {}}, {});
  for (auto& v : p.ast.validations) check_validation(cx, v);
  check_workload(cx);
  if (p.ast.outputs.empty() && !p.ast.facts.empty()) {
    cx.error(Msg::no_outputs, Span{0, 0});
  }
  return std::move(cx.policy);
}

}  // namespace kadenz::detail
