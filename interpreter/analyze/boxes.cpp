// Analyze stage: the algebra of boxes and regions over the record space - intersection, union,
// containment, and the search for the parts of a region that a cover leaves out (gaps,
// unreachable rules). Knows nothing of conditions or programs: only cells. Large regions are
// indexed by their cell ranges on one dimension, and large covers are swept along one
// dimension, so that the work grows with the boxes that meet, not with all pairs.
#include "interpreter/analyze/analyzer.hpp"

#include <algorithm>
#include <map>

namespace kadenz::detail::analysis {
namespace {

// True if `inner` lies inside `outer`.
bool contains(const Box& outer, const Box& inner) {
  for (std::size_t i = 0; i < outer.d.size(); ++i)
    for (std::size_t w = 0; w < outer.d[i].size(); ++w)
      if (inner.d[i][w] & ~outer.d[i][w]) return false;
  return true;
}

// True if `x` holds every cell `b` has on dimension k.
bool holds(const Box& x, const Box& b, std::size_t k) {
  for (std::size_t w = 0; w < b.d[k].size(); ++w)
    if (b.d[k][w] & ~x.d[k][w]) return false;
  return true;
}

// The lowest and highest cell of a non-empty cell set.
struct Range {
  std::uint32_t first = 0, last = 0;
};
Range range_of(const Bits& b) {
  Range r;
  r.first = static_cast<std::uint32_t>(bits_first(b).value_or(0));
  for (std::size_t w = b.size(); w-- > 0;) {
    if (b[w]) {
      r.last = static_cast<std::uint32_t>(w * 64 + 63 - static_cast<std::size_t>(__builtin_clzll(b[w])));
      break;
    }
  }
  return r;
}

// Calls f(first, last) for every run of consecutive cells in `m`, in cell order.
template <class F>
void for_runs(const Bits& m, F&& f) {
  bool in = false;
  std::size_t start = 0;
  for (std::size_t w = 0; w < m.size(); ++w) {
    const std::uint64_t x = m[w];
    std::size_t pos = 0;
    while (pos < 64) {
      const std::uint64_t ahead = (in ? ~x : x) >> pos;  // where the run ends, or the next begins
      if (!ahead) break;
      pos += static_cast<std::size_t>(__builtin_ctzll(ahead));
      if (in) f(start, w * 64 + pos - 1); else start = w * 64 + pos;
      in = !in;
    }
  }
  if (in) f(start, m.size() * 64 - 1);
}

// The dimension on which the boxes' cell ranges overlap least (the sum of their widths relative
// to the span they cover), to index them by. Dimensions where every box has the same single
// cell tell nothing and are skipped; 0 if all are like that.
std::size_t index_dim(const std::vector<const Box*>& boxes) {
  std::size_t best = 0;
  double best_score = 2.0 * static_cast<double>(boxes.size()) + 1;
  for (std::size_t k = 0; k < boxes.front()->d.size(); ++k) {
    std::uint32_t lo = UINT32_MAX, hi = 0;
    double width = 0;
    for (const Box* b : boxes) {
      const Range r = range_of(b->d[k]);
      lo = std::min(lo, r.first);
      hi = std::max(hi, r.last);
      width += r.last - r.first + 1;
    }
    if (hi <= lo) continue;
    const double score = width / (hi - lo + 1);
    if (score < best_score) {
      best_score = score;
      best = k;
    }
  }
  return best;
}

// Boxes indexed by their cell range on one dimension: two boxes whose ranges there do not meet
// cannot intersect. Most boxes sit in a list sorted by first cell, no wider than `width_`, so a
// query looks only at those that start at most that far before it; the widest tenth is kept
// apart and checked for every query. The boxes must outlive the index.
class RangeIndex {
 public:
  RangeIndex(const std::vector<const Box*>& boxes, std::size_t dim) : dim_(dim) {
    range_.reserve(boxes.size());
    std::vector<std::uint32_t> widths;
    for (const Box* b : boxes) {
      range_.push_back(range_of(b->d[dim]));
      widths.push_back(range_.back().last - range_.back().first);
    }
    auto tenth = widths.begin() + static_cast<std::ptrdiff_t>(widths.size() * 9 / 10);
    std::nth_element(widths.begin(), tenth, widths.end());
    width_ = *tenth;
    for (std::uint32_t i = 0; i < range_.size(); ++i)
      (range_[i].last - range_[i].first <= width_ ? narrow_ : wide_).push_back(i);
    std::sort(narrow_.begin(), narrow_.end(),
              [&](std::uint32_t a, std::uint32_t b) { return range_[a].first < range_[b].first; });
  }

