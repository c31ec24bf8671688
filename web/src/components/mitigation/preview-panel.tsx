import { ErrorMessage } from "@/components/ui/feedback";

export interface Preview {
  valid: boolean;
  issues: readonly string[];
  refused: readonly string[];
  warnings: readonly string[];
  apply: readonly { argv: readonly string[] }[];
  undo: readonly { argv: readonly string[] }[];
}

/** One argv as a reader would type it; arguments with spaces or quotes are quoted (display only, never run). */
export function argvLine(argv: readonly string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replaceAll("'", "'\\''")}'`)).join(" ");
}

function Commands({ title, commands }: Readonly<{ title: string; commands: Preview["apply"] }>) {
  if (commands.length === 0) return null;
  return (
    <div>
      <p className="mb-1 text-xs font-semibold uppercase tracking-wide text-muted">{title}</p>
      <pre className="overflow-x-auto rounded-theme bg-background p-3 text-xs leading-relaxed">
        {commands.map((c) => (
          <code key={c.argv.join("\u0000")} className="block" data-testid="preview-argv">
            {argvLine(c.argv)}
          </code>
        ))}
      </pre>
    </div>
  );
}

/** What `previewMitigation` answered: the exact commands, what is refused outright, and the risks. */
export function PreviewPanel({
  preview,
  nodeName,
  exampleVariables = [],
}: Readonly<{ preview: Preview; nodeName: string; exampleVariables?: readonly string[] }>) {
  return (
    <section
      aria-label="Preview"
      data-testid="mitigation-preview"
      data-valid={preview.valid}
      className="flex flex-col gap-3 rounded-theme border border-muted/30 p-4"
    >
      <p className="text-sm font-medium">
        {preview.valid ? `On ${nodeName} the agent will run:` : `This cannot run on ${nodeName}:`}
      </p>
      {exampleVariables.length > 0 && (
        <p className="text-sm text-muted" data-testid="preview-example-values">
          {exampleVariables.join(", ")} {exampleVariables.length === 1 ? "is" : "are"} filled with example
          values here (an address such as 192.0.2.1, port 53, udp): when the rule fires,{" "}
          {exampleVariables.length === 1 ? "it is" : "they are"} the incident's own.
        </p>
      )}
      {preview.refused.map((r) => (
        <ErrorMessage key={r}>Refused: {r}</ErrorMessage>
      ))}
      {preview.issues.map((i) => (
        <ErrorMessage key={i}>{i}</ErrorMessage>
      ))}
      {preview.warnings.length > 0 && (
        <ul className="list-disc rounded-theme border border-warning/50 bg-warning/10 py-2 pl-8 pr-3 text-sm">
          {preview.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      <Commands title="Apply" commands={preview.apply} />
      <Commands title="Undo" commands={preview.undo} />
    </section>
  );
}
