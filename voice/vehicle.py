"""The vehicle the skills act on: the `Vehicle` protocol.

A carmaker binds it to the real car bus; the default is the simulated vehicle
in `voice.sim_vehicle`, whose state persists in the database.
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable


@runtime_checkable
class Vehicle(Protocol):
    """Read and change the car's state; keys are dotted names such as `climate.driver_temp`."""

    def state(self) -> dict[str, Any]:
        """Every state value by key (a copy)."""
        ...

    def get(self, key: str) -> Any:
        """One state value, or None when the key is unknown."""
        ...

    def set(self, key: str, value: Any) -> None:
        """Change one state value (raises `SkillError` when the car refuses)."""
        ...

    def position(self) -> tuple[float, float]:
        """The car's position as (latitude, longitude) in degrees (WGS-84)."""
        ...
