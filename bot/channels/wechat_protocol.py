"""The WeChat Official Account wire format: signatures, safe-mode (AES) envelopes and message XML.

Pure functions and small value types, no I/O. Written against the platform's specification with ``cryptography``
and the standard library's expat parser (with every DTD refused) rather than wechatpy: the pieces are small, and owning them gives typed
errors (wechatpy surfaces a wrong EncodingAESKey as ``UnicodeDecodeError``) and no synchronous HTTP client in the
dependency tree. The tests cross-check the crypto against wechatpy and against the fake platform's own copy.

Safe mode (安全模式): ``key = b64decode(EncodingAESKey + "=")`` (32 bytes), ``iv = key[:16]``, AES-256-CBC with
PKCS#7 padding to 32-byte blocks over ``random16 ‖ uint32_be(len(xml)) ‖ xml ‖ appid``;
``msg_signature = sha1(sorted([token, timestamp, nonce, encrypt]))``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import re
import struct
import xml.etree.ElementTree as ET
import xml.parsers.expat
from dataclasses import dataclass

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

BLOCK = 32  # WeChat pads to 32 bytes, not AES's 16
_OPENID = re.compile(r"^[A-Za-z0-9_-]{1,128}$")
# Characters XML 1.0 cannot carry; a reply containing one would be rejected by the platform.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_SIGNATURE = re.compile(r"[0-9a-fA-F]{40}")
# How far a request's timestamp may be from our clock: WeChat signs each push as it sends it, so an older one is
# a replay (a signed URL lifted from a proxy log); a little slack either way for clock drift.
MAX_SKEW = 300


class WireError(ValueError):
    """A request that is not what the platform sends."""


class BadSignature(WireError):
    """The signature does not match: the request is forged or the token is wrong."""


class BadMessage(WireError):
    """The body is malformed XML, or an encrypted body does not decrypt to a message."""


# --- signatures ----------------------------------------------------------------------------------------------


def sign(*parts: str) -> str:
    """Return WeChat's signature of ``parts``: sha1 of their sorted concatenation, as hex."""
    return hashlib.sha1("".join(sorted(parts)).encode("utf-8")).hexdigest()


def check_signature(token: str, signature: str, timestamp: str, nonce: str, *extra: str) -> None:
    """Raise ``BadSignature`` unless ``signature`` signs (token, timestamp, nonce, *extra)."""
    if not signature or not timestamp or not nonce:
        raise BadSignature("missing signature parameters")
    if not _SIGNATURE.fullmatch(signature):  # also keeps non-ASCII text away from compare_digest, which raises
        raise BadSignature("a signature is 40 hex digits")
    expected = sign(token, timestamp, nonce, *extra)
    if not hmac.compare_digest(expected, signature.lower()):
        raise BadSignature("signature mismatch")


def check_timestamp(timestamp: str, now: int, *, skew: int = MAX_SKEW) -> int:
    """Return the request's timestamp; raise ``BadSignature`` when it is not a number or more than ``skew`` s away."""
    if not (timestamp.isascii() and timestamp.isdigit()) or len(timestamp) > 12:
        raise BadSignature("timestamp is not a number")
    value = int(timestamp)
    if abs(value - now) > skew:
        raise BadSignature("timestamp too far from now (a replayed request?)")
    return value


def check_body(raw: bytes) -> None:
    """Raise ``BadMessage`` unless ``raw`` is what the platform sends: UTF-8 without a BOM, no NUL, no other
    declared encoding. Checked before any parsing or decryption: a UTF-16 body hides a DTD from byte filters."""
    if raw.startswith(_BOMS):
        raise BadMessage("a byte-order mark (only UTF-8 without one is accepted)")
    if b"\0" in raw:
        raise BadMessage("a NUL byte")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise BadMessage("not UTF-8") from err


# --- safe mode -----------------------------------------------------------------------------------------------


def decode_aes_key(encoding_aes_key: str) -> bytes:
    """Return the 32-byte key of a 43-character EncodingAESKey; raise ``ValueError`` if it is not one."""
    if len(encoding_aes_key) != 43:
        raise ValueError("an EncodingAESKey has 43 characters")
    try:
        key = base64.b64decode(encoding_aes_key + "=", validate=True)
    except binascii.Error as err:
        raise ValueError("an EncodingAESKey is base64 text") from err
    if len(key) != 32:
        raise ValueError("an EncodingAESKey decodes to 32 bytes")
    return key


