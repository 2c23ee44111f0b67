"""Write the second held-out recall benchmark: protein language models and single-cell/spatial foundation models.

    python benchmarks/recall2/make_corpus.py    # rewrites benchmarks/recall2/{corpus/,lists/,truth.json}
    python benchmarks/recall.py --suite recall2 -v

Everything here is RECONSTRUCTED from public bibliographic metadata (titles, authors, venues, DOIs of protein
language-model and single-cell foundation-model papers as they are cited publicly), never recorded from the live
services. Real DOIs are used only where the author of this file was sure of them; every other DOI, of a real paper
or of an invented record, uses the test prefix 10.5555/ (`10.5555/recon.*` stands in for a real paper whose DOI was
not known for certain, `10.5555/decoy.*` and `10.5555/zenodo.*` are invented records). Author lists are best effort
and may be truncated (first authors and last authors are kept); GitHub numbers are placeholders. Invented
repositories have owners starting with `decoy-` or say so in `_note` and in their README's first line.

This benchmark was written without reading the matching rules (src/enrich/match.py, resolve.py, code_links.py,
repo_citations.py, repository_route.py): only the README's user-facing description and the fakes' JSON shapes.
Its lists use shapes the project was not tuned on (a numbered list, an Authors/Journal/Year/Link table, a
Year/Title/Venue/Paper/Code table in a third-party style, a bullet list with `[[paper](...)] [[code](...)]`, some
rows already linked and one linked wrongly by a person). Truth is the version of record's DOI and the official
repository, or null where the honest answer is to abstain.
"""

# ruff: noqa: E501  (the lists below are Markdown: a table row or a list item is one line)

from __future__ import annotations

import json
import shutil
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
LISTS = HERE / "lists"
RECON = "<!-- reconstructed: condensed from the public README, not a recording -->\n"
DECOY = "<!-- decoy, reconstructed: invented repository, not a real one -->\n"


def _date(parts: tuple[int, ...]) -> dict:
    return {"date-parts": [list(parts)]}


def _split(name: str) -> tuple[str, str]:
    """'Given Family', or 'Given|Family' where the family name has a space or a suffix ('Truong Jr')."""
    if "|" in name:
        given, family = name.split("|")
        return given, family
    given, _, family = name.rpartition(" ")
    return given, family


def _authors(names: list[str]) -> list[dict]:
    people = []
    for index, name in enumerate(names):
        given, family = _split(name)
        people.append({"given": given, "family": family, "sequence": "first" if index == 0 else "additional",
                       "affiliation": []})
    return people


def crossref(doi: str, title: str, authors: list[str], date: tuple[int, ...], container: str | None,
             publisher: str, *, preprint: bool = False, relation: dict | None = None, abstract: str | None = None,
             note: str | None = None, kind: str = "journal-article", update_to: list[dict] | None = None,
             online: tuple[int, ...] | None = None) -> dict:
    item: dict = {
        "DOI": doi, "URL": f"https://doi.org/{doi}", "prefix": doi.split("/")[0], "member": "0",
        "title": [title], "subtitle": [], "short-title": [], "original-title": [],
        "author": _authors(authors), "publisher": publisher, "issued": _date(date), "published": _date(date),
        "created": _date(online or date), "deposited": _date((2025, 1, 1)), "indexed": _date((2025, 1, 1)),
        "container-title": [container] if container else [], "short-container-title": [],
        "type": "posted-content" if preprint else kind, "source": "Crossref", "score": 1,
        "reference-count": 0, "references-count": 0, "is-referenced-by-count": 0,
        "relation": relation or {}, "subject": [], "reconstructed": True,
        "resource": {"primary": {"URL": f"https://example.org/{doi}"}},
    }
    if preprint:
        item.update({"subtype": "preprint", "posted": _date(date), "institution": [{"name": "bioRxiv"}],
                     "group-title": "Bioinformatics"})
    elif kind == "journal-article":
        item["published-online"] = _date(online or date)
        if online:
            item["published-print"] = _date(date)
    if abstract:
        item["abstract"] = f"<jats:p>{abstract}</jats:p>"
    if update_to:
        item["update-to"] = update_to
    if note:
        item["_note"] = note
    return item


def _relation(kind: str, doi: str) -> dict:
    return {kind: [{"id-type": "doi", "id": doi, "asserted-by": "subject"}]}


def datacite(doi: str, title: str, authors: list[str], year: int, month: int, *, client: str = "arxiv.content",
             publisher: str = "arXiv", general: str = "Text", note: str | None = None) -> dict:
    creators = []
    for name in authors:
        given, family = _split(name)
        creators.append({"name": f"{family}, {given}", "nameType": "Personal", "givenName": given,
                         "familyName": family, "affiliation": [], "nameIdentifiers": []})
    arxiv_id = doi.split("arxiv.", 1)[1] if client == "arxiv.content" else None
    identifiers = [{"identifier": arxiv_id, "identifierType": "arXiv"}] if arxiv_id else []
    item = {
        "id": doi, "type": "dois", "reconstructed": True,
        "attributes": {
            "doi": doi, "prefix": doi.split("/")[0], "suffix": doi.split("/", 1)[1],
            "identifiers": identifiers,
            "alternateIdentifiers": ([{"alternateIdentifierType": "arXiv", "alternateIdentifier": arxiv_id}]
                                     if arxiv_id else []),
            "creators": creators, "titles": [{"title": title}], "publisher": publisher, "container": {},
            "publicationYear": year, "subjects": [], "contributors": [],
            "dates": [{"date": f"{year}-{month:02d}", "dateType": "Available", "dateInformation": "v1"},
                      {"date": str(year), "dateType": "Issued"}],
            "types": ({"ris": "RPRT", "bibtex": "article", "citeproc": "article-journal",
                       "schemaOrg": "ScholarlyArticle", "resourceType": "Article", "resourceTypeGeneral": "Text"}
                      if general == "Text" else
                      {"ris": "COMP", "bibtex": "misc", "citeproc": "article", "schemaOrg": "SoftwareSourceCode",
                       "resourceType": "", "resourceTypeGeneral": "Software"}),
            "relatedIdentifiers": [], "descriptions": [],
            "url": f"https://arxiv.org/abs/{arxiv_id}" if arxiv_id else f"https://zenodo.org/records/{doi[-7:]}",
            "version": "1", "state": "findable", "isActive": True, "published": str(year),
            "created": f"{year}-{month:02d}-01T00:00:00.000Z", "registered": f"{year}-{month:02d}-01T00:00:00.000Z",
            "updated": f"{year}-{month:02d}-01T00:00:00.000Z",
        },
        "relationships": {"client": {"data": {"id": client, "type": "clients"}}},
    }
    if note:
        item["_note"] = note
    return item


def arxiv(arxiv_id: str, title: str, authors: list[str], year: int, month: int, note: str | None = None) -> dict:
    return datacite(f"10.48550/arxiv.{arxiv_id}", title, authors, year, month, note=note)


def github(full_name: str, description: str | None, readme: str, *, stars: int, homepage: str | None = None,
           fork_of: str | None = None, files: dict[str, str] | None = None, topics: list[str] | None = None,
           decoy: bool = False, note: str | None = None, archived: bool = False,
           previous_names: list[str] | None = None, folder_readmes: dict[str, str] | None = None) -> dict:
    owner, name = full_name.split("/")
    repo: dict = {
        "full_name": full_name, "name": name,
        "owner": {"login": owner, "type": "Organization" if not decoy else "User"},
        "description": description, "fork": fork_of is not None, "homepage": homepage, "size": 1000,
        "stargazers_count": stars, "watchers_count": stars, "forks_count": stars // 10, "language": "Python",
        "archived": archived, "topics": topics or [], "default_branch": "main",
    }
    if fork_of:
        repo["parent"] = fork_of
    item: dict = {"repo": repo, "reconstructed": True, "readme": (DECOY if decoy else RECON) + readme}
    if files:
        item["files"] = files
    if folder_readmes:
        item["folder_readmes"] = folder_readmes
    if previous_names:
        item["previous_names"] = previous_names
    if note:
        item["_note"] = note
    return item


def _bibtex(key: str, title: str, authors: str, journal: str, year: int, extra: str = "") -> str:
    return (f"```bibtex\n@article{{{key},\n  title={{{title}}},\n  author={{{authors}}},\n"
            f"  journal={{{journal}}},\n  year={{{year}}}{extra}\n}}\n```\n")


# ---------------------------------------------------------------- authors (best effort; first and last kept)

ESM2 = ["Zeming Lin", "Halil Akin", "Roshan Rao", "Brian Hie", "Zhongkai Zhu", "Wenting Lu", "Nikita Smetanin",
        "Robert Verkuil", "Ori Kabeli", "Yaniv Shmueli", "Allan|dos Santos Costa", "Maryam Fazel-Zarandi",
        "Tom Sercu", "Salvatore Candido", "Alexander Rives"]
ESM1B = ["Alexander Rives", "Joshua Meier", "Tom Sercu", "Siddharth Goyal", "Zeming Lin", "Jason Liu", "Demi Guo",
         "Myle Ott", "C. Lawrence Zitnick", "Jerry Ma", "Rob Fergus"]
ESM1V = ["Joshua Meier", "Roshan Rao", "Robert Verkuil", "Jason Liu", "Tom Sercu", "Alexander Rives"]
ESM3 = ["Thomas Hayes", "Roshan Rao", "Halil Akin", "Nicholas J. Sofroniew", "Deniz Oktay", "Zeming Lin",
        "Robert Verkuil", "Vincent Q. Tran", "Jonathan Deaton", "Marius Wiggert", "Rohil Badkundri",
        "Irhum Shafkat", "Jun Gong", "Alexander Derry", "Raul S. Molina", "Neil Thomas", "Yousuf A. Khan",
        "Chetan Mishra", "Carolyn Kim", "Liam J. Bartie", "Matthew Nemeth", "Patrick D. Hsu", "Tom Sercu",
        "Salvatore Candido", "Alexander Rives"]
PROTTRANS = ["Ahmed Elnaggar", "Michael Heinzinger", "Christian Dallago", "Ghalia Rehawi", "Yu Wang", "Llion Jones",
             "Tom Gibbs", "Tamas Feher", "Christoph Angerer", "Martin Steinegger", "Debsindhu Bhowmik",
             "Burkhard Rost"]
