"""Where each service lives on a genvid emulator root URL (kept in step with the emulator's layout)."""

from __future__ import annotations


def emulator_urls(root: str) -> dict[str, str]:
    """Base URL per provider for an emulator at ``root`` (``http://127.0.0.1:8765``)."""
    root = root.rstrip("/")
    return {
        "decart": f"{root}/decart",
        "fal": f"{root}/fal",
        "luma": f"{root}/luma/dream-machine/v1",
        "luma-agents": f"{root}/luma-agents/v1",
    }


def fal_hosts(root: str) -> dict[str, str]:
    """fal's other hosts on the emulator: sync run, REST (storage), CDN."""
    root = root.rstrip("/")
    return {"run": f"{root}/fal-run", "rest": f"{root}/fal-rest", "cdn": f"{root}/fal-cdn"}
