"""Pure scoring and verification of candidate works against a catalogue row (no HTTP, no cache, no clock).

Every finding is a typed `enrich.evidence.Evidence` (kind, detail, strength); decisions read kinds and strengths,
never words (the report renders those).

Acceptance rule
---------------
A candidate is *contradicted* (never accepted, whatever else matches) when any of these holds:

- it is a notice, not a paper: its type is not in `ACCEPTED_TYPES`; it updates another DOI (`update_to`, other
  than a new version or edition); or its title is a notice's ("Correction: ...", "Author Correction: ...",
  "Erratum to ...", "Retraction Note: ...", "Expression of concern: ...", "Reply to: ...", "Comment on ...",
  "Matters arising ...", "Reply to X et al.: ..."; "Correction of batch effects ..." is a paper); or it is a
  meeting abstract ("Abstract 1234: ...", an issue such as "12_Supplement");
- it is retracted (`updated_by` holds a retraction, withdrawal or removal): objection RETRACTED_BY;
- the row names a person who is not the work's first author, a co-first author (second or third) or its senior
  (last) author (`author_role`). Family names are compared diacritics-, case- and particle-insensitively
  ("Žiga Avsec" = "Avsec, Ž." = "Z. Avsec"); when both sides give a first name, it must agree too (by initial, or
  the same full name: "Yuchen" is not "Yang"); a generational suffix ("Jr", "III") is no part of the family name;
- another person the row names ("A & B", "A, B & C (2022)", an Authors cell) is not among the work's authors
  (`_check_co_authors`: a namesake in another field shares one family name, not the co-authors); two further
  persons found outweigh one spelled otherwise, and a record listing one author only is judged on that author;
- the row has a year and the work has none, or they differ by more than `YEAR_TOLERANCE` (1: preprint vs print);
- the row states a title (at least `MIN_TITLE_WORDS` words) and the work's title is less similar than
  `TITLE_CONTRADICTS` (a title contained in a longer one scores at most `TITLE_CONTAINED`, so that the exact
  title outranks "the same words: a benchmark").

A candidate that is not contradicted is *acceptable* when it also carries content evidence, one of:

1. title: the row states a title and the similarity is at least `TITLE_ACCEPT` (a title only read out of a plain
   reference, `entry.title_hint`, counts here too, but never contradicts);
2. model: the row names an author, and the title makes the model its subject (`model_is_subject`), as a whole
   token: it opens the title or a part of it ("scGPT: ...", "The Nucleotide Transformer: ...", "CIForm as a ..."),
   ends a part after "with" ("... with CellScope"), or stands alone in parentheses ("... (RiboNet)"); "scGPT-2",
   "scGPT 2.0", "scGPT+" and "multi-scGPT" are other models. The initials of the words opening a title part may
   spell it instead (TOSICA). When the row also states a title, its similarity must reach `TITLE_SUPPORT`. A model
   named further inside a title ("Fine-tuning X for Y", "Benchmarking X") is someone's use of it;
3. cited: the row names an author and a vouching source (the official repository, through
   `resolve.verify_candidates`) cites this work: its DOI, its other version's DOI, its arXiv id, or its title;
4. abstract: the row's person is the FIRST author, the year is exactly the work's, and the abstract introduces
   the model (an introducing verb earlier in the same sentence, no comparison word in between: "we present X",
   not "we compared with X"); accepted only when no other non-contradicted work (not a version of this one)
   mentions the model as well, follow-ups set aside as below;
5. venue: the row names no person but a venue ("X (ICML 2024)", "X — Nature Methods, 2023"), the model is a part
   of the title by itself ("X: ...", "(X)"; not a news piece's "X reads the code"), the year is exactly the row's,
   no other work in that venue names the model (in its abstract, say), and the record's journal or proceedings is
   the row's venue (`venue_matches`), or the row names a conference and the record is an arXiv preprint the
   official repository cites (many conferences register no DOI); accepted only when no other different work
   passes.

A co-first or senior author weighs less than the first author (`CO_FIRST_FACTOR`, `SENIOR_FACTOR`) and never rests
on the abstract alone. Author and year alone are never enough: one author often publishes several papers a year.
A short model name (`SHORT_MODEL_MAX`) carried by the model or abstract evidence, with one of the
`COMMON_FAMILY_NAMES` and the year, is not enough either (`_check_common_name`): the row must add something
(another named author on the work, the given name written out, the stated title, most of the description's words,
or a repository the row itself links citing the work).
The description cell only breaks ties (at most `DESCRIPTION_WEIGHT`); the service's relevance score is not used.

`verdict` accepts the most confident acceptable candidate unless a different paper (not a version of it, see
`same_work`) is acceptable too with a confidence within `AMBIGUITY_MARGIN`: then it abstains as ambiguous. Among
acceptable copies of one paper that are not preprints (related, or the same title by the same first author) it
takes the version of record: the one a preprint relation names, and an article before a thesis or a report with
its title (a workshop paper, a book chapter or a
thesis may carry the row's year and the article's title). A retracted work with content evidence, the row's year
and first author stops the row (RETRACTED): another work that also passes is a follow-up, not what the row names. A
follow-up ("Extending X to ...", a successor a year later, the person not first) does not compete with an original
that has the row's exact year and first author, and a derivative's paper ("X-MSA: ...", "X-2: ...") that passes
only because the repository cites it beside the model's does not compete with the one work naming the model whole
(its title's subject, or introduced in its abstract). Among versions of one paper it prefers the version of record;
`resolve` then pairs preprint and published (`verify_version`: a stated preprint relation plus author overlap, or
near-identical titles by the same first author).
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import Enum

from rapidfuzz import fuzz

from enrich.evidence import Evidence, Kind, Strength, has_kind, reason
from enrich.identifiers import arxiv_doi, arxiv_id_from, is_arxiv_doi
from enrich.names import families_match, family_name, family_tokens, given_parts, names_author, parse, same_person
from enrich.records import RETRACTING_UPDATES, Author, CatalogueEntry, ScoredCandidate, WorkRecord
from enrich.text import ascii_fold, fold

log = logging.getLogger(__name__)

# Titles this similar are the same title written differently (case, punctuation, a dropped subtitle word).
TITLE_ACCEPT = 0.90
# A title inside a longer one ("T" in "T: a benchmark") is close, never identical: the exact title ranks first.
TITLE_CONTAINED = 0.97
# Below TITLE_ACCEPT a stated title can still support a model-name match (preprint and print titles drift).
TITLE_SUPPORT = 0.75
# Below this the work is another paper than the one the row names.
TITLE_CONTRADICTS = 0.60
# Link texts such as "Paper" or "Nature Methods" are not titles; real titles are longer.
MIN_TITLE_WORDS = 4
# Co-first authors are listed among the first three; the senior (corresponding) author last. Either may be the
# person a list names, but only the first author counts fully, and neither carries an abstract-only match.
CO_FIRST_POSITIONS = 3
CO_FIRST_FACTOR = 0.9
SENIOR_FACTOR = 0.85
# Preprint and print are often a calendar year apart, rarely more.
YEAR_TOLERANCE = 1
# Two different papers closer than this in confidence cannot be told apart: abstain.
AMBIGUITY_MARGIN = 0.10
# Versions of one paper: near-identical titles, same first author, within two years.
SAME_WORK_TITLE = 0.93
SAME_WORK_YEARS = 2
# Without a stated relation, versions' titles may differ in word forms, never by a word swapped for another of at
# least this length; words sharing a WORD_STEM-letter start are forms of one word ("predicting", "prediction").
SWAPPED_WORD_MIN = 4
WORD_STEM = 5
# Author lists compared for a stated preprint relation: enough to see the same group, cheap on consortia.
OVERLAP_AUTHORS = 20
# The description is a weak hint: it may reorder close candidates, never carry one alone.
DESCRIPTION_WEIGHT = 0.05
# Acronyms shorter than this collide by chance; longer ones are still only read at the head of a title part.
ACRONYM_MIN = 3
# Short all-capital model names ("GET", "UCE") are also ordinary words; they must match case-sensitively.
CASE_SENSITIVE_MAX = 4
# How far before the model name an introducing verb may stand ("we developed a ... model, X").
INTRO_WINDOW_WORDS = 15
# A namesake shares one name by chance, rarely three: this many further persons of the row found on a record
# outweigh one of them missing (a transliteration, "Jung" for "Jeong").
CO_AUTHORS_OUTWEIGH = 2
# Model names this short (letters and digits) are acronyms that other fields coin too ("CARP", "DPLM", "PoET").
SHORT_MODEL_MAX = 5
# A description that shares this much of its wording with a record corroborates a short model name.
DESCRIPTION_CORROBORATES = 0.5

ACCEPTED_TYPES = frozenset(
    {"journal-article", "proceedings-article", "posted-content", "book-chapter", "report", "dissertation"}
)
# Venues of preprint servers, folded; some register their preprints as journal articles of these "journals".
_PREPRINT_VENUES = frozenset({"ssrn electronic journal", "biorxiv", "medrxiv", "arxiv", "research square"})
# A thesis or a report with an article's title is another version of it, never the one to cite beside the article.
_LESSER_VERSION_TYPES = frozenset({"dissertation", "report"})
# Updates that make a work a version of another paper rather than a notice about it.
_VERSION_UPDATES = frozenset({"new_version", "new-version", "new_edition", "new-edition"})
# Notice titles: the keyword stands alone or before ":" / "to" ("Correction to: X"), so that papers such as
# "Correction of batch effects ..." or "Response to immunotherapy ..." are not mistaken for notices.
_NOTICE_TITLE = re.compile(
    r"^\W*(?:(?:author|publisher|editorial|editor's|authors')\s+)?"
    r"(?:(?:correction|erratum|errata|corrigendum|corrigenda|addendum|retraction(?:\s+note|\s+notice)?"
    r"|retracted(?:\s+article)?|withdrawn|withdrawal(?:\s+notice)?|expression\s+of\s+concern"
    r"|notice\s+of\s+retraction)(?:\s*$|\s*[:.(\[–—-]|\s+to\b)"
    r"|reply(?:\s*$|\s*:|\s+to\b)"
    r"|response(?:\s*$|\s*:|\s+to\s*(?::|['\"“‘]|comments?\b|letters?\b|the\s+(?:comment|letter)\b"
    r"|[^:]{1,80}?\bet\s+al\b))"
    r"|comment(?:ary)?\s+on\b|matters\s+arising\b|book\s+review\b|decision\s+letter\b|peer\s+review\s+(?:of|report)\b)",
    re.IGNORECASE,
)
# A meeting abstract printed in a journal supplement is not the paper: "Abstract 1234: ...", "Abstract LB-042: ..."
# (AACR), or an issue such as "12_Supplement" / "15_suppl" (AACR, ASCO). "Supplement_1" also holds full papers
# (ISMB in Bioinformatics), so it is not taken as one.
_MEETING_ABSTRACT_TITLE = re.compile(r"^\W*abstract\s+[A-Z]{0,3}[-\s]?\d+[A-Z0-9-]*\s*:", re.IGNORECASE)
_MEETING_SUPPLEMENT_ISSUE = re.compile(r"\d+[_ ]suppl(?:ement)?", re.IGNORECASE)
# The family names carried by the most authors worldwide (Chinese, Korean, Vietnamese, Indian, Japanese, Western;
# folded): one of them with a year identifies nobody, since thousands of authors publish under it each year.
COMMON_FAMILY_NAMES = frozenset(
    {"wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "xu", "sun", "ma", "zhu", "hu",
     "guo", "he", "lin", "gao", "luo", "zheng", "liang", "xie", "song", "tang", "han", "feng", "deng", "cao",
     "peng", "zeng", "xiao", "tian", "dong", "pan", "yuan", "cai", "jiang", "yu", "du", "ye", "cheng", "wei", "su",
     "lu", "ding", "ren", "shen", "yao", "fan", "kim", "lee", "park", "choi", "jung", "jeong", "kang", "cho",
     "yoon", "jang", "lim", "nguyen", "tran", "le", "pham", "singh", "kumar", "sharma", "gupta", "patel", "sato",
     "suzuki", "takahashi", "tanaka", "smith", "johnson", "williams", "brown", "jones", "miller", "davis",
     "garcia", "rodriguez", "martinez", "hernandez", "lopez", "gonzalez", "muller", "schmidt", "silva", "santos"}
)
_ARTICLES = frozenset({"a", "an", "the"})
# Tokens that number a work: "2", "v2", "II"; "3D" and "COVID-19"'s "19" are kept as they are written.
_NUMBER_TOKEN = re.compile(r"v?\d+|ii|iii|iv|vi|vii|viii")
# A model heading a list or a comparison ("X, Y and Z", "X versus Y") is one of the models a paper compares.
_LISTED_WITH = re.compile(r"\s*(?:,(?!\s*(?:a|an|the)\b)|&|(?:and|or|vs|versus|against)\b)", re.IGNORECASE)
_PARENTHESISED = re.compile(r"\(([^()]*)\)")
_WITH_BEFORE = re.compile(r"\bwith\s+(?:the\s+)?$", re.IGNORECASE)
# Where a title's parts begin: after a colon, a spaced dash, a full stop or a question mark.
_TITLE_PART_BREAK = re.compile(r"\s*(?::|\s[-–—]\s|[.?!]\s)\s*")
_ACRONYM_SKIPPABLE = frozenset(
    {"a", "an", "the", "of", "for", "and", "in", "on", "with", "to", "by", "via", "from", "at", "as", "using"}
)
# Verbs a paper uses to introduce its own model; comparison words in between mean it names someone else's.
_INTRO_VERBS = frozenset(
    {"present", "presents", "presented", "presenting", "introduce", "introduces", "introduced", "introducing",
     "propose", "proposes", "proposed", "proposing", "develop", "develops", "developed", "developing",
     "describe", "describes", "described", "call", "called", "name", "named", "term", "termed", "dub", "dubbed",
     "design", "designed", "build", "built", "create", "created", "devise", "devised", "establish",
     "established", "report", "reports", "release", "released"}
)
_INTRO_BLOCKERS = frozenset(
    {"outperform", "outperforms", "outperformed", "outperforming", "compare", "compared", "comparing",
     "than", "over", "against", "versus", "vs", "such", "like", "including", "include", "includes", "existing",
     "previous", "previously", "prior", "baseline", "baselines", "benchmark", "benchmarks", "benchmarking",
     "other", "using", "uses", "use", "with", "from", "via", "by", "extends", "extending", "beyond", "upon", "of",
     "for", "on", "to", "in", "into", "and", "or", "at", "as", "state-of-the-art", "sota", "methods", "models",
     "tools", "approaches", "algorithms", "frameworks"}
)
_SENTENCE_END = re.compile(r"[.;!?]\s")
# Words that do not name a venue: "Proceedings of the 41st International Conference on ..." is the conference's.
_VENUE_SKIPPED = frozenset({"a", "an", "the", "of", "and", "in", "on", "for", "proceedings", "proc"})
_VENUE_NUMBER = re.compile(r"\d+(?:st|nd|rd|th)?")
_REPO_CITATIONS = frozenset(
    {Kind.REPO_CITES_DOI, Kind.REPO_CITES_PREPRINT, Kind.REPO_CITES_ARXIV, Kind.REPO_CITES_TITLE})
_DESCRIPTION_STOPWORDS = frozenset(
    {"the", "and", "for", "with", "from", "that", "this", "into", "using", "based", "model", "models", "data",
     "their", "which", "across", "such", "tasks", "like", "aimed", "improve", "designed"}
)


class Basis(Enum):
    """Which content evidence made a candidate acceptable (strongest first)."""

    TITLE = "title"
    MODEL = "model"
    CITED = "cited"  # the official repository (or another vouching source) cites this work
    ABSTRACT = "abstract"
    VENUE = "venue"  # the row names no person: the model whole in the title, the row's venue and exact year


@dataclass(frozen=True, slots=True)
class Verdict:
    """The decision over one row's candidates: `accepted` or None, all candidates best first, and why."""

    accepted: ScoredCandidate | None
    ranked: tuple[ScoredCandidate, ...]
    reasons: tuple[Evidence, ...] = ()

    @property
    def final(self) -> bool:
        """Nothing more to look for: accepted, or stopped by an ambiguity or a retraction that more candidates
        cannot lift."""
        return self.accepted is not None or any(item.kind in (Kind.AMBIGUOUS, Kind.RETRACTED) for item in self.reasons)


