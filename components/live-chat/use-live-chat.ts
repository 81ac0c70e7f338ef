'use client';

import { useCallback, useRef, useState } from 'react';
import { apiErrorMessage } from '@/lib/api-client';
import {
  applyTurnEvent,
  type ChatMessageView,
  isRunning,
  liveChatApiPath,
  TURN_EVENTS,
  type TurnEvent,
  type TurnEventName,
} from '@/lib/live-chat/protocol';
import { sseEvents } from '@/lib/realtime/client/sse-parser';

export interface ChatBranch {
  owner: string;
  repo: string;
  branch: string;
}

/** What the composer sends. Images are base64 (the server reads their type from the bytes). */
export interface OutgoingMessage {
  content: string;
  attachment?: { path: string; startLine?: number; endLine?: number };
  images: string[];
}

const JSON_HEADERS = { 'content-type': 'application/json' };
/** After Stop, the server stores the stopped answer a moment later; the history is read until it has. */
const SETTLE_ATTEMPTS = 10;
const SETTLE_DELAY_MS = 300;

const isTurnEvent = (name: string): name is TurnEventName => (TURN_EVENTS as readonly string[]).includes(name);

function stoppedLocally(message: ChatMessageView): ChatMessageView {
  if (!isRunning(message)) return message;
  const usage = { inputTokens: 0, outputTokens: 0, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 };
  return { ...message, parts: [...message.parts, { type: 'result', status: 'aborted', usage, costUsd: 0 }] };
}

/**
 * The browser side of Live Chat: the history, sending a message and streaming its answer (the SSE body
 * of a POST, so not EventSource), Stop (closing the stream, which stops the turn on the server), Clear
 * and Revert. Every error is a sentence for the UI.
 */
export function useLiveChat(branch: ChatBranch, initialMessages: ChatMessageView[]) {
  const [messages, setMessages] = useState(initialMessages);
  const [sending, setSending] = useState(false);
  const [running, setRunning] = useState(false);
  const [retryNotice, setRetryNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);
  const path = useCallback((rest: string) => liveChatApiPath(branch, rest), [branch]);

  const upsert = useCallback((message: ChatMessageView) => {
    setMessages((list) => {
      const index = list.findIndex((item) => item.id === message.id);
      if (index < 0) return [...list, message];
      const next = [...list];
      next[index] = message;
      return next;
    });
  }, []);

  const refresh = useCallback(async (): Promise<ChatMessageView[] | null> => {
    const response = await fetch(path('messages'), { cache: 'no-store' }).catch(() => null);
    if (!response?.ok) return null;
    const { messages: list } = (await response.json()) as { messages: ChatMessageView[] };
    setMessages(list);
    return list;
  }, [path]);

  /** Reads the history until the answer `id` is stored as finished. */
  const settle = useCallback(
    async (id: string | null) => {
      for (let attempt = 0; attempt < SETTLE_ATTEMPTS; attempt++) {
        const list = await refresh();
        const answer = list?.find((message) => message.id === id);
        if (list && (!answer || !isRunning(answer))) return;
        await new Promise((resolve) => setTimeout(resolve, SETTLE_DELAY_MS));
      }
    },
    [refresh],
  );

  /** Asks the assistant to answer the messages since its last answer, streaming the answer in. */
  const answer = useCallback(async () => {
    const controller = new AbortController();
    abort.current = controller;
    setRunning(true);
    setError(null);
    setRetryNotice(null);
    let answerId: string | null = null;
    let finished = false;
    try {
      const response = await fetch(path('execute'), { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ page: 'chat' }), signal: controller.signal });
      if (!response.ok || !response.body) {
        setError(await apiErrorMessage(response));
        return;
      }
      for await (const raw of sseEvents(response.body)) {
        if (!isTurnEvent(raw.event)) continue;
        const event = { event: raw.event, data: JSON.parse(raw.data) } as TurnEvent;
        if (event.event === 'retry') {
          setRetryNotice(event.data.message);
          continue;
        }
        setRetryNotice(null);
        if (event.event === 'start') {
          answerId = event.data.message.id;
          upsert(event.data.message);
          continue;
        }
        if (event.event === 'done') finished = true;
        const id = answerId;
        setMessages((list) => list.map((message) => (message.id === id ? applyTurnEvent(message, event) : message)));
      }
    } catch {
      if (!controller.signal.aborted) setError('The connection to the assistant was lost. What it finished is shown below; send again to continue.');
    } finally {
      const id = answerId;
      if (!finished && id) {
        setMessages((list) => list.map((message) => (message.id === id ? stoppedLocally(message) : message)));
        await settle(id);
      }
      abort.current = null;
      setRetryNotice(null);
      setRunning(false);
    }
  }, [path, settle, upsert]);

  const send = useCallback(
    async (message: OutgoingMessage): Promise<boolean> => {
      setSending(true);
      setError(null);
      try {
        const response = await fetch(path('messages'), {
          method: 'POST',
          headers: JSON_HEADERS,
          body: JSON.stringify({ ...message, images: message.images.map((data) => ({ data })) }),
        });
        if (!response.ok) {
          setError(await apiErrorMessage(response));
          return false;
        }
        upsert(((await response.json()) as { message: ChatMessageView }).message);
      } catch {
        setError('Your message could not be sent: the server is not reachable. Try again.');
        return false;
      } finally {
        setSending(false);
      }
      void answer();
      return true;
    },
    [answer, path, upsert],
  );

  const stop = useCallback(() => abort.current?.abort(), []);

  const clear = useCallback(async (): Promise<boolean> => {
    setError(null);
    const response = await fetch(path('messages'), { method: 'DELETE' }).catch(() => null);
    if (!response?.ok) {
      setError(response ? await apiErrorMessage(response) : 'The history could not be cleared: the server is not reachable.');
      return false;
    }
    setMessages([]);
    return true;
  }, [path]);

  /** Reverts a commit of the chat; returns the error sentence, or null when it was reverted. */
  const revert = useCallback(
    async (sha: string): Promise<string | null> => {
      const response = await fetch(path('revert'), { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ sha }) }).catch(() => null);
      if (!response) return 'The commit could not be reverted: the server is not reachable.';
      if (!response.ok) return apiErrorMessage(response);
      upsert(((await response.json()) as { message: ChatMessageView }).message);
      return null;
    },
    [path, upsert],
  );

  return { messages, sending, running, retryNotice, error, send, answer, stop, clear, revert };
}
