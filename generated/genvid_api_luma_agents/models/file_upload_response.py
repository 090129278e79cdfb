from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.file_state import FileState
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.file_object import FileObject
    from ..models.presigned_upload import PresignedUpload


T = TypeVar("T", bound="FileUploadResponse")


@_attrs_define
class FileUploadResponse:
    """Result of POST /files. In the multipart (inline) flow upload is null and the file is already pending ingest. In the
    presigned (JSON) flow upload carries the PUT envelope and the file stays pending until you call POST
    /files/{file_id}/complete. Top-level id and state mirror file.id and file.state; the full record is always under
    file.

    """

    id: str
    """ File identifier (same as file.id). """
    state: FileState
    """ Lifecycle state of an uploaded file. `pending` until bytes are received and the ingest pipeline runs;
    `ready` once it can be referenced from a generation; `failed` if ingest/moderation rejected it; `deleted` after
    a soft-delete. """
    file: FileObject
    """ A file in the caller's namespace. """
    upload: None | PresignedUpload | Unset = UNSET
    """ The presigned PUT envelope (JSON flow); null for multipart uploads. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.presigned_upload import PresignedUpload  # noqa: PLC0415

        id = self.id

        state = self.state.value

        file = self.file.to_dict()

        upload: dict[str, Any] | None | Unset
        if isinstance(self.upload, Unset):
            upload = UNSET
        elif isinstance(self.upload, PresignedUpload):
            upload = self.upload.to_dict()
        else:
            upload = self.upload

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "state": state,
                "file": file,
            }
        )
        if upload is not UNSET:
            field_dict["upload"] = upload

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.file_object import FileObject  # noqa: PLC0415
        from ..models.presigned_upload import PresignedUpload  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        state = FileState(d.pop("state"))

        file = FileObject.from_dict(d.pop("file"))

        def _parse_upload(data: object) -> None | PresignedUpload | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                upload_type_0 = PresignedUpload.from_dict(data)

                return upload_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PresignedUpload | Unset, data)

        upload = _parse_upload(d.pop("upload", UNSET))

        file_upload_response = cls(
            id=id,
            state=state,
            file=file,
            upload=upload,
        )

        file_upload_response.additional_properties = d
        return file_upload_response

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
