/** What a workspace tab shows until its editor exists: where you are and what will be here. */
export function EditorPlaceholder({ title, description }: { title: string; description: string }) {
  return (
    <section aria-label={title} className="px-6 py-10 text-center text-slate-600 dark:text-slate-400">
      <h2 className="font-medium text-slate-800 dark:text-slate-200">{title}</h2>
      <p className="mt-1 text-sm">{description}</p>
    </section>
  );
}
