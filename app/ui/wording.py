"""Words for codes, times and numbers: services raise codes, and only `ui` turns them into text.

Every string is translatable through the `wording` context.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDateTime, QLocale

from app.domain.content import ContentKind
from app.domain.errors import (
    AlreadyClaimed,
    DataFault,
    EnvironmentFault,
    HubUnreachable,
    KeychainUnavailable,
    StaleView,
    StoreUnavailable,
    SwitchboardError,
    UserFault,
    WindowClosed,
)
from app.domain.model import DeliveryStatus
from app.domain.send_codes import (
    NETWORK_ERROR,
    NOT_SENT,
    OUTBOX_GAVE_UP,
    UNCONFIRMED,
    SendOutcomeKind,
    rule_for,
)
from app.services.media_rules import (
    CaptionNotAllowed,
    CaptionTooLong,
    FileEmpty,
    FileRefused,
    FileTooLarge,
    FileTypeNotAllowed,
)
from app.ui import handling_words, list_words
from app.ui.assignment import words as assignment_words

_MINUTE = 60
_HOUR = 60 * _MINUTE
_DAY = 24 * _HOUR


def tr(text: str, n: int = -1) -> str:
    """Translate `text` in this module's context (`%n` takes `n`)."""
    return QCoreApplication.translate("wording", text, None, n)


def describe_start_error(error: SwitchboardError) -> str:
    """A sentence for the window that says the desks could not start at all."""
    if isinstance(error, HubUnreachable):  # not describe_error's: no reply waits to go out
        return tr(
            "The hub cannot be reached, so this desk could not open. Check the network and the "
            "hub address, then start Switchboard again; nothing on this computer was changed."
        )
    return describe_error(error)


def describe_error(error: SwitchboardError) -> str:
    """A sentence for the status line explaining a typed service error."""
    handling = (
        handling_words.describe(error)
        or list_words.describe(error)
        or assignment_words.describe(error)
    )
    if handling is not None:
        return handling
    if isinstance(error, FileRefused):
        return _file_refused(error)
    if error.code in _FILE_ERRORS:
        return tr(str(_FILE_ERRORS[error.code]))
    if error.code in _TEAM_ERRORS:
        return tr(str(_TEAM_ERRORS[error.code]))
    if error.code in _DESK_ERRORS:
        return tr(str(_DESK_ERRORS[error.code]))
    if isinstance(error, AlreadyClaimed):
        return tr("A colleague claimed this conversation first.")
    if isinstance(error, StaleView):
        return tr("The conversation changed while you were looking. Nothing was sent.")
    if isinstance(error, WindowClosed):
        return tr(
            "More than 24 hours have passed since the customer's last message. "
            "Only templates can be sent."
        )
    if isinstance(error, HubUnreachable):
        return tr(
            "The hub cannot be reached. Check the network (and the hub address); nothing you "
            "wrote is lost, replies go out once it answers."
        )
    if isinstance(error, StoreUnavailable):
        return tr(
            "The local message store cannot be read or written (the disk may be full). Free "
            "some space, then open Switchboard again."
        )
    if isinstance(error, KeychainUnavailable):
        return tr("The system keychain is unavailable.")
    return _fallback(error)


def _fallback(error: SwitchboardError) -> str:
    """Words for an error nobody gave a sentence yet (a test keeps every known one away)."""
    if isinstance(error, EnvironmentFault):
        return tr(
            "Something on this computer or the network failed. Try again; if it keeps "
            "happening, restart Switchboard."
        )
    if isinstance(error, DataFault):
        return tr("Switchboard was given data it cannot use, so nothing was changed.")
    if isinstance(error, UserFault):
        return tr("That cannot be done right now; nothing was changed.")
    # The code names the unforeseen error for whoever helps the agent.
    return tr(
        "Something went wrong (%1). Try again; if it keeps happening, restart Switchboard."
    ).replace("%1", error.code)