ANKH = ["Ahmed Elnaggar", "Hazem Essam", "Wafaa Salah-Eldin", "Walid Moustafa", "Mohamed Elkerdawy",
        "Charlotte Rochereau", "Burkhard Rost"]
PROSTT5 = ["Michael Heinzinger", "Konstantin Weissenow", "Joaquin Gomez Sanchez", "Adrian Henkel", "Milot Mirdita",
           "Martin Steinegger", "Burkhard Rost"]
PROGEN = ["Ali Madani", "Ben Krause", "Eric R. Greene", "Subu Subramanian", "Benjamin P. Mohr", "James M. Holton",
          "Jose Luis|Olmos Jr.", "Caiming Xiong", "Zachary Z. Sun", "Richard Socher", "James S. Fraser",
          "Nikhil Naik"]
PROGEN_2020 = ["Ali Madani", "Bryan McCann", "Nikhil Naik", "Nitish Shirish Keskar", "Namrata Anand",
               "Raphael R. Eguchi", "Po-Ssu Huang", "Richard Socher"]
PROGEN2 = ["Erik Nijkamp", "Jeffrey A. Ruffolo", "Eli N. Weinstein", "Nikhil Naik", "Ali Madani"]
SAPROT = ["Jin Su", "Chenchen Han", "Yuyang Zhou", "Junjie Shan", "Xibin Zhou", "Fajie Yuan"]
PROTGPT2 = ["Noelia Ferruz", "Steffen Schmidt", "Birte Höcker"]
PROTEINBERT = ["Nadav Brandes", "Dan Ofer", "Yam Peleg", "Nadav Rappoport", "Michal Linial"]
TRANCEPTION = ["Pascal Notin", "Mafalda Dias", "Jonathan Frazer", "Javier Marchena-Hurtado", "Aidan Gomez",
               "Debora S. Marks", "Yarin Gal"]
POET = ["Timothy F.|Truong Jr", "Tristan Bepler"]
MPNN = ["Justas Dauparas", "Ivan Anishchenko", "Nathaniel Bennett", "Hua Bai", "Robert J. Ragotte",
        "Lukas F. Milles", "Basile I. M. Wicky", "Alexis Courbet", "Rob J.|de Haas", "Neville Bethel",
        "Philip J. Y. Leung", "Timothy F. Huddy", "Sam Pellock", "Doug Tischer", "Frederick Chan", "Brian Koepnick",
        "Hannah Nguyen", "Alex Kang", "Banumathi Sankaran", "Asim K. Bera", "Neil P. King", "David Baker"]
LIGANDMPNN = ["Justas Dauparas", "Gyu Rie Lee", "Robert Pecoraro", "Linna An", "Ivan Anishchenko",
              "Cameron Glasscock", "David Baker"]
CARP = ["Kevin K. Yang", "Nicolo Fusi", "Alex X. Lu"]
SCBERT = ["Fan Yang", "Wenchuan Wang", "Fang Wang", "Yuan Fang", "Duyu Tang", "Junzhou Huang", "Hui Lu",
          "Jianhua Yao"]
GENEFORMER = ["Christina V. Theodoris", "Ling Xiao", "Anant Chopra", "Mark D. Chaffin", "Zeina R.|Al Sayed",
              "Matthew C. Hill", "Helene Mantineo", "Elizabeth M. Brydon", "Zexian Zeng", "X. Shirley Liu",
              "Patrick T. Ellinor"]
SCFOUNDATION = ["Minsheng Hao", "Jing Gong", "Xin Zeng", "Chiming Liu", "Yucheng Guo", "Xingyi Cheng",
                "Taifeng Wang", "Jianzhu Ma", "Xuegong Zhang", "Le Song"]
CELLPLM = ["Hongzhi Wen", "Wenzhuo Tang", "Xinnan Dai", "Jiayuan Ding", "Wei Jin", "Yuying Xie", "Jiliang Tang"]
NICHE = ["Anna C. Schaar", "Alejandro Tejada-Lapuerta", "Giovanni Palla", "Robert Gutgesell", "Lennard Halle",
         "Mariia Minaeva", "Larsen Vornholz", "Leander Dony", "Francesca Drummer", "Mojtaba Bahrami",
         "Fabian J. Theis"]
UCE = ["Yanay Rosen", "Yusuf Roohani", "Ayush Agarwal", "Leon Samotorčan", "Stephen R. Quake", "Jure Leskovec"]
SCPRINT = ["Jérémie Kalfon", "Jules Samaran", "Gabriel Peyré", "Laura Cantini"]
TANGRAM = ["Tommaso Biancalani", "Gabriele Scalia", "Lorenzo Buffoni", "Raghav Avasthi", "Ziqing Lu", "Aman Sanger",
           "Neriman Tokcan", "Charles R. Vanderburg", "Åsa Segerstolpe", "Meng Zhang", "Inbal Avraham-Davidi",
           "Sanja Vickovic", "Mor Nitzan", "Sai Ma", "Ayshwarya Subramanian", "Michal Lipinski", "Jason Buenrostro",
           "Nik Bear Brown", "Duccio Fanelli", "Xiaowei Zhuang", "Evan Z. Macosko", "Aviv Regev"]
SCVI = ["Romain Lopez", "Jeffrey Regier", "Michael B. Cole", "Michael I. Jordan", "Nir Yosef"]
SCVI_TOOLS = ["Adam Gayoso", "Romain Lopez", "Galen Xing", "Pierre Boyeau", "Valeh|Valiollah Pour Amiri",
              "Justin Hong", "Katherine Wu", "Michael Jayasuriya", "Edouard Mehlman", "Maxime Langevin", "Yining Liu",
              "Jules Samaran", "Gabriel Misrachi", "Achille Nazaret", "Oscar Clivio", "Chenling Xu", "Tal Ashuach",
              "Mariano Gabitto", "Mohammad Lotfollahi", "Valentine Svensson", "Eduardo|da Veiga Beltrame",
              "Vitalii Kleshchevnikov", "Carlos Talavera-López", "Lior Pachter", "Fabian J. Theis",
              "Aaron Streets", "Michael I. Jordan", "Jeffrey Regier", "Nir Yosef"]
GRAPHST = ["Yahui Long", "Kok Siong Ang", "Mengwei Li", "Kian Long Kelvin Chong", "Raman Sethi", "Chengwei Zhong",
           "Hang Xu", "Zhiwei Ong", "Karishma Sachaphibulkij", "Ao Chen", "Li Zeng", "Huazhu Fu", "Min Wu",
           "Lina Hsiu Kim Lim", "Longqi Liu", "Jinmiao Chen"]

SPAGCN = ["Jian Hu", "Xiangjie Li", "Kyle Coleman", "Amelia Schroeder", "Nan Ma", "David J. Irwin", "Edward B. Lee",
          "Russell T. Shinohara", "Mingyao Li"]
STAGATE = ["Kangning Dong", "Shihua Zhang"]
C2S = ["Daniel Levine", "Syed Asad Rizvi", "Sacha Lévy", "Nazreen Pallikkavaliyaveetil", "David Zhang", "Xingyu Chen",
       "Sina Ghadermarzi", "Ruiming Wu", "Zihe Zheng", "Ivan Vrkic", "Anna Zhong", "Daphne Raskin", "Insu Han",
       "Antonio Henrique|de Oliveira Fonseca", "Josue Ortega Caro", "Amin Karbasi", "Rahul M. Dhodapkar",
       "David|van Dijk"]
C2S_SCALE = ["Syed Asad Rizvi", "Daniel Levine", "Aakash Patel", "Shiyang Zhang", "Eric Wang", "Sizhuang He",
             "David Zhang", "Cerise Tang", "Rahul M. Dhodapkar", "David|van Dijk"]
GENEPT = ["Yiqun Chen", "James Zou"]
GENEGPT = ["Qiao Jin", "Yifan Yang", "Qingyu Chen", "Zhiyong Lu"]
IGLM = ["Richard W. Shuai", "Jeffrey A. Ruffolo", "Jeffrey J. Gray"]

CSHL = "Cold Spring Harbor Laboratory"
AAAS = "American Association for the Advancement of Science (AAAS)"
SPRINGER = "Springer Science and Business Media LLC"
DECOY_PRESS = "Decoy Press"

# ---------------------------------------------------------------- Crossref

