"""Headless chromium for the report tests (not a test module): pages loaded
over the DevTools protocol on a pipe, with what they did recorded.

Chromium started with ``--remote-debugging-pipe`` reads protocol commands on
its file descriptor 3 and writes replies and events on 4, each message one
JSON text ended by a NUL byte. One page (a target attached in flat mode) is
opened per load; the Runtime, Log and Network events of that page say whether
a script threw, something was logged as an error (a Content-Security-Policy
violation is one) and which requests the page made.

``find_chromium()`` gives the browser's path or None: the Debian package
``chromium`` (``apt-get install chromium``), or $CLAIMCHECK_CHROMIUM.
Nothing is ever downloaded.
"""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

TIMEOUT = 60.0

FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-sync",
    "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio", "--remote-debugging-pipe",
)


def find_chromium() -> str | None:
    given = os.environ.get("CLAIMCHECK_CHROMIUM")
    if given:
        return given if Path(given).exists() else None
    for name in ("chromium", "chromium-browser"):
        p = shutil.which(name)
        if p:
            return p
    return None


def skip_reason() -> str:
    """Why the browser tests cannot run here."""
    given = os.environ.get("CLAIMCHECK_CHROMIUM")
    if given:
        return f"CLAIMCHECK_CHROMIUM={given} names no file: the report is not loaded in a real browser"
    return ("chromium is not installed (Debian: apt-get install -y chromium; or set CLAIMCHECK_CHROMIUM "
            "to a Chromium binary): the report is not loaded in a real browser")


@dataclass
class Load:
    """What one page load did."""

    url: str
    exceptions: list[str] = field(default_factory=list)  # uncaught script errors
    errors: list[str] = field(default_factory=list)  # console errors and error log entries (CSP violations)
    requests: list[str] = field(default_factory=list)  # every URL the page requested, itself included
    dialogs: list[str] = field(default_factory=list)  # alert(), confirm(), prompt() the page opened
    session: str = ""

    @property
    def other_requests(self) -> list[str]:
        """Requests beyond the page itself."""
        return [u for u in self.requests if u.split("#")[0] != self.url.split("#")[0]]


class BrowserError(RuntimeError):
    pass


