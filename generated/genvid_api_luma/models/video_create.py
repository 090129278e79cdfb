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
    from ..models.concept import Concept
    from ..models.keyframes import Keyframes


T = TypeVar("T", bound="VideoCreate")


@_attrs_define
class VideoCreate:
    """Body of a video generation (ray-2 / ray-flash-2). `model` is required (Luma's
    document and the SDK say so); `prompt` is required unless an image keyframe is
    given (Luma's docs); the server fills in every other field you leave out. `loop`
    cannot be combined with an end frame (`frame1`), with both keyframes, with reverse
    extends or interpolations.

    """

    model: VideoModel
    """ Video model. `ray-2` is the quality model, `ray-flash-2` the faster, cheaper one.
    (`ray-1-6` was retired and is no longer accepted.)
     """
    prompt: str | Unset = UNSET
    """ What the video should show. Required unless an image keyframe is given. """
    aspect_ratio: AspectRatio | Unset = UNSET
    """ Output aspect ratio, width:height. """
    resolution: str | Unset = UNSET
    """ Output resolution. Known values `540p`, `720p`, `1080p`, `4k`; other strings are passed through. Server
    default is 720p. """
    duration: str | Unset = UNSET
    """ Clip length as the service spells it. Known values `5s`, `9s`; other strings are passed through. Server
    default is 5s. """
    loop: bool | Unset = UNSET
    """ Make the clip loop seamlessly (last frame flows into the first). Server default false. Not allowed with an
    end frame, both keyframes, reverse extends or interpolations. """
    concepts: list[Concept] | Unset = UNSET
    """ Concepts (e.g. camera moves) to apply; keys come from `list_concepts`. """
    generation_type: Literal["video"] | Unset = UNSET
    """ Request kind tag; always `video` when sent. Optional. """
    keyframes: Keyframes | Unset = UNSET
    """ Start (`frame0`) and/or end (`frame1`) frame. An `image` keyframe gives
    image-to-video; a `generation` keyframe extends (frame0) or reverse-extends
    (frame1) a completed generation; two `generation` keyframes interpolate between
    them. At least one frame must be set when the object is sent.
     """
    callback_url: str | Unset = UNSET
    """ Optional webhook. Luma POSTs the full Generation JSON here on every update
    (states dreaming, completed, failed). A non-200 answer is retried up to 3 times,
    100 ms apart, with a 5 s timeout per attempt. Unsigned; no idempotency header.
     """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        model = self.model.value

        prompt = self.prompt

        aspect_ratio: str | Unset = UNSET
        if not isinstance(self.aspect_ratio, Unset):
            aspect_ratio = self.aspect_ratio.value

        resolution = self.resolution

        duration = self.duration

        loop = self.loop

        concepts: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.concepts, Unset):
            concepts = []
            for concepts_item_data in self.concepts:
                concepts_item = concepts_item_data.to_dict()
                concepts.append(concepts_item)

        generation_type = self.generation_type

        keyframes: dict[str, Any] | Unset = UNSET
        if not isinstance(self.keyframes, Unset):
            keyframes = self.keyframes.to_dict()

        callback_url = self.callback_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "model": model,
            }
        )
        if prompt is not UNSET:
            field_dict["prompt"] = prompt
        if aspect_ratio is not UNSET:
            field_dict["aspect_ratio"] = aspect_ratio
        if resolution is not UNSET:
            field_dict["resolution"] = resolution
        if duration is not UNSET:
            field_dict["duration"] = duration
        if loop is not UNSET:
            field_dict["loop"] = loop
        if concepts is not UNSET:
            field_dict["concepts"] = concepts
        if generation_type is not UNSET:
            field_dict["generation_type"] = generation_type
        if keyframes is not UNSET:
            field_dict["keyframes"] = keyframes
        if callback_url is not UNSET:
            field_dict["callback_url"] = callback_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.concept import Concept  # noqa: PLC0415
        from ..models.keyframes import Keyframes  # noqa: PLC0415

        d = dict(src_dict)
        model = VideoModel(d.pop("model"))

        prompt = d.pop("prompt", UNSET)

        _aspect_ratio = d.pop("aspect_ratio", UNSET)
        aspect_ratio: AspectRatio | Unset
        if isinstance(_aspect_ratio, Unset):
            aspect_ratio = UNSET
        else:
            aspect_ratio = AspectRatio(_aspect_ratio)

        resolution = d.pop("resolution", UNSET)

        duration = d.pop("duration", UNSET)

        loop = d.pop("loop", UNSET)

        _concepts = d.pop("concepts", UNSET)
        concepts: list[Concept] | Unset = UNSET
        if _concepts is not UNSET:
            concepts = []
            for concepts_item_data in _concepts:
                concepts_item = Concept.from_dict(concepts_item_data)

                concepts.append(concepts_item)

        generation_type = cast(Literal["video"] | Unset, d.pop("generation_type", UNSET))
        if generation_type != "video" and not isinstance(generation_type, Unset):
            raise ValueError(f"generation_type must match const 'video', got '{generation_type}'")

        _keyframes = d.pop("keyframes", UNSET)
        keyframes: Keyframes | Unset
        if isinstance(_keyframes, Unset):
            keyframes = UNSET
        else:
            keyframes = Keyframes.from_dict(_keyframes)

        callback_url = d.pop("callback_url", UNSET)

        video_create = cls(
            model=model,
            prompt=prompt,
            aspect_ratio=aspect_ratio,
            resolution=resolution,
            duration=duration,
            loop=loop,
            concepts=concepts,
            generation_type=generation_type,
            keyframes=keyframes,
            callback_url=callback_url,
        )

        video_create.additional_properties = d
        return video_create

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
