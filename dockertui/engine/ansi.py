"""Make container output safe to show: keep SGR colours, remove every other control sequence.

Container output must never control the user's terminal: cursor movement, screen
clears, OSC titles and OSC 52 clipboard writes, DCS/APC strings and bare control
characters are removed completely (no remnants), while ``ESC[…m`` colours stay.
A carriage return keeps what was written after it, as a terminal would show it.
"""

from __future__ import annotations

import re

# ESC [ params intermediates final — SGR only when the final byte is "m" and the
# parameters are plain digits and separators.
_CSI = re.compile(r"\x1b\[([0-?]*)([ -/]*)([@-~])")
# OSC, DCS, SOS, PM, APC strings: ESC ] … up to BEL or ST (ESC \); unterminated ones to the end.
_STRING = re.compile(r"\x1b[\]PX^_].*?(?:\x07|\x1b\\|$)", re.DOTALL)
# The 8-bit forms of CSI (0x9b) and the string introducers (0x90, 0x98, 0x9d–0x9f).
_C1_STRING = re.compile(r"[\x90\x98\x9d\x9e\x9f].*?(?:\x07|\x9c|\x1b\\|$)", re.DOTALL)
_C1_CSI = re.compile(r"\x9b[0-?]*[ -/]*[@-~]")
# Any other escape: ESC + one intermediate-or-final byte (ESC c, ESC 7, ESC ( B …).
_ESCAPE = re.compile(r"\x1b[ -/]*[0-~]?")
# C0 controls except TAB (LF and CR are handled before), plus DEL and remaining C1 bytes.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]")
_SGR_PARAMS = re.compile(r"[0-9;:]*")


def _keep_sgr(match: re.Match[str]) -> str:
    params, intermediates, final = match.groups()
    if final == "m" and not intermediates and _SGR_PARAMS.fullmatch(params):
        return match.group(0)
    return ""


def _clean_text(text: str) -> str:
    return _CONTROL.sub("", _ESCAPE.sub("", text))


def sanitize_line(line: str) -> str:
    """One line of container output (no newline), safe to render with SGR intact."""
    if "\r" in line:
        line = line.rstrip("\r").rsplit("\r", 1)[-1]
    if "\x1b" not in line and not _CONTROL.search(line):
        return line
    line = _STRING.sub("", line)
    line = _C1_STRING.sub("", line)
    line = _C1_CSI.sub("", line)
    parts: list[str] = []
    position = 0
    for match in _CSI.finditer(line):
        parts.append(_clean_text(line[position:match.start()]))
        parts.append(_keep_sgr(match))
        position = match.end()
    parts.append(_clean_text(line[position:]))
    return "".join(parts)
