// SHA-256 (FIPS 180-4) of a byte string, as 64 lowercase hex digits. What-if reports name each
// policy by the hash of its source text, so a reader can tell which file a page was made from
// without a library dependency for one digest. Not for secrets: no constant-time guarantees.
#pragma once

#include <string>
#include <string_view>

namespace kadenz::detail {

// The digest of `bytes`, e.g. sha256_hex("abc") ==
// "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad". Throws only std::bad_alloc.
std::string sha256_hex(std::string_view bytes);

}  // namespace kadenz::detail
