"""enrich refresh: preprints upgraded, retractions flagged, renames applied, dead links only after two runs.

Every catalogue row, work and repository below is reconstructed (composed for these tests; no real paper).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from enrich import api, refresh
from enrich.changelog import ChangeKind, Finding, FindingKind, ProposedChange
from enrich.cli import main
from enrich.clients.http import ServiceConfig
from enrich.refresh import RefreshOptions, RefreshOutcome, run_refresh

from tests.fakes import Corpus, FakeServices
from tests.fakes.server import FaultPlan
from tests.test_audit import config_of, crossref_item, fast_build, fast_services, repo_item

HEADER = "| Model | Paper | Code |\n|-------|-------|------|\n"
DAY_1, DAY_2, DAY_3 = date(2025, 3, 3), date(2025, 3, 10), date(2025, 3, 17)

# reconstructed: a preprint, and the journal article it later becomes
PREPRINT_DOI, ARTICLE_DOI = "10.1101/2024.02.02.111111", "10.5555/iota.journal"
IOTA_TITLE = "IotaNet: a transformer for chromatin contact maps"
IOTA_ROW = f"| IotaNet | Mara Quinn et al. [{IOTA_TITLE}](https://doi.org/{PREPRINT_DOI}) bioRxiv (2024). | |\n"
PREPRINT = crossref_item(PREPRINT_DOI, IOTA_TITLE, "Mara", "Quinn", 2024, type="posted-content", subtype="preprint")
PREPRINT_LINKED = {**PREPRINT, "relation": {"is-preprint-of": [{"id-type": "doi", "id": ARTICLE_DOI,
                                                                 "asserted-by": "subject"}]}}
ARTICLE = crossref_item(ARTICLE_DOI, IOTA_TITLE, "Mara", "Quinn", 2024, **{"container-title": ["Genome Audit"]})


def _catalogue(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "README.md"
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    return path


def _refresh(tmp_path: Path, config: ServiceConfig, today: date, **options: object) -> RefreshOutcome:
    cache = tmp_path / "cache"
    chosen = {"check_all": True, **options}
    return run_refresh(
        RefreshOptions(catalogue=tmp_path / "README.md", bib=tmp_path / "references.bib",
                       report=tmp_path / "report.json", changelog=tmp_path / "CHANGELOG.md", **chosen),
        services_for=lambda fresh: fast_services(config, cache, offline=bool(options.get("offline")), refresh=fresh),
        cache_dir=cache, today=today)


def _patch_services(monkeypatch: pytest.MonkeyPatch, fakes: FakeServices, cache_dir: Path) -> None:
    for name, value in fakes.env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("ENRICH_CACHE_DIR", str(cache_dir))
    monkeypatch.setattr(refresh, "open_services", lambda offline, refresh, cache: fast_services(
        ServiceConfig.from_env(), cache.root, offline=offline, refresh=refresh))
    monkeypatch.setattr(api, "build_services", fast_build)


def _cli(tmp_path: Path, *extra: str) -> int:
    return main(["refresh", "--catalogue", str(tmp_path / "README.md"), "--bib", str(tmp_path / "references.bib"),
                 "--report", str(tmp_path / "report.json"), "--changelog", str(tmp_path / "CHANGELOG.md"), *extra])


def test_preprint_upgraded_once_published(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run 1 (no article yet): exit 0, nothing changed; run 2 (article + is-preprint-of): link replaced, exit 1."""
    catalogue = _catalogue(tmp_path, IOTA_ROW)
    with FakeServices(Corpus(crossref=[PREPRINT])) as fakes:
        _patch_services(monkeypatch, fakes, tmp_path / "cache")
        assert _cli(tmp_path) == 0
    assert catalogue.read_text(encoding="utf-8") == HEADER + IOTA_ROW
    with FakeServices(Corpus(crossref=[PREPRINT_LINKED, ARTICLE])) as fakes:
        _patch_services(monkeypatch, fakes, tmp_path / "cache")
        assert _cli(tmp_path, "--all") == 1
    # the writer pads the cell back to its old width
    upgraded = IOTA_ROW.replace(PREPRINT_DOI, ARTICLE_DOI).replace("(2024). |", "(2024).      |")
    assert catalogue.read_text(encoding="utf-8") == HEADER + upgraded
    changelog = (tmp_path / "CHANGELOG.md").read_text(encoding="utf-8")
    assert (f"| 3 | IotaNet | preprint-upgraded | <https://doi.org/{PREPRINT_DOI}> | <https://doi.org/{ARTICLE_DOI}> "
            f"| published version of preprint {PREPRINT_DOI}: Genome Audit 2024 |") in changelog
    assert f"doi = {{{ARTICLE_DOI}}}" in (tmp_path / "references.bib").read_text(encoding="utf-8")
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["preprints"] == [{"line": 3, "preprint": f"https://doi.org/{PREPRINT_DOI}",
                                    "published": f"https://doi.org/{ARTICLE_DOI}"}]


