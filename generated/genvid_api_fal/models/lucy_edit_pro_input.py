from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.lucy_resolution import LucyResolution
from ..types import UNSET, Unset

T = TypeVar("T", bound="LucyEditProInput")


@_attrs_define
class LucyEditProInput:
    """Input of `decart/lucy-edit/pro`."""

    prompt: str
    """ Text description of the edit to apply to the video. """
    video_url: str
    """ The source video; a public URL or a `data:video/...;base64,` URI. """
    sync_mode: bool | Unset = UNSET
    """ When true the media is returned inline (a `data:` URI in the output's `url`) and is not kept in the request
    history. Server default `true`. """
    enhance_prompt: bool | Unset = UNSET
    """ Let the server rewrite the prompt for better results. Server default `true`. """
    seed: int | Unset = UNSET
    """ Seed for the generation, for reproducible output; random when omitted (fal's page for this endpoint lists
    it; the older fal-js types do not). """
    resolution: LucyResolution | Unset = UNSET
    """ Output resolution of a Lucy app. Only `720p` (1280x720 for 16:9, 720x1280 for 9:16) is offered; server
    default `720p`. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        prompt = self.prompt

        video_url = self.video_url

        sync_mode = self.sync_mode

        enhance_prompt = self.enhance_prompt

        seed = self.seed

        resolution: str | Unset = UNSET
        if not isinstance(self.resolution, Unset):
            resolution = self.resolution.value

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
        if seed is not UNSET:
            field_dict["seed"] = seed
        if resolution is not UNSET:
            field_dict["resolution"] = resolution

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        prompt = d.pop("prompt")

        video_url = d.pop("video_url")

        sync_mode = d.pop("sync_mode", UNSET)

        enhance_prompt = d.pop("enhance_prompt", UNSET)

        seed = d.pop("seed", UNSET)

        _resolution = d.pop("resolution", UNSET)
        resolution: LucyResolution | Unset
        if isinstance(_resolution, Unset):
            resolution = UNSET
        else:
            resolution = LucyResolution(_resolution)

        lucy_edit_pro_input = cls(
            prompt=prompt,
            video_url=video_url,
            sync_mode=sync_mode,
            enhance_prompt=enhance_prompt,
            seed=seed,
            resolution=resolution,
        )

        lucy_edit_pro_input.additional_properties = d
        return lucy_edit_pro_input

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