# QT_TRANSLATE_NOOP marks the texts for lupdate; they are translated when shown.
_FILE_ERRORS: dict[str, object] = {
    "file-hub-unreachable": QT_TRANSLATE_NOOP(
        "wording", "The hub cannot be reached, so the file was not sent. Try again when online."
    ),
    "file-not-stored": QT_TRANSLATE_NOOP(
        "wording", "The hub refused the file (its storage may be full). Nothing was sent."
    ),
    "media-unavailable": QT_TRANSLATE_NOOP("wording", "This file is not available."),
}

_TEAM_ERRORS: dict[str, object] = {
    "invite-code-invalid": QT_TRANSLATE_NOOP(
        "wording",
        "No open invite has this code: it may be mistyped, used already or expired. "
        "Ask for a new one if it keeps failing.",
    ),
    "invite-expired": QT_TRANSLATE_NOOP(
        "wording", "This invite has expired. Ask an administrator for a new code."
    ),
    "invite-used": QT_TRANSLATE_NOOP(
        "wording", "This invite was already used. Ask an administrator for a new code."
    ),
    "sas-mismatch": QT_TRANSLATE_NOOP(
        "wording", "The emoji did not match, so nobody was added and the invite was cancelled."
    ),
    "join-cancelled": QT_TRANSLATE_NOOP("wording", "The other side cancelled the joining."),
    "hub-setup-code-wrong": QT_TRANSLATE_NOOP(
        "wording", "The hub did not accept this setup code. Check what the hub printed."
    ),
    "hub-taken": QT_TRANSLATE_NOOP(
        "wording", "This hub already belongs to a team. Join that team with an invite instead."
    ),
    "passphrase-wrong": QT_TRANSLATE_NOOP("wording", "That passphrase is not right."),
    "not-permitted": QT_TRANSLATE_NOOP("wording", "Only an administrator can do this."),
    "last-admin": QT_TRANSLATE_NOOP(
        "wording", "The team's last administrator cannot be removed: invite another one first."
    ),
    "hub-access-denied": QT_TRANSLATE_NOOP(
        "wording",
        "The hub did not let this computer in. If it was removed from the team, ask an "
        "administrator for a new invite.",
    ),
    "hub-identity-mismatch": QT_TRANSLATE_NOOP(
        "wording",
        "The hub presented a different certificate than the one this desk trusts, so it may "
        "not be your hub. Check the address with whoever runs it.",
    ),
    "hub-address-invalid": QT_TRANSLATE_NOOP(
        "wording",
        "That is not a hub address. Copy it as the hub printed it, like "
        "tls://hub.example.com:4222#… .",
    ),
    "hub-error": QT_TRANSLATE_NOOP(
        "wording", "The hub refused the request. Try again; if it keeps failing, check the hub."
    ),
    "hub-refused-link": QT_TRANSLATE_NOOP(
        "wording", "The hub did not accept the new team. Check that it runs this version."
    ),
    "passphrase-cancelled": QT_TRANSLATE_NOOP(
        "wording", "Nothing was changed: a passphrase is needed on this computer."
    ),
    "simulator-unavailable": QT_TRANSLATE_NOOP(
        "wording",
        "The simulator runs only with switchboard demo. Enter the Cloud API settings from "
        "Meta's App Dashboard instead.",
    ),
    "keychain-changed": QT_TRANSLATE_NOOP(
        "wording",
        "This desk keeps its key in another keychain than the one in use now. Switch back to "
        "it, or join the team again as a new device.",
    ),
    "keychain-locked": QT_TRANSLATE_NOOP(
        "wording", "The system keychain is locked. Unlock it, then open Switchboard again."
    ),
    "device-key-missing": QT_TRANSLATE_NOOP(
        "wording",
        "This desk's key is missing from the keychain or its key file, so its messages cannot "
        "be opened. Restore it, or join the team again as a new device.",
    ),
    "device-key-invalid": QT_TRANSLATE_NOOP(
        "wording",
        "This desk's key is damaged. Restore it from a backup, or join the team again as a "
        "new device.",
    ),
    "wrong-key": QT_TRANSLATE_NOOP(
        "wording",
        "This desk's local store does not open with its key. Nothing was changed; join the "
        "team again as a new device to start over.",
    ),
    "foreign-database": QT_TRANSLATE_NOOP(
        "wording",
        "The profile folder holds a file that is not this version's local store. Choose "
        "another profile with --profile.",
    ),
    "not-enrolled": QT_TRANSLATE_NOOP(
        "wording", "This profile has not joined a team yet. Create a team or join one."
    ),
    "replica-damaged": QT_TRANSLATE_NOOP(
        "wording",
        "This desk's local store is missing or empty, so it was not opened and nothing was "
        "changed. Restore the profile folder from a backup, or join the team again as a new "
        "device: the team's history syncs from the hub.",
    ),
    "profile-settings-damaged": QT_TRANSLATE_NOOP(
        "wording",
        "This desk's settings file (profile.json in its profile folder) is damaged, so the desk "
        "was not opened and nothing was changed. Restore the profile folder from a backup, or "
        "join the team again as a new device.",
    ),
    "replica-unreadable": QT_TRANSLATE_NOOP(
        "wording",
        "This desk's local store is damaged, so it was not opened and nothing was changed. "
        "Start Switchboard again to keep it aside and sync a fresh copy from the hub.",
    ),
    "store-damaged": QT_TRANSLATE_NOOP(
        "wording",
        "A part of this desk's local store cannot be read, so nothing more is written into it. "
        "Start Switchboard again to keep it aside and sync a fresh copy from the hub.",
    ),
    "replica-failed-check": QT_TRANSLATE_NOOP(
        "wording",
        "This desk's local store failed its integrity check, so it was not opened. Start "
        "Switchboard again to keep it aside and sync a fresh copy from the hub.",
    ),
    "device-removed": QT_TRANSLATE_NOOP(
        "wording",
        "An administrator removed this computer from the team. What it held stays readable "
        "here; ask an administrator for a new invite to join again.",
    ),
    "gateway-missing": QT_TRANSLATE_NOOP(
        "wording", "Add the gateway to the team before connecting the number."
    ),
    "number-settings-rejected": QT_TRANSLATE_NOOP(
        "wording", "Meta refused these settings. Check the access token and the two ids."
    ),
}

