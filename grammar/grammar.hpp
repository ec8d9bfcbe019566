// The PEGTL grammar of the kadenz language: rules only (tree building is in build_*.cpp,
// messages for `must` points in messages.hpp). Every token swallows the blanks after it.
#pragma once

#include "grammar/keywords.hpp"
#include "grammar/limits.hpp"

#include <tao/pegtl.hpp>

namespace kadenz::detail::grammar {

namespace pg = tao::pegtl;

// ---- lexical -----------------------------------------------------------------------------

// comment <- '#' (!eol .)*
struct comment : pg::seq<pg::one<'#'>, pg::until<pg::eolf>> {};
// sp <- (space / comment)*
struct sp : pg::star<pg::sor<pg::space, comment>> {};

// kw<K> <- a word equal to a spelling of K (not a prefix of a longer word); a two-word
// spelling (`kein Wert`) is its words with blanks between them on one line
template <Kw K>
struct kw_word {
  template <typename ParseInput>
  static bool match(ParseInput& in) {
    const std::size_t n = scan_word(in.current(), in.end());
    if (n == 0) return false;
    const std::string_view word(in.current(), n);
    for (const auto& k : kKeywords) {
      if (k.kw != K) continue;
      if (k.text == word) {
        in.bump_in_this_line(n);
        return true;
      }
      if (const std::size_t m = phrase_length(k.text, in.current(), in.end())) {
        in.bump_in_this_line(m);
        return true;
      }
    }
    return false;
  }
};
template <Kw K>
struct kw : pg::seq<kw_word<K>, sp> {};

// word <- identifier-shaped word that is not a reserved keyword
struct word {
  template <typename ParseInput>
  static bool match(ParseInput& in) {
    const std::size_t n = scan_word(in.current(), in.end());
    if (n == 0 || is_reserved(std::string_view(in.current(), n))) return false;
    in.bump_in_this_line(n);
    return true;
  }
};
struct ident : pg::seq<word, sp> {};

// unit <- unit word / '%'
struct unit_word {
  template <typename ParseInput>
  static bool match(ParseInput& in) {
    if (in.current() != in.end() && *in.current() == '%') {
      in.bump_in_this_line(1);
      return true;
    }
    const std::size_t n = scan_word(in.current(), in.end());
    if (n == 0) return false;
    if (find_unit(std::string_view(in.current(), n)) == nullptr) return false;  // any letter case
    in.bump_in_this_line(n);
    return true;
  }
};

template <char C>
struct sym : pg::seq<pg::one<C>, sp> {};
struct colon : sym<':'> {};
struct comma : sym<','> {};
struct lparen : sym<'('> {};
struct rparen : sym<')'> {};
struct lbrace : sym<'{'> {};
struct rbrace : sym<'}'> {};
struct equals : pg::seq<pg::one<'='>, pg::not_at<pg::one<'='>>, sp> {};

struct no_word_follows : pg::not_at<pg::sor<pg::digit, pg::alpha, pg::one<'_'>>> {};

// ---- literals ----------------------------------------------------------------------------

// date <- DDDD '-' DD '-' DD / D{1,2} '.' D{1,2} '.' DDDD
struct iso_date : pg::seq<pg::rep<4, pg::digit>, pg::one<'-'>, pg::rep<2, pg::digit>, pg::one<'-'>,
                          pg::rep<2, pg::digit>, no_word_follows> {};
struct german_date : pg::seq<pg::rep_min_max<1, 2, pg::digit>, pg::one<'.'>, pg::rep_min_max<1, 2, pg::digit>,
                             pg::one<'.'>, pg::rep<4, pg::digit>, no_word_follows> {};
struct date_text : pg::sor<iso_date, german_date> {};
struct date_lit : pg::seq<date_text, sp> {};

// number <- digits (('.' / ',') digits &(sp unit))? sp unit?
// A unit may follow the digits directly (`6months`); a letter that starts no unit is left for
// the next token and reported there. A decimal (`38,5 Stunden`, `38.5 hours`) is read only
// with a unit right after it, so `min(3,5)` stays a call with two arguments; in a `--set`
// value (ParseState::bare_decimals) also a bare decimal that is the whole value (`38,5`).
struct digits : pg::plus<pg::digit> {};
struct unit : pg::seq<unit_word, sp> {};
struct fraction_ends {
  using rule_t = fraction_ends;
  using subs_t = pg::empty_list;
  template <pg::apply_mode A, pg::rewind_mode M, template <typename...> class Action,
            template <typename...> class Control, typename ParseInput, typename State>
  static bool match(ParseInput& in, State& st) {
    if (pg::match<pg::at<sp, unit_word>, A, M, Action, Control>(in, st)) return true;
    if constexpr (requires { st.bare_decimals; }) {
      return st.bare_decimals && pg::match<pg::at<sp, pg::eof>, A, M, Action, Control>(in, st);
    }
    return false;
  }
};
struct fraction : pg::seq<pg::one<'.', ','>, pg::plus<pg::digit>, fraction_ends> {};
struct number_text : pg::seq<digits, pg::opt<fraction>> {};
struct number_lit : pg::seq<number_text, sp, pg::opt<unit>> {};

// string <- '"' (escape / '{{' / '}}' / '{' expr '}' / !'"' .)* '"'
struct expr;
struct str_escape : pg::seq<pg::one<'\\'>, pg::one<'"', '\\', 'n', 't', '{', '}'>> {};
struct str_brace : pg::sor<pg::string<'{', '{'>, pg::string<'}', '}'>> {};
struct interp_open : pg::seq<pg::one<'{'>, sp> {};
struct interp_close : pg::one<'}'> {};
struct interpolation : pg::if_must<interp_open, expr, interp_close> {};
struct str_char : pg::seq<pg::not_one<'"', '\\', '{', '}', '\n'>> {};
struct str_open : pg::one<'"'> {};
struct str_close : pg::one<'"'> {};
struct str_body : pg::star<pg::sor<str_escape, str_brace, interpolation, str_char>> {};
struct string_lit : pg::seq<pg::if_must<str_open, str_body, str_close>, sp> {};

// ---- expressions -------------------------------------------------------------------------
// Precedence, loosest first: if, or, and, not, comparison, + -, * /, unary -, primary.

// nested<R> <- R, counting nesting depth in the parse state: deep input must become a syntax
// error (State::too_deep throws), not a stack overflow.
template <typename R>
struct nested {
  using rule_t = nested;
  using subs_t = pg::type_list<R>;
  template <pg::apply_mode A, pg::rewind_mode M, template <typename...> class Action,
            template <typename...> class Control, typename ParseInput, typename State>
  static bool match(ParseInput& in, State& st) {
    if (st.depth > kMaxNesting) st.too_deep(in.current());  // the expression itself is level 0
    struct Guard {
      int& depth;
      ~Guard() { --depth; }
    } guard{++st.depth};
    return pg::match<R, A, M, Action, Control>(in, st);
  }
};

struct kw_true : kw<Kw::true_> {};
struct kw_false : kw<Kw::false_> {};
struct paren_expr : pg::if_must<lparen, expr, rparen> {};
struct call_open : lparen {};
struct arg_list : pg::opt<pg::list_must<expr, comma>> {};
struct call_args : pg::if_must<call_open, arg_list, rparen> {};
struct name_ref : ident {};
struct name_or_call : pg::seq<name_ref, pg::opt<call_args>> {};
struct primary : pg::sor<paren_expr, date_lit, number_lit, string_lit, kw_true, kw_false, name_or_call> {};

struct unary;
struct neg_op : sym<'-'> {};
struct negation : pg::if_must<neg_op, nested<unary>> {};
struct unary : pg::sor<negation, primary> {};

struct mul_op : pg::seq<pg::one<'*', '/'>, sp> {};
struct mul_tail : pg::if_must<mul_op, unary> {};
struct mul_expr : pg::seq<unary, pg::star<mul_tail>> {};

struct add_op : pg::seq<pg::one<'+', '-'>, sp> {};
struct add_tail : pg::if_must<add_op, mul_expr> {};
struct add_expr : pg::seq<mul_expr, pg::star<add_tail>> {};

// comparison operators, also as the Unicode signs ≤ ≥ ≠
struct cmp_op : pg::seq<pg::sor<pg::string<'<', '='>, pg::string<'>', '='>, pg::string<'!', '='>, pg::string<'<', '>'>,
                                pg::string<'=', '='>, pg::one<'=', '<', '>'>, pg::utf8::one<0x2264, 0x2265, 0x2260>>,
                        sp> {};
struct cmp_tail : pg::if_must<cmp_op, add_expr> {};
struct set_open : lbrace {};
struct set_elements : pg::list_must<expr, comma> {};
struct set_lit : pg::if_must<set_open, set_elements, rbrace> {};
struct in_kw : kw<Kw::in> {};
struct in_tail : pg::if_must<in_kw, set_lit> {};
struct not_in_tail : pg::seq<kw<Kw::not_>, pg::if_must<in_kw, set_lit>> {};
struct is_not : kw<Kw::not_> {};
struct empty_kw : kw<Kw::empty> {};
struct is_empty_tail : pg::seq<kw<Kw::is>, pg::opt<is_not>, pg::must<empty_kw>> {};
struct cmp_expr : pg::seq<add_expr, pg::opt<pg::sor<cmp_tail, in_tail, not_in_tail, is_empty_tail>>> {};

struct not_expr;
struct not_op : kw<Kw::not_> {};
struct logical_not : pg::if_must<not_op, nested<not_expr>> {};
struct not_expr : pg::sor<logical_not, cmp_expr> {};

struct and_tail : pg::if_must<kw<Kw::and_>, not_expr> {};
struct and_expr : pg::seq<not_expr, pg::star<and_tail>> {};
struct or_tail : pg::if_must<kw<Kw::or_>, and_expr> {};
struct or_expr : pg::seq<and_expr, pg::star<or_tail>> {};

// ---- citations ---------------------------------------------------------------------------
// Where a directive section is cited: a rule's header, a `let`/`output` before its `=`, a
// `require`/`warn` after its keyword, an if-expression's `then` branch after its condition.
// citation <- '"' (!('"' / eol) .)* '"'
//           / ('§' / 'Nr.' / 'Art.') blank* number (blank+ part)*
//           / ('Ziffer' / 'Abschnitt' / 'Kapitel' / 'Teil') blank* digit-number (blank+ part)*
// part     <- ('Abs.' / 'Nr.' / 'Satz' / 'S.' / 'Buchst.' / 'lit.' / 'Ziffer' / 'Alt.' / 'Halbsatz'
//             / 'Art.' / 'Abschnitt' / 'Kapitel' / 'Teil') blank* (digit-number / letter)
//           / law-code
// All on one line: a keyword, `=`, a line end or a comment ends it. After `§` any letters,
// digits, `.` and `_` are the number (`§2.2.1`, `§3a`, and as before `§A`); after a starter
// word the number starts with a digit, so `Teil` or `Ziffer` can still be names elsewhere.
// A law code is a word of ASCII letters and digits with at least two capitals (`SGB`, `II`,
// `BGB`, `VwVfG`): a name such as `Alter` after a citation is not taken for one.
template <char... Cs>
struct cite_word : pg::seq<pg::string<Cs...>, pg::not_at<pg::sor<pg::alnum, pg::one<'_'>>>> {};
struct section_sign : pg::string<static_cast<char>(0xC2), static_cast<char>(0xA7)> {};
struct section_text : pg::plus<pg::sor<pg::alnum, pg::one<'.', '_'>>> {};
struct cite_number : pg::seq<pg::digit, pg::star<pg::sor<pg::alnum, pg::one<'.', '_'>>>> {};
struct cite_letter : pg::seq<pg::alpha, pg::not_at<pg::sor<pg::alnum, pg::one<'_'>>>> {};
struct cite_blanks : pg::star<pg::blank> {};
struct cite_marked_start : pg::sor<section_sign, pg::string<'N', 'r', '.'>, pg::string<'A', 'r', 't', '.'>> {};
struct cite_word_start : pg::sor<cite_word<'Z', 'i', 'f', 'f', 'e', 'r'>, cite_word<'A', 'b', 's', 'c', 'h', 'n', 'i', 't', 't'>,
                                 cite_word<'K', 'a', 'p', 'i', 't', 'e', 'l'>, cite_word<'T', 'e', 'i', 'l'>> {};
struct cite_part_word
    : pg::sor<pg::string<'A', 'b', 's', '.'>, pg::string<'N', 'r', '.'>, cite_word<'S', 'a', 't', 'z'>, pg::string<'S', '.'>,
              pg::string<'B', 'u', 'c', 'h', 's', 't', '.'>, pg::string<'l', 'i', 't', '.'>, pg::string<'A', 'l', 't', '.'>,
              cite_word<'H', 'a', 'l', 'b', 's', 'a', 't', 'z'>, pg::string<'A', 'r', 't', '.'>, cite_word_start> {};
// law code: ASCII letters and digits, starting with a capital, at least two capitals
struct law_code {
  template <typename ParseInput>
  static bool match(ParseInput& in) {
    const char* p = in.current();
    const char* e = in.end();
    if (p == e || *p < 'A' || *p > 'Z') return false;
    std::size_t n = 0, capitals = 0;
    for (; p + n < e; ++n) {
      const char c = p[n];
      if (c >= 'A' && c <= 'Z') ++capitals;
      else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) break;
    }
    if (capitals < 2 || continues_word(p + n, e)) return false;
    if (is_reserved(std::string_view(p, n))) return false;
    in.bump_in_this_line(n);
    return true;
  }
};
struct cite_part : pg::sor<pg::seq<cite_part_word, cite_blanks, pg::sor<cite_number, cite_letter>>, law_code> {};
struct cite_parts : pg::star<pg::seq<pg::plus<pg::blank>, cite_part>> {};
struct cite_marked_number : section_text {};
struct cite_marked : pg::if_must<cite_marked_start, cite_blanks, cite_marked_number, cite_parts> {};
struct cite_worded : pg::seq<cite_word_start, cite_blanks, cite_number, cite_parts> {};
struct cite_quoted_body : pg::star<pg::not_one<'"', '\n', '\r'>> {};
struct cite_quote_close : pg::one<'"'> {};
struct cite_quoted : pg::if_must<pg::one<'"'>, cite_quoted_body, cite_quote_close> {};
struct cite_text : pg::sor<cite_quoted, cite_marked, cite_worded> {};
struct citation : pg::seq<cite_text, sp> {};

