// Reads caseload CSV exports (RFC 4180, as written by German office suites) record by record in bounded memory.
#pragma once

#include "stdlib/catalogue.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace kadenz::detail {

// Longest record the reader keeps in memory. One stray quote turns the rest of a file into a
// single field; without a cap a million-row caseload would be read whole. Real rows are a few
// hundred bytes even with free-text notes, so 16 MiB is never reached by an honest file. A longer
// record is skipped (its fields are not returned) and reported as a malformed record.
inline constexpr std::size_t kMaxRecordBytes = std::size_t{16} << 20;

// How the reader takes a caseload's bytes. Every byte a caseload command writes must be valid
// UTF-8, so a file in another encoding is either decoded or its cells are refused.
enum class Encoding : std::uint8_t {
  // UTF-8, unless the first byte that is not ASCII does not start a UTF-8 character: then the
  // whole file is Windows-1252 (ASCII reads the same in both, so nothing read before changes).
  // German Excel's plain "CSV" is Windows-1252; real Windows-1252 text almost never happens to
  // be valid UTF-8 (an umlaut would have to be followed by one of 0x80..0xBF).
  auto_detect,
  // The bytes as they are; a cell that is not valid UTF-8 is a row error (cells.cpp).
  utf8,
  // Windows-1252, decoded to UTF-8 as it is read.
  cp1252,
};

// Streaming CSV reader. Memory stays at chunk_size plus the longest record (at most
// kMaxRecordBytes), whatever the file size; fields are unescaped inside the reader's own buffer
// and handed out as views, so a warmed-up reader allocates nothing per record.
// Errors are data: nothing is thrown, nothing printed. Messages name lines, never cell contents
// (caseload rows are social data). Not thread-safe; one reader per input.
class CsvReader {
 public:
  // Reads from a C stream that the caller keeps open for the reader's lifetime (not owned, not
  // closed). chunk_size: bytes per fread (0 is taken as 1).
  explicit CsvReader(std::FILE* in, std::size_t chunk_size = std::size_t{1} << 20);

  // Reads from memory. The text is copied chunk-wise into the reader's buffer, so it need only
  // live while read_header()/next() run.
  explicit CsvReader(std::string_view text, std::size_t chunk_size = std::size_t{1} << 20);

  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  // How to take the bytes (default: auto_detect). Call it before read_header().
  void set_encoding(Encoding e) noexcept { requested_ = reading_ = e; }

  // The language of the reader's messages (default English): the program's voice.
  void set_lang(Lang lang) noexcept { lang_ = lang; }

  // What the bytes are read as so far: auto_detect while every byte seen was ASCII (the same in
  // every encoding the reader knows).
  Encoding encoding() const noexcept { return reading_; }

  // Whether auto_detect found bytes that are not UTF-8 and so reads the file as Windows-1252
  // (the caller says so: the user may want to save the file as "CSV UTF-8").
  bool guessed_cp1252() const noexcept {
    return requested_ == Encoding::auto_detect && reading_ == Encoding::cp1252;
  }

  // Reads the header row; call it once, before next(). Strips a UTF-8 BOM (and takes the file
  // as UTF-8), skips completely empty lines, and picks the delimiter from the header line: ';',
  // ',' or tab, whichever occurs most often outside quotes (',' on a tie with ';', tab only if
  // it occurs more often than both). If the header line ends with a CR that no LF follows, the
  // file has old Mac line ends: every CR is then read as a line end. Names are unquoted but not
  // trimmed (the caller trims). Returns false with a message in `error` for empty input, a
  // UTF-16 file, a NUL byte, an unclosed quote or an I/O error; after that next() returns false.
  bool read_header(std::vector<std::string>& names, std::string& error);

  // The delimiter chosen by read_header() (',' before it is called).
  char delimiter() const noexcept { return delimiter_; }

  // Whether read_header() found CR-only line ends.
  bool cr_line_ends() const noexcept { return cr_lines_; }

  // One data record. Reuse the same Record across calls: its vectors keep their capacity.
  struct Record {
    // Views into the reader's buffer, valid until the next call of next().
    std::vector<std::string_view> fields;
    // 1-based data record number; the header and skipped empty lines are not counted.
    std::size_t number = 0;
    // Physical 1-based line where the record starts (the header is line 1); line breaks inside
    // quoted fields are counted.
    std::size_t line = 0;
    // Non-empty for a malformed record (a quote not closed within kMaxQuotedContinuationBytes
    // after its line or by the end of the input, a NUL byte, longer than kMaxRecordBytes). Such a
    // record is still returned so that no row vanishes silently; after an unclosed quote it
    // holds the fields before it, and the next record starts on the line after the quote's.
    std::string error;
  };

