// The C API's boundary (kadenz.h): the handles' C++ insides, the thread's last error, the guard
// that turns every exception into a status, and the strings handed to C.
#pragma once

#include <kadenz/kadenz.h>
#include <kadenz/kadenz.hpp>

#include "interpreter/pipeline/policy_access.hpp"

#include <cstdlib>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

// The handles are the C structs kadenz.h declares; their members are C++ and never seen by C.
struct kadenz_compile_options {
  kadenz::CompileOptions options;
};

struct kadenz_policy {
  kadenz::Policy policy;
};

struct kadenz_evaluator {
  explicit kadenz_evaluator(kadenz::Policy p) : policy(p), evaluator(std::move(p)) {}
  kadenz::Policy policy;
  kadenz::Evaluator evaluator;
  // The first failure of the current record that the C layer found itself (an unknown name, an
  // array given as a value); empty if there is none or the Evaluator's own came first.
  std::string error;
  bool failed = false;  // the current record has failed (here or in the Evaluator)
  std::string json;     // the decision's text, built here and copied out
};

namespace kadenz::capi {

// The compiled program behind a policy: the one place the C API reaches past the host API (for
// the output types, the facts' columns, the caseload runner and the message voice).
// Every handle holds a valid() Policy: its program is never null.
inline const detail::Program& program_of(const Policy& policy) noexcept { return *detail::program_of(policy); }

// Sets the thread's last error (kadenz_last_error) and returns `status`. Never throws: without
// memory for the text, the error is a fixed sentence.
kadenz_status fail(kadenz_status status, std::string_view message) noexcept;

// Empties the thread's last error: every function of kadenz.h starts with it.
void clear_error() noexcept;

// Runs `body` (returning a kadenz_status) with the last error cleared, and turns what it throws
// into a status: bad_alloc into KADENZ_ERROR_NO_MEMORY, anything else into
// KADENZ_ERROR_INTERNAL. Nothing crosses into C.
template <typename Body>
kadenz_status guarded(Body&& body) noexcept {
  clear_error();
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return fail(KADENZ_ERROR_NO_MEMORY, "out of memory");
  } catch (const std::exception& e) {
    return fail(KADENZ_ERROR_INTERNAL, e.what());
  } catch (...) {
    return fail(KADENZ_ERROR_INTERNAL, "an unknown exception");
  }
}

// A string allocated for C (malloc: kadenz_free_string frees it), freed here unless released.
struct FreeDeleter {
  void operator()(char* p) const noexcept { std::free(p); }
};
using CString = std::unique_ptr<char, FreeDeleter>;

// A NUL-terminated copy of `text` for C. Throws std::bad_alloc without memory.
CString c_string(std::string_view text);

// The fixed message of a NULL where `what` was required.
kadenz_status null_argument(const char* function, const char* what) noexcept;

// Appends `text` as a JSON string literal (quoted; ", \ and control characters escaped; bytes
// that are not UTF-8 as U+FFFD): detail::append_json_string.
void append_json(std::string& out, std::string_view text);

// A decision day written "YYYY-MM-DD" or "DD.MM.YYYY" (blanks around it skipped); nullopt for
// anything else.
std::optional<Date> parse_as_of(std::string_view text) noexcept;

}  // namespace kadenz::capi