struct condition;
struct if_then_value;
struct if_else_value;
struct if_then : kw<Kw::then> {};
struct if_else : kw<Kw::else_> {};
// if <- 'if' condition citation? 'then' expr 'else' expr  (a citation cites the `then` branch)
struct if_citation : citation {};
struct if_no_citation : pg::success {};
struct if_cite : pg::sor<if_citation, if_no_citation> {};
struct if_expr : pg::if_must<kw<Kw::if_>, condition, if_cite, if_then, if_then_value, if_else, if_else_value> {};
struct expr_body : pg::sor<if_expr, or_expr> {};
struct expr : nested<expr_body> {};
// The same expression in named places, so that a missing one gets a message that fits.
struct condition : expr {};
struct outcome : expr {};
struct value_expr : expr {};
struct if_then_value : expr {};
struct if_else_value : expr {};

// ---- declarations ------------------------------------------------------------------------

// type <- 'one' 'of' name (',' name)* / name ; then ('or' 'empty')?
// Words that end an enumeration's value list: a fact's attributes, and a table's `hit`.
struct attr_start
    : pg::sor<kw_word<Kw::key>, kw_word<Kw::column>, kw_word<Kw::default_>, kw_word<Kw::hit>, kw_word<Kw::input>> {};
struct enum_value : pg::seq<pg::not_at<attr_start>, ident> {};
// The list ends where a comma is followed by an attribute (`, key`), so no `must` after commas.
struct enum_values : pg::seq<enum_value, pg::star<pg::seq<comma, enum_value>>> {};
struct of_kw : kw<Kw::of> {};
struct enum_type : pg::if_must<kw<Kw::one>, of_kw, enum_values> {};
struct type_name : ident {};
struct or_empty : pg::if_must<kw<Kw::or_>, empty_kw> {};
struct type_ref : pg::seq<pg::sor<enum_type, type_name>, pg::opt<or_empty>> {};

