// Streaming CSV reader, decoding: what fill() does to the bytes it reads before the parser sees
// them (the encoding decision, Windows-1252 to UTF-8, CR-only line ends to LF).
#include "interpreter/caseload/csv.hpp"

#include "stdlib/utf8.hpp"

#include <algorithm>
#include <cstring>
#include <string_view>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace kadenz::detail {
namespace {

// Offset of the first byte >= 0x80 in [p, p + n), or n: 16 bytes at a time where SSE2 is
// available, since auto_detect looks at every byte of an ASCII file.
std::size_t first_non_ascii(const char* p, std::size_t n) noexcept {
  std::size_t i = 0;
#ifdef __SSE2__
  for (; i + 16 <= n; i += 16) {
    const int high = _mm_movemask_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i)));
    if (high != 0) return i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(high)));
  }
#endif
  for (; i < n; ++i)
    if (static_cast<unsigned char>(p[i]) >= 0x80) return i;
  return n;
}

}  // namespace

// Only offsets from begin_ are kept across read_chunk(), which moves the buffer. The parser sees
// bytes only after they are decoded (fill() returns), so the encoding is decided before any byte
// that is not ASCII is parsed, and the decision does not depend on where a chunk ends.
bool CsvReader::decode(std::size_t from) {
  std::size_t scan = from;
  while (reading_ == Encoding::auto_detect) {
    const std::size_t live = end_ - begin_;
    const std::size_t at = scan + first_non_ascii(buf_.get() + begin_ + scan, live - scan);
    if (at == live) break;
    const std::string_view rest(buf_.get() + begin_ + at, live - at);
    if (utf8::char_length(rest) > 0) {
      reading_ = Encoding::utf8;
      break;
    }
    if (rest.size() < 4 && !eof_) {  // perhaps a character cut by the chunk's end: read on
      if (!read_chunk()) return false;
      scan = at;
      continue;
    }
    reading_ = Encoding::cp1252;
  }
  if (reading_ == Encoding::cp1252) widen_cp1252(from);
  if (cr_lines_) std::replace(buf_.get() + begin_ + from, buf_.get() + end_, '\r', '\n');
  return true;
}

// Widens from the back, so that every byte is read before its place is written. A buffer too
// small grows by what the text widens (one byte becomes at most three) plus twice a chunk's
// widening, so the next chunks of an umlaut-rich file fit without a new buffer each time.
void CsvReader::widen_cp1252(std::size_t from) {
  const std::size_t live = end_ - begin_;
  std::size_t extra = 0;
  char bytes[3];
  for (std::size_t i = from; i < live; ++i) {
    const auto c = static_cast<unsigned char>(buf_[begin_ + i]);
    if (c >= 0x80) extra += utf8::encode_cp1252(c, bytes) - 1;
  }
  if (extra == 0) return;
  if (capacity_ < begin_ + live + extra) {
    const std::size_t size = live + extra + 2 * chunk_size_;
    auto bigger = std::make_unique_for_overwrite<char[]>(size);
    std::memcpy(bigger.get(), buf_.get() + begin_, live);
    buf_ = std::move(bigger);
    capacity_ = size;
    begin_ = 0;
    end_ = live;
  }
  char* const b = buf_.get() + begin_;
  std::size_t r = live;
  std::size_t w = live + extra;
  while (r > from) {
    const auto c = static_cast<unsigned char>(b[--r]);
    if (c < 0x80) {
      b[--w] = static_cast<char>(c);
      continue;
    }
    const std::size_t n = utf8::encode_cp1252(c, bytes);
    w -= n;
    std::memcpy(b + w, bytes, n);
  }
  end_ += extra;
}

}  // namespace kadenz::detail
