#!/usr/bin/env python3
"""Opens the built book in a real browser and checks what a reader would see.

A headless Chromium loads build/book/index.html and every page the book is
made of (the front page, each chapter, the tool, the exercises, the README)
and, in each, asks the browser itself:

  - did the page load, and does it have its title;
  - did every image decode (a diagram must be an SVG with a size, not a
    broken image);
  - where does every link point: each local one must name a file that
    exists in the book, and an anchor (#L12, #a-heading) that exists in it.

The front page must link every chapter (chapters/*/README.md).

Chromium is driven over its DevTools protocol on a pipe
(--remote-debugging-pipe: JSON messages ending in a NUL byte on fds 3 and 4),
with nothing but Python's standard library. Without a browser it prints a
SKIP line and why. A line "<tag> passed failed 0 skipped" goes to
$CK_RESULTS for make test's total.

    check_browser.py [BOOK]        BOOK defaults to build/book
    check_browser.py --shot PAGE.html OUT.png    a screenshot, for a look
"""
import base64
import fcntl
import json
import os
import pathlib
import select
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse

TOP = pathlib.Path(__file__).resolve().parents[2]
TIMEOUT = 20           # seconds for one page; the whole run takes a few
BROWSERS = ("chromium", "chromium-browser", "google-chrome")

# What the browser reports about a loaded page (awaits every image).
PROBE = """(async () => {
  const imgs = [...document.images];
  await Promise.all(imgs.map(i => i.decode().catch(() => null)));
  return {
    title: document.title,
    h1: (document.querySelector('h1') || {}).textContent || '',
    ids: [...document.querySelectorAll('[id]')].map(e => e.id),
    links: [...document.querySelectorAll('a[href]')].map(a => a.href),
    images: imgs.map(i => ({src: i.currentSrc || i.src, w: i.naturalWidth,
                            h: i.naturalHeight, ok: i.complete && i.naturalWidth > 0})),
  };
})()"""


class Browser:
    """One headless Chromium, one tab, spoken to over the DevTools pipe."""

    def __init__(self, exe):
        self.profile = tempfile.mkdtemp(prefix="book-browser-")
        to_child, self.cmd_w = os.pipe()
        self.resp_r, from_child = os.pipe()
        # The child's ends, out of the way of fds 3 and 4, which they become.
        to_child, from_child = (high_fd(to_child), high_fd(from_child))
        args = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-extensions",
                "--allow-file-access-from-files", f"--user-data-dir={self.profile}",
                "--remote-debugging-pipe", "about:blank"]
        # Chromium reads commands on fd 3 and answers on fd 4.
        shell = f'exec "$0" "$@" 3<&{to_child} 4>&{from_child} {to_child}<&- {from_child}>&-'
        self.proc = subprocess.Popen(["sh", "-c", shell, *args], pass_fds=(to_child, from_child),
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        os.close(to_child)
        os.close(from_child)
        self.next_id = 0
        self.buf = b""
        self.events = []
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.call("Page.enable", session=True)

    def send(self, method, session=False, **params):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params}
        if session:
            msg["sessionId"] = self.session
        os.write(self.cmd_w, json.dumps(msg).encode() + b"\0")
        return self.next_id

    def receive(self, deadline):
        while b"\0" not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.resp_r], [], [], left)[0]:
                raise TimeoutError("the browser did not answer")
            chunk = os.read(self.resp_r, 1 << 20)
            if not chunk:
                raise ConnectionError("the browser went away")
            self.buf += chunk
        msg, _, self.buf = self.buf.partition(b"\0")
        return json.loads(msg)

    def call(self, method, session=False, **params):
        want = self.send(method, session, **params)
        deadline = time.monotonic() + TIMEOUT
        while True:
            msg = self.receive(deadline)
            if msg.get("id") == want:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error'].get('message')}")
                return msg.get("result", {})
            self.events.append(msg)

    def wait_event(self, method):
        deadline = time.monotonic() + TIMEOUT
        while True:
            for i, msg in enumerate(self.events):
                if msg.get("method") == method:
                    del self.events[: i + 1]
                    return msg
            self.events.append(self.receive(deadline))

    def open(self, url):
        """Load url; the page's probe result, or an error text."""
        self.events.clear()
        nav = self.call("Page.navigate", session=True, url=url)
        if nav.get("errorText"):
            return None, nav["errorText"]
        self.wait_event("Page.loadEventFired")
        res = self.call("Runtime.evaluate", session=True, expression=PROBE,
                        awaitPromise=True, returnByValue=True)
        if "exceptionDetails" in res:
            return None, res["exceptionDetails"].get("text", "script error")
        return res["result"]["value"], None

    def screenshot(self, url, out):
        self.open(url)
        self.call("Emulation.setDeviceMetricsOverride", session=True, width=1000,
                  height=1400, deviceScaleFactor=1, mobile=False)
        data = self.call("Page.captureScreenshot", session=True, format="png")["data"]
        pathlib.Path(out).write_bytes(base64.b64decode(data))

    def close(self):
        try:
            self.send("Browser.close")
            self.proc.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


