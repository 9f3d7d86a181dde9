"""`python -m dockertui`."""

from dockertui.cli import main

raise SystemExit(main())
