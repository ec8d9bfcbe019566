// Report stage, internal: the `--by` groups of a workload or what-if run. Each thread numbers
// the groups it meets (GroupIndex); the runs match the threads' numberings by key when they
// merge, and every total is the merge of its groups' tallies (integer counts: the totals are
// exactly those of a run without --by).
#pragma once

#include "interpreter/report/report.hpp"
#include "stdlib/utf8.hpp"

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace kadenz::detail {

// At most this many groups: memory stays bounded whatever the column holds (an id column given
// as --by would make one group per record). More is an error, never a silent cut.
inline constexpr std::size_t kMaxGroups = 1000;

// A group's cell: padding (spaces, tabs, a CR) is not part of the value, as for facts.
inline std::string_view group_cell(const std::vector<std::string_view>& fields, std::size_t column) {
  if (column >= fields.size()) return {};  // a short row: its group cell is empty
  std::string_view s = fields[column];
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// One thread's numbering of the groups it has met.
class GroupIndex {
 public:
  static constexpr std::size_t kTooMany = static_cast<std::size_t>(-1);

  explicit GroupIndex(const std::vector<std::size_t>& columns) : columns_(columns) {
    if (columns_.empty()) keys_.emplace_back();  // no --by: one group with the empty key
  }

  // The local number of the record's group, or kTooMany if it would be group kMaxGroups + 1.
  std::size_t find(const std::vector<std::string_view>& fields) {
    if (columns_.empty()) return 0;
    // length-prefixed cells: no cell value can make two keys alike
    key_.clear();
    for (const std::size_t c : columns_) {
      const std::string_view cell = group_cell(fields, c);
      const auto n = static_cast<std::uint32_t>(cell.size());
      key_.append(reinterpret_cast<const char*>(&n), sizeof n);
      key_.append(cell);
    }
    const auto it = index_.find(key_);
    if (it != index_.end()) return it->second;
    if (keys_.size() >= kMaxGroups) return kTooMany;
    GroupKey key;
    for (const std::size_t c : columns_) key.values.emplace_back(utf8::safe(group_cell(fields, c), scratch_));
    keys_.push_back(std::move(key));
    index_.emplace(key_, keys_.size() - 1);
    return keys_.size() - 1;
  }

  const std::vector<GroupKey>& keys() const { return keys_; }

 private:
  std::vector<std::size_t> columns_;
  std::unordered_map<std::string, std::size_t> index_;
  std::vector<GroupKey> keys_;
  std::string key_, scratch_;
};

// Keys in report order: value by value, as category names are ordered ("" first).
inline bool group_key_less(const GroupKey& a, const GroupKey& b) {
  return std::lexicographical_compare(a.values.begin(), a.values.end(), b.values.begin(), b.values.end(),
                                      [](const std::string& x, const std::string& y) { return category_less(x, y); });
}

// The groups of all threads in report order: `keys` of every thread's GroupIndex; `local[t][i]`
// is the global number of thread t's group i. False if there are more than kMaxGroups.
inline bool merge_group_keys(const std::vector<const GroupIndex*>& threads, std::vector<GroupKey>& keys,
                             std::vector<std::vector<std::size_t>>& local) {
  keys.clear();
  for (const GroupIndex* t : threads)
    for (const GroupKey& k : t->keys())
      if (std::find_if(keys.begin(), keys.end(), [&](const GroupKey& x) { return x.values == k.values; }) == keys.end()) {
        if (keys.size() >= kMaxGroups) return false;
        keys.push_back(k);
      }
  std::sort(keys.begin(), keys.end(), group_key_less);
  local.assign(threads.size(), {});
  for (std::size_t t = 0; t < threads.size(); ++t)
    for (const GroupKey& k : threads[t]->keys())
      local[t].push_back(static_cast<std::size_t>(
          std::find_if(keys.begin(), keys.end(), [&](const GroupKey& x) { return x.values == k.values; }) - keys.begin()));
  return true;
}

}  // namespace kadenz::detail
