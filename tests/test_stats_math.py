"""CPU % and memory as the docker CLI computes them, from Docker's and Podman's sample shapes."""

from __future__ import annotations

from dockertui.engine.stats import cpu_percent, memory_used, parse_sample


def sample(total: int, system: int, pre_total: int = 0, pre_system: int = 0, cpus: int = 2) -> dict:
    return {
        "read": "2026-11-28T05:00:00Z",
        "cpu_stats": {"cpu_usage": {"total_usage": total}, "system_cpu_usage": system, "online_cpus": cpus},
        "precpu_stats": {"cpu_usage": {"total_usage": pre_total}, "system_cpu_usage": pre_system},
        "memory_stats": {"usage": 50_000_000, "limit": 200_000_000, "stats": {"inactive_file": 10_000_000}},
    }


def test_docker_sample_carries_its_own_previous_reading() -> None:
    # 0.5 s of CPU in 4 s of system time on 2 CPUs: 25 %.
    assert cpu_percent(sample(1_500, 8_000, pre_total=1_000, pre_system=4_000)) == 25.0


def test_podman_sample_without_precpu_uses_the_previous_sample() -> None:
    first, second = sample(1_000, 4_000, 0, 0), sample(1_500, 8_000, 0, 0)
    assert cpu_percent(first) is None  # a zero precpu would give the average since boot
    assert cpu_percent(second, previous=first) == 25.0
    assert parse_sample("c", second, previous=first).cpu_percent == 25.0


def test_no_system_time_passed_is_unknown_not_zero() -> None:
    assert cpu_percent(sample(1_500, 4_000, pre_total=1_000, pre_system=4_000)) is None
    assert cpu_percent({"cpu_stats": {}}) is None


def test_memory_used_leaves_out_the_page_cache() -> None:
    assert memory_used(sample(0, 0)) == (40_000_000, 200_000_000)


async def test_a_new_streams_first_sample_keeps_the_last_cpu_figure() -> None:
    """Back on the containers pane, streams open again and their first sample has no CPU
    figure (it needs two): the cells went blank for a second. The last figure stays."""
    from dockertui.engine.stats import StatsSample
    from dockertui.engine.target import DaemonTarget
    from dockertui.ui.app import DockerTUI
    from tests.support.fakes import fake_connector
    from tests.support.pilot import wait_for

    app = DockerTUI(DaemonTarget(host="unix:///fake.sock"), connector=fake_connector())
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.containers_pane
        await wait_for(pilot, lambda: pane.table.row_count > 0, what="rows")
        key = next(key for key, item in pane.items.items() if item.state == "running")

        def sample(cpu: float | None) -> StatsSample:
            return StatsSample(key, cpu, 1024, 4096, 0, 0, 0, 0, 1)

        def cells() -> str:
            return " ".join(str(cell) for cell in pane.cells(key))

        pane.apply_stats([sample(12.5)])
        assert "12.5" in cells()
        pane.apply_stats([sample(None)])
        assert "12.5" in cells()
        pane.apply_stats([sample(3.0)])
        assert "3.0" in cells() and "12.5" not in cells()
