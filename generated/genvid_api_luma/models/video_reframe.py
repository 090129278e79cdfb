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

from ..models.aspect_ratio import AspectRatio
from ..models.video_model import VideoModel
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.media_url import MediaUrl


T = TypeVar("T", bound="VideoReframe")


@_attrs_define
class VideoReframe:
    """Body of a video reframe (outpaint a video to a new aspect ratio)."""

    aspect_ratio: AspectRatio
    """ Output aspect ratio, width:height. """
    media: MediaUrl
    """ A source media file given by URL. """
    model: VideoModel
    """ Video model. `ray-2` is the quality model, `ray-flash-2` the faster, cheaper one.
    (`ray-1-6` was retired and is no longer accepted.)
     """
    generation_type: Literal["reframe_video"] = "reframe_video"
    """ Request kind tag, always `reframe_video` (filled in for you). """
    first_frame: MediaUrl | Unset = UNSET
    """ A source media file given by URL. """
    prompt: str | Unset = UNSET
    """ Optional description of what to paint in the new areas. """
    grid_position_x: int | Unset = UNSET
    """ Horizontal position of the source on the new canvas, in pixels. """
    grid_position_y: int | Unset = UNSET
    """ Vertical position of the source on the new canvas, in pixels. """
    resized_width: int | Unset = UNSET
    """ Width the source is resized to before placement, in pixels. """
    resized_height: int | Unset = UNSET
    """ Height the source is resized to before placement, in pixels. """
    x_start: int | Unset = UNSET
    """ Left edge of the source crop, in pixels. """
    x_end: int | Unset = UNSET
    """ Right edge of the source crop, in pixels. """
    y_start: int | Unset = UNSET
    """ Top edge of the source crop, in pixels. """
    y_end: int | Unset = UNSET
    """ Bottom edge of the source crop, in pixels. """
    callback_url: str | Unset = UNSET
    """ Optional webhook. Luma POSTs the full Generation JSON here on every update
    (states dreaming, completed, failed). A non-200 answer is retried up to 3 times,
    100 ms apart, with a 5 s timeout per attempt. Unsigned; no idempotency header.
     """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        aspect_ratio = self.aspect_ratio.value

        generation_type = self.generation_type

        media = self.media.to_dict()

        model = self.model.value

        first_frame: dict[str, Any] | Unset = UNSET
        if not isinstance(self.first_frame, Unset):
            first_frame = self.first_frame.to_dict()

        prompt = self.prompt

        grid_position_x = self.grid_position_x

        grid_position_y = self.grid_position_y

        resized_width = self.resized_width

        resized_height = self.resized_height

        x_start = self.x_start

        x_end = self.x_end

        y_start = self.y_start

        y_end = self.y_end

        callback_url = self.callback_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "aspect_ratio": aspect_ratio,
                "generation_type": generation_type,
                "media": media,
                "model": model,
            }
        )
        if first_frame is not UNSET:
            field_dict["first_frame"] = first_frame
        if prompt is not UNSET:
            field_dict["prompt"] = prompt
        if grid_position_x is not UNSET:
            field_dict["grid_position_x"] = grid_position_x
        if grid_position_y is not UNSET:
            field_dict["grid_position_y"] = grid_position_y
        if resized_width is not UNSET:
            field_dict["resized_width"] = resized_width
        if resized_height is not UNSET:
            field_dict["resized_height"] = resized_height
        if x_start is not UNSET:
            field_dict["x_start"] = x_start
        if x_end is not UNSET:
            field_dict["x_end"] = x_end
        if y_start is not UNSET:
            field_dict["y_start"] = y_start
        if y_end is not UNSET:
            field_dict["y_end"] = y_end
        if callback_url is not UNSET:
            field_dict["callback_url"] = callback_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.media_url import MediaUrl  # noqa: PLC0415

        d = dict(src_dict)
        aspect_ratio = AspectRatio(d.pop("aspect_ratio"))

        generation_type = cast(Literal["reframe_video"], d.pop("generation_type"))
        if generation_type != "reframe_video":
            raise ValueError(f"generation_type must match const 'reframe_video', got '{generation_type}'")

        media = MediaUrl.from_dict(d.pop("media"))

        model = VideoModel(d.pop("model"))

        _first_frame = d.pop("first_frame", UNSET)
        first_frame: MediaUrl | Unset
        if isinstance(_first_frame, Unset):
            first_frame = UNSET
        else:
            first_frame = MediaUrl.from_dict(_first_frame)

        prompt = d.pop("prompt", UNSET)

        grid_position_x = d.pop("grid_position_x", UNSET)

        grid_position_y = d.pop("grid_position_y", UNSET)

        resized_width = d.pop("resized_width", UNSET)

        resized_height = d.pop("resized_height", UNSET)

        x_start = d.pop("x_start", UNSET)

        x_end = d.pop("x_end", UNSET)

        y_start = d.pop("y_start", UNSET)

        y_end = d.pop("y_end", UNSET)

        callback_url = d.pop("callback_url", UNSET)

        video_reframe = cls(
            aspect_ratio=aspect_ratio,
            generation_type=generation_type,
            media=media,
            model=model,
            first_frame=first_frame,
            prompt=prompt,
            grid_position_x=grid_position_x,
            grid_position_y=grid_position_y,
            resized_width=resized_width,
            resized_height=resized_height,
            x_start=x_start,
            x_end=x_end,
            y_start=y_start,
            y_end=y_end,
            callback_url=callback_url,
        )

        video_reframe.additional_properties = d
        return video_reframe

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
