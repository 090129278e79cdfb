"""Luma Dream Machine (the Ray video and Photon image models), blocking.

Mirrors the official ``lumaai`` SDK's resources, so migrating is a rename::

    client = genvid.Luma()                                   # LUMAAI_API_KEY, LUMAAI_BASE_URL
    generation = client.generations.create(prompt="A teddy bear playing guitar")
    result = client.wait(generation.id, timeout=600)         # genvid adds waiting...
    result.save("bear.mp4")                                  # ...and streamed downloads
    for g in client.generations.list():                      # ...and every page of a listing
        print(g.id, g.state)

Every create takes its spec body's fields as keywords, checked before it is sent. Media go
by URL only: local content is refused with a hint, never uploaded behind the caller's back.
"""

from __future__ import annotations

import builtins
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import httpx

from ._catalog import ModelInfo, lookup, models
from ._exceptions import Conflict, MalformedResponse
from ._inputs import MediaInput, describe, to_media
from ._jobs import Job
from ._pacing import PACER
from ._results import ProgressCallback, Result, media_from_url, result_from_url
from ._schemas import field_name, request_schema
from ._service import Body, GenerationService, GenerationsResource, Pager, Prepared, Resource, invalid
from ._waiting import finish

if TYPE_CHECKING:
    import os

    from genvid_api_luma.models import Credits, Generation, GenerationList, Ping

PROVIDER = "luma"
# Unified input names -> where they go in each operation's body.
COMMON: dict[str, dict[str, str]] = {
    "create_video": {"image": "keyframes.frame0", "start_image": "keyframes.frame0", "first_frame": "keyframes.frame0",
                     "end_image": "keyframes.frame1", "last_frame": "keyframes.frame1"},
    "create_image": {"image": "modify_image_ref", "reference": "image_ref"},
    "reframe_image": {"image": "media"},
    "modify_video": {"video": "media", "image": "first_frame", "start_image": "first_frame"},
    "reframe_video": {"video": "media", "image": "first_frame", "start_image": "first_frame"},
}
# Names the unified client takes for the generation in the path (upscale, add audio).
PATH_ID = ("generation_id", "id", "generation")


def media_url(path: tuple[str | int, ...], value: object, kind: str = "media") -> str:
    """The public URL ``value`` stands for; InvalidInput (with the upload hint) for local content."""
    field = field_name(path)
    if isinstance(value, MediaInput) and value.source == "url":
        return str(value.value)
    if isinstance(value, str) and value[:8].lower().startswith(("https://", "http://")):
        to_media(field, value)  # checks that it is a well-formed URL
        return value
    raise invalid(PROVIDER, f"{field} must be a public https:// URL; Dream Machine cannot take {describe(value)}",
                  field, hint=_url_hint())


def _url_hint() -> str:
    """Where local media can go instead: Luma Agents' current video model takes it inline (from its catalog)."""
    inline = next((m.name for m in models("luma-agents") if m.status == "current" and m.output == "video"), None)
    return "Dream Machine only takes https:// URLs: upload the file somewhere public" + (
        f", or use {inline} which accepts the bytes inline" if inline else "")


def _generation_id(value: object, field: str = "id") -> str:
    ident = getattr(value, "id", value)
    if not isinstance(ident, str) or not ident.strip():
        raise invalid(PROVIDER, f"{field} must be a generation id (a UUID string), got {ident!r}", field)
    return ident.strip()


# --- the SDK-shaped resources ---------------------------------------------------------