_FORGED = QT_TRANSLATE_NOOP(
    "wording",
    "Data from the hub failed this desk's checks (forged or damaged), so it was not used. "
    "Tell whoever runs the hub.",
)

_DESK_ERRORS: dict[str, object] = {
    "backup-passphrase-short": QT_TRANSLATE_NOOP(
        "wording", "Choose a backup passphrase of at least 12 characters."
    ),
    "backup-unreadable": QT_TRANSLATE_NOOP(
        "wording",
        "This file is not a Switchboard backup, or the passphrase is not the one it was made with.",
    ),
    "backup-file-exists": QT_TRANSLATE_NOOP(
        "wording", "A file of that name is there already. Choose another name, or replace it."
    ),
    "backup-not-recorded": QT_TRANSLATE_NOOP(
        "wording",
        "The hub cannot be reached, and every backup is recorded in the team log first, so"
        " nothing was backed up. Try again when online.",
    ),
    "backup-folder-unwritable": QT_TRANSLATE_NOOP(
        "wording",
        "This folder cannot take the backup (it is read-only or missing). Choose another.",
    ),
    "backup-disk-full": QT_TRANSLATE_NOOP(
        "wording",
        "The disk filled up while the backup was written; nothing was left behind. Free some"
        " space or choose another disk.",
    ),
    "backup-not-written": QT_TRANSLATE_NOOP(
        "wording", "The backup could not be written there. Choose another place."
    ),
    "export-not-recorded": QT_TRANSLATE_NOOP(
        "wording",
        "The hub cannot be reached, and every export is recorded in the team log first, so"
        " nothing was exported. Try again when online.",
    ),
    "export-not-written": QT_TRANSLATE_NOOP(
        "wording",
        "The export could not be written there (no space, or no permission). Choose another place.",
    ),
    "store-closed": QT_TRANSLATE_NOOP(
        "wording", "This desk is closing, so nothing more was read or saved."
    ),
    "store-paused": QT_TRANSLATE_NOOP(
        "wording",
        "This computer cannot save right now (its disk may be full), so this desk has paused "
        "and cannot show the result yet. Free some space: it goes on by itself.",
    ),
    "template-unavailable": QT_TRANSLATE_NOOP(
        "wording", "This template is no longer approved for sending. Pick another one."
    ),
    "template-draft-invalid": QT_TRANSLATE_NOOP(
        "wording", "Correct what the template form lists, then submit the template again."
    ),
    "template-refused": QT_TRANSLATE_NOOP(
        "wording", "Meta did not accept the template. Its reason is shown in the form."
    ),
    "template-incomplete": QT_TRANSLATE_NOOP(
        "wording", "Fill in every field of the template before sending it."
    ),
    "phone-number-invalid": QT_TRANSLATE_NOOP(
        "wording",
        "Enter the number in international format with its country code, such as +49 151 23456789.",
    ),
    "stale-view": QT_TRANSLATE_NOOP(
        "wording", "The conversation changed while you were looking. Nothing was sent."
    ),
    "new-messages-arrived": QT_TRANSLATE_NOOP(
        "wording", "New messages arrived while you were writing. Read them, then send again."
    ),
    "reply-not-retryable": QT_TRANSLATE_NOOP(
        "wording",
        "This reply was sent or is still on its way, so it cannot be sent again or discarded.",
    ),
    "reply-invalid": QT_TRANSLATE_NOOP(
        "wording", "A reply needs 1 to 4,096 characters. Shorten it or split it in two."
    ),
    "conversation-unknown": QT_TRANSLATE_NOOP(
        "wording",
        "This desk does not hold that conversation yet. Wait until it has caught up with the "
        "team, then pick it again.",
    ),
    "team-key-missing": QT_TRANSLATE_NOOP(
        "wording",
        "This desk does not hold the team's current key yet. Wait until it has caught up, "
        "then try again.",
    ),
    "team-busy": QT_TRANSLATE_NOOP(
        "wording", "Other administrators kept changing the team at the same moment. Try again."
    ),
    "team-change-outdated": QT_TRANSLATE_NOOP(
        "wording",
        "The team changed meanwhile, so this change no longer applies. Look at the team "
        "again and decide.",
    ),
    "team-chain-missing": QT_TRANSLATE_NOOP(
        "wording",
        "The hub holds no team. Check that this desk is connected to your team's hub.",
    ),
    "passphrase-too-short": QT_TRANSLATE_NOOP(
        "wording", "Choose a passphrase of at least 10 characters."
    ),
    "bad-profile-name": QT_TRANSLATE_NOOP(
        "wording",
        "A profile name may only use letters, digits, dots, dashes and underscores.",
    ),
    "media-damaged": QT_TRANSLATE_NOOP(
        "wording",
        "This file was altered or damaged on the hub, so it was not opened. Ask the sender "
        "for it again.",
    ),
    "keystore-rejected": QT_TRANSLATE_NOOP(
        "wording",
        "This desk's key file is damaged or does not open with that passphrase. Nothing was "
        "changed.",
    ),
    "envelope-rejected": _FORGED,
    "malformed": _FORGED,
    "bad-signature": _FORGED,
    "undecryptable": _FORGED,
    "chain-invalid": QT_TRANSLATE_NOOP(
        "wording",
        "The team's membership record on the hub does not check out, so this desk stopped "
        "sending. Ask an administrator.",
    ),
}