CROSSREF = [
    # ESM-2: retitled preprint, the relation only on the article's side; model only in the abstract
    crossref("10.1126/science.ade2574",
             "Evolutionary-scale prediction of atomic-level protein structure with a language model", ESM2,
             (2023, 3, 17), "Science", AAAS, relation=_relation("has-preprint", "10.1101/2022.07.20.500902"),
             abstract="Recent advances in machine learning have leveraged evolutionary information in multiple "
                      "sequence alignments to predict protein structure. We demonstrate direct inference of full "
                      "atomic-level protein structure from primary sequence using a large language model. We "
                      "train ESM-2, a language model with up to 15 billion parameters, and present ESMFold."),
    crossref("10.1101/2022.07.20.500902",
             "Language models of protein sequences at the scale of evolution enable accurate structure prediction",
             ESM2, (2022, 7, 21), None, CSHL, preprint=True),
    crossref("10.5555/decoy.esm2-earth-system",
             "ESM-2: the second generation Earth System Model of a national climate centre",
             ["Decoy Lindqvist", "Decoy Okafor", "Decoy Lin"], (2022, 9), "Geoscientific Model Development",
             DECOY_PRESS, note="decoy, reconstructed: a namesake model in another field, the preprint's year, and "
                               "a co-author named Lin"),
    # ESM-1b: preprint a year and more before the article, the relation only on the preprint's side
    crossref("10.1073/pnas.2016239118",
             "Biological structure and function emerge from scaling unsupervised learning to 250 million protein "
             "sequences", ESM1B, (2021, 4, 5), "Proceedings of the National Academy of Sciences",
             "Proceedings of the National Academy of Sciences"),
    crossref("10.1101/622803",
             "Biological structure and function emerge from scaling unsupervised learning to 250 million protein "
             "sequences", ESM1B, (2019, 4, 29), None, CSHL, preprint=True,
             relation=_relation("is-preprint-of", "10.1073/pnas.2016239118")),
    # ESM-1v: a NeurIPS paper whose only DOI is the preprint's; model not in the title
    crossref("10.1101/2021.07.09.450648",
             "Language models enable zero-shot prediction of the effects of mutations on protein function", ESM1V,
             (2021, 7, 10), None, CSHL, preprint=True),
    # ESM3: article the year after the preprint, relations on both sides; model not in the title
    crossref("10.1126/science.ads0018", "Simulating 500 million years of evolution with a language model", ESM3,
             (2025, 2, 21), "Science", AAAS, online=(2025, 1, 16),
             relation=_relation("has-preprint", "10.1101/2024.07.01.600583")),
    crossref("10.1101/2024.07.01.600583", "Simulating 500 million years of evolution with a language model", ESM3,
             (2024, 7, 2), None, CSHL, preprint=True,
             relation=_relation("is-preprint-of", "10.1126/science.ads0018")),
    # ProtTrans: online 2021, in print 2022; retitled preprint with the relation on its side only
    crossref("10.1109/tpami.2021.3095381",
             "ProtTrans: Toward Understanding the Language of Life Through Self-Supervised Learning", PROTTRANS,
             (2022, 10, 1), "IEEE Transactions on Pattern Analysis and Machine Intelligence",
             "Institute of Electrical and Electronics Engineers (IEEE)", online=(2021, 7, 7)),
    crossref("10.1101/2020.07.12.199554",
             "ProtTrans: Towards Cracking the Language of Life's Code Through Self-Supervised Deep Learning and "
             "High Performance Computing", PROTTRANS, (2020, 7, 12), None, CSHL, preprint=True,
             relation=_relation("is-preprint-of", "10.1109/tpami.2021.3095381")),
    crossref("10.5555/decoy.ankh-amulets", "Ankh: amulets of life in New Kingdom burials",
             ["Decoy Hassan", "Decoy Mahmoud"], (2023, 2), "Journal of Egyptian Archaeology Notes", DECOY_PRESS,
             note="decoy, reconstructed: a namesake in another field, same year"),
    # ProstT5: retitled in review; the model is in the preprint's title only; relation on the preprint's side
    crossref("10.5555/recon.prostt5-vor", "Bilingual language model for protein sequence and structure", PROSTT5,
             (2024, 12, 1), "NAR Genomics and Bioinformatics", "Oxford University Press (OUP)",
             note="reconstructed: the real article's DOI is replaced by a test DOI"),
    crossref("10.5555/recon.prostt5-biorxiv", "ProstT5: Bilingual Language Model for Protein Sequence and Structure",
             PROSTT5, (2023, 7, 25), None, CSHL, preprint=True,
             relation=_relation("is-preprint-of", "10.5555/recon.prostt5-vor"),
             note="reconstructed: the real preprint's DOI is replaced by a test DOI"),
    # ProGen: model not in the title; a correction; an untied retitled preprint; an earlier arXiv namesake
    crossref("10.1038/s41587-022-01618-2",
             "Large language models generate functional protein sequences across diverse families", PROGEN,
             (2023, 8), "Nature Biotechnology", SPRINGER, online=(2023, 1, 26),
             abstract="Here we demonstrate that a language model, ProGen, trained on 280 million protein sequences "
                      "from more than 19,000 families can generate functional protein sequences across families."),
    crossref("10.5555/decoy.progen-correction",
             "Author Correction: Large language models generate functional protein sequences across diverse "
             "families", PROGEN, (2023, 3, 2), "Nature Biotechnology", DECOY_PRESS,
             update_to=[{"DOI": "10.1038/s41587-022-01618-2", "type": "correction", "label": "Correction"}],
             note="decoy, reconstructed: a correction notice with the paper's title and authors"),
    crossref("10.5555/recon.progen-biorxiv",
             "Deep neural language modeling enables functional protein generation across families", PROGEN,
             (2021, 7, 18), None, CSHL, preprint=True,
             note="reconstructed: the real preprint, no relation on either side; test DOI"),
    # ProGen2: Cell Systems with the arXiv preprint as has-preprint
    crossref("10.1016/j.cels.2023.10.002", "ProGen2: Exploring the boundaries of protein language models", PROGEN2,
             (2023, 11), "Cell Systems", "Elsevier BV", online=(2023, 10, 30),
             relation=_relation("has-preprint", "10.48550/arxiv.2206.13517")),
    # SaProt: an ICLR paper whose DOI is the preprint's; a peer-review record and an author response decoy
    crossref("10.1101/2023.10.01.560349", "SaProt: Protein Language Modeling with Structure-aware Vocabulary",
             SAPROT, (2023, 10, 2), None, CSHL, preprint=True),
    crossref("10.5555/decoy.saprot-review", "SaProt: Protein Language Modeling with Structure-aware Vocabulary",
             ["Decoy Reviewer"], (2024, 1, 15), None, DECOY_PRESS, kind="peer-review",
             relation=_relation("is-review-of", "10.1101/2023.10.01.560349"),
             note="decoy, reconstructed: a peer-review record carrying the paper's exact title"),
    crossref("10.5555/decoy.saprot-author-response",
             "Author response: SaProt: Protein Language Modeling with Structure-aware Vocabulary", SAPROT,
             (2024, 1, 20), None, DECOY_PRESS, kind="peer-review",
             relation=_relation("is-review-of", "10.1101/2023.10.01.560349"),
             note="decoy, reconstructed: the authors' response, same authors and year"),
    # ProtGPT2: an umlaut in the senior author; no official GitHub repository exists
    crossref("10.1038/s41467-022-32007-7", "ProtGPT2 is a deep unsupervised language model for protein design",
             PROTGPT2, (2022, 7, 27), "Nature Communications", SPRINGER),
    # ProteinBERT: the repository is named protein_bert
    crossref("10.1093/bioinformatics/btac020",
             "ProteinBERT: a universal deep-learning model of protein sequence and function", PROTEINBERT,
             (2022, 2, 10), "Bioinformatics", "Oxford University Press (OUP)"),
    # ProteinMPNN: senior-author rows; same-lab successor LigandMPNN
    crossref("10.1126/science.add2187", "Robust deep learning–based protein sequence design using ProteinMPNN", MPNN,
             (2022, 10, 7), "Science", AAAS, online=(2022, 9, 15),
             relation=_relation("has-preprint", "10.1101/2022.06.03.494563")),
    crossref("10.1101/2022.06.03.494563", "Robust deep learning based protein sequence design using ProteinMPNN",
             MPNN, (2022, 6, 4), None, CSHL, preprint=True,
             relation=_relation("is-preprint-of", "10.1126/science.add2187")),
    crossref("10.5555/recon.ligandmpnn",
             "Atomic context-conditioned protein sequence design using LigandMPNN", LIGANDMPNN, (2023, 12, 23), None,
             CSHL, preprint=True,
             abstract="We present LigandMPNN, which extends ProteinMPNN to model non-protein atoms and molecules.",
             note="reconstructed: the same lab's successor; test DOI"),
    # PoET: a namesake in blockchains
    crossref("10.5555/decoy.poet-consensus", "PoET: proof of elapsed time consensus for permissioned blockchains",
             ["Decoy Truong", "Decoy Becker"], (2023, 5), "Distributed Ledger Letters", DECOY_PRESS,
             note="decoy, reconstructed: a namesake in another field, same year, first author sharing a family name"),
    # CARP: model only in the abstract; a namesake paper by another Yang
    crossref("10.5555/recon.carp-cels", "Convolutions are competitive with transformers for protein sequence "
             "pretraining", CARP, (2024, 3, 20), "Cell Systems", "Elsevier BV",
             abstract="We find that CNNs, which we call CARP (convolutional autoencoding representations of "
                      "proteins), are competitive with transformers on protein sequence pretraining.",
             note="reconstructed: the real article; test DOI"),
    crossref("10.5555/recon.carp-biorxiv", "Convolutions are competitive with transformers for protein sequence "
             "pretraining", CARP, (2022, 5, 20), None, CSHL, preprint=True,
             relation=_relation("is-preprint-of", "10.5555/recon.carp-cels"),
             note="reconstructed: the real preprint; test DOI"),
    crossref("10.5555/decoy.carp-fish",
             "CARP: a chromosome-level reference panel for the common carp Cyprinus carpio",
             ["Decoy Yang", "Decoy Zhao"], (2022, 8), "Aquaculture Genomics", DECOY_PRESS,
             note="decoy, reconstructed: a namesake by another Yang (a common family name), the preprint's year"),
    # DPLM: the real paper is not in this corpus; only a namesake is
    crossref("10.5555/decoy.dplm-pricing", "DPLM: a dynamic pricing language model for ride-hailing markets",
             ["Decoy Wang", "Decoy Ibáñez"], (2024, 2), "Transportation Research Notes", DECOY_PRESS,
             note="decoy, reconstructed: the only DPLM in the corpus is a namesake; the row must abstain"),
    # scBERT: both sides related; the preprint year in lists; a publisher correction; a reusability report
    crossref("10.1038/s42256-022-00534-z", "scBERT as a large-scale pretrained deep language model for cell type "
             "annotation of single-cell RNA-seq data", SCBERT, (2022, 9, 26), "Nature Machine Intelligence",
             SPRINGER, relation=_relation("has-preprint", "10.5555/recon.scbert-biorxiv")),
    crossref("10.5555/recon.scbert-biorxiv", "scBERT as a Large-scale Pretrained Deep Language Model for Cell Type "
             "Annotation of Single-cell RNA-seq Data", SCBERT, (2021, 12, 6), None, CSHL, preprint=True,
             relation=_relation("is-preprint-of", "10.1038/s42256-022-00534-z"),
             note="reconstructed: the real preprint; test DOI"),
    crossref("10.5555/decoy.scbert-correction", "Publisher Correction: scBERT as a large-scale pretrained deep "
             "language model for cell type annotation of single-cell RNA-seq data", SCBERT, (2022, 10, 12),
             "Nature Machine Intelligence", DECOY_PRESS,
             note="decoy, reconstructed: a correction notice without update-to, like the recorded JMIR one"),
    crossref("10.5555/decoy.scbert-reusability",
             "Reusability report: scBERT for cell type annotation of imbalanced single-cell datasets",
             ["Decoy Khan", "Decoy Yang"], (2023, 6), "Nature Machine Intelligence", DECOY_PRESS,
             note="decoy, reconstructed: another group re-using the model, its name after a heading"),
    # Geneformer: model only in the abstract; no official GitHub repository; a use and a same-lab successor
    crossref("10.1038/s41586-023-06139-9", "Transfer learning enables predictions in network biology", GENEFORMER,
             (2023, 6, 15), "Nature", SPRINGER, online=(2023, 5, 31),
             abstract="Here we developed a context-aware, attention-based deep learning model, Geneformer, "
                      "pretrained on a large-scale corpus of about 30 million single-cell transcriptomes."),
    crossref("10.5555/decoy.geneformer-finetune",
             "Fine-tuning Geneformer for in silico perturbation of cardiomyocyte gene networks",
             ["Decoy Theodoris", "Decoy Ellinor"], (2024, 3), "Cardiovascular Genomics Notes", DECOY_PRESS,
             note="decoy, reconstructed: a use of the model, first author sharing the family name"),
    crossref("10.5555/decoy.geneformer-successor",
             "Scaling context-aware gene network models to a hundred million transcriptomes",
             ["Han Chen", "Christina V. Theodoris"], (2024, 8), None, DECOY_PRESS, preprint=True,
             abstract="We present a larger Geneformer model pretrained on 95 million transcriptomes.",
             note="decoy, reconstructed: the same lab's successor, the row's person as senior author"),
    # scFoundation: preprint and article, near-identical titles, no relation
    crossref("10.1038/s41592-024-02305-7", "Large-scale foundation model on single-cell transcriptomics",
             SCFOUNDATION, (2024, 8), "Nature Methods", SPRINGER, online=(2024, 6, 6)),
    crossref("10.5555/recon.scfoundation-biorxiv", "Large Scale Foundation Model on Single-cell Transcriptomics",
             SCFOUNDATION, (2023, 5, 31), None, CSHL, preprint=True,
             note="reconstructed: the real preprint, no relation; test DOI"),
    # CellPLM: an ICLR paper whose DOI is the preprint's
    crossref("10.1101/2023.10.03.560734", "CellPLM: Pre-training of Cell Language Model Beyond Single Cells",
             CELLPLM, (2023, 10, 5), None, CSHL, preprint=True),
    # Nicheformer: article with the relation on its side only
    crossref("10.5555/recon.nicheformer-vor", "Nicheformer: a foundation model for single-cell and spatial omics",
             NICHE, (2025, 11), "Nature Methods", SPRINGER,
             relation=_relation("has-preprint", "10.1101/2024.04.15.589472"),
             note="reconstructed: the article; test DOI"),
    crossref("10.1101/2024.04.15.589472", "Nicheformer: a foundation model for single-cell and spatial omics",
             NICHE, (2024, 4, 19), None, CSHL, preprint=True),
    # UCE: a preprint only; a namesake in remote sensing
    crossref("10.1101/2023.11.28.568918", "Universal Cell Embeddings: A Foundation Model for Cell Biology", UCE,
             (2023, 11, 29), None, CSHL, preprint=True),
    crossref("10.5555/decoy.uce-remote-sensing",
             "UCE: unsupervised clustering ensembles for hyperspectral remote sensing images",
             ["Decoy Rosen", "Decoy Agarwal"], (2023, 4), "Remote Sensing Notes", DECOY_PRESS,
             note="decoy, reconstructed: a namesake acronym, first author sharing the family name"),
    # scPRINT: both sides related; preprint year in lists
    crossref("10.5555/recon.scprint-vor",
             "scPRINT: pre-training on 50 million cells allows robust gene network predictions", SCPRINT,
             (2025, 4), "Nature Communications", SPRINGER,
             relation=_relation("has-preprint", "10.5555/recon.scprint-biorxiv"),
             note="reconstructed: the article; test DOI"),
    crossref("10.5555/recon.scprint-biorxiv",
             "scPRINT: pre-training on 50 million cells allows robust gene network predictions", SCPRINT,
             (2024, 7, 29), None, CSHL, preprint=True,
             relation=_relation("is-preprint-of", "10.5555/recon.scprint-vor"),
             note="reconstructed: the preprint; test DOI"),
    # Tangram: retitled preprint with the relation on its side; a model at the end of the title
    crossref("10.1038/s41592-021-01264-7",
             "Deep learning and alignment of spatially resolved single-cell transcriptomes with Tangram", TANGRAM,
             (2021, 11), "Nature Methods", SPRINGER, online=(2021, 10, 28)),
    crossref("10.5555/recon.tangram-biorxiv",
             "Deep learning and alignment of spatially-resolved whole transcriptomes of single cells in the mouse "
             "brain with Tangram", TANGRAM, (2020, 8, 31), None, CSHL, preprint=True,
             relation=_relation("is-preprint-of", "10.1038/s41592-021-01264-7"),
             note="reconstructed: the real preprint; test DOI"),
    # scVI and scvi-tools: the same lab, one repository (renamed) citing both
    crossref("10.1038/s41592-018-0229-2", "Deep generative modeling for single-cell transcriptomics", SCVI,
             (2018, 12), "Nature Methods", SPRINGER, online=(2018, 11, 30),
             abstract="Here we present single-cell variational inference (scVI), a ready-to-use scalable framework "
                      "for the probabilistic representation and analysis of gene expression in single cells."),
    crossref("10.1038/s41587-021-01206-w", "A Python library for probabilistic analysis of single-cell omics data",
             SCVI_TOOLS, (2022, 2), "Nature Biotechnology", SPRINGER, online=(2022, 2, 7),
             abstract="We present scvi-tools, a Python library that implements probabilistic models for single-cell "
                      "omics, including scVI."),
    # GraphST: senior-author rows; the model at the end of the title
    crossref("10.1038/s41467-023-36796-3", "Spatially informed clustering, integration, and deconvolution of "
             "spatial transcriptomics with GraphST", GRAPHST, (2023, 3, 1), "Nature Communications", SPRINGER),
    # SpaGCN: preprint and article with the same title, no relation; a person links a fork as the code
    crossref("10.1038/s41592-021-01255-8", "SpaGCN: Integrating gene expression, spatial location and histology "
             "to identify spatial domains and spatially variable genes by graph convolutional network", SPAGCN,
             (2021, 11), "Nature Methods", SPRINGER, online=(2021, 10, 28)),
    crossref("10.5555/recon.spagcn-biorxiv", "SpaGCN: Integrating gene expression, spatial location and histology "
             "to identify spatial domains and spatially variable genes by graph convolutional network", SPAGCN,
             (2020, 11, 30), None, CSHL, preprint=True, note="reconstructed: the real preprint; test DOI"),
    # STAGATE: model only in the abstract (an acronym of words in the title, not the title's acronym)
    crossref("10.1038/s41467-022-29439-6", "Deciphering spatial domains from spatially resolved transcriptomics "
             "with an adaptive graph attention auto-encoder", STAGATE, (2022, 4, 1), "Nature Communications",
             SPRINGER, abstract="Here we present STAGATE, which learns low-dimensional latent embeddings with both "
                                "spatial information and gene expressions via a graph attention auto-encoder."),
    # Cell2Sentence: an ICML paper whose DOI is the preprint's; senior author with a particle; same-lab successor
    crossref("10.5555/recon.c2s-biorxiv", "Cell2Sentence: Teaching Large Language Models the Language of Biology",
             C2S, (2023, 9, 14), None, CSHL, preprint=True, note="reconstructed: the real preprint; test DOI"),
    crossref("10.5555/recon.c2s-scale", "Scaling Large Language Models for Next-Generation Single-Cell Analysis",
             C2S_SCALE, (2025, 4, 17), None, CSHL, preprint=True,
             abstract="We introduce C2S-Scale, a family of models building on the Cell2Sentence framework.",
             note="reconstructed: the same lab's successor; test DOI"),
    # GenePT: a near-namesake (GeneGPT) with the row's family name among its first three authors
    crossref("10.5555/recon.genept-biorxiv", "GenePT: A Simple But Effective Foundation Model for Genes and Cells "
             "Built From ChatGPT", GENEPT, (2023, 10, 19), None, CSHL, preprint=True,
             note="reconstructed: the real preprint; test DOI"),
    crossref("10.5555/recon.genegpt", "GeneGPT: augmenting large language models with domain tools for improved "
             "access to biomedical information", GENEGPT, (2024, 2), "Bioinformatics",
             "Oxford University Press (OUP)", note="reconstructed: a real paper with a near-identical model name; "
                                                   "test DOI"),
    # IgLM: the preprint two years before the article, same title, no relation; model only in the abstract
    crossref("10.5555/recon.iglm-cels", "Generative language modeling for antibody design", IGLM, (2023, 12),
             "Cell Systems", "Elsevier BV", online=(2023, 11, 15),
             abstract="Here we present the Immunoglobulin Language Model (IgLM), a deep generative language model "
                      "for creating synthetic antibody libraries.", note="reconstructed: the article; test DOI"),
    crossref("10.5555/recon.iglm-biorxiv", "Generative Language Modeling for Antibody Design", IGLM,
             (2021, 12, 14), None, CSHL, preprint=True, note="reconstructed: the preprint; test DOI"),
]

