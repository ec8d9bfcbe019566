// Fuzz target: the values a host program or a command line hands to kadenz for the shipped
// Coburg policy. The first byte picks the way in:
//   0: `--set` lines, NAME=VALUE each (CompileOptions::set, as `kadenz --set` builds them);
//   1: one `--set` value for a parameter picked by the second byte;
//   2: cells through the host API's setters, from a valid record (see below);
//   3: the same, evaluated as of a date taken from the input.
// A cell is: fact index byte (past the last fact is an out-of-range index), setter byte (set
// text / set_bool / set_int / set_date / set_empty), length byte, then that many value bytes.
// Every compiled policy decides the valid record; every record is evaluated.
#include <kadenz/kadenz.hpp>

#include "fuzz/fuzz_support.hpp"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>

namespace {

// Reads bytes off the front of the input; past its end every read gives zeros.
struct Bytes {
  const std::uint8_t* p;
  std::size_t n;
  std::uint8_t byte() {
    if (n == 0) return 0;
    --n;
    return *p++;
  }
  std::string_view take(std::size_t want) {
    const std::size_t k = want < n ? want : n;
    const std::string_view s(reinterpret_cast<const char*>(p), k);
    p += k;
    n -= k;
    return s;
  }
  std::int64_t int64() {
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v = (v << 8) | byte();
    std::int64_t r = 0;
    std::memcpy(&r, &v, sizeof r);
    return r;
  }
  kadenz::Date date() {
    const auto year = static_cast<std::int16_t>((byte() << 8) | byte());
    const auto month = static_cast<std::int8_t>(byte());
    const auto day = static_cast<std::int8_t>(byte());
    return {year, month, day};
  }
};

// Compiles the shipped policy with `--set` values and, if it compiles, decides the valid record.
void compile_with(kadenz::CompileOptions options) {
  const kadenz::Compiled c = kadenz_fuzz::compile_and_render(KADENZ_FUZZ_COBURG, kadenz_fuzz::coburg_text(), options);
  if (!c.ok()) return;
  const kadenz::Policy policy = c.policy();
  kadenz::Evaluator ev(policy);
  if (kadenz_fuzz::set_coburg_record(ev, policy) != 0) kadenz_fuzz::fail("--set changed a fact");
  (void)ev.evaluate({2017, 3, 1});
}

// `--set` lines as the command line splits them: the name before the first `=`, the rest the value.
void set_lines(std::string_view text) {
  kadenz::CompileOptions options;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    const std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    const auto eq = line.find('=');
    options.set.emplace_back(std::string(line.substr(0, eq)),
                             eq == std::string_view::npos ? std::string() : std::string(line.substr(eq + 1)));
  }
  compile_with(std::move(options));
}

// One value for one of the policy's parameters (or an unknown name).
void set_parameter(Bytes in) {
  static constexpr const char* kNames[] = {"first_interview", "follow_up",       "interpreter_limit", "prep_minutes",
                                           "weekly_hours",    "interview_share", "max_extension",     "no_such"};
  const char* name = kNames[in.byte() % (sizeof kNames / sizeof kNames[0])];
  kadenz::CompileOptions options;
  options.set.emplace_back(name, std::string(in.take(in.n)));
  compile_with(std::move(options));
}

// Cells through the setters, over a valid record, then one evaluation.
void set_cells(Bytes in, bool fuzzed_as_of) {
  const kadenz::Policy& policy = kadenz_fuzz::coburg_policy();
  kadenz::Evaluator ev(policy);
  if (kadenz_fuzz::set_coburg_record(ev, policy) != 0) kadenz_fuzz::fail("a valid Coburg cell was refused");
  const kadenz::Date as_of = fuzzed_as_of ? in.date() : kadenz::Date{2017, 3, 1};
  bool refused = false;  // a setter returned false: the record must not be decided
  while (in.n > 0) {
    const std::size_t fact = in.byte() % (policy.fact_count() + 1);
    const std::uint8_t setter = in.byte() % 5;
    const std::string_view bytes = in.take(in.byte());
    Bytes value{reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()};
    switch (setter) {
      case 0: refused |= !ev.set(fact, value.take(value.n)); break;
      case 1: refused |= !ev.set_bool(fact, (value.byte() & 1) != 0); break;
      case 2: refused |= !ev.set_int(fact, value.int64()); break;
      case 3: refused |= !ev.set_date(fact, value.date()); break;
      default: refused |= !ev.set_empty(fact); break;
    }
  }
  const kadenz::Decision& d = ev.evaluate(as_of);
  if (!d.decided && d.error.empty()) kadenz_fuzz::fail("a record was not decided and has no error");
  if (d.decided && refused) kadenz_fuzz::fail("a record was decided without a value a setter refused");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Bytes in{data, size};
  switch (in.byte() % 4) {
    case 0: set_lines(in.take(in.n)); break;
    case 1: set_parameter(in); break;
    case 2: set_cells(in, false); break;
    default: set_cells(in, true); break;
  }
  return 0;
}
