#!/usr/bin/env bash
# Builds and runs the host example (examples/host) against the installed kadenz package three
# ways, each as on a machine where only kadenz is installed (no PEGTL, no fmt):
#   (a) the static package (libkadenz.a) through find_package(kadenz),
#   (b) the shared package (libkadenz.so, BUILD_SHARED_LIBS=ON) through find_package(kadenz),
#   (c) pkg-config: `c++ -std=c++17 main.cpp $(pkg-config --cflags --libs [--static] kadenz)`,
#       against the static and the shared package.
# Each host must print the expected decisions. The installed CMake and pkg-config files must name
# neither PEGTL nor fmt, libkadenz.so must not need libfmt and must export no internal name.
#
# Usage: examples/host/build-all.sh [WORK_DIR]        (default: build-packages)
#   KADENZ_STATIC_BUILD=DIR  install the static package from this build tree (CI passes its
#                            `build`) instead of configuring WORK_DIR/lib-static.
#   KADENZ_SHARED_BUILD=DIR  the same for the shared package (a tree configured with
#                            -DBUILD_SHARED_LIBS=ON; default: configure WORK_DIR/lib-shared).
# The library builds use ccache when CMAKE_CXX_COMPILER_LAUNCHER is set in the environment.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mkdir -p "${1:-$root/build-packages}" && cd "${1:-$root/build-packages}" && pwd)
policy="$root/policies/coburg-land-2017.kadenz"
jobs=${JOBS:-2}
fail() { echo "build-all.sh: $*" >&2; exit 1; }
# No `grep -q` after a pipe: with pipefail, the writer's SIGPIPE would fail the pipeline.

# The library, configured as `mode` (static/shared), built (only the library) and installed into
# $work/prefix-<mode>.
install_library() {
  local mode=$1 build=$2 shared=OFF
  [ "$mode" = shared ] && shared=ON
  if [ ! -f "$build/CMakeCache.txt" ]; then
    cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=$shared \
      -DKADENZ_BUILD_TESTS=OFF -DKADENZ_BUILD_BENCH=OFF >/dev/null
  fi
  cmake --build "$build" -j"$jobs" --target kadenz_lib
  rm -rf "$work/prefix-$mode"
  cmake --install "$build" --prefix "$work/prefix-$mode" >/dev/null
}

# Checks the decisions a host printed (the lines .ci/run has always expected; the row error is
# German: the shipped policy is written in German keywords, so its messages are German).
check_output() {
  local out=$1
  for expected in "kadenz 0.1" "K-100  2MM   2        2017-02-28 marktnah" \
                  "K-102  3MM   3        2017-02-28 massnahme" "K-103  1MM   1        2017-03-01 bfm" \
                  "status: unbekannter Wert \`arbeitslose\`"; do
    grep -qF "$expected" "$out" || fail "$out: missing '$expected'"
  done
}

# What an installed package must not contain or need.
check_package() {
  local prefix=$1
  local files=("$prefix"/lib*/cmake/kadenz/*.cmake "$prefix"/lib*/pkgconfig/kadenz.pc)
  if grep -niE 'pegtl|fmt' "${files[@]}"; then
    fail "$prefix: the installed package names PEGTL or fmt (above)"
  fi
  [ -f "$prefix/share/licenses/kadenz/LICENSE" ] || fail "$prefix: no LICENSE"
  [ -f "$prefix/include/kadenz/version.hpp" ] || fail "$prefix: no kadenz/version.hpp"
}

echo "== static package"
install_library static "${KADENZ_STATIC_BUILD:-$work/lib-static}"
if grep -q '^BUILD_SHARED_LIBS:BOOL=ON' "${KADENZ_STATIC_BUILD:-$work/lib-static}/CMakeCache.txt"; then
  fail "${KADENZ_STATIC_BUILD:-$work/lib-static} is configured with -DBUILD_SHARED_LIBS=ON"
fi
static="$work/prefix-static"
check_package "$static"
archive=$(ls "$static"/lib*/libkadenz.a)
# fmt is compiled into the archive: no fmt symbol is left for the host to provide.
if nm -C --undefined-only "$archive" | grep ' fmt::' >/dev/null; then fail "$archive needs fmt symbols"; fi
# Position-independent: the archive goes into a shared object (a plugin, a Python extension).
printf '#include <kadenz/version.hpp>\nextern "C" const char* plugin_version() { return kadenz::version(); }\n' \
  >"$work/plugin.cpp"
