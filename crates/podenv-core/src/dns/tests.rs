//! Unit tests for the DNS module: spec test vectors TV88-TV110 and the upstream
//! `dns_test.go` cases (TestParseResolvConf, TestFormDNSSearchFitsLimits,
//! TestFormDNSNameserversFitsLimits, TestMergeDNSOptions, TestGetPodDNSType, TestGetPodDNS,
//! TestGetPodDNSCustom) and `TestManagedHostsFileContent`.

use k8s_openapi::api::core::v1::{PodDNSConfig, PodDNSConfigOption};

use super::hosts::{self, HostAlias};
use super::resolv::{self, DnsBase, DnsParts, PodDnsInput, SearchLimits};
use super::walk::{candidate_names, ndots_of, walk_with};
use crate::context::{ClusterContext, KubeVersion};
use crate::model::{Analysis, DnsRecord, DnsRecordType, QueryOutcome, Resolver};
use crate::objects::SourceFile;

fn strs(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn analyze(yaml: &str, context: &str) -> Analysis {
    let (context, diagnostics) = ClusterContext::parse("context.yaml", context);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    crate::analyze(&[SourceFile::new("in.yaml", yaml)], &context)
}

/// `NAME TYPE DATA` lines of the records, for compact assertions.
fn lines(records: &[DnsRecord]) -> Vec<String> {
    records
        .iter()
        .map(|r| format!("{} {} {}", r.name, r.record_type.as_str(), r.data))
        .collect()
}

fn has(records: &[DnsRecord], line: &str) -> bool {
    lines(records).iter().any(|l| l == line)
}

// ---- 15.6 DNS names -------------------------------------------------------------------

#[test]
fn tv88_cluster_ip_service_a_srv_ptr() {
    let a = analyze(
        "apiVersion: v1\nkind: Service\nmetadata: {name: kubernetes, namespace: default}\nspec:\n  clusterIP: 10.96.0.1\n  ports: [{name: https, port: 443, protocol: TCP}]\n",
        "{}",
    );
    let r = &a.dns_records;
    assert!(
        has(r, "dns-version.cluster.local. TXT \"1.1.0\""),
        "{:#?}",
        lines(r)
    );
    assert!(has(r, "kubernetes.default.svc.cluster.local. A 10.96.0.1"));
    assert!(has(
        r,
        "_https._tcp.kubernetes.default.svc.cluster.local. SRV 443 kubernetes.default.svc.cluster.local."
    ));
    assert!(has(
        r,
        "1.0.96.10.in-addr.arpa. PTR kubernetes.default.svc.cluster.local."
    ));
    let srv = r
        .iter()
        .find(|r| r.record_type == DnsRecordType::SRV)
        .unwrap();
    assert_eq!(srv.port, Some(443));
    assert_eq!(srv.rule, "D3");
}

#[test]
fn tv89_ipv6_service_aaaa_and_nibble_ptr() {
    let a = analyze(
        "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: prod}\nspec:\n  clusterIP: 2001:db8::1\n  ipFamilies: [IPv6]\n  ports: [{port: 80}]\n",
        "serviceCIDR: [\"2001:db8::/108\"]\n",
    );
    let r = &a.dns_records;
    assert!(
        has(r, "web.prod.svc.cluster.local. AAAA 2001:db8::1"),
        "{:#?}",
        lines(r)
    );
    assert!(has(
        r,
        "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa. PTR web.prod.svc.cluster.local."
    ));
    // An unnamed port has no SRV record (D3).
    assert!(!r
        .iter()
        .any(|r| r.record_type == DnsRecordType::SRV && r.name.contains("web.prod")));
}

const TV90: &str = r#"
apiVersion: v1
kind: Service
metadata: {name: default-subdomain, namespace: my-namespace}
spec:
  clusterIP: None
  selector: {name: busybox}
  ports: [{name: foo, port: 1234, targetPort: 1234}]
---
apiVersion: v1
kind: Pod
metadata: {name: busybox1, namespace: my-namespace, labels: {name: busybox}}
spec:
  hostname: busybox-1
  subdomain: default-subdomain
  containers: [{name: busybox, image: busybox:1.28}]
status: {podIPs: [{ip: 10.1.0.5}]}
---
apiVersion: v1
kind: Pod
metadata: {name: busybox2, namespace: my-namespace, labels: {name: busybox}}
spec:
  hostname: busybox-2
  subdomain: default-subdomain
  containers: [{name: busybox, image: busybox:1.28}]
status: {podIPs: [{ip: 10.1.0.6}]}
"#;

#[test]
fn tv90_headless_hostname_subdomain_derived_from_pods() {
    let a = analyze(TV90, "{}");
    let r = &a.dns_records;
    let z = "default-subdomain.my-namespace.svc.cluster.local.";
    assert!(has(r, &format!("{z} A 10.1.0.5")), "{:#?}", lines(r));
    assert!(has(r, &format!("{z} A 10.1.0.6")));
    assert!(has(r, &format!("busybox-1.{z} A 10.1.0.5")));
    assert!(has(r, &format!("busybox-2.{z} A 10.1.0.6")));
    assert!(has(r, &format!("_foo._tcp.{z} SRV 1234 busybox-1.{z}")));
    assert!(has(r, &format!("_foo._tcp.{z} SRV 1234 busybox-2.{z}")));
    assert!(has(r, &format!("5.0.1.10.in-addr.arpa. PTR busybox-1.{z}")));
    assert!(r
        .iter()
        .filter(|r| r.service.as_deref() == Some("my-namespace/default-subdomain"))
        .all(|r| r.derived));
    let dns = a.pods[0].dns.as_ref().unwrap();
    assert_eq!(
        dns.fqdn,
        "busybox-1.default-subdomain.my-namespace.svc.cluster.local"
    );
    assert_eq!(dns.kernel_hostname.as_deref(), Some("busybox-1"));
    assert!(
        dns.notes.iter().all(|n| !n.contains("does not resolve")),
        "{:?}",
        dns.notes
    );
}

#[test]
fn tv91_headless_endpoint_slice_without_hostname() {
    let yaml = r#"
apiVersion: v1
kind: Service
metadata: {name: db, namespace: data}
spec:
  clusterIP: None
  ports: [{name: pg, port: 5432}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: db-abc, namespace: data, labels: {kubernetes.io/service-name: db}}
addressType: IPv4
ports: [{name: pg, port: 5432, protocol: TCP}]
endpoints:
- addresses: [10.244.1.7]
  conditions: {ready: true}
- addresses: [10.244.1.8]
  conditions: {ready: false}
"#;
    let a = analyze(yaml, "{}");
    let r = &a.dns_records;
    let z = "db.data.svc.cluster.local.";
    assert!(
        has(r, &format!("_pg._tcp.{z} SRV 5432 10-244-1-7.{z}")),
        "{:#?}",
        lines(r)
    );
    assert!(has(r, &format!("10-244-1-7.{z} A 10.244.1.7")));
    assert!(has(r, &format!("{z} A 10.244.1.7")));
    // Not ready and not published: no record.
    assert!(!lines(r).iter().any(|l| l.contains("10.244.1.8")));
    assert!(!r.iter().any(|r| r.derived));

    // publishNotReadyAddresses publishes the not-ready endpoint too (D5).
    let a = analyze(
        &yaml.replace(
            "clusterIP: None",
            "clusterIP: None\n  publishNotReadyAddresses: true",
        ),
        "{}",
    );
    assert!(has(&a.dns_records, &format!("10-244-1-8.{z} A 10.244.1.8")));
}

#[test]
fn tv92_pod_a_records_ipv4_and_ipv6() {
    let pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: NS}\nspec: {containers: [{name: c, image: i}]}\n";
    let a = analyze(&pod.replace("NS", "default"), "podIPs: [172.17.0.3]\n");
    assert!(has(
        &a.dns_records,
        "172-17-0-3.default.pod.cluster.local. A 172.17.0.3"
    ));
    let a = analyze(
        &pod.replace("NS", "ns1"),
        "podIPs: [\"fd00::6\"]\nnodeIPs: [\"fd00::1\"]\n",
    );
    let rec = a
        .dns_records
        .iter()
        .find(|r| r.name == "fd00--6.ns1.pod.cluster.local.")
        .expect("pod AAAA record");
    assert_eq!(rec.record_type, DnsRecordType::AAAA);
    assert_eq!(rec.rule, "D9");
    assert!(rec
        .note
        .as_deref()
        .unwrap_or_default()
        .contains("pods insecure"));
}

