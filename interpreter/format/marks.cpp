// Format stage, internal: one PEGTL pass over a policy that records, instead of building a tree,
// where the grammar found each item, fact, rule clause and keyword (see marks.hpp).
#include "interpreter/format/marks.hpp"

#include "grammar/builder.hpp"
#include "grammar/grammar.hpp"

namespace kadenz::detail::format {
namespace {

namespace pg = tao::pegtl;
namespace g = grammar;

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// The parse state: the builder's (for the nesting guard of `nested`) plus the marks.
struct MarkState : ParseState {
  Marks marks;
  bool in_fact = false;
  std::map<std::size_t, ItemKind> blocks;  // block kinds by begin, until their item is recorded
  std::size_t binding_name = 0, binding_equals = 0;

  std::size_t at(const char* p) const { return static_cast<std::size_t>(p - base); }
};

template <typename Rule>
struct mark : pg::nothing<Rule> {};

// A rule whose begin gets `R` as its role.
template <Role R>
struct role_at {
  template <typename In>
  static void apply(const In& in, MarkState& st) {
    st.marks.roles[st.at(in.begin())] = R;
  }
};
// A block whose begin is of kind `K`.
template <ItemKind K>
struct block_at {
  template <typename In>
  static void apply(const In& in, MarkState& st) {
    st.blocks[st.at(in.begin())] = K;
  }
};
// A word (the first one of the match) of kind `K`.
template <WordKind K>
struct word_at {
  template <typename In>
  static void apply(const In& in, MarkState& st) {
    const std::size_t n = scan_word(in.begin(), in.end());
    if (n > 0) st.marks.words.push_back(Word{st.at(in.begin()), n, K, Kw::policy});
  }
};

template <Kw K>
struct mark<g::kw_word<K>> {
  template <typename In>
  static void apply(const In& in, MarkState& st) {
    st.marks.words.push_back(Word{st.at(in.begin()), in.size(), WordKind::keyword, K});
  }
};
template <>
struct mark<g::unit_word> {
  template <typename In>
  static void apply(const In& in, MarkState& st) {
    if (in.size() > 0 && *in.begin() != '%') st.marks.words.push_back(Word{st.at(in.begin()), in.size(), WordKind::unit, Kw::policy});
  }
};
template <> struct mark<g::type_name> : word_at<WordKind::type> {};
template <> struct mark<g::hit_name> : word_at<WordKind::hit> {};

template <>
struct mark<g::item> {
  template <typename In>
  static void apply(const In& in, MarkState& st) {
    const std::size_t b = st.at(in.begin());
    const auto block = st.blocks.find(b);
    st.marks.items.push_back(Item{b, block == st.blocks.end() ? ItemKind::statement : block->second});
    st.marks.roles[b] = Role::item;
  }
};
template <> struct mark<g::facts_block> : block_at<ItemKind::facts> {};
template <> struct mark<g::params_block> : block_at<ItemKind::parameters> {};
template <> struct mark<g::table_decl> : block_at<ItemKind::table> {};
template <> struct mark<g::workload_block> : block_at<ItemKind::workload> {};
template <> struct mark<g::test_block> : block_at<ItemKind::test> {};

template <> struct mark<g::header_document> : role_at<Role::inner> {};
template <> struct mark<g::header_issued> : role_at<Role::inner> {};
template <> struct mark<g::header_valid> : role_at<Role::inner> {};
template <> struct mark<g::rule_decl> : role_at<Role::inner> {};
template <> struct mark<g::replace_edit> : role_at<Role::inner> {};
template <> struct mark<g::add_edit> : role_at<Role::inner> {};
template <> struct mark<g::remove_edit> : role_at<Role::inner> {};
template <> struct mark<g::require_else> : role_at<Role::inner> {};
template <> struct mark<g::message> : role_at<Role::inner> {};
template <> struct mark<g::rule_when> : role_at<Role::clause> {};
template <> struct mark<g::rule_otherwise> : role_at<Role::clause> {};
template <> struct mark<g::rule_then> : role_at<Role::clause> {};
template <> struct mark<g::edit_anchor> : role_at<Role::clause> {};
template <> struct mark<g::facts_end> : role_at<Role::end> {};
template <> struct mark<g::params_end> : role_at<Role::end> {};
template <> struct mark<g::table_end> : role_at<Role::end> {};
template <> struct mark<g::workload_end> : role_at<Role::end> {};
// a test: `as of`, `given`, `expect` at 2, their entries at 4, `end` at 0
template <> struct mark<g::test_as_of> : role_at<Role::inner> {};
template <> struct mark<g::given_block> : role_at<Role::inner> {};
template <> struct mark<g::expect_block> : role_at<Role::inner> {};
template <> struct mark<g::given_entry> : role_at<Role::clause> {};
template <> struct mark<g::expectation> : role_at<Role::clause> {};
template <> struct mark<g::test_end> : role_at<Role::end> {};

template <>
struct mark<g::fact_name> {
  template <typename In>
  static void apply(const In& in, MarkState& st) {
    const std::size_t b = st.at(in.begin());
    st.marks.facts.push_back(Fact{b, b + in.size(), std::string_view::npos});
    st.marks.roles[b] = Role::inner;
    st.in_fact = true;
  }
};
template <>
struct mark<g::type_ref> {
  template <typename In>
  static void apply(const In& in, MarkState& st) {
    if (st.in_fact && st.marks.facts.back().type == std::string_view::npos) st.marks.facts.back().type = st.at(in.begin());
  }
};
template <>
struct mark<g::enum_value> {
  template <typename In>
  static void apply(const In& in, MarkState& st) {
    if (!st.in_fact) return;
    const std::size_t b = st.at(in.begin());
    st.marks.enum_values[b] = st.marks.facts.size() - 1;
    if (st.marks.facts.back().first_enum == std::string_view::npos) st.marks.facts.back().first_enum = b;
  }
};
template <>
struct mark<g::fact_decl> {
  template <typename In>
  static void apply(const In&, MarkState& st) {
    st.in_fact = false;
  }
};
template <>
struct mark<g::binding_name> {
  template <typename In>
  static void apply(const In& in, MarkState& st) {
    st.binding_name = st.at(in.begin());
    st.binding_equals = st.binding_name + in.size();
  }
};
// A parameter or workload role: its name starts a line at 2, and its `=` is aligned.
struct entry_at {
  template <typename In>
  static void apply(const In& in, MarkState& st) {
    st.marks.entries.push_back(Entry{st.binding_name, st.binding_equals});
    st.marks.roles[st.at(in.begin())] = Role::inner;
  }
};
template <> struct mark<g::param_decl> : entry_at {};
template <> struct mark<g::workload_decl> : entry_at {};

}  // namespace

std::optional<Marks> find_marks(std::string_view text) {
  MarkState st;
  PolicyAst scratch;
  st.base = text.data();
  st.ast = &scratch;
  std::size_t pos = text.substr(0, kBom.size()) == kBom ? kBom.size() : 0;
  try {
    {
      pg::memory_input<> in(text.data() + pos, text.data() + text.size(), "policy");
      pg::parse<g::leading>(in);
      pos = st.at(in.current());
    }
    while (pos < text.size()) {
      pg::memory_input<> in(text.data() + pos, text.data() + text.size(), "policy");
      if (!pg::parse<g::item_at, mark>(in, st)) return std::nullopt;
      pos = st.at(in.current());
    }
  } catch (const pg::parse_error&) {
    return std::nullopt;
  } catch (const SyntaxError&) {
    return std::nullopt;
  }
  return std::move(st.marks);
}

}  // namespace kadenz::detail::format
