"""A site theme's template mistakes, as a volunteer makes them: each an error at the
volunteer's own file, line and column, in their words, every one in one run."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import REPO, copy_site, edit, run_cli

DEFAULT = REPO / "generator/themes/default/templates"
THEME = "themes/dfpg"


def default_with(name: str, old: str, new: str) -> str:
    """The default theme's template `name` with `old` (there once) made `new`."""
    text = (DEFAULT / name).read_text()
    assert text.count(old) == 1, old
    return text.replace(old, new)


def line_of(text: str, part: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if part in line)


@pytest.fixture
def dfpg(tmp_path: Path) -> Path:
    """The minimal site with its own look, `site_theme: dfpg`, yet to be given templates."""
    site = copy_site("minimal", tmp_path / "site")
    edit(site, "site.yml", "page_size: 2\n", "page_size: 2\nsite_theme: dfpg\n")
    (site / THEME / "templates").mkdir(parents=True)
    return site


def write(site: Path, path: str, text: str) -> None:
    (site / THEME / path).parent.mkdir(parents=True, exist_ok=True)
    (site / THEME / path).write_text(text)


def build(site: Path, capsys, monkeypatch, *extra: str):
    out = site.parent / "out"
    run = run_cli(
        ["build", "--source", str(site), "--output", str(out), *extra], capsys, monkeypatch
    )
    assert run.code == 1, run.out + run.err
    assert not out.exists()  # nothing published
    return run


def first_tag(line: str) -> int:
    """The column of a line's first tag (`{{` or `{%`), where an error with no name to
    point at is shown."""
    return min(at for at in (line.find("{{"), line.find("{%")) if at >= 0) + 1


def test_every_template_mistake_is_shown_in_one_run_each_once(
    dfpg: Path, capsys, monkeypatch
) -> None:
    """Not only the first page's: a mistake in meeting.html fails every meeting's page, and
    is shown once, at the first of them."""
    meeting = default_with("meeting.html", "{{ meeting.title }}</h1>", "{{ 1/0 }}</h1>")
    write(dfpg, "templates/meeting.html", meeting)
    themes = '{% extends "base.html" %}\n{% block main %}\n<p>{{ }}</p>\n{% endblock %}\n'
    write(dfpg, "templates/themes.html", themes)
    at = line_of(meeting, "{{ 1/0 }}")
    run = build(dfpg, capsys, monkeypatch, "--jobs", "2")
    assert run.error_lines == [
        f"{THEME}/templates/meeting.html:{at}:{first_tag(meeting.splitlines()[at - 1])}: "
        "error: template error while rendering /meetings/2024-01-15-kick-off/: division by zero",
        f"{THEME}/templates/themes.html:3:7: error: template error while rendering /themes/: "
        "Expected an expression, got 'end of print statement'",
    ]


def test_a_default_macro_an_old_override_calls_wrongly_is_an_error_at_the_override_s_line(
    dfpg: Path, capsys, monkeypatch
) -> None:
    """Not at the default's _macros.html, by a path into where nominutes is installed: at
    the volunteer's own call, naming the default's template and macro and what it lacked."""
    old_call = "{{ action_table(rows, closed=closed_list) }}"  # before tables had a caption
    actions = default_with(
        "actions.html",
        '{{ action_table(rows, list_heading, closed=closed_list, heading_id="list-heading", '
        "lang=interface_lang) }}",
        old_call,
    )
    write(dfpg, "templates/actions.html", actions)
    at = line_of(actions, old_call)
    macros = (DEFAULT / "_macros.html").read_text()
    failed = line_of(macros, "{{ caption }}")
    wanted = (
        f"{THEME}/templates/actions.html:{at}:4: error: template error while rendering "
        f"/actions/: the default theme's _macros.html, in its macro action_table (line "
        f"{failed}): parameter 'caption' was not provided; this actions.html may be a copy of "
        "an older version: compare it with the default's actions.html"
    )
    assert build(dfpg, capsys, monkeypatch).error_lines == [wanted]
    run = run_cli(["check", "--source", str(dfpg), "--format", "github"], capsys, monkeypatch)
    assert run.code == 1
    annotations = [line for line in run.out.splitlines() if line.startswith("::error ")]
    assert annotations == [
        f"::error file={THEME}/templates/actions.html,line={at},col=4::"
        + wanted.split(": error: ", 1)[1]
    ]


