"""Paths of the repository's own files that the tests read (and nothing outside it)."""

from __future__ import annotations

from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[1]
DATA_DIR = REPO_DIR / "data"
GAZETTES = DATA_DIR / "gazettes"
DEMO_GOLD = DATA_DIR / "gold"
