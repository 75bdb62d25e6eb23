"""The command line: the only module that prints or exits.

Exit codes: 0 success, 1 content errors, 2 bad usage.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path

from generator import __version__
from generator.build import build
from generator.errors import ContentError, OutputError
from generator.model import BuildOptions

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


def build_date() -> date:
    """Today, or the date of SOURCE_DATE_EPOCH so builds can be reproduced."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), tz=UTC).date()
        except (ValueError, OverflowError, OSError):
            raise SystemExit(
                f"error: SOURCE_DATE_EPOCH must be whole seconds, not {epoch!r}"
            ) from None
    return datetime.now(tz=UTC).date()


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nominutes",
        description="Publish a policy group's meeting summaries as a website.",
    )
    parser.add_argument("--version", action="version", version=f"nominutes {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    build_cmd = commands.add_parser("build", help="build the site into the output directory")
    build_cmd.add_argument("--source", type=Path, default=Path("."), help="the site (default: .)")
    build_cmd.add_argument("--output", type=Path, default=None, help="default: SOURCE/_site")
    build_cmd.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build_cmd.add_argument("--drafts", action="store_true", help="include draft meetings")
    build_cmd.add_argument("--base-url", default=None, help="override base_url in site.yml")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    if args.command == "build":
        return run_build(args)
    return EXIT_USAGE  # pragma: no cover - argparse requires a command


def run_build(args: argparse.Namespace) -> int:
    source: Path = args.source.expanduser()
    if not source.is_dir():
        print(f"error: --source {source} is not a directory", file=sys.stderr)
        return EXIT_USAGE
    if args.base_url and not args.base_url.lower().startswith(("http://", "https://")):
        print(
            f"error: --base-url must start with http:// or https://, not {args.base_url!r}",
            file=sys.stderr,
        )
        return EXIT_USAGE
    started = time.perf_counter()
    options = BuildOptions(
        source=source.resolve(),
        output=(args.output.expanduser() if args.output else source / "_site").absolute(),
        build_date=build_date(),
        drafts=args.drafts,
        strict=args.strict,
        base_url=args.base_url,
    )
    try:
        result = build(options)
    except ContentError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        errors = sum(p.is_error for p in error.problems)
        print(f"{errors} error(s); nothing was written", file=sys.stderr)
        return EXIT_CONTENT
    except OutputError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    for warning in result.warnings:
        print(warning, file=sys.stderr)
    elapsed = time.perf_counter() - started
    pages = sum(name.endswith(".html") for name in result.files)
    print(f"wrote {pages} pages ({len(result.files)} files) to {options.output} in {elapsed:.2f}s")
    return EXIT_OK
