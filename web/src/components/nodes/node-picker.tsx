"use client";

// A node chosen by typing: a workspace may have thousands, more than any list the page could load, so the
// picker asks the API for the nodes whose name or hostname holds what is typed (Workspace.nodes(search:)).
// An ARIA 1.2 combobox: a text input that owns a listbox; arrows move, Enter chooses, Escape closes.
import { type KeyboardEvent, useEffect, useId, useRef, useState } from "react";
import { describedByOf, FieldFrame } from "@/components/ui/field-frame";
import { inputClass } from "@/components/ui/styles";
import { clientFetch } from "@/lib/graphql/client-fetch";
import { NodeNamesByIdQuery, NodePickerSearchQuery } from "@/lib/graphql/operations/nodes";
import { nodeNamesById } from "@/lib/nodes/node-names";

/** Matches shown at once: a picker is for finding one node, not browsing all of them. */
const MATCHES = 20;
/** Typing pauses this long before the API is asked. */
const DEBOUNCE_MS = 200;
/** A hostname's longest: the API refuses longer searches. */
const MAX_SEARCH = 253;

interface Choice {
  id: string;
  name: string;
  hostname?: string | null;
}

export function NodePicker({
  workspaceId,
  label,
  id: givenId,
  name,
  value,
  defaultValue = "",
  knownName,
  onChange,
  emptyChoice,
  error,
  hint,
  labelHidden = false,
  disabled = false,
}: Readonly<{
  workspaceId: string;
  label: string;
  id?: string;
  /** The form field the chosen id is sent as ("" for no node). */
  name?: string;
  /** The chosen node's id, when the parent holds it; else the picker holds it, from `defaultValue`. */
  value?: string;
  defaultValue?: string;
  /** The chosen node's name when the page already knows it; otherwise it is read by id. */
  knownName?: string | undefined;
  onChange?: (node: Choice | null) => void;
  /** What choosing no node means ("Whole workspace", "Any"); without it a node must be chosen. */
  emptyChoice?: string;
  error?: string | undefined;
  hint?: string;
  labelHidden?: boolean;
  disabled?: boolean;
}>) {
  const reactId = useId();
  const id = givenId ?? `node-picker-${reactId}`;
  const listId = `${id}-matches`;
  const [own, setOwn] = useState(defaultValue);
  const chosenId = value ?? own;
  const [names, setNames] = useState<Record<string, string>>(() =>
    chosenId && knownName ? { [chosenId]: knownName } : {},
  );
  const chosenName = chosenId ? names[chosenId] : undefined;
  const [text, setText] = useState<string | null>(null); // null: not typing, the input shows the choice
  const [open, setOpen] = useState(false);
  const [matches, setMatches] = useState<{ nodes: Choice[]; more: boolean; search: string } | null>(null);
  const [active, setActive] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);
  const request = useRef(0);

  // The chosen node's name, when neither the page nor a search gave it (a node past any first page).
  useEffect(() => {
    if (!chosenId || names[chosenId] !== undefined) return;
    let current = true;
    nodeNamesById([chosenId], (ids) => clientFetch(NodeNamesByIdQuery, { ids }))
      .then((found) => {
        if (current) setNames((n) => ({ ...n, [chosenId]: found.get(chosenId) ?? "a removed node" }));
      })
      .catch((e: unknown) => current && setProblem(`Could not read the chosen node's name: ${String(e)}`));
    return () => {
      current = false;
    };
  }, [chosenId, names]);

  // What the API offers for the text typed, once typing pauses; only the latest answer is shown.
  const search = text ?? "";
  useEffect(() => {
    if (!open) return;
    const ticket = ++request.current;
    const timer = setTimeout(async () => {
      try {
        const { data, errors } = await clientFetch(NodePickerSearchQuery, {
          workspaceId,
          search: search.trim(),
          first: MATCHES,
        });
        if (ticket !== request.current) return;
        const workspace = data?.node && "nodes" in data.node ? data.node : null;
        if (!workspace) throw new Error(errors.map((e) => e.message).join("; ") || "No answer");
        const nodes = workspace.nodes.edges.map((e) => e.node);
        setMatches({ nodes, more: workspace.nodes.pageInfo.hasNextPage, search });
        // Something typed: Enter takes the first node that matches, not the empty choice above it.
        setActive(emptyChoice && search.trim() && nodes.length > 0 ? 1 : 0);
        setProblem(null);
      } catch (e) {
        if (ticket === request.current) setProblem(`Search failed: ${e instanceof Error ? e.message : e}`);
      }
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [open, search, workspaceId, emptyChoice]);

  const options: (Choice | null)[] = [...(emptyChoice ? [null] : []), ...(matches?.nodes ?? [])];
  const shown = open && matches !== null;

  function choose(node: Choice | null) {
    if (node) setNames((n) => ({ ...n, [node.id]: node.name }));
    if (value === undefined) setOwn(node?.id ?? "");
    onChange?.(node);
    setText(null);
    setOpen(false);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!open) return setOpen(true);
      const step = event.key === "ArrowDown" ? 1 : -1;
      setActive((a) => (options.length === 0 ? 0 : (a + step + options.length) % options.length));
    } else if (event.key === "Enter" && shown) {
      event.preventDefault(); // choosing, not submitting the form
      const option = options[active];
      if (option !== undefined) choose(option);
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      setText(null);
      setOpen(false);
    }
  }

  const shownText = text ?? (chosenId ? (chosenName ?? "…") : "");
  const optionId = (i: number) => `${id}-option-${i}`;
  const status = !shown
    ? ""
    : matches.nodes.length === 0
      ? `No node matches ${matches.search ? `“${matches.search.trim()}”` : ""}`.trim()
      : `${matches.nodes.length}${matches.more ? "+" : ""} node${matches.nodes.length === 1 ? "" : "s"} match${matches.more ? "; type more to narrow them" : ""}`;
  return (
    <FieldFrame
      id={id}
      label={label}
      error={error ?? problem ?? undefined}
      hint={hint}
      labelHidden={labelHidden}
    >
      <div className="relative">
        {name !== undefined && <input type="hidden" name={name} value={chosenId} />}
        <input
          id={id}
          type="text"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={shown}
          aria-controls={listId}
          aria-activedescendant={shown && options[active] !== undefined ? optionId(active) : undefined}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedByOf(id, error ?? problem ?? undefined, hint)}
          autoComplete="off"
          spellCheck={false}
          maxLength={MAX_SEARCH}
          placeholder={emptyChoice ?? "Type a node's name or hostname"}
          disabled={disabled}
          className={inputClass}
          value={shownText}
          onFocus={() => setOpen(true)}
          onClick={() => setOpen(true)}
          onChange={(e) => {
            setText(e.target.value);
            setActive(0);
            setOpen(true);
          }}
          onBlur={() => {
            setText(null);
            setOpen(false);
          }}
          onKeyDown={onKeyDown}
        />
        <div
          hidden={!shown}
          className="absolute z-20 mt-1 w-full rounded-theme border border-muted/40 bg-surface text-sm shadow-lg"
        >
          <div
            id={listId}
            role="listbox"
            aria-label={`${label}: matching nodes`}
            className="max-h-72 overflow-y-auto py-1"
          >
            {options.map((option, i) => (
              <div
                key={option?.id ?? ""}
                id={optionId(i)}
                role="option"
                // Focus stays in the input (aria-activedescendant names the active option): -1, never tabbed to.
                tabIndex={-1}
                aria-selected={i === active}
                // mousedown, not click: the input keeps its focus, so its blur does not close the list first
                onMouseDown={(e) => {
                  e.preventDefault();
                  choose(option);
                }}
                onMouseEnter={() => setActive(i)}
                className={`cursor-pointer px-3 py-1.5 ${i === active ? "bg-primary/15" : ""} ${option?.id === chosenId || (!option && !chosenId) ? "font-semibold" : ""}`}
              >
                {option ? (
                  <>
                    {option.name}
                    {option.hostname && option.hostname !== option.name && (
                      <span className="ml-2 text-xs text-muted">{option.hostname}</span>
                    )}
                  </>
                ) : (
                  <span className="italic">{emptyChoice}</span>
                )}
              </div>
            ))}
          </div>
          {/* Seen here, heard from the live region below (which stays in the page to be announced). */}
          <p className="border-t border-muted/20 px-3 py-1.5 text-xs text-muted" aria-hidden="true">
            {status}
          </p>
        </div>
        <span role="status" aria-live="polite" className="sr-only">
          {status}
        </span>
      </div>
    </FieldFrame>
  );
}
