from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.depth_control import DepthControl
    from ..models.face_control import FaceControl
    from ..models.normals_control import NormalsControl
    from ..models.pose_control import PoseControl
    from ..models.trajectory_control import TrajectoryControl


T = TypeVar("T", bound="AdvancedControls")


@_attrs_define
class AdvancedControls:
    """Per-signal manual conditioning controls for video edits. Omitted signals use the model default."""

    depth: DepthControl | Unset = UNSET
    """ Depth / scene-geometry conditioning control. """
    face: FaceControl | Unset = UNSET
    """ Face-identity conditioning control. """
    normals: NormalsControl | Unset = UNSET
    """ Surface-normals conditioning control. """
    pose: PoseControl | Unset = UNSET
    """ Pose / skeleton conditioning control. """
    trajectory: TrajectoryControl | Unset = UNSET
    """ Motion-trajectory conditioning control. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        depth: dict[str, Any] | Unset = UNSET
        if not isinstance(self.depth, Unset):
            depth = self.depth.to_dict()

        face: dict[str, Any] | Unset = UNSET
        if not isinstance(self.face, Unset):
            face = self.face.to_dict()

        normals: dict[str, Any] | Unset = UNSET
        if not isinstance(self.normals, Unset):
            normals = self.normals.to_dict()

        pose: dict[str, Any] | Unset = UNSET
        if not isinstance(self.pose, Unset):
            pose = self.pose.to_dict()

        trajectory: dict[str, Any] | Unset = UNSET
        if not isinstance(self.trajectory, Unset):
            trajectory = self.trajectory.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if depth is not UNSET:
            field_dict["depth"] = depth
        if face is not UNSET:
            field_dict["face"] = face
        if normals is not UNSET:
            field_dict["normals"] = normals
        if pose is not UNSET:
            field_dict["pose"] = pose
        if trajectory is not UNSET:
            field_dict["trajectory"] = trajectory

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.depth_control import DepthControl  # noqa: PLC0415
        from ..models.face_control import FaceControl  # noqa: PLC0415
        from ..models.normals_control import NormalsControl  # noqa: PLC0415
        from ..models.pose_control import PoseControl  # noqa: PLC0415
        from ..models.trajectory_control import TrajectoryControl  # noqa: PLC0415

        d = dict(src_dict)
        _depth = d.pop("depth", UNSET)
        depth: DepthControl | Unset
        if isinstance(_depth, Unset):
            depth = UNSET
        else:
            depth = DepthControl.from_dict(_depth)

        _face = d.pop("face", UNSET)
        face: FaceControl | Unset
        if isinstance(_face, Unset):
            face = UNSET
        else:
            face = FaceControl.from_dict(_face)

        _normals = d.pop("normals", UNSET)
        normals: NormalsControl | Unset
        if isinstance(_normals, Unset):
            normals = UNSET
        else:
            normals = NormalsControl.from_dict(_normals)

        _pose = d.pop("pose", UNSET)
        pose: PoseControl | Unset
        if isinstance(_pose, Unset):
            pose = UNSET
        else:
            pose = PoseControl.from_dict(_pose)

        _trajectory = d.pop("trajectory", UNSET)
        trajectory: TrajectoryControl | Unset
        if isinstance(_trajectory, Unset):
            trajectory = UNSET
        else:
            trajectory = TrajectoryControl.from_dict(_trajectory)

        advanced_controls = cls(
            depth=depth,
            face=face,
            normals=normals,
            pose=pose,
            trajectory=trajectory,
        )

        advanced_controls.additional_properties = d
        return advanced_controls

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
