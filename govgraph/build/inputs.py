"""Which files are the inputs of a build, and who each one is.

Every input has an identity: its path relative to the input root it was found under (a folder
given on the command line; for a file named on its own, its name), so ``2021/issue.txt`` and
``2022/issue.txt`` are two gazettes.  Files named on their own that share a name are told apart by
their paths below their common folder.  The same bytes under two identities are one gazette (the
build keeps the first and reports the other): see :func:`content_hash`.

A missing, unreadable or special input (a FIFO, a device) is one error line, and the others are
still built.

An input may also be a URL of any file system fsspec knows (``s3://bucket/gazettes/``,
``gcs://…``, ``https://…/issue.pdf``, where the user has installed its package, e.g. ``s3fs``):
a folder is searched as a local one is, and each file is read by the task that extracts it, so
the workers of a cluster need no shared file system for their inputs (:func:`fetched`).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import posixpath
import re
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from govgraph.errors import InputError
from govgraph.ingest.decode import gazette_files, searched_as_gazette


@dataclass(frozen=True, order=True)
class Input:
    source: str  # the identity: a relative POSIX path
    path: Path | str  # a local path, or a URL (str)


_URL_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


def is_url(arg: str | Path) -> bool:
    """``s3://…``, ``file://…``: a URL, not a local path (a path object never is one)."""
    return isinstance(arg, str) and _URL_RE.match(arg) is not None and not os.path.exists(arg)


def _url_inputs(url: str, on_error: Callable[[str], None]) -> list[Input]:
    """The gazette files at ``url`` (a file, or a folder searched as :func:`gazette_files` does)."""
    try:
        from fsspec.core import url_to_fs

        fs, root = url_to_fs(url)
        if fs.isdir(root):
            found = []
            for path in sorted(fs.find(root)):
                rel = posixpath.relpath(path, root.rstrip("/") or "/")
                if searched_as_gazette(posixpath.basename(rel)) and not any(
                    part.startswith(".") for part in rel.split("/")
                ):
                    found.append(Input(rel, fs.unstrip_protocol(path)))
            return found
        if fs.isfile(root):
            return [Input(posixpath.basename(root.rstrip("/")), url)]
        on_error(f"{url}: no such file or folder")
    except ImportError as err:  # the file system's package (s3fs, gcsfs …) is not installed
        on_error(f"{url}: cannot read ({err})")
    except (OSError, ValueError) as err:
        on_error(f"{url}: cannot read ({type(err).__name__}: {err})")
    return []


@contextlib.contextmanager
def fetched(url: str, max_bytes: int) -> Iterator[Path]:
    """A local copy of the file at ``url`` while the block runs (its suffix kept: it tells a
    reader the format); errors name the URL.  More than ``max_bytes`` is not copied: the reader
    then reports the file as too large, as it would a local one."""
    suffix = PurePosixPath(url.split("?", 1)[0]).suffix
    with tempfile.TemporaryDirectory(prefix="govgraph-input-") as folder:
        local = Path(folder) / f"input{suffix}"
        try:
            from fsspec import open as open_url

            with open_url(url, "rb") as src, local.open("wb") as out:
                shutil.copyfileobj(src, out, 1 << 20)
                if out.tell() > max_bytes:
                    raise InputError(url, f"larger than {max_bytes // 2**20} MB: not a gazette")
        except ImportError as err:
            raise InputError(url, f"cannot read ({err})") from None
        except OSError as err:
            raise InputError(url, f"cannot read ({type(err).__name__}: {err})") from None
        try:
            yield local
        except InputError as err:
            raise InputError(url, err.reason) from None


def find_inputs(args: Iterable[str | Path], on_error: Callable[[str], None]) -> list[Input]:
    """The gazette files of ``args`` (files and folders), with their identities, by identity."""
    found: list[Input] = []
    loose: list[Path] = []
    for given in args:
        if is_url(given):
            found.extend(_url_inputs(str(given), on_error))
            continue
        arg = Path(given)
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
        if _where(other) != _where(item):
            # The same relative path under two roots: the second is named by its full path.
            where = _where(item).split("://", 1)[-1].lstrip("/")
            unique[where] = Input(where, item.path)
    return sorted(unique.values(), key=lambda i: (i.source, str(i.path)))


def _where(item: Input) -> str:
    return item.path if isinstance(item.path, str) else os.path.abspath(item.path)


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
