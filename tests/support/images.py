"""Fixture images built FROM scratch with a static busybox, once per test run.

- ``busybox``: /bin/busybox plus its applet links (sh, sleep, httpd, top, vi…).
- ``layered``: exactly two layers of a few MB (busybox at /opt, then 3 MiB of
  fixed pseudo-random data), shared with no other image and pushed to the local
  registry, so pull tests have two layers to show progress for.
"""

from __future__ import annotations

import io
import random
import shutil
import tarfile
from dataclasses import dataclass

import docker

from tests.support.labels import TEST_LABEL

BUSYBOX_IMAGE = "dockertui-test/busybox:latest"
LAYERED_IMAGE = "dockertui-test/layered:latest"
LAYERED_DATA_SIZE = 3 * 1024 * 1024

BUSYBOX_DOCKERFILE = f"""\
FROM scratch
COPY busybox /bin/busybox
RUN ["/bin/busybox", "--install", "-s", "/bin"]
LABEL {TEST_LABEL}=fixture
CMD ["/bin/sh"]
"""

# busybox under another path than in the busybox image, so that no layer is shared
# and a pull downloads both.
LAYERED_DOCKERFILE = f"""\
FROM scratch
COPY busybox /opt/busybox
COPY data.bin /data.bin
LABEL {TEST_LABEL}=fixture
CMD ["/opt/busybox", "sh"]
"""


@dataclass(frozen=True)
class FixtureImages:
    busybox: str
    layered: str
    #: The layered image's reference in the local registry.
    layered_remote: str
    registry: str


def _busybox_binary() -> bytes:
    path = shutil.which("busybox")
    if not path:
        raise RuntimeError("busybox not found: install busybox-static (scripts/test does)")
    with open(path, "rb") as binary:
        return binary.read()


def _context(dockerfile: str, files: dict[str, bytes]) -> io.BytesIO:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for name, content in {"Dockerfile": dockerfile.encode(), **files}.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            info.mode = 0o755
            info.mtime = 0  # stable contexts keep the build cache warm
            archive.addfile(info, io.BytesIO(content))
    buffer.seek(0)
    return buffer


def _build(client: docker.DockerClient, tag: str, dockerfile: str, files: dict[str, bytes]) -> None:
    output = client.api.build(fileobj=_context(dockerfile, files), custom_context=True, tag=tag, rm=True, decode=True)
    log = []
    for line in output:
        if "error" in line:
            raise RuntimeError(f"building {tag} failed: {line['error']}\n{''.join(log)}")
        log.append(line.get("stream", ""))


def _push(client: docker.DockerClient, local: str, remote: str) -> None:
    repository, _, tag = remote.rpartition(":")
    client.images.get(local).tag(repository, tag)
    # Push reports errors inside the stream, not as exceptions: check every line.
    for line in client.api.push(repository, tag, stream=True, decode=True):
        if "error" in line:
            raise RuntimeError(f"pushing {remote} failed: {line['error']}")


def build_busybox_image(client: docker.DockerClient) -> str:
    """Only the busybox image (benchmarks need no registry)."""
    _build(client, BUSYBOX_IMAGE, BUSYBOX_DOCKERFILE, {"busybox": _busybox_binary()})
    return BUSYBOX_IMAGE


def build_fixture_images(client: docker.DockerClient, registry: str) -> FixtureImages:
    busybox = _busybox_binary()
    data = random.Random(20261128).randbytes(LAYERED_DATA_SIZE)
    _build(client, BUSYBOX_IMAGE, BUSYBOX_DOCKERFILE, {"busybox": busybox})
    _build(client, LAYERED_IMAGE, LAYERED_DOCKERFILE, {"busybox": busybox, "data.bin": data})
    remote = f"{registry}/{LAYERED_IMAGE}"
    _push(client, LAYERED_IMAGE, remote)
    return FixtureImages(BUSYBOX_IMAGE, LAYERED_IMAGE, remote, registry)
