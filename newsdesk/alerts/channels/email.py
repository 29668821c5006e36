"""Email over SMTP: a plain-text part and an HTML part (every value escaped); the Message-ID is the
delivery's, so a mail client shows a retried message once."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate
from typing import Any

from ...settings import Settings
from ..compose import html_body, plain, title
from . import SendError


def build(to: str, sender: str, delivery_id: str, body: dict[str, Any]) -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"] = " ".join(title(body).split())[:200]
    msg["From"] = sender
    msg["To"] = to
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = f"<{delivery_id}@newsdesk>"
    msg.set_content(plain(body))
    msg.add_alternative(html_body(body), subtype="html")
    return msg


def send(settings: Settings, to: str, delivery_id: str, body: dict[str, Any]) -> None:
    if not settings.smtp_host:
        raise SendError("no SMTP server set (smtp_host)", retry=False, input=to)
    msg = build(to, settings.smtp_from, delivery_id, body)
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=settings.delivery_timeout) as smtp:
            if settings.smtp_starttls:
                smtp.starttls(context=ssl.create_default_context())
            if settings.smtp_user:
                smtp.login(settings.smtp_user, settings.smtp_password)
            smtp.send_message(msg)
    except smtplib.SMTPRecipientsRefused as exc:
        raise SendError(f"recipient refused ({exc.recipients})", retry=False, input=to) from None
    except (smtplib.SMTPException, OSError) as exc:
        raise SendError(f"SMTP: {type(exc).__name__}: {exc}", input=to) from None
