// Renders diagnostics (data) as compiler-style text with carets, or as JSON.
#include <kadenz/diagnostic.hpp>

#include "stdlib/catalogue.hpp"
#include "stdlib/json_text.hpp"
#include "stdlib/utf8.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

namespace kadenz {

using detail::append_json_string;

namespace {

// The bytes of the character at the start of `s` as the renderer steps over it: a well-formed
// UTF-8 character, or one byte that is not part of one (shown as one U+FFFD, so one column).
std::size_t step(std::string_view s) {
  if (static_cast<unsigned char>(s[0]) < 0x80u) return 1;
  const std::size_t n = utf8::char_length(s);
  return n == 0 ? 1 : n;
}

// Characters in `text`, counted as step() goes (for valid UTF-8: its code points).
std::uint32_t count_code_points(std::string_view text) {
  std::uint32_t n = 0;
  for (std::size_t i = 0; i < text.size(); i += step(text.substr(i))) ++n;
  return n;
}

// The line containing `offset`, as [begin, end) byte offsets without the line break.
std::pair<std::size_t, std::size_t> line_bounds(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  std::size_t begin = 0;
  if (offset > 0) {
    const std::size_t nl = text.rfind('\n', offset - 1);
    if (nl != std::string_view::npos) begin = nl + 1;
  }
  std::size_t end = text.find('\n', offset);
  if (end == std::string_view::npos) end = text.size();
  if (end > begin && text[end - 1] == '\r') --end;
  return {begin, end};
}

// `s` with every byte that is not well-formed UTF-8, and every NUL, replaced by U+FFFD: what
// render_text writes is valid UTF-8 and no NUL ends it early, whatever a name holds.
std::string safe(std::string_view s) {
  std::string out;
  utf8::append_safe(out, s);
  return out;
}

// The word before `[code]`, in the voice's language.
std::string severity_word(const detail::Voice& voice, Severity s) {
  switch (s) {
    case Severity::error: return detail::say(voice, detail::Msg::sev_error);
    case Severity::warning: return detail::say(voice, detail::Msg::sev_warning);
    case Severity::note: return detail::say(voice, detail::Msg::sev_note);
  }
  return detail::say(voice, detail::Msg::sev_error);
}

// The byte offset of the character numbered `chars` (from 0, counted as step() goes) in `s`,
// or s.size().
std::size_t byte_of_char(std::string_view s, std::size_t chars) {
  std::size_t i = 0;
  for (; i < s.size() && chars > 0; --chars) i += step(s.substr(i));
  return std::min(i, s.size());
}

// A byte order mark at the start of a text: skipped by the parser, and not shown or counted
// as a column here either.
constexpr std::string_view kBom = "\xEF\xBB\xBF";

// Line and column lookups for the texts of one SourceFile during one render call: each text's
// line starts are found once, then every lookup is a binary search. Looking each place up from
// the start of its text made rendering quadratic (a policy with a finding per table: 5,000
// findings in a 450 KB file took ~25 s). Texts are told apart by their address, which is
// stable because the SourceFile is not changed while it is rendered.
class LineFinder {
 public:
  LineColumn at(std::string_view text, std::uint32_t offset) {
    const std::vector<std::uint32_t>& starts = starts_of(text);
    const std::size_t end = std::min<std::size_t>(offset, text.size());
    // the last line start at or before `end`
    const auto it = std::upper_bound(starts.begin(), starts.end(), static_cast<std::uint32_t>(end)) - 1;
    LineColumn lc;
    lc.line = static_cast<std::uint32_t>(it - starts.begin()) + 1;
    std::size_t line_start = *it;
    if (line_start == 0 && text.substr(0, kBom.size()) == kBom) line_start = std::min(kBom.size(), end);
    lc.column = 1 + count_code_points(text.substr(line_start, end - line_start));
    return lc;
  }

