"""govgraph: Chinese government gazettes → a knowledge graph of who is responsible for what."""

from __future__ import annotations

__version__ = "0.1.0"
