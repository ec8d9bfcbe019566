// The C API (kadenz.h), its library side: version, the thread's last error, strings, compile
// options, compiling and introspection. Records and caseloads are in evaluate_c.cpp.
#include "interpreter/capi/boundary.hpp"

#include "stdlib/date.hpp"
#include "stdlib/json_text.hpp"
#include "stdlib/utf8.hpp"

#include <kadenz/version.hpp>

#include <cstring>

namespace kadenz::capi {
namespace {

// The thread's last error. `fixed` (a static sentence) stands in when the text could not be
// stored for want of memory.
thread_local std::string last_error;
thread_local const char* last_error_fixed = nullptr;

}  // namespace

kadenz_status fail(kadenz_status status, std::string_view message) noexcept {
  try {
    // Valid UTF-8 whatever the host passed (a fact name in Latin-1 is echoed as U+FFFD).
    last_error.clear();
    utf8::append_safe(last_error, message);
    last_error_fixed = nullptr;
  } catch (...) {
    last_error_fixed = "out of memory (the error message could not be stored)";
  }
  return status;
}

void clear_error() noexcept {
  last_error.clear();  // keeps its capacity: never allocates
  last_error_fixed = nullptr;
}

CString c_string(std::string_view text) {
  char* p = static_cast<char*>(std::malloc(text.size() + 1));
  if (p == nullptr) throw std::bad_alloc();
  if (!text.empty()) std::memcpy(p, text.data(), text.size());
  p[text.size()] = '\0';
  return CString(p);
}

kadenz_status null_argument(const char* function, const char* what) noexcept {
  try {
    return fail(KADENZ_ERROR_INVALID_ARGUMENT, std::string(function) + ": `" + what + "` is NULL");
  } catch (...) {
    return fail(KADENZ_ERROR_INVALID_ARGUMENT, "an argument is NULL");
  }
}

void append_json(std::string& out, std::string_view text) { detail::append_json_string(out, text); }

std::optional<Date> parse_as_of(std::string_view text) noexcept {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  const auto day = detail::parse_date(text);
  if (!day) return std::nullopt;
  const detail::CivilDate c = detail::civil_from_days(*day);
  return Date{c.year, c.month, c.day};
}

namespace {

// The compile shared by kadenz_compile_file and kadenz_compile_text, after their arguments are
// checked: hands out the policy and the diagnostics, and says which status the compile has.
kadenz_status hand_out(const Compiled& compiled, kadenz_policy** policy, char** diagnostics_json,
                       char** diagnostics_text) {
  CString json, text;
  if (diagnostics_json != nullptr) json = c_string(render_json(*compiled.source, compiled.diagnostics));
  if (diagnostics_text != nullptr) {
    text = c_string(compiled.diagnostics.empty() ? std::string()
                                                 : render_text(*compiled.source, compiled.diagnostics, compiled.lang));
  }
  kadenz_status status = KADENZ_OK;
  std::unique_ptr<kadenz_policy> made;
  if (compiled.ok()) {
    made = std::make_unique<kadenz_policy>();
    made->policy = compiled.policy();
  } else {
    // the first error says why; an unreadable file (its own or a base's) is I/O, not the policy
    status = KADENZ_ERROR_COMPILE;
    for (const Diagnostic& d : compiled.diagnostics) {
      if (d.severity != Severity::error) continue;
      if (d.code == "io") status = KADENZ_ERROR_IO;
      fail(status, d.message);
      break;
    }
    if (status == KADENZ_ERROR_COMPILE && kadenz_last_error()[0] == '\0') fail(status, "the policy has errors");
  }
  *policy = made.release();
  if (diagnostics_json != nullptr) *diagnostics_json = json.release();
  if (diagnostics_text != nullptr) *diagnostics_text = text.release();
  return status;
}

// Clears the out-parameters a compile hands over, so that they are NULL on every failure.
void clear_outputs(kadenz_policy** policy, char** diagnostics_json, char** diagnostics_text) noexcept {
  if (policy != nullptr) *policy = nullptr;
  if (diagnostics_json != nullptr) *diagnostics_json = nullptr;
  if (diagnostics_text != nullptr) *diagnostics_text = nullptr;
}

}  // namespace
}  // namespace kadenz::capi

using namespace kadenz::capi;

