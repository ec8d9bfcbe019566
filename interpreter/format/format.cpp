// Format stage: lays out a policy text line by line from the marks the grammar left (marks.hpp)
// and writes each keyword in its canonical spelling, in the requested language.
#include "interpreter/format/format.hpp"

#include "grammar/parse.hpp"
#include "interpreter/format/marks.hpp"

#include <algorithm>
#include <map>

namespace kadenz::detail {
namespace {

using format::ItemKind;
using format::Marks;
using format::Role;
using format::WordKind;

constexpr std::size_t npos = std::string_view::npos;
constexpr std::string_view kBom = "\xEF\xBB\xBF";

// One line of the source: its bytes without the line break (a carriage return before it is
// dropped), where its code and its trailing comment are. A line break inside a text's `{…}`
// does not end a line.
struct Line {
  std::size_t begin = 0, end = 0;
  std::size_t code_b = 0, code_e = 0;  // code_b == code_e: no code
  std::size_t comment_b = npos, comment_e = npos;
  bool blank() const { return code_b == code_e && comment_b == npos; }
  bool has_code() const { return code_b != code_e; }
};

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// Splits `t` (from `start`) into lines, skipping over texts in quotes (with their `{…}`
// interpolations, which may hold texts and comments of their own) so that a `#` or a line break
// in them is not taken for a comment or a line end.
std::vector<Line> split_lines(std::string_view t, std::size_t start) {
  std::vector<Line> lines;
  std::vector<int> stack;  // -1: inside a text; n >= 0: inside an interpolation at brace depth n
  Line cur;
  cur.begin = start;
  auto finish = [&](std::size_t e) {
    cur.end = e;
    std::size_t b = cur.begin;
    while (b < e && is_blank(t[b])) ++b;
    std::size_t ce = cur.comment_b == npos ? e : cur.comment_b;
    while (ce > b && is_blank(t[ce - 1])) --ce;
    cur.code_b = b;
    cur.code_e = std::max(b, ce);
    if (cur.comment_b != npos) {
      std::size_t me = e;
      while (me > cur.comment_b && is_blank(t[me - 1])) --me;
      cur.comment_e = me;
      if (cur.code_b == cur.comment_b) cur.code_e = cur.code_b;
    }
    lines.push_back(cur);
    cur = Line{};
  };
  std::size_t i = start;
  while (i < t.size()) {
    const char c = t[i];
    if (stack.empty()) {
      if (c == '\n') {
        finish(i);
        cur.begin = i + 1;
      } else if (c == '#') {
        cur.comment_b = i;
        while (i + 1 < t.size() && t[i + 1] != '\n') ++i;
      } else if (c == '"') {
        stack.push_back(-1);
      }
    } else if (stack.back() < 0) {  // in a text
      if (c == '\\') ++i;
      else if ((c == '{' || c == '}') && i + 1 < t.size() && t[i + 1] == c) ++i;
      else if (c == '{') stack.push_back(0);
      else if (c == '"' || c == '\n') stack.pop_back();
    } else {  // in an interpolation
      if (c == '"') stack.push_back(-1);
      else if (c == '{') ++stack.back();
      else if (c == '}' && stack.back() == 0) stack.pop_back();
      else if (c == '}') --stack.back();
      else if (c == '#') {
        while (i + 1 < t.size() && t[i + 1] != '\n') ++i;
      }
    }
    ++i;
  }
  finish(t.size());
  if (lines.back().blank() && lines.back().begin == lines.back().end) lines.pop_back();
  return lines;
}

// Characters (code points) of `s` after its last line break: the column where it ends.
std::size_t width(std::string_view s) {
  const std::size_t nl = s.rfind('\n');
  if (nl != npos) s.remove_prefix(nl + 1);
  std::size_t n = 0;
  for (const char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0u) != 0x80u) ++n;
  return n;
}

// The language a spelling of `kw` belongs to (the first entry that spells it so).
Lang keyword_lang(Kw kw, std::string_view text) {
  for (const auto& k : kKeywords)
    if (k.kw == kw && same_spelling(k.text, text)) return k.lang;
  return Lang::en;
}

// The canonical spelling of a keyword-like word in `lang` (nullopt: its own language), or an
// empty string if it is not one (an unknown type name).
std::string canonical(const format::Word& w, std::string_view text, std::optional<Lang> lang) {
  switch (w.kind) {
    case WordKind::keyword:
      return std::string(keyword_spelling(w.kw, lang.value_or(keyword_lang(w.kw, text))));
    case WordKind::unit:
      if (const auto* u = find_unit(text)) {  // any letter case; fmt writes the canonical one
        return std::string(unit_spelling(u->unit, lang.value_or(u->lang), u->plural));
      }
      return {};
    case WordKind::type:
      if (const auto* s = find_vocabulary(kTypeNames, text)) {
        return std::string(vocabulary_text(kTypeNames, s->id, lang.value_or(s->lang)));
      }
      return {};
    case WordKind::hit:
      if (const auto* s = find_vocabulary(kHitNames, text)) {
        return std::string(vocabulary_text(kHitNames, s->id, lang.value_or(s->lang)));
      }
      return {};
  }
  return {};
}

std::vector<KeywordPlace> places_of(const Marks& marks, std::string_view text, std::optional<Lang> lang) {
  std::vector<KeywordPlace> out;
  for (const auto& w : marks.words) {
    std::string c = canonical(w, text.substr(w.offset, w.length), lang);
    if (!c.empty()) out.push_back(KeywordPlace{w.offset, w.length, std::move(c)});
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.offset < b.offset; });
  return out;
}

