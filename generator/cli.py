"""The command line: the only module that prints or exits (with `serve`, which logs requests).

Exit codes: 0 success, 1 content errors, 2 bad usage.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, date, datetime
from functools import partial
from itertools import repeat
from pathlib import Path
from typing import NoReturn

from generator import __version__
from generator.errors import (
    ContentError,
    OutputError,
    Problem,
    did_you_mean,
    printable,
)

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """The command was called wrongly: exit 2 with the message."""


def now() -> datetime:
    """The time now, or SOURCE_DATE_EPOCH so a dry run of `email` can be reproduced."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        build_date()  # the same check of its value
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.now(tz=UTC)


def build_date() -> date:
    """Today, or the date of SOURCE_DATE_EPOCH so builds can be reproduced."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), tz=UTC).date()
        except (ValueError, OverflowError, OSError):
            raise UsageError(f"SOURCE_DATE_EPOCH must be whole seconds, not {epoch!r}") from None
    return datetime.now(tz=UTC).date()


def _add_source(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--source",
        type=Path,
        default=None,
        help="the site folder (default: the folder holding site.yml, here or above)",
    )


def find_source(start: Path) -> Path:
    """The nearest folder, `start` or above, that holds site.yml (as git finds its
    repository); `start` itself when none does, so the missing file is reported there."""
    start = start.absolute()
    for folder in (start, *start.parents):
        if (folder / "site.yml").is_file():
            return folder
    return start


class NotASite(Exception):
    """The command needs a site, and the folder has no site.yml: exit 1 with the message."""


def source_of(args: argparse.Namespace) -> Path:
    """The site's folder: --source, else the nearest holding site.yml (UsageError when
    --source names no folder, NotASite when the folder holds no site.yml)."""
    if args.source is None:
        source = find_source(Path.cwd())
        if not (source / "site.yml").is_file():
            raise NotASite(
                "this folder is not a nominutes site (no site.yml here or above it): cd into "
                "the site, or give --source"
            )
        return source
    source = args.source.expanduser()
    if not source.exists():
        raise UsageError(f"--source: no such folder: {source}")
    if not source.is_dir():
        raise UsageError(f"--source {source} is not a folder")
    if not (source / "site.yml").is_file():
        raise NotASite(
            f"--source {source} is not a nominutes site (no site.yml in it): give --source "
            "the site's folder"
        )
    return source


def _jobs(text: str) -> int:
    """--jobs N: a whole number of processes, 1 or more."""
    try:
        jobs: int | None = int(text)
    except ValueError:
        jobs = None
    if jobs is None or jobs < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number, 1 or more, not {text!r}")
    return jobs


def _add_jobs(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--jobs",
        type=_jobs,
        default=None,
        help="processes to use (default: one per core, at most 8)",  # parallel.default_jobs
    )


def _add_format(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--format",
        choices=("text", "github", "json"),
        default="text",
        help="how problems are written: text, GitHub annotations or JSON (default: text)",
    )


def _add_quiet(command: argparse.ArgumentParser) -> None:
    command.add_argument("-q", "--quiet", action="store_true", help="print only problems")


class _Parser(argparse.ArgumentParser):
    """argparse's parser, which names an option the command does not have, with the option
    meant and the command's own usage (argparse reports it after the command's other
    errors, with the usage of `nominutes`)."""

    def parse_known_args(self, args=None, namespace=None):  # type: ignore[no-untyped-def]
        args = list(sys.argv[1:] if args is None else args)
        for option in self._options_given(args):
            if not self._has_option(option):
                known = [s for a in self._actions for s in a.option_strings if s.startswith("--")]
                self.error(f"unknown option '{option}'{did_you_mean(option, known)}")
        return super().parse_known_args(args, namespace)

    def _options_given(self, args: list[str]) -> Iterator[str]:
        """The long options in `args` that are this command's to read: those before `--`
        and before the name of a command under it."""
        commands = {
            name
            for action in self._actions
            if isinstance(action, argparse._SubParsersAction)
            for name in action.choices
        }
        for arg in args:
            if arg == "--" or arg in commands:
                return
            if arg.startswith("--"):
                yield arg.split("=", 1)[0]

    def _has_option(self, option: str) -> bool:
        """Whether `option` is one of this command's, or the start of one (as argparse
        takes it)."""
        return any(s.startswith(option) for a in self._actions for s in a.option_strings)


def make_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="nominutes",
        description="Publish a policy group's meeting summaries as a website.",
    )
    parser.add_argument("--version", action="version", version=f"nominutes {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build_cmd = commands.add_parser("build", help="build the site into the output directory")
    _add_source(build_cmd)
    build_cmd.add_argument("--output", type=Path, default=None, help="default: SOURCE/_site")
    _add_format(build_cmd)
    build_cmd.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build_cmd.add_argument("--drafts", action="store_true", help="include draft meetings")
    build_cmd.add_argument("--base-url", default=None, help="override base_url in site.yml")
    _add_quiet(build_cmd)
    build_cmd.add_argument(
        "-v", "--verbose", action="store_true", help="also say what came from the build cache"
    )
    _add_jobs(build_cmd)
    build_cmd.add_argument(
        "--no-cache", action="store_true", help="neither read nor write the cache in SOURCE/.cache"
    )

    check_cmd = commands.add_parser("check", help="validate content and links; write nothing")
    _add_source(check_cmd)
    _add_format(check_cmd)
    check_cmd.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check_cmd.add_argument(
        "--drafts", action="store_true", help="check draft meetings as if published"
    )
    _add_quiet(check_cmd)
    _add_jobs(check_cmd)

    serve_cmd = commands.add_parser("serve", help="build, serve, and rebuild on every change")
    _add_source(serve_cmd)
    serve_cmd.add_argument(
        "--host",
        default="127.0.0.1",
        help="the address to listen on (default: 127.0.0.1, this machine alone)",
    )
    serve_cmd.add_argument(
        "--port", type=int, default=8000, help="the port to serve on (default: 8000)"
    )
    serve_cmd.add_argument("--drafts", action="store_true", help="include draft meetings")

    new_cmd = commands.add_parser("new", help="scaffold new content")
    new_kinds = new_cmd.add_subparsers(dest="kind", required=True, metavar="KIND")
    meeting_cmd = new_kinds.add_parser("meeting", help="the next meeting, with open actions")
    _add_source(meeting_cmd)
    meeting_cmd.add_argument(
        "--date",
        default=None,
        help="YYYY-MM-DD (default: the latest meeting's next_meeting, else today, or tomorrow "
        "when the latest meeting is today's)",
    )
    _add_title(meeting_cmd, "the meeting's title")
    theme_cmd = new_kinds.add_parser("theme", help="a theme for meetings to discuss")
    _add_source(theme_cmd)
    _add_title(theme_cmd, "the theme's title (needed)")
    theme_cmd.add_argument(
        "--name",
        default=None,
        help="the name meetings list it by, as in themes: [digital-skills] (default: "
        "from the title)",
    )

    init_cmd = commands.add_parser("init", help="start a new site in an empty folder")
    init_cmd.add_argument(
        "directory",
        nargs="?",
        type=Path,
        default=Path("."),
        metavar="DIR",
        help="an empty or new folder (or one holding only .git); default: this folder",
    )
    init_cmd.add_argument(
        "title",
        nargs="?",
        metavar="TITLE",
        help="the group's name, the title of every page (default: an example to replace)",
    )

    upgrade_cmd = commands.add_parser(
        "upgrade",
        help="after installing a new nominutes: refresh schemas/, and name the starter's files "
        "and theme overrides that differ from this version's (it installs nothing)",
        description="Run by the nominutes a site has just moved to (`make upgrade`, or "
        ".venv/bin/nominutes upgrade): writes this version's JSON Schemas into schemas/, and "
        "names, without changing them, the starter's files (Makefile, CI workflow, .gitignore, "
        "requirements.txt, README.md) that differ from what this version's init writes, and "
        "each template or static file of a site theme that overrides this version's default.",
    )
    _add_source(upgrade_cmd)
    upgrade_cmd.add_argument(
        "--diff",
        action="store_true",
        help="also show how each differing starter file differs from this version's",
    )

    email_cmd = commands.add_parser(
        "email",
        help="send each newly published meeting to the group's list",
        description="Send each newly published meeting's summary to the addresses in site.yml "
        "`email`, through the SMTP server in NOMINUTES_SMTP_URL "
        "(smtps://user:password@host:465 or smtp+starttls://user:password@host:587). "
        "NOMINUTES_EMAIL_TO and NOMINUTES_EMAIL_BCC, where set, hold the addresses (separated "
        "by commas or new lines) instead of site.yml's `to` and `bcc`, and are never shown.",
    )
    _add_source(email_cmd)
    which = email_cmd.add_mutually_exclusive_group(required=True)
    which.add_argument("--meeting", metavar="SLUG", help="the meeting, e.g. 2013-06-12-first")
    which.add_argument(
        "--new-since",
        metavar="GIT_REF",
        help="every meeting published (added, or no longer a draft) since this commit; "
        "several are one message, the newest in full listing the others",
    )
    email_cmd.add_argument(
        "--to",
        metavar="ADDRESS",
        action="append",
        help="send the meeting to this address only, not site.yml's (repeatable), e.g. to "
        "reach a member whose address was refused and is now corrected",
    )
    email_cmd.add_argument(
        "--dry-run", metavar="DIR", type=Path, help="write SLUG.eml files here; send nothing"
    )
    return parser


def _free(_: object) -> None:
    """What a command made, let go of as it returns."""


def main(argv: Sequence[str] | None = None, keep: Callable[[object], object] = _free) -> int:
    """The command line's commands. `keep` is handed what a command made that the caller
    may hold on to rather than free (a build's records: see `run`)."""
    args = make_parser().parse_args(argv)
    # Each command imports what it needs when it runs: `--version` and `--help` stop above.
    from generator.engine.collector import collect_cycles_less_often

    collect_cycles_less_often()
    runners = {
        "build": partial(run_build, keep=keep),
        "check": run_check,
        "serve": run_serve,
        "new": run_new,
        "init": run_init,
        "upgrade": run_upgrade,
        "email": run_email,
    }
    try:
        return runners[args.command](args)
    except UsageError as error:
        print(f"error: {printable(str(error))}", file=sys.stderr)
        return EXIT_USAGE
    except NotASite as error:
        print(f"error: {printable(str(error))}", file=sys.stderr)
        return EXIT_CONTENT


def run() -> NoReturn:
    """The `nominutes` command: `main`, then an exit that skips the interpreter's teardown.

    A build holds millions of small records; freeing them one by one as Python exits is
    slow on a large site, and the system frees a process's memory at once. Output is
    flushed first; nothing else is left to run (workers have finished, locks go with the
    process, an old site is deleted by a detached process)."""
    kept: list[object] = []  # a build's records, freed by the system, not one by one
    try:
        code = main(keep=kept.append)
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        if not _reader_gone():
            raise
        _end_as_a_closed_pipe_ends()
        code = EXIT_CONTENT
    os._exit(code)


def _reader_gone() -> bool:
    """Whether what reads the output or the errors has stopped reading (`nominutes check |
    head -1`), rather than some other pipe having broken."""
    import select

    if not hasattr(select, "poll"):
        return True  # (Windows: no way to ask; the output is the pipe a command writes to)
    poll = select.poll()
    for stream in (sys.stdout, sys.stderr):
        try:
            poll.register(stream.fileno(), select.POLLOUT)
        except (OSError, ValueError):
            continue
    return any(events & select.POLLERR for _, events in poll.poll(0))


def _end_as_a_closed_pipe_ends() -> None:
    """End quietly, as git and other commands do when their reader closes the pipe: killed
    by SIGPIPE, which a shell reads as 141 (where there is no SIGPIPE, the caller exits)."""
    import signal

    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGPIPE)