@dataclass(slots=True)
class _Assessment:
    work: WorkRecord
    content: float = 0.2
    author_factor: float = 1.0
    year_factor: float = 1.0
    description_bonus: float = 0.0
    basis: Basis | None = None
    mentions_model: bool = False
    lead_author: bool = True  # the row's person is the work's first author (or the row names nobody)
    cited: bool = False
    evidence: list[Evidence] = field(default_factory=list)
    contradictions: list[Evidence] = field(default_factory=list)
    shortfalls: list[Evidence] = field(default_factory=list)

    def scored(self) -> ScoredCandidate:
        confidence = min(1.0, self.content * self.author_factor * self.year_factor + self.description_bonus)
        return ScoredCandidate(
            work=self.work,
            confidence=round(max(0.0, confidence), 3),
            evidence=tuple(self.evidence),
            objections=tuple(self.contradictions + self.shortfalls),
        )


# ---------------------------------------------------------------- public API


def score_candidate(entry: CatalogueEntry, work: WorkRecord, cited: Sequence[Evidence] = ()) -> ScoredCandidate:
    """Confidence, evidence and objections for one candidate work; objections empty means acceptable.

    Objections of strength `UNCONFIRMED` only say evidence is missing; `CONTRADICTS` ones say it is another work.
    `cited`: what a vouching source (the official repository) cites, as REPO_CITES_* evidence.
    """
    return _assess(entry, work, cited).scored()


