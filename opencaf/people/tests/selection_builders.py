"""A selection in Alice's organisation for the selection tests: HR (Hana), a panel of two (Cleo chairs,
Mark), a member of the organisation on no panel (Olga), a vacancy for a profile whose two key
competencies have two bank questions each (four questions in the guide), and two candidates. Scores
and agreed scores are written straight to the models (the services have their own tests)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from conftest import World
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Membership
from opencaf.people.models import (
    AgreedScore,
    Candidate,
    GuideQuestion,
    JobProfile,
    ModelVersion,
    PanelMember,
    PanelScore,
    Vacancy,
)
from opencaf.people.tests import factories as f


@dataclass
class Selection:
    world: World
    version: ModelVersion
    profile: JobProfile
    vacancy: Vacancy
    hr: Membership
    chair: Membership
    member: Membership
    outsider: Membership
    ana: Candidate
    ben: Candidate

    @property
    def chair_seat(self) -> PanelMember:
        return self.vacancy.panel.get(membership=self.chair)

    @property
    def member_seat(self) -> PanelMember:
        return self.vacancy.panel.get(membership=self.member)

    def questions(self) -> list[GuideQuestion]:
        return list(self.vacancy.guide.order_by("competency__position", "position", "pk"))

    def refresh(self) -> Vacancy:
        self.vacancy.refresh_from_db()
        return self.vacancy


def selection(world: World, *, state: str = "preparing") -> Selection:
    version = f.competency_model(world.alice_org)
    profile = f.job_profile(world.alice_org, version)
    hr = f.member(world.alice_org, "hana@example.org", Role.HR, name="Hana Human")
    chair = f.member(world.alice_org, "cleo@example.org", Role.VIEWER, name="Cleo Chair")
    member = f.member(world.alice_org, "mark@example.org", Role.VIEWER, name="Mark Member")
    outsider = f.member(world.alice_org, "olga@example.org", Role.VIEWER, name="Olga Other")
    vacancy = f.vacancy(world.alice_org, profile, [chair, member], ["Ana Applicant", "Ben Bidder"], state=state)
    return Selection(
        world=world,
        version=version,
        profile=profile,
        vacancy=vacancy,
        hr=hr,
        chair=chair,
        member=member,
        outsider=outsider,
        ana=vacancy.candidates.get(name="Ana Applicant"),
        ben=vacancy.candidates.get(name="Ben Bidder"),
    )


def give_scores(
    s: Selection, seat: PanelMember, candidate: Candidate, values: list[int | None], *, submitted: bool = True
) -> None:
    """The member's scores of the candidate on the guide's questions in order (and submitted)."""
    when = timezone.now() if submitted else None
    for question, value in zip(s.questions(), values, strict=True):
        PanelScore.objects.update_or_create(
            candidate=candidate,
            member=seat,
            question=question,
            defaults={"score": value, "note": f"Note {value}", "submitted_at": when},
        )


def score_everyone(s: Selection, value: int = 3) -> None:
    for seat in s.vacancy.panel.all():
        for candidate in (s.ana, s.ben):
            give_scores(s, seat, candidate, [value] * len(s.questions()))


def agree(s: Selection, candidate: Candidate, scores: list[int]) -> None:
    competencies = sorted({q.competency for q in s.questions()}, key=lambda c: c.position)
    for competency, score in zip(competencies, scores, strict=True):
        AgreedScore.objects.update_or_create(
            candidate=candidate, competency=competency, defaults={"score": score, "rationale": "Agreed because."}
        )


def set_state(s: Selection, state: str) -> None:
    s.vacancy.state = state
    s.vacancy.save(update_fields=["state"])
