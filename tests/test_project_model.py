"""Compose projects as grouped from the inventory, the plans their keys carry out, the order of
merged log lines and the colours of their sources: pure functions, no daemon."""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult

from dockertui.engine.inventory import ContainerSummary
from dockertui.engine.logs import LogLine
from dockertui.engine.merged_logs import timestamp_key
from dockertui.engine.networks import NetworkSummary
from dockertui.engine.project_actions import plan_action, plan_down
from dockertui.engine.projects import group_projects
from dockertui.engine.volumes import VolumeSummary
from dockertui.ui.widgets.log_view import SOURCE_COLOURS, LogView, source_colours
from tests.support.fakes import fake_container


def service(project: str, name: str, state: str, number: int = 1, *, oneoff: bool = False, **labels: str):
    return ContainerSummary.from_api(
        fake_container(
            f"{project}_{name}_{number}{'_run' if oneoff else ''}",
            state,
            labels={
                "com.docker.compose.project": project,
                "com.docker.compose.service": name,
                "com.docker.compose.container-number": str(number),
                "com.docker.compose.oneoff": "True" if oneoff else "False",
                "com.docker.compose.project.working_dir": f"/srv/{project}",
                "com.docker.compose.project.config_files": f"/srv/{project}/docker-compose.yml,/srv/{project}/o.yml",
                **labels,
            },
        )
    )


def network(name: str, project: str = "") -> NetworkSummary:
    labels = {"com.docker.compose.project": project} if project else {}
    return NetworkSummary.from_api({"Id": f"id-{name}", "Name": name, "Driver": "bridge", "Labels": labels})


def volume(name: str, project: str = "") -> VolumeSummary:
    labels = {"com.docker.compose.project": project} if project else {}
    return VolumeSummary.from_api({"Name": name, "Driver": "local", "Labels": labels})


SHOP = [
    service("shop", "web", "running", 1),
    service("shop", "web", "running", 2),
    service("shop", "db", "exited"),
    service("shop", "web", "exited", 1, oneoff=True),
]


def test_projects_are_grouped_with_their_services_networks_and_volumes() -> None:
    loose = ContainerSummary.from_api(fake_container("loose", "running"))
    projects = group_projects(
        [*SHOP, loose, service("blog", "app", "running")],
        [network("shop_default", "shop"), network("bridge"), network("other_default", "gone")],
        [volume("shop_data", "shop"), volume("external")],
    )
    assert list(projects) == ["blog", "shop"]
    shop = projects["shop"]
    assert [(s.name, s.running, s.total) for s in shop.services] == [("db", 0, 1), ("web", 2, 3)]
    assert [c.name for c in shop.containers] == ["shop_db_1", "shop_web_1", "shop_web_2", "shop_web_1_run"]
    assert (shop.running, shop.total, shop.state_text) == (2, 4, "running 2/4")
    assert shop.working_dir == "/srv/shop"
    assert shop.config_files == ("/srv/shop/docker-compose.yml", "/srv/shop/o.yml")
    assert [n.name for n in shop.networks] == ["shop_default"]
    assert [v.name for v in shop.volumes] == ["shop_data"]
    assert projects["blog"].state_text == "running"
    # A project with no container left (only a volume or network labelled with it) is not listed.
    assert "gone" not in projects


def test_plans_leave_one_offs_to_down_and_volumes_to_the_tick() -> None:
    shop = group_projects(SHOP)["shop"]
    assert [t.name for t in plan_action(shop, "stop").containers] == ["shop_web_1", "shop_web_2"]
    assert [t.name for t in plan_action(shop, "start").containers] == ["shop_db_1"]
    assert [t.name for t in plan_action(shop, "restart").containers] == ["shop_db_1", "shop_web_1", "shop_web_2"]
    with_objects = group_projects(SHOP, [network("shop_default", "shop")], [volume("shop_data", "shop")])["shop"]
    down = plan_down(with_objects, remove_volumes=False)
    assert [t.name for t in down.containers] == [c.name for c in with_objects.containers]  # one-offs too
    assert [t.name for t in down.running] == ["shop_web_1", "shop_web_2"]
    assert [t.name for t in down.networks] == ["shop_default"]
    assert down.volumes == () and not down.remove_volumes
    ticked = plan_down(with_objects, remove_volumes=True)
    assert [t.key for t in ticked.volumes] == ["shop_data"] and ticked.remove_volumes


def test_hostile_labels_are_inert_in_the_model() -> None:
    evil = service("shop", "web\x1b]0;PWNED\x07", "running", **{"com.docker.compose.project.working_dir": "\u202e/x"})
    project = group_projects([evil])["shop"]
    assert project.services[0].name == "web␛]0;PWNED␇"
    assert project.working_dir == "\\u202e/x"


