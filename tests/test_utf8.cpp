// stdlib/utf8: validation, cutting, safe output, Windows-1252 and NFC.
#include "stdlib/utf8.hpp"

#include <catch2/catch.hpp>

#include <random>

using namespace kadenz;

TEST_CASE("utf8: well-formed and ill-formed sequences", "[utf8]") {
  CHECK(utf8::is_valid("Geschäftsstelle"));
  CHECK(utf8::is_valid(std::string_view("a\0b", 3)));  // NUL is well-formed
  CHECK(utf8::is_valid("\xF0\x9F\x98\x80"));            // U+1F600
  CHECK_FALSE(utf8::is_valid("Gesch\xE4" "ftsstelle"));  // Windows-1252 ä
  CHECK_FALSE(utf8::is_valid("\xC0\xAF"));               // overlong '/'
  CHECK_FALSE(utf8::is_valid("\xE0\x80\xAF"));           // overlong, 3 bytes
  CHECK_FALSE(utf8::is_valid("\xED\xA0\x80"));           // surrogate U+D800
  CHECK_FALSE(utf8::is_valid("\xF4\x90\x80\x80"));       // above U+10FFFF
  CHECK_FALSE(utf8::is_valid("\xC3"));                   // cut sequence
  CHECK(utf8::valid_prefix("ab\xFF" "cd") == 2);
}

TEST_CASE("utf8: cut never ends inside a character", "[utf8]") {
  const std::string s = "aäb";  // a, ä (2 bytes), b
  CHECK(utf8::cut(s, 1) == "a");
  CHECK(utf8::cut(s, 2) == "a");  // would split ä
  CHECK(utf8::cut(s, 3) == "aä");
  CHECK(utf8::cut(s, 10) == s);
}

TEST_CASE("utf8: append_safe makes any bytes valid UTF-8 without NUL", "[utf8]") {
  std::string out;
  utf8::append_safe(out, std::string_view("K\0\xFF\xC3\xA4", 5));
  CHECK(out == "K\xEF\xBF\xBD\xEF\xBF\xBD\xC3\xA4");
  std::mt19937 random(12345);
  for (int round = 0; round < 2000; ++round) {
    std::string bytes(static_cast<std::size_t>(random() % 40), '\0');
    for (auto& b : bytes) b = static_cast<char>(random() & 0xFF);
    std::string safe;
    utf8::append_safe(safe, bytes);
    REQUIRE(utf8::is_valid(safe));
    REQUIRE(safe.find('\0') == std::string::npos);
  }
}

TEST_CASE("utf8: Windows-1252 decodes to UTF-8", "[utf8]") {
  std::string out;
  utf8::append_cp1252(out, "Gesch\xE4" "ftsstelle \x80 \x84" "a\x93 \xDF \x81");
  CHECK(out == "Geschäftsstelle € „a“ ß \xEF\xBF\xBD");
  CHECK(utf8::is_valid(out));
}

TEST_CASE("utf8: NFC composes what a Mac decomposes", "[utf8]") {
  std::string out;
  REQUIRE(utf8::to_nfc("unterstu\xCC\x88tzungsprofil", out));  // u + U+0308
  CHECK(out == "unterstützungsprofil");
  CHECK(utf8::is_nfc("unterstützungsprofil"));
  CHECK_FALSE(utf8::is_nfc("unterstu\xCC\x88tzungsprofil"));
  CHECK_FALSE(utf8::to_nfc("\xFF", out));
}

TEST_CASE("utf8: encode_cp1252 agrees with append_cp1252 for every byte", "[utf8]") {
  for (unsigned b = 0; b < 256; ++b) {
    char bytes[3];
    const std::size_t n = utf8::encode_cp1252(static_cast<unsigned char>(b), bytes);
    std::string expected;
    utf8::append_cp1252(expected, std::string(1, static_cast<char>(b)));
    INFO("byte " << b);
    CHECK(std::string(bytes, n) == expected);
    CHECK(utf8::is_valid(expected));
  }
}

TEST_CASE("utf8: is_safe and safe refuse NUL and bad bytes, pass good text unchanged", "[utf8]") {
  CHECK(utf8::is_safe("Müller, 50 €"));
  CHECK(utf8::is_ascii("0123456789abcdefghij"));
  CHECK_FALSE(utf8::is_ascii("0123456789abcdefghiä"));  // past the first 8-byte words
  CHECK_FALSE(utf8::is_safe(std::string_view("K\0" "1", 3)));
  CHECK_FALSE(utf8::is_safe("M\xFC" "ller"));
  std::string scratch;
  const std::string good = "Grüße";
  CHECK(utf8::safe(good, scratch).data() == good.data());  // no copy
  CHECK(utf8::safe("M\xFC" "ller", scratch) == "M\xEF\xBF\xBD" "ller");
}
