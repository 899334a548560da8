//! Positions of the nodes of one document, from saphyr-parser's event stream: where each
//! node starts and where it ends (the end of its last character; a block collection ends
//! where its last descendant does, a flow collection after its closing bracket).
//!
//! The tree is built iteratively into an arena and walked iteratively, so hostile
//! nesting cannot overflow the stack.

use std::collections::HashSet;

use saphyr_parser::{Event, Marker, Parser};

use super::lines::Lines;
use super::RawDocument;

/// Absolute 1-based (line, column).
type Pos = (usize, usize);

/// Absolute 1-based (line, column) of a marker of a text starting on line `start_line`.
fn absolute(start_line: usize, mark: Marker) -> Pos {
    (
        (start_line + mark.line()).saturating_sub(1).max(1),
        mark.col() + 1,
    )
}

/// Merge sources visited at most while looking a key up (guards against alias cycles).
const MAX_MERGE_STEPS: usize = 1024;

#[derive(Debug, Clone)]
enum Kind {
    Scalar(String),
    Sequence(Vec<usize>),
    /// Entries as (key node, value node).
    Mapping(Vec<(usize, usize)>),
    /// The anchored node it refers to, if the anchor is known.
    Alias(Option<usize>),
}

#[derive(Debug, Clone)]
struct Node {
    pos: Pos,
    /// Just past the node's last character.
    end: Pos,
    kind: Kind,
}

/// The node tree of the first document of a text.
#[derive(Debug, Clone, Default)]
pub(super) struct Tree {
    nodes: Vec<Node>,
    root: Option<usize>,
    /// Whether the parser stopped on a syntax error (the tree is then partial).
    pub failed: bool,
}

struct Frame {
    node: usize,
    /// For a mapping: the key node waiting for its value.
    pending_key: Option<usize>,
}

impl Tree {
    /// Parses `text`, whose first line is file line `start_line`.
    pub fn parse(text: &str, start_line: usize) -> Tree {
        let mut tree = Tree::default();
        let mut anchors: Vec<(usize, usize)> = Vec::new();
        let mut stack: Vec<Frame> = Vec::new();
        // The text's lines, once a block scalar needs them (see below).
        let mut lines: Option<Lines> = None;
        for event in Parser::new_from_str(text) {
            let Ok((event, span)) = event else {
                tree.failed = true;
                break;
            };
            let pos = absolute(start_line, span.start);
            let mut end = absolute(start_line, span.end);
            // A block scalar (`|`, `>`) ends after its last line break: end it on its last
            // line instead.
            if matches!(event, Event::Scalar(..))
                && span.end.col() == 0
                && span.end.line() > span.start.line()
            {
                let lines = lines.get_or_insert_with(|| Lines::new(text));
                if let Some(last) = span
                    .end
                    .line()
                    .checked_sub(2)
                    .and_then(|i| lines.spans().get(i))
                {
                    let width = text
                        .get(last.start..last.end)
                        .map_or(0, |l| l.chars().count());
                    end = (end.0.saturating_sub(1).max(1), width + 1);
                }
            }
            let (kind, anchor, opens) = match event {
                Event::Scalar(value, _, anchor, _) => {
                    (Kind::Scalar(value.into_owned()), anchor, false)
                }
                Event::SequenceStart(anchor, _) => (Kind::Sequence(Vec::new()), anchor, true),
                Event::MappingStart(anchor, _) => (Kind::Mapping(Vec::new()), anchor, true),
                Event::Alias(anchor) => {
                    let target = anchors
                        .iter()
                        .rev()
                        .find(|(id, _)| *id == anchor)
                        .map(|(_, node)| *node);
                    (Kind::Alias(target), 0, false)
                }
                Event::SequenceEnd | Event::MappingEnd => {
                    if let Some(frame) = stack.pop() {
                        // A flow collection's end event spans its bracket; a block
                        // collection's is empty (it ends with its last entry).
                        let closed = if span.is_empty() {
                            tree.pos(frame.node)
                        } else {
                            Some(end)
                        };
                        if let Some(closed) = closed {
                            tree.extend(frame.node, closed);
                        }
                        if let (Some(parent), Some(node)) = (stack.last(), tree.node(frame.node)) {
                            let node_end = node.end;
                            tree.extend(parent.node, node_end);
                        }
                    }
                    continue;
                }
                Event::DocumentEnd if tree.root.is_some() => break,
                Event::DocumentStart(_) if tree.root.is_some() => break,
                _ => continue,
            };
            let id = tree.nodes.len();
            let end = if opens { pos } else { end.max(pos) };
            tree.nodes.push(Node { pos, end, kind });
            if anchor != 0 {
                anchors.push((anchor, id));
            }
            tree.attach(&mut stack, id);
            if let (false, Some(parent)) = (opens, stack.last()) {
                tree.extend(parent.node, end);
            }
            if opens {
                stack.push(Frame {
                    node: id,
                    pending_key: None,
                });
            }
        }
        tree
    }

