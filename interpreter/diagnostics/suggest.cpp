// Did-you-mean suggestions for diagnostics: edit distance and the nearest candidate.
#include "interpreter/diagnostics/suggest.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <utility>

namespace kadenz::detail {

// Three rows of the distance matrix suffice: the transposition step looks two rows back.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  const std::size_t n = a.size(), m = b.size();
  std::vector<std::size_t> prev2(m + 1), prev(m + 1), cur(m + 1);
  for (std::size_t j = 0; j <= m; ++j) prev[j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) cur[j] = std::min(cur[j], prev2[j - 2] + 1);
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[m];
}

namespace {

thread_local std::size_t cells_computed = 0;

// The rows of edit_distance_within, kept between the candidates of one closest() call.
struct BandRows {
  std::vector<std::size_t> prev2, prev, cur;
};

// Row i of the band covers columns [i - max, i + max]; a cell outside it is at least max + 1
// away, which is what the row buffers hold there (they start filled with max + 1, and a column
// right of the band was never written: earlier rows' bands end further left). The column left
// of the band is set each row. The smallest value of a row never shrinks in later rows (also
// with transpositions), so a row wholly beyond `max` ends the search.
std::size_t within(std::string_view a, std::string_view b, std::size_t max, BandRows& r) {
  const std::size_t n = a.size(), m = b.size();
  const std::size_t far = max + 1;
  if ((n > m ? n - m : m - n) > max) return far;
  if (n == 0 || m == 0) return n + m;  // at most max, by the line above
  r.prev2.assign(m + 1, far);
  r.prev.assign(m + 1, far);
  r.cur.assign(m + 1, far);
  for (std::size_t j = 0; j <= m; ++j) r.prev[j] = std::min(j, far);
  for (std::size_t i = 1; i <= n; ++i) {
    const std::size_t lo = i > max ? i - max : 1, hi = std::min(m, i + max);
    r.cur[lo - 1] = lo == 1 ? std::min(i, far) : far;
    std::size_t row_min = r.cur[lo - 1];
    cells_computed += hi - lo + 1;
    for (std::size_t j = lo; j <= hi; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      std::size_t v = std::min({r.prev[j] + 1, r.cur[j - 1] + 1, r.prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) v = std::min(v, r.prev2[j - 2] + 1);
      r.cur[j] = std::min(v, far);
      row_min = std::min(row_min, r.cur[j]);
    }
    if (row_min > max) return far;
    std::swap(r.prev2, r.prev);  // prev2 <- row i-1
    std::swap(r.prev, r.cur);    // prev <- row i; cur <- row i-2, overwritten within the next band
  }
  return std::min(r.prev[m], far);
}

}  // namespace

std::size_t suggestion_cells() { return cells_computed; }

std::size_t edit_distance_within(std::string_view a, std::string_view b, std::size_t max) {
  BandRows rows;
  return within(a, b, max, rows);
}

// The threshold grows with the word: one slip in a short name, about one in three letters in a
// long one. Only a strictly nearer candidate replaces the best so far (the first one wins ties),
// so each candidate needs comparing only up to the best distance so far minus one. Before that,
// a lower bound in O(|candidate|): the bytes of the word the candidate lacks, and those it has
// beyond the word (counted as multisets). An edit changes each count by at most one, a
// transposition neither, so a candidate whose bound reaches the best distance is passed over.
std::optional<std::string> closest(std::string_view word, const std::vector<std::string>& candidates) {
  // A candidate that differs only in letter case (`Status` for `status`) is what was meant, even
  // if another one is as near by edit distance.
  const auto lower = [](char ch) { return ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : ch; };
  for (const auto& c : candidates) {
    if (c.size() != word.size() || c == word) continue;
    if (std::equal(c.begin(), c.end(), word.begin(), [&](char x, char y) { return lower(x) == lower(y); })) return c;
  }
  std::optional<std::string> best;
  std::size_t best_d = std::max<std::size_t>(1, word.size() / 3) + 1;
  BandRows rows;
  std::array<std::ptrdiff_t, 256> count{};  // the word's bytes; restored after each candidate
  auto byte = [](char ch) { return static_cast<unsigned char>(ch); };
  for (char ch : word) ++count[byte(ch)];
  for (const auto& c : candidates) {
    std::size_t shared = 0;
    for (char ch : c)
      if (count[byte(ch)]-- > 0) ++shared;
    for (char ch : c) ++count[byte(ch)];
    if (std::max(word.size(), c.size()) - shared >= best_d) continue;
    const std::size_t d = within(word, c, best_d - 1, rows);
    if (d < best_d) {
      best_d = d;
      best = c;
      if (d == 0) break;  // nothing is nearer than the word itself
    }
  }
  return best;
}

}  // namespace kadenz::detail
