from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.log_level import LogLevel
from ..types import UNSET, Unset

T = TypeVar("T", bound="LogEntry")


@_attrs_define
class LogEntry:
    """One log line of the app, included in the status when `logs` is requested."""

    message: str
    """ The log text. """
    level: LogLevel
    """ Level of a log line. Known values `STDERR`, `STDOUT`, `ERROR`, `INFO`, `WARN`, `DEBUG`; unknown values are
    kept. """
    timestamp: str
    """ When the line was written, ISO-8601 text (e.g. `2025-01-01T12:00:00.123456`); kept as text because the exact
    format is not guaranteed. """
    source: str | Unset = UNSET
    """ Origin of the line; `USER` for lines written by the app. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        message = self.message

        level = self.level.value

        timestamp = self.timestamp

        source = self.source

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "message": message,
                "level": level,
                "timestamp": timestamp,
            }
        )
        if source is not UNSET:
            field_dict["source"] = source

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        message = d.pop("message")

        level = LogLevel(d.pop("level"))

        timestamp = d.pop("timestamp")

        source = d.pop("source", UNSET)

        log_entry = cls(
            message=message,
            level=level,
            timestamp=timestamp,
            source=source,
        )

        log_entry.additional_properties = d
        return log_entry

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
