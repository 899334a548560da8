//! IP address facts as the kubelet and Go's `net` package see them.
//!
//! Go keeps every parsed IP in a 16-byte form, so `1.2.3.4` and `::ffff:1.2.3.4` are the
//! same value there and both print as `1.2.3.4`. Here an IPv4-mapped IPv6 address stays an
//! [`IpAddr::V6`] after parsing, and the helpers ([`format_ip`], [`is_ipv4_family`], ...)
//! treat it as IPv4 the way Go does.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Go's `net.IP.To4`: the IPv4 view of an address, for IPv4 and IPv4-mapped IPv6 addresses.
fn to_ipv4(ip: &IpAddr) -> Option<Ipv4Addr> {
    match ip {
        IpAddr::V4(v4) => Some(*v4),
        IpAddr::V6(v6) => v6.to_ipv4_mapped(),
    }
}

/// Spec F3/F3a: mirrors kubernetes/utils `net/ipfamily.go` `IsIPv4` (Go `ip.To4() != nil`): IPv4
/// addresses and IPv4-mapped IPv6 addresses count as IPv4.
pub fn is_ipv4_family(ip: &IpAddr) -> bool {
    to_ipv4(ip).is_some()
}

/// Parses one dotted-quad IPv4 address the way Go's `netip.ParseAddr` does (four decimal
/// fields, each at most 255, no leading zeros, nothing else).
fn parse_ipv4_strict(s: &str) -> Option<[u8; 4]> {
    let mut fields = [0u8; 4];
    let mut pos = 0usize;
    let mut val: u32 = 0;
    let mut digits = 0usize;
    let b = s.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        if c.is_ascii_digit() {
            if digits == 1 && val == 0 {
                return None; // leading zero
            }
            val = val * 10 + u32::from(c - b'0');
            digits += 1;
            if val > 255 {
                return None;
            }
        } else if c == b'.' {
            if i == 0 || i == b.len() - 1 || b[i - 1] == b'.' || pos == 3 {
                return None;
            }
            fields[pos] = u8::try_from(val).ok()?;
            pos += 1;
            val = 0;
            digits = 0;
        } else {
            return None;
        }
    }
    if pos < 3 || digits == 0 {
        return None;
    }
    fields[3] = u8::try_from(val).ok()?;
    Some(fields)
}

fn hex_value(c: u8) -> Option<u32> {
    match c {
        b'0'..=b'9' => Some(u32::from(c - b'0')),
        b'a'..=b'f' => Some(u32::from(c - b'a') + 10),
        b'A'..=b'F' => Some(u32::from(c - b'A') + 10),
        _ => None,
    }
}

/// Parses an IPv6 address the way Go's `netip.ParseAddr` does: up to eight fields of one to
/// four hex digits, at most one `::` standing for at least one zero field, an optional
/// dotted IPv4 tail in the last 32 bits. Zones are refused (Go's `net.ParseIP` does).
fn parse_ipv6_strict(s: &str) -> Option<[u8; 16]> {
    if s.contains('%') {
        return None;
    }
    let mut ip = [0u8; 16];
    let mut ellipsis: Option<usize> = None;
    let mut rest = s;
    if rest.starts_with("::") {
        ellipsis = Some(0);
        rest = &rest[2..];
        if rest.is_empty() {
            return Some(ip);
        }
    }
    let mut i = 0usize;
    while i < 16 {
        let rb = rest.as_bytes();
        let mut off = 0usize;
        let mut acc: u32 = 0;
        while off < rb.len() {
            let Some(d) = hex_value(rb[off]) else { break };
            if off > 3 {
                return None; // more than four hex digits
            }
            acc = (acc << 4) + d;
            off += 1;
        }
        if off == 0 {
            return None;
        }
        if rb.get(off) == Some(&b'.') {
            if ellipsis.is_none() && i != 12 {
                return None;
            }
            if i + 4 > 16 {
                return None;
            }
            let v4 = parse_ipv4_strict(rest)?;
            ip[i..i + 4].copy_from_slice(&v4);
            rest = "";
            i += 4;
            break;
        }
        let [_, _, hi, lo] = acc.to_be_bytes();
        ip[i] = hi;
        ip[i + 1] = lo;
        i += 2;
        rest = &rest[off..];
        if rest.is_empty() {
            break;
        }
        if !rest.starts_with(':') || rest.len() == 1 {
            return None;
        }
        rest = &rest[1..];
        if rest.starts_with(':') {
            if ellipsis.is_some() {
                return None;
            }
            ellipsis = Some(i);
            rest = &rest[1..];
            if rest.is_empty() {
                break;
            }
        }
    }
    if !rest.is_empty() {
        return None;
    }
    if i < 16 {
        let at = ellipsis?;
        let n = 16 - i;
        for j in (at..i).rev() {
            ip[j + n] = ip[j];
        }
        for b in &mut ip[at..at + n] {
            *b = 0;
        }
    } else if ellipsis.is_some() {
        return None; // `::` must stand for at least one zero field
    }
    Some(ip)
}

