"""A bounded, read-only SPARQL 1.1 endpoint over a built output, and the explorer page.

``govgraph serve OUT`` answers the SPARQL 1.1 Protocol at ``/query`` (GET or POST, any SPARQL
client) and serves the graph explorer at ``/``.  Oxigraph's own server (``oxigraph
serve-read-only``) cannot be bounded: it has a timeout but no memory bound, keeps evaluating
after the client has gone, sends ``SERVICE`` requests to any address, and keeps answering from a
deleted store after a rebuild.  So the endpoint is this small supervisor instead:

* HTTP is Starlette on uvicorn (maintained ASGI libraries), bound to 127.0.0.1 unless the user
  asks for another address;
* each query runs in one of a few **worker processes** holding the store open read-only with
  pyoxigraph.  The supervisor waits for the answer and **kills the worker** (SIGKILL) when the
  query passes its time limit, when the worker's resident memory passes its bound (read from
  ``/proc`` every few milliseconds), or when the client disconnects; the client gets one line
  with 503 and a fresh worker takes the dead one's place, so the server keeps serving;
* ``SERVICE`` (the only way a query makes Oxigraph send a request) is refused before a worker
  sees the query, and updates are refused (the store is opened read-only anyway);
* before every query a worker checks which store the output's current build points at and
  reopens it when a rebuild has switched it, so the endpoint follows rebuilds without a restart.

:func:`running_server` starts ``govgraph serve`` on a free port for tests and notebooks and stops
it on exit::

    with running_server("out") as endpoint:
        SPARQLWrapper(endpoint.query_url)
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import multiprocessing
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote

from govgraph.errors import GovGraphError
from govgraph.store import store_path

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
DEFAULT_TIMEOUT_S = 30.0
DEFAULT_MEMORY_MB = 2048
DEFAULT_WORKERS = 2
MAX_WAITING = 32  # queries queued for a worker beyond this are answered 503 at once
_POLL_S = 0.01  # how often a running query's memory and client are checked
_READY_QUERY = "ASK {}"


class ServeError(GovGraphError):
    """The SPARQL server cannot be started or reached."""


@dataclass(frozen=True, slots=True)
class Limits:
    """The bounds every query runs under."""

    timeout_s: float = DEFAULT_TIMEOUT_S
    memory_mb: int = DEFAULT_MEMORY_MB
    workers: int = DEFAULT_WORKERS


# ---------------------------------------------------------------------------------------------
# What a query may do


_SERVICE_RE = re.compile(r"(?<![\w:?$])SERVICE(?![\w:-])", re.IGNORECASE)
_UPDATE_RE = re.compile(
    r"(?<![\w:?$])(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY)(?![\w:-])", re.IGNORECASE
)


def refusal(query: str) -> str | None:
    """Why ``query`` is not run (one line), or None.

    Keywords are looked for outside strings, IRIs and comments (``sparql._mask`` blanks those),
    so a label containing the word SERVICE is no reason to refuse.
    """
    from govgraph.query.sparql import _mask

    bare = _mask(query)
    if _SERVICE_RE.search(bare):
        return "SERVICE is not allowed: this endpoint sends no requests to other servers"
    if _UPDATE_RE.search(bare) and not re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", bare, re.I):
        return "updates are not allowed: the graph is read-only"
    return None


# ---------------------------------------------------------------------------------------------
# Worker processes


def current_store(out_dir: str | Path) -> Path:
    """The store of the output's current build generation (``govgraph.build.current``)."""
    return store_path(out_dir)


_RESULT_FORMATS = {
    "application/sparql-results+json": "JSON",
    "application/json": "JSON",
    "application/sparql-results+xml": "XML",
    "application/xml": "XML",
    "text/csv": "CSV",
    "text/tab-separated-values": "TSV",
}
_GRAPH_FORMATS = {
    "application/n-triples": "N_TRIPLES",
    "text/turtle": "TURTLE",
    "application/rdf+xml": "RDF_XML",
    "application/n-quads": "N_QUADS",
}


