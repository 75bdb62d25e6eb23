"""Pagefind's index files put in one order, so that the same pages give the same bytes.

Pagefind 1.5 numbers the pages in the order it finds their files (a folder's order, which
the file system chooses: on a folder in memory, the order they were made in; on a disk, an
order of its own), and writes its filter index and the list of filters in the order of a
hash map, which changes from run to run. `in_one_order` renumbers the pages by their URL,
sorts each filter's values and the lists of filters and sorts, and names the files it
changed after their content as Pagefind does (the first hex digits of a SHA-1), so an index
of the same pages is the same bytes whatever the run or the file system. (Pagefind's own code
sorts the filters since August 2026, unreleased as of 1.5.2; pages it still numbers as
found.)

Each file is Pagefind's signature and a CBOR document, gzipped (the fragments: JSON). A
file that does not read back to the same bytes, as a later Pagefind's might not, leaves the
whole index as Pagefind wrote it; so does a sort (a theme's `data-pagefind-sort`) when the
pages must be renumbered, as it lists the pages of the same value in the order Pagefind
numbered them, and the files do not say which values are the same.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import zlib
from collections.abc import Mapping
from typing import Any

import cbor2

SIGNATURE = b"pagefind_dcd"
ENTRY = "pagefind-entry.json"


class _Unreadable(Exception):
    """A file that is not as this module reads Pagefind's files."""


def _read(data: bytes) -> bytes:
    try:
        plain = gzip.decompress(data)
    except (OSError, EOFError, zlib.error) as error:
        raise _Unreadable from error
    if not plain.startswith(SIGNATURE):
        raise _Unreadable
    return plain[len(SIGNATURE) :]


def _decoded(data: bytes) -> Any:
    body = _read(data)
    try:
        document = cbor2.loads(body)
    except (cbor2.CBORDecodeError, ValueError) as error:
        raise _Unreadable from error
    if cbor2.dumps(document) != body:  # would not be written back as Pagefind wrote it
        raise _Unreadable
    return document


def _encoded(document: Any) -> tuple[bytes, str]:
    """The file's bytes, and the hex digits Pagefind names it after."""
    body = cbor2.dumps(document)
    digits = "".join(format(byte, "x") for byte in hashlib.sha1(body).digest())
    return _compressed(body), digits


def _compressed(body: bytes) -> bytes:
    """A file as Pagefind writes one, with no time in it, at zlib's default level (a word
    index a little larger than at Pagefind's best, made much quicker)."""
    return gzip.compress(SIGNATURE + body, compresslevel=6, mtime=0)


def in_one_order(files: Mapping[str, bytes]) -> dict[str, bytes]:
    """`files` (one Pagefind bundle, by path within it) with its pages numbered by URL and
    its filters sorted; as they are when they cannot be read so."""
    try:
        return _in_one_order(files)
    except (_Unreadable, KeyError, IndexError, TypeError, ValueError):
        return dict(files)


def _in_one_order(files: Mapping[str, bytes]) -> dict[str, bytes]:
    result = dict(files)
    entry = json.loads(files[ENTRY])
    for language, facts in sorted(entry["languages"].items()):
        meta_path = f"pagefind.{facts['hash']}.pf_meta"
        meta = _decoded(files[meta_path])
        new_hash = _language_in_one_order(result, language, meta, meta_path)
        if new_hash != facts["hash"]:
            old = json.dumps({"hash": facts["hash"]}, separators=(",", ":"))[1:-1]
            new = json.dumps({"hash": new_hash}, separators=(",", ":"))[1:-1]
            text = result[ENTRY].decode()
            if text.count(old) != 1:
                raise _Unreadable
            result[ENTRY] = text.replace(old, new).encode()
    return result


def _language_in_one_order(
    files: dict[str, bytes], language: str, meta: list[Any], meta_path: str
) -> str:
    """Put one language's index in order within `files`; returns its metadata's new name."""
    _version, pages, chunks, filters, sorts = meta[:5]
    urls = [_fragment_url(files[f"fragment/{fragment}.pf_fragment"]) for fragment, _ in pages]
    order = sorted(range(len(pages)), key=lambda number: (urls[number], pages[number][0]))
    renumbered = [0] * len(pages)
    for new, old in enumerate(order):
        renumbered[old] = new
    moved = order != list(range(len(pages)))
    if moved and sorts:  # pages of a sort's same value are in Pagefind's order: unknown here
        raise _Unreadable
    if moved:
        meta[1] = [pages[old] for old in order]
    remade: list[tuple[list[Any], str, Any]] = []  # (where its name goes, folder, document)
    for chunk in chunks:
        path = f"index/{chunk[2]}.pf_index"
        if not moved:  # the same document, compressed as every other file here
            files[path] = _compressed(_read(files[path]))
            continue
        index = _decoded(files.pop(path))
        for word in index[0]:
            word[1] = _renumbered_locations(word[1], renumbered)
            for variant in word[2]:
                variant[1] = _renumbered_locations(variant[1], renumbered)
            word[2].sort(key=_first_found)
        remade.append((chunk, "index", index))
    for listed in filters:
        document = _decoded(files.pop(f"filter/{listed[1]}.pf_filter"))
        for value in document[1]:
            value[1] = sorted(renumbered[number] for number in value[1])
        document[1].sort(key=lambda value: value[0])
        remade.append((listed, "filter", document))
    for where, folder, document in remade:  # named once every file they replace is gone
        data, digits = _encoded(document)
        length = 7
        while f"{folder}/{language}_{digits[:length]}.pf_{folder}" in files:
            if length == len(digits):
                raise _Unreadable  # two files the same: as Pagefind wrote them
            length += 1
        where[-1] = f"{language}_{digits[:length]}"
        files[f"{folder}/{where[-1]}.pf_{folder}"] = data
    filters.sort(key=lambda listed: listed[0])
    sorts.sort(key=lambda sort: sort[0])
    data, digits = _encoded(meta)
    del files[meta_path]
    meta_hash = f"{language}_{digits[: len(language) + 8]}"  # Pagefind's length, too
    files[f"pagefind.{meta_hash}.pf_meta"] = data
    return meta_hash


_URL_FIRST = re.compile(rb'\{"url":("(?:[^"\\]|\\.)*")[,}]')  # a fragment starts so


def _fragment_url(data: bytes) -> str:
    """A page's URL, from the start of its fragment (JSON whose first field is the URL),
    else from the whole of it."""
    try:
        start = zlib.decompressobj(wbits=31).decompress(data, len(SIGNATURE) + 2048)
        if start.startswith(SIGNATURE) and (found := _URL_FIRST.match(start, len(SIGNATURE))):
            return str(json.loads(found.group(1)))
        return str(json.loads(_read(data))["url"])
    except (zlib.error, json.JSONDecodeError, UnicodeDecodeError) as error:
        raise _Unreadable from error


def _first_found(variant: list[Any]) -> tuple[int, bool, str]:
    """Where Pagefind puts a form of a word with accents among the word's others: by the
    page it first found the form on (in its text before in its metadata), then by form."""
    first = variant[1][0]  # its first page: a number from 0, its places in the text, ...
    return first[0], not first[1], variant[0]


def _renumbered_locations(locations: list[list[Any]], renumbered: list[int]) -> list[list[Any]]:
    """A word's pages (each its number, as the difference from the last, and its places),
    numbered anew and in the new numbers' order."""
    number = 0
    pages = []
    for page in locations:
        number += page[0]
        pages.append([renumbered[number], *page[1:]])
    pages.sort(key=lambda page: page[0])
    last = 0
    for page in pages:
        page[0], last = page[0] - last, page[0]
    return pages