    /// The position where `text` nests lists and mappings more than `limit` levels deep
    /// (or where saphyr-parser gives up for depth), if it does.
    pub fn too_deep(text: &str, start_line: usize, limit: usize) -> Option<Pos> {
        let mut depth = 0usize;
        for event in Parser::new_from_str(text) {
            match event {
                Ok((Event::SequenceStart(..) | Event::MappingStart(..), span)) => {
                    depth += 1;
                    if depth > limit {
                        return Some(absolute(start_line, span.start));
                    }
                }
                Ok((Event::SequenceEnd | Event::MappingEnd, _)) => depth = depth.saturating_sub(1),
                Ok((Event::StreamEnd, _)) => return None,
                Ok(_) => {}
                Err(err) if err.info().contains("recursion limit") => {
                    return Some(absolute(start_line, *err.marker()));
                }
                Err(_) => return None,
            }
        }
        None
    }

    fn attach(&mut self, stack: &mut [Frame], id: usize) {
        let Some(frame) = stack.last_mut() else {
            if self.root.is_none() {
                self.root = Some(id);
            }
            return;
        };
        let Some(parent) = self.nodes.get_mut(frame.node) else {
            return;
        };
        match &mut parent.kind {
            Kind::Sequence(items) => items.push(id),
            Kind::Mapping(entries) => match frame.pending_key.take() {
                None => frame.pending_key = Some(id),
                Some(key) => entries.push((key, id)),
            },
            Kind::Scalar(_) | Kind::Alias(_) => {}
        }
    }

    fn node(&self, id: usize) -> Option<&Node> {
        self.nodes.get(id)
    }

    /// Moves the end of node `id` to `end` if that is later.
    fn extend(&mut self, id: usize, end: Pos) {
        if let Some(node) = self.nodes.get_mut(id) {
            node.end = node.end.max(end);
        }
    }

    /// Follows an alias to its anchored node.
    fn resolve(&self, id: usize) -> usize {
        match self.node(id).map(|node| &node.kind) {
            Some(Kind::Alias(Some(target))) => *target,
            _ => id,
        }
    }

    fn pos(&self, id: usize) -> Option<Pos> {
        self.node(id).map(|node| node.pos)
    }

    /// The text of a scalar key (through an alias).
    fn key_text(&self, id: usize) -> Option<&str> {
        match &self.node(self.resolve(id))?.kind {
            Kind::Scalar(text) => Some(text),
            _ => None,
        }
    }

    /// The entry `key` of mapping `map` (the last one if repeated), looking into
    /// `<<` merge sources when the mapping does not have it itself.
    fn lookup(&self, map: usize, key: &str) -> Option<(usize, usize)> {
        let mut pending = vec![map];
        let mut steps = 0;
        while let Some(map) = pending.pop() {
            steps += 1;
            if steps > MAX_MERGE_STEPS {
                break;
            }
            let Some(Kind::Mapping(entries)) = self.node(self.resolve(map)).map(|n| &n.kind) else {
                continue;
            };
            if let Some(entry) = entries
                .iter()
                .rev()
                .find(|(k, _)| self.key_text(*k) == Some(key) && key != "<<")
            {
                return Some(*entry);
            }
            // Merge sources, first one first: push in reverse.
            for (k, value) in entries.iter().rev() {
                if self.key_text(*k) != Some("<<") {
                    continue;
                }
                let value = self.resolve(*value);
                match self.node(value).map(|n| &n.kind) {
                    Some(Kind::Sequence(items)) => pending.extend(items.iter().rev()),
                    Some(_) => pending.push(value),
                    None => {}
                }
            }
        }
        None
    }