def test_a_default_macro_given_a_keyword_it_has_not_is_an_error_at_the_call(
    dfpg: Path, capsys, monkeypatch
) -> None:
    """A misspelt keyword (`clsed=`) is the template's mistake, told at its call in the
    writer's words, not a traceback out of nominutes."""
    actions = default_with(
        "actions.html", "list_heading, closed=closed_list,", "list_heading, clsed=closed_list,"
    )
    write(dfpg, "templates/actions.html", actions)
    at = line_of(actions, "clsed=")
    assert build(dfpg, capsys, monkeypatch).error_lines == [
        f"{THEME}/templates/actions.html:{at}:4: error: template error while rendering "
        "/actions/: macro 'action_table' takes no keyword argument 'clsed'"
    ]


@pytest.mark.parametrize(
    ("old", "new", "wanted"),
    [
        (
            "{{ meeting.title }}</h1>",
            "{{ meeting.titel }}</h1>",
            "meeting has no 'titel': did you mean 'title'?",
        ),
        (  # a principle's link was once its own href and text
            "{{ principles_touched(principles) }}",
            '{% for p in principles %}<a href="{{ p.href }}">{{ p.text }}</a>{% endfor %}',
            "principle touched has no 'href': did you mean 'link.href'?",
        ),
        (  # of what README.md says a page gives: not its plumbing ('reads', 'source')
            "{{ meeting.title }}</h1>",
            "{{ page.titel }}</h1>",
            "page has no 'titel': did you mean 'title'?",
        ),
        (
            "{{ meeting.title }}</h1>",
            "{{ page.read }}</h1>",
            "page has no 'read'; it has 'description', 'kind', 'title', 'url'",
        ),
        (  # where a value is written is for nominutes' own errors
            "{{ meeting.title }}</h1>",
            "{{ meeting.date_written }}</h1>",
            "meeting has no 'date_written'; it has 'actions', 'authors', 'categories', 'date', "
            "'decisions', 'draft', 'next_meeting', 'next_slot', 'principles', 'reviews', "
            "'self_assessment', 'slot', 'slug', 'summary', 'themes', 'title'",
        ),
        # a variable the page is not given: the page's (or template's own) spelt most like it
        (
            "{{ meeting.title }}</h1>",
            "{{ meetng.title }}</h1>",
            "'meetng' is undefined: did you mean 'meeting'?",
        ),
        (
            "{{ meeting.title }}</h1>",
            "{{ standfrist }}</h1>",
            "'standfrist' is undefined: did you mean 'standfirst'?",
        ),
        (
            "{{ meeting.title }}</h1>",
            "{% set heading = meeting.title %}{{ headng }}</h1>",
            "'headng' is undefined: did you mean 'heading'?",
        ),
    ],
)
def test_a_name_a_record_or_page_does_not_have_says_the_name_meant(
    dfpg: Path, capsys, monkeypatch, old: str, new: str, wanted: str
) -> None:
    """Not "'generator.content.model.Meeting object' has no attribute 'titel'", nor
    "'meetng' is undefined" alone."""
    meeting = default_with("meeting.html", old, new)
    write(dfpg, "templates/meeting.html", meeting)
    at = line_of(meeting, new)
    column = meeting.splitlines()[at - 1].index(wanted.split("'")[1]) + 1
    assert build(dfpg, capsys, monkeypatch).error_lines == [
        f"{THEME}/templates/meeting.html:{at}:{column}: error: template error while rendering "
        f"/meetings/2024-01-15-kick-off/: {wanted}"
    ]


def test_a_variable_like_none_the_page_has_lists_the_page_s_variables(
    dfpg: Path, capsys, monkeypatch
) -> None:
    themes = (
        (DEFAULT / "themes.html")
        .read_text()
        .replace("{% block main %}", "{% block main %}{{ no_such_value }}", 1)
    )
    write(dfpg, "templates/themes.html", themes)
    at = line_of(themes, "no_such_value")
    column = themes.splitlines()[at - 1].index("no_such_value") + 1
    assert build(dfpg, capsys, monkeypatch).error_lines == [
        f"{THEME}/templates/themes.html:{at}:{column}: error: template "
        "error while rendering /themes/: 'no_such_value' is undefined; the template is given "
        "'accessibility_url', 'canonical', 'content_policy', 'edit_url', 'extra_stylesheets', "
        "'feedback_url', 'feeds', 'icon', 'interface_lang', 'logo', 'logo_dark', 'nav', "
        "'og_locale', 'page', 'pager', 'root', 'script', 'search_url', 'site', 'stylesheet', "
        "'subscribe_url', 'themes'"
    ]