def is_contradicted(candidate: ScoredCandidate) -> bool:
    """True when an objection contradicts the row (another paper, a notice, ...), not just a lack of evidence."""
    return any(objection.contradicts for objection in candidate.objections)


def verdict(entry: CatalogueEntry, candidates: Sequence[WorkRecord], cited: Sequence[Evidence] = ()) -> Verdict:
    """Accept one candidate for the row, or none with reasons (see the module docstring for the rule)."""
    assessments = [_assess(entry, work, cited) for work in _unique_by_doi(candidates)]
    _apply_abstract_competition(assessments, entry)
    _apply_personless_competition(assessments, entry)
    ranked = sorted(assessments, key=_rank_key)
    scored = tuple(assessment.scored() for assessment in ranked)
    acceptable = _set_aside_derivatives(entry, _set_aside_follow_ups(
        entry, [(assessment, candidate) for assessment, candidate in zip(ranked, scored) if candidate.acceptable]))
    if not acceptable:
        return Verdict(None, scored, _rejection_reasons(ranked, scored))
    retracted = [objection.detail for assessment in ranked if _retracted_fit(assessment, entry)
                 for objection in assessment.contradictions]
    if retracted:
        # the row names the retracted paper (its year, its first author); another that also passes is a follow-up
        return Verdict(None, scored, tuple(reason(Kind.RETRACTED, doi) for doi in retracted))
    best_assessment, best = _version_of_record(acceptable)
    # without a person, the venue or the repository must single the work out: any other that passes is a rival
    margin = AMBIGUITY_MARGIN if entry.authors or best_assessment.basis is Basis.TITLE else 1.0
    rivals = [
        candidate
        for _, candidate in acceptable
        if not same_work(best.work, candidate.work) and best.confidence - candidate.confidence < margin
    ]
    if rivals:
        named = tuple(reason(Kind.CANDIDATE, _describe(candidate.work)) for candidate in (best, *rivals))
        return Verdict(None, scored, (reason(Kind.AMBIGUOUS, because=named),))
    log.debug("accepted %s for line %s by %s", best.work.doi, entry.line, best_assessment.basis)
    return Verdict(best, scored, ())


def same_work(a: WorkRecord, b: WorkRecord) -> bool:
    """True when `a` and `b` are versions of one paper: a preprint relation either way, or near-identical titles
    by the same first author within `SAME_WORK_YEARS`."""
    if a.doi == b.doi:
        return True
    if _related(a, b):
        return True
    if a.year is None or b.year is None or abs(a.year - b.year) > SAME_WORK_YEARS:
        return False
    if not a.authors or not b.authors or not same_person(a.authors[0], b.authors[0]):
        return False
    return title_similarity(_full_title(a), _full_title(b)) >= SAME_WORK_TITLE


def is_preprint(work: WorkRecord) -> bool:
    """True for preprints: posted-content, a preprint subtype, an arXiv DOI, or a preprint server's record typed as
    a journal article (SSRN's are "journal-article"s of "SSRN Electronic Journal")."""
    return (work.is_preprint or work.type == "posted-content" or work.subtype == "preprint" or is_arxiv_doi(work.doi)
            or fold(work.container or "") in _PREPRINT_VENUES)


def venue_matches(venue: str, container: str) -> bool:
    """True when a row's venue names the record's journal or proceedings: the same words, each in full or
    abbreviated ('Nat. Methods' = 'Nature Methods'; 'Nature' is not 'Nature Methods'), or a conference's acronym,
    written in the container or spelled by its words' initials ('ICML' = 'Proceedings of the 41st International
    Conference on Machine Learning').

    >>> venue_matches("Nat Methods", "Nature Methods"), venue_matches("Nature", "Nature Methods")
    (True, False)
    """
    row_words, record_words = _venue_words(venue), _venue_words(container)
    if not row_words or not record_words:
        return False
    pairs = zip(row_words, record_words)
    if len(row_words) == len(record_words) and all(
            row == record or (len(row) >= 3 and record.startswith(row)) for row, record in pairs):
        return True
    if not is_conference_acronym(venue):
        return False
    # 'PNAS' spells 'Proceedings of the National Academy of Sciences'; 'ICML' skips its 'Proceedings of the 41st'
    spelled = [word for word in fold(container).split() if word not in _VENUE_SKIPPED - {"proceedings"}
               and not _VENUE_NUMBER.fullmatch(word)]
    initials = {"".join(word[0] for word in words) for words in (record_words, spelled)}
    return row_words[0] in record_words or row_words[0] in initials


def is_conference_acronym(venue: str) -> bool:
    """True for a venue written as one acronym ('ICML', 'NeurIPS'), as lists name conferences."""
    letters = re.sub(r"[^A-Za-z]", "", venue)
    return (len(_venue_words(venue)) == 1 and len(letters) >= ACRONYM_MIN
            and sum(ch.isupper() for ch in letters) >= 2)


def _venue_words(text: str) -> list[str]:
    """The words that name a venue: no article, preposition, 'proceedings', year or ordinal ('41st')."""
    return [word for word in fold(text).split() if word not in _VENUE_SKIPPED and not _VENUE_NUMBER.fullmatch(word)]


def title_similarity(left: str, right: str) -> float:
    """Similarity of two titles in 0..1 on their folded forms (case, accents and punctuation ignored)."""
    left_folded, right_folded = fold(left), fold(right)
    if not left_folded or not right_folded:
        return 0.0
    similarity = fuzz.token_sort_ratio(left_folded, right_folded)
    shorter, longer = sorted((len(left_folded.split()), len(right_folded.split())))
    # token_set scores a title contained in a longer one as 1.0; only trust it for titles of similar length.
    if shorter >= 0.8 * longer:
        similarity = max(similarity, min(fuzz.token_set_ratio(left_folded, right_folded), 100 * TITLE_CONTAINED))
    return round(similarity / 100.0, 3)


