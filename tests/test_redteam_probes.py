"""Red-team probes over real HTTP on 127.0.0.1: each row attacks one relaxation of the DOI or repository rule.

Everything here is reconstructed (invented for these tests, never fetched): models, papers, people, repositories.
Decoy DOIs use the test prefix 10.5555/ (`key.*` for the papers the rows mean, `decoy.*` for the traps); decoy
repository owners start with `decoy-`. The pipeline runs once through `enrich.cli.main(["run", ...])` with the
fakes of tests/fakes; each test reads that run's report and asserts typed outcomes (decision, DOI, URL), never
wording. The promise probed: a wrong DOI or a wrong code link is worse than none.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes import Corpus
from tests.test_decoys_http import _update, arxiv_record, crossref_work, preprint, repository
from tests.test_pipeline_e2e import run_cli_over


# reconstructed: an invented catalogue in the seed's table format; one probe per row
CATALOGUE = """\
# Red-team catalogue

## Models

| Model | Paper | Code | Architecture | Highlights/Main Focus |
|-------|-------|------|--------------|-----------------------|
| Quillon | Sofia Brenner et al., 2023 |  | Transformer | Cortical chromatin states |
| Veridian | Wei Chen et al., 2022 |  | Transformer | Chromatin accessibility |
| Corvid | Anya Petrov et al., 2023 |  | Transformer | Enhancer decoding |
| Plover | Tomas Lind et al., 2023 |  | Transformer | Splicing |
| Heron | Greta Holm et al., 2023 |  | Transformer | Multi-omics |
| Egret | Ravi Menon et al., 2023 |  | Transformer | Protein design |
| Marlin | Ines Vogel et al., 2023 |  | Transformer | Methylation |
| Finch | Hugo Lenz et al., 2023 |  | Transformer | Variant effects |
| Linnet | Petra Zorn et al., 2023 |  | Transformer | Chromatin loops |
| Grebe | Nils Akerman et al., 2022 |  | Graph Transformer | Enhancer biology |
| Osprey | Lea Kahn et al., 2023 |  | Transformer | Cell states |
| Petrel | Jana Kral et al., 2023 |  | Transformer | Perturbations |
| Gannet | Emil Roth et al., 2023 |  | Transformer | Imaging |
| Tern | Maya Stein et al., 2023 |  | Transformer | Regulatory grammar |
| Auklet | Liam Frost et al., 2022 |  | Transformer | RNA structure |
| Puffin | Karin Dahl et al., 2023 |  | Transformer | Chromatin loops |
"""

# model -> the decoy DOIs and repositories that must never be written for that row
DECOY_DOIS = {
    "Quillon": {"10.5555/decoy.quillon-atlas", "10.5555/decoy.quillon-senior-present"},
    "Veridian": {"10.5555/decoy.veridian-satellite"},
    "Corvid": {"10.5555/decoy.corvid-2"},
    "Plover": {"10.5555/decoy.plover-plus"},
    "Heron": {"10.5555/decoy.multi-heron"},
    "Egret": {"10.5555/decoy.egret-2-0"},
    "Wren": {"10.5555/decoy.wren-ii"},
    "Kestrel": {"10.5555/decoy.kestrel-benchmark"},
    "Marlin": {"10.5555/decoy.marlin-telemetry"},
    "Auklet": {"10.5555/decoy.auklet-retracted", "10.5555/decoy.auklet-retraction"},
    "Puffin": {"10.5555/decoy.puffin-atlas"},
}


def _authors(*names: str) -> list[tuple[str, str]]:
    return [tuple(name.split(" ", 1)) for name in names]  # type: ignore[misc]


CROSSREF = [
    # Quillon: only the senior author's other papers of the row's year; the abstracts name the model
    crossref_work("10.5555/decoy.quillon-atlas", "Cortical chromatin states across human development",
                  _authors("Jan Ode", "Mia Lund", "Sofia Brenner"), 2023,
                  "decoy, reconstructed: senior author's other paper, abstract merely uses the model",
                  abstract="<jats:p>Here we present a developmental atlas. We annotated states with Quillon and "
                           "compared them across ages.</jats:p>"),
    crossref_work("10.5555/decoy.quillon-senior-present", "Regulatory states of the ageing cortex",
                  _authors("Karl Weiss", "Mia Lund", "Sofia Brenner"), 2023,
                  "decoy, reconstructed: senior author's paper whose abstract introduces the model",
                  abstract="<jats:p>Here we present Quillon, a transformer for chromatin states.</jats:p>"),
    # Veridian: the row's paper and a namesake co-first author's same-named model the same year
    crossref_work("10.5555/key.veridian", "Veridian: attention over chromatin accessibility landscapes",
                  _authors("Wei Chen", "Na Li", "Bo Yang"), 2022, "reconstructed: invented paper (the row's)"),
    crossref_work("10.5555/decoy.veridian-satellite", "Veridian: a vision transformer for satellite crop mapping",
                  _authors("Arjun Rao", "Wei Chen", "Tom Hill"), 2022,
                  "decoy, reconstructed: same model name, a namesake as second author"),
    # successors and variants by the row's person the row's year; the row's paper is not in the corpus
    crossref_work("10.5555/decoy.corvid-2", "Decoding enhancers with Corvid-2", _authors("Anya Petrov", "Ivan Sokol"),
                  2023, "decoy, reconstructed: '... with X-2' is another model"),
    crossref_work("10.5555/decoy.plover-plus", "Plover+: splicing outcomes from long reads",
                  _authors("Tomas Lind", "Eva Berg"), 2023, "decoy, reconstructed: 'X+' is another model"),
    crossref_work("10.5555/decoy.multi-heron", "multi-Heron: joint embedding of multi-omic profiles",
                  _authors("Greta Holm", "Ola Dahl"), 2023, "decoy, reconstructed: 'multi-X' is another model"),
    crossref_work("10.5555/decoy.egret-2-0", "Egret 2.0: protein design at scale",
                  _authors("Ravi Menon", "Asha Pillai"), 2023, "decoy, reconstructed: 'X 2.0' is another model"),
    crossref_work("10.5555/decoy.wren-ii", "Wren II: scaling expression transformers to atlases",
                  _authors("Clara Voss", "Jens Maier"), 2023, "decoy, reconstructed: 'X II' is another model"),
    # Kestrel: the row's paper names its model in the abstract; the same lab's benchmark that year heads a title
    # part with the model in a list of compared models
    crossref_work("10.5555/key.kestrel", "Attention over single-cell chromatin predicts lineage commitment",
                  _authors("Omar Farouk", "Salma Nabil", "Adel Fahmy"), 2023,
                  "reconstructed: invented paper (the row's)",
                  abstract="<jats:p>Here we present Kestrel, a transformer for lineage tracing.</jats:p>"),
    crossref_work("10.5555/decoy.kestrel-benchmark",
                  "Single-cell foundation models compared: Kestrel, scBERT and Geneformer",
                  _authors("Omar Farouk", "Adel Fahmy"), 2023,
                  "decoy, reconstructed: same lab's benchmarking paper the same year"),
    # Marlin: the row's preprint claims is-preprint-of a DOI of a different work with disjoint authors
    preprint("10.5555/key.marlin-preprint", "Marlin: a transformer for DNA methylation landscapes",
             _authors("Ines Vogel", "Karl Popp"), 2023, "reconstructed: invented preprint (the row's)",
             relation={"is-preprint-of": [{"id-type": "doi", "id": "10.5555/decoy.marlin-telemetry",
                                           "asserted-by": "subject"}]}),
    crossref_work("10.5555/decoy.marlin-telemetry", "Acoustic telemetry of marlin migrations in the Atlantic",
                  _authors("Rui Sousa", "Ana Melo"), 2024,
                  "decoy, reconstructed: a different work a wrong relation points to"),
    # Finch: the row's paper; a same-named repository cites a DOI that only extends the row's DOI
    crossref_work("10.5555/key.finch.1", "Finch: transformers for variant effect prediction",
                  _authors("Hugo Lenz", "Paula Graf"), 2023, "reconstructed: invented paper (the row's)"),
    crossref_work("10.5555/key.grebe", "Grebe: graph transformers for enhancer biology",
                  _authors("Nils Akerman", "Siri Lund"), 2022, "reconstructed: invented paper (the row's)"),
    crossref_work("10.5555/key.osprey", "Osprey: transformers for cell-state trajectories",
                  _authors("Lea Kahn", "Ben Ruf"), 2023, "reconstructed: invented paper (the row's)"),
    crossref_work("10.5555/key.petrel", "Petrel: predicting perturbation responses with transformers",
                  _authors("Jana Kral", "Olga Hajek"), 2023, "reconstructed: invented paper (the row's)"),
    crossref_work("10.5555/key.gannet", "Gannet: transformers for cell imaging",
                  _authors("Emil Roth", "Ute Kurz"), 2023, "reconstructed: invented paper (the row's)"),
    crossref_work("10.5555/key.tern", "Tern: learning regulatory grammar with transformers",
                  _authors("Maya Stein", "Otto Beck"), 2023, "reconstructed: invented paper (the row's)"),
    # Auklet: the only match is retracted; a repository named after the model cites it
    crossref_work("10.5555/decoy.auklet-retracted", "Auklet: RNA structure from sequence with transformers",
                  _authors("Liam Frost", "Ava Reid"), 2022, "decoy, reconstructed: retracted paper",
                  **{"updated-by": [_update("10.5555/decoy.auklet-retraction", "retraction", 2023)]}),
    crossref_work("10.5555/decoy.auklet-retraction",
                  "Retraction Note: Auklet: RNA structure from sequence with transformers",
                  _authors("Liam Frost", "Ava Reid"), 2023, "decoy, reconstructed: retraction notice",
                  **{"update-to": [_update("10.5555/decoy.auklet-retracted", "retraction", 2023)]}),
    # Puffin: the row's paper does not name the model; the lab's repository cites it and the lab's other paper
    crossref_work("10.5555/key.puffin", "Long-range attention decodes chromatin loops",
                  _authors("Karin Dahl", "Erik Sund"), 2023, "reconstructed: invented paper (the row's)"),
    crossref_work("10.5555/decoy.puffin-atlas", "A chromatin loop atlas of five hundred cell lines",
                  _authors("Karin Dahl", "Erik Sund"), 2023,
                  "decoy, reconstructed: the same lab's other paper the same year, cited by the same README"),
]

DATACITE = [
    arxiv_record("10.48550/arxiv.2313.11111", "Linnet: transformers for chromatin loop calling",
                 _authors("Petra Zorn", "Max Ernst"), 2023, "reconstructed: invented arXiv-only paper (the row's)"),
]

GITHUB = [
    # Finch: a same-named project whose README cites a DOI that merely starts with the row's DOI
    repository("decoy-mail/Finch", "Finch: a terminal mail client",
               "# Finch\n\n## Citation\n\nhttps://doi.org/10.5555/key.finch.12\n",
               "decoy: same name, cites another DOI that extends the row's DOI"),
    # Linnet: a same-named project citing an arXiv id one digit off
    repository("decoy-loops/Linnet", "Linnet loop caller", "# Linnet\n\nCite arXiv:2313.11112\n",
               "decoy: cites an arXiv id one digit off"),
    # Grebe: a same-named tool that cites the row's paper only under Related / Acknowledgements
    repository("decoy-tools/grebe", "Grebe: a static site generator",
               "# grebe\n\nA static site generator.\n\n## Citation\n\nPlease cite doi:10.5555/decoy.grebe-ssg\n\n"
               "## Related\n\n- Akerman et al. Grebe: graph transformers for enhancer biology (2022)\n\n"
               "## Acknowledgements\n\nThe name is a nod to Grebe: graph transformers for enhancer biology.\n",
               "decoy: cites the row's title as related work, its own paper is another"),
    # Osprey: a re-implementation by others, named after the model, whose README cites the paper
    repository("decoy-impl/osprey-pytorch", "Osprey in PyTorch",
               "# osprey-pytorch\n\nA PyTorch implementation of Osprey (Kahn et al. 2023).\n\n## Citation\n\n"
               "doi:10.5555/key.osprey\n", "decoy: a framework port by others citing the paper"),
    # Petrel: a course repository named after the model, citing the paper
    repository("decoy-course/petrel-tutorial", "Course notebooks: a hands-on Petrel tutorial",
               "# Petrel tutorial\n\nNotebooks for the course.\n\n## Reference\n\ndoi:10.5555/key.petrel\n",
               "decoy: course material citing the paper"),
    # Gannet: a resources list named after the model, citing the paper
    repository("decoy-lists/gannet-resources", "Resources around Gannet",
               "# Gannet resources\n\n- Gannet: https://doi.org/10.5555/key.gannet\n- Talks and slides\n",
               "decoy: a list of resources citing the paper"),
    # Tern: the official repository, and a fork with more stars that cites the DOI too
    repository("stein-lab/Tern", "Tern", "# Tern\n\nCite doi:10.5555/key.tern\n", "invented official repository",
               stars=50),
    repository("decoy-forker/Tern", "Tern", "# Tern\n\nCite doi:10.5555/key.tern\n", "decoy: a fork citing the DOI",
               stars=500, fork=True, parent="stein-lab/Tern"),
    # Auklet: a repository named after the model that cites the retracted paper
    repository("decoy-rna/Auklet", "Auklet", "# Auklet\n\nCite doi:10.5555/decoy.auklet-retracted\n",
               "decoy: cites a retracted paper"),
    # Puffin: the lab's repository cites two papers of the lab (the model's and the atlas)
    repository("dahl-lab/Puffin", "Puffin",
               "# Puffin\n\n## Citation\n\ndoi:10.5555/key.puffin\n\nThe loop atlas: doi:10.5555/decoy.puffin-atlas\n",
               "invented official repository citing two papers of the lab"),
]

# Decoy repositories per row (no row may be given one of these).
DECOY_REPOS = {
    "Finch": "decoy-mail/Finch", "Linnet": "decoy-loops/Linnet", "Grebe": "decoy-tools/grebe",
    "Osprey": "decoy-impl/osprey-pytorch", "Petrel": "decoy-course/petrel-tutorial",
    "Gannet": "decoy-lists/gannet-resources", "Tern": "decoy-forker/Tern", "Auklet": "decoy-rna/Auklet",
}


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """One CLI run over the probe catalogue; the parsed report by model."""
    folder = tmp_path_factory.mktemp("redteam")
    corpus = Corpus(crossref=CROSSREF, datacite=DATACITE, github=GITHUB)
    code, report = run_cli_over(CATALOGUE, corpus, folder, "redteam@example.org")
    yield {"exit": code, "folder": folder, "by_model": {entry["model"]: entry for entry in report["entries"]}}


def _paper(run: dict, model: str) -> tuple[str, str | None]:
    paper = run["by_model"][model]["paper"]
    return paper["decision"], paper["doi"]


def _code(run: dict, model: str) -> tuple[str, str | None]:
    code = run["by_model"][model]["code"]
    return code["decision"], code["url"]


def test_run_exits_zero(run: dict) -> None:
    assert run["exit"] == 0


def test_no_row_gets_a_decoy_doi(run: dict) -> None:
    """Across all probes: no decoy DOI is written for any row."""
    written = {model: _paper(run, model)[1] for model in run["by_model"]}
    assert {model: doi for model, doi in written.items() if doi and doi.startswith("10.5555/decoy.")} == {}


def test_senior_author_abstract_alone_is_not_enough(run: dict) -> None:
    """The senior author's other papers of the row's year, whose abstracts use or even present the model."""
    assert _paper(run, "Quillon") == ("abstained", None)


def test_co_first_namesake_does_not_displace_the_first_author_paper(run: dict) -> None:
    """A same-named model the same year with a namesake as second author: the first-author paper wins."""
    assert _paper(run, "Veridian") == ("resolved", "10.5555/key.veridian")


@pytest.mark.parametrize("model", ["Corvid", "Plover", "Heron", "Egret"])
def test_successor_and_variant_titles_are_other_models(run: dict, model: str) -> None:
    """'... with X-2', 'X+', 'multi-X', 'X 2.0', 'X II' by the row's person the row's year name other models."""
    assert _paper(run, model) == ("abstained", None)


def test_preprint_relation_to_a_disjoint_work_is_not_followed(run: dict) -> None:
    """A preprint's is-preprint-of naming a work by other people is not its version of record."""
    paper = run["by_model"]["Marlin"]["paper"]
    assert (paper["decision"], paper["doi"]) == ("resolved", "10.5555/key.marlin-preprint")
    assert paper["preprint_doi"] in (None, "10.5555/key.marlin-preprint")


