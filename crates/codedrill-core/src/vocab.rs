//! One vocabulary, one enum: each closed set of words codedrill stores or prints (a mistake class, a
//! trial stage, an answer mode...) is an enum with one list of its values and one string form, used for
//! SQLite, JSON and parsing alike. A stored word the enum does not know is `None` from `parse`, which
//! the store turns into an error naming the file; never a default.

/// Declares a vocabulary: the enum, `ALL` (in the declared order), `as_str`, `parse`, `Display` and a
/// `Serialize` that writes the string form.
macro_rules! vocabulary {
    (
        $(#[$doc:meta])*
        pub enum $name:ident {
            $($(#[$vdoc:meta])* $variant:ident = $text:literal),+ $(,)?
        }
    ) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {
            $($(#[$vdoc])* $variant),+
        }

        impl $name {
            /// Every value, in the order reports list them.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The one string form: stored, written in JSON, parsed back.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            /// The value whose string form is `text`; `None` for a word this vocabulary does not have.
            pub fn parse(text: &str) -> Option<$name> {
                match text {
                    $($text => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
    };
}

/// Declares a vocabulary stored as a number (a card state, a rating, a review kind, as Anki's log
/// stores them): the enum with its numbers, `ALL`, `from_i64` (`None` for a number it does not have) and
/// `name`, the word exports print.
macro_rules! numbered_vocabulary {
    (
        $(#[$doc:meta])*
        pub enum $name:ident {
            $($(#[$vdoc:meta])* $variant:ident = $n:literal => $text:literal),+ $(,)?
        }
    ) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {
            $($(#[$vdoc])* $variant = $n),+
        }

        impl $name {
            /// Every value, in the order of their numbers.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The value stored as `n`; `None` for a number this vocabulary does not have.
            pub fn from_i64(n: i64) -> Option<$name> {
                match n {
                    $($n => Some($name::$variant),)+
                    _ => None,
                }
            }

            /// The word exports print.
            pub fn name(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }
        }
    };
}

pub(crate) use {numbered_vocabulary, vocabulary};
