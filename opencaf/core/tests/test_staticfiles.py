"""The production storage of static files gives each file's hashed address, worked out once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from opencaf.core.staticfiles import StaticFilesStorage


@pytest.fixture
def storage(tmp_path: Path, settings) -> StaticFilesStorage:  # type: ignore[no-untyped-def]
    settings.DEBUG = False
    manifest = {"paths": {"opencaf/site.css": "opencaf/site.0123abcd.css"}, "version": "1.1", "hash": "x"}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    return StaticFilesStorage(location=tmp_path, base_url="/static/")


def test_the_hashed_address_is_given_and_kept(storage: StaticFilesStorage, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    assert storage.url("opencaf/site.css") == "/static/opencaf/site.0123abcd.css"
    # Kept: asked again, the manifest is not consulted.
    monkeypatch.setattr(storage, "stored_name", lambda name: pytest.fail("worked out again"))
    assert storage.url("opencaf/site.css") == "/static/opencaf/site.0123abcd.css"


def test_a_file_missing_from_the_manifest_is_an_error_every_time(storage: StaticFilesStorage) -> None:
    for _ in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            storage.url("opencaf/missing.css")


def test_with_debug_on_the_plain_address_is_given(storage: StaticFilesStorage, settings) -> None:  # type: ignore[no-untyped-def]
    settings.DEBUG = True
    assert storage.url("opencaf/site.css") == "/static/opencaf/site.css"
