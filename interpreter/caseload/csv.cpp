// Streaming CSV reader: chunked input, a resumable record scanner, in-place unescaping.
#include "interpreter/caseload/csv.hpp"

#include "grammar/limits.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace kadenz::detail {
namespace {

// Where the scanner is inside a record. Kept across refills, so a record can span any number of
// chunks without being scanned twice.
enum class State : unsigned char {
  field_start,  // nothing of the current field seen yet: a quote here opens a quoted field
  plain,        // inside an unquoted field, or after the closing quote of a quoted one
  quoted,       // inside quotes: delimiters and line breaks are data
};

// Byte value as an index; `char` may be signed.
constexpr std::size_t byte_index(char c) noexcept {
  return static_cast<unsigned char>(c);
}

// A UTF-16 byte order mark (either order): what Excel's "Unicode text" export starts with.
// The reader refuses such a file rather than read every other byte as NUL.
constexpr bool starts_utf16(unsigned char b0, unsigned char b1) noexcept {
  return (b0 == 0xFF && b1 == 0xFE) || (b0 == 0xFE && b1 == 0xFF);
}

// The UTF-8 byte order mark that Windows tools put before the header; it is not part of the
// first column's name.
// The first bytes of a spreadsheet workbook: a ZIP archive (.xlsx, .xlsm, .ods: "PK\3\4") or an
// OLE2 compound file (.xls: D0 CF 11 E0). Read as CSV they give "a NUL byte on line 1"; the
// reader says instead what the file is and how to save it as CSV.
constexpr bool starts_workbook(unsigned char b0, unsigned char b1, unsigned char b2, unsigned char b3) noexcept {
  return (b0 == 'P' && b1 == 'K' && b2 == 0x03 && b3 == 0x04) || (b0 == 0xD0 && b1 == 0xCF && b2 == 0x11 && b3 == 0xE0);
}

constexpr bool is_utf8_bom(unsigned char b0, unsigned char b1, unsigned char b2) noexcept {
  return b0 == 0xEF && b1 == 0xBB && b2 == 0xBF;
}

}  // namespace

CsvReader::CsvReader(std::FILE* in, std::size_t chunk_size)
    : file_(in), from_file_(true), chunk_size_(std::max<std::size_t>(chunk_size, 1)) {
  set_delimiter(',');
}

// A chunk larger than the whole text would only waste memory.
CsvReader::CsvReader(std::string_view text, std::size_t chunk_size)
    : text_(text),
      chunk_size_(std::clamp<std::size_t>(chunk_size, 1, std::max<std::size_t>(text.size(), 1))) {
  set_delimiter(',');
}

// Rebuilds the table of bytes that end a run of plain field bytes for delimiter `d`.
void CsvReader::set_delimiter(char d) noexcept {
  delimiter_ = d;
  special_.fill(false);
  special_[byte_index(d)] = true;
  special_[byte_index('\n')] = true;
  special_[byte_index('\r')] = true;
  special_[byte_index('\0')] = true;
}

// Before read_header has looked at the first bytes (byte order marks) nothing is decoded.
bool CsvReader::fill() {
  const std::size_t from = end_ - begin_;
  if (!read_chunk()) return false;
  return !decoding_ || decode(from);
}

// Growth is exact (live bytes plus one chunk), not geometric, so the buffer never holds more
// than the promised bound. Copying on growth costs no more than the compaction that a long
// record needs anyway.
bool CsvReader::read_chunk() {
  const std::size_t live = end_ - begin_;
  const std::size_t needed = live + chunk_size_;
  if (capacity_ < needed) {
    auto bigger = std::make_unique_for_overwrite<char[]>(needed);
    if (live > 0) std::memcpy(bigger.get(), buf_.get() + begin_, live);
    buf_ = std::move(bigger);
    capacity_ = needed;
  } else if (begin_ > 0 && live > 0) {
    std::memmove(buf_.get(), buf_.get() + begin_, live);
  }
  begin_ = 0;
  end_ = live;

  std::size_t got = 0;
  if (from_file_) {
    if (file_ == nullptr) {
      eof_ = true;
      io_error_ = say(Voice{lang_, lang_}, Msg::csv_no_stream);
      return false;
    }
    errno = 0;
    got = std::fread(buf_.get() + end_, 1, chunk_size_, file_);
    // fread keeps reading until the chunk is full, so a short read means end of file or error.
    if (got < chunk_size_) {
      eof_ = true;
      if (std::ferror(file_) != 0) {
        const int err = errno;
        io_error_ = say(Voice{lang_, lang_}, Msg::csv_read_failed);
        if (err != 0) {
          io_error_ += ": ";
          io_error_ += std::strerror(err);
        }
        return false;
      }
    }
  } else {
    got = std::min(chunk_size_, text_.size() - text_pos_);
    if (got > 0) std::memcpy(buf_.get() + end_, text_.data() + text_pos_, got);
    text_pos_ += got;
    if (text_pos_ == text_.size()) eof_ = true;
  }
  end_ += got;
  return true;
}