class DreamMachineGenerations(GenerationsResource["Luma"]):
    """``client.generations``: create, get, list (every page), delete, upscale, audio, and sub-resources."""

    def __init__(self, svc: Luma) -> None:
        super().__init__(svc)
        self.image = ImageGenerations(svc)
        self.video = VideoGenerations(svc)
        self.concepts = Concepts(svc)
        self.camera_motion = CameraMotion(svc)

    def create(self, *, extra_headers: Mapping[str, str] | None = None, extra_body: Mapping[str, Any] | None = None,
               **fields: Any) -> Generation:
        """Start a video generation (``POST /generations/video``): the fields of ``VideoCreate``.

        ``keyframes={"frame0": {"type": "image", "url": ...}}`` starts from an image (a bare
        URL stands for that); ``{"type": "generation", "id": ...}`` extends (frame0) or
        reverse-extends (frame1) a completed generation; two generations interpolate.
        ``model`` defaults to ray-2 (the service requires one). ``extra_body`` fields are sent unchecked.
        """
        return self._svc._create("create_video", fields, extra_body=extra_body, extra_headers=extra_headers)

    def list(self, *, limit: int | None = None, offset: int = 0) -> Pager[Generation]:
        """Every generation, newest first, fetched lazily ``limit`` at a time (iterate it).

        Unlike the SDK's single page, iterating goes through every page; a generation created
        while listing is not yielded twice. ``.pages()`` yields each ``list[Generation]``.
        """
        self._svc._check_params("list_generations", {"limit": limit, "offset": offset})

        def fetch(at: int) -> tuple[builtins.list[Generation], int | None]:
            page = self.list_page(limit=limit, offset=at)
            items = builtins.list(page.generations)
            more = page.has_more if isinstance(page.has_more, bool) else (limit is not None and len(items) >= limit)
            return items, (at + len(items) if more and items else None)

        return Pager(fetch, offset, key=lambda g: g.id)

    def list_page(self, *, limit: int | None = None, offset: int | None = None) -> GenerationList:
        """One page (``GET /generations?limit=&offset=``), as the SDK's ``list`` returns it."""
        from genvid_api_luma.models import GenerationList
        from genvid_api_luma.types import UNSET

        self._svc._check_params("list_generations", {"limit": limit, "offset": offset})
        return self._svc.fetch(GenerationList, "list_generations", limit=UNSET if limit is None else limit,
                               offset=UNSET if offset is None else offset)

    def delete(self, id: str) -> None:
        """Delete a generation and its media (``DELETE /generations/{id}``)."""
        ident = _generation_id(id)
        self._svc.call("delete_generation", ident, request_id=ident)

    def upscale(self, id: str, *, extra_headers: Mapping[str, str] | None = None,
                extra_body: Mapping[str, Any] | None = None, **fields: Any) -> Generation:
        """Upscale a completed video generation (``POST /generations/{id}/upscale``): the fields of ``Upscale``."""
        return self._svc._create("upscale", fields, path_id=id, extra_body=extra_body, extra_headers=extra_headers)

    def audio(self, id: str, *, extra_headers: Mapping[str, str] | None = None,
              extra_body: Mapping[str, Any] | None = None, **fields: Any) -> Generation:
        """Add a generated soundtrack to a completed video (``POST /generations/{id}/audio``): ``Audio``'s fields."""
        return self._svc._create("add_audio", fields, path_id=id, extra_body=extra_body,
                                 extra_headers=extra_headers)


class ImageGenerations(Resource["Luma"]):
    """``client.generations.image``: create and reframe (photon-1, photon-flash-1)."""

    def create(self, *, extra_headers: Mapping[str, str] | None = None, extra_body: Mapping[str, Any] | None = None,
               **fields: Any) -> Generation:
        """Start an image generation (``POST /generations/image``): the fields of ``ImageCreate``.

        References are ``{"url": ..., "weight": 0.85}`` dicts or bare URLs; ``character_ref`` may be
        just the list of image URLs of one person. With ``sync=True`` the answer is the finished image.
        ``model`` defaults to photon-1.
        """
        return self._svc._create("create_image", fields, extra_body=extra_body, extra_headers=extra_headers)

    def reframe(self, *, extra_headers: Mapping[str, str] | None = None, extra_body: Mapping[str, Any] | None = None,
                **fields: Any) -> Generation:
        """Outpaint an image (``media={"url": ...}`` or a URL) to a new aspect ratio: ``ImageReframe``'s fields."""
        return self._svc._create("reframe_image", fields, extra_body=extra_body, extra_headers=extra_headers)