 private:
  struct Text {
    const char* data;
    std::size_t size;
    std::vector<std::uint32_t> starts;  // byte offset of each line's first character
  };
  const std::vector<std::uint32_t>& starts_of(std::string_view text) {
    for (const Text& t : texts_)
      if (t.data == text.data() && t.size == text.size()) return t.starts;
    Text t{text.data(), text.size(), {0}};
    for (std::size_t i = 0; i < text.size(); ++i)
      if (text[i] == '\n') t.starts.push_back(static_cast<std::uint32_t>(i + 1));
    texts_.push_back(std::move(t));
    return texts_.back().starts;
  }
  std::vector<Text> texts_;
};

// Prints one source line with a marker line under `span` (carets for the primary place,
// dashes for secondary ones). Spans reaching past the line are cut at its end. Of a line longer
// than kMaxSnippetChars characters, a window of that many is shown: a third of it before the
// caret where the line allows, cut at character boundaries, each cut end marked `…` (one
// column), the marker cut at the window's end.
void render_snippet(std::string& out, LineFinder& lines, std::string_view text, Span span, char marker,
                    std::string_view label, std::size_t gutter) {
  auto [lb, le] = line_bounds(text, span.begin);
  if (lb == 0 && text.substr(0, kBom.size()) == kBom) lb = std::min(kBom.size(), le);
  std::string_view line = text.substr(lb, le - lb);
  const LineColumn lc = lines.at(text, span.begin);
  const std::size_t span_end = std::min<std::size_t>(std::max(span.end, span.begin), le);
  std::size_t width = std::max<std::uint32_t>(1, count_code_points(text.substr(span.begin, span_end - span.begin)));
  std::size_t caret = lc.column - 1;  // characters before the marker
  const std::size_t chars = count_code_points(line);
  std::string shown;
  if (chars <= kMaxSnippetChars) {
    utf8::append_safe(shown, line);
  } else {
    const std::size_t first = std::min(caret - std::min(caret, kMaxSnippetChars / 3), chars - kMaxSnippetChars);
    const std::size_t last = first + kMaxSnippetChars;  // one past the last character shown
    const std::size_t b = byte_of_char(line, first);
    shown = first > 0 ? "…" : "";
    utf8::append_safe(shown, line.substr(b, byte_of_char(line.substr(b), kMaxSnippetChars)));
    if (last < chars) shown += "…";
    width = std::max<std::size_t>(1, std::min(width, last > caret ? last - caret : 0));
    caret = caret - first + (first > 0 ? 1 : 0);
  }
  std::replace(shown.begin(), shown.end(), '\t', ' ');
  const std::string num = std::to_string(lc.line);
  out += fmt::format("{:>{}} | {}\n", num, gutter, shown);
  out += fmt::format("{:>{}} | {}{}", "", gutter, std::string(caret, ' '), std::string(width, marker));
  if (!label.empty()) out += fmt::format(" {}", label);
  out += '\n';
}

}  // namespace

LineColumn line_column(std::string_view text, std::uint32_t offset) {
  LineColumn lc;
  const std::size_t end = std::min<std::size_t>(offset, text.size());
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < end; ++i) {
    if (text[i] == '\n') {
      ++lc.line;
      line_start = i + 1;
    }
  }
  if (line_start == 0 && text.substr(0, kBom.size()) == kBom) line_start = std::min(kBom.size(), end);
  lc.column = 1 + count_code_points(text.substr(line_start, end - line_start));
  return lc;
}

SourcePlace locate(const SourceFile& file, std::uint32_t offset) {
  for (auto it = file.included.rbegin(); it != file.included.rend(); ++it) {
    if (offset >= it->base) return SourcePlace{it->name, it->text, offset - it->base};
  }
  return SourcePlace{file.name, file.text, offset};
}

std::size_t count_errors(const std::vector<Diagnostic>& diagnostics) {
  return static_cast<std::size_t>(std::count_if(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& d) {
    return d.severity == Severity::error;
  }));
}

