#!/usr/bin/env python3
"""Keeps the code quoted in the book equal to the code in the tree.

A chapter quotes code with a marked block:

    <!-- code: chapters/01-syscall/syscall.c sys_bpf -->
    ```c
    ...
    ```
    <!-- /code -->

The path is relative to the repository's top. The selector names what to
quote: a function (`sys_bpf`), `struct NAME`, `union NAME`, `enum NAME`, or
`#define NAME`. The quote runs from the definition's first line (with the
return type, if it stands on the line above) to its closing brace or, for a
macro, to its last continued line.

    check_quotes.py          check every *.md under chapters/ and exercises/
    check_quotes.py --fix    rewrite every block from the source
"""
import pathlib
import re
import sys

TOP = pathlib.Path(__file__).resolve().parent.parent
BLOCK = re.compile(
    r"(<!-- code: (?P<path>\S+) (?P<sel>[^>]+?) -->\n)```(?P<lang>\w*)\n(?P<body>.*?)```\n(<!-- /code -->)",
    re.S,
)


def brace_end(lines, start):
    """Index of the line closing the first brace opened at or after start."""
    depth, opened = 0, False
    for i in range(start, len(lines)):
        code = re.sub(r'"(\\.|[^"\\])*"|\'(\\.|[^\'\\])*\'|/\*.*?\*/|//.*', "", lines[i])
        for ch in code:
            if ch == "{":
                depth, opened = depth + 1, True
            elif ch == "}":
                depth -= 1
        if opened and depth == 0:
            return i
        if not opened and code.rstrip().endswith(";"):
            return None  # a declaration, not a definition
    return None


def extract(path, sel):
    """The text a block quoting sel from path must hold."""
    lines = path.read_text().split("\n")
    start, end = locate(path, sel, lines)
    return "\n".join(lines[start : end + 1]) + "\n"


def locate(path, sel, lines=None):
    """First and last line (0-based) of what sel names in path."""
    if lines is None:
        lines = path.read_text().split("\n")
    sel = sel.strip()
    if sel.startswith("#define "):
        name = sel.split()[1]
        for i, line in enumerate(lines):
            if re.match(r"#\s*define\s+" + re.escape(name) + r"\b", line):
                j = i
                while lines[j].endswith("\\"):
                    j += 1
                return i, j
        raise LookupError(f"no #define {name}")
    kind = re.match(r"(struct|union|enum) (\w+)$", sel)
    for i, line in enumerate(lines):
        if kind:
            hit = re.match(rf"(static\s+)?(const\s+)?{kind[1]}\s+{kind[2]}\s*\{{?\s*$", line)
        else:
            # A definition starts in column 0 and names the function before '('.
            hit = re.match(rf"[A-Za-z_].*\b{re.escape(sel)}\s*\(", line) and not line.rstrip().endswith(";")
        if not hit or line.startswith((" ", "\t", "#")):
            continue
        end = brace_end(lines, i)
        if end is None:
            continue
        start = i
        # "static int\nname(...)" style: take the type line too.
        if not kind and i > 0 and re.match(r"^(static |const |unsigned |struct |u\d|s\d|int|void|bool|long)", lines[i - 1]) \
                and not lines[i - 1].rstrip().endswith((";", "}", "*/")):
            start = i - 1
        return start, end
    raise LookupError(f"no definition of {sel}")


def main():
    fix = "--fix" in sys.argv[1:]
    docs = sorted(TOP.glob("chapters/*/README.md")) + sorted(TOP.glob("exercises/**/*.md")) \
        + sorted(TOP.glob("README.md"))
    problems = blocks = 0
    for doc in docs:
        text = doc.read_text()
        out = []
        last = 0
        for m in BLOCK.finditer(text):
            blocks += 1
            out.append(text[last : m.start()])
            last = m.end()
            src = TOP / m["path"]
            where = f"{doc.relative_to(TOP)}: {m['path']} {m['sel']}"
            try:
                want = extract(src, m["sel"])
            except (OSError, LookupError) as e:
                print(f"{where}: {e}")
                problems += 1
                out.append(m.group(0))
                continue
            if m["body"] != want:
                if not fix:
                    print(f"{where}: quoted code differs from the source (run: python3 mk/check_quotes.py --fix)")
                    problems += 1
            out.append(f"{m.group(1)}```{m['lang']}\n{want}```\n<!-- /code -->")
        out.append(text[last:])
        if fix:
            new = "".join(out)
            if new != text:
                doc.write_text(new)
                print(f"rewrote {doc.relative_to(TOP)}")
    # Markers that do not parse as blocks are mistakes too.
    for doc in docs:
        text = doc.read_text()
        opened = len(re.findall(r"<!-- code: ", text))
        parsed = len(BLOCK.findall(text))
        if opened != parsed:
            print(f"{doc.relative_to(TOP)}: {opened - parsed} malformed code block(s)")
            problems += 1
    print(f"quotes: {blocks - problems} passed, {problems} failed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
