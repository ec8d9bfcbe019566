// The roles a policy's `workload` block may give (what `kadenz workload` and `kadenz whatif`
// count for each decided record): their names in English and German, the type each needs and
// what it means. Vocabulary of the language, read by the checker (which checks the block),
// the compiler (which keeps each entry's role), the reports and the dump.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace kadenz::detail {

// What a `workload` block gives `kadenz workload` / `kadenz whatif` for each decided record.
enum class WorkloadRole : std::uint8_t {
  category, interval, next_due, minutes, first_interview, prep_minutes, weekly_hours, interview_share,
};

struct WorkloadRoleInfo {
  WorkloadRole role;
  std::string_view name;     // English role name
  std::string_view german;   // the same role in German (either may be written)
  // The type the role's value must have, as a policy writes it ("months", "date", "bool", …:
  // a word whose input scale is 1, so that its name is also the checked type's name). Empty:
  // any type (the value is printed as text). `interval` also takes a `duration` (the checker
  // knows: check_workload).
  std::string_view type;
  bool constant;             // must be the same for every record (parameters and literals only)
  std::string_view meaning;  // for messages and docs
};

inline constexpr WorkloadRoleInfo kWorkloadRoles[] = {
    {WorkloadRole::category, "category", "kategorie", "", false,
     "the category customers are counted in (e.g. the code 2MM)"},
    {WorkloadRole::interval, "interval", "intervall", "months", false,
     "months or a duration between two interviews (a customer counts 1/n interviews per month for n "
     "months, 30.436875/(7n) for n weeks, 30.436875/n for n days)"},
    {WorkloadRole::next_due, "next_due", "naechster_termin", "date", false,
     "when the next interview falls due (starts the 12-month forecast)"},
    {WorkloadRole::minutes, "minutes", "minuten", "minutes", false, "length of the next interview"},
    {WorkloadRole::first_interview, "first_interview", "erstgespraech", "bool", false,
     "true if the next interview is a first interview (counted once, without preparation time)"},
    {WorkloadRole::prep_minutes, "prep_minutes", "vorbereitung", "minutes", false,
     "preparation time per follow-up interview"},
    {WorkloadRole::weekly_hours, "weekly_hours", "wochenstunden", "minutes", true,
     "working hours of one full-time post per week"},
    {WorkloadRole::interview_share, "interview_share", "gespraechsanteil", "percent", true,
     "minimum share of working time for scheduled interviews"},
};
inline constexpr std::size_t kWorkloadRoleCount = sizeof(kWorkloadRoles) / sizeof(kWorkloadRoles[0]);

}  // namespace kadenz::detail