def test_retracted_only_match_abstains(run: dict) -> None:
    """The only match is retracted: no DOI, and the repository citing it is not written either."""
    assert _paper(run, "Auklet") == ("abstained", None)


@pytest.mark.parametrize("model", ["Finch", "Linnet", "Grebe", "Osprey", "Petrel", "Gannet", "Auklet"])
def test_decoy_repository_not_accepted(run: dict, model: str) -> None:
    """A same-named project citing a DOI extending the row's, an arXiv id one digit off, the row's title only as
    related work; a re-implementation, a course, a resources list citing the paper; a repo citing a retracted
    paper: none is the row's code."""
    decision, url = _code(run, model)
    assert url is None
    assert decision == "abstained"


def test_readme_citing_two_papers_of_the_lab_does_not_pick_the_other(run: dict) -> None:
    """A README citing the model's paper and the lab's other paper of the same year: never the other paper."""
    decision, doi = _paper(run, "Puffin")
    assert (decision, doi) in {("resolved", "10.5555/key.puffin"), ("abstained", None)}
    assert _code(run, "Puffin")[1] in (None, "https://github.com/dahl-lab/Puffin")


def test_fork_citing_the_doi_loses_to_the_official_repository(run: dict) -> None:
    """A fork with more stars citing the DOI is never the code; the official repository is."""
    assert _code(run, "Tern") == ("resolved", "https://github.com/stein-lab/Tern")