// empty-line = LF / CR LF      ; zero characters before the line end
// A CR alone at the very end of the input is taken as a truncated CRLF.
bool CsvReader::skip_empty_lines() {
  for (;;) {
    if (begin_ == end_) {
      if (eof_ || !fill()) return false;
      continue;
    }
    const char c = buf_[begin_];
    if (c == '\n') {
      ++begin_;
      ++line_;
      continue;
    }
    if (c != '\r') return true;
    if (begin_ + 1 == end_) {
      if (!eof_) {
        if (!fill()) return false;
        continue;
      }
      ++begin_;
      continue;
    }
    if (buf_[begin_ + 1] != '\n') return true;  // a lone CR is data
    begin_ += 2;
    ++line_;
  }
}

// The header is scanned before the delimiter is known, so a quote counts as opening a field only
// at the start of the line or after ';', ',' or a tab. Nothing is consumed: parse_record reads
// the header again with the chosen delimiter. Both passes see the same bytes, fill() keeps them.
// A CR outside quotes that no LF follows ends the header line of a file with old Mac line ends:
// from then on every CR is an LF (decode()), and the header is scanned again.
bool CsvReader::detect_delimiter() {
  if (!skip_empty_lines()) return false;
  std::size_t semicolons = 0;
  std::size_t commas = 0;
  std::size_t tabs = 0;
  bool in_quotes = false;
  bool at_field_start = true;
  std::size_t i = begin_;
  for (;;) {
    if (i == end_) {
      // An overlong header is reported by parse_record; decide on what was seen.
      if (eof_ || i - begin_ > kMaxRecordBytes) break;
      const std::size_t offset = i - begin_;
      if (!fill()) return false;
      i = begin_ + offset;
      continue;
    }
    const char c = buf_[i];
    if (in_quotes) {
      ++i;
      // at_field_start is still set here, so the second quote of `""` reopens the field.
      if (c == '"') in_quotes = false;
      continue;
    }
    if (c == '\r' && !cr_lines_) {
      if (i + 1 == end_ && !eof_) {  // the next byte decides
        const std::size_t offset = i - begin_;
        if (!fill()) return false;
        i = begin_ + offset;
        continue;
      }
      if (i + 1 == end_ || buf_[i + 1] == '\n') break;  // CRLF, or a CR that ends the input
      cr_lines_ = true;
      std::replace(buf_.get() + begin_, buf_.get() + end_, '\r', '\n');
      return detect_delimiter();
    }
    ++i;
    if (c == '"' && at_field_start) {
      in_quotes = true;
      continue;
    }
    if (c == '\n') break;
    if (c == ';') ++semicolons;
    if (c == ',') ++commas;
    if (c == '\t') ++tabs;
    at_field_start = c == ';' || c == ',' || c == '\t';
  }
  char d = semicolons > commas ? ';' : ',';
  if (tabs > std::max(semicolons, commas)) d = '\t';
  set_delimiter(d);
  return true;
}