def test_a_name_like_none_a_record_has_lists_the_names_it_has(
    dfpg: Path, capsys, monkeypatch
) -> None:
    meeting = default_with("meeting.html", "{{ meeting.title }}", "{{ meeting.qqq }}")
    write(dfpg, "templates/meeting.html", meeting)
    [error] = build(dfpg, capsys, monkeypatch).error_lines
    said = error.split("/meetings/2024-01-15-kick-off/: ")[1]
    assert said.startswith("meeting has no 'qqq'; it has 'actions', ")
    assert "'date', " in said and "'title'" in said and "'_" not in said
    assert "'body_line'" not in said and "'path'" not in said and "'date_at'" not in said


@pytest.mark.parametrize(
    ("template", "wanted"),
    [
        (  # Jinja finds it missing at the {% endblock %}
            '{% extends "base.html" %}\n{% block main %}\n<h1>Themes</h1>\n'
            "  {% if pager %}\n<p>{{ pager }}</p>\n{% endblock %}\n",
            "4:3: error: template error while rendering /themes/: this {% if %} is not "
            "closed: add {% endif %}",
        ),
        (  # ... or at the end of the file
            "<ul>\n{% for card in themes %}<li>{% if card %}{{ card.title }}{% endif %}</li>\n",
            "2:1: error: template error while rendering /themes/: this {% for %} is not "
            "closed: add {% endfor %}",
        ),
        (  # a block tag that is none of Jinja's: Jinja says it best, where it is
            '{% extends "base.html" %}\n{% block main %}\n{% if pager %}\n<p>{{ pager }}</p>'
            "\n{% endfi %}\n{% endblock %}\n",
            "5:4: error: template error while rendering /themes/: Encountered unknown tag "
            "'endfi'. Jinja was looking for the following tags: 'elif' or 'else' or 'endif'. "
            "The innermost block that needs to be closed is 'if'.",
        ),
        (  # an end left behind, closing nothing, before the block's own end: at that end
            '{% extends "base.html" %}\n{% block main %}\n<p>{{ pager }} {% endfor %}</p>'
            "\n{% endblock %}\n",
            "3:16: error: template error while rendering /themes/: this {% endfor %} ends no "
            "{% for %}: remove it, or add the {% for %} it was to end above it",
        ),
        (  # a tag that ends before what it needs: at its end, where that is missing
            '{% extends "base.html" %}\n{% block main %}\n<p>Page {{ pager | }}</p>'
            "\n{% endblock %}\n",
            "3:20: error: template error while rendering /themes/: expected token 'name', got "
            "'end of print statement'",
        ),
        (
            '{% extends "base.html" %}\n{% block main %}\n<ul>\n  {% for card in %}<li></li>'
            "{% endfor %}\n</ul>\n{% endblock %}\n",
            "4:18: error: template error while rendering /themes/: Expected an expression, got "
            "'end of statement block'",
        ),
    ],
)
def test_a_block_left_open_is_an_error_at_its_opening_tag(
    dfpg: Path, capsys, monkeypatch, template: str, wanted: str
) -> None:
    write(dfpg, "templates/themes.html", template)
    assert build(dfpg, capsys, monkeypatch).error_lines == [
        f"{THEME}/templates/themes.html:{wanted}"
    ]


