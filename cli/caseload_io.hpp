// The kadenz command's caseload handling shared by eval, workload and whatif: opening a caseload
// and binding its header, the policy's validity, repeated ids, the summary of the rows not
// decided; every message in the voice of the policy (kadenz::detail::Program::voice).
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

// Pass 2 of the duplicate-id check; see caseload_io.cpp.
bool find_duplicates(const detail::Program& program, const detail::ColumnBinding& binding, const std::string& path,
                     const std::string& encoding, const Caseload& first, detail::KeyHashes& keys,
                     detail::DuplicateKeys& dups, std::size_t& unconfirmed);

// The warnings of `kadenz eval` about repeated ids: each listed id with its lines, then the count.
void warn_duplicates(const detail::Voice& voice, const detail::DuplicateKeys& dups, std::size_t unconfirmed);

// For workload and whatif, after the run: false (after the message) if ids repeat or may
// repeat (their customers would be counted twice), or the second reading failed.
bool keys_unique(const detail::Program& program, const detail::ColumnBinding& binding, const std::string& path,
                 const std::string& encoding, const Caseload& c, detail::KeyHashes& keys);

// The most common kinds of error of the rows not decided, after the summary line.
void say_error_kinds(const detail::Voice& voice, const detail::CaseloadSummary& summary);

}  // namespace kadenz::cli
