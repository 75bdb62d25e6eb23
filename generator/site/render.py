"""From the model to output: each Markdown body to HTML (`render_bodies`, by markup's
`BodyRenderer`), a page through the theme's templates (`render_page`), and every file that
is not a page (`file_outputs`).

Functions of their inputs, but for two memos: the process's store of compiled templates
(`compiled_templates`) and each environment's rows (`RowMemo`). What is made, what comes from
the cache and where it is written is the pipeline's choice (`make`, `build`). Pages go
through Jinja with autoescape and StrictUndefined. A site overrides any template or static
file by putting one of the same name in themes/NAME/.
"""

from __future__ import annotations

import hashlib
import io
import re
import traceback
from collections.abc import (
    Callable,
    Collection,
    Container,
    Iterable,
    Mapping,
    MutableMapping,
    Sequence,
)
from dataclasses import dataclass, fields, replace
from datetime import date
from enum import Enum
from functools import cache, partial
from operator import attrgetter
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import Any

import jinja2
import jinja2.compiler
import jinja2.idtracking
import jinja2.nodes
import markupsafe

from generator.content.load import (
    THEMES_DIR,
    Kind,
    Loaded,
    LoadError,
    names_meant,
    read_content_file,
)
from generator.content.model import (
    ActionEntry,
    DecisionEntry,
    History,
    Meeting,
    Site,
    SiteConfig,
    Theme,
    awaits_summary,
)
from generator.content.validate import former_slugs_claimed
from generator.errors import ContentError, Problem, closest
from generator.site import urls
from generator.site.calendars import CALENDARS, calendar_outputs
from generator.site.exports import EXPORTS, export_outputs
from generator.site.feeds import feed_outputs
from generator.site.keys import READS_EVERYTHING, FileOutput
from generator.site.markup import (
    FILE,
    PAGE,
    ROOT,
    BodyRenderer,
    BodySource,
    Fragment,
    Markup,
    addresses_published,
    check_body_links,
    heading_anchor_problems,
)
from generator.site.pages import (
    ActionRow,
    CommonContexts,
    Link,
    Page,
    PageModel,
    common_context,
    members_lang,
)
from generator.site.sitemap import Entry, sitemap_outputs
from generator.site.theme_files import BUILTIN_THEME, left_out, static_files, theme_dirs


def make_environment(site: Site) -> jinja2.Environment:
    return theme_environment(theme_dirs(site), members_lang(site.settings.site.language))


def theme_environment(themes: Iterable[Path], members: str = "") -> jinja2.Environment:
    """Jinja over the templates of `themes`, a name's template from the first that has it.
    Every template and macro is given `members_lang` (`members`: see `pages.members_lang`)."""
    loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(d / "templates")) for d in themes])
    environment = ThemeEnvironment(
        loader=loader,
        autoescape=True,
        undefined=ThemeUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # An environment serves one build (serve makes a new one when a template changes):
        # checking each template file's time on every page is a system call per page.
        auto_reload=False,
        bytecode_cache=compiled_templates(),
    )
    environment.globals["members_lang"] = members
    return environment


class NameNotGiven(jinja2.UndefinedError):
    """A name a template uses that it was not given (`{{ meetng.title }}`), which
    `render_page` says the page's variable meant for (see `template_error_text`)."""

    def __init__(self, message: str | None = None, *, name: str) -> None:
        super().__init__(message)
        self.name = name


class ThemeUndefined(jinja2.StrictUndefined):
    """Jinja's StrictUndefined, but that a name one of nominutes' records does not have is
    said in a template writer's words, with the name meant: the one spelt most like it,
    else the attribute whose value has it (`link.href`), else every name it has. A name the
    template was not given raises `NameNotGiven`, which names it."""

    __slots__ = ()

    def __init__(
        self,
        hint: str | None = None,
        obj: Any = jinja2.runtime.missing,
        name: str | None = None,
        exc: type[jinja2.TemplateRuntimeError] = jinja2.UndefinedError,
    ) -> None:
        not_given = hint is None and obj is jinja2.runtime.missing and isinstance(name, str)
        if not_given and exc is jinja2.UndefinedError:
            exc = partial(NameNotGiven, name=name)
        super().__init__(hint, obj, name, exc)

    @property
    def _undefined_message(self) -> str:
        owner, name = self._undefined_obj, self._undefined_name
        if self._undefined_hint or not isinstance(name, str) or not _is_record(owner):
            return super()._undefined_message
        what = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", type(owner).__name__).lower()
        return f"{what} has no {name!r}{_name_meant(owner, name)}"


def _is_record(value: object) -> bool:
    """Whether `value` is one of nominutes' own records (not a str, a date, ...)."""
    return type(value).__module__.startswith("generator.")


# What records hold for nominutes' own use, not for a page to show: where a value is written
# (for the errors about it), a note's file and its Markdown before it is made HTML (the page
# is given `body`, made), the page's plumbing. A template may read them, but an error about a
# name a record lacks neither suggests nor lists them: it names what README.md's table of what
# each record gives documents (a test checks the one against the other).
_OWN_USE: Mapping[type, frozenset[str]] = MappingProxyType(
    {
        Meeting: frozenset(
            {
                "authors_at",
                "body",
                "body_line",
                "date_at",
                "decisions_at",
                "path",
                "principles_at",
                "themes_at",
                "title_at",
            }
        ),
        Theme: frozenset({"body", "body_line", "path", "title_at"}),
        ActionEntry: frozenset({"at", "owners_at"}),
        DecisionEntry: frozenset({"at", "review_at", "supersedes_at"}),
        SiteConfig: frozenset({"id_base_url", "id_host", "id_site"}),
        Page: frozenset(Page._fields) - {"title", "url", "description", "kind"} | {"sitemap_text"},
    }
)


def template_names(record: object) -> list[str]:
    """What a template is told it may take from `record`: its public attributes and
    properties, less those for nominutes' own use (an enumeration's members too)."""
    kind = type(record)
    own = _OWN_USE.get(kind, frozenset())
    if isinstance(record, Enum):
        own = own | kind.__members__.keys()
    return [
        n
        for n in dir(record)
        if not n.startswith("_") and n not in own and not callable(getattr(kind, n, None))
    ]


