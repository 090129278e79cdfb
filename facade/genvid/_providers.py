"""The one table of services: everything that differs by provider but is not in its spec.

Read by the unified client (adapter, keys, base URLs), the catalog (generated package),
the CLI (demo model), the emulator (its URL layout, exports and service classes) and the
scripts. ``specs/<spec>.yaml`` compiles to the package ``genvid_api_<spec with _>``.

Adding a service: one spec, one adapter (a ``ServiceClient`` subclass), one emulator
service, one row here (see the README's "Adding a service").
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from ._exceptions import UnknownProvider


@dataclass(frozen=True)
class Provider:
    """One service genvid speaks."""

    name: str
    """The ``provider`` part of ``provider:model``."""
    title: str
    spec: str
    """Stem of ``specs/<spec>.yaml``."""
    adapter: str
    """``module:Class`` of the facade's client for the service."""
    key_env: tuple[str, ...]
    base_url_env: str
    default_base_url: str
    emulator_mounts: Mapping[str, str]
    """Path prefixes on an emulator root, by role; the first is the API base URL."""
    emulator_service: str
    """``module:Class`` of the emulated service."""
    demo_model: str
    demo_inputs: Mapping[str, Any] = field(default_factory=dict)
    aliases: tuple[str, ...] = ()
    emulator_env: Mapping[str, str] = field(default_factory=dict)
    """Extra variables the emulator exports (``{host}``, ``{root}`` and role names are filled in)."""

    @property
    def package(self) -> str:
        """The generated low-level client package."""
        return "genvid_api_" + self.spec.replace("-", "_")

    def load_adapter(self) -> type[Any]:
        module, _, name = self.adapter.partition(":")
        cls: type[Any] = getattr(importlib.import_module(module), name)
        return cls

    def emulator_url(self, root: str, role: str | None = None) -> str:
        """This service's base URL (or another role's, e.g. fal's ``run``) on an emulator at ``root``."""
        mounts = self.emulator_mounts
        return root.rstrip("/") + mounts[role or next(iter(mounts))]


def _frozen(**items: str) -> Mapping[str, str]:
    return MappingProxyType(dict(items))


PROVIDERS: tuple[Provider, ...] = (
    Provider(
        name="decart", title="Decart", spec="decart", adapter="genvid._decart:Decart",
        key_env=("DECART_API_KEY",), base_url_env="DECART_BASE_URL", default_base_url="https://api.decart.ai",
        emulator_mounts=_frozen(api="/decart"),
        emulator_service="genvid_emulator.services.decart:Decart",
        demo_model="decart:lucy-2.6",
        demo_inputs=MappingProxyType({"prompt": "Make it snow on the mountains around the lake", "video": None,
                                      "seed": 42}),
    ),
    Provider(
        name="fal", title="fal.ai", spec="fal", adapter="genvid._fal:Fal",
        key_env=("FAL_KEY",), base_url_env="GENVID_FAL_QUEUE_URL", default_base_url="https://queue.fal.run",
        emulator_mounts=_frozen(queue="/fal", run="/fal-run", rest="/fal-rest", cdn="/fal-cdn"),
        emulator_service="genvid_emulator.services.fal:Fal",
        demo_model="fal:decart/lucy-14b/image-to-video",
        demo_inputs=MappingProxyType({"prompt": "The painting slowly comes alive", "image": None}),
        # fal_client reads host[:port] without a scheme (and always speaks https).
        emulator_env=_frozen(FAL_QUEUE_RUN_HOST="{host}/fal", FAL_RUN_HOST="{host}/fal-run",
                             GENVID_FAL_REST_URL="{rest}", GENVID_FAL_CDN_URL="{cdn}"),
    ),
    Provider(
        name="luma", title="Luma Dream Machine", spec="luma", adapter="genvid._luma:Luma",
        key_env=("LUMAAI_API_KEY",), base_url_env="LUMAAI_BASE_URL",
        default_base_url="https://api.lumalabs.ai/dream-machine/v1",
        emulator_mounts=_frozen(api="/luma/dream-machine/v1"),
        emulator_service="genvid_emulator.services.luma:Luma",
        demo_model="luma:ray-2",
        demo_inputs=MappingProxyType({"prompt": "A teddy bear in sunglasses playing electric guitar and dancing"}),
        aliases=("dream-machine", "lumaai"),
    ),
    Provider(
        name="luma-agents", title="Luma Agents", spec="luma-agents", adapter="genvid._luma_agents:LumaAgents",
        key_env=("LUMA_AGENTS_API_KEY",), base_url_env="LUMA_BASE_URL",
        default_base_url="https://agents.lumalabs.ai/v1",
        emulator_mounts=_frozen(api="/luma-agents/v1"),
        emulator_service="genvid_emulator.services.luma_agents:LumaAgents",
        demo_model="luma-agents:ray-3.2",
        demo_inputs=MappingProxyType({"prompt": "A paper boat drifting down a rainy street", "type": "video"}),
        aliases=("luma_agents", "lumaagents", "agents"),
    ),
)

BY_NAME: Mapping[str, Provider] = MappingProxyType({p.name: p for p in PROVIDERS})
_ALIASES = {alias: p.name for p in PROVIDERS for alias in (p.name, *p.aliases)}
NAMES: tuple[str, ...] = tuple(BY_NAME)


def provider(name: str) -> Provider:
    """The row for ``name`` (any spelling: ``Luma_Agents``, ``lumaai``); ``UnknownProvider`` if unknown."""
    key = _ALIASES.get(str(name).strip().lower())
    if key is None:
        raise UnknownProvider(
            f"unknown provider {name!r}; known: {', '.join(NAMES)}", field="model",
            hint="write models as provider:model, e.g. decart:lucy-2.6 or luma:ray-2")
    return BY_NAME[key]


def by_package(package: str) -> Provider | None:
    """The row whose generated package is ``package``."""
    return next((p for p in PROVIDERS if p.package == package), None)


def emulator_env(root: str, api_key: str = "emulator-key") -> dict[str, str]:
    """Variables that point genvid and every official SDK at an emulator at ``root``."""
    root = root.rstrip("/")
    env = {"GENVID_EMULATOR_URL": root}
    host = root.split("://", 1)[-1]
    for p in PROVIDERS:
        env[p.base_url_env] = p.emulator_url(root)
        for var in p.key_env:
            env[var] = api_key
        names = {"host": host, "root": root, **{role: root + prefix for role, prefix in p.emulator_mounts.items()}}
        for var, template in p.emulator_env.items():
            env[var] = template.format(**names)
    return env


__all__ = ["BY_NAME", "NAMES", "PROVIDERS", "Provider", "by_package", "emulator_env", "provider"]
