from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types
from ..models.orientation import Orientation
from ..types import UNSET, Unset

T = TypeVar("T", bound="TextToImageRequest")


@_attrs_define
class TextToImageRequest:
    """Text to image (`lucy-pro-t2i`)."""

    prompt: str
    """ Text description of the output, 1-1000 characters. """
    seed: int | Unset = UNSET
    """ Random seed for reproducible output; the server picks one when absent. """
    resolution: str | Unset = UNSET
    """ Output resolution: `720p` (server default, 1280x720 or 720x1280) or `480p` (832x480 or
    480x832). Older docs show `1080p`; other strings are passed through to the server.
     """
    orientation: Orientation | Unset = UNSET
    """ Output orientation, `landscape` (server default; aspect ratio 16:9) or `portrait` (9:16). """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        prompt = self.prompt

        seed = self.seed

        resolution = self.resolution

        orientation: str | Unset = UNSET
        if not isinstance(self.orientation, Unset):
            orientation = self.orientation.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "prompt": prompt,
            }
        )
        if seed is not UNSET:
            field_dict["seed"] = seed
        if resolution is not UNSET:
            field_dict["resolution"] = resolution
        if orientation is not UNSET:
            field_dict["orientation"] = orientation

        return field_dict

    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        files.append(("prompt", (None, str(self.prompt).encode(), "text/plain")))

        if not isinstance(self.seed, Unset):
            files.append(("seed", (None, str(self.seed).encode(), "text/plain")))

        if not isinstance(self.resolution, Unset):
            files.append(("resolution", (None, str(self.resolution).encode(), "text/plain")))

        if not isinstance(self.orientation, Unset):
            files.append(("orientation", (None, str(self.orientation.value).encode(), "text/plain")))

        for prop_name, prop in self.additional_properties.items():
            files.append((prop_name, (None, str(prop).encode(), "text/plain")))

        return files

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        prompt = d.pop("prompt")

        seed = d.pop("seed", UNSET)

        resolution = d.pop("resolution", UNSET)

        _orientation = d.pop("orientation", UNSET)
        orientation: Orientation | Unset
        if isinstance(_orientation, Unset):
            orientation = UNSET
        else:
            orientation = Orientation(_orientation)

        text_to_image_request = cls(
            prompt=prompt,
            seed=seed,
            resolution=resolution,
            orientation=orientation,
        )

        text_to_image_request.additional_properties = d
        return text_to_image_request

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
