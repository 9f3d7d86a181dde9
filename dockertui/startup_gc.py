"""The cyclic garbage collector is off while the app starts, and then freezes what lives long.

Importing Textual, Rich and docker-py and building the first screen make a few hundred
thousand objects, nearly all of them kept for the life of the app: each generation-2
pass during the start walked them all for nothing (tens of ms on the way to the list).
``pause()`` stops the collector as the process starts; ``resume()``, once the first list
is on screen, collects once, freezes the survivors — a full collection walked them all
and froze the screen for ~120 ms in the middle of event bursts; frozen, they are never
scanned again — and turns the collector back on. ``resume()`` runs once; later calls
do nothing.
"""

from __future__ import annotations

import gc

_paused = False


def pause() -> None:
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume(*, freeze: bool = True) -> None:
    """``freeze=False``: only on again (the app is leaving: nothing to keep)."""
    global _paused
    if not _paused:
        return
    _paused = False
    if freeze:
        gc.collect()
        gc.freeze()
    gc.enable()


def paused() -> bool:
    return _paused
