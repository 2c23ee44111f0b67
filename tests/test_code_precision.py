"""Precision rules of the code stage found by red-team probes, each with the decoy it rejects and the repository it
must still accept: a README's sections and lines about others' work cite nothing; a search hit named as someone's
derivative of the model needs an author as owner; a name taken from the head of the row's title needs a citation;
a README saying it is not the official code, a profile page, an extension citing its own paper first and a copy of
another repository are not the code.

Every README, repository and work below is reconstructed (composed for these tests; DOIs under the test prefix
10.5555).
"""

from __future__ import annotations

import pytest

from enrich.code_links import (
    PROFILE,
    USES_MODEL,
    clone_target,
    derivative_word,
    owner_is_author,
    same_readme,
    score_repo,
)
from enrich.evidence import MODEL_FROM_TITLE, Kind
from enrich.repo_citations import citing_text, readme_citations
from tests.test_code_joint import OTHER_BIBTEX, TITLE, VOR, repo, row, verdict_of
from tests.test_code_links import entry

# ---------------------------------------------------------------- sections about others' work


@pytest.mark.parametrize("heading", [
    "## Related work", "## Acknowledgements", "### Credits", "## References to other tools", "## See also",
    "## Benchmarks we compare against", "## Baselines", "Related projects\n----------------",
])
def test_a_citation_under_a_section_about_others_is_not_read(heading: str) -> None:
    """Decoy: a DOI and a bold title under a heading about others' work name works the repository is not."""
    readme = f"# Tool\n\nA static site generator.\n\n{heading}\n\n- **{TITLE}** doi:{VOR.doi}\n"
    assert (readme_citations(readme), VOR.doi in citing_text(readme)) == ([], False)


def test_subsections_of_a_related_section_are_skipped_until_the_next_sibling() -> None:
    """A subsection nested under "Related work" is skipped too; the next section of the same level is read."""
    readme = (f"# Tool\n\n## Related work\n\n### Graph models\n\ndoi:10.5555/other.1\n\n"
              f"## Citation\n\ndoi:{VOR.doi}\n")
    assert [(item.value, item.formal) for item in readme_citations(readme)] == [(VOR.doi, True)]


def test_a_comment_in_a_code_block_is_not_a_heading() -> None:
    """'# compare with baselines' inside a fenced block starts no section: the citation after it is read."""
    readme = f"# Tool\n\n## Citation\n\n```bash\n# compare with baselines\npython run.py\n```\n\ndoi:{VOR.doi}\n"
    assert [(item.value, item.formal) for item in readme_citations(readme)] == [(VOR.doi, True)]


def test_a_repository_citing_the_title_only_as_related_work_is_not_the_code() -> None:
    """Decoy: a same-named tool whose README gives the paper's title under "Related work" only."""
    readme = f"# Gizmoformer\n\nA static site generator.\n\n## Related work\n\n- Kim et al. {TITLE} (2024)\n"
    scored = score_repo(row(), VOR, repo("decoy-tools/Gizmoformer", readme=readme), "search")
    assert verdict_of(scored) == (False, (Kind.REPO_NOT_CITING,))


def test_the_authors_repository_naming_its_paper_under_related_publications_is_still_the_code() -> None:
    """Positive: related work may name the repository's own paper; an author owning it still suffices."""
    readme = f"# Gizmoformer\n\n## Related publications\n\n- Kim et al. {TITLE} (2024)\n"
    scored = score_repo(row(), VOR, repo("adakim/Gizmoformer", readme=readme), "search")
    assert verdict_of(scored) == (True, ())


def test_the_authors_same_named_project_listing_their_papers_is_not_the_code() -> None:
    """Decoy: the first author's same-named repository for another project, whose "My publications" lists the
    paper: by its own account the paper is not its own."""
    readme = f"# Gizmoformer\n\nA parser.\n\n## My publications\n\n- Kim et al. {TITLE} (2024)\n"
    scored = score_repo(row(), VOR, repo("adakim/Gizmoformer", readme=readme), "search")
    assert verdict_of(scored) == (False, (Kind.REPO_NAMES_PAPER_AS_OTHERS,))


