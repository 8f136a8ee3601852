/** Text with `backticked` spans as <code>: the document's descriptions use that much Markdown. */
export function InlineCode({ text }: { text: string }) {
  return text.split("`").map((part, index) =>
    index % 2 === 1 ? (
      <code key={index} className="rounded bg-slate-100 px-1 py-0.5 text-[0.85em]">
        {part}
      </code>
    ) : (
      part.replaceAll("**", "")
    ),
  );
}

/** Paragraphs (blank-line separated) of such text. */
export function Prose({ text }: { text: string }) {
  return (
    <div className="space-y-2 text-sm text-slate-700">
      {text.split(/\n\s*\n/).map((paragraph, index) => (
        <p key={index}>
          <InlineCode text={paragraph.replace(/\s*\n\s*/g, " ")} />
        </p>
      ))}
    </div>
  );
}