#[test]
fn d8_external_name_is_a_cname() {
    let a = analyze(
        "apiVersion: v1\nkind: Service\nmetadata: {name: pay, namespace: shop}\nspec: {type: ExternalName, externalName: api.example.com}\n",
        "{}",
    );
    assert!(has(
        &a.dns_records,
        "pay.shop.svc.cluster.local. CNAME api.example.com."
    ));
}

// ---- 15.7 resolv.conf ------------------------------------------------------------------

/// The kubelet of `TestGetPodDNSCustom`: clusterDNS 10.0.0.10, domain kubernetes.io, host
/// file `nameserver 8.8.8.8` / `search host.domain`, namespace testNS.
fn custom<'a>(
    policy: &'a str,
    host_network: bool,
    config: Option<&'a PodDNSConfig>,
) -> PodDnsInput<'a> {
    PodDnsInput {
        pod_name: "test_pod",
        namespace: "testNS",
        uid: "",
        dns_policy: policy,
        host_network,
        dns_config: config,
        cluster_dns: CLUSTER_DNS,
        cluster_domain: "kubernetes.io",
        host_resolv_conf: Some("nameserver 8.8.8.8\nsearch host.domain\n"),
        node_ips: &[],
        limits: SearchLimits::EXPANDED,
    }
}

const CLUSTER_DNS: &[String] = &[];

fn with_cluster_dns<'a>(mut input: PodDnsInput<'a>, dns: &'a [String]) -> PodDnsInput<'a> {
    input.cluster_dns = dns;
    input
}

