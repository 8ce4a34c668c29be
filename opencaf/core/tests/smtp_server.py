"""A real SMTP server for tests that send mail: aiosmtpd on 127.0.0.1, behind Django's SMTP backend, so
refused recipients, busy servers and a server that is gone fail the way they do in production.

Use the `smtp` fixture by importing it into the test module (`from opencaf.core.tests.smtp_server
import smtp`); pytest finds fixtures among a module's names.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller


class Mailbox:
    """An aiosmtpd handler that keeps what it accepts and, when told to, refuses recipients: every one
    (`refuse`), or some addresses for good (`refused`, 550) or for now (`busy`, 451)."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.raw: list[bytes] = []  # each message as it came over the wire
        self.recipients_tried = 0
        self.refuse = False
        self.refused: set[str] = set()
        self.busy: set[str] = set()
        self.connections: set[tuple[str, int]] = set()  # the client's address and port of each session

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        self.recipients_tried += 1
        self.connections.add(tuple(session.peer))  # type: ignore[arg-type]
        if self.refuse or address in self.refused:
            return "550 5.1.1 Mailbox unavailable"
        if address in self.busy:
            return "451 4.3.2 Please try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.raw.append(envelope.original_content or envelope.content)
        self.messages.append(message_from_bytes(self.raw[-1], policy=policy.default))
        return "250 Message accepted"

    def subjects_to(self, address: str) -> list[str]:
        return [str(message["Subject"]) for message in self.messages if message["To"] == address]


class SmtpServer:
    def __init__(self, controller: Controller, mailbox: Mailbox) -> None:
        self.controller = controller
        self.mailbox = mailbox
        self.running = True

    def stop(self) -> None:
        if self.running:
            self.controller.stop()
            self.running = False


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp(settings: Any) -> Iterator[SmtpServer]:
    mailbox = Mailbox()
    port = _free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port, server_hostname="localhost")
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }
    server = SmtpServer(controller, mailbox)
    yield server
    server.stop()
