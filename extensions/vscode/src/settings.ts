/**
 * The extension's settings (`varpulis.*`). The language server reads its settings under `vpl.*`
 * ({@link VPL_CONFIGURATION_SECTION}); the parts it knows are passed through with the same shape.
 */
import { VPL_CONFIGURATION_SECTION, type VplSettings } from '@varpulis/lsp/protocol';
import * as vscode from 'vscode';
import type { RunRequest } from './run/run-protocol.js';

export const SETTINGS_SECTION = 'varpulis';

/** The server's `vpl` settings, taken from `varpulis.*`. */
export function serverSettings(scope?: vscode.ConfigurationScope): VplSettings {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION, scope);
  const settings: VplSettings = {};
  const diagnostics = config.get<VplSettings['diagnostics']>('diagnostics');
  const inlayHints = config.get<VplSettings['inlayHints']>('inlayHints');
  const codeLens = config.get<VplSettings['codeLens']>('codeLens');
  const sampleEvents = config.get<VplSettings['sampleEvents']>('sampleEvents');
  if (diagnostics) settings.diagnostics = { ...diagnostics };
  if (inlayHints) settings.inlayHints = { ...inlayHints };
  if (codeLens) settings.codeLens = { ...codeLens };
  if (sampleEvents) settings.sampleEvents = { ...sampleEvents };
  return settings;
}

/** `{ vpl: … }`, as `workspace/didChangeConfiguration` and `initializationOptions` carry it. */
export function serverSettingsSection(scope?: vscode.ConfigurationScope): Record<string, VplSettings> {
  return { [VPL_CONFIGURATION_SECTION]: serverSettings(scope) };
}

/** The configured language server: a path, or undefined for the bundled one (always undefined when untrusted). */
export function serverPathOverride(): string | undefined {
  if (!vscode.workspace.isTrusted) return undefined;
  const path = vscode.workspace.getConfiguration(SETTINGS_SECTION).get<string>('server.path')?.trim();
  return path ? path : undefined;
}

export interface RunSettings {
  patterns: string[];
  timeoutMs: number;
  request: Pick<RunRequest, 'maxEvents' | 'maxRowsPerStream' | 'limits' | 'allowedLateness'>;
}

const positive = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;

/** The settings of sample runs for a program. */
export function runSettings(scope?: vscode.ConfigurationScope): RunSettings {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION, scope);
  const limits: RunRequest['limits'] = {};
  for (const key of ['maxLoopIterations', 'maxDistinctKeys', 'maxJoinBuffer'] as const) {
    const value = positive(config.get(`engine.${key}`));
    if (value !== undefined) limits[key] = value;
  }
  const lateness = config.get<string>('engine.allowedLateness')?.trim();
  return {
    patterns: config.get<string[]>('sampleEvents.patterns') ?? [],
    timeoutMs: positive(config.get('run.timeoutMs')) ?? 30_000,
    request: {
      maxEvents: positive(config.get('sampleEvents.maxEvents')) ?? 10_000,
      maxRowsPerStream: positive(config.get('run.maxRowsPerStream')) ?? 500,
      limits,
      ...(lateness ? { allowedLateness: lateness } : {}),
    },
  };
}
