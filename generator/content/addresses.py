"""Email addresses in what members write: published pages never show one.

A member's address on a public page is read by spam harvesters and stays in every copy of
the site. Front matter that names people (`authors`, an action's `owner`) takes names, and
no text that is published (a title, a note, a summary's body) may hold an address. The
group's own contact is site.yml's `feedback_url`, which the pages link to.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

# name@domain.tld, not inside a longer word, the domain in any script (bücher.de, пример.рф,
# or its punycode); a "domain" ending in a file's extension is a file name (logo@2x.png), not
# an address. `.md` is Moldova's as well as a note's: an address unless it ends a path
# (../files/notes@v2.md).
_LABEL = r"[^\W_](?:[\w-]*[^\W_])?"
_ADDRESS = re.compile(
    rf"(?<![\w.%+-])[\w.%+-]+@{_LABEL}(?:\.{_LABEL})*\.([^\W\d_]{{2,24}}|xn--[A-Za-z0-9-]+)"
    r"(?![\w-])"
)
_FILE_EXTENSION = re.compile(
    r"avif|bmp|css|csv|docx|gif|html?|ico|ics|jpe?g|js|json|mp[34]|od[pst]|pdf|png|pptx"
    r"|svg|tiff?|txt|webm|webp|xlsx|xml|ya?ml",
    re.IGNORECASE,
)
# One address as mail reads it alone (name@example.org), the whole text: the email settings'
# addresses, with or without a name before them.
MAIL_ADDRESS = re.compile(r"^[^@\s<>(),;:\"\[\]]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
HIDDEN = "which published pages never show"
# For editors' JSON schemas (ECMAScript and Python alike): a name that holds no address,
# its domain in any script (no `\w`, which ECMAScript reads as ASCII alone and Python not).
_NOT_IN_ADDRESS = r"\s@<>(),;:\"\[\]/"
NO_ADDRESS_PATTERN = (
    rf"^(?![\s\S]*[^{_NOT_IN_ADDRESS}]@[^{_NOT_IN_ADDRESS}.]+(\.[^{_NOT_IN_ADDRESS}.]+)*"
    rf"\.[^{_NOT_IN_ADDRESS}.\d_-]{{2,}})"
)


def addresses_in(text: str) -> Iterator[tuple[int, str]]:
    """Each email address in `text`, with where it starts."""
    if "@" not in text:
        return
    for found in _ADDRESS.finditer(text):
        ending = found.group(1)
        if _FILE_EXTENSION.fullmatch(ending):
            continue
        if ending.lower() == "md" and text[found.start() - 1 : found.start()] == "/":
            continue
        yield found.start(), found.group(0)


def name_for(address: str) -> str:
    """A name to suggest for a bare address: jane.smith@… gives 'Jane Smith'."""
    local = address.split("@", 1)[0].split("+", 1)[0]
    words = [word for word in re.split(r"[._%-]+", local) if word.isalpha()]
    return " ".join(word.capitalize() for word in words)


def person_problem(text: str, written: Callable[[str], str | None] | None = None) -> str | None:
    """What is wrong with a person's name that holds an email address, and the fix: the name
    `written` gives for the one the address makes (the way the site already writes a name
    like it), else that one."""
    found = next(addresses_in(text), None)
    if found is None:
        return None
    start, address = found
    name = (text[:start] + text[start + len(address) :]).strip(" \t<>()[],;:\"'")
    if name:
        return f"'{text}' gives an email address, {HIDDEN}; write the name alone: '{name}'"
    guess = name_for(address)
    known = written(guess) if guess and written else None
    if known:
        return (
            f"'{text}' is an email address, {HIDDEN}; write the person's name as it is "
            f"written elsewhere: {known}"
        )
    example = f", such as '{guess}'" if guess else ""
    return f"'{text}' is an email address, {HIDDEN}; write the person's name{example}"


def text_problem(address: str) -> str:
    """Why an address in published text is an error, and the fix."""
    return (
        f"email address {address} would be published, and pages never show one: remove it "
        "and name the person, or point readers to the site's feedback link"
    )