def _choose(accept: str, formats: dict[str, str], default: str) -> tuple[str, str]:
    """(media type, format name) for an Accept header: its first type we can write."""
    for part in accept.split(","):
        media = part.split(";")[0].strip().lower()
        if media in formats:
            return media, formats[media]
    return default, formats[default]


def _worker_main(conn: Any, out_dir: str) -> None:
    """A worker: answer (query, accept) messages with (status, media type, body) until EOF."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C goes to the supervisor, which stops us
    import pyoxigraph as ox

    opened: tuple[tuple[str, int, int], Any] | None = None
    conn.send("ready")  # imports done: the supervisor hands this worker queries from now on
    while True:
        try:
            query, accept = conn.recv()
        except (EOFError, OSError):
            return
        try:
            path = current_store(out_dir).resolve()
            st = path.stat()
            stamp = (str(path), st.st_ino, st.st_mtime_ns)
            if opened is None or opened[0] != stamp:
                opened = None  # close the old store before opening the new one
                opened = (stamp, ox.Store.read_only(str(path)))
            result = opened[1].query(query)
            if isinstance(result, ox.QueryTriples):
                media, name = _choose(accept, _GRAPH_FORMATS, "application/n-triples")
                body = result.serialize(format=getattr(ox.RdfFormat, name))
            else:
                media, name = _choose(accept, _RESULT_FORMATS, "application/sparql-results+json")
                body = result.serialize(format=getattr(ox.QueryResultsFormat, name))
            conn.send((200, media, body or b""))
        except SyntaxError as err:
            conn.send((400, "text/plain", f"SPARQL syntax error: {_one_line(err)}\n".encode()))
        except FileNotFoundError:
            opened = None
            conn.send((503, "text/plain", b"no SPARQL store: run 'govgraph build' first\n"))
        except Exception as err:  # an evaluation error is one line for the client
            opened = None
            conn.send((500, "text/plain", f"query failed: {_one_line(err)}\n".encode()))


def _one_line(err: BaseException) -> str:
    return " ".join(str(err).split()) or type(err).__name__


def _rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/statm", "rb") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, IndexError, ValueError):
        return 0.0


class Worker:
    """One worker process and the supervisor's end of its pipe."""

    def __init__(self, out_dir: str) -> None:
        ctx = multiprocessing.get_context("spawn")  # no fork of a process with an event loop
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, out_dir), daemon=True)
        self.process.start()
        child.close()

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


class Stopped(Exception):
    """A query was stopped; its message is the one line the client gets (503)."""


