// The explorer's code editor: CodeMirror 6 behind a small API that the Yew editor component
// (web/src/code_editor.rs) calls through wasm-bindgen. esbuild bundles this file with the
// CodeMirror packages into one minified ES module (web/vendor/editor.js, built by cargo xtask),
// which Trunk copies into dist/ and boot.js imports once the wasm has started. On import it
// puts the API on `window.podenvCodeMirror`.
//
// Content-Security-Policy: the page allows `style-src 'self'` only, so the <style> element
// that CodeMirror's style-mod writes into a document's <head> would be blocked (a nonce needs
// a per-response header, which a static site cannot send). style-mod writes constructable
// stylesheets (`adoptedStyleSheets`, which CSP does not govern) when the editor lives in a
// shadow root, so `create` mounts the editor in an open shadow root of `parent`. The page's
// CSS custom properties (colours, fonts) inherit into it; the theme below uses them.

import { EditorSelection, EditorState, StateEffect, StateField, Compartment, Annotation } from '@codemirror/state';
import {
  EditorView, Decoration, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter,
  drawSelection, highlightSpecialChars, hoverTooltip,
} from '@codemirror/view';
import {
  defaultKeymap, history, historyKeymap, indentLess, indentMore, insertNewlineAndIndent,
} from '@codemirror/commands';
import {
  HighlightStyle, syntaxHighlighting, foldGutter, foldKeymap, indentOnInput, indentUnit,
  bracketMatching,
} from '@codemirror/language';
import { yaml } from '@codemirror/lang-yaml';
import { diagnosticCount, lintGutter, lintKeymap, setDiagnostics } from '@codemirror/lint';
import { search, searchKeymap, highlightSelectionMatches } from '@codemirror/search';
import { tags } from '@lezer/highlight';

/** Marks a change made through `setText` by the host, which is not reported back. */
const External = Annotation.define();

const INDENT = '  ';

/** Tab: indent the selected lines, or insert spaces up to the next indent stop at the cursor
 * (YAML forbids tab characters in indentation). */
function indentOrInsert(view) {
  const { state } = view;
  if (state.readOnly) return false;
  if (state.selection.ranges.some((r) => !r.empty)) return indentMore(view);
  view.dispatch(state.changeByRange((range) => {
    const line = state.doc.lineAt(range.head);
    const column = range.head - line.from;
    const spaces = INDENT.length - (column % INDENT.length);
    const insert = ' '.repeat(spaces);
    return {
      changes: { from: range.head, insert },
      range: EditorSelection.cursor(range.head + spaces),
    };
  }), { scrollIntoView: true, userEvent: 'input.indent' });
  return true;
}

