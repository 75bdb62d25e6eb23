"""Time rendering every page of a site, by template, in one process.

Run with the nominutes environment's Python: `python bench/page_kinds.py SITE`, with `--date
YYYY-MM-DD` or SOURCE_DATE_EPOCH to fix the build date (else today, as a build takes it), so
that runs on different days compare. The model is assembled as a warm build does (parsed and
validated files and rendered Markdown from SITE's build cache, which a build of SITE fills);
then every page is rendered once, in the order a build renders them, with one Jinja environment
(so rows shared between pages are reused as in a build's process), and the CPU time of each is
summed by template. Prints JSON, the most costly first: [[template, pages, seconds, milliseconds
a page, kilobytes a page], ...]. It shows which kind of page the page-rendering stage spends its
time on (as the tracker's list pages, before the fifty-second run: see docs/performance-
history.md).
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from model_stages import add_date_option, warm_model

from generator.site.render import make_environment, render_page


def measure(source: Path, day: date | None = None) -> list[list[Any]]:
    pages_model, pages = warm_model(source, day)
    site = pages_model.site
    environment = make_environment(site)
    seconds: dict[str, float] = defaultdict(float)
    counts: dict[str, int] = defaultdict(int)
    sizes: dict[str, int] = defaultdict(int)
    for page in pages:
        started = time.process_time()
        made = render_page(environment, site, page)
        seconds[page.template] += time.process_time() - started
        counts[page.template] += 1
        sizes[page.template] += len(made)
    return [
        [
            name,
            counts[name],
            round(seconds[name], 3),
            round(seconds[name] / counts[name] * 1000, 3),
            round(sizes[name] / counts[name] / 1000, 1),
        ]
        for name in sorted(seconds, key=lambda name: (-seconds[name], name))
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("source", type=Path)
    add_date_option(parser)
    args = parser.parse_args()
    print(json.dumps(measure(args.source.resolve(), args.date)))


if __name__ == "__main__":
    main()