// The layout pass over one parsed text (see format_policy).
class Layout {
 public:
  Layout(std::string_view text, const Marks& marks, std::vector<KeywordPlace> places)
      : t_(text), m_(marks), places_(std::move(places)) {}

  std::string run();

 private:
  // The text of [b, e) with the keywords in it respelled.
  std::string render(std::size_t b, std::size_t e) const;
  // Index of the item that contains offset `at`, or -1 before the first.
  long item_at(std::size_t at) const;
  bool same_line_blanks(std::size_t b, std::size_t e) const;
  void align_facts();
  void align_entries();
  std::string code_line(std::size_t li);

  std::string_view t_;
  const Marks& m_;
  std::vector<KeywordPlace> places_;
  std::vector<Line> lines_;
  std::map<std::size_t, std::size_t> fact_type_col_;  // fact index -> column of its type (aligned facts)
  std::map<std::size_t, std::size_t> entry_eq_col_;   // entry index -> column of its `=` (aligned entries)
  std::map<std::size_t, std::size_t> fact_line_;      // line begin of an aligned fact's name -> fact index
  std::map<std::size_t, std::size_t> entry_line_;     // line begin of an aligned entry's name -> entry index
};

std::string Layout::render(std::size_t b, std::size_t e) const {
  std::string out;
  auto it = std::lower_bound(places_.begin(), places_.end(), b,
                             [](const KeywordPlace& p, std::size_t at) { return p.offset < at; });
  std::size_t pos = b;
  for (; it != places_.end() && it->offset + it->length <= e; ++it) {
    out.append(t_.substr(pos, it->offset - pos));
    out += it->canonical;
    pos = it->offset + it->length;
  }
  out.append(t_.substr(pos, e - pos));
  return out;
}

long Layout::item_at(std::size_t at) const {
  const auto it = std::upper_bound(m_.items.begin(), m_.items.end(), at,
                                   [](std::size_t a, const format::Item& i) { return a < i.begin; });
  return static_cast<long>(it - m_.items.begin()) - 1;
}

// True if [b, e) holds only spaces and tabs (no line break, no comment).
bool Layout::same_line_blanks(std::size_t b, std::size_t e) const {
  for (std::size_t i = b; i < e; ++i)
    if (t_[i] != ' ' && t_[i] != '\t') return false;
  return true;
}

// The facts whose name starts a line and whose colon and type follow on it line up: the type
// column of a block is 2 + the longest `name:` + 1.
void Layout::align_facts() {
  std::map<long, std::vector<std::size_t>> by_item;
  std::map<std::size_t, bool> line_start;
  for (const auto& l : lines_) line_start[l.code_b] = l.has_code();
  for (std::size_t f = 0; f < m_.facts.size(); ++f) {
    const auto& fact = m_.facts[f];
    if (!line_start[fact.name] || fact.type == npos) continue;
    const std::size_t word_end = fact.name + scan_word(t_.data() + fact.name, t_.data() + t_.size());
    if (!same_line_blanks(word_end, fact.colon) || !same_line_blanks(fact.colon + 1, fact.type)) continue;
    by_item[item_at(fact.name)].push_back(f);
  }
  for (const auto& [item, facts] : by_item) {
    std::size_t longest = 0;
    for (const std::size_t f : facts) {
      const auto& fact = m_.facts[f];
      const std::size_t word_end = fact.name + scan_word(t_.data() + fact.name, t_.data() + t_.size());
      longest = std::max(longest, width(t_.substr(fact.name, word_end - fact.name)));
    }
    for (const std::size_t f : facts) fact_type_col_[f] = 2 + longest + 2;
  }
}

