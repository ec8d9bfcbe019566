// Check stage, internal: the state the checker's passes share (CheckContext) and the functions
// one file of the stage calls in another. Included by interpreter/check/*.cpp only.
//
// The passes, in the order check_policy runs them (check.cpp):
//   check_declarations.cpp  header, names, facts, table outcomes, then the declarations typed
//                           lazily (parameters, definitions, tables, outputs), validations and
//                           the workload block; overrides of a variant or `--set`
//   check_expressions.cpp   one expression: names, literals, comparisons, arithmetic, calls,
//                           and the guards that make an `or empty` fact readable
// Declarations are typed on first use (a definition may be read before it is declared), so the
// two files call each other: an expression that reads a name asks type_of, which checks the
// declaration's own expression.
#pragma once

#include "grammar/limits.hpp"
#include "interpreter/check/check.hpp"
#include "stdlib/catalogue.hpp"

#include <kadenz/diagnostic.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace kadenz::detail {

// A declared name: what it names and its index in the declaring list of the tree.
struct Symbol {
  NameKind kind = NameKind::unresolved;
  std::uint32_t index = 0;
  Span span;  // the declaration's name, for duplicate-name diagnostics
};

// Names known to be non-empty at a point of an expression (a tiny set, in the order found), each
// as its guard_key.
using Guarded = std::vector<std::uint32_t>;

// A name that may be empty (an `or empty` fact, a table with a rule `then nothing`, an output
// that gives such a table) as an entry of Guarded: a fact by its index, anything else by its
// kind above the index (indices are far below 2^24: grammar/limits.hpp).
inline std::uint32_t guard_key(NameKind kind, std::uint32_t index) {
  return kind == NameKind::fact ? index : (static_cast<std::uint32_t>(kind) << 24) | index;
}

// Everything the passes share while one policy is checked. It owns the policy being built (the
// annotated tree is policy.ast) and appends to the caller's diagnostics; it lives for one call
// of check_policy.
struct CheckContext {
  // `lang`: the language of the messages; keywords in them are spelled in the policy's own.
  CheckContext(PolicyAst ast, std::vector<Diagnostic>& diagnostics, Lang lang)
      : diags(diagnostics), voice{lang, ast.lang} {
    policy.ast = std::move(ast);
  }

  CheckedPolicy policy;
  std::vector<Diagnostic>& diags;
  Voice voice;  // the language every message of this check speaks
  std::unordered_map<std::string, Symbol> symbols;  // facts, parameters, definitions, tables, outputs
  // Per declaration, how far its lazy typing got: 0 new, 1 checking (meeting it again is a
  // cycle), 2 done (its type is in policy.*_types).
  std::vector<int> param_state, def_state, out_state, table_state;
  std::string section;        // § of the rule being checked, copied into each diagnostic
  bool in_parameter = false;  // checking a parameter's value: only parameters may be read
  // Every name an expression may read, sorted: the did-you-mean candidates of an unknown name,
  // made on the first one (the symbols do not change after declare_all).
  std::vector<std::string> name_candidates;
  // Per enumeration (parallel to policy.enums), each value's index: a value is found in constant
  // time, however long the list.
  std::vector<std::unordered_map<std::string, std::uint32_t>> enum_index;

  // False once kMaxErrors diagnostics are there: the driver keeps only the first kMaxErrors
  // (pipeline/compile_policy.cpp, dump/dump_checked.cpp), so the costly part of a message that
  // will be dropped — a did-you-mean search over every declared name — is not worked out.
  bool reported() const { return diags.size() < kMaxErrors; }

  // Appends an error from the catalogue (with the current section) and returns it, so that the
  // caller can add secondary labels. The reference is valid until the next diagnostic is added.
  Diagnostic& error(Msg id, Span span, std::initializer_list<std::string_view> args = {}) {
    diags.push_back(diagnostic(voice, id, Severity::error, span, args));
    diags.back().section = section;
    return diags.back();
  }

  // A text of the catalogue (a help variant, a label) in this check's voice.
  std::string say(Msg id, std::initializer_list<std::string_view> args = {}) const {
    return detail::say(voice, id, args);
  }

  // A type's name for messages, with this policy's enumerations, in its keyword language.
  std::string tname(const Type& t) const { return type_name(t, policy.enums, voice.keywords); }
};

// ---- the vocabulary of types, for the checks and their messages ----

// The name of a base type as a policy writes it ("bool", "months"); types.cpp.
const char* base_name(BaseType b);

// The unit a quantity type is counted in (Unit::none for the other types); types.cpp.
Unit base_unit(BaseType b);

// The unit a number of quantity type `b` is written with in the keyword language `lang`, for
// "e.g. `6 months`" hints (types.cpp).
std::string unit_word(BaseType b, Lang lang);

