"""`nominutes email` against a real SMTP server: aiosmtpd in this process, with STARTTLS (or TLS
from the start) and a login, its certificate from a test CA made here with trustme. Messages
the server receives are parsed back with the `email` package."""

from __future__ import annotations

import asyncio
import email
import email.policy
import os
import re
import shlex
import socket
import ssl
import struct
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path
from urllib.parse import quote

import html5lib
import lxml.html
import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from tests.conftest import BUILD_EPOCH, copy_site, edit, git, run_cli
from tests.htmlpage import parse_html, read_page, text_by_language

USER, PASSWORD = "secretary", "s3cret:p@ss/word"
QUOTED_PASSWORD = "s3cret%3Ap%40ss%2Fword"
BASE = "https://example.org/group/"
LIST = ["policy-group@example.org", "Observers <observers@example.org>"]
EMAIL_SETTINGS = f"""email:
  to: [{LIST[0]}, "{LIST[1]}"]
  from: Minimal group <nominutes@example.org>
  reply_to: secretary@example.org
  subject_prefix: "[Group] "
"""
KICK_OFF = "2024-01-15-kick-off"


@dataclass
class Received:
    envelope_to: list[str]
    message: EmailMessage
    tls: bool
    login: str | None
    raw: bytes = b""


@dataclass
class Recorder:
    received: list[Received] = field(default_factory=list)
    password: str = PASSWORD  # the login's, for a reply that echoes it

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:
        if address.startswith("gone"):  # a mailbox that no longer exists
            return "550 5.1.1 No such mailbox"
        if address.startswith("echoes"):  # the password it was given, after words that hold it
            return f"550 5.1.1 No such mailbox: inbox1 is closed to {self.password}"
        if address.startswith("hostile"):  # two lines, an escape a terminal acts on, the password
            escape = "\x1b]52;c;cm0gLXJmIH4K\x07"  # would write "rm -rf ~" to the clipboard
            return f"550-5.1.1 {escape} refused\r\n550 5.1.1 {PASSWORD} {QUOTED_PASSWORD}"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        login = session.auth_data.login.decode() if session.authenticated else None
        tls = server.transport.get_extra_info("ssl_object") is not None
        self.received.append(
            Received(list(envelope.rcpt_tos), message, tls, login, envelope.original_content)
        )
        return "250 OK"


def authenticator(password: str = PASSWORD, user: str = USER):
    """A login check for `user` with `password`."""

    def authenticate(server, session, envelope, mechanism, auth_data) -> AuthResult:
        good = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
            user.encode(),
            password.encode(),
        )
        # handled=False: aiosmtpd itself answers a failed login with 535
        return AuthResult(success=good, handled=False, auth_data=auth_data if good else None)

    return authenticate


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ssl.SSLContext]:
    """A test CA's certificate file (for the client) and the server's TLS context."""
    authority = trustme.CA()
    ca_file = tmp_path_factory.mktemp("ca") / "ca.pem"
    authority.cert_pem.write_to_path(str(ca_file))
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1", "localhost").configure_cert(server_context)
    return ca_file, server_context


def login_url(scheme: str, port: int, password: str = QUOTED_PASSWORD, user: str = USER) -> str:
    """NOMINUTES_SMTP_URL for `user`'s login at `port` on this machine."""
    return f"{scheme}://{quote(user, safe='')}:{password}@127.0.0.1:{port}"


@dataclass
class Server:
    recorder: Recorder
    port: int
    scheme: str
    user: str = USER

    def url(self, password: str = QUOTED_PASSWORD) -> str:
        return login_url(self.scheme, self.port, password, self.user)


def start_server(
    certificates,
    *,
    implicit_tls: bool,
    recorder: Recorder | None = None,
    password: str = PASSWORD,
    login_only: bool = False,
    user: str = USER,
) -> tuple[Controller, Server]:
    """A server wanting a login, not yet started; `login_only` offers AUTH LOGIN alone, so a
    recorder's own `auth_LOGIN` is the one the client uses."""
    _ca_file, server_context = certificates
    recorder, port = recorder or Recorder(), free_port()
    options = {"ssl_context": server_context} if implicit_tls else {"tls_context": server_context}
    controller = Controller(
        recorder,
        hostname="127.0.0.1",
        port=port,
        server_hostname="127.0.0.1",
        require_starttls=not implicit_tls,
        auth_require_tls=not implicit_tls,  # with TLS from the start, aiosmtpd sees no STARTTLS
        authenticator=authenticator(password, user),
        auth_required=True,
        auth_exclude_mechanism=["PLAIN"] if login_only else None,
        **options,
    )
    scheme = "smtps" if implicit_tls else "smtp+starttls"
    return controller, Server(recorder, port, scheme, user)


@contextmanager
def serving(
    certificates,
    monkeypatch,
    recorder: Recorder | None = None,
    *,
    implicit_tls: bool = False,
    password: str = PASSWORD,
    login_only: bool = False,
    trusted: bool = True,
    user: str = USER,
) -> Iterator[Server]:
    """A server from `start_server`, running while the block runs: NOMINUTES_SMTP_URL names
    it (with `password`), and SSL_CERT_FILE trusts its certificate unless not `trusted`."""
    if trusted:
        monkeypatch.setenv("SSL_CERT_FILE", str(certificates[0]))
    else:
        monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    controller, server = start_server(
        certificates,
        implicit_tls=implicit_tls,
        recorder=recorder,
        password=password,
        login_only=login_only,
        user=user,
    )
    controller.start()
    try:
        monkeypatch.setenv("NOMINUTES_SMTP_URL", server.url(password=quote(password, safe="")))
        yield server
    finally:
        controller.stop()


@pytest.fixture
def smtp(certificates, monkeypatch) -> Iterator[Server]:
    """An SMTP server that wants STARTTLS and a login, trusted through SSL_CERT_FILE."""
    monkeypatch.setenv("SSL_CERT_FILE", str(certificates[0]))
    controller, server = start_server(certificates, implicit_tls=False)
    controller.start()
    yield server
    controller.stop()


@pytest.fixture
def site(tmp_path: Path) -> Path:
    site = copy_site("minimal", tmp_path / "site")
    with (site / "site.yml").open("a") as settings:
        settings.write("feedback_url: mailto:feedback@example.org\n" + EMAIL_SETTINGS)
    third = site / "content/meetings/2024-03-11-third.md"
    third.write_text(
        third.read_text().replace(
            "themes: [permission-to-engage]\n",
            "themes: [permission-to-engage]\n"
            "time: '14:00'\nlocation: Room 4.12\n"
            "next_meeting: {date: 2024-04-08, time: '10:00', location: Room 1}\n"
            "actions:\n"
            "  - {id: write-guidance, status: done, note: Published on the intranet.}\n"
            "  - {id: ask-legal, title: Ask legal about FOI, owner: Grace, due: 2024-04-01}\n"
            "decisions:\n"
            "  - {id: notes-not-minutes, text: We keep notes & not minutes}\n",
        )
    )
    return site


def on(day: str) -> str:
    """SOURCE_DATE_EPOCH for noon (UTC) on `day`, YYYY-MM-DD: a meeting is sent once met."""
    return str(int(datetime.fromisoformat(f"{day}T12:00:00+00:00").timestamp()))


def run_email(args: list[str], capsys, monkeypatch, epoch: str = BUILD_EPOCH):
    return run_cli(["email", *args], capsys, monkeypatch, epoch)


def check_site(site: Path, capsys, monkeypatch):
    """`nominutes check` on `site`."""
    return run_cli(["check", "--source", str(site)], capsys, monkeypatch)


def send_kick_off(url: str, site: Path, capsys, monkeypatch):
    """`email --meeting` for the kick-off, through the server NOMINUTES_SMTP_URL `url` names."""
    monkeypatch.setenv("NOMINUTES_SMTP_URL", url)
    return run_email(["--source", str(site), "--meeting", KICK_OFF], capsys, monkeypatch)


def dry_run(
    site: Path, slug: str, tmp_path: Path, capsys, monkeypatch, epoch: str = BUILD_EPOCH
) -> EmailMessage:
    """The message `email --dry-run` writes for one meeting, parsed back."""
    out = tmp_path / "mail"
    args = ["--source", str(site), "--meeting", slug, "--dry-run", str(out)]
    run = run_email(args, capsys, monkeypatch, epoch)
    assert run.code == 0, run.err
    return email.message_from_bytes((out / f"{slug}.eml").read_bytes(), policy=email.policy.default)


def wrapped(*lines: str) -> str:
    """`lines` as the plain-text part gives each of its list's lines to a mail app that
    honours format=flowed (`text_part`): each whole on its own line."""
    return "".join(f"{line}\n" for line in lines)


def html_part(message: EmailMessage) -> str:
    return message.get_body(("html",)).get_content()


def wire_text(message: EmailMessage) -> str:
    """The plain-text part's lines as sent (its transfer encoding undone), as a mail app
    that does not honour format=flowed shows them."""
    return message.get_body(("plain",)).get_content().replace("\r\n", "\n")


def unflowed(flowed: str) -> str:
    """A format=flowed text (RFC 3676, DelSp=no) as a mail app that honours it reads it:
    each line unstuffed (its first space taken off), a line that ends in a space (a soft
    break; but a signature's "-- ") joined to the next of the same quote depth, and a
    quote's lines given "> " for each level."""
    read: list[str] = []
    carried, carried_depth = None, 0
    for line in flowed.split("\n"):
        body = line.lstrip(">")
        depth = len(line) - len(body)
        body = body.removeprefix(" ")
        soft = body.endswith(" ") and body != "-- "
        if carried is not None and depth == carried_depth:
            body = carried + body
        elif carried is not None:
            read.append(("> " * carried_depth + carried).rstrip(" "))
        carried = None
        if soft:
            carried, carried_depth = body, depth
        else:
            read.append(("> " * depth).rstrip(" ") if not body else "> " * depth + body)
    if carried is not None:
        read.append("> " * carried_depth + carried)
    return "\n".join(read)


def text_part(message: EmailMessage) -> str:
    """The plain-text part as a mail app that honours its format=flowed reads it, each
    paragraph and each item's line whole."""
    part = message.get_body(("plain",))
    assert part.get_param("format") == "flowed"
    return unflowed(wire_text(message))


# --- sending ----------------------------------------------------------------------------------


def test_a_meeting_is_sent_over_starttls_with_a_login(smtp, site, capsys, monkeypatch):
    monkeypatch.setenv("NOMINUTES_SMTP_URL", smtp.url())
    run = run_email(["--source", str(site), "--meeting", "2024-03-11-third"], capsys, monkeypatch)
    assert run.code == 0, run.err
    assert run.out == (
        "sent '[Group] Third meeting (11 March 2024)' through "
        f"smtp+starttls://127.0.0.1:{smtp.port}, as user 'se…'\n"
    )
    assert PASSWORD not in run.out + run.err and QUOTED_PASSWORD not in run.out + run.err
    [got] = smtp.recorder.received
    assert got.tls and got.login == USER
    assert got.envelope_to == ["policy-group@example.org", "observers@example.org"]
    message = got.message
    assert message["Subject"] == "[Group] Third meeting (11 March 2024)"
    assert message["From"] == "Minimal group <nominutes@example.org>"
    assert message["To"] == "policy-group@example.org, Observers <observers@example.org>"
    assert message["Reply-To"] == "secretary@example.org"
    assert message["Message-ID"].strip() == "<meeting-2024-03-11-third@example.org/group>"
    sent_at = datetime.fromtimestamp(int(BUILD_EPOCH), tz=UTC)
    assert parsedate_to_datetime(message["Date"]) == sent_at
    assert message["Date"] == format_datetime(sent_at)
    assert message["List-Id"] == "Minimal group <minimal-group.example.org>"
    assert message.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in message.iter_parts()] == ["text/plain", "text/html"]


def test_both_parts_say_what_happened_with_absolute_links(smtp, site, capsys, monkeypatch):
    monkeypatch.setenv("NOMINUTES_SMTP_URL", smtp.url())
    run = run_email(["--source", str(site), "--meeting", "2024-03-11-third"], capsys, monkeypatch)
    assert run.code == 0, run.err
    message = smtp.recorder.received[0].message
    text, html = text_part(message), html_part(message)
    page = parse_html(html)
    words = page.text
    assert "11 March 2024, 14:00, Room 4.12" in words
    assert "The third meeting, on permission." in words  # the summary
    # the meeting before by its title and its day: "Since Reporting back:" read as a date
    assert "Since “Reporting back” on 12 February 2024:" in words
    since = f"Since “Reporting back” on 12 February 2024:\n  {BASE}meetings/2024-02-12-reporting"
    assert since in text.replace("\r\n", "\n")
    assert "Write guidance on engaging online" in words and "Published on the intranet." in words
    assert "We keep notes & not minutes" in words  # a decision, escaped in HTML
    assert "We keep notes &amp; not minutes" in html
    assert "Ask legal about FOI Owner: Grace Due: 1 April 2024 Status: Open" in words  # raised
    assert "8 April 2024, 10:00, Room 1" in words  # the next meeting
    due_next = html.split("Due for report-back at the next meeting")[1]
    assert "Ask legal about FOI" in due_next
    links = [link for link in page.links if not link.startswith("mailto:")]
    assert links and all(link.startswith(BASE) for link in links)
    assert f"{BASE}meetings/2024-03-11-third/" in links
    assert f"{BASE}actions/ask-legal/" in links
    assert f"{BASE}decisions/notes-not-minutes/" in links
    assert f"{BASE}next/" in links
    # the tracker's link names what it lists
    assert f'<a href="{BASE}actions/">All outstanding actions</a>' in html
    assert "mailto:feedback@example.org?subject=Feedback%20on%3A%20Third%20meeting" in page.links
    # the plain text says the same, with the addresses written out
    assert "SINCE THE LAST MEETING" in text and "ACTIONS RAISED" in text
    assert f"{BASE}actions/ask-legal/" in text and f"{BASE}next/" in text
    assert "Owner: Grace. Due: 1 April 2024. Open." in text
    assert f"All outstanding actions: {BASE}actions/" in text
    assert "We keep notes & not minutes" in text


def test_times_are_followed_by_the_zones_abbreviation_on_their_day(smtp, site, capsys, monkeypatch):
    """In a site in Europe/London, the meeting in March is at "14:00 GMT" and the next, in
    April after the clocks go forward, at "10:00 BST", in both parts, as the pages say."""
    edit(site, "site.yml", "base_url:", "timezone: Europe/London\nbase_url:")
    monkeypatch.setenv("NOMINUTES_SMTP_URL", smtp.url())
    run = run_email(["--source", str(site), "--meeting", "2024-03-11-third"], capsys, monkeypatch)
    assert run.code == 0, run.err
    message = smtp.recorder.received[0].message
    text, words = text_part(message), parse_html(html_part(message)).text
    for said in (text, words):
        assert "11 March 2024, 14:00 GMT, Room 4.12" in said
        assert "8 April 2024, 10:00 BST, Room 1" in said
        assert "Europe/London" not in said
    # a time and its zone never on two lines of a phone's screen
    assert '<time datetime="2024-04-08T10:00">10:00</time>&nbsp;BST' in html_part(message)


FLOWING = """Members went through the draft guidance line by line and asked for plainer \
words throughout, with an example from the pilot for each rule it gives.

- Rewrite the opening so that a member of staff new to the team knows in one paragraph what \
they may do
- Add the [legal team's advice](https://example.org/legal/advice-on-freedom-of-information) \
on what counts as a record

> We would rather staff asked before they post than stayed silent for fear of getting it \
wrong, and the guidance should say so.

From the floor, a question on how long notes are kept: until the group's next review.

\\> 50 people have read the draft.
"""


def test_the_plain_text_part_is_format_flowed_for_a_phone_to_reflow(
    smtp, site, capsys, monkeypatch
):
    """The plain-text part is sent as RFC 3676's format=flowed: its lines end by 72
    characters (none over 78, as RFC 5322 asks), each carried on after a soft break, a line
    ending in a space (which quoted-printable sends as "=20"), so that a mail app that honours
    it joins each paragraph and item again to fit its screen, each list item, link and line
    of an item on a line of its own; a quote is a flowed quote ('>'), and a line of the text
    beginning with '>' or "From " is stuffed with a space, so no app takes it for a quote."""
    edit(site, "content/meetings/2024-03-11-third.md", "A short third meeting.\n", FLOWING)
    monkeypatch.setenv("NOMINUTES_SMTP_URL", smtp.url())
    run = run_email(["--source", str(site), "--meeting", "2024-03-11-third"], capsys, monkeypatch)
    assert run.code == 0, run.err
    [got] = smtp.recorder.received
    part = got.message.get_body(("plain",))
    assert (part.get_content_type(), part.get_content_charset()) == ("text/plain", "utf-8")
    assert part.get_param("format") == "flowed" and part.get_param("delsp") is None
    sent = got.raw.split(b"\r\n--=_nominutes_")[1]  # the text part, as the server received it
    assert b'Content-Type: text/plain; charset="utf-8"; format="flowed"\r\n' in sent
    assert part["Content-Transfer-Encoding"] == "quoted-printable"
    assert b"Members went through the draft guidance line by line and asked for=20\r\n" in sent
    wire = wire_text(got.message)
    assert max(len(line) for line in wire.splitlines()) <= 72
    assert max(len(line) for line in sent.split(b"\r\n")) <= 78
    assert (
        "Members went through the draft guidance line by line and asked for \n"
        "plainer words throughout, with an example from the pilot for each rule \n"
        "it gives.\n"
    ) in wire
    assert (
        "> We would rather staff asked before they post than stayed silent for \n"
        "> fear of getting it wrong, and the guidance should say so.\n"
    ) in wire
    assert "\n From the floor, a question" in wire and "\n > 50 people have read" in wire
    # the footer after a signature's separator, which mail apps set apart (and keep out of a reply)
    assert f"\n-- \nMinimal group: {BASE}\n" in wire
    # as a mail app that honours format=flowed reads it: a paragraph, an item, one line each
    text = text_part(got.message)
    assert (
        "Members went through the draft guidance line by line and asked for plainer words "
        "throughout, with an example from the pilot for each rule it gives.\n\n"
        "- Rewrite the opening so that a member of staff new to the team knows in one "
        "paragraph what they may do\n"
        "- Add the legal team's advice <https://example.org/legal/advice-on-freedom-of-"
        "information> on what counts as a record\n\n"
        "> We would rather staff asked before they post than stayed silent for fear of "
        "getting it wrong, and the guidance should say so.\n\n"
        "From the floor, a question on how long notes are kept: until the group's next "
        "review.\n\n"
        "> 50 people have read the draft.\n"
    ) in text
    # each of an action's lines, and its link, on a line of its own
    assert (
        "- Ask legal about FOI\n  Owner: Grace. Due: 1 April 2024. Open.\n"
        f"  {BASE}actions/ask-legal/\n"
    ) in text


def test_each_decision_in_the_plain_text_is_its_lines_then_its_link_as_an_action_is(
    site, tmp_path, capsys, monkeypatch
):
    """No blank line between a decision and its link: a reader sees which link is whose."""
    edit(
        site,
        "content/meetings/2024-03-11-third.md",
        "  - {id: notes-not-minutes, text: We keep notes & not minutes}\n",
        "  - {id: notes-not-minutes, text: We keep notes & not minutes}\n"
        "  - {id: summaries-in-public, text: We publish summaries in public}\n",
    )
    text = text_part(dry_run(site, "2024-03-11-third", tmp_path, capsys, monkeypatch))
    assert (
        "DECISIONS\n"
        "- We keep notes & not minutes\n"
        f"  {BASE}decisions/notes-not-minutes/\n"
        "- We publish summaries in public\n"
        f"  {BASE}decisions/summaries-in-public/\n"
        "\n"
        "ACTIONS RAISED\n"
        "- Ask legal about FOI\n"
        "  Owner: Grace. Due: 1 April 2024. Open.\n"
        f"  {BASE}actions/ask-legal/\n"
    ) in text.replace("\r\n", "\n")


def test_a_welsh_sites_email_marks_its_own_words_english_and_the_members_welsh(
    site, tmp_path, capsys, monkeypatch
):
    """On a site with `language: cy` the HTML part's headings, table headers and status
    words are marked English and the meeting's title, text, actions, notes, names and
    decisions Welsh; the plain-text part says the same words as an English site's."""
    english = dry_run(site, "2024-03-11-third", tmp_path / "en", capsys, monkeypatch)
    with (site / "site.yml").open("a") as settings:
        settings.write("language: cy\n")
    welsh = dry_run(site, "2024-03-11-third", tmp_path / "cy", capsys, monkeypatch)
    assert text_part(welsh) == text_part(english)
    said = text_by_language(html_part(welsh))
    for words in (
        "Since the last meeting",
        "Decisions",
        "Actions raised",
        "Action",
        "Owner",
        "Due",
        "Status",
        "Next meeting",
        "All outstanding actions",
        "1 April 2024",
    ):
        assert said.get(words) == "en", words
    for words in (
        "Third meeting",
        "A short third meeting.",
        "Reporting back",
        "Ask legal about FOI",
        "Published on the intranet.",
        "Grace",
        "We keep notes & not minutes",
        "Minimal group",
    ):
        assert said.get(words) == "cy", words
    # an English site's marks nothing inside the message's own language
    inside = html_part(english).split('<div lang="en" dir="ltr"', 1)[1].split(">", 1)[1]
    assert ' lang="' not in inside


def test_a_welsh_sites_email_marks_the_footnotes_words_english_and_the_note_welsh(
    site, tmp_path, capsys, monkeypatch
):
    """On a site with `language: cy` the HTML part's footnote links are named in English
    ("Footnote 1", "Back to reference 1"), as the meeting's page names them, and the
    writer's footnote is read in Welsh."""
    edit(site, "content/meetings/2024-03-11-third.md", "A short third meeting.\n", WELSH_NOTE)
    with (site / "site.yml").open("a") as settings:
        settings.write("language: cy\n")
    html = html_part(dry_run(site, "2024-03-11-third", tmp_path, capsys, monkeypatch))
    root = lxml.html.fromstring(html)

    def read_in(element: lxml.html.HtmlElement) -> str:
        return next(e.get("lang") for e in [element, *element.iterancestors()] if e.get("lang"))

    named = {link.get("aria-label"): read_in(link) for link in root.xpath("//a[@aria-label]")}
    assert named["Footnote 1"] == named["Back to reference 1"] == "en"
    assert text_by_language(html)["Troednodyn y cadeirydd."] == "cy"


def test_a_table_its_writer_names_is_captioned_in_the_html_part_and_named_in_the_text(
    site, tmp_path, capsys, monkeypatch
):
    """A table named by a line "Table: Votes" over it is captioned so in the HTML part, and
    the plain-text part says the line over its rows, as it was written."""
    table = "Table: Votes on the options\n| Option | Votes |\n| --- | --- |\n| Publish | 5 |\n"
    edit(site, "content/meetings/2024-03-11-third.md", "A short third meeting.\n", table)
    message = dry_run(site, "2024-03-11-third", tmp_path, capsys, monkeypatch)
    assert "<caption>Votes on the options</caption>" in html_part(message)
    text = text_part(message).replace("\r\n", "\n")
    assert "Table: Votes on the options\n\nOption | Votes\nPublish | 5\n" in text


WELSH_NOTE = "Cyfarfod byr.[^1]\n\n[^1]: Troednodyn y cadeirydd.\n"


def _as_webmail_shows(html: str, lang: str = "he", direction: str = "rtl") -> str:
    """The HTML part as webmail (Gmail, Outlook on the web) shows it: its <html>, <head> and
    <body> dropped, in a page of the member's own language and direction."""
    body = lxml.html.document_fromstring(html).body
    inner = (body.text or "") + "".join(
        lxml.html.tostring(child, encoding="unicode") for child in body
    )
    return f'<div lang="{lang}" dir="{direction}">{inner}</div>'


@pytest.mark.parametrize("language", ["en-GB", "cy"])
def test_the_html_part_keeps_its_language_and_direction_where_webmail_drops_its_html_element(
    language, site, tmp_path, capsys, monkeypatch
):
    """A member whose webmail is in Hebrew hears the message in its own language, not in a
    Hebrew voice, and reads it left to right, not right-aligned with its full stops at the
    wrong end: the lang and dir of <html>, which webmail drops, are on what it keeps too."""
    with (site / "site.yml").open("a") as settings:
        settings.write(f"language: {language}\n")
    shown = _as_webmail_shows(
        html_part(dry_run(site, "2024-03-11-third", tmp_path, capsys, monkeypatch))
    )
    said = text_by_language(shown)
    assert set(said.values()) == ({"en-GB"} if language == "en-GB" else {"en", "cy"})
    for element in lxml.html.fromstring(shown).iter():
        if isinstance(element.tag, str) and (element.text or "").strip():
            around = [element, *element.iterancestors()]
            assert next(e.get("dir") for e in around if e.get("dir")) == "ltr", element.text


DISCUSSED = """Grace showed the [draft register](../themes/permission-to-engage.md).
Members asked for plain language.[^plain]

## Next steps

- Read [the kick-off](2024-01-15-kick-off.md#h-what-we-discussed) again
- Share ![the chart](../files/chart.png)

[^plain]: As the kick-off asked.
"""


