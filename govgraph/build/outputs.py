"""Output generations: a build is all or nothing, and readers see one build, never a mix.

Layout of an output folder ``OUT``::

    OUT/current -> generations/<id>    the build readers use (a relative symbolic link)
    OUT/generations/<id>/              one complete build: graph.nt, store/, tables/, report.json …
    OUT/generations/.partial-<id>/     a build being written (removed if its build dies)
    OUT/graph.nt -> current/graph.nt   convenience links, one per output, for people and tools
    OUT/.govgraph.lock                 held while a build writes (filelock), with .govgraph.lock.owner

A build writes a whole new generation beside the current one and switches ``current`` to it in
one atomic step (a new link renamed over the old one), so a reader that resolved ``current``
once reads the old build or the new one, never half of each.  The previous generation is kept
until the next build (a reader may still be using it); older ones and the leftovers of a build
that was killed are removed by the next build, under the lock.

Every reader — ``query``, ``chain``, ``serve``, the explorer, ``viz`` — locates the files of the
current build with :func:`current`, once per operation.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import errno
import json
import logging
import os
import shutil
import socket
import sys
from collections.abc import Iterator
from pathlib import Path

from govgraph.errors import ExportError

log = logging.getLogger(__name__)

CURRENT = "current"
GENERATIONS = "generations"
PARTIAL_PREFIX = ".partial-"
LOCK_NAME = ".govgraph.lock"
OWNER_NAME = ".govgraph.lock.owner"
KEEP_GENERATIONS = 2
"""The current generation and the one before it (a reader that resolved it just before the
switch may still be reading it)."""


def current(out_dir: str | Path) -> Path:
    """The folder holding the files of ``out_dir``'s current build.

    ``OUT/generations/<id>`` for an output written by ``govgraph build``; ``out_dir`` itself for
    a folder without generations (an output of an older version, or files put there by hand), so
    a reader's own "no graph.nt here" message still names what is missing.  Call it once per
    operation and read every file of that operation from the folder it returns.
    """
    out = Path(out_dir)
    link = out / CURRENT
    try:
        target = os.readlink(link)
    except OSError:  # no link (ENOENT), not a link (EINVAL), out is a file (ENOTDIR)
        return out
    return out / target


def generation_id(path: str | Path) -> str | None:
    """The id of the generation a path returned by :func:`current` is in (None: no generations)."""
    path = Path(path)
    return path.name if path.parent.name == GENERATIONS else None


class BuildLocked(ExportError):
    """Another build holds the lock of the output folder."""


def _owner_text() -> str:
    return json.dumps(
        {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "started": _dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            "command": " ".join(sys.argv[:1] + sys.argv[1:6]),
        },
        ensure_ascii=False,
    )


def describe_holder(out_dir: Path) -> str:
    try:
        owner = json.loads((out_dir / OWNER_NAME).read_text(encoding="utf-8"))
        return f"pid {owner['pid']} on {owner['host']}, started {owner['started']}"
    except (OSError, ValueError, KeyError, TypeError):
        return "another process"


@contextlib.contextmanager
def build_lock(out_dir: str | Path, *, wait: float | None = 0) -> Iterator[None]:
    """Hold the build lock of ``out_dir``.  ``wait``: seconds to wait for a running build
    (None: as long as it takes; 0: not at all); then :class:`BuildLocked` names the holder."""
    from filelock import FileLock, Timeout

    out = Path(out_dir)
    _make_output_dir(out)
    lock = FileLock(str(out / LOCK_NAME), timeout=-1 if wait is None else wait)
    try:
        lock.acquire()
    except Timeout:
        raise BuildLocked(
            f"{out}: another build is writing here ({describe_holder(out)}); "
            "wait for it, or build into another folder"
        ) from None
    try:
        with contextlib.suppress(OSError):
            (out / OWNER_NAME).write_text(_owner_text() + "\n", encoding="utf-8")
        yield
    finally:
        with contextlib.suppress(OSError):
            (out / OWNER_NAME).unlink()
        lock.release()


def _make_output_dir(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise ExportError(f"{out}: exists and is not a folder; give a folder as the output")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise ExportError(f"{out}: cannot create the output folder ({err.strerror or err})") from None


class Generation:
    """A new generation of ``out_dir`` being written; :meth:`commit` makes it current.

    Use under :func:`build_lock`.  Created by :func:`new_generation`, which removes what killed
    builds left behind.  Until :meth:`commit`, nothing a reader sees has changed; if the build
    fails, :meth:`discard` (or the next build) removes the partial folder.
    """

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        stamp = _dt.datetime.now(_dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
        self.id = f"{stamp}-{os.getpid()}"
        self.previous: Path | None = None
        cur = current(out_dir)
        if cur != out_dir and cur.is_dir():
            self.previous = cur
        elif cur == out_dir and any((out_dir / name).exists() for name in LEGACY_NAMES):
            self.previous = out_dir  # an output of an older govgraph: files right in OUT
        self.path = out_dir / GENERATIONS / f"{PARTIAL_PREFIX}{self.id}"
        self.final = out_dir / GENERATIONS / self.id
        self.path.mkdir(parents=True)
        self.committed = False

    def commit(self) -> Path:
        """Switch ``current`` to this generation in one step; returns its final folder."""
        _fsync_tree(self.path)
        os.rename(self.path, self.final)
        _fsync_dir(self.final.parent)
        link = self.out_dir / CURRENT
        tmp = self.out_dir / f".{CURRENT}.{self.id}"
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        os.symlink(Path(GENERATIONS) / self.id, tmp)
        if link.exists() and not link.is_symlink():
            raise ExportError(f"{link}: exists and is not a link; move it away and build again")
        os.replace(tmp, link)  # the switch: atomic on POSIX
        _fsync_dir(self.out_dir)
        self.committed = True
        self.path = self.final
        _update_links(self.out_dir, self.final)
        prune(self.out_dir)
        return self.final

    def discard(self) -> None:
        if not self.committed:
            shutil.rmtree(self.path, ignore_errors=True)


LEGACY_NAMES = ("graph.nt", "report.json", "store", "extractions")
"""Files an output of govgraph before generations held right in OUT."""


def new_generation(out_dir: str | Path) -> Generation:
    """Start a generation (call under :func:`build_lock`): leftovers of killed builds go first."""
    out = Path(out_dir)
    cleanup(out)
    try:
        return Generation(out)
    except OSError as err:
        raise ExportError(f"{out}: cannot write ({err.strerror or err})") from None


def cleanup(out_dir: Path) -> list[Path]:
    """Remove partial generations and stray links of builds that died (under the lock)."""
    removed: list[Path] = []
    gens = out_dir / GENERATIONS
    if gens.is_dir():
        for p in gens.iterdir():
            if p.name.startswith(PARTIAL_PREFIX):
                shutil.rmtree(p, ignore_errors=True)
                removed.append(p)
    for p in out_dir.glob(f".{CURRENT}.*"):
        if p.is_symlink():
            p.unlink()
            removed.append(p)
    if removed:
        log.info(
            "%s: removed what an interrupted build left: %s", out_dir, ", ".join(p.name for p in removed)
        )
    return removed


def prune(out_dir: Path, keep: int = KEEP_GENERATIONS) -> None:
    """Keep the current generation and the ones just before it (``keep`` in all)."""
    gens = out_dir / GENERATIONS
    cur = current(out_dir).name
    complete = sorted(p for p in gens.iterdir() if not p.name.startswith("."))
    older = [p for p in complete if p.name < cur]
    for p in older[: max(0, len(older) - (keep - 1))]:
        shutil.rmtree(p, ignore_errors=True)
    for p in complete:
        if p.name > cur:  # a generation that was never switched to (clock moved back): not ours
            log.warning("%s: generation %s is newer than current; left alone", out_dir, p.name)


def _update_links(out_dir: Path, generation: Path) -> None:
    """``OUT/<name> -> current/<name>`` for each output of the generation; links to outputs
    this generation does not have are removed.  A file of an older govgraph in their place
    (outputs written right into OUT) is replaced by its link."""
    names = {p.name for p in generation.iterdir()}
    for name in sorted(names):
        link = out_dir / name
        target = Path(CURRENT) / name
        if link.is_symlink():
            if Path(os.readlink(link)) == target:
                continue
        elif link.is_dir():
            shutil.rmtree(link)
        elif link.exists():
            link.unlink()
        tmp = out_dir / f".{name}.link.{os.getpid()}"
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        os.symlink(target, tmp)
        os.replace(tmp, link)
    for link in out_dir.iterdir():
        stale = link.is_symlink() and link.name != CURRENT and link.name not in names
        if stale and Path(os.readlink(link)).parts[:1] == (CURRENT,):
            link.unlink()


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError as err:  # some file systems cannot fsync a directory
        if err.errno not in (errno.EINVAL, errno.EBADF):
            raise
    finally:
        os.close(fd)


def _fsync_tree(root: Path) -> None:
    """Flush a finished generation to disk before it becomes current (a power cut after the
    switch must not leave a current generation with empty files)."""
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            try:
                fd = os.open(os.path.join(dirpath, name), os.O_RDONLY)
            except OSError:
                continue
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        _fsync_dir(Path(dirpath))
