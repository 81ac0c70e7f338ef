export default function LoadingSounds() {
  return (
    <p role="status" className="px-6 py-10 text-center text-sm text-slate-600">
      Loading sounds…
    </p>
  );
}
