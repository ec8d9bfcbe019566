// The kadenz library: compile a policy once, then evaluate records with it.
#pragma once

#include <kadenz/diagnostic.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kadenz {

namespace detail {
struct Program;
}

// A calendar date (proleptic Gregorian, years 1..9999).
struct Date {
  int year = 1;
  int month = 1;
  int day = 1;
};

// ---- Introspection: what a compiled policy needs and gives (Policy::facts() and others) ----
// Plain values, built once when the Policy is made and owned by it; copy what you keep beyond
// the Policy's life. Names, columns and enumeration values are as the policy spells them (UTF-8).

// The kind of a value: of a fact, a parameter or an output. Quantities (plain numbers, minutes,
// days, months, percent) are `integer` with a TypeInfo::unit; `duration` is a count that keeps
// its own unit per value (`4 weeks`, `2 months`).
enum class ValueKind : std::uint8_t { boolean, integer, duration, date, text, enumeration };

// The type of a fact, a parameter or an output.
struct TypeInfo {
  ValueKind kind = ValueKind::text;
  // The type as the policy writes it, in its keyword language, with `or empty`/`oder leer` when
  // may_be_empty: "date", "datum oder leer", "months", "wochen", "one of a, b, c" (every value).
  std::string name;
  // For kind integer: the unit set_int takes and Value::integer is in: "minutes", "hours",
  // "days", "weeks", "months", "years", "percent" (a fact declared `weeks` reads "2" as two
  // weeks, so its unit is "weeks"), or "" for a plain number (`int`/`zahl`). For kind duration:
  // "duration" (each value has its own unit: Value::unit). Empty for the other kinds. Always
  // these English words, whatever the policy's keyword language.
  std::string unit;
  std::vector<std::string> values;  // kind enumeration: its values in declaration order; else empty
  bool may_be_empty = false;        // `or empty` / `oder leer` (only facts can be)
};

// One fact: what a record gives the policy (Evaluator::set…, a caseload column).
struct FactInfo {
  std::string name;    // the name in the policy (Policy::fact takes it)
  std::string column;  // the caseload column it is read from (the name unless `column "…"`)
  TypeInfo type;
  bool has_default = false;  // an unset or empty cell takes `default_text`'s value
  std::string default_text;  // with has_default: the default as the policy would write it ("0 Monate")
  bool is_key = false;       // the policy's `key` fact (the record's id in reports); exactly one fact is
};

// One output: a value every decided record gets (Decision::outputs, Decision::values, same order).
struct OutputInfo {
  std::string name;
  TypeInfo type;
};

// One parameter: a constant of the policy, which `--set` / CompileOptions::set may replace.
struct ParameterInfo {
  std::string name;
  TypeInfo type;
  // The value after bases and CompileOptions::set, as a policy (or a `--set NAME=VALUE`) would
  // write it in the policy's keyword language: "60 Minuten", "39 hours", "50 %", "6 months",
  // "2017-01-01", "true", "\"text\"" (quoted), an enumeration value's name.
  std::string value;
};

// The policy's header: `policy "NAME" document "…" issued … valid from … until …`.
struct PolicyHeader {
  std::string name;
  std::string document;                        // empty if the policy names none
  std::optional<Date> issued, valid_from, valid_until;  // unset if not written
  Lang keyword_lang = Lang::en;                // the language the policy's keywords are written in
};

struct Compiled;  // below: it holds a Policy

// What an ExtendsResolver found for one `extends "NAME"`: the base policy's text and the name
// diagnostics show for it, or why there is none.
struct ResolvedPolicy {
  std::string name;   // shown in diagnostics (`--> name:line:col`); for files, the path
  std::string text;   // the base policy's text
  std::string error;  // not empty: there is no base; shown after "cannot read the base policy
                      // `NAME`: ". It must not quote the file's content.
  std::string help;   // with `error`: what would fix it
  std::string key;    // what makes two bases the same (for `extends` cycles); empty: `name`
};

// Resolves `extends "NAME"` written in the policy text called `from` (the compiled policy's
// name, or the `name` of a base resolved before). Called during the compile, on the compiling
// thread. Whatever text it returns must be a kadenz policy (after blank and `#` comment lines,
// `policy` or `extends`); anything else is reported as "`NAME` is not a kadenz policy" without
// any of its content.
using ExtendsResolver = std::function<ResolvedPolicy(std::string_view from, std::string_view name)>;

// The resolver of `kadenz` (and of a default CompileOptions): NAME is a file path relative to
// the directory of `from` (`..` allowed, so a variant may sit in a folder beside the shipped
// policies); an absolute path is refused, so that a policy names only files near it.
KADENZ_API ExtendsResolver files_relative_to_policy();

