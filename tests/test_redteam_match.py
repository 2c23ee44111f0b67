"""Red-team probes of the model-name rule (reconstructed titles): a Roman-numbered successor and a list of
compared models are not the title's subject."""

from __future__ import annotations

import pytest

from enrich.match import model_is_subject


@pytest.mark.parametrize("title", [
    "Wren II: scaling expression transformers to atlases",
    "Single-cell foundation models compared: Wren, scBERT and Geneformer",
    "Wren versus Geneformer: a benchmark of cell embeddings",
    "Wren and scBERT for cell type annotation",
])
def test_other_models_and_comparisons_are_not_the_subject(title: str) -> None:
    assert model_is_subject("Wren", title) is False


@pytest.mark.parametrize("title", [
    "Wren: transformers for gene expression",
    "Wren, a transformer for gene expression",
    "Decoding expression with Wren",
])
def test_the_model_introduced_stays_the_subject(title: str) -> None:
    assert model_is_subject("Wren", title) is True