DATACITE = [
    arxiv("2301.06568", "Ankh: Optimized Protein Language Model Unlocks General-Purpose Modelling", ANKH, 2023, 1),
    arxiv("2007.06225", "ProtTrans: Towards Cracking the Language of Life's Code Through Self-Supervised Deep "
          "Learning and High Performance Computing", PROTTRANS, 2020, 7),
    arxiv("2206.13517", "ProGen2: Exploring the Boundaries of Protein Language Models", PROGEN2, 2022, 6),
    arxiv("2004.03497", "ProGen: Language Modeling for Protein Generation", PROGEN_2020, 2020, 3,
          note="reconstructed: an earlier, different paper by the same first author with the model heading it"),
    arxiv("2205.13760", "Tranception: protein fitness prediction with autoregressive transformers and "
          "inference-time retrieval", TRANCEPTION, 2022, 5),
    arxiv("2306.06156", "PoET: A generative model of protein families as sequences-of-sequences", POET, 2023, 6),
    datacite("10.5555/zenodo.1000001", "CellPLM: Pre-training of Cell Language Model Beyond Single Cells",
             CELLPLM, 2024, 2, client="cern.zenodo", publisher="Zenodo", general="Software",
             note="decoy, reconstructed: a Zenodo software record with the paper's exact title (real Zenodo DOIs "
                  "are 10.5281/; a test DOI here)"),
    datacite("10.5555/zenodo.1000002", "broadinstitute/Tangram: Tangram v1.0.4", TANGRAM[:3], 2023, 3,
             client="cern.zenodo", publisher="Zenodo", general="Software",
             note="decoy, reconstructed: a Zenodo release record of the repository"),
]

