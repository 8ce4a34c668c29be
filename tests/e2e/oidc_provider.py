"""A real OpenID Connect provider for the single sign-on journeys: panva's certified `oidc-provider`
(tests/oidc_provider/, installed by `make install` with npm), started on a loopback port."""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROVIDER_DIR = Path(__file__).resolve().parents[1] / "oidc_provider"
PROVIDER_ID = "test-idp"
CLIENT_ID = "opencaf"
CLIENT_SECRET = "provider-test-secret"


@dataclass(frozen=True)
class RunningProvider:
    issuer: str

    def app_settings(self, **overrides: Any) -> dict[str, Any]:
        """The provider as OIDC_PROVIDERS would describe it, for `opencaf.accounts.oidc.apps`."""
        return {
            "id": PROVIDER_ID,
            "name": "Test IdP",
            "client_id": CLIENT_ID,
            "secret": CLIENT_SECRET,
            "server_url": self.issuer,
            **overrides,
        }


@contextmanager
def running_provider(site_url: str, accounts: dict[str, dict[str, Any]]) -> Iterator[RunningProvider]:
    node = shutil.which("node")
    if node is None or not (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir():
        raise RuntimeError("the test OpenID Connect provider is not installed (make install runs npm ci)")
    callback = f"{site_url}/accounts/oidc/{PROVIDER_ID}/login/callback/"
    config = {
        "clients": [
            {
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "redirect_uris": [callback],
                "post_logout_redirect_uris": [f"{site_url}/", f"{site_url}/accounts/login/"],
                "token_endpoint_auth_method": "client_secret_post",
            }
        ],
        "accounts": accounts,
    }
    process = subprocess.Popen(  # noqa: S603 - our own script, no shell
        [node, str(PROVIDER_DIR / "provider.mjs")],
        cwd=PROVIDER_DIR,
        env={**os.environ, "OIDC_TEST_CONFIG": json.dumps(config)},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        deadline = time.monotonic() + 20
        line = ""
        while time.monotonic() < deadline and not line.startswith("listening"):
            ready, _w, _x = select.select([process.stdout], [], [], 0.5)
            if ready:
                line = process.stdout.readline()
        if not line.startswith("listening"):
            raise RuntimeError("the test OpenID Connect provider did not start")
        yield RunningProvider(issuer=f"http://127.0.0.1:{int(line.split()[1])}")
    finally:
        process.terminate()
        process.wait(timeout=10)
