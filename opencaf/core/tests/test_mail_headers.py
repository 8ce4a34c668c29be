"""Headers a sender adds to a mail (`core.mail`, `headers=`): only the allowed ones, never a line break,
carried through the task queue as plain data, and written so that mail programs can read them (a long
List-Unsubscribe address on one line, not RFC 2047 encoded words)."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

import pytest

from opencaf.core import mail
from opencaf.core.tests import smtp_server
from opencaf.core.tests.smtp_server import SmtpServer

pytestmark = pytest.mark.django_db

smtp = smtp_server.smtp  # the shared aiosmtpd fixture, found by pytest under this name

Capture = Any  # pytest-django's django_capture_on_commit_callbacks

LONG_URL = "https://caf.example.org/forum-mail/stop/" + "eJyrVipVslIqSi0uzcnMS1WyUkrJzM3MAQBOVQeF" * 4 + "/"
HEADERS = {
    "List-Unsubscribe": f"<{LONG_URL}>",
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    "List-Id": "Forum <forum.caf.example.org>",
    "Auto-Submitted": "auto-generated",
}


def _send(capture: Capture, headers: dict[str, str] | None, *, background: bool = False) -> None:
    arguments: dict[str, Any] = {"to": "someone@example.org", "subject": "Hello", "body": "Body", "kind": "test"}
    if headers is not None:
        arguments["headers"] = headers
    with capture(execute=True):
        if background:
            mail.send_in_background(**arguments)
        else:
            mail.send_after_commit(**arguments)


def test_headers_reach_the_message_after_commit(
    mailoutbox: list[Any], django_capture_on_commit_callbacks: Capture
) -> None:
    _send(django_capture_on_commit_callbacks, HEADERS)
    (message,) = mailoutbox
    assert message.extra_headers == HEADERS
    built = message.message()
    assert built["List-Unsubscribe"] == f"<{LONG_URL}>"
    assert built["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_headers_reach_the_message_sent_in_the_background(mailoutbox: list[Any]) -> None:
    mail.send_in_background(to="someone@example.org", subject="Hi", body="Body", kind="test", headers=HEADERS)
    (message,) = mailoutbox
    assert message.extra_headers == HEADERS


def test_without_headers_a_mail_has_none_of_its_own(
    mailoutbox: list[Any], django_capture_on_commit_callbacks: Capture
) -> None:
    _send(django_capture_on_commit_callbacks, None)
    (message,) = mailoutbox
    assert message.extra_headers == {}
    assert "List-Unsubscribe" not in message.message()


def test_headers_survive_the_trip_through_the_queue_as_json() -> None:
    """The task gets `asdict(mail)` through a JSON queue and builds the mail again from it."""
    outgoing = mail._outgoing("a@example.org", "S", "B", "test", 3, None, None, None, HEADERS)
    data = json.loads(json.dumps(asdict(outgoing)))
    assert data["headers"] == HEADERS
    assert mail.OutgoingMail(**data) == outgoing
    # A message queued before headers existed still builds.
    del data["headers"]
    assert mail.OutgoingMail(**data).headers == {}


def test_names_are_spelled_as_usual_whatever_the_case_given(mailoutbox: list[Any]) -> None:
    mail.send_in_background(
        to="a@example.org", subject="S", body="B", kind="test", headers={"list-unsubscribe": "<https://x.example/>"}
    )
    assert mailoutbox[0].extra_headers == {"List-Unsubscribe": "<https://x.example/>"}


@pytest.mark.parametrize(
    "headers",
    [
        {"Bcc": "spy@example.org"},
        {"From": "boss@example.org"},
        {"Reply-To": "other@example.org"},
        {"X-Anything": "1"},
        {"List-Unsubscribe": "<https://a.example/>", "list-unsubscribe": "<https://b.example/>"},  # twice
        {"List-Unsubscribe": 5},  # not text
        {"List-Unsubscribe": "<https://a.example/" + "x" * 1000 + ">"},  # longer than a line
    ],
)
def test_a_header_not_allowed_is_refused_before_anything_is_queued(
    headers: dict[str, Any], mailoutbox: list[Any], django_capture_on_commit_callbacks: Capture
) -> None:
    with pytest.raises(ValueError):
        _send(django_capture_on_commit_callbacks, headers)
    with pytest.raises(ValueError):
        _send(django_capture_on_commit_callbacks, headers, background=True)
    assert mailoutbox == []


@pytest.mark.parametrize("breaking", ["\r\n", "\n", "\r", "\0"])
def test_a_line_break_in_a_value_is_refused(
    breaking: str, mailoutbox: list[Any], django_capture_on_commit_callbacks: Capture
) -> None:
    injected = {"List-Unsubscribe": f"<https://a.example/>{breaking}Bcc: spy@example.org"}
    with pytest.raises(ValueError, match="line break"):
        _send(django_capture_on_commit_callbacks, injected)
    with pytest.raises(ValueError, match="line break"):
        _send(django_capture_on_commit_callbacks, injected, background=True)
    assert mailoutbox == []


def test_the_task_refuses_headers_it_was_not_given_by_a_sender() -> None:
    """A message built again from queued data is checked again: nothing bad reaches the mail server."""
    data = asdict(mail._outgoing("a@example.org", "S", "B", "test", None, None, None))
    data["headers"] = {"Bcc": "spy@example.org"}
    with pytest.raises(ValueError):
        mail.OutgoingMail(**data)
    data["headers"] = {"List-Id": "x\r\nBcc: spy@example.org"}
    with pytest.raises(ValueError, match="line break"):
        mail.OutgoingMail(**data)


def test_a_long_unsubscribe_address_reaches_the_server_on_one_line(
    smtp: SmtpServer, django_capture_on_commit_callbacks: Capture
) -> None:
    """Folded at 78 characters, Python would encode the address as RFC 2047 words, which mail programs
    do not decode in List-Unsubscribe: their unsubscribe button would break."""
    _send(django_capture_on_commit_callbacks, HEADERS)
    (raw,) = smtp.mailbox.raw
    text = raw.decode("ascii")
    assert f"List-Unsubscribe: <{LONG_URL}>\r\n" in text
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n" in text
    assert "Auto-Submitted: auto-generated\r\n" in text
    assert "=?utf-8?" not in text.split("\r\n\r\n", 1)[0]  # no encoded words among the headers
    (received,) = smtp.mailbox.messages
    assert received["List-Unsubscribe"] == f"<{LONG_URL}>"
