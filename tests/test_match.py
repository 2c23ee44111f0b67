"""Pure scoring and verification. Every WorkRecord here is reconstructed (composed by us from public metadata of
the papers named; decoys use Crossref's test prefix 10.5555), never recorded."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from enrich.evidence import Evidence, Kind, Strength
from enrich.match import (
    Verdict,
    is_contradicted,
    model_heads_title,
    model_in_text,
    model_is_acronym,
    model_is_subject,
    same_work,
    score_candidate,
    stated_title,
    title_similarity,
    verdict,
    verify_version,
)
from enrich.names import family_name
from enrich.records import Author, CatalogueEntry, RowStatus, Update, WorkRecord
from tests.works import CIFORM, SCGPT, SCGPT_PREPRINT, SCGPT_TITLE, STGRNS, kinds, make_work


def make_entry(model: str | None = "scGPT", authors: tuple[str, ...] = ("Haotian Cui",), year: int | None = 2024,
               title: str | None = None, description: str | None = None) -> CatalogueEntry:
    return CatalogueEntry(
        line=40, section=("Single-Cell Genomics (SCG) Models",), table_index=0, roles=(), cells=(), model=model,
        pretrained=False, paper_text=f"{authors[0] if authors else ''} et al., {year}", paper_title=title,
        paper_url=None, code_url=None, authors=authors, year=year, status=RowStatus.NEEDS_RESOLUTION,
        description=description,
    )




TOSICA = make_work("10.1038/s41467-023-35923-4", "Transformer for one stop interpretable cell type annotation",
                   "Chen", "Jiawei", 2023)
ENFORMER = make_work(
    "10.1038/s41592-021-01252-x",
    "Effective gene expression prediction from sequence by integrating long-range interactions",
    "Avsec", "Žiga", 2021,
    abstract="Here we substantially improve gene expression prediction accuracy from DNA sequences through the use "
             "of a deep learning architecture, called Enformer, that is able to integrate information from "
             "long-range interactions.",
)
CORRECTION = make_work("10.5555/correction.1", f"Author Correction: {SCGPT_TITLE}", "Cui", "Haotian")


# ---------------------------------------------------------------- signals


def test_model_in_title_evidence() -> None:
    """A model name in the title, the first author and the exact year are recorded as evidence."""
    scored = score_candidate(make_entry(), SCGPT)
    assert (scored.evidence, scored.objections, scored.confidence) == (
        (Evidence(Kind.FIRST_AUTHOR, "cui"), Evidence(Kind.YEAR, "2024", context="2024"),
         Evidence(Kind.MODEL_HEADS_TITLE, "scGPT", Strength.STRONG)), (), 0.9)


def test_model_token_with_colon_counts() -> None:
    """'scGPT:' is the token scGPT."""
    assert model_in_text("scGPT", "scGPT: toward building") is True


def test_model_token_inside_longer_word_does_not_count() -> None:
    """'scGPTx' is another name."""
    assert model_in_text("scGPT", "scGPTx improves annotation") is False


def test_model_token_with_version_suffix_does_not_count() -> None:
    """'DNABERT-2' names another model than DNABERT."""
    assert (model_in_text("DNABERT", "DNABERT-2: efficient foundation model"),
            model_in_text("DNABERT-2", "DNABERT-2: efficient foundation model")) == (False, True)


def test_model_token_with_version_number_does_not_count() -> None:
    """'Geneformer V2', 'scGPT 2.0' and 'Enformer+' are successors, not the model."""
    assert (model_in_text("Geneformer", "Geneformer V2 scales up"), model_in_text("scGPT", "scGPT 2.0 arrives"),
            model_in_text("Enformer", "Enformer+ for plants")) == (False, False, False)


def test_model_token_is_case_insensitive() -> None:
    """Case is ignored for ordinary model names."""
    assert model_in_text("scgpt", "SCGPT for single cells") is True


def test_short_capital_model_name_is_case_sensitive() -> None:
    """'GET' must not match the word 'get'."""
    assert (model_in_text("GET", "How cells get their identity"), model_in_text("GET", "GET: a foundation model")) == (
        False, True)


def test_acronym_of_title_words() -> None:
    """TOSICA spells 'Transformer for One Stop Interpretable Cell (type) Annotation'."""
    assert model_is_acronym("TOSICA", TOSICA.title) is True


def test_acronym_rejects_unrelated_title() -> None:
    """A title whose initials do not spell the model is not an acronym match."""
    assert model_is_acronym("TOSICA", STGRNS.title) is False


def test_acronym_candidate_is_accepted() -> None:
    """The acronym counts like the model name in the title."""
    result = verdict(make_entry("TOSICA", ("Jiawei Chen",), 2023), [TOSICA])
    assert result.accepted is not None and result.accepted.evidence[-1].kind is Kind.MODEL_ACRONYM


def test_diacritics_in_author_names() -> None:
    """'Žiga Avsec' in the row matches 'Avsec, Ž.' in the record."""
    work = make_work("10.5555/x", "Enformer: a model", "Avsec", "Ž.", 2021)
    assert score_candidate(make_entry("Enformer", ("Žiga Avsec",), 2021), work).evidence[0] == Evidence(
        Kind.FIRST_AUTHOR, "avsec")


def test_row_name_forms_give_the_family() -> None:
    """'Hao, M.', 'Z. Avsec', 'Yiqun T. Chen', a bare 'Bian' and 'David van Dijk' give their family names."""
    names = ("Hao, M.", "Z. Avsec", "Yiqun T. Chen", "Bian", "David van Dijk", "Gaoyang Li")
    assert tuple(family_name(name) for name in names) == ("Hao", "Avsec", "Chen", "Bian", "van Dijk", "Li")


def test_initials_must_agree() -> None:
    """'Hao, X.' is not Minsheng Hao."""
    work = make_work("10.5555/hao", "scFoundation: large-scale", "Hao", "Minsheng", 2024)
    scored = score_candidate(make_entry("scFoundation", ("Hao, X.",), 2024), work)
    assert kinds(scored.objections) == (Kind.AUTHOR_DIFFERS,)


def test_other_first_author_is_a_contradiction() -> None:
    """A paper with the model in its title but another first author is rejected."""
    benchmark = make_work("10.5555/bench", "Benchmarking scGPT for cell annotation", "Smith", "Anna", 2024)
    scored = score_candidate(make_entry(), benchmark)
    assert (kinds(scored.objections), is_contradicted(scored)) == ((Kind.AUTHOR_DIFFERS,), True)


def _authored(*families: str, title: str = SCGPT_TITLE, doi: str = "10.5555/authored", year: int = 2024,
              **fields: object) -> WorkRecord:
    return WorkRecord(doi=doi, title=title, source="crossref", type="journal-article",
                      authors=tuple(Author(family) for family in families), year=year,
                      **fields)  # type: ignore[arg-type]


def test_co_first_author_with_the_model_as_subject_is_accepted() -> None:
    """The row's person listed second (co-first) is accepted when the model opens the title."""
    result = verdict(make_entry(), [_authored("Wang", "Cui", "Li", "Zhou", "Wang")])
    assert (result.accepted is not None, kinds(result.accepted.evidence if result.accepted else ())) == (
        True, (Kind.CO_FIRST_AUTHOR, Kind.YEAR, Kind.MODEL_HEADS_TITLE))


