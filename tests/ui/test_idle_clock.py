"""The idle clock is plain Python with an injected `now()`: no sleeping, no Qt event loop."""

from __future__ import annotations

from ui.idle import IdleClock


class Now:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


def test_expires_only_after_the_full_timeout() -> None:
    now = Now()
    clock = IdleClock(10, now=now)
    now.t = 10 * 60 - 1
    assert not clock.expired()
    now.t = 10 * 60
    assert clock.expired()


def test_input_restarts_the_countdown() -> None:
    now = Now()
    clock = IdleClock(5, now=now)
    now.t = 4 * 60
    clock.touch()
    now.t = 8 * 60
    assert not clock.expired()
    assert clock.idle_seconds() == 4 * 60


def test_zero_minutes_never_expires() -> None:
    now = Now()
    clock = IdleClock(0, now=now)
    now.t = 1e9
    assert not clock.expired()
