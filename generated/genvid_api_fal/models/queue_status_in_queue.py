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

T = TypeVar("T", bound="QueueStatusInQueue")


@_attrs_define
class QueueStatusInQueue:
    """The request waits in the queue."""

    status: Literal["IN_QUEUE"]
    """ Always `IN_QUEUE`. """
    queue_position: int
    """ 0-based position in the queue. """
    request_id: str | Unset = UNSET
    """ Id of the request. """
    response_url: str | Unset = UNSET
    """ URL of the result. """
    status_url: str | Unset = UNSET
    """ URL of the status. """
    cancel_url: str | Unset = UNSET
    """ URL to cancel the request. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status = self.status

        queue_position = self.queue_position

        request_id = self.request_id

        response_url = self.response_url

        status_url = self.status_url

        cancel_url = self.cancel_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
                "queue_position": queue_position,
            }
        )
        if request_id is not UNSET:
            field_dict["request_id"] = request_id
        if response_url is not UNSET:
            field_dict["response_url"] = response_url
        if status_url is not UNSET:
            field_dict["status_url"] = status_url
        if cancel_url is not UNSET:
            field_dict["cancel_url"] = cancel_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        status = cast(Literal["IN_QUEUE"], d.pop("status"))
        if status != "IN_QUEUE":
            raise ValueError(f"status must match const 'IN_QUEUE', got '{status}'")

        queue_position = d.pop("queue_position")

        request_id = d.pop("request_id", UNSET)

        response_url = d.pop("response_url", UNSET)

        status_url = d.pop("status_url", UNSET)

        cancel_url = d.pop("cancel_url", UNSET)

        queue_status_in_queue = cls(
            status=status,
            queue_position=queue_position,
            request_id=request_id,
            response_url=response_url,
            status_url=status_url,
            cancel_url=cancel_url,
        )

        queue_status_in_queue.additional_properties = d
        return queue_status_in_queue

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
