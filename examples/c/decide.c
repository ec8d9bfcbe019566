/* A C host of kadenz (docs/api.md walks through it): compile the Coburg policy, list the
 * facts it needs, decide one customer given as JSON, then a small caseload given as CSV text.
 *
 *   decide POLICY.kadenz
 *
 * Exit status: 0 if everything worked (a customer that is not decided is not a failure of the
 * program), 1 on an error, which it prints with kadenz_last_error(). */
#include <kadenz/kadenz.h>

#include <stdio.h>
#include <string.h>

/* Prints what failed and why, and returns 1 (the exit status). */
static int report(const char* what, kadenz_status status) {
  fprintf(stderr, "decide: %s failed (status %d): %s\n", what, (int)status, kadenz_last_error());
  return 1;
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: decide POLICY.kadenz\n");
    return 2;
  }
  printf("kadenz %s\n", kadenz_version());

  /* 1. Compile, with the messages in English (the policy is written in German keywords). */
  kadenz_compile_options* options = NULL;
  kadenz_status s = kadenz_compile_options_new(&options);
  if (s != KADENZ_OK) return report("kadenz_compile_options_new", s);
  kadenz_compile_options_set_lang(options, "en");
  kadenz_policy* policy = NULL;
  char* diagnostics = NULL;
  s = kadenz_compile_file(argv[1], options, &policy, NULL, &diagnostics);
  kadenz_compile_options_free(options);
  if (s != KADENZ_OK) {
    fputs(diagnostics != NULL ? diagnostics : "", stderr); /* what `kadenz check` would print */
    kadenz_free_string(diagnostics);
    return report("compiling the policy", s);
  }
  kadenz_free_string(diagnostics);

  /* 2. What does the policy need? (a JSON document; here just printed) */
  char* description = NULL;
  s = kadenz_policy_describe_json(policy, &description);
  if (s != KADENZ_OK) return report("kadenz_policy_describe_json", s);
  printf("policy: %.120s...\n", description);
  kadenz_free_string(description);

  /* 3. One customer, as a JSON object of fact name -> value. */
  const char* customer =
      "{\"id\":\"K0001\",\"birth_date\":\"1980-05-14\",\"status\":\"arbeitslos\",\"profile\":\"marktnah\","
      "\"bfm\":false,\"massnahme\":false,\"arbeitsunfaehig\":false,\"foerderung\":\"keine\",\"para10\":false,"
      "\"german_ok\":true,\"last_contact\":\"2017-01-10\",\"profiling_date\":\"2016-11-02\"}";
  char* decision = NULL;
  s = kadenz_evaluate_json(policy, customer, "2017-03-01", &decision);
  if (s == KADENZ_OK || s == KADENZ_ERROR_RECORD) {
    printf("decision: %s\n", decision); /* not decided: "decided":false and the "error" */
    kadenz_free_string(decision);
  } else {
    return report("kadenz_evaluate_json", s);
  }

  /* 4. Many customers, one at a time, with one evaluator (one per thread). */
  kadenz_evaluator* ev = NULL;
  s = kadenz_evaluator_new(policy, &ev);
  if (s != KADENZ_OK) return report("kadenz_evaluator_new", s);
  const char* statuses[] = {"arbeitslos", "arbeitsuchend", "arbeitslose"}; /* the last is misspelt */
  for (int i = 0; i < 3; ++i) {
    kadenz_evaluator_set_json(ev, customer);
    kadenz_evaluator_set(ev, "status", statuses[i]); /* a refused value fails the record */
    s = kadenz_evaluator_evaluate(ev, "2017-03-01", &decision);
    if (s != KADENZ_OK && s != KADENZ_ERROR_RECORD) return report("kadenz_evaluator_evaluate", s);
    printf("%-13s -> %s\n", statuses[i], decision);
    kadenz_free_string(decision);
  }
  kadenz_evaluator_free(ev);

  /* 5. A caseload as CSV text: the rows of `kadenz eval` and a summary. */
  const char* csv =
      "id;birth_date;status;profile;bfm;massnahme;arbeitsunfaehig;foerderung;para10;german_ok;last_contact;"
      "profiling_date\n"
      "K1;14.05.1980;arbeitslos;marktnah;nein;nein;nein;keine;nein;ja;10.01.2017;02.11.2016\n"
      "K2;03.11.1999;arbeitslos;marktfern;nein;nein;nein;keine;nein;ja;;\n"
      "K3;03.11.1975;arbeitsuchend;marktnah;nein;nein;nein;keine;nein;ja;31.02.2017;\n";
  char* rows = NULL;
  char* summary = NULL;
  s = kadenz_evaluate_csv(policy, csv, strlen(csv), "2017-03-01", KADENZ_ROWS_CSV, 1, &rows, &summary);
  if (s != KADENZ_OK) return report("kadenz_evaluate_csv", s);
  printf("%ssummary: %s\n", rows, summary);
  kadenz_free_string(rows);
  kadenz_free_string(summary);

  kadenz_policy_free(policy);
  return 0;
}
