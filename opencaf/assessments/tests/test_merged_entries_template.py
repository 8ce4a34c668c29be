"""How folded entries are labelled in the consensus pages."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from opencaf.assessments.merging import fold


def _render(pairs: list[tuple[str, str]]) -> str:
    context = {"entry_kinds": [("strength", "Strengths")], "item": {"entries": {"strength": fold(pairs)}}}
    return render_to_string("assessments/_merged_entries.html", context)


def test_identical_points_name_the_people_and_reworded_ones_the_wordings() -> None:
    with translation.override("en"):
        assert "raised by 2 people" in _render([("A", "Vodstvo je dostopno"), ("B", "vodstvo je dostopno.")])
        reworded = _render(
            [("A", "Ni sistematičnega merjenja zadovoljstva"), ("B", "Ni sistematicnega merjenja zadovoljstva")]
        )
        assert "2 similar wordings" in reworded and "people" not in reworded


def test_contradicting_points_are_listed_apart() -> None:
    with translation.override("en"):
        html = _render([("A", "Letni razgovori se izvajajo"), ("B", "Letni razgovori se ne izvajajo")])
    assert html.count("<li>") == 2
    assert "raised by" not in html and "similar" not in html


def test_joined_prints_what_djangos_join_prints() -> None:
    from django.template import engines
    from django.utils.safestring import mark_safe

    engine = engines["django"]
    values = ["Ana <b>", 'Bor "&" Co', mark_safe("<i>kept</i>"), 7]
    for separator in (", ", " · ", " <&> "):
        ours = engine.from_string("{% load assessment_tags %}{{ values|joined:sep }}")
        django = engine.from_string("{{ values|join:sep }}")
        context = {"values": values, "sep": separator}
        assert ours.render(context) == django.render(context)
        context["values"] = values[:3]  # Django's join gives up on a number when not escaping
        unescaped = "{% autoescape off %}{{ values|joined:sep }}{% endautoescape %}"
        assert engine.from_string("{% load assessment_tags %}" + unescaped).render(context) == engine.from_string(
            "{% autoescape off %}{{ values|join:sep }}{% endautoescape %}"
        ).render(context)
