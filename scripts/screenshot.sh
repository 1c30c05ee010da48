#!/usr/bin/env bash
# Regenerate the README's pictures (docs/opening.png, docs/focus.png, docs/inspect.png) from a
# fresh demo build, in headless Chromium driven by Playwright.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 docs/screenshots.py
