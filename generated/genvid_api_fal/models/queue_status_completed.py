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

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.log_entry import LogEntry
    from ..models.queue_metrics import QueueMetrics


T = TypeVar("T", bound="QueueStatusCompleted")


@_attrs_define
class QueueStatusCompleted:
    """The request finished. It failed when `error` is set; fetch the output (or the model's error body) with
    `queue_result`.

    """

    status: Literal["COMPLETED"]
    """ Always `COMPLETED`. """
    logs: list[LogEntry] | None
    """ All log lines when `logs` was requested, otherwise `null` (or an empty list). """
    metrics: QueueMetrics | Unset = UNSET
    """ Metrics of a completed request. Further keys are kept. """
    error: None | str | Unset = UNSET
    """ Error message when the request failed, e.g. `Invalid status code: 422`. """
    error_type: None | str | Unset = UNSET
    """ Error category when the request failed; known values `request_timeout`, `startup_timeout`,
    `runner_scheduling_failure`, `runner_connection_timeout`, `runner_disconnected`, `runner_connection_refused`
    (the list may grow). """
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

        logs: list[dict[str, Any]] | None
        if isinstance(self.logs, list):
            logs = []
            for logs_type_0_item_data in self.logs:
                logs_type_0_item = logs_type_0_item_data.to_dict()
                logs.append(logs_type_0_item)

        else:
            logs = self.logs

        metrics: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metrics, Unset):
            metrics = self.metrics.to_dict()

        error: None | str | Unset
        if isinstance(self.error, Unset):
            error = UNSET
        else:
            error = self.error

        error_type: None | str | Unset
        if isinstance(self.error_type, Unset):
            error_type = UNSET
        else:
            error_type = self.error_type

        request_id = self.request_id

        response_url = self.response_url

        status_url = self.status_url

        cancel_url = self.cancel_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
                "logs": logs,
            }
        )
        if metrics is not UNSET:
            field_dict["metrics"] = metrics
        if error is not UNSET:
            field_dict["error"] = error
        if error_type is not UNSET:
            field_dict["error_type"] = error_type
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
        from ..models.log_entry import LogEntry  # noqa: PLC0415
        from ..models.queue_metrics import QueueMetrics  # noqa: PLC0415

        d = dict(src_dict)
        status = cast(Literal["COMPLETED"], d.pop("status"))
        if status != "COMPLETED":
            raise ValueError(f"status must match const 'COMPLETED', got '{status}'")

        def _parse_logs(data: object) -> list[LogEntry] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                logs_type_0 = []
                _logs_type_0 = data
                for logs_type_0_item_data in _logs_type_0:
                    logs_type_0_item = LogEntry.from_dict(logs_type_0_item_data)

                    logs_type_0.append(logs_type_0_item)

                return logs_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[LogEntry] | None, data)

        logs = _parse_logs(d.pop("logs"))

        _metrics = d.pop("metrics", UNSET)
        metrics: QueueMetrics | Unset
        if isinstance(_metrics, Unset):
            metrics = UNSET
        else:
            metrics = QueueMetrics.from_dict(_metrics)

        def _parse_error(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        error = _parse_error(d.pop("error", UNSET))

        def _parse_error_type(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        error_type = _parse_error_type(d.pop("error_type", UNSET))

        request_id = d.pop("request_id", UNSET)

        response_url = d.pop("response_url", UNSET)

        status_url = d.pop("status_url", UNSET)

        cancel_url = d.pop("cancel_url", UNSET)

        queue_status_completed = cls(
            status=status,
            logs=logs,
            metrics=metrics,
            error=error,
            error_type=error_type,
            request_id=request_id,
            response_url=response_url,
            status_url=status_url,
            cancel_url=cancel_url,
        )

        queue_status_completed.additional_properties = d
        return queue_status_completed

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
