// Shared by the fuzz targets: the shipped Coburg policy (read once from the path the build
// gives), a check that stops the run with a message, and a complete valid Coburg record.
#pragma once

#include <kadenz/kadenz.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>

#ifndef KADENZ_FUZZ_COBURG
#error "KADENZ_FUZZ_COBURG (the path of policies/coburg-land-2017.kadenz) is set by fuzz/CMakeLists.txt"
#endif

namespace kadenz_fuzz {

// Stops the run as a finding: libFuzzer keeps the input as a crash, the replay exits non-zero.
// For properties the library promises (outputs equal at -j 1 and -j 2, the shipped policy
// compiles), not for a policy's or caseload's own mistakes, which are data.
[[noreturn]] inline void fail(const char* what) {
  std::fprintf(stderr, "fuzz finding: %s\n", what);
  std::abort();
}

// Compiles `text` as `name` (with `options`) and renders its diagnostics both ways (the renderers must take
// whatever the compiler reports); a compile without a program must have said why.
inline kadenz::Compiled compile_and_render(const std::string& name, const std::string& text,
                                          const kadenz::CompileOptions& options = {}) {
  kadenz::Compiled c = kadenz::compile_policy(name, text, options);
  if (!c.source) fail("compile_policy returned no source");
  (void)kadenz::render_text(*c.source, c.diagnostics);
  (void)kadenz::render_json(*c.source, c.diagnostics);
  if (!c.ok() && kadenz::count_errors(c.diagnostics) == 0) fail("no program, but no error either");
  return c;
}

// The shipped policy's text, read once. Its absence is a broken build, not a finding.
inline const std::string& coburg_text() {
  static const std::string text = [] {
    std::ifstream in(KADENZ_FUZZ_COBURG, std::ios::binary);
    if (!in) fail("cannot read the Coburg policy at KADENZ_FUZZ_COBURG");
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }();
  return text;
}

// The Coburg policy compiled once (it must compile: the tests say so).
inline const kadenz::Policy& coburg_policy() {
  static const kadenz::Policy policy = [] {
    kadenz::Compiled c = kadenz::compile_policy(KADENZ_FUZZ_COBURG, coburg_text());
    if (!c.ok()) fail("the shipped Coburg policy does not compile");
    return c.policy();
  }();
  return policy;
}

// Sets every fact of a Coburg record to a valid value (an arbeitslos, marktnah customer with a
// last contact), so that a fuzzed cell changes one value of a record that would be decided.
// Returns how many cells were refused: none for the shipped policy; a variant may have changed
// a fact's type.
inline int set_coburg_record(kadenz::Evaluator& ev, const kadenz::Policy& p) {
  static constexpr std::string_view kCells[][2] = {
      {"id", "K-1"},           {"birth_date", "05.05.1980"},  {"status", "arbeitslos"},
      {"profile", "marktnah"}, {"bfm", "nein"},              {"massnahme", "nein"},
      {"arbeitsunfaehig", "nein"}, {"foerderung", "keine"},  {"para10", "nein"},
      {"german_ok", "ja"},     {"last_contact", "2017-01-15"}, {"profiling_date", "2016-12-01"},
      {"extension_months", "0"}, {"extension_reason", ""},   {"closer_months", ""},
  };
  ev.reset();
  int refused = 0;
  for (const auto& cell : kCells) refused += ev.set(p.find_fact(cell[0]), cell[1]) ? 0 : 1;
  return refused;
}

}  // namespace kadenz_fuzz
