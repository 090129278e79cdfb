from __future__ import annotations

from collections.abc import Mapping
from typing import (
    TYPE_CHECKING,
    Any,
    Literal,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.video_model import VideoModel
from ..models.video_modify_mode import VideoModifyMode
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.media_url import MediaUrl


T = TypeVar("T", bound="VideoModify")


@_attrs_define
class VideoModify:
    """Body of a video modification (video-to-video restyle)."""

    media: MediaUrl
    """ A source media file given by URL. """
    model: VideoModel
    """ Video model. `ray-2` is the quality model, `ray-flash-2` the faster, cheaper one.
    (`ray-1-6` was retired and is no longer accepted.)
     """
    mode: VideoModifyMode
    """ How far a video modification may depart from the source: `adhere_1..3` stay close
    (1 closest), `flex_1..3` balance, `reimagine_1..3` change the most (3 freest).
     """
    generation_type: Literal["modify_video"] = "modify_video"
    """ Request kind tag, always `modify_video` (filled in for you). """
    first_frame: MediaUrl | Unset = UNSET
    """ A source media file given by URL. """
    prompt: str | Unset = UNSET
    """ What the modified video should look like. """
    callback_url: str | Unset = UNSET
    """ Optional webhook. Luma POSTs the full Generation JSON here on every update
    (states dreaming, completed, failed). A non-200 answer is retried up to 3 times,
    100 ms apart, with a 5 s timeout per attempt. Unsigned; no idempotency header.
     """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        generation_type = self.generation_type

        media = self.media.to_dict()

        model = self.model.value

        mode = self.mode.value

        first_frame: dict[str, Any] | Unset = UNSET
        if not isinstance(self.first_frame, Unset):
            first_frame = self.first_frame.to_dict()

        prompt = self.prompt

        callback_url = self.callback_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "generation_type": generation_type,
                "media": media,
                "model": model,
                "mode": mode,
            }
        )
        if first_frame is not UNSET:
            field_dict["first_frame"] = first_frame
        if prompt is not UNSET:
            field_dict["prompt"] = prompt
        if callback_url is not UNSET:
            field_dict["callback_url"] = callback_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.media_url import MediaUrl  # noqa: PLC0415

        d = dict(src_dict)
        generation_type = cast(Literal["modify_video"], d.pop("generation_type"))
        if generation_type != "modify_video":
            raise ValueError(f"generation_type must match const 'modify_video', got '{generation_type}'")

        media = MediaUrl.from_dict(d.pop("media"))

        model = VideoModel(d.pop("model"))

        mode = VideoModifyMode(d.pop("mode"))

        _first_frame = d.pop("first_frame", UNSET)
        first_frame: MediaUrl | Unset
        if isinstance(_first_frame, Unset):
            first_frame = UNSET
        else:
            first_frame = MediaUrl.from_dict(_first_frame)

        prompt = d.pop("prompt", UNSET)

        callback_url = d.pop("callback_url", UNSET)

        video_modify = cls(
            generation_type=generation_type,
            media=media,
            model=model,
            mode=mode,
            first_frame=first_frame,
            prompt=prompt,
            callback_url=callback_url,
        )

        video_modify.additional_properties = d
        return video_modify

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