fn option(name: &str, value: Option<&str>) -> PodDNSConfigOption {
    PodDNSConfigOption {
        name: Some(name.into()),
        value: value.map(str::to_string),
    }
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

#[test]
fn tv93_none_without_dns_config_is_empty() {
    let dns = strs(&["10.0.0.10"]);
    let formed = resolv::form_pod_dns(&with_cluster_dns(custom("None", false, None), &dns));
    assert_eq!(formed.base, DnsBase::None);
    assert_eq!(formed.parts, DnsParts::default());
    assert_eq!(resolv::render_resolv_conf(&formed.parts), "");
    assert!(formed.notes.iter().any(|n| n.contains("VAL11")));
}

#[test]
fn tv94_none_with_dns_config() {
    let dns = strs(&["10.0.0.10"]);
    let config = PodDNSConfig {
        nameservers: Some(strs(&["203.0.113.1"])),
        searches: Some(strs(&["my.domain", "second.domain"])),
        options: Some(vec![option("ndots", Some("3")), option("debug", None)]),
    };
    let formed = resolv::form_pod_dns(&with_cluster_dns(
        custom("None", false, Some(&config)),
        &dns,
    ));
    assert_eq!(
        resolv::render_resolv_conf(&formed.parts),
        "search my.domain second.domain\nnameserver 203.0.113.1\noptions ndots:3 debug\n"
    );
    assert!(formed.options_nondeterministic);
}

fn tv95_config() -> PodDNSConfig {
    PodDNSConfig {
        nameservers: Some(strs(&["10.0.0.11"])),
        searches: Some(strs(&["my.domain"])),
        options: Some(vec![option("ndots", Some("3")), option("debug", None)]),
    }
}

#[test]
fn tv95_tv96_cluster_first_and_with_host_net_merge() {
    let dns = strs(&["10.0.0.10"]);
    let config = tv95_config();
    let expected = "search testNS.svc.kubernetes.io svc.kubernetes.io kubernetes.io host.domain my.domain\nnameserver 10.0.0.10\nnameserver 10.0.0.11\noptions ndots:3 debug\n";
    for (policy, host_network) in [("ClusterFirst", false), ("ClusterFirstWithHostNet", true)] {
        let formed = resolv::form_pod_dns(&with_cluster_dns(
            custom(policy, host_network, Some(&config)),
            &dns,
        ));
        assert_eq!(formed.base, DnsBase::Cluster, "{policy}");
        assert_eq!(
            resolv::render_resolv_conf(&formed.parts),
            expected,
            "{policy}"
        );
        assert!(formed.events.is_empty());
    }
}

#[test]
fn tv97_default_with_dns_config() {
    let dns = strs(&["10.0.0.10"]);
    let config = tv95_config();
    let formed = resolv::form_pod_dns(&with_cluster_dns(
        custom("Default", false, Some(&config)),
        &dns,
    ));
    assert_eq!(
        resolv::render_resolv_conf(&formed.parts),
        "search host.domain my.domain\nnameserver 8.8.8.8\nnameserver 10.0.0.11\noptions ndots:3 debug\n"
    );
}

#[test]
fn tv98_plain_cluster_first_drops_host_options_keeps_host_search() {
    let dns = strs(&["10.96.0.10"]);
    let input = PodDnsInput {
        namespace: "shop",
        cluster_domain: "cluster.local",
        host_resolv_conf: Some("search corp.example.com\noptions timeout:2\nnameserver 1.1.1.1\n"),
        ..with_cluster_dns(custom("ClusterFirst", false, None), &dns)
    };
    let formed = resolv::form_pod_dns(&input);
    assert_eq!(
        resolv::render_resolv_conf(&formed.parts),
        "search shop.svc.cluster.local svc.cluster.local cluster.local corp.example.com\nnameserver 10.96.0.10\noptions ndots:5\n"
    );
    assert!(!formed.options_nondeterministic);
}

/// `TestGetPodDNS` (TV99): the kubelet's resolvConf is "" (no file), clusterDNS 203.0.113.1.
#[test]
fn tv99_get_pod_dns_without_resolv_conf() {
    let dns = strs(&["203.0.113.1"]);
    let base = PodDnsInput {
        namespace: "",
        host_resolv_conf: None,
        ..with_cluster_dns(custom("ClusterFirst", true, None), &dns)
    };
    // pods[0]: ClusterFirstWithHostNet (host network).
    let f = resolv::form_pod_dns(&PodDnsInput {
        dns_policy: "ClusterFirstWithHostNet",
        ..base.clone()
    });
    assert_eq!(f.parts.nameservers, strs(&["203.0.113.1"]));
    assert_eq!(
        f.parts.searches.first().map(String::as_str),
        Some(".svc.kubernetes.io")
    );
    // pods[1]: ClusterFirst on host network -> host -> 127.0.0.1, search ".".
    let f = resolv::form_pod_dns(&base);
    assert_eq!(f.parts.nameservers, strs(&["127.0.0.1"]));
    assert_eq!(f.parts.searches, strs(&["."]));
    // pods[2]: ClusterFirst without host network -> cluster.
    let f = resolv::form_pod_dns(&PodDnsInput {
        host_network: false,
        ..base.clone()
    });
    assert_eq!(f.parts.nameservers, strs(&["203.0.113.1"]));
    assert_eq!(
        f.parts.searches.first().map(String::as_str),
        Some(".svc.kubernetes.io")
    );
    // pods[3]: Default -> 127.0.0.1, search ".".
    let f = resolv::form_pod_dns(&PodDnsInput {
        dns_policy: "Default",
        ..base.clone()
    });
    assert_eq!(f.parts.nameservers, strs(&["127.0.0.1"]));
    assert_eq!(f.parts.searches, strs(&["."]));
    // With an IPv6 and an IPv4 node IP: one loopback per node IP (C4).
    let node_ips = strs(&["fd00::1", "10.0.0.1"]);
    let f = resolv::form_pod_dns(&PodDnsInput {
        dns_policy: "Default",
        node_ips: &node_ips,
        ..base.clone()
    });
    assert_eq!(f.parts.nameservers, strs(&["::1", "127.0.0.1"]));
    // With the host file: the cluster search list is prepended (TestGetPodDNS second half).
    let f = resolv::form_pod_dns(&PodDnsInput {
        dns_policy: "ClusterFirstWithHostNet",
        host_resolv_conf: Some("nameserver 8.8.8.8\nsearch a.example b.example\n"),
        ..base
    });
    assert_eq!(f.parts.searches.len(), 5);
    assert_eq!(f.parts.nameservers, strs(&["203.0.113.1"]));
}

#[test]
fn c3_missing_cluster_dns_falls_back_to_host() {
    let f = resolv::form_pod_dns(&custom("ClusterFirst", false, None));
    assert_eq!(f.base, DnsBase::Host);
    assert_eq!(f.parts.nameservers, strs(&["8.8.8.8"]));
    assert_eq!(f.events.len(), 1);
    assert_eq!(f.events[0].reason, "MissingClusterDNS");
    assert!(f.events[0]
        .message
        .starts_with("pod: \"test_pod_testNS()\". kubelet does not have ClusterDNS IP configured"));
}

/// `TestGetPodDNSType` (TV100).
#[test]
fn tv100_get_pod_dns_type() {
    use resolv::pod_dns_type as t;
    assert_eq!(t("ClusterFirst", false), Ok(DnsBase::Cluster));
    assert_eq!(t("ClusterFirstWithHostNet", true), Ok(DnsBase::Cluster));
    assert_eq!(t("ClusterFirstWithHostNet", false), Ok(DnsBase::Cluster));
    assert_eq!(t("Default", false), Ok(DnsBase::Host));
    assert_eq!(t("Default", true), Ok(DnsBase::Host));
    assert_eq!(t("ClusterFirst", true), Ok(DnsBase::Host));
    assert_eq!(t("None", false), Ok(DnsBase::None));
    assert!(t("invalidPolicy", false).is_err());
    // The kubelet then uses the cluster base.
    let dns = strs(&["10.0.0.10"]);
    let f = resolv::form_pod_dns(&with_cluster_dns(
        custom("invalidPolicy", false, None),
        &dns,
    ));
    assert_eq!(f.base, DnsBase::Cluster);
}

/// `TestMergeDNSOptions` (TV101); compared as sets, as upstream does.
#[test]
fn tv101_merge_dns_options() {
    let base = strs(&["ndots:5", "debug"]);
    assert_eq!(
        sorted(resolv::merge_dns_options(&base, &[])),
        sorted(base.clone())
    );
    let extra = [
        option("single-request", None),
        option("attempts", Some("3")),
    ];
    assert_eq!(
        sorted(resolv::merge_dns_options(&base, &extra)),
        sorted(strs(&["ndots:5", "debug", "single-request", "attempts:3"]))
    );
    let extra = [
        option("ndots", Some("3")),
        option("debug", None),
        option("single-request", None),
        option("attempts", Some("3")),
    ];
    assert_eq!(
        sorted(resolv::merge_dns_options(&base, &extra)),
        sorted(strs(&["ndots:3", "debug", "single-request", "attempts:3"]))
    );
}

/// `TestParseResolvConf` (TV102): the whole upstream table.
#[test]
fn tv102_parse_resolv_conf() {
    type Case = (
        &'static str,
        &'static [&'static str],
        &'static [&'static str],
        &'static [&'static str],
        bool,
    );
    let cases: &[Case] = &[
        ("", &[], &[], &[], false),
        (" ", &[], &[], &[], false),
        ("\n", &[], &[], &[], false),
        ("\t\n\t", &[], &[], &[], false),
        ("#comment\n", &[], &[], &[], false),
        (" #comment\n", &[], &[], &[], false),
        ("#comment\n#comment", &[], &[], &[], false),
        ("#comment\nnameserver", &[], &[], &[], true),
        ("#comment\nnameserver\nsearch", &[], &[], &[], true),
        ("#comment\nnameserver 1.2.3.4\nsearch", &["1.2.3.4"], &[], &[], false),
        ("nameserver 1.2.3.4", &["1.2.3.4"], &[], &[], false),
        (" nameserver 1.2.3.4", &["1.2.3.4"], &[], &[], false),
        ("\tnameserver 1.2.3.4", &["1.2.3.4"], &[], &[], false),
        ("nameserver\t1.2.3.4", &["1.2.3.4"], &[], &[], false),
        ("nameserver \t 1.2.3.4", &["1.2.3.4"], &[], &[], false),
        ("nameserver 1.2.3.4\nnameserver 5.6.7.8", &["1.2.3.4", "5.6.7.8"], &[], &[], false),
        ("nameserver 1.2.3.4 #comment", &["1.2.3.4"], &[], &[], false),
        ("search ", &[], &[], &[], false),
        ("search foo", &[], &["foo"], &[], false),
        ("search foo bar", &[], &["foo", "bar"], &[], false),
        ("search foo bar bat\n", &[], &["foo", "bar", "bat"], &[], false),
        ("search foo\nsearch bar", &[], &["bar"], &[], false),
        ("nameserver 1.2.3.4\nsearch foo bar", &["1.2.3.4"], &["foo", "bar"], &[], false),
        ("nameserver 1.2.3.4\nsearch foo\nnameserver 5.6.7.8\nsearch bar", &["1.2.3.4", "5.6.7.8"], &["bar"], &[], false),
        ("#comment\nnameserver 1.2.3.4\n#comment\nsearch foo\ncomment", &["1.2.3.4"], &["foo"], &[], false),
        ("options ", &[], &[], &[], false),
        ("options ndots:5 attempts:2", &[], &[], &["ndots:5", "attempts:2"], false),
        ("options ndots:1\noptions ndots:5 attempts:3", &[], &[], &["ndots:5", "attempts:3"], false),
        (
            "nameserver 1.2.3.4\nsearch foo\nnameserver 5.6.7.8\nsearch bar\noptions ndots:5 attempts:4",
            &["1.2.3.4", "5.6.7.8"],
            &["bar"],
            &["ndots:5", "attempts:4"],
            false,
        ),
        // Newer kubelets strip one trailing dot from search entries.
        ("search foo. bar", &[], &["foo", "bar"], &[], false),
    ];
    for (i, (data, ns, search, opts, is_err)) in cases.iter().enumerate() {
        let parsed = resolv::parse_resolv_conf(data);
        if *is_err {
            assert_eq!(
                parsed,
                Err("nameserver list is empty ".to_string()),
                "case {i}"
            );
            continue;
        }
        let parsed = parsed.unwrap_or_else(|e| panic!("case {i}: {e}"));
        assert_eq!(parsed.nameservers, strs(ns), "case {i} nameservers");
        assert_eq!(parsed.searches, strs(search), "case {i} searches");
        assert_eq!(parsed.options, strs(opts), "case {i} options");
    }
}

