// What the parser says when a `must` point fails: one human sentence per rule (PEGTL would
// otherwise print demangled C++ type names). The control in actions.hpp refuses to compile a
// must point that has no entry here.
#pragma once

#include "grammar/grammar.hpp"

namespace kadenz::detail::grammar {

template <typename Rule>
inline constexpr const char* error_message = nullptr;

#define KADENZ_MESSAGE(rule, text) \
  template <>                      \
  inline constexpr const char* error_message<rule> = text

// expressions
KADENZ_MESSAGE(expr, "expected an expression");
KADENZ_MESSAGE(condition, "expected a condition");
KADENZ_MESSAGE(outcome, "expected the rule's outcome after `then`");
KADENZ_MESSAGE(value_expr, "expected a value after `=`");
KADENZ_MESSAGE(if_then_value, "expected the value after `then`");
KADENZ_MESSAGE(if_else_value, "expected the value after `else`");
KADENZ_MESSAGE(if_then, "expected `then` after the condition of `if`");
KADENZ_MESSAGE(if_else, "expected `else`: every `if … then …` needs an `else` value");
KADENZ_MESSAGE(rparen, "expected `)`");
KADENZ_MESSAGE(rbrace, "expected `}` to close the set");
KADENZ_MESSAGE(nested<unary>, "expected a value after `-`");
KADENZ_MESSAGE(nested<not_expr>, "expected a condition after `not`");
KADENZ_MESSAGE(unary, "expected a value after the operator");
KADENZ_MESSAGE(mul_expr, "expected a value after the operator");
KADENZ_MESSAGE(add_expr, "expected a value after the comparison");
KADENZ_MESSAGE(not_expr, "expected a condition after `and`");
KADENZ_MESSAGE(and_expr, "expected a condition after `or`");
KADENZ_MESSAGE(set_lit, "expected a set of values in braces, e.g. `{arbeitslos, arbeitsuchend}`");
KADENZ_MESSAGE(empty_kw, "expected `empty` (write `is empty` or `is not empty`)");
KADENZ_MESSAGE(str_body, "unexpected character in text");
KADENZ_MESSAGE(str_close, "text is not closed: expected `\"` before the end of the line");
KADENZ_MESSAGE(interp_close, "expected `}` to close the `{…}` inside the text");
KADENZ_MESSAGE(arg_list, "expected the arguments of the call");
KADENZ_MESSAGE(set_elements, "expected the values of the set, separated by commas");

// types and facts
KADENZ_MESSAGE(of_kw, "expected `of` (write `one of a, b, c`)");
KADENZ_MESSAGE(enum_values, "expected the values of the enumeration, separated by commas");
KADENZ_MESSAGE(colon, "expected `:` and a type after the name");
KADENZ_MESSAGE(type_ref, "expected a type: bool, int, text, date, days, months, minutes, percent or `one of …`");
KADENZ_MESSAGE(fact_attrs, "expected `key`, `default …` or `column \"…\"`");
KADENZ_MESSAGE(fact_attr, "expected `key`, `default <value>`, `column \"<header>\"` or `input only` after the comma");
KADENZ_MESSAGE(only_kw, "expected `only` (write `input only`)");
KADENZ_MESSAGE(string_lit, "expected a text in double quotes");
KADENZ_MESSAGE(fact_decls, "expected a fact declaration `name: type`");
KADENZ_MESSAGE(facts_end, "expected another fact `name: type` or `end` to close the facts block");

// parameters, definitions, outputs
KADENZ_MESSAGE(equals, "expected `=` after the name");
KADENZ_MESSAGE(binding_name, "expected a name");
KADENZ_MESSAGE(param_decls, "expected a parameter `name = value`");
KADENZ_MESSAGE(params_end, "expected another parameter `name = value` or `end` to close the parameters block");

// tables and rules
KADENZ_MESSAGE(table_name, "expected the table's name after `table`");
KADENZ_MESSAGE(table_hit, "expected `, hit first|unique|shortest|longest` after the outcome type");
KADENZ_MESSAGE(hit_kw, "expected `hit` and a hit policy (first, unique, shortest, longest)");
KADENZ_MESSAGE(hit_name, "expected a hit policy: first, unique, shortest or longest");
KADENZ_MESSAGE(rule_decls, "expected a rule");
KADENZ_MESSAGE(table_end, "expected another `rule` or `end` to close the table");
KADENZ_MESSAGE(rule_name, "expected the rule's name after `rule`");
KADENZ_MESSAGE(section, "expected the directive section after the rule's name, e.g. `§2.2.1`");
KADENZ_MESSAGE(rule_body, "expected `when <condition>` or `otherwise`");
KADENZ_MESSAGE(rule_then, "expected `then` and the rule's outcome");
KADENZ_MESSAGE(table_head, "expected `:` and a type after the name");
KADENZ_MESSAGE(added_rule, "expected `rule`, its name and its section after `add`, e.g. `add rule x §2.2.3`");
KADENZ_MESSAGE(anchor_opt, "expected `before <rule>`, `after <rule>` or the rule's `when`");
KADENZ_MESSAGE(anchor_name, "expected the name of the base's rule to insert before or after");
KADENZ_MESSAGE(rule_decl, "expected `rule`, its name and its section after `replace`, e.g. `replace rule marktnah §2.2.2`");
KADENZ_MESSAGE(remove_rule_kw, "expected `rule` and the rule's name after `remove`, e.g. `remove rule massnahme`");
KADENZ_MESSAGE(removed_name, "expected the name of the rule to remove");

// variants and workload
KADENZ_MESSAGE(extends_path, "expected the base policy's file in double quotes, e.g. `extends \"coburg-land-2017.kadenz\"`");
KADENZ_MESSAGE(workload_decls, "expected a workload entry `role = value`");
KADENZ_MESSAGE(workload_end, "expected another entry `role = value` or `end` to close the workload block");

// validations
KADENZ_MESSAGE(require_else, "expected `else \"message\"` after the condition of `require`");
KADENZ_MESSAGE(message, "expected the message in double quotes");
KADENZ_MESSAGE(warn_when, "expected `when` after `warn` (write `warn when <condition> \"message\"`)");

// header
KADENZ_MESSAGE(header_name, "expected the policy's name in double quotes after `policy`");
KADENZ_MESSAGE(header_items, "expected `document`, `issued` or `valid`");
KADENZ_MESSAGE(date_lit, "expected a date, e.g. 2017-01-01 or 01.01.2017");
KADENZ_MESSAGE(valid_body, "expected `from` or `until` and a date after `valid`");

#undef KADENZ_MESSAGE

}  // namespace kadenz::detail::grammar
