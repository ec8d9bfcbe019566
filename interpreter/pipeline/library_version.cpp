// kadenz::version(): the version this library was built as (kadenz/version.hpp, generated).
#include <kadenz/version.hpp>

namespace kadenz {

const char* version() noexcept { return KADENZ_VERSION_STRING; }

}  // namespace kadenz
