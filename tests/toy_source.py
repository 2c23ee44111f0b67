"""A test-only bibliographic source: everything a new source needs is this module and one registration line
(`SOURCES["toy"] = ToySource` in enrich/services.py; the tests register it with monkeypatch).

Its one record is reconstructed (composed for these tests; no real paper).
"""

from __future__ import annotations

from enrich.records import Author, WorkRecord
from enrich.services import SourceContext
from enrich.sources import Answer, Found, NotFound, Unavailable

TOY_WORK = WorkRecord(doi="10.5555/toy.kappa", title="KappaFormer: a toy transformer for chromatin loops",
                      source="toy", type="journal-article", authors=(Author("Lindqvist", "Maja"),), year=2022,
                      container="Toy J")


class ToySource:
    """Knows one work; answers Unavailable when built offline (it has no cache)."""

    name = "toy"

    def __init__(self, context: SourceContext) -> None:
        self._offline = context.offline
        self.asked: list[str] = []

    def lookup(self, doi: str) -> Answer:
        self.asked.append(doi)
        if self._offline:
            return Unavailable("the toy source has no cache")
        return Found((TOY_WORK,)) if doi == TOY_WORK.doi else NotFound()

    def search(self, query: str, rows: int) -> Answer:
        self.asked.append(query)
        return Found((TOY_WORK,)) if "kappaformer" in query.casefold() else NotFound()

    def request_counts(self) -> dict[str, int]:
        return {"requests": len(self.asked)}