def test_retraction_flagged_in_changelog(tmp_path: Path) -> None:
    """A work with an updated-by retraction lands in the changelog's retraction section with its notice."""
    title = "KappaFold: attention over genome folding"
    _catalogue(tmp_path, f"| KappaFold | Ola Berg et al. [{title}](https://doi.org/10.5555/kappa.paper) (2023). | |\n")
    retracted = crossref_item("10.5555/kappa.paper", title, "Ola", "Berg", 2023, **{
        "updated-by": [{"DOI": "10.5555/kappa.retraction", "type": "retraction", "label": "Retraction"}]})
    notice = crossref_item("10.5555/kappa.retraction", f"Retraction Note: {title}", "Ola", "Berg", 2024,
                           **{"update-to": [{"DOI": "10.5555/kappa.paper", "type": "retraction"}]})
    with FakeServices(Corpus(crossref=[retracted, notice])) as fakes:
        outcome = _refresh(tmp_path, config_of(fakes), DAY_1)
    assert outcome.findings == (Finding(3, "KappaFold", FindingKind.RETRACTED, "10.5555/kappa.paper",
                                        "10.5555/kappa.retraction", "retraction; kept out of references.bib"),)
    assert outcome.has_news
    assert ("## ⚠ Retracted\n\nThe catalogue cites these papers; each has a retraction notice.\n\n"
            "- **Line 3** (KappaFold): <https://doi.org/10.5555/kappa.paper> is retracted; notice "
            "<https://doi.org/10.5555/kappa.retraction> (retraction; kept out of references.bib)"
            ) in (tmp_path / "CHANGELOG.md").read_text(encoding="utf-8")


def test_renamed_repository_replaced_in_row(tmp_path: Path) -> None:
    """A code link answered with 301 is rewritten in place to the repository's new owner/name."""
    title = "LambdaSeq: sequence transformers for enhancer activity"
    row = (f"| LambdaSeq | Ana Lima et al. [{title}](https://doi.org/10.5555/lambda.paper) (2023). "
           "| [GitHub](https://github.com/old-owner/LambdaSeq) |\n")
    catalogue = _catalogue(tmp_path, row)
    corpus = Corpus(crossref=[crossref_item("10.5555/lambda.paper", title, "Ana", "Lima", 2023)],
                    github=[{**repo_item("new-owner/LambdaSeq", "# LambdaSeq\nhttps://doi.org/10.5555/lambda.paper"),
                             "previous_names": ["old-owner/LambdaSeq"]}])
    with FakeServices(corpus) as fakes:
        outcome = _refresh(tmp_path, config_of(fakes), DAY_1)
    assert outcome.changes == (ProposedChange(3, "LambdaSeq", ChangeKind.REPOSITORY_RENAMED,
                                              "https://github.com/old-owner/LambdaSeq",
                                              "https://github.com/new-owner/LambdaSeq",
                                              "GitHub redirects old-owner/LambdaSeq to new-owner/LambdaSeq"),)
    assert catalogue.read_text(encoding="utf-8") == HEADER + row.replace("old-owner", "new-owner")