def _name_meant(owner: object, name: str) -> str:
    """': did you mean ...?' naming what `owner` has that `name` was meant to be, else what
    it has."""
    names = template_names(owner)
    close = closest(name, names)
    if close:
        return f": did you mean {close!r}?"
    holding = []
    for attribute in names:
        try:
            value = getattr(owner, attribute)
        except Exception:  # (a property that fails is not what was meant)
            continue
        if _is_record(value) and name in template_names(value):
            holding.append(repr(f"{attribute}.{name}"))
    if holding:
        return f": did you mean {' or '.join(holding)}?"
    return f"; it has {', '.join(repr(n) for n in names)}" if names else ""


class CompiledTemplates(jinja2.BytecodeCache):
    """Each template file compiled once per process, in memory (never on disk: the build
    cache holds data, not code). Jinja keys an entry by the template's name and file and
    checks it against the template's source, so an edited template is compiled again. Every
    environment `make_environment` makes has the same options, so one may take what another
    compiled: serve's full rebuilds, and builds run one after another in a process, compile
    nothing the first did not."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        stored = self._code.get(bucket.key)
        if stored is not None:
            bucket.bytecode_from_string(stored)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()

    def __len__(self) -> int:
        return len(self._code)

    def code(self) -> dict[str, bytes]:
        """Every template compiled so far, by Jinja's key, for another process to `add`."""
        return dict(self._code)

    def add(self, code: Mapping[str, bytes]) -> None:
        """Templates compiled by another process (`compile_templates`) from the same files,
        the same way; Jinja compiles a template again if its source is not what they were
        compiled from."""
        for key, data in code.items():
            self._code.setdefault(key, data)


@cache
def compiled_templates() -> CompiledTemplates:
    """The process's one store of compiled templates (a memo of Jinja's compiler): state
    kept for the life of the process, so that serve's rebuilds compile only what changed."""
    return CompiledTemplates()


def compile_templates(themes: Iterable[Path]) -> dict[str, bytes]:
    """Every page template of each of `themes` compiled (see `CompiledTemplates.code`), for
    the process that renders the pages to take while it does other work. Jinja compiles a
    file by itself (a template it extends or imports is named in the code, not copied in),
    so each theme is compiled alone and a build takes the code of the files its own theme
    and the built-in one give it. A template that does not compile is left for the build
    that uses it to report."""
    for theme in themes:
        environment = theme_environment([theme])
        for name in environment.list_templates(extensions=["html"]):
            try:
                environment.get_template(name)
            except (jinja2.TemplateError, UnicodeError):  # left for the build to report
                continue
    return compiled_templates().code()


# The built-in theme's macros whose output depends only on their arguments, each with the
# record it shows when that record appears on many pages: a tracker row (an action is on the
# tracker, its filters and its themes' pages). Not a meeting card: its links go from the
# page that shows it and a theme's own page marks that theme's tag, so the same card is seldom
# shown twice (none of the 39,985 looked up at 10,000 meetings), and keeping them cost time.
SHARED_ROWS: Mapping[str, type] = MappingProxyType({"action_row": ActionRow})
_MACROS_FILE = BUILTIN_THEME / "templates" / "_macros.html"


# What a tracker row shows, its fields' values in order (one call, in C), and where among
# them its links are: each field a link, or none, or a tuple of links (`owners`). Any other
# field holding a link would have to be cut from the root too, so none may.
_ROW_VALUES = attrgetter(*(field.name for field in fields(ActionRow)))
_ROW_LINKS = tuple(
    at for at, field in enumerate(fields(ActionRow)) if field.type in ("Link", "Link | None")
)
_ROW_LINK_TUPLES = tuple(
    at for at, field in enumerate(fields(ActionRow)) if field.type == "tuple[Link, ...]"
)
_ROW_HREF = [field.name for field in fields(ActionRow)].index("href")
if sum("Link" in str(field.type) for field in fields(ActionRow)) != len(_ROW_LINKS) + len(
    _ROW_LINK_TUPLES
):
    raise TypeError("ActionRow: a field holds links in a way RowMemo cannot move")


