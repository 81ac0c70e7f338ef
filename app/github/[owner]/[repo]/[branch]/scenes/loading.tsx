export default function LoadingScenes() {
  return (
    <p role="status" className="px-6 py-10 text-center text-sm text-slate-600">
      Loading scenes…
    </p>
  );
}
