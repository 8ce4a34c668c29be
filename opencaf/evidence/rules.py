"""What may be uploaded to the evidence register. Free of Django.

The extension must be on the list and the first bytes must match it, so a renamed executable or
an HTML file posing as a PDF is refused.
"""

from __future__ import annotations

from enum import StrEnum

MAX_BYTES = 20 * 1024 * 1024
_ZIP = b"PK\x03\x04"
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "docx": (_ZIP,),
    "xlsx": (_ZIP,),
    "pptx": (_ZIP,),
    "odt": (_ZIP,),
    "ods": (_ZIP,),
    "odp": (_ZIP,),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "txt": (),
    "csv": (),
}
ALLOWED_EXTENSIONS = tuple(SIGNATURES)


class UploadProblem(StrEnum):
    EMPTY = "empty"
    TOO_LARGE = "too_large"
    EXTENSION = "extension"
    CONTENT = "content"


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def check_upload(name: str, size: int, head: bytes, max_bytes: int = MAX_BYTES) -> UploadProblem | None:
    """None when the file may be stored; otherwise why not. `head` is the file's first bytes."""
    if size <= 0:
        return UploadProblem.EMPTY
    if size > max_bytes:
        return UploadProblem.TOO_LARGE
    extension = extension_of(name)
    if extension not in SIGNATURES:
        return UploadProblem.EXTENSION
    signatures = SIGNATURES[extension]
    if signatures:
        if not any(head.startswith(signature) for signature in signatures):
            return UploadProblem.CONTENT
    else:
        # Plain text: must decode as UTF-8 and hold no NUL bytes.
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as error:
            if error.start < len(head) - 4:  # a multi-byte character cut at the end is fine
                return UploadProblem.CONTENT
        if b"\x00" in head:
            return UploadProblem.CONTENT
    return None
