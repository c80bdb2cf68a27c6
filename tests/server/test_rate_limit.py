"""The server's limit on failed enrolment codes and device tokens (server/app.py
``FailureLimiter``), on a clock the test moves: per address in a 15-minute sliding
window, enrolment failures from every address together, an IPv6 host by its /64. The
same limiter answering 429 through the real server: test_server_attacks.py."""

from __future__ import annotations

from server.app import FailureLimiter, Limits


class Clock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


def test_ten_failures_from_one_address_wait_until_the_oldest_leaves_the_window() -> None:
    clock = Clock()
    limiter = FailureLimiter(clock=clock)
    for _ in range(9):
        limiter.failed("192.0.2.7", enrol=True)
        clock.now += 10
    assert limiter.retry_after("192.0.2.7", enrol=True) is None  # 9: may try again
    limiter.failed("192.0.2.7", enrol=False)  # tokens and codes count together
    # the first failure was 90 s ago: free again 810 s from now
    assert limiter.retry_after("192.0.2.7", enrol=True) == 15 * 60 - 90
    assert limiter.retry_after("192.0.2.7", enrol=False) == 15 * 60 - 90
    assert limiter.retry_after("192.0.2.8", enrol=True) is None  # another address
    clock.now += 15 * 60 - 90
    assert limiter.retry_after("192.0.2.7", enrol=True) is None  # the oldest left


def test_enrolment_failures_from_every_address_together_are_limited_too() -> None:
    clock = Clock()
    limiter = FailureLimiter(Limits(per_address=10, enrol_overall=30), clock=clock)
    for i in range(30):
        limiter.failed(f"198.51.100.{i}", enrol=True)
    assert limiter.retry_after("203.0.113.1", enrol=True) == 15 * 60  # a fresh address
    # tokens are not limited overall (anyone could stop every laptop's sync)
    assert limiter.retry_after("203.0.113.1", enrol=False) is None


def test_an_ipv6_host_counts_by_its_64_and_a_mapped_ipv4_as_itself() -> None:
    limiter = FailureLimiter(Limits(per_address=2), clock=Clock())
    limiter.failed("2001:db8:1:2::1", enrol=False)
    limiter.failed("2001:db8:1:2:ffff::9", enrol=False)  # same /64, another address
    assert limiter.retry_after("2001:db8:1:2::77", enrol=False) is not None
    assert limiter.retry_after("2001:db8:1:3::1", enrol=False) is None
    limiter.failed("::ffff:192.0.2.1", enrol=False)
    limiter.failed("192.0.2.1", enrol=False)
    assert limiter.retry_after("192.0.2.1", enrol=False) is not None


def test_the_addresses_remembered_are_bounded() -> None:
    limiter = FailureLimiter(Limits(per_address=1, addresses=100), clock=Clock())
    for i in range(1000):
        limiter.failed(f"10.0.{i // 256}.{i % 256}", enrol=False)
    assert len(limiter._by_address) == 100
    assert limiter.retry_after("10.0.3.231", enrol=False) is not None  # the last one
    assert limiter.retry_after("10.0.0.0", enrol=False) is None  # forgotten first
