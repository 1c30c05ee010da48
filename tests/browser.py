"""Headless Chromium for the browser tests, driven by Playwright (no hand-written DevTools client).

Playwright is pointed at Debian's Chromium (``executable_path``): nothing is downloaded.  The flags
keep Chromium off the network it would otherwise probe at start (the machines here have none).
A page opened through :func:`open_page` records what a user would never want to see: console
errors, uncaught exceptions, dialogs (``alert``), and every request that leaves the page's own
origin.

The tests wait on conditions the page states (``body[data-viz-state=rendered]``, ``data-busy``,
``data-searched``), never on a delay; the time limits are only how long to wait before calling a
condition that never came a failure, generous because CI machines have 2 shared cores.  How fast
a page draws is measured in ``benchmarks/page.py``, not asserted here.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
]
VIEWPORT = {"width": 1400, "height": 900}
WAIT_MS = 60_000  # before a condition that never comes fails the test (a loaded 2-core machine)


def chromium_problem() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if not Path(CHROMIUM).is_file():
        return f"no {CHROMIUM}: apt-get install -y chromium"
    fc_list = shutil.which("fc-list")
    families = (
        subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True, check=False).stdout
        if fc_list
        else ""
    )
    if "Noto Sans CJK" not in families:
        return "no CJK font: Chinese labels would render as empty boxes; apt-get install -y fonts-noto-cjk"
    return None


@dataclass
class Page:
    """An opened page and what it did."""

    page: Any
    origin: str
    console_errors: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)  # to anywhere but the page's own origin

    def problems(self) -> list[str]:
        return (
            [f"console error: {m}" for m in self.console_errors]
            + [f"exception: {m}" for m in self.exceptions]
            + [f"dialog: {m}" for m in self.dialogs]
            + [f"request: {u}" for u in self.requests]
        )

    def eval(self, script: str, arg: Any = None) -> Any:
        return self.page.evaluate(script, arg)

    def wait_until(self, condition: Callable[[], bool], what: str, timeout_s: float = WAIT_MS / 1000) -> None:
        """Let the page run until ``condition()`` (about the events recorded) holds."""
        deadline = time.monotonic() + timeout_s
        while not condition():
            assert time.monotonic() < deadline, f"waited {timeout_s:g} s for {what}"
            self.page.wait_for_timeout(20)  # lets Playwright deliver the page's events

    def settled(self) -> None:
        """Wait until no user action is waiting for the server (served explorer)."""
        self.page.wait_for_function("document.body.dataset.busy === '0'")

    def search(self, text: str) -> None:
        """Type ``text`` into the search box and wait until its results are shown."""
        self.page.fill("#gg-search", text)
        self.page.wait_for_function("(t) => document.body.dataset.searched === t", arg=text.strip())


def open_page(browser: Any, url: str, *, origin: str = "", wait_rendered: bool = True) -> Page:
    """Open ``url`` (a ``file://`` page or a served one) in a fresh context and wait until the
    page says it has drawn (``body[data-viz-state=rendered]``)."""
    context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1)
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    opened = Page(page, origin)

    def on_request(request: Any) -> None:
        address = request.url
        if address.startswith(("data:", "blob:", "about:")):
            return
        if origin and address.startswith(origin):
            return
        if not origin and address.startswith("file://") and address.split("#")[0] == url.split("#")[0]:
            return
        opened.requests.append(address)

    def on_dialog(dialog: Any) -> None:
        opened.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("console", lambda m: opened.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: opened.exceptions.append(str(e)))
    page.on("dialog", on_dialog)
    page.on("request", on_request)
    page.goto(url)
    if wait_rendered:
        page.wait_for_selector("body[data-viz-state=rendered]")
    return opened


def launch(playwright: Any) -> Any:
    return playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
