from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.generation_state import GenerationState
from ..models.generation_type import GenerationType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.generation_assets import GenerationAssets
    from ..models.generation_request import GenerationRequest


T = TypeVar("T", bound="Generation")


@_attrs_define
class Generation:
    """A video or image generation job, as returned by every create call, by get and
    list, and as the body of callbacks. Only `id` is guaranteed; unknown fields are
    kept.

    """

    id: str
    """ Generation id (UUID string). """
    created_at: datetime.datetime | Unset = UNSET
    """ When the generation was created (ISO-8601, UTC). """
    state: GenerationState | Unset = UNSET
    """ Lifecycle state: `queued` (waiting), `dreaming` (running), `completed` (media in
    `assets`), `failed` (see `failure_reason`; credits refunded). Unknown future states
    are kept as raw strings by this client.
     """
    failure_reason: None | str | Unset = UNSET
    """ Why the generation failed, null otherwise. Known texts include "Contains
    blacklisted words", "Failed to read user input frames", "Frame moderation
    failed", "Advanced prompt moderation failed", "Prompt processing failed".
     """
    generation_type: GenerationType | Unset = UNSET
    """ What a generation produces: `video` or `image` (Luma's document), whatever the request
    (a reframe, modify, upscale or audio generation reports the kind of its output; the
    request's own kind is `request.generation_type`). Unknown future values are kept.
     """
    model: str | Unset = UNSET
    """ Model that produced it (e.g. `ray-2`, `ray-flash-2`, `photon-1`, `photon-flash-1`, formerly `ray-1-6`). """
    assets: GenerationAssets | None | Unset = UNSET
    """ Media URLs, filled in as they become available; null before. """
    request: GenerationRequest | Unset = UNSET
    """ Echo of the body that created the generation (one of VideoCreate, ImageCreate,
    ImageReframe, VideoReframe, VideoModify, Upscale or Audio, told apart by
    `generation_type`). Kept free-form so every field the server echoes survives;
    read values with `request["prompt"]` etc.
     """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.generation_assets import GenerationAssets  # noqa: PLC0415

        id = self.id

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        state: str | Unset = UNSET
        if not isinstance(self.state, Unset):
            state = self.state.value

        failure_reason: None | str | Unset
        if isinstance(self.failure_reason, Unset):
            failure_reason = UNSET
        else:
            failure_reason = self.failure_reason

        generation_type: str | Unset = UNSET
        if not isinstance(self.generation_type, Unset):
            generation_type = self.generation_type.value

        model = self.model

        assets: dict[str, Any] | None | Unset
        if isinstance(self.assets, Unset):
            assets = UNSET
        elif isinstance(self.assets, GenerationAssets):
            assets = self.assets.to_dict()
        else:
            assets = self.assets

        request: dict[str, Any] | Unset = UNSET
        if not isinstance(self.request, Unset):
            request = self.request.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
            }
        )
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if state is not UNSET:
            field_dict["state"] = state
        if failure_reason is not UNSET:
            field_dict["failure_reason"] = failure_reason
        if generation_type is not UNSET:
            field_dict["generation_type"] = generation_type
        if model is not UNSET:
            field_dict["model"] = model
        if assets is not UNSET:
            field_dict["assets"] = assets
        if request is not UNSET:
            field_dict["request"] = request

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.generation_assets import GenerationAssets  # noqa: PLC0415
        from ..models.generation_request import GenerationRequest  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        _created_at = d.pop("created_at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)

        _state = d.pop("state", UNSET)
        state: GenerationState | Unset
        if isinstance(_state, Unset):
            state = UNSET
        else:
            state = GenerationState(_state)

        def _parse_failure_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        failure_reason = _parse_failure_reason(d.pop("failure_reason", UNSET))

        _generation_type = d.pop("generation_type", UNSET)
        generation_type: GenerationType | Unset
        if isinstance(_generation_type, Unset):
            generation_type = UNSET
        else:
            generation_type = GenerationType(_generation_type)

        model = d.pop("model", UNSET)

        def _parse_assets(data: object) -> GenerationAssets | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                assets_type_0 = GenerationAssets.from_dict(data)

                return assets_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(GenerationAssets | None | Unset, data)

        assets = _parse_assets(d.pop("assets", UNSET))

        _request = d.pop("request", UNSET)
        request: GenerationRequest | Unset
        if isinstance(_request, Unset):
            request = UNSET
        else:
            request = GenerationRequest.from_dict(_request)

        generation = cls(
            id=id,
            created_at=created_at,
            state=state,
            failure_reason=failure_reason,
            generation_type=generation_type,
            model=model,
            assets=assets,
            request=request,
        )

        generation.additional_properties = d
        return generation

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
