"""Command line: parse options, resolve the daemon, run the app."""

from __future__ import annotations

import argparse
import sys

from dockertui import __version__
from dockertui.engine.hub_search import DEFAULT_LIMIT, MAX_LIMIT
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
    parser.add_argument(
        "--search-registry", metavar="HOST[:PORT]", default="",
        help="registry whose index the Hub pane searches for plain terms (default: Docker Hub)",
    )
    parser.add_argument(
        "--search-limit", metavar="N", type=_search_limit, default=DEFAULT_LIMIT,
        help=f"results per search, 1 to {MAX_LIMIT} (default {DEFAULT_LIMIT})",
    )
    return parser


def _search_limit(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 1 <= value <= MAX_LIMIT:
        raise argparse.ArgumentTypeError(f"must be between 1 and {MAX_LIMIT}")
    return value


def main(argv: list[str] | None = None) -> int:
    options = build_parser().parse_args(argv)
    try:
        target = resolve_target(host=options.host, context=options.context)
    except TargetError as error:
        print(f"dockertui: {error}", file=sys.stderr)
        return 2

    from dockertui.ui.app import DockerTUI

    app = DockerTUI(target, read_only=options.read_only, search_registry=options.search_registry,
                    search_limit=options.search_limit)
    app.run()
    return app.return_code or 0