// record = field *(delimiter field) (LF / CR LF / end of input)
// field  = DQUOTE *(byte other than DQUOTE / 2DQUOTE) DQUOTE *plain-byte   ; tail kept, like Excel
//        / *plain-byte
// plain-byte = any byte except the delimiter, LF and a CR before LF; a quote here is literal
//
// A quoted field that reaches a line break must close within kMaxQuotedContinuationBytes, with a
// quote followed by a delimiter or a line end (quote_closes looks ahead once per field, at its
// first line break). If it does not, or the
// input ends inside it, its quote is a stray one: the record ends with that line, keeps the
// fields before the quote (so its key, if that comes first) and is marked malformed; the next
// record starts on the next line. So one stray quote costs one row, never the rest of the file.
//
// Unescaping writes at w while reading at r (w <= r), inside the record's own bytes. Offsets
// are kept relative to begin_, which fill() moves to 0, so the scan resumes after a refill.
bool CsvReader::parse_record(std::size_t& start_line, std::string& error) {
  error.clear();
  ends_.clear();
  if (!skip_empty_lines()) return false;
  start_line = line_;
  plain_ = true;  // fields stay where they are: starts_ and ends_
  if (scan_plain_record()) return true;
  plain_ = false;  // fields are unescaped back to back: each starts where the previous ends

  State state = State::field_start;
  std::size_t r = begin_;  // next byte to read
  std::size_t w = begin_;  // next byte to write
  std::size_t newlines = 0;     // line breaks consumed inside this record
  std::size_t quote_line = 0;   // where the last quoted field opened
  std::size_t nul_line = 0;     // first line with a NUL byte, 0 if none
  bool overlong = false;        // longer than kMaxRecordBytes: scanned on, but not kept
  bool need_more = false;       // the byte at r needs the next one to decide (CR, quote)
  bool record_end = false;
  bool check_quote = false;     // r is at the first line break of the open quoted field
  bool quote_checked = false;   // the open quoted field is known to close in time
  bool stray_quote = false;     // it does not: the record ends after the line at r

  while (!record_end) {
    if (check_quote) {
      // quote_closes may refill, which moves the buffer: r and w are kept as offsets.
      check_quote = false;
      const std::size_t r_offset = r - begin_;
      const std::size_t w_offset = w - begin_;
      const bool closes = quote_closes(r_offset + 1);
      r = begin_ + r_offset;
      w = begin_ + w_offset;
      if (!closes) {
        stray_quote = true;
        ++r;  // the line break
        ++newlines;
        break;
      }
      quote_checked = true;
      continue;
    }
    if (r == end_ || need_more) {
      if (eof_) {
        if (r == end_) break;  // the end of the input ends the last record
        need_more = false;
      } else {
        if (r - begin_ > kMaxRecordBytes) overlong = true;
        if (overlong) {
          // Drop what was scanned; only the scanner state and the line count are needed.
          begin_ = r;
          w = r;
          ends_.clear();
        }
        const std::size_t r_offset = r - begin_;
        const std::size_t w_offset = w - begin_;
        if (!fill()) return false;
        r = begin_ + r_offset;
        w = begin_ + w_offset;
        need_more = false;
        continue;
      }
    }

    char* const b = buf_.get();
    switch (state) {
      case State::field_start:
        if (b[r] == '"') {
          state = State::quoted;
          quote_line = start_line + newlines;
          quote_checked = false;
          ++r;
          break;
        }
        state = State::plain;
        [[fallthrough]];

      case State::plain:
        while (r < end_) {
          const char c = b[r];
          if (!special_[byte_index(c)]) {
            b[w++] = c;
            ++r;
            continue;
          }
          if (c == delimiter_) {
            if (!overlong) ends_.push_back(w - begin_);
            ++r;
            state = State::field_start;
            break;
          }
          if (c == '\n') {
            ++r;
            ++newlines;
            record_end = true;
            break;
          }
          if (c == '\r') {
            if (r + 1 == end_) {
              if (!eof_) {
                need_more = true;
                break;
              }
              ++r;  // a CR at the very end of the input: a truncated CRLF
              record_end = true;
              break;
            }
            if (b[r + 1] == '\n') {
              r += 2;
              ++newlines;
              record_end = true;
              break;
            }
            // A lone CR is data.
          } else if (nul_line == 0) {
            nul_line = start_line + newlines;  // c is NUL
          }
          b[w++] = c;
          ++r;
        }
        break;

      case State::quoted:
        while (r < end_) {
          const char c = b[r];
          if (c == '"') {
            if (r + 1 == end_) {
              if (!eof_) {
                need_more = true;
                break;
              }
              ++r;
              state = State::plain;
              break;
            }
            if (b[r + 1] == '"') {
              b[w++] = '"';
              r += 2;
              continue;
            }
            ++r;
            state = State::plain;  // closing quote; bytes up to the delimiter are kept as they are
            break;
          }
          if (c == '\n') {
            if (!quote_checked) {
              check_quote = true;
              break;
            }
            ++newlines;
          } else if (c == '\0' && nul_line == 0) {
            nul_line = start_line + newlines;
          }
          b[w++] = c;
          ++r;
        }
        break;
    }
  }

  // Checked at each refill to bound memory, and here so that the limit does not depend on where
  // the chunks happen to end.
  // A field whose quote is not closed is not returned: it holds the rest of its line, which may
  // be any cells (never to be shown as the key).
  if (r - begin_ > kMaxRecordBytes) overlong = true;
  if (overlong) {
    ends_.clear();
  } else if (state != State::quoted) {
    ends_.push_back(w - begin_);
  }
  if (stray_quote) {
    const std::size_t next_line = start_line + newlines;
    error = say(Voice{lang_, lang_}, Msg::csv_quote_not_closed_goes_on,
                {std::to_string(quote_line), std::to_string(next_line)});
  } else if (state == State::quoted) {
    error = say(Voice{lang_, lang_}, Msg::csv_quote_not_closed, {std::to_string(quote_line)});
  } else if (overlong) {
    error = say(Voice{lang_, lang_}, Msg::csv_record_too_long,
                {std::to_string(start_line), std::to_string(kMaxRecordBytes >> 20)});
  } else if (nul_line != 0) {
    error = say(Voice{lang_, lang_}, Msg::csv_nul_byte, {std::to_string(nul_line)});
  }
  record_base_ = begin_;
  begin_ = r;
  line_ += newlines;
  return true;
}

