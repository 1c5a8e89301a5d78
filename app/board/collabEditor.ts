// The CodeMirror 6 editor of one free-text field of the live board, bound to its Y.Text by
// y-codemirror.next (decision 071). The binding turns each keystroke into a Yjs insert at a
// position relative to the characters around it, so two people typing at the same place each
// keep their text contiguous; the hand-written textarea diff it replaces garbled them (issue 10).
// Browser only: CollabEditor creates the view inside useEffect.
import { EditorState, type Extension, Transaction } from "@codemirror/state";
import { EditorView, keymap, placeholder } from "@codemirror/view";
import { yCollab, yUndoManagerKeymap } from "y-codemirror.next";
import type { Awareness } from "y-protocols/awareness";
import * as Y from "yjs";

/**
 * Refuses a change typed, pasted or dropped here that would make the text longer than `max`
 * characters (what a textarea's maxLength did). Changes from other people arrive through the
 * binding without a user event and always pass: refusing them would part the screen from the
 * shared text.
 */
export function maxLengthFilter(max: number): Extension {
  return EditorState.transactionFilter.of((tr) => {
    if (!tr.docChanged || tr.annotation(Transaction.userEvent) === undefined) return tr;
    const grows = tr.newDoc.length > tr.startState.doc.length;
    return grows && tr.newDoc.length > max ? [] : tr;
  });
}

export interface CollabEditorOptions {
  text: Y.Text;
  awareness: Awareness | null;
  /** Accessible name of the editable area (it has no <label>: a contenteditable is not labelable). */
  labelId: string;
  placeholder?: string;
  maxLength?: number;
  readOnly: boolean;
  /** CodeMirror's own words, in the interface language (EditorState.phrases). */
  phrases: Record<string, string>;
  /** The page's CSP nonce, for the <style> CodeMirror adds (server/app.ts style-src). */
  nonce: string;
}

export interface CollabEditorSetup {
  extensions: Extension[];
  /** Tracks only this editor's typing: Ctrl+Z here never undoes another person's text. */
  undoManager: Y.UndoManager;
}

/** Enter: one line break at the selection, caret after it, scrolled into view. */
function insertLineBreak(view: EditorView): boolean {
  if (view.state.readOnly) return false;
  view.dispatch(view.state.replaceSelection(view.state.lineBreak), {
    scrollIntoView: true,
    userEvent: "input",
  });
  return true;
}

export function collabEditorSetup(o: CollabEditorOptions): CollabEditorSetup {
  // No tracked origin here: yCollab adds the editor's own sync origin (y-codemirror.next
  // src/y-undomanager.js addTrackedOrigin(syncConf)). The default would also track `null`.
  const undoManager = new Y.UndoManager(o.text, { trackedOrigins: new Set() });
  const extensions: Extension[] = [
    yCollab(o.text, o.awareness, { undoManager }),
    // Only undo/redo are bound: typing, Enter, deletion and caret moves are the browser's own
    // contenteditable editing, which CodeMirror reads back. @codemirror/commands' defaultKeymap
    // would add @codemirror/language and Lezer (about 30 kB compressed) for code indentation that
    // a clinical note does not use (decision 071, measured with test/bench/page-weight.bench.ts).
    keymap.of(yUndoManagerKeymap),
    // Enter is the one key bound here: left to contenteditable, Chromium sometimes writes its new
    // line as a <div><br></div> that CodeMirror reads back as two line breaks (seen once in the
    // browser test on a loaded machine). One transaction inserting the document's line break is
    // what @codemirror/commands' insertNewline does, without its dependencies.
    keymap.of([{ key: "Enter", run: insertLineBreak }]),
    EditorView.lineWrapping,
    EditorState.phrases.of(o.phrases),
    EditorView.contentAttributes.of({ "aria-labelledby": o.labelId, "aria-multiline": "true" }),
    EditorState.readOnly.of(o.readOnly),
    EditorView.editable.of(!o.readOnly),
  ];
  if (o.nonce) extensions.push(EditorView.cspNonce.of(o.nonce));
  if (o.placeholder) extensions.push(placeholder(o.placeholder));
  if (o.maxLength !== undefined) extensions.push(maxLengthFilter(o.maxLength));
  return { extensions, undoManager };
}

/** The nonce the page's scripts ran under: kept in the `nonce` property, hidden from the attribute. */
export function pageNonce(document: Document): string {
  return document.querySelector<HTMLScriptElement>("script[nonce]")?.nonce ?? "";
}
