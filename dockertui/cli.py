"""Command line: parse options, resolve the daemon, run the app."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from pathlib import Path

from dockertui import __version__, startup_gc
from dockertui.config import DEFAULT_CONFIG, default_config_path, find_setting, load_config
from dockertui.engine.target import TargetError, resolve_target

#: Seconds SIGTERM gives the app to leave the way q does before the process goes anyway.
SIGNAL_GRACE = 5.0
#: --search-limit overrides [search] limit: the same range, the same default.
SEARCH_LIMIT = find_setting("search.limit")
#: --search-registry overrides [search] registry, checked the same way.
SEARCH_REGISTRY = find_setting("search.registry")


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
        "-H",
        "--host",
        metavar="URL",
        help="daemon address: unix:///path, tcp://host:port, ssh://user@host (overrides DOCKER_HOST)",
    )
    parser.add_argument(
        "-c",
        "--context",
        metavar="NAME",
        help="docker context to use (overrides DOCKER_CONTEXT and the current context)",
    )
    parser.add_argument(
        "--read-only",
        action="store_true",
        help="show everything but refuse every action that changes the daemon",
    )
    parser.add_argument("--no-mouse", action="store_true", help="do not use the mouse (keys only)")
    parser.add_argument("--config", metavar="FILE", type=Path, help="read this config file instead of the default one")
    parser.add_argument("--config-path", action="store_true", help="print where the config file is read from, and exit")
    parser.add_argument(
        "--print-default-config", action="store_true", help="print a commented config file with every default, and exit"
    )
    parser.add_argument(
        "--search-registry",
        metavar="HOST[:PORT]",
        type=_search_registry,
        default=None,
        help="registry whose index the Hub pane searches for plain terms (default: Docker Hub)",
    )
    parser.add_argument(
        "--search-limit",
        metavar="N",
        type=_search_limit,
        default=None,
        help=f"results per search, {SEARCH_LIMIT.hint} (default {SEARCH_LIMIT.default})",
    )
    return parser


def _search_registry(text: str) -> str:
    problem = SEARCH_REGISTRY.problem(text)
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return text


def _search_limit(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    problem = SEARCH_LIMIT.problem(value)
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return value


def main(argv: list[str] | None = None) -> int:
    options = build_parser().parse_args(argv)
    if options.config_path:
        print(options.config or default_config_path())
        return 0
    if options.print_default_config:
        print(DEFAULT_CONFIG, end="")
        return 0
    config = load_config(options.config, explicit=options.config is not None)
    try:
        target = resolve_target(host=options.host, context=options.context)
    except TargetError as error:
        print(f"dockertui: {error}", file=sys.stderr)
        return 2

    startup_gc.pause()  # until the first list is on screen (the app resumes it)
    from dockertui.engine import ssh_processes
    from dockertui.engine.exec_session import end_all, left_behind
    from dockertui.ui.app import DockerTUI

    app = DockerTUI(
        target,
        config=config,
        read_only=options.read_only or None,
        search_registry=options.search_registry,
        search_limit=options.search_limit,
    )
    _end_shells_on_signals(app)
    try:
        app.run(mouse=config.mouse and not options.no_mouse)
    finally:
        startup_gc.resume(freeze=False)  # left before its first list (a daemon never reached, an error)
        # However the app ended (a crash included), no shell it opened keeps running,
        # and no ssh process (one still connecting to a host that never answers).
        end_all()
        ssh_processes.end_all()
        for reason in left_behind():
            print(f"dockertui: {reason}", file=sys.stderr)
    return app.return_code or 0


def _end_shells_on_signals(app) -> None:
    """SIGHUP (the SSH connection dropped, the terminal closed) and SIGTERM end every shell
    before the process goes; the default action would leave them running in the containers.

    After SIGHUP there is no terminal to restore, and Textual's shutdown can block for ever
    writing to it: the shells are ended and the process leaves at once. SIGTERM leaves the
    way q does (the terminal is put back), and the same way as SIGHUP if that has not
    happened within ``SIGNAL_GRACE`` seconds."""
    from dockertui.engine import ssh_processes
    from dockertui.engine.exec_session import end_all

    def leave_now(signal_number: int) -> None:
        end_all()
        ssh_processes.end_all()
        os._exit(128 + signal_number)

    def hang_up(signal_number: int, _frame) -> None:
        leave_now(signal_number)

    def terminate(signal_number: int, _frame) -> None:
        watchdog = threading.Timer(SIGNAL_GRACE, leave_now, args=(signal_number,))
        watchdog.daemon = True
        watchdog.start()
        app.exit()

    signal.signal(signal.SIGHUP, hang_up)
    signal.signal(signal.SIGTERM, terminate)
