"""Write the held-out recall corpus: reconstructed Crossref, DataCite and GitHub records with decoys.

    python benchmarks/recall/make_corpus.py     # rewrites benchmarks/recall/corpus/

Everything here is RECONSTRUCTED from public bibliographic metadata (titles, authors, venues, DOIs of
genomics language-model papers as they are cited publicly), never recorded from the live services. Author
lists are best effort and may be truncated; dates are year-month where the day is not known; GitHub numbers
are placeholders ordered sensibly. Invented records ("decoys") use the test prefix 10.5555/, given names
"Decoy", or owners starting with `decoy-`, and say so in `_note`.

The corpus is kept apart from tests/fakes/corpus/ on purpose: the rules were not written while looking at it,
so `benchmarks/recall.py` measures precision and recall on papers and decoys the test suite does not show.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent / "corpus"
RECON = "<!-- reconstructed: condensed from the public README, not a recording -->\n"
DECOY = "<!-- decoy, reconstructed: invented repository, not a real one -->\n"


def _date(parts: tuple[int, ...]) -> dict:
    return {"date-parts": [list(parts)]}


def _authors(names: list[str]) -> list[dict]:
    people = []
    for index, name in enumerate(names):
        given, _, family = name.rpartition(" ")
        people.append({"given": given, "family": family, "sequence": "first" if index == 0 else "additional",
                       "affiliation": []})
    return people


def crossref(doi: str, title: str, authors: list[str], date: tuple[int, ...], container: str | None,
             publisher: str, *, preprint: bool = False, relation: dict | None = None, abstract: str | None = None,
             note: str | None = None, kind: str = "journal-article", update_to: list[dict] | None = None) -> dict:
    item: dict = {
        "DOI": doi, "URL": f"https://doi.org/{doi}", "prefix": doi.split("/")[0], "member": "0",
        "title": [title], "subtitle": [], "short-title": [], "original-title": [],
        "author": _authors(authors), "publisher": publisher, "issued": _date(date), "published": _date(date),
        "created": _date(date), "deposited": _date((2025, 1, 1)), "indexed": _date((2025, 1, 1)),
        "container-title": [container] if container else [], "short-container-title": [],
        "type": "posted-content" if preprint else kind, "source": "Crossref", "score": 1,
        "reference-count": 0, "references-count": 0, "is-referenced-by-count": 0,
        "relation": relation or {}, "subject": [], "reconstructed": True,
        "resource": {"primary": {"URL": f"https://example.org/{doi}"}},
    }
    if preprint:
        item.update({"subtype": "preprint", "posted": _date(date), "institution": [{"name": "bioRxiv"}],
                     "group-title": "Bioinformatics"})
    else:
        item["published-online"] = _date(date)
    if abstract:
        item["abstract"] = f"<jats:p>{abstract}</jats:p>"
    if update_to:
        item["update-to"] = update_to
    if note:
        item["_note"] = note
    return item


def _relation(kind: str, doi: str) -> dict:
    return {kind: [{"id-type": "doi", "id": doi, "asserted-by": "subject"}]}


def datacite(arxiv_id: str, title: str, authors: list[str], year: int, month: int, note: str | None = None) -> dict:
    doi = f"10.48550/arxiv.{arxiv_id}"
    creators = []
    for name in authors:
        given, _, family = name.rpartition(" ")
        creators.append({"name": f"{family}, {given}", "nameType": "Personal", "givenName": given,
                         "familyName": family, "affiliation": [], "nameIdentifiers": []})
    item = {
        "id": doi, "type": "dois", "reconstructed": True,
        "attributes": {
            "doi": doi, "prefix": "10.48550", "suffix": f"arxiv.{arxiv_id}",
            "identifiers": [{"identifier": arxiv_id, "identifierType": "arXiv"}],
            "alternateIdentifiers": [{"alternateIdentifierType": "arXiv", "alternateIdentifier": arxiv_id}],
            "creators": creators, "titles": [{"title": title}], "publisher": "arXiv", "container": {},
            "publicationYear": year, "subjects": [], "contributors": [],
            "dates": [{"date": f"{year}-{month:02d}", "dateType": "Available", "dateInformation": "v1"},
                      {"date": str(year), "dateType": "Issued"}],
            "types": {"ris": "RPRT", "bibtex": "article", "citeproc": "article-journal",
                      "schemaOrg": "ScholarlyArticle", "resourceType": "Article", "resourceTypeGeneral": "Text"},
            "relatedIdentifiers": [], "descriptions": [], "url": f"https://arxiv.org/abs/{arxiv_id}",
            "version": "1", "state": "findable", "isActive": True, "published": str(year),
            "created": f"{year}-{month:02d}-01T00:00:00.000Z", "registered": f"{year}-{month:02d}-01T00:00:00.000Z",
            "updated": f"{year}-{month:02d}-01T00:00:00.000Z",
        },
        "relationships": {"client": {"data": {"id": "arxiv.content", "type": "clients"}}},
    }
    if note:
        item["_note"] = note
    return item


def github(full_name: str, description: str | None, readme: str, *, stars: int, homepage: str | None = None,
           fork_of: str | None = None, files: dict[str, str] | None = None, topics: list[str] | None = None,
           decoy: bool = False, note: str | None = None) -> dict:
    owner, name = full_name.split("/")
    repo: dict = {
        "full_name": full_name, "name": name,
        "owner": {"login": owner, "type": "Organization" if not decoy else "User"},
        "description": description, "fork": fork_of is not None, "homepage": homepage, "size": 1000,
        "stargazers_count": stars, "watchers_count": stars, "forks_count": stars // 10, "language": "Python",
        "archived": False, "topics": topics or [], "default_branch": "main",
    }
    if fork_of:
        repo["parent"] = fork_of
    item: dict = {"repo": repo, "reconstructed": True, "readme": (DECOY if decoy else RECON) + readme}
    if files:
        item["files"] = files
    if note:
        item["_note"] = note
    return item


# ---------------------------------------------------------------- the works

NT_AUTHORS = ["Hugo Dalla-Torre", "Liam Gonzalez", "Javier Mendoza-Revilla", "Nicolas Lopez Carranza",
              "Adam Henryk Grzywaczewski", "Francesco Oteri", "Christian Dallago", "Evan Trop",
              "Bernardo P. de Almeida", "Hassan Sirelkhatim", "Guillaume Richard", "Marcin Skwark", "Karim Beguir",
              "Marie Lopez", "Thomas Pierrot"]
EVO_AUTHORS = ["Eric Nguyen", "Michael Poli", "Matthew G. Durrant", "Brian Kang", "Dhruva Katrekar", "David B. Li",
               "Liam J. Bartie", "Armin W. Thomas", "Samuel H. King", "Garyk Brixi", "Jeremy Sullivan",
               "Madelena Y. Ng", "Ashley Lewis", "Aaron Lou", "Stefano Ermon", "Stephen A. Baccus",
               "Tina Hernandez-Boussard", "Christopher Ré", "Patrick D. Hsu", "Brian L. Hie"]
BORZOI_AUTHORS = ["Johannes Linder", "Divyanshi Srivastava", "Han Yuan", "Vikram Agarwal", "David R. Kelley"]
GPN_AUTHORS = ["Gonzalo Benegas", "Sanjit Singh Batra", "Yun S. Song"]
SPLICE_AUTHORS = ["Ken Chen", "Yue Zhou", "Maolin Ding", "Yu Wang", "Zhixiang Ren", "Yuedong Yang"]
GENSLM_AUTHORS = ["Maxim Zvyagin", "Alexander Brace", "Kyle Hippe", "Yuntian Deng", "Bin Zhang",
                  "Cindy Orozco Bohorquez", "Austin Clyde", "Bharat Kale", "Danilo Perez-Rivera", "Heng Ma",
                  "Arvind Ramanathan"]
GENECOMPASS_AUTHORS = ["Xiaodong Yang", "Guole Liu", "Guihai Feng", "Dechao Bu", "Pengfei Wang", "Jie Jiang",
                       "Shubai Chen", "Qinmeng Yang", "Hefan Miao", "Yiyang Zhang", "Xin Li"]
NICHE_AUTHORS = ["Anna C. Schaar", "Alejandro Tejada-Lapuerta", "Giovanni Palla", "Robert Gutgesell",
                 "Lennard Halle", "Mariia Minaeva", "Larsen Vornholz", "Leander Dony", "Francesca Drummer",
                 "Mojtaba Bahrami", "Fabian J. Theis"]

CROSSREF = [
    # DNABERT: article and its same-titled preprint (relation on the preprint only)
    crossref("10.1093/bioinformatics/btab083",
             "DNABERT: pre-trained Bidirectional Encoder Representations from Transformers model for "
             "DNA-language in genome", ["Yanrong Ji", "Zhihan Zhou", "Han Liu", "Ramana V. Davuluri"],
             (2021, 2, 4), "Bioinformatics", "Oxford University Press (OUP)"),
    crossref("10.1101/2020.09.17.301879",
             "DNABERT: pre-trained Bidirectional Encoder Representations from Transformers model for "
             "DNA-language in genome", ["Yanrong Ji", "Zhihan Zhou", "Han Liu", "Ramana V. Davuluri"],
             (2020, 9, 19), None, "Cold Spring Harbor Laboratory", preprint=True,
             relation=_relation("is-preprint-of", "10.1093/bioinformatics/btab083")),
    # Nucleotide Transformer: retitled preprint (2023) -> article (online late 2024); relation on both
    crossref("10.1038/s41592-024-02523-z",
             "Nucleotide Transformer: building and evaluating robust foundation models for human genomics",
             NT_AUTHORS, (2024, 11, 28), "Nature Methods", "Springer Science and Business Media LLC",
             relation=_relation("has-preprint", "10.1101/2023.01.11.523679")),
    crossref("10.1101/2023.01.11.523679",
             "The Nucleotide Transformer: Building and Evaluating Robust Foundation Models for Human Genomics",
             NT_AUTHORS, (2023, 1, 15), None, "Cold Spring Harbor Laboratory", preprint=True,
             relation=_relation("is-preprint-of", "10.1038/s41592-024-02523-z")),
    crossref("10.5555/decoy.nt-finetune-plants",
             "Fine-tuning the Nucleotide Transformer for plant promoter prediction",
             ["Decoy Okafor", "Decoy Lindqvist"], (2024, 5), "Plant Genomics Letters", "Decoy Press",
             note="decoy, reconstructed: a follow-up that names the model but is another group's paper"),
    # Borzoi: model name in no title and no abstract deposited; only the repository ties them
    crossref("10.1038/s41588-024-02053-6",
             "Predicting RNA-seq coverage from DNA sequence as a unifying model of gene regulation",
             BORZOI_AUTHORS, (2025, 1, 8), "Nature Genetics", "Springer Science and Business Media LLC",
             relation=_relation("has-preprint", "10.1101/2023.08.30.555582")),
    crossref("10.1101/2023.08.30.555582",
             "Predicting RNA-seq coverage from DNA sequence as a unifying model of gene regulation",
             BORZOI_AUTHORS, (2023, 9, 1), None, "Cold Spring Harbor Laboratory", preprint=True),
    crossref("10.5555/decoy.linder-2025-enhancers",
             "Learning the grammar of enhancer sequences across cell types",
             ["Johannes Linder", "Decoy Moreau"], (2025, 3), "Genome Research", "Decoy Press",
             note="decoy, reconstructed: same first author and year as Borzoi, another paper"),
    # GPN: retitled preprint; the model is introduced in the abstract (PNAS deposits abstracts)
    crossref("10.1073/pnas.2311219120", "DNA language models are powerful predictors of genome-wide variant effects",
             GPN_AUTHORS, (2023, 10, 26), "Proceedings of the National Academy of Sciences",
             "Proceedings of the National Academy of Sciences",
             abstract="The expanding catalog of genome-wide association studies (GWAS) provides biological "
                      "insights across a variety of species, but identifying the causal variants behind these "
                      "associations remains a significant challenge. Here, we introduce GPN, a Genomic "
                      "Pre-trained Network, a DNA language model trained on unaligned reference genomes."),
    crossref("10.1101/2022.08.22.504706",
             "DNA language models are powerful zero-shot predictors of non-coding variant effects",
             GPN_AUTHORS, (2022, 8, 24), None, "Cold Spring Harbor Laboratory", preprint=True,
             relation=_relation("is-preprint-of", "10.1073/pnas.2311219120")),
    crossref("10.1101/2023.10.10.562811",
             "GPN-MSA: an alignment-based DNA language model for genome-wide variant effect prediction",
             ["Gonzalo Benegas", "Carlos Albors", "Alan J. Aw", "Chengzhong Ye", "Yun S. Song"],
             (2023, 10, 11), None, "Cold Spring Harbor Laboratory", preprint=True),
    # Evo and its successor by the same lab
    crossref("10.1126/science.ado9336", "Sequence modeling and design from molecular to genome scale with Evo",
             EVO_AUTHORS, (2024, 11, 15), "Science", "American Association for the Advancement of Science (AAAS)",
             relation=_relation("has-preprint", "10.1101/2024.02.27.582234")),
    crossref("10.1101/2024.02.27.582234", "Sequence modeling and design from molecular to genome scale with Evo",
             EVO_AUTHORS, (2024, 2, 27), None, "Cold Spring Harbor Laboratory", preprint=True),
    crossref("10.1101/2025.02.18.638918", "Genome modeling and design across all domains of life with Evo 2",
             ["Garyk Brixi", "Matthew G. Durrant", "Jerome Ku", "Michael Poli", "Greg Brockman", "Daniel Chang",
              "Eric Nguyen", "Brian L. Hie"], (2025, 2, 21), None, "Cold Spring Harbor Laboratory", preprint=True),
    crossref("10.5555/decoy.evo-benchmark",
             "Benchmarking Evo embeddings for bacterial promoter annotation",
             ["Eric Nguyen", "Decoy Haddad"], (2024, 8), "Bioinformatics Advances", "Decoy Press",
             note="decoy, reconstructed: same first author name and year, a follow-up that names the model"),
    # GeneCompass
    crossref("10.1038/s41422-024-01034-y",
             "GeneCompass: deciphering universal gene regulatory mechanisms with a knowledge-informed "
             "cross-species foundation model", GENECOMPASS_AUTHORS, (2024, 10, 8), "Cell Research",
             "Springer Science and Business Media LLC"),
    crossref("10.5555/decoy.genecompass-correction",
             "Author Correction: GeneCompass: deciphering universal gene regulatory mechanisms with a "
             "knowledge-informed cross-species foundation model", GENECOMPASS_AUTHORS, (2024, 12, 2),
             "Cell Research", "Decoy Press",
             update_to=[{"DOI": "10.1038/s41422-024-01034-y", "type": "correction", "label": "Correction"}],
             note="decoy, reconstructed: a correction notice with the paper's title and authors"),
    # SpliceBERT: retitled preprint, no abstract, model only in the repository
    crossref("10.1093/bib/bbae163",
             "Self-supervised learning on millions of primary RNA sequences from 72 vertebrates improves "
             "sequence-based RNA splicing prediction", SPLICE_AUTHORS, (2024, 4, 12),
             "Briefings in Bioinformatics", "Oxford University Press (OUP)"),
    crossref("10.1101/2023.01.31.526427",
             "Self-supervised learning on millions of pre-mRNA sequences improves sequence-based RNA splicing "
             "prediction", SPLICE_AUTHORS, (2023, 2, 3), None, "Cold Spring Harbor Laboratory", preprint=True,
             relation=_relation("is-preprint-of", "10.1093/bib/bbae163")),
    # GenSLMs: preprint year in lists, article a year later
    crossref("10.1177/10943420231201154",
             "GenSLMs: Genome-scale language models reveal SARS-CoV-2 evolutionary dynamics", GENSLM_AUTHORS,
             (2023, 9, 20), "The International Journal of High Performance Computing Applications",
             "SAGE Publications", relation=_relation("has-preprint", "10.1101/2022.10.10.511571")),
    crossref("10.1101/2022.10.10.511571",
             "GenSLMs: Genome-scale language models reveal SARS-CoV-2 evolutionary dynamics", GENSLM_AUTHORS,
             (2022, 10, 11), None, "Cold Spring Harbor Laboratory", preprint=True),
    # Nicheformer: preprint only in this corpus
    crossref("10.1101/2024.04.15.589472", "Nicheformer: a foundation model for single-cell and spatial omics",
             NICHE_AUTHORS, (2024, 4, 19), None, "Cold Spring Harbor Laboratory", preprint=True),
    # DNAGPT: the real paper is not in this corpus; only a namesake decoy is
    crossref("10.5555/decoy.dnagpt-lite", "DNAGPT: a tiny generative model for plasmid design",
             ["Decoy Zhang", "Decoy Ortiz"], (2023, 7), "Synthetic Biology Notes", "Decoy Press",
             note="decoy, reconstructed: model name heads the title, first author's given name differs"),
]

DATACITE = [
    datacite("2306.15006", "DNABERT-2: Efficient Foundation Model and Benchmark For Multi-Species Genome",
             ["Zhihan Zhou", "Yanrong Ji", "Weijian Li", "Pratik Dutta", "Ramana Davuluri", "Han Liu"], 2023, 6),
    datacite("2402.08777", "DNABERT-S: Pioneering Species Differentiation with Species-Aware DNA Embeddings",
             ["Zhihan Zhou", "Weimin Wu", "Harrison Ho", "Jiayi Wang", "Lizhen Shi", "Ramana V Davuluri",
              "Zhong Wang", "Han Liu"], 2024, 2),
    datacite("2306.15794", "HyenaDNA: Long-Range Genomic Sequence Modeling at Single Nucleotide Resolution",
             ["Eric Nguyen", "Michael Poli", "Marjan Faizi", "Armin Thomas", "Callum Birch-Sykes", "Michael Wornow",
              "Aman Patel", "Clayton Rabideau", "Stefano Massaroli", "Yoshua Bengio", "Stefano Ermon",
              "Stephen A. Baccus", "Chris Ré"], 2023, 6),
    datacite("2403.03234", "Caduceus: Bi-Directional Equivariant Long-Range DNA Sequence Modeling",
             ["Yair Schiff", "Chia-Hsiang Kao", "Aaron Gokaslan", "Tri Dao", "Albert Gu", "Volodymyr Kuleshov"],
             2024, 3),
    datacite("2204.00300", "Interpretable RNA Foundation Model from Unannotated Data for Highly Accurate RNA "
             "Structure and Function Predictions",
             ["Jiayang Chen", "Zhihang Hu", "Siqi Sun", "Qingxiong Tan", "Yixuan Wang", "Qinze Yu", "Licheng Zong",
              "Liang Hong", "Jin Xiao", "Tao Shen", "Irwin King", "Yu Li"], 2022, 4),
]


def _bibtex(key: str, title: str, authors: str, journal: str, year: int, extra: str = "") -> str:
    return (f"```bibtex\n@article{{{key},\n  title={{{title}}},\n  author={{{authors}}},\n"
            f"  journal={{{journal}}},\n  year={{{year}}}{extra}\n}}\n```\n")


GITHUB = [
    github("jerryji1993/DNABERT", "DNABERT: pre-trained Bidirectional Encoder Representations from Transformers "
           "model for DNA-language in genome",
           "# DNABERT\n\nThis repository includes the implementation of 'DNABERT: pre-trained Bidirectional "
           "Encoder Representations from Transformers model for DNA-language in genome'.\n\n## Citation\n\n"
           "If you have used DNABERT in your research, please kindly cite the following publication:\n\n"
           "Yanrong Ji, Zhihan Zhou, Han Liu, Ramana V Davuluri, DNABERT: pre-trained Bidirectional Encoder "
           "Representations from Transformers model for DNA-language in genome, Bioinformatics, 2021, "
           "https://doi.org/10.1093/bioinformatics/btab083\n", stars=700),
    github("MAGICS-LAB/DNABERT_2", "[ICLR 2024] DNABERT-2: Efficient Foundation Model and Benchmark for "
           "Multi-Species Genome",
           "# DNABERT-2\n\nThe official implementation of the paper [DNABERT-2: Efficient Foundation Model and "
           "Benchmark For Multi-Species Genome](https://arxiv.org/pdf/2306.15006.pdf).\n\n## Citation\n\n"
           + _bibtex("zhou2023dnabert2", "DNABERT-2: Efficient Foundation Model and Benchmark For Multi-Species "
                     "Genome", "Zhihan Zhou and Yanrong Ji and Weijian Li and Pratik Dutta and Ramana Davuluri "
                     "and Han Liu", "arXiv preprint arXiv:2306.15006", 2023), stars=400),
    github("MAGICS-LAB/DNABERT_S", "DNABERT-S: Pioneering Species Differentiation with Species-Aware DNA "
           "Embeddings",
           "# DNABERT-S\n\nOfficial code of [DNABERT-S](https://arxiv.org/abs/2402.08777).\n\nThis work builds "
           "on DNABERT-2 (arXiv:2306.15006).\n", stars=90),
    github("instadeepai/nucleotide-transformer", "Foundation Models for Genomics & Transcriptomics",
           "# Nucleotide Transformer\n\nWelcome to this InstaDeep Github repository, where are featured the "
           "Nucleotide Transformer models.\n\n## Citing our work\n\n"
           + _bibtex("dalla2023nucleotide", "The Nucleotide Transformer: Building and Evaluating Robust Foundation "
                     "Models for Human Genomics", "Dalla-Torre, Hugo and Gonzalez, Liam and Mendoza Revilla, "
                     "Javier and others", "bioRxiv", 2023, ",\n  doi={10.1101/2023.01.11.523679}"), stars=600),
    github("HazyResearch/hyena-dna", "Official implementation for HyenaDNA, a long-range genomic foundation model "
           "built with Hyena",
           "# HyenaDNA\n\n[arXiv](https://arxiv.org/abs/2306.15794) | [blog]\n\n## Citation\n\n"
           + _bibtex("nguyen2023hyenadna", "HyenaDNA: Long-Range Genomic Sequence Modeling at Single Nucleotide "
                     "Resolution", "Nguyen, Eric and Poli, Michael and others", "arXiv preprint arXiv:2306.15794",
                     2023), stars=700),
    github("decoy-forker/hyena-dna", "Official implementation for HyenaDNA, a long-range genomic foundation model "
           "built with Hyena", "# HyenaDNA\n\n[arXiv](https://arxiv.org/abs/2306.15794)\n", stars=900,
           fork_of="HazyResearch/hyena-dna", decoy=True,
           note="decoy, reconstructed: a fork with more stars than its parent"),
    github("calico/borzoi", "RNA-seq prediction with deep convolutional neural networks.",
           "# Borzoi - Predicting RNA-seq from DNA Sequence\n\nThis repository contains code to train and run "
           "Borzoi models.\n\nThe model is described in: Linder, J., Srivastava, D., Yuan, H. et al. Predicting "
           "RNA-seq coverage from DNA sequence as a unifying model of gene regulation. Nat Genet (2025). "
           "[doi:10.1038/s41588-024-02053-6](https://doi.org/10.1038/s41588-024-02053-6)\n", stars=200),
    github("decoy-dogs/borzoi", "Borzoi: a dog breed classifier",
           "# Borzoi\n\nClassify photos of sighthounds with a small CNN.\n", stars=300, decoy=True,
           note="decoy, reconstructed: a namesake with more stars"),
    github("decoy-lab/borzoi-atac", "Borzoi fine-tuned on ATAC-seq",
           "# borzoi-atac\n\nFine-tuning of Borzoi for chromatin accessibility, as described in "
           "[our paper](https://doi.org/10.5555/decoy.linder-2025-enhancers).\n", stars=50, decoy=True,
           note="decoy, reconstructed: a derived repository that cites another paper"),
    github("songlab-cal/gpn", "Genomic Pre-trained Network",
           "# GPN (Genomic Pre-trained Network)\n\n## Citation\n\nGPN:\n\nBenegas, G., Batra, S.S. and Song, Y.S. "
           "DNA language models are powerful predictors of genome-wide variant effects. PNAS 120(44), "
           "e2311219120 (2023). https://doi.org/10.1073/pnas.2311219120\n\nGPN-MSA:\n\nBenegas, G., Albors, C., "
           "Aw, A.J., Ye, C. and Song, Y.S. GPN-MSA: an alignment-based DNA language model for genome-wide "
           "variant effect prediction. bioRxiv (2023). https://doi.org/10.1101/2023.10.10.562811\n", stars=250),
    github("evo-design/evo", "Biological foundation modeling from molecular to genome scale",
           "# Evo: DNA foundation modeling from molecular to genome scale\n\n## Citation\n\nPlease cite the "
           "following publication when referencing Evo.\n\n"
           + _bibtex("nguyen2024sequence", "Sequence modeling and design from molecular to genome scale with Evo",
                     "Nguyen, Eric and Poli, Michael and Durrant, Matthew G and others", "Science", 2024,
                     ",\n  doi={10.1126/science.ado9336}"), stars=1300),
    github("evo-design/evo2", "Genome modeling and design across all domains of life",
           "# Evo 2\n\n## Citation\n\n"
           + _bibtex("brixi2025genome", "Genome modeling and design across all domains of life with Evo 2",
                     "Brixi, Garyk and others", "bioRxiv", 2025, ",\n  doi={10.1101/2025.02.18.638918}"),
           stars=3000),
    github("kuleshov-group/caduceus", "Bi-Directional Equivariant Long-Range DNA Sequence Modeling",
           "# Caduceus\n\n[arXiv](https://arxiv.org/abs/2403.03234)\n\n## Citation\n\n"
           + _bibtex("schiff2024caduceus", "Caduceus: Bi-Directional Equivariant Long-Range DNA Sequence "
                     "Modeling", "Schiff, Yair and Kao, Chia-Hsiang and others", "arXiv preprint arXiv:2403.03234",
                     2024), stars=200),
    github("xCompass-AI/GeneCompass", None,
           "# GeneCompass\n\n**GeneCompass: deciphering universal gene regulatory mechanisms with a "
           "knowledge-informed cross-species foundation model**\n\nGeneCompass is a knowledge-informed, "
           "cross-species foundation model pre-trained on more than 120 million single-cell transcriptomes.\n",
           stars=150),
    github("chenkenbio/SpliceBERT", "Self-supervised learning on millions of primary RNA sequences from 72 "
           "vertebrates improves sequence-based RNA splicing prediction",
           "# SpliceBERT\n\nSpliceBERT is a primary RNA sequence language model pre-trained on over 2 million "
           "vertebrate RNA sequences.\n", stars=80),
    github("ml4bio/RNA-FM", "Pre-trained RNA foundation model",
           "# RNA-FM\n\nThis repository contains codes and pre-trained models for RNA foundation model (RNA-FM).\n"
           "\n## Citation\n\n"
           + _bibtex("chen2022interpretable", "Interpretable RNA Foundation Model from Unannotated Data for Highly "
                     "Accurate RNA Structure and Function Predictions", "Chen, Jiayang and others",
                     "arXiv preprint arXiv:2204.00300", 2022), stars=300),
    github("ramanathanlab/genslm", "GenSLMs: Scaling genome sequence language models",
           "# GenSLMs\n\n## Citations\n\nIf you use our models in your research, please cite this paper:\n\n"
           + _bibtex("zvyagin2022genslms", "GenSLMs: Genome-scale language models reveal SARS-CoV-2 evolutionary "
                     "dynamics", "Zvyagin, Maxim and Brace, Alexander and others", "bioRxiv", 2022,
                     ",\n  doi={10.1101/2022.10.10.511571}"), stars=170),
    github("theislab/nicheformer", "Nicheformer",
           "# Nicheformer\n\nPackage for the Nicheformer model. Installation and tutorials below.\n", stars=120,
           files={"CITATION.cff": "cff-version: 1.2.0\nmessage: If you use this software, please cite it.\n"
                  "title: nicheformer\npreferred-citation:\n  type: article\n  title: 'Nicheformer: a "
                  "foundation model for single-cell and spatial omics'\n  doi: 10.1101/2024.04.15.589472\n"
                  "  authors:\n    - family-names: Schaar\n      given-names: Anna C.\n  year: 2024\n"}),
    github("decoy-lists/awesome-dna-language-models", "A curated list of DNA language models",
           "# Awesome DNA language models\n\n- DNABERT https://doi.org/10.1093/bioinformatics/btab083\n"
           "- HyenaDNA https://arxiv.org/abs/2306.15794\n- Evo https://doi.org/10.1126/science.ado9336\n"
           "- Caduceus https://arxiv.org/abs/2403.03234\n- Borzoi https://doi.org/10.1038/s41588-024-02053-6\n",
           stars=2000, decoy=True, topics=["awesome-list"], note="decoy, reconstructed: an awesome list citing all"),
    github("decoy-reimpl/caduceus-jax", "Caduceus in JAX (unofficial re-implementation)",
           "# caduceus-jax\n\nUnofficial JAX re-implementation of Caduceus "
           "(https://arxiv.org/abs/2403.03234).\n", stars=400, decoy=True,
           note="decoy, reconstructed: an unofficial re-implementation citing the paper"),
]


def _file_name(doi: str) -> str:
    return doi.replace("/", "_") + ".json"


def main() -> None:
    if ROOT.exists():
        shutil.rmtree(ROOT)
    for folder, items, name_of in (
        ("crossref", CROSSREF, lambda item: _file_name(item["DOI"])),
        ("datacite", DATACITE, lambda item: _file_name(item["id"])),
        ("github", GITHUB, lambda item: item["repo"]["full_name"].replace("/", "__") + ".json"),
    ):
        (ROOT / folder).mkdir(parents=True)
        for item in items:
            text = json.dumps(item, sort_keys=True, indent=1, ensure_ascii=False) + "\n"
            (ROOT / folder / name_of(item)).write_text(text, encoding="utf-8")
    print(f"wrote {len(CROSSREF)} Crossref, {len(DATACITE)} DataCite, {len(GITHUB)} GitHub items to {ROOT}")


if __name__ == "__main__":
    main()
