"""Precision rules of the code stage found by red-team probes, each with the decoy it rejects and the repository it
must still accept: a README's sections about others' work cite nothing; a search hit named as someone's derivative of
the model needs an author as owner; a name taken from the head of the row's title needs a citation.

Every README, repository and work below is reconstructed (composed for these tests; DOIs under the test prefix
10.5555).
"""

from __future__ import annotations

import pytest

from enrich.code_links import derivative_word, score_repo
from enrich.evidence import MODEL_FROM_TITLE, Kind
from enrich.repo_citations import citing_text, readme_citations
from tests.test_code_joint import TITLE, VOR, repo, row, verdict_of

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
