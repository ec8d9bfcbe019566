// Diagnostics as data: what the compiler, checker and caseload reader report, and the two renderers.
#pragma once

#include <kadenz/export.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kadenz {

// A byte range [begin, end) in one source file. Line and column are computed only when a
// message is rendered, so spans stay cheap to carry down to the compiled program.
struct Span {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
};

enum class Severity : std::uint8_t { error, warning, note };

// The two languages of kadenz: of a policy's keywords (a file is written in one) and of the
// messages (by default those of the policy's keyword language).
enum class Lang : std::uint8_t { en, de };

// One source text the diagnostics point into. The text is owned here so that spans stay
// valid for as long as the diagnostics are rendered.
struct SourceFile {
  std::string name;  // as given by the user (a path, or "<string>")
  std::string text;
  // Further texts the spans may point into: the base policies a variant `extends` and the
  // values given with `--set`. Each occupies the offsets [base, base + text.size()], after
  // the main text and after each other, so a Span stays two numbers and still names its file.
  struct Included {
    std::string name;
    std::string text;
    std::uint32_t base = 0;
  };
  std::vector<Included> included;
};

// Where an offset lies: the file's name and text, and the offset within that text.
struct SourcePlace {
  std::string_view name;
  std::string_view text;
  std::uint32_t offset = 0;
};
KADENZ_API SourcePlace locate(const SourceFile& file, std::uint32_t offset);

// A secondary place shown under the primary one (e.g. the other rule of an overlap).
struct Label {
  Span span;
  std::string text;
};

// One fact of an example customer: the caseload column and the cell value.
struct WitnessField {
  std::string column;
  std::string value;
};

// A change of the policy text that would fix a diagnostic: replace the bytes of `span` by `text`
// (an empty span inserts there). `title` says what it does, in the diagnostic's language
// ("replace with `status`"). Editors offer it as a quick fix (`kadenz lsp`'s code actions).
struct Fix {
  Span span;
  std::string text;
  std::string title;
};

// A user mistake in a policy. Stable `code` (e.g. "unknown-name") for tools and golden tests;
// `message` says what is wrong, `label` is printed at the caret, `help` says what would fix it,
// `section` is the directive section (§) of the enclosing rule, if any.
struct Diagnostic {
  std::string code;
  Severity severity = Severity::error;
  std::string message;
  Span span;
  std::string label;
  std::vector<Label> secondary;
  std::string help;
  std::string section;
  // For consistency findings: an example customer that shows the finding when evaluated with
  // `kadenz eval --as-of witness_as_of` (every fact filled; empty if there is none).
  std::vector<WitnessField> witness;
  std::string witness_as_of;
  // Edits that would fix it, where the checker knows one (a did-you-mean, a missing `or empty`).
  std::vector<Fix> fixes;
};

// Line (1-based) and column (1-based, counted in Unicode code points, not bytes) of a byte offset.
struct LineColumn {
  std::uint32_t line = 1;
  std::uint32_t column = 1;
};
KADENZ_API LineColumn line_column(std::string_view text, std::uint32_t offset);

// Characters of a source line render_text shows: of a longer line (a generated or minified
// policy, a 3 MB line), a window of this many around the caret, its cut ends marked `…`. A
// terminal line is about this wide; the whole line would bury the message. (Named with the
// language's limits in grammar/limits.hpp; declared here because the renderer comes first.)
inline constexpr std::size_t kMaxSnippetChars = 120;

// Renders diagnostics like a compiler: `file:line:col`, the source line (at most
// kMaxSnippetChars characters of it, around the caret), a caret under the span, the message and
// `help:`. Ends with a count line ("2 errors, 1 warning") when any were given. The words the
// renderer adds itself (error, help, the count line) are in `lang` (Compiled::lang: that of the
// diagnostics' texts); `Lang::en` by default.
KADENZ_API std::string render_text(const SourceFile& file, const std::vector<Diagnostic>& diagnostics,
                                   Lang lang = Lang::en);

// Renders diagnostics as one JSON document: {"file":…, "diagnostics":[…], "errors":N, "warnings":N}.
KADENZ_API std::string render_json(const SourceFile& file, const std::vector<Diagnostic>& diagnostics);

KADENZ_API std::size_t count_errors(const std::vector<Diagnostic>& diagnostics);

}  // namespace kadenz
