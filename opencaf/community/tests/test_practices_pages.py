"""The good-practice pages at work: writing and editing (with a stale save), the review from the
reading page, translations, "this helped us", downloads, the reader's language, and bounded queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext, ngettext

from conftest import World, client_for
from opencaf.community.models import GoodPractice, PracticeState
from opencaf.community.tests.practice_factories import (
    TEXT,
    attach,
    form_data,
    make_practice,
    mark,
    neighbour,
    organisation_in,
    text,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _framework(caf_framework: Any) -> None:
    """Practices are filed under the CAF 2020 subcriteria."""


def _reading(practice: GoodPractice) -> str:
    return reverse(
        "community:practice", kwargs={"network_id": practice.network.public_id, "practice_id": practice.public_id}
    )


def _edit(practice: GoodPractice) -> str:
    return reverse(
        "community:practice_edit", kwargs={"org_id": practice.organisation.public_id, "practice_id": practice.public_id}
    )


# --- writing -----------------------------------------------------------------------------------------------


def test_a_new_practice_is_written_and_shown(world: World) -> None:
    client = client_for(world.alice)
    url = reverse("community:practice_new", kwargs={"org_id": world.alice_org.public_id})
    page = client.get(url).content.decode()
    assert 'name="subcriteria" value="6.2"' in page and 'lang="en"' in page
    response = client.post(url, form_data(title="Fewer queues at the desk"))
    practice = GoodPractice.objects.get()
    assert response.status_code == 302 and response["Location"] == _reading(practice)
    assert practice.state == PracticeState.DRAFT and practice.created_by == world.alice
    page = client.get(_reading(practice)).content.decode()
    assert "Fewer queues at the desk" in page and "6.2" in page and "petra@example.org" in page


def test_a_form_with_errors_keeps_the_text_and_says_what_is_wrong(world: World) -> None:
    client = client_for(world.alice)
    url = reverse("community:practice_new", kwargs={"org_id": world.alice_org.public_id})
    response = client.post(url, form_data(title="", contact_email="nobody", problem="Kept problem text"))
    page = response.content.decode()
    assert response.status_code == 422 and not GoodPractice.objects.exists()
    assert "data-error-summary" in page and 'href="#id_title"' in page and 'href="#id_contact_email"' in page
    assert "Kept problem text" in page


def test_a_subcriterion_not_of_the_model_is_refused(world: World) -> None:
    url = reverse("community:practice_new", kwargs={"org_id": world.alice_org.public_id})
    response = client_for(world.alice).post(url, form_data(subcriteria=["1.1", "99.9"]))
    assert response.status_code == 422 and 'href="#id_subcriteria_0_0"' in response.content.decode()
    assert not GoodPractice.objects.exists()


def test_a_stale_save_is_refused_and_the_text_kept(world: World) -> None:
    practice = make_practice(world.alice_org)
    client = client_for(world.alice)
    opened_version = practice.version
    client.post(_edit(practice), form_data(title="Saved by a colleague", version=str(opened_version)))
    response = client.post(_edit(practice), form_data(title="My own title", version=str(opened_version)))
    page = response.content.decode()
    assert response.status_code == 422
    assert "My own title" in page and "Saved by a colleague" in page  # the person's text and the saved one
    with translation.override("en"):
        assert escape(gettext("Someone else changed this good practice")) in page
    practice.refresh_from_db()
    assert practice.texts.get().title == "Saved by a colleague"
    assert f'name="version" value="{practice.version}"' in page  # a second save replaces it, knowingly
    client.post(_edit(practice), form_data(title="My own title", version=str(practice.version)))
    assert practice.texts.get().title == "My own title"


def test_editing_a_published_practice_warns_and_sends_it_back_to_review(world: World) -> None:
    practice = make_practice(world.alice_org, state=PracticeState.PUBLISHED)
    client = client_for(world.alice)
    assert 'class="alert alert-warning"' in client.get(_edit(practice)).content.decode()
    client.post(_edit(practice), form_data(results="Now 8 minutes.", version=str(practice.version)))
    practice.refresh_from_db()
    assert practice.state == PracticeState.SUBMITTED


def test_attachments_page_uploads_and_refuses_bad_files(world: World) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    practice = make_practice(world.alice_org)
    url = reverse(
        "community:practice_attachments",
        kwargs={"org_id": world.alice_org.public_id, "practice_id": practice.public_id},
    )
    client = client_for(world.alice)
    response = client.post(url, {"file": SimpleUploadedFile("virus.exe", b"MZ")})
    assert response.status_code == 422 and "data-error-summary" in response.content.decode()
    response = client.post(url, {"file": SimpleUploadedFile("figures.pdf", b"%PDF-1.5 data")})
    assert response.status_code == 302
    assert list(practice.attachments.values_list("name", flat=True)) == ["figures.pdf"]
    attachment = practice.attachments.get()
    remove = reverse(
        "community:practice_attachment_remove",
        kwargs={
            "org_id": world.alice_org.public_id,
            "practice_id": practice.public_id,
            "attachment_id": attachment.public_id,
        },
    )
    assert client.post(remove).status_code == 302 and not practice.attachments.exists()


def test_downloads_are_private_and_named(world: World) -> None:
    practice = make_practice(world.alice_org, state=PracticeState.PUBLISHED)
    attachment = attach(practice, "Results 2024.pdf", b"%PDF-1.4 numbers")
    url = reverse(
        "community:practice_attachment",
        kwargs={
            "network_id": world.network.public_id,
            "practice_id": practice.public_id,
            "attachment_id": attachment.public_id,
        },
    )
    response = client_for(world.carol).get(url)
    assert response.status_code == 200 and response.getvalue() == b"%PDF-1.4 numbers"
    assert "Results 2024.pdf" in response["Content-Disposition"] and "no-store" in response["Cache-Control"]


# --- the review --------------------------------------------------------------------------------------------


def test_a_coordinator_reviews_from_the_reading_page(world: World) -> None:
    practice = make_practice(world.alice_org, state=PracticeState.SUBMITTED)
    client = client_for(world.carol)
    page = client.get(_reading(practice)).content.decode()
    publish = reverse("community:practice_publish", args=[world.network.public_id, practice.public_id])
    give_back = reverse("community:practice_return", args=[world.network.public_id, practice.public_id])
    assert publish in page and give_back in page and f'name="publish-version" value="{practice.version}"' in page
    response = client.post(give_back, {"return-comment": "", "return-version": practice.version})
    assert response.status_code == 422 and 'href="#id_return-comment"' in response.content.decode()
    client.post(give_back, {"return-comment": "Please add the figures.", "return-version": practice.version})
    practice.refresh_from_db()
    assert practice.state == PracticeState.RETURNED
    page = client_for(world.alice).get(_reading(practice)).content.decode()
    assert "Please add the figures." in page  # the organisation reads the comments
    assert publish not in client.get(_reading(practice)).content.decode()  # nothing to review now


def test_a_coordinator_publishing_a_changed_practice_is_stopped(world: World) -> None:
    practice = make_practice(world.alice_org, state=PracticeState.SUBMITTED)
    read_version = practice.version
    client_for(world.alice).post(_edit(practice), form_data(title="Changed meanwhile", version=str(practice.version)))
    publish = reverse("community:practice_publish", args=[world.network.public_id, practice.public_id])
    response = client_for(world.carol).post(publish, {"publish-audience": "public", "publish-version": read_version})
    assert response.status_code == 302 and response["Location"] == _reading(practice)
    practice.refresh_from_db()
    assert practice.state == PracticeState.SUBMITTED


def test_the_review_queue_lists_submitted_and_returned(world: World) -> None:
    waiting = make_practice(world.alice_org, state=PracticeState.SUBMITTED, title="Waiting practice")
    make_practice(world.alice_org, state=PracticeState.RETURNED, title="Returned practice")
    make_practice(world.alice_org, title="Draft practice")
    make_practice(world.bob_org, state=PracticeState.SUBMITTED, title="Bob's practice")
    page = (
        client_for(world.carol).get(reverse("community:review_queue", args=[world.network.public_id])).content.decode()
    )
    assert "Waiting practice" in page and "Returned practice" in page and _reading(waiting) in page
    assert "Draft practice" not in page and "Bob&#x27;s practice" not in page


# --- translations and languages ----------------------------------------------------------------------------


def test_a_translation_is_added_and_read_in_the_readers_language(world: World) -> None:
    practice = make_practice(world.alice_org, state=PracticeState.PUBLISHED, language="sl", title="Okence brez vrst")
    url = reverse("community:practice_translation", args=[world.network.public_id, practice.public_id, "en"])
    client = client_for(world.carol)
    page = client.get(url).content.decode()
    assert "Okence brez vrst" in page and 'lang="en"' in page  # the original beside the form
    response = client.post(url, {**text("A desk without queues"), "version": practice.version})
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.state == PracticeState.PUBLISHED
    # Carol reads English: the translation, marked as one.
    page = client.get(_reading(practice)).content.decode()
    assert '<h1 lang="en">A desk without queues</h1>' in page and 'data-note="translation-shown"' in page
    # A Bulgarian reader has no Bulgarian text: the original, with a note and its language.
    world.carol.language = "bg"
    world.carol.save()
    page = client_for(world.carol).get(_reading(practice)).content.decode()
    assert '<h1 lang="sl">Okence brez vrst</h1>' in page and 'data-note="original-shown"' in page
    assert '<div lang="sl"><p>People waited an hour at the desk.</p>' in page
    # Any written language may be asked for.
    page = client.get(_reading(practice) + "?language=en").content.decode()
    assert '<h1 lang="en">A desk without queues</h1>' in page


def test_a_stale_translation_keeps_the_text(world: World) -> None:
    practice = make_practice(world.alice_org)
    url = reverse("community:practice_translation", args=[world.network.public_id, practice.public_id, "sl"])
    client = client_for(world.alice)
    old = practice.version
    client.post(_edit(practice), form_data(contact_name="Someone", version=str(old)))
    response = client.post(url, {**text("Moj prevod"), "version": old})
    assert response.status_code == 422 and "Moj prevod" in response.content.decode()
    assert not practice.texts.filter(language="sl").exists()


# --- "this helped us" --------------------------------------------------------------------------------------


def test_this_helped_us_is_counted_and_taken_back(world: World) -> None:
    practice = make_practice(world.alice_org, state=PracticeState.PUBLISHED)
    nina_org, nina = neighbour(world.network)
    mark(practice, organisation_in(world.network))
    client = client_for(nina)
    url = reverse("community:practice_helped", args=[world.network.public_id, practice.public_id])
    page = client.get(_reading(practice)).content.decode()
    assert url in page and 'name="helped" value="yes"' in page
    client.post(url, {"organisation": nina_org.public_id, "helped": "yes"})
    page = client.get(_reading(practice)).content.decode()
    assert practice.helped_marks.count() == 2 and 'name="helped" value="no"' in page
    with translation.override("en"):
        count = ngettext("%(counter)s organisation", "%(counter)s organisations", 2) % {"counter": 2}
    assert f'id="helped-count">{count}</dd>' in page
    client.post(url, {"organisation": nina_org.public_id, "helped": "no"})
    assert practice.helped_marks.count() == 1
    # Its own organisation and the coordinator see the count, not the button.
    for user in (world.alice, world.carol):
        assert url not in client_for(user).get(_reading(practice)).content.decode()


# --- bounded queries ---------------------------------------------------------------------------------------


def _many(world: World, count: int, **fields: Any) -> None:
    for number in range(count):
        practice = make_practice(world.alice_org, title=f"Practice {number}", subcriteria=("1.1", "2.1"), **fields)
        mark(practice, organisation_in(world.network))


@pytest.mark.parametrize(
    ("name", "user", "fields"),
    [
        ("org_practices", "alice", {}),
        ("review_queue", "carol", {"state": PracticeState.SUBMITTED}),
    ],
)
def test_lists_run_a_fixed_number_of_queries(
    world: World, django_assert_max_num_queries: Any, name: str, user: str, fields: dict[str, Any]
) -> None:
    kwargs = (
        {"org_id": world.alice_org.public_id} if name == "org_practices" else {"network_id": world.network.public_id}
    )
    url = reverse(f"community:{name}", kwargs=kwargs)
    client = client_for(getattr(world, user))
    _many(world, 2, **fields)
    with django_assert_max_num_queries(15) as few:
        client.get(url)
    _many(world, 18, **fields)
    with django_assert_max_num_queries(15) as many:
        page = client.get(url).content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
    assert page.count("Practice ") >= 20


def test_the_reading_page_runs_a_fixed_number_of_queries(world: World, django_assert_max_num_queries: Any) -> None:
    practice = make_practice(world.alice_org, state=PracticeState.PUBLISHED, subcriteria=("1.1",))
    _org, nina = neighbour(world.network)
    client = client_for(nina)
    with django_assert_max_num_queries(20) as few:
        client.get(_reading(practice))
    practice.subcriteria.set(list(practice.subcriteria.model.objects.filter(framework__code="caf2020")[:20]))
    for number in range(10):
        attach(practice, f"file {number}.pdf")
        mark(practice, organisation_in(world.network))
    for code in ("sl", "bg"):
        practice.texts.create(language=code, **TEXT)
    with django_assert_max_num_queries(20) as many:
        page = client.get(_reading(practice)).content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
    assert page.count("download>") == 10


def test_a_member_reading_another_organisations_practice_finds_the_way_back_to_their_own(world: World) -> None:
    practice = make_practice(world.alice_org, state=PracticeState.PUBLISHED, audience="network")
    reader_org, reader = neighbour(world.network)
    back = reverse("organisations:detail", kwargs={"org_id": reader_org.public_id})
    assert f'href="{back}"' in client_for(reader).get(_reading(practice)).content.decode()
    own_list = reverse("community:org_practices", kwargs={"org_id": world.alice_org.public_id})
    assert f'href="{own_list}"' in client_for(world.alice).get(_reading(practice)).content.decode()
