"""What was answered cannot be traced to who answered or when, by construction of the tables."""

from __future__ import annotations

import uuid

import pytest
from django.contrib import admin
from django.db import models

from opencaf.surveys.models import Answer, Invitation, Response, TextAnswer

ANSWER_TABLES = (Response, Answer, TextAnswer)
# Where a person, a token or a machine could hide under another name.
SUSPICIOUS = ("user", "email", "token", "invitation", "ip", "address", "agent", "session", "cookie", "time", "date")


@pytest.mark.parametrize("model", ANSWER_TABLES)
def test_answer_tables_have_no_column_for_a_person_a_token_or_a_time(model: type[models.Model]) -> None:
    for field in model._meta.concrete_fields:
        assert not isinstance(field, (models.DateTimeField, models.DateField, models.TimeField)), field
        assert not any(word in field.name.lower() for word in SUSPICIOUS), f"{model.__name__}.{field.name}"
        if field.is_relation:
            # Answers point only at the survey's own structure and at their response.
            assert field.related_model._meta.app_label == "surveys", field
            assert field.related_model is not Invitation, field


@pytest.mark.parametrize("model", ANSWER_TABLES)
def test_answer_keys_are_random_so_their_order_says_nothing(model: type[models.Model]) -> None:
    key = model._meta.pk
    assert isinstance(key, models.UUIDField) and key.default is uuid.uuid4


def test_invitations_do_not_point_at_responses() -> None:
    for field in Invitation._meta.get_fields():
        assert getattr(field, "related_model", None) not in ANSWER_TABLES, field
    for model in ANSWER_TABLES:
        for field in model._meta.get_fields():
            assert getattr(field, "related_model", None) is not Invitation, field


def test_the_admin_site_offers_no_page_of_answers_or_invitations() -> None:
    for model in (*ANSWER_TABLES, Invitation):
        assert not admin.site.is_registered(model), model
