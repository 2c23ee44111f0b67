"""Person names as catalogues and registries write them (pure: no I/O).

The one owner of name parsing and comparison: the particle list, initials, suffixes and the rules that say two
written names are one person. A row writes "Hao, M.", "Z. Avsec", "David van Dijk" or "Theodoris CV"; a registry
gives a family and a given name, or one "name" string.

>>> parse("David van Dijk")
PersonName(family='van Dijk', given='David', suffix=None)
>>> parse("Smith, John, Jr.")
PersonName(family='Smith', given='John', suffix='Jr.')
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from enrich.records import Author
from enrich.text import fold

# Lower-case words that open a family name ("van Dijk", "de la Cruz", "ter Haar", "bin Abdullah"). Several are
# also family names on their own ("Le", "Du", "Di"): `family_tokens` keeps a family made only of particles.
PARTICLES = frozenset({
    "van", "von", "der", "den", "ter", "ten", "de", "del", "della", "da", "di", "du", "dos", "le", "la", "bin",
})
# "Bin" is also a common given name ("Bin Li"): capitalised, it opens a family name only as "bin" would.
_ALSO_GIVEN_NAMES = frozenset({"bin"})
# Generational suffixes, compared without their full stop: "Jr.", "Sr.", "II", "III", "IV".
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_ET_AL = re.compile(r"\bet\.?\s+al\.?.*$", re.IGNORECASE)
# "Z.", "J.-P.", "T": initials; "Li" and "Xu" are family names.
_INITIAL = re.compile(r"^(?:[A-Za-z]\.-?)+[A-Za-z]?\.?$|^[A-Za-z]$")
# "Theodoris CV": a family name, then two or three initials written without full stops.
_FAMILY_INITIALS = re.compile(r"(?P<family>.*\S)\s+(?P<initials>[A-Z]{2,3})")


@dataclass(frozen=True, slots=True)
class PersonName:
    """One written name, split: family as written (with its particles), given names as written, a suffix."""

    family: str
    given: str
    suffix: str | None = None


def parse(name: str) -> PersonName:
    """Split a name written "Family, Given", "Given Family" or with initials ("Hao, M.", "Z. Avsec").

    Particles join the family ("David van Dijk" -> "van Dijk"); a suffix ("Jr.", "III") is set apart; "et al."
    and list punctuation are dropped. A name in a script without spaces (CJK) is one family name.
    """
    cleaned = _ET_AL.sub("", name).strip().strip(",;*").strip()
    if "," in cleaned:
        return _parse_comma_form(cleaned)
    tokens = cleaned.split()
    suffix = None
    if len(tokens) > 1 and _is_suffix(tokens[-1]):
        suffix = tokens.pop()
    initials = [token for token in tokens if _INITIAL.match(token)]
    words = [token for token in tokens if token not in initials]
    if not words:
        return PersonName(cleaned if suffix is None else " ".join(tokens), "", suffix)
    family_start = len(words) - 1
    while family_start > 0 and _opens_family(words[family_start - 1]):
        family_start -= 1
    family_words = words[family_start:]
    given = " ".join(token for token in tokens if token not in family_words)
    return PersonName(" ".join(family_words), given, suffix)


def _opens_family(word: str) -> bool:
    folded = word.casefold()
    return folded in PARTICLES and (word == folded or folded not in _ALSO_GIVEN_NAMES)


def _parse_comma_form(cleaned: str) -> PersonName:
    # "Smith, John", "Smith, Jr., John" (BibTeX's order) and "Smith, John, Jr."
    parts = [part.strip() for part in cleaned.split(",")]
    family, rest = parts[0], [part for part in parts[1:] if part]
    suffix = next((part for part in rest if _is_suffix(part)), None)
    given = ", ".join(part for part in rest if part != suffix)
    family_words = family.split()
    if suffix is None and len(family_words) > 1 and _is_suffix(family_words[-1]):
        suffix, family = family_words[-1], " ".join(family_words[:-1])  # "Smith Jr., John"
    return PersonName(family, given, suffix)


def _is_suffix(token: str) -> bool:
    return token.rstrip(".").casefold() in _SUFFIXES


def family_name(name: str) -> str:
    """The family name in a name as a catalogue writes it: 'Hao, M.' -> 'Hao', 'Z. Avsec' -> 'Avsec'."""
    return parse(name).family


def given_parts(given: str) -> tuple[str, ...]:
    """Given names in comparison form: 'Jia-Wei' -> ('jia', 'wei'), 'M.' -> ('m',)."""
    return tuple(re.findall(r"[a-z]+", fold(given)))


def family_tokens(family: str) -> list[str]:
    """A family name's words in comparison form, particles left out unless it has nothing else ('Le'), and a
    generational suffix a registry wrote into it ('Truong Jr') left out too."""
    tokens = [token for token in fold(family).split() if token not in _SUFFIXES] or fold(family).split()
    return [token for token in tokens if token not in PARTICLES] or tokens


def families_match(row_family: str, work_family: str) -> bool:
    """Two family names agree, diacritics-, case- and particle-insensitively."""
    row_tokens, work_tokens = family_tokens(row_family), family_tokens(work_family)
    if not row_tokens or not work_tokens:
        return False
    # Compound and hyphenated families ("Theodoris" vs "Theodoris", "García-Pérez") agree on their last part.
    return row_tokens == work_tokens or row_tokens[-1] == work_tokens[-1]


def given_agree(row_given: tuple[str, ...], work_given: str | None) -> bool:
    """First given names agree: initials by letter ('M.' = 'Minsheng'), full names exactly, written apart or
    together ('Jia Wei' = 'Jia-Wei' = 'Jiawei'; middle initials ignored). A name that merely starts another is
    another person ('Xi' is not 'Xiao', 'Jing' is not 'Jingwen'). A side that gives none agrees."""
    work_parts = given_parts(work_given or "")
    if not row_given or not work_parts:
        return True
    row_first, work_first = row_given[0], work_parts[0]
    if len(row_first) == 1 or len(work_first) == 1:
        return row_first[0] == work_first[0]
    if row_first == work_first:
        return True
    return _full_given(row_given) == _full_given(work_parts)


def _full_given(parts: Sequence[str]) -> str:
    return "".join(part for part in parts if len(part) > 1)


def same_person(a: Author, b: Author) -> bool:
    """Two registry authors are one person: families match and first given names agree."""
    return families_match(a.family, b.family) and given_agree(given_parts(a.given or ""), b.given)


def names_author(row_name: str, author: Author) -> bool:
    """The name a row writes is this registry author."""
    row = parse(row_name)
    return families_match(row.family, author.family) and given_agree(given_parts(row.given), author.given)


def split_written(name: str) -> tuple[str, str | None]:
    """(family, given or None) of one name string, as a registry's free-text name field gives it."""
    person = parse(name)
    return (person.family, person.given or None) if person.family else (name, None)


def looks_like_name(name: str) -> bool:
    """One to four words, each capitalised or a particle: 'Minsheng Hao', 'David van Dijk'."""
    words = name.split()
    return 1 <= len(words) <= 4 and all(word[0].isupper() or word in PARTICLES for word in words)


def with_dotted_initials(name: str) -> str:
    """'Theodoris CV' (family name, then initials without dots) -> 'Theodoris, C. V.', so the family is found."""
    found = _FAMILY_INITIALS.fullmatch(name)
    if found is None or found.group("family").isupper():
        return name
    return f"{found.group('family')}, " + " ".join(f"{letter}." for letter in found.group("initials"))
