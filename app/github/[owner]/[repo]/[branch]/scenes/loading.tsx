export default function LoadingScenes() {
  return (
    <p role="status" className="px-6 py-10 text-center text-sm text-slate-600 dark:text-slate-400">
      Loading scenes…
    </p>
  );
}