def stated_title(entry: CatalogueEntry) -> str | None:
    """The row's title when it is long enough to be one (link texts like "Paper" are not)."""
    title = (entry.paper_title or "").strip()
    return title if len(fold(title).split()) >= MIN_TITLE_WORDS else None


def model_in_text(model: str, text: str) -> bool:
    """True when `model` is a whole token of `text` ("scGPT:" counts; "scGPTx" and "scGPT-2" do not)."""
    pattern = _model_pattern(model)
    return bool(pattern and pattern[0].search(_model_haystack(text, pattern[1])))


def model_is_acronym(model: str, title: str) -> bool:
    """True when the model name spells the initials of consecutive words of `title`.

    >>> model_is_acronym("TOSICA", "Transformer for one-stop interpretable cell type annotation")
    True
    """
    letters = re.sub(r"[^a-z]", "", ascii_fold(model).casefold())
    if len(letters) < ACRONYM_MIN or any(ch.isdigit() for ch in model):
        return False
    for part in _title_parts(title):
        words = [word.casefold() for word in re.findall(r"[A-Za-z][A-Za-z0-9']*", ascii_fold(part))]
        starts = (0, 1) if words and words[0] in _ARTICLES else (0,)
        if any(start < len(words) and words[start][0] == letters[0] and _spells(letters[1:], words, start + 1, 1)
               for start in starts):
            return True
    return False


def model_heads_title(model: str, title: str) -> bool:
    """True when `model` opens the title or one of its parts ("scGPT: ...", "The Nucleotide Transformer: ...",
    "CIForm as a ..."), where papers name what they introduce; "Fine-tuning X for Y" names someone's tool."""
    compiled = _model_pattern(model)
    if not compiled:
        return False
    pattern, case_sensitive = compiled
    for part in _title_parts(title):
        haystack = _model_haystack(part, case_sensitive)
        found = pattern.search(haystack)
        if found and fold(haystack[: found.start()]) in _ARTICLES | {""} and not _LISTED_WITH.match(
                haystack[found.end():]):
            return True
    return False


def model_names_title_part(model: str, title: str) -> bool:
    """True when `model` is a part of the title by itself, as papers name what they introduce: "X: ...",
    "The X: ...", "... (X)"; not "X reads the chromatin code" nor "X-2: ...".

    >>> model_names_title_part("Gizmo", "Gizmo: widgets at scale"), model_names_title_part("Gizmo", "Gizmo reads")
    (True, False)
    """
    compiled = _model_pattern(model)
    if not compiled:
        return False
    pattern, case_sensitive = compiled
    parts = [*_title_parts(title), *_PARENTHESISED.findall(title)]
    for part in parts:
        words = _model_haystack(part, case_sensitive).strip(" .!?").split(maxsplit=1)
        named = words[1] if len(words) == 2 and fold(words[0]) in _ARTICLES else " ".join(words)
        if pattern.fullmatch(named):
            return True
    return False


def model_is_subject(model: str, title: str) -> bool:
    """True when the title makes `model` its subject, as a whole token: it opens the title or a part of it
    ("X: ...", "X is ...", "The X: ..."), stands alone in parentheses ("A ... transformer (X) for ..."), or ends a
    part after "with" ("Decoding chromatin with X"). "X-2", "X 2.0", "X+" and "multi-X" are other models, and
    "Benchmarking X ..." or "Extending X to ..." name someone's use of it."""
    if model_heads_title(model, title):
        return True
    compiled = _model_pattern(model)
    if not compiled:
        return False
    pattern, case_sensitive = compiled
    for inside in _PARENTHESISED.findall(title):
        if pattern.fullmatch(_model_haystack(inside.strip(), case_sensitive)):
            return True
    for part in _title_parts(title):
        haystack = _model_haystack(part, case_sensitive).rstrip(" .!?")
        found = [hit for hit in pattern.finditer(haystack) if hit.end() == len(haystack)]
        if found and _WITH_BEFORE.search(haystack[: found[-1].start()]):
            return True
    return False


# ---------------------------------------------------------------- assessment


def _assess(entry: CatalogueEntry, work: WorkRecord, cited: Sequence[Evidence] = ()) -> _Assessment:
    assessment = _Assessment(work=work)
    _check_kind(assessment)
    _check_author(assessment, entry)
    _check_year(assessment, entry)
    _check_cited(assessment, cited)
    _check_venue(assessment, entry)
    _check_content(assessment, entry)
    _add_description(assessment, entry)
    _check_common_name(assessment, entry)
    return assessment


def _check_kind(assessment: _Assessment) -> None:
    assessment.contradictions.extend(_kind_objections(assessment.work))
    for update in assessment.work.updated_by:
        if update.kind not in RETRACTING_UPDATES and update.kind not in _VERSION_UPDATES:
            assessment.evidence.append(Evidence(Kind.UPDATED_BY, update.doi, Strength.NOTE, context=update.kind))


def _kind_objections(work: WorkRecord) -> list[Evidence]:
    """Why `work` is not a paper at all (a notice, a review report, a dataset) or no longer stands (retracted)."""
    objections = []
    if work.type not in ACCEPTED_TYPES and not (work.source == "datacite" and is_preprint(work)):
        objections.append(_contradiction(Kind.NOT_A_PAPER, work.type))
    objections.extend(_contradiction(Kind.NOTICE_FOR, update.doi, context=update.kind) for update in work.update_to
                      if update.kind not in _VERSION_UPDATES)
    if _NOTICE_TITLE.match(ascii_fold(work.title).strip()):
        objections.append(_contradiction(Kind.NOTICE_TITLE, _shorten(work.title)))
    if _MEETING_ABSTRACT_TITLE.match(ascii_fold(work.title).strip()) or _MEETING_SUPPLEMENT_ISSUE.fullmatch(
            (work.issue or "").strip()):
        objections.append(_contradiction(Kind.NOT_A_PAPER, "meeting abstract"))
    objections.extend(_contradiction(Kind.RETRACTED_BY, update.doi) for update in work.updated_by
                      if update.kind in RETRACTING_UPDATES)
    return objections


def _contradiction(kind: Kind, detail: str = "", context: str = "", value: float | None = None) -> Evidence:
    return Evidence(kind, detail, Strength.CONTRADICTS, context=context, value=value)


def _shortfall_of(kind: Kind, detail: str = "", context: str = "", value: float | None = None) -> Evidence:
    return Evidence(kind, detail, Strength.UNCONFIRMED, context=context, value=value)


def _check_author(assessment: _Assessment, entry: CatalogueEntry) -> None:
    if not entry.authors:
        assessment.author_factor = 0.85
        return
    row_family = family_name(entry.authors[0])
    work = assessment.work
    if not work.authors:
        assessment.author_factor = 0.5
        assessment.contradictions.append(_contradiction(Kind.NO_AUTHORS, context=row_family))
        return
    role = author_role(entry.authors[0], work)
    if role is Kind.FIRST_AUTHOR:
        assessment.evidence.append(Evidence(Kind.FIRST_AUTHOR, fold(work.authors[0].family)))
        _check_co_authors(assessment, entry)
        return
    if role is not None:
        assessment.lead_author = False
        assessment.author_factor = CO_FIRST_FACTOR if role is Kind.CO_FIRST_AUTHOR else SENIOR_FACTOR
        assessment.evidence.append(Evidence(role, fold(row_family)))
        _check_co_authors(assessment, entry)
        return
    first = work.authors[0]
    assessment.author_factor = 0.5
    assessment.contradictions.append(_contradiction(Kind.AUTHOR_DIFFERS, first.display(), context=entry.authors[0]))


