#!/usr/bin/env python3
"""Builds the book as HTML under build/book/ (`make book`), with pandoc.

build/book/ mirrors the tree, so a relative link keeps its shape:

    index.html                    the front page: the README's opening and
                                  the reading order (Part I: chapters 01-06,
                                  the tool, then Part II: chapters 07 on)
    readme.html                   the whole top README
    chapters/NN-name/index.html   a chapter (its README.md); likewise every
                                  other README.md: the tool, the examples,
                                  the exercises and their handouts
    chapters/NN-name/foo.c.html   a source file as a page, one anchor per
                                  line (#L12)
    some/folder/index.html        a folder without a README: its files
    diagrams/*.svg, book.css      copied

Every local link in the Markdown is rewritten to match (X/README.md ->
X/index.html, a file -> its page, a folder -> its index.html), and every
quoted block of code (<!-- code: FILE FUNCTION -->, mk/check_quotes.py) is
captioned with a link to the quoted lines in FILE's page. A link to
something that is not in the tree fails the build, naming it.

    build.py [OUT]      OUT defaults to build/book
"""
import concurrent.futures
import html
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys

TOP = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(TOP / "mk"))
import check_quotes  # noqa: E402  (one place that knows where a function starts)

HERE = pathlib.Path(__file__).resolve().parent
CODE_MARK = re.compile(r"<!-- code: (\S+) ([^>]+?) -->")
SKIP_DIRS = {"build", ".git", "__pycache__"}
IMAGES = {".svg", ".png", ".jpg", ".jpeg", ".gif"}


def chapter_number(page):
    """02 for chapters/02-prog-load/README.md."""
    return int(page.parent.name.split("-")[0])