def test_both_parts_carry_the_meeting_s_text_with_absolute_links(smtp, site, capsys, monkeypatch):
    (site / "content/files").mkdir()
    (site / "content/files/chart.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    third = site / "content/meetings/2024-03-11-third.md"
    third.write_text(third.read_text().replace("A short third meeting.\n", DISCUSSED))
    monkeypatch.setenv("NOMINUTES_SMTP_URL", smtp.url())
    run = run_email(["--source", str(site), "--meeting", "2024-03-11-third"], capsys, monkeypatch)
    assert run.code == 0, run.err
    message = smtp.recorder.received[0].message
    # (as sent: lines end in CRLF)
    text, html = (part(message).replace("\r\n", "\n") for part in (text_part, html_part))
    page = parse_html(html)
    register = f"{BASE}themes/permission-to-engage/"
    # after the summary, the text as the meeting's page has it, every address absolute
    after_summary = html.split('<p class="standfirst">The third meeting, on permission.</p>')[1]
    assert after_summary.lstrip().startswith(
        f'<div class="text">\n<p>Grace showed the <a href="{register}">draft register</a>.\n'
        "Members asked for plain language."
    )
    assert '<h2 id="h-next-steps">Next steps</h2>' in html
    assert (
        f'<li>Read <a href="{BASE}meetings/2024-01-15-kick-off/#h-what-we-discussed">the '
        "kick-off</a> again</li>"
    ) in html
    assert f'<img src="{BASE}files/chart.png" alt="the chart">' in html
    assert f'href="{BASE}meetings/2024-03-11-third/#fn1"' in html  # the footnote, on the page
    links = [link for link in page.links if not link.startswith("mailto:")]
    assert all(link.startswith(BASE) for link in links)
    # the plain text: headings underlined, lists, links as "text <URL>"
    assert (
        "The third meeting, on permission.\n\n"
        f"Grace showed the draft register <{register}>. Members asked "
        "for plain language.[1]\n\n"
        "Next steps\n==========\n\n"
        f"- Read the kick-off <{BASE}meetings/2024-01-15-kick-off/#h-what-we-discussed> "
        "again\n"
        f"- Share [Image: the chart] <{BASE}files/chart.png>\n\n"
        "----\n\nFootnotes\n=========\n\n1. As the kick-off asked.\n\n"
        f"Read the summary on the site: {BASE}meetings/2024-03-11-third/\n"
    ) in text
    assert "](" not in text and "../" not in text
    # the link to the page says the same words in both parts
    assert f'<a href="{BASE}meetings/2024-03-11-third/">Read the summary on the site</a>' in html


def test_a_link_in_brackets_in_the_plain_text_gives_its_address_in_angle_brackets(
    site, tmp_path, capsys, monkeypatch
):
    """A note's link inside brackets, "(raised in [July](…))", reads "(raised in July
    <URL>)." in the plain text, not "(raised in July (URL))." with brackets nested: each
    address the plain text writes after words is in angle brackets, where a mail program
    makes it a link without the sentence's ")" or "."."""
    third = site / "content/meetings/2024-03-11-third.md"
    third.write_text(
        third.read_text().replace(
            "A short third meeting.\n",
            "The draft note (raised in [January](2024-01-15-kick-off.md)) is ready.\n",
        )
    )
    message = dry_run(site, "2024-03-11-third", tmp_path, capsys, monkeypatch)
    text = text_part(message).replace("\r\n", "\n")
    assert (
        f"The draft note (raised in January <{BASE}meetings/2024-01-15-kick-off/>) is ready.\n"
    ) in text
    assert "((" not in text and "))" not in text and "/)" not in text


def test_a_bare_web_address_in_the_text_is_a_link_in_the_html_and_said_once_in_the_text(
    smtp, site, capsys, monkeypatch
):
    """As GitHub's preview shows the note to its writer, and as its page shows it."""
    long = "https://www.gov.wales/sites/default/files/publications/2026-03/summary-of-responses.pdf"
    third = site / "content/meetings/2024-03-11-third.md"
    third.write_text(
        third.read_text().replace(
            "A short third meeting.\n",
            f"See {long} and www.example.org/guide. Not javascript:alert(1).\n",
        )
    )
    monkeypatch.setenv("NOMINUTES_SMTP_URL", smtp.url())
    run = run_email(["--source", str(site), "--meeting", "2024-03-11-third"], capsys, monkeypatch)
    assert run.code == 0, run.err
    message = smtp.recorder.received[0].message
    text, html = (part(message).replace("\r\n", "\n") for part in (text_part, html_part))
    assert (
        f'<p>See <a href="{long}">{long}</a> and <a href="http://www.example.org/guide">'
        "www.example.org/guide</a>. Not javascript:alert(1).</p>"
    ) in html
    # each address once, whole, as a mail reader makes it a link: on its line as sent
    assert f"See {long} and www.example.org/guide. Not javascript:alert(1).\n" in text
    assert f"See \n{long} \nand www.example.org/guide. Not javascript:alert(1).\n" in wire_text(
        message
    )


def _inbox_preview(html: str) -> tuple[str, str]:
    """What a mail program's list shows under the subject, the first words of the HTML part's
    body (hidden or not), and the style of the element that holds them."""
    body = lxml.html.document_fromstring(html).body
    first = next(e for e in body.iter() if isinstance(e.tag, str) and (e.text or "").strip())
    return " ".join(body.text_content().split())[:120], first.get("style") or ""


def test_the_inbox_preview_is_the_meeting_s_summary_hidden_in_the_message(
    site, tmp_path, capsys, monkeypatch
):
    """The first words of the message, which a phone's inbox shows under the subject, are the
    summary (its title and date are the subject's already), hidden from the message itself."""
    preview, style = _inbox_preview(
        html_part(dry_run(site, "2024-03-11-third", tmp_path, capsys, monkeypatch))
    )
    assert preview.startswith("The third meeting, on permission. Third meeting 11 March 2024")
    assert "display: none" in style and "mso-hide: all" in style
    # without a summary of its own, the first paragraph of its text
    preview, style = _inbox_preview(
        html_part(dry_run(site, KICK_OFF, tmp_path / "kick-off", capsys, monkeypatch))
    )
    assert preview.startswith("We met for the first time. Kick-off")
    assert "display: none" in style


def test_a_meeting_without_a_summary_of_its_own_says_its_first_paragraph_once(
    site, tmp_path, capsys, monkeypatch
):
    message = dry_run(site, KICK_OFF, tmp_path, capsys, monkeypatch)
    text, html = (part(message).replace("\r\n", "\n") for part in (text_part, html_part))
    assert text.count("We met for the first time.") == 1
    shown = html.split("<main", 1)[1]  # (after the inbox's hidden preview, which gives it)
    assert shown.count("We met for the first time.") == 1
    assert "What we discussed\n=================" in text
    assert f"See the principles <{BASE}principles/> and FOI" in text


def test_raw_html_in_the_text_reaches_the_email_with_nothing_that_runs(
    site, tmp_path, capsys, monkeypatch
):
    with (site / "site.yml").open("a") as settings:
        settings.write("allow_html: true\n")
    third = site / "content/meetings/2024-03-11-third.md"
    third.write_text(
        third.read_text().replace(
            "A short third meeting.\n",
            '<p onclick="steal()">Kept <a href="javascript:steal()">text</a></p>\n'
            "<script>steal()</script><iframe src='https://example.com/'></iframe>\n"
            "<!-- a comment -->\n",
        )
    )
    message = dry_run(site, "2024-03-11-third", tmp_path, capsys, monkeypatch)
    html = html_part(message)
    assert "<p>Kept <a>text</a></p>" in html
    for unsafe in ("steal", "<script", "<iframe", "a comment"):
        assert unsafe not in html
    assert "Kept text" in text_part(message)


def test_an_earlier_meeting_s_email_links_no_agenda_pack_it_is_not_for(
    site, tmp_path, capsys, monkeypatch
):
    """The agenda pack is the site's next meeting's: a catch-up email for an earlier
    meeting names the meeting it announced, with no link to a later meeting's pack."""
    latest = dry_run(site, "2024-03-11-third", tmp_path, capsys, monkeypatch)
    assert f"Agenda pack: {BASE}next/" in text_part(latest)
    assert f'See <a href="{BASE}next/">the agenda pack</a>.' in html_part(latest)
    earlier = dry_run(site, KICK_OFF, tmp_path, capsys, monkeypatch)
    text, html = text_part(earlier), html_part(earlier)
    assert "12 February 2024" in text and "12 February 2024" in parse_html(html).text
    assert "Agenda pack" not in text and "agenda pack" not in html
    assert f"{BASE}next/" not in text + html


def test_a_meeting_dated_ahead_leaves_the_agenda_pack_to_the_latest_held(
    site, tmp_path, capsys, monkeypatch
):
    """A meeting published ahead of the build date has not met: the latest meeting held
    by then is still the one whose email links the pack."""
    (site / "content/meetings/2024-04-08-ahead.md").write_text(
        "---\ntitle: Ahead\ndate: 2024-04-08\ntime: '10:00'\n"
        "themes: [permission-to-engage]\n---\nWritten before it met.\n"
    )
    latest = dry_run(site, "2024-03-11-third", tmp_path, capsys, monkeypatch)
    assert f"Agenda pack: {BASE}next/" in text_part(latest)
    assert f'See <a href="{BASE}next/">the agenda pack</a>.' in html_part(latest)
    # nor has the meeting that holds the announced day met since
    assert "has since met" not in text_part(latest) + html_part(latest)


def _third_announcing_no_next_meeting(site: Path) -> None:
    """The third meeting's `next_meeting` taken out."""
    third = site / "content/meetings/2024-03-11-third.md"
    third.write_text(
        third.read_text().replace(
            "next_meeting: {date: 2024-04-08, time: '10:00', location: Room 1}\n", ""
        )
    )


def test_the_meeting_published_ahead_is_the_next_in_the_email_of_one_announcing_none(
    site, tmp_path, capsys, monkeypatch
):
    """The third meeting gives no `next_meeting`, and the meeting after it is published ahead
    of its day: the email's next meeting is that one, its date, time and place, linked, with
    what falls due by it and the pack; not "Not announced yet", nor met since."""
    _third_announcing_no_next_meeting(site)
    (site / "content/meetings/2024-04-08-ahead.md").write_text(
        "---\ntitle: April meeting\ndate: 2024-04-08\ntime: '18:00'\nlocation: Room 2\n"
        "themes: [permission-to-engage]\n---\nOur agenda.\n"
    )
    message = dry_run(site, "2024-03-11-third", tmp_path, capsys, monkeypatch)
    text, html = text_part(message).replace("\r\n", "\n"), html_part(message)
    assert (
        "NEXT MEETING\n"
        "8 April 2024, 18:00, Room 2.\n"
        "Published ahead of its day: April meeting.\n"
        f"  {BASE}meetings/2024-04-08-ahead/\n"
        f"Agenda pack: {BASE}next/\n\n"
        "Due for report-back then:\n"
        "- Ask legal about FOI\n"
    ) in text
    words = parse_html(html).text
    assert (
        "8 April 2024, 18:00, Room 2. Published ahead of its day: April meeting. "
        "See the agenda pack."
    ) in words
    assert f'<a href="{BASE}meetings/2024-04-08-ahead/">April meeting</a>' in html
    assert f'See <a href="{BASE}next/">the agenda pack</a>.' in html
    assert "Ask legal about FOI" in words
    for said in ("Not announced yet", "has since met"):
        assert said not in text and said not in words


def test_a_meeting_published_more_than_four_weeks_ahead_is_the_next_in_the_email_before_it(
    site, tmp_path, capsys, monkeypatch
):
    """The meeting after the third, announcing none, is published ahead for 13 May, nine
    weeks after the build date (warned of, and published): the third's email names it as
    the next meeting, as the home page does, not "Not announced yet". Its title ends in a
    question mark, which ends the sentence: no full stop after it."""
    _third_announcing_no_next_meeting(site)
    (site / "content/meetings/2024-05-13-may.md").write_text(
        "---\ntitle: What next in May?\ndate: 2024-05-13\ntime: '18:00'\nlocation: Room 2\n"
        "themes: [permission-to-engage]\n---\nOur agenda.\n"
    )
    message = dry_run(site, "2024-03-11-third", tmp_path, capsys, monkeypatch)
    text, html = text_part(message).replace("\r\n", "\n"), html_part(message)
    assert (
        "NEXT MEETING\n"
        "13 May 2024, 18:00, Room 2.\n"
        "Published ahead of its day: What next in May?\n"
        f"  {BASE}meetings/2024-05-13-may/\n"
        f"Agenda pack: {BASE}next/\n"
    ) in text
    words = parse_html(html).text
    assert "13 May 2024, 18:00, Room 2. Published ahead of its day: What next in May? " in words
    assert "Not announced yet" not in text and "Not announced yet" not in words


def _next_meeting_paragraph(html: str) -> str:
    """The words of the HTML part's paragraph under its "Next meeting" heading."""
    paragraph = lxml.html.fromstring(html).xpath("//h2[.='Next meeting']/following-sibling::p[1]")
    return " ".join(paragraph[0].text_content().split())


def test_the_next_meeting_s_day_time_and_place_are_one_sentence_in_both_parts(
    site, tmp_path, capsys, monkeypatch
):
    """The plain text's NEXT MEETING line ends in a full stop, as the HTML's sentence does:
    both parts say the same sentence, and so too "It has since met: …." once it has."""
    message = dry_run(site, "2024-03-11-third", tmp_path, capsys, monkeypatch)
    text = text_part(message).replace("\r\n", "\n")
    said = text.split("NEXT MEETING\n")[1].split("\n")[0]
    assert said == "8 April 2024, 10:00, Room 1."
    assert _next_meeting_paragraph(html_part(message)).startswith(said + " See the agenda pack.")
    (site / "content/meetings/2024-04-08-met.md").write_text(
        "---\ntitle: Met\ndate: 2024-04-08\nthemes: [permission-to-engage]\n---\nWe met.\n"
    )
    held = dry_run(site, "2024-03-11-third", tmp_path, capsys, monkeypatch, on("2024-04-09"))
    lines = text_part(held).replace("\r\n", "\n").split("NEXT MEETING\n")[1].split("\n")
    assert lines[:2] == ["8 April 2024, 10:00, Room 1.", "It has since met: “Met” (8 April 2024)."]
    assert _next_meeting_paragraph(html_part(held)) == " ".join(lines[:2])


def test_the_announcing_meeting_s_email_links_the_pack_while_its_announcement_stands(
    site, tmp_path, capsys, monkeypatch
):
    """As its page does: after an extra meeting on 25 March that announces nothing, the third
    meeting's announcement of 8 April stands, and a catch-up email for it links the pack;
    the extra meeting's does not (it announced nothing). Once a meeting is held on 8 April,
    the third's says that one has met since, not the extra one."""
    (site / "content/meetings/2024-03-25-extra.md").write_text(
        "---\ntitle: Extra\ndate: 2024-03-25\nthemes: [permission-to-engage]\n---\nWe met.\n"
    )
    third = dry_run(site, "2024-03-11-third", tmp_path, capsys, monkeypatch, on("2024-03-26"))
    assert f"Agenda pack: {BASE}next/" in text_part(third)
    assert f'See <a href="{BASE}next/">the agenda pack</a>.' in html_part(third)
    extra = dry_run(site, "2024-03-25-extra", tmp_path, capsys, monkeypatch, on("2024-03-26"))
    assert f"{BASE}next/" not in text_part(extra) + html_part(extra)
    held = dry_run(site, "2024-03-11-third", tmp_path, capsys, monkeypatch, on("2024-04-09"))
    assert f"{BASE}next/" in text_part(held)  # no meeting on or after 8 April is published
    (site / "content/meetings/2024-04-08-met.md").write_text(
        "---\ntitle: Met\ndate: 2024-04-08\nthemes: [permission-to-engage]\n---\nWe met.\n"
    )
    held = dry_run(site, "2024-03-11-third", tmp_path, capsys, monkeypatch, on("2024-04-09"))
    assert f"{BASE}next/" not in text_part(held) + html_part(held)
    # the next meeting that has met since is the one held on 8 April, not the extra one
    assert "It has since met: “Met” (8 April 2024).\n" in text_part(held).replace("\r\n", "\n")


def _postponed_to_15_april(site: Path) -> None:
    """The third meeting announced 8 April; the meeting that holds it, April meeting, is
    published ahead for 15 April (postponed); the third raised an action due on 12 April."""
    third = site / "content/meetings/2024-03-11-third.md"
    third.write_text(
        third.read_text().replace(
            "due: 2024-04-01}\n",
            "due: 2024-04-01}\n  - {id: book-room, title: Book the room, due: 2024-04-12}\n",
        )
    )
    (site / "content/meetings/2024-04-15-april.md").write_text(
        "---\ntitle: April meeting\ndate: 2024-04-15\nthemes: [permission-to-engage]\n---\n"
        "Written ahead.\n"
    )


def test_the_announcing_meeting_s_email_gives_the_day_a_postponed_meeting_now_stands_on(
    site, tmp_path, capsys, monkeypatch
):
    """The third meeting announced 8 April; the meeting that holds it is published ahead for
    15 April (postponed, README "Postponing or cancelling the next meeting"): as /next/ does,
    the third meeting's email gives 15 April, moved from 8 April, in both parts, links that
    meeting's page (published ahead of its day, with its agenda), and gives the actions due
    by then (one due on 12 April too)."""
    _postponed_to_15_april(site)
    message = dry_run(site, "2024-03-11-third", tmp_path, capsys, monkeypatch)
    text, html = text_part(message).replace("\r\n", "\n"), html_part(message)
    assert (
        "NEXT MEETING\n"
        "15 April 2024, 10:00, Room 1 (moved from 8 April 2024).\n"
        "Published ahead of its day: April meeting.\n"
        f"  {BASE}meetings/2024-04-15-april/\n"
        f"Agenda pack: {BASE}next/\n\n"
        "Due for report-back then:\n"
        "- Ask legal about FOI\n"
    ) in text
    assert "- Book the room\n" in text
    words = parse_html(html).text
    assert (
        "15 April 2024, 10:00, Room 1 (moved from 8 April 2024). Published ahead of its day: "
        "April meeting. See the agenda pack."
    ) in words
    assert '(moved from <time datetime="2024-04-08">8 April 2024</time>)' in html
    assert f'<a href="{BASE}meetings/2024-04-15-april/">April meeting</a>' in html
    assert "Book the room" in words
    assert "8 April 2024, 10:00" not in text + words


def test_a_catch_up_email_says_the_next_meeting_met_on_a_later_day_than_announced(
    site, tmp_path, capsys, monkeypatch
):
    """The third meeting announced 8 April; the meeting that held it met on 15 April
    (postponed). The third's email, sent again on 16 April, gives the day it announced, then
    that the next meeting has met, when, and that it moved from that day, in both parts."""
    _postponed_to_15_april(site)
    message = dry_run(site, "2024-03-11-third", tmp_path, capsys, monkeypatch, on("2024-04-16"))
    text, html = text_part(message).replace("\r\n", "\n"), html_part(message)
    assert (
        "NEXT MEETING\n"
        "8 April 2024, 10:00, Room 1.\n"
        "It has since met: “April meeting” (15 April 2024, moved from 8 April 2024).\n"
        f"  {BASE}meetings/2024-04-15-april/\n"
    ) in text
    assert (
        f'It has since met: “<a href="{BASE}meetings/2024-04-15-april/">'
        "April meeting</a>” (15 April 2024, moved from 8 April 2024)."
    ) in html
    assert "Published ahead" not in text + html and f"{BASE}next/" not in text + html
    # a longer title is wrapped at 72 characters as the rest, its dates kept whole
    april = site / "content/meetings/2024-04-15-april.md"
    april.write_text(april.read_text().replace("April meeting", "The residents' April meeting"))
    message = dry_run(site, "2024-03-11-third", tmp_path, capsys, monkeypatch, on("2024-04-16"))
    assert (
        "It has since met: “The residents' April meeting” (15 April 2024, moved \n"
        "from 8 April 2024).\n"
        f"   {BASE}meetings/2024-04-15-april/\n"
    ) in wire_text(message)


def test_the_email_names_a_meeting_brought_forward_before_the_day_announced_as_the_next(
    smtp, site, capsys, monkeypatch
):
    """The third meeting announced 8 April; the group then put a meeting on 2 April, published
    ahead of its day. The third's email, as the server receives it, names the 2 April meeting
    as the next, its time and its page, says the day the third announced, and gives the
    actions due by 2 April, in both parts; not 8 April, nor the pack (which is 8 April's).
    Once the 2 April meeting has met, a catch-up email gives the day announced again."""
    (site / "content/meetings/2024-04-02-brought-forward.md").write_text(
        "---\ntitle: Brought forward\ndate: 2024-04-02\ntime: '09:30'\n"
        "themes: [permission-to-engage]\n---\nMoved up a week for the consultation.\n"
    )
    monkeypatch.setenv("NOMINUTES_SMTP_URL", smtp.url())
    run = run_email(["--source", str(site), "--meeting", "2024-03-11-third"], capsys, monkeypatch)
    assert run.code == 0, run.err
    message = smtp.recorder.received[0].message
    text, html = text_part(message).replace("\r\n", "\n"), html_part(message)
    assert (
        "NEXT MEETING\n"
        "2 April 2024, 09:30 (this meeting announced 8 April 2024).\n"
        "Published ahead of its day: Brought forward.\n"
        f"  {BASE}meetings/2024-04-02-brought-forward/\n\n"
        "Due for report-back then:\n"
        "- Ask legal about FOI\n"
    ) in text
    assert _next_meeting_paragraph(html) == (
        "2 April 2024, 09:30 (this meeting announced 8 April 2024). "
        "Published ahead of its day: Brought forward."
    )
    assert '(this meeting announced <time datetime="2024-04-08">8 April 2024</time>)' in html
    assert f'<a href="{BASE}meetings/2024-04-02-brought-forward/">Brought forward</a>' in html
    assert "8 April 2024, 10:00" not in text + html and f"{BASE}next/" not in text + html
    assert "Ask legal about FOI" in html.split("Due for report-back at the next meeting")[1]
    # once it has met, it is a meeting held before the day announced, as the pages have it
    monkeypatch.setenv("SOURCE_DATE_EPOCH", on("2024-04-03"))
    held = run_email(
        ["--source", str(site), "--meeting", "2024-03-11-third", "--to", LIST[0]],
        capsys,
        monkeypatch,
        on("2024-04-03"),
    )
    assert held.code == 0, held.err
    later = text_part(smtp.recorder.received[-1].message).replace("\r\n", "\n")
    assert "NEXT MEETING\n8 April 2024, 10:00, Room 1.\n" in later
    assert "this meeting announced" not in later


def test_the_group_s_first_meeting_s_email_says_it_was_the_first_since_the_last_meeting(
    site, tmp_path, capsys, monkeypatch
):
    """The kick-off is the first meeting: under "Since the last meeting" its email says so,
    in both parts, not that no earlier action was reported on, as if one had been due; a
    later meeting with nothing reported says that."""
    message = dry_run(site, KICK_OFF, tmp_path, capsys, monkeypatch)
    text = text_part(message).replace("\r\n", "\n")
    first = "This was the group's first meeting: no earlier action to report on."
    assert f"SINCE THE LAST MEETING\n{first}\n" in text
    page = lxml.html.fromstring(html_part(message))
    said = page.xpath("//h2[.='Since the last meeting']/following-sibling::p[1]")[0]
    assert said.text_content() == first
    assert "No earlier action" not in text + html_part(message)
    (site / "content/meetings/2024-03-25-extra.md").write_text(
        "---\ntitle: Extra\ndate: 2024-03-25\nthemes: [permission-to-engage]\n---\nWe met.\n"
    )
    extra = dry_run(site, "2024-03-25-extra", tmp_path, capsys, monkeypatch, on("2024-03-26"))
    assert "No earlier action was reported on at this meeting." in text_part(extra)
    assert "first meeting" not in text_part(extra) + html_part(extra)


def _morning_workshop(site: Path) -> None:
    """A workshop at 9:30 on 11 March, the third meeting's day, announcing nothing."""
    (site / "content/meetings/2024-03-11-workshop.md").write_text(
        "---\ntitle: Morning workshop\ndate: 2024-03-11\ntime: '09:30'\nlocation: Room 1\n"
        "themes: [permission-to-engage]\n---\nWe worked through the guidance.\n"
    )


def test_the_email_of_a_morning_workshop_names_that_afternoon_s_meeting_as_the_next(
    site, tmp_path, capsys, monkeypatch
):
    """A workshop at 9:30 on 11 March, announcing no next meeting, and the third meeting at
    14:00 that day, both published: the meetings' list puts the workshop first, and the
    home page gives the third as the latest meeting. The workshop's email gives the third
    as its next meeting, its time and place, linked as met, with what falls due by it, in
    both parts; not "Not announced yet"."""
    _morning_workshop(site)
    build = run_cli(["build", "--source", str(site)], capsys, monkeypatch)
    assert build.code == 0, build.err
    home = " ".join(read_page(site / "_site", "index.html").text.split())
    assert "Latest meeting Third meeting, 11 March 2024" in home
    listed = " ".join(
        read_page(site / "_site", "meetings/2024-03-11-workshop/index.html").text.split()
    )
    assert "Next meeting: Third meeting" in listed
    message = dry_run(site, "2024-03-11-workshop", tmp_path, capsys, monkeypatch)
    text, html = text_part(message).replace("\r\n", "\n"), html_part(message)
    assert (
        "NEXT MEETING\n"
        "11 March 2024, 14:00, Room 4.12.\n"
        "It has since met: “Third meeting” (11 March 2024).\n"
        f"  {BASE}meetings/2024-03-11-third/\n\n"
        "Due for report-back then:\n"
        "- Write guidance on engaging online\n"
    ) in text
    words = " ".join(parse_html(html).text.split())
    assert (
        "11 March 2024, 14:00, Room 4.12. It has since met: “Third meeting” (11 March 2024)."
    ) in words
    assert f'“<a href="{BASE}meetings/2024-03-11-third/">Third meeting</a>” (11 March 2024)' in html
    assert "Not announced yet" not in text and "Not announced yet" not in words


def test_a_welsh_site_s_email_marks_the_next_meeting_s_title_and_place_welsh(
    site, tmp_path, capsys, monkeypatch
):
    """On a site with `language: cy`, the workshop's email names the third meeting, met
    since, and its place, the members' words among nominutes': in the HTML part they are
    marked Welsh, the date beside the title English; the plain-text part is an English
    site's."""
    _morning_workshop(site)
    english = dry_run(site, "2024-03-11-workshop", tmp_path / "en", capsys, monkeypatch)
    with (site / "site.yml").open("a") as settings:
        settings.write("language: cy\n")
    welsh = dry_run(site, "2024-03-11-workshop", tmp_path / "cy", capsys, monkeypatch)
    assert text_part(welsh) == text_part(english)
    html = html_part(welsh)
    assert (
        f'It has since met: “<a href="{BASE}meetings/2024-03-11-third/" lang="cy">'
        "Third meeting</a>” (11 March 2024)."
    ) in html
    assert (
        '<time datetime="2024-03-11T14:00">14:00</time>, <span lang="cy">Room 4.12</span>' in html
    )
    assert (
        f'It has since met: “<a href="{BASE}meetings/2024-03-11-third/">'
        "Third meeting</a>” (11 March 2024)."
    ) in html_part(english)


AHEAD = (  # written up on 11 March, the build date, for a workshop on 16 March
    "---\ntitle: Workshop review\ndate: 2024-03-16\nthemes: [permission-to-engage]\n"
    "actions:\n  - {id: ask-legal, status: done, note: Legal said yes.}\n---\nWe reviewed.\n"
)
# asked for with --meeting, it says to ask again on its day, not to use --meeting
AHEAD_ASKED_ERROR = (
    "error: meeting 2024-03-16-workshop is dated 16 March 2024, after today (11 March 2024): "
    "a meeting's summary is sent once it has met; correct its date, or run this command "
    "again on its day\n"
)


def test_a_meeting_dated_ahead_is_not_sent_before_its_day(
    smtp, site, tmp_path, capsys, monkeypatch
):
    """Its summary would say the action was closed at a meeting that has not met: refused,
    naming its date, nothing sent or written; on its day it is sent."""
    (site / "content/meetings/2024-03-16-workshop.md").write_text(AHEAD)
    monkeypatch.setenv("NOMINUTES_SMTP_URL", smtp.url())
    args = ["--source", str(site), "--meeting", "2024-03-16-workshop"]
    run = run_email(args, capsys, monkeypatch)
    assert (run.code, run.out, run.err) == (1, "", AHEAD_ASKED_ERROR)
    assert smtp.recorder.received == []
    out = tmp_path / "mail"
    run = run_email([*args, "--dry-run", str(out)], capsys, monkeypatch)
    assert (run.code, run.err) == (1, AHEAD_ASKED_ERROR)
    run = run_email([*args[:3], "2024-03-16", "--to", "bo@example.org"], capsys, monkeypatch)
    assert (run.code, run.out) == (1, "--meeting 2024-03-16: 2024-03-16-workshop\n")
    assert run.err == AHEAD_ASKED_ERROR  # by its date, to one address, as it was asked
    assert not out.exists()
    run = run_email(args, capsys, monkeypatch, on("2024-03-16"))
    assert run.code == 0, run.err
    [got] = smtp.recorder.received
    assert got.message["Subject"] == "[Group] Workshop review (16 March 2024)"


@pytest.mark.parametrize(
    "timezone, moment, sent",
    [
        ("America/Los_Angeles", "2024-03-16T06:59:00+00:00", False),  # 23:59 on the 15th there
        ("America/Los_Angeles", "2024-03-16T07:01:00+00:00", True),  # 00:01 on the 16th
        ("Pacific/Auckland", "2024-03-15T11:01:00+00:00", True),  # 00:01 on the 16th there
        ("Pacific/Auckland", "2024-03-15T10:59:00+00:00", False),
    ],
)
def test_a_meeting_is_sent_on_its_day_in_the_sites_time_zone(
    site, tmp_path, capsys, monkeypatch, timezone: str, moment: str, sent: bool
):
    """The email's today is the site's, as the build's: a meeting is not sent the evening
    before it meets where the group is, nor held back a day after it met."""
    settings = site / "site.yml"
    settings.write_text(f"{settings.read_text()}timezone: {timezone}\n")
    (site / "content/meetings/2024-03-16-workshop.md").write_text(AHEAD)
    epoch = str(int(datetime.fromisoformat(moment).timestamp()))
    out = tmp_path / "mail"
    args = ["--source", str(site), "--meeting", "2024-03-16-workshop", "--dry-run", str(out)]
    run = run_email(args, capsys, monkeypatch, epoch)
    assert (run.code == 0, (out / "2024-03-16-workshop.eml").exists()) == (sent, sent), run.err
    if not sent:
        assert "is dated 16 March 2024, after today (15 March 2024)" in run.err


AHEAD_NOTE = (
    "not sent yet: meeting 2024-03-16-workshop is dated 16 March 2024, after today (11 March "
    "2024): a meeting's summary is sent once it has met, so the first push on or after its day "
    "sends it (correct its date if it is not the day it meets)\n"
)


def commit_on(site: Path, message: str, day: str) -> str:
    """Commit every change at 18:00 (UTC) on `day`, as a push made that day after its
    meetings (the third's at 14:00); its hash."""
    git(site, "add", "-A")
    when = f"{day}T18:00:00+00:00"
    who = ["-c", "user.name=T", "-c", "user.email=t@example.org"]
    subprocess.run(
        ["git", "-C", str(site), *who, "commit", "-q", "-m", message],
        check=True,
        env={**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when},
    )
    return git(site, "rev-parse", "HEAD")


def test_new_since_sends_the_meetings_held_and_the_one_dated_ahead_once_on_its_day(
    smtp, site, capsys, monkeypatch
):
    """The others go out and the run succeeds, saying when the one ahead is sent: the next
    push's run (from this one, CI's last success) sends that one alone once its day has come,
    and never the others again, however often it runs."""
    git(site, "init", "-q")
    first = commit_on(site, "first", "2024-03-11")
    (site / "content/meetings/2024-03-16-workshop.md").write_text(AHEAD)
    (site / "content/meetings/2024-02-20-extra.md").write_text(
        "---\ntitle: An extra meeting\ndate: 2024-02-20\nthemes: [foi-implications]\n---\nMet.\n"
    )
    second = commit_on(site, "second", "2024-03-11")
    monkeypatch.setenv("NOMINUTES_SMTP_URL", smtp.url())
    run = run_email(["--source", str(site), "--new-since", first], capsys, monkeypatch)
    assert (run.code, run.err) == (0, "")
    assert run.out == AHEAD_NOTE + (
        f"sent '[Group] An extra meeting (20 February 2024)' through "
        f"smtp+starttls://127.0.0.1:{smtp.port}, as user 'se…'\n"
    )
    assert [r.message["Subject"] for r in smtp.recorder.received] == [
        "[Group] An extra meeting (20 February 2024)"
    ]
    # a push before its day: only the note, and it is not "nothing to send"
    edit(site, "content/meetings/2024-02-20-extra.md", "Met.", "Met again.")
    third = commit_on(site, "third", "2024-03-12")
    run = run_email(
        ["--source", str(site), "--new-since", second], capsys, monkeypatch, on("2024-03-12")
    )
    assert (run.code, run.out) == (0, AHEAD_NOTE.replace("11 March", "12 March"))
    assert len(smtp.recorder.received) == 1
    # the first push on or after its day sends it, and it alone
    edit(site, "content/meetings/2024-02-20-extra.md", "Met again.", "Met again, twice.")
    fourth = commit_on(site, "fourth", "2024-03-18")
    run = run_email(
        ["--source", str(site), "--new-since", third], capsys, monkeypatch, on("2024-03-18")
    )
    assert run.code == 0, run.err
    assert [r.message["Subject"] for r in smtp.recorder.received] == [
        "[Group] An extra meeting (20 February 2024)",
        "[Group] Workshop review (16 March 2024)",
    ]
    # the next push sends nothing again
    run = run_email(
        ["--source", str(site), "--new-since", fourth], capsys, monkeypatch, on("2024-03-20")
    )
    assert (run.code, run.out) == (0, f"no meeting was published since {fourth}; nothing to send\n")
    assert len(smtp.recorder.received) == 2


def test_a_meeting_dated_after_its_push_is_sent_by_the_next_push_though_its_run_came_later(
    site, tmp_path, capsys, monkeypatch
):
    """A run for a commit sends what was ready on the day the commit was made, whenever it
    runs: a run that waited past the meeting's day leaves it to the next push, which sends
    it once (a later run for the same commit would otherwise have sent it too)."""
    git(site, "init", "-q")
    first = commit_on(site, "first", "2024-03-11")
    (site / "content/meetings/2024-03-14-walk.md").write_text(
        "---\ntitle: Site walk\ndate: 2024-03-14\nthemes: [foi-implications]\n---\nWalked.\n"
    )
    second = commit_on(site, "second", "2024-03-11")
    out = tmp_path / "mail"
    args = ["--source", str(site), "--dry-run", str(out), "--new-since"]
    run = run_email([*args, first], capsys, monkeypatch, on("2024-03-15"))
    assert (run.code, run.out, run.err) == (
        0,
        "not sent yet: meeting 2024-03-14-walk is dated 14 March 2024, after the day HEAD was "
        "committed (11 March 2024), so a run for that commit does not send it: the next push "
        "sends it\n",
        "",
    )
    assert not out.exists()
    edit(site, "content/meetings/2024-03-11-third.md", "A short", "A shorter")
    commit_on(site, "third", "2024-03-16")
    run = run_email([*args, second], capsys, monkeypatch, on("2024-03-16"))
    assert run.code == 0, run.err
    assert sorted(path.name for path in out.iterdir()) == ["2024-03-14-walk.eml"]


def test_a_meeting_whose_year_slipped_is_sent_once_its_date_is_corrected(
    site, tmp_path, capsys, monkeypatch
):
    """Published dated a year ahead (by a build without --strict), then renamed to the day
    meant: the push that corrects it sends it, though its file is older than the commit the
    run compares from."""
    git(site, "init", "-q")
    first = commit_on(site, "first", "2024-03-12")
    slip = "---\ntitle: Slipped\ndate: 2025-03-12\nthemes: [foi-implications]\n---\nMet.\n"
    (site / "content/meetings/2025-03-12-slipped.md").write_text(slip)
    second = commit_on(site, "second", "2024-03-12")
    out = tmp_path / "mail"
    args = ["--source", str(site), "--dry-run", str(out), "--new-since"]
    run = run_email([*args, first], capsys, monkeypatch, on("2024-03-12"))
    assert run.code == 0 and run.out.startswith("not sent yet: meeting 2025-03-12-slipped is")
    assert not out.exists()
    git(
        site,
        "mv",
        "content/meetings/2025-03-12-slipped.md",
        "content/meetings/2024-03-12-slipped.md",
    )
    edit(site, "content/meetings/2024-03-12-slipped.md", "2025-03-12", "2024-03-12")
    commit_on(site, "the year corrected", "2024-03-13")
    run = run_email([*args, second], capsys, monkeypatch, on("2024-03-13"))
    assert run.code == 0, run.err
    assert sorted(path.name for path in out.iterdir()) == ["2024-03-12-slipped.eml"]


def test_decisions_due_for_review_by_the_next_meeting_are_in_the_email(
    site, tmp_path, capsys, monkeypatch
):
    """As in the agenda pack: what the next meeting is to look at again."""
    edit(
        site,
        "content/meetings/2024-03-11-third.md",
        "  - {id: notes-not-minutes, text: We keep notes & not minutes}\n",
        "  - {id: notes-not-minutes, text: We keep notes & not minutes, review: 2024-04-01}\n",
    )
    message = dry_run(site, "2024-03-11-third", tmp_path, capsys, monkeypatch)
    text, html = text_part(message).replace("\r\n", "\n"), html_part(message)
    assert (
        "Decisions due for review then:\n"
        "- We keep notes & not minutes (to be reviewed by 1 April 2024)\n"
        f"  {BASE}decisions/notes-not-minutes/\n"
    ) in text
    page = parse_html(html)
    assert "Decisions due for review then" in page.text
    assert (
        f'<li><a href="{BASE}decisions/notes-not-minutes/">We keep notes &amp; not minutes</a> '
        '(to be reviewed by <time datetime="2024-04-01">1 April 2024</time>)</li>'
    ) in html
    # a review after the next meeting is not its business
    edit(site, "content/meetings/2024-03-11-third.md", "review: 2024-04-01", "review: 2024-05-01")
    later = dry_run(site, "2024-03-11-third", tmp_path, capsys, monkeypatch, on("2024-03-26"))
    assert "Decisions due for review" not in text_part(later) + html_part(later)


def test_a_decision_due_for_review_in_the_email_ends_its_sentence_after_the_date(
    site, tmp_path, capsys, monkeypatch
):
    """A decision's words end in their own full stop; the date it is to be reviewed by goes
    before it, as a sentence has it, as a decision that replaced another is said: "We keep
    notes, not minutes (to be reviewed by 1 April 2024).", not "minutes. (to be …)"."""
    edit(
        site,
        "content/meetings/2024-03-11-third.md",
        "  - {id: notes-not-minutes, text: We keep notes & not minutes}\n",
        "  - {id: notes-not-minutes, text: We keep notes & not minutes., review: 2024-04-01}\n",
    )
    message = dry_run(site, "2024-03-11-third", tmp_path, capsys, monkeypatch)
    text, html = text_part(message).replace("\r\n", "\n"), html_part(message)
    assert (
        "Decisions due for review then:\n"
        "- We keep notes & not minutes (to be reviewed by 1 April 2024).\n"
        f"  {BASE}decisions/notes-not-minutes/\n"
    ) in text
    assert (
        f'<li><a href="{BASE}decisions/notes-not-minutes/">We keep notes &amp; not minutes</a> '
        '(to be reviewed by <time datetime="2024-04-01">1 April 2024</time>).</li>'
    ) in html


def test_a_decision_reviewed_and_kept_is_due_in_the_email_only_by_its_new_date(
    site, tmp_path, capsys, monkeypatch
):
    edit(
        site,
        "content/meetings/2024-03-11-third.md",
        "  - {id: notes-not-minutes, text: We keep notes & not minutes}\n",
        "  - {id: notes-not-minutes, text: We keep notes & not minutes, review: 2024-04-01}\n",
    )
    (site / "content/meetings/2024-03-25-review.md").write_text(
        "---\ntitle: Review\ndate: 2024-03-25\nnext_meeting: 2024-04-15\ndecisions:\n"
        "  - {id: notes-not-minutes, review: 2024-09-01, note: Kept.}\n---\nWe looked again.\n"
    )
    message = dry_run(site, "2024-03-25-review", tmp_path, capsys, monkeypatch, on("2024-03-25"))
    assert "Decisions due for review" not in text_part(message) + html_part(message)


def add_review(site: Path) -> None:
    """The third meeting's decision, to be reviewed by 1 April, reviewed and kept on 25 March."""
    edit(
        site,
        "content/meetings/2024-03-11-third.md",
        "  - {id: notes-not-minutes, text: We keep notes & not minutes}\n",
        "  - {id: notes-not-minutes, text: We keep notes & not minutes, review: 2024-04-01}\n",
    )
    (site / "content/meetings/2024-03-25-review.md").write_text(
        "---\ntitle: Review\ndate: 2024-03-25\ndecisions:\n"
        "  - {id: notes-not-minutes, review: 2024-09-01, note: Readers find them; we keep them.}"
        "\n---\nWe looked again.\n"
    )


def test_the_reviewing_meeting_s_email_lists_the_decisions_it_reviewed(
    smtp, site, tmp_path, capsys, monkeypatch
):
    """As its page does: a member learns what the meeting kept, and that it made nothing new."""
    add_review(site)
    monkeypatch.setenv("NOMINUTES_SMTP_URL", smtp.url())
    args = ["--source", str(site), "--meeting", "2024-03-25-review"]
    run = run_email(args, capsys, monkeypatch, on("2024-03-25"))
    assert run.code == 0, run.err
    message = smtp.recorder.received[0].message
    text, html = (part(message).replace("\r\n", "\n") for part in (text_part, html_part))
    assert (
        "DECISIONS\n"
        "No new decision was made at this meeting.\n"
        "\n"
        "DECISIONS REVIEWED\n"
        "- We keep notes & not minutes\n"
        "  Kept; to be reviewed again by 1 September 2024.\n"
        "  Readers find them; we keep them.\n"
        f"  {BASE}decisions/notes-not-minutes/\n"
        "\n"
        "ACTIONS RAISED\n"
    ) in text
    assert "No decision was recorded" not in text + html
    assert (
        "<p>No new decision was made at this meeting.</p>\n\n<h2>Decisions reviewed</h2>\n<ul>\n"
        f'  <li><a href="{BASE}decisions/notes-not-minutes/">We keep notes &amp; not minutes</a>'
        '<br>Kept; to be reviewed again by <time datetime="2024-09-01">1 September 2024</time>.'
        "<br>Readers find them; we keep them.</li>\n</ul>"
    ) in html
    # a review with no next date says there is none
    edit(site, "content/meetings/2024-03-25-review.md", "review: 2024-09-01, ", "")
    again = dry_run(site, "2024-03-25-review", tmp_path, capsys, monkeypatch, on("2024-03-25"))
    assert "  Kept; no further review set.\n" in text_part(again).replace("\r\n", "\n")
    assert "</a><br>Kept; no further review set.<br>" in html_part(again)


def test_a_catch_up_email_shows_the_review_date_its_meeting_set_and_the_review_since(
    site, tmp_path, capsys, monkeypatch
):
    """The meeting that made the decision set 1 April; a later review set 1 September: the
    earlier email says both, never the later date as if its meeting had set it."""
    add_review(site)
    message = dry_run(site, "2024-03-11-third", tmp_path, capsys, monkeypatch)
    text, html = text_part(message).replace("\r\n", "\n"), html_part(message)
    assert (
        wrapped(
            "- We keep notes & not minutes",
            "  To be reviewed by 1 April 2024 then. Since reviewed and "
            "kept on 25 March 2024, next review 1 September 2024.",
        )
        in text
    )
    assert (
        'To be reviewed by <time datetime="2024-04-01">1 April 2024</time> then. Since reviewed '
        'and kept on <time datetime="2024-03-25">25 March 2024</time>, next review '
        '<time datetime="2024-09-01">1 September 2024</time>.</li>'
    ) in html
    # the reviewing meeting's own email, the latest, has nothing since
    latest = dry_run(site, "2024-03-25-review", tmp_path, capsys, monkeypatch, on("2024-03-25"))
    assert "Since reviewed" not in text_part(latest) + html_part(latest)


def test_a_catch_up_email_lists_the_decisions_due_for_review_as_its_meeting_left_them(
    site, tmp_path, capsys, monkeypatch
):
    """The third meeting's next meeting is on 8 April. Its decision was due for review by
    1 April then, and a review on 25 March moved that to 1 September: the email still lists
    it, as it would have then, and says the review since (sent on 26 March, once the review
    has met: before, the meeting of 25 March is the next)."""
    add_review(site)
    message = dry_run(site, "2024-03-11-third", tmp_path, capsys, monkeypatch, on("2024-03-26"))
    text, html = (part(message).replace("\r\n", "\n") for part in (text_part, html_part))
    assert (
        "Decisions due for review then:\n"
        + wrapped(
            "- We keep notes & not minutes (to be reviewed by 1 April 2024). Since reviewed and "
            "kept "
            "on 25 March 2024, next review 1 September 2024.",
            f"  {BASE}decisions/notes-not-minutes/",
        )
        in text
    )
    assert (
        '(to be reviewed by <time datetime="2024-04-01">1 April 2024</time>). Since reviewed '
        'and kept on <time datetime="2024-03-25">25 March 2024</time>, next review '
        '<time datetime="2024-09-01">1 September 2024</time>.</li>\n</ul>'
    ) in html
    # and a review since that brought the date forward, to 5 April, does not add it
    edit(site, "content/meetings/2024-03-11-third.md", "review: 2024-04-01", "review: 2024-09-01")
    edit(site, "content/meetings/2024-03-25-review.md", "review: 2024-09-01", "review: 2024-04-05")
    later = dry_run(site, "2024-03-11-third", tmp_path, capsys, monkeypatch)
    assert "Decisions due for review" not in text_part(later) + html_part(later)


def test_the_plain_text_part_s_own_lines_are_wrapped_as_its_text_is(
    site, tmp_path, capsys, monkeypatch
):
    """A plain-text reader (and a terminal's mail client) shows each line as it comes: the
    meeting's place, a decision, an action with three owners are wrapped at 72 characters as
    the meeting's text is, each line carried on after a soft break (format=flowed: its line
    ends in a space), which a mail app that honours it joins again; only a line holding an
    address, which is never broken, runs longer."""
    third = "content/meetings/2024-03-11-third.md"
    edit(
        site,
        third,
        "location: Room 4.12\n",
        "location: Committee Room 2, Riverside House, 14 Quay Street, Cardiff\n",
    )
    edit(
        site,
        third,
        "owner: Grace, due: 2024-04-01}",
        "owner: [Grace, Alan Turing, Siân Llywelyn-Ffransis], due: 2024-04-01}",
    )
    edit(
        site,
        third,
        "text: We keep notes & not minutes}",
        "text: 'We trial one online consultation tool on the next open consultation, not three',"
        " review: 2024-06-01}",
    )
    message = dry_run(site, "2024-03-11-third", tmp_path, capsys, monkeypatch)
    wire, text = wire_text(message), text_part(message)
    assert [
        line
        for line in wire.splitlines()
        if len(line) > 72 and "://" not in line and "mailto:" not in line
    ] == []
    assert (
        "11 March 2024, 14:00, Committee Room 2, Riverside House, 14 Quay \nStreet, Cardiff.\n"
    ) in wire
    assert (
        "- We trial one online consultation tool on the next open consultation, \n"
        "not three\n"
        "   To be reviewed by 1 June 2024.\n"  # stuffed: it begins with a space
    ) in wire
    assert (
        "   Owners: Grace, Alan Turing, Siân Llywelyn-Ffransis. Due: \n1 April 2024. Open.\n"
    ) in wire
    assert (
        "- We trial one online consultation tool on the next open consultation, not three\n"
        "  To be reviewed by 1 June 2024.\n"
    ) in text
    assert (
        "  Owners: Grace, Alan Turing, Siân Llywelyn-Ffransis. Due: 1 April 2024. Open.\n" in text
    )


def test_the_plain_text_names_the_meeting_before_in_wrapped_lines_its_address_on_its_own(
    site, tmp_path, capsys, monkeypatch
):
    """ "Since …" is wrapped at 72 as every other sentence of the part is, and the address of
    the meeting before goes on a line of its own under it, as each action's does, not inside
    the sentence where a screen reader reads it out between the title and the lists."""
    edit(
        site,
        "content/meetings/2024-02-12-reporting-back.md",
        "title: Reporting back\n",
        "title: Reporting back on the draft guidance for staff taking part online\n",
    )
    message = dry_run(site, "2024-03-11-third", tmp_path, capsys, monkeypatch)
    assert (
        "SINCE THE LAST MEETING\n"
        "Since “Reporting back on the draft guidance for staff taking part \n"
        "online” on 12 February 2024:\n"
        f"   {BASE}meetings/2024-02-12-reporting-back/\n"
    ) in wire_text(message)
    assert (
        "SINCE THE LAST MEETING\n"
        "Since “Reporting back on the draft guidance for staff taking part online” on "
        "12 February 2024:\n"
        f"  {BASE}meetings/2024-02-12-reporting-back/\n"
    ) in text_part(message)


def test_a_title_with_a_comma_reads_as_one_title_after_since_and_raised_at(
    site, tmp_path, capsys, monkeypatch
):
    """The meeting before is named in quotes, in both parts, so that a title with a comma
    ("Reporting back, and permission to engage") reads as one title before "on 12 February
    2024", not as a list; so too the meeting that raised an action due next, before its
    day, and the next meeting that has met since, before its day. In the HTML part both
    links are the title alone, the quotes and the day outside them."""
    edit(
        site,
        "content/meetings/2024-02-12-reporting-back.md",
        "title: Reporting back\n",
        "title: Reporting back, and permission to engage\n",
    )
    edit(  # raised at the second meeting, due at the next
        site,
        "content/meetings/2024-02-12-reporting-back.md",
        "actions:\n",
        "actions:\n  - {id: book-room, title: Book the room, owner: Alan, due: 2024-04-01}\n",
    )
    message = dry_run(site, "2024-03-11-third", tmp_path, capsys, monkeypatch)
    text, html = text_part(message).replace("\r\n", "\n"), html_part(message)
    said = "Since “Reporting back, and permission to engage” on 12 February 2024:"
    assert f"SINCE THE LAST MEETING\n{said}\n  {BASE}meetings/2024-02-12-reporting-back/\n" in text
    assert "  Raised at “Reporting back, and permission to engage”, 12 February 2024.\n" in text
    words = " ".join(parse_html(html).text.split())
    assert said in words
    assert "Raised at “Reporting back, and permission to engage”, 12 February 2024" in words
    assert (
        f'Since “<a href="{BASE}meetings/2024-02-12-reporting-back/">Reporting back, and '
        "permission to engage</a>” on 12 February 2024:"
    ) in html
    # the kick-off's next meeting has met since: it is named in quotes too
    kick_off = dry_run(site, KICK_OFF, tmp_path / "kick-off", capsys, monkeypatch)
    met = "It has since met: “Reporting back, and permission to engage” (12 February 2024)."
    assert met in " ".join(text_part(kick_off).split())
    assert met in " ".join(parse_html(html_part(kick_off)).text.split())
    assert (
        f'It has since met: “<a href="{BASE}meetings/2024-02-12-reporting-back/">Reporting back, '
        "and permission to engage</a>” (12 February 2024)."
    ) in html_part(kick_off)


def test_a_long_title_at_the_top_of_the_plain_text_is_wrapped_at_72(
    site, tmp_path, capsys, monkeypatch
):
    """The meeting's title, the part's first line, is wrapped as its sentences are (a soft
    break, which a mail app that honours format=flowed joins again)."""
    long_title = (
        "Permission to engage online: what the draft guidance asks of staff, and what the"
        " legal team said about freedom of information"
    )
    edit(
        site,
        "content/meetings/2024-03-11-third.md",
        "title: Third meeting\n",
        f"title: '{long_title}'\n",
    )
    message = dry_run(site, "2024-03-11-third", tmp_path, capsys, monkeypatch)
    top = wire_text(message).split("\n11 March 2024", 1)[0]
    assert top == textwrap.fill(long_title, 71).replace("\n", " \n")
    assert top.count("\n") == 1
    assert text_part(message).startswith(f"{long_title}\n11 March 2024")


def test_the_plain_text_part_never_breaks_a_name_or_a_date_across_lines(
    site, tmp_path, capsys, monkeypatch
):
    """Wrapping an action's owner line at 72 characters breaks it between names and between
    dates, never inside one: "Siân / Llywelyn-Ffransis" or "1 April / 2024" reads as two."""
    edit(
        site,
        "content/meetings/2024-03-11-third.md",
        "owner: Grace, due: 2024-04-01}",
        "owner: [Grace Hopper, Alan Mathison Turing-Smith, Siân Llywelyn-Ffransis],"
        " due: 2024-04-01}",
    )
    text = wire_text(dry_run(site, "2024-03-11-third", tmp_path, capsys, monkeypatch))
    assert (
        "- Ask legal about FOI\n"
        "   Owners: Grace Hopper, Alan Mathison Turing-Smith, \n"
        "Siân Llywelyn-Ffransis. Due: 1 April 2024. Open.\n"
    ) in text
    months = "January|February|March|April|May|June|July|August|September|October|November"
    assert not re.search(rf"\b\d{{1,2}} ({months}|December)\n|({months}|December)\n *\d{{4}}", text)


# A site theme's own email.txt: the meeting's summary and the actions it raised, each
# wrapped by the `wrap` filter as the default's lines are.
OWN_EMAIL_TXT = """{{ meeting.text }}

{{ summary | wrap }}

{% for a in raised %}
{% filter wrap("  ") %}- {{ a.title }}. {{ a.owner_label }}: {{ a.owners_text }}. \
Due {{ a.due.text }}, for the next meeting.{% endfilter %}

{% endfor %}
"""


def test_a_site_theme_s_email_txt_wraps_its_lines_as_the_default_does(
    site, tmp_path, capsys, monkeypatch
):
    """A site theme's email.txt given the `wrap` filter: its lines end by 72 characters, each
    carried on after a soft break, and never inside a name ("Siân / Llywelyn-Ffransis", or at
    its hyphen, as Jinja's `wordwrap` breaks it), a date ("1 April / 2024") or an address."""
    third = "content/meetings/2024-03-11-third.md"
    edit(
        site,
        third,
        "owner: Grace, due: 2024-04-01}",
        "owner: [Grace Hopper, Alan Mathison Turing-Smith, Siân Llywelyn-Ffransis],"
        " due: 2024-04-01}",
    )
    edit(
        site,
        third,
        "summary: The third meeting, on permission.",
        "summary: 'The group heard from Siân Llywelyn-Ffransis, on permission, up to 1 April"
        " 2024: see https://example.org/group/a-rather-long-address/that-runs-on-past-a-line/'",
    )
    edit(site, "site.yml", "page_size: 2\n", "page_size: 2\nsite_theme: ours\n")
    (site / "themes/ours/templates").mkdir(parents=True)
    (site / "themes/ours/templates/email.txt").write_text(OWN_EMAIL_TXT)
    text = wire_text(dry_run(site, "2024-03-11-third", tmp_path, capsys, monkeypatch))
    assert text == (
        "Third meeting\n"
        "\n"
        "The group heard from Siân Llywelyn-Ffransis, on permission, up to \n"
        "1 April 2024: see \n"
        "https://example.org/group/a-rather-long-address/that-runs-on-past-a-line/\n"
        "\n"
        "- Ask legal about FOI. Owners: Grace Hopper, \n"
        "Alan Mathison Turing-Smith, Siân Llywelyn-Ffransis. Due 1 April 2024, \n"
        "for the next meeting.\n"
    )


def test_the_html_part_is_valid_html5(smtp, site, capsys, monkeypatch):
    monkeypatch.setenv("NOMINUTES_SMTP_URL", smtp.url())
    assert run_email(["--source", str(site), "--meeting", KICK_OFF], capsys, monkeypatch).code == 0
    html = html_part(smtp.recorder.received[0].message)
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    parser.parse(html)
    assert parser.errors == []
    page = parse_html(html)
    assert len(page.find_all("h1")) == 1 and page.find_all("main")
    assert all(t.get("scope") == "col" for t in page.find_all("th"))
    assert page.find_all("caption")


def test_every_action_cell_names_its_column_for_a_phone(smtp, site, capsys, monkeypatch):
    """On a phone the header row is hidden and each row's cells stack, so each cell carries
    its column's name in a label (shown only there, by the same media query that hides the
    header: many mail clients drop `content: attr()`). The label is hidden on the element as
    well, so where a mail program drops the <style> (and shows the header row) neither a
    reader nor a screen reader gets each column's name twice."""
    monkeypatch.setenv("NOMINUTES_SMTP_URL", smtp.url())
    run = run_email(["--source", str(site), "--meeting", "2024-03-11-third"], capsys, monkeypatch)
    assert run.code == 0, run.err
    html = html_part(smtp.recorder.received[0].message)
    document = html5lib.parse(html, namespaceHTMLElements=False)
    tables = document.findall(".//table")
    rows = 0
    for table in tables:
        columns = ["".join(th.itertext()) for th in table.findall("./thead/tr/th")]
        assert columns == ["Action", "Owner", "Due", "Status"]
        for row in table.findall("./tbody/tr"):
            labels = [td.find("span") for td in row.findall("td")]
            # an action of more than one owner says "Owners: Grace, Alan"
            owners = "".join(labels[1].tail or "")
            assert [(lab.get("class"), lab.get("style"), lab.text) for lab in labels] == [
                (
                    "label",
                    "display: none; mso-hide: all;",
                    f"{column}s: " if column == "Owner" and ", " in owners else f"{column}: ",
                )
                for column in columns
            ]
            rows += 1
    captions = [
        (caption.get("class"), "".join(caption.itertext()))
        for table in tables
        if (caption := table.find("caption")) is not None
    ]
    assert captions == [
        (None, "Closed at this meeting"),
        # the actions raised, named for a screen reader's list of tables; their heading shows
        ("visually-hidden", "Raised at this meeting"),
        (None, "Due for report-back at the next meeting"),
    ]
    assert rows == 3
    style = document.find(".//style").text
    hidden, phone = style.split("@media (max-width: 30rem)")
    assert ".label { display: none; mso-hide: all;" in hidden
    assert "thead { display: none; }\n    .label { display: inline !important; }" in phone
    text = parse_html(html).text
    assert "Ask legal about FOI Owner: Grace Due: 1 April 2024 Status: Open" in text


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_tls_from_the_start_works_too(certificates, site, capsys, monkeypatch):
    with serving(certificates, monkeypatch, implicit_tls=True) as server:
        run = run_email(["--source", str(site), "--meeting", KICK_OFF], capsys, monkeypatch)
    assert run.code == 0, run.err
    [got] = server.recorder.received
    assert got.tls and got.login == USER
    assert got.message["Subject"] == "[Group] Kick-off: first meeting (15 January 2024)"


# --- which meetings: --new-since ----------------------------------------------------------------


def commit_all(site: Path, message: str) -> str:
    git(site, "add", "-A")
    git(site, "commit", "-q", "-m", message)
    return git(site, "rev-parse", "HEAD")


def commit_before_meetings(site: Path, message: str) -> None:
    """Commit every file, dated 10 January 2024: before the first meeting, so that no meeting
    is written up later (a principle's change is a meeting's within a week of its write-up,
    as the principles page credits it)."""
    git(site, "add", "-A")
    when = "2024-01-10T10:00:00"
    who = ["-c", "user.name=T", "-c", "user.email=t@example.org"]
    subprocess.run(
        ["git", "-C", str(site), *who, "commit", "-q", "-m", message],
        check=True,
        env={**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when},
    )


def commit_between_meetings(site: Path, message: str) -> None:
    """Commit every change, dated 20 February 2024: between the meetings of 12 February and
    11 March."""
    when = "2024-02-20T10:00:00"
    who = ["-c", "user.name=T", "-c", "user.email=t@example.org"]
    subprocess.run(
        ["git", "-C", str(site), *who, "commit", "-q", "-am", message],
        check=True,
        env={**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when},
    )


def test_new_since_sends_the_meetings_published_since_a_commit(smtp, site, capsys, monkeypatch):
    git(site, "init", "-q")
    before = commit_all(site, "first")
    # the draft is published, a new meeting is added, an old one is edited
    draft = site / "content/meetings/2024-04-08-draft.md"
    draft.write_text(draft.read_text().replace("draft: true", "draft: false"))
    (site / "content/meetings/2024-02-20-extra.md").write_text(
        "---\ntitle: An extra meeting\ndate: 2024-02-20\nthemes: [foi-implications]\n---\nMet.\n"
    )
    (site / "content/meetings/2024-05-01-later.md").write_text(
        "---\ntitle: Not yet\ndate: 2024-05-01\ndraft: true\n---\nDraft.\n"
    )
    kick_off = site / f"content/meetings/{KICK_OFF}.md"
    kick_off.write_text(kick_off.read_text() + "\nA corrected line.\n")
    commit_all(site, "second")
    monkeypatch.setenv("NOMINUTES_SMTP_URL", smtp.url())

    # sent on the day the draft's meeting met
    run = run_email(
        ["--source", str(site), "--new-since", before], capsys, monkeypatch, on("2024-04-08")
    )
    assert run.code == 0, run.err
    # one message: the newest in full, listing the other
    [got] = smtp.recorder.received
    assert got.message["Subject"] == "[Group] Not yet agreed (8 April 2024) and 1 earlier meeting"
    listed = html_part(got.message).split("<h2>Published with it</h2>")[1]
    assert f'<a href="{BASE}meetings/2024-02-20-extra/">An extra meeting</a>' in listed
    assert "Not yet" not in listed  # the draft of 1 May is not published
    # from HEAD: nothing at all
    run = run_email(
        ["--source", str(site), "--new-since", "HEAD"], capsys, monkeypatch, on("2024-04-08")
    )
    assert run.code == 0 and "nothing to send" in run.out
    assert len(smtp.recorder.received) == 1


def test_new_since_a_commit_on_a_rewritten_history_sends_what_head_published_since_they_parted(
    smtp, site, capsys, monkeypatch
):
    git(site, "init", "-q", "-b", "main")
    parted = commit_all(site, "first")
    (site / "content/meetings/2024-04-01-old.md").write_text(
        "---\ntitle: Old line\ndate: 2024-04-01\nthemes: [foi-implications]\n---\nMet.\n"
    )
    old_line = commit_all(site, "on the history a force-push replaced")
    git(site, "reset", "-q", "--hard", parted)
    (site / "content/meetings/2024-04-02-new.md").write_text(
        "---\ntitle: New line\ndate: 2024-04-02\nthemes: [foi-implications]\n---\nMet.\n"
    )
    commit_all(site, "the history that replaced it")
    monkeypatch.setenv("NOMINUTES_SMTP_URL", smtp.url())
    args = ["--source", str(site), "--new-since", old_line]
    run = run_email(args, capsys, monkeypatch, on("2024-04-02"))
    assert run.code == 0, run.err
    assert [r.message["Subject"] for r in smtp.recorder.received] == [
        "[Group] New line (2 April 2024)"
    ]


def test_a_meeting_not_committed_or_not_pushed_is_not_sent_before_the_site_has_it(
    smtp, site, tmp_path, capsys, monkeypatch
):
    """The secretary sends from their own checkout before pushing: the members would follow
    the message's links to a page the published site does not have yet, or read what it does
    not say. Until the meeting's file is committed and pushed, nothing is sent, and the run
    says why and what to do; a dry run still writes the message."""
    monkeypatch.setenv("NOMINUTES_SMTP_URL", smtp.url())
    third = "content/meetings/2024-03-11-third.md"
    args = ["--source", str(site), "--meeting", "2024-03-11-third"]
    advice = "(--dry-run DIR writes the message to read before then)\n"
    git(site, "init", "-q", "-b", "main")
    git(tmp_path, "init", "-q", "--bare", "-b", "main", "published.git")
    git(site, "remote", "add", "origin", str(tmp_path / "published.git"))
    git(site, "add", "-A", "--", ".", f":!{third}")
    git(site, "commit", "-q", "-m", "the site before the meeting")
    git(site, "push", "-q", "-u", "origin", "main")
    run = run_email(args, capsys, monkeypatch)
    assert run.code == 1
    assert run.err == (
        f"error: {third} is not committed: the published site has no page for it, so the "
        f"message's links would lead nowhere; commit it and push, and send it once the site "
        f"is published {advice}"
    )
    assert dry_run(site, "2024-03-11-third", tmp_path, capsys, monkeypatch)["Subject"]
    commit_all(site, "the third meeting")
    (site / third).write_text((site / third).read_text() + "\nA line added since.\n")
    run = run_email(args, capsys, monkeypatch)
    assert run.code == 1
    assert run.err == (
        f"error: {third} has changes not committed: the message would say what its page on "
        f"the published site does not; commit it and push, and send it once the site is "
        f"published {advice}"
    )
    commit_all(site, "a line added")
    run = run_email(args, capsys, monkeypatch)
    assert run.code == 1
    assert run.err == (
        f"error: {third} has commits not pushed to origin/main: the published site does not "
        "have them yet, so the message would say what its page does not (or link to a page "
        f"not there); push it, and send it once the site is published {advice}"
    )
    assert smtp.recorder.received == []
    git(site, "push", "-q")
    run = run_email(args, capsys, monkeypatch)
    assert (run.code, run.err) == (0, "")
    [got] = smtp.recorder.received
    assert "A line added since." in text_part(got.message)


def test_new_since_an_unknown_commit_is_an_error(site, capsys, monkeypatch, tmp_path):
    git(site, "init", "-q")
    commit_all(site, "first")
    run = run_email(
        ["--source", str(site), "--new-since", "no-such-ref", "--dry-run", str(tmp_path / "out")],
        capsys,
        monkeypatch,
    )
    assert run.code == 1
    assert run.err == (
        "error: --new-since: no commit 'no-such-ref' in this repository's history: in a "
        "shallow clone, fetch the whole history (fetch-depth: 0); if the history was "
        "rewritten (a force-push), send the meetings it published with --meeting SLUG\n"
    )


def test_new_since_takes_no_git_option(site, capsys, monkeypatch, tmp_path):
    git(site, "init", "-q")
    commit_all(site, "first")
    written = tmp_path / "written-by-git"
    run = run_email(
        ["--source", str(site), f"--new-since=--output={written}", "--dry-run", str(tmp_path)],
        capsys,
        monkeypatch,
    )
    assert run.code == 1 and "--new-since takes a commit" in run.err
    assert not written.exists()


FIRST_PUSH = (
    "--new-since 0000000000000000000000000000000000000000: this is the branch's first push "
    "(GitHub gives 0000… as the commit before it), and a first push sends no meeting: what it "
    "publishes is the site's start, not news; to send one, use --meeting SLUG\n"
)


def test_the_first_push_sends_nothing_and_says_so(site, capsys, monkeypatch, tmp_path):
    git(site, "init", "-q")
    commit_all(site, "first")
    out = tmp_path / "out"
    run = run_email(
        ["--source", str(site), "--new-since", "0" * 40, "--dry-run", str(out)],
        capsys,
        monkeypatch,
    )
    assert (run.code, run.out, run.err) == (0, FIRST_PUSH, "")
    assert not out.exists()


PAST = ("April", "May", "June", "July", "August", "September", "October", "November")


def test_a_push_bringing_in_past_meetings_sends_one_message_listing_them(
    smtp, tmp_path, capsys, monkeypatch
):
    """The trial's archive: after init and a first push, eight past meetings in one commit.
    The list gets one message: the newest in full, the others listed newest first, each
    with its date, its summary line where it has one, and its link."""
    from datetime import date

    from generator.scaffold.create import init_site

    site = tmp_path / "notes"
    init_site(site, today=date(2025, 12, 1))
    (site / "site.yml").write_text(
        "title: Minimal group\nbase_url: https://example.org/group/\n"
        "repo_url: https://github.com/example/notes\nfeedback_url: mailto:f@example.org\n"
        + EMAIL_SETTINGS
    )
    git(site, "init", "-q", "-b", "main")
    commit_all(site, "first")
    for number, month in enumerate(PAST, 4):
        summary = f"summary: What we said in {month}.\n" if month != "May" else ""
        (site / f"content/meetings/2025-{number:02d}-10-{month.lower()}.md").write_text(
            f"---\ntitle: {month} meeting\ndate: 2025-{number:02d}-10\n{summary}"
            f"themes: [getting-started]\n---\nWe met in {month}.\n"
        )
    commit_all(site, "Bring in our past meetings")
    monkeypatch.setenv("NOMINUTES_SMTP_URL", smtp.url())

    run = run_email(
        ["--source", str(site), "--new-since", "HEAD~1"], capsys, monkeypatch, on("2025-12-05")
    )

    assert run.code == 0, run.err
    earlier = [f"2025-{n:02d}-10-{m.lower()}" for n, m in enumerate(PAST, 4)][-2::-1]
    subject = "[Group] November meeting (10 November 2025) and 7 earlier meetings"
    assert run.out == (
        "8 meetings were published since HEAD~1: one message gives the newest, "
        f"2025-11-10-november, in full and lists the others: {', '.join(earlier)}\n"
        f"sent '{subject}' through smtp+starttls://127.0.0.1:{smtp.port}, as user 'se…'\n"
    )
    [got] = smtp.recorder.received
    message = got.message
    assert message["Subject"] == subject
    assert message["Message-ID"].strip() == "<meeting-2025-11-10-november@example.org/group>"
    html, text = html_part(message), text_part(message).replace("\r\n", "\n")
    assert "We met in November." in html and "We met in November." in text
    for month in PAST[:-1]:  # listed, never given in full
        assert f"We met in {month}." not in html + text
    assert "Published with 7 earlier meetings, listed at the end." in parse_html(html).text
    listed = parse_html(html.split("<h2>Published with it</h2>", 1)[1])
    assert [link for link in listed.links if "/meetings/" in link] == [
        f"{BASE}meetings/{slug}/" for slug in earlier
    ]
    items = [
        item.split("</li>")[0]
        for item in html.split("<h2>Published with it</h2>")[1].split("<li>")[1:]
    ]
    assert items[0] == (
        f'<a href="{BASE}meetings/2025-10-10-october/">October meeting</a> (<time '
        'datetime="2025-10-10">10 October 2025</time>)<br><span class="note">What we said in '
        "October.</span>"
    )
    assert items[5] == (  # May's file has no summary line
        f'<a href="{BASE}meetings/2025-05-10-may/">May meeting</a> (<time '
        'datetime="2025-05-10">10 May 2025</time>)'
    )
    assert "Published with 7 earlier meetings, listed at the end.\n" in text
    assert text.split("PUBLISHED WITH IT\n", 1)[1].startswith(
        f"- October meeting (10 October 2025)\n  What we said in October.\n"
        f"  {BASE}meetings/2025-10-10-october/\n"
        f"- September meeting (10 September 2025)\n"
    )
    assert f"- May meeting (10 May 2025)\n  {BASE}meetings/2025-05-10-may/\n" in text


# --- dry run ------------------------------------------------------------------------------------


def test_a_dry_run_writes_the_same_eml_files_each_time(site, tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("NOMINUTES_SMTP_URL", raising=False)
    made = []
    for name in ("one", "two"):
        out = tmp_path / name
        run = run_email(
            ["--source", str(site), "--meeting", KICK_OFF, "--dry-run", str(out)],
            capsys,
            monkeypatch,
        )
        assert run.code == 0, run.err
        assert run.out == f"wrote {out / (KICK_OFF + '.eml')}\n"
        made.append((out / f"{KICK_OFF}.eml").read_bytes())
    assert made[0] == made[1]
    message = email.message_from_bytes(made[0], policy=email.policy.default)
    assert message["Message-ID"].strip() == f"<meeting-{KICK_OFF}@example.org/group>"
    assert "Since the last meeting" in html_part(message)


def test_the_email_names_the_principles_reworded_since_the_last_meeting(
    site, tmp_path, capsys, monkeypatch
):
    """As the meeting's page does: each principle reworded in git since the meeting before,
    in the words it was given then, with the day of the change and whether it came before
    the meeting, linked to the principles page."""
    settings = site / "site.yml"
    settings.write_text(settings.read_text().replace("history: false", "history: true"))
    git(site, "init", "-q", "-b", "main")
    commit_before_meetings(site, "First notes")
    principles = site / "content/principles.md"
    principles.write_text(principles.read_text().replace("Listen before you speak.", "Listen."))
    commit_between_meetings(site, "Shorter")
    message = dry_run(site, "2024-03-11-third", tmp_path, capsys, monkeypatch)
    href = f"{BASE}principles/#principle-listen-first"
    text = text_part(message).replace("\r\n", "\n")
    assert (
        f"Principles reworded:\n- “Listen.” (20 February 2024, before this meeting)\n  {href}\n"
        in text
    )
    html = html_part(message)
    assert (
        f'<li>“<a href="{href}">Listen.</a>” (<time datetime="2024-02-20">20 February 2024</time>, '
        "before this meeting)</li>"
    ) in html
    # The meeting before (12 February) was held before the rewording: nothing for it.
    earlier = dry_run(site, "2024-02-12-reporting-back", tmp_path, capsys, monkeypatch)
    assert "Principles reworded" not in text_part(earlier) + html_part(earlier)


def test_the_email_names_the_principles_agreed_since_the_last_meeting(
    site, tmp_path, capsys, monkeypatch
):
    """As the meeting's page does: each principle whose status changed in git since the
    meeting before, under its new status, with the day of the change and whether it came
    before the meeting, linked to the principles page."""
    settings = site / "site.yml"
    settings.write_text(settings.read_text().replace("history: false", "history: true"))
    principles = site / "content/principles.md"
    principles.write_text(
        principles.read_text().replace("text: Listen", "status: suggested\n    text: Listen")
    )
    git(site, "init", "-q", "-b", "main")
    commit_before_meetings(site, "First notes")
    principles.write_text(principles.read_text().replace("suggested", "agreed"))
    commit_between_meetings(site, "Agreed")
    message = dry_run(site, "2024-03-11-third", tmp_path, capsys, monkeypatch)
    href = f"{BASE}principles/#principle-listen-first"
    text = text_part(message).replace("\r\n", "\n")
    assert (
        "Principles agreed:\n- “Listen before you speak.” (20 February 2024, before this "
        f"meeting)\n  {href}\n"
    ) in text
    html = html_part(message).replace("\r\n", "\n")
    assert (
        f'<p>Principles agreed:</p>\n<ul>\n  <li>“<a href="{href}">Listen before you speak.</a>” '
        '(<time datetime="2024-02-20">20 February 2024</time>, before this meeting)</li>'
    ) in html
    earlier = dry_run(site, "2024-02-12-reporting-back", tmp_path, capsys, monkeypatch)
    assert "Principles agreed" not in text_part(earlier) + html_part(earlier)


def test_a_title_written_over_two_lines_is_one_line_in_the_subject(
    site, tmp_path, capsys, monkeypatch
):
    """A line break in a title (YAML's "\\n", a pasted line separator) would be a header's
    end: the subject is the title on one line, and the message is written."""
    edit(
        site,
        "content/meetings/2024-03-11-third.md",
        "title: Third meeting",
        'title: "Third\\nmeeting\\u2028agreed"',
    )
    message = dry_run(site, "2024-03-11-third", tmp_path, capsys, monkeypatch)
    assert message["Subject"] == "[Group] Third meeting agreed (11 March 2024)"


@pytest.mark.parametrize(
    "title, list_id",
    [
        ('"Minimal\\ngroup"', "Minimal group <minimal-group.example.org>"),
        (  # a line end in an encoded name ended the headers: those after it became the body
            '"Minimal groupé\\r\\nX-Evil: 1\\r\\n\\r\\nBody"',
            "Minimal groupé X-Evil: 1 Body <minimal-groupe-x-evil-1-body.example.org>",
        ),
    ],
)
def test_a_group_name_written_over_lines_is_one_line_in_the_list_id(
    site, tmp_path, capsys, monkeypatch, title, list_id
):
    edit(site, "site.yml", "title: Minimal group", f"title: {title}")
    message = dry_run(site, "2024-03-11-third", tmp_path, capsys, monkeypatch)
    assert message["List-Id"] == list_id
    assert message["X-Evil"] is None
    assert message["List-Archive"] == "<https://example.org/group/>"
    assert message.is_multipart()


def test_a_name_with_a_line_break_in_site_yml_s_addresses_is_an_error_not_a_traceback(
    site, tmp_path, capsys, monkeypatch
):
    # parseaddr read 'Zoë\r\nBcc: x <list@…>' as the name 'x': the message's To header then
    # held the line break, and the email package stopped with a traceback.
    edit(site, "site.yml", "  to: [", '  to: ["Zo\\u00eb\\r\\nBcc: x <list@example.org>", ')
    args = ["--source", str(site), "--meeting", KICK_OFF, "--dry-run", str(tmp_path / "mail")]
    run = run_email(args, capsys, monkeypatch)
    assert run.code == 1
    assert run.problem_lines == [
        "site.yml:8:8: error: email.to item 1: 'Zoë\\x0d\\x0aBcc: x <list@example.org>' holds a "
        "line break or control character; write the name and address on one line"
    ]
    assert not (tmp_path / "mail").exists()


def test_an_action_noted_again_after_closing_is_not_closed_again(
    site, tmp_path, capsys, monkeypatch
):
    """The email lists what the meeting page counts: 'closed' is marked done or dropped at
    the meeting, so a note on an action done at an earlier meeting is listed apart."""
    (site / "content/meetings/2024-03-25-fourth.md").write_text(
        "---\ntitle: Fourth meeting\ndate: 2024-03-25\nthemes: [permission-to-engage]\n"
        "actions:\n"
        "  - {id: write-guidance, status: done, note: Translated into Welsh.}\n"
        "  - {id: ask-legal, status: dropped, note: No longer needed.}\n"
        "---\nA fourth meeting.\n"
    )
    out = tmp_path / "mail"
    args = ["--source", str(site), "--meeting", "2024-03-25-fourth", "--dry-run", str(out)]
    run = run_email(args, capsys, monkeypatch, on("2024-03-25"))
    assert run.code == 0, run.err
    message = email.message_from_bytes(
        (out / "2024-03-25-fourth.eml").read_bytes(), policy=email.policy.default
    )
    text = text_part(message)
    closed = text.split("Closed at this meeting:")[1].split("Reported on, closed before:")
    assert "Ask legal about FOI" in closed[0] and "Write guidance" not in closed[0]
    assert "Write guidance on engaging online" in closed[1]
    assert "Translated into Welsh." in closed[1]
    html = parse_html(html_part(message)).text
    assert "Reported on, closed before" in html
    # the meeting page counts the same one action closed
    build = run_cli(["build", "--source", str(site)], capsys, monkeypatch)
    assert build.code == 0, build.err
    page = read_page(site / "_site", "meetings/2024-03-25-fourth/index.html").text
    assert "1 action closed" in page and "2 actions closed" not in page


# --- what goes wrong ------------------------------------------------------------------------------


def test_a_refused_login_sends_nothing_and_never_shows_the_password(
    smtp, site, capsys, monkeypatch
):
    monkeypatch.setenv("NOMINUTES_SMTP_URL", smtp.url(password="wrong%2Fpassword"))
    run = run_email(["--source", str(site), "--meeting", KICK_OFF], capsys, monkeypatch)
    assert run.code == 1
    assert run.err.startswith(
        f"error: the SMTP server at 127.0.0.1:{smtp.port} refused the login for user "
        "'se…' (535); check the user and password in NOMINUTES_SMTP_URL"
    )
    assert "wrong" not in run.out + run.err
    assert smtp.recorder.received == []


class HangsAtLogin(Recorder):
    """Takes the connection and STARTTLS, then never answers AUTH LOGIN."""

    async def auth_LOGIN(self, server, args) -> AuthResult:
        await asyncio.sleep(60)  # cancelled when the server stops
        return AuthResult(success=False)


def test_a_server_that_never_answers_the_login_is_named_as_the_login_timing_out(
    certificates, site, capsys, monkeypatch
):
    monkeypatch.setattr("generator.mail.TIMEOUT", 1)  # 30 s in use
    with serving(certificates, monkeypatch, HangsAtLogin(), login_only=True) as server:
        run = run_email(["--source", str(site), "--meeting", KICK_OFF], capsys, monkeypatch)
    assert run.code == 1
    assert run.err == (
        f"error: the SMTP server at 127.0.0.1:{server.port} did not answer the login (AUTH) "
        "for user 'se…' within 1 s; nothing was sent: check the user, the port and the "
        "scheme (smtps:// or smtp+starttls://) in NOMINUTES_SMTP_URL\n"
    )
    assert PASSWORD not in run.out + run.err and QUOTED_PASSWORD not in run.out + run.err


@pytest.fixture
def scripted_server() -> Iterator[tuple[int, list[bytes]]]:
    """A server on a port of its own that answers each of the client's lines with the next of
    the replies put in the list (the first being its greeting, sent on connecting), then
    stops answering, leaving the connection open; an empty reply resets the connection."""
    listener = socket.create_server(("127.0.0.1", 0))
    replies: list[bytes] = []
    done = threading.Event()

    def serve() -> None:
        try:
            connection, _ = listener.accept()
        except OSError:  # closed at the end of the test
            return
        with connection:
            lines = connection.makefile("rb")
            for reply in replies:
                if not reply:  # at once, as a server or a network that resets it does
                    linger = struct.pack("ii", 1, 0)
                    connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
                    return
                connection.sendall(reply)
                lines.readline()
            done.wait(60)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield listener.getsockname()[1], replies
    done.set()
    listener.close()
    thread.join(5)


CHECK_SCHEME = (
    "check the port and the scheme in NOMINUTES_SMTP_URL (smtps:// takes TLS from the start, "
    "usually on port 465; smtp+starttls:// asks for it, usually on port 587)\n"
)


@pytest.mark.parametrize(
    ("replies", "step"),
    [
        ([], "took the connection but sent no greeting within 1 s"),
        ([b"220 ready\r\n"], "did not answer the hello (EHLO) within 1 s"),
        (
            [b"220 ready\r\n", b"250-mail.example.org\r\n250 STARTTLS\r\n"],
            "did not complete STARTTLS within 1 s",
        ),
    ],
    ids=["greeting", "ehlo", "starttls"],
)
def test_a_server_that_stops_answering_before_the_login_names_the_step(
    replies, step, scripted_server, site, capsys, monkeypatch
):
    port, script = scripted_server
    script += replies
    monkeypatch.setattr("generator.mail.TIMEOUT", 1)
    run = send_kick_off(login_url("smtp+starttls", port), site, capsys, monkeypatch)
    assert run.code == 1
    assert run.err == (
        f"error: the SMTP server at 127.0.0.1:{port} {step}; nothing was sent: {CHECK_SCHEME}"
    )


@pytest.mark.parametrize(
    ("replies", "said"),
    [
        (
            [b"554 5.3.2 No service here\r\n"],
            "refused the connection (554 5.3.2 No service here); nothing was sent: check what "
            "it says, and the scheme and port in NOMINUTES_SMTP_URL",
        ),
        (
            [
                b"220 ready\r\n",
                b"250-mail.example.org\r\n250 STARTTLS\r\n",
                b"454 4.7.0 TLS not available for now\r\n",
            ],
            "refused STARTTLS (454 4.7.0 TLS not available for now); nothing was sent: try "
            "again once it takes mail",
        ),
    ],
    ids=["greeting", "starttls"],
)
def test_a_step_the_server_refuses_before_sending_is_named_in_words(
    replies, said, scripted_server, site, capsys, monkeypatch
):
    port, script = scripted_server
    script += replies
    run = send_kick_off(login_url("smtp+starttls", port), site, capsys, monkeypatch)
    assert (run.code, run.err) == (1, f"error: the SMTP server at 127.0.0.1:{port} {said}\n")


@pytest.mark.parametrize(
    ("replies", "step"),
    [
        ([b"220 ready\r\n", b""], "at the hello (EHLO)"),
        ([b""], "before its greeting"),
    ],
    ids=["ehlo", "greeting"],
)
def test_a_connection_reset_before_the_login_is_named_in_words(
    replies, step, scripted_server, site, capsys, monkeypatch
):
    port, script = scripted_server
    script += replies
    run = send_kick_off(login_url("smtp+starttls", port), site, capsys, monkeypatch)
    assert run.code == 1
    assert run.err == (
        f"error: the connection to the SMTP server at 127.0.0.1:{port} was reset (by the "
        f"server, or the network between) {step}; nothing was sent: {CHECK_SCHEME}"
    )
    assert "Errno" not in run.err


def test_a_tls_handshake_that_hangs_after_starttls_waits_the_timeout_once(scripted_server):
    """The server agrees to STARTTLS, then never answers the handshake: sending gives up
    after the timeout, once (the connection is closed, not waited on again for QUIT)."""
    from generator.mail import MailError, send_messages, smtp_server

    port, script = scripted_server
    script += [b"220 ready\r\n", b"250-mail.example.org\r\n250 STARTTLS\r\n", b"220 go ahead\r\n"]
    server = smtp_server(login_url("smtp+starttls", port))
    started = time.monotonic()
    with pytest.raises(MailError) as error:
        send_messages([], server, timeout=1.5)
    waited = time.monotonic() - started
    assert str(error.value) == (
        f"the SMTP server at 127.0.0.1:{port} did not complete STARTTLS within 1.5 s; "
        f"nothing was sent: {CHECK_SCHEME}".removesuffix("\n")
    )
    # Waited on twice, it would take 3 s: the margin is a busy machine's, not a speed test.
    assert 1.5 <= waited < 3.0


def test_a_tls_handshake_that_hangs_at_the_start_names_the_tls_step(
    scripted_server, site, capsys, monkeypatch
):
    port, _script = scripted_server  # takes the connection, then says nothing
    monkeypatch.setattr("generator.mail.TIMEOUT", 1)
    run = send_kick_off(login_url("smtps", port), site, capsys, monkeypatch)
    assert run.code == 1
    assert run.err == (
        f"error: the SMTP server at 127.0.0.1:{port} took the connection but did not complete "
        f"the TLS handshake within 1 s; nothing was sent: {CHECK_SCHEME}"
    )


def publish_since(site: Path, *meetings: tuple[str, str]) -> str:
    """The first commit of `site` in a new repository; the second publishes the draft of 8
    April and a meeting for each (day, title), its file named by the title's second word."""
    git(site, "init", "-q")
    before = commit_all(site, "first")
    draft = site / "content/meetings/2024-04-08-draft.md"
    draft.write_text(draft.read_text().replace("draft: true", "draft: false"))
    for day, title in meetings:
        (site / f"content/meetings/{day}-{title.split()[1]}.md").write_text(
            f"---\ntitle: {title}\ndate: {day}\nthemes: [foi-implications]\n---\nMet.\n"
        )
    commit_all(site, "second")
    return before


class HangsAtData(Recorder):
    """Never answers once a message's text is sent."""

    async def handle_DATA(self, server, session, envelope) -> str:
        await asyncio.sleep(60)  # cancelled when the server stops
        return await super().handle_DATA(server, session, envelope)


def test_a_server_that_stops_answering_while_sending_names_the_message(
    smtp, certificates, site, capsys, monkeypatch
):
    """The advice says how to send the message again, the meetings it lists with it;
    following it, once the server answers, sends that very message."""
    monkeypatch.setattr("generator.mail.TIMEOUT", 1)
    before = publish_since(
        site, ("2024-02-20", "An extra meeting"), ("2024-03-20", "A later meeting")
    )
    args = ["--source", str(site), "--new-since", before]
    with serving(certificates, monkeypatch, HangsAtData()) as server:
        run = run_email(args, capsys, monkeypatch, on("2024-04-08"))
    assert run.code == 1
    subject = "[Group] Not yet agreed (8 April 2024) and 2 earlier meetings"
    assert run.err == (
        f"error: the SMTP server at 127.0.0.1:{server.port} stopped answering within 1 s while "
        f"it was sent '{subject}', which may not have arrived; nothing was sent before it: "
        f"once the server answers, send it again with --new-since {before} (if it did not "
        "arrive)\n"
    )
    assert server.recorder.received == []
    monkeypatch.setenv("NOMINUTES_SMTP_URL", smtp.url())
    again = run.err.split("send it again with ", 1)[1].removesuffix(" (if it did not arrive)\n")
    run = run_email(["--source", str(site), *again.split()], capsys, monkeypatch, on("2024-04-08"))
    assert run.code == 0, run.err
    assert [got.message["Subject"] for got in smtp.recorder.received] == [subject]


class ClosesAtData(Recorder):
    """Closes the connection once a message's text is sent."""

    async def handle_DATA(self, server, session, envelope) -> str:
        server.transport.close()
        await asyncio.sleep(60)  # cancelled when the server stops
        return await super().handle_DATA(server, session, envelope)


class ClosesAtLogin(Recorder):
    """Takes the connection and STARTTLS, then closes the connection at the login."""

    async def auth_LOGIN(self, server, args) -> AuthResult:
        server.transport.close()
        await asyncio.sleep(60)  # cancelled when the server stops
        return AuthResult(success=False)


def test_a_connection_closed_while_sending_is_named_in_words_with_how_to_send_again(
    certificates, site, capsys, monkeypatch
):
    recorder = ClosesAtData()
    before = publish_since(
        site, ("2024-02-20", "An extra meeting"), ("2024-03-20", "A later meeting")
    )
    args = ["--source", str(site), "--new-since", before]
    with serving(certificates, monkeypatch, recorder) as server:
        run = run_email(args, capsys, monkeypatch, on("2024-04-08"))
    assert run.code == 1
    assert run.err == (
        f"error: the SMTP server at 127.0.0.1:{server.port} closed the connection while it "
        "was sent '[Group] Not yet agreed (8 April 2024) and 2 earlier meetings', which may "
        "not have arrived; nothing was sent before it: check the server's limits (on how many "
        "messages it takes, how large, how often) and the network, then send it again with "
        f"--new-since {before} (if it did not arrive)\n"
    )
    assert recorder.received == []


def test_a_connection_closed_at_the_login_is_named_in_words(
    certificates, site, capsys, monkeypatch
):
    with serving(certificates, monkeypatch, ClosesAtLogin(), login_only=True) as server:
        run = run_email(["--source", str(site), "--meeting", KICK_OFF], capsys, monkeypatch)
    assert run.code == 1
    assert run.err == (
        f"error: the SMTP server at 127.0.0.1:{server.port} closed the connection at the login "
        "(AUTH) for user 'se…'; nothing was sent: check the user and password, and the "
        "scheme and port, in NOMINUTES_SMTP_URL\n"
    )


@dataclass
class RejectsAMessage(Recorder):
    """Answers a message's text (or, with `sender`, its sender) with `reply`."""

    reply: str = "554 5.6.0 Message rejected"
    sender: bool = False

    async def handle_MAIL(self, server, session, envelope, address, mail_options) -> str:
        if self.sender:
            return self.reply
        envelope.mail_from = address
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:
        return self.reply


BOTH = "[Group] Not yet agreed (8 April 2024) and 1 earlier meeting"
NONE_BEFORE = "nothing was sent before it"


@pytest.mark.parametrize(
    ("recorder", "said"),
    [
        (
            lambda: RejectsAMessage(),
            f"rejected the message '{BOTH}' for good "
            f"(554 5.6.0 Message rejected); {NONE_BEFORE}: check what it says (a limit on a "
            "message's size, or a rule against spam, say), then",
        ),
        (
            lambda: RejectsAMessage(
                reply="451-4.7.1 Too many messages,\r\n451 4.7.1 try again later"
            ),
            f"rejected the message '{BOTH}' for now "
            f"(451 4.7.1 Too many messages, 4.7.1 try again later); {NONE_BEFORE}: once it "
            "takes mail again,",
        ),
        (
            lambda: RejectsAMessage(reply="553 5.7.1 Sender not owned by user", sender=True),
            f"refused the sender nominutes@example.org of '{BOTH}' for good (553 5.7.1 Sender "
            f"not owned by user); {NONE_BEFORE}: check that "
            "user 'se…' may send from the address of `from` in site.yml's email "
            "settings, then",
        ),
    ],
    ids=["message", "for-now", "sender"],
)
def test_a_message_the_server_rejects_is_named_in_words_with_how_to_send_it_again(
    recorder, said, certificates, site, capsys, monkeypatch
):
    """The server's code and text as words, not as Python prints them, and what to check."""
    before = publish_since(site, ("2024-02-20", "An extra meeting"))
    args = ["--source", str(site), "--new-since", before]
    with serving(certificates, monkeypatch, recorder()) as server:
        run = run_email(args, capsys, monkeypatch, on("2024-04-08"))
    assert run.code == 1
    assert run.err == (
        f"error: the SMTP server at 127.0.0.1:{server.port} {said} send it again with "
        f"--new-since {before}\n"
    )
    assert "b'" not in run.err


MEMBER = "sian.jones@example.org"  # a member's address, as the SMTP login


@pytest.mark.parametrize(
    ("recorder", "password", "said"),
    [
        (
            Recorder,
            PASSWORD,
            "sent '[Group] Kick-off: first meeting (15 January 2024)' through "
            "smtp+starttls://127.0.0.1:{port}, as user 's…@example.org'\n",
        ),
        (
            Recorder,
            "wrong",
            "error: the SMTP server at 127.0.0.1:{port} refused the login for user "
            "'s…@example.org' (535); check the user and password in NOMINUTES_SMTP_URL\n",
        ),
        (
            lambda: RejectsAMessage(reply=f"553 5.7.1 Sender not owned by {MEMBER}", sender=True),
            PASSWORD,
            "error: the SMTP server at 127.0.0.1:{port} refused the sender "
            "nominutes@example.org of '[Group] Kick-off: first meeting (15 January 2024)' for "
            "good (553 5.7.1 Sender not owned by s…@example.org); nothing was sent before it: "
            "check that user 's…@example.org' may send from the address of `from` in site.yml's "
            "email settings, then send each meeting not sent with --meeting SLUG: "
            "2024-01-15-kick-off\n",
        ),
    ],
    ids=["sent", "login-refused", "sender-refused"],
)
def test_a_login_that_is_a_members_address_is_never_shown_whole(
    recorder, password, said, certificates, site, capsys, monkeypatch
):
    """`email` runs in CI, whose logs a public repository shows anyone: a member's address
    used as the SMTP login is shown as s…@example.org, in what it says and in what it quotes
    of the server, whether it sends or not."""
    with serving(certificates, monkeypatch, recorder(), user=MEMBER) as server:
        monkeypatch.setenv("NOMINUTES_SMTP_URL", server.url(password=quote(password, safe="")))
        run = run_email(["--source", str(site), "--meeting", KICK_OFF], capsys, monkeypatch)
    assert (run.code, run.out + run.err) == (
        1 if said.startswith("error") else 0,
        said.format(port=server.port),
    )
    assert "sian" not in run.out + run.err and "jones" not in run.out + run.err
    if run.code == 0:  # it logged in as the member
        assert [received.login for received in server.recorder.received] == [MEMBER]


@pytest.fixture
def unanswered_port() -> Iterator[int]:
    """A port whose listener's queue is full, so a connection to it is never answered (the
    machine drops it, as a firewall does)."""
    with socket.create_server(("127.0.0.1", 0), backlog=0) as listener:
        port, queued = listener.getsockname()[1], []
        try:
            for _ in range(8):  # the queue holds one or two, by the system
                waiting = socket.socket()
                queued.append(waiting)
                waiting.settimeout(0.2)
                waiting.connect(("127.0.0.1", port))
        except TimeoutError:
            pass
        else:
            pytest.fail("the listener's queue never filled")
        yield port
        for waiting in queued:
            waiting.close()


@pytest.mark.parametrize("scheme", ["smtps", "smtp+starttls"])
def test_a_server_that_never_answers_the_connection_says_what_to_check(
    scheme, unanswered_port, site, capsys, monkeypatch
):
    monkeypatch.setattr("generator.mail.TIMEOUT", 0.5)
    run = send_kick_off(login_url(scheme, unanswered_port), site, capsys, monkeypatch)
    assert run.code == 1
    assert run.err == (
        f"error: could not reach the SMTP server at 127.0.0.1:{unanswered_port}: it did not "
        "answer the connection within 0.5 s; nothing was sent: check the server's name and "
        "port in NOMINUTES_SMTP_URL, and that the network (a firewall) lets this machine "
        "reach it\n"
    )


@pytest.mark.parametrize("scheme", ["smtps", "smtp+starttls"])
def test_a_port_nothing_listens_on_is_named_in_words_with_what_to_check(
    scheme, site, capsys, monkeypatch
):
    port = free_port()  # closed again: the machine refuses a connection to it
    run = send_kick_off(login_url(scheme, port), site, capsys, monkeypatch)
    assert run.code == 1
    assert run.err == (
        f"error: could not reach the SMTP server at 127.0.0.1:{port}: it refused the "
        "connection (nothing listens on that port); nothing was sent: check the port in "
        "NOMINUTES_SMTP_URL (usually 465 for smtps://, 587 for smtp+starttls://) and that the "
        "server is running\n"
    )


def test_a_server_name_that_is_not_found_is_named_in_words(site, capsys, monkeypatch):
    def not_found(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", not_found)
    url = f"smtps://{USER}:{QUOTED_PASSWORD}@mail.example:465"
    run = send_kick_off(url, site, capsys, monkeypatch)
    assert run.code == 1
    assert run.err == (
        "error: could not reach the SMTP server at mail.example:465: no server has that name "
        "(or this machine has no network to look it up); nothing was sent: check the server's "
        "name in NOMINUTES_SMTP_URL\n"
    )


def test_an_untrusted_certificate_is_refused(certificates, site, capsys, monkeypatch):
    with serving(certificates, monkeypatch, trusted=False) as server:
        run = run_email(["--source", str(site), "--meeting", KICK_OFF], capsys, monkeypatch)
    assert run.code == 1
    assert "presented a certificate that cannot be trusted" in run.err
    assert server.recorder.received == []


ENCODE = (
    "Percent-encode these characters in the user name and password: / as %2F, # as %23, "
    "? as %3F, @ as %40, : as %3A"
)
RESERVED = (
    "NOMINUTES_SMTP_URL cannot be read: its password (or user name) holds a character that "
    f"URLs reserve. {ENCODE}"
)
BAD_PORT = (
    "NOMINUTES_SMTP_URL is not a URL with a valid port: write smtps://USER:PASSWORD@HOST:465 "
    f"(a port from 1 to 65535). {ENCODE}"
)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            f"smtp://{USER}:{QUOTED_PASSWORD}@mail.example.org",
            "NOMINUTES_SMTP_URL must start with smtps:// or smtp+starttls://, not smtp://; "
            "mail is only sent over TLS",
        ),
        (
            f"{USER}:{QUOTED_PASSWORD}@mail.example.org:465",  # no scheme: never echoed
            "NOMINUTES_SMTP_URL must start with smtps:// or smtp+starttls://; "
            "mail is only sent over TLS",
        ),
        ("smtps://", "NOMINUTES_SMTP_URL names no server, e.g. smtps://user:pass@host:465"),
        (f"smtps://{USER}:{QUOTED_PASSWORD}@mail.example.org:port", BAD_PORT),
        (f"smtps://{USER}:{QUOTED_PASSWORD}@mail.example.org:70000", BAD_PORT),
        (f"smtps://{USER}:{QUOTED_PASSWORD}@mail.example.org:0", BAD_PORT),
        (
            f"smtps://{USER}:{QUOTED_PASSWORD}@mail.example.org:465/inbox",
            "NOMINUTES_SMTP_URL has something after the server and port: write it as "
            f"smtps://USER:PASSWORD@HOST:PORT, with nothing after. {ENCODE}",
        ),
        (
            "",
            "NOMINUTES_SMTP_URL is not set: put the SMTP server's URL in the environment "
            "(smtps://user:password@host:465), or use --dry-run DIR",
        ),
    ],
)
def test_a_bad_server_url_is_an_error(url, message, site, capsys, monkeypatch):
    monkeypatch.setenv("NOMINUTES_SMTP_URL", url)
    run = run_email(["--source", str(site), "--meeting", KICK_OFF], capsys, monkeypatch)
    assert run.code == 1
    assert run.err == f"error: {message}\n"
    assert PASSWORD not in run.err and QUOTED_PASSWORD not in run.err


