'use client';

import * as Dialog from '@radix-ui/react-dialog';
import { Command } from 'cmdk';
import { Bot, FileText, GitBranch, GitCommitHorizontal, Keyboard, LayoutGrid, Monitor, Moon, Search, Sun } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useTheme } from 'next-themes';
import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { loadTree } from '@/app/github/[owner]/[repo]/[branch]/code/actions';
import { mountedEditor, requestEditor, type EditorRequest } from '@/components/code/editor-requests';
import { OverlayDialog } from '@/components/overlay-dialog';
import { canStartAgentHere, requestAgentStart } from '@/components/workspace/agents/agents-panel-requests';
import { apiErrorMessage } from '@/lib/api-client';
import { workspaceOfPath, workspacePath, workspaceTabs } from '@/lib/workspace/urls';
import { keyLabel, matches, type Shortcut, shortcuts } from './shortcuts';
import { showShortcuts } from './shortcuts-help';

type Mode = 'commands' | 'files' | 'branches';
type Workspace = NonNullable<ReturnType<typeof workspaceOfPath>>;
/** A list the palette loads when its mode is entered; null while loading. */
type Loaded = { items: string[] | null; error: string | null };

const modeLabels: Record<Mode, string> = { commands: 'Type a command', files: 'Go to file by name', branches: 'Switch to branch' };

/**
 * The command palette (Ctrl/Cmd+K or Ctrl/Cmd+Shift+P; Ctrl/Cmd+P goes straight to files). A Radix dialog
 * holds a cmdk list: focus moves into it, arrows and Enter choose, Escape closes, and focus returns to where
 * it was. The chosen command runs once the dialog has closed, so it can move focus (the editor, the commit
 * dialog) without the dialog taking it back.
 */
