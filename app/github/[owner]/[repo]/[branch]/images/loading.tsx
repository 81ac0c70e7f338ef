export default function LoadingImages() {
  return (
    <p role="status" className="px-6 py-10 text-center text-sm text-slate-600">
      Loading images…
    </p>
  );
}
