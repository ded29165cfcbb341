//! Where the document's operations go while it is built: into `paths` (the whole document
//! in memory, for `--openapi-json`, `--verify`, `diff` and the tests), or, when only the YAML
//! is wanted, serialized one path at a time as soon as the path's last operation is built,
//! and dropped.
//!
//! A `PathItem` holds its eight operations inline, and each operation its own maps of
//! responses, parameters and schemas: at 10 MB of spec the `paths` map alone was a fifth of
//! the run's peak memory. A path's YAML block is what serde-saphyr writes for that one path
//! under `paths:` (it is serialized inside a one-entry `paths` mapping, so its indentation and
//! quoting are the document's), and the document is then serialized with `paths` empty and
//! the blocks put in place of `paths: {}`. Paths an embedded fragment merges into are held as
//! structures until the fragments are merged. The order of the blocks is the order the map
//! would have had. The path being serialized is borrowed where it was built, not moved (a
//! `PathItem` is kilobytes). `tests/streamed.rs` proves the text is byte for byte what
//! serializing the whole document gives: on every fixture, on paths whose operations stand
//! far apart with fragments merged into them, and on a spec of fragments only.

use crate::document::set_slot;
use indexmap::IndexMap;
use openapiv3::{OpenAPI, Operation, PathItem, Paths, ReferenceOr};
use specforge_model::Method;
use std::collections::{HashMap, HashSet};

/// The document's operations: kept in `paths`, or streamed to YAML blocks.
pub enum PathSink {
    /// Every operation stays in the document's `paths`.
    Keep,
    /// Each path is serialized when complete ([`Stream`]).
    Stream(Box<Stream>),
}

/// Paths serialized as soon as each is complete.
pub struct Stream {
    /// Every path key in the order `paths` would hold it, with its YAML block once written
    /// (`None`: still being built, or held in the document's `paths` for a fragment).
    order: IndexMap<String, Option<String>>,
    /// Paths with operations still to come.
    pending: HashMap<String, Box<PathItem>>,
    /// The index (among the endpoints built) of each path's last operation.
    last: HashMap<String, usize>,
    /// Paths an embedded fragment merges into: built in the document's `paths`.
    held: HashSet<String>,
    /// The first serialization failure (reported once, when the YAML is assembled).
    failure: Option<String>,
    /// Writes the blocks.
    writer: BlockWriter,
}

impl Stream {
    /// A stream for endpoints whose path keys are `keys` (in build order); `held` are the
    /// keys that embedded fragments merge into.
    pub fn new(keys: &[String], held: HashSet<String>) -> Stream {
        let mut last = HashMap::with_capacity(keys.len());
        for (index, key) in keys.iter().enumerate() {
            last.insert(key.clone(), index);
        }
        Stream {
            order: IndexMap::with_capacity(last.len()),
            pending: HashMap::new(),
            last,
            held,
            failure: None,
            writer: BlockWriter::default(),
        }
    }
}

impl PathSink {
    /// Puts the operation built for endpoint number `index` (`key`, `method`) in place.
    pub fn insert(
        &mut self,
        doc: &mut OpenAPI,
        index: usize,
        key: String,
        method: Method,
        op: Operation,
    ) {
        let stream = match self {
            PathSink::Keep => {
                return place(&mut doc.paths, key, method, op);
            }
            PathSink::Stream(stream) => &mut **stream,
        };
        stream.order.entry(key.clone()).or_insert(None);
        if stream.held.contains(&key) {
            return place(&mut doc.paths, key, method, op);
        }
        set_slot(stream.pending.entry(key.clone()).or_default(), method, op);
        if stream.last.get(&key) == Some(&index)
            && let Some(item) = stream.pending.remove(&key)
        {
            match stream.writer.path_block(&key, &item) {
                Ok(block) => {
                    stream.order.insert(key, Some(block));
                }
                Err(message) => {
                    stream.failure.get_or_insert(message);
                }
            }
        }
    }

    /// The YAML of `doc` (with the header): serialized whole when the operations were kept in
    /// it, or with the streamed blocks in place of its empty `paths`.
    pub fn into_yaml(self, doc: OpenAPI, spec_path: &str) -> Result<String, String> {
        match self {
            PathSink::Keep => crate::yaml::to_yaml(&doc, spec_path),
            PathSink::Stream(stream) => assemble(*stream, doc, spec_path),
        }
    }
}

fn place(paths: &mut Paths, key: String, method: Method, op: Operation) {
    let item = paths
        .paths
        .entry(key)
        .or_insert_with(|| ReferenceOr::Item(PathItem::default()));
    if let ReferenceOr::Item(item) = item {
        set_slot(item, method, op);
    }
}

fn assemble(mut stream: Stream, mut doc: OpenAPI, spec_path: &str) -> Result<String, String> {
    if let Some(message) = stream.failure {
        return Err(message);
    }
    let writer = &mut stream.writer;
    let mut held = std::mem::take(&mut doc.paths.paths);
    let mut blocks = Vec::with_capacity(stream.order.len());
    for (key, block) in stream.order {
        match block {
            Some(block) => blocks.push(block),
            None => {
                if let Some(ReferenceOr::Item(item)) = held.shift_remove(&key) {
                    blocks.push(writer.path_block(&key, &item)?);
                }
            }
        }
    }
    // Paths only a fragment adds come after every endpoint's, as the map would order them.
    for (key, item) in held {
        if let ReferenceOr::Item(item) = item {
            blocks.push(writer.path_block(&key, &item)?);
        }
    }
    let rest = crate::yaml::to_yaml(&doc, spec_path)?;
    if blocks.is_empty() {
        return Ok(rest);
    }
    const EMPTY: &str = "\npaths: {}\n";
    const FILLED: &str = "\npaths:\n";
    let at = rest
        .find(EMPTY)
        .ok_or("the document has no empty `paths` to fill")?;
    let length = blocks.iter().map(String::len).sum::<usize>() + rest.len() + FILLED.len();
    let mut yaml = String::with_capacity(length);
    yaml.push_str(&rest[..at]);
    yaml.push_str(FILLED);
    for block in &blocks {
        yaml.push_str(block);
    }
    yaml.push_str(&rest[at + EMPTY.len()..]);
    Ok(yaml)
}

/// Writes path blocks through one buffer, reused for each path.
#[derive(Default)]
struct BlockWriter {
    buffer: String,
}

impl BlockWriter {
    /// One path's YAML block, as it stands under `paths:` in the document.
    fn path_block(&mut self, key: &str, item: &PathItem) -> Result<String, String> {
        /// The document's `paths: {key: item}`, borrowed.
        #[derive(serde::Serialize)]
        struct Wrapper<'a> {
            paths: OnePath<'a>,
        }
        let wrapper = Wrapper {
            paths: OnePath { key, item },
        };
        let text = &mut self.buffer;
        text.clear();
        serde_saphyr::to_fmt_writer_with_options(text, &wrapper, crate::yaml::serializer_options())
            .map_err(|e| e.to_string())?;
        const PREFIX: &str = "paths:\n";
        match text.strip_prefix(PREFIX) {
            Some(block) if block.ends_with('\n') && !block.is_empty() => Ok(block.to_owned()),
            _ => Err(format!("the path {key} did not serialize as a block")),
        }
    }
}

/// A `Paths` of one path, serialized as openapiv3 serializes `Paths` (its flattened map: a
/// mapping of unknown length) without moving the path into one.
struct OnePath<'a> {
    key: &'a str,
    item: &'a PathItem,
}

impl serde::Serialize for OnePath<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry(self.key, self.item)?;
        map.end()
    }
}
