import { open, realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';

/** What to send instead of a path that names no readable file. */
const FILE_HINT =
  'Pass the path of an .evt or .jsonl file inside an allowed root (relative paths start at the first root), or the events inline (eventsText or events).';

/** Why a path was refused; the message is meant for the assistant and says what to do instead. */
export class PathAccessError extends Error {
  constructor(
    readonly reason: 'no-roots' | 'outside-roots' | 'not-found' | 'not-a-file' | 'too-large' | 'invalid',
    message: string,
  ) {
    super(message);
    this.name = 'PathAccessError';
  }
}

/**
 * The directories a server may read files from (`--allow-root DIR`, repeatable). Nothing else is readable: with no
 * root, every path is refused. A path is checked after resolving it against the first root (when relative) and
 * then resolving every symbolic link (`realpath`), so `..`, symlinks that point outside a root and prefix tricks
 * (`/data2` is not inside `/data`) are all refused. Roots are themselves resolved to real paths once, at start.
 */
export class AllowedRoots {
  private constructor(readonly roots: readonly string[]) {}

  /** Resolves the given directories to real paths; a directory that does not exist is an error. */
  static async create(dirs: readonly string[]): Promise<AllowedRoots> {
    const roots: string[] = [];
    for (const dir of dirs) {
      let real: string;
      try {
        real = await realpath(resolve(dir));
      } catch {
        throw new Error(`--allow-root ${dir}: the directory does not exist.`);
      }
      const info = await stat(real);
      if (!info.isDirectory()) throw new Error(`--allow-root ${dir}: not a directory.`);
      if (!roots.includes(real)) roots.push(real);
    }
    return new AllowedRoots(roots);
  }

  static none(): AllowedRoots {
    return new AllowedRoots([]);
  }

  /** Whether a real (symlink-free, absolute) path is a root or inside one. */
  contains(realPath: string): boolean {
    return this.roots.some((root) => {
      if (realPath === root) return true;
      const rel = relative(root, realPath);
      return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
    });
  }

  /**
   * Resolves `path` to a real file path inside a root, or throws {@link PathAccessError}. Relative paths are taken
   * relative to the first root.
   */
  async resolveFile(path: string): Promise<string> {
    if (this.roots.length === 0) {
      throw new PathAccessError(
        'no-roots',
        'File access is disabled: this server was started without --allow-root. Pass the content inline instead (the `events` or `eventsText` argument), or restart the server with --allow-root DIR.',
      );
    }
    if (path.length === 0 || path.includes('\0'))
      throw new PathAccessError('invalid', `The path is empty or contains a NUL character. ${FILE_HINT}`);
    const absolute = isAbsolute(path) ? resolve(path) : resolve(this.roots[0]!, path);
    let real: string;
    try {
      real = await realpath(absolute);
    } catch {
      // Do not reveal whether a path outside the roots exists.
      if (!this.contains(absolute)) throw this.outside(path);
      throw new PathAccessError('not-found', `No such file: ${path}. ${FILE_HINT}`);
    }
    if (!this.contains(real)) throw this.outside(path);
    const info = await stat(real);
    if (!info.isFile()) throw new PathAccessError('not-a-file', `${path} is not a regular file. ${FILE_HINT}`);
    return real;
  }

  /** Reads a UTF-8 text file inside a root, refusing files over `maxBytes`. */
  async readText(path: string, maxBytes: number): Promise<{ realPath: string; text: string }> {
    const realPath = await this.resolveFile(path);
    const handle = await open(realPath, 'r');
    try {
      const info = await handle.stat();
      if (info.size > maxBytes) {
        throw new PathAccessError(
          'too-large',
          `${path} has ${info.size} bytes; the limit is ${maxBytes}. Use a smaller sample of the file.`,
        );
      }
      const text = await handle.readFile({ encoding: 'utf8' });
      return { realPath, text };
    } finally {
      await handle.close();
    }
  }

  private outside(path: string): PathAccessError {
    return new PathAccessError(
      'outside-roots',
      `Access denied: ${path} is not inside an allowed root (${this.roots.join(', ')}). Use a path inside one of them, or pass the content inline.`,
    );
  }
}
