#!/usr/bin/env python3
"""Decide a caseload with the Coburg policy from Python and compare it with a variant.

    PYTHONPATH=build/python /usr/bin/python3 examples/python/analyse_caseload.py [CASELOAD.csv] [AS_OF] [VARIANT.kadenz]

Loads the caseload with pandas, decides every customer, prints the customers per category, the
rows that could not be decided, and what the variant would change (customers moving category,
interviews and staff). Defaults: examples/caseload.csv, 2017-03-01, and the first variant in
policies/ (a .kadenz file besides the base), else examples/whatif/marktnah-monatlich.kadenz.
Run it from the repository's top folder or anywhere else: the paths are found from this file.
"""

import glob
import os
import sys

import pandas as pd

import kadenz

top = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
base_path = os.path.join(top, "policies", "coburg-land-2017.kadenz")
caseload_path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(top, "examples", "caseload.csv")
as_of = sys.argv[2] if len(sys.argv) > 2 else "2017-03-01"
variants = [p for p in sorted(glob.glob(os.path.join(top, "policies", "*.kadenz")))
            if os.path.abspath(p) != os.path.abspath(base_path)]
variant_path = sys.argv[3] if len(sys.argv) > 3 else (
    variants[0] if variants else os.path.join(top, "examples", "whatif", "marktnah-monatlich.kadenz"))

policy = kadenz.compile(base_path)
print(f"Policy: {policy.name} (valid from {policy.header['valid_from']})")
print("Facts read from the caseload:", ", ".join(f.column for f in policy.facts))

customers = pd.read_csv(caseload_path)
decisions = policy.evaluate(customers, as_of=as_of)
print(f"\n{len(customers)} customers as of {as_of}: {decisions['error'].notna().sum()} could not be decided\n")

print("Customers per category:")
print(decisions["code"].fillna("(not decided)").value_counts().sort_index().to_string())

print("\nOverdue interviews per category:")
print(decisions[decisions["overdue"].fillna(False)].groupby("code").size().to_string())

errors = customers[["id"]].join(decisions["error"]).dropna()
print(f"\nRows that could not be decided (first 5 of {len(errors)}):")
print(errors.head().to_string(index=False))

variant = kadenz.compile(variant_path)
report = kadenz.whatif(policy, variant, customers, as_of=as_of)
print(f"\nWhat if: {variant.name} ({os.path.relpath(variant_path, top)})")
print(f"{report['moved']} customers change category; base (rows) × variant (columns):")
print(report.matrix.to_string())
base_w, variant_w = report["workload"]["base"], report["workload"]["variant"]
print(f"\ninterviews per month: {base_w['interviews_per_month']:.1f} -> {variant_w['interviews_per_month']:.1f}")
print(f"hours per month:      {base_w['hours_per_month']:.1f} -> {variant_w['hours_per_month']:.1f}")
print(f"full-time posts:      {base_w['fte']:.2f} -> {variant_w['fte']:.2f}")
