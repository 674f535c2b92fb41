"""Shared fixtures: the headwind command line built from the same checkout, to compare against."""

import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


def _cli() -> pathlib.Path:
    env = os.environ.get("HEADWIND_BIN")
    if env:
        return pathlib.Path(env)
    for profile in ("release", "debug"):
        p = ROOT / "target" / profile / "headwind"
        if p.is_file():
            return p
    raise RuntimeError(
        "no headwind binary: run `cargo build --release` at the repository root or set HEADWIND_BIN"
    )


@pytest.fixture(scope="session")
def cli():
    """Run the headwind binary; returns (exit code, stdout, stderr)."""
    exe = _cli()

    def run(*args):
        p = subprocess.run([str(exe), "--quiet", *args], capture_output=True, text=True)
        return p.returncode, p.stdout, p.stderr

    return run
