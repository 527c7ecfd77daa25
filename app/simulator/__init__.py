"""A local stand-in for Meta's WhatsApp Cloud API (aiohttp).

The simulator plays Meta for the demo and the tests: Graph-style send and phone-number
endpoints with Bearer auth and Meta's error shape, signed webhooks with retries and
optional batching, scripted customers, and a ``/_sim/`` control surface.

Layer rules: imports aiohttp and the standard library; may import ``app.domain``. It never
imports ``app.gateway`` (so a misreading of Meta's format cannot hide in shared code), nor
``app.services``, ``app.store``, ``app.ui`` or any Qt module.
"""

from app.simulator.config import SimulatorConfig
from app.simulator.customers import CustomerScript, ScriptResult
from app.simulator.errors import CallbackVerificationError, GraphError, SimulatorError
from app.simulator.simulator import Simulator
from app.simulator.state import Customer, ReceivedMessage, SimulatorStats

__all__ = [
    "CallbackVerificationError",
    "Customer",
    "CustomerScript",
    "GraphError",
    "ReceivedMessage",
    "ScriptResult",
    "Simulator",
    "SimulatorConfig",
    "SimulatorError",
    "SimulatorStats",
]