def test_middle_author_is_rejected() -> None:
    """Decoy: the row's person fourth of six is neither first, co-first nor senior: another group's paper."""
    scored = score_candidate(make_entry(), _authored("Wang", "Li", "Zhou", "Cui", "Park", "Kim"))
    assert kinds(scored.objections) == (Kind.AUTHOR_DIFFERS,)


def test_senior_author_with_the_model_as_subject_is_accepted() -> None:
    """The row names the lab head, listed last: accepted with the model opening the title."""
    result = verdict(make_entry(), [_authored("Wang", "Li", "Zhou", "Park", "Cui")])
    assert (result.accepted is not None, kinds(result.accepted.evidence)[0]) == (True, Kind.SENIOR_AUTHOR)


def test_senior_author_and_year_alone_are_not_enough() -> None:
    """Decoy: another paper of the senior author's lab that year, without the model name, is not accepted."""
    scored = score_candidate(make_entry(), _authored("Wang", "Li", "Cui", title="Single-cell atlas of the lung"))
    assert (scored.acceptable, kinds(scored.objections)) == (False, (Kind.MODEL_NOT_IN_TITLE,))


def test_co_author_never_rests_on_the_abstract_alone() -> None:
    """Decoy: the abstract introduces the model but the row's person is not the first author: not accepted."""
    work = _authored("Wang", "Avsec", title=ENFORMER.title, year=2021, abstract=ENFORMER.abstract)
    scored = score_candidate(make_entry("Enformer", ("Žiga Avsec",), 2021), work)
    assert (scored.acceptable, kinds(scored.objections)) == (False, (Kind.AUTHOR_NEEDS_CONTENT,))


def test_first_author_outranks_a_co_author_on_the_same_title() -> None:
    """With the same content, the work whose first author is the row's person is the more confident one."""
    first = score_candidate(make_entry(), SCGPT).confidence
    assert first > score_candidate(make_entry(), _authored("Wang", "Cui")).confidence


def test_year_two_off_is_a_contradiction() -> None:
    """More than one year between row and work rejects the work."""
    scored = score_candidate(make_entry(year=2022), SCGPT)
    assert scored.objections == (Evidence(Kind.YEAR_DIFFERS, "2024", Strength.CONTRADICTS, context="2022"),)


def test_year_one_off_lowers_confidence() -> None:
    """Preprint and print a year apart are accepted, with less confidence than the exact year."""
    one_off, exact = score_candidate(make_entry(year=2023), SCGPT), score_candidate(make_entry(), SCGPT)
    assert (one_off.confidence, exact.confidence) == (0.855, 0.9)


