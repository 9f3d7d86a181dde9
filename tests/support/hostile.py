"""Hostile text, and a check of what the app wrote to its terminal.

``CATALOGUE`` holds one entry per way outside text can drive a terminal: OSC with
both terminators (title, clipboard, hyperlink), CSI that moves or clears, DCS, APC,
PM and SOS strings, bare escapes, the 8-bit C1 forms, C0 controls, bidi overrides,
Rich/Textual markup, and wide and combining characters that must survive.

``audit(raw)`` reads the raw bytes the app wrote to its pty and lists everything
that is not what Textual itself writes: the escape sequences a Textual app uses
(SGR, cursor position, private modes, its mode queries and keyboard protocol, OSC 22
for the mouse pointer) pass; any other escape sequence, any OSC 52 other than the
copies the test expects, any C0/C1 control, DEL or bidi control outside a sequence,
and bytes that are not UTF-8 are problems.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable

TITLE = "\x1b]0;PWNED-TITLE\x07"
TITLE_ST = "\x1b]2;PWNED-TITLE\x1b\\"
#: OSC 52 writing "PWNED" into the user's clipboard, with either terminator.
CLIPBOARD = "\x1b]52;c;UFdORUQ=\x07"
CLIPBOARD_ST = "\x1b]52;c;UFdORUQ=\x1b\\"
HYPERLINK = "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\"
CLEAR = "\x1b[2J\x1b[3J\x1b[H"
CURSOR = "\x1b[1A\x1b[2K\x1b[10;10H"
SGR = "\x1b[41mred\x1b[0m"
DCS = "\x1bPq#0;2;0;0;0\x1b\\"
APC = "\x1b_Gf=24,s=1;AAAA\x1b\\"
PM = "\x1b^privacy\x1b\\"
SOS = "\x1bXstring\x1b\\"
RESET = "\x1bc"
CHARSET = "\x1b(0lqk"
C1_CSI = "\x9b2J"
C1_OSC = "\x9d0;PWNED-C1\x9c"
C1_OSC_BEL = "\x9d52;c;UFdORUQ=\x07"
C1_DCS = "\x90q\x9c"
C0 = "\x01\x07\x08\x0b\x0c\x0e\x0f\x1a\x7f"
NUL = "\x00"
BREAKS = "a\nb\rc\td"
BIDI = "\u202eevil\u202c\u2066iso\u2069\u200f"
MARKUP = "[bold]b[/bold] [/x] [link=https://evil.example]l[/link] [@click=app.quit]q[/]"
WIDE = "界面 e\u0301 👩\u200d💻"

CATALOGUE: dict[str, str] = {
    "title": TITLE,
    "title_st": TITLE_ST,
    "clipboard": CLIPBOARD,
    "clipboard_st": CLIPBOARD_ST,
    "hyperlink": HYPERLINK,
    "clear": CLEAR,
    "cursor": CURSOR,
    "sgr": SGR,
    "dcs": DCS,
    "apc": APC,
    "pm": PM,
    "sos": SOS,
    "reset": RESET,
    "charset": CHARSET,
    "c1_csi": C1_CSI,
    "c1_osc": C1_OSC,
    "c1_osc_bel": C1_OSC_BEL,
    "c1_dcs": C1_DCS,
    "c0": C0,
    "nul": NUL,
    "breaks": BREAKS,
    "bidi": BIDI,
    "markup": MARKUP,
    "wide": WIDE,
}

#: Everything at once, the strongest first: where a view shows only a cell's width, the
#: title and clipboard writes are still inside it.
PAYLOAD = (
    TITLE
    + CLIPBOARD
    + C1_CSI
    + BIDI
    + "".join(value for key, value in CATALOGUE.items() if key not in ("title", "clipboard", "c1_csi", "bidi", "nul"))
)
#: What the start of PAYLOAD reads once made safe.
PAYLOAD_SHOWN = "␛]0;PWNED-TITLE␇␛]52;c;UFdORUQ=␇\\x9b2J"

# What a Textual app writes itself.
_ALLOWED_CSI = re.compile(
    r"\x1b\[(?:[0-9;:]*m"  # SGR
    r"|\d+;\d+H"  # cursor position
    r"|\?[0-9;]+[hl]"  # private modes (alternate screen, mouse, paste, sync output…)
    r"|\?\d+\$p"  # mode queries (DECRQM)
    r"|[<>=]\d*u)"  # kitty keyboard protocol
)
_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC
    r"|\x1b[^\[\]]?"  # anything else that starts with ESC
)
_FORBIDDEN = re.compile("[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u206f]")


def osc52(text: str) -> str:
    """The OSC 52 body that copies ``text``."""
    return "52;c;" + base64.b64encode(text.encode()).decode()


def audit(raw: bytes, copies: Iterable[str] = ()) -> list[str]:
    """Problems in what the app wrote to its terminal (empty when it is all the app's own)."""
    allowed_copies = {osc52(text) for text in copies}
    problems: list[str] = []
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return [f"not UTF-8 at byte {error.start}: {raw[max(0, error.start - 20) : error.start + 20]!r}"]
    outside: list[str] = []
    position = 0
    for match in _SEQUENCE.finditer(text):
        outside.append(text[position : match.start()])
        position = match.end()
        sequence = match.group()
        if sequence.startswith("\x1b]"):
            body = sequence[2:].rstrip("\x07").removesuffix("\x1b\\")
            if not (body.startswith("22;") or body in allowed_copies):
                problems.append(f"OSC {body!r}")
        elif sequence.startswith("\x1b["):
            if not _ALLOWED_CSI.fullmatch(sequence):
                problems.append(f"CSI {sequence!r}")
        else:
            problems.append(f"escape {sequence!r}")
    outside.append(text[position:])
    for piece in outside:
        for match in _FORBIDDEN.finditer(piece):
            problems.append(f"control {match.group()!r} in {piece[max(0, match.start() - 20) : match.end() + 20]!r}")
    return problems


def titles(raw: bytes) -> list[str]:
    """Window titles the output sets (OSC 0, 1 and 2)."""
    return re.findall(r"\x1b\][012];([^\x07\x1b]*)", raw.decode("utf-8", "replace"))


def clipboard_writes(raw: bytes) -> list[str]:
    """What the output writes into the clipboard (OSC 52), decoded."""
    found = []
    for body in re.findall(r"\x1b\]52;[^;]*;([^\x07\x1b]*)", raw.decode("utf-8", "replace")):
        try:
            found.append(base64.b64decode(body).decode("utf-8", "replace"))
        except ValueError:
            found.append(body)
    return found