class MessageCrypto:
    """Encrypts and decrypts safe-mode messages for one account."""

    def __init__(self, token: str, encoding_aes_key: str, app_id: str) -> None:
        self.token = token
        self.key = decode_aes_key(encoding_aes_key)
        self.app_id = app_id

    def encrypt(self, xml: str, *, random16: bytes | None = None) -> str:
        """Return the base64 ciphertext of ``xml`` for this account."""
        body = xml.encode("utf-8")
        plain = (random16 or os.urandom(16)) + struct.pack(">I", len(body)) + body + self.app_id.encode("utf-8")
        pad = BLOCK - len(plain) % BLOCK
        plain += bytes([pad]) * pad
        encryptor = Cipher(algorithms.AES(self.key), modes.CBC(self.key[:16])).encryptor()
        return base64.b64encode(encryptor.update(plain) + encryptor.finalize()).decode("ascii")

    def decrypt(self, encrypted: str) -> str:
        """Return the XML inside ``encrypted``; raise ``BadMessage`` if it does not decrypt for this account."""
        try:
            data = base64.b64decode(encrypted, validate=True)
        except binascii.Error as err:
            raise BadMessage("Encrypt is not base64") from err
        if not data or len(data) % 16:
            raise BadMessage("Encrypt is not whole AES blocks")
        decryptor = Cipher(algorithms.AES(self.key), modes.CBC(self.key[:16])).decryptor()
        plain = decryptor.update(data) + decryptor.finalize()
        pad = plain[-1]
        if not 1 <= pad <= BLOCK or plain[-pad:] != bytes([pad]) * pad:
            raise BadMessage("bad padding (is WECHAT_AES_KEY right?)")
        plain = plain[:-pad]
        if len(plain) < 20:
            raise BadMessage("decrypted message too short")
        (length,) = struct.unpack(">I", plain[16:20])
        body, app_id = plain[20:20 + length], plain[20 + length:]
        if len(body) != length:
            raise BadMessage("decrypted length mismatch")
        if app_id != self.app_id.encode("utf-8"):
            raise BadMessage("message is for another app id")
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError as err:
            raise BadMessage("decrypted message is not UTF-8") from err

    def open_envelope(self, body: bytes, msg_signature: str, timestamp: str, nonce: str) -> str:
        """Verify and decrypt a safe-mode request body; return the inner XML.

        Raises ``BadMessage`` for a malformed envelope and ``BadSignature`` when ``msg_signature`` does not sign it.
        """
        encrypted = parse_fields(body).get("Encrypt", "")
        if not encrypted:
            raise BadMessage("no Encrypt element")
        check_signature(self.token, msg_signature, timestamp, nonce, encrypted)
        return self.decrypt(encrypted)

    def seal(self, xml: str, timestamp: str, nonce: str) -> str:
        """Return the safe-mode envelope of a reply."""
        encrypted = self.encrypt(xml)
        signature = sign(self.token, timestamp, nonce, encrypted)
        return (f"<xml><Encrypt>{cdata(encrypted)}</Encrypt><MsgSignature>{cdata(signature)}</MsgSignature>"
                f"<TimeStamp>{int(timestamp)}</TimeStamp><Nonce>{cdata(nonce)}</Nonce></xml>")


# --- messages ------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Popup:
    """One template's answer in a ``subscribe_msg_popup_event``: ``accept`` or ``reject``."""

    template_id: str
    status: str


@dataclass(frozen=True, slots=True)
class WxMessage:
    """What an inbound push says, as far as the bot cares."""

    to: str  # the account's id (gh_…)
    sender: str  # the user's openid
    create_time: int
    msg_type: str  # text, image, voice, …, event
    content: str = ""
    msg_id: str = ""
    event: str = ""
    event_key: str = ""
    recognition: str = ""  # speech-to-text of a voice message, when the account enabled it
    popups: tuple[Popup, ...] = ()

    @property
    def dedup_key(self) -> str:
        """The key WeChat's retries share, with the sender (another user's MsgId may be the same): MsgId for
        messages, create time and event for events."""
        if self.msg_id:
            return f"m:{self.sender}:{self.msg_id}"
        return f"e:{self.sender}:{self.create_time}:{self.event}"


