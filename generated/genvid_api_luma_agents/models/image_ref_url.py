from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ImageRefUrl")


@_attrs_define
class ImageRefUrl:
    """A media reference by public URL."""

    url: str
    """ Publicly accessible image URL, or a video URL when used as source for video_edit/video_reframe with
    media_type=video/*. """
    media_type: str | Unset = UNSET
    """ MIME type (for example, image/jpeg or video/mp4). Required with source.url on video_edit/video_reframe so
    the route can dispatch video ingest before fetching bytes; optional for image URLs. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        url = self.url

        media_type = self.media_type

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "url": url,
            }
        )
        if media_type is not UNSET:
            field_dict["media_type"] = media_type

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        url = d.pop("url")

        media_type = d.pop("media_type", UNSET)

        image_ref_url = cls(
            url=url,
            media_type=media_type,
        )

        image_ref_url.additional_properties = d
        return image_ref_url

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