/// Go's `net.ParseIP` (1.22+, backed by `netip.ParseAddr`, zones refused).
fn parse_ip_strict(s: &str) -> Option<IpAddr> {
    for c in s.bytes() {
        match c {
            b'.' => return parse_ipv4_strict(s).map(|a| IpAddr::V4(Ipv4Addr::from(a))),
            b':' => return parse_ipv6_strict(s).map(|a| IpAddr::V6(Ipv6Addr::from(a))),
            b'%' => return None,
            _ => {}
        }
    }
    None
}

/// Strips leading zeros from each decimal group, keeping at least one digit.
fn strip_group_zeros(group: &str) -> &str {
    let trimmed = group.trim_start_matches('0');
    if trimmed.is_empty() {
        &group[group.len() - 1..]
    } else {
        trimmed
    }
}

/// The zero-stripping rewrite k8s.io/utils/net applies before its second parse attempt:
/// when the text ends with a dotted quad of decimal groups (at the start or right after a
/// `:`), optionally followed by `/` and a decimal mask, leading zeros of those numbers are
/// removed. Anything else is returned unchanged.
fn strip_sloppy_zeros(s: &str, allow_mask: bool) -> String {
    let (body, mask) = match s.split_once('/') {
        Some((b, m)) if allow_mask && !m.is_empty() && m.bytes().all(|c| c.is_ascii_digit()) => {
            (b, Some(m))
        }
        Some(_) => return s.to_string(),
        None => (s, None),
    };
    let (head, quad) = match body.rfind(':') {
        Some(at) => body.split_at(at + 1),
        None => ("", body),
    };
    let groups: Vec<&str> = quad.split('.').collect();
    if groups.len() != 4
        || groups
            .iter()
            .any(|g| g.is_empty() || !g.bytes().all(|c| c.is_ascii_digit()))
    {
        return s.to_string();
    }
    let mut out = String::from(head);
    let stripped: Vec<&str> = groups.iter().map(|g| strip_group_zeros(g)).collect();
    out.push_str(&stripped.join("."));
    if let Some(m) = mask {
        out.push('/');
        out.push_str(strip_group_zeros(m));
    }
    out
}

/// Spec F3/F3a: mirrors kubernetes/utils `net/parse.go` `ParseIPSloppy`: Go's `net.ParseIP`,
/// except that decimal IPv4 numbers may carry leading zeros, read as decimal
/// (`010.1.2.3` is 10.1.2.3, also in an IPv4 tail of an IPv6 address). IPv6 follows Go's
/// rules (at most four hex digits per field, one `::`), zones and trailing dots are refused.
pub fn parse_ip_sloppy(s: &str) -> Option<IpAddr> {
    parse_ip_strict(s).or_else(|| parse_ip_strict(&strip_sloppy_zeros(s, false)))
}