def _refuse_dtd(*_args: object) -> None:
    raise BadMessage("a DTD is not allowed")


def _refuse_external(*_args: object) -> int:
    raise BadMessage("an external entity is not allowed")


def _refuse_encoding(_version: str | None, encoding: str | None, _standalone: int) -> None:
    if encoding is not None and encoding.lower().replace("-", "").replace("_", "") != "utf8":
        raise BadMessage("only UTF-8 is accepted")


def _parse_root(body: bytes | str) -> ET.Element:
    raw = body.encode("utf-8") if isinstance(body, str) else body
    check_body(raw)
    # expat with every DTD refused as the parser meets it (whatever the bytes look like): the platform never sends
    # one, and without a DTD there are no entities to expand.
    builder = ET.TreeBuilder()
    parser = xml.parsers.expat.ParserCreate("UTF-8")
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_dtd
    parser.UnparsedEntityDeclHandler = _refuse_dtd
    parser.ExternalEntityRefHandler = _refuse_external
    parser.XmlDeclHandler = _refuse_encoding
    parser.StartElementHandler = builder.start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    parser.buffer_text = True
    try:
        parser.Parse(raw, True)
        root = builder.close()
    except xml.parsers.expat.ExpatError as err:
        raise BadMessage(f"malformed XML: {err}") from err
    except AssertionError as err:  # TreeBuilder.close() with no element at all
        raise BadMessage("no XML element") from err
    if root.tag != "xml":
        raise BadMessage("root element is not <xml>")
    return root


def parse_fields(body: bytes | str) -> dict[str, str]:
    """Return the text of each top-level element of a ``<xml>`` document."""
    return {child.tag: (child.text or "").strip() for child in _parse_root(body)}


def parse_message(body: bytes | str) -> WxMessage:
    """Read an inbound message or event; raise ``BadMessage`` if it is not one."""
    root = _parse_root(body)
    fields = {child.tag: (child.text or "") for child in root}
    sender = fields.get("FromUserName", "").strip()
    msg_type = fields.get("MsgType", "").strip().lower()
    if not _OPENID.match(sender):
        raise BadMessage("FromUserName is not an openid")
    if not msg_type or len(msg_type) > 32:
        raise BadMessage("no MsgType")
    try:
        create_time = int(fields.get("CreateTime", "").strip())
    except ValueError as err:
        raise BadMessage("CreateTime is not a number") from err
    popups: list[Popup] = []
    for item in root.iterfind("./SubscribeMsgPopupEvent/List"):
        template = (item.findtext("TemplateId") or "").strip()
        status = (item.findtext("SubscribeStatusString") or "").strip().lower()
        if template:
            popups.append(Popup(template, status))
    return WxMessage(
        to=fields.get("ToUserName", "").strip()[:64], sender=sender, create_time=create_time, msg_type=msg_type,
        content=fields.get("Content", ""), msg_id=fields.get("MsgId", "").strip()[:64],
        event=fields.get("Event", "").strip()[:64], event_key=fields.get("EventKey", "").strip()[:128],
        recognition=fields.get("Recognition", "").strip(), popups=tuple(popups))


def cdata(text: str) -> str:
    """Wrap ``text`` in CDATA, splitting any ``]]>`` inside and dropping characters XML cannot carry."""
    clean = _NOT_XML.sub("", text).replace("]]>", "]]]]><![CDATA[>")
    return f"<![CDATA[{clean}]]>"


def text_reply(message: WxMessage, text: str, now: int) -> str:
    """Return the passive-reply XML answering ``message`` with ``text`` (To and From swapped)."""
    return (f"<xml><ToUserName>{cdata(message.sender)}</ToUserName><FromUserName>{cdata(message.to)}</FromUserName>"
            f"<CreateTime>{now}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
            f"<Content>{cdata(text)}</Content></xml>")
