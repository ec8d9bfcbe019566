// Language server, features: diagnostics, hover, definition, references, document symbols,
// formatting and code actions of one analysed document.
#include "interpreter/lsp/features.hpp"

#include "interpreter/compile/program.hpp"
#include "interpreter/format/format.hpp"
#include "interpreter/pipeline/policy_access.hpp"
#include "stdlib/catalogue.hpp"
#include "stdlib/date.hpp"
#include "stdlib/functions.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

namespace kadenz::detail::lsp {
namespace {

// LSP's DiagnosticSeverity, SymbolKind and MarkupKind values used here.
constexpr int kSeverityError = 1, kSeverityWarning = 2, kSeverityInformation = 3;
constexpr int kSymbolMethod = 6, kSymbolProperty = 7, kSymbolField = 8, kSymbolVariable = 13, kSymbolConstant = 14,
              kSymbolStruct = 23, kSymbolEvent = 24;  // Event: a test inside the policy
// A hover shows at most this much of a declaration's text (a generated `let` can be long).
constexpr std::size_t kMaxShownDeclarationBytes = 2000;

bool in_main_text(const Document& doc, Span s) { return s.begin <= doc.result.compiled.source->text.size(); }

// The text of a span as written (in whichever file it lies), cut at kMaxShownDeclarationBytes.
std::string text_of(const Document& doc, Span span) {
  const SourcePlace at = locate(*doc.result.compiled.source, span.begin);
  const std::size_t n = std::min<std::size_t>(span.end > span.begin ? span.end - span.begin : 0, kMaxShownDeclarationBytes);
  if (at.offset > at.text.size()) return "";
  std::string s(at.text.substr(at.offset, n));
  if (n < span.end - span.begin) s += " …";
  return s;
}

std::string code_block(std::string_view code) { return fmt::format("```kadenz\n{}\n```", code); }

// A parameter's folded value as a policy would write it (`6 Monate`, `15 minutes`, `"text"`).
std::string value_text(const CheckedPolicy& tree, const Type& t, const Value& v, Lang kw) {
  if (v.empty) return std::string(keyword_spelling(Kw::empty, kw));
  const auto with = [&](Unit u) {
    const std::string_view word = unit_spelling(u, kw, v.i != 1);
    return fmt::format("{} {}", v.i, word);
  };
  switch (t.base) {
    case BaseType::boolean: return std::string(keyword_spelling(v.i ? Kw::true_ : Kw::false_, kw));
    case BaseType::date: return iso_date(static_cast<DayNumber>(v.i));
    case BaseType::text: return fmt::format("\"{}\"", std::string_view(v.p ? v.p : "", v.n));
    case BaseType::enumeration:
      if (t.enum_id < tree.enums.size() && v.i >= 0 && static_cast<std::size_t>(v.i) < tree.enums[t.enum_id].values.size())
        return tree.enums[t.enum_id].values[static_cast<std::size_t>(v.i)];
      return "?";
    case BaseType::minutes: return with(Unit::minutes);
    case BaseType::days: return with(Unit::days);
    case BaseType::months: return with(Unit::months);
    case BaseType::percent: return fmt::format("{} %", v.i);
    default: return fmt::format("{}", v.i);
  }
}

std::string type_text(const Document& doc, const Type& t) {
  return type_name(t, doc.result.tree.enums, doc.result.tree.ast.lang);
}

// What a hover says about `s`, in markdown.
std::string describe(Document& doc, const Symbol& s) {
  const CheckedPolicy& tree = doc.result.tree;
  const PolicyAst& a = tree.ast;
  const bool checked = doc.result.checked;
  const Voice v = voice_of(doc);
  std::string out;
  switch (s.kind) {
    case SymbolKind::fact: {
      const FactDecl& f = a.facts[s.index];
      const std::string type = checked && s.index < tree.facts.size() ? type_text(doc, tree.facts[s.index].type)
                                                                       : text_of(doc, f.type.span);
      out = say(v, Msg::lsp_fact, {f.name.text, type});
      if (checked && s.index < tree.facts.size()) out.append("  \n").append(say(v, Msg::lsp_fact_column, {tree.facts[s.index].column}));
      if (f.key) out.append("  \n").append(say(v, Msg::lsp_fact_key));
      if (f.default_value) out.append("  \n").append(say(v, Msg::lsp_fact_default, {text_of(doc, f.default_value->span)}));
      break;
    }
    case SymbolKind::parameter: {
      const Binding& b = a.parameters[s.index];
      std::string value = b.value ? text_of(doc, b.value->span) : std::string();
      std::string type;
      if (checked && s.index < tree.parameter_types.size()) {
        const Type& t = tree.parameter_types[s.index];
        type = type_text(doc, t);
        if (const auto& p = program_of(doc.result.compiled)) {
          for (std::size_t k = 0; k < p->parameter_names.size(); ++k) {
            if (p->parameter_names[k] != b.name.text || k >= p->parameter_slots.size()) continue;
            const std::uint32_t slot = p->parameter_slots[k];
            if (slot < p->constant_slots.size()) value = value_text(tree, t, p->constant_slots[slot], a.lang);
          }
        }
      }
      out = say(v, Msg::lsp_parameter, {b.name.text, value, type});
      break;
    }
    case SymbolKind::definition: {
      const Binding& b = a.definitions[s.index];
      const std::string type =
          checked && s.index < tree.definition_types.size() ? type_text(doc, tree.definition_types[s.index]) : "";
      out = fmt::format("{}\n\n{}", say(v, Msg::lsp_definition, {b.name.text, type}), code_block(text_of(doc, b.span)));
      break;
    }
    case SymbolKind::table: {
      const TableDecl& t = a.tables[s.index];
      const std::string type =
          checked && s.index < tree.table_types.size() ? type_text(doc, tree.table_types[s.index]) : text_of(doc, t.outcome.span);
      out = say(v, Msg::lsp_table, {t.name.text, type, t.hit.text});
      break;
    }
    case SymbolKind::rule: {
      const TableDecl& t = a.tables[s.index];
      const RuleDecl& r = t.rules[s.sub];
      out = fmt::format("{}\n\n{}", say(v, Msg::lsp_rule, {r.name.text, t.name.text, r.section.text}), code_block(text_of(doc, r.span)));
      break;
    }
    case SymbolKind::output: {
      const Binding& b = a.outputs[s.index];
      const std::string type = checked && s.index < tree.output_types.size() ? type_text(doc, tree.output_types[s.index]) : "";
      out = fmt::format("{}\n\n{}", say(v, Msg::lsp_output, {b.name.text, type}), code_block(text_of(doc, b.span)));
      break;
    }
    case SymbolKind::workload: out = code_block(text_of(doc, a.workload[s.index].span)); break;
    case SymbolKind::enum_value: {
      const TypeRef& type = s.of_table ? a.tables[s.index].outcome : a.facts[s.index].type;
      const std::string& owner = s.of_table ? a.tables[s.index].name.text : a.facts[s.index].name.text;
      std::string all;
      for (const auto& value : type.enum_values) all += (all.empty() ? "" : ", ") + value.text;
      out = say(v, Msg::lsp_enum_value, {type.enum_values[s.sub].text, owner, all});
      break;
    }
    case SymbolKind::as_of: out = say(v, Msg::lsp_as_of); break;
    case SymbolKind::function:
      if (s.index < std::size(kBuiltins)) {
        const BuiltinInfo& b = kBuiltins[s.index];
        out = say(v, Msg::lsp_function, {b.name, b.signature});
      }
      break;
  }
  if (s.declaration.end > 0 && !in_main_text(doc, s.declaration)) {
    out.append("  \n").append(say(v, Msg::lsp_declared_in, {locate(*doc.result.compiled.source, s.declaration.begin).name}));
  }
  return out;
}

Json location_json(const Place& p) { return {{"uri", p.uri}, {"range", range_json(p)}}; }

Json symbol_json(Document& doc, const std::string& name, int kind, Span whole, Span selection, const std::string& detail) {
  whole.begin = std::min(whole.begin, selection.begin);
  whole.end = std::max(whole.end, selection.end);
  Json s = {{"name", name.empty() ? std::string("?") : name}, {"kind", kind},
            {"range", range_json(place_of(doc, whole))}, {"selectionRange", range_json(place_of(doc, selection))}};
  if (!detail.empty()) s["detail"] = detail;
  return s;
}

}  // namespace

Voice voice_of(const Document& doc) { return Voice{doc.result.compiled.lang, doc.result.tree.ast.lang}; }

Json range_json(const Place& p) {
  return {{"start", {{"line", p.start.line}, {"character", p.start.character}}},
          {"end", {{"line", p.end.line}, {"character", p.end.character}}}};
}

static std::uint32_t count_of(const Json& position, const char* field) {
  const Json& v = position.at(field);
  // A float (even 1e300) or a negative number is refused before any conversion: get<uint32_t>()
  // of such a value is undefined behaviour. A count past 32 bits is clamped (a line or character
  // past the end is the end anyway).
  if (!v.is_number_unsigned()) throw BadParams(field);
  return static_cast<std::uint32_t>(std::min<std::uint64_t>(v.get<std::uint64_t>(), std::numeric_limits<std::uint32_t>::max()));
}

Position position_of(const Json& position) { return Position{count_of(position, "line"), count_of(position, "character")}; }

std::uint32_t offset_of(const Document& doc, const Json& position) { return doc.lines.offset(position_of(position)); }

Json diagnostics_params(Document& doc) {
  const Voice v = voice_of(doc);
  Json list = Json::array();
  const auto& a = doc.result.tree.ast;
  for (const Diagnostic& d : doc.diagnostics) {
    Place at = place_of(doc, d.span);
    std::string message = d.message;
    if (at.uri != doc.uri) {
      // in a base file: shown at `extends`, the message says where
      const SourcePlace base = locate(*doc.result.compiled.source, d.span.begin);
      const LineColumn lc = line_column(base.text, base.offset);
      message = fmt::format("{}:{}:{}: {}", base.name, lc.line, lc.column, message);
      at = place_of(doc, a.extends ? a.extends->span : Span{0, 0});
    }
    if (!d.label.empty()) message += fmt::format(" ({})", d.label);
    if (!d.section.empty()) message.append("\n").append(say(v, Msg::render_section, {d.section}));
    if (!d.witness.empty()) {
      std::string pairs;
      for (const auto& f : d.witness) pairs += fmt::format("{}{}={}", pairs.empty() ? "" : ", ", f.column, f.value);
      message.append("\n").append(say(v, Msg::render_example, {d.witness_as_of, pairs}));
    }
    if (!d.help.empty()) message.append("\n").append(say(v, Msg::render_help, {d.help}));
    Json item = {{"range", range_json(at)},
                 {"severity", d.severity == Severity::error     ? kSeverityError
                              : d.severity == Severity::warning ? kSeverityWarning
                                                                : kSeverityInformation},
                 {"code", d.code},
                 {"source", "kadenz"},
                 {"message", message}};
    Json related = Json::array();
    for (const Label& l : d.secondary) related.push_back({{"location", location_json(place_of(doc, l.span))}, {"message", l.text}});
    if (!related.empty()) item["relatedInformation"] = related;
    if (!d.fixes.empty()) {
      Json fixes = Json::array();
      for (const Fix& f : d.fixes) {
        const Place p = place_of(doc, f.span);
        fixes.push_back({{"title", f.title}, {"uri", p.uri}, {"range", range_json(p)}, {"newText", f.text}});
      }
      item["data"] = {{"fixes", fixes}};
    }
    list.push_back(std::move(item));
  }
  Json params = {{"uri", doc.uri}, {"diagnostics", list}};
  params["version"] = doc.version;
  return params;
}

Json hover(Document& doc, const Json& params) {
  const Occurrence* o = occurrence_at(doc, offset_of(doc, params.at("position")));
  if (o == nullptr) return nullptr;
  const std::string text = describe(doc, o->symbol);
  if (text.empty()) return nullptr;
  return {{"contents", {{"kind", "markdown"}, {"value", text}}}, {"range", range_json(place_of(doc, o->span))}};
}

Json definition(Document& doc, const Json& params) {
  const std::uint32_t at = offset_of(doc, params.at("position"));
  const auto& a = doc.result.tree.ast;
  // `extends "base.kadenz"`: the base file
  if (a.extends && at >= a.extends->span.begin && at <= a.extends->span.end) {
    for (const auto& inc : doc.result.compiled.source->included) {
      if (inc.base == 0) continue;
      const Place p = place_of(doc, Span{inc.base, inc.base});
      return location_json(Place{p.uri, {0, 0}, {0, 0}});
    }
    return nullptr;
  }
  const Occurrence* o = occurrence_at(doc, at);
  if (o == nullptr || o->symbol.declaration.end == 0) return nullptr;
  return location_json(place_of(doc, o->symbol.declaration));
}

Json references(Document& doc, const Json& params) {
  const Occurrence* o = occurrence_at(doc, offset_of(doc, params.at("position")));
  Json list = Json::array();
  if (o == nullptr || o->symbol.declaration.end == 0) return list;
  const Symbol target = o->symbol;
  bool with_declaration = true;
  if (params.contains("context")) with_declaration = params["context"].value("includeDeclaration", true);
  for (const Occurrence& x : doc.occurrences) {
    if (x.symbol.kind != target.kind || x.symbol.declaration.begin != target.declaration.begin) continue;
    if (x.is_declaration && !with_declaration) continue;
    list.push_back(location_json(place_of(doc, x.span)));
  }
  return list;
}

Json document_symbols(Document& doc) {
  const auto& a = doc.result.tree.ast;
  Json list = Json::array();
  for (const auto& f : a.facts) {
    if (!in_main_text(doc, f.name.span)) continue;
    list.push_back(symbol_json(doc, f.name.text, kSymbolField, Span{f.name.span.begin, f.type.span.end}, f.name.span,
                               text_of(doc, f.type.span)));
  }
  for (const auto& b : a.parameters)
    if (in_main_text(doc, b.name.span)) list.push_back(symbol_json(doc, b.name.text, kSymbolConstant, b.span, b.name.span, ""));
  for (const auto& b : a.definitions)
    if (in_main_text(doc, b.name.span)) list.push_back(symbol_json(doc, b.name.text, kSymbolVariable, b.span, b.name.span, ""));
  for (const auto& t : a.tables) {
    if (!in_main_text(doc, t.name.span)) continue;
    Json table = symbol_json(doc, t.name.text, kSymbolStruct, t.span, t.name.span, text_of(doc, t.outcome.span));
    Json rules = Json::array();
    for (const auto& r : t.rules)
      if (in_main_text(doc, r.name.span)) rules.push_back(symbol_json(doc, r.name.text, kSymbolMethod, r.span, r.name.span, r.section.text));
    table["children"] = rules;
    list.push_back(std::move(table));
  }
  for (const auto& b : a.outputs)
    if (in_main_text(doc, b.name.span)) list.push_back(symbol_json(doc, b.name.text, kSymbolProperty, b.span, b.name.span, ""));
  // tests inside the policy (`kadenz test`): by their name, the `as of` as detail
  for (const auto& t : a.tests)
    if (in_main_text(doc, t.name.span))
      list.push_back(symbol_json(doc, t.name.text, kSymbolEvent, t.span, t.name.span, t.as_of ? text_of(doc, t.as_of->span) : ""));
  return list;
}

Json formatting(Document& doc) {
  const Formatted f = format_policy(doc.text, doc.path.empty() ? doc.uri : doc.path, std::nullopt);
  Json edits = Json::array();
  if (!f.ok || f.text == doc.text) return edits;  // a text with syntax errors is not formatted
  const Place all{doc.uri, {0, 0}, doc.lines.position(static_cast<std::uint32_t>(doc.text.size()))};
  edits.push_back({{"range", range_json(all)}, {"newText", f.text}});
  return edits;
}

Json code_actions(Document& doc, const Json& params) {
  const Json& range = params.at("range");
  const std::uint32_t from = offset_of(doc, range.at("start"));
  const std::uint32_t to = offset_of(doc, range.at("end"));
  const Json published = diagnostics_params(doc)["diagnostics"];
  Json actions = Json::array();
  for (std::size_t i = 0; i < doc.diagnostics.size(); ++i) {
    const Diagnostic& d = doc.diagnostics[i];
    if (d.fixes.empty() || d.span.begin > to || std::max(d.span.end, d.span.begin) < from) continue;
    for (std::size_t k = 0; k < d.fixes.size(); ++k) {
      const Fix& f = d.fixes[k];
      const Place p = place_of(doc, f.span);
      Json edit = {{"range", range_json(p)}, {"newText", f.text}};
      actions.push_back({{"title", f.title},
                         {"kind", "quickfix"},
                         {"diagnostics", Json::array({published[i]})},
                         {"isPreferred", k == 0},
                         {"edit", {{"changes", {{p.uri, Json::array({edit})}}}}}});
    }
  }
  return actions;
}

}  // namespace kadenz::detail::lsp
