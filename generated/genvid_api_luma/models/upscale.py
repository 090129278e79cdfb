from __future__ import annotations

from collections.abc import Mapping
from typing import (
    Any,
    Literal,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Upscale")


@_attrs_define
class Upscale:
    """Body of a video upscale of the generation in the path."""

    generation_type: Literal["upscale_video"] | Unset = UNSET
    """ Request kind tag; always `upscale_video` when sent. Optional. """
    resolution: str | Unset = UNSET
    """ Target resolution. Known values `540p`, `720p`, `1080p`, `4k`; other strings are passed through. Server
    default is the next step up (undocumented). """
    callback_url: str | Unset = UNSET
    """ Optional webhook. Luma POSTs the full Generation JSON here on every update
    (states dreaming, completed, failed). A non-200 answer is retried up to 3 times,
    100 ms apart, with a 5 s timeout per attempt. Unsigned; no idempotency header.
     """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        generation_type = self.generation_type

        resolution = self.resolution

        callback_url = self.callback_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if generation_type is not UNSET:
            field_dict["generation_type"] = generation_type
        if resolution is not UNSET:
            field_dict["resolution"] = resolution
        if callback_url is not UNSET:
            field_dict["callback_url"] = callback_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        generation_type = cast(Literal["upscale_video"] | Unset, d.pop("generation_type", UNSET))
        if generation_type != "upscale_video" and not isinstance(generation_type, Unset):
            raise ValueError(f"generation_type must match const 'upscale_video', got '{generation_type}'")

        resolution = d.pop("resolution", UNSET)

        callback_url = d.pop("callback_url", UNSET)

        upscale = cls(
            generation_type=generation_type,
            resolution=resolution,
            callback_url=callback_url,
        )

        upscale.additional_properties = d
        return upscale

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