_KINDS_PLURAL: dict[ContentKind, object] = {
    ContentKind.IMAGE: QT_TRANSLATE_NOOP("wording", "Photos"),
    ContentKind.VIDEO: QT_TRANSLATE_NOOP("wording", "Videos"),
    ContentKind.AUDIO: QT_TRANSLATE_NOOP("wording", "Audio files"),
    ContentKind.DOCUMENT: QT_TRANSLATE_NOOP("wording", "Documents"),
    ContentKind.STICKER: QT_TRANSLATE_NOOP("wording", "Stickers"),
}

_ALLOWED_TYPES: dict[ContentKind, object] = {
    ContentKind.IMAGE: QT_TRANSLATE_NOOP("wording", "WhatsApp takes photos as JPEG or PNG only."),
    ContentKind.VIDEO: QT_TRANSLATE_NOOP("wording", "WhatsApp takes videos as MP4 or 3GP only."),
    ContentKind.AUDIO: QT_TRANSLATE_NOOP(
        "wording", "WhatsApp takes audio as AAC, AMR, MP3, M4A or Ogg Opus only."
    ),
    ContentKind.STICKER: QT_TRANSLATE_NOOP("wording", "WhatsApp takes stickers as WebP only."),
}


def _file_refused(error: FileRefused) -> str:
    """Why WhatsApp would not take a file, and what the rule is."""
    kind = error.kind
    if isinstance(error, FileTooLarge):
        limit = QLocale().formattedDataSize(error.limit, 0, QLocale.DataSizeFormat.DataSizeSIFormat)
        text = tr("This file is too large to send. %1 can be at most %2.")
        return text.replace("%1", tr(str(_KINDS_PLURAL[kind]))).replace("%2", limit)
    if isinstance(error, FileTypeNotAllowed) and kind in _ALLOWED_TYPES:
        return tr("This file cannot be sent.") + " " + tr(str(_ALLOWED_TYPES[kind]))
    if isinstance(error, FileEmpty):
        return tr("This file is empty: there is nothing to send.")
    if isinstance(error, CaptionNotAllowed):
        return tr("Audio and stickers are sent without a caption.")
    if isinstance(error, CaptionTooLong):
        count = QLocale().toString(error.limit)
        return tr("A caption can be at most %1 characters.").replace("%1", count)
    return tr("This file cannot be sent: WhatsApp does not take files like it.")


