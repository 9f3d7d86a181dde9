"""Search through the real daemon against an index of our own, tags from the real registry."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from textual import events
from textual.widgets._footer import FooterKey

from dockertui.engine.registry_tags import RegistryClient, TagsFailed
from dockertui.engine.target import DaemonTarget
from dockertui.ui.app import DockerTUI
from dockertui.ui.screens.pulls import PullsView
from dockertui.ui.screens.tags import TagsScreen
from tests.support.index_server import IndexServer
from tests.support.pilot import wait_for


@pytest.fixture
def index(fixture_images):
    repository = fixture_images.layered_remote.rsplit(":", 1)[0]
    server = IndexServer(
        [
            {
                "name": repository,
                "description": "the two-layer fixture",
                "star_count": 12,
                "is_official": False,
                "is_automated": True,
            },
            {
                "name": "dockertui-test/unqualified",
                "description": "no registry in the name",
                "star_count": 1,
                "is_official": True,
                "is_automated": False,
            },
            {
                "name": "dockertui-test/slowpoke",
                "description": "answers late",
                "star_count": 0,
                "is_official": False,
                "is_automated": False,
            },
            {
                "name": "dockertui-test/quick",
                "description": "answers at once",
                "star_count": 0,
                "is_official": False,
                "is_automated": False,
            },
        ]
    ).start()
    yield server
    server.stop()


def hub(app):
    return app.query_one("#hub")


async def ready(app, pilot) -> None:
    await wait_for(pilot, lambda: app.session is not None, what="connected")
    await pilot.press("3")
    assert app.query_one("#hub-input").has_focus


async def search(app, pilot, text: str) -> None:
    app.query_one("#hub-input").value = text
    await pilot.press("enter")
    await wait_for(pilot, lambda: not hub(app).pending, timeout=15, what=f"results for {text}")


async def test_search_through_the_daemon_tags_and_pull(docker_host, docker_client, fixture_images, index) -> None:
    remote = fixture_images.layered_remote
    app = DockerTUI(DaemonTarget(host=docker_host))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        await search(app, pilot, f"{index.host}/dockertui")
        pane = hub(app)
        assert [r.name for r in pane.results][:2] == [remote.rsplit(":", 1)[0], "dockertui-test/unqualified"]
        assert index.queries[-1] == ("dockertui", 25)
        # A result without a registry in its name comes from the registry that was searched.
        assert pane.results[1].reference == f"{index.host}/dockertui-test/unqualified"
        status = str(app.query_one("#hub-status").text)
        assert f"from {index.host} via {docker_host}" in status
        assert app.focused is app.query_one("#hub-input")  # enter keeps the focus in the box
        await pilot.press("down")
        assert pane.table.has_focus and pane.table.cursor_key == "0"

        await pilot.press("t")
        await wait_for(
            pilot,
            lambda: isinstance(app.screen, TagsScreen) and app.screen.tags,
            timeout=10,
            what="tags from the registry",
        )
        assert "latest" in [tag.name for tag in app.screen.tags]
        assert app.screen.query_one("#tags-table").row_count == len(app.screen.tags)
        docker_client.images.remove(remote)  # so the pull has something to do
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, PullsView), what="the pull view")
        job = app.pulls[-1]
        assert str(job.state.reference) == remote
        await wait_for(pilot, lambda: job.state.finished, timeout=60, what="the pull")
        assert job.state.succeeded, job.state.error
        await pilot.press("escape", "2")
        await wait_for(
            pilot,
            lambda: any(k.endswith(f"|{remote}") for k in app.query_one("#images-table").keys),
            what="the pulled image in the images pane",
        )


def key_events(*keys: str) -> list[events.Key]:
    """Keys as the driver hands them over; a key longer than one character is named
    ("enter", "down", "tab"), others are typed characters."""
    named = {"enter": "\r", "tab": "\t", "down": None, "up": None, "escape": "\x1b"}
    return [events.Key(key, named[key]) if key in named else events.Key(key, key) for key in keys]


def burst(app, *keys: str) -> None:
    """Queue the keys all before the first is handled: what one read of a fast typist, a
    paste or a slow ssh link delivers."""
    for event in key_events(*keys):
        app.post_message(event)


def footer(screen) -> dict[str, tuple[str, bool]]:
    """What the footer of ``screen`` shows: key → (label, enabled). A greyed key has the
    class ``-disabled`` (FooterKey's ``disabled`` argument is a look, not Widget.disabled)."""
    return {key.key: (key.description, not key.has_class("-disabled")) for key in screen.query(FooterKey)}


async def test_enter_keeps_the_focus_in_the_box_and_the_arrows_move_it(docker_host, index) -> None:
    """Issue 15: enter moved the focus to the results, so a user still typing fired result
    keys (t opened a tags screen). Typing goes on in the box; down and tab go to the results,
    up on the first result and shift+tab come back."""
    app = DockerTUI(DaemonTarget(host=docker_host))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        field = app.query_one("#hub-input")
        pane = hub(app)
        await search(app, pilot, f"{index.host}/dockertui-tes")
        assert len(pane.results) == 4 and app.focused is field
        await wait_for(pilot, lambda: footer(app.screen).get("down") == ("Results", True), what="↓ Results shown")
        await pilot.press("t")  # still typing: a letter, not the tags of a result
        assert not isinstance(app.screen, TagsScreen)
        assert field.value == f"{index.host}/dockertui-test" and app.focused is field
        await wait_for(pilot, lambda: index.queries[-1] == ("dockertui-test", 25), what="the longer query")
        await wait_for(pilot, lambda: not pane.pending, what="its results")

        await pilot.press("down")
        assert app.focused is pane.table and pane.table.cursor_key == "0"
        assert "down" not in footer(app.screen)  # down moves in the results now
        await pilot.press("down")
        assert pane.table.cursor_key == "1"
        await pilot.press("up")  # not on the first row: up moves up
        assert app.focused is pane.table and pane.table.cursor_key == "0"
        await pilot.press("up")  # on the first row: up goes back to the box
        assert app.focused is field and field.value == f"{index.host}/dockertui-test"
        await pilot.press("tab")
        assert app.focused is pane.table
        await pilot.press("shift+tab")
        assert app.focused is field
        await pilot.press("escape")  # as before: escape leaves the box for the results
        assert app.focused is pane.table
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, TagsScreen), what="t on a result: its tags")


