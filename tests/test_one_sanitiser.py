"""One sanitiser: outside ``engine/safe_text.py`` no code strips or filters escape sequences.

Every place in the app's code that names an escape or control character is listed
here with what it does; a new one fails this test until it is either moved into
the sanitiser or listed with a reason. The terminal emulator (``dockertui/terminal``)
is the exception by nature: it *interprets* the shell's sequences into cells and
writes key sequences back, which is what an emulator is.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "dockertui"
SANITISER = ROOT / "engine" / "safe_text.py"
EMULATOR = ROOT / "terminal"
# An escape or control character, or a class of them, written in Python source.
CONTROL_REFERENCE = re.compile(
    r"\\x1[bB]|\\033|\\x9[bBdD]|\\x[01][0-9a-fA-F]-|\\x7[fF]|\\u20[26][0-9a-fA-F]|\\u061[cC]"
    r"|isprintable|unicodedata|strip_control|from_ansi|maketrans"
)
#: (file, what the line holds) → why it is no filter.
KNOWN = {
    (
        "ui/widgets/shell_tab.py",
        'view.feed(f"\\x1b[2mstarting a shell in',
    ): "the app's own dim note, written into the emulator, not to the terminal",
    (
        "ui/widgets/shell_tab.py",
        'self.view.feed(f"\\r\\n\\x1b[7m {message}',
    ): "the app's own reverse-video note, written into the emulator",
    (
        "ui/widgets/log_view.py",
        'Text.from_ansi(line.text, no_wrap=True) if "\\x1b" in line.text',
    ): "turns the SGR a safe log line kept into styles; the line was made safe by the engine",
}


def test_only_the_sanitiser_handles_escape_sequences() -> None:
    assert CONTROL_REFERENCE.search(SANITISER.read_text()), "the pattern finds nothing even in the sanitiser"
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        if path == SANITISER or EMULATOR in path.parents:
            continue
        relative = str(path.relative_to(ROOT))
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if CONTROL_REFERENCE.search(line) and not any(relative == file and text in line for file, text in KNOWN):
                found.append(f"{relative}:{number}: {line.strip()}")
    assert found == [], "escape or control characters handled outside engine/safe_text.py"


def test_every_known_place_still_exists() -> None:
    """A stale entry would let a new line of the same file pass unseen."""
    for file, text in KNOWN:
        assert text in (ROOT / file).read_text(), (file, text)
