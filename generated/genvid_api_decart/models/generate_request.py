from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types
from ..types import UNSET, File, FileTypes, Unset

T = TypeVar("T", bound="GenerateRequest")


@_attrs_define
class GenerateRequest:
    """Multipart inputs of a generation with any model (identical for Process and Queue).
    Every field is optional here; which fields a known model takes, and the rules they
    follow, are in its typed operation's body (tag `models`). Unset fields are not sent;
    fields this document does not list are sent as text parts, for models newer than it.
    `data`, `start`, `end` and `reference_image` are file parts (any filename and part
    Content-Type); the rest are text parts.

    """

    prompt: str | Unset = UNSET
    """ Text description of the output or of the edit. 1-1000 characters on most models
    (the SDKs check this; the upper bound was dropped for video edit models in June
    2026). May be `""` on lucy-2.x and vton models (edit from `reference_image`
    only). Required by every model except `lucy-motion`; for restyle models, send
    exactly one of `prompt` and `reference_image`.
     """
    seed: int | Unset = UNSET
    """ Random seed for reproducible output. Optional on every model; the server picks one when absent. """
    resolution: str | Unset = UNSET
    """ Output resolution: `720p` (server default) or `480p` where the model supports it
    (`lucy-pro-t2v`, `lucy-pro-i2v`, `lucy-pro-flf2v`, `lucy-pro-t2i`, `lucy-pro-i2i`,
    `lucy-image-2`). Video output at 720p is 1280x720 (or 720x1280); at 480p 832x480
    (or 480x832). Older docs show `1080p` in examples; any other string is passed
    through to the server unchecked.
     """
    orientation: str | Unset = UNSET
    """ `landscape` (server default) or `portrait`; text-to-video (`lucy-pro-t2v`) and
    text-to-image (`lucy-pro-t2i`) only. Aspect ratio 16:9 maps to `landscape` and
    9:16 to `portrait`. Free text; other values are passed through.
     """
    enhance_prompt: bool | Unset = UNSET
    """ Let the server rewrite the prompt for better results. Video edit (v2v, lucy-2.x,
    vton, clip), image edit (i2i, lucy-image-2) and restyle in prompt mode (server
    default true there). Sent as `true` / `false`; servers also accept `True` / `False`.
     """
    num_inference_steps: int | Unset = UNSET
    """ Number of diffusion steps. `lucy-pro-v2v` only (e.g. 50); removed by Decart in early 2026. """
    trajectory: str | Unset = UNSET
    """ `lucy-motion` only (required there): the motion path as a JSON array string of
    2-1000 points `{"frame": int >= 0, "x": number >= 0, "y": number >= 0}`, e.g.
    `[{"frame":0,"x":0.1,"y":0.2},{"frame":24,"x":0.5,"y":0.4}]`. Servers also
    receive the Python-repr form with single quotes from Decart's Python SDK.
     """
    data: File | Unset = UNSET
    """ Main input file: an image for image-to-video (`lucy-pro-i2v`, `lucy-dev-i2v`),
    `lucy-motion` and image edit (`lucy-image-2`, `lucy-pro-i2i`); a video (MP4,
    H.264 or VP8, 16:9 or 9:16) for video edit, restyle, lucy-2.x and vton models.
    Classic v2v inputs are limited to 5 s and 10 MB; lucy-2.x inputs to 200 MB.
     """
    start: File | Unset = UNSET
    """ First frame image; `lucy-pro-flf2v` only (required there). """
    end: File | Unset = UNSET
    """ Last frame image; `lucy-pro-flf2v` only (required there). """
    reference_image: File | Unset = UNSET
    """ Optional reference image for style or appearance guidance: video edit
    (`lucy-pro-v2v` / `lucy-clip`, lucy-2.x), vton (the garment), image edit
    (`lucy-image-2`, `lucy-pro-i2i`), and restyle in image mode (instead of `prompt`).
     """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        prompt = self.prompt

        seed = self.seed

        resolution = self.resolution

        orientation = self.orientation

        enhance_prompt = self.enhance_prompt

        num_inference_steps = self.num_inference_steps

        trajectory = self.trajectory

        data: FileTypes | Unset = UNSET
        if not isinstance(self.data, Unset):
            data = self.data.to_tuple()

        start: FileTypes | Unset = UNSET
        if not isinstance(self.start, Unset):
            start = self.start.to_tuple()

        end: FileTypes | Unset = UNSET
        if not isinstance(self.end, Unset):
            end = self.end.to_tuple()

        reference_image: FileTypes | Unset = UNSET
        if not isinstance(self.reference_image, Unset):
            reference_image = self.reference_image.to_tuple()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if prompt is not UNSET:
            field_dict["prompt"] = prompt
        if seed is not UNSET:
            field_dict["seed"] = seed
        if resolution is not UNSET:
            field_dict["resolution"] = resolution
        if orientation is not UNSET:
            field_dict["orientation"] = orientation
        if enhance_prompt is not UNSET:
            field_dict["enhance_prompt"] = enhance_prompt
        if num_inference_steps is not UNSET:
            field_dict["num_inference_steps"] = num_inference_steps
        if trajectory is not UNSET:
            field_dict["trajectory"] = trajectory
        if data is not UNSET:
            field_dict["data"] = data
        if start is not UNSET:
            field_dict["start"] = start
        if end is not UNSET:
            field_dict["end"] = end
        if reference_image is not UNSET:
            field_dict["reference_image"] = reference_image

        return field_dict

    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        if not isinstance(self.prompt, Unset):
            files.append(("prompt", (None, str(self.prompt).encode(), "text/plain")))

        if not isinstance(self.seed, Unset):
            files.append(("seed", (None, str(self.seed).encode(), "text/plain")))

        if not isinstance(self.resolution, Unset):
            files.append(("resolution", (None, str(self.resolution).encode(), "text/plain")))

        if not isinstance(self.orientation, Unset):
            files.append(("orientation", (None, str(self.orientation).encode(), "text/plain")))

        if not isinstance(self.enhance_prompt, Unset):
            files.append(("enhance_prompt", (None, b"true" if self.enhance_prompt else b"false", "text/plain")))

        if not isinstance(self.num_inference_steps, Unset):
            files.append(("num_inference_steps", (None, str(self.num_inference_steps).encode(), "text/plain")))

        if not isinstance(self.trajectory, Unset):
            files.append(("trajectory", (None, str(self.trajectory).encode(), "text/plain")))

        if not isinstance(self.data, Unset):
            files.append(("data", self.data.to_tuple()))

        if not isinstance(self.start, Unset):
            files.append(("start", self.start.to_tuple()))

        if not isinstance(self.end, Unset):
            files.append(("end", self.end.to_tuple()))

        if not isinstance(self.reference_image, Unset):
            files.append(("reference_image", self.reference_image.to_tuple()))

        for prop_name, prop in self.additional_properties.items():
            files.append((prop_name, (None, str(prop).encode(), "text/plain")))

        return files

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        prompt = d.pop("prompt", UNSET)

        seed = d.pop("seed", UNSET)

        resolution = d.pop("resolution", UNSET)

        orientation = d.pop("orientation", UNSET)

        enhance_prompt = d.pop("enhance_prompt", UNSET)

        num_inference_steps = d.pop("num_inference_steps", UNSET)

        trajectory = d.pop("trajectory", UNSET)

        _data = d.pop("data", UNSET)
        data: File | Unset
        if isinstance(_data, Unset):
            data = UNSET
        else:
            data = File(payload=BytesIO(_data))

        _start = d.pop("start", UNSET)
        start: File | Unset
        if isinstance(_start, Unset):
            start = UNSET
        else:
            start = File(payload=BytesIO(_start))

        _end = d.pop("end", UNSET)
        end: File | Unset
        if isinstance(_end, Unset):
            end = UNSET
        else:
            end = File(payload=BytesIO(_end))

        _reference_image = d.pop("reference_image", UNSET)
        reference_image: File | Unset
        if isinstance(_reference_image, Unset):
            reference_image = UNSET
        else:
            reference_image = File(payload=BytesIO(_reference_image))

        generate_request = cls(
            prompt=prompt,
            seed=seed,
            resolution=resolution,
            orientation=orientation,
            enhance_prompt=enhance_prompt,
            num_inference_steps=num_inference_steps,
            trajectory=trajectory,
            data=data,
            start=start,
            end=end,
            reference_image=reference_image,
        )

        generate_request.additional_properties = d
        return generate_request

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
