from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="FalFile")


@_attrs_define
class FalFile:
    """A file produced by an app (fal's `File` type)."""

    url: str
    """ Where the file can be downloaded from (a fal CDN URL such as `https://v3b.fal.media/files/...`, or a `data:`
    URI with `sync_mode`). """
    content_type: str | Unset = UNSET
    """ Media type of the file, e.g. `video/mp4`. """
    file_name: str | Unset = UNSET
    """ Name of the file; auto-generated when not provided. """
    file_size: int | Unset = UNSET
    """ Size of the file in bytes. """
    file_data: str | Unset = UNSET
    """ The file's data, when returned inline. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        url = self.url

        content_type = self.content_type

        file_name = self.file_name

        file_size = self.file_size

        file_data = self.file_data

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "url": url,
            }
        )
        if content_type is not UNSET:
            field_dict["content_type"] = content_type
        if file_name is not UNSET:
            field_dict["file_name"] = file_name
        if file_size is not UNSET:
            field_dict["file_size"] = file_size
        if file_data is not UNSET:
            field_dict["file_data"] = file_data

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        url = d.pop("url")

        content_type = d.pop("content_type", UNSET)

        file_name = d.pop("file_name", UNSET)

        file_size = d.pop("file_size", UNSET)

        file_data = d.pop("file_data", UNSET)

        fal_file = cls(
            url=url,
            content_type=content_type,
            file_name=file_name,
            file_size=file_size,
            file_data=file_data,
        )

        fal_file.additional_properties = d
        return fal_file

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
