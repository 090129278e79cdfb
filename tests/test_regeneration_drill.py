"""The regeneration drill: an API change is one edit to a spec and ``scripts/regenerate``, nothing else.

On a copy of ``specs/`` a service "changes its API" the way the README's workflow describes:
Luma Agents gains an aspect ratio (``5:4``), a video duration (``15s``) and a cross-field rule
(1080p video is at most 5 s); Dream Machine gains a video model (``ray-3``); fal's
``decart/lucy-14b/image-to-video`` gains a bounded optional field (``num_frames``, 1-200).
The real ``scripts/regenerate`` compiles the copy into a temporary directory, and a fresh
process loads the facade and the emulator from it (``PYTHONPATH`` first, the specs through
``GENVID_EMULATOR_SPECS``). With no other edit, the new values work end to end, the
violations are refused before any request with the field named and the rule's sentence,
and the new model passes through to a service that renders it with defaults.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RULE = "1080p video is at most 5 s long"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert text.count(old) == 1, f"{path.name}: the drill expects exactly one {old!r}"
    path.write_text(text.replace(old, new))


def _change_the_apis(specs: Path) -> None:
    agents, luma, fal = specs / "luma-agents.yaml", specs / "luma.yaml", specs / "fal.yaml"
    _edit(agents, '"9:16", "1:2", "1:3"]\n      x-enum-varnames: [RATIO_3_1',
          '"9:16", "1:2", "1:3", "5:4"]\n      x-enum-varnames: [RATIO_3_1')
    _edit(agents, "RATIO_1_2, RATIO_1_3]", "RATIO_1_2, RATIO_1_3, RATIO_5_4]")
    _edit(agents, "      enum: [5s, 10s]\n      x-enum-varnames: [DURATION_5S, DURATION_10S]",
          "      enum: [5s, 10s, 15s]\n      x-enum-varnames: [DURATION_5S, DURATION_10S, DURATION_15S]")
    _edit(agents, "      x-genvid-same-length: [keyframes, keyframe_indexes]\n      allOf:\n        - if: {not: {required: [hdr]",
          "      x-genvid-same-length: [keyframes, keyframe_indexes]\n      allOf:\n"
          "        - if: {required: [resolution], properties: {resolution: {const: 1080p}}}\n"
          "          then: {properties: {duration: {const: 5s}}}\n"
          f"          x-genvid-message: '{RULE}'\n"
          "        - if: {not: {required: [hdr]")
    _edit(luma, "      enum: [ray-2, ray-flash-2]\n", "      enum: [ray-2, ray-flash-2, ray-3]\n")
    _edit(fal, "    Lucy14BImageToVideoInput:\n      type: object\n      required: [prompt, image_url]\n"
               "      description: Input of `decart/lucy-14b/image-to-video`.\n      properties:\n",
          "    Lucy14BImageToVideoInput:\n      type: object\n      required: [prompt, image_url]\n"
          "      description: Input of `decart/lucy-14b/image-to-video`.\n      properties:\n"
          "        num_frames:\n          type: integer\n          minimum: 1\n          maximum: 200\n"
          "          description: Frames to generate.\n")


# What a user does with the changed APIs, in a process that sees only the regenerated copy.
USER_SCRIPT = r'''
import json, sys
import httpx
import genvid
from genvid_emulator import Settings, running
from genvid_emulator._media import MediaSpec, render

png = render(MediaSpec(kind="image", width=64, height=36), key="drill")
out = {}
with running(Settings(queue_seconds=0.05, run_seconds=0.05, media_scale=0.05)) as emu:
    client = genvid.Client(emulator=emu.urls.root)
    sent = lambda: httpx.get(emu.urls.root + "/_emulator/requests?limit=1").json()["count"]

    def attempt(name, model, **inputs):
        before = sent()
        try:
            result = client.generate(model, timeout=60, **inputs)
            out[name] = {"ok": True, "media_type": result.media_type, "bytes": len(result.read())}
        except genvid.GenvidError as exc:
            out[name] = {"ok": False, "error": type(exc).__name__, "field": getattr(exc, "field", None),
                         "message": str(exc), "requests": sent() - before}

    attempt("new_aspect_ratio", "luma-agents:uni-1", prompt="a kite", aspect_ratio="5:4")
    attempt("new_duration", "luma-agents:ray-3.2", prompt="a kite", duration="15s", resolution="720p")
    attempt("rule_broken", "luma-agents:ray-3.2", prompt="a kite", duration="10s", resolution="1080p")
    attempt("new_field", "fal:decart/lucy-14b/image-to-video", prompt="she smiles", image=png, num_frames=50)
    attempt("field_out_of_range", "fal:decart/lucy-14b/image-to-video", prompt="she smiles", image=png,
            num_frames=500)
    attempt("new_model", "luma:ray-3", prompt="a teddy bear playing the guitar")
    attempt("unknown_model", "luma:ray-9", prompt="a teddy bear playing the guitar")
    out["catalog_knows_ray_3"] = any(m.id == "ray-3" for m in genvid.models("luma"))
print(json.dumps(out))
'''


@pytest.fixture(scope="module")
def drill(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, object]]:
    tmp = tmp_path_factory.mktemp("drill")
    specs = tmp / "specs"
    shutil.copytree(ROOT / "specs", specs)
    _change_the_apis(specs)
    generated = tmp / "generated"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "regenerate"), "--specs", str(specs),
                    "--out", str(generated)], check=True, capture_output=True, text=True, timeout=300)
    env = dict(os.environ, GENVID_EMULATOR_SPECS=str(specs),
               PYTHONPATH=os.pathsep.join([str(generated), str(ROOT / "facade"), str(ROOT / "emulator")]))
    for name in [k for k in env if k.startswith(("GENVID_EMULATOR_URL", "LUMA", "FAL_", "DECART_"))]:
        env.pop(name)
    proc = subprocess.run([sys.executable, "-c", USER_SCRIPT], env=env, capture_output=True, text=True,
                          timeout=300, cwd=tmp)
    assert proc.returncode == 0, proc.stderr[-3000:]
    result: dict[str, dict[str, object]] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def test_new_enum_values_work_end_to_end(drill: dict[str, dict[str, object]]) -> None:
    assert drill["new_aspect_ratio"]["ok"], drill["new_aspect_ratio"]
    assert drill["new_aspect_ratio"]["media_type"] == "image/png"
    assert drill["new_duration"]["ok"], drill["new_duration"]
    assert drill["new_duration"]["media_type"] == "video/mp4"


def test_new_field_works_and_its_bound_is_enforced_before_any_request(drill: dict[str, dict[str, object]]) -> None:
    assert drill["new_field"]["ok"], drill["new_field"]
    refused = drill["field_out_of_range"]
    assert refused == {**refused, "ok": False, "error": "InvalidInput", "field": "num_frames", "requests": 0}
    assert "num_frames must be at least 1 and at most 200, got 500" in str(refused["message"])


def test_new_rule_is_refused_with_its_sentence_before_any_request(drill: dict[str, dict[str, object]]) -> None:
    refused = drill["rule_broken"]
    assert refused == {**refused, "ok": False, "error": "InvalidInput", "requests": 0}
    assert RULE in str(refused["message"])
    assert refused["field"] == "duration"  # the unified name of video.duration


def test_new_model_passes_through_and_renders(drill: dict[str, dict[str, object]]) -> None:
    assert drill["catalog_knows_ray_3"] is False
    assert drill["new_model"]["ok"], drill["new_model"]  # in the spec, not the catalog: defaults
    assert drill["new_model"]["media_type"] == "video/mp4"
    unknown = drill["unknown_model"]  # in neither: passed through, and the service says no
    assert unknown["ok"] is False and unknown["error"] == "BadRequest" and unknown["requests"] == 1
    assert "ray-9" in str(unknown["message"])
