// Caseload stage, error kinds: why rows were not decided, tallied by message template (see
// error_kinds.hpp). Runs only for rows that failed, so the decided rows' path is untouched.
#include "interpreter/caseload/error_kinds.hpp"

#include "grammar/limits.hpp"
#include "interpreter/evaluate/walker.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <kadenz/diagnostic.hpp>

namespace kadenz::detail {
namespace {

// Longest kind text kept: an enumeration's "expected one of …" list may be long.
constexpr std::size_t kMaxKindBytes = 200;

// The kind of a failed `require` (validation `index`): its message as the policy writes it, with
// its `{…}` placeholders and not the record's values they were filled with — the last string of
// the `require`'s source text. If that cannot be found, the place of the `require`.
std::string require_kind(const Program& program, std::uint32_t index) {
  if (index >= program.validation_spans.size() || !program.source) return say(program.voice, Msg::require_failed);
  const Span span = program.validation_spans[index];
  const SourcePlace at = locate(*program.source, span.begin);
  std::string_view text = at.text.substr(std::min<std::size_t>(at.offset, at.text.size()), span.end - span.begin);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\n' || text.back() == '\r' || text.back() == '\t'))
    text.remove_suffix(1);
  if (text.size() >= 2 && text.back() == '"') {
    std::size_t open = text.size() - 1;
    while (open > 0 && !(text[open - 1] == '"' && (open < 2 || text[open - 2] != '\\'))) --open;
    if (open > 0) return std::string(text.substr(open, text.size() - 1 - open));
  }
  return say(program.voice, Msg::require_at_failed, {where(program, span)});
}

}  // namespace

std::string error_kind(std::string_view message, bool quoted, bool digits) {
  std::string k;
  error_kind_into(k, message, quoted, digits);
  return k;
}

// Writes into `k` (cleared first; its capacity is reused, so a warmed-up tally allocates nothing).
void error_kind_into(std::string& k, std::string_view message, bool quoted, bool digits) {
  k.clear();
  const std::size_t open = quoted ? message.find('`') : std::string_view::npos;
  const std::size_t close = message.rfind('`');
  for (std::size_t i = 0; i < message.size(); ++i) {
    if (open != std::string_view::npos && close > open && i == open) {
      k += "`…`";
      i = close;
      continue;
    }
    const char c = message[i];
    const bool part_of_word = i > 0 && (message[i - 1] == '-' || std::isalpha(static_cast<unsigned char>(message[i - 1])));
    if (digits && c >= '0' && c <= '9') {  // "line 12" becomes "line …", "UTF-16" stays
      const std::size_t from = i;
      while (i + 1 < message.size() && message[i + 1] >= '0' && message[i + 1] <= '9') ++i;
      if (part_of_word) k.append(message.substr(from, i + 1 - from));
      else k += "…";
      continue;
    }
    k += c;
  }
  if (k.size() > kMaxKindBytes) {
    std::size_t cut = kMaxKindBytes;
    while (cut > 0 && (static_cast<unsigned char>(k[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
    k.resize(cut);
    k += "…";
  }
}

// A reader error or a field-count mismatch is the row's only kind (its cells are not read). A
// row whose cells were read failed in the evaluation: a `require` is counted by its index (its
// kind is worked out once, in sorted()), a table or arithmetic error by its message, which names
// only the policy's tables, rules and places. Otherwise the cells are parsed again for their
// kinds. The kinds of a row are built in reused strings: after warm-up nothing is allocated.
void ErrorKinds::add(const Program& program, const ColumnBinding& binding, const std::vector<std::string_view>& fields,
                     std::string_view record_error, const Frame& frame, bool cells_read) {
  voice_ = program.voice;
  if (cells_read) {
    if (frame.failed_require >= 0) {
      const auto r = static_cast<std::size_t>(frame.failed_require);
      if (require_rows_.size() <= r) {
        require_rows_.resize(r + 1, 0);
        require_kinds_.resize(r + 1);
      }
      if (require_rows_[r]++ == 0 && require_kinds_[r].empty())
        require_kinds_[r] = require_kind(program, static_cast<std::uint32_t>(r));
      return;
    }
    error_kind_into(key_, frame.error, false, false);
    count(key_, 1);
    return;
  }
  if (!record_error.empty() || fields.size() != binding.header_fields) {
    error_kind_into(key_, frame.error, false, true);
    count(key_, 1);
    return;
  }
  std::size_t used = 0;
  Value v;
  for (std::size_t i = 0; i < program.facts.size(); ++i) {
    const auto col = binding.fact_column[i];
    const std::string_view cell = col >= 0 ? fields[static_cast<std::size_t>(col)] : std::string_view();
    if (parse_cell(program.facts[i], program.enums, cell, v, scratch_, program.voice.text)) continue;
    error_kind_into(key_, scratch_, true, false);
    const auto end = row_kinds_.begin() + static_cast<std::ptrdiff_t>(used);
    if (std::find(row_kinds_.begin(), end, key_) != end) continue;
    if (used == row_kinds_.size()) row_kinds_.emplace_back();
    row_kinds_[used++].assign(key_);
  }
  for (std::size_t i = 0; i < used; ++i) count(row_kinds_[i], 1);
}

// Beyond kMaxErrorKinds distinct kinds, new kinds are summed as "other".
void ErrorKinds::count(const std::string& kind, std::size_t rows) {
  const auto it = counts_.find(kind);
  if (it != counts_.end()) {
    it->second += rows;
  } else if (counts_.size() < kMaxErrorKinds) {
    counts_.emplace(kind, rows);
  } else {
    other_ += rows;
  }
}

void ErrorKinds::merge(const ErrorKinds& other) {
  if (!other.empty()) voice_ = other.voice_;
  for (const auto& [k, n] : other.counts_) count(k, n);
  other_ += other.other_;
  if (require_rows_.size() < other.require_rows_.size()) {
    require_rows_.resize(other.require_rows_.size(), 0);
    require_kinds_.resize(other.require_rows_.size());
  }
  for (std::size_t r = 0; r < other.require_rows_.size(); ++r) {
    require_rows_[r] += other.require_rows_[r];
    if (require_kinds_[r].empty()) require_kinds_[r] = other.require_kinds_[r];
  }
}

// Two `require`s with the same message are one kind; so is a `require` whose message reads like a
// cell error of the same text.
std::vector<ErrorKinds::Kind> ErrorKinds::sorted() const {
  std::unordered_map<std::string, std::size_t> all = counts_;
  for (std::size_t r = 0; r < require_rows_.size(); ++r)
    if (require_rows_[r] > 0) all[require_kinds_[r]] += require_rows_[r];
  std::vector<Kind> v;
  for (const auto& [k, n] : all) v.push_back(Kind{k, n});
  std::sort(v.begin(), v.end(), [](const Kind& a, const Kind& b) { return a.rows != b.rows ? a.rows > b.rows : a.text < b.text; });
  if (other_ > 0) v.push_back(Kind{say(voice_, Msg::other_errors), other_});
  return v;
}

std::string rows_text(std::size_t rows, const Voice& voice) {
  return say(voice, rows == 1 ? Msg::rows_one : Msg::rows_many, {std::to_string(rows)});
}

std::vector<std::string> error_kind_lines(const std::vector<ErrorKinds::Kind>& kinds, const Voice& voice) {
  std::vector<std::string> lines;
  std::size_t rest_rows = 0;
  for (std::size_t i = 0; i < kinds.size(); ++i) {
    if (i < kErrorKindsShown) {
      lines.push_back(say(voice, Msg::kinds_line, {rows_text(kinds[i].rows, voice), kinds[i].text}));
    } else {
      rest_rows += kinds[i].rows;
    }
  }
  if (kinds.size() > kErrorKindsShown) {
    const std::size_t rest = kinds.size() - kErrorKindsShown;
    lines.push_back(say(voice, rest == 1 ? Msg::kinds_rest_one : Msg::kinds_rest_many,
                        {std::to_string(rest), rows_text(rest_rows, voice)}));
  }
  return lines;
}

}  // namespace kadenz::detail