class Book:
    def __init__(self, out):
        self.out = out
        self.pages = sorted(p.relative_to(TOP) for p in TOP.rglob("README.md")
                            if not SKIP_DIRS & set(p.relative_to(TOP).parts))
        self.chapters = sorted((p for p in self.pages if p.parts[0] == "chapters"
                                and re.match(r"\d\d-", p.parent.name)), key=chapter_number)
        self.tool = [p for p in (pathlib.Path("code/bpfjit/README.md"),) if p in self.pages]
        part1 = [c for c in self.chapters if chapter_number(c) <= 6]
        part2 = [c for c in self.chapters if chapter_number(c) > 6]
        self.parts = [("Part I: the load path, stage by stage", part1),
                      ("The tool", self.tool),
                      ("Part II", part2)]
        self.order = [p for _, ps in self.parts for p in ps]   # prev/next
        self.sources = set()      # files to render as pages
        self.folders = set()      # folders without a README to list
        self.assets = set()       # images to copy
        self.broken = []

    # ---- where things go ------------------------------------------------------

    @staticmethod
    def page_of(src):
        """The HTML page, relative to the book, for a tree path."""
        if src == pathlib.Path("README.md"):
            return pathlib.Path("readme.html")
        if src == pathlib.Path("index.md"):     # the generated front page
            return pathlib.Path("index.html")
        if src.name == "README.md":
            return src.parent / "index.html"
        if src.suffix == ".md":
            return src.with_suffix(".html")
        if src.suffix.lower() in IMAGES:
            return src
        return src.with_name(src.name + ".html")

    def target(self, src, url):
        """Rewrite a link or image url found in Markdown file src."""
        if re.match(r"^[a-z][a-z0-9+.-]*:", url, re.I) or url.startswith("#") or not url:
            return url
        path, _, frag = url.partition("#")
        tree = pathlib.Path(os.path.normpath(src.parent / path))
        full = TOP / tree
        if tree.parts and tree.parts[0] == ".." or not full.exists():
            self.broken.append(f"{src}: link to {url}: no such file in the tree")
            return url
        if full.is_dir():
            if (full / "README.md").exists():
                dest = self.page_of(tree / "README.md")
            else:
                self.folders.add(tree)
                dest = tree / "index.html"
        else:
            dest = self.page_of(tree)
            if tree.suffix.lower() in IMAGES:
                self.assets.add(tree)
            elif tree.suffix != ".md":
                self.sources.add(tree)
        rel = os.path.relpath(dest, self.page_of(src).parent)
        return rel + ("#" + frag if frag else "")

    def rel(self, src, dest_page):
        return os.path.relpath(dest_page, self.page_of(src).parent)

    # ---- one Markdown page ------------------------------------------------------

    def walk(self, node, src):
        """Rewrite links and images, caption code quotes, in pandoc's JSON AST."""
        if isinstance(node, list):
            out = []
            for item in node:
                new = self.walk(item, src)
                out.extend(new if isinstance(new, list) and isinstance(item, dict) else [new])
            return out
        if not isinstance(node, dict):
            return node
        t = node.get("t")
        if t in ("Link", "Image"):
            attr, inlines, (url, title) = node["c"]
            node["c"] = [attr, self.walk(inlines, src), [self.target(src, url), title]]
            return node
        if t == "RawBlock" and node["c"][0] == "html":
            m = CODE_MARK.fullmatch(node["c"][1].strip())
            if m:
                return [self.caption(src, m[1], m[2])]
            return node
        if "c" in node:
            node["c"] = self.walk(node["c"], src)
        return node

    def caption(self, src, path, sel):
        """A line above a quoted block: where it comes from, linked."""
        tree = pathlib.Path(path)
        try:
            start, end = check_quotes.locate(TOP / tree, sel)
            anchor = f"#L{start + 1}"
            where = f"lines {start + 1}-{end + 1}"
        except (OSError, LookupError) as e:
            self.broken.append(f"{src}: code quote {path} {sel}: {e}")
            anchor, where = "", ""
        self.sources.add(tree)
        url = self.rel(src, self.page_of(tree)) + anchor
        label = [{"t": "Code", "c": [["", [], []], path]}]
        inlines = [{"t": "Str", "c": "From"}, {"t": "Space"},
                   {"t": "Link", "c": [["", [], []], label, [url, ""]]}]
        if where:
            inlines += [{"t": "Str", "c": ","}, {"t": "Space"}, {"t": "Str", "c": where}]
        return {"t": "Div", "c": [["", ["code-source"], []], [{"t": "Plain", "c": inlines}]]}

    def files_section(self, src):
        """For a chapter or an exercise: the files of its folder, linked."""
        folder = TOP / src.parent
        files = sorted(f for f in folder.rglob("*") if f.is_file() and f.name != "README.md"
                       and not SKIP_DIRS & set(f.relative_to(TOP).parts))
        if not files:
            return ""
        items = []
        for f in files:
            tree = f.relative_to(TOP)
            self.sources.add(tree)
            items.append(f"[`{f.relative_to(folder)}`]({f.relative_to(folder)})")
        return "\n\n## The files\n\n" + " · ".join(items) + "\n"

    def nav(self, src):
        links = [f'<a href="{self.rel(src, pathlib.Path("index.html"))}">Contents</a>']
        if src in self.order:
            i = self.order.index(src)
            if i > 0:
                links.insert(0, f'<a rel="prev" href="{self.rel(src, self.page_of(self.order[i - 1]))}">'
                                f'&larr; {html.escape(self.title(self.order[i - 1], plain=True))}</a>')
            if i + 1 < len(self.order):
                links.append(f'<a rel="next" href="{self.rel(src, self.page_of(self.order[i + 1]))}">'
                             f'{html.escape(self.title(self.order[i + 1], plain=True))} &rarr;</a>')
        return " ".join(links)

    @staticmethod
    def title(src, plain=False):
        for line in (TOP / src).read_text().splitlines():
            if line.startswith("# "):
                t = line[2:].strip()
                return t.replace("`", "") if plain else t
        return str(src.parent)

    def render(self, src, text):
        """Markdown text (as if at tree path src) to its HTML page."""
        ast = json.loads(pandoc(["-f", "gfm", "-t", "json"], text))
        ast["blocks"] = self.walk(ast["blocks"], src)
        css = self.rel(src, pathlib.Path("book.css"))
        page = pandoc(["-f", "json", "-t", "html5", "--standalone",
                       "--template", str(HERE / "template.html"),
                       "--highlight-style", "pygments",
                       "-M", "pagetitle=" + self.title_of_text(text),
                       "-V", "css=" + css, "-V", "nav=" + self.nav(src)], json.dumps(ast))
        dest = self.out / self.page_of(src)
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(page)

    @staticmethod
    def title_of_text(text):
        m = re.search(r"^# (.+)$", text, re.M)
        return m[1].replace("`", "") if m else "eBPF JIT"

    # ---- generated pages ----------------------------------------------------------

    def front_page(self):
        """index.md: the README's title and opening, then the contents."""
        readme = (TOP / "README.md").read_text()
        lead = readme.split("\n## ", 1)[0].rstrip() + "\n"
        out = [lead, "\n## Contents\n"]
        for name, pages in self.parts:
            if not pages:
                continue
            out.append(f"\n### {name}\n\n")
            for p in pages:
                out.append(f"- [{self.title(p)}]({p})\n")
        ex = pathlib.Path("exercises/README.md")
        out.append("\n### Exercises\n\n"
                   f"- [{self.title(ex)}]({ex}): three per chapter, each graded by "
                   "`make grade EX=NN/MM`\n" if ex in self.pages else "")
        out.append("\n### About the book\n\n"
                   "- [The README](README.md): how to build, test and grade; the layout; "
                   "the dependencies\n")
        examples = pathlib.Path("code/examples/README.md")
        if examples in self.pages:
            out.append(f"- [{self.title(examples)}]({examples})\n")
        return "".join(out)

    def source_page(self, tree):
        text = (TOP / tree).read_text(errors="replace")
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        width = len(str(len(lines)))
        body = "".join(f'<span class="line" id="L{i}"><a class="ln" href="#L{i}">{i:>{width}}</a>'
                       f'{html.escape(line)}\n</span>' for i, line in enumerate(lines, 1))
        folder = tree.parent
        up = (f'<a href="index.html">{html.escape(str(folder))}/</a>' if folder != pathlib.Path(".")
              else "")
        self.folders_or_readme(folder)
        self.write_plain(tree, self.page_of(tree), f"{tree}",
                         f'<h1 class="path">{up}{html.escape(tree.name)}</h1>\n'
                         f'<pre class="source">{body}</pre>\n')

    def folders_or_readme(self, folder):
        if folder != pathlib.Path(".") and not (TOP / folder / "README.md").exists():
            self.folders.add(folder)

    def folder_page(self, folder):
        entries = sorted((TOP / folder).iterdir())
        items = []
        for e in entries:
            tree = e.relative_to(TOP)
            if SKIP_DIRS & set(tree.parts):
                continue
            if e.is_dir():
                dest = tree / "index.html"
                if not (e / "README.md").exists():
                    self.folders.add(tree)
                name = e.name + "/"
            else:
                if e.suffix.lower() in IMAGES:
                    self.assets.add(tree)
                elif e.suffix != ".md":
                    self.sources.add(tree)
                dest = self.page_of(tree)
                name = e.name
            items.append(f'<li><a href="{os.path.relpath(dest, folder)}">{html.escape(name)}</a></li>')
        self.write_plain(folder / "index.md", folder / "index.html", f"{folder}/",
                         f'<h1 class="path">{html.escape(str(folder))}/</h1>\n<ul class="files">'
                         + "".join(items) + "</ul>\n")

    def write_plain(self, src, dest, title, body):
        css = os.path.relpath("book.css", dest.parent)
        index = os.path.relpath("index.html", dest.parent)
        page = (HERE / "template.html").read_text()
        page = re.sub(r"\$if\(highlighting-css\)\$.*?\$endif\$", "", page, flags=re.S)
        page = (page.replace("$pagetitle$", html.escape(title)).replace("$css$", css)
                .replace("$nav$", f'<a href="{index}">Contents</a>').replace("$body$", body))
        (self.out / dest).parent.mkdir(parents=True, exist_ok=True)
        (self.out / dest).write_text(page)

    # ---- the whole book --------------------------------------------------------------

    def build(self):
        if self.out.exists():
            shutil.rmtree(self.out)
        self.out.mkdir(parents=True)
        jobs = [(pathlib.Path("index.md"), self.front_page())]
        for p in self.pages:
            text = (TOP / p).read_text()
            if p in self.chapters or (p.parts[0] == "exercises" and len(p.parts) == 4):
                text += self.files_section(p)
            jobs.append((p, text))
        with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            for f in [pool.submit(self.render, src, text) for src, text in jobs]:
                f.result()
        # Pages can add sources and folders; folders can add more of both.
        done_src, done_dir = set(), set()
        while self.sources - done_src or self.folders - done_dir:
            for tree in sorted(self.sources - done_src):
                done_src.add(tree)
                self.source_page(tree)
            for folder in sorted(self.folders - done_dir):
                done_dir.add(folder)
                self.folder_page(folder)
        for tree in self.assets | {p.relative_to(TOP) for p in (TOP / "diagrams").glob("*.svg")}:
            (self.out / tree).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(TOP / tree, self.out / tree)
        shutil.copyfile(HERE / "book.css", self.out / "book.css")
        return len(jobs), len(done_src), len(done_dir)


def pandoc(args, text):
    r = subprocess.run(["pandoc", *args], input=text, capture_output=True, text=True)
    if r.returncode:
        raise SystemExit(f"pandoc {' '.join(args[:4])}: {r.stderr.strip()}")
    return r.stdout


def main():
    out = pathlib.Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else TOP / "build" / "book"
    if not shutil.which("pandoc"):
        print("book: pandoc is not installed (mk/bootstrap.sh installs it: apt-get install pandoc)")
        return 1
    book = Book(out)
    pages, sources, folders = book.build()
    if book.broken:
        print("\n".join(f"book: {b}" for b in book.broken))
        print(f"book: {len(book.broken)} link(s) that do not resolve")
        return 1
    print(f"book: {out.relative_to(TOP) if out.is_relative_to(TOP) else out}/index.html: "
          f"{pages} pages, {sources} source files, {folders} folders")
    return 0


if __name__ == "__main__":
    sys.exit(main())
