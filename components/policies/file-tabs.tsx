"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Input } from "@/components/ui/input";
import type { PolicyFile } from "@/lib/policy/types";

// The set's files as tabs; in one's own draft, files can be added, renamed and deleted
// (the whole set is validated together, so a rename or a deletion is checked at once).

const TEMPLATE = (name: string) => `apiVersion: gatehouse.dev/v1
kind: Policy
metadata:
  name: ${name}
spec:
  agents:
    names: ["*"]
  rules: []
`;

export function FileTabs({
  files,
  current,
  editable,
  onSelect,
  onChange,
}: {
  files: PolicyFile[];
  current: string | undefined;
  editable: boolean;
  onSelect: (path: string) => void;
  onChange: (files: PolicyFile[], select?: string) => void;
}) {
  const [naming, setNaming] = useState<"add" | "rename">();
  const [name, setName] = useState("");
  const folder = files[0]?.path.includes("/") ? files[0].path.slice(0, files[0].path.lastIndexOf("/") + 1) : "";

  function apply() {
    const file = name.trim().replace(/\.ya?ml$/, "");
    if (!file) return;
    const path = `${folder}${file}.yaml`;
    if (naming === "add") onChange([...files, { path, content: TEMPLATE(file) }], path);
    else
      onChange(
        files.map((f) => (f.path === current ? { ...f, path } : f)),
        path,
      );
    setNaming(undefined);
    setName("");
  }

  function startRename() {
    setName(current?.slice(folder.length).replace(/\.ya?ml$/, "") ?? "");
    setNaming("rename");
  }

  return (
    <div className="flex flex-wrap items-center gap-1 border-b border-zinc-200 pb-2" role="tablist" aria-label="Policy files">
      {files.map((f) => (
        <button
          key={f.path}
          type="button"
          role="tab"
          aria-selected={f.path === current}
          onClick={() => onSelect(f.path)}
          className={cn(
            "rounded-md px-2 py-1 font-mono text-xs",
            f.path === current ? "bg-zinc-900 text-white" : "text-zinc-600 hover:bg-zinc-100",
          )}
        >
          {f.path.slice(folder.length)}
        </button>
      ))}
      {editable && naming ? (
        <span className="flex items-center gap-1">
          <Input
            aria-label={naming === "add" ? "New file name" : "New name"}
            className="h-7 w-44 text-xs"
            value={name}
            onChange={(e) => setName(e.target.value)}
            onKeyDown={(e) => e.key === "Enter" && apply()}
            autoFocus
          />
          <Button size="sm" onClick={apply}>
            {naming === "add" ? "Add" : "Rename"}
          </Button>
          <Button size="sm" variant="ghost" onClick={() => setNaming(undefined)}>
            Cancel
          </Button>
        </span>
      ) : editable ? (
        <span className="ml-auto flex gap-1">
          <Button size="sm" variant="ghost" onClick={() => setNaming("add")}>
            Add file
          </Button>
          <Button size="sm" variant="ghost" disabled={!current} onClick={startRename}>
            Rename
          </Button>
          <Button
            size="sm"
            variant="ghost"
            disabled={files.length < 2}
            onClick={() =>
              window.confirm(`Delete ${current} from the draft?`) &&
              onChange(
                files.filter((f) => f.path !== current),
                files.find((f) => f.path !== current)?.path,
              )
            }
          >
            Delete
          </Button>
        </span>
      ) : null}
    </div>
  );
}