class VideoGenerations(Resource["Luma"]):
    """``client.generations.video``: create, modify and reframe (ray-2, ray-flash-2)."""

    def create(self, *, extra_headers: Mapping[str, str] | None = None, extra_body: Mapping[str, Any] | None = None,
               **fields: Any) -> Generation:
        """The same as ``client.generations.create(...)`` (``POST /generations/video``)."""
        return self._svc._create("create_video", fields, extra_body=extra_body, extra_headers=extra_headers)

    def modify(self, *, extra_headers: Mapping[str, str] | None = None, extra_body: Mapping[str, Any] | None = None,
               **fields: Any) -> Generation:
        """Restyle a video (``media={"url": ...}``; ``mode`` from ``adhere_1`` to ``reimagine_3``): ``VideoModify``."""
        return self._svc._create("modify_video", fields, extra_body=extra_body, extra_headers=extra_headers)

    def reframe(self, *, extra_headers: Mapping[str, str] | None = None, extra_body: Mapping[str, Any] | None = None,
                **fields: Any) -> Generation:
        """Outpaint a video to a new aspect ratio (``POST /generations/video/reframe``): ``VideoReframe``'s fields."""
        return self._svc._create("reframe_video", fields, extra_body=extra_body, extra_headers=extra_headers)


class Concepts(Resource["Luma"]):
    """``client.generations.concepts``."""

    def list(self) -> builtins.list[str]:
        """The concept keys ``generations.create(concepts=[...])`` accepts."""
        return self._svc.fetch(builtins.list, "list_concepts")


class CameraMotion(Resource["Luma"]):
    """``client.generations.camera_motion`` (also ``client.camera_motions``): the legacy list."""

    def list(self) -> builtins.list[str]:
        """Camera-motion phrases the video models understand in a prompt (superseded by concepts)."""
        return self._svc.fetch(builtins.list, "list_camera_motions")


class CreditsResource(Resource["Luma"]):
    """``client.credits``."""

    def get(self) -> Credits:
        """The account's credit balance (``credit_balance``, in USD cents)."""
        from genvid_api_luma.models import Credits

        return self._svc.fetch(Credits, "get_credits")


class PingResource(Resource["Luma"]):
    """``client.ping.check()`` as in the SDK; ``client.ping()`` works too."""

    def check(self) -> Ping:
        """A cheap authenticated round trip (``GET /ping``)."""
        from genvid_api_luma.models import Ping

        return self._svc.fetch(Ping, "ping")

    def __call__(self) -> Ping:
        return self.check()


# --- the client -----------------------------------------------------------------------


