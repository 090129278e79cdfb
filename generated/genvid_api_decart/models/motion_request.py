from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types
from ..types import UNSET, File, Unset

T = TypeVar("T", bound="MotionRequest")


@_attrs_define
class MotionRequest:
    """Animate an input image along a motion trajectory (`lucy-motion`); no prompt."""

    data: File
    """ An image file part (PNG, JPEG or WebP). """
    trajectory: str
    """ The motion path as a JSON array string of 2-1000 points
    `{"frame": int >= 0, "x": number >= 0, "y": number >= 0}`, e.g.
    `[{"frame":0,"x":0.1,"y":0.2},{"frame":24,"x":0.5,"y":0.4}]`.
     """
    seed: int | Unset = UNSET
    """ Random seed for reproducible output; the server picks one when absent. """
    resolution: str | Unset = UNSET
    """ Output resolution; `720p` (the server default). Other strings are passed through to the server. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = self.data.to_tuple()

        trajectory = self.trajectory

        seed = self.seed

        resolution = self.resolution

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "data": data,
                "trajectory": trajectory,
            }
        )
        if seed is not UNSET:
            field_dict["seed"] = seed
        if resolution is not UNSET:
            field_dict["resolution"] = resolution

        return field_dict

    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        files.append(("data", self.data.to_tuple()))

        files.append(("trajectory", (None, str(self.trajectory).encode(), "text/plain")))

        if not isinstance(self.seed, Unset):
            files.append(("seed", (None, str(self.seed).encode(), "text/plain")))

        if not isinstance(self.resolution, Unset):
            files.append(("resolution", (None, str(self.resolution).encode(), "text/plain")))

        for prop_name, prop in self.additional_properties.items():
            files.append((prop_name, (None, str(prop).encode(), "text/plain")))

        return files

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        data = File(payload=BytesIO(d.pop("data")))

        trajectory = d.pop("trajectory")

        seed = d.pop("seed", UNSET)

        resolution = d.pop("resolution", UNSET)

        motion_request = cls(
            data=data,
            trajectory=trajectory,
            seed=seed,
            resolution=resolution,
        )

        motion_request.additional_properties = d
        return motion_request

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