/// Spec F3/F3a: mirrors Go `src/net/ip.go` `IP.String` (deferring to `netip.Addr.String`): dotted
/// decimal for IPv4 and IPv4-mapped IPv6 addresses; otherwise lower-case hex fields without
/// leading zeros, with the first longest run of two or more zero fields written as `::`.
pub fn format_ip(ip: &IpAddr) -> String {
    if let Some(v4) = to_ipv4(ip) {
        return v4.to_string();
    }
    let IpAddr::V6(v6) = ip else {
        return ip.to_string();
    };
    let seg = v6.segments();
    let (mut zero_start, mut zero_end) = (usize::MAX, usize::MAX);
    let mut best = 0usize;
    for i in 0..8 {
        let mut j = i;
        while j < 8 && seg[j] == 0 {
            j += 1;
        }
        let run = j - i;
        if run >= 2 && run > best {
            best = run;
            zero_start = i;
            zero_end = j;
        }
    }
    let mut out = String::new();
    let mut i = 0usize;
    while i < 8 {
        if i == zero_start {
            out.push_str("::");
            i = zero_end;
            if i >= 8 {
                break;
            }
        } else if i > 0 {
            out.push(':');
        }
        out.push_str(&format!("{:x}", seg[i]));
        i += 1;
    }
    out
}

/// Spec S5: mirrors Go `src/net/ipsock.go` `JoinHostPort` as used by
/// `pkg/kubelet/envvars/envvars.go` `makeLinkVariables`: the host
/// is bracketed exactly when it contains a `:`.
pub fn join_host_port(host: &str, port: i32) -> String {
    if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    }
}

/// Spec F3 (TV25-TV27): mirrors `pkg/kubelet/kubelet_pods.go` `sortPodIPs`.
///
/// The primary family is IPv4 when the kubelet has no node IPs or its first node IP is
/// IPv4 (an unparsable first node IP therefore selects IPv6, as upstream's nil check does);
/// otherwise IPv6. The result holds the first pod IP of the primary family, then the first
/// of the other family, each re-printed canonically; unparsable entries are skipped.
pub fn sort_pod_ips(pod_ips: &[String], node_ips: &[String]) -> Vec<String> {
    let primary_v4 = match node_ips.first() {
        None => true,
        Some(first) => parse_ip_sloppy(first).is_some_and(|ip| is_ipv4_family(&ip)),
    };
    let parsed: Vec<IpAddr> = pod_ips.iter().filter_map(|s| parse_ip_sloppy(s)).collect();
    let mut out = Vec::with_capacity(2);
    for want_v4 in [primary_v4, !primary_v4] {
        if let Some(ip) = parsed.iter().find(|ip| is_ipv4_family(ip) == want_v4) {
            out.push(format_ip(ip));
        }
    }
    out
}

/// One entry of a Node's `status.addresses`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeAddress {
    /// `type`, e.g. `InternalIP`, `ExternalIP`, `Hostname`.
    pub kind: String,
    /// `address`.
    pub address: String,
}

/// Spec F3a: mirrors `pkg/util/node/node.go` `GetNodeHostIPs` (reached through the kubelet's
/// `getHostIPsAnyWay`).
///
/// Every parsable `InternalIP` address, then every parsable `ExternalIP` address (others
/// ignored); the first is the host IP, followed by the first address of the other family if
/// there is one. Addresses are printed canonically. With none, the error is the kubelet's
/// `host IP unknown; known addresses: [...]` listing all addresses the way Go's `%v` prints
/// a `[]v1.NodeAddress` (`[{Hostname kind-worker} {InternalIP x}]`, `[]` when empty).
pub fn node_host_ips(addresses: &[NodeAddress]) -> Result<Vec<String>, String> {
    let all: Vec<IpAddr> = ["InternalIP", "ExternalIP"]
        .iter()
        .flat_map(|kind| {
            addresses
                .iter()
                .filter(move |a| a.kind == *kind)
                .filter_map(|a| parse_ip_sloppy(&a.address))
        })
        .collect();
    let Some(first) = all.first() else {
        let listed: Vec<String> = addresses
            .iter()
            .map(|a| format!("{{{} {}}}", a.kind, a.address))
            .collect();
        return Err(format!(
            "host IP unknown; known addresses: [{}]",
            listed.join(" ")
        ));
    };
    let mut out = vec![format_ip(first)];
    if let Some(other) = all
        .iter()
        .find(|ip| is_ipv4_family(ip) != is_ipv4_family(first))
    {
        out.push(format_ip(other));
    }
    Ok(out)
}

