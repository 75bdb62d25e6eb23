"""`nominutes serve`: build, serve from memory, rebuild on every change, reload the browser.

The site is served from the rendered files held in memory (never from disk), so no request can
reach a file outside the site. They are held compressed (`stored`): a browser that accepts gzip
gets a file as it is stored, any other client the file itself; HTML pages are always sent
whole. Live reload uses server-sent events; the small script that listens for them is
injected into HTML responses only here, never into a build. When a change breaks the
content, the last good site keeps being served with the errors shown on every page.

Rebuilds are incremental where they can be: an edit to meeting files re-renders only the pages
whose inputs changed (see `incremental`); anything else is a full build that reuses parsed
files and rendered Markdown from the cache. After an edit to meeting files' front matter the
open pages reload once the pages are made; the sitemap, feeds, calendars and exports are made
just after, and a request for one of them waits until it is (never answered with the last).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import html
import mimetypes
import socket
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple
from urllib.parse import unquote, urlsplit

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from generator.content.history import git_folder
from generator.content.model import BuildOptions
from generator.engine.collector import (
    collect_all,
    collect_and_freeze,
    collect_recent,
    collector_paused,
)
from generator.errors import ContentError, Problem, printable
from generator.inputs import DRAFTS_HINT, BuildResult, open_cache
from generator.make import make_site
from generator.serve.incremental import (
    LastBuild,
    PagesFirst,
    update_bodies,
    update_drafts,
    update_meetings,
    update_shown,
)
from generator.serve.stored import CompressingSink, SiteFiles, compress
from generator.site.render import RowMemo, ThemeEnvironment, make_environment
from generator.site.theme_files import left_out

EVENTS_PATH = "/__nominutes/events"
# A connection that sends nothing for this long is closed (a page load sends at once).
IDLE_TIMEOUT_SECONDS = 20.0
# Open live-reload streams at most; more are refused, so that tabs left open (each holds a
# thread and a file handle) never stop pages being served.
MAX_EVENT_STREAMS = 32
_ANY_ADDRESS = ("", "0.0.0.0", "::")
_LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
DEBOUNCE_SECONDS = 0.1
# What the terminal says after a draft it does not show.
HISTORY_CHANGED = ".git"  # what `note_change` is told after a commit: rebuild everything
# Cycles are collected once no rebuild has started for this long (the pages have reloaded).
QUIET_SECONDS = 2.0
# The script that listens for them is a file of its own: the pages' Content-Security-Policy
# refuses inline scripts.
RELOAD_PATH = "/__nominutes/reload.js"
RELOAD_CODE = (
    "(function(){var s=new EventSource('" + EVENTS_PATH + "');"
    "s.addEventListener('reload',function(){location.reload();});})();\n"
).encode()
RELOAD_SCRIPT = f'<script src="{RELOAD_PATH}"></script>'
_TYPES = MappingProxyType(
    {
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
)


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


def error_banner(problems: list[str], last_good_site: bool = True) -> str:
    items = "".join(f"<li><code>{html.escape(line)}</code></li>" for line in problems)
    said = (
        "The last change could not be built. Showing the last good site."
        if last_good_site
        else "The site could not be built."
    )
    return (
        '<div role="alert" id="nominutes-errors" style="background:#b0190f;color:#fff;'
        'padding:1rem;font:16px/1.4 system-ui,sans-serif">'
        f"<strong>{said}</strong>"
        f"<ul>{items}</ul></div>"
    )


# What serve shows until a first build succeeds; the error banner goes at the top of its body.
NO_SITE_YET = (
    '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    '<meta name="color-scheme" content="light dark"><title>No site yet</title></head>'
    '<body><main style="padding:1rem;font:16px/1.4 system-ui,sans-serif">'
    "<h1>No site yet</h1><p>The site has not been built: mend the errors above and save, and "
    "this page reloads with the site.</p></main></body></html>"
)


def warning_banner(warnings: list[str]) -> str:
    items = "".join(f"<li><code>{html.escape(line)}</code></li>" for line in warnings)
    count = f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''}"
    return (
        '<div role="status" id="nominutes-warnings" style="background:#ffdd00;color:#0b0c0c;'
        'padding:1rem;font:16px/1.4 system-ui,sans-serif">'
        f"<strong>Built, with {count}:</strong><ul>{items}</ul></div>"
    )


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # a page load opens several connections at once

    def get_request(self) -> tuple[socket.socket, Any]:
        """Accept a connection; out of file handles, pause briefly instead of spinning (the
        connection waits in the queue until idle ones time out and free their handles)."""
        try:
            return super().get_request()
        except OSError as error:
            if error.errno in (errno.EMFILE, errno.ENFILE):
                time.sleep(0.05)
            raise


class Response(NamedTuple):
    status: int
    kind: str  # the content type, or where a redirect points
    body: bytes
    encoding: str = ""  # "gzip" when the body is compressed


class ServeError(Exception):
    """The address cannot be served (port in use, unknown host)."""


class DevServer:
    """The preview server: holds the last good build and the current problems."""

    def __init__(
        self,
        options: BuildOptions,
        host: str = "127.0.0.1",
        port: int = 8000,
        *,
        idle_timeout: float = IDLE_TIMEOUT_SECONDS,
    ) -> None:
        self.options = options
        self.idle_timeout = idle_timeout
        self.streams = threading.BoundedSemaphore(MAX_EVENT_STREAMS)
        self.files = SiteFiles()
        self._making: frozenset[str] = frozenset()  # files an update makes after the reload
        self._made = threading.Condition()  # told when they are
        self.problems: list[str] = []
        self.warnings: list[str] = []  # of the last good build
        # The same, as problems; None once errors were printed after them (printed again).
        self._warned: tuple[Problem, ...] | None = ()
        self.generation = 0
        self.changed = threading.Condition()
        try:
            self.httpd = _Server((host, port), _handler_for(self))
        except (OSError, OverflowError) as error:
            reason = getattr(error, "strerror", None) or str(error)
            raise ServeError(
                f"cannot serve at {host}:{port}: {reason}; choose another --port or --host"
            ) from None
        host_name, port_number = self.httpd.server_address[:2]
        self.url = f"http://{host_name}:{port_number}/"
        self.hosts = _allowed_hosts(host, port_number)
        # One process: pages are compressed as they render, into this process's memory (and
        # forking a server that runs threads is not safe).
        self.options = replace(options, base_url=self.url, jobs=1, preview=True)
        self._observer: Observer | None = None
        self._timer: threading.Timer | None = None
        self._collection: threading.Timer | None = None  # of cycles, once serve is quiet
        self.stopping = threading.Event()
        self.cache = open_cache(self.options)
        self.release_freed_memory = memory_releaser()
        self.last: LastBuild | None = None
        self.last_rebuild = ""  # "full" or "incremental", for the tests and the terminal
        # The drafts said to be drafts since they last changed (None until the first build).
        self._told_drafts: frozenset[str] | None = None
        self._pending: set[str] = set()
        self._pending_lock = threading.Lock()
        # One rebuild at a time: a burst of events during a rebuild waits for it to end.
        self._rebuild_lock = threading.Lock()

    def rebuild(self, changed: set[str] | None = None) -> bool:
        """Build again after `changed` files (relative paths; None: anything may have changed).
        True on success. Either way, open pages are told to reload.

        Python's cycle collector does not run during a rebuild: what the last one left in
        cycles is collected once serve has been quiet for a moment, while the pages reload."""
        if self._collection is not None:
            self._collection.cancel()
        with collector_paused():
            ok = self._rebuild(changed)
            self._collection = threading.Timer(QUIET_SECONDS, collect_recent)
            self._collection.daemon = True
            self._collection.start()
        if ok:
            self._tell_of_drafts(changed)
        return ok

    def _tell_of_drafts(self, changed: set[str] | None) -> None:
        """Say that a draft is not shown, and how to preview it: at start-up, how many there
        are; after, once for each draft changed (again if it is published, then a draft)."""
        if self.last is None or self.options.drafts:
            return
        drafts = self.last.drafts_left_out()
        if self._told_drafts is None:  # the first build
            self._told_drafts = frozenset()
            if drafts:
                count = len(drafts)
                are = "1 meeting is a draft" if count == 1 else f"{count} meetings are drafts"
                print(f"{are} (draft: true): not shown; {DRAFTS_HINT}", flush=True)
            return
        told = self._told_drafts & drafts  # one published since is told of again
        telling = sorted(drafts.intersection(changed or ()) - told)
        for path in telling:
            print(f"{path} is a draft (draft: true): not shown; {DRAFTS_HINT}", flush=True)
        self._told_drafts = told.union(telling)

    def _rebuild(self, changed: set[str] | None) -> bool:
        started = time.perf_counter()
        update = None
        if changed and self.last and not self.problems and HISTORY_CHANGED not in changed:
            for way in (update_drafts, update_bodies, update_shown, update_meetings):
                update = way(self.last, self.options, changed, self.cache)
                if update is not None:
                    break
        if update is None:
            ok = self._full_rebuild(started)
            self._announce()
            return ok
        # said before the files are served: a reader of the new files reads this too
        self.last_rebuild = "incremental"
        previous = self.last
        if isinstance(update, PagesFirst):
            before = self.files
            self._serve(update.files, update.pending)
            shown: list[str] | None = self._take_warnings(update.warnings)
            self._announce()  # open pages reload now; the files no page shows follow
            took = (time.perf_counter() - started) * 1000
            try:
                update = update.finish()
            except BaseException:
                self._serve(before)  # the last good site's, whole (the fault is shown)
                raise
            self.last = update.build
            self._serve(update.build.files)
        else:
            self.last = update.build
            self._serve(update.build.files)
            shown = None if update.warnings is None else self._take_warnings(update.warnings)
            self._announce()  # open pages reload now; what is left does not change them
            took = (time.perf_counter() - started) * 1000
        del previous  # the last build's own records, let go once the pages are told
        self.release_freed_memory()
        for line in shown or ():
            print(line, file=sys.stderr)
        print(f"updated {len(update.written)} files in {took:.0f} ms", flush=True)
        return True

    def _serve(self, files: SiteFiles, making: frozenset[str] = frozenset()) -> None:
        """Serve `files`; a request for one of `making` (files an update is making after the
        reload) waits until the next call."""
        with self._made:
            self.files, self._making = files, making
            self._made.notify_all()

    def _files_for(self, key: str | None) -> SiteFiles:
        """The files to answer a request for `key` from, once `key` is not being made."""
        with self._made:
            self._made.wait_for(lambda: key not in self._making or self.stopping.is_set())
            return self.files

    def _announce(self) -> None:
        """Tell the open pages that the site changed (they reload)."""
        with self.changed:
            self.generation += 1
            self.changed.notify_all()

    def _full_rebuild(self, started: float) -> bool:
        self.last_rebuild = "full"
        self.last = None  # let the last model go while the new one is made (files still serve)
        collect_all()  # what the last build froze with its records, let go with them
        pages_made = CompressingSink()
        try:
            result = make_site(self.options, cache=self.cache, for_serve=True, sink=pages_made)
        except ContentError as error:
            self.problems = [str(p) for p in error.problems]
            self._warned = None
            for line in self.problems:
                print(line, file=sys.stderr)
            return False
        made = {path: compress(data) for path, data in result.files.items()}
        self.files = SiteFiles(dict(sorted({**pages_made.pages, **made}.items())))
        self.problems = []
        self._show_warnings(result.warnings)
        self.last = _last_build(result, self.files)
        del result, pages_made
        collect_and_freeze()  # once per full build; no update scans its records again
        self.release_freed_memory()
        pages = sum(name.endswith(".html") for name in self.files)
        print(f"rebuilt {pages} pages in {time.perf_counter() - started:.2f}s", flush=True)
        return True

    def _show_warnings(self, warnings: Sequence[Problem]) -> None:
        """Print the warnings when they are not the ones printed last."""
        for line in self._take_warnings(warnings):
            print(line, file=sys.stderr)

    def _take_warnings(self, warnings: Sequence[Problem]) -> list[str]:
        """Keep the warnings the pages show; the lines to print (none when they are the
        ones printed last, with no error printed since)."""
        shown = tuple(warnings)
        if shown == self._warned:  # (an update keeps most of them as the very same objects)
            return []
        printed = None if self._warned is None else self.warnings
        self._warned = shown
        lines = [str(p) for p in warnings]
        self.warnings = lines
        return [] if lines == printed else lines

    def note_change(self, relative: str) -> None:
        """A watched file changed: remember it and rebuild once the burst of events is over."""
        with self._pending_lock:
            self._pending.add(relative)
        self.schedule_rebuild()

    def _rebuild_pending(self) -> None:
        with self._rebuild_lock:
            self._rebuild_pending_now()

    def _rebuild_pending_now(self) -> None:
        with self._pending_lock:
            changed, self._pending = self._pending, set()
        changed = {path for path in changed if not self._came_and_went(path)}
        if not changed:  # taken by the rebuild this one waited for, or nothing to the site
            return
        try:
            self.rebuild(changed)
        except Exception as error:  # a fault of ours: show it and keep serving the last site
            reason = printable(f"{type(error).__name__}: {error}")
            self.problems = [f"error: the rebuild failed: {reason}"]
            self._warned = None
            self.last = None  # the next change rebuilds everything
            print(self.problems[0], file=sys.stderr, flush=True)
            self._announce()

    def _came_and_went(self, path: str) -> bool:
        """Whether `path` is a file in content/ other than a note that is not there now and
        that the last build did not publish: an editor's passing file (vim writes `4913`,
        and `note.md~` while saving), which changes nothing."""
        if path == HISTORY_CHANGED or path.endswith(".md") or self.last is None:
            return False
        if (self.options.source / path).exists():
            return False
        return path not in self.last.snapshot.model.site.files

    def schedule_rebuild(self) -> None:
        """Debounce: a burst of file events (an editor saving) triggers one rebuild."""
        if self._timer:
            self._timer.cancel()
        self._timer = threading.Timer(DEBOUNCE_SECONDS, self._rebuild_pending)
        self._timer.daemon = True
        self._timer.start()

    def start(self) -> None:
        self.rebuild()
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self._observer = Observer()
        watcher = _Watcher(self.options.source, self.note_change)
        self._observer.schedule(watcher, str(self.options.source), recursive=True)
        repository = git_folder(self.options.source)
        if repository is not None:  # a commit changes what git's history shows
            history = _HistoryWatcher(repository, lambda: self.note_change(HISTORY_CHANGED))
            self._observer.schedule(history, str(repository), recursive=True)
        self._observer.start()

    def stop(self) -> None:
        self.stopping.set()
        for told in (self.changed, self._made):
            with told:
                told.notify_all()
        for timer in (self._timer, self._collection):
            if timer:
                timer.cancel()
        if self._observer:
            self._observer.stop()
            self._observer.join(timeout=5)
        self.httpd.shutdown()
        self.httpd.server_close()
        self.cache.save()

    def response_for(self, request_path: str, gzip: bool = False) -> Response:
        """The answer to a request; with `gzip` (the client accepts it), the body may be
        gzip-compressed (then `encoding` says so)."""
        if urlsplit(request_path).path == RELOAD_PATH:
            return Response(HTTPStatus.OK, content_type(RELOAD_PATH), RELOAD_CODE)
        key = site_key(request_path)
        files = self._files_for(key)
        if key is not None and key not in files and f"{key}/index.html" in files:
            return Response(HTTPStatus.MOVED_PERMANENTLY, "/" + key + "/", b"")
        if not files:  # no site yet: its first build failed (the banner says why)
            page = self._decorate(NO_SITE_YET.encode("utf-8"))
            return Response(HTTPStatus.SERVICE_UNAVAILABLE, content_type("index.html"), page)
        status = HTTPStatus.OK
        if key is None or key not in files:
            status, key = HTTPStatus.NOT_FOUND, "404.html"
        kind = content_type(key)
        if kind.startswith("text/html"):
            return Response(status, kind, self._decorate(files.get(key, b"Not found")))
        if gzip:
            return Response(status, kind, files.gzipped(key), "gzip")
        return Response(status, kind, files[key])

    def _decorate(self, page: bytes) -> bytes:
        text = page.decode("utf-8")
        if self.problems:
            banner = error_banner(self.problems, bool(self.files))
            text = text.replace("<body>", "<body>" + banner, 1)
        elif self.warnings:
            text = text.replace("<body>", "<body>" + warning_banner(self.warnings), 1)
        return text.replace("</body>", RELOAD_SCRIPT + "</body>", 1).encode("utf-8")

    def wait_for_change(self, seen: int, timeout: float) -> int:
        with self.changed:
            self.changed.wait_for(
                lambda: self.generation != seen or self.stopping.is_set(), timeout
            )
            return self.generation


class _Watcher(FileSystemEventHandler):
    """Rebuild on changes to content/, site.yml or themes/; ignore our own output."""

    def __init__(self, source: Path, on_change: Callable[[str], None]) -> None:
        self.source = source.resolve()
        self.on_change = on_change

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        if event.is_directory and event.event_type == "modified":
            return  # a file in it changed, and that file has its own event
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            if not raw:
                continue
            path = Path(str(raw))
            try:
                relative = path.resolve().relative_to(self.source).parts
            except ValueError:
                continue
            if _read_by_the_build(relative):
                self.on_change("/".join(relative))


class _HistoryWatcher(FileSystemEventHandler):
    """Rebuild everything after a commit, a checkout or a reset: the pages show what git's
    history says (when each meeting was last edited, how each principle was reworded). A
    branch's tip, HEAD or the packed refs changing is such an event; git's other files (its
    objects, its index, a lock) are not."""

    def __init__(self, repository: Path, on_change: Callable[[], None]) -> None:
        self.repository = repository.resolve()
        self.on_change = on_change

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory or event.event_type in ("opened", "closed_no_write"):
            return
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            try:
                relative = Path(str(raw)).resolve().relative_to(self.repository).parts
            except ValueError:
                continue
            if raw and _moves_history(relative):
                self.on_change()
                return


def _moves_history(relative: tuple[str, ...]) -> bool:
    """Whether a change to this file of a git folder moves a branch or HEAD."""
    if relative[-1:] and relative[-1].endswith(".lock"):
        return False
    return relative in (("HEAD",), ("packed-refs",)) or relative[:2] == ("refs", "heads")


def _read_by_the_build(relative: tuple[str, ...]) -> bool:
    """site.yml, and what themes/ and content/ hold but hidden files and folders (editors'
    temporary files; in themes/ their backups too, which a build leaves out): the notes, the
    papers and images published as they are, and the site themes' templates and files."""
    if relative == ("site.yml",):
        return True
    if relative[:1] == ("themes",):
        return not left_out(Path(*relative[1:]))
    return relative[:1] == ("content",) and not any(part.startswith(".") for part in relative)