// The closing quote must end the field (a delimiter or the line's end follows): a quote followed
// by text is, in a well-formed file, never a closing one, but it is what a stray quote meets
// first where the cells of later rows are quoted (`…,"Vermerk",…`), and taking it as the close
// would join a later row to this one and lose it without a trace.
//
// Scans ahead without consuming or changing anything, reading more input as needed (fill()
// keeps [begin_, end_), so only offsets are used). The look-ahead is bounded by
// kMaxQuotedContinuationBytes and by kMaxRecordBytes from begin_, so the buffer stays within
// the reader's memory bound. A read error is left to the caller's next fill(), which reports it.
bool CsvReader::quote_closes(std::size_t from) {
  std::size_t i = from;
  const std::size_t stop = std::min(from + kMaxQuotedContinuationBytes, kMaxRecordBytes);
  for (;;) {
    if (i >= stop) return false;
    if (begin_ + i >= end_) {
      if (eof_) return false;
      if (!fill()) return true;
      continue;
    }
    const char* const b = buf_.get() + begin_;
    const std::size_t avail = std::min(end_ - begin_, stop);
    const void* q = std::memchr(b + i, '"', avail - i);
    if (q == nullptr) {
      i = avail;
      continue;
    }
    i = static_cast<std::size_t>(static_cast<const char*>(q) - b);
    if (begin_ + i + 1 == end_) {  // is it doubled? the next byte decides
      if (eof_) return true;
      if (!fill()) return true;
      continue;
    }
    const char after = b[i + 1];
    if (after != '"') return after == delimiter_ || after == '\n' || after == '\r';
    i += 2;
  }
}

// The common record, found a field at a time: its line end is already in the buffer, and every
// field is plain or quoted without doubled quotes, line breaks or NUL bytes inside and with
// nothing after the closing quote. Such fields need no unescaping: their bytes stay where they
// are and only their bounds are recorded. Anything else leaves the reader's position as it was
// and returns false: parse_record then scans the record byte by byte.
bool CsvReader::scan_plain_record() {
  const char* const b = buf_.get();
  starts_.clear();
  ends_.clear();
  std::size_t field = begin_;  // where the current field starts
  std::size_t r = begin_;      // where to look for the next special byte
  bool quoted = false;         // the current field was quoted: its bytes are [open, close)
  std::size_t open = 0, close = 0;
  // The special bytes (delimiter, LF, CR, quote, NUL) of the 16 bytes at `block` not yet handled.
  std::size_t block = 0;
  unsigned mask = 0;
#ifdef __SSE2__
  const __m128i delimiter = _mm_set1_epi8(delimiter_);
  const __m128i lf = _mm_set1_epi8('\n');
  const __m128i cr = _mm_set1_epi8('\r');
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i nul = _mm_setzero_si128();
#endif
  for (;;) {
    std::size_t at = end_;
    if (mask == 0) {
      for (block = r; at == end_; block += 16) {
        if (block + 16 > end_) {  // the last bytes of the buffer, one at a time
          at = block;
          while (at < end_ && !special_[byte_index(b[at])] && b[at] != '"') ++at;
          break;
        }
#ifdef __SSE2__
        const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(b + block));
        const __m128i hits = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, delimiter), _mm_cmpeq_epi8(x, lf)),
                                          _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, cr), _mm_cmpeq_epi8(x, quote)),
                                                       _mm_cmpeq_epi8(x, nul)));
        mask = static_cast<unsigned>(_mm_movemask_epi8(hits));
#else
        for (unsigned i = 0; i < 16; ++i)
          if (special_[byte_index(b[block + i])] || b[block + i] == '"') mask |= 1u << i;
