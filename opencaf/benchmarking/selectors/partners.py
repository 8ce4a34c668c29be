"""Reads of the bench-learning partners page: suggestions of comparable organisations that scored high
where the organisation scored low, and the contact requests it sent and received.

How a suggestion is found, for an organisation of a network:

- its latest finished self-assessment gives its weakest subcriteria: the `WEAKEST` lowest consensus
  scores (subcriteria not assessed do not count);
- give to get: only an organisation that shares that assessment (a `ScoreSharing` on it) gets any;
- the candidates come from the network's benchmark snapshot (`ScoreSnapshot`), never from consensus
  records: a row counts while its consent is in force (the `ScoreSharing` still exists — a withdrawn
  consent is deleted — and neither it nor the row is under embargo), each organisation with its latest
  cycle. Of those sharing a subcriterion, the top quarter by score (ties included) is "high";
- a candidate is suggested when it is another organisation, gave the separate partner consent
  (`open_to_partners`) on the shared assessment, is comparable (same type, or same size band; same
  type first), is in the top quarter and scored above the asker. At most `PER_SUBCRITERION` each.

A suggestion is shown without the organisation's name: its type, size band and a score band; with the
titles of its published good practices on the subcriterion (a practice names its organisation, which
the partner consent covers). A contact request names the partner by its consent's public id.

Queries are bounded: the page reads the assessment, its consensus scores, the snapshot rows of five
subcriteria, the practices of at most fifteen organisations and the latest requests, whatever the size
of the network.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from uuid import UUID

from django.db.models import Q, QuerySet
from django.utils import timezone, translation

from opencaf.assessments.lifecycle import FINISHED
from opencaf.assessments.models import Consensus, SelfAssessment
from opencaf.benchmarking.models import PartnerRequest, PartnerRequestState, ScoreSnapshot, SnapshotItemKind
from opencaf.community.models.practices import GoodPractice, PracticeState, PracticeText
from opencaf.frameworks.selectors import structure_of
from opencaf.organisations.choices import OrganisationType, SizeBand
from opencaf.organisations.models import Organisation

WEAKEST = 5  # how many of the lowest consensus scores get suggestions
PER_SUBCRITERION = 3  # suggestions shown per weak subcriterion
PRACTICES_PER_SUGGESTION = 5  # titles of good practices listed with a suggestion, newest first
LIST_LIMIT = 50  # requests listed per direction, newest first

# What a page of suggestions is about (`PartnerSuggestions.status`).
NO_NETWORK = "no_network"
NO_ASSESSMENT = "no_assessment"
NOT_SHARING = "not_sharing"
READY = "ready"


# --- pure helpers ----------------------------------------------------------------------------------------


def score_band(score: float | Decimal) -> tuple[int, int]:
    """The band a score is shown in instead of the score itself: 0–10, then bands of 15 points
    (11–25, …, 71–85, 86–100), narrow enough to mean something, wide enough not to be a figure.
    Subcriterion scores are whole numbers; any fraction is rounded half up first."""
    value = max(0, min(100, int(Decimal(str(score)).quantize(Decimal(1), rounding=ROUND_HALF_UP))))
    if value <= 10:
        return 0, 10
    low = 11 + (value - 11) // 15 * 15
    return low, min(100, low + 14)


def top_quarter_threshold(scores: Sequence[Decimal]) -> Decimal | None:
    """The lowest score still in the top quarter (at least one organisation; ties count in)."""
    if not scores:
        return None
    ranked = sorted(scores, reverse=True)
    return ranked[math.ceil(len(ranked) / 4) - 1]


def contact_form_key(code: str, sharing_id: UUID) -> str:
    """Unique on the page: the ids of a suggestion's contact form start with it."""
    return f"ask-{code.replace('.', '-')}-{sharing_id.hex}"


# --- what the page shows ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PracticeLink:
    public_id: UUID
    network_public_id: UUID
    title: str
    language: str  # of the title, for the lang attribute


@dataclass(frozen=True)
class Suggestion:
    """A comparable organisation, without its name."""

    sharing_id: UUID  # its consent: what a contact request names
    code: str
    org_type_label: str
    size_band_label: str
    same_type: bool
    same_size: bool
    band_low: int
    band_high: int
    already_asked: bool
    practices: tuple[PracticeLink, ...]

    @property
    def form_key(self) -> str:
        return contact_form_key(self.code, self.sharing_id)


