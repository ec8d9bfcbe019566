// Caseload stage, duplicate keys: the hash set of pass 1 and the exact comparison of pass 2 (see
// keys.hpp). KeyHashes::finish runs once per caseload; what runs per row is inline in keys.hpp.
#include "interpreter/caseload/keys.hpp"

#include "grammar/limits.hpp"
#include "stdlib/utf8.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <limits>

namespace kadenz::detail {
void KeyHashes::new_block() {
  blocks_.push_back(std::make_unique_for_overwrite<std::uint64_t[]>(kBlock));
  current_ = blocks_.back().get();
  fill_ = 0;
  peak_bytes_ = std::max(peak_bytes_, blocks_.size() * kBlock * sizeof(std::uint64_t));
}

// A counting sort by the top bits (log2(n) - 3 of them: a bucket holds 4 to 8 hashes, and the
// bucket table at most 2 bytes per row): the histogram, then each block scattered into its buckets and freed. Equal hashes
// share a bucket, and a bucket is small, so comparing within it is cheap: the whole costs a few
// dozen instructions per row.
void KeyHashes::finish() {
  if (finished_) return;
  finished_ = true;
  const std::size_t n = blocks_.empty() ? 0 : (blocks_.size() - 1) * kBlock + fill_;
  if (n < 2) return;
  const unsigned bits = std::clamp(static_cast<unsigned>(std::bit_width(n)), 4u, 31u) - 3;  // 2^bits in (n/8, n/4]
  const unsigned shift = 64 - bits;
  std::vector<std::size_t> start((std::size_t{1} << bits) + 1, 0);
  auto block_size = [&](std::size_t b) { return b + 1 == blocks_.size() ? fill_ : kBlock; };
  for (std::size_t b = 0; b < blocks_.size(); ++b)
    for (std::size_t i = 0; i < block_size(b); ++i) ++start[(blocks_[b][i] >> shift) + 1];
  for (std::size_t k = 1; k < start.size(); ++k) start[k] += start[k - 1];
  std::unique_ptr<std::uint64_t[]> sorted = std::make_unique_for_overwrite<std::uint64_t[]>(n);
  peak_bytes_ = std::max(peak_bytes_, blocks_.size() * kBlock * sizeof(std::uint64_t) + n * sizeof(std::uint64_t) +
                                          start.size() * sizeof(std::size_t));
  // scatter: start[k] becomes the end of bucket k
  for (std::size_t b = 0; b < blocks_.size(); ++b) {
    for (std::size_t i = 0; i < block_size(b); ++i) {
      const std::uint64_t h = blocks_[b][i];
      sorted[start[h >> shift]++] = h;
    }
    blocks_[b].reset();
  }
  blocks_.clear();
  blocks_.shrink_to_fit();
  // A small bucket is searched pair by pair (no sort call per bucket), a large one (many rows
  // with one id) sorted. A hash is a repeat if an earlier one in its bucket is equal.
  constexpr std::size_t kPairwise = 16;
  std::size_t first = 0;
  for (std::size_t k = 0; k + 1 < start.size(); ++k) {
    const std::size_t last = start[k];
    std::uint64_t* const a = sorted.get() + first;
    std::uint64_t* const z = sorted.get() + last;
    first = last;
    if (z - a < 2) continue;
    if (z - a > static_cast<std::ptrdiff_t>(kPairwise)) {
      std::sort(a, z);
      for (std::uint64_t* p = a + 1; p < z; ++p) {
        if (*p != p[-1]) continue;
        ++repeats_;
        if (repeated_.empty() || repeated_.back() != *p) repeated_.push_back(*p);
      }
      continue;
    }
    for (std::uint64_t* p = a + 1; p < z; ++p) {
      for (std::uint64_t* q = a; q < p; ++q) {
        if (*q != *p) continue;
        ++repeats_;
        repeated_.push_back(*p);
        break;
      }
    }
  }
  std::sort(repeated_.begin(), repeated_.end());
  repeated_.erase(std::unique(repeated_.begin(), repeated_.end()), repeated_.end());
}

namespace {

// One distinct id among the rows of a repeated hash: usually the only one (the hash repeats
// because the id does); unequal ids of one hash are chained with `next`.
struct Seen {
  std::size_t id_offset = 0, id_size = 0;  // in the ids arena
  std::size_t first_line = 0, rows = 0;
  std::size_t shown = std::numeric_limits<std::size_t>::max();  // index in out.shown, if listed
  std::size_t next = std::numeric_limits<std::size_t>::max();   // next id of the same hash
};

constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();

}  // namespace

// Rows whose hash is not in `repeated` are skipped after one binary search; the others are
// compared by their id's bytes, so a hash collision only costs a second chain entry.
bool find_duplicate_keys(const Program& program, const ColumnBinding& binding, CsvReader& reader,
                         const std::vector<std::uint64_t>& repeated, DuplicateKeys& out, std::string& error) {
  out = {};
  std::vector<std::size_t> first(repeated.size(), kNone);  // per repeated hash: its first Seen
  std::vector<Seen> seen;
  std::string ids;
  CsvReader::Record rec;
  while (reader.next(rec)) {
    const std::string_view id = row_key(program, binding, rec.fields);
    const std::uint64_t h = key_hash(id);
    if (h == 0) continue;
    const auto it = std::lower_bound(repeated.begin(), repeated.end(), h);
    if (it == repeated.end() || *it != h) continue;
    std::size_t* link = &first[static_cast<std::size_t>(it - repeated.begin())];
    while (*link != kNone && std::string_view(ids).substr(seen[*link].id_offset, seen[*link].id_size) != id)
      link = &seen[*link].next;
    if (*link == kNone) {
      *link = seen.size();
      seen.push_back(Seen{ids.size(), id.size(), rec.line, 1, kNone, kNone});
      ids.append(id);
      continue;
    }
    Seen& s = seen[*link];
    ++s.rows;
    ++out.rows;
    if (s.rows == 2) {
      ++out.ids;
      if (out.shown.size() < kMaxDuplicateIdsShown) {
        s.shown = out.shown.size();
        out.shown.push_back(DuplicateKey{std::string(id), 0, {s.first_line}});
      }
    }
    if (s.shown != kNone) {
      DuplicateKey& d = out.shown[s.shown];
      d.rows = s.rows;
      if (d.lines.size() < kDuplicateLinesShown) d.lines.push_back(rec.line);
    }
  }
  if (!reader.io_error().empty()) {
    error = reader.io_error();
    return false;
  }
  return true;
}

// Valid UTF-8 sequences are kept whole (a cut never splits one); a byte that does not start a
// valid sequence, and every control character, becomes `?`.
std::string printable_cut(std::string_view text, std::size_t max_chars) {
  std::string s;
  std::size_t chars = 0, i = 0;
  while (i < text.size()) {
    if (chars == max_chars) {
      s += "…";
      break;
    }
    const auto c = static_cast<unsigned char>(text[i]);
    const std::size_t len = utf8::char_length(text.substr(i));
    if (len == 0) {
      s += '?';
      ++i;
    } else if (len == 1) {
      s += (c < 0x20 || c == 0x7F) ? '?' : static_cast<char>(c);
      ++i;
    } else {
      s.append(text.substr(i, len));
      i += len;
    }
    ++chars;
  }
  return s;
}

std::string describe_duplicate(const DuplicateKey& key, const Voice& voice) {
  std::string lines;
  for (std::size_t i = 0; i < key.lines.size(); ++i) {
    if (i > 0) lines += (i + 1 == key.lines.size() && key.rows == key.lines.size()) ? say(voice, Msg::list_and) : ", ";
    lines += std::to_string(key.lines[i]);
  }
  if (key.rows > key.lines.size()) lines += ", …";
  return say(voice, key.lines.size() == 1 ? Msg::duplicate_id_line : Msg::duplicate_id_lines,
             {printable_cut(key.id, kMaxShownCellChars), std::to_string(key.rows), lines});
}

}  // namespace kadenz::detail
