import Image from 'next/image';
import { Logo } from '@/components/logo';
import { SignInForm } from '@/components/sign-in-form';

const features = [
  {
    title: 'Agents that work while you do something else',
    text: 'Describe a task for a repository. An agent works on it in the background on a branch of its own, streams every step, commits and pushes to GitHub, and opens a pull request when you are happy with it.',
    picture: { src: '/landing/agent.webp', alt: 'An agent at work: its task, the steps it took and the commit it pushed', width: 960, height: 600 },
  },
  {
    title: 'A live workspace on any branch',
    text: 'Open a branch and edit its code, images, sounds and scenes, chat with an assistant about it and preview it. Everyone on the branch sees each other’s cursors and changes as they happen.',
    picture: { src: '/landing/workspace.webp', alt: 'The code workspace: the file tree, an open file and the branch’s activity', width: 960, height: 600 },
  },
];

/** What a signed-out visitor sees at `/`: what WebEDT does, pictures of it, and the way in. */
export function LandingPage() {
  return (
    <div className="mx-auto max-w-5xl px-6 py-12">
      <section aria-labelledby="landing-title" className="text-center">
        <Logo className="mx-auto h-12 w-12" />
        <h1 id="landing-title" className="mt-4 text-3xl font-semibold tracking-tight">
          Work on your GitHub repositories from the browser
        </h1>
        <p className="mx-auto mt-3 max-w-2xl text-slate-600 dark:text-slate-400">
          WebEDT gives every repository two ways in: task agents that work on their own branch, and a live workspace
          you share with the people on a branch. Every change is a commit on GitHub.
        </p>
        <SignInForm callbackUrl="/agents" className="mx-auto mt-6 w-full max-w-xs" />
      </section>
      {features.map((feature) => (
        <section key={feature.title} aria-label={feature.title} className="mt-14 grid items-center gap-6 md:grid-cols-[2fr_3fr]">
          <div>
            <h2 className="text-xl font-semibold">{feature.title}</h2>
            <p className="mt-2 text-slate-600 dark:text-slate-400">{feature.text}</p>
          </div>
          <Image
            src={feature.picture.src}
            alt={feature.picture.alt}
            width={feature.picture.width}
            height={feature.picture.height}
            unoptimized
            className="h-auto w-full rounded-lg border border-slate-200 dark:border-slate-700 shadow-sm"
          />
        </section>
      ))}
    </div>
  );
}
