#!/usr/bin/env python3
"""Keeps the code quoted in the book equal to the code in the tree.

It also keeps each chapter a lesson: no code block over 60 lines, and at
most half of a chapter's lines in code blocks.

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

A long function is quoted in pieces. Two selectors narrow a function:

    do_jit case BPF_JMP | BPF_EXIT
        the case group holding that label: its stacked labels (and a
        one-line comment right above them) down to the next label at the
        same indentation or the end of the switch; the label must occur
        exactly once in the function.
    bpf_int_jit_compile from "for (pass = 0;" to "oldproglen = proglen;"
        from the line holding the first text (which must occur exactly once
        in the function) to the first line after it holding the second.

And a quote may leave lines out: a line that is only `...` (indented as the
reader likes) stands for one or more source lines. Every other line must be
the source's, in order, with nothing skipped but at a `...`; the quote starts
and ends where the selection does, unless it starts or ends with `...`.
`--fix` cannot rewrite such a quote: it says so, and it is fixed by hand.

    check_quotes.py          check every *.md under chapters/ and exercises/
    check_quotes.py --fix    rewrite every block from the source
"""
import pathlib
import re
import sys

TOP = pathlib.Path(__file__).resolve().parent.parent
BLOCK = re.compile(
    r"(<!-- code: (?P<path>\S+) (?P<sel>[^\n]+?) -->\n)```(?P<lang>\w*)\n(?P<body>.*?)```\n(<!-- /code -->)",
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


CASE_LABEL = re.compile(r"\s*(case\s+(?P<label>.+?)|default)\s*:\s*(/\*.*\*/)?\s*$")
ONE_LINE_COMMENT = re.compile(r"\s*(/\*.*\*/|//.*)\s*$")


def norm(text):
    return " ".join(text.split())


def indent_of(line):
    return len(line) - len(line.lstrip())


def narrow_case(body, label):
    """First and last line, in `body` (a function's lines), of the case group
    that holds `case label:`."""
    hits = [i for i, line in enumerate(body)
            if (m := CASE_LABEL.match(line)) and m["label"] and norm(m["label"]) == norm(label)]
    if len(hits) != 1:
        raise LookupError(f"case {label}: {len(hits)} labels in the function, want 1")
    at = hits[0]
    ind = indent_of(body[at])
    start = at
    while start > 0 and CASE_LABEL.match(body[start - 1]) and indent_of(body[start - 1]) == ind:
        start -= 1
    if start > 0 and ONE_LINE_COMMENT.match(body[start - 1]) and body[start - 1].strip():
        start -= 1
    end = at + 1
    while end < len(body) and CASE_LABEL.match(body[end]) and indent_of(body[end]) == ind:
        end += 1		# the labels stacked below it
    while end < len(body):
        line = body[end]
        if line.strip() and indent_of(line) == ind and CASE_LABEL.match(line):
            break
        if line.strip().startswith("}") and indent_of(line) < ind:
            break
        end += 1
    # The next group's one-line comment and the blank lines before it are not ours.
    while end > at + 1 and (not body[end - 1].strip()
                            or (ONE_LINE_COMMENT.match(body[end - 1]) and indent_of(body[end - 1]) >= ind
                                and end < len(body) and CASE_LABEL.match(body[end]))):
        end -= 1
    return start, end - 1


def narrow_range(body, first, last):
    """First and last line, in `body`, from the one line holding `first` to the
    next line holding `last`."""
    hits = [i for i, line in enumerate(body) if first in line]
    if len(hits) != 1:
        raise LookupError(f'from "{first}": {len(hits)} lines in the function, want 1')
    for j in range(hits[0], len(body)):
        if last in body[j] and (j > hits[0] or first == last):
            return hits[0], j
    raise LookupError(f'to "{last}": not found after "{first}"')


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
    m = re.match(r'(?P<func>\S+) case (?P<label>.+)$', sel)
    if m:
        fstart, fend = locate(path, m["func"], lines)
        first, last = narrow_case(lines[fstart : fend + 1], m["label"])
        return fstart + first, fstart + last
    m = re.match(r'(?P<func>\S+) from "(?P<first>[^"]+)" to "(?P<last>[^"]+)"$', sel)
    if m:
        fstart, fend = locate(path, m["func"], lines)
        first, last = narrow_range(lines[fstart : fend + 1], m["first"], m["last"])
        return fstart + first, fstart + last
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
            hit = re.match(rf"(?:[A-Za-z_].*)?\b{re.escape(sel)}\s*\(", line) and not line.rstrip().endswith(";")
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


def is_elided(body):
    return any(line.strip() == "..." for line in body.split("\n"))


def elided_mismatch(body, want):
    """None if body is want with runs of lines left out at its `...` lines, else why not."""
    src = want.split("\n")[:-1]
    parts = [[]]
    for line in body.split("\n")[:-1]:
        if line.strip() == "...":
            parts.append([])
        else:
            parts[-1].append(line)
    leading, trailing = not parts[0], not parts[-1]
    if any(not p for p in parts[1:-1]):
        return "has two '...' in a row"
    segs = [p for p in parts if p]
    if not segs:
        return "quotes nothing"

    def fits(j, at):
        """segs[j:] match src from line `at` on, segs[j] starting exactly there."""
        seg = segs[j]
        if src[at : at + len(seg)] != seg:
            return False
        end = at + len(seg)
        if j == len(segs) - 1:
            return end < len(src) if trailing else end == len(src)
        # at least one line left out before the next piece
        return any(fits(j + 1, nxt) for nxt in range(end + 1, len(src)))

    starts = range(1, len(src)) if leading else [0]
    if not any(fits(0, at) for at in starts):
        return "does not match the source line for line"
    return None


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
            if is_elided(m["body"]):
                why = elided_mismatch(m["body"], want)
                if why:
                    print(f"{where}: a quote with '...' {why} (--fix cannot rewrite it: edit it by hand)")
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
    problems += check_proportions()
    print(f"quotes: {blocks - problems} passed, {problems} failed")
    return 1 if problems else 0


# A chapter is a lesson, not a listing: no code block longer than a reader
# follows in one go, and at least as much prose as code.
MAX_BLOCK_LINES = 60
MAX_CODE_SHARE = 0.5


def check_proportions():
    problems = 0
    for doc in sorted(TOP.glob("chapters/*/README.md")):
        lines = doc.read_text().split("\n")
        code = run = 0
        start = None
        for n, line in enumerate(lines, 1):
            if line.startswith("```"):
                if start is None:
                    start, run = n, 0
                else:
                    if run > MAX_BLOCK_LINES:
                        print(f"{doc.relative_to(TOP)}:{start}: a code block of {run} lines "
                              f"(at most {MAX_BLOCK_LINES}: quote it in pieces, or elide with '...')")
                        problems += 1
                    start = None
            elif start is not None:
                code += 1
                run += 1
        if code > MAX_CODE_SHARE * len(lines):
            print(f"{doc.relative_to(TOP)}: {code} of {len(lines)} lines are code "
                  f"(at most {MAX_CODE_SHARE:.0%})")
            problems += 1
    return problems


if __name__ == "__main__":
    sys.exit(main())
