"""Single sign-on against a real OpenID Connect provider (tests/oidc_provider, panva's oidc-provider),
in Chromium: an identity reaches an account only by its subject or, from a provider trusted for it,
by a verified e-mail address of an ordinary account; every refusal is a page that says what to do.

Demo users work in Slovenian; the assertions read states, addresses and data, not translated text.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from allauth.socialaccount.models import SocialAccount

from opencaf.accounts.oidc_settings import socialaccount_providers
from opencaf.audit.models import AuditEvent

sys.path.insert(0, str(Path(__file__).resolve().parent))
from oidc_provider import PROVIDER_ID, RunningProvider, running_provider

pytestmark = pytest.mark.e2e

ACCOUNTS = {
    # Asserts the demo administrator's address, as a misconfigured or hostile provider could.
    "claims-the-admin": {"email": "admin@example.org", "email_verified": True, "name": "Not the admin"},
    # The string "false" is truthy: it must not count as verified.
    "unverified-string": {"email": "assessor1@example.org", "email_verified": "false"},
    "assessor-one": {"email": "assessor1@example.org", "email_verified": True, "name": "Assessor One"},
    "stranger": {"email": "stranger@example.org", "email_verified": True},
}


@pytest.fixture
def provider(live_server: Any) -> Iterator[RunningProvider]:
    try:
        with running_provider(live_server.url, ACCOUNTS) as running:
            yield running
    except RuntimeError as error:  # Node.js or the provider's packages missing (make test installs them)
        if os.environ.get("OPENCAF_REQUIRE_BROWSER") == "1":
            pytest.fail(str(error))
        pytest.skip(str(error))


@pytest.fixture
def use_provider(settings: Any, provider: RunningProvider) -> Any:
    def configure(**options: Any) -> None:
        settings.SOCIALACCOUNT_PROVIDERS = socialaccount_providers([provider.app_settings(**options)])

    return configure


def _quiet_provider_pages(page: Any) -> None:
    # The provider's development pages load web fonts from the internet, which this machine cannot
    # reach; answer those requests empty instead of letting them fail in the console.
    page.context.route(
        re.compile(r"^https?://(?!(127\.0\.0\.1|localhost)[:/])"), lambda route: route.fulfill(status=204, body="")
    )


def _go_to_provider(page: Any) -> None:
    """From OpenCAF's sign-in page, by the provider's button, to the provider."""
    _quiet_provider_pages(page)
    page.goto("/accounts/login/")
    with page.expect_navigation():
        page.locator(f'main form[action*="/accounts/oidc/{PROVIDER_ID}/login/"] button[type="submit"]').click()


def _sign_in_with_provider(page: Any, subject: str) -> None:
    """From OpenCAF's sign-in page through the provider's own pages, as a person would."""
    _go_to_provider(page)
    page.locator('input[name="login"]').fill(subject)
    page.locator('input[name="password"]').fill("any password: the test provider accepts it")
    with page.expect_navigation():
        page.locator('button[type="submit"]').click()
    with page.expect_navigation():
        page.locator('button[type="submit"]').click()  # the provider's consent: Continue


def _signed_in(page: Any) -> bool:
    return page.locator('header form[action$="/logout/"]').count() == 1


def test_an_unlinked_identity_does_not_sign_in_by_its_email(
    page: Any, use_provider: Any, assert_accessible: Any
) -> None:
    use_provider()  # not trusted for e-mail linking: the default
    _sign_in_with_provider(page, "assessor-one")
    assert not _signed_in(page)
    assert page.locator('[role="alert"]').count() == 1
    assert page.locator('a[href="/accounts/login/"]').count() >= 1
    assert_accessible(page, "single sign-on refused")
    assert not SocialAccount.objects.exists()


def test_a_provider_asserting_the_administrators_address_gets_nothing(page: Any, use_provider: Any) -> None:
    use_provider(trust_email_for_linking=True)
    _sign_in_with_provider(page, "claims-the-admin")
    assert not _signed_in(page)
    page.goto("/admin/")
    assert "/accounts/login/" in page.url or "/admin/login/" in page.url
    assert not SocialAccount.objects.exists()


def test_email_verified_as_the_string_false_is_not_verified(page: Any, use_provider: Any) -> None:
    use_provider(trust_email_for_linking=True)
    _sign_in_with_provider(page, "unverified-string")
    assert not _signed_in(page)
    assert not SocialAccount.objects.exists()


def test_a_trusted_provider_links_a_verified_ordinary_account_then_the_subject_is_enough(
    page: Any, browser: Any, live_server: Any, use_provider: Any
) -> None:
    use_provider(trust_email_for_linking=True)
    _sign_in_with_provider(page, "assessor-one")
    assert _signed_in(page)
    link = SocialAccount.objects.get()
    assert (link.uid, link.user.email) == ("assessor-one", "assessor1@example.org")
    assert AuditEvent.objects.filter(action="user.identity_linked", actor=link.user, changes__how="email").count() == 1
    # Later, with e-mail linking off, the same identity signs in by its subject.
    use_provider()
    context = browser.new_context(base_url=live_server.url)
    other = context.new_page()
    _sign_in_with_provider(other, "assessor-one")
    assert _signed_in(other)
    context.close()


def test_a_stranger_is_told_to_ask_for_an_invitation(page: Any, use_provider: Any) -> None:
    use_provider(trust_email_for_linking=True)
    _sign_in_with_provider(page, "stranger")
    assert not _signed_in(page)
    assert page.locator('[role="alert"]').count() == 1


def _shows_a_failure_page(page: Any) -> bool:
    return (
        page.locator('main [role="alert"]').count() == 1
        and page.locator('main a[href="/accounts/login/"]').count() >= 1
    )


@pytest.mark.expected_console_errors("503")
def test_a_provider_that_cannot_be_reached_gets_a_page_not_a_server_error(
    page: Any, use_provider: Any, assert_accessible: Any
) -> None:
    use_provider(server_url="http://127.0.0.1:9")  # nothing listens on the discard port
    _go_to_provider(page)
    assert not _signed_in(page)
    assert _shows_a_failure_page(page)
    assert_accessible(page, "provider unreachable")


def test_cancelling_at_the_provider(page: Any, use_provider: Any) -> None:
    use_provider()
    _go_to_provider(page)
    with page.expect_navigation():
        page.get_by_text("[ Cancel ]").click()
    assert "/accounts/oidc/" in page.url
    assert not _signed_in(page)
    assert _shows_a_failure_page(page)


@pytest.mark.expected_console_errors("502")
def test_a_wrong_client_secret_gets_a_page_not_a_server_error(page: Any, use_provider: Any) -> None:
    use_provider(secret="not-the-secret", trust_email_for_linking=True)
    _sign_in_with_provider(page, "assessor-one")
    assert not _signed_in(page)
    assert _shows_a_failure_page(page)
    assert not SocialAccount.objects.exists()


def test_the_request_carries_a_nonce_and_the_persons_language(page: Any, use_provider: Any) -> None:
    use_provider(trust_email_for_linking=True)
    authorisations: list[str] = []
    page.on("request", lambda request: authorisations.append(request.url) if "/auth?" in request.url else None)
    _sign_in_with_provider(page, "assessor-one")
    assert _signed_in(page)
    (url,) = [url for url in authorisations if "127.0.0.1" in url][:1]
    query = parse_qs(urlparse(url).query)
    assert len(query["nonce"][0]) >= 20
    assert query["ui_locales"] == ["en"]
    assert query["code_challenge_method"] == ["S256"]


def test_signing_out_ends_the_providers_session_too(page: Any, use_provider: Any) -> None:
    """On a shared office PC the next person must not be signed in as the previous one by the button."""
    use_provider(trust_email_for_linking=True)
    _sign_in_with_provider(page, "assessor-one")
    assert _signed_in(page)
    with page.expect_navigation():
        page.locator('header form[action$="/logout/"] button[type="submit"]').click()
    assert "127.0.0.1" in page.url  # at the provider's logout
    with page.expect_navigation():
        page.locator('button[autofocus], button[type="submit"]').first.click()  # "Yes, sign me out"
    assert "/accounts/login/" in page.url and not _signed_in(page)
    _go_to_provider(page)
    # The provider asks who you are again instead of signing the previous person straight back in.
    assert page.locator('input[name="login"]').count() == 1


def test_a_password_session_signs_out_locally_only(page: Any, use_provider: Any, login: Any, logout: Any) -> None:
    use_provider()
    login(page, "assessor1@example.org")
    logout(page)
    assert "127.0.0.1" not in page.url


def test_an_invitation_is_accepted_through_the_provider(page: Any, use_provider: Any) -> None:
    """The invited person follows the e-mail's link, chooses the provider, signs in there, and lands in
    the organisation: the account is the invited address's, linked to the provider's subject."""
    from django.db import transaction

    from opencaf.accounts.models import User
    from opencaf.organisations import services
    from opencaf.organisations.choices import Role
    from opencaf.organisations.models import Membership

    use_provider()  # no e-mail linking: the invitation is the proof
    inviter = User.objects.get(email="quality@example.org")
    organisation = Membership.objects.get(user=inviter).organisation
    with transaction.atomic():
        _invitation, token = services.invite_member(
            actor=inviter, organisation=organisation, email="newcomer@example.org", roles=[Role.ASSESSOR]
        )
    _quiet_provider_pages(page)
    page.goto(f"/invitations/{token}/")
    with page.expect_navigation():
        page.locator(f'form[action*="/sign-on/{PROVIDER_ID}/"] button[type="submit"]').click()
    with page.expect_navigation():
        page.locator('main form button[type="submit"]').click()  # allauth's "continue"
    page.locator('input[name="login"]').fill("stranger")  # the provider knows them as stranger@…
    page.locator('input[name="password"]').fill("any")
    with page.expect_navigation():
        page.locator('button[type="submit"]').click()
    with page.expect_navigation():
        page.locator('button[type="submit"]').click()
    assert _signed_in(page)
    newcomer = User.objects.get(email="newcomer@example.org")
    assert not newcomer.has_usable_password()
    assert Membership.objects.filter(user=newcomer, organisation=organisation).exists()
    assert SocialAccount.objects.get(user=newcomer).uid == "stranger"
    assert (
        AuditEvent.objects.filter(action="user.identity_linked", actor=newcomer, changes__how="invitation").count() == 1
    )


def _at_provider_sign_in(page: Any, subject: str) -> None:
    page.locator('input[name="login"]').fill(subject)
    page.locator('input[name="password"]').fill("any")
    with page.expect_navigation():
        page.locator('button[type="submit"]').click()
    with page.expect_navigation():
        page.locator('button[type="submit"]').click()  # consent


def test_a_signed_in_person_connects_the_provider_then_signs_in_with_it(
    page: Any, browser: Any, live_server: Any, use_provider: Any, login: Any
) -> None:
    use_provider()  # no e-mail linking: the password session is the proof
    _quiet_provider_pages(page)
    login(page, "assessor1@example.org")
    page.goto("/accounts/profile/")
    with page.expect_navigation():
        page.locator('main a[href="/accounts/3rdparty/"]').click()
    with page.expect_navigation():
        page.locator(f'main a[href*="/accounts/oidc/{PROVIDER_ID}/login/"]').click()
    with page.expect_navigation():
        page.locator('main form button[type="submit"]').click()  # allauth's "continue"
    _at_provider_sign_in(page, "assessor-one")
    link = SocialAccount.objects.get()
    assert (link.uid, link.user.email) == ("assessor-one", "assessor1@example.org")
    assert AuditEvent.objects.filter(action="user.identity_linked", actor=link.user, changes__how="connected").exists()


def test_two_factor_authentication_is_still_asked_after_the_provider(page: Any, use_provider: Any) -> None:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from opencaf.accounts.models import User

    use_provider()
    user = User.objects.get(email="assessor1@example.org")
    TOTP.activate(user, generate_totp_secret())
    SocialAccount.objects.create(user=user, provider=PROVIDER_ID, uid="assessor-one", extra_data={})
    _go_to_provider(page)
    _at_provider_sign_in(page, "assessor-one")
    assert not _signed_in(page)
    assert page.locator('input[name="code"]').count() == 1  # allauth's authenticator code


def test_an_assurance_level_below_the_minimum_is_refused(page: Any, use_provider: Any) -> None:
    use_provider(trust_email_for_linking=True, accepted_acr=["high"])
    _sign_in_with_provider(page, "assessor-one")
    assert not _signed_in(page)
    assert page.locator('main [role="alert"]').count() == 1
    assert not SocialAccount.objects.exists()


@pytest.mark.expected_console_errors("503")
def test_a_provider_that_stops_answering_during_the_callback_gets_a_page(
    page: Any, settings: Any, use_provider: Any
) -> None:
    """The provider signs the person in, but its token endpoint cannot be reached when OpenCAF calls it."""
    use_provider(trust_email_for_linking=True)
    app = settings.SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"][0]
    app["settings"]["openid_configuration_overrides"] = {"token_endpoint": "http://127.0.0.1:9/token"}
    _sign_in_with_provider(page, "assessor-one")
    assert not _signed_in(page)
    assert _shows_a_failure_page(page)
    assert not SocialAccount.objects.exists()
