//! What the generated enums whose variants each hold one value (the dispatch enums
//! `AnyCommand`, `AnyPayload` …, and the union enums of array items) call instead of writing
//! it out per variant: each variant's code is checked by the compiler in the crate that holds
//! the enum, and the `commands` crate spent a tenth of its build on its two enums' `Debug`.

use std::fmt;

/// `Debug` of one variant, as `#[derive(Debug)]` writes it: `Name(value)`.
pub fn debug_variant(f: &mut fmt::Formatter<'_>, name: &str, value: &dyn fmt::Debug) -> fmt::Result {
    f.debug_tuple(name).field(value).finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Shown<'a>(&'a str, &'a dyn fmt::Debug);

    impl fmt::Debug for Shown<'_> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            debug_variant(f, self.0, self.1)
        }
    }

    #[derive(Debug, Clone)]
    #[allow(dead_code)] // read by `Debug` only
    struct Member {
        key: &'static str,
        values: Vec<u8>,
    }

    #[derive(Debug)]
    #[allow(dead_code)] // read by `Debug` only
    enum Derived {
        Settings(Box<Member>),
    }

    #[test]
    fn a_variant_is_shown_as_derive_shows_it() {
        let value = Box::new(Member { key: "Wallpaper", values: vec![1, 2] });
        assert_eq!(format!("{:?}", Shown("Settings", &value)), format!("{:?}", Derived::Settings(value.clone())));
        assert_eq!(format!("{:#?}", Shown("Settings", &value)), format!("{:#?}", Derived::Settings(value)));
    }
}
