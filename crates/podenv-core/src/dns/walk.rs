//! How a pod's stub resolver walks the search list for a name (spec section 13, W1-W5).

use crate::model::{
    DnsRecord, DnsRecordType, PodDns, QueryOutcome, Resolver, ResolverWalk, WalkQuery,
};

/// Resolvers cap `ndots` at this value.
const MAX_NDOTS: u32 = 15;
/// Go skips candidate names longer than this (W3).
const MAX_NAME: usize = 254;
/// musl's resolv.conf line buffer.
const MUSL_LINE: usize = 256;

/// Mirrors the `ndots:` handling of Go `src/net/dnsconfig_unix.go` dnsReadConfig and glibc
/// `res_setoptions` (spec W2): default 1; the last `ndots:N` wins; N is read from its
/// leading digits (none reads as 0) and capped at 15.
pub fn ndots_of(options: &[String]) -> u32 {
    let mut ndots = 1;
    for option in options {
        if let Some(value) = option.strip_prefix("ndots:") {
            let digits: String = value.chars().take_while(char::is_ascii_digit).collect();
            ndots = digits
                .parse::<u64>()
                .map_or(if digits.is_empty() { 0 } else { MAX_NDOTS }, |n| {
                    n.min(u64::from(MAX_NDOTS)) as u32
                });
        }
    }
    ndots
}

/// Mirrors Go `src/net/dnsclient_unix.go` (*dnsConfig).nameList, which follows glibc's
/// res_nsearch order (spec W1-W3), and musl `src/network/lookup_name.c`
/// name_from_dns_search (spec W4, unverified): a name ending in `.` is queried alone; with
/// at least `ndots` dots it is queried as is first, then with each search suffix (musl:
/// as is only); with fewer dots each suffix comes first, then the name as is. Search
/// entries `.` and empty ones are skipped; glibc/Go skip candidates longer than 254.
pub fn candidate_names(
    name: &str,
    searches: &[String],
    ndots: u32,
    resolver: Resolver,
) -> Vec<String> {
    if name.ends_with('.') {
        return vec![name.to_string()];
    }
    let dots = name.matches('.').count() as u32;
    let has_ndots = dots >= ndots;
    let rooted = format!("{name}.");
    let mut out = Vec::new();
    if has_ndots {
        out.push(rooted.clone());
        if resolver == Resolver::Musl {
            return out;
        }
    }
    for suffix in searches {
        let suffix = suffix.trim_end_matches('.');
        if suffix.is_empty() {
            continue;
        }
        let candidate = format!("{name}.{suffix}.");
        if resolver == Resolver::Glibc && candidate.len() > MAX_NAME {
            continue;
        }
        out.push(candidate);
    }
    if !has_ndots {
        out.push(rooted);
    }
    out
}

fn in_zone(name: &str, zone: &str) -> bool {
    let zone = zone.trim_matches('.').to_ascii_lowercase();
    if zone.is_empty() {
        return false;
    }
    let name = name.trim_end_matches('.');
    name == zone || name.ends_with(&format!(".{zone}"))
}

/// Mirrors how CoreDNS's `kubernetes` plugin (`plugin/kubernetes/kubernetes.go` Records,
/// with the kubeadm Corefile forwarding other zones) answers an address query (spec D1-D9,
/// W2): the A/AAAA/CNAME records of that name; NODATA when the name exists only with other types or
/// as a parent of existing names; NXDOMAIN inside the cluster domain; otherwise the query
/// leaves the cluster (CoreDNS forwards it).
fn answer(records: &[DnsRecord], qname: &str, zone: &str) -> (QueryOutcome, Vec<String>) {
    let lower = qname.to_ascii_lowercase();
    let hits: Vec<&DnsRecord> = records
        .iter()
        .filter(|r| r.name.to_ascii_lowercase() == lower)
        .collect();
    let answers: Vec<String> = hits
        .iter()
        .filter(|r| {
            matches!(
                r.record_type,
                DnsRecordType::A | DnsRecordType::AAAA | DnsRecordType::CNAME
            )
        })
        .map(|r| format!("{} {}", r.record_type.as_str(), r.data))
        .collect();
    if !answers.is_empty() {
        return (QueryOutcome::Answer, answers);
    }
    let suffix = format!(".{lower}");
    if !hits.is_empty()
        || records
            .iter()
            .any(|r| r.name.to_ascii_lowercase().ends_with(&suffix))
    {
        return (QueryOutcome::NoData, Vec::new());
    }
    if in_zone(&lower, zone) {
        (QueryOutcome::NxDomain, Vec::new())
    } else {
        (QueryOutcome::External, Vec::new())
    }
}