// fact <- name ':' type (','? ('key' / 'default' expr / 'column' string / 'input' 'only'))*
struct attr_key : kw<Kw::key> {};
struct attr_default : pg::if_must<kw<Kw::default_>, value_expr> {};
struct attr_column : pg::if_must<kw<Kw::column>, string_lit> {};
// `input only`: the column is read and checked, but no rule uses it (no "unused" warning)
struct only_kw : kw<Kw::only> {};
struct attr_input_only : pg::if_must<kw<Kw::input>, only_kw> {};
struct fact_attr : pg::sor<attr_key, attr_default, attr_column, attr_input_only> {};
// The comma before an attribute may be left out (`id: text key`), unless the word starts the
// next fact (`key: text` on its own line).
struct fact_attr_bare : pg::seq<pg::not_at<word, sp, colon>, fact_attr> {};
struct fact_attr_item : pg::sor<pg::if_must<comma, fact_attr>, fact_attr_bare> {};
struct fact_name : ident {};
struct fact_attrs : pg::star<fact_attr_item> {};
struct fact_decl : pg::if_must<fact_name, colon, type_ref, fact_attrs> {};
struct facts_end : kw<Kw::end> {};
struct fact_decls : pg::star<fact_decl> {};
struct facts_block : pg::if_must<kw<Kw::facts>, fact_decls, facts_end> {};

