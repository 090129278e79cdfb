from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.generation_failure_code import GenerationFailureCode
from ..models.generation_state import GenerationState
from ..models.generation_type import GenerationType
from ..models.model import Model
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.generation_output import GenerationOutput


T = TypeVar("T", bound="Generation")


@_attrs_define
class Generation:
    """Generation status and output."""

    id: UUID
    """ Generation identifier (UUID). """
    created_at: str
    """ Creation timestamp (ISO-8601 text, kept as sent). """
    model: Model
    """ Model identifier. uni-1 is the default image tier; uni-1-max produces higher-quality output than uni-1 at a
    higher per-image price. ray-3.2 is the public video model for text-to-video, image-to-video, and video-to-video
    editing. """
    state: GenerationState
    """ Current state of the generation. completed and failed are terminal. """
    type_: GenerationType
    """ The kind of generation to perform. image and image_edit (edit of `source`) and layering (decompose into
    layers) use uni-1/uni-1-max; video, video_edit and video_reframe use ray-3.2. """
    failure_code: GenerationFailureCode | None | Unset = UNSET
    """ Machine-readable failure code for programmatic handling; set when state is failed, otherwise null or absent.
    """
    failure_reason: None | str | Unset = UNSET
    """ Human-readable failure description; set when state is failed. """
    output: list[GenerationOutput] | None | Unset = UNSET
    """ Generated outputs, populated on completion (one per image, video or layer); null or absent before that. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        created_at = self.created_at

        model = self.model.value

        state = self.state.value

        type_ = self.type_.value

        failure_code: None | str | Unset
        if isinstance(self.failure_code, Unset):
            failure_code = UNSET
        elif isinstance(self.failure_code, GenerationFailureCode):
            failure_code = self.failure_code.value
        else:
            failure_code = self.failure_code

        failure_reason: None | str | Unset
        if isinstance(self.failure_reason, Unset):
            failure_reason = UNSET
        else:
            failure_reason = self.failure_reason

        output: list[dict[str, Any]] | None | Unset
        if isinstance(self.output, Unset):
            output = UNSET
        elif isinstance(self.output, list):
            output = []
            for output_type_0_item_data in self.output:
                output_type_0_item = output_type_0_item_data.to_dict()
                output.append(output_type_0_item)

        else:
            output = self.output

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "created_at": created_at,
                "model": model,
                "state": state,
                "type": type_,
            }
        )
        if failure_code is not UNSET:
            field_dict["failure_code"] = failure_code
        if failure_reason is not UNSET:
            field_dict["failure_reason"] = failure_reason
        if output is not UNSET:
            field_dict["output"] = output

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.generation_output import GenerationOutput  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        created_at = d.pop("created_at")

        model = Model(d.pop("model"))

        state = GenerationState(d.pop("state"))

        type_ = GenerationType(d.pop("type"))

        def _parse_failure_code(data: object) -> GenerationFailureCode | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                failure_code_type_0 = GenerationFailureCode(data)

                return failure_code_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(GenerationFailureCode | None | Unset, data)

        failure_code = _parse_failure_code(d.pop("failure_code", UNSET))

        def _parse_failure_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        failure_reason = _parse_failure_reason(d.pop("failure_reason", UNSET))

        def _parse_output(data: object) -> list[GenerationOutput] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                output_type_0 = []
                _output_type_0 = data
                for output_type_0_item_data in _output_type_0:
                    output_type_0_item = GenerationOutput.from_dict(output_type_0_item_data)

                    output_type_0.append(output_type_0_item)

                return output_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[GenerationOutput] | None | Unset, data)

        output = _parse_output(d.pop("output", UNSET))

        generation = cls(
            id=id,
            created_at=created_at,
            model=model,
            state=state,
            type_=type_,
            failure_code=failure_code,
            failure_reason=failure_reason,
            output=output,
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
