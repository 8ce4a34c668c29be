"""Audit vocabulary of the people app's selection part (merged by audit_vocabulary.py)."""

from opencaf.audit.registry import Field, Label

ACTIONS: dict[str, Label] = {}

FIELDS: dict[str, Field] = {}
