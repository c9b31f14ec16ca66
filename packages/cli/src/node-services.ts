import { createVplServices, type VplServices } from '@varpulis/language';
import { NodeFileSystem } from 'langium/node';

let services: VplServices | undefined;

/** The VPL services reading files from disk (imports resolve relative to each file). */
export function nodeVplServices(): VplServices {
  services ??= createVplServices(NodeFileSystem).Vpl;
  return services;
}
