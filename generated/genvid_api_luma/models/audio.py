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

T = TypeVar("T", bound="Audio")


@_attrs_define
class Audio:
    """Body of an add-audio request for the video generation in the path."""

    generation_type: Literal["add_audio"] | Unset = UNSET
    """ Request kind tag; always `add_audio` when sent. Optional. """
    prompt: str | Unset = UNSET
    """ What the soundtrack should contain. """
    negative_prompt: str | Unset = UNSET
    """ Sounds to avoid. """
    callback_url: str | Unset = UNSET
    """ Optional webhook. Luma POSTs the full Generation JSON here on every update
    (states dreaming, completed, failed). A non-200 answer is retried up to 3 times,
    100 ms apart, with a 5 s timeout per attempt. Unsigned; no idempotency header.
     """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        generation_type = self.generation_type

        prompt = self.prompt

        negative_prompt = self.negative_prompt

        callback_url = self.callback_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if generation_type is not UNSET:
            field_dict["generation_type"] = generation_type
        if prompt is not UNSET:
            field_dict["prompt"] = prompt
        if negative_prompt is not UNSET:
            field_dict["negative_prompt"] = negative_prompt
        if callback_url is not UNSET:
            field_dict["callback_url"] = callback_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        generation_type = cast(Literal["add_audio"] | Unset, d.pop("generation_type", UNSET))
        if generation_type != "add_audio" and not isinstance(generation_type, Unset):
            raise ValueError(f"generation_type must match const 'add_audio', got '{generation_type}'")

        prompt = d.pop("prompt", UNSET)

        negative_prompt = d.pop("negative_prompt", UNSET)

        callback_url = d.pop("callback_url", UNSET)

        audio = cls(
            generation_type=generation_type,
            prompt=prompt,
            negative_prompt=negative_prompt,
            callback_url=callback_url,
        )

        audio.additional_properties = d
        return audio

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
