//! Who is asking, as the sign-in throttle counts them.
//!
//! Behind a reverse proxy every request comes from the proxy, so the proxy's own
//! address would throttle everyone at once. When the peer is one of the trusted
//! proxies (`FLOORCAST_TRUSTED_PROXIES`), the client is the rightmost address in
//! `X-Forwarded-For` that is not itself a trusted proxy: hops further left were
//! written by the client and prove nothing. From any other peer the header is
//! ignored. IPv6 clients are grouped by their /64, the block one household or
//! one tablet's network is given, so rotating addresses inside it gains nothing.

use std::net::IpAddr;

use ipnet::IpNet;

/// The throttle's name for the client of a request from `peer` carrying
/// `forwarded` (the `X-Forwarded-For` values, comma-separated).
pub fn of_request(peer: IpAddr, forwarded: &str, trusted: &[IpNet]) -> String {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    let mut client = peer;
    if is_trusted(&peer) {
        for hop in forwarded.rsplit(',').map(str::trim).filter(|h| !h.is_empty()) {
            let Ok(ip) = hop.parse::<IpAddr>() else { break };
            client = ip;
            if !is_trusted(&ip) {
                break;
            }
        }
    }
    grouped(client)
}

/// IPv4 as it is; IPv6 as its /64 network (IPv4-mapped IPv6 as the IPv4 address).
fn grouped(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nets(list: &[&str]) -> Vec<IpNet> {
        list.iter().map(|n| n.parse().unwrap()).collect()
    }

    #[test]
    fn forwarded_for_counts_only_from_a_trusted_peer() {
        let proxies = nets(&["10.0.0.0/8"]);
        let direct: IpAddr = "203.0.113.7".parse().unwrap();
        assert_eq!(of_request(direct, "198.51.100.1", &proxies), "203.0.113.7", "a stranger cannot pick an address");
        let proxy: IpAddr = "10.1.2.3".parse().unwrap();
        assert_eq!(of_request(proxy, "198.51.100.1", &proxies), "198.51.100.1");
        assert_eq!(of_request(proxy, "", &proxies), "10.1.2.3", "no header: the proxy itself");
    }

    #[test]
    fn the_rightmost_untrusted_hop_is_the_client() {
        let proxies = nets(&["10.0.0.0/8", "192.168.0.0/16"]);
        let proxy: IpAddr = "10.0.0.1".parse().unwrap();
        // The client forged the leftmost entry; the two proxies appended the rest.
        assert_eq!(of_request(proxy, "1.2.3.4, 198.51.100.9, 192.168.1.1", &proxies), "198.51.100.9");
        assert_eq!(of_request(proxy, "garbage, 198.51.100.9", &proxies), "198.51.100.9");
        assert_eq!(
            of_request(proxy, "198.51.100.9, garbage", &proxies),
            "10.0.0.1",
            "an unreadable hop stops the walk"
        );
    }

    #[test]
    fn ipv6_is_grouped_by_64() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::99".parse().unwrap();
        assert_eq!(of_request(a, "", &[]), of_request(b, "", &[]));
        assert_eq!(of_request(a, "", &[]), "2001:db8:1:2::/64");
        let mapped: IpAddr = "::ffff:203.0.113.7".parse().unwrap();
        assert_eq!(of_request(mapped, "", &[]), "203.0.113.7");
    }
}
