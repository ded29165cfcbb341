//! An order-preserving document tree for JSON and YAML read from the spec (example bodies when
//! the examples crate finds nothing, embedded OpenAPI fragments).
//!
//! `serde_json::Value` sorts object keys (the workspace does not enable `preserve_order`), which
//! would reorder schema properties and paths; this tree keeps them as written. Keys that YAML
//! reads as numbers or booleans (`200:` under `responses`) become their text.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use std::fmt;

/// A JSON/YAML value with object keys in written order.
#[derive(Debug, Clone, PartialEq)]
pub enum Tree {
    /// `null` / `~`.
    Null,
    /// A boolean.
    Bool(bool),
    /// A number (never rounded beyond what `serde_json::Number` holds).
    Number(serde_json::Number),
    /// A string.
    String(String),
    /// A sequence.
    Seq(Vec<Tree>),
    /// A mapping, keys in written order (a repeated key keeps its last value, in place).
    Map(Vec<(String, Tree)>),
}

impl Tree {
    /// The value under `key` of a mapping.
    pub fn get(&self, key: &str) -> Option<&Tree> {
        match self {
            Tree::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The string, when this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Tree::String(s) => Some(s),
            _ => None,
        }
    }

    /// Removes and returns the value under `key` of a mapping.
    pub fn take(&mut self, key: &str) -> Option<Tree> {
        match self {
            Tree::Map(entries) => {
                let at = entries.iter().position(|(k, _)| k == key)?;
                Some(entries.remove(at).1)
            }
            _ => None,
        }
    }

    /// Sets `key` of a mapping (replacing in place, or appending).
    pub fn set(&mut self, key: &str, value: Tree) {
        if let Tree::Map(entries) = self {
            match entries.iter_mut().find(|(k, _)| k == key) {
                Some(entry) => entry.1 = value,
                None => entries.push((key.to_owned(), value)),
            }
        }
    }

    /// Deserializes a typed value from this tree, keeping mapping order (through JSON text).
    pub fn to_typed<T: serde::de::DeserializeOwned>(&self) -> Result<T, String> {
        let text = serde_json::to_string(self).map_err(|e| e.to_string())?;
        serde_json::from_str(&text).map_err(|e| e.to_string())
    }
}

impl Serialize for Tree {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Tree::Null => serializer.serialize_unit(),
            Tree::Bool(b) => serializer.serialize_bool(*b),
            Tree::Number(n) => n.serialize(serializer),
            Tree::String(s) => serializer.serialize_str(s),
            Tree::Seq(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Tree::Map(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (k, v) in entries {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

struct TreeVisitor;

impl<'de> Visitor<'de> for TreeVisitor {
    type Value = Tree;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON or YAML value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Tree, E> {
        Ok(Tree::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Tree, E> {
        Ok(Tree::Number(v.into()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Tree, E> {
        Ok(Tree::Number(v.into()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Tree, E> {
        serde_json::Number::from_f64(v)
            .map(Tree::Number)
            .ok_or_else(|| E::custom("a number that is not finite"))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Tree, E> {
        Ok(Tree::String(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Tree, E> {
        Ok(Tree::String(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Tree, E> {
        Ok(Tree::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Tree, E> {
        Ok(Tree::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Tree, D::Error> {
        Tree::deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Tree, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Tree>()? {
            items.push(item);
        }
        Ok(Tree::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Tree, A::Error> {
        let mut out = Tree::Map(Vec::new());
        while let Some((key, value)) = map.next_entry::<Tree, Tree>()? {
            let key = match key {
                Tree::String(s) => s,
                Tree::Number(n) => n.to_string(),
                Tree::Bool(b) => b.to_string(),
                Tree::Null => "null".to_owned(),
                Tree::Seq(_) | Tree::Map(_) => {
                    return Err(de::Error::custom("a mapping key that is not a scalar"));
                }
            };
            out.set(&key, value);
        }
        Ok(out)
    }
}

impl<'de> Deserialize<'de> for Tree {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Tree, D::Error> {
        deserializer.deserialize_any(TreeVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_key_order_and_stringifies_keys() {
        let tree: Tree = serde_saphyr::from_str("b: 1\na: 2\n200: x\n").unwrap();
        let Tree::Map(entries) = &tree else {
            panic!("not a map")
        };
        let keys: Vec<&str> = entries.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["b", "a", "200"]);
        assert_eq!(
            serde_json::to_string(&tree).unwrap(),
            r#"{"b":1,"a":2,"200":"x"}"#
        );
    }
}