_FAILURE_REASONS: dict[int, object] = {
    132000: QT_TRANSLATE_NOOP(
        "wording", "The template's fields do not match the approved template: pick it again."
    ),
    132001: QT_TRANSLATE_NOOP(
        "wording", "WhatsApp does not know this template in this language any more."
    ),
    132012: QT_TRANSLATE_NOOP(
        "wording", "The template's fields do not match the approved template: pick it again."
    ),
    132015: QT_TRANSLATE_NOOP(
        "wording", "WhatsApp paused this template for low quality: use another one."
    ),
    132016: QT_TRANSLATE_NOOP(
        "wording", "WhatsApp disabled this template for low quality: use another one."
    ),
    131047: QT_TRANSLATE_NOOP(
        "wording",
        "More than 24 hours since the customer's last message: only templates can be sent.",
    ),
    131026: QT_TRANSLATE_NOOP("wording", "The message could not be delivered to this customer."),
    131049: QT_TRANSLATE_NOOP(
        "wording", "WhatsApp chose not to deliver this message. Try again later."
    ),
    131051: QT_TRANSLATE_NOOP("wording", "This message type is not supported."),
    131056: QT_TRANSLATE_NOOP("wording", "Too many messages to this customer in a short time."),
    130429: QT_TRANSLATE_NOOP("wording", "The number's sending limit was reached."),
    131048: QT_TRANSLATE_NOOP("wording", "Sending is limited because of customer reports."),
    131000: QT_TRANSLATE_NOOP("wording", "WhatsApp had a temporary problem."),
    131016: QT_TRANSLATE_NOOP("wording", "WhatsApp is temporarily unavailable."),
    1: QT_TRANSLATE_NOOP(
        "wording", "WhatsApp had a temporary problem. Send it again in a few minutes."
    ),
    2: QT_TRANSLATE_NOOP(
        "wording", "WhatsApp's service was briefly unavailable. Send it again in a few minutes."
    ),
    4: QT_TRANSLATE_NOOP(
        "wording",
        "The business app made too many calls to WhatsApp. Wait a while, then send again.",
    ),
    17: QT_TRANSLATE_NOOP(
        "wording", "The business account made too many calls to WhatsApp. Wait, then send again."
    ),
    80007: QT_TRANSLATE_NOOP(
        "wording", "The business account reached WhatsApp's rate limit. Wait, then send again."
    ),
    131057: QT_TRANSLATE_NOOP(
        "wording", "The business account is being upgraded. Send it again in a minute or two."
    ),
    190: QT_TRANSLATE_NOOP(
        "wording", "The business account's access token has expired: ask an administrator."
    ),
}


