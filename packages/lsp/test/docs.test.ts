import { AstUtils, GrammarAST } from 'langium';
import { describe, expect, test } from 'vitest';
import { KEYWORD_DOCS } from '../src/docs/keywords.js';
import { OPERATION_DOCS } from '../src/docs/operations.js';
import { DEFAULT_VPL_SETTINGS, VplSettingsProvider } from '../src/vpl-settings.js';
import { createTestServices } from './helpers.js';

const services = createTestServices();

describe('documentation data', () => {
  test('every word keyword of the grammar has hover documentation', () => {
    const words = new Set<string>();
    for (const node of AstUtils.streamAllContents(services.Vpl.Grammar)) {
      if (GrammarAST.isKeyword(node) && /^[A-Za-z_]+$/.test(node.value)) words.add(node.value);
    }
    const missing = [...words].filter((word) => !KEYWORD_DOCS[word] && !OPERATION_DOCS.has(word)).sort();
    expect(missing).toEqual([]);
  });

  test('every operation has a signature, a snippet and prose', () => {
    for (const op of OPERATION_DOCS.values()) {
      expect(op.signature.startsWith('.'), op.name).toBe(true);
      expect(op.snippet.startsWith(op.name), op.name).toBe(true);
      expect(op.doc.length, op.name).toBeGreaterThan(20);
    }
  });
});

describe('settings', () => {
  test('defaults, then initializationOptions, then workspace configuration', async () => {
    const provider = new VplSettingsProvider(services.shared);
    expect(await provider.get()).toEqual(DEFAULT_VPL_SETTINGS);
    provider.setInitializationOptions({ settings: { vpl: { codeLens: { runSample: false } } } });
    expect((await provider.get()).codeLens).toEqual({ references: true, runSample: false });
    services.shared.workspace.ConfigurationProvider.updateConfiguration({
      settings: { vpl: { inlayHints: { durations: false } } },
    });
    const settings = await provider.get();
    expect(settings.inlayHints).toEqual({ fieldTypes: true, durations: false, partitionKeys: true });
  });
});