def test_the_papers_record_linking_the_repository_outweighs_its_readme() -> None:
    """Positive: a repository the paper's record links is not rejected for naming the paper as an inspiration."""
    readme = f"# Gizmoformer\n\nInspired by **{TITLE}**.\n"
    scored = score_repo(row(), VOR, repo("gizmo-lab/Gizmoformer", readme=readme), "record")
    assert verdict_of(scored) == (True, ())


def test_the_same_title_under_a_citation_heading_is_the_code() -> None:
    """Positive: the same title under "Citation" cites the paper."""
    readme = f"# Gizmoformer\n\nA static site generator.\n\n## Citation\n\n- Kim et al. {TITLE} (2024)\n"
    scored = score_repo(row(), VOR, repo("decoy-tools/Gizmoformer", readme=readme), "search")
    assert verdict_of(scored) == (True, ())


# ---------------------------------------------------------------- derivatives of the model


@pytest.mark.parametrize("name, model, word", [
    ("gizmoformer-pytorch", "Gizmoformer", "pytorch"), ("Gizmoformer_colab", "Gizmoformer", "colab"),
    ("jax-gizmoformer", "Gizmoformer", "jax"), ("Gizmoformer", "Gizmoformer", None),
    ("TorchGizmo", "TorchGizmo", None), ("torchgizmo-eval", "TorchGizmo", "eval"), ("pytorch-other", "Gizmo", None),
])
def test_derivative_word(name: str, model: str, word: str | None) -> None:
    """A framework, demo or benchmark word next to the model's name; never a word of the model's own name."""
    assert derivative_word(name, model) == word


def test_a_port_by_others_citing_the_paper_is_not_the_code() -> None:
    """Decoy: 'Gizmoformer-pytorch' by someone who is no author, its README citing the paper's DOI."""
    readme = f"# Gizmoformer-pytorch\n\nGizmoformer in PyTorch.\n\n## Citation\n\ndoi:{VOR.doi}\n"
    scored = score_repo(row(), VOR, repo("decoy-impl/Gizmoformer-pytorch", readme=readme), "search")
    assert verdict_of(scored) == (False, (Kind.UNOFFICIAL,))


def test_the_authors_own_port_citing_the_paper_is_the_code() -> None:
    """Positive: the same repository owned by the first author (Ada Kim) is accepted."""
    readme = f"# Gizmoformer-pytorch\n\nGizmoformer in PyTorch.\n\n## Citation\n\ndoi:{VOR.doi}\n"
    scored = score_repo(row(), VOR, repo("adakim/Gizmoformer-pytorch", readme=readme), "search")
    assert verdict_of(scored) == (True, ())


# ---------------------------------------------------------------- a model name taken from the title


def test_a_title_head_name_with_an_author_like_owner_and_no_citation_is_not_the_code() -> None:
    """Decoy: on a list without a model column the name searched for ("Attention") came from the title; a
    same-named repository whose owner looks like an author's but that cites nothing is not the code."""
    scored = score_repo(row(model="Attention"), VOR, repo("adakim/attention", readme="# attention\n\nLayers.\n"),
                        "search", model_from_title=True)
    assert (verdict_of(scored), scored.objections[0].context) == ((False, (Kind.REPO_NOT_CITING,)), MODEL_FROM_TITLE)


def test_a_title_head_name_with_a_citation_is_the_code() -> None:
    """Positive: the same repository citing the paper's DOI is the code."""
    readme = f"# attention\n\nLayers.\n\n## Citation\n\ndoi:{VOR.doi}\n"
    scored = score_repo(row(model="Attention"), VOR, repo("adakim/attention", readme=readme), "search",
                        model_from_title=True)
    assert verdict_of(scored) == (True, ())


def test_a_model_column_name_with_an_author_owner_still_suffices() -> None:
    """Positive: with the model from the model column, an author owning the same-named repository still suffices."""
    scored = score_repo(row(model="Attention"), VOR, repo("adakim/attention", readme="# attention\n\nLayers.\n"),
                        "search")
    assert verdict_of(scored) == (True, ())


# ---------------------------------------------------------------- lines and sections naming others' works