def _from_root(row: ActionRow) -> tuple[str, tuple[object, ...]] | None:
    """The path back to the site's root that every link in `row` starts with (its page makes
    them so), and that alone ('./', '../', '../../', ...), and what `row` shows with its links
    cut from it: the same on every page that lists it, at any depth. None where its links
    do not all start from one root."""
    href = row.href
    root = href[: len(href) - len(href.lstrip("./"))]
    if root != "./" and root != "../" * (len(root) // 3):
        return None
    cut = len(root)
    shown = list(_ROW_VALUES(row))
    shown[_ROW_HREF] = href[cut:]
    for at in _ROW_LINKS:
        link = shown[at]
        if link is not None:  # (the last update: none since it was raised)
            if type(link) is not Link or not _starts_from(link.href, root):
                return None
            shown[at] = (link.text, link.href[cut:], link.current, link.count)
    for at in _ROW_LINK_TUPLES:
        links = []
        for link in shown[at]:  # type: ignore[attr-defined]
            # ("": a name alone, leading nowhere)
            if type(link) is not Link or (link.href and not _starts_from(link.href, root)):
                return None
            links.append((link.text, link.href[cut:], link.current, link.count))
        shown[at] = tuple(links)
    return root, tuple(shown)


def _starts_from(href: str, root: str) -> bool:
    """Whether `href` goes from `root` and no further up or back."""
    return href.startswith(root) and href[len(root) : len(root) + 1] not in (".", "/")


class RowMemo:
    """Each shared row rendered once per environment for the same arguments, and reused.

    A tracker row's links all start with the path back to the site's root (see
    `PageModel.action_row`), so it is rendered once for every page that lists it, at any
    depth: the links of the row rendered for one page are moved to another's root, the only
    `href="` in the built-in macro's HTML (the text in it is escaped). Only the built-in
    theme's macros are reused: a site theme that overrides `_macros.html` has its rows
    rendered every time, so a template never needs to know about this. The memory is
    bounded: past `limit` entries it starts afresh.
    """

    def __init__(self, limit: int = 100_000) -> None:
        self._limit = limit
        self._made: dict[tuple[object, ...], object] = {}
        self._moved: dict[tuple[object, ...], tuple[object, str]] = {}  # rows by root
        self._builtin: dict[object, bool] = {}  # macro code -> from the built-in theme

    def covers(self, macro: jinja2.runtime.Macro, args: tuple[object, ...]) -> bool:
        shown = SHARED_ROWS.get(macro.name)
        if shown is None or not args or type(args[0]) is not shown:
            return False
        code = macro._func.__code__
        builtin = self._builtin.get(code)
        if builtin is None:
            builtin = self._builtin[code] = (
                Path(code.co_filename).resolve() == _MACROS_FILE.resolve()
            )
        return builtin

    def render(
        self, macro: jinja2.runtime.Macro, args: tuple[object, ...], make: Callable[[], object]
    ) -> object:
        row = args[0]
        found = _from_root(row) if type(row) is ActionRow else None
        if found is not None:
            root, shown = found
            return self._moved_to(root, (macro.name, shown, *args[1:]), make)
        key = (macro.name, *args)
        made = self._made.get(key)
        if made is None:
            made = make()
            self._make_room()
            self._made[key] = made
        return made

    def _make_room(self) -> None:
        """Start afresh once `limit` rows are kept."""
        if len(self._made) + len(self._moved) >= self._limit:
            self._made.clear()
            self._moved.clear()

    def _moved_to(self, root: str, key: tuple[object, ...], make: Callable[[], object]) -> object:
        found = self._moved.get(key)
        if found is None:
            made = make()
            self._make_room()
            self._moved[key] = (made, root)
            return made
        made, at = found
        if at == root:
            return made
        return type(made)(str(made).replace(f'href="{at}', f'href="{root}'))  # (Markup, or str)


_MISSING = jinja2.runtime.missing  # an argument not given, which a macro gives its default


def _call_macro(
    macro: jinja2.runtime.Macro,
    eval_ctx: jinja2.nodes.EvalContext,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> Any:
    """What `Macro.__call__` returns, quicker for arguments given in order, and by name
    where each names one of the arguments after them, as the templates' calls give them:
    those not given are `missing` (the macro gives each its default), and its function's
    text (a str) is marked safe where the template autoescapes, as `Macro._invoke` marks
    it. Any other call (a caller, `varargs`, too many arguments, a name it has not) goes
    to `Macro.__call__`, which gives it or says what is wrong."""
    given = len(args)
    left = macro._argument_count - given
    if (
        left < 0
        or macro.caller
        or macro.explicit_caller
        or macro.catch_kwargs
        or macro.catch_varargs
    ):
        return macro(eval_ctx, *args, **kwargs)
    if kwargs:
        names, filled = macro.arguments, [*args, *(_MISSING,) * left]
        for name, value in kwargs.items():
            if name not in names or (at := names.index(name)) < given:
                return macro(eval_ctx, *args, **kwargs)
            filled[at] = value
        made = macro._func(*filled)
    else:
        made = macro._func(*args, *(_MISSING,) * left) if left else macro._func(*args)
    return str.__new__(markupsafe.Markup, made) if eval_ctx.autoescape else made


def _call(
    context: jinja2.runtime.Context,
    loop_vars: dict[str, Any] | None,
    block_vars: dict[str, Any] | None,
    obj: Any,
    /,
    *args: Any,
    **kwargs: Any,
) -> Any:
    """`{{ f(...) }}` as the compiled templates call it (`ThemeCodeGenerator.visit_Call`):
    what `context.call(f, ..., _loop_vars=..., _block_vars=...)` gives, but that a macro is
    called here, in one step, its shared rows from the environment's `RowMemo`. The
    variables of the loop and block it is called from (None: not in one) are for a
    context's own functions, never a macro (which takes the evaluation context)."""
    if type(obj) is not jinja2.runtime.Macro:
        if loop_vars is not None:
            kwargs["_loop_vars"] = loop_vars
        if block_vars is not None:
            kwargs["_block_vars"] = block_vars
        return context.call(obj, *args, **kwargs)
    try:
        if not kwargs and obj.name in SHARED_ROWS:
            memo: RowMemo = context.environment.rows  # type: ignore[attr-defined]
            if memo.covers(obj, args):
                return memo.render(obj, args, partial(_call_macro, obj, context.eval_ctx, args, {}))
        return _call_macro(obj, context.eval_ctx, args, kwargs)
    except StopIteration:  # as `Context.call` says it
        return context.environment.undefined(
            "value was undefined because a callable raised a StopIteration exception"
        )


class _SharedRowsContext(jinja2.runtime.Context):
    """A template context that calls a macro as `_call` does (for what calls it other than
    the compiled templates' calls: a theme's own code)."""

    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        if type(__obj) is not jinja2.runtime.Macro:
            return super().call(__obj, *args, **kwargs)
        loop_vars = kwargs.pop("_loop_vars", None)
        block_vars = kwargs.pop("_block_vars", None)
        return _call(__self, loop_vars, block_vars, __obj, *args, **kwargs)


def _replaced(value: str) -> str:
    """markupsafe's escape of a plain string, as its pure-Python fallback makes it."""
    return (
        value.replace("&", "&amp;")
        .replace(">", "&gt;")
        .replace("<", "&lt;")
        .replace("'", "&#39;")
        .replace('"', "&#34;")
    )


# The escape of a plain string that markupsafe's own `escape` uses: its C speedups where they
# are built (every wheel it publishes), four times quicker than `_replaced`, the same bytes.
_escape_str: Callable[[str], str] = getattr(markupsafe, "_escape_inner", _replaced)


def escaped(value: object) -> str:
    """What `{{ value }}` prints with autoescape: markupsafe's `escape`, the same characters
    replaced the same way, but a plain string escaped without a `Markup` made of it, and
    `Markup` (a macro's output) printed as it is. What a template prints is joined into one
    string, so the type of each piece is never seen."""
    kind = type(value)
    if kind is str:
        return _escape_str(value)  # type: ignore[arg-type]
    if kind is markupsafe.Markup:
        return value  # type: ignore[return-value]
    return markupsafe.escape(value)


class ThemeTemplate(jinja2.Template):
    """A template whose output escapes with `escaped`: Jinja's compiled code calls the
    `escape` its module imported, which is replaced in the template's own namespace."""

    @classmethod
    def from_code(cls, environment: Any, code: Any, globals: Any, uptodate: Any = None) -> Any:
        made = super().from_code(environment, code, globals, uptodate)
        namespace = made.root_render_func.__globals__
        if namespace.get("escape") is markupsafe.escape:
            namespace["escape"] = escaped
        namespace[_ESCAPE_STR] = _escape_str
        namespace[_MARKUP] = markupsafe.Markup
        namespace[_CALL] = _call
        return made


class ThemeCodeGenerator(jinja2.compiler.CodeGenerator):
    """Jinja's compiler, but that `a.b` is looked up by Python's `getattr` while `a` has an
    attribute `b` (nearly always: the model's records), and only where it has none by the
    environment's `getattr` (an item `b`, else undefined): the same value, without a call
    of the environment's method for each look-up (millions in a large site's build)."""

    def visit_Template(
        self, node: jinja2.nodes.Template, frame: jinja2.compiler.Frame | None = None
    ) -> None:
        self._bodies_buffered = (
            []
            if self.environment.is_async or node.find(jinja2.nodes.Include) is not None
            else [node.body, *(block.body for block in node.find_all(jinja2.nodes.Block))]
        )
        super().visit_Template(node, frame)

    def blockvisit(self, nodes: Iterable[jinja2.nodes.Node], frame: jinja2.compiler.Frame) -> None:
        """The template's own text and each block's gathered in a list and given as one
        string, not given piece by piece by `yield`: a page's hundreds of pieces each
        passed up through its block, the base template and its own template, one
        generator's step each, as Jinja's `{% macro %}` gathers its text. Not where an
        `{% include %}` is: gathered too (see `visit_Include`), such a template rendered
        no quicker."""
        if frame.buffer is not None or not any(nodes is body for body in self._bodies_buffered):
            super().blockvisit(nodes, frame)
            return
        frame.buffer = self.temporary_identifier()
        self.writeline(f"{frame.buffer} = []")
        super().blockvisit(nodes, frame)
        self.writeline(f"yield concat({frame.buffer})")

    def visit_Include(self, node: jinja2.nodes.Include, frame: jinja2.compiler.Frame) -> None:
        """An `{% include %}` in a frame that gathers its text (a macro's): with the
        context, Jinja's compiler adds each piece of the included template's text to the
        list; without it, it writes a `yield from` whatever the frame, and the macro
        printed the generator that made of it, where here it adds that text in its place."""
        if frame.buffer is None or node.with_context or self.environment.is_async:
            super().visit_Include(node, frame)
            return
        written, self.stream = self.stream, io.StringIO()
        try:
            super().visit_Include(node, frame)
            code = self.stream.getvalue()
        finally:
            self.stream = written
        if code.count(_INCLUDED) != 1:
            raise TypeError("ThemeCodeGenerator: Jinja writes an include another way")
        self.stream.write(code.replace(_INCLUDED, f"{frame.buffer}.extend({_BODY})"))

    def visit_For(self, node: jinja2.nodes.For, frame: jinja2.compiler.Frame) -> None:
        """A `{% for %}` whose body reads a name from the context that it never assigns
        (`members_lang` in the macros' loops) has it looked up once, before the loop, not
        again at each step as Jinja's compiler writes it: a template's context does not
        change while it renders (a loop's `{% set %}` is the loop's own), so it is the same
        value. Not a recursive loop, whose body is a function of its own."""
        if not (self.environment.is_async or node.recursive):
            body = jinja2.idtracking.Symbols(frame.symbols)
            body.declare_parameter("loop")  # the loop's own, never the context's
            body.analyze_node(node, for_branch="body")
            for action, name in body.loads.values():
                if action == jinja2.idtracking.VAR_LOAD_RESOLVE and name not in body.stores:
                    # (`frame.symbols` is the frame's own, or a copy for an `{% if %}`'s
                    # branch: a later loop in the frame finds it there, one outside the
                    # branch looks it up again)
                    found = frame.symbols._define_ref(name)
                    self.writeline(f"{found} = {self.get_resolve_func()}({name!r})")
        super().visit_For(node, frame)

    @jinja2.compiler.optimizeconst  # type: ignore[arg-type]
    def visit_Call(
        self, node: jinja2.nodes.Call, frame: jinja2.compiler.Frame, forward_caller: bool = False
    ) -> None:
        """`f(...)` as a call of `_call` with the context and the variables of the loop and
        block it is in, not of `context.call` with them as keywords: a macro called in one
        step. A call with a caller or with `*` or `**` arguments is Jinja's."""
        environment = self.environment
        if environment.is_async or environment.sandboxed or forward_caller:
            super().visit_Call(node, frame, forward_caller=forward_caller)
            return
        if node.dyn_args is not None or node.dyn_kwargs is not None:
            super().visit_Call(node, frame)
            return
        loop_vars = "_loop_vars" if frame.loop_frame else "None"
        block_vars = "_block_vars" if frame.block_frame else "None"
        self.write(f"{_CALL}(context, {loop_vars}, {block_vars}, ")
        self.visit(node.node, frame)
        self.signature(node, frame)
        self.write(")")

    @jinja2.compiler.optimizeconst  # type: ignore[arg-type]
    def visit_Getattr(self, node: jinja2.nodes.Getattr, frame: jinja2.compiler.Frame) -> None:
        if self.environment.is_async:
            super().visit_Getattr(node, frame)
            return
        self.write(f"({_FOUND} if ({_FOUND} := getattr(")
        written, self.stream = self.stream, io.StringIO()
        try:
            self.visit(node.node, frame)  # an expression: written on one line
            owner = self.stream.getvalue()
        finally:
            self.stream = written
        self.write(f"{owner}, {node.attr!r}, missing)) is not missing ")
        self.write(f"else environment.getattr({owner}, {node.attr!r}))")

    def _output_child_pre(
        self, node: jinja2.nodes.Expr, frame: jinja2.compiler.Frame, finalize: Any
    ) -> None:
        """`{{ value }}` where the template autoescapes is `escaped`'s test written in place,
        with no call for a plain string (markupsafe's escape of it alone) or a `Markup`
        (printed as it is): most of the five million values a large site's pages print."""
        if not _escaped_in_place(frame, finalize):
            super()._output_child_pre(node, frame, finalize)
            return
        self.write(f"({_ESCAPE_STR}({_OUT}) if ({_KIND} := type({_OUT} := ")

    def _output_child_post(
        self, node: jinja2.nodes.Expr, frame: jinja2.compiler.Frame, finalize: Any
    ) -> None:
        if not _escaped_in_place(frame, finalize):
            super()._output_child_post(node, frame, finalize)
            return
        self.write(f")) is str else {_OUT} if {_KIND} is {_MARKUP} else escape({_OUT}))")


def _escaped_in_place(frame: jinja2.compiler.Frame, finalize: Any) -> bool:
    """Whether an output's value is escaped by the test written in place (see
    `ThemeCodeGenerator._output_child_pre`): where the template autoescapes, for certain, and
    the environment sets no `finalize`."""
    eval_ctx = frame.eval_ctx
    return eval_ctx.autoescape and not eval_ctx.volatile and finalize.src is None


# The name the compiled code keeps a found attribute under (`ThemeCodeGenerator`): none that
# Jinja gives (its own start `l_`, `t_` or are words).
_FOUND = "nm_found"
# The names the compiled code keeps a printed value and its type under, and finds markupsafe's
# escape of a plain string and `Markup` by (`ThemeCodeGenerator._output_child_pre`).
_OUT, _KIND = "nm_out", "nm_kind"
_ESCAPE_STR, _MARKUP = "nm_escape_str", "nm_markup"
# How Jinja's compiler writes an include without the context: the included template's text
# given piece by piece (`ThemeCodeGenerator.visit_Include`).
_BODY = "template._get_default_module()._body_stream"
_INCLUDED = f"yield from {_BODY}"
# The name the compiled code calls `_call` by (`ThemeCodeGenerator.visit_Call`).
_CALL = "nm_call"


class ThemeEnvironment(jinja2.Environment):
    """Jinja, with the built-in theme's shared rows rendered once (see `RowMemo`), the base
    template's values shared by the pages at one depth made once (`CommonContexts`),
    attributes looked up by `ThemeCodeGenerator` and output escaped by `escaped`."""

    code_generator_class = ThemeCodeGenerator
    context_class = _SharedRowsContext
    template_class = ThemeTemplate

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.rows = RowMemo()
        self.common = CommonContexts()
        self._loaded: dict[str, jinja2.Template] = {}

    def get_template(
        self,
        name: str | jinja2.Template,
        parent: str | None = None,
        globals: MutableMapping[str, Any] | None = None,
    ) -> jinja2.Template:
        """Jinja's template of that name, kept by name once loaded where templates are not
        reloaded (`auto_reload` off, as for a build): each page asks for three (its own, the
        base it extends and the macros it imports), and Jinja's look-up of each, in its LRU
        cache under a lock, was about 4% of rendering a page."""
        if globals or self.auto_reload or self.cache is None or not isinstance(name, str):
            return super().get_template(name, parent, globals)
        if parent is not None:
            name = self.join_path(name, parent)
        found = self._loaded.get(name)
        if found is None:
            found = self._loaded[name] = super().get_template(name)
        return found

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        """A template's globals, the environment's with its own over them, in one dict: not
        Jinja's `ChainMap` of the two, which each page's new context copies, and each
        `{% from ... import %}` compares, key by key in Python. The environment's globals
        are all set before a template is loaded (`theme_environment`)."""
        return {**self.globals, **(d or {})}


def body_sources(site: Site, leaving_out: Container[str] = ()) -> list[BodySource]:
    """Every note's body, with its page's address; the meetings at `leaving_out` left out."""
    found = [
        BodySource(m.path, m.body, m.body_line, urls.meeting(m.slug), m.title)
        for m in site.meetings
        if m.path not in leaving_out
    ]
    found += [
        BodySource(t.path, t.body, t.body_line, urls.theme(t.slug), t.title) for t in site.themes
    ]
    p = site.principles
    found.append(BodySource(p.path, p.body, p.body_line, urls.principles()))
    return found


def links_before_the_site(
    loaded: Loaded,
    *,
    drafts: bool,
    unread: Sequence[tuple[str, str, int]] = (),
    history: History | None = None,
    told: Sequence[Problem] = (),
    own_templates: bool = False,
) -> list[Problem]:
    """What the bodies' links show is wrong before the site can be made (when its front
    matter has errors): links to notes that do not exist and to missing content files,
    images without alt text, and links to a heading's anchor (`#h-…`) that the note's text
    has not (but where the text may hold HTML, or the site has templates of its own: either
    may give an id), so that a writer sees them in the same run as the other errors. Links
    to pages and other #anchors need the site, and wait for it. `unread` are the
    bodies of notes whose front matter could not be read (see `load.unread_bodies`). With
    git's `history`, a link to a note's path before git renamed its file names its path now.
    A note whose error (in `loaded` or `told`) says the name to give it is linked by that
    name: the link works once the file is renamed, and its own error says so."""
    # A note that could not be read still exists: links to it wait for it to be mended. One
    # read under a wrong name (its error says the name to give it) exists under that name.
    meant = names_meant([*loaded.problems, *told])
    published = {problem.path for problem in loaded.problems if problem.path.endswith(".md")}
    bodies: list[tuple[str, str, int]] = []
    for meeting in loaded.validated:
        if drafts or not meeting.draft:
            published.add(meeting.path)
            bodies.append((meeting.path, meeting.body, meeting.body_line))
    for doc in loaded.docs:
        if doc.kind is Kind.SETTINGS:
            continue
        front = doc.front.value if isinstance(doc.front.value, dict) else {}
        if drafts or doc.kind is not Kind.MEETING or front.get("draft") is not True:
            published.add(doc.path)  # a draft's links wait until it is published, as in a build
            bodies.append((doc.path, doc.body, doc.body_line))
    bodies += unread
    published = (published - meant.keys()) | set(meant.values())
    themes = [doc for doc in loaded.docs if doc.kind is Kind.THEME]
    published |= {f"{THEMES_DIR}/{old}.md" for old in former_slugs_claimed(themes)}
    markup = Markup(allow_html=False)
    # each note at an address of its own, its path, to tell which note an #anchor is on
    note_urls = {path: f"{path}/" for path in published}
    renamed = history.renamed_files(published) if history is not None else {}
    taken_out = history.taken_out_notes(published) if history is not None else {}
    fragments, rendered = {}, {}
    shown_at: dict[str, str] = {}  # a note's page -> the note, whose text alone gives its ids
    problems: list[Problem] = []
    for path, body, body_line in sorted(bodies):
        fragment = markup.render(
            body,
            source_path=path,
            body_line=body_line,
            page_url=note_urls.get(path, ""),
            note_urls=note_urls,
            renamed_notes=renamed,
            taken_out_notes=taken_out,
        )
        problems += [*fragment.problems, *addresses_published(fragment.html, body, path, body_line)]
        files_only = tuple(link for link in fragment.links if link.kind == FILE)
        fragments[path], rendered[path] = replace(fragment, links=files_only), fragment
        if path in note_urls and "<" not in body and not own_templates:
            shown_at[urls.output_file(note_urls[path])] = path
    problems += check_body_links(fragments, (), loaded.files, note_urls, lambda page: b"")
    problems += heading_anchor_problems(rendered, shown_at)
    return problems


def render_bodies(site: Site, sources: list[BodySource] | None = None) -> dict[str, Fragment]:
    """Each content file's body (or just `sources`) as HTML, by source path."""
    renderer = BodyRenderer.for_site(site)
    found = body_sources(site) if sources is None else sources
    return {source.path: renderer.render(source) for source in found}


def summaries(site: Site, bodies: Mapping[str, Fragment]) -> dict[str, str]:
    """Each meeting's summary (see `summary_of`)."""
    today = site.settings.build_date
    return {m.slug: summary_of(m, bodies[m.path], today) for m in site.meetings}


def summary_of(meeting: Meeting, body: Fragment, today: date) -> str:
    """A meeting's summary: its own, else the first paragraph of its body; none from the body
    `new meeting` wrote while the meeting is published ahead of its day (`awaits_summary`)."""
    if meeting.summary or awaits_summary(meeting, today):
        return meeting.summary or ""
    return body.first_paragraph


def unique_pages(pages: Iterable[Page]) -> tuple[list[Page], list[Problem]]:
    """The pages, but a second page at a URL already taken (a problem each)."""
    made_by: dict[str, Page] = {}
    problems = []
    for page in pages:
        path = urls.output_file(page.url)
        if path in made_by:
            problems.append(url_collision(made_by[path], page))
        else:
            made_by[path] = page
    return list(made_by.values()), problems


def file_outputs(
    model: PageModel, pages: Sequence[Entry], only: Collection[str] | None = None
) -> tuple[list[FileOutput], list[Problem]]:
    """Every file that is not a page, each with what it reads: the theme's static files,
    the sitemap, feeds, calendars, exports and the content files published as they are
    (a problem for each content file that would replace a page or a file the site makes).

    With `only` (serve making a few files again), the calendars and exports are listed only
    if one of them is wanted (listing them names every action), and collisions are not
    looked for."""
    site, indexes = model.site, model.indexes
    made = [
        *static_outputs(site),
        *sitemap_outputs(site.settings.site, pages, (m.slug for m in site.meetings)),
        *feed_outputs(site, indexes, model.bodies, model.summaries),
    ]
    if only is None or not only.isdisjoint(CALENDARS):
        made += calendar_outputs(site, indexes, model.summaries)
    if only is None or not only.isdisjoint(EXPORTS):
        made += export_outputs(site, indexes)
    problems: list[Problem] = []
    if not site.files or only is not None:
        return made, problems
    taken = {urls.output_file(page.url) for page in pages} | {out.path for out in made}
    for path in site.files:
        published = urls.published_file(path)
        if published in taken:
            problems.append(
                Problem(
                    path,
                    1,
                    1,
                    f"{path} would be published at /{published}, where the site puts one of "
                    "its own pages or files; move or rename it",
                )
            )
            continue
        source = site.settings.source
        made.append(FileOutput(published, READS_EVERYTHING, partial(_content, source, path)))
    return made, problems


def _content(source: Path, path: str) -> bytes:
    """A content file's bytes (ContentError when it cannot be read)."""
    try:
        return read_content_file(source, path)
    except LoadError as error:
        raise ContentError([error.problem]) from None


def check_links(
    site: Site,
    bodies: Mapping[str, Fragment],
    outputs: Container[str],
    page_bytes: Callable[[str], bytes],
) -> list[Problem]:
    """Every problem with a link in the bodies, once the whole site is known (`outputs`, the
    files written, a set or as quick to ask)."""
    # the notes' addresses, for the messages about links from the root or to pages
    named = any(link.kind in (ROOT, PAGE) for body in bodies.values() for link in body.links)
    note_urls = urls.source_urls(site) if named else {}
    return check_body_links(bodies, outputs, site.files, note_urls, page_bytes)


def site_stamp(site: Site, bodies: Mapping[str, Fragment]) -> str:
    """A digest of everything that every page may read and that is not a key (see `keys`):
    the settings but the build date (the key `today`), themes and principles (and their
    bodies) and the theme's files."""
    digest = hashlib.blake2b(digest_size=16)
    # How many processes, where the site is written and whether warnings fail the build
    # never change a file.
    settings = replace(site.settings, jobs=1, output=Path(), strict=False, build_date=date.min)
    parts: list[str | bytes] = [repr(settings), repr(site.themes), repr(site.principles)]
    parts += [bodies[t.path].html for t in site.themes] + [bodies[site.principles.path].html]
    # Each theme file by its name in its theme, never by where the theme is installed: the
    # same code in another folder (a fresh virtual environment) makes no page again.
    for directory in theme_dirs(site):
        which = "built-in" if directory == BUILTIN_THEME else "own"
        for relative in sorted(p.relative_to(directory) for p in directory.rglob("*")):
            if (directory / relative).is_file() and not left_out(relative):
                parts += [f"{which} {relative.as_posix()}", (directory / relative).read_bytes()]
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little") + data)
    return digest.hexdigest()


def url_collision(first: Page, second: Page) -> Problem:
    where = second.source or first.source or "site.yml"
    return Problem(
        where,
        1,
        1,
        f"{second.source or 'a generated page'} and {first.source or 'a generated page'} "
        f"would both be published at /{first.url}; rename one of them",
    )


def render_page(env: jinja2.Environment, site: Site, page: Page) -> bytes:
    config = site.settings.site
    if isinstance(env, ThemeEnvironment):  # its values shared by the pages at one depth
        common = env.common.of(config, page)
    else:
        common = common_context(config, page)
    context = {**common, **page.make_context()}
    try:
        return env.get_template(page.template).render(context).encode("utf-8")
    except jinja2.TemplateError as error:
        raise ContentError([template_problem(site, page, error, context)]) from None
    except ContentError:
        raise
    except Exception as error:
        if not raised_in_template(site, error):
            raise
        raise ContentError([template_problem(site, page, error, context)]) from None


# The functions here through which a template calls (`_call`): a mistake in the call (a
# macro given a keyword it has not) is the template's.
_CALLING = frozenset({"call", "_call", "_call_macro"})
_RENDERING = "template error while rendering /"  # how a template mistake's message starts


def template_problem(
    site: Site, page: Page, error: Exception, given: Collection[str] = ()
) -> Problem:
    """A template mistake, reported against the template file like a content error; a name
    the template was not given is told the one of `given` (its variables) meant."""
    mistake = template_mistake(site, error, page.template, given)
    message = f"{_RENDERING}{page.url}: {mistake.text}"
    return Problem(mistake.path, mistake.line, mistake.col, message)


def each_mistake_once(problems: Iterable[Problem]) -> list[Problem]:
    """The template mistakes of pages rendered in order, each once, naming the first page it
    failed (a mistake in meeting.html fails every meeting's page)."""
    seen: set[tuple[str, int, int, str]] = set()
    kept = []
    for problem in problems:
        what = problem.message
        if what.startswith(_RENDERING):
            what = what.partition(": ")[2]
        key = (problem.path, problem.line, problem.col, what)
        if key not in seen:
            seen.add(key)
            kept.append(problem)
    return kept


def raised_in_template(site: Site, error: BaseException) -> bool:
    """Whether `error` is a template's own mistake (`{{ title + 1 }}`, `{{ 1/0 }}`): the
    innermost frame of its traceback outside Jinja's code (and `_call` and the context's
    `call`, through which templates call) is a template file's. A fault in nominutes' own
    code that a template called is not, and keeps its traceback."""
    folders = [(d / "templates").resolve() for d in theme_dirs(site)]
    jinja, here = Path(jinja2.__file__).parent.resolve(), Path(__file__).resolve()
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        path = Path(frame.filename).resolve()
        if path.is_relative_to(jinja) or (path == here and frame.name in _CALLING):
            continue
        return any(path.is_relative_to(folder) for folder in folders)
    return False


@dataclass(frozen=True)
class TemplateMistake:
    """A template's mistake: where it is (the file as the site names it, line, column) and
    what is wrong, in the words of the one who wrote the template."""

    path: str
    line: int
    col: int
    text: str


def template_mistake(
    site: Site, error: Exception, template: str, given: Collection[str] = ()
) -> TemplateMistake:
    """Where rendering `template` failed and why: where a template could not be read; else
    in the innermost template frame of the traceback that is the site's own, saying which
    of the default theme's templates (and macro) it called failed there, else in the
    innermost template frame. The column is at the macro it called, else at the first name
    the message quotes that the line holds, else at the line's first tag."""
    builtin = (BUILTIN_THEME / "templates").resolve()
    folders = [(d / "templates").resolve() for d in theme_dirs(site)]
    own = [folder for folder in folders if folder != builtin]
    text = template_error_text(site, error, given)
    frames = _template_frames(error, folders)
    if isinstance(error, jinja2.TemplateSyntaxError) or not frames:
        name = getattr(error, "name", None) or template
        line = getattr(error, "lineno", None) or 1
        where = next((t / name for t in folders if (t / name).is_file()), Path(name))
        if isinstance(error, jinja2.TemplateSyntaxError):
            opened = _unclosed_tag(where, error.message or "")
            if opened is not None:
                return TemplateMistake(_shown(site, where), *opened)
        return TemplateMistake(
            _shown(site, where), line, _column_of_quoted(where, line, text), text
        )
    inner, inner_line = frames[-1]
    mine = next(((p, n) for p, n in reversed(frames) if _inside(p, own)), None)
    if mine is None or not inner.is_relative_to(builtin):
        column = _column_of_quoted(inner, inner_line, text)
        return TemplateMistake(_shown(site, inner), inner_line, column, text)
    where, line = mine
    name = inner.relative_to(builtin).as_posix()
    macro = _macro_at(inner, inner_line)
    in_it = f", in its macro {macro}" if macro else ""
    text = f"the default theme's {name}{in_it} (line {inner_line}): {text}"
    copied = next(where.relative_to(f).as_posix() for f in own if where.is_relative_to(f))
    if (builtin / copied).is_file():
        text += (
            f"; this {copied} may be a copy of an older version: compare it with the "
            f"default's {copied}"
        )
    column = _column_of(where, line, macro) if macro else None
    return TemplateMistake(
        _shown(site, where), line, column or _column_of_quoted(where, line, text), text
    )


def template_error_text(site: Site, error: BaseException, given: Collection[str] = ()) -> str:
    """What is wrong, as Jinja or Python says it; of a missing template, where it was looked
    for; of a name the template was not given, the one of `given` (the names it was given)
    spelt most like it, else those names."""
    if isinstance(error, jinja2.TemplateNotFound):
        names = getattr(error, "templates", None) or [error.name]
        own = [
            f"{d.relative_to(site.settings.source).as_posix()}/templates/"
            for d in theme_dirs(site)
            if d.is_relative_to(site.settings.source)
        ]
        where = " and ".join([*own, "the built-in theme's templates"])
        wanted = " or ".join(repr(str(n)) for n in names)
        return f"template {wanted} not found in {where}{_found_elsewhere(site, names)}"
    if isinstance(error, NameNotGiven) and given:
        close = closest(error.name, {*given, *_names_in_scope(site, error)})
        if close:
            return f"{error.message}: did you mean {close!r}?"
        return f"{error.message}; the template is given {', '.join(map(repr, sorted(given)))}"
    if isinstance(error, jinja2.TemplateError):
        return error.message or type(error).__name__
    return str(error) or type(error).__name__


# The tags that open a block Jinja needs closed with `end` and their name (`set` only when it
# assigns no value: `{% set x %}...{% endset %}`).
_BLOCK_TAGS = frozenset(
    {"if", "for", "block", "macro", "call", "filter", "with", "autoescape", "set"}
)
_NOT_CLOSED = re.compile(
    r"(?:Unexpected end of template|Encountered unknown tag 'end(\w+)')\..*"
    r"The innermost block that needs to be closed is '(\w+)'\.",
    re.DOTALL,
)


@dataclass(frozen=True)
class _Tag:
    """A block tag of a template (`{% if ... %}` is 'if'), where it is."""

    name: str
    line: int
    col: int


def _unclosed_tag(template: Path, message: str) -> tuple[int, int, str] | None:
    """Where the block tag is that Jinja's `message` says is not closed (Jinja says so at
    the tag after it, or at the end of the file), and what to add: found by following the
    template's block tags as Jinja's own lexer reads them, each end closing the last one
    opened. None when the message is about something else (a misspelt `{% endfi %}`, which
    Jinja says best) or the tag cannot be found."""
    said = _NOT_CLOSED.fullmatch(message)
    if said is None or (said.group(1) is not None and said.group(1) not in _BLOCK_TAGS):
        return None
    try:
        tags = _block_tags(template.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, jinja2.TemplateSyntaxError):
        return None
    opened: list[_Tag] = []
    for at, tag in enumerate(tags):
        if tag.name in _BLOCK_TAGS:
            opened.append(tag)
        elif opened and tag.name == f"end{opened[-1].name}":
            opened.pop()
        elif tag.name.startswith("end") and tag.name[3:] in _BLOCK_TAGS:
            # the end of another block: the last one opened is not closed, unless it is
            # closed after this end, which closes nothing (`{% endfor %}` left behind)
            if opened and any(t.name == f"end{opened[-1].name}" for t in tags[at + 1 :]):
                kind = tag.name[3:]
                return (
                    tag.line,
                    tag.col,
                    f"this {{% {tag.name} %}} ends no {{% {kind} %}}: remove it, or add the "
                    f"{{% {kind} %}} it was to end above it",
                )
            break
    if not opened or opened[-1].name != said.group(2):
        return None
    tag = opened[-1]
    return tag.line, tag.col, f"this {{% {tag.name} %}} is not closed: add {{% end{tag.name} %}}"


def _block_tags(text: str) -> list[_Tag]:
    """Each block tag of a template, in order, as Jinja's lexer finds them; a `set` only
    when it assigns no value."""
    lines = re.split(r"\r\n|\r|\n", text)  # as Jinja counts lines
    found = []
    on_line: dict[int, int] = {}  # line -> the block tags begun on it so far
    tag: list[tuple[str, str]] | None = None  # the words of the tag being read
    begun = (1, 1)  # the line and column of the tag being read
    for line, kind, value in jinja2.Environment().lex(text):
        if kind == "block_begin":
            on_line[line] = nth = on_line.get(line, 0) + 1
            starts = [mark.start() for mark in re.finditer(r"\{%", lines[line - 1])]
            begun = (line, starts[nth - 1] + 1 if nth <= len(starts) else 1)
            tag = []
        elif kind == "block_end" and tag is not None:
            name = tag[0][1] if tag and tag[0][0] == "name" else None
            if name and not (name == "set" and ("operator", "=") in tag):
                found.append(_Tag(name, *begun))
            tag = None
        elif tag is not None and kind != "whitespace":
            tag.append((kind, value))
    return found


def _found_elsewhere(site: Site, names: Iterable[object]) -> str:
    """'; found at ...: move it to ...' for each file of the site's own theme named like one
    of the templates `names` but outside the folder it is looked for in."""
    source = site.settings.source
    said = []
    for theme in theme_dirs(site):
        if not theme.is_relative_to(source) or theme.resolve() == BUILTIN_THEME.resolve():
            continue
        for name in map(str, names):
            meant = PurePosixPath(name)
            if meant.is_absolute() or ".." in meant.parts or not meant.name:
                continue  # (not a template's name: Jinja looks for none such)
            folder = (theme / "templates" / meant).parent.relative_to(source).as_posix()
            for path in sorted(theme.rglob(meant.name)):
                if path.is_file():
                    shown = path.relative_to(source).as_posix()
                    said.append(f"; found at {shown}: move it to {folder}/")
    return "".join(said)


def _template_frames(error: BaseException, folders: Sequence[Path]) -> list[tuple[Path, int]]:
    """The file and line of each template frame in the error's traceback, innermost last."""
    found = []
    for frame in traceback.extract_tb(error.__traceback__):
        path = Path(frame.filename).resolve()
        if frame.lineno and _inside(path, folders):
            found.append((path, frame.lineno))
    return found


def _names_in_scope(site: Site, error: BaseException) -> list[str]:
    """The names the template that raised `error` could use where it did: what it was
    given, and its own (a loop's, a `set`'s, a macro's arguments), as the innermost template
    frame of Jinja's traceback holds them."""
    folders = [(d / "templates").resolve() for d in theme_dirs(site)]
    found: list[str] = []
    at = error.__traceback__
    while at is not None:
        if _inside(Path(at.tb_frame.f_code.co_filename).resolve(), folders):
            found = [name for name in at.tb_frame.f_locals if not name.startswith("_")]
        at = at.tb_next
    return found


def _inside(path: Path, folders: Iterable[Path]) -> bool:
    return any(path.is_relative_to(folder) for folder in folders)


def _shown(site: Site, path: Path) -> str:
    """A template file as a message names it: from the site's folder, or, of the default
    theme, from nominutes' own (never a path into where it is installed)."""
    for top in (site.settings.source.resolve(), BUILTIN_THEME.resolve().parents[2]):
        if path.resolve().is_relative_to(top):
            return path.resolve().relative_to(top).as_posix()
    return path.as_posix()


def _macro_at(template: Path, line: int) -> str | None:
    """The name of the macro whose body holds `line` of the template, if one does."""
    try:
        text = "\n".join(template.read_text(encoding="utf-8").splitlines()[:line])
    except (OSError, UnicodeDecodeError):
        return None
    macro = None
    for found in re.finditer(r"\{%-?\s*(macro\s+(\w+)|endmacro)\b", text):
        macro = found.group(2)
    return macro


def _column_of(template: Path, line: int, word: str) -> int | None:
    """Where `word` is on `line` of the template, as a name (not part of one)."""
    try:
        text = template.read_text(encoding="utf-8").splitlines()[line - 1]
    except (OSError, UnicodeDecodeError, IndexError):
        return None
    found = re.search(rf"(?<![\w.]){re.escape(word)}\b", text)
    return found.start() + 1 if found else None


# Jinja's words for a tag that ends before what it needs ("expected token 'name', got 'end
# of print statement'", of `{{ title | }}`).
_ENDED_TOO_SOON = re.compile(r"got 'end of (print statement|statement block)'")


def _column_of_quoted(template: Path, line: int, message: str) -> int:
    """Where on `line` of the template the first name the message quotes ('x') is (of a tag
    that ends too soon, its end), else its first tag (`{{` or `{%`), else 1."""
    try:
        text = template.read_text(encoding="utf-8").splitlines()[line - 1]
    except (OSError, UnicodeDecodeError, IndexError):
        return 1
    ended = _ENDED_TOO_SOON.search(message)
    if ended:  # at the tag's end, where what Jinja expected is missing
        close = "}}" if ended.group(1) == "print statement" else "%}"
        opened = re.search(r"\{[{%]", text)
        at = text.find(close, opened.end() if opened else 0)
        if at >= 0:
            return at + 1
    for quoted in re.findall(r"'([^'\n]+)'", message):
        if quoted in text:
            return text.index(quoted) + 1
    tag = re.search(r"\{[{%]", text)
    return tag.start() + 1 if tag else 1


def static_outputs(site: Site) -> list[FileOutput]:
    """The theme's static files (the site's own theme wins over the built-in one), but hidden
    files and editors' backups (`theme_files.left_out`), and never through a symbolic link
    (an error before any page renders: `theme_files.theme_links`)."""
    found = static_files(theme_dirs(site))
    return [
        FileOutput(urls.static(name), READS_EVERYTHING, path.read_bytes)
        for name, path in found.items()
    ]