def build_options(args: argparse.Namespace, output: Path | None = None):
    from generator.content.model import BuildOptions
    from generator.engine.parallel import default_jobs

    source = source_of(args)
    base_url = getattr(args, "base_url", None)
    if base_url:
        from generator.content.schema import base_url_problem  # (pydantic: only when given)

        if problem := base_url_problem(base_url):
            raise UsageError(f"--base-url: {problem}")
    return BuildOptions(
        source=source.resolve(),
        output=(output.expanduser() if output else source / "_site").absolute(),
        build_date=build_date(),
        built_at=now(),  # the build date is its day in the site's time zone
        drafts=getattr(args, "drafts", False),
        strict=getattr(args, "strict", False),
        base_url=base_url,
        jobs=getattr(args, "jobs", None) or default_jobs(),
        cache=not getattr(args, "no_cache", False),
    )


def print_problems(problems: Sequence[Problem]) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)


def as_failing(problems: Sequence[Problem], *, strict: bool) -> list[Problem]:
    """`problems`, each warning that fails the run (with --strict) shown as an error that
    says it was a warning."""
    return [p.strictly() if not p.is_error and p.fails(strict=strict) else p for p in problems]


# GitHub shows this many error annotations of a step, and as many warnings; the rest are
# dropped, without a word.
GITHUB_SHOWN = 10