_KIND_REASONS: dict[SendOutcomeKind, object] = {
    SendOutcomeKind.WINDOW_CLOSED: QT_TRANSLATE_NOOP(
        "wording", "The 24-hour window is closed: only an approved template can be sent."
    ),
    SendOutcomeKind.UNDELIVERABLE: QT_TRANSLATE_NOOP(
        "wording", "WhatsApp could not deliver to this customer."
    ),
    SendOutcomeKind.OPTED_OUT: QT_TRANSLATE_NOOP(
        "wording", "The customer stopped marketing messages."
    ),
    SendOutcomeKind.RATE_LIMITED: QT_TRANSLATE_NOOP(
        "wording", "Sending limit reached; try again later."
    ),
    SendOutcomeKind.TEMPLATE_ERROR: QT_TRANSLATE_NOOP(
        "wording", "The template was refused (name, language or parameters)."
    ),
    SendOutcomeKind.INVALID_REQUEST: QT_TRANSLATE_NOOP(
        "wording", "WhatsApp refused the message as sent."
    ),
    SendOutcomeKind.ACCOUNT_PROBLEM: QT_TRANSLATE_NOOP(
        "wording", "A problem with the business account: ask an administrator."
    ),
    SendOutcomeKind.TOKEN_INVALID: QT_TRANSLATE_NOOP(
        "wording", "The business account's access must be renewed: ask an administrator."
    ),
    SendOutcomeKind.UNKNOWN: QT_TRANSLATE_NOOP(
        "wording", "WhatsApp did not answer: the message may or may not have gone out."
    ),
}


def failure_reason(error_code: int) -> str:
    """Why Meta refused or failed to deliver a message, for the bubble's tooltip.

    A specific sentence for the codes agents meet most, else one for the code's kind (the same
    table the gateway's send queue uses, `domain.send_codes`).
    """
    if error_code == NOT_SENT:
        return tr("Not sent: the gateway stopped before sending it. Send it again.")
    if error_code == OUTBOX_GAVE_UP:
        return tr(
            "Not sent: this desk could not hand the reply to the hub. Right-click it to send "
            "it again or discard it."
        )
    reason = _FAILURE_REASONS.get(error_code) or _KIND_REASONS.get(rule_for(error_code).kind)
    if error_code == NETWORK_ERROR:
        return tr(str(_KIND_REASONS[SendOutcomeKind.UNKNOWN]))
    if reason is None:
        return tr("Not delivered (error %1).").replace("%1", str(error_code))
    return tr(str(reason)) + " " + tr("(error %1)").replace("%1", str(error_code))


def uncertain_note(error_code: int) -> str:
    """The line under a reply whose send answer was lost (DeliveryStatus.UNCERTAIN): it may
    have gone out, so nothing here invites sending it again."""
    if error_code == UNCONFIRMED:
        return tr("Not confirmed by WhatsApp — check with the customer before sending again")
    return tr("Sent? Checking with WhatsApp…")


def uncertain_reason(error_code: int) -> str:
    """The tooltip of a reply whose send answer was lost (DeliveryStatus.UNCERTAIN)."""
    if error_code == UNCONFIRMED:
        return tr(
            "The gateway lost WhatsApp's answer for this message, and WhatsApp has not "
            "confirmed it since. It may have reached the customer: check with them before "
            "sending it again."
        )
    return tr(
        "The gateway lost WhatsApp's answer for this message. It may have gone out: the "
        "gateway is waiting for WhatsApp to confirm it. Do not send it again yet."
    )