def memory_releaser() -> Callable[[], None]:
    """What gives the memory a build freed back to the system, where the C library can
    (glibc's `malloc_trim`), so that serve's memory is what it holds, not what its builds
    once used; elsewhere, nothing."""
    try:
        trim = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc
        return lambda: None
    return lambda: trim(0)


def _last_build(result: BuildResult, files: SiteFiles) -> LastBuild | None:
    if result.snapshot is None:
        return None
    environment = result.snapshot.environment
    if isinstance(environment, ThemeEnvironment):  # its templates compiled; its rows let go
        environment.rows = RowMemo()
    else:
        environment = make_environment(result.snapshot.model.site)
    return LastBuild.of(result.snapshot, files, environment, result.warnings)


def accepts_gzip(accept_encoding: str) -> bool:
    """Whether an Accept-Encoding header accepts gzip (not refused with `q=0`)."""
    for item in accept_encoding.split(","):
        name, _, params = item.partition(";")
        if name.strip().lower() not in ("gzip", "x-gzip"):
            continue
        quality = params.strip().lower().removeprefix("q=").strip()
        try:
            return not quality or float(quality) > 0
        except ValueError:
            return False
    return False


def _allowed_hosts(host: str, port: int) -> frozenset[str] | None:
    """The Host headers a request may carry: the address served, and for a loopback address
    its other names. None (any) when serving on every address, as asked with --host 0.0.0.0.
    A web page elsewhere whose name resolves to 127.0.0.1 (DNS rebinding) sends its own."""
    if host in _ANY_ADDRESS:
        return None
    names = {host.lower(), f"[{host.lower()}]"}
    if host in ("127.0.0.1", "localhost", "::1") or host.startswith("127."):
        names.update(_LOOPBACK_NAMES)
    return frozenset(f"{name}:{port}" for name in names)


