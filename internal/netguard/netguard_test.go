package netguard

import (
	"errors"
	"net/netip"
	"net/url"
	"strings"
	"testing"
)

func TestForbiddenAddresses(t *testing.T) {
	for addr, want := range map[string]string{
		"127.0.0.1": "loopback", "127.8.9.10": "loopback", "::1": "loopback",
		"10.0.0.1": "private (RFC 1918)", "172.16.0.1": "private (RFC 1918)", "172.31.255.255": "private (RFC 1918)",
		"192.168.1.1": "private (RFC 1918)", "fd12:3456::1": "private (unique local)", "fc00::1": "private (unique local)",
		"169.254.169.254": "link-local (cloud metadata)", "169.254.1.1": "link-local", "fe80::1": "link-local",
		"0.0.0.0": "\"this network\"", "::": "unspecified", "224.0.0.251": "multicast", "ff02::1": "multicast",
		"100.64.0.1": "carrier-grade NAT (RFC 6598)", "100.127.255.255": "carrier-grade NAT (RFC 6598)",
		"255.255.255.255": "broadcast", "::ffff:10.1.1.1": "private (RFC 1918)", "::ffff:169.254.169.254": "link-local (cloud metadata)",
		"64:ff9b::a9fe:a9fe": "link-local (cloud metadata) (NAT64)", "2002:7f00:1::": "loopback (6to4)",
		"8.8.8.8": "", "172.32.0.1": "", "100.128.0.1": "", "2001:4860:4860::8888": "", "93.184.216.34": "",
	} {
		if got := Forbidden(netip.MustParseAddr(addr)); got != want {
			t.Errorf("Forbidden(%s) = %q, want %q", addr, got, want)
		}
	}
	g := &Guard{Key: "x.allow_private_addresses"}
	for _, addr := range []string{"169.254.169.254:80", "[fe80::1%eth0]:80", "[::ffff:127.0.0.1]:8080", "localhost:80"} {
		if err := g.Control("tcp", addr, nil); !errors.Is(err, ErrForbidden) {
			t.Errorf("control to %s: %v, want a refusal", addr, err)
		}
	}
	if err := g.Control("tcp", "169.254.169.254:80", nil); !errors.Is(err, ErrForbidden) {
		t.Errorf("control to the metadata address: %v", err)
	}
	if err := g.Control("tcp", "93.184.216.34:443", nil); err != nil {
		t.Errorf("control to a public address: %v", err)
	}
	if err := (&Guard{AllowPrivate: true}).Control("tcp", "127.0.0.1:80", nil); err != nil {
		t.Errorf("control with private addresses allowed: %v", err)
	}
}

func TestCheckLiteralNamesTheKey(t *testing.T) {
	g := &Guard{Key: "alerts.allow_private_addresses"}
	u, _ := url.Parse("http://127.0.0.1:9/hook")
	err := g.CheckLiteral(u)
	if !errors.Is(err, ErrForbidden) || !strings.Contains(err.Error(), "alerts.allow_private_addresses") {
		t.Errorf("CheckLiteral(%s) = %v, want a refusal naming the key", u, err)
	}
	g.Exempt = map[netip.AddrPort]bool{netip.MustParseAddrPort("127.0.0.1:9"): true}
	if err := g.CheckLiteral(u); err != nil {
		t.Errorf("an exempt address: %v", err)
	}
	if u, _ := url.Parse("https://example.org/x"); g.CheckLiteral(u) != nil {
		t.Error("a name is checked when dialled, not before")
	}
}