/// An IP network: the (masked) network address and the prefix length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    /// The network address (host bits cleared).
    pub addr: IpAddr,
    /// The prefix length in bits.
    pub prefix: u8,
}

impl std::fmt::Display for Cidr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", format_ip(&self.addr), self.prefix)
    }
}

/// Go's `dtoi` as used for CIDR masks: decimal digits only, at least one.
fn parse_mask(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let mut n: u32 = 0;
    for c in s.bytes() {
        n = n.checked_mul(10)?.checked_add(u32::from(c - b'0'))?;
        if n >= 0xFF_FFFF {
            return None;
        }
    }
    Some(n)
}

fn parse_cidr_strict(s: &str) -> Option<Cidr> {
    let (addr, mask) = s.split_once('/')?;
    let ip = parse_ip_strict(addr)?;
    let bits = match ip {
        IpAddr::V4(_) => 32,
        IpAddr::V6(_) => 128,
    };
    let prefix = parse_mask(mask)?;
    if prefix > bits {
        return None;
    }
    let prefix = u8::try_from(prefix).ok()?;
    Some(Cidr {
        addr: mask_addr(&ip, prefix),
        prefix,
    })
}

/// Clears the host bits of `ip` for a prefix of `prefix` bits in its own family.
fn mask_addr(ip: &IpAddr, prefix: u8) -> IpAddr {
    match ip {
        IpAddr::V4(v4) => {
            let m = u32::MAX.checked_shl(32 - u32::from(prefix)).unwrap_or(0);
            IpAddr::V4(Ipv4Addr::from(u32::from(*v4) & m))
        }
        IpAddr::V6(v6) => {
            let m = u128::MAX.checked_shl(128 - u32::from(prefix)).unwrap_or(0);
            IpAddr::V6(Ipv6Addr::from(u128::from(*v6) & m))
        }
    }
}

/// Spec A5/S9 (cluster IPs): mirrors kubernetes/utils `net/parse.go` `ParseCIDRSloppy` (Go
/// `net.ParseCIDR` with leading zeros allowed in decimal numbers): `address/prefix`, the address as
/// [`parse_ip_sloppy`] reads it, the prefix decimal and within the family's width. The network
/// address has its host bits cleared. The error is Go's `invalid CIDR address: <text>`.
pub fn parse_cidr(s: &str) -> Result<Cidr, String> {
    if let Some(c) = parse_cidr_strict(s) {
        return Ok(c);
    }
    let stripped = strip_sloppy_zeros(s, true);
    parse_cidr_strict(&stripped).ok_or_else(|| format!("invalid CIDR address: {stripped}"))
}

impl Cidr {
    fn bits(&self) -> u32 {
        match self.addr {
            IpAddr::V4(_) => 32,
            IpAddr::V6(_) => 128,
        }
    }

    /// The first host address, the network address plus one (`10.96.0.0/12` gives
    /// `10.96.0.1`, the usual `kubernetes` Service IP); `None` when the network has no
    /// second address (a /32 or /128).
    pub fn first_host(&self) -> Option<IpAddr> {
        self.nth(1)
    }

    /// The number of addresses in the network; a `/0` IPv6 network (2^128 addresses)
    /// saturates at `u128::MAX`.
    pub fn size(&self) -> u128 {
        let host_bits = self.bits().saturating_sub(u32::from(self.prefix));
        1u128.checked_shl(host_bits).unwrap_or(u128::MAX)
    }

    /// The address at offset `n` from the network address, if it lies inside the network.
    pub fn nth(&self, n: u128) -> Option<IpAddr> {
        let host_bits = self.bits().saturating_sub(u32::from(self.prefix));
        if host_bits < 128 && n >= (1u128 << host_bits) {
            return None;
        }
        match self.addr {
            IpAddr::V4(v4) => {
                let n = u32::try_from(n).ok()?;
                Some(IpAddr::V4(Ipv4Addr::from(u32::from(v4).checked_add(n)?)))
            }
            IpAddr::V6(v6) => Some(IpAddr::V6(Ipv6Addr::from(u128::from(v6).checked_add(n)?))),
        }
    }

