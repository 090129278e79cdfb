"""Bad inputs: every invalid input to every public entry point is rejected before any request.

Hypothesis mutates a known-valid call of each entry point (the ``Client`` for every catalog
model, ``Decart.process`` / ``queue.submit``, ``Fal.submit`` / ``subscribe`` / ``run`` /
``upload``, ``Luma.generations.*``, ``LumaAgents.generations.create`` / ``files.*``) with one
defect: a wrong type, an unknown field for a known model, a missing required field, a value
outside a closed set, a bad media value (ints, missing paths, ftp:// URLs, empty bytes,
text files -- text-mode file objects, and .txt content where an image or video is expected --,
malformed data: URIs) or an out-of-range number. Each must raise
``genvid.InvalidInput`` whose ``.field`` names the field, and no request may leave: every
client runs on a transport that fails the test on any request.

``test_valid_bases_reach_the_network`` proves each unmutated base call IS valid (it gets as
far as the transport), so every rejection counted here is caused by the mutation alone.

Budget: ``GENVID_BAD_INPUT_EXAMPLES`` examples per test (default 25, well under 60 s);
``scripts/reliability`` runs it with more and reads the count from
``GENVID_BAD_INPUT_REPORT`` (a JSON file written at the end of the module).

Not counted as invalid, because genvid documents them as passed through to the service:
Decart ``resolution`` / ``orientation`` (free text in the Decart spec), Dream Machine
``resolution`` / ``duration`` ("other strings are passed through"), and unknown model names.
Unknown keyword arguments of the fixed-signature SDK-style methods (``Luma.generations.*``,
``LumaAgents.generations.create``) are refused by Python itself (``TypeError``) before genvid
runs; their open-ended parts (``keyframes``, ``video``) are tested here.
"""

from __future__ import annotations

import collections
import io
import json
import os
import shutil
import string
import tempfile
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import genvid

