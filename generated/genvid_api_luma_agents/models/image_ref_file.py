from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ImageRefFile")


@_attrs_define
class ImageRefFile:
    """A reference to a file uploaded through the Files API."""

    file_id: str
    """ UUID of a file previously uploaded via POST /files. Skips URL fetch / base64 decode and reuses the file's
    pre-moderated backing artifact. The referenced file must be owned by the same client and in state=ready. """
    media_type: str | Unset = UNSET
    """ Optional MIME type hint (for example, image/jpeg or video/mp4). """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        file_id = self.file_id

        media_type = self.media_type

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "file_id": file_id,
            }
        )
        if media_type is not UNSET:
            field_dict["media_type"] = media_type

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        file_id = d.pop("file_id")

        media_type = d.pop("media_type", UNSET)

        image_ref_file = cls(
            file_id=file_id,
            media_type=media_type,
        )

        image_ref_file.additional_properties = d
        return image_ref_file

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
