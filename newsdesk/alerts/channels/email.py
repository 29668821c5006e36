"""Email over SMTP: a plain-text part and an HTML part (every value escaped); the Message-ID is the
delivery's, so a mail client shows a retried message once. One story's alerts of a watch share a
thread (``In-Reply-To``/``References``), and each says which watch sent it and how to stop it
(``List-Id``, ``List-Unsubscribe`` with ``public_url``, and a last paragraph)."""

from __future__ import annotations

import datetime as dt
import html
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any

from ...settings import Settings
from ..compose import html_body, items, plain, title
from . import SendError


def build(to: str, sender: str, delivery_id: str, body: dict[str, Any], public_url: str = "") -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"] = " ".join(title(body).split())[:200]
    msg["From"] = sender
    msg["To"] = to
    msg["Date"] = format_datetime(dt.datetime.now(dt.UTC))  # +0000: formatdate's -0000 means "zone unknown"
    msg["Message-ID"] = f"<{delivery_id}@newsdesk>"
    msg["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies to the sender
    watch, found = str(body["watch"]), items(body)
    story = found[0]["story"].get("id")
    if len(found) == 1 and story:  # a mail client threads a story's alerts under one (unsent) first message
        msg["In-Reply-To"] = msg["References"] = f"<{story}.{watch}@newsdesk>"
    msg["List-Id"] = f"newsdesk watch {watch} <{watch}.watch.newsdesk>"  # for mail filters, one per watch
    page = f"{public_url.rstrip('/')}/watches" if public_url else ""
    if page:
        msg["List-Unsubscribe"] = f"<{page}>"  # RFC 2369: where the watch is paused or removed
    rule = str(found[0]["reason"]["rule"])
    stop = f"newsdesk watch pause {watch} (or watch remove {watch})" + (f", or on {page}" if page else "")
    msg.set_content(plain(body) + f"\n-- \nSent for newsdesk watch {watch}: {rule}\nTo stop these emails: {stop}\n")
    e = html.escape
    where = f' or on <a href="{e(page)}">the watches page</a>' if page else ""
    foot = (f'<hr><p style="color:#666;font-size:small">Sent for newsdesk watch <code>{e(watch)}</code>: '
            f"<code>{e(rule)}</code>. To stop these emails: <code>newsdesk watch pause {e(watch)}</code> (or "
            f"<code>watch remove</code>){where}.</p>")
    msg.add_alternative(html_body(body).replace("</body>", foot + "</body>"), subtype="html")
    return msg


def send(settings: Settings, to: str, delivery_id: str, body: dict[str, Any]) -> None:
    if not settings.smtp_host:
        raise SendError("no SMTP server set (smtp_host)", retry=False, input=to)
    msg = build(to, settings.smtp_from, delivery_id, body, settings.public_url)
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=settings.delivery_timeout) as smtp:
            if settings.smtp_starttls:
                smtp.starttls(context=ssl.create_default_context())
            if settings.smtp_user:
                smtp.login(settings.smtp_user, settings.smtp_password)
            smtp.send_message(msg)
    except smtplib.SMTPRecipientsRefused as exc:
        raise SendError("recipient refused: " + "; ".join(_answer(code, text) for code, text in
                                                          exc.recipients.values()), retry=False, input=to) from None
    except smtplib.SMTPNotSupportedError:  # a non-ASCII address needs SMTPUTF8; trying again cannot help
        raise SendError("the SMTP server does not take non-ASCII addresses (no SMTPUTF8)", retry=False,
                        input=to) from None
    except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as exc:
        # 5xx is the server's final word on this message (RFC 5321 4.2.1); 4xx may pass later
        raise SendError(f"SMTP: {_answer(exc.smtp_code, exc.smtp_error)}", retry=exc.smtp_code < 500,
                        input=to) from None
    except (smtplib.SMTPException, OSError) as exc:
        # no connection, a dropped one, a timeout: the server is down, not this message
        down = isinstance(exc, (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError)) or not isinstance(
            exc, smtplib.SMTPException)
        if isinstance(exc, ConnectionRefusedError):  # it said "SMTP: ConnectionRefusedError: [Errno 111] …"
            where = f"{settings.smtp_host}:{settings.smtp_port}"
            raise SendError(f"SMTP: Connection refused by {where} (nothing listens there: is the mail server up? "
                            "see smtp_host, smtp_port)", down=True, input=to) from None
        raise SendError(f"SMTP: {type(exc).__name__}: {exc}", down=down, input=to) from None


def _answer(code: int, text: bytes | str) -> str:
    """An SMTP reply as one line: ``550 5.1.1 no such user`` (it was a Python dict of bytes)."""
    said = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return f"{code} {' '.join(said.split())}".strip()