def test_no_row_gets_a_decoy_repository(run: dict) -> None:
    urls = {model: _code(run, model)[1] for model in run["by_model"]}
    assert {model: url for model, url in urls.items() if url and "github.com/decoy-" in url} == {}


def test_row_papers_resolve(run: dict) -> None:
    """The rows whose paper is in the corpus under its plain title still resolve (precision without lost recall)."""
    for model, doi in [("Finch", "10.5555/key.finch.1"), ("Grebe", "10.5555/key.grebe"),
                       ("Osprey", "10.5555/key.osprey"), ("Petrel", "10.5555/key.petrel"),
                       ("Gannet", "10.5555/key.gannet"), ("Tern", "10.5555/key.tern"),
                       ("Linnet", "10.48550/arxiv.2313.11111")]:
        assert _paper(run, model) == ("resolved", doi)


# ---------------------------------------------------------------- a title-only list (no model column)

# reconstructed: titles whose head is a common word, not a model name
TITLE_ONLY = """\
# Red-team title-only list

| Year | Title | Venue | Paper | Code |
|------|-------|-------|-------|------|
| 2022 | Attention: a transformer for chromatin accessibility across species | Genome Research | | |
| 2023 | Transformers: state-of-the-art single-cell language processing | Bioinformatics | | |
| 2021 | Benchmarking: transformer baselines for enhancer prediction | NAR | | |
"""

