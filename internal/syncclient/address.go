package syncclient

import (
	"net"
	"net/url"
	"strings"

	"github.com/ngo-alliance/alliance/internal/alliance"
)

// CheckAddress decides whether the laptop may talk to the server at base
// (http:// or https://…). Plain HTTP sends the laptop's token and the
// children's records readable by anyone on the way, so it is refused
// (EINSECURE) to anything but this machine (loopback) and private
// networks (an office server at 192.168.x.x), unless insecure is set:
// the user was told and chose it. Names other than localhost are not
// looked up: a name could point anywhere.
func CheckAddress(base string, insecure bool) error {
	u, err := url.Parse(base)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return alliance.Keyed(alliance.EINVALID, "sync.error.bad_address", nil, "%q is not a server address", base)
	}
	if u.Scheme == "https" || insecure || localAddress(u.Hostname()) {
		return nil
	}
	return alliance.Keyed(alliance.EINSECURE, "sync.error.insecure", alliance.Args{"Host": u.Hostname()},
		"%s is reached over plain http://: anyone on the way could read and change what is sent; use https:// (or --insecure if you must)", u.Hostname())
}

// localAddress reports whether host is this machine or a private network.
func localAddress(host string) bool {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	if i := strings.IndexByte(host, '%'); i >= 0 { // an IPv6 zone: fe80::1%eth0
		host = host[:i]
	}
	ip := net.ParseIP(host)
	return ip != nil && (ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast())
}
