'use client';

import { useEffect, useRef } from 'react';
import { useCollab } from '@/components/workspace/collab/collab-provider';

/**
 * The command palette's "Start an agent on this branch": it opens the workspace's agents panel with its
 * task field focused. The receiver is mounted with every branch layout (for users who may start agents),
 * the panel only while it is shown, so a request that opens the panel is kept until the panel mounts.
 */

let receiver: (() => void) | null = null;
let focusPending = false;
const focusers = new Set<() => void>();

/** Whether this page offers starting an agent on its branch. */
export function canStartAgentHere(): boolean {
  return receiver !== null;
}

export function requestAgentStart(): boolean {
  if (!receiver) return false;
  focusPending = true;
  receiver();
  for (const focus of focusers) focus();
  return true;
}

/** Registers the workspace as the receiver of start requests while it is mounted. */
export function AgentStartReceiver() {
  const { showSidePanel } = useCollab();
  const latest = useRef(showSidePanel);
  useEffect(() => {
    latest.current = showSidePanel;
  });
  useEffect(() => {
    const receive = () => latest.current('agents');
    receiver = receive;
    return () => {
      if (receiver === receive) receiver = null;
    };
  }, []);
  return null;
}

/** Focuses the start form when asked, now or on mount. */
export function useStartFocus(focus: () => void) {
  const latest = useRef(focus);
  useEffect(() => {
    latest.current = focus;
  });
  useEffect(() => {
    const handler = () => {
      focusPending = false;
      requestAnimationFrame(() => latest.current());
    };
    focusers.add(handler);
    if (focusPending) handler();
    return () => {
      focusers.delete(handler);
    };
  }, []);
}
