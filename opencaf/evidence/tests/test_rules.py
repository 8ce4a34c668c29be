from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from opencaf.evidence.rules import ALLOWED_EXTENSIONS, MAX_BYTES, SIGNATURES, UploadProblem, check_upload


def test_real_file_starts_are_accepted() -> None:
    assert check_upload("report.pdf", 1000, b"%PDF-1.7\n") is None
    assert check_upload("Plan.DOCX", 1000, b"PK\x03\x04\x14\x00") is None
    assert check_upload("photo.jpeg", 1000, b"\xff\xd8\xff\xe0") is None
    assert check_upload("notes.txt", 10, "Zapisnik sestanka – čšž".encode()) is None


def test_disguised_or_unwanted_files_are_refused() -> None:
    assert check_upload("report.pdf", 1000, b"<html><script>") == UploadProblem.CONTENT
    assert check_upload("tool.exe", 1000, b"MZ\x90\x00") == UploadProblem.EXTENSION
    assert check_upload("noextension", 1000, b"%PDF-") == UploadProblem.EXTENSION
    assert check_upload("data.csv", 100, b"a,b\x00c") == UploadProblem.CONTENT
    assert check_upload("empty.pdf", 0, b"") == UploadProblem.EMPTY
    assert check_upload("big.pdf", MAX_BYTES + 1, b"%PDF-") == UploadProblem.TOO_LARGE


@given(st.sampled_from(ALLOWED_EXTENSIONS), st.binary(max_size=64), st.integers(min_value=1, max_value=MAX_BYTES))
def test_binary_types_need_their_signature(extension: str, head: bytes, size: int) -> None:
    problem = check_upload(f"file.{extension}", size, head)
    signatures = SIGNATURES[extension]
    if signatures:
        assert (problem is None) == any(head.startswith(signature) for signature in signatures)


@given(st.text(max_size=40).filter(lambda text: "\x00" not in text))
def test_any_utf8_text_is_a_valid_text_file(text: str) -> None:
    data = text.encode() or b" "
    assert check_upload("notes.txt", len(data), data[:64]) is None
