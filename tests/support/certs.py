"""Generate a throw-away CA and client certificate with the openssl CLI."""

from __future__ import annotations

import subprocess
from pathlib import Path


def make_client_certs(folder: Path) -> dict[str, Path]:
    """Write ca.pem, cert.pem and key.pem (client cert signed by the CA) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)

    def openssl(*args: str) -> None:
        subprocess.run(["openssl", *args], cwd=folder, check=True, capture_output=True)

    openssl(
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=dockertui test CA",
        "-keyout",
        "ca-key.pem",
        "-out",
        "ca.pem",
    )
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=client", "-keyout", "key.pem", "-out", "client.csr")
    openssl(
        "x509",
        "-req",
        "-in",
        "client.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca-key.pem",
        "-CAcreateserial",
        "-days",
        "2",
        "-out",
        "cert.pem",
    )
    return {name: folder / f"{name}.pem" for name in ("ca", "cert", "key")}
