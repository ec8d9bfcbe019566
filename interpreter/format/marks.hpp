// Format stage, internal: what the grammar says about each place of a policy text that the
// formatter needs (where items, facts, rules and keywords start), found by one parse.
#pragma once

#include "grammar/keywords.hpp"

#include <cstddef>
#include <map>
#include <optional>
#include <string_view>
#include <vector>

namespace kadenz::detail::format {

// What a line that starts at a place is, for its indentation.
enum class Role : std::uint8_t {
  item,      // a top-level item: 0
  end,       // a block's `end`: 0
  inner,     // header line, fact, parameter, workload role, rule, `else`/message of require/warn: 2
  clause,    // a rule's `when`, `then`, `otherwise`, an edit's `before`/`after`: 4
};

// The kind of a top-level item: blocks get a blank line before and after them.
enum class ItemKind : std::uint8_t { statement, facts, parameters, table, workload, test };

struct Item {
  std::size_t begin;
  ItemKind kind;
};

// A keyword-like word: a grammar keyword, a unit after a number, a type name or a hit policy.
enum class WordKind : std::uint8_t { keyword, unit, type, hit };
struct Word {
  std::size_t offset;
  std::size_t length;
  WordKind kind;
  Kw kw;  // for keywords
};

// One fact: where its name, colon and type start, and its first enumeration value (npos: none).
struct Fact {
  std::size_t name, colon, type;
  std::size_t first_enum = std::string_view::npos;
};

// One `name = value` of a parameters or workload block: where the name and the `=` are.
struct Entry {
  std::size_t name, equals;
};

struct Marks {
  std::vector<Item> items;   // in text order
  std::map<std::size_t, Role> roles;
  std::vector<Word> words;   // in text order
  std::vector<Fact> facts;   // in text order
  std::map<std::size_t, std::size_t> enum_values;  // offset of an enumeration value -> its fact
  std::vector<Entry> entries;  // in text order
};

// Parses `text` (which the parser accepted: no syntax error) and records the marks; nullopt if it
// does not parse after all.
std::optional<Marks> find_marks(std::string_view text);

}  // namespace kadenz::detail::format
