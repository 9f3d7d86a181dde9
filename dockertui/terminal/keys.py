"""Textual key events → the bytes a terminal program expects (xterm conventions)."""

from __future__ import annotations

CSI = "\x1b["
SS3 = "\x1bO"

_CURSOR = {"up": "A", "down": "B", "right": "C", "left": "D", "home": "H", "end": "F"}
_TILDE = {
    "insert": 2,
    "delete": 3,
    "pageup": 5,
    "pagedown": 6,
    "f5": 15,
    "f6": 17,
    "f7": 18,
    "f8": 19,
    "f9": 20,
    "f10": 21,
    "f11": 23,
    "f12": 24,
}
_SS3_F = {"f1": "P", "f2": "Q", "f3": "R", "f4": "S"}
_SIMPLE = {
    "enter": "\r",
    "tab": "\t",
    "shift+tab": CSI + "Z",
    "escape": "\x1b",
    "backspace": "\x7f",
    "ctrl+h": "\x08",
    "space": " ",
    "ctrl+space": "\x00",
    "ctrl+@": "\x00",
}
_SHIFTED_F = {f"f{number + 12}": f"f{number}" for number in range(1, 13)}
# xterm's modifier parameter: 1 + (shift 1, alt 2, ctrl 4).
_MODIFIER_BITS = {"shift": 1, "alt": 2, "meta": 2, "ctrl": 4}


def key_to_bytes(key: str, character: str | None, *, application_cursor: bool = False) -> bytes:
    """What to send for a key; empty when there is nothing sensible to send."""
    if key in _SIMPLE:
        return _SIMPLE[key].encode()
    *modifier_names, base = key.split("+") if key != "+" else ("+",)
    if base in _SHIFTED_F:
        # Textual names xterm's shift+F1…F12 f13…f24: send them as shift+F1…F12 again.
        base, modifier_names = _SHIFTED_F[base], [*modifier_names, "shift"]
    modifier = 1 + sum(_MODIFIER_BITS.get(name, 0) for name in modifier_names)
    if base in _CURSOR:
        if modifier > 1:
            return f"{CSI}1;{modifier}{_CURSOR[base]}".encode()
        return ((SS3 if application_cursor else CSI) + _CURSOR[base]).encode()
    if base in _TILDE:
        suffix = f";{modifier}" if modifier > 1 else ""
        return f"{CSI}{_TILDE[base]}{suffix}~".encode()
    if base in _SS3_F:
        if modifier > 1:
            return f"{CSI}1;{modifier}{_SS3_F[base]}".encode()
        return (SS3 + _SS3_F[base]).encode()
    if modifier_names and modifier_names[0] in ("alt", "meta"):
        # alt+x: ESC then the key (alt+ctrl+x: ESC then the control character).
        rest = "+".join([*modifier_names[1:], base])
        return b"\x1b" + key_to_bytes(
            rest, character if character and len(character) == 1 else None, application_cursor=application_cursor
        )
    if character:
        return character.encode("utf-8", "replace")
    if modifier_names == ["ctrl"] and len(base) == 1 and base.isalpha():
        return bytes([ord(base.lower()) - 96])
    if modifier_names == ["ctrl"]:
        control = {
            "left_square_bracket": 27,
            "backslash": 28,
            "right_square_bracket": 29,
            "circumflex_accent": 30,
            "underscore": 31,
        }.get(base)
        if control is not None:
            return bytes([control])
    if len(base) == 1:
        return base.encode()
    return b""
