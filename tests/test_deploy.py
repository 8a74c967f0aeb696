"""deploy/ is exercised here: the nginx site passes `nginx -t` with a self-signed certificate
and the systemd units and timers pass `systemd-analyze verify` (deploy/check.sh)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import get_commands

from whatsafter.cli import ALIASES

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"


@pytest.mark.skipif(
    not (shutil.which("nginx") and shutil.which("systemd-analyze") and shutil.which("openssl")),
    reason="needs nginx, systemd-analyze and openssl (CI installs them)",
)
def test_the_deploy_files_are_valid() -> None:
    result = subprocess.run(  # noqa: S603 - our own script
        [str(DEPLOY / "check.sh")], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "nginx: the site config is valid" in result.stdout
    assert "systemd: the units are valid" in result.stdout


def test_every_template_placeholder_is_rendered(tmp_path: Path) -> None:
    subprocess.run(  # noqa: S603
        [str(DEPLOY / "render.sh"), str(tmp_path), "example.org", "/srv/whatsafter"], check=True
    )
    rendered = sorted(p.name for p in tmp_path.iterdir())
    assert "whatsafter.conf" in rendered and "whatsafter-import-imdb.timer" in rendered
    for path in tmp_path.iterdir():
        assert "@" not in path.read_text().replace("%%", ""), path.name


def test_every_timer_starts_a_service_that_runs_a_real_command() -> None:
    """A timer whose service names a command the CLI does not know fails every night, in a
    log nobody reads: each one is checked against the commands Django knows here."""
    known = set(get_commands()) | set(ALIASES)
    timers = sorted((DEPLOY / "systemd").glob("*.timer"))
    assert any(t.stem == "whatsafter-quiz-refresh" for t in timers)
    for timer in timers:
        service = timer.with_suffix(".service")
        assert service.exists(), f"{timer.name} has no {service.name}"
        starts = re.findall(r"^ExecStart=.*?/whatsafter (\S+)", service.read_text(), re.M)
        assert starts and all(command in known for command in starts), (service.name, starts)