def high_fd(fd):
    """fd moved to 5..9: above 3 and 4, within what sh can redirect."""
    new = fcntl.fcntl(fd, fcntl.F_DUPFD, 5)
    os.close(fd)
    if new > 9:
        raise OSError("no free file descriptor below 10 for the browser's pipe")
    return new


def file_of(url):
    """The local file a file:// URL names, and its fragment."""
    u = urllib.parse.urlsplit(url)
    return pathlib.Path(urllib.parse.unquote(u.path)), urllib.parse.unquote(u.fragment)


def chapter_pages(book):
    return sorted(book / p.relative_to(TOP).parent / "index.html"
                  for p in TOP.glob("chapters/*/README.md"))


def check(book, browser):
    """Every problem found, as text; and how many pages were checked."""
    problems = []
    index = book / "index.html"
    pages = [index, book / "readme.html", *chapter_pages(book)]
    pages += sorted(book.glob("code/*/index.html")) + sorted(book.glob("exercises/**/index.html"))
    ids, links = {}, []
    for page in pages:
        url = page.as_uri()
        seen, err = browser.open(url)
        name = page.relative_to(book)
        if err or not seen:
            problems.append(f"{name}: did not load: {err}")
            continue
        if not seen["title"] or not seen["h1"]:
            problems.append(f"{name}: no title or no heading")
        for img in seen["images"]:
            src = file_of(img["src"])[0]
            if not img["ok"]:
                problems.append(f"{name}: image {src.name} did not render (broken image)")
            elif src.suffix == ".svg" and not src.exists():
                problems.append(f"{name}: image {src.name} is not in the book")
        ids[page] = set(seen["ids"])
        links += [(name, href) for href in seen["links"]]
    # The front page links every chapter.
    linked = {file_of(href)[0] for n, href in links if n == pathlib.Path("index.html")}
    for ch in chapter_pages(book):
        if ch not in linked:
            problems.append(f"index.html: no link to {ch.relative_to(book)}")
    # Every local link resolves, anchor included.
    for name, href in links:
        if not href.startswith("file:"):
            continue
        path, frag = file_of(href)
        if not path.is_file():
            problems.append(f"{name}: link to {path} which does not exist")
        elif frag and path.suffix == ".html":
            if path not in ids:
                ids[path] = anchors_in(path)
            if frag not in ids[path]:
                problems.append(f"{name}: link to {path.relative_to(book)}#{frag}: no such anchor")
    return problems, len(pages), len(links)


def anchors_in(path):
    """The ids of a page the browser did not open (a source page, mostly)."""
    import html.parser

    class Ids(html.parser.HTMLParser):
        found = set()

        def handle_starttag(self, tag, attrs):
            for k, v in attrs:
                if k in ("id", "name") and v:
                    self.found.add(v)
    p = Ids()
    p.found = set()
    p.feed(path.read_text(errors="replace"))
    return p.found


def report(passed, failed, skipped):
    out = os.environ.get("CK_RESULTS")
    if out:
        with open(out, "a") as f:
            f.write(f"book browser {passed} {failed} 0 {skipped}\n")


def main():
    args = sys.argv[1:]
    exe = next((shutil.which(b) for b in BROWSERS if shutil.which(b)), None)
    if args[:1] == ["--shot"]:
        browser = Browser(exe)
        try:
            browser.screenshot(pathlib.Path(args[1]).resolve().as_uri(), args[2])
        finally:
            browser.close()
        return 0
    book = pathlib.Path(args[0]).resolve() if args else TOP / "build" / "book"
    print("== book (chromium)")
    if not exe:
        print("SKIP book browser: no Chromium installed (Debian: apt-get install chromium; "
              "mk/bootstrap.sh installs it unless BOOTSTRAP_OPTIONAL=0)")
        report(0, 0, 1)
        return 0
    if not (book / "index.html").exists():
        print(f"book: no {book}/index.html (make book builds it)")
        report(0, 1, 0)
        return 1
    start = time.monotonic()
    browser = Browser(exe)
    try:
        problems, pages, links = check(book, browser)
    finally:
        browser.close()
    problems = list(dict.fromkeys(problems))  # each once
    for p in problems:
        print(f"FAIL {p}")
    print(f"book: {pages} pages and {links} links checked in Chromium in "
          f"{time.monotonic() - start:.1f} s: {pages - len({p.split(':')[0] for p in problems})} "
          f"pages passed, {len({p.split(':')[0] for p in problems})} failed")
    bad = len({p.split(":")[0] for p in problems})
    report(pages - bad, bad, 0)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
