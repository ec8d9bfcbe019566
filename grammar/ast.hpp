// The syntax tree of a policy file, as the parser builds it; the checker annotates it in place.
#pragma once

#include "stdlib/vocabulary.hpp"

#include <kadenz/diagnostic.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace kadenz::detail {

// The value types of the language. Quantities carry their unit in the type: a `months` value
// never mixes with `days` (a month has no fixed number of days), and `minutes` are for time
// spent, not for calendar arithmetic. A `duration` holds days, weeks or months and remembers
// which (stdlib/duration.hpp): a `days` or `months` value is widened to it where one is expected.
enum class BaseType : std::uint8_t { error, boolean, integer, text, date, minutes, days, months, percent, enumeration, duration };

struct Type {
  BaseType base = BaseType::error;
  std::uint16_t enum_id = 0;  // index into Policy::enums when base == enumeration
  bool optional = false;      // "or empty": only facts can be optional
  friend bool operator==(const Type&, const Type&) = default;
};

enum class ExprKind : std::uint8_t {
  integer,   // 42, 6 months, 50 %          (value, unit)
  date,      // 2017-01-01, 01.01.2017      (value = day number)
  boolean,   // true / false                (value)
  text,      // "…{expr}…"                  (parts: text pieces in `pieces`, exprs in kids)
  name,      // a fact, parameter, definition, table, enumeration value or as_of
  call,      // name(args…)
  negate,    // -x
  logical_not,
  arith,     // kids[0] op kids[1]: + - * /
  compare,   // kids[0] op kids[1]: = != < <= > >=
  logical_and,  // n-ary, flat (long chains must not nest: destructor recursion)
  logical_or,   // n-ary, flat
  in_set,    // kids[0] in {kids[1..]}; `negated` for `not in`
  is_empty,  // kids[0] is empty; `negated` for `is not empty`
  if_then,   // if kids[0] then kids[1] else kids[2]
  nothing,   // `then nothing` / `dann kein Wert`: a rule's outcome only; the rule gives no value
  widen,     // kids[0] (days or months) as a duration; made by the checker, never parsed
};

enum class Op : std::uint8_t { none, add, sub, mul, div, eq, ne, lt, le, gt, ge };

// What a name was bound to by the checker.
enum class NameKind : std::uint8_t { unresolved, fact, as_of, parameter, definition, output, table, enum_value, function };

struct Expr {
  ExprKind kind = ExprKind::integer;
  Span span;
  Op op = Op::none;
  Unit unit = Unit::none;
  bool negated = false;
  // A decimal literal (`38,5 hours`): value is the digits without the separator (385) and
  // `decimals` the digits after it (1); the checker turns it into whole base units or refuses it.
  std::uint8_t decimals = 0;
  // The unit a number literal was written with (`4 Wochen`: weeks), kept when the checker
  // scales `unit` to the base unit (days), so that a duration literal keeps its unit.
  Unit written = Unit::none;
  std::int64_t value = 0;
  // identifier for name / call; for if_then the citation of its `then` branch (`if c §6 then …`,
  // see Binding::section), empty if it has none
  std::string name;
  std::vector<std::string> pieces;  // text: literal pieces, one more than kids
  std::vector<std::unique_ptr<Expr>> kids;
  int depth = 1;  // height of this tree (bounded by kMaxExprDepth)
  // Filled by the checker:
  Type type;
  NameKind binding = NameKind::unresolved;
  std::uint32_t index = 0;  // fact/parameter/definition/output/table/function index or enum value
};
using ExprPtr = std::unique_ptr<Expr>;

// A name with its place, as written.
struct Ident {
  std::string text;
  Span span;
};

// A type as written: `date or empty`, `one of a, b, c`, `months`.
struct TypeRef {
  Ident name;                       // "one of" for enumerations
  std::vector<Ident> enum_values;
  bool optional = false;
  Span span;
};

struct FactDecl {
  Ident name;
  TypeRef type;
  bool key = false;
  Span key_span;
  bool input_only = false;  // read and checked, used by no rule (the analyzer does not warn)
  ExprPtr default_value;  // a literal
  std::optional<Ident> column;  // caseload header if it differs from the name
};

// `name = expr`, used for parameters, `let` definitions, outputs and workload entries.
struct Binding {
  Ident name;
  ExprPtr value;
  Span span;  // the whole declaration
  // Set by the extend stage when a variant (or `--set`) overrides a base declaration: the
  // base's value, kept so the checker can insist that the override has the same type.
  ExprPtr replaced;
  Span replaced_span;
  // `let name §6 = …` / `output name §6 = …`: the directive section the value applies, as
  // written (runs of blanks made one); empty if none. Listed in `source` when the value is
  // neither empty nor false.
  Ident section;
};