// The `=` of parameters and workload roles whose name starts a line (and `=` follows on it) line
// up: 2 + the longest name + 1.
void Layout::align_entries() {
  std::map<long, std::vector<std::size_t>> by_item;
  std::map<std::size_t, bool> line_start;
  for (const auto& l : lines_) line_start[l.code_b] = l.has_code();
  for (std::size_t e = 0; e < m_.entries.size(); ++e) {
    const auto& entry = m_.entries[e];
    if (!line_start[entry.name]) continue;
    const std::size_t word_end = entry.name + scan_word(t_.data() + entry.name, t_.data() + t_.size());
    if (!same_line_blanks(word_end, entry.equals)) continue;
    by_item[item_at(entry.name)].push_back(e);
  }
  for (const auto& [item, entries] : by_item) {
    std::size_t longest = 0;
    for (const std::size_t e : entries) {
      const auto& entry = m_.entries[e];
      const std::size_t word_end = entry.name + scan_word(t_.data() + entry.name, t_.data() + t_.size());
      longest = std::max(longest, width(t_.substr(entry.name, word_end - entry.name)));
    }
    for (const std::size_t e : entries) entry_eq_col_[e] = 2 + longest + 1;
  }
}

// The code of line `li`, indented, without its trailing comment.
std::string Layout::code_line(std::size_t li) {
  const Line& l = lines_[li];
  const std::size_t b = l.code_b;
  // An aligned fact or parameter.
  if (const auto f = fact_line_.find(b); f != fact_line_.end()) {
    const auto& fact = m_.facts[f->second];
    const std::size_t word_end = fact.name + scan_word(t_.data() + fact.name, t_.data() + t_.size());
    std::string out = "  " + std::string(t_.substr(fact.name, word_end - fact.name)) + ":";
    out.append(fact_type_col_[f->second] - width(out), ' ');
    return out + render(fact.type, l.code_e);
  }
  if (const auto e = entry_line_.find(b); e != entry_line_.end()) {
    const auto& entry = m_.entries[e->second];
    const std::size_t word_end = entry.name + scan_word(t_.data() + entry.name, t_.data() + t_.size());
    std::string out = "  " + std::string(t_.substr(entry.name, word_end - entry.name));
    out.append(entry_eq_col_[e->second] - width(out), ' ');
    return out + render(entry.equals, l.code_e);
  }
  std::string indent;
  if (const auto r = m_.roles.find(b); r != m_.roles.end()) {
    indent = r->second == Role::inner ? "  " : r->second == Role::clause ? "    " : "";
    return indent + render(b, l.code_e);
  }
  // A continuation line of an aligned fact: under its first enumeration value, else its type.
  const long item = item_at(b);
  if (item >= 0 && m_.items[static_cast<std::size_t>(item)].kind == ItemKind::facts) {
    const auto after = std::upper_bound(m_.facts.begin(), m_.facts.end(), b,
                                        [](std::size_t a, const format::Fact& f) { return a < f.name; });
    if (after != m_.facts.begin()) {
      const std::size_t f = static_cast<std::size_t>(after - m_.facts.begin()) - 1;
      const auto& fact = m_.facts[f];
      if (const auto col = fact_type_col_.find(f); col != fact_type_col_.end() && fact.type < b) {
        std::size_t c = col->second;
        if (fact.first_enum != npos && fact.first_enum < b && t_.substr(fact.type, fact.first_enum - fact.type).find('\n') == npos)
          c += width(render(fact.type, fact.first_enum));
        return std::string(c, ' ') + render(b, l.code_e);
      }
    }
  }
  // Any other continuation line keeps its indentation (at least 2).
  indent = std::string(t_.substr(l.begin, b - l.begin));
  if (indent.empty()) indent = "  ";
  return indent + render(b, l.code_e);
}

