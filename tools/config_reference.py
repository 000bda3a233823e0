#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Keeps the generated block of docs/configuration.md (the fenced block after the heading
"## Every key") equal to what `balnet --help` prints for the keys (everything from the first
"[section]" line on).
usage: config_reference.py --balnet build/balnet [--doc docs/configuration.md] (--check | --write)
--check exits 1 with a diff when they differ (a test runs it); --write rewrites the block.
"""
import argparse
import difflib
import os
import subprocess
import sys

HEADING = "## Every key"
DEFAULT_DOC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "docs", "configuration.md")


def keys_part(help_text):
    lines = help_text.splitlines()
    start = next(i for i, l in enumerate(lines) if l.startswith("[") and l.endswith("]"))
    return "\n".join(lines[start:]).rstrip("\n") + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--balnet", required=True)
    ap.add_argument("--doc", default=DEFAULT_DOC)
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true")
    mode.add_argument("--write", action="store_true")
    a = ap.parse_args()
    r = subprocess.run([a.balnet, "--help"], capture_output=True, text=True, timeout=60)
    want = keys_part(r.stdout + r.stderr)
    with open(a.doc) as fh:
        text = fh.read()
    h = text.index(HEADING)
    open_fence = text.index("```\n", h) + 4
    close_fence = text.index("```\n", open_fence)
    have = text[open_fence:close_fence]
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    name = os.path.relpath(os.path.abspath(a.doc), os.path.abspath(root))
    if have == want:
        print(f"{name}: configuration reference is up to date")
        return 0
    if a.write:
        with open(a.doc, "w") as fh:
            fh.write(text[:open_fence] + want + text[close_fence:])
        print(f"{name}: configuration reference rewritten")
        return 0
    sys.stdout.writelines(difflib.unified_diff(have.splitlines(True), want.splitlines(True),
                                               name, "balnet --help"))
    print(f"{name}'s configuration reference differs from `balnet --help`: "
          "run tools/config_reference.py --balnet build/balnet --write")
    return 1


if __name__ == "__main__":
    sys.exit(main())