#[test]
fn c1_unparsable_node_file_fails_every_policy() {
    let dns = strs(&["10.0.0.10"]);
    for policy in ["ClusterFirst", "Default", "None"] {
        let f = resolv::form_pod_dns(&PodDnsInput {
            host_resolv_conf: Some("nameserver\n"),
            ..with_cluster_dns(custom(policy, false, None), &dns)
        });
        assert_eq!(
            f.error.as_deref(),
            Some("nameserver list is empty "),
            "{policy}"
        );
    }
}

/// `TestFormDNSSearchFitsLimits` (TV103): the legacy table, verified against the kubelet of
/// that era (no 253-character entry filter, i.e. before v1.22).
#[test]
fn tv103_search_limits_legacy() {
    let legacy = SearchLimits::for_version(KubeVersion::new(21));
    assert_eq!(
        legacy,
        SearchLimits {
            drop_long_entries: false,
            ..SearchLimits::LEGACY
        }
    );
    let long = "B".repeat(256);
    let prefix = "Search Line limits were exceeded, some search paths have been omitted, the applied search line is: ";
    let cases: Vec<(Vec<String>, Vec<String>, Option<String>)> = vec![
        (
            strs(&["testNS.svc.TEST", "svc.TEST", "TEST"]),
            strs(&["testNS.svc.TEST", "svc.TEST", "TEST"]),
            None,
        ),
        (
            strs(&["testNS.svc.TEST", "svc.TEST", "TEST", "AAA", "BBB"]),
            strs(&["testNS.svc.TEST", "svc.TEST", "TEST", "AAA", "BBB"]),
            None,
        ),
        (
            strs(&["testNS.svc.TEST", "svc.TEST", "TEST", "AAA", &long, "BBB"]),
            strs(&["testNS.svc.TEST", "svc.TEST", "TEST", "AAA"]),
            Some(format!("{prefix}testNS.svc.TEST svc.TEST TEST AAA")),
        ),
        (
            strs(&[
                "testNS.svc.TEST",
                "svc.TEST",
                "TEST",
                "AAA",
                "BBB",
                "CCC",
                "DDD",
            ]),
            strs(&["testNS.svc.TEST", "svc.TEST", "TEST", "AAA", "BBB", "CCC"]),
            Some(format!("{prefix}testNS.svc.TEST svc.TEST TEST AAA BBB CCC")),
        ),
    ];
    for (i, (input, want, event)) in cases.into_iter().enumerate() {
        let (got, message) = resolv::fit_searches(input, legacy);
        assert_eq!(got, want, "case {i}");
        assert_eq!(message, event, "case {i}");
    }
}

