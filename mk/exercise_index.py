#!/usr/bin/env python3
"""Keeps the index of exercises/README.md equal to the handouts.

Each handout (exercises/NN-chapter/MM-name/README.md) opens with a title,
"# Exercise NN/MM: what", and a table whose rows include Difficulty, Kind
(rebuild or extend, then why) and Mirrors. The index between
<!-- index --> and <!-- /index --> in exercises/README.md is made from them.

    exercise_index.py          check the index (make test runs this)
    exercise_index.py --fix    rewrite it
"""
import pathlib
import re
import sys

TOP = pathlib.Path(__file__).resolve().parent.parent
README = TOP / "exercises" / "README.md"
FIELDS = ("Difficulty", "Kind", "File to edit", "Mirrors", "Grade")


def handout(path):
    text = path.read_text()
    title = re.match(r"# Exercise (\d\d/\d\d): (.+)\n", text)
    if not title:
        raise ValueError(f"{path.relative_to(TOP)}: no '# Exercise NN/MM: title' line")
    rows = dict(re.findall(r"^\| (Difficulty|Kind|File to edit|Mirrors|Grade) \| (.+?) \|$", text, re.M))
    missing = [f for f in FIELDS if f not in rows]
    if missing:
        raise ValueError(f"{path.relative_to(TOP)}: the table lacks {', '.join(missing)}")
    if not re.search(r"^## Hints$", text, re.M):
        raise ValueError(f"{path.relative_to(TOP)}: no '## Hints'")
    return title[1], title[2], rows


def index():
    lines = ["| chapter | exercise | kind | difficulty | kernel function |",
             "|---|---|---|---|---|"]
    for path in sorted(TOP.glob("exercises/*/*/README.md")):
        ex, what, rows = handout(path)
        chapter = path.parent.parent.name
        link = f"[{ex} {what}]({path.parent.relative_to(README.parent)}/README.md)"
        kind = rows["Kind"].split(":")[0]
        lines.append(f"| {chapter} | {link} | {kind} | {rows['Difficulty']} | {rows['Mirrors']} |")
    return "\n".join(lines) + "\n"


def main():
    text = README.read_text()
    m = re.search(r"(<!-- index -->\n)(.*?)(<!-- /index -->)", text, re.S)
    if not m:
        print("exercises/README.md: no <!-- index --> ... <!-- /index --> block")
        return 1
    try:
        want = index()
    except ValueError as e:
        print(e)
        return 1
    if m[2] == want:
        print(f"exercises: index of {want.count(chr(10)) - 2} handouts matches")
        return 0
    if "--fix" in sys.argv[1:]:
        README.write_text(text[: m.start(2)] + want + text[m.end(2):])
        print("rewrote the index of exercises/README.md")
        return 0
    print("exercises/README.md: the index differs from the handouts "
          "(run: python3 mk/exercise_index.py --fix)")
    return 1


if __name__ == "__main__":
    sys.exit(main())