    /// Absolute position of the node at `path`, or of its deepest existing prefix;
    /// `None` when the tree is empty.
    pub fn locate(&self, path: &str) -> Option<Pos> {
        let mut current = self.resolve(self.root?);
        let mut best = self.pos(current)?;
        for segment in parse_path(path) {
            let Some(node) = self.node(current) else {
                break;
            };
            let next = match (&node.kind, segment) {
                (Kind::Mapping(_), Segment::Key(key)) => self.entry(current, &key),
                (Kind::Mapping(_), Segment::Index(i)) => self.entry(current, &i.to_string()),
                (Kind::Sequence(items), Segment::Index(i)) => self.item(items, i),
                (Kind::Sequence(items), Segment::Key(key)) => match key.parse::<usize>() {
                    Ok(i) => self.item(items, i),
                    Err(_) => None,
                },
                _ => None,
            };
            let Some((pos, node)) = next else {
                break;
            };
            best = pos;
            current = node;
        }
        Some(best)
    }

    /// The extent of the node at `path`, exactly (`None` when the path does not exist): for
    /// a mapping entry from its key to the end of its value (an alias value: the alias
    /// itself), for a list item the item (an alias item: its anchored node), for the empty
    /// path the whole document.
    pub fn span(&self, path: &str) -> Option<(Pos, Pos)> {
        let mut current = self.resolve(self.root?);
        let mut span = (self.pos(current)?, self.node(current)?.end);
        for segment in parse_path(path) {
            let node = self.node(current)?;
            let key = match (&node.kind, segment) {
                (Kind::Mapping(_), Segment::Key(key)) => Some(key),
                (Kind::Mapping(_), Segment::Index(i)) => Some(i.to_string()),
                (Kind::Sequence(items), Segment::Index(i)) => {
                    let (pos, item) = self.item(items, i)?;
                    span = (pos, self.node(item)?.end.max(pos));
                    current = item;
                    None
                }
                (Kind::Sequence(items), Segment::Key(key)) => {
                    let (pos, item) = self.item(items, key.parse::<usize>().ok()?)?;
                    span = (pos, self.node(item)?.end.max(pos));
                    current = item;
                    None
                }
                _ => return None,
            };
            if let Some(key) = key {
                let (key, value) = self.lookup(current, &key)?;
                let start = self.pos(key)?;
                span = (start, self.node(value)?.end.max(start));
                current = self.resolve(value);
            }
        }
        Some(span)
    }

    /// (position of the key, resolved value node) of entry `key` of mapping `map`.
    fn entry(&self, map: usize, key: &str) -> Option<(Pos, usize)> {
        let (key, value) = self.lookup(map, key)?;
        Some((self.pos(key)?, self.resolve(value)))
    }

    /// (position, resolved node) of item `i`; an alias item points at its anchor.
    fn item(&self, items: &[usize], i: usize) -> Option<(Pos, usize)> {
        let node = self.resolve(*items.get(i)?);
        Some((self.pos(node)?, node))
    }

    /// The position of the first repeated key of any mapping, in document order,
    /// preferring one whose text is `wanted`.
    pub fn duplicate_key(&self, wanted: Option<&str>) -> Option<Pos> {
        let mut first_any: Option<usize> = None;
        let mut first_wanted: Option<usize> = None;
        for node in &self.nodes {
            let Kind::Mapping(entries) = &node.kind else {
                continue;
            };
            let mut seen = HashSet::new();
            for (key, _) in entries {
                let Some(text) = self.key_text(*key) else {
                    continue;
                };
                if seen.insert(text) {
                    continue;
                }
                first_any = Some(first_any.map_or(*key, |k| k.min(*key)));
                if wanted == Some(text) {
                    first_wanted = Some(first_wanted.map_or(*key, |k| k.min(*key)));
                }
            }
        }
        self.pos(first_wanted.or(first_any)?)
    }

    /// The position of the first `<<` merge key.
    pub fn merge_key(&self) -> Option<Pos> {
        self.nodes.iter().find_map(|node| match &node.kind {
            Kind::Mapping(entries) => entries
                .iter()
                .find(|(key, _)| self.key_text(*key) == Some("<<"))
                .and_then(|(key, _)| self.pos(*key)),
            _ => None,
        })
    }
}

/// Where each node of one document sits, for pointing diagnostics at a field.
#[derive(Debug, Clone)]
pub struct PositionIndex {
    tree: Tree,
    start: Pos,
    /// The document's last file line: positions never point past it.
    last_line: usize,
}