#endif
        if (mask != 0) {
          at = block + static_cast<std::size_t>(__builtin_ctz(mask));
          mask &= mask - 1;
          break;
        }
      }
    } else {
      at = block + static_cast<std::size_t>(__builtin_ctz(mask));
      mask &= mask - 1;
    }
    if (at >= end_) break;
    const char c = b[at];
    if (c == '"') {
      if (at != field || quoted) break;  // a quote inside a field is data: the byte-by-byte scanner
      const void* q = std::memchr(b + at + 1, '"', end_ - at - 1);
      if (q == nullptr) break;
      close = static_cast<std::size_t>(static_cast<const char*>(q) - b);
      if (close + 1 < end_ && b[close + 1] == '"') break;
      bool escaped = false;  // a line break or NUL inside: counted or reported byte by byte
      for (std::size_t i = at + 1; i < close; ++i) escaped |= b[i] == '\n' || b[i] == '\0';
      if (escaped) break;
      open = at + 1;
      quoted = true;
      r = close + 1;
      mask = 0;  // go on after the closing quote
      continue;
    }
    if (quoted && at != close + 1) break;  // bytes after the closing quote
    const std::size_t first = quoted ? open : field;
    const std::size_t last = quoted ? close : at;
    if (c == delimiter_) {
      starts_.push_back(first - begin_);
      ends_.push_back(last - begin_);
      field = r = at + 1;
      quoted = false;
      continue;
    }
    std::size_t next = 0;
    if (c == '\n') {
      next = at + 1;
    } else if (c == '\r' && at + 1 < end_ && b[at + 1] == '\n') {
      next = at + 2;
    } else {
      break;  // a NUL byte, a lone CR
    }
    if (at - begin_ > kMaxRecordBytes) break;  // reported by the byte-by-byte scanner
    starts_.push_back(first - begin_);
    ends_.push_back(last - begin_);
    record_base_ = begin_;
    begin_ = next;
    ++line_;
    return true;
  }
  ends_.clear();
  return false;
}

bool CsvReader::read_header(std::vector<std::string>& names, std::string& error) {
  names.clear();
  error.clear();
  while (end_ - begin_ < 4 && !eof_) {
    if (!fill()) {
      failed_ = true;
      error = io_error_;
      return false;
    }
  }
  const std::size_t available = end_ - begin_;
  const auto byte = [this](std::size_t i) { return static_cast<unsigned char>(buf_[begin_ + i]); };
  if (available >= 4 && starts_workbook(byte(0), byte(1), byte(2), byte(3))) {
    failed_ = true;
    error = say(Voice{lang_, lang_}, Msg::csv_is_workbook);
    return false;
  }
  if (available >= 2 && starts_utf16(byte(0), byte(1))) {
    failed_ = true;
    error = say(Voice{lang_, lang_}, Msg::csv_utf16);
    return false;
  }
  if (available >= 3 && is_utf8_bom(byte(0), byte(1), byte(2))) {
    if (requested_ == Encoding::cp1252) {
      failed_ = true;
      error = say(Voice{lang_, lang_}, Msg::csv_bom_but_cp1252);
      return false;
    }
    reading_ = Encoding::utf8;
    begin_ += 3;
  }
  decoding_ = true;
  if (!decode(0)) {
    failed_ = true;
    error = io_error_;
    return false;
  }

  std::size_t line = 0;
  if (!detect_delimiter() || !parse_record(line, error)) {
    failed_ = true;
    error = io_error_.empty() ? say(Voice{lang_, lang_}, Msg::csv_empty) : io_error_;
    return false;
  }
  if (!error.empty()) {
    failed_ = true;
    return false;
  }
  const char* const base = buf_.get() + record_base_;
  std::size_t begin = 0;
  names.reserve(ends_.size());
  for (std::size_t i = 0; i < ends_.size(); ++i) {
    if (plain_) begin = starts_[i];
    names.emplace_back(base + begin, ends_[i] - begin);
    begin = ends_[i];
  }
  return true;
}

bool CsvReader::next(Record& out) {
  out.fields.clear();
  out.error.clear();
  if (failed_) return false;
  std::size_t line = 0;
  if (!parse_record(line, out.error)) return false;
  out.number = ++records_;
  out.line = line;
  const char* const base = buf_.get() + record_base_;
  out.fields.resize(ends_.size());
  std::size_t begin = 0;
  for (std::size_t i = 0; i < ends_.size(); ++i) {
    if (plain_) begin = starts_[i];
    out.fields[i] = std::string_view(base + begin, ends_[i] - begin);
    begin = ends_[i];
  }
  return true;
}

}  // namespace kadenz::detail