def test_correction_title_is_a_notice() -> None:
    """An 'Author Correction:' is rejected even when typed journal-article without update-to."""
    assert score_candidate(make_entry(), CORRECTION).objections[0].kind is Kind.NOTICE_TITLE


def test_erratum_type_is_rejected() -> None:
    """Types outside the accepted set (erratum, peer-review, component, dataset) are rejected."""
    types = ("erratum", "peer-review", "component", "dataset")
    objections = [score_candidate(make_entry(), make_work(f"10.5555/{kind}", SCGPT_TITLE, "Cui", "Haotian",
                                                          type_=kind)).objections for kind in types]
    assert objections == [(Evidence(Kind.NOT_A_PAPER, kind, Strength.CONTRADICTS),) for kind in types]


def test_update_to_marks_a_notice() -> None:
    """A work that updates another DOI (a correction) is a notice."""
    notice = make_work("10.5555/notice", SCGPT_TITLE, "Cui", "Haotian",
                       update_to=(Update("correction", "10.1038/s41592-024-02201-0"),))
    assert score_candidate(make_entry(), notice).objections == (
        Evidence(Kind.NOTICE_FOR, "10.1038/s41592-024-02201-0", Strength.CONTRADICTS, context="correction"),)


def test_new_version_update_is_not_a_notice() -> None:
    """update-to of kind new_version marks a version, not a notice."""
    version = make_work("10.5555/v2", SCGPT_TITLE, "Cui", "Haotian", update_to=(Update("new_version", "10.5555/v1"),))
    assert score_candidate(make_entry(), version).objections == ()


def test_reply_title_is_a_notice() -> None:
    """'Reply to' and 'Matters arising' pieces are not the paper."""
    reply = make_work("10.5555/reply", "Reply to: scGPT limitations", "Cui", "Haotian")
    assert kinds(score_candidate(make_entry(), reply).objections) == (Kind.NOTICE_TITLE,)


@pytest.mark.parametrize("title", ["Correction", "Correction to: scGPT", "Publisher Correction: scGPT",
                                   "Erratum to \u201cscGPT\u201d", "RETRACTED: scGPT", "Retraction Note: scGPT",
                                   "Editorial Expression of Concern: scGPT", "Reply to: scGPT critique",
                                   "Response to the comment on scGPT", "Matters arising from scGPT",
                                   "Comment on \u2018scGPT\u2019", "Author response: scGPT",
                                   "Decision letter: scGPT"])
def test_notice_titles_are_recognised(title: str) -> None:
    """Correction, retraction, concern and reply pieces are recognised by their titles."""
    assert score_candidate(make_entry(), make_work("10.5555/n", title, "Cui", "Haotian")).objections[0].kind is (
        Kind.NOTICE_TITLE)


@pytest.mark.parametrize("title", ["Correction of batch effects in single-cell data",
                                   "Response to immunotherapy predicted by scGPT", "Replying cells"])
def test_paper_titles_starting_like_notices_are_papers(title: str) -> None:
    """'Correction of ...' and 'Response to ...' papers are not notices."""
    assert not any(objection.kind is Kind.NOTICE_TITLE for objection in score_candidate(
        make_entry(), make_work("10.5555/p", title, "Cui", "Haotian")).objections)


def test_retracted_work_is_rejected() -> None:
    """A retracted work carries the objection 'retracted by <notice>'."""
    retracted = make_work("10.5555/r", SCGPT_TITLE, "Cui", "Haotian", updated_by=(Update("retraction", "10.5555/n"),))
    assert score_candidate(make_entry(), retracted).objections == (
        Evidence(Kind.RETRACTED_BY, "10.5555/n", Strength.CONTRADICTS),)


def test_correction_of_a_work_is_evidence_not_objection() -> None:
    """A correction pointing at a work is noted; the work stays acceptable."""
    corrected = make_work("10.5555/c", SCGPT_TITLE, "Cui", "Haotian", updated_by=(Update("correction", "10.5555/k"),))
    scored = score_candidate(make_entry(), corrected)
    assert (scored.evidence[0], scored.objections) == (
        Evidence(Kind.UPDATED_BY, "10.5555/k", Strength.NOTE, context="correction"), ())


# ---------------------------------------------------------------- acceptance rule


def test_author_and_year_alone_are_not_enough() -> None:
    """A paper by the row's author in the row's year, without the model name, is not accepted."""
    other = make_work("10.5555/other", "Single-cell multi-omic integration at scale", "Cui", "Haotian", 2024)
    scored = score_candidate(make_entry(), other)
    assert scored.objections == (Evidence(Kind.MODEL_NOT_IN_TITLE, "scGPT", Strength.UNCONFIRMED),)


def test_model_name_picks_between_one_authors_two_papers() -> None:
    """Jing Xu's two 2023 papers: the row's model name decides."""
    result = verdict(make_entry("STGRNS", ("Jing Xu",), 2023), [CIFORM, STGRNS])
    assert result.accepted is not None and result.accepted.work.doi == "10.1093/bioinformatics/btad165"