class Luma(GenerationService):
    """Luma Dream Machine. Key from ``LUMAAI_API_KEY``; base URL from ``LUMAAI_BASE_URL``.

    Resources as in the ``lumaai`` SDK: ``generations`` (``create``, ``get``, ``list``,
    ``delete``, ``upscale``, ``audio``, ``image.create/reframe``, ``video.create/modify/reframe``,
    ``concepts.list``, ``camera_motion.list``), ``credits.get()``, ``ping.check()``. Added:
    ``wait(generation_id)`` and ``download(generation, path)``.
    """

    provider: ClassVar[str] = PROVIDER

    def __init__(self, api_key: str | None = None, **kwargs: Any) -> None:
        super().__init__(api_key, **kwargs)
        self.generations = DreamMachineGenerations(self)
        self.camera_motions = self.generations.camera_motion
        self.credits = CreditsResource(self)
        self.ping = PingResource(self)

    def _find_out_hint(self) -> str:
        return "list your generations (client.generations.list()) to see whether it was created"

    # --- plumbing shared by the resources and the adapter verbs --------------------------
    def _create(self, operation: str, fields: Mapping[str, Any], *, path_id: object = None,
                extra_body: Mapping[str, Any] | None = None, extra_headers: Mapping[str, str] | None = None
                ) -> Generation:
        """Check ``fields`` for one create operation and send it; returns the new Generation."""
        ident = _generation_id(path_id) if path_id is not None or "{" in request_schema(
            self.package, operation).path else None
        wire = self._wire(operation, fields, label=operation)
        if extra_body:
            wire.update(extra_body)
        return self._send(operation, wire, ident, extra_headers)

    def _wire(self, operation: str, fields: Mapping[str, Any], *, label: str,
              names: Mapping[str, str] | None = None, loose: tuple[str, ...] = ()) -> dict[str, Any]:
        """The body as it goes on the wire: shorthands expanded, media as URLs, tags and model filled, checked."""
        schema = request_schema(self.package, operation)
        body = {k: v for k, v in fields.items() if v is not None}
        duration = body.get("duration")
        if isinstance(duration, int) and not isinstance(duration, bool) and duration > 0:
            body["duration"] = f"{duration}s"  # 5 -> "5s", the service's spelling
        character = body.get("character_ref")
        if isinstance(character, list | tuple):
            body["character_ref"] = {"identity0": {"images": list(character)}}  # one person's images
        props = schema.properties
        for name in schema.schema.get("required", ()):
            prop = props.get(name, {})
            if name not in body and "const" in prop:
                body[name] = prop["const"]  # the request's kind tag (generation_type)
            elif name == "model" and name not in body and prop.get("enum"):
                body[name] = prop["enum"][0]  # a model the body requires: the spec's first
        body = self._map_media(operation, body, media_url, names)
        return self._check(operation, body, label=label, names=names, loose=loose)

    def _post(self, operation: str, wire: dict[str, Any], ident: str | None,
              extra_headers: Mapping[str, str] | None) -> httpx.Response:
        """Send a create body (checked by ``_wire``) as it is; the answer, unparsed."""
        args = (ident,) if ident is not None else ()
        return self.send(operation, *args, body=self.checked_body(wire), submit=True, extra_headers=extra_headers)

    def _send(self, operation: str, wire: dict[str, Any], ident: str | None,
              extra_headers: Mapping[str, str] | None) -> Generation:
        """Send a checked create body; the new Generation."""
        from genvid_api_luma.models import Generation

        generation: Generation = self.parsed(operation, self._post(operation, wire, ident, extra_headers),
                                             expect=Generation)
        PACER.submitted(self.provider, str(generation.id), str(generation.model or wire.get("model") or operation))
        return generation

    def get_generation(self, generation_id: object) -> Generation:
        """``GET /generations/{id}``."""
        from genvid_api_luma.models import Generation

        ident = _generation_id(generation_id)
        return self.fetch(Generation, "get_generation", ident, request_id=ident)

    def _poll_generation(self, generation_id: str) -> tuple[dict[str, Any], Any]:
        from genvid_api_luma.models import Generation

        ident = _generation_id(generation_id)
        return self.read_state("get_generation", ident, key="state", parse=Generation.from_dict, request_id=ident)

    def _generation_id(self, value: object) -> str:
        return _generation_id(value, "generation")

    def _result_of(self, data: Mapping[str, Any], job: Job) -> Result:
        """A Result for a completed Generation: ``assets.video``, or ``assets.image`` for images."""
        assets = data.get("assets")
        urls = {k: assets.get(k) if isinstance(assets, Mapping) else None for k in ("video", "image")}
        kind_known = isinstance(data.get("generation_type"), str)
        is_image = "image" in str(data.get("generation_type", ""))
        # A video generation's assets.image is a thumbnail, not its result.
        order = ("image",) if is_image else ("video",) if kind_known else ("video", "image")
        kind = next((k for k in order if isinstance(urls[k], str) and urls[k]), None)
        ident = str(data.get("id") or job.request_id)
        if kind is None:
            raise MalformedResponse(f"generation {ident} is completed but has no assets.{order[0]}",
                                    service=self.provider, request_id=ident)
        url = str(urls[kind])
        media_type, name = media_from_url(url, "video/mp4" if kind == "video" else None)
        meta = {"provider": self.provider, "model": job.model, "request_id": ident, "state": "completed"}
        return result_from_url(self.media, url, media_type=media_type, file_name=name, job=meta)

    # --- conveniences the SDK lacks ---------------------------------------------------
    def download(self, generation: Generation | str, path: str | os.PathLike[str], *,
                 on_progress: ProgressCallback | None = None) -> Path:
        """Stream a completed generation's media to ``path`` (atomically); returns the final path.

        Raises ``JobFailed`` for a failed generation and ``Conflict`` for one still running.
        """
        gen = generation if not isinstance(generation, str) and getattr(generation, "state", None) == "completed" \
            else self.get_generation(generation)
        job = Job(self.provider, str(gen.model or "generation"), gen.id)
        status = self._status_of(job, gen.to_dict(), gen)
        if not status.done:
            raise Conflict(f"generation {gen.id} has not finished ({status.raw_state})", service=self.provider,
                           request_id=gen.id, hint="wait for it first: client.wait(generation.id)")
        return finish(self, job, status).save(path, on_progress=on_progress)

    # --- the adapter verbs ----------------------------------------------------------
    def _prepare(self, model: str, inputs: Mapping[str, Any]) -> Prepared:
        """Map unified names (image, end_image, video, ...) to Dream Machine fields and check them."""
        info, operation = _operation(model)
        _refuse_retired(model, info)
        given = {k: v for k, v in inputs.items() if v is not None}
        takes_id = "{" in request_schema(self.package, operation).path
        ident = _path_id(given, model) if takes_id else None
        body = Body(self.provider, model)
        for name, value in given.items():
            body.put(COMMON.get(operation, {}).get(name, name), value, name)
        named = info is None or info.raw.get("model_field")  # the model's name is its ``model`` field
        if named and body.data.setdefault("model", model) != model:
            raise invalid(self.provider, f"model is already given by the name ({model})", "model", model=model)
        wire_body = self._wire(operation, body.data, label=model, names=body.names,
                               loose=("model",) if info is None else ())
        return Prepared(model, info, wire_body, operation, options={"path_id": ident})

    def _wire_name(self, model: str, name: str) -> str:
        return COMMON.get(_operation(model)[1], {}).get(name, name)

    def _submit(self, prepared: Prepared) -> Job:
        """Send a prepared request; the Job's request id is the generation id (the answer read that far)."""
        wire = dict(prepared.fields)
        ident, data = self.created(self._post(prepared.operation, wire, prepared.options.get("path_id"),
                                              prepared.options.get("extra_headers")), "id")
        PACER.submitted(self.provider, ident, str(data.get("model") or wire.get("model") or prepared.operation))
        return Job(self.provider, prepared.model, ident)


