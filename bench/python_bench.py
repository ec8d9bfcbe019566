#!/usr/bin/env python3
"""python_bench.py: `Policy.evaluate` of the Python package on a 1,000,000-row DataFrame against
`kadenz eval` on the same rows as CSV, timed in the same run (bench/RESULTS.md, "Python").

    PYTHONPATH=build/python /usr/bin/python3 bench/python_bench.py [BUILD_DIR] [--rows N] [--runs N]

The caseload is `caseload_gen --rows N --seed 1 --as-of 2017-03-01`. `kadenz eval` (default jobs,
output to /dev/null) and `policy.evaluate(df)` (default jobs) run alternately RUNS times each;
the figure is the ratio of the medians of their wall times; the process time (user + sys:
the child's rusage, and time.process_time() around evaluate) is printed beside it, since on a
shared machine it moves less with the other load. The DataFrame is read once with
`pandas.read_csv(path)` (pandas' own types: bool, float with NaN, str), not timed in the ratio;
its time is printed for scale. The decisions are compared with `kadenz eval`'s on every row
(code and whether the row is an error). The target (issue 16) is a ratio below 2.
"""

import argparse
import io
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

here = os.path.dirname(os.path.abspath(__file__))
parser = argparse.ArgumentParser()
parser.add_argument("build", nargs="?", default=os.path.join(here, "..", "build"))
parser.add_argument("--rows", type=int, default=1_000_000)
parser.add_argument("--runs", type=int, default=5)
parser.add_argument("--as-of", default="2017-03-01")
args = parser.parse_args()

sys.path.insert(0, os.path.join(args.build, "python"))
import pandas as pd  # noqa: E402

import kadenz  # noqa: E402

cli = os.path.join(args.build, "kadenz")
gen = os.path.join(args.build, "bench", "caseload_gen")
policy_path = os.path.join(here, "..", "policies", "coburg-land-2017.kadenz")
for tool in (cli, gen):
    if not os.access(tool, os.X_OK):
        sys.exit(f"python_bench.py: {tool} not found; build first (cmake --build {args.build} --target kadenz caseload_gen _kadenz)")

with tempfile.TemporaryDirectory() as work:
    path = os.path.join(work, "caseload.csv")
    with open(path, "wb") as f:
        subprocess.run([gen, "--rows", str(args.rows), "--seed", "1", "--as-of", args.as_of], stdout=f, check=True)
    print(f"machine: {os.cpu_count()} cores; caseload: {args.rows:,} rows, {os.path.getsize(path) // 1_000_000} MB "
          f"(caseload_gen --rows {args.rows} --seed 1); as of {args.as_of}")

    t = time.perf_counter()
    df = pd.read_csv(path)
    read_s = time.perf_counter() - t
    print(f"pandas.read_csv: {read_s:.2f} s; dtypes: "
          + ", ".join(f"{c}={df[c].dtype}" for c in df.columns))
    policy = kadenz.compile(policy_path)

    def children_cpu():
        r = resource.getrusage(resource.RUSAGE_CHILDREN)
        return r.ru_utime + r.ru_stime

    def run_cli():
        t, c = time.perf_counter(), children_cpu()
        subprocess.run([cli, "eval", policy_path, path, "--as-of", args.as_of], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=False)
        cli_cpu.append(children_cpu() - c)
        return time.perf_counter() - t

    def run_python(jobs=None):
        t, c = time.perf_counter(), time.process_time()
        out = policy.evaluate(df, as_of=args.as_of, jobs=jobs)
        (py_cpu if jobs is None else py1_cpu).append(time.process_time() - c)
        return time.perf_counter() - t, out

    cli_s, py_s, py1_s, cli_cpu, py_cpu, py1_cpu = [], [], [], [], [], []
    run_python()  # warm-up: imports inside evaluate, first-touch of the arrays
    py_cpu.clear()
    for _ in range(args.runs):
        cli_s.append(run_cli())
        s, decisions = run_python()
        py_s.append(s)
        py1_s.append(run_python(jobs=1)[0])

    # every row against kadenz eval: the category code and whether the row is an error
    want = pd.read_csv(io.StringIO(subprocess.run([cli, "eval", policy_path, path, "--as-of", args.as_of],
                                                  capture_output=True, text=True).stdout),
                       dtype=str, keep_default_na=False)
    same_code = (decisions["code"].fillna("").astype(str).to_numpy() == want["code"].to_numpy()).all()
    same_error = (decisions["error"].notna().to_numpy() == (want["error"] != "").to_numpy()).all()
    errors = int(decisions["error"].notna().sum())

med = statistics.median
cli_m, py_m, py1_m = med(cli_s), med(py_s), med(py1_s)
cc, pc, p1c = med(cli_cpu), med(py_cpu), med(py1_cpu)
ratio = py_m / cli_m
print()
print(f"| {args.rows:,} rows, median of {args.runs} | wall s | rows/s (wall) | wall ÷ kadenz eval | user+sys s | user+sys ÷ kadenz eval |")
print("|---|---:|---:|---:|---:|---:|")
print(f"| kadenz eval (CSV file → /dev/null, default jobs) | {cli_m:.3f} | {args.rows / cli_m:,.0f} | 1.00 | {cc:.3f} | 1.00 |")
print(f"| policy.evaluate(df) (default jobs) | {py_m:.3f} | {args.rows / py_m:,.0f} | {ratio:.2f} | {pc:.3f} | {pc / cc:.2f} |")
print(f"| policy.evaluate(df, jobs=1) | {py1_m:.3f} | {args.rows / py1_m:,.0f} | {py1_m / cli_m:.2f} | {p1c:.3f} | {p1c / cc:.2f} |")
print()
print("runs (s): kadenz eval " + " ".join(f"{s:.3f}" for s in cli_s) + "; evaluate " + " ".join(f"{s:.3f}" for s in py_s)
      + "; evaluate jobs=1 " + " ".join(f"{s:.3f}" for s in py1_s))
print(f"decisions equal kadenz eval's on every row (code, error or not): {'yes' if same_code and same_error else '**NO**'} "
      f"({errors:,} error rows)")
print(f"target: evaluate(df) < 2 × kadenz eval (wall, medians): {'met' if ratio < 2 else '**missed**'} ({ratio:.2f}×)")
sys.exit(0 if same_code and same_error else 1)
