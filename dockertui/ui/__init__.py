"""The Textual user interface: the app, its panes, screens and widgets."""
