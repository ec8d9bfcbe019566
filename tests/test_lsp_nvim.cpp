// `kadenz lsp` with a real client: Neovim (Debian's `neovim`, 0.7) runs headless with
// tests/nvim/lsp_session.lua, which opens a policy with a mistake and a messy layout, receives the
// diagnostics, asks for a hover and a completion and formats the buffer through its built-in LSP
// client. This test checks what the editor got. `.ci/run` and the README's first command install
// neovim; without it the test fails (it is not skipped).
#include "lsp_client.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <set>

namespace {

using kadenz::test::Json;
using kadenz::test::position_of;
using kadenz::test::sh;

// The policy: `stauts` is misspelled after non-ASCII characters, and one rule is badly indented.
const std::string kPolicy = R"(policy "Klein"
  valid from 01.01.2017

facts
  id:           text, key
  status:       one of arbeitslos, ohne_status
  bfm:          bool
  last_contact: date
end

table interval: months, hit first
      rule    bfm §2.2.1
    when bfm
    then 1 month
  rule standard §2.2.4
    otherwise
    then 3 months
end

output next_due = last_contact + interval
output note = "Größe 😀 {stauts}"
)";

}  // namespace

TEST_CASE("lsp in Neovim: diagnostics, hover, completion and formatting through the built-in client", "[lsp][nvim]") {
  INFO("needs Neovim (Debian: apt-get install neovim), as .ci/run and the README's first command install it");
  REQUIRE(std::system("command -v nvim >/dev/null 2>&1") == 0);
  kadenz::test::TempDir dir;
  const std::string policy = dir.write("klein.kadenz", kPolicy);
  const std::string out = dir.path("session.json");
  const Json hover_at = position_of(kPolicy, "when bfm", 6);
  const Json complete_at = position_of(kPolicy, "    then 3 months", 4);  // at a new word after the indentation
  const std::string home = dir.path("home");
  const std::string cmd =
      "HOME=" + sh(home) + " XDG_CONFIG_HOME=" + sh(home) + " XDG_DATA_HOME=" + sh(home) + " XDG_STATE_HOME=" + sh(home) +
      " XDG_CACHE_HOME=" + sh(home) + " KADENZ_CLI=" + sh(KADENZ_CLI) + " KADENZ_POLICY=" + sh(policy) +
      " KADENZ_OUT=" + sh(out) + " KADENZ_HOVER_LINE=" + hover_at["line"].dump() +
      " KADENZ_HOVER_CHAR=" + hover_at["character"].dump() + " KADENZ_COMPLETE_LINE=" + complete_at["line"].dump() +
      " KADENZ_COMPLETE_CHAR=" + complete_at["character"].dump() +
      " timeout 120 nvim --headless --clean -n -i NONE -c " +
      sh("luafile " + kadenz::test::source_path("tests/nvim/lsp_session.lua")) + " >" + sh(dir.path("nvim.log")) + " 2>&1";
  const int status = std::system(cmd.c_str());
  INFO("nvim output: " << kadenz::test::read_file(dir.path("nvim.log")));
  CHECK(status == 0);
  const Json got = Json::parse(kadenz::test::read_file(out));
  INFO(got.dump(2));
  CHECK(got["error"].is_null());
  CHECK(got["steps"] == Json::array({"attached", "diagnostics", "hover", "completion", "formatting"}));

  // the diagnostic of `stauts`, where the server put it (Neovim converts UTF-16 columns to bytes)
  CHECK(got["got_diagnostics"] == true);
  REQUIRE(got["diagnostics"].size() == 1);
  const Json& d = got["diagnostics"][0];
  CHECK(d["code"] == "unknown-name");
  CHECK(d["lnum"] == position_of(kPolicy, "stauts")["line"]);
  const std::size_t line_start = kPolicy.rfind('\n', kPolicy.find("stauts")) + 1;
  CHECK(d["col"] == kPolicy.find("stauts") - line_start);  // a byte column in Neovim
  CHECK(d["message"].get<std::string>().find("did you mean `status`?") != std::string::npos);

  // hover of the fact bfm; completion with the policy's keywords and names
  CHECK(got["hover"].get<std::string>().find("fact `bfm`: bool") != std::string::npos);
  std::set<std::string> labels;
  for (const auto& l : got["completion"]) labels.insert(l.get<std::string>());
  CHECK(labels.count("otherwise") == 1);
  CHECK(labels.count("last_contact") == 1);
  CHECK(labels.count("sonst") == 0);

  // formatting: the buffer is what `kadenz fmt` writes
  const auto fmt = kadenz::test::run_kadenz(dir, "fmt " + sh(policy));
  REQUIRE(fmt.code == 0);
  CHECK(fmt.out != kPolicy);
  CHECK(got["formatted"] == fmt.out);
  CHECK(got["stopped"] == true);
}
