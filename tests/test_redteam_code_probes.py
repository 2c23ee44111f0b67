"""Red-team probes of the code stage over real HTTP on 127.0.0.1: each row attacks one way a repository that is not
the paper's code could be taken for it.

Everything here is reconstructed (invented for these tests, never fetched): models, papers, people, repositories.
DOIs use the test prefix 10.5555/ (`key.*` for the papers the rows mean, `decoy.*` for other works) or the bioRxiv
shape; decoy repository owners start with `decoy-`. The pipeline runs once through `enrich.cli.main(["run", ...])`
with the fakes of tests/fakes; each test reads that run's report and asserts typed outcomes (decision, URL), never
wording. Every row's paper is in the corpus under its plain title, so each row resolves and the code stage decides
with the paper known.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes import Corpus
from tests.test_decoys_http import crossref_work, preprint, repository
from tests.test_pipeline_e2e import run_cli_over


# reconstructed: an invented catalogue in the seed's table format; one probe per row
CATALOGUE = """\
# Red-team code catalogue

## Models

| Model | Paper | Code | Architecture | Highlights/Main Focus |
|-------|-------|------|--------------|-----------------------|
| Skua | Ada Moll et al., 2023 |  | Transformer | Codon usage |
| Shrike | Lena Holm et al., 2023 |  | Transformer | Splicing |
| Myna | Tariq Aziz et al., 2023 |  | Transformer | Enhancers |
| Dunlin | Vera Stolz et al., 2023 |  | Transformer | Methylation |
| Pipit | Rui Tavares et al., 2024 |  | Transformer | Cell atlases |
| Rook | Omar Vance et al., 2023 | [GitHub](https://github.com/omarvance/omarvance) | Transformer | Protein design |
| Jay | Lin Qiao et al., 2023 |  | Transformer | Variant effects |
| Wagtail | Ruth Ebner et al., 2023 |  | Transformer | Chromatin |
| Siskin | Pavel Horak et al., 2023 |  | Transformer | Regulatory grammar |
| Bunting | Elif Kaya et al., 2022 |  | Transformer | Chromatin accessibility |
| Lark | Nina Frost et al., 2023 |  | Transformer | RNA design |
| Eider | Wei Li et al., 2023 |  | Transformer | Gene regulation |
"""


def _authors(*names: str) -> list[tuple[str, str]]:
    return [tuple(name.split(" ", 1)) for name in names]  # type: ignore[misc]


CROSSREF = [
    crossref_work("10.5555/key.skua", "Skua: transformers for codon usage across bacterial genomes",
                  _authors("Ada Moll", "Ben Fisk"), 2023, "reconstructed: invented paper (the row's)"),
    crossref_work("10.5555/key.shrike", "Shrike: transformers for splicing outcomes in neurons",
                  _authors("Lena Holm", "Per Aas"), 2023, "reconstructed: invented paper (the row's)"),
    crossref_work("10.5555/key.myna", "Myna: transformers decode enhancer grammar in plants",
                  _authors("Tariq Aziz", "Hina Raza"), 2023, "reconstructed: invented paper (the row's)"),
    crossref_work("10.5555/key.dunlin", "Dunlin: transformers for DNA methylation clocks",
                  _authors("Vera Stolz", "Kai Brandt"), 2023, "reconstructed: invented paper (the row's)"),
    crossref_work("10.5555/key.pipit", "Pipit: transformers for cell atlases at scale",
                  _authors("Rui Tavares", "Ana Costa"), 2024, "reconstructed: invented paper (the row's)",
                  relation={"has-preprint": [{"id-type": "doi", "id": "10.1101/2023.05.29.542706",
                                              "asserted-by": "subject"}]}),
    preprint("10.1101/2023.05.29.542706", "Pipit: transformers for cell atlases at scale",
             _authors("Rui Tavares", "Ana Costa"), 2023, "reconstructed: invented preprint of the row's paper",
             relation={"is-preprint-of": [{"id-type": "doi", "id": "10.5555/key.pipit", "asserted-by": "subject"}]}),
    crossref_work("10.5555/key.rook", "Rook: transformers for protein design under constraints",
                  _authors("Omar Vance", "Ida Lund"), 2023, "reconstructed: invented paper (the row's)"),
    crossref_work("10.5555/key.jay", "Jay: transformers for variant effect prediction in crops",
                  _authors("Lin Qiao", "Mei Zhou"), 2023, "reconstructed: invented paper (the row's)"),
    crossref_work("10.5555/key.wagtail", "Wagtail: transformers for chromatin state annotation",
                  _authors("Ruth Ebner", "Jan Sykes"), 2023, "reconstructed: invented paper (the row's)"),
    crossref_work("10.5555/key.siskin", "Siskin: transformers learn regulatory grammar in yeast",
                  _authors("Pavel Horak", "Eva Dusek"), 2023, "reconstructed: invented paper (the row's)"),
    crossref_work("10.5555/key.bunting", "Bunting: transformers for chromatin accessibility in tissues",
                  _authors("Elif Kaya", "Can Demir"), 2022, "reconstructed: invented paper (the row's)"),
    crossref_work("10.5555/key.eider", "Eider: transformers for gene regulation in plants",
                  _authors("Wei Li", "Yan Zhao"), 2023, "reconstructed: invented paper (the row's)"),
    crossref_work("10.5555/key.lark", "Lark: transformers for RNA design with constraints",
                  _authors("Nina Frost", "Ole Dam"), 2023, "reconstructed: invented paper (the row's)"),
]

CFF_REFERENCES_ONLY = """cff-version: 1.2.0
message: "If you use this software, please cite it as below."
title: Dunlin
authors:
  - family-names: Maple
    given-names: Rosa
references:
  - type: article
    title: "Dunlin: transformers for DNA methylation clocks"
    doi: "10.5555/key.dunlin"
    authors:
      - family-names: Stolz
        given-names: Vera
"""

USAGE = ("## Usage\n\nTrain with `python train.py --config configs/base.yaml`, then predict with `python predict.py "
         "--checkpoint runs/best.ckpt --input data/example.fa`. The configuration files list every option; the "
         "defaults reproduce the figures of the paper. Pretrained weights are downloaded on first use.\n\n")
SHRIKE_README = ("# Shrike\n\n```bash\ngit clone https://github.com/lholm/neuro-splicing\ncd neuro-splicing\n```\n\n"
                 + USAGE + "## Citation\n\ndoi:10.5555/key.shrike\n")
MYNA_README = ("# Myna\n\n```bash\ngit clone https://github.com/myna-lab/Myna.git\ncd Myna\n```\n\n" + USAGE
               + "## Citation\n\ndoi:10.5555/key.myna\n")

GITHUB = [
    # Skua: a same-named project citing the row's paper in a table of tools it compares against
    repository("decoy-namesake/Skua", "Skua: a static blog engine",
               "# Skua\n\nA static blog engine.\n\n## Benchmarks we compare against\n\n| Tool | Paper |\n|---|---|\n"
               "| Skua (codon model) | [doi](https://doi.org/10.5555/key.skua) |\n| Hugo | - |\n",
               "decoy: cites the row's paper in a comparison table"),
    # Shrike: an organisation's copy of the official repository (no fork flag), README unchanged; the official one
    # is not named after the model: the name search finds only the copy (rejected), the README citation search
    # finds the official one (owned by the first author, citing the DOI)
    repository("lholm/neuro-splicing", "Code for the Shrike paper", SHRIKE_README, "invented official repository"),
    repository("decoy-copies/Shrike", "Code for the Shrike paper", SHRIKE_README,
               "decoy: a copy of another repository, no fork flag", stars=300),
    # Myna: the official repository and a copy with more stars, both found by search
    repository("myna-lab/Myna", "Myna", MYNA_README, "invented official repository"),
    repository("decoy-copies/Myna", "Myna", MYNA_README, "decoy: a copy of the official repository, no fork flag",
               stars=900),
    # Dunlin: a same-named library whose CITATION.cff names the row's paper among the works it uses
    repository("decoy-soft/Dunlin", "Dunlin plotting library", "# Dunlin\n\nPlots.\n",
               "decoy: CITATION.cff cites the paper under references", files={"CITATION.cff": CFF_REFERENCES_ONLY}),
    # Pipit: a same-named project citing another preprint whose bioRxiv DOI is one digit off the row's preprint's
    repository("decoy-bio/Pipit", "Pipit",
               "# Pipit\n\n## Citation\n\nhttps://www.biorxiv.org/content/10.1101/2023.05.29.542705v1\n",
               "decoy: cites a bioRxiv DOI one digit off"),
    repository("decoy-bio2/pipit", "pipit",
               "# pipit\n\n## Citation\n\ndoi:10.1101/2023.05.29.5427061\n",
               "decoy: cites a bioRxiv DOI one digit longer"),
    # Rook: the row links the first author's profile repository, which lists all their papers
    repository("omarvance/omarvance", "",
               "# Hi, I'm Omar\n\n## Publications\n\n- Vance O. et al. Rook: transformers for protein design under "
               "constraints. (2023) doi:10.5555/key.rook\n- Vance O. et al. Folding kinetics of small proteins. (2021) "
               "doi:10.5555/decoy.vance-2021\n", "decoy: a profile repository listing the person's papers"),
    # Jay: a same-named project by someone else that says it is not the official implementation
    repository("decoy-impl/Jay", "Jay",
               "# Jay\n\nThis is not the official implementation of Jay.\n\n## Citation\n\ndoi:10.5555/key.jay\n",
               "decoy: a same-named repository that says it is not the official code"),
    # Wagtail: a same-named project whose README names the paper among works using it
    repository("decoy-lib/Wagtail", "Wagtail: a web framework",
               "# Wagtail\n\nA web framework.\n\n## Papers using Wagtail\n\n- **Wagtail: transformers for chromatin "
               "state annotation** (doi:10.5555/key.wagtail)\n", "decoy: lists the paper among works using it"),
    # Siskin: a same-named project naming the paper in prose as its inspiration
    repository("decoy-names/Siskin", "Siskin scheduler",
               "# Siskin\n\nA job scheduler. Its name was inspired by "
               "[Siskin: transformers learn regulatory grammar in yeast](https://doi.org/10.5555/key.siskin).\n",
               "decoy: names the paper in prose as an inspiration"),
    # Bunting: someone's extension named after the model, citing its own paper first and the original after it
    repository("decoy-ext/bunting-atac", "Bunting for ATAC",
               "# bunting-atac\n\n## Citation\n\n```bibtex\n@article{sun2024,\n  title = {Extending chromatin "
               "accessibility models to single nuclei},\n  author = {Sun, Wei and Park, Jo},\n  doi = "
               "{10.5555/decoy.bunting-atac}\n}\n```\n\nPlease also cite the original model: doi:10.5555/key.bunting\n",
               "decoy: another group's extension citing its own paper and the original"),
    # Lark: the first author's same-named repository for a different project, listing all their papers
    repository("ninafrost/Lark", "Lark: a parser toolkit for config files",
               "# Lark\n\nA parser toolkit for configuration files.\n\n## My publications\n\n"
               "- Frost N. et al. Lark: transformers for RNA design with constraints. (2023) doi:10.5555/key.lark\n"
               "- Frost N. et al. Ribosome pausing in yeast. (2021) doi:10.5555/decoy.frost-2021\n"
               "- Frost N. et al. Codon bias in archaea. (2020) doi:10.5555/decoy.frost-2020\n",
               "decoy: the first author's other project, listing their papers"),
    # Eider: a same-named project whose owner's login merely contains the first author's name ("weili")
    repository("weilinsoft/Eider", "Eider: an invoicing service", "# Eider\n\nInvoices as a service.\n",
               "decoy: an owner login that contains an author's name inside another word", stars=700),
]

# model -> what must be written for the row's code (None: nothing) and the decision
CODE_KEY = {
    "Skua": ("abstained", None),
    "Shrike": ("resolved", "https://github.com/lholm/neuro-splicing"),
    "Myna": ("resolved", "https://github.com/myna-lab/Myna"),
    "Dunlin": ("abstained", None),
    "Pipit": ("abstained", None),
    "Rook": ("link-disagrees", None),
    "Jay": ("abstained", None),
    "Wagtail": ("abstained", None),
    "Siskin": ("abstained", None),
    "Bunting": ("abstained", None),
    "Lark": ("abstained", None),
    "Eider": ("abstained", None),
}


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """One CLI run over the probe catalogue; the parsed report by model."""
    folder = tmp_path_factory.mktemp("redteam-code")
    corpus = Corpus(crossref=CROSSREF, datacite=[], github=GITHUB)
    code, report = run_cli_over(CATALOGUE, corpus, folder, "redteam@example.org")
    yield {"exit": code, "by_model": {entry["model"]: entry for entry in report["entries"]}}


def test_every_row_resolves_its_paper(run: dict) -> None:
    """The rows' papers are in the corpus under their titles: the probes test the code stage alone."""
    assert {model: entry["paper"]["decision"] for model, entry in run["by_model"].items()} == dict.fromkeys(
        CODE_KEY, "resolved")


@pytest.mark.parametrize("model", sorted(CODE_KEY))
def test_code_decision(run: dict, model: str) -> None:
    """Skua: cited in a comparison table; Shrike, Myna: a copy of another repository without the fork flag;
    Dunlin: CITATION.cff `references`; Pipit: a bioRxiv DOI one digit off; Rook: the first author's profile
    repository; Jay: 'not the official implementation'; Wagtail: 'papers using X'; Siskin: named as an inspiration;
    Bunting: another group's extension citing its own paper first; Lark: the first author's other project; Eider:
    a login containing the first author's name inside another word."""
    code = run["by_model"][model]["code"]
    assert (code["decision"], code["url"]) == CODE_KEY[model]


def test_no_row_gets_a_decoy_repository(run: dict) -> None:
    urls = {model: entry["code"]["url"] for model, entry in run["by_model"].items()}
    assert {model: url for model, url in urls.items() if url and "github.com/decoy-" in url} == {}
