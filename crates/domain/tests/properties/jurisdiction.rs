//! Jurisdiction codes: text round trip and terminating parent chains.

use linli_domain::{JurisdictionCode, Level};
use proptest::prelude::*;

use crate::strategies::code;

proptest! {
    #[test]
    fn display_and_from_str_round_trip(c in code()) {
        let text = c.to_string();
        prop_assert_eq!(text.parse::<JurisdictionCode>(), Ok(c));
        let json = serde_json::to_string(&c).unwrap();
        prop_assert_eq!(serde_json::from_str::<JurisdictionCode>(&json).unwrap(), c);
    }

    #[test]
    fn parent_chain_climbs_one_level_at_a_time_and_ends_at_a_province(c in code()) {
        let mut current = c;
        let mut steps = 0;
        while let Some(parent) = current.parent() {
            prop_assert_eq!(Some(parent.level()), current.level().parent());
            prop_assert!(parent.is_ancestor_of(&c));
            prop_assert!(parent < current, "a parent sorts before its subtree");
            current = parent;
            steps += 1;
            prop_assert!(steps <= 5);
        }
        prop_assert_eq!(current.level(), Level::Province);
        prop_assert_eq!(c.ancestors().count(), steps);
    }

    #[test]
    fn any_accepted_string_is_canonical(s in "[0-9]{12}(-G[0-9]{3})?") {
        if let Ok(c) = s.parse::<JurisdictionCode>() {
            prop_assert_eq!(c.to_string(), s);
        }
    }

    #[test]
    fn parsing_arbitrary_text_never_panics(s in "\\PC{0,24}") {
        let _ = s.parse::<JurisdictionCode>();
    }
}
