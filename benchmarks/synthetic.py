"""Synthetic catalogues and matching corpora for the benchmarks, from a seeded RNG.

    synthetic = generate(500, seed=1)
    synthetic.catalogue_text        # Markdown, the table format of catalogue/README.md
    synthetic.corpus                # tests.fakes.Corpus: one paper per row, one decoy per row, some repos
    synthetic.doi_by_model          # the paper each row should resolve to

Everything here is generated: made-up model names, people and titles that only share the shape of the real
catalogue. Items carry "synthetic": true instead of "reconstructed": true so that a live run reuses the cache
(a reconstructed answer is refetched on a live run, which would defeat the warm benchmark).

    python benchmarks/synthetic.py --entries 500 --seed 1 --out /tmp/synthetic   # README.md + corpus folders
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.fakes import Corpus  # noqa: E402

ROWS_PER_TABLE = 250
SYLLABLES = ("ar", "bel", "cor", "dan", "el", "fi", "gen", "hel", "io", "ka", "lum", "mir", "nox", "or", "pel",
             "qua", "ris", "sol", "tan", "ul", "vex", "wen", "xan", "yor", "zed")
PREFIXES = ("sc", "st", "dna", "cell", "gene", "omni", "", "", "")
SUFFIXES = ("former", "BERT", "GPT", "Net", "PLM", "", "", "")
GIVEN = ("Ada", "Bruno", "Chen", "Dalia", "Emeka", "Farah", "Goran", "Hana", "Ilya", "Jun", "Kirsi", "Lars",
         "Mei", "Nadia", "Omar", "Priya", "Quentin", "Rosa", "Sven", "Tariq", "Uma", "Viktor", "Wen", "Ximena",
         "Yusuf", "Zofia")
FAMILY = ("Abara", "Borowski", "Castellano", "Dufresne", "Eklund", "Fagerberg", "Gallardo", "Haverkamp",
          "Ishikawa", "Jovanovic", "Kowalczyk", "Lindqvist", "Moreau", "Nakagawa", "Oyelaran", "Petrescu",
          "Quiroga", "Rasmussen", "Sandoval", "Takahashi", "Umarov", "Valdivia", "Wierzbicki", "Xiong",
          "Yamamoto", "Zielinski")
ADJECTIVES = ("scalable", "interpretable", "generative", "multimodal", "self-supervised", "efficient",
              "hierarchical", "contrastive", "sparse", "robust")
NOUNS = ("transformer", "foundation model", "language model", "attention network", "encoder", "graph transformer")
TASKS = ("cell type annotation", "gene regulatory network inference", "batch integration",
         "enhancer prediction", "spatial domain detection", "perturbation response prediction",
         "chromatin accessibility modelling", "variant effect prediction")
DOMAINS = ("single-cell transcriptomics", "spatial transcriptomics", "genomic sequences", "multi-omics data",
           "long-read sequencing", "epigenomic profiles")
JOURNALS = ("Nature Methods", "Genome Biology", "Bioinformatics", "Nature Communications",
            "Briefings in Bioinformatics", "Cell Systems")
DECOY_KINDS = ("namesake", "follow-up", "correction")
REPO_SHARE = 0.2  # rows whose paper names a GitHub repository in the corpus

HEADER = ("| 🧠 Model | 📄 Paper | 💻 Code | 🛠️ Architecture | 🌟 Highlights/Main Focus |\n"
          "|----------|----------|---------|-----------------|--------------------------|\n")


@dataclass(frozen=True, slots=True)
class Synthetic:
    catalogue_text: str
    corpus: Corpus
    doi_by_model: dict[str, str]


def generate(entries: int, seed: int = 1) -> Synthetic:
    """A catalogue of `entries` rows and the corpus that answers it (paper + decoy per row)."""
    rng = random.Random(seed)
    models = _model_names(rng, entries)
    crossref: list[dict] = []
    github: list[dict] = []
    doi_by_model: dict[str, str] = {}
    rows: list[str] = []
    for index, model in enumerate(models):
        authors = [_person(rng) for _ in range(rng.randint(2, 7))]
        year = rng.randint(2019, 2025)
        doi = f"10.5555/synthetic.{seed}.{index:05d}"
        title = f"{model}: a {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} for {rng.choice(TASKS)} in " \
                f"{rng.choice(DOMAINS)}"
        crossref.append(_work(doi, title, authors, year, rng.choice(JOURNALS)))
        crossref.append(_decoy(rng, seed, index, model, title, authors, year))
        doi_by_model[model] = doi
        if rng.random() < REPO_SHARE:
            github.append(_repo(authors[0], model, title))
        given, family = authors[0]
        rows.append(f"| {model} | {given} {family} et al., {year} |         | Transformer | "
                    f"{title.split(': ', 1)[1].capitalize()} |\n")
    return Synthetic(_catalogue(rows), Corpus(crossref=crossref, github=github), doi_by_model)


def write(synthetic: Synthetic, folder: Path) -> None:
    """README.md plus crossref/ and github/ folders in the layout tests.fakes.load_corpus reads."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "README.md").write_text(synthetic.catalogue_text, encoding="utf-8")
    for service, items in (("crossref", synthetic.corpus.crossref), ("github", synthetic.corpus.github)):
        (folder / service).mkdir(exist_ok=True)
        for number, item in enumerate(items):
            text = json.dumps(item, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
            (folder / service / f"{number:06d}.json").write_text(text, encoding="utf-8")


def _model_names(rng: random.Random, count: int) -> list[str]:
    names: dict[str, None] = {}
    while len(names) < count:
        stem = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3)))
        name = rng.choice(PREFIXES) + stem.capitalize() + rng.choice(SUFFIXES)
        names.setdefault(name, None)
    return list(names)


