from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.queue_state import QueueState
from ..types import UNSET, Unset

T = TypeVar("T", bound="QueueSubmitResponse")


@_attrs_define
class QueueSubmitResponse:
    """Answer to a queue submit."""

    request_id: str
    """ Id of the queued request (UUID string). """
    response_url: str
    """ URL of the result (`GET`), `https://queue.fal.run/{owner}/{app}/requests/{request_id}`. """
    status_url: str
    """ URL of the status (`GET`), `.../requests/{request_id}/status`. """
    cancel_url: str
    """ URL to cancel the request (`PUT`), `.../requests/{request_id}/cancel`. """
    status: QueueState | Unset = UNSET
    """ State of a queued request. Known values `IN_QUEUE`, `IN_PROGRESS`, `COMPLETED` (a failed request is
    `COMPLETED` with `error` set); unknown future values are kept. """
    queue_position: int | Unset = UNSET
    """ 0-based position in the queue at submit time. """
    gateway_request_id: str | Unset = UNSET
    """ Id of the gateway attempt; differs from `request_id` after server-side retries. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        request_id = self.request_id

        response_url = self.response_url

        status_url = self.status_url

        cancel_url = self.cancel_url

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        queue_position = self.queue_position

        gateway_request_id = self.gateway_request_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "request_id": request_id,
                "response_url": response_url,
                "status_url": status_url,
                "cancel_url": cancel_url,
            }
        )
        if status is not UNSET:
            field_dict["status"] = status
        if queue_position is not UNSET:
            field_dict["queue_position"] = queue_position
        if gateway_request_id is not UNSET:
            field_dict["gateway_request_id"] = gateway_request_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        request_id = d.pop("request_id")

        response_url = d.pop("response_url")

        status_url = d.pop("status_url")

        cancel_url = d.pop("cancel_url")

        _status = d.pop("status", UNSET)
        status: QueueState | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = QueueState(_status)

        queue_position = d.pop("queue_position", UNSET)

        gateway_request_id = d.pop("gateway_request_id", UNSET)

        queue_submit_response = cls(
            request_id=request_id,
            response_url=response_url,
            status_url=status_url,
            cancel_url=cancel_url,
            status=status,
            queue_position=queue_position,
            gateway_request_id=gateway_request_id,
        )

        queue_submit_response.additional_properties = d
        return queue_submit_response

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
