// Language server, documents: compiling and analysing one open text, and indexing its names.
#include "interpreter/lsp/document.hpp"

#include "grammar/limits.hpp"
#include "interpreter/pipeline/policy_access.hpp"
#include "stdlib/date.hpp"

#include <algorithm>
#include <filesystem>
#include <unordered_map>

namespace kadenz::detail::lsp {
namespace {

// Builds the occurrences of one tree. Names are bound as the checker bound them; in a tree the
// checker never saw (syntax errors elsewhere) a name is looked up among the declarations by text.
class Indexer {
 public:
  Indexer(const CheckedPolicy& tree, bool checked, std::vector<Occurrence>& out)
      : tree_(tree), checked_(checked), out_(out) {}

  void run() {
    const PolicyAst& a = tree_.ast;
    for (std::uint32_t i = 0; i < a.facts.size(); ++i) {
      declare(a.facts[i].name, {SymbolKind::fact, i, 0, false, a.facts[i].name.span});
      declare_values(a.facts[i].type, i, false);
    }
    for (std::uint32_t i = 0; i < a.parameters.size(); ++i)
      declare(a.parameters[i].name, {SymbolKind::parameter, i, 0, false, a.parameters[i].name.span});
    for (std::uint32_t i = 0; i < a.definitions.size(); ++i)
      declare(a.definitions[i].name, {SymbolKind::definition, i, 0, false, a.definitions[i].name.span});
    for (std::uint32_t i = 0; i < a.tables.size(); ++i) {
      const TableDecl& t = a.tables[i];
      declare(t.name, {SymbolKind::table, i, 0, false, t.name.span});
      declare_values(t.outcome, i, true);
      for (std::uint32_t r = 0; r < t.rules.size(); ++r) {
        const Ident& n = t.rules[r].name;
        out_.push_back({n.span, {SymbolKind::rule, i, r, false, n.span}, true});
      }
    }
    for (std::uint32_t i = 0; i < a.outputs.size(); ++i)
      declare(a.outputs[i].name, {SymbolKind::output, i, 0, false, a.outputs[i].name.span});
    for (std::uint32_t i = 0; i < a.workload.size(); ++i) {
      const Ident& n = a.workload[i].name;
      out_.push_back({n.span, {SymbolKind::workload, i, 0, false, n.span}, true});
    }
    // the uses, after every declaration is known
    for (const auto& f : a.facts) walk(f.default_value.get());
    for (const auto& b : a.parameters) walk(b.value.get());
    for (const auto& b : a.definitions) walk(b.value.get());
    for (const auto& t : a.tables) {
      for (const auto& r : t.rules) {
        walk(r.when.get());
        walk(r.then.get());
      }
    }
    for (const auto& v : a.validations) {
      walk(v.condition.get());
      walk(v.message.get());
    }
    for (const auto& b : a.outputs) walk(b.value.get());
    for (const auto& b : a.workload) walk(b.value.get());
    std::sort(out_.begin(), out_.end(), [](const Occurrence& x, const Occurrence& y) {
      return x.span.begin < y.span.begin;
    });
  }

 private:
  const CheckedPolicy& tree_;
  bool checked_;
  std::vector<Occurrence>& out_;
  std::unordered_map<std::string, Symbol> by_name_;    // facts, parameters, lets, tables, outputs
  std::unordered_map<std::string, Symbol> by_value_;   // enumeration values (the first declared)
  std::unordered_map<std::string, std::vector<Symbol>> values_of_;  // per fact or table name

