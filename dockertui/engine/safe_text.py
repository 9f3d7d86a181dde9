"""The one place that knows terminal escape sequences: outside text made safe to show.

Names, labels, commands, env, image metadata, registry answers, events, log lines
and error texts are written by whoever controls a container, an image, a registry
or the daemon. Passed to the screen as they are, their escape sequences would drive
the *user's* terminal — set its title, write its clipboard (OSC 52), clear it — and
over SSH that terminal is the user's own machine. The engine therefore turns every
such string into safe text once, where it builds its models, and nothing else in the
code strips or filters escape sequences.

- ``safe_text``: one line. Every control character is shown, never dropped and never
  passed through: C0 controls as the Unicode control pictures (``␛`` ``␇`` ``␊``), DEL
  as ``␡``, the C1 range (0x80–0x9f, among them the 8-bit CSI and OSC) and the format
  characters that reorder or break what the user reads (bidi embeddings, overrides,
  isolates and marks; line and paragraph separators) as ``\\x9b`` / ``\\u202e``; lone
  surrogates (which cannot even be written to a terminal) as ``\\udc9b``. An escape
  sequence therefore reads ``␛]0;title␇``: visible, and inert.
- ``one_line``: the same, after runs of spaces, tabs and newlines became one space (for
  messages, where line breaks carry no meaning).
- ``safe_tree``: a decoded JSON document (inspect), keys and strings made safe.
- ``safe_log_line``: container output. SGR colour sequences stay; every other escape
  sequence is removed, as a terminal would not draw it either; any other control
  character is shown as above; tabs become spaces.

Megabytes are outside text too: a label of a megabyte took the screen seconds per
repaint. One value is kept to ``MAX_LENGTH`` characters (the daemon itself splits log
lines at 16 KiB), and what was cut is said: ``… [1,032,576 more characters]``.

Sanitising twice changes nothing. Safe text is not markup-escaped: views show it as
plain text (``Text``, ``markup=False``), never through Rich/Textual markup.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

# C0 controls, DEL and C1; the Arabic letter mark, LRM/RLM, line/paragraph separators,
# LRE/RLE/PDF/LRO/RLO, the deprecated format controls and LRI/RLI/FSI/PDI; surrogates.
_UNSAFE_CLASS = "\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u206f\ud800-\udfff"
_UNSAFE = re.compile(f"[{_UNSAFE_CLASS}]")
_BLANKS = re.compile(r"[ \t\r\n]+")

# ESC [ parameters intermediates final.
_CSI = re.compile(r"\x1b\[([0-?]*)([ -/]*)([@-~])")
# OSC, DCS, SOS, PM, APC strings: ESC ] … up to BEL or ST (ESC \); unterminated ones to the end.
_STRING = re.compile(r"\x1b[\]PX^_].*?(?:\x07|\x1b\\|$)", re.DOTALL)
# The same strings introduced by their 8-bit forms (0x90, 0x98, 0x9d–0x9f), ended by BEL or ST.
_C1_STRING = re.compile(r"[\x90\x98\x9d\x9e\x9f].*?(?:\x07|\x9c|\x1b\\|$)", re.DOTALL)
# The 8-bit CSI (0x9b).
_C1_CSI = re.compile(r"\x9b[0-?]*[ -/]*[@-~]")
# Any other escape: ESC, intermediates, one final byte (ESC c, ESC 7, ESC ( B …).
_ESCAPE = re.compile(r"\x1b[ -/]*[0-~]?")
_SGR_PARAMS = re.compile(r"[0-9;:]*")
_SGR = re.compile(r"\x1b\[[0-9;:]*m")
# What a log line may hold as it is: anything but a control (TAB aside) or a format character.
_UNSAFE_IN_LOG = re.compile(
    f"[{_UNSAFE_CLASS.replace(chr(0) + '-' + chr(0x1F), chr(0) + '-' + chr(8) + chr(10) + '-' + chr(0x1F))}]"
)
TAB_SIZE = 8
#: The longest value kept; longer ones end in a note of how much was cut.
MAX_LENGTH = 16 * 1024
# A value this much longer than MAX_LENGTH is cut; a cut one (MAX_LENGTH plus its note) is not
# cut again, so sanitising twice changes nothing.
_CUT_SLACK = 64


@lru_cache(maxsize=512)
def visible(char: str) -> str:
    """How one unsafe character is shown."""
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟ (␛ for ESC)
    if code == 0x7F:
        return "\u2421"  # ␡
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def _show(match: re.Match[str]) -> str:
    return visible(match.group())


def _bounded(text: str, dropped: int = 0) -> str:
    """``text`` kept to MAX_LENGTH, with a note of what was cut (and of ``dropped``
    characters its reader already let go)."""
    if len(text) <= MAX_LENGTH + _CUT_SLACK and not dropped:
        return text
    cut = min(MAX_LENGTH, len(text))
    escape = text.rfind("\x1b", 0, cut)
    if escape >= 0:
        # A safe log line: its only escapes start colour sequences; never cut one in two.
        sequence = _SGR.match(text, escape)
        if sequence is None or sequence.end() > cut:
            cut = escape
    return f"{text[:cut]}… [{len(text) - cut + dropped:,} more characters]"


def safe_text(value: Any) -> str:
    """``value`` as one line of text that cannot drive a terminal (see the module's doc)."""
    text = value if isinstance(value, str) else str(value)
    if not (text.isascii() and text.isprintable()):
        text = _UNSAFE.sub(_show, text)
    return _bounded(text)


def one_line(value: Any) -> str:
    """A message on one line: blank runs (newlines included) become one space, then safe."""
    return safe_text(_BLANKS.sub(" ", value if isinstance(value, str) else str(value)).strip(" "))


def safe_tree(value: Any) -> Any:
    """A decoded JSON document with every key and string made safe; numbers, booleans and
    null stay as they are."""
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, dict):
        return {safe_text(key): safe_tree(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [safe_tree(item) for item in value]
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return safe_text(value)


def safe_mapping(value: Any) -> dict[str, str]:
    """Labels and the like: string keys and values, made safe (anything else is ignored)."""
    if not isinstance(value, dict):
        return {}
    return {safe_text(key): safe_text(item if item is not None else "") for key, item in value.items()}


# -- container output -----------------------------------------------------------------


def _keep_sgr(match: re.Match[str]) -> str:
    params, intermediates, final = match.groups()
    if final == "m" and not intermediates and _SGR_PARAMS.fullmatch(params):
        return match.group(0)
    return ""


def _log_text(text: str) -> str:
    """Text between CSI sequences: other escapes removed, stray controls shown (TAB kept)."""
    text = _ESCAPE.sub("", text)
    return _UNSAFE_IN_LOG.sub(_show, text) if _UNSAFE_IN_LOG.search(text) else text


def _expand_tabs(line: str) -> str:
    """Tabs to spaces at every eighth column, not counting colour sequences as columns."""
    parts: list[str] = []
    column = 0

    def add(piece: str) -> None:
        nonlocal column
        for index, chunk in enumerate(piece.split("\t")):
            if index:
                pad = TAB_SIZE - column % TAB_SIZE
                parts.append(" " * pad)
                column += pad
            parts.append(chunk)
            column += len(chunk)

    position = 0
    for match in _SGR.finditer(line):
        add(line[position : match.start()])
        parts.append(match.group())
        position = match.end()
    add(line[position:])
    return "".join(parts)


def safe_log_line(line: str, dropped: int = 0) -> str:
    """One line of container output (no newline), safe to render with its SGR colours.

    A carriage return keeps what was written after it, as a terminal would show it.
    ``dropped``: characters of the line its reader did not keep (said in the note).
    """
    if "\r" in line:
        line = line.rstrip("\r").rsplit("\r", 1)[-1]
    if _UNSAFE_IN_LOG.search(line):
        line = _STRING.sub("", line)
        line = _C1_STRING.sub("", line)
        line = _C1_CSI.sub("", line)
        parts: list[str] = []
        position = 0
        for match in _CSI.finditer(line):
            parts.append(_log_text(line[position : match.start()]))
            parts.append(_keep_sgr(match))
            position = match.end()
        parts.append(_log_text(line[position:]))
        line = "".join(parts)
    if "\t" in line:
        line = _expand_tabs(line)
    return _bounded(line, dropped)


def strip_sgr(text: str) -> str:
    """A safe log line without its colour sequences: what it reads."""
    return _SGR.sub("", text) if "\x1b" in text else text