EXAMPLES = int(os.environ.get("GENVID_BAD_INPUT_EXAMPLES", "25"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
CASES: collections.Counter[str] = collections.Counter()
SENT: list[str] = []  # every request that reached the transport (the valid bases' included)
LEAKED: list[str] = []  # requests sent for an invalid input (must stay empty)

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde\x00"
       b"\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82")
URL_IMAGE = "https://example.com/in.png"
URL_VIDEO = "https://example.com/in.mp4"
GEN_ID = "0b1c2d3e-0000-4000-8000-000000000001"
TMP = Path(tempfile.mkdtemp(prefix="genvid-bad-inputs-"))
TEXT_FILE = TMP / "notes.txt"
TEXT_FILE.write_text("not an image\n")
PNG_FILE = TMP / "in.png"
PNG_FILE.write_bytes(PNG)


class RequestSent(AssertionError):
    """A request left genvid: the input was not rejected first."""


class NoNetwork(httpx.BaseTransport):
    """Fails on any request (and remembers it)."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        SENT.append(f"{request.method} {request.url}")
        raise RequestSent(f"a request was sent: {request.method} {request.url}")


KEYS = {"decart": "k", "fal": "k", "luma": "k", "luma-agents": "k"}
NO_RETRY = genvid.RetryPolicy(max_retries=0)
CLIENT = genvid.Client(api_keys=KEYS, transport=NoNetwork(), retry=NO_RETRY)
DECART = genvid.Decart("k", transport=NoNetwork(), retry=NO_RETRY)
FAL = genvid.Fal("k", transport=NoNetwork(), retry=NO_RETRY)
LUMA = genvid.Luma("k", transport=NoNetwork(), retry=NO_RETRY)
AGENTS = genvid.LumaAgents("k", transport=NoNetwork(), retry=NO_RETRY)


# --- what a field is, and its bad values --------------------------------------------------

TEXT = ("text",)
INT = ("int",)
BOOL = ("bool",)
MEDIA = ("media",)  # an image or video: a path, bytes, file object, https URL or data: URI
FILE = ("file",)  # any file (fal storage uploads): the same forms, any content
URL = ("url",)  # Dream Machine: public https:// URLs only


def enum(*options: str) -> tuple[Any, ...]:
    return ("enum", options)


def number(low: float | None, high: float | None, *, integer: bool = False, open_low: bool = False
           ) -> tuple[Any, ...]:
    return ("range", low, high, integer, open_low)


def length(low: int, high: int | None) -> tuple[Any, ...]:
    return ("length", low, high)


@dataclass(frozen=True)
class Entry:
    """One public entry point with a valid call (``base``) and what each field is."""

    name: str
    call: Callable[[dict[str, Any]], object]
    base: dict[str, Any]
    fields: dict[str, tuple[Any, ...]]
    required: tuple[str, ...] = ()
    unknown: bool = False  # genvid itself rejects unknown top-level fields here
    unknown_in: tuple[str, ...] = ()  # nested mappings whose unknown keys genvid rejects
    extra_unknown: tuple[str, ...] = ()  # names of other models' fields this model does not take
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)  # other acceptable .field names
    drop_with_none: bool = False  # keyword-only signature: a dropped field is passed as None


def _set(kwargs: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    out = _copy(kwargs)
    target = out
    *parents, leaf = path.split(".")
    for p in parents:
        target[p] = dict(target.get(p) or {})
        target = target[p]
    target[leaf] = value
    return out


def _drop(kwargs: dict[str, Any], path: str, with_none: bool) -> dict[str, Any]:
    out = _copy(kwargs)
    target = out
    *parents, leaf = path.split(".")
    for p in parents:
        target[p] = dict(target[p])
        target = target[p]
    if with_none and not parents:
        target[leaf] = None
    else:
        target.pop(leaf, None)
    return out


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    return value


# --- the entry points -----------------------------------------------------------------------

COMMON = {"prompt", "image", "video", "start_image", "end_image", "reference", "images", "image_ref", "seed",
          "resolution", "aspect_ratio", "duration", "model", "type", "first_frame", "last_frame", "generation_id",
          "id", "generation", "save_to", "timeout", "on_status", "cancel", "cancel_token", "data", "start", "end",
          "layering", "source", "media", "mode", "orientation", "keyframes", "loop", "file", "options", "fields",
          "inputs", "arguments"}


def _media_value(provider: str, name: str) -> Any:
    if provider == "luma":
        return URL_VIDEO if name in ("media", "video") else URL_IMAGE
    return PNG


# The closed sets each service documents, typed here (never read from the specs), so a spec that
# lost a rule is caught by the test, not followed by it.
ASPECTS_LUMA = ("1:1", "16:9", "9:16", "4:3", "3:4", "21:9", "9:21")
ASPECTS_AGENTS = ("3:1", "2:1", "21:9", "16:9", "4:3", "3:2", "1:1", "3:4", "2:3", "9:16", "1:2", "1:3")
MODES = ("adhere_1", "adhere_2", "adhere_3", "flex_1", "flex_2", "flex_3", "reimagine_1", "reimagine_2",
         "reimagine_3")
CLOSED_SETS: dict[tuple[str, str], tuple[str, ...]] = {
    ("fal", "aspect_ratio"): ("16:9", "9:16"), ("fal", "resolution"): ("720p",),
    ("luma", "aspect_ratio"): ASPECTS_LUMA, ("luma", "format"): ("jpg", "png"), ("luma", "mode"): MODES,
    ("luma-agents", "aspect_ratio"): ASPECTS_AGENTS, ("luma-agents", "output_format"): ("png", "jpeg"),
    ("luma-agents", "style"): ("auto", "manga"),
}
AGENTS_VIDEO = {"resolution": ("360p", "540p", "720p", "1080p"), "duration": ("5s", "10s")}


def _client_entries() -> Iterator[Entry]:
    catalog = {p: [m for m in genvid.models(p) if m.status != "retired"]
               for p in ("decart", "fal", "luma", "luma-agents")}
    every_input = {p: {f.split(".")[0] for m in ms for f in m.inputs} for p, ms in catalog.items()}
    for provider, infos in catalog.items():
        for info in infos:
            inputs = {f.split(".")[0] for f in info.inputs}
            base: dict[str, Any] = {}
            fields: dict[str, tuple[Any, ...]] = {}
            aliases: dict[str, tuple[str, ...]] = {}
            required = [f for f in info.required if f != "model"] + [g[0] for g in info.one_of]
            if "prompt" in inputs:
                base["prompt"] = "a lighthouse at dusk, waves below"
                fields["prompt"] = TEXT
            for name in required:
                if name in info.media_inputs or name in ("data", "image_url", "video_url", "media", "source"):
                    base[name] = _media_value(provider, name)
                elif name == "mode":
                    base[name] = "flex_1"
                elif name == "aspect_ratio":
                    base[name] = info.aspect_ratios[0]
                elif name != "prompt":
                    base[name] = "x"
            if info.route in ("upscale", "add_audio"):
                base["generation_id"] = GEN_ID
                required.append("generation_id")
            for name in info.media_inputs:
                top = name.split(".")[0]
                if top in inputs and top != "video" and top != "image_ref":
                    fields[name if "." not in name else name.split(".")[1]] = URL if provider == "luma" else MEDIA
            if provider == "luma":
                for name in ("media", "first_frame"):
                    if name in inputs:
                        fields[name] = URL
                if info.route == "create_video":
                    fields["image"] = URL  # the unified name of keyframes.frame0
                    aliases["image"] = ("keyframes.frame0",)
            if "seed" in inputs:
                fields["seed"] = INT
            for flag in ("sync_mode", "enhance_prompt", "loop", "web_search", "sync"):
                if flag in inputs:
                    fields[flag] = BOOL
            for (where, name), options in CLOSED_SETS.items():
                if where == provider and name in inputs:
                    fields[name] = enum(*options)
            if provider == "decart" and "orientation" in inputs:
                fields["aspect_ratio"] = enum("16:9", "9:16")  # the unified name, mapped to orientation
                aliases["aspect_ratio"] = ("orientation",)
            if provider == "luma-agents" and info.output == "video":
                fields.update({name: enum(*options) for name, options in AGENTS_VIDEO.items()})
                aliases.update(resolution=("video.resolution",), duration=("video.duration",))
            if provider == "luma-agents":
                fields["prompt"] = TEXT
            if "image_url" in fields:
                aliases["image_url"] = ("image",)
            if "data" in fields:
                aliases["data"] = ("image", "video")
            others = sorted(every_input[provider] - inputs - COMMON)
            model = info.name
            verbs = ("generate",) if info.route == "process_generate" else ("submit", "generate")
            for verb in verbs:
                method = getattr(CLIENT, verb)
                yield Entry(f"Client.{verb} {model}", lambda kw, m=method, name=model: m(name, **kw), base, fields,
                            tuple(required), unknown=True, extra_unknown=tuple(others), aliases=aliases)


def _sdk_entries() -> Iterator[Entry]:
    decart_fields = {"prompt": TEXT, "seed": INT, "enhance_prompt": BOOL, "data": MEDIA, "reference_image": MEDIA,
                     "model": TEXT}
    yield Entry("Decart.process", lambda kw: DECART.process(kw),
                {"model": "lucy-image-2", "prompt": "make it snow", "data": PNG}, decart_fields,
                ("model", "prompt", "data"), unknown=True, extra_unknown=("trajectory", "start", "end"))
    yield Entry("Decart.queue.submit", lambda kw: DECART.queue.submit(kw),
                {"model": "lucy-2.6", "prompt": "make it snow", "data": PNG}, decart_fields,
                ("model", "prompt", "data"), unknown=True, extra_unknown=("trajectory", "start", "end"))
    fal_fields = {"prompt": TEXT, "image_url": MEDIA, "sync_mode": BOOL, "resolution": enum("720p"),
                  "aspect_ratio": enum("16:9", "9:16")}
    fal_base = {"prompt": "she smiles", "image_url": PNG}
    app = "decart/lucy-14b/image-to-video"
    for verb, fn in (("submit", lambda kw: FAL.submit(app, kw)), ("subscribe", lambda kw: FAL.subscribe(app, kw)),
                     ("run", lambda kw: FAL.run(app, kw))):
        yield Entry(f"Fal.{verb}", fn, fal_base, fal_fields, ("prompt", "image_url"), unknown=True,
                    extra_unknown=("video_url", "seed"))
    yield Entry("Fal.upload", lambda kw: FAL.upload(kw["file"]), {"file": PNG}, {"file": FILE})
    aspect = enum("1:1", "16:9", "9:16", "4:3", "3:4", "21:9", "9:21")
    yield Entry("Luma.generations.create", lambda kw: LUMA.generations.create(**kw),
                {"prompt": "a teddy bear playing guitar"},
                {"prompt": TEXT, "model": enum("ray-2", "ray-flash-2"), "aspect_ratio": aspect,
                 "loop": BOOL, "keyframes.frame0": URL, "callback_url": TEXT},
                ("prompt",), unknown_in=("keyframes",), drop_with_none=True)
    yield Entry("Luma.generations.video.create", lambda kw: LUMA.generations.video.create(**kw),
                {"prompt": "a teddy bear playing guitar", "keyframes": {"frame1": URL_IMAGE}},
                {"prompt": TEXT, "aspect_ratio": aspect, "keyframes.frame1": URL},
                (), unknown_in=("keyframes",), drop_with_none=True)
    yield Entry("Luma.generations.image.create", lambda kw: LUMA.generations.image.create(**kw),
                {"prompt": "a lighthouse", "image_ref": [{"url": URL_IMAGE, "weight": 0.5}]},
                {"prompt": TEXT, "model": enum("photon-1", "photon-flash-1"), "aspect_ratio": aspect,
                 "format": enum("jpg", "png"), "sync": BOOL, "sync_timeout": number(None, None),
                 "modify_image_ref": URL, "image_ref.0.weight": number(0, 1)},
                (), drop_with_none=True)
    yield Entry("Luma.generations.image.reframe", lambda kw: LUMA.generations.image.reframe(**kw),
                {"media": URL_IMAGE, "aspect_ratio": "16:9"},
                {"media": URL, "aspect_ratio": aspect, "x_start": number(None, None, integer=True)},
                ("media", "aspect_ratio"), drop_with_none=True)
    yield Entry("Luma.generations.video.modify", lambda kw: LUMA.generations.video.modify(**kw),
                {"media": URL_VIDEO, "mode": "flex_1"},
                {"media": URL, "mode": enum("adhere_1", "adhere_2", "adhere_3", "flex_1", "flex_2", "flex_3",
                                            "reimagine_1", "reimagine_2", "reimagine_3"), "first_frame": URL},
                ("media", "mode"), drop_with_none=True)
    yield Entry("Luma.generations.video.reframe", lambda kw: LUMA.generations.video.reframe(**kw),
                {"media": URL_VIDEO, "aspect_ratio": "9:16"}, {"media": URL, "aspect_ratio": aspect},
                ("media", "aspect_ratio"), drop_with_none=True)
    yield Entry("Luma.generations.audio", lambda kw: LUMA.generations.audio(**kw),
                {"id": GEN_ID, "prompt": "rain"}, {"id": TEXT, "prompt": TEXT, "negative_prompt": TEXT},
                ("id",), drop_with_none=True)
    yield Entry("Luma.generations.upscale", lambda kw: LUMA.generations.upscale(**kw),
                {"id": GEN_ID}, {"id": TEXT, "callback_url": TEXT}, ("id",), drop_with_none=True)
    agents_video = {"duration": enum("5s", "10s"), "resolution": enum("360p", "540p", "720p", "1080p"),
                    "hdr": BOOL, "loop": BOOL, "start_frame": MEDIA}
    yield Entry("LumaAgents.generations.create", lambda kw: AGENTS.generations.create(**kw),
                {"prompt": "a paper boat", "model": "ray-3.2", "type": "video", "video": {"duration": "5s"}},
                {"prompt": length(1, 6000), "model": enum("uni-1", "uni-1-max", "ray-3.2"),
                 "aspect_ratio": enum("3:1", "2:1", "21:9", "16:9", "4:3", "3:2", "1:1", "3:4", "2:3", "9:16",
                                      "1:2", "1:3"), "user_id": length(0, 256),
                 **{f"video.{k}": v for k, v in agents_video.items()}},
                ("prompt",), unknown_in=("video",), drop_with_none=True)
    yield Entry("LumaAgents.generations.create (image)", lambda kw: AGENTS.generations.create(**kw),
                {"prompt": "a red fox", "model": "uni-1", "image_ref": [PNG]},
                {"prompt": TEXT, "output_format": enum("png", "jpeg"), "style": enum("auto", "manga"),
                 "web_search": BOOL, "image_ref.0": MEDIA, "source": MEDIA},
                ("prompt",), drop_with_none=True)
    yield Entry("LumaAgents.generations.create (reframe)", lambda kw: AGENTS.generations.create(**kw),
                {"prompt": "wider", "model": "ray-3.2", "type": "video_reframe", "source": URL_VIDEO,
                 "video": {"source_position": {"x_norm": 0, "y_norm": 0, "w_norm": 1, "h_norm": 1}}},
                {"source": MEDIA, "video.source_position.x_norm": number(-2, 2),
                 "video.source_position.y_norm": number(-2, 2),
                 "video.source_position.w_norm": number(0, 2, open_low=True),
                 "video.source_position.h_norm": number(0, 2, open_low=True)},
                ("source", "video.source_position.x_norm", "video.source_position.w_norm"),
                unknown_in=("video",), drop_with_none=True)
    yield Entry("LumaAgents.files.create", lambda kw: AGENTS.files.create(**kw), {"file": PNG},
                {"file": MEDIA, "purpose": enum("input", "reference"), "user_id": length(0, 256)},
                drop_with_none=True)
    yield Entry("LumaAgents.files.create (presigned)", lambda kw: AGENTS.files.create(**kw),
                {"mime_type": "image/png", "size_bytes": 1024},
                {"size_bytes": number(0, 5 * 1024**3, integer=True), "mime_type": length(3, None),
                 "purpose": enum("input", "reference")},
                ("size_bytes", "mime_type"), drop_with_none=True,
                aliases={"size_bytes": ("file",), "mime_type": ("file",)})
    yield Entry("LumaAgents.files.upload", lambda kw: AGENTS.files.upload(**kw), {"file": PNG},
                {"file": MEDIA, "purpose": enum("input", "reference")}, drop_with_none=True)


ENTRIES = [*_client_entries(), *_sdk_entries()]
BY_NAME = {e.name: e for e in ENTRIES}


# --- bad values ------------------------------------------------------------------------------

small_text = st.text(string.ascii_letters + string.digits + " :_-", max_size=10)
ints = st.integers(min_value=-(2**40), max_value=2**40)
floats = st.floats(allow_nan=False, allow_infinity=False, width=32)
scalars_not_text = st.one_of(ints, floats, st.booleans(), st.lists(small_text, max_size=2),
                             st.dictionaries(small_text, ints, max_size=2), st.binary(min_size=1, max_size=4))


@st.composite
def text_files(draw: st.DrawFn) -> Any:
    return io.StringIO("some text") if draw(st.booleans()) else open(TEXT_FILE)


missing_paths = small_text.map(lambda s: str(TMP / f"missing-{s.replace(' ', '_').replace(':', '')}.png"))
bad_media = st.one_of(
    ints, floats, st.just(b""), missing_paths, missing_paths.map(Path),
    st.sampled_from(["ftp://example.com/in.png", "ftp://user:pw@host/x.mp4", "gopher://x/y", "file:///etc/passwd"]),
    text_files(),
    st.sampled_from(["data:", "data:image/png;base64,", "data:image/png;base64,@@@@", "data:image/png;base64,abc",
                     "data:image/png,", "data:;base64,!!!!", "data:image/png;base64,iVBORw0KGgo=%%"]),
)
# Text where an image or a video is expected: a .txt path, a binary file object of it, a text data: URI.
text_content = st.one_of(st.just(TEXT_FILE), st.just(str(TEXT_FILE)), st.builds(lambda: open(TEXT_FILE, "rb")),  # noqa: SIM115 - closed by check_rejected
                         st.just("data:text/plain;base64,bm90IGFuIGltYWdl"), st.just("data:application/json,{}"))
local_content = st.one_of(st.binary(min_size=1, max_size=8), st.just(PNG_FILE), st.just(str(PNG_FILE)),
                          st.just("data:image/png;base64,iVBORw0KGgo="))


def wrong_values(kind: tuple[Any, ...]) -> st.SearchStrategy[Any]:
    """Values of the wrong type (or shape) for a field of this kind."""
    if kind == TEXT or kind[0] == "length":
        return scalars_not_text
    if kind == INT:
        return st.one_of(small_text, floats, st.booleans(), st.lists(ints, max_size=2))
    if kind == BOOL:
        return st.one_of(ints, small_text, floats, st.lists(st.booleans(), max_size=2))
    if kind[0] == "enum":
        return st.one_of(ints.filter(lambda i: f"{i}s" not in kind[1]), floats,
                         st.lists(st.sampled_from(kind[1]), min_size=1, max_size=2))
    if kind[0] == "range":
        return st.one_of(small_text, st.booleans(), st.lists(ints, max_size=2),
                         *([floats.filter(lambda f: not float(f).is_integer())] if kind[3] else []))
    if kind in (MEDIA, FILE):
        return st.one_of(ints, floats, st.booleans())
    return st.one_of(ints, floats, st.booleans())  # URL


def bad_enum_values(kind: tuple[Any, ...]) -> st.SearchStrategy[Any]:
    options = kind[1]
    return st.one_of(small_text.filter(lambda s: s not in options),
                     st.sampled_from(options).map(lambda o: o.upper() + " " if o.upper() == o else o.upper()),
                     st.sampled_from(options).map(lambda o: " " + o + "x"))


def out_of_range(kind: tuple[Any, ...]) -> st.SearchStrategy[Any]:
    if kind[0] == "length":
        low, high = kind[1], kind[2]
        parts = [st.integers(0, low - 1).map(lambda n: "x" * n)] if low > 0 else []
        if high is not None:
            parts.append(st.integers(high + 1, high + 50).map(lambda n: "x" * n))
        return st.one_of(*parts)
    _, low, high, integer, open_low = kind
    number_ = ints if integer else floats
    parts = []
    if low is not None:
        parts.append(number_.filter(lambda v: v < low or (open_low and v == low)))
        if open_low:
            parts.append(st.just(0 if integer else 0.0).filter(lambda v: v == low))
    if high is not None:
        parts.append(number_.filter(lambda v: v > high))
    return st.one_of(*parts)


# --- the checks ------------------------------------------------------------------------------


def names_field(got: str | None, path: str, entry: Entry) -> bool:
    """Whether an error's ``.field`` names the field at ``path`` (or a part of it)."""
    wanted = {path, path.replace(".0.", "[0].").replace(".0", "[0]"), *entry.aliases.get(path, ())}
    if path.startswith("video.") and entry.name.startswith("Client."):
        wanted.add(path.split(".", 1)[1])
    if got is None:
        return False
    return any(got == w or got.startswith((w + ".", w + "[")) for w in wanted)


def check_rejected(entry: Entry, kwargs: dict[str, Any], path: str, case: str) -> None:
    """The call must raise InvalidInput naming ``path`` and send nothing."""
    before = len(SENT)
    try:
        entry.call(kwargs)
    except genvid.InvalidInput as exc:
        assert names_field(exc.field, path, entry), (
            f"{entry.name}: {case} in {path!r} was rejected, but .field is {exc.field!r} ({exc})")
    except RequestSent:
        LEAKED.append(f"{entry.name}: {case} in {path!r}")
        raise AssertionError(f"{entry.name}: {case} in {path!r} was SENT instead of rejected: "
                             f"{_show(kwargs)}") from None
    except Exception as exc:
        raise AssertionError(f"{entry.name}: {case} in {path!r} raised {type(exc).__name__} "
                             f"(not InvalidInput): {exc}") from exc
    else:
        raise AssertionError(f"{entry.name}: {case} in {path!r} was accepted: {_show(kwargs)}")
    finally:
        for value in _leaves(kwargs):
            if hasattr(value, "close") and isinstance(value, io.IOBase):
                value.close()
    assert len(SENT) == before, f"{entry.name}: a request was sent for {case}"
    CASES[entry.name.split(" ")[0]] += 1


def _leaves(value: Any) -> Iterator[Any]:
    if isinstance(value, dict):
        for v in value.values():
            yield from _leaves(v)
    elif isinstance(value, list):
        for v in value:
            yield from _leaves(v)
    else:
        yield value


def _show(kwargs: dict[str, Any]) -> str:
    return repr({k: (v if not isinstance(v, bytes) or len(v) < 16 else f"<{len(v)} bytes>")
                 for k, v in kwargs.items()})[:300]


def _with(entry: Entry, path: str, value: Any) -> dict[str, Any]:
    if ".0." in path or path.endswith(".0"):  # an item of a list in the base
        top, _, rest = path.partition(".0")
        items = [_copy(i) for i in entry.base[top]]
        if rest.startswith("."):
            items[0] = {**items[0], rest[1:]: value}
        else:
            items[0] = value
        return {**_copy(entry.base), top: items}
    return _set(entry.base, path, value)


def fields_of(predicate: Callable[[tuple[Any, ...]], bool]) -> list[tuple[str, str]]:
    return [(e.name, f) for e in ENTRIES for f, kind in e.fields.items() if predicate(kind)]


# --- the tests -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(BY_NAME))
def test_valid_bases_reach_the_network(name: str) -> None:
    """Each base call is valid: it gets as far as sending (so every rejection below is the mutation's)."""
    entry = BY_NAME[name]
    with pytest.raises(RequestSent):
        entry.call(_copy(entry.base))


@SETTINGS
@given(st.sampled_from(fields_of(lambda k: True)), st.data())
def test_wrong_types_are_rejected(target: tuple[str, str], data: st.DataObject) -> None:
    entry, path = BY_NAME[target[0]], target[1]
    value = data.draw(wrong_values(entry.fields[path]), label="value")
    check_rejected(entry, _with(entry, path, value), path, f"wrong type {type(value).__name__}")


@SETTINGS
@given(st.sampled_from(fields_of(lambda k: k[0] == "enum")), st.data())
def test_values_outside_closed_sets_are_rejected(target: tuple[str, str], data: st.DataObject) -> None:
    entry, path = BY_NAME[target[0]], target[1]
    value = data.draw(bad_enum_values(entry.fields[path]), label="value")
    check_rejected(entry, _with(entry, path, value), path, f"bad enum {value!r}")


@SETTINGS
@given(st.sampled_from(fields_of(lambda k: k in (MEDIA, URL, FILE))), st.data())
def test_bad_media_is_rejected(target: tuple[str, str], data: st.DataObject) -> None:
    entry, path = BY_NAME[target[0]], target[1]
    kind = entry.fields[path]
    bad = {URL: st.one_of(bad_media, local_content, text_content), MEDIA: st.one_of(bad_media, text_content),
           FILE: bad_media}[kind]
    value = data.draw(bad, label="value")
    check_rejected(entry, _with(entry, path, value), path, f"bad media {value!r}"[:80])


@SETTINGS
@given(st.sampled_from(fields_of(lambda k: k[0] in ("range", "length") and k[1:3] != (None, None)
                                 and k[1:3] != (0, None))), st.data())
def test_out_of_range_numbers_and_lengths_are_rejected(target: tuple[str, str], data: st.DataObject) -> None:
    entry, path = BY_NAME[target[0]], target[1]
    value = data.draw(out_of_range(entry.fields[path]), label="value")
    check_rejected(entry, _with(entry, path, value), path, f"out of range {str(value)[:30]!r}")


plain_values = st.one_of(st.just("x"), st.integers(1, 10), st.booleans())
unknown_names = st.from_regex(r"[a-z][a-z_]{1,14}", fullmatch=True).filter(lambda s: s not in COMMON)


@SETTINGS
@given(st.sampled_from([e.name for e in ENTRIES if e.unknown or e.unknown_in]), st.data())
def test_unknown_fields_for_known_models_are_rejected(name: str, data: st.DataObject) -> None:
    entry = BY_NAME[name]
    where = data.draw(st.sampled_from(([""] if entry.unknown else []) + list(entry.unknown_in)), label="where")
    if where:
        known = {p.split(".")[1] for p in entry.fields if p.startswith(where + ".")} | set(entry.base.get(where) or {})
        known |= {"frame0", "frame1", "duration", "resolution", "hdr", "exr_export", "loop", "start_frame",
                  "end_frame", "keyframes", "keyframe_indexes", "source_position", "edit"}
        key = data.draw(unknown_names.filter(lambda s: s not in known), label="key")
        value = data.draw(plain_values, label="value")
        check_rejected(entry, _with(entry, f"{where}.{key}", value), f"{where}.{key}", f"unknown field {key!r}")
        return
    pool = st.one_of(unknown_names, st.sampled_from(entry.extra_unknown)) if entry.extra_unknown else unknown_names
    key = data.draw(pool.filter(lambda s: s not in entry.base and s not in entry.fields), label="key")
    value = data.draw(plain_values, label="value")
    check_rejected(entry, _with(entry, key, value), key, f"unknown field {key!r}={value!r}")


@SETTINGS
@given(st.sampled_from([(e.name, f) for e in ENTRIES for f in e.required]))
def test_missing_required_fields_are_rejected(target: tuple[str, str]) -> None:
    entry, path = BY_NAME[target[0]], target[1]
    check_rejected(entry, _drop(entry.base, path, entry.drop_with_none), path, "missing")


# --- the count, for scripts/reliability ---------------------------------------------------------


@pytest.fixture(scope="module", autouse=True)
def _report() -> Iterator[None]:
    yield
    shutil.rmtree(TMP, ignore_errors=True)
    path = os.environ.get("GENVID_BAD_INPUT_REPORT")
    if path:
        Path(path).write_text(json.dumps({"cases": sum(CASES.values()), "by_entry": dict(CASES),
                                          "requests": len(LEAKED), "valid_bases_sent": len(SENT) - len(LEAKED),
                                          "examples": EXAMPLES, "entry_points": len(ENTRIES)}))


def test_entry_point_names_are_unique() -> None:
    """Sanity: the catalogue of entry points has no duplicate names."""
    assert len(BY_NAME) == len(ENTRIES)
    assert uuid.UUID(GEN_ID)
