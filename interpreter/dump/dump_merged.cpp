// Dump stage: the merged policy (`kadenz dump --stage merged`), i.e. the one tree that `extends`
// and `--set` produced, printed like `--stage ast` with the place each line came from.
#include "interpreter/dump/stages.hpp"

#include "interpreter/extend/load.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

namespace kadenz::detail {
namespace {

// Collects the printed declarations with their places, then lays them out in two columns.
// The tree is taken apart as it is printed: each declaration is moved into a tree of its own
// and printed with the `--stage ast` printer, so every line reads exactly as it does there.
class MergedPrinter {
 public:
  MergedPrinter(const SourceFile& source, AstPrinter print) : source_(source), print_(print) {}

  void run(PolicyAst& a) {
    if (a.extends) {
      const Span at = a.extends->span;
      PolicyAst one;
      one.extends = std::move(a.extends);
      add(at, print_(one));
    }
    if (a.header) {
      const Span at = a.header->name.span;
      PolicyAst one;
      one.header = std::move(a.header);
      add(at, print_(one));
    }
    for (auto& f : a.facts) {
      PolicyAst one;
      const Span at = f.name.span;
      one.facts.push_back(std::move(f));
      add(at, print_(one));
    }
    bindings(a.parameters, &PolicyAst::parameters);
    bindings(a.definitions, &PolicyAst::definitions);
    for (auto& t : a.tables) table(t);
    for (auto& v : a.validations) {
      PolicyAst one;
      const Span at = v.span;
      one.validations.push_back(std::move(v));
      add(at, print_(one));
    }
    bindings(a.outputs, &PolicyAst::outputs);
    bindings(a.workload, &PolicyAst::workload);
  }

  // Two columns: the place, padded to the widest, then the printed line. A line that a text
  // literal's `\n` broke in two goes on without a place.
  std::string text() const {
    std::size_t width = 0;
    for (const auto& l : lines_) width = std::max(width, l.place.size());
    std::string out;
    for (const auto& l : lines_) {
      fmt::format_to(std::back_inserter(out), "{:<{}}  {}{}\n", l.place, width, l.text, l.note);
    }
    return out;
  }

 private:
  struct Line {
    std::string place, text, note;
  };
  const SourceFile& source_;
  AstPrinter print_;
  std::vector<Line> lines_;

  // `file:line` of an offset, or the whole `--set NAME=VALUE` for a value given with --set.
  std::string place(Span span) const {
    const SourcePlace at = locate(source_, span.begin);
    if (at.name == "--set") return std::string(at.text);
    return fmt::format("{}:{}", at.name, line_column(at.text, at.offset).line);
  }

  // One printed declaration (the printer's text ends in a newline) from `span`.
  void add(Span span, std::string printed, std::string note = {}) {
    if (!printed.empty() && printed.back() == '\n') printed.pop_back();
    lines_.push_back(Line{place(span), std::move(printed), std::move(note)});
  }

  // Parameters, `let`s, outputs and workload entries. One that a variant or `--set` put in
  // place of an earlier declaration says where that one was.
  void bindings(std::vector<Binding>& list, std::vector<Binding> PolicyAst::*member) {
    for (auto& b : list) {
      const Span at = b.span;
      std::string note = b.replaced ? fmt::format("  ; replaces {}", place(b.replaced_span)) : std::string();
      PolicyAst one;
      (one.*member).push_back(std::move(b));
      add(at, print_(one), std::move(note));
    }
  }

  // The table's line, then each rule (and edit, which a merged tree normally has none of) on
  // a line of its own: a table holding only that rule, printed without its first line.
  void table(TableDecl& t) {
    std::vector<RuleDecl> rules = std::move(t.rules);
    std::vector<RuleEdit> edits = std::move(t.edits);
    t.rules.clear();
    t.edits.clear();
    auto shell = [&t] {
      PolicyAst one;
      TableDecl& s = one.tables.emplace_back();
      s.name = t.name;
      s.outcome = t.outcome;
      s.hit = t.hit;
      s.is_edit = t.is_edit;
      return one;
    };
    add(t.name.span, print_(shell()));
    auto without_table_line = [](std::string printed) {
      const std::size_t eol = printed.find('\n');
      return eol == std::string::npos ? std::string() : printed.substr(eol + 1);
    };
    for (auto& r : rules) {
      const Span at = r.span;
      PolicyAst one = shell();
      one.tables[0].rules.push_back(std::move(r));
      add(at, without_table_line(print_(one)));
    }
    for (auto& e : edits) {
      const Span at = e.span;
      PolicyAst one = shell();
      one.tables[0].edits.push_back(std::move(e));
      add(at, without_table_line(print_(one)));
    }
  }
};

}  // namespace

std::string dump_merged(const std::string& name, const std::string& text, const CompileOptions& options,
                        AstPrinter print, std::vector<Diagnostic>& diagnostics) {
  SourceFile source{name, text, {}};
  PolicyAst ast = load_policy(source, options, diagnostics);
  if (count_errors(diagnostics) > 0) return std::string();
  MergedPrinter printer(source, print);
  printer.run(ast);
  return printer.text();
}

}  // namespace kadenz::detail