/// TV103, current code [derived]: the long entry is dropped on its own; 35 entries -> 32.
#[test]
fn tv103_search_limits_current() {
    let current = SearchLimits::for_version(KubeVersion::new(35));
    assert_eq!(current, SearchLimits::EXPANDED);
    let long = "B".repeat(256);
    let (got, message) = resolv::fit_searches(
        strs(&["testNS.svc.TEST", "svc.TEST", "TEST", "AAA", &long, "BBB"]),
        current,
    );
    assert_eq!(
        got,
        strs(&["testNS.svc.TEST", "svc.TEST", "TEST", "AAA", "BBB"])
    );
    assert!(message.is_some());
    let many: Vec<String> = (0..35).map(|i| format!("d{i}.example")).collect();
    let (got, message) = resolv::fit_searches(many.clone(), current);
    assert_eq!(got, many[..32].to_vec());
    assert!(message.is_some_and(|m| m.ends_with(&many[..32].join(" "))));
    // Legacy limits with the v1.22+ filter (gate off, v1.22-v1.25).
    let mid = SearchLimits::for_version(KubeVersion::new(24));
    let (got, _) = resolv::fit_searches(
        strs(&["testNS.svc.TEST", "svc.TEST", "TEST", "AAA", &long, "BBB"]),
        mid,
    );
    assert_eq!(
        got,
        strs(&["testNS.svc.TEST", "svc.TEST", "TEST", "AAA", "BBB"])
    );
    // The 2048-character line: entries are removed from the end until it fits.
    let wide: Vec<String> = (0..20)
        .map(|i| format!("{i:02}{}", "x".repeat(120)))
        .collect();
    let (got, message) = resolv::fit_searches(wide, current);
    assert!(got.join(" ").len() <= 2048);
    assert_eq!(got.len(), 16);
    assert!(message.is_some());
}

