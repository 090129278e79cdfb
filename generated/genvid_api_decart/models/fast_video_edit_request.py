from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types
from ..types import UNSET, File, Unset

T = TypeVar("T", bound="FastVideoEditRequest")


@_attrs_define
class FastVideoEditRequest:
    """Classic video edit, fast or dev quality (`lucy-fast-v2v`, `lucy-dev-v2v`). No
    `num_inference_steps`: Decart's documents give it to the pro model only.

    """

    prompt: str
    """ Text description of the edit (at least one character; the upper bound was dropped in June 2026). """
    data: File
    """ A video file part (MP4, H.264 or VP8, 16:9 or 9:16). """
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

        seed = d.pop("seed", UNSET)

        resolution = d.pop("resolution", UNSET)

        enhance_prompt = d.pop("enhance_prompt", UNSET)

        fast_video_edit_request = cls(
            prompt=prompt,
            data=data,
            seed=seed,
            resolution=resolution,
            enhance_prompt=enhance_prompt,
        )

        fast_video_edit_request.additional_properties = d
        return fast_video_edit_request

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