def test_stated_title_accepts_by_similarity() -> None:
    """A stated title at ≥ 0.9 similarity is content evidence on its own."""
    entry = make_entry("Geneformer", ("Theodoris",), 2023,
                       title="Transfer learning enables predictions in network biology")
    work = make_work("10.1038/s41586-023-06139-9", "Transfer learning enables predictions in network biology",
                     "Theodoris", "Christina V.", 2023)
    assert verdict(entry, [work]).accepted is not None


def test_stated_title_far_off_contradicts() -> None:
    """A stated title below 0.6 similarity marks another paper, even with the model in the title."""
    entry = make_entry(title="Large-scale foundation model on single-cell transcriptomics", model="scGPT")
    scored = score_candidate(entry, SCGPT)
    assert (scored.objections, is_contradicted(scored)) == (
        (Evidence(Kind.TITLE_DIFFERS, strength=Strength.CONTRADICTS, value=0.558),), True)


def test_generic_link_text_is_not_a_title() -> None:
    """Link texts shorter than four words ("Paper", "Nature Methods") are not compared as titles."""
    assert (stated_title(make_entry(title="Nature Methods")), stated_title(make_entry(title="A b c d"))) == (
        None, "A b c d")


def test_row_without_author_needs_the_title() -> None:
    """Without an author, a model name in the title is not enough."""
    scored = score_candidate(make_entry(authors=()), SCGPT)
    assert kinds(scored.objections) == (Kind.NO_ROW_AUTHOR,)


def test_row_without_author_accepts_an_exact_title() -> None:
    """Without an author, the stated title still verifies a work."""
    assert verdict(make_entry(authors=(), title=SCGPT_TITLE), [SCGPT]).accepted is not None


def test_abstract_introduction_with_exact_year_is_accepted() -> None:
    """'... architecture, called Enformer' in the abstract, first author and exact year accept the work."""
    result = verdict(make_entry("Enformer", ("Žiga Avsec",), 2021), [ENFORMER])
    assert result.accepted is not None and result.accepted.evidence[-1].kind is (
        Kind.MODEL_INTRODUCED_IN_ABSTRACT)


def test_abstract_introduction_needs_the_exact_year() -> None:
    """Model only in the abstract and the year one off: abstain."""
    scored = score_candidate(make_entry("Enformer", ("Žiga Avsec",), 2022), ENFORMER)
    assert scored.objections == (Evidence(Kind.MODEL_NOT_IN_TITLE, "Enformer", Strength.UNCONFIRMED),)


def test_abstract_comparison_is_not_an_introduction() -> None:
    """'we compared with Enformer' does not introduce the model."""
    work = make_work("10.5555/cmp", "Sequence models of expression", "Avsec", "Žiga", 2021,
                     abstract="We present a new method and compared it with Enformer on held-out genes.")
    assert verdict(make_entry("Enformer", ("Žiga Avsec",), 2021), [work]).accepted is None


def test_abstract_route_yields_to_a_competitor() -> None:
    """Two papers by the author that year both naming the model in their abstracts: abstain."""
    rival = make_work("10.5555/rival", "Long-range sequence models", "Avsec", "Žiga", 2021,
                      abstract="We extend Enformer to new species.")
    result = verdict(make_entry("Enformer", ("Žiga Avsec",), 2021), [ENFORMER, rival])
    assert (result.accepted, kinds(result.reasons)) == (None, (Kind.NONE_VERIFIED,))


def test_description_alone_is_never_enough() -> None:
    """Description overlap adds confidence but cannot make author+year acceptable."""
    other = make_work("10.5555/d", "Foundation model for single-cell multi-omics integration", "Cui", "Haotian", 2024)
    entry = make_entry(description="A foundation model designed for single-cell multi-omics integration")
    scored = score_candidate(entry, other)
    assert (scored.acceptable, scored.evidence[-1]) == (
        False, Evidence(Kind.DESCRIPTION_OVERLAP, strength=Strength.WEAK, value=1.0))


# ---------------------------------------------------------------- verdict


def test_no_candidates_reason() -> None:
    """An empty candidate list abstains with 'no candidates found'."""
    assert verdict(make_entry(), []) == Verdict(None, (), (Evidence(Kind.NO_CANDIDATES, strength=Strength.NOTE),))


def test_two_different_papers_are_ambiguous() -> None:
    """Two different papers by the same author with the model in the title: abstain as ambiguous."""
    follow_up = make_work("10.5555/fu", "scGPT applied to spatial omics at atlas scale", "Cui", "Haotian", 2024)
    result = verdict(make_entry(), [SCGPT, follow_up])
    assert (result.accepted, kinds(result.reasons), len(result.reasons[0].because)) == (None, (Kind.AMBIGUOUS,), 2)


def test_preprint_and_published_are_not_ambiguous() -> None:
    """A preprint and its published version are one paper; the version of record ranks first."""
    result = verdict(make_entry(), [SCGPT_PREPRINT, SCGPT])
    assert result.accepted is not None and result.accepted.work.doi == "10.1038/s41592-024-02201-0"


