"""URLs of the people app's talent part (included by urls.py): the key positions and their successors,
and the talent grid. HR and top management only (views/talent.py)."""

from django.urls import URLPattern, path

from opencaf.people.views import talent

ORG = "org/<uuid:org_id>/people/"
POSITION = ORG + "talent/positions/<uuid:position_id>/"
SUCCESSOR = POSITION + "successors/<uuid:successor_id>/"

urlpatterns: list[URLPattern] = [
    path(ORG + "talent/positions/", talent.key_positions, name="key_positions"),
    path(ORG + "talent/positions/new/", talent.key_position_new, name="key_position_new"),
    path(POSITION, talent.key_position, name="key_position"),
    path(POSITION + "edit/", talent.key_position_edit, name="key_position_edit"),
    path(POSITION + "remove/", talent.key_position_remove, name="key_position_remove"),
    path(POSITION + "successors/new/", talent.successor_new, name="successor_new"),
    path(SUCCESSOR + "edit/", talent.successor_edit, name="successor_edit"),
    path(SUCCESSOR + "remove/", talent.successor_remove, name="successor_remove"),
    path(ORG + "talent/grid/", talent.talent_grid, name="talent_grid"),
]
