//! A strict serde `Deserializer` over the fast path's [`Node`] tree.
//!
//! It hands scalars to visitors exactly as serde-saphyr does for the types
//! a [`Declaration`] uses, and fails (so the caller falls back to
//! serde-saphyr) on everything else:
//!
//! - strings (`String`, `Euros`, `Taux`): the scalar's text; a plain null
//!   (`~`, `null`, `Null`, `NULL`, empty) fails, as in serde-saphyr;
//! - `Option`: a plain null is `None`, anything else `Some`;
//! - unsigned integers: plain decimal digits without a leading zero only;
//! - booleans: plain `true` and `false` only;
//! - enums: unit variants named by a plain, non-null scalar only;
//! - structs from mappings, sequences from sequences; anything else fails.

use super::fast::{Node, Style};
use crate::model::Declaration;
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};
use std::borrow::Cow;
use std::fmt;

/// Any failure: the fast path declines.
#[derive(Debug)]
pub(crate) struct Fail;

impl fmt::Display for Fail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("fast path declined")
    }
}

impl std::error::Error for Fail {}

impl de::Error for Fail {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Fail
    }
}

/// Deserializes a declaration from the tree.
pub(crate) fn to_declaration(node: Node<'_>) -> Result<Declaration, Fail> {
    Declaration::deserialize(node)
}

/// serde-saphyr's plain null scalars.
fn is_null(text: &str, style: Style) -> bool {
    style == Style::Plain && matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

fn visit_text<'de, V: Visitor<'de>>(text: Cow<'de, str>, visitor: V) -> Result<V::Value, Fail> {
    match text {
        Cow::Borrowed(s) => visitor.visit_borrowed_str(s),
        Cow::Owned(s) => visitor.visit_string(s),
    }
}

impl Node<'_> {
    /// A plain decimal integer without sign or leading zero.
    fn unsigned(&self) -> Result<u64, Fail> {
        let Node::Scalar(text, Style::Plain) = self else {
            return Err(Fail);
        };
        let ok = !text.is_empty()
            && text.bytes().all(|b| b.is_ascii_digit())
            && (text.len() == 1 || !text.starts_with('0'));
        if !ok {
            return Err(Fail);
        }
        text.parse().map_err(|_| Fail)
    }
}

macro_rules! unsigned {
    ($($method:ident $ty:ty => $visit:ident;)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Fail> {
                let v = <$ty>::try_from(self.unsigned()?).map_err(|_| Fail)?;
                visitor.$visit(v)
            }
        )*
    };
}

macro_rules! refused {
    ($($method:ident)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Fail> {
                Err(Fail)
            }
        )*
    };
}

impl<'de> de::Deserializer<'de> for Node<'de> {
    type Error = Fail;

    unsigned! {
        deserialize_u8 u8 => visit_u8;
        deserialize_u16 u16 => visit_u16;
        deserialize_u32 u32 => visit_u32;
        deserialize_u64 u64 => visit_u64;
    }

    refused! {
        deserialize_any deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_f32 deserialize_f64 deserialize_char deserialize_bytes
        deserialize_byte_buf deserialize_unit deserialize_ignored_any
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Fail> {
        match self {
            Node::Scalar(t, Style::Plain) if t == "true" => visitor.visit_bool(true),
            Node::Scalar(t, Style::Plain) if t == "false" => visitor.visit_bool(false),
            _ => Err(Fail),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Fail> {
        match self {
            Node::Scalar(t, style) if !is_null(&t, style) => visit_text(t, visitor),
            _ => Err(Fail),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Fail> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Fail> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Fail> {
        match &self {
            Node::Scalar(t, style) if is_null(t, *style) => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: V,
    ) -> Result<V::Value, Fail> {
        Err(Fail)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: V,
    ) -> Result<V::Value, Fail> {
        Err(Fail)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Fail> {
        match self {
            Node::Seq(items) => {
                let mut access = de::value::SeqDeserializer::new(items.into_iter());
                let value = visitor.visit_seq(&mut access)?;
                access.end()?;
                Ok(value)
            }
            _ => Err(Fail),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value, Fail> {
        Err(Fail)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        _: V,
    ) -> Result<V::Value, Fail> {
        Err(Fail)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Fail> {
        match self {
            Node::Map(entries) => {
                let entries = entries
                    .into_iter()
                    .map(|(k, v)| (Node::Scalar(Cow::Borrowed(k), Style::Plain), v));
                let mut access = de::value::MapDeserializer::new(entries);
                let value = visitor.visit_map(&mut access)?;
                access.end()?;
                Ok(value)
            }
            _ => Err(Fail),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Fail> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Fail> {
        match self {
            Node::Scalar(t, Style::Plain) if !is_null(&t, Style::Plain) => {
                visitor.visit_enum(UnitVariant(t))
            }
            _ => Err(Fail),
        }
    }
}

impl<'de> IntoDeserializer<'de, Fail> for Node<'de> {
    type Deserializer = Self;
    fn into_deserializer(self) -> Self {
        self
    }
}

/// An enum written as its variant's name.
struct UnitVariant<'de>(Cow<'de, str>);

impl<'de> de::EnumAccess<'de> for UnitVariant<'de> {
    type Error = Fail;
    type Variant = Self;

    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Self), Fail> {
        let name = Node::Scalar(self.0.clone(), Style::Plain);
        Ok((seed.deserialize(name)?, self))
    }
}

impl<'de> de::VariantAccess<'de> for UnitVariant<'de> {
    type Error = Fail;

    fn unit_variant(self) -> Result<(), Fail> {
        Ok(())
    }

    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, _: S) -> Result<S::Value, Fail> {
        Err(Fail)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value, Fail> {
        Err(Fail)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Fail> {
        Err(Fail)
    }
}
