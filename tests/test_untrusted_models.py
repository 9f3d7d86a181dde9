"""Every model the engine builds from outside text holds only safe text.

Each answer below is what a hostile daemon, registry, index or docker config could
send: every string in it is the whole hostile payload. Whatever the engine builds
from it — summaries, events, pulls, search results, tags, inspect documents, errors,
contexts — must hold no control character, C1 byte or bidi control anywhere.
"""

from __future__ import annotations

import dataclasses
import json
import re

import pytest
from docker.errors import APIError, NotFound

from dockertui.engine.contexts import ContextStore
from dockertui.engine.daemon_errors import explain_error
from dockertui.engine.events import parse_event
from dockertui.engine.hub_search import SearchFailed, SearchQuery, search
from dockertui.engine.image_actions import prune_dangling
from dockertui.engine.inspection import inspect_container, inspect_image
from dockertui.engine.inventory import ContainerSummary, ImageSummary
from dockertui.engine.logs import _LineSplitter
from dockertui.engine.models import EngineInfo
from dockertui.engine.pull import PullState
from dockertui.engine.references import parse_reference
from dockertui.engine.registry_tags import RegistryClient, TagsFailed
from dockertui.engine.target import (
    DaemonTarget,
    TargetError,
    available_contexts,
    resolve_target,
)
from dockertui.engine.unavailable import explain
from tests.support.hostile import CATALOGUE, PAYLOAD, PAYLOAD_SHOWN
from tests.support.hostile_registry import HostileRegistry

UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u206f\ud800-\udfff]")
SGR = re.compile(r"\x1b\[[0-9;:]*m")
H = PAYLOAD + "\ud83d"  # and a lone surrogate, which JSON allows and no terminal can take


def strings_in(value, seen=None):
    """Every string reachable from a model: dataclass fields, mappings, sequences, attributes."""
    seen = set() if seen is None else seen
    if id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings_in(key, seen)
            yield from strings_in(item, seen)
    elif isinstance(value, (list, tuple, set)):
        for item in value:
            yield from strings_in(item, seen)
    elif dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            yield from strings_in(getattr(value, field.name), seen)
    elif isinstance(value, BaseException):
        yield from strings_in(str(value), seen)
        yield from strings_in(vars(value), seen)


def assert_all_safe(model) -> None:
    found = list(strings_in(model))
    assert found, "the model holds no text at all: nothing was checked"
    for text in found:
        assert not UNSAFE.search(text), f"unsafe text in {type(model).__name__}: {text!r}"


def test_container_summaries() -> None:
    raw = {
        "Id": H,
        "Names": [f"/{H}"],
        "Image": H,
        "ImageID": H,
        "Command": H,
        "Created": 1,
        "State": H,
        "Status": H,
        "Ports": [{"IP": H, "PrivatePort": 80, "PublicPort": 8080, "Type": H}],
        "Labels": {H: H, "com.docker.compose.project": H, "com.docker.compose.service": H},
    }
    summary = ContainerSummary.from_api(raw)
    assert_all_safe(summary)
    assert summary.name.startswith(PAYLOAD_SHOWN)
    for text in (summary.project, summary.service, summary.state_text, summary.age_text(0), str(summary.ports[0])):
        assert not UNSAFE.search(text)


def test_image_summaries() -> None:
    raw = {"Id": H, "RepoTags": [H, f"x:{H}"], "RepoDigests": [H], "Created": 1, "Size": 1, "Labels": {H: H}}
    assert_all_safe(ImageSummary.from_api(raw))


def test_events() -> None:
    raw = {
        "Type": H,
        "Action": f"exec_start: {H}",
        "Actor": {"ID": H, "Attributes": {H: H, "name": H, "image": H}},
        "timeNano": 1,
    }
    event = parse_event(raw, image_names=lambda _: H, container_names=lambda _: H)
    assert_all_safe(dataclasses.replace(event, container_name=""))  # the names come from the (safe) model
    assert not UNSAFE.search(event.key_attributes())
    image_event = parse_event({"Type": "image", "Action": "untag", "Actor": {"ID": H, "Attributes": {"name": H}}})
    assert_all_safe(image_event)


def test_engine_versions() -> None:
    assert_all_safe(
        EngineInfo.from_version(
            {key: H for key in ("Version", "ApiVersion", "MinAPIVersion", "Os", "Arch", "KernelVersion")}
        )
    )


