"""Generate a deterministic synthetic site of N meetings for benchmarks.

Each meeting is ~500 words of Markdown with 2-4 themes and 2 actions (raised, then updated at a
later meeting), like the corpus the performance issue describes; every third meeting makes a
decision, which every third such decision supersedes, and some are due for review. The same
notes, with the same front matter and dates (some in the future), are also written as a Hugo
and a Pelican project, so the three generators build identical content.

The nominutes site is written with the settings a user gets by default (search and history on,
in a git checkout with one commit, as CI checks it out) and, as `nominutes-search-off`, with
search and history switched off.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

WORDS = [
    "policy",
    "digital",
    "data",
    "users",
    "service",
    "online",
    "evidence",
    "consultation",
    "engagement",
    "team",
    "open",
    "department",
    "feedback",
    "government",
    "public",
    "scrutiny",
    "principle",
    "theme",
    "meeting",
    "action",
    "report",
    "listen",
    "share",
    "working",
    "members",
    "guidance",
    "example",
    "research",
    "business",
    "support",
    "website",
    "conversation",
    "social",
    "media",
    "transparency",
    "delivery",
    "strategy",
    "analysis",
    "audience",
]
THEMES = [f"theme-{i:02d}" for i in range(40)]
PRINCIPLES = [f"principle-{i:02d}" for i in range(12)]


def paragraph(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def body(rng: random.Random, index: int) -> str:
    parts = [paragraph(rng, 80)]
    for section in range(3):
        parts.append(f"## Section {section + 1}")
        parts.append(paragraph(rng, 70) + " See [the principles](../principles.md).")
        parts.append("- " + paragraph(rng, 12) + "\n- " + paragraph(rng, 12))
    parts.append(paragraph(rng, 60) + f" Meeting number {index} *ends* **here**.")
    return "\n\n".join(parts) + "\n"


def meetings(count: int, seed: int = 1):  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    start = date(2000, 1, 3)
    for index in range(count):
        day = start + timedelta(days=index)
        themes = sorted(rng.sample(THEMES, rng.randint(2, 4)))
        raised = [f"m{index:05d}-a{k}" for k in range(2)]
        updated = [f"m{index - 1:05d}-a{k}" for k in range(2)] if index else []
        yield index, day, themes, raised, updated, body(rng, index)


SETTINGS = (
    "title: Benchmark group\nbase_url: https://example.org/bench/\npage_size: 10\n"
    "overdue_grace_days: 100000\n"
)
SEARCH_OFF = "search: false\nhistory: false\n"


def write_nominutes(root: Path, count: int, *, defaults: bool = False) -> None:
    """The nominutes site, with search and history off (as the tests build it); with
    `defaults`, with the settings a user gets by default, committed to a new git repository."""
    (root / "content/meetings").mkdir(parents=True)
    (root / "content/themes").mkdir(parents=True)
    (root / "site.yml").write_text(SETTINGS + ("" if defaults else SEARCH_OFF))
    principles = "".join(f"  - id: {p}\n    text: Principle {p}.\n" for p in PRINCIPLES)
    (root / "content/principles.md").write_text(
        f"---\ntitle: Principles\nprinciples:\n{principles}---\nOur principles.\n"
    )
    for theme in THEMES:
        (root / f"content/themes/{theme}.md").write_text(
            f"---\ntitle: Theme {theme}\nsummary: About {theme}.\n---\nWhat {theme} covers.\n"
        )
    for index, day, themes, _, _, text in meetings(count):
        (root / f"content/meetings/{day}-meeting-{index}.md").write_text(
            f"---\n{front_matter(index, day, themes)}---\n{text}"
        )
    if defaults:
        commit(root, "The synthetic site")


CALENDAR_ZONES = ("Europe/London", "America/New_York", "Etc/UTC", None)


def with_times_and_places(root: Path, zone: str | None = "Europe/London") -> None:
    """Give a written nominutes site what its calendars have to write carefully: a time
    zone (or none: floating times), times, end times and places on most meetings, and
    long titles, places, summaries and action titles with non-ASCII characters, commas,
    semicolons, backslashes and line breaks; the latest meeting announces the next."""
    site_yml = root / "site.yml"
    site_yml.write_text(
        site_yml.read_text().replace("title: Benchmark group", "title: Bench group; «A, B»")
        + (f"timezone: {zone}\n" if zone else "")
    )
    notes = sorted((root / "content/meetings").glob("*.md"))
    for index, note in enumerate(notes):
        title = (
            f"Réunion n° {index}, «ordre du jour»; 会议 — a long title that runs past"
            f" one folded line of seventy-five octets{' ' + chr(0x1F4C5) * (index % 4)}"
        )
        if index % 5 == 0:
            title += "\\nand a second line"  # a line break, as YAML writes one
        extra = f'summary: "Summary {index}, with a backslash \\\\ and a \\\\N; done"\n'
        if index % 4:
            extra += f'time: "{9 + index % 10:02d}:{15 * (index % 4):02d}"\n'
        if index % 4 == 1:
            extra += f'end: "{10 + index % 10:02d}:30"\n'
        if index % 3:
            extra += f'location: "Salle {index % 9}, 2e étage; Bâtiment Ω{"^" * (index % 3)}"\n'
        if index == len(notes) - 1:
            later = date.fromisoformat(note.name[:10]) + timedelta(days=28)
            extra += (
                f'next_meeting:\n  date: {later}\n  time: "18:00"\n  end: "19:30"\n'
                '  location: "Café Ü, upstairs"\n'
            )
        text = note.read_text()
        head, rest = text.split("\ntitle: ", 1)
        rest = rest.split("\n", 1)[1]
        text = f'{head}\ntitle: "{title}"\n{extra}{rest}'
        text = text.replace("title: Do thing", "title: Faire la chose, n°; étape")
        note.write_text(text)


GIT_ENV = {
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.org",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.org",
    "GIT_AUTHOR_DATE": "2026-01-01T12:00:00Z",
    "GIT_COMMITTER_DATE": "2026-01-01T12:00:00Z",
}


def commit(root: Path, message: str) -> None:
    """Commit everything under `root` (a git repository made on the first call)."""
    environment = {**os.environ, **GIT_ENV}

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=root, env=environment, check=True, capture_output=True)

    if not (root / ".git").exists():
        git("init", "--quiet")
        (root / ".gitignore").write_text(".cache/\n")
    git("add", "--all")
    git("commit", "--quiet", "--no-verify", "--no-gpg-sign", "-m", message)


def front_matter(index: int, day: date, themes: list[str]) -> str:
    """One meeting's front matter (YAML, without the --- lines); Hugo gets the same."""
    raised = [f"m{index:05d}-a{k}" for k in range(2)]
    updated = [f"m{index - 1:05d}-a{k}" for k in range(2)] if index else []
    actions = "".join(
        f"  - id: {a}\n    title: Do thing {a}\n    owner: Owner {index % 7}\n"
        f"    due: {day + timedelta(days=1)}\n    themes: [{themes[0]}]\n"
        for a in raised
    ) + "".join(f"  - id: {a}\n    status: done\n    note: Done.\n" for a in updated)
    return (
        f"title: Meeting {index}\ndate: {day}\nauthors: [Author {index % 5}]\n"
        f"themes: [{', '.join(themes)}]\nprinciples: [{PRINCIPLES[index % 12]}]\n"
        f"actions:\n{actions}{decision(index, day, themes)}"
    )