impl PositionIndex {
    /// Built lazily, only when a diagnostic needs a position; never panics, returns an
    /// empty index for unparsable text (a document whose `value` is `Err`).
    pub fn build(doc: &RawDocument) -> PositionIndex {
        let start = (doc.start_line.max(1), 1);
        let tree = if !matches!(doc.value, Ok(Some(_))) {
            Tree::default()
        } else {
            // If only this parser stumbles (YAML 1.1 vs 1.2 corner cases), keep what it saw.
            Tree::parse(&doc.text, doc.start_line)
        };
        let last_line = start.0 + Lines::new(&doc.text).spans().len().saturating_sub(1);
        PositionIndex {
            tree,
            start,
            last_line,
        }
    }

    /// Absolute 1-based (line, column) of the node at `path`, e.g.
    /// `spec.containers[0].env[2].name`, `metadata.labels['app.kubernetes.io/name']`,
    /// `items[3].spec.ports[1]`. For a mapping entry, the position of its key; an alias
    /// points at its anchor. If the full path does not exist, the position of the deepest
    /// existing prefix; the document start if nothing matches.
    pub fn locate(&self, path: &str) -> (usize, usize) {
        let (line, column) = self.tree.locate(path).unwrap_or(self.start);
        (line.clamp(self.start.0, self.last_line), column)
    }
}

impl PositionIndex {
    /// The extent of the node at `path` (see [`PositionIndex::locate`] for paths): from the
    /// start of a mapping entry's key, or of a list item, to just past the value's last
    /// character, as absolute 1-based (line, column) pairs. `None` unless the whole path
    /// exists.
    pub fn span(&self, path: &str) -> Option<((usize, usize), (usize, usize))> {
        let (from, to) = self.tree.span(path)?;
        let clamp =
            |(line, column): (usize, usize)| (line.clamp(self.start.0, self.last_line), column);
        Some((clamp(from), clamp(to)))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Key(String),
    Index(usize),
}

/// `a.b[0]['c.d']["e"][f]` -> Key(a) Key(b) Index(0) Key(c.d) Key(e) Key(f). Never fails:
/// a malformed tail is read as well as possible.
fn parse_path(path: &str) -> Vec<Segment> {
    let mut segments = Vec::new();
    let mut chars = path.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '.' => {}
            '[' => match chars.peek().copied() {
                Some(quote @ ('\'' | '"')) => {
                    chars.next();
                    let mut key = String::new();
                    while let Some(c) = chars.next() {
                        match c {
                            '\\' => {
                                if let Some(escaped) = chars.next() {
                                    key.push(escaped);
                                }
                            }
                            c if c == quote => break,
                            c => key.push(c),
                        }
                    }
                    // Skip to the closing bracket.
                    for c in chars.by_ref() {
                        if c == ']' {
                            break;
                        }
                    }
                    segments.push(Segment::Key(key));
                }
                _ => {
                    let mut text = String::new();
                    for c in chars.by_ref() {
                        if c == ']' {
                            break;
                        }
                        text.push(c);
                    }
                    let text = text.trim();
                    segments.push(match text.parse::<usize>() {
                        Ok(i) => Segment::Index(i),
                        Err(_) => Segment::Key(text.to_owned()),
                    });
                }
            },
            c => {
                let mut key = String::from(c);
                while let Some(&c) = chars.peek() {
                    if c == '.' || c == '[' {
                        break;
                    }
                    key.push(c);
                    chars.next();
                }
                segments.push(Segment::Key(key));
            }
        }
    }
    segments
}

#[cfg(test)]
mod tests {
    use super::{parse_path, Segment};

    #[test]
    fn yaml_path_segments() {
        assert_eq!(
            parse_path(r#"a.b[0]['c.d']["e\"f"][g.h][ 2 ]"#),
            vec![
                Segment::Key("a".into()),
                Segment::Key("b".into()),
                Segment::Index(0),
                Segment::Key("c.d".into()),
                Segment::Key("e\"f".into()),
                Segment::Key("g.h".into()),
                Segment::Index(2),
            ]
        );
        assert_eq!(parse_path(""), vec![]);
        assert_eq!(
            parse_path("a['unterminated"),
            vec![
                Segment::Key("a".into()),
                Segment::Key("unterminated".into())
            ]
        );
    }
}
