"""The demo report's plaintext scan: one pass per file finds every token in every form."""

from __future__ import annotations

import base64
import secrets
from pathlib import Path

from app.demo.report import NeedleSet, scan_for_canaries, tokens_in


def test_needles_are_found_anywhere_even_overlapping_and_at_the_edges() -> None:
    finder = NeedleSet([b"abcd", b"cdef", b"xyz12345"])
    assert finder.find_in(b"abcdef") == {b"abcd", b"cdef"}
    assert finder.find_in(b"\x00abcd\xff--xyz12345") == {b"abcd", b"xyz12345"}
    assert finder.find_in(b"abc\x00def xyz1234") == set()
    assert finder.find_in(b"") == set()


def test_needles_with_bytes_a_pattern_would_read_as_syntax_are_plain_bytes() -> None:
    finder = NeedleSet([b"a]-^\\.*", b"\x00\n\xff\xff"])
    assert finder.find_in(b"..a]-^\\.*..") == {b"a]-^\\.*"}
    assert finder.find_in(b"\x01\x00\n\xff\xff") == {b"\x00\n\xff\xff"}
    assert finder.find_in(b"a]-^\\.?") == set()


def test_no_needles_find_nothing() -> None:
    assert NeedleSet([]).find_in(b"anything") == set()


def test_scan_reports_each_file_and_token_in_clear_hex_and_base64(tmp_path: Path) -> None:
    tokens = [secrets.token_hex(8) for _ in range(500)]
    clear, hexed, b64, clean = (tmp_path / name for name in ("clear", "hex", "b64", "clean"))
    clear.write_bytes(secrets.token_bytes(4096) + tokens[7].encode() + secrets.token_bytes(99))
    hexed.write_bytes(b"x" + tokens[8].encode().hex().encode() + b"y" + tokens[9].encode())
    b64.write_bytes(secrets.token_bytes(50) + base64.b64encode(tokens[499].encode()))
    clean.write_bytes(secrets.token_bytes(100_000))
    gone = tmp_path / "vanished"

    hits = scan_for_canaries([clear, hexed, b64, clean, gone], tokens)

    assert hits == [
        {"file": str(clear), "token": tokens[7]},
        {"file": str(hexed), "token": min(tokens[8], tokens[9])},
        {"file": str(hexed), "token": max(tokens[8], tokens[9])},
        {"file": str(b64), "token": tokens[499]},
    ]


def test_tokens_in_texts_never_joins_two_texts() -> None:
    assert tokens_in(["Ref 0123", "4567 later", "x89ab."], ["01234567", "89ab"]) == {"89ab"}