// Like files_relative_to_policy, but only files inside `directory` (after `..` and symbolic
// links are resolved) can be read: for a host that compiles policy text it did not write.
KADENZ_API ExtendsResolver files_under(std::string directory);

// Refuses every `extends` ("this compile has no file access"): the compile reads no file at all.
KADENZ_API ExtendsResolver no_file_access();

// What a compile may change beyond the policy text.
struct CompileOptions {
  // `--set NAME=VALUE`: parameter values that replace the policy's (after its bases). VALUE is
  // written as in a policy file (`15 minutes`, `60 %`); a bare number takes the unit of the
  // parameter's own literal, also a decimal (`38,5` or `38.5` for `weekly_hours = 39 hours`). A
  // wrong name or type is a diagnostic like any other.
  std::vector<std::pair<std::string, std::string>> set;
  // How `extends "NAME"` finds its base; empty: files_relative_to_policy(). Give
  // no_file_access() to compile text without touching the file system, files_under(dir) to
  // confine it to a directory, or a function of your own (a database, an embedded set).
  ExtendsResolver resolve_extends;
  // The language of the messages (diagnostics, row errors, summaries). Unset: the keyword
  // language of the policy (a policy in German keywords gets German messages), and
  // `default_lang` for a text without keywords (an empty file, a file that is not a policy).
  std::optional<Lang> lang;
  Lang default_lang = Lang::en;
};

// Parses, checks and compiles policy text. `name` is used in diagnostics (usually the path);
// an `extends "base.kadenz"` in the text is resolved by `options.resolve_extends`, by default
// read relative to `name`'s directory (the current directory for a name without one). Reading
// a base file is the only I/O a compile does. Policy text must be UTF-8 without NUL bytes (a
// byte order mark at the start is skipped); names are compared after NFC normalisation.
KADENZ_API Compiled compile_policy(std::string name, std::string text, const CompileOptions& options = {});

// Reads and compiles a policy file; an unreadable file is an "io" diagnostic.
KADENZ_API Compiled compile_policy_file(const std::string& path, const CompileOptions& options = {});

// One fact of one compiled policy, resolved by name once (Policy::fact) and then used for every
// record. It remembers the compile it came from: an Evaluator of another policy refuses it (the
// record fails with a message), so a handle can never set a different fact than the one it
// named. A name the policy does not have gives a handle that is not valid(); setting it fails
// the record too. Copies of a Policy share one compile, so their handles are interchangeable;
// compiling the same text again is a new compile (resolve the names again).
class FactRef {
 public:
  FactRef() noexcept = default;  // refers to no fact: setting it fails the record
  // True if Policy::fact found the name. Check it right after resolving a name.
  bool valid() const noexcept { return found_; }
  // The fact's index in its policy (Policy::fact_name); if not valid(), the policy's
  // fact_count() (0 for a default FactRef).
  std::size_t index() const noexcept { return index_; }

 private:
  friend class Policy;
  friend class Evaluator;
  FactRef(std::size_t index, std::uint64_t compile, bool found) noexcept
      : index_(index), compile_(compile), found_(found) {}
  std::size_t index_ = 0;
  std::uint64_t compile_ = 0;  // the Program's serial number; 0 for no policy
  bool found_ = false;
};

// A compiled policy as a host sees it: immutable, cheap to copy (copies share one compile),
// safe to use from any number of threads at once. Obtain it with Compiled::policy(). A
// default-constructed Policy is not valid(): it has no facts, no outputs, an empty header, and
// an Evaluator of it fails every record. No member throws except where noted.
class KADENZ_API Policy {
 public:
  Policy() noexcept = default;
  explicit Policy(std::shared_ptr<const detail::Program> program);
  // True if this is a compiled policy (Compiled::ok()).
  bool valid() const noexcept { return impl_ != nullptr; }
  const std::string& name() const noexcept;
  std::size_t fact_count() const noexcept;
  const std::string& fact_name(std::size_t fact) const noexcept;
  // The fact by name, as a handle bound to this policy (resolve once, then use it for every
  // record); not valid() if there is no such fact.
  FactRef fact(std::string_view name) const noexcept;
  // The index of a fact by name; fact_count() if there is no such fact. Older form of fact():
  // an index cannot say which policy it came from, so an index of another policy that happens
  // to be in range sets whatever fact has that index here. Use fact() and FactRef.
  std::size_t find_fact(std::string_view name) const noexcept;
  std::size_t output_count() const noexcept;
  const std::string& output_name(std::size_t output) const noexcept;

