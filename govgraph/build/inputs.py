"""Which files are the inputs of a build, and who each one is.

Every input has an identity: its path relative to the input root it was found under (a folder
given on the command line; for a file named on its own, its name), so ``2021/issue.txt`` and
``2022/issue.txt`` are two gazettes.  Files named on their own that share a name are told apart by
their paths below their common folder.  The same bytes under two identities are one gazette (the
build keeps the first and reports the other): see :func:`content_hash`.

A missing, unreadable or special input (a FIFO, a device) is one error line, and the others are
still built.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from govgraph.ingest.decode import gazette_files


@dataclass(frozen=True, order=True)
class Input:
    source: str  # the identity: a relative POSIX path
    path: Path


def find_inputs(args: Iterable[str | Path], on_error: Callable[[str], None]) -> list[Input]:
    """The gazette files of ``args`` (files and folders), with their identities, by identity."""
    found: list[Input] = []
    loose: list[Path] = []
    for arg in map(Path, args):
        try:
            st = os.stat(arg)
        except OSError as err:
            on_error(f"{arg}: {'no such file or folder' if not arg.exists() else err.strerror}")
            continue
        if stat.S_ISDIR(st.st_mode):
            for path in gazette_files([arg], on_error=on_error):
                found.append(Input(path.relative_to(arg).as_posix(), path))
        elif not stat.S_ISREG(st.st_mode):
            on_error(f"{arg}: {special_kind(st.st_mode)}, not a gazette file; not read")
        else:
            loose.append(arg)
    by_name: dict[str, list[Path]] = {}
    for path in loose:
        by_name.setdefault(path.name, []).append(path)
    for name, paths in by_name.items():
        if len(set(map(os.path.abspath, paths))) == 1:
            found.append(Input(name, paths[0]))
            continue
        root = Path(os.path.commonpath([os.path.abspath(p) for p in paths]))
        for path in dict.fromkeys(paths):
            found.append(Input(Path(os.path.abspath(path)).relative_to(root).as_posix(), path))
    unique: dict[str, Input] = {}
    for item in found:
        other = unique.setdefault(item.source, item)
        if other.path != item.path and os.path.abspath(other.path) != os.path.abspath(item.path):
            # The same relative path under two roots: the second is named by its full path.
            unique[os.path.abspath(item.path).lstrip("/")] = Input(
                os.path.abspath(item.path).lstrip("/"), item.path
            )
    return sorted(unique.values())


def special_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
