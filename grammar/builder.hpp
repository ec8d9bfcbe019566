// Parse stage, grammar-internal: the state the tree-building actions share while one file is
// parsed, and the SyntaxError they throw.
#pragma once

#include "grammar/ast.hpp"
#include "grammar/keywords.hpp"
#include "grammar/limits.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kadenz::detail {

// A syntax error found by an action or a must point: where, and what to say. Offsets are those
// of the SourceFile (already shifted); the driver catches it and turns it into a diagnostic.
struct SyntaxError {
  std::uint32_t offset;
  std::uint32_t end;
  std::string message;
  std::string help;
  bool say_found = false;  // append ", found …" (for must points, not for bad values)
};

// Parse state shared by all actions. Expressions are built on an operand stack; lists
// (call arguments, sets, text pieces) remember the stack height where they started. Actions
// run only for rules that succeeded and, thanks to the grammar's `must` points, are never
// undone by backtracking.
struct ParseState {
  const char* base = nullptr;  // start of the file: spans are offsets from here
  std::uint32_t shift = 0;     // where this file starts in the offsets of its SourceFile
  PolicyAst* ast = nullptr;
  int depth = 0;

  std::vector<ExprPtr> stack;
  std::vector<std::size_t> marks;
  std::vector<Op> ops;
  bool is_not = false;

  struct TextFrame {
    std::size_t mark;
    std::uint32_t begin;
    std::vector<std::string> pieces;
  };
  std::vector<TextFrame> texts;

  TypeRef type;        // the last type parsed
  FactDecl fact;       // the fact being parsed
  Ident binding_name;  // name of the parameter / let / output being parsed
  RuleDecl rule;
  bool rule_has_when = false;
  TableDecl table;
  Header header;
  std::optional<Ident> anchor;  // `add rule … before|after <anchor>`
  bool anchor_after = false;

  // The SourceFile offset of `p`, a pointer into this file's text.
  std::uint32_t offset(const char* p) const { return static_cast<std::uint32_t>(p - base) + shift; }

  // Called by the grammar's nested<> rule when brackets, `not`, `-` or `if` nest deeper than
  // kMaxNesting at `p`: a syntax error instead of a stack overflow in the recursive descent.
  [[noreturn]] void too_deep(const char* p) const {
    throw SyntaxError{offset(p), offset(p) + 1, fmt::format("nesting deeper than {} levels", kMaxNesting),
                      "split the expression into `let` definitions"};
  }

  // Discards half-built state after a syntax error so the next declaration starts clean.
  void reset() {
    stack.clear();
    marks.clear();
    ops.clear();
    texts.clear();
    depth = 0;
    is_not = false;
    type = {};
    fact = {};
    rule = {};
    rule_has_when = false;
    table = {};
    header = {};
    anchor.reset();
    anchor_after = false;
  }

  // Takes the top operand; the grammar guarantees one is there when an action asks.
  ExprPtr pop() {
    ExprPtr e = std::move(stack.back());
    stack.pop_back();
    return e;
  }

  // The identifier at p (without the blanks the token rule swallowed).
  Ident word_at(const char* p) const {
    const std::size_t n = scan_word(p, p + 4096);
    const std::uint32_t b = offset(p);
    if (n > kMaxIdentifierBytes) {
      throw SyntaxError{b, static_cast<std::uint32_t>(b + n),
                        fmt::format("name is longer than {} bytes", kMaxIdentifierBytes),
                        "use a shorter name; a missing space or quote can also cause this"};
    }
    return Ident{std::string(p, n), Span{b, static_cast<std::uint32_t>(b + n)}};
  }

  // Builds a node over `kids`, checking the tree depth limit.
  ExprPtr make(ExprKind kind, Span span, std::vector<ExprPtr> kids) const {
    auto e = std::make_unique<Expr>();
    e->kind = kind;
    e->span = span;
    int d = 0;
    for (const auto& k : kids) d = std::max(d, k->depth);
    e->depth = d + 1;
    e->kids = std::move(kids);
    if (e->depth > kMaxExprDepth) {
      throw SyntaxError{span.begin, span.end, fmt::format("expression is nested deeper than {} levels", kMaxExprDepth),
                        "split the expression into `let` definitions"};
    }
    return e;
  }

  // A node without operands (a literal or a name).
  ExprPtr leaf(ExprKind kind, Span span) const { return make(kind, span, {}); }
};

}  // namespace kadenz::detail