    /// Spec A5: mirrors Go `src/net/ip.go` `IPNet.Contains`: an IPv4 network (or an IPv4-mapped
    /// IPv6 network, compared on its last 32 bits) contains IPv4 and IPv4-mapped addresses; an IPv6
    /// network contains only non-mapped IPv6 addresses.
    pub fn contains(&self, ip: &IpAddr) -> bool {
        let net_v4 = to_ipv4(&self.addr);
        match (net_v4, to_ipv4(ip)) {
            (Some(net), Some(addr)) => {
                let prefix = match self.addr {
                    IpAddr::V4(_) => u32::from(self.prefix),
                    IpAddr::V6(_) => u32::from(self.prefix).saturating_sub(96),
                };
                let m = u32::MAX.checked_shl(32 - prefix.min(32)).unwrap_or(0);
                u32::from(net) & m == u32::from(addr) & m
            }
            (None, None) => match (self.addr, ip) {
                (IpAddr::V6(net), IpAddr::V6(addr)) => {
                    let m = u128::MAX
                        .checked_shl(128 - u32::from(self.prefix).min(128))
                        .unwrap_or(0);
                    u128::from(net) & m == u128::from(*addr) & m
                }
                _ => false,
            },
            _ => false,
        }
    }
}

/// Spec D4 (TV88, TV89): mirrors kubernetes/dns `docs/specification.md` (PTR records, schema 1.1.0)
/// and Go `src/net/dnsclient.go` `reverseaddr`: the PTR owner name of an address:
/// `d.c.b.a.in-addr.arpa.` for IPv4 (and IPv4-mapped) addresses, the 32 nibbles of the full IPv6
/// address in reverse order, dot-separated, then `ip6.arpa.` otherwise.
pub fn reverse_pointer_name(ip: &IpAddr) -> String {
    if let Some(v4) = to_ipv4(ip) {
        let [a, b, c, d] = v4.octets();
        return format!("{d}.{c}.{b}.{a}.in-addr.arpa.");
    }
    let IpAddr::V6(v6) = ip else {
        return String::new();
    };
    let mut out = String::with_capacity(72);
    for byte in v6.octets().iter().rev() {
        out.push_str(&format!("{:x}.{:x}.", byte & 0x0f, byte >> 4));
    }
    out.push_str("ip6.arpa.");
    out
}

