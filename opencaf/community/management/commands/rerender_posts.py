"""Render the HTML of every forum post again from its Markdown source (docs/adr/0012-forum-markdown.md).

Run it after a change of the sanitiser's allow-list or of the renderer (a new markdown-it-py or nh3):
the source is the record, the stored HTML is derived from it. Idempotent: a second run changes nothing.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from opencaf.community.services.forum import rerender_posts


class Command(BaseCommand):
    help = "Render the stored HTML of every forum post again from its Markdown source."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=500, help="Posts read and written at a time.")

    def handle(self, *args: Any, **options: Any) -> None:
        changed = rerender_posts(batch_size=max(1, options["batch_size"]))
        self.stdout.write(f"{changed} post(s) rendered anew.")