@pytest.mark.parametrize("line, objection", [
    (f"Its name was inspired by [{TITLE}](https://doi.org/{VOR.doi}).", Kind.REPO_NAMES_PAPER_AS_OTHERS),
    (f"Unlike Gizmoformer (doi:{VOR.doi}), this tool runs on a laptop.", Kind.REPO_NAMES_PAPER_AS_OTHERS),
    (f"Our scheduler builds on **{TITLE}**.", Kind.REPO_NOT_CITING),
])
def test_a_line_naming_the_paper_as_another_work_is_not_a_citation(line: str, objection: Kind) -> None:
    """Decoy: prose that names the paper as an inspiration, a contrast or a base cites nothing; the first two say
    the paper is not the repository's."""
    readme = f"# Gizmoformer\n\nA job scheduler. {line}\n"
    scored = score_repo(row(), VOR, repo("decoy-names/Gizmoformer", readme=readme), "search")
    assert verdict_of(scored) == (False, (objection,))


def test_the_paper_named_as_this_repositorys_own_is_a_citation() -> None:
    """Positive: 'Code for [title](doi)' cites it."""
    readme = f"# Gizmoformer\n\nCode for [{TITLE}](https://doi.org/{VOR.doi}).\n"
    scored = score_repo(row(), VOR, repo("decoy-names/Gizmoformer", readme=readme), "search")
    assert verdict_of(scored) == (True, ())


@pytest.mark.parametrize("heading", ["## Papers using Gizmoformer", "## Used by", "## My publications",
                                     "## Selected publications"])
def test_works_using_it_and_a_persons_own_list_are_not_read(heading: str) -> None:
    """Decoy: a list of works using a tool, or a person's list of their papers, names works the repository is not."""
    assert readme_citations(f"# Tool\n\n{heading}\n\n- doi:{VOR.doi}\n") == []


def test_a_plain_publications_heading_is_still_a_citation_section() -> None:
    """Positive: "Publications" is where a repository names its own paper."""
    assert [(item.value, item.formal) for item in readme_citations(f"# Tool\n\n## Publications\n\ndoi:{VOR.doi}\n")
            ] == [(VOR.doi, True)]


# ---------------------------------------------------------------- what a repository says it is


@pytest.mark.parametrize("sentence", ["This is not the official implementation of Gizmoformer.",
                                      "Scripts for protein families. Not affiliated with the authors.",
                                      "A community implementation of Gizmoformer.",
                                      "An independent re-implementation in JAX.",
                                      "A third-party wrapper for the model."])
def test_a_readme_saying_it_is_not_the_authors_code_is_unofficial(sentence: str) -> None:
    """Decoy: a README that says it is not the official code, or not affiliated with the authors, citing the paper."""
    readme = f"# Gizmoformer\n\n{sentence}\n\ndoi:{VOR.doi}\n"
    scored = score_repo(row(), VOR, repo("decoy-impl/Gizmoformer", readme=readme), "search")
    assert verdict_of(scored) == (False, (Kind.UNOFFICIAL,))


@pytest.mark.parametrize("sentence", ["This is not an officially supported Gizmo product.",
                                      "The official implementation of Gizmoformer.", "This is not a fork.",
                                      "Pretraining and fine-tuning code for the paper.",
                                      "It depends on third-party libraries."])
def test_sentences_that_are_no_disclaimer_raise_no_objection(sentence: str) -> None:
    """Positive: an official claim, "not a fork", "not an officially supported ... product", third-party libraries."""
    readme = f"# Gizmoformer\n\n{sentence}\n\ndoi:{VOR.doi}\n"
    scored = score_repo(row(), VOR, repo("gizmo-lab/Gizmoformer", readme=readme), "search")
    assert verdict_of(scored) == (True, ())


@pytest.mark.parametrize("description", ["Fine-tuning Gizmoformer on your own protein families",
                                         "A REST API wrapper around Gizmoformer", "Cell typing using Gizmoformer"])
def test_a_repository_presenting_itself_as_using_the_model_is_not_its_code(description: str) -> None:
    """Decoy: named after the model, citing it, owned by no author, and saying it uses (fine-tunes, wraps) it."""
    scored = score_repo(row(), VOR, repo("decoy-tools/Gizmoformer", readme=f"doi:{VOR.doi}", description=description),
                        "search")
    assert (verdict_of(scored), scored.objections[0].context) == ((False, (Kind.UNOFFICIAL,)), USES_MODEL)


def test_the_authors_repository_for_fine_tuning_the_model_is_its_code() -> None:
    """Positive: the same description on the first author's repository (Ada Kim) is no objection."""
    scored = score_repo(row(), VOR, repo("adakim/Gizmoformer", readme=f"doi:{VOR.doi}",
                                         description="Fine-tuning Gizmoformer on your own protein families"), "search")
    assert verdict_of(scored) == (True, ())


