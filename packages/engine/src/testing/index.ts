/**
 * `@varpulis/engine/testing`: the virtual-time timeline harness for tests of VPL programs.
 */

export {
  at,
  compileProgram,
  type EmittedData,
  float,
  ms,
  type RunOptions,
  recordOf,
  runTimeline,
  Timeline,
  type TimelineEvent,
  toValue,
} from './timeline.js';