@dataclass(frozen=True)
class WeakSpot:
    code: str
    title: str
    score: int
    suggestions: tuple[Suggestion, ...]


@dataclass(frozen=True)
class PartnerSuggestions:
    status: str  # NO_NETWORK, NO_ASSESSMENT, NOT_SHARING or READY
    assessment: SelfAssessment | None = None
    weak_spots: tuple[WeakSpot, ...] = ()


@dataclass(frozen=True)
class Candidate:
    """A qualifying partner on one subcriterion (internal: carries the organisation's key)."""

    organisation_id: int
    sharing_id: UUID
    code: str
    score: Decimal
    org_type: str
    size_band: str
    same_type: bool
    same_size: bool


# --- the organisation's own side -------------------------------------------------------------------------


def latest_finished_assessment(organisation: Organisation) -> SelfAssessment | None:
    """The organisation's latest finished self-assessment, with its framework and its consent (if any)."""
    return (
        SelfAssessment.objects.filter(organisation=organisation, state__in=[state.value for state in FINISHED])
        .select_related("framework", "score_sharing")
        .order_by("-finalised_at", "-created_at")
        .first()
    )


def is_shared(assessment: SelfAssessment) -> bool:
    return hasattr(assessment, "score_sharing")  # the reverse one-to-one is absent without a consent


def weakest_scores(assessment: SelfAssessment, limit: int = WEAKEST) -> list[Consensus]:
    """The lowest consensus scores, lowest first (in the framework's order between equals)."""
    return list(
        Consensus.objects.filter(assessment=assessment, score__isnull=False)
        .select_related("subcriterion")
        .order_by("score", "subcriterion__criterion__number", "subcriterion__position")[:limit]
    )


# --- the candidates --------------------------------------------------------------------------------------


def _in_force_rows(network_id: int, framework_code: str, codes: Iterable[str]) -> QuerySet[ScoreSnapshot]:
    today = timezone.localdate()
    return ScoreSnapshot.objects.filter(
        Q(visible_from__isnull=True) | Q(visible_from__lte=today),
        Q(assessment__score_sharing__shared_from__isnull=True) | Q(assessment__score_sharing__shared_from__lte=today),
        network_id=network_id,
        framework_code=framework_code,
        kind=SnapshotItemKind.SUBCRITERION,
        code__in=list(codes),
        assessment__score_sharing__isnull=False,
    )


def candidates(
    organisation: Organisation, framework_code: str, own_scores: Mapping[str, int]
) -> dict[str, list[Candidate]]:
    """Per subcriterion code of `own_scores`, every qualifying partner, best suited first (same type,
    then higher score). One query."""
    if organisation.network_id is None:
        return {code: [] for code in own_scores}
    rows = _in_force_rows(organisation.network_id, framework_code, own_scores).values_list(
        "organisation_id",
        "code",
        "cycle",
        "score",
        "org_type",
        "size_band",
        "assessment__score_sharing__open_to_partners",
        "assessment__score_sharing__public_id",
    )
    latest: dict[tuple[str, int], tuple[int, Decimal, str, str, bool, UUID]] = {}
    for org_id, code, cycle, score, org_type, size_band, open_to_partners, sharing_id in rows:
        known = latest.get((code, org_id))
        if known is None or cycle > known[0]:
            latest[(code, org_id)] = (cycle, score, org_type, size_band, open_to_partners, sharing_id)
    by_code: dict[str, list[Candidate]] = {code: [] for code in own_scores}
    for code in own_scores:
        sharing = {org_id: row for (row_code, org_id), row in latest.items() if row_code == code}
        threshold = top_quarter_threshold([row[1] for row in sharing.values()])
        for org_id, (_cycle, score, org_type, size_band, open_to_partners, sharing_id) in sharing.items():
            same_type = org_type == organisation.org_type
            same_size = size_band == organisation.size_band
            if (
                org_id != organisation.pk
                and open_to_partners
                and (same_type or same_size)
                and threshold is not None
                and score >= threshold
                and score > own_scores[code]
            ):
                by_code[code].append(
                    Candidate(org_id, sharing_id, code, score, org_type, size_band, same_type, same_size)
                )
        by_code[code].sort(key=lambda found: (not found.same_type, -found.score, found.organisation_id))
    return by_code


