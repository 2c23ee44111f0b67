"""enrich audit: one verdict per link, fabricated links flagged, genuine ones passed, unreachable never ok.

Every work, record and repository below is reconstructed (composed for these tests; no real paper), and so is
the catalogue tests/fixtures/audit/catalogue.md.
"""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from enrich import api, audit
from enrich.audit import Verdict, run_audit
from enrich.cache import Cache
from enrich.cli import main
from enrich.clients.crossref import CrossrefClient
from enrich.clients.datacite import DataCiteClient
from enrich.clients.github import GitHubClient
from enrich.clients.http import Pacer, RetryPolicy, ServiceConfig
from enrich.pipeline import Services
from enrich.services import Settings

from tests.fakes import Corpus, FakeServices

CATALOGUE = Path(__file__).parent / "fixtures" / "audit" / "catalogue.md"
FAST_RETRY = RetryPolicy(attempts=2, initial=0.01, maximum=0.02)


def fast_services(config: ServiceConfig, cache_dir: Path, *, offline: bool = False, refresh: bool = False
                  ) -> Services:
    """Clients on `config` with tiny retry waits and no pacing delay, so a test stays well under a second."""
    cache = Cache(cache_dir)
    flags = {"offline": offline, "refresh": refresh, "retry": FAST_RETRY}
    return Services(
        crossref=CrossrefClient(config, cache, pacer=Pacer(1000, 4), **flags),
        datacite=DataCiteClient(config, cache, pacer=Pacer(1000, 4), **flags),
        github=GitHubClient(config, cache, pacer=Pacer(1000, 1), search_pacer=Pacer(1000, 1), **flags),
    )


def fast_build(settings: Settings, *, offline: bool = False, refresh: bool = False, cache: Cache | None = None,
               deadline: float | None = None) -> Services:
    """services.build_services, as the CLI reaches it through enrich.api, with `fast_services`' clients."""
    return fast_services(settings.service, cache.root if cache is not None else settings.cache_dir, offline=offline,
                         refresh=refresh)


def config_of(fakes: FakeServices) -> ServiceConfig:
    env = fakes.env
    return ServiceConfig(crossref_url=env["ENRICH_CROSSREF_URL"], datacite_url=env["ENRICH_DATACITE_URL"],
                         github_url=env["ENRICH_GITHUB_URL"])


def crossref_item(doi: str, title: str, given: str, family: str, year: int, **extra: object) -> dict:
    """A reconstructed Crossref `message` object with the fields the client reads."""
    return {"DOI": doi, "type": extra.pop("type", "journal-article"), "title": [title],
            "author": [{"given": given, "family": family, "sequence": "first"}],
            "issued": {"date-parts": [[year]]}, **extra}


def arxiv_record(arxiv_id: str, title: str, given: str, family: str, year: int) -> dict:
    """A reconstructed DataCite JSON:API `data` object of an arXiv preprint."""
    doi = f"10.48550/arxiv.{arxiv_id}"
    return {"id": doi, "type": "dois",
            "attributes": {"doi": doi, "identifiers": [{"identifier": arxiv_id, "identifierType": "arXiv"}],
                           "creators": [{"name": f"{family}, {given}", "nameType": "Personal", "givenName": given,
                                         "familyName": family}],
                           "titles": [{"title": title}], "publisher": "arXiv", "publicationYear": year,
                           "types": {"resourceTypeGeneral": "Preprint"}},
            "relationships": {"client": {"data": {"id": "arxiv.content", "type": "clients"}}}}


def repo_item(full_name: str, readme: str, **repo: object) -> dict:
    """A reconstructed GitHub corpus item (see tests/fakes/github.py)."""
    return {"repo": {"full_name": full_name, "size": 500, **repo}, "readme": readme, "reconstructed": True}


OUP_URL = "https://academic.oup.com/bib/article/24/4/bbad999/7000000"
# reconstructed corpus: the genuine papers and repositories of the test catalogue, plus an unrelated namesake repo
CORPUS = Corpus(
    crossref=[
        crossref_item("10.5555/audit.alpha", "AlphaCell: a transformer foundation model for single-cell "
                      "transcriptomics", "Mira", "Kovac", 2023, **{"container-title": ["Audit J"]}),
        crossref_item("10.1101/2023.05.05.539999", "GammaST: a spatial transcriptomics transformer for tissue "
                      "niches", "Lena", "Okafor", 2023, type="posted-content", subtype="preprint"),
        crossref_item("10.5555/audit.eta", "EtaDNA: long-range regulatory grammar learned by a DNA transformer",
                      "Ines", "Duarte", 2023, resource={"primary": {"URL": OUP_URL}}),
        crossref_item("10.5555/audit.theta", "ThetaCell: attention over chromatin in single cells", "Mira", "Kovac",
                      2024),
        crossref_item("10.5555/audit.iota", "Iota maps of enhancer usage across the developing heart", "Omar",
                      "Haddad", 2022),
    ],
    datacite=[arxiv_record("2305.01234", "BetaGene: genome language modelling with transformers", "Tomas", "Berg",
                           2023)],
    github=[
        repo_item("kovac-lab/AlphaCell", "# AlphaCell\nCode of https://doi.org/10.5555/audit.alpha\n"),
        repo_item("tberg/BetaGene", "# BetaGene\nPaper: arXiv:2305.01234\n"),
        repo_item("big-ai-org/GammaST", "# GammaST\nOur in-house models for tissue images.\n"),
        repo_item("kovac-lab/ThetaCell", "# ThetaCell\n\n## Citation\n\nPlease cite https://doi.org/10.5555/audit.iota\n"),
    ],
)

