"""A Textual cache that kept every widget's render cache alive, and its fix.

Textual 8 caches ``StylesCache.get_inner_outer`` with ``functools.lru_cache`` on the
method, so each key holds the ``StylesCache`` instance itself (Textual issue #6665):
up to 1,024 caches of widgets long removed, with their strips, stay in memory. Every
pane switch recomposes the footer, so RSS grew ~0.4 MB a switch. The colours are the
only real key; this caches by them alone.
"""

from __future__ import annotations

from functools import lru_cache

from textual._styles_cache import StylesCache
from textual.color import Color
from textual.style import Style


@lru_cache(maxsize=1024)
def _inner_outer(base_background: Color, background: Color) -> tuple[Style, Style]:
    return Style(background=base_background + background), Style(background=base_background)


def _get_inner_outer(self: StylesCache, base_background: Color, background: Color) -> tuple[Style, Style]:
    return _inner_outer(base_background, background)


def stop_the_leak() -> None:
    """Replace the method once; the cache that held the instances is emptied."""
    current = StylesCache.get_inner_outer
    if current is _get_inner_outer:
        return
    clear = getattr(current, "cache_clear", None)
    StylesCache.get_inner_outer = _get_inner_outer  # type: ignore[assignment]  # a cache replaced by a method
    if clear is not None:
        clear()
