// Shared by the synthetic data generators (and tests that generate records): a deterministic
// random source and the parsing of numeric command-line arguments.
#pragma once

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <system_error>

namespace kadenz::bench {

// splitmix64: the same numbers on every platform and standard library (unlike <random>'s
// distributions), so generated files and failures replay from their seed.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}

  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }

  // Uniform in [0, n); the modulo bias is irrelevant for ranges this small.
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }

  // Uniform in [lo, hi].
  int between(int lo, int hi) { return lo + static_cast<int>(next() % (static_cast<std::uint64_t>(hi - lo) + 1u)); }

  // True with probability per_mille / 1000.
  bool chance(int per_mille) { return between(0, 999) < per_mille; }

  template <class T, std::size_t N>
  const T& pick(const T (&items)[N]) {
    return items[next() % N];
  }

 private:
  std::uint64_t state_;
};

// A whole decimal number, nothing else.
inline bool parse_number(const char* text, long long& out) {
  const std::string_view v = text;
  const auto res = std::from_chars(v.data(), v.data() + v.size(), out);
  return res.ec == std::errc() && res.ptr == v.data() + v.size();
}

}  // namespace kadenz::bench
