"""The gazettes' text as the extractors read it, one page per gazette, so that every fact the
graph page or the explorer shows links to the line it was read from (``…#L12``).

The build writes ``OUT/sources/<identity>.html`` beside ``graph.html`` (``identity`` is the
gazette's path below the input folder, so the folders mirror the input's): the links of the static
page are relative, and work from the output folder alone — copied, zipped or opened from another
machine — with no input at hand.  ``govgraph serve`` serves the same pages at ``/source/<identity>``.

A page is the text line for line (line *n* of the page is line *n* of every provenance), escaped,
with no script and a Content-Security-Policy that forbids any request, since gazette text is
untrusted; the line a link names is highlighted by CSS (``:target``).
"""

from __future__ import annotations

import html
import os
import shutil
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from govgraph.atomic import atomic_write_text
from govgraph.errors import ExportError

SOURCES_DIR = "sources"
PAGE_SUFFIX = ".html"
_POLICY = "default-src 'none'; style-src 'unsafe-inline'"
_STYLE = (
    "body{margin:0;font:14px/1.6 'Noto Sans CJK SC','Noto Sans SC',sans-serif;color:#222}"
    "h1{font-size:15px;margin:8px 12px}"
    "ol{margin:0;padding:0 12px 0 5em;white-space:pre-wrap;word-break:break-all}"
    "li::marker{color:#999;font-size:12px}"
    "li{scroll-margin-top:30vh}li:target{background:#ffe58f}"
)


def page_name(identity: str) -> str:
    """The relative path of the page of the gazette ``identity`` below ``sources/``.

    An identity is a relative POSIX path; one that is not (absolute, or with ``..``) is written
    as one quoted file name, so no page is ever written outside the sources folder."""
    parts = PurePosixPath(identity).parts
    if not parts or identity.startswith("/") or any(p in ("", ".", "..") for p in parts):
        return quote(identity, safe="") + PAGE_SUFFIX
    return identity + PAGE_SUFFIX


def source_page(text: str, name: str) -> str:
    """The HTML page of a gazette's text: line ``n`` is ``<li id="Ln">``."""
    lines = text.split("\n")
    rows = "".join(f'<li id="L{n}">{html.escape(line)}</li>\n' for n, line in enumerate(lines, start=1))
    title = html.escape(name)
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_POLICY}">'
        f"<title>{title}</title><style>{_STYLE}</style></head>\n"
        f"<body><h1>{title}</h1><ol>\n{rows}</ol></body></html>\n"
    )


def write_source_page(folder: str | Path, identity: str, text: str) -> Path:
    """Write the page of the gazette ``identity`` (its text ``text``) below ``folder``."""
    target = Path(folder) / page_name(identity)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(target, source_page(text, identity))
    except OSError as err:
        raise ExportError(f"{target}: cannot write the source page ({err.strerror or err})") from None
    return target


def remove_source_page(folder: str | Path, identity: str) -> None:
    (Path(folder) / page_name(identity)).unlink(missing_ok=True)


def carry_source_pages(previous: Path | None, target: Path, identities: list[str]) -> None:
    """Link the pages of ``identities`` from the generation ``previous`` into ``target``
    (``--append`` keeps the gazettes of the last build: their pages come with them)."""
    if previous is None:
        return
    for identity in identities:
        name = page_name(identity)
        old = previous / SOURCES_DIR / name
        if not old.is_file():
            continue
        new = target / SOURCES_DIR / name
        new.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(old, new)  # a generation never changes a file in place: sharing is safe
        except OSError:
            shutil.copyfile(old, new)


def source_base(page: str | Path, sources: str | Path | None) -> str | None:
    """The URL of the sources folder relative to the HTML file ``page`` ("sources/" when it is
    beside it), or None when there is no sources folder to link to."""
    if sources is None or not Path(sources).is_dir():
        return None
    relative = os.path.relpath(Path(sources), Path(page).parent)
    return "/".join(quote(part) for part in Path(relative).parts) + "/"


__all__ = [
    "PAGE_SUFFIX",
    "SOURCES_DIR",
    "carry_source_pages",
    "page_name",
    "remove_source_page",
    "source_base",
    "source_page",
    "write_source_page",
]