def print_for_machines(problems: Sequence[Problem], form: str, *, strict: bool) -> None:
    """`problems` on standard output as `--format github` (a GitHub Actions annotation each,
    an error where it fails the run; see `print_annotations`) or `--format json` writes
    them."""
    failed = any(p.fails(strict=strict) for p in problems)
    if form == "json":
        print(json.dumps({"ok": not failed, "problems": [p.as_dict() for p in problems]}, indent=2))
    else:
        print_annotations(problems, strict=strict)


def print_annotations(problems: Sequence[Problem], *, strict: bool) -> None:
    """A GitHub Actions annotation for each of `problems`. When there are more errors or
    warnings than GitHub shows (`GITHUB_SHOWN` of each), every problem is also written as
    text, with its file and line, in a group the job's log folds; and a last annotation, a
    notice, says how many more there are and where."""
    errors = sum(p.fails(strict=strict) for p in problems)
    warnings = len(problems) - errors
    hidden = ((errors - GITHUB_SHOWN, "error"), (warnings - GITHUB_SHOWN, "warning"))
    counted = " and ".join(f"{n} more {word}{'s' * (n > 1)}" for n, word in hidden if n > 0)
    for problem in problems:
        print(problem.as_github(error=problem.fails(strict=strict)))
    if not counted:
        return
    print(
        f"::group::Every problem, with its file and line: {errors} error(s), {warnings} warning(s)"
    )
    for problem in as_failing(problems, strict=strict):
        print(problem)
    print("::endgroup::")
    print(
        f"::notice::{counted} than GitHub shows here: see the job's log, where every "
        "problem is listed with its file and line"
    )


