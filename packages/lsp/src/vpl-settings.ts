import type { LangiumSharedCoreServices } from 'langium';
import { VPL_CONFIGURATION_SECTION, type VplSettings } from './protocol.js';

/** The settings with every default filled in. */
export interface ResolvedVplSettings {
  diagnostics: { alwaysPush: boolean };
  inlayHints: { fieldTypes: boolean; durations: boolean; partitionKeys: boolean };
  codeLens: { references: boolean; runSample: boolean };
  sampleEvents: { patterns: string[]; maxEvents: number };
}

export const DEFAULT_VPL_SETTINGS: ResolvedVplSettings = {
  diagnostics: { alwaysPush: false },
  inlayHints: { fieldTypes: true, durations: true, partitionKeys: true },
  codeLens: { references: true, runSample: true },
  sampleEvents: { patterns: [], maxEvents: 10_000 },
};

/**
 * The `vpl.*` settings: what the client sent in `initializationOptions` (`{ settings: { vpl: … } }` or `{ vpl: … }`),
 * overridden by `workspace/configuration` and `workspace/didChangeConfiguration` (Langium's ConfigurationProvider).
 */
export class VplSettingsProvider {
  private initial: VplSettings = {};

  constructor(private readonly shared: LangiumSharedCoreServices) {}

  setInitializationOptions(options: unknown): void {
    if (!options || typeof options !== 'object') return;
    const record = options as Record<string, unknown>;
    const settings =
      (record.settings as Record<string, unknown> | undefined)?.[VPL_CONFIGURATION_SECTION] ??
      record[VPL_CONFIGURATION_SECTION];
    if (settings && typeof settings === 'object') this.initial = settings as VplSettings;
  }

  async get(): Promise<ResolvedVplSettings> {
    const provider = this.shared.workspace.ConfigurationProvider;
    const read = async <K extends keyof VplSettings>(key: K): Promise<VplSettings[K] | undefined> => {
      try {
        const value = (await provider.getConfiguration(VPL_CONFIGURATION_SECTION, key)) as VplSettings[K] | undefined;
        return value ?? this.initial[key];
      } catch {
        return this.initial[key];
      }
    };
    const [diagnostics, inlayHints, codeLens, sampleEvents] = await Promise.all([
      read('diagnostics'),
      read('inlayHints'),
      read('codeLens'),
      read('sampleEvents'),
    ]);
    return {
      diagnostics: { ...DEFAULT_VPL_SETTINGS.diagnostics, ...diagnostics },
      inlayHints: { ...DEFAULT_VPL_SETTINGS.inlayHints, ...inlayHints },
      codeLens: { ...DEFAULT_VPL_SETTINGS.codeLens, ...codeLens },
      sampleEvents: { ...DEFAULT_VPL_SETTINGS.sampleEvents, ...sampleEvents },
    };
  }
}