/// `TestFormDNSNameserversFitsLimits` (TV104).
#[test]
fn tv104_nameserver_limit() {
    let (got, event) = resolv::fit_nameservers(strs(&["127.0.0.1"]));
    assert_eq!((got, event), (strs(&["127.0.0.1"]), None));
    let three = strs(&["127.0.0.1", "10.0.0.10", "8.8.8.8"]);
    assert_eq!(
        resolv::fit_nameservers(three.clone()),
        (three.clone(), None)
    );
    let (got, event) =
        resolv::fit_nameservers(strs(&["127.0.0.1", "10.0.0.10", "8.8.8.8", "1.2.3.4"]));
    assert_eq!(got, three);
    assert_eq!(
        event.as_deref(),
        Some("Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: 127.0.0.1 10.0.0.10 8.8.8.8")
    );
}

#[test]
fn c6_events_through_form_pod_dns() {
    let dns = strs(&["10.0.0.10", "10.0.0.11"]);
    let config = PodDNSConfig {
        nameservers: Some(strs(&["1.1.1.1", "8.8.8.8"])),
        ..PodDNSConfig::default()
    };
    let f = resolv::form_pod_dns(&with_cluster_dns(
        custom("ClusterFirst", false, Some(&config)),
        &dns,
    ));
    assert_eq!(
        f.parts.nameservers,
        strs(&["10.0.0.10", "10.0.0.11", "1.1.1.1"])
    );
    assert_eq!(f.events.len(), 1);
    assert_eq!(f.events[0].reason, "DNSConfigForming");
    assert_eq!(f.events[0].rule, "C6");
}

// ---- 15.8 Search walk, hostname, hosts file ----------------------------------------------

fn shop_searches() -> Vec<String> {
    strs(&[
        "shop.svc.cluster.local",
        "svc.cluster.local",
        "cluster.local",
    ])
}

fn service_record(name: &str, ip: &str) -> DnsRecord {
    DnsRecord {
        name: name.into(),
        record_type: DnsRecordType::A,
        data: ip.into(),
        port: None,
        target: None,
        service: None,
        pod: None,
        derived: false,
        rule: "D2".into(),
        note: None,
    }
}

#[test]
fn tv105_short_name_tries_every_search_suffix_first() {
    let names = candidate_names("web", &shop_searches(), 5, Resolver::Glibc);
    assert_eq!(
        names,
        strs(&[
            "web.shop.svc.cluster.local.",
            "web.svc.cluster.local.",
            "web.cluster.local.",
            "web."
        ])
    );
}

#[test]
fn tv106_cross_namespace_answers_on_second_query() {
    let records = vec![service_record("web.prod.svc.cluster.local.", "10.96.3.3")];
    let options = strs(&["ndots:5"]);
    let walk = walk_with(
        &shop_searches(),
        &options,
        "cluster.local",
        true,
        &records,
        "web.prod",
        Resolver::Glibc,
    );
    assert_eq!(walk.queries[0].name, "web.prod.shop.svc.cluster.local.");
    assert_eq!(walk.queries[0].outcome, QueryOutcome::NxDomain);
    assert_eq!(walk.queries[1].name, "web.prod.svc.cluster.local.");
    assert_eq!(walk.queries[1].outcome, QueryOutcome::Answer);
    assert_eq!(walk.queries[1].answers, strs(&["A 10.96.3.3"]));
    assert_eq!(walk.answered_by, Some(1));
    assert_eq!(walk.wasted_lookups, 1);
}

