// The register code (compile_code.cpp) against the node-by-node evaluation of the steps, which
// defines what a program means: random records through both must give the same decision, the
// same error, the same deciding rules, warnings and output values.
#include "support.hpp"
#include "outcome.hpp"

#include "interpreter/caseload/format_value.hpp"
#include "interpreter/evaluate/evaluate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <filesystem>

namespace kadenz::test {
namespace {

// splitmix64: deterministic on every platform.
struct Rng {
  std::uint64_t s;
  std::uint64_t next() {
    std::uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  std::int64_t in(std::int64_t lo, std::int64_t hi) {
    return lo + static_cast<std::int64_t>(next() % static_cast<std::uint64_t>(hi - lo + 1));
  }
};

constexpr const char* kTexts[] = {"a", "Anna", "x y", "=z", "Bert"};

// Random fact values of the right types, with empties and values at the edges of the ranges
// (dates near 0001 and 9999, numbers that overflow) so that faults happen too.
void random_facts(const detail::Program& p, detail::Frame& f, Rng& rng) {
  for (std::size_t i = 0; i < p.facts.size(); ++i) {
    const detail::CompiledFact& fact = p.facts[i];
    detail::Value v;
    if (fact.type.optional && rng.in(0, 3) == 0) {
      v.empty = true;
    } else {
      switch (fact.type.base) {
        case detail::BaseType::boolean: v.i = rng.in(0, 1); break;
        case detail::BaseType::enumeration:
          v.i = rng.in(0, static_cast<std::int64_t>(p.enums[fact.type.enum_id].values.size()) - 1);
          break;
        case detail::BaseType::date: {
          const std::int64_t edge = rng.in(0, 40);
          v.i = edge == 0   ? detail::max_date() - rng.in(0, 40)
                : edge == 1 ? detail::min_date() + rng.in(0, 40)
                            : rng.in(detail::days_from_civil(1940, 1, 1), detail::days_from_civil(2030, 12, 31));
          break;
        }
        case detail::BaseType::text: {
          const char* t = kTexts[rng.in(0, 4)];
          v.p = t;
          v.n = static_cast<std::uint32_t>(std::strlen(t));
          break;
        }
        default: {
          const std::int64_t edge = rng.in(0, 60);
          v.i = edge == 0 ? INT64_MAX - rng.in(0, 3) : edge == 1 ? INT64_MIN + rng.in(0, 3) : rng.in(-3, 14);
          break;
        }
      }
    }
    f.slots[i] = v;
  }
}


// How many instructions of the register code are `op`.
std::size_t count_ops(const detail::Program& p, detail::Ins op) {
  return static_cast<std::size_t>(
      std::count_if(p.code.begin(), p.code.end(), [op](const detail::Instr& i) { return i.op == op; }));
}

// How many tables the register code decides by one lookup (Ins::lookup).
std::size_t lookups(const detail::Program& p) { return count_ops(p, detail::Ins::lookup); }

void compare(const std::string& name, const std::string& text, int records = 3000, int expect_lookups = -1) {
  INFO("policy " << name);
  const Compiled c = compile_policy(name, text);
  INFO(render_text(*c.source, c.diagnostics));
  REQUIRE(c.ok());
  const detail::Program& coded = *kadenz::detail::program_of(c);
  REQUIRE(!coded.code.empty());
  if (expect_lookups >= 0) REQUIRE(lookups(coded) == static_cast<std::size_t>(expect_lookups));
  detail::Program stepped = coded;  // the same program without register code: evaluated node by node
  stepped.code.clear();
  detail::Frame a, b;
  detail::prepare_frame(coded, a);
  detail::prepare_frame(stepped, b);
  Rng rng{std::hash<std::string>{}(name)};
  for (int r = 0; r < records; ++r) {
    detail::reset_record(coded, a);
    detail::reset_record(stepped, b);
    random_facts(coded, a, rng);
    a.slots[coded.as_of_slot].i = rng.in(0, 3) == 0 ? detail::max_date() - 20 : detail::days_from_civil(2017, 3, 1);
    std::copy_n(a.slots.begin(), coded.slot_count, b.slots.begin());
    const Outcome x = outcome(coded, a);
    const Outcome y = outcome(stepped, b);
    INFO("record " << r << ": register code " << (x.decided ? "decided" : x.error) << ", steps "
                   << (y.decided ? "decided" : y.error));
    REQUIRE(x == y);
  }
}

const std::string kFacts =
    "facts\n"
    "  id: text, key\n"
    "  n: int\n"
    "  m: months or empty\n"
    "  d: date or empty\n"
    "  e: date\n"
    "  s: one of x, y, z\n"
    "  b: bool\n"
    "  c: bool\n"
    "  name: text or empty\n"
    "end\n";

}  // namespace

TEST_CASE("code: the shipped policies decide like the node-by-node evaluation", "[code]") {
  for (const auto& entry : std::filesystem::directory_iterator(source_path("policies"))) {
    if (entry.path().extension() == ".kadenz") compare(entry.path().string(), read_file(entry.path().string()));
  }
}

TEST_CASE("code: the analysis test policies decide like the node-by-node evaluation", "[code]") {
  for (const auto& entry : std::filesystem::directory_iterator(source_path("tests/analysis"))) {
    if (entry.path().extension() == ".kadenz") compare(entry.path().string(), read_file(entry.path().string()));
  }
}

TEST_CASE("code: every hit policy, with and without otherwise, constant and computed results", "[code]") {
  for (const std::string hit : {"first", "unique", "shortest", "longest"}) {
    for (const std::string other : {"", "  rule rest §9 otherwise then 4\n"}) {
      compare("constant " + hit + other, with_header(kFacts + "table t: int, hit " + hit + "\n" +
                                                     "  rule r1 §1 when n > 3 then 5\n"
                                                     "  rule r2 §2 when s = x and b then 2\n"
                                                     "  rule r3 §3 when n > 8 or not c then 5\n"
                                                     "  rule r4 §4 when s in {y, z} then 1\n" +
                                                     other +
                                                     "end\n"
                                                     "output v = t\n"));
      // results computed from facts, and a condition that can fault (overflow, 0001/9999)
      compare("computed " + hit + other, with_header(kFacts + "table t: int, hit " + hit + "\n" +
                                                     "  rule r1 §1 when n + 1 > 3 then n * 2\n"
                                                     "  rule r2 §2 when s = x and b then 2\n"
                                                     "  rule r3 §3 when e + 1 month > as_of then n - 1\n"
                                                     "  rule r4 §4 when c then 100 / (n - 5)\n" +
                                                     other +
                                                     "end\n"
                                                     "output v = t\n"));
    }
  }
}

// Rules that give no value (`then nothing`): under `shortest`/`longest` such a rule loses
// against every rule with a value, in the chain tried in the order of the results, in a lookup,
// and where every rule is tried (computed results); `first` and `unique` take it as any result.
TEST_CASE("code: rules without a value, under every hit policy", "[code][nothing]") {
  const std::string rules =
      "  rule r1 §1 when b and c and s = x then nothing\n"
      "  rule r2 §2 when b and not c and s in {y, z} then 2\n"
      "  rule r3 §3 when m is empty and n > 3 and not b then nothing\n"
      "  rule r4 §4 when d is not empty and d < e and s != z and c then 4\n"
      "  rule r5 §5 when not b and not c and s = y then 2\n"
      "  rule r6 §6 when n > 3 or m is empty or (d is not empty and d < e) then 5\n"
      "  rule r7 §7 when b and s = z and not (n > 3) then 1\n"
      "  rule r8 §8 when if c then d is not empty and d < e else n > 3 then nothing\n";
  for (const std::string hit : {"first", "unique", "shortest", "longest"}) {
    for (const std::string other : {"", "  rule rest §9 otherwise then nothing\n", "  rule rest §9 otherwise then 4\n"}) {
      compare("nothing looked up " + hit + other,
              with_header(kFacts + "table t: int, hit " + hit + "\n" + rules + other + "end\noutput v = t\n"), 3000, 1);
      compare("nothing chain " + hit + other,
              with_header(kFacts + "table t: int, hit " + hit + "\n  rule r1 §1 when n > 3 then nothing\n"
                          "  rule r2 §2 when b then 2\n  rule r3 §3 when c then nothing\n  rule r4 §4 when s = x then 7\n" +
                          other + "end\noutput v = t\n"));
      compare("nothing computed " + hit + other,
              with_header(kFacts + "table t: int, hit " + hit + "\n  rule r1 §1 when n > 3 then nothing\n"
                          "  rule r2 §2 when b then n * 2\n  rule r3 §3 when c then nothing\n  rule r4 §4 when s = x then n\n" +
                          other + "end\noutput v = t\noutput w = if t is empty then -1 else t + 1\n"));
    }
  }
}

// Tables whose conditions are and/or/not/if of yes/no facts, enumeration tests, `is empty` and
// comparisons of slots and constants are decided by one lookup (when their chain is long for
// their atoms, or the table is `hit unique`); the rest stay chains of jumps.
TEST_CASE("code: tables decided by a lookup of their atoms", "[code]") {
  const std::string rules =
      "  rule r2 §2 when b and not c and s in {y, z} then 2\n"
      "  rule r3 §3 when m is empty and n > 3 and not b then 3\n"
      "  rule r4 §4 when d is not empty and d < e and s != z and c then 4\n"
      "  rule r5 §5 when not b and not c and s = y then 2\n"
      "  rule r6 §6 when n > 3 or m is empty or (d is not empty and d < e) then 5\n"
      "  rule r7 §7 when b and s = z and not (n > 3) then 1\n"
      "  rule r8 §8 when if c then d is not empty and d < e else n > 3 then 6\n";
  for (const std::string hit : {"first", "unique", "shortest", "longest"}) {
    for (const std::string other : {"", "  rule rest §9 otherwise then 4\n"}) {
      compare("lookup " + hit + other,
              with_header(kFacts + "table t: int, hit " + hit + "\n  rule r1 §1 when b and c and s = x then 1\n" +
                          rules + other + "end\noutput v = t\n"),
              3000, 1);
      // a result that can overflow: looked up under `first` only (`unique` computes the first
      // result before it finds a second rule; shortest/longest compare every result)
      compare("lookup computed " + hit + other,
              with_header(kFacts + "table t: int, hit " + hit + "\n  rule r1 §1 when b and c and s = x then n * 2\n" +
                          rules + other + "end\noutput v = t + 1\n"),
              3000, hit == "first" ? 1 : 0);
    }
  }
  // `unique` with 10 atoms is looked up, with 11 it is a chain; both fail when b and n = 1.
  for (const int atoms : {10, 11}) {
    std::string table = "table t: int, hit unique\n";
    for (int k = 1; k < atoms; ++k) table += fmt::format("  rule n{} §{} when n = {} then {}\n", k, k, k, k);
    table += "  rule both §0 when b and n = 1 then 7\n  rule rest §9 otherwise then 0\nend\noutput v = t\n";
    compare(fmt::format("lookup limit {}", atoms), with_header(kFacts + table), 3000, atoms <= 10 ? 1 : 0);
  }
}

TEST_CASE("code: expressions, validations and texts", "[code]") {
  compare("expressions",
          with_header(kFacts +
                      "parameters\n"
                      "  limit = 3 months\n"
                      "end\n"
                      "let age = years_between(e, as_of)\n"
                      "let young = age < 25 and not b\n"
                      "let due = if d is empty then as_of else d + (if m is empty then limit else m)\n"
                      "table cat: one of low, high, hit first\n"
                      "  rule hi §1 when young or s = z then high\n"
                      "  rule lo §2 otherwise then low\n"
                      "end\n"
                      "require n >= -2 else \"n: zu klein ({n})\"\n"
                      "require m is empty or m <= limit else \"m: höchstens {limit} ({cat})\"\n"
                      "warn when due < as_of and (b or c) \"überfällig seit {format_date(due, \"DD.MM.YYYY\")}\"\n"
                      "warn when name is not empty and name in {\"Anna\", \"Bert\"} \"Name {name}\"\n"
                      "output code = \"{cat}-{n}/{s}\"\n"
                      "output due_date = due\n"
                      "output over = due < as_of\n"
                      "output young_out = young\n"
                      "output diff = due - e\n"
                      "output span = months_between(e, as_of) + (if m is empty then 0 months else m)\n"
                      "output days = days_between(e, as_of) - n * 1 day\n"
                      "output lo = min(n, 5) * max(n, -1)\n"
                      "output neg = -n\n"
                      "output later = e - 3 days + 2 weeks\n"
                      "output y = year(e) + month(e) + day(e)\n"
                      "output same = name is not empty and name = \"Anna\"\n"
                      "output t = text(n)\n"
                      "output flag = if b then c else not c\n"));
}

// Cited adjustments mark the record where the steps mark it: a cited `then` branch in a
// definition, an output, a table's condition and result (so the table cannot stop early or be
// looked up), a message-only definition and an age that would not be computed; a cited
// definition or output by its value (empty and false are not listed).
TEST_CASE("code: cited adjustments are marked as the node-by-node evaluation marks them", "[code]") {
  const std::string text =
      with_header(kFacts +
                  "let age §1 = years_between(e, as_of)\n"
                  "let young = age < 25\n"
                  "let due §2 = if d is empty §3 then as_of else d + (if m is empty §4 then 3 months else m)\n"
                  "let note = if b §5 then \"b\" else \"nicht b\"\n"
                  "table cat: months, hit shortest\n"
                  "  rule a §1.1 when if c §6 then n > 3 else young then 1 month\n"
                  "  rule b §1.2 when s = x then if b §7 then 2 months else 4 months\n"
                  "  rule c §1.3 otherwise then 6 months\n"
                  "end\n"
                  "require n >= -2 else \"n: {note}\"\n"
                  "warn Ziffer 3 when b and c \"beides {note}\"\n"
                  "output flag §8 = if c §9 then b else false\n"
                  "output last §10 = d is not empty and b\n"
                  "output code = \"{cat}\"\n"
                  "output due_out = due\n");
  compare("cited", text);
  const Compiled c = compile_policy("cited", text);
  REQUIRE(c.ok());
  CHECK(kadenz::detail::program_of(c)->citations.size() == 10);
  CHECK(std::count_if(kadenz::detail::program_of(c)->code.begin(), kadenz::detail::program_of(c)->code.end(), [](const detail::Instr& i) {
          return i.op == detail::Ins::cite || i.op == detail::Ins::cite_value;
        }) >= 10);
}

// Only the deciding rule's cited branches count, in both evaluators, for every hit policy: cited
// branches in conditions (evaluated for rules that then lose or do not apply) and in results
// (every applying rule's under shortest/longest), the `otherwise` rule's; cited branches in
// requires and warns mark nothing.
TEST_CASE("code: only the deciding rule's cited branches are marked", "[code]") {
  for (const char* hit : {"first", "unique", "shortest", "longest"}) {
    const std::string text =
        with_header(kFacts + "table cat: months, hit " + hit +
                    "\n"
                    "  rule a §1.1 when if c §1 then n > 3 else b then if b §2 then 1 month else 5 months\n"
                    "  rule b §1.2 when s = x then if c §3 then 2 months else 4 months\n"
                    "  rule c §1.3 when n > 8 and (if b §4 then c else true) then 3 months\n"
                    "  rule d §1.4 otherwise then if c §5 then 6 months else 7 months\n"
                    "end\n"
                    "require (if b §6 then n >= -2 else true) else \"n: {if c §7 then 1 else 2}\"\n"
                    "warn when (if c §8 then b else false) \"{if b §9 then 1 else 2}\"\n"
                    "output code = \"{cat}\"\n");
    compare(std::string("deciding ") + hit, text);
    const Compiled c = compile_policy("deciding", text);
    REQUIRE(c.ok());
    CHECK(kadenz::detail::program_of(c)->citations.size() == 5);  // §6..§9 in the require and the warn are not citations
    CHECK(kadenz::detail::program_of(c)->tables[0].cites);
    // the register code keeps the marks of each rule with a condition when it is chosen so far
    const auto keeps = std::count_if(kadenz::detail::program_of(c)->nodes.begin(), kadenz::detail::program_of(c)->nodes.end(), [](const detail::Node& n) {
      return n.code == detail::Code::cite_marks && (n.imm & 3) == static_cast<int>(detail::CiteMarks::keep);
    });
    CHECK(keeps == (std::string(hit) == "first" ? 0 : 3));
  }
}

// `let a = years_between(x, as_of)` read only by one `let`/output comparing it with a constant is
// compiled to one years_at_least/years_below against a threshold cached per as_of, and `a` is not
// computed. Every comparison and side, with as_of changing between records (the cache), on
// 29 February and at the ends of the range, and with many birthdays on 28/29 February and 1 March;
// an age that anything else reads (an output, a second comparison, the workload) is computed as
// before.
TEST_CASE("code: ages compared with a constant are decided by a threshold per as_of", "[code]") {
  const std::string text =
      with_header(kFacts +
                  "let a1 = years_between(e, as_of)\n"
                  "let a2 = years_between(e, as_of)\n"
                  "let a3 = years_between(e, as_of)\n"
                  "let a4 = years_between(e, as_of)\n"
                  "let a5 = years_between(e, as_of)\n"
                  "let a6 = years_between(e, as_of)\n"
                  "let a7 = years_between(e, as_of)\n"
                  "let a8 = years_between(e, as_of)\n"
                  "let kept = years_between(e, as_of)\n"
                  "let twice = years_between(e, as_of)\n"
                  "let u25 = a1 < 25\n"
                  "let old = 65 <= a2\n"
                  "let teen = a3 > 12\n"
                  "let baby = 1 > a4\n"
                  "let adult = a5 >= 18\n"
                  "let x0 = a6 <= 0\n"
                  "let any = 0 < a7\n"
                  "let mx = 9999 > a8\n"
                  "table t: int, hit first\n"
                  "  rule r1 §1 when u25 and not old then 1\n"
                  "  rule r2 §2 when twice < 30 then 2\n"
                  "  rule r3 §3 otherwise then 3\n"
                  "end\n"
                  "output o = \"{u25} {old} {teen} {baby} {adult} {x0} {any} {mx} {kept >= 40} {twice > 50}\"\n"
                  "output k = kept\n"
                  "output v = t\n");
  const Compiled c = compile_policy("ages", text);
  INFO(render_text(*c.source, c.diagnostics));
  REQUIRE(c.ok());
  const detail::Program& coded = *kadenz::detail::program_of(c);
  const auto count = [&](detail::Ins op) { return count_ops(coded, op); };
  // a1 .. a8; `kept` is an output's value, `twice` is compared twice: both computed.
  CHECK(count(detail::Ins::years_at_least) + count(detail::Ins::years_below) == 8);
  CHECK(count(detail::Ins::years_between) == 2);
  detail::Program stepped = coded;
  stepped.code.clear();
  detail::Frame a, b;
  detail::prepare_frame(coded, a);
  detail::prepare_frame(stepped, b);
  Rng rng{2017};
  const detail::DayNumber as_ofs[] = {detail::days_from_civil(2017, 3, 1),  detail::days_from_civil(2016, 2, 29),
                                      detail::days_from_civil(2017, 2, 28), detail::days_from_civil(2000, 2, 29),
                                      detail::days_from_civil(1900, 3, 1),  detail::min_date(),
                                      detail::max_date()};
  for (int r = 0; r < 20000; ++r) {
    detail::reset_record(coded, a);
    detail::reset_record(stepped, b);
    random_facts(coded, a, rng);
    const detail::DayNumber as_of = as_ofs[rng.in(0, 6)];
    a.slots[coded.as_of_slot].i = as_of;
    if (rng.in(0, 1) == 0) {  // a birthday around the end of February, or near an anniversary
      const detail::CivilDate day = detail::civil_from_days(as_of);
      const int year = static_cast<int>(rng.in(std::max(1, day.year - 70), day.year));
      detail::DayNumber born = rng.in(0, 1) == 0 ? detail::days_from_civil(year, 2, 28) + static_cast<int>(rng.in(0, 2))
                                                 : detail::days_from_civil(year, 1, 1) + (as_of - detail::days_from_civil(day.year, 1, 1)) +
                                                       static_cast<int>(rng.in(-2, 2));
      born = std::clamp(born, detail::min_date(), detail::max_date());
      a.slots[4].i = born;  // e
    }
    std::copy_n(a.slots.begin(), coded.slot_count, b.slots.begin());
    const Outcome x = outcome(coded, a);
    const Outcome y = outcome(stepped, b);
    INFO("record " << r << ": as_of " << as_of << ", e " << a.slots[4].i);
    REQUIRE(x == y);
  }
}

TEST_CASE("code: an age the workload reads is computed", "[code]") {
  const std::string text = with_header(kFacts +
                                       "let age = years_between(e, as_of)\n"
                                       "let u25 = age < 25\n"
                                       "output young = u25\n"
                                       "workload\n"
                                       "  category = if u25 then \"jung\" else \"alt\"\n"
                                       "  interval = 1 month + 0 months * age\n"
                                       "  next_due = as_of\n"
                                       "  minutes = 30 minutes\n"
                                       "  first_interview = false\n"
                                       "  prep_minutes = 0 minutes\n"
                                       "  weekly_hours = 39 hours\n"
                                       "  interview_share = 50 %\n"
                                       "end\n");
  const Compiled c = compile_policy("workload age", text);
  INFO(render_text(*c.source, c.diagnostics));
  REQUIRE(c.ok());
  CHECK(count_ops(*kadenz::detail::program_of(c), detail::Ins::years_between) == 1);
  CHECK(count_ops(*kadenz::detail::program_of(c), detail::Ins::years_below) == 0);
}


// Direct threading: every instruction holds the address of the evaluator's code for its
// operation, distinct per operation (the parts that follow a concat are operands, not run).
TEST_CASE("code: every instruction holds its operation's address", "[code]") {
  const Compiled c = compile_policy("coburg", read_file(source_path("policies/coburg-land-2017.kadenz")));
  REQUIRE(c.ok());
  const auto& code = kadenz::detail::program_of(c)->code;
  const void* const* run = detail::operation_addresses();
  for (std::size_t op = 0; op < static_cast<std::size_t>(detail::Ins::warn); ++op) {
    REQUIRE(run[op] != nullptr);
    REQUIRE(run[op] != run[op + 1]);
  }
  for (std::size_t i = 0; i < code.size(); ++i) {
    INFO("instruction " << i);
    REQUIRE(code[i].run == run[static_cast<std::size_t>(code[i].op)]);
    if (code[i].op == detail::Ins::concat) i += (code[i].b + 3) / 4;
  }
}


// A `let` that only messages read, and that cannot fault, is computed where a failed require or a
// fired warning builds its message, not for every record; one that can fault (its fault fails the
// record) or that anything else reads stays where the steps compute it.
TEST_CASE("code: definitions only messages read are computed on the message's path", "[code]") {
  const std::string text = with_header(kFacts +
                                       "let label = if b then \"ja\" else \"{s}/{n}\"\n"
                                       "let outer = \"<{label}>\"\n"
                                       "let faulty = n + 1\n"
                                       "let shared = \"{s}\"\n"
                                       "require n <= 10 else \"n: {outer} {faulty}\"\n"
                                       "warn when c \"c: {label} {shared}\"\n"
                                       "output o = shared\n");
  compare("message definitions", text, 5000);
  const Compiled c = compile_policy("message definitions", text);
  REQUIRE(c.ok());
  const detail::Program& p = *kadenz::detail::program_of(c);
  const auto slot = [&](const std::string& name) {
    for (const auto& d : p.definitions)
      if (d.name == name) return d.slot;
    FAIL("no definition " << name);
    return std::uint32_t{0};
  };
  // The message paths: from the first jump past a require-fail or warn (after the previous one)
  // to it. The code there runs only when the require failed or the warning fired.
  std::vector<std::pair<std::size_t, std::size_t>> paths;
  std::size_t previous = 0;
  for (std::size_t f = 0; f < p.code.size(); ++f) {
    if (p.code[f].op != detail::Ins::require_fail && p.code[f].op != detail::Ins::warn) continue;
    for (std::size_t i = previous; i < f; ++i)
      if (detail::is_jump(p.code[i].op) && p.code[i].c / sizeof(detail::Instr) > f) {
        paths.emplace_back(i, f);
        break;
      }
    previous = f + 1;
  }
  REQUIRE(paths.size() == 2);
  const auto on_path = [&](std::size_t i) {
    return std::any_of(paths.begin(), paths.end(), [&](const auto& r) { return i > r.first && i < r.second; });
  };
  const auto writes = [&](std::uint32_t r) {
    std::vector<std::size_t> at;
    for (std::size_t i = 0; i < p.code.size(); ++i) {
      const detail::Instr& x = p.code[i];
      if (x.op == detail::Ins::require_fail || x.op == detail::Ins::warn || x.op == detail::Ins::decide) continue;
      if ((detail::has_offsets(x.op) ? x.a / sizeof(detail::Value) : x.a) == r) at.push_back(i);
      if (x.op == detail::Ins::concat) i += (x.b + 3) / 4;  // its parts
    }
    return at;
  };
  for (const std::string name : {"label", "outer"}) {
    INFO(name);
    const auto at = writes(slot(name));
    REQUIRE(!at.empty());
    for (const std::size_t i : at) CHECK(on_path(i));
  }
  for (const std::string name : {"faulty", "shared"}) {
    INFO(name);
    const auto at = writes(slot(name));
    REQUIRE(at.size() == 1);
    CHECK(!on_path(at[0]));  // every record
  }
}


// Jump threading: no jump lands on a `jump` or on a test that its own test decides (the same
// test of the same registers, or its opposite); the threaded code decides like the steps.
TEST_CASE("code: jumps are threaded past tests they decide", "[code]") {
  const std::string text = with_header(kFacts +
                                       "table t: int, hit first\n"
                                       "  rule r1 §1 when b and s = x then 1\n"
                                       "  rule r2 §2 when not b and s = y then 2\n"
                                       "  rule r3 §3 when not b and s != y then 3\n"
                                       "  rule r4 §4 when s = z then 4\n"
                                       "  rule r5 §5 otherwise then 5\n"
                                       "end\n"
                                       "require n = 0 or n >= 1 else \"n\"\n"
                                       "require n = 0 or name is not empty else \"name\"\n"
                                       "warn when s = x and b \"1\"\n"
                                       "warn when s = x and c \"2\"\n"
                                       "warn when d is empty or c \"3\"\n"
                                       "warn when d is not empty and not c \"4\"\n"
                                       "output v = t\n"
                                       "output w = if d is empty then 0 else n\n");
  compare("threaded", text, 5000);
  // Random chains of tests of the same few facts, where jumps thread far (decided tests of bools,
  // `is empty`, enumeration values known equal to one constant and so unequal to the others).
  Rng gen{7};
  const char* atoms[] = {"b",          "c",      "not b",    "s = x",          "s = y",  "s != z", "s = z",
                         "d is empty", "d is not empty",     "n > 2",          "n = 1",  "n <= 0", "n != 3"};
  const auto atom = [&] { return std::string(atoms[gen.in(0, 12)]); };
  const auto condition = [&] {  // the atoms drawn in order, so the policies are the same everywhere
    const std::int64_t shape = gen.in(0, 4);
    const std::string x = atom(), y = atom(), z = atom();
    switch (shape) {
      case 0: return x;
      case 1: return fmt::format("{} and {}", x, y);
      case 2: return fmt::format("{} or {}", x, y);
      case 3: return fmt::format("not ({} and {})", x, y);
      default: return fmt::format("({} or {}) and {}", x, y, z);
    }
  };
  for (int policy = 0; policy < 40; ++policy) {
    std::string body = kFacts + fmt::format("table t: int, hit {}\n", policy % 2 ? "first" : "shortest");
    for (int r = 0; r < 7; ++r) {
      const std::string when = condition();
      body += fmt::format("  rule r{} §1 when {} then {}\n", r, when, gen.in(1, 4));
    }
    body += "  rule rest §9 otherwise then 9\nend\n";
    for (int w = 0; w < 4; ++w) body += fmt::format("warn when {} \"w{}\"\n", condition(), w);
    body += fmt::format("output v = t\noutput u = if {} then 1 else 2\n", condition());
    compare("random chains " + std::to_string(policy), with_header(body), 1000);
  }
  for (const std::string& name : {std::string("threaded"), std::string("coburg")}) {
    INFO(name);
    const Compiled c = name == "coburg"
                           ? compile_policy(name, read_file(source_path("policies/coburg-land-2017.kadenz")))
                           : compile_policy(name, text);
    REQUIRE(c.ok());
    const auto& code = kadenz::detail::program_of(c)->code;
    std::size_t jumps = 0;
    for (std::size_t i = 0; i < code.size(); ++i) {
      if (code[i].op == detail::Ins::concat) i += (code[i].b + 3) / 4;
      if (!detail::is_jump(code[i].op)) continue;
      ++jumps;
      const detail::Instr& to = code[code[i].c / sizeof(detail::Instr)];
      INFO("instruction " << i);
      CHECK(to.op != detail::Ins::jump);
      if (code[i].op == detail::Ins::jump || to.a != code[i].a || to.b != code[i].b) continue;
      CHECK(to.op != code[i].op);
      const std::pair<detail::Ins, detail::Ins> opposites[] = {
          {detail::Ins::jump_true, detail::Ins::jump_false}, {detail::Ins::jump_empty, detail::Ins::jump_not_empty},
          {detail::Ins::jump_eq, detail::Ins::jump_ne},       {detail::Ins::jump_lt, detail::Ins::jump_ge},
          {detail::Ins::jump_le, detail::Ins::jump_gt}};
      for (const auto& [x, y] : opposites) CHECK(!((to.op == x && code[i].op == y) || (to.op == y && code[i].op == x)));
    }
    CHECK(jumps > 10);
  }
}

}  // namespace kadenz::test

namespace kadenz::test {

// Durations where one is expected (if branches, `*`, `-`, `+`, min/max inside a `duration`
// table; a computed left side of a comparison): the register code and the steps agree, the
// records' faults (months with days of a duration fact) included.
TEST_CASE("code: durations widened inside if, *, -, + and min/max", "[code][duration]") {
  compare("durations",
          with_header("facts\n  id: text, key\n  b: bool\n  c: bool\n  n: int\n  m: months or empty\n"
                      "  x: duration\nend\n"
                      "table t: duration, hit shortest\n"
                      "  rule a §1 when b then if c then 4 weeks else 1 month\n"
                      "  rule b §2 when c then 6 weeks * n\n"
                      "  rule c §3 when not b and m is not empty then min(2 weeks + 3 days, m)\n"
                      "  rule d §4 when n > 3 then -(if b then 1 week else 2 months) * 2\n"
                      "  rule e §5 otherwise then max(x, 8 weeks) + x\n"
                      "end\n"
                      "output k = short_form(t, \"T\", \"W\", \"MM\")\n"
                      "output free = min(4 weeks, 2 months)\n"
                      "output cmp = 2 weeks * n < t\n"
                      "output s = \"{t}\"\n"));
}

}  // namespace kadenz::test
