// Package netguard refuses outbound connections to the network searchd
// runs in: loopback, private, link-local (cloud metadata) and other
// internal addresses, checked on the resolved address of every connection.
// Feeds and saved-search webhooks share it.
package netguard

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"syscall"
)

// ErrForbidden is the kind of every refusal to connect to an internal
// address; the error itself says which address and why.
var ErrForbidden = errors.New("address not allowed")

// AddressError is a connection refused because of where it would go.
type AddressError struct {
	Addr   netip.Addr
	Reason string // "loopback", "private", "link-local (cloud metadata)", ...
	Key    string // the configuration key that allows it
}

// Error names the address, its kind and the key that allows it.
func (e *AddressError) Error() string {
	return fmt.Sprintf("refused to connect to %s: a %s address (set %s: true to allow it)", e.Addr, e.Reason, e.Key)
}

// Unwrap returns ErrForbidden.
func (e *AddressError) Unwrap() error { return ErrForbidden }

// blockedPrefix is a range of addresses nothing outside may make searchd connect to.
type blockedPrefix struct {
	prefix netip.Prefix
	reason string
}

// blocked lists the ranges refused by default: a feed, a page or a webhook
// (or a redirect, or a DNS answer that changed since the last look-up)
// pointing at them would turn the daemon into a client of the network it
// runs in.
var blocked = func() []blockedPrefix {
	list := []struct{ cidr, reason string }{
		{"0.0.0.0/8", "\"this network\""},
		{"10.0.0.0/8", "private (RFC 1918)"},
		{"100.64.0.0/10", "carrier-grade NAT (RFC 6598)"},
		{"127.0.0.0/8", "loopback"},
		{"169.254.169.254/32", "link-local (cloud metadata)"},
		{"169.254.0.0/16", "link-local"},
		{"172.16.0.0/12", "private (RFC 1918)"},
		{"192.0.0.0/24", "IETF protocol assignments"},
		{"192.168.0.0/16", "private (RFC 1918)"},
		{"198.18.0.0/15", "benchmarking"},
		{"224.0.0.0/4", "multicast"},
		{"240.0.0.0/4", "reserved"},
		{"::/128", "unspecified"},
		{"::1/128", "loopback"},
		{"fc00::/7", "private (unique local)"},
		{"fe80::/10", "link-local"},
		{"fec0::/10", "site-local"},
		{"ff00::/8", "multicast"},
	}
	out := make([]blockedPrefix, len(list))
	for i, b := range list {
		out[i] = blockedPrefix{netip.MustParsePrefix(b.cidr), b.reason}
	}
	return out
}()

// nat64 and sixToFour embed an IPv4 address in an IPv6 one; the embedded
// address is what a gateway would connect to.
var (
	nat64     = netip.MustParsePrefix("64:ff9b::/96")
	sixToFour = netip.MustParsePrefix("2002::/16")
)

// Forbidden returns why ip may not be connected to, or "" when it may.
func Forbidden(ip netip.Addr) string {
	// ::ffff:127.0.0.1 is 127.0.0.1; and netip.Prefix never contains an
	// address with a zone, so fe80::1%eth0 must lose it to be matched.
	ip = ip.Unmap().WithZone("")
	if ip.Is6() {
		b := ip.As16()
		switch {
		case nat64.Contains(ip):
			if r := Forbidden(netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]})); r != "" {
				return r + " (NAT64)"
			}
		case sixToFour.Contains(ip):
			if r := Forbidden(netip.AddrFrom4([4]byte{b[2], b[3], b[4], b[5]})); r != "" {
				return r + " (6to4)"
			}
		}
	}
	if ip.Is4() && ip == netip.AddrFrom4([4]byte{255, 255, 255, 255}) {
		return "broadcast"
	}
	for _, b := range blocked {
		if b.prefix.Contains(ip) {
			return b.reason
		}
	}
	return ""
}

// Guard checks the address of every connection a client opens, after DNS
// resolution and for each redirect, which is where a check must be: a host
// name checked before the request may resolve elsewhere when dialled.
type Guard struct {
	AllowPrivate bool   // allow every address
	Key          string // the configuration key that sets AllowPrivate, for messages
	// Exempt lets tests reach their own servers (on 127.0.0.1) while
	// checking that everything else internal is refused.
	Exempt map[netip.AddrPort]bool
}

// Control is a net.Dialer Control hook: it runs after the socket is made and
// before it connects, with the resolved address.
func (g *Guard) Control(network, address string, _ syscall.RawConn) error {
	if g.AllowPrivate {
		return nil
	}
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("refused to connect to %q: not an IP address and port: %w", address, ErrForbidden)
	}
	if g.Exempt[ap] {
		return nil
	}
	if reason := Forbidden(ap.Addr()); reason != "" {
		return &AddressError{Addr: ap.Addr().Unmap(), Reason: reason, Key: g.Key}
	}
	return nil
}

// CheckLiteral refuses a URL host that is itself an internal IP address, so
// that adding such a URL fails at once rather than at its first use.
func (g *Guard) CheckLiteral(u *url.URL) error {
	if g.AllowPrivate {
		return nil
	}
	ip, err := netip.ParseAddr(u.Hostname())
	if err != nil {
		return nil // a name: checked when dialled
	}
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
	}
	if ap, err := netip.ParseAddrPort(net.JoinHostPort(ip.String(), port)); err == nil && g.Exempt[ap] {
		return nil
	}
	if reason := Forbidden(ip); reason != "" {
		return &AddressError{Addr: ip.Unmap(), Reason: reason, Key: g.Key}
	}
	return nil
}