// Colours and fonts come from the page (web/style.css custom properties).
const theme = EditorView.theme({
  '&': { height: '100%', color: 'var(--text)', backgroundColor: 'var(--code-bg)', fontSize: '13px' },
  '&.cm-focused': { outline: 'none' },
  '.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: 'var(--line)' },
  '.cm-content': { caretColor: 'var(--text)', padding: '8px 0' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--text)' },
  '.cm-gutters': { backgroundColor: 'var(--code-bg)', color: 'var(--muted)', borderRight: '1px solid var(--border)' },
  '.cm-activeLine, .cm-activeLineGutter': { backgroundColor: 'var(--cm-active-line, rgba(127, 127, 127, .08))' },
  '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection':
    { backgroundColor: 'var(--cm-selection, rgba(35, 87, 198, .22))' },
  '.cm-panels': { backgroundColor: 'var(--panel)', color: 'var(--text)' },
  '.cm-panels.cm-panels-top': { borderBottom: '1px solid var(--border)' },
  '.cm-panels.cm-panels-bottom': { borderTop: '1px solid var(--border)' },
  '.cm-textfield': { backgroundColor: 'var(--code-bg)', color: 'var(--text)', border: '1px solid var(--border)' },
  '.cm-button': { backgroundImage: 'none', backgroundColor: 'var(--panel)', color: 'var(--text)', border: '1px solid var(--border)' },
  '.cm-tooltip': { backgroundColor: 'var(--panel)', color: 'var(--text)', border: '1px solid var(--border)' },
  '.cm-tooltip-lint': { fontFamily: 'var(--sans)', maxWidth: '40em', whiteSpace: 'pre-wrap' },
  '.cm-lintRange-error': { backgroundColor: 'var(--error-soft)' },
  '.cm-lintRange-warning': { backgroundColor: 'var(--warning-soft)' },
  '.cm-foldPlaceholder': { backgroundColor: 'var(--accent-soft)', color: 'var(--accent)', border: 'none' },
  '.cm-searchMatch': { backgroundColor: 'var(--warning-soft)', outline: '1px solid var(--warning)' },
  '.cm-searchMatch.cm-searchMatch-selected': { backgroundColor: 'var(--accent-soft)' },
  '.cm-podenv-highlight': { backgroundColor: 'var(--accent-soft)', outline: '1px solid var(--accent)' },
  '.cm-podenv-source': { backgroundColor: 'var(--accent-soft)' },
  '.cm-podenv-hover': { fontFamily: 'var(--mono)', maxWidth: '40em', whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', padding: '2px 6px' },
  '.cm-podenv-hover-title': { fontWeight: 'bold' },
});

const highlight = HighlightStyle.define([
  { tag: [tags.definition(tags.propertyName), tags.propertyName], color: 'var(--hl-key)' },
  { tag: [tags.string, tags.special(tags.string), tags.content], color: 'var(--hl-string)' },
  { tag: [tags.number, tags.bool, tags.null, tags.keyword], color: 'var(--hl-literal)' },
  { tag: [tags.comment, tags.lineComment], color: 'var(--muted)', fontStyle: 'italic' },
  { tag: [tags.meta, tags.processingInstruction, tags.labelName, tags.typeName], color: 'var(--hl-meta)' },
  { tag: [tags.separator, tags.punctuation, tags.squareBracket, tags.brace], color: 'var(--muted)' },
  { tag: tags.invalid, color: 'var(--error)' },
]);

// highlight(from, to): one emphasised range (for linking output back to its source).
const setHighlight = StateEffect.define();
const highlightField = StateField.define({
  create: () => Decoration.none,
  update(value, tr) {
    value = value.map(tr.changes);
    for (const effect of tr.effects) {
      if (effect.is(setHighlight)) {
        const { from, to } = effect.value ?? {};
        value = effect.value && to > from
          ? Decoration.set([Decoration.mark({ class: 'cm-podenv-highlight' }).range(from, to)])
          : Decoration.none;
      }
    }
    return value;
  },
  provide: (field) => EditorView.decorations.from(field),
});

// setSources(list): where the selected variable comes from, each place marked (and kept in
// place while the text is edited, like lint marks, until the host sends new places).
const setSourceMarks = StateEffect.define();
const sourceField = StateField.define({
  create: () => Decoration.none,
  update(value, tr) {
    value = value.map(tr.changes);
    for (const effect of tr.effects) {
      if (effect.is(setSourceMarks)) value = effect.value;
    }
    return value;
  },
  provide: (field) => EditorView.decorations.from(field),
});

/** `$(NAME)` around `pos` in `line` ({from, to, name} in document offsets), unless it is
 * escaped as `$$(NAME)` (an even run of `$` before the parenthesis). */
function referenceAt(line, pos) {
  const pattern = /\$\(([^()\s]+)\)/g;
  for (let m = pattern.exec(line.text); m; m = pattern.exec(line.text)) {
    const from = line.from + m.index;
    const to = from + m[0].length;
    if (pos < from || pos > to) continue;
    let dollars = 0;
    while (m.index - dollars - 1 >= 0 && line.text[m.index - dollars - 1] === '$') dollars += 1;
    return dollars % 2 === 0 ? { from, to, name: m[1] } : null;
  }
  return null;
}

/** Scrolls the editor's own scroller so that `pos` is in the middle, leaving the page's
 * scroll and the focus alone (a selection in the results must not move the page). */
function scrollWithin(view, pos) {
  view.requestMeasure({
    read: () => view.lineBlockAt(pos),
    write(block) {
      const dom = view.scrollDOM;
      dom.scrollTop = Math.max(0, block.top + view.documentPadding.top - (dom.clientHeight - block.height) / 2);
    },
  });
}

const clamp = (view, n) => Math.max(0, Math.min(view.state.doc.length, Number(n) || 0));
const handles = new WeakMap();

/** The handle of a view (one per editor). */
function handleOf(view, hoverSlot, lint, locale) {
  const handle = {
    /** The whole text. */
    getText: () => view.state.doc.toString(),
    /** Replaces the whole text. Not reported to onChange unless `{ asUser: true }` (a test
     * helper: the change then behaves like a paste). Undoable either way. */
    setText(text, options) {
      const asUser = Boolean(options && options.asUser);
      text = String(text);
      if (!asUser && text.length === view.state.doc.length && text === view.state.doc.toString()) return;
      view.dispatch({
        changes: { from: 0, to: view.state.doc.length, insert: text },
        annotations: asUser ? undefined : External.of(true),
        userEvent: asUser ? 'input.paste' : undefined,
      });
    },
    /** Lint marks: [{from, to, severity: 'error'|'warning'|'info', message}], offsets in
     * UTF-16 code units of the current text; the previous set is replaced. */
    setDiagnostics(list) {
      const diagnostics = Array.from(list ?? [], (d) => {
        const from = clamp(view, d.from);
        return { from, to: Math.max(from, clamp(view, d.to)), severity: d.severity, message: String(d.message) };
      });
      lint.marked = { doc: view.state.doc, diagnostics };
      view.dispatch(setDiagnostics(view.state, diagnostics));
    },
    /** How many lint marks the editor holds. */
    diagnosticCount: () => diagnosticCount(view.state),
    focus: () => view.focus(),
    /** Selects from..to and scrolls it to the middle of the editor. */
    select(from, to) {
      const anchor = clamp(view, from);
      const head = clamp(view, to ?? from);
      view.dispatch({ selection: { anchor, head }, effects: EditorView.scrollIntoView(head, { y: 'center' }) });
    },
    /** Emphasises from..to (and scrolls to it); `clearHighlight` removes it. */
    highlight(from, to) {
      const a = clamp(view, from);
      const b = clamp(view, to);
      view.dispatch({ effects: [setHighlight.of({ from: a, to: b }), EditorView.scrollIntoView(a, { y: 'center' })] });
    },
    clearHighlight: () => view.dispatch({ effects: setHighlight.of(null) }),
    /** Marks the places a variable comes from: [{from, to, role}] (UTF-16 offsets), replacing
     * the previous ones; with `scroll`, the first is scrolled into view (the focus stays
     * where it is). An empty list removes them. */
    setSources(list, scroll) {
      const marks = [];
      for (const s of Array.from(list ?? [])) {
        const from = clamp(view, s.from);
        const to = clamp(view, s.to);
        if (to > from) {
          marks.push(Decoration.mark({ class: 'cm-podenv-source', attributes: { 'data-role': String(s.role ?? '') } }).range(from, to));
        }
      }
      view.dispatch({ effects: setSourceMarks.of(Decoration.set(marks, true)) });
      if (scroll && marks.length) scrollWithin(view, Math.min(...marks.map((m) => m.from)));
    },
    /** How many places are marked (tests). */
    sourceCount: () => view.state.field(sourceField).size,
    /** Hovering `$(NAME)` shows `values.get(NAME)` (a Map of name to text, from the selected
     * container) or `missing` for a name it does not have; null removes the hover. Text
     * only, never HTML. */
    setHoverValues(values, missing) {
      if (!(values instanceof Map)) {
        handle.setHover(null);
        return;
      }
      handle.setHover((pos) => {
        const found = referenceAt(view.state.doc.lineAt(clamp(view, pos)), pos);
        if (!found) return null;
        const defined = values.has(found.name);
        return {
          from: found.from,
          to: found.to,
          title: `$(${found.name})`,
          text: defined ? String(values.get(found.name)) : String(missing ?? ''),
          attributes: { 'data-testid': 'var-hover', 'data-name': found.name, 'data-defined': String(defined) },
        };
      });
    },
    /** Hover text: `provider(offset)` returns null or {from, to, text, title?, attributes?}
     * (offsets in UTF-16 code units; `title` a first line, `attributes` set on the
     * tooltip's element); null removes the provider. */
    setHover(provider) {
      const source = typeof provider === 'function'
        ? hoverTooltip((_, pos) => {
          const found = provider(pos);
          if (!found || found.text == null) return null;
          return {
            pos: clamp(view, found.from ?? pos),
            end: clamp(view, found.to ?? pos),
            create() {
              const dom = document.createElement('div');
              dom.className = 'cm-podenv-hover';
              for (const [name, value] of Object.entries(found.attributes ?? {})) dom.setAttribute(name, String(value));
              if (found.title != null) {
                const title = document.createElement('div');
                title.className = 'cm-podenv-hover-title';
                title.textContent = String(found.title);
                dom.append(title);
              }
              dom.append(document.createTextNode(String(found.text)));
              return { dom };
            },
          };
        })
        : [];
      view.dispatch({ effects: hoverSlot.reconfigure(source) });
    },
    /** The page's language changed: CodeMirror's own strings ({English: translation}) and
     * the editable element's attributes (aria-label, ...), as `create` takes them. */
    setLocale(phrases, contentAttributes) {
      view.dispatch({ effects: locale.reconfigure(localeExtensions(phrases, contentAttributes)) });
    },
    setReadOnly: (readOnly) => view.dispatch({ effects: readOnlySlot(view).reconfigure(EditorState.readOnly.of(Boolean(readOnly))) }),
    /** Removes the editor from the page. */
    destroy() {
      view.destroy();
      handles.delete(view);
    },
    /** The CodeMirror view itself (for tests and later features). */
    view,
  };
  handles.set(view, handle);
  return handle;
}

const localeExtensions = (phrases, contentAttributes) => [
  EditorState.phrases.of(phrases ?? {}),
  EditorView.contentAttributes.of(contentAttributes ?? {}),
];

const readOnlySlots = new WeakMap();
const readOnlySlot = (view) => readOnlySlots.get(view);

/**
 * Creates an editor inside `parent` (in an open shadow root; see the top of this file).
 * options: doc (text), onChange(text) (called after every change the user makes), readOnly,
 * contentAttributes ({name: value} for the editable element: aria-label, data-testid, ...),
 * phrases ({English: translation} for CodeMirror's own strings).
 */
export function create(parent, options = {}) {
  const root = parent.shadowRoot ?? parent.attachShadow({ mode: 'open' });
  root.replaceChildren();
  const onChange = typeof options.onChange === 'function' ? options.onChange : null;
  const hoverSlot = new Compartment();
  const readOnly = new Compartment();
  const locale = new Compartment();
  // The last lint marks and the text they belong to. A change that leaves the text as it was
  // (pasting the same text over it) removes the marks but brings no new analysis (the host's
  // text did not change), so they are put back.
  const lint = { marked: null };
  const state = EditorState.create({
    doc: String(options.doc ?? ''),
    extensions: [
      lineNumbers(),
      foldGutter(),
      lintGutter(),
      highlightActiveLineGutter(),
      highlightSpecialChars(),
      history(),
      drawSelection(),
      indentOnInput(),
      bracketMatching(),
      highlightActiveLine(),
      highlightSelectionMatches(),
      search({ top: true }),
      yaml(),
      syntaxHighlighting(highlight),
      indentUnit.of(INDENT),
      EditorState.tabSize.of(8),
      locale.of(localeExtensions(options.phrases, options.contentAttributes)),
      readOnly.of(EditorState.readOnly.of(Boolean(options.readOnly))),
      hoverSlot.of([]),
      highlightField,
      sourceField,
      theme,
      EditorView.domEventHandlers({
        // Dropped files are the host's (it appends them as documents); text drags stay
        // CodeMirror's.
        drop: (event) => Boolean(event.dataTransfer?.files?.length),
        // Text typed over a selection is applied here: left to the browser, Chromium's
        // contenteditable editing writes style attributes into the DOM while it merges the
        // selected lines, which `style-src 'self'` blocks (a CSP report per keystroke).
        beforeinput(event, view) {
          if (event.inputType !== 'insertText' || event.data == null || event.isComposing || view.composing) return false;
          if (view.state.readOnly || view.state.selection.ranges.every((r) => r.empty)) return false;
          event.preventDefault();
          view.dispatch(view.state.replaceSelection(event.data), { scrollIntoView: true, userEvent: 'input.type' });
          return true;
        },
      }),
      keymap.of([
        // Escape, then Tab, moves the focus on (CodeMirror's tab focus mode), so Tab is no trap.
        { key: 'Tab', run: indentOrInsert, shift: indentLess },
        { key: 'Enter', run: insertNewlineAndIndent },
        ...defaultKeymap, ...historyKeymap, ...foldKeymap, ...searchKeymap, ...lintKeymap,
      ]),
      EditorView.updateListener.of((update) => {
        const { marked } = lint;
        if (marked && update.docChanged && update.state.doc.length === marked.doc.length && update.state.doc.eq(marked.doc)) {
          queueMicrotask(() => {
            if (lint.marked === marked && update.view.state.doc.eq(marked.doc)) {
              update.view.dispatch(setDiagnostics(update.view.state, marked.diagnostics));
            }
          });
        }
        if (!onChange || !update.docChanged) return;
        if (update.transactions.every((tr) => !tr.docChanged || tr.annotation(External))) return;
        onChange(update.state.doc.toString());
      }),
    ],
  });
  const view = new EditorView({ state, parent: root });
  readOnlySlots.set(view, readOnly);
  return handleOf(view, hoverSlot, lint, locale);
}

/** The handle of the editor that contains `element` (tests: read or set a large text). */
export function editorOf(element) {
  const view = element && EditorView.findFromDOM(element.closest?.('.cm-editor') ?? element);
  return view ? handles.get(view) ?? null : null;
}

export const version = 1;

globalThis.podenvCodeMirror = Object.freeze({ create, editorOf, version });
