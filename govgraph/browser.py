"""Open a govgraph page in headless Chromium and report what happened.

Used by the browser tests and by ``python -m govgraph.viz --screenshot``.  It
speaks the Chrome DevTools protocol over ``--remote-debugging-pipe`` (file
descriptors 3 and 4, messages separated by NUL bytes), so it needs no
websocket library: only the standard library and a ``chromium`` binary.

The page is loaded from a ``file://`` URL with the network emulated offline and
every request recorded: a request for anything but ``file:``, ``data:``,
``blob:`` or ``about:`` is reported as a problem, as are console errors and
warnings, uncaught exceptions and JavaScript dialogs (``alert``).
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import logging
import os
import select
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from govgraph.errors import GovGraphError

log = logging.getLogger(__name__)

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-dev-shm-usage",
    "--mute-audio",
    "--remote-debugging-pipe",
)
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:", "chrome-error:")
STATE_JS = "document.body ? document.body.dataset.vizState || '' : ''"
INSTALL_HINT = "install it with `apt-get install -y chromium fonts-noto-cjk` or set GOVGRAPH_CHROMIUM"


class BrowserError(GovGraphError):
    """Chromium is missing, would not start, or did not answer in time."""


def find_chromium() -> str:
    """Path of the Chromium binary: ``$GOVGRAPH_CHROMIUM`` or the first on PATH."""
    configured = os.environ.get("GOVGRAPH_CHROMIUM")
    if configured:
        if not (Path(configured).is_file() and os.access(configured, os.X_OK)):
            raise BrowserError(f"GOVGRAPH_CHROMIUM={configured} is not an executable file")
        return configured
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise BrowserError(f"Chromium not found on PATH (tried {', '.join(CHROMIUM_NAMES)}): {INSTALL_HINT}")


@dataclass(slots=True)
class PageResult:
    """What happened when a page was opened."""

    url: str
    state: str = ""  # body[data-viz-state] at the end: "rendered" once vis-network has drawn
    rendered_nodes: int = -1  # body[data-rendered-nodes]
    rendered_edges: int = -1
    render_ms: float = -1.0  # performance.now() when vis-network first drew (from navigation start)
    wall_ms: float = -1.0  # from Page.navigate until the page reported "rendered"
    console: list[str] = field(default_factory=list)  # console errors and warnings
    exceptions: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)
    screenshot: bytes | None = None
    script_value: Any = None  # value of the ``script`` given to open_page

    def problems(self) -> list[str]:
        """Everything that should not happen on a govgraph page, one line each."""
        found = [f"console: {m}" for m in self.console]
        found += [f"uncaught exception: {m}" for m in self.exceptions]
        found += [f"dialog opened: {m}" for m in self.dialogs]
        found += [f"network request: {u}" for u in self.external_requests]
        if self.state != "rendered":
            found.append(f"page did not report rendering (state {self.state or 'unknown'!r})")
        return found


def _high_fd(fd: int) -> int:
    high = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return high


class _Pipe:
    """A Chromium process driven over the DevTools pipe."""

    def __init__(self, binary: str, user_data_dir: str, width: int, height: int) -> None:
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        # The child's ends must not themselves be fds 3 or 4, or the shell's redirections
        # below would overwrite one with the other: move them above 9 first.
        to_browser_r, from_browser_w = (_high_fd(to_browser_r), _high_fd(from_browser_w))
        args = [
            *CHROMIUM_FLAGS,
            f"--user-data-dir={user_data_dir}",
            f"--window-size={width},{height}",
            "about:blank",
        ]
        # The browser expects the pipe on exactly fds 3 and 4; let bash move them there
        # (dash, Debian's /bin/sh, cannot redirect fds above 9).
        shell = f'exec "$0" "$@" 3<&{to_browser_r} 4>&{from_browser_w}'
        bash = shutil.which("bash") or "/bin/bash"
        try:
            self.process = subprocess.Popen(
                [bash, "-c", shell, binary, *args],
                pass_fds=(to_browser_r, from_browser_w),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
        except OSError as err:
            raise BrowserError(f"{binary}: cannot start: {err}") from err
        finally:
            os.close(to_browser_r)
            os.close(from_browser_w)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []
        self._ignored: set[int] = set()

    def send(
        self,
        method: str,
        params: dict[str, Any] | None = None,
        *,
        session: str | None = None,
        timeout: float = 30.0,
    ) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        data = json.dumps(message).encode("utf-8") + b"\0"
        try:
            while data:
                written = os.write(self._to_browser, data)
                data = data[written:]
        except OSError as err:
            raise BrowserError(f"Chromium closed the DevTools pipe ({method}): {err}") from err
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read(deadline)
            if reply is None:
                raise BrowserError(f"no answer from Chromium to {method} within {timeout:.0f} s")
            if "method" not in reply and reply.get("id") in self._ignored:
                continue
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise BrowserError(f"{method} failed: {reply['error'].get('message')}")
                return reply.get("result", {})
            if "method" in reply:
                self._event(reply)

    def seen(self, method: str) -> bool:
        return any(event.get("method") == method for event in self.events)

    def pump(self, seconds: float) -> None:
        """Collect events for up to ``seconds``."""
        deadline = time.monotonic() + seconds
        while (event := self._read(deadline)) is not None:
            if "method" in event:
                self._event(event)

    def _event(self, event: dict[str, Any]) -> None:
        self.events.append(event)
        if event["method"] == "Page.javascriptDialogOpening":
            # An open alert blocks the page's script (and our Runtime.evaluate): dismiss it now.
            self._next_id += 1
            self._ignored.add(self._next_id)
            message = {
                "id": self._next_id,
                "method": "Page.handleJavaScriptDialog",
                "params": {"accept": False},
                "sessionId": event.get("sessionId"),
            }
            os.write(self._to_browser, json.dumps(message).encode("utf-8") + b"\0")

    def _read(self, deadline: float) -> dict[str, Any] | None:
        while b"\0" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            ready, _, _ = select.select([self._from_browser], [], [], remaining)
            if not ready:
                return None
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                tail = self.process.stderr.read()[-800:] if self.process.stderr else b""
                stderr = tail.decode("utf-8", "replace")
                raise BrowserError(f"Chromium exited (code {self.process.poll()}): {stderr.strip()}")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def close(self) -> None:
        with contextlib.suppress(BrowserError):
            self.send("Browser.close", timeout=5)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for fd in (self._to_browser, self._from_browser):
            with contextlib.suppress(OSError):
                os.close(fd)
        if self.process.stderr:
            self.process.stderr.close()


def _describe_console(params: dict[str, Any]) -> str:
    parts = []
    for arg in params.get("args", []):
        parts.append(str(arg.get("value", arg.get("description", arg.get("type", "")))))
    return f"{params.get('type')}: {' '.join(parts)}"


def _describe_exception(params: dict[str, Any]) -> str:
    details = params.get("exceptionDetails", {})
    exception = details.get("exception", {})
    return str(exception.get("description") or details.get("text", "error"))


def open_page(
    path: str | os.PathLike[str],
    *,
    width: int = 1400,
    height: int = 900,
    timeout: float = 30.0,
    settle: float = 0.5,
    screenshot: bool = False,
    script: str | None = None,
) -> PageResult:
    """Load the page at ``path`` offline in headless Chromium and wait until it draws.

    Waits until ``body[data-viz-state]`` is ``"rendered"`` (or ``timeout``), then
    ``settle`` seconds more to catch late errors; optionally evaluates ``script``
    (its value, or the value of the Promise it returns, goes to ``script_value``;
    errors it causes are reported like any other) and takes a PNG screenshot of the
    viewport.  Dialogs are dismissed as they open, so an ``alert`` cannot block the page.
    """
    url = Path(path).resolve().as_uri()
    result = PageResult(url=url)
    with tempfile.TemporaryDirectory(prefix="govgraph-chromium-") as profile:
        browser = _Pipe(find_chromium(), profile, width, height)
        try:
            target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
            attached = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})
            session = attached["sessionId"]
            for domain in ("Page", "Runtime", "Network", "Log"):
                browser.send(f"{domain}.enable", session=session)
            browser.send(
                "Network.emulateNetworkConditions",
                {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
                session=session,
            )
            browser.send(
                "Emulation.setDeviceMetricsOverride",
                {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
                session=session,
            )
            started = time.monotonic()
            browser.send("Page.navigate", {"url": url}, session=session)
            deadline = started + timeout
            # Evaluating while the document is being replaced can go unanswered: wait for load.
            while not browser.seen("Page.loadEventFired") and time.monotonic() < deadline:
                browser.pump(0.02)
            while time.monotonic() < deadline:
                state = _evaluate(browser, session, STATE_JS)
                if state == "rendered":
                    result.wall_ms = (time.monotonic() - started) * 1000
                    break
                browser.pump(0.05)
            browser.pump(settle)
            if script is not None:
                result.script_value = _evaluate(browser, session, script)
                browser.pump(settle)
            data = _evaluate(
                browser,
                session,
                "JSON.stringify({state: document.body.dataset.vizState || '',"
                " nodes: document.body.dataset.renderedNodes || '-1',"
                " edges: document.body.dataset.renderedEdges || '-1',"
                " ms: document.body.dataset.renderMs || '-1'})",
            )
            info = json.loads(data) if isinstance(data, str) else {}
            result.state = info.get("state", "")
            result.rendered_nodes = int(info.get("nodes", -1))
            result.rendered_edges = int(info.get("edges", -1))
            result.render_ms = float(info.get("ms", -1))
            if screenshot:
                shot = browser.send("Page.captureScreenshot", {"format": "png"}, session=session)
                result.screenshot = base64.b64decode(shot["data"])
            browser.pump(0.05)
            _collect(browser.events, result)
        finally:
            browser.close()
    log.debug("opened %s: %s", url, result)
    return result


def _evaluate(browser: _Pipe, session: str, expression: str) -> Any:
    params = {"expression": expression, "returnByValue": True, "awaitPromise": True}
    reply = browser.send("Runtime.evaluate", params, session=session)
    if "exceptionDetails" in reply:
        brief = " ".join(expression.split())
        brief = brief if len(brief) <= 60 else brief[:59] + "…"
        first_line = _describe_exception(reply).splitlines()[0]
        raise BrowserError(f"evaluating {brief!r} failed: {first_line}")
    return reply.get("result", {}).get("value")


def _collect(events: list[dict[str, Any]], result: PageResult) -> None:
    for event in events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "warning", "assert"):
            result.console.append(_describe_console(params))
        elif method == "Runtime.exceptionThrown":
            result.exceptions.append(_describe_exception(params))
        elif method == "Log.entryAdded" and params.get("entry", {}).get("level") in ("error", "warning"):
            entry = params["entry"]
            result.console.append(f"{entry.get('source')} {entry.get('level')}: {entry.get('text')}")
        elif method == "Page.javascriptDialogOpening":
            result.dialogs.append(f"{params.get('type')}: {params.get('message')}")
        elif method == "Network.requestWillBeSent":
            request_url = params.get("request", {}).get("url", "")
            if not request_url.startswith(LOCAL_SCHEMES):
                result.external_requests.append(request_url)