def _handler_for(server: DevServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        timeout = server.idle_timeout  # for reading a request: idle connections are closed

        def do_GET(self) -> None:
            hosts = server.hosts
            if hosts is not None and (self.headers.get("Host") or "").lower() not in hosts:
                self._refuse(
                    HTTPStatus.MISDIRECTED_REQUEST,
                    f"This server answers only at {server.url}\n",
                )
                return
            if urlsplit(self.path).path == EVENTS_PATH:
                self._events()
                return
            gzip = accepts_gzip(self.headers.get("Accept-Encoding") or "")
            status, kind, body, encoding = server.response_for(self.path, gzip)
            self.send_response(status)
            if status == HTTPStatus.MOVED_PERMANENTLY:
                self.send_header("Location", kind)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_header("Content-Type", kind)
            if encoding:
                self.send_header("Content-Encoding", encoding)
            self.send_header("Vary", "Accept-Encoding")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def _refuse(self, status: HTTPStatus, text: str) -> None:
            body = text.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body)
            self.close_connection = True

        def _events(self) -> None:
            if not server.streams.acquire(blocking=False):
                self._refuse(HTTPStatus.SERVICE_UNAVAILABLE, "Too many live-reload connections\n")
                return
            try:
                self._stream_events()
            finally:
                server.streams.release()

        def _stream_events(self) -> None:
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
            except OSError:  # the tab closed (or the connection timed out)
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