def qualifying_partner(organisation: Organisation, sharing_id: UUID, code: str) -> Candidate | None:
    """The partner a contact request names, if it still qualifies: on one of the organisation's weakest
    subcriteria, by the rules of the suggestions (whether or not it is among the first shown)."""
    if organisation.network_id is None:
        return None
    assessment = latest_finished_assessment(organisation)
    if assessment is None or not is_shared(assessment):
        return None
    own = {record.subcriterion.code: int(record.score or 0) for record in weakest_scores(assessment)}
    if code not in own:
        return None
    found = candidates(organisation, assessment.framework.code, {code: own[code]})
    return next((candidate for candidate in found[code] if candidate.sharing_id == sharing_id), None)


# --- good practices of the candidates --------------------------------------------------------------------


def _practices_by_organisation_and_code(
    organisation: Organisation, framework_id: int, shown: Iterable[Candidate]
) -> dict[tuple[int, str], list[PracticeLink]]:
    """The published practices of the shown organisations on the subcriteria they are shown for, titled
    in the reader's language when written in it, else in the original. Two queries."""
    shown = list(shown)
    if not shown or organisation.network_id is None:
        return {}
    wanted = {(candidate.organisation_id, candidate.code) for candidate in shown}
    links = list(
        GoodPractice.subcriteria.through.objects.filter(
            goodpractice__organisation_id__in={org_id for org_id, _code in wanted},
            goodpractice__network_id=organisation.network_id,
            goodpractice__state=PracticeState.PUBLISHED,
            subcriterion__framework_id=framework_id,
            subcriterion__code__in={code for _org_id, code in wanted},
        )
        .values_list(
            "goodpractice_id",
            "goodpractice__organisation_id",
            "subcriterion__code",
            "goodpractice__public_id",
            "goodpractice__original_language",
        )
        .order_by("-goodpractice__published_at", "goodpractice_id")
    )
    texts: dict[int, dict[str, str]] = {}
    for practice_id, language, title in PracticeText.objects.filter(
        practice_id__in={link[0] for link in links}
    ).values_list("practice_id", "language", "title"):
        texts.setdefault(practice_id, {})[language] = title
    reader = translation.get_language() or ""
    network_public_id = organisation.network.public_id if organisation.network else None
    found: dict[tuple[int, str], list[PracticeLink]] = {}
    for practice_id, org_id, code, public_id, original in links:
        listed = found.get((org_id, code), [])
        if (org_id, code) not in wanted or practice_id not in texts or network_public_id is None:
            continue
        if len(listed) >= PRACTICES_PER_SUGGESTION:
            continue
        versions = texts[practice_id]
        language = reader if reader in versions else original if original in versions else next(iter(versions))
        found.setdefault((org_id, code), []).append(
            PracticeLink(public_id, network_public_id, versions[language], language)
        )
    return found


# --- the page's suggestions ------------------------------------------------------------------------------


def _pending_pairs(organisation: Organisation) -> set[tuple[int, str]]:
    return set(
        PartnerRequest.objects.filter(requester=organisation, state=PartnerRequestState.PENDING).values_list(
            "partner_id", "subcriterion_code"
        )
    )


def suggestions_for(organisation: Organisation) -> PartnerSuggestions:
    """What the suggestions part of the page shows (see the module's note)."""
    if organisation.network_id is None:
        return PartnerSuggestions(NO_NETWORK)
    assessment = latest_finished_assessment(organisation)
    if assessment is None:
        return PartnerSuggestions(NO_ASSESSMENT)
    if not is_shared(assessment):
        return PartnerSuggestions(NOT_SHARING, assessment)
    weakest = weakest_scores(assessment)
    own = {record.subcriterion.code: int(record.score or 0) for record in weakest}
    found = candidates(organisation, assessment.framework.code, own)
    shown = {code: found[code][:PER_SUBCRITERION] for code in own}
    practices = _practices_by_organisation_and_code(
        organisation, assessment.framework_id, (candidate for group in shown.values() for candidate in group)
    )
    asked = _pending_pairs(organisation) if any(shown.values()) else set()
    spots = []
    for record in weakest:
        code = record.subcriterion.code
        spots.append(
            WeakSpot(
                code=code,
                title=record.subcriterion.title,
                score=own[code],
                suggestions=tuple(
                    _suggestion(candidate, (candidate.organisation_id, code) in asked, practices)
                    for candidate in shown[code]
                ),
            )
        )
    return PartnerSuggestions(READY, assessment, tuple(spots))


