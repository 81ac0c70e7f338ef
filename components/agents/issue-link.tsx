/** The GitHub issue an agent works on, as GitHub writes it: `#N title`. */
export function IssueLink({ issue }: { issue: { number: number; title: string; url: string } }) {
  return (
    <a href={issue.url} target="_blank" rel="noreferrer" className="text-indigo-700 dark:text-indigo-300 hover:underline">
      #{issue.number} {issue.title}
    </a>
  );
}
