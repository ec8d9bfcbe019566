// Parse stage, grammar-internal: the PEGTL glue. Which builder runs when a grammar rule has
// matched (action<Rule>), and how a failed must point becomes a SyntaxError (control<Rule>).
// Only the parse driver (parse.cpp) includes this: PEGTL instantiates both templates where
// tao::pegtl::parse<…, action, control> is called.
#pragma once

#include "grammar/builder.hpp"
#include "grammar/grammar.hpp"
#include "grammar/messages.hpp"
#include "grammar/recover.hpp"

#include <string_view>
#include <type_traits>

namespace kadenz::detail::actions {

namespace pg = tao::pegtl;
namespace g = grammar;

// An action that hands the matched text to `Build` (see builder.hpp). The builders live in
// build_expressions.cpp and build_declarations.cpp, out of this header, so that only the thin
// glue is instantiated per rule.
template <void (*Build)(ParseState&, std::string_view)>
struct build_with {
  template <typename In>
  static void apply(const In& in, ParseState& st) {
    Build(st, std::string_view(in.begin(), in.size()));
  }
};

// Rules without an entry below build nothing.
template <typename Rule>
struct action : pg::nothing<Rule> {};

// ---- expressions (build_expressions.cpp) ----
template <> struct action<g::name_ref> : build_with<build_name_ref> {};
template <> struct action<g::call_open> : build_with<build_call_open> {};
template <> struct action<g::call_args> : build_with<build_call_args> {};
template <> struct action<g::number_text> : build_with<build_digits> {};
template <> struct action<g::unit_word> : build_with<build_unit_word> {};
template <> struct action<g::date_text> : build_with<build_date_text> {};
template <> struct action<g::kw_true> : build_with<build_true> {};
template <> struct action<g::kw_false> : build_with<build_false> {};
template <> struct action<g::no_value> : build_with<build_no_value> {};
template <> struct action<g::str_open> : build_with<build_str_open> {};
template <> struct action<g::str_char> : build_with<build_str_char> {};
template <> struct action<g::str_brace> : build_with<build_str_brace> {};
template <> struct action<g::str_escape> : build_with<build_str_escape> {};
template <> struct action<g::interpolation> : build_with<build_interpolation> {};
template <> struct action<g::str_close> : build_with<build_str_close> {};
template <> struct action<g::negation> : build_with<build_negation> {};
template <> struct action<g::logical_not> : build_with<build_logical_not> {};
template <> struct action<g::mul_op> : build_with<build_operator> {};
template <> struct action<g::add_op> : build_with<build_operator> {};
template <> struct action<g::cmp_op> : build_with<build_operator> {};
template <> struct action<g::mul_tail> : build_with<build_arith> {};
template <> struct action<g::add_tail> : build_with<build_arith> {};
template <> struct action<g::cmp_tail> : build_with<build_compare> {};
template <> struct action<g::and_tail> : build_with<build_and> {};
template <> struct action<g::or_tail> : build_with<build_or> {};
template <> struct action<g::set_open> : build_with<build_set_open> {};
template <> struct action<g::in_tail> : build_with<build_in> {};
template <> struct action<g::not_in_tail> : build_with<build_not_in> {};
template <> struct action<g::is_not> : build_with<build_is_not> {};
template <> struct action<g::is_empty_tail> : build_with<build_is_empty> {};
template <> struct action<g::if_expr> : build_with<build_if> {};

// ---- declarations (build_declarations.cpp) ----
// Every keyword as it was spelled (inside at<>/not_at<> look-aheads no action runs).
template <Kw K> struct action<g::kw_word<K>> : build_with<build_keyword> {};
template <> struct action<g::type_name> : build_with<build_type_name> {};
template <> struct action<g::kw<Kw::one>> : build_with<build_one_of> {};
template <> struct action<g::enum_value> : build_with<build_enum_value> {};
template <> struct action<g::or_empty> : build_with<build_or_empty> {};
template <> struct action<g::fact_name> : build_with<build_fact_name> {};
template <> struct action<g::attr_key> : build_with<build_attr_key> {};
template <> struct action<g::attr_input_only> : build_with<build_attr_input_only> {};
template <> struct action<g::attr_default> : build_with<build_attr_default> {};
template <> struct action<g::attr_column> : build_with<build_attr_column> {};
template <> struct action<g::fact_decl> : build_with<build_fact_decl> {};
template <> struct action<g::binding_name> : build_with<build_binding_name> {};
template <> struct action<g::param_decl> : build_with<build_param_decl> {};
template <> struct action<g::let_decl> : build_with<build_let_decl> {};
template <> struct action<g::output_decl> : build_with<build_output_decl> {};
template <> struct action<g::table_name> : build_with<build_table_name> {};
template <> struct action<g::hit_name> : build_with<build_hit_name> {};
template <> struct action<g::rule_name> : build_with<build_rule_name> {};
template <> struct action<g::section> : build_with<build_section> {};
template <> struct action<g::cite_text> : build_with<build_cite_text> {};
template <> struct action<g::binding_citation> : build_with<build_binding_citation> {};
template <> struct action<g::check_citation> : build_with<build_check_citation> {};
template <> struct action<g::if_citation> : build_with<build_if_citation> {};
template <> struct action<g::if_no_citation> : build_with<build_if_no_citation> {};
template <> struct action<g::rule_when> : build_with<build_rule_when> {};
template <> struct action<g::rule_otherwise> : build_with<build_rule_otherwise> {};
template <> struct action<g::rule_decl> : build_with<build_rule_decl> {};
template <> struct action<g::added_rule> : build_with<build_rule_decl> {};
template <> struct action<g::edit_head> : build_with<build_edit_head> {};
template <> struct action<g::anchor_after> : build_with<build_anchor_after> {};
template <> struct action<g::anchor_name> : build_with<build_anchor_name> {};
template <> struct action<g::replace_edit> : build_with<build_replace_edit> {};
template <> struct action<g::add_edit> : build_with<build_add_edit> {};
template <> struct action<g::removed_name> : build_with<build_removed_name> {};
template <> struct action<g::remove_edit> : build_with<build_remove_edit> {};
template <> struct action<g::table_decl> : build_with<build_table_decl> {};
template <> struct action<g::require_decl> : build_with<build_require_decl> {};
template <> struct action<g::warn_decl> : build_with<build_warn_decl> {};
template <> struct action<g::workload_decl> : build_with<build_workload_decl> {};
template <> struct action<g::workload_block> : build_with<build_workload_block> {};
template <> struct action<g::extends_path> : build_with<build_extends_path> {};
template <> struct action<g::header_name> : build_with<build_header_name> {};
template <> struct action<g::header_document> : build_with<build_header_document> {};
template <> struct action<g::header_issued> : build_with<build_header_issued> {};
template <> struct action<g::valid_from> : build_with<build_valid_from> {};
template <> struct action<g::valid_until> : build_with<build_valid_until> {};
template <> struct action<g::header> : build_with<build_header> {};

// ---- tests inside the policy (build_tests.cpp) ----
template <> struct action<g::test_quoted> : build_with<build_test_quoted> {};
template <> struct action<g::test_bare> : build_with<build_test_bare> {};
template <> struct action<g::test_name> : build_with<build_test_name> {};
template <> struct action<g::test_changes> : build_with<build_test_changes> {};
template <> struct action<g::test_as_of> : build_with<build_test_as_of> {};
template <> struct action<g::given_entry> : build_with<build_given_entry> {};
template <> struct action<g::expect_kw> : build_with<build_expect_kw> {};
template <> struct action<g::expect_output> : build_with<build_expect_output> {};
template <> struct action<g::expect_table> : build_with<build_expect_table> {};
template <> struct action<g::expect_rule_name> : build_with<build_expect_rule_name> {};
template <> struct action<g::expect_rule> : build_with<build_expect_rule> {};
template <> struct action<g::expect_no_warning> : build_with<build_expect_no_warning> {};
template <> struct action<g::expect_warning> : build_with<build_expect_warning> {};
template <> struct action<g::expect_error> : build_with<build_expect_error> {};
template <> struct action<g::test_block> : build_with<build_test_block> {};

// Must points raise through here: every rule under a `must` needs a message in messages.hpp.
template <typename Rule>
struct control : pg::normal<Rule> {
  template <typename In, typename State>
  [[noreturn]] static void raise(const In& in, State& st) {
    static_assert(g::error_message<Rule>.has_value(), "every must<> point needs a message in messages.hpp");
    SyntaxError e = must_point_error(st, in.current(), in.end(), *g::error_message<Rule>,
                                     std::is_base_of_v<g::ident, Rule>, std::is_same_v<Rule, g::str_close>);
    e.block_end = std::is_same_v<Rule, g::facts_end> || std::is_same_v<Rule, g::params_end> ||
                  std::is_same_v<Rule, g::table_end> || std::is_same_v<Rule, g::workload_end> ||
                  std::is_same_v<Rule, g::test_end>;
    throw e;
  }
};

}  // namespace kadenz::detail::actions