/// Spec D6/D9 (TV92): mirrors coredns `plugin/kubernetes/kubernetes.go` `endpointHostname` (and the
/// inverse of `findPods`): the DNS label built from a pod or endpoint IP: the canonical text with
/// `.` (IPv4) or `:` (IPv6) replaced by `-` (`172-17-0-3`, `fd00--6`).
pub fn pod_dns_label(ip: &IpAddr) -> String {
    format_ip(ip).replace(['.', ':'], "-")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Option<String> {
        parse_ip_sloppy(s).map(|ip| format_ip(&ip))
    }

    fn strs(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn parse_ipv4_sloppy() {
        assert_eq!(p("1.2.3.4").as_deref(), Some("1.2.3.4"));
        assert_eq!(p("010.1.2.3").as_deref(), Some("10.1.2.3"));
        assert_eq!(p("010.001.002.003").as_deref(), Some("10.1.2.3"));
        assert_eq!(p("0.0.0.0").as_deref(), Some("0.0.0.0"));
        assert_eq!(p("000.000.000.000").as_deref(), Some("0.0.0.0"));
        assert_eq!(p("255.255.255.255").as_deref(), Some("255.255.255.255"));
        assert_eq!(p("0255.1.1.1").as_deref(), Some("255.1.1.1"));
        for bad in [
            "192.168.1.1.",
            ".1.2.3",
            "1.2.3",
            "1.2.3.4.5",
            "256.1.1.1",
            "0256.1.1.1",
            "1..2.3",
            "1.2.3.4/24",
            "1.2.3.4 ",
            " 1.2.3.4",
            "+1.2.3.4",
            "1.2.3.-4",
            "a.b.c.d",
            "",
            "1",
            "1.2.3.4%eth0",
            "0x1.2.3.4",
        ] {
            assert_eq!(parse_ip_sloppy(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn parse_ipv6_go_rules() {
        let cases = [
            ("::", "::"),
            ("::1", "::1"),
            ("1::", "1::"),
            ("fd00::6", "fd00::6"),
            ("2001:DB8::5", "2001:db8::5"),
            ("2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"),
            ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
            ("2001:0:0:1:0:0:0:1", "2001:0:0:1::1"),
            ("1:0:1:0:1:0:1:0", "1:0:1:0:1:0:1:0"),
            ("1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8"),
            ("0:0:0:0:0:0:0:0", "::"),
            ("1:0:0:0:0:0:0:0", "1::"),
            ("::ffff:1.2.3.4", "1.2.3.4"),
            ("::FFFF:010.1.2.3", "10.1.2.3"),
            ("::ffff:0102:0304", "1.2.3.4"),
            ("::1.2.3.4", "::102:304"),
            ("64:ff9b::1.2.3.4", "64:ff9b::102:304"),
            ("1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304"),
        ];
        for (input, want) in cases {
            assert_eq!(p(input).as_deref(), Some(want), "{input}");
        }
        for bad in [
            ":",
            ":::",
            "1:::2",
            ":1::2",
            "1::2:",
            "1::2::3",
            "1:2:3:4:5:6:7:8:9",
            "1:2:3:4:5:6:7",
            "1:2:3:4:5:6:7::8",
            "1:2:3:4::5:6:7:8",
            "00000::1",
            "12345::",
            "g::1",
            "fe80::1%eth0",
            "1:2:3:4:5:6:7:1.2.3.4",
            "::1.2.3",
            "1.2.3.4::",
            "[::1]",
            "::1 ",
            "1:2:3:4:5:1.2.3.4",
        ] {
            assert_eq!(parse_ip_sloppy(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn ipv4_mapped_counts_as_ipv4() {
        let mapped = parse_ip_sloppy("::ffff:10.0.0.1");
        assert!(matches!(mapped, Some(IpAddr::V6(_))));
        let mapped = mapped.unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
        assert!(is_ipv4_family(&mapped));
        assert_eq!(format_ip(&mapped), "10.0.0.1");
        assert!(!is_ipv4_family(&IpAddr::V6(Ipv6Addr::LOCALHOST)));
        assert!(is_ipv4_family(&IpAddr::V4(Ipv4Addr::LOCALHOST)));
    }

    #[test]
    fn join_host_port_brackets_iff_colon() {
        assert_eq!(join_host_port("1.2.3.4", 8080), "1.2.3.4:8080");
        assert_eq!(join_host_port("2001:db8::1", 443), "[2001:db8::1]:443");
        assert_eq!(join_host_port("my-host", 0), "my-host:0");
        assert_eq!(join_host_port("::ffff:1.2.3.4", 1), "[::ffff:1.2.3.4]:1");
    }

    #[test]
    fn sort_pod_ips_vectors() {
        // TV25: IPv4 node, [v4, v6].
        let v4_node = strs(&["10.0.0.1"]);
        assert_eq!(
            sort_pod_ips(&strs(&["1.2.3.4", "fd00::6"]), &v4_node),
            strs(&["1.2.3.4", "fd00::6"])
        );
        // TV26: reverse order on an IPv4-primary node.
        assert_eq!(
            sort_pod_ips(&strs(&["fd00::6", "1.2.3.4"]), &v4_node),
            strs(&["1.2.3.4", "fd00::6"])
        );
        // TV27: invalid entry dropped, one IP per family.
        assert_eq!(
            sort_pod_ips(&strs(&["1.2.3.4", "192.168.1.1.", "fd00::6"]), &v4_node),
            strs(&["1.2.3.4", "fd00::6"])
        );
        // No node IPs: IPv4 first.
        assert_eq!(
            sort_pod_ips(&strs(&["fd00::6", "1.2.3.4"]), &[]),
            strs(&["1.2.3.4", "fd00::6"])
        );
        // IPv6-primary node.
        assert_eq!(
            sort_pod_ips(
                &strs(&["1.2.3.4", "fd00::6", "fd00::7"]),
                &strs(&["fd00::1"])
            ),
            strs(&["fd00::6", "1.2.3.4"])
        );
        // Unparsable first node IP selects IPv6 (upstream's IsIPv4(nil) is false).
        assert_eq!(
            sort_pod_ips(&strs(&["1.2.3.4", "fd00::6"]), &strs(&["bogus"])),
            strs(&["fd00::6", "1.2.3.4"])
        );
        // Re-formatting and single-family.
        assert_eq!(
            sort_pod_ips(&strs(&["010.0.0.5", "2001:DB8:0::5", "10.0.0.6"]), &v4_node),
            strs(&["10.0.0.5", "2001:db8::5"])
        );
        assert_eq!(
            sort_pod_ips(&strs(&["1.2.3.4"]), &v4_node),
            strs(&["1.2.3.4"])
        );
        assert_eq!(
            sort_pod_ips(&strs(&["nonsense"]), &v4_node),
            Vec::<String>::new()
        );
        // An IPv4-mapped pod IP is IPv4 and printed dotted.
        assert_eq!(
            sort_pod_ips(&strs(&["::ffff:1.2.3.4"]), &v4_node),
            strs(&["1.2.3.4"])
        );
    }

    fn addr(kind: &str, address: &str) -> NodeAddress {
        NodeAddress {
            kind: kind.to_string(),
            address: address.to_string(),
        }
    }

    #[test]
    fn node_host_ips_vectors() {
        assert_eq!(
            node_host_ips(&[addr("InternalIP", "10.0.0.1")]),
            Ok(strs(&["10.0.0.1"]))
        );
        // Internal before external regardless of list order; other family appended.
        assert_eq!(
            node_host_ips(&[
                addr("ExternalIP", "2001:DB8::5"),
                addr("Hostname", "kind-worker"),
                addr("InternalIP", "010.1.2.3"),
                addr("InternalIP", "10.9.9.9"),
            ]),
            Ok(strs(&["10.1.2.3", "2001:db8::5"]))
        );
        // A second address of the same family is never reported.
        assert_eq!(
            node_host_ips(&[addr("InternalIP", "fd00::1"), addr("InternalIP", "fd00::2")]),
            Ok(strs(&["fd00::1"]))
        );
        // Unparsable internal addresses are skipped.
        assert_eq!(
            node_host_ips(&[addr("InternalIP", "nope"), addr("ExternalIP", "1.2.3.4")]),
            Ok(strs(&["1.2.3.4"]))
        );
        assert_eq!(
            node_host_ips(&[addr("Hostname", "kind-worker")]),
            Err("host IP unknown; known addresses: [{Hostname kind-worker}]".to_string())
        );
        assert_eq!(
            node_host_ips(&[
                addr("Hostname", "kind-worker"),
                addr("InternalIP", "bad ip"),
                addr("InternalDNS", "a.b")
            ]),
            Err("host IP unknown; known addresses: [{Hostname kind-worker} {InternalIP bad ip} {InternalDNS a.b}]".to_string())
        );
        assert_eq!(
            node_host_ips(&[]),
            Err("host IP unknown; known addresses: []".to_string())
        );
    }

    #[test]
    fn cidr_helpers() {
        let c = parse_cidr("10.96.0.0/12");
        assert_eq!(
            c,
            Ok(Cidr {
                addr: IpAddr::V4(Ipv4Addr::new(10, 96, 0, 0)),
                prefix: 12
            })
        );
        let Ok(c) = c else { return };
        assert_eq!(
            c.first_host(),
            Some(IpAddr::V4(Ipv4Addr::new(10, 96, 0, 1)))
        );
        assert_eq!(c.size(), 1 << 20);
        assert_eq!(c.nth(10), Some(IpAddr::V4(Ipv4Addr::new(10, 96, 0, 10))));
        assert_eq!(
            c.nth((1 << 20) - 1),
            Some(IpAddr::V4(Ipv4Addr::new(10, 111, 255, 255)))
        );
        assert_eq!(c.nth(1 << 20), None);
        assert!(c.contains(&IpAddr::V4(Ipv4Addr::new(10, 100, 1, 1))));
        assert!(!c.contains(&IpAddr::V4(Ipv4Addr::new(10, 112, 0, 0))));
        assert!(c.contains(&IpAddr::V6(
            "::ffff:10.96.0.9".parse().unwrap_or(Ipv6Addr::UNSPECIFIED)
        )));
        assert!(!c.contains(&IpAddr::V6(Ipv6Addr::LOCALHOST)));

        // Host bits are cleared; leading zeros are accepted.
        let Ok(c) = parse_cidr("010.096.1.2/012") else {
            panic!("sloppy CIDR refused")
        };
        assert_eq!(c.addr, IpAddr::V4(Ipv4Addr::new(10, 96, 0, 0)));
        assert_eq!(c.prefix, 12);

        let Ok(v6) = parse_cidr("fd00:10:96::/112") else {
            panic!("v6 CIDR refused")
        };
        assert_eq!(format_ip(&v6.addr), "fd00:10:96::");
        assert_eq!(
            v6.first_host().map(|ip| format_ip(&ip)).as_deref(),
            Some("fd00:10:96::1")
        );
        assert_eq!(v6.size(), 65536);
        assert!(v6.contains(
            &parse_ip_sloppy("fd00:10:96::ffff").unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
        ));
        assert!(!v6.contains(&IpAddr::V4(Ipv4Addr::new(10, 0, 0, 1))));

        let Ok(all) = parse_cidr("::/0") else {
            panic!("::/0 refused")
        };
        assert_eq!(all.size(), u128::MAX);
        assert_eq!(
            all.nth(u128::MAX).map(|ip| format_ip(&ip)).as_deref(),
            Some("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")
        );
        let Ok(host) = parse_cidr("1.2.3.4/32") else {
            panic!("/32 refused")
        };
        assert_eq!(host.size(), 1);
        assert_eq!(host.first_host(), None);
        let Ok(zero) = parse_cidr("0.0.0.0/0") else {
            panic!("/0 refused")
        };
        assert_eq!(zero.size(), 1 << 32);
        assert!(zero.contains(&IpAddr::V4(Ipv4Addr::BROADCAST)));
        assert_eq!(
            zero.nth(u128::from(u32::MAX)),
            Some(IpAddr::V4(Ipv4Addr::BROADCAST))
        );

        for bad in [
            "10.96.0.0",
            "10.96.0.0/33",
            "10.96.0.0/",
            "fd00::/129",
            "10.96.0.0/-1",
            "10.96.0.0/+8",
            "x/8",
            "/8",
            "10.96.0.0/8/8",
            "fe80::%eth0/64",
        ] {
            assert!(parse_cidr(bad).is_err(), "{bad}");
        }
        assert_eq!(
            parse_cidr("10.96.0.0/33"),
            Err("invalid CIDR address: 10.96.0.0/33".to_string())
        );
    }

    #[test]
    fn reverse_names() {
        // TV88
        assert_eq!(
            reverse_pointer_name(&IpAddr::V4(Ipv4Addr::new(10, 96, 0, 1))),
            "1.0.96.10.in-addr.arpa."
        );
        // TV89
        let Some(ip) = parse_ip_sloppy("2001:db8::1") else {
            panic!("parse")
        };
        assert_eq!(
            reverse_pointer_name(&ip),
            "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa."
        );
        let Some(mapped) = parse_ip_sloppy("::ffff:1.2.3.4") else {
            panic!("parse")
        };
        assert_eq!(reverse_pointer_name(&mapped), "4.3.2.1.in-addr.arpa.");
    }

    #[test]
    fn pod_dns_labels() {
        // TV92 / D6
        assert_eq!(
            pod_dns_label(&IpAddr::V4(Ipv4Addr::new(172, 17, 0, 3))),
            "172-17-0-3"
        );
        assert_eq!(
            pod_dns_label(&IpAddr::V4(Ipv4Addr::new(10, 244, 1, 7))),
            "10-244-1-7"
        );
        let Some(v6) = parse_ip_sloppy("fd00::6") else {
            panic!("parse")
        };
        assert_eq!(pod_dns_label(&v6), "fd00--6");
        let Some(v6) = parse_ip_sloppy("2001:db8::1") else {
            panic!("parse")
        };
        assert_eq!(pod_dns_label(&v6), "2001-db8--1");
    }
}
