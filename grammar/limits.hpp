// Named limits of the language and of reading its inputs. Each has a diagnostic (or, for the
// internal bounds of the caseload pipeline, a reason) and a test (tests/test_limits.cpp and the
// tests named below).
#pragma once

#include <kadenz/diagnostic.hpp>

#include <cstddef>

namespace kadenz::detail {

// Brackets, `not`, unary minus and `if` nested deeper than this are a syntax error: the parser
// and the evaluator recurse once per level, and no directive needs more than a handful.
inline constexpr int kMaxNesting = 64;

// Depth of an expression tree (a chain `a + b + c …` is as deep as it is long). Bounds the
// evaluator's recursion for every record, whatever the parser let through.
inline constexpr int kMaxExprDepth = 256;

// A name longer than this is surely a mistake (a missing space or quote) and would make
// diagnostics unreadable.
inline constexpr std::size_t kMaxIdentifierBytes = 128;

// A citation (`§ 10 Abs. 1 Nr. 3 SGB II`, or a quoted one) longer than this is surely a
// sentence, not a section: it is written into the `source` column of every row it decides.
inline constexpr std::size_t kMaxCitationBytes = 120;

// `{…}` pieces in one text: the evaluator joins a text's pieces in a fixed array on the stack
// (no allocation per record); messages and codes need a handful.
inline constexpr std::size_t kMaxInterpolations = 30;

// After this many errors the rest are not reported: later ones are mostly follow-ups.
inline constexpr std::size_t kMaxErrors = 50;

// Policy size caps: a directive has tens of rules; these keep a generated or corrupted file from
// making compile and evaluation slow (evaluation is linear in the policy's size).
inline constexpr std::size_t kMaxPolicyBytes = 4u << 20;  // 4 MiB of source text
inline constexpr std::size_t kMaxRulesPerTable = 20000;

// Values of one `one of`: a directive's lists have a handful (status, profile, Förderung: two to
// ten); a few hundred would be a code table, and beyond this the list is data, not a rule. Each
// cell of the column is looked up among the values, and a message about a wrong cell lists them.
inline constexpr std::size_t kMaxEnumValues = 1000;

// An unknown enumeration value's message lists the values it expected, at most this many (then
// "… (N values in all)"): the message is written into every row that has the wrong value, and a
// list of a thousand values helps nobody read it.
inline constexpr std::size_t kMaxListedValues = 12;

// `one of` types in one policy (each fact and table may declare one): a directive has tens. An
// enumeration's id is 16 bits wide (Type::enum_id in grammar/ast.hpp); this keeps it far from
// wrapping, where a value would be typed as another enumeration's.
inline constexpr std::size_t kMaxEnumerations = 4096;
static_assert(kMaxEnumerations <= 65536, "Type::enum_id is 16 bits wide");

// A variant may extend a variant, and so on; a longer chain is surely a mistake (or a cycle
// through links the path check missed) and would make every message a maze of files.
inline constexpr int kMaxExtendsDepth = 8;

// A directory of versions (interpreter/pipeline/versions.cpp) holds the versions of one directive,
// a handful over the years; its files are read whole to place their periods (each up to
// kMaxPolicyBytes), so more than this is surely the wrong directory and would read too much.
// Tests: tests/test_versions.cpp.
inline constexpr std::size_t kMaxVersions = 64;

// Caseload reading. A quoted cell may hold line breaks (RFC 4180), but one quote too many, or one
// missing, would otherwise join every later line to one record until the end of the file. So a
// quoted cell must close within this many bytes after the end of the line where it opened, and
// its closing quote must end the cell (a delimiter or the line's end after it: what a stray
// quote meets first is the opening quote of a later cell, with text after it). If not (or if the
// file ends first), the quote is a stray one: the record ends with that line as an error row
// (keeping the cells before the quote, so its id) and reading goes on with the next line. A
// spreadsheet cell holds at most 32,767 characters (Excel, LibreOffice: under 100 KiB of UTF-8),
// so an honest multi-line cell stays far below.
// Tests: tests/test_caseload_bounds.cpp.
inline constexpr std::size_t kMaxQuotedContinuationBytes = std::size_t{1} << 20;

// The `-j N` pipeline (interpreter/caseload/batches.cpp) hands records to the workers in batches.
// A batch is cut at this many bytes (its records' bytes and field table): large enough that
// handing it over costs nothing per row (thousands of ordinary rows), small enough that wide rows
// do not make every batch in flight hundreds of megabytes. Tests:
// tests/test_caseload_bounds.cpp.
inline constexpr std::size_t kBatchBytes = std::size_t{1} << 20;

// All batches read and not yet written together: with more jobs the batches get smaller, and no
// further batch is read while those in flight hold this much, so `-j 256` takes no more memory
// than `-j 2`. Field offsets are 32-bit (batches.hpp), which this keeps far from wrapping.
inline constexpr std::size_t kBatchBytesInFlight = std::size_t{16} << 20;

// Duplicate ids in a caseload (interpreter/caseload/keys.hpp): `kadenz eval` names this many
// repeated ids one by one, each with the lines of its first kDuplicateLinesShown rows; the rest
// are counted. A caseload appended to itself repeats every id, and a million warnings would bury
// the summary. Tests: tests/test_caseload_keys.cpp.
inline constexpr std::size_t kMaxDuplicateIdsShown = 20;
inline constexpr std::size_t kDuplicateLinesShown = 5;

// Characters of a caseload text (an id, a header name) a message shows: enough to recognise it,
// never a whole cell pasted into the header. Tests: tests/test_caseload_keys.cpp.
inline constexpr std::size_t kMaxShownCellChars = 40;

// The summary of an `eval` or `workload` with rows not decided names this many kinds of error
// (by message template and column, never by value), most common first; the rest are summed up.
// Kinds are tallied up to kMaxErrorKinds distinct ones (a policy has a bounded number: per
// column a few cell errors, per `require` and table one), the rest count as "other". Tests:
// tests/test_caseload_keys.cpp.
inline constexpr std::size_t kErrorKindsShown = 5;
inline constexpr std::size_t kMaxErrorKinds = 1000;

// Characters of a source line a rendered diagnostic shows, around the caret (`…` marks the cut
// ends): a whole 3 MB line would bury the message. Declared with the renderer, in the public
// header kadenz/diagnostic.hpp (diagnostics/ may not include grammar/).
using kadenz::kMaxSnippetChars;

}  // namespace kadenz::detail
