#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Keeps README.md's "Configuration reference" block equal to what `balnet --help` prints for the
keys (everything from the first "[section]" line on).
usage: readme_reference.py --balnet build/balnet [--readme README.md] (--check | --write)
--check exits 1 with a diff when they differ (a test runs it); --write rewrites the block.
"""
import argparse
import difflib
import subprocess
import sys

HEADING = "## Configuration reference"


def keys_part(help_text):
    lines = help_text.splitlines()
    start = next(i for i, l in enumerate(lines) if l.startswith("[") and l.endswith("]"))
    return "\n".join(lines[start:]).rstrip("\n") + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--balnet", required=True)
    ap.add_argument("--readme", default="README.md")
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true")
    mode.add_argument("--write", action="store_true")
    a = ap.parse_args()
    r = subprocess.run([a.balnet, "--help"], capture_output=True, text=True, timeout=60)
    want = keys_part(r.stdout + r.stderr)
    text = open(a.readme).read()
    h = text.index(HEADING)
    open_fence = text.index("```\n", h) + 4
    close_fence = text.index("```\n", open_fence)
    have = text[open_fence:close_fence]
    if have == want:
        print("README configuration reference is up to date")
        return 0
    if a.write:
        open(a.readme, "w").write(text[:open_fence] + want + text[close_fence:])
        print("README configuration reference rewritten")
        return 0
    sys.stdout.writelines(difflib.unified_diff(have.splitlines(True), want.splitlines(True),
                                               "README.md", "balnet --help"))
    print("README.md's configuration reference differs from `balnet --help`: "
          "run tools/readme_reference.py --balnet build/balnet --write")
    return 1


if __name__ == "__main__":
    sys.exit(main())