/// True when a rooted name plausibly exists outside the cluster: it has at least two labels
/// and its last label is not one the cluster's names use (a namespace, a Service or pod
/// label, `svc`, `pod`, or a label of the cluster domain).
fn looks_external(rooted: &str, records: &[DnsRecord], cluster_domain: &str) -> bool {
    let name = rooted.trim_end_matches('.').to_ascii_lowercase();
    let Some((_, last)) = name.rsplit_once('.') else {
        return false;
    };
    let zone = cluster_domain.trim_matches('.').to_ascii_lowercase();
    if last == "svc" || last == "pod" || zone.split('.').any(|l| l == last) {
        return false;
    }
    let svc_suffix = format!(".svc.{zone}.");
    let pod_suffix = format!(".pod.{zone}.");
    !records.iter().any(|r| {
        let n = r.name.to_ascii_lowercase();
        let head = n
            .strip_suffix(&svc_suffix)
            .or_else(|| n.strip_suffix(&pod_suffix));
        head.is_some_and(|h| h.split('.').any(|l| l == last))
    })
}

/// What follows `scheme://` when `text` starts with a URL scheme (letters, digits, `+-.`).
pub fn after_scheme(text: &str) -> Option<&str> {
    let (before, after) = text.split_once("://")?;
    (!before.is_empty()
        && before
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b)))
    .then_some(after)
}

/// The DNS name in what a user types, which is often copied from a variable's value:
/// `redis:6379`, `tcp://10.96.4.2:6379`, `http://web.shop:8080/health`, `[fd00::1]:80`. A
/// scheme, a path and a port are not part of the lookup; the name and what was dropped
/// (`port`, `scheme and port`, ...) come back. An IPv6 address without brackets is kept.
pub fn dns_name_of(text: &str) -> (&str, Option<&'static str>) {
    let mut rest = text;
    let mut scheme = false;
    if let Some(after) = after_scheme(rest) {
        rest = after;
        scheme = true;
    }
    let mut path = false;
    if scheme {
        if let Some(at) = rest.find(['/', '?', '#']) {
            rest = &rest[..at];
            path = true;
        }
    }
    let port_digits =
        |p: &str| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit());
    let mut port = false;
    if let Some(inner) = rest.strip_prefix('[') {
        if let Some((host, after)) = inner.split_once(']') {
            let after_ok = after.is_empty() || after.strip_prefix(':').is_some_and(port_digits);
            if after_ok {
                port = !after.is_empty();
                rest = host;
            }
        }
    } else if let Some((host, p)) = rest.rsplit_once(':') {
        if !host.contains(':') && !host.is_empty() && port_digits(p) {
            rest = host;
            port = true;
        }
    }
    let part = match (scheme, path, port) {
        (false, _, false) => None,
        (false, _, true) => Some("port"),
        (true, false, false) => Some("scheme"),
        (true, false, true) => Some("scheme and port"),
        (true, true, false) => Some("scheme and path"),
        (true, true, true) => Some("scheme, port and path"),
    };
    (rest, part)
}

