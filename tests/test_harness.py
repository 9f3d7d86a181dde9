"""The test harness itself: fixture images and containers are what later tests rely on."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from tests.support.images import LAYERED_DATA_SIZE
from tests.support.labels import RUN_ID, TEST_LABEL


def test_busybox_image_runs_applets(docker_client, fixture_images) -> None:
    output = docker_client.containers.run(
        fixture_images.busybox,
        ["sh", "-c", "echo $((6*7)); ls /bin/vi /bin/top /bin/httpd"],
        remove=True,
        labels={TEST_LABEL: RUN_ID},
    )
    assert output.decode().splitlines()[0] == "42"


def test_layered_image_has_two_layers_in_the_registry(docker_client, fixture_images) -> None:
    image = docker_client.images.get(fixture_images.layered)
    assert len(image.attrs["RootFS"]["Layers"]) == 2
    repository = fixture_images.layered_remote.split("/", 1)[1].rsplit(":", 1)[0]
    request = urllib.request.Request(
        f"http://{fixture_images.registry}/v2/{repository}/manifests/latest",
        headers={"Accept": "application/vnd.docker.distribution.manifest.v2+json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        manifest = json.load(response)
    sizes = [layer["size"] for layer in manifest["layers"]]
    assert len(sizes) == 2
    assert all(size > 500_000 for size in sizes), sizes  # "a few MB" each, compressed
    assert sum(sizes) > LAYERED_DATA_SIZE


def test_standard_containers_cover_the_states_panes_show(docker_client, standard_containers) -> None:
    running, exited = standard_containers["running"], standard_containers["exited"]
    ports, compose = standard_containers["ports"], standard_containers["compose"]
    assert running.status == "running"
    assert exited.status == "exited" and exited.attrs["State"]["ExitCode"] == 3
    binding = ports.attrs["NetworkSettings"]["Ports"]["8080/tcp"][0]
    assert binding["HostIp"] == "127.0.0.1" and int(binding["HostPort"]) > 0
    try:  # busybox httpd answers 404 for an empty document root: it is listening
        urllib.request.urlopen(f"http://127.0.0.1:{binding['HostPort']}/", timeout=5).close()
    except urllib.error.HTTPError as error:
        assert error.code == 404
    assert compose.labels["com.docker.compose.project"] == f"dtui-test-{RUN_ID}"
    for container in standard_containers.values():
        assert container.labels[TEST_LABEL] == RUN_ID