// Quantities carry a unit; numbers are the integers and the quantities; ordered types allow
// < and >, min/max and the `shortest`/`longest` hit policies.
inline bool is_quantity(BaseType b) {
  return b == BaseType::minutes || b == BaseType::days || b == BaseType::months || b == BaseType::percent;
}
inline bool is_numeric(BaseType b) { return b == BaseType::integer || is_quantity(b); }
inline bool is_ordered(BaseType b) { return is_numeric(b) || b == BaseType::date || b == BaseType::duration; }

// A type that is neither optional nor an enumeration.
inline Type simple(BaseType b) { return Type{b, 0, false}; }

// ---- check_declarations.cpp: the passes over the declarations ----

// The header's name, document and dates into the policy; no header, no `valid from` or an end
// before the start are errors.
void check_header(CheckContext& cx);

// Enters every fact, parameter, definition, table and output into cx.symbols (reporting
// reserved and duplicate names), and reserves the columns every output row writes itself.
void declare_all(CheckContext& cx);

// Resolves each fact's type, column, scale and default into policy.facts (parallel to
// ast.facts) and finds the key fact.
void check_facts(CheckContext& cx);

// The type a table's rules must give; tables declare it before any rule is checked, so that a
// rule may read another table.
Type table_outcome_type(CheckContext& cx, std::size_t i);

// The type of a declared name at a use (`use`: the span that cycles point at). Parameters,
// definitions, outputs and tables are checked on first use and their type remembered.
Type type_of(CheckContext& cx, Symbol s, Span use);

// Checks a `require` or `warn when` and its message (read under the condition's guards).
void check_validation(CheckContext& cx, Validation& v);

// Checks the `workload` block: known roles, each once and of its type, constant where the role
// demands it, none missing. Fills policy.workload_roles and workload_types.
void check_workload(CheckContext& cx);

// ---- check_expressions.cpp: one expression ----

// Types `e` (and its kids) in place: sets e.type, binds names and calls, scales `weeks`,
// `years`, `hours` literals. `g`: the optional facts known to be non-empty here. `expected`:
// the type the context wants, through which a bare enumeration value is found. Errors are
// reported; the result is then the error type, which callers do not report again.
Type check_expr(CheckContext& cx, Expr& e, const Guarded& g, std::optional<Type> expected = std::nullopt);

// The value of an output or of the workload's `interval`: like check_expr, but a bare table name
// may be empty there (its type stays `T or empty`): an empty output prints as an empty cell,
// and an empty interval is a customer without recurring interviews.
Type check_value_or_empty(CheckContext& cx, Expr& e, const Guarded& g);

// Where a duration is expected: a `days` or `months` expression in `slot` becomes one (an
// ExprKind::widen node over it; a literal keeps the unit it was written with, `4 Wochen` stays 4
// weeks). True if `slot` is a duration now, or if its literal's encoding was too large (reported;
// its type is then the error type); false for other types, which the caller reports as a mismatch.
bool widen_to_duration(CheckContext& cx, ExprPtr& slot);

// check_expr, then an error unless `e` is a condition; `what` (a what_* text) names it in the message.
void expect_bool(CheckContext& cx, Expr& e, const Guarded& g, Msg what);

// Adds to `out` the optional facts that are non-empty whenever the (checked) condition `e` has
// the value `truth`.
void guards(const Expr& e, bool truth, Guarded& out);

// The help line of a type mismatch: a bare number where a quantity is wanted lacks its unit.
std::string unit_hint(const CheckContext& cx, const Type& got, const Type& want);

// ---- hints.cpp: number literals, and the hints for the mistakes policy staff make ----

// The type of a number literal; scales it to whole base units (`38,5 hours` to 2310 minutes)
// and refuses a decimal that does not come out whole (`1,5 months`).
Type check_number(CheckContext& cx, Expr& e);

// Each reports its hint and returns true if it applies, so that the caller leaves out its own
// message: a parameter written without its unit (`kp = 6`) used where `want` is needed, at the
// parameter (the use becomes a label); a quoted text (`"arbeitslos"`) where an enumeration
// value is wanted; a date written `2005-1-1` (read as a subtraction). `date_arithmetic`: the use
// is `date ± parameter`, where the number is a duration; compared with a date it is none.
bool hint_parameter_unit(CheckContext& cx, const Expr& use, const Type& got, const Type& want,
                         bool date_arithmetic = false);
bool hint_quoted_enum(CheckContext& cx, const Expr& value, const Type& got, const Expr& other, const Type& want);
bool hint_date_subtraction(CheckContext& cx, const Expr& e);

// `is empty` on a fact that is never empty: the help says to add `or empty`, and a label
// shows the fact's declaration.
void hint_not_optional(CheckContext& cx, Diagnostic& d, const Expr& name);

}  // namespace kadenz::detail
