"""Addresses of the community app's practices pages (included by urls.py): the organisation's own pages,
the network's pages (reading, review, translations, "this helped us", downloads) and the public page."""

from django.urls import URLPattern, path

from opencaf.community.views import practices

ORG = "org/<uuid:org_id>/practices/"
ORG_PRACTICE = ORG + "<uuid:practice_id>/"
NETWORK = "network/<uuid:network_id>/practices/"
PRACTICE = NETWORK + "<uuid:practice_id>/"
PUBLIC = "public/practices/<uuid:practice_id>/"

urlpatterns: list[URLPattern] = [
    path(ORG, practices.org_practices, name="org_practices"),
    path(ORG + "new/", practices.practice_new, name="practice_new"),
    path(ORG_PRACTICE + "edit/", practices.practice_edit, name="practice_edit"),
    path(ORG_PRACTICE + "submit/", practices.practice_submit, name="practice_submit"),
    path(ORG_PRACTICE + "attachments/", practices.practice_attachments, name="practice_attachments"),
    path(
        ORG_PRACTICE + "attachments/<uuid:attachment_id>/remove/",
        practices.practice_attachment_remove,
        name="practice_attachment_remove",
    ),
    path(
        ORG_PRACTICE + "translations/<slug:language>/delete/",
        practices.practice_translation_delete,
        name="practice_translation_delete",
    ),
    path(NETWORK + "review/", practices.review_queue, name="review_queue"),
    path(PRACTICE, practices.practice, name="practice"),
    path(PRACTICE + "translation/<slug:language>/", practices.practice_translation, name="practice_translation"),
    path(PRACTICE + "return/", practices.practice_return, name="practice_return"),
    path(PRACTICE + "publish/", practices.practice_publish, name="practice_publish"),
    path(PRACTICE + "withdraw/", practices.practice_withdraw, name="practice_withdraw"),
    path(PRACTICE + "helped/", practices.practice_helped, name="practice_helped"),
    path(PRACTICE + "attachments/<uuid:attachment_id>/", practices.practice_attachment, name="practice_attachment"),
    path(PUBLIC, practices.public_practice, name="public_practice"),
    path(
        PUBLIC + "attachments/<uuid:attachment_id>/",
        practices.public_practice_attachment,
        name="public_practice_attachment",
    ),
]
