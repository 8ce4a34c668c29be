"""The good practices beside a subcriterion on its scoring and consensus pages (the assessments app's
`subcriterion_links` registry, filled from `CommunityConfig.ready()`).

A member of an organisation that belongs to a network sees the newest practices of that network's
library for the subcriterion (at most MOST_SHOWN) and a link to all of them, the library filtered by
the subcriterion. Anyone else (an organisation outside any network) sees nothing. Two queries per
subcriterion code asked (the practices, then their titles), one when there is nothing to show.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.http import Http404
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext

from opencaf.assessments.subcriterion_links import SubcriterionLink, SubcriterionLinks
from opencaf.community.permissions.practices import network_reader
from opencaf.community.selectors.library import PracticeTitle, practices_for_subcriterion

if TYPE_CHECKING:
    from opencaf.assessments.models import SelfAssessment

MOST_SHOWN = 5


def library_url(network_public_id: object, code: str) -> str:
    """The network's library filtered by the subcriterion."""
    base = reverse("community:library", kwargs={"network_id": network_public_id})
    return f"{base}?{urlencode({'subcriterion': code})}"


def practice_url(practice: PracticeTitle) -> str:
    """The practice's reading page for the network's readers, or the public one for another network's."""
    if practice.on_network_page:
        kwargs = {"network_id": practice.network_public_id, "practice_id": practice.public_id}
        return reverse("community:practice", kwargs=kwargs)
    return reverse("community:public_practice", kwargs={"practice_id": practice.public_id})


def _reads_library(user: Any, network_public_id: object) -> bool:
    """The library's own rule: members of the network's organisations and its coordinators."""
    try:
        network_reader(user, network_public_id)
    except Http404:
        return False
    return True


def for_subcriteria(
    user: Any, assessment: SelfAssessment, codes: Sequence[str]
) -> Mapping[str, list[SubcriterionLinks]]:
    organisation = assessment.organisation
    network = organisation.network
    if network is None or not _reads_library(user, network.public_id):
        return {}
    language = translation.get_language()
    found: dict[str, list[SubcriterionLinks]] = {}
    for code in codes:
        practices = practices_for_subcriterion(network.pk, code, language, MOST_SHOWN)
        if not practices:
            continue
        links = tuple(
            SubcriterionLink(title=p.title, url=practice_url(p), note=p.organisation, language=p.language)
            for p in practices
        )
        found[code] = [
            SubcriterionLinks(
                heading=gettext("Good practices for this subcriterion"),
                links=links,
                more_url=library_url(network.public_id, code),
                more_label=gettext("All good practices for %(code)s in the library") % {"code": code},
            )
        ]
    return found