def test_an_if_left_open_in_a_copy_of_the_default_is_shown_at_the_if_jinja_finds_open(
    dfpg: Path, capsys, monkeypatch
) -> None:
    """The {% endif %} taken out is the last of the outer {% if first %}'s: Jinja pairs the
    others as they are, and the one it finds open is that one."""
    theme = (DEFAULT / "theme.html").read_text()
    lines = theme.splitlines(keepends=True)
    opens = lines.index("{% if first %}\n") + 1
    ends = next(
        n for n in range(opens, len(lines)) if lines[n : n + 2] == ["{% endif %}\n", "</div>\n"]
    )
    del lines[ends]
    write(dfpg, "templates/theme.html", "".join(lines))
    run = run_cli(["check", "--source", str(dfpg), "--format", "github"], capsys, monkeypatch)
    assert (run.code, [line for line in run.out.splitlines() if line.startswith("::error ")]) == (
        1,
        [
            f"::error file={THEME}/templates/theme.html,line={opens},col=1::template error while "
            "rendering /themes/foi-implications/: this {%25 if %25} is not closed: add "
            "{%25 endif %25}"  # (as GitHub's annotations write %)
        ],
    )


@pytest.mark.parametrize(
    ("put_at", "wanted"),
    [
        (
            "partials/banner.html",
            "; found at themes/dfpg/partials/banner.html: move it to "
            "themes/dfpg/templates/partials/",
        ),
        (
            "templates/banner.html",
            "; found at themes/dfpg/templates/banner.html: move it to "
            "themes/dfpg/templates/partials/",
        ),
        (None, ""),
    ],
)
def test_a_template_included_from_where_it_is_not_says_where_it_is(
    dfpg: Path, capsys, monkeypatch, put_at: str | None, wanted: str
) -> None:
    index = default_with(
        "index.html",
        "{% block main %}\n",
        "{% block main %}\n{% include 'partials/banner.html' %}\n",
    )
    write(dfpg, "templates/index.html", index)
    if put_at:
        write(dfpg, put_at, "<p>Our banner</p>\n")
    at = line_of(index, "{% include")
    assert build(dfpg, capsys, monkeypatch).error_lines == [
        f"{THEME}/templates/index.html:{at}:13: error: template error while rendering /: "
        "template 'partials/banner.html' not found in themes/dfpg/templates/ and the built-in "
        "theme's templates" + wanted
    ]


def test_a_volunteer_s_four_mistakes_are_four_errors_in_one_run(
    dfpg: Path, capsys, monkeypatch
) -> None:
    """Each at the volunteer's file, by a path from the site's folder, and nothing
    published."""
    write(
        dfpg,
        "templates/actions.html",
        default_with(
            "actions.html",
            '{{ action_table(rows, list_heading, closed=closed_list, heading_id="list-heading", '
            "lang=interface_lang) }}",
            "{{ action_table(rows, closed=closed_list) }}",
        ),
    )
    write(
        dfpg,
        "templates/meeting.html",
        default_with("meeting.html", "{{ meeting.title }}", "{{ meeting.titel }}"),
    )
    write(dfpg, "templates/themes.html", '{% extends "base.html" %}{% block main %}{% if pager %}')
    write(
        dfpg,
        "templates/index.html",
        default_with(
            "index.html", "{% block main %}", "{% block main %}{% include 'banner.html' %}"
        ),
    )
    write(dfpg, "banner.html", "<p>Our banner</p>\n")
    lines = build(dfpg, capsys, monkeypatch).error_lines
    assert [line.split(": error: ")[0].rsplit(":", 2)[0] for line in lines] == [
        f"{THEME}/templates/{name}.html" for name in ("actions", "index", "meeting", "themes")
    ]
    assert [line.rsplit(": ", 1)[1] for line in lines] == [
        "compare it with the default's actions.html",
        "move it to themes/dfpg/templates/",
        "did you mean 'title'?",
        "add {% endif %}",
    ]


def test_a_template_mistake_comes_with_the_site_s_warnings(dfpg: Path, capsys, monkeypatch) -> None:
    """The review's warnings (the cross-referenced site's, such as a meeting that does not
    report back) are shown beside a template's error, so a volunteer sees all in one run."""
    themes = '{% extends "base.html" %}\n{% block main %}{{ 1/0 }}{% endblock %}\n'
    write(dfpg, "templates/themes.html", themes)
    run = build(dfpg, capsys, monkeypatch)
    assert run.error_lines == [
        f"{THEME}/templates/themes.html:2:1: error: template error while rendering /themes/: "
        "division by zero"
    ]
    assert (
        "content/meetings/2024-03-11-third.md:3:7: warning: action 'write-guidance' was due by "
        "1 March 2024; this meeting does not report back on it"
    ) in "\n".join(run.problem_lines)
