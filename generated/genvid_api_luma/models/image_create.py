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
from ..models.image_format import ImageFormat
from ..models.image_model import ImageModel
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.character_ref import CharacterRef
    from ..models.weighted_image import WeightedImage


T = TypeVar("T", bound="ImageCreate")


@_attrs_define
class ImageCreate:
    """Body of an image generation (photon-1 / photon-flash-1)."""

    model: ImageModel
    """ Image model. `photon-1` is the quality model, `photon-flash-1` the faster, cheaper one. """
    prompt: str | Unset = UNSET
    """ What the image should show. """
    aspect_ratio: AspectRatio | Unset = UNSET
    """ Output aspect ratio, width:height. """
    format_: ImageFormat | Unset = UNSET
    """ Output image file format. """
    generation_type: Literal["image"] | Unset = UNSET
    """ Request kind tag; always `image` when sent. Optional. """
    image_ref: list[WeightedImage] | Unset = UNSET
    """ Reference images that guide content (the service documents up to 4). """
    style_ref: list[WeightedImage] | Unset = UNSET
    """ Reference images that guide style (the service documents one). """
    modify_image_ref: WeightedImage | Unset = UNSET
    """ A reference image URL with an influence weight. """
    character_ref: CharacterRef | Unset = UNSET
    """ Character reference; the images of one person keep a consistent identity in the output. """
    sync: bool | Unset = UNSET
    """ Wait for the image and return the finished Generation in the create response. Server default false. """
    sync_timeout: float | Unset = UNSET
    """ With `sync`, the longest time to wait, in seconds (Luma's document gives 60 as the default; no bounds). """
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

        format_: str | Unset = UNSET
        if not isinstance(self.format_, Unset):
            format_ = self.format_.value

        generation_type = self.generation_type

        image_ref: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.image_ref, Unset):
            image_ref = []
            for image_ref_item_data in self.image_ref:
                image_ref_item = image_ref_item_data.to_dict()
                image_ref.append(image_ref_item)

        style_ref: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.style_ref, Unset):
            style_ref = []
            for style_ref_item_data in self.style_ref:
                style_ref_item = style_ref_item_data.to_dict()
                style_ref.append(style_ref_item)

        modify_image_ref: dict[str, Any] | Unset = UNSET
        if not isinstance(self.modify_image_ref, Unset):
            modify_image_ref = self.modify_image_ref.to_dict()

        character_ref: dict[str, Any] | Unset = UNSET
        if not isinstance(self.character_ref, Unset):
            character_ref = self.character_ref.to_dict()

        sync = self.sync

        sync_timeout = self.sync_timeout

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
        if format_ is not UNSET:
            field_dict["format"] = format_
        if generation_type is not UNSET:
            field_dict["generation_type"] = generation_type
        if image_ref is not UNSET:
            field_dict["image_ref"] = image_ref
        if style_ref is not UNSET:
            field_dict["style_ref"] = style_ref
        if modify_image_ref is not UNSET:
            field_dict["modify_image_ref"] = modify_image_ref
        if character_ref is not UNSET:
            field_dict["character_ref"] = character_ref
        if sync is not UNSET:
            field_dict["sync"] = sync
        if sync_timeout is not UNSET:
            field_dict["sync_timeout"] = sync_timeout
        if callback_url is not UNSET:
            field_dict["callback_url"] = callback_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.character_ref import CharacterRef  # noqa: PLC0415
        from ..models.weighted_image import WeightedImage  # noqa: PLC0415

        d = dict(src_dict)
        model = ImageModel(d.pop("model"))

        prompt = d.pop("prompt", UNSET)

        _aspect_ratio = d.pop("aspect_ratio", UNSET)
        aspect_ratio: AspectRatio | Unset
        if isinstance(_aspect_ratio, Unset):
            aspect_ratio = UNSET
        else:
            aspect_ratio = AspectRatio(_aspect_ratio)

        _format_ = d.pop("format", UNSET)
        format_: ImageFormat | Unset
        if isinstance(_format_, Unset):
            format_ = UNSET
        else:
            format_ = ImageFormat(_format_)

        generation_type = cast(Literal["image"] | Unset, d.pop("generation_type", UNSET))
        if generation_type != "image" and not isinstance(generation_type, Unset):
            raise ValueError(f"generation_type must match const 'image', got '{generation_type}'")

        _image_ref = d.pop("image_ref", UNSET)
        image_ref: list[WeightedImage] | Unset = UNSET
        if _image_ref is not UNSET:
            image_ref = []
            for image_ref_item_data in _image_ref:
                image_ref_item = WeightedImage.from_dict(image_ref_item_data)

                image_ref.append(image_ref_item)

        _style_ref = d.pop("style_ref", UNSET)
        style_ref: list[WeightedImage] | Unset = UNSET
        if _style_ref is not UNSET:
            style_ref = []
            for style_ref_item_data in _style_ref:
                style_ref_item = WeightedImage.from_dict(style_ref_item_data)

                style_ref.append(style_ref_item)

        _modify_image_ref = d.pop("modify_image_ref", UNSET)
        modify_image_ref: WeightedImage | Unset
        if isinstance(_modify_image_ref, Unset):
            modify_image_ref = UNSET
        else:
            modify_image_ref = WeightedImage.from_dict(_modify_image_ref)

        _character_ref = d.pop("character_ref", UNSET)
        character_ref: CharacterRef | Unset
        if isinstance(_character_ref, Unset):
            character_ref = UNSET
        else:
            character_ref = CharacterRef.from_dict(_character_ref)

        sync = d.pop("sync", UNSET)

        sync_timeout = d.pop("sync_timeout", UNSET)

        callback_url = d.pop("callback_url", UNSET)

        image_create = cls(
            model=model,
            prompt=prompt,
            aspect_ratio=aspect_ratio,
            format_=format_,
            generation_type=generation_type,
            image_ref=image_ref,
            style_ref=style_ref,
            modify_image_ref=modify_image_ref,
            character_ref=character_ref,
            sync=sync,
            sync_timeout=sync_timeout,
            callback_url=callback_url,
        )

        image_create.additional_properties = d
        return image_create

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
