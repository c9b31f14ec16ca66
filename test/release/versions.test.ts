/**
 * The release machinery (scripts/release.mjs, docs/releasing.md): every version site agrees, and the bump and
 * CHANGELOG rewriting work, without touching the repository.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { currentVersion, nextVersion, releaseChangelog, versionSites } from '../../scripts/release.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('release versions', () => {
  it('every package.json and every version written in the sources agree', () => {
    const { version, problems } = currentVersion();
    expect(problems).toEqual([]);
    expect(version).toMatch(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);
    // Each site was found (a pattern that no longer matches reports `undefined`).
    expect(versionSites().filter((s: { version?: string }) => s.version === undefined)).toEqual([]);
  });

  it('bumps versions', () => {
    expect(nextVersion('0.1.0', 'patch')).toBe('0.1.1');
    expect(nextVersion('0.1.3', 'minor')).toBe('0.2.0');
    expect(nextVersion('0.9.3', 'major')).toBe('1.0.0');
    expect(nextVersion('0.2.0-rc.1', 'patch')).toBe('0.2.0');
    expect(nextVersion('0.1.0', '0.4.0-rc.1')).toBe('0.4.0-rc.1');
    expect(() => nextVersion('0.1.0', 'huge')).toThrow(/unknown bump/);
  });

  it('turns the Unreleased section into the version section', () => {
    const text = '# Changelog\n\n## [Unreleased]\n\n### Added\n\n- a thing\n\n## [0.1.0] - 2026-01-01\n';
    expect(releaseChangelog(text, '0.2.0', '2026-12-01')).toBe(
      '# Changelog\n\n## [Unreleased]\n\n## [0.2.0] - 2026-12-01\n\n### Added\n\n- a thing\n\n## [0.1.0] - 2026-01-01\n',
    );
    expect(() => releaseChangelog('# Changelog\n', '0.2.0', '2026-12-01')).toThrow(/Unreleased/);
  });

  it('CHANGELOG.md has an Unreleased section the release script can use', () => {
    const changelog = readFileSync(join(root, 'CHANGELOG.md'), 'utf8');
    expect(() => releaseChangelog(changelog, '9.9.9', '2026-12-01')).not.toThrow();
  });
});