def _suggestion(
    candidate: Candidate, already_asked: bool, practices: Mapping[tuple[int, str], list[PracticeLink]]
) -> Suggestion:
    low, high = score_band(candidate.score)
    return Suggestion(
        sharing_id=candidate.sharing_id,
        code=candidate.code,
        org_type_label=str(OrganisationType(candidate.org_type).label),
        size_band_label=str(SizeBand(candidate.size_band).label),
        same_type=candidate.same_type,
        same_size=candidate.same_size,
        band_low=low,
        band_high=high,
        already_asked=already_asked,
        practices=tuple(practices.get((candidate.organisation_id, candidate.code), ())),
    )


# --- contact requests ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RequestRow:
    """A request as one of its organisations may see it: names and addresses only once accepted."""

    public_id: UUID
    code: str
    subcriterion_title: str
    state: str
    state_label: str
    requested_at: datetime
    answered_at: datetime | None
    message: str
    counterpart_type_label: str
    counterpart_size_label: str
    # Empty until the request is accepted.
    counterpart_name: str = ""
    asker_name: str = ""
    asker_email: str = ""
    answerer_name: str = ""
    answerer_email: str = ""
    answer: str = ""

    @property
    def is_pending(self) -> bool:
        return self.state == PartnerRequestState.PENDING

    @property
    def is_accepted(self) -> bool:
        return self.state == PartnerRequestState.ACCEPTED


@dataclass(frozen=True)
class RequestLists:
    sent: tuple[RequestRow, ...]
    received: tuple[RequestRow, ...]
    more_sent: bool  # more than LIST_LIMIT: only the latest are listed
    more_received: bool


def _row(request: PartnerRequest, counterpart: Organisation, titles: Mapping[str, str]) -> RequestRow:
    row = RequestRow(
        public_id=request.public_id,
        code=request.subcriterion_code,
        subcriterion_title=titles.get(request.subcriterion_code, ""),
        state=request.state,
        state_label=str(PartnerRequestState(request.state).label),
        requested_at=request.requested_at,
        answered_at=request.answered_at,
        message=request.message,
        counterpart_type_label=str(OrganisationType(counterpart.org_type).label),
        counterpart_size_label=str(SizeBand(counterpart.size_band).label),
    )
    if request.state != PartnerRequestState.ACCEPTED:
        return row
    asker, answerer = request.requested_by, request.answered_by
    return RequestRow(
        **{
            **row.__dict__,
            "counterpart_name": counterpart.name,
            "asker_name": asker.display_name if asker else "",
            "asker_email": asker.email if asker else "",
            "answerer_name": answerer.display_name if answerer else "",
            "answerer_email": answerer.email if answerer else "",
            "answer": request.answer,
        }
    )


def subcriterion_titles(assessment: SelfAssessment | None) -> dict[str, str]:
    """Subcriterion titles by code in the reader's language (the framework's structure is cached)."""
    if assessment is None:
        return {}
    return {sub.code: sub.title for sub in structure_of(assessment.framework).subcriteria}


def requests_of(organisation: Organisation, titles: Mapping[str, str]) -> RequestLists:
    """The latest requests the organisation sent and received, newest first. Two queries."""
    base = PartnerRequest.objects.select_related("requester", "partner", "requested_by", "answered_by").order_by(
        "-requested_at", "-pk"
    )
    sent = list(base.filter(requester=organisation)[: LIST_LIMIT + 1])
    received = list(base.filter(partner=organisation)[: LIST_LIMIT + 1])
    return RequestLists(
        sent=tuple(_row(request, request.partner, titles) for request in sent[:LIST_LIMIT]),
        received=tuple(_row(request, request.requester, titles) for request in received[:LIST_LIMIT]),
        more_sent=len(sent) > LIST_LIMIT,
        more_received=len(received) > LIST_LIMIT,
    )