def _check_co_authors(assessment: _Assessment, entry: CatalogueEntry) -> None:
    """Every further person the row names ("A & B", "A, B & C", an Authors cell) is on the work as well: a
    namesake in another field shares the first family name, not the co-authors. A record listing one author only
    may be a truncated deposit: it is judged on that author."""
    if len(assessment.work.authors) < 2:
        return
    missing = []
    for name in entry.authors[1:]:
        if any(names_author(name, author) for author in assessment.work.authors):
            assessment.evidence.append(Evidence(Kind.CO_AUTHOR, fold(family_name(name))))
        else:
            missing.append(name)
    if missing and sum(item.kind is Kind.CO_AUTHOR for item in assessment.evidence) < CO_AUTHORS_OUTWEIGH:
        assessment.author_factor = min(assessment.author_factor, 0.5)
        assessment.contradictions.extend(_contradiction(Kind.CO_AUTHOR_MISSING, name) for name in missing)


def _check_common_name(assessment: _Assessment, entry: CatalogueEntry) -> None:
    """A short model name heading a title, a common family name and a year, with nothing else from the row to
    confirm them, fit a namesake in another field as well as the paper: not enough."""
    model = (entry.model or "").strip()
    if assessment.basis not in (Basis.MODEL, Basis.ABSTRACT) or not model or not entry.authors:
        return
    if len(re.sub(r"[^A-Za-z0-9]", "", ascii_fold(model))) > SHORT_MODEL_MAX:
        return
    row = parse(entry.authors[0])
    if " ".join(family_tokens(row.family)) not in COMMON_FAMILY_NAMES or _corroborated(
            assessment, entry, given_parts(row.given)):
        return
    assessment.basis = None
    assessment.shortfalls.append(_shortfall_of(Kind.COMMON_NAME_ONLY, row.family, context=model))


def _corroborated(assessment: _Assessment, entry: CatalogueEntry, given: tuple[str, ...]) -> bool:
    """Something beyond the family name ties the row to the work: a further person the row names, the full
    given name, the stated title, the description's wording, or a repository the row links citing the work (one
    GitHub's search found by the short name is as likely the namesake's)."""
    if has_kind(assessment.evidence, Kind.CO_AUTHOR, Kind.TITLE_HINT_MATCH):
        return True
    if any(item.kind in _REPO_CITATIONS and has_kind(item.because, Kind.REPO_IN_ROW) for item in assessment.evidence):
        return True
    if any(item.kind is Kind.TITLE_MATCH and (item.value or 0.0) >= TITLE_SUPPORT for item in assessment.evidence):
        return True
    if any(item.kind is Kind.DESCRIPTION_OVERLAP and (item.value or 0.0) >= DESCRIPTION_CORROBORATES
           for item in assessment.evidence):
        return True
    if not given or len(given[0]) < 2:
        return False
    # both sides write the given name out, and it agrees ("Xiaodong Yang"); an initial narrows little
    return any(names_author(entry.authors[0], author) and len((given_parts(author.given or "") or ("",))[0]) > 1
               for author in assessment.work.authors)


def author_role(row_name: str, work: WorkRecord) -> Kind | None:
    """Where the person a row names stands in the work's author list: FIRST_AUTHOR, CO_FIRST_AUTHOR (second or
    third: co-first authors are listed in some order), SENIOR_AUTHOR (last), or None (not there, or in the middle).
    """
    authors = work.authors
    if not authors:
        return None

    def named(author: Author) -> bool:
        return names_author(row_name, author)

    if named(authors[0]):
        return Kind.FIRST_AUTHOR
    if any(named(author) for author in authors[1:CO_FIRST_POSITIONS]):
        return Kind.CO_FIRST_AUTHOR
    if len(authors) > 1 and named(authors[-1]):
        return Kind.SENIOR_AUTHOR
    return None


def _check_year(assessment: _Assessment, entry: CatalogueEntry) -> None:
    year = assessment.work.year
    if entry.year is None:
        assessment.year_factor = 0.9
        if year is not None:
            assessment.evidence.append(Evidence(Kind.YEAR, str(year)))
        return
    if year is None:
        assessment.year_factor = 0.6
        assessment.contradictions.append(_contradiction(Kind.NO_YEAR, context=str(entry.year)))
        return
    gap = abs(year - entry.year)
    if gap > YEAR_TOLERANCE:
        assessment.year_factor = 0.6
        assessment.contradictions.append(_contradiction(Kind.YEAR_DIFFERS, str(year), context=str(entry.year)))
        return
    assessment.year_factor = 1.0 if gap == 0 else 0.95
    assessment.evidence.append(Evidence(Kind.YEAR, str(year), context=str(entry.year)))


def _check_content(assessment: _Assessment, entry: CatalogueEntry) -> None:
    work = assessment.work
    title = stated_title(entry)
    model = (entry.model or "").strip()
    similarity: float | None = None
    if title:
        similarity = max(title_similarity(title, _full_title(work)), title_similarity(title, work.title))
        strength = Strength.STRONG if similarity >= TITLE_ACCEPT else Strength.SUPPORTING
        assessment.evidence.append(Evidence(Kind.TITLE_MATCH, strength=strength, value=similarity))
        if similarity < TITLE_CONTRADICTS:
            assessment.contradictions.append(_contradiction(Kind.TITLE_DIFFERS, value=similarity))
        elif not _same_numbers(title, work):
            assessment.contradictions.append(_contradiction(Kind.TITLE_NUMBER_DIFFERS, value=similarity))
    elif entry.title_hint and _hint_matches(entry, work):
        # a title read out of a plain reference only ever confirms: a misread one must not reject
        similarity = max(title_similarity(entry.title_hint, _full_title(work)),
                         title_similarity(entry.title_hint, work.title))
        assessment.evidence.append(Evidence(Kind.TITLE_HINT_MATCH, strength=Strength.STRONG, value=similarity))
    head = bool(model) and model_is_subject(model, _full_title(work))
    acronym = bool(model) and not head and model_is_acronym(model, _full_title(work))
    elsewhere = bool(model) and not (head or acronym) and (
        model_in_text(model, work.title) or model_in_text(model, work.subtitle))
    introduced = bool(model) and not (head or acronym) and _introduced_in_abstract(model, work.abstract)
    assessment.mentions_model = head or acronym or elsewhere or (bool(model) and model_in_text(model, work.abstract))
    if head:
        assessment.evidence.append(Evidence(Kind.MODEL_HEADS_TITLE, model, Strength.STRONG))
    elif acronym:
        assessment.evidence.append(Evidence(Kind.MODEL_ACRONYM, model, Strength.STRONG))
    elif elsewhere:
        assessment.evidence.append(Evidence(Kind.MODEL_INSIDE_TITLE, model, Strength.WEAK))
    if introduced:
        assessment.evidence.append(Evidence(Kind.MODEL_INTRODUCED_IN_ABSTRACT, model, Strength.STRONG))
    elif assessment.mentions_model and not (head or acronym or elsewhere):
        assessment.evidence.append(Evidence(Kind.MODEL_MENTIONED_IN_ABSTRACT, model, Strength.WEAK))
    assessment.content = _content_score(similarity, head or acronym, elsewhere, introduced, assessment.mentions_model,
                                        assessment.cited)
    assessment.basis = _basis(entry, assessment, similarity, head or acronym, introduced)
    if assessment.basis is None and not assessment.contradictions:
        assessment.shortfalls.append(
            _shortfall(entry, assessment, model, similarity, head or acronym, elsewhere, introduced))


