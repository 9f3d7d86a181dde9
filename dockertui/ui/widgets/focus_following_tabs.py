"""A TabbedContent that follows the focus only while the focus is still there.

Textual brings a pane to the front when a widget in it takes the focus, by a message that
arrives a few hops later. With keys typed fast (``enter`` then ``]`` ``]`` in one read) the
focus has moved on to a later tab by then, and the stale message brought back the earlier
one. Such a message is dropped here; one whose pane still holds the focus is followed.
"""

from __future__ import annotations

from textual.widgets import TabbedContent, TabPane


class FocusFollowingTabs(TabbedContent):
    def _on_tab_pane_focused(self, event: TabPane.Focused) -> None:
        focused = self.screen.focused
        if focused is None or event.tab_pane not in focused.ancestors:
            event.stop()
            event.prevent_default()  # TabbedContent's own handler would switch to it
