// Caseload stage, duplicate keys: finds the ids that more than one row of a caseload carries, in
// bounded memory and without a false report. Pass 1 (KeyHashes) runs beside the evaluation and
// keeps one 64-bit hash per distinct id; pass 2 (find_duplicate_keys) re-reads the caseload only
// if some hash came twice and compares the ids of those rows exactly.
#pragma once

#include "interpreter/caseload/cells.hpp"
#include "interpreter/caseload/csv.hpp"

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace kadenz::detail {

namespace keys_detail {

__extension__ typedef unsigned __int128 Wide;  // GCC and Clang: a 64 x 64 -> 128-bit product

// 64 x 64 -> 128-bit multiply, folded: the mixing step of wyhash-style hashes.
inline std::uint64_t mix(std::uint64_t a, std::uint64_t b) noexcept {
  const Wide r = static_cast<Wide>(a) * b;
  return static_cast<std::uint64_t>(r) ^ static_cast<std::uint64_t>(r >> 64);
}

// Unaligned loads of fixed size (one instruction each; a memcpy of variable size would be a call).
inline std::uint64_t read8(const char* p) noexcept {
  std::uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}
inline std::uint64_t read4(const char* p) noexcept {
  std::uint32_t w;
  std::memcpy(&w, p, 4);
  return w;
}

inline constexpr std::uint64_t kSeed = 0x9E3779B97F4A7C15ull, kMul = 0xA0761D6478BD642Full,
                                kFinal = 0xE7037ED1A0B428DBull;

}  // namespace keys_detail

// The hash pass 1 keeps for a row's id (row_key): 0 for an empty id (a row without a key is an
// error row of its own and no duplicate), else a non-zero value with the lowest bit clear.
// Equal ids have equal hashes; unequal ids almost never do, and when they do, pass 2 tells them
// apart. Inline, in the manner of wyhash (overlapping 8-byte words, the length mixed in): it
// runs once per row of every caseload command.
inline std::uint64_t key_hash(std::string_view id) noexcept {
  using namespace keys_detail;
  const std::size_t n = id.size();
  if (n == 0) return 0;
  const char* p = id.data();
  std::uint64_t seed = kSeed, a = 0, b = 0;
  if (n <= 16) {
    if (n >= 8) {  // two overlapping words: ids are mostly 8 to 16 characters
      a = read8(p);
      b = read8(p + n - 8);
    } else if (n >= 4) {
      a = read4(p) << 32 | read4(p + n - 4);
    } else {
      const auto c = [p](std::size_t i) { return static_cast<std::uint64_t>(static_cast<unsigned char>(p[i])); };
      a = c(0) << 16 | c(n >> 1) << 8 | c(n - 1);
    }
  } else {
    std::size_t i = 0;
    for (; n - i > 16; i += 16) seed = mix(read8(p + i) ^ kMul, read8(p + i + 8) ^ seed);
    a = read8(p + n - 16);
    b = read8(p + n - 8);
  }
  const Wide r = static_cast<Wide>(a ^ kMul) * (b ^ seed);
  const std::uint64_t h = mix(static_cast<std::uint64_t>(r) ^ kFinal ^ n, static_cast<std::uint64_t>(r >> 64) ^ kMul) &
                          ~std::uint64_t{1};
  return h != 0 ? h : 2;
}

// Pass 1: the hashes of the rows' ids, kept in blocks as they come (8 bytes per row with an id;
// nothing is searched per row). finish() then sorts them into buckets by their top 16 bits (a
// second 8 bytes per row while it runs, the blocks freed as they are emptied) and keeps only the
// hashes that came more than once. Not thread-safe: one thread adds the hashes, in any order.
class KeyHashes {
 public:
  // Adds a row's key_hash; 0 (no key) is ignored. Call before finish().
  void add(std::uint64_t hash) {
    if (hash == 0) return;
    if (fill_ == kBlock) new_block();
    current_[fill_++] = hash;
  }

  // Rows whose hash an earlier row had: an upper bound of the rows that repeat an id (equal
  // hashes of unequal ids count too). 0 means no id repeats, for certain. Runs finish().
  std::size_t repeats() {
    finish();
    return repeats_;
  }

  // The hashes that came more than once, sorted: what pass 2 looks for. Runs finish().
  const std::vector<std::uint64_t>& repeated() {
    finish();
    return repeated_;
  }

  // The largest number of bytes the hashes took at once (blocks, and finish()'s buckets).
  std::size_t peak_bytes() const noexcept { return peak_bytes_; }

 private:
  static constexpr std::size_t kBlock = std::size_t{1} << 16;  // hashes per block (512 KiB)
  std::vector<std::unique_ptr<std::uint64_t[]>> blocks_;
  std::uint64_t* current_ = nullptr;
  std::size_t fill_ = kBlock;  // hashes in the last block
  bool finished_ = false;
  std::size_t repeats_ = 0, peak_bytes_ = 0;
  std::vector<std::uint64_t> repeated_;

  void new_block();
  void finish();
};

// An id that more than one row carries: the id as read (row_key), how many rows carry it, and
// the lines of the file where the first kDuplicateLinesShown of them start.
struct DuplicateKey {
  std::string id;
  std::size_t rows = 0;
  std::vector<std::size_t> lines;
};

// What pass 2 found, exactly.
struct DuplicateKeys {
  std::size_t rows = 0;             // rows whose id an earlier row has
  std::size_t ids = 0;              // distinct ids that more than one row has
  std::vector<DuplicateKey> shown;  // the first kMaxDuplicateIdsShown ids, in order of their second row
};

// Pass 2: reads `reader` (a second reader of the same caseload, header already read) and
// compares exactly the ids of the rows whose hash is in `repeated` (KeyHashes::repeated()).
// Memory: per hash in `repeated`, its ids and two counters. False with `error` on an I/O error.
bool find_duplicate_keys(const Program& program, const ColumnBinding& binding, CsvReader& reader,
                         const std::vector<std::uint64_t>& repeated, DuplicateKeys& out, std::string& error);

// The message for one repeated id: "id `K1` is in 3 rows: lines 2, 5 and 9". The id is shown
// (ids are pseudonymous keys) cut to kMaxShownCellChars characters, with control characters and
// invalid UTF-8 replaced; no other cell of those rows.
std::string describe_duplicate(const DuplicateKey& key, const Voice& voice = {});

// A caseload text for a message: at most `max_chars` characters (cut at a character boundary,
// with `…`), control characters and bytes that are not UTF-8 replaced by `?`.
std::string printable_cut(std::string_view text, std::size_t max_chars);

}  // namespace kadenz::detail