  // Introspection. Each is built once when the compile makes the Policy and shared by its
  // copies; the references stay valid as long as any copy of this Policy lives. Empty for a
  // Policy that is not valid(). Thread safe (read only).
  //
  // The header: name, document, the dates written in it, the keyword language.
  const PolicyHeader& header() const noexcept;
  // Every fact in declaration order (index i is fact_name(i) and FactRef::index() i).
  const std::vector<FactInfo>& facts() const noexcept;
  // Every output in declaration order: Decision::outputs[i] and Decision::values[i] are output i.
  const std::vector<OutputInfo>& outputs() const noexcept;
  // Every parameter in declaration order, with its value after CompileOptions::set.
  const std::vector<ParameterInfo>& parameters() const noexcept;
  // All of the above as one JSON document (schema in docs/api.md): {"name", "document",
  // "issued", "valid_from", "valid_until" (ISO dates or null), "keyword_lang" ("en"/"de"),
  // "facts": [...], "outputs": [...], "parameters": [...]}. Built on each call; throws only
  // std::bad_alloc. For a Policy that is not valid(): "null".
  std::string describe_json() const;

  const std::shared_ptr<const detail::Program>& program() const noexcept;

  // The library's own access to the compile behind a Policy and a Compiled; defined inside the
  // library only (hosts cannot use it).
  struct Access;

 private:
  struct Impl;
  std::shared_ptr<const Impl> impl_;
};

// One output value of a decision, typed (Decision::values). Which member holds the value
// depends on `kind` (the output's TypeInfo::kind); the others keep their zero values. `text` is
// always the value as `kadenz eval` prints it (Decision::outputs' entry). Owns its text.
struct Value {
  ValueKind kind = ValueKind::text;
  bool empty = false;        // the output has no value (a rule `then nothing`): text is "", the rest zero
  bool boolean = false;      // kind boolean
  // kind integer: the number in the output's unit (TypeInfo::unit: minutes, days, months, percent
  // …); kind duration: the count in the value's own unit (`unit`: 4 for `4 weeks`); kind
  // enumeration: the value's index in TypeInfo::values.
  std::int64_t integer = 0;
  // kind integer: the output's TypeInfo::unit; kind duration: "days", "weeks" or "months" (the
  // unit this value was computed in); else empty. English words, whatever the policy's language.
  std::string unit;
  Date date;                 // kind date
  std::string text;          // the printed value, for every kind (an enumeration's value name, a text)
};

// The result of compiling a policy (compile_policy, compile_policy_file). `source` owns the
// text the diagnostics point into. The library never prints: render the diagnostics with
// render_text/render_json. A Compiled is a plain value: copy or move it freely; the Policy it
// holds is immutable and may be shared by any number of threads.
struct KADENZ_API Compiled {
  std::shared_ptr<const SourceFile> source;
  std::vector<Diagnostic> diagnostics;
  std::shared_ptr<const detail::Program> program;
  // The language of the messages (CompileOptions::lang, else the policy's keyword language)
  // and the keyword language of the policy text.
  Lang lang = Lang::en;
  Lang keyword_lang = Lang::en;
  // True if the policy compiled (no error among the diagnostics): policy() is valid().
  bool ok() const noexcept { return policy_.valid(); }
  // The compiled policy (shares the compile; cheap); not valid() if there were errors.
  Policy policy() const noexcept { return policy_; }

 private:
  friend struct Policy::Access;
  Policy policy_;
};

// The decision for one record. Every member owns its text: a copy stays valid after the
// Evaluator's next evaluate() and after the Evaluator is gone. (The reference evaluate()
// returns is the Evaluator's own Decision, overwritten by its next evaluate(): copy what you
// keep.)
struct Decision {
  bool decided = false;                 // false: `error` says why (a bad value, a failed check, no rule)
  std::string error;
  std::vector<std::string> outputs;     // each output as kadenz eval prints it (ISO dates, true/false)
  std::vector<Value> values;            // the same outputs typed, parallel to `outputs` (Policy::outputs()
                                        // gives each one's type); values[i].text == outputs[i]
  std::string rule;                     // deciding rule (table.rule; … with several tables)
  std::string section;                  // its directive section, e.g. §2.2.2, then the sections of the
                                        // cited adjustments the record took, joined by "; " (§3.1; §6)
  std::vector<std::string> sections;    // the same as a list: {"§3.1", "§6"}
  std::vector<std::string> warnings;    // the messages of the `warn` checks that fired, in file order
};

// The decision for one record and how it came about (Evaluator::explain): every table with each
// rule (matched or not, and the values of the parts of its condition that decided it), the hit
// policy's choice, each `let`, `require`, `warn` and output with its value and the sections that
// shaped it. `text` is what `kadenz explain` prints, `json` the same as one JSON document whose
// schema is in docs/explain.md; both in the compile's message language.
struct Explanation {
  Decision decision;
  std::string text;
  std::string json;
};