async def test_keys_typed_in_one_burst_with_enter_land_in_the_box_in_order(docker_host, index) -> None:
    """Text, enter and more text in one read: all of it is typed into the box, in order, and
    the search shown is the one for the whole text."""
    app = DockerTUI(DaemonTarget(host=docker_host))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        field = app.query_one("#hub-input")
        field.value = f"{index.host}/dockertui-"
        await pilot.pause()
        burst(app, "t", "e", "enter", "s", "t", "p", "r", "q")
        await wait_for(pilot, lambda: field.value.endswith("-testprq"), what="the whole burst in the box")
        await pilot.pause(0.5)  # for any key still on its way (a t opening tags, a q quitting)
        assert field.value == f"{index.host}/dockertui-testprq"
        assert app.focused is field and not isinstance(app.screen, TagsScreen) and app.is_running
        await wait_for(pilot, lambda: index.queries and index.queries[-1][0] == "dockertui-testprq", what="search")
        await wait_for(pilot, lambda: not hub(app).pending, what="its answer")
        assert hub(app).results == []  # the whole text's answer, not the one for the text before enter

        # Down then t in one read: down moves the focus when the app reads it, so t acts on a result.
        field.value = f"{index.host}/dockertui-test"
        await pilot.press("enter")
        await wait_for(pilot, lambda: not hub(app).pending and hub(app).results, what="results")
        burst(app, "down", "t")
        await wait_for(pilot, lambda: isinstance(app.screen, TagsScreen), what="the tags of the first result")
        assert app.screen.reference == hub(app).results[0].reference
        assert field.value == f"{index.host}/dockertui-test"


