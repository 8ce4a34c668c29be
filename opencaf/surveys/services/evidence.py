"""Published results as evidence: a link to the results page in the organisation's evidence
register, attached to the survey's CAF subcriteria in its current self-assessment."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from opencaf.assessments import services as assessment_services
from opencaf.assessments.lifecycle import State as AssessmentState
from opencaf.assessments.models import SelfAssessment
from opencaf.assessments.permissions import access_for as assessment_access_for
from opencaf.evidence import services as evidence_services
from opencaf.evidence.models import EvidenceItem, EvidenceKind
from opencaf.frameworks.selectors import structure_of as framework_structure
from opencaf.surveys.lifecycle import Action
from opencaf.surveys.models import Survey
from opencaf.surveys.selectors import structure_of
from opencaf.surveys.texts import text_in

if TYPE_CHECKING:
    from opencaf.accounts.models import User


def current_assessment(survey: Survey) -> SelfAssessment | None:
    """The organisation's latest self-assessment that is not closed: the one whose assessors the
    results should reach."""
    return (
        SelfAssessment.objects.filter(organisation=survey.organisation)
        .exclude(state=AssessmentState.CLOSED)
        .select_related("framework", "organisation")
        .order_by("-created_at")
        .first()
    )


def survey_subcriteria(survey: Survey) -> list[str]:
    codes = {code for view in structure_of(survey).questions for code in view.question.subcriteria}
    return sorted(codes, key=lambda code: tuple(int(part) for part in code.split(".")))


@transaction.atomic
def publish_results(*, actor: User, survey: Survey) -> tuple[SelfAssessment | None, list[str]]:
    """Publish the results and attach them as evidence, both or neither."""
    from opencaf.surveys.services.running import change_state

    change_state(actor=actor, survey=survey, action=Action.PUBLISH)
    return attach_results(actor=actor, survey=survey)


@transaction.atomic
def attach_results(*, actor: User, survey: Survey) -> tuple[SelfAssessment | None, list[str]]:
    """Attach the published results to the current self-assessment; returns it and the codes used."""
    assessment = current_assessment(survey)
    codes = survey_subcriteria(survey)
    if assessment is None or not codes or not assessment_access_for(actor, assessment).can_attach_evidence:
        return assessment, []
    url = settings.SITE_URL + reverse(
        "surveys:results", kwargs={"org_id": survey.organisation.public_id, "survey_id": survey.public_id}
    )
    language = survey.organisation.default_language
    item = EvidenceItem.objects.filter(organisation=survey.organisation, kind=EvidenceKind.LINK, url=url).first()
    if item is None:
        with translation.override(language):
            title = _("Survey results: %(title)s") % {"title": text_in(survey.title, language, survey.languages)}
            description = ngettext(
                "%(count)d response; results published on %(day)s.",
                "%(count)d responses; results published on %(day)s.",
                survey.response_count,
            ) % {
                "count": survey.response_count,
                "day": formats.date_format(survey.published_at, "DATE_FORMAT") if survey.published_at else "",
            }
        item = evidence_services.add_link(
            actor=actor, organisation=survey.organisation, title=title[:200], description=description, url=url
        )
    structure = framework_structure(assessment.framework)
    attached = []
    for code in codes:
        subcriterion = structure.subcriterion(code)
        if subcriterion is None:
            continue
        assessment_services.attach_evidence(
            actor=actor, assessment=assessment, subcriterion=subcriterion, evidence=item
        )
        attached.append(code)
    return assessment, attached