// Evaluates records with one policy. Holds the per-record scratch state, so it is NOT safe to
// use from two threads at once: give each thread its own Evaluator (they may share the
// Policy). After the first records it allocates nothing per record that is decided or fails a
// check (a record refused for a bad or missing value formats its message). No function throws.
//
// A record is what was set since the last evaluate() (or since the Evaluator was made).
// evaluate() decides it and ends it: the next setter starts a new record with every fact unset,
// and an evaluate() with no setter call since the last one decides a record with every fact
// unset. So a record never carries another customer's values or error. reset() starts a new
// record explicitly (dropping what was set); it is never needed.
//
// A setter that cannot record its value returns false AND fails the record: the next
// evaluate() returns decided = false with the first such error, naming the fact. That covers
// a text that is not a valid value, a handle that is not valid() or comes from another policy
// (an index out of range), a setter of the wrong type (set_bool on a months fact), a value the
// setter cannot represent (set_date{2017, 2, 30}, set_int overflowing the fact's unit) and
// set_empty on a fact that is not `or empty`. A record is never decided without a value it was
// given. Setting a fact twice keeps the last value.
class KADENZ_API Evaluator {
 public:
  // An evaluator of `policy` (which it keeps alive). Allocates its scratch state: throws
  // std::bad_alloc only. For a Policy that is not valid(), every evaluate() fails ("no policy").
  explicit Evaluator(Policy policy);
  ~Evaluator();
  Evaluator(const Evaluator&) = delete;
  Evaluator& operator=(const Evaluator&) = delete;
  // Moving hands the state (the record being set, the last Decision) over without allocating,
  // so evaluators can live in a std::vector. A moved-from Evaluator may be assigned to or
  // destroyed; its setters return false and its evaluate() returns decided = false with an
  // error saying it was moved from. It never crashes.
  Evaluator(Evaluator&& other) noexcept;
  Evaluator& operator=(Evaluator&& other) noexcept;

  // Starts a new record: every fact unset (an unset fact is empty, its default, or an error).
  void reset() noexcept;
  // Sets a fact from text, read exactly like a caseload cell (trimmed; dates ISO or German;
  // yes/no spellings; enumeration values exact).
  bool set(FactRef fact, std::string_view text) noexcept;
  bool set_bool(FactRef fact, bool value) noexcept;           // only for bool facts
  bool set_int(FactRef fact, std::int64_t value) noexcept;    // ints and durations, in the fact's unit
  bool set_date(FactRef fact, Date value) noexcept;           // only for date facts
  bool set_empty(FactRef fact) noexcept;                      // only for `or empty` facts
  // The same by index (Policy::find_fact): an index out of range fails the record, but an
  // index of another policy cannot be told apart. Kept for existing hosts; use FactRef.
  bool set(std::size_t fact, std::string_view text) noexcept;
  bool set_bool(std::size_t fact, bool value) noexcept;
  bool set_int(std::size_t fact, std::int64_t value) noexcept;
  bool set_date(std::size_t fact, Date value) noexcept;
  bool set_empty(std::size_t fact) noexcept;
  // Decides the record as of `as_of` and ends it (see above).
  const Decision& evaluate(Date as_of) noexcept;
  // Decides the record like evaluate() (the same Decision; it ends the record too) and explains
  // it. Off the fast path: it walks the policy node by node and allocates the explanation, so
  // call it for the customer someone asks about, not for a caseload; evaluate() does not change.
  // `record` names the customer in the explanation's first line (e.g. the id). Never throws; out
  // of memory, the Decision carries the error and the texts are empty.
  Explanation explain(Date as_of, std::string_view record = {}) noexcept;

 private:
  struct State;
  // The index a setter writes; false (the record failed with a message) if `fact` cannot be
  // set through this evaluator.
  bool target(FactRef fact, std::size_t& index) noexcept;
  bool target(std::size_t fact) noexcept;
  // evaluate()'s work on the record's facts, into the Decision (cleared by evaluate()).
  void decide(Date as_of) noexcept;
  Policy policy_;
  std::unique_ptr<State> state_;
};

// Printers of the intermediate stages, for `kadenz dump` and golden tests, in pipeline order:
// - ast: the one file as parsed (no bases, no `--set`);
// - merged: the tree after `extends` and `--set`, each line led by the file and line (or the
//   `--set NAME=VALUE`) it came from;
// - checked: the checked tree, every expression with its type and every name with what it is
//   bound to, plus the enumerations and the facts as the checker recorded them;
// - program: the compiled nodes and steps; code: the register code the evaluator runs.
// `options` (the `--set` values) apply to every stage but ast. Empty output and the errors in
// `diagnostics` if the stage cannot be reached; their spans point into the SourceFile that
// compile_policy(name, text, options) builds.
enum class Stage { ast, merged, checked, program, code };
KADENZ_API std::string dump(const std::string& name, const std::string& text, Stage stage,
                            std::vector<Diagnostic>& diagnostics, const CompileOptions& options = {});

}  // namespace kadenz