@pytest.mark.parametrize(
    ("password", "pieces", "message"),
    [
        ("Lond0n@Bridge/42", ["Lond0n", "Bridge", "bridge", "42"], RESERVED),  # the trial's
        ("Lond0n/Bridge42", ["Lond0n", "Bridge42"], RESERVED),
        ("Lond0n#Bridge42", ["Lond0n", "Bridge42"], RESERVED),
        ("Lond0n?Bridge42", ["Lond0n", "Bridge42"], RESERVED),
        ("Lond0n@Bridge?42", ["Lond0n", "Bridge", "42"], RESERVED),
        ("Lond0n[Bridge42", ["Lond0n", "Bridge42"], BAD_PORT),
    ],
)
def test_a_password_with_unencoded_reserved_characters_is_never_shown(
    password, pieces, message, site, capsys, monkeypatch
):
    """A / ? or # in the password ends the URL's server part early, so the rest of the
    password would be read as the server's name: refused, with nothing of it shown."""
    monkeypatch.setenv("NOMINUTES_SMTP_URL", f"smtps://netzero:{password}@smtp.example.org:465")
    run = run_email(["--source", str(site), "--meeting", KICK_OFF], capsys, monkeypatch)
    assert (run.code, run.out) == (1, "")
    assert run.err == f"error: {message}\n"
    for piece in [password, "netzero", "smtp.example.org", *pieces]:
        assert piece not in run.err


