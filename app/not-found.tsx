import Link from 'next/link';

export default function NotFound() {
  return (
    <section className="px-6 py-16 text-center">
      <h1 className="text-xl font-semibold">Page not found</h1>
      <p className="mt-2 text-slate-600 dark:text-slate-400">There is nothing at this address, or you do not have access to it.</p>
      <Link href="/agents" className="mt-4 inline-block text-indigo-700 dark:text-indigo-300 underline">
        Go to your agents
      </Link>
    </section>
  );
}