async def test_r_and_what_is_typed_after_it_land_in_the_run_form(docker_host, index) -> None:
    """r on a result, then a name, in one read: the name is in the form's Name field, not
    keys for the results list behind it."""
    from dockertui.ui.screens.run_form import RunForm

    app = DockerTUI(DaemonTarget(host=docker_host))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        await search(app, pilot, f"{index.host}/dockertui")
        await pilot.press("down")
        burst(app, "r", "w", "e", "b", "tab", "t", "o", "p")
        await wait_for(pilot, lambda: isinstance(app.screen, RunForm), what="the run form")
        form = app.screen
        await wait_for(pilot, lambda: form.query_one("#run-command").value == "top", what="the command typed")
        assert form.query_one("#run-name").value == "web"
        assert hub(app).results[0].reference in str(form.image)


async def test_the_tags_screen_footer_says_what_its_keys_do(docker_host) -> None:
    """Issue 15: under the tags screen the footer said p Pull latest (the Hub's key) while p
    pulls the selected tag. The screen shows its own keys, greyed when they would do nothing."""
    pages = {"": (["1.0", "2.0"], "2.0"), "2.0": (["3.0"], None)}
    registry = token_registry([], ["t"], pages)
    repository = f"127.0.0.1:{registry.server_address[1]}/team/app"
    index = IndexServer(
        [{"name": repository, "description": "", "star_count": 0, "is_official": False, "is_automated": False}]
    ).start()
    app = DockerTUI(DaemonTarget(host=docker_host))
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await ready(app, pilot)
            await search(app, pilot, f"{index.host}/team")
            await pilot.press("down")
            # In the Hub, p pulls the result's latest.
            await wait_for(pilot, lambda: footer(app.screen).get("p") == ("Pull latest", True), what="p in the Hub")
            await pilot.press("t")
            await wait_for(pilot, lambda: isinstance(app.screen, TagsScreen), what="the tags screen")
            screen = app.screen
            table = screen.query_one("#tags-table")
            await wait_for(pilot, lambda: table.row_count == 2, what="the first page")
            await wait_for(pilot, lambda: footer(screen).get("m") == ("Load more", True), what="m Load more")
            keys = footer(screen)
            assert keys["p"] == ("Pull tag", True) and keys["r"] == ("Run tag", True)
            assert keys["escape"] == ("Close", True) and keys["slash"] == ("Filter", True)
            assert "Pull latest" not in [label for label, _ in keys.values()]

            await pilot.press("m")
            await wait_for(pilot, lambda: table.row_count == 3, what="the second page")
            await wait_for(pilot, lambda: footer(screen).get("m") == ("Load more", False), what="m greyed")

            # In the filter box, the letters are text and escape clears the box: none shown.
            await pilot.press("slash")
            await wait_for(pilot, lambda: not {"p", "r", "m", "escape"} & footer(screen).keys(), what="keys gone")
            await pilot.press("z", "enter")  # no tag matches: nothing to pull or run
            await wait_for(pilot, lambda: footer(screen).get("p") == ("Pull tag", False), what="p greyed")
            assert footer(screen)["r"] == ("Run tag", False)
            await pilot.press("p")
            assert app.screen is screen and app.pulls == []

            await pilot.press("slash", "escape")  # the filter cleared: a tag is selected again
            await wait_for(pilot, lambda: footer(screen).get("p") == ("Pull tag", True), what="p again")
            await pilot.press("escape")
            await wait_for(pilot, lambda: not isinstance(app.screen, TagsScreen), what="closed")
    finally:
        index.stop()
        registry.shutdown()


async def test_offline_hub_says_which_index_via_which_daemon(docker_host) -> None:
    app = DockerTUI(DaemonTarget(host=docker_host))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await search(app, pilot, "busybox")
        status = str(app.query_one("#hub-status").text)
        error = str(app.query_one("#hub-error").render())
        assert "Cannot search Docker Hub (index.docker.io)" in status and docker_host in status
        assert "index.docker.io" in error and ("no such host" in error or "lookup" in error or "dial" in error)
        assert hub(app).results == []
        await pilot.press("escape", "1")  # the rest of the app is unaffected
        assert app.query_one("#panes").active == "containers"


