#!/usr/bin/env python3
"""Keeps the outputs shown in examples/whatif/README.md true to the code.

Runs every ```sh block of the README in order, from the repository root, with bash (standard
output and standard error together, as a terminal shows them). Where a ```text block follows
the command, the output must equal it. With --update the text blocks are rewritten instead;
review the result with `git diff` before committing.

    examples/whatif/readme_outputs.py [--update]     (needs build/kadenz)

With the environment variable KADENZ set (ctest `whatif_readme` sets it to the kadenz it built),
the commands run that binary instead of build/kadenz. The commands write their files into
examples/whatif/ and remove them at the end, as the README tells a reader to.
"""
import os
import pathlib
import shlex
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
README = ROOT / "examples" / "whatif" / "README.md"
BLOCK = re.compile(r"```(\w*)\n(.*?)```\n", re.S)
# The time of a what-if run (its "run" line) differs from run to run: compared as a mark.
RUN_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d")


def same(actual: str, expected: str) -> bool:
    return RUN_TIME.sub("TIME", actual) == RUN_TIME.sub("TIME", expected)


def main() -> int:
    update = "--update" in sys.argv[1:]
    text = README.read_text(encoding="utf-8")
    blocks = list(BLOCK.finditer(text))
    out, last, failures, pending = [], 0, 0, None
    for m in blocks:
        lang, body = m.group(1), m.group(2)
        if lang == "sh":
            command = body
            if os.environ.get("KADENZ"):
                command = re.sub(r"(?<![\w/.-])build/kadenz\b", shlex.quote(os.environ["KADENZ"]), body)
            run = subprocess.run(["bash", "-c", command], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                 text=True)
            pending = (body, run.stdout)
            continue
        if lang == "text" and pending is not None:
            command, actual = pending
            if not same(actual, body):
                if update:
                    out.append(text[last:m.start(2)])
                    out.append(actual)
                    last = m.end(2)
                else:
                    failures += 1
                    print(f"README output differs for:\n  {command.strip()}", file=sys.stderr)
        pending = None
    if update:
        out.append(text[last:])
        README.write_text("".join(out), encoding="utf-8")
        print("README.md updated; review it with git diff")
        return 0
    print(f"{len(blocks)} blocks, {failures} outputs differ")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