// parameters <- 'parameters' (name '=' expr)* 'end'
struct binding_name : ident {};
struct param_decl : pg::if_must<binding_name, equals, value_expr> {};
struct params_end : kw<Kw::end> {};
struct param_decls : pg::star<param_decl> {};
struct params_block : pg::if_must<kw<Kw::parameters>, param_decls, params_end> {};

// let <- 'let' name citation? '=' expr ; output <- 'output' name citation? '=' expr
struct binding_citation : citation {};
struct let_decl : pg::if_must<kw<Kw::let>, binding_name, pg::opt<binding_citation>, equals, value_expr> {};
struct output_decl : pg::if_must<kw<Kw::output>, binding_name, pg::opt<binding_citation>, equals, value_expr> {};

// table <- 'table' name ':' type ',' 'hit' name rule* 'end'
// rule  <- 'rule' name citation ('when' expr / 'otherwise') 'then' ('nothing' / expr)
struct section : citation {};
struct rule_name : ident {};
struct rule_when : pg::if_must<kw<Kw::when>, condition> {};
struct rule_otherwise : kw<Kw::otherwise> {};
struct rule_then : kw<Kw::then> {};
struct rule_body : pg::sor<rule_when, rule_otherwise> {};
struct no_value : kw<Kw::nothing> {};  // `then nothing` / `dann kein Wert`: the rule gives no value
struct rule_outcome : pg::sor<no_value, outcome> {};
struct rule_decl : pg::if_must<kw<Kw::rule>, rule_name, section, rule_body, rule_then, rule_outcome> {};
struct table_name : ident {};
struct hit_name : ident {};
struct hit_kw : kw<Kw::hit> {};
struct table_comma : comma {};
struct table_hit : pg::if_must<table_comma, hit_kw, hit_name> {};
struct table_end : kw<Kw::end> {};

