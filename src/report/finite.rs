//! The non-finite guard: walk a result value through serde and report the first NaN or infinite
//! number with its path (e.g. `quarters[3].mean`), so no command writes one in any format (JSON would
//! silently turn it into `null`). Values that may be missing are `Option`s, serialized as `null`
//! and accepted.

use serde::ser::{self, Serialize};

/// Why the walk stopped: a non-finite number at a path, or a serialization error.
#[derive(Debug)]
pub struct NonFinite(pub String);

impl std::fmt::Display for NonFinite {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for NonFinite {}

impl ser::Error for NonFinite {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        NonFinite(msg.to_string())
    }
}

/// The path of the first non-finite number in `v` (None if every number is finite).
pub fn first_non_finite<T: Serialize + ?Sized>(v: &T) -> Option<String> {
    let mut w = Walker { path: Vec::new() };
    match v.serialize(&mut w) {
        Ok(()) => None,
        Err(NonFinite(p)) => Some(p),
    }
}

struct Walker {
    path: Vec<String>,
}

impl Walker {
    fn here(&self) -> String {
        let mut s = String::new();
        for p in &self.path {
            if p.starts_with('[') || s.is_empty() {
                s.push_str(p);
            } else {
                s.push('.');
                s.push_str(p);
            }
        }
        if s.is_empty() {
            "(top level)".into()
        } else {
            s
        }
    }
    fn float(&self, v: f64) -> Result<(), NonFinite> {
        if v.is_finite() {
            Ok(())
        } else {
            Err(NonFinite(format!("{} = {v}", self.here())))
        }
    }
}

/// Compound serializer: counts elements for the path. `variant`: an enum variant's name was pushed
/// on the path (as JSON nests a tuple or struct variant under its name) and is popped at the end.
struct Compound<'a> {
    w: &'a mut Walker,
    index: usize,
    variant: bool,
}

impl Compound<'_> {
    fn done(self) -> Result<(), NonFinite> {
        if self.variant {
            self.w.path.pop();
        }
        Ok(())
    }
}

impl Compound<'_> {
    fn element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), NonFinite> {
        self.w.path.push(format!("[{}]", self.index));
        self.index += 1;
        let r = v.serialize(&mut *self.w);
        self.w.path.pop();
        r
    }
    fn field<T: Serialize + ?Sized>(&mut self, key: &str, v: &T) -> Result<(), NonFinite> {
        self.w.path.push(key.to_string());
        let r = v.serialize(&mut *self.w);
        self.w.path.pop();
        r
    }
}

macro_rules! ok {
    ($($name:ident: $t:ty),*) => {
        $(fn $name(self, _v: $t) -> Result<(), NonFinite> { Ok(()) })*
    };
}

impl<'a> ser::Serializer for &'a mut Walker {
    type Ok = ();
    type Error = NonFinite;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    ok!(serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32,
        serialize_i64: i64, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64, serialize_char: char, serialize_str: &str, serialize_bytes: &[u8]);

    fn serialize_f32(self, v: f32) -> Result<(), NonFinite> {
        self.float(v as f64)
    }
    fn serialize_f64(self, v: f64) -> Result<(), NonFinite> {
        self.float(v)
    }
    fn serialize_none(self) -> Result<(), NonFinite> {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<(), NonFinite> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), NonFinite> {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), NonFinite> {
        Ok(())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
    ) -> Result<(), NonFinite> {
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<(), NonFinite> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        v: &T,
    ) -> Result<(), NonFinite> {
        self.path.push(variant.to_string());
        let r = v.serialize(&mut *self);
        self.path.pop();
        r
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'a>, NonFinite> {
        Ok(Compound {
            w: self,
            index: 0,
            variant: false,
        })
    }
    fn serialize_tuple(self, _: usize) -> Result<Compound<'a>, NonFinite> {
        Ok(Compound {
            w: self,
            index: 0,
            variant: false,
        })
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Compound<'a>, NonFinite> {
        Ok(Compound {
            w: self,
            index: 0,
            variant: false,
        })
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a>, NonFinite> {
        self.path.push(variant.to_string());
        Ok(Compound {
            w: self,
            index: 0,
            variant: true,
        })
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'a>, NonFinite> {
        Ok(Compound {
            w: self,
            index: 0,
            variant: false,
        })
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Compound<'a>, NonFinite> {
        Ok(Compound {
            w: self,
            index: 0,
            variant: false,
        })
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a>, NonFinite> {
        self.path.push(variant.to_string());
        Ok(Compound {
            w: self,
            index: 0,
            variant: true,
        })
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = NonFinite;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), NonFinite> {
        self.element(v)
    }
    fn end(self) -> Result<(), NonFinite> {
        Ok(())
    }
}

impl ser::SerializeTuple for Compound<'_> {
    type Ok = ();
    type Error = NonFinite;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), NonFinite> {
        self.element(v)
    }
    fn end(self) -> Result<(), NonFinite> {
        Ok(())
    }
}

impl ser::SerializeTupleStruct for Compound<'_> {
    type Ok = ();
    type Error = NonFinite;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), NonFinite> {
        self.element(v)
    }
    fn end(self) -> Result<(), NonFinite> {
        Ok(())
    }
}