def test_correction_ranked_first_is_skipped() -> None:
    """A correction notice listed before the paper does not win."""
    result = verdict(make_entry(), [CORRECTION, SCGPT])
    assert result.accepted is not None and result.accepted.work.doi == "10.1038/s41592-024-02201-0"


def test_retracted_best_candidate_reports_retraction() -> None:
    """When the only match is retracted, the verdict says 'retracted: <notice>'."""
    retracted = make_work("10.5555/r", SCGPT_TITLE, "Cui", "Haotian", updated_by=(Update("retraction", "10.5555/n"),))
    assert verdict(make_entry(), [retracted]).reasons == (Evidence(Kind.RETRACTED, "10.5555/n", Strength.NOTE),)


def test_duplicate_dois_are_scored_once() -> None:
    """The same DOI from two queries counts once (no self-ambiguity)."""
    assert len(verdict(make_entry(), [SCGPT, SCGPT]).ranked) == 1


# ---------------------------------------------------------------- versions


def test_same_work_by_one_sided_relation() -> None:
    """has-preprint on the journal side alone pairs the two."""
    assert (same_work(SCGPT, SCGPT_PREPRINT), same_work(SCGPT_PREPRINT, SCGPT)) == (True, True)


def test_same_work_by_title_author_year() -> None:
    """Near-identical titles by one first author within two years are one work."""
    unlinked = make_work("10.5555/pre", SCGPT_PREPRINT.title, "Cui", "H.", 2023, "posted-content")
    assert same_work(SCGPT, unlinked) is True


def test_same_title_other_author_is_not_same_work() -> None:
    """The same title by another first author is another work."""
    assert same_work(SCGPT, make_work("10.5555/o", SCGPT_TITLE, "Wang", "Bo", 2024)) is False


def test_verify_version_accepts_linked_published_version() -> None:
    """A linked published version by the same first author within the row's year range verifies."""
    assert verify_version(make_entry(year=2023), SCGPT_PREPRINT, SCGPT, becomes_record=True) == ()


def test_verify_version_rejects_year_outside_row() -> None:
    """A published version two years after the row's year cannot become the record."""
    late = make_work("10.5555/late", SCGPT_TITLE, "Cui", "Haotian", 2025)
    assert verify_version(make_entry(year=2023), SCGPT_PREPRINT, late, becomes_record=True) == (
        Evidence(Kind.YEAR_DIFFERS, "2025", Strength.CONTRADICTS, context="2023"),)


def test_title_similarity_ignores_case_and_punctuation() -> None:
    """Case, hyphens and punctuation do not lower the similarity."""
    assert title_similarity("Large-scale foundation model on single-cell transcriptomics",
                            "Large Scale Foundation Model on Single-cell Transcriptomics") == 1.0


def test_title_contained_in_longer_title_is_not_similar() -> None:
    """A short title inside a much longer one is not a near match (token_set is not trusted there)."""
    assert title_similarity("single cell foundation model",
                            "A single cell foundation model for everything in biology and medicine today") < 0.9


# ---------------------------------------------------------------- properties

_families = st.sampled_from(["Cui", "Xu", "Avsec", "Chen", "Theodoris", "Hao", "Yang", "Wang", "Bian", "Levine"])
_years = st.integers(min_value=2015, max_value=2025)
_models = st.sampled_from(["scGPT", "STGRNS", "TOSICA", "Enformer", "CIForm", "scBERT"])


@st.composite
def _works(draw: st.DrawFn) -> WorkRecord:
    model = draw(_models)
    title = draw(st.sampled_from([f"{model}: a transformer for cells", "Single-cell atlas integration",
                                  SCGPT_TITLE, STGRNS.title, TOSICA.title]))
    return make_work(f"10.5555/{draw(st.integers(0, 10**6))}", title, draw(_families),
                     draw(st.sampled_from([None, "A.", "Haotian", "Jing"])), draw(_years),
                     draw(st.sampled_from(["journal-article", "posted-content"])))


@given(st.lists(_works(), max_size=6), _models, _families, _years)
@settings(max_examples=200, deadline=None)
def test_property_other_first_author_never_accepted(works: list[WorkRecord], model: str, family: str,
                                                      year: int) -> None:
    """Whatever the candidates, an accepted work's first author is the row's."""
    result = verdict(make_entry(model, (family,), year), works)
    assert result.accepted is None or result.accepted.work.authors[0].family == family


@given(st.lists(_works(), max_size=6), _models, _families, _years)
@settings(max_examples=200, deadline=None)
def test_property_correction_notice_never_changes_verdict(works: list[WorkRecord], model: str, family: str,
                                                          year: int) -> None:
    """Adding a correction notice (same title, author, year) never changes which work is accepted."""
    entry = make_entry(model, (family,), year)
    before = verdict(entry, works)
    base = before.accepted.work if before.accepted else (works[0] if works else SCGPT)
    notice = make_work("10.5555/notice-x", f"Correction: {base.title}", family, None, year)
    after = verdict(entry, [notice, *works])
    accepted_before = before.accepted.work.doi if before.accepted else None
    assert (after.accepted.work.doi if after.accepted else None) == accepted_before