# ---------------------------------------------------------------- GitHub

AWESOME_PLM = ("# Awesome protein language models\n\n"
               "- ESM-2 https://doi.org/10.1126/science.ade2574\n- ESM-1b https://doi.org/10.1073/pnas.2016239118\n"
               "- ProtTrans https://doi.org/10.1109/TPAMI.2021.3095381\n- Ankh https://arxiv.org/abs/2301.06568\n"
               "- ProGen2 https://arxiv.org/abs/2206.13517\n- SaProt https://doi.org/10.1101/2023.10.01.560349\n"
               "- PoET https://arxiv.org/abs/2306.06156\n- ProteinMPNN https://doi.org/10.1126/science.add2187\n")
AWESOME_SC = ("# Awesome single-cell foundation models\n\n"
              "- scBERT https://doi.org/10.1038/s42256-022-00534-z\n"
              "- Geneformer https://doi.org/10.1038/s41586-023-06139-9\n"
              "- scFoundation https://doi.org/10.1038/s41592-024-02305-7\n"
              "- CellPLM https://doi.org/10.1101/2023.10.03.560734\n- UCE https://doi.org/10.1101/2023.11.28.568918\n"
              "- Tangram https://doi.org/10.1038/s41592-021-01264-7\n")

GITHUB = [
    github("facebookresearch/esm", "Evolutionary Scale Modeling (esm): Pretrained language models for proteins",
           "# Evolutionary Scale Modeling\n\nThis repository contains code and pre-trained weights for Transformer "
           "protein language models from the Meta Fundamental AI Research Protein Team (FAIR), including our "
           "state-of-the-art ESM-2 and ESMFold, as well as MSA Transformer, ESM-1v and ESM-IF1.\n\n"
           "## Citations\n\nFor ESM-2 or ESMFold:\n\n"
           + _bibtex("lin2023evolutionary", "Evolutionary-scale prediction of atomic-level protein structure with a "
                     "language model", "Lin, Zeming and Akin, Halil and Rao, Roshan and others", "Science", 2023,
                     ",\n  doi={10.1126/science.ade2574}")
           + "\nFor ESM-1b:\n\n"
           + _bibtex("rives2019biological", "Biological structure and function emerge from scaling unsupervised "
                     "learning to 250 million protein sequences", "Rives, Alexander and Meier, Joshua and others",
                     "PNAS", 2021, ",\n  doi={10.1073/pnas.2016239118}")
           + "\nFor ESM-1v:\n\n"
           + _bibtex("meier2021language", "Language models enable zero-shot prediction of the effects of mutations "
                     "on protein function", "Meier, Joshua and Rao, Roshan and others", "bioRxiv", 2021,
                     ",\n  doi={10.1101/2021.07.09.450648}"), stars=3500, archived=True),
    github("decoy-forker/esm", "Evolutionary Scale Modeling (esm): Pretrained language models for proteins",
           "# Evolutionary Scale Modeling\n\nA maintained fork. ESM-2 and ESMFold.\n", stars=4200,
           fork_of="facebookresearch/esm", decoy=True,
           note="decoy, reconstructed: a fork of the archived repository with more stars"),
    github("decoy-climate/esm2", "ESM-2 Earth System Model configuration files",
           "# ESM-2\n\nNamelists and run scripts for the ESM-2 Earth System Model.\n", stars=400, decoy=True,
           note="decoy, reconstructed: a namesake in another field"),
    github("evolutionaryscale/esm", "ESM3: a frontier multimodal generative model for biology",
           "# ESM3\n\nESM3 is a frontier generative model for biology.\n\n## Citation\n\n"
           + _bibtex("hayes2024simulating", "Simulating 500 million years of evolution with a language model",
                     "Hayes, Thomas and Rao, Roshan and others", "bioRxiv", 2024,
                     ",\n  doi={10.1101/2024.07.01.600583}"), stars=2000),
    github("agemagician/ProtTrans", "ProtTrans is providing state of the art pretrained language models for "
           "proteins.",
           "# ProtTrans\n\nProtTrans provides state of the art pre-trained models for proteins (ProtBert, ProtT5).\n"
           "\n## Citation\n\n"
           + _bibtex("9477085", "ProtTrans: Toward Understanding the Language of Life Through Self-Supervised "
                     "Learning", "Elnaggar, Ahmed and Heinzinger, Michael and others",
                     "IEEE Transactions on Pattern Analysis and Machine Intelligence", 2021,
                     ",\n  doi={10.1109/TPAMI.2021.3095381}"), stars=1100),
    github("decoy-forker/ProtTrans", "ProtTrans is providing state of the art pretrained language models for "
           "proteins.", "# ProtTrans\n\nFork.\n", stars=1500, fork_of="agemagician/ProtTrans", decoy=True,
           note="decoy, reconstructed: a fork with more stars than its parent"),
    github("agemagician/Ankh", "Ankh: Optimized Protein Language Model",
           "# Ankh\n\nAnkh is the first general-purpose protein language model trained on Google's TPU-V4.\n\n"
           "## Citation\n\n"
           + _bibtex("elnaggar2023ankh", "Ankh: Optimized Protein Language Model Unlocks General-Purpose Modelling",
                     "Elnaggar, Ahmed and Essam, Hazem and others", "arXiv preprint arXiv:2301.06568", 2023),
           stars=200),
    github("mheinzinger/ProstT5", "Bilingual Language Model for Protein Sequence and Structure",
           "# ProstT5\n\nProstT5 translates between protein sequence and structure (3Di).\n\n## Citation\n\n"
           + _bibtex("heinzinger2023prostt5", "ProstT5: Bilingual Language Model for Protein Sequence and "
                     "Structure", "Heinzinger, Michael and Weissenow, Konstantin and others", "bioRxiv", 2023,
                     ",\n  doi={10.5555/recon.prostt5-biorxiv}"), stars=150),
    github("salesforce/progen", "Official release of the ProGen models",
           "# ProGen\n\nOfficial release of the ProGen models. The ProGen2 code and checkpoints are in "
           "[progen2](progen2).\n\n## Citation\n\n"
           + _bibtex("madani2023large", "Large language models generate functional protein sequences across "
                     "diverse families", "Madani, Ali and Krause, Ben and others", "Nature Biotechnology", 2023,
                     ",\n  doi={10.1038/s41587-022-01618-2}")
           + _bibtex("nijkamp2022progen2", "ProGen2: Exploring the Boundaries of Protein Language Models",
                     "Nijkamp, Erik and Ruffolo, Jeffrey and others", "arXiv preprint arXiv:2206.13517", 2022),
           stars=600, folder_readmes={"progen2": "# ProGen2\n\nCode for ProGen2: Exploring the Boundaries of "
                                                 "Protein Language Models (arXiv:2206.13517).\n"}),
    github("decoy-reimpl/progen", "Implementation of ProGen in JAX (unofficial)",
           "# ProGen - (wip)\n\nUnofficial implementation and replication of ProGen, from the paper \"ProGen: "
           "Language Modeling for Protein Generation\" (https://arxiv.org/abs/2004.03497).\n", stars=2000,
           decoy=True, note="decoy, reconstructed: an unofficial re-implementation with more stars"),
    github("westlake-repl/SaProt", "Protein Language Model with Structural Alphabet",
           "# SaProt\n\nThe repository of SaProt: Protein Language Modeling with Structure-aware Vocabulary.\n\n"
           "## Citation\n\n"
           + _bibtex("su2023saprot", "SaProt: Protein Language Modeling with Structure-aware Vocabulary",
                     "Su, Jin and Han, Chenchen and others", "bioRxiv", 2023,
                     ",\n  doi={10.1101/2023.10.01.560349}"), stars=350),
    github("decoy-finetune/ProtGPT2", "Fine-tuning ProtGPT2 on your own protein families",
           "# ProtGPT2\n\nScripts to fine-tune ProtGPT2 (Ferruz et al. 2022, "
           "https://doi.org/10.1038/s41467-022-32007-7) on custom datasets. Not affiliated with the authors; the "
           "model itself is on the Hugging Face Hub.\n", stars=250, decoy=True,
           note="decoy, reconstructed: a third party's repository named after the model and citing it; the model "
                "has no official GitHub repository"),
    github("nadavbra/protein_bert", None,
           "# ProteinBERT\n\nProteinBERT is a protein language model pretrained on ~106M proteins from UniRef90.\n\n"
           "## Citation\n\nBrandes, N., Ofer, D., Peleg, Y., Rappoport, N. & Linial, M. ProteinBERT: A universal "
           "deep-learning model of protein sequence and function. Bioinformatics (2022). "
           "https://doi.org/10.1093/bioinformatics/btac020\n", stars=550),
    github("decoy-port/ProteinBERT", "ProteinBERT in PyTorch",
           "# ProteinBERT-pytorch\n\nA PyTorch re-implementation of ProteinBERT "
           "(https://doi.org/10.1093/bioinformatics/btac020). Unofficial.\n", stars=700, decoy=True,
           note="decoy, reconstructed: an unofficial port with more stars"),
    github("OATML-Markslab/Tranception", "Official repository for the paper Tranception",
           "# Tranception\n\nThis is the official code repository for the paper \"Tranception: Protein fitness "
           "prediction with autoregressive transformers and inference-time retrieval\" "
           "(https://arxiv.org/abs/2205.13760).\n", stars=150),
    github("OATML-Markslab/ProteinGym", "Deep mutational scanning benchmark (ProteinGym)",
           "# ProteinGym\n\nBenchmarks for protein fitness prediction; baselines include Tranception and ESM-1v.\n"
           "\n## Citation\n\n"
           + _bibtex("notin2023proteingym", "ProteinGym: Large-Scale Benchmarks for Protein Fitness Prediction "
                     "and Design", "Notin, Pascal and others", "NeurIPS", 2023), stars=300),
    github("OpenProteinAI/PoET", "PoET: A generative model of protein families as sequences-of-sequences",
           "# PoET\n\nCode for [PoET](https://arxiv.org/abs/2306.06156).\n", stars=120),
    github("decoy-poetry/poet", "PoET: poetry generation with transformers",
           "# PoET\n\nGenerate sonnets with a fine-tuned GPT.\n", stars=800, decoy=True,
           note="decoy, reconstructed: a namesake with more stars"),
    github("dauparas/ProteinMPNN", "Code for the ProteinMPNN paper",
           "# ProteinMPNN\n\nRead [ProteinMPNN paper](https://www.biorxiv.org/content/10.1101/2022.06.03.494563v1)."
           "\n", stars=1000),
    github("dauparas/LigandMPNN", "Code for LigandMPNN",
           "# LigandMPNN\n\nAtomic context-conditioned protein sequence design using LigandMPNN "
           "(https://doi.org/10.5555/recon.ligandmpnn). Builds on ProteinMPNN.\n", stars=300),
    github("microsoft/protein-sequence-models", "Pytorch modules and utilities for modeling biological sequence "
           "data, including the CARP and ByteNet models",
           "# Pytorch modules and utilities for modeling biological sequence data\n\n## CARP\n\nPretrained "
           "convolutional protein sequence models.\n\nYang, K. K., Fusi, N., Lu, A. X. Convolutions are "
           "competitive with transformers for protein sequence pretraining. bioRxiv (2022). "
           "https://doi.org/10.5555/recon.carp-biorxiv\n", stars=400),
    github("decoy-fish/carp", "CARP: common carp genome browser",
           "# CARP\n\nGenome browser for Cyprinus carpio.\n", stars=60, decoy=True,
           note="decoy, reconstructed: a namesake"),
    github("decoy-ml/DPLM", "DPLM: dynamic pricing language model",
           "# DPLM\n\nDynamic pricing for ride-hailing (https://doi.org/10.5555/decoy.dplm-pricing).\n", stars=90,
           decoy=True, note="decoy, reconstructed: the namesake's code; the protein DPLM is not in this corpus"),
    github("TencentAILabHealthcare/scBERT", "scBERT: a large-scale pretrained deep language model for cell type "
           "annotation of single-cell RNA-seq data",
           "# scBERT\n\nThis is the official codebase for **scBERT as a large-scale pretrained deep language model "
           "for cell type annotation of single-cell RNA-seq data**.\n\n## Citation\n\nYang, F., Wang, W., Wang, "
           "F. et al. scBERT as a large-scale pretrained deep language model for cell type annotation of "
           "single-cell RNA-seq data. Nat Mach Intell (2022). https://doi.org/10.1038/s42256-022-00534-z\n",
           stars=350),
    github("decoy-mirror/Geneformer", "Mirror of Geneformer from the Hugging Face Hub",
           "# Geneformer\n\nAn unofficial mirror of the Geneformer model repository. Geneformer is described in "
           "Theodoris et al., Transfer learning enables predictions in network biology, Nature 2023 "
           "(https://doi.org/10.1038/s41586-023-06139-9).\n", stars=150, decoy=True,
           note="decoy, reconstructed: a mirror; the official code is on the Hugging Face Hub, not GitHub"),
    github("biomap-research/scFoundation", None,
           "# scFoundation: Large Scale Foundation Model on Single-cell Transcriptomics\n\n## Citation\n\n"
           + _bibtex("hao2023large", "Large Scale Foundation Model on Single-cell Transcriptomics",
                     "Hao, Minsheng and Gong, Jing and others", "bioRxiv", 2023,
                     ",\n  doi={10.5555/recon.scfoundation-biorxiv}"), stars=300),
    github("OmicsML/CellPLM", "Official repo for CellPLM: Pre-training of Cell Language Model Beyond Single Cells",
           "# CellPLM\n\n[![DOI](https://zenodo.org/badge/DOI/10.5555/zenodo.1000001.svg)]"
           "(https://doi.org/10.5555/zenodo.1000001)\n\nThis is the official codebase for CellPLM.\n\n"
           "## Citation\n\n"
           + _bibtex("wen2023cellplm", "CellPLM: Pre-training of Cell Language Model Beyond Single Cells",
                     "Wen, Hongzhi and Tang, Wenzhuo and others", "bioRxiv", 2023,
                     ",\n  doi={10.1101/2023.10.03.560734}"), stars=120),
    github("theislab/nicheformer", "Nicheformer",
           "# Nicheformer\n\nPackage for the Nicheformer model.\n", stars=120,
           files={"CITATION.cff": "cff-version: 1.2.0\nmessage: If you use this software, please cite it.\n"
                  "title: nicheformer\npreferred-citation:\n  type: article\n  title: 'Nicheformer: a "
                  "foundation model for single-cell and spatial omics'\n  doi: 10.1101/2024.04.15.589472\n"
                  "  authors:\n    - family-names: Schaar\n      given-names: Anna C.\n  year: 2024\n"}),
    github("snap-stanford/UCE", "UCE is a zero-shot foundation model for single-cell gene expression data",
           "# Universal Cell Embeddings\n\nThis repo includes a PyTorch implementation of Universal Cell "
           "Embeddings (UCE).\n\n## Citing\n\n"
           + _bibtex("rosen2023universal", "Universal Cell Embeddings: A Foundation Model for Cell Biology",
                     "Rosen, Yanay and Roohani, Yusuf and others", "bioRxiv", 2023,
                     ",\n  doi={10.1101/2023.11.28.568918}"), stars=200),
    github("quakelab/UCE", "UCE: ultra-clean extraction protocols for cell-free DNA",
           "# UCE\n\nProtocols and analysis scripts for ultra-clean extraction of cell-free DNA.\n\n## Citation\n\n"
           + _bibtex("quake2022uce", "Ultra-clean extraction of cell-free DNA from low-input plasma",
                     "Decoy Meyer and Stephen R. Quake", "Decoy Methods Letters", 2022,
                     ",\n  doi={10.5555/decoy.uce-cfdna}"), stars=40, decoy=True,
           note="decoy, reconstructed: a co-author's lab repository named like the model, for another project "
                "(owner shaped <family>lab; the real lab has no such repository)"),
    github("cantinilab/scPRINT", "scPRINT: a single-cell RNA-seq foundation model for gene network inference",
           "# scPRINT\n\n## Citation\n\n"
           + _bibtex("kalfon2024scprint", "scPRINT: pre-training on 50 million cells allows robust gene network "
                     "predictions", "Kalfon, Jérémie and Samaran, Jules and Peyré, Gabriel and Cantini, Laura",
                     "bioRxiv", 2024, ",\n  doi={10.5555/recon.scprint-biorxiv}"), stars=100),
    github("broadinstitute/Tangram", "Spatial alignment of single cell transcriptomic data.",
           "# Tangram\n\n[![DOI](https://zenodo.org/badge/DOI/10.5555/zenodo.1000002.svg)]"
           "(https://doi.org/10.5555/zenodo.1000002)\n\nTangram is a Python package for mapping single-cell "
           "data onto spatial data.\n\n## How to cite Tangram\n\nBiancalani, T., Scalia, G. et al. Deep learning "
           "and alignment of spatially resolved single-cell transcriptomes with Tangram. Nat Methods 18, "
           "1352-1362 (2021). https://doi.org/10.1038/s41592-021-01264-7\n", stars=600),
    github("decoy-web/tangram", "Tangram: a WebGL map rendering engine",
           "# Tangram\n\nTangram is a library for rendering 2D and 3D maps in the browser.\n", stars=5000,
           decoy=True, note="decoy, reconstructed: a namesake with many more stars"),
    github("scverse/scvi-tools", "Deep probabilistic analysis of single-cell and spatial omics data",
           "# scvi-tools\n\nscvi-tools (single-cell variational inference tools) is a package for probabilistic "
           "modeling and analysis of single-cell omics data.\n\n## Reference\n\nGayoso, A. et al. A Python "
           "library for probabilistic analysis of single-cell omics data. Nature Biotechnology (2022). "
           "https://doi.org/10.1038/s41587-021-01206-w\n\nThe scVI model: Lopez, R. et al. Deep generative "
           "modeling for single-cell transcriptomics. Nature Methods (2018). "
           "https://doi.org/10.1038/s41592-018-0229-2\n", stars=1200, previous_names=["YosefLab/scVI"]),
    github("JinmiaoChenLab/GraphST", "GraphST: spatially informed clustering, integration, and deconvolution",
           "# GraphST\n\n## Citation\n\nLong, Y. et al. Spatially informed clustering, integration, and "
           "deconvolution of spatial transcriptomics with GraphST. Nat Commun 14, 1155 (2023). "
           "https://doi.org/10.1038/s41467-023-36796-3\n", stars=250),
    github("jianhuupenn/SpaGCN", "SpaGCN: Integrating gene expression and histology to identify spatial domains "
           "and spatially variable genes using graph convolutional networks",
           "# SpaGCN\n\n## Citation\n\nHu, J., Li, X., Coleman, K. et al. SpaGCN: Integrating gene expression, "
           "spatial location and histology to identify spatial domains and spatially variable genes by graph "
           "convolutional network. Nat Methods 18, 1342-1351 (2021). https://doi.org/10.1038/s41592-021-01255-8\n",
           stars=200),
    github("decoy-forker/SpaGCN", "SpaGCN: Integrating gene expression and histology to identify spatial domains "
           "and spatially variable genes using graph convolutional networks",
           "# SpaGCN\n\nhttps://doi.org/10.1038/s41592-021-01255-8\n", stars=3, fork_of="jianhuupenn/SpaGCN",
           decoy=True, note="decoy, reconstructed: a fork a person linked as the code"),
    github("zhanglabtools/STAGATE", "Adaptive Graph Attention Auto-encoder for Spatial Domain Identification of "
           "Spatial Transcriptomics",
           "# STAGATE\n\n## Citation\n\nDong, K., Zhang, S. Deciphering spatial domains from spatially resolved "
           "transcriptomics with an adaptive graph attention auto-encoder. Nat Commun 13, 1739 (2022). "
           "https://doi.org/10.1038/s41467-022-29439-6\n", stars=150),
    github("QIFEIDKN/STAGATE_pyG", "STAGATE implemented with PyG",
           "# STAGATE_pyG\n\nThe PyG version of STAGATE (https://doi.org/10.1038/s41467-022-29439-6).\n", stars=60,
           note="reconstructed: the first author's port, named X_pyG, not the paper's code"),
    github("vandijklab/cell2sentence", "Cell2Sentence: Teaching Large Language Models the Language of Biology",
           "# Cell2Sentence\n\n## Citation\n\n"
           + _bibtex("levine2023cell2sentence", "Cell2Sentence: Teaching Large Language Models the Language of "
                     "Biology", "Levine, Daniel and Rizvi, Syed Asad and others", "bioRxiv", 2023,
                     ",\n  doi={10.5555/recon.c2s-biorxiv}"), stars=250),
    github("yiqunchen/GenePT", "GenePT: a simple but effective foundation model for genes and cells",
           "# GenePT\n\n## Citation\n\nChen, Y. and Zou, J. GenePT: A Simple But Effective Foundation Model for "
           "Genes and Cells Built From ChatGPT. bioRxiv (2023). https://doi.org/10.5555/recon.genept-biorxiv\n",
           stars=90),
    github("ncbi/GeneGPT", "Code for GeneGPT: tool-augmented LLMs for bioinformatics",
           "# GeneGPT\n\nhttps://doi.org/10.5555/recon.genegpt\n", stars=400,
           note="reconstructed: a near-namesake's official repository"),
    github("Graylab/IgLM", "Generative Language Modeling for Antibody Design",
           "# IgLM\n\nOfficial repository for IgLM: Generative Language Modeling for Antibody Design.\n\n"
           "## Citation\n\n"
           + _bibtex("shuai2021generative", "Generative Language Modeling for Antibody Design",
                     "Shuai, Richard W and Ruffolo, Jeffrey A and Gray, Jeffrey J", "bioRxiv", 2021,
                     ",\n  doi={10.5555/recon.iglm-biorxiv}"), stars=120),
    github("decoy-lists/awesome-protein-language-models", "A curated list of protein language models",
           AWESOME_PLM, stars=3000, decoy=True, topics=["awesome-list"],
           note="decoy, reconstructed: an awesome list citing everything"),
    github("decoy-lists/awesome-single-cell-foundation-models", "Awesome single-cell foundation models",
           AWESOME_SC, stars=1800, decoy=True, topics=["awesome", "single-cell"],
           note="decoy, reconstructed: an awesome list citing everything"),
]

