"""Headless Chromium for the tests that look at a page as a browser draws it (report, map).

The flags keep Chromium off the network (the machine's network is closed, and a page must not
reach it anyway); tests that need it skip cleanly when /usr/bin/chromium is absent.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--host-resolver-rules=MAP * ~NOTFOUND",
]


def run_chromium(tmp_path: Path, name: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Chromium with a new empty profile of its own under `tmp_path`."""
    profile = tmp_path / f"profile-{name}"
    return subprocess.run(
        [str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def page_requests(net_log: Path) -> list[str]:
    """URLs requested on behalf of a file:// page (Chromium's own update checks are not the page's)."""
    log = json.loads(net_log.read_text(encoding="utf-8"))
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    return [
        event["params"]["url"]
        for event in log["events"]
        if event["type"] == start
        and "url" in event.get("params", {})
        and event["params"].get("network_isolation_key", "").startswith("file://")
    ]