export function CommandPalette() {
  const router = useRouter();
  const { theme, resolvedTheme, setTheme } = useTheme();
  const [open, setOpen] = useState(false);
  const [mode, setMode] = useState<Mode>('commands');
  const [query, setQuery] = useState('');
  const [workspace, setWorkspace] = useState<Workspace | null>(null);
  const [canCommit, setCanCommit] = useState(false);
  const [canStartAgent, setCanStartAgent] = useState(false);
  const [list, setList] = useState<Loaded>({ items: null, error: null });
  const pending = useRef<(() => void) | null>(null);
  const entered = useRef(0);

  const enter = useCallback((next: Mode, at: Workspace | null) => {
    const seq = ++entered.current;
    setMode(next);
    setQuery('');
    setList({ items: null, error: null });
    if (!at || next === 'commands') return;
    const loading = next === 'files' ? loadFiles(at) : loadBranches(at);
    // A list that arrives after the user moved on to another mode is dropped.
    void loading.then((loaded) => seq === entered.current && setList(loaded));
  }, []);

  const show = useCallback(
    (next: Mode) => {
      const at = workspaceOfPath(window.location.pathname);
      setWorkspace(at);
      setCanCommit(at?.page === 'code' && Boolean(mountedEditor()?.canCommit));
      setCanStartAgent(at !== null && canStartAgentHere());
      enter(at || next === 'commands' ? next : 'commands', at);
      setOpen(true);
    },
    [enter],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const mode: Mode | null = matches(event, shortcuts.palette) ? 'commands' : matches(event, shortcuts.goToFile) ? 'files' : null;
      if (!mode) return;
      event.preventDefault();
      event.stopPropagation();
      show(mode);
    };
    // Capture: the palette's keys win over the editor's.
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, [show]);

  /** Closes the palette, then runs `action`. */
  const run = (action: () => void) => {
    pending.current = action;
    setOpen(false);
  };

  const goTo = (href: string) => run(() => router.push(href));

  /** Asks the code editor; from another page, goes to the Code page first (the request waits for its editor). */
  const askEditor = (at: Workspace, request: EditorRequest) =>
    run(() => {
      if (!requestEditor(request)) router.push(workspacePath(at.owner, at.repo, at.branch, 'code'));
    });

  const dark = resolvedTheme === 'dark';

  return (
    <OverlayDialog
      open={open}
      onOpenChange={setOpen}
      onCloseAutoFocus={() => {
        const action = pending.current;
        pending.current = null;
        action?.();
      }}
      className="top-[12vh] w-[min(40rem,calc(100vw-1.5rem))] overflow-hidden"
      data-testid="command-palette"
    >
      <Dialog.Title className="sr-only">Command palette</Dialog.Title>
      <Command label={modeLabels[mode]} loop>
        <Command.Input
          value={query}
          onValueChange={setQuery}
          placeholder={`${modeLabels[mode]}…`}
          onKeyDown={(event) => {
            // Backspace in an empty file or branch list goes back to the commands.
            if (event.key === 'Backspace' && !query && mode !== 'commands') enter('commands', workspace);
          }}
          className="w-full border-b border-slate-200 bg-transparent px-4 py-3 text-sm outline-none placeholder:text-slate-500 dark:border-slate-700 dark:placeholder:text-slate-400"
        />
        <Command.List className="max-h-[min(24rem,60vh)] overflow-y-auto p-1.5 text-sm">
          {mode !== 'commands' && !list.items ? (
            <Command.Loading>
              <p className={`px-3 py-2 ${list.error ? 'text-red-700 dark:text-red-300' : 'text-slate-600 dark:text-slate-400'}`}>{list.error ?? 'Loading…'}</p>
            </Command.Loading>
          ) : (
            <Command.Empty className="px-3 py-2 text-slate-600 dark:text-slate-400">No matches.</Command.Empty>
          )}
          {mode === 'files' && workspace
            ? list.items?.map((path) => (
                <Entry key={path} value={path} icon={<FileText />} onSelect={() => askEditor(workspace, { kind: 'open', path })}>
                  <span className="font-mono">{path}</span>
                </Entry>
              ))
            : null}
          {mode === 'branches' && workspace
            ? list.items?.map((name) => (
                <Entry key={name} value={name} icon={<GitBranch />} onSelect={() => goTo(workspacePath(workspace.owner, workspace.repo, name, workspace.page))}>
                  <span className="font-mono">{name}</span>
                  {name === workspace.branch ? <span className="text-xs text-slate-500 dark:text-slate-400"> (current)</span> : null}
                </Entry>
              ))
            : null}
          {mode === 'commands' ? (
            <>
              {workspace ? (
                <Command.Group heading={`${workspace.owner}/${workspace.repo} @ ${workspace.branch}`} className={groupClass}>
                  <Entry value="Go to file" icon={<FileText />} shortcut={shortcuts.goToFile} onSelect={() => enter('files', workspace)}>
                    Go to file…
                  </Entry>
                  <Entry value="Search in files" icon={<Search />} onSelect={() => askEditor(workspace, { kind: 'search' })}>
                    Search in files
                  </Entry>
                  <Entry value="Switch branch" icon={<GitBranch />} onSelect={() => enter('branches', workspace)}>
                    Switch branch…
                  </Entry>
                  {canCommit ? (
                    <Entry value="Commit staged changes" icon={<GitCommitHorizontal />} shortcut={shortcuts.commit} onSelect={() => askEditor(workspace, { kind: 'commit' })}>
                      Commit staged changes…
                    </Entry>
                  ) : null}
                  {canStartAgent ? (
                    <Entry value="Start an agent on this branch" icon={<Bot />} onSelect={() => run(() => requestAgentStart())}>
                      Start an agent on this branch…
                    </Entry>
                  ) : null}
                  <Entry
                    value="Start an agent on this repository"
                    icon={<Bot />}
                    onSelect={() => goTo(`/agents?${new URLSearchParams({ new: '1', repo: `${workspace.owner}/${workspace.repo}`, base: workspace.branch })}`)}
                  >
                    Start an agent on this repository…
                  </Entry>
                </Command.Group>
              ) : null}
              {workspace ? (
                <Command.Group heading="Pages" className={groupClass}>
                  {workspaceTabs.map(({ page, label }) => (
                    <Entry key={page} value={`Open ${label}`} icon={<LayoutGrid />} onSelect={() => goTo(workspacePath(workspace.owner, workspace.repo, workspace.branch, page))}>
                      Open {label}
                      {page === workspace.page ? <span className="text-xs text-slate-500 dark:text-slate-400"> (current)</span> : null}
                    </Entry>
                  ))}
                </Command.Group>
              ) : null}
              <Command.Group heading="WebEDT" className={groupClass}>
                <Entry value="Go to agents" icon={<Bot />} onSelect={() => goTo('/agents')}>
                  Go to agents
                </Entry>
                <Entry value="Go to workspaces" icon={<LayoutGrid />} onSelect={() => goTo('/workspace')}>
                  Go to workspaces
                </Entry>
                <Entry value={dark ? 'Switch to light theme' : 'Switch to dark theme'} icon={dark ? <Sun /> : <Moon />} onSelect={() => run(() => setTheme(dark ? 'light' : 'dark'))}>
                  {dark ? 'Switch to light theme' : 'Switch to dark theme'}
                </Entry>
                <Entry value="Show the keyboard shortcuts" icon={<Keyboard />} shortcut={shortcuts.help} onSelect={() => run(showShortcuts)}>
                  Show the keyboard shortcuts
                </Entry>
                {theme !== 'system' ? (
                  <Entry value="Follow the system theme" icon={<Monitor />} onSelect={() => run(() => setTheme('system'))}>
                    Follow the system theme
                  </Entry>
                ) : null}
              </Command.Group>
            </>
          ) : null}
        </Command.List>
      </Command>
    </OverlayDialog>
  );
}