# ---------------------------------------------------------------- the lists

NUMBERED = """\
# Protein language models: a reading list

A held-out numbered-list shape (reconstructed for the benchmark).

1. **ESM-2** — Evolutionary-scale prediction of atomic-level protein structure with a language model (Science, 2023)
2. **ESM-1b** — Rives et al., PNAS 2021
3. **ESM3** — Simulating 500 million years of evolution with a language model. Hayes et al. (2024)
4. **ProtTrans** — Elnaggar et al., IEEE TPAMI 2021
5. **Ankh** — Elnaggar et al. (2023)
6. **ProGen** — Madani et al., Nature Biotechnology 2023
7. **ProGen2** — Ali Madani et al. (2022)
8. **ProtGPT2** — Ferruz, Schmidt & Höcker, Nature Communications 2022
9. **ProteinMPNN** — Robust deep learning–based protein sequence design. Baker et al. (2022)
10. **PoET** — Truong & Bepler, NeurIPS 2023
11. **DPLM** — Wang et al. (2024)
12. **CARP** — Yang, Fusi & Lu (2022)
13. **IgLM** — Shuai, Ruffolo & Gray (2021)
14. **GenePT** — Chen & Zou (2023)
"""

AUTHORS_TABLE = """\
# Single-cell and spatial foundation models

A held-out table shape with Authors, Journal, Year and Link columns; one Link is the software's Zenodo DOI
(reconstructed for the benchmark).

| Method | Authors | Journal | Year | Link | GitHub |
|--------|---------|---------|------|------|--------|
| scBERT | Yang F, Wang W, Wang F, Fang Y, Tang D, Huang J, Lu H, Yao J | Nature Machine Intelligence | 2021 | | |
| Geneformer | Theodoris CV, Xiao L, Chopra A, et al. | Nature | 2023 | [link](#) | |
| scFoundation | Hao M, Gong J, Zeng X, et al. | Nature Methods | 2024 | | |
| CellPLM | Wen H, Tang W, Dai X, et al. | ICLR | 2024 | [link](https://doi.org/10.5555/zenodo.1000001) | |
| Nicheformer | Schaar AC, Tejada-Lapuerta A, Palla G, et al. | Nature Methods | 2025 | | |
| UCE | Rosen Y, Roohani Y, Agarwal A, et al. | bioRxiv | 2023 | | |
| scPRINT | Kalfon J, Samaran J, Peyré G, Cantini L | Nature Communications | 2024 | | |
| Tangram | Biancalani T, Scalia G, et al. | Nature Methods | 2021 | | |
| scVI | Lopez R, Regier J, Cole MB, Jordan MI, Yosef N | Nature Methods | 2018 | | [GitHub](https://github.com/YosefLab/scVI) |
| scvi-tools | Gayoso A, Lopez R, et al. | Nature Biotechnology | 2022 | | |
| GraphST | Chen J (corresponding) | Nature Communications | 2023 | | |
| ProteinBERT | Brandes N, Ofer D, Peleg Y, Rappoport N, Linial M | Bioinformatics | 2022 | | |
| SpaGCN | Hu J, Li X, Coleman K, et al. | Nature Methods | 2021 | | |
| STAGATE | Dong K, Zhang S | Nature Communications | 2022 | | |
| Cell2Sentence | Levine D, Rizvi SA, Lévy S, ..., van Dijk D | ICML | 2024 | | |
"""