def _check_cited(assessment: _Assessment, cited: Sequence[Evidence]) -> None:
    """What a vouching source (the official repository) cites, as content evidence for this work."""
    work = assessment.work
    versions = {work.doi, *work.preprint_of, *work.has_preprint}
    if work.arxiv_id:
        versions.add(arxiv_doi(work.arxiv_id))
    for citation in cited:
        if citation.kind is Kind.REPO_CITES_TITLE:
            matches = max(title_similarity(citation.detail, _full_title(work)),
                          title_similarity(citation.detail, work.title)) >= TITLE_ACCEPT and _same_numbers(
                citation.detail, work)
        else:
            arxiv_id = arxiv_id_from(citation.detail) if citation.kind is Kind.REPO_CITES_ARXIV else None
            matches = (arxiv_doi(arxiv_id) if arxiv_id else citation.detail.casefold()) in versions
        if matches:
            assessment.cited = True
            assessment.evidence.append(replace(citation, strength=Strength.STRONG))


def _check_venue(assessment: _Assessment, entry: CatalogueEntry) -> None:
    container = assessment.work.container
    if entry.venue and container and venue_matches(entry.venue, container):
        assessment.evidence.append(Evidence(Kind.VENUE_MATCH, entry.venue, context=container))


def _personless_basis(entry: CatalogueEntry, assessment: _Assessment) -> Basis | None:
    """A row that names no person but a venue ("X (ICML 2024)", "X — Nature Methods, 2023"): the model is a part of
    the title by itself ("X: ...", "(X)"; a sentence about it, "X reads the code", is a news piece's title, and an
    acronym is not enough) and the year is exactly the row's; then either
    the record is in the row's venue, or the row names a conference and the official repository cites the record,
    an arXiv preprint."""
    work = assessment.work
    if not (entry.venue and entry.year is not None and work.year == entry.year and entry.model
            and model_names_title_part(entry.model, _full_title(work))):
        return None
    if has_kind(assessment.evidence, Kind.VENUE_MATCH):
        return Basis.VENUE
    # many conferences register no DOI, so their papers' only DOI is the arXiv preprint's; a journal has its own
    return Basis.CITED if assessment.cited and is_arxiv_doi(work.doi) and is_conference_acronym(entry.venue) else None


def _hint_matches(entry: CatalogueEntry, work: WorkRecord) -> bool:
    hint = entry.title_hint
    if not hint or len(fold(hint).split()) < MIN_TITLE_WORDS:
        return False
    close = max(title_similarity(hint, _full_title(work)), title_similarity(hint, work.title)) >= TITLE_ACCEPT
    return close and _same_numbers(hint, work)


def _same_numbers(title: str, work: WorkRecord) -> bool:
    """The titles carry the same numbers and numerals: "X 2: ..." or "... II" is the next work, however close
    the remaining words are (fuzzy similarity cannot see one token)."""
    wanted = _numbers(title)
    return wanted in (_numbers(work.title), _numbers(_full_title(work)))


def _numbers(title: str) -> frozenset[str]:
    return frozenset(token for token in fold(title).split() if _NUMBER_TOKEN.fullmatch(token))


def _content_score(similarity: float | None, heads_title: bool, elsewhere: bool, introduced: bool,
                   mentioned: bool, cited: bool = False) -> float:
    if heads_title:
        model_score = 0.90
    elif cited:
        model_score = 0.85
    elif elsewhere and introduced:
        model_score = 0.80
    elif introduced:
        model_score = 0.70
    elif elsewhere:
        model_score = 0.50
    elif mentioned:
        model_score = 0.40
    else:
        model_score = 0.20
    if similarity is None:
        return model_score
    # With a stated title, the title leads and the model name only confirms it.
    return min(1.0, similarity + (0.05 if heads_title else 0.0))


def _basis(entry: CatalogueEntry, assessment: _Assessment, similarity: float | None, model_in_title: bool,
           introduced: bool) -> Basis | None:
    if similarity is not None and similarity >= TITLE_ACCEPT:
        return Basis.TITLE
    supported = similarity is None or similarity >= TITLE_SUPPORT
    if not entry.authors:
        return _personless_basis(entry, assessment) if supported else None
    if model_in_title and supported:
        return Basis.MODEL
    if assessment.cited and supported:
        return Basis.CITED
    exact_year = entry.year is not None and assessment.work.year == entry.year
    # An abstract is the weakest content evidence: only with the first author, never with a co-author alone.
    if introduced and exact_year and supported and assessment.lead_author:
        return Basis.ABSTRACT
    return None


def _shortfall(entry: CatalogueEntry, assessment: _Assessment, model: str, similarity: float | None,
               heads_title: bool, elsewhere: bool, introduced: bool) -> Evidence:
    if introduced and not assessment.lead_author:
        return _shortfall_of(Kind.AUTHOR_NEEDS_CONTENT, entry.authors[0] if entry.authors else "")
    if similarity is not None and similarity < TITLE_ACCEPT and not heads_title:
        return _shortfall_of(Kind.TITLE_BELOW_ACCEPT, value=similarity, context=str(TITLE_ACCEPT))
    if not entry.authors:
        return _shortfall_of(Kind.NO_ROW_AUTHOR)
    if heads_title:
        return _shortfall_of(Kind.TITLE_BELOW_SUPPORT, value=similarity, context=str(TITLE_SUPPORT))
    if elsewhere:
        return _shortfall_of(Kind.MODEL_INSIDE_NOT_INTRODUCED, model)
    if model:
        return _shortfall_of(Kind.MODEL_NOT_IN_TITLE, model)
    return _shortfall_of(Kind.NOTHING_TO_COMPARE)


def _add_description(assessment: _Assessment, entry: CatalogueEntry) -> None:
    if not entry.description:
        return
    wanted = {token for token in fold(entry.description).split()
              if len(token) >= 4 and token not in _DESCRIPTION_STOPWORDS}
    if not wanted:
        return
    present = set(fold(f"{_full_title(assessment.work)} {assessment.work.abstract}").split())
    overlap = len(wanted & present) / len(wanted)
    if overlap > 0:
        assessment.description_bonus = round(DESCRIPTION_WEIGHT * overlap, 3)
        assessment.evidence.append(Evidence(Kind.DESCRIPTION_OVERLAP, strength=Strength.WEAK, value=overlap))


# ---------------------------------------------------------------- verdict helpers


def _exact_fit(assessment: _Assessment, entry: CatalogueEntry) -> bool:
    """The work has the row's year exactly and the row's person as its first author."""
    return (entry.year is not None and assessment.work.year == entry.year and bool(entry.authors)
            and assessment.lead_author and not assessment.contradictions)


def _retracted_fit(assessment: _Assessment, entry: CatalogueEntry) -> bool:
    """A retracted work that the row would otherwise take: content evidence, the row's year and first author."""
    objections = assessment.contradictions
    return (assessment.basis is not None and bool(objections)
            and all(objection.kind is Kind.RETRACTED_BY for objection in objections)
            and entry.year is not None and assessment.work.year == entry.year and bool(entry.authors)
            and assessment.lead_author)


def _outfits(assessment: _Assessment, other: _Assessment, entry: CatalogueEntry) -> bool:
    """A follow-up by the same lab (another year, or the person not first) does not compete with the original
    that fits the row's year and first author exactly."""
    return _exact_fit(assessment, entry) and not _exact_fit(other, entry)


def _set_aside_follow_ups(entry: CatalogueEntry, acceptable: list[tuple[_Assessment, ScoredCandidate]]
                          ) -> list[tuple[_Assessment, ScoredCandidate]]:
    fitting = [assessment for assessment, _ in acceptable if _exact_fit(assessment, entry)]
    if not fitting:
        return acceptable
    # Keep what fits exactly, and the other versions of those works.
    return [(assessment, candidate) for assessment, candidate in acceptable
            if any(assessment is fit or same_work(fit.work, assessment.work) for fit in fitting)]