class PlainProgress:
    """Progress for CI logs: a line every PLAIN_STEP pages, and at the end."""

    PLAIN_STEP = 500

    def __init__(self) -> None:
        self.reported = 0

    def __call__(self, done: int, total: int) -> None:
        if done - self.reported >= self.PLAIN_STEP or (done == total and done != self.reported):
            self.reported = done
            print(f"rendered {done}/{total} pages", flush=True)


@contextmanager
def progress_for(quiet: bool) -> Iterator[Callable[[int, int], None]]:
    """A rich progress bar on a terminal, plain lines in CI or a pipe, nothing when quiet."""
    if quiet:
        yield lambda done, total: None
        return
    if not sys.stdout.isatty() or os.environ.get("CI"):
        yield PlainProgress()
        return
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task("Rendering pages", total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield advance


def run_build(args: argparse.Namespace, keep: Callable[[object], object] = _free) -> int:
    from generator.build import build
    from generator.engine.search import SearchError
    from generator.inputs import DRAFTS_NOTED

    options = build_options(args, args.output)
    started = time.perf_counter()
    text = args.format == "text"
    quiet = args.quiet or args.format == "json"  # JSON alone on standard output
    try:
        with progress_for(quiet) as progress:
            result = build(options, progress)
        keep(result)
    except ContentError as error:
        problems = as_failing(error.problems, strict=args.strict)
        if text:
            print_problems(problems)
        else:
            print_for_machines(problems, args.format, strict=args.strict)
        errors = sum(p.is_error for p in problems)
        print(f"{errors} error(s); nothing was written", file=sys.stderr)
        return EXIT_CONTENT
    except OutputError as error:
        raise UsageError(str(error)) from None
    except OSError as error:  # the disk, not the content: the previous site is untouched
        where = f" {error.filename}" if error.filename else ""
        reason = printable(f"{where}: {error.strerror or error}")
        print(f"error: cannot write the site:{reason}", file=sys.stderr)
        return EXIT_USAGE
    except SearchError as error:  # Pagefind's, not the content's: nor is the site touched
        print(
            f"error: cannot make the search index: {printable(str(error))}; the site was left "
            "as it was (`search: false` in site.yml publishes it without search)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if text:
        print_problems(result.warnings)
    else:
        print_for_machines(result.warnings, args.format, strict=args.strict)
    for note in result.notes:
        if not (quiet and note.startswith(DRAFTS_NOTED)):  # --quiet: only problems
            print(printable(note), file=sys.stderr)
    elapsed = time.perf_counter() - started
    if not quiet:
        written = result.written
        pages = sum(map(str.endswith, written, repeat(".html")))
        files = len(written)
        if result.stood:
            print(
                f"nothing changed since the last build: {options.output} stands as it was "
                f"({pages} pages, {files} files), checked in {elapsed:.2f}s"
            )
            return EXIT_OK
        if options.cache and args.verbose:
            print(f"reused from the cache: {result.cache}")
        kept = len(result.kept)  # the site counted whole, then what this build made of it
        again = f" ({files - kept} made again, {kept} kept from the last build)" if kept else ""
        print(f"wrote {pages} pages ({files} files) to {options.output} in {elapsed:.2f}s{again}")
    return EXIT_OK


def run_check(args: argparse.Namespace) -> int:
    from generator.build import check

    options = build_options(args)
    problems = check(options)
    failed = any(p.fails(strict=args.strict) for p in problems)
    if args.format != "text":
        print_for_machines(problems, args.format, strict=args.strict)
    else:
        # With --strict the warnings that fail the run are errors, as build calls them.
        problems = as_failing(problems, strict=args.strict)
        print_problems(problems)
        errors = sum(p.is_error for p in problems)
        warnings = len(problems) - errors
        if not args.quiet:
            print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)
    return EXIT_CONTENT if failed else EXIT_OK


def run_serve(args: argparse.Namespace) -> int:
    from generator.serve.server import ServeError, serve

    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port must be between 1 and 65535, not {args.port}")
    # One process: forking a server that runs threads is not safe.
    options = replace(build_options(args), jobs=1)
    try:
        return serve(options, host=args.host, port=args.port)
    except ServeError as error:
        raise UsageError(str(error)) from None


def _add_title(parser: argparse.ArgumentParser, help_text: str) -> None:
    """The title, as `--title TITLE` or on its own (`nominutes new theme "Digital
    confidence"`, or its words unquoted), as people type it."""
    parser.add_argument("title_words", nargs="*", metavar="TITLE", help=help_text)
    parser.add_argument("--title", default=None, help="the same, as an option")


def _title_of(args: argparse.Namespace) -> str | None:
    words = " ".join(args.title_words) if args.title_words else None
    if args.title is not None and words not in (None, args.title):
        raise UsageError(f"two titles: '{words}' and --title '{args.title}'; give one")
    title = args.title if args.title is not None else words
    if title is None and args.kind == "theme":
        raise UsageError('a theme needs a title: nominutes new theme "Digital confidence"')
    return title


def run_new(args: argparse.Namespace) -> int:
    from generator.scaffold.create import ScaffoldError, new_meeting, new_theme

    source = source_of(args)
    title = _title_of(args)
    note = None
    try:
        if args.kind == "theme":
            path = new_theme(source, title=title or "", name=args.name)
        else:
            written = new_meeting(
                source, when=args.date, title=title, today=build_date(), built_at=now()
            )
            print_problems(written.warnings)
            path, note = written.path, written.note
    except ScaffoldError as error:
        raise UsageError(str(error)) from None
    except ContentError as error:
        print_problems(error.problems)
        return EXIT_CONTENT
    print(printable(f"wrote {path}"))
    if note:
        print(printable(f"note: {note}"))
    if args.kind == "theme":
        print(printable(f"next: list it in a meeting's themes: [{path.stem}]"))
    elif not title:  # named for its day: the page's address keeps whatever name it is given
        day = path.name[:10]
        print(
            f"next: when you give it a title, rename the file to match ({day}-budget-review.md "
            'for "Budget review") before it is published: its name is its page\'s address'
        )
    return EXIT_OK


def run_init(args: argparse.Namespace) -> int:
    from generator.scaffold.create import (
        ScaffoldError,
        init_site,
        running_requirement,
        starter_day,
    )

    requirement = running_requirement()
    try:
        written = init_site(
            args.directory.expanduser(),
            today=starter_day(now()),  # the new site's day, as its builds will take it
            requirement=requirement,
            title=args.title,
        )
    except ScaffoldError as error:
        raise UsageError(str(error)) from None
    for path in written:
        print(f"wrote {path}")
    if requirement.note:
        print(f"note: {requirement.note}")
    inside = args.directory.expanduser().resolve() == Path.cwd().resolve()
    print(
        "next: nominutes build"
        if inside
        else f"next: cd {shlex.quote(str(args.directory))} && nominutes build"
    )
    return EXIT_OK


def run_upgrade(args: argparse.Namespace) -> int:
    from generator.scaffold.create import ScaffoldError, running_requirement
    from generator.scaffold.upgrade import upgrade_site

    source = source_of(args)
    try:
        done = upgrade_site(source, today=build_date(), requirement=running_requirement())
    except ScaffoldError as error:
        raise UsageError(str(error)) from None
    shown = "" if args.source is None else f"{args.source}/"
    for name in done.refreshed:
        print(f"wrote {shown}{name}")
    if not done.refreshed:
        print(f"schemas/ already holds nominutes {__version__}'s {len(done.schemas)} schemas")
    if done.differing:
        print(
            f"differ from what nominutes {__version__}'s init writes (left as they are: "
            "compare, and copy in what you want" + ("):" if args.diff else "; --diff shows how):")
        )
        for file in done.differing:
            print(f"  {file.path}" + ("" if file.held is not None else " (not in the site)"))
    else:
        print(
            f"the Makefile, CI workflow and the starter's other files are nominutes {__version__}'s"
        )
    for file in done.differing if args.diff else ():
        for line in file.diff().splitlines():  # a Makefile's tabs shown as they are
            print("\t".join(map(printable, line.split("\t"))))
    changed = [o for o in done.overrides if not o.same]
    if changed:
        print(
            "your theme overrides these of the default theme: compare each with this "
            'version\'s, and bring in what changed (README.md, "Upgrading"):'
        )
        for override in changed:
            print(f"  {override.path}: this version's is {override.default}")
    for override in (o for o in done.overrides if o.same):
        print(
            f"note: {override.path} is the same as the default's: delete it to follow the default"
        )
    print("next: nominutes check")
    return EXIT_OK


def run_email(args: argparse.Namespace) -> int:
    from generator.mail import (
        SMTP_URL_VARIABLE,
        MailError,
        addressing,
        commented_out_at,
        compose_all,
        first_push,
        given_addresses,
        load_model,
        meeting_by_slug,
        not_published_yet,
        not_sent_yet,
        not_yet_met,
        only_to,
        published_since,
        refuse_example_addresses,
        send_messages,
        smtp_server,
        write_messages,
    )

    source = source_of(args)
    try:
        if args.to and not args.meeting:
            raise MailError("--to sends one meeting: give it with --meeting SLUG")
        only = given_addresses(args.to) if args.to else None
        site, indexes, bodies = load_model(source, build_date(), now())
        timezone = site.settings.site.timezone
        if args.meeting:
            meetings = [meeting_by_slug(site, args.meeting)]
            if meetings[0].slug != args.meeting:
                print(printable(f"--meeting {args.meeting}: {meetings[0].slug}"))
            if ahead := not_yet_met(meetings[0], now(), timezone):
                raise MailError(ahead)
            held_back = []
        else:
            published = published_since(source, args.new_since, site, now())
            meetings = published.meetings
            held_back = [not_sent_yet(m, published.at, now(), timezone) for m in published.ahead]
        addressed = addressing(site, os.environ, commented_out_at(source))
        server = None
        if args.dry_run is None:
            url = os.environ.get(SMTP_URL_VARIABLE, "").strip()
            if not url:
                raise MailError(
                    f"{SMTP_URL_VARIABLE} is not set: put the SMTP server's URL in the "
                    "environment (smtps://user:password@host:465), or use --dry-run DIR"
                )
            server = smtp_server(url)
            refuse_example_addresses(addressed)
            if unpublished := not_published_yet(source, meetings):
                raise MailError("\nerror: ".join(unpublished))
        together = None if args.meeting else args.new_since
        messages = compose_all(site, indexes, bodies, meetings, now(), addressed, together)
        if len(meetings) > 1:  # one message for them all: say which it gives in full
            *earlier, newest = meetings
            print(
                printable(
                    f"{len(meetings)} meetings were published since {args.new_since}: one "
                    f"message gives the newest, {newest.slug}, in full and lists the others: "
                    f"{', '.join(m.slug for m in reversed(earlier))}"
                )
            )
        if only:
            messages = only_to(messages, only)
        elif messages:
            for told in addressed.told:  # how many, never who
                print(told)
        # a meeting not met yet is sent by the first push on or after its day: not a failure,
        # which would make CI's next push compare from before this one and send this one's
        # meetings again
        for why in held_back:
            print(printable(f"not sent yet: {why}"))
        if args.new_since and first_push(args.new_since):
            print(
                f"--new-since {args.new_since}: this is the branch's first push (GitHub gives "
                "0000… as the commit before it), and a first push sends no meeting: what it "
                "publishes is the site's start, not news; to send one, use --meeting SLUG"
            )
        elif not messages:
            if not held_back:
                print(f"no meeting was published since {args.new_since}; nothing to send")
        elif server is None:
            for path in write_messages(messages, args.dry_run.expanduser()):
                print(f"wrote {path}")
        else:
            for subject in send_messages(messages, server):
                print(printable(f"sent '{subject}' through {server.shown()}"))
    except ContentError as error:
        print_problems(error.problems)
        print("the site has errors; nothing was sent", file=sys.stderr)
        return EXIT_CONTENT
    except MailError as error:  # it may quote the server, which may send anything
        shown = "\n".join(printable(line) for line in str(error).split("\n"))
        print(f"error: {shown}", file=sys.stderr)
        return EXIT_CONTENT
    return EXIT_OK
