"""The customer half of the ``Simulator``'s Python API: what people do on their phones.

A mixin, so that ``Simulator`` keeps one flat, discoverable API while its module stays
small. It relies on the attributes the ``Simulator`` constructor sets.
"""

from __future__ import annotations

from app.simulator.customer_actions import CustomerActions, SendOptions
from app.simulator.errors import UnknownCustomerError
from app.simulator.inbound import Forwarded, InboundMessage, ListReply, Referral, Text
from app.simulator.outbound import Outbound
from app.simulator.state import Customer, SimState


class CustomerApi:
    """Customers write, read, block, opt out and change identity."""

    _state: SimState
    _actions: CustomerActions
    _outbound: Outbound

    def customer(self, user_id: str) -> Customer:
        """The customer with this BSUID, as Meta knows them now.

        Raises:
            UnknownCustomerError: If no customer has this BSUID (a replaced one included).
        """
        customer = self._state.by_user_id(user_id)
        if customer is None:
            raise UnknownCustomerError(f"no customer with user_id {user_id}")
        return customer

    async def customer_sends_text(
        self, user_id: str, text: str, *, reply_to: str | None = None
    ) -> str:
        """Have a customer write a text; emits the inbound ``messages`` webhook.

        Args:
            user_id: The customer's BSUID.
            text: The message body.
            reply_to: wamid of a business message the customer quotes.

        Returns:
            The inbound message's wamid (``wamid.SIM…``).

        Raises:
            UnknownCustomerError: If no customer has this BSUID.
            ValueError: If the text is empty.
        """
        if not text:
            raise ValueError("text must not be empty")
        return await self.customer_sends(user_id, Text(text), reply_to=reply_to)

    async def customer_sends(
        self,
        user_id: str,
        message: InboundMessage,
        *,
        reply_to: str | None = None,
        forwarded: Forwarded | None = None,
        referral: Referral | None = None,
        referred_product: tuple[str, str] | None = None,
    ) -> str:
        """Have a customer send any §4 message; emits the inbound webhook.

        Messages from a customer the business blocked are dropped, as at Meta. Button,
        list and template-button replies quote ``reply_to``, or else the last business
        message this customer received.

        Args:
            user_id: The customer's BSUID.
            message: What they send, e.g. ``Media("image", caption="receipt")``.
            reply_to: wamid of the business message quoted.
            forwarded: Mark the message ``forwarded`` or ``frequently_forwarded``.
            referral: The click-to-WhatsApp ad they came from.
            referred_product: (catalog_id, product_retailer_id) of a product inquiry.

        Returns:
            The inbound wamid.

        Raises:
            UnknownCustomerError: If no customer has this BSUID.
            ValueError: If a reply has nothing to reply to.
        """
        options = SendOptions(reply_to, forwarded, referral, referred_product)
        return self._actions.send(self.customer(user_id), message, options)

    def newest_list(self, user_id: str) -> tuple[str, tuple[ListReply, ...]] | None:
        """The newest list message this customer received (its wamid) and the replies its rows
        would send, or None when they received none.

        Raises:
            UnknownCustomerError: If no customer has this BSUID.
        """
        for message in reversed(self._state.received(self.customer(user_id).user_id)):
            content = message.content if isinstance(message.content, dict) else {}
            if message.type == "interactive" and content.get("type") == "list":
                rows = [row for section in content["action"]["sections"] for row in section["rows"]]
                replies = (ListReply(r["id"], r["title"], r.get("description")) for r in rows)
                return message.wamid, tuple(replies)
        return None

    async def customer_picks(self, user_id: str, title: str) -> str:
        """The customer opens the newest list message they received and picks the row titled
        `title`: a ``list_reply`` quoting that list, as their phone sends it.

        Returns:
            The inbound wamid.

        Raises:
            UnknownCustomerError: If no customer has this BSUID.
            ValueError: If they received no list, or its rows have no such title.
        """
        newest = self.newest_list(user_id)
        if newest is None:
            raise ValueError("the customer received no list")
        wamid, rows = newest
        for row in rows:
            if row.title == title:
                return await self.customer_sends(user_id, row, reply_to=wamid)
        raise ValueError(f"the newest list has no row titled {title!r}")

    def customer_edits(self, user_id: str, wamid: str, text: str) -> str:
        """The customer edits a text they sent (within 15 minutes): emits the ``edit`` item.

        Returns:
            The edit's own wamid (Meta gives every change one).

        Raises:
            UnknownCustomerError: If no customer has this BSUID.
            ValueError: Not their message, too late, or an empty text.
        """
        return self._actions.edit(self.customer(user_id), wamid, text)

    def customer_deletes(self, user_id: str, wamid: str) -> str:
        """The customer deletes a message they sent for everyone (within 2 days): emits the
        ``revoke`` item.

        Returns:
            The deletion's own wamid.

        Raises:
            UnknownCustomerError: If no customer has this BSUID.
            ValueError: Not their message, or too late.
        """
        return self._actions.revoke(self.customer(user_id), wamid)

    def customer_reads(self, user_id: str) -> list[str]:
        """The customer opens the chat: ``read`` for every delivered, unread message.

        Useful with ``read_delay=None``, where nobody reads on their own.

        Returns:
            The wamids newly read.
        """
        return self._outbound.customer_reads(self.customer(user_id).user_id)

    def customer_blocks_business(self, user_id: str, blocked: bool = True) -> None:
        """The customer blocks (or unblocks) the business; sends then meet the ``blocked``
        rule (131026, or stuck at ``sent`` when silent)."""
        self._state.flags(self.customer(user_id).user_id).blocked_business = blocked

    def customer_stops_promotions(self, user_id: str) -> None:
        """The customer taps "stop promotions": emits ``user_preferences`` with ``stop``;
        marketing templates then meet the ``marketing_opt_out`` rule (131050)."""
        self._actions.set_promotions(self.customer(user_id), stopped=True)

    def customer_resumes_promotions(self, user_id: str) -> None:
        """The customer resumes promotions: emits ``user_preferences`` with ``resume``."""
        self._actions.set_promotions(self.customer(user_id), stopped=False)

    def customer_changes_number(self, user_id: str, new_wa_id: str | None = None) -> Customer:
        """The customer moves to a new number and so gets a new BSUID.

        Emits a ``system`` message of type ``user_changed_number`` from the old identity;
        from then on the simulator knows the customer only by the new BSUID.

        Returns:
            The customer as now known.

        Raises:
            ValueError: If the new number belongs to another customer.
        """
        return self._actions.change_number(self.customer(user_id), new_wa_id)

    def customer_changes_user_id(self, user_id: str, new_user_id: str | None = None) -> Customer:
        """Meta gives the customer a new BSUID: a ``user_changed_user_id`` system message
        with ``previous_user_id``; afterwards only the new BSUID is known.

        Returns:
            The customer as now known.
        """
        return self._actions.change_user_id(self.customer(user_id), new_user_id)

    def is_blocked_by_business(self, user_id: str) -> bool:
        """Whether the business blocked this customer through ``block_users``."""
        return self._state.flags(self.customer(user_id).user_id).blocked_by_business

    def customer_resends_interactive(self, user_id: str, reply_to: str) -> str:
        """The customer's WhatsApp Web reconnects and re-sends a button tap: an ``interactive``
        message without its content, Meta's error 131000 beside it in ``value.errors``
        (cloud-api.md §19).

        Returns:
            The message's wamid.
        """
        customer = self.customer(user_id)
        return self._actions.send_unreadable_interactive(customer, reply_to)