std::string Layout::run() {
  const bool bom = t_.substr(0, kBom.size()) == kBom;
  lines_ = split_lines(t_, bom ? kBom.size() : 0);
  align_facts();
  align_entries();
  for (const auto& [f, col] : fact_type_col_) fact_line_[m_.facts[f].name] = f;
  for (const auto& [e, col] : entry_eq_col_) entry_line_[m_.entries[e].name] = e;

  // Code and indentation of each line; comment-only lines take the indentation of the next code
  // line (2 before a block's `end`).
  const std::size_t n = lines_.size();
  std::vector<std::string> code(n);
  for (std::size_t i = 0; i < n; ++i)
    if (lines_[i].has_code()) code[i] = code_line(i);
  std::string next_indent;
  for (std::size_t i = n; i-- > 0;) {
    const Line& l = lines_[i];
    if (l.has_code()) {
      const auto r = m_.roles.find(l.code_b);
      next_indent = r != m_.roles.end() && r->second == Role::end ? "  "
                                                                  : code[i].substr(0, code[i].find_first_not_of(' '));
    } else if (!l.blank()) {
      code[i] = next_indent;
    }
  }

  // Trailing comments: those in one column of a paragraph stay in one column, at the author's
  // distance from the longest code of the group.
  struct Group {
    std::size_t src = 0, out = 0;
  };
  std::map<std::pair<std::size_t, std::size_t>, Group> groups;
  std::vector<std::pair<std::size_t, std::size_t>> key(n);
  std::size_t paragraph = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const Line& l = lines_[i];
    if (l.blank()) ++paragraph;
    if (!l.has_code() || l.comment_b == npos) continue;
    key[i] = {paragraph, width(t_.substr(l.begin, l.comment_b - l.begin))};
    Group& g = groups[key[i]];
    g.src = std::max(g.src, width(t_.substr(l.begin, l.code_e - l.begin)));
    g.out = std::max(g.out, width(code[i]));
  }

  // Blank lines: at most one; exactly one between an item and a block next to it.
  std::vector<bool> blank_before(n, false);
  std::size_t last_code = npos;
  for (std::size_t i = 0; i < n; ++i) {
    if (lines_[i].blank()) continue;
    if (i > 0 && lines_[i - 1].blank()) blank_before[i] = true;
    if (!lines_[i].has_code()) continue;
    const auto r = m_.roles.find(lines_[i].code_b);
    if (r != m_.roles.end() && r->second == Role::item && last_code != npos) {
      const long k = item_at(lines_[i].code_b);
      const auto kind_b = m_.items[static_cast<std::size_t>(k)].kind;
      const auto kind_a = k > 0 ? m_.items[static_cast<std::size_t>(k - 1)].kind : ItemKind::statement;
      bool any_blank = false;
      for (std::size_t j = last_code + 1; j < i; ++j) any_blank = any_blank || lines_[j].blank();
      if (!any_blank && (kind_a != ItemKind::statement || kind_b != ItemKind::statement)) blank_before[last_code + 1] = true;
    }
    last_code = i;
  }

  std::string out;
  if (bom) out += kBom;
  bool first = true;
  for (std::size_t i = 0; i < n; ++i) {
    const Line& l = lines_[i];
    if (l.blank()) continue;
    if (blank_before[i] && !first) out += '\n';
    first = false;
    std::string line = code[i];
    if (l.comment_b != npos) {
      if (l.has_code()) {
        const Group& g = groups[key[i]];
        const std::size_t col = g.out + (key[i].second - g.src);
        line.append(col > width(line) ? col - width(line) : 0, ' ');
      }
      line += render(l.comment_b, l.comment_e);
    }
    out += line;
    out += '\n';
  }
  return out;
}

}  // namespace

Formatted format_policy(std::string_view text, std::string_view name, std::optional<Lang> lang) {
  Formatted result;
  parse_policy_text(text, name, 0, result.diagnostics, lang);  // messages in `lang`, else the file's
  // A keyword of the other language is no obstacle: the layout puts every keyword into one
  // language (`lang`, else the file's own), which is what the mixed-language help suggests.
  const bool errors = std::any_of(result.diagnostics.begin(), result.diagnostics.end(), [](const Diagnostic& d) {
    return d.severity == Severity::error && d.code != "mixed-language";
  });
  if (errors) return result;
  if (!lang) lang = keyword_language(text);
  std::erase_if(result.diagnostics, [](const Diagnostic& d) { return d.code == "mixed-language"; });
  const std::optional<Marks> marks = format::find_marks(text);
  if (!marks) {
    const Lang said = lang.value_or(Lang::en);
    result.diagnostics.push_back(diagnostic(Voice{said, said}, Msg::format_unreadable, Severity::error, Span{0, 0}));
    return result;
  }
  Layout layout(text, *marks, places_of(*marks, text, lang));
  result.text = layout.run();
  result.ok = true;
  return result;
}

std::optional<std::vector<KeywordPlace>> keyword_places(std::string_view text, std::optional<Lang> lang) {
  std::vector<Diagnostic> diagnostics;
  parse_policy_text(text, "policy", 0, diagnostics);
  for (const auto& d : diagnostics)
    if (d.severity == Severity::error && d.code != "mixed-language") return std::nullopt;
  if (!lang) lang = keyword_language(text);
  const std::optional<Marks> marks = format::find_marks(text);
  if (!marks) return std::nullopt;
  return places_of(*marks, text, lang);
}

std::size_t first_different_line(std::string_view a, std::string_view b) {
  if (a == b) return 0;
  std::size_t line = 1;
  for (std::size_t i = 0; i < a.size() && i < b.size() && a[i] == b[i]; ++i)
    if (a[i] == '\n') ++line;
  return line;
}

}  // namespace kadenz::detail
