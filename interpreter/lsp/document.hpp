// Language server, documents: one open policy text, what the pipeline made of it (diagnostics of
// the checker and the analyzer, the checked tree) and an index of every name in it — where each
// fact, parameter, `let`, table, rule, output and enumeration value is declared and used. The
// features (features.cpp) answer from this; it is rebuilt when the text changes.
#pragma once

#include "interpreter/analyze/analyze.hpp"
#include "interpreter/lsp/text_positions.hpp"
#include "interpreter/pipeline/compile_policy.hpp"

#include <kadenz/kadenz.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace kadenz::detail::lsp {

// What a name in the text stands for. `index` is the declaration's index in the tree (facts,
// parameters, definitions, tables, outputs, workload entries); a rule is (`index` its table, `sub`
// the rule); an enumeration value is (`index` its fact or table, `sub` the value, `of_table`).
enum class SymbolKind : std::uint8_t {
  fact, parameter, definition, table, output, rule, enum_value, workload, as_of, function
};
struct Symbol {
  SymbolKind kind = SymbolKind::fact;
  std::uint32_t index = 0;
  std::uint32_t sub = 0;
  bool of_table = false;
  Span declaration;  // the declaring name (empty for as_of and functions)
  // Written out: Span (a public type, C++17) has no operator==, so a defaulted one is deleted
  // (clang says so with -Wdefaulted-function-deleted; GCC 12 accepts it silently).
  friend bool operator==(const Symbol& a, const Symbol& b) {
    return a.kind == b.kind && a.index == b.index && a.sub == b.sub && a.of_table == b.of_table &&
           a.declaration.begin == b.declaration.begin && a.declaration.end == b.declaration.end;
  }
};

// One place a name is written: its declaration or a use.
struct Occurrence {
  Span span;
  Symbol symbol;
  bool is_declaration = false;
};

// How the documents are compiled: the message language (`kadenz lsp --lang`; unset: the policy's
// keyword language, as for every command) and the analyzer's budgets. An editor analyses on every
// change, so its budgets are a tenth of `kadenz check`'s: a hostile policy costs a few hundred
// milliseconds per change, not seconds, and its unfinished tables are named in a warning.
struct DocumentOptions {
  std::optional<Lang> lang;
  AnalysisOptions analysis{kTableWorkBudget / 10, kPolicyWorkBudget / 10, kReplayStepBudget / 10};
};

struct Document {
  std::string uri;
  std::string path;  // the file the URI names ("" for an unsaved buffer: no `extends` is read)
  std::int64_t version = 0;
  std::string text;
  bool stale = true;  // the text changed since the last analyse()
  // A change or an open the server refused (a limit): published instead of the analysis, whose
  // places would not match the editor's text. Cleared by the next change it accepts; while set,
  // ranged changes are refused too (they are about a text the server does not have).
  std::optional<Diagnostic> refused;

  // Set by analyse():
  CompiledWithTree result;
  std::vector<Diagnostic> diagnostics;  // the checker's, then the analyzer's findings
  std::vector<Occurrence> occurrences;  // sorted by span.begin
  std::string as_of;                    // the analysis date (ISO), for the examples' text
  LineIndex lines;                      // of `text`
  // Line indexes of the base files a variant extends, by name (their texts live in
  // result.compiled.source, which outlives the index).
  std::map<std::string, LineIndex, std::less<>> included_lines;
};

// Compiles and analyses the document's text (bounded: kMaxPolicyBytes, the analysis budgets) and
// rebuilds its index. `today` is the analysis date when the policy has no `valid from`.
void analyse(Document& doc, const DocumentOptions& options, std::int32_t today);

// The occurrence at byte `offset` (a name's span includes its end, so a cursor right after a name
// finds it), or null.
const Occurrence* occurrence_at(const Document& doc, std::uint32_t offset);

// A place in one of the files of the document: the URI and the range.
struct Place {
  std::string uri;
  Position start, end;
};
// Where a span of the document's tree is: in the text itself or in a base file.
Place place_of(Document& doc, Span span);

// `file://…` for an absolute path (percent-encoding what a URI may not hold), and back; the
// path is "" for a URI of another scheme.
std::string uri_of_path(const std::string& path);
std::string path_of_uri(const std::string& uri);

}  // namespace kadenz::detail::lsp
