// `kadenz explain`: the trace of one customer, given as --facts "NAME=VALUE;…" or as the row of a
// caseload with --id ID, printed as text or JSON (report/explain.hpp). The customer's cells are
// read exactly as a caseload's (read_row); another row of the caseload is never shown.
#include "cli/explain.hpp"

#include "cli/caseload_io.hpp"
#include "cli/compile_options.hpp"
#include "cli/output_file.hpp"
#include "cli/print.hpp"
#include "cli/versions.hpp"
#include "interpreter/caseload/cells.hpp"
#include "interpreter/report/explain.hpp"
#include "stdlib/catalogue.hpp"

#include <kadenz/kadenz.hpp>

namespace kadenz::cli {
namespace {

constexpr int kOk = 0, kNotDecided = 1, kFailure = 2;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The policy's columns, for a message: `a`, `b`, ….
std::string columns_of(const detail::Program& p) {
  std::string out;
  for (const auto& f : p.facts) {
    if (!out.empty()) out += ", ";
    out += f.column;
  }
  return out;
}

}  // namespace

bool parse_facts(const detail::Program& p, std::string_view facts, std::vector<std::string>& cells, std::string& error) {
  cells.assign(p.facts.size(), std::string());
  std::vector<bool> given(p.facts.size(), false);
  while (!facts.empty()) {
    const std::size_t end = facts.find(';');
    const std::string_view piece = trim(facts.substr(0, end));
    facts = end == std::string_view::npos ? std::string_view() : facts.substr(end + 1);
    if (piece.empty()) continue;  // `a=1;` or `a=1;;b=2`
    const std::size_t eq = piece.find('=');
    if (eq == std::string_view::npos || trim(piece.substr(0, eq)).empty()) {
      error = detail::say(p.voice, detail::Msg::explain_facts_syntax, {piece});
      return false;
    }
    const std::string_view name = trim(piece.substr(0, eq));
    std::size_t i = 0;
    while (i < p.facts.size() && p.facts[i].column != name && p.facts[i].name != name) ++i;
    if (i == p.facts.size()) {
      error = detail::say(p.voice, detail::Msg::explain_facts_unknown, {name, columns_of(p)});
      return false;
    }
    if (given[i]) {
      error = detail::say(p.voice, detail::Msg::explain_facts_twice, {name});
      return false;
    }
    given[i] = true;
    cells[i] = std::string(piece.substr(eq + 1));
  }
  return true;
}

CLI::App* add_explain_command(CLI::App& app, ExplainArgs& a) {
  auto* cmd = app.add_subcommand("explain", "Explain the decision for one customer: every rule, check and output");
  cmd->add_option("policy", a.policy, "Policy file (.kadenz), or a directory of versions (DIR[@DATE])")->required();
  cmd->add_option("caseload", a.caseload, "Caseload CSV holding the customer (with --id)");
  cmd->add_option("--facts", a.facts, "The customer's facts: \"status=arbeitslos;birth_date=1980-05-14\" (columns as in a caseload)");
  cmd->add_option("--id", a.id, "The customer's id in CASELOAD (its key column)");
  cmd->add_option("--as-of", a.as_of, "Evaluation date YYYY-MM-DD (default: today)");
  cmd->add_option("--format", a.format, "text or json")->check(CLI::IsMember({"text", "json"}));
  cmd->add_flag("--force", a.force, "Evaluate even if as_of is outside the policy's validity");
  add_encoding_option(cmd, a.encoding, "the caseload");
  add_lang_option(cmd, a.lang);
  add_set_option(cmd, a.set, "Override a parameter, e.g. --set prep_minutes=15 (repeatable)");
  return cmd;
}

int run_explain(const ExplainArgs& a) {
  namespace d = kadenz::detail;
  const CompileOptions options = compile_options(a.set, a.lang);
  const bool by_facts = a.facts.has_value();
  if (by_facts == (!a.caseload.empty() || !a.id.empty()) || (!by_facts && (a.caseload.empty() || a.id.empty()))) {
    const Lang l = options.lang.value_or(options.default_lang);
    tell(d::Voice{l, l}, d::Msg::explain_which_record);
    return kFailure;
  }
  std::vector<NamedFile> inputs{{"the policy", a.policy}};
  if (!by_facts) inputs.push_back(NamedFile{"the caseload", a.caseload});
  std::optional<std::int32_t> as_of;
  ChosenPolicy chosen;
  if (!choose_policy(a.policy, a.as_of, a.force, options, "the policy", inputs, as_of, chosen)) return kFailure;
  const d::Program& p = *chosen.program;

  d::Frame frame;
  d::prepare_frame(p, frame);
  std::string scratch;
  bool read = false;
  d::TraceTitle title;
  title.as_of = *as_of;
  if (by_facts) {
    std::vector<std::string> cells;
    std::string error;
    if (!parse_facts(p, *a.facts, cells, error)) {
      say("kadenz: {}\n", error);
      return kFailure;
    }
    d::ColumnBinding binding;
    binding.header_fields = cells.size();
    for (std::size_t i = 0; i < cells.size(); ++i) binding.fact_column.push_back(static_cast<std::int32_t>(i));
    const std::vector<std::string_view> fields(cells.begin(), cells.end());
    read = d::read_row(p, binding, fields, {}, frame, scratch);
    const std::string_view key = trim(cells[p.key_fact]);
    title.record = key.empty() ? d::say(p.voice, d::Msg::explain_given_facts) : std::string(key);
  } else {
    Caseload c;
    d::ColumnBinding binding;
    if (!open_caseload(p.voice, a.caseload, c, a.encoding) || !bind_caseload(p, a.caseload, c, binding)) return kFailure;
    d::CsvReader::Record record, found;
    std::vector<std::size_t> lines;
    const std::string_view want = trim(a.id);
    while (c.reader->next(record)) {
      if (d::row_key(p, binding, record.fields) != want) continue;
      lines.push_back(record.line);
      if (lines.size() == 1) {
        // the views die with the next record: keep an owned copy of this one
        found.error = record.error;
        found.line = record.line;
        scratch.clear();
        for (const auto f : record.fields) scratch.append(f);
        std::size_t at = 0;
        found.fields.clear();
        for (const auto f : record.fields) {
          found.fields.emplace_back(scratch.data() + at, f.size());
          at += f.size();
        }
      }
    }
    if (!c.reader->io_error().empty()) {
      say("kadenz: {}: {}\n", a.caseload, c.reader->io_error());
      return kFailure;
    }
    const std::string& key_column = p.facts[p.key_fact].column;
    if (lines.empty()) {
      tell(p.voice, d::Msg::explain_id_absent, {a.caseload, want, key_column});
      return kFailure;
    }
    if (lines.size() > 1) {
      std::string list;
      for (const std::size_t l : lines) list += (list.empty() ? "" : ", ") + std::to_string(l);
      tell(p.voice, d::Msg::explain_id_repeated, {a.caseload, want, std::to_string(lines.size()), list});
      return kFailure;
    }
    note_encoding(p.voice, a.caseload, c);
    std::string cells_error;  // read_row reuses its scratch for messages: not the one the fields live in
    read = d::read_row(p, binding, found.fields, found.error, frame, cells_error);
    title.record = std::string(want);
  }
  d::Trace trace;
  if (read) {
    frame.slots[p.as_of_slot].i = *as_of;
    d::explain_record(p, frame, trace);
  } else {
    trace.clear();
    trace.error = frame.error;
  }
  const std::string text =
      a.format == "json" ? d::render_trace_json(p, trace, title) : d::render_trace_text(p, trace, title);
  put(stdout, text);
  say_version(p.voice, chosen);
  if (!streams_ok()) return kFailure;
  return trace.decided ? kOk : kNotDecided;
}

}  // namespace kadenz::cli