#[test]
fn tv107_external_names_rooted_and_many_dots() {
    let options = strs(&["ndots:5"]);
    let walk = walk_with(
        &shop_searches(),
        &options,
        "cluster.local",
        true,
        &[],
        "api.example.com",
        Resolver::Glibc,
    );
    let names: Vec<&str> = walk.queries.iter().map(|q| q.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "api.example.com.shop.svc.cluster.local.",
            "api.example.com.svc.cluster.local.",
            "api.example.com.cluster.local.",
            "api.example.com."
        ]
    );
    assert_eq!(walk.queries[3].outcome, QueryOutcome::External);
    assert_eq!((walk.answered_by, walk.wasted_lookups), (Some(3), 3));

    let walk = walk_with(
        &shop_searches(),
        &options,
        "cluster.local",
        true,
        &[],
        "api.example.com.",
        Resolver::Glibc,
    );
    assert_eq!(walk.queries.len(), 1);
    assert_eq!((walk.answered_by, walk.wasted_lookups), (Some(0), 0));

    let names = candidate_names("a.b.c.d.e.f", &shop_searches(), 5, Resolver::Glibc);
    assert_eq!(names.first().map(String::as_str), Some("a.b.c.d.e.f."));
    assert_eq!(names.len(), 4);
}

#[test]
fn w4_musl_skips_search_list_with_enough_dots() {
    let glibc = candidate_names("a.b", &shop_searches(), 1, Resolver::Glibc);
    let musl = candidate_names("a.b", &shop_searches(), 1, Resolver::Musl);
    assert_eq!(glibc.len(), 4);
    assert_eq!(musl, strs(&["a.b."]));
    // Fewer dots than ndots: the same order for both.
    assert_eq!(
        candidate_names("web", &shop_searches(), 5, Resolver::Musl),
        candidate_names("web", &shop_searches(), 5, Resolver::Glibc)
    );
}

#[test]
fn w2_ndots_parsing() {
    assert_eq!(ndots_of(&[]), 1);
    assert_eq!(ndots_of(&strs(&["ndots:5"])), 5);
    assert_eq!(ndots_of(&strs(&["ndots:2", "ndots:3"])), 3);
    assert_eq!(ndots_of(&strs(&["ndots:99"])), 15);
    assert_eq!(ndots_of(&strs(&["ndots:x"])), 0);
    assert_eq!(ndots_of(&strs(&["edns0", "ndots:0"])), 0);
}

#[test]
fn walk_nodata_for_srv_only_names_and_empty_non_terminals() {
    let mut srv = service_record(
        "_http._tcp.web.shop.svc.cluster.local.",
        "80 web.shop.svc.cluster.local.",
    );
    srv.record_type = DnsRecordType::SRV;
    let records = vec![
        srv,
        service_record("web.shop.svc.cluster.local.", "10.96.0.7"),
    ];
    let walk = walk_with(
        &[],
        &[],
        "cluster.local",
        true,
        &records,
        "_http._tcp.web.shop.svc.cluster.local.",
        Resolver::Glibc,
    );
    assert_eq!(walk.queries[0].outcome, QueryOutcome::NoData);
    let walk = walk_with(
        &[],
        &[],
        "cluster.local",
        true,
        &records,
        "shop.svc.cluster.local.",
        Resolver::Glibc,
    );
    assert_eq!(walk.queries[0].outcome, QueryOutcome::NoData);
    let walk = walk_with(
        &[],
        &[],
        "cluster.local",
        false,
        &records,
        "web.shop.svc.cluster.local.",
        Resolver::Glibc,
    );
    assert_eq!(walk.queries[0].outcome, QueryOutcome::External);
}

/// TV108. The spec's example FQDN with `cluster-domain.example` is 67 characters, so the
/// kubelet refuses it (the spec text calls it "<=64 chars OK", which it is not); with
/// `cluster.local` the same pod gets a 58-character FQDN.
#[test]
fn tv108_set_hostname_as_fqdn() {
    let (host, domain) = hosts::hostname_and_domain(
        "busybox1",
        Some("busybox-1"),
        Some("default-subdomain"),
        "my-namespace",
        "cluster.local",
    )
    .unwrap();
    assert_eq!(
        hosts::kernel_hostname(&host, &domain, true).as_deref(),
        Ok("busybox-1.default-subdomain.my-namespace.svc.cluster.local")
    );
    assert_eq!(
        hosts::kernel_hostname(&host, &domain, false).as_deref(),
        Ok("busybox-1")
    );
    let (host, domain) = hosts::hostname_and_domain(
        "busybox1",
        Some("busybox-1"),
        Some("default-subdomain"),
        "my-namespace",
        "cluster-domain.example",
    )
    .unwrap();
    assert_eq!(
        hosts::kernel_hostname(&host, &domain, true).unwrap_err(),
        "failed to construct FQDN from pod hostname and cluster domain, FQDN busybox-1.default-subdomain.my-namespace.svc.cluster-domain.example is too long (64 characters is the max, 67 characters requested)"
    );
    let host = "h".repeat(21); // 21 + 1 + 48 = 70
    let domain = "default-subdomain.my-namespace.svc.cluster.local";
    assert_eq!(domain.len(), 48);
    let err = hosts::kernel_hostname(&host, domain, true).unwrap_err();
    assert_eq!(
        err,
        format!("failed to construct FQDN from pod hostname and cluster domain, FQDN {host}.{domain} is too long (64 characters is the max, 70 characters requested)")
    );
    // Exactly 64 is still fine.
    let host = "h".repeat(15);
    assert_eq!(
        hosts::kernel_hostname(&host, domain, true).map(|f| f.len()),
        Ok(64)
    );
}

