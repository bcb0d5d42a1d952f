"""Nothing accepted is lost, nothing is done twice, whatever dies when: a worker killed
mid-batch, the database gone with a backlog queued, Redis stopped and restarted, every
process restarted. Real worker processes, a real Redis, PostgreSQL (tests/faults/
conftest.py); each test counts messages in, tickets and acknowledgements."""

from __future__ import annotations

import time

import pytest

from tests.faults.conftest import Desk, count
from tests.faults.harness import wait_for
from ticketing.models import InboundEvent


def test_workers_killed_mid_batch_lose_nothing_and_double_nothing(desk: Desk):
    desk.workers.start(2)
    desk.ready()
    desk.send(30)
    for victim in range(2):  # each worker once, while it holds a claimed batch
        try:
            wait_for(
                lambda: count(InboundEvent, InboundEvent.claim_token.is_not(None)) > 0,
                "a claimed batch",
                20,
            )
        except AssertionError as exc:  # once on a loaded machine: say what the workers did
            raise AssertionError(f"{exc} (victim {victim})\n{desk.tails()}") from None
        desk.workers.kill(desk.workers.alive()[0])
        desk.workers.supervise(desk.want)
        if victim == 0:
            desk.send(10)  # and more keeps arriving
    desk.settle()
    desk.assert_exactly_once()


def test_the_database_down_with_a_backlog_loses_nothing(desk: Desk):
    if desk.proxy is None:
        pytest.skip("the database going away needs a network database: PostgreSQL tier")
    desk.workers.start(2)
    desk.ready()
    desk.send(20)
    wait_for(lambda: desk.processed() >= 5, "the first tickets", 20)
    desk.proxy.cut()  # mid-batch: the workers' transactions die
    desk.send(20)  # a backlog builds while the workers cannot reach the database
    time.sleep(3)
    stuck = desk.processed()
    assert stuck < 40
    desk.proxy.restore()
    desk.settle()
    desk.assert_exactly_once()


def test_redis_stopped_and_restarted_loses_nothing(desk: Desk):
    desk.workers.start(2)
    desk.ready()
    desk.send(20)
    wait_for(lambda: desk.processed() >= 5, "the first tickets", 20)
    desk.redis.stop()  # every queued job is gone with it
    desk.send(10)  # the webhooks still answer 200: the events wait in the database
    time.sleep(2)
    desk.redis.start()
    desk.settle()
    desk.assert_exactly_once()


def test_a_full_restart_loses_nothing(desk: Desk):
    desk.workers.start(2)
    desk.ready()
    desk.send(20)
    wait_for(lambda: desk.processed() >= 5, "the first tickets", 20)
    for proc in desk.workers.alive():
        desk.workers.kill(proc)
    desk.redis.stop()
    desk.send(10)  # arrive while everything behind the web is down
    desk.redis.start()
    desk.workers.start(2)
    desk.settle()
    desk.assert_exactly_once()