  void declare(const Ident& name, Symbol s) {
    out_.push_back({name.span, s, true});
    by_name_.emplace(name.text, s);
  }
  void declare_values(const TypeRef& type, std::uint32_t owner, bool of_table) {
    for (std::uint32_t j = 0; j < type.enum_values.size(); ++j) {
      const Ident& v = type.enum_values[j];
      const Symbol s{SymbolKind::enum_value, owner, j, of_table, v.span};
      out_.push_back({v.span, s, true});
      by_value_.emplace(v.text, s);
    }
  }
  // The declared value `name` of the enumeration the checker gave the id `enum_id`.
  std::optional<Symbol> value_of(std::uint16_t enum_id, const std::string& name) const {
    if (enum_id >= tree_.enums.size()) return std::nullopt;
    const std::string& owner = tree_.enums[enum_id].owner;
    const PolicyAst& a = tree_.ast;
    const auto find = [&](const TypeRef& type, std::uint32_t i, bool of_table) -> std::optional<Symbol> {
      for (std::uint32_t j = 0; j < type.enum_values.size(); ++j)
        if (type.enum_values[j].text == name) return Symbol{SymbolKind::enum_value, i, j, of_table, type.enum_values[j].span};
      return std::nullopt;
    };
    for (std::uint32_t i = 0; i < a.facts.size(); ++i)
      if (a.facts[i].name.text == owner)
        if (auto s = find(a.facts[i].type, i, false)) return s;
    for (std::uint32_t i = 0; i < a.tables.size(); ++i)
      if (a.tables[i].name.text == owner)
        if (auto s = find(a.tables[i].outcome, i, true)) return s;
    return std::nullopt;
  }
  std::optional<Symbol> resolve(const Expr& e) const {
    const PolicyAst& a = tree_.ast;
    if (checked_) {
      switch (e.binding) {
        case NameKind::fact:
          if (e.index < a.facts.size()) return Symbol{SymbolKind::fact, e.index, 0, false, a.facts[e.index].name.span};
          break;
        case NameKind::parameter:
          if (e.index < a.parameters.size())
            return Symbol{SymbolKind::parameter, e.index, 0, false, a.parameters[e.index].name.span};
          break;
        case NameKind::definition:
          if (e.index < a.definitions.size())
            return Symbol{SymbolKind::definition, e.index, 0, false, a.definitions[e.index].name.span};
          break;
        case NameKind::output:
          if (e.index < a.outputs.size()) return Symbol{SymbolKind::output, e.index, 0, false, a.outputs[e.index].name.span};
          break;
        case NameKind::table:
          if (e.index < a.tables.size()) return Symbol{SymbolKind::table, e.index, 0, false, a.tables[e.index].name.span};
          break;
        case NameKind::enum_value:
          if (e.type.base == BaseType::enumeration) return value_of(e.type.enum_id, e.name);
          break;
        case NameKind::as_of: return Symbol{SymbolKind::as_of, 0, 0, false, {}};
        default: break;
      }
    }
    if (e.name == "as_of") return Symbol{SymbolKind::as_of, 0, 0, false, {}};
    if (auto it = by_name_.find(e.name); it != by_name_.end()) return it->second;
    if (auto it = by_value_.find(e.name); it != by_value_.end()) return it->second;
    return std::nullopt;
  }
  // Expressions nest at most kMaxExprDepth deep (and/or chains are flat): the recursion is bounded.
  void walk(const Expr* e) {
    if (e == nullptr) return;
    if (e->kind == ExprKind::name) {
      if (auto s = resolve(*e)) out_.push_back({e->span, *s, false});
    } else if (e->kind == ExprKind::call && checked_ && e->binding == NameKind::function) {
      const Span name{e->span.begin, e->span.begin + static_cast<std::uint32_t>(e->name.size())};
      out_.push_back({name, {SymbolKind::function, e->index, 0, false, {}}, false});
    }
    for (const auto& k : e->kids) walk(k.get());
  }
};

std::int32_t analysis_date(const Document& doc, std::int32_t today) {
  const auto& p = program_of(doc.result.compiled);
  return p && p->valid_from ? *p->valid_from : today;
}

}  // namespace

void analyse(Document& doc, const DocumentOptions& options, std::int32_t today) {
  CompileOptions co;
  co.lang = options.lang;
  // An unsaved buffer has no directory its `extends` could be relative to: it reads no file.
  if (doc.path.empty()) co.resolve_extends = no_file_access();
  doc.result = compile_policy_with_tree(doc.path.empty() ? doc.uri : doc.path, doc.text, co);
  doc.diagnostics = doc.result.compiled.diagnostics;
  doc.as_of.clear();
  if (const auto& program = program_of(doc.result.compiled)) {
    const std::int32_t as_of = analysis_date(doc, today);
    doc.as_of = iso_date(as_of);
    Analysis analysis = analyze_program(*program, as_of, options.analysis);
    for (auto& f : analysis.findings) doc.diagnostics.push_back(std::move(f));
  }
  doc.occurrences.clear();
  Indexer(doc.result.tree, doc.result.checked, doc.occurrences).run();
  doc.lines = LineIndex(doc.result.compiled.source->text);
  doc.included_lines.clear();
  doc.stale = false;
}

const Occurrence* occurrence_at(const Document& doc, std::uint32_t offset) {
  const auto& occ = doc.occurrences;
  auto it = std::upper_bound(occ.begin(), occ.end(), offset,
                             [](std::uint32_t o, const Occurrence& x) { return o < x.span.begin; });
  while (it != occ.begin()) {
    --it;
    if (offset <= it->span.end && it->span.end > it->span.begin) return &*it;
    if (it->span.begin + kMaxIdentifierBytes < offset) break;  // no name reaches this far
  }
  return nullptr;
}

Place place_of(Document& doc, Span span) {
  const SourceFile& source = *doc.result.compiled.source;
  const SourcePlace start = locate(source, span.begin);
  if (start.name == source.name) {
    return {doc.uri, doc.lines.position(span.begin), doc.lines.position(std::max(span.begin, span.end))};
  }
  auto it = doc.included_lines.find(start.name);
  if (it == doc.included_lines.end()) it = doc.included_lines.emplace(std::string(start.name), LineIndex(start.text)).first;
  const std::uint32_t base = span.begin - start.offset;
  const std::uint32_t end = std::max(span.begin, span.end) - base;
  std::string uri;
  std::error_code ec;
  const std::filesystem::path p(std::string{start.name});
  uri = uri_of_path(p.is_absolute() ? p.lexically_normal().string() : std::filesystem::absolute(p, ec).lexically_normal().string());
  return {uri, it->second.position(start.offset), it->second.position(end)};
}

std::string uri_of_path(const std::string& path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string uri = "file://";
  for (const char ch : path) {
    const auto c = static_cast<unsigned char>(ch);
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' ||
                       c == '-' || c == '_' || c == '.' || c == '~';
    if (plain) {
      uri += ch;
    } else {
      uri += '%';
      uri += kHex[c >> 4];
      uri += kHex[c & 15];
    }
  }
  return uri;
}

std::string path_of_uri(const std::string& uri) {
  static constexpr std::string_view kScheme = "file://";
  if (uri.compare(0, kScheme.size(), kScheme) != 0) return "";
  std::string path;
  const auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::size_t i = kScheme.size();
  while (i < uri.size() && uri[i] != '/') ++i;  // an authority (`file://host/…`) is skipped
  for (; i < uri.size(); ++i) {
    if (uri[i] == '%' && i + 2 < uri.size() && hex(uri[i + 1]) >= 0 && hex(uri[i + 2]) >= 0) {
      path += static_cast<char>(hex(uri[i + 1]) * 16 + hex(uri[i + 2]));
      i += 2;
    } else {
      path += uri[i];
    }
  }
  return path;
}

}  // namespace kadenz::detail::lsp
