// What the parser says when a `must` point fails: one catalogue entry per rule (PEGTL would
// otherwise print demangled C++ type names); the texts, in English and German, are the must_*
// entries of stdlib/messages.def. The control in actions.hpp refuses to compile a must point that has no entry here.
#pragma once

#include "grammar/grammar.hpp"
#include "stdlib/catalogue.hpp"

#include <optional>

namespace kadenz::detail::grammar {

template <typename Rule>
inline constexpr std::optional<Msg> error_message = std::nullopt;

#define KADENZ_MESSAGE(rule, id) \
  template <>                    \
  inline constexpr std::optional<Msg> error_message<rule> = Msg::id

// expressions
KADENZ_MESSAGE(expr, must_expr);
KADENZ_MESSAGE(condition, must_condition);
KADENZ_MESSAGE(outcome, must_outcome);
KADENZ_MESSAGE(rule_outcome, must_outcome);
KADENZ_MESSAGE(value_expr, must_value_expr);
KADENZ_MESSAGE(if_then_value, must_if_then_value);
KADENZ_MESSAGE(if_else_value, must_if_else_value);
KADENZ_MESSAGE(if_then, must_if_then);
KADENZ_MESSAGE(if_else, must_if_else);
KADENZ_MESSAGE(rparen, must_rparen);
KADENZ_MESSAGE(rbrace, must_rbrace);
KADENZ_MESSAGE(nested<unary>, must_neg_value);
KADENZ_MESSAGE(nested<not_expr>, must_not_condition);
KADENZ_MESSAGE(unary, must_operand);
KADENZ_MESSAGE(mul_expr, must_operand);
KADENZ_MESSAGE(add_expr, must_compared);
KADENZ_MESSAGE(not_expr, must_and_condition);
KADENZ_MESSAGE(and_expr, must_or_condition);
KADENZ_MESSAGE(set_lit, must_set_lit);
KADENZ_MESSAGE(empty_kw, must_empty_kw);
KADENZ_MESSAGE(str_body, must_str_body);
KADENZ_MESSAGE(str_close, must_str_close);
KADENZ_MESSAGE(interp_close, must_interp_close);
KADENZ_MESSAGE(arg_list, must_arg_list);
KADENZ_MESSAGE(set_elements, must_set_elements);

// types and facts
KADENZ_MESSAGE(of_kw, must_of_kw);
KADENZ_MESSAGE(enum_values, must_enum_values);
KADENZ_MESSAGE(colon, must_colon);
KADENZ_MESSAGE(type_ref, must_type_ref);
KADENZ_MESSAGE(fact_attrs, must_fact_attrs);
KADENZ_MESSAGE(fact_attr, must_fact_attr);
KADENZ_MESSAGE(only_kw, must_only_kw);
KADENZ_MESSAGE(string_lit, must_string_lit);
KADENZ_MESSAGE(fact_decls, must_fact_decls);
KADENZ_MESSAGE(facts_end, must_facts_end);

// parameters, definitions, outputs
KADENZ_MESSAGE(equals, must_equals);
KADENZ_MESSAGE(binding_name, must_binding_name);
KADENZ_MESSAGE(param_decls, must_param_decls);
KADENZ_MESSAGE(params_end, must_params_end);

// tables and rules
KADENZ_MESSAGE(table_name, must_table_name);
KADENZ_MESSAGE(table_hit, must_table_hit);
KADENZ_MESSAGE(hit_kw, must_hit_kw);
KADENZ_MESSAGE(hit_name, must_hit_name);
KADENZ_MESSAGE(rule_decls, must_rule_decls);
KADENZ_MESSAGE(table_end, must_table_end);
KADENZ_MESSAGE(rule_name, must_rule_name);
KADENZ_MESSAGE(section, must_section);
// citations (the rules that cannot fail need an entry too: `if_must` checks every rule)
KADENZ_MESSAGE(cite_marked_number, must_cite_number);
KADENZ_MESSAGE(cite_blanks, must_cite_number);
KADENZ_MESSAGE(cite_parts, must_cite_number);
KADENZ_MESSAGE(cite_quoted_body, must_cite_close);
KADENZ_MESSAGE(cite_quote_close, must_cite_close);
KADENZ_MESSAGE(if_cite, must_if_then);
KADENZ_MESSAGE(pg::opt<binding_citation>, must_value_expr);
KADENZ_MESSAGE(pg::opt<check_citation>, must_condition);
KADENZ_MESSAGE(rule_body, must_rule_body);
KADENZ_MESSAGE(rule_then, must_rule_then);
KADENZ_MESSAGE(table_head, must_colon);
KADENZ_MESSAGE(added_rule, must_added_rule);
KADENZ_MESSAGE(anchor_opt, must_anchor_opt);
KADENZ_MESSAGE(anchor_name, must_anchor_name);
KADENZ_MESSAGE(rule_decl, must_rule_decl);
KADENZ_MESSAGE(remove_rule_kw, must_remove_rule_kw);
KADENZ_MESSAGE(removed_name, must_removed_name);

// variants and workload
KADENZ_MESSAGE(extends_path, must_extends_path);
KADENZ_MESSAGE(workload_decls, must_workload_decls);
KADENZ_MESSAGE(workload_end, must_workload_end);

// validations
KADENZ_MESSAGE(require_else, must_require_else);
KADENZ_MESSAGE(message, must_message);
KADENZ_MESSAGE(warn_when, must_warn_when);

// header
KADENZ_MESSAGE(header_name, must_header_name);
KADENZ_MESSAGE(header_items, must_header_items);
KADENZ_MESSAGE(date_lit, must_date_lit);
KADENZ_MESSAGE(valid_body, must_valid_body);

// tests inside the policy
KADENZ_MESSAGE(test_name, must_test_name);
KADENZ_MESSAGE(test_quoted_body, must_test_quote_close);
KADENZ_MESSAGE(test_quoted_close, must_test_quote_close);
KADENZ_MESSAGE(test_body, must_test_end);
KADENZ_MESSAGE(test_end, must_test_end);
KADENZ_MESSAGE(test_cell, must_test_cell);
KADENZ_MESSAGE(given_entries, must_test_end);
KADENZ_MESSAGE(expectations, must_test_end);
KADENZ_MESSAGE(expect_table, must_expect_table);
KADENZ_MESSAGE(expect_rule_name, must_expect_rule_name);
KADENZ_MESSAGE(test_message, must_test_message);

#undef KADENZ_MESSAGE

}  // namespace kadenz::detail::grammar
