from __future__ import annotations

import copy
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command
from django.utils import translation

from opencaf.audit.models import AuditEvent
from opencaf.frameworks.models import Criterion, FrameworkVersion, PanelBand, ScoringPanel, Subcriterion
from opencaf.frameworks.services import DEFAULT_MODEL_FILES, FrameworkFileError, load_framework, read_framework_file


@pytest.mark.django_db
def test_load_command_is_idempotent() -> None:
    out = StringIO()
    call_command("load_frameworks", stdout=out)
    call_command("load_frameworks", stdout=out)
    assert "caf2020 2020: loaded" in out.getvalue()
    assert "caf2020 2020: unchanged" in out.getvalue()
    framework = FrameworkVersion.objects.get(code="caf2020")
    assert framework.criteria.count() == 9
    assert framework.subcriteria.count() == 28
    assert framework.panels.count() == 4
    assert PanelBand.objects.filter(panel__framework=framework).count() == 24
    assert framework.phases.count() == 3
    assert AuditEvent.objects.filter(action="framework.loaded").count() == 1


@pytest.mark.django_db
def test_reloading_changed_data_updates_rows_in_place() -> None:
    data = read_framework_file(DEFAULT_MODEL_FILES[0])
    load_framework(data)
    subcriterion = Subcriterion.objects.get(code="1.1")
    changed = copy.deepcopy(data)
    changed["criteria"][0]["subcriteria"][0]["title"]["en"] = "Give the organisation direction"
    result = load_framework(changed)
    assert result.changed
    subcriterion.refresh_from_db()  # same row, so later data pointing at it stays attached
    assert subcriterion.title_en == "Give the organisation direction"


@pytest.mark.django_db
def test_two_framework_versions_live_side_by_side() -> None:
    data = read_framework_file(DEFAULT_MODEL_FILES[0])
    load_framework(data)
    other = copy.deepcopy(data)
    other["framework"]["code"] = "caf2030"
    other["framework"]["version"] = "2030"
    load_framework(other)
    assert FrameworkVersion.objects.count() == 2
    assert Criterion.objects.count() == 18
    assert ScoringPanel.objects.filter(framework__code="caf2030").count() == 4


@pytest.mark.django_db
def test_invalid_file_changes_nothing(tmp_path: Path) -> None:
    data = read_framework_file(DEFAULT_MODEL_FILES[0])
    data["criteria"][0]["title"]["bg"] = ""
    path = tmp_path / "model.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    with pytest.raises(CommandError, match="missing text in language 'bg'"):
        call_command("load_frameworks", str(path))
    with pytest.raises(FrameworkFileError):
        load_framework(data)
    assert FrameworkVersion.objects.count() == 0
    broken = tmp_path / "broken.yaml"
    broken.write_text("criteria: [unclosed")
    with pytest.raises(CommandError):
        call_command("load_frameworks", str(broken))


@pytest.mark.django_db
def test_texts_follow_the_active_language(caf_framework: FrameworkVersion) -> None:
    criterion = Criterion.objects.get(framework=caf_framework, number=1)
    with translation.override("sl"):
        assert criterion.title == "Voditeljstvo"
        assert not criterion.is_own_translation
    with translation.override("bg"):
        assert criterion.title == "Лидерство"
    sub = Subcriterion.objects.get(code="1.1")
    with translation.override("sl"):
        assert sub.is_own_translation
    with translation.override("en"):
        assert not sub.is_own_translation