def test_timestamps_compare_as_instants() -> None:
    fixed = timestamp_key("2026-12-02T07:54:41.549724752Z")
    assert fixed is not None
    # Fewer digits (Podman, or trimmed zeros) and another offset still sort as the instants they are.
    assert timestamp_key("2026-12-02T07:54:41.5497Z") < fixed < timestamp_key("2026-12-02T07:54:41.55Z")
    assert timestamp_key("2026-12-02T08:54:41.549724752+01:00") == fixed
    assert timestamp_key("2026-12-02T07:54:42Z") > fixed
    assert timestamp_key("not a stamp") is None and timestamp_key("") is None


def test_source_colours_are_stable_and_distinct_while_there_are_enough() -> None:
    first = source_colours(["web", "db", "cache"])
    assert first == source_colours(["cache", "web", "db"])  # the order given does not matter
    assert len(set(first.values())) == 3
    many = source_colours([f"service-{n}" for n in range(SOURCE_COLOURS)])
    assert sorted(many.values()) == list(range(SOURCE_COLOURS))
    assert set(source_colours([f"s{n}" for n in range(SOURCE_COLOURS + 3)]).values()) <= set(range(SOURCE_COLOURS))


class MergedLogApp(App):
    CSS_PATH = str(Path(__file__).resolve().parent.parent / "dockertui" / "ui" / "styles" / "app.tcss")

    def compose(self) -> ComposeResult:
        yield LogView(buffer_size=50)


async def test_merged_lines_carry_their_service_in_its_colour_and_in_the_saved_file(tmp_path: Path) -> None:
    async with MergedLogApp().run_test(size=(60, 10)) as pilot:
        view = pilot.app.query_one(LogView)
        view.set_sources(["web", "database"])
        view.add(
            [
                LogLine("stdout", "2026-11-28T04:00:00.000000000Z", "hello", source="web"),
                LogLine("stderr", "2026-11-28T04:00:01.000000000Z", "oops", source="database"),
            ]
        )
        await pilot.pause()
        rows = [view.render_line(y) for y in range(2)]
        assert rows[0].text.rstrip() == " web      | hello"
        assert rows[1].text.rstrip() == "▌database | oops"
        colours = {
            name: next(segment.style.color for segment in row if segment.text.strip().startswith(name))
            for name, row in zip(("web", "database"), rows, strict=True)
        }
        assert colours["web"] != colours["database"]
        saved = view.save(tmp_path).read_text().splitlines()
        assert saved == [
            "2026-11-28T04:00:00.000000000Z web | hello",
            "2026-11-28T04:00:01.000000000Z database | stderr oops",
        ]


def test_the_tick_takes_anonymous_volumes_also_in_a_project_without_named_ones() -> None:
    """The hostile trial: ticked, down left a project's anonymous volume behind, because the
    project had no named volume and the tick was read from the named ones."""
    shop = group_projects(SHOP)["shop"]
    assert shop.volumes == ()
    assert plan_down(shop, remove_volumes=True).remove_volumes
    assert not plan_down(shop, remove_volumes=False).remove_volumes


def test_a_container_without_the_working_dir_label_does_not_hide_the_projects() -> None:
    """A container added by hand with only the project label was the newest, and its empty
    working dir and config files were shown for the whole project."""
    raw = fake_container("shop_extra", "running", labels={"com.docker.compose.project": "shop"})
    raw["Created"] += 3600
    shop = group_projects([*SHOP, ContainerSummary.from_api(raw)])["shop"]
    assert shop.working_dir == "/srv/shop"
    assert shop.config_files == ("/srv/shop/docker-compose.yml", "/srv/shop/o.yml")


def test_a_container_removed_meanwhile_counts_as_taken_down() -> None:
    """Removed from outside while the down dialog was open: 'No such container' was reported
    as a failure of the down."""
    import docker.errors
    import requests

    from dockertui.engine.project_actions import run_plan

    class API:
        removed: list[str] = []

        def _gone(self):
            response = requests.Response()
            response.status_code = 404
            return docker.errors.NotFound("404", response=response, explanation="No such container: x")

        def stop(self, container, timeout=None):
            if container == "gone":
                raise self._gone()

        def inspect_container(self, container):
            if container == "gone":
                raise self._gone()
            return {"Config": {}}

        def remove_container(self, container, v=False):
            if container == "gone":
                raise self._gone()
            self.removed.append(container)

        def remove_network(self, network):
            pass

    from dockertui.engine.project_actions import ProjectPlan, Target

    targets = (Target("gone", "shop_gone_1"), Target("here", "shop_here_1"))
    plan = ProjectPlan("shop", "down", targets, running=targets)
    report = run_plan(API(), plan)
    assert report.failures == []
    assert API.removed == ["here"]
