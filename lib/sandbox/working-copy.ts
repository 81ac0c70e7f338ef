import { randomBytes } from 'node:crypto';
import { chown, lstat, mkdir, readdir, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { type BranchWorkspace, decodeText } from '@/lib/llm/workspace';
import type { FileChanges } from './summary';

/**
 * A turn's branch snapshot on disk, for commands: written once when the first command runs, kept in step
 * with the file tools (their writes go to disk before the next command), and read back after each command
 * so that what it created, changed or deleted joins the turn's changes — git's rules: a tracked file counts
 * whatever .gitignore says, an untracked one unless .gitignore ignores it, and never `.git/`.
 */


export const NO_FILE_CHANGES: FileChanges = { created: [], modified: [], deleted: [] };

interface DiskEntry {
  /** The workspace content last written to or read from this path (compared by reference or value). */
  content: string | Uint8Array;
  size: number;
  mtimeMs: number;
}

function toBytes(content: string | Uint8Array): Uint8Array {
  return typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
}

function sameContent(a: string | Uint8Array, b: string | Uint8Array): boolean {
  if (a === b) return true;
  return Buffer.from(toBytes(a)).equals(toBytes(b));
}

export class WorkingCopy {
  /** Files as last synchronised, by repository path. */
  private readonly disk = new Map<string, DiskEntry>();

  private constructor(
    /** `<turns>/<id>`: the copy's own folder, holding `repo/`, `tmp/` and `home/`. */
    readonly dir: string,
    private readonly workspace: BranchWorkspace,
    private readonly owner: { uid: number; gid: number } | null,
  ) {}

  get repoDir(): string {
    return path.join(this.dir, 'repo');
  }

  get tmpDir(): string {
    return path.join(this.dir, 'tmp');
  }

  get homeDir(): string {
    return path.join(this.dir, 'home');
  }

  /** Makes the folder and writes every file of the workspace (its pending changes included). */
  static async create(turnsDir: string, workspace: BranchWorkspace, owner: { uid: number; gid: number } | null): Promise<WorkingCopy> {
    const dir = path.join(turnsDir, randomBytes(12).toString('hex'));
    const copy = new WorkingCopy(dir, workspace, owner);
    await mkdir(dir, { mode: 0o700 });
    await copy.own(dir);
    for (const sub of [copy.repoDir, copy.tmpDir, copy.homeDir]) {
      await mkdir(sub, { mode: 0o755 });
      await copy.own(sub);
    }
    await copy.writeWorkspace();
    return copy;
  }

  private async own(target: string): Promise<void> {
    if (this.owner) await chown(target, this.owner.uid, this.owner.gid);
  }

  private async ensureDirectory(relative: string): Promise<void> {
    let current = this.repoDir;
    for (const segment of relative.split('/').slice(0, -1)) {
      current = path.join(current, segment);
      const info = await lstat(current).catch(() => null);
      if (info?.isDirectory()) continue;
      if (info) await rm(current, { recursive: true, force: true });
      await mkdir(current);
      await this.own(current);
    }
  }

  /** Brings the disk up to the workspace: files the file tools wrote or deleted since the last sync. */
  async writeWorkspace(): Promise<void> {
    const current = new Set(this.workspace.files());
    for (const file of [...this.disk.keys()]) {
      if (current.has(file)) continue;
      await unlink(path.join(this.repoDir, file)).catch(() => {});
      this.disk.delete(file);
    }
    for (const file of current) {
      const content = this.workspace.read(file)!;
      const known = this.disk.get(file);
      if (known && known.content === content) continue;
      const target = path.join(this.repoDir, file);
      await this.ensureDirectory(file);
      await rm(target, { recursive: true, force: true });
      await writeFile(target, toBytes(content));
      await this.own(target);
      const info = await stat(target);
      this.disk.set(file, { content, size: info.size, mtimeMs: info.mtimeMs });
    }
  }

  /** The repository's .gitignore rules, nested files included, as one matcher of repository paths. */
  private async ignoreRules(): Promise<(file: string, isDirectory: boolean) => boolean> {
    const matchers: Array<{ base: string; rules: Ignore }> = [];
    const gitignores = this.workspace.files().filter((file) => file === '.gitignore' || file.endsWith('/.gitignore'));
    const onDisk = await this.listGitignoresOnDisk();
    for (const file of new Set([...gitignores, ...onDisk])) {
      const text = await readFile(path.join(this.repoDir, file), 'utf8').catch(() => null);
      if (text === null) continue;
      matchers.push({ base: file === '.gitignore' ? '' : file.slice(0, -'/.gitignore'.length), rules: ignore().add(text) });
    }
    return (file, isDirectory) => {
      for (const { base, rules } of matchers) {
        if (base && !file.startsWith(`${base}/`)) continue;
        const relative = base ? file.slice(base.length + 1) : file;
        if (relative && rules.ignores(isDirectory ? `${relative}/` : relative)) return true;
      }
      return false;
    };
  }

  /** A command may create or change .gitignore files; only the top two levels are looked at for new ones. */
  private async listGitignoresOnDisk(): Promise<string[]> {
    const found: string[] = [];
    const top = await readdir(this.repoDir, { withFileTypes: true }).catch(() => []);
    for (const entry of top) {
      if (entry.isFile() && entry.name === '.gitignore') found.push('.gitignore');
      if (entry.isDirectory() && entry.name !== '.git') {
        const inner = await lstat(path.join(this.repoDir, entry.name, '.gitignore')).catch(() => null);
        if (inner?.isFile()) found.push(`${entry.name}/.gitignore`);
      }
    }
    return found;
  }

  /**
   * Reads back what a command did and applies it to the workspace: deletions first (a file may have become a
   * folder), then new and changed files. Returns the paths, sorted.
   */
  async collectChanges(): Promise<FileChanges> {
    const isIgnored = await this.ignoreRules();
    const seen = new Map<string, { size: number; mtimeMs: number }>();
    const walk = async (relativeDir: string): Promise<void> => {
      const entries = await readdir(path.join(this.repoDir, relativeDir), { withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        const relative = relativeDir ? `${relativeDir}/${entry.name}` : entry.name;
        if (entry.isDirectory()) {
          if (relative === '.git') continue;
          // An ignored folder (node_modules) is skipped whole unless the branch tracks files inside it.
          if (isIgnored(relative, true) && !this.workspace.isDirectory(relative)) continue;
          await walk(relative);
        } else if (entry.isFile()) {
          const info = await stat(path.join(this.repoDir, relative)).catch(() => null);
          if (info) seen.set(relative, { size: info.size, mtimeMs: info.mtimeMs });
        }
      }
    };
    await walk('');

    const changes: FileChanges = { created: [], modified: [], deleted: [] };
    for (const file of this.workspace.files()) {
      if (seen.has(file)) continue;
      this.workspace.delete(file);
      this.disk.delete(file);
      changes.deleted.push(file);
    }
    for (const [file, info] of seen) {
      const known = this.disk.get(file);
      if (known && known.size === info.size && known.mtimeMs === info.mtimeMs) continue;
      const tracked = this.workspace.exists(file);
      if (!tracked && isIgnored(file, false)) continue;
      const bytes = new Uint8Array(await readFile(path.join(this.repoDir, file)));
      const text = decodeText(bytes);
      const content = text ?? bytes;
      const previous = this.workspace.read(file);
      const unchanged = previous !== null && sameContent(previous, content);
      // Remember the workspace's own content when it is the same, so the next sync sees nothing to write.
      this.disk.set(file, { content: unchanged ? previous : content, size: info.size, mtimeMs: info.mtimeMs });
      if (unchanged) continue;
      this.workspace.write(file, content);
      (tracked ? changes.modified : changes.created).push(file);
    }
    changes.created.sort();
    changes.modified.sort();
    changes.deleted.sort();
    return changes;
  }

  /** Bytes used by the copy (repository, temp dir and home): for the disk limit. */
  async sizeOnDisk(): Promise<number> {
    let total = 0;
    const walk = async (dir: string): Promise<void> => {
      const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) await walk(full);
        else {
          const info = await lstat(full).catch(() => null);
          if (info) total += info.blocks * 512;
        }
      }
    };
    await walk(this.dir);
    return total;
  }

  async remove(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true, maxRetries: 3 });
  }
}