MU_ROW = ("| MuGone | Eva Roth et al. [MuGone: a vanished transformer for methylation]"
          "(https://doi.org/10.5555/mu.gone) (2023). | [GitHub](https://github.com/mu-lab/MuGone) |\n")
MU_LINKS = ("https://doi.org/10.5555/mu.gone", "https://github.com/mu-lab/MuGone")


def _dead(outcome: RefreshOutcome) -> list[tuple[int, str]]:
    return [(finding.line, finding.before) for finding in outcome.findings if finding.kind is FindingKind.DEAD_LINK]


def _pending(outcome: RefreshOutcome) -> list[tuple[int, str, str]]:
    return [(finding.line, finding.before, finding.detail) for finding in outcome.findings
            if finding.kind is FindingKind.INCONCLUSIVE]


def test_missing_doi_and_repository_pending_after_one_run(tmp_path: Path) -> None:
    """One dead answer is not enough: both links are inconclusive (1 of 2 runs) with the row's line."""
    _catalogue(tmp_path, MU_ROW)
    with FakeServices(Corpus()) as fakes:
        outcome = _refresh(tmp_path, config_of(fakes), DAY_1)
    assert _dead(outcome) == []
    assert _pending(outcome) == [
        (3, MU_LINKS[0], "DOI 10.5555/mu.gone not found at Crossref and DataCite; dead on 1 of 2 runs needed"),
        (3, MU_LINKS[1], "GitHub: HTTP 404; dead on 1 of 2 runs needed"),
    ]
    assert not outcome.has_news


def test_dead_only_after_two_dead_runs_with_a_failing_run_between(tmp_path: Path) -> None:
    """Dead, then 5xx (does not count), then dead again: only the third run reports both links dead."""
    _catalogue(tmp_path, MU_ROW)
    with FakeServices(Corpus()) as fakes:
        _refresh(tmp_path, config_of(fakes), DAY_1)
    failing = {service: FaultPlan(rates={"500": 1.0}) for service in ("crossref", "datacite", "github")}
    with FakeServices(Corpus(), fault_plans=failing) as fakes:
        second = _refresh(tmp_path, config_of(fakes), DAY_2)
    assert _dead(second) == []
    assert [pending[:2] for pending in _pending(second)] == [(3, MU_LINKS[0]), (3, MU_LINKS[1])]
    with FakeServices(Corpus()) as fakes:
        third = _refresh(tmp_path, config_of(fakes), DAY_3)
    assert _dead(third) == [(3, MU_LINKS[0]), (3, MU_LINKS[1])]
    assert third.has_news
    assert "- **Line 3** (MuGone): <https://github.com/mu-lab/MuGone> (GitHub: HTTP 404; dead on 2 consecutive runs)" \
        in (tmp_path / "CHANGELOG.md").read_text(encoding="utf-8")


def test_health_store_forgets_links_that_left_the_catalogue(tmp_path: Path) -> None:
    """After the row is removed, the next run drops its links from cache/health.json."""
    _catalogue(tmp_path, MU_ROW)
    with FakeServices(Corpus()) as fakes:
        _refresh(tmp_path, config_of(fakes), DAY_1)
        assert sorted(json.loads((tmp_path / "cache" / "health.json").read_text())["links"]) == sorted(MU_LINKS)
        _catalogue(tmp_path, IOTA_ROW)
        _refresh(tmp_path, config_of(fakes), DAY_2)
    assert sorted(json.loads((tmp_path / "cache" / "health.json").read_text())["links"]) == [
        f"https://doi.org/{PREPRINT_DOI}"]


