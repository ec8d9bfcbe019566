// Test stage: a caseload whose extra columns say what is expected (`kadenz test --cases`): each
// row's outputs, `rule` column, warnings and error compared with the expected cells, as `kadenz
// eval` would print them. A difference names the column only; the row's other cells stay unseen.
#include "interpreter/verify/verify.hpp"

#include "interpreter/caseload/format_value.hpp"
#include "interpreter/caseload/rows.hpp"
#include "stdlib/catalogue.hpp"

namespace kadenz::detail {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

bool bind_case_columns(const Program& p, const std::string& path, const std::vector<std::string>& header,
                       std::vector<CaseColumn>& columns, std::string& error) {
  columns.clear();
  for (std::size_t i = 0; i < header.size(); ++i) {
    const std::string_view h = trim(header[i]);
    std::string_view rest;
    for (const std::string_view prefix : {std::string_view("expected_"), std::string_view("erwartet_")}) {
      if (h.substr(0, prefix.size()) == prefix) rest = h.substr(prefix.size());
    }
    if (rest.empty()) continue;
    CaseColumn c;
    c.column = i;
    c.header = std::string(h);
    if (rest == "rule" || rest == "regel") {
      c.kind = CaseColumn::rule;
    } else if (rest == "warnings" || rest == "warnungen") {
      c.kind = CaseColumn::warnings;
    } else if (rest == "error" || rest == "fehler") {
      c.kind = CaseColumn::error;
    } else {
      std::size_t o = 0;
      while (o < p.outputs.size() && p.outputs[o].name != rest) ++o;
      if (o == p.outputs.size()) {
        std::string outputs;
        for (const auto& out : p.outputs) {
          if (!outputs.empty()) outputs += ", ";
          outputs += '`';
          outputs += out.name;
          outputs += '`';
        }
        error = say(p.voice, Msg::cases_unknown_column, {path, h, rest, outputs});
        return false;
      }
      c.output_index = o;
    }
    columns.push_back(std::move(c));
  }
  return true;
}

void check_case_row(const Program& p, const std::vector<CaseColumn>& columns, const std::vector<std::string_view>& fields,
                    const Frame& f, bool decided, std::vector<Mismatch>& out) {
  std::string actual, rule, source;
  for (const auto& c : columns) {
    const std::string_view want = c.column < fields.size() ? trim(fields[c.column]) : std::string_view();
    actual.clear();
    switch (c.kind) {
      case CaseColumn::output: {
        const auto& o = p.outputs[c.output_index];
        if (decided && !(o.type.optional && f.slots[o.slot].empty)) append_value(actual, p, o.type, f.slots[o.slot]);
        break;
      }
      case CaseColumn::rule:
        if (decided) {
          append_rule_columns(p, f, rule, source);
          actual = rule;
        }
        break;
      case CaseColumn::warnings:
        for (std::size_t w = 0; decided && w < f.warning_texts.size(); ++w) {
          if (w) actual += "; ";
          actual.append(f.warning_texts[w].p, f.warning_texts[w].n);
        }
        break;
      case CaseColumn::error:
        if (!decided) actual = f.error;
        break;
    }
    if (actual != want) out.push_back({c.header, shown(p, want), shown(p, actual)});
  }
}

}  // namespace kadenz::detail