class Browser:
    """One headless chromium for a test module: ``with Browser(path) as b: b.load(url)``."""

    def __init__(self, exe: str, width: int = 1200, height: int = 900) -> None:
        self.exe = exe
        self.width, self.height = width, height
        self._id = 0
        self._buf = b""
        self._events: list[dict] = []
        self._shared: tuple[str, str] | None = None

    def __enter__(self) -> Browser:
        self._profile = tempfile.TemporaryDirectory(prefix="claimcheck-chromium-")
        to_r, to_w = os.pipe()  # we write commands, chromium reads them on fd 3
        from_r, from_w = os.pipe()  # chromium writes on fd 4, we read

        def fds() -> None:  # in the child: the two pipe ends as fds 3 and 4
            a, b = os.dup(to_r), os.dup(from_w)  # first out of the way of 3 and 4
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.proc = subprocess.Popen(
            [self.exe, *FLAGS, f"--user-data-dir={self._profile.name}", f"--window-size={self.width},{self.height}",
             "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=fds, pass_fds=(3, 4),  # preexec_fn runs before the child closes fds
        )
        os.close(to_r)
        os.close(from_w)
        self._w, self._r = to_w, from_r
        return self

    def __exit__(self, *exc) -> None:
        try:
            self.send("Browser.close", timeout=10)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._w)
        os.close(self._r)
        self._profile.cleanup()

    # --- the protocol -----------------------------------------------------------------

    def send(self, method: str, params: dict | None = None, session: str | None = None,
             timeout: float = TIMEOUT) -> dict:
        self._id += 1
        msg: dict = {"id": self._id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self._w, json.dumps(msg).encode() + b"\0")
        want = self._id
        deadline = time.monotonic() + timeout
        while True:
            m = self._read(deadline)
            if m.get("id") == want:
                if "error" in m:
                    raise BrowserError(f"{method}: {m['error']}")
                return m.get("result", {})
            self._event(m)

    def _read(self, deadline: float) -> dict:
        while b"\0" not in self._buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise BrowserError("chromium did not answer in time")
            ready, _, _ = select.select([self._r], [], [], left)
            if ready:
                chunk = os.read(self._r, 1 << 16)
                if not chunk:
                    raise BrowserError("chromium closed its DevTools pipe (did it start?)")
                self._buf += chunk
        raw, _, self._buf = self._buf.partition(b"\0")
        return json.loads(raw)

    def _wait_event(self, method: str, session: str, timeout: float = TIMEOUT) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            for n, e in enumerate(self._events):
                if e.get("method") == method and e.get("sessionId") == session:
                    return self._events.pop(n)
            self._event(self._read(deadline))

    def _event(self, m: dict) -> None:
        """Keep an event; a dialog (alert) is answered at once, or the page would wait for ever."""
        self._events.append(m)
        if m.get("method") == "Page.javascriptDialogOpening":
            self.send("Page.handleJavaScriptDialog", {"accept": True}, session=m.get("sessionId"))

    # --- pages ------------------------------------------------------------------------

    def _open(self, width: int, height: int, scripts: bool, media: str) -> tuple[str, str]:
        """A new page (target) with its domains enabled: (target id, session id)."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.send(f"{domain}.enable", session=session)
        self.send("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1,
                                                         "mobile": False}, session=session)
        if not scripts:
            self.send("Emulation.setScriptExecutionDisabled", {"value": True}, session=session)
        if media:
            self.send("Emulation.setEmulatedMedia", {"media": media}, session=session)
        return target, session

    def load(self, url: str, *, width: int | None = None, height: int | None = None, settle: float = 0.1,
             scripts: bool = True, media: str = "") -> Load:
        """Open ``url``, wait for its load event and a moment more, and record
        what it did. ``scripts`` False: as a browser with JavaScript off;
        ``media`` "print": as printed. Plain loads share one page (navigated
        from one address to the next: no new renderer each time); the others
        get a page of their own. The page stays usable for :meth:`eval` and
        :meth:`screenshot` until :meth:`close`."""
        plain = scripts and not media and width is None and height is None
        if plain and self._shared is not None:
            target, session = self._shared
        else:
            target, session = self._open(width or self.width, height or self.height, scripts, media)
            if plain:
                self._shared = (target, session)
        self._events.clear()
        self.send("Page.navigate", {"url": url}, session=session)
        self._wait_event("Page.loadEventFired", session)
        end = time.monotonic() + settle
        while time.monotonic() < end:  # events that follow the load (late errors)
            try:
                self._event(self._read(end))
            except BrowserError:
                break
        res = Load(url, session=session)
        res._target = None if plain else target  # type: ignore[attr-defined]
        for e in self._events:
            if e.get("sessionId") != session:
                continue
            m, p = e.get("method"), e.get("params", {})
            if m == "Runtime.exceptionThrown":
                d = p.get("exceptionDetails", {})
                res.exceptions.append(d.get("exception", {}).get("description") or d.get("text", "?"))
            elif m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                res.errors.append(" ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", [])))
            elif m == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
                res.errors.append(p["entry"].get("text", "?"))
            elif m == "Network.requestWillBeSent":
                res.requests.append(p.get("request", {}).get("url", "?"))
            elif m == "Page.javascriptDialogOpening":
                res.dialogs.append(p.get("message", "?"))
        self._events.clear()
        return res

    def eval(self, page: Load, expression: str):
        """The value of a JavaScript expression in the page (JSON-able)."""
        r = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True}, session=page.session)
        if "exceptionDetails" in r:
            raise BrowserError(f"{expression}: {r['exceptionDetails']}")
        return r["result"].get("value")

    def screenshot(self, page: Load, path: Path, *, max_height: int = 2000) -> bytes:
        """A PNG of the page's top ``max_height`` pixels (the whole page if shorter)."""
        h = int(self.eval(page, "document.documentElement.scrollHeight"))
        w = int(self.eval(page, "document.documentElement.scrollWidth"))
        clip = {"x": 0, "y": 0, "width": w, "height": min(h, max_height), "scale": 1}
        r = self.send("Page.captureScreenshot", {"format": "png", "clip": clip, "captureBeyondViewport": True},
                      session=page.session)
        data = base64.b64decode(r["data"])
        Path(path).write_bytes(data)
        return data

    def close(self, page: Load) -> None:
        """Close a page of its own (the shared one stays for the next load)."""
        if page._target is not None:  # type: ignore[attr-defined]
            self.send("Target.closeTarget", {"targetId": page._target})  # type: ignore[attr-defined]
