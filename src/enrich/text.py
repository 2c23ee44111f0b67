"""Small text normalisers shared by the stages (no I/O)."""

from __future__ import annotations

import html
import re
import unicodedata

_TAG = re.compile(r"<[^>]{0,200}>")
_SPACE = re.compile(r"\s+")
# C0 controls and DEL, plus the bidirectional overrides and isolates that can reorder what a reader sees
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def clean_markup(text: str) -> str:
    """Strip JATS/HTML tags, unescape entities, drop control characters, collapse whitespace.

    >>> clean_markup("scGPT: <i>toward</i>\\n  building")
    'scGPT: toward building'
    """
    without_tags = _TAG.sub("", text)
    unescaped = html.unescape(without_tags)
    return _SPACE.sub(" ", _CONTROL.sub(" ", unescaped)).strip()


def ascii_fold(text: str) -> str:
    """Remove diacritics: 'Žiga Avsec' -> 'Ziga Avsec' (letters without an ASCII base are kept)."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """Comparison form: diacritics removed, lower case, punctuation to spaces, whitespace collapsed."""
    folded = ascii_fold(text).casefold()
    return _SPACE.sub(" ", re.sub(r"[^\w]+", " ", folded)).strip()