  // The boxes (ascending indices into the vector the index was built from) whose range on the
  // dimension meets x's: a superset of those that intersect x. Returns their count.
  std::size_t candidates(const Box& x, std::vector<std::uint32_t>& out) const {
    out.clear();
    if (bits_empty(x.d[dim_])) return 0;
    const Range q = range_of(x.d[dim_]);
    const std::uint32_t from = q.first > width_ ? q.first - width_ : 0;
    auto it = std::lower_bound(narrow_.begin(), narrow_.end(), from,
                               [&](std::uint32_t i, std::uint32_t cell) { return range_[i].first < cell; });
    for (; it != narrow_.end() && range_[*it].first <= q.last; ++it)
      if (range_[*it].last >= q.first) out.push_back(*it);
    for (auto i : wide_)
      if (range_[i].first <= q.last && range_[i].last >= q.first) out.push_back(i);
    std::sort(out.begin(), out.end());
    return out.size();
  }

 private:
  std::size_t dim_;
  std::vector<Range> range_;  // per box
  std::vector<std::uint32_t> narrow_, wide_;
  std::uint32_t width_ = 0;
};

// If every part holds all of b's cells except on one dimension k (the same for all), what they
// leave of b is b with only the cells on k outside their union: one box or none, appended to
// `out`. This is what the one-box split below would find, without nesting once per part (a
// table of thousands of rules `n = 1`, `n = 2`, … is this case). False if the parts cut b on
// more than one dimension; then nothing is appended.
bool one_dimension(const Box& b, const std::vector<const Box*>& parts, std::vector<Box>& out) {
  const std::size_t dims = b.d.size();
  std::size_t k = dims;
  for (const Box* x : parts) {
    for (std::size_t i = 0; i < dims; ++i) {
      if (holds(*x, b, i)) continue;
      if (k == dims) k = i; else if (k != i) return false;
    }
  }
  if (k == dims) return false;  // not reached: no part contains b
  Box rest = b;
  for (const Box* x : parts)
    for (std::size_t w = 0; w < rest.d[k].size(); ++w) rest.d[k][w] &= ~x->d[k][w];
  if (!bits_empty(rest.d[k])) out.push_back(std::move(rest));
  return true;
}

// True once `out` holds `limit` parts; then sets limit to 0, so that every search still open
// above stops too (joining pieces may shrink `out` again, which must not restart the search).
bool reached(const std::vector<Box>& out, std::size_t& limit) {
  if (out.size() >= limit) limit = 0;
  return limit == 0;
}

void uncovered(const Box& b, const std::vector<const Box*>& cover, std::vector<Box>& out, std::size_t& limit,
               Work& work, int depth = 0);

// Splits b on the dimension where most parts cut it, at every bound of the parts' cells there
// (the elementary intervals of a sweep over the sorted bounds): within one interval each part
// holds all of b's cells on that dimension or none, so only the parts active there are searched
// further, on the other dimensions. Intervals no part reaches are uncovered as they stand. The
// parts must all intersect b, none contain it.
void sweep(const Box& b, const std::vector<const Box*>& parts, std::vector<Box>& out, std::size_t& limit, Work& work,
           int depth) {
  std::size_t k = 0, most = 0;
  for (std::size_t i = 0; i < b.d.size(); ++i) {
    std::size_t cutting = 0;
    for (const Box* x : parts) cutting += !holds(*x, b, i);
    if (cutting > most) {
      most = cutting;
      k = i;
    }
  }
  const Bits& cells = b.d[k];
  struct Event {
    std::uint32_t cell, part;
    bool start;
  };
  std::vector<Event> events;
  Bits m(cells.size());
  for (std::uint32_t p = 0; p < parts.size(); ++p) {
    for (std::size_t w = 0; w < m.size(); ++w) m[w] = cells[w] & parts[p]->d[k][w];
    for_runs(m, [&](std::size_t first, std::size_t last) {
      events.push_back(Event{static_cast<std::uint32_t>(first), p, true});
      events.push_back(Event{static_cast<std::uint32_t>(last + 1), p, false});
    });
  }
  work.charge(events.size());
  std::sort(events.begin(), events.end(), [](const Event& a, const Event& e) { return a.cell < e.cell; });
  std::vector<std::uint32_t> active, where(parts.size());  // active parts; a part's place in `active`
  std::vector<const Box*> snapshot;
  const std::size_t n = cells.size() * 64;
  std::size_t prev = 0;
  for (std::size_t e = 0;;) {
    const std::size_t next = e < events.size() ? events[e].cell : n;
    if (next > prev) {  // the interval [prev, next): the same parts hold all of its cells
      Box sub = b;
      for (std::size_t w = 0; w < sub.d[k].size(); ++w) {
        const std::size_t lo = w * 64, hi = lo + 64;
        std::uint64_t mask = 0;
        if (prev < hi && next > lo) {
          const std::size_t a = std::max(prev, lo) - lo, z = std::min(next, hi) - lo;
          mask = (z == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << z) - 1) & ~((std::uint64_t{1} << a) - 1);
        }
        sub.d[k][w] &= mask;
      }
      if (!bits_empty(sub.d[k])) {
        if (active.empty()) {
          out.push_back(std::move(sub));
        } else {
          std::vector<std::uint32_t> ids = active;
          std::sort(ids.begin(), ids.end());
          snapshot.clear();
          for (auto i : ids) snapshot.push_back(parts[i]);
          uncovered(sub, snapshot, out, limit, work, depth + 1);
        }
        if (reached(out, limit)) return;
      }
    }
    if (e >= events.size()) break;
    for (; e < events.size() && events[e].cell == next; ++e) {
      const std::uint32_t p = events[e].part;
      if (events[e].start) {
        where[p] = static_cast<std::uint32_t>(active.size());
        active.push_back(p);
      } else {
        const std::uint32_t at = where[p];
        active[at] = active.back();
        where[active[at]] = at;
        active.pop_back();
      }
    }
    prev = next;
  }
}

// Parts of `b` that no box of `cover` contains, appended to `out` (at most `limit` parts;
// stops at the first if limit is 1). Splits `b` along the first box that cuts it, or, nested
// deeper than kSweepDepth, sweeps it along one dimension; a search nested deeper than 4096
// splits gives up on that part and sets work.truncated.
void uncovered(const Box& b, const std::vector<const Box*>& cover, std::vector<Box>& out, std::size_t& limit,
               Work& work, int depth) {
  if (limit == 0) return;
  work.charge(cover.size() + 1);
  std::vector<const Box*> parts;
  for (const Box* c : cover) {
    if (!intersects(b, *c)) continue;
    if (contains(*c, b)) return;
    parts.push_back(c);
  }
  if (parts.empty()) {
    out.push_back(b);
    return;
  }
  if (parts.size() > 1 && one_dimension(b, parts, out)) return;
  if (depth > 4096) {
    work.truncated = true;
    return;
  }
  if (depth > kSweepDepth) {
    sweep(b, parts, out, limit, work, depth);
    return;
  }
  const Box& x = *parts.front();
  std::size_t dim = 0;
  for (;;) {  // the first dimension where x does not hold all of b's cells
    bool inside_all = true;
    for (std::size_t w = 0; w < b.d[dim].size(); ++w) inside_all &= (b.d[dim][w] & ~x.d[dim][w]) == 0;
    if (!inside_all) break;
    ++dim;
  }
  Box inside = b, outside = b;
  for (std::size_t w = 0; w < b.d[dim].size(); ++w) {
    inside.d[dim][w] = b.d[dim][w] & x.d[dim][w];
    outside.d[dim][w] = b.d[dim][w] & ~x.d[dim][w];
  }
  const std::size_t first = out.size();
  uncovered(outside, parts, out, limit, work, depth + 1);
  if (reached(out, limit)) return;
  const std::size_t middle = out.size();
  uncovered(inside, parts, out, limit, work, depth + 1);
  // Pieces from the two halves that agree outside the split dimension are one box again
  // (so a missing rule comes back whole, however often the search cut it). The left pieces are
  // keyed by their cells outside that dimension, so with many dimensions (thousands of pieces
  // per half) joining stays n log n; each right piece joins the first left piece with its key.
  if (middle == first || out.size() == middle) return;
  work.charge(out.size() - first);
  auto key = [&](const Box& piece) {
    std::vector<std::uint64_t> k;
    for (std::size_t o = 0; o < piece.d.size(); ++o)
      if (o != dim) k.insert(k.end(), piece.d[o].begin(), piece.d[o].end());
    return k;
  };
  std::map<std::vector<std::uint64_t>, std::size_t> left;
  for (std::size_t l = first; l < middle; ++l) left.emplace(key(out[l]), l);
  std::size_t keep = middle;
  for (std::size_t r = middle; r < out.size(); ++r) {
    if (auto it = left.find(key(out[r])); it != left.end()) {
      for (std::size_t w = 0; w < b.d[dim].size(); ++w) out[it->second].d[dim][w] |= out[r].d[dim][w];
      continue;
    }
    if (keep != r) out[keep] = std::move(out[r]);
    ++keep;
  }
  out.erase(out.begin() + static_cast<std::ptrdiff_t>(keep), out.end());
}

}  // namespace

