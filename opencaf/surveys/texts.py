"""Texts written in several languages: `opencaf.lib.texts`, where every app can use them."""

from opencaf.lib.texts import missing_languages, text_in

__all__ = ["missing_languages", "text_in"]
