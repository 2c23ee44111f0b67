"""Decoding catalogue bytes and repairing Mac Roman mojibake."""

from __future__ import annotations

import pytest

from enrich.encoding import repair_encoding, split_lines
from enrich.errors import CatalogueError
from enrich.records import EncodingRepair, RepairedLine

# Reconstructed: each mojibake string is what Mac Roman makes of the UTF-8 bytes of the text before it.
BULB_MOJIBAKE = "\uf8ffüí°"  # 💡 = F0 9F 92 A1; 0xF0 is U+F8FF (the Apple logo) in Python's mac_roman
ZIGA_MOJIBAKE = "≈Ωiga"  # Žiga = C5 BD 69 67 61


def test_clean_utf8_is_untouched() -> None:
    """Real emoji and accented letters in valid UTF-8 come back unchanged, method 'none'."""
    data = "| 🧠 Model | café |\n| scGPT 💡 | Žiga Avsec |\n".encode()
    assert repair_encoding(data, "c.md") == (
        "| 🧠 Model | café |\n| scGPT 💡 | Žiga Avsec |\n",
        EncodingRepair("none"),
    )


def test_whole_document_mojibake_is_repaired() -> None:
    """A document that is mojibake throughout is re-read through Mac Roman and every changed line listed."""
    data = f"# Legend\n{BULB_MOJIBAKE}: Pretrained Model\n| {ZIGA_MOJIBAKE} Avsec et al., 2021 |\n".encode()
    assert repair_encoding(data, "c.md") == (
        "# Legend\n💡: Pretrained Model\n| Žiga Avsec et al., 2021 |\n",
        EncodingRepair(
            "macroman-roundtrip",
            (
                RepairedLine(2, f"{BULB_MOJIBAKE}: Pretrained Model", "💡: Pretrained Model"),
                RepairedLine(3, f"| {ZIGA_MOJIBAKE} Avsec et al., 2021 |", "| Žiga Avsec et al., 2021 |"),
            ),
        ),
    )


def test_repair_keeps_crlf_and_missing_final_newline() -> None:
    """Line endings and the absence of a final newline survive the repair byte for byte."""
    data = f"a\r\n{ZIGA_MOJIBAKE}\r\nb".encode()
    assert repair_encoding(data, "c.md")[0] == "a\r\nŽiga\r\nb"


def test_mixed_document_is_repaired_line_by_line() -> None:
    """Clean lines with real emoji stay; mojibake lines next to them are repaired one by one."""
    data = f"| 💡 real |\n{BULB_MOJIBAKE}: Pretrained Model\r\ncafÃ© au lait\n| é |\n".encode()
    assert repair_encoding(data, "c.md") == (
        "| 💡 real |\n💡: Pretrained Model\r\ncafé au lait\n| é |\n",
        EncodingRepair(
            "ftfy-per-line",
            (
                RepairedLine(2, f"{BULB_MOJIBAKE}: Pretrained Model", "💡: Pretrained Model"),
                RepairedLine(3, "cafÃ© au lait", "café au lait"),
            ),
        ),
    )


def test_chance_macroman_decoding_is_not_a_repair() -> None:
    """Clean text whose bytes happen to re-read as UTF-8 ('—é' -> Cyrillic 'ю') is left alone."""
    assert repair_encoding("word—élan\n".encode(), "c.md") == ("word—élan\n", EncodingRepair("none"))


def test_nul_byte_is_binary_data() -> None:
    """A NUL byte is reported as binary data on the line where the first one sits."""
    with pytest.raises(CatalogueError) as caught:
        repair_encoding(b"# Title\r\n| a |\n| b\x00 |\x00\n", "cat/README.md")
    assert str(caught.value) == "cat/README.md:3: binary data (NUL byte)"


def test_invalid_utf8_names_line_and_column() -> None:
    """Bytes that are not UTF-8 are reported with the line, the byte and its column."""
    with pytest.raises(CatalogueError) as caught:
        repair_encoding("# Title\n| café |\n".encode() + b"| caf\xe9 |\n", "cat/README.md")
    assert str(caught.value) == "cat/README.md:3: not UTF-8 (byte 0xe9 at column 6); expected UTF-8 text"


def test_invalid_utf8_column_counts_characters() -> None:
    """The column counts decoded characters before the bad byte, not bytes."""
    with pytest.raises(CatalogueError) as caught:
        repair_encoding("é💡".encode() + b"\xff", "x.md")
    assert str(caught.value) == "x.md:1: not UTF-8 (byte 0xff at column 3); expected UTF-8 text"


def test_seed_catalogue_uses_the_apple_logo_byte(seed_catalogue_bytes: bytes) -> None:
    """The seed file's mojibake contains U+F8FF, which only Python's mac_roman maps from 0xF0."""
    assert "\uf8ff".encode() in seed_catalogue_bytes


def test_seed_catalogue_is_repaired_as_a_whole(seed_catalogue_bytes: bytes) -> None:
    """The seed catalogue is repaired by the Mac Roman round trip, 24 lines changed."""
    _, repair = repair_encoding(seed_catalogue_bytes, "catalogue/README.md")
    assert (repair.method, len(repair.changed_lines)) == ("macroman-roundtrip", 24)


def test_seed_catalogue_legend_and_names(seed_catalogue_bytes: bytes) -> None:
    """The legend line and Žiga Avsec's name come out right."""
    text, _ = repair_encoding(seed_catalogue_bytes, "catalogue/README.md")
    lines = text.split("\n")
    assert (lines[26], "| Enformer        | Žiga Avsec et al., 2021 |" in text) == ("💡: Pretrained Model", True)


def test_seed_catalogue_changes_only_mojibake_lines(seed_catalogue_bytes: bytes) -> None:
    """Every line without non-ASCII characters is byte-identical after the repair."""
    text, repair = repair_encoding(seed_catalogue_bytes, "catalogue/README.md")
    before = split_lines(seed_catalogue_bytes.decode())
    after = split_lines(text)
    changed = [number for number, (old, new) in enumerate(zip(before, after, strict=True), 1) if old != new]
    ascii_changed = [number for number in changed if before[number - 1].isascii()]
    assert (ascii_changed, changed == [line.line for line in repair.changed_lines]) == ([], True)


def test_repair_round_trips_to_the_original_bytes(seed_catalogue_bytes: bytes) -> None:
    """The repaired seed encodes back to exactly the bytes on disk (the repair lost nothing)."""
    text, _ = repair_encoding(seed_catalogue_bytes, "catalogue/README.md")
    assert text.encode().decode("mac_roman").encode() == seed_catalogue_bytes


def test_split_lines_keeps_every_ending() -> None:
    """split_lines keeps \\n, \\r\\n and \\r, and a last line without an ending."""
    assert split_lines("a\nb\r\nc\rd") == ["a\n", "b\r\n", "c\r", "d"]


def test_utf16_file_is_named_as_such(tmp_path) -> None:
    """A UTF-16 file is refused with a message that says what it is, on line 1."""
    data = "| Model | Paper |\n".encode("utf-16")
    with pytest.raises(CatalogueError) as caught:
        repair_encoding(data, "list.md")
    assert str(caught.value) == "list.md:1: UTF-16 text (byte-order mark); expected UTF-8 text, save the file as UTF-8"
