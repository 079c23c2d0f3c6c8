import { parseArgs } from 'node:util';
import { CAPABILITIES, MOCK_CAPABILITIES, parseCapabilities } from '@hypersender/contract-tests';
import type { ContractCapability, ContractCaseResult, ContractRunOptions } from './public-types';
import { runHypersenderContract } from './run-hypersender-contract';

/** Exit codes: 0 every case that ran passed, 1 a case failed, 2 bad options or no target. */
export const EXIT = { passed: 0, failed: 1, usage: 2 } as const;

const FLAGS = {
  'base-url': { env: 'CONTRACT_BASE_URL', help: 'the API base URL, up to /api/whatsapp/v2' },
  token: { env: 'CONTRACT_TOKEN', help: 'a bearer token of that deployment' },
  instance: { env: 'CONTRACT_INSTANCE_ID', help: 'an instance id the token owns' },
  capabilities: {
    env: 'CONTRACT_CAPABILITIES',
    help: `what the target can do, comma-separated: ${CAPABILITIES.join(', ')} (default none: read-only cases)`,
  },
  'control-url': { env: 'CONTRACT_CONTROL_URL', help: "a mock's origin, for its control API" },
  'control-token': {
    env: 'CONTRACT_CONTROL_TOKEN',
    help: "the mock's control token, when it listens beyond loopback (its banner prints it)",
  },
  mock: {
    env: 'CONTRACT_MOCK_URL',
    help: `a mock's origin: sets base URL, control URL and capabilities (${[...MOCK_CAPABILITIES].join(',')}); token and instance default to its first instance`,
  },
  junit: { env: 'CONTRACT_JUNIT', help: 'write a JUnit XML report to this file' },
} as const;

export function contractHelp(): string {
  return [
    'Usage: hypersender-contract [options]',
    '',
    'Runs the Hypersender contract cases against one deployment: the real API, a mock, Prism.',
    'Options (flags win over environment variables):',
    ...Object.entries(FLAGS).map(
      ([name, flag]) => `  ${`--${name} <value>`.padEnd(24)} ${flag.help} [${flag.env}]`,
    ),
    `  ${'--help'.padEnd(24)} show this help`,
    '',
    'Nightly against the real API (read-only, rate-limit safe):',
    '  hypersender-contract --base-url https://app.hypersender.com/api/whatsapp/v2 \\',
    '    --token "$HYPERSENDER_TOKEN" --instance "$HYPERSENDER_INSTANCE_ID" --junit reports/contract.xml',
    'Against a running mock (every case it can show):',
    '  hypersender-contract --mock http://127.0.0.1:4000',
  ].join('\n');
}

class UsageError extends Error {}

/** The first instance of a mock's control API: its id and owner token. */
async function firstMockInstance(
  origin: string,
  controlToken?: string,
): Promise<{ id: string; token: string }> {
  let response: Response;
  try {
    response = await fetch(`${origin}/__mock/instances`, {
      headers: controlToken ? { Authorization: `Bearer ${controlToken}` } : {},
    });
  } catch (error) {
    throw new UsageError(
      `--mock ${origin}: not answering (${(error as Error & { cause?: Error }).cause?.message ?? (error as Error).message})`,
    );
  }
  const instances = (await response.json().catch(() => [])) as Array<{ id: string; token: string }>;
  if (!response.ok || !Array.isArray(instances) || instances.length === 0)
    throw new UsageError(
      `--mock ${origin}: its control API lists no instance (${response.status})`,
    );
  return instances[0];
}

async function optionsFrom(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<ContractRunOptions | 'help'> {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        ...Object.fromEntries(Object.keys(FLAGS).map((name) => [name, { type: 'string' }])),
        help: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values['help']) return 'help';
  const get = (name: keyof typeof FLAGS) =>
    (values[name] as string | undefined) ?? (env[FLAGS[name].env] || undefined);

  const mock = get('mock')?.replace(/\/$/, '');
  let capabilities: ContractCapability[] = mock ? [...MOCK_CAPABILITIES] : [];
  const listed = get('capabilities');
  if (listed !== undefined) {
    try {
      capabilities = [...parseCapabilities(listed)];
    } catch (error) {
      throw new UsageError(`--capabilities: ${(error as Error).message}`);
    }
  }
  let token = get('token');
  let instanceId = get('instance');
  if (mock && (!token || !instanceId)) {
    const first = await firstMockInstance(mock, get('control-token'));
    token ??= first.token;
    instanceId ??= first.id;
  }
  const baseUrl = get('base-url') ?? (mock ? `${mock}/api/whatsapp/v2` : undefined);
  const missing = [
    ['--base-url', baseUrl],
    ['--token', token],
    ['--instance', instanceId],
  ].filter(([, value]) => !value);
  if (missing.length > 0)
    throw new UsageError(
      `missing ${missing.map(([flag]) => flag).join(', ')} (or --mock <origin>); see --help`,
    );
  return {
    baseUrl: baseUrl as string,
    token: token as string,
    instanceId: instanceId as string,
    capabilities,
    controlUrl: get('control-url') ?? mock,
    controlToken: get('control-token'),
    junit: get('junit'),
  };
}

const MARK: Record<ContractCaseResult['outcome'], string> = {
  passed: 'passed ',
  skipped: 'skipped',
  failed: 'FAILED ',
};

/** The `hypersender-contract` command; resolves with its exit code. */
export async function runContractCli(
  argv: readonly string[] = process.argv.slice(2),
  env: NodeJS.ProcessEnv = process.env,
  print: (line: string) => void = (line) => console.log(line),
): Promise<number> {
  let options;
  try {
    options = await optionsFrom(argv, env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    print(`hypersender-contract: ${error.message}`);
    return EXIT.usage;
  }
  if (options === 'help') {
    print(contractHelp());
    return EXIT.passed;
  }
  print(
    `Contract cases against ${options.baseUrl} (capabilities: ${options.capabilities?.join(', ') || 'none'})`,
  );
  let results;
  try {
    results = await runHypersenderContract({
      ...options,
      onResult: (result) => {
        const detail = result.reason ? `: ${result.reason.split('\n').join('\n      ')}` : '';
        print(
          `  ${MARK[result.outcome]} ${result.name}${result.outcome === 'passed' ? '' : detail}`,
        );
      },
    });
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    print(`hypersender-contract: ${error.message}`);
    return EXIT.usage;
  }
  const count = (outcome: ContractCaseResult['outcome']) =>
    results.filter((result) => result.outcome === outcome).length;
  print(`${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped`);
  if (options.junit) print(`JUnit report: ${options.junit}`);
  return count('failed') > 0 ? EXIT.failed : EXIT.passed;
}