def _version_of_record(acceptable: Sequence[tuple[_Assessment, ScoredCandidate]]
                       ) -> tuple[_Assessment, ScoredCandidate]:
    """The most confident acceptable candidate, or, when that is not a preprint, the version of record among the
    acceptable versions of its paper: one a preprint relation names (the registry paired them) before one that is
    not, and an article before a thesis or a report with its title. Preprints are left to `resolve`, which verifies
    the published version."""
    best = acceptable[0]
    if is_preprint(best[1].work):
        return best
    versions = [pair for pair in acceptable if not is_preprint(pair[1].work) and _copy_of(best[1].work, pair[1].work)]
    named = {doi for _, candidate in acceptable for doi in candidate.work.preprint_of}

    def preference(pair: tuple[_Assessment, ScoredCandidate]) -> tuple[bool, bool]:
        work = pair[1].work
        return not (work.has_preprint or work.doi in named), work.type in _LESSER_VERSION_TYPES

    return min(versions, key=preference)  # min keeps the first (most confident) among equals


def _set_aside_derivatives(entry: CatalogueEntry, acceptable: list[tuple[_Assessment, ScoredCandidate]]
                           ) -> list[tuple[_Assessment, ScoredCandidate]]:
    """A repository often cites its model's paper beside a derivative's by the same lab ("X-MSA: ...", "X-2: ...").
    When exactly one cited work names the model whole (its title's subject, or its abstract introduces it) and
    every other one passes only by that citation and names a derivative, the others are set aside; two works
    naming the model whole, or none, stay as they are (ambiguous)."""
    model = (entry.model or "").strip()
    whole = [assessment for assessment, _ in acceptable if _names_model_whole(assessment)]
    if not model or not whole or any(not same_work(whole[0].work, other.work) for other in whole[1:]):
        return acceptable
    own = [(assessment, candidate) for assessment, candidate in acceptable if same_work(whole[0].work, assessment.work)]
    others = [assessment for assessment, _ in acceptable if not same_work(whole[0].work, assessment.work)]
    if not others or not all(assessment.basis is Basis.CITED and names_derivative(model, _full_title(assessment.work))
                             for assessment in others):
        return acceptable
    return own


def _names_model_whole(assessment: _Assessment) -> bool:
    return any(item.kind in (Kind.MODEL_HEADS_TITLE, Kind.MODEL_INTRODUCED_IN_ABSTRACT)
               for item in assessment.evidence)


def _apply_personless_competition(assessments: list[_Assessment], entry: CatalogueEntry) -> None:
    """With no person to tell works apart, a work accepted on its venue or its repository yields to another in the
    row's venue that names the model too (in its abstract, say): nothing says which of the two is the model's."""
    if entry.authors:
        return
    for assessment in assessments:
        if assessment.basis not in (Basis.VENUE, Basis.CITED):
            continue
        competitors = [other for other in assessments
                       if other is not assessment and not other.contradictions and other.mentions_model
                       and has_kind(other.evidence, Kind.VENUE_MATCH) and not same_work(assessment.work, other.work)]
        if competitors:
            assessment.basis = None
            names = ", ".join(_describe(other.work) for other in competitors)
            assessment.shortfalls.append(_shortfall_of(Kind.MODEL_ALSO_NAMED_BY, entry.model or "", context=names))


def _copy_of(a: WorkRecord, b: WorkRecord) -> bool:
    """`b` is `a` in another venue or form: a relation links them, or the same title by the same first author (a
    near-identical title may be the group's companion paper: "... in human cells" / "... in mouse cells")."""
    if a.doi == b.doi or _related(a, b):
        return True
    same_title = fold(_full_title(a)) == fold(_full_title(b)) or fold(a.title) == fold(b.title)
    return same_title and same_work(a, b)


def _apply_abstract_competition(assessments: list[_Assessment], entry: CatalogueEntry) -> None:
    """A model named only in an abstract is accepted only when no other plausible paper also names it."""
    for assessment in assessments:
        if assessment.basis is not Basis.ABSTRACT:
            continue
        competitors = [
            other for other in assessments
            if other is not assessment
            and not other.contradictions
            and (other.mentions_model or other.basis is not None)
            and not same_work(assessment.work, other.work)
            and not _outfits(assessment, other, entry)
        ]
        if competitors:
            assessment.basis = None
            names = ", ".join(_describe(other.work) for other in competitors)
            assessment.shortfalls.append(_shortfall_of(Kind.MODEL_ALSO_NAMED_BY, entry.model or "", context=names))


def _rank_key(assessment: _Assessment) -> tuple[bool, float, bool, str]:
    scored = assessment.scored()
    # Among equals the version of record ranks first; the DOI makes the order total.
    return (not scored.acceptable, -scored.confidence, is_preprint(assessment.work), assessment.work.doi)


def _rejection_reasons(ranked: Sequence[_Assessment], scored: Sequence[ScoredCandidate]) -> tuple[Evidence, ...]:
    if not scored:
        return (reason(Kind.NO_CANDIDATES),)
    retracted = [
        objection.detail
        for assessment in ranked
        if assessment.basis is not None
        and all(objection.kind is Kind.RETRACTED_BY for objection in assessment.contradictions)
        for objection in assessment.contradictions
    ]
    if retracted:
        return tuple(reason(Kind.RETRACTED, notice) for notice in retracted)
    best = scored[0]
    return (reason(Kind.NONE_VERIFIED, _describe(best.work), because=best.objections),)


def _unique_by_doi(candidates: Sequence[WorkRecord]) -> list[WorkRecord]:
    seen: dict[str, WorkRecord] = {}
    for work in candidates:
        seen.setdefault(work.doi, work)
    return list(seen.values())


def _describe(work: WorkRecord) -> str:
    first = work.authors[0].family if work.authors else "no author"
    return f"'{_shorten(work.title)}' by {first} ({work.year}, {work.doi})"


def _shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _full_title(work: WorkRecord) -> str:
    # not bibtex.full_title: that one also drops a subtitle the title already ends with, for print; scores are
    # computed on the record as the registry splits it, and changing that would move decisions
    return f"{work.title}: {work.subtitle}" if work.subtitle else work.title


def _title_parts(title: str) -> list[str]:
    return [part for part in _TITLE_PART_BREAK.split(title) if part.strip()]


# ---------------------------------------------------------------- model names


def _model_body(model: str) -> tuple[str, bool] | None:
    """(regular expression of the name's letters and digits, case-sensitive?), separators written any way."""
    folded = ascii_fold(model).strip()
    case_sensitive = folded.isupper() and len(re.sub(r"[^A-Za-z0-9]", "", folded)) <= CASE_SENSITIVE_MAX
    chunks = re.findall(r"[A-Za-z0-9]+", folded if case_sensitive else folded.casefold())
    if not chunks:
        return None
    return r"[\W_]*".join(re.escape(chunk) for chunk in chunks), case_sensitive


@functools.lru_cache(maxsize=8192)  # re's own cache holds 512 patterns; a large catalogue has more models
def _model_pattern(model: str) -> tuple[re.Pattern[str], bool] | None:
    """(pattern, case-sensitive?) matching the model name as a whole token."""
    named = _model_body(model)
    if named is None:
        return None
    body, case_sensitive = named
    # "scGPT-2", "scGPT 2.0", "scGPT+" and "multi-scGPT" name other models; "scGPT:" and "(scGPT)" name this one.
    # "X II" and "X III" number a successor as a Roman numeral does.
    pattern = (rf"(?<![A-Za-z0-9])(?<![A-Za-z0-9]-){body}(?![A-Za-z0-9])(?!-[A-Za-z0-9])(?!\s*\+)(?!\s+[vV]?\d)"
               r"(?!\s+(?:II|III|IV|ii|iii|iv)(?![A-Za-z0-9]))")
    return re.compile(pattern), case_sensitive


