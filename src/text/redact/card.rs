//! Bank card numbers (`card-luhn`): 13 to 19 digits that pass the Luhn check, written as one
//! block or in groups of three to six ("4111 1111 1111 1111", "3714 496353 98431").

use super::digits::Window;

/// Whether a digit string passes the Luhn check.
pub(super) fn luhn(d: &[u8]) -> bool {
    let mut sum = 0u32;
    for (i, &c) in d.iter().rev().enumerate() {
        let Some(v) = c.checked_sub(b'0').filter(|v| *v < 10) else {
            return false;
        };
        let v = u32::from(v);
        sum += if i % 2 == 1 {
            let x = v * 2;
            if x > 9 {
                x - 9
            } else {
                x
            }
        } else {
            v
        };
    }
    !d.is_empty() && sum % 10 == 0
}

/// A card number, by its length, grouping and check digit.
pub(super) fn card(w: &Window) -> Option<&'static str> {
    let grouped = w.sizes.len() == 1 || w.sizes.iter().all(|s| (3..=6).contains(s));
    let all_same = w.digits.windows(2).all(|p| p[0] == p[1]);
    ((13..=19).contains(&w.digits.len()) && grouped && !all_same && luhn(w.digits))
        .then_some("card-luhn")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn_check() {
        assert!(luhn(b"4111111111111111"));
        assert!(luhn(b"4012888888881881"));
        assert!(!luhn(b"4012888888881882"));
        assert!(luhn(b"371449635398431"));
        assert!(!luhn(b""));
    }

    #[test]
    fn card_numbers() {
        let r = super::super::shared();
        for text in [
            "card 4012888888881881 ok",
            "card 4012-8888-8888-1881 ok",
            "card 4012 8888 8888 1881 ok",
            "card 3714 496353 98431 ok",
            "card 30569309025904 ok",
        ] {
            assert_eq!(r.redact(text), "card [card] ok", "{text}");
        }
        for text in [
            "card 4012-8888-8888-1882",
            "0000000000000000",
            "36168002586008",
        ] {
            assert_eq!(r.redact(text), text);
        }
    }
}
