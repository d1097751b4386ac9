"use client";

import { autocompletion, type CompletionContext } from "@codemirror/autocomplete";
import { yaml } from "@codemirror/lang-yaml";
import { lintGutter, setDiagnostics, type Diagnostic } from "@codemirror/lint";
import type { Text } from "@codemirror/state";
import CodeMirror, { EditorView, type ReactCodeMirrorRef } from "@uiw/react-codemirror";
import { useCallback, useEffect, useMemo, useRef } from "react";
import { useNonce } from "@/components/providers";

// The policy editor: CodeMirror 6 with YAML, the server's validation shown as underlined
// diagnostics at their line:col, and completion of the schema's keys and effects.

export type EditorProblem = { line: number; column: number; message: string };

function toDiagnostics(doc: Text, problems: EditorProblem[]): Diagnostic[] {
  return problems.map((p) => {
    const line = doc.line(Math.min(Math.max(p.line, 1), doc.lines));
    const from = Math.min(line.from + Math.max(p.column - 1, 0), line.to);
    const end = line.from + line.text.trimEnd().length;
    return { from, to: Math.max(end, Math.min(from + 1, doc.length)), severity: "error", message: p.message };
  });
}

function completionSource(keys: string[], effects: string[]) {
  return (context: CompletionContext) => {
    const word = context.matchBefore(/[A-Za-z_-]*/);
    if (!word || (word.from === word.to && !context.explicit)) return null;
    const before = context.state.sliceDoc(context.state.doc.lineAt(word.from).from, word.from);
    const asValue = /:\s*$/.test(before);
    return {
      from: word.from,
      options: asValue
        ? effects.map((label) => ({ label, type: "enum" }))
        : keys.map((label) => ({ label, type: "property", apply: `${label}: ` })),
    };
  };
}

// Typed quotes stay as typed (a condition is written between quotes the author types);
// completion is ours. A constant: @uiw/react-codemirror reconfigures the editor (closing
// its search panel) whenever this object or the change handler is a new one.
const BASIC_SETUP = { closeBrackets: false, autocompletion: false } as const;

export function YamlEditor({
  value,
  onChange,
  readOnly,
  problems,
  schema,
}: {
  value: string;
  onChange: (value: string) => void;
  readOnly: boolean;
  problems: EditorProblem[];
  schema: { keys: string[]; effects: string[] };
}) {
  const ref = useRef<ReactCodeMirrorRef>(null);
  const latest = useRef(onChange);
  useEffect(() => {
    latest.current = onChange;
  });
  const changed = useCallback((text: string) => latest.current(text), []);
  const nonce = useNonce();
  const extensions = useMemo(
    () => [
      yaml(),
      lintGutter(),
      autocompletion({ override: [completionSource(schema.keys, schema.effects)] }),
      EditorView.lineWrapping,
      // CodeMirror adds its styles as <style> elements: the page's CSP admits them by this nonce.
      ...(nonce ? [EditorView.cspNonce.of(nonce)] : []),
    ],
    [schema, nonce],
  );
  useEffect(() => {
    const view = ref.current?.view;
    if (view) view.dispatch(setDiagnostics(view.state, toDiagnostics(view.state.doc, problems)));
  }, [problems, value]);
  return (
    <div data-testid="policy-editor" className="overflow-hidden rounded-md border border-zinc-200 text-[13px]">
      <CodeMirror
        ref={ref}
        value={value}
        onChange={changed}
        readOnly={readOnly}
        editable={!readOnly}
        extensions={extensions}
        basicSetup={BASIC_SETUP}
        minHeight="16rem"
        maxHeight="36rem"
      />
    </div>
  );
}