class WorkerPool:
    """A fixed number of workers; a killed or dead worker is replaced by a new one, which takes
    queries only once it has said it is ready (a query never waits for a worker's start-up while
    another worker is free)."""

    def __init__(self, out_dir: str | Path, limits: Limits) -> None:
        self.out_dir = str(out_dir)
        self.limits = limits
        self.idle: asyncio.Queue[Worker] = asyncio.Queue()
        self.workers: set[Worker] = set()
        self.waiting = 0
        self.killed = 0

    def start(self) -> None:
        for _ in range(self.limits.workers):
            self._spawn()

    def _spawn(self) -> None:
        loop = asyncio.get_running_loop()
        worker = Worker(self.out_dir)
        self.workers.add(worker)
        fd = worker.conn.fileno()

        def ready() -> None:
            loop.remove_reader(fd)
            try:
                worker.conn.recv()
            except (EOFError, OSError):
                log.error("a query worker died while starting; running with one worker fewer")
                self._discard(worker)
                return
            self.idle.put_nowait(worker)

        loop.add_reader(fd, ready)

    def _discard(self, worker: Worker) -> None:
        self.workers.discard(worker)
        worker.kill()

    def stop(self) -> None:
        for worker in list(self.workers):
            with contextlib.suppress(Exception):
                asyncio.get_running_loop().remove_reader(worker.conn.fileno())
            self._discard(worker)

    async def run(self, query: str, accept: str, disconnected: Callable[[], Any]) -> tuple[int, str, bytes]:
        """(status, media type, body) of ``query``; :class:`Stopped` when it was stopped."""
        if self.waiting >= MAX_WAITING:
            raise Stopped(f"server busy: {self.waiting} queries waiting; try again later")
        deadline = time.monotonic() + self.limits.timeout_s
        self.waiting += 1
        try:
            worker = await asyncio.wait_for(self.idle.get(), self.limits.timeout_s)
        except TimeoutError:
            raise Stopped(f"query timed out after {self.limits.timeout_s:g} s waiting for a worker") from None
        finally:
            self.waiting -= 1
        healthy = False
        try:
            answer = await self._answer(worker, query, accept, deadline, disconnected)
            healthy = True
            return answer
        finally:
            if healthy:
                self.idle.put_nowait(worker)
            else:
                self._discard(worker)
                self.killed += 1
                self._spawn()

    async def _answer(
        self, worker: Worker, query: str, accept: str, deadline: float, disconnected: Callable[[], Any]
    ) -> tuple[int, str, bytes]:
        loop = asyncio.get_running_loop()
        ready = asyncio.Event()
        fd = worker.conn.fileno()
        loop.add_reader(fd, ready.set)
        try:
            worker.conn.send((query, accept))
            while not ready.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(ready.wait(), _POLL_S)
                if ready.is_set():
                    break
                if not worker.process.is_alive():
                    raise Stopped("query stopped: the worker process died (memory bound or crash)")
                if time.monotonic() > deadline:
                    raise Stopped(f"query timed out after {self.limits.timeout_s:g} s")
                if _rss_mb(worker.process.pid) > self.limits.memory_mb:
                    raise Stopped(f"query stopped: it needed more than {self.limits.memory_mb} MB of memory")
                if await disconnected():
                    raise Stopped("query stopped: the client disconnected")
            try:
                return worker.conn.recv()
            except (EOFError, OSError):
                raise Stopped("query stopped: the worker process died (memory bound or crash)") from None
        finally:
            loop.remove_reader(fd)


# ---------------------------------------------------------------------------------------------
# The HTTP application


def source_page(path: Path, name: str) -> str:
    """A gazette file's text as the extractors read it, one anchor per line (``#L12``), escaped."""
    from govgraph.ingest import read_source
    from govgraph.viz.sources import source_page as page

    return page(read_source(path).text.replace("\r\n", "\n").replace("\r", "\n"), name)