def test_pull_progress_and_errors() -> None:
    state = PullState(parse_reference("busybox"))
    state.apply({"status": f"Pulling from {H}"})
    state.apply({"status": H, "id": H, "progressDetail": {"current": 1, "total": 2}})
    state.apply({"status": f"Digest: {H}"})
    assert_all_safe({"layers": state.layers, "status": state.status, "digest": state.digest})
    state.apply({"error": H, "errorDetail": {"message": H}})
    assert_all_safe(state.error)
    state.apply({"error": H, "errorDetail": "not a mapping"})
    assert_all_safe(state.error)


class HostileAPI:
    """docker-py's APIClient, answering every call with hostile text."""

    def search(self, term, limit):
        return [{"name": H, "description": H, "star_count": 1}]

    def inspect_container(self, container_id):
        return {
            "Id": H,
            "Name": H,
            "Config": {"Labels": {H: H}, "Env": [H], "Cmd": [H]},
            "State": {"Health": {"Log": [{"Output": H}]}},
            H: [H, {H: H}, 3, None, True],
        }

    def inspect_image(self, image_id):
        return {"Id": H, "Config": {"Labels": {H: H}, "Env": [H], "Entrypoint": [H], "WorkingDir": H}}

    def history(self, image_id):
        return [{"CreatedBy": H, "Size": 3, "Tags": [H]}]

    def prune_images(self, filters):
        return {"ImagesDeleted": [{"Deleted": H}, {"Untagged": H}], "SpaceReclaimed": 1}


def test_search_results_and_failures() -> None:
    results = search(HostileAPI(), SearchQuery("term", ""), 25)
    assert_all_safe(results)
    assert_all_safe(SearchFailed(SearchQuery("t", ""), H))


def test_inspect_documents() -> None:
    assert_all_safe(inspect_container(HostileAPI(), "x"))
    assert_all_safe(inspect_image(HostileAPI(), "x"))
    assert_all_safe(prune_dangling(HostileAPI()))


@pytest.mark.parametrize(
    "error",
    [
        APIError(H, explanation=H),
        NotFound(H, explanation=H.encode("utf-8", "surrogatepass")),
        RuntimeError(H),
    ],
)
def test_daemon_error_texts(error) -> None:
    text = explain_error(error)
    assert text and not UNSAFE.search(text)


def test_unreachable_reasons_quote_safely() -> None:
    target = DaemonTarget(host="tcp://127.0.0.1:1")
    for error in (RuntimeError(H), APIError(H), OSError(H)):
        assert_all_safe(explain(error, target))


def test_log_lines_split_anywhere() -> None:
    """Container output split across reads at any byte gives the same safe lines."""
    line = "\x1b[31mred\x1b[0m " + PAYLOAD.replace("\n", "").replace("\r", "")
    data = (line + "\n").encode("utf-8") * 2
    whole = _LineSplitter("stdout").feed(data)
    assert [entry.text for entry in whole] == [whole[0].text] * 2
    assert whole[0].text.startswith("\x1b[31mred\x1b[0m ") and whole[0].text.endswith(CATALOGUE["wide"])
    assert not UNSAFE.search(SGR.sub("", whole[0].text))
    for cut in range(len(data)):
        splitter = _LineSplitter("stdout")
        lines = splitter.feed(data[:cut]) + splitter.feed(data[cut:]) + splitter.feed(b"", final=True)
        assert lines == whole, cut


def test_registry_tags_and_errors() -> None:
    registry = HostileRegistry([H, "latest", 3, None], H)
    host = registry.host
    try:
        page = RegistryClient(f"{host}/hostile").first_page()
        assert [tag.name for tag in page.tags][1:] == ["latest"]  # what is not a string is no tag
        assert_all_safe(page)
        for name in ("broken", "notjson"):
            with pytest.raises(TagsFailed) as failure:
                RegistryClient(f"{host}/{name}").first_page()
            assert_all_safe(failure.value)
    finally:
        registry.close()