@given(_works(), _models, _families, _years)
@settings(max_examples=200, deadline=None)
def test_property_confidence_in_unit_interval(work: WorkRecord, model: str, family: str, year: int) -> None:
    """Confidence is always within 0..1."""
    assert 0.0 <= score_candidate(make_entry(model, (family,), year), work).confidence <= 1.0


@given(_models, _families, _years, st.text(min_size=0, max_size=60))
@settings(max_examples=200, deadline=None)
def test_property_author_and_year_without_model_never_accepted(model: str, family: str, year: int,
                                                              title: str) -> None:
    """A title without the model name (and no stated title or abstract) is never accepted on author and year."""
    work = make_work("10.5555/p", f"Untitled {title}".replace(model, "").replace(model.lower(), ""), family, None, year)
    if model_is_acronym(model, work.title) or model_in_text(model, work.title):
        return
    assert verdict(make_entry(model, (family,), year), [work]).accepted is None


# ---------------------------------------------------------------- head of title, given names


def test_model_inside_title_is_not_enough() -> None:
    """'Fine-tuning Geneformer for ...' by the same author and year names a use of the model, not its paper."""
    follow_up = make_work("10.5555/ft", "Fine-tuning Geneformer for cardiomyopathy targets", "Theodoris", "C.", 2023)
    scored = score_candidate(make_entry("Geneformer", ("Theodoris",), 2023), follow_up)
    assert scored.objections == (Evidence(Kind.MODEL_INSIDE_NOT_INTRODUCED, "Geneformer", Strength.UNCONFIRMED),)


def test_model_after_article_or_colon_heads_the_title() -> None:
    """'The Nucleotide Transformer: ...' and 'Subtitle: X ...' both open a title part with the model."""
    assert (model_heads_title("Nucleotide Transformer", "The Nucleotide Transformer: building robust models"),
            model_heads_title("scGPT", "Foundation models: scGPT for single cells"),
            model_heads_title("scGPT", "Fine-tuning scGPT for perturbations")) == (True, True, False)


def test_full_given_names_must_agree() -> None:
    """'Yuchen Wang' in the row is not 'Wang, Yang' even though the initials agree."""
    work = make_work("10.5555/w", "scGREAT: transformer for gene regulation", "Wang", "Yang", 2024)
    scored = score_candidate(make_entry("scGREAT", ("Yuchen Wang",), 2024), work)
    assert scored.objections == (Evidence(Kind.AUTHOR_DIFFERS, "Yang Wang", Strength.CONTRADICTS,
                                          context="Yuchen Wang"),)


def test_given_name_written_apart_agrees() -> None:
    """'Jiawei Chen' in the row is 'Chen, Jia-Wei' in the record."""
    work = make_work("10.5555/jw", TOSICA.title, "Chen", "Jia-Wei", 2023)
    assert score_candidate(make_entry("TOSICA", ("Jiawei Chen",), 2023), work).objections == ()


@pytest.mark.parametrize("row_author, work_given, same", [
    ("Jia-Wei Chen", "Jiawei", True),
    ("Jia Wei Chen", "Jia-Wei", True),
    ("Yiqun T. Chen", "Yiqun", True),
    ("M. Chen", "Minsheng", True),
    ("Xi Chen", "Xiao", False),
    ("Jing Chen", "Jingwen", False),
])
def test_given_names_agree_only_when_they_are_the_same_name(row_author: str, work_given: str, same: bool) -> None:
    """A given name that merely starts another is another person; initials and spelling variants agree."""
    entry = make_entry("Widget", (row_author,), 2023)
    work = make_work("10.1000/w", "Widget: a model", "Chen", work_given, 2023)
    assert (Kind.AUTHOR_DIFFERS not in kinds(score_candidate(entry, work).objections)) is same


def test_title_hint_confirms_a_match_without_the_model_name() -> None:
    """A title read from a plain reference is content evidence when it matches the record closely."""
    entry = replace(make_entry("Geneformer", ("Theodoris, C. V.",), 2023),
                    title_hint="Transfer learning enables predictions in network biology")
    work = make_work("10.5555/tl", "Transfer learning enables predictions in network biology", "Theodoris",
                     "Christina V.", 2023)
    assert verdict(entry, [work]).accepted.work.doi == "10.5555/tl"


def test_misread_title_hint_never_rejects() -> None:
    """A hint that matches nothing neither rejects a model-name match nor adds an objection."""
    entry = replace(make_entry(), title_hint="Nature Methods volume twenty one pages")
    assert verdict(entry, [SCGPT]).accepted.work.doi == SCGPT.doi
    assert score_candidate(entry, SCGPT).objections == ()


# ---------------------------------------------------------------- the model as the title's subject