def test_a_password_with_an_unencoded_at_or_colon_still_works(smtp, site, capsys, monkeypatch):
    """An @ or : in the password is read as meant (the server follows the last @)."""
    monkeypatch.setenv("NOMINUTES_SMTP_URL", smtp.url(password=PASSWORD.replace("/", "%2F")))
    run = run_email(["--source", str(site), "--meeting", KICK_OFF], capsys, monkeypatch)
    assert run.code == 0, run.err
    assert run.out == (
        "sent '[Group] Kick-off: first meeting (15 January 2024)' through "
        f"smtp+starttls://127.0.0.1:{smtp.port}, as user 'se…'\n"
    )
    assert [r.login for r in smtp.recorder.received] == [USER]


def test_no_error_shows_the_password_as_a_login_sends_it() -> None:
    """A server's or library's message is scrubbed of the password in every form it takes."""
    import base64

    from generator.mail import _scrub, smtp_server

    server = smtp_server(f"smtps://{USER}:{QUOTED_PASSWORD}@mail.example.org")
    plain = base64.b64encode(f"\0{USER}\0{PASSWORD}".encode()).decode()
    echoed = (
        f"535 {PASSWORD} {QUOTED_PASSWORD} {plain} {base64.b64encode(PASSWORD.encode()).decode()}"
    )
    assert _scrub(echoed, server) == "535 *** *** *** ***"
    short = smtp_server(f"smtps://{USER}:a@mail.example.org")
    assert _scrub("535 a: YQ== AHNlY3JldGFyeQBh rejected (mailbox)", short) == (
        "535 ***: *** *** rejected (mailbox)"
    )


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        ("email:\n  to: []\n  from: a@example.org\n", "site.yml:7:7: error: email.to is empty"),
        (
            "email:\n  to: [group@example]\n  from: a@example.org\n",
            "site.yml:7:8: error: email.to item 1: 'group@example' is not an email address",
        ),
    ],
)
def test_bad_email_settings_are_errors_at_their_line(
    settings, expected, tmp_path, smtp, capsys, monkeypatch
):
    site = copy_site("minimal", tmp_path / "bad")
    with (site / "site.yml").open("a") as file:
        file.write(settings)
    monkeypatch.setenv("NOMINUTES_SMTP_URL", smtp.url())
    run = run_email(["--source", str(site), "--meeting", KICK_OFF], capsys, monkeypatch)
    assert run.code == 1
    assert any(line.startswith(expected) for line in run.problem_lines), run.err
    assert "nothing was sent" in run.err
    assert smtp.recorder.received == []


