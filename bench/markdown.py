"""Time rendering the bench corpus's meeting bodies with markdown-it-py and with the
markdown-it-pyrs accelerator, in one run, alternating: `python bench/markdown.py [COUNT]`.

Each body is rendered as a build renders it (note links resolved, the feed's absolute HTML
too). Prints the median and range of several runs of each, the ratio, and how many bodies the
accelerator rendered (the rest fall back to markdown-it-py).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent))
sys.path.insert(0, str(Path(__file__).parent))

import synth

from generator.site.markup import Markup


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("count", type=int, nargs="?", default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    bodies = [text for *_, text in synth.meetings(args.count)]
    note_urls = {"content/principles.md": "principles/"}
    engines = {
        "markdown-it-py": Markup(allow_html=False, accelerated=False),
        "markdown-it-pyrs": Markup(allow_html=False),
    }
    if engines["markdown-it-pyrs"]._accelerator is None:
        sys.exit("markdown-it-pyrs is not installed: pip install 'nominutes[fast]'")

    def render_all(markup: Markup) -> float:
        started = time.process_time()
        for index, body in enumerate(bodies):
            markup.render(
                body,
                source_path=f"content/meetings/m{index}.md",
                body_line=20,
                page_url=f"meetings/m{index}/",
                note_urls=note_urls,
                for_feeds=True,
            )
        return time.process_time() - started

    times: dict[str, list[float]] = {name: [] for name in engines}
    for _ in range(args.runs):
        for name, markup in engines.items():
            times[name].append(render_all(markup))
    accelerator = engines["markdown-it-pyrs"]._accelerator
    rendered = sum(
        accelerator.render(
            body, body.split("\n"), "content/meetings/m.md", 20, "meetings/m/", note_urls, None
        )
        is not None
        for body in bodies
    )
    reference = statistics.median(times["markdown-it-py"])
    print(f"{len(bodies):,} meeting bodies, median of {args.runs} runs (range):")
    for name, runs in times.items():
        median = statistics.median(runs)
        print(
            f"  {name:17} {median:.3f} s ({min(runs):.3f}–{max(runs):.3f}), "
            f"{median / len(bodies) * 1000:.3f} ms a body, {reference / median:.1f}× markdown-it-py"
        )
    print(f"  the accelerator rendered {rendered:,} of {len(bodies):,} bodies")


if __name__ == "__main__":
    main()