// A variant edits its base's table in a block without `: type, hit …`:
// edit <- 'replace' rule / 'add' 'rule' name section (('before' / 'after') name)? body / 'remove' 'rule' name
struct anchor_name : ident {};
struct anchor_before : kw<Kw::before> {};
struct anchor_after : kw<Kw::after> {};
struct edit_anchor : pg::if_must<pg::sor<anchor_before, anchor_after>, anchor_name> {};
struct anchor_opt : pg::opt<edit_anchor> {};
struct added_rule : pg::if_must<kw<Kw::rule>, rule_name, section, anchor_opt, rule_body, rule_then, rule_outcome> {};
struct add_edit : pg::if_must<kw<Kw::add>, added_rule> {};
struct replace_edit : pg::if_must<kw<Kw::replace>, rule_decl> {};
struct removed_name : ident {};
struct remove_rule_kw : kw<Kw::rule> {};
struct remove_edit : pg::if_must<kw<Kw::remove>, remove_rule_kw, removed_name> {};
struct edit_start : pg::sor<kw_word<Kw::replace>, kw_word<Kw::add>, kw_word<Kw::remove>> {};
struct full_head : pg::if_must<colon, type_ref, table_hit> {};
struct edit_head : pg::at<edit_start> {};
struct table_head : pg::sor<full_head, edit_head> {};
struct rule_decls : pg::star<pg::sor<rule_decl, replace_edit, add_edit, remove_edit>> {};
struct table_decl : pg::if_must<kw<Kw::table>, table_name, table_head, rule_decls, table_end> {};

// require <- 'require' citation? expr 'else' string ; warn <- 'warn' citation? 'when' expr string
struct check_citation : citation {};
struct require_else : kw<Kw::else_> {};
struct message : string_lit {};
struct require_decl : pg::if_must<kw<Kw::require>, pg::opt<check_citation>, condition, require_else, message> {};
struct warn_when : kw<Kw::when> {};
struct warn_decl : pg::if_must<kw<Kw::warn>, pg::opt<check_citation>, warn_when, condition, message> {};