@pytest.mark.parametrize("title, subject", [
    ("CellScope: mapping tissue architecture", True),
    ("CellScope is a model of tissue architecture", True),
    ("Mapping tissue architecture with CellScope", True),
    ("Mapping tissue architecture with CellScope: a spatial atlas", True),
    ("A transformer model of tissue architecture (CellScope)", True),
    ("Cell annotation with CellScope embeddings", False),
    ("CellScope-2: mapping tissue architecture", False),
    ("CellScope 2.0: mapping tissue architecture", False),
    ("CellScope+: mapping tissue architecture", False),
    ("multi-CellScope: mapping tissue architecture", False),
    ("Models of tissue architecture (CellScope, TissueNet) compared", False),
    ("Benchmarking CellScope on lung tissue", False),
    ("Extending CellScope to plant tissues", False),
    ("Assessing CellScope embeddings for annotation", False),
])
def test_model_is_the_subject_only_as_a_whole_token_in_a_subject_position(title: str, subject: bool) -> None:
    """'X: ...', 'X is ...', '... with X', '... (X)' name the paper's model; successors and uses do not."""
    assert model_is_subject("CellScope", title) is subject


def test_same_year_follow_up_still_competes() -> None:
    """Decoy: a follow-up naming the model, by the same first author in the row's year, keeps an abstract-only
    original from being accepted (two works of that year could be the row's)."""
    original = make_work("10.5555/orig", "Predicting chromatin loops from DNA sequence", "Berg", "Tomas", 2022,
                         abstract="Here we present LoopBERT, a transformer that predicts chromatin loops.")
    same_year = make_work("10.5555/ext", "Extending LoopBERT to plant genomes", "Berg", "Tomas", 2022)
    next_year = replace(same_year, doi="10.5555/ext-next", year=2023)
    entry = make_entry("LoopBERT", ("Tomas Berg",), 2022)
    assert (verdict(entry, [original, same_year]).accepted,
            verdict(entry, [original, next_year]).accepted.work.doi) == (None, "10.5555/orig")


def test_successor_in_the_rows_year_does_not_displace_an_exact_original() -> None:
    """Two acceptable papers, the original with the row's year and first author, the other a year off: the
    original is accepted instead of abstaining."""
    original = make_work("10.5555/gf", "GutFormer: transformers for the gut microbiome", "Moreau", "Lucas", 2023)
    later = make_work("10.5555/gf2", "GutFormer: a benchmark of microbiome phenotypes", "Moreau", "Lucas", 2024)
    assert verdict(make_entry("GutFormer", ("Lucas Moreau",), 2023), [later, original]).accepted.work.doi == (
        "10.5555/gf")


# ---------------------------------------------------------------- linked versions


SPLICE_PREPRINT = make_work("10.5555/sp-pre", "SpliceLM: a language model of pre-mRNA splicing", "Obi", "Amara", 2022,
                            "posted-content", is_preprint=True, preprint_of=("10.5555/sp",))


def test_linked_version_may_be_retitled_and_years_later() -> None:
    """A stated is-preprint-of pairs a preprint with its article two years later under another title."""
    article = WorkRecord(doi="10.5555/sp", title="Language models decode tissue-specific exon usage",
                         source="crossref", type="journal-article",
                         authors=(Author("Nwosu", "Chinedu"), Author("Obi", "Amara")), year=2024)
    assert verify_version(make_entry("SpliceLM", ("Amara Obi",), 2022), SPLICE_PREPRINT, article,
                          becomes_record=True) == ()


def test_linked_version_by_other_people_is_refused() -> None:
    """Decoy: the relation points at a record with no author in common: not a version."""
    other = make_work("10.5555/sp", "Acoustic monitoring of coral reefs", "Price", "Hannah", 2024)
    assert kinds(verify_version(make_entry("SpliceLM", ("Amara Obi",), 2022), SPLICE_PREPRINT, other,
                                becomes_record=True)) == (Kind.VERSION_AUTHORS_DIFFER,)


def test_unlinked_retitled_paper_is_not_a_version() -> None:
    """Decoy: without a stated relation, a retitled paper two years later is another work."""
    unlinked = replace(SPLICE_PREPRINT, preprint_of=())
    article = make_work("10.5555/sp", "Language models decode tissue-specific exon usage", "Obi", "Amara", 2024)
    assert set(kinds(verify_version(make_entry("SpliceLM", ("Amara Obi",), 2022), unlinked, article,
                                    becomes_record=True))) == {Kind.YEAR_DIFFERS, Kind.VERSION_TITLES_DIFFER}


# ---------------------------------------------------------------- what a repository cites


NO_ABSTRACT = make_work("10.5555/na", "Predicting RNA coverage from sequence", "Lind", "Sofia", 2023)


def test_cited_doi_is_content_evidence() -> None:
    """A work the official repository cites by DOI, with the row's first author and year, is accepted."""
    cited = (Evidence(Kind.REPO_CITES_DOI, "10.5555/na", context="README"),)
    result = verdict(make_entry("CovNet", ("Sofia Lind",), 2023), [NO_ABSTRACT], cited)
    assert (result.accepted.work.doi, Kind.REPO_CITES_DOI in kinds(result.accepted.evidence)) == ("10.5555/na", True)


