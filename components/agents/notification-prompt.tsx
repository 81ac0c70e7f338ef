'use client';

import { BellRing } from 'lucide-react';
import { useEffect, useState } from 'react';

const DISMISSED_KEY = 'webedt:agent-notifications-dismissed';

/**
 * Offers browser notifications right after the user started an agent (its page, the attempts page):
 * the moment the question makes sense. Never asked on page load by itself, and "Not now" is remembered.
 */
export function NotificationPrompt() {
  const [visible, setVisible] = useState(false);
  const [outcome, setOutcome] = useState<string | null>(null);

  useEffect(() => {
    // The permission is only known in the browser, after hydration.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setVisible(typeof Notification !== 'undefined' && Notification.permission === 'default' && localStorage.getItem(DISMISSED_KEY) !== '1');
  }, []);

  async function turnOn() {
    const permission = await Notification.requestPermission();
    setVisible(false);
    setOutcome(
      permission === 'granted'
        ? 'Notifications are on: you will hear when an agent finishes, fails or waits for you.'
        : 'Notifications stay off. You can allow them later in your browser’s site settings.',
    );
  }

  if (outcome) return <p role="status" className="mb-3 text-xs text-slate-600 dark:text-slate-400">{outcome}</p>;
  if (!visible) return null;
  return (
    <div role="region" aria-label="Agent notifications" className="mb-3 flex flex-wrap items-center gap-2 rounded-md border border-indigo-200 dark:border-indigo-800 bg-indigo-50 dark:bg-indigo-950 px-3 py-2 text-sm">
      <BellRing aria-hidden className="h-4 w-4 text-indigo-700 dark:text-indigo-300" />
      <span className="flex-1">Get a browser notification when your agents finish, fail or wait for you?</span>
      <button type="button" onClick={turnOn} className="rounded-md bg-indigo-600 px-3 py-1 font-medium text-white hover:bg-indigo-500">
        Turn on notifications
      </button>
      <button
        type="button"
        onClick={() => {
          localStorage.setItem(DISMISSED_KEY, '1');
          setVisible(false);
        }}
        className="rounded-md px-2 py-1 text-slate-700 dark:text-slate-300 hover:bg-indigo-100 dark:hover:bg-indigo-900"
      >
        Not now
      </button>
    </div>
  );
}