def _person(rng: random.Random) -> tuple[str, str]:
    return rng.choice(GIVEN), rng.choice(FAMILY)


def _work(doi: str, title: str, authors: list[tuple[str, str]], year: int, journal: str,
          kind: str = "journal-article") -> dict:
    return {
        "DOI": doi,
        "type": kind,
        "title": [title],
        "author": [{"given": given, "family": family, "sequence": "first" if number == 0 else "additional",
                    "affiliation": []} for number, (given, family) in enumerate(authors)],
        "issued": {"date-parts": [[year]]},
        "container-title": [journal],
        "publisher": "Synthetic Press",
        "synthetic": True,
    }


def _decoy(rng: random.Random, seed: int, index: int, model: str, title: str, authors: list[tuple[str, str]],
           year: int) -> dict:
    """A record a search for the row also finds, which must not be accepted."""
    doi = f"10.5555/synthetic-decoy.{seed}.{index:05d}"
    kind = rng.choice(DECOY_KINDS)
    if kind == "namesake":  # same name, someone else's paper in another field
        others = [_person(rng) for _ in range(3)]
        while others[0][1] == authors[0][1]:
            others[0] = _person(rng)
        return _work(doi, f"{model}: {rng.choice(ADJECTIVES)} scheduling for {rng.choice(DOMAINS)} pipelines",
                     others, year - 3, rng.choice(JOURNALS))
    if kind == "follow-up":  # same group, a later paper that uses the model
        return _work(doi, f"Benchmarking {model} and related models for {rng.choice(TASKS)}", authors, year,
                     rng.choice(JOURNALS))
    return _work(doi, f"Author Correction: {title}", authors, year, rng.choice(JOURNALS))


def _repo(author: tuple[str, str], model: str, title: str) -> dict:
    owner = f"{author[1].lower()}-lab"
    return {"repo": {"full_name": f"{owner}/{model}", "description": title, "stargazers_count": 10},
            "readme": f"# {model}\n\nCode for the paper \"{title}\".\n", "synthetic": True}


def _catalogue(rows: list[str]) -> str:
    parts = ["# Synthetic genomics transformer papers\n\nGenerated for the benchmarks; every name is made up.\n"]
    for start in range(0, len(rows), ROWS_PER_TABLE):
        table_rows = "".join(rows[start:start + ROWS_PER_TABLE])
        parts.append(f"\n## Part {start // ROWS_PER_TABLE + 1}\n\n{HEADER}{table_rows}")
    return "".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    write(generate(args.entries, args.seed), args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
