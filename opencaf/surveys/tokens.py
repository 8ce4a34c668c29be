"""The secrets that let an invited person answer: an e-mailed link or a printed code.

A token is derived from the invitation's public id with the site's secret key (HMAC), and only its
SHA-256 hash is stored, to find the invitation again. Deriving rather than storing means the link can
be sent again in a reminder and a batch of paper codes printed again, without the database ever
holding a usable token. (Changing SECRET_KEY retires every link and code not yet used.)
"""

from __future__ import annotations

import hashlib
import re
import uuid

from django.utils.crypto import salted_hmac

PAPER_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off paper and typed
PAPER_LENGTH = 10
_NOT_CODE = re.compile(r"[^A-Z0-9]")


def link_token(public_id: uuid.UUID) -> str:
    return salted_hmac("opencaf.surveys.invitation", str(public_id), algorithm="sha256").hexdigest()[:40]


def paper_code(public_id: uuid.UUID) -> str:
    """Ten characters, printed as two groups of five (ABCDE-FGHJK)."""
    digest = salted_hmac("opencaf.surveys.paper", str(public_id), algorithm="sha256").digest()
    return "".join(PAPER_ALPHABET[byte % len(PAPER_ALPHABET)] for byte in digest[:PAPER_LENGTH])


def printed(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


def normalise_code(typed: str) -> str:
    """What a person typed from paper: capitals, without spaces or the dash."""
    return _NOT_CODE.sub("", typed.upper())


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
