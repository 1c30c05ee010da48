"""A standard SPARQL 1.1 endpoint over a built output: Oxigraph's own server, read-only.

``govgraph serve OUT`` runs ``oxigraph serve-read-only --location OUT/store`` (the ``oxigraph``
command of the ``oxigraph`` PyPI package, ``pip install 'govgraph[serve]'``), so clients get the
SPARQL 1.1 Protocol as Oxigraph implements it (``/query``; ``/update`` and ``/store`` answer 403)
rather than a home-made one.  :func:`running_server` starts it on a free port for tests and
notebooks and stops it on exit::

    with running_server("out") as endpoint:
        SPARQLWrapper(endpoint.query_url)
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from govgraph.errors import GovGraphError
from govgraph.store import store_path

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
INSTALL_HINT = "pip install 'govgraph[serve]'"
_READY_QUERY = "ASK {}"
_LISTENING = "Listening for requests"  # what `oxigraph serve-read-only` prints once bound


class ServeError(GovGraphError):
    """The SPARQL server cannot be found, started or reached."""


def oxigraph_executable() -> str:
    """The ``oxigraph`` command: next to this Python first (same environment), then on PATH."""
    name = "oxigraph.exe" if os.name == "nt" else "oxigraph"
    beside = Path(sys.executable).parent / name
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which("oxigraph")
    if found:
        return found
    raise ServeError(f"the Oxigraph server (the 'oxigraph' command) is not installed: {INSTALL_HINT}")


def server_command(out_dir: str | Path, host: str, port: int) -> list[str]:
    """The command line of a read-only server over ``OUT/store``."""
    store = store_path(out_dir)
    if not store.is_dir():
        raise ServeError(f"{out_dir}: no SPARQL store; run 'govgraph build' first")
    bind_host = f"[{host}]" if ":" in host else host
    return [
        oxigraph_executable(),
        "serve-read-only",
        "--location",
        str(store),
        "--bind",
        f"{bind_host}:{port}",
    ]


def free_port(host: str = DEFAULT_HOST) -> int:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass
class Endpoint:
    """A running server: where to send queries, and its process."""

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
        """The update endpoint (a read-only server refuses every request with 403)."""
        return f"{self.url}/update"

    def server_output(self) -> str:
        """What the server wrote to stdout/stderr so far (read through our own file handle)."""
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
    """The server's error message (Oxigraph follows ``Error: …`` with a backtrace)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("Error:")]
    return (errors or lines or ["no output"])[-1].removeprefix("Error: ")


def _wait_ready(endpoint: Endpoint, timeout: float) -> None:
    """Until the server says it listens and answers a query.  Both: another process on the same
    port would answer the query while ours fails to bind."""
    probe = f"{endpoint.query_url}?query={quote(_READY_QUERY)}"
    deadline = time.monotonic() + timeout
    while True:
        code = endpoint.process.poll()
        if code is not None:
            raise ServeError(
                f"the Oxigraph server exited with status {code}: {_last_line(endpoint.server_output())}"
            )
        if _LISTENING not in endpoint.server_output():
            if time.monotonic() > deadline:
                raise ServeError(f"the Oxigraph server did not start listening within {timeout:.0f} s")
            time.sleep(0.02)
            continue
        try:
            with urllib.request.urlopen(probe, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if time.monotonic() > deadline:
            raise ServeError(f"the Oxigraph server did not answer on {endpoint.url} within {timeout:.0f} s")
        time.sleep(0.05)


def start_server(
    out_dir: str | Path, *, host: str = DEFAULT_HOST, port: int | None = None, timeout: float = 30.0
) -> Endpoint:
    """Start a read-only server over ``OUT/store`` and return once it answers queries.

    ``port=None`` picks a free port (retrying if another process takes it first).  The caller
    stops it with :meth:`Endpoint.stop`, or uses :func:`running_server`.
    """
    attempts = 3 if port is None else 1
    for attempt in range(attempts):
        chosen = port if port is not None else free_port(host)
        command = server_command(out_dir, host, chosen)
        fd, log_name = tempfile.mkstemp(prefix="govgraph-serve-", suffix=".log")
        try:
            process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=fd, stderr=fd)
        except OSError as err:
            Path(log_name).unlink(missing_ok=True)
            raise ServeError(f"cannot start {command[0]}: {err}") from None
        finally:
            os.close(fd)
        endpoint = Endpoint(host, chosen, process, Path(log_name))
        try:
            _wait_ready(endpoint, timeout)
        except BaseException as err:  # also Ctrl-C while waiting: never leave the server behind
            output = endpoint.server_output()
            endpoint.stop()
            if isinstance(err, ServeError) and attempt + 1 < attempts and "in use" in output.lower():
                continue
            raise
        log.info("SPARQL endpoint %s over %s (pid %d)", endpoint.query_url, store_path(out_dir), process.pid)
        return endpoint
    raise AssertionError("unreachable")


@contextlib.contextmanager
def running_server(
    out_dir: str | Path, *, host: str = DEFAULT_HOST, port: int | None = None, timeout: float = 30.0
) -> Iterator[Endpoint]:
    """A read-only SPARQL server over ``OUT/store`` for the duration of the ``with`` block."""
    endpoint = start_server(out_dir, host=host, port=port, timeout=timeout)
    try:
        yield endpoint
    finally:
        endpoint.stop()


def _stop_on_sigterm() -> Any:
    """Turn SIGTERM into KeyboardInterrupt, so that a terminated ``govgraph serve`` stops its
    server instead of orphaning it; the previous handler, or None off the main thread."""
    if threading.current_thread() is not threading.main_thread():
        return None

    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    return signal.signal(signal.SIGTERM, interrupt)


def serve(
    out_dir: str | Path,
    *,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    on_ready: Callable[[Endpoint], None] | None = None,
) -> int:
    """Run the server in the foreground until Ctrl-C or SIGTERM (then 0); ServeError if it fails."""
    if not is_loopback(host):
        log.warning("serving on %s: the endpoint is reachable from other machines", host)
    previous = _stop_on_sigterm()
    try:
        try:
            endpoint = start_server(out_dir, host=host, port=port)
        except KeyboardInterrupt:
            return 0
        try:
            if on_ready is not None:
                on_ready(endpoint)
            code = endpoint.process.wait()
        except KeyboardInterrupt:
            return 0
        finally:
            output = endpoint.server_output()
            endpoint.stop()
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    if code != 0:
        raise ServeError(f"the Oxigraph server exited with status {code}: {_last_line(output)}")
    return 0


__all__ = [
    "DEFAULT_HOST",
    "DEFAULT_PORT",
    "Endpoint",
    "ServeError",
    "free_port",
    "oxigraph_executable",
    "running_server",
    "serve",
    "server_command",
    "start_server",
]
