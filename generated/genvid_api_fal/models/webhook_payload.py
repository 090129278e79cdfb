from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.webhook_status import WebhookStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.webhook_payload_payload_type_0 import WebhookPayloadPayloadType0


T = TypeVar("T", bound="WebhookPayload")


@_attrs_define
class WebhookPayload:
    """Body fal POSTs to the `fal_webhook` URL when a queued request finishes."""

    request_id: str
    """ The queue request id. """
    status: WebhookStatus
    """ Outcome reported by a webhook, `OK` or `ERROR`. Unknown values are kept. """
    gateway_request_id: str | Unset = UNSET
    """ Id of the last attempt; differs from `request_id` after server-side retries. """
    payload: None | Unset | WebhookPayloadPayloadType0 = UNSET
    """ The model output (`OK`) or the model's error body, e.g. `{"detail": [...]}` (`ERROR`); `null` when
    `payload_error` is set. """
    error: None | str | Unset = UNSET
    """ Error summary for `ERROR`, e.g. `Invalid status code: 422`. """
    payload_error: None | str | Unset = UNSET
    """ Set when the output could not be serialised as JSON; `payload` is then `null`. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.webhook_payload_payload_type_0 import WebhookPayloadPayloadType0  # noqa: PLC0415

        request_id = self.request_id

        status = self.status.value

        gateway_request_id = self.gateway_request_id

        payload: dict[str, Any] | None | Unset
        if isinstance(self.payload, Unset):
            payload = UNSET
        elif isinstance(self.payload, WebhookPayloadPayloadType0):
            payload = self.payload.to_dict()
        else:
            payload = self.payload

        error: None | str | Unset
        if isinstance(self.error, Unset):
            error = UNSET
        else:
            error = self.error

        payload_error: None | str | Unset
        if isinstance(self.payload_error, Unset):
            payload_error = UNSET
        else:
            payload_error = self.payload_error

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "request_id": request_id,
                "status": status,
            }
        )
        if gateway_request_id is not UNSET:
            field_dict["gateway_request_id"] = gateway_request_id
        if payload is not UNSET:
            field_dict["payload"] = payload
        if error is not UNSET:
            field_dict["error"] = error
        if payload_error is not UNSET:
            field_dict["payload_error"] = payload_error

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.webhook_payload_payload_type_0 import WebhookPayloadPayloadType0  # noqa: PLC0415

        d = dict(src_dict)
        request_id = d.pop("request_id")

        status = WebhookStatus(d.pop("status"))

        gateway_request_id = d.pop("gateway_request_id", UNSET)

        def _parse_payload(data: object) -> None | Unset | WebhookPayloadPayloadType0:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                payload_type_0 = WebhookPayloadPayloadType0.from_dict(data)

                return payload_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | WebhookPayloadPayloadType0, data)

        payload = _parse_payload(d.pop("payload", UNSET))

        def _parse_error(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        error = _parse_error(d.pop("error", UNSET))

        def _parse_payload_error(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        payload_error = _parse_payload_error(d.pop("payload_error", UNSET))

        webhook_payload = cls(
            request_id=request_id,
            status=status,
            gateway_request_id=gateway_request_id,
            payload=payload,
            error=error,
            payload_error=payload_error,
        )

        webhook_payload.additional_properties = d
        return webhook_payload

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
