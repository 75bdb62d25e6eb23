"""Start-up and exit: each command imports what it needs when it runs, so `nominutes
--version` starts at once and a rebuild that changed nothing loads no renderer it does not
use; a build exits without freeing its records."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import BUILD_EPOCH, REPO, copy_site

# Run the command line in a fresh interpreter and report which packages it imported.
PROBE = """
import json, sys
from generator.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as stop:
    code = stop.code
print(json.dumps({"code": code, "modules": sorted({m.split(".")[0] for m in sys.modules}
                  | {m for m in sys.modules if m.startswith("generator.")})}))
"""
# Only some commands, or only a build that makes them, need these.
RENDERERS = {"markdown_it", "markdown_it_pyrs", "mdit_py_plugins", "feedgen", "icalendar", "rich"}
COMMANDS_ONLY = {"smtplib", "aiosmtpd", "watchdog", "playwright", "http", "ssl"}


def probed(probe: str, *args: str) -> subprocess.CompletedProcess[str]:
    """`probe` run in a fresh interpreter with the command line's `args`."""
    return subprocess.run(
        [sys.executable, "-c", probe, *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "SOURCE_DATE_EPOCH": BUILD_EPOCH},
        timeout=120,
        check=False,
    )


def imported(*args: str) -> tuple[int, set[str]]:
    done = probed(PROBE, *args)
    report = json.loads(done.stdout.splitlines()[-1])
    return report["code"], set(report["modules"])


def test_version_imports_no_stage_and_no_library() -> None:
    code, modules = imported("--version")
    assert code == 0
    assert not {m for m in modules if m.startswith("generator.")} - {
        "generator.cli",
        "generator.errors",
    }
    assert not modules & (RENDERERS | COMMANDS_ONLY | {"pydantic", "yaml", "jinja2"})


def test_a_rebuild_that_changed_nothing_imports_no_renderer(tmp_path: Path) -> None:
    site = copy_site("minimal", tmp_path / "site")
    build = ["build", "--source", str(site), "--output", str(tmp_path / "out"), "-q"]
    first_code, first = imported(*build)
    assert first_code == 0
    assert {"feedgen", "jinja2"} <= first  # a first build makes everything
    assert first & {"markdown_it", "markdown_it_pyrs"}  # (the accelerator, when installed)
    code, modules = imported(*build)
    assert code == 0
    assert "generator.build" in modules
    assert not modules & (RENDERERS | COMMANDS_ONLY | THE_MODEL)


# What only a build that goes through the model needs: validation, cross-referencing, the
# page list and Jinja.
THE_MODEL = {
    "generator.make",
    "generator.content.validate",
    "generator.content.crossref",
    "generator.site.pages",
    "generator.site.render",
    "pydantic",
    "jinja2",
}


def test_a_rebuild_after_a_body_edit_imports_markdown_but_not_the_model(tmp_path: Path) -> None:
    """A body edit is put into the page and feeds that show it without the model (see
    `build.splice_body_edits`): Markdown renders the body, and nothing else is loaded."""
    site = copy_site("minimal", tmp_path / "site")
    build = ["build", "--source", str(site), "--output", str(tmp_path / "out"), "-q"]
    assert imported(*build)[0] == 0
    note = site / "content" / "meetings" / "2024-01-15-kick-off.md"
    with note.open("a") as file:
        file.write("\nA paragraph added after the meeting.\n")
    code, modules = imported(*build)
    assert code == 0
    assert modules & {"markdown_it", "markdown_it_pyrs"}
    assert not modules & THE_MODEL  # site.yml's settings are the last build's
    assert (
        "A paragraph added after the meeting."
        in (tmp_path / "out" / "meetings" / note.stem / "index.html").read_text()
    )


# `nominutes` as installed (`cli.run`), with a note printed when the build's result is freed.
FREED_PROBE = """
import sys, weakref
from generator import build as pipeline
from generator.cli import run

made = pipeline.build

def build(*args, **kwargs):
    result = made(*args, **kwargs)
    weakref.finalize(result, print, "freed", file=sys.stderr, flush=True)
    return result

pipeline.build = build
sys.argv[0] = "nominutes"
run()
"""


def test_a_build_ends_without_freeing_its_records_one_by_one(tmp_path: Path) -> None:
    """A large site's model takes a tenth of a second or more to free object by object:
    the command exits with its result still held, and the system frees it at once."""
    site = copy_site("minimal", tmp_path / "site")
    output = str(tmp_path / "out")
    done = probed(FREED_PROBE, "build", "-q", "--source", str(site), "--output", output)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out/index.html").is_file()
    assert "freed" not in done.stderr