std::string render_text(const SourceFile& file, const std::vector<Diagnostic>& diagnostics, Lang lang) {
  using detail::Msg;
  const detail::Voice voice{lang, lang};
  std::string out;
  std::size_t errors = 0, warnings = 0;
  LineFinder lines;
  for (const Diagnostic& d : diagnostics) {
    if (d.severity == Severity::error) ++errors;
    if (d.severity == Severity::warning) ++warnings;
    const SourcePlace at = locate(file, d.span.begin);
    const Span local{at.offset, d.span.end - (d.span.begin - at.offset)};
    const LineColumn lc = lines.at(at.text, at.offset);
    std::uint32_t max_line = lc.line;
    for (const Label& l : d.secondary) {
      const SourcePlace sp = locate(file, l.span.begin);
      max_line = std::max(max_line, lines.at(sp.text, sp.offset).line);
    }
    const std::size_t gutter = std::to_string(max_line).size();
    out += fmt::format("{}[{}]: {}\n", severity_word(voice, d.severity), d.code, safe(d.message));
    // A diagnostic about a source without text (a directory of versions, a file that could not
    // be read) has no place to show: no `-->`, no empty line with a caret. Its message names it.
    const bool placeless = at.text.empty() && d.label.empty() && d.secondary.empty();
    if (!placeless) {
      out += fmt::format("{:>{}}--> {}:{}:{}\n", "", gutter, safe(at.name), lc.line, lc.column);
      out += fmt::format("{:>{}} |\n", "", gutter);
      render_snippet(out, lines, at.text, local, '^', safe(d.label), gutter);
      for (const Label& l : d.secondary) {
        const SourcePlace sp = locate(file, l.span.begin);
        const LineColumn slc = lines.at(sp.text, sp.offset);
        out += fmt::format("{:>{}}::: {}:{}:{}\n", "", gutter, safe(sp.name), slc.line, slc.column);
        render_snippet(out, lines, sp.text, Span{sp.offset, l.span.end - (l.span.begin - sp.offset)}, '-', safe(l.text), gutter);
      }
      out += fmt::format("{:>{}} |\n", "", gutter);
    }
    if (!d.section.empty()) {
      out += fmt::format("{:>{}} = {}\n", "", gutter, detail::say(voice, Msg::render_section, {safe(d.section)}));
    }
    if (!d.witness.empty()) {
      std::string pairs;
      for (const auto& f : d.witness) pairs += fmt::format("{}{}={}", pairs.empty() ? "" : ", ", f.column, f.value);
      out += fmt::format("{:>{}} = {}\n", "", gutter,
                         detail::say(voice, Msg::render_example, {d.witness_as_of, safe(pairs)}));
    }
    if (!d.help.empty()) out += fmt::format("{:>{}} = {}\n", "", gutter, detail::say(voice, Msg::render_help, {safe(d.help)}));
    out += '\n';
  }
  if (errors + warnings > 0) {
    out += detail::say(voice, Msg::render_count,
                       {safe(file.name), std::to_string(errors),
                        detail::say(voice, errors == 1 ? Msg::word_error_one : Msg::word_error_many),
                        std::to_string(warnings),
                        detail::say(voice, warnings == 1 ? Msg::word_warning_one : Msg::word_warning_many)});
    out += '\n';
  }
  return out;
}

namespace {
// A span as JSON: the file it lies in, line/column (code points) and byte offsets in that file.
void append_json_span(std::string& out, LineFinder& lines, const SourceFile& file, Span span) {
  const SourcePlace at = locate(file, span.begin);
  const std::uint32_t end = std::max(span.end, span.begin) - (span.begin - at.offset);
  const LineColumn b = lines.at(at.text, at.offset);
  const LineColumn e = lines.at(at.text, end);
  out += "{\"file\":";
  append_json_string(out, at.name);
  out += fmt::format(",\"line\":{},\"column\":{},\"end_line\":{},\"end_column\":{},\"byte_begin\":{},\"byte_end\":{}}}",
                     b.line, b.column, e.line, e.column, at.offset, end);
}
}  // namespace

std::string render_json(const SourceFile& file, const std::vector<Diagnostic>& diagnostics) {
  std::string out = "{\"file\":";
  append_json_string(out, file.name);
  out += ",\"diagnostics\":[";
  std::size_t errors = 0, warnings = 0;
  LineFinder lines;
  for (std::size_t i = 0; i < diagnostics.size(); ++i) {
    const Diagnostic& d = diagnostics[i];
    if (d.severity == Severity::error) ++errors;
    if (d.severity == Severity::warning) ++warnings;
    if (i) out += ',';
    out += "{\"severity\":";
    append_json_string(out, severity_word(detail::Voice{}, d.severity));  // a field for tools: always English
    out += ",\"code\":";
    append_json_string(out, d.code);
    out += ",\"message\":";
    append_json_string(out, d.message);
    out += ",\"span\":";
    append_json_span(out, lines, file, d.span);
    out += ",\"label\":";
    append_json_string(out, d.label);
    out += ",\"secondary\":[";
    for (std::size_t j = 0; j < d.secondary.size(); ++j) {
      if (j) out += ',';
      out += "{\"span\":";
      append_json_span(out, lines, file, d.secondary[j].span);
      out += ",\"label\":";
      append_json_string(out, d.secondary[j].text);
      out += '}';
    }
    out += "],\"help\":";
    append_json_string(out, d.help);
    out += ",\"section\":";
    append_json_string(out, d.section);
    if (!d.witness.empty()) {
      out += ",\"witness\":{\"as_of\":";
      append_json_string(out, d.witness_as_of);
      out += ",\"facts\":{";
      for (std::size_t j = 0; j < d.witness.size(); ++j) {
        if (j) out += ',';
        append_json_string(out, d.witness[j].column);
        out += ':';
        append_json_string(out, d.witness[j].value);
      }
      out += "}}";
    }
    out += '}';
  }
  out += fmt::format("],\"errors\":{},\"warnings\":{}}}\n", errors, warnings);
  return out;
}

}  // namespace kadenz
