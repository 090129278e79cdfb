from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.object_acl_rule import ObjectAclRule


T = TypeVar("T", bound="ObjectAcl")


@_attrs_define
class ObjectAcl:
    """Access-control list of stored files."""

    default: str
    """ Decision applied when no rule matches, e.g. `allow` or `deny`. """
    rules: list[ObjectAclRule] | Unset = UNSET
    """ Per-user decisions. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        default = self.default

        rules: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.rules, Unset):
            rules = []
            for rules_item_data in self.rules:
                rules_item = rules_item_data.to_dict()
                rules.append(rules_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "default": default,
            }
        )
        if rules is not UNSET:
            field_dict["rules"] = rules

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.object_acl_rule import ObjectAclRule  # noqa: PLC0415

        d = dict(src_dict)
        default = d.pop("default")

        _rules = d.pop("rules", UNSET)
        rules: list[ObjectAclRule] | Unset = UNSET
        if _rules is not UNSET:
            rules = []
            for rules_item_data in _rules:
                rules_item = ObjectAclRule.from_dict(rules_item_data)

                rules.append(rules_item)

        object_acl = cls(
            default=default,
            rules=rules,
        )

        object_acl.additional_properties = d
        return object_acl

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