  // Reads the next record into `out`; false at the end of the input, or after an I/O error (then
  // io_error() is non-empty).
  bool next(Record& out);

  // Why reading stopped early; empty while the input is readable.
  const std::string& io_error() const noexcept { return io_error_; }

  // Bytes held by the buffer: chunk size plus the longest record so far (Windows-1252: three
  // times the chunk size, as a byte may widen to three). For tests and diagnostics of the
  // memory bound.
  std::size_t buffer_capacity() const noexcept { return capacity_; }

 private:
  // Reads one chunk (read_chunk) and decodes it (decode). False on an I/O error.
  bool fill();

  // Moves the unconsumed bytes [begin_, end_) to the front, grows the buffer to hold them plus
  // one chunk, and reads one chunk. Sets eof_ on a short read. False on an I/O error.
  bool read_chunk();

  // Turns the bytes from offset `from` (relative to begin_) to end_ into what the parser reads:
  // decides the encoding while auto_detect has seen only ASCII (reading on while a character
  // may be cut by the chunk's end), widens Windows-1252 to UTF-8, and turns CRs into LFs for a
  // file with CR-only line ends. False on an I/O error.
  bool decode(std::size_t from);

  // Decodes the bytes from offset `from` to end_ from Windows-1252 to UTF-8, in place.
  void widen_cp1252(std::size_t from);

  // Consumes completely empty lines (LF or CRLF alone). False at the end of the input or on an
  // I/O error.
  bool skip_empty_lines();

  // Scans the header line (without consuming it) and sets the delimiter. False if there is no
  // header line or on an I/O error.
  bool detect_delimiter();

  void set_delimiter(char d) noexcept;

  // Whether the quoted field whose first line break ends at `from` (an offset from begin_)
  // closes within kMaxQuotedContinuationBytes (grammar/limits.hpp) before the input ends, with
  // a quote that a delimiter or a line end follows.
  bool quote_closes(std::size_t from);

  // The fast path of parse_record for a record without escapes that lies in the buffer.
  bool scan_plain_record();

  // Parses one record starting at begin_ into ends_ (field end offsets relative to
  // record_base_; the fast path also fills starts_), sets `start_line` and, for a malformed record, `error`. False at the end of the
  // input or on an I/O error.
  bool parse_record(std::size_t& start_line, std::string& error);

  std::FILE* file_ = nullptr;  // the stream source when from_file_
  bool from_file_ = false;
  std::string_view text_;      // the memory source; text_pos_ is how much has been copied
  std::size_t text_pos_ = 0;
  std::size_t chunk_size_;

  // The buffer: [begin_, end_) is read but not yet consumed. Allocated uninitialised because
  // every byte is written by a read before it is looked at.
  std::unique_ptr<char[]> buf_;
  std::size_t capacity_ = 0;
  std::size_t begin_ = 0;
  std::size_t end_ = 0;
  bool eof_ = false;     // the source has no more bytes (what is in the buffer is all there is)
  bool failed_ = false;  // read_header failed: the rest of the input is not CSV we understand

  Encoding requested_ = Encoding::auto_detect;
  Lang lang_ = Lang::en;
  Encoding reading_ = Encoding::auto_detect;
  bool decoding_ = false;  // decode() runs on what fill() reads (after the header's first bytes)
  bool cr_lines_ = false;  // CR-only line ends: decode() turns each CR into LF

  char delimiter_ = ',';
  // Bytes that end a run of plain characters outside quotes: the delimiter, LF, CR and NUL.
  // A table keeps the hot loop at one load and one branch per byte.
  std::array<bool, 256> special_{};

  std::size_t line_ = 1;     // physical line of begin_
  std::size_t records_ = 0;  // data records returned so far
  std::size_t record_base_ = 0;    // where the last parsed record's unescaped bytes start
  std::vector<std::size_t> ends_;  // end offset of each field of the last parsed record
  std::vector<std::size_t> starts_;  // start offset of each field, if plain_
  bool plain_ = false;  // the last record was found by scan_plain_record: fields are not contiguous
  std::string io_error_;
};

}  // namespace kadenz::detail