def decision(index: int, day: date, themes: list[str]) -> str:
    """Every third meeting's decision (front matter lines), or nothing."""
    if index % 3:
        return ""
    lines = [
        f"  - id: d{index:05d}",
        f"    text: Decide thing {index}.",
        f"    themes: [{themes[-1]}]",
        f"    principles: [{PRINCIPLES[index % 12]}]",
    ]
    if index % 9 == 6:
        lines.append(f"    supersedes: d{index - 3:05d}")
    if index % 12 == 0:
        lines.append(f"    review: {day + timedelta(days=20)}")
    return "decisions:\n" + "".join(line + "\n" for line in lines)


def write_hugo(root: Path, count: int) -> None:
    (root / "content/meetings").mkdir(parents=True)
    (root / "layouts/_default").mkdir(parents=True)
    (root / "hugo.toml").write_text(
        'baseURL = "https://example.org/bench/"\ntitle = "Benchmark group"\n'
        "buildFuture = true\n"  # nominutes publishes future-dated meetings too
        '[pagination]\npagerSize = 10\n[taxonomies]\ntheme = "themes"\n'
    )
    base = (
        "<!DOCTYPE html><html><head><title>{{ .Title }}</title></head>"
        '<body>{{ block "main" . }}{{ end }}</body></html>'
    )
    (root / "layouts/_default/baseof.html").write_text(base)
    (root / "layouts/_default/single.html").write_text(
        '{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}'
        '{{ range .GetTerms "themes" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}'
        "{{ end }}"
    )
    (root / "layouts/_default/list.html").write_text(
        '{{ define "main" }}<h1>{{ .Title }}</h1>{{ range .Paginator.Pages }}'
        '<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}{{ end }}'
    )
    for index, day, themes, _, _, text in meetings(count):
        text = text.replace("(../principles.md)", "(/)")
        (root / f"content/meetings/{day}-meeting-{index}.md").write_text(
            f"---\n{front_matter(index, day, themes)}---\n{text}"
        )


def write_pelican(root: Path, count: int) -> None:
    (root / "content").mkdir(parents=True)
    (root / "pelicanconf.py").write_text(
        "AUTHOR = 'Bench'\nSITENAME = 'Benchmark group'\nSITEURL = ''\nPATH = 'content'\n"
        "TIMEZONE = 'UTC'\nDEFAULT_LANG = 'en'\nDEFAULT_PAGINATION = 10\nFEED_ALL_ATOM = None\n"
        "CATEGORY_FEED_ATOM = None\nRELATIVE_URLS = True\nDELETE_OUTPUT_DIRECTORY = True\n"
    )
    for index, day, themes, _, _, text in meetings(count):
        text = text.replace("(../principles.md)", "(/)")
        (root / f"content/{day}-meeting-{index}.md").write_text(
            f"Title: Meeting {index}\nDate: {day}\nTags: {', '.join(themes)}\n"
            f"Slug: {day}-meeting-{index}\n\n{text}"
        )


def main_for(count: int, destination: Path, kinds: list[str]) -> None:
    """Write the corpus for each of `kinds` ("nominutes" writes both nominutes sites)."""
    writers = {
        "nominutes": lambda root, count: write_nominutes(root, count, defaults=True),
        "nominutes-search-off": write_nominutes,
        "hugo": write_hugo,
        "pelican": write_pelican,
    }
    if "nominutes" in kinds:
        kinds = [*kinds, "nominutes-search-off"]
    for kind in kinds:
        target = destination / kind
        shutil.rmtree(target, ignore_errors=True)
        writers[kind](target, count)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("count", type=int)
    parser.add_argument("destination", type=Path)
    parser.add_argument("--kinds", default="nominutes,hugo,pelican")
    args = parser.parse_args()
    main_for(args.count, args.destination, args.kinds.split(","))


if __name__ == "__main__":
    main()
