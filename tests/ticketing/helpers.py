"""Helpers for pipeline tests: citizens that write through the fake Telegram."""

from __future__ import annotations

import itertools
from typing import Any

from sqlalchemy import func, select

from aduan.extensions import db

_chat_ids = itertools.count(700_000_001)


def new_chat_id() -> int:
    """Returns a chat id no other test uses (the fake Telegram is shared)."""
    return next(_chat_ids)


def count(model: Any, *where: Any) -> int:
    stmt = select(func.count()).select_from(model)
    for clause in where:
        stmt = stmt.where(clause)
    return db.session.execute(stmt).scalar_one()


class Citizen:
    """A citizen chatting with the bot: builds real updates with the fake Telegram and
    posts them to our webhook, then lets a real RQ worker process them."""

    def __init__(self, fake: Any, tg_post: Any, drain: Any, name: str = "Siti") -> None:
        self.fake, self.post, self.drain = fake, tg_post, drain
        self.chat_id = new_chat_id()
        self.name = name

    def update(self, **kwargs: Any) -> dict[str, Any]:
        """Returns the update Telegram would send (without delivering it)."""
        return self.fake.citizen_sends(self.chat_id, first_name=self.name, **kwargs)["update"]

    def says(self, text: str | None = None, *, process: bool = True, **kwargs: Any) -> Any:
        if text is not None:
            kwargs["text"] = text
        response = self.post(self.update(**kwargs))
        assert response.status_code == 200, response.get_data(as_text=True)
        if process:
            self.drain()
        return response

    def replies(self) -> list[str]:
        """Returns the texts the bot sent to this citizen, oldest first."""
        return [item.get("text", "") for item in self.fake.sent_to(self.chat_id)]