c++ -std=c++17 -shared -fPIC "$work/plugin.cpp" -I"$static/include" -o "$work/libplugin.so" \
  -Wl,--whole-archive "$archive" -Wl,--no-whole-archive -lutf8proc \
  || fail "libkadenz.a cannot be linked into a shared object"

echo "== shared package"
install_library shared "${KADENZ_SHARED_BUILD:-$work/lib-shared}"
grep -q '^BUILD_SHARED_LIBS:BOOL=ON' "${KADENZ_SHARED_BUILD:-$work/lib-shared}/CMakeCache.txt" \
  || fail "${KADENZ_SHARED_BUILD:-$work/lib-shared} is not configured with -DBUILD_SHARED_LIBS=ON"
shared="$work/prefix-shared"
check_package "$shared"
so=$(ls "$shared"/lib*/libkadenz.so)
soname=$(readelf -d "$so" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
[ "$soname" = "libkadenz.so.0" ] || fail "$so: SONAME is '$soname', not libkadenz.so.0"
if readelf -d "$so" | grep 'libfmt' >/dev/null; then fail "$so needs libfmt"; fi
# Hidden visibility: only KADENZ_API names are exported; nothing of kadenz::detail, fmt or PEGTL
# (a public function may still mention an internal type in its signature).
if nm -DC --defined-only "$so" | grep -E '^[0-9a-f]+ [A-Za-z] (vtable for |typeinfo for |typeinfo name for )?(kadenz::detail|fmt|tao)::'; then
  fail "$so exports internal names (above)"
fi
nm -DC --defined-only "$so" | grep 'kadenz::version()' >/dev/null || fail "$so does not export kadenz::version()"

# The host's CMake configuration cannot find PEGTL or fmt, as on a machine without them.
no_deps=(-DCMAKE_DISABLE_FIND_PACKAGE_pegtl=ON -DCMAKE_DISABLE_FIND_PACKAGE_fmt=ON)
for mode in static shared; do
  echo "== host (CMake, $mode)"
  host="$work/host-$mode"
  rm -rf "$host"
  cmake -S "$root/examples/host" -B "$host" -DCMAKE_PREFIX_PATH="$work/prefix-$mode" "${no_deps[@]}" --no-warn-unused-cli >/dev/null
  cmake --build "$host" -j"$jobs"
  # CMake gives the shared host an RPATH to the prefix's library directory.
  "$host/kadenz_host" "$policy" | tee "$host/decisions.txt"
  check_output "$host/decisions.txt"
  if ldd "$host/kadenz_host" | grep libfmt >/dev/null; then fail "$host/kadenz_host needs libfmt"; fi
done
ldd "$work/host-shared/kadenz_host" | grep "$shared/.*/libkadenz.so.0" >/dev/null \
  || fail "the shared host does not run with $shared's libkadenz.so.0"

echo "== host (pkg-config --static, static package)"
PKG_CONFIG_PATH="$(dirname "$static"/lib*/pkgconfig/kadenz.pc)" ; export PKG_CONFIG_PATH
# shellcheck disable=SC2046 # the flags are words
c++ -std=c++17 "$root/examples/host/main.cpp" -o "$work/host-pc-static" $(pkg-config --cflags --libs --static kadenz)
"$work/host-pc-static" "$policy" >"$work/host-pc-static.txt"
check_output "$work/host-pc-static.txt"

echo "== host (pkg-config, shared package, LD_LIBRARY_PATH)"
PKG_CONFIG_PATH="$(dirname "$shared"/lib*/pkgconfig/kadenz.pc)" ; export PKG_CONFIG_PATH
# shellcheck disable=SC2046
c++ -std=c++17 "$root/examples/host/main.cpp" -o "$work/host-pc-shared" $(pkg-config --cflags --libs kadenz)
LD_LIBRARY_PATH="$(pkg-config --variable=libdir kadenz)" "$work/host-pc-shared" "$policy" >"$work/host-pc-shared.txt"
check_output "$work/host-pc-shared.txt"
LD_LIBRARY_PATH="$(pkg-config --variable=libdir kadenz)" ldd "$work/host-pc-shared" | grep "libkadenz.so.0 => $shared" >/dev/null \
  || fail "host-pc-shared does not run with $shared's libkadenz.so.0"

echo "build-all.sh: the host example builds and runs against the static and the shared package and through pkg-config"
