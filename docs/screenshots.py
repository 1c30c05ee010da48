"""Regenerate the README's pictures from a fresh demo build, in Debian's Chromium via Playwright.

    python docs/screenshots.py   # docs/opening.png, focus.png, inspect.png, explorer.png

opening: the demo's graph.html as it opens; focus: ``govgraph viz --focus 市经信局 --depth 1``;
inspect: the opening view after clicking 市经信局 (the inspection panel with its evidence);
explorer: ``govgraph serve`` 's explorer after a search for 市经信, its 牵头 tasks expanded.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip


def govgraph(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "govgraph.cli", "-q", *args], check=True, cwd=ROOT)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        govgraph("build", "data/gazettes", "-o", str(out), "--no-validate")
        focus = Path(tmp) / "focus.html"
        govgraph("viz", str(out), "--focus", "市经信局", "--depth", "1", "-o", str(focus))
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            for name, path, script in (
                ("opening", out / "current" / "graph.html", None),
                ("focus", focus, None),
                ("inspect", out / "current" / "graph.html", "govgraphInspect('温州市经济和信息化局')"),
            ):
                page.goto(path.resolve().as_uri())
                page.wait_for_selector("body[data-viz-state=rendered]")
                if script:
                    page.evaluate(script)
                page.wait_for_timeout(300)
                page.screenshot(path=str(HERE / f"{name}.png"))
                print(f"wrote docs/{name}.png")
            from govgraph.query.serve import running_server

            with running_server(out) as endpoint:
                page.goto(endpoint.url + "/")
                page.wait_for_selector("body[data-viz-state=rendered]")
                page.evaluate("govgraphSearch('市经信')")
                page.locator("#gg-suggestions button").first.click()
                page.wait_for_function(
                    "document.body.dataset.inspected && document.body.dataset.pending === '0'"
                )
                page.locator(".gg-expand", has_text="牵头").first.click()
                page.wait_for_timeout(300)
                page.screenshot(path=str(HERE / "explorer.png"))
                print("wrote docs/explorer.png")
            browser.close()


if __name__ == "__main__":
    main()