def make_app(out_dir: str | Path, limits: Limits | None = None, sources: str | Path | None = None) -> Any:
    """The Starlette application: ``/query`` (SPARQL 1.1 Protocol), ``/`` (the explorer page,
    which asks ``/query`` for everything it shows)."""
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, PlainTextResponse, Response
    from starlette.routing import Route

    limits = limits or Limits()
    pool = WorkerPool(out_dir, limits)

    @contextlib.asynccontextmanager
    async def lifespan(app: Any) -> Any:
        pool.start()
        try:
            yield
        finally:
            pool.stop()

    def text(status: int, message: str) -> Response:
        return PlainTextResponse(message.rstrip("\n") + "\n", status_code=status)

    async def query(request: Request) -> Response:
        if request.method == "GET":
            sparql = request.query_params.get("query")
        else:
            media = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if media == "application/sparql-query":
                sparql = (await request.body()).decode("utf-8", "replace")
            elif media == "application/x-www-form-urlencoded":
                form = parse_qs((await request.body()).decode("utf-8", "replace"))
                if "update" in form:
                    return text(403, "updates are not allowed: the graph is read-only")
                sparql = form.get("query", [None])[0]
            elif media == "application/sparql-update":
                return text(403, "updates are not allowed: the graph is read-only")
            else:
                return text(415, f"unsupported content type {media or '(none)'!r}")
        if not sparql:
            return text(400, "no query: send ?query=… or POST a SPARQL query")
        reason = refusal(sparql)
        if reason is not None:
            return text(403 if reason.startswith("updates") else 400, reason)
        accept = request.headers.get("accept", "")
        try:
            status, media, body = await pool.run(sparql, accept, request.is_disconnected)
        except Stopped as stopped:
            log.warning("%s", stopped)
            return text(503, str(stopped))
        return Response(body, status_code=status, media_type=media)

    root = Path(sources).resolve() if sources is not None else None

    async def explorer(request: Request) -> Response:
        from govgraph.viz.explorer import render_explorer

        return HTMLResponse(render_explorer(query_url="query", source_base="source/"))

    async def source(request: Request) -> Response:
        """``/source/NAME``: the text of the gazette NAME (its identity): the page the current
        build wrote (``OUT/sources``), else the file below ``--sources``."""
        from starlette.concurrency import run_in_threadpool

        from govgraph.build.outputs import current
        from govgraph.errors import GovGraphError
        from govgraph.viz.sources import SOURCES_DIR, page_name

        name = request.path_params["name"]
        # The gazette's text is the only content: no script, no request from this page.
        headers = {"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"}
        built = (current(out_dir) / SOURCES_DIR).resolve()
        written = (built / page_name(name)).resolve()
        if written.is_relative_to(built) and written.is_file():
            return HTMLResponse(await run_in_threadpool(written.read_bytes), headers=headers)
        if root is None:
            return text(404, f"{name}: no text of this gazette in the build (start with --sources DIR)")
        target = (root / name).resolve()
        if not target.is_relative_to(root) or not target.is_file():
            return text(404, f"{name}: no such gazette in the build or under the sources folder")
        try:
            page = await run_in_threadpool(source_page, target, name)
        except GovGraphError as err:
            return text(422, str(err))
        return HTMLResponse(page, headers=headers)

    async def forbidden(request: Request) -> Response:
        return text(403, "updates are not allowed: the graph is read-only")

    routes = [
        Route("/", explorer, methods=["GET"]),
        Route("/query", query, methods=["GET", "POST"]),
        Route("/sparql", query, methods=["GET", "POST"]),
        Route("/source/{name:path}", source, methods=["GET"]),
        Route("/favicon.ico", lambda request: Response(status_code=204), methods=["GET"]),
        Route("/update", forbidden, methods=["GET", "POST"]),
        Route("/store", forbidden, methods=["GET", "POST", "PUT", "DELETE"]),
    ]
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.pool = pool
    return app


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(
    out_dir: str | Path,
    *,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    limits: Limits | None = None,
    on_ready: Callable[[str], None] | None = None,
    sources: str | Path | None = None,
) -> int:
    """Serve in the foreground until Ctrl-C or SIGTERM (then 0); :class:`ServeError` if it cannot.

    ``on_ready`` gets the query URL once the socket listens.
    """
    import uvicorn

    if not (current_store(out_dir) / "CURRENT").is_file():
        raise ServeError(f"{out_dir}: no SPARQL store; run 'govgraph build' first")
    if not is_loopback(host):
        log.warning("serving on %s: the endpoint is reachable from other machines", host)
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(2048)
    except OSError as err:
        raise ServeError(f"cannot listen on {host}:{port}: {err.strerror or err}") from None
    config = uvicorn.Config(
        make_app(out_dir, limits, sources),
        log_level="warning",
        access_log=False,
        lifespan="on",
        timeout_graceful_shutdown=2,
    )

    class Server(uvicorn.Server):
        async def startup(self, sockets: list[socket.socket] | None = None) -> None:
            await super().startup(sockets)
            if self.started and on_ready is not None:
                bound = f"[{host}]" if ":" in host else host
                on_ready(f"http://{bound}:{port}/query")

    # uvicorn re-raises the signal that stopped it once it has shut down: a SIGTERM then becomes
    # KeyboardInterrupt like Ctrl-C, and both are a clean stop.
    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        Server(config).run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        sock.close()
    return 0