EXPECTED = [
    (8, "paper", "https://doi.org/10.5555/audit.alpha", "ok"),
    (8, "code", "https://github.com/kovac-lab/AlphaCell", "ok"),
    (9, "code", "https://github.com/tberg/BetaGene", "ok"),
    (10, "paper", "https://www.biorxiv.org/content/10.1101/2023.05.05.539999v1", "ok"),
    (10, "code", "https://github.com/big-ai-org/GammaST", "unconfirmed"),
    (11, "paper", OUP_URL, "ok"),
    (12, "paper", "https://doi.org/10.1101/2024.09.12.456789", "not-found"),
    (12, "code", "https://github.com/genomics-ai/DeltaFormer", "not-found"),
    (13, "paper", "arXiv:2306.78901", "not-found"),
    (14, "paper", "https://doi.org/10.5555/audit.alpha", "mismatched"),
    (15, "paper", "#", "placeholder"),
    (15, "code", "#", "placeholder"),
    (16, "paper", "https://doi.org/10.5555/audit.theta", "ok"),
    (16, "code", "https://github.com/kovac-lab/ThetaCell", "mismatched"),
]


@pytest.fixture
def fakes():
    with FakeServices(CORPUS) as running:
        yield running


def _closed_port() -> int:
    """A loopback port that was bound and closed again: connecting to it is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _verdicts(result) -> list[tuple[int, str, str, str]]:
    return [(link.line, link.column, link.link, link.verdict.value) for link in result.links]


def test_every_fabricated_link_flagged_and_no_genuine_one(fakes, tmp_path: Path) -> None:
    """Fabricated DOIs, arXiv ids, repositories and a borrowed DOI are flagged; genuine links are ok."""
    result = run_audit(CATALOGUE, tmp_path / "audit.json", services=fast_services(config_of(fakes), tmp_path / "c"))
    assert _verdicts(result) == EXPECTED


def test_borrowed_doi_names_the_other_paper(fakes, tmp_path: Path) -> None:
    """A real DOI of another paper is mismatched, and the reason names the paper it resolves to."""
    result = run_audit(CATALOGUE, None, services=fast_services(config_of(fakes), tmp_path / "c"))
    borrowed = next(link for link in result.links if link.line == 14)
    assert borrowed.reason.startswith("resolves to 'AlphaCell: a transformer foundation model for single-cell "
                                      "transcriptomics' by Kovac (2023): first author Mira Kovac, row names "
                                      "Qiang Zhang")


def test_fabricated_doi_asks_crossref_then_datacite(fakes, tmp_path: Path) -> None:
    """A bioRxiv DOI is not-found only after Crossref and DataCite both answered 404."""
    result = run_audit(CATALOGUE, None, services=fast_services(config_of(fakes), tmp_path / "c"))
    fabricated = next(link for link in result.links if link.line == 12 and link.column == "paper")
    assert fabricated.reason == "DOI 10.1101/2024.09.12.456789 not found at Crossref or DataCite"
    assert fakes.datacite.requests.count(r"/dois/10\.1101/2024\.09\.12\.456789") == 1


def test_report_schema_and_summary(fakes, tmp_path: Path) -> None:
    """The JSON report carries the schema, one item per link and the verdict counts."""
    report_path = tmp_path / "audit.json"
    run_audit(CATALOGUE, report_path, services=fast_services(config_of(fakes), tmp_path / "c"))
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert report["schema"] == "enrich-audit/1"
    assert report["summary"] == {"links": 14, "failures": 5, "unverifiable": 0,
                                 "verdicts": {"mismatched": 2, "not-found": 3, "ok": 6, "placeholder": 2,
                                              "unconfirmed": 1}}
    assert report["links"][0]["record"]["doi"] == "10.5555/audit.alpha"


def test_audit_leaves_the_catalogue_unchanged(fakes, tmp_path: Path) -> None:
    """Audit only reads the catalogue."""
    before = CATALOGUE.read_bytes()
    run_audit(CATALOGUE, tmp_path / "audit.json", services=fast_services(config_of(fakes), tmp_path / "c"))
    assert CATALOGUE.read_bytes() == before


def test_unreachable_services_make_every_link_unverifiable(tmp_path: Path) -> None:
    """With every service refusing connections, no link is ok: all are unverifiable, placeholders skipped."""
    url = f"http://127.0.0.1:{_closed_port()}"
    config = ServiceConfig(crossref_url=url, datacite_url=url, github_url=url)
    result = run_audit(CATALOGUE, None, services=fast_services(config, tmp_path / "c"))
    verdicts = {link.verdict for link in result.links if link.link != "#"}
    assert verdicts == {Verdict.UNVERIFIABLE}
    assert len(result.unverifiable) == 12


def test_offline_with_empty_cache_is_unverifiable(tmp_path: Path) -> None:
    """--offline with nothing cached: every link is unverifiable (a cache miss is not an answer)."""
    result = run_audit(CATALOGUE, None, offline=True,
                       services=fast_services(ServiceConfig(), tmp_path / "c", offline=True))
    assert {link.verdict for link in result.links if link.link != "#"} == {Verdict.UNVERIFIABLE}


def _patch_services(monkeypatch: pytest.MonkeyPatch, cache_dir: Path) -> None:
    monkeypatch.setattr(audit, "open_services",
                        lambda offline=False: fast_services(ServiceConfig.from_env(), cache_dir, offline=offline))
    monkeypatch.setattr(api, "build_services", lambda settings, offline=False: fast_services(
        settings.service, cache_dir, offline=offline))


def test_cli_exits_3_when_services_unreachable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`enrich audit --strict` with every service unreachable exits 3, not 0 and not 1."""
    url = f"http://127.0.0.1:{_closed_port()}"
    for name in ("ENRICH_CROSSREF_URL", "ENRICH_DATACITE_URL", "ENRICH_GITHUB_URL"):
        monkeypatch.setenv(name, url)
    _patch_services(monkeypatch, tmp_path / "c")
    code = main(["audit", "--strict", "--catalogue", str(CATALOGUE), "--report", str(tmp_path / "audit.json")])
    assert code == 3
    report = json.loads((tmp_path / "audit.json").read_text(encoding="utf-8"))
    assert report["summary"]["unverifiable"] == 12