def test_fresh_entries_are_not_rechecked_until_the_ttl(tmp_path: Path) -> None:
    """Checked on day 1: not re-checked 10 days later, re-checked after 30 days (the default TTL)."""
    _catalogue(tmp_path, IOTA_ROW)
    with FakeServices(Corpus(crossref=[PREPRINT])) as fakes:
        assert _refresh(tmp_path, config_of(fakes), DAY_1, check_all=False).checked == (3,)
        assert _refresh(tmp_path, config_of(fakes), date(2025, 3, 13), check_all=False).checked == ()
        assert _refresh(tmp_path, config_of(fakes), date(2025, 4, 2), check_all=False).checked == (3,)


def test_offline_refresh_observes_no_link_health(tmp_path: Path) -> None:
    """--offline answers from the cache and writes no health store: old answers must not confirm a dead link."""
    _catalogue(tmp_path, MU_ROW)
    outcome = _refresh(tmp_path, ServiceConfig(), DAY_1, offline=True)
    assert outcome.links == ()
    assert not (tmp_path / "cache" / "health.json").exists()


def test_cli_rejects_dead_after_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--dead-after 0 is an error (exit 2), named in one line."""
    _catalogue(tmp_path, IOTA_ROW)
    assert _cli(tmp_path, "--dead-after", "0") == 2
    assert capsys.readouterr().err == "enrich: error: --ttl-days must be at least 0 and --dead-after at least 1\n"


def test_correction_reported_and_link_kept(tmp_path: Path) -> None:
    """An updated-by correction is a finding (exit 1); the row keeps its link."""
    title = "NuCell: transformers for cell state transitions"
    row = f"| NuCell | Ivo Kral et al. [{title}](https://doi.org/10.5555/nu.paper) (2023). | |\n"
    catalogue = _catalogue(tmp_path, row)
    corrected = crossref_item("10.5555/nu.paper", title, "Ivo", "Kral", 2023, **{
        "updated-by": [{"DOI": "10.5555/nu.correction", "type": "correction", "label": "Correction"}]})
    with FakeServices(Corpus(crossref=[corrected])) as fakes:
        outcome = _refresh(tmp_path, config_of(fakes), DAY_1)
    assert outcome.findings == (Finding(3, "NuCell", FindingKind.CORRECTED, "10.5555/nu.paper",
                                        "10.5555/nu.correction", "correction"),)
    assert outcome.has_news
    assert catalogue.read_text(encoding="utf-8") == HEADER + row


def test_archived_repository_reported(tmp_path: Path) -> None:
    """A verified code link whose repository is archived is reported, and the link stays."""
    title = "XiGene: attention over gene regulatory networks"
    row = (f"| XiGene | Rui Sato et al. [{title}](https://doi.org/10.5555/xi.paper) (2023). "
           "| [GitHub](https://github.com/sato-lab/XiGene) |\n")
    _catalogue(tmp_path, row)
    corpus = Corpus(crossref=[crossref_item("10.5555/xi.paper", title, "Rui", "Sato", 2023)],
                    github=[repo_item("sato-lab/XiGene", "# XiGene\nhttps://doi.org/10.5555/xi.paper", archived=True)])
    with FakeServices(corpus) as fakes:
        outcome = _refresh(tmp_path, config_of(fakes), DAY_1)
    assert outcome.findings == (Finding(3, "XiGene", FindingKind.ARCHIVED, "https://github.com/sato-lab/XiGene",
                                        detail="sato-lab/XiGene is archived"),)
    assert outcome.changes == ()


def test_default_services_keep_the_cache_lifetimes_run_has(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """refresh's own services read the cache with ENRICH_FOUND_TTL_DAYS, as `run` does: a found record older
    than that is stale."""
    monkeypatch.setenv("ENRICH_FOUND_TTL_DAYS", "3")
    services = refresh._default_services(False, tmp_path)(False)
    five_days_ago = date.fromordinal(date.today().toordinal() - 5).isoformat()
    assert services.cache is not None
    assert services.cache.serves("found", five_days_ago, False, offline=False) is False