async def test_typing_fast_shows_only_the_last_query(docker_host, index) -> None:
    index.delays["slowpoke"] = 1.5
    app = DockerTUI(DaemonTarget(host=docker_host))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        field = app.query_one("#hub-input")
        field.value = f"{index.host}/slowpoke"
        await wait_for(pilot, lambda: ("slowpoke", 25) in index.queries, timeout=5, what="the slow query sent")
        field.value = f"{index.host}/quick"
        await wait_for(pilot, lambda: not hub(app).pending, timeout=10, what="the last query answered")
        assert [r.name for r in hub(app).results] == ["dockertui-test/quick"]
        await pilot.pause(2.0)  # the slow answer arrives now, and must be ignored
        assert [r.name for r in hub(app).results] == ["dockertui-test/quick"]


async def test_emptying_the_box_drops_the_search_under_way(docker_host, index) -> None:
    index.delays["slowpoke"] = 1.5
    app = DockerTUI(DaemonTarget(host=docker_host))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        field = app.query_one("#hub-input")
        field.value = f"{index.host}/slowpoke"
        await wait_for(pilot, lambda: ("slowpoke", 25) in index.queries, timeout=10, what="the slow query sent")
        assert hub(app).pending and "searching" in str(app.query_one("#hub-status").render())
        field.value = ""
        await pilot.pause()
        assert not hub(app).pending and "searching" not in str(app.query_one("#hub-status").render())
        await pilot.pause(2.5)  # the slow answer arrives now, and must be ignored
        assert hub(app).results == [] and "searching" not in str(app.query_one("#hub-status").render())


async def test_typing_waits_for_a_pause_and_the_default_registry(docker_host, index) -> None:
    app = DockerTUI(DaemonTarget(host=docker_host), search_registry=index.host, search_limit=3)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        for text in ("d", "do", "doc", "dock", "docke", "docker"):  # faster than the pause it waits for
            app.query_one("#hub-input").value = text
        await wait_for(pilot, lambda: index.queries and not hub(app).pending, timeout=10, what="one search")
        await pilot.pause(0.5)
        assert index.queries == [("docker", 3)]  # a plain term went to the default registry's index
        assert len(hub(app).results) == 3


def test_tags_from_the_real_registry(docker_client, fixture_images) -> None:
    """Debian's registry (distribution 2.8) lists all tags in one page; paging is tested below."""
    repository = fixture_images.layered_remote.rsplit(":", 1)[0]
    page = RegistryClient(repository).first_page()
    assert "latest" in {tag.name for tag in page.tags} and page.next_url is None
    with pytest.raises(TagsFailed, match="has no repository"):
        RegistryClient(f"{fixture_images.registry}/no/such/repo").first_page()


FIVE_TAGS = {"": (["1.0", "2.0"], "2.0"), "2.0": (["3.0", "4.0"], "4.0"), "4.0": (["5.0"], None)}


def token_registry(seen: list[str], valid_token: list[str], pages=FIVE_TAGS) -> ThreadingHTTPServer:
    """A registry that wants a token (like Docker Hub) and pages its tags with Link
    headers; it accepts only ``valid_token[0]``, and its token service hands that out.
    ``pages``: the value of ``last=`` → (tags, the ``last=`` of the next page)."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:
            seen.append(self.path)
            port = self.server.server_address[1]
            following = None
            if self.path.startswith("/token"):
                body = json.dumps({"token": valid_token[0]}).encode()
            elif self.headers.get("Authorization") != f"Bearer {valid_token[0]}":
                self.send_response(401)
                self.send_header(
                    "WWW-Authenticate",
                    f'Bearer realm="http://127.0.0.1:{port}/token",'
                    'service="test-registry",scope="repository:team/app:pull"',
                )
                self.end_headers()
                return
            else:
                last = self.path.partition("last=")[2].partition("&")[0]
                tags, following = pages[last]
                body = json.dumps({"name": "team/app", "tags": tags}).encode()
            self.send_response(200)
            if following is not None:
                self.send_header("Link", f'</v2/team/app/tags/list?last={following}&n=2>; rel="next"')
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def all_tags(client: RegistryClient, between_pages=lambda: None) -> list[str]:
    page = client.first_page()
    names = [tag.name for tag in page.tags]
    while page.next_url:
        between_pages()
        page = client.page(page.next_url)
        names += [tag.name for tag in page.tags]
    return names


def test_bearer_token_from_the_challenge_and_link_pagination() -> None:
    seen: list[str] = []
    server = token_registry(seen, ["t0k3n"])
    try:
        client = RegistryClient(f"127.0.0.1:{server.server_address[1]}/team/app", page_size=2)
        assert all_tags(client) == ["1.0", "2.0", "3.0", "4.0", "5.0"]
        assert sum(path.startswith("/token") for path in seen) == 1  # the token is kept between pages
        token_request = next(path for path in seen if path.startswith("/token"))
        assert "service=test-registry" in token_request and "scope=repository%3Ateam%2Fapp%3Apull" in token_request
    finally:
        server.shutdown()


def test_an_expired_token_is_replaced_between_pages() -> None:
    """Docker Hub's tokens last 5 minutes: paging on after that must fetch a new one."""
    seen: list[str] = []
    valid_token = ["first"]
    server = token_registry(seen, valid_token)
    generations = iter(["second", "third"])
    try:
        client = RegistryClient(f"127.0.0.1:{server.server_address[1]}/team/app", page_size=2)
        names = all_tags(client, between_pages=lambda: valid_token.__setitem__(0, next(generations)))
        assert names == ["1.0", "2.0", "3.0", "4.0", "5.0"]
        assert sum(path.startswith("/token") for path in seen) == 3
    finally:
        server.shutdown()


