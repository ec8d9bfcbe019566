// The kadenz command's caseload handling for explain and test: opening a caseload and binding its
// header, and the policy's validity; every message in the voice of the policy
// (kadenz::detail::Program::voice). eval, workload and whatif use kadenz/caseload.hpp.
#pragma once

#include "interpreter/caseload/cells.hpp"
#include "interpreter/caseload/csv.hpp"
#include "interpreter/caseload/keys.hpp"
#include "interpreter/caseload/run.hpp"
#include "interpreter/compile/program.hpp"

#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace kadenz::cli {

// Prints the catalogue's text `id` in `voice`, and a line break, to standard error (never throws).
void tell(const detail::Voice& voice, detail::Msg id, std::initializer_list<std::string_view> args = {}) noexcept;

// False (after a message) if as_of lies outside the policy's validity and --force was not given.
bool within_validity(const detail::Program& program, const std::string& path, std::int32_t as_of, bool force);

// An open caseload: the file (or stdin), its reader and header. Closes the file on destruction.
struct Caseload {
  std::FILE* in = nullptr;
  std::unique_ptr<detail::CsvReader> reader;
  std::vector<std::string> header;
  bool noted_encoding = false;  // note_encoding has spoken
  Caseload() = default;
  Caseload(const Caseload&) = delete;
  Caseload& operator=(const Caseload&) = delete;
  ~Caseload();
};

// Says once that the caseload was read as Windows-1252 because it is not UTF-8 (if so).
void note_encoding(const detail::Voice& voice, const std::string& path, Caseload& c);

// Opens the caseload and reads its header, the reader speaking in `voice`; false after a message.
bool open_caseload(const detail::Voice& voice, const std::string& path, Caseload& c, const std::string& encoding);

// Binds the caseload's header to a program's facts; false after a message.
bool bind_caseload(const detail::Program& program, const std::string& path, const Caseload& c,
                   detail::ColumnBinding& binding);

}  // namespace kadenz::cli