// The box of every record: all cells of every dimension.
Box full(const std::vector<Dim>& dims) {
  Box b;
  for (const auto& d : dims) b.d.push_back(bits_all(d.cells()));
  return b;
}

// Called for every pair of boxes a region operation meets, so it stops at the first dimension
// the boxes do not share and allocates nothing.
bool intersects(const Box& a, const Box& b) {
  for (std::size_t i = 0; i < a.d.size(); ++i) {
    bool any = false;
    for (std::size_t w = 0; w < a.d[i].size() && !any; ++w) any = (a.d[i][w] & b.d[i][w]) != 0;
    if (!any) return false;
  }
  return true;
}

// Pairwise, without building the intersection: the cheap test before a meet.
bool intersects(const Region& a, const Region& b, Work& work) {
  for (const auto& x : a) {
    work.charge(b.size());
    for (const auto& y : b)
      if (intersects(x, y)) return true;
  }
  return false;
}

// Empty (nullopt) as soon as one dimension has no common cell, so that regions hold no empty
// boxes.
std::optional<Box> meet(const Box& a, const Box& b) {
  if (!intersects(a, b)) return std::nullopt;
  Box r;
  r.d.resize(a.d.size());
  for (std::size_t i = 0; i < a.d.size(); ++i) {
    r.d[i].resize(a.d[i].size());
    bool any = false;
    for (std::size_t w = 0; w < a.d[i].size(); ++w) {
      r.d[i][w] = a.d[i][w] & b.d[i][w];
      any |= r.d[i][w] != 0;
    }
    if (!any) return std::nullopt;
  }
  return r;
}

