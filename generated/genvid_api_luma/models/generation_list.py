from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.generation import Generation


T = TypeVar("T", bound="GenerationList")


@_attrs_define
class GenerationList:
    """One page of generations."""

    generations: list[Generation]
    """ The generations on this page, newest first. """
    count: int | Unset = UNSET
    """ Number of generations on this page. """
    has_more: bool | Unset = UNSET
    """ Whether more generations follow this page (increase `offset` by `limit`). """
    limit: int | Unset = UNSET
    """ The page size that was applied. """
    offset: int | Unset = UNSET
    """ The offset that was applied. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        generations = []
        for generations_item_data in self.generations:
            generations_item = generations_item_data.to_dict()
            generations.append(generations_item)

        count = self.count

        has_more = self.has_more

        limit = self.limit

        offset = self.offset

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "generations": generations,
            }
        )
        if count is not UNSET:
            field_dict["count"] = count
        if has_more is not UNSET:
            field_dict["has_more"] = has_more
        if limit is not UNSET:
            field_dict["limit"] = limit
        if offset is not UNSET:
            field_dict["offset"] = offset

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.generation import Generation  # noqa: PLC0415

        d = dict(src_dict)
        generations = []
        _generations = d.pop("generations")
        for generations_item_data in _generations:
            generations_item = Generation.from_dict(generations_item_data)

            generations.append(generations_item)

        count = d.pop("count", UNSET)

        has_more = d.pop("has_more", UNSET)

        limit = d.pop("limit", UNSET)

        offset = d.pop("offset", UNSET)

        generation_list = cls(
            generations=generations,
            count=count,
            has_more=has_more,
            limit=limit,
            offset=offset,
        )

        generation_list.additional_properties = d
        return generation_list

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
