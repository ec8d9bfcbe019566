// The kadenz command's caseload handling (see caseload_io.hpp): moved out of main.cpp so that
// every message of eval, workload and whatif about a caseload goes through the catalogue.
#include "cli/caseload_io.hpp"

#include "cli/print.hpp"
#include "interpreter/caseload/error_kinds.hpp"
#include "stdlib/date.hpp"
#include "stdlib/utf8.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace kadenz::cli {
namespace {

using detail::Msg;
using detail::Voice;

// The reader's encoding for an --encoding value (CLI11 allows only these three).
detail::Encoding encoding_of(const std::string& name) {
  if (name == "utf-8") return detail::Encoding::utf8;
  if (name == "cp1252") return detail::Encoding::cp1252;
  return detail::Encoding::auto_detect;
}

// Why `workload` and `whatif` refuse a caseload with repeated ids: they would count those
// customers twice. False (after the message) if ids repeat or may repeat.
bool refuse_duplicates(const Voice& v, const std::string& path, const detail::DuplicateKeys& dups,
                       std::size_t unconfirmed) {
  if (dups.rows == 0 && unconfirmed == 0) return true;
  if (dups.rows > 0) {
    tell(v, Msg::refuse_repeat, {path, detail::rows_text(dups.rows, v)});
    for (const auto& d : dups.shown) say("  {}\n", detail::describe_duplicate(d, v));
    if (dups.ids > dups.shown.size()) tell(v, Msg::refuse_more_ids, {std::to_string(dups.ids - dups.shown.size())});
  } else {
    tell(v, Msg::refuse_may_repeat, {path, detail::rows_text(unconfirmed, v)});
  }
  tell(v, Msg::refuse_help);
  return false;
}

}  // namespace

// The text is built before printing; a failure to build it (out of memory) is remembered like a
// failure to print.
void tell(const Voice& voice, Msg id, std::initializer_list<std::string_view> args) noexcept {
  try {
    // the arguments may be file names, which need not be UTF-8: invalid bytes become U+FFFD
    std::string text;
    utf8::append_safe(text, detail::say(voice, id, args));
    text += '\n';
    put(stderr, text);
  } catch (...) {
    print_failed() = true;
  }
}

bool within_validity(const detail::Program& program, const std::string& path, std::int32_t as_of, bool force) {
  const bool before = program.valid_from && as_of < *program.valid_from;
  const bool after = program.valid_until && as_of > *program.valid_until;
  if ((before || after) && !force) {
    const Voice& v = program.voice;
    tell(v, Msg::outside_validity,
         {detail::iso_date(as_of), path, program.valid_from ? detail::iso_date(*program.valid_from) : "-",
          program.valid_until ? detail::iso_date(*program.valid_until) : detail::say(v, Msg::open_end)});
    return false;
  }
  return true;
}

Caseload::~Caseload() {
  if (in != nullptr && in != stdin) std::fclose(in);
}

// The decisions are right, but the user may want to save it as UTF-8 or say so with --encoding.
void note_encoding(const Voice& voice, const std::string& path, Caseload& c) {
  if (c.noted_encoding || !c.reader->guessed_cp1252()) return;
  c.noted_encoding = true;
  tell(voice, Msg::note_read_as_cp1252, {path});
}

bool open_caseload(const Voice& voice, const std::string& path, Caseload& c, const std::string& encoding) {
  c.in = stdin;
  if (path != "-") {
    c.in = std::fopen(path.c_str(), "rb");
    if (!c.in) {
      tell(voice, Msg::cannot_read_file, {path, std::strerror(errno)});
      return false;
    }
  }
  c.reader = std::make_unique<detail::CsvReader>(c.in);
  c.reader->set_encoding(encoding_of(encoding));
  c.reader->set_lang(voice.text);
  std::string error;
  if (!c.reader->read_header(c.header, error)) {
    say("kadenz: {}: {}\n", path, error);
    return false;
  }
  note_encoding(voice, path, c);
  return true;
}

bool bind_caseload(const detail::Program& program, const std::string& path, const Caseload& c,
                   detail::ColumnBinding& binding) {
  std::string error;
  if (!detail::bind_columns(program, c.header, binding, error)) {
    say("kadenz: {}: {}\n", path, error);
    return false;
  }
  for (const auto& note : binding.notes) tell(program.voice, Msg::note_line, {note});
  return true;
}

// Pass 2 of the duplicate-id check (interpreter/caseload/keys.hpp): if pass 1 (`keys`) saw a
// hash twice, reads the caseload again and compares those rows' ids exactly, so a hash collision
// never makes a report. Standard input, a pipe or a device cannot be read twice: then the rows
// with a repeated hash are only counted (`unconfirmed`). False after a message if the second
// reading fails or finds another header. The second reading decodes as the first did (`encoding`,
// or Windows-1252 if the first guessed it), so the ids compare as they were hashed.
bool find_duplicates(const detail::Program& program, const detail::ColumnBinding& binding, const std::string& path,
                     const std::string& encoding, const Caseload& first, detail::KeyHashes& keys,
                     detail::DuplicateKeys& dups, std::size_t& unconfirmed) {
  dups = {};
  unconfirmed = 0;
  if (keys.repeats() == 0) return true;
  std::error_code ec;
  if (path == "-" || !std::filesystem::is_regular_file(path, ec)) {
    unconfirmed = keys.repeats();
    return true;
  }
  Caseload again;
  again.noted_encoding = true;  // the first reading has said it
  if (!open_caseload(program.voice, path, again, first.reader->guessed_cp1252() ? "cp1252" : encoding)) return false;
  if (again.header != first.header) {
    tell(program.voice, Msg::caseload_changed, {path});
    return false;
  }
  std::string error;
  if (!detail::find_duplicate_keys(program, binding, *again.reader, keys.repeated(), dups, error)) {
    say("kadenz: {}: {}\n", path, error);
    return false;
  }
  return true;
}

void warn_duplicates(const Voice& v, const detail::DuplicateKeys& dups, std::size_t unconfirmed) {
  for (const auto& d : dups.shown) tell(v, Msg::warning_line, {detail::describe_duplicate(d, v)});
  if (dups.ids > dups.shown.size()) tell(v, Msg::more_ids_repeat, {std::to_string(dups.ids - dups.shown.size())});
  if (dups.rows > 0)
    tell(v, dups.rows == 1 ? Msg::rows_repeat_id_one : Msg::rows_repeat_id_many, {std::to_string(dups.rows)});
  if (unconfirmed > 0) tell(v, Msg::rows_may_repeat_id, {detail::rows_text(unconfirmed, v)});
}

bool keys_unique(const detail::Program& program, const detail::ColumnBinding& binding, const std::string& path,
                 const std::string& encoding, const Caseload& c, detail::KeyHashes& keys) {
  detail::DuplicateKeys dups;
  std::size_t unconfirmed = 0;
  return find_duplicates(program, binding, path, encoding, c, keys, dups, unconfirmed) &&
         refuse_duplicates(program.voice, path, dups, unconfirmed);
}

void say_error_kinds(const Voice& voice, const detail::CaseloadSummary& summary) {
  if (summary.errors == 0) return;
  tell(voice, Msg::kinds_heading);
  for (const auto& line : detail::error_kind_lines(summary.error_kinds.sorted(), voice)) say("{}\n", line);
}

}  // namespace kadenz::cli
