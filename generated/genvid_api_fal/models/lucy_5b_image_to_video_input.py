from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.lucy_aspect_ratio import LucyAspectRatio
from ..models.lucy_resolution import LucyResolution
from ..types import UNSET, Unset

T = TypeVar("T", bound="Lucy5BImageToVideoInput")


@_attrs_define
class Lucy5BImageToVideoInput:
    """Input of `fal-ai/decart/lucy-5b/image-to-video`."""

    prompt: str
    """ Text description of the desired video content. """
    image_url: str
    """ The image used as the first frame; a public URL or a `data:image/...;base64,` URI. """
    resolution: LucyResolution | Unset = UNSET
    """ Output resolution of a Lucy app. Only `720p` (1280x720 for 16:9, 720x1280 for 9:16) is offered; server
    default `720p`. """
    aspect_ratio: LucyAspectRatio | Unset = UNSET
    """ Output aspect ratio of the Lucy image-to-video apps, `9:16` or `16:9`; server default `16:9`. """
    sync_mode: bool | Unset = UNSET
    """ When true the media is returned inline (a `data:` URI in the output's `url`) and is not kept in the request
    history. Server default `true`. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        prompt = self.prompt

        image_url = self.image_url

        resolution: str | Unset = UNSET
        if not isinstance(self.resolution, Unset):
            resolution = self.resolution.value

        aspect_ratio: str | Unset = UNSET
        if not isinstance(self.aspect_ratio, Unset):
            aspect_ratio = self.aspect_ratio.value

        sync_mode = self.sync_mode

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "prompt": prompt,
                "image_url": image_url,
            }
        )
        if resolution is not UNSET:
            field_dict["resolution"] = resolution
        if aspect_ratio is not UNSET:
            field_dict["aspect_ratio"] = aspect_ratio
        if sync_mode is not UNSET:
            field_dict["sync_mode"] = sync_mode

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        prompt = d.pop("prompt")

        image_url = d.pop("image_url")

        _resolution = d.pop("resolution", UNSET)
        resolution: LucyResolution | Unset
        if isinstance(_resolution, Unset):
            resolution = UNSET
        else:
            resolution = LucyResolution(_resolution)

        _aspect_ratio = d.pop("aspect_ratio", UNSET)
        aspect_ratio: LucyAspectRatio | Unset
        if isinstance(_aspect_ratio, Unset):
            aspect_ratio = UNSET
        else:
            aspect_ratio = LucyAspectRatio(_aspect_ratio)

        sync_mode = d.pop("sync_mode", UNSET)

        lucy_5b_image_to_video_input = cls(
            prompt=prompt,
            image_url=image_url,
            resolution=resolution,
            aspect_ratio=aspect_ratio,
            sync_mode=sync_mode,
        )

        lucy_5b_image_to_video_input.additional_properties = d
        return lucy_5b_image_to_video_input

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