struct RuleDecl {
  Ident name;
  Ident section;   // its citation as written, runs of blanks made one: "§2.2.1", "§ 10 Abs. 1 SGB II"
  ExprPtr when;    // null for `otherwise`
  Span otherwise_span;
  ExprPtr then;     // ExprKind::nothing for `then nothing`: the table's type becomes `T or empty`
  Span span;
};

// A variant's change to one rule of a base table: `replace rule …`, `add rule … [before|after
// name]`, `remove rule name`.
enum class EditKind : std::uint8_t { replace, add, remove };
struct RuleEdit {
  EditKind kind = EditKind::add;
  RuleDecl rule;              // replace/add: the new rule; remove: only `rule.name` is set
  std::optional<Ident> anchor;  // add: the rule to insert before/after
  bool after = false;
  Span span;
};

struct TableDecl {
  Ident name;
  TypeRef outcome;
  Ident hit;  // first | unique | shortest | longest
  std::vector<RuleDecl> rules;
  Span span;
  // A variant's edit block (`table name` without `: type, hit …`): the edits in order. The
  // extend stage applies them to the base's table; a file without `extends` cannot have them.
  bool is_edit = false;
  std::vector<RuleEdit> edits;
};

struct Validation {
  bool is_warning = false;  // `warn when … "…"` vs `require … else "…"`
  ExprPtr condition;
  ExprPtr message;  // a text expression
  Span span;
  Ident section;    // `require §7 …` / `warn §7 when …`: shown beside the message; empty if none
};

struct Header {
  Ident name;
  std::optional<Ident> document;
  std::optional<Ident> issued, valid_from, valid_until;  // date literals as written
  Span span;
};

// A test inside the policy (`test "name" … end`, `kadenz test`): one customer, the day it is
// decided on, and what is expected. Cells are kept as written (a caseload cell's text); the test
// stage (interpreter/verify/) reads them as a caseload row and compares them with what `kadenz
// eval` prints. Nothing else reads tests: they never change what a policy decides.
struct TestCell {
  Ident name;       // a fact's column (given) or an output's name (expected)
  std::string text; // the cell, as `kadenz eval` would read or print it ("" for an empty one)
  Span span;        // the cell as written
};
enum class ExpectKind : std::uint8_t {
  output,      // `name = cell`: the output prints as `cell`
  rule,        // `rule table = rule`: the table's deciding rule
  warning,     // `warning "…"`: a warning with this text fires
  no_warning,  // `no warning "…"`: no warning with this text fires
  error,       // `error "…"`: the record is not decided, with exactly this error
};
struct Expectation {
  ExpectKind kind = ExpectKind::output;
  TestCell cell;  // output: name and expected cell; rule: name = the table, text = the rule;
                  // warning/no_warning/error: text = the message
  Span span;      // the whole line
};
struct TestDecl {
  Ident name;                       // the text in quotes: unique within a policy and its bases
  bool changes = false;             // `changes`: a variant's new version of its base's test
  Span changes_span;
  std::optional<Ident> as_of;       // day number in decimal, as Header dates
  std::vector<TestCell> given;
  bool has_expect = false;          // an `expect` block was written (it may be empty)
  std::vector<Expectation> expect;
  Span span;                        // from `test` through `end`
  // Set by the extend stage on a `changes` test: the base test it replaces (its expectations,
  // for a `changes` test without `expect`: the variant must no longer meet them).
  std::vector<Expectation> base_expect;
  Span base_span;
};

// The whole file. Declarations of each kind keep their order of appearance (output columns
// and the order of warnings follow it).
struct PolicyAst {
  // The file's keyword language (keyword_language of its text; English if it has no keyword).
  Lang lang = Lang::en;
  std::optional<Ident> extends;   // `extends "base.kadenz"`: the path as written
  std::optional<Header> header;
  std::vector<FactDecl> facts;
  std::vector<Binding> parameters;
  std::vector<Binding> definitions;
  std::vector<TableDecl> tables;
  std::vector<Validation> validations;
  std::vector<Binding> outputs;
  // `workload … end`: what `kadenz workload` and `kadenz whatif` read from each decision
  // (roles such as `category` or `interval`, see stdlib/workload_roles.hpp). Not written by `kadenz eval`.
  std::vector<Binding> workload;
  Span workload_span;
  // `test "…" … end` blocks in file order (a variant's merged tree: the base's first); read only
  // by the test stage (interpreter/verify/), never by check, compile or evaluation.
  std::vector<TestDecl> tests;
};

}  // namespace kadenz::detail