/// The walk for explicit inputs: the pod's search list and options, the cluster domain, the
/// records served, the name typed and the resolver (spec W1-W5).
pub fn walk_with(
    searches: &[String],
    options: &[String],
    cluster_domain: &str,
    uses_cluster_dns: bool,
    records: &[DnsRecord],
    name: &str,
    resolver: Resolver,
) -> ResolverWalk {
    let as_typed = name.trim();
    let (name, stripped) = dns_name_of(as_typed);
    let ndots = ndots_of(options);
    let rooted_input = name.ends_with('.');
    let dots = name.matches('.').count() as u32;
    let mut notes = Vec::new();
    if let Some(part) = stripped {
        notes.push(format!(
            "`{as_typed}` is not a DNS name: the resolver walks `{name}`, without its {part}"
        ));
    }
    if name.parse::<std::net::IpAddr>().is_ok() {
        // getaddrinfo (glibc, musl) and Go's resolver take a numeric address as the answer
        // before any lookup.
        notes.push(format!(
            "`{name}` is an IP address: the resolver returns it as it is and sends no DNS query"
        ));
        return ResolverWalk {
            name: as_typed.to_string(),
            resolver,
            ndots,
            queries: Vec::new(),
            answered_by: None,
            wasted_lookups: 0,
            literal: true,
            notes,
        };
    }
    if !uses_cluster_dns {
        notes.push(
            "the pod's nameservers are not the cluster DNS: every query goes to the node's resolvers, which answer cluster names only if they forward to the cluster DNS".into(),
        );
    }
    let mut effective: Vec<String> = searches.to_vec();
    if resolver == Resolver::Musl {
        let line = format!("search {}", searches.join(" "));
        if !searches.is_empty() && line.len() >= MUSL_LINE {
            notes.push(format!(
                "the search line is {} characters: musl ignores resolv.conf lines that do not fit its {MUSL_LINE}-byte buffer, so it would use no search list (unverified)",
                line.len()
            ));
            effective.clear();
        }
    }
    let mut queries: Vec<WalkQuery> = candidate_names(name, &effective, ndots, resolver)
        .into_iter()
        .map(|qname| {
            let (outcome, answers) = if uses_cluster_dns {
                answer(records, &qname, cluster_domain)
            } else {
                (QueryOutcome::External, Vec::new())
            };
            WalkQuery {
                name: qname,
                outcome,
                answers,
            }
        })
        .collect();
    let typed = if rooted_input {
        name.to_string()
    } else {
        format!("{name}.")
    };
    let upstream_plausible = looks_external(&typed, records, cluster_domain);
    let answered_by = queries
        .iter()
        .position(|q| q.outcome == QueryOutcome::Answer)
        .or_else(|| {
            queries.iter().position(|q| {
                upstream_plausible
                    && q.outcome == QueryOutcome::External
                    && q.name.eq_ignore_ascii_case(&typed)
            })
        });
    let wasted_lookups = answered_by.unwrap_or(queries.len());
    if rooted_input {
        notes.push("a name ending in `.` is absolute: only that name is queried (W1)".into());
    }
    match answered_by {
        Some(i) => {
            let external = queries
                .get(i)
                .is_some_and(|q| q.outcome == QueryOutcome::External);
            if external {
                notes.push(if uses_cluster_dns {
                    "the name is outside the cluster domain: cluster DNS forwards it upstream, which answers if the name exists".into()
                } else {
                    "the node's resolvers answer if the name exists".into()
                });
            }
            // The resolver stops at the first answer: later candidates are never sent.
            let rest = queries.len().saturating_sub(i + 1);
            if external && rest > 0 {
                notes.push(format!(
                    "if the name does not exist upstream, the resolver goes on with {rest} more candidate(s) from the search list"
                ));
            }
            queries.truncate(i + 1);
            if queries
                .iter()
                .take(i)
                .any(|q| q.outcome == QueryOutcome::External)
            {
                notes.push(
                    "queries outside the cluster domain before the answer are forwarded upstream; podenv assumes they fail".into(),
                );
            }
            if i > 0 {
                let why = if dots < ndots {
                    format!("the name has fewer than ndots:{ndots} dots, so the search list is tried first (W2, W5)")
                } else {
                    format!("the name has at least ndots:{ndots} dots: tried as is first, then the search list (W2)")
                };
                let direct = queries.get(i).map(|q| q.name.as_str()).unwrap_or_default();
                notes.push(format!(
                    "{i} lookup(s) fail before the answer, each an A and an AAAA query; {why}; typing `{direct}` (with the trailing dot) avoids them"
                ));
            }
        }
        None => {
            if !upstream_plausible && queries.iter().any(|q| q.outcome == QueryOutcome::External) {
                notes.push(
                    "the name as typed is a single label or ends in a namespace or Service name of the cluster: forwarded upstream it is assumed to fail".into(),
                );
            }
            notes.push("no query is answered: the lookup fails (NXDOMAIN)".into());
        }
    }
    if resolver == Resolver::Musl && !rooted_input && dots >= ndots && !effective.is_empty() {
        notes.push("musl does not try the search list when the name has at least ndots dots (W4, unverified)".into());
    }
    ResolverWalk {
        name: as_typed.to_string(),
        resolver,
        ndots,
        queries,
        answered_by,
        wasted_lookups,
        literal: false,
        notes,
    }
}

