//! Edits of device-tree source as `dtc -O dts` prints it: drop nodes and properties by meaning.
//!
//! `dtc` prints one node header (`name {`) or property (`name = value;`) per line and closes
//! nodes with `};`, which is all this module relies on.

use crate::error::{Error, Result};

/// One node of the source: where it starts and ends, and its own properties.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Node {
    /// Full path: `/`, `/chosen`, `/pl011@9000000`.
    path: String,
    /// Line index of the header.
    open_line: usize,
    /// Line index of the closing `};`.
    close_line: usize,
    /// The node's own properties: line index, name, value text (empty for boolean ones).
    properties: Vec<(usize, String, String)>,
}

impl Node {
    /// The strings of property `name` (a `"a\0b"` or `"a", "b"` list).
    fn strings(&self, name: &str) -> Vec<String> {
        self.properties
            .iter()
            .find(|(_, property, _)| property == name)
            .map(|(_, _, value)| string_list(value))
            .unwrap_or_default()
    }
}

/// Splits a property value printed as a string list into its strings.
fn string_list(value: &str) -> Vec<String> {
    let value = value.trim();
    let Some(inner) = value
        .strip_prefix('"')
        .and_then(|rest| rest.strip_suffix('"'))
    else {
        return Vec::new();
    };
    inner
        .split("\", \"")
        .flat_map(|part| part.split("\\0"))
        .map(String::from)
        .collect()
}

/// Parses the node structure of `lines`.
fn parse_nodes(lines: &[&str]) -> Result<Vec<Node>> {
    let mut open: Vec<Node> = Vec::new();
    let mut closed = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        let text = line.trim();
        if let Some(header) = text.strip_suffix('{') {
            let header = header.trim();
            // Drop a label (`label: name`).
            let name = header.rsplit(": ").next().unwrap_or(header);
            let path = match open.last() {
                None => "/".to_string(),
                Some(parent) if parent.path == "/" => format!("/{name}"),
                Some(parent) => format!("{}/{name}", parent.path),
            };
            open.push(Node {
                path,
                open_line: index,
                close_line: index,
                properties: Vec::new(),
            });
        } else if text == "};" {
            let mut node = open
                .pop()
                .ok_or_else(|| Error::Check(format!("dts line {}: unbalanced `}};`", index + 1)))?;
            node.close_line = index;
            closed.push(node);
        } else if let Some(property) = text.strip_suffix(';') {
            if let Some(node) = open.last_mut() {
                let (name, value) = property.split_once(" = ").unwrap_or((property, ""));
                node.properties
                    .push((index, name.trim().to_string(), value.to_string()));
            }
        }
    }
    if let Some(unclosed) = open.last() {
        return Err(Error::Check(format!(
            "dts: node {} is never closed",
            unclosed.path
        )));
    }
    Ok(closed)
}

/// `lines` without the line indices in `dropped`, joined back into source text.
fn without_lines(lines: &[&str], dropped: &[bool]) -> String {
    let mut text = String::new();
    for (line, drop) in lines.iter().zip(dropped) {
        if !drop {
            text.push_str(line);
            text.push('\n');
        }
    }
    text
}

/// Marks a node's whole span as dropped.
fn drop_node(dropped: &mut [bool], node: &Node) {
    for flag in &mut dropped[node.open_line..=node.close_line] {
        *flag = true;
    }
}

/// Removes every PL011 node, `/chosen`'s `stdout-path` (and `linux,stdout-path`), and every
/// `/aliases` entry pointing to a removed node.
pub fn remove_uart(dts: &str) -> Result<String> {
    let lines: Vec<&str> = dts.lines().collect();
    let nodes = parse_nodes(&lines)?;
    let mut dropped = vec![false; lines.len()];
    let mut uart_paths = Vec::new();
    for node in &nodes {
        if node.strings("compatible").iter().any(|c| c == "arm,pl011") {
            drop_node(&mut dropped, node);
            uart_paths.push(node.path.clone());
        }
    }
    if uart_paths.is_empty() {
        return Err(Error::Check("the device tree has no arm,pl011 node".into()));
    }
    for node in &nodes {
        for (line, name, value) in &node.properties {
            let target = string_list(value).into_iter().next().unwrap_or_default();
            let target_path = target.split(':').next().unwrap_or_default();
            let is_stdout =
                node.path == "/chosen" && (name == "stdout-path" || name == "linux,stdout-path");
            let is_uart_alias =
                node.path == "/aliases" && uart_paths.iter().any(|path| path == target_path);
            if is_stdout || is_uart_alias {
                dropped[*line] = true;
            }
        }
    }
    Ok(without_lines(&lines, &dropped))
}

/// Removes every node with `device_type = "memory"`.
pub fn remove_memory(dts: &str) -> Result<String> {
    let lines: Vec<&str> = dts.lines().collect();
    let nodes = parse_nodes(&lines)?;
    let mut dropped = vec![false; lines.len()];
    let mut removed_any = false;
    for node in &nodes {
        if node.strings("device_type").iter().any(|t| t == "memory") {
            drop_node(&mut dropped, node);
            removed_any = true;
        }
    }
    if !removed_any {
        return Err(Error::Check("the device tree has no memory node".into()));
    }
    Ok(without_lines(&lines, &dropped))
}

#[cfg(test)]
mod tests;