TITLE_TABLE = """\
# Awesome biological foundation models

A held-out third-party shape (Year, Title, Venue, Paper, Code; venues abbreviated; one paper link is the correction
notice; reconstructed for the benchmark).

| Year | Title | Venue | Paper | Code |
|:----:|-------|:-----:|:-----:|:----:|
| 2022 | Language models of protein sequences at the scale of evolution enable accurate structure prediction | bioRxiv | [[paper]]() | |
| 2021 | Biological structure and function emerge from scaling unsupervised learning to 250 million protein sequences | PNAS | [[paper]]() | |
| 2021 | ProtTrans: Toward Understanding the Language of Life Through Self-Supervised Learning | TPAMI | [[paper]]() | |
| 2023 | Ankh: Optimized Protein Language Model Unlocks General-Purpose Modelling | arXiv | [[paper]]() | |
| 2023 | ProGen2: Exploring the boundaries of protein language models | Cell Syst. | [[paper]]() | |
| 2023 | Large language models generate functional protein sequences across diverse families | Nat. Biotechnol. | [[paper]](https://doi.org/10.5555/decoy.progen-correction) | |
| 2024 | SaProt: Protein Language Modeling with Structure-aware Vocabulary | ICLR'24 | [[paper]]() | |
| 2022 | ProteinBERT: a universal deep-learning model of protein sequence and function | Bioinformatics | [[paper]]() | |
| 2022 | Tranception: protein fitness prediction with autoregressive transformers and inference-time retrieval | ICML'22 | [[paper]]() | |
| 2021 | Language models enable zero-shot prediction of the effects of mutations on protein function | NeurIPS'21 | [[paper]]() | |
| 2023 | ProstT5: Bilingual Language Model for Protein Sequence and Structure | bioRxiv | [[paper]]() | |
| 2022 | scBERT as a large-scale pretrained deep language model for cell type annotation of single-cell RNA-seq data | Nat. Mach. Intell. | [[paper]]() | |
| 2023 | Transfer learning enables predictions in network biology | Nature | [[paper]]() | |
| 2023 | Universal Cell Embeddings: A Foundation Model for Cell Biology | bioRxiv | [[paper]]() | |
| 2021 | Deep learning and alignment of spatially resolved single-cell transcriptomes with Tangram | Nat. Methods | [[paper]]() | |
| 2023 | Spatially informed clustering, integration, and deconvolution of spatial transcriptomics with GraphST | Nat. Commun. | [[paper]]() | |
| 2022 | Deciphering spatial domains from spatially resolved transcriptomics with an adaptive graph attention auto-encoder | Nat. Commun. | [[paper]]() | |
| 2023 | GenePT: A Simple But Effective Foundation Model for Genes and Cells Built From ChatGPT | bioRxiv | [[paper]]() | |
| 2023 | Generative language modeling for antibody design | Cell Syst. | [[paper]]() | |
"""

BULLETS = """\
# Foundation models for proteins and cells

A held-out bullet shape with `[[paper](...)] [[code](...)]`; some rows are linked already, a paper link and a code
link wrongly;
two (SaProt, CellPLM) give a title but no author or year (reconstructed for the benchmark).

## Proteins

- **ESM-2**: Evolutionary-scale prediction of atomic-level protein structure with a language model. [[paper](https://doi.org/10.1126/science.ade2574)] [[code](https://github.com/facebookresearch/esm)]
- **ProtTrans**: Toward understanding the language of life through self-supervised learning. [[paper](https://arxiv.org/abs/2301.06568)] [[code](https://github.com/agemagician/ProtTrans)]
- **SaProt**: Protein language modeling with structure-aware vocabulary. [[paper]()] [[code]()]
- **ProGen2**: Exploring the boundaries of protein language models. Cell Systems 2023. [[paper]()] [[code](https://github.com/salesforce/progen/tree/main/progen2)]
- **ESM3**: Simulating 500 million years of evolution with a language model. bioRxiv 2024. [[paper]()] [[code]()]
- **ProteinMPNN**: Robust deep learning based protein sequence design using ProteinMPNN. Science 2022. [[paper]()] [[code]()]
- **PoET**: A generative model of protein families as sequences-of-sequences. NeurIPS 2023. [[paper]()] [[code]()]
- **Tranception** (Notin et al., 2022) [[paper]()] [[code]()]

## Cells and tissues

- **CellPLM**: Pre-training of cell language model beyond single cells. [[paper]()] [[code]()]
- **Geneformer**: Transfer learning enables predictions in network biology. [[paper](https://doi.org/10.1038/s41586-023-06139-9)] [[code](https://huggingface.co/ctheodoris/Geneformer)]
- **UCE**: Universal cell embeddings: a foundation model for cell biology. bioRxiv 2023. [[paper]()] [[code]()]
- **scPRINT**: Pre-training on 50 million cells allows robust gene network predictions. Kalfon et al. 2024. [[paper]()] [[code]()]
- **Tangram** (Biancalani et al., Nature Methods 2021) [[paper]()] [[code](https://github.com/broadinstitute/Tangram)]
- **Nicheformer**: A foundation model for single-cell and spatial omics. Schaar et al., Nature Methods 2025. [[paper]()] [[code]()]
- **SpaGCN** (Hu et al., Nature Methods 2021) [[paper]()] [[code](https://github.com/decoy-forker/SpaGCN)]
- **Cell2Sentence** — David van Dijk et al., 2024 [[paper]()] [[code]()]
"""