/// The queries a pod's resolver sends for `name`, each with the cluster DNS's answer from
/// `records` (spec W1-W5; see [`candidate_names`] and [`walk_with`]); `musl` selects the
/// musl variant (W4).
pub fn resolver_walk(
    pod_dns: &PodDns,
    records: &[DnsRecord],
    name: &str,
    musl: bool,
) -> ResolverWalk {
    let resolver = if musl {
        Resolver::Musl
    } else {
        Resolver::Glibc
    };
    walk_with(
        &pod_dns.resolv_conf.searches,
        &pod_dns.resolv_conf.options,
        &pod_dns.cluster_domain,
        pod_dns.uses_cluster_dns,
        records,
        name,
        resolver,
    )
}

#[cfg(test)]
mod tests {
    use super::dns_name_of;

    #[test]
    fn an_ip_address_sends_no_query() {
        let searches = vec![
            "shop.svc.cluster.local".to_string(),
            "svc.cluster.local".to_string(),
        ];
        let options = vec!["ndots:5".to_string()];
        for (typed, resolver) in [
            ("10.96.4.2", super::Resolver::Glibc),
            ("tcp://10.96.4.2:6379", super::Resolver::Glibc),
            ("[fd00::1]:80", super::Resolver::Musl),
        ] {
            let walk = super::walk_with(
                &searches,
                &options,
                "cluster.local",
                true,
                &[],
                typed,
                resolver,
            );
            assert!(walk.literal, "{typed}");
            assert!(walk.queries.is_empty(), "{typed}: {:?}", walk.queries);
            assert_eq!(
                (walk.answered_by, walk.wasted_lookups),
                (None, 0),
                "{typed}"
            );
            assert!(
                walk.notes.iter().any(|n| n.contains("sends no DNS query")),
                "{typed}"
            );
        }
        let name = super::walk_with(
            &searches,
            &options,
            "cluster.local",
            true,
            &[],
            "10.96.4.2.example",
            super::Resolver::Glibc,
        );
        assert!(!name.literal);
        assert!(!name.queries.is_empty());
    }

    #[test]
    fn the_name_is_taken_out_of_what_variables_hold() {
        assert_eq!(dns_name_of("redis"), ("redis", None));
        assert_eq!(dns_name_of("redis:6379"), ("redis", Some("port")));
        assert_eq!(dns_name_of("web.shop:80"), ("web.shop", Some("port")));
        assert_eq!(
            dns_name_of("tcp://10.96.4.2:6379"),
            ("10.96.4.2", Some("scheme and port"))
        );
        assert_eq!(
            dns_name_of("http://web.shop.svc.cluster.local:8080/health"),
            ("web.shop.svc.cluster.local", Some("scheme, port and path"))
        );
        assert_eq!(dns_name_of("[fd00::1]:80"), ("fd00::1", Some("port")));
        assert_eq!(dns_name_of("fd00::1"), ("fd00::1", None), "bare IPv6 stays");
        assert_eq!(
            dns_name_of("redis:http"),
            ("redis:http", None),
            "not a port"
        );
        assert_eq!(dns_name_of(":80"), (":80", None));
    }
}
