"""Tenancy cases of the people app's selection part (merged by tenancy_people.py). Kinds as in test_tenancy:
ORG (an organisation's page: 404 for others), NETWORK (a network's page: 404 for others).

The extras give `people_vacancy` (panel: Alice Secret Boss chairing, Alice) and `people_candidate`
("Alice Secret Candidate")."""

from __future__ import annotations

from typing import Any

from conftest import World

ORG = "organisation"
NETWORK = "network"


def _org(w: World, x: dict[str, Any]) -> dict[str, Any]:
    return {"org_id": w.alice_org.public_id}


def _vacancy(w: World, x: dict[str, Any]) -> dict[str, Any]:
    return {"org_id": w.alice_org.public_id, "vacancy_id": x["people_vacancy"].public_id}


def _candidate(w: World, x: dict[str, Any]) -> dict[str, Any]:
    return {**_vacancy(w, x), "candidate_id": x["people_candidate"].public_id}


CASES: dict[str, tuple[str, Any]] = {
    "people:vacancies": (ORG, _org),
    "people:vacancy_new": (ORG, _org),
    **{
        f"people:{name}": (ORG, _vacancy)
        for name in (
            "vacancy",
            "vacancy_settings",
            "vacancy_guide",
            "vacancy_question_new",
            "vacancy_panel",
            "vacancy_candidates",
            "vacancy_decision",
        )
    },
    "people:vacancy_move": (ORG, lambda w, x: {**_vacancy(w, x), "move": "start_interviews"}),
    "people:candidate_scores": (ORG, _candidate),
    "people:candidate_agreement": (ORG, _candidate),
}
