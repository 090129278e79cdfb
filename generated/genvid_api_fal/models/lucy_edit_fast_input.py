from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="LucyEditFastInput")


@_attrs_define
class LucyEditFastInput:
    """Input of `decart/lucy-edit/fast` (same fields as `decart/lucy-edit/dev`)."""

    prompt: str
    """ Text description of the edit to apply to the video. """
    video_url: str
    """ The source video; a public URL or a `data:video/...;base64,` URI. """
    sync_mode: bool | Unset = UNSET
    """ When true the media is returned inline (a `data:` URI in the output's `url`) and is not kept in the request
    history. Server default `true`. """
    enhance_prompt: bool | Unset = UNSET
    """ Let the server rewrite the prompt for better results. Server default `true`. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        prompt = self.prompt

        video_url = self.video_url

        sync_mode = self.sync_mode

        enhance_prompt = self.enhance_prompt

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "prompt": prompt,
                "video_url": video_url,
            }
        )
        if sync_mode is not UNSET:
            field_dict["sync_mode"] = sync_mode
        if enhance_prompt is not UNSET:
            field_dict["enhance_prompt"] = enhance_prompt

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        prompt = d.pop("prompt")

        video_url = d.pop("video_url")

        sync_mode = d.pop("sync_mode", UNSET)

        enhance_prompt = d.pop("enhance_prompt", UNSET)

        lucy_edit_fast_input = cls(
            prompt=prompt,
            video_url=video_url,
            sync_mode=sync_mode,
            enhance_prompt=enhance_prompt,
        )

        lucy_edit_fast_input.additional_properties = d
        return lucy_edit_fast_input

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