@pytest.mark.parametrize("name", ["adakim/adakim", "adakim/AdaKim.github.io", "gizmo-lab/gizmo-lab.github.io"])
def test_a_profile_or_home_page_repository_is_not_code(name: str) -> None:
    """Decoy: a person's profile README or site lists their papers; it is no paper's code."""
    readme = f"# Ada\n\n## Publications\n\n- Kim A. et al. {TITLE}. doi:{VOR.doi}\n"
    scored = score_repo(row(code_url=f"https://github.com/{name}"), VOR, repo(name, readme=readme), "row")
    assert (verdict_of(scored), scored.objections[0].context) == ((False, (Kind.PAPER_LIST,)), PROFILE)


def test_a_repository_named_after_its_owner_and_the_model_is_no_profile() -> None:
    """Positive: 'gizmoformer/Gizmoformer' (an organisation named after its model) is not a profile page."""
    scored = score_repo(row(), VOR, repo("gizmoformer/Gizmoformer", readme=f"doi:{VOR.doi}"), "search")
    assert verdict_of(scored) == (True, ())


def test_an_extension_citing_its_own_paper_first_is_not_the_code() -> None:
    """Decoy: 'Gizmoformer-atac' by others: its citation block is its own paper, the model's DOI comes after."""
    readme = f"# Gizmoformer-atac\n\n{OTHER_BIBTEX}\nPlease also cite the model: doi:{VOR.doi}\n"
    scored = score_repo(row(), VOR, repo("decoy-ext/Gizmoformer-atac", readme=readme), "search")
    assert verdict_of(scored) == (False, (Kind.REPO_CITES_OTHER_PAPER,))


def test_a_longer_name_whose_first_claim_is_the_paper_is_the_code() -> None:
    """Positive: 'Gizmoformer-code' whose citation section gives the paper first, another work after."""
    readme = f"# Gizmoformer-code\n\n## Citation\n\ndoi:{VOR.doi}\n\n{OTHER_BIBTEX}"
    scored = score_repo(row(), VOR, repo("decoy-ext/Gizmoformer-code", readme=readme), "search")
    assert verdict_of(scored) == (True, ())


@pytest.mark.parametrize("readme, target", [
    ("```\ngit clone --recursive https://github.com/lab/Tool.git\ncd Tool\n```", "lab/Tool"),
    ("git clone -b main --depth 1 git@github.com:lab/Tool.git", "lab/Tool"),
    ("pip install git+https://github.com/lab/tool-py@v1.2", "lab/tool-py"),
    ("See https://github.com/lab/Tool for the code.", None),
])
def test_clone_target(readme: str, target: str | None) -> None:
    """The first repository a README's install instructions clone; a plain link is not one."""
    assert clone_target(readme) == target


def test_same_readme_tolerates_a_changed_line_but_not_another_text() -> None:
    """A copy that changed one badge is the same README; another README sharing a heading is not."""
    text = "# Tool\n\n" + "Install it, train it, and predict with it on your own data. " * 20
    assert (same_readme(text, text.replace("# Tool", "# Tool ![badge](x.svg)")),
            same_readme(text, "# Tool\n\nA different tool.\n")) == (True, False)


# ---------------------------------------------------------------- an owner that is an author


@pytest.mark.parametrize("owner, author, expected", [
    ("weilinsoft", "Wei Li", False), ("decoy-weilinsoft", "Wei Li", False), ("mywangli-tools", "Li Wang", False),
    ("weili-lab", "Wei Li", True), ("weili92", "Wei Li", True), ("bowang-lab", "Bo Wang", True),
    ("jmschreiber", "Jacob Schreiber", True), ("JinmiaoChenLab", "Jinmiao Chen", True),
    ("brandt-lab", "Lena Brandt", True),
])
def test_owner_names_an_author_only_whole(owner: str, author: str, expected: bool) -> None:
    """Decoy: a login containing an author's name inside another word ("weilinsoft" for Wei Li); positives: the
    name alone, with a lab word or digits after it, a long family name after initials."""
    assert (owner_is_author(owner, entry("M", authors=(author,)), []) is not None) is expected