@pytest.mark.parametrize(
    "pages",
    [
        {"": (["1.0", "2.0"], "2.0"), "2.0": (["3.0"], "")},  # the last page points back to the first
        {"": (["1.0", "2.0"], "2.0"), "2.0": (["3.0"], "2.0")},  # a page pointing to itself
        {
            "": (["1.0", "2.0"], "2.0"),
            "2.0": (["3.0"], "3.0"),
            "3.0": (["1.0", "2.0"], "4.0"),
            "4.0": (["9.9"], None),
        },  # a page that brings nothing new
    ],
    ids=["back-to-first", "to-itself", "nothing-new"],
)
def test_paging_that_goes_round_in_circles_ends(pages) -> None:
    server = token_registry([], ["t"], pages)
    try:
        client = RegistryClient(f"127.0.0.1:{server.server_address[1]}/team/app", page_size=2)
        names = []
        page = client.first_page()
        for _ in range(10):  # a loop would go on; the pages end long before
            names += [tag.name for tag in page.tags]
            if not page.next_url:
                break
            page = client.page(page.next_url)
        assert page.next_url is None
        assert names == ["1.0", "2.0", "3.0"]  # each tag once
    finally:
        server.shutdown()


async def test_the_tags_cursor_stays_on_its_tag_as_pages_arrive() -> None:
    """A later page may sort before what is shown ("latest" goes first): the cursor keeps its tag."""
    from tests.support.fakes import fake_connector

    pages = {"": (["1.0", "2.0"], "2.0"), "2.0": (["latest", "3.0"], None)}
    server = token_registry([], ["t"], pages)
    app = DockerTUI(DaemonTarget(host="unix:///fake.sock"), connector=fake_connector())
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            screen = TagsScreen(f"127.0.0.1:{server.server_address[1]}/team/app")
            await app.push_screen(screen)
            table = screen.query_one("#tags-table")
            await wait_for(pilot, lambda: table.row_count == 2, what="the first page")
            await pilot.press("down")
            assert table.cursor_key == "2.0"
            await pilot.press("m")
            await wait_for(pilot, lambda: table.row_count == 4, what="the second page")
            assert table.keys[:1] == ["latest"]
            assert screen._selected_reference().endswith("/team/app:2.0")
            await pilot.press("slash", "3", "enter")
            assert table.keys == ["3.0"]
    finally:
        server.shutdown()


def test_loopback_registries_may_use_plain_http() -> None:
    from dockertui.engine.registry_tags import _insecure_allowed

    for registry in ("localhost:5000", "localhost", "127.0.0.1:5000", "[::1]:5000", "[::1]"):
        assert _insecure_allowed(registry), registry
    for registry in ("registry.example.com:5000", "[2001:db8::1]:5000", "10.0.0.1:5000"):
        assert not _insecure_allowed(registry), registry
