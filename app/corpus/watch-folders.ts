import { watch, type FSWatcher } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Watches of a folder tree: `close` stops them all. */
export interface FolderWatches {
  close(): void;
}

/**
 * Calls `onChange` on any change in `root` or a folder under it, with one watch per real folder.
 * Node 20's recursive `fs.watch` on Linux watches every file and follows symlinks: a link to a
 * file outside the corpus was watched (and reloaded the corpus when it changed), and each change
 * was checked with a synchronous `stat` on the serving thread. A folder's own watch sees its
 * entries change without opening or following any of them. Hidden folders are left out, as the
 * corpus scan leaves them out; folders made or removed later are watched or dropped.
 */
export function watchFolders(root: string, onChange: () => void, onError: (error: Error) => void): FolderWatches {
  const watches = new Map<string, FSWatcher>();
  let closed = false;
  let syncing: Promise<void> | undefined;
  let again = false;

  const folders = async (): Promise<Set<string>> => {
    const found = new Set<string>([root]);
    const walk = async (folder: string): Promise<void> => {
      const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
      for (const entry of entries)
        if (entry.isDirectory() && !entry.name.startsWith('.')) {
          found.add(join(folder, entry.name));
          await walk(join(folder, entry.name));
        }
    };
    await walk(root);
    return found;
  };

  const sync = async (): Promise<void> => {
    const wanted = await folders();
    if (closed) return;
    for (const [folder, watcher] of watches)
      if (!wanted.has(folder)) {
        watcher.close();
        watches.delete(folder);
      }
    for (const folder of wanted)
      if (!watches.has(folder)) {
        try {
          const watcher = watch(folder, (event) => {
            if (event === 'rename') resync();
            onChange();
          });
          // A folder removed while watched: dropped at the next sync.
          watcher.on('error', () => resync());
          watches.set(folder, watcher);
        } catch {
          // Gone since the walk (the root's own failure was reported when it was first watched).
        }
      }
  };

  // Folder changes come in bursts: one walk at a time, and one more after it if any came meanwhile.
  const resync = (): void => {
    if (syncing) {
      again = true;
      return;
    }
    syncing = sync().finally(() => {
      syncing = undefined;
      if (again && !closed) {
        again = false;
        resync();
      }
    });
  };

  // The root is watched at once (a change right after start is seen); the tree below it follows.
  try {
    const watcher = watch(root, (event) => {
      if (event === 'rename') resync();
      onChange();
    });
    watcher.on('error', onError);
    watches.set(root, watcher);
  } catch (error) {
    onError(error as Error);
  }
  resync();
  return {
    close() {
      closed = true;
      for (const watcher of watches.values()) watcher.close();
      watches.clear();
    },
  };
}