// Box by box, so the result can grow as the product of the sizes: past kMaxBoxes (or
// kMaxRegionCells) it is cut
// (the records in the boxes dropped are simply missing) and work.truncated says so. With many
// pairs, b is indexed by cell range and each box of a meets only the boxes of b whose range
// meets its own, taken in b's order: the same boxes in the same order as testing every pair.
Region meet(const Region& a, const Region& b, Work& work) {
  Region r;
  auto take = [&](const Box& x, const Box& y) {
    if (auto m = meet(x, y)) {
      work.charge(m->d.size());  // a new box: one cell set per dimension
      r.push_back(std::move(*m));
      if (r.size() > kMaxBoxes || r.size() * r.back().d.size() > kMaxRegionCells) {
        work.truncated = true;
        return false;
      }
    }
    return true;
  };
  if (a.size() < 16 || a.size() * b.size() <= kIndexPairs) {
    for (const auto& x : a) {
      work.charge(b.size());
      for (const auto& y : b)
        if (!take(x, y)) return r;
    }
    return r;
  }
  std::vector<const Box*> boxes;
  for (const auto& y : b) boxes.push_back(&y);
  work.charge(b.size());
  const RangeIndex index(boxes, index_dim(boxes));
  std::vector<std::uint32_t> near;
  for (const auto& x : a) {
    work.charge(index.candidates(x, near) + 1);
    for (auto j : near)
      if (!take(x, b[j])) return r;
  }
  return r;
}

