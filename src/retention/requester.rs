//! Who asked, and whether they may (WGBO 7:447, 7:450, 7:457, 7:465; domain-nl §1.7).
//!
//! The rule, by the client's age on the day the request was received (a 29 February birthday counts
//! from 1 March in common years, see [`crate::dates::age_on`]):
//! - under 12: the parents with gezag or the voogd exercise the client's rights; the child alone not;
//! - 12 to 15: the child and the parents with gezag (or the voogd) both may;
//! - from 16: the client alone. A parent or voogd then only with the client's consent, or as the
//!   representative of a client who cannot weigh his own interests (7:465 lid 2), which the therapist
//!   must record as the reason to proceed;
//! - a curator or mentor exists only for an adult and represents him (7:465 lid 3);
//! - a gemachtigde holds the written authorisation of a client of 16 or older;
//! - a vertegenwoordiger (someone else under 7:465 lid 3) only for an adult.
//!
//! The app cannot see gezag, a beschikking or a machtiging; every "entitled" answer says what to
//! check. A copy or destruction for a requester who is not entitled is refused unless a reason to
//! proceed is recorded on the request.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Requester {
    #[default]
    Client,
    Ouder,
    Voogd,
    Mentor,
    Curator,
    Vertegenwoordiger,
    Gemachtigde,
}

impl Requester {
    pub const ALL: [Requester; 7] = [
        Requester::Client,
        Requester::Ouder,
        Requester::Voogd,
        Requester::Mentor,
        Requester::Curator,
        Requester::Vertegenwoordiger,
        Requester::Gemachtigde,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Requester::Client => "client",
            Requester::Ouder => "ouder",
            Requester::Voogd => "voogd",
            Requester::Mentor => "mentor",
            Requester::Curator => "curator",
            Requester::Vertegenwoordiger => "vertegenwoordiger",
            Requester::Gemachtigde => "gemachtigde",
        }
    }

    /// The requester in a Dutch sentence ("een ouder").
    pub fn label(self) -> &'static str {
        match self {
            Requester::Client => "de cliënt",
            Requester::Ouder => "een ouder",
            Requester::Voogd => "de voogd",
            Requester::Mentor => "de mentor",
            Requester::Curator => "de curator",
            Requester::Vertegenwoordiger => "een vertegenwoordiger",
            Requester::Gemachtigde => "een gemachtigde",
        }
    }

    pub fn parse(s: &str) -> Option<Requester> {
        Requester::ALL.into_iter().find(|r| r.as_str() == s.trim())
    }
}

/// Whether `requester` may make a request for a client who is `age` on the day it was received, and
/// the rule in Dutch.
pub fn entitlement(requester: Requester, age: i32) -> (bool, String) {
    use Requester::*;
    let who = requester.label();
    let (ok, rule) = match (requester, age) {
        (Client, a) if a < 12 => (false, "onder de 12 oefenen de ouders met gezag of de voogd de rechten van de cliënt uit (WGBO art. 7:465 lid 1); het verzoek moet van hen komen".to_string()),
        (Client, a) if a < 16 => (true, "van 12 tot 16 jaar mag de cliënt dit zelf vragen, net als de ouders met gezag (WGBO art. 7:450 lid 2)".to_string()),
        (Client, _) => (true, "vanaf 16 jaar beslist de cliënt zelf (WGBO art. 7:447)".to_string()),
        (Ouder | Voogd, a) if a < 12 => (true, "onder de 12 oefenen de ouders met gezag of de voogd de rechten van de cliënt uit (WGBO art. 7:465 lid 1); controleer het gezag".to_string()),
        (Ouder | Voogd, a) if a < 16 => (true, "van 12 tot 16 jaar mogen de ouders met gezag of de voogd dit vragen, naast de cliënt zelf (WGBO art. 7:450 lid 2); controleer het gezag".to_string()),
        (Ouder | Voogd, _) => (false, "vanaf 16 jaar beslist de cliënt alleen (WGBO art. 7:447); een ouder of voogd krijgt dit alleen met toestemming van de cliënt, of als de cliënt zijn belangen niet zelf kan behartigen (WGBO art. 7:465 lid 2). Leg dan vast waarom".to_string()),
        (Mentor | Curator, a) if a < 18 => (false, "een mentor of curator vertegenwoordigt alleen een meerderjarige (WGBO art. 7:465 lid 3); voor een minderjarige beslissen de cliënt en de ouders met gezag of de voogd".to_string()),
        (Mentor | Curator, _) => (true, "een mentor of curator vertegenwoordigt een meerderjarige die zijn belangen niet zelf kan behartigen (WGBO art. 7:465 lid 3); controleer de beschikking van de rechter".to_string()),
        (Gemachtigde, a) if a < 16 => (false, "onder de 16 jaar kan de cliënt niet alleen iemand machtigen; het verzoek komt van de cliënt of de ouders met gezag of de voogd (WGBO art. 7:450 en 7:465 lid 1)".to_string()),
        (Gemachtigde, _) => (true, "vanaf 16 jaar mag de cliënt iemand schriftelijk machtigen (WGBO art. 7:457 en 7:465 lid 3); controleer de schriftelijke machtiging".to_string()),
        (Vertegenwoordiger, a) if a < 18 => (false, "een minderjarige wordt vertegenwoordigd door de ouders met gezag of de voogd (WGBO art. 7:465 lid 1 en 2); kies 'ouder' of 'voogd', of leg vast waarom deze vertegenwoordiger het mag".to_string()),
        (Vertegenwoordiger, _) => (true, "een meerderjarige die zijn belangen niet zelf kan behartigen, wordt vertegenwoordigd door een mentor, curator, schriftelijk gemachtigde, partner of familielid (WGBO art. 7:465 lid 3); leg vast wie het is en waarom".to_string()),
    };
    let verdict = if ok {
        "mag dit vragen"
    } else {
        "mag dit niet zonder meer vragen"
    };
    let mut who = who.to_string();
    if let Some(first) = who.get(..1) {
        who = first.to_uppercase() + &who[1..];
    }
    (
        ok,
        format!("{who} {verdict}: de cliënt was {age} jaar op de dag van ontvangst; {rule}."),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_requester_has_a_parsable_name() {
        for r in Requester::ALL {
            assert_eq!(Requester::parse(r.as_str()), Some(r));
        }
        assert_eq!(Requester::parse("moeder"), None);
    }

    #[test]
    fn the_reason_names_the_age_and_the_article() {
        let (ok, why) = entitlement(Requester::Ouder, 17);
        assert!(!ok);
        assert!(
            why.starts_with("Een ouder mag dit niet zonder meer vragen"),
            "{why}"
        );
        assert!(why.contains("17 jaar") && why.contains("7:447"), "{why}");
    }
}
