"""Waiting for a kernel's replies: a missed socket wake-up must not cost a whole cell timeout.

nbclient sends widget comm updates on the same zmq.asyncio shell socket it is polling for the
cell's execute_reply; now and then that send swallows the poll's wake-up and the reply sits unseen
until the cell timeout. SplitExecute therefore polls in short slices (engine/channels.py).
The fake channel below has exactly that fault: a poll sees a message only if it was there when the
poll started or when it times out.
"""

from __future__ import annotations

import asyncio
import time
from queue import Empty
from types import SimpleNamespace

import pytest

from xborder_grader.engine.channels import slice_shell_polls as _slice_shell_polls


class MissedWakeupChannel:
    def __init__(self, arrives_after: float | None):
        self.arrive_at = None if arrives_after is None else time.monotonic() + arrives_after
        self.polls = 0

    def _there(self) -> bool:
        return self.arrive_at is not None and time.monotonic() >= self.arrive_at

    async def get_msg(self, timeout=None):
        self.polls += 1
        if self._there():
            return {"msg_type": "execute_reply"}
        await asyncio.sleep(3600 if timeout is None else timeout)  # the wake-up never comes
        if self._there():
            return {"msg_type": "execute_reply"}
        raise Empty


def sliced(arrives_after):
    kc = SimpleNamespace(shell_channel=MissedWakeupChannel(arrives_after))
    _slice_shell_polls(kc, step=0.1)
    return kc


def test_a_reply_whose_wake_up_was_missed_is_picked_up_by_the_next_poll():
    kc = sliced(arrives_after=0.25)
    # unsliced, this poll would sleep the full 30 s cell timeout; wait_for fails the test long before
    msg = asyncio.run(asyncio.wait_for(kc.shell_channel.get_msg(timeout=30), 5))
    assert msg["msg_type"] == "execute_reply"
    assert kc.shell_channel.polls >= 2


def test_no_timeout_still_waits_and_a_real_timeout_still_ends_in_empty():
    kc = sliced(arrives_after=0.3)
    assert asyncio.run(asyncio.wait_for(kc.shell_channel.get_msg(timeout=None), 5))["msg_type"] == "execute_reply"

    kc = sliced(arrives_after=None)
    started = time.monotonic()
    with pytest.raises(Empty):
        asyncio.run(kc.shell_channel.get_msg(timeout=0.35))
    assert time.monotonic() - started >= 0.35


def test_slicing_twice_does_not_nest():
    kc = sliced(arrives_after=None)
    first = kc.shell_channel.get_msg
    _slice_shell_polls(kc, step=0.1)
    assert kc.shell_channel.get_msg is first
