// The generated version header (kadenz/version.hpp) and kadenz::version(): both carry the
// version of project(kadenz VERSION ...) in CMakeLists.txt, and the macros agree with each other.
#include <catch2/catch.hpp>

#include <kadenz/version.hpp>

#include <fstream>
#include <regex>
#include <sstream>
#include <string>

namespace {

// The version CMakeLists.txt declares, read from its text (so a stale or hand-edited header
// cannot agree with itself).
std::string project_version() {
  std::ifstream in(std::string(KADENZ_SOURCE_DIR) + "/CMakeLists.txt");
  std::ostringstream text;
  text << in.rdbuf();
  std::smatch m;
  const std::string s = text.str();
  REQUIRE(std::regex_search(s, m, std::regex(R"(project\(kadenz VERSION ([0-9]+\.[0-9]+\.[0-9]+))")));
  return m[1].str();
}

}  // namespace

TEST_CASE("version: the header's macros are the project's version", "[version]") {
  const std::string expected = project_version();
  CHECK(std::string(KADENZ_VERSION_STRING) == expected);
  CHECK(std::to_string(KADENZ_VERSION_MAJOR) + "." + std::to_string(KADENZ_VERSION_MINOR) + "." +
            std::to_string(KADENZ_VERSION_PATCH) ==
        expected);
}

TEST_CASE("version: kadenz::version() is the library's version, equal to the header's here", "[version]") {
  const char* v = kadenz::version();
  REQUIRE(v != nullptr);
  CHECK(std::string(v) == project_version());
  CHECK(std::string(v) == KADENZ_VERSION_STRING);
  CHECK(v == kadenz::version());  // one static string, not a fresh one per call
}
