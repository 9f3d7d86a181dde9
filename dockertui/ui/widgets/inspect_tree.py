"""An inspect document as a tree, built as it is opened, with the environment masked.

A document can hold tens of thousands of labels and env entries (an image passes its
labels on to every container made from it): building every node at once froze the
app for half a minute, and each resize for many seconds. Here a node's children are
made when it is first expanded, at most ``MAX_CHILDREN`` of them (a last line says
how many more there are; ``c`` on the parent copies them all), and one line shows at
most ``MAX_VALUE`` characters of a value. Search walks the document, not the nodes,
and opens the way to what it finds.

``Config.Env`` values are masked as on the Info tab until ``reveal`` is set.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from dockertui.ui.navigation import navigation_bindings
from dockertui.ui.text_roles import ROLE_CLASSES, role_style
from dockertui.ui.widgets.textual_motions import Motions

MASK = "••••••"
#: Where the inspect document keeps the environment.
ENV_PATH = ("Config", "Env")
MAX_CHILDREN = 500
MAX_VALUE = 500

Path = tuple[str, ...]


def _children(value: Any) -> tuple[list[tuple[str, Any]], int]:
    """(key, child) pairs shown under a value, and how many more there are."""
    if isinstance(value, dict):
        items = [(str(key), child) for key, child in list(value.items())[:MAX_CHILDREN]]
        return items, max(0, len(value) - MAX_CHILDREN)
    if isinstance(value, list):
        return [(str(position), child) for position, child in enumerate(value[:MAX_CHILDREN])], max(
            0, len(value) - MAX_CHILDREN
        )
    return [], 0


def is_env_entry(path: Path) -> bool:
    return len(path) == 3 and path[:2] == ENV_PATH


def holds_env(path: Path) -> bool:
    """Whether the value at ``path`` is an env entry or contains some."""
    return path[:2] == ENV_PATH or ENV_PATH[: len(path)] == path


class InspectTree(Motions, Tree[Any]):
    BINDING_GROUP_TITLE = "Inspect"  # how help and the palette name these keys
    COMPONENT_CLASSES = set(ROLE_CLASSES)
    # In the containers pane, whose k kills and G groups: no vim keys.
    BINDINGS = navigation_bindings(vim_keys=False, first="First line", last="Last line")

    def __init__(self, **kwargs) -> None:
        super().__init__("inspect", **kwargs)
        self.reveal_env = False
        self._path_of: dict[int, Path] = {}  # node id → its path in the document
        self._node_at: dict[Path, TreeNode] = {}  # made nodes by path
        self._children_made: set[int] = set()  # nodes whose children are made

    # -- showing ------------------------------------------------------------------------

    def show(self, document: dict[str, Any], title: str) -> None:
        self.clear()
        self.root.set_label(Text(f"{title} (inspect)"))
        self.root.data = document
        self._path_of = {id(self.root): ()}
        self._node_at = {(): self.root}
        self._children_made = set()
        self._make_children(self.root)
        self.root.expand()

    def forget(self) -> None:
        """Let go of the shown document (``Tree.clear`` keeps the root's data)."""
        self.clear()
        self.root.data = None
        self._path_of = {id(self.root): ()}
        self._node_at = {(): self.root}
        self._children_made = set()

    def label_for(self, key: str, value: Any, path: Path) -> Text:
        if isinstance(value, dict):
            return Text(f"{key} {{{len(value)}}}", style=role_style(self, "strong"))
        if isinstance(value, list):
            return Text(f"{key} [{len(value)}]", style=role_style(self, "strong"))
        label = Text(f"{key}: ", style=role_style(self, "strong"))
        if is_env_entry(path) and not self.reveal_env:
            name, _, _ = str(value).partition("=")
            label.append(f"{name}={MASK}")
            return label
        shown = value if isinstance(value, str) else json.dumps(value)
        if len(shown) > MAX_VALUE:
            shown = f"{shown[:MAX_VALUE]}… ({len(shown) - MAX_VALUE:,} more characters; c copies them)"
        label.append(shown)
        return label

    def _make_children(self, node: TreeNode) -> None:
        if id(node) in self._children_made:
            return
        self._children_made.add(id(node))
        path = self._path_of[id(node)]
        entries, hidden = _children(node.data)
        for key, value in entries:
            child_path = (*path, key)
            label = self.label_for(key, value, child_path)
            if isinstance(value, (dict, list)):
                child = node.add(label, data=value, allow_expand=bool(value))
            else:
                child = node.add_leaf(label, data=value)
            self._path_of[id(child)] = child_path
            self._node_at[child_path] = child
        if hidden:
            node.add_leaf(
                Text(f"… {hidden:,} more (c on the line above them copies them all)", style=role_style(self, "muted")),
                data=None,
            )

    def on_tree_node_expanded(self, message: Tree.NodeExpanded) -> None:
        self._make_children(message.node)

    def set_reveal(self, reveal: bool) -> None:
        """Show or mask the env values (those already made are labelled again)."""
        self.reveal_env = reveal
        for path, node in self._node_at.items():
            if is_env_entry(path):
                node.set_label(self.label_for(path[-1], node.data, path))

    # -- moving (the motions of every list, on Tree's own actions) ----------------------

    # -- searching ----------------------------------------------------------------------

    def _lines(self, value: Any, path: Path) -> Iterator[tuple[Path, str]]:
        """Every line the tree would show, in order, as (path, text)."""
        entries, _ = _children(value)
        for key, child in entries:
            child_path = (*path, key)
            yield child_path, self.label_for(key, child, child_path).plain
            yield from self._lines(child, child_path)

    def find(self, needle: str) -> bool:
        """Move to the next line after the cursor whose text holds ``needle``; False if none."""
        needle = needle.lower()
        lines = list(self._lines(self.root.data, ()))
        current = self._path_of.get(id(self.cursor_node)) if self.cursor_node is not None else None
        start = next((index + 1 for index, (path, _) in enumerate(lines) if path == current), 0)
        for offset in range(len(lines)):
            path, text = lines[(start + offset) % len(lines)]
            if needle in text.lower():
                self._open(path)
                return True
        return False

    def _open(self, path: Path) -> None:
        for depth in range(len(path)):
            node = self._node_at[path[:depth]]
            self._make_children(node)
            node.expand()
        target = self._node_at[path]
        self.focus()
        self.call_after_refresh(lambda: self.move_cursor(target))

    # -- copying ------------------------------------------------------------------------

    def copy_target(self) -> tuple[str, str | None] | None:
        """What ``c`` copies under the cursor, and the note to show instead of it (when it
        holds masked env values); None when there is nothing to copy."""
        node = self.cursor_node
        if node is None or id(node) not in self._path_of:
            return None
        value = node.data
        text = value if isinstance(value, str) else json.dumps(value, indent=2, ensure_ascii=False)
        shown = None
        if not self.reveal_env and holds_env(self._path_of[id(node)]):
            shown = f"{str(node.label)[:40]} (env values hidden; v shows them)"
        return text, shown