def test_the_starters_example_addresses_are_warned_of_and_never_sent_to(
    smtp, site, tmp_path, capsys, monkeypatch
):
    """A group that uncomments the email settings `init` wrote and keeps their example
    addresses is told where they are by `check` and `build`, in the order of their lines (so
    the strict build in CI does not publish, and sends nothing), and `email` refuses to send
    to them; a dry run still writes."""
    settings = site / "site.yml"
    settings.write_text(
        settings.read_text().replace(
            EMAIL_SETTINGS,
            "email:\n"
            "  to: [our-group@example.gov.uk, observers@example.org]\n"
            "  from: Minimal group <noreply@example.gov.uk>\n",
        )
    )
    lines = settings.read_text().splitlines()
    to_line, from_line = (
        lines.index("  to: [our-group@example.gov.uk, observers@example.org]") + 1,
        len(lines),
    )
    check = check_site(site, capsys, monkeypatch)
    examples = [line for line in check.problem_lines if "example address" in line]
    assert examples == [
        f"site.yml:{to_line}:8: warning: email to: 'our-group@example.gov.uk' is still the "
        "example address that init wrote; set it to your group's own (see the README's first "
        "steps)",
        f"site.yml:{from_line}:9: warning: email from: 'noreply@example.gov.uk' is still the "
        "example address that init wrote; set it to your group's own (see the README's first "
        "steps)",
    ]
    # A build says them as check does, in the order of their lines (it said 'from' first).
    built = run_cli(["build", "--source", str(site)], capsys, monkeypatch)
    assert built.code == 0, built.err
    assert built.problem_lines == check.problem_lines
    monkeypatch.setenv("NOMINUTES_SMTP_URL", smtp.url())
    run = run_email(["--source", str(site), "--meeting", "2024-03-11-third"], capsys, monkeypatch)
    assert run.code == 1
    assert run.err == (
        "error: site.yml's email settings still hold 'our-group@example.gov.uk', the example "
        "address that init wrote: set your group's own before sending (--dry-run DIR writes "
        "the messages without sending them)\n"
    )
    assert smtp.recorder.received == []
    dry = run_email(
        [
            "--source",
            str(site),
            "--meeting",
            "2024-03-11-third",
            "--dry-run",
            str(tmp_path / "eml"),
        ],
        capsys,
        monkeypatch,
    )
    assert dry.code == 0, dry.err
    assert (tmp_path / "eml/2024-03-11-third.eml").is_file()


def test_without_email_settings_the_command_says_what_to_add(tmp_path, capsys, monkeypatch):
    site = copy_site("minimal", tmp_path / "plain")
    run = run_email(
        ["--source", str(site), "--meeting", KICK_OFF, "--dry-run", str(tmp_path / "o")],
        capsys,
        monkeypatch,
    )
    assert run.code == 1
    assert "site.yml has no email settings; add, for example:" in run.err


def test_email_settings_left_commented_out_are_told_where_to_uncomment(
    tmp_path, capsys, monkeypatch
):
    """The settings `init` writes into site.yml commented out, filled in with the group's
    addresses but left commented: "site.yml has no email settings; add, for example" read
    as if nothing had been written. The message names their line and what to delete; with
    the '# 's deleted, the message is made."""
    site = copy_site("minimal", tmp_path / "plain")
    settings = site / "site.yml"
    before = settings.read_text()
    commented = (
        "# email:\n#   to: [riverside@lists.example.org]\n"
        "#   from: Riverside forum <noreply@riverside.example.org>\n"
    )
    settings.write_text(before + commented)
    line = len(before.splitlines()) + 1
    out = tmp_path / "o"
    run = run_email(
        ["--source", str(site), "--meeting", KICK_OFF, "--dry-run", str(out)], capsys, monkeypatch
    )
    assert run.code == 1
    assert run.err == (
        f"error: site.yml has no email settings: they are commented out, from line {line} "
        "('# email:'); delete the '# ' at the start of that line and of each line of the "
        "settings under it\n"
    )
    settings.write_text(before + commented.replace("# ", "").replace("#", ""))
    run = run_email(
        ["--source", str(site), "--meeting", KICK_OFF, "--dry-run", str(out)], capsys, monkeypatch
    )
    assert run.code == 0, run.err
    assert "To: riverside@lists.example.org" in (out / f"{KICK_OFF}.eml").read_text()


def test_with_the_recipients_in_a_secret_the_command_asks_only_who_it_is_from(
    tmp_path, capsys, monkeypatch
):
    """The README's way to keep addresses out of the repository: the recipients in
    NOMINUTES_EMAIL_TO, site.yml saying only who the mail is from."""
    site = copy_site("minimal", tmp_path / "plain")
    monkeypatch.setenv("NOMINUTES_EMAIL_TO", "members@example.org")
    out = tmp_path / "o"
    run = run_email(
        ["--source", str(site), "--meeting", KICK_OFF, "--dry-run", str(out)], capsys, monkeypatch
    )
    assert run.code == 1
    assert run.err.splitlines()[-3:] == [
        "error: site.yml has no email settings: NOMINUTES_EMAIL_TO gives the recipients, and "
        "site.yml says who the mail is from; add, for example:",
        "email:",
        "  from: Policy group <noreply@example.org>",
    ]
    assert "members@example.org" not in run.err + run.out
    with (site / "site.yml").open("a") as settings:
        settings.write("email:\n  from: Policy group <noreply@example.org>\n")
    run = run_email(
        ["--source", str(site), "--meeting", KICK_OFF, "--dry-run", str(out)], capsys, monkeypatch
    )
    assert run.code == 0, run.err
    assert "To: members@example.org" in (out / f"{KICK_OFF}.eml").read_text()


def test_an_unknown_meeting_is_an_error_with_a_suggestion(site, tmp_path, capsys, monkeypatch):
    run = run_email(
        ["--source", str(site), "--meeting", "2024-01-15-kickoff", "--dry-run", str(tmp_path)],
        capsys,
        monkeypatch,
    )
    assert run.code == 1
    assert "no published meeting '2024-01-15-kickoff'" in run.err
    assert "did you mean '2024-01-15-kick-off'?" in run.err


def test_a_meeting_is_found_by_its_date_when_it_is_the_only_one_that_day(
    site, tmp_path, capsys, monkeypatch
):
    args = ["--source", str(site), "--dry-run", str(tmp_path / "out")]
    run = run_email([*args, "--meeting", "2024-01-15"], capsys, monkeypatch)
    assert run.code == 0, run.err
    assert run.out.splitlines()[0] == f"--meeting 2024-01-15: {KICK_OFF}"
    assert (tmp_path / "out" / f"{KICK_OFF}.eml").is_file()
    slip = run_email([*args, "--meeting", "2024-01-15-first"], capsys, monkeypatch)
    assert slip.code == 1
    assert slip.err.strip() == (
        "error: no published meeting '2024-01-15-first' in content/meetings/; did you mean "
        f"'{KICK_OFF}'?"
    )
    afternoon = site / "content/meetings/2024-01-15-afternoon.md"
    afternoon.write_text("---\ntitle: Afternoon\ndate: 2024-01-15\ntime: '15:00'\n---\nBody\n")
    two = run_email([*args, "--meeting", "2024-01-15"], capsys, monkeypatch)
    assert two.code == 1
    assert (
        "error: no published meeting '2024-01-15' in content/meetings/; that day has 2 "
        f"meetings: give one of {KICK_OFF}, 2024-01-15-afternoon"
    ) in two.err


