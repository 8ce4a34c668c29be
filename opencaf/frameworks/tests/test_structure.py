"""The framework structure read once per process: reused while the version is unchanged, read again
when load_frameworks brings new content, and still speaking the language of each request."""

from __future__ import annotations

import copy

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from opencaf.frameworks.models import FrameworkVersion, ScoringPanel
from opencaf.frameworks.selectors import structure_of
from opencaf.frameworks.services import DEFAULT_MODEL_FILES, load_framework, read_framework_file


def _fresh(framework: FrameworkVersion) -> FrameworkVersion:
    """The version's row as a new request would read it."""
    return FrameworkVersion.objects.get(pk=framework.pk)


def test_structure_is_read_once_per_version(caf_framework: FrameworkVersion) -> None:
    first = structure_of(_fresh(caf_framework))
    framework = _fresh(caf_framework)
    with CaptureQueriesContext(connection) as queries:
        again = structure_of(framework)
    assert len(queries) == 0
    assert again is first
    assert [sub.code for sub in first.subcriteria][:3] == ["1.1", "1.2", "1.3"]
    assert len(first.subcriteria) == 28
    assert first.subcriterion("4.5") is not None and first.subcriterion("4.5").criterion.number == 4
    assert first.subcriterion("10.1") is None


def test_panels_carry_their_dimensions_and_bands(caf_framework: FrameworkVersion) -> None:
    structure = structure_of(_fresh(caf_framework))
    panel = structure.panel("fine_tuned", "enabler")
    with CaptureQueriesContext(connection) as queries:
        dimensions = [dimension.code for dimension in panel.dimensions.all()]
        bands = list(panel.bands.all())
    assert len(queries) == 0
    assert dimensions == ["plan", "do", "check", "act"]
    assert bands and bands[0].min_score == 0
    with pytest.raises(ScoringPanel.DoesNotExist):
        structure.panel("no_such_method", "enabler")


def test_only_the_classical_enabler_panel_shows_a_pdca_phase_per_band(caf_framework: FrameworkVersion) -> None:
    from django.template.loader import render_to_string

    structure = structure_of(_fresh(caf_framework))
    for method in ("classical", "fine_tuned"):
        for kind in ("enabler", "result"):
            panel = structure.panel(method, kind)
            expected = (method, kind) == ("classical", "enabler")
            assert panel.bands_have_phases is expected
            with translation.override("en"):
                table = render_to_string(
                    "assessments/_bands.html", {"panel": panel, "bands": list(panel.bands.all()), "marked": None}
                )
            assert ("PDCA phase" in table) is expected


@pytest.mark.django_db
def test_reloaded_content_is_read_again() -> None:
    data = read_framework_file(DEFAULT_MODEL_FILES[0])
    framework = load_framework(data).framework
    before = structure_of(_fresh(framework))
    changed = copy.deepcopy(data)
    changed["criteria"][0]["subcriteria"][0]["title"]["en"] = "Give the organisation direction"
    load_framework(changed)
    after = structure_of(_fresh(framework))
    assert after is not before
    assert after.subcriterion("1.1").title == "Give the organisation direction"


def test_shared_texts_follow_each_requests_language(caf_framework: FrameworkVersion) -> None:
    sub = structure_of(_fresh(caf_framework)).subcriterion("1.1")
    with translation.override("en"):
        english = sub.title
    with translation.override("sl"):
        slovenian = structure_of(_fresh(caf_framework)).subcriterion("1.1").title
    assert english != slovenian
    assert english and slovenian