def test_cli_strict_exits_1_on_fabricated_links(fakes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`enrich audit --strict` exits 1 when a link is fabricated or mismatched."""
    for name, value in fakes.env.items():
        monkeypatch.setenv(name, value)
    _patch_services(monkeypatch, tmp_path / "c")
    code = main(["audit", "--strict", "--catalogue", str(CATALOGUE), "--report", str(tmp_path / "audit.json")])
    assert code == 1


def test_cli_without_strict_exits_0_on_findings(fakes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without --strict the findings are reported and the exit code is 0."""
    for name, value in fakes.env.items():
        monkeypatch.setenv(name, value)
    _patch_services(monkeypatch, tmp_path / "c")
    assert main(["audit", "--catalogue", str(CATALOGUE), "--report", str(tmp_path / "audit.json")]) == 0


def test_cli_bad_catalogue_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    """A broken table is an error (exit 2) and no report is written."""
    broken = tmp_path / "list.md"
    broken.write_text("| Model | Paper |\n|---|---|\n| a | b | c |\n", encoding="utf-8")
    assert main(["audit", "--offline", "--catalogue", str(broken), "--report", str(tmp_path / "a.json")]) == 2
    assert not (tmp_path / "a.json").exists()


def test_retracted_paper_is_a_failure(tmp_path: Path) -> None:
    """A link to a paper with a retraction notice gets the verdict retracted, which --strict counts as a failure."""
    title = "OmegaCell: a retracted transformer for cell atlases"
    catalogue = tmp_path / "list.md"
    catalogue.write_text("| Model | Paper |\n|---|---|\n"
                         f"| OmegaCell | Tia Nox et al. [{title}](https://doi.org/10.5555/omega.paper) (2023). |\n",
                         encoding="utf-8")
    retracted = crossref_item("10.5555/omega.paper", title, "Tia", "Nox", 2023, **{
        "updated-by": [{"DOI": "10.5555/omega.notice", "type": "retraction", "label": "Retraction"}]})
    with FakeServices(Corpus(crossref=[retracted])) as running:
        result = run_audit(catalogue, None, services=fast_services(config_of(running), tmp_path / "c"))
    assert [(link.verdict, link.reason) for link in result.links] == [
        (Verdict.RETRACTED, "retracted: notice 10.5555/omega.notice")]
    assert len(result.failures) == 1


OVERRIDES = """\
[models.ZetaCell]
doi = "10.5555/audit.alpha"
[models.GammaST]
code = "https://github.com/big-ai-org/GammaST"
[models.BetaGene]
code = "none"
[models.DeltaFormer]
doi = "10.5555/audit.eta"
"""


def test_audit_honours_the_maintainers_overrides(fakes, tmp_path: Path) -> None:
    """An override's DOI or repository decides the verdict on the row's link; rows without one are unchanged."""
    catalogue = tmp_path / "catalogue.md"
    catalogue.write_bytes(CATALOGUE.read_bytes())
    (tmp_path / "overrides.toml").write_text(OVERRIDES, encoding="utf-8")
    result = run_audit(catalogue, None, services=fast_services(config_of(fakes), tmp_path / "c"))
    overridden = {(9, "code"): "mismatched", (10, "code"): "ok", (12, "paper"): "mismatched", (14, "paper"): "ok"}
    expected = [(line, column, link, overridden.get((line, column), verdict))
                for line, column, link, verdict in EXPECTED]
    assert _verdicts(result) == expected


def test_correctly_linked_catalogue_fails_nothing(fakes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The genuine rows only: a repository whose README does not cite the paper is unconfirmed (listed for a
    person), not a failure, and `--strict` exits 0."""
    genuine = tmp_path / "list.md"
    lines = CATALOGUE.read_text(encoding="utf-8").splitlines(keepends=True)
    genuine.write_text("".join(lines[5:10]), encoding="utf-8")  # header, separator, AlphaCell, BetaGene, GammaST
    for name, value in fakes.env.items():
        monkeypatch.setenv(name, value)
    _patch_services(monkeypatch, tmp_path / "c")
    code = main(["audit", "--strict", "--catalogue", str(genuine), "--report", str(tmp_path / "audit.json")])
    report = json.loads((tmp_path / "audit.json").read_text(encoding="utf-8"))
    assert (code, report["summary"]["failures"], report["summary"]["verdicts"].get("unconfirmed")) == (0, 0, 1)


def _version_audit(tmp_path: Path, article: dict, *others: dict) -> list[Verdict]:
    """Audit one row that names the preprint's year (2021) and links the article (2023)."""
    catalogue = tmp_path / "list.md"
    catalogue.write_text("| Model | Paper |\n|---|---|\n"
                         f"| OmegaLM | Tia Nox et al. (2021) [paper](https://doi.org/{article['DOI']}) |\n",
                         encoding="utf-8")
    with FakeServices(Corpus(crossref=[article, *others])) as running:
        result = run_audit(catalogue, None, services=fast_services(config_of(running), tmp_path / "c"))
    return [link.verdict for link in result.links]


OMEGA_TITLE = "OmegaLM: language models for antibody design"
PREPRINT_DOI = "10.1101/2021.02.03.429000"


def _article(**extra: object) -> dict:
    return crossref_item("10.5555/omega.article", OMEGA_TITLE, "Tia", "Nox", 2023, **extra)


def _preprint(title: str = OMEGA_TITLE, given: str = "Tia", family: str = "Nox") -> dict:
    return crossref_item(PREPRINT_DOI, title, given, family, 2021, type="posted-content", subtype="preprint",
                         relation={"is-preprint-of": [{"id-type": "doi", "id": "10.5555/omega.article",
                                                       "asserted-by": "subject"}]})


HAS_PREPRINT = {"has-preprint": [{"id-type": "doi", "id": PREPRINT_DOI, "asserted-by": "subject"}]}


def test_article_whose_own_preprint_fits_the_row_is_ok(tmp_path: Path) -> None:
    """Lists often give the preprint's year; `run` links the article its preprint names, and the audit of that
    correctly linked row must not fail (the article's record names the preprint, the preprint fits the row)."""
    assert _version_audit(tmp_path, _article(relation=HAS_PREPRINT), _preprint()) == [Verdict.OK]


def test_article_two_years_off_without_a_preprint_is_still_mismatched(tmp_path: Path) -> None:
    """Decoy: the same article with no preprint relation is two years off the row: mismatched, as before."""
    assert _version_audit(tmp_path, _article(), _preprint()) == [Verdict.MISMATCHED]


def test_article_whose_preprint_does_not_fit_the_row_is_still_mismatched(tmp_path: Path) -> None:
    """Decoy: the preprint the article names fits the row's year but not its person (another first author): the
    row is not that preprint's, so the article stays two years off the row."""
    other = _preprint(title="OmegaLM: ranking enzyme variants with sequence models", given="Ugo", family="Rask")
    assert _version_audit(tmp_path, _article(relation=HAS_PREPRINT), other) == [Verdict.MISMATCHED]