def test_cited_preprint_doi_vouches_for_its_article() -> None:
    """The repository cites the preprint's DOI; the article that lists that preprint is vouched for."""
    article = replace(NO_ABSTRACT, has_preprint=("10.5555/na-pre",))
    cited = (Evidence(Kind.REPO_CITES_PREPRINT, "10.5555/na-pre", context="README"),)
    assert verdict(make_entry("CovNet", ("Sofia Lind",), 2023), [article], cited).accepted is not None


def test_cited_title_vouches_only_for_that_title() -> None:
    """A title read in CITATION.cff vouches for the work with that title, not for another paper."""
    cited = (Evidence(Kind.REPO_CITES_TITLE, "Predicting RNA coverage from sequence.", context="CITATION.cff"),)
    other = make_work("10.5555/other", "Splicing maps of the human brain", "Lind", "Sofia", 2023)
    entry = make_entry("CovNet", ("Sofia Lind",), 2023)
    assert (verdict(entry, [NO_ABSTRACT], cited).accepted is not None,
            verdict(entry, [other], cited).accepted) == (True, None)


def test_cited_doi_of_another_persons_paper_is_refused() -> None:
    """Decoy: the repository cites a paper whose authors do not include the row's person: rejected."""
    cited = (Evidence(Kind.REPO_CITES_DOI, "10.5555/na", context="README"),)
    scored = score_candidate(make_entry("CovNet", ("Omar Said",), 2023), NO_ABSTRACT, cited)
    assert kinds(scored.objections) == (Kind.AUTHOR_DIFFERS,)


def test_citation_without_the_rows_year_is_refused() -> None:
    """Decoy: the cited work is three years off the row's year: another paper (e.g. the lab's older method)."""
    cited = (Evidence(Kind.REPO_CITES_DOI, "10.5555/na", context="README"),)
    scored = score_candidate(make_entry("CovNet", ("Sofia Lind",), 2026), NO_ABSTRACT, cited)
    assert kinds(scored.objections) == (Kind.YEAR_DIFFERS,)


def test_cited_arxiv_id_vouches_for_the_arxiv_record() -> None:
    """A README's arXiv id, handed over as its DataCite DOI, vouches for the arXiv record."""
    arxiv = make_work("10.48550/arxiv.2313.04512", "Sparse chromatin profiles", "Natarajan", "Priya", 2023,
                      "posted-content", "datacite", is_preprint=True, arxiv_id="2313.04512")
    cited = (Evidence(Kind.REPO_CITES_ARXIV, "10.48550/arXiv.2313.04512", context="README"),)
    assert verdict(make_entry("ArxFormer", ("Priya Natarajan",), 2023), [arxiv], cited).accepted is not None


@pytest.mark.parametrize("candidate, kinds_expected", [
    ("Codon usage language models 2: translational selection in bacteria", (Kind.TITLE_NUMBER_DIFFERS,)),
    ("Codon usage language models reveal translational selection in bacteria II", (Kind.TITLE_NUMBER_DIFFERS,)),
    ("Codon Usage Language Models Reveal Translational Selection in Bacteria", ()),
])
def test_a_close_title_with_another_number_is_another_work(candidate: str, kinds_expected: tuple) -> None:
    """Decoy: 'X 2' or '... II' is the next work however close the other words; case and punctuation are not."""
    entry = make_entry(None, (), 2021, title="Codon usage language models reveal translational selection in bacteria")
    scored = score_candidate(entry, make_work("10.5555/c", candidate, "Berg", "Jon", 2021))
    assert kinds(scored.objections) == kinds_expected


def test_numbers_both_titles_share_are_no_objection() -> None:
    """'COVID-19' and '3D' in both the row's and the record's title agree."""
    title = "Single-cell 3D chromatin maps of COVID-19 lungs by transformers"
    scored = score_candidate(make_entry(None, (), 2021, title=title), make_work("10.5555/cv", title, "Li", "Bo", 2021))
    assert scored.objections == ()


def test_cited_work_is_as_confident_as_a_model_in_its_title() -> None:
    """A cited work with the row's first author and year is ranked with a confidence close to a titled model."""
    cited = (Evidence(Kind.REPO_CITES_DOI, "10.5555/na", context="README"),)
    assert score_candidate(make_entry("CovNet", ("Sofia Lind",), 2023), NO_ABSTRACT, cited).confidence == 0.85


def test_cited_title_with_another_number_vouches_for_nothing() -> None:
    """Decoy: the README cites 'Predicting RNA coverage from sequence 2'; the first paper is not vouched for."""
    cited = (Evidence(Kind.REPO_CITES_TITLE, "Predicting RNA coverage from sequence 2", context="README"),)
    assert verdict(make_entry("CovNet", ("Sofia Lind",), 2023), [NO_ABSTRACT], cited).accepted is None
