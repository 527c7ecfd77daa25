"""A local stand-in for Meta's WhatsApp Cloud API (aiohttp).

The simulator plays Meta for the demo and the tests: Graph-style send, media,
phone-number and block-list endpoints with Bearer auth and Meta's error shape; Meta's rules
(24-hour window, blocks, marketing opt-out, pair and throughput limits, templates), each
answered at once, as a later ``failed`` status, or switched off, globally or per customer;
signed webhooks with retries, batching and fault modes; customers who send every §4 message
type; and a ``/_sim/`` control surface.

Layer rules: imports aiohttp and the standard library; may import ``app.domain``. It never
imports ``app.gateway`` (so a misreading of Meta's format cannot hide in shared code), nor
``app.services``, ``app.store``, ``app.ui`` or any Qt module.
"""

from app.simulator.behaviour import Behaviour, CustomerSettings
from app.simulator.config import SimulatorConfig
from app.simulator.customers import CustomerScript, ScriptResult
from app.simulator.errors import CallbackVerificationError, GraphError, SimulatorError
from app.simulator.inbound import (
    ButtonReply,
    Contacts,
    ListReply,
    Location,
    Media,
    Order,
    OrderItem,
    Reaction,
    Referral,
    TemplateButton,
    Text,
    Unsupported,
)
from app.simulator.phone import PhoneFields
from app.simulator.simulator import Simulator
from app.simulator.state import Customer, ReceivedMessage, SimulatorStats
from app.simulator.templates import TemplateSpec

__all__ = [
    "Behaviour",
    "ButtonReply",
    "CallbackVerificationError",
    "Contacts",
    "Customer",
    "CustomerScript",
    "CustomerSettings",
    "GraphError",
    "ListReply",
    "Location",
    "Media",
    "Order",
    "OrderItem",
    "PhoneFields",
    "Reaction",
    "ReceivedMessage",
    "Referral",
    "ScriptResult",
    "Simulator",
    "SimulatorConfig",
    "SimulatorError",
    "SimulatorStats",
    "TemplateButton",
    "TemplateSpec",
    "Text",
    "Unsupported",
]
