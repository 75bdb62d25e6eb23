"""`nominutes serve`: build, serve from memory, rebuild on every change, reload the browser.

The site is served from the rendered files held in memory (never from disk), so no request can
reach a file outside the site. Live reload uses server-sent events; the small script that
listens for them is injected into HTML responses only here, never into a build. When a change
breaks the content, the last good site keeps being served with the errors shown on every page.
"""

from __future__ import annotations

import html
import mimetypes
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from generator.build import render
from generator.errors import ContentError
from generator.model import BuildOptions

EVENTS_PATH = "/__nominutes/events"
DEBOUNCE_SECONDS = 0.1
RELOAD_SCRIPT = (
    "<script>(function(){var s=new EventSource('" + EVENTS_PATH + "');"
    "s.addEventListener('reload',function(){location.reload();});})();</script>"
)
_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".xml": "application/atom+xml; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".ics": "text/calendar; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
}


def content_type(path: str) -> str:
    suffix = Path(path).suffix.lower()
    return _TYPES.get(suffix) or mimetypes.guess_type(path)[0] or "application/octet-stream"


def site_key(request_path: str) -> str | None:
    """The rendered file a request path names, or None if the path tries to leave the site."""
    path = unquote(urlsplit(request_path).path)
    if "\x00" in path or "\\" in path or not path.startswith("/"):
        return None
    parts = [p for p in path.split("/") if p]
    if any(p in (".", "..") for p in parts) or path.startswith("//"):
        return None
    key = "/".join(parts)
    return f"{key}/index.html" if path.endswith("/") and key else key or "index.html"


def error_banner(problems: list[str]) -> str:
    items = "".join(f"<li><code>{html.escape(line)}</code></li>" for line in problems)
    return (
        '<div role="alert" id="nominutes-errors" style="background:#b0190f;color:#fff;'
        'padding:1rem;font:16px/1.4 system-ui,sans-serif">'
        "<strong>The last change could not be built. Showing the last good site.</strong>"
        f"<ul>{items}</ul></div>"
    )


class DevServer:
    """The preview server: holds the last good build and the current problems."""

    def __init__(self, options: BuildOptions, host: str = "127.0.0.1", port: int = 8000) -> None:
        self.options = options
        self.files: dict[str, bytes] = {}
        self.problems: list[str] = []
        self.generation = 0
        self.changed = threading.Condition()
        self.httpd = ThreadingHTTPServer((host, port), _handler_for(self))
        self.httpd.daemon_threads = True
        host_name, port_number = self.httpd.server_address[:2]
        self.url = f"http://{host_name}:{port_number}/"
        self.options = replace(options, base_url=self.url)
        self._observer: Observer | None = None
        self._timer: threading.Timer | None = None
        self.stopping = threading.Event()

    def rebuild(self) -> bool:
        """Build again; True on success. Either way, open pages are told to reload."""
        started = time.perf_counter()
        try:
            result = render(self.options)
        except ContentError as error:
            self.problems = [str(p) for p in error.problems]
            for line in self.problems:
                print(line, file=sys.stderr)
            ok = False
        else:
            self.files, self.problems = result.files, []
            pages = sum(name.endswith(".html") for name in result.files)
            print(f"rebuilt {pages} pages in {time.perf_counter() - started:.2f}s", flush=True)
            ok = True
        with self.changed:
            self.generation += 1
            self.changed.notify_all()
        return ok

    def schedule_rebuild(self) -> None:
        """Debounce: a burst of file events (an editor saving) triggers one rebuild."""
        if self._timer:
            self._timer.cancel()
        self._timer = threading.Timer(DEBOUNCE_SECONDS, self.rebuild)
        self._timer.daemon = True
        self._timer.start()

    def start(self) -> None:
        self.rebuild()
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self._observer = Observer()
        watcher = _Watcher(self.options.source, self.schedule_rebuild)
        self._observer.schedule(watcher, str(self.options.source), recursive=True)
        self._observer.start()

    def stop(self) -> None:
        self.stopping.set()
        with self.changed:
            self.changed.notify_all()
        if self._timer:
            self._timer.cancel()
        if self._observer:
            self._observer.stop()
            self._observer.join(timeout=5)
        self.httpd.shutdown()
        self.httpd.server_close()

    def response_for(self, request_path: str) -> tuple[int, str, bytes]:
        key = site_key(request_path)
        files = self.files
        if key is not None and key not in files and f"{key}/index.html" in files:
            return HTTPStatus.MOVED_PERMANENTLY, "/" + key + "/", b""
        status = HTTPStatus.OK
        if key is None or key not in files:
            status, key = HTTPStatus.NOT_FOUND, "404.html"
        body = files.get(key, b"Not found")
        kind = content_type(key)
        if kind.startswith("text/html"):
            body = self._decorate(body)
        return status, kind, body

    def _decorate(self, page: bytes) -> bytes:
        text = page.decode("utf-8")
        if self.problems:
            text = text.replace("<body>", "<body>" + error_banner(self.problems), 1)
        return text.replace("</body>", RELOAD_SCRIPT + "</body>", 1).encode("utf-8")

    def wait_for_change(self, seen: int, timeout: float) -> int:
        with self.changed:
            self.changed.wait_for(
                lambda: self.generation != seen or self.stopping.is_set(), timeout
            )
            return self.generation


class _Watcher(FileSystemEventHandler):
    """Rebuild on changes to content/, site.yml or themes/; ignore our own output."""

    def __init__(self, source: Path, on_change: Callable[[], None]) -> None:
        self.source = source.resolve()
        self.on_change = on_change

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            if not raw:
                continue
            path = Path(str(raw))
            try:
                relative = path.resolve().relative_to(self.source).parts
            except ValueError:
                continue
            if relative and (relative[0] in ("content", "themes") or relative == ("site.yml",)):
                self.on_change()
                return


def _handler_for(server: DevServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if urlsplit(self.path).path == EVENTS_PATH:
                self._events()
                return
            status, kind, body = server.response_for(self.path)
            self.send_response(status)
            if status == HTTPStatus.MOVED_PERMANENTLY:
                self.send_header("Location", kind)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def _events(self) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            seen = server.generation
            try:
                self.wfile.write(b": connected\n\n")
                self.wfile.flush()
                while not server.stopping.is_set():
                    now = server.wait_for_change(seen, timeout=10)
                    message = b": keep-alive\n\n" if now == seen else b"event: reload\ndata: 1\n\n"
                    seen = now
                    self.wfile.write(message)
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                return

        def log_message(self, format: str, *args: object) -> None:
            """Quiet: the terminal shows builds and problems, not every request."""

    return Handler


def serve(
    options: BuildOptions,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    wait: Callable[[], None] = lambda: time.sleep(3600),
) -> int:
    server = DevServer(options, host, port)
    server.start()
    print(f"serving {options.source} at {server.url} (Ctrl-C to stop)", flush=True)
    try:
        while True:
            wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    print("stopped", flush=True)
    return 0
