"""govgraph: Chinese government gazettes → a knowledge graph of who is responsible for what."""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"


def nlp(jurisdiction: str | None = None) -> Any:
    """A ``spacy.blank("zh")`` pipeline with govgraph's components (agencies, officials,
    responsibility clauses); ``jurisdiction`` (杭州市) the place of the texts, else what each
    text prints.  spaCy is imported only when this is called."""
    from govgraph.components import nlp as make_pipeline

    return make_pipeline(jurisdiction)


__all__ = ["__version__", "nlp"]
