"""Decode catalogue bytes and undo mojibake (UTF-8 that was read as Mac Roman and saved again as UTF-8).

The seed catalogue is mojibake through and through: `💡` became `üí°`, `Žiga` became `≈Ωiga`. Python's
`mac_roman` codec maps all 256 bytes (0xF0 is U+F8FF, the Apple logo), so encoding the text back to
Mac Roman recovers the original UTF-8 bytes exactly when the whole document went through that one accident.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from pathlib import Path

import ftfy
from ftfy.badness import badness, is_bad

from enrich.errors import CatalogueError
from enrich.records import EncodingRepair, RepairedLine

log = logging.getLogger(__name__)

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_LINE_END = re.compile(r"(?:\r\n|\r|\n)\Z")
# "—é" in clean text re-reads as Cyrillic "ю": a Latin word with a Cyrillic-to-NKo letter inside is a chance
# decoding, not a repair (Greek is left out: "αB-crystallin" is real).
_MIXED_SCRIPT_WORD = re.compile(r"[A-Za-z\u00c0-\u024f][\u0400-\u07ff]|[\u0400-\u07ff][A-Za-z\u00c0-\u024f]")

# Only the encoding fixer: no quote uncurling, width folding, normalisation or HTML unescaping.
_ENCODING_ONLY = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_encoding=True,
    restore_byte_a0=False,
    replace_lossy_sequences=False,
    decode_inconsistent_utf8=False,
    fix_c1_controls=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=False,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)


def split_lines(text: str) -> list[str]:
    """Split into lines that keep their endings (`\\n`, `\\r\\n`, `\\r`); joining them gives `text` back."""
    return _LINE.findall(text)


def line_body(line: str) -> str:
    """A line without its ending."""
    return _LINE_END.sub("", line)


def repair_encoding(data: bytes, path: str | Path) -> tuple[str, EncodingRepair]:
    """Decode UTF-8 bytes and repair Mac Roman mojibake, losslessly where possible.

    >>> repair_encoding("≈Ωiga Avsec\\n".encode(), "x.md")[0]
    'Žiga Avsec\\n'
    """
    text = _decode_utf8(data, path)
    repaired = _macroman_roundtrip(text)
    if repaired is not None:
        log.info("%s: repaired Mac Roman mojibake in the whole document", path)
        return repaired, EncodingRepair("macroman-roundtrip", _changed_lines(text, repaired))
    # mojibake needs a character outside ASCII: an ASCII line (most of a catalogue) is left as it is
    repaired = "".join(line if line.isascii() else _repair_line(line) for line in split_lines(text))
    if repaired != text:
        log.info("%s: repaired mojibake line by line", path)
        return repaired, EncodingRepair("ftfy-per-line", _changed_lines(text, repaired))
    return text, EncodingRepair("none")


def _decode_utf8(data: bytes, path: str | Path) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CatalogueError(path, 1, "UTF-16 text (byte-order mark); expected UTF-8 text, save the file as UTF-8")
    nul = data.find(b"\x00")
    if nul >= 0:
        raise CatalogueError(path, _line_of(data, nul), "binary data (NUL byte)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = max(data.rfind(b"\n", 0, exc.start), data.rfind(b"\r", 0, exc.start)) + 1
        column = len(data[line_start : exc.start].decode("utf-8")) + 1
        message = f"not UTF-8 (byte 0x{data[exc.start]:02x} at column {column}); expected UTF-8 text"
        raise CatalogueError(path, _line_of(data, exc.start), message) from exc


def _line_of(data: bytes, offset: int) -> int:
    return len(split_lines(data[:offset].decode("latin-1") + "x"))


def _macroman_roundtrip(text: str) -> str | None:
    """`text` re-read as the UTF-8 it was before a Mac Roman misreading, or None if it is not that."""
    try:
        repaired = text.encode("mac_roman").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None
    if repaired == text or repaired.encode("utf-8").decode("mac_roman") != text:
        return None
    if not all(_plausible(char) for char in repaired) or _MIXED_SCRIPT_WORD.search(repaired):
        return None
    return repaired if badness(repaired) <= badness(text) else None


def _plausible(char: str) -> bool:
    """False for what a chance decoding produces: stray combining marks, controls, unassigned or private use."""
    code = ord(char)
    if code < 0x80 or 0xFE00 <= code <= 0xFE0F or code in {0x200D, 0x20E3} or 0xE0020 <= code <= 0xE007F:
        return True
    return unicodedata.category(char) not in {"Mn", "Me", "Cc", "Cf", "Cn", "Co", "Cs"}


def _repair_line(line: str) -> str:
    body = line_body(line)
    ending = line[len(body) :]
    if is_bad(body):
        return ftfy.fix_text(body, _ENCODING_ONLY) + ending
    repaired = _macroman_roundtrip(body)
    return line if repaired is None else repaired + ending


def _changed_lines(before: str, after: str) -> tuple[RepairedLine, ...]:
    # Repairs never add or remove line breaks: CR and LF are single bytes in every codec involved.
    return tuple(
        RepairedLine(number, line_body(old), line_body(new))
        for number, (old, new) in enumerate(zip(split_lines(before), split_lines(after), strict=True), start=1)
        if old != new
    )
