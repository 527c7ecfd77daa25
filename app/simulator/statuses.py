"""Which statuses an accepted send gets, when, and in which order they are posted (§5).

``plan`` is pure (config, switches and dice in; steps out) so the status faults can be tested
without a network: ``read`` without ``delivered``, ``read`` posted before ``delivered``,
``played`` for voice notes, ``failed`` for fail-mode rules, ``sent`` only for a silent block.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from app.simulator.behaviour import Behaviour
from app.simulator.config import SimulatorConfig


@dataclass(frozen=True)
class Step:
    """One status and its offset in seconds from the moment the send was accepted."""

    status: str
    offset: float


def plan(
    config: SimulatorConfig,
    behaviour: Behaviour,
    rng: random.Random,
    *,
    voice: bool,
    failed: bool,
    silent: bool,
) -> list[Step]:
    """The statuses to post for one accepted send, in posting order.

    Args:
        config: The status delays.
        behaviour: The recipient's switches (``skip_delivered``, ``out_of_order``).
        rng: Dice for the probabilistic switches.
        voice: A voice note, ``played`` after ``read``.
        failed: A fail-mode rule fired: only ``failed``.
        silent: The customer blocked the business silently: only ``sent``.

    Returns:
        Steps in posting order; offsets never decrease.
    """
    if failed:
        return [Step("failed", config.sent_delay)]
    steps = [Step("sent", config.sent_delay)]
    if silent:
        return steps
    read = config.read_delay
    if read is None or not _roll(rng, behaviour.skip_delivered):
        steps.append(Step("delivered", config.delivered_delay))
    if read is None:
        return steps
    steps.append(Step("read", read))
    if voice and config.played_delay is not None:
        steps.append(Step("played", config.played_delay))
    if steps[1].status == "delivered" and _roll(rng, behaviour.out_of_order):
        # Post read in delivered's slot and delivered in read's: same times, swapped order.
        steps[1], steps[2] = Step("read", steps[1].offset), Step("delivered", steps[2].offset)
    return steps


def _roll(rng: random.Random, probability: float) -> bool:
    return probability > 0 and rng.random() < probability
