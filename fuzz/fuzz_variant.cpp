// Fuzz target: the text of a variant that `extends` the shipped Coburg policy -> compile, the
// merged stage printed (`kadenz dump --stage merged`, which names the file of every line), the
// diagnostics rendered, and one Coburg record evaluated with the variant.
#include <kadenz/dump.hpp>
#include <kadenz/kadenz.hpp>

#include "fuzz/fuzz_support.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>

namespace {

namespace fs = std::filesystem;

// A private copy of the repository's layout in a temporary directory, made once per process:
// the variant is compiled as DIR/examples/whatif/variant.kadenz, so both `extends
// "coburg.kadenz"` (the tests' spelling) and `extends "../../policies/coburg-land-2017.kadenz"`
// (the examples') reach the shipped policy. The directory is removed at exit.
const std::string& variant_name() {
  static const std::string name = [] {
    char pattern[] = "/tmp/kadenz-fuzz-variant-XXXXXX";
    if (mkdtemp(pattern) == nullptr) kadenz_fuzz::fail("cannot create a temporary directory");
    static fs::path root = pattern;
    std::error_code ec;
    fs::create_directories(root / "policies", ec);
    fs::create_directories(root / "examples" / "whatif", ec);
    for (const fs::path& p : {root / "policies" / "coburg-land-2017.kadenz", root / "examples" / "whatif" / "coburg.kadenz"}) {
      std::ofstream out(p, std::ios::binary);
      out << kadenz_fuzz::coburg_text();
      if (!out) kadenz_fuzz::fail("cannot write the Coburg policy into the temporary directory");
    }
    std::atexit([] {
      std::error_code ignored;
      fs::remove_all(root, ignored);
    });
    return (root / "examples" / "whatif" / "variant.kadenz").string();
  }();
  return name;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const kadenz::Compiled c = kadenz_fuzz::compile_and_render(variant_name(), text);
  if (!c.ok()) return 0;
  std::vector<kadenz::Diagnostic> dump_diagnostics;
  const std::string merged = kadenz::dump(variant_name(), text, kadenz::Stage::merged, dump_diagnostics);
  if (merged.empty()) kadenz_fuzz::fail("a variant that compiles has no merged stage");

  const kadenz::Policy policy = c.policy();
  kadenz::Evaluator ev(policy);
  kadenz_fuzz::set_coburg_record(ev, policy);
  (void)ev.evaluate({2017, 3, 1});
  return 0;
}
