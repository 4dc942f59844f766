#!/usr/bin/env python3
"""Keeps the commands the book prints working, and their printed output true.

In every chapter's README, each ```sh block is read as a reader would type it:

  - a `make` command must name targets its Makefile has (the Makefile of
    its -C directory, or the top one); words after a `|`, `;`, `&&` or a
    redirection belong to other commands, VAR=value words and options are
    not targets;
  - a block that runs a chapter's demo (build/plain/STAGE/demo) and is
    followed right away by a plain ``` block of output must print exactly
    that output when run from the top of the tree, after a build.

    check_commands.py       check every chapters/*/README.md (needs `make all`)
"""
import glob
import re
import shlex
import subprocess
import sys

TOP_TARGETS = {}
OPERATORS = {"|", "||", "&&", ";", "&", ">", ">>", "<", "2>", "2>&1"}


def targets_of(directory):
    """The targets a Makefile defines (make's database, nothing run)."""
    if directory not in TOP_TARGETS:
        out = subprocess.run(["make", "-C", directory, "-pRrq", "--no-print-directory", ":"],
                             capture_output=True, text=True).stdout
        names = set()
        for line in out.splitlines():
            m = re.match(r"^([A-Za-z0-9_.%/+-][^:=#\s]*)\s*:(?!=)", line)
            if m:
                names.update(m.group(1).split())
        TOP_TARGETS[directory] = names
    return TOP_TARGETS[directory]


def make_targets(line):
    """(directory, targets) of a `make` command line, or None."""
    try:
        words = shlex.split(line, comments=True)
    except ValueError:
        return None
    while words and re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", words[0]):
        words.pop(0)
    if not words or words[0] != "make":
        return None
    directory, targets, i = ".", [], 1
    while i < len(words):
        w = words[i]
        if w in OPERATORS or w.startswith((">", "2>", "|")):
            break
        if w == "-C":
            directory = words[i + 1]
            i += 2
            continue
        if w.startswith("-") or "=" in w:
            i += 1
            continue
        targets.append(w)
        i += 1
    return directory, targets


def main():
    failed = checked = 0
    for readme in sorted(glob.glob("chapters/*/README.md")):
        text = open(readme).read()
        for m in re.finditer(r"```sh\n([^`]*?)```(\n```\n([^`]*?)```)?", text):
            block, output = m.group(1), m.group(3)
            for line in block.splitlines():
                mt = make_targets(line)
                if not mt:
                    continue
                directory, targets = mt
                checked += 1
                missing = [t for t in targets if t not in targets_of(directory)]
                if missing:
                    failed += 1
                    print(f"{readme}: `{line.strip()}`: no target {', '.join(missing)} "
                          f"in {directory}/Makefile")
            if output is not None and re.search(r"^build/plain/[\w-]+/demo\b", block, re.M):
                checked += 1
                got = subprocess.run(["bash", "-c", block], capture_output=True, text=True).stdout
                if got != output:
                    failed += 1
                    print(f"{readme}: the output printed after `{block.strip().splitlines()[-1]}`"
                          " is not what it prints now")
    print(f"commands: {checked - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
