"""The external feedback in an organisation's history, for the pages of coordination that show it (the
coordinator's page of the organisation, the organisation's recognitions) through
`coordination.stage_facts` (registered with the portfolio's stages by stage_facts.register()).

Each case gives its dated steps (started, submitted, accepted, report written, decided) from the dates
the moves stamp on it, and its submissions, returns and withdrawal from the audit log (a submission
stamps only the latest one's date; the others stamp none);
each label its award with its validity. Texts are in the reader's language; links go to the case's page,
which the organisation's members and its network's coordinators may open.
"""

from __future__ import annotations

from datetime import date, datetime

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from opencaf.audit.models import AuditEvent
from opencaf.coordination.stage_facts import HeldLabel, HistoryEntry
from opencaf.feedback.models import CaseState, FeedbackCase, Label
from opencaf.organisations.models import Network, Organisation

SUBMITTED, RETURNED, WITHDRAWN = "feedback.case_submit", "feedback.case_return", "feedback.case_withdraw"


def _day(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def _link(case: FeedbackCase) -> str:
    return reverse("feedback:case", kwargs={"case_id": case.public_id})


def _label_text(label: Label) -> str:
    return _("%(label)s awarded (certificate %(number)s), valid until %(date)s") % {
        "label": label.name_in(),
        "number": label.number,
        "date": formats.date_format(label.valid_until, "SHORT_DATE_FORMAT"),
    }


def entries(organisation: Organisation, network: Network | None, today: date) -> list[HistoryEntry]:
    """The steps of the organisation's cases (those of `network` when given) and its labels' awards,
    oldest first."""
    cases = list(
        FeedbackCase.objects.filter(organisation=organisation)
        .filter(**({"network": network} if network is not None else {}))
        .select_related("assessment", "label")
        .order_by("created_at")
    )
    if not cases:
        return []
    moves = (
        AuditEvent.objects.filter(
            organisation=organisation,
            action__in=(SUBMITTED, RETURNED, WITHDRAWN),
            object_type=FeedbackCase._meta.label_lower,
            object_id__in=[str(case.public_id) for case in cases],
        )
        .values_list("object_id", "action", "occurred_at")
        .order_by("occurred_at")
    )
    later: dict[str, list[tuple[str, datetime]]] = {}
    for object_id, action, moment in moves:
        later.setdefault(object_id, []).append((action, moment))

    found: list[HistoryEntry] = []
    for case in cases:
        link = _link(case)

        def add(moment: datetime | None, text: str, link: str = link) -> None:
            if moment is not None:
                found.append(HistoryEntry(_day(moment), text, link))

        title = case.assessment.title
        add(case.created_at, _("Application for external feedback on “%(title)s” started") % {"title": title})
        moved = later.get(str(case.public_id), [])
        submissions: list[datetime | None] = [moment for action, moment in moved if action == SUBMITTED]
        for submitted_at in submissions or [case.submitted_at]:
            add(submitted_at, _("Application for external feedback submitted to the organiser"))
        add(case.accepted_at, _("Application accepted: external feedback under way"))
        add(case.reported_at, _("Feedback report written"))
        if case.state == CaseState.NOT_AWARDED:
            add(case.decided_at, _("Label not awarded"))
        label = getattr(case, "label", None)
        if label is not None:
            found.append(HistoryEntry(label.awarded_on, _label_text(label), link))
        elif case.state == CaseState.AWARDED:
            add(case.decided_at, _("Label awarded"))
        for action, moved_at in moved:
            if action == RETURNED:
                add(moved_at, _("Application returned to the organisation for more"))
            elif action == WITHDRAWN:
                add(moved_at, _("Application for external feedback withdrawn"))
    return sorted(found, key=lambda entry: entry.on)


def labels(organisation: Organisation, today: date) -> list[HeldLabel]:
    """The labels awarded to the organisation, valid or not, with whether each is valid on `today`."""
    return [
        HeldLabel(
            name=label.name_in(),
            number=label.number,
            awarded_on=label.awarded_on,
            valid_until=label.valid_until,
            valid=label.awarded_on <= today <= label.valid_until,
            link=_link(label.case),
            certificate=reverse("feedback:certificate", kwargs={"label_id": label.public_id}),
        )
        for label in Label.objects.filter(organisation=organisation).select_related("case")
    ]
