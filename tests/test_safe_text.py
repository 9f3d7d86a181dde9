"""The sanitiser: every hostile form shown visibly, nothing passed through, idempotent."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dockertui.engine.safe_text import (
    MAX_LENGTH,
    one_line,
    safe_log_line,
    safe_mapping,
    safe_text,
    safe_tree,
    strip_sgr,
)
from tests.support import hostile

# What no safe text may hold: C0 (and, outside logs, TAB), DEL, C1, bidi and separators, surrogates.
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u206f\ud800-\udfff]")
# What a safe log line may hold of escape sequences: SGR only.
SGR = re.compile(r"\x1b\[[0-9;:]*m")


def assert_safe(text: str) -> None:
    assert not UNSAFE.search(text), repr(text)


def assert_safe_log(text: str) -> None:
    assert_safe(SGR.sub("", text))


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        (hostile.TITLE, "␛]0;PWNED-TITLE␇"),
        (hostile.TITLE_ST, "␛]2;PWNED-TITLE␛\\"),
        (hostile.CLIPBOARD, "␛]52;c;UFdORUQ=␇"),
        (hostile.CLEAR, "␛[2J␛[3J␛[H"),
        (hostile.DCS, "␛Pq#0;2;0;0;0␛\\"),
        (hostile.APC, "␛_Gf=24,s=1;AAAA␛\\"),
        (hostile.PM, "␛^privacy␛\\"),
        (hostile.SOS, "␛Xstring␛\\"),
        (hostile.RESET, "␛c"),
        (hostile.C1_CSI, "\\x9b2J"),
        (hostile.C1_OSC, "\\x9d0;PWNED-C1\\x9c"),
        (hostile.C1_DCS, "\\x90q\\x9c"),
        (hostile.C0, "␁␇␈␋␌␎␏␚␡"),
        (hostile.NUL, "␀"),
        (hostile.BREAKS, "a␊b␍c␉d"),
        (hostile.BIDI, "\\u202eevil\\u202c\\u2066iso\\u2069\\u200f"),
        ("line\u2028sep\u2029para", "line\\u2028sep\\u2029para"),
        ("lone \udc9b surrogate", "lone \\udc9b surrogate"),
    ],
)
def test_every_control_is_shown_not_dropped(raw: str, shown: str) -> None:
    assert safe_text(raw) == shown


@pytest.mark.parametrize("kept", [hostile.MARKUP, hostile.WIDE, "plain ascii", "naïve café", "", "日本語 テキスト"])
def test_text_without_controls_is_left_alone(kept: str) -> None:
    """Markup stays literal (views never parse it); wide and combining characters survive."""
    assert safe_text(kept) == kept


def test_one_line_joins_lines_and_still_shows_other_controls() -> None:
    assert one_line("errors:\n  manifest unknown\r\n\tdone") == "errors: manifest unknown done"
    assert one_line("a\x1c b\x85") == "a␜ b\\x85"  # not whitespace to us, whatever str.split thinks
    assert one_line(hostile.TITLE) == "␛]0;PWNED-TITLE␇"


def test_trees_and_mappings_are_safe_all_the_way_down() -> None:
    document = {
        "Name": hostile.TITLE,
        "Config": {
            "Labels": {hostile.BIDI: hostile.CLIPBOARD},
            "Env": [f"SECRET={hostile.C1_OSC}"],
            "Tty": True,
            "StopTimeout": 10,
            "Healthcheck": None,
        },
    }
    safe = safe_tree(document)
    assert safe["Name"] == "␛]0;PWNED-TITLE␇"
    assert safe["Config"]["Labels"] == {"\\u202eevil\\u202c\\u2066iso\\u2069\\u200f": "␛]52;c;UFdORUQ=␇"}
    assert safe["Config"]["Env"] == ["SECRET=\\x9d0;PWNED-C1\\x9c"]
    assert (safe["Config"]["Tty"], safe["Config"]["StopTimeout"], safe["Config"]["Healthcheck"]) == (True, 10, None)
    assert safe_mapping({"k": None, hostile.RESET: 3}) == {"k": "", "␛c": "3"}
    assert safe_mapping(["not", "a", "mapping"]) == {}


def test_long_text_is_made_safe_whole() -> None:
    long = ("x" * 1000 + hostile.TITLE) * 10
    safe = safe_text(long)
    assert_safe(safe)
    assert safe.count("␛]0;PWNED-TITLE␇") == 10


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b[31mred\x1b[0m plain", "\x1b[31mred\x1b[0m plain"),  # colours stay
        (f"a{hostile.TITLE}b{hostile.CLIPBOARD_ST}c", "abc"),  # whole sequences go, as a terminal shows them
        (f"a{hostile.CLEAR}{hostile.CURSOR}b", "ab"),
        (f"a{hostile.DCS}{hostile.APC}{hostile.PM}{hostile.SOS}b", "ab"),
        (f"a{hostile.C1_CSI}{hostile.C1_OSC}{hostile.C1_OSC_BEL}{hostile.C1_DCS}b", "ab"),
        (f"a{hostile.RESET}{hostile.CHARSET}b", "alqkb"),
        ("stray \x07 bell \x08 and \x00", "stray ␇ bell ␈ and ␀"),  # stray controls are shown
        (f"x{hostile.BIDI}y", "x\\u202eevil\\u202c\\u2066iso\\u2069\\u200fy"),
        ("progress 10%\rprogress 100%", "progress 100%"),  # what a terminal would show after CR
        ("a\tb\x1b[1mcd\tef", "a       b\x1b[1mcd     ef"),  # tabs to 8 columns, SGR takes none
        ("\x1b]0;unterminated title", ""),
    ],
)
def test_log_lines_keep_colours_and_nothing_else(raw: str, shown: str) -> None:
    assert safe_log_line(raw) == shown


def test_strip_sgr() -> None:
    assert strip_sgr(safe_log_line("\x1b[31;1mred\x1b[0m \x1b[38;2;1;2;3mrgb\x1b[m")) == "red rgb"


text_with_controls = st.text(
    alphabet=st.one_of(
        st.characters(), st.sampled_from("\x1b\x9b\x9d\x90\x07\x9c\\[]();?0123456789mJH\u202e\u2066\r\n\t")
    )
)


@settings(max_examples=500, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_become_safe_text(data: bytes) -> None:
    for text in (data.decode("utf-8", "surrogateescape"), data.decode("latin-1")):
        once = safe_text(text)
        assert_safe(once)
        assert "\x1b" not in once
        assert safe_text(once) == once


@settings(max_examples=500, deadline=None)
@given(text_with_controls)
def test_any_text_becomes_safe_text_and_stays_so(text: str) -> None:
    once = safe_text(text)
    assert_safe(once)
    assert safe_text(once) == once
    assert one_line(one_line(text)) == one_line(text)
    assert_safe(one_line(text))


@settings(max_examples=500, deadline=None)
@given(st.one_of(text_with_controls, st.binary(max_size=300).map(lambda b: b.decode("latin-1"))))
def test_any_log_line_keeps_only_sgr(text: str) -> None:
    once = safe_log_line(text.replace("\n", ""))
    assert_safe_log(once)
    assert "\x1b" not in SGR.sub("", once)
    assert safe_log_line(once) == once


def test_megabytes_are_cut_with_a_note_and_cut_once() -> None:
    safe = safe_text("x" * 1_000_000)
    assert safe == "x" * MAX_LENGTH + f"… [{1_000_000 - MAX_LENGTH:,} more characters]"
    assert safe_text(safe) == safe
    assert safe_text("y" * (MAX_LENGTH + 10)) == "y" * (MAX_LENGTH + 10)  # a little over: kept whole


def test_long_log_lines_are_cut_between_colour_sequences() -> None:
    line = "\x1b[31m" + "r" * (MAX_LENGTH - 3) + "\x1b[0m" + "z" * 100_000
    safe = safe_log_line(line)
    assert safe.startswith("\x1b[31m") and safe.endswith("more characters]")
    assert_safe_log(safe)
    assert "\x1b" not in SGR.sub("", safe)  # no half sequence left at the cut
    assert safe_log_line(safe) == safe


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("\x1b[31m;0\x9b\u202e\tab"), max_size=600))
def test_long_text_stays_safe_and_idempotent_when_cut(tail: str) -> None:
    """The cut falls anywhere in the random tail: inside a sequence, a tab, a control."""
    text = "a" * (MAX_LENGTH - 300) + tail
    for sanitise, check in ((safe_text, assert_safe), (safe_log_line, assert_safe_log)):
        once = sanitise(text)
        check(once)
        assert sanitise(once) == once