#[test]
fn tv109_hostname_truncation() {
    let name = format!("{}-{}", "a".repeat(62), "b".repeat(7));
    assert_eq!(name.len(), 70);
    assert_eq!(name.as_bytes()[62], b'-');
    assert_eq!(
        hosts::truncate_hostname(&name, &name).unwrap(),
        "a".repeat(62)
    );
    let (host, domain) =
        hosts::hostname_and_domain(&name, None, None, "ns", "cluster.local").unwrap();
    assert_eq!(host, "a".repeat(62));
    assert_eq!(domain, "");
    assert!(
        hosts::hostname_and_domain("p", Some("Bad_Name"), None, "ns", "z")
            .unwrap_err()
            .starts_with("pod Hostname \"Bad_Name\" is not a valid DNS label: ")
    );
}

/// `TestManagedHostsFileContent` (TV110).
#[test]
fn tv110_managed_hosts_file() {
    let fixed = "# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n";
    let ips = strs(&["203.0.113.1", "fd00::6"]);
    assert_eq!(
        hosts::managed_hosts_file(&ips, "podFoo", "domainFoo", &[]),
        format!(
            "{fixed}203.0.113.1\tpodFoo.domainFoo\tpodFoo\nfd00::6\tpodFoo.domainFoo\tpodFoo\n"
        )
    );
    let aliases = [HostAlias {
        ip: "123.45.67.89".into(),
        hostnames: strs(&["foo", "bar", "baz"]),
    }];
    assert_eq!(
        hosts::managed_hosts_file(&strs(&["203.0.113.1"]), "podFoo", "", &aliases),
        format!("{fixed}203.0.113.1\tpodFoo\n\n# Entries added by HostAliases.\n123.45.67.89\tfoo\tbar\tbaz\n")
    );
    assert!(hosts::host_network_hosts_file(&[])
        .starts_with("# Kubernetes-managed hosts file (host network).\n"));
}

// ---- env <-> DNS ---------------------------------------------------------------------------

#[test]
fn env_variables_map_to_dns_names() {
    let yaml = r#"
apiVersion: v1
kind: Service
metadata: {name: redis, namespace: shop}
spec: {clusterIP: 10.96.4.2, ports: [{name: client, port: 6379}, {name: bus, port: 16379}]}
---
apiVersion: v1
kind: Service
metadata: {name: cache, namespace: shop}
spec: {clusterIP: 10.96.4.3, ports: [{port: 11211, protocol: UDP}]}
---
apiVersion: v1
kind: Service
metadata: {name: db, namespace: shop}
spec: {clusterIP: None, selector: {app: db}, ports: [{name: pg, port: 5432}]}
---
apiVersion: v1
kind: Service
metadata: {name: other, namespace: elsewhere}
spec: {clusterIP: 10.96.9.9, ports: [{port: 80}]}
---
apiVersion: v1
kind: Pod
metadata: {name: app, namespace: shop}
spec: {containers: [{name: c, image: i}]}
"#;
    let a = analyze(yaml, "{}");
    let dns = a.pods[0].dns.as_ref().unwrap();
    let find = |var: &str| {
        dns.service_links
            .iter()
            .find(|l| l.variable == var)
            .and_then(|l| l.dns.clone())
    };
    assert_eq!(
        find("REDIS_SERVICE_HOST").as_deref(),
        Some("redis.shop.svc.cluster.local")
    );
    assert_eq!(
        find("REDIS_SERVICE_PORT_CLIENT").as_deref(),
        Some("_client._tcp.redis.shop.svc.cluster.local")
    );
    assert_eq!(
        find("REDIS_PORT").as_deref(),
        Some("tcp://redis.shop.svc.cluster.local:6379")
    );
    assert_eq!(
        find("REDIS_PORT_16379_TCP_PORT").as_deref(),
        Some("_bus._tcp.redis.shop.svc.cluster.local")
    );
    assert_eq!(
        find("CACHE_SERVICE_PORT").as_deref(),
        Some("cache.shop.svc.cluster.local:11211")
    );
    assert_eq!(
        find("CACHE_PORT_11211_UDP").as_deref(),
        Some("udp://cache.shop.svc.cluster.local:11211")
    );
    assert_eq!(find("CACHE_PORT_11211_UDP_PROTO"), None);
    assert_eq!(
        find("REDIS_PORT_6379_TCP_ADDR").as_deref(),
        Some("redis.shop.svc.cluster.local")
    );
    let reasons: Vec<(String, crate::model::UnlinkedReason)> = dns
        .reachable_without_variables
        .iter()
        .map(|r| (r.service.clone(), r.reason))
        .collect();
    use crate::model::UnlinkedReason::*;
    assert_eq!(
        reasons,
        vec![
            ("elsewhere/other".into(), OtherNamespace),
            ("shop/db".into(), Headless)
        ]
    );
    // The env output carries the same name on the variable's source.
    let var = a.pods[0].containers[0]
        .env
        .iter()
        .flatten()
        .find(|v| v.name == "REDIS_SERVICE_HOST")
        .unwrap();
    assert!(
        matches!(&var.source, crate::model::Source::Service { dns: Some(d), .. } if d == "redis.shop.svc.cluster.local")
    );
}
