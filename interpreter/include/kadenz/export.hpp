// KADENZ_API: marks the declarations that make up kadenz's binary interface.
#pragma once

// The library is compiled with hidden visibility (-fvisibility=hidden), so a shared libkadenz.so
// exports only the names marked KADENZ_API; the rest of the library stays internal to it (and a
// host that links the static library into its own shared object does not re-export it either).
// With GCC and clang the same attribute serves the library's build and its users: "default"
// visibility both exports a definition and names an exported declaration. A host may define
// KADENZ_API itself before the first kadenz include (e.g. to empty) to override this.
#ifndef KADENZ_API
#if defined(__GNUC__)
#define KADENZ_API __attribute__((visibility("default")))
#else
#define KADENZ_API
#endif
#endif
