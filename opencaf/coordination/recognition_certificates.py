"""The certificate of a recognition: one A4 landscape page drawn on request with WeasyPrint (as the
certificates of attendance are), in the awarded organisation's default language whoever downloads it,
so the coordinator and the organisation get the same document. The PDF's title and language come from
the HTML's <title> and lang."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import slugify

from opencaf.coordination.models import Award
from opencaf.coordination.selectors.recognitions import language_of, name_in


def certificate_language(award: Award) -> str:
    return award.organisation.default_language or award.level.scheme.network.default_language


def certificate_filename(award: Award) -> str:
    level = name_in(award.level.name, award.level.scheme.network, certificate_language(award))
    parts = [slugify(level)[:40] or "recognition", str(award.year), slugify(award.organisation.name)[:40]]
    return "-".join(part for part in parts if part) + ".pdf"


def certificate_pdf(award: Award) -> bytes:
    from weasyprint import HTML  # imported here: loading it takes time other work does not need

    language = certificate_language(award)
    network = award.level.scheme.network
    context = {
        "award": award,
        "organisation": award.organisation,
        "network": network,
        "language": language,
        "level_name": name_in(award.level.name, network, language),
        "level_language": language_of(award.level.name, network, language),
        "scheme_name": name_in(award.level.scheme.name, network, language),
    }
    with translation.override(language):
        html = render_to_string("coordination/recognitions/certificate.html", context)
    return bytes(HTML(string=html).write_pdf())