def test_every_message_is_built_before_the_first_is_sent(smtp, site, capsys, monkeypatch):
    """A template that fails on the second meeting (a name misspelt: told the email's variable
    meant): nothing at all is sent."""
    git(site, "init", "-q")
    before = commit_all(site, "first")
    for name, title in (("2024-04-01-a", "A"), ("2024-04-02-b", "Broken")):
        (site / f"content/meetings/{name}.md").write_text(
            f"---\ntitle: {title}\ndate: {name[:10]}\nthemes: [foi-implications]\n---\nMet.\n"
        )
    templates = site / "themes/default/templates"
    templates.mkdir(parents=True)
    original = Path(__file__).parent.parent / "generator/themes/default/templates/email.txt"
    (templates / "email.txt").write_text(
        '{% if meeting.text == "Broken" %}{{ meting.title }}{% endif %}' + original.read_text()
    )
    commit_all(site, "second")
    monkeypatch.setenv("NOMINUTES_SMTP_URL", smtp.url())
    args = ["--source", str(site), "--new-since", before]
    run = run_email(args, capsys, monkeypatch, on("2024-04-02"))
    assert run.code == 1
    assert run.err == (
        "themes/default/templates/email.txt:1:37: error: template error while writing the "
        "email of meeting 2024-04-02-b: 'meting' is undefined: did you mean 'meeting'?\n"
        "the site has errors; nothing was sent\n"
    )
    assert smtp.recorder.received == []


def test_a_mistake_an_email_template_makes_as_it_runs_is_an_error_at_its_line(
    site, tmp_path, capsys, monkeypatch
):
    """Not a Python traceback, and no message written."""
    templates = site / "themes/default/templates"
    templates.mkdir(parents=True)
    original = Path(__file__).parent.parent / "generator/themes/default/templates/email.txt"
    (templates / "email.txt").write_text('{{ 1 + "a" }}\n' + original.read_text())
    out = tmp_path / "out"
    args = ["--source", str(site), "--meeting", KICK_OFF, "--dry-run", str(out)]
    run = run_email(args, capsys, monkeypatch)
    assert (run.code, run.err) == (
        1,
        "themes/default/templates/email.txt:1:1: error: template error while writing the "
        f"email of meeting {KICK_OFF}: unsupported operand type(s) for +: 'int' and 'str'\n"
        "the site has errors; nothing was sent\n",
    )
    assert not out.exists()


def test_usage_needs_a_meeting_or_a_commit(site, capsys, monkeypatch):
    with pytest.raises(SystemExit) as exit_:
        run_email(["--source", str(site)], capsys, monkeypatch)
    assert exit_.value.code == 2
    assert "one of the arguments --meeting --new-since is required" in capsys.readouterr().err


def write_team_line_as(site: Path, line: str) -> None:
    """site.yml's line that names the Team replaced by `line`, as a writer pastes a fix."""
    team = next(text for text in (site / "site.yml").read_text().splitlines() if "Team" in text)
    edit(site, "site.yml", team.strip(), line)


def with_recipients(site: Path, to: str, bcc: str | None = None) -> None:
    lines = f"  to: {to}\n" + (f"  bcc: {bcc}\n" if bcc else "")
    edit(site, "site.yml", f'  to: [{LIST[0]}, "{LIST[1]}"]\n', lines)


def test_members_under_bcc_are_sent_it_and_see_no_one_else_s_address(
    smtp, site, capsys, monkeypatch
):
    with_recipients(site, "[policy-group@example.org]", "[amal@example.org, Bo <bo@example.org>]")
    monkeypatch.setenv("NOMINUTES_SMTP_URL", smtp.url())
    run = run_email(["--source", str(site), "--meeting", KICK_OFF], capsys, monkeypatch)
    assert run.code == 0, run.err
    [got] = smtp.recorder.received
    assert got.envelope_to == ["policy-group@example.org", "amal@example.org", "bo@example.org"]
    assert got.message["To"] == "policy-group@example.org"
    assert got.message["Bcc"] is None
    assert "amal@" not in got.message.as_string() and "bo@" not in got.message.as_string()


def test_an_address_listed_twice_is_a_warning_and_gets_one_copy(smtp, site, capsys, monkeypatch):
    with_recipients(site, "[policy-group@example.org, amal@example.org]", "[Amal@Example.org]")
    check = check_site(site, capsys, monkeypatch)
    assert check.problem_lines == [
        "site.yml:9:9: warning: email bcc: 'Amal@Example.org' is listed already (under to, "
        "line 8); it is sent one copy: list it once"
    ]
    monkeypatch.setenv("NOMINUTES_SMTP_URL", smtp.url())
    run = run_email(["--source", str(site), "--meeting", KICK_OFF], capsys, monkeypatch)
    assert run.code == 0, run.err
    [got] = smtp.recorder.received
    assert got.envelope_to == ["policy-group@example.org", "amal@example.org"]


def test_members_own_addresses_in_site_yml_are_a_warning_that_names_the_secret(
    site, capsys, monkeypatch
):
    """Three addresses under to and bcc look like members' own: the public repository shows
    them. Two (the list and a secretary) are no warning."""
    with_recipients(site, "[policy-group@example.org]", "[amal@example.org]")
    assert check_site(site, capsys, monkeypatch).problem_lines == []
    edit(site, "site.yml", "[amal@example.org]", "[amal@example.org, Bo <bo@example.org>]")
    check = check_site(site, capsys, monkeypatch)
    assert check.code == 0
    assert check.problem_lines == [
        "site.yml:8:7: warning: email: site.yml lists 3 addresses under to and bcc; if they are "
        "members' own, anyone can read them in the repository (public on GitHub Pages, history "
        "and all), and under to each member sees the others': send to the group's list "
        "address, or put members' addresses in the NOMINUTES_EMAIL_BCC secret instead (see "
        "the README's email section)"
    ]


@pytest.mark.parametrize(
    "name, why",
    [
        ("Smith, John", "a comma in its name, which ends an address"),
        # unquoted, 'Riverside: Digital' would start a group of addresses, the name lost
        (
            "Riverside: Digital",
            "a colon in its name, which starts a group of addresses (the name is lost)",
        ),
    ],
)
def test_a_name_with_a_comma_or_colon_is_an_error_that_says_to_quote_it(
    site, capsys, monkeypatch, name: str, why: str
):
    with_recipients(site, f"['{name} <list@example.org>']")
    check = check_site(site, capsys, monkeypatch)
    assert check.code == 1
    assert check.problem_lines == [
        f"site.yml:8:8: error: email.to item 1: '{name} <list@example.org>' holds {why}; "
        f"quote the name: '\"{name}\" <list@example.org>'"
    ]


def test_a_name_with_a_colon_left_unquoted_is_one_error_whose_fix_works(site, capsys, monkeypatch):
    """YAML reads `Group: one` as a key and mail as a group: one error gives the one form
    that both read as written, and that form, copied as it is, passes."""
    edit(site, "site.yml", "  from: Minimal group <nominutes@example.org>\n", "  from: FROM\n")
    edit(site, "site.yml", "FROM", "Group: one <nominutes@example.org>")
    check = check_site(site, capsys, monkeypatch)
    assert check.code == 1
    fix = "from: '\"Group: one\" <nominutes@example.org>'"
    assert check.problem_lines == [
        "site.yml:9:9: error: the value of 'from' contains ': ', which YAML reads as a new key, "
        "and mail reads a colon in a name as the start of a group of addresses; put the name in "
        f"double quotes and the whole value in single quotes: {fix}"
    ]
    edit(site, "site.yml", "from: Group: one <nominutes@example.org>", fix)
    check = check_site(site, capsys, monkeypatch)
    assert (check.code, check.problem_lines) == (0, [])


COLON_AND_SLIP = (
    "which YAML reads as a new key, and mail reads a colon in a name as the start of a group "
    "of addresses"
)


@pytest.mark.parametrize(
    ("written", "told", "fix"),
    [
        (
            "Riverside: Digital's list <nominutes@example.org>",
            "; put the name in double quotes and the whole value in single quotes, with the "
            "apostrophe written twice",
            "from: '\"Riverside: Digital''s list\" <nominutes@example.org>'",
        ),
        (
            "Riverside: Digital <nominutes@example>",
            ", and 'nominutes@example' is not an email address; put the name in double quotes "
            "and the whole value in single quotes, with your address in full in place of "
            "name@example.org",
            "from: '\"Riverside: Digital\" <name@example.org>'",
        ),
        (
            "Riverside: Digital nominutes@example.org",
            "; put the name in double quotes and the whole value in single quotes, with the "
            "address in angle brackets",
            "from: '\"Riverside: Digital\" <nominutes@example.org>'",
        ),
    ],
    ids=["an apostrophe in the name", "an address that is not one", "no angle brackets"],
)
def test_a_colon_in_a_name_beside_another_slip_is_one_error_whose_line_works(
    written, told, fix, smtp, site, capsys, monkeypatch
):
    """A colon left unquoted in a name and an apostrophe in it, or an address that is not
    one: one error, whose line (the writer's address in its place) is read by YAML and mail
    as written, and the message is sent from that name and address."""
    edit(site, "site.yml", "  from: Minimal group <nominutes@example.org>\n", "  from: FROM\n")
    edit(site, "site.yml", "FROM", written)
    check = check_site(site, capsys, monkeypatch)
    assert check.code == 1
    assert check.problem_lines == [
        f"site.yml:9:9: error: the value of 'from' contains ': ', {COLON_AND_SLIP}{told}: {fix}"
    ]
    mended = fix.replace("name@example.org", "nominutes@example.org")
    edit(site, "site.yml", f"from: {written}", mended)
    check = check_site(site, capsys, monkeypatch)
    assert (check.code, check.problem_lines) == (0, [])
    monkeypatch.setenv("NOMINUTES_SMTP_URL", smtp.url())
    run = run_email(["--source", str(site), "--meeting", KICK_OFF], capsys, monkeypatch)
    assert run.code == 0, run.err
    [got] = smtp.recorder.received
    [sender] = got.message["From"].addresses
    assert (sender.display_name, sender.addr_spec) == (
        written.split(" <")[0].removesuffix(" nominutes@example.org"),
        "nominutes@example.org",
    )


def test_an_item_with_a_colon_beside_items_that_are_no_text_is_told_with_each_its_own_error(
    site, capsys, monkeypatch
):
    """The fix for a list in brackets writes every item of it; a list or mapping among them
    is quoted as it is (its own error says what is wrong), not a crash."""
    with_recipients(site, "[Policy: Team <team@example.org>, [a, b], {x: y, z: w}]")
    check = check_site(site, capsys, monkeypatch)
    assert check.code == 1
    assert check.problem_lines[0].endswith(
        "to: ['\"Policy: Team\" <team@example.org>', '[''a'', ''b'']', 'x: y, z: w']"
    )
    assert [line.split(": error: ")[1] for line in check.problem_lines[1:]] == [
        "email.to item 2 must be text, not a list or mapping",
        "email.to item 3 must be text, not a list or mapping",
    ]


def test_a_yes_no_value_beside_an_item_with_a_colon_is_kept_as_written_in_the_fix(
    site, capsys, monkeypatch
):
    """The fix for a list in brackets writes a `true` in it as it was written (its own error
    says to write an address there), not as the text 'True', another wrong address."""
    with_recipients(site, "[Policy: Team <team@example.org>, true]")
    check = check_site(site, capsys, monkeypatch)
    assert check.code == 1
    assert check.problem_lines[0].endswith("to: ['\"Policy: Team\" <team@example.org>', true]")
    assert (
        check.problem_lines[1]
        .split(": error: ")[1]
        .startswith(
            "email.to item 2: true is a yes/no value to YAML, not an email address; write the "
            "address in its place"
        )
    )


def test_two_addresses_that_are_not_ones_are_not_taken_for_one_listed_twice(
    site, capsys, monkeypatch
):
    """Each fix gives name@example.org for the writer's address: two of them, under to and
    bcc, are two errors, not also an address listed twice."""
    with_recipients(site, "Policy: Team <team@example>", "Members: all <members@example>")
    check = check_site(site, capsys, monkeypatch)
    assert check.code == 1
    assert [line.split(": error: ")[0] for line in check.problem_lines] == [
        "site.yml:8:7",
        "site.yml:9:8",
    ]


@pytest.mark.parametrize(
    ("written", "where", "fix"),
    [
        (
            "[Policy: Team's <team@example.org>, policy-group@example.org]",
            "8:8",
            "to: ['\"Policy: Team''s\" <team@example.org>', policy-group@example.org]",
        ),
        (
            "\n    - Policy: Team <team@example>",
            "9:7",
            "- '\"Policy: Team\" <name@example.org>'",
        ),
    ],
    ids=["an apostrophe, in brackets", "an address that is not one, a list item"],
)
def test_an_item_with_a_colon_in_its_name_beside_another_slip_is_one_error_whose_line_works(
    written, where, fix, site, capsys, monkeypatch
):
    """`- Policy: Team's <…>` is read as a mapping, and a fix in single quotes must write its
    apostrophe twice; `<team@example>` is no address: one error each, whose line passes."""
    with_recipients(site, written)
    check = check_site(site, capsys, monkeypatch)
    assert check.code == 1
    [problem] = check.problem_lines
    assert problem.startswith(f"site.yml:{where}: error: email.to item 1: 'Policy: Team")
    assert problem.endswith(f": {fix}")
    write_team_line_as(site, fix.replace("name@", "team@"))
    check = check_site(site, capsys, monkeypatch)
    assert (check.code, check.problem_lines) == (0, [])


@pytest.mark.parametrize(
    ("written", "where", "fix"),
    [
        (
            "[policy-group@example.org, Policy: Team <team@example.org>]",
            "8:34",
            "to: [policy-group@example.org, '\"Policy: Team\" <team@example.org>']",
        ),
        (
            "\n    - Policy: Team <team@example.org>",
            "9:7",
            "- '\"Policy: Team\" <team@example.org>'",
        ),
    ],
    ids=["in brackets", "a list item"],
)
def test_an_item_with_a_colon_in_its_name_is_told_how_to_write_it(
    written, where, fix, site, capsys, monkeypatch
):
    """YAML reads `- Policy: Team <…>` as a mapping: the error names the address, not a
    mapping, and its fix, copied as it is, passes."""
    with_recipients(site, written)
    check = check_site(site, capsys, monkeypatch)
    assert check.code == 1
    index = "2" if "[" in written else "1"
    assert check.problem_lines == [
        f"site.yml:{where}: error: email.to item {index}: 'Policy: Team <team@example.org>' "
        "contains ': ', which YAML reads as a key, and mail reads a colon in a name as the "
        "start of a group of addresses; put the name in double quotes and the whole item in "
        f"single quotes: {fix}"
    ]
    write_team_line_as(site, fix)
    check = check_site(site, capsys, monkeypatch)
    assert (check.code, check.problem_lines) == (0, [])


def test_every_name_in_the_headers_reads_back_as_written(smtp, site, capsys, monkeypatch):
    """Names that mail reads otherwise unquoted (a parenthesis, a quoted colon or comma) are
    quoted in the header the server receives, which reads back to each name and address."""
    edit(site, "site.yml", "from: Minimal group <", "from: Policy group (Digital) <")
    edit(
        site,
        "site.yml",
        "reply_to: secretary@example.org",
        "reply_to: 'Chair (Amal) <a@example.org>'",
    )
    with_recipients(
        site,
        "['\"Riverside: Digital\" <list@example.org>', 'Observers (public) <obs@example.org>', "
        "'\"Smith, John\" <john@example.org>']",
    )
    monkeypatch.setenv("NOMINUTES_SMTP_URL", smtp.url())
    run = run_email(["--source", str(site), "--meeting", KICK_OFF], capsys, monkeypatch)
    assert run.code == 0, run.err
    [got] = smtp.recorder.received
    head = got.raw.split(b"\r\n\r\n", 1)[0]
    assert b'\r\nFrom: "Policy group (Digital)" <nominutes@example.org>\r\n' in head
    assert (
        b'\r\nTo: "Riverside: Digital" <list@example.org>, "Observers (public)" '
        b'<obs@example.org>, "Smith, John" <john@example.org>\r\n'
    ) in head
    parsed = email.message_from_bytes(head + b"\r\n\r\n", policy=email.policy.default)

    def read(header: str) -> list[tuple[str, str]]:
        return [(a.display_name, a.addr_spec) for a in parsed[header].addresses]

    assert read("From") == [("Policy group (Digital)", "nominutes@example.org")]
    assert read("To") == [
        ("Riverside: Digital", "list@example.org"),
        ("Observers (public)", "obs@example.org"),
        ("Smith, John", "john@example.org"),
    ]
    assert read("Reply-To") == [("Chair (Amal)", "a@example.org")]
    assert got.envelope_to == ["list@example.org", "obs@example.org", "john@example.org"]


def test_an_address_the_server_refuses_fails_the_run_and_says_who_else_got_it(
    smtp, site, capsys, monkeypatch
):
    """A member's mailbox gone: the others are sent each meeting, and the run fails (CI shows
    it) naming the address, so the list is mended rather than a member silently missed."""
    with_recipients(site, "[policy-group@example.org, gone@example.org]")
    monkeypatch.setenv("NOMINUTES_SMTP_URL", smtp.url())
    args = ["--source", str(site), "--meeting", KICK_OFF]
    run = run_email(args, capsys, monkeypatch)
    assert run.code == 1
    assert run.out == ""
    assert run.err == (
        f"error: the SMTP server at 127.0.0.1:{smtp.port} refused gone@example.org "
        "(550 5.1.1 No such mailbox); every other address was sent "
        "'[Group] Kick-off: first meeting (15 January 2024)': correct the address in "
        "site.yml's email settings, then send the meeting to it alone with --meeting "
        f"{KICK_OFF} --to ADDRESS\n"
    )
    [got] = smtp.recorder.received
    assert got.envelope_to == ["policy-group@example.org"]
    # every address refused: nothing was sent, and it says so
    edit(
        site,
        "site.yml",
        "  to: [policy-group@example.org, gone@example.org]\n",
        "  to: [gone@example.org]\n",
    )
    run = run_email(args, capsys, monkeypatch)
    assert run.code == 1
    assert run.err.endswith(
        "(550 5.1.1 No such mailbox); nothing was sent: correct the address "
        "in site.yml's email settings\n"
    )
    assert len(smtp.recorder.received) == 1


def test_a_refusal_is_shown_on_one_line_with_no_escape_and_no_password(
    smtp, site, capsys, monkeypatch
):
    """Whatever the server replies to an address it refuses (lines, escapes a terminal acts on,
    the password echoed) is printed as one line of plain text without the password."""
    with_recipients(site, "[policy-group@example.org, hostile@example.org]")
    monkeypatch.setenv("NOMINUTES_SMTP_URL", smtp.url())
    run = run_email(["--source", str(site), "--meeting", KICK_OFF], capsys, monkeypatch)
    assert run.code == 1
    assert run.err == (
        f"error: the SMTP server at 127.0.0.1:{smtp.port} refused hostile@example.org "
        "(550 5.1.1 \\x1b]52;c;cm0gLXJmIH4K\\x07 refused 5.1.1 *** ***); every other "
        "address was sent '[Group] Kick-off: first meeting (15 January 2024)': correct the "
        "address in site.yml's email settings, then send the meeting to it alone with "
        f"--meeting {KICK_OFF} --to ADDRESS\n"
    )


@pytest.mark.parametrize("password", ["a", "x1"])
def test_a_short_password_is_kept_out_of_messages_without_garbling_them(
    password, certificates, site, capsys, monkeypatch
):
    """A password of a letter or two is masked where the server echoes it whole, and nowhere
    else: the words that hold its letters (mailbox, inbox1) read as written."""
    recorder = Recorder(password=password)
    with_recipients(site, "[policy-group@example.org, echoes@example.org]")
    with serving(certificates, monkeypatch, recorder, password=password) as server:
        run = run_email(["--source", str(site), "--meeting", KICK_OFF], capsys, monkeypatch)
    assert run.code == 1
    assert run.err == (
        f"error: the SMTP server at 127.0.0.1:{server.port} refused echoes@example.org "
        "(550 5.1.1 No such mailbox: inbox1 is closed to ***); every other address was sent "
        "'[Group] Kick-off: first meeting (15 January 2024)': correct the address in "
        "site.yml's email settings, then send the meeting to it alone with --meeting "
        f"{KICK_OFF} --to ADDRESS\n"
    )
    assert f":{password}@" not in run.out + run.err
    assert [r.login for r in recorder.received] == [USER]


# --- CI -----------------------------------------------------------------------------------------


LAST_SUCCESS = (
    "gh run list --workflow site.yml --branch main --event push --status success --limit 1 "
    "--json headSha --jq '.[0].headSha // empty'"
)


def email_job() -> dict:
    from generator.content.safeyaml import parse as parse_yaml
    from tests.conftest import REPO

    workflow = parse_yaml((REPO / ".github/workflows/site.yml").read_text()).value
    return workflow["jobs"]["email"]


