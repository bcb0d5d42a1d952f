"""Where partner deliveries may connect: public internet addresses only.

An admin types the endpoint's URL, so without this a delivery could reach the desk's own
machine, the cloud metadata service (169.254.169.254) or the private network, and the
partner's answer (or the connection error) shown on the admin page would report what is
there. Each connection resolves the name itself, refuses it before connecting when an
address is not public, and connects to the address it checked, so a name that resolves
(or re-resolves) to 127.0.0.1 is caught as well as a literal, including IPv4 addresses
inside IPv6 (::ffff:127.0.0.1, 6to4, Teredo, NAT64). Redirects are never
followed. Through an egress proxy (HTTPS_PROXY) the proxy decides.
PARTNER_WEBHOOKS_ALLOW_PRIVATE lifts the rule (tests, partners on an internal network)."""

from __future__ import annotations

import ipaddress
import socket
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

NAT64 = ipaddress.ip_network("64:ff9b::/96")


class BlockedAddress(ValueError):
    """The endpoint's address is not a public internet address (nothing was sent)."""

    def __init__(self, address: str) -> None:
        super().__init__(f"Alamat tujuan {address} bukan alamat internet publik; tidak dikirim.")
        self.address = address


def public(address: str) -> bool:
    """Returns True when `address` (an IP literal) is a public internet address; IPv4
    addresses carried inside IPv6 are judged as the IPv4 address they carry."""
    try:
        ip: ipaddress.IPv4Address | ipaddress.IPv6Address = ipaddress.ip_address(
            address.split("%", 1)[0]
        )
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        teredo = ip.teredo[1] if ip.teredo else None
        inner = ip.ipv4_mapped or ip.sixtofour or teredo
        if ip in NAT64:
            inner = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if inner is not None:
            ip = inner
    return ip.is_global and not ip.is_multicast


def literal_host_blocked(host: str) -> bool:
    """Returns True when `host` is, without asking DNS, not a public address: an IP
    literal in any spelling the resolver accepts (2130706433, 0x7f.1, [::1]) that is not
    public, or a localhost name."""
    name = host.strip("[]").rstrip(".").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        found = socket.getaddrinfo(name, None, flags=socket.AI_NUMERICHOST)
    except (socket.gaierror, UnicodeError, ValueError):
        return False  # a name: checked on the connection itself
    return any(not public(str(info[4][0])) for info in found)


class _Checked:
    """Connection mixin: resolves the host itself, refuses it before any connection
    when one of its addresses is not public (a refused connection would tell open ports
    from closed ones), and connects to the address it checked (no second lookup that a
    short-lived DNS answer could change)."""

    def _new_conn(self) -> socket.socket:
        if getattr(self, "_tunnel_host", None):
            return super()._new_conn()  # type: ignore[misc,no-any-return]  # a proxy decides
        host, port = self._dns_host, self.port  # type: ignore[attr-defined]
        try:
            found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError):
            return super()._new_conn()  # type: ignore[misc,no-any-return]  # its own error
        addresses = [str(info[4][0]) for info in found]
        for address in addresses:
            if not public(address):
                raise BlockedAddress(address)
        # Connect to the checked address; the name comes back at once, as urllib3 takes
        # the TLS server name and the Host header from it.
        self._dns_host = addresses[0]
        try:
            return super()._new_conn()  # type: ignore[misc,no-any-return]
        finally:
            self._dns_host = host


class _HTTPConnection(_Checked, HTTPConnection):
    pass


class _HTTPSConnection(_Checked, HTTPSConnection):
    pass


class _HTTPPool(HTTPConnectionPool):
    ConnectionCls = _HTTPConnection


class _HTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _HTTPSConnection


class _PublicOnly(HTTPAdapter):
    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _HTTPPool, "https": _HTTPSPool}


def session(allow_private: bool) -> requests.Session:
    """Returns a requests session that connects only to public addresses (raising
    BlockedAddress otherwise), or an ordinary one when `allow_private`."""
    found = requests.Session()
    if not allow_private:
        found.mount("http://", _PublicOnly())
        found.mount("https://", _PublicOnly())
    return found
