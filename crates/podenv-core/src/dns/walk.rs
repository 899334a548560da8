//! How a pod's stub resolver walks the search list for a name (spec section 13, W1-W5).

use crate::model::{DnsRecord, DnsRecordType, PodDns, QueryOutcome, Resolver, ResolverWalk, WalkQuery};

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
            ndots = digits.parse::<u64>().map_or(if digits.is_empty() { 0 } else { MAX_NDOTS }, |n| {
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
pub fn candidate_names(name: &str, searches: &[String], ndots: u32, resolver: Resolver) -> Vec<String> {
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

/// What the cluster DNS answers to an address query for `qname` given the records: the
/// A/AAAA/CNAME records of that name; NODATA when the name exists only with other types or
/// as a parent of existing names; NXDOMAIN inside the cluster domain; otherwise the query
/// leaves the cluster (CoreDNS forwards it).
fn answer(records: &[DnsRecord], qname: &str, zone: &str) -> (QueryOutcome, Vec<String>) {
    let lower = qname.to_ascii_lowercase();
    let hits: Vec<&DnsRecord> = records.iter().filter(|r| r.name.to_ascii_lowercase() == lower).collect();
    let answers: Vec<String> = hits
        .iter()
        .filter(|r| matches!(r.record_type, DnsRecordType::A | DnsRecordType::AAAA | DnsRecordType::CNAME))
        .map(|r| format!("{} {}", r.record_type.as_str(), r.data))
        .collect();
    if !answers.is_empty() {
        return (QueryOutcome::Answer, answers);
    }
    let suffix = format!(".{lower}");
    if !hits.is_empty() || records.iter().any(|r| r.name.to_ascii_lowercase().ends_with(&suffix)) {
        return (QueryOutcome::NoData, Vec::new());
    }
    if in_zone(&lower, zone) {
        (QueryOutcome::NxDomain, Vec::new())
    } else {
        (QueryOutcome::External, Vec::new())
    }
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
    let name = name.trim();
    let ndots = ndots_of(options);
    let mut notes = Vec::new();
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
    let names = candidate_names(name, &effective, ndots, resolver);
    let queries: Vec<WalkQuery> = names
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
    let typed = if name.ends_with('.') {
        name.to_string()
    } else {
        format!("{name}.")
    };
    let answered_by = queries
        .iter()
        .position(|q| q.outcome == QueryOutcome::Answer)
        .or_else(|| {
            queries
                .iter()
                .position(|q| q.outcome == QueryOutcome::External && q.name.eq_ignore_ascii_case(&typed))
        });
    let wasted_lookups = answered_by.unwrap_or(queries.len());
    if !uses_cluster_dns {
        notes.push(
            "the pod's nameservers are not the cluster DNS: every query goes to the node's resolvers, which answer cluster names only if they forward to the cluster DNS".into(),
        );
    }
    if name.ends_with('.') {
        notes.push("a name ending in `.` is absolute: only that name is queried (W1)".into());
    }
    if let Some(i) = answered_by {
        if queries.get(i).is_some_and(|q| q.outcome == QueryOutcome::External) {
            notes.push(
                "the name is outside the cluster domain: cluster DNS forwards it upstream, which answers if the name exists".into(),
            );
        }
    } else {
        notes.push("no query is answered by the cluster's records: the lookup fails (NXDOMAIN)".into());
    }
    if queries
        .iter()
        .take(wasted_lookups)
        .any(|q| q.outcome == QueryOutcome::External)
    {
        notes.push(
            "queries outside the cluster domain before the answer are forwarded upstream; podenv assumes they fail".into(),
        );
    }
    if wasted_lookups > 0 && answered_by.is_some() && !name.ends_with('.') {
        notes.push(format!(
            "{wasted_lookups} lookup(s) fail before the answer (each an A and an AAAA query); with ndots:{ndots} a name with fewer dots tries the search list first (W5); a trailing dot avoids it"
        ));
    }
    if resolver == Resolver::Musl {
        let dots = name.matches('.').count() as u32;
        if !name.ends_with('.') && dots >= ndots && !effective.is_empty() {
            notes.push(
                "musl does not try the search list when the name has at least ndots dots (W4, unverified)".into(),
            );
        }
    }
    ResolverWalk {
        name: name.to_string(),
        resolver,
        ndots,
        queries,
        answered_by,
        wasted_lookups,
        notes,
    }
}

/// The queries a pod's resolver sends for `name`, each with the cluster DNS's answer from
/// `records` (spec W1-W5; see [`candidate_names`] and [`walk_with`]); `musl` selects the
/// musl variant (W4).
pub fn resolver_walk(pod_dns: &PodDns, records: &[DnsRecord], name: &str, musl: bool) -> ResolverWalk {
    let resolver = if musl { Resolver::Musl } else { Resolver::Glibc };
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
