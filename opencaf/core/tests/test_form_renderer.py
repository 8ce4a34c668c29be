"""The renderer's Python-printed widgets match Django's own templates character for character."""

from __future__ import annotations

import datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.utils.safestring import mark_safe

from opencaf.core.form_renderer import DIRECT, FormRenderer

ATTRS = [
    {},
    {"class": "form-control", "required": True, "disabled": False},
    {"placeholder": 'Say "hello" <b>&</b>', "maxlength": 200, "min": 0, "step": "any"},
    {"aria-describedby": "id_x-errors id_x_helptext", "aria-invalid": "true", "data-x": mark_safe("<ok>")},
]
VALUES = [None, "", "plain", 'quote " and <tag> & amp', 0, 12, mark_safe("<kept>"), "line\nbreak"]
WIDGETS = [
    forms.TextInput,
    forms.NumberInput,
    forms.EmailInput,
    forms.URLInput,
    forms.PasswordInput,
    forms.HiddenInput,
    forms.DateInput,
    forms.TimeInput,
    forms.CheckboxInput,
    forms.FileInput,
    forms.Textarea,
]


def test_the_project_uses_it() -> None:
    assert isinstance(get_default_renderer(), FormRenderer)


@pytest.mark.parametrize("widget_class", WIDGETS)
@pytest.mark.parametrize("attrs", ATTRS)
@pytest.mark.parametrize("value", VALUES)
def test_widgets_print_as_djangos_templates(widget_class: type[forms.Widget], attrs: dict, value: object) -> None:
    widget = widget_class(attrs=attrs)
    assert widget.template_name in DIRECT, "a widget under test must take the direct path"
    ours = widget.render("field", value, attrs={"id": "id_field"}, renderer=FormRenderer())
    djangos = widget.render("field", value, attrs={"id": "id_field"}, renderer=DjangoTemplates())
    assert ours == djangos


def test_a_date_value_prints_as_djangos_template() -> None:
    widget = forms.DateInput(format="%d.%m.%Y")
    day = datetime.date(2026, 12, 6)
    assert widget.render("day", day, renderer=FormRenderer()) == widget.render("day", day, renderer=DjangoTemplates())


def test_other_widgets_still_render_through_templates() -> None:
    widget = forms.Select(choices=[("a", "A <b>"), ("b", "B")])
    assert widget.template_name not in DIRECT
    ours = widget.render("pick", "b", renderer=FormRenderer())
    assert ours == widget.render("pick", "b", renderer=DjangoTemplates())
    assert '<option value="b" selected>B</option>' in ours
