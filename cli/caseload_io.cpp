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

}  // namespace kadenz::cli