@functools.lru_cache(maxsize=8192)
def _derivative_pattern(model: str) -> tuple[re.Pattern[str], bool] | None:
    """(pattern, case-sensitive?) matching a model derived from `model`: what `_model_pattern` refuses."""
    named = _model_body(model)
    if named is None:
        return None
    body, case_sensitive = named
    pattern = (rf"(?<![A-Za-z0-9])(?:[A-Za-z0-9]+-{body}(?![A-Za-z0-9])"
               rf"|{body}(?:-[A-Za-z0-9]|\s*\+|\s+[vV]?\d|\s+(?:II|III|IV|ii|iii|iv)(?![A-Za-z0-9])))")
    return re.compile(pattern), case_sensitive


def names_derivative(model: str, title: str) -> bool:
    """True when `title` names a model derived from `model`: "X-MSA", "X-2", "X 2.0", "X+", "X II", "multi-X".

    >>> names_derivative("Gizmo", "Gizmo-MSA: an alignment-based gizmo model")
    True
    """
    compiled = _derivative_pattern(model)
    return bool(compiled and compiled[0].search(_model_haystack(title, compiled[1])))


def _model_haystack(text: str, case_sensitive: bool) -> str:
    folded = ascii_fold(text)
    return folded if case_sensitive else folded.casefold()


def _introduced_in_abstract(model: str, abstract: str) -> bool:
    compiled = _model_pattern(model)
    if not compiled or not abstract:
        return False
    pattern, case_sensitive = compiled
    haystack = _model_haystack(abstract, case_sensitive)
    return any(_introduces(haystack, found) for found in pattern.finditer(haystack))


def _introduces(haystack: str, found: re.Match[str]) -> bool:
    sentence_start = max((end.end() for end in _SENTENCE_END.finditer(haystack, 0, found.start())), default=0)
    words = [word.strip("(),:\"'").casefold() for word in haystack[sentence_start: found.start()].split()]
    for word in reversed(words[-INTRO_WINDOW_WORDS:]):
        if word in _INTRO_BLOCKERS:
            return False
        if word in _INTRO_VERBS:
            return True
    return False


def _spells(letters: str, words: Sequence[str], start: int, skips_left: int) -> bool:
    """True when words[start:] continue the acronym `letters`, skipping small words and at most `skips_left`
    other words (TOSICA skips "type" in "... cell type annotation"); the last word used ends the span."""
    if not letters:
        return True
    if start >= len(words):
        return False
    word = words[start]
    if word[0] == letters[0] and _spells(letters[1:], words, start + 1, skips_left):
        return True
    if word in _ACRONYM_SKIPPABLE:
        return _spells(letters, words, start + 1, skips_left)
    return skips_left > 0 and _spells(letters, words, start + 1, skips_left - 1)


# ---------------------------------------------------------------- versions


def verify_version(entry: CatalogueEntry, known: WorkRecord, other: WorkRecord, *, becomes_record: bool
                   ) -> tuple[Evidence, ...]:
    """Why `other` is not a verified version (preprint or published) of the accepted `known`; empty when it is.

    When either record states the preprint relation (`is-preprint-of` / `has-preprint`), the registry has paired
    them: the pair is one work when the authors overlap, whatever the years between them and even when the title
    changed in review, unless a retitled record is dated before its preprint (a related DOI typed by an author may
    name the group's earlier paper). Without a relation they must be `same_work`, and `becomes_record` (`other`
    would replace `known` as the row's work) asks that `other` also fits the row's year. A thesis or a report with
    the preprint's title never replaces it.
    """
    problems = list(_kind_objections(other))
    if becomes_record and other.type in _LESSER_VERSION_TYPES:
        problems.append(_contradiction(Kind.NOT_A_PAPER, other.type))  # a thesis or report publishes no preprint
    if _related(known, other):
        return tuple(problems + _linked_version_problems(entry, known, other))
    if not (known.authors and other.authors and same_person(known.authors[0], other.authors[0])):
        problems.append(_contradiction(Kind.VERSION_AUTHORS_DIFFER))
    elif entry.authors and not families_match(family_name(entry.authors[0]), other.authors[0].family):
        problems.append(_contradiction(Kind.AUTHOR_DIFFERS, other.authors[0].display(), context=entry.authors[0]))
    if known.year is None or other.year is None or abs(known.year - other.year) > SAME_WORK_YEARS:
        problems.append(_contradiction(Kind.VERSION_YEARS_APART, str(known.year), context=str(other.year)))
    elif becomes_record and entry.year is not None and abs(other.year - entry.year) > YEAR_TOLERANCE:
        problems.append(_contradiction(Kind.YEAR_DIFFERS, str(other.year), context=str(entry.year)))
    similarity = max(title_similarity(_full_title(known), _full_title(other)),
                     title_similarity(known.title, other.title))
    if similarity < SAME_WORK_TITLE or _swaps_a_word(_full_title(known), _full_title(other)):
        problems.append(_contradiction(Kind.VERSION_TITLES_DIFFER, value=similarity))
    return tuple(problems)


def _swaps_a_word(left: str, right: str) -> bool:
    """Each title has a word of at least `SWAPPED_WORD_MIN` letters the other lacks in any form ("human" /
    "plant"): near-identical titles by one group that name different subjects. Word forms ("towards" / "toward",
    "model" / "models"), added or dropped words, and spelling by hyphen or case are not swaps."""
    left_words, right_words = set(fold(left).split()), set(fold(right).split())

    def unmatched(words: set[str], others: set[str]) -> bool:
        return any(len(word) >= SWAPPED_WORD_MIN and not any(_word_forms(word, other) for other in others)
                   for word in words - others)

    return unmatched(left_words, right_words) and unmatched(right_words, left_words)


def _word_forms(left: str, right: str) -> bool:
    shared = next((index for index, (a, b) in enumerate(zip(left, right)) if a != b), min(len(left), len(right)))
    return shared == min(len(left), len(right)) or shared >= WORD_STEM


def _linked_version_problems(entry: CatalogueEntry, known: WorkRecord, other: WorkRecord) -> list[Evidence]:
    if not authors_overlap(known, other):
        return [_contradiction(Kind.VERSION_AUTHORS_DIFFER)]
    if _published_before_preprint(known, other):
        # a related DOI an author typed (arXiv's) may name the group's earlier paper: same people, another work
        return [_contradiction(Kind.VERSION_YEARS_APART, str(known.year), context=str(other.year))]
    if entry.authors and not any(names_author(entry.authors[0], author) for author in other.authors):
        first = other.authors[0].display() if other.authors else ""
        return [_contradiction(Kind.AUTHOR_DIFFERS, first, context=entry.authors[0])]
    return []


def _published_before_preprint(a: WorkRecord, b: WorkRecord) -> bool:
    """A retitled "version of record" dated in a year before its preprint: a paper is published after its preprint
    is posted, or, posted afterwards, keeps its title."""
    if is_preprint(a) == is_preprint(b):
        return False
    preprint, record = (a, b) if is_preprint(a) else (b, a)
    if preprint.year is None or record.year is None or record.year >= preprint.year:
        return False
    return title_similarity(_full_title(preprint), _full_title(record)) < SAME_WORK_TITLE


def authors_overlap(a: WorkRecord, b: WorkRecord, *, first_suffices: bool = True) -> bool:
    """True when two records share their first author (unless not `first_suffices`), or at least half of the
    shorter author list (compared up to `OVERLAP_AUTHORS` names): co-first authors swap places between a preprint
    and its article."""
    if not a.authors or not b.authors:
        return False
    if first_suffices and same_person(a.authors[0], b.authors[0]):
        return True
    left, right = a.authors[:OVERLAP_AUTHORS], b.authors[:OVERLAP_AUTHORS]
    shared = sum(1 for author in left if any(same_person(author, other) for other in right))
    shortest = min(len(left), len(right))
    return shared >= max(min(2, shortest), (shortest + 1) // 2)


def _related(a: WorkRecord, b: WorkRecord) -> bool:
    return b.doi in a.preprint_of or b.doi in a.has_preprint or a.doi in b.preprint_of or a.doi in b.has_preprint
