"""Audit vocabulary of the people app's talent part (merged by audit_vocabulary.py)."""

from opencaf.audit.registry import Field, Label

ACTIONS: dict[str, Label] = {}

FIELDS: dict[str, Field] = {}
