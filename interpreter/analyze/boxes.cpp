// Analyze stage: the algebra of boxes and regions over the record space - intersection, union,
// containment, and the search for the parts of a region that a cover leaves out (gaps,
// unreachable rules). Knows nothing of conditions or programs: only cells.
#include "interpreter/analyze/analyzer.hpp"

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

// Parts of `b` that no box of `cover` contains, appended to `out` (at most `limit` parts;
// stops at the first if limit is 1). Splits `b` along the first box that cuts it; a search
// nested deeper than 4096 splits gives up on that part and sets `truncated`.
void uncovered(const Box& b, const std::vector<const Box*>& cover, std::vector<Box>& out, std::size_t limit,
               bool& truncated, int depth = 0) {
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
  if (depth > 4096) {
    truncated = true;
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
  uncovered(outside, parts, out, limit, truncated, depth + 1);
  if (out.size() >= limit) return;
  const std::size_t middle = out.size();
  uncovered(inside, parts, out, limit, truncated, depth + 1);
  // Pieces from the two halves that agree outside the split dimension are one box again
  // (so a missing rule comes back whole, however often the search cut it).
  for (std::size_t r = middle; r < out.size();) {
    bool joined = false;
    for (std::size_t l = first; l < middle && !joined; ++l) {
      bool same = true;
      for (std::size_t k = 0; k < b.d.size() && same; ++k) same = k == dim || out[l].d[k] == out[r].d[k];
      if (!same) continue;
      for (std::size_t w = 0; w < b.d[dim].size(); ++w) out[l].d[dim][w] |= out[r].d[dim][w];
      out.erase(out.begin() + static_cast<std::ptrdiff_t>(r));
      joined = true;
    }
    if (!joined) ++r;
  }
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
bool intersects(const Region& a, const Region& b) {
  for (const auto& x : a)
    for (const auto& y : b)
      if (intersects(x, y)) return true;
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

// Box by box, so the result can grow as the product of the sizes: past kMaxBoxes it is cut
// (the records in the boxes dropped are simply missing) and `truncated` says so.
Region meet(const Region& a, const Region& b, bool& truncated) {
  Region r;
  for (const auto& x : a) {
    for (const auto& y : b) {
      if (auto m = meet(x, y)) {
        r.push_back(std::move(*m));
        if (r.size() > kMaxBoxes) {
          truncated = true;
          return r;
        }
      }
    }
  }
  return r;
}

// Stops at the first uncovered part: for "is anything left?" questions.
std::optional<Box> first_uncovered(const Region& r, const Region& cover, bool& truncated) {
  std::vector<Box> found = uncovered_all(r, cover, 1, truncated);
  if (found.empty()) return std::nullopt;
  return found.front();
}

// Each box of `r` is searched against the whole cover in turn; the parts come in the order of
// r's boxes.
std::vector<Box> uncovered_all(const Region& r, const Region& cover, std::size_t limit, bool& truncated) {
  std::vector<const Box*> c;
  for (const auto& b : cover) c.push_back(&b);
  std::vector<Box> found;
  for (const auto& b : r) {
    if (found.size() >= limit) break;
    uncovered(b, c, found, limit, truncated);
  }
  return found;
}

// Joins uncovered parts that differ in one dimension only, so that a missing rule is
// reported as one gap, not as the pieces the search cut it into (the pieces of a box form a
// guillotine split, so repeated joining restores it). Per dimension, parts are bucketed by
// their cells in all other dimensions: one pass is linear in the number of parts.
void merge(std::vector<Box>& boxes) {
  if (boxes.empty()) return;
  const std::size_t dims = boxes.front().d.size();
  bool changed = true;
  while (changed) {
    changed = false;
    for (std::size_t k = 0; k < dims; ++k) {
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