extern "C" {

const char* kadenz_version(void) { return kadenz::version(); }

const char* kadenz_last_error(void) { return last_error_fixed != nullptr ? last_error_fixed : last_error.c_str(); }

void kadenz_free_string(char* text) { std::free(text); }

kadenz_status kadenz_compile_options_new(kadenz_compile_options** options) {
  return guarded([&] {
    if (options == nullptr) return null_argument("kadenz_compile_options_new", "options");
    *options = nullptr;
    *options = new kadenz_compile_options();
    return KADENZ_OK;
  });
}

void kadenz_compile_options_free(kadenz_compile_options* options) { delete options; }

kadenz_status kadenz_compile_options_set_lang(kadenz_compile_options* options, const char* lang) {
  return guarded([&] {
    if (options == nullptr) return null_argument("kadenz_compile_options_set_lang", "options");
    const std::string_view l = lang == nullptr ? std::string_view() : std::string_view(lang);
    if (l.empty()) {
      options->options.lang.reset();
    } else if (l == "en") {
      options->options.lang = kadenz::Lang::en;
    } else if (l == "de") {
      options->options.lang = kadenz::Lang::de;
    } else {
      return fail(KADENZ_ERROR_INVALID_ARGUMENT, "kadenz_compile_options_set_lang: the language is \"en\" or \"de\"");
    }
    return KADENZ_OK;
  });
}

kadenz_status kadenz_compile_options_add_set(kadenz_compile_options* options, const char* name, const char* value) {
  return guarded([&] {
    if (options == nullptr) return null_argument("kadenz_compile_options_add_set", "options");
    if (name == nullptr) return null_argument("kadenz_compile_options_add_set", "name");
    if (value == nullptr) return null_argument("kadenz_compile_options_add_set", "value");
    auto& set = options->options.set;
    for (auto& [n, v] : set) {
      if (n == name) {
        v = value;  // the last value given wins, as with a repeated `--set`
        return KADENZ_OK;
      }
    }
    set.emplace_back(name, value);
    return KADENZ_OK;
  });
}

kadenz_status kadenz_compile_options_set_file_access(kadenz_compile_options* options, kadenz_file_access access,
                                                     const char* directory) {
  return guarded([&] {
    if (options == nullptr) return null_argument("kadenz_compile_options_set_file_access", "options");
    switch (access) {
      case KADENZ_FILES_RELATIVE: options->options.resolve_extends = kadenz::files_relative_to_policy(); break;
      case KADENZ_FILES_NONE: options->options.resolve_extends = kadenz::no_file_access(); break;
      case KADENZ_FILES_UNDER:
        if (directory == nullptr || directory[0] == '\0') {
          return fail(KADENZ_ERROR_INVALID_ARGUMENT,
                      "kadenz_compile_options_set_file_access: KADENZ_FILES_UNDER needs a directory");
        }
        options->options.resolve_extends = kadenz::files_under(directory);
        break;
      default:
        return fail(KADENZ_ERROR_INVALID_ARGUMENT, "kadenz_compile_options_set_file_access: unknown file access");
    }
    return KADENZ_OK;
  });
}

kadenz_status kadenz_compile_file(const char* path, const kadenz_compile_options* options, kadenz_policy** policy,
                                  char** diagnostics_json, char** diagnostics_text) {
  return guarded([&] {
    clear_outputs(policy, diagnostics_json, diagnostics_text);
    if (policy == nullptr) return null_argument("kadenz_compile_file", "policy");
    if (path == nullptr) return null_argument("kadenz_compile_file", "path");
    const kadenz::CompileOptions defaults;
    const auto compiled = kadenz::compile_policy_file(path, options != nullptr ? options->options : defaults);
    return hand_out(compiled, policy, diagnostics_json, diagnostics_text);
  });
}

kadenz_status kadenz_compile_text(const char* name, const char* text, const kadenz_compile_options* options,
                                  kadenz_policy** policy, char** diagnostics_json, char** diagnostics_text) {
  return guarded([&] {
    clear_outputs(policy, diagnostics_json, diagnostics_text);
    if (policy == nullptr) return null_argument("kadenz_compile_text", "policy");
    if (name == nullptr) return null_argument("kadenz_compile_text", "name");
    if (text == nullptr) return null_argument("kadenz_compile_text", "text");
    const kadenz::CompileOptions defaults;
    const auto compiled = kadenz::compile_policy(name, text, options != nullptr ? options->options : defaults);
    return hand_out(compiled, policy, diagnostics_json, diagnostics_text);
  });
}

void kadenz_policy_free(kadenz_policy* policy) { delete policy; }

kadenz_status kadenz_policy_describe_json(const kadenz_policy* policy, char** json) {
  return guarded([&] {
    if (json == nullptr) return null_argument("kadenz_policy_describe_json", "json");
    *json = nullptr;
    if (policy == nullptr) return null_argument("kadenz_policy_describe_json", "policy");
    *json = c_string(policy->policy.describe_json()).release();
    return KADENZ_OK;
  });
}

}  // extern "C"
