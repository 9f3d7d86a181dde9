"""Home of the embedded terminal emulator widget (pyte-based), used by exec shells.

Reserved by the architecture: it may use Textual and the engine layer's exec
sockets through a small interface, but never the app's UI package.
"""
