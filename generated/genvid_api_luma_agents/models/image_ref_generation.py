from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ImageRefGeneration")


@_attrs_define
class ImageRefGeneration:
    """A reference to the output of a prior generation."""

    generation_id: UUID
    """ UUID of a prior generation owned by the same caller. Used on source for image_edit, video_edit, and
    video_reframe chaining and on video.start_frame / video.end_frame for video extension. """
    media_type: str | Unset = UNSET
    """ Optional MIME type hint (for example, image/jpeg or video/mp4). """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        generation_id = str(self.generation_id)

        media_type = self.media_type

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "generation_id": generation_id,
            }
        )
        if media_type is not UNSET:
            field_dict["media_type"] = media_type

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        generation_id = UUID(d.pop("generation_id"))

        media_type = d.pop("media_type", UNSET)

        image_ref_generation = cls(
            generation_id=generation_id,
            media_type=media_type,
        )

        image_ref_generation.additional_properties = d
        return image_ref_generation

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