// header <- 'policy' string ('document' string / 'issued' date / 'valid' ('from' / 'until') date)*
struct header_name : string_lit {};
struct header_document : pg::if_must<kw<Kw::document>, string_lit> {};
struct header_issued : pg::if_must<kw<Kw::issued>, date_lit> {};
struct valid_from : pg::if_must<kw<Kw::from>, date_lit> {};
struct valid_until : pg::if_must<kw<Kw::until>, date_lit> {};
struct valid_body : pg::sor<valid_from, valid_until> {};
struct header_valid : pg::if_must<kw<Kw::valid>, valid_body> {};
struct header_item : pg::sor<header_document, header_issued, header_valid> {};
struct header_items : pg::star<header_item> {};
struct header : pg::if_must<kw<Kw::policy>, header_name, header_items> {};

// extends <- 'extends' string  (a variant: the base file, relative to this one)
struct extends_path : string_lit {};
struct extends_decl : pg::if_must<kw<Kw::extends>, extends_path> {};

// workload <- 'workload' (role '=' expr)* 'end'
struct workload_decl : pg::if_must<binding_name, equals, value_expr> {};
struct workload_end : kw<Kw::end> {};
struct workload_decls : pg::star<workload_decl> {};
struct workload_block : pg::if_must<kw<Kw::workload>, workload_decls, workload_end> {};

// ---- tests inside the policy (`kadenz test`; read only by interpreter/verify/) -----------
// test    <- 'test' quoted 'changes'? ('as of' date)? ('given' entry*)? ('expect' expectation*)? 'end'
// entry   <- name '=' cell                         (a caseload cell, on the same line)
// expectation <- name '=' cell / 'rule' name '=' name / 'no warning' quoted / 'warning' quoted
//              / 'error' quoted
// cell    <- quoted / (!('"' / '#' / eol) .)+     (a bare cell ends at a comment, blanks trimmed)
// quoted  <- '"' ('\' ('"' / '\') / !('"' / '\' / eol) .)* '"'   (no `{…}`: texts as printed)
struct test_quoted_body : pg::star<pg::sor<pg::seq<pg::one<'\\'>, pg::one<'"', '\\'>>, pg::not_one<'"', '\\', '\n', '\r'>>> {};
struct test_quoted_close : pg::one<'"'> {};
struct test_quoted : pg::if_must<pg::one<'"'>, test_quoted_body, test_quoted_close> {};
struct test_bare : pg::seq<pg::not_at<pg::one<'"'>>, pg::plus<pg::not_one<'\n', '\r', '#', '"'>>> {};
struct test_cell : pg::seq<pg::sor<test_quoted, test_bare>, sp> {};
struct test_equals : pg::seq<pg::one<'='>, pg::not_at<pg::one<'='>>, pg::star<pg::blank>> {};
struct test_entry_head : pg::seq<ident, test_equals> {};
struct given_entry : pg::if_must<test_entry_head, test_cell> {};
struct given_entries : pg::star<given_entry> {};
struct given_block : pg::if_must<kw<Kw::given>, given_entries> {};
struct test_as_of : pg::if_must<kw<Kw::as_of>, date_lit> {};
struct expect_output : pg::if_must<test_entry_head, test_cell> {};
struct expect_table : ident {};
struct expect_rule_name : ident {};
struct expect_rule : pg::if_must<kw<Kw::rule>, expect_table, equals, expect_rule_name> {};
struct test_message : pg::seq<test_quoted, sp> {};
struct expect_no_warning : pg::if_must<kw<Kw::no_warning>, test_message> {};
struct expect_warning : pg::if_must<kw<Kw::warning>, test_message> {};
struct expect_error : pg::if_must<kw<Kw::error>, test_message> {};
struct expectation : pg::sor<expect_output, expect_rule, expect_no_warning, expect_warning, expect_error> {};
struct expectations : pg::star<expectation> {};
struct expect_kw : kw<Kw::expect> {};
struct expect_block : pg::if_must<expect_kw, expectations> {};
struct test_name : pg::seq<test_quoted, sp> {};
struct test_changes : kw<Kw::changes> {};
struct test_body : pg::seq<pg::opt<test_changes>, pg::opt<test_as_of>, pg::opt<given_block>, pg::opt<expect_block>> {};
struct test_end : kw<Kw::end> {};
struct test_block : pg::if_must<kw<Kw::test>, test_name, test_body, test_end> {};

// item <- extends / header / facts / parameters / let / table / require / warn / output / workload / test
struct item : pg::sor<extends_decl, header, facts_block, params_block, let_decl, table_decl, require_decl, warn_decl,
                      output_decl, workload_block, test_block> {};
// One item at a time: the parser driver resynchronises after an error (see recover.cpp).
struct item_at : pg::seq<item> {};
struct leading : sp {};

}  // namespace kadenz::detail::grammar