def test_the_workflow_emails_after_deploying_only_when_the_secret_is_set() -> None:
    from tests.conftest import REPO

    job = email_job()
    assert job["needs"] == "deploy" and job["if"] == "github.event_name == 'push'"
    # The job knows whether the secret is set; only the step that sends holds it, after the
    # install, so no package's install code sees the password.
    assert job["env"] == {"SMTP_SECRET_SET": "${{ secrets.NOMINUTES_SMTP_URL != '' }}"}
    skip, *work = job["steps"]
    assert skip["if"] == "env.SMTP_SECRET_SET != 'true'" and "not set" in skip["run"]
    assert all(step["if"] == "env.SMTP_SECRET_SET == 'true'" for step in work)
    checkout = next(s for s in work if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == "0"  # --new-since reads the history
    install, send = work[-2:]
    assert install["run"] == "make install" and "env" not in install
    assert send["env"]["NOMINUTES_SMTP_URL"] == "${{ secrets.NOMINUTES_SMTP_URL }}"
    assert sum("secrets." in str(step) for step in work) == 1
    for makefile in (REPO / "Makefile", REPO / "generator/scaffold/starter/Makefile"):
        text = makefile.read_text()
        assert "nominutes email --source . $(EMAIL_FLAGS)" in text
        assert "\ninstall: $(STAMP)\n" in text


def test_the_workflow_emails_what_was_published_since_the_last_successful_push_run() -> None:
    """Not since the push's previous commit: a run cancelled or failed before its email job
    would lose its meetings. gh reads the runs with the job's token, allowed to read them."""
    job = email_job()
    assert job["permissions"] == {"contents": "read", "actions": "read"}
    step = job["steps"][-1]
    assert step["env"] == {
        "NOMINUTES_SMTP_URL": "${{ secrets.NOMINUTES_SMTP_URL }}",
        "NOMINUTES_EMAIL_TO": "${{ secrets.NOMINUTES_EMAIL_TO }}",
        "NOMINUTES_EMAIL_BCC": "${{ secrets.NOMINUTES_EMAIL_BCC }}",
        "GH_TOKEN": "${{ github.token }}",
        "GH_REPO": "${{ github.repository }}",
        "PUSHED_AFTER": "${{ github.event.before }}",
    }
    lines = step["run"].splitlines()
    assert lines[0] == f"since=$({LAST_SUCCESS})"
    assert lines[-1] == 'make email EMAIL_FLAGS="--new-since $since"'
    assert "${{" not in step["run"]  # values come in through env, never pasted into the script


@pytest.fixture
def group_site(tmp_path: Path) -> Path:
    """A site as `init` writes it, with its settings and email filled in, its .venv holding
    this nominutes (as its Makefile would install it), in a git repository."""
    from datetime import date

    from generator.scaffold.create import init_site

    site = tmp_path / "notes"
    init_site(site, today=date(2024, 1, 10))
    (site / "site.yml").write_text(
        "title: Minimal group\nbase_url: https://example.org/group/\n"
        "repo_url: https://github.com/example/notes\nfeedback_url: mailto:f@example.org\n"
        + EMAIL_SETTINGS
    )
    launcher = site / ".venv/bin/nominutes"
    launcher.parent.mkdir(parents=True)
    launcher.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m generator "$@"\n')
    launcher.chmod(0o755)
    stamp = site / ".venv/.installed"
    stamp.touch()
    os.utime(stamp, (2e9, 2e9))  # newer than requirements.txt: make installs nothing
    git(site, "init", "-q", "-b", "main")
    return site


def run_email_step(
    site: Path, smtp: Server, *, last_success: str, pushed_after: str, gh_fails: bool = False
):
    """The email step's script as the runner runs it (bash -e), with a `gh` on the PATH that
    prints `last_success` as the real one would print the last successful run's commit (or
    fails, as without network or permission)."""
    bin_dir = site.parent / "bin"
    bin_dir.mkdir(exist_ok=True)
    called = site.parent / "gh-args"
    fake_gh = bin_dir / "gh"
    fake_gh.write_text(
        f'#!/bin/sh\n[ -n "$GH_TOKEN" ] || exit 4\n{"exit 1" if gh_fails else ""}\n'
        f'printf "%s\\n" "$@" > {shlex.quote(str(called))}\n'
        f"printf '%s' {shlex.quote(last_success + chr(10) if last_success else '')}\n"
    )
    fake_gh.chmod(0o755)
    step = email_job()["steps"][-1]
    from tests.conftest import REPO

    done = subprocess.run(
        ["bash", "-e", "-c", step["run"]],
        cwd=site,
        capture_output=True,
        text=True,
        env={
            "PATH": f"{bin_dir}:/usr/bin:/bin",
            "HOME": str(site.parent),
            "GIT_CONFIG_NOSYSTEM": "1",
            "GH_TOKEN": "a-token",
            "GH_REPO": "example/notes",
            "PUSHED_AFTER": pushed_after,
            "NOMINUTES_SMTP_URL": smtp.url(),
            "SSL_CERT_FILE": os.environ["SSL_CERT_FILE"],
            "PYTHONPATH": str(REPO),
            "SOURCE_DATE_EPOCH": BUILD_EPOCH,
        },
        timeout=120,
    )
    if not gh_fails:
        assert called.read_text().splitlines() == shlex.split(LAST_SUCCESS)[1:]
    return done


def add_meeting(site: Path, slug: str, title: str) -> None:
    (site / f"content/meetings/{slug}.md").write_text(
        f"---\ntitle: {title}\ndate: {slug[:10]}\nthemes: [getting-started]\n---\nMet.\n"
    )


@pytest.fixture
def two_quick_pushes(group_site: Path) -> tuple[Path, dict[str, str]]:
    """The trial's pushes: the last successful run built `deployed`; then a push published
    a meeting (`published`), and a minute later a typo was fixed on the web (HEAD)."""
    commits = {"deployed": commit_all(group_site, "first")}
    add_meeting(group_site, "2024-02-07-second", "Second meeting")
    commits["published"] = commit_all(group_site, "Publish the second meeting")
    note = group_site / "content/meetings/2024-02-07-second.md"
    note.write_text(note.read_text().replace("Met.", "We met."))
    commits["typo"] = commit_all(group_site, "Fix a typo")
    return group_site, commits


def test_a_meeting_whose_run_was_cut_short_is_sent_by_the_next_push(smtp, two_quick_pushes):
    site, commits = two_quick_pushes
    # the run for "published" never finished: the last success is still "deployed"
    run = run_email_step(
        site, smtp, last_success=commits["deployed"], pushed_after=commits["published"]
    )
    assert run.returncode == 0, run.stderr
    assert f"Meetings published since {commits['deployed']}:" in run.stdout
    assert [r.message["Subject"] for r in smtp.recorder.received] == [
        "[Group] Second meeting (7 February 2024)"
    ]
    assert PASSWORD not in run.stdout + run.stderr


def test_a_run_again_after_a_later_success_sends_nothing_twice(smtp, two_quick_pushes):
    """A failed run of "published" run again after "typo"'s run succeeded (and sent it)."""
    site, commits = two_quick_pushes
    git(site, "checkout", "-q", commits["published"])
    run = run_email_step(site, smtp, last_success=commits["typo"], pushed_after=commits["deployed"])
    assert run.returncode == 0, run.stderr
    assert f"no meeting was published since {commits['typo']}; nothing to send" in run.stdout
    assert smtp.recorder.received == []


@pytest.mark.parametrize(
    "last_success",
    ["", "0123456789abcdef0123456789abcdef01234567"],  # no run yet; a commit a force-push lost
)
def test_without_a_last_success_here_the_push_s_previous_commit_is_used(
    last_success, smtp, two_quick_pushes
):
    site, commits = two_quick_pushes
    run = run_email_step(site, smtp, last_success=last_success, pushed_after=commits["deployed"])
    assert run.returncode == 0, run.stderr
    assert f"Meetings published since {commits['deployed']}:" in run.stdout
    assert [r.message["Subject"] for r in smtp.recorder.received] == [
        "[Group] Second meeting (7 February 2024)"
    ]


def test_when_gh_cannot_say_the_step_fails_and_sends_nothing(smtp, two_quick_pushes):
    """Never a guess: the run fails, so the next push's run sends its meetings."""
    site, commits = two_quick_pushes
    run = run_email_step(
        site, smtp, last_success="", pushed_after=commits["published"], gh_fails=True
    )
    assert run.returncode != 0
    assert "Meetings published since" not in run.stdout and smtp.recorder.received == []


def test_the_first_push_of_a_repository_sends_nothing(smtp, group_site):
    commit_all(group_site, "first")
    run = run_email_step(group_site, smtp, last_success="", pushed_after="0" * 40)
    assert run.returncode == 0, run.stderr
    assert run.stdout.endswith(FIRST_PUSH) and smtp.recorder.received == []


def test_a_force_push_that_lost_both_commits_is_a_clear_error(smtp, two_quick_pushes):
    site, _commits = two_quick_pushes
    lost = "0123456789abcdef0123456789abcdef01234567"
    run = run_email_step(site, smtp, last_success=lost, pushed_after=lost)
    assert run.returncode != 0
    assert (
        f"error: --new-since: no commit '{lost}' in this repository's history: in a shallow "
        "clone, fetch the whole history (fetch-depth: 0); if the history was rewritten "
        "(a force-push), send the meetings it published with --meeting SLUG\n"
    ) in run.stderr
    assert smtp.recorder.received == []


def test_make_email_sends_through_the_makefile(smtp, site, tmp_path, monkeypatch) -> None:
    """The command the workflow runs, as CI runs it: `make email` with the secret set."""
    from tests.conftest import REPO

    makefile = (REPO / "Makefile").read_text()
    target = makefile.split("\nemail: $(STAMP)\n\t", 1)[1].split("\n", 1)[0]
    git(site, "init", "-q")
    before = commit_all(site, "first")
    (site / "content/meetings/2024-04-01-new.md").write_text(
        "---\ntitle: New\ndate: 2024-04-01\nthemes: [foi-implications]\n---\nMet.\n"
    )
    commit_all(site, "second")
    command = target.replace("$(BIN)/nominutes", f"{sys.executable} -m generator")
    command = command.replace("$(EMAIL_FLAGS)", f"--new-since {before}")
    done = subprocess.run(
        command,
        shell=True,
        cwd=site,
        capture_output=True,
        text=True,
        env={
            "PATH": "/usr/bin:/bin",
            "NOMINUTES_SMTP_URL": smtp.url(),
            "SSL_CERT_FILE": os.environ["SSL_CERT_FILE"],
            "PYTHONPATH": str(REPO),
            "SOURCE_DATE_EPOCH": on("2024-04-01"),
        },
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert [r.message["Subject"] for r in smtp.recorder.received] == ["[Group] New (1 April 2024)"]
    assert PASSWORD not in done.stdout + done.stderr


def test_the_email_lists_as_many_actions_as_each_meeting_page_counts(tmp_path: Path) -> None:
    """Over a site of many meetings whose actions are raised, updated, closed and left
    overdue: for every meeting, the email's lists and the page's counts agree."""
    from datetime import date

    from generator.content.agenda import since_last
    from generator.content.load import load_site
    from generator.content.model import BuildOptions
    from generator.make import assemble_model
    from tests.conftest import synthetic_site

    source = synthetic_site(tmp_path / "site", 120)
    for number, note in enumerate(sorted((source / "content/meetings").glob("*.md"))):
        text = note.read_text()
        if number % 4 == 1:  # the actions of the meeting before are not reported on: overdue
            text = re.sub(r"  - id: \S+\n    status: done\n    note: Done.\n", "", text)
        elif number % 4 == 3 and number > 3:  # a note on an action done at meeting 3
            text = text.replace("actions:\n", "actions:\n  - {id: m00002-a1, note: Again.}\n", 1)
        note.write_text(text)
    options = BuildOptions(source, tmp_path / "out", date(2024, 3, 9))
    model = assemble_model(load_site(source), options)
    counted = [0, 0]
    for meeting in model.site.meetings:
        listed = since_last(model.indexes, meeting)
        counts = model.indexes.since_last[meeting.slug]
        assert (len(listed.closed), len(listed.overdue)) == (counts.closed, counts.overdue)
        counted[0] += counts.closed
        counted[1] += counts.overdue
    assert counted[0] > 10 and counted[1] > 10  # the site has both to compare


def test_a_catch_up_email_shows_each_action_s_status_now_and_that_the_next_meeting_has_met(
    site, tmp_path, capsys, monkeypatch
):
    """An email sent for an earlier meeting never presents a status that has changed since
    as current, nor a next meeting that has already met as still to come."""
    message = dry_run(site, KICK_OFF, tmp_path, capsys, monkeypatch)
    text, html = text_part(message).replace("\r\n", "\n"), html_part(message)
    assert (
        "12 February 2024.\n"
        "It has since met: “Reporting back” (12 February 2024).\n"
        f"  {BASE}meetings/2024-02-12-reporting-back/\n"
    ) in text
    assert (
        "- Think of a live policy issue\n"
        "  Owner: All members. Due: 12 February 2024. Open then, done now.\n"
    ) in text
    assert (
        f'It has since met: “<a href="{BASE}meetings/2024-02-12-reporting-back/">'
        "Reporting back</a>” (12 February 2024)."
    ) in html
    words = parse_html(html).text
    assert "Think of a live policy issue Owner: All members" in words
    assert "Status: Open then, done now" in words
    # the latest meeting's email has no "then": nothing has changed since
    latest = dry_run(site, "2024-03-11-third", tmp_path, capsys, monkeypatch)
    assert " then, " not in text_part(latest) and "since met" not in text_part(latest)


@pytest.mark.parametrize(
    "entry",
    ["", "  - id: live-policy-issue\n    status: open\n    note:\n"],
    ids=["left out", "listed with nothing changed"],
)
def test_an_action_due_at_the_meeting_and_not_reported_back_is_in_its_email(
    entry, site, tmp_path, capsys, monkeypatch
):
    """As its page lists it under "Due, not reported back", once (not again as overdue),
    whether the meeting leaves it out or lists it as `new meeting` wrote it (status as it
    was, no note), which reports nothing."""
    edit(site, f"content/meetings/{KICK_OFF}.md", "due: 2024-02-12", "due: 2024-02-01")
    edit(
        site,
        "content/meetings/2024-02-12-reporting-back.md",
        "  - id: live-policy-issue\n    status: done\n    note: Everyone brought an example.\n",
        entry,
    )
    message = dry_run(site, "2024-02-12-reporting-back", tmp_path, capsys, monkeypatch)
    text, html = text_part(message).replace("\r\n", "\n"), html_part(message)
    assert (
        "Due, not reported back:\n"
        "- Think of a live policy issue\n"
        "  Owner: All members. Due: 1 February 2024. Open, overdue.\n"
    ) in text
    assert text.count("- Think of a live policy issue") == 1
    assert "Still overdue" not in text
    assert "Reported on and still open:\n- Write guidance on engaging online\n" in text
    assert "<caption>Due, not reported back</caption>" in html
    assert "No earlier action was reported on" not in text


def test_an_action_raised_past_its_due_date_is_overdue_in_the_email_as_in_the_pack(
    site, tmp_path, capsys, monkeypatch
):
    """ask-legal, raised at the third meeting (11 March) already due on 1 March: the
    meeting's email marks it overdue where it lists it raised and due next, first among
    those due (10 days before it, "the meeting on 11 March 2024"), as the agenda pack marks
    it; it is not "still" overdue, as it was raised there."""
    third = "2024-03-11-third"
    edit(
        site,
        f"content/meetings/{third}.md",
        "owner: Grace, due: 2024-04-01}",
        "owner: Grace, due: 2024-03-01}",
    )
    sent_on = on("2024-03-12")
    build = run_cli(["build", "--source", str(site)], capsys, monkeypatch, sent_on)
    assert build.code == 0, build.err
    pack = " ".join(read_page(site / "_site", "next/index.html").text.split())
    assert "Ask legal about FOI" in pack and "1 overdue" in pack
    message = dry_run(site, third, tmp_path, capsys, monkeypatch, sent_on)
    text, html = text_part(message).replace("\r\n", "\n"), html_part(message)
    assert (
        "ACTIONS RAISED\n- Ask legal about FOI\n  Owner: Grace. Due: 1 March 2024. Open, overdue.\n"
    ) in text
    assert (
        "Due for report-back then:\n"
        + wrapped(
            "- Ask legal about FOI",
            "  Owner: Grace. Due: 1 March 2024, 10 days before the meeting on 11 March 2024. Open, "
            "overdue.",
            "  Raised at this meeting.",
        )
    ) in text
    assert "Still overdue" not in text
    words = parse_html(html).text
    assert "Ask legal about FOI Owner: Grace Due: 1 March 2024 Status: Open, overdue" in words
    due_next = html.split("Due for report-back at the next meeting")[1]
    assert (
        "Owner: Grace Due: 1 March 2024, 10 days before the meeting on 11 March 2024 "
        "Status: Open, overdue"
    ) in parse_html(due_next).text


def test_the_overdue_mark_is_as_of_the_meeting_as_its_page_counts(
    site, tmp_path, capsys, monkeypatch
):
    """An email sent some weeks after its meeting marks "overdue" what was overdue at the
    meeting, as the meeting's page counts "still overdue": still an action that was, though
    done since, and not one that fell overdue since."""
    third = "2024-03-11-third"
    edit(site, f"content/meetings/{KICK_OFF}.md", "due: 2024-03-01", "due: 2024-02-01")
    edit(  # not reported on at the second meeting nor the third: done at a fourth
        site,
        "content/meetings/2024-02-12-reporting-back.md",
        "  - id: write-guidance\n    status: in-progress\n",
        "",
    )
    edit(
        site,
        f"content/meetings/{third}.md",
        "  - {id: write-guidance, status: done, note: Published on the intranet.}\n",
        "",
    )
    (site / "content/meetings/2024-03-25-fourth.md").write_text(
        "---\ntitle: Fourth meeting\ndate: 2024-03-25\nthemes: [permission-to-engage]\n"
        "actions:\n  - {id: write-guidance, status: done}\n---\nA fourth meeting.\n"
    )
    sent_on = on("2024-04-08")  # a week after ask-legal's due date, 1 April
    build = run_cli(["build", "--source", str(site)], capsys, monkeypatch, sent_on)
    assert build.code == 0, build.err
    page = read_page(site / "_site", f"meetings/{third}/index.html").text
    assert "1 action still overdue" in page and "Write guidance on engaging online" in page
    message = dry_run(site, third, tmp_path, capsys, monkeypatch, sent_on)
    text, html = text_part(message).replace("\r\n", "\n"), html_part(message)
    assert (
        "Still overdue:\n"
        + wrapped(
            "- Write guidance on engaging online",
            "  Owners: Grace, Alan. Due: 1 February 2024. Open, overdue then, done now.",
        )
        in text
    )
    assert (
        "ACTIONS RAISED\n- Ask legal about FOI\n  Owner: Grace. Due: 1 April 2024. Open.\n"
    ) in text
    # due by the next meeting: the one overdue at this meeting first, as it left them, with
    # how long before the meeting it was due, as the agenda pack says
    assert (
        "Due for report-back then:\n"
        + wrapped(
            "- Write guidance on engaging online",
            "  Owners: Grace, Alan. Due: 1 February 2024, 5 weeks before the meeting on "
            "11 March 2024. Open, "
            "overdue then, done now.",
            "  Raised at “Kick-off: first meeting”, 15 January 2024.",
            f"  {BASE}actions/write-guidance/",
            "- Ask legal about FOI",
            "  Owner: Grace. Due: 1 April 2024. Open.",
            "  Raised at this meeting.",
        )
        in text
    )
    assert text.count("overdue") == 3  # the heading, and the guidance's mark in each list
    assert "“Third meeting”" not in text  # the email's own meeting is "this meeting"
    due_next = html.split("Due for report-back at the next meeting")[1]
    assert "Ask legal about FOI</a><br>Raised at this meeting</td>" in due_next
    words = parse_html(html).text
    assert "Status: Open, overdue then, done now" in words
    assert "Ask legal about FOI Owner: Grace Due: 1 April 2024 Status: Open" in words
    assert words.count("overdue") == 3


def test_the_actions_due_next_say_since_when_and_by_whom_as_the_pack_does(
    site, tmp_path, capsys, monkeypatch
):
    """The email's list of actions due at the next meeting says what the agenda pack says of
    them: the meeting that raised each, with its date; an owner a later meeting gave it to,
    since when, and whose it was; and how long before the meeting an overdue one was due, named
    by its day: this email's meeting, which it is counted from, not the next."""
    edit(  # not done at the third meeting: given to Hana at the second instead of Alan
        site,
        "content/meetings/2024-03-11-third.md",
        "  - {id: write-guidance, status: done, note: Published on the intranet.}\n",
        "",
    )
    edit(
        site,
        "content/meetings/2024-02-12-reporting-back.md",
        "    status: in-progress\n",
        "    status: in-progress\n    owner: [Grace, Hana]\n",
    )
    message = dry_run(site, "2024-03-11-third", tmp_path, capsys, monkeypatch)
    text, html = text_part(message).replace("\r\n", "\n"), html_part(message)
    assert (
        "Due for report-back then:\n"
        + wrapped(
            "- Write guidance on engaging online",
            "  Owners: Grace, Hana (since 12 February 2024; before, Alan). Due: 1 March 2024, "
            "10 days before the meeting on 11 March 2024. In progress, overdue.",
            "  Raised at “Kick-off: first meeting”, 15 January 2024.",
        )
        in text
    )
    due_next = html.split("Due for report-back at the next meeting")[1]
    assert (
        "Write guidance on engaging online</a><br>Raised at “Kick-off: first meeting”, "
        "15 January 2024</td>"
    ) in due_next
    assert (
        "Owners: Grace, Hana (since 12 February 2024; before, Alan) Due: 1 March 2024, "
        "10 days before the meeting on 11 March 2024 Status: In progress, overdue"
    ) in parse_html(due_next).text


def test_a_subject_that_fits_on_a_line_is_sent_on_one_line(smtp, site, capsys, monkeypatch):
    """Not folded after "Subject:", which some readers show as a leading space; the parts'
    lines are still wrapped at 78 characters."""
    title = "Kick-off: where digital fits in policy making, and who asks whom"
    edit(site, f"content/meetings/{KICK_OFF}.md", "Kick-off: first meeting", title)
    monkeypatch.setenv("NOMINUTES_SMTP_URL", smtp.url())
    run = run_email(["--source", str(site), "--meeting", KICK_OFF], capsys, monkeypatch)
    assert run.code == 0, run.err
    [got] = smtp.recorder.received
    subject = f"[Group] {title} (15 January 2024)"
    assert len(f"Subject: {subject}") > 78
    assert f"Subject: {subject}".encode() in got.raw.split(b"\r\n")
    assert got.message["Subject"] == subject
    body = got.raw.split(b"\r\n\r\n", 1)[1]
    assert max(len(line) for line in body.split(b"\r\n")) <= 78


def test_to_sends_the_meeting_only_to_the_addresses_given(smtp, site, capsys, monkeypatch):
    """After a refused address is corrected, the member is sent the very message the others
    were (its Message-ID and To alike), and no one else is sent it again."""
    with_recipients(site, "[policy-group@example.org]", "[amal@example.org, bo@example.org]")
    monkeypatch.setenv("NOMINUTES_SMTP_URL", smtp.url())
    everyone = ["--source", str(site), "--meeting", KICK_OFF]
    assert run_email(everyone, capsys, monkeypatch).code == 0
    to_one = [*everyone, "--to", "Bo <bo@example.org>", "--to", "BO@example.org"]
    run = run_email(to_one, capsys, monkeypatch)
    assert run.code == 0, run.err
    first, again = smtp.recorder.received
    assert again.envelope_to == ["bo@example.org"]
    for header in ("Message-ID", "To", "Subject"):
        assert again.message[header] == first.message[header]


def test_to_an_address_that_is_not_valid_is_an_error_and_sends_nothing(
    smtp, site, capsys, monkeypatch
):
    monkeypatch.setenv("NOMINUTES_SMTP_URL", smtp.url())
    args = ["--source", str(site), "--meeting", KICK_OFF, "--to", "bo.example.org"]
    run = run_email([*args, "--to", "Smith, J <j@example.org>"], capsys, monkeypatch)
    assert run.code == 1
    assert run.err == (
        "error: --to 'bo.example.org' is not an email address; write it as name@example.org "
        "or 'Group name <name@example.org>'\n"
        "error: --to 'Smith, J <j@example.org>' holds a comma in its name, which ends an "
        "address; quote the name: '\"Smith, J\" <j@example.org>'\n"
    )
    assert smtp.recorder.received == []
    run = run_email([*args[:-1], "a@example.org\nBcc: c@example.org"], capsys, monkeypatch)
    assert run.err == (  # one line, its line break shown
        "error: --to 'a@example.org\\x0aBcc: c@example.org' holds a line break or control "
        "character; write the name and address on one line\n"
    )
    assert smtp.recorder.received == []
    run = run_email(
        ["--source", str(site), "--new-since", "HEAD", "--to", "a@b.org"], capsys, monkeypatch
    )
    assert run.code == 1
    assert run.err == "error: --to sends one meeting: give it with --meeting SLUG\n"


def test_the_actions_raised_are_in_the_order_the_meeting_s_file_gives_them(
    site, tmp_path, capsys, monkeypatch
):
    edit(
        site,
        "content/meetings/2024-03-11-third.md",
        "decisions:\n",
        "  - {id: a-first-id, title: Book the next room, owner: Alan, due: 2024-04-01}\n"
        "decisions:\n",
    )
    message = dry_run(site, "2024-03-11-third", tmp_path, capsys, monkeypatch)
    for part in (text_part(message), html_part(message)):
        raised = part.lower().split("actions raised")[1]
        assert raised.index("ask legal about foi") < raised.index("book the next room")


def supersede(site: Path) -> None:
    """A meeting on 1 April 2024 that replaces the third meeting's decision."""
    (site / "content/meetings/2024-04-01-change.md").write_text(
        "---\ntitle: Change\ndate: 2024-04-01\ndecisions:\n"
        "  - {id: summaries-in-public, text: We publish summaries in public, "
        "supersedes: notes-not-minutes}\n---\nWe changed our minds.\n"
    )


def test_an_earlier_meeting_s_email_says_its_decision_was_superseded_since_and_by_what(
    smtp, site, capsys, monkeypatch
):
    """Sent after 1 April, the third meeting's email does not pass its decision off as in
    force: both parts say it has since been superseded, when, and by which decision."""
    supersede(site)
    monkeypatch.setenv("NOMINUTES_SMTP_URL", smtp.url())
    args = ["--source", str(site), "--meeting", "2024-03-11-third"]
    run = run_email(args, capsys, monkeypatch, on("2024-04-02"))
    assert run.code == 0, run.err
    message = smtp.recorder.received[0].message
    text, html = (part(message).replace("\r\n", "\n") for part in (text_part, html_part))
    new = f"{BASE}decisions/summaries-in-public/"
    assert (
        "DECISIONS\n"
        + wrapped(
            "- We keep notes & not minutes",
            f"  Since superseded on 1 April 2024 by “We publish summaries in public” <{new}>.",
            f"  {BASE}decisions/notes-not-minutes/",
        )
        in text
    )
    assert (
        f'<li><a href="{BASE}decisions/notes-not-minutes/">We keep notes &amp; not minutes</a>'
        '<br><strong>Since superseded</strong> on <time datetime="2024-04-01">1 April 2024</time> '
        f'by <a href="{new}">We publish summaries in public</a>.</li>'
    ) in html
    assert "Since superseded on 1 April 2024 by We publish summaries in public." in (
        parse_html(html).text
    )


def test_a_decision_reviewed_then_superseded_says_so_in_each_email_that_names_it(
    site, tmp_path, capsys, monkeypatch
):
    """Reviewed and kept on 25 March, superseded on 1 April: the email of the meeting that
    made it (its decisions, and those due for review next) and that of the one that reviewed
    it say both; the superseding meeting's own email says only what it replaced."""
    add_review(site)
    supersede(site)
    after = on("2024-04-02")
    since = "Since superseded on 1 April 2024 by “We publish summaries in public”"
    made = dry_run(site, "2024-03-11-third", tmp_path, capsys, monkeypatch, after)
    text, html = (part(made).replace("\r\n", "\n") for part in (text_part, html_part))
    assert (
        wrapped(
            "- We keep notes & not minutes",
            "  To be reviewed by 1 April 2024 then. Since reviewed and "
            f"kept on 25 March 2024, next review 1 September 2024. {since} "
            f"<{BASE}decisions/summaries-in-public/>.",
        )
        in text
    )
    assert (
        wrapped(
            "- We keep notes & not minutes (to be reviewed by 1 April 2024). Since reviewed and "
            "kept "
            f"on 25 March 2024, next review 1 September 2024. {since} "
            f"<{BASE}decisions/summaries-in-public/>."
        )
        in text
    )  # due for review at the next meeting, as the third left it
    assert html.count("<strong>Since superseded</strong> on ") == 2
    reviewed = dry_run(site, "2024-03-25-review", tmp_path, capsys, monkeypatch, after)
    text, html = (part(reviewed).replace("\r\n", "\n") for part in (text_part, html_part))
    assert (
        wrapped(
            "- We keep notes & not minutes",
            f"  Kept; to be reviewed again by 1 September 2024. {since} "
            f"<{BASE}decisions/summaries-in-public/>.",
        )
        in text
    )
    assert (
        'Kept; to be reviewed again by <time datetime="2024-09-01">1 September 2024</time>. '
        '<strong>Since superseded</strong> on <time datetime="2024-04-01">1 April 2024</time> by '
        f'<a href="{BASE}decisions/summaries-in-public/">We publish summaries in public</a>.<br>'
    ) in html
    latest = dry_run(site, "2024-04-01-change", tmp_path, capsys, monkeypatch, after)
    words = " ".join((text_part(latest) + html_part(latest)).split())
    assert "Since superseded" not in words and "(replaces: We keep notes & not minutes)" in words
    # sent before 1 April, when nothing had replaced it, the email says nothing of it
    (site / "content/meetings/2024-04-01-change.md").unlink()
    before = dry_run(site, "2024-03-25-review", tmp_path, capsys, monkeypatch, on("2024-03-26"))
    assert "superseded" not in text_part(before) + html_part(before)


def test_a_decision_replaced_at_a_meeting_written_ahead_is_in_force_until_its_day(
    site, tmp_path, capsys, monkeypatch
):
    """Sent on 26 March, with the meeting of 1 April written ahead: the third meeting's
    decision still stands, so its email says when it is to be superseded and by which
    decision, as the decision's page does, and never that it has been."""
    supersede(site)
    message = dry_run(site, "2024-03-11-third", tmp_path, capsys, monkeypatch, on("2024-03-26"))
    text, html = (part(message).replace("\r\n", "\n") for part in (text_part, html_part))
    new = f"{BASE}decisions/summaries-in-public/"
    assert (
        "DECISIONS\n"
        + wrapped(
            "- We keep notes & not minutes",
            f"  To be superseded on 1 April 2024 by “We publish summaries in public” <{new}>.",
            f"  {BASE}decisions/notes-not-minutes/",
        )
        in text
    )
    assert (
        f'<li><a href="{BASE}decisions/notes-not-minutes/">We keep notes &amp; not minutes</a>'
        '<br>To be superseded on <time datetime="2024-04-01">1 April 2024</time> '
        f'by <a href="{new}">We publish summaries in public</a>.</li>'
    ) in html
    assert "Since superseded" not in text + html


def test_what_a_decision_replaced_is_said_before_its_full_stop_as_a_sentence_has_it(
    smtp, site, capsys, monkeypatch
):
    """Both decisions written as sentences, with full stops: the replacing meeting's email
    reads "We publish summaries in public (replaces: We keep notes, not minutes)." in both
    parts, its full stop after the brackets and none left inside them, not "….  (replaces:
    ….)"; one ending in a question mark keeps it where it was written, and a decision that
    replaced none is as written, its full stop and all."""
    edit(
        site,
        "content/meetings/2024-03-11-third.md",
        "text: We keep notes & not minutes}",
        "text: 'We keep notes, not minutes.'}",
    )
    supersede(site)
    edit(
        site,
        "content/meetings/2024-04-01-change.md",
        "text: We publish summaries in public,",
        "text: We publish summaries in public.,",
    )
    monkeypatch.setenv("NOMINUTES_SMTP_URL", smtp.url())
    args = ["--source", str(site), "--meeting", "2024-04-01-change"]
    run = run_email(args, capsys, monkeypatch, on("2024-04-02"))
    assert run.code == 0, run.err
    message = smtp.recorder.received[0].message
    text, html = (part(message).replace("\r\n", "\n") for part in (text_part, html_part))
    said = "We publish summaries in public (replaces: We keep notes, not minutes)."
    assert "DECISIONS\n" + wrapped(f"- {said}", f"  {BASE}decisions/summaries-in-public/") in text
    assert (
        f'<li><a href="{BASE}decisions/summaries-in-public/">We publish summaries in public</a>'
        f' (replaces: <a href="{BASE}decisions/notes-not-minutes/">We keep notes, not minutes'
        "</a>).</li>"
    ) in html
    assert said in " ".join(parse_html(html).text.split())
    assert ". (replaces" not in text + html and ".)" not in text + html
    # the third meeting's own email names its decision as written, its full stop and all
    third = dry_run(site, "2024-03-11-third", Path(str(site) + "-mail"), capsys, monkeypatch)
    assert "- We keep notes, not minutes.\n" in text_part(third).replace("\r\n", "\n")
    # a question keeps its mark where it was written
    edit(
        site,
        "content/meetings/2024-04-01-change.md",
        "text: We publish summaries in public.,",
        "text: Do we publish summaries in public?,",
    )
    asked = dry_run(
        site, "2024-04-01-change", Path(str(site) + "-asked"), capsys, monkeypatch, on("2024-04-02")
    )
    assert wrapped(
        "- Do we publish summaries in public? (replaces: We keep notes, not minutes)"
    ) in (text_part(asked).replace("\r\n", "\n"))


# --- recipients kept out of the repository ----------------------------------------------------


def test_the_starter_steers_a_group_to_its_list_address_not_members_own(tmp_path: Path) -> None:
    """On free GitHub Pages the repository is public: the site.yml init writes asks for the
    group's list address, lists no member's, and names the secrets that keep addresses out."""
    from datetime import date

    from generator.content.safeyaml import parse as parse_yaml
    from generator.scaffold.create import init_site

    init_site(tmp_path / "notes", today=date(2024, 1, 10))
    text = (tmp_path / "notes/site.yml").read_text()
    assert "bcc" not in text.split("# email:")[1]  # no place set for members' own addresses
    advice = " ".join(line.removeprefix("#") for line in text.splitlines())
    advice = " ".join(advice.split())
    assert "your group's list address: a Google Group, a Microsoft 365 group or a mailing list" in (
        advice
    )
    assert "Never list members' own addresses here: on GitHub Pages this repository is public" in (
        advice
    )
    assert "NOMINUTES_EMAIL_TO (or NOMINUTES_EMAIL_BCC) secret" in advice
    lines = text.splitlines()
    block = "\n".join(line.removeprefix("# ") for line in lines[lines.index("# email:") :])
    assert parse_yaml(block).value["email"]["to"] == ["our-group@example.gov.uk"]
    # the workflow it writes hands the two secrets to the step that sends, and to no other
    workflow = parse_yaml((tmp_path / "notes/.github/workflows/site.yml").read_text()).value
    steps = [s for job in workflow["jobs"].values() for s in job.get("steps", ())]
    holding = [s for s in steps if "NOMINUTES_EMAIL_" in str(s)]
    assert [s["env"]["NOMINUTES_EMAIL_BCC"] for s in holding] == [
        "${{ secrets.NOMINUTES_EMAIL_BCC }}"
    ]
    assert holding[0]["env"]["NOMINUTES_EMAIL_TO"] == "${{ secrets.NOMINUTES_EMAIL_TO }}"
    assert "make email" in holding[0]["run"]


def test_every_email_line_init_writes_uncommented_loads_and_its_examples_are_named(
    smtp, tmp_path: Path, capsys, monkeypatch
) -> None:
    """The email settings `init` writes, commented out, include an example `unsubscribe`
    line as they do `to` and `from`; with the '# ' of every line deleted, the site builds,
    `check` names each example still there at its line (unsubscribe's too), a dry run writes
    a message carrying them, List-Unsubscribe and all, and `email` sends nothing."""
    from datetime import date

    from generator.scaffold.create import init_site

    site = tmp_path / "notes"
    init_site(site, today=date(2024, 3, 11))
    settings = site / "site.yml"
    lines = settings.read_text().splitlines()
    start = lines.index("# email:")
    block = [line for line in lines[start:] if line.startswith("#")]
    assert block == [
        "# email:",
        "#   to: [our-group@example.gov.uk]",
        "#   from: Our policy group <noreply@example.gov.uk>",
        "#   unsubscribe: https://lists.example.gov.uk/our-group/leave",
    ]
    lines[start : start + len(block)] = [line.removeprefix("# ") for line in block]
    settings.write_text("\n".join(lines) + "\n")
    day = on("2024-03-12")
    check = run_cli(["check", "--source", str(site)], capsys, monkeypatch, day)
    assert check.code == 0, check.err
    examples = [
        line for line in check.problem_lines if line.startswith("site.yml") and "email" in line
    ]
    assert examples == [
        f"site.yml:{start + 2}:8: warning: email to: 'our-group@example.gov.uk' is still the "
        "example address that init wrote; set it to your group's own (see the README's first "
        "steps)",
        f"site.yml:{start + 3}:9: warning: email from: 'noreply@example.gov.uk' is still the "
        "example address that init wrote; set it to your group's own (see the README's first "
        "steps)",
        f"site.yml:{start + 4}:16: warning: email unsubscribe: "
        "'https://lists.example.gov.uk/our-group/leave' is still the example address that "
        "init wrote; set it to where members leave your group's list (its page, or its "
        "request address as mailto:…), or delete the line",
    ]
    assert run_cli(["build", "--source", str(site)], capsys, monkeypatch, day).code == 0
    [slug] = [p.stem for p in (site / "content/meetings").glob("*.md")]
    out = tmp_path / "eml"
    args = ["--source", str(site), "--meeting", slug]
    dry = run_email([*args, "--dry-run", str(out)], capsys, monkeypatch, day)
    assert dry.code == 0, dry.err
    message = email.message_from_bytes(
        (out / f"{slug}.eml").read_bytes(), policy=email.policy.default
    )
    assert message["List-Unsubscribe"] == "<https://lists.example.gov.uk/our-group/leave>"
    assert "Leave this list: https://lists.example.gov.uk/our-group/leave" in text_part(message)
    settings.write_text(
        settings.read_text()
        .replace("our-group@example.gov.uk", "our-group@lists.example.org")
        .replace("noreply@example.gov.uk", "noreply@lists.example.org")
    )
    monkeypatch.setenv("NOMINUTES_SMTP_URL", smtp.url())
    run = run_email(args, capsys, monkeypatch, day)
    assert (run.code, run.err) == (
        1,
        "error: site.yml's email unsubscribe is still "
        "'https://lists.example.gov.uk/our-group/leave', the example address that init wrote: "
        "set where members leave your group's list, or delete the line, before sending "
        "(--dry-run DIR writes the messages without sending them)\n",
    )
    assert smtp.recorder.received == []


MEMBERS = 'amal@example.org, "Smith, Bo" <bo@example.org>\nCy <cy@example.org>;dee@example.org\n'


def without_recipients(site: Path) -> None:
    """site.yml's email settings with no `to`: the addresses come from the environment."""
    edit(site, "site.yml", f'  to: [{LIST[0]}, "{LIST[1]}"]\n', "")


def test_recipients_from_the_environment_are_sent_it_and_never_shown(
    smtp, site, tmp_path, capsys, monkeypatch
):
    without_recipients(site)
    assert check_site(site, capsys, monkeypatch).code == 0
    monkeypatch.setenv("NOMINUTES_SMTP_URL", smtp.url())
    monkeypatch.setenv("NOMINUTES_EMAIL_TO", "Policy group <policy-group@example.org>")
    monkeypatch.setenv("NOMINUTES_EMAIL_BCC", MEMBERS)
    run = run_email(["--source", str(site), "--meeting", KICK_OFF], capsys, monkeypatch)
    assert run.code == 0, run.err
    [got] = smtp.recorder.received
    assert got.envelope_to == [
        "policy-group@example.org",
        "amal@example.org",
        "bo@example.org",
        "cy@example.org",
        "dee@example.org",
    ]
    assert got.message["To"] == "Policy group <policy-group@example.org>"
    assert got.message["Bcc"] is None
    assert run.out == (
        "NOMINUTES_EMAIL_TO gives 1 address for to (not shown here)\n"
        "NOMINUTES_EMAIL_BCC gives 4 addresses for bcc (not shown here)\n"
        "sent '[Group] Kick-off: first meeting (15 January 2024)' through "
        f"smtp+starttls://127.0.0.1:{smtp.port}, as user 'se…'\n"
    )
    shown = run.out + run.err
    assert not any(m in shown for m in ("amal", "bo@", "Smith", "cy@", "dee", "policy-group"))
    assert not any(m in got.message.as_string() for m in ("amal", "bo@", "cy@", "dee"))
    # a dry run counts them, and names none
    out = tmp_path / "eml"
    dry = run_email(
        ["--source", str(site), "--meeting", KICK_OFF, "--dry-run", str(out)], capsys, monkeypatch
    )
    assert dry.code == 0, dry.err
    assert dry.out.splitlines()[:2] == run.out.splitlines()[:2]
    written = (out / f"{KICK_OFF}.eml").read_text()
    assert "To: Policy group <policy-group@example.org>" in written
    assert not any(m in written + dry.out + dry.err for m in ("amal", "bo@", "cy@", "dee"))


def test_a_variable_set_takes_the_place_of_site_yml_s_list(smtp, site, capsys, monkeypatch):
    with_recipients(site, "[policy-group@example.org]", "[old-member@example.org]")
    monkeypatch.setenv("NOMINUTES_SMTP_URL", smtp.url())
    monkeypatch.setenv("NOMINUTES_EMAIL_BCC", "amal@example.org")
    monkeypatch.setenv("NOMINUTES_EMAIL_TO", "  ")  # set, but empty: as CI passes one not set
    run = run_email(["--source", str(site), "--meeting", KICK_OFF], capsys, monkeypatch)
    assert run.code == 0, run.err
    assert run.out.splitlines()[0] == (
        "NOMINUTES_EMAIL_BCC gives 1 address for bcc (not shown here), instead of site.yml's bcc"
    )
    [got] = smtp.recorder.received
    assert got.envelope_to == ["policy-group@example.org", "amal@example.org"]


def test_an_address_in_a_variable_that_is_wrong_is_named_by_its_place_never_shown(
    smtp, site, capsys, monkeypatch
):
    monkeypatch.setenv("NOMINUTES_SMTP_URL", smtp.url())
    monkeypatch.setenv(
        "NOMINUTES_EMAIL_BCC", "amal@example.org, bo.example.org\nRiverside: Cy <cy@example.org>"
    )
    monkeypatch.setenv("NOMINUTES_EMAIL_TO", "policy-group@example")
    run = run_email(["--source", str(site), "--meeting", KICK_OFF], capsys, monkeypatch)
    assert run.code == 1
    assert run.err.splitlines() == [
        "error: address 1 of 1 in NOMINUTES_EMAIL_TO is not an email address (not shown: the "
        "variable's addresses are kept out of output); write each as name@example.org or "
        "Name <name@example.org>, separated by commas or new lines",
        "error: address 2 of 3 in NOMINUTES_EMAIL_BCC is not an email address (not shown: the "
        "variable's addresses are kept out of output); write each as name@example.org or "
        "Name <name@example.org>, separated by commas or new lines",
        "error: address 3 of 3 in NOMINUTES_EMAIL_BCC has a name holding a character mail reads "
        'otherwise (a colon, say): put the name in double quotes, "Name: one" '
        "<name@example.org> (not shown: the variable's addresses are kept out of output); "
        "write each as name@example.org or Name <name@example.org>, separated by commas or "
        "new lines",
    ]
    assert not any(m in run.out + run.err for m in ("amal", "bo.", "Riverside", "policy-group"))
    assert smtp.recorder.received == []


def test_an_address_from_a_variable_the_server_refuses_is_named_by_its_place(
    smtp, site, capsys, monkeypatch
):
    """Two members' addresses in the Bcc secret mistyped: the run names both by their place,
    says to correct them in that variable (not in site.yml, which does not hold them), and
    gives the command that sends this meeting to each, its slug written out."""
    monkeypatch.setenv("NOMINUTES_SMTP_URL", smtp.url())
    monkeypatch.setenv(
        "NOMINUTES_EMAIL_BCC", "amal@example.org, gone.bo@example.org; gone.cy@example.org"
    )
    run = run_email(["--source", str(site), "--meeting", KICK_OFF], capsys, monkeypatch)
    assert run.code == 1
    assert run.err == (
        f"error: the SMTP server at 127.0.0.1:{smtp.port} refused address 2 of "
        "NOMINUTES_EMAIL_BCC (550 5.1.1 No such mailbox), address 3 of NOMINUTES_EMAIL_BCC "
        "(550 5.1.1 No such mailbox); every other address was sent '[Group] Kick-off: first "
        "meeting (15 January 2024)': correct those addresses in NOMINUTES_EMAIL_BCC, then send "
        f"the meeting to each alone with --meeting {KICK_OFF} --to ADDRESS\n"
    )
    assert "gone." not in run.out + run.err and "amal" not in run.out + run.err
    [got] = smtp.recorder.received
    assert "amal@example.org" in got.envelope_to


def test_addresses_refused_from_site_yml_and_a_variable_name_both_places(
    smtp, site, capsys, monkeypatch
):
    """One refused address written in site.yml's `to`, one from the Bcc secret: the run says
    to correct them in both places, and sends each meeting it sent to each alone."""
    with_recipients(site, "[policy-group@example.org, gone@example.org]")
    monkeypatch.setenv("NOMINUTES_SMTP_URL", smtp.url())
    monkeypatch.setenv("NOMINUTES_EMAIL_BCC", "amal@example.org, gone.bo@example.org")
    run = run_email(["--source", str(site), "--meeting", KICK_OFF], capsys, monkeypatch)
    assert run.code == 1
    assert run.err.endswith(
        "correct those addresses in site.yml's email settings and NOMINUTES_EMAIL_BCC, then "
        f"send the meeting to each alone with --meeting {KICK_OFF} --to ADDRESS\n"
    )
    assert ",," not in run.err


def test_without_a_to_in_site_yml_or_the_environment_nothing_is_sent(
    smtp, site, tmp_path, capsys, monkeypatch
):
    without_recipients(site)
    monkeypatch.setenv("NOMINUTES_EMAIL_BCC", "amal@example.org")
    run = run_email(
        ["--source", str(site), "--meeting", KICK_OFF, "--dry-run", str(tmp_path / "o")],
        capsys,
        monkeypatch,
    )
    assert (run.code, run.out) == (1, "")
    assert run.err == (
        "error: site.yml's email settings have no `to`, and NOMINUTES_EMAIL_TO is not set: add "
        "your group's list address, `to: [policy-group@example.org]`, or set NOMINUTES_EMAIL_TO "
        "(a secret in CI) to it\n"
    )
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("login_only", [False, True], ids=["AUTH PLAIN", "AUTH LOGIN"])
def test_a_password_beyond_ascii_logs_in_as_utf_8(
    certificates, site, capsys, monkeypatch, login_only: bool
) -> None:
    """A password with an accent is sent as UTF-8 (as RFC 4616 says), whichever of PLAIN and
    LOGIN the server offers, and the meeting goes out."""
    password = "S3crétPassw0rd"
    with serving(certificates, monkeypatch, password=password, login_only=login_only) as smtp:
        assert "S3cr%C3%A9tPassw0rd" in os.environ["NOMINUTES_SMTP_URL"]
        run = run_email(["--source", str(site), "--meeting", KICK_OFF], capsys, monkeypatch)
    assert run.code == 0, run.err
    assert run.out.startswith("sent '[Group] Kick-off: first meeting (15 January 2024)'")
    assert [r.login for r in smtp.recorder.received] == [USER]
    assert "S3cr" not in run.out + run.err


def test_a_wrong_password_beyond_ascii_is_refused_without_showing_it(
    certificates, site, capsys, monkeypatch
) -> None:
    with serving(certificates, monkeypatch) as smtp:
        monkeypatch.setenv("NOMINUTES_SMTP_URL", smtp.url(password="Wr%C3%B6ngPass"))
        run = run_email(["--source", str(site), "--meeting", KICK_OFF], capsys, monkeypatch)
    assert run.code == 1
    assert run.err == (
        f"error: the SMTP server at 127.0.0.1:{smtp.port} refused the login for user "
        "'se…' (535); check the user and password in NOMINUTES_SMTP_URL\n"
    )
    assert smtp.recorder.received == []


def test_an_action_listed_with_nothing_changed_is_in_the_email_as_on_the_page(
    smtp, site, capsys, monkeypatch
):
    """An action the third meeting lists as `new meeting` wrote it, not due by it, is under
    "Listed, nothing changed" in both parts of the email the list receives, as on the
    meeting's page: the email no longer leaves it out."""
    edit(
        site,
        "content/meetings/2024-02-12-reporting-back.md",
        "    status: in-progress\n",
        "    status: in-progress\n"
        "  - {id: book-room, title: Book a room, owner: Ada, due: 2024-05-01}\n",
    )
    edit(
        site,
        "content/meetings/2024-03-11-third.md",
        "  - {id: ask-legal,",
        "  - id: book-room\n    status: open\n    note:\n  - {id: ask-legal,",
    )
    monkeypatch.setenv("NOMINUTES_SMTP_URL", smtp.url())
    run = run_email(["--source", str(site), "--meeting", "2024-03-11-third"], capsys, monkeypatch)
    assert run.code == 0, run.err
    [got] = smtp.recorder.received
    text, html = text_part(got.message).replace("\r\n", "\n"), html_part(got.message)
    assert (
        "Listed, nothing changed:\n"
        "- Book a room\n"
        "  Owner: Ada. Due: 1 May 2024. Open.\n"
        f"  {BASE}actions/book-room/\n"
    ) in text
    assert text.index("Closed at this meeting:") < text.index("Listed, nothing changed:")
    assert text.index("Listed, nothing changed:") < text.index("DECISIONS")
    assert "<caption>Listed, nothing changed</caption>" in html
    words = parse_html(html).text
    assert "Book a room Owner: Ada Due: 1 May 2024 Status: Open" in words
    assert run_cli(["build", "--source", str(site)], capsys, monkeypatch).code == 0
    page = read_page(site / "_site", "meetings/2024-03-11-third/index.html")
    assert "unchanged-book-room" in page.ids


def test_a_next_meeting_moved_in_place_and_committed_is_said_moved_in_its_email(
    site, tmp_path, capsys, monkeypatch
):
    """With git's history shown, the third meeting's `next_meeting` changed from 8 to 15 April
    and committed: its email says 15 April, moved from 8 April, as /next/ does."""
    edit(site, "site.yml", "history: false", "history: true")
    git(site, "init", "-q", "-b", "main")
    git(site, "add", "-A")
    git(site, "commit", "-q", "-m", "The group's notes", "--date=2024-03-11T18:00:00")
    third = "content/meetings/2024-03-11-third.md"
    edit(site, third, "next_meeting: {date: 2024-04-08", "next_meeting: {date: 2024-04-15")
    git(site, "commit", "-q", "-am", "Moved", "--date=2024-03-11T19:00:00")
    message = dry_run(site, "2024-03-11-third", tmp_path, capsys, monkeypatch)
    text = text_part(message).replace("\r\n", "\n")
    assert "15 April 2024, 10:00, Room 1 (moved from 8 April 2024).\n" in text
    words = parse_html(html_part(message)).text
    assert "15 April 2024, 10:00, Room 1 (moved from 8 April 2024). See the agenda pack." in words


def test_where_members_leave_the_list_is_its_list_unsubscribe_and_in_both_footers(
    smtp, site, capsys, monkeypatch
):
    """`unsubscribe` gives mail programs their "Unsubscribe" button (RFC 2369) and each part
    says it in its footer; unset, the message carries none, as the group's list adds its own."""
    monkeypatch.setenv("NOMINUTES_SMTP_URL", smtp.url())
    run = run_email(["--source", str(site), "--meeting", "2024-03-11-third"], capsys, monkeypatch)
    assert run.code == 0, run.err
    bare = smtp.recorder.received.pop().message
    assert "List-Unsubscribe" not in bare
    assert "Leave this list" not in text_part(bare) + html_part(bare)
    page = "https://lists.example.org/policy-group/leave"
    request = "mailto:policy-group-leave@example.org?subject=unsubscribe"
    edit(
        site,
        "site.yml",
        '  subject_prefix: "[Group] "\n',
        f'  subject_prefix: "[Group] "\n  unsubscribe: [{page}, "{request}"]\n',
    )
    run = run_email(["--source", str(site), "--meeting", "2024-03-11-third"], capsys, monkeypatch)
    assert run.code == 0, run.err
    message = smtp.recorder.received.pop().message
    assert message["List-Unsubscribe"] == f"<{page}>, <{request}>"
    assert "List-Unsubscribe-Post" not in message  # one click needs the page to take a POST
    text = text_part(message).replace("\r\n", "\n")
    assert text.endswith(
        f"Leave this list on the web: {page}\nLeave this list by email: {request}\n"
    )
    footer = parse_html(html_part(message).split("<footer", 1)[1])
    assert f"{page}" in footer.links and request in footer.links
    assert "Leave this list on the web · Leave this list by email" in footer.text
    # one address alone is "Leave this list"
    edit(site, "site.yml", f'  unsubscribe: [{page}, "{request}"]\n', f"  unsubscribe: {page}\n")
    run = run_email(["--source", str(site), "--meeting", "2024-03-11-third"], capsys, monkeypatch)
    assert run.code == 0, run.err
    message = smtp.recorder.received.pop().message
    assert message["List-Unsubscribe"] == f"<{page}>"
    assert text_part(message).replace("\r\n", "\n").endswith(f"Leave this list: {page}\n")
    assert f'<a href="{page}">Leave this list</a>' in html_part(message)


def test_an_unsubscribe_that_is_not_a_web_or_mail_address_is_an_error_at_its_line(
    site, capsys, monkeypatch
):
    edit(
        site,
        "site.yml",
        '  subject_prefix: "[Group] "\n',
        '  subject_prefix: "[Group] "\n  unsubscribe: policy-group-leave@example.org\n',
    )
    run = check_site(site, capsys, monkeypatch)
    assert run.code == 1
    assert run.problem_lines[0] == (
        "site.yml:12:16: error: email.unsubscribe: 'policy-group-leave@example.org' must start "
        "with http://, https:// or mailto:; write mailto:policy-group-leave@example.org"
    ), run.err


def test_a_label_before_a_long_address_is_wrapped_with_the_address_whole_on_its_own_line(
    site, tmp_path, capsys, monkeypatch
):
    """ "Read the summary on the site: …", "Agenda pack: …" and the footer's lines are wrapped at 72
    as the part's other lines are: an address that does not fit after its label goes on the
    next line (after a soft break), whole, so a mail program still makes it one link."""
    base = "https://policy-and-digital-strategy.example.gov.uk/open-policy-making/minutes/"
    edit(site, "site.yml", "base_url: https://example.org/group/\n", f"base_url: {base}\n")
    edit(
        site,
        "site.yml",
        "feedback_url: mailto:feedback@example.org\n",
        "feedback_url: https://forms.example.gov.uk/open-policy-making/feedback-on-a-summary\n",
    )
    edit(
        site,
        "site.yml",
        '  subject_prefix: "[Group] "\n',
        '  subject_prefix: "[Group] "\n'
        "  unsubscribe: mailto:policy-group-leave@lists.example.gov.uk?subject=unsubscribe\n",
    )
    text = wire_text(dry_run(site, "2024-03-11-third", tmp_path, capsys, monkeypatch))
    lines = text.splitlines()
    assert [line for line in lines if len(line) > 72 and " " in line.strip()] == []
    meeting = f"{base}meetings/2024-03-11-third/"
    assert f"Read the summary on the site: \n{meeting}\n" in text
    assert f"Agenda pack: \n{base}next/\n" in text
    feedback = (
        "https://forms.example.gov.uk/open-policy-making/feedback-on-a-summary"
        "?title=Feedback%20on%3A%20Third%20meeting"
    )
    assert text.endswith(
        "-- \n"
        f"Minimal group: \n{base}\n"
        f"All outstanding actions: \n{base}actions/\n"
        f"Feed back on this summary: \n{feedback}\n"
        "Leave this list: \n"
        "mailto:policy-group-leave@lists.example.gov.uk?subject=unsubscribe\n"
    )


LUNCH = (  # its agenda, pushed at lunch on its day, for a meeting that afternoon
    "---\ntitle: Afternoon workshop\ndate: 2024-06-12\ntime: '14:00'\nend: '16:00'\n"
    "themes: [permission-to-engage]\n---\nWhat the group discussed.\n"
)


def commit_at(site: Path, message: str, moment: str) -> str:
    """Commit every change at `moment` (ISO 8601, with its offset); its hash."""
    git(site, "add", "-A")
    who = ["-c", "user.name=T", "-c", "user.email=t@example.org"]
    subprocess.run(
        ["git", "-C", str(site), *who, "commit", "-q", "-m", message],
        check=True,
        env={**os.environ, "GIT_AUTHOR_DATE": moment, "GIT_COMMITTER_DATE": moment},
    )
    return git(site, "rev-parse", "HEAD")


def at(moment: str) -> str:
    """SOURCE_DATE_EPOCH for `moment` (ISO 8601, with its offset)."""
    return str(int(datetime.fromisoformat(moment).timestamp()))


def test_a_meeting_later_today_is_sent_by_the_first_push_after_it_has_met(
    site, tmp_path, capsys, monkeypatch
):
    """A push at lunch of the agenda of a meeting that afternoon (in the site's time zone,
    London's summer time here) sends nothing: the run says when it is sent, and succeeds;
    a run for that commit that comes after the meeting does not send it either (the agenda
    it pushed is not the summary); the first push after the meeting's end sends it, once."""
    edit(site, "site.yml", "base_url:", "timezone: Europe/London\nbase_url:")
    git(site, "init", "-q")
    morning = commit_at(site, "morning", "2024-06-12T09:00:00+01:00")
    (site / "content/meetings/2024-06-12-afternoon-workshop.md").write_text(LUNCH)
    lunch = commit_at(site, "lunch", "2024-06-12T12:30:00+01:00")
    out = tmp_path / "mail"
    args = ["--source", str(site), "--dry-run", str(out), "--new-since"]
    run = run_email([*args, morning], capsys, monkeypatch, at("2024-06-12T12:31:00+01:00"))
    assert (run.code, run.out, run.err) == (
        0,
        "not sent yet: meeting 2024-06-12-afternoon-workshop meets today (12 June 2024) from "
        "14:00 to 16:00, and it is 12:31 now: a meeting's summary is sent once it has met, so "
        "the first push after 16:00, when it ends, sends it (correct its time if it is not when it "
        "meets)\n",
        "",
    )
    assert not out.exists()
    # its run held up till after the meeting: the lunch commit's agenda is not sent
    run = run_email([*args, morning], capsys, monkeypatch, at("2024-06-12T16:30:00+01:00"))
    assert (run.code, run.out) == (
        0,
        "not sent yet: meeting 2024-06-12-afternoon-workshop met on 12 June 2024 from 14:00 "
        "to 16:00, after HEAD was committed (12:30 that day), so a run for that commit does "
        "not send it: the next push sends it\n",
    )
    assert not out.exists()
    edit(site, "content/meetings/2024-06-12-afternoon-workshop.md", "What the group", "We")
    evening = commit_at(site, "summary", "2024-06-12T17:00:00+01:00")
    run = run_email([*args, lunch], capsys, monkeypatch, at("2024-06-12T17:01:00+01:00"))
    assert run.code == 0, run.err
    assert sorted(path.name for path in out.iterdir()) == ["2024-06-12-afternoon-workshop.eml"]
    run = run_email([*args, evening], capsys, monkeypatch, at("2024-06-13T09:00:00+01:00"))
    assert (run.code, run.out) == (
        0,
        f"no meeting was published since {evening}; nothing to send\n",
    )


@pytest.mark.parametrize(
    ("moment", "sent"),
    [
        ("2024-06-12T15:59:00+01:00", False),  # in the meeting
        ("2024-06-12T16:00:00+01:00", True),  # as it ends
        ("2024-06-12T15:01:00+00:00", True),  # 16:01 in London's summer time
    ],
)
def test_a_meeting_asked_for_before_it_ends_that_day_is_not_sent_yet(
    site, tmp_path, capsys, monkeypatch, moment: str, sent: bool
):
    """`--meeting` waits for a meeting later that day as for one on a later day: it says
    when to run the command again; from its end in the site's time zone, it is sent."""
    edit(site, "site.yml", "base_url:", "timezone: Europe/London\nbase_url:")
    (site / "content/meetings/2024-06-12-afternoon-workshop.md").write_text(LUNCH)
    out = tmp_path / "mail"
    args = ["--source", str(site), "--meeting", "2024-06-12-afternoon-workshop"]
    run = run_email([*args, "--dry-run", str(out)], capsys, monkeypatch, at(moment))
    assert (run.code == 0, out.exists()) == (sent, sent), run.err
    if not sent:
        assert run.err == (
            "error: meeting 2024-06-12-afternoon-workshop meets today (12 June 2024) from 14:00 "
            "to 16:00, and it is 15:59 now: a meeting's summary is sent once it has met; run "
            "this command again after 16:00, when it ends (or correct its time if it is not "
            "when it meets)\n"
        )
