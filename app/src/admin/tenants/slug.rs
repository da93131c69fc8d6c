//! A tenant's short name, as a type: the one place its rule is written.

/// 2 to 64 of `a-z`, `0-9` and `-`, not starting or ending with `-`; typed in any
/// case, kept in lower case (surrounding spaces ignored). Unique over all tenants.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Slug(String);

impl Slug {
    pub fn parse(raw: &str) -> Option<Slug> {
        let slug = raw.trim().to_ascii_lowercase();
        let ok = (2..=64).contains(&slug.len())
            && slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !slug.starts_with('-')
            && !slug.ends_with('-');
        ok.then_some(Slug(slug))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::Slug;

    #[test]
    fn slugs_are_lower_case_letters_digits_and_inner_dashes() {
        assert_eq!(Slug::parse(" Acme-2 ").map(|s| s.as_str().to_string()), Some("acme-2".into()));
        assert!(Slug::parse(&"a".repeat(64)).is_some());
        for bad in ["a", "-acme", "acme-", "ac me", "acme_2", "äcme", &"a".repeat(65)] {
            assert_eq!(Slug::parse(bad), None, "{bad:?}");
        }
    }
}