LIST_TEXTS = {"numbered.md": NUMBERED, "authors_table.md": AUTHORS_TABLE, "title_table.md": TITLE_TABLE,
              "bullets.md": BULLETS}

ANSWERS = {
    "ESM-2": ("10.1126/science.ade2574", "facebookresearch/esm"),
    "ESM-1b": ("10.1073/pnas.2016239118", "facebookresearch/esm"),
    "ESM-1v": ("10.1101/2021.07.09.450648", "facebookresearch/esm"),
    "ESM3": ("10.1126/science.ads0018", "evolutionaryscale/esm"),
    "ProtTrans": ("10.1109/tpami.2021.3095381", "agemagician/ProtTrans"),
    "Ankh": ("10.48550/arxiv.2301.06568", "agemagician/Ankh"),
    "ProstT5": ("10.5555/recon.prostt5-vor", "mheinzinger/ProstT5"),
    "ProGen": ("10.1038/s41587-022-01618-2", "salesforce/progen"),
    "ProGen2": ("10.1016/j.cels.2023.10.002", "salesforce/progen"),
    "SaProt": ("10.1101/2023.10.01.560349", "westlake-repl/SaProt"),
    "ProtGPT2": ("10.1038/s41467-022-32007-7", None),
    "ProteinBERT": ("10.1093/bioinformatics/btac020", "nadavbra/protein_bert"),
    "Tranception": ("10.48550/arxiv.2205.13760", "OATML-Markslab/Tranception"),
    "PoET": ("10.48550/arxiv.2306.06156", "OpenProteinAI/PoET"),
    "ProteinMPNN": ("10.1126/science.add2187", "dauparas/ProteinMPNN"),
    "CARP": ("10.5555/recon.carp-cels", "microsoft/protein-sequence-models"),
    "DPLM": (None, None),
    "scBERT": ("10.1038/s42256-022-00534-z", "TencentAILabHealthcare/scBERT"),
    "Geneformer": ("10.1038/s41586-023-06139-9", None),
    "scFoundation": ("10.1038/s41592-024-02305-7", "biomap-research/scFoundation"),
    "CellPLM": ("10.1101/2023.10.03.560734", "OmicsML/CellPLM"),
    "Nicheformer": ("10.5555/recon.nicheformer-vor", "theislab/nicheformer"),
    "UCE": ("10.1101/2023.11.28.568918", "snap-stanford/UCE"),
    "scPRINT": ("10.5555/recon.scprint-vor", "cantinilab/scPRINT"),
    "Tangram": ("10.1038/s41592-021-01264-7", "broadinstitute/Tangram"),
    "scVI": ("10.1038/s41592-018-0229-2", "scverse/scvi-tools"),
    "scvi-tools": ("10.1038/s41587-021-01206-w", "scverse/scvi-tools"),
    "GraphST": ("10.1038/s41467-023-36796-3", "JinmiaoChenLab/GraphST"),
    "SpaGCN": ("10.1038/s41592-021-01255-8", "jianhuupenn/SpaGCN"),
    "STAGATE": ("10.1038/s41467-022-29439-6", "zhanglabtools/STAGATE"),
    "Cell2Sentence": ("10.5555/recon.c2s-biorxiv", "vandijklab/cell2sentence"),
    "GenePT": ("10.5555/recon.genept-biorxiv", "yiqunchen/GenePT"),
    "IgLM": ("10.5555/recon.iglm-cels", "Graylab/IgLM"),
}

# the repository's name before GitHub's rename (it answers 301): a link to it is right too
CODE_ALSO = {"scVI": ["YosefLab/scVI"], "scvi-tools": ["YosefLab/scVI"]}

# marker (a substring picking the row's line) -> answer key; a dict value adds expectations on the decision
ROWS: dict[str, dict[str, object]] = {
    "numbered.md": {
        "**ESM-2**": "ESM-2", "**ESM-1b**": "ESM-1b", "**ESM3**": "ESM3", "**ProtTrans**": "ProtTrans",
        "**Ankh**": "Ankh", "**ProGen**": "ProGen", "**ProGen2**": "ProGen2", "**ProtGPT2**": "ProtGPT2",
        "**ProteinMPNN**": "ProteinMPNN", "**PoET**": "PoET", "**DPLM**": "DPLM", "**CARP**": "CARP",
        "**IgLM**": "IgLM", "**GenePT**": "GenePT",
    },
    "authors_table.md": {
        "| scBERT |": "scBERT", "| Geneformer |": "Geneformer", "| scFoundation |": "scFoundation",
        "| CellPLM |": {"answer": "CellPLM", "paper_decision": "link-disagrees",
                        "_why": "a person linked the Zenodo software record (same title and authors) as the paper"},
        "| Nicheformer |": "Nicheformer", "| UCE |": "UCE", "| scPRINT |": "scPRINT",
        "| Tangram |": "Tangram", "| scVI |": "scVI", "| scvi-tools |": "scvi-tools", "| GraphST |": "GraphST",
        "| ProteinBERT |": "ProteinBERT", "| SpaGCN |": "SpaGCN", "| STAGATE |": "STAGATE",
        "| Cell2Sentence |": "Cell2Sentence",
    },
    "title_table.md": {
        "| Language models of protein sequences": "ESM-2", "| Biological structure and function": "ESM-1b",
        "| ProtTrans:": "ProtTrans", "| Ankh:": "Ankh", "| ProGen2:": "ProGen2",
        "| Large language models generate": {"answer": "ProGen", "paper_decision": "link-disagrees",
                                             "_why": "a person linked the Author Correction notice, not the paper"}, "| SaProt:": "SaProt", "| ProteinBERT:": "ProteinBERT",
        "| Tranception:": "Tranception", "| Language models enable zero-shot": "ESM-1v", "| ProstT5:": "ProstT5",
        "| scBERT as": "scBERT", "| Transfer learning enables": "Geneformer", "| Universal Cell Embeddings": "UCE",
        "with Tangram |": "Tangram", "with GraphST |": "GraphST", "| Deciphering spatial domains": "STAGATE",
        "| GenePT:": "GenePT", "| Generative language modeling for antibody": "IgLM",
    },
    "bullets.md": {
        "**ESM-2**": "ESM-2",
        "**ProtTrans**": {"answer": "ProtTrans", "paper_decision": "link-disagrees",
                          "_why": "a person linked the same lab's successor (Ankh's arXiv): flag, never overwrite"},
        "**SaProt**": "SaProt", "**ProGen2**": "ProGen2", "**ESM3**": "ESM3", "**ProteinMPNN**": "ProteinMPNN",
        "**PoET**": "PoET", "**Tranception**": "Tranception", "**CellPLM**": "CellPLM",
        "**Geneformer**": "Geneformer", "**UCE**": "UCE", "**scPRINT**": "scPRINT", "**Tangram**": "Tangram",
        "**Nicheformer**": "Nicheformer",
        "**SpaGCN**": {"answer": "SpaGCN", "code_decision": "link-disagrees",
                       "_why": "a person linked a fork as the code: flag, never overwrite"},
        "**Cell2Sentence**": "Cell2Sentence",
    },
}


def _file_name(doi: str) -> str:
    return doi.replace("/", "_") + ".json"


def _dump(path: Path, value: object) -> None:
    path.write_text(json.dumps(value, sort_keys=True, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def truth() -> dict:
    return {
        "_note": "Ground truth for the reconstructed held-out corpus in corpus/ (written by make_corpus.py): the "
                 "version of record's DOI (lower case) and the official repository, or null where the honest "
                 "answer is to abstain. Keys of rows are a substring that picks the row's line in each list; a "
                 "dict value may also say which paper decision the row must get (a wrong link a person wrote "
                 "must be flagged, never overwritten).",
        "answers": {key: {"doi": doi, "code": code, **({"code_also": CODE_ALSO[key]} if key in CODE_ALSO else {})}
                    for key, (doi, code) in ANSWERS.items()},
        "rows": ROWS,
    }


def main() -> None:
    for folder in (CORPUS, LISTS):
        if folder.exists():
            shutil.rmtree(folder)
    for folder, items, name_of in (
        ("crossref", CROSSREF, lambda item: _file_name(item["DOI"])),
        ("datacite", DATACITE, lambda item: _file_name(item["id"])),
        ("github", GITHUB, lambda item: item["repo"]["full_name"].replace("/", "__") + ".json"),
    ):
        (CORPUS / folder).mkdir(parents=True)
        for item in items:
            _dump(CORPUS / folder / name_of(item), item)
    LISTS.mkdir(parents=True)
    for name, text in LIST_TEXTS.items():
        (LISTS / name).write_text(text, encoding="utf-8")
    _dump(HERE / "truth.json", truth())
    rows = sum(len(rows) for rows in ROWS.values())
    print(f"wrote {len(CROSSREF)} Crossref, {len(DATACITE)} DataCite, {len(GITHUB)} GitHub items, "
          f"{len(LIST_TEXTS)} lists ({rows} rows) to {HERE}")


if __name__ == "__main__":
    main()
