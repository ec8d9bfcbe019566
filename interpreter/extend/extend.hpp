// Extend stage: a variant's syntax tree applied onto its base policy's, and `--set` values
// applied onto parameters. The result is one ordinary policy tree that resolve/check/compile
// take as if it had been written in one file; every node keeps the span of the file it came
// from (SourceFile::included), so diagnostics point at the base or the variant.
#pragma once

#include "grammar/ast.hpp"

#include <kadenz/diagnostic.hpp>

#include <string>
#include <vector>

namespace kadenz::detail {

// Applies `variant` (a file with `extends`) onto `base`:
// - header: the variant's name replaces the base's; document/issued/valid from/until replace
//   the base's where the variant gives them, except that a variant's own `valid from` starts a
//   new period: without its own `valid until` it is open-ended, whatever the base's end;
// - facts: added (a fact the base declares is an error: variants cannot retype columns);
// - parameters, `let` definitions, outputs, workload entries: same name replaces the base's
//   declaration in place (keeping it for the type check), a new name is added at the end;
// - tables: `table name` + `replace rule` / `add rule … [before|after r]` / `remove rule` edits the
//   base's table; a fully declared table is added (an error if the base has one of that name);
// - `require` and `warn`: added.
// Mistakes (unknown rule, duplicate fact, …) become diagnostics; the merged tree is returned.
// The messages speak `lang`, naming keywords in the variant's keyword language; the merged tree
// keeps the variant's keyword language (the file the user compiles).
PolicyAst apply_variant(PolicyAst base, PolicyAst variant, std::vector<Diagnostic>& diagnostics, Lang lang = Lang::en);

// A file without `extends` may not contain edit blocks or rule edits: reports each.
void reject_edits(const PolicyAst& ast, std::vector<Diagnostic>& diagnostics, Lang lang = Lang::en);

// One `--set NAME=VALUE`: the value, parsed, replaces the parameter's. `name_span` points at
// NAME in the SourceFile's included text for this setting. A bare number takes the unit the
// parameter's own literal was written with (`--set prep_minutes=15` on `10 minutes`).
struct Setting {
  Ident name;
  ExprPtr value;
};
void apply_settings(PolicyAst& ast, std::vector<Setting> settings, std::vector<Diagnostic>& diagnostics,
                    Lang lang = Lang::en);

}  // namespace kadenz::detail