TITLE_ONLY_CROSSREF = [
    crossref_work("10.5555/key.attention-chromatin",
                  "Attention: a transformer for chromatin accessibility across species",
                  _authors("Wei Chen", "Rosa Lima"), 2022, "reconstructed: invented paper (the row's)"),
    crossref_work("10.5555/key.transformers-sc", "Transformers: state-of-the-art single-cell language processing",
                  _authors("Ana Ruiz", "Jon Bello"), 2023, "reconstructed: invented paper (the row's)"),
    crossref_work("10.5555/key.benchmarking-enh", "Benchmarking: transformer baselines for enhancer prediction",
                  _authors("Li Wang", "Dan Koch"), 2021, "reconstructed: invented paper (the row's)"),
]

# Same-named repositories whose owner logins look like an author's, none citing the paper.
TITLE_ONLY_GITHUB = [
    repository("decoy-wchen/attention", "Attention layers for PyTorch", "# attention\n\nAttention layers.\n",
               "decoy: common-word name, author-like owner, no citation", stars=900),
    repository("decoy-aruiz/transformers", "Transformers for everything", "# Transformers\n\nModels for text.\n",
               "decoy: common-word name, author-like owner, no citation", stars=900),
    repository("decoy-liwang/benchmarking", "Benchmarking utilities", "# benchmarking\n\nTimers.\n",
               "decoy: common-word name, author-like owner, no citation", stars=900),
]


@pytest.fixture(scope="module")
def title_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """One CLI run over the title-only list; the report entries by title."""
    folder = tmp_path_factory.mktemp("redteam-titles")
    corpus = Corpus(crossref=TITLE_ONLY_CROSSREF, datacite=[], github=TITLE_ONLY_GITHUB)
    code, report = run_cli_over(TITLE_ONLY, corpus, folder, "redteam@example.org")
    yield {"exit": code, "entries": report["entries"]}


def test_title_head_common_word_does_not_buy_a_same_named_repository(title_run: dict) -> None:
    """'Attention: ...', 'Transformers: ...', 'Benchmarking: ...': the papers resolve by title; a same-named
    repository with an author-like owner and no citation of the paper is never their code."""
    assert title_run["exit"] == 0
    papers = sorted(entry["paper"]["doi"] for entry in title_run["entries"])
    assert papers == ["10.5555/key.attention-chromatin", "10.5555/key.benchmarking-enh", "10.5555/key.transformers-sc"]
    assert [entry["code"]["url"] for entry in title_run["entries"]] == [None, None, None]
    assert {entry["code"]["decision"] for entry in title_run["entries"]} == {"abstained"}