const groupClass =
  '[&_[cmdk-group-heading]]:px-3 [&_[cmdk-group-heading]]:pb-1 [&_[cmdk-group-heading]]:pt-2 [&_[cmdk-group-heading]]:text-xs [&_[cmdk-group-heading]]:font-medium [&_[cmdk-group-heading]]:text-slate-500 dark:[&_[cmdk-group-heading]]:text-slate-400';

function Entry({ value, icon, shortcut, onSelect, children }: { value: string; icon: ReactNode; shortcut?: Shortcut; onSelect: () => void; children: ReactNode }) {
  return (
    <Command.Item
      value={value}
      onSelect={onSelect}
      className="flex cursor-pointer items-center gap-2.5 rounded-md px-3 py-1.5 data-[selected=true]:bg-indigo-50 data-[selected=true]:text-indigo-900 dark:data-[selected=true]:bg-indigo-950 dark:data-[selected=true]:text-indigo-100 [&>svg]:size-4 [&>svg]:shrink-0 [&>svg]:text-slate-500 dark:[&>svg]:text-slate-400"
    >
      {icon}
      <span className="min-w-0 flex-1 truncate">{children}</span>
      {shortcut ? <kbd className="text-xs text-slate-500 dark:text-slate-400">{keyLabel(shortcut.keys[0]!)}</kbd> : null}
    </Command.Item>
  );
}

async function loadFiles({ owner, repo, branch }: Workspace): Promise<Loaded> {
  const result = await loadTree({ owner, repo, branch }).catch(() => null);
  if (!result?.ok) return { items: null, error: result?.error.message ?? 'The server could not be reached.' };
  return { items: result.data.entries.filter((entry) => entry.type === 'blob').map((entry) => entry.path), error: null };
}

async function loadBranches({ owner, repo }: Workspace): Promise<Loaded> {
  try {
    const response = await fetch(`/api/github/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/branches`);
    if (!response.ok) return { items: null, error: await apiErrorMessage(response) };
    const { branches } = (await response.json()) as { branches: { name: string }[] };
    return { items: branches.map((entry) => entry.name), error: null };
  } catch {
    return { items: null, error: 'The server could not be reached.' };
  }
}
