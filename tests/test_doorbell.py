"""The one notify-once primitive: told once per batch, never a left item without a telling."""

from __future__ import annotations

import random
import threading

from dockertui.engine.doorbell import Doorbell
from tests.support.remote_endpoints import wait_until


def test_many_rings_tell_once_until_answered() -> None:
    told: list[int] = []
    bell = Doorbell(lambda: told.append(1))
    for _ in range(1000):
        bell.ring()
    assert len(told) == 1
    bell.answer()
    bell.ring()
    bell.ring()
    assert len(told) == 2


def test_nothing_left_behind_by_racing_producers() -> None:
    """Producers leave items and ring; the reader takes only when told (answering first).
    Every item is taken in the end: none is left with nobody told about it."""
    items: list[int] = []
    lock = threading.Lock()
    tellings = threading.Semaphore(0)
    bell = Doorbell(tellings.release)
    taken: list[int] = []
    stop = threading.Event()

    def produce(seed: int) -> None:
        rng = random.Random(seed)
        for n in range(2000):
            with lock:
                items.append(seed * 10_000 + n)
            bell.ring()
            if rng.random() < 0.01:
                stop.wait(0.0005)

    def read() -> None:
        while not stop.is_set():
            if tellings.acquire(timeout=0.05):
                bell.answer()
                with lock:
                    taken.extend(items)
                    items.clear()

    reader = threading.Thread(target=read)
    reader.start()
    producers = [threading.Thread(target=produce, args=(seed,)) for seed in range(3)]
    for thread in producers:
        thread.start()
    for thread in producers:
        thread.join()
    everything = sorted(seed * 10_000 + n for seed in range(3) for n in range(2000))
    try:
        wait_until(lambda: len(taken) == len(everything), 30.0, "every item taken")
    finally:
        stop.set()
        reader.join()
    assert sorted(taken) == everything
