from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types
from ..types import UNSET, File, FileTypes, Unset

T = TypeVar("T", bound="VideoEditRequest")


@_attrs_define
class VideoEditRequest:
    """Lucy 2.x video edit and virtual try-on (`lucy-2.1`, `lucy-2.5`, `lucy-2.6`, `lucy-latest`,
    `lucy-vton-*`): edit the input video from a prompt and/or a reference image. Output
    20 fps, 1280x720. Inputs up to 200 MB, no duration limit.

    """

    prompt: str
    """ What to change; `""` is allowed (edit from `reference_image` only). """
    data: File
    """ A video file part (MP4, H.264 or VP8, 16:9 or 9:16). """
    reference_image: File | Unset = UNSET
    """ An image file part (PNG, JPEG or WebP). """
    seed: int | Unset = UNSET
    """ Random seed for reproducible output; the server picks one when absent. """
    resolution: str | Unset = UNSET
    """ Output resolution; `720p` (the server default). Other strings are passed through to the server. """
    enhance_prompt: bool | Unset = UNSET
    """ Let the server rewrite the prompt for better results. Sent as `true` / `false`. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        prompt = self.prompt

        data = self.data.to_tuple()

        reference_image: FileTypes | Unset = UNSET
        if not isinstance(self.reference_image, Unset):
            reference_image = self.reference_image.to_tuple()

        seed = self.seed

        resolution = self.resolution

        enhance_prompt = self.enhance_prompt

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "prompt": prompt,
                "data": data,
            }
        )
        if reference_image is not UNSET:
            field_dict["reference_image"] = reference_image
        if seed is not UNSET:
            field_dict["seed"] = seed
        if resolution is not UNSET:
            field_dict["resolution"] = resolution
        if enhance_prompt is not UNSET:
            field_dict["enhance_prompt"] = enhance_prompt

        return field_dict

    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        files.append(("prompt", (None, str(self.prompt).encode(), "text/plain")))

        files.append(("data", self.data.to_tuple()))

        if not isinstance(self.reference_image, Unset):
            files.append(("reference_image", self.reference_image.to_tuple()))

        if not isinstance(self.seed, Unset):
            files.append(("seed", (None, str(self.seed).encode(), "text/plain")))

        if not isinstance(self.resolution, Unset):
            files.append(("resolution", (None, str(self.resolution).encode(), "text/plain")))

        if not isinstance(self.enhance_prompt, Unset):
            files.append(("enhance_prompt", (None, b"true" if self.enhance_prompt else b"false", "text/plain")))

        for prop_name, prop in self.additional_properties.items():
            files.append((prop_name, (None, str(prop).encode(), "text/plain")))

        return files

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        prompt = d.pop("prompt")

        data = File(payload=BytesIO(d.pop("data")))

        _reference_image = d.pop("reference_image", UNSET)
        reference_image: File | Unset
        if isinstance(_reference_image, Unset):
            reference_image = UNSET
        else:
            reference_image = File(payload=BytesIO(_reference_image))

        seed = d.pop("seed", UNSET)

        resolution = d.pop("resolution", UNSET)

        enhance_prompt = d.pop("enhance_prompt", UNSET)

        video_edit_request = cls(
            prompt=prompt,
            data=data,
            reference_image=reference_image,
            seed=seed,
            resolution=resolution,
            enhance_prompt=enhance_prompt,
        )

        video_edit_request.additional_properties = d
        return video_edit_request

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