// Few boxes, or few regions: every pair of regions is tested. Many: every box queries an index of all boxes
// by cell range, and only the boxes of other regions whose range meets its own are tested.
std::vector<std::vector<std::uint32_t>> intersecting_pairs(const std::vector<Region>& regions, Work& work) {
  std::vector<std::vector<std::uint32_t>> with(regions.size());
  std::vector<const Box*> boxes;
  std::vector<std::uint32_t> owner;
  for (std::uint32_t i = 0; i < regions.size(); ++i) {
    for (const auto& b : regions[i]) {
      boxes.push_back(&b);
      owner.push_back(i);
    }
  }
  // Few regions (rules) of many boxes each: a pair of regions is settled at its first shared
  // box, while the index would test every box against every other (4 rules over 40 facts).
  if (boxes.size() * boxes.size() <= kIndexPairs || regions.size() <= kPairwiseRegions) {
    // j ascending, and for each j the i < j ascending: every list comes out sorted
    for (std::uint32_t j = 0; j < regions.size(); ++j) {
      for (std::uint32_t i = 0; i < j; ++i) {
        if (!intersects(regions[i], regions[j], work)) continue;
        with[i].push_back(j);
        with[j].push_back(i);
      }
    }
    return with;
  }
  work.charge(boxes.size());
  const RangeIndex index(boxes, index_dim(boxes));
  std::vector<std::uint32_t> near;
  for (std::size_t x = 0; x < boxes.size(); ++x) {
    work.charge(index.candidates(*boxes[x], near) + 1);
    auto& mine = with[owner[x]];
    for (auto y : near)
      if (owner[y] != owner[x] && intersects(*boxes[x], *boxes[y])) mine.push_back(owner[y]);
  }
  for (auto& w : with) {
    std::sort(w.begin(), w.end());
    w.erase(std::unique(w.begin(), w.end()), w.end());
  }
  return with;
}

// Stops at the first uncovered part: for "is anything left?" questions.
std::optional<Box> first_uncovered(const Region& r, const Region& cover, Work& work) {
  std::vector<Box> found = uncovered_all(r, cover, 1, work);
  if (found.empty()) return std::nullopt;
  return found.front();
}

// Each box of `r` is searched against the whole cover in turn; the parts come in the order of
// r's boxes.
std::vector<Box> uncovered_all(const Region& r, const Region& cover, std::size_t limit, Work& work, bool* stopped) {
  std::vector<const Box*> c;
  for (const auto& b : cover) c.push_back(&b);
  std::vector<Box> found;
  for (const auto& b : r) {
    if (reached(found, limit)) break;
    uncovered(b, c, found, limit, work);
  }
  if (stopped) *stopped = reached(found, limit);
  return found;
}

// Joins uncovered parts that differ in one dimension only, so that a missing rule is
// reported as one gap, not as the pieces the search cut it into (the pieces of a box form a
// guillotine split, so repeated joining restores it). Per dimension, parts are bucketed by
// their cells in all other dimensions: one pass is linear in the number of parts.
void merge(std::vector<Box>& boxes) {
  Work unbounded;
  merge(boxes, unbounded);
}

// Each pass over one dimension is charged as one operation per box: the map keyed by the other
// dimensions' cells makes it n log n, not pairwise.
void merge(std::vector<Box>& boxes, Work& work) {
  if (boxes.empty()) return;
  const std::size_t dims = boxes.front().d.size();
  bool changed = true;
  while (changed) {
    changed = false;
    for (std::size_t k = 0; k < dims; ++k) {
      work.charge(boxes.size());
      std::map<std::vector<std::uint64_t>, std::size_t> bucket;
      std::vector<Box> kept;
      for (auto& b : boxes) {
        std::vector<std::uint64_t> key;
        for (std::size_t o = 0; o < dims; ++o)
          if (o != k) key.insert(key.end(), b.d[o].begin(), b.d[o].end());
        auto [it, fresh] = bucket.emplace(std::move(key), kept.size());
        if (fresh) {
          kept.push_back(std::move(b));
        } else {
          for (std::size_t w = 0; w < b.d[k].size(); ++w) kept[it->second].d[k][w] |= b.d[k][w];
          changed = true;
        }
      }
      boxes = std::move(kept);
    }
  }
}

}  // namespace kadenz::detail::analysis
