// The library's own way to the compile behind the public Policy and Compiled (kadenz.hpp keeps
// it out of the public API: pimpl, no detail name there). Every internal user of a compiled
// program (the CLI, the reports, the tests) reads it through program_of.
#pragma once

#include "interpreter/compile/program.hpp"

#include <kadenz/kadenz.hpp>

#include <memory>
#include <vector>

namespace kadenz {

// What a Policy shares between its copies: the program and its introspection, built once by
// make_policy. Immutable after construction.
struct Policy::Impl {
  std::shared_ptr<const detail::Program> program;  // never null
  PolicyHeader header;
  std::vector<FactInfo> facts;
  std::vector<OutputInfo> outputs;
  std::vector<ParameterInfo> parameters;
};

// The access functions below are its only users.
struct Policy::Access {
  using Impl = Policy::Impl;
  static const std::shared_ptr<const Impl>& impl(const Policy& p) noexcept { return p.impl_; }
  static void set_impl(Policy& p, std::shared_ptr<const Impl> impl) noexcept { p.impl_ = std::move(impl); }
  static const Policy& policy(const Compiled& c) noexcept { return c.policy_; }
  static Policy& policy(Compiled& c) noexcept { return c.policy_; }
};

namespace detail {

// The program of a Policy; a null pointer for a Policy that is not valid().
const std::shared_ptr<const Program>& program_of(const Policy& policy) noexcept;
// The program of a compile; null if it had errors.
const std::shared_ptr<const Program>& program_of(const Compiled& compiled) noexcept;
// A Policy of `program` with its introspection built (introspect.cpp); a Policy that is not
// valid() for a null program. Throws std::bad_alloc only.
Policy make_policy(std::shared_ptr<const Program> program);
// Makes `compiled`'s policy that of `program` (make_policy); the compile's last step.
void set_program(Compiled& compiled, std::shared_ptr<const Program> program);

}  // namespace detail
}  // namespace kadenz
