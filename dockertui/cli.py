"""Command line: parse options, resolve the daemon, run the app."""

from __future__ import annotations

import argparse
import sys

from dockertui import __version__
from dockertui.engine.target import TargetError, resolve_target


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dockertui",
        description="A keyboard-driven terminal UI for Docker: containers, images, "
        "Hub search, live events and an embedded exec shell.",
        epilog="The daemon is chosen like the docker CLI does: --host / DOCKER_HOST, "
        "--context / DOCKER_CONTEXT, then currentContext in ~/.docker/config.json, "
        "then unix:///var/run/docker.sock.",
    )
    parser.add_argument("--version", action="version", version=f"dockertui {__version__}")
    parser.add_argument(
        "-H", "--host", metavar="URL",
        help="daemon address: unix:///path, tcp://host:port, ssh://user@host (overrides DOCKER_HOST)",
    )
    parser.add_argument(
        "-c", "--context", metavar="NAME",
        help="docker context to use (overrides DOCKER_CONTEXT and the current context)",
    )
    parser.add_argument(
        "--read-only", action="store_true",
        help="show everything but refuse every action that changes the daemon",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    options = build_parser().parse_args(argv)
    try:
        target = resolve_target(host=options.host, context=options.context)
    except TargetError as error:
        print(f"dockertui: {error}", file=sys.stderr)
        return 2

    from dockertui.ui.app import DockerTUI

    app = DockerTUI(target, read_only=options.read_only)
    app.run()
    return app.return_code or 0
