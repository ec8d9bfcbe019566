// Fuzz target: policy text -> compile (kadenz::compile_policy), the diagnostics rendered as text
// and JSON, `kadenz check`'s analysis (gaps, overlaps, witnesses) with its findings rendered, one
// evaluation through the host API with every fact unset (empty or default), and a few records
// evaluated both by the register code and node by node, which must agree (tests/test_code.cpp
// holds the same property for hand-written policies).
#include <kadenz/kadenz.hpp>

#include "interpreter/analyze/analyze.hpp"
#include "interpreter/caseload/format_value.hpp"
#include "interpreter/compile/program.hpp"
#include "interpreter/evaluate/evaluate.hpp"
#include "interpreter/pipeline/policy_access.hpp"
#include "stdlib/date.hpp"
#include "fuzz/fuzz_support.hpp"
#include "tests/outcome.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace {

namespace d = kadenz::detail;
using kadenz::test::outcome;

// splitmix64, seeded from the input, so that a replay evaluates the same records.
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

constexpr const char* kTexts[] = {"", "a", "x y", "=z"};

// Fact values of the right types, with empties and values at the edges of the ranges.
void random_facts(const d::Program& p, d::Frame& f, Rng& rng) {
  for (std::size_t i = 0; i < p.facts.size(); ++i) {
    const d::CompiledFact& fact = p.facts[i];
    d::Value v;
    if (fact.type.optional && rng.in(0, 3) == 0) {
      v.empty = true;
    } else {
      switch (fact.type.base) {
        case d::BaseType::boolean: v.i = rng.in(0, 1); break;
        case d::BaseType::enumeration: {
          const auto n = static_cast<std::int64_t>(p.enums[fact.type.enum_id].values.size());
          v.i = n > 0 ? rng.in(0, n - 1) : 0;
          break;
        }
        case d::BaseType::date: {
          const std::int64_t edge = rng.in(0, 8);
          v.i = edge == 0   ? d::max_date() - rng.in(0, 40)
                : edge == 1 ? d::min_date() + rng.in(0, 40)
                            : rng.in(d::days_from_civil(1940, 1, 1), d::days_from_civil(2030, 12, 31));
          break;
        }
        case d::BaseType::text: {
          const char* t = kTexts[rng.in(0, 3)];
          v.p = t;
          v.n = static_cast<std::uint32_t>(std::char_traits<char>::length(t));
          break;
        }
        default: {
          const std::int64_t edge = rng.in(0, 12);
          v.i = edge == 0 ? INT64_MAX - rng.in(0, 3) : edge == 1 ? INT64_MIN + rng.in(0, 3) : rng.in(-3, 14);
          break;
        }
      }
    }
    f.slots[i] = v;
  }
}

// The register code and the node-by-node walk over the same records must agree.
void compare_code_and_steps(const d::Program& coded, std::uint64_t seed) {
  if (coded.code.empty()) return;
  d::Program stepped = coded;  // the same program without register code: evaluated node by node
  stepped.code.clear();
  d::Frame a, b;
  d::prepare_frame(coded, a);
  d::prepare_frame(stepped, b);
  Rng rng{seed};
  for (int r = 0; r < 4; ++r) {
    d::reset_record(coded, a);
    d::reset_record(stepped, b);
    random_facts(coded, a, rng);
    a.slots[coded.as_of_slot].i = rng.in(0, 3) == 0 ? d::max_date() - 20 : d::days_from_civil(2017, 3, 1);
    std::copy_n(a.slots.begin(), coded.slot_count, b.slots.begin());
    if (!(outcome(coded, a) == outcome(stepped, b))) kadenz_fuzz::fail("register code and steps disagree");
  }
}

}  // namespace

// One policy text through everything `kadenz check` and one evaluation do. Never aborts on a
// policy's own mistakes (they are diagnostics); aborts only on a broken promise.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  const kadenz::Compiled c = kadenz_fuzz::compile_and_render("fuzz.kadenz", text);
  if (!c.ok()) return 0;
  const d::Program& p = *kadenz::detail::program_of(c);
  const std::int32_t as_of = p.valid_from.value_or(d::days_from_civil(2017, 3, 1));
  const d::Analysis analysis = d::analyze_program(p, as_of);
  (void)kadenz::render_text(*c.source, analysis.findings);
  (void)kadenz::render_json(*c.source, analysis.findings);

  // the host API with every fact unset: empty, its default, or a missing-value error
  const kadenz::Policy policy = c.policy();
  kadenz::Evaluator ev(policy);
  ev.reset();
  const d::CivilDate day = d::civil_from_days(as_of);
  (void)ev.evaluate({day.year, day.month, day.day});

  std::uint64_t seed = 1469598103934665603ull;  // FNV-1a of the text
  for (const char ch : text) seed = (seed ^ static_cast<unsigned char>(ch)) * 1099511628211ull;
  compare_code_and_steps(p, seed);
  return 0;
}
