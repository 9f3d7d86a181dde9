"""Test helpers: fixture images, labelled containers, socket proxy, pty driver."""