# ---------------------------------------------------------------------------------------------
# A server for tests and notebooks


def free_port(host: str = DEFAULT_HOST) -> int:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


@dataclass
class Endpoint:
    """A running ``govgraph serve``: where to send queries, and its process."""

    host: str
    port: int
    process: subprocess.Popen[bytes]
    log_path: Path  # the server's stdout and stderr

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def query_url(self) -> str:
        """The SPARQL 1.1 Protocol query endpoint."""
        return f"{self.url}/query"

    @property
    def update_url(self) -> str:
        """The update endpoint (refuses every request with 403)."""
        return f"{self.url}/update"

    def server_output(self) -> str:
        try:
            return self.log_path.read_bytes().decode("utf-8", "replace")
        except FileNotFoundError:
            return ""

    def stop(self, timeout: float = 10.0) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log_path.unlink(missing_ok=True)


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return (lines or ["no output"])[-1].removeprefix("error: ")


def start_server(
    out_dir: str | Path,
    *,
    host: str = DEFAULT_HOST,
    port: int | None = None,
    limits: Limits | None = None,
    timeout: float = 60.0,
    sources: str | Path | None = None,
) -> Endpoint:
    """Start ``govgraph serve OUT`` in a process of its own; return once it answers queries."""
    limits = limits or Limits()
    chosen = port if port is not None else free_port(host)
    command = [
        sys.executable, "-m", "govgraph.cli", "serve", str(out_dir), "--host", host, "--port", str(chosen),
        "--timeout", str(limits.timeout_s), "--memory-mb", str(limits.memory_mb),
        "--workers", str(limits.workers),
    ]  # fmt: skip
    if sources is not None:
        command += ["--sources", str(sources)]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    fd, log_name = tempfile.mkstemp(prefix="govgraph-serve-", suffix=".log")
    try:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=fd, stderr=fd, env=env)
    finally:
        os.close(fd)
    endpoint = Endpoint(host, chosen, process, Path(log_name))
    probe = f"{endpoint.query_url}?query={quote(_READY_QUERY)}"
    deadline = time.monotonic() + timeout
    try:
        while True:
            code = process.poll()
            if code is not None:
                raise ServeError(
                    f"govgraph serve exited with status {code}: {_last_line(endpoint.server_output())}"
                )
            if "SPARQL endpoint" not in endpoint.server_output():  # ours listens, not another's
                if time.monotonic() > deadline:
                    raise ServeError(f"govgraph serve did not start listening within {timeout:.0f} s")
                time.sleep(0.05)
                continue
            try:
                with urllib.request.urlopen(probe, timeout=5) as response:
                    if response.status == 200:
                        return endpoint
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                raise ServeError(f"govgraph serve did not answer on {endpoint.url} within {timeout:.0f} s")
            time.sleep(0.05)
    except BaseException:
        endpoint.stop()
        raise


@contextlib.contextmanager
def running_server(
    out_dir: str | Path,
    *,
    host: str = DEFAULT_HOST,
    port: int | None = None,
    limits: Limits | None = None,
    timeout: float = 60.0,
    sources: str | Path | None = None,
) -> Iterator[Endpoint]:
    """A bounded read-only endpoint over ``OUT`` for the duration of the ``with`` block."""
    endpoint = start_server(out_dir, host=host, port=port, limits=limits, timeout=timeout, sources=sources)
    try:
        yield endpoint
    finally:
        endpoint.stop()


__all__ = [
    "DEFAULT_HOST",
    "DEFAULT_PORT",
    "Endpoint",
    "Limits",
    "ServeError",
    "current_store",
    "free_port",
    "make_app",
    "refusal",
    "running_server",
    "serve",
    "start_server",
]
