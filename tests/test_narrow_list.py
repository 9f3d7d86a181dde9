"""The containers list at 80×24, in a real terminal: Name, State, Ports and a short
status stay; Image and Project give way first. Wide, the status keeps Docker's words."""

from __future__ import annotations

import re
import time
import uuid
from dataclasses import replace

from dockertui.engine.durations import compact_duration
from dockertui.engine.target import DaemonTarget
from dockertui.ui.app import DockerTUI
from tests.support.pilot import wait_for
from tests.test_containers_pane import cell_text, pane, ready, table, unique


def test_80x24_keeps_name_state_ports_and_a_short_status(session_factory, docker_host, containers) -> None:
    prefix = f"n{uuid.uuid4().hex[:6]}"  # short: the whole name fits the column at 80
    web = containers.create(
        name=f"{prefix}-web",
        command=["httpd", "-f", "-p", "8080"],
        ports={"8080/tcp": ("0.0.0.0", None)},  # one binding: IPv6 would add a second port
        labels={"com.docker.compose.project": "shop"},
    )
    gone = containers.exited(137, name=f"{prefix}-gone")
    host_port = web.attrs["NetworkSettings"]["Ports"]["8080/tcp"][0]["HostPort"]
    terminal = session_factory("--host", docker_host, columns=80, rows=24)
    terminal.wait_for("1 Containers", timeout=30)
    terminal.send(f"/{prefix}\r")
    terminal.wait_for(f"filter {prefix}", timeout=30)
    terminal.wait_for(f"{prefix}-web", timeout=30)
    terminal.wait_for_pattern(rf"{prefix}-gone +exited \(137\) +\S", timeout=30)
    lines = terminal.screen.display
    header = next(line for line in lines if " Name" in line and "State" in line)
    assert "Ports" in header and "Status" in header, header
    assert "Image" not in header and "Project" not in header, header
    row = next(line for line in lines if f"{prefix}-web" in line)
    # Docker's words where they fit, "Up 3s" where they do not; never cut.
    assert re.search(r" running +Up (\d+[smh]|\d+ seconds|1 second|About a minute) ", row), row
    assert f"{host_port}→8080" in row, row
    gone_row = next(line for line in lines if f"{prefix}-gone" in line)
    assert re.search(r"exited \(137\) +(\d+[smh]|\d+ seconds|1 second|About a minute) ago", gone_row), gone_row
    assert gone.status == "exited"


async def test_the_status_keeps_dockers_words_where_they_fit(docker_host, containers) -> None:
    running = containers.running(name=unique("wide"))
    app = DockerTUI(DaemonTarget(host=docker_host))
    async with app.run_test(size=(160, 40)) as pilot:
        await ready(app, pilot, running)
        await wait_for(
            pilot,
            lambda: re.fullmatch(r"Up (\d+ seconds|1 second|About a minute)", cell_text(app, running.id, "age")),
            what="Docker's words in a wide Status column",
        )
        now = time.time()
        item = pane(app).items[running.id]
        assert pane(app)._age(replace(item, state_since=now - 300), now) == "Up 5 minutes"
        # Too long for the column: the compact form, not a cut "Up Less than a …".
        assert pane(app)._age(replace(item, state_since=now), now) == "Up 0s"
        for size in ((80, 24), (100, 30), (160, 40)):
            await pilot.resize_terminal(*size)
            await wait_for(pilot, lambda: table(app)._placed_for == table(app).size.width, what=f"laid out at {size}")
            width = table(app).placed_width("age")
            for age in (now - 300, now - 7200, now):
                text = pane(app)._age(replace(item, state_since=age), now)
                assert 0 < len(text) <= width, (size, text, width)


def test_compact_durations() -> None:
    assert [compact_duration(s) for s in (0, 59, 60, 3599, 7200, 86400 * 3, 86400 * 20, 86400 * 90, 86400 * 800)] == [
        "0s",
        "59s",
        "1m",
        "59m",
        "2h",
        "3d",
        "2w",
        "3mo",
        "2y",
    ]