def _refuse_retired(model: str, info: ModelInfo | None) -> None:
    """InvalidInput for a model the catalog marks retired, naming the current ones of its kind."""
    if info is not None and info.status == "retired":
        current = [m.name for m in models(PROVIDER) if m.status == "current" and m.kind == info.kind]
        raise invalid(PROVIDER, f"{model} is retired and no longer accepted", "model", model=model,
                      hint=f"use {' or '.join(current)}" if current else None)


def _operation(model: str) -> tuple[ModelInfo | None, str]:
    """(catalog entry, operation) of a model; one the catalog does not know: Photon names make images, others video."""
    info = lookup(PROVIDER, model)
    return info, info.operation if info else "create_image" if model.startswith("photon") else "create_video"


def _path_id(given: dict[str, Any], model: str) -> str:
    """The generation an upscale / add-audio works on, taken out of the inputs (``generation_id=``)."""
    found = next((given.pop(n) for n in PATH_ID if n in given), None)
    if found is None:
        raise invalid(PROVIDER, f"Invalid inputs for {model}: generation_id is required (a completed video "
                      "generation's id)", "generation_id", model=model)
    return _generation_id(found, "generation_id")


__all__ = ["CameraMotion", "Concepts", "CreditsResource", "DreamMachineGenerations", "ImageGenerations", "Luma",
           "PingResource", "VideoGenerations", "media_url"]