def write_context(config_dir, name: str, host: str, description: str) -> None:
    import hashlib

    folder = config_dir / "contexts" / "meta" / hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()
    folder.mkdir(parents=True)
    meta = {"Name": name, "Metadata": {"Description": description}, "Endpoints": {"docker": {"Host": host}}}
    (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")


def test_contexts_from_a_hostile_docker_config(tmp_path) -> None:
    write_context(tmp_path, H, f"tcp://{H}:2376", H)
    write_context(tmp_path, "plain", "unix:///var/run/docker.sock", H)
    (tmp_path / "config.json").write_text(json.dumps({"currentContext": H}), encoding="utf-8")
    env = {"DOCKER_CONFIG": str(tmp_path), "DOCKER_HOST": f"tcp://{H}"}
    assert_all_safe(ContextStore(tmp_path).list())
    assert_all_safe(available_contexts(env))
    for environ in ({"DOCKER_CONFIG": str(tmp_path)}, env, {"DOCKER_CONFIG": str(tmp_path), "DOCKER_CONTEXT": H}):
        try:
            target = resolve_target(environ=environ)
        except TargetError as error:
            assert_all_safe(error)
        else:
            assert_all_safe(dataclasses.replace(target, warnings=()))


def test_every_catalogue_entry_reaches_models_visibly() -> None:
    """Not only the whole payload: each kind alone is shown, not dropped."""
    for key, text in CATALOGUE.items():
        summary = ContainerSummary.from_api({"Id": "a", "Names": ["/n"], "Labels": {"x": text}})
        if UNSAFE.search(text) or "\x1b" in text:
            assert summary.labels["x"] != text, key
            assert len(summary.labels["x"]) >= len(text), f"{key}: something was dropped"
        else:
            assert summary.labels["x"] == text, key


def test_a_line_of_megabytes_is_kept_short_while_it_arrives() -> None:
    """32 MB without a newline, in the daemon's 16 KiB pieces: the line is cut as it arrives
    (joining every piece first took quadratic time), and the note counts all of it."""
    from dockertui.engine.safe_text import MAX_LENGTH

    splitter = _LineSplitter("stdout")
    for _ in range(2000):
        assert splitter.feed(b"A" * 16384) == []
    first, second = splitter.feed(b"\nEND\n")
    assert first.text == "A" * MAX_LENGTH + f"… [{2000 * 16384 - MAX_LENGTH:,} more characters]"
    assert second.text == "END"
    assert splitter.feed(b"", final=True) == []


def test_search_answers_of_the_wrong_shape() -> None:
    """The spinner span forever on a star count of "many": an entry of the wrong shape is left out,
    an answer that is no list is a failure the pane shows."""

    class OddAPI:
        def __init__(self, answer) -> None:
            self.answer = answer

        def search(self, term, limit):
            return self.answer

    results = search(
        OddAPI(
            [
                {"name": "ok", "star_count": "many", "is_official": "yes"},
                "text",
                None,
                {"name": 3},
                {"description": "no name"},
                {"name": "two", "star_count": 2},
            ]
        ),
        SearchQuery("t", ""),
        25,
    )
    assert [(r.name, r.stars, r.official) for r in results] == [("ok", 0, False), ("two", 2, False)]
    assert search(OddAPI(None), SearchQuery("t", ""), 25) == []
    for answer in ({"results": []}, "nothing"):
        with pytest.raises(SearchFailed):
            search(OddAPI(answer), SearchQuery("t", ""), 25)


def test_one_odd_row_does_not_empty_the_list() -> None:
    """A hostile daemon's "Created": "yesterday" or a port of "http" failed the whole re-list:
    the list stayed empty without a word. Odd values read as nothing; unreadable rows are left out."""
    from dockertui.engine.inventory import Inventory

    class OddAPI:
        def containers(self, all=False, filters=None):
            return [
                {"Id": "good", "Names": ["/fine"], "State": "running", "Created": 5},
                {
                    "Id": "odd",
                    "Names": "not-a-list",
                    "Created": "yesterday",
                    "State": ["x"],
                    "Ports": [{"PublicPort": "http", "PrivatePort": None}, "text"],
                    "Labels": ["x"],
                },
                {"Names": ["/no-id"]},
                "text",
                None,
            ]

        def images(self):
            return [{"Id": "img", "RepoTags": "a:b", "Size": "big", "Created": None}, {"RepoTags": []}]

        def volumes(self):

            return {"Volumes": [], "Warnings": None}

        def networks(self):

            return []

    inventory = Inventory()
    inventory.relist(OddAPI())
    assert sorted(inventory.containers) == ["good", "odd"]
    odd = inventory.containers["odd"]
    assert (odd.name, odd.created, odd.labels, str(odd.ports[0])) == ("odd", 0, {}, "0/tcp")
    assert list(inventory.images) == ["img"] and inventory.images["img"].tags == ()
