"""Quick updates for `serve`: make again only the pages and files an edit to meeting files
reaches, with the pipeline's own pieces (`generator.make`).

Four ways, tried in turn. When only drafts changed (a meeting file `new meeting` wrote, a
draft's front matter edited), `update_drafts` checks them and changes nothing published. When
only meeting bodies changed, `update_bodies` makes again what
reads those meetings (their pages, the feeds that carry them). When only what meetings show
of themselves changed (a title, a summary, a time), `update_shown` puts the new records in
the model, whose pages and what each reads stay, and makes again what reads a changed key.
When meeting files changed in any other way (front matter, a file added or removed),
`update_meetings` assembles the whole model again (quick, and it finds every error) and makes
again each output that reads a key whose value changed (`site.changes`); a meeting file added
after the last meeting is put into the last indexes (`crossref.with_appended`), and only the
pages it can reach are listed again (`_pages_after_appended`). An edit to a theme,
the principles, site.yml or a template, or one with a problem to report, returns None: serve
then makes a full build (which the cache keeps quick) that reports every problem where it
belongs. The tests check that each way gives the same files as a full build.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Container, Iterable, Mapping
from dataclasses import dataclass, field, replace
from itertools import compress
from operator import is_, not_
from pathlib import Path
from typing import NamedTuple

import jinja2

from generator.content.crossref import (
    Indexes,
    Places,
    added_after_last,
    overdue_at_last,
    places_of,
    with_meeting,
)
from generator.content.load import (
    MEETINGS_DIR,
    Kind,
    Loaded,
    LoadError,
    SourceDoc,
    read_document,
    same_front_matter,
)
from generator.content.model import BuildOptions, Meeting, Site, is_placeholder
from generator.content.review import Reviewed
from generator.content.validate import author_spellings, validate_alone
from generator.engine.cache import BuildCache
from generator.errors import ContentError, Problem, in_order
from generator.inputs import Snapshot
from generator.make import (
    Parts,
    assemble_model,
    documents_read_again,
    lacks_mark,
    make_files,
    page_model,
    render_bodies,
)
from generator.serve.stored import SiteFiles
from generator.site import urls
from generator.site.calendars import CALENDARS
from generator.site.changes import (
    changed_keys,
    differs_only_in_shown,
    entries_differ,
    keeps_its_place,
    placed_as,
    shown_key_values,
)
from generator.site.exports import EXPORTS
from generator.site.keys import (
    ACTIONS,
    ALWAYS,
    DECISIONS,
    TODAY,
    action_key,
    decision_key,
    meeting_key,
    pager_key,
)
from generator.site.markup import BodySource, Fragment, ids_in, repeated_title_line
from generator.site.pages import (
    RECORD_TEMPLATES,
    SINCE_NAMED,
    YEAR_PAGE_SIZE,
    Page,
    PageModel,
    action_lists,
    build_pages,
    handed_on_after,
    list_pages,
    meeting_lists,
    page_count,
    pages_at,
    register_status_lists,
)
from generator.site.render import (
    body_sources,
    check_links,
    file_outputs,
    render_page,
    summary_of,
    unique_pages,
)
from generator.site.theme_files import marks_to_check, unmarked_problems


class Listed(NamedTuple):
    """What serve keeps of a page it made: its address and what the sitemap writes of it
    (`sitemap.entry_text`), and the first page of the list it is a page of (`urls.first_page`;
    None for the page of a meeting, an action or a decision: `pages.RECORD_TEMPLATES`)."""

    url: str
    sitemap_text: str | None
    list_url: str | None


def listed(pages: Iterable[tuple[str, Page]]) -> dict[str, Listed]:
    """What serve keeps of each page, by its output path (`pages`: each with its path)."""
    return {
        path: Listed(
            page.url,
            page.sitemap_text,
            None if page.template in RECORD_TEMPLATES else urls.first_page(page.url),
        )
        for path, page in pages
    }


def with_paths(pages: Iterable[Page]) -> list[tuple[str, Page]]:
    """Each page with its output path."""
    return [(urls.output_file(page.url), page) for page in pages]


@dataclass(frozen=True)
class LastBuild:
    """What serve keeps of its last good build.

    Its snapshot holds no pages (an update lists again those it must: `listed` keeps what
    the sitemap shows of each) and only the documents that validation must read again
    (`make.documents_read_again`): every other meeting's validated record, in the model,
    stands in for its document, as a build's cache does.
    """

    snapshot: Snapshot
    files: SiteFiles  # by output path
    environment: jinja2.Environment
    # Where each record of the model's indexes sits, for the next edit to what a meeting
    # shows; None after a new meeting file, until such an edit finds them (`places_found`).
    places: Places | None
    listed: Mapping[str, Listed]  # each page, by output path
    parts: Parts = field(
        default_factory=dict
    )  # of the files made of parts, once an update made them
    # The review of the last model: the warnings of each record, which the next one's very
    # same records keep (`review.reviewed`).
    review: Reviewed | None = None

    @classmethod
    def of(
        cls,
        snapshot: Snapshot,
        files: SiteFiles,
        environment: jinja2.Environment,
        warnings: Iterable[Problem],
        parts: Parts | None = None,
        pages: Mapping[str, Listed] | None = None,
        *,
        find_places: bool = True,
        review: Reviewed | None = None,
    ) -> LastBuild:
        """What to keep of a build (or an update) that made `snapshot` with `warnings`, the
        parts of its files (`parts`, or the build's own, in its snapshot) and its pages
        (`pages`, or the build's, in its snapshot); where each record sits, unless not
        `find_places`; the model's `review`."""
        warned = {p.path for p in warnings}
        docs = documents_read_again(snapshot.docs.values(), snapshot.model.site, warned)
        parts = snapshot.parts if parts is None else parts
        pages = listed(with_paths(snapshot.pages)) if pages is None else pages
        kept = replace(snapshot, docs=docs, pages=(), parts={}, environment=None, review=None)
        places = places_of(snapshot.model.indexes) if find_places else None
        review = snapshot.review if review is None else review
        return cls(kept, files, environment, places, pages, parts, review)

    @property
    def model(self) -> PageModel:
        return self.snapshot.model

    def places_found(self) -> Places:
        """Where each record of the model's indexes sits (found now, if it was not)."""
        return places_of(self.model.indexes) if self.places is None else self.places

    def drafts_left_out(self) -> frozenset[str]:
        """The meeting files the build read and did not publish: its drafts (none with
        `--drafts`, which publishes them)."""
        published = {m.path for m in self.model.site.meetings}
        return frozenset(
            path
            for path, doc in self.snapshot.docs.items()
            if doc.kind is Kind.MEETING and path not in published
        )


@dataclass(frozen=True)
class Update:
    build: LastBuild
    written: tuple[str, ...]  # output paths whose bytes changed
    # Every warning of the updated site; None when the edit cannot have changed them.
    warnings: tuple[Problem, ...] | None = None


@dataclass(frozen=True)
class PagesFirst:
    """An update whose pages are made, and the files no page shows (the sitemap, feeds,
    calendars and exports) not yet: serve tells the open pages to reload, then makes them
    (`finish`), and answers a request for one of them (`pending`) once they are made."""

    files: SiteFiles  # the pages made again; every other file as it was
    pending: frozenset[str]  # the files `finish` makes again or adds, by output path
    warnings: tuple[Problem, ...]  # every warning of the updated site
    finish: Callable[[], Update]  # the update with those files made


def update_drafts(
    last: LastBuild, options: BuildOptions, changed: Iterable[str], cache: BuildCache
) -> Update | None:
    """The site after the `changed` meeting files, if each is a draft this build leaves out
    (new, edited or removed) that validates with no problem: nothing published changes.
    None otherwise."""
    if options.drafts:
        return None
    published = {m.path for m in last.model.site.meetings}
    docs = dict(last.snapshot.docs)
    source = options.source.resolve()
    for path in sorted(changed):
        if not _is_meeting_file(path) or path in published:
            return None
        if not (source / path).is_file():
            docs.pop(path, None)  # no longer there: a draft, as it was not published
            continue
        try:
            doc = read_document(source, path, Kind.MEETING)
        except LoadError:
            return None
        if not _still_a_draft(last, options, doc):
            return None
        docs[path] = doc  # validated again by `update_meetings`, as every draft is
    snapshot = replace(last.snapshot, docs=docs)
    return Update(replace(last, snapshot=snapshot), ())


def _still_a_draft(last: LastBuild, options: BuildOptions, doc: SourceDoc) -> bool:
    """Whether `doc` is a draft that validates, on its own, with no problem at all."""
    published = _published_alone(last, options, doc)
    return published is not None and not published


def update_bodies(
    last: LastBuild, options: BuildOptions, changed: Iterable[str], cache: BuildCache
) -> Update | None:
    """The site after edits to the bodies of `changed` meetings, or None if more changed."""
    edited = _edited_bodies(last, options, set(changed))
    if edited is None:
        return None
    meetings = {m.path: m for m in last.model.site.meetings}
    model, docs = last.model, dict(last.snapshot.docs)
    reached: set[str] = set()
    for doc in edited:
        docs[doc.path] = doc  # its meeting's record holds the old body: validated again next
        meeting = meetings.get(doc.path)
        if meeting is None:  # a draft, which this build leaves out
            continue
        new_model = _with_new_body(model, meeting, doc, cache, last.files)
        if new_model is None:
            return None
        model = new_model
        reached.add(meeting_key(meeting.slug))
    # The body is the meeting's own: which pages there are, and what each reads, stay.
    reads = last.snapshot.reads
    stale = {path for path, keys in reads.items() if not keys.isdisjoint(reached)}
    again = _made_again(last, model, stale, reached)
    if again is None:
        return None
    made, parts = again
    snapshot = replace(last.snapshot, docs=docs, model=model)
    files, written = last.files.updated(made)
    kept_parts = {**last.parts, **parts}
    build = replace(last, snapshot=snapshot, files=files, parts=kept_parts)
    return Update(build, tuple(sorted(written)))


def _made_again(
    last: LastBuild, model: PageModel, stale: set[str], reached: set[str]
) -> tuple[dict[str, bytes], Parts] | None:
    """The `stale` outputs made from `model`, whose pages and files are the last build's.
    The files that read everything are left as they are: the theme's, and the sitemap and
    robots.txt, which list the pages (the same ones). None when a page made again gains or
    loses the search mark its template should give it (the warnings change: see
    `make.lacks_mark`)."""
    # No page list is kept: the sitemap, the one file made from the pages, is not made here.
    outputs, _ = file_outputs(model, (), only=stale)
    pages = pages_at(model, stale - {out.path for out in outputs})
    files = _rendered(last.environment, model.site, ((urls.output_file(p.url), p) for p in pages))
    if files is None:
        return None
    unmarked = _unmarked_after(last, model.site, with_paths(pages), files, last.snapshot.reads)
    if unmarked != last.snapshot.unmarked:
        return None
    problems: list[Problem] = []
    # (git's history, which dates the sitemap's entries, is the same: an edit to it builds all)
    wanted = (out for out in outputs if out.path in stale and ALWAYS not in out.reads)
    made, parts, _ = make_files(wanted, problems, last.parts, reached)
    files.update(made)
    return files, parts


def _rendered(
    environment: jinja2.Environment, site: Site, pages: Iterable[tuple[str, Page]]
) -> dict[str, bytes] | None:
    """Each page rendered, by its path; None when a template fails on one: a full build
    renders every page, and reports each template's mistakes, not the first alone."""
    try:
        return {path: render_page(environment, site, page) for path, page in pages}
    except ContentError:
        return None


def _edited_bodies(
    last: LastBuild, options: BuildOptions, changed: set[str]
) -> list[SourceDoc] | None:
    """The changed meeting files whose front matter is exactly as before (None otherwise)."""
    edited = []
    meetings = {m.path: m for m in last.model.site.meetings}
    for path in sorted(changed):
        old = last.snapshot.docs.get(path)
        if path not in meetings if old is None else old.kind is not Kind.MEETING:
            return None
        try:
            doc = read_document(options.source.resolve(), path, Kind.MEETING)
        except LoadError:
            return None
        if old is None:
            if not _same_record(last, options, doc, meetings[path]):
                return None
        elif not same_front_matter(old, doc):
            return None
        body_before = (old or meetings[path]).body
        if is_placeholder(body_before) or is_placeholder(doc.body):
            return None  # the warning about `new meeting`'s placeholder comes or goes
        if doc.body != body_before:
            edited.append(doc)
    return edited


def _same_record(last: LastBuild, options: BuildOptions, doc: SourceDoc, meeting: Meeting) -> bool:
    """Whether `doc` validates, with no problem, to `meeting` but for its body (then its
    front matter changes nothing the site shows or warns about)."""
    return _published_alone(last, options, doc) == (replace(meeting, body=doc.body),)


def _with_new_body(
    model: PageModel,
    meeting: Meeting,
    doc: SourceDoc,
    cache: BuildCache,
    files: SiteFiles,
) -> PageModel | None:
    """The model with the meeting's new body, unless that changes more than what reads the
    meeting or one of its links is wrong (then a full build reports it)."""
    page_url = urls.meeting(meeting.slug)
    wanted = [BodySource(doc.path, doc.body, doc.body_line, page_url, meeting.title)]
    fragment = render_bodies(model.site, cache, wanted)[doc.path]
    before = model.bodies[doc.path]
    if fragment.problems or before.problems:
        return None  # a full build reports them where they belong
    if ids_in(fragment.html.encode()) != ids_in(before.html.encode()):
        return None  # another note may link to a heading of this one
    if check_links(model.site, {doc.path: fragment}, files, files.__getitem__):
        return None
    if meeting.summary is None and fragment.first_paragraph != before.first_paragraph:
        return None  # the summary shows on lists, calendars and feeds
    return replace(model, bodies={**model.bodies, doc.path: fragment})


def update_shown(
    last: LastBuild, options: BuildOptions, changed: Iterable[str], cache: BuildCache
) -> Update | None:
    """The site after edits to what the `changed` meetings show of themselves (see
    `changes.differs_only_in_shown`), or None if more changed or an edited file has a problem."""
    meetings = {m.path: m for m in last.model.site.meetings}
    model, docs, places = last.model, dict(last.snapshot.docs), last.places
    for path in sorted(changed):
        old = meetings.get(path)
        if old is None:  # not published
            return None
        try:
            doc = read_document(options.source.resolve(), path, Kind.MEETING)
        except LoadError:
            return None
        # A document kept is one with a warning, or whose body was edited since the record
        # was made: then what it validates to, if that has no problem, is the record to compare.
        kept = docs.pop(path, None)
        shown = old if kept is None else _validated(last, options, kept)
        new = _validated(last, options, doc)
        if shown is None or new is None:
            return None
        if new == old:
            continue
        # No warning points into a file whose document was not kept, so where its entries
        # are written may move (a line added above them) with what they say the same.
        if not differs_only_in_shown(shown, new if kept is not None else placed_as(new, shown)):
            return None
        if not keeps_its_place(old, new, model.site.meetings):
            return None  # its time moved it among the meetings of its day
        found = last.places_found() if places is None else places  # the first record put in
        recorded = _with_record(model, found, old, new, cache)
        if recorded is None:
            return None
        model, places = recorded
    if _authors_warned_otherwise(last.model.site, model.site):
        return None  # a full build reports it
    slugs = {meetings[path].slug for path in changed if path in meetings}
    before, after = shown_key_values(last.model, slugs), shown_key_values(model, slugs)
    keys = {ALWAYS, *(key for key, value in after.items() if before.get(key) != value)}
    # What reads `always` is made again but for the content's own files (the files that read
    # it list no meeting: see `_made_again`).
    published = {urls.published_file(path) for path in model.site.files}
    stale = {
        path
        for path, read in last.snapshot.reads.items()
        if not keys.isdisjoint(read) and path not in published
    }
    again = _made_again(last, model, stale, keys)
    if again is None:
        return None
    made, parts = again
    files, written = last.files.updated(made)
    snapshot = replace(last.snapshot, model=model, docs=docs)
    parts = {**last.parts, **parts}
    build = replace(last, snapshot=snapshot, files=files, places=places, parts=parts)
    return Update(build, tuple(sorted(written)))


def _authors_warned_otherwise(before: Site, after: Site) -> bool:
    """Whether the authors' names of `after`'s meetings are warned of other than `before`'s
    (`validate.author_spellings` looks across the meetings, which `validate_alone` cannot)."""
    pairs = zip(before.meetings, after.meetings, strict=True)
    if all(old is new or old.authors == new.authors for old, new in pairs):
        return False
    told_apart = after.settings.site.different_people
    was = author_spellings(before.meetings, told_apart)
    return author_spellings(after.meetings, told_apart) != was


def _validated(last: LastBuild, options: BuildOptions, doc: SourceDoc) -> Meeting | None:
    """The meeting `doc` validates to, on its own, if it has no problem at all."""
    published = _published_alone(last, options, doc)
    return published[0] if published is not None and len(published) == 1 else None


def _published_alone(
    last: LastBuild, options: BuildOptions, doc: SourceDoc
) -> tuple[Meeting, ...] | None:
    """The meetings a site of `doc` and the last build's settings, themes and principles
    publishes (none for a draft), or None if `doc` has any problem."""
    alone = validate_alone(doc, last.snapshot.docs.values(), options)
    if alone is None or alone.problems:
        return None
    return alone.published


def _with_record(
    model: PageModel, places: Places, old: Meeting, new: Meeting, cache: BuildCache
) -> tuple[PageModel, Places] | None:
    """The model with a meeting's new record, which changed only what it shows, and where
    the records of its indexes now sit; its body rendered again if it moved (the same HTML,
    with its links' positions where they now are) or its first heading now repeats its title,
    or no longer does (a warning); None if that finds a problem."""
    site = model.site
    at = next(i for i, meeting in enumerate(site.meetings) if meeting is old)
    site = replace(site, meetings=(*site.meetings[:at], new, *site.meetings[at + 1 :]))
    bodies = model.bodies
    repeats = repeated_title_line(new.body, new.title)
    if new.body_line != old.body_line or repeats != repeated_title_line(old.body, old.title):
        moved = BodySource(new.path, new.body, new.body_line, urls.meeting(new.slug), new.title)
        bodies = {**bodies, **render_bodies(site, cache, [moved])}
        if bodies[new.path].problems or model.bodies[old.path].problems:
            return None  # a full build reports it, or drops the warning it no longer has
    today = site.settings.build_date
    summaries = {**model.summaries, new.slug: summary_of(new, bodies[new.path], today)}
    indexes, places = with_meeting(model.indexes, places, old, new)
    model = replace(model, site=site, indexes=indexes, bodies=bodies, summaries=summaries)
    return model, places


def update_meetings(
    last: LastBuild, options: BuildOptions, changed: Iterable[str], cache: BuildCache
) -> PagesFirst | None:
    """The site after any edits to meeting files, its pages made first (see `PagesFirst`),
    or None if other files changed or there is a problem to report (a full build reports it)."""
    edited = set(changed)
    docs = _reloaded_meetings(last, options.source, edited)
    if docs is None:
        return None
    before = last.model.site
    unchanged, validated = _unchanged(last, docs, edited)
    # Git's view and the content files are as they were (an edit to either rebuilds all).
    loaded = Loaded(tuple(docs.values()), (), validated, files=before.files)
    try:
        assembled = assemble_model(
            loaded, options, unchanged, before.history, last.model.indexes, last.review
        )
    except ContentError:
        return None
    site, indexes = assembled.site, assembled.indexes
    new = added_after_last(before.meetings, site.meetings)
    if new is None:
        bodies = _bodies(last.model, site, cache)
        model = None if bodies is None else page_model(site, indexes, bodies)
    else:
        bodies = _bodies_appended(last.model, site, new, cache)
        model = None if bodies is None else _model_appended(last.model, site, indexes, bodies, new)
    if bodies is None or model is None:
        return None
    keys = changed_keys(last.model, model)
    listing = _all_pages(model) if new is None else _pages_after_appended(last, model, new, keys)
    if listing is None:
        return None
    pages, reads, entries = listing
    old_reads = last.snapshot.reads
    # The exports list every action and decision: when none of them changed, nor what else
    # the exports read, they are not listed again and read what they read.
    exports_stand = not site.files and _exports_stand(last.model, model, keys)
    only = CALENDARS if exports_stand else None  # (the calendars, feeds and the rest listed)
    outputs, collisions = file_outputs(model, list(entries.values()), only)
    if collisions:
        return None
    if exports_stand:
        reads.update((path, old_reads[path]) for path in EXPORTS)
    problems: list[Problem] = []
    paths = [path for path, _ in pages]
    reads.update((out.path, out.reads) for out in outputs)
    # An output is made again when a key it reads changed, or it reads other keys (a page of
    # a list that holds other meetings reads other cards), as a build's plan decides. A page
    # not listed again reads what it read, and no key that changed.
    stale = {
        path
        for path in [*paths, *(out.path for out in outputs)]
        if path not in last.files
        or not keys.isdisjoint(read := reads[path])
        or read != old_reads.get(path)
    }
    made = _rendered(
        last.environment, site, ((path, page) for path, page in pages if path in stale)
    )
    if made is None:
        return None
    # The files that read `always` (the theme's, robots.txt, the content files published as
    # they are) are made with the pages; the others, which no page shows, after the reload.
    now = [out for out in outputs if out.path in stale and ALWAYS in out.reads]
    later = [out for out in outputs if out.path in stale and ALWAYS not in out.reads]
    made_files, parts, _ = make_files(now, problems, last.parts, keys)
    made.update(made_files)
    gone = [path for path in old_reads if path not in reads]
    files, written = last.files.updated(made, gone)
    pending = frozenset(out.path for out in later)
    link_problems = check_links(site, bodies, _Outputs(files, pending), files.__getitem__)
    if problems or any(p.is_error for p in link_problems):
        return None
    unmarked = _unmarked_after(last, site, pages, made, reads)
    warnings = tuple(
        in_order([*assembled.warnings, *link_problems, *unmarked_problems(site, unmarked)])
    )
    kept_parts = {path: p for path, p in last.parts.items() if path not in gone}

    def finish() -> Update:
        """The update with the files no page shows made (none can have a problem: only a
        content file, made with the pages, can fail to be read)."""
        later_made, later_parts, _ = make_files(later, problems, last.parts, keys)
        if problems:
            raise ContentError(problems)
        whole, written_later = files.updated(later_made)
        build = LastBuild.of(
            Snapshot(docs, model, (), reads, unmarked=unmarked),
            whole,
            last.environment,
            warnings,
            {**kept_parts, **parts, **later_parts},
            entries,
            find_places=False,  # the next front-matter edit finds them, if there is one
            review=assembled.review,
        )
        return Update(build, tuple(sorted(written | written_later)), warnings)

    return PagesFirst(files, pending, warnings, finish)


@dataclass(frozen=True)
class _Outputs:
    """The paths of the site's files once those still to make (`pending`) are made."""

    files: SiteFiles
    pending: frozenset[str]

    def __contains__(self, path: object) -> bool:
        return path in self.files or path in self.pending


def _unmarked_after(
    last: LastBuild,
    site: Site,
    pages: Iterable[tuple[str, Page]],
    made: Mapping[str, bytes],
    reads: Collection[str],
) -> dict[str, str]:
    """The pages without the search mark their template of the site's own theme should give
    them (see `make.lacks_mark`) once the pages `made` are in the site: the last build's,
    but those made again or gone, and those made now."""
    checked = marks_to_check(site)
    found = {
        path: template
        for path, template in last.snapshot.unmarked.items()
        if path in reads and path not in made
    }
    found.update(
        (path, page.template)
        for path, page in pages
        if path in made and lacks_mark(page, made[path], checked)
    )
    return found


# Pages listed, each with its output path; what every page reads, and what serve keeps of it.
Listing = tuple[list[tuple[str, Page]], dict[str, frozenset[str]], dict[str, Listed]]


def _all_pages(model: PageModel) -> Listing | None:
    """Every page of `model` (see `Listing`; None if two share a path: a full build reports
    it)."""
    pages, problems = unique_pages(build_pages(model))
    if problems:
        return None
    found = with_paths(pages)
    return found, {path: page.reads for path, page in found}, listed(found)


def _lists_kept(old: PageModel, new: PageModel) -> set[str]:
    """The first pages' addresses of the themes, principles and lists of the tracker and the
    register whose pages list what they listed: the lists they are made from are the very
    same (a theme's meetings, outstanding actions and decisions; a principle's meetings; a
    list's actions; the decisions in force and superseded, which the register's lists by
    status are cut from, or a theme's decisions)."""
    theme_lists = ("meetings_by_theme", "outstanding_by_theme", "decisions_by_theme")
    themes = entries_differ(old, new, theme_lists)
    principles = entries_differ(old, new, ["meetings_by_principle"])
    kept = {urls.theme(t.slug) for t in new.site.themes if t.slug not in themes}
    kept.update(
        urls.principle(p.id) for p in new.site.principles.principles if p.id not in principles
    )
    before = {found.url: found.actions for found in action_lists(old)}
    kept.update(found.url for found in action_lists(new) if found.actions is before.get(found.url))
    was, now = old.indexes, new.indexes
    if was.decisions_in_force is now.decisions_in_force and (
        was.decisions_superseded is now.decisions_superseded
    ):
        kept.add(urls.decisions())
        kept.update(first for first, _, _ in register_status_lists(new))  # cut from those
    decided = entries_differ(old, new, ["decisions_by_theme"])
    kept.update(urls.decisions_by_theme(s) for s in now.decisions_by_theme if s not in decided)
    return kept


def _closed_lists_grown(
    old: PageModel, new: PageModel, kept: Container[str], keys: Collection[str]
) -> list[str]:
    """The first pages' addresses of the tracker's lists of closed actions (the newest
    closed first) that hold the very same actions as before with others added at their
    front, cut into as many pages: as for a list of meetings, their pages after the second
    are as they were (`paginate_newest_first`)."""
    before = {found.url: found.actions for found in action_lists(old) if found.closed}
    grown = []
    for found in action_lists(new):
        was = before.get(found.url)
        if was is None or found.url in kept or pager_key(found.url) in keys:
            continue
        added = len(found.actions) - len(was)
        if added >= 0 and all(map(is_, found.actions[added:], was)):
            grown.append(found.url)
    return grown


def _pages_after_appended(
    last: LastBuild, model: PageModel, new: Meeting, keys: Collection[str]
) -> Listing | None:
    """The pages to list again once meeting `new` is added after the last (see
    `_all_pages`), with what every page reads and what serve keeps of it: every page of a
    list but those of the themes and principles whose lists are the very same
    (`_lists_kept`) and, of a list of meetings or of closed actions still cut into as many
    pages, the pages after its second (`new` joins it at its front, or adds actions it
    closed there, where the first two pages alone hold others now: `paginate_newest_first`,
    `_closed_lists_grown`), and the archive's pages; the pages of meetings, actions and
    decisions, the agenda pack and the pages of the lists kept are kept as they were listed
    unless they read a key that changed (`keys`), or are the new meeting's, the one's before
    it, those of the actions and decisions it raised or made, the pack if it names an
    action, the first two pages of such a list, or the archive's page that lists the new
    meeting (None if two pages share a path)."""
    old_reads, idx = last.snapshot.reads, model.indexes
    kept_lists = _lists_kept(last.model, model)
    grown = [
        url
        for url in meeting_lists(model)
        if url not in kept_lists and pager_key(url) not in keys  # as many pages
    ]
    grown += _closed_lists_grown(last.model, model, kept_lists, keys)
    kept_lists.update(grown)  # their pages after the second
    # The archive, whose years' pages hold the very same meetings but the page `new` joins
    # at the end of its year (`_archive_pages`, oldest first): a page reads its year's
    # count of pages and the years, so a year or a page added makes the others again.
    kept_lists.update([urls.archive(), *map(urls.archive_year, last.model.meetings_by_year)])
    # The agenda pack, whose keys name what it shows (`pages._next_reads`), with the actions
    # a meeting after the latest held names: the new meeting's, when it names one.
    kept_lists.add(urls.next_meeting())
    entries = {
        path: entry
        for path, entry in last.listed.items()
        if (first := entry.list_url) is None or first in kept_lists
    }
    reads = dict(zip(entries, map(old_reads.__getitem__, entries), strict=True))
    changed = set(keys)
    wanted = set(compress(reads, map(not_, map(changed.isdisjoint, reads.values()))))
    previous = idx.previous[new.slug]
    wanted.update(
        urls.output_file(url)
        for url in (
            urls.meeting(new.slug),
            *([urls.meeting(previous.slug)] if previous else []),
            *(urls.action(action.id) for action in idx.raised_at[new.slug]),
            *(urls.decision(decision.id) for decision in idx.decided_at[new.slug]),
            *([urls.next_meeting()] if idx.raised_at[new.slug] or idx.updated_at[new.slug] else []),
            _archive_page_of(model, new),
        )
    )
    fronts = (urls.paged(url, page) for url in grown for page in (1, 2))
    wanted.update(path for url in fronts if (path := urls.output_file(url)) in entries)
    records = pages_at(model, wanted)
    pages, problems = unique_pages([*list_pages(model, kept_lists), *records])
    if problems or len(records) != len(wanted):
        return None
    found = with_paths(pages)
    for path, entry in listed(found).items():
        if path not in wanted and path in entries:
            return None  # a page where a meeting's, action's or decision's page is
        entries[path] = entry
    reads.update((path, page.reads) for path, page in found)
    return found, reads, entries


def _archive_page_of(model: PageModel, meeting: Meeting) -> str:
    """The address of the archive's page that lists `meeting`, the last of its year."""
    year = meeting.date.year
    count = page_count(len(model.meetings_by_year[year]), YEAR_PAGE_SIZE)
    return urls.paged(urls.archive_year(year), count)


def _is_meeting_file(path: str) -> bool:
    folder, _, name = path.rpartition("/")
    return folder == MEETINGS_DIR and name.endswith(".md") and not name.startswith(".")


def _reloaded_meetings(
    last: LastBuild, source: Path, changed: set[str]
) -> dict[str, SourceDoc] | None:
    """The documents with the changed meeting files read again (None for any other file)."""
    if not changed or not all(_is_meeting_file(path) for path in changed):
        return None
    docs = dict(last.snapshot.docs)
    for path in sorted(changed):
        if not (source / path).is_file():
            docs.pop(path, None)
            continue
        try:
            docs[path] = read_document(source.resolve(), path, Kind.MEETING)
        except LoadError:
            return None
    others = [doc for doc in docs.values() if doc.kind is not Kind.MEETING]
    meetings = sorted((doc for doc in docs.values() if doc.kind is Kind.MEETING), key=_path)
    return {doc.path: doc for doc in [*others, *meetings]}


def _path(doc: SourceDoc) -> str:
    return doc.path


def _unchanged(
    last: LastBuild, docs: Mapping[str, SourceDoc], changed: set[str]
) -> tuple[dict[str, Meeting], tuple[Meeting, ...]]:
    """The last build's meetings whose files were not read again: those whose documents
    are kept (validated again for their warnings, by path) and the others (taken as they
    are, in place of documents). A body edit keeps the meeting's old Markdown in its record
    (only its HTML is new), so those are left out; so are the files read again."""
    before = last.snapshot.docs
    with_docs: dict[str, Meeting] = {}
    without: list[Meeting] = []
    for m in last.model.site.meetings:
        doc = docs.get(m.path)
        if doc is None:
            if m.path not in changed:  # neither read again nor removed
                without.append(m)
        elif doc is before.get(m.path) and doc.body == m.body:
            with_docs[m.path] = m
    return with_docs, tuple(without)


def _exports_stand(old: PageModel, new: PageModel, keys: Collection[str]) -> bool:
    """Whether the actions' and decisions' exports read what they read and none of it
    changed (`keys`): the same number of actions and decisions, and no key of theirs changed
    (an action or decision added or removed changes its own key)."""
    before, after = old.indexes, new.indexes
    return (
        len(before.actions) == len(after.actions)
        and len(before.decisions) == len(after.decisions)
        and not any(key in _EXPORTS_READ or key.startswith(_RECORD_KEYS) for key in keys)
    )


# The keys the exports read besides each action's and decision's own (`exports.export_outputs`).
_EXPORTS_READ = frozenset([ACTIONS, DECISIONS, TODAY])
_RECORD_KEYS = (action_key(""), decision_key(""))


def _bodies_appended(
    before: PageModel, site: Site, new: Meeting, cache: BuildCache
) -> dict[str, Fragment] | None:
    """Every body as HTML once meeting `new` is added after the last, every other meeting
    the very same record (`added_after_last`): the new meeting's rendered, every other
    meeting's as it was (a link to a note that does not exist is an error, so no body of the
    last good build links to the new one), a theme's or the principles' rendered again only
    if it differs (None if that finds a problem)."""
    notes = body_sources(replace(site, meetings=()))  # the themes' and the principles'
    old_notes = {source.path: source for source in body_sources(replace(before.site, meetings=()))}
    again = [BodySource(new.path, new.body, new.body_line, urls.meeting(new.slug), new.title)]
    again += [source for source in notes if old_notes.get(source.path) != source]
    fresh = render_bodies(site, cache, again)
    if any(fragment.problems for fragment in fresh.values()):
        return None
    return {**before.bodies, **fresh}


def _model_appended(
    before: PageModel,
    site: Site,
    indexes: Indexes,
    bodies: Mapping[str, Fragment],
    new: Meeting,
) -> PageModel:
    """`make.page_model`'s model once meeting `new` is added after the last: every other
    meeting's summary as it was (made from its very same record and body), the new one's
    made, unless the build date moved (then every summary is made again); the actions each
    name handed on and those still overdue found for the new meeting's actions alone."""
    today = site.settings.build_date
    if before.site.settings.build_date != today:
        return page_model(site, indexes, bodies)
    summaries = {**before.summaries, new.slug: summary_of(new, bodies[new.path], today)}
    model = PageModel(site, indexes, bodies, summaries, urls.owner_urls(indexes))
    named = vars(before).get("overdue_named")  # (a cached property: when worked out)
    if named is not None and site.meetings and site.meetings[-1] is new:
        # Every earlier meeting leaves the same actions still overdue: only the new one's
        # are found, and each action named is the new model's record of it.
        by_id = indexes.action_by_id
        found = {slug: tuple(by_id[a.id] for a in actions) for slug, actions in named.items()}
        last = overdue_at_last(site.meetings, indexes.actions, SINCE_NAMED)
        if last:
            found[new.slug] = last
        vars(model)["overdue_named"] = found
    handed = vars(before).get("handed_on")  # (a cached property: when worked out)
    if handed is not None and site.meetings and site.meetings[-1] is new:
        # Only the actions the new meeting names can be handed on otherwise.
        touched = {entry.id for entry in new.actions}
        vars(model)["handed_on"] = handed_on_after(handed, indexes.action_by_id, touched)
    return model


def _bodies(before: PageModel, site: Site, cache: BuildCache) -> dict[str, Fragment] | None:
    """Every body as HTML: the old HTML where the body and what its links can point at are
    the same, the rest rendered again (None if that finds a problem)."""
    # A link to a note that does not exist is an error, so a note added (a new meeting
    # file) changes no body of the last good build: only a note moved or removed does.
    # A meeting that is the very same record has the very same body and page.
    was = {m.path: m for m in before.site.meetings}
    now = {m.path: m for m in site.meetings}
    moved = tuple(m for path, m in was.items() if now.get(path) is not m)
    old_urls = urls.source_urls(replace(before.site, meetings=moved))
    new_urls = urls.source_urls(
        replace(site, meetings=tuple(now[m.path] for m in moved if m.path in now))
    )
    same_links = all(new_urls.get(path) == url for path, url in old_urls.items())
    kept = {
        m.path
        for m in site.meetings
        if was.get(m.path) is m and (same_links or ".md" not in m.body)
    }
    bodies: dict[str, Fragment] = {path: before.bodies[path] for path in kept}
    old_sources = {source.path: source for source in body_sources(before.site, kept)}
    again: list[BodySource] = []
    for source in body_sources(site, kept):
        if old_sources.get(source.path) == source and (same_links or ".md" not in source.body):
            bodies[source.path] = before.bodies[source.path]
        else:
            again.append(source)
    fresh = render_bodies(site, cache, again) if again else {}
    if any(fragment.problems for fragment in fresh.values()):
        return None
    return {**bodies, **fresh}
