// A host program: loads a policy at run time, decides a few customers built in code, prints
// the decisions. Usage: kadenz_host POLICY.kadenz
#include <kadenz/kadenz.hpp>
#include <kadenz/version.hpp>

#include <cstdio>
#include <cstring>
#include <string>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s POLICY.kadenz\n", argv[0]);
    return 2;
  }
  // The library the program runs with (a shared libkadenz.so may have been replaced since the
  // program was built) against the headers it was compiled with: while kadenz is 0.x, another
  // MINOR version is another ABI.
  std::printf("kadenz %s (headers %s)\n", kadenz::version(), KADENZ_VERSION_STRING);
  const std::string header_series = std::to_string(KADENZ_VERSION_MAJOR) + "." + std::to_string(KADENZ_VERSION_MINOR) + ".";
  if (std::strncmp(kadenz::version(), header_series.c_str(), header_series.size()) != 0) {
    std::fprintf(stderr, "libkadenz %s does not match the headers %s\n", kadenz::version(), KADENZ_VERSION_STRING);
    return 2;
  }

  // Compile once. Diagnostics come back as data; the host decides how to show them.
  const kadenz::Compiled compiled = kadenz::compile_policy_file(argv[1]);
  if (!compiled.ok()) {
    std::fputs(kadenz::render_text(*compiled.source, compiled.diagnostics).c_str(), stderr);
    return 2;
  }
  const kadenz::Policy policy = compiled.policy();

  // Resolve fact names once. A FactRef belongs to this policy; check that each name was found
  // (setting one that was not fails the customer's record anyway, with a message).
  struct Fact {
    const char* name;
    kadenz::FactRef ref;
  };
  Fact facts[] = {{"id", {}},        {"birth_date", {}},     {"status", {}},       {"profile", {}},
                  {"bfm", {}},       {"massnahme", {}},      {"arbeitsunfaehig", {}}, {"foerderung", {}},
                  {"para10", {}},    {"german_ok", {}},      {"last_contact", {}}};
  for (auto& f : facts) {
    f.ref = policy.fact(f.name);
    if (!f.ref.valid()) {
      std::fprintf(stderr, "the policy has no fact `%s`\n", f.name);
      return 2;
    }
  }

  // Customers as a case-management system would hold them.
  struct Customer {
    const char* id;
    kadenz::Date born;
    const char* status;
    const char* profile;
    bool bfm, measure, german;
    const char* last_contact;  // "" for no first interview yet
  };
  const Customer customers[] = {
      {"K-100", {1980, 5, 5}, "arbeitslos", "marktnah", false, false, true, "2016-12-31"},
      {"K-101", {1998, 7, 1}, "arbeitslos", "marktfern", false, false, true, "2017-01-15"},
      {"K-102", {1975, 1, 1}, "arbeitsuchend", "marktfern", false, true, false, "2016-11-30"},
      {"K-103", {1990, 3, 3}, "ohne_status", "integriert_hilfebeduerftig", true, false, true, ""},
      {"K-104", {1985, 2, 2}, "arbeitslose", "marktnah", false, false, true, "2017-01-01"},  // a bad value
  };

  // One Evaluator per thread; here one thread, reused for every customer. evaluate() ends a
  // customer's record: the next setter starts the next customer from nothing (no reset()).
  kadenz::Evaluator evaluator(policy);
  std::printf("%-6s %-5s %-8s %-10s %-14s %s\n", "id", "code", "interval", "next due", "rule (§)", "error");
  for (const Customer& c : customers) {
    // A setter that refuses its value returns false and fails the record: evaluate() then says
    // why, so the return values need no checking here.
    evaluator.set(facts[0].ref, c.id);
    evaluator.set_date(facts[1].ref, c.born);
    evaluator.set(facts[2].ref, c.status);
    evaluator.set(facts[3].ref, c.profile);
    evaluator.set_bool(facts[4].ref, c.bfm);
    evaluator.set_bool(facts[5].ref, c.measure);
    evaluator.set_bool(facts[6].ref, false);
    evaluator.set(facts[7].ref, "keine");
    evaluator.set_bool(facts[8].ref, false);
    evaluator.set_bool(facts[9].ref, c.german);
    evaluator.set(facts[10].ref, c.last_contact);
    // The Decision owns its texts: a copy stays valid after the next customer.
    const kadenz::Decision& d = evaluator.evaluate(kadenz::Date{2017, 3, 1});
    if (!d.decided) {
      std::printf("%-6s %-5s %-8s %-10s %-14s %s\n", c.id, "-", "-", "-", "-", d.error.c_str());
      continue;
    }
    const std::string rule = d.rule + " (" + d.section + ")";
    std::printf("%-6s %-5s %-8s %-10s %-14s\n", c.id, d.outputs[0].c_str(), d.outputs[1].c_str(),
                d.outputs[2].c_str(), rule.c_str());
  }
  return 0;
}
