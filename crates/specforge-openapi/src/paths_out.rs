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
//!
//! Serializing is about half of the OpenAPI build's time, and the build is the longest lane
//! of `generate`. So complete paths are handed, [`BATCH`] at a time, to rayon's pool inside
//! the build's scope ([`Beside`]): another core serializes them while this one builds the
//! next operations. Each block is put back at its path's place in the order, so the text
//! does not depend on which thread wrote what. When [`Beside::limit`] batches are already
//! waiting (the other core is busy with another artifact), the builder serializes the batch
//! itself instead of queueing more: the paths waiting, and the memory they hold, stay
//! bounded, and no thread ever waits for another.

use crate::document::set_slot;
use indexmap::IndexMap;
use openapiv3::{OpenAPI, Operation, PathItem, Paths, ReferenceOr};
use specforge_model::Method;
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// Complete paths handed to another thread at once: few enough that the other core starts
/// early, enough that waking it is rare next to the serializing (a path takes microseconds).
pub const BATCH: usize = 16;

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
    /// Complete paths not yet handed over: their place in `order`, key and item.
    ready: Vec<Complete>,
    /// Where complete paths are serialized.
    beside: Beside,
}

/// A complete path: its place in the order, its key and its item.
type Complete = (usize, String, Box<PathItem>);

/// A path's block (or why it could not be written), by its place in the order.
type Written = (usize, Result<String, String>);

/// Serializing beside the build: what is waiting and what is written.
pub struct Beside {
    /// Batches handed to the pool and not yet serialized; at most `limit` wait.
    waiting: Arc<AtomicUsize>,
    /// The blocks written, by place in the order (any thread's, in any order).
    written: Arc<Mutex<Vec<Written>>>,
    /// How many batches may wait before the builder serializes the next one itself.
    limit: usize,
}

impl Default for Beside {
    /// Two batches may wait: the other core always has the next one at hand.
    fn default() -> Beside {
        Beside::with_limit(2)
    }
}

impl Beside {
    /// Serializing beside the build with at most `limit` batches waiting.
    pub fn with_limit(limit: usize) -> Beside {
        Beside {
            waiting: Arc::default(),
            written: Arc::default(),
            limit,
        }
    }

    /// Serializes `batch` on the pool, or here when `limit` batches already wait.
    fn hand_over<'scope>(&self, scope: &rayon::Scope<'scope>, batch: Vec<Complete>) {
        if self.waiting.load(Ordering::Acquire) >= self.limit {
            let blocks = serialize(batch);
            lock(&self.written).extend(blocks);
            return;
        }
        self.waiting.fetch_add(1, Ordering::AcqRel);
        let waiting = Arc::clone(&self.waiting);
        let written = Arc::clone(&self.written);
        scope.spawn(move |_| {
            let blocks = serialize(batch);
            lock(&written).extend(blocks);
            waiting.fetch_sub(1, Ordering::AcqRel);
        });
    }

    /// Every block written, by place in the order (once the scope has ended).
    fn take(&self) -> Vec<Written> {
        std::mem::take(&mut *lock(&self.written))
    }
}

/// The lock, even if a thread panicked holding it (the blocks are then incomplete, and the
/// panic itself is what rayon's scope reports).
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Each path's block, by place in the order; each item is dropped once written.
fn serialize(batch: Vec<Complete>) -> Vec<Written> {
    let mut writer = BlockWriter::default();
    batch
        .into_iter()
        .map(|(place, key, item)| (place, writer.path_block(&key, &item)))
        .collect()
}

impl Stream {
    /// A stream for endpoints whose path keys are `keys` (in build order); `held` are the
    /// keys that embedded fragments merge into.
    pub fn new(keys: &[String], held: HashSet<String>, beside: Beside) -> Stream {
        let mut last = HashMap::with_capacity(keys.len());
        for (index, key) in keys.iter().enumerate() {
            last.insert(key.clone(), index);
        }
        Stream {
            order: IndexMap::with_capacity(last.len()),
            pending: HashMap::new(),
            last,
            held,
            ready: Vec::with_capacity(BATCH),
            beside,
        }
    }
}

impl PathSink {
    /// Puts the operation built for endpoint number `index` (`key`, `method`) in place; a
    /// path complete with it is serialized in `scope` (with others, [`BATCH`] at a time).
    pub fn insert<'scope>(
        &mut self,
        scope: &rayon::Scope<'scope>,
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
        let entry = stream.order.entry(key.clone());
        let at = entry.index();
        entry.or_insert(None);
        if stream.held.contains(&key) {
            return place(&mut doc.paths, key, method, op);
        }
        set_slot(stream.pending.entry(key.clone()).or_default(), method, op);
        if stream.last.get(&key) == Some(&index)
            && let Some(item) = stream.pending.remove(&key)
        {
            stream.ready.push((at, key, item));
            if stream.ready.len() == BATCH {
                let batch = std::mem::replace(&mut stream.ready, Vec::with_capacity(BATCH));
                stream.beside.hand_over(scope, batch);
            }
        }
    }

    /// Hands over the last complete paths (call once every operation is inserted, inside the
    /// same scope).
    pub fn flush<'scope>(&mut self, scope: &rayon::Scope<'scope>) {
        if let PathSink::Stream(stream) = self
            && !stream.ready.is_empty()
        {
            let batch = std::mem::take(&mut stream.ready);
            stream.beside.hand_over(scope, batch);
        }
    }

    /// The YAML of `doc` (with the header): serialized whole when the operations were kept in
    /// it, or with the streamed blocks in place of its empty `paths`. Call after the scope
    /// the operations were inserted in has ended.
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

fn assemble(stream: Stream, mut doc: OpenAPI, spec_path: &str) -> Result<String, String> {
    let Stream {
        mut order, beside, ..
    } = stream;
    let mut written = beside.take();
    // The first failure in document order, whichever thread met it.
    written.sort_unstable_by_key(|(place, _)| *place);
    for (place, block) in written {
        if let Some((_, slot)) = order.get_index_mut(place) {
            *slot = Some(block?);
        }
    }
    let mut writer = BlockWriter::default();
    let mut held = std::mem::take(&mut doc.paths.paths);
    let mut blocks = Vec::with_capacity(order.len());
    for (key, block) in order {
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
