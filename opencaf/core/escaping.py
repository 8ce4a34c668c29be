"""HTML escaping for text printed in Python rather than through a template."""

from __future__ import annotations

import html


def escaped(value: object) -> str:
    """What Django's conditional_escape prints, without the wrapper it carries for lazy strings
    (str() resolves those): a value marked safe as it is, anything else escaped as Django's escape
    does. Pages that print dozens of values in Python (form inputs, thirty assessors' names) spent
    most of their escaping time in that wrapper."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))
