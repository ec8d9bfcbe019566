// Language server, completion: what may be written at the cursor — the values of an enumeration
// after `=` or inside `in {`, a unit after a number, a type after `:`, else the keywords of the
// file's keyword language, the policy's names and the built-in functions. Read from the text of
// the line (which, being typed, rarely parses) and the declarations of the last analysis.
#include "interpreter/lsp/features.hpp"

#include "stdlib/catalogue.hpp"
#include "stdlib/functions.hpp"

#include <set>

namespace kadenz::detail::lsp {
namespace {

// LSP's CompletionItemKind values used here.
constexpr int kItemFunction = 3, kItemField = 5, kItemVariable = 6, kItemClass = 7, kItemUnit = 11,
              kItemKeyword = 14, kItemEnumMember = 20, kItemConstant = 21, kItemTypeParameter = 25;

bool word_byte(char ch) {
  const auto c = static_cast<unsigned char>(ch);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c >= 0x80;
}

std::string_view trim_end(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The word that ends `s` (after trimming blanks); `s` becomes what is before it.
std::string_view last_word(std::string_view& s) {
  s = trim_end(s);
  std::size_t i = s.size();
  while (i > 0 && word_byte(s[i - 1])) --i;
  const std::string_view w = s.substr(i);
  s = s.substr(0, i);
  return w;
}

bool is_keyword(std::string_view word, Kw kw) {
  for (const auto& k : kKeywords)
    if (k.kw == kw && k.text == word) return true;
  return false;
}

class Items {
 public:
  void add(std::string_view label, int kind, std::string detail = {}) {
    if (label.empty() || !seen_.insert(std::string(label)).second) return;
    Json item = {{"label", label}, {"kind", kind}};
    if (!detail.empty()) item["detail"] = std::move(detail);
    list_.push_back(std::move(item));
  }
  std::size_t size() const { return seen_.size(); }
  Json take() { return {{"isIncomplete", false}, {"items", std::move(list_)}}; }

 private:
  Json list_ = Json::array();
  std::set<std::string, std::less<>> seen_;
};

// The enumeration values `name` (a fact or table) declares; every declared value when it has none.
void add_values(const PolicyAst& a, std::string_view name, Items& items) {
  const auto add_type = [&](const TypeRef& type, const std::string& owner) {
    for (const auto& v : type.enum_values) items.add(v.text, kItemEnumMember, owner);
  };
  for (const auto& f : a.facts)
    if (f.name.text == name) add_type(f.type, f.name.text);
  for (const auto& t : a.tables)
    if (t.name.text == name) add_type(t.outcome, t.name.text);
  if (items.size() > 0) return;
  for (const auto& f : a.facts) add_type(f.type, f.name.text);
  for (const auto& t : a.tables) add_type(t.outcome, t.name.text);
}

}  // namespace

Json completion(Document& doc, const Json& params) {
  const std::uint32_t at = offset_of(doc, params.at("position"));
  const std::string& text = doc.result.compiled.source->text;
  std::uint32_t start = at;
  while (start > 0 && text[start - 1] != '\n' && text[start - 1] != '\r') --start;
  std::string_view before(text.data() + start, at - start);
  // the word being typed (the client filters the items by it) is not context
  while (!before.empty() && word_byte(before.back())) before.remove_suffix(1);
  const PolicyAst& a = doc.result.tree.ast;
  const Lang kw = keyword_language(text).value_or(a.lang);
  const Voice v = voice_of(doc);
  Items items;

  // `status = |` or `status != |`: the values of status
  std::string_view rest = trim_end(before);
  if (!rest.empty() && rest.back() == '=' && (rest.size() < 2 || (rest[rest.size() - 2] != '<' && rest[rest.size() - 2] != '>'))) {
    rest.remove_suffix(1);
    if (!rest.empty() && rest.back() == '!') rest.remove_suffix(1);
    add_values(a, last_word(rest), items);
    return items.take();
  }
  // `status in {a, |` or `status not in {|`: the values of status
  if (const std::size_t open = before.rfind('{'); open != std::string_view::npos && before.find('}', open) == std::string_view::npos) {
    std::string_view head = before.substr(0, open);
    if (is_keyword(last_word(head), Kw::in)) {
      std::string_view name = last_word(head);
      if (is_keyword(name, Kw::not_)) name = last_word(head);
      add_values(a, name, items);
      return items.take();
    }
  }
  // `6 |`: a unit
  if (!rest.empty() && rest.back() >= '0' && rest.back() <= '9') {
    for (const auto& u : kUnits)
      if (u.lang == kw) items.add(u.text, kItemUnit, say(v, Msg::lsp_unit));
    return items.take();
  }
  // `name: |`: a type
  if (!rest.empty() && rest.back() == ':') {
    for (const auto& t : kTypeNames)
      if (t.lang == kw) items.add(t.text, kItemTypeParameter);
    items.add(keyword_spelling(Kw::one, kw), kItemKeyword, say(v, Msg::lsp_keyword));
    return items.take();
  }
  for (std::uint32_t i = 0; i < a.facts.size(); ++i) {
    const bool typed = doc.result.checked && i < doc.result.tree.facts.size();
    items.add(a.facts[i].name.text, kItemField, typed ? type_name(doc.result.tree.facts[i].type, doc.result.tree.enums, kw) : "");
  }
  for (const auto& b : a.parameters) items.add(b.name.text, kItemConstant);
  for (const auto& b : a.definitions) items.add(b.name.text, kItemVariable);
  for (const auto& t : a.tables) items.add(t.name.text, kItemClass);
  for (const auto& b : a.outputs) items.add(b.name.text, kItemField);
  items.add("as_of", kItemVariable, say(v, Msg::lsp_as_of));
  for (const auto& f : kBuiltins) items.add(f.name, kItemFunction, std::string(f.signature));
  // the keywords, each in its canonical spelling of the file's language
  for (const auto& k : kKeywords)
    if (k.lang == kw && keyword_spelling(k.kw, kw) == k.text) items.add(k.text, kItemKeyword, say(v, Msg::lsp_keyword));
  return items.take();
}

}  // namespace kadenz::detail::lsp
