import type { ValidationAcceptor } from 'langium';
import {
  type ConfigParam,
  type ConfigValue,
  type ConnectorDecl,
  type ConnectorSource,
  isConfigInt,
  isConfigName,
  isConfigString,
  type ToOp,
} from '../generated/ast.js';
import { DiagnosticCode } from './codes.js';
import { report } from './report.js';
import type { VplCheckSet } from './vpl-validator.js';

type ValueType = 'str' | 'int' | 'qos';
type Direction = 'source' | 'sink' | 'both';

interface BindingParameter {
  readonly type: ValueType;
  readonly direction: Direction;
}

interface KindParameters {
  /** Declaration parameters (`connector C = kind(...)`). */
  readonly declaration: readonly string[];
  /** `.from(C, ...)` / `.to(C, ...)` parameters with their value type and direction. */
  readonly binding: Readonly<Record<string, BindingParameter>>;
}

const both = (type: ValueType): BindingParameter => ({ type, direction: 'both' });

/**
 * Known parameters per connector kind (language guide §12.7). Kinds not listed here (websocket, file, amqp, grpc
 * and unknown kinds) are not validated.
 */
const CONNECTOR_PARAMETERS: Readonly<Record<string, KindParameters>> = {
  mqtt: {
    declaration: ['host', 'port', 'client_id'],
    binding: { topic: both('str'), client_id: both('str'), qos: both('qos') },
  },
  kafka: {
    declaration: [
      'brokers',
      'group_id',
      'batch_size',
      'linger_ms',
      'compression_type',
      'message_timeout_ms',
      'exactly_once',
      'transactional_id',
    ],
    binding: { topic: both('str'), partition: both('int'), group_id: { type: 'str', direction: 'source' } },
  },
  nats: {
    declaration: ['servers', 'queue_group'],
    binding: { topic: both('str'), queue_group: { type: 'str', direction: 'source' } },
  },
  http: {
    declaration: ['url', 'base_url', 'method'],
    binding: { topic: both('str'), method: { type: 'str', direction: 'sink' } },
  },
  console: { declaration: [], binding: { topic: { type: 'str', direction: 'sink' } } },
  database: { declaration: ['url', 'query'], binding: {} },
  redis: { declaration: ['url'], binding: {} },
};

/** W080: unknown declaration parameters of the kinds of §12.7 (a decision beyond the reference, §6.6). */
function declarationParametersShouldBeKnown(connector: ConnectorDecl, accept: ValidationAcceptor): void {
  const known = CONNECTOR_PARAMETERS[connector.kind];
  if (!known) return;
  for (const param of connector.params) {
    if (known.declaration.includes(param.key)) continue;
    report(
      accept,
      DiagnosticCode.UnknownBindingParameter,
      `Unknown parameter '${param.key}' for a ${connector.kind} connector: ${known.declaration.length ? `its parameters are ${known.declaration.join(', ')}` : 'it takes no parameters'}.`,
      { node: param, property: 'key' },
    );
  }
}

/** W080 / W081: `.from(C, ...)` and `.to(C, ...)` parameters must suit the connector's kind and direction. */
function bindingParametersShouldBeKnown(direction: 'source' | 'sink') {
  return (node: ConnectorSource | ToOp, accept: ValidationAcceptor): void => {
    const connector = node.connector?.ref;
    if (!connector) return;
    const known = CONNECTOR_PARAMETERS[connector.kind];
    if (!known) return;
    for (const param of node.params) bindingParameterShouldBeKnown(param, connector, known, direction, accept);
  };
}

function bindingParameterShouldBeKnown(
  param: ConfigParam,
  connector: ConnectorDecl,
  known: KindParameters,
  direction: 'source' | 'sink',
  accept: ValidationAcceptor,
): void {
  const spec = known.binding[param.key];
  const call = direction === 'source' ? '.from' : '.to';
  const usable = Object.entries(known.binding)
    .filter(([, p]) => p.direction === 'both' || p.direction === direction)
    .map(([name]) => name);
  if (!spec || (spec.direction !== 'both' && spec.direction !== direction)) {
    report(
      accept,
      DiagnosticCode.UnknownBindingParameter,
      spec
        ? `'${param.key}' is a ${spec.direction} parameter of ${connector.kind} connectors: it has no effect in \`${call}(...)\`.`
        : `Unknown parameter '${param.key}' for \`${call}(${connector.name}, ...)\` on a ${connector.kind} connector: ${usable.length ? `the parameters are ${usable.join(', ')}` : 'it takes none'}.`,
      { node: param, property: 'key' },
    );
    return;
  }
  const problem = valueProblem(spec.type, param.value);
  if (!problem) return;
  report(accept, DiagnosticCode.BindingParameterType, `'${param.key}' ${problem}.`, { node: param, property: 'value' });
}

function valueProblem(type: ValueType, value: ConfigValue | undefined): string | undefined {
  if (!value) return undefined;
  switch (type) {
    case 'str':
      return isConfigString(value) || isConfigName(value) ? undefined : 'takes a string';
    case 'int':
      return isConfigInt(value) ? undefined : 'takes an integer';
    case 'qos':
      if (!isConfigInt(value)) return 'takes an MQTT quality-of-service level: the integer 0, 1 or 2';
      return ['0', '1', '2'].includes(value.value.replace(/^0+(?=\d)/, ''))
        ? undefined
        : `is an MQTT quality-of-service level, 0, 1 or 2, not ${value.value}`;
  }
}

/** Connector parameter rules (language guide §6.6, §12.7): W080, W081. */
export const connectorChecks: VplCheckSet = () => ({
  ConnectorDecl: declarationParametersShouldBeKnown,
  ConnectorSource: bindingParametersShouldBeKnown('source'),
  ToOp: bindingParametersShouldBeKnown('sink'),
});