def status_text(status: DeliveryStatus) -> str:
    """A short word for a delivery status (tooltips and screen readers)."""
    words: dict[DeliveryStatus, object] = {
        DeliveryStatus.PENDING: QT_TRANSLATE_NOOP("wording", "Sending"),
        DeliveryStatus.QUEUED: QT_TRANSLATE_NOOP("wording", "Waiting to be sent"),
        DeliveryStatus.SENT: QT_TRANSLATE_NOOP("wording", "Sent"),
        DeliveryStatus.DELIVERED: QT_TRANSLATE_NOOP("wording", "Delivered"),
        DeliveryStatus.READ: QT_TRANSLATE_NOOP("wording", "Read"),
        DeliveryStatus.PLAYED: QT_TRANSLATE_NOOP("wording", "Played"),
        DeliveryStatus.UNCERTAIN: QT_TRANSLATE_NOOP("wording", "Sent? Checking with WhatsApp…"),
        DeliveryStatus.FAILED: QT_TRANSLATE_NOOP("wording", "Not delivered"),
        DeliveryStatus.CONFLICT: QT_TRANSLATE_NOOP("wording", "Not sent — conversation changed"),
    }
    return tr(str(words[status]))


def duration(seconds: int) -> str:
    """A compact elapsed time: "now", "5 min", "3 h", "2 d"."""
    if seconds < _MINUTE:
        return tr("now")
    if seconds < _HOUR:
        return tr("%n min", seconds // _MINUTE)
    if seconds < _DAY:
        return tr("%n h", seconds // _HOUR)
    return tr("%n d", seconds // _DAY)


def window_left(seconds: int, compact: bool = False) -> str:
    """The 24-hour reply window as a countdown: "23 h 5 min left to reply".

    Args:
        seconds: Seconds left (0 or less when closed).
        compact: Drop "to reply" ("23 h 5 min left"), for narrow windows.
    """
    if seconds <= 0:
        return tr("Window closed") if compact else tr("Reply window closed")
    hours, minutes = divmod(seconds // _MINUTE, 60)
    if hours:
        text = tr("%1 h %2 min left") if compact else tr("%1 h %2 min left to reply")
        return text.replace("%1", str(hours)).replace("%2", str(minutes))
    if compact:
        return tr("%n min left", max(1, minutes))
    return tr("%n min left to reply", max(1, minutes))


def clock_time(at: int) -> str:
    """Local time of day in the user's locale ("14:03")."""
    moment = QDateTime.fromSecsSinceEpoch(at)
    return QLocale().toString(moment.time(), QLocale.FormatType.ShortFormat)


def day_label(at: int, now: int) -> str:
    """A day separator: "Today", "Yesterday", or the date in the user's locale."""
    day = QDateTime.fromSecsSinceEpoch(at).date()
    today = QDateTime.fromSecsSinceEpoch(now).date()
    gap = day.daysTo(today)
    if gap == 0:
        return tr("Today")
    if gap == 1:
        return tr("Yesterday")
    return QLocale().toString(day, QLocale.FormatType.LongFormat)


def last_activity(at: int, now: int) -> str:
    """When a queue row last changed: a time today, else a day."""
    if QDateTime.fromSecsSinceEpoch(at).date() == QDateTime.fromSecsSinceEpoch(now).date():
        return clock_time(at)
    if now - at < 7 * _DAY:
        return QLocale().toString(QDateTime.fromSecsSinceEpoch(at).date(), "ddd")
    return QLocale().toString(
        QDateTime.fromSecsSinceEpoch(at).date(), QLocale.FormatType.ShortFormat
    )


def phone(wa_id: str) -> str:
    """A WhatsApp id as a dialable number; the digits are shown, never logged."""
    return "+" + wa_id if wa_id else ""


def initials(name: str) -> str:
    """Up to two initials for an avatar."""
    parts = [p for p in name.replace("-", " ").split() if p[:1].isalpha()]
    if not parts:
        # A customer known only by number gets "#", not the first digit of it.
        return "#" if any(c.isdigit() for c in name) else "?"
    if len(parts) == 1:
        return parts[0][:1].upper()
    return (parts[0][:1] + parts[-1][:1]).upper()