impl ser::SerializeTupleVariant for Compound<'_> {
    type Ok = ();
    type Error = NonFinite;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), NonFinite> {
        self.element(v)
    }
    fn end(self) -> Result<(), NonFinite> {
        self.done()
    }
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = NonFinite;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, k: &T) -> Result<(), NonFinite> {
        // Keys are strings (or numbers) in every result; record them for the path.
        let key = serde_json::to_string(k).unwrap_or_default();
        self.w.path.push(key.trim_matches('"').to_string());
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), NonFinite> {
        let r = v.serialize(&mut *self.w);
        self.w.path.pop();
        r
    }
    fn end(self) -> Result<(), NonFinite> {
        Ok(())
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = NonFinite;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        v: &T,
    ) -> Result<(), NonFinite> {
        self.field(key, v)
    }
    fn end(self) -> Result<(), NonFinite> {
        Ok(())
    }
}

impl ser::SerializeStructVariant for Compound<'_> {
    type Ok = ();
    type Error = NonFinite;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        v: &T,
    ) -> Result<(), NonFinite> {
        self.field(key, v)
    }
    fn end(self) -> Result<(), NonFinite> {
        self.done()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[derive(serde::Serialize)]
    struct Row {
        name: String,
        value: f64,
        maybe: Option<f64>,
        q: BTreeMap<String, f64>,
    }

    #[test]
    fn the_first_non_finite_number_is_found_with_its_path_and_missing_values_pass() {
        let ok = vec![Row {
            name: "a".into(),
            value: 1.0,
            maybe: None,
            q: BTreeMap::from([("5".into(), 0.1)]),
        }];
        assert_eq!(first_non_finite(&ok), None);
        let bad = vec![
            Row {
                name: "a".into(),
                value: 1.0,
                maybe: Some(2.0),
                q: BTreeMap::new(),
            },
            Row {
                name: "b".into(),
                value: 1.0,
                maybe: None,
                q: BTreeMap::from([("95".into(), f64::NAN)]),
            },
        ];
        assert_eq!(first_non_finite(&bad).as_deref(), Some("[1].q.95 = NaN"));
        assert_eq!(
            first_non_finite(&(1.0, f64::INFINITY)).as_deref(),
            Some("[1] = inf")
        );
    }

    #[derive(serde::Serialize)]
    struct Wrap(f64);

    #[derive(serde::Serialize)]
    struct Pair(f64, f32);

    #[derive(serde::Serialize)]
    enum Shape {
        Newtype(f64),
        Tuple(f64, f64),
        Struct { x: f64 },
    }

    #[test]
    fn every_serde_shape_is_walked_with_its_path() {
        let nan = f64::NAN;
        assert_eq!(first_non_finite(&nan).as_deref(), Some("(top level) = NaN"));
        assert_eq!(
            first_non_finite(&Some(f64::NEG_INFINITY)).as_deref(),
            Some("(top level) = -inf")
        );
        assert_eq!(
            first_non_finite(&f32::NAN).as_deref(),
            Some("(top level) = NaN")
        );
        assert_eq!(
            first_non_finite(&Wrap(nan)).as_deref(),
            Some("(top level) = NaN")
        );
        assert_eq!(
            first_non_finite(&Pair(1.0, f32::INFINITY)).as_deref(),
            Some("[1] = inf")
        );
        assert_eq!(
            first_non_finite(&[Shape::Newtype(1.0), Shape::Newtype(nan)]).as_deref(),
            Some("[1].Newtype = NaN")
        );
        assert_eq!(
            first_non_finite(&Shape::Tuple(0.0, nan)).as_deref(),
            Some("Tuple[1] = NaN")
        );
        assert_eq!(
            first_non_finite(&vec![Shape::Struct { x: 1.0 }, Shape::Struct { x: nan }]).as_deref(),
            Some("[1].Struct.x = NaN")
        );
        // Map keys are walked too (a float key), and values under their key.
        let m = BTreeMap::from([("a".to_string(), vec![1.0, 2.0, nan])]);
        assert_eq!(first_non_finite(&m).as_deref(), Some("a[2] = NaN"));
        // Nested sequences count from 0 at every level, and the first bad number wins.
        let v = vec![vec![1.0], vec![2.0, 3.0, f64::INFINITY, nan]];
        assert_eq!(first_non_finite(&v).as_deref(), Some("[1][2] = inf"));
        // Finite values of every shape pass.
        let fine = (
            Wrap(1.0),
            Pair(1.0, 2.0),
            Shape::Tuple(1.0, 2.0),
            Shape::Struct { x: 0.0 },
            Shape::Newtype(3.0),
            Some(1.0f32),
            "text",
            1u8,
            true,
            (),
        );
        assert_eq!(first_non_finite(&fine), None);
        // A variant's name leaves the path with the variant: the next field is found at its own path.
        #[derive(serde::Serialize)]
        struct After {
            t: Shape,
            s: Shape,
            x: f64,
        }
        let after = After {
            t: Shape::Tuple(1.0, 2.0),
            s: Shape::Struct { x: 1.0 },
            x: nan,
        };
        assert_eq!(first_non_finite(&after).as_deref(), Some("x = NaN"));
        // The error type carries its message.
        let e: NonFinite = ser::Error::custom("boom");
        assert_eq!(e.to_string(), "boom");
    }
}
